"""Page tests: the real dashboard.py with st.navigation, run by AppTest on the fixture warehouse."""
from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

from tests.apptest_support import click_map, open_app, rerun

from charts import DEMO_LABEL, MISSING_COLOUR, PALETTE, SECRET_COLOUR
from tests import fixture_data as fd
from tests.conftest import build_fixture_warehouse

pytestmark = pytest.mark.usefixtures("use_fixture_warehouse")

OVERVIEW, MAP, ABOUT = "views/overview.py", "views/map.py", "views/about_data.py"



def rgb(colour: str) -> list[int]:
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)] + [235]


def deck(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def features(spec: dict) -> dict[str, dict]:
    (layer,) = spec["layers"]
    assert layer["@@type"] == "GeoJsonLayer"
    return {f["properties"]["code"]: f["properties"] for f in layer["data"]["features"]}


def texts(elements) -> list[str]:
    return [e.value for e in elements]


# --- every page renders on the fixture -------------------------------------------------------

def check_overview(at: AppTest) -> None:
    assert at.title[0].value == "Almere in 2024"
    # short values in the tiles (charts.short_value); the unit goes in the caption below each
    assert [(m.label, m.value) for m in at.metric] == [
        ("Jongeren met jeugdzorg", "11,7%"),
        ("Kinderen 4–14 bereikt door kinderwerk", "11,3%"),
        ("Signalen opgepakt in de basis", "61,8%"),
        ("Jongeren met jeugdzorg (aantal)", "6.010"),
        ("Personen met bijstand", "0,0"),  # zero is shown, not hidden as secret
        ("Kinderen 0–14 jaar", "41.230"),
        ("Gemiddeld inkomen per inwoner", "€ 29.400"),
    ]
    # NL has only 2021 and 2025 here: no "hoger/lager dan NL" for 2024 against another year
    assert [m.delta for m in at.metric] == [""] * 7
    captions = texts(at.caption)
    assert "Eenheid: % van jongeren tot 23 jaar  \nNederland 2021: 10,5%  \nBron: CBS, fixture · 2024 · CBS-cijfer" \
        in captions
    # a count: no national count next to it (a gemeente is always smaller than the country)
    assert "Eenheid: personen tot 23 jaar  \nBron: CBS, fixture · 2024 · CBS-cijfer" in captions
    assert "Eenheid: × 1.000 euro  \nGeen landelijk cijfer in de data  \nBron: CBS, fixture · 2024 · CBS-cijfer" \
        in captions
    assert ("Eenheid: % van kinderen 4–14 jaar  \nGeen landelijk cijfer in de data  \n"
            "Voorbeelddata (gegenereerd, geen echte cijfers) · 2024 · voorbeelddata (geen echte cijfers)") in captions
    assert "Niet gepubliceerd voor dit jaar: Wmo-cliënten." in captions
    assert len(at.get("plotly_chart")) == 1
    # one info: the summary in words, which says which figures are demo data
    (summary,) = texts(at.info)
    assert summary.startswith("**In het kort.** In Almere kreeg in 2024 11,7% van de jongeren tot 23 jaar jeugdzorg")
    assert "(voorbeelddata)" in summary
    # the reach and signals of Almere 2024 come from the demo organisation
    assert len(at.warning) == 1 and at.warning[0].value.startswith(f"**{DEMO_LABEL}.**")


def check_map(at: AppTest) -> None:
    assert at.title[0].value == "Kaart"
    assert at.subheader[0].value == "Jongeren met jeugdzorg in 2024: 1 van 4 gemeenten met een cijfer"
    spec = deck(at)
    assert spec["initialViewState"] == {"latitude": 52.2, "longitude": 5.3, "zoom": 6.2}
    props = features(spec)
    assert {c: (p["name"], p["waarde"], p["fill"]) for c, p in props.items()} == {
        "GM0014": ("Groningen", "geen gegevens", rgb(MISSING_COLOUR)),
        "GM0034": ("Almere", "11,7%", rgb(PALETTE[0])),
        "GM0363": ("Amsterdam", "geen gegevens", rgb(MISSING_COLOUR)),
        "GM1980": ("Dijk en Waard", "geen gegevens", rgb(MISSING_COLOUR)),
    }
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)
    assert tooltip["html"] == "<b>{name}</b><br/>Jongeren met jeugdzorg: {waarde}"
    assert at.query_params["niveau"] == "gemeente" and at.query_params["indicator"] == "jeugdzorg_pct"


