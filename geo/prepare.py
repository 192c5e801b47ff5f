"""Prepare boundary layers for the warehouse: valid, simplified, rounded, map-ready.

The maps run in the browser, so every vertex costs bytes on every page view. We simplify in
EPSG:28992 (metres) with ``shapely.coverage_simplify`` so that neighbouring areas keep one
shared border (no slivers or gaps between gemeenten), then round to a grid finer than the
source (the PDOK layer was published at 3 decimals, about 70-110 m).
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"
DEFAULT_TOLERANCE_M = {"gemeente": 60.0, "wijk": 25.0}
COORD_DECIMALS = 4  # ~7-11 m in the Netherlands; the source has 3 decimals


class GeometryError(ValueError):
    """A boundary file that cannot be used; the message names the file."""


def read_layer(path: Path, code_field: str) -> gpd.GeoDataFrame:
    """Read a GeoJSON boundary file, refusing one that is missing, empty or without codes."""
    if not path.exists():
        raise GeometryError(f"Grensbestand ontbreekt: {path}")
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for a corrupt file
        raise GeometryError(f"Grensbestand {path} is niet te lezen: {exc}") from exc
    if gdf.empty or code_field not in gdf.columns:
        raise GeometryError(f"Grensbestand {path} heeft geen gebieden met kolom '{code_field}'")
    if gdf.crs is None:
        gdf = gdf.set_crs(WGS84)
    return gdf


def prepare_polygons(gdf: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoDataFrame:
    """Repair, simplify (shared borders kept) and round; return valid polygons in WGS84."""
    rd = gdf.to_crs(RD_NEW)
    geoms = shapely.make_valid(rd.geometry.values)
    geoms = _polygonal(geoms)
    simplified = shapely.coverage_simplify(geoms, tolerance_m, simplify_boundary=True)
    # Never let simplification erase a small area: fall back to its repaired shape.
    lost = shapely.is_empty(simplified) | (shapely.area(simplified) < 0.2 * shapely.area(geoms))
    simplified = np.where(lost, geoms, simplified)
    out = gpd.GeoSeries(simplified, crs=RD_NEW).to_crs(WGS84)
    rounded = shapely.set_precision(out.values, 10 ** -COORD_DECIMALS)
    rounded = _polygonal(shapely.make_valid(rounded))
    # A sliver area may collapse on the rounding grid; keep its unrounded shape then.
    rounded = np.where(shapely.is_empty(rounded), out.values, rounded)
    rounded = shapely.orient_polygons(rounded, exterior_cw=False)
    return gdf.set_geometry(gpd.GeoSeries(rounded, index=gdf.index, crs=WGS84))


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Keep only the polygonal parts that make_valid may return inside a collection."""
    out = []
    for geom in geoms:
        if geom.geom_type == "GeometryCollection":
            parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
            geom = shapely.union_all(parts) if parts else shapely.Polygon()
        out.append(geom)
    return np.array(out, dtype=object)


def to_geometry_rows(gdf: gpd.GeoDataFrame, code_field: str, indeling_year: int) -> pd.DataFrame:
    """Rows for ``region_geometry``: code, indeling_year, GeoJSON text and a label point.

    The label point is a point inside the area (not the centroid, which can fall outside a
    crescent-shaped gemeente), computed in RD and returned in WGS84.
    """
    geoms = gdf.geometry.values
    inside = gpd.GeoSeries(shapely.point_on_surface(gpd.GeoSeries(geoms, crs=WGS84).to_crs(RD_NEW).values),
                           crs=RD_NEW).to_crs(WGS84)
    return pd.DataFrame({
        "code": gdf[code_field].astype(str).str.strip().values,
        "indeling_year": indeling_year,
        "geojson": shapely.to_geojson(geoms),
        "centroid_lon": np.round(inside.x.values, 5),
        "centroid_lat": np.round(inside.y.values, 5),
    })


def prepare_layer(path: Path, code_field: str, level: str, indeling_year: int,
                  tolerance_m: float | None = None) -> pd.DataFrame:
    """Read, prepare and convert one boundary file to ``region_geometry`` rows."""
    gdf = read_layer(path, code_field)
    tol = DEFAULT_TOLERANCE_M[level] if tolerance_m is None else tolerance_m
    return to_geometry_rows(prepare_polygons(gdf, tol), code_field, indeling_year)


def areas_km2(path: Path, code_field: str) -> pd.DataFrame:
    """Area of every area in km², from the unsimplified, repaired boundaries (in EPSG:28992)."""
    gdf = read_layer(path, code_field)
    rd = _polygonal(shapely.make_valid(gdf.to_crs(RD_NEW).geometry.values))
    return pd.DataFrame({"code": gdf[code_field].astype(str).str.strip().values,
                         "area_km2": shapely.area(rd) / 1e6})
