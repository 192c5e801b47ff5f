"""Benchmark: the warehouse build on a refresh the size of all of NL, all years.

    .venv/bin/python bench/refresh_bench.py [--years 10]

A report, not a test: it writes a synthetic refresh into a temporary copy of data/raw (the
shape ``admin.refresh`` leaves behind: OData v3 and PDOK answers plus ``refresh.json``),
builds the warehouse from it in tmp, prints the seconds against the target and PASS/FAIL, and
always exits 0. Nothing in data/ is touched and nothing goes over the network.

Size (default): 10 KWB editions x (NL + ~350 gemeenten + 3,393 wijken) x the 11 KWB measures we
use, the four jeugdzorg tables per gemeente with whole and half years, and PDOK gemeente and wijk
boundaries for every year (the bundled 2024 shapes, one copy per year, in pages of 1,000).
Target: build <= 60 s.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from warehouse import RAW_DIR  # noqa: E402
from warehouse import build as wb  # noqa: E402
from admin.refresh import CACHE, INDEX  # noqa: E402
from refresh.plan import GEMEENTE_TABLES, KWB_MEASURES  # noqa: E402

TARGET_S = 60.0
PAGE = 10_000        # CBS ODataFeed page
PDOK_PAGE = 1_000    # PDOK WFS page
FIRST_INDELING_AFTER_MERGERS = 2022


class Writer:
    """Writes answers into the cache folder and remembers them for refresh.json."""

    def __init__(self, root: Path):
        self.root = root

    def put(self, name: str, doc: dict, role: str) -> dict:
        """Write one cached response under its content hash and return its manifest entry."""
        body = json.dumps(doc, separators=(",", ":")).encode()
        digest = hashlib.sha256(body).hexdigest()
        rel = f"{name}.{digest[:12]}.json"
        (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (self.root / rel).write_bytes(body)
        return {"role": role, "path": rel, "sha256": digest, "url": f"synthetisch://{name}"}


def v3_pages(w: Writer, name: str, rows: list[dict]) -> list[dict]:
    """Split rows into OData v3 pages of PAGE rows, written as the client caches them."""
    return [w.put(f"{name}.p{i // PAGE + 1:03d}", {"value": rows[i:i + PAGE]}, "data")
            for i in range(0, max(len(rows), 1), PAGE)]


def gemeenten_of(year: int, gem_2024: list[str], herindeling: pd.DataFrame) -> list[str]:
    """The gemeente codes of a year: before 2022 the 14 merged ones instead of their successors."""
    if year >= FIRST_INDELING_AFTER_MERGERS:
        return gem_2024
    new_only = set(herindeling["gemeentecode_nieuw"]) - set(herindeling["gemeentecode_oud"]) - {"GM0363", "GM0439"}
    return sorted((set(gem_2024) - new_only) | set(herindeling["gemeentecode_oud"]))


def kwb_edition(w: Writer, rng: np.random.Generator, year: int, gemeenten: list[str], wijken: pd.DataFrame) -> dict:
    """One synthetic KWB year for every gemeente and wijk, with the key drift CBS has between editions."""
    table_id = f"9{year % 100:02d}00NED"
    keys = {base: f"{base}_{i + 5 + (year % 7)}" for i, base in enumerate(KWB_MEASURES)}  # suffix drift per year
    keys.update({"Gemeentenaam": "Gemeentenaam_1", "SoortRegio": "SoortRegio_2"})
    props = [{"Type": "GeoDetail", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten", "MapYear": year}]
    props += [{"Type": "Topic", "Key": key, "Title": base, "Decimals": 1 if "Percentage" in base else 0,
               "Description": f"{base} (synthetisch)"} for base, key in keys.items()]
    codes = ["NL00"] + gemeenten + wijken["wijkcode"].tolist()
    n = len(codes)
    inw = rng.integers(300, 60_000, n).astype(float)
    inw[0], inw[1:len(gemeenten) + 1] = 17.9e6, rng.integers(1_000, 900_000, len(gemeenten))
    inw[rng.random(n) < 0.01] = 0  # a few uninhabited wijken
    values = {
        "AantalInwoners": inw, "k_0Tot15Jaar": np.round(inw * 0.16), "k_15Tot25Jaar": np.round(inw * 0.12),
        "HuishoudensTotaal": np.round(inw / 2.1), "PersonenPerSoortUitkeringBijstand": np.round(inw * 0.025),
        "JongerenMetJeugdzorgInNatura": np.round(inw * 0.023), "PercentageJongerenMetJeugdzorg": rng.normal(10, 2, n).round(1),
        "WmoClientenRelatief": rng.normal(60, 10, n).round(0), "GemiddeldInkomenPerInwoner": rng.normal(32, 5, n).round(1),
        "HuishoudensMetEenLaagInkomen": rng.normal(7, 2, n).round(1),
        "HuishOnderOfRondSociaalMinimum": rng.normal(8, 2, n).round(1),
    }
    secret = rng.random(n) < 0.05
    rows = []
    for i, code in enumerate(codes):
        row = {"ID": i, "WijkenEnBuurten": code.ljust(10), "Gemeentenaam_1": "Gemeente".ljust(50),
               "SoortRegio_2": ("Land" if i == 0 else "Gemeente" if i <= len(gemeenten) else "Wijk").ljust(10)}
        for base, v in values.items():
            row[keys[base]] = None if (secret[i] and "Jeugdzorg" in base and i > len(gemeenten)) or inw[i] == 0 \
                else float(v[i])
        rows.append(row)
    files = [w.put(f"{table_id}/TableInfos", {"value": [{"Title": f"Kerncijfers wijken en buurten {year}",
                                                         "Modified": f"{year + 1}-03-01T02:00:00"}]}, "info"),
             w.put(f"{table_id}/DataProperties", {"value": props}, "properties")]
    files += v3_pages(w, f"{table_id}/TypedDataSet", rows)
    return {"source_id": f"cbs_{table_id}", "kind": "kwb", "table_id": table_id, "year": year, "api": "v3",
            "title": f"Kerncijfers wijken en buurten {year}", "retrieved": "2026-11-29", "category_dim": None,
            "measures": [], "rows": len(rows), "files": files}


def gemeente_table(w: Writer, rng: np.random.Generator, table_id: str, years: list[int],
                   gem_by_year: dict[int, list[str]]) -> dict:
    """One synthetic youth-care table per gemeente over ``years``, in the cache's format."""
    keywords, dim, measures, _ = GEMEENTE_TABLES[table_id]
    keys = sorted({m.key for m in measures})
    props = [{"Type": "GeoDimension", "Key": "RegioS"}, {"Type": "TimeDimension", "Key": "Perioden"}]
    if dim:
        props.append({"Type": "Dimension", "Key": dim})
    props += [{"Type": "Topic", "Key": f"{k}_{i + 1}", "Title": k, "Decimals": 1, "Description": f"{k} (synthetisch)"}
              for i, k in enumerate(keys)]
    titles = {"jeugdzorg_kosten": "Totaal jeugdzorg"}  # matched on title: the key of 83454NED is not known
    members = {m.category_key or f"T{i:03d}": titles.get(m.indicator_id, m.indicator_id) for i, m in enumerate(measures)}
    rows = []
    for year in years:
        for period in (f"{year}JJ00", f"{year}HJ01", f"{year}HJ02"):
            for code in ["NL01"] + gem_by_year[year]:
                for member in (members if dim else [None]):
                    row = {"RegioS": code.ljust(6), "Perioden": period}
                    if dim:
                        row[dim] = member
                    row.update({f"{k}_{i + 1}": float(rng.normal(5, 1)) for i, k in enumerate(keys)})
                    rows.append(row)
    files = [w.put(f"{table_id}/TableInfos", {"value": [{"Title": " ".join(keywords), "Modified": "2025-01-01"}]}, "info"),
             w.put(f"{table_id}/DataProperties", {"value": props}, "properties")]
    if dim:
        files.append(w.put(f"{table_id}/{dim}", {"value": [{"Key": k, "Title": t} for k, t in members.items()]},
                           "category"))
    files += v3_pages(w, f"{table_id}/TypedDataSet", rows)
    return {"source_id": f"cbs_{table_id}", "kind": "gemeente", "table_id": table_id, "year": None, "api": "v3",
            "title": " ".join(keywords), "retrieved": "2026-11-29", "category_dim": dim,
            "measures": [m.__dict__ for m in measures], "rows": len(rows), "files": files}