def check_about(at: AppTest) -> None:
    assert at.title[0].value == "Over de data"
    assert at.caption[0].value == "Datarelease fixture00001, gebouwd op 01-02-2026 10:30 (UTC)."
    frames = [d.value for d in at.dataframe]  # found by their columns: sections are added to this page
    catalogue, sources, herindeling, national = (next(f for f in frames if column in f.columns) for column in (
        "definitie (CBS)", "licentie", "oude gemeente", "cijfer"))
    assert len(catalogue) == len(fd.INDICATORS)
    assert sources["titel"].tolist() == ["Kerncijfers wijken en buurten (fixture)", "Registratie van De Speelkamer",
                                         "Voorbeelddata: Demo", "Voorbeeldsignalen jeugd"]
    assert sources["voorbeelddata"].tolist() == [False, False, True, True]
    assert "source_id" not in sources.columns
    assert herindeling["oude gemeente"].tolist() == ["Heerhugowaard", "Langedijk"]
    assert national["waarde"].tolist() == [8.5, 10.0, 431000.0]


@pytest.mark.parametrize(("view", "check"), [(OVERVIEW, check_overview), (MAP, check_map),
                                             (ABOUT, check_about)], ids=["overzicht", "kaart", "over-de-data"])
def test_page_renders(view, check):
    at = open_app(view)
    check(at)
    assert at.query_params["gemeente"] == "GM0034" and at.query_params["jaar"] == "2024"


# --- sidebar and URL -------------------------------------------------------------------------

def test_sidebar_lists_the_gemeenten_by_name():
    box = open_app().selectbox(key="sidebar_gemeente")
    assert box.options == ["Almere", "Amsterdam", "Dijk en Waard", "Groningen"]
    assert box.value == "GM0034"
    assert open_app().selectbox(key="sidebar_jaar").options == ["2024", "2023", "2022", "2021", "2020", "2019"]


def test_changing_the_sidebar_gemeente_updates_the_url():
    at = open_app()
    at.selectbox(key="sidebar_gemeente").set_value("GM0363")
    rerun(at)
    assert at.query_params == {"gemeente": "GM0363", "jaar": "2021"}  # 2024 is not an Amsterdam year
    assert at.title[0].value == "Amsterdam in 2021"
    assert at.selectbox(key="sidebar_jaar").value == 2021
    assert at.session_state["gemeente_naam"] == "Amsterdam"


def test_url_gemeente_selects_that_gemeente():
    at = open_app(gemeente="GM1980")
    assert at.selectbox(key="sidebar_gemeente").value == "GM1980"
    assert at.title[0].value == "Dijk en Waard in 2021"
    metric = {m.label: m for m in at.metric}["Jongeren met jeugdzorg"]
    assert (metric.value, metric.delta) == ("11,2%", "0,7 procentpunt hoger dan NL")
    assert "Bron: CBS, fixture · 2021 · afgeleid cijfer" in at.caption[1].value


def test_lower_than_nl_points_down():
    """Streamlit reads the arrow from a leading '-': 'lager dan NL' drew an up-arrow until the page set it."""
    at = open_app(gemeente="GM0363", jaar="2021")
    metric = {m.label: m for m in at.metric}["Jongeren met jeugdzorg"]
    assert (metric.value, metric.delta) == ("9,8%", "0,7 procentpunt lager dan NL")
    assert (metric.proto.direction, metric.proto.color) == (MetricProto.MetricDirection.DOWN,
                                                            MetricProto.MetricColor.GREEN)


def test_url_jaar_selects_that_year():
    at = open_app(gemeente="GM0034", jaar="2019")
    assert at.title[0].value == "Almere in 2019"
    assert [(m.label, m.value, m.delta) for m in at.metric] == [
        ("Jongeren met jeugdzorg", "10,2%", "0,2 procentpunt hoger dan NL")]


@pytest.mark.parametrize("query", [{"gemeente": "GM9999"}, {"gemeente": "GM0034", "jaar": "1999"},
                                   {"gemeente": "GM0034", "jaar": "abc"}])
