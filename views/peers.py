"""Gemeenten vergelijken: statistische buurgemeenten, een trechterplot tegen Nederland, en de rang."""
import streamlit as st

from analysis.neighbours import DEFAULT_K, FUNNEL_BASES, funnel_points, nearest
from charts.peers import (FUNNEL_HOW_TO_READ, basis_text, comparison_table, credits_text, dutch_list, funnel_chart,
                          neighbour_table, profile_table, rank_sentence, reason_text, variables_text)
from queries import run_query
from ui import chart_block, downloads, figure
from ui.groups import choose_group, group_caption

gemeente, naam = st.session_state.gemeente, st.session_state.gemeente_naam
OUTCOMES = ["jeugdzorg_pct", "wmo_per_1000", "bijstand_per_1000", "huish_sociaal_minimum_pct"]

st.title(f"{naam} naast vergelijkbare gemeenten")
years = run_query("peer_years")
if years.empty:
    st.info("De meegeleverde data heeft geen jaar met jeugdzorg en inwoners per gemeente: er valt niets te "
            "vergelijken. Ververs de data vanuit CBS.")
    st.stop()
year = int(years["year"].iloc[0])
jz_years = run_query("youthcare_years")
newest_jz = run_query("youthcare_funnel", year=int(jz_years["year"].iloc[0])) if not jz_years.empty else None
has_jz = newest_jz is not None and (newest_jz["code"] == gemeente).any()
st.caption(basis_text(years, jz_years if has_jz else None))

data = run_query("peer_context", year=year)
nl, context = data[data["level"] == "land"], data[data["level"] == "gemeente"].reset_index(drop=True)
meta = run_query("peer_indicators").set_index("indicator_id")
credits, is_demo = credits_text(context), bool(context["is_demo"].any())
own = context[context["code"] == gemeente]
secret = own["secret"].iloc[0].split(",") if not own.empty else []

# --- statistical neighbours -------------------------------------------------------------------
st.subheader(f"Welke gemeenten lijken op {naam}?")
max_k = min(20, len(context) - 1)
if max_k > 5:
    k = st.slider("Aantal buurgemeenten", 5, max_k, min(DEFAULT_K, max_k), key="peers_k",
                  help="Hoeveel gemeenten die het meest op deze gemeente lijken u wilt zien.")
else:
    k = max(max_k, 0)
    st.caption(f"Er zijn maar {k} andere gemeenten met cijfers om mee te vergelijken.")
neighbours = nearest(context, gemeente, k) if not own.empty else None
if neighbours is None or neighbours.table.empty:
    st.info(f"Voor {naam} ontbreken in {year} de cijfers over inwoners, kinderen, inkomen en "
            "dichtheid, dus kunnen we geen vergelijkbare gemeenten zoeken. De rang onder alle gemeenten "
            "staat hieronder voor zover er cijfers zijn.")
    near_codes = []
else:
    near_codes = neighbours.table["code"].tolist()
    st.markdown(reason_text(naam, neighbours, year))
    with st.expander(f"Waarom deze {len(near_codes)} gemeenten? {naam} naast de buurgemeenten", expanded=True):
        st.dataframe(profile_table(neighbours, naam, meta), hide_index=True, width="stretch", key="peers_profile")
        st.caption("De afstand telt de vier kenmerken even zwaar, in standaardafwijkingen over alle gemeenten; "
                   "inwoners en dichtheid op logaritmische schaal, zodat grote steden de maat niet bepalen. "
                   + variables_text())

st.subheader(f"Met welke gemeenten vergelijkt u {naam}?")  # neighbours, jeugdregio or an own selection (URL)
group = choose_group(gemeente, naam, dict(zip(context["code"], context["name"])), key="peers_groep", neighbours=near_codes)
group_caption(group)
st.subheader(f"Verschilt {naam} meer dan toeval kan verklaren?")
options = [i for i in FUNNEL_BASES if not funnel_points(context, i).empty]
if not options:
    st.info(f"In {year} zijn er geen percentages met een bekende groepsgrootte om in een trechter te zetten.")
