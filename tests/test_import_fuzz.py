"""Fuzzing the import: malformed files of every kind never raise, never half-import.

Every generated file goes through orgstore.import_file against a store and a warehouse in tmp
(one tiny warehouse built per module from data/raw/). Whatever the file, import_file returns an
ImportResult with a known status and a Dutch message; anything but 'geïmporteerd' leaves the
store's data tables and the warehouse file exactly as they were.
"""
from __future__ import annotations

import hashlib
import io
import re
import shutil
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from orgdata import store as orgstore
from warehouse.build import build
from orgdata.contract import ACTIVITY_TYPES, AGE_BANDS, TEMPLATES
from orgdata.store import ImportResult, import_file

STATUSES = {"geïmporteerd", "ongewijzigd", "afgekeurd", "geweigerd"}
DATA_TABLES = ["import_period", "kinderwerk_reach", "signal", "spending"]
DUTCH = re.compile(r"\b(het|de|een|is|niet|geen|er|van|vul|dit|bestand|rij|rijen|kolom)\b", re.I)
FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])


class Tiny(dict):
    """The paths of the module's warehouse and store; a short repr for hypothesis's reports."""

    def __repr__(self) -> str:
        return f"Tiny({self['root']})"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A warehouse built from data/raw/ with an empty store, and a store + warehouse copy to fuzz."""
    root = tmp_path_factory.mktemp("fuzz")
    base = root / "built.duckdb"
    build(out=base, store=root / "empty_store.duckdb")
    work = root / "warehouse.duckdb"
    shutil.copyfile(base, work)
    orgstore.import_log(root / "store.duckdb")  # creates the empty store
    return Tiny({"root": root, "base": base, "warehouse": work, "store": root / "store.duckdb",
                 "ctx": orgstore.context_from_warehouse(base)})


def snapshot(store, warehouse) -> tuple:
    with duckdb.connect(str(store), read_only=True) as con:
        counts = tuple(con.table(t).aggregate("count(*)").fetchall()[0][0] for t in DATA_TABLES) + (
            con.execute("SELECT count(*) FROM import_log WHERE status = 'actief'").fetchone()[0],)
    return counts, hashlib.sha256(warehouse.read_bytes()).hexdigest()


def run_import(tiny, data: bytes, file_name: str, kind: str, org: str = "Fuzz Org") -> ImportResult:
    before = snapshot(tiny["store"], tiny["warehouse"])
    result = import_file(data, file_name, kind, org, store=tiny["store"], publish_to=tiny["warehouse"])
    assert isinstance(result, ImportResult)
    assert result.status in STATUSES, result.status
    if currently_in_test_context():
        event(result.status)  # --hypothesis-show-statistics: how deep the examples got
    assert isinstance(result.message, str) and result.message.strip()
    assert DUTCH.search(result.message), f"not Dutch: {result.message!r}"
    if result.status != "geïmporteerd":
        assert snapshot(tiny["store"], tiny["warehouse"]) == before, (result.status, result.message)
        assert result.import_id is None or result.status == "ongewijzigd"
    if result.status == "afgekeurd":
        assert not result.validation.problems.empty and not result.summary.empty
    return result


# --- strategies ------------------------------------------------------------------------------

KINDS = st.sampled_from(list(TEMPLATES))

NASTY = st.sampled_from([
    "", " ", "=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+31 6 1234", "@SUM(A1)", "-x", "\t=cmd", "abc", "1e400",
    "9" * 40, "-0", "1.234,5", "1,234.5", "NaN", "inf", "None", "NULL", "2024-13", "2024-00", "0000-01",
    "2099-01", "31-12-2023", "WK003401", "WK9999999", "GM0034", "GM0416", "6.72", "6.72a", "spelen",
    "opvoeding", "melding Veilig Thuis", "begroot", "12,5", "\"", "'", ";", ",", "ë€", "\u00a0", "\x00",
])


def valid_cell(column) -> st.SearchStrategy:
    if column.kind == "wijk":
        return st.sampled_from(["WK003401", "WK003402", "WK003466", "WK036300"])
    if column.kind == "gemeente":
        return st.sampled_from(["GM0034", "GM0363", "GM1980"])
    if column.kind == "month":
        return st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2018, 2024), st.integers(1, 12))
    if column.kind == "year":
        return st.integers(2018, 2024).map(str)
    if column.kind == "taakveld":
        return st.sampled_from(["6.1", "6.2", "6.72", "6.72a", "6.82"])
    if column.kind == "choice":
        return st.sampled_from(column.choices)
    return st.integers(0, 500).map(str)


def cell(column) -> st.SearchStrategy:
    return st.one_of(valid_cell(column), NASTY, st.text(max_size=12),
                     st.floats(allow_nan=True, allow_infinity=True).map(str),
                     st.integers(-10**30, 10**30).map(str))


@st.composite
def table(draw, kind: str) -> tuple[list[str], list[list[str]]]:
    """Headers (template columns, some dropped, extra ones, shuffled, odd case) and rows of cells."""
    template = TEMPLATES[kind]
    columns = [c for c in template.columns if draw(st.integers(0, 9)) > 0]  # each dropped 1 in 10
    extra = draw(st.lists(st.sampled_from(["opmerking", "extra", "x", "Regio", "", "Aantal", "MAAND", "jaar"]),
                          max_size=2))
    headers = [c.name for c in columns] + extra
    order = draw(st.permutations(range(len(headers))))
    headers = [headers[i] for i in order]
    headers = [draw(st.sampled_from([h, h.upper(), f" {h} ", h.title()])) for h in headers]
    by_name = {c.name: c for c in template.columns}
    n_rows = draw(st.integers(0, 6))
    rows = [[draw(cell(by_name[h.strip().lower()])) if h.strip().lower() in by_name else draw(NASTY)
             for h in headers] for _ in range(n_rows)]
    return headers, rows


def csv_bytes(headers, rows, sep: str, encoding: str, bom: bool) -> bytes:
    def quote(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if any(ch in v for ch in (sep, '"', "\n", "\r")) else v
    text = "\n".join(sep.join(quote(v) for v in r) for r in [headers, *rows]) + "\n"
    data = text.encode(encoding, errors="replace")
    return (b"\xef\xbb\xbf" + data) if bom else data


# --- the fuzz tests --------------------------------------------------------------------------

@FUZZ
@given(data=st.binary(max_size=3000), kind=st.one_of(KINDS, st.just("onbekend")),
       name=st.sampled_from(["x.csv", "x.xlsx", "x.txt", "x"]))
@example(data=b"", kind="bereik", name="x.csv")
@example(data=b"PK\x03\x04 no zip", kind="signalen", name="x.csv")
@example(data=b"\x00\x01\x02", kind="uitgaven", name="x.csv")
def test_random_bytes(tiny, data, kind, name):
    run_import(tiny, data, name, kind)


@FUZZ
@given(kind=KINDS, tab=st.data(), sep=st.sampled_from([";", ",", "\t", "|"]),
       encoding=st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16", "utf-32"]), bom=st.booleans())
def test_malformed_csv(tiny, kind, tab, sep, encoding, bom):
    headers, rows = tab.draw(table(kind))
    run_import(tiny, csv_bytes(headers, rows, sep, encoding, bom), f"{kind}.csv", kind)


def xlsx_value(v: str, how: int):
    """The same cell as Excel might store it: text, a number, a date, or nothing."""
    if how == 1:
        try:
            return float(v.replace(",", "."))
        except ValueError:
            return v
    if how == 2 and re.fullmatch(r"\d{4}-\d{2}", v):
        y, m = map(int, v.split("-"))
        return datetime(y, m, 1) if 1 <= m <= 12 and y >= 1900 else v
    if how == 3:
        return None
    return v


@FUZZ
@given(kind=KINDS, tab=st.data(), how=st.integers(0, 3), sheet=st.sampled_from(["gegevens", "Blad1", "uitleg"]))
def test_malformed_xlsx(tiny, kind, tab, how, sheet):
    headers, rows = tab.draw(table(kind))
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in [headers, *rows]:
        try:
            ws.append([xlsx_value(v, how) for v in r])
        except IllegalCharacterError:  # a control character XML cannot hold: such a file cannot exist
            assume(False)
    buffer = io.BytesIO()
    wb.save(buffer)
    run_import(tiny, buffer.getvalue(), f"{kind}.xlsx", kind)


@settings(FUZZ, max_examples=20)
@given(org=st.text(max_size=30), kind=KINDS)
def test_any_organisation_name_with_a_broken_file(tiny, org, kind):
    run_import(tiny, csv_bytes(TEMPLATES[kind].headers, [], ";", "utf-8", False), "leeg.csv", kind, org)


@pytest.mark.parametrize(("data", "name"), [
    (b"", "x.csv"),
    (";".join(TEMPLATES["signalen"].headers).encode() + b"\n", "alleen_kop.csv"),
    (b"wijkcode;maand;categorie;uitkomst;aantal\nWK003401;2024-03;opvoeding;samen met ouders opgelost;=1+1\n",
     "formule.csv"),
    (b"wijkcode;maand;categorie;uitkomst;aantal\nWK003401;2024-03;opvoeding;samen met ouders opgelost;"
     + b"9" * 400 + b"\n", "groot.csv"),
    (b"naam;maand\nJan;2024-03\n", "namen.csv"),
])
def test_hand_picked_bad_files(tiny, data, name):
    result = run_import(tiny, data, name, "signalen")
    assert result.status in ("afgekeurd", "geweigerd")


def _corrupt_xlsx() -> bytes:
    import zipfile

    from orgdata.templates import xlsx_bytes
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes("signalen"))) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet1"):
                body = b"<worksheet><sheetData><row><c r='A1' t='s'><v>kapot"
            zout.writestr(item, body)
    return out.getvalue()


def test_a_damaged_xlsx_is_refused(tiny):
    assert run_import(tiny, _corrupt_xlsx(), "kapot.xlsx", "signalen").status == "geweigerd"


@pytest.mark.parametrize(("header", "status"), [
    ("aantal;Aantal", "afgekeurd"), ("aantal; aantal ", "afgekeurd"),
    ("aantal;;", "geïmporteerd"),  # a column without a header is ignored, with a warning
])
def test_doubled_or_empty_headers_do_not_crash_the_import(tiny, header, status):
    data = (f"wijkcode;maand;categorie;uitkomst;{header}\n"
            "WK003401;2024-03;opvoeding;samen met ouders opgelost;7;8\n").encode()
    assert run_import(tiny, data, f"kop_{status}.csv", "signalen", org="Koppen").status == status


# --- a big valid file ------------------------------------------------------------------------

def test_100000_valid_rows_import_completely(tiny):
    ctx = tiny["ctx"]
    wijken = sorted(set.intersection(*[{c for c in ctx.wijken[y] if c.startswith("WK0034")}
                                       for y in (2022, 2023, 2024)]))
    months = [f"{y}-{m:02d}" for y in (2022, 2023, 2024) for m in range(1, 13)]
    assert len(wijken) * len(months) * len(ACTIVITY_TYPES) * len(AGE_BANDS) >= 100_000
    grid = pd.MultiIndex.from_product([wijken, months, ACTIVITY_TYPES, AGE_BANDS],
                                      names=["wijkcode", "maand", "activiteit", "leeftijdsgroep"])
    df = grid.to_frame(index=False).iloc[:100_000]
    rng = np.random.default_rng(1)
    df["unieke_kinderen"] = rng.integers(0, 60, len(df))
    df["contacten"] = df["unieke_kinderen"] * 3
    df["uren"] = rng.integers(0, 400, len(df)) / 4
    data = df.to_csv(index=False, sep=";", decimal=",").encode("utf-8")
    store, warehouse = tiny["root"] / "big_store.duckdb", tiny["root"] / "big_warehouse.duckdb"
    shutil.copyfile(tiny["base"], warehouse)

    result = import_file(data, "groot.csv", "bereik", "Grote Organisatie", store=store, publish_to=warehouse)
    assert result.status == "geïmporteerd", (result.message, result.summary)
    assert result.validation.n_rows == 100_000
    log = orgstore.import_log(store)
    assert log[["rows_ok", "rows_rejected", "status"]].values.tolist() == [[100_000, 0, "actief"]]
    with duckdb.connect(str(store), read_only=True) as con:  # the store keeps every row as delivered
        assert con.execute("SELECT count(*), sum(children_unique) FROM kinderwerk_reach").fetchone() == (
            100_000, int(df["unieke_kinderen"].sum()))
    with duckdb.connect(str(warehouse), read_only=True) as con:  # published: each cell rounded to a multiple of 5
        n, total, off_grid = con.execute("SELECT count(*), sum(children_unique), count(*) FILTER "
                                         "(WHERE children_unique % 5 <> 0) FROM kinderwerk_reach").fetchone()
        assert n == 100_000 and off_grid == 0
        assert abs(total - int(df["unieke_kinderen"].sum())) <= 0.01 * int(df["unieke_kinderen"].sum())
        assert con.execute("SELECT count(*) FROM observation WHERE source_id = 'org:Grote Organisatie' "
                           "AND indicator_id = 'kinderwerk_bereik_pct'").fetchone()[0] > 0
