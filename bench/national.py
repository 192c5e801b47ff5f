"""Benchmark phases of issue 14: every page on a national-scale warehouse, and hostile files.

    .venv/bin/python bench/national.py            (only these two phases; make bench runs them too)

(1) The warehouse that ``bench/refresh_bench.py`` builds — a synthetic refresh the size of all of
NL over 10 years — is built in tmp, the dashboard is pointed at it (``VROEGDOEN_WAREHOUSE``), and
every page is timed like ``bench.pages.bench_page`` does: warm, server side, median of 5. Target
0,3 s per page.
(2) Files up to the upload limit that once kept the import busy for minutes (a 5-million-character
cell, an XLSX that unpacks to 800 MB, 50 MB of long cells, 250.000 XLSX rows, the most rows a CSV
may have) are judged by ``orgdata.importer.check_file``; target 10 s each, wall clock.
"""
from __future__ import annotations

import io
import os
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PAGE_TARGET_S = 0.3
RATIO_TARGET = 60.0  # every page within 60× an empty page's run in the same process (issue 20)
JUDGE_TARGET_S = 10.0
YEARS = list(range(2016, 2026))


def build_national(tmp: Path) -> tuple[Path, dict, float]:
    """The national-scale warehouse of refresh_bench.py, built in ``tmp``."""
    from bench.refresh_bench import synthetic_refresh
    from warehouse import RAW_DIR
    from warehouse import build as wb
    from admin.refresh import CACHE

    raw = tmp / "raw"
    shutil.copytree(RAW_DIR, raw, ignore=shutil.ignore_patterns(CACHE))
    synthetic_refresh(raw, YEARS)
    out = tmp / "landelijk.duckdb"
    started = time.perf_counter()
    counts = wb.build(out=out, raw_dir=raw, store=tmp / "geen_imports.duckdb")
    return out, counts, time.perf_counter() - started


