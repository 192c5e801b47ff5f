"""Iv3 lasten per gemeente (warehouse/iv3.py): the real files in data/raw/iv3_gemeenten/, loaded as the
build loads them, with exact values read from the files; the build's refusals; the queries on the fixture.
"""
from __future__ import annotations

import gzip
import hashlib
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from formatting import fmt_nl
from queries import run_query
from tests import fixture_data as fd
from warehouse import RAW_DIR, ROOT, iv3, loaders
from warehouse import build as wb
from warehouse.loaders import InputError

GEMEENTEN = {"GM0363": "Amsterdam", "GM0193": "Zwolle", "GM0096": "Vlieland", "GM0034": "Almere"}


def base_tables(raw: Path = RAW_DIR) -> dict[str, pd.DataFrame]:
    return {"region": loaders.load_regions_2024(raw / "geo/gemeente_2024.geojson", raw / "geo/wijk_gemeente_2024.csv"),
            "taakveld": loaders.load_taakvelden(raw / "iv3/iv3_taakvelden_gemeente_2017_2026.csv"),
            "source": pd.DataFrame(columns=["source_id"])}


@pytest.fixture(scope="module")
def loaded() -> dict[str, pd.DataFrame]:
    return iv3.extend(RAW_DIR, base_tables())


@pytest.fixture(scope="module")
def lasten(loaded) -> pd.DataFrame:
    return loaded["iv3_lasten"]


def amount(df: pd.DataFrame, code: str, year: int, kind: str, taakveld: str, column: str = "lasten") -> float:
    (value,) = df.loc[(df.gemeente_code == code) & (df.year == year) & (df.kind == kind) & (df.taakveld == taakveld),
                      column]
    return value


# --- names, the Nederland row, the national total ------------------------------------------------

def test_every_file_maps_all_342_gemeenten_of_2024_and_no_nederland(lasten):
    codes_2024 = set(base_tables()["region"].query("level == 'gemeente'")["code"])
    assert len(codes_2024) == 342
    for (year, kind), part in lasten.groupby(["year", "kind"]):
        assert set(part["gemeente_code"]) == codes_2024, (year, kind)
    assert set(lasten["gemeente_code"]).isdisjoint({"NL00", "Nederland"})
    assert sorted(lasten.groupby(["year", "kind"]).size().items()) == [
        ((2023, "begroot"), 342 * 71), ((2023, "gerealiseerd"), 342 * 71), ((2024, "begroot"), 342 * 71),
        ((2025, "begroot"), 342 * 69)]  # 71 taakvelden in 2023-2024, 69 in 2025 (one row each in the file)


def test_jeugd_lasten_in_the_2023_accounts_total_6_28_bn_without_the_nederland_row(lasten):
    jeugd = lasten[(lasten.year == 2023) & (lasten.kind == "gerealiseerd") & (lasten.groep == "specialist")]
    assert jeugd["lasten"].sum() == 6_277_780_000.0
    assert fmt_nl(jeugd["lasten"].sum() / 1e9, 2) == "6,28"  # SOURCES.md §8: € 6,28 bn
    # the file's own Nederland row is that same total: keeping it would double every national figure
    raw = pd.read_csv(RAW_DIR / "iv3_gemeenten/iv3_lasten_baten_2023_jaarrekening.csv.gz", sep=";")
    nl = raw[(raw.Gemeenten == "Nederland") & raw.Taakveld.str.split(" ").str[0].isin(set(jeugd["taakveld"]))]
    assert nl["Lasten"].sum() * 1000 == 6_277_780_000.0


@pytest.mark.parametrize(("name", "code"), [
    ("Beek", "GM0888"), ("Hengelo", "GM0164"), ("Laren", "GM0417"), ("Middelburg", "GM0687"),
    ("Rijswijk", "GM0603"), ("Stein", "GM0971"),  # the Iv3 files drop CBS's suffix: one 2024 gemeente each
    ("Bergen (L.)", "GM0893"), ("Bergen (NH.)", "GM0373"), ("'s-Gravenhage", "GM0518"), ("Súdwest-Fryslân", "GM1900"),
])
def test_names_map_to_the_2024_codes(name, code):
    gemeenten = base_tables()["region"].query("level == 'gemeente'")
    assert gemeenten.set_index("code").at[code, "name"].startswith(name.split(" (")[0])
    assert iv3.name_to_code(pd.Series([name]), gemeenten, Path("x.csv.gz")).tolist() == [code]


