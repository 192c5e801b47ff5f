"""Build data/warehouse.duckdb from the open data in data/raw/ — one command, all or nothing.

    python -m warehouse.build [--out PATH] [--raw DIR] [--store PATH]

Writes a new file next to the target and swaps it in only when it is complete, so the
dashboard never sees half a warehouse and a failed build leaves the previous one as it was.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from geo.prepare import GeometryError, areas_km2, prepare_layer
from settings import DEFAULT_WAREHOUSE, DUCKDB_CONFIG, RAW_DIR, ROOT, min_count
from warehouse import ORG_SCHEMA
from warehouse import iv3, jeugdregio, loaders, lock, refreshed, series, storedb, wijkdata
from warehouse.catalogue import SOURCES
from warehouse import expected as expected_use

SCHEMA = Path(__file__).with_name("schema.sql")
ORG_PUBLISH = Path(__file__).with_name("org_publish.sql")
NOTES_PUBLISH = Path(__file__).with_name("notes_publish.sql")
ORG_TABLES = ["import_log", "kinderwerk_reach", "signal", "spending", "toelichting"]
# The store's own tables that never reach the warehouse: bookkeeping, people's names, the secret key.
STORE_ONLY = ["import_period", "audit_log", "pending_write", "privacy_key"]
# The import log in the warehouse: only what the pages and the release need. Row counts, file names,
# hashes and messages stay in the store (rows_ok against the published rows would tell how many cells
# rounded to 0); only imports in force are listed.
PUBLIC_IMPORT_LOG = """CREATE TABLE import_log (import_id VARCHAR PRIMARY KEY, org VARCHAR NOT NULL,
    kind VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL, status VARCHAR NOT NULL, is_demo BOOLEAN NOT NULL)"""
NO_KEY = ("De importopslag {store} heeft organisatiegegevens maar geen geheime sleutel (of drempel) voor het afronden "
          "van kleine aantallen; zonder die sleutel publiceert het warehouse geen organisatiecijfers. Maak hem met: "
          "python -m admin sleutel")
BROKEN_STORE = ("De importopslag {store} is beschadigd of onleesbaar ({error}); het warehouse is niet gewijzigd. "
                "Zet een reservekopie terug met: make restore")
TABLES = ["source", "region", "region_geometry", "herindeling", "indicator", "observation",
          "national_reference", "taakveld", "trend_break", "iv3_lasten",
          "wijk_coverage", "wijk_boundary", "wijkdata_check",  # warehouse/wijkdata.py
          "jeugdregio_gemeente",  # warehouse/jeugdregio.py
          "expected_use", "expected_model", "expected_feature", "expected_calibration",  # warehouse/expected.py
          "build_info"]


# Loaders of further open data, run in this order after the first bundle: each is
# ``extend(raw_dir, tables) -> tables`` and adds its own source, indicator, region and observation rows.
OPEN_DATA: list = [
    iv3.extend,  # Iv3 lasten per gemeente and taakveld 2023–2025 (table iv3_lasten)
    wijkdata.extend,  # KWB 2021–2022 and youth care per wijk 2015–2024, every gemeente
    series.extend,  # youth care per gemeente 2015–2024 (CBS series), jeugdhulp forms, costs
    jeugdregio.extend,  # jeugdregio's: composition 2016 and 2024 (derived), figures summed from gemeenten
    expected_use.extend,  # last: fits the expected-use model on the wijk data loaded above (issue 11)
]

_current_step = ["voorbereiden"]


def _step(n: int, total: int, text: str) -> None:
    _current_step[0] = text
    print(f"[{n}/{total}] {text}", flush=True)


def source_rows(raw_dir: Path) -> pd.DataFrame:
    """One row per input file with its sha256; a missing file stops the build, naming it."""
    rows = []
    for s in SOURCES:
        path = raw_dir / Path(s.file_path).relative_to("data/raw")
        rows.append({"source_id": s.source_id, "title": s.title, "publisher": s.publisher,
                     "licence": s.licence, "credit": s.credit, "file_path": s.file_path,
                     "retrieved": s.retrieved, "sha256": loaders.sha256_file(path), "is_demo": s.is_demo})
    return pd.DataFrame(rows)


def load_all(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Run every loader; return the rows of each table."""
    total = 6
    _step(1, total, "Bronbestanden controleren (sha256)")
    sources = source_rows(raw_dir)

    _step(2, total, "Gebieden en herindeling 2021→2024")
    regions = loaders.load_regions_2024(raw_dir / "geo/gemeente_2024.geojson",
                                        raw_dir / "geo/wijk_gemeente_2024.csv")
    # 2021 indeling -> 2024, plus the merger of 2021 itself (Eemsdelta), so 2015–2020 series of
    # every gemeente formed 2021–2023 are re-aggregated to the 2024 indeling (warehouse/series.py).
    herindeling = pd.concat([loaders.load_herindeling(raw_dir / "geo/herindeling_2021_2024.csv"),
                             loaders.load_herindeling(raw_dir / "geo/herindeling_2020_2021.csv")], ignore_index=True)

    _step(3, total, "Grenzen: herstellen, vereenvoudigen met gedeelde randen, afronden")
    geometry = pd.concat([
        prepare_layer(raw_dir / "geo/gemeente_2024.geojson", "gemeentecode", "gemeente", 2024),
        prepare_layer(raw_dir / "geo/wijk_2024.geojson", "statcode", "wijk", 2024),
    ], ignore_index=True)

    _step(4, total, "CBS-kolombeschrijvingen en indicatoren")
    props = loaders.load_data_properties(raw_dir / "cbs/85984NED_DataProperties.json")
    indicators = loaders.indicator_rows(props)

    _step(5, total, "KWB 2021 alle gemeenten (cbs/kwb_2021_gemeenten.csv) en KWB 2018–2025 Almere "
                    "(cbs/kwb_almere_2018_2025_raw.csv)")
    kwb2021 = loaders.load_kwb_2021(raw_dir / "cbs/kwb_2021_gemeenten.csv", herindeling)
    almere_regions, almere_obs = loaders.load_kwb_almere(
        raw_dir / "cbs/kwb_almere_2018_2025_raw.csv", props, regions[regions.level == "wijk"])
    # Where both files have a figure: a CBS figure beats one we derived; between equals, Almere's
    # own KWB export (more precise) beats the 2021 stop-gap.
    both = pd.concat([almere_obs.assign(_prio=0), kwb2021.assign(_prio=1)], ignore_index=True)
    observations = both.sort_values(["is_derived", "_prio"], kind="stable").drop_duplicates(
        ["indicator_id", "region_code", "indeling_year", "year"], keep="first").drop(columns="_prio")
    regions = pd.concat([regions, almere_regions], ignore_index=True).drop_duplicates(
        ["code", "indeling_year"], keep="first")
    areas = pd.concat([areas_km2(raw_dir / "geo/gemeente_2024.geojson", "gemeentecode"),
                       areas_km2(raw_dir / "geo/wijk_2024.geojson", "statcode")], ignore_index=True)
    observations = pd.concat([observations, loaders.density(observations, areas, regions)], ignore_index=True)

    _step(6, total, "Landelijke referentiecijfers en Iv3-taakvelden")
    national = loaders.load_national(raw_dir / "national/nl_jeugd_kerncijfers.csv")
    taakveld = loaders.load_taakvelden(raw_dir / "iv3/iv3_taakvelden_gemeente_2017_2026.csv")
    breaks = loaders.trend_breaks(regions, herindeling)
    tables = {"source": sources, "region": regions, "region_geometry": geometry, "herindeling": herindeling,
              "indicator": indicators, "observation": observations, "national_reference": national,
              "taakveld": taakveld, "trend_break": breaks}
    # Open data beyond the first bundle: each step adds its own sources, indicators, regions and rows.
    for extend in OPEN_DATA:
        tables = extend(raw_dir, tables)
    # A complete refresh from CBS and PDOK (make refresh), when there is one: data/raw/cbs_refresh/.
    return refreshed.include(raw_dir, tables)


