"""Refreshed gemeente figures to the 2024 indeling: which old code went where, and the re-aggregation.

One job: old gemeente codes to their 2024 gemeente (the bundled herindeling first, then PDOK
boundaries), and gemeente rows combined per 2024 code (counts summed, other figures weighted,
marked derived).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.prepare import RD_NEW
from warehouse import loaders
from warehouse.loaders import GEMEENTE_INDELING, WEIGHT_NL

# Weight kinds per KWB indicator, as in the bundled KWB 2021 loader; counts are summed.
KINDS = {ind: kind for ind, (_, kind) in loaders.KWB2021_COLUMNS.items()} | {
    "jeugdzorg_aantal": "sum", "kinderen_0_15": "sum"}


def map_by_geometry(old: gpd.GeoDataFrame, new: gpd.GeoDataFrame) -> dict[str, str]:
    """Old gemeente code -> the new gemeente that holds a point inside it (RD, point on surface).

    A split gemeente (rare) goes whole to the gemeente holding that point; the derivation text
    says the figure is re-aggregated, and README names the caveat.
    """
    if old.empty or new.empty:
        return {}
    points = gpd.GeoDataFrame({"code": old["code"].values},
                              geometry=shapely.point_on_surface(old.to_crs(RD_NEW).geometry.values), crs=RD_NEW)
    target = gpd.GeoDataFrame({"new_code": new["code"].values}, geometry=new.to_crs(RD_NEW).geometry.values, crs=RD_NEW)
    joined = gpd.sjoin(points, target, predicate="within", how="inner").drop_duplicates("code")
    return dict(zip(joined["code"], joined["new_code"]))



def weight_table(editions: list[tuple[int, pd.DataFrame]]) -> pd.DataFrame:
    """Per gemeente and KWB year the weights of ``WEIGHT_NL``: inwoners, jongeren (0-24), huishoudens."""
    frames = []
    for year, wide in editions:
        g = wide[wide.level == "gemeente"]
        frames.append(pd.DataFrame({
            "region_code": g.index, "year": year, "sum": 1.0, "inwoners": g["AantalInwoners"].values,
            "jongeren": (g["k_0Tot15Jaar"] + g["k_15Tot25Jaar"]).values,
            "huishoudens": g["HuishoudensTotaal"].values}))
    if not frames:
        return pd.DataFrame(columns=["region_code", "year", *WEIGHT_NL])
    return pd.concat(frames, ignore_index=True)


def _weights_for(obs: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """The weights of each row's gemeente in the nearest KWB year (same index as ``obs``)."""
    left = obs[["region_code", "year"]].reset_index().astype({"year": "int64"}).sort_values("year")
    right = weights.dropna(subset=["year"]).astype({"year": "int64"}).sort_values("year")
    if right.empty:
        return pd.DataFrame(np.nan, index=obs.index, columns=list(WEIGHT_NL))
    joined = pd.merge_asof(left, right, on="year", by="region_code", direction="nearest")
    return joined.set_index("index").reindex(obs.index)[list(WEIGHT_NL)]


