"""Query tests: every queries/*.sql on the fixture warehouse, asserting the exact rows."""
from __future__ import annotations

import os
import re

import duckdb
import numpy as np
import pandas as pd
import pytest
from pathlib import Path

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


def test_headline_newest_export_falls_back_to_the_newest_earlier_year():
    """Amsterdam has KWB figures for 2021 only: asked for 2024, each comes with its own year; NL of that year."""
    df = run_query("headline_newest_export", gemeente="GM0363", year=2024)
    assert rows(df, "indicator_id", "year", "value", "status", "nl_value", "nl_year") == [
        ("jeugdzorg_pct", 2021, 9.8, "value", 10.5, 2021),
        ("inwoners", 2021, 872757.0, "value", 17475415.0, 2021),
        ("wmo_per_1000", 2021, 52.0, "value", None, None),
    ]
    assert run_query("headline_newest_export", gemeente="GM0363", year=2020).empty  # nothing on or before


def test_headline_newest_export_skips_missing_and_keeps_suppression():
    df = run_query("headline_newest_export", gemeente="GM0034", year=2024).set_index("indicator_id")
    assert "wmo_per_1000" not in df.index  # 'missing' in 2024 and no earlier figure: no row, never a zero
    assert (int(df.at["jeugdzorg_pct", "year"]), int(df.at["jeugdzorg_pct", "nl_year"])) == (2024, 2021)  # NL 2025: later
    assert df.at["bijstand_per_1000", "value"] == 0.0  # zero is a figure
    small = run_query("headline_newest_export", gemeente="GM0034", year=2023).set_index("indicator_id")
    assert small.at["signalen_basis_pct", "status"] == "suppressed" and pd.isna(small.at["signalen_basis_pct", "value"])


def test_headline_newest_export_without_a_year_takes_the_newest():
    newest = run_query("headline_newest_export", gemeente="GM0034", year=None)
    assert newest.equals(run_query("headline_newest_export", gemeente="GM0034", year=2024))


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
    """The public import log: only the columns people need (issue 19); row counts stay in the store."""
    df = run_query("import_log")
    assert list(df.columns) == ["import_id", "org", "kind", "imported_at", "status", "is_demo"]
    assert rows(df, "import_id", "status", "is_demo") == [
        ("imp-20261103120000-0f0f0f", "teruggedraaid", False),
        ("imp-20261103110000-d4e5f6", "actief", False),
        ("log-00000000aa", "afgekeurd", False),
        ("imp-20261101090000-a1b2c3", "actief", True),
    ]
    assert "rows_ok" not in df.columns and "file_name" not in df.columns
    assert "sha256" not in df.columns and "seq" not in df.columns


# --- signals (page Signalen): the signal table, suppressed in run_query -------------------------

SIGNAL_DEMO = (ORG_DEMO_CREDIT, True)
SIGNAL_REAL = (ORG_CREDIT, False)
HIDDEN = (None, None, "suppressed")


def test_signals_by_year_counts_and_share_in_the_basis():
    df = run_query("signals_by_year", gemeente="GM0034")
    assert list(df.columns) == ["year", "measure", "value", "numerator", "denominator", "status", "privacy_kind",
                                "credit", "is_demo"]
    assert rows(df) == [
        (2019, "signalen", 14.0, 14.0, None, "value", "count", *SIGNAL_DEMO),
        (2019, "basis_pct", pytest.approx(8 / 14 * 100), 8.0, 14.0, "value", "rate", *SIGNAL_DEMO),
        (2023, "signalen", 9.0, 9.0, None, "value", "count", *SIGNAL_REAL),
        # 3 of 9 in the basis: the numerator is below 5, so the share is hidden (as on the Overzicht)
        (2023, "basis_pct", None, None, None, "suppressed", "rate", *SIGNAL_REAL),
        (2024, "signalen", 55.0, 55.0, None, "value", "count", *SIGNAL_DEMO),
        (2024, "basis_pct", pytest.approx(34 / 55 * 100), 34.0, 55.0, "value", "rate", *SIGNAL_DEMO),
    ]
    assert run_query("signals_by_year", gemeente="GM0363").empty


