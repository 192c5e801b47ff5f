"""Jeugdregio's as a region level: which gemeenten form each region, and its figures summed from them.

One job, one step of ``warehouse.build.OPEN_DATA`` (after ``series``, so the gemeente series are in
the 2024 indeling): ``extend(raw_dir, tables) -> tables``. It reads ``data/raw/regio/``:

- ``gebieden_in_nederland_2016_gemeente_regio.csv``: CBS *Gebieden in Nederland 2016* (83287NED), the
  official composition of 2016 (390 gemeenten of 2016);
- ``jeugdregio_2024_afgeleid.csv``: **derived, not official**: the 342 gemeenten of 2024 with the JZ code
  of their 2016 predecessors (for a merger, the region holding most of its addresses); it misses any
  region change after 2016 that was not a merger;
- ``jeugdregio_namen_cartomap_2016_2023.csv``: the names of the JZ codes (2023, else 2016).

Writes ``region`` rows with ``level = 'jeugdregio'`` (code ``JZ01`` …, indeling 2016 and 2024), the
mapping table ``jeugdregio_gemeente`` (jeugdregio_code, gemeente_code, indeling_year, is_derived, basis,
share_addresses, source_id) and, per 2024 region, the count indicators summed from its gemeenten and the
youth-care shares from summed counts and summed groups (all marked derived). CBS's own jeugdzorgregio
rows of the youth-care series stay a separate level (``jeugdzorgregio``, codes ``JZ-<naam>``).
A refreshed *Gebieden in Nederland* of a newer year replaces the derived 2024 mapping (``refreshed``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from warehouse import loaders
from warehouse.catalogue import CC_BY, Source
from warehouse.loaders import GEMEENTE_INDELING, OBS_COLUMNS, InputError

LEVEL = "jeugdregio"
FILES = {"2016": "regio/gebieden_in_nederland_2016_gemeente_regio.csv",
         "2024": "regio/jeugdregio_2024_afgeleid.csv", "names": "regio/jeugdregio_namen_cartomap_2016_2023.csv"}
SOURCES = [
    Source("cbs_gebieden_2016", "Gebieden in Nederland 2016 (83287NED): jeugdzorgregio per gemeente", "CBS", CC_BY,
           "Bron: CBS, Gebieden in Nederland 2016", "data/raw/" + FILES["2016"], "2026-12 (via krevelen/epidemes)"),
    Source("jeugdregio_2024_afgeleid", "Jeugdregio per gemeente 2024 (afgeleid uit 2016 en de herindelingen)", "CBS",
           CC_BY, "Bron: CBS (samenstelling 2024 afgeleid)", "data/raw/" + FILES["2024"], "2026-12 (afgeleid)"),
    Source("jeugdregio_namen", "Namen van de jeugdregio's 2016 en 2023 (cartomap/nl)", "CBS", CC_BY,
           "Bron: CBS, PDOK", "data/raw/" + FILES["names"], "2026-12 (via cartomap/nl)"),
]
# Counts summed over the gemeenten of a region.
SUMMED = ["jeugdzorg_reeks2015_aantal", "jeugdzorg_reeks2021_aantal", "jeugdzorg_hj1_aantal", "jeugdhulp_aantal",
          "jzw_aantal", "jzw_aantal_hj1", "inwoners", "kinderen_0_15", "jongeren_15_25"]
# Shares from summed counts over summed groups (group = count / share × 100 per gemeente, CBS's own figures).
SHARES = {"jeugdzorg_reeks2015_pct": "jeugdzorg_reeks2015_aantal",
          "jeugdzorg_reeks2021_pct": "jeugdzorg_reeks2021_aantal", "jeugdzorg_hj1_pct": "jeugdzorg_hj1_aantal"}


def read_mapping(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``jeugdregio_gemeente`` rows (2016 official, 2024 derived) and the region names."""
    p16, p24, pn = (raw_dir / FILES[k] for k in ("2016", "2024", "names"))
    m16 = loaders.read_csv(p16, ["gemeente_code", "Jeugdzorgregios"], dtype=str)
    m24 = loaders.read_csv(p24, ["gemeente_code_2024", "jeugdregio_code", "basis", "aandeel_adressen_in_jz"], dtype=str)
    names = loaders.read_csv(pn, ["statcode", "statnaam_2023", "statnaam_2016"], dtype=str)
    loaders.unique_on(m16, ["gemeente_code"], p16)
    loaders.unique_on(m24, ["gemeente_code_2024"], p24)
    rows = pd.concat([
        pd.DataFrame({"jeugdregio_code": m16["Jeugdzorgregios"].str.strip(), "gemeente_code": m16["gemeente_code"].str.strip(),
                      "indeling_year": 2016, "is_derived": False, "basis": "CBS Gebieden in Nederland 2016",
                      "share_addresses": 1.0, "source_id": "cbs_gebieden_2016"}),
        pd.DataFrame({"jeugdregio_code": m24["jeugdregio_code"].str.strip(), "gemeente_code": m24["gemeente_code_2024"].str.strip(),
                      "indeling_year": GEMEENTE_INDELING, "is_derived": True, "basis": m24["basis"].str.strip(),
                      "share_addresses": pd.to_numeric(m24["aandeel_adressen_in_jz"], errors="coerce"),
                      "source_id": "jeugdregio_2024_afgeleid"})], ignore_index=True)
    bad = rows[~rows["jeugdregio_code"].str.fullmatch(r"JZ\d\d") | ~rows["gemeente_code"].str.fullmatch(r"GM\d{4}")]
    if len(bad):
        raise InputError(f"Jeugdregio-indeling: onbekende codes in {len(bad)} rijen, zoals {bad.iloc[0].to_dict()}")
    return rows, names


