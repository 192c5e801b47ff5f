"""Kaart: any indicator on a map, NL by gemeente or one gemeente by wijk; click selects."""
import streamlit as st

from charts import DEMO_LABEL, DIVERGING, choropleth, legend_html, selected_code
from charts.expected import DIVERGING_NOTE, with_verdict
from formatting import fmt_value, status_text
from queries import newest_year, run_query
from ui import area_picker, figure, gemeente_notes, notes_block

state, params = st.session_state, st.query_params
gemeente, naam = state.gemeente, state.gemeente_naam
LEVELS = {"gemeente": "Nederland, per gemeente", "wijk": "Gekozen gemeente, per wijk"}  # fixed labels

st.title("Kaart")
if state.get("kaart_niveau") not in LEVELS:
    state["kaart_niveau"] = params.get("niveau") if params.get("niveau") in LEVELS else "gemeente"
level = st.radio("Kaart van", list(LEVELS), format_func=LEVELS.get, horizontal=True, key="kaart_niveau")

indicators = run_query("map_indicators", level=level, gemeente=gemeente).set_index("indicator_id")
if indicators.empty:
    st.info(f"Voor de wijken van {naam} bevat de meegeleverde open data geen cijfers. Kies een ander jaar of een "
            "andere gemeente, of ververs de data vanuit CBS.")
    st.stop()
if state.get("kaart_indicator") not in indicators.index:
    wanted = params.get("indicator")
    # Youth care from the publication with the newest figure: a share (KWB or the per-wijk table), else
    # the count where no share of that year can be made (e.g. Amsterdam 2023: new wijken, no population).
    care = [i for i in ("jeugdzorg_pct", "jzw_pct", "jzw_aantal") if i in indicators.index]
    newest = max(care, key=lambda i: newest_year(i, gemeente, level) or 0, default=indicators.index[0])
    state["kaart_indicator"] = wanted if wanted in indicators.index else newest

left, right = st.columns([3, 1])
indicator = left.selectbox("Indicator", list(indicators.index), key="kaart_indicator",
                           format_func=lambda i: f"{indicators.at[i, 'label_nl']} ({indicators.at[i, 'unit']})")
meta = indicators.loc[indicator]
years = run_query("map_years", level=level, gemeente=gemeente, indicator=indicator)
coverage = dict(zip(years["year"], years["n_value"]))
year_key = f"kaart_jaar_{level}"
if state.get(year_key) not in coverage:
    state[year_key] = state.jaar if state.jaar in coverage else int(years["year"].max())  # else the newest
year = right.selectbox("Jaar", list(coverage), key=year_key,
                       format_func=lambda y: f"{y} ({coverage[y]} gemeenten)" if level == "gemeente" else str(y))
params["niveau"], params["indicator"] = level, indicator

if level == "gemeente":
    df = run_query("indicator_by_gemeente", indicator=indicator, year=year)
else:
    df = run_query("indicator_by_wijk", gemeente=gemeente, indicator=indicator, year=year)
    if indicator in DIVERGING:  # coloured by the verdict: outside the 95% interval or not (Wijken vergelijken)
        df = with_verdict(df, run_query("expected_by_wijk", gemeente=gemeente, year=year))
label, unit, decimals = meta.label_nl, meta.unit, int(meta.decimals)
n_value = int((df.status == "value").sum())
area = "gemeenten" if level == "gemeente" else f"wijken van {naam}"
st.subheader(f"{label} in {year}: {n_value} van {len(df)} {area} met een cijfer")
if level == "wijk" and indicator == "jzw_aantal" and year not in set(
        run_query("map_years", level=level, gemeente=gemeente, indicator="jzw_pct")["year"]):
    st.caption(f"Een aandeel per wijk is er voor {year} niet: de bevolking per wijk van dat jaar zit niet in de "
               f"meegeleverde gegevens, en die van 2022 past niet (de wijken van {naam} zijn sindsdien anders "
               "ingedeeld). Daarom het aantal jongeren met jeugdzorg; een verversing vanuit CBS vult dit aan.")
if df["is_demo"].any():
    st.warning(f"**{DEMO_LABEL}.** Deze kaart toont gegenereerde cijfers van een fictieve registratie; "
               "verwijder ze op de pagina Data.", icon=":material/science:")
