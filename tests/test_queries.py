"""Query tests: every queries/*.sql on the fixture warehouse, asserting the exact rows."""
from __future__ import annotations

import os
import re

import duckdb
import numpy as np
import pandas as pd
import pytest

import queries
from queries import WarehouseMissing, run_query
from tests import fixture_data as fd
from tests.conftest import build_fixture_warehouse

pytestmark = pytest.mark.usefixtures("use_fixture_warehouse")

G = fd.GEOMETRY
CREDIT = "Bron: CBS, fixture"
DEMO_CREDIT = "Bron: voorbeelddata Vroeg Doen"
ORG_DEMO_CREDIT = "Voorbeelddata (gegenereerd, geen echte cijfers)"
ORG_CREDIT = "Bron: registratie De Speelkamer"
ORG = fd.ORG_DERIVED


def _plain(v):
    if isinstance(v, (str, list, dict)):
        return v
    if v is None or pd.isna(v):
        return None
    if isinstance(v, np.generic):
        return v.item()
    return v


def rows(df: pd.DataFrame, *columns: str) -> list[tuple]:
    """The rows as plain Python tuples (NaN/NA/NaT -> None), optionally only some columns."""
    part = df[list(columns)] if columns else df
    return [tuple(_plain(v) for v in r) for r in part.itertuples(index=False, name=None)]


# --- one test per query ----------------------------------------------------------------------

def test_build_info():
    df = run_query("build_info")
    assert list(df.columns) == ["release_id", "built_at", "seconds"]
    assert rows(df) == [("fixture00001", pd.Timestamp("2026-02-01 10:30:00"), 0.25)]


def test_gemeenten_are_the_2024_gemeenten_by_name():
    df = run_query("gemeenten")
    assert list(df.columns) == ["code", "name"]
    # NL00 (land) and the wijken are not gemeenten
    assert rows(df) == [("GM0034", "Almere"), ("GM0363", "Amsterdam"),
                        ("GM1980", "Dijk en Waard"), ("GM0014", "Groningen")]


HEADLINE_COLUMNS = ["indicator_id", "label_nl", "unit", "decimals", "theme", "polarity", "value", "numerator",
                    "denominator", "status", "is_derived", "derivation", "privacy_kind", "nl_value", "nl_year",
                    "credit", "is_demo"]


def test_headline_by_gemeente_almere_2024():
    df = run_query("headline_by_gemeente", gemeente="GM0034", year=2024)
    assert list(df.columns) == HEADLINE_COLUMNS
    assert rows(df, "indicator_id", "value", "status", "is_derived", "derivation", "nl_value", "nl_year",
                "credit", "is_demo") == [
        # theme DESC (specialistische zorg, signalen, preventie, context), then indicator_id
        ("jeugdzorg_aantal", 6010.0, "value", False, None, 400000.0, 2021, CREDIT, False),
        ("jeugdzorg_pct", 11.7, "value", False, None, 10.5, 2021, CREDIT, False),
        ("signalen_aantal", 55.0, "value", True, ORG, None, None, ORG_DEMO_CREDIT, True),
        ("signalen_basis_pct", pytest.approx(34 / 55 * 100), "value", True, ORG, None, None, ORG_DEMO_CREDIT, True),
        ("kinderwerk_bereik", 38.5, "value", False, None, None, None, DEMO_CREDIT, True),
        ("kinderwerk_bereik_pct", pytest.approx(11.3), "value", True, ORG, None, None, ORG_DEMO_CREDIT, True),
        ("bijstand_per_1000", 0.0, "value", False, None, None, None, CREDIT, False),
        ("huish_sociaal_minimum_pct", None, "secret", False, None, None, None, CREDIT, False),
        ("inkomen_per_inwoner", 29.4, "value", False, None, None, None, CREDIT, False),
        ("inwoners", 226500.0, "value", False, None, 17475415.0, 2021, CREDIT, False),
        ("kinderen_0_15", 41230.0, "value", False, None, None, None, CREDIT, False),
        ("kinderen_0_15_pct", 18.2, "value", False, None, None, None, CREDIT, False),
        # NL's 2021 wmo figure is 'missing': no NL value rather than a NULL one
        ("wmo_per_1000", None, "missing", False, None, None, None, CREDIT, False),
    ]
    # numerator/denominator and privacy_kind only for organisation figures
    assert [r for r in rows(df, "indicator_id", "numerator", "denominator", "privacy_kind") if r[3]] == [
        ("signalen_aantal", 55.0, None, "count"),
        ("signalen_basis_pct", 34.0, 55.0, "rate"),
        ("kinderwerk_bereik_pct", 452.0, 4000.0, "rate"),
    ]
    assert df.loc[df.privacy_kind.isna(), ["numerator", "denominator"]].isna().all().all()
    meta = {i[0]: (i[1], i[2], i[3], i[6], i[7]) for i in fd.INDICATORS}
    assert [meta[r[0]] for r in rows(df)] == rows(df, "label_nl", "unit", "decimals", "theme", "polarity")


