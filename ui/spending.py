"""Section 'Uitgaven volgens de Iv3-opgave' of the page Preventie en zorg: real spending (CBS) for every gemeente.

Kept out of views/trends.py so the page stays a short list of sections. Renders only: the data come
from the queries iv3_spending_by_group and iv3_taakvelden_by_gemeente, the figure from charts/spending.py.
"""
from __future__ import annotations

import streamlit as st

from charts.spending import MODES, UNITS, spending_chart, spending_sentence
from queries import run_query
from ui import chart_block, credits_of, downloads, figure


def iv3_spending_section(gemeente: str, naam: str) -> None:
    """Begroot against gerealiseerd, basis en toegang against specialist care, with 7.1 as context."""
    st.subheader("Uitgaven volgens begroting en jaarrekening (CBS, Iv3)")
    data = run_query("iv3_spending_by_group", gemeente=gemeente)
    if data[data["code"] == gemeente].empty:
        st.caption(f"Voor {naam} staan geen Iv3-cijfers in de meegeleverde data (begroting 2023–2025, "
                   "jaarrekening 2023).")
        return
    mode = st.radio("Weergave uitgaven", list(MODES), format_func=MODES.get, key="trends_iv3_modus",
                    horizontal=True)
    own = data[data["code"] == gemeente]
    kwb = sorted(own["kwb_jaar"].dropna().astype(int).unique())
    notes = {
        "per_inwoner": "Afgeleid: lasten gedeeld door het aantal inwoners op 1 januari van het boekjaar (CBS, zoals "
                       "in het Iv3-bestand).",
        "per_kind": "Afgeleid: lasten gedeeld door een schatting van het aantal kinderen van 0–17 jaar: inwoners op "
                    "1 januari van het boekjaar × het aandeel 0–14-jarigen in de Kerncijfers wijken en buurten "
                    f"({', '.join(map(str, kwb)) or 'geen jaar'}) × 18/15. CBS publiceert geen 0–17 per gemeente; waar "
                    "de jaargangen 15–17 groter zijn dan gemiddeld, valt het bedrag per kind te hoog uit.",
        "lasten": "Lasten zoals de gemeente ze opgaf (CBS publiceert ze in duizenden euro's).",
    }
    note = (f"Gearceerd: begroot (begroting); vol: gerealiseerd (jaarrekening, alleen 2023). Zwart streepje: "
            f"Nederland (alle 342 gemeenten samen). {notes[mode]} 6.1 en 6.2 omvatten ook welzijn en toegang voor "
            "volwassenen (Wmo); 2025 telt 6.21–6.23 en 6.792 (pgb jeugd) mee, 6.92 (beleid jeugd) niet.")
    chart_block(figure(spending_chart, data, mode, spending_sentence(data, naam, mode), key=(gemeente, mode)), data,
                data_key=(gemeente,), unit=UNITS[mode],
                credits=credits_of(data), is_demo=False, key="trends_iv3_grafiek",
                file_name=f"iv3_uitgaven_{gemeente}", note=note)
    with st.expander("Alle taakvelden van de gemeente (Iv3, euro)"):
        detail = run_query("iv3_taakvelden_by_gemeente", gemeente=gemeente)
        st.dataframe(detail.drop(columns=["credit"]), hide_index=True, key="trends_iv3_taakvelden")
        downloads(detail, key="trends_iv3_taakvelden", file_name=f"iv3_taakvelden_{gemeente}")
    st.caption("Uitgaven die organisaties zelf aanleveren (pagina Data aanleveren) blijven een eigen bron met hun "
               "eigen label, in de reeksen hieronder; deze CBS-cijfers vervangen ze niet.")
