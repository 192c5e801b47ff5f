"""Page Preventie en zorg (views/trends.py) in the real dashboard, run by AppTest on a fixture variant.

The variant adds to tests/fixture_data.py Almere's spending on jeugdhulp (euro) and its children
0-14 for 2019-2024, so that every mode has something to draw, and three trend breaks.
"""
from __future__ import annotations

import base64
import copy
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import open_app, rerun

from charts import DEMO_LABEL
from tests import fixture_data as fd
from tests.conftest import build_fixture_warehouse, pointed_at

TRENDS = "views/trends.py"
SPENDING = {2019: 8_000_000.0, 2020: 8_400_000.0, 2021: 8_800_000.0, 2022: 9_200_000.0, 2023: 9_600_000.0,
            2024: 8_246_000.0}
CHILDREN = {2019: 40_000.0, 2020: 40_000.0, 2021: 40_000.0, 2022: 40_000.0, 2023: 40_000.0}  # 2024: the fixture's
JEUGDZORG = {2019: 10.2, 2020: 10.8, 2021: 11.4, 2022: 11.9, 2023: 12.1, 2024: 11.7}  # fixture_data
IV3_BREAK = "Iv3: 6.2 heet Toegang"
WIJK_BREAK = "Nieuwe wijkindeling"
LABELS = {"jeugdzorg_pct": "Jongeren met jeugdzorg", "kinderwerk_bereik_pct": "Kinderen 4–14 bereikt door kinderwerk",
          "signalen_basis_pct": "Signalen opgepakt in de basis", "uitgaven_jeugdhulp": "Uitgaven jeugdhulp"}
DEMO_CAPTION = f":material/science: **{DEMO_LABEL}.**"


def _obs(indicator, code, year, value):
    return (indicator, code, 2024, year, value, None, None, "value", False, None, fd.REAL)


def trends_tables() -> dict:
    tables = copy.deepcopy(fd.TABLES)
    tables.pop("iv3_lasten", None)  # the Iv3 section has its own tests (tests/test_iv3_page.py)
    tables["indicator"][1].append(("uitgaven_jeugdhulp", LABELS["uitgaven_jeugdhulp"], "euro", 0,
                                   "Lasten jeugdhulp.", "Iv3", "uitgaven", 0, None))
    tables["observation"][1].extend([_obs("uitgaven_jeugdhulp", "GM0034", y, v) for y, v in SPENDING.items()]
                                    + [_obs("kinderen_0_15", "GM0034", y, v) for y, v in CHILDREN.items()])
    tables["trend_break"] = (["year", "theme", "region_code", "label_nl"], [
        (2023, "uitgaven", None, IV3_BREAK),
        (2022, "wijken", "GM0034", WIJK_BREAK),
        (2022, "alle", "GM1980", "Herindeling: Heerhugowaard, Langedijk opgegaan in Dijk en Waard"),
    ])
    return tables


@pytest.fixture(scope="module")
def trends_warehouse(tmp_path_factory):
    return build_fixture_warehouse(tmp_path_factory.mktemp("trends") / "trends.duckdb", trends_tables())


@pytest.fixture(autouse=True)
def use_trends_warehouse(trends_warehouse, monkeypatch):
    yield from pointed_at(trends_warehouse, monkeypatch)


def open_trends(**query: str) -> AppTest:
    return open_app(TRENDS, **query)