def pdok_layer(w: Writer, layer: str, year: int, features: list[dict]) -> dict:
    """One PDOK boundary layer of ``year`` in pages of PDOK_PAGE features."""
    files = [w.put(f"pdok/{year}/{layer}.p{i // PDOK_PAGE + 1:03d}",
                   {"type": "FeatureCollection", "features": features[i:i + PDOK_PAGE]}, "data")
             for i in range(0, len(features), PDOK_PAGE)]
    return {"source_id": f"pdok_{layer}_{year}", "kind": "pdok", "layer": layer, "year": year,
            "title": f"{layer} {year} (synthetisch)", "retrieved": "2026-11-29", "rows": len(features), "files": files}


def synthetic_refresh(raw: Path, years: list[int]) -> dict[str, int]:
    """Write a refresh of ``years`` into ``raw/cbs_refresh``; return its size."""
    rng = np.random.default_rng(2024)
    w = Writer(raw / CACHE)
    wijken = pd.read_csv(raw / "geo/wijk_gemeente_2024.csv", dtype=str)
    gem_geo = json.loads((raw / "geo/gemeente_2024.geojson").read_text(encoding="utf-8"))["features"]
    wijk_geo = json.loads((raw / "geo/wijk_2024.geojson").read_text(encoding="utf-8"))["features"]
    herindeling = pd.read_csv(raw / "geo/herindeling_2021_2024.csv", dtype=str)
    gem_2024 = sorted(f["properties"]["gemeentecode"] for f in gem_geo)
    gem_by_year = {y: gemeenten_of(y, gem_2024, herindeling) for y in years}
    gem_features = [{"type": "Feature", "geometry": f["geometry"],
                     "properties": {"statcode": f["properties"]["gemeentecode"],
                                    "statnaam": f["properties"]["gemeentenaam"]}} for f in gem_geo]
    wijk_features = [{"type": "Feature", "geometry": f["geometry"],
                      "properties": {"statcode": f["properties"]["statcode"], "statnaam": f["properties"]["name"]}}
                     for f in wijk_geo]
    datasets = [kwb_edition(w, rng, y, gem_by_year[y], wijken) for y in years]
    datasets += [gemeente_table(w, rng, "85098NED", [y for y in years if y >= 2020], gem_by_year),
                 gemeente_table(w, rng, "82972NED", [y for y in years if y < 2020], gem_by_year),
                 gemeente_table(w, rng, "85099NED", [y for y in years if y >= 2020], gem_by_year),
                 gemeente_table(w, rng, "83454NED", years, gem_by_year)]
    for y in years:
        datasets += [pdok_layer(w, "gemeente", y, gem_features), pdok_layer(w, "wijk", y, wijk_features)]
    (raw / CACHE / INDEX).write_text(json.dumps({"refreshed": "synthetisch", "datasets": datasets, "warnings": []}))
    return {"kwb_rows": sum(d["rows"] for d in datasets if d["kind"] == "kwb"),
            "table_rows": sum(d["rows"] for d in datasets if d["kind"] == "gemeente"),
            "pdok_features": sum(d["rows"] for d in datasets if d["kind"] == "pdok"),
            "files": sum(len(d["files"]) for d in datasets),
            "megabytes": round(sum(p.stat().st_size for p in (raw / CACHE).rglob("*.json")) / 1e6)}


