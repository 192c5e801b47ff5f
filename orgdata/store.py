"""The import store for organisation data: every import ever made, replace, rollback, the log.

One small interface to the store (``data/organisations.duckdb`` or ``VROEGDOEN_ORGSTORE``, which may
also be a ``postgresql://`` address: a store shared by several replicas): every read and write goes
through :func:`connect` — the one store connection, under the writers' lock (``warehouse.lock``) —
and all store SQL lives in this module, in one dialect that both DuckDB and PostgreSQL run
(``warehouse.storedb`` turns the parameters and the transactions into the server's). Who may write, and the audit trail, are the ``admin`` package's:
its wrappers check, record and then call the functions here.

An import is all or nothing: a file with any problem writes no row (only a line in the log). The
same file again changes nothing while it is in force; a newer file of the same organisation and
kind replaces the older one for the cells it covers (period and wijk, or year and gemeente), so a
file per wijk adds to the other wijken; a rollback brings back what it had replaced. Organisation
names are compared without regard to case and surrounding spaces; the first spelling is kept.

A write is finished in two steps — the store commits, then the warehouse is republished — and a
``pending_write`` row bridges them: until it is gone, publishing counts the import as it was
before. A writer that died or failed in between leaves the row; the next writer :func:`settle` s
it, so the store and the warehouse agree on the last good state.
"""
from __future__ import annotations

import hashlib
import shutil
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd

from orgdata.contract import TEMPLATES
from orgdata.importer import Context, ImportRefused, Validation, check_file, count, outcome, summarise
from settings import DUCKDB_CONFIG, min_count, warehouse_path
from warehouse import ORG_SCHEMA, lock, storedb
from warehouse.storedb import StoreConnection, StoreDamaged, StoreUnavailable  # noqa: F401 - StoreDamaged re-exported
from warehouse.build import publish_org_data  # the build owns writing the warehouse

Store = Path | str  # a DuckDB file, or a PostgreSQL server's address (warehouse.storedb)
ORG_TABLES = ["import_log", "import_period", "kinderwerk_reach", "signal", "spending"]
NAME_KEY = "lower(trim(regexp_replace({col}, '\\s+', ' ', 'g')))"  # as org_name_key in org_publish.sql
DAMAGED = ("De importopslag {store} is beschadigd of onleesbaar ({error}); er is niets veranderd en het warehouse "
           "toont nog de laatste goede stand. Zet een reservekopie terug met: make restore")
UNAVAILABLE = ("De importopslag {store} is nu niet te openen of te schrijven ({error}: bijvoorbeeld een volle schijf, of "
               "een ander programma heeft hem open); er is niets veranderd. Probeer het opnieuw als dat verholpen is.")
INTERRUPTED = ("Onderbroken: de vorige wijziging ({action}) stopte voordat het warehouse was bijgewerkt; "
               "de stand van daarvoor geldt weer.")




@dataclass
class ImportResult:
    status: str                 # 'geïmporteerd', 'ongewijzigd', 'afgekeurd', 'geweigerd', 'mislukt'
    message: str                # one Dutch sentence for the user
    import_id: str | None = None
    validation: Validation | None = None

    @property
    def summary(self) -> pd.DataFrame:
        """The problems of the file, grouped (empty when there were none)."""
        return summarise(self.validation.problems) if self.validation is not None else pd.DataFrame()


@dataclass(frozen=True)
class RollbackResult:
    status: str                 # 'gelukt', 'ongewijzigd' (no active import of that id) or 'mislukt', as in the audit log
    message: str                # one Dutch sentence for the user

    @property
    def ok(self) -> bool:
        """True only when the import was withdrawn and the warehouse no longer counts it."""
        return self.status == "gelukt"


def name_key(name: str | None) -> str:
    """An organisation's name as it is compared: case and surrounding or doubled spaces do not count."""
    return " ".join((name or "").split()).casefold()


