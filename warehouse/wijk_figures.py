"""Wijk and gemeente figures from the wijk files: KWB context, youth-care counts and derived shares.

One job: tidy frames (``warehouse.wijk_read``) to ``observation`` rows. Gemeenten go to the 2024
indeling (merged gemeenten summed or weighted, marked derived); wijken stay in their own year.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from warehouse import loaders
from warehouse.wijk_catalogue import DENOMINATOR_NOTE, HALF, JZ_MEASURES, KWB_DIRECT, KWB_RATIOS
from warehouse.wijk_read import _jz_columns

def _jz_observations(df: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Youth-care measures in long form; an empty cell of a listed area is CBS-secret, never 0."""
    cols = _jz_columns(df)
    period = df["period"] if "period" in df.columns else pd.Series("jaar", index=df.index)
    frames = []
    for c, measure in cols.items():
        suffix = np.where(period == "hj1", HALF, "")
        frames.append(pd.DataFrame({
            "indicator_id": "jzw_" + measure + pd.Series(suffix, index=df.index),
            "region_code": df["code"], "level": df["level"], "year": df["year"], "value": df[c]}))
    obs = pd.concat(frames, ignore_index=True)
    obs["status"] = np.where(obs["value"].notna(), "value", "secret")
    obs["is_derived"] = False
    obs["derivation"] = None
    obs["source_id"] = source_id
    return obs


def _weighted(df: pd.DataFrame, column: str, weight: str, keys: pd.Series) -> pd.Series:
    values = df[column]
    if weight == "sum":
        out = values.groupby(keys).sum(min_count=1)
    else:
        w = df[weight]
        out = (values * w).groupby(keys).sum(min_count=1) / w.where(values.notna()).groupby(keys).sum()
    return out.where(~values.isna().groupby(keys).any())


def _to_2024(rows: pd.DataFrame, mapping: dict[str, str], aggregate) -> tuple[pd.DataFrame, pd.Series]:
    """Gemeente rows of an earlier indeling -> the 2024 codes; merged gemeenten combined by ``aggregate``.

    Returns the combined rows (index: 2024 code) and, per merged code, the old codes it sums.
    """
    keys = rows["code"].map(lambda c: mapping.get(c, c))
    parts = rows.groupby(keys)["code"].agg(lambda s: sorted(s))
    return aggregate(rows, keys), parts[parts.str.len() > 1]