def empty_page_s(runs: int = 9) -> float:
    """Median warm run of an empty Streamlit page in this process: the unit the page ratios are in.

    Absolute seconds depend on how busy the machine is; a page's time over this one does much less.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string("import streamlit as st\nst.empty()", default_timeout=60)
    at.run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_national_pages(bench_page: Callable[[str, dict, str], dict], pages: dict) -> dict:
    """Every page on the national warehouse, with a clean cache (first visits pay the breaks)."""
    import streamlit

    from charts import _jenks_bins

    result: dict = {"target_s": PAGE_TARGET_S, "pages": {}, "errors": {}}
    with tempfile.TemporaryDirectory(prefix="bench_landelijk_") as tmp:
        with open(os.devnull, "w") as quiet:
            stdout, sys.stdout = sys.stdout, quiet
            try:
                out, counts, build_s = build_national(Path(tmp))
            finally:
                sys.stdout = stdout
        result.update(build_s=round(build_s, 1), observations=counts.get("observation"),
                      regions=counts.get("region"))
        print(f"  landelijk warehouse: {counts.get('observation'):,} observaties, {counts.get('region'):,} "
              f"gebieden, gebouwd in {build_s:.1f} s".replace(",", "."), flush=True)
        old = os.environ.get("VROEGDOEN_WAREHOUSE")
        os.environ["VROEGDOEN_WAREHOUSE"] = str(out)
        streamlit.cache_data.clear()
        _jenks_bins.cache_clear()
        try:
            empty = result["empty_page_s"] = empty_page_s()
            print(f"  lege pagina            {empty:.4f} s (de eenheid van de verhouding; doel ≤ {RATIO_TARGET:.0f}×)",
                  flush=True)
            for name, (page, params, must_show) in pages.items():
                try:
                    result["pages"][name] = r = bench_page(page, params, must_show)
                    r["ratio"] = round(r["median_s"] / empty, 1)
                    print(f"  {name:<22} {r['median_s']:.3f} s  {r['ratio']:5.1f}× leeg  "
                          f"(eerste bezoek {r['first_visit_s']:.2f} s)", flush=True)
                except Exception as exc:  # a report: note it and go on
                    result["errors"][name] = f"{type(exc).__name__}: {exc}"[:500]
                    print(f"  {name:<22} FOUT: {exc}", flush=True)
        finally:
            if old is None:
                os.environ.pop("VROEGDOEN_WAREHOUSE", None)
            else:
                os.environ["VROEGDOEN_WAREHOUSE"] = old
            streamlit.cache_data.clear()
    return result


def hostile_files() -> dict[str, tuple[bytes, str]]:
    """name: (bytes, file name) — each up to the upload limit."""
    from openpyxl import Workbook

    from orgdata.contract import MAX_BYTES, MAX_ROWS

    header = "wijkcode;maand;categorie;uitkomst;aantal\n"
    row = "WK003401;2024-03;opvoeding;samen met ouders opgelost;7\n"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 800_000_000)
    cell = ("a@b 1234AB " * 20)[:160]
    long_cells = header + f"WK003401;2024-03;{cell};{cell};{cell}\n" * (MAX_BYTES // 500)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("gegevens")
    ws.append(header.strip().split(";"))
    for i in range(250_000):
        ws.append(["WK003401", "2024-03", "opvoeding", "samen met ouders opgelost", i])
    xlsx = io.BytesIO()
    wb.save(xlsx)
    return {
        "cel van 5 mln tekens": ((header + "WK003401;2024-03;opvoeding;" + "a" * 5_000_000 + ";7\n").encode(), "c.csv"),
        "xlsx, uitgepakt 800 MB": (bomb.getvalue(), "bom.xlsx"),
        "50 MB lange cellen": (long_cells.encode()[:MAX_BYTES], "lang.csv"),
        "xlsx, 250.000 rijen": (xlsx.getvalue(), "groot.xlsx"),
        "csv, " + f"{MAX_ROWS:,}".replace(",", ".") + " rijen": ((header + row * MAX_ROWS).encode(), "rijen.csv"),
    }


def bench_hostile() -> dict:
    """Seconds (wall clock and CPU of the checking thread) to judge each hostile file."""
    from orgdata.importer import Context, ImportRefused, check_file
    from datetime import date

    ctx = Context(wijken={2024: {"WK003401"}}, wijk_indelingen={"GM0034": {2024}}, gemeenten={"GM0034"},
                  merged_gemeenten={}, taakvelden={}, today=date(2024, 6, 15))
    result: dict = {"target_s": JUDGE_TARGET_S, "files": {}}
    for name, (data, file_name) in hostile_files().items():
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            v = check_file(data, file_name, "signalen", ctx)
            outcome = "gecontroleerd" + ("" if v.ok else f", {len(v.problems)} problemen")
        except ImportRefused as exc:
            outcome = f"geweigerd: {str(exc)[:90]}"
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        result["files"][name] = {"bytes": len(data), "s": round(wall, 2), "cpu_s": round(cpu, 2), "outcome": outcome}
        print(f"  {name:<24} {len(data) / 1e6:6.1f} MB  {wall:5.2f} s (cpu {cpu:.2f} s)  {outcome}", flush=True)
    result["max_s"] = max(f["s"] for f in result["files"].values())
    return result


def main() -> int:
    """Run only the two phases of issue 14 (hostile files, pages on the national warehouse)."""
    import logging
    import warnings

    from bench.pages import PAGES, bench_page

    os.chdir(ROOT)
    warnings.filterwarnings("ignore")
    for noisy in ("streamlit.runtime.caching.cache_data_api",
                  "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(noisy).disabled = True
    print("Vijandige bestanden beoordelen (doel ≤ 10 s per bestand)", flush=True)
    hostile = bench_hostile()
    print(f"Pagina's op het landelijke warehouse (10 jaar; doel ≤ {PAGE_TARGET_S} s warm)", flush=True)
    national = bench_national_pages(bench_page, PAGES)
    times = {n: p["median_s"] for n, p in national["pages"].items()}
    if not times:
        print("Geen pagina gemeten: " + "; ".join(national["errors"].values()))
        return 0
    ratios = {n: p["ratio"] for n, p in national["pages"].items()}
    over = [f"{n} {r:.0f}×" for n, r in ratios.items() if r > RATIO_TARGET]
    print(f"\nVerhouding tot een lege pagina: hoogste {max(ratios, key=ratios.get)} {max(ratios.values()):.1f}× "
          + ("— alle pagina's ≤ 60×." if not over else f"— BOVEN {RATIO_TARGET:.0f}×: {', '.join(over)}"))
    slow = [n for n, t in times.items() if t > PAGE_TARGET_S] + list(national["errors"])
    print(f"\nTraagste pagina: {max(times, key=times.get)} {max(times.values()):.3f} s; "
          f"mediaan {statistics.median(times.values()):.3f} s; "
          + ("alle pagina's gehaald." if not slow else f"NIET GEHAALD: {', '.join(slow)}"))
    print(f"Langste beoordeling van een bestand: {hostile['max_s']:.2f} s "
          + ("PASS" if hostile["max_s"] <= JUDGE_TARGET_S else "FAIL"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