# --- the one connection ----------------------------------------------------------------------------

def _open(store: Store) -> StoreConnection:
    name = storedb.label(store)
    try:
        con = storedb.open_store(store)
    except StoreUnavailable:
        raise
    except duckdb.Error as exc:
        if any(sign in str(exc) for sign in ("Could not set lock", "No space left", "Permission denied")):
            # a lock held outside ours, a full disk, no rights: not the file's fault
            raise StoreDamaged(UNAVAILABLE.format(store=name, error=type(exc).__name__)) from exc
        raise StoreDamaged(DAMAGED.format(store=name, error=type(exc).__name__)) from exc
    try:
        con.setup(ORG_SCHEMA.read_text(encoding="utf-8"))
        _ensure_order(con)
        # The secret of the rounding of small numbers (warehouse/org_publish.sql) and its base: made
        # once, kept with the organisations' own figures and never published, so nobody can redo the
        # rounding, and every process rounds with the same key and threshold whatever its environment.
        con.setup("CREATE TABLE IF NOT EXISTS privacy_key AS SELECT md5(gen_random_uuid()::VARCHAR) AS key")
        con.setup("ALTER TABLE privacy_key ADD COLUMN IF NOT EXISTS base INTEGER")
        con.setup("UPDATE privacy_key SET base = $b WHERE base IS NULL", {"b": min_count()})
    except duckdb.IOException as exc:
        con.close()
        raise StoreDamaged(UNAVAILABLE.format(store=name, error=type(exc).__name__)) from exc
    except storedb.errors() as exc:
        con.close()
        raise StoreDamaged(DAMAGED.format(store=name, error=type(exc).__name__)) from exc
    return con


def _open_for_reading(store: str) -> StoreConnection:
    try:
        return storedb.open_store(store, setup=False)
    except StoreUnavailable:
        raise
    except storedb.errors() as exc:
        raise StoreDamaged(DAMAGED.format(store=storedb.label(store), error=type(exc).__name__)) from exc


def _ensure_order(con: StoreConnection) -> None:
    """A unique import order; a store from before it with doubled numbers is renumbered once, in order."""
    if con.kind != "duckdb":  # a server store is new: it has had the unique index from the start
        con.setup("CREATE UNIQUE INDEX IF NOT EXISTS import_log_seq ON import_log (seq)")
        return
    if con.execute("SELECT count(*) FROM duckdb_indexes() WHERE index_name = 'import_log_seq'").fetchone()[0]:
        return
    con.execute("BEGIN")
    con.execute("UPDATE import_log SET seq = n.rn FROM (SELECT import_id, row_number() OVER "
                "(ORDER BY seq, imported_at, import_id) AS rn FROM import_log) AS n "
                "WHERE import_log.import_id = n.import_id AND import_log.seq <> n.rn")
    con.execute("COMMIT")
    con.execute("CREATE UNIQUE INDEX IF NOT EXISTS import_log_seq ON import_log (seq)")


@contextmanager
def connect(store: Store | None = None, on_wait=None, *, reading: bool = False) -> Iterator[StoreConnection]:
    """The one connection to the import store, held under the writers' lock (also for reading a file:
    DuckDB lets no other process open a file that one process writes).

    ``reading`` (a block that only reads): on a server that has its tables the lock is not needed — every
    statement sees a consistent state, and the other replicas' writers go on meanwhile — so a page that
    shows the import log does not wait for an import through another replica."""
    store = storedb.locate(store)
    if reading and storedb.is_server(store) and storedb.exists(store):
        con = _open_for_reading(store)
        try:
            yield con
        finally:
            con.close()
        return
    with lock.writer(store, on_wait):
        con = _open(store)
        try:
            yield con
        finally:
            con.close()


def publish(warehouse: Path, store: Store, publishing: str | list[str] | None = None) -> None:
    """Rewrite the organisation part of the warehouse from the store: a new file, swapped in whole."""
    publish_org_data(warehouse, store, publishing=publishing)


