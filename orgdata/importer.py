"""Read and validate an organisation's file against the data contract (orgdata/contract.py).

Everything here is pure: bytes in, a validated DataFrame and a Dutch problem report out. The
store (orgdata/store.py) writes; this module never does.

Number format: in a file separated by semicolons (the Dutch Excel default) or tabs (Excel's
"Unicode-tekst", UTF-16) and in text cells of an XLSX, '.' groups thousands and ',' is the decimal
sign; in a comma-separated file '.' is the decimal sign. A lone ',' is always a decimal comma. XLSX
cells that hold numbers are numbers.

Hostile files (issue 14): every file up to the upload limit is judged within a budget. Cells,
columns and rows are capped before any pattern runs, the personal-data patterns are linear, an
XLSX's zip directory is checked (unpacked size, ratio) before openpyxl opens it, and ``Budget``
stops the rest after TIME_BUDGET_S CPU seconds; the limits live in orgdata/contract.py.
"""
from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from typing import Callable
from datetime import date, datetime

import numpy as np
import pandas as pd

from orgdata.contract import (MAX_AMOUNT, MAX_BYTES, MAX_CELL_CHARS, MAX_COLUMNS, MAX_COUNT, MAX_ROWS,
                              MAX_XLSX_PART, MAX_XLSX_RATIO, MAX_XLSX_UNPACKED, TEMPLATES, TIME_BUDGET_S,
                              Template)
PERSONAL_HEADER = re.compile(
    r"naam|name|bsn|burgerservice|geboren|geboorte|birth|adres|address|straat|huisnummer|"
    r"postcode|telefoon|phone|e-?mail|initialen|voornaam|achternaam", re.I)
POSTCODE_HOUSE = re.compile(r"\b[1-9]\d{3}\s?[A-Za-z]{2}\s*+(?:[-,]\s*+)?\d", re.I)  # possessive: linear
FULL_DATE = re.compile(r"^\s*(\d{1,2}[-/.]\d{1,2}[-/.](19|20)\d{2}|(19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})\s*$")
# One character before the @ is enough to find an address; '[^@\s]+@' would try every start of a
# long run of letters again (quadratic). Cells are also capped at MAX_CELL_CHARS before any pattern.
EMAIL = re.compile(r"[^@\s]@[^@\s]+\.[a-z]{2,}", re.I)
FORMULA = re.compile(r"^\s*[=+@\t\r]|^\s*-[^\d.,\s]")


class ImportRefused(ValueError):
    """The whole file is refused (unreadable, empty, or personal data); the message says why."""


@dataclass
class Context:
    """What the file is checked against: the codes of the warehouse and today's month."""
    wijken: dict[int, set[str]]          # indeling year -> wijk codes
    wijk_indelingen: dict[str, set[int]]  # gemeente code -> indeling years with wijken of its own
    gemeenten: set[str]
    merged_gemeenten: dict[str, str]      # old code -> new code
    taakvelden: dict[int, set[str]]       # boekjaar -> taakveld codes
    today: date = field(default_factory=date.today)


@dataclass
class Validation:
    rows: pd.DataFrame                   # the valid rows in warehouse columns (empty when problems)
    problems: pd.DataFrame               # regel, kolom, probleem, waarde
    warnings: list[str]
    n_rows: int

    @property
    def ok(self) -> bool:
        """True when the file has rows and no problem was found."""
        return self.problems.empty and self.n_rows > 0


# --- reading --------------------------------------------------------------------------------

class Budget:
    """The work one file may cost to be judged; a step that finds it spent refuses the file.

    Counted in CPU seconds of the checking thread (``time.thread_time``), not wall time: on a
    busy server a normal file is not refused because other sessions share the cores, while a
    hostile file still stops after the same amount of work. The steps are vectorised or bounded
    (cells are capped, patterns are linear), so checking between them keeps the whole judgement
    within the budget plus one step.
    """

    def __init__(self, seconds: float | None = None):
        self.seconds = TIME_BUDGET_S if seconds is None else seconds
        self.deadline = time.thread_time() + self.seconds

    def check(self) -> None:
        """Refuse the file when checking it has used up its time budget."""
        if time.thread_time() > self.deadline:
            raise ImportRefused(f"Het controleren van dit bestand duurt langer dan {self.seconds:g} seconden; "
                                "splits het in kleinere bestanden (bijvoorbeeld één per jaar) en lever die apart aan.")