def test_headline_by_gemeente_suppresses_a_small_numerator_of_a_real_organisation():
    df = run_query("headline_by_gemeente", gemeente="GM0034", year=2023)
    assert list(df.columns) == HEADLINE_COLUMNS
    assert rows(df, "indicator_id", "value", "numerator", "denominator", "status", "privacy_kind", "credit",
                "is_demo") == [
        ("jeugdzorg_pct", 12.1, None, None, "value", None, CREDIT, False),
        ("signalen_aantal", 9.0, 9.0, None, "value", "count", ORG_CREDIT, False),
        # 3 of 9 signals handled in the basis: the numerator is below 5, so the rate is not shown
        ("signalen_basis_pct", None, None, None, "suppressed", "rate", ORG_CREDIT, False),
        ("kinderwerk_bereik_pct", pytest.approx(410 / 3950 * 100), 410.0, 3950.0, "value", "rate", ORG_CREDIT,
         False),
    ]


def test_headline_by_gemeente_merged_gemeente_is_derived():
    df = run_query("headline_by_gemeente", gemeente="GM1980", year=2021)
    assert rows(df, "indicator_id", "value", "status", "is_derived", "derivation", "nl_value", "nl_year") == [
        ("jeugdzorg_pct", 11.2, "value", True, fd.DW_DERIVED, 10.5, 2021),
        ("inwoners", 86722.0, "value", True, fd.DW_SUMMED, 17475415.0, 2021),
        ("wmo_per_1000", 41.7, "value", True, fd.DW_DERIVED, None, None),
    ]


@pytest.mark.parametrize(("year", "nl_year", "nl_value"), [
    (2019, 2019, 10.0),   # the same year
    (2020, 2019, 10.0),   # nearest earlier
    (2021, 2021, 10.5),
    (2023, 2021, 10.5),   # NL 2023 is 'missing': skipped
    (2024, 2021, 10.5),   # NL 2025 is later: never used
])
def test_headline_by_gemeente_takes_nl_of_the_nearest_year_on_or_before(year, nl_year, nl_value):
    df = run_query("headline_by_gemeente", gemeente="GM0034", year=year).set_index("indicator_id")
    assert (int(df.at["jeugdzorg_pct", "nl_year"]), df.at["jeugdzorg_pct", "nl_value"]) == (nl_year, nl_value)


def test_headline_by_gemeente_without_figures_is_empty():
    assert run_query("headline_by_gemeente", gemeente="GM0363", year=2024).empty


def test_herindeling():
    df = run_query("herindeling")
    assert list(df.columns) == ["old_code", "old_name", "new_code", "new_name", "valid_from"]
    assert [r[:4] for r in rows(df)] == [("GM0398", "Heerhugowaard", "GM1980", "Dijk en Waard"),
                                         ("GM0416", "Langedijk", "GM1980", "Dijk en Waard")]
    assert [pd.Timestamp(v) for v in df["valid_from"]] == [pd.Timestamp("2022-01-01")] * 2


BY_GEMEENTE_COLUMNS = ["code", "name", "value", "status", "is_derived", "derivation", "numerator", "denominator",
                       "credit", "is_demo", "privacy_kind", "geojson", "centroid_lon", "centroid_lat"]


def _gem(code, name, value, status, derivation=None, credit=CREDIT):
    """A CBS figure (no numerator, denominator or privacy_kind); 'missing' rows have no source."""
    credit = None if status == "missing" else credit
    return (code, name, value, status, derivation is not None, derivation, None, None, credit, False, None,
            *G[code])


