"""The import store's database: an embedded DuckDB file, or a shared PostgreSQL server.

``VROEGDOEN_ORGSTORE`` (or a ``store`` argument) names the store: a file path (the default,
``data/organisations.duckdb``, one process writes it at a time) or a ``postgresql://`` address, so that
several app replicas share one store (issue 22). This module is the only one that knows the difference;
``orgdata.store`` writes one dialect of SQL (``$named`` parameters) through :func:`open_store`:

- :class:`StoreConnection`: ``execute`` / ``fetchall`` / ``fetchone`` / ``df``, ``append`` a frame,
  ``columns`` and ``tables``; ``BEGIN`` / ``COMMIT`` / ``ROLLBACK`` as statements on both.
- the **release** of a server store: a number in ``store_release`` that every committed change of the
  store's contents raises (in the same transaction), so a replica knows when to republish its own
  warehouse copy (``warehouse.follow``). The audit trail does not count: it is never published.
- :func:`snapshot`: a consistent copy of a server store as a DuckDB file — what publishing attaches, and
  what a backup is; :func:`load_snapshot` puts such a file back into a server store in one transaction.

The writers' lock of a server store is a PostgreSQL advisory lock (``warehouse.lock``).
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from settings import DUCKDB_CONFIG, store_location

SCHEMES = ("postgresql://", "postgres://")
# The PostgreSQL types of the store's columns and the DuckDB types they become in a snapshot, and back.
TO_DUCKDB = {"character varying": "VARCHAR", "text": "VARCHAR", "integer": "INTEGER", "bigint": "BIGINT",
             "smallint": "SMALLINT", "double precision": "DOUBLE", "real": "FLOAT", "boolean": "BOOLEAN",
             "date": "DATE", "timestamp without time zone": "TIMESTAMP", "numeric": "DOUBLE"}
TO_POSTGRES = {"VARCHAR": "VARCHAR", "INTEGER": "INTEGER", "BIGINT": "BIGINT", "SMALLINT": "SMALLINT",
               "DOUBLE": "DOUBLE PRECISION", "FLOAT": "REAL", "BOOLEAN": "BOOLEAN", "DATE": "DATE",
               "TIMESTAMP": "TIMESTAMP"}
NOT_PUBLISHED = ("audit_log",)  # a change of these does not raise the release: the warehouse never has them
_PARAM = re.compile(r"(?<![\w$:])\$([A-Za-z_]\w*)")
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|TRUNCATE)\b", re.IGNORECASE)


class StoreDamaged(RuntimeError):
    """The store cannot be opened or read (damaged, or not now); the message is one Dutch sentence."""


class StoreUnavailable(StoreDamaged):
    """The store's server cannot be reached or refused us; the message names it without its password."""


def unavailable(store: str, exc: BaseException) -> StoreUnavailable:
    """The one Dutch sentence for a server that does not answer (or refuses us)."""
    return StoreUnavailable(f"De importopslag {label(store)} is niet bereikbaar ({type(exc).__name__}); er is niets "
                            "veranderd. Probeer het opnieuw als de server weer bereikbaar is.")


def locate(store: Path | str | None = None) -> Path | str:
    """The store: ``store`` or the configured one; a server address stays a str, anything else is a Path."""
    if store is None or store == "":
        return store_location()
    if isinstance(store, str) and is_server(store):
        return store
    return Path(store)


def is_server(store: Path | str | None) -> bool:
    """True for a PostgreSQL address (``postgresql://…``)."""
    return isinstance(store, str) and store.startswith(SCHEMES)


def label(store: Path | str) -> str:
    """The store as messages and logs name it: a path, or the address without its password."""
    if not is_server(store):
        return str(store)
    return re.sub(r"^(postgres(?:ql)?://[^:/@]*):[^@]*@", r"\1:***@", store)


def _server(store: str):
    import psycopg  # only for a server store

    try:
        return psycopg.connect(store, autocommit=True, connect_timeout=10, application_name="vroegdoen")
    except psycopg.Error as exc:
        raise unavailable(store, exc) from exc


def errors() -> tuple[type[BaseException], ...]:
    """The database errors of both kinds of store (for ``except``)."""
    import psycopg

    return duckdb.Error, psycopg.Error, StoreUnavailable


def exists(store: Path | str) -> bool:
    """Whether the store has been made: the file exists, or the server has its import log.

    An unreachable server raises :class:`StoreUnavailable`: it must never look like an empty store
    (publishing would then take every organisation's figures out of the warehouse).
    """
    if not is_server(store):
        return Path(store).exists()
    with _server(store) as con:
        return con.execute("SELECT to_regclass('import_log') IS NOT NULL").fetchone()[0]