else:
    indicator = st.selectbox(
        "Indicator in de trechter", options, key="peers_indicator",
        format_func=lambda i: meta.at[i, "label_nl"] if i in meta.index else i,
        help="Percentages van een aantal mensen met toevalsruis, zoals jongeren met jeugdzorg. Aandelen uit de "
             "bevolkingsregistratie (kinderen, jongeren) staan er niet in: die zijn een feit, geen steekproef.")
    label = meta.at[indicator, "label_nl"].lower() if indicator in meta.index else indicator
    st.caption(FUNNEL_HOW_TO_READ)
    shown_for = (gemeente, year, indicator, group.codes, group.label)  # what it follows from: no hashing
    fig, funnel_data, note, position = figure(funnel_chart, funnel_points(context, indicator), gemeente, naam,
                                              group.codes, indicator, meta, group.label, key=shown_for)
    if position == "onbekend":
        why = "CBS houdt dit cijfer geheim (te kleine aantallen om te tonen)" if indicator in secret else (
            "er is geen cijfer gepubliceerd, of het aantal inwoners of jongeren ontbreekt")
        st.info(f"{naam} staat niet in de trechter voor {label} in {year}: {why}. "
                "De andere gemeenten staan er wel in.")
    chart_block(fig, funnel_data, unit=f"{meta.at[indicator, 'unit'] if indicator in meta.index else '%'}; "
                "x-as: aantal, logaritmische schaal", credits=credits, is_demo=is_demo, key="peers_funnel",
                data_key=shown_for, file_name=f"trechter_{indicator}_{year}", note=note, indicators=[indicator], year=year)

# --- jeugdzorg per year on real counts (CBS gebruik tables) -----------------------------------------
if has_jz:
    st.subheader(f"Jeugdzorg in {naam} per jaar tegen alle gemeenten")
    jz_year = int(st.selectbox("Jaar van de jeugdzorgcijfers", jz_years["year"], key="peers_jaar",
                               help="Jaren van de CBS-gebruikstabellen (2015–2020 oude reeks, vanaf 2021 nieuwe)."))
    jz = run_query("youthcare_funnel", year=jz_year)
    jz_ind, jz_for = jz["indicator_id"].iloc[0], (gemeente, jz_year, group.codes, group.label)
    fig, jz_data, note, _ = figure(funnel_chart, funnel_points(jz[jz["level"] == "gemeente"], jz_ind), gemeente,
                                   naam, group.codes, jz_ind, meta, group.label, key=jz_for)
    chart_block(fig, jz_data, data_key=jz_for, unit="% van jongeren tot 23 jaar; x-as: aantal jongeren, logaritmische schaal",
                credits=credits_text(jz), is_demo=False, key="peers_funnel_jaar", file_name=f"trechter_jeugdzorg_{jz_year}",
                note=note + " Groepsgrootte uit het CBS-aantal en -percentage (beide afgerond).",
                indicators=[jz_ind, "jeugdzorg_pct"], year=jz_year)

# --- rank among all gemeenten and the neighbours' figures ---------------------------------------
st.subheader(f"{naam} onder alle {len(context)} gemeenten")
table, table_raw, nl_note = comparison_table(context, nl, gemeente, naam, group.codes, OUTCOMES, meta, group.label)
st.markdown(rank_sentence(naam, table_raw, "jeugdzorg_pct", secret, meta, year))
st.dataframe(table, hide_index=True, width="stretch", key="peers_comparison")
absent = table_raw.loc[table_raw["value"].isna(), "label"].tolist()
absent = f" Een streepje (–): voor {naam} is er in {year} geen cijfer voor {dutch_list(absent).lower()}." \
    if absent else ""
st.caption("Rang 1 = de hoogste waarde van alle gemeenten met een cijfer; 1e kwartiel = het kwart gemeenten "
           "met de hoogste waarden. Een hoge rang is hier geen oordeel: meer Wmo of bijstand kan ook "
           f"betekenen dat een gemeente mensen beter bereikt.{absent} {nl_note} {credits}.")
downloads(table_raw, key="peers_comparison", file_name=f"vergelijking_{gemeente}_{year}")

if near_codes and group.kind == "buren":
    st.subheader(f"De {len(near_codes)} buurgemeenten")
    shown, raw = neighbour_table(context, neighbours, OUTCOMES, meta)
    st.dataframe(shown, hide_index=True, width="stretch", key="peers_neighbours")
    missing = raw.loc[raw[OUTCOMES].isna().any(axis=1), "name"].tolist()
    gaps = f" Een streepje (–): geen cijfer (geheim of niet gepubliceerd) voor {dutch_list(missing)}." \
        if missing else ""
    st.caption(f"Afstand: hoe ver een gemeente op de vier kenmerken samen van {naam} af ligt; hoe kleiner, hoe "
               f"meer gelijk.{gaps} {credits}.")
    downloads(raw, key="peers_neighbours", file_name=f"buurgemeenten_{gemeente}_{year}")