def test_signals_by_category_outcome_hides_small_cells_per_year_and_side():
    df = run_query("signals_by_category_outcome", gemeente="GM0034")
    assert list(df.columns) == ["year", "category", "outcome", "in_basis", "value", "numerator", "status",
                                "privacy_kind", "credit", "is_demo"]
    assert set(df["privacy_kind"]) == {"count"}
    assert rows(df, "year", "category", "outcome", "in_basis", "value", "numerator", "status", "credit",
                "is_demo") == [
        # 2019: the referred side has one cell, so the year is one group: the 3 takes the 5 with it
        (2019, fd.OPV, fd.S, True, *HIDDEN, *SIGNAL_DEMO),
        (2019, fd.OPV, fd.Z, True, *HIDDEN, *SIGNAL_DEMO),
        (2019, fd.SCH, fd.W, False, 6.0, 6.0, "value", *SIGNAL_DEMO),
        # 2023: one cell per side; the 3 takes the 6 with it (else 9 - 6 gives it away)
        (2023, fd.OPV, fd.W, False, *HIDDEN, *SIGNAL_REAL),
        (2023, fd.OPV, fd.Z, True, *HIDDEN, *SIGNAL_REAL),
        # 2024: the basis side (20, 8, 6) shows all; the referred side hides the 2 and the 5 (its smallest)
        (2024, fd.ARM, fd.W, False, 6.0, 6.0, "value", *SIGNAL_DEMO),
        (2024, fd.ARM, fd.V, False, *HIDDEN, *SIGNAL_DEMO),
        (2024, fd.ARM, fd.Z, True, 6.0, 6.0, "value", *SIGNAL_DEMO),
        (2024, fd.OPV, fd.W, False, 8.0, 8.0, "value", *SIGNAL_DEMO),
        (2024, fd.OPV, fd.S, True, 8.0, 8.0, "value", *SIGNAL_DEMO),
        (2024, fd.OPV, fd.Z, True, 20.0, 20.0, "value", *SIGNAL_DEMO),
        (2024, fd.SCH, fd.J, False, *HIDDEN, *SIGNAL_DEMO),
    ]
    assert run_query("signals_by_category_outcome", gemeente="GM0363").empty


def test_signals_by_month_hides_per_category_and_per_outcome():
    df = run_query("signals_by_month", gemeente="GM0034", year=2024)
    assert list(df.columns) == ["dimension", "label", "month", "value", "numerator", "status", "privacy_kind",
                                "credit", "is_demo"]
    mar, sep = pd.Timestamp("2024-03-01"), pd.Timestamp("2024-09-01")
    assert rows(df, "dimension", "label", "month", "value", "numerator", "status") == [
        ("categorie", fd.ARM, mar, *HIDDEN),                   # 12: the complement of …
        ("categorie", fd.ARM, sep, *HIDDEN),                   # … this 2
        ("categorie", fd.OPV, mar, 18.0, 18.0, "value"),
        ("categorie", fd.OPV, sep, 18.0, 18.0, "value"),
        ("categorie", fd.SCH, mar, 5.0, 5.0, "value"),
        ("uitkomst", fd.W, mar, *HIDDEN),                      # 4
        ("uitkomst", fd.W, sep, *HIDDEN),                      # 10: its complement
        ("uitkomst", fd.J, mar, 5.0, 5.0, "value"),
        ("uitkomst", fd.V, mar, *HIDDEN),                      # 2, alone in its group
        ("uitkomst", fd.S, mar, 8.0, 8.0, "value"),
        ("uitkomst", fd.Z, mar, 16.0, 16.0, "value"),
        ("uitkomst", fd.Z, sep, 10.0, 10.0, "value"),
    ]
    assert set(rows(df, "privacy_kind", "credit", "is_demo")) == {("count", *SIGNAL_DEMO)}
    assert rows(run_query("signals_by_month", gemeente="GM0034", year=2023), "dimension", "label", "status") == [
        ("categorie", fd.OPV, "value"), ("uitkomst", fd.W, "value"), ("uitkomst", fd.Z, "suppressed")]
    assert run_query("signals_by_month", gemeente="GM0034", year=2022).empty