def reaggregate(obs: pd.DataFrame, mapping: dict[str, str], weights: pd.DataFrame,
                kinds: dict[str, str]) -> pd.DataFrame:
    """Gemeente rows to the 2024 indeling, the way ``load_kwb_2021`` does it.

    Rows of gemeenten that merged are combined per new code: counts summed, other figures as a
    weighted mean (``kinds``: indicator -> weight kind); a gap in any part leaves the figure
    empty (secret when a part was secret). Merged figures are marked derived with the parts.
    """
    if obs.empty:
        return obs
    obs = obs.copy()
    obs["new"] = obs["region_code"].map(mapping).fillna(obs["region_code"])
    key = ["indicator_id", "year", "new"]
    size = obs.groupby(key)["region_code"].transform("size")
    kind = obs["indicator_id"].map(kinds).fillna("sum")
    w_all = _weights_for(obs, weights)
    w = pd.Series(w_all.to_numpy()[np.arange(len(obs)), w_all.columns.get_indexer(kind)], index=obs.index)
    w = w.where(size > 1, 1.0).where(kind != "sum", 1.0)
    obs = obs.assign(wv=obs["value"] * w, w=w, gap=obs["value"].isna() | w.isna(),
                     secret=obs["status"].eq("secret"), num_gap=obs["numerator"].isna(), kind=kind)
    g = obs.groupby(key, sort=False)
    agg = g.agg(wv=("wv", "sum"), w=("w", "sum"), gap=("gap", "any"), secret=("secret", "any"),
                num=("numerator", "sum"), num_gap=("num_gap", "any"), n=("region_code", "size"),
                derived=("is_derived", "any"), derivation=("derivation", "first"), source_id=("source_id", "first"),
                kind=("kind", "first"), level=("level", "first")).reset_index()
    merged = agg["n"] > 1
    value = np.where(agg["kind"] == "sum", agg["wv"], agg["wv"] / agg["w"].replace(0, np.nan))
    agg["value"] = pd.Series(value, index=agg.index).where(~agg["gap"]).round(6)
    members = g["region_code"].agg(lambda s: ", ".join(sorted(s))).reset_index(drop=True)
    agg["derivation"] = np.where(
        merged, "Herindeling: " + agg["kind"].map(WEIGHT_NL) + " van " + members + " (indeling " + agg["year"].astype(str) + ")"
        + np.where(agg["derived"], "; " + agg["derivation"].fillna(""), ""), agg["derivation"])
    agg["is_derived"] = agg["derived"] | merged
    agg["status"] = np.select([agg["value"].notna(), agg["secret"]], ["value", "secret"], "missing")
    agg["numerator"] = agg["num"].where(~agg["num_gap"] & agg["value"].notna())
    return agg.rename(columns={"new": "region_code"})



def herindeling_mapping(seen: dict[str, tuple[int, str]], target_codes: set[str], herindeling: pd.DataFrame,
                        layers: dict[tuple[str, int], gpd.GeoDataFrame], gem_2024: pd.DataFrame,
                        warnings: list[str], target: Callable[[], gpd.GeoDataFrame]) -> tuple[dict, list[dict]]:
    """Old gemeente code -> its gemeente in the 2024 indeling, and the herindeling rows we derived.

    Parameters
    ----------
    seen : dict
        Every gemeente code in the refresh with the last year it has figures and its name.
    target_codes : set of str
        The gemeente codes of the 2024 indeling.
    herindeling : DataFrame
        The bundled herindeling table (``geo/herindeling_2021_2024.csv``): used first.
    layers : dict
        PDOK layers by (layer, year); the gemeente layers before 2024 locate the other old codes.
    gem_2024 : DataFrame
        The 2024 gemeente regions (names of the new gemeenten).
    warnings : list of str
        Gets a line for codes that cannot be mapped (their figures are left out).
    target : callable
        Returns the 2024 gemeente boundaries (read only when needed).

    Returns
    -------
    mapping : dict
    derived : list of dict
        Rows for ``herindeling``; ``valid_from`` is 1 January of the first year without the old code.
    """
    mapping = dict(zip(herindeling["old_code"], herindeling["new_code"]))
    # Only codes of earlier indelingen: a code newer than 2024 is not folded into a predecessor.
    unknown = {c for c, (y, _) in seen.items() if c not in target_codes and c not in mapping and y < GEMEENTE_INDELING}
    derived: list[dict] = []
    if not unknown:
        return mapping, derived
    new_names = dict(zip(gem_2024["code"], gem_2024["name"]))
    target_gdf = target()
    for (layer, year), gdf in sorted(layers.items(), key=lambda kv: -kv[0][1]):
        todo = unknown - set(mapping)
        if layer != "gemeente" or year >= GEMEENTE_INDELING or not todo:
            continue
        found = map_by_geometry(gdf[gdf["code"].isin(todo)], target_gdf)
        mapping.update(found)
        names = dict(zip(gdf["code"], gdf["name"]))
        derived += [{"old_code": old, "old_name": seen[old][1] or names.get(old, old), "new_code": new,
                     "new_name": new_names.get(new, new), "valid_from": date(seen[old][0] + 1, 1, 1)}
                    for old, new in found.items()]
    lost = sorted(unknown - set(mapping))
    if lost:
        warnings.append(f"{len(lost)} gemeentecodes zonder herindeling naar {GEMEENTE_INDELING} en zonder "
                        f"PDOK-grenzen om die af te leiden ({', '.join(lost[:5])}); hun cijfers zijn weggelaten.")
    return mapping, derived


