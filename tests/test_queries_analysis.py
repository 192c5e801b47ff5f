"""Queries of Preventie en zorg and Wijken vergelijken, on a variant of the fixture; and where
trend breaks come from (warehouse.loaders.trend_breaks).

The variant adds to tests/fixture_data.py: spending (euro) and children 0-14 for Almere 2023,
a small organisation count in 2022 (suppressed), a secret and a missing jeugdzorg count,
organisation figures of Almere's wijken in 2023 with one small signals count, and trend breaks
(national ones, Almere's new wijk indeling, Dijk en Waard's herindeling).
"""
from __future__ import annotations

import copy
import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

import queries
from queries import run_query
from tests import fixture_data as fd
from tests.conftest import build_fixture_warehouse, pointed_at
from warehouse import loaders

CREDIT = "Bron: CBS, fixture"
DEMO_CREDIT = "Bron: voorbeelddata Vroeg Doen"
ORG_DEMO_CREDIT = "Voorbeelddata (gegenereerd, geen echte cijfers)"
ORG_CREDIT = "Bron: registratie De Speelkamer"
IV3 = "iv3_fixture"

WIJK_SIGNALS_2023 = {"WK003401": 3, "WK003402": 20, "WK003403": 30}  # one small: 3, and with it 20
WIJK_REACH_2023 = {"WK003401": (100, 800), "WK003402": (150, 1200), "WK003403": (300, 2000)}  # none small

NEW_WIJKEN = "Nieuwe wijkindeling (wijkcodes deels hergebruikt)"
HERINDELING_DW = "Herindeling: Heerhugowaard, Langedijk opgegaan in Dijk en Waard"
IV3_2023, IV3_2025 = (label for _, _, label in loaders.NATIONAL_BREAKS)


def _obs(indicator, code, year, value, status="value", source=fd.REAL):
    return (indicator, code, 2024, year, value, None, None, status, False, None, source)


def analysis_tables() -> dict:
    tables = copy.deepcopy(fd.TABLES)
    tables["source"][1].append((IV3, "Iv3-opgave (fixture)", "CBS", "CC BY 4.0", "Bron: Iv3, fixture",
                                None, None, None, False))
    tables["indicator"][1].append(("uitgaven_jeugdhulp", "Uitgaven jeugdhulp", "euro", 0,
                                   "Lasten jeugdhulp.", "Iv3", "uitgaven", 0, None))
    tables["observation"][1].extend([
        _obs("kinderen_0_15", "GM0034", 2022, 40000.0),
        _obs("kinderen_0_15", "GM0034", 2023, 40000.0),
        _obs("uitgaven_jeugdhulp", "GM0034", 2023, 8_000_000.0, source=IV3),
        _obs("uitgaven_jeugdhulp", "GM0034", 2024, 8_246_000.0, source=IV3),   # 200.000 per 1.000 of 41.230
        _obs("jeugdzorg_aantal", "GM0034", 2023, None, "secret"),
        _obs("jeugdzorg_aantal", "GM0034", 2022, None, "missing"),           # never a row
        fd._org("signalen_aantal", "GM0034", 2022, 3, source=fd.ORG_REAL),    # small: hidden, per 1.000 too
        _obs("uitgaven_jeugdhulp", "GM0363", 2023, 9_000_000.0, source=IV3),  # another gemeente
        *[fd._org("signalen_aantal", code, 2023, n, source=fd.ORG_REAL) for code, n in WIJK_SIGNALS_2023.items()],
        *[fd._org("kinderwerk_bereik_pct", code, 2023, n, d, source=fd.ORG_REAL)
          for code, (n, d) in WIJK_REACH_2023.items()],
    ])
    tables["trend_break"] = (["year", "theme", "region_code", "label_nl"], [
        (2023, "uitgaven", None, IV3_2023),
        (2025, "uitgaven", None, IV3_2025),
        (2022, "wijken", "GM0034", NEW_WIJKEN),
        (2022, "alle", "GM1980", HERINDELING_DW),
    ])
    return tables


