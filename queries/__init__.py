"""The query layer: every page asks for data by query name; SQL lives in queries/*.sql.

One function runs them all, on a read-only connection with a cursor per call (sessions run
in threads), and results are cached. The warehouse path comes from ``VROEGDOEN_WAREHOUSE``
(tests point it at a fixture) and defaults to data/warehouse.duckdb.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

QUERIES_DIR = Path(__file__).resolve().parent
DEFAULT_WAREHOUSE = QUERIES_DIR.parent / "data" / "warehouse.duckdb"
PARAM = re.compile(r"(?<![:$\w])\$([a-z_][a-z0-9_]*)")


class WarehouseMissing(RuntimeError):
    """The warehouse file is not there: the message says how to build it."""


def warehouse_path() -> Path:
    return Path(os.environ.get("VROEGDOEN_WAREHOUSE", DEFAULT_WAREHOUSE))


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def query_parameters(name: str) -> set[str]:
    """The $named parameters a query file uses."""
    return set(PARAM.findall(_sql(name)))


def _sql(name: str) -> str:
    if name not in query_names():  # the allow-list: only files in this folder
        raise KeyError(f"Onbekende query: {name}")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


@st.cache_resource(show_spinner=False)
def _connect(path: str, mtime: float) -> duckdb.DuckDBPyConnection:
    """One read-only connection per warehouse file version (a rebuild changes the mtime)."""
    return duckdb.connect(path, read_only=True, config={"autoinstall_known_extensions": False})


@st.cache_data(ttl="1h", show_spinner=False, max_entries=2000)
def _run(path: str, mtime: float, name: str, params: tuple) -> pd.DataFrame:
    with _connect(path, mtime).cursor() as cur:
        return cur.execute(_sql(name), dict(params)).df()


def run_query(name: str, **params) -> pd.DataFrame:
    """Run ``queries/<name>.sql`` with $named parameters; a copy, so callers may change it."""
    path = warehouse_path()
    if not path.exists():
        raise WarehouseMissing(f"Het warehouse {path} ontbreekt. Bouw het met: make warehouse")
    expected = query_parameters(name)
    if set(params) != expected:
        raise TypeError(f"Query {name} verwacht parameters {sorted(expected)}, kreeg {sorted(params)}")
    return _run(str(path), path.stat().st_mtime, name, tuple(sorted(params.items()))).copy()