def test_indicator_by_gemeente_2021_secret_and_derived():
    df = run_query("indicator_by_gemeente", indicator="jeugdzorg_pct", year=2021)
    assert list(df.columns) == BY_GEMEENTE_COLUMNS
    assert rows(df) == [
        _gem("GM0014", "Groningen", None, "secret"),
        _gem("GM0034", "Almere", 11.4, "value"),
        _gem("GM0363", "Amsterdam", 9.8, "value"),
        _gem("GM1980", "Dijk en Waard", 11.2, "value", fd.DW_DERIVED),
    ]


def test_indicator_by_gemeente_keeps_gemeenten_without_observation_as_missing():
    df = run_query("indicator_by_gemeente", indicator="jeugdzorg_pct", year=2024)
    assert rows(df) == [
        _gem("GM0014", "Groningen", None, "missing"),
        _gem("GM0034", "Almere", 11.7, "value"),
        _gem("GM0363", "Amsterdam", None, "missing"),
        _gem("GM1980", "Dijk en Waard", None, "missing"),
    ]


def test_indicator_by_gemeente_organisation_figure_with_its_source():
    df = run_query("indicator_by_gemeente", indicator="kinderwerk_bereik_pct", year=2024)
    assert list(df.columns) == BY_GEMEENTE_COLUMNS
    assert rows(df, "code", "value", "numerator", "denominator", "status", "credit", "is_demo", "privacy_kind") == [
        ("GM0014", None, None, None, "missing", None, False, "rate"),
        ("GM0034", pytest.approx(11.3), 452.0, 4000.0, "value", ORG_DEMO_CREDIT, True, "rate"),
        ("GM0363", None, None, None, "missing", None, False, "rate"),
        ("GM1980", None, None, None, "missing", None, False, "rate"),
    ]
    df = run_query("indicator_by_gemeente", indicator="signalen_basis_pct", year=2023)
    assert rows(df, "code", "value", "numerator", "status", "credit", "is_demo") == [
        ("GM0014", None, None, "missing", None, False),
        ("GM0034", None, None, "suppressed", ORG_CREDIT, False),  # 3 of 9
        ("GM0363", None, None, "missing", None, False),
        ("GM1980", None, None, "missing", None, False),
    ]


def test_indicator_by_gemeente_zero_is_a_value():
    df = run_query("indicator_by_gemeente", indicator="wmo_per_1000", year=2021)
    assert rows(df, "code", "value", "status") == [
        ("GM0014", 0.0, "value"), ("GM0034", None, "missing"), ("GM0363", 52.0, "value"), ("GM1980", 41.7, "value")]


BY_WIJK_COLUMNS = ["code", "name", "indeling_year", "value", "status", "is_derived", "numerator", "denominator",
                   "credit", "is_demo", "privacy_kind", "geojson", "centroid_lon", "centroid_lat"]


def _wijk(code, name, indeling, value, status, geometry=True):
    """A CBS wijk figure; 'missing' rows have no source; old-indeling wijken have no geometry."""
    credit = None if status == "missing" else CREDIT
    return (code, name, indeling, value, status, False, None, None, credit, False, None,
            *(G[code] if geometry else (None, None, None)))


def test_indicator_by_wijk_2024_has_the_2024_wijken_with_geometry():
    df = run_query("indicator_by_wijk", gemeente="GM0034", indicator="jeugdzorg_pct", year=2024)
    assert list(df.columns) == BY_WIJK_COLUMNS
    assert rows(df) == [
        _wijk("WK003401", "Almere Stad", 2024, 12.3, "value"),
        _wijk("WK003402", "Almere Haven", 2024, 10.4, "value"),
        _wijk("WK003403", "Almere Buiten", 2024, None, "missing"),
    ]