def main(argv: list[str] | None = None) -> int:
    """Write a synthetic national-size refresh into a temporary copy of data/raw and time the build from it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10, help="number of KWB years (default 10: 2016-2025)")
    args = parser.parse_args(argv)
    years = list(range(2026 - args.years, 2026))
    with tempfile.TemporaryDirectory(prefix="refresh_bench_") as tmp:
        raw = Path(tmp) / "raw"
        shutil.copytree(RAW_DIR, raw, ignore=shutil.ignore_patterns(CACHE))
        started = time.perf_counter()
        size = synthetic_refresh(raw, years)
        print(f"Synthetische verversing {years[0]}–{years[-1]} geschreven in {time.perf_counter() - started:.1f} s: "
              + ", ".join(f"{k} " + f"{v:,}".replace(",", ".") for k, v in size.items()), flush=True)
        started = time.perf_counter()
        counts = wb.build(out=Path(tmp) / "w.duckdb", raw_dir=raw, store=Path(tmp) / "geen_imports.duckdb")
        seconds = time.perf_counter() - started
    verdict = "PASS" if seconds <= TARGET_S else "FAIL"
    n = {k: f"{v:,}".replace(",", ".") for k, v in counts.items()}
    print(f"\nBouwen met de verversing: {seconds:.1f} s (doel <= {TARGET_S:.0f} s) {verdict}; {n['observation']} "
          f"observaties, {n['region']} gebieden, {n['region_geometry']} grenzen.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
