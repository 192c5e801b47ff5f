"""The gemeente's own notes on its figures (toelichtingen): write, change, remove, list.

    python -m orgdata toelichting GM0034 jeugdzorg_pct "tekst" [--jaar 2022] [--wijk WK003401]
    python -m orgdata toelichting GM0034 jeugdzorg_pct --verwijder [--jaar …] [--wijk …]
    python -m orgdata toelichtingen [GM0034]

A note belongs to one gemeente and one indicator, optionally to one year and/or one wijk; writing a
note for the same figure again changes it. It is kept in the import store (table ``toelichting`` in
data/organisations.duckdb, with every earlier version: nothing is overwritten), never in the build's
inputs, and published into the warehouse without the author's name (``warehouse/notes_publish.sql``),
so every page, export and download reads it through the query layer.

Who may write: a beheerder, or someone the role file lists for that gemeente (``[gemeenten]`` in
config/toegang.toml); checked here, in the write itself, and every attempt — refused ones included —
goes into the audit trail. A note is plain text: control characters go, whitespace is collapsed, at
most ``MAX_CHARS`` characters; the pages show it escaped (no markdown, no HTML).
"""
from __future__ import annotations

import argparse
import re
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from access import AccessDenied, Principal, os_user, require_gemeente, resolve
from orgdata import store as orgstore
from warehouse import DUCKDB_CONFIG, audit, store_path, warehouse_path

MAX_CHARS = 600
ACTION = "toelichting"
SCHEMA = """
CREATE TABLE IF NOT EXISTS toelichting (
    note_id       VARCHAR PRIMARY KEY,
    gemeente_code VARCHAR NOT NULL,
    indicator_id  VARCHAR NOT NULL,
    year          INTEGER,                  -- NULL: every year
    wijk_code     VARCHAR,                  -- NULL: the gemeente as a whole
    body          VARCHAR NOT NULL,
    author        VARCHAR NOT NULL,         -- who wrote it (stays in the store, like the audit trail)
    author_role   VARCHAR NOT NULL,         -- what the pages show: 'beheerder' or 'gemeente'
    written_at    TIMESTAMP NOT NULL,
    status        VARCHAR NOT NULL CHECK (status IN ('actief', 'gewijzigd', 'verwijderd'))
)"""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


class NoteRefused(ValueError):
    """A note that cannot be written; the message is one Dutch sentence."""


@dataclass(frozen=True)
class NoteResult:
    status: str      # 'gelukt' or 'ongewijzigd', as in the audit trail
    message: str     # one Dutch sentence


def clean_text(text: str) -> str:
    """The note as it is stored: plain text, one paragraph, at most MAX_CHARS characters; else NoteRefused."""
    body = " ".join(_CONTROL.sub(" ", text or "").split())
    if not body:
        raise NoteRefused("Een toelichting zonder tekst kan niet worden opgeslagen; gebruik verwijderen om er een weg "
                          "te halen.")
    if len(body) > MAX_CHARS:
        raise NoteRefused(f"De toelichting is {len(body)} tekens; het maximum is {MAX_CHARS}. Maak hem korter.")
    return body


def _connect(store: Path) -> duckdb.DuckDBPyConnection:
    con = orgstore._connect(store)  # the store's own connection (schema, key); the notes add their table
    con.execute(SCHEMA)
    return con