def settle(store: Store | None = None, publish_to: Path | None = None) -> list[tuple[str, str, str]]:
    """Finish what a writer that died or failed left: the import log back to the last good state.

    Returns ``(import_id, action, message)`` per settled write (for the audit trail). Call it under
    the writers' lock, before a new write.
    """
    store, publish_to = storedb.locate(store), Path(publish_to or warehouse_path())
    if not storedb.exists(store):
        return []
    with connect(store) as con:
        left = con.execute("SELECT import_id, previous_status, action FROM pending_write ORDER BY started_at").fetchall()
        if not left:
            return []
        con.execute("BEGIN")
        for import_id, previous, action in left:
            con.execute("UPDATE import_log SET status = $s, message = $m WHERE import_id = $id",
                        {"s": previous, "m": INTERRUPTED.format(action=action), "id": import_id})
        con.execute("DELETE FROM pending_write")
        con.execute("COMMIT")
    publish(publish_to, store)
    return [(import_id, action, INTERRUPTED.format(action=action)) for import_id, _, action in left]


def _begin_pending(con, import_id: str, previous: str, action: str) -> None:
    con.execute("INSERT INTO pending_write VALUES ($id, $prev, $action, $at) ON CONFLICT (import_id) DO UPDATE "
                "SET previous_status = excluded.previous_status, action = excluded.action, "
                "started_at = excluded.started_at",
                {"id": import_id, "prev": previous, "action": action, "at": datetime.now()})


def _finish(store: Store, import_id: str) -> None:
    with connect(store) as con:
        con.execute("DELETE FROM pending_write WHERE import_id = $id", {"id": import_id})


def _undo(store: Store, import_id: str, status: str, message: str | None = None) -> bool:
    """Put an import back to ``status`` and drop its pending row; False when even that fails (disk full):
    the pending row then keeps the last good state until the next writer settles it."""
    try:
        with connect(store) as con:
            con.execute("BEGIN")
            con.execute("UPDATE import_log SET status = $s, message = coalesce($m, message) WHERE import_id = $id",
                        {"s": status, "m": message, "id": import_id})
            con.execute("DELETE FROM pending_write WHERE import_id = $id", {"id": import_id})
            con.execute("COMMIT")
        return True
    except Exception:  # noqa: BLE001 - reported by the caller in Dutch
        return False


# --- reading ---------------------------------------------------------------------------------------

def context_from_warehouse(path: Path | None = None) -> Context:
    """The codes an import is checked against, read from the warehouse (read-only)."""
    path = path or warehouse_path()
    if not path.exists():
        raise ImportRefused(f"Het warehouse {path} ontbreekt; bouw het eerst met: make warehouse")
    with duckdb.connect(str(path), read_only=True, config=DUCKDB_CONFIG) as con:
        wijken = con.execute("SELECT indeling_year, list(code) FROM region WHERE level = 'wijk' GROUP BY 1").fetchall()
        own = con.execute("SELECT parent_code, list(DISTINCT indeling_year) FROM region WHERE level = 'wijk' "
                          "GROUP BY 1").fetchall()
        gemeenten = [r[0] for r in con.execute(
            "SELECT code FROM region WHERE level = 'gemeente' AND indeling_year = 2024").fetchall()]
        merged = dict(con.execute("SELECT old_code, new_code FROM herindeling").fetchall())
        taak = con.execute("SELECT boekjaar, list(code) FROM taakveld GROUP BY 1").fetchall()
    return Context(wijken={y: set(c) for y, c in wijken}, wijk_indelingen={g: set(y) for g, y in own},
                   gemeenten=set(gemeenten), merged_gemeenten=merged, taakvelden={y: set(c) for y, c in taak})


def import_log(store: Store | None = None) -> pd.DataFrame:
    """Every import attempt, newest first (for the beheerder and the organisation itself: see ``admin``)."""
    with connect(store, reading=True) as con:
        return con.execute("SELECT * FROM import_log ORDER BY seq DESC").df()