def count(n: int, one: str, many: str) -> str:
    """'1 probleem', '2 problemen', '1.234 rijen': a Dutch count with the right noun."""
    return f"{n:,}".replace(",", ".") + " " + (one if n == 1 else many)


def read_table(data: bytes, file_name: str, budget: Budget | None = None) -> tuple[pd.DataFrame, bool]:
    """The file as a table of text cells, and whether its numbers follow Dutch notation."""
    budget = budget or Budget()
    if not data or not data.strip():
        raise ImportRefused("Het bestand is leeg; vul het sjabloon met uw cijfers en lever het opnieuw aan.")
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"Het bestand is groter dan {MAX_BYTES // 1024 // 1024} MB; splits het in kleinere "
                            "bestanden (bijvoorbeeld één per jaar) en lever die apart aan.")
    if file_name.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        table, dutch = _read_xlsx(data, budget), True
    else:
        table, dutch = _read_csv(data)
    _check_cell_lengths(table)
    budget.check()
    return table, dutch


def _decode(data: bytes) -> str:
    """Text from UTF-16 (Excel's 'Unicode-tekst', with a BOM), UTF-8 or Windows-1252."""
    head = data[:2000]
    utf16 = None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        utf16 = "utf-16"
    elif len(head) >= 4 and head[1::2].count(0) > 0.9 * len(head[1::2]) and head[0::2].count(0) == 0:
        utf16 = "utf-16-le"  # no BOM, but every other byte is zero: UTF-16 little-endian
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise ImportRefused("Het bestand lijkt Unicode-tekst maar is beschadigd; sla het in Excel opnieuw op "
                                "(als CSV of Excel-werkmap) en lever het opnieuw aan.") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Windows-1252: Excel's 'CSV' on Windows


_PANDAS_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _read_csv(data: bytes) -> tuple[pd.DataFrame, bool]:
    text = _decode(data)
    if "\x00" in text:
        raise ImportRefused("Dit is geen tekstbestand (CSV) of Excel-bestand (XLSX); sla uw gegevens op als CSV "
                            "of Excel-werkmap en lever dat aan.")
    first = text.lstrip().split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in ("\t", ";", ",")}
    if counts["\t"] and counts["\t"] >= max(counts[";"], counts[","]):
        sep = "\t"  # Excel's 'Unicode-tekst' and 'Tekst (tab-gescheiden)'
    else:
        sep = ";" if counts[";"] >= counts[","] and counts[";"] else ","
    shown = "tab" if sep == "\t" else f"'{sep}'"
    _check_shape(first.count(sep) + 1, text.count("\n"))
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                         skip_blank_lines=True, on_bad_lines="error")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        fields = _PANDAS_FIELDS.search(str(exc))
        where = (f"regel {fields.group(2)} heeft {fields.group(3)} kolommen in plaats van {fields.group(1)}"
                 if fields else "de aanhalingstekens of kolommen kloppen niet")
        raise ImportRefused(f"Het bestand is niet te lezen als CSV met {shown} als scheidingsteken ({where}); "
                            "zorg dat elke regel evenveel kolommen heeft en lever het opnieuw aan.") from exc
    # Dutch Excel writes decimal commas in a semicolon- or tab-separated file.
    return df, sep in (";", "\t")


def _check_shape(columns: int, rows: int) -> None:
    """Refuse a table far larger than any delivery, before building it."""
    if columns > MAX_COLUMNS:
        raise ImportRefused(f"Het bestand heeft {count(columns, 'kolom', 'kolommen')} (meer dan {MAX_COLUMNS}); "
                            "gebruik de kolommen van het sjabloon en lever het bestand opnieuw aan.")
    if rows > MAX_ROWS + 1:
        raise ImportRefused(f"Het bestand heeft meer dan {MAX_ROWS:,} rijen; splits het in kleinere bestanden "
                            "(bijvoorbeeld één per jaar) en lever die apart aan.".replace(",", "."))


