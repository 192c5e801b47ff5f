"""Wie verwijst naar jeugdzorg? The referrer split per gemeente and per wijk against NL."""
import streamlit as st

from charts.referrers import sentence, share_of, split, split_chart, trend_chart, wijk_chart, wijk_toegang
from formatting import fmt_nl
from queries import run_query
from ui import chart_block, credits_of, figure

state, params = st.session_state, st.query_params
gemeente, naam = state.gemeente, state.gemeente_naam

st.title("Wie verwijst naar jeugdzorg?")
st.caption("Per jeugdzorgtraject telt CBS wie verwees: de gemeentelijke toegang (wijkteam of loket), de huisarts, "
           "de jeugdarts, een gecertificeerde instelling, een medisch specialist, de rechter of officier van "
           "justitie, of niemand. Het deel via de **eigen toegang van de gemeente** is de preventieve kant van de "
           "keten: daar kan de gemeente nog sturen, dicht bij het kinderwerk.")

periods = run_query("referrer_years", gemeente=gemeente)
if periods.empty:
    st.info("De meegeleverde data bevatten geen verwijzerscijfers.")
    st.stop()
labels = {f"{y}{'-1' if h else ''}": f"{y}, 1e halfjaar" if h else f"{y}, heel jaar"
          for y, h in zip(periods["year"], periods["half"])}
wanted = params.get("periode")
if state.get("verwijzers_periode") not in labels:
    has = dict(zip(labels, periods["gemeente_has"]))
    own_year = f"{state.jaar}" if has.get(f"{state.jaar}") else next((k for k in labels if has[k]), next(iter(labels)))
    state["verwijzers_periode"] = wanted if wanted in labels else own_year
choice = st.selectbox("Periode", list(labels), format_func=labels.get, key="verwijzers_periode",
                      help="Een halfjaar is geen heel jaar: de cijfers staan apart. Van 2024 is alleen het "
                           "eerste halfjaar gepubliceerd.")
params["periode"] = choice
year, half = int(choice[:4]), choice.endswith("-1")
period_text = labels[choice]
row = periods[(periods["year"] == year) & (periods["half"] == half)].iloc[0]

df = run_query("referrers_by_area", gemeente=gemeente, year=year, half=half)
nl_pct, own_pct = share_of(df, "land"), share_of(df, "gemeente")
if own_pct is None and (df.loc[df.level == "gemeente", "status"] == "secret").any():
    st.info(f"CBS houdt de verwijzers van {naam} in {period_text} (deels) geheim: kleine aantallen worden niet "
            "gepubliceerd. Geheim is niet nul.")
elif own_pct is None:
    st.info(f"Voor {naam} als geheel zijn er voor {period_text} geen verwijzerscijfers in de meegeleverde data: "
            "gemeentetotalen uit de wijktabel staan erin vanaf 2021 (eerdere herindelingen zijn niet bekend). "
            + ("" if row["in_bundle"] else f"De wijken: {row['reason']}."))

c1, c2 = st.columns(2)
c1.metric(f"Via de gemeentelijke toegang, {naam}", "–" if own_pct is None else f"{fmt_nl(own_pct, 1)}%")
c2.metric("Via de gemeentelijke toegang, Nederland", "–" if nl_pct is None else f"{fmt_nl(nl_pct, 1)}%")

chart_block(figure(split_chart, df, naam, sentence(df, naam, period_text)), split(df),
            unit="% van de jeugdzorgtrajecten in natura (een jongere kan meer trajecten hebben)",
            credits=credits_of(split(df)), is_demo=False, key="verwijzers_split",
            file_name=f"verwijzers_{gemeente}_{choice}",
            note="Bron per punt in de download (kolom source_id): Nederland 2022 komt uit het CBS-gemeentebestand, "
                 "2021 is de som van de gemeenten (afgeleid).")

st.subheader("Per wijk")
wijken = wijk_toegang(df)
if not row["in_bundle"]:
    st.warning(f"Wijken van {naam}, {period_text}: {row['reason']}.", icon=":material/content_cut:")
elif wijken["pct"].notna().sum() == 0:
    st.info(f"Voor geen enkele wijk van {naam} publiceert CBS in {period_text} beide aantallen (kleine aantallen "
            "zijn geheim).")
else:
    shown = int(wijken["pct"].notna().sum())
    title = (f"Via de toegang: van {fmt_nl(wijken['pct'].min(), 0)}% tot {fmt_nl(wijken['pct'].max(), 0)}% "
             f"van de trajecten per wijk ({shown} van {len(wijken)} wijken met cijfers)")
    chart_block(figure(wijk_chart, wijken, own_pct, nl_pct, title), wijken,
                unit="% van de trajecten via de gemeentelijke toegang", credits=credits_of(wijken), is_demo=False,
                key="verwijzers_wijken", file_name=f"verwijzers_wijken_{gemeente}_{choice}",
                note="Wijken in de indeling van dat jaar; wijken zonder balk: CBS houdt een aantal geheim "
                     "(zie de download, kolom uitleg).")

st.subheader("Door de jaren")
trend = run_query("referrer_trend", gemeente=gemeente)
if trend.empty:
    st.info("Geen reeks van het aandeel via de toegang voor deze gemeente of Nederland.")
else:
    chart_block(figure(trend_chart, trend, f"Aandeel via de gemeentelijke toegang: {naam} en Nederland"), trend,
                unit="% van de trajecten via de gemeentelijke toegang", credits=credits_of(trend), is_demo=False,
                key="verwijzers_trend", file_name=f"verwijzers_trend_{gemeente}",
                note="Hele jaren en eerste halfjaren zijn aparte lijnen (stippel: halfjaar). Gemeentecijfers "
                     "vanaf 2021; Nederland per halfjaar vanaf 2015. Ontbrekende jaren: niet in de meegeleverde "
                     "gegevens (afgebroken CBS-bestanden), geen nul.")
