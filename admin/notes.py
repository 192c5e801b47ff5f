"""The audited writes of the gemeenten's own notes on their figures (toelichtingen), and their commands.

    python -m admin toelichting GM0034 jeugdzorg_pct "tekst" [--jaar 2022] [--wijk WK003401]
    python -m admin toelichting GM0034 jeugdzorg_pct --verwijder [--jaar …] [--wijk …]
    python -m admin toelichtingen [GM0034] [--geschiedenis]

Who may write: a beheerder, or someone the role file lists for that gemeente (``[gemeenten]`` in
config/toegang.toml, ``admin.access.require_gemeente``). Each write is check, record, act
(``admin.audit.checked``): every attempt — refused ones included — goes into the audit trail; the
unchecked store writes are ``orgdata.notes``. After a change the warehouse is republished.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from admin import audit
from admin.access import AccessDenied, Principal, os_user, require_gemeente, resolve
from orgdata import notes as store_notes
from orgdata import store as orgstore
from orgdata.notes import MAX_CHARS, NoteRefused, clean_text  # noqa: F401 - re-exported for pages and tests
from settings import warehouse_path
from warehouse import lock, storedb

ACTION = "toelichting"


@dataclass(frozen=True)
class NoteResult:
    status: str      # 'gelukt' or 'ongewijzigd', as in the audit trail
    message: str     # one Dutch sentence


def _publish(store: Path, publish_to: Path, on_wait=None) -> None:
    with lock.writer(store, on_wait):
        orgstore.publish(publish_to, store)


def write_note(gemeente: str, indicator: str, text: str, *, year: int | None = None, wijk: str | None = None,
               actor: Principal | None = None, store: Path | None = None, publish_to: Path | None = None,
               on_wait=None) -> NoteResult:
    """Write (or change) the gemeente's note on one figure as ``actor``; checked, audited, then published.

    Raises AccessDenied (a beheerder, or the gemeente's own role only) or NoteRefused (empty, too long,
    an unknown gemeente, indicator or wijk; recorded as *afgekeurd*). The earlier version stays in the
    store as 'gewijzigd'.
    """
    actor = resolve(actor)
    store, publish_to = storedb.locate(store), Path(publish_to or warehouse_path())
    gemeente, wijk = (gemeente or "").strip().upper(), (wijk or "").strip().upper() or None
    target = store_notes.target(gemeente, indicator, year, wijk)

    def act() -> NoteResult:
        try:
            body = clean_text(text)
            store_notes.check_target(gemeente, indicator, year, wijk, publish_to)
        except NoteRefused as exc:
            return NoteResult("afgekeurd", str(exc))
        done = store_notes.store_note(gemeente, indicator, body, year=year, wijk=wijk, author=actor.name,
                                      author_role="beheerder" if actor.is_admin else "gemeente", store=store,
                                      on_wait=on_wait)
        if done == "ongewijzigd":
            return NoteResult("ongewijzigd", "Deze toelichting staat er al zo; er is niets veranderd.")
        _publish(store, publish_to, on_wait)
        return NoteResult("gelukt", f"Toelichting bij {target} {done}.")

    result = audit.checked(actor, ACTION, lambda: require_gemeente(actor, gemeente, "een toelichting schrijven"),
                           act, outcome=lambda r: (r.status, r.message, None), org=gemeente, target=target,
                           store=store)
    if result.status == "afgekeurd":
        raise NoteRefused(result.message)
    return result


def remove_note(gemeente: str, indicator: str, *, year: int | None = None, wijk: str | None = None,
                actor: Principal | None = None, store: Path | None = None, publish_to: Path | None = None,
                on_wait=None) -> NoteResult:
    """Remove the gemeente's note on one figure (kept in the store as 'verwijderd'); checked, audited, published."""
    actor = resolve(actor)
    store, publish_to = storedb.locate(store), Path(publish_to or warehouse_path())
    gemeente, wijk = (gemeente or "").strip().upper(), (wijk or "").strip().upper() or None
    target = store_notes.target(gemeente, indicator, year, wijk)

    def act() -> NoteResult:
        if not store_notes.delete_note(gemeente, indicator, year=year, wijk=wijk, store=store, on_wait=on_wait):
            return NoteResult("ongewijzigd", f"Er staat geen toelichting bij {target}; er is niets veranderd.")
        _publish(store, publish_to, on_wait)
        return NoteResult("gelukt", f"Toelichting bij {target} verwijderd.")

    return audit.checked(actor, ACTION + " verwijderen",
                         lambda: require_gemeente(actor, gemeente, "een toelichting verwijderen"), act,
                         outcome=lambda r: (r.status, r.message, None), org=gemeente, target=target, store=store)


def list_notes(gemeente: str | None = None, store: Path | None = None, *, history: bool = False) -> pd.DataFrame:
    """The notes in the store (with the author's name: for the command line and the beheerder)."""
    return store_notes.list_notes(gemeente, store, history=history)


# --- the command line (python -m admin toelichting …) -------------------------------------------

COMMANDS = ("toelichting", "toelichtingen")


def add_commands(sub) -> None:
    """Add ``toelichting`` and ``toelichtingen`` to the ``python -m admin`` parser."""
    note = sub.add_parser("toelichting", help="een eigen toelichting bij een cijfer schrijven, wijzigen of verwijderen")
    note.add_argument("gemeente", help="gemeentecode, bijvoorbeeld GM0034")
    note.add_argument("indicator", help="indicator, bijvoorbeeld jeugdzorg_pct")
    note.add_argument("tekst", nargs="?", help=f"de toelichting (platte tekst, hoogstens {MAX_CHARS} tekens)")
    note.add_argument("--jaar", type=int, help="alleen bij het cijfer van dit jaar")
    note.add_argument("--wijk", help="alleen bij het cijfer van deze wijk (WKxxxxxx)")
    note.add_argument("--verwijder", action="store_true", help="de toelichting verwijderen")
    shown = sub.add_parser("toelichtingen", help="de toelichtingen tonen")
    shown.add_argument("gemeente", nargs="?")
    shown.add_argument("--geschiedenis", action="store_true", help="ook eerdere en verwijderde versies")


def run(args: argparse.Namespace) -> int:
    """Run one of COMMANDS as the operating-system user (beheerder)."""
    if args.command == "toelichtingen":
        shown = list_notes(args.gemeente, history=args.geschiedenis)
        print(shown.to_string(index=False) if not shown.empty else "Geen toelichtingen.")
        return 0
    me, wait = os_user(), lock.print_waiting
    try:
        if args.verwijder:
            result = remove_note(args.gemeente, args.indicator, year=args.jaar, wijk=args.wijk, actor=me, on_wait=wait)
        elif not args.tekst:
            print("Geef de tekst van de toelichting, of --verwijder.", file=sys.stderr)
            return 2
        else:
            result = write_note(args.gemeente, args.indicator, args.tekst, year=args.jaar, wijk=args.wijk, actor=me,
                                on_wait=wait)
    except (NoteRefused, AccessDenied, lock.Busy, orgstore.StoreDamaged) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(result.message)
    return 0
