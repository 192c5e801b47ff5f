"""Chart and map builders: Dutch number format, classes, colours, legend, tooltips, selection."""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pydeck as pdk
import plotly.graph_objects as go
import pytest

from charts import (MISSING_COLOUR, PALETTE, SECRET_COLOUR, CompactDeck, choropleth, classify, comparison, legend_html,
                    legend_items, provenance, selected_code, trend_lines)
from charts import comparable_with_nl, fit_title, metric_delta, wrap_title
from warehouse.catalogue import INDICATORS, ORG_INDICATORS, REFRESH_INDICATORS
from formatting import fmt_nl, fmt_value


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (1234.5, 1, "1.234,5"),
    (0, 0, "0"),
    (0.0, 1, "0,0"),
    (11.7, 1, "11,7"),
    (226500, 0, "226.500"),
    (1234567.891, 2, "1.234.567,89"),
    (-1234.5, 1, "-1.234,5"),
    (-3, 0, "-3"),
    (None, 1, "–"),
    (float("nan"), 1, "–"),
    (np.float64("nan"), 0, "–"),
    (pd.NA, 0, "–"),
])
def test_fmt_nl(value, decimals, expected):
    assert fmt_nl(value, decimals) == expected


def test_fmt_nl_default_is_no_decimals_and_halves_round_up():
    assert fmt_nl(1234.5) == "1.235" and fmt_nl(62.5) == "63" and fmt_nl(None) == "–"
    assert fmt_nl(-0.04, 1) == "0,0"  # never a negative zero


@pytest.mark.parametrize(("value", "unit", "decimals", "expected"), [
    (11.7, "%", 1, "11,7%"),
    (11.7, "% van jongeren tot 23 jaar", 1, "11,7%"),
    (226500, "aantal", 0, "226.500"),
    (42, "per 1.000 inwoners", 0, "42 per 1.000 inwoners"),
    (29.4, "× 1.000 euro", 1, "€ 29,4 × 1.000"),
    (3.5, "× 1.000 huishoudens", 1, "3,5 × 1.000 huishoudens"),
    (None, "%", 1, "–"),
    (float("nan"), "aantal", 0, "–"),
])
def test_fmt_value(value, unit, decimals, expected):
    assert fmt_value(value, unit, decimals) == expected


# --- classes ---------------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore:Numba not installed")
def test_classify_sorts_values_into_increasing_classes_and_nan_at_minus_one():
    values = pd.Series([7.0, 1.0, np.nan, 10.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 9.0])
    idx, bins = classify(values, k=5)
    assert bins == [2.0, 4.0, 6.0, 8.0, 10.0]  # Fisher-Jenks on 1..10
    assert idx.tolist() == [3, 0, -1, 4, 0, 1, 1, 2, 2, 3, 4]
    present = values.notna().to_numpy()
    order = np.argsort(values[present].to_numpy())
    assert np.all(np.diff(idx[present][order]) >= 0)  # a higher value never gets a lower class


def test_classify_with_fewer_unique_values_than_classes():
    idx, bins = classify(pd.Series([3.0, 1.0, 3.0, np.nan, 0.0]), k=5)
    assert bins == [0.0, 1.0, 3.0]
    assert idx.tolist() == [2, 1, 2, -1, 0]


def test_classify_one_value_and_no_values():
    idx, bins = classify(pd.Series([11.7, np.nan]))
    assert (idx.tolist(), bins) == ([0, -1], [11.7])
    idx, bins = classify(pd.Series([np.nan, np.nan]))
    assert (idx.tolist(), bins) == ([-1, -1], [])


def test_legend_items():
    assert legend_items([1.0, 3.0, 5.0], "%", 1, {"value", "missing"}) == [
        (PALETTE[0], "t/m 1,0%"), (PALETTE[2], "1,0% – 3,0%"), (PALETTE[4], "3,0% – 5,0%"),
        (MISSING_COLOUR, "Geen gegevens")]
    assert legend_items([11.7], "%", 1, {"value", "secret"}) == [
        (PALETTE[0], "t/m 11,7%"), (SECRET_COLOUR, "Geheim: CBS publiceert dit kleine aantal niet")]


def test_legend_html_escapes_text():
    out = legend_html([(PALETTE[0], "<b>t/m 3</b>")], "per 1.000 <inwoners>")
    assert "&lt;b&gt;t/m 3&lt;/b&gt;" in out and "per 1.000 &lt;inwoners&gt;" in out and "<b>t/m" not in out


# --- choropleth ------------------------------------------------------------------------------

