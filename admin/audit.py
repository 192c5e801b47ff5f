"""The audit trail: who changed what, when, and with what result (table ``audit_log`` in the store).

Every write records one row here — imports, rollbacks, demo data on or off, a refresh, a backup
restored — refused attempts and failures included. :func:`checked` is the one way a write is done:
check, record, act. The table lives in the import store (``data/organisations.duckdb``), never in the
warehouse: it names people, and the public pages read the warehouse. Only a beheerder reads it.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable, TypeVar

import pandas as pd

from admin import audit_jsonl
from admin.access import AccessDenied, Principal, require_admin
from orgdata import store as orgstore

from warehouse import lock, storedb

RESULTS = ("gelukt", "ongewijzigd", "afgekeurd", "geweigerd", "mislukt")
COLUMNS_NL = {"changed_at": "tijdstip", "actor": "wie", "role": "rol", "via": "via", "action": "wat", "org": "organisatie",
              "target": "bestand of import", "result": "uitkomst", "message": "melding"}
T = TypeVar("T")


def record(actor: Principal, action: str, result: str, *, org: str | None = None, target: str | None = None,
           message: str = "", store: Path | None = None) -> None:
    """Append one row to the audit trail, and the same event as a JSON line with the BIO's fields."""
    if result not in RESULTS:
        raise ValueError(f"unknown audit result {result!r}")
    at, msg = datetime.now(), (message or "")[:2000]
    orgstore.append_audit({"changed_at": at, "actor": actor.name, "role": actor.role, "via": actor.via,
                           "action": action, "org": org, "target": target, "result": result,
                           "message": msg}, store)
    audit_jsonl.write(audit_jsonl.entry(at=at, actor_name=actor.name, role=actor.role, via=actor.via, action=action,
                                        org=org, target=target, result=result, message=msg),
                      storedb.locate(store))


def checked(actor: Principal, action: str, check: Callable[[], None], act: Callable[[], T], *,
            outcome: Callable[[T], tuple[str, str, str | None] | None], org: str | None = None,
            target: str | None = None, store: Path | None = None) -> T:
    """Check, record, act — the one shape of every audited write.

    ``check`` raises AccessDenied to refuse (recorded as *geweigerd*, then raised); ``act`` does the
    write (an exception is recorded as *mislukt*, then raised); ``outcome(result)`` gives the audit
    row ``(result, message, target)``, or None to record nothing (an unchanged demo load).
    """
    try:
        check()
    except AccessDenied as exc:
        record(actor, action, "geweigerd", org=org, target=target, message=str(exc), store=store)
        raise
    try:
        result = act()
    except lock.Busy:  # nothing happened, and the trail is behind the same lock: no second wait
        raise
    except Exception as exc:
        _record_quietly(actor, action, "mislukt", org=org, target=target, message=f"{type(exc).__name__}: {exc}",
                        store=store)
        raise
    row = outcome(result)
    if row is not None:
        status, message, new_target = row
        record(actor, action, status, org=org, target=new_target or target, message=message, store=store)
    return result


def _record_quietly(actor: Principal, action: str, result: str, **kw) -> None:
    """Record a failure; when even that fails (disk full, damaged store) the original error is what counts."""
    try:
        record(actor, action, result, **kw)
    except Exception:  # noqa: BLE001 - the caller raises the first error
        pass


def read(actor: Principal, store: Path | None = None, limit: int = 1000) -> pd.DataFrame:
    """The newest ``limit`` rows of the audit trail, with Dutch column names; beheerder only."""
    require_admin(actor, "het logboek van wijzigingen inzien")
    store = storedb.locate(store)
    if not storedb.exists(store):
        return pd.DataFrame(columns=list(COLUMNS_NL.values()))
    return orgstore.read_audit(store, limit).rename(columns=COLUMNS_NL)
