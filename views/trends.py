"""Preventie en zorg: prevention against specialist care over the years for one gemeente."""
import streamlit as st

from charts.trends import DEFAULT_SERIES, MODES, change_sentence, prevention_chart
from analysis.groups import trend_sentence
from charts.youthcare import cost_chart, cost_gaps, cost_title, youthcare_chart, youthcare_sentence
from formatting import fmt_nl
from queries import run_query
from ui import chart_block, credits_of, figure
from ui.groups import choose_group, group_caption, group_trend
from ui.spending import iv3_spending_section

state = st.session_state
gemeente, naam = state.gemeente, state.gemeente_naam

st.title(f"Preventie en zorg in {naam}")
st.caption("Beide kanten van de keten in één beeld: het kinderwerk en de signalen die het vroeg oppakt, "
           "tegenover de jeugdzorg en wat die kost. Jeugdhulp, jeugdbescherming en jeugdhulp met verblijf (CBS, "
           "2015–2023) kiest u bij Reeksen.")

# --- jeugdzorg 2015-2024 (CBS gebruik tables): two series with a break, half years apart ---------
jz = run_query("youthcare_trend", gemeente=gemeente)
if (jz["code"] == gemeente).any():  # only NL: nothing of this gemeente to show
    st.subheader("Jeugdzorg 2015–2024 tegen Nederland")
    group = choose_group(gemeente, naam, key="trends_groep")
    group_caption(group)
    jz = group_trend(jz, group)
    chosen_group = (gemeente, group.kind, group.codes, group.label)  # what the chart follows from (no hashing)
    chart_block(figure(youthcare_chart, jz, gemeente, naam, youthcare_sentence(jz, gemeente, naam), group.label,
                       key=chosen_group), jz, data_key=chosen_group,
                unit="% van jongeren tot 23 jaar", credits=credits_of(jz), is_demo=False, key="trends_jeugdzorg",
                file_name=f"jeugdzorg_2015_2024_{gemeente}",
                note=trend_sentence(jz, gemeente, naam, group) + " CBS veranderde in 2021 bron en definities: twee "
                     "reeksen, niet één lijn. 2024: alleen het "
                     "eerste halfjaar (stippellijn), te vergelijken met eerdere eerste halfjaren."
                     + (" Afgeleid: samengevoegde gemeenten opgeteld naar de indeling van 2024."
                        if jz["is_derived"].any() else ""))

# --- Kosten jeugdzorg (CBS 83454NED): begroot against gerealiseerd; a year not reported is a gap ------
costs = run_query("youthcare_costs", gemeente=gemeente)
if (costs["status"] == "value").any():
    st.subheader("Kosten jeugdzorg (begroot en gerealiseerd)")
    chart_block(figure(cost_chart, costs, cost_title(costs, naam), key=(gemeente,)), costs, data_key=(gemeente,),
                unit="miljoen euro per jaar (totaal jeugdzorg)",
                credits=credits_of(costs), is_demo=False, key="trends_kosten", file_name=f"kosten_jeugdzorg_{gemeente}",
                note=" ".join(filter(None, [cost_gaps(costs), "Wat de gemeente zelf aan CBS rapporteerde; Nederland "
                                            "heeft in deze tabel geen totaal."])))

iv3_spending_section(gemeente, naam)  # real spending (CBS, Iv3) for every gemeente, before any early stop

series = run_query("prevention_trend", gemeente=gemeente)
years = sorted(series.loc[series.status == "value", "year"].unique())
if len(years) < 2:
    only = f"alleen {years[0]}" if years else "geen enkel jaar met cijfers"
    st.info(f"Voor {naam} bevat de data nog geen reeks over meerdere jaren ({only}). "
            "Almere heeft een reeks 2018–2024; organisaties kunnen hun registraties aanleveren op de pagina "
            "Data aanleveren.")
    st.page_link("views/data.py", label="Naar Data aanleveren", icon=":material/upload_file:")
    st.stop()

st.subheader("Alle reeksen naast elkaar")
labels = series.drop_duplicates("indicator_id").set_index("indicator_id")["label_nl"]
left, mid, right = st.columns([2, 1, 3])
mode = left.radio("Weergave", list(MODES), format_func=MODES.get, key="trends_modus")
# Defaults: the chain's series; if together they cover one year only, CBS jeugdhulp (2015-2023), not one dot.
default = [i for i in DEFAULT_SERIES if i in labels.index]
if series.loc[series.indicator_id.isin(default) & (series.status == "value"), "year"].nunique() < 2:
    default = [i for i in ("jeugdhulp_pct",) if i in labels.index] or default
# The base year defaults to the first year of a default series: an earlier year would index nothing.
first = series.loc[series["indicator_id"].isin(default) & (series.status == "value"), "year"].min()
base_year = mid.selectbox("Basisjaar", years, index=years.index(first) if first in years else 0,
                          key="trends_basisjaar", disabled=mode != "index",
                          help="Het jaar dat op 100 staat in de indexweergave.")
chosen = right.multiselect("Reeksen", list(labels.index), default=default, format_func=labels.get,
                           key="trends_reeksen", placeholder="Kies een of meer reeksen")
if not chosen:
    st.info("Kies ten minste één reeks.")
    st.stop()

shown = series[series["indicator_id"].isin(chosen)]
breaks = run_query("trend_breaks", gemeente=gemeente)
title = change_sentence(shown, int(base_year), naam)
unit = {"index": f"index, {base_year} = 100", "per1000": "per 1.000 kinderen van 0–14 jaar (CBS)",
        "absoluut": "de eenheid per paneel"}[mode]
note = "Stippellijnen: trendbreuken (definitie of indeling veranderd)." if not breaks.empty else ""
chart_block(figure(prevention_chart, shown, mode, int(base_year), breaks, title,
                   key=(gemeente, mode, int(base_year), tuple(chosen))),
            shown.drop(columns=["privacy_kind"], errors="ignore"), data_key=(gemeente, tuple(chosen)), unit=unit, credits=credits_of(shown),
            is_demo=bool(shown["is_demo"].fillna(False).any()), key="trends_grafiek",
            file_name=f"preventie_en_zorg_{gemeente}", note=note)

nl = run_query("trend_by_gemeente", gemeente=gemeente, indicator="jeugdzorg_pct")
nl = nl[(nl.code == "NL00") & (nl.status == "value")]
if not nl.empty:
    row = nl.iloc[-1]
    st.caption(f"Ter vergelijking: in Nederland kreeg in {row.year} {fmt_nl(row.value, 1)}% van de jongeren "
               f"jeugdzorg (gewogen gemiddelde van alle gemeenten). Gemeenten als {naam} staan op de pagina "
               "Gemeenten vergelijken.")
if not breaks.empty:
    with st.expander("Trendbreuken"):
        st.dataframe(breaks.rename(columns={"year": "jaar", "theme": "thema", "label_nl": "wat veranderde"}),
                     hide_index=True, key="trends_breuken")