def test_a_bare_name_that_two_gemeenten_share_does_not_map():
    gemeenten = base_tables()["region"].query("level == 'gemeente'")
    with pytest.raises(InputError, match=r"x\.csv\.gz: gemeentenaam 'Bergen', 'Utopia' komt niet voor in de "
                                         r"gemeenten van 2024"):
        iv3.name_to_code(pd.Series(["Bergen", "Almere", "Utopia"]), gemeenten, Path("x.csv.gz"))


# --- exact values from the files -----------------------------------------------------------------

@pytest.mark.parametrize(("code", "year", "kind", "taakveld", "lasten_", "baten"), [
    ("GM0363", 2023, "gerealiseerd", "6.1", 264_333_000.0, 86_430_000.0),
    ("GM0363", 2023, "gerealiseerd", "6.82a", 40_696_000.0, 0.0),
    ("GM0363", 2025, "begroot", "6.751", 180_862_000.0, -2_046_000.0),
    ("GM0193", 2023, "begroot", "6.72a", 11_510_000.0, 0.0),
    ("GM0193", 2023, "gerealiseerd", "7.1", 0.0, 0.0),            # a real zero in Zwolle's accounts
    ("GM0193", 2025, "begroot", "6.762", 34_225_000.0, 0.0),
    ("GM0096", 2023, "gerealiseerd", "6.72d", 129_000.0, 0.0),
    ("GM0096", 2024, "begroot", "6.2", 254_000.0, 0.0),
    ("GM0034", 2023, "gerealiseerd", "6.72a", 17_077_000.0, 0.0),
    ("GM0034", 2025, "begroot", "6.22", 23_443_000.0, 0.0),
    ("GM0888", 2023, "gerealiseerd", "6.1", 10_316_000.0, 16_169_000.0),  # Beek (L.), named 'Beek' in the file
])
def test_exact_amounts_per_gemeente_taakveld_and_year(lasten, code, year, kind, taakveld, lasten_, baten):
    assert amount(lasten, code, year, kind, taakveld) == lasten_
    assert amount(lasten, code, year, kind, taakveld, "baten") == baten


@pytest.mark.parametrize(("code", "year", "kind", "groups", "inwoners"), [
    ("GM0363", 2023, "gerealiseerd", (407_777_000, 328_078_000, 131_729_000), 918_117),
    ("GM0363", 2025, "begroot", (424_701_000, 330_426_000, 108_225_000), 935_793),
    ("GM0193", 2023, "begroot", (39_415_000, 52_491_000, 0), 132_411),
    ("GM0193", 2024, "begroot", (42_595_000, 58_717_000, 0), 133_141),
    ("GM0096", 2023, "gerealiseerd", (266_000, 139_000, 136_000), 1_291),
    ("GM0096", 2025, "begroot", (326_000, 243_000, 268_000), 1_212),
    ("GM0034", 2023, "gerealiseerd", (85_581_000, 103_505_000, 12_402_000), 222_825),
    ("GM0034", 2025, "begroot", (99_184_000, 119_173_000, 14_412_000), 229_570),
])
def test_group_totals_basis_specialist_context(lasten, code, year, kind, groups, inwoners):
    part = lasten[(lasten.gemeente_code == code) & (lasten.year == year) & (lasten.kind == kind)]
    assert tuple(part.groupby("groep")["lasten"].sum()[["basis", "specialist", "context"]]) == groups
    assert set(part["inwoners"]) == {inwoners}  # inwoners on 1 January of the boekjaar


def test_groups_come_from_the_taakvelden_table_per_boekjaar(lasten):
    codes = lasten.dropna(subset=["groep"]).groupby(["year", "groep"])["taakveld"].agg(lambda s: sorted(set(s)))
    split_2023 = ["6.72", "6.72a", "6.72b", "6.72c", "6.72d", "6.73a", "6.73b", "6.73c", "6.74a", "6.74b", "6.74c",
                  "6.82", "6.82a", "6.82b"]
    for year in (2023, 2024):
        assert codes[(year, "basis")] == ["6.1", "6.2"]
        assert codes[(year, "specialist")] == split_2023
        assert codes[(year, "context")] == ["7.1"]
    assert codes[(2025, "basis")] == ["6.1", "6.21", "6.22", "6.23"]
    assert codes[(2025, "specialist")] == ["6.751", "6.752", "6.753", "6.761", "6.762", "6.763", "6.792",
                                           "6.821", "6.822"]
    # WMO, pgb WMO and beleid jeugd stay out of the comparison
    ungrouped = set(lasten.loc[lasten.groep.isna() & (lasten.year == 2025), "taakveld"])
    assert {"6.711", "6.791", "6.92", "6.811"} <= ungrouped
    # descriptions are those of the taakvelden table, not the file's cut-off labels
    assert amount(lasten, "GM0034", 2023, "begroot", "6.2", "omschrijving") == "Toegang en eerstelijnsvoorzieningen"


