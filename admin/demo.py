"""Demo data on and off, audited: ``python -m admin.demo`` (``make run``, ``make demo``, ``make demo-verwijderen``).

    python -m admin.demo            # generate (seeded, orgdata.demo) and import; again changes nothing
    python -m admin.demo --default  # the same, unless the user removed the demo data before
    python -m admin.demo --remove   # remove every demo import (and keep it out of --default)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from admin import audit, writes
from admin.access import Principal, os_user, require_admin, resolve
from orgdata.demo import DEMO_DIR, ORG, generate, to_csv_bytes
from settings import ROOT, warehouse_path
from warehouse import lock, storedb

OPT_OUT = ROOT / "data" / ".geen-voorbeelddata"  # written by --remove: `make run` then leaves demo out


def load(warehouse: Path | None = None, *, actor: Principal | None = None, store: Path | None = None,
         on_wait=None) -> list[str]:
    """Generate and import the demo files; return one line per file. Beheerder only; audited."""
    actor, store = resolve(actor), storedb.locate(store)
    warehouse = Path(warehouse or warehouse_path())

    def act() -> tuple[list[str], list[str]]:
        DEMO_DIR.mkdir(parents=True, exist_ok=True)
        lines, statuses = [], []
        for kind, df in generate(warehouse).items():
            data = to_csv_bytes(df)
            name = f"voorbeeld_{kind}_almere_2018_2024.csv"
            (DEMO_DIR / name).write_bytes(data)
            result = writes.import_file(data, name, kind, ORG, actor=actor, is_demo=True, store=store,
                                        publish_to=warehouse, on_wait=on_wait)
            lines.append(f"{kind}: {result.message}")
            statuses.append(result.status)
            if result.status not in ("geïmporteerd", "ongewijzigd"):
                raise RuntimeError(f"Voorbeelddata {kind} niet geïmporteerd: {result.message}\n{result.summary}")
        return lines, statuses

    def outcome(done):
        lines, statuses = done
        if not any(status == "geïmporteerd" for status in statuses):  # `make run` again changes nothing: no entry
            return None
        return "gelukt", " ".join(lines), None

    lines, _ = audit.checked(actor, "voorbeelddata aan", lambda: require_admin(actor, "voorbeelddata laden"), act,
                             outcome=outcome, org=ORG, store=store)
    return lines


def main(argv: list[str] | None = None) -> int:
    """The command line of ``make demo``, ``make demo-verwijderen`` and ``make run`` (``--default``)."""
    parser = argparse.ArgumentParser(description="Voorbeelddata voor Almere laden of verwijderen.")
    parser.add_argument("--remove", action="store_true", help="alle voorbeelddata verwijderen")
    parser.add_argument("--default", action="store_true", help="laden, tenzij eerder verwijderd")
    args = parser.parse_args(argv)
    if args.remove:
        print(f"{writes.remove_demo(actor=os_user(), on_wait=lock.print_waiting)} voorbeeldimports verwijderd. "
              "Terugzetten: make demo")
        OPT_OUT.touch()
        return 0
    if args.default and OPT_OUT.exists():
        print("Voorbeelddata staat uit (eerder verwijderd). Terugzetten: make demo")
        return 0
    OPT_OUT.unlink(missing_ok=True)
    print("Voorbeelddata voor Almere genereren en importeren …", flush=True)
    for line in load(actor=os_user(), on_wait=lock.print_waiting):
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