def test_indicator_by_wijk_organisation_counts_with_complementary_suppression():
    """One wijk below 5 (WK003401: 3): the next smallest (WK003402: 12) is hidden too, 40 is shown."""
    df = run_query("indicator_by_wijk", gemeente="GM0034", indicator="signalen_aantal", year=2024)
    assert list(df.columns) == BY_WIJK_COLUMNS
    assert rows(df, "code", "value", "numerator", "denominator", "status", "is_derived", "credit", "is_demo",
                "privacy_kind") == [
        ("WK003401", None, None, None, "suppressed", True, ORG_DEMO_CREDIT, True, "count"),
        ("WK003402", None, None, None, "suppressed", True, ORG_DEMO_CREDIT, True, "count"),
        ("WK003403", 40.0, 40.0, None, "value", True, ORG_DEMO_CREDIT, True, "count"),
    ]
    df = run_query("indicator_by_wijk", gemeente="GM0034", indicator="kinderwerk_bereik_pct", year=2024)
    assert rows(df, "code", "value", "numerator", "denominator", "status", "privacy_kind") == [
        ("WK003401", None, None, None, "suppressed", "rate"),   # 2 children reached
        ("WK003402", None, None, None, "suppressed", "rate"),   # the next smallest numerator
        ("WK003403", 15.0, 300.0, 2000.0, "value", "rate"),
    ]


def test_indicator_by_wijk_2019_has_the_old_wijken_without_geometry():
    """The reused code WK003401 of 2019 must never get the 2024 geometry of that code."""
    df = run_query("indicator_by_wijk", gemeente="GM0034", indicator="jeugdzorg_pct", year=2019)
    assert rows(df) == [
        _wijk("WK003401", fd.OLD_WIJK_01, 2019, 9.5, "value", geometry=False),
        _wijk("WK003402", fd.OLD_WIJK_02, 2019, None, "secret", geometry=False),
    ]


def test_indicator_by_wijk_year_without_own_indeling_falls_back_to_2024():
    df = run_query("indicator_by_wijk", gemeente="GM0034", indicator="jeugdzorg_pct", year=2021)
    assert rows(df) == [
        _wijk("WK003401", "Almere Stad", 2024, None, "missing"),
        _wijk("WK003402", "Almere Haven", 2024, None, "missing"),
        _wijk("WK003403", "Almere Buiten", 2024, None, "missing"),
    ]


def test_indicator_by_wijk_secret_and_missing_and_other_gemeente():
    df = run_query("indicator_by_wijk", gemeente="GM0034", indicator="wmo_per_1000", year=2024)
    assert rows(df, "code", "value", "status") == [
        ("WK003401", None, "secret"), ("WK003402", None, "missing"), ("WK003403", None, "missing")]
    df = run_query("indicator_by_wijk", gemeente="GM0363", indicator="jeugdzorg_pct", year=2024)
    assert rows(df) == [_wijk("WK036300", "Burgwallen-Oude Zijde", 2024, None, "missing")]


def test_indicator_catalogue():
    df = run_query("indicator_catalogue")
    assert list(df.columns) == ["indicator_id", "label_nl", "unit", "theme", "definition_nl", "source_table",
                                "first_year", "last_year", "n_secret"]
    assert rows(df, "indicator_id", "first_year", "last_year", "n_secret") == [
        ("jeugdzorg_pct", 2019, 2025, 2),           # NL 2025 counts; Groningen + old wijk secret
        ("jeugdzorg_aantal", 2021, 2024, 0),
        ("signalen_basis_pct", 2023, 2024, 0),      # theme DESC: signalen before preventie
        ("signalen_aantal", 2023, 2024, 0),
        ("kinderwerk_bereik", 2024, 2024, 0),
        ("kinderwerk_bereik_pct", 2023, 2024, 0),
        ("inkomen_per_inwoner", 2024, 2024, 0),
        ("huish_sociaal_minimum_pct", None, None, 1),  # only a secret cell: no years
        ("inwoners", 2021, 2024, 0),
        ("jongeren_15_25_pct", None, None, 0),         # no observation at all: still listed
        ("kinderen_0_15", 2024, 2024, 0),
        ("kinderen_0_15_pct", 2024, 2024, 0),
        ("bijstand_per_1000", 2024, 2024, 0),
        ("wmo_per_1000", 2021, 2021, 1),
    ]
    meta = {i[0]: (i[1], i[2], i[6], i[4], i[5]) for i in fd.INDICATORS}
    assert rows(df, "label_nl", "unit", "theme", "definition_nl", "source_table") == [
        meta[i] for i in df["indicator_id"]]