def release_id(sources: pd.DataFrame) -> str:
    """The data release: a short hash of every input file and of the build code's schema."""
    digest = hashlib.sha256("".join(sorted(sources["sha256"])).encode())
    digest.update(SCHEMA.read_bytes())
    return digest.hexdigest()[:12]


def _publish_into(con: duckdb.DuckDBPyConnection, store: Path | str | None,
                  publishing: str | list[str] | None = None) -> None:
    """(Re)fill the organisation tables and indicators of an open warehouse from the import store.

    ``publishing`` is the import (or imports) whose write is being finished now (see ``pending_write``
    in org_schema.sql): its new status counts; every other unfinished write counts as it was before.
    A store on a PostgreSQL server is read from a consistent snapshot (``storedb.snapshot``), and its
    release is kept in ``published_store`` so the replica knows what it has (``warehouse.follow``).
    """
    if storedb.is_server(store):
        snap = Path(tempfile.mkdtemp(prefix="vroegdoen-store-")) / "store.duckdb"
        try:
            if storedb.exists(store):
                storedb.snapshot(store, snap)
            _publish_into(con, snap if snap.exists() else None, publishing)
            release = storedb_release(con, snap)
        finally:
            shutil.rmtree(snap.parent, ignore_errors=True)
        con.execute("CREATE OR REPLACE TABLE published_store AS SELECT $n::BIGINT AS release", {"n": release})
        return
    con.execute(ORG_SCHEMA.read_text(encoding="utf-8"))
    for table in STORE_ONLY:  # names from the fixed list above
        con.execute("DROP TABLE IF EXISTS " + table)
    con.execute("DROP TABLE IF EXISTS import_log")
    con.execute(PUBLIC_IMPORT_LOG)
    for table in ORG_TABLES:  # names from the fixed list above
        con.execute("DELETE FROM " + table)
    con.execute("DELETE FROM observation WHERE source_id LIKE 'org:%'")
    con.execute("DELETE FROM source WHERE source_id LIKE 'org:%'")
    org_hash = ""
    if store is not None and store.exists():
        try:
            con.execute("ATTACH '" + str(store).replace("'", "''") + "' AS org (READ_ONLY)")
        except duckdb.Error as exc:
            raise StoreError(BROKEN_STORE.format(store=store, error=type(exc).__name__)) from exc
        try:
            _set_rounding(con, store)
            ids = [publishing] if isinstance(publishing, str) else list(publishing or [])
            con.execute("SET VARIABLE publishing = $p::VARCHAR[]", {"p": ids})
            con.execute(ORG_PUBLISH.read_text(encoding="utf-8"))
            ids = [r[0] for r in con.execute("SELECT import_id FROM import_log ORDER BY import_id").fetchall()]
            if "toelichting" in _store_tables(con):  # the gemeenten's own notes (issue 23), without names
                con.execute(NOTES_PUBLISH.read_text(encoding="utf-8"))
                ids += [r[0] for r in con.execute("SELECT note_id FROM toelichting ORDER BY note_id").fetchall()]
        finally:
            con.execute("DETACH org")
        org_hash = hashlib.sha256(" ".join(ids).encode()).hexdigest()[:6] if ids else ""
    base = con.execute("SELECT split_part(release_id, '-', 1) FROM build_info").fetchone()[0]
    con.execute("UPDATE build_info SET release_id = $r", {"r": f"{base}-{org_hash}" if org_hash else base})


