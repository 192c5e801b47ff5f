"""The query layer: every page asks for data by query name; SQL lives in queries/*.sql.

One job: read the warehouse. One function runs them all, on a read-only connection with a cursor per call (sessions run
in threads), suppresses small organisation figures (queries/privacy.py), and caches the result. The warehouse path comes from ``VROEGDOEN_WAREHOUSE``
(tests point it at a fixture) and defaults to data/warehouse.duckdb.

May import: ``settings``, ``warehouse`` and the rooms below it (tests/test_layers.py); pages,
``ui`` and ``reports`` import this, never ``charts`` (which gets the rows handed in).
"""
from __future__ import annotations

import functools
import re
import threading
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from queries import privacy
from settings import DUCKDB_CONFIG, warehouse_path  # noqa: F401 - warehouse_path re-exported

QUERIES_DIR = Path(__file__).resolve().parent
PARAM = re.compile(r"(?<![:$\w])\$([a-z_][a-z0-9_]*)")
NAME = re.compile(r"[a-z0-9_]+")


class WarehouseMissing(RuntimeError):
    """The warehouse file is not there: the message says how to build it."""


def query_names() -> list[str]:
    """The names of every query file in queries/, sorted."""
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def query_parameters(name: str) -> set[str]:
    """The $named parameters a query file uses."""
    return _parsed(name)[1]


def _sql(name: str) -> str:
    return _parsed(name)[0]


def _parsed(name: str) -> tuple[str, set[str]]:
    """A query file's text and parameters, read again only when the file changed (a page runs ~20 queries a rerun)."""
    path = QUERIES_DIR / f"{name}.sql"
    if not NAME.fullmatch(name) or not path.is_file():  # the allow-list: only files in this folder
        raise KeyError(f"Onbekende query: {name}")
    return _read(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=512)
def _read(path: Path, mtime_ns: int) -> tuple[str, frozenset[str]]:
    text = path.read_text(encoding="utf-8")
    return text, frozenset(PARAM.findall(text))


class Warehouse:
    """Owns the read-only connection to one warehouse file and reopens it after a rebuild.

    A rebuild swaps in a new file (new mtime). DuckDB keeps serving the database it already has
    open for a path, so the old connection must be closed before the new file can be read.
    """

    def __init__(self, path: str):
        self.path, self.mtime, self.con = path, None, None
        self.lock = threading.Lock()

    def connection(self, mtime: float) -> duckdb.DuckDBPyConnection:
        """The read-only connection, reopened when the file changed (a rebuild swapped it in)."""
        with self.lock:
            if self.con is None or mtime != self.mtime:
                if self.con is not None:
                    self.con.close()
                self.con = duckdb.connect(self.path, read_only=True, config=DUCKDB_CONFIG)
                self.mtime = mtime
            return self.con


@st.cache_resource(show_spinner=False)
def _warehouse(path: str) -> Warehouse:
    return Warehouse(path)


def _connect(path: str, mtime: float) -> duckdb.DuckDBPyConnection:
    """The read-only connection to the warehouse file as it is now."""
    return _warehouse(path).connection(mtime)


@st.cache_data(ttl="1h", show_spinner=False, max_entries=2000)
def _run(path: str, mtime: float, name: str, params: tuple, min_count: int) -> pd.DataFrame:
    with _connect(path, mtime).cursor() as cur:  # a cursor per call: sessions run in threads
        result = cur.execute(_sql(name), dict(params)).df()
    return privacy.suppress(result, min_count)  # before caching: nothing unsuppressed is kept


def run_query(name: str, **params) -> pd.DataFrame:
    """Run ``queries/<name>.sql`` with $named parameters; a copy, so callers may change it."""
    path = warehouse_path()
    if not path.exists():
        raise WarehouseMissing(f"Het warehouse {path} ontbreekt. Bouw het met: make warehouse")
    expected = query_parameters(name)
    if set(params) != expected:
        raise TypeError(f"Query {name} verwacht parameters {sorted(expected)}, kreeg {sorted(params)}")
    # st.cache_data hands every caller its own unpickled copy: no second copy needed
    return _run(str(path), path.stat().st_mtime, name, tuple(sorted(params.items())), privacy.threshold())


def data_version() -> tuple[str, float, int]:
    """What every cached query result depends on besides its parameters: the warehouse file, its mtime (a rebuild
    swaps in a new file) and the privacy threshold. A cache of results prepared from queries keys on this."""
    path = warehouse_path()
    return str(path), path.stat().st_mtime if path.exists() else 0.0, privacy.threshold()


def newest_year(indicator: str, gemeente: str, level: str = "gemeente") -> int | None:
    """The newest year with a published figure for ``indicator`` in ``gemeente`` (``queries/newest_year.sql``).

    ``level`` is ``"gemeente"`` (the gemeente's own figure, 2024 indeling) or ``"wijk"`` (any of its
    wijken, in that year's indeling). None when there is no such year. Pages and exports open on this year.
    """
    if level not in ("gemeente", "wijk"):
        raise ValueError(f"level is 'gemeente' of 'wijk', niet {level!r}")
    row = run_query("newest_year", indicator=indicator, gemeente=gemeente).iloc[0]
    value = row[f"{level}_year"]
    return None if pd.isna(value) else int(value)
