"""Wijk-level open data for every gemeente: KWB 2021 and 2022 and youth care per wijk 2015–2024.

One step of ``warehouse.build.OPEN_DATA``: ``extend(raw_dir, tables) -> tables``. It reads

- ``cbs_wijken/kwb_jeugdzorg_wijken_2021_2022.csv.gz``: KWB 2021 and 2022 for NL, every gemeente and
  every wijk (KWB short names, decimal signs lost), joined with the CBS table *Jongeren met jeugdzorg
  in natura; wijken* of the same year (SOURCES §8);
- ``cbs_wijken/jeugdzorg_wijken_<table>.csv.gz``: the same youth-care table for 2015–2020, 2023 and
  the first half of 2024, cut off after 10.000 rows (SOURCES §9);
- ``cbs_wijken/jeugdzorg_in_natura_gemeenten_2022_raw.csv.gz``: the 2022 gemeente rows, a cross-check.

Two publications are kept apart, never spliced: KWB context (and KWB's own youth-care figures, the
existing ``jeugdzorg_*`` indicators) and the per-wijk youth-care table (``jzw_*`` indicators). Wijken
stay in the indeling of their own year; a wijk of an earlier year is drawn with its 2024 boundary only
where its division is provably 2024's, and 2015/2016 on their own boundaries
(``warehouse.wijk_boundaries``). What a cut-off file lacks is listed in ``wijk_coverage`` as *not in
the bundled data*, never as zero.

One job: this module is the build step that puts the parts together (``wijk_catalogue``, ``wijk_read``,
``wijk_figures``, ``wijk_boundaries``, ``wijk_checks``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from warehouse import loaders
from warehouse.loaders import GEMEENTE_INDELING, OBS_COLUMNS
from warehouse.wijk_boundaries import own_year_geometry, regions_and_boundaries, shape_sizes, unchanged_since
from warehouse.wijk_catalogue import GEM_2022_FILE, INDICATORS, KWB_FILE, KWB_TABLES, SOURCES, WIJK_TABLES
from warehouse.wijk_checks import check_rows, coverage_rows, share_error
from warehouse.wijk_figures import (_jz_observations, kwb_observations, national_2021_2022, referrer_share,
                                    share_observations)
from warehouse.wijk_read import _jz_columns, original_sha256, read_gemeenten_2022, read_kwb, read_wijk_table

def extend(raw_dir: Path, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Add the wijk data of every gemeente to the warehouse tables (see the module docstring)."""
    print("[wijk] KWB 2021–2022 en jeugdzorg per wijk 2015–2024, alle gemeenten", flush=True)
    props = loaders.load_data_properties(raw_dir / "cbs/85984NED_DataProperties.json")
    herindeling = tables["herindeling"]
    mapping = dict(zip(herindeling["old_code"], herindeling["new_code"]))
    regions = tables["region"]
    gem24 = regions[(regions.level == "gemeente") & (regions.indeling_year == GEMEENTE_INDELING)]
    wijken_2024 = regions[(regions.level == "wijk") & (regions.indeling_year == GEMEENTE_INDELING)]
    names_2024 = dict(zip(wijken_2024["code"], wijken_2024["name"]))

    kwb = read_kwb(raw_dir / KWB_FILE, props)
    kwb_obs = kwb_observations(kwb, mapping, set(gem24["code"]))
    # youth care joined to KWB (2021, 2022); rows without a join are not in that table
    joined = kwb[kwb["ID"].notna()].copy()
    for c in _jz_columns(joined):
        joined[c] = loaders.numeric(joined, c, raw_dir / KWB_FILE)
    jz_frames = [_jz_observations(joined, "cbs_jz_wijken_2021_2022")]
    wijk_tables = {}
    for table, year in WIJK_TABLES.items():
        df, cut = read_wijk_table(raw_dir / f"cbs_wijken/jeugdzorg_wijken_{table}.csv.gz", year)
        wijk_tables[year] = (df, cut)
        jz_frames.append(_jz_observations(df, f"cbs_jz_wijken_{table}"))
    jz = pd.concat(jz_frames, ignore_index=True)
    # Gemeente rows: only where the 2024 code is known for that year (2021 on: the herindeling file);
    # earlier years' mergers are not in the bundle, so their gemeente totals stay out (wijken stay in).
    gem = jz[jz.level == "gemeente"].copy()
    gem = gem[gem.year >= 2021]
    gem["code24"] = gem["region_code"].map(mapping).fillna(gem["region_code"])
    gem = gem.sort_values("region_code")
    agg = gem.groupby(["indicator_id", "year", "code24", "source_id"], as_index=False).agg(
        value=("value", "sum"), n_value=("value", "count"), n=("region_code", "size"))
    agg["value"] = agg["value"].where(agg["n_value"] == agg["n"])  # a secret part makes the sum secret
    parts = gem.drop_duplicates(["code24", "region_code"]).groupby("code24")["region_code"].agg(", ".join)
    agg["parts"] = agg["code24"].map(parts)
    agg = agg.rename(columns={"code24": "region_code"})
    agg = agg[agg.region_code.isin(set(gem24.code))]
    agg["level"], agg["status"] = "gemeente", np.where(agg.value.notna(), "value", "secret")
    agg["is_derived"] = agg.n > 1
    agg["derivation"] = np.where(agg.n > 1, "Herindeling: opgeteld van " + agg.parts, None)
    jz = pd.concat([jz[jz.level != "gemeente"], agg.drop(columns=["parts", "n", "n_value"]),
                    national_2021_2022(raw_dir / GEM_2022_FILE, agg)], ignore_index=True)
    # Wijken of 2023 and 2024 that may borrow the KWB 2022 population: CBS marks them unchanged since 2022.
    kwb22 = set(kwb.loc[(kwb.level == "wijk") & (kwb.year == 2022), "code"])
    marks = {y: dict(zip(d.loc[d.level == "wijk", "code"], d.loc[d.level == "wijk", "marker"]))
             for y, (d, _) in wijk_tables.items()}
    carried = {(c, y) for y in (2023, 2024) for c in marks.get(y, {})
               if c in kwb22 and unchanged_since(marks, c, 2022, until=y)}
    shares = share_observations(jz, kwb, mapping, carried)
    shares["level"] = np.where(shares.region_code.str.startswith("GM"), "gemeente",
                               np.where(shares.region_code == "NL00", "land", "wijk"))
    derived = pd.concat([shares, referrer_share(jz)], ignore_index=True)

    # regions, boundaries, coverage
    shapes = shape_sizes(raw_dir / "geo/wijk_2024.geojson")
    areas = shapes["area_ha"]
    own_layers = own_year_geometry(raw_dir)  # 2015 and 2016 on their own boundaries
    new_regions, boundary = regions_and_boundaries(kwb, {y: d for y, (d, _) in wijk_tables.items()},
                                                   names_2024, shapes, mapping,
                                                   {y: set(g["code"]) for y, g in own_layers.items()})
    coverage = coverage_rows({y: t for y, t in wijk_tables.items()}, gem24,
                             {y: set(kwb.loc[(kwb.year == y) & (kwb.level == "gemeente") & kwb["ID"].notna(), "code"])
                              for y in KWB_TABLES}, mapping)

    obs = pd.concat([kwb_obs, jz, derived], ignore_index=True)
    obs["indeling_year"] = np.where(obs["level"] == "wijk", obs["year"], GEMEENTE_INDELING)
    for col in ("numerator", "denominator"):
        if col not in obs.columns:
            obs[col] = None
    # wijken of 2024 are the 2024 regions; other years' wijken get their own region rows
    regions_all = pd.concat([regions, new_regions], ignore_index=True).drop_duplicates(
        ["code", "indeling_year"], keep="first")
    # One boundary rule for every wijk of an earlier indeling, also those the first bundle added (Almere)
    rule = boundary.set_index(["code", "indeling_year"])["geometry_year"]
    key = pd.MultiIndex.from_arrays([regions_all["code"], regions_all["indeling_year"]])
    judged = key.isin(rule.index) & (regions_all["level"] == "wijk").to_numpy()
    regions_all.loc[judged, "geometry_year"] = rule.reindex(key[judged]).astype(object).where(
        rule.reindex(key[judged]).notna(), None).to_numpy()
    known = regions_all.set_index(["code", "indeling_year"]).index
    obs = obs[pd.MultiIndex.from_arrays([obs.region_code, obs.indeling_year]).isin(known)]
    dens = loaders.density(obs.loc[obs.level == "wijk", OBS_COLUMNS], areas.div(100).rename("area_km2").reset_index(), regions_all)
    obs = pd.concat([obs[OBS_COLUMNS], dens], ignore_index=True)
    # What the first bundle already has (Almere's own KWB export, KWB 2021 per gemeente) stays first.
    combined = pd.concat([tables["observation"], obs], ignore_index=True).drop_duplicates(
        ["indicator_id", "region_code", "indeling_year", "year"], keep="first")

    share = share_error(shares, raw_dir / "cbs/kwb_2021_gemeenten.csv")
    old = tables["observation"]
    kwb_jz_2022 = old[(old.indicator_id == "jeugdzorg_aantal") & (old.year == 2022) & (old.status == "value")
                      & (old.indeling_year == GEMEENTE_INDELING)].set_index("region_code")["value"]
    gem2022 = read_gemeenten_2022(raw_dir / GEM_2022_FILE)
    checks = check_rows(share, boundary, jz, kwb_jz_2022, gem2022, kwb)
    sources = pd.DataFrame([{
        "source_id": s.source_id, "title": s.title, "publisher": s.publisher, "licence": s.licence,
        "credit": s.credit, "file_path": s.file_path, "retrieved": s.retrieved,
        "sha256": original_sha256(raw_dir / Path(s.file_path).relative_to("data/raw")), "is_demo": False}
        for s in SOURCES])
    indicators = pd.DataFrame([{
        "indicator_id": i.indicator_id, "label_nl": i.label_nl, "unit": i.unit, "decimals": i.decimals,
        "definition_nl": (props[i.cbs_key]["description"] or props[i.cbs_key]["title"]) if i.cbs_key else i.definition_nl,
        "source_table": i.source_table, "theme": i.theme, "polarity": i.polarity, "privacy_kind": i.privacy_kind}
        for i in INDICATORS])
    return {**tables,
            "source": pd.concat([tables["source"], sources], ignore_index=True),
            "indicator": pd.concat([tables["indicator"], indicators], ignore_index=True).drop_duplicates(
                "indicator_id", keep="first"),
            "region": regions_all, "observation": combined,
            "region_geometry": pd.concat([tables["region_geometry"], *own_layers.values()], ignore_index=True),
            "wijk_coverage": coverage, "wijkdata_check": checks,
            "wijk_boundary": boundary.drop(columns=["area_same", "geometry_year"])}
