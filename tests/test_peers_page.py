"""The page Gemeenten vergelijken (views/peers.py) in the real dashboard, and its builders (charts/peers.py).

Most tests run on the wider peer fixture (tests/fixture_data.py PEER_TABLES: twelve gemeenten with
2021 context); one runs on the small fixture, where Almere has no 2021 context at all.
"""
from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import open_app, rerun

from analysis.funnel import funnel_fit
from analysis.neighbours import young_people
from charts.peers import TITLES, basis_text, credits_text, dutch_list, funnel_chart, funnel_title, rank_text
from tests import fixture_data as fd
from tests.conftest import build_fixture_warehouse, pointed_at

PEERS = "views/peers.py"
ALMERE_YOUNG = 214715.0 * (18.5 + 0.8 * 12.6) / 100  # the fixture's 2021 figures for Almere


@pytest.fixture(scope="module")
def peer_warehouse_file(tmp_path_factory):
    return build_fixture_warehouse(tmp_path_factory.mktemp("peers") / "peers.duckdb", fd.PEER_TABLES)


@pytest.fixture
def peer_warehouse(peer_warehouse_file, monkeypatch):
    yield from pointed_at(peer_warehouse_file, monkeypatch)


def open_peers(**query: str) -> AppTest:
    """The dashboard, opened with ?query, then switched to this page."""
    at = open_app(PEERS, **query)
    assert at.title[0].value.endswith("naast vergelijkbare gemeenten")  # this page, not the default one
    return at


