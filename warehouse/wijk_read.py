"""Reading the bundled wijk files: KWB 2021–2022 (decimals restored) and the yearly youth-care tables.

One job: files in ``data/raw/cbs_wijken/`` to tidy frames, checked (missing columns, unknown levels,
cut-off files). The cut-off point of a table is returned, never filled in.
"""
from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from warehouse import loaders
from warehouse.loaders import InputError, restore_decimals
from warehouse.wijk_catalogue import JZ_COLUMNS, KWB_COUNTS, KWB_KEYS, LEVELS

def original_sha256(path: Path) -> str:
    """sha256 of the original (uncompressed) file: gzip is lossless, so this is the source's own hash."""
    if not path.exists():
        raise InputError(f"Invoerbestand ontbreekt: {path}")
    with gzip.open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def read_kwb(path: Path, props: dict[str, dict]) -> pd.DataFrame:
    """The KWB 2021/2022 rows with decimals restored from the CBS column dictionary (85984NED).

    The export dropped the decimal sign where CBS publishes decimals ('23' is 2,3; '09' is 0,9);
    values that kept their sign are taken as they are. Every column is restored, none guessed.
    """
    df = loaders.read_csv(path, ["gwb_code", "recs", "year", "ind_wbi", *KWB_KEYS, *KWB_COUNTS], dtype=str,
                          low_memory=False)
    df["marker"] = pd.to_numeric(df["ind_wbi"], errors="coerce")  # CBS change marker: 1 = as the year before
    df["code"] = df["gwb_code"].str.strip()
    df["level"] = df["recs"].str.strip().map(LEVELS)
    df["year"] = pd.to_numeric(df["year"], errors="coerce")
    if df["level"].isna().any() or df["year"].isna().any():
        raise InputError(f"Invoerbestand {path}: onbekende 'recs' of 'year' in {int(df.level.isna().sum())} rijen")
    df["year"] = df["year"].astype(int)
    loaders.unique_on(df, ["code", "year"], path)
    for short, key in KWB_KEYS.items():
        if key not in props:
            raise InputError(f"De CBS-kolombeschrijving mist {key} (voor KWB-kolom {short})")
        df[short] = restore_decimals(df[short], props[key]["decimals"])
    for short in KWB_COUNTS:
        df[short] = loaders.numeric(df, short, path)
    return df


def _jz_columns(df: pd.DataFrame) -> dict[str, str]:
    """Columns of a youth-care table -> measure, on their base name."""
    return {c: JZ_COLUMNS[loaders.base_name(c)] for c in df.columns if loaders.base_name(c) in JZ_COLUMNS}


def read_wijk_table(path: Path, year: int) -> tuple[pd.DataFrame, dict | None]:
    """One yearly youth-care table: rows of the first form, and the gemeente where it was cut off.

    The file stops after 10.000 rows. Rows come per gemeente with its wijken (2015 in code order, the
    other years by name); the last gemeente in a cut-off file may lack wijken or periods, so it is left
    out whole, and the returned cut (name, code, order) marks where the bundled data stop (None: the
    first form is complete).
    """
    df = loaders.read_csv(path, ["Wijken", "Perioden"], sep=";", encoding="utf-8-sig", dtype=str)
    col = {loaders.base_name(c): c for c in df.columns}
    form = df[df.columns[1]]
    complete = form.nunique() > 1  # the second form began: the first is complete
    df = df[form == form.iloc[0]].copy()
    df["code"] = df[col["Codering"]].str.strip()
    df["level"] = df[col["SoortRegio"]].fillna("").str.strip().map(LEVELS)
    df.loc[df["code"].str.startswith("NL"), "level"] = "land"  # some tables leave SoortRegio empty for NL
    df["gemeentenaam"] = df[col["Gemeentenaam"]].fillna("").str.strip()
    df["name"] = df["Wijken"].str.strip()
    # CBS's change marker against the year before (1: code and boundary unchanged); empty where not given
    df["marker"] = pd.to_numeric(df[col["IndelingswijzigingWijken"]], errors="coerce")
    df = df[df["level"].notna() & df["code"].str.len().gt(0)]
    cut = None
    if not complete:
        last = df[df.level == "gemeente"].iloc[-1]
        codes = df.loc[df.level == "gemeente", "code"].drop_duplicates()
        by_code = codes.is_monotonic_increasing  # 2015 comes in code order, the other years by name
        cut = {"name": last["gemeentenaam"], "code": last["code"], "by_code": bool(by_code)}
        df = df[df["gemeentenaam"] != cut["name"]]
    df.loc[df["level"] == "land", "code"] = "NL00"
    period = df["Perioden"].str.strip()
    df["period"] = np.select([period == str(year), period == f"1e halfjaar {year}"], ["jaar", "hj1"], "")
    df = df[df["period"] != ""]
    for c in _jz_columns(df):
        df[c] = loaders.numeric(df, c, path)
    df["year"] = year
    return df, cut



def read_gemeenten_2022(path: Path) -> pd.Series:
    """The 2022 gemeente youth-care counts (raw fixed-width strings; '.' is secret) by code."""
    df = loaders.read_csv(path, ["Wijken", "TotaalJongerenMetJeugdzorgInNatura_1"], dtype=str)
    code = df["Wijken"].str.strip().replace({"NL00": "NL00"})
    value = pd.to_numeric(df["TotaalJongerenMetJeugdzorgInNatura_1"].str.strip(), errors="coerce")
    return pd.Series(value.values, index=code.values)

