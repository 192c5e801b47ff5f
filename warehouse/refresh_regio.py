"""A refreshed CBS *Gebieden in Nederland* to ``jeugdregio_gemeente`` rows (the official composition).

One job: find the jeugdregio code column of the table (the ``Code`` topic under the topic group whose
title names the jeugd(zorg)regio's) and return one row per gemeente, in the 2024 indeling; the build
then uses it instead of the derived 2024 mapping of ``warehouse.jeugdregio``.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from refresh import client as cbs_odata
from warehouse.loaders import GEMEENTE_INDELING, InputError
from warehouse.refresh_cache import INDEX, _docs, _rows

GROUP_TITLE = re.compile(r"jeugd(zorg)?regio", re.IGNORECASE)


def code_column(properties: list[dict]) -> str:
    """The key of the jeugdregio code column: a Topic titled 'Code…' under the jeugdregio group."""
    groups = {p.get("ID") for p in properties if p.get("Type") == "TopicGroup" and GROUP_TITLE.search(str(p.get("Title", "")))}
    for p in properties:
        if p.get("Type") == "Topic" and p.get("ParentID") in groups and str(p.get("Title", "")).lower().startswith("code"):
            return p["Key"]
    direct = [p["Key"] for p in properties if p.get("Type") == "Topic" and GROUP_TITLE.search(str(p.get("Key", "")))]
    if direct:  # older editions (83287NED): the column itself is the region, e.g. 'Jeugdzorgregios'
        return direct[0]
    raise InputError("Gebieden in Nederland: geen kolom met de jeugdregio (een groep 'Jeugdzorgregio's' met 'Code')")


def jeugdregio_rows(root: Path, dataset: dict, mapping: dict[str, str]) -> pd.DataFrame:
    """``jeugdregio_gemeente`` rows of one refreshed *Gebieden in Nederland* (codes to the 2024 indeling).

    A gemeente of an older indeling goes to its 2024 code through ``mapping``; where merged gemeenten
    lay in different regions, the first (by code) is kept and ``basis`` says so.
    """
    properties = _rows(_docs(root, dataset, "properties"))
    structure = cbs_odata.v3_structure(properties)
    column = code_column(properties)
    data = _rows(_docs(root, dataset, "data"))
    if not data:
        raise InputError(f"Gebieden in Nederland ({dataset['table_id']}) in {root / INDEX} heeft geen rijen")
    df = pd.DataFrame({"gemeente": [cbs_odata.code(r.get(structure["region"], "")) for r in data],
                       "jz": [str(r.get(column) or "").strip() for r in data]})
    df = df[df["gemeente"].str.startswith("GM") & df["jz"].str.fullmatch(r"JZ\d\d")]
    df["code24"] = df["gemeente"].map(mapping).fillna(df["gemeente"])
    df = df.sort_values("gemeente")
    mixed = df.groupby("code24")["jz"].transform("nunique") > 1
    df["basis"] = f"CBS Gebieden in Nederland {dataset.get('year')} ({dataset['table_id']})"
    df.loc[mixed, "basis"] += ": samengevoegde gemeenten lagen in verschillende regio's, de eerste telt"
    df = df.drop_duplicates("code24")
    return pd.DataFrame({"jeugdregio_code": df["jz"], "gemeente_code": df["code24"], "indeling_year": GEMEENTE_INDELING,
                         "is_derived": df["code24"] != df["gemeente"], "basis": df["basis"],
                         "share_addresses": 1.0, "source_id": dataset["source_id"]})