def test_unknown_url_values_fall_back_to_almere_and_the_newest_year(query):
    at = open_app(**query)
    assert at.query_params == {"gemeente": "GM0034", "jaar": "2024"}
    assert at.title[0].value == "Almere in 2024"


def test_a_map_click_switches_the_gemeente():
    at = click_map(open_app(MAP), "GM0014")
    assert at.selectbox(key="sidebar_gemeente").value == "GM0014"
    assert at.query_params["gemeente"] == "GM0014" and at.query_params["jaar"] == "2021"
    assert at.title[0].value == "Kaart" and "pending_gemeente" not in at.session_state


def test_after_a_map_click_the_sidebar_can_still_choose_another_gemeente():
    at = open_app(MAP)
    before = at.get("deck_gl_json_chart")[0].proto.id
    click_map(at, "GM0014")
    # The handled click leaves a fresh map behind: no selection that could be re-applied later.
    assert at.get("deck_gl_json_chart")[0].proto.id != before
    at.selectbox(key="sidebar_gemeente").set_value("GM0363").run()
    assert at.selectbox(key="sidebar_gemeente").value == "GM0363"
    assert at.query_params["gemeente"] == "GM0363"


# --- single year, map levels, empty states ---------------------------------------------------

def test_gemeente_with_one_year_shows_the_info_text():
    at = open_app(gemeente="GM0363")
    infos = texts(at.info)
    assert infos[0].startswith("**In het kort.** In Amsterdam kreeg in 2021 9,8%")
    assert len(infos) == 2 and "geen reeks over meerdere jaren" in infos[1]  # no CBS series in this fixture
    assert not at.get("plotly_chart")
    assert "Voor Amsterdam zit alleen 2021 in de meegeleverde open data." in texts(at.sidebar.caption)


def test_map_gemeente_2021_secret_derived_and_legend():
    at = open_app(MAP, gemeente="GM0034", jaar="2021")
    assert at.subheader[0].value == "Jongeren met jeugdzorg in 2021: 3 van 4 gemeenten met een cijfer"
    props = features(deck(at))
    assert {c: (p["waarde"], p["fill"]) for c, p in props.items()} == {
        "GM0014": ("geheim (CBS)", rgb(SECRET_COLOUR)),
        "GM0034": ("11,4%", rgb(PALETTE[4])),
        "GM0363": ("9,8%", rgb(PALETTE[0])),
        "GM1980": ("11,2% (afgeleid)", rgb(PALETTE[2])),
    }
    legend = at.get("html")[0].proto.body
    assert "Geheim: CBS publiceert dit kleine aantal niet" in legend and "Geen gegevens" not in legend


def test_map_wijk_level_2019_warns_instead_of_drawing_reused_codes():
    at = open_app(MAP, gemeente="GM0034", jaar="2019")
    at.radio(key="kaart_niveau").set_value("wijk")
    rerun(at)
    assert not at.get("deck_gl_json_chart")
    assert len(at.warning) == 1
    assert at.warning[0].value.startswith("Voor 2019 is er geen kaart van de wijken van Almere")
    assert "andere wijkindeling" in at.warning[0].value
    assert at.subheader[0].value == "Jongeren met jeugdzorg in 2019: 1 van 2 wijken van Almere met een cijfer"
    assert at.expander[0].proto.expanded
    table = at.dataframe[0].value
    assert [tuple(r) for r in table.itertuples(index=False)] == [
        ("WK003401", fd.OLD_WIJK_01, "9,5%"), ("WK003402", fd.OLD_WIJK_02, "geheim (CBS)")]
    assert at.query_params["niveau"] == "wijk"


def test_map_wijk_level_2024_draws_the_2024_wijken():
    at = open_app(MAP, gemeente="GM0034", jaar="2024")
    at.radio(key="kaart_niveau").set_value("wijk")
    rerun(at)
    assert not at.warning
    spec = deck(at)
    assert {c: (p["name"], p["waarde"]) for c, p in features(spec).items()} == {
        "WK003401": ("Almere Stad", "12,3%"), "WK003402": ("Almere Haven", "10,4%"),
        "WK003403": ("Almere Buiten", "geen gegevens")}
    view = spec["initialViewState"]  # fitted to the wijken, not the NL view
    assert (view["longitude"], view["latitude"]) == pytest.approx((5.25, 52.35))
    assert view["zoom"] > 8
    assert not at.expander[0].proto.expanded