def _check_target(gemeente: str, indicator: str, year: int | None, wijk: str | None, warehouse: Path) -> None:
    """The figure must exist: a gemeente of 2024, an indicator of the catalogue, a wijk of that gemeente."""
    if not warehouse.exists():
        raise NoteRefused(f"Het warehouse {warehouse} ontbreekt; bouw het eerst met: make warehouse")
    with duckdb.connect(str(warehouse), read_only=True, config=DUCKDB_CONFIG) as con:
        if not con.execute("SELECT count(*) FROM region WHERE level = 'gemeente' AND indeling_year = 2024 "
                           "AND code = $g", {"g": gemeente}).fetchone()[0]:
            raise NoteRefused(f"{gemeente} is geen gemeentecode van 2024 (bijvoorbeeld GM0034 voor Almere).")
        if not con.execute("SELECT count(*) FROM indicator WHERE indicator_id = $i", {"i": indicator}).fetchone()[0]:
            raise NoteRefused(f"Onbekende indicator {indicator!r}; de namen staan op Over de data "
                              "(bijvoorbeeld jeugdzorg_pct).")
        if year is not None and not 2000 <= year <= datetime.now().year:
            raise NoteRefused(f"Het jaar {year} ligt buiten 2000–{datetime.now().year}.")
        if wijk is not None and not con.execute("SELECT count(*) FROM region WHERE level = 'wijk' AND code = $w "
                                                "AND parent_code = $g", {"w": wijk, "g": gemeente}).fetchone()[0]:
            raise NoteRefused(f"{wijk} is geen wijk van {gemeente}.")


def _target(gemeente: str, indicator: str, year: int | None, wijk: str | None) -> str:
    return "/".join([gemeente, indicator] + ([str(year)] if year is not None else []) + ([wijk] if wijk else []))


def _key(gemeente: str, indicator: str, year: int | None, wijk: str | None) -> dict:
    return {"g": gemeente, "i": indicator, "y": year, "w": wijk}


SAME_FIGURE = ("gemeente_code = $g AND indicator_id = $i AND year IS NOT DISTINCT FROM $y "
               "AND wijk_code IS NOT DISTINCT FROM $w AND status = 'actief'")


def write_note(gemeente: str, indicator: str, text: str, *, year: int | None = None, wijk: str | None = None,
               actor: Principal | None = None, store: Path | None = None, publish_to: Path | None = None
               ) -> NoteResult:
    """Write (or change) the gemeente's note on one figure as ``actor``; checked, audited, then published.

    Raises AccessDenied (a beheerder, or the gemeente's own role only) or NoteRefused (empty, too long,
    an unknown gemeente, indicator or wijk). The earlier version stays in the store as 'gewijzigd'.
    """
    actor, store, publish_to = resolve(actor), store or store_path(), publish_to or warehouse_path()
    gemeente, wijk = (gemeente or "").strip().upper(), (wijk or "").strip().upper() or None
    target = _target(gemeente, indicator, year, wijk)
    orgstore._authorise(actor, ACTION, store, lambda: require_gemeente(actor, gemeente, "een toelichting schrijven"),
                        org=gemeente, target=target)
    try:
        body = clean_text(text)
        _check_target(gemeente, indicator, year, wijk, publish_to)
    except NoteRefused as exc:
        audit.record(actor, ACTION, "afgekeurd", org=gemeente, target=target, message=str(exc), store=store)
        raise
    with _connect(store) as con:
        con.execute("BEGIN")
        old = con.execute("SELECT body FROM toelichting WHERE " + SAME_FIGURE, _key(gemeente, indicator, year, wijk)
                          ).fetchall()
        if old and old[0][0] == body:
            con.execute("ROLLBACK")
            message = "Deze toelichting staat er al zo; er is niets veranderd."
            audit.record(actor, ACTION, "ongewijzigd", org=gemeente, target=target, message=message, store=store)
            return NoteResult("ongewijzigd", message)
        con.execute("UPDATE toelichting SET status = 'gewijzigd' WHERE " + SAME_FIGURE,
                    _key(gemeente, indicator, year, wijk))
        con.execute("INSERT INTO toelichting VALUES ($id, $g, $i, $y, $w, $body, $author, $role, $at, 'actief')",
                    {**_key(gemeente, indicator, year, wijk), "id": f"nt-{uuid.uuid4().hex[:10]}", "body": body,
                     "author": actor.name, "role": "beheerder" if actor.is_admin else "gemeente",
                     "at": datetime.now()})
        con.execute("COMMIT")
    message = f"Toelichting bij {target} {'gewijzigd' if old else 'opgeslagen'}."
    return _publish(actor, store, publish_to, target, gemeente, message)