@pytest.fixture(scope="module")
def analysis_warehouse(tmp_path_factory):
    return build_fixture_warehouse(tmp_path_factory.mktemp("analysis") / "analysis.duckdb", analysis_tables())


@pytest.fixture(autouse=True)
def use_analysis_warehouse(analysis_warehouse, monkeypatch):
    yield from pointed_at(analysis_warehouse, monkeypatch)


def _plain(v):
    if isinstance(v, str):
        return v
    if v is None or pd.isna(v):
        return None
    if isinstance(v, np.generic):
        v = v.item()
    return round(v, 6) if isinstance(v, float) else v


def rows(df: pd.DataFrame, *columns: str) -> list[tuple]:
    """The rows as plain Python tuples (NaN -> None, floats to 6 decimals), optionally only some columns."""
    part = df[list(columns)] if columns else df
    return [tuple(_plain(v) for v in r) for r in part.itertuples(index=False, name=None)]


# --- prevention_trend ------------------------------------------------------------------------

PREVENTION_COLUMNS = ["indicator_id", "label_nl", "unit", "decimals", "theme", "year", "value", "numerator",
                      "denominator", "status", "per_1000_kinderen", "credit", "is_demo", "privacy_kind"]


def test_prevention_trend_almere_every_year_of_the_chain():
    df = run_query("prevention_trend", gemeente="GM0034")
    assert list(df.columns) == PREVENTION_COLUMNS
    assert rows(df, "indicator_id", "year", "value", "numerator", "denominator", "status", "per_1000_kinderen",
                "credit", "is_demo") == [
        # theme, indicator, year; context (children, inhabitants) and 'missing' rows are left out
        ("kinderwerk_bereik", 2024, 38.5, None, None, "value", None, DEMO_CREDIT, True),
        ("kinderwerk_bereik_pct", 2023, round(410 / 3950 * 100, 6), 410.0, 3950.0, "value", None, ORG_CREDIT, False),
        ("kinderwerk_bereik_pct", 2024, 11.3, 452.0, 4000.0, "value", None, ORG_DEMO_CREDIT, True),
        # a count below 5 loses every figure, also its value per 1.000 children (0,075 would give 3 back)
        ("signalen_aantal", 2022, None, None, None, "suppressed", None, ORG_CREDIT, False),
        ("signalen_aantal", 2023, 9.0, 9.0, None, "value", 0.225, ORG_CREDIT, False),
        ("signalen_aantal", 2024, 55.0, 55.0, None, "value", round(55 / 41230 * 1000, 6), ORG_DEMO_CREDIT, True),
        ("signalen_basis_pct", 2023, None, None, None, "suppressed", None, ORG_CREDIT, False),  # 3 of 9
        ("signalen_basis_pct", 2024, round(34 / 55 * 100, 6), 34.0, 55.0, "value", None, ORG_DEMO_CREDIT, True),
        ("jeugdzorg_aantal", 2023, None, None, None, "secret", None, CREDIT, False),
        ("jeugdzorg_aantal", 2024, 6010.0, None, None, "value", round(6010 / 41230 * 1000, 6), CREDIT, False),
        *[("jeugdzorg_pct", y, v, None, None, "value", None, CREDIT, False)
          for y, v in [(2019, 10.2), (2020, 10.8), (2021, 11.4), (2022, 11.9), (2023, 12.1), (2024, 11.7)]],
        ("uitgaven_jeugdhulp", 2023, 8_000_000.0, None, None, "value", 200_000.0, "Bron: Iv3, fixture", False),
        ("uitgaven_jeugdhulp", 2024, 8_246_000.0, None, None, "value", 200_000.0, "Bron: Iv3, fixture", False),
    ]
    assert set(df["theme"]) == {"preventie", "signalen", "specialistische zorg", "uitgaven"}
    assert dict(rows(df.drop_duplicates("indicator_id"), "indicator_id", "privacy_kind")) == {
        "kinderwerk_bereik": None, "kinderwerk_bereik_pct": "rate", "signalen_aantal": "count",
        "signalen_basis_pct": "rate", "jeugdzorg_aantal": None, "jeugdzorg_pct": None, "uitgaven_jeugdhulp": None}