def test_source_rows_carry_the_sha256_of_the_original_files(loaded):
    sources = loaded["source"].set_index("source_id")
    recorded = (ROOT / "data/raw/SOURCES.md").read_text(encoding="utf-8")
    assert len(sources) == 4
    for _, _, stem in iv3.FILES:
        row = sources.loc[iv3.source_id(stem)]
        original = hashlib.sha256(gzip.decompress((ROOT / row["file_path"]).read_bytes())).hexdigest()
        assert row["sha256"] == original != hashlib.sha256((ROOT / row["file_path"]).read_bytes()).hexdigest()
        assert re.search(rf"{stem}\.csv\.gz.*{original}", recorded), f"{stem} not in data/raw/SOURCES.md"
        assert row["credit"] == "Bron: CBS, Iv3" and not row["is_demo"]


def test_iv3_is_an_open_data_step_of_the_build():
    assert iv3.extend in wb.OPEN_DATA
    assert "iv3_lasten" in wb.TABLES[:-1]  # written before build_info


# --- refusals: one clear Dutch message naming the file -------------------------------------------

def _rewrite(raw: Path, stem: str, old: bytes, new: bytes) -> Path:
    path = raw / iv3.FOLDER / f"{stem}.csv.gz"
    data = gzip.decompress(path.read_bytes())
    assert old in data
    path.write_bytes(gzip.compress(data.replace(old, new, 1)))
    return path


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    raw = tmp_path / "raw"
    for sub in ("geo", "iv3", iv3.FOLDER):
        shutil.copytree(RAW_DIR / sub, raw / sub)
    return raw


def test_a_name_that_does_not_map_stops_the_loader_naming_file_and_name(raw_copy):
    path = _rewrite(raw_copy, "iv3_lasten_baten_2024_begroting", b"\nVlieland;", b"\nVlielandt;")
    with pytest.raises(InputError) as err:
        iv3.extend(raw_copy, base_tables(raw_copy))
    assert str(err.value).startswith(f"Invoerbestand {path}: gemeentenaam 'Vlielandt' komt niet voor in de "
                                     "gemeenten van 2024")


def test_an_unknown_taakveld_stops_the_loader(raw_copy):
    path = _rewrite(raw_copy, "iv3_lasten_baten_2025_begroting", b";6.92 ", b";6.99 ")
    with pytest.raises(InputError, match=re.escape(f"Invoerbestand {path}: taakveld 6.99 bestaat niet in "
                                                   "boekjaar 2025")):
        iv3.extend(raw_copy, base_tables(raw_copy))


def test_a_failed_build_names_the_file_and_the_name_and_keeps_the_previous_warehouse(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw, ignore=shutil.ignore_patterns("cbs_refresh"))
    _rewrite(raw, "iv3_lasten_baten_2023_jaarrekening", b"\nZwolle;", b"\nZwol;")
    out = tmp_path / "w.duckdb"
    out.write_bytes(b"previous")
    assert wb.main(["--raw", str(raw), "--out", str(out), "--store", str(tmp_path / "none.duckdb")]) == 2
    err = capsys.readouterr().err
    assert "iv3_lasten_baten_2023_jaarrekening.csv.gz: gemeentenaam 'Zwol' komt niet voor" in err
    assert "Het vorige warehouse is ongewijzigd." in err
    assert out.read_bytes() == b"previous"


# --- the queries on the fixture warehouse --------------------------------------------------------

pytestmark_fixture = pytest.mark.usefixtures("use_fixture_warehouse")
ALMERE_KIDS = round(229570 * 41230 / 226500 * 18 / 15)  # 2025: inwoners × share 0-14 (KWB 2024) × 18/15


