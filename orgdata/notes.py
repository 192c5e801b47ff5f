"""The gemeente's own notes on its figures (toelichtingen) in the import store: unchecked.

A note belongs to one gemeente and one indicator, optionally to one year and/or one wijk; writing a
note for the same figure again changes it. It is kept in the import store (table ``toelichting`` in
data/organisations.duckdb, with every earlier version: nothing is overwritten), never in the build's
inputs, and published into the warehouse without the author's name (``warehouse/notes_publish.sql``),
so every page, export and download reads it through the query layer.

This module only stores and reads, through the one store connection (``orgdata.store.connect``): who
may write, and the audit trail, are the ``admin`` package's (``admin.notes`` checks, records and then
calls the functions here; the command line is ``python -m admin toelichting …``). A note is plain
text: control characters go, whitespace is collapsed, at most ``MAX_CHARS`` characters; the pages
show it escaped (no markdown, no HTML).
"""
from __future__ import annotations

import re
import uuid
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from orgdata import store as orgstore
from settings import DUCKDB_CONFIG
from warehouse import storedb

MAX_CHARS = 600
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
SAME_FIGURE = ("gemeente_code = $g AND indicator_id = $i AND year IS NOT DISTINCT FROM $y "
               "AND wijk_code IS NOT DISTINCT FROM $w AND status = 'actief'")
COLUMNS = ["gemeente_code", "indicator_id", "year", "wijk_code", "body", "author", "author_role", "written_at",
           "status"]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


class NoteRefused(ValueError):
    """A note that cannot be written; the message is one Dutch sentence."""


def clean_text(text: str) -> str:
    """The note as it is stored: plain text, one paragraph, at most MAX_CHARS characters; else NoteRefused."""
    body = " ".join(_CONTROL.sub(" ", text or "").split())
    if not body:
        raise NoteRefused("Een toelichting zonder tekst kan niet worden opgeslagen; gebruik verwijderen om er een weg "
                          "te halen.")
    if len(body) > MAX_CHARS:
        raise NoteRefused(f"De toelichting is {len(body)} tekens; het maximum is {MAX_CHARS}. Maak hem korter.")
    return body


def check_target(gemeente: str, indicator: str, year: int | None, wijk: str | None, warehouse: Path) -> None:
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


def target(gemeente: str, indicator: str, year: int | None, wijk: str | None) -> str:
    """How a figure is named in messages and the audit trail: GM0034/jeugdzorg_pct[/2024][/WK003401]."""
    return "/".join([gemeente, indicator] + ([str(year)] if year is not None else []) + ([wijk] if wijk else []))


def _key(gemeente: str, indicator: str, year: int | None, wijk: str | None) -> dict:
    return {"g": gemeente, "i": indicator, "y": year, "w": wijk}


def store_note(gemeente: str, indicator: str, body: str, *, year: int | None, wijk: str | None, author: str,
               author_role: str, store: Path | None = None, on_wait=None) -> str:
    """Store a (clean) note in force: 'ongewijzigd', 'opgeslagen' or 'gewijzigd' (the old one kept as such)."""
    key = _key(gemeente, indicator, year, wijk)
    with orgstore.connect(store, on_wait) as con:
        con.execute(SCHEMA)
        con.execute("BEGIN")
        old = con.execute("SELECT body FROM toelichting WHERE " + SAME_FIGURE, key).fetchall()
        if old and old[0][0] == body:
            con.execute("ROLLBACK")
            return "ongewijzigd"
        con.execute("UPDATE toelichting SET status = 'gewijzigd' WHERE " + SAME_FIGURE, key)
        con.execute("INSERT INTO toelichting VALUES ($id, $g, $i, $y, $w, $body, $author, $role, $at, 'actief')",
                    {**key, "id": f"nt-{uuid.uuid4().hex[:10]}", "body": body, "author": author, "role": author_role,
                     "at": datetime.now()})
        con.execute("COMMIT")
    return "gewijzigd" if old else "opgeslagen"


def delete_note(gemeente: str, indicator: str, *, year: int | None, wijk: str | None, store: Path | None = None,
                on_wait=None) -> bool:
    """Mark the note in force on one figure 'verwijderd' (kept in the store); whether there was one."""
    with orgstore.connect(store, on_wait) as con:
        con.execute(SCHEMA)
        gone = con.execute("UPDATE toelichting SET status = 'verwijderd' WHERE " + SAME_FIGURE + " RETURNING note_id",
                           _key(gemeente, indicator, year, wijk)).fetchall()
    return bool(gone)


def list_notes(gemeente: str | None = None, store: Path | None = None, *, history: bool = False) -> pd.DataFrame:
    """The notes in the store (those in force, or with ``history`` every version), newest first."""
    store = storedb.locate(store)
    if not storedb.exists(store):
        return pd.DataFrame(columns=COLUMNS)
    with orgstore.connect(store) as con:
        con.execute(SCHEMA)
        return con.execute("SELECT " + ", ".join(COLUMNS) + " FROM toelichting WHERE ($g::VARCHAR IS NULL OR gemeente_code = $g) "
                           "AND ($all::BOOLEAN OR status = 'actief') ORDER BY written_at DESC",
                           {"g": gemeente.upper() if gemeente else None, "all": history}).df()