def test_map_indicators_gemeente_level():
    df = run_query("map_indicators", level="gemeente", gemeente="GM0034")
    assert list(df.columns) == ["indicator_id", "label_nl", "unit", "decimals", "polarity", "theme", "n_value"]
    assert rows(df, "indicator_id", "n_value") == [
        ("jeugdzorg_pct", 8), ("jeugdzorg_aantal", 1), ("signalen_basis_pct", 2), ("signalen_aantal", 2),
        ("kinderwerk_bereik", 1), ("kinderwerk_bereik_pct", 2), ("inkomen_per_inwoner", 1),
        ("inwoners", 3), ("kinderen_0_15", 1), ("kinderen_0_15_pct", 1), ("bijstand_per_1000", 1),
        ("wmo_per_1000", 3),
    ]  # huish_sociaal_minimum_pct has only a secret cell, jongeren_15_25_pct nothing; NL00 is no gemeente


def test_map_indicators_wijk_level():
    df = run_query("map_indicators", level="wijk", gemeente="GM0034")
    # wmo_per_1000 has wijk rows, but only secret/missing ones; n_value counts before suppression
    assert rows(df, "indicator_id", "label_nl", "unit", "decimals", "polarity", "theme", "n_value") == [
        ("jeugdzorg_pct", "Jongeren met jeugdzorg", "% van jongeren tot 23 jaar", 1, -1, "specialistische zorg", 3),
        ("signalen_aantal", "Signalen opgevangen", "signalen per jaar", 0, 0, "signalen", 3),
        ("kinderwerk_bereik_pct", "Kinderen 4–14 bereikt door kinderwerk", "% van kinderen 4–14 jaar", 1, 1,
         "preventie", 3),
    ]
    assert run_query("map_indicators", level="wijk", gemeente="GM0363").empty


def test_map_years():
    df = run_query("map_years", level="gemeente", gemeente="GM0034", indicator="jeugdzorg_pct")
    assert list(df.columns) == ["year", "n_value", "n_secret", "drawable"]
    assert rows(df) == [(2024, 1, 0, True), (2023, 1, 0, True), (2022, 1, 0, True), (2021, 3, 1, True),
                        (2020, 1, 0, True), (2019, 1, 0, True)]
    assert rows(run_query("map_years", level="wijk", gemeente="GM0034", indicator="jeugdzorg_pct")) == [
        (2024, 2, 0, True), (2019, 1, 1, False)]  # the old indeling cannot be drawn
    assert rows(run_query("map_years", level="gemeente", gemeente="GM0034", indicator="wmo_per_1000")) == [
        (2021, 3, 0, True)]  # Groningen's zero counts; Almere's missing 2024 gives no year
    assert run_query("map_years", level="wijk", gemeente="GM0034", indicator="wmo_per_1000").empty
    assert rows(run_query("map_years", level="wijk", gemeente="GM0034", indicator="signalen_aantal")) == [
        (2024, 3, 0, True)]


def test_national_reference():
    df = run_query("national_reference")
    assert list(df.columns) == ["indicator", "year", "value", "unit", "cited_from"]
    assert rows(df) == [
        ("jeugdhulpgebruik_pct", 2015, 8.5, "% van alle jongeren 0-22 jaar", "CBS Jeugdmonitor 2020"),
        ("jeugdhulpgebruik_pct", 2019, 10.0, "% van alle jongeren 0-22 jaar", "CBS Jeugdmonitor 2020"),
        ("jongeren_met_jeugdhulp", 2019, 431000.0, "personen 0-22 jaar", "CBS Jeugdmonitor 2020"),
    ]


def test_sources_real_before_demo():
    df = run_query("sources")
    assert list(df.columns) == ["source_id", "title", "publisher", "licence", "credit", "file_path",
                                "retrieved", "sha256", "is_demo"]
    by_id = {s[0]: s for s in fd.SOURCES}
    # is_demo, then publisher: CBS, De Speelkamer | Demo, Vroeg Doen
    assert rows(df) == [by_id[fd.REAL], by_id[fd.ORG_REAL], by_id[fd.ORG_DEMO], by_id[fd.DEMO]]
    assert df["is_demo"].tolist() == [False, False, True, True]


TREND_COLUMNS = ["code", "name", "year", "value", "numerator", "denominator", "status", "is_derived", "credit",
                 "is_demo", "privacy_kind"]