def test_signals_by_wijk_hides_a_small_wijk_and_its_complement():
    df = run_query("signals_by_wijk", gemeente="GM0034", year=2024)
    assert list(df.columns) == ["code", "name", "indeling_year", "measure", "value", "numerator", "denominator",
                                "status", "privacy_kind", "credit", "is_demo"]
    assert rows(df) == [
        ("WK003401", "Almere Stad", 2024, "signalen", None, None, None, "suppressed", "count", *SIGNAL_DEMO),  # 3
        ("WK003401", "Almere Stad", 2024, "basis_pct", None, None, None, "suppressed", "rate", *SIGNAL_DEMO),  # 1/3
        ("WK003402", "Almere Haven", 2024, "signalen", None, None, None, "suppressed", "count", *SIGNAL_DEMO),
        ("WK003402", "Almere Haven", 2024, "basis_pct", None, None, None, "suppressed", "rate", *SIGNAL_DEMO),
        ("WK003403", "Almere Buiten", 2024, "signalen", 40.0, 40.0, None, "value", "count", *SIGNAL_DEMO),
        ("WK003403", "Almere Buiten", 2024, "basis_pct", 62.5, 25.0, 40.0, "value", "rate", *SIGNAL_DEMO),
    ]


def test_signals_by_wijk_names_wijken_in_the_indeling_of_the_signals():
    """2019 signals of WK003401 were registered in the old indeling: its name, not today's."""
    assert rows(run_query("signals_by_wijk", gemeente="GM0034", year=2019), "code", "name", "indeling_year",
                "measure", "value", "status") == [
        ("WK003401", fd.OLD_WIJK_01, 2019, "signalen", 14.0, "value"),
        ("WK003401", fd.OLD_WIJK_01, 2019, "basis_pct", pytest.approx(8 / 14 * 100), "value")]
    assert rows(run_query("signals_by_wijk", gemeente="GM0034", year=2023), "name", "measure", "value", "status",
                "credit", "is_demo") == [
        ("Almere Stad", "signalen", 9.0, "value", *SIGNAL_REAL),
        ("Almere Stad", "basis_pct", None, "suppressed", *SIGNAL_REAL)]
    assert run_query("signals_by_wijk", gemeente="GM0363", year=2024).empty


# --- every query file: header, parameters, runs ----------------------------------------------

PLAUSIBLE = {"gemeente": "GM0034", "year": 2024, "indicator": "jeugdzorg_pct", "level": "gemeente",
             "half": True, "codes": ["GM0363"]}


