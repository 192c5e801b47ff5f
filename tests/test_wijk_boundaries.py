"""Which wijken of earlier years are drawn, and jeugdregio sums (issue 20), on tiny hand-made inputs.

Each rule of ``warehouse.wijk_boundaries.regions_and_boundaries`` decides one wijk here, so a rule
that stopped working changes an exact expected row; ``warehouse.jeugdregio.summed`` is checked the same way.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from warehouse import jeugdregio
from warehouse.loaders import OBS_COLUMNS
from warehouse.wijk_boundaries import regions_and_boundaries, unchanged_since


def test_unchanged_since_needs_every_later_year_to_say_unchanged():
    markers = {2022: {"WK1": 1}, 2023: {"WK1": 1, "WK2": 3}, 2024: {"WK1": 1, "WK2": 1}}
    assert unchanged_since(markers, "WK1", 2021)
    assert not unchanged_since(markers, "WK2", 2022)          # changed in 2023
    assert unchanged_since(markers, "WK2", 2023)              # unchanged 2023 -> 2024
    assert not unchanged_since(markers, "WK2", 2020)          # 2021 not in the data: proves nothing
    assert unchanged_since(markers, "WK1", 2022, until=2023)


def _wijk_table(rows):
    return pd.DataFrame(rows, columns=["code", "name", "marker"]).assign(level="wijk")


def test_each_rule_draws_its_own_wijk_and_says_why_the_others_are_not():
    names_2024 = {"WK000100": "Noord", "WK000101": "Zuid", "WK000200": "Dorp", "WK000201": "Buitengebied"}
    kwb = pd.DataFrame({"code": ["WK000100"], "year": [2022], "level": ["wijk"], "regio": ["Noord"],
                        "marker": [np.nan], "a_opp_ha": [100.0], "a_lan_ha": [100.0]})
    shapes = pd.DataFrame({"area_ha": [100.0, 50.0, 80.0, 900.0], "perimeter_m": [4000.0, 3000.0, 3500.0, 12000.0]},
                          index=pd.Index(list(names_2024), name="code"))
    tables = {
        # 2023: gemeente 0001 has 2024's codes and names (rule 2) although CBS marks a change in 2024;
        # gemeente 0002: WK000200 is marked unchanged in 2024 (rule 1), WK000202 no longer exists.
        2023: _wijk_table([("WK000100", "Noord", 1), ("WK000101", "Zuid", 1),
                           ("WK000200", "Oud dorp", 1), ("WK000202", "Weg", 1)]),
        2024: _wijk_table([("WK000100", "Noord", 3), ("WK000101", "Zuid", 3),
                           ("WK000200", "Dorp", 1), ("WK000201", "Buitengebied", 3)]),
        2020: _wijk_table([("WK000101", "Zuid-Oost", 1)]),     # 2021, 2022 lack it: nothing proves it
        2015: _wijk_table([("WK000101", "Zuid", np.nan), ("WK000201", "Polder", np.nan)]),
    }
    regions, boundary = regions_and_boundaries(kwb, tables, names_2024, shapes, {}, {2015: {"WK000101"}})
    got = {(r.code, r.indeling_year): (r.same, None if pd.isna(r.geometry_year) else int(r.geometry_year), r.rule)
           for r in boundary.itertuples()}
    assert got == {
        ("WK000100", 2022): (True, 2024, "code en oppervlakte (KWB) gelijk aan 2024"),
        ("WK000100", 2023): (True, 2024, "wijkcodes en -namen van de gemeente gelijk aan 2024"),
        ("WK000101", 2023): (True, 2024, "wijkcodes en -namen van de gemeente gelijk aan 2024"),
        ("WK000200", 2023): (True, 2024, "CBS-indelingswijziging: code en grens ongewijzigd tot en met 2024"),
        ("WK000202", 2023): (False, None, "niet getekend"),
        ("WK000101", 2020): (False, None, "niet getekend"),
        ("WK000101", 2015): (True, 2015, "eigen grenzen van dat jaar (CBS/PDOK, geo_jaren)"),
        ("WK000201", 2015): (False, None, "niet getekend"),
    }
    reasons = boundary.set_index(["code", "indeling_year"])["reason"]
    assert reasons[("WK000202", 2023)] == "wijkcode bestaat niet in de indeling van 2024"
    assert reasons[("WK000101", 2020)].startswith("niet aantoonbaar dezelfde wijk als in 2024")
    assert reasons[("WK000201", 2015)].startswith("niet in de grenzen van dat jaar")
    assert reasons[("WK000200", 2023)] == ""
    # regions carry the same decision, and the parent gemeente
    r = regions.set_index(["code", "indeling_year"])
    assert r.loc[("WK000101", 2015), "geometry_year"] == 2015 and r.loc[("WK000200", 2023), "parent_code"] == "GM0002"


def _obs(indicator, code, year, value, status="value"):
    return {"indicator_id": indicator, "region_code": code, "indeling_year": 2024, "year": year, "value": value,
            "numerator": None, "denominator": None, "status": status, "is_derived": False, "derivation": None,
            "source_id": "s"}


def test_jeugdregio_sums_counts_and_takes_shares_from_summed_groups():
    mapping = pd.DataFrame({"jeugdregio_code": ["JZ01", "JZ01", "JZ02"], "gemeente_code": ["GM0001", "GM0002", "GM0003"],
                            "indeling_year": 2024})
    obs = pd.DataFrame([
        _obs("jeugdzorg_reeks2021_aantal", "GM0001", 2023, 100.0), _obs("jeugdzorg_reeks2021_pct", "GM0001", 2023, 10.0),
        _obs("jeugdzorg_reeks2021_aantal", "GM0002", 2023, 300.0), _obs("jeugdzorg_reeks2021_pct", "GM0002", 2023, 5.0),
        _obs("jeugdzorg_reeks2021_aantal", "GM0003", 2023, None, "secret"),
        _obs("inwoners", "GM0001", 2023, 1000.0),  # GM0002 has no inwoners: no sum for JZ01
    ])
    out = jeugdregio.summed(obs, mapping).set_index(["indicator_id", "region_code"])
    assert list(jeugdregio.summed(obs, mapping).columns) == OBS_COLUMNS
    assert out.loc[("jeugdzorg_reeks2021_aantal", "JZ01"), "value"] == 400.0
    # groups 1.000 and 6.000 young people: 400 / 7.000 = 5,714…%, not the mean of 10 and 5
    assert out.loc[("jeugdzorg_reeks2021_pct", "JZ01"), "value"] == round(400 / 7000 * 100, 6)
    assert out.loc[("jeugdzorg_reeks2021_pct", "JZ01"), "denominator"] == 7000.0
    assert out.loc[("jeugdzorg_reeks2021_aantal", "JZ02"), "status"] == "secret"
    assert out.loc[("inwoners", "JZ01"), "status"] == "missing" and np.isnan(out.loc[("inwoners", "JZ01"), "value"])
    assert out["is_derived"].all() and out["derivation"].str.contains("2 gemeenten|1 gemeenten").all()
