"""The audited writes of organisation data: import, roll back, demo data out, the import log, restore.

Each function checks the actor (``admin.access``), records the outcome (``admin.audit.checked``) and
then calls the unchecked write of ``orgdata.store``. Before a write, what a writer that died or
failed left behind is settled (``orgdata.store.settle``) and recorded. Pages and the command line
write only through here; ``on_wait`` receives the *bezig, even wachten* sentence when another writer
holds the lock.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from admin import audit
from admin.access import Principal, may_write_for_org, require_admin, resolve, visible_imports
from orgdata import store as orgstore
from orgdata.store import ImportResult, RollbackResult  # noqa: F401 - re-exported for pages and tests
from settings import warehouse_path
from warehouse import lock, storedb

AUDIT_RESULT = {"geïmporteerd": "gelukt", "ongewijzigd": "ongewijzigd", "afgekeurd": "afgekeurd",
                "geweigerd": "geweigerd", "mislukt": "mislukt"}


def settle(actor: Principal, store: Path, publish_to: Path, on_wait=None) -> list[str]:
    """Settle what an earlier writer left unfinished, and record it; the Dutch sentences, one per write."""
    with lock.writer(store, on_wait):
        settled = orgstore.settle(store, publish_to)
    for import_id, action, message in settled:
        audit.record(actor, action, "mislukt", target=import_id, message=message, store=store)
    return [message for _, _, message in settled]


def _write_check(actor: Principal, org: str | None, is_demo: bool, demo_what: str, what: str):
    """The check of a write for ``org``: demo data only by a beheerder, else a beheerder or that organisation."""
    def check() -> None:
        if is_demo:
            require_admin(actor, demo_what)
        may_write_for_org(actor, org, what)
    return check


def import_file(data: bytes, file_name: str, kind: str, org: str, *, actor: Principal | None = None,
                is_demo: bool = False, ctx=None, store: Path | None = None, publish_to: Path | None = None,
                on_wait=None) -> ImportResult:
    """Import one file for ``org`` as ``actor`` (beheerder, or that organisation); audited.

    Raises AccessDenied when the actor may not write for ``org`` (demo data: beheerder only).
    Without ``actor`` outside a Streamlit page the OS user acts (see ``access.resolve``).
    """
    actor = resolve(actor)
    store, publish_to = storedb.locate(store), Path(publish_to or warehouse_path())
    clean = " ".join((org or "").split()) or None

    check = _write_check(actor, clean, is_demo, "voorbeelddata laden", "gegevens aanleveren")

    def act():
        settle(actor, store, publish_to, on_wait)
        return orgstore.import_file(data, file_name, kind, clean or "", is_demo=is_demo, ctx=ctx, store=store,
                                    publish_to=publish_to, on_wait=on_wait)

    def outcome(result: ImportResult):
        if is_demo and result.status == "ongewijzigd":  # `make run` loads the demo each time: no noise
            return None
        target = f"{file_name} → {result.import_id}" if result.import_id else file_name
        return AUDIT_RESULT.get(result.status, "mislukt"), result.message, target

    try:
        return audit.checked(actor, "import", check, act, outcome=outcome, org=clean, target=file_name, store=store)
    except (lock.Busy, orgstore.StoreDamaged) as exc:  # one Dutch sentence; nothing changed
        return ImportResult("mislukt", str(exc))


def rollback(import_id: str, store: Path | None = None, publish_to: Path | None = None, *,
             actor: Principal | None = None, on_wait=None) -> RollbackResult:
    """Withdraw an import as ``actor``: a beheerder, or the organisation whose import it is (demo: beheerder).

    AccessDenied otherwise; audited. The result says whether it worked.
    """
    actor = resolve(actor)
    store, publish_to = storedb.locate(store), Path(publish_to or warehouse_path())
    try:
        org, is_demo = orgstore.import_owner(import_id, store)
    except (lock.Busy, orgstore.StoreDamaged) as exc:
        return RollbackResult("mislukt", str(exc))

    check = _write_check(actor, org, is_demo, "voorbeelddata terugdraaien", "imports terugdraaien")

    def act():
        settle(actor, store, publish_to, on_wait)
        return orgstore.rollback(import_id, store, publish_to, on_wait=on_wait)

    try:
        return audit.checked(actor, "terugdraaien", check, act, outcome=lambda r: (r.status, r.message, None),
                             org=org, target=import_id, store=store)
    except (lock.Busy, orgstore.StoreDamaged) as exc:  # one Dutch sentence; nothing changed
        return RollbackResult("mislukt", str(exc))


def remove_demo(store: Path | None = None, publish_to: Path | None = None, *,
                actor: Principal | None = None, on_wait=None) -> int:
    """Delete every demo import and its rows as a beheerder; how many imports went. Audited, failures too."""
    actor = resolve(actor)
    store, publish_to = storedb.locate(store), Path(publish_to or warehouse_path())

    def act():
        settle(actor, store, publish_to, on_wait)
        return orgstore.remove_demo(store, publish_to, on_wait=on_wait)

    return audit.checked(actor, "voorbeelddata uit", lambda: require_admin(actor, "voorbeelddata verwijderen"), act,
                         outcome=lambda n: ("gelukt", f"{n} voorbeeldimports verwijderd.", f"{n} imports"),
                         store=store)


def import_log(actor: Principal, store: Path | None = None) -> pd.DataFrame:
    """The import log this actor may see: every import for a beheerder, its own for an organisation."""
    store = storedb.locate(store)
    if not actor.may_upload:
        return pd.DataFrame()
    empty = pd.DataFrame(columns=["import_id", "seq", "org", "status", "is_demo", "sha256"])
    try:
        log = orgstore.import_log(store) if storedb.exists(store) else empty
    except (lock.Busy, orgstore.StoreDamaged) as exc:  # the page says why, in one sentence
        log = empty.copy()
        log.attrs["melding"] = str(exc)
    return visible_imports(actor, log)


def has_demo(store: Path | None = None) -> bool:
    """True when demo data is in force (for the Data page's switch)."""
    store = storedb.locate(store)
    if not storedb.exists(store):
        return False
    log = orgstore.import_log(store)
    return bool(((log["is_demo"]) & (log["status"] == "actief")).any()) if not log.empty else False


def organisations(actor: Principal, store: Path | None = None) -> list[str]:
    """The organisations a beheerder can pick from (first spellings); an organisation's own from its role."""
    if actor.is_admin:
        return orgstore.organisations(store)
    return list(actor.orgs)


def store_description(store: Path | str | None = None) -> str:
    """One Dutch sentence for the beheerder: where the organisation data is kept (never a password)."""
    store = storedb.locate(store)
    if storedb.is_server(store):
        from warehouse import follow
        return (f"Opslag: de gedeelde PostgreSQL-database {storedb.label(store)}. Alle pods schrijven hierin, één "
                f"tegelijk; een wijziging via een andere pod staat binnen ongeveer {follow.interval():.0f} seconden "
                "ook hier.")
    return f"Opslag: het bestand {store} op deze server (één schrijvende pod)."
