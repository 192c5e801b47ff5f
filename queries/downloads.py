"""Stable downloads: every published figure as CSV and Parquet at an address that stays the same.

    python -m queries.downloads            # write them for the current warehouse (make warehouse does)

Writes ``static/downloads/<release>/`` and ``static/downloads/latest/`` (Streamlit serves ``static/`` at
``/app/static/…``): ``cijfers.csv`` and ``cijfers.parquet`` (query ``published_figures``: every
observation with indicator, area, year, value, status and source; organisation figures as published
and through ``queries/privacy.py``, like every page), ``woordenboek.csv`` (the data dictionary: every
column, its type and meaning), ``indicatoren.csv`` (every indicator with name, unit and definition),
``bronnen.csv`` (every source with licence and credit; names and credits are kept out of the 1,1 million
figure rows, where they would make the CSV larger than the 200 MB Streamlit serves),
``toelichtingen.csv`` (the gemeenten's own notes) and ``release.json`` (release, build time, rows,
sha256 per file). A release folder is written once, in a temporary folder renamed into place; the
files of ``latest/`` are replaced one by one, each whole. The newest ``KEEP_RELEASES`` release folders
stay. ``dashboard.py`` calls ``ensure`` on every run, so a new release (a build, an import, a note)
gets its files in the background on the first page view after it. ``VROEGDOEN_DOWNLOADS`` moves the
folder, or turns this off with ``uit`` (the tests, which must not write into static/).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import threading
import uuid
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from queries import _sql, privacy
from warehouse import DUCKDB_CONFIG, ROOT, warehouse_path

DEFAULT_OUT = ROOT / "static" / "downloads"  # Streamlit serves static/ next to dashboard.py at /app/static/
OFF = {"uit", "off", "0", "nee"}
KEEP_RELEASES = 3  # ±140 MB each (the CSV); older releases' files go
FILES = ("cijfers.csv", "cijfers.parquet", "woordenboek.csv", "indicatoren.csv", "bronnen.csv", "toelichtingen.csv",
         "release.json")
# The download's columns: (name in the file, name in the query, type, meaning) — also the data dictionary.
COLUMNS = [
    ("indicator_id", "indicator_id", "tekst", "vaste naam van de indicator; naam, eenheid en definitie staan in "
     "indicatoren.csv"),
    ("gebied_code", "region_code", "tekst", "CBS-code: NL00, GMxxxx (gemeente), WKxxxxxx (wijk), BUxxxxxxxx (buurt), "
     "JZ-<naam> (jeugdzorgregio)"),
    ("gebied_naam", "region_name", "tekst", "naam van het gebied in die indeling"),
    ("niveau", "level", "tekst", "land, gemeente, wijk, buurt of jeugdzorgregio"),
    ("ligt_in", "parent_code", "tekst", "code van het gebied waar dit gebied in ligt (de gemeente van een wijk)"),
    ("indeling_jaar", "indeling_year", "geheel getal", "jaar van de gebiedsindeling: een code betekent alleen iets "
     "binnen de indeling van één jaar"),
    ("jaar", "year", "geheel getal", "jaar waarop het cijfer slaat"),
    ("waarde", "value", "getal (punt als decimaalteken)", "het cijfer; leeg als status niet 'value' is"),
    ("teller", "numerator", "getal", "bij een aandeel: het aantal waarvan het een aandeel is, anders leeg"),
    ("noemer", "denominator", "getal", "bij een aandeel: de groep waarvan het een aandeel is, anders leeg"),
    ("status", "status", "tekst", "value (cijfer), secret (CBS houdt het geheim, nooit 0), missing (niet "
     "gepubliceerd), not_bundled (niet in de meegeleverde gegevens), suppressed (klein aantal van een "
     "organisatie, niet getoond)"),
    ("afgeleid", "is_derived", "waar/onwaar", "true: door Vroeg Doen berekend (bijvoorbeeld omgerekend naar de "
     "indeling van 2024), niet zo door de bron gepubliceerd"),
    ("afleiding", "derivation", "tekst", "hoe een afgeleid cijfer is berekend"),
    ("bron_id", "source_id", "tekst", "de bron (CBS-tabel of 'org:<organisatie>'); titel, licentie en "
     "bronvermelding staan in bronnen.csv"),
    ("voorbeelddata", "is_demo", "waar/onwaar", "true: gegenereerde voorbeelddata, geen echte cijfers"),
]


# The lookup files, in Dutch, from the queries the pages use (indicator_catalogue, sources, toelichting_all).
CATALOGUE_NL = {"indicator_id": "indicator_id", "label_nl": "naam", "unit": "eenheid", "theme": "thema",
                "definition_nl": "definitie", "source_table": "brontabel"}
SOURCES_NL = {"source_id": "bron_id", "title": "titel", "publisher": "uitgever", "licence": "licentie",
              "credit": "bronvermelding", "retrieved": "opgehaald", "sha256": "sha256", "is_demo": "voorbeelddata"}
NOTES_NL = {"year": "jaar", "body": "toelichting", "author_role": "geschreven_door", "written_at": "geschreven_op"}


def release_of(con: duckdb.DuckDBPyConnection) -> tuple[str, datetime]:
    return tuple(con.execute(_sql("build_info")).fetchone()[:2])


def figures(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every published figure, small organisation figures hidden (queries/privacy.py), Dutch column names."""
    with con.cursor() as cur:
        _published(cur)
        return cur.execute(_SELECT).df()


