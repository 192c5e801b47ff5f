"""Which wijk of an earlier year may be drawn, and with which year's boundaries.

One job: the ``region`` rows of the wijken per year's indeling and the ``wijk_boundary`` table that
says for each wijk whether it is drawn, with which boundaries, and why not.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from geo.prepare import RD_NEW, _polygonal, read_layer
from warehouse.loaders import GEMEENTE_INDELING
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
    return gm.map(mapping).fillna(gm)


def regions_and_boundaries(kwb: pd.DataFrame, tables: dict[int, pd.DataFrame], codes_2024: set[str],
                           shapes: pd.DataFrame, mapping: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Wijk regions per year's indeling and the reason a wijk is or is not drawn on the 2024 map.

    2021 and 2022 have KWB areas: the area rule decides. A year without areas (2015–2020, 2023) is
    drawn only where the gemeente's whole set of wijk codes equals that of a checked year and of
    2024, and the wijk passed the area rule in that checked year (2022 for 2023; 2021 before).
    """
    kw = kwb[kwb.level == "wijk"]
    checked = boundary_rule(kw[["code", "year", "a_opp_ha", "a_lan_ha"]], shapes)
    checked["rule"] = "code en oppervlakte (KWB) gelijk aan 2024"
    names = {y: dict(zip(kw.loc[kw.year == y, "code"], kw.loc[kw.year == y, "regio"])) for y in (2021, 2022)}
    all_2024 = pd.Series(sorted(codes_2024))
    sets_2024 = all_2024.groupby(all_2024.str[2:6].values).agg(frozenset)
    kw_sets = {y: kw[kw.year == y].groupby(kw["code"].str[2:6])["code"].agg(frozenset) for y in (2021, 2022)}
    ok = {y: set(checked.loc[(checked.year == y) & checked.same, "code"]) for y in (2021, 2022)}
    frames = [checked]
    for year, df in tables.items():
        if year == GEMEENTE_INDELING:
            continue
        w = df[df.level == "wijk"][["code", "name"]].drop_duplicates("code")
        names[year] = dict(zip(w.code, w.name))
        ref = 2022 if year > 2022 else 2021
        sets_y = w.groupby(w["code"].str[2:6])["code"].agg(frozenset)
        gm = w["code"].str[2:6]
        same_set = [sets_y.get(g) == kw_sets[ref].get(g) == sets_2024.get(g) for g in gm]
        same = w["code"].isin(ok[ref]) & pd.Series(same_set, index=w.index)
        reason = np.select(
            [~w["code"].isin(codes_2024), ~pd.Series(same_set, index=w.index), ~w["code"].isin(ok[ref])],
            ["wijkcode bestaat niet in de indeling van 2024",
             f"wijkindeling van de gemeente anders dan in {ref} of 2024 (geen oppervlakte om te vergelijken)",
             f"grens in {ref} anders dan in 2024"], "")
        frames.append(pd.DataFrame({"code": w.code.values, "year": year, "shift_m": np.nan, "same": same.values,
                                    "reason": reason, "rule": f"wijkindeling gelijk aan {ref} en 2024, grens in {ref} "
                                                              "gelijk aan 2024 (geen oppervlakte in dit jaar)"}))
    b = pd.concat(frames, ignore_index=True)
    b["name"] = [names.get(y, {}).get(c, c) for c, y in zip(b.code, b.year)]
    regions = pd.DataFrame({"code": b.code, "level": "wijk", "name": b["name"].fillna(b.code),
                            "parent_code": _parent(b.code, mapping), "indeling_year": b.year,
                            "geometry_year": np.where(b.same, GEMEENTE_INDELING, None)})
    boundary = b.rename(columns={"year": "indeling_year"})[
        ["code", "indeling_year", "same", "shift_m", "rule", "reason"]]
    return regions, boundary