def _header_and_body(name: str) -> tuple[str, str]:
    lines = (queries.QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8").splitlines()
    n = next((i for i, line in enumerate(lines) if not line.startswith("--")), len(lines))
    body = re.sub(r"--[^\n]*", "", "\n".join(lines[n:]))
    return "\n".join(lines[:n]), body


def test_there_is_a_query_test_for_every_file():
    """Every queries/*.sql is run by name in some test module (its exact-rows test)."""
    tests = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    untested = [n for n in queries.query_names() if f'run_query("{n}"' not in tests]
    assert not untested, f"queries without an exact-rows test: {untested}"


@pytest.mark.parametrize("name", queries.query_names())
def test_query_file_is_documented_and_runs(name, tmp_path, monkeypatch):
    if name.startswith("youthcare_"):  # the CBS youth-care series live in fd.SERIES_TABLES (full years to 2023)
        from tests.conftest import pointed_at
        next(pointed_at(build_fixture_warehouse(tmp_path / "series.duckdb", fd.SERIES_TABLES), monkeypatch))
        monkeypatch.setitem(PLAUSIBLE, "year", 2023)
    if name in ("toelichting_by_gemeente", "toelichting_all"):  # issue 23: a gemeente's notes (fd.ISSUE23_TABLES)
        from tests.conftest import pointed_at
        next(pointed_at(build_fixture_warehouse(tmp_path / "issue23.duckdb", fd.ISSUE23_TABLES), monkeypatch))
    if name == "jeugdregio_gemeenten":  # the jeugdregio level lives in fd.JEUGDREGIO_TABLES
        from tests.conftest import pointed_at
        next(pointed_at(build_fixture_warehouse(tmp_path / "jeugdregio.duckdb", fd.JEUGDREGIO_TABLES), monkeypatch))
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


# --- queries of the page Gemeenten vergelijken -------------------------------------------------

PEER_CONTEXT_COLUMNS = ["code", "name", "level", *fd.PEER_COLUMNS, "secret", "is_derived", "credit", "is_demo"]


def _peer(code, name, values: dict, secret="", derived=False, credit=CREDIT, level="gemeente"):
    """A peer_context row: the named figures, NULL for the other indicators."""
    return (code, name, level, *[values.get(c) for c in fd.PEER_COLUMNS], secret, derived, credit, False)


def test_peer_context_2021_wide_with_nl_first_and_secret_listed():
    df = run_query("peer_context", year=2021)
    assert list(df.columns) == PEER_CONTEXT_COLUMNS
    assert rows(df) == [
        _peer("NL00", "Nederland", {"inwoners": 17475415.0, "jeugdzorg_pct": 10.5}, derived=True, level="land"),
        # Groningen: jeugdzorg secret (NULL, listed), wmo a zero; jeugdzorg_aantal is not a peer column
        _peer("GM0014", "Groningen", {"wmo_per_1000": 0.0}, secret="jeugdzorg_pct"),
        _peer("GM0034", "Almere", {"jeugdzorg_pct": 11.4}),
        _peer("GM0363", "Amsterdam", {"inwoners": 872757.0, "jeugdzorg_pct": 9.8, "wmo_per_1000": 52.0}),
        _peer("GM1980", "Dijk en Waard", {"inwoners": 86722.0, "jeugdzorg_pct": 11.2, "wmo_per_1000": 41.7},
              derived=True),
    ]


def test_peer_context_2024_leaves_out_other_indicators_and_keeps_gemeenten_without_figures():
    df = run_query("peer_context", year=2024)
    assert rows(df) == [
        _peer("NL00", "Nederland", {}, credit=None, level="land"),
        _peer("GM0014", "Groningen", {}, credit=None),
        # the demo kinderwerk figure and the counts are no peer columns; wmo is 'missing'
        _peer("GM0034", "Almere", {"inwoners": 226500.0, "kinderen_0_15_pct": 18.2, "inkomen_per_inwoner": 29.4,
                                   "bijstand_per_1000": 0.0, "jeugdzorg_pct": 11.7},
              secret="huish_sociaal_minimum_pct"),
        _peer("GM0363", "Amsterdam", {}, credit=None),
        _peer("GM1980", "Dijk en Waard", {}, credit=None),
    ]


def test_peer_years_most_gemeenten_first():
    df = run_query("peer_years")
    assert list(df.columns) == ["year", "n_gemeenten", "n_total"]
    # 2021: Amsterdam and Dijk en Waard have jeugdzorg and inwoners (Groningen's jeugdzorg is secret,
    # Almere has no inwoners in 2021); 2024: Almere only
    assert rows(df) == [(2021, 2, 4), (2024, 1, 4)]


@pytest.fixture
def peer_warehouse(tmp_path, monkeypatch):
    target = build_fixture_warehouse(tmp_path / "peers.duckdb", fd.PEER_TABLES)
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(target))
    return target


