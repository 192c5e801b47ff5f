"""Reading a refresh's cache: the index, each listed answer checked by sha256, PDOK layers, source rows.

One job: ``data/raw/cbs_refresh/`` (written by ``refresh.download``) to JSON documents, rows and
GeoDataFrames; a missing or changed file stops the build with its name.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import geopandas as gpd

from refresh import client as cbs_odata
from warehouse.catalogue import CC_BY
from warehouse.loaders import InputError

CACHE = "cbs_refresh"
INDEX = "refresh.json"


def _read_index(root: Path) -> dict:
    path = root / INDEX
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        record["datasets"]
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise InputError(f"Invoerbestand {path} is geen geldige verversingslijst: {exc}") from exc
    return record


def _docs(root: Path, dataset: dict, role: str) -> list:
    """The JSON answers of one role ('info', 'properties', 'data', ...) of a dataset, checked."""
    out = []
    for f in dataset["files"]:
        if f["role"] != role:
            continue
        path = root / f["path"]
        if not path.exists():
            raise InputError(f"Invoerbestand ontbreekt: {path} (uit {root / INDEX}); ververs opnieuw met make refresh")
        body = path.read_bytes()
        if hashlib.sha256(body).hexdigest() != f["sha256"]:
            raise InputError(f"Invoerbestand {path} is veranderd sinds de verversing (sha256 klopt niet)")
        try:
            out.append(json.loads(body.decode("utf-8-sig")))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"Invoerbestand {path} is geen geldige JSON: {exc}") from exc
    return out


def _rows(docs: list) -> list[dict]:
    return [row for doc in docs for row in cbs_odata.values(doc)]


def _layer(root: Path, dataset: dict) -> gpd.GeoDataFrame:
    """A PDOK layer (all pages) as code, name, geometry in its own CRS."""
    docs = _docs(root, dataset, "data")
    features = [f for doc in docs for f in doc.get("features", [])]
    gdf = gpd.GeoDataFrame.from_features(features, crs=cbs_odata.feature_crs(docs[0]))
    if "statcode" not in gdf.columns:
        raise InputError(f"Grenzen {dataset['source_id']}: de PDOK-objecten hebben geen 'statcode'")
    gdf["code"] = gdf["statcode"].map(cbs_odata.code)
    name = next((c for c in ("statnaam", "name") if c in gdf.columns), "code")
    gdf["name"] = gdf[name].astype(str).str.strip()
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    return gdf[["code", "name", "geometry"]].drop_duplicates("code").reset_index(drop=True)



def _source_row(dataset: dict) -> dict:
    digest = hashlib.sha256("".join(f["sha256"] for f in dataset["files"]).encode()).hexdigest()
    first = Path(dataset["files"][0]["path"])
    if dataset["kind"] == "pdok":
        return {"source_id": dataset["source_id"], "title": dataset["title"], "publisher": "CBS, Kadaster via PDOK",
                "licence": CC_BY, "credit": "Kaart: CBS, Kadaster via PDOK",
                "file_path": f"data/raw/{CACHE}/{first.parent.as_posix()}/{dataset['layer']}.*",
                "retrieved": dataset["retrieved"], "sha256": digest, "is_demo": False}
    return {"source_id": dataset["source_id"], "title": f"{dataset['title']} ({dataset['table_id']})",
            "publisher": "CBS", "licence": CC_BY, "credit": f"Bron: CBS, {dataset['title']}",
            "file_path": f"data/raw/{CACHE}/{first.parent.as_posix()}/", "retrieved": dataset["retrieved"],
            "sha256": digest, "is_demo": False}