def storedb_release(con: duckdb.DuckDBPyConnection, snap: Path) -> int | None:
    """The release recorded in a snapshot of a server store (None when it has none)."""
    if not snap.exists():
        return None
    with duckdb.connect(str(snap), read_only=True, config=DUCKDB_CONFIG) as snapshot:
        if "store_release" not in {r[0] for r in snapshot.execute("SELECT table_name FROM duckdb_tables()").fetchall()}:
            return None
        return snapshot.execute("SELECT max(n) FROM store_release").fetchone()[0]


def published_release(warehouse: Path) -> int | None:
    """The server store's release a warehouse was last published from (None: never from a server)."""
    with duckdb.connect(str(warehouse), read_only=True, config=DUCKDB_CONFIG) as con:
        if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'published_store'").fetchone()[0]:
            return None
        row = con.execute("SELECT max(release) FROM published_store").fetchone()
    return row[0] if row else None


class StoreError(RuntimeError):
    """The import store cannot be published from (no secret key, or a damaged file); one Dutch sentence."""


def _store_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'org'").fetchall()}


def _set_rounding(con: duckdb.DuckDBPyConnection, store: Path) -> None:
    """The base and secret key of the rounding of organisation counts (org_publish.sql), from the store.

    Both live in the store's ``privacy_key`` (orgdata/store.py makes them once, at random, and keeps
    them there, never in the warehouse), so every process — server, command line, cron — rounds with
    the same key and base whatever its environment. A store with organisation data and no key is
    refused: there is no fallback key, so nobody outside can redo the rounding.
    """
    tables = _store_tables(con)
    # An unfinished write of a store from before the journal: there is none.
    source = "org.pending_write" if "pending_write" in tables else \
        "(SELECT NULL::VARCHAR AS import_id, NULL::VARCHAR AS previous_status WHERE false)"
    con.execute("CREATE OR REPLACE TEMP TABLE pending AS SELECT import_id, previous_status FROM " + source)
    row = None
    if "privacy_key" in tables:
        cols = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE database_name = 'org' "
                                          "AND table_name = 'privacy_key'").fetchall()}
        if "base" in cols:
            row = con.execute("SELECT key, base FROM org.privacy_key WHERE key IS NOT NULL AND base > 0 "
                              "LIMIT 1").fetchone()
    if row is None:
        has_data = con.execute("SELECT count(*) FROM org.import_log WHERE status = 'actief'").fetchone()[0]
        if has_data:
            raise StoreError(NO_KEY.format(store=store))
        row = ("", min_count())  # nothing to round
    con.execute("SET VARIABLE privacy_key = $k", {"k": row[0]})
    con.execute("SET VARIABLE privacy_base = $b", {"b": int(row[1])})