def test_trend_by_gemeente():
    df = run_query("trend_by_gemeente", gemeente="GM0034", indicator="jeugdzorg_pct")
    assert list(df.columns) == TREND_COLUMNS
    cbs = (None, None)
    assert rows(df) == [
        ("GM0034", "Almere", 2019, 10.2, *cbs, "value", False, CREDIT, False, None),
        ("GM0034", "Almere", 2020, 10.8, *cbs, "value", False, CREDIT, False, None),
        ("GM0034", "Almere", 2021, 11.4, *cbs, "value", False, CREDIT, False, None),
        ("GM0034", "Almere", 2022, 11.9, *cbs, "value", False, CREDIT, False, None),
        ("GM0034", "Almere", 2023, 12.1, *cbs, "value", False, CREDIT, False, None),
        ("GM0034", "Almere", 2024, 11.7, *cbs, "value", False, CREDIT, False, None),
        ("NL00", "Nederland", 2019, 10.0, *cbs, "value", True, CREDIT, False, None),
        ("NL00", "Nederland", 2021, 10.5, *cbs, "value", True, CREDIT, False, None),
        ("NL00", "Nederland", 2023, None, *cbs, "missing", True, CREDIT, False, None),
        ("NL00", "Nederland", 2025, 9.9, *cbs, "value", True, CREDIT, False, None),
    ]


def test_trend_by_gemeente_organisation_rate_suppressed_in_one_year():
    df = run_query("trend_by_gemeente", gemeente="GM0034", indicator="signalen_basis_pct")
    assert rows(df) == [
        ("GM0034", "Almere", 2023, None, None, None, "suppressed", True, ORG_CREDIT, False, "rate"),
        ("GM0034", "Almere", 2024, pytest.approx(34 / 55 * 100), 34.0, 55.0, "value", True, ORG_DEMO_CREDIT,
         True, "rate"),
    ]


def test_trend_by_gemeente_secret_stays_a_row():
    df = run_query("trend_by_gemeente", gemeente="GM0014", indicator="jeugdzorg_pct")
    assert rows(df, "code", "year", "value", "status") == [
        ("GM0014", 2021, None, "secret"), ("NL00", 2019, 10.0, "value"), ("NL00", 2021, 10.5, "value"),
        ("NL00", 2023, None, "missing"), ("NL00", 2025, 9.9, "value")]


@pytest.mark.parametrize(("gemeente", "years"), [
    # 2019 comes from the old wijk indeling too
    ("GM0034", [(2024, True), (2023, True), (2022, True), (2021, True), (2020, True), (2019, True)]),
    ("GM0363", [(2021, True)]),
    ("GM0014", [(2021, False)]),  # its only figure is a zero: a published figure; jeugdzorg is secret
    ("GM1980", [(2021, True)]),
])
def test_years_by_gemeente(gemeente, years):
    df = run_query("years_by_gemeente", gemeente=gemeente)
    assert list(df.columns) == ["year", "has_jeugdzorg"]
    assert rows(df) == years


def test_years_by_gemeente_has_jeugdzorg_only_for_the_gemeente_itself(tmp_path, monkeypatch):
    """A year with only wijk jeugdzorg figures (or other indicators) is a year, but not a jeugdzorg year."""
    obs = fd.TABLES["observation"]
    extra = [
        ("jeugdzorg_pct", "WK003401", 2024, 2025, 12.0, None, None, "value", False, None, fd.REAL),
        ("inwoners", "GM0034", 2024, 2018, 220000.0, None, None, "value", False, None, fd.REAL),
    ]
    target = build_fixture_warehouse(tmp_path / "w.duckdb", dict(fd.TABLES, observation=(obs[0], obs[1] + extra)))
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(target))
    assert rows(run_query("years_by_gemeente", gemeente="GM0034")) == [
        (2025, False), (2024, True), (2023, True), (2022, True), (2021, True), (2020, True), (2019, True),
        (2018, False)]


def test_import_log_newest_first():
    df = run_query("import_log")
    assert list(df.columns) == ["import_id", "org", "kind", "file_name", "rows_ok", "rows_rejected", "imported_at",
                                "status", "is_demo", "message"]
    expected = [(r[0], r[2], r[3], r[4], r[6], r[7], pd.Timestamp(r[8]), r[9], r[10], r[11])
                for r in sorted(fd.IMPORT_LOG, key=lambda r: -r[1])]
    assert rows(df) == expected
    assert rows(df, "import_id", "status", "is_demo") == [
        ("imp-20261103120000-0f0f0f", "teruggedraaid", False),
        ("imp-20261103110000-d4e5f6", "actief", False),
        ("log-00000000aa", "afgekeurd", False),
        ("imp-20261101090000-a1b2c3", "actief", True),
    ]
    assert "sha256" not in df.columns and "seq" not in df.columns


