"""Newest year first (issue 20): the queries behind it on the fixture warehouse, exact rows.

``newest_year`` (queries/newest_year.sql and queries.newest_year), ``headline_newest_by_gemeente``
(each headline in its own newest year) and ``jeugdregio_gemeenten`` (the jeugdregio level).
"""
from __future__ import annotations

import pytest

import queries
from queries import newest_year, run_query
from tests import fixture_data as fd
from tests.conftest import build_fixture_warehouse
from tests.test_queries import rows

pytestmark = pytest.mark.usefixtures("use_fixture_warehouse")


@pytest.mark.parametrize(("indicator", "gemeente", "expected"), [
    ("jeugdzorg_pct", "GM0034", (2024, 2024)),   # the gemeente 2019–2024; its wijken 2019 and 2024
    ("jeugdzorg_pct", "GM0363", (2021, None)),   # Amsterdam: one year, no wijk figure
    ("jeugdzorg_pct", "GM0014", (None, None)),   # Groningen's only figure is CBS-secret: no year
    ("wmo_per_1000", "GM0014", (2021, None)),    # a published zero is a figure
    ("bestaat_niet", "GM0034", (None, None)),
])
def test_newest_year_query(indicator, gemeente, expected):
    df = run_query("newest_year", indicator=indicator, gemeente=gemeente)
    assert list(df.columns) == ["gemeente_year", "wijk_year"]
    assert rows(df) == [expected]


def test_newest_year_function_returns_a_year_or_none():
    assert newest_year("jeugdzorg_pct", "GM0034") == 2024
    assert isinstance(newest_year("jeugdzorg_pct", "GM0034"), int)
    assert newest_year("jeugdzorg_pct", "GM0363", "wijk") is None
    assert newest_year("jeugdzorg_pct", "GM0014") is None
    with pytest.raises(ValueError):
        newest_year("jeugdzorg_pct", "GM0034", "buurt")


def test_headline_newest_takes_each_indicator_in_its_newest_year_on_or_before():
    df = run_query("headline_newest_by_gemeente", gemeente="GM0363", year=2024)
    assert list(df.columns)[:7] == ["indicator_id", "label_nl", "unit", "decimals", "theme", "polarity", "year"]
    # Amsterdam has only 2021 in the fixture: the 2024 view shows 2021, with NL of 2021 (not 2025)
    assert rows(df, "indicator_id", "year", "value", "nl_value", "nl_year") == [
        ("jeugdzorg_pct", 2021, 9.8, 10.5, 2021),
        ("inwoners", 2021, 872757.0, 17475415.0, 2021),
        ("wmo_per_1000", 2021, 52.0, None, None),
    ]
    assert run_query("headline_newest_by_gemeente", gemeente="GM0363", year=2020).empty


def test_headline_newest_keeps_a_secret_of_the_newest_year_and_skips_missing():
    df = run_query("headline_newest_by_gemeente", gemeente="GM0014", year=2024)
    assert rows(df, "indicator_id", "year", "value", "status") == [
        ("jeugdzorg_pct", 2021, None, "secret"),   # CBS's word for that year, not an older value
        ("wmo_per_1000", 2021, 0.0, "value"),      # jeugdzorg_aantal is 'missing': left out
    ]


def test_headline_newest_equals_headline_in_the_year_itself():
    """Almere 2024: every figure of that year is headline_by_gemeente's; wmo is 'missing' in 2024 and has no
    older figure in the fixture, so it stays listed as missing (the page says it is not published)."""
    newest = run_query("headline_newest_by_gemeente", gemeente="GM0034", year=2024)
    same_year = run_query("headline_by_gemeente", gemeente="GM0034", year=2024)
    assert set(newest["year"]) == {2024}
    assert rows(newest, "indicator_id", "value", "status") == rows(same_year, "indicator_id", "value", "status")
    assert ("wmo_per_1000", None, "missing") in rows(newest, "indicator_id", "value", "status")


@pytest.fixture
def older_wmo(tmp_path, monkeypatch):
    """The fixture warehouse plus an Almere wmo figure of 2022 (its 2024 one is 'missing')."""
    import streamlit as st

    obs = fd.TABLES["observation"]
    extra = [("wmo_per_1000", "GM0034", 2024, 2022, 61.0, None, None, "value", False, None, fd.REAL)]
    target = build_fixture_warehouse(tmp_path / "w.duckdb", dict(fd.TABLES, observation=(obs[0], obs[1] + extra)))
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(target))
    st.cache_data.clear()
    st.cache_resource.clear()
    return target


def test_headline_newest_prefers_an_older_figure_to_a_missing_one(older_wmo):
    df = run_query("headline_newest_by_gemeente", gemeente="GM0034", year=2024).set_index("indicator_id")
    assert (int(df.at["wmo_per_1000", "year"]), df.at["wmo_per_1000", "value"]) == (2022, 61.0)


@pytest.fixture
def with_jeugdregio(tmp_path, monkeypatch):
    target = build_fixture_warehouse(tmp_path / "w.duckdb", fd.JEUGDREGIO_TABLES)
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(target))
    queries._run.clear()
    return target


def test_jeugdregio_gemeenten_lists_the_region_of_a_gemeente(with_jeugdregio):
    df = run_query("jeugdregio_gemeenten", gemeente="GM1980")
    assert list(df.columns) == ["jeugdregio_code", "jeugdregio_name", "gemeente_code", "gemeente_name", "is_self",
                                "is_derived", "basis", "share_addresses"]
    assert rows(df, "jeugdregio_code", "gemeente_code", "gemeente_name", "is_self", "share_addresses") == [
        ("JZ08", "GM0034", "Almere", False, 1.0),
        ("JZ08", "GM1980", "Dijk en Waard", True, 0.8333),
    ]
    # the 2016 composition is not the 2024 one; a gemeente without a 2024 row has no region
    assert run_query("jeugdregio_gemeenten", gemeente="GM0014").empty


def test_overzicht_shows_an_older_figure_with_its_year(older_wmo):
    """Wmo of 2022 in the 2024 view: its tile says 2022 and a caption says that some figures are older."""
    from tests.apptest_support import open_app
    at = open_app(gemeente="GM0034", jaar="2024")
    captions = [c.value for c in at.caption]
    assert at.title[0].value == "Almere in 2024"
    assert ("Elk kerncijfer is het nieuwste tot en met 2024; waar dat van een eerder jaar is (2022), staat het "
            "jaar eronder.") in captions
    assert any(c.startswith("Eenheid: per 1.000 inwoners") and "· 2022 · CBS-cijfer" in c for c in captions)
    assert not any(c.startswith("Niet gepubliceerd voor dit jaar") for c in captions)