def test_prevention_trend_per_1000_is_null_for_a_year_without_children():
    df = run_query("prevention_trend", gemeente="GM0363")
    # Amsterdam: no children 0-14 in 2023, so spending has no figure per 1.000 children
    assert rows(df, "indicator_id", "year", "value", "status", "per_1000_kinderen") == [
        ("jeugdzorg_pct", 2021, 9.8, "value", None),
        ("uitgaven_jeugdhulp", 2023, 9_000_000.0, "value", None),
    ]


def test_prevention_trend_of_a_gemeente_without_figures_is_empty():
    assert run_query("prevention_trend", gemeente="GM9999").empty


# --- trend_breaks ----------------------------------------------------------------------------

@pytest.mark.parametrize(("gemeente", "expected"), [
    ("GM0034", [(2022, "wijken", NEW_WIJKEN), (2023, "uitgaven", IV3_2023), (2025, "uitgaven", IV3_2025)]),
    ("GM1980", [(2022, "alle", HERINDELING_DW), (2023, "uitgaven", IV3_2023), (2025, "uitgaven", IV3_2025)]),
    ("GM0363", [(2023, "uitgaven", IV3_2023), (2025, "uitgaven", IV3_2025)]),  # national ones only
])
def test_trend_breaks_are_the_national_ones_and_the_gemeentes_own(gemeente, expected):
    df = run_query("trend_breaks", gemeente=gemeente)
    assert list(df.columns) == ["year", "theme", "label_nl"]
    assert rows(df) == expected


# --- wijk_profile ----------------------------------------------------------------------------

PROFILE_COLUMNS = ["code", "name", "level", "indicator_id", "label_nl", "unit", "decimals", "theme", "polarity",
                   "value", "numerator", "denominator", "status", "credit", "is_demo", "privacy_kind"]


def test_wijk_profile_2024_every_wijk_and_the_gemeente_with_small_cells_hidden():
    df = run_query("wijk_profile", gemeente="GM0034", year=2024)
    assert list(df.columns) == PROFILE_COLUMNS
    assert rows(df, "code", "name", "level", "indicator_id", "value", "status") == [
        # wijken first (level DESC), by code, theme, indicator; 'missing' cells are left out
        ("WK003401", "Almere Stad", "wijk", "wmo_per_1000", None, "secret"),
        ("WK003401", "Almere Stad", "wijk", "kinderwerk_bereik_pct", None, "suppressed"),  # 2 of 800
        ("WK003401", "Almere Stad", "wijk", "signalen_aantal", None, "suppressed"),        # 3
        ("WK003401", "Almere Stad", "wijk", "jeugdzorg_pct", 12.3, "value"),
        ("WK003402", "Almere Haven", "wijk", "kinderwerk_bereik_pct", None, "suppressed"),  # its complement
        ("WK003402", "Almere Haven", "wijk", "signalen_aantal", None, "suppressed"),        # 12, its complement
        ("WK003402", "Almere Haven", "wijk", "jeugdzorg_pct", 10.4, "value"),
        ("WK003403", "Almere Buiten", "wijk", "kinderwerk_bereik_pct", 15.0, "value"),
        ("WK003403", "Almere Buiten", "wijk", "signalen_aantal", 40.0, "value"),
        ("GM0034", "Almere", "gemeente", "bijstand_per_1000", 0.0, "value"),
        ("GM0034", "Almere", "gemeente", "huish_sociaal_minimum_pct", None, "secret"),
        ("GM0034", "Almere", "gemeente", "inkomen_per_inwoner", 29.4, "value"),
        ("GM0034", "Almere", "gemeente", "inwoners", 226500.0, "value"),
        ("GM0034", "Almere", "gemeente", "kinderen_0_15", 41230.0, "value"),
        ("GM0034", "Almere", "gemeente", "kinderen_0_15_pct", 18.2, "value"),
        ("GM0034", "Almere", "gemeente", "kinderwerk_bereik", 38.5, "value"),
        ("GM0034", "Almere", "gemeente", "kinderwerk_bereik_pct", 11.3, "value"),  # the total is no cell of the group
        ("GM0034", "Almere", "gemeente", "signalen_aantal", 55.0, "value"),
        ("GM0034", "Almere", "gemeente", "signalen_basis_pct", round(34 / 55 * 100, 6), "value"),
        ("GM0034", "Almere", "gemeente", "jeugdzorg_aantal", 6010.0, "value"),
        ("GM0034", "Almere", "gemeente", "jeugdzorg_pct", 11.7, "value"),
        ("GM0034", "Almere", "gemeente", "uitgaven_jeugdhulp", 8_246_000.0, "value"),
    ]
    hidden = df[df["status"] == "suppressed"]
    assert hidden[["value", "numerator", "denominator"]].isna().all().all()


