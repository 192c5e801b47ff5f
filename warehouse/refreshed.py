"""Refreshed CBS and PDOK downloads as warehouse rows; the build calls :func:`include`.

One job: putting a complete refresh together and merging it into the build's tables. The parts live in
``refresh_cache`` (reading the cache), ``refresh_kwb`` (KWB editions), ``refresh_tables`` (gemeente
tables), ``refresh_herindeling`` (to the 2024 indeling) and ``refresh_wijken`` (wijk regions, geometry).

``data/raw/cbs_refresh/refresh.json`` (written by ``refresh.download`` when a refresh is
complete) lists every downloaded response with its sha256. Without it the build uses the bundle
alone. With it, this module turns the responses into rows of the same tables and the same shape
as the bundled loaders in ``warehouse.loaders``:

* **KWB editions** (OData v3 ``TypedDataSet`` + ``DataProperties``): measures matched on their
  base name (the suffix drifts between editions); values taken as typed (CBS already applied
  the decimals, so nothing is divided); codes stripped of their padding; an empty cell is
  *secret* where CBS published the measure for the gemeente (or, for a gemeente, for other
  gemeenten) and the area is inhabited, else *missing* — the rule of ``load_kwb_almere``;
  ``'.'``/``'x'`` in an UntypedDataSet and a v4 ``ValueAttribute`` other than None/Impossible
  are secret outright.
* **Gemeente figures** are re-aggregated to the 2024 indeling (``loaders.GEMEENTE_INDELING``) with
  the weights of ``load_kwb_2021`` (``loaders.KWB2021_COLUMNS``: inwoners, jongeren,
  huishoudens; counts summed), taken from the KWB gemeente rows of the same year
  (or the nearest year), and marked derived. Old codes map to new ones through
  ``geo/herindeling_2021_2024.csv`` and, for older herindelingen, through the PDOK boundaries:
  the gemeente of the newest indeling that holds a point inside the old gemeente.
* **Wijken** stay in their own year's indeling (``region`` rows per ``indeling_year``), with
  that year's PDOK geometry; a year without its own boundary layer borrows the geometry of a
  year with exactly the same wijk codes in that gemeente, else it has none (no map, only tables).
  The parent of a wijk is its gemeente in the 2024 indeling, so a merged gemeente's old wijken
  show under the new gemeente for their own year.
* **Periods**: only whole years (``2023JJ00``) enter the yearly series. Half years (``HJ``),
  quarters and months are left out: CBS's year figure counts a person once, a sum of half years
  would count some twice.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.prepare import GeometryError, read_layer
from warehouse import jeugdregio, loaders
from warehouse.catalogue import REFRESH_INDICATORS
from warehouse.loaders import GEMEENTE_INDELING, OBS_COLUMNS, InputError
from warehouse.refresh_cache import CACHE, INDEX, _layer, _read_index, _source_row
from warehouse.refresh_herindeling import KINDS, herindeling_mapping, reaggregate, weight_table
from warehouse.refresh_kwb import kwb_edition, kwb_indicators, with_status
from warehouse.refresh_regio import jeugdregio_rows
from warehouse.refresh_tables import gemeente_table
from warehouse.refresh_wijken import _km2, density_rows, wijk_regions

PRIORITY_REFRESHED = -1  # before the bundle's own files (0 and 1) when figures collide


def load_refreshed(raw_dir: Path, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame | list]:
    """All rows of a complete refresh, in the shape of the warehouse tables.

    Parameters
    ----------
    raw_dir : Path
        ``data/raw``; the refresh is in ``<raw_dir>/cbs_refresh/refresh.json``.
    tables : dict of DataFrame
        The bundle's rows (``warehouse.build.load_all``): its regions, geometry and herindeling
        are the starting point for the 2024 indeling and the geometry years.

    Returns
    -------
    dict
        ``source, region, region_geometry, herindeling, indicator, observation`` (new rows only)
        and ``warnings`` (Dutch lines for the build's output).

    Raises
    ------
    InputError
        A listed file is missing, changed since the refresh (sha256) or not the expected JSON.
    """
    root = raw_dir / CACHE
    record = _read_index(root)
    datasets = record["datasets"]
    warnings: list[str] = []

    # Boundaries per layer and year, as published (prepared for the map further down).
    layers = {(d["layer"], int(d["year"])): _layer(root, d) for d in datasets if d["kind"] == "pdok"}

    # KWB editions on their own codes.
    editions, kwb_obs = [], []
    for d in (d for d in datasets if d["kind"] == "kwb"):
        wide, secret, _, indeling = kwb_edition(root, d)
        year = int(d["year"])
        editions.append((year, indeling, wide, d["source_id"]))
        kwb_obs.append(kwb_indicators(wide, secret, year, d["source_id"]).assign(indeling_year=indeling))

    # Gemeente tables; where two series overlap, the first (newest) table wins.
    tab_obs, definitions = [], {}
    for d in (d for d in datasets if d["kind"] == "gemeente"):
        rows, defs = gemeente_table(root, d, warnings)
        tab_obs.append(rows)
        definitions.update({k: v for k, v in defs.items() if v and k not in definitions})
    tab = pd.concat(tab_obs, ignore_index=True) if tab_obs else pd.DataFrame()
    if not tab.empty:
        tab = with_status(tab.drop_duplicates(["indicator_id", "region_code", "year"], keep="first"))

    # Herindeling: old gemeente codes to the 2024 indeling.
    regions, herindeling = tables["region"], tables["herindeling"]
    gem_2024 = regions[(regions.level == "gemeente") & (regions.indeling_year == GEMEENTE_INDELING)]
    target_layer = layers.get(("gemeente", GEMEENTE_INDELING))
    target_codes = set(gem_2024["code"]) | (set(target_layer["code"]) if target_layer is not None else set())
    seen = {}  # gemeente code -> (last year seen, name)
    for year, _, wide, _ in editions:
        g = wide[wide.level == "gemeente"]
        seen.update({c: (max(year, seen.get(c, (0, ""))[0]), n) for c, n in zip(g.index, g["name"].fillna(""))})
    if not tab.empty:
        for c, y in tab.loc[tab.level == "gemeente"].groupby("region_code")["year"].max().items():
            seen.setdefault(c, (int(y), ""))
    mapping, derived_herindeling = herindeling_mapping(
        seen, target_codes, herindeling, layers, gem_2024, warnings,
        lambda: target_layer if target_layer is not None else read_layer(
            raw_dir / "geo/gemeente_2024.geojson", "gemeentecode").rename(columns={"gemeentecode": "code"}))

    # Observations: gemeente and NL re-aggregated to 2024; wijken in their own indeling.
    weights = weight_table([(y, wide) for y, _, wide, _ in editions])
    obs_frames = []
    if kwb_obs:
        kwb = with_status(pd.concat(kwb_obs, ignore_index=True))
        top = kwb[kwb.level.isin(["land", "gemeente"])]
        obs_frames.append(reaggregate(top, mapping, weights, KINDS).assign(indeling_year=GEMEENTE_INDELING))
        obs_frames.append(kwb[kwb.level == "wijk"])
    if not tab.empty:
        kinds = {m["indicator_id"]: m["weight"] for d in datasets if d["kind"] == "gemeente" for m in d["measures"]}
        obs_frames.append(reaggregate(tab, mapping, weights, kinds).assign(indeling_year=GEMEENTE_INDELING))
    obs = pd.concat(obs_frames, ignore_index=True) if obs_frames else pd.DataFrame(columns=OBS_COLUMNS)
    gem_rows = obs["region_code"].str.startswith("GM")
    outside = gem_rows & ~obs["region_code"].isin(target_codes)
    if outside.any():
        codes = sorted(obs.loc[outside, "region_code"].unique())
        warnings.append(f"{len(codes)} gemeentecodes buiten de indeling {GEMEENTE_INDELING} weggelaten ({', '.join(codes[:5])}).")
        obs = obs[~outside]
    obs = loaders._finish(obs[[c for c in OBS_COLUMNS if c in obs.columns]])

    # Regions and geometry of the wijken, per year's indeling (and the 2024 gemeenten when refreshed).
    region_out, geometry = wijk_regions(editions, layers, mapping, tables)

    # Population density of every refreshed area, like loaders.density: inhabitants over the area
    # of the boundaries that draw it (its own year's where PDOK has them).
    all_regions = pd.concat([region_out, regions], ignore_index=True).drop_duplicates(["code", "indeling_year"])
    areas = {(c, y): a for (_, y), gdf in layers.items() for c, a in zip(gdf["code"], _km2(gdf))}
    obs = pd.concat([obs, density_rows(obs, all_regions, areas, raw_dir)], ignore_index=True)

    # Indicators only a refresh has, with CBS's own definition where the table gives one.
    present = set(obs["indicator_id"])
    indicators = pd.DataFrame([{
        "indicator_id": i.indicator_id, "label_nl": i.label_nl, "unit": i.unit, "decimals": i.decimals,
        "definition_nl": definitions.get(i.indicator_id) or i.definition_nl, "source_table": i.source_table,
        "theme": i.theme, "polarity": i.polarity, "privacy_kind": i.privacy_kind}
        for i in REFRESH_INDICATORS if i.indicator_id in present])

    # The official jeugdregio composition of a newer year, when the refresh has one (the newest wins).
    gebieden = sorted((d for d in datasets if d["kind"] == "gebieden"), key=lambda d: -int(d.get("year") or 0))
    jeugdregio = jeugdregio_rows(root, gebieden[0], mapping) if gebieden else None

    sources = pd.DataFrame([_source_row(d) for d in datasets])
    return {"source": sources, "jeugdregio_gemeente": jeugdregio, "region": region_out, "region_geometry": geometry,
            "herindeling": pd.DataFrame(derived_herindeling, columns=list(herindeling.columns)),
            "indicator": indicators, "observation": obs, "warnings": warnings + list(record.get("warnings", []))}


def include(raw_dir: Path, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The build's tables plus a complete refresh from ``<raw_dir>/cbs_refresh/`` when there is one.

    Where a refreshed row and a bundled one share a key, a CBS figure beats a derived one (as in
    the build) and between equals the refreshed row wins — also when it says secret or missing:
    it is CBS's latest word, taken straight from CBS.
    """
    if not (raw_dir / CACHE / INDEX).exists():
        return tables
    print(f"[+] Ververste CBS- en PDOK-gegevens ({CACHE}/{INDEX})", flush=True)
    try:
        new = load_refreshed(raw_dir, tables)
    except (InputError, GeometryError):
        raise  # these name their file already
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"De verversing in {raw_dir / CACHE / INDEX} is niet te verwerken: "
                         f"{type(exc).__name__}: {exc}. Ververs opnieuw (make refresh) of verwijder "
                         f"{raw_dir / CACHE} om zonder verversing te bouwen.") from exc
    for warning in new.pop("warnings"):
        print(f"    let op: {warning}", flush=True)
    out = dict(tables)
    out["source"] = pd.concat([tables["source"], new["source"]], ignore_index=True).drop_duplicates("source_id")
    out["region"] = pd.concat([new["region"], tables["region"]], ignore_index=True).drop_duplicates(
        ["code", "indeling_year"], keep="first")
    out["region_geometry"] = pd.concat([new["region_geometry"], tables["region_geometry"]], ignore_index=True
                                       ).drop_duplicates(["code", "indeling_year"], keep="first")
    out["herindeling"] = pd.concat([tables["herindeling"], new["herindeling"]], ignore_index=True).drop_duplicates(
        ["old_code", "new_code"], keep="first")
    known = set(tables["indicator"]["indicator_id"])
    out["indicator"] = pd.concat([tables["indicator"], new["indicator"][~new["indicator"]["indicator_id"].isin(known)]
                                  if not new["indicator"].empty else new["indicator"]], ignore_index=True)
    both = pd.concat([new["observation"].assign(_prio=PRIORITY_REFRESHED), tables["observation"].assign(_prio=0)],
                     ignore_index=True)
    out["observation"] = (both.sort_values(["is_derived", "_prio"], kind="stable")
                          .drop_duplicates(["indicator_id", "region_code", "indeling_year", "year"], keep="first")
                          .drop(columns="_prio").reset_index(drop=True))
    out["trend_break"] = loaders.trend_breaks(out["region"], out["herindeling"])
    if "jeugdregio_gemeente" in tables:  # region sums from the refreshed gemeente figures
        out = with_jeugdregio(out, new["jeugdregio_gemeente"])
    return out