def test_peer_context_on_the_peer_fixture_has_every_gemeente_wide(peer_warehouse):
    df = run_query("peer_context", year=2021)
    assert df["code"].tolist() == ["NL00", "GM0014", "GM0034", "GM0363", "GM1980", *[f"GM900{i}" for i in range(1, 9)]]
    by_code = {r[0]: r for r in rows(df)}
    assert by_code["GM0034"] == _peer("GM0034", "Almere", dict(zip(fd.PEER_COLUMNS, (
        214715.0, 18.5, 12.6, 28.1, 24.9, 1616.0, 11.4, 56.0, 6.3, 6.3))))
    assert by_code["GM0014"] == _peer("GM0014", "Groningen", dict(zip(fd.PEER_COLUMNS, (
        233273.0, 12.2, 21.2, 26.8, 43.3, 3300.0, None, 0.0, 11.2, 10.7))), secret="jeugdzorg_pct")
    assert by_code["GM9008"] == _peer("GM9008", "Hessel", dict(zip(fd.PEER_COLUMNS, (
        3700.0, 13.0, 9.5, 30.0, None, 250.0, 9.4, 83.0, 3.5, 4.0))))  # bijstand 'missing': NULL, not secret
    assert by_code["GM1980"][3:14] == (86722.0, 17.0, 11.5, 30.1, 14.2, 1700.0, 11.2, 41.7, 4.5, 4.9, "")
    for code, values in fd.PEER_FIGURES.items():  # every figure the fixture gives lands in its column
        assert [v for v, given in zip(by_code[code][3:13], values) if given != fd.KEEP] == \
            [v for v in values if v != fd.KEEP], code


def test_peer_years_on_the_peer_fixture(peer_warehouse):
    assert rows(run_query("peer_years")) == [(2021, 11, 12), (2024, 1, 12)]


def test_peer_indicators_are_the_catalogue_rows_of_the_peer_columns():
    df = run_query("peer_indicators")
    assert list(df.columns) == ["indicator_id", "label_nl", "unit", "decimals", "polarity"]
    # bevolkingsdichtheid and huish_laag_inkomen_pct are not in the small fixture's catalogue
    meta = {i[0]: (i[0], i[1], i[2], i[3], i[7]) for i in fd.INDICATORS}
    assert rows(df) == [meta[i] for i in sorted(set(fd.PEER_COLUMNS) & set(meta))]
    assert df["indicator_id"].tolist() == [
        "bijstand_per_1000", "huish_sociaal_minimum_pct", "inkomen_per_inwoner", "inwoners", "jeugdzorg_pct",
        "jongeren_15_25_pct", "kinderen_0_15_pct", "wmo_per_1000"]


def test_trend_breaks_are_national_plus_the_gemeentes_own(use_fixture_warehouse):
    df = run_query("trend_breaks", gemeente="GM0034")
    assert df.to_dict("records") == [
        {"year": 2022, "theme": "wijken", "label_nl": "Nieuwe wijkindeling (wijkcodes deels hergebruikt)"},
        {"year": 2023, "theme": "uitgaven", "label_nl": "Iv3: 6.2 heet Toegang; 6.72 en 6.82 opgesplitst"},
    ]
    assert run_query("trend_breaks", gemeente="GM0363")["year"].tolist() == [2023]


def test_newest_year_by_indicator(use_fixture_warehouse):
    """Issue 23: the newest year with a value per indicator, kept in each release's download."""
    got = run_query("newest_year_by_indicator").set_index("indicator_id")["year"].to_dict()
    values = [o for o in fd.TABLES["observation"][1] if o[7] == "value"]
    assert got == {i: max(o[3] for o in values if o[0] == i) for i in {o[0] for o in values}
                   if i in {x[0] for x in fd.TABLES["indicator"][1]}}
def test_handled_in_basis_is_one_definition_that_the_contract_agrees_with(fixture_warehouse):
    """The outcomes that count as handled in the basis: one table for every SQL file, equal to the contract."""
    from orgdata.contract import HANDLED_IN_BASIS
    with duckdb.connect(str(fixture_warehouse), read_only=True) as con:
        table = [r[0] for r in con.execute("SELECT outcome FROM handled_in_basis ORDER BY outcome").fetchall()]
    assert table == sorted(HANDLED_IN_BASIS)
    root = Path(__file__).resolve().parent.parent
    for sql in [*root.glob("queries/*.sql"), *root.glob("warehouse/*.sql")]:
        text = sql.read_text(encoding="utf-8")
        if sql.name != "schema.sql":
            assert not any(f"'{outcome}'" in text for outcome in HANDLED_IN_BASIS), f"{sql.name} spells the outcomes out"
