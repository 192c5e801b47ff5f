"""Refreshed KWB editions to observation rows, with CBS's secret/missing rule for the whole country.

One job: one KWB edition (OData v3 ``TypedDataSet`` + ``DataProperties``) to a wide frame and to
indicator rows on its own codes; ``with_status`` says value, secret or missing.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from refresh import client as cbs_odata
from refresh.plan import KWB_LABELS, KWB_MEASURES
from warehouse.catalogue import INDICATORS
from warehouse.loaders import InputError
from warehouse.refresh_cache import INDEX, _docs, _rows

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