def _check_cell_lengths(df: pd.DataFrame) -> None:
    """Refuse a cell longer than any template value, before any pattern looks at it."""
    for k, name in enumerate(df.columns):
        if len(str(name)) > MAX_CELL_CHARS:
            raise ImportRefused(f"Kolomkop {k + 1} is langer dan {MAX_CELL_CHARS} tekens; gebruik de kolomkoppen "
                                "van het sjabloon en lever het bestand opnieuw aan.")
        lengths = df.iloc[:, k].astype(str).str.len()
        if len(lengths) and lengths.max() > MAX_CELL_CHARS:
            row = int(lengths.to_numpy().argmax()) + 2
            raise ImportRefused(f"Kolom '{str(name)[:40]}' heeft op regel {row} een waarde van "
                                f"{count(int(lengths.max()), 'teken', 'tekens')} (meer dan {MAX_CELL_CHARS}); "
                                "zet in elke cel alleen een code, een keuze uit het sjabloon of een getal en "
                                "lever het bestand opnieuw aan.")


def _check_zip(data: bytes) -> None:
    """Refuse a zip bomb before openpyxl unpacks anything.

    The declared sizes are safe to trust: zipfile never reads a member past its declared size
    (and fails on the CRC instead), so a member that lies only gets shorter.
    """
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportRefused("Het Excel-bestand is niet te openen (het is beschadigd); sla het in Excel opnieuw op "
                            "en lever het opnieuw aan.") from exc
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_XLSX_UNPACKED or len(infos) > 1000:
        raise ImportRefused(f"Het Excel-bestand is uitgepakt groter dan {MAX_XLSX_UNPACKED // 1024 // 1024} MB; "
                            "lever alleen het tabblad met gegevens aan, of splits het in kleinere bestanden.")
    for info in infos:
        if info.file_size > MAX_XLSX_PART and not info.filename.startswith("xl/worksheets/"):
            raise ImportRefused(f"Het Excel-bestand heeft een onderdeel ({info.filename[:60]}) van meer dan "
                                f"{MAX_XLSX_PART // 1024 // 1024} MB; sla alleen uw gegevens op in een nieuwe werkmap "
                                "en lever die aan.")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1):
            raise ImportRefused("Het Excel-bestand bevat een onderdeel dat uitgepakt meer dan "
                                f"{MAX_XLSX_RATIO} keer zo groot wordt (een 'zipbom'); sla het in Excel opnieuw "
                                "op als werkmap met alleen uw gegevens en lever het opnieuw aan.")