def organisations(store: Store | None = None) -> list[str]:
    """The organisations that delivered their own data (not demo data), each in its first spelling, sorted."""
    store = storedb.locate(store)
    if not storedb.exists(store):
        return []
    with connect(store, reading=True) as con:
        return [r[0] for r in con.execute(
            "SELECT (array_agg(org ORDER BY seq))[1] FROM import_log GROUP BY " + NAME_KEY.format(col="org") +
            " HAVING NOT bool_and(is_demo) ORDER BY 1").fetchall()]


def import_owner(import_id: str, store: Store | None = None) -> tuple[str | None, bool]:
    """The organisation of an import and whether it is demo data; ``(None, False)`` when unknown."""
    store = storedb.locate(store)
    if not storedb.exists(store):
        return None, False
    with connect(store, reading=True) as con:
        row = con.execute("SELECT org, is_demo FROM import_log WHERE import_id = $id", {"id": import_id}).fetchone()
    return (row[0], bool(row[1])) if row else (None, False)


def _first_spelling(con, org: str) -> str:
    row = con.execute("SELECT (array_agg(org ORDER BY seq))[1] FROM import_log WHERE " + NAME_KEY.format(col="org") + " = $k",
                      {"k": name_key(org)}).fetchone()
    return row[0] if row and row[0] else org


# --- writing (unchecked: the admin package checks and records) -------------------------------------

def import_file(data: bytes, file_name: str, kind: str, org: str, *, is_demo: bool = False,
                ctx: Context | None = None, store: Store | None = None, publish_to: Path | None = None,
                on_wait=None) -> ImportResult:
    """Validate and import one file in one transaction, then republish the warehouse; all under the lock."""
    store, publish_to = storedb.locate(store), Path(publish_to or warehouse_path())
    org = " ".join((org or "").split())
    if not org:
        return ImportResult("geweigerd", "Vul de naam van de organisatie in.")
    sha = hashlib.sha256(data).hexdigest()
    with lock.writer(store, on_wait):
        with connect(store) as con:
            org = _first_spelling(con, org)
            same = _in_force(con, org, kind, sha)
        if same:
            return ImportResult("ongewijzigd", f"Dit bestand is al geïmporteerd ({same}); er is niets veranderd.", same)
        try:
            validation = check_file(data, file_name, kind, ctx or context_from_warehouse(publish_to))
        except ImportRefused as exc:
            _log_only(store, org, kind, file_name, sha, "geweigerd", str(exc), 0, 0, is_demo)
            return ImportResult("geweigerd", str(exc))
        if not validation.ok:
            bad_rows = validation.problems["regel"].nunique()
            message = outcome(validation)
            _log_only(store, org, kind, file_name, sha, "afgekeurd", message, validation.n_rows - bad_rows,
                      bad_rows, is_demo)
            return ImportResult("afgekeurd", message, validation=validation)
        try:
            import_id = _write_rows(store, validation.rows, org, kind, file_name, sha, is_demo)
        except (*storedb.errors(), OSError) as exc:  # e.g. a full disk: the transaction rolled back, nothing written
            return ImportResult("mislukt", f"Het opslaan van de import is mislukt ({_why(exc)}); er is niets "
                                           "veranderd.", None, validation)
        try:
            publish(publish_to, store, publishing=import_id)
        except Exception as exc:  # the warehouse stays as it was: withdraw the import too, so both agree
            undone = _undo(store, import_id, "teruggedraaid", f"Bijwerken van het warehouse mislukt: {exc}"[:2000])
            tail = ("de import is ingetrokken" if undone else
                    "de import telt niet mee en wordt bij de volgende wijziging ingetrokken")
            return ImportResult("mislukt", f"Het bijwerken van het warehouse is mislukt ({_why(exc)}); {tail} en er "
                                           "is niets veranderd.", import_id, validation)
        _finish(store, import_id)
        replaced = _replaced_by(store, import_id)
    area = "gemeente" if kind == "uitgaven" else "wijk"
    note = f" Het vervangt eerdere cijfers van {', '.join(replaced)} voor dezelfde periode en {area}." if replaced else ""
    return ImportResult("geïmporteerd", f"{count(len(validation.rows), 'rij', 'rijen')} geïmporteerd als "
                                        f"{import_id}.{note}", import_id, validation)


