"""Benchmark of the shared store (issue 22): the same work on a DuckDB file and on a PostgreSQL server.

    .venv/bin/python bench/store_postgres.py [postgresql://…/postgres]   (default: the test server of make postgres)

On a copy of data/warehouse.duckdb in tmp: the demo data of Almere (3 files, ~21.000 rows) imported
into an empty store of each kind, then a rollback, a republish, and — for the server only — a
snapshot and a replica following one import. Wall clock, one run each; the ratio server ÷ file is what
to watch (target: ≤ 3× for import and publish, so that a shared store does not make an upload feel
slow), and the follow time against its bound (interval + one publish).
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RATIO_TARGET = 3.0


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def run_kind(store, warehouse: Path) -> dict[str, float]:
    """Import the demo files, roll one back, republish; seconds per step."""
    from orgdata import store as orgstore
    from orgdata.demo import generate, to_csv_bytes
    from warehouse.build import publish_org_data

    frames = generate(warehouse)
    ctx = orgstore.context_from_warehouse(warehouse)
    seconds, ids = {}, []
    started = time.perf_counter()
    for kind, frame in frames.items():
        result = orgstore.import_file(to_csv_bytes(frame), f"bench_{kind}.csv", kind, "Bench", is_demo=True,
                                      ctx=ctx, store=store, publish_to=warehouse)
        assert result.status == "geïmporteerd", result.message
        ids.append(result.import_id)
    seconds["import (3 bestanden)"] = time.perf_counter() - started
    seconds["terugdraaien"], _ = _timed(lambda: orgstore.rollback(ids[-1], store, warehouse))
    seconds["opnieuw publiceren"], _ = _timed(lambda: publish_org_data(warehouse, store))
    return seconds


def main(argv: list[str]) -> int:
    """Print the table and whether the targets hold; exit 1 when one does not."""
    from tests import pg_server
    from warehouse import follow, storedb
    from warehouse.build import DEFAULT_WAREHOUSE

    server = argv[0] if argv else pg_server.server()
    if server is None:
        print("Geen PostgreSQL-server: make postgres")
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="vroegdoen-bench-store-"))
    address = pg_server.new_database(server)
    try:
        rows = {}
        for kind, store in (("DuckDB-bestand", tmp / "store.duckdb"), ("PostgreSQL", address)):
            warehouse = tmp / f"{uuid.uuid4().hex[:6]}.duckdb"
            shutil.copyfile(DEFAULT_WAREHOUSE, warehouse)
            rows[kind] = run_kind(store, warehouse)
        snap, _ = _timed(lambda: storedb.snapshot(address, tmp / "snapshot.duckdb"))
        other = tmp / "replica_b.duckdb"
        shutil.copyfile(DEFAULT_WAREHOUSE, other)
        follow_s, _ = _timed(lambda: follow.follow_once(address, other))
        print(f"{'stap':<22}{'DuckDB-bestand':>16}{'PostgreSQL':>12}{'verhouding':>12}")
        ok = True
        for step in rows["DuckDB-bestand"]:
            a, b = rows["DuckDB-bestand"][step], rows["PostgreSQL"][step]
            ratio = b / a
            ok &= ratio <= RATIO_TARGET or b < 1.0
            print(f"{step:<22}{a:>14.2f} s{b:>10.2f} s{ratio:>11.1f}×")
        print(f"momentopname van de server: {snap:.2f} s; een replica volgt (publiceren): {follow_s:.2f} s, "
              f"grens = volgtijd {follow.interval():.0f} s + dat")
        print("doel ≤ 3× (of < 1 s):", "gehaald" if ok else "NIET gehaald")
        return 0 if ok else 1
    finally:
        pg_server.drop_database(address)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