def remove_note(gemeente: str, indicator: str, *, year: int | None = None, wijk: str | None = None,
                actor: Principal | None = None, store: Path | None = None, publish_to: Path | None = None
                ) -> NoteResult:
    """Remove the gemeente's note on one figure (kept in the store as 'verwijderd'); checked, audited, published."""
    actor, store, publish_to = resolve(actor), store or store_path(), publish_to or warehouse_path()
    gemeente, wijk = (gemeente or "").strip().upper(), (wijk or "").strip().upper() or None
    target = _target(gemeente, indicator, year, wijk)
    orgstore._authorise(actor, ACTION + " verwijderen", store,
                        lambda: require_gemeente(actor, gemeente, "een toelichting verwijderen"), org=gemeente,
                        target=target)
    with _connect(store) as con:
        gone = con.execute("UPDATE toelichting SET status = 'verwijderd' WHERE " + SAME_FIGURE + " RETURNING note_id",
                           _key(gemeente, indicator, year, wijk)).fetchall()
    if not gone:
        message = f"Er staat geen toelichting bij {target}; er is niets veranderd."
        audit.record(actor, ACTION + " verwijderen", "ongewijzigd", org=gemeente, target=target, message=message,
                     store=store)
        return NoteResult("ongewijzigd", message)
    return _publish(actor, store, publish_to, target, gemeente, f"Toelichting bij {target} verwijderd.",
                    action=ACTION + " verwijderen")


def _publish(actor: Principal, store: Path, publish_to: Path, target: str, gemeente: str, message: str, *,
             action: str = ACTION) -> NoteResult:
    try:
        orgstore.publish(publish_to, store)
    except Exception as exc:  # stored, not yet shown: say so; the next publication carries it
        audit.record(actor, action, "mislukt", org=gemeente, target=target,
                     message=f"Opgeslagen, maar publiceren mislukt: {type(exc).__name__}: {exc}", store=store)
        raise
    audit.record(actor, action, "gelukt", org=gemeente, target=target, message=message, store=store)
    return NoteResult("gelukt", message)


def list_notes(gemeente: str | None = None, store: Path | None = None, *, history: bool = False) -> pd.DataFrame:
    """The notes in the store (those in force, or with ``history`` every version), newest first."""
    store = store or store_path()
    if not store.exists():
        return pd.DataFrame(columns=["gemeente_code", "indicator_id", "year", "wijk_code", "body", "author_role",
                                     "written_at", "status"])
    with _connect(store) as con:
        return con.execute("SELECT gemeente_code, indicator_id, year, wijk_code, body, author, author_role, "
                           "written_at, status FROM toelichting WHERE ($g IS NULL OR gemeente_code = $g) "
                           "AND ($all OR status = 'actief') ORDER BY written_at DESC",
                           {"g": gemeente.upper() if gemeente else None, "all": history}).df()


# --- the command line (python -m orgdata toelichting …) -----------------------------------------

COMMANDS = ("toelichting", "toelichtingen")


def add_commands(sub) -> None:
    """Add ``toelichting`` and ``toelichtingen`` to the ``python -m orgdata`` parser."""
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
        notes = list_notes(args.gemeente, history=args.geschiedenis)
        print(notes.to_string(index=False) if not notes.empty else "Geen toelichtingen.")
        return 0
    try:
        if args.verwijder:
            result = remove_note(args.gemeente, args.indicator, year=args.jaar, wijk=args.wijk, actor=os_user())
        elif not args.tekst:
            print("Geef de tekst van de toelichting, of --verwijder.", file=sys.stderr)
            return 2
        else:
            result = write_note(args.gemeente, args.indicator, args.tekst, year=args.jaar, wijk=args.wijk,
                                actor=os_user())
    except (NoteRefused, AccessDenied) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(result.message)
    return 0