credits = " · ".join(sorted(df["credit"].dropna().unique())) or "Bron: CBS"

if df["geojson"].notna().any():
    map_col, legend_col = st.columns([4, 1])
    deck, legend = figure(choropleth, df, label, unit, decimals, layer_id=f"kaart_{level}", fit=level == "wijk",
                          diverging=indicator in DIVERGING,  # what the map follows from (no hashing of the shapes):
                          key=(level, indicator, int(year), gemeente if level == "wijk" else None), large=True)
    # A handled click bumps the key: a fresh map has no selection left to re-apply later.
    map_key = f"kaart_map_{level}_{state.get('kaart_clicks', 0)}"
    event = map_col.pydeck_chart(deck, on_select="rerun", selection_mode="single-object",
                                 key=map_key, height=560)
    legend_col.html(legend_html(legend, unit))
    picked = area_picker(df[df["geojson"].notna()], level, key=f"kaart_lijst_{level}_{state.get('kaart_clicks', 0)}")
    clicked = selected_code(event, f"kaart_{level}") or picked
    if level == "gemeente" and clicked and clicked != gemeente:
        state["pending_gemeente"], state["kaart_clicks"] = clicked, state.get("kaart_clicks", 0) + 1
        st.rerun()
    if level == "wijk" and clicked:  # a wijk opens its profile on Wijken vergelijken, in the map's year
        state["pending_wijk"], state["kaart_clicks"] = clicked, state.get("kaart_clicks", 0) + 1
        state["pending_jaar"] = year
        st.switch_page("views/wijken.py", query_params={"gemeente": gemeente, "jaar": str(year), "wijk": clicked})
    hint = "Klik op een gemeente om die te kiezen." if level == "gemeente" else "Klik op een wijk voor zijn profiel."
    classes = DIVERGING_NOTE if indicator in DIVERGING else "Klassen: natuurlijke breuken (Fisher-Jenks)."
    st.caption(f"{hint} Eenheid: {unit}. {classes} {credits}; kaart: CBS, Kadaster via PDOK (CC BY 4.0).")
    notes_block(gemeente_notes(df.assign(indicator_id=indicator, year=year)))  # the gemeente's own notes (issue 23)
else:
    st.warning(f"Voor {year} is er geen kaart van de wijken van {naam}: de gemeente had toen een andere "
               "wijkindeling (soms met dezelfde wijkcodes als nu). Die wijken op de huidige kaart tekenen zou "
               "misleiden; de cijfers staan hieronder in de tabel.")
if level == "wijk":
    undrawn = run_query("wijk_boundary_by_gemeente", gemeente=gemeente, year=year)
    if df["geojson"].notna().any() and not undrawn.empty:
        st.caption(f"{len(undrawn)} wijk(en) van {year} niet getekend: niet aantoonbaar dezelfde wijk als op de "
                   "kaart (CBS meldt een wijziging, of code of naam verschilt). Zie de reden in de tabel hieronder.")
    missing_years = run_query("wijk_coverage", gemeente=gemeente).query("not in_bundle")
    for y, reason in zip(missing_years["year"], missing_years["reason"]):
        st.caption(f":material/content_cut: Jeugdzorg per wijk {y}: {reason}.")

table = df.assign(cijfer=[fmt_value(v, unit, decimals) if s == "value" else status_text(s, unit)
                          for v, s in zip(df.value, df.status)])
with st.expander(f"Tabel: {label} per {'gemeente' if level == 'gemeente' else 'wijk'} ({year})",
                 expanded=df["geojson"].isna().all()):
    if level == "wijk" and not undrawn.empty:
        table = table.merge(undrawn[["code", "reason"]], on="code", how="left").rename(
            columns={"reason": "niet op de kaart omdat"})
    columns = ["code", "name", "cijfer"] + [c for c in ("verdict", "niet op de kaart omdat") if c in table]
    st.dataframe(table[columns].fillna({"verdict": "–"}).rename(columns={"name": "naam", "verdict": "oordeel (95%-interval)"}),
                 hide_index=True, width="stretch", key="kaart_tabel")