@pytestmark_fixture
def test_iv3_spending_by_group_almere_and_nederland_on_the_fixture():
    df = run_query("iv3_spending_by_group", gemeente="GM0034")
    assert list(df.columns) == ["code", "name", "year", "kind", "groep", "lasten", "inwoners", "kinderen_0_17",
                                "kwb_jaar", "per_inwoner", "per_kind", "credit", "is_demo"]
    got = [tuple(None if pd.isna(v) else v for v in r)
           for r in df[["code", "year", "kind", "groep", "lasten", "kinderen_0_17", "kwb_jaar"]].itertuples(index=False)]
    kids_2023 = round(222825 * 41230 / 226500 * 18 / 15)  # no KWB year up to 2023: the nearest after it, 2024
    assert got == [
        ("GM0034", 2023, "begroot", "basis", 70_000_000.0, kids_2023, 2024),
        ("GM0034", 2023, "begroot", "context", 11_000_000.0, kids_2023, 2024),
        ("GM0034", 2023, "begroot", "specialist", 20_000_000.0, kids_2023, 2024),
        ("GM0034", 2025, "begroot", "basis", 50_000_000.0, ALMERE_KIDS, 2024),   # 6.1 + 6.22
        ("GM0034", 2025, "begroot", "context", 12_000_000.0, ALMERE_KIDS, 2024),
        ("GM0034", 2025, "begroot", "specialist", 60_000_000.0, ALMERE_KIDS, 2024),  # not 6.92
        # Nederland: the sum of the gemeenten; without an estimate for Amsterdam no figure per child
        ("NL00", 2023, "begroot", "basis", 320_000_000.0, None, 2024),
        ("NL00", 2023, "begroot", "context", 11_000_000.0, kids_2023, 2024),  # only Almere has 7.1 in 2023
        ("NL00", 2023, "begroot", "specialist", 58_000_000.0, None, 2024),
        ("NL00", 2023, "gerealiseerd", "basis", 264_333_000.0, None, None),
        ("NL00", 2023, "gerealiseerd", "specialist", 40_696_000.0, None, None),
        ("NL00", 2025, "begroot", "basis", 50_000_000.0, ALMERE_KIDS, 2024),
        ("NL00", 2025, "begroot", "context", 12_000_000.0, ALMERE_KIDS, 2024),
        ("NL00", 2025, "begroot", "specialist", 60_000_000.0, ALMERE_KIDS, 2024),
    ]
    first = df.iloc[3]
    assert first["per_inwoner"] == pytest.approx(50_000_000 / 229570)
    assert first["per_kind"] == pytest.approx(50_000_000 / ALMERE_KIDS)
    assert df.loc[9, "per_inwoner"] == pytest.approx(264_333_000 / 918117)
    assert set(df["credit"]) == {"Bron: CBS, fixture"} and not df["is_demo"].any()


@pytestmark_fixture
def test_iv3_spending_by_group_of_a_gemeente_without_iv3_has_only_nederland():
    df = run_query("iv3_spending_by_group", gemeente="GM0014")
    assert set(df["code"]) == {"NL00"}


@pytestmark_fixture
def test_iv3_taakvelden_by_gemeente_every_taakveld_of_amsterdam():
    df = run_query("iv3_taakvelden_by_gemeente", gemeente="GM0363")
    assert list(df.columns) == ["year", "kind", "taakveld", "omschrijving", "groep", "lasten", "baten", "inwoners",
                                "credit"]
    assert [tuple(r) for r in df[["year", "kind", "taakveld", "lasten", "baten"]].itertuples(index=False)] == [
        (2023, "begroot", "6.1", 250_000_000.0, 0.0), (2023, "begroot", "6.82a", 38_000_000.0, 0.0),
        (2023, "gerealiseerd", "6.1", 264_333_000.0, 86_430_000.0),
        (2023, "gerealiseerd", "6.82a", 40_696_000.0, 0.0)]
    assert len(run_query("iv3_taakvelden_by_gemeente", gemeente="GM0034")) == len(
        [r for r in fd.IV3_LASTEN if r[0] == "GM0034"])


@pytestmark_fixture
def test_investment_defaults_take_the_real_iv3_accounts_before_demo_spending():
    # Amsterdam has Iv3 jaarrekening 2023 in the fixture: its specialist lasten are 'uitgaven_jeugdhulp'
    df = run_query("investment_defaults", gemeente="GM0363")
    row = df.set_index("indicator_id").loc["uitgaven_jeugdhulp"]
    assert (row["year"], row["value"], row["credit"], bool(row["is_demo"])) == (
        2023, 40_696_000.0, "Bron: CBS, fixture (jaarrekening)", False)
    # Almere has only Iv3 begrotingen: a budget is no realised cost, so no spending default
    assert "uitgaven_jeugdhulp" not in set(run_query("investment_defaults", gemeente="GM0034")["indicator_id"])