def _read_xlsx(data: bytes, budget: Budget) -> pd.DataFrame:
    from openpyxl import load_workbook  # imported here: only XLSX uploads need it

    _check_zip(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportRefused("Het Excel-bestand is niet te openen (het is beschadigd of geen werkmap); sla het in "
                            "Excel opnieuw op als werkmap (.xlsx) en lever het opnieuw aan.") from exc
    budget.check()
    names = [n for n in wb.sheetnames if n.lower() not in ("uitleg", "toelichting", "keuzelijsten")]
    if not names:
        raise ImportRefused("Het Excel-bestand heeft geen werkblad met gegevens (alleen 'uitleg'); zet uw cijfers "
                            "op het eerste tabblad van het sjabloon en lever het opnieuw aan.")
    rows = []
    try:
        for k, row in enumerate(wb[names[0]].iter_rows(values_only=True)):
            if k % 2000 == 0:
                budget.check()
            while row and (row[-1] is None or str(row[-1]).strip() == ""):
                row = row[:-1]  # Excel keeps formatted empty cells at the end of a row
            if row:
                _check_shape(len(row), k)
                rows.append(row)
    except ImportRefused:
        raise
    except Exception as exc:
        raise ImportRefused("Het Excel-bestand is niet te lezen (het werkblad is beschadigd); sla het in Excel "
                            "opnieuw op en lever het opnieuw aan.") from exc
    finally:
        wb.close()
    if not rows:
        raise ImportRefused("Het eerste werkblad is leeg; zet uw cijfers onder de kopregel van het sjabloon en "
                            "lever het opnieuw aan.")
    width = max(len(r) for r in rows)
    header = ["" if c is None else str(c).strip() for c in rows[0]] + [""] * (width - len(rows[0]))
    body = [[_cell_text(c) for c in r[:len(header)]] + [""] * (len(header) - len(r)) for r in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=str)


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.strftime("%Y-%m-%d") if (cell.hour, cell.minute) == (0, 0) else cell.isoformat()
    if isinstance(cell, float):  # a number cell: written with a decimal comma, read back exactly
        return str(int(cell)) if cell.is_integer() else repr(cell).replace(".", ",")
    return str(cell)


# --- personal data --------------------------------------------------------------------------

def bsn_11_proef(values: pd.Series) -> pd.Series:
    """True where a value is a 9-digit number passing the BSN eleven test."""
    digits = values.str.replace(r"[\s.\-]", "", regex=True)
    nine = digits.str.fullmatch(r"\d{9}").fillna(False)
    result = pd.Series(False, index=values.index)
    if nine.any():
        d = np.array([[int(ch) for ch in s] for s in digits[nine]])
        weights = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])
        total = d @ weights
        result[nine] = (total % 11 == 0) & (total != 0)
    return result


def personal_data(df: pd.DataFrame, template: Template, budget: Budget | None = None) -> list[str]:
    """Reasons to refuse the whole file because it seems to hold personal data."""
    budget = budget or Budget()
    reasons = []
    known = {c.name for c in template.columns}
    for col in dict.fromkeys(str(c).strip() for c in df.columns):
        if col.lower() not in known and not UNNAMED.match(col) and PERSONAL_HEADER.search(col):
            reasons.append(f"kolom '{col}' lijkt persoonsgegevens te bevatten")
    df = _named_columns(df)
    month_cols = {c.name for c in template.columns if c.kind == "month"}
    for k, col in enumerate(df.columns):
        budget.check()
        column = df.iloc[:, k].astype(str)
        values = pd.Series(column.unique())  # a template file repeats its codes: check each value once
        checks = [(lambda: bsn_11_proef(values), "een burgerservicenummer (BSN, voldoet aan de 11-proef)"),
                  (lambda: values.str.contains(POSTCODE_HOUSE), "een postcode met huisnummer"),
                  (lambda: values.str.contains(EMAIL), "een e-mailadres")]
        if col not in month_cols:
            checks.append((lambda: values.str.match(FULL_DATE), "een volledige datum (geboortedatum?)"))
        for test, what in checks:
            budget.check()
            mask = test()
            if mask.any():
                first = int(np.flatnonzero(column.isin(values[mask.to_numpy()]).to_numpy())[0]) + 2
                reasons.append(f"kolom '{col}' bevat {what}, bijvoorbeeld op regel {first}")
    return reasons


# --- validation -----------------------------------------------------------------------------

UNNAMED = re.compile(r"^(unnamed: \d+|)$", re.I)


def _named_columns(raw: pd.DataFrame) -> pd.DataFrame:
    """Headers stripped and lower-cased; columns without a header and without data dropped
    (Excel writes them after formatted empty cells). A column with data but no header stays, as 'kolom zonder kop'."""
    df = raw.copy()
    names = [str(c).strip().lower() for c in df.columns]
    keep = [not (UNNAMED.match(name) and (df.iloc[:, k].astype(str).str.strip() == "").all())
            for k, name in enumerate(names)]
    df = df.loc[:, keep]
    kept = [n for n, k in zip(names, keep) if k]
    nameless = iter(range(1, len(kept) + 1))
    df.columns = [f"kolom zonder kop {next(nameless)}" if UNNAMED.match(n) else n for n in kept]
    return df


