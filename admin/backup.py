"""Backup and restore of the import store: ``make backup`` and ``make restore`` (beheerder, audited).

    python -m admin.backup maak [BESTAND]        # default data/backups/organisations-JJJJMMDD-UUMMSS.duckdb
    python -m admin.backup terugzetten BESTAND   # checked first; the old store kept as .voor-terugzetten

A backup is one file: a consistent copy of the store (taken under the writers' lock), with its
secret rounding key, so a restored store publishes the same rounded figures. A restore checks the
file first (opens it read-only and reads every table), then swaps it in and republishes the warehouse.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from admin import audit
from admin.access import Principal, os_user, require_admin, resolve
from orgdata import store as orgstore
from orgdata.store import StoreDamaged
from settings import ROOT, warehouse_path
from warehouse import storedb

BACKUP_DIR = ROOT / "data" / "backups"


def default_target() -> Path:
    """A new file in data/backups/ named after this moment."""
    return BACKUP_DIR / f"organisations-{datetime.now():%Y%m%d-%H%M%S}.duckdb"


def backup(target: Path | None = None, *, actor: Principal | None = None, store: Path | None = None) -> Path:
    """Write a checked backup of the store to ``target``; beheerder only, audited."""
    actor, store = resolve(actor), storedb.locate(store)
    target = Path(target or default_target())
    return audit.checked(actor, "reservekopie", lambda: require_admin(actor, "een reservekopie maken"),
                         lambda: orgstore.backup(target, store),
                         outcome=lambda path: ("gelukt", f"Reservekopie gemaakt: {path}", str(path)),
                         target=str(target), store=store)


def restore(source: Path, *, actor: Principal | None = None, store: Path | None = None,
            publish_to: Path | None = None) -> dict[str, int]:
    """Replace the store by the checked backup ``source`` and republish; beheerder only, audited afterwards."""
    actor, store = resolve(actor), storedb.locate(store)
    publish_to = Path(publish_to or warehouse_path())
    # Recorded in the restored store (the old one's trail is kept in its .voor-terugzetten copy).
    return audit.checked(actor, "terugzetten", lambda: require_admin(actor, "een reservekopie terugzetten"),
                         lambda: orgstore.restore(Path(source), store, publish_to),
                         outcome=lambda counts: ("gelukt", f"Reservekopie {source} teruggezet "
                                                 f"({counts.get('import_log', 0)} regels in het importlogboek).", None),
                         target=str(source), store=store)


def main(argv: list[str] | None = None) -> int:
    """``make backup`` / ``make restore BESTAND=…``."""
    parser = argparse.ArgumentParser(description="Reservekopie van de importopslag maken of terugzetten.")
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("maak", help="een reservekopie maken")
    make.add_argument("file", type=Path, nargs="?")
    back = sub.add_parser("terugzetten", help="een reservekopie terugzetten")
    back.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "maak":
            print(f"Reservekopie gemaakt: {backup(args.file, actor=os_user())}")
        else:
            counts = restore(args.file, actor=os_user())
            print(f"Teruggezet: {args.file} ({counts.get('import_log', 0)} regels in het importlogboek); "
                  "het warehouse is opnieuw gepubliceerd.")
    except StoreDamaged as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