def values(array) -> np.ndarray:
    """A plotly JSON array: a list, or (plotly ≥ 6) base64 typed-array data."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array if array is not None else [])


def funnel(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def traces(spec: dict) -> dict[str, dict]:
    return {t["name"]: t for t in spec["data"]}


TABLE_COLUMN = {"peers_profile": "Kenmerk", "peers_comparison": "Rang (1 = hoogste)",
                "peers_neighbours": "Afstand (0 = gelijk)"}  # a dataframe without selection has no id


def table(at: AppTest, key: str) -> pd.DataFrame:
    """The table the page shows under ``key``, found by a column only it has."""
    (frame,) = [d.value for d in at.dataframe if TABLE_COLUMN[key] in d.value.columns]
    return frame


def texts(elements) -> list[str]:
    return [e.value for e in elements]


# --- the page on the peer fixture -------------------------------------------------------------

@pytest.mark.usefixtures("peer_warehouse")
def test_page_renders_with_the_funnel_and_the_chosen_gemeente_in_it():
    at = open_peers()
    assert at.title[0].value == "Almere naast vergelijkbare gemeenten"
    assert at.caption[0].value == ("Buurgemeenten, trechter en rang: Kerncijfers wijken en buurten (KWB) 2021, het "
                                   "jaar waarin de meegeleverde data jeugdzorg en inwoners van de meeste gemeenten "
                                   "hebben (11 van 12).")  # Groningen's jeugdzorg is secret; no youth-care series
    spec = funnel(at)
    assert spec["layout"]["separators"] == ",."
    assert spec["layout"]["xaxis"]["type"] == "log"
    by_name = traces(spec)
    own = by_name["Almere"]
    assert values(own["x"]).tolist() == pytest.approx([ALMERE_YOUNG])
    assert values(own["y"]).tolist() == [11.4]
    assert own["text"] == ["Almere"] and own["customdata"][0][:2] == ["Almere", "11,4%"]
    # 12 gemeenten, Groningen without a jeugdzorg figure: 11 points in all
    points = sum(len(values(by_name[n]["x"])) for n in by_name if n == "Almere" or n.startswith(("Alle", "Buur")))
    assert points == 11
    # centre: the mean of the 11 gemeenten weighted by their young people
    assert "Nederland: 10,3%" in by_name
    # 11,4% against about 61.000 young people would be far above plain binomial limits around 10,3%,
    # but the fixture's gemeenten spread far more than chance: within the random-effects funnel
    assert spec["layout"]["title"]["text"].replace("<br>", " ") == (
        "Almere ligt binnen de gewone spreiding tussen gemeenten: geen duidelijk verschil met Nederland")


@pytest.mark.usefixtures("peer_warehouse")
def test_changing_k_changes_the_number_of_neighbours_in_the_table_and_the_funnel():
    at = open_peers()
    slider = at.slider(key="peers_k")
    assert (slider.value, slider.min, slider.max) == (10, 5, 11)  # 11 other gemeenten
    assert len(table(at, "peers_neighbours")) == 10
    assert at.subheader[-1].value == "De 10 buurgemeenten"
    slider.set_value(6)
    rerun(at)
    shown = table(at, "peers_neighbours")
    assert len(shown) == 6 and shown["Nr."].tolist() == [1, 2, 3, 4, 5, 6]
    assert at.subheader[-1].value == "De 6 buurgemeenten"
    assert "Almere lijkt het meest op deze 6 gemeenten in inwoners, aandeel kinderen, inkomen en " \
           "dichtheid (naast grootte)" in at.markdown[0].value
    assert "Buurgemeenten (6)" in traces(funnel(at))
    at.slider(key="peers_k").set_value(5)
    rerun(at)
    assert len(table(at, "peers_neighbours")) == 5


@pytest.mark.usefixtures("peer_warehouse")
def test_neighbours_table_nearest_first_with_dutch_numbers():
    shown = table(open_peers(), "peers_neighbours")
    assert list(shown.columns) == ["Nr.", "Gemeente", "Afstand (0 = gelijk)", "Jeugdzorg (% jongeren)",
                                   "Wmo (per 1.000 inw.)", "Bijstand (per 1.000 inw.)",
                                   "Rond sociaal minimum (% huish.)"]
    assert shown["Gemeente"].tolist()[:2] == ["Cleefdorp", "Aaveen"]  # most alike in the fixture
    distances = [float(d.replace(",", ".")) for d in shown["Afstand (0 = gelijk)"]]
    assert distances == sorted(distances)
    first = shown.iloc[0]
    assert first.iloc[3:].tolist() == ["9,0%", "64", "22,0", "4,6%"]  # Cleefdorp
    assert "Almere" not in shown["Gemeente"].tolist()


@pytest.mark.usefixtures("peer_warehouse")
def test_comparison_table_gives_rank_quartile_neighbours_and_nl():
    at = open_peers()
    comparison = table(at, "peers_comparison")
    assert list(comparison.columns) == ["Indicator", "Almere", "Rang (1 = hoogste)", "Kwartiel",
                                        "Buurgemeenten (mediaan)", "Nederland", "Eenheid"]
    assert comparison["Eenheid"].tolist() == ["% van jongeren tot 23 jaar", "per 1.000 inwoners",
                                              "per 1.000 inwoners", "% van particuliere huishoudens"]
    assert comparison["Indicator"].tolist() == ["Jongeren met jeugdzorg", "Wmo-cliënten", "Personen met bijstand",
                                                "Huishoudens onder of rond het sociaal minimum"]
    # jeugdzorg 11,4%: below Fleerdam 13,5% and Aaveen 12,7% of the 11 with a figure
    assert comparison.iloc[0][["Almere", "Rang (1 = hoogste)", "Kwartiel", "Nederland"]].tolist() == [
        "11,4%", "3 van 11", "1e", "10,5%"]  # NL: the NL00 figure of the fixture
    assert comparison.iloc[1]["Nederland"].endswith(" *")  # NL's wmo is 'missing': computed, marked
    assert any("**Jongeren met jeugdzorg: 11,4%.** Rang 3 van 11 (1e kwartiel)" in t for t in texts(at.markdown))


@pytest.mark.usefixtures("peer_warehouse")
def test_register_shares_get_no_funnel_only_shares_with_sampling_noise():
    at = open_peers()
    box = at.selectbox(key="peers_indicator")
    # children and young people as a share of inhabitants come from the register: facts, not samples
    assert box.options == ["Jongeren met jeugdzorg"]
    assert "geen steekproef" in box.help


@pytest.mark.usefixtures("peer_warehouse")
def test_a_gemeente_with_a_secret_jeugdzorg_figure_is_explained_not_plotted():
    at = open_peers(gemeente="GM0014")
    assert any("Groningen staat niet in de trechter" in i and "CBS houdt dit cijfer geheim" in i
               for i in texts(at.info))
    by_name = traces(funnel(at))
    assert len(values(by_name["Groningen"]["x"])) == 0
    assert funnel(at)["layout"]["title"]["text"] == TITLES["onbekend"].format(naam="Groningen")
    assert "Voor Groningen is er in 2021 geen cijfer voor jongeren met jeugdzorg (CBS houdt het geheim)." \
        in texts(at.markdown)
    # its neighbour Hessel has no bijstand figure: no matter for the choice, bijstand is not a matching variable
    assert "bijstand" not in at.markdown[0].value


@pytest.mark.usefixtures("peer_warehouse")
def test_a_gemeente_without_a_bijstand_figure_still_gets_neighbours_on_all_four_variables():
    at = open_peers(gemeente="GM9008")
    reason = at.markdown[0].value
    assert reason.startswith("Hessel lijkt het meest op deze 10 gemeenten in inwoners, aandeel kinderen, inkomen "
                             "en dichtheid (naast grootte)")
    assert "telt niet mee" not in reason
    profile = table(at, "peers_profile").set_index("Kenmerk")
    assert "Personen met bijstand" not in profile.index
    assert list(profile.columns) == ["Eenheid", "Hessel", "Buurgemeenten: laagste – hoogste", "Buurgemeenten: mediaan"]
    assert profile.at["Gemiddeld inkomen per inwoner", "Hessel"] == "€ 30.000"
    assert profile.at["Gemiddeld inkomen per inwoner", "Eenheid"] == "euro"
    comparison = table(at, "peers_comparison").set_index("Indicator")
    assert comparison.loc["Personen met bijstand", ["Hessel", "Rang (1 = hoogste)", "Kwartiel"]].tolist() == ["–"] * 3
    assert any("Een streepje (–): voor Hessel is er in 2021 geen cijfer voor personen met bijstand." in c
               for c in texts(at.caption))


# --- the page on the small fixture: no context for the chosen gemeente --------------------------

@pytest.mark.usefixtures("use_fixture_warehouse")
def test_without_context_the_page_explains_instead_of_comparing():
    at = open_peers()
    assert not at.get("plotly_chart") and not at.slider
    infos = texts(at.info)
    assert any(i.startswith("Voor Almere ontbreken in 2021 de cijfers over inwoners") for i in infos)
    assert "In 2021 zijn er geen percentages met een bekende groepsgrootte om in een trechter te zetten." in infos
    assert "Er zijn maar 3 andere gemeenten met cijfers om mee te vergelijken." in texts(at.caption)
    assert "**Jongeren met jeugdzorg: 11,4%.** Rang 1 van 3 (1e kwartiel)" in texts(at.markdown)[0]


# --- builders ---------------------------------------------------------------------------------

def test_dutch_list():
    assert [dutch_list([]), dutch_list(["a"]), dutch_list(["a", "b"]), dutch_list(["a", "b", "c"])] == [
        "", "a", "a en b", "a, b en c"]


def test_rank_text():
    assert rank_text((123, 342, 2)) == "Rang 123 van 342 (2e kwartiel)"
    assert rank_text((1, 1342, 1)) == "Rang 1 van 1.342 (1e kwartiel)"
    assert rank_text(None) == "Geen rang: geen cijfer"


@pytest.mark.parametrize(("position", "expected"), [
    ("binnen", "Almere ligt binnen de gewone spreiding tussen gemeenten: geen duidelijk verschil met Nederland"),
    ("boven_95", "Almere ligt boven de 95%-grens: meer jeugdzorg dan verwacht"),
    ("boven_998", "Almere ligt boven de 99,8%-grens: duidelijk meer jeugdzorg dan verwacht"),
    ("onder_95", "Almere ligt onder de 95%-grens: minder jeugdzorg dan verwacht"),
    ("onder_998", "Almere ligt onder de 99,8%-grens: duidelijk minder jeugdzorg dan verwacht"),
])
def test_funnel_title_states_the_finding(position, expected):
    assert funnel_title("Almere", position, "jeugdzorg_pct") == expected


def test_credits_text_lists_each_source_once():
    df = pd.DataFrame({"credit": ["Bron: B · Bron: A", "Bron: A", None]})
    assert credits_text(df) == "Bron: A · Bron: B"
    assert credits_text(pd.DataFrame({"credit": [None]})) == "Bron: CBS"


def test_funnel_chart_highlights_the_gemeente_and_its_neighbours():
    points = pd.DataFrame({"code": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"],
                           "n": [100.0, 1000.0, 10000.0, 400.0], "value": [10.0, 12.0, 10.0, 30.0]})
    meta = pd.DataFrame({"label_nl": ["Jongeren met jeugdzorg"], "unit": ["% van jongeren tot 23 jaar"],
                         "decimals": [1]}, index=["jeugdzorg_pct"])
    fig, data, note, position = funnel_chart(points, "d", "D", ["b"], "jeugdzorg_pct", meta)
    assert isinstance(fig, go.Figure) and fig.layout.separators == ",."
    by_name = {t.name: t for t in fig.data}
    assert list(by_name["D"].x) == [400.0] and list(by_name["D"].y) == [30.0]
    assert list(by_name["Buurgemeenten (1)"].x) == [1000.0]
    assert list(by_name["Alle gemeenten"].x) == [100.0, 10000.0]
    centre = (10 * 100 + 12 * 1000 + 10 * 10000 + 30 * 400) / 11500
    assert f"Nederland: {centre:.1f}%".replace(".", ",") in by_name
    # D is far out on plain binomial limits, but the four gemeenten spread far more than chance: the limits
    # add the spread between gemeenten (tau), and D lies within them.
    fit = funnel_fit(points["value"], points["n"])
    assert fit.tau2 > 0 and fit.centre == pytest.approx(centre)
    tau_pp = f"{np.sqrt(fit.tau2) * 100:.1f}".replace(".", ",")
    assert position == "boven_95" and fig.layout.title.text.startswith("D ligt boven de 95%-grens")
    assert data["groep"].tolist() == ["andere gemeente", "buurgemeente", "andere gemeente", "gekozen gemeente"]
    assert "0 van de 4 gemeenten liggen buiten de 99,8%-grenzen" in note
    assert f"vaste spreiding tussen gemeenten mee van {tau_pp} procentpunt (Spiegelhalter 2005)" in note
    assert "geschat" in note


def test_young_people_of_the_fixture_almere():
    df = pd.DataFrame({"inwoners": [214715.0], "kinderen_0_15_pct": [18.5], "jongeren_15_25_pct": [12.6]})
    assert young_people(df).iloc[0] == pytest.approx(ALMERE_YOUNG)


# --- what is compared on which year (the caption under the title) ------------------------------------------

def _years(rows):
    return pd.DataFrame(rows, columns=["year", "n_gemeenten", "n_total"])


def test_basis_text_names_the_kwb_year_and_the_youth_care_years():
    # the bundled data: KWB 2021 complete; KWB 2022 has inwoners for all but jeugdzorg only for Almere
    years = _years([(2021, 342, 342), (2024, 1, 342), (2022, 1, 342)])
    jz = _years([(y, 342 if y >= 2021 else 330, 342) for y in range(2023, 2014, -1)])
    assert basis_text(years, jz) == (
        "Buurgemeenten, trechter en rang: Kerncijfers wijken en buurten (KWB) 2021, het enige jaar waarin de "
        "meegeleverde data jeugdzorg en inwoners van alle 342 gemeenten hebben. Jeugdzorg per jaar (verderop): de "
        "CBS-jeugdzorgtabellen, 2015–2023, een jaar naar keuze (twee reeksen: tot 2020 en vanaf 2021).")
    # no youth-care section on the page for this gemeente: not mentioned
    assert basis_text(years, None).endswith("van alle 342 gemeenten hebben.")
    # after a refresh with KWB 2022 complete too: the newest complete year, not 'the only one'
    both = _years([(2022, 342, 342), (2021, 342, 342)])
    assert "(KWB) 2022, het nieuwste jaar waarin" in basis_text(both, _years([(2023, 342, 342), (2021, 342, 342)]))
    assert basis_text(both, _years([(2023, 342, 342), (2021, 342, 342)])).endswith("2021–2023, een jaar naar keuze.")
