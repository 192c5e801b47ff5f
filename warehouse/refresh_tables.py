"""Refreshed CBS gemeente tables (jeugdzorg, kosten) to rows: whole years only, measures per spec.

One job: one table of ``refresh.plan.GEMEENTE_TABLES`` (v3 or v4) to indicator rows with CBS's
definitions; half years, quarters and months are left out of the yearly series.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from refresh import client as cbs_odata
from refresh.plan import MeasureSpec
from warehouse.refresh_cache import _docs, _rows
from warehouse.refresh_kwb import _level

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

