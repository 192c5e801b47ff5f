"""The page 'Wie verwijst naar jeugdzorg?' on a fixture warehouse with hand-made referrer counts.

The fixture is tests/fixture_data.TABLES plus the rows below (kept here, so the other tests' exact rows
stay as they are): the first half of 2024 for NL, Almere and its two 2024 wijken (WK003402 with a
secret judge count and no trajecten), whole years 2022 and 2023 for NL and Almere, and coverage rows
(Amsterdam's wijken 2024: 'not in the bundled data').
"""
from __future__ import annotations

import json

import pytest

from tests import fixture_data as fx
from queries import run_query
from tests.apptest_support import open_app, rerun
from tests.conftest import build_fixture_warehouse, pointed_at

SRC = "cbs_jz_fixture"
KEYS = ["toegang", "huisarts", "jeugdarts", "gi", "specialist", "rechter", "geen", "onbekend"]
# trajecten per referrer (same order as KEYS); the totals: NL 1.000, Almere 200, WK003401 100
COUNTS = {
    ("NL00", 2024, True): [300, 330, 30, 80, 40, 5, 140, 75],
    ("GM0034", 2024, True): [40, 80, 10, 30, 10, None, 20, 10],
    ("WK003401", 2024, True): [25, 40, None, 15, 5, None, 10, 5],
    ("NL00", 2022, False): [301, 327, 28, 81, 42, 3, 139, 79],
    ("GM0034", 2022, False): [50, 70, 10, 30, 10, None, 20, 10],
}
TOTALS = {("NL00", 2024, True): 1000, ("GM0034", 2024, True): 200, ("WK003401", 2024, True): 100,
          ("NL00", 2022, False): 1000, ("GM0034", 2022, False): 200}


def _rows():
    obs = []
    for (code, year, half), counts in COUNTS.items():
        suffix = "_hj1" if half else ""
        indeling = year if code.startswith("WK") else 2024
        for key, n in zip(KEYS, counts):
            obs.append((f"jzw_verw_{key}{suffix}", code, indeling, year, n, None, None,
                        "value" if n is not None else "secret", False, None, SRC))
        total = TOTALS[(code, year, half)]
        obs.append((f"jzw_trajecten{suffix}", code, indeling, year, total, None, None, "value", False, None, SRC))
        obs.append((f"jzw_verw_toegang_pct{suffix}", code, indeling, year, counts[0] / total * 100, counts[0], total,
                    "value", True, "Berekend", SRC))
    obs.append(("jzw_trajecten_hj1", "WK003402", 2024, 2024, None, None, None, "secret", False, None, SRC))
    ids = sorted({o[0] for o in obs})
    indicators = [(i, i, "trajecten", 0, "Definitie (fixture)", "fixture", "specialistische zorg", -1, None) for i in ids]
    coverage = [("GM0034", 2024, True, True, "", SRC), ("GM0034", 2022, False, True, "", SRC),
                ("GM0363", 2024, True, False, "niet in de meegeleverde gegevens: afgebroken bestand; dit is geen nul", SRC),
                ("GM0363", 2022, False, True, "", SRC)]
    return obs, indicators, coverage


@pytest.fixture(scope="module")
def referrer_warehouse(tmp_path_factory):
    obs, indicators, coverage = _rows()
    tables = dict(fx.TABLES)
    tables["observation"] = (fx.TABLES["observation"][0], fx.OBSERVATIONS)  # without the meta-test's NL rows
    cols, rows = tables["observation"]
    tables["observation"] = (cols, rows + obs)
    cols, rows = tables["indicator"]
    tables["indicator"] = (cols, [i if len(i) > 8 else (*i, None) for i in fx.INDICATORS] + indicators)
    cols, rows = tables["source"]
    tables["source"] = (cols, rows + [(SRC, "Jeugdzorg per wijk (fixture)", "CBS", "CC BY 4.0",
                                       "Bron: CBS, jeugdzorg per wijk (fixture)", None, None, None, False)])
    tables["wijk_coverage"] = (["gemeente_code", "year", "half_year", "in_bundle", "reason", "source_id"], coverage)
    tables["wijk_boundary"] = (["code", "indeling_year", "same", "shift_m", "rule", "reason"], [
        ("WK003401", 2019, False, None, "regel", "wijkindeling van de gemeente anders dan in 2021 of 2024"),
        ("WK003402", 2019, False, None, "regel", "wijkindeling van de gemeente anders dan in 2021 of 2024")])
    tables["wijkdata_check"] = (["check_id", "label_nl", "value", "unit", "note"], [
        ("share_mean_abs", "Afgeleid aandeel: gemiddelde afwijking", 0.18, "procentpunt", "338 gemeenten")])
    return build_fixture_warehouse(tmp_path_factory.mktemp("referrers") / "referrers.duckdb", tables)


@pytest.fixture
def warehouse(referrer_warehouse, monkeypatch):
    yield from pointed_at(referrer_warehouse, monkeypatch)


def _titles(at):
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_page_is_in_the_navigation(warehouse):
    at = open_app("views/referrers.py", gemeente="GM0034")
    assert at.title[0].value == "Wie verwijst naar jeugdzorg?"