def test_wijk_profile_old_year_has_that_years_wijken_for_reused_codes():
    df = run_query("wijk_profile", gemeente="GM0034", year=2019)
    assert rows(df, "code", "name", "level", "indicator_id", "value", "status", "credit") == [
        ("WK003401", fd.OLD_WIJK_01, "wijk", "jeugdzorg_pct", 9.5, "value", CREDIT),
        ("WK003402", fd.OLD_WIJK_02, "wijk", "jeugdzorg_pct", None, "secret", CREDIT),
        ("GM0034", "Almere", "gemeente", "jeugdzorg_pct", 10.2, "value", CREDIT),
    ]


def test_wijk_profile_suppresses_per_indicator_among_the_wijken_only():
    """2023 (no indeling of its own: the 2024 wijken). One small signals count hides the next
    smallest wijk's (20), not the gemeente's 9, and leaves the reach figures of those wijken alone."""
    df = run_query("wijk_profile", gemeente="GM0034", year=2023)
    org = df[df["indicator_id"].isin(["signalen_aantal", "kinderwerk_bereik_pct"])]
    assert rows(org, "code", "name", "indicator_id", "value", "numerator", "denominator", "status") == [
        ("WK003401", "Almere Stad", "kinderwerk_bereik_pct", 12.5, 100.0, 800.0, "value"),
        ("WK003401", "Almere Stad", "signalen_aantal", None, None, None, "suppressed"),
        ("WK003402", "Almere Haven", "kinderwerk_bereik_pct", 12.5, 150.0, 1200.0, "value"),
        ("WK003402", "Almere Haven", "signalen_aantal", None, None, None, "suppressed"),
        ("WK003403", "Almere Buiten", "kinderwerk_bereik_pct", 15.0, 300.0, 2000.0, "value"),
        ("WK003403", "Almere Buiten", "signalen_aantal", 30.0, 30.0, None, "value"),
        ("GM0034", "Almere", "kinderwerk_bereik_pct", round(410 / 3950 * 100, 6), 410.0, 3950.0, "value"),
        ("GM0034", "Almere", "signalen_aantal", 9.0, 9.0, None, "value"),
    ]
    assert "privacy_group" not in df.columns  # run_query uses it and drops it


