"""Refreshed CBS and PDOK downloads as warehouse rows; the build calls :func:`include`.

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

import hashlib
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.prepare import (DEFAULT_TOLERANCE_M, RD_NEW, GeometryError, areas_km2, prepare_polygons, read_layer,
                         to_geometry_rows)
from refresh import client as cbs_odata
from warehouse import loaders
from warehouse.catalogue import CC_BY, INDICATORS, REFRESH_INDICATORS
from warehouse.loaders import GEMEENTE_INDELING, OBS_COLUMNS, WEIGHT_NL, InputError
from refresh.plan import KWB_LABELS, KWB_MEASURES, MeasureSpec

CACHE = "cbs_refresh"
INDEX = "refresh.json"
PRIORITY_REFRESHED = -1  # before the bundle's own files (0 and 1) when figures collide

# Weight kinds per KWB indicator, as in the bundled KWB 2021 loader; counts are summed.
KINDS = {ind: kind for ind, (_, kind) in loaders.KWB2021_COLUMNS.items()} | {
    "jeugdzorg_aantal": "sum", "kinderen_0_15": "sum"}


# --- reading the cache ----------------------------------------------------------------------

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


# --- geometry and herindeling ----------------------------------------------------------------

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


# --- KWB ------------------------------------------------------------------------------------

def _level(codes: pd.Series) -> pd.Series:
    return codes.str[:2].map({"NL": "land", "GM": "gemeente", "WK": "wijk", "BU": "buurt"})


def kwb_edition(root: Path, dataset: dict) -> tuple[pd.DataFrame, pd.DataFrame, dict, int]:
    """One KWB edition as a wide frame (index: code) of the measures in KWB_MEASURES.

    Returns
    -------
    wide : DataFrame
        Measures as columns (base names), plus ``level`` and ``name`` (gemeente name).
    secret : DataFrame
        Same shape, True where CBS marked the cell secret in text.
    props : dict
        Topic entries by base name (title, description, decimals).
    indeling_year : int
        The wijk indeling of the edition (DataProperties MapYear, else the edition year).
    """
    properties = _rows(_docs(root, dataset, "properties"))
    structure = cbs_odata.v3_structure(properties)
    cells = cbs_odata.v3_cells(_rows(_docs(root, dataset, "data")), structure, set(KWB_MEASURES) | set(KWB_LABELS))
    if cells.empty:
        raise InputError(f"KWB-tabel {dataset['table_id']} in {root / INDEX} heeft geen rijen")
    numbers = cells[cells["measure"].isin(list(KWB_MEASURES))]
    wide = numbers.pivot_table(index="region", columns="measure", values="value", aggfunc="first", dropna=False)
    secret = (numbers.assign(s=numbers["flag"].eq("secret"))
              .pivot_table(index="region", columns="measure", values="s", aggfunc="any", dropna=False))
    wide = wide.reindex(columns=list(KWB_MEASURES)).astype(float)
    secret = secret.reindex(index=wide.index, columns=list(KWB_MEASURES)).fillna(False).astype(bool)
    names = cells[cells["measure"] == "Gemeentenaam"].drop_duplicates("region").set_index("region")["value_text"]
    wide["name"] = names.reindex(wide.index)
    wide["level"] = _level(wide.index.to_series())
    wide = wide[wide["level"].isin(["land", "gemeente", "wijk"])]
    if "AantalInwoners" not in set(numbers["measure"]):
        raise InputError(f"KWB-tabel {dataset['table_id']}: geen kolom AantalInwoners_* (zie DataProperties)")
    props = {cbs_odata.base_name(k): v for k, v in structure["topics"].items()}
    return wide, secret.loc[wide.index], props, structure["map_year"] or int(dataset["year"])


def kwb_indicators(wide: pd.DataFrame, secret: pd.DataFrame, year: int, source_id: str) -> pd.DataFrame:
    """Indicator rows of one edition on its own codes, like ``load_kwb_almere`` (before herindeling)."""
    m: dict[str, tuple[pd.Series, pd.Series, bool]] = {}
    for ind in INDICATORS:
        if ind.cbs_key in KWB_MEASURES:
            m[ind.indicator_id] = (wide[ind.cbs_key], secret[ind.cbs_key], False)
    inw = wide["AantalInwoners"]
    per_inw = inw.where(inw > 0)

    def derived(values: pd.Series, *parts: str) -> tuple[pd.Series, pd.Series, bool]:
        return values, secret[list(parts)].any(axis=1), True

    m["bijstand_per_1000"] = derived(wide["PersonenPerSoortUitkeringBijstand"] / per_inw * 1000,
                                     "PersonenPerSoortUitkeringBijstand")
    m["kinderen_0_15_pct"] = derived(wide["k_0Tot15Jaar"] / per_inw * 100, "k_0Tot15Jaar")
    m["jongeren_15_25_pct"] = derived(wide["k_15Tot25Jaar"] / per_inw * 100, "k_15Tot25Jaar")
    frames = []
    for indicator_id, (values, is_secret, is_derived) in m.items():
        frames.append(pd.DataFrame({
            "indicator_id": indicator_id, "region_code": wide.index, "level": wide["level"].values,
            "year": year, "value": values.round(6).values, "flag_secret": is_secret.values,
            "inhabited": (inw.fillna(1) > 0).values, "is_derived": is_derived,
            "derivation": "Berekend uit de CBS-aantallen" if is_derived else None, "source_id": source_id}))
    obs = pd.concat(frames, ignore_index=True)
    count = obs[obs.indicator_id == "jeugdzorg_aantal"].set_index("region_code")["value"]
    pct = obs.indicator_id == "jeugdzorg_pct"
    obs["numerator"] = np.nan
    obs.loc[pct, "numerator"] = obs.loc[pct, "region_code"].map(count).values
    return obs


def with_status(obs: pd.DataFrame, parent: pd.Series | None = None) -> pd.DataFrame:
    """value / secret / missing, the rule of ``load_kwb_almere`` for the whole country.

    An empty cell is secret when CBS flagged it, or when the area is inhabited and CBS did
    publish the measure that year for its gemeente (a wijk) or for other gemeenten (a gemeente).
    """
    has = obs["value"].notna()
    gem = obs[(obs.level == "gemeente") & has]
    published_gem = set(zip(gem.indicator_id, gem.region_code, gem.year))
    published_any = set(zip(gem.indicator_id, gem.year))
    if parent is None:
        parent = obs["region_code"].str[:2].replace({"WK": "GM"}) + obs["region_code"].str[2:6]
    by_parent = pd.Series([k in published_gem for k in zip(obs.indicator_id, parent, obs.year)], index=obs.index)
    by_any = pd.Series([k in published_any for k in zip(obs.indicator_id, obs.year)], index=obs.index)
    published = np.where(obs.level == "wijk", by_parent, np.where(obs.level == "gemeente", by_any, False))
    obs = obs.assign(status=np.select([has, obs["flag_secret"] | (published & obs["inhabited"])],
                                      ["value", "secret"], "missing"))
    obs.loc[obs.status != "value", ["value", "numerator"]] = np.nan
    return obs


# --- herindeling: re-aggregate gemeente figures to the 2024 indeling --------------------------

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


# --- gemeente tables (jeugdzorg, kosten) -------------------------------------------------------

def _category_code(members: dict[str, str], spec: MeasureSpec) -> str | None:
    if spec.category_key and spec.category_key in members:
        return spec.category_key
    if spec.category_title:
        pattern = re.compile(spec.category_title, re.IGNORECASE)
        return next((k for k, title in members.items() if pattern.search(title)), None)
    return None


def gemeente_table(root: Path, dataset: dict, warnings: list[str]) -> tuple[pd.DataFrame, dict]:
    """Rows of one gemeente table: indicator, code, year (whole years only), value, flag.

    Returns the rows and the CBS measure descriptions by indicator (for definitions).
    """
    tid = dataset["table_id"]
    specs = [MeasureSpec(**m) for m in dataset["measures"]]
    data = _rows(_docs(root, dataset, "data"))
    members: dict[str, str] = {}
    if dataset.get("category_dim"):
        for row in _rows(_docs(root, dataset, "category")):
            members[str(row.get("Key", row.get("Identifier", ""))).strip()] = str(row.get("Title", "")).strip()
    if dataset["api"] == "v3":
        structure = cbs_odata.v3_structure(_rows(_docs(root, dataset, "properties")))
        cells = cbs_odata.v3_cells(data, structure, {s.key for s in specs})
        describe = {cbs_odata.base_name(k): e for k, e in structure["topics"].items()}
    else:
        codes = _rows(_docs(root, dataset, "measures"))
        cells = cbs_odata.v4_cells(data, codes)
        describe = {str(c.get("Identifier")): c for c in codes}
    parsed = [cbs_odata.period_year(p) for p in cells["period"]] if cells["period"].notna().any() else []
    cells["year"] = [p[0] for p in parsed] if parsed else np.nan
    cells["period_kind"] = [p[1] for p in parsed] if parsed else ""
    skipped = cells.loc[cells["period_kind"] != "JJ", "period"].dropna().unique()
    if len(skipped):
        warnings.append(f"{tid}: {len(skipped)} perioden die geen heel jaar zijn (zoals {sorted(skipped)[0]}) "
                        "zijn niet in de jaarreeksen opgenomen.")
    cells = cells[cells["period_kind"] == "JJ"]
    frames, definitions = [], {}
    for spec in specs:
        if dataset["api"] == "v3":
            sel = cells["measure"] == spec.key
            entry = describe.get(spec.key, {})
        else:
            sel = cells["key"].fillna("").str.contains(spec.title, case=False, regex=True)
            entry = describe.get(cells.loc[sel, "measure"].iloc[0], {}) if sel.any() else {}
        if dataset.get("category_dim"):
            member = _category_code(members, spec)
            if member is None:
                warnings.append(f"{tid}: geen {dataset['category_dim']} voor {spec.indicator_id} gevonden "
                                f"(sleutel {spec.category_key}, titel /{spec.category_title}/); overgeslagen.")
                continue
            sel &= cells["category"] == member
        if not sel.any():
            warnings.append(f"{tid}: geen cijfers voor {spec.indicator_id} (meetwaarde {spec.key}); overgeslagen.")
            continue
        part = cells[sel]
        frames.append(pd.DataFrame({
            "indicator_id": spec.indicator_id, "region_code": part["region"].values,
            "year": part["year"].astype(int).values, "value": (part["value"] * spec.scale).round(6).values,
            "flag_secret": part["flag"].eq("secret").values, "source_id": dataset["source_id"]}))
        definitions[spec.indicator_id] = " ".join(str(entry.get("Description") or "").split())
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["indicator_id", "region_code", "year", "value", "flag_secret", "source_id"])
    rows = rows[rows["region_code"].str[:2].isin(["NL", "GM"])]
    return rows.assign(level=_level(rows["region_code"]), inhabited=True, is_derived=False, derivation=None,
                       numerator=np.nan), definitions


# --- everything together ----------------------------------------------------------------------

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

    sources = pd.DataFrame([_source_row(d) for d in datasets])
    return {"source": sources, "region": region_out, "region_geometry": geometry,
            "herindeling": pd.DataFrame(derived_herindeling, columns=list(herindeling.columns)),
            "indicator": indicators, "observation": obs, "warnings": warnings + list(record.get("warnings", []))}


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
    return out