def _why(exc: Exception) -> str:
    text = str(exc)
    if isinstance(exc, OSError) and getattr(exc, "errno", None) == 28 or "No space left" in text:
        return "de schijf is vol"
    return f"{type(exc).__name__}: {text}"[:300]


def _cover_sql(alias: str) -> str:
    """The (period, area) cells an import covers, from its rows (as org_cover in org_publish.sql)."""
    return ("(SELECT import_id, month AS period, wijk_code || '@' || indeling_year AS area FROM kinderwerk_reach "
            "UNION SELECT import_id, month, wijk_code || '@' || indeling_year FROM signal "
            "UNION SELECT import_id, make_date(year, 1, 1), gemeente_code FROM spending) AS " + alias)


def _in_force(con, org: str, kind: str, sha: str) -> str | None:
    """The active import of this very file, unless a later import covers part of it (then it may come back)."""
    rows = con.execute(
        "SELECT l.import_id FROM import_log AS l WHERE l.kind = $kind AND l.sha256 = $sha AND l.status = 'actief' "
        "AND " + NAME_KEY.format(col="l.org") + " = $k AND NOT EXISTS (SELECT 1 FROM " + _cover_sql("c") +
        " JOIN " + _cover_sql("c2") + " ON c2.period = c.period AND c2.area = c.area "
        "JOIN import_log AS l2 ON l2.import_id = c2.import_id "
        "WHERE c.import_id = l.import_id AND l2.status = 'actief' AND l2.kind = l.kind AND l2.seq > l.seq "
        "AND " + NAME_KEY.format(col="l2.org") + " = $k)",
        {"kind": kind, "sha": sha, "k": name_key(org)}).fetchall()
    return rows[0][0] if rows else None


def _write_rows(store: Store, valid: pd.DataFrame, org: str, kind: str, file_name: str, sha: str, is_demo: bool) -> str:
    """One transaction: the log line (its order assigned inside it), the pending row, the periods, the rows."""
    template = TEMPLATES[kind]
    rows = valid.assign(org=org)
    import_id = f"imp-{datetime.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
    rows.insert(0, "import_id", import_id)
    periods = pd.to_datetime(rows[template.period].astype(str) + ("-01-01" if template.period == "year" else ""))
    with connect(store) as con:
        con.execute("BEGIN")
        try:
            con.execute("INSERT INTO import_log SELECT $id, coalesce(max(seq), 0) + 1, $org, $kind, $file, $sha, $ok, 0, "
                        "$at, 'actief', $demo, NULL FROM import_log",
                        {"id": import_id, "org": org, "kind": kind, "file": file_name, "sha": sha, "ok": len(rows),
                         "at": datetime.now(), "demo": is_demo})
            _begin_pending(con, import_id, "teruggedraaid", "import")
            con.append("import_period", pd.DataFrame({"import_id": import_id, "period": periods.dt.date.unique()}))
            con.append(template.table, rows[con.columns(template.table)])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return import_id


def _log_only(store, org, kind, file_name, sha, status, message, ok, rejected, is_demo) -> None:
    with connect(store) as con:
        con.execute("INSERT INTO import_log SELECT $id, coalesce(max(seq), 0) + 1, $org, $kind, $file, $sha, $ok, $rej, "
                    "$at, $status, $demo, $msg FROM import_log",
                    {"id": f"log-{uuid.uuid4().hex[:10]}", "org": org, "kind": kind, "file": file_name, "sha": sha,
                     "ok": ok, "rej": rejected, "at": datetime.now(), "status": status, "demo": is_demo,
                     "msg": message[:2000]})


