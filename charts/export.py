"""Download formats for a chart's data: Dutch CSV and Excel. The data has passed run_query,
so small organisation figures are already suppressed."""
from __future__ import annotations

import io

import pandas as pd


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV as Dutch Excel opens it: semicolons, decimal comma, UTF-8 with BOM."""
    return df.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def xlsx_bytes(df: pd.DataFrame, sheet: str = "gegevens") -> bytes:
    """The rows as an Excel file (one sheet, at most 31 characters in its name)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        df.to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()
