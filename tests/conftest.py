"""Shared fixtures: a tiny warehouse built from the real schema and hand-written rows.

``fixture_warehouse`` builds it once per session in tmp (never data/warehouse.duckdb);
``use_fixture_warehouse`` points the query layer at it (env VROEGDOEN_WAREHOUSE) with clean
Streamlit caches on both sides of the test.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
import streamlit as st

from tests import fixture_data

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "warehouse" / "schema.sql"
ORG_SCHEMA = ROOT / "warehouse" / "org_schema.sql"


@pytest.fixture(scope="session", autouse=True)
def isolated_import_store(tmp_path_factory):
    """No test reads or writes the developer's data/organisations.duckdb: an empty store in tmp."""
    old = os.environ.get("VROEGDOEN_ORGSTORE")
    os.environ["VROEGDOEN_ORGSTORE"] = str(tmp_path_factory.mktemp("orgstore") / "organisations.duckdb")
    yield
    if old is None:
        os.environ.pop("VROEGDOEN_ORGSTORE", None)
    else:
        os.environ["VROEGDOEN_ORGSTORE"] = old


@pytest.fixture(scope="session", autouse=True)
def no_stable_downloads():
    """No test server or AppTest writes the stable downloads into static/ (queries/downloads.py) unless it asks."""
    old = os.environ.get("VROEGDOEN_DOWNLOADS")
    os.environ["VROEGDOEN_DOWNLOADS"] = "uit"
    yield
    if old is None:
        os.environ.pop("VROEGDOEN_DOWNLOADS", None)
    else:
        os.environ["VROEGDOEN_DOWNLOADS"] = old


@pytest.fixture(scope="module")
def series_warehouse_file(tmp_path_factory):
    """The fixture warehouse with the youth-care series rows (fixture_data.SERIES_TABLES)."""
    from tests import fixture_data
    return build_fixture_warehouse(tmp_path_factory.mktemp("series") / "series.duckdb", fixture_data.SERIES_TABLES)


@pytest.fixture
def series_warehouse(series_warehouse_file, monkeypatch):
    """The query layer pointed at the series warehouse for one test."""
    yield from pointed_at(series_warehouse_file, monkeypatch)


def build_fixture_warehouse(path: Path, tables: dict = fixture_data.TABLES) -> Path:
    """The real schema, then ``tables`` ({table: (columns, rows)}, in foreign-key order)."""
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA.read_text(encoding="utf-8"))
        con.execute(ORG_SCHEMA.read_text(encoding="utf-8"))
        for table, (columns, rows) in tables.items():
            if rows:
                marks = ", ".join("?" * len(columns))
                con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def fixture_warehouse(tmp_path_factory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("warehouse") / "fixture.duckdb")


def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def use_fixture_warehouse(fixture_warehouse, monkeypatch) -> Path:
    yield from pointed_at(fixture_warehouse, monkeypatch)


def pointed_at(warehouse: Path, monkeypatch):
    """Point the query layer at ``warehouse`` for one test, with clean Streamlit caches on both sides.

    For fixtures: ``yield from pointed_at(path, monkeypatch)``.
    """
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(warehouse))
    _clear_caches()
    yield warehouse
    _clear_caches()


def seeded_store(path: Path) -> Path:
    """An import store holding the fixture's import log, as the fixture warehouse publishes it (the Data
    page reads the log from the store, issue 19); its audit trail is empty."""
    from orgdata import store as orgstore
    orgstore.import_log(path)  # creates it, with its key
    columns, rows = fixture_data.TABLES["import_log"]
    with duckdb.connect(str(path)) as con:
        con.executemany("INSERT INTO import_log (" + ", ".join(columns) + ") VALUES (" +
                        ", ".join("?" * len(columns)) + ")", rows)
    return path


@pytest.fixture
def lokaal(tmp_path, monkeypatch):
    """Lokale modus as `make run` starts it (issues 12, 19): asked for (VROEGDOEN_LOKAAL=1), no [auth], the
    server on 127.0.0.1, so this machine's user is beheerder; with an empty import store of its own."""
    from streamlit import config
    old = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    monkeypatch.setenv("VROEGDOEN_LOKAAL", "1")
    monkeypatch.setenv("VROEGDOEN_ORGSTORE", str(seeded_store(tmp_path / "lokaal_store.duckdb")))
    yield
    config.set_option("server.address", old)


# Browser assertions wait up to 20 s (Playwright's default is 5 s): on a loaded 2-core machine a page's first
# run can take longer than 5 s, and a timing failure says nothing about the page.
try:
    from playwright.sync_api import expect as _expect
    _expect.set_options(timeout=20_000)
except ImportError:  # pragma: no cover - playwright is in requirements.txt
    pass


@pytest.fixture
def pg_store():
    """A fresh, empty database on the test PostgreSQL server: the address of a shared store."""
    from tests import pg_server
    url = pg_server.server()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is needed for the shared-store tests in CI: make postgres (deploy/postgres-test.sh)")
        pytest.skip("geen PostgreSQL-server: make postgres")
    address = pg_server.new_database(url)
    yield address
    pg_server.drop_database(address)
