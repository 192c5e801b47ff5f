"""The command line for organisation data, as the operating-system user (beheerder), audited.

    python -m admin import FILE --soort bereik|signalen|uitgaven --organisatie NAAM
    python -m admin terugdraaien IMPORT_ID
    python -m admin log
    python -m admin verwijder-voorbeelddata
    python -m admin wijzigingen          # the audit trail: who changed what, when
    python -m admin sleutel              # make sure the store has its secret rounding key
    python -m admin toelichting GM0034 jeugdzorg_pct "tekst"   # a gemeente's own note (admin.notes)
    python -m admin toelichtingen [GM0034]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from admin import audit, notes, writes
from admin.access import AccessDenied, os_user
from orgdata import store as orgstore
from orgdata.contract import TEMPLATES
from warehouse import lock


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit code 0 on success, 1 when it did not happen, 2 for a missing file."""
    parser = argparse.ArgumentParser(prog="python -m admin", description="Organisatiegegevens importeren en beheren.")
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
    sub.add_parser("sleutel", help="de geheime afrondsleutel in de importopslag maken (als die ontbreekt)")
    notes.add_commands(sub)  # the gemeenten's own notes on figures (toelichtingen)
    args = parser.parse_args(argv)
    if args.command in notes.COMMANDS:
        return notes.run(args)
    me, wait = os_user(), lock.print_waiting
    try:
        if args.command == "import":
            if not args.file.exists():
                print(f"Bestand niet gevonden: {args.file}", file=sys.stderr)
                return 2
            result = writes.import_file(args.file.read_bytes(), args.file.name, args.soort, args.organisatie,
                                        actor=me, on_wait=wait)
            print(result.message)
            if not result.summary.empty:
                print(result.summary.to_string(index=False))
            return 0 if result.status in ("geïmporteerd", "ongewijzigd") else 1
        if args.command == "terugdraaien":
            result = writes.rollback(args.import_id, actor=me, on_wait=wait)
            print(result.message, file=sys.stdout if result.status != "mislukt" else sys.stderr)
            return 0 if result.status != "mislukt" else 1
        if args.command == "log":
            print(writes.import_log(me).drop(columns=["sha256"]).to_string(index=False))
        elif args.command == "wijzigingen":
            print(audit.read(me).to_string(index=False))
        elif args.command == "sleutel":
            orgstore.import_log()  # opening the store makes the key when it has none
            print("De importopslag heeft een geheime afrondsleutel.")
        else:
            print(f"{writes.remove_demo(actor=me, on_wait=wait)} voorbeeldimports verwijderd.")
    except (lock.Busy, orgstore.StoreDamaged, AccessDenied) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