def kwb_observations(kwb: pd.DataFrame, mapping: dict[str, str], gemeenten_2024: set[str]) -> pd.DataFrame:
    """KWB context for NL, gemeenten (2024 indeling) and wijken (their own indeling), 2021 and 2022."""
    frames = []
    for year, rows in kwb.groupby("year"):
        gem = rows[rows.level == "gemeente"]

        def aggregate(g: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
            out = {ind: _weighted(g, col, w, keys) for ind, (col, w) in KWB_DIRECT.items()}
            sums = g[[*{c for n, d, _ in KWB_RATIOS.values() for c in n + d}]].groupby(keys).sum(min_count=1)
            for ind, (num, den, factor) in KWB_RATIOS.items():
                d = sums[den].sum(axis=1, min_count=len(den))
                out[ind] = (sums[num].sum(axis=1, min_count=1) / d * factor).where(d > 0)
            return pd.DataFrame(out)

        gem_wide, merged = _to_2024(gem, mapping, aggregate)
        gem_wide = gem_wide[gem_wide.index.isin(gemeenten_2024)]
        other = rows[rows.level != "gemeente"].set_index("code")
        other_wide = aggregate(other.reset_index(), other.index.to_series().reset_index(drop=True))
        other_wide.index = other.index
        for wide, level in ((gem_wide, "gemeente"), (other_wide, None)):
            long = wide.rename_axis("region_code").reset_index().melt(
                "region_code", var_name="indicator_id", value_name="value")
            long["year"] = year
            long["level"] = level if level else long["region_code"].map(dict(zip(other.index, other["level"])))
            long["is_derived"] = long["indicator_id"].isin(KWB_RATIOS)
            long["derivation"] = np.where(long["is_derived"], "Berekend uit de CBS-aantallen", None)
            if level == "gemeente":
                is_merged = long["region_code"].isin(merged.index)
                long.loc[is_merged, "is_derived"] = True
                long.loc[is_merged, "derivation"] = long.loc[is_merged, "region_code"].map(
                    lambda c: f"Herindeling: opgeteld of gewogen van {', '.join(merged[c])} (indeling {year})")
            inhabited = long["region_code"].map(wide["inwoners"]).fillna(0) > 0
            published = long.groupby("indicator_id")["value"].transform(lambda v: v.notna().any())
            long["status"] = np.select([long["value"].notna(), published & inhabited & (long.level == "wijk")],
                                       ["value", "secret"], "missing")
            frames.append(long[long.status != "missing"])
    obs = pd.concat(frames, ignore_index=True)
    obs["value"] = obs["value"].round(6)
    obs["source_id"] = "kwb_wijken_2021_2022"
    return obs


# Youth-care year -> the KWB year whose population is the denominator. 2023 and 2024 have no
# bundled KWB: the nearest (2022) stands in, said in the derivation and only for wijken whose
# code and boundary CBS marks unchanged since 2022 (``carried``).
POPULATION_YEAR = {2021: 2021, 2022: 2022, 2023: 2022, 2024: 2022}


def share_observations(jz: pd.DataFrame, kwb: pd.DataFrame, mapping: dict[str, str],
                       carried: set[tuple[str, int]] | None = None) -> pd.DataFrame:
    """Derived shares: per 0–22 (approximated) and per 1.000 inwoners 0–24, whole years and first halves.

    2021 and 2022 divide by the KWB population of the same year. 2023 and the first half of 2024 divide
    by the nearest KWB population (2022, ``POPULATION_YEAR``): for NL and gemeenten (2024 indeling), and
    for a wijk only where ``carried`` holds (code, year) — CBS says its code and boundary did not change
    since 2022. Every such figure says which population year it used.
    """
    carried = carried or set()
    pop = kwb[["code", "level", "year", "a_00_14", "a_15_24"]].copy()
    gem = pop.level == "gemeente"
    pop.loc[gem, "code"] = pop.loc[gem, "code"].map(mapping).fillna(pop.loc[gem, "code"])
    pop = pop.groupby(["code", "year"], as_index=False)[["a_00_14", "a_15_24"]].sum(min_count=1)
    pop = pop.rename(columns={"year": "pop_year"})
    frames = []
    for suffix in ("", HALF):
        count = jz[(jz.indicator_id == "jzw_aantal" + suffix) & (jz.status == "value") & jz.year.isin(list(POPULATION_YEAR))]
        count = count.assign(pop_year=count.year.map(POPULATION_YEAR))
        borrowed = count.pop_year != count.year
        keep = ~borrowed | (count.level != "wijk") | pd.Series(
            [(c, y) in carried for c, y in zip(count.region_code, count.year)], index=count.index)
        m = count[keep].merge(pop, left_on=["region_code", "pop_year"], right_on=["code", "pop_year"])
        under_23 = m["a_00_14"] + 0.8 * m["a_15_24"]
        under_25 = m["a_00_14"] + m["a_15_24"]
        note = np.where(m["pop_year"] != m["year"],
                        " Bevolking uit KWB " + m["pop_year"].astype(str) + ": die van " + m["year"].astype(str)
                        + " zit niet in de meegeleverde gegevens"
                        + np.where(m["level"] == "wijk", " (de wijk is volgens CBS sindsdien niet veranderd).", "."), "")
        frames.append(m.assign(indicator_id="jzw_pct" + suffix, value=(m["value"] / under_23 * 100).round(3),
                               numerator=m["value"], denominator=under_23.round(1),
                               derivation=f"Berekend: jongeren met jeugdzorg / ({DENOMINATOR_NOTE}) × 100." + note))
        if not suffix:
            frames.append(m.assign(indicator_id="jzw_per_1000_0_24", value=(m["value"] / under_25 * 1000).round(3),
                                   numerator=m["value"], denominator=under_25,
                                   derivation="Berekend: jongeren met jeugdzorg / inwoners 0–24 jaar (KWB) × 1.000." + note))
    out = pd.concat(frames, ignore_index=True).drop(columns=["code", "pop_year", "a_00_14", "a_15_24"])
    out = out[out["denominator"] > 0]
    return out.assign(is_derived=True, status="value")


def referrer_share(jz: pd.DataFrame) -> pd.DataFrame:
    """Share of trajecten referred by the gemeente's own toegang, where both counts are published."""
    key = ["region_code", "level", "year", "source_id"]
    frames = []
    for suffix in ("", HALF):
        t = jz[(jz.indicator_id == "jzw_trajecten" + suffix) & (jz.status == "value")]
        a = jz[(jz.indicator_id == "jzw_verw_toegang" + suffix) & (jz.status == "value")]
        m = a.merge(t[key + ["value"]], on=key, suffixes=("", "_t"))
        m = m[m["value_t"] > 0]
        frames.append(m.assign(indicator_id="jzw_verw_toegang_pct" + suffix, numerator=m["value"],
                               denominator=m["value_t"], value=(m["value"] / m["value_t"] * 100).round(3),
                               is_derived=True, derivation="Berekend: trajecten via gemeentelijke toegang / alle trajecten × 100"))
    return pd.concat(frames, ignore_index=True).drop(columns="value_t")



def national_2021_2022(path: Path, gemeenten: pd.DataFrame) -> pd.DataFrame:
    """NL for 2021 and 2022, which the joined wijk file lacks: 2022 from CBS's own NL row in the 2022
    gemeente file; 2021 as the sum of all gemeenten (derived; a young person is counted in one
    gemeente, but each gemeente figure is rounded to 5, so the sum is approximate)."""
    raw = loaders.read_csv(path, ["Wijken"], dtype=str)
    nl = raw[raw["Wijken"].str.strip() == "NL00"]
    frames = []
    cols = _jz_columns(nl)
    if len(nl):
        for c, measure in cols.items():
            v = pd.to_numeric(nl[c].str.strip(), errors="coerce").iloc[0]
            frames.append({"indicator_id": "jzw_" + measure, "value": v, "year": 2022, "is_derived": False,
                           "derivation": None, "source_id": "cbs_jz_gemeenten_2022"})
    g21 = gemeenten[(gemeenten.year == 2021) & gemeenten.indicator_id.isin([f"jzw_{m}" for m in JZ_MEASURES])]
    for ind, part in g21.groupby("indicator_id"):
        secret = int(part["value"].isna().sum())
        how = f"Berekend: som van {len(part) - secret} gemeenten (elk afgerond op vijftallen)"
        if secret:  # CBS hides counts under 10: the sum misses less than 10 per secret gemeente
            how += f"; {secret} gemeenten geheim (elk minder dan 10), dus hoogstens {10 * secret} te laag"
        frames.append({"indicator_id": ind, "value": part["value"].sum(), "year": 2021, "is_derived": True,
                       "source_id": "cbs_jz_wijken_2021_2022", "derivation": how,
                       "numerator": part["value"].sum(), "denominator": None})
    out = pd.DataFrame(frames)
    out = out[out["value"].notna()]
    return out.assign(region_code="NL00", level="land", status="value")