def figure(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def values(array) -> list:
    """A plotly JSON array: a list, or a typed array ({'dtype', 'bdata'}) as plotly 6+ writes numbers."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


def traces(spec: dict) -> dict[str, dict[int, float]]:
    """Trace name (legend label or facet theme) -> {year: y}."""
    return {t["name"]: dict(zip(values(t["x"]), values(t["y"]))) for t in spec["data"]}


def annotation_texts(spec: dict) -> list[str]:
    return [a["text"] for a in spec["layout"].get("annotations", [])]


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


# --- the page on Almere: index mode ------------------------------------------------------------

def test_page_renders_an_index_chart_whose_title_states_the_change():
    at = open_trends()
    assert at.title[0].value == "Preventie en zorg in Almere"
    assert not at.info
    spec = figure(at)
    # 11,7 / 10,2 = +15% since 2019; reach has no 2019 figure, so it is not part of the sentence
    assert spec["layout"]["title"]["text"] == \
        "Sinds 2019 het aandeel jongeren met jeugdzorg groeide met 15% (Almere, t/m 2024)"
    lines = traces(spec)
    assert set(lines) == {LABELS["jeugdzorg_pct"], LABELS["uitgaven_jeugdhulp"]}  # the series with a 2019 figure
    assert lines[LABELS["jeugdzorg_pct"]] == pytest.approx({y: v / 10.2 * 100 for y, v in JEUGDZORG.items()})
    assert at.radio(key="trends_modus").value == "index"
    assert at.multiselect(key="trends_reeksen").value == list(LABELS)
    assert "Eenheid: index, 2019 = 100." in " ".join(captions(at))


def test_demo_caption_follows_the_chosen_series():
    at = open_trends()
    # reach and the basis share of Almere 2024 come from the demo organisation
    assert DEMO_CAPTION in captions(at)
    at.multiselect(key="trends_reeksen").set_value(["jeugdzorg_pct", "uitgaven_jeugdhulp"])
    rerun(at)
    assert DEMO_CAPTION not in captions(at)
    assert len(at.get("plotly_chart")) == 1


def test_base_year_puts_that_years_points_at_100():
    at = open_trends()
    at.selectbox(key="trends_basisjaar").set_value(2023)
    rerun(at)
    spec = figure(at)
    lines = traces(spec)
    # reach (2023, 2024) now has its base year; the basis share (2024 only) still has none
    assert set(lines) == {LABELS["jeugdzorg_pct"], LABELS["kinderwerk_bereik_pct"], LABELS["uitgaven_jeugdhulp"]}
    for name, points in lines.items():
        assert points[2023] == pytest.approx(100), name
    assert lines[LABELS["jeugdzorg_pct"]][2019] == pytest.approx(10.2 / 12.1 * 100)
    assert lines[LABELS["uitgaven_jeugdhulp"]][2024] == pytest.approx(8_246_000 / 9_600_000 * 100)
    assert spec["layout"]["title"]["text"] == ("Sinds 2023 het bereik van het kinderwerk groeide met 9%<br>"
                                               "en het aandeel jongeren met jeugdzorg daalde met 3% (Almere, t/m 2024)")
    assert "Eenheid: index, 2023 = 100." in " ".join(captions(at))


def test_index_chart_marks_a_trend_break_of_a_plotted_theme():
    at = open_trends()
    spec = figure(at)
    breaks = [s["x0"] for s in spec["layout"]["shapes"] if s["line"]["dash"] == "dash"]
    assert breaks == [2022.5]  # spending's Iv3 break; the wijk indeling does not touch gemeente series
    assert IV3_BREAK in annotation_texts(spec)
    assert WIJK_BREAK not in annotation_texts(spec)
    (table,) = [d.value for d in at.dataframe]
    assert [tuple(r) for r in table.itertuples(index=False)] == [
        (2022, "wijken", WIJK_BREAK), (2023, "uitgaven", IV3_BREAK)]  # not Dijk en Waard's herindeling


# --- the other modes ----------------------------------------------------------------------------

def test_per_1000_mode_shows_a_facet_per_count_with_values_per_1000_children():
    at = open_trends()
    at.radio(key="trends_modus").set_value("per1000")
    rerun(at)
    assert at.selectbox(key="trends_basisjaar").disabled
    spec = figure(at)
    # percentages have no figure per 1.000 children: only spending is left, in its own facet
    assert set(annotation_texts(spec)) == {LABELS["uitgaven_jeugdhulp"], IV3_BREAK}
    kids = {**CHILDREN, 2024: 41_230.0}
    assert traces(spec) == {"uitgaven": pytest.approx({y: v / kids[y] * 1000 for y, v in SPENDING.items()})}
    assert "Eenheid: per 1.000 kinderen van 0–14 jaar (CBS)." in " ".join(captions(at))


def test_absolute_mode_shows_one_facet_per_series_in_its_own_unit():
    at = open_trends()
    at.radio(key="trends_modus").set_value("absoluut")
    rerun(at)
    spec = figure(at)
    assert set(annotation_texts(spec)) == set(LABELS.values()) | {IV3_BREAK}
    lines = traces(spec)  # coloured by theme: one trace per theme, each on its own axes
    assert set(lines) == {"preventie", "signalen", "specialistische zorg", "uitgaven"}
    assert lines["uitgaven"] == pytest.approx(SPENDING)
    assert lines["specialistische zorg"] == pytest.approx(JEUGDZORG)
    # 2023 is De Speelkamer's registration, 2024 the demo organisation's: two publications, a gap between
    assert {y: v for y, v in lines["preventie"].items() if v == v} == pytest.approx({2023: 410 / 3950 * 100, 2024: 11.3})
    assert np.isnan(lines["preventie"][2023.5])
    assert len({t["yaxis"] for t in spec["data"]}) == 4
    assert "Eenheid: de eenheid per paneel." in " ".join(captions(at))


def test_switching_modes_changes_the_figure():
    at = open_trends()
    shown = {}
    for mode in ("index", "per1000", "absoluut"):
        at.radio(key="trends_modus").set_value(mode)
        rerun(at)
        spec = figure(at)
        shown[mode] = (len({t.get("xaxis", "x") for t in spec["data"]}), sorted(traces(spec)))
    assert shown == {
        "index": (1, [LABELS["jeugdzorg_pct"], LABELS["uitgaven_jeugdhulp"]]),
        "per1000": (1, ["uitgaven"]),
        "absoluut": (4, ["preventie", "signalen", "specialistische zorg", "uitgaven"]),
    }


# --- gemeenten without a series -----------------------------------------------------------------

@pytest.mark.parametrize(("gemeente", "text"), [
    ("GM0363", "Voor Amsterdam bevat de data nog geen reeks over meerdere jaren (alleen 2021)."),
    ("GM0014", "Voor Groningen bevat de data nog geen reeks over meerdere jaren"),  # its one figure is secret
], ids=["one-year", "secret-only"])
def test_gemeente_without_a_multi_year_series_shows_the_info_text_and_no_chart(gemeente, text):
    at = open_trends(gemeente=gemeente)
    assert len(at.info) == 1 and at.info[0].value.startswith(text)
    assert not at.get("plotly_chart")
    assert not at.get("radio")


def test_no_series_chosen_asks_for_one():
    at = open_trends()
    at.multiselect(key="trends_reeksen").set_value([])
    rerun(at)
    assert [i.value for i in at.info] == ["Kies ten minste één reeks."]
    assert not at.get("plotly_chart")
