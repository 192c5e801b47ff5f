"""Wijken vergelijken: every wijk on every indicator, a ranking, need against reach, side by side."""
import streamlit as st

from charts.need import need_bar
from charts.wijken import (COLUMN_SETS, blind_spot_sentence, profile_table, quadrant, ranking_bar, ranking_title,
                           side_by_side, table_columns)
from queries import run_query
from ui import chart_block, credits_of, downloads, figure
from ui.expected import expected_section
from ui.wijken import wijk_tables

state, params = st.session_state, st.query_params
gemeente, naam, jaar = state.gemeente, state.gemeente_naam, state.jaar

st.title(f"Wijken vergelijken: {naam}, {jaar}")
tables = wijk_tables(gemeente, jaar)
profile, wide, meta = tables.profile, tables.wide, tables.meta
if wide.empty:
    cover = run_query("wijk_coverage", gemeente=gemeente)
    why = cover.loc[(cover.year == jaar) & ~cover.in_bundle, "reason"]
    st.info(f"Voor de wijken van {naam} zijn er in {jaar} geen cijfers. "
            + (f"Jeugdzorg per wijk: {why.iloc[0]}." if len(why) else "Kies een ander jaar (KWB-wijkcijfers: 2021 en "
               "2022; jeugdzorg per wijk: 2015–2024).") + " Organisaties kunnen hun eigen cijfers per wijk aanleveren.")
    st.page_link("views/data.py", label="Naar Data aanleveren", icon=":material/upload_file:")
    st.stop()

names = dict(zip(wide.loc[wide.level == "wijk", "code"], wide.loc[wide.level == "wijk", "name"]))
if "pending_wijk" in state:  # a click on the wijk map
    state["wijken_keuze"] = [state.pop("pending_wijk")]
if params.get("wijk") in names and "wijken_keuze" not in state:
    state["wijken_keuze"] = [params["wijk"]]
state["wijken_keuze"] = [c for c in state.get("wijken_keuze", []) if c in names][:4]
is_demo, credits = bool(profile["is_demo"].fillna(False).any()), credits_of(profile)

st.subheader("Alle wijken")
sets = {}  # the column sets that show something of their own: kerncijfers first
for choice in COLUMN_SETS:
    if (shown := table_columns(meta, choice)) and shown not in sets.values():
        sets[choice] = shown
if state.get("wijken_kolommen") not in sets:
    state.pop("wijken_kolommen", None)
column_set = st.radio("Kolommen", list(sets), format_func=COLUMN_SETS.get, horizontal=True, key="wijken_kolommen",
                      help="De tabel opent met de kerncijfers; kies een thema of alle cijfers. De download bevat altijd "
                           "alle cijfers.") if len(sets) > 1 else next(iter(sets))
columns = sets[column_set]
st.caption("Klik op een kolomkop om te sorteren. 'geheim': CBS publiceert het niet; '<5': klein aantal, niet "
           f"getoond; '–': geen cijfer. {len(columns)} van de {len(meta)} cijfers getoond; de download bevat ze "
           f"allemaal. {credits}." + (" Bevat voorbeelddata (gegenereerd)." if is_demo else ""))
st.dataframe(profile_table(wide, meta.loc[columns]), hide_index=True, width="stretch", key="wijken_tabel")
downloads(tables.download, key="wijken_tabel_download", file_name=f"wijken_{gemeente}_{jaar}")

chosen = st.multiselect("Vergelijk wijken naast elkaar (2 tot 4)", list(names), format_func=names.get,
                        key="wijken_keuze", max_selections=4, placeholder="Kies 2 tot 4 wijken")
if chosen:
    params["wijk"] = chosen[0]
    st.dataframe(side_by_side(wide, meta, chosen), hide_index=True, width="stretch", key="wijken_naast_elkaar")
else:
    params.pop("wijk", None)
highlight = chosen[0] if chosen else None

expected_section(gemeente, naam, jaar)

st.subheader("Ranglijst")
rankable = tables.rankable
if not rankable:
    st.info("Geen indicator heeft in dit jaar een cijfer voor ten minste twee wijken: er valt niets te rangschikken.")
    st.stop()
first = next((i for i in ("jeugdzorg_pct", "jzw_pct", "jzw_aantal") if i in rankable), rankable[0])
indicator = st.selectbox("Indicator", rankable, format_func=lambda i: meta.at[i, "label_nl"], key="wijken_indicator",
                         index=rankable.index(first))
ranked = wide[["code", "name", "level", indicator]]
shown_for = (gemeente, jaar, indicator, highlight)  # what the ranking follows from: no need to hash the data
chart_block(figure(ranking_bar, wide, indicator, meta, highlight, ranking_title(wide, indicator, meta), key=shown_for),
            ranked, data_key=shown_for[:3],
            unit=meta.at[indicator, "unit"], credits=credits_of(profile[profile.indicator_id == indicator]),
            is_demo=bool(profile.loc[profile.indicator_id == indicator, "is_demo"].fillna(False).any()),
            key="wijken_ranglijst", file_name=f"ranglijst_{indicator}_{gemeente}_{jaar}")

st.subheader("Behoefte tegenover bereik")
nr, need = tables.need_reach, tables.need
if nr.empty and len(need) >= 2:
    st.info("Het bereik van het kinderwerk per wijk ontbreekt (lever het aan op Data aanleveren); hieronder "
            "alleen de behoefte, uit open data.")
    chart_block(figure(need_bar, need, highlight, f"Behoefte per wijk in {naam}: hoogst in {need['name'].iloc[0]}",
                       key=(gemeente, jaar, highlight)), need.reset_index(), data_key=(gemeente, jaar), unit="behoefte-index (gemiddelde van gestandaardiseerde jeugdzorg, bijstand, "
                "sociaal minimum en inkomen; 0 = gemiddelde wijk)", credits=credits, is_demo=False,
                key="wijken_behoefte", file_name=f"behoefte_{gemeente}_{jaar}")
elif nr.empty:
    st.info("Voor dit jaar zijn er niet genoeg cijfers over behoefte en bereik van het kinderwerk per wijk.")
else:
    chart_block(figure(quadrant, nr, highlight, blind_spot_sentence(nr, naam), key=(gemeente, jaar, highlight)),
                nr.reset_index(), data_key=(gemeente, jaar),
                unit="behoefte-index (gemiddelde van gestandaardiseerde jeugdzorg, bijstand, sociaal minimum en "
                     "inkomen; 0 = gemiddelde wijk) tegen bereik kinderwerk (% van kinderen 4–14)",
                credits=credits, is_demo=is_demo, key="wijken_kwadrant", file_name=f"behoefte_bereik_{gemeente}_{jaar}",
                note="Lijnen: mediaan van de wijken. Rood: blinde vlekken (veel behoefte, weinig bereik).")