def region_rows(mapping: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    """One ``region`` row per jeugdregio and indeling year (2016 and 2024), with its name."""
    by_code = names.set_index(names["statcode"].str.strip())
    name = by_code["statnaam_2023"].fillna(by_code["statnaam_2016"]).str.strip()
    pairs = mapping[["jeugdregio_code", "indeling_year"]].drop_duplicates()
    label = pairs["jeugdregio_code"].map(name).fillna("Jeugdregio " + pairs["jeugdregio_code"])
    return pd.DataFrame({"code": pairs["jeugdregio_code"].values, "level": LEVEL,
                         "name": np.where(pairs["indeling_year"] == GEMEENTE_INDELING, label + " (samenstelling 2024, afgeleid)",
                                          label + " (samenstelling 2016)"),
                         "parent_code": "NL00", "indeling_year": pairs["indeling_year"].values, "geometry_year": None})


def summed(observation: pd.DataFrame, mapping: pd.DataFrame,
           composition: str = "afgeleid uit CBS Gebieden in Nederland 2016",
           source_id: str = "jeugdregio_2024_afgeleid") -> pd.DataFrame:
    """Figures of each 2024 jeugdregio from its gemeenten (2024 indeling): counts summed, shares from sums.

    A region-year has a value only when every member gemeente has one; a suppressed member makes it
    secret, a gap missing. Every row is derived and says how many gemeenten it sums.
    """
    m24 = mapping[mapping["indeling_year"] == GEMEENTE_INDELING][["jeugdregio_code", "gemeente_code"]]
    size = m24.groupby("jeugdregio_code").size().rename("n_members")
    wanted = SUMMED + list(SHARES)
    obs = observation[observation["indicator_id"].isin(wanted) & (observation["indeling_year"] == GEMEENTE_INDELING)]
    obs = obs.merge(m24, left_on="region_code", right_on="gemeente_code")
    counts = obs[obs["indicator_id"].isin(SUMMED)]
    shares = obs[obs["indicator_id"].isin(list(SHARES))]
    # the group a share is of, per gemeente: CBS count / CBS share × 100
    cnt = counts.set_index(["indicator_id", "gemeente_code", "year"])["value"]
    key = pd.MultiIndex.from_arrays([shares["indicator_id"].map(SHARES), shares["gemeente_code"], shares["year"]])
    shares = shares.assign(num=cnt.reindex(key).to_numpy())
    shares = shares.assign(group=(shares["num"] / shares["value"] * 100).where(shares["value"] > 0))
    frames = []
    for part, value_col, den_col in ((counts, "value", None), (shares, "num", "group")):
        if part.empty:
            continue
        part = part.assign(ok=part[value_col].notna() & (part["status"] == "value")
                           & (part[den_col].notna() if den_col else True), is_secret=part["status"] == "secret")
        g = part.groupby(["indicator_id", "jeugdregio_code", "year"], as_index=False).agg(
            num=(value_col, "sum"), den=(den_col or value_col, "sum"), n_ok=("ok", "sum"), n=("ok", "size"),
            secret=("is_secret", "any"))
        g = g.merge(size, left_on="jeugdregio_code", right_index=True)
        complete = (g["n_ok"] == g["n"]) & (g["n"] == g["n_members"])
        g["value"] = (g["num"] / g["den"] * 100).round(6) if den_col else g["num"]
        g["numerator"] = g["num"] if den_col else None
        g["denominator"] = g["den"].round(1) if den_col else None
        g["status"] = np.select([complete, g["secret"]], ["value", "secret"], "missing")
        g.loc[g["status"] != "value", ["value", "numerator", "denominator"]] = np.nan
        how = ("Som van de " if not den_col else "Aandeel uit de opgetelde aantallen en groepen van de ")
        g["derivation"] = (how + g["n_members"].astype(str) + f" gemeenten van de jeugdregio (samenstelling 2024, {composition})"
                           + np.where(complete, "", "; niet alle gemeenten hebben een cijfer, dus geen som"))
        frames.append(g)
    if not frames:
        return pd.DataFrame(columns=OBS_COLUMNS)
    out = pd.concat(frames, ignore_index=True).rename(columns={"jeugdregio_code": "region_code"})
    out = out.assign(indeling_year=GEMEENTE_INDELING, is_derived=True, source_id=source_id)
    return out[OBS_COLUMNS]


def extend(raw_dir: Path, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Build step: jeugdregio regions, the mapping table and the summed figures (module docstring)."""
    print("[regio] Jeugdregio's: samenstelling 2016 (CBS) en 2024 (afgeleid), cijfers opgeteld", flush=True)
    mapping, names = read_mapping(raw_dir)
    gem24 = set(tables["region"].query("level == 'gemeente' and indeling_year == @GEMEENTE_INDELING")["code"])
    missing = gem24 - set(mapping.loc[mapping["indeling_year"] == GEMEENTE_INDELING, "gemeente_code"])
    if missing:
        raise InputError(f"{raw_dir / FILES['2024']}: {len(missing)} gemeenten van 2024 zonder jeugdregio "
                         f"({', '.join(sorted(missing)[:5])})")
    sources = pd.DataFrame([{"source_id": s.source_id, "title": s.title, "publisher": s.publisher,
                             "licence": s.licence, "credit": s.credit, "file_path": s.file_path,
                             "retrieved": s.retrieved, "sha256": loaders.sha256_file(raw_dir / Path(s.file_path).relative_to("data/raw")),
                             "is_demo": False} for s in SOURCES])
    return {**tables,
            "source": pd.concat([tables["source"], sources], ignore_index=True),
            "region": pd.concat([tables["region"], region_rows(mapping, names)], ignore_index=True),
            "jeugdregio_gemeente": mapping,
            "observation": pd.concat([tables["observation"], summed(tables["observation"], mapping)], ignore_index=True)}