def release(store: Path | str) -> int | None:
    """The release of a server store (raised by every published change); None for a file or a new server."""
    if not is_server(store):
        return None
    with _server(store) as con:
        if not con.execute("SELECT to_regclass('store_release') IS NOT NULL").fetchone()[0]:
            return None
        row = con.execute("SELECT max(n) FROM store_release").fetchone()
    return int(row[0]) if row and row[0] is not None else None


# --- one connection, two dialects ------------------------------------------------------------------

class StoreConnection:
    """One open connection to the store with the calls ``orgdata.store`` uses, in DuckDB's dialect."""

    kind = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con = con

    def execute(self, sql: str, params: dict | None = None) -> "StoreConnection":
        """Run one statement (``$name`` parameters); read its rows with fetchall/fetchone/df."""
        self._con.execute(sql, params or {})
        return self

    def setup(self, sql: str, params: dict | None = None) -> None:
        """Run schema statements (several, separated by ``;``) that change no contents."""
        self._con.execute(sql, params or {})

    def fetchall(self) -> list[tuple]:
        """The rows of the last statement."""
        return self._con.fetchall()

    def fetchone(self) -> tuple | None:
        """The first row of the last statement, or None."""
        return self._con.fetchone()

    def df(self) -> pd.DataFrame:
        """The rows of the last statement as a frame."""
        return self._con.df()

    def append(self, table: str, frame: pd.DataFrame) -> None:
        """Append a frame whose columns are the table's, in its order."""
        self._con.append(table, frame)

    def columns(self, table: str) -> list[str]:
        """The columns of a table of the store, in order."""
        return [r[0] for r in self.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = $t "
            "AND table_schema = current_schema() ORDER BY ordinal_position", {"t": table}).fetchall()]

    def tables(self) -> set[str]:
        """The tables of the store."""
        return {r[0] for r in self.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()").fetchall()}

    def close(self) -> None:
        """Close the connection (a transaction still open is rolled back)."""
        self._con.close()


class ServerConnection(StoreConnection):
    """The same calls on PostgreSQL: ``$name`` becomes ``%(name)s``; a committed change raises the release."""

    kind = "postgresql"

    def __init__(self, con):
        self._con, self._cur, self._in_transaction, self._changed = con, None, False, False

    def execute(self, sql: str, params: dict | None = None) -> "ServerConnection":
        """Run one statement; BEGIN/COMMIT/ROLLBACK as in DuckDB, a change outside a transaction is one."""
        word = sql.strip().split(None, 1)[0].upper() if sql.strip() else ""
        if word == "BEGIN":
            self._con.execute("BEGIN")
            self._in_transaction, self._changed = True, False
            return self
        if word in ("COMMIT", "ROLLBACK"):
            if word == "COMMIT" and self._changed:
                self._bump()
            self._con.execute(word)
            self._in_transaction = self._changed = False
            return self
        changes = bool(_WRITE.match(sql)) and not any(t in sql for t in NOT_PUBLISHED)
        if changes and not self._in_transaction:
            with self._con.transaction():
                self._run(sql, params)
                self._bump()
            return self
        self._run(sql, params)
        self._changed = self._changed or changes
        return self

    def _run(self, sql: str, params: dict | None) -> None:
        text = _PARAM.sub(r"%(\1)s", sql.replace("%", "%%")) if params else sql
        self._cur = self._con.execute(text, params or None)

    def _bump(self) -> None:
        self._con.execute("UPDATE store_release SET n = n + 1, changed_at = now()")

    def setup(self, sql: str, params: dict | None = None) -> None:
        """Schema statements, one by one (the server takes one statement per parameterised call)."""
        for statement in _statements(sql):
            self._run(statement, params if "$" in statement else None)

    def fetchall(self) -> list[tuple]:
        """The rows of the last statement."""
        return self._cur.fetchall()

    def fetchone(self) -> tuple | None:
        """The first row of the last statement, or None."""
        return self._cur.fetchone()

    def df(self) -> pd.DataFrame:
        """The rows of the last statement as a frame."""
        names = [d.name for d in self._cur.description]
        return pd.DataFrame(self._cur.fetchall(), columns=names)

    def append(self, table: str, frame: pd.DataFrame) -> None:
        """Append a frame with COPY (inside the caller's transaction, if any)."""
        _copy_in(self._con, table, frame)
        self._changed = True
        if not self._in_transaction:
            self._bump()

    def close(self) -> None:
        """Close the connection (a transaction still open is rolled back)."""
        self._con.close()


def _statements(sql: str) -> list[str]:
    """The statements of a schema script (no ``;`` inside strings there), comments removed."""
    without_comments = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return [s.strip() for s in without_comments.split(";") if s.strip()]


def _rows(frame: pd.DataFrame):
    """The frame's rows as plain Python values (what the server driver takes), NULL for missing."""
    plain = frame.astype(object).where(pd.notna(frame), None)
    for row in plain.itertuples(index=False, name=None):
        yield tuple(v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in row)


def _copy_in(con, table: str, frame: pd.DataFrame) -> None:
    from psycopg import sql as pgsql

    statement = pgsql.SQL("COPY {} ({}) FROM STDIN").format(
        pgsql.Identifier(table), pgsql.SQL(", ").join(pgsql.Identifier(c) for c in frame.columns))
    with con.cursor() as cur, cur.copy(statement) as copy:
        for row in _rows(frame):
            copy.write_row(row)


SERVER_SCHEMA = """
CREATE TABLE IF NOT EXISTS store_release (n BIGINT NOT NULL, changed_at TIMESTAMPTZ NOT NULL);
INSERT INTO store_release SELECT 1, now() WHERE NOT EXISTS (SELECT 1 FROM store_release)
"""


def open_store(store: Path | str, *, setup: bool = True) -> StoreConnection:
    """A connection to the store (file: made if missing); the caller holds the writers' lock, except for a
    server read (``setup=False``: the store's tables exist and nothing is made)."""
    if not is_server(store):
        path = Path(store)
        path.parent.mkdir(parents=True, exist_ok=True)
        return StoreConnection(duckdb.connect(str(path), config=DUCKDB_CONFIG))
    con = ServerConnection(_server(store))
    if not setup:
        return con
    try:
        con.setup(SERVER_SCHEMA)
    except Exception:
        con.close()
        raise
    return con


# --- snapshots: a server store as one DuckDB file, and back ------------------------------------------

def snapshot(store: str, target: Path) -> Path:
    """Copy every table of a server store, consistent (one read-only repeatable-read transaction), into
    a new DuckDB file ``target``; what publishing attaches and what a backup of a server store is."""
    target.unlink(missing_ok=True)
    with _server(store) as server, duckdb.connect(str(target), config=DUCKDB_CONFIG) as out:
        server.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            columns = server.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position").fetchall()
            by_table: dict[str, list[tuple[str, str]]] = {}
            for table, column, kind in columns:
                by_table.setdefault(table, []).append((column, TO_DUCKDB.get(kind, "VARCHAR")))
            for table, cols in by_table.items():
                out.execute("CREATE TABLE " + _quote(table) + " (" +
                            ", ".join(f"{_quote(c)} {t}" for c, t in cols) + ")")
                from psycopg import sql as pgsql
                cur = server.execute(pgsql.SQL("SELECT * FROM {}").format(pgsql.Identifier(table)))
                frame = pd.DataFrame(cur.fetchall(), columns=[c for c, _ in cols])
                if len(frame):
                    for column, kind in cols:  # the server gives aware times for timestamptz
                        if kind == "TIMESTAMP" and hasattr(frame[column].dtype, "tz"):
                            frame[column] = frame[column].dt.tz_convert(None)
                    out.register("_snapshot_rows", frame)
                    out.execute("INSERT INTO " + _quote(table) + " SELECT * FROM _snapshot_rows")
                    out.unregister("_snapshot_rows")
        finally:
            server.execute("ROLLBACK")
        out.execute("CHECKPOINT")
    return target


def load_snapshot(source: Path, store: str) -> None:
    """Replace the contents of a server store by a DuckDB file of the store (a backup), in one transaction;
    the release is raised so every replica republishes."""
    with duckdb.connect(str(source), read_only=True, config=DUCKDB_CONFIG) as src:
        tables = {t: src.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = $t ORDER BY ordinal_position", {"t": t}).fetchall()
                  for (t,) in src.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        frames = {t: src.execute("SELECT * FROM " + _quote(t)).df() for t in tables if t != "store_release"}
    con = ServerConnection(_server(store))
    try:
        con.setup(SERVER_SCHEMA)
        con.execute("BEGIN")
        for table, frame in frames.items():
            cols = ", ".join(f"{_quote(c)} {TO_POSTGRES.get(t.split('(')[0], 'VARCHAR')}" for c, t in tables[table])
            con.execute("CREATE TABLE IF NOT EXISTS " + _quote(table) + " (" + cols + ")")
            con.execute("DELETE FROM " + _quote(table))
            if len(frame):
                _copy_in(con._con, table, frame[[c for c, _ in tables[table]]])
        con.execute("COMMIT")
    finally:
        con.close()


def _quote(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"unexpected table or column name {name!r}")
    return '"' + name + '"'
