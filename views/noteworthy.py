"""Wat valt op?: what moved between the two newest years in one gemeente, and what is new — each line
with its figure and a link to the page that shows it; only what the intervals support."""
import streamlit as st

from analysis.noteworthy import expected_moves, findings, funnel_move, new_data, new_since, newest_years, wijk_changes
from queries import run_query
from queries.downloads import previous as previous_release
from ui import downloads

gemeente, naam = st.session_state.gemeente, st.session_state.gemeente_naam

st.title(f"Wat valt op in {naam}?")
st.caption("Wat veranderde tussen de twee nieuwste jaren en wat is nieuw. Een verschil staat hier alleen als het "
           "groter is dan toeval kan verklaren (95%-interval), met het cijfer erbij en een link naar de pagina die het "
           "laat zien.")

rows = []
model_years = sorted(run_query("expected_model")["year"].astype(int))[-2:]
if len(model_years) == 2:
    y0, y1 = model_years
    rows += expected_moves(run_query("expected_by_wijk", gemeente=gemeente, year=y0),
                           run_query("expected_by_wijk", gemeente=gemeente, year=y1), y0, y1)
    rows += wijk_changes(run_query("indicator_by_wijk", gemeente=gemeente, indicator="jzw_pct", year=y0),
                         run_query("indicator_by_wijk", gemeente=gemeente, indicator="jzw_pct", year=y1), y0, y1)
jz_years = sorted(run_query("youthcare_years")["year"].astype(int))[-2:]
if len(jz_years) == 2 and not jz_years[0] <= 2020 < jz_years[1]:  # never across CBS's series break
    f0, f1 = jz_years
    rows += funnel_move(run_query("youthcare_funnel", year=f0), run_query("youthcare_funnel", year=f1), gemeente,
                        naam, f0, f1)
newest = newest_years(run_query("youthcare_trend", gemeente=gemeente), gemeente)
info = run_query("build_info").iloc[0]
rows += new_data(run_query("import_log"), info["built_at"], newest)
rows += new_since(previous_release(info["release_id"]), run_query("newest_year_by_indicator"))
table = findings(rows)

if table.empty:
    st.info(f"Voor {naam} zijn er in de meegeleverde gegevens geen twee jaren om te vergelijken en geen nieuwe "
            "gegevens. Een verversing vanuit CBS of een import van een organisatie vult dit aan.")
for subject, part in table.groupby("onderwerp", sort=False):
    st.subheader(subject)
    st.markdown("\n".join(f"- {line}" + (f" **{figure}**" if figure != "–" else "")
                           for line, figure in zip(part["bevinding"], part["cijfer"])))
    for view, title in part[["view", "pagina"]].drop_duplicates().itertuples(index=False):  # one link per page
        st.page_link(view, label=f"Naar {title}", icon=":material/arrow_forward:", query_params={"gemeente": gemeente})
st.caption("Verwacht gebruik: het multilevelmodel (Wijken vergelijken, Over de data); trechter: alle gemeenten met "
           "95%-grenzen, verbreed voor overspreiding (Gemeenten vergelijken); jeugdzorg per wijk: aandeel jongeren "
           "0–22 jaar met jeugdzorg, getoetst met de CBS-aantallen (afgerond op 5). Bron: CBS.")
downloads(table.drop(columns="view"), key="opvallend", file_name=f"wat_valt_op_{gemeente}")