def parse_numbers(values: pd.Series, dutch: bool) -> pd.Series:
    """Text to numbers (NaN where it is not a number); see the module doc for the notation."""
    s = values.str.strip().str.replace(r"[\s€\u00a0]", "", regex=True)
    both = s.str.contains(",") & s.str.contains(r"\.")
    comma_last = s.str.rfind(",") > s.str.rfind(".")
    s = s.where(~(both & comma_last), s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    s = s.where(~(both & ~comma_last), s.str.replace(",", "", regex=False))
    only_comma = ~both & s.str.contains(",")
    s = s.where(~only_comma, s.str.replace(",", ".", regex=False))
    if dutch:
        grouped = ~both & ~only_comma & s.str.fullmatch(r"-?\d{1,3}(\.\d{3})+").fillna(False)
        s = s.where(~grouped, s.str.replace(".", "", regex=False))
    ok = s.str.fullmatch(r"-?\d+(\.\d+)?").fillna(False)
    return pd.to_numeric(s.where(ok), errors="coerce")


def _norm(text: pd.Series) -> pd.Series:
    return text.str.strip().str.lower().str.replace(r"\s+", " ", regex=True)


def validate(raw: pd.DataFrame, dutch: bool, template: Template, ctx: Context,
             budget: Budget | None = None) -> Validation:
    """Check every row and column; return valid rows or every problem by row and column."""
    budget = budget or Budget()
    problems: list[pd.DataFrame] = []
    warnings: list[str] = []
    df = _named_columns(raw)
    n = len(df)
    doubled = sorted({c for c in df.columns if list(df.columns).count(c) > 1})
    if doubled:
        msg = (f"Kolom(men) komen meer dan eens voor: {', '.join(doubled)} (hoofdletters en spaties tellen niet). "
               "Laat elke kolom één keer staan.")
        return Validation(pd.DataFrame(), _problem_frame([pd.DataFrame(
            {"regel": [1], "kolom": [", ".join(doubled)], "probleem": [msg], "waarde": [""]})]), [], n)

    def flag(mask: pd.Series, column: str, message: str) -> None:
        if mask.any():
            idx = np.flatnonzero(mask.to_numpy())
            problems.append(pd.DataFrame({"regel": idx + 2, "kolom": column, "probleem": message,
                                          "waarde": df[column].iloc[idx].to_numpy() if column in df else ""}))

    missing = [c.name for c in template.columns if c.required and c.name not in df.columns]
    if missing:
        msg = (f"Verplichte kolom(men) ontbreken: {', '.join(missing)}. Verwacht: {', '.join(template.headers)}. "
               "Gebruik het sjabloon uit data/templates/.")
        return Validation(pd.DataFrame(), _problem_frame([pd.DataFrame(
            {"regel": [1], "kolom": [", ".join(missing)], "probleem": [msg], "waarde": [""]})]), [], n)
    extra = [c for c in df.columns if c not in template.headers]
    if extra:
        warnings.append(f"Kolommen die niet in het sjabloon staan worden genegeerd: {', '.join(extra)}.")
    if n == 0:
        return Validation(pd.DataFrame(), _problem_frame([pd.DataFrame(
            {"regel": [2], "kolom": [""], "probleem": ["Het bestand bevat geen gegevensrijen."], "waarde": [""]})]),
            warnings, 0)

    out = pd.DataFrame(index=df.index)
    # Periods first: a wijk code is checked against the indeling of its row's year.
    for col in sorted(template.columns, key=lambda c: c.kind not in ("month", "year")):
        budget.check()
        if col.name not in df.columns:
            out[col.target] = None
            continue
        text = df[col.name].fillna("").astype(str)
        empty = text.str.strip() == ""
        flag(text.str.match(FORMULA) & ~empty & ~text.str.fullmatch(r"\s*-?[\d.,]+\s*"), col.name,
             "Formule of opdracht niet toegestaan (begint met =, +, - of @)")
        if col.required:
            flag(empty, col.name, "Leeg, maar verplicht")
        out[col.target] = _convert(text, empty, col, dutch, flag, out, ctx)

    budget.check()
    key = list(template.key)
    valid_key = out[key].notna().all(axis=1)
    dup = out[key].duplicated(keep=False) & valid_key
    if dup.any():
        first_row = out[dup].groupby(key, dropna=False).cumcount()
        later = first_row[first_row > 0].index
        mask = pd.Series(False, index=df.index)
        mask[later] = True
        flag(mask, template.columns[0].name, "Dubbele rij: deze combinatie van " + ", ".join(
            c.name for c in template.columns if c.target in key) + " komt vaker voor")

    report = _problem_frame(problems)
    ordered = [c.target for c in template.columns] + (["indeling_year"] if "indeling_year" in out else [])
    rows = out[ordered] if report.empty else pd.DataFrame()
    return Validation(rows, report, warnings, n)


def _convert(text, empty, col, dutch, flag, out, ctx: Context) -> pd.Series:
    name = col.name
    if col.kind in ("count", "number"):
        values = parse_numbers(text, dutch)
        flag(values.isna() & ~empty, name, "Geen getal")
        limit = MAX_AMOUNT if name == "bedrag_euro" else MAX_COUNT
        flag(values.abs() > limit, name, f"Onwaarschijnlijk groot (meer dan {limit:,})".replace(",", "."))
        if name != "bedrag_euro":
            flag(values < 0, name, "Negatief aantal")
        if col.kind == "count":
            flag(values.notna() & (values % 1 != 0), name, "Moet een heel getal zijn")
        return values.where(values.abs() <= limit)
    if col.kind == "choice":
        lookup = {c.lower(): c for c in col.choices}
        values = _norm(text).map(lookup)
        flag(values.isna() & ~empty, name, "Onbekende waarde; toegestaan: " + "; ".join(col.choices))
        return values
    if col.kind == "month":
        m = text.str.strip().str.extract(r"^(\d{4})-(\d{1,2})(?:-01)?$")
        year, month = pd.to_numeric(m[0], errors="coerce"), pd.to_numeric(m[1], errors="coerce")
        bad = year.isna() | ~month.between(1, 12) | ~year.between(2015, ctx.today.year)
        future = (year * 12 + month) > (ctx.today.year * 12 + ctx.today.month)
        flag(bad & ~empty, name, "Geen geldige maand: schrijf JJJJ-MM (vanaf 2015)")
        flag(~bad & future, name, "Maand ligt in de toekomst")
        ok = ~bad & ~future
        return pd.to_datetime((year.astype("Int64").astype(str) + "-" + month.astype("Int64").astype(str)
                               + "-01").where(ok), errors="coerce").dt.date
    if col.kind == "year":
        values = parse_numbers(text, False)
        bad = ~values.between(2015, ctx.today.year + 1) | (values % 1 != 0)
        flag(bad & ~empty, name, f"Geen geldig jaar (2015 tot en met {ctx.today.year + 1})")
        return values.where(~bad).astype("Int64")
    if col.kind == "gemeente":
        code = text.str.strip().str.upper()
        merged = code.isin(list(ctx.merged_gemeenten))
        flag(merged, name, "Opgeheven gemeente (herindeling): gebruik de nieuwe gemeentecode")
        flag(~code.isin(list(ctx.gemeenten)) & ~merged & ~empty, name, "Onbekende gemeentecode (indeling 2024)")
        return code.where(code.isin(list(ctx.gemeenten)))
    if col.kind == "wijk":
        code = text.str.strip().str.upper()
        months = out.get("month")
        years = pd.Series([m.year if isinstance(m, date) else None for m in months], index=text.index) \
            if months is not None else pd.Series(None, index=text.index)
        gem = "GM" + code.str[2:6]
        indeling = [y if y in ctx.wijk_indelingen.get(g, set()) else 2024 for g, y in zip(gem, years)]
        known = pd.Series([c in ctx.wijken.get(i, set()) for c, i in zip(code, indeling)], index=text.index)
        flag(~known & ~empty, name, "Onbekende wijkcode in de wijkindeling van dat jaar")
        out["indeling_year"] = indeling
        return code.where(known)
    if col.kind == "taakveld":
        code = text.str.strip().str.lower()
        years = out.get("year")
        known = pd.Series([c in ctx.taakvelden.get(int(y), set()) if pd.notna(y) else False
                           for c, y in zip(code, years)], index=text.index)
        flag(~known & ~empty, name, "Onbekend Iv3-taakveld voor dat boekjaar")
        return code.where(known)
    raise ValueError(f"onbekend kolomtype {col.kind}")


def _problem_frame(parts: list[pd.DataFrame]) -> pd.DataFrame:
    cols = ["regel", "kolom", "probleem", "waarde"]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols].sort_values(["regel", "kolom"], kind="stable") \
        .reset_index(drop=True)


