"""The import store for organisation data, and the command to import, roll back and list.

    python -m orgdata import FILE --soort bereik|signalen|uitgaven --organisatie NAAM
    python -m orgdata terugdraaien IMPORT_ID
    python -m orgdata log
    python -m orgdata verwijder-voorbeelddata
    python -m orgdata wijzigingen          # the audit trail: who changed what, when
    python -m orgdata toelichting GM0034 jeugdzorg_pct "tekst"   # see orgdata.notes

Who may write is checked here, in every write function (``actor=``, see ``access``), and every
write is recorded in the audit trail (``warehouse.audit``). The command line acts as the OS user.
Every import is kept in data/organisations.duckdb (or VROEGDOEN_ORGSTORE) with its file's sha256.
An import is all or nothing: a file with any problem writes no row (only a line in the log).
The same file again changes nothing; a newer file of the same organisation and kind replaces
the older one for the periods it covers; a rollback brings back what it had replaced. After each
change the warehouse is republished: a new file, swapped in whole.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from access import AccessDenied, Principal, os_user, require_admin, require_org, resolve
from orgdata.contract import TEMPLATES
from orgdata.importer import Context, ImportRefused, Validation, check_file, count, outcome, summarise
from warehouse import DUCKDB_CONFIG, ORG_SCHEMA, audit, store_path, warehouse_path
from warehouse.build import publish_org_data  # the build owns writing the warehouse

ORG_TABLES = ["import_log", "import_period", "kinderwerk_reach", "signal", "spending"]


@dataclass
class ImportResult:
    status: str                 # 'geïmporteerd', 'ongewijzigd', 'afgekeurd', 'geweigerd'
    message: str                # one Dutch sentence for the user
    import_id: str | None = None
    validation: Validation | None = None

    @property
    def summary(self) -> pd.DataFrame:
        return summarise(self.validation.problems) if self.validation is not None else pd.DataFrame()


@dataclass(frozen=True)
class RollbackResult:
    status: str                 # 'gelukt', 'ongewijzigd' (no active import of that id) or 'mislukt', as in the audit log
    message: str                # one Dutch sentence for the user

    @property
    def ok(self) -> bool:
        """True only when the import was withdrawn and the warehouse no longer counts it."""
        return self.status == "gelukt"


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), config=DUCKDB_CONFIG)
    con.execute(ORG_SCHEMA.read_text(encoding="utf-8"))
    # The secret of the rounding of small numbers (warehouse/org_publish.sql): made once, kept with
    # the organisations' own figures and never published, so nobody can redo the rounding.
    con.execute("CREATE TABLE IF NOT EXISTS privacy_key AS SELECT md5(gen_random_uuid()::VARCHAR) AS key")
    return con


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


AUDIT_RESULT = {"geïmporteerd": "gelukt", "ongewijzigd": "ongewijzigd", "afgekeurd": "afgekeurd",
                "geweigerd": "geweigerd"}


def _authorise(actor: Principal, action: str, store: Path, check, *, org: str | None = None,
               target: str | None = None) -> None:
    """Run ``check``; a refusal is written to the audit trail and raised (AccessDenied)."""
    try:
        check()
    except AccessDenied as exc:
        audit.record(actor, action, "geweigerd", org=org, target=target, message=str(exc), store=store)
        raise


def import_file(data: bytes, file_name: str, kind: str, org: str, *, actor: Principal | None = None,
                is_demo: bool = False, ctx: Context | None = None, store: Path | None = None,
                publish_to: Path | None = None) -> ImportResult:
    """Import one file for ``org`` as ``actor`` (beheerder, or that organisation); audited.

    Raises AccessDenied when the actor may not write for ``org`` (demo data: beheerder only).
    Without ``actor`` outside a Streamlit page the OS user acts (see ``access.resolve``).
    """
    actor, store = resolve(actor), store or store_path()
    clean = " ".join((org or "").split())

    def check():
        if is_demo:
            require_admin(actor, "voorbeelddata laden")
        if clean:
            require_org(actor, clean, "gegevens aanleveren")
        elif not actor.may_upload:
            raise AccessDenied(f"Alleen een beheerder of een organisatie mag gegevens aanleveren. {actor.reason}"
                               .strip())
    _authorise(actor, "import", store, check, org=clean or None, target=file_name)
    try:
        result = _import_file(data, file_name, kind, clean, is_demo=is_demo, ctx=ctx, store=store,
                              publish_to=publish_to)
    except Exception as exc:
        audit.record(actor, "import", "mislukt", org=clean or None, target=file_name,
                     message=f"{type(exc).__name__}: {exc}", store=store)
        raise
    if not (is_demo and result.status == "ongewijzigd"):  # `make run` loads the demo each time: no noise
        audit.record(actor, "import", AUDIT_RESULT.get(result.status, "mislukt"), org=clean or None,
                     target=f"{file_name} → {result.import_id}" if result.import_id else file_name,
                     message=result.message, store=store)
    return result


def _import_file(data: bytes, file_name: str, kind: str, org: str, *, is_demo: bool = False,
                 ctx: Context | None = None, store: Path | None = None, publish_to: Path | None = None
                 ) -> ImportResult:
    """Validate and import one file in one transaction; then republish the warehouse."""
    store, publish_to = store or store_path(), publish_to or warehouse_path()
    org = " ".join((org or "").split())
    if not org:
        return ImportResult("geweigerd", "Vul de naam van de organisatie in.")
    sha = hashlib.sha256(data).hexdigest()
    with _connect(store) as con:
        same = con.execute("SELECT import_id FROM import_log WHERE org = $org AND kind = $kind AND sha256 = $sha "
                           "AND status = 'actief'", {"org": org, "kind": kind, "sha": sha}).fetchall()
    if same:
        return ImportResult("ongewijzigd", f"Dit bestand is al geïmporteerd ({same[0][0]}); er is niets veranderd.",
                            same[0][0])
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

    template = TEMPLATES[kind]
    rows = validation.rows.assign(org=org)
    import_id = f"imp-{datetime.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
    rows.insert(0, "import_id", import_id)
    periods = pd.to_datetime(rows[template.period].astype(str) + ("-01-01" if template.period == "year" else ""))
    with _connect(store) as con:
        con.execute("BEGIN")
        seq = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM import_log").fetchone()[0]
        con.execute("INSERT INTO import_log VALUES ($id, $seq, $org, $kind, $file, $sha, $ok, 0, $at, 'actief', "
                    "$demo, NULL)", {"id": import_id, "seq": seq, "org": org, "kind": kind, "file": file_name,
                                     "sha": sha, "ok": len(rows), "at": datetime.now(), "demo": is_demo})
        con.register("periods", pd.DataFrame({"import_id": import_id, "period": periods.dt.date.unique()}))
        con.execute("INSERT INTO import_period SELECT import_id, period FROM periods")
        con.register("rows", rows)
        columns = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                             "WHERE table_name = $t ORDER BY ordinal_position",
                                             {"t": template.table}).fetchall()]
        con.append(template.table, rows[columns])
        con.execute("COMMIT")
    try:
        publish(publish_to, store)
    except Exception as exc:  # the warehouse stays as it was: withdraw the import too, so both agree
        with _connect(store) as con:
            con.execute("UPDATE import_log SET status = 'teruggedraaid', message = $m WHERE import_id = $id",
                        {"m": f"Bijwerken van het warehouse mislukt: {exc}"[:2000], "id": import_id})
        return ImportResult("geweigerd", f"Het bijwerken van het warehouse is mislukt ({type(exc).__name__}: {exc}); "
                                         "de import is ingetrokken en er is niets veranderd.", import_id, validation)
    replaced = _replaced_by(store, import_id)
    note = f" Het vervangt eerdere cijfers van {', '.join(replaced)} voor dezelfde periode." if replaced else ""
    return ImportResult("geïmporteerd", f"{count(len(rows), 'rij', 'rijen')} geïmporteerd als {import_id}.{note}", import_id,
                        validation)


def _log_only(store, org, kind, file_name, sha, status, message, ok, rejected, is_demo) -> None:
    with _connect(store) as con:
        seq = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM import_log").fetchone()[0]
        con.execute("INSERT INTO import_log VALUES ($id, $seq, $org, $kind, $file, $sha, $ok, $rej, $at, $status, "
                    "$demo, $msg)", {"id": f"log-{uuid.uuid4().hex[:10]}", "seq": seq, "org": org, "kind": kind,
                                     "file": file_name, "sha": sha, "ok": ok, "rej": rejected,
                                     "at": datetime.now(), "status": status, "demo": is_demo, "msg": message[:2000]})


def _replaced_by(store: Path, import_id: str) -> list[str]:
    with _connect(store) as con:
        return [r[0] for r in con.execute(
            "SELECT DISTINCT l2.import_id FROM import_log l JOIN import_period p USING (import_id) "
            "JOIN import_log l2 ON l2.org = l.org AND l2.kind = l.kind AND l2.seq < l.seq AND l2.status = 'actief' "
            "JOIN import_period p2 ON p2.import_id = l2.import_id AND p2.period = p.period "
            "WHERE l.import_id = $id ORDER BY 1", {"id": import_id}).fetchall()]


def rollback(import_id: str, store: Path | None = None, publish_to: Path | None = None, *,
             actor: Principal | None = None) -> RollbackResult:
    """Withdraw an import: its rows stop counting, and what it had replaced counts again.

    Only a beheerder, or the organisation whose import it is (demo imports: beheerder only); else
    AccessDenied. Audited. The result says whether it worked: a failed republish leaves the import in force.
    """
    actor = resolve(actor)
    store, publish_to = store or store_path(), publish_to or warehouse_path()
    with _connect(store) as con:
        owner = con.execute("SELECT org, is_demo FROM import_log WHERE import_id = $id", {"id": import_id}).fetchall()
    org, is_demo = owner[0] if owner else (None, False)

    def check():
        if is_demo:
            require_admin(actor, "voorbeelddata terugdraaien")
        elif org is not None:
            require_org(actor, org, "imports terugdraaien")
        elif not actor.may_upload:
            raise AccessDenied(f"Alleen een beheerder of een organisatie mag imports terugdraaien. {actor.reason}"
                               .strip())
    _authorise(actor, "terugdraaien", store, check, org=org, target=import_id)
    with _connect(store) as con:
        found = con.execute("UPDATE import_log SET status = 'teruggedraaid' WHERE import_id = $id "
                            "AND status = 'actief' RETURNING import_id", {"id": import_id}).fetchall()
    if not found:
        message = f"Geen actieve import {import_id} gevonden; er is niets veranderd."
        audit.record(actor, "terugdraaien", "ongewijzigd", org=org, target=import_id, message=message, store=store)
        return RollbackResult("ongewijzigd", message)
    try:
        publish(publish_to, store)
    except Exception as exc:  # the warehouse still shows the import: the log must say so too
        with _connect(store) as con:
            con.execute("UPDATE import_log SET status = 'actief' WHERE import_id = $id", {"id": import_id})
        audit.record(actor, "terugdraaien", "mislukt", org=org, target=import_id,
                     message=f"{type(exc).__name__}: {exc}", store=store)
        return RollbackResult("mislukt", f"Terugdraaien van {import_id} is mislukt: het bijwerken van het warehouse "
                                         f"lukte niet ({type(exc).__name__}); de import geldt nog, probeer het later "
                                         "opnieuw.")
    message = f"Import {import_id} is teruggedraaid."
    audit.record(actor, "terugdraaien", "gelukt", org=org, target=import_id, message=message, store=store)
    return RollbackResult("gelukt", message)


def remove_demo(store: Path | None = None, publish_to: Path | None = None, *,
                actor: Principal | None = None) -> int:
    """Delete every demo import and its rows; return how many imports went. Beheerder only; audited."""
    actor = resolve(actor)
    store, publish_to = store or store_path(), publish_to or warehouse_path()
    _authorise(actor, "voorbeelddata uit", store, lambda: require_admin(actor, "voorbeelddata verwijderen"))
    with _connect(store) as con:
        ids = [r[0] for r in con.execute("SELECT import_id FROM import_log WHERE is_demo").fetchall()]
        con.execute("BEGIN")
        for table in ORG_TABLES:  # names from the fixed list above
            con.execute("DELETE FROM " + table + " WHERE import_id IN (SELECT unnest($ids))", {"ids": ids})
        con.execute("COMMIT")
    publish(publish_to, store)
    audit.record(actor, "voorbeelddata uit", "gelukt", target=f"{len(ids)} imports",
                 message=f"{len(ids)} voorbeeldimports verwijderd.", store=store)
    return len(ids)


def import_log(store: Path | None = None) -> pd.DataFrame:
    with _connect(store or store_path()) as con:
        return con.execute("SELECT * FROM import_log ORDER BY seq DESC").df()


def publish(warehouse: Path, store: Path) -> None:
    """Rewrite the organisation part of the warehouse from the store: a new file, swapped in whole."""
    publish_org_data(warehouse, store)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Organisatiegegevens importeren en beheren.")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="een CSV- of XLSX-bestand importeren")
    imp.add_argument("file", type=Path)
    imp.add_argument("--soort", choices=list(TEMPLATES), required=True)
    imp.add_argument("--organisatie", required=True)
    rb = sub.add_parser("terugdraaien", help="een import terugdraaien")
    rb.add_argument("import_id")
    sub.add_parser("log", help="het importlogboek tonen")
    sub.add_parser("verwijder-voorbeelddata", help="alle voorbeelddata verwijderen")
    sub.add_parser("wijzigingen", help="het logboek van wijzigingen: wie wat wanneer deed")
    from orgdata import notes  # the gemeenten's own notes on figures: their own module and commands
    notes.add_commands(sub)
    args = parser.parse_args(argv)
    if args.command in notes.COMMANDS:
        return notes.run(args)

    if args.command == "import":
        if not args.file.exists():
            print(f"Bestand niet gevonden: {args.file}", file=sys.stderr)
            return 2
        result = import_file(args.file.read_bytes(), args.file.name, args.soort, args.organisatie, actor=os_user())
        print(result.message)
        if not result.summary.empty:
            print(result.summary.to_string(index=False))
        return 0 if result.status in ("geïmporteerd", "ongewijzigd") else 1
    if args.command == "terugdraaien":
        result = rollback(args.import_id, actor=os_user())
        print(result.message, file=sys.stdout if result.status != "mislukt" else sys.stderr)
        return 0 if result.status != "mislukt" else 1
    elif args.command == "log":
        print(import_log().drop(columns=["sha256"]).to_string(index=False))
    elif args.command == "wijzigingen":
        print(audit.read(os_user()).to_string(index=False))
    else:
        print(f"{remove_demo(actor=os_user())} voorbeeldimports verwijderd.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