def _replaced_by(store: Store, import_id: str) -> list[str]:
    with connect(store) as con:
        return [r[0] for r in con.execute(
            "SELECT DISTINCT l2.import_id FROM import_log AS l JOIN " + _cover_sql("c") + " USING (import_id) "
            "JOIN " + _cover_sql("c2") + " ON c2.period = c.period AND c2.area = c.area "
            "JOIN import_log AS l2 ON l2.import_id = c2.import_id AND l2.kind = l.kind AND l2.seq < l.seq "
            "AND l2.status = 'actief' AND " + NAME_KEY.format(col="l2.org") + " = " + NAME_KEY.format(col="l.org") +
            " WHERE l.import_id = $id ORDER BY 1", {"id": import_id}).fetchall()]


def rollback(import_id: str, store: Store | None = None, publish_to: Path | None = None, *,
             on_wait=None) -> RollbackResult:
    """Withdraw an import: its rows stop counting, and what it had replaced counts again.

    The result says whether it worked: a failed republish leaves the import in force.
    """
    store, publish_to = storedb.locate(store), Path(publish_to or warehouse_path())
    with lock.writer(store, on_wait):
        with connect(store) as con:
            con.execute("BEGIN")
            found = con.execute("UPDATE import_log SET status = 'teruggedraaid' WHERE import_id = $id "
                                "AND status = 'actief' RETURNING import_id", {"id": import_id}).fetchall()
            if found:
                _begin_pending(con, import_id, "actief", "terugdraaien")
            con.execute("COMMIT")
        if not found:
            return RollbackResult("ongewijzigd", f"Geen actieve import {import_id} gevonden; er is niets veranderd.")
        try:
            publish(publish_to, store, publishing=import_id)
        except Exception as exc:  # the warehouse still shows the import: the log must say so too
            _undo(store, import_id, "actief")
            return RollbackResult("mislukt", f"Terugdraaien van {import_id} is mislukt: het bijwerken van het warehouse "
                                             f"lukte niet ({_why(exc)}); de import geldt nog, probeer het later "
                                             "opnieuw.")
        _finish(store, import_id)
    return RollbackResult("gelukt", f"Import {import_id} is teruggedraaid.")


def remove_demo(store: Store | None = None, publish_to: Path | None = None, *, on_wait=None) -> int:
    """Delete every demo import and its rows; return how many imports went.

    First withdrawn and published (pending), then deleted: a failure in between leaves the demo data
    in force in the store and the warehouse alike.
    """
    store, publish_to = storedb.locate(store), Path(publish_to or warehouse_path())
    with lock.writer(store, on_wait):
        with connect(store) as con:
            ids = [r[0] for r in con.execute("SELECT import_id FROM import_log WHERE is_demo").fetchall()]
            active = [r[0] for r in con.execute("SELECT import_id FROM import_log WHERE is_demo AND status = 'actief'")
                      .fetchall()]
            con.execute("BEGIN")
            for import_id in active:
                _begin_pending(con, import_id, "actief", "voorbeelddata uit")
            con.execute("UPDATE import_log SET status = 'teruggedraaid' WHERE import_id IN (SELECT unnest($ids::VARCHAR[]))",
                        {"ids": active})
            con.execute("COMMIT")
        try:
            publish(publish_to, store, publishing=active)
        except Exception:
            for import_id in active:
                _undo(store, import_id, "actief")
            raise
        with connect(store) as con:
            con.execute("BEGIN")
            for table in ORG_TABLES + ["pending_write"]:  # names from the fixed list above
                con.execute("DELETE FROM " + table + " WHERE import_id IN (SELECT unnest($ids::VARCHAR[]))", {"ids": ids})
            con.execute("COMMIT")
    return len(ids)