def summarise(problems: pd.DataFrame, max_rows: int = 5) -> pd.DataFrame:
    """Problems grouped by column and kind, with the first rows: for a report of 1,000 errors."""
    if problems.empty:
        return pd.DataFrame(columns=["kolom", "probleem", "aantal", "regels"])
    grouped = problems.groupby(["kolom", "probleem"], sort=False)["regel"].agg(["count", list]).reset_index()
    grouped["regels"] = [", ".join(map(str, rows[:max_rows])) + (f" en {len(rows) - max_rows} meer"
                         if len(rows) > max_rows else "") for rows in grouped["list"]]
    return grouped.rename(columns={"count": "aantal"})[["kolom", "probleem", "aantal", "regels"]]


def check_file(data: bytes, file_name: str, kind: str, ctx: Context,
               progress: Callable[[float, str], None] | None = None) -> Validation:
    """Read, refuse personal data, and validate. Raises ImportRefused for a file refused whole.

    ``progress(fraction, label)`` hears of each step (the Data page shows it); the whole check
    stops with a refusal when it takes longer than TIME_BUDGET_S.
    """
    if kind not in TEMPLATES:
        raise ImportRefused(f"Onbekend soort bestand '{kind}'; kies uit {', '.join(TEMPLATES)}.")
    template = TEMPLATES[kind]
    budget = Budget()
    step = progress or (lambda fraction, label: None)
    step(0.05, "Bestand lezen …")
    raw, dutch = read_table(data, file_name, budget)
    step(0.35, f"Zoeken naar persoonsgegevens in {count(len(raw), 'rij', 'rijen')} …")
    reasons = personal_data(raw, template, budget)
    if reasons:
        raise ImportRefused("Het bestand is geweigerd omdat het persoonsgegevens lijkt te bevatten: "
                            + "; ".join(reasons[:5]) + " — lever alleen totalen per wijk en maand aan.")
    step(0.6, "Elke rij en kolom controleren …")
    validation = validate(raw, dutch, template, ctx, budget)
    step(1.0, "Gecontroleerd.")
    return validation


def outcome(validation: Validation) -> str:
    """One Dutch sentence on a checked file: how many problems in how many rows, and what to do."""
    n, problems = validation.n_rows, validation.problems
    if problems.empty:
        return f"Geen problemen gevonden in {count(n, 'rij', 'rijen')}."
    if (problems["regel"] == 1).all():
        return (f"Niet geïmporteerd: de kopregel klopt niet ({problems['probleem'].iloc[0].rstrip('.')}); "
                "er is niets veranderd.")
    if n == 0:
        return ("Niet geïmporteerd: het bestand heeft alleen een kopregel en geen gegevensrijen; vul onder de "
                "kopregel uw cijfers in en lever het opnieuw aan.")
    bad = problems["regel"].nunique()
    where = "de enige rij" if n == 1 else f"{bad:,} van de {count(n, 'rij', 'rijen')}".replace(",", ".")
    return (f"Niet geïmporteerd: {count(len(problems), 'probleem', 'problemen')} in {where}; er is niets "
            "veranderd, verbeter het bestand en lever het opnieuw aan.")