def test_almere_first_half_2024_against_nl(warehouse):
    at = open_app("views/referrers.py", gemeente="GM0034", jaar="2024")
    assert at.selectbox(key="verwijzers_periode").value == "2024-1"
    assert [m.value for m in at.metric] == ["20,0%", "30,0%"]  # 40 of 200; 300 of 1.000
    titles = _titles(at)
    finding = ("In Almere kwam 20% van de jeugdzorgtrajecten via de gemeentelijke toegang, 10 procentpunt "
               "minder dan in Nederland (30%; 2024, 1e halfjaar)")
    # the title wraps (plotly does not: it ran off the right edge); the plain sentence under the chart does not
    assert titles[0] == ("In Almere kwam 20% van de jeugdzorgtrajecten via de gemeentelijke toegang, 10 procentpunt<br>"
                         "minder dan in Nederland (30%; 2024, 1e halfjaar)")
    assert any(m.value.replace("\\", "").startswith(finding + ": 2 reeksen") for m in at.markdown)
    # per wijk: only WK003401 has both counts (WK003402's trajecten are secret)
    assert titles[1].startswith("Via de toegang: van 25% tot 25% van de trajecten per wijk (1 van")
    split = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = {t["name"]: dict(zip(t["y"], t["text"])) for t in split["data"]}
    assert bars["Almere"]["huisarts"] == "40,0%" and bars["Nederland"]["huisarts"] == "33,0%"
    assert bars["Almere"]["rechter of officier van justitie"] == "geheim"  # secret, never 0
    assert "Bron: CBS, jeugdzorg per wijk (fixture)" in " ".join(c.value for c in at.caption)


def test_half_years_and_years_are_separate_lines(warehouse):
    at = open_app("views/referrers.py", gemeente="GM0034")
    trend = json.loads(at.get("plotly_chart")[-1].proto.spec)
    names = {t["name"]: (t["x"], t["line"]["dash"]) for t in trend["data"]}
    assert names["Almere, heel jaar"] == ([2022], "solid")
    assert names["Almere, 1e halfjaar"] == ([2024], "dot")


def test_choosing_a_whole_year(warehouse):
    at = open_app("views/referrers.py", gemeente="GM0034")
    at.selectbox(key="verwijzers_periode").select("2022")
    rerun(at)
    assert [m.value for m in at.metric] == ["25,0%", "30,1%"]
    assert at.query_params["periode"] == "2022"


def test_a_gemeente_past_the_cut_off_says_not_in_the_bundled_data(warehouse):
    at = open_app("views/referrers.py", gemeente="GM0363", jaar="2024")
    at.selectbox(key="verwijzers_periode").select("2024-1")
    rerun(at)
    assert [m.value for m in at.metric] == ["–", "30,0%"]
    texts = " ".join(w.value for w in at.warning)
    assert "niet in de meegeleverde gegevens" in texts and "geen nul" in texts


def test_query_referrers_by_area_exact_rows(warehouse):
    df = run_query("referrers_by_area", gemeente="GM0034", year=2024, half=True)
    assert df["level"].tolist() == ["land"] * 8 + ["gemeente"] * 8 + ["wijk"] * 24
    gm = df[df.code == "GM0034"].set_index("key")
    assert gm.at["toegang", "value"] == 40 and gm.at["toegang", "trajecten"] == 200 and gm.at["toegang", "pct"] == 20
    assert gm.at["rechter", "status"] == "secret" and gm["pct"].isna().sum() == 1
    w2 = df[df.code == "WK003402"]
    assert set(w2["status"]) == {"missing"} and set(w2["trajecten_status"]) == {"secret"}
    assert run_query("referrers_by_area", gemeente="GM0034", year=2022, half=True)["value"].isna().all()


def test_query_referrer_years_exact_rows(warehouse):
    df = run_query("referrer_years", gemeente="GM0363")
    assert df[["year", "half", "in_bundle", "gemeente_has"]].values.tolist() == [
        [2024, True, False, False], [2022, False, True, False]]
    assert "geen nul" in df["reason"].iloc[0]


def test_query_referrer_trend_exact_rows(warehouse):
    df = run_query("referrer_trend", gemeente="GM0034")
    assert df[["area", "period", "year", "value"]].values.tolist() == [
        ["Almere", "1e halfjaar", 2024, 20.0], ["Almere", "heel jaar", 2022, 25.0],
        ["Nederland", "1e halfjaar", 2024, 30.0], ["Nederland", "heel jaar", 2022, pytest.approx(30.1)]]


def test_query_wijk_coverage_exact_rows(warehouse):
    assert run_query("wijk_coverage", gemeente="GM0363")[["year", "in_bundle"]].values.tolist() == [
        [2022, True], [2024, False]]


def test_query_wijk_boundary_by_gemeente_exact_rows(warehouse):
    df = run_query("wijk_boundary_by_gemeente", gemeente="GM0034", year=2019)
    assert df["code"].tolist() == ["WK003401", "WK003402"]
    assert run_query("wijk_boundary_by_gemeente", gemeente="GM0034", year=2024).empty


def test_query_wijkdata_checks_exact_rows(warehouse):
    assert run_query("wijkdata_checks")[["check_id", "measured"]].values.tolist() == [["share_mean_abs", 0.18]]