SQUARE = '{"type":"Polygon","coordinates":[[[5.1,52.3],[5.2,52.3],[5.2,52.4],[5.1,52.4],[5.1,52.3]]]}'


def areas(*rows) -> pd.DataFrame:
    """code, value, status, is_derived; every area gets the same square unless geojson is None."""
    return pd.DataFrame([{"code": c, "name": f"Gebied {c}", "value": v, "status": s, "is_derived": d,
                          "geojson": SQUARE if c != "NOGEO" else None, "centroid_lon": 5.15,
                          "centroid_lat": 52.35} for c, v, s, d in rows])


def fills_and_tooltips(deck: pdk.Deck) -> dict[str, tuple[list[int], str]]:
    spec = json.loads(deck.to_json())
    (layer,) = spec["layers"]
    return {f["properties"]["code"]: (f["properties"]["fill"], f["properties"]["waarde"])
            for f in layer["data"]["features"]}


def rgb(colour: str) -> list[int]:
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)] + [235]


def test_choropleth_colours_secret_missing_and_values():
    df = areas(("A", 1.0, "value", False), ("B", None, "secret", False), ("C", None, "missing", False),
               ("D", 0.0, "value", False), ("E", 5.0, "value", True), ("NOGEO", 3.0, "value", False))
    deck, legend = choropleth(df, "Jongeren met jeugdzorg", "%", 1, layer_id="kaart_test")
    got = fills_and_tooltips(deck)
    assert got == {
        "A": (rgb(PALETTE[2]), "1,0%"),
        "B": (rgb(SECRET_COLOUR), "geheim (CBS)"),
        "C": (rgb(MISSING_COLOUR), "geen gegevens"),
        "D": (rgb(PALETTE[0]), "0,0%"),            # zero is the lowest class, not grey
        "E": (rgb(PALETTE[4]), "5,0% (afgeleid)"),
    }  # NOGEO has no geometry: not drawn
    greys = {tuple(rgb(SECRET_COLOUR)), tuple(rgb(MISSING_COLOUR))}
    assert all(tuple(fill) not in greys for code, (fill, _) in got.items() if code in "ADE")
    assert [label for _, label in legend] == [
        "t/m 0,0%", "0,0% – 1,0%", "1,0% – 5,0%", "Geheim: CBS publiceert dit kleine aantal niet", "Geen gegevens"]


def test_choropleth_legend_has_no_geheim_without_secret_cells():
    df = areas(("A", 1.0, "value", False), ("B", 2.0, "value", False), ("C", None, "missing", False))
    _, legend = choropleth(df, "x", "aantal", 0, layer_id="l")
    labels = [label for _, label in legend]
    assert labels == ["t/m 1", "1 – 2", "Geen gegevens"]
    assert not any(label.startswith("Geheim") for label in labels)


def test_choropleth_tooltip_and_layer():
    df = areas(("GM0034", 226500.0, "value", False))
    deck, _ = choropleth(df, "Inwoners <totaal>", "aantal", 0, layer_id="kaart_gemeente", fit=True)
    spec = json.loads(deck.to_json())
    (layer,) = spec["layers"]
    assert (layer["@@type"], layer["id"], layer["pickable"]) == ("GeoJsonLayer", "kaart_gemeente", True)
    assert layer["data"]["features"][0]["properties"]["waarde"] == "226.500"
    assert layer["data"]["features"][0]["geometry"] == json.loads(SQUARE)
    assert spec["mapStyle"] == "/app/static/blank_style.json"
    # st.pydeck_chart sends the tooltip apart from the JSON, from this attribute
    assert deck._tooltip["html"] == "<b>{name}</b><br/>Inwoners &lt;totaal&gt;: {waarde}"
    view = spec["initialViewState"]
    assert (view["longitude"], view["latitude"]) == pytest.approx((5.15, 52.35))
    # The view fits the square's outline (0.1° by 0.1° at 52.35° N) in a 700 × 560 map, not its
    # centre point: 0.1° of latitude there takes 1/cos(52.35°) × 700/560 of the width, plus 8%.
    assert view["zoom"] == pytest.approx(11.12, abs=0.01)


def test_compact_deck_json_has_no_newlines_or_indentation():
    deck, _ = choropleth(areas(("A", 1.0, "value", False), ("B", None, "secret", False)), "x", "%", 1, "l")
    assert isinstance(deck, CompactDeck)
    compact, pretty = deck.to_json(), pdk.Deck.to_json(deck)
    assert "\n" in pretty  # what CompactDeck exists to avoid
    assert "\n" not in compact and "  " not in compact and '": ' not in compact and '", "' not in compact
    assert json.loads(compact) == json.loads(pretty)
    assert len(compact) < len(pretty)


