"""Data: templates, upload with a Dutch problem report, the import log with rollback, demo data."""
import streamlit as st

from admin import demo, writes
from charts import DEMO_LABEL
from queries import run_query
from orgdata import templates
from orgdata.contract import TEMPLATES
from orgdata.importer import MAX_BYTES, outcome, summarise
from ui import check_upload, signin
from ui.notes import note_editor

me = signin.current()  # who may do what: decided on the server; the write functions check again

st.title("Data aanleveren")
st.caption("Kinderwerkorganisaties en gemeenten leveren hier hun eigen cijfers aan: bereik van het kinderwerk, "
           "signalen en uitgaven. Alleen totalen per wijk en maand — nooit gegevens over één kind.")
signin.data_notice(me)

with st.expander("1. Download een sjabloon", expanded=False):
    for kind, template in TEMPLATES.items():
        left, mid, right = st.columns([3, 1, 1])
        left.markdown(f"**{template.title}**  \nKolommen: {', '.join(template.headers)}")
        mid.download_button("CSV", templates.csv_bytes(kind), f"sjabloon_{kind}.csv", "text/csv", key=f"data_csv_{kind}")
        right.download_button("Excel", templates.xlsx_bytes(kind), f"sjabloon_{kind}.xlsx", key=f"data_xlsx_{kind}")

upload = None
if me.may_upload:
    st.subheader("2. Lever een bestand aan")
    left, right = st.columns(2)
    org = signin.org_choice(me, left)
    kind = right.selectbox("Soort gegevens", list(TEMPLATES), format_func=lambda k: TEMPLATES[k].title, key="data_soort")
    upload = st.file_uploader("Bestand (CSV of Excel)", type=["csv", "xlsx", "txt", "tsv"], key="data_bestand",
                              max_upload_size=MAX_BYTES // 2**20)

if upload is not None:
    data = upload.getvalue()
    validation = check_upload(data, upload.name, kind)
    if validation is not None:
        for warning in validation.warnings:
            st.warning(warning)
        if validation.ok:
            st.success(outcome(validation))
            st.dataframe(validation.rows.head(20), hide_index=True, key="data_voorbeeld")
            if st.button("Importeren", type="primary", disabled=not org.strip(), key="data_importeren",
                         help="Vul eerst de naam van de organisatie in." if not org.strip() else None):
                with st.status("Importeren en het warehouse bijwerken …") as status:
                    result = writes.import_file(data, upload.name, kind, org, actor=me,
                                                on_wait=lambda text: status.update(label=text))
                    status.update(label=result.status.capitalize(), state="complete", expanded=False)
                (st.success if result.status in ("geïmporteerd", "ongewijzigd") else st.error)(result.message)
        else:
            problems = validation.problems
            st.error(outcome(validation), icon=":material/error:")
            st.dataframe(summarise(problems), hide_index=True, width="stretch", key="data_samenvatting")
            with st.expander("Alle problemen per regel en kolom"):
                st.dataframe(problems, hide_index=True, width="stretch", key="data_problemen")
                st.download_button("Download het probleemoverzicht (CSV)",
                                   problems.to_csv(index=False, sep=";").encode("utf-8-sig"),
                                   f"problemen_{upload.name}.csv", "text/csv", key="data_problemen_download")

all_imports = run_query("import_log")  # the imports in force, as the warehouse publishes them
log = writes.import_log(me)  # from the store: every import for a beheerder, its own for an organisatie
if log.attrs.get("melding"):
    st.warning(log.attrs["melding"], icon=":material/hourglass:")
if me.may_upload:
    st.subheader("3. Wat er is aangeleverd")
    if me.is_admin:
        st.caption(writes.store_description())
if me.may_upload and log.empty:
    st.info("Nog niets aangeleverd. Begin met een sjabloon hierboven.")
elif me.may_upload:
    st.dataframe(log.drop(columns=["seq", "sha256"]).rename(columns={
        "import_id": "import", "org": "organisatie", "kind": "soort", "file_name": "bestand", "rows_ok": "rijen",
        "rows_rejected": "afgekeurd", "imported_at": "tijdstip", "is_demo": "voorbeelddata", "message": "melding"}),
        hide_index=True, width="stretch", key="data_log")
    active = log[log.status == "actief"]["import_id"].tolist()
    picked = st.session_state.get("data_terug_keuze")  # kept when another session withdrew it meanwhile:
    active += [picked] if picked and picked not in active and picked in set(log["import_id"]) else []  # no switch
    if active:
        left, right = st.columns([3, 1])
        chosen = left.selectbox("Import terugdraaien", active, key="data_terug_keuze")
        if right.button("Terugdraaien", key="data_terugdraaien"):
            with st.spinner("Terugdraaien en het warehouse bijwerken …"):  # waits its turn behind another writer
                result = writes.rollback(chosen, actor=me)  # a failed republish is an error, not a success
            {"gelukt": st.success, "ongewijzigd": st.warning}.get(result.status, st.error)(result.message)

st.subheader("Voorbeelddata")
if not all_imports.empty and bool(all_imports["is_demo"].any()):
    st.info(f"{DEMO_LABEL}: het dashboard toont een fictieve registratie van De Schoor in Almere (2018–2024).")
    if me.is_admin and st.button("Voorbeelddata verwijderen", key="data_demo_weg"):
        with st.spinner("Voorbeelddata verwijderen (wacht zo nodig op een andere wijziging) …"):
            st.success(f"{writes.remove_demo(actor=me)} voorbeeldimports verwijderd.")
elif not me.is_admin:
    st.caption("Er is geen voorbeelddata geladen; een beheerder kan die aanzetten.")
elif st.button("Voorbeelddata voor Almere laden", key="data_demo_laden"):
    with st.spinner("Voorbeelddata genereren en importeren …"):
        st.success(" ".join(demo.load(actor=me)))

note_editor(me, st.session_state.gemeente, st.session_state.gemeente_naam)  # beheerder or the gemeente's role
signin.audit_table(me)
