"""The editor of the gemeente's own notes (toelichtingen) on the Data page: write, change, remove.

Shown to whoever may write a note for the chosen gemeente (a beheerder, or the gemeente's own role);
``admin.notes`` checks that again and records every attempt in the audit trail.
"""
from __future__ import annotations

import streamlit as st

from admin import notes
from admin.access import AccessDenied, Principal
from queries import run_query
from ui import notes_block


def note_editor(me: Principal, gemeente: str, naam: str) -> None:
    """A form for one note on one figure of ``gemeente``, and the notes that are in force."""
    if not me.may_annotate(gemeente):
        return
    st.subheader(f"Toelichting van {naam} bij een cijfer")
    st.caption("Leg een cijfer uit waar iedereen het ziet: de toelichting staat onder dat cijfer op elke pagina, "
               "in de presentatie, de PDF en de downloads, als eigen toelichting van de gemeente met datum en rol. "
               f"Platte tekst, hoogstens {notes.MAX_CHARS} tekens. Opnieuw opslaan bij hetzelfde cijfer wijzigt hem.")
    catalogue = run_query("indicator_catalogue")
    labels = dict(zip(catalogue["indicator_id"], catalogue["label_nl"]))
    wijken = run_query("indicator_by_wijk", gemeente=gemeente, indicator="jeugdzorg_pct", year=2024)
    wijk_names = dict(zip(wijken["code"], wijken["name"])) if "name" in wijken.columns else {}
    with st.form("toelichting_form", clear_on_submit=False):
        left, mid, right = st.columns([3, 1, 2])
        ids = list(labels)
        indicator = left.selectbox("Cijfer (indicator)", ids, format_func=labels.get, key="toelichting_indicator",
                                   index=ids.index("jeugdzorg_pct") if "jeugdzorg_pct" in ids else 0)
        year = mid.number_input("Jaar (leeg: elk jaar)", min_value=2000, max_value=2100, value=None, step=1,
                                key="toelichting_jaar")
        wijk = right.selectbox("Wijk (leeg: de hele gemeente)", list(wijk_names), index=None,
                               format_func=wijk_names.get, key="toelichting_wijk", placeholder="De hele gemeente")
        text = st.text_area("Toelichting", max_chars=notes.MAX_CHARS, key="toelichting_tekst")
        save, remove = st.columns(2)
        saved = save.form_submit_button("Opslaan", type="primary", icon=":material/save:")
        removed = remove.form_submit_button("Verwijderen", icon=":material/delete:")
    if saved or removed:
        try:
            with st.spinner("Opslaan en publiceren …"):
                year = int(year) if year is not None else None
                result = (notes.remove_note(gemeente, indicator, year=year, wijk=wijk, actor=me) if removed else
                          notes.write_note(gemeente, indicator, text, year=year, wijk=wijk, actor=me))
            (st.success if result.status == "gelukt" else st.info)(result.message)
        except (notes.NoteRefused, AccessDenied) as exc:
            st.error(str(exc), icon=":material/error:")
    current = run_query("toelichting_by_gemeente", gemeente=gemeente)
    notes_block(current)
    if current.empty:
        st.caption(f"Er staan nog geen toelichtingen bij de cijfers van {naam}.")