# --- the audit trail's rows (who writes them, and who may read them: admin.audit) ------------------

def append_audit(row: dict, store: Store | None = None) -> None:
    """Append one row to ``audit_log`` (keys: changed_at, actor, role, via, action, org, target, result, message)."""
    with connect(store) as con:
        con.execute("INSERT INTO audit_log VALUES ($changed_at, $actor, $role, $via, $action, $org, $target, $result, "
                    "$message)", row)


def read_audit(store: Store | None = None, limit: int = 1000) -> pd.DataFrame:
    """The newest ``limit`` rows of the audit trail (English column names)."""
    with connect(store, reading=True) as con:
        return con.execute("SELECT * FROM audit_log ORDER BY changed_at DESC LIMIT $n", {"n": limit}).df()


# --- backup and restore: one file ------------------------------------------------------------------

BACKUP_TABLES = ("import_log", "privacy_key")  # a backup without these is not a store


def backup(target: Path, store: Store | None = None) -> Path:
    """Copy the store, consistent (under the lock, checkpointed), to ``target``; return it.

    A server store is copied table by table into a DuckDB file of the same form (``storedb.snapshot``),
    so a backup is one file either way, and either kind of store can be restored from it."""
    store = storedb.locate(store)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    with connect(store) as con:  # creates the store (and its key) if there was none yet
        if storedb.is_server(store):
            storedb.snapshot(store, tmp)
        else:
            con.execute("CHECKPOINT")
            shutil.copyfile(store, tmp)
    check_backup(tmp)
    tmp.replace(target)
    return target


def check_backup(path: Path) -> dict[str, int]:
    """Open a backup read-only and read every table; the row counts, or StoreDamaged in Dutch."""
    if not path.is_file():
        raise StoreDamaged(f"De reservekopie {path} bestaat niet.")
    try:
        with duckdb.connect(str(path), read_only=True, config=DUCKDB_CONFIG) as con:
            tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
            missing = [t for t in BACKUP_TABLES if t not in tables]
            if missing:
                raise StoreDamaged(f"{path} is geen reservekopie van de importopslag: de tabel {missing[0]} ontbreekt.")
            counts = {t: con.execute("SELECT count(*) FROM " + t).fetchone()[0]  # names from the file's catalogue
                      for t in sorted(tables) if t.replace("_", "").isalnum()}
            if not con.execute("SELECT count(*) FROM privacy_key WHERE key IS NOT NULL").fetchone()[0]:
                raise StoreDamaged(f"De reservekopie {path} heeft geen afrondsleutel.")
    except duckdb.Error as exc:
        raise StoreDamaged(f"De reservekopie {path} is beschadigd of onleesbaar ({type(exc).__name__}).") from exc
    return counts


def restore(source: Path, store: Store | None = None, publish_to: Path | None = None) -> dict[str, int]:
    """Replace the store by a checked backup (the old store kept as ``.voor-terugzetten``) and republish.

    On a server: the old contents are first saved as a backup file next to ``source``
    (``….voor-terugzetten.duckdb``), then replaced in one transaction (every replica republishes)."""
    store, publish_to = storedb.locate(store), Path(publish_to or warehouse_path())
    counts = check_backup(source)
    if storedb.is_server(store):
        with lock.writer(store):
            backup(source.with_name(source.stem + ".voor-terugzetten.duckdb"), store)
            storedb.load_snapshot(source, store)
            publish(publish_to, store)
        return counts
    with lock.writer(store):
        tmp = store.with_name(store.name + ".terugzetten.tmp")
        shutil.copyfile(source, tmp)
        if store.exists():
            shutil.copyfile(store, store.with_name(store.name + ".voor-terugzetten"))
        store.with_name(store.name + ".wal").unlink(missing_ok=True)
        tmp.replace(store)
        publish(publish_to, store)
    return counts