def with_jeugdregio(tables: dict[str, pd.DataFrame], refreshed: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Jeugdregio figures summed anew after a refresh; a refreshed official composition replaces the derived one.

    A 2024 gemeente the refreshed table lacks keeps its derived row (and says so in ``basis``).
    """
    old = tables["jeugdregio_gemeente"]
    mapping, how = old, ()
    if refreshed is not None and not refreshed.empty:
        how = (refreshed["basis"].iloc[0].split(":")[0], refreshed["source_id"].iloc[0])
        derived24 = old[old["indeling_year"] == GEMEENTE_INDELING]
        kept = derived24[~derived24["gemeente_code"].isin(refreshed["gemeente_code"])]
        mapping = pd.concat([old[old["indeling_year"] != GEMEENTE_INDELING], refreshed,
                             kept.assign(basis=kept["basis"] + " (niet in de ververste tabel: afgeleid gebleven)")],
                            ignore_index=True)
    regions = tables["region"]
    known = set(regions.loc[regions["level"] == jeugdregio.LEVEL, "code"])
    new_codes = sorted(set(mapping["jeugdregio_code"]) - known)
    extra = pd.DataFrame({"code": new_codes, "level": jeugdregio.LEVEL, "name": ["Jeugdregio " + c for c in new_codes],
                          "parent_code": "NL00", "indeling_year": GEMEENTE_INDELING, "geometry_year": None})
    obs = tables["observation"]
    obs = obs[~(obs["region_code"].isin(set(mapping["jeugdregio_code"]) | known))]
    return {**tables, "jeugdregio_gemeente": mapping, "region": pd.concat([regions, extra], ignore_index=True),
            "observation": pd.concat([obs, jeugdregio.summed(obs, mapping, *how)], ignore_index=True)}