# Dutch names from the fixed list above (no user input reaches this text). CBS rows (no privacy_kind) pass
# queries/privacy.py unchanged by its own rule, so only the organisation rows make the trip through pandas.
_SELECT = ("SELECT " + ", ".join(f'{query} AS "{name}"' for name, query, _, _ in COLUMNS) + " FROM published "
           "WHERE privacy_kind IS NULL UNION ALL BY NAME SELECT "
           + ", ".join(f'{query} AS "{name}"' for name, query, _, _ in COLUMNS) + " FROM organisation_figures")


def _published(cur: duckdb.DuckDBPyConnection) -> None:
    """Temp view ``published`` (query published_figures) and ``organisation_figures``, suppressed."""
    cur.execute("CREATE OR REPLACE TEMP VIEW published AS " + _sql("published_figures").strip().rstrip(";"))
    org = cur.execute("SELECT * FROM published WHERE privacy_kind IS NOT NULL").df()
    cur.register("organisation_figures", privacy.suppress(org, privacy.threshold()))


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_release(con: duckdb.DuckDBPyConnection, folder: Path, release: str, built_at) -> None:
    with con.cursor() as cur:
        _published(cur)
        parquet = str(folder / "cijfers.parquet").replace("'", "''")  # a path we made, quoted as SQL text
        cur.execute("COPY (" + _SELECT + ") TO '" + parquet + "' (FORMAT parquet, COMPRESSION zstd)")
        # The CSV from the Parquet file: streamed, the same rows in the same order, nothing held twice in memory.
        cur.execute("COPY (SELECT * FROM read_parquet('" + parquet + "')) TO '"
                    + str(folder / "cijfers.csv").replace("'", "''") + "' (HEADER, DELIMITER ',')")
        rows = cur.execute("SELECT count(*) FROM read_parquet('" + parquet + "')").fetchone()[0]
        catalogue, sources, notes, newest = (cur.execute(_sql(name)).df() for name in
                                             ("indicator_catalogue", "sources", "toelichting_all",
                                              "newest_year_by_indicator"))
    catalogue = catalogue.sort_values("indicator_id").rename(columns=CATALOGUE_NL)[list(CATALOGUE_NL.values())]
    sources = sources.sort_values("source_id").rename(columns=SOURCES_NL)[list(SOURCES_NL.values())]
    notes = notes.rename(columns=NOTES_NL)
    pd.DataFrame([c[:1] + c[2:] for c in COLUMNS], columns=["kolom", "type", "betekenis"]).to_csv(
        folder / "woordenboek.csv", index=False)
    catalogue.to_csv(folder / "indicatoren.csv", index=False)
    sources.to_csv(folder / "bronnen.csv", index=False)
    notes.to_csv(folder / "toelichtingen.csv", index=False)
    files = {name: {"bytes": (folder / name).stat().st_size, "sha256": _sha(folder / name)} for name in FILES[:-1]}
    (folder / "release.json").write_text(json.dumps({
        "release": release, "gebouwd": f"{built_at:%Y-%m-%dT%H:%M:%S}", "rijen": rows,
        "geschreven": f"{datetime.now():%Y-%m-%dT%H:%M:%S}", "bestanden": files,
        "nieuwste_jaren": {i: int(y) for i, y in zip(newest["indicator_id"], newest["year"])}},
        indent=2, ensure_ascii=False),
        encoding="utf-8")


