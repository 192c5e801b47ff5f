"""Which wijk of an earlier year may be drawn, and with which year's boundaries.

One job: the ``region`` rows of the wijken per year's indeling and the ``wijk_boundary`` table that
says for each wijk whether it is drawn, with which boundaries, and why not.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.prepare import RD_NEW, WGS84, _polygonal, read_layer, to_geometry_rows
from warehouse.loaders import GEMEENTE_INDELING, InputError
from warehouse.wijk_catalogue import BOUNDARY_TOLERANCE_M

def boundary_rule(wijken: pd.DataFrame, shapes: pd.DataFrame, tolerance_m: float = BOUNDARY_TOLERANCE_M) -> pd.DataFrame:
    """Which wijken of 2021/2022 can be drawn with their 2024 boundary: code AND area agree.

    ``wijken`` has code, year, a_opp_ha and a_lan_ha (KWB); ``shapes`` the 2024 shape's area_ha and
    perimeter_m per code (index). The bundled 2024 layer is generalised and its coordinates are rounded
    to 0,001° (70–110 m), so the area of a wijk whose boundary did not move still differs — more for a
    small wijk with a long boundary. The difference is therefore measured as a mean shift of the
    boundary: |KWB area − shape area| / shape perimeter, in metres, against the total and the land area
    (the layer does not always draw all water), the smaller counting. Returns code, year, shift_m, same, reason.
    """
    area = wijken["code"].map(shapes["area_ha"])
    perimeter = wijken["code"].map(shapes["perimeter_m"])
    diff_m2 = np.minimum((wijken["a_opp_ha"] - area).abs(), (wijken["a_lan_ha"] - area).abs()) * 1e4
    shift = (diff_m2 / perimeter).where(perimeter > 0)
    same = area.notna() & (shift <= tolerance_m)
    reason = np.select(
        [area.isna(), ~same],
        ["wijkcode bestaat niet in de indeling van 2024",
         "andere grens dan in 2024: oppervlakte " + wijken["a_opp_ha"].round(0).astype("Int64").astype(str)
         + " ha tegen " + area.round(0).astype("Int64").astype(str) + " ha op de kaart van 2024"],
        "")
    return pd.DataFrame({"code": wijken["code"].values, "year": wijken["year"].values,
                         "shift_m": shift.round(1).values, "same": same.values, "reason": reason})


def shape_sizes(path: Path) -> pd.DataFrame:
    """Area (ha) and perimeter (m) of every 2024 wijk, from the repaired boundaries in EPSG:28992."""
    gdf = read_layer(path, "statcode")
    rd = _polygonal(shapely.make_valid(gdf.to_crs(RD_NEW).geometry.values))
    return pd.DataFrame({"area_ha": shapely.area(rd) / 1e4, "perimeter_m": shapely.length(rd)},
                        index=pd.Index(gdf["statcode"].astype(str).str.strip().values, name="code"))


def _parent(codes: pd.Series, mapping: dict[str, str]) -> pd.Series:
    gm = "GM" + codes.str[2:6]
    return gm.map(lambda c: mapping.get(c, c))


OWN_YEAR_FILES = {2015: "geo_jaren/wijk_2015.geojson.gz", 2016: "geo_jaren/wijk_2016.geojson.gz"}


def own_year_geometry(raw_dir: Path) -> dict[int, pd.DataFrame]:
    """``region_geometry`` rows of the wijken of 2015 and 2016 on their own boundaries.

    The bundled files are already prepared (repaired, simplified at the build's wijk tolerance,
    rounded; data/raw/SOURCES.md), so they are only read, not simplified again.
    """
    out = {}
    for year, name in OWN_YEAR_FILES.items():
        path = raw_dir / name
        if not path.exists():
            raise InputError(f"Grensbestand ontbreekt: {path}")
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            features = json.load(fh)["features"]
        gdf = gpd.GeoDataFrame.from_features(features, crs=WGS84)
        gdf["code"] = gdf["statcode"].astype(str).str.strip()
        out[year] = to_geometry_rows(gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty], "code", year)
    return out


def _norm(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def unchanged_since(markers: dict[int, dict[str, float]], code: str, year: int,
                    until: int = GEMEENTE_INDELING) -> bool:
    """CBS's own change marker says the wijk of ``year`` is the wijk of ``until`` (2024 by default).

    ``markers[z][code]`` is *IndelingswijzigingWijken* of year ``z``: 1 means code and boundary are
    unchanged against the year before (a new name is allowed). Every year after ``year`` up to 2024
    must say 1; a year whose file lacks the wijk (cut off, or not bundled) proves nothing.
    """
    return all(markers.get(z, {}).get(code) == 1 for z in range(year + 1, until + 1))


def _unchanged_to_2024(allw: pd.DataFrame, wijken: pd.DataFrame) -> np.ndarray:
    """``unchanged_since(markers, code, year)`` for every row of ``wijken``, vectorised over all years.

    Walking back from 2024: a wijk of year y is 2024's when the marker of y+1 is 1 and the wijk of y+1 is.
    """
    ones = allw.assign(one=allw["marker"].eq(1)).pivot_table(index="code", columns="year", values="one",
                                                             aggfunc="any", fill_value=False)
    years = list(range(int(min(ones.columns.min(), wijken["year"].min())), GEMEENTE_INDELING + 1))
    ones = ones.reindex(columns=years, fill_value=False).astype(bool)
    ok = pd.DataFrame(False, index=ones.index, columns=years)
    ok[GEMEENTE_INDELING] = True
    for y in reversed(years[:-1]):
        ok[y] = ones[y + 1] & ok[y + 1]
    rows = ok.index.get_indexer(wijken["code"])
    cols = ok.columns.get_indexer(wijken["year"])
    return np.where((rows >= 0) & (cols >= 0), ok.to_numpy()[rows, cols], False)


def regions_and_boundaries(kwb: pd.DataFrame, tables: dict[int, pd.DataFrame], names_2024: dict[str, str],
                           shapes: pd.DataFrame, mapping: dict[str, str],
                           own_geometry: dict[int, set[str]] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Wijk regions per year's indeling, and for each wijk whether and with which boundaries it is drawn.

    A wijk of an earlier year is drawn on the 2024 boundaries where its division is provably 2024's:

    1. CBS's change marker (``IndelingswijzigingWijken``, KWB ``ind_wbi``) says unchanged in every
       year after it up to 2024 (``unchanged_since``);
    2. its gemeente's wijk codes *and* names that year equal those of 2024;
    3. (2021, 2022, with KWB areas) code and area agree with the 2024 shape (``boundary_rule``).

    2015 and 2016 are drawn on their own year's boundaries (``own_geometry``: codes per year) where
    those have the wijk. Returns the regions (``geometry_year`` says which boundaries) and the
    boundary table with the rule that decided and, where a wijk is not drawn, why; ``area_same`` is
    the area rule's own verdict (for the checks on Over de data).
    """
    own_geometry = own_geometry or {}
    codes_2024 = set(names_2024)
    kw = kwb[kwb.level == "wijk"]
    area = boundary_rule(kw[["code", "year", "a_opp_ha", "a_lan_ha"]], shapes).set_index(["code", "year"])
    frames = [kw[["code", "year"]].assign(name=kw["regio"].values, marker=kw["marker"].values)]
    for year, df in tables.items():
        w = df[df.level == "wijk"].drop_duplicates("code")
        frames.append(pd.DataFrame({"code": w.code.values, "year": year, "name": w.name.values,
                                    "marker": w.marker.values}))
    allw = pd.concat(frames, ignore_index=True).drop_duplicates(["code", "year"])
    markers = {int(y): dict(zip(g.code, g.marker)) for y, g in allw.groupby("year")}
    b = allw[allw.year != GEMEENTE_INDELING].reset_index(drop=True)
    gm = b.code.str[2:6]
    # rule 2: the gemeente's (code, name) pairs equal 2024's
    pairs_2024 = pd.Series([(c, _norm(n)) for c, n in names_2024.items()], index=[c[2:6] for c in names_2024])
    sets_2024 = pairs_2024.groupby(level=0).agg(frozenset)
    pairs = pd.Series([(c, _norm(n)) for c, n in zip(b.code, b.name)], index=b.index)
    sets_y = pairs.groupby([b.year, gm]).agg(frozenset)
    same_names = np.array([sets_y.get((y, g)) == sets_2024.get(g) for y, g in zip(b.year, gm)])
    same_marker = _unchanged_to_2024(allw, b)
    key = pd.MultiIndex.from_arrays([b.code, b.year])
    b["shift_m"] = area["shift_m"].reindex(key).to_numpy()
    area_same = area["same"].reindex(key).to_numpy()
    b["area_same"] = pd.array(area_same, dtype="boolean")
    same_area = np.asarray(pd.Series(area_same).fillna(False), dtype=bool)
    in_2024 = b.code.isin(codes_2024).to_numpy()
    to_2024 = in_2024 & (same_marker | same_names | same_area)
    own = np.array([c in own_geometry.get(y, ()) for c, y in zip(b.code, b.year)])
    b["geometry_year"] = pd.array(np.where(own, b.year, np.where(to_2024, GEMEENTE_INDELING, -1)), dtype="Int64")
    b.loc[b.geometry_year == -1, "geometry_year"] = pd.NA
    b["same"] = b.geometry_year.notna().to_numpy()
    b["rule"] = np.select(
        [own, in_2024 & same_marker, in_2024 & same_names, in_2024 & same_area],
        ["eigen grenzen van dat jaar (CBS/PDOK, geo_jaren)",
         "CBS-indelingswijziging: code en grens ongewijzigd tot en met 2024",
         "wijkcodes en -namen van de gemeente gelijk aan 2024",
         "code en oppervlakte (KWB) gelijk aan 2024"], "niet getekend")
    has_area = b.shift_m.notna().to_numpy()
    b["reason"] = np.select(
        [b.same.to_numpy(), ~in_2024, has_area],
        ["", "wijkcode bestaat niet in de indeling van 2024",
         area["reason"].reindex(key).fillna("").to_numpy()],
        "niet aantoonbaar dezelfde wijk als in 2024: CBS meldt een wijziging (of het jaar ertussen ontbreekt in "
        "de meegeleverde gegevens) en de wijkcodes en -namen van de gemeente verschillen van 2024")
    b.loc[b.year.isin(list(own_geometry)) & ~b.same, "reason"] = (
        "niet in de grenzen van dat jaar (het grensbestand mist deze wijk) en niet aantoonbaar gelijk aan 2024")
    regions = pd.DataFrame({"code": b.code, "level": "wijk", "name": b["name"].fillna(b.code),
                            "parent_code": _parent(b.code, mapping), "indeling_year": b.year,
                            "geometry_year": b.geometry_year})
    boundary = b.rename(columns={"year": "indeling_year"})[
        ["code", "indeling_year", "same", "shift_m", "rule", "reason", "area_same", "geometry_year"]]
    return regions, boundary