# --- selection -------------------------------------------------------------------------------

def selection(layer_id: str, *codes: str) -> dict:
    return {"selection": {"indices": {layer_id: list(range(len(codes)))},
                          "objects": {layer_id: [{"type": "Feature", "properties": {"code": c, "name": "Almere",
                                                                                      "waarde": "11,7%"}}
                                                 for c in codes]}}}


def test_selected_code():
    assert selected_code(selection("kaart_gemeente", "GM0034"), "kaart_gemeente") == "GM0034"
    assert selected_code(selection("kaart_wijk", "WK003401"), "kaart_gemeente") is None  # other layer
    assert selected_code({"selection": {"indices": {}, "objects": {}}}, "kaart_gemeente") is None
    assert selected_code({"selection": None}, "kaart_gemeente") is None
    assert selected_code(None, "kaart_gemeente") is None
    flat = {"selection": {"objects": {"l": [{"code": "GM0363"}]}}}  # an object without 'properties'
    assert selected_code(flat, "l") == "GM0363"


# --- line chart and texts ------------------------------------------------------------------

def test_trend_lines_draws_only_values_with_dutch_separators():
    df = pd.DataFrame({"code": ["GM0034", "GM0034", "NL00", "NL00"], "name": ["Almere", "Almere", "Nederland",
                                                                               "Nederland"],
                       "year": [2021, 2022, 2021, 2023], "value": [11.4, 11.9, 10.5, math.nan],
                       "status": ["value", "value", "value", "missing"]})
    fig = trend_lines(df, "titel", "% van jongeren", 1)
    assert fig.layout.separators == ",."
    assert [(t.name, list(t.x), list(t.customdata), t.line.dash) for t in fig.data] == [
        ("Almere", [2021, 2022], ["11,4%", "11,9%"], "solid"), ("Nederland", [2021], ["10,5%"], "dot")]


@pytest.mark.parametrize(("args", "expected"), [
    ((11.2, 10.5, 2021, 2021, "% van jongeren", 1), "0,7 procentpunt hoger dan NL"),
    ((9.8, 10.5, 2021, 2021, "%", 1), "0,7 procentpunt lager dan NL"),
    ((10.52, 10.5, 2021, 2021, "%", 1), "gelijk aan NL"),
    # a count against the national count compares nothing: no delta (Amsterdam's children "2.585.029 lager dan NL")
    ((6010.0, 4000.0, 2021, 2021, "aantal", 0), None),
    ((126648.0, 2711677.0, 2021, 2021, "personen tot 23 jaar", 0), None),
    ((42.8, 35.3, 2021, 2021, "per 1.000 inwoners", 1), "7,5 per 1.000 inwoners hoger dan NL"),
    ((34.47, 29.1, 2021, 2021, "× 1.000 euro", 1, "Gemiddeld inkomen per inwoner"), "€ 5.370 hoger dan NL"),
    ((11.7, 10.5, 2021, 2024, "%", 1), None),      # NL of another year: no comparison
    ((11.7, None, None, 2024, "%", 1), None),
    ((11.7, float("nan"), pd.NA, 2024, "%", 1), None),
])
def test_comparison(args, expected):
    assert comparison(*args) == expected


@pytest.mark.parametrize(("args", "expected"), [
    # equal is neutral: no arrow, grey (was a red up-arrow on Amsterdam's 10,5% against NL's 10,5%)
    ((10.52, 10.5, 2021, 2021, "% van jongeren", 1, -1), ("gelijk aan NL", "gray", "off")),
    # lower points down, whatever the text: Streamlit alone would draw an up-arrow for 'lager'
    ((9.8, 10.5, 2021, 2021, "% van jongeren", 1, -1), ("0,7 procentpunt lager dan NL", "green", "down")),
    ((11.2, 10.5, 2021, 2021, "% van jongeren", 1, -1), ("0,7 procentpunt hoger dan NL", "red", "up")),
    ((9.8, 10.5, 2021, 2021, "% van kinderen", 1, 1), ("0,7 procentpunt lager dan NL", "red", "down")),
    ((9.8, 10.5, 2021, 2021, "% van inwoners", 1, 0), ("0,7 procentpunt lager dan NL", "gray", "down")),
    ((126648.0, 2711677.0, 2021, 2021, "aantal", 0, 0), (None, "off", "off")),
])
def test_metric_delta(args, expected):
    d = metric_delta(*args)
    assert (d["delta"], d["delta_color"], d["delta_arrow"]) == expected