def _temp_file(out: Path) -> Path:
    """A temporary file of this writer's own next to ``out`` (two writers never share one)."""
    return out.with_name(f"{out.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")


def _remove_leftovers(out: Path) -> None:
    """Temporary files of writers that died (we hold the lock, so no writer is using one)."""
    for path in out.parent.glob(out.name + ".*tmp*"):  # with a WAL a dead writer may have left
        path.unlink(missing_ok=True)


def publish_org_data(out: Path = DEFAULT_WAREHOUSE, store: Path | str | None = None, *,
                     publishing: str | list[str] | None = None, on_wait=None, follower: bool = False) -> None:
    """Republish the organisation data into a copy of the warehouse and swap it in (under the writers' lock).

    ``follower``: a replica catching up with a server store (``warehouse.follow``) takes only its own
    warehouse's file lock — it writes nothing to the store, and reads it from a consistent snapshot."""
    store = storedb.locate(store)
    guard = lock.local(lock.lock_path(store), on_wait) if follower else lock.writer(store, on_wait)
    with guard:
        if not out.exists():
            build(out, store=store, publishing=publishing)
            return
        _remove_leftovers(out)
        tmp = _temp_file(out)
        try:
            shutil.copyfile(out, tmp)
            with duckdb.connect(str(tmp), config=DUCKDB_CONFIG) as con:
                con.execute("BEGIN")
                _publish_into(con, store, publishing)
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)