def test_wijk_profile_sql_gives_wijken_one_privacy_group_per_indicator(analysis_warehouse):
    """The group run_query suppresses within: the indicator for a wijk, none for the gemeente."""
    sql = (queries.QUERIES_DIR / "wijk_profile.sql").read_text(encoding="utf-8")
    with duckdb.connect(str(analysis_warehouse), read_only=True) as con:
        raw = con.execute(sql, {"gemeente": "GM0034", "year": 2023}).df()
    wijk = raw[raw["level"] == "wijk"]
    assert (wijk["privacy_group"] == wijk["indicator_id"]).all()
    assert raw.loc[raw["level"] == "gemeente", "privacy_group"].isna().all()
    assert len(wijk) == 6 and (raw["level"] == "gemeente").sum() > 0


def test_wijk_profile_of_a_gemeente_without_wijk_figures_has_only_the_gemeente():
    df = run_query("wijk_profile", gemeente="GM0363", year=2021)
    assert rows(df, "code", "level", "indicator_id", "value") == [
        ("GM0363", "gemeente", "inwoners", 872757.0), ("GM0363", "gemeente", "wmo_per_1000", 52.0),
        ("GM0363", "gemeente", "jeugdzorg_pct", 9.8)]


# --- warehouse.loaders.trend_breaks -------------------------------------------------------------

def _regions(wijken: dict[tuple[str, int], list[str]]) -> pd.DataFrame:
    """Region rows: gemeenten, and per (gemeente, indeling year) its wijk codes."""
    rows_ = [{"code": g, "level": "gemeente", "name": g, "parent_code": "NL00", "indeling_year": 2024}
             for g in sorted({g for g, _ in wijken})]
    rows_ += [{"code": c, "level": "wijk", "name": c, "parent_code": g, "indeling_year": y}
              for (g, y), codes in wijken.items() for c in codes]
    return pd.DataFrame(rows_)


NO_HERINDELING = pd.DataFrame(columns=["old_code", "old_name", "new_code", "new_name", "valid_from"])
NATIONAL = [(y, t, None, label) for y, t, label in loaders.NATIONAL_BREAKS]


def breaks(regions: pd.DataFrame, herindeling: pd.DataFrame) -> list[tuple]:
    out = loaders.trend_breaks(regions, herindeling)
    assert list(out.columns) == ["year", "theme", "region_code", "label_nl"]
    return rows(out)


def test_trend_breaks_finds_a_wijk_indeling_redrawn_between_consecutive_years():
    regions = _regions({
        ("GM0001", 2020): ["WK000101", "WK000102"],
        ("GM0001", 2021): ["WK000101", "WK000102"],              # the same: no break
        ("GM0001", 2022): ["WK000101", "WK000102", "WK000103"],  # redrawn, codes partly reused
        ("GM0001", 2023): ["WK000101", "WK000102", "WK000103"],
        ("GM0002", 2022): ["WK000201"],
        ("GM0002", 2023): ["WK000201"],
    })
    assert breaks(regions, NO_HERINDELING) == NATIONAL + [(2022, "wijken", "GM0001", NEW_WIJKEN)]


def test_trend_breaks_labels_a_herindeling_with_the_old_names():
    herindeling = pd.DataFrame({
        "old_code": ["GM0416", "GM0398", "GM0001"], "old_name": ["Langedijk", "Heerhugowaard", "Oudstad"],
        "new_code": ["GM1980", "GM1980", "GM0002"], "new_name": ["Dijk en Waard", "Dijk en Waard", "Nieuwstad"],
        "valid_from": [dt.date(2022, 1, 1), dt.date(2022, 1, 1), dt.date(2019, 1, 1)]})
    regions = _regions({("GM0002", 2023): ["WK000201"]})
    assert breaks(regions, herindeling) == NATIONAL + [
        (2019, "alle", "GM0002", "Herindeling: Oudstad opgegaan in Nieuwstad"),
        (2022, "alle", "GM1980", HERINDELING_DW),
    ]


def test_trend_breaks_without_wijken_or_herindeling_are_the_national_ones():
    assert breaks(_regions({}).reindex(columns=["code", "level", "name", "parent_code", "indeling_year"]),
                  NO_HERINDELING) == NATIONAL