def write(warehouse: Path | None = None, out: Path | None = None) -> Path:
    """Write the downloads of the warehouse's release (if not there yet) and make them ``latest``; the folder."""
    warehouse, out = warehouse or warehouse_path(), out or DEFAULT_OUT
    with duckdb.connect(str(warehouse), read_only=True, config=DUCKDB_CONFIG) as con:
        release, built_at = release_of(con)
        folder = out / release
        if not (folder / "release.json").exists():
            tmp = out / f".tmp-{release}-{uuid.uuid4().hex[:6]}"
            tmp.mkdir(parents=True)
            try:
                _write_release(con, tmp, release, built_at)
                if not folder.exists():
                    os.replace(tmp, folder)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    _make_latest(out, folder)
    _prune(out)
    return folder


def _make_latest(out: Path, folder: Path) -> None:
    latest = out / "latest"
    latest.mkdir(parents=True, exist_ok=True)
    if (latest / "release.json").exists() and (latest / "release.json").read_bytes() == \
            (folder / "release.json").read_bytes():
        return
    for name in FILES:  # release.json last: it says the files before it are complete
        part = latest / f".{name}.{uuid.uuid4().hex[:6]}"
        shutil.copyfile(folder / name, part)
        os.replace(part, latest / name)


def _prune(out: Path) -> None:
    releases = sorted((p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name != "latest"),
                      key=lambda p: p.stat().st_mtime, reverse=True)
    for old in releases[KEEP_RELEASES:]:
        shutil.rmtree(old, ignore_errors=True)


def out_dir() -> Path | None:
    """Where the downloads go: ``VROEGDOEN_DOWNLOADS`` or static/downloads; None when set to 'uit' (tests)."""
    value = os.environ.get("VROEGDOEN_DOWNLOADS", "").strip()
    return None if value.lower() in OFF else Path(value) if value else DEFAULT_OUT


def ensure(release: str) -> None:
    """Start writing the downloads of ``release`` in the background, once, unless ``latest/`` has it already."""
    out = out_dir()
    if out is not None and current(out) != release:
        _writer(release, str(warehouse_path()), str(out))


@st.cache_resource(show_spinner=False, max_entries=4)
def _writer(release: str, warehouse: str, out: str) -> threading.Thread:
    """One thread per release and warehouse: the page does not wait (2–14 s for 1,1 million rows, by machine load)."""
    thread = threading.Thread(target=write, args=(Path(warehouse), Path(out)), name=f"downloads-{release}",
                              daemon=True)
    thread.start()
    return thread


def previous(release: str, out: Path | None = None) -> tuple[str, dict[str, int]] | None:
    """The newest other release with downloads, and its newest year per indicator; None when there is none."""
    out = out or out_dir()
    if out is None or not out.exists():  # downloads off (the tests): no earlier release to compare with
        return None
    folders = sorted((p for p in out.iterdir() if p.is_dir() and p.name not in ("latest", release)
                      and not p.name.startswith(".") and (p / "release.json").exists()),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for folder in folders:
        try:
            info = json.loads((folder / "release.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if "nieuwste_jaren" in info:
            return info["release"], info["nieuwste_jaren"]
    return None


def current(out: Path | None = None) -> str | None:
    """The release ``latest/`` holds, or None."""
    path = (out or DEFAULT_OUT) / "latest" / "release.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))["release"]
    except (OSError, ValueError, KeyError):
        return None


def main(argv: list[str] | None = None) -> int:
    folder = write(out=out_dir() or DEFAULT_OUT)
    info = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    print(f"Downloads voor datarelease {info['release']}: {info['rijen']:,} rijen in {folder.relative_to(ROOT)} "
          "en static/downloads/latest/".replace(",", "."))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
