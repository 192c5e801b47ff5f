"""Refreshed wijken per year's indeling: their regions, which boundaries draw them, and density.

One job: ``region`` and ``region_geometry`` rows of the refreshed wijken (and the 2024 gemeenten
when refreshed), and inhabitants per km² over the boundaries that draw an area.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.prepare import DEFAULT_TOLERANCE_M, RD_NEW, areas_km2, prepare_polygons, to_geometry_rows
from warehouse.loaders import GEMEENTE_INDELING, OBS_COLUMNS

def _geometry_years(wijk_sets: dict[tuple[str, int], frozenset], available: set[tuple[str, int]],
                    code: str, gemeente: str, year: int) -> int | None:
    """The indeling whose geometry draws ``code`` of ``year``: its own, else one with the same wijken."""
    if (code, year) in available:
        return year
    own = wijk_sets.get((gemeente, year))
    candidates = sorted((y for (g, y) in wijk_sets if g == gemeente and y != year), key=lambda y: (abs(y - year), -y))
    for other in candidates:
        if wijk_sets[(gemeente, other)] == own and all((c, other) in available for c in own):
            return other
    return None


def _km2(gdf: gpd.GeoDataFrame) -> np.ndarray:
    return shapely.area(shapely.make_valid(gdf.to_crs(RD_NEW).geometry.values)) / 1e6


def density_rows(obs: pd.DataFrame, regions: pd.DataFrame, areas: dict[tuple[str, int], float],
                 raw_dir: Path) -> pd.DataFrame:
    """Inhabitants per km² (derived) for refreshed inhabitants, over the area of the geometry that
    draws the area; the bundled 2024 boundaries stand in where the refresh has no 2024 layer."""
    inw = obs[(obs.indicator_id == "inwoners") & (obs.status == "value")].merge(
        regions[["code", "indeling_year", "geometry_year"]].dropna(subset=["geometry_year"]),
        left_on=["region_code", "indeling_year"], right_on=["code", "indeling_year"])
    if inw.empty:
        return pd.DataFrame(columns=OBS_COLUMNS)
    inw["geometry_year"] = inw["geometry_year"].astype(int)
    keys = list(zip(inw["region_code"], inw["geometry_year"]))
    if any(k not in areas and k[1] == GEMEENTE_INDELING for k in keys):
        for path, field in (("geo/gemeente_2024.geojson", "gemeentecode"), ("geo/wijk_2024.geojson", "statcode")):
            bundled = areas_km2(raw_dir / path, field)
            areas.update({(c, GEMEENTE_INDELING): a for c, a in zip(bundled["code"], bundled["area_km2"])
                          if (c, GEMEENTE_INDELING) not in areas})
    area = pd.Series([areas.get(k, np.nan) for k in keys], index=inw.index)
    inw = inw[area > 0].assign(area=area[area > 0])
    return inw.assign(indicator_id="bevolkingsdichtheid", value=(inw["value"] / inw["area"]).round(0),
                      numerator=inw["value"], denominator=inw["area"].round(3), is_derived=True, status="value",
                      derivation="Berekend: inwoners gedeeld door de oppervlakte van de grenzen van "
                                 + inw["geometry_year"].astype(str))[OBS_COLUMNS]


def wijk_regions(editions: list[tuple], layers: dict[tuple[str, int], gpd.GeoDataFrame], mapping: dict[str, str],
                 tables: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``region`` rows of the refreshed wijken per year's indeling, and the refreshed geometry.

    A wijk's name comes from that year's PDOK layer; its parent is its gemeente in the 2024
    indeling; ``geometry_year`` is its own year when PDOK has it, else a year in which its
    gemeente had exactly the same wijk codes (``_geometry_years``), else empty (no map).
    The 2024 gemeente layer, when refreshed, gives the gemeente regions and their geometry.
    """
    regions = tables["region"]
    gem_names = dict(zip(regions.loc[regions.level == "gemeente", "code"], regions.loc[regions.level == "gemeente", "name"]))
    wijk_sets: dict[tuple[str, int], frozenset] = {}
    frames = []
    for _, indeling, wide, _ in editions:
        w = wide[wide.level == "wijk"]
        parent = ("GM" + w.index.str[2:6]).map(lambda c: mapping.get(c, c))
        frame = pd.DataFrame({"code": w.index, "level": "wijk", "parent_code": parent, "indeling_year": indeling})
        frames.append(frame)
        wijk_sets.update({(g, indeling): frozenset(codes) for g, codes in frame.groupby("parent_code")["code"]})
    bundled = regions[(regions.level == "wijk") & (regions.indeling_year == GEMEENTE_INDELING)]
    for g, codes in bundled.groupby("parent_code")["code"]:
        wijk_sets.setdefault((g, GEMEENTE_INDELING), frozenset(codes))
    available = {(c, y) for (layer, y), gdf in layers.items() if layer == "wijk" for c in gdf["code"]}
    available |= set(zip(tables["region_geometry"]["code"], tables["region_geometry"]["indeling_year"]))
    for frame in frames:
        year = int(frame["indeling_year"].iloc[0]) if len(frame) else 0
        layer = layers.get(("wijk", year))
        names = dict(zip(layer["code"], layer["name"])) if layer is not None else {}
        frame["name"] = [names.get(c) or f"Wijk {c[-2:]} ({gem_names.get(p, p)}, {year})"
                         for c, p in zip(frame.code, frame.parent_code)]
        frame["geometry_year"] = [_geometry_years(wijk_sets, available, c, p, year)
                                  for c, p in zip(frame.code, frame.parent_code)]
    geometry = []
    for (layer, year), gdf in layers.items():
        if layer == "wijk" or year == GEMEENTE_INDELING:
            geometry.append(to_geometry_rows(prepare_polygons(gdf, DEFAULT_TOLERANCE_M[layer]), "code", year))
        if layer == "gemeente" and year == GEMEENTE_INDELING:
            frames.append(pd.DataFrame({"code": gdf["code"], "level": "gemeente", "name": gdf["name"],
                                        "parent_code": "NL00", "indeling_year": year, "geometry_year": year}))
    out = pd.concat(frames, ignore_index=True) if frames else regions.iloc[0:0].copy()
    out["geometry_year"] = out["geometry_year"].astype("Int64")
    geometry = pd.concat(geometry, ignore_index=True) if geometry else tables["region_geometry"].iloc[0:0]
    return out[["code", "level", "name", "parent_code", "indeling_year", "geometry_year"]], geometry


