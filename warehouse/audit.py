"""The audit trail: who changed what, when, and with what result (table ``audit_log`` in the store).

Every write records one row here — imports, rollbacks, demo data on or off, a refresh — refused
attempts included. The table lives in the import store (``data/organisations.duckdb``), never in the
warehouse: it names people, and the public pages read the warehouse. Only a beheerder reads it.
Each row is also written as a JSON line with the BIO's fields (``warehouse.audit_jsonl``).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from access import Principal, require_admin
from warehouse import DUCKDB_CONFIG, ORG_SCHEMA, audit_jsonl, store_path

RESULTS = ("gelukt", "ongewijzigd", "afgekeurd", "geweigerd", "mislukt")
COLUMNS_NL = {"changed_at": "tijdstip", "actor": "wie", "role": "rol", "via": "via", "action": "wat", "org": "organisatie",
              "target": "bestand of import", "result": "uitkomst", "message": "melding"}


def _connect(store: Path) -> duckdb.DuckDBPyConnection:
    store.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(store), config=DUCKDB_CONFIG)
    con.execute(ORG_SCHEMA.read_text(encoding="utf-8"))
    return con


def record(actor: Principal, action: str, result: str, *, org: str | None = None, target: str | None = None,
           message: str = "", store: Path | None = None) -> None:
    """Append one row to the audit trail, and the same event as a JSON line (BIO fields)."""
    if result not in RESULTS:
        raise ValueError(f"unknown audit result {result!r}")
    store, at, msg = store or store_path(), datetime.now(), (message or "")[:2000]
    with _connect(store) as con:
        con.execute("INSERT INTO audit_log VALUES ($at, $actor, $role, $via, $action, $org, $target, $result, $msg)",
                    {"at": at, "actor": actor.name, "role": actor.role, "via": actor.via,
                     "action": action, "org": org, "target": target, "result": result, "msg": msg})
    audit_jsonl.write(audit_jsonl.entry(at=at, actor_name=actor.name, role=actor.role, via=actor.via, action=action,
                                        org=org, target=target, result=result, message=msg), store)


def read(actor: Principal, store: Path | None = None, limit: int = 1000) -> pd.DataFrame:
    """The newest ``limit`` rows of the audit trail, with Dutch column names; beheerder only."""
    require_admin(actor, "het logboek van wijzigingen inzien")
    store = store or store_path()
    if not store.exists():
        return pd.DataFrame(columns=list(COLUMNS_NL.values()))
    with _connect(store) as con:
        df = con.execute("SELECT * FROM audit_log ORDER BY changed_at DESC LIMIT $n", {"n": limit}).df()
    return df.rename(columns=COLUMNS_NL)