def write(tables: dict[str, pd.DataFrame], out: Path, started: float, store: Path | str | None = None,
          publishing: str | list[str] | None = None) -> dict[str, int]:
    """Write all tables to a temporary file in one transaction, then swap it in (under the writers' lock).

    The store is read and the file swapped in while holding the lock, so an import that commits in
    between cannot be overtaken by a build that read the store before it.
    """
    store = storedb.locate(store)
    out.parent.mkdir(parents=True, exist_ok=True)
    with lock.writer(store, lock.print_waiting):
        _remove_leftovers(out)
        return _write(tables, out, started, store, publishing)


def _write(tables: dict[str, pd.DataFrame], out: Path, started: float, store: Path | str,
           publishing: str | list[str] | None) -> dict[str, int]:
    tmp = _temp_file(out)
    con = duckdb.connect(str(tmp), config=DUCKDB_CONFIG)
    try:
        con.execute(SCHEMA.read_text(encoding="utf-8"))
        con.execute("BEGIN")
        for name in TABLES[:-1]:
            if name not in tables:  # a table of an open-data step that did not run (e.g. in a test build)
                continue
            columns = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = $t "
                "ORDER BY ordinal_position", {"t": name}).fetchall()]
            con.append(name, tables[name][columns])
        con.execute("INSERT INTO build_info VALUES ($release, $built, $seconds)",
                    {"release": release_id(tables["source"]), "built": datetime.now(timezone.utc).replace(tzinfo=None),
                     "seconds": round(time.perf_counter() - started, 2)})
        _publish_into(con, store, publishing)
        con.execute("COMMIT")
        counts = {t: con.table(t).aggregate("count(*)").fetchall()[0][0] for t in TABLES + ORG_TABLES}
        con.execute("CHECKPOINT")
    except Exception:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, out)
    return counts


def build(out: Path = DEFAULT_WAREHOUSE, raw_dir: Path = RAW_DIR, store: Path | str | None = None, *,
          publishing: str | list[str] | None = None) -> dict[str, int]:
    """Build the warehouse from data/raw/ plus the organisation data in the import store.

    ``publishing``: the unfinished write(s) this build completes (see ``publish_org_data``)."""
    started = time.perf_counter()
    tables = load_all(raw_dir)
    _current_step[0] = "schrijven naar een nieuw warehousebestand (met organisatiegegevens)"
    print("Schrijven naar een nieuw bestand en omwisselen …", flush=True)
    counts = write(tables, out, started, store if store is not None else storedb.locate(), publishing)
    seconds = time.perf_counter() - started
    print(f"\nWarehouse klaar: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} in {seconds:.1f} s")
    for table, n in counts.items():
        print(f"  {table:<20} {n:>8,} rijen".replace(",", "."))
    return counts


def main(argv: list[str] | None = None) -> int:
    """Command line: build the warehouse (``python -m warehouse.build``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_WAREHOUSE)
    parser.add_argument("--raw", type=Path, default=RAW_DIR)
    parser.add_argument("--store", default=None, help="import store: a file (default data/organisations.duckdb) "
                                                      "or a postgresql:// address")
    args = parser.parse_args(argv)
    try:
        build(args.out, args.raw, storedb.locate(args.store))
    except (loaders.InputError, GeometryError, StoreError, lock.Busy, storedb.StoreUnavailable) as exc:
        print(f"\nBouwen mislukt: {exc}\nHet vorige warehouse is ongewijzigd.", file=sys.stderr)
        return 2
    except (ValueError, KeyError, TypeError, duckdb.Error) as exc:
        # Unexpected content in a file that passed the first checks: name the step and its files.
        print(f"\nBouwen mislukt tijdens '{_current_step[0]}': {type(exc).__name__}: {exc}\n"
              "Controleer de bestanden van die stap in data/raw/ (zie SOURCES.md). "
              "Het vorige warehouse is ongewijzigd.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
