"""Refresh from CBS and PDOK: download the tables and boundaries, then rebuild — all or nothing.

    python -m warehouse.refresh [--out PATH] [--raw DIR] [--store PATH] [--skip-unverified]
    (the entry point lives in warehouse: it hands this module the build as ``rebuild``)
    (or: make refresh)

What it downloads is the plan in ``refresh.plan`` (ids from ``data/raw/cbs/cbs_tables.csv``):
every KWB edition (gemeenten, wijken and NL), the jeugdzorg tables per gemeente, and the PDOK
boundaries of gemeenten and wijken for each year. Every response is kept as a file under
``data/raw/cbs_refresh/`` (not in git) and listed in ``manifest.json`` with its address, retrieval
time and sha256. Only when everything is in does ``refresh.json`` list the files of this refresh;
the warehouse build (``warehouse.build``) then reads them through ``warehouse.refreshed``.

* **Resumable.** A response already in the cache is not asked again: for a CBS table as long as
  its ``TableInfos.Modified`` is unchanged (TableInfos itself is always asked: it is how a
  refresh notices new figures), for a PDOK layer always (a year's boundaries do not change).
* **Polite.** One request at a time with a short pause, a User-Agent, a timeout, retries with
  exponential back-off (``refresh.client.Http``), and only the columns and levels we use.
* **All or nothing.** A failure anywhere leaves the warehouse as it was and says what failed;
  without a network nothing is written at all.
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from refresh import RAW_DIR, ROOT
from refresh import client as cbs_odata
from refresh.client import Fetch, FetchError, HttpStatusError, NoConnection
from refresh.plan import KWB_LABELS, KWB_MEASURES, Plan, TableSpec, default_plan

CACHE = "cbs_refresh"
INDEX = "refresh.json"
MANIFEST = "manifest.json"
NO_NETWORK = "Geen verbinding met CBS (opendata.cbs.nl): er is niets veranderd."
LOCK_STALE_S = 6 * 3600

Progress = Callable[[int, int, str], None]


@dataclass
class RefreshResult:
    """The outcome for the command line and the page: ``ok``, one Dutch ``message``, counts."""

    ok: bool
    message: str
    requests: int = 0
    reused: int = 0
    warnings: list[str] = field(default_factory=list)


class Refused(Exception):
    """A table whose CBS title is not what the plan expects (or that CBS does not have)."""


class Busy(Exception):
    """Another refresh of the same warehouse is running."""


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


# --- the cache ------------------------------------------------------------------------------

class Cache:
    """``data/raw/cbs_refresh/``: every response a file named by its content, listed in a manifest.

    A file name carries the first 12 hex digits of its sha256, so a newer answer never overwrites
    a file that the last complete refresh (``refresh.json``) still uses. The folder is created on
    the first saved response, with a ``.gitignore`` that keeps it out of git.
    """

    def __init__(self, root: Path):
        self.root = root
        self.manifest_path = root / MANIFEST
        self.files: dict[str, dict] = {}
        if self.manifest_path.exists():
            try:
                self.files = json.loads(self.manifest_path.read_text(encoding="utf-8"))["files"]
            except (json.JSONDecodeError, KeyError, TypeError):
                self.files = {}  # a broken manifest only costs a new download

    def get(self, url: str, stamp: str) -> tuple[bytes, dict] | None:
        """The cached answer to ``url`` when it belongs to ``stamp`` and its file is intact."""
        entry = self.files.get(url)
        if not entry or entry.get("stamp") != stamp:
            return None
        path = self.root / entry["path"]
        if not path.exists():
            return None
        body = path.read_bytes()
        return (body, entry) if hashlib.sha256(body).hexdigest() == entry["sha256"] else None

    def put(self, url: str, stamp: str, name: str, body: bytes) -> dict:
        """Save ``body`` as ``<name>.<sha12>.json`` and list it in the manifest."""
        digest = hashlib.sha256(body).hexdigest()
        rel = f"{name}.{digest[:12]}.json"
        path = self.root / rel
        if not self.root.exists():
            self.root.mkdir(parents=True)
            (self.root / ".gitignore").write_text("# Downloads of make refresh: not in git.\n*\n", encoding="utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            _write_atomic(path, body)
        entry = {"url": url, "path": rel, "sha256": digest, "bytes": len(body), "retrieved": _now(), "stamp": stamp}
        self.files[url] = entry
        self._save()
        return entry

    def _save(self) -> None:
        _write_atomic(self.manifest_path, json.dumps({"files": self.files}, indent=1, sort_keys=True).encode())

    def prune(self, keep: set[str]) -> int:
        """Delete cached files that ``keep`` (paths of the new refresh.json) does not use."""
        removed = 0
        for path in self.root.rglob("*.json"):
            rel = path.relative_to(self.root).as_posix()
            if rel not in keep and rel not in (MANIFEST, INDEX):
                path.unlink()
                removed += 1
        self.files = {u: e for u, e in self.files.items() if e["path"] in keep}
        self._save()
        return removed


# --- downloading ----------------------------------------------------------------------------

class Downloader:
    """Fetch through the cache, one request at a time; counts what it asked and what it reused."""

    def __init__(self, fetch: Fetch, cache: Cache):
        self.fetch, self.cache = fetch, cache
        self.requests = self.reused = 0
        self.current = "voorbereiden"

    def get(self, url: str, stamp: str, name: str, role: str) -> tuple[dict | list, dict]:
        """One answer as JSON with its file entry: from the cache when it is there."""
        cached = self.cache.get(url, stamp)
        if cached is not None:
            self.reused += 1
            body, entry = cached
            doc = cbs_odata.parse_json(body, url)
        else:
            body = self.fetch(url)
            self.requests += 1
            doc = cbs_odata.parse_json(body, url)  # before saving: never cache an error page
            entry = self.cache.put(url, stamp, name, body)
        return doc, {"role": role, "path": entry["path"], "sha256": entry["sha256"], "url": url}

    def pages(self, url: str, stamp: str, name: str, on_page: Callable[[int, int], None],
              count: int | None = None) -> tuple[list[dict], list[dict]]:
        """Every page of a feed: (all rows or features, file entries)."""
        rows, files, n = [], [], 0
        while url:
            n += 1
            doc, entry = self.get(url, stamp, f"{name}.p{n:03d}", "data")
            files.append(entry)
            rows.extend(doc.get("features", []) if "features" in doc else cbs_odata.values(doc))
            on_page(n, len(rows))
            url = cbs_odata.next_url(url, doc, count)
        return rows, files

    def _info(self, spec: TableSpec) -> tuple[str, str, bytes, str]:
        """TableInfos (v3) or Properties (v4), always asked; refuses a table that is not the one we mean."""
        url = (cbs_odata.v3_url(spec.table_id, "TableInfos") if spec.api == "v3"
               else cbs_odata.v4_url(spec.table_id, "Properties"))
        try:
            body = self.fetch(url)
        except HttpStatusError as exc:
            if exc.status in (400, 404):
                raise Refused(f"Tabel {spec.table_id} bestaat niet bij CBS ({exc}); in cbs_tables.csv staat dit "
                              f"nummer als '{spec.status_of_id}'. Deze tabel is niet gebruikt.") from exc
            raise
        self.requests += 1
        title, modified = cbs_odata.table_title(cbs_odata.values(cbs_odata.parse_json(body, url)))
        if not all(word.lower() in title.lower() for word in spec.keywords):
            raise Refused(f"Tabel {spec.table_id} heet bij CBS '{title}', maar verwacht werd een titel met "
                          f"{' en '.join(repr(w) for w in spec.keywords)} (het nummer staat in cbs_tables.csv als "
                          f"'{spec.status_of_id}'). Deze tabel is geweigerd.")
        return title, modified or title, body, url

    def table(self, spec: TableSpec, on_page: Callable[[int, int], None]) -> dict:
        """Download one CBS table (after its title check) and describe it for refresh.json."""
        self.current = f"CBS-tabel {spec.table_id}"
        title, stamp, info_body, info_url = self._info(spec)
        tid = spec.table_id
        entry = self.cache.put(info_url, stamp, f"{tid}/TableInfos" if spec.api == "v3" else f"{tid}/Properties", info_body)
        files = [{"role": "info", "path": entry["path"], "sha256": entry["sha256"], "url": info_url}]
        if spec.api == "v3":
            doc, f = self.get(cbs_odata.v3_url(tid, "DataProperties"), stamp, f"{tid}/DataProperties", "properties")
            files.append(f)
            structure = cbs_odata.v3_structure(cbs_odata.values(doc))
            if structure["region"] is None:
                raise FetchError(f["url"], f"tabel {tid} heeft geen regiodimensie")
            if spec.category_dim:
                _, f = self.get(cbs_odata.v3_url(tid, spec.category_dim), stamp, f"{tid}/{spec.category_dim}", "category")
                files.append(f)
            prefixes = ("NL", "GM", "WK") if spec.kind == "kwb" else ("NL", "GM")
            select = None
            if spec.kind == "kwb":
                wanted = set(KWB_MEASURES) | set(KWB_LABELS)
                select = [structure["region"]] + [k for k in structure["topics"] if cbs_odata.base_name(k) in wanted]
            url = cbs_odata.v3_feed_url(tid, cbs_odata.region_filter(structure["region"], prefixes), select)
        else:
            doc, f = self.get(cbs_odata.v4_url(tid, "Dimensions"), stamp, f"{tid}/Dimensions", "dimensions")
            files.append(f)
            dims = cbs_odata.values(doc)
            region = next((d.get("Identifier") for d in dims if "geo" in str(d.get("Kind", "")).lower()), "RegioS")
            _, f = self.get(cbs_odata.v4_url(tid, "MeasureCodes"), stamp, f"{tid}/MeasureCodes", "measures")
            files.append(f)
            if spec.category_dim:
                _, f = self.get(cbs_odata.v4_url(tid, f"{spec.category_dim}Codes"), stamp,
                                f"{tid}/{spec.category_dim}Codes", "category")
                files.append(f)
            url = cbs_odata.v4_url(tid, "Observations", cbs_odata.region_filter(region, ("NL", "GM")))
        rows, data_files = self.pages(url, stamp, f"{tid}/{'TypedDataSet' if spec.api == 'v3' else 'Observations'}", on_page)
        if not rows:
            raise FetchError(url, f"tabel {tid} gaf geen rijen")
        return {"source_id": spec.source_id, "kind": spec.kind, "table_id": tid, "year": spec.year, "api": spec.api,
                "title": title, "modified": stamp, "status_of_id": spec.status_of_id, "retrieved": _now()[:10],
                "category_dim": spec.category_dim, "measures": [dataclasses.asdict(m) for m in spec.measures],
                "rows": len(rows), "files": files + data_files}

    def pdok(self, layer: str, year: int, count: int, on_page: Callable[[int, int], None]) -> dict | None:
        """One boundary layer of one year; None when PDOK has no such layer (yet)."""
        self.current = f"PDOK-grenzen {layer} {year}"
        url = cbs_odata.pdok_url(year, layer, 0, count)
        try:
            features, files = self.pages(url, "pdok", f"pdok/{year}/{layer}", on_page, count)
        except HttpStatusError as exc:
            if exc.status in (400, 404) and exc.url == url:  # no such year or layer; a later page is an error
                return None
            raise
        if not features:
            return None
        what = "Gemeentegrenzen" if layer == "gemeente" else "Wijkgrenzen"
        return {"source_id": f"pdok_{layer}_{year}", "kind": "pdok", "layer": layer, "year": year,
                "title": f"{what} {year} ({layer}_gegeneraliseerd, PDOK)", "retrieved": _now()[:10],
                "rows": len(features), "files": files}


# --- the refresh ----------------------------------------------------------------------------

@contextlib.contextmanager
def _lock(out: Path):
    """One refresh per warehouse at a time (a lock file next to it, removed afterwards)."""
    path = out.with_name(out.name + ".refresh.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        if time.time() - path.stat().st_mtime < LOCK_STALE_S:
            raise Busy(f"Er loopt al een verversing (sinds {time.strftime('%H:%M', time.localtime(path.stat().st_mtime))}); "
                       "probeer het later opnieuw. Er is niets veranderd.") from None
        path.unlink()
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def _print_progress(done: int, total: int, text: str) -> None:
    print(f"[{done:>2}/{total}] {text}", flush=True)


Rebuild = Callable[[Path, Path, "Path | None"], object]


def refresh(raw_dir: Path, out: Path, store: Path | None, rebuild: Rebuild, *,
            fetch: Fetch | None = None, plan: Plan | None = None, progress: Progress | None = None,
            skip_unverified: bool = False) -> RefreshResult:
    """Download the plan from CBS and PDOK (through the cache) and rebuild the warehouse.

    Parameters
    ----------
    raw_dir : Path
        ``data/raw``; the downloads go to ``<raw_dir>/cbs_refresh/``.
    out : Path
        The warehouse to rebuild.
    store : Path or None
        The organisations' import store (None: the build's default).
    rebuild : callable
        ``rebuild(out, raw_dir, store)``: the warehouse build (``warehouse.build.build``), handed in
        so that this package never imports the warehouse.
    fetch : callable, optional
        ``fetch(url) -> bytes``; default :class:`refresh.client.Http`. Tests pass recorded answers.
    plan : Plan, optional
        What to download; default :func:`refresh.plan.default_plan`.
    progress : callable, optional
        ``progress(done, total, text)`` after every step and page; default prints a line.
    skip_unverified : bool
        Go on without a table whose title is not the expected one (default: stop, change nothing).

    Returns
    -------
    RefreshResult
        ``ok`` and one Dutch message saying what happened or what failed. On failure the
        warehouse is unchanged; downloads so far stay in the cache for the next attempt.
    """
    raw_dir = Path(raw_dir)
    out = Path(out)
    fetch = fetch or cbs_odata.Http()
    plan = plan or default_plan(raw_dir)
    say = progress or _print_progress
    layers = plan.layers()
    total = len(plan.tables) + len(layers) + 1
    cache = Cache(raw_dir / CACHE)
    dl = Downloader(fetch, cache)
    warnings = list(plan.warnings)

    def failed(message: str) -> RefreshResult:
        return RefreshResult(False, message, dl.requests, dl.reused, warnings)

    keep_note = (f"Het warehouse is niet veranderd; wat al binnen is, staat in {_rel(cache.root)} en wordt bij "
                 "een volgende poging hergebruikt.")
    try:
        with _lock(out):
            datasets = []
            for i, spec in enumerate(plan.tables):
                say(i, total, f"CBS {spec.label}")
                try:
                    datasets.append(dl.table(spec, lambda n, rows, i=i, spec=spec: say(
                        i, total, f"CBS {spec.label}: pagina {n} ({rows:,} rijen)".replace(",", "."))))
                except Refused as exc:
                    if not skip_unverified:
                        return failed(f"{exc} Er is niets veranderd aan het warehouse (met --skip-unverified "
                                      "gaat de verversing zonder deze tabel verder).")
                    warnings.append(str(exc))
            for j, (layer, year) in enumerate(layers, start=len(plan.tables)):
                say(j, total, f"PDOK-grenzen {layer} {year}")
                dataset = dl.pdok(layer, year, plan.pdok_page, lambda n, rows, j=j, layer=layer, year=year: say(
                    j, total, f"PDOK-grenzen {layer} {year}: pagina {n} ({rows:,} gebieden)".replace(",", ".")))
                if dataset is None:
                    warnings.append(f"PDOK heeft geen laag {layer}_gegeneraliseerd voor {year}; wijken van dat jaar "
                                    "krijgen de grenzen van een jaar met dezelfde wijkindeling, of geen kaart.")
                else:
                    datasets.append(dataset)
            if not any(d["kind"] != "pdok" for d in datasets):
                return failed("Verversen mislukt: geen enkele CBS-tabel is opgehaald. Er is niets veranderd.")
            say(total - 1, total, "Warehouse opnieuw bouwen met de ververste cijfers")
            error = _publish_and_build(cache, datasets, warnings, raw_dir, out, store, rebuild)
            if error:
                return failed(error)
    except Busy as exc:
        return failed(str(exc))
    except NoConnection as exc:
        if dl.requests == 0:
            return failed(NO_NETWORK)
        return failed(f"Verversen mislukt bij {dl.current}: verbinding verbroken ({exc.url}). {keep_note}")
    except FetchError as exc:
        return failed(f"Verversen mislukt bij {dl.current}: {exc} ({exc.url}). {keep_note}")
    except OSError as exc:
        return failed(f"Verversen mislukt bij {dl.current}: {exc}. {keep_note}")
    say(total, total, "Klaar")
    n_tables = sum(d["kind"] != "pdok" for d in datasets)
    message = (f"Ververst vanuit CBS en PDOK: {n_tables} tabellen en {len(datasets) - n_tables} grenslagen "
               f"({dl.requests} verzoeken, {dl.reused} antwoorden uit de cache); het warehouse is opnieuw gebouwd.")
    if warnings:
        message += f" Let op: {len(warnings)} waarschuwing(en), zie hieronder."
    return RefreshResult(True, message, dl.requests, dl.reused, warnings)


def _publish_and_build(cache: Cache, datasets: list[dict], warnings: list[str], raw_dir: Path, out: Path,
                       store: Path | None, rebuild: Rebuild) -> str | None:
    """Write refresh.json and rebuild; on any failure put the previous refresh.json back.

    Returns None on success, else the Dutch failure message.
    """
    index = cache.root / INDEX
    previous = index.read_bytes() if index.exists() else None
    keep = {f["path"] for d in datasets for f in d["files"]}
    if previous is not None:  # the previous refresh must stay whole until the new one is built
        with contextlib.suppress(json.JSONDecodeError, KeyError, TypeError):
            keep |= {f["path"] for d in json.loads(previous)["datasets"] for f in d["files"]}
    # Tidy the cache first, so that nothing in data/raw/ is newer than the warehouse afterwards.
    cache.prune(keep)
    record = {"refreshed": _now(), "datasets": datasets, "warnings": warnings}
    _write_atomic(index, json.dumps(record, indent=1, ensure_ascii=False).encode("utf-8"))
    try:
        rebuild(out, raw_dir, store)
    except BaseException as exc:  # whatever stopped the build, the previous refresh must come back
        if previous is None:
            index.unlink(missing_ok=True)
        else:
            _write_atomic(index, previous)
        if not isinstance(exc, Exception):
            raise  # an interrupt (Ctrl-C, a page left halfway) still stops the refresh
        return (f"Verversen mislukt bij het bouwen van het warehouse: {type(exc).__name__}: {exc}. Het vorige "
                f"warehouse is ongewijzigd; de downloads blijven in {_rel(cache.root)} voor een volgende poging.")
    return None


def main(argv: list[str] | None, run: Callable[..., RefreshResult]) -> int:
    """The command line; ``run(raw_dir, out, store, skip_unverified=...)`` is bound by ``warehouse.refresh``."""
    parser = argparse.ArgumentParser(description="Ververs de cijfers en grenzen vanuit CBS en PDOK (internet nodig).")
    parser.add_argument("--out", type=Path, default=None, help="het warehouse (standaard data/warehouse.duckdb)")
    parser.add_argument("--raw", type=Path, default=RAW_DIR, help="de map data/raw")
    parser.add_argument("--store", type=Path, default=None, help="importopslag (standaard data/organisations.duckdb)")
    parser.add_argument("--skip-unverified", action="store_true",
                        help="ga door zonder een tabel waarvan de CBS-titel niet klopt")
    args = parser.parse_args(argv)
    result = run(args.raw, args.out, args.store, skip_unverified=args.skip_unverified)
    print(("\n" + result.message) if result.ok else result.message, file=sys.stdout if result.ok else sys.stderr)
    for warning in result.warnings:
        print(f"  - {warning}", file=sys.stderr)
    return 0 if result.ok else 1
