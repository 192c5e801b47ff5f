"""Import templates for organisations: CSV and XLSX with Dutch headers and an explanation sheet.

    python -m orgdata.templates     # (re)writes data/templates/

The templates are made from the data contract (orgdata/contract.py), so they cannot drift from
what the importer accepts. The XLSX has the columns on sheet 'gegevens' with drop-down lists for
the fixed choices, and the explanation of every column on sheet 'uitleg'.
"""
from __future__ import annotations

import io
import sys

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from orgdata.contract import TEMPLATES
from warehouse import ROOT

TEMPLATE_DIR = ROOT / "data" / "templates"


def csv_bytes(kind: str) -> bytes:
    """The CSV template: Dutch headers, one example row, semicolons (as Dutch Excel writes)."""
    template = TEMPLATES[kind]
    df = pd.DataFrame(list(template.example), columns=template.headers)
    return df.to_csv(index=False, sep=";").encode("utf-8-sig")


def xlsx_bytes(kind: str) -> bytes:
    """The XLSX template: sheet 'gegevens' (headers, example, drop-downs) and sheet 'uitleg'."""
    template = TEMPLATES[kind]
    wb = Workbook()
    data = wb.active
    data.title = "gegevens"
    data.append(template.headers)
    for row in template.example:
        data.append(list(row))
    for cell in data[1]:
        cell.font = Font(bold=True)
    lists = wb.create_sheet("keuzelijsten")
    for i, col in enumerate(template.columns, start=1):
        data.column_dimensions[data.cell(1, i).column_letter].width = max(14, len(col.name) + 4)
        if col.choices:
            letter = lists.cell(1, i).column_letter
            lists.cell(1, i, col.name)
            for j, choice in enumerate(col.choices, start=2):
                lists.cell(j, i, choice)
            rule = DataValidation(type="list", formula1=f"=keuzelijsten!${letter}$2:${letter}${len(col.choices) + 1}",
                                  allow_blank=not col.required, showErrorMessage=True,
                                  error=f"Kies een waarde uit de lijst voor '{col.name}'.")
            data.add_data_validation(rule)
            rule.add(f"{data.cell(2, i).column_letter}2:{data.cell(2, i).column_letter}100000")
    info = wb.create_sheet("uitleg")
    info.append([template.title])
    info["A1"].font = Font(bold=True, size=13)
    info.append(["Eén rij per combinatie van " + ", ".join(c.name for c in template.columns
                                                           if c.target in template.key) +
                 ". Alleen totalen: geen namen, geboortedata, adressen of BSN (zo'n bestand wordt geweigerd)."])
    info.append([])
    info.append(["kolom", "verplicht", "uitleg", "toegestane waarden"])
    for cell in info[4]:
        cell.font = Font(bold=True)
    for col in template.columns:
        info.append([col.name, "ja" if col.required else "nee", col.explanation, "; ".join(col.choices)])
    info.column_dimensions["A"].width, info.column_dimensions["C"].width = 18, 60
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_all() -> list[str]:
    """Write every template as CSV and XLSX into data/templates/; the paths written."""
    TEMPLATE_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in TEMPLATES:
        for suffix, make in (("csv", csv_bytes), ("xlsx", xlsx_bytes)):
            path = TEMPLATE_DIR / f"sjabloon_{kind}.{suffix}"
            path.write_bytes(make(kind))
            written.append(str(path.relative_to(ROOT)))
    return written


if __name__ == "__main__":
    print("\n".join(write_all()))
    sys.exit(0)
