"""Werkt het? (issue 21): its three queries on exact rows, and the page and the investment case on a fixture
warehouse with a simulated gemeente whose truth is known."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.effect_simulation import simulate_panel
from queries import run_query
from tests import fixture_data as fd
from tests.apptest_support import open_app
from tests.conftest import build_fixture_warehouse, pointed_at

BOUNDARY_COLS = ["code", "indeling_year", "same", "shift_m", "rule", "reason"]
OTHER = "andere grens dan in 2024: oppervlakte 900 ha tegen 100 ha op de kaart van 2024"


def _org_row(code, indeling, year, numerator, denominator, source=fd.ORG_DEMO):
    return ("kinderwerk_bereik_pct", code, indeling, year, numerator / denominator * 100, float(numerator),
            float(denominator), "value", True, fd.ORG_DERIVED, source)


@pytest.fixture
def small_warehouse(tmp_path, monkeypatch):
    """The shared fixture plus youth care per wijk for Almere: WK003401 the same area in 2019, WK003402 not."""
    obs = fd.TABLES["observation"]
    extra = [fd._obs("jzw_aantal", "WK003401", 2019, 2019, 120.0), fd._obs("jzw_aantal", "WK003402", 2019, 2019, 80.0),
             # WK003401's 2024 half year (60) is in the shared fixture
             fd._obs("jzw_aantal_hj1", "WK003402", 2024, 2024, None, "secret"),
             _org_row("WK003402", 2019, 2019, 40, 600)]
    tables = dict(fd.TABLES, observation=(obs[0], obs[1] + extra), wijk_boundary=(BOUNDARY_COLS, [
        ("WK003401", 2019, True, None, "regel", ""), ("WK003402", 2019, False, None, "regel", OTHER)]))
    yield from pointed_at(build_fixture_warehouse(tmp_path / "w.duckdb", tables), monkeypatch)


def _rows(df):
    return [tuple(None if (isinstance(v, float) and np.isnan(v)) else v for v in r) for r in df.itertuples(index=False)]


def test_effect_youthcare_by_wijk_follows_only_the_same_area(small_warehouse):
    df = run_query("effect_youthcare_by_wijk", gemeente="GM0034")
    assert _rows(df) == [
        ("GM0034", "WK003401", "Almere Stad", 2019, 120.0, "value", False, True, "", "Bron: CBS, fixture"),
        ("GM0034", "WK003401", "Almere Stad", 2024, 60.0, "value", True, True, "", "Bron: CBS, fixture"),
        ("GM0034", "WK003402", "Almere Haven", 2019, 80.0, "value", False, False, OTHER, "Bron: CBS, fixture"),
        ("GM0034", "WK003402", "Almere Haven", 2024, None, "secret", True, True, "", "Bron: CBS, fixture"),
    ]
    assert run_query("effect_youthcare_by_wijk", gemeente="GM0014").empty  # Groningen: no wijk figures
    assert set(run_query("effect_youthcare_by_wijk", gemeente="")["gemeente"]) == {"GM0034"}  # pooled: with reach


def test_effect_reach_by_wijk_is_suppressed_and_says_what_cannot_be_placed(small_warehouse):
    df = run_query("effect_reach_by_wijk", gemeente="GM0034")
    assert _rows(df[["wijk", "year", "numerator", "denominator", "status", "followed", "is_demo"]]) == [
        ("WK003401", 2024, None, None, "suppressed", True, True),     # 2 children: small
        ("WK003402", 2019, 40.0, 600.0, "value", False, True),        # another boundary: not placed
        ("WK003402", 2024, None, None, "suppressed", True, True),     # complementary to WK003401
        ("WK003403", 2024, 300.0, 2000.0, "value", True, True),
    ]


def test_effect_gemeenten_lists_who_delivered_reach_per_wijk(small_warehouse):
    assert _rows(run_query("effect_gemeenten")) == [("GM0034", "Almere", True, 2019, 2024)]


# --- a simulated gemeente with a planted effect -------------------------------------------------

GEM, WIJKEN, YEARS = "GM9100", [f"WK9100{i:02d}" for i in range(1, 17)], range(2015, 2025)


@pytest.fixture
def proefstad(tmp_path, monkeypatch):
    """Proefstad (GM9100): 16 wijken of ~150 young people with youth care, a −30% effect planted, real organisation."""
    panel = simulate_panel(np.random.default_rng(7), {GEM: np.full(len(WIJKEN), 150.0)}, effect=-0.30,
                           share_never=0.35, start_years=range(2018, 2023))
    panel["wijk"] = panel["wijk"].map(dict(zip(sorted(panel["wijk"].unique()), WIJKEN)))
    regions = [(GEM, "gemeente", "Proefstad", "NL00", 2024, 2024)] + [
        (w, "wijk", f"Proefwijk {w[-2:]}", GEM, y, 2024) for w in WIJKEN for y in YEARS]
    obs = [fd._obs("jzw_aantal_hj1" if y == 2024 else "jzw_aantal", w, y, y, v, "value" if pd.notna(v) else "secret")
           for w, y, v in zip(panel.wijk, panel.year, panel.outcome)]
    starts = panel.groupby("wijk")["start"].first()
    reach = [_org_row(w, y, y, 12 if y < s else 100, 1000, source=fd.ORG_REAL)   # 1,2% before the start, 10% after
             for w, s in starts.items() if pd.notna(s) for y in range(2016, 2025)]
    boundary = [(w, y, True, None, "regel", "") for w in WIJKEN for y in YEARS if y < 2024]
    tables = dict(fd.TABLES, region=(fd.TABLES["region"][0], fd.REGIONS + regions),
                  observation=(fd.TABLES["observation"][0], fd.TABLES["observation"][1] + obs + reach),
                  wijk_boundary=(BOUNDARY_COLS, boundary))
    yield from pointed_at(build_fixture_warehouse(tmp_path / "proef.duckdb", tables), monkeypatch)
    return starts


def test_the_page_finds_the_planted_effect_and_shows_its_parts(proefstad):
    at = open_app("views/effect.py", gemeente=GEM)
    (summary,) = [i.value for i in at.info if i.value.startswith("**In het kort.**")]
    assert "daalde" in summary and "95%:" in summary and "Voorbeelddata" not in summary
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Wijken met kinderwerk"]) >= 8 and int(metrics["Vergelijkingswijken"]) >= 3
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in spec["data"]] == ["vóór de start (toets: hoort 0 te zijn)", "na de start"]
    text = " ".join(m.value for m in at.markdown)
    assert "Toets vóór de start" in text and "Kanttekeningen" in " ".join(s.value for s in at.subheader)
    assert "Meer bereik, meer effect?" in [s.value for s in at.subheader] and "Niet te zeggen" in text  # 10 wijken
    assert "Overloop tussen wijken" in text and "wijkjaren tellen niet mee" in text
    assert at.query_params["drempel"] == "5"


def test_a_threshold_above_the_reach_means_no_wijk_started(proefstad):
    at = open_app("views/effect.py", gemeente=GEM, drempel="20")
    (summary,) = [i.value for i in at.info if i.value.startswith("**In het kort.**")]
    assert "niet te zeggen" in summary and not at.get("plotly_chart")


def test_the_investment_case_can_use_the_own_estimate(proefstad):
    at = open_app("views/investment.py", gemeente=GEM)
    before = [c.value for c in at.caption if "eigen schatting" in c.value]
    at.toggle(key="inv_eigen").set_value(True).run()
    assert not at.exception
    (line,) = [c.value for c in at.caption if "eigen schatting" in c.value]
    assert not before and "95%-interval" in line and "niet op de instroom" in line


def test_the_page_with_demo_reach_says_voorbeelddata_and_without_data_explains(small_warehouse):
    at = open_app("views/effect.py", gemeente="GM0034")
    (summary,) = [i.value for i in at.info if i.value.startswith("**In het kort.**")]
    assert summary.startswith("**In het kort.** Voorbeelddata") and "niet te zeggen" in summary
    at = open_app("views/effect.py", gemeente="GM0014")
    assert any("nog geen organisatie kinderwerk per wijk" in i.value for i in at.info)
    assert not [t.label for t in open_app("views/investment.py", gemeente="GM0034").toggle]  # no own estimate


@pytest.mark.filterwarnings("ignore:The kopts argument is ignored:UserWarning")
def test_the_exports_take_the_chart_and_sentence_when_chosen(proefstad):
    import io

    from pptx import Presentation
    from pypdf import PdfReader

    from analysis.investment import Scenario
    from reports import export
    from reports.sections import SECTIONS, build, effect

    plain = build(GEM, "Proefstad", 2023, Scenario())
    assert plain.section("werkt_het") is None  # only when chosen
    content = build(GEM, "Proefstad", 2023, Scenario(), SECTIONS + [effect])
    section = content.section("werkt_het")
    assert "daalde" in section.sentences[0] and "Vóór de start" in section.sentences[1] and section.chart is not None
    files = export(GEM, 2023, Scenario(), effect=True)
    deck = Presentation(io.BytesIO(files["pptx"]))
    (slide,) = [s for s in deck.slides if s.shapes.title is not None and s.shapes.title.text.startswith("Werkt het?")]
    assert any(sh.shape_type == 13 for sh in slide.shapes)  # a picture: the event-time chart
    pdf = PdfReader(io.BytesIO(files["pdf"]))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert len(pdf.pages) == 1 and "Werkt het?" in text


def test_pooled_over_the_gemeenten_with_data(proefstad):
    at = open_app("views/effect.py", gemeente=GEM)
    assert [t.label for t in at.toggle] == ["Alle 2 gemeenten met gegevens samen"]  # Proefstad and Almere (fixture)
    at.toggle(key="effect_samen").set_value(True).run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "wijken van de gemeenten met gegevens" in text and "per wijk" in text  # 2 gemeenten: clustered by wijk
    assert not [b for b in at.button if "presentatie" in b.label.lower()]  # the export is per gemeente
    at = open_app("views/effect.py", gemeente="GM0014")  # a gemeente without data may still pool
    assert any("zet hieronder alle gemeenten samen aan" in i.value for i in at.info) and at.toggle