def test_map_wijk_level_without_wijk_figures_shows_info():
    at = open_app(MAP, gemeente="GM0363")
    at.radio(key="kaart_niveau").set_value("wijk")
    rerun(at)
    assert len(at.info) == 1 and at.info[0].value.startswith("Voor de wijken van Amsterdam")
    assert not at.get("deck_gl_json_chart")


def test_missing_warehouse_shows_how_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(tmp_path / "nowhere.duckdb"))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file("../dashboard.py", default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1 and "make warehouse" in at.error[0].value
    assert str(tmp_path / "nowhere.duckdb") in at.error[0].value
    assert not at.selectbox and not at.title


# --- default year ----------------------------------------------------------------------------

def test_the_default_year_is_the_newest_with_the_gemeentes_own_jeugdzorg(tmp_path, monkeypatch):
    """A newer year with only other figures (here inwoners 2025) is offered, but not opened first."""
    obs = fd.TABLES["observation"]
    extra = [("inwoners", "GM0034", 2024, 2025, 228000.0, None, None, "value", False, None, fd.REAL),
             ("jeugdzorg_pct", "WK003401", 2024, 2025, 12.9, None, None, "value", False, None, fd.REAL)]
    target = build_fixture_warehouse(tmp_path / "w.duckdb", dict(fd.TABLES, observation=(obs[0], obs[1] + extra)))
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(target))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = open_app()
    assert at.selectbox(key="sidebar_jaar").options == ["2025", "2024", "2023", "2022", "2021", "2020", "2019"]
    assert at.selectbox(key="sidebar_jaar").value == 2024
    assert at.query_params["jaar"] == "2024" and at.title[0].value == "Almere in 2024"
    assert open_app(jaar="2025").title[0].value == "Almere in 2025"  # still chosen on purpose


def test_a_gemeente_without_own_jeugdzorg_opens_its_newest_year():
    at = open_app(gemeente="GM0014")  # Groningen: jeugdzorg secret, a zero wmo figure in 2021
    assert at.selectbox(key="sidebar_jaar").value == 2021 and at.title[0].value == "Groningen in 2021"


# --- Data page -------------------------------------------------------------------------------

DATA = "views/data.py"


def test_data_page_renders_the_import_log(lokaal):
    at = open_app(DATA)
    assert at.title[0].value == "Data aanleveren"
    (log,) = (d.value for d in at.dataframe)
    assert log["import"].tolist() == [r[0] for r in sorted(fd.IMPORT_LOG, key=lambda r: -r[1])]
    assert log["status"].tolist() == ["teruggedraaid", "actief", "afgekeurd", "actief"]
    assert log["voorbeelddata"].tolist() == [False, False, False, True]
    assert log["rijen"].tolist() == [96, 12, 10, 120]
    # only active imports can be rolled back; newest first
    assert at.selectbox(key="data_terug_keuze").options == ["imp-20261103110000-d4e5f6", "imp-20261101090000-a1b2c3"]
    # demo data present: the label and the button to remove it, not the one to load it
    assert any(DEMO_LABEL in i for i in texts(at.info))
    assert [b.key for b in at.button if not b.key.startswith("FormSubmitter:toelichting")] == [
        "data_terugdraaien", "data_demo_weg"]  # (the note editor's own buttons: tests/test_notes.py)
    # a template per kind, as CSV and Excel
    assert [d.proto.label for d in at.get("download_button")] == ["CSV", "Excel"] * 3
    assert at.selectbox(key="data_soort").value == "bereik"


def test_data_page_without_imports_says_so_and_offers_the_demo(lokaal, tmp_path, monkeypatch):
    target = build_fixture_warehouse(tmp_path / "w.duckdb", dict(fd.TABLES, import_log=(fd.TABLES["import_log"][0], [])))
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(target))
    monkeypatch.setenv("VROEGDOEN_ORGSTORE", str(tmp_path / "leeg.duckdb"))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = open_app(DATA)
    assert not at.dataframe
    assert texts(at.info)[1:] == ["Nog niets aangeleverd. Begin met een sjabloon hierboven."]
    assert texts(at.info)[0].startswith("**Lokale modus.**")
    assert [b.key for b in at.button if not b.key.startswith("FormSubmitter:toelichting")] == [
        "data_demo_laden"]  # not pressed: it would write data/demo/