def test_only_shares_rates_and_per_inwoner_figures_compare_with_nl():
    comparable = {i.indicator_id for i in INDICATORS + ORG_INDICATORS + REFRESH_INDICATORS
                  if comparable_with_nl(i.unit, i.label_nl)}
    counts = {i.indicator_id for i in INDICATORS + ORG_INDICATORS + REFRESH_INDICATORS} - comparable
    assert counts == {"jeugdzorg_aantal", "inwoners", "kinderen_0_15", "kinderwerk_kinderen", "kinderwerk_uren",
                      "signalen_aantal", "uitgaven_preventie", "uitgaven_jeugdhulp", "jeugdhulp_wijkteam_aantal",
                      "jeugdhulp_zonder_verblijf_aantal", "jeugdhulp_met_verblijf_aantal", "jeugdbescherming_aantal",
                      "jeugdreclassering_aantal", "jeugdzorg_kosten"}
    assert {"jeugdzorg_pct", "wmo_per_1000", "bijstand_per_1000", "inkomen_per_inwoner",
            "bevolkingsdichtheid"} <= comparable


def test_provenance():
    assert provenance("Bron: CBS", 2024, False, False) == "Bron: CBS · 2024 · CBS-cijfer"
    assert provenance("Bron: CBS", 2021, True, False) == "Bron: CBS · 2021 · afgeleid cijfer"
    assert provenance("Bron: demo", 2024, False, True) == "Bron: demo · 2024 · voorbeelddata (geen echte cijfers)"


# --- long titles wrap (plotly does not: the finding ran off the right edge on 'Wie verwijst') --------------

AMSTERDAM_SPLIT = ("In Amsterdam kwam 21% van de jeugdzorgtrajecten via de gemeentelijke toegang, 8 procentpunt minder "
                   "dan in Nederland (29%; 2021, heel jaar)")


def test_wrap_title_breaks_at_word_boundaries():
    wrapped = wrap_title(AMSTERDAM_SPLIT)
    assert wrapped == ("In Amsterdam kwam 21% van de jeugdzorgtrajecten via de gemeentelijke toegang, 8<br>"
                       "procentpunt minder dan in Nederland (29%; 2021, heel jaar)")
    assert wrapped.replace("<br>", " ") == AMSTERDAM_SPLIT
    assert wrap_title("Kort genoeg") == "Kort genoeg"


def test_wrap_title_keeps_existing_breaks_and_does_not_count_tags():
    assert wrap_title("aaa bbb<br>ccc <sup>dd</sup> ee", width=7) == "aaa bbb<br>ccc <sup>dd</sup><br>ee"
    assert wrap_title("woordzonderspatie kort", width=5) == "woordzonderspatie<br>kort"


def test_fit_title_makes_room_for_the_added_lines():
    fig = go.Figure(layout={"title": {"text": AMSTERDAM_SPLIT + " " + AMSTERDAM_SPLIT}, "height": 400,
                            "margin": {"t": 60}})
    fit_title(fig)
    assert fig.layout.title.text.count("<br>") == 3
    assert (fig.layout.margin.t, fig.layout.height) == (60 + 3 * 22, 400 + 3 * 22)
    before = fig.to_plotly_json()
    assert fit_title(fig).to_plotly_json() == before  # a second time changes nothing (ui.figure shares fitted figures)
    short = fit_title(go.Figure(layout={"title": {"text": "Kort<br>en klein"}, "height": 300, "margin": {"t": 50}}))
    assert (short.layout.title.text, short.layout.margin.t, short.layout.height) == ("Kort<br>en klein", 50, 300)


def test_every_page_chart_title_fits(monkeypatch):
    """ui.chart_block draws every chart of the pages: each title it sends is wrapped."""
    import ui
    sent = []
    monkeypatch.setattr(ui.st, "plotly_chart", lambda fig, key=None: sent.append(fig.layout.title.text))
    monkeypatch.setattr(ui, "text_alternative", lambda *a, **k: None)
    monkeypatch.setattr(ui, "downloads", lambda *a, **k: None)
    ui.chart_block(go.Figure(layout={"title": {"text": AMSTERDAM_SPLIT}}), pd.DataFrame({"a": [1]}), unit="%",
                   credits="Bron: CBS", is_demo=False, key="k", file_name="f")
    assert sent == [wrap_title(AMSTERDAM_SPLIT)]
    assert all(len(line) <= 90 for line in sent[0].split("<br>"))
