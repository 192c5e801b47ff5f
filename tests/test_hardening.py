"""Issue 14 without a browser: breaks computed once, text alternatives for charts, colour sets that
colour-blind readers can tell apart, the map's keyboard route and the accessibility statement."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import charts
from charts import CVD_SAFE, PALETTE, classify
from charts.text import MAX_TABLE_ROWS, chart_summary, chart_table


# --- Fisher-Jenks once ----------------------------------------------------------------------------

def test_fisher_jenks_runs_once_per_set_of_values(monkeypatch):
    calls = []
    real = charts.mapclassify.FisherJenks

    def counting(values, k):
        calls.append(len(values))
        return real(values, k=k)

    monkeypatch.setattr(charts.mapclassify, "FisherJenks", counting)
    charts._jenks_bins.cache_clear()
    values = pd.Series(np.random.default_rng(3).gamma(2, 5, 342).round(1))
    first = classify(values)
    again = classify(values.sample(frac=1, random_state=2))  # same values, another order: same breaks
    assert calls == [342] and first[1] == again[1]
    assert (classify(values + 1)[1] != first[1]) and calls == [342, 342]  # new figures: new breaks


# --- text alternatives ------------------------------------------------------------------------------

def test_the_summary_says_the_finding_and_the_extremes_in_one_dutch_sentence():
    fig = go.Figure([go.Bar(x=["Almere", "Lelystad", "Zeewolde"], y=[11.7, 9.25, 1234.5], name="jeugdzorg")])
    fig.update_layout(title="Zeewolde het hoogst")
    text = chart_summary(fig, "% van jongeren")
    assert text == ("Zeewolde het hoogst: één reeks; hoogste waarde 1.234,5 (Zeewolde), laagste 9,3 (Lelystad), "
                    "in % van jongeren; de cijfers staan in de tabel bij de grafiek.")


def test_the_summary_of_horizontal_bars_and_several_series_names_the_series():
    fig = go.Figure([go.Bar(y=["a", "b"], x=[3, 8], orientation="h", name="laag"),
                     go.Bar(y=["a", "b"], x=[1, 5], orientation="h", name="hoog")])
    fig.update_layout(title="<b>Titel</b> met opmaak")
    text = chart_summary(fig, "euro")
    assert text.startswith("Titel met opmaak: 2 reeksen; hoogste waarde 8 (b, laag), laagste 1 (a, hoog)")
    assert text.count(".") == 1 and text.endswith(".")


def test_a_chart_without_bars_or_lines_still_gets_a_sentence():
    fig = go.Figure([go.Sankey(node={"label": ["a", "b"]}, link={"source": [0], "target": [1], "value": [3]})])
    fig.update_layout(title="Van signaal naar uitkomst")
    assert chart_summary(fig, "signalen") == "Van signaal naar uitkomst; de cijfers staan in de tabel bij de grafiek."


def test_the_table_is_dutch_text_and_capped():
    data = pd.DataFrame({"wijk_code": ["WK1", "WK2"], "waarde": [1234.5, np.nan], "n": [3, 4], "demo": [True, False]})
    table = chart_table(data)
    assert table.columns.tolist() == ["wijk code", "waarde", "n", "demo"]
    assert table.values.tolist() == [["WK1", "1.234,5", "3", "ja"], ["WK2", "–", "4", "nee"]]
    assert len(chart_table(pd.DataFrame({"x": range(MAX_TABLE_ROWS + 50)}))) == MAX_TABLE_ROWS


# --- colours that colour-blind readers can tell apart ----------------------------------------------

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
CVD = {
    "protanopie": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopie": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopie": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


def _lab(hex_colour: str, matrix: np.ndarray | None = None) -> np.ndarray:
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    if matrix is not None:
        lin = np.clip(matrix @ lin, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lin
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _sets():
    from charts.investment import BAND_COLOURS
    from charts.peers import COLOURS
    from charts.signals import CATEGORY_COLOURS, OUTCOME_COLOURS
    from charts.trends import THEME_COLOURS
    from charts.wijken import QUADRANT_COLOURS
    return {"uitkomsten": OUTCOME_COLOURS, "categorieën": CATEGORY_COLOURS, "banden": BAND_COLOURS,
            "thema's": THEME_COLOURS, "kwadranten": QUADRANT_COLOURS,
            "buren": {k: COLOURS[k] for k in ("neighbour", "own", "all")}, "okabe-ito": CVD_SAFE}


@pytest.mark.parametrize("vision", ["normaal", *CVD])
@pytest.mark.parametrize("name", list(_sets()))
def test_every_colour_set_stays_distinguishable_with_colour_blindness(name, vision):
    colours = _sets()[name]
    matrix = CVD.get(vision)
    close = [(a, b, round(float(np.linalg.norm(_lab(ca, matrix) - _lab(cb, matrix))), 1))
             for (a, ca), (b, cb) in itertools.combinations(colours.items(), 2)
             if np.linalg.norm(_lab(ca, matrix) - _lab(cb, matrix)) < 12]
    assert not close, f"{name}, {vision}: too close (CIE76 ΔE < 12): {close}"


@pytest.mark.parametrize("vision", ["normaal", *CVD])
def test_the_map_scale_runs_light_to_dark_for_every_vision(vision):
    lightness = [_lab(c, CVD.get(vision))[0] for c in PALETTE]
    assert all(b < a - 8 for a, b in zip(lightness, lightness[1:])), lightness


# --- on the pages (AppTest, fixture warehouse) --------------------------------------------------

PAGES_WITH_CHARTS = [("views/overview.py", {"gemeente": "GM0034"}), ("views/trends.py", {"gemeente": "GM0034"}),
                     ("views/investment.py", {"gemeente": "GM0034"})]


@pytest.mark.usefixtures("use_fixture_warehouse")
@pytest.mark.parametrize(("view", "query"), PAGES_WITH_CHARTS, ids=lambda v: v if isinstance(v, str) else "")
def test_every_chart_on_a_page_has_a_summary_and_a_table(view, query):
    from tests.apptest_support import open_app

    at = open_app(view, **query)
    charts_shown = len(at.get("plotly_chart"))
    summaries = [m.value for m in at.markdown if "de cijfers staan in de tabel bij de grafiek" in m.value]
    tables = [e for e in at.expander if e.label == "Tabel bij de grafiek"]
    assert charts_shown > 0 and len(summaries) == charts_shown and len(tables) == charts_shown
    assert all(len(t.get("table")) == 1 for t in tables)


@pytest.mark.usefixtures("use_fixture_warehouse")
def test_the_map_can_be_used_without_a_mouse_choose_a_gemeente_from_the_list():
    from tests.apptest_support import open_app, rerun

    at = open_app("views/map.py", gemeente="GM0034", jaar="2021")
    picker = at.selectbox(key="kaart_lijst_gemeente_0")
    assert picker.value is None and "Groningen" in picker.options  # nothing happens until one is chosen
    picker.set_value("GM0014")
    rerun(at)
    assert at.selectbox(key="sidebar_gemeente").value == "GM0014" and at.query_params["gemeente"] == "GM0014"
    assert at.title[0].value == "Kaart"
    assert at.selectbox(key="kaart_lijst_gemeente_1").value is None  # a fresh list after the choice


@pytest.mark.usefixtures("use_fixture_warehouse")
def test_the_wijk_map_list_opens_a_wijk_profile_like_a_click():
    from tests.apptest_support import open_app, rerun

    at = open_app("views/map.py", gemeente="GM0034", jaar="2024")
    at.radio(key="kaart_niveau").set_value("wijk")
    rerun(at)
    at.selectbox(key="kaart_lijst_wijk_0").set_value("WK003402")
    rerun(at)
    assert at.title[0].value.startswith("Wijken vergelijken")
    assert at.query_params["wijk"] == "WK003402"


@pytest.mark.usefixtures("use_fixture_warehouse")
def test_the_accessibility_statement_follows_the_government_model():
    from tests.apptest_support import open_app

    at = open_app("views/accessibility.py")
    assert at.title[0].value == "Toegankelijkheid"
    assert [s.value for s in at.subheader] == ["Status", "Wat we hebben gedaan", "Wat nog niet voldoet", "Contact"]
    body = " ".join(m.value for m in at.markdown)
    assert "WCAG 2.1 niveau AA" in body and "Voldoet gedeeltelijk" in body and "Nationale ombudsman" in body


# --- the Data page's check, with visible progress ------------------------------------------------

def _check_script(data: bytes, name: str) -> None:
    import streamlit as st

    from ui import check_upload
    validation = check_upload(data, name, "signalen")
    st.write("ok" if validation is not None and validation.ok else "niet ok")


@pytest.mark.usefixtures("use_fixture_warehouse")
@pytest.mark.parametrize(("data", "label", "shown"), [
    (b"wijkcode;maand;categorie;uitkomst;aantal\nWK003401;2024-03;opvoeding;samen met ouders opgelost;7\n",
     "Gecontroleerd", "ok"),
    (b"wijkcode;maand;categorie;uitkomst;aantal\nWK003401;2024-03;" + b"x" * 600 + b";o;7\n", "Geweigerd", None),
], ids=["good", "refused"])
def test_the_check_shows_its_progress_and_ends_with_a_state(data, label, shown):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_check_script, args=(data, "f.csv"), default_timeout=60).run()
    assert not at.exception
    status = at.main.children[0]
    assert status.type == "status" and status.proto.label == label
    bar = status.children[0]
    assert bar.type == "progress" and bar.proto.value == (100 if shown else 5)  # the refusal came while reading
    if shown:
        assert [m.value for m in at.markdown] == [shown]
    else:
        assert at.error[0].value.startswith("**Geweigerd.** Kolom 'categorie' heeft op regel 2")


def test_the_summary_writes_years_as_years_and_other_numbers_in_dutch():
    fig = go.Figure([go.Scatter(x=[2019, 2024], y=[3.5, 4.25], name="a"),
                     go.Scatter(x=[214715.0, 1500.5], y=[1, 9], name="b")])
    text = chart_summary(fig, "%")
    assert "hoogste waarde 9,0 (1.501, b)" in text and "laagste 1,0 (214.715, b)" in text
    assert chart_summary(go.Figure([go.Bar(x=[2019, 2024], y=[3, 4])]), "x").startswith(
        "Grafiek: één reeks; hoogste waarde 4 (2024), laagste 3 (2019)")