def test_data_page_rollback_of_an_import_rolled_back_meanwhile_changes_nothing(lokaal, tmp_path, monkeypatch):
    from admin import writes
    target = build_fixture_warehouse(tmp_path / "w.duckdb")
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(target))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = open_app(DATA)
    assert writes.rollback("imp-20261103110000-d4e5f6").ok  # another session was first
    before = target.read_bytes()
    at.button(key="data_terugdraaien").click()
    rerun(at)
    # nothing changed: a warning, not a green success
    assert not at.success and not at.error
    assert texts(at.warning) == ["Geen actieve import imp-20261103110000-d4e5f6 gevonden; er is niets veranderd."]
    assert target.read_bytes() == before


def test_data_page_shows_a_failed_rollback_as_an_error(lokaal, tmp_path, monkeypatch):
    """The republish fails: the import stays in force, and the page says so in red, not in green."""
    from orgdata import store as orgstore
    target = build_fixture_warehouse(tmp_path / "w.duckdb")
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(target))
    st.cache_data.clear()
    st.cache_resource.clear()
    data = b"wijkcode;maand;categorie;uitkomst;aantal\nWK003401;2024-01;opvoeding;samen met ouders opgelost;7\n"
    monkeypatch.setenv("VROEGDOEN_ORGSTORE", str(tmp_path / "store.duckdb"))
    imported = orgstore.import_file(data, "signalen.csv", "signalen", "De Schoor", publish_to=target)
    assert imported.status == "geïmporteerd", imported.message
    st.cache_data.clear()
    at = open_app(DATA)
    at.selectbox(key="data_terug_keuze").select(imported.import_id)
    monkeypatch.setattr(orgstore, "publish_org_data", lambda *a, **k: (_ for _ in ()).throw(OSError("schijf vol")))
    at.button(key="data_terugdraaien").click()
    rerun(at)
    assert not at.success
    (error,) = texts(at.error)
    assert error.startswith(f"Terugdraaien van {imported.import_id} is mislukt") and "de import geldt nog" in error


# --- demo label ------------------------------------------------------------------------------

def demo_warnings(at: AppTest) -> list[str]:
    return [w for w in texts(at.warning) if DEMO_LABEL in w]


@pytest.mark.parametrize(("jaar", "expected"), [
    ("2024", 1),   # reach and signals from org:Demo
    ("2023", 0),   # reach and signals from a real organisation (De Speelkamer)
    ("2021", 0),   # CBS figures only
])
def test_overview_shows_the_demo_label_only_for_demo_figures(jaar, expected):
    at = open_app(gemeente="GM0034", jaar=jaar)
    assert len(demo_warnings(at)) == expected
    captions = " ".join(texts(at.caption))
    assert ("voorbeelddata (geen echte cijfers)" in captions) is bool(expected)


@pytest.mark.parametrize(("level", "indicator", "jaar", "expected"), [
    ("gemeente", "kinderwerk_bereik_pct", "2024", 1),
    ("gemeente", "kinderwerk_bereik_pct", "2023", 0),
    ("gemeente", "jeugdzorg_pct", "2024", 0),
    ("wijk", "signalen_aantal", "2024", 1),   # also when most wijken are suppressed
    ("wijk", "jeugdzorg_pct", "2024", 0),
])
def test_map_shows_the_demo_label_only_for_demo_figures(level, indicator, jaar, expected):
    at = open_app(MAP, gemeente="GM0034", jaar=jaar, niveau=level, indicator=indicator)
    assert (at.query_params["niveau"], at.query_params["indicator"]) == (level, indicator)
    assert at.selectbox(key=f"kaart_jaar_{level}").value == int(jaar)
    assert len(demo_warnings(at)) == expected
    areas = {c: p["waarde"] for c, p in features(deck(at)).items()}
    assert any("voorbeelddata" in w for w in areas.values()) is bool(expected)