# --- every query file: header, parameters, runs ----------------------------------------------

PLAUSIBLE = {"gemeente": "GM0034", "year": 2024, "indicator": "jeugdzorg_pct", "level": "gemeente"}


def _header_and_body(name: str) -> tuple[str, str]:
    lines = (queries.QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8").splitlines()
    n = next((i for i, line in enumerate(lines) if not line.startswith("--")), len(lines))
    body = re.sub(r"--[^\n]*", "", "\n".join(lines[n:]))
    return "\n".join(lines[:n]), body


def test_there_is_a_query_test_for_every_file():
    """A new queries/*.sql needs its own exact-rows test above; then add its name here."""
    assert queries.query_names() == sorted(
        ["build_info", "gemeenten", "headline_by_gemeente", "herindeling", "import_log", "indicator_by_gemeente",
         "indicator_by_wijk", "indicator_catalogue", "map_indicators", "map_years", "national_reference",
         "sources", "trend_by_gemeente", "years_by_gemeente"])


@pytest.mark.parametrize("name", queries.query_names())
def test_query_file_is_documented_and_runs(name):
    header, body = _header_and_body(name)
    assert header.startswith("--"), f"{name}.sql starts without a header comment"
    assert "Grain" in header and "Parameters" in header, name
    used = set(queries.PARAM.findall(body))
    assert queries.query_parameters(name) == used, "a $parameter in the header that the SQL does not use"
    for p in used:
        assert f"${p}" in header, f"${p} of {name}.sql is not documented in its header"
    if not used:
        assert re.search(r"Parameters:\s*none", header), name
    unknown = used - set(PLAUSIBLE)
    assert not unknown, f"add a plausible value for {sorted(unknown)} to PLAUSIBLE"
    df = run_query(name, **{p: PLAUSIBLE[p] for p in used})
    assert len(df) > 0 and len(df.columns) > 0


# --- run_query's contract --------------------------------------------------------------------

def test_unknown_query_name_is_refused():
    with pytest.raises(KeyError, match="Onbekende query"):
        run_query("drop_everything")
    with pytest.raises(KeyError):
        run_query("../warehouse/schema")


def test_wrong_parameters_are_refused():
    with pytest.raises(TypeError, match="verwacht parameters"):
        run_query("gemeenten", gemeente="GM0034")
    with pytest.raises(TypeError):
        run_query("trend_by_gemeente", gemeente="GM0034")  # indicator missing
    with pytest.raises(TypeError):
        run_query("years_by_gemeente", gemeente="GM0034", year=2024)


def test_missing_warehouse_raises_warehouse_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(tmp_path / "nowhere.duckdb"))
    with pytest.raises(WarehouseMissing, match="make warehouse"):
        run_query("gemeenten")


def test_connection_is_read_only(fixture_warehouse):
    con = queries._connect(str(fixture_warehouse), fixture_warehouse.stat().st_mtime)
    with pytest.raises(duckdb.Error, match="read-only"):
        con.cursor().execute("CREATE TABLE x(i INT)")


def test_result_is_a_copy_callers_may_change():
    df = run_query("gemeenten")
    df.loc[0, "name"] = "Veranderd"
    assert run_query("gemeenten")["name"].tolist() == ["Almere", "Amsterdam", "Dijk en Waard", "Groningen"]


def test_a_rebuilt_warehouse_is_read_after_the_swap(tmp_path, monkeypatch):
    target = tmp_path / "w.duckdb"
    build_fixture_warehouse(target)
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(target))
    assert run_query("build_info")["release_id"].tolist() == ["fixture00001"]
    tables = dict(fd.TABLES, build_info=(fd.TABLES["build_info"][0], [("fixture00002", fd.BUILT_AT, 0.5)]))
    build_fixture_warehouse(tmp_path / "w.duckdb.new", tables)
    os.replace(tmp_path / "w.duckdb.new", target)  # what warehouse/build.py does
    later = target.stat().st_mtime + 10
    os.utime(target, (later, later))
    assert run_query("build_info")["release_id"].tolist() == ["fixture00002"]
