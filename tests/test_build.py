"""Build tests: the whole warehouse from the real data/raw, written into tmp_path only."""
from __future__ import annotations

import gzip
import hashlib
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from warehouse import RAW_DIR, ROOT
from warehouse import build as wb
from warehouse import wijk_catalogue, wijk_read
from warehouse.catalogue import SOURCES


def sha256(path: Path) -> str:
    """Of the file, or for a compressed copy (.gz) of the original file it decompresses to."""
    data = path.read_bytes()
    return hashlib.sha256(gzip.decompress(data) if path.suffix == ".gz" else data).hexdigest()


def fetch(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "w.duckdb"
    # The bundled open data only: no imports, and no CBS refresh a developer may have run.
    raw = out.with_name("raw")
    shutil.copytree(RAW_DIR, raw, ignore=shutil.ignore_patterns("cbs_refresh"))
    wb.build(out=out, raw_dir=raw, store=out.with_name("no_imports.duckdb"))
    return out


def test_every_table_exists_and_has_rows(warehouse):
    existing = {r[0] for r in fetch(warehouse, "SELECT table_name FROM information_schema.tables")}
    assert set(wb.TABLES) <= existing
    for table in wb.TABLES:
        assert fetch(warehouse, f"SELECT count(*) FROM {table}")[0][0] > 0, table


def test_sources_carry_the_sha256_of_their_file(warehouse):
    rows = fetch(warehouse, "SELECT source_id, file_path, sha256 FROM source")
    assert {r[0] for r in rows} >= {s.source_id for s in SOURCES} | {s.source_id for s in wijk_catalogue.SOURCES}
    for source_id, file_path, digest in rows:
        assert re.fullmatch(r"[0-9a-f]{64}", digest or ""), source_id
        if file_path.endswith(".gz"):  # stored compressed: the sha256 is that of the original file
            assert digest == wijk_read.original_sha256(ROOT / file_path), source_id
        else:
            assert digest == sha256(ROOT / file_path), source_id


def test_observation_key_is_unique(warehouse):
    dupes = fetch(warehouse, """
        SELECT indicator_id, region_code, indeling_year, year, count(*) FROM observation
        GROUP BY ALL HAVING count(*) > 1 LIMIT 5""")
    assert dupes == []


def test_every_observation_has_its_region_in_that_indeling(warehouse):
    orphans = fetch(warehouse, """
        SELECT DISTINCT o.region_code, o.indeling_year FROM observation o
        ANTI JOIN region r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
        LIMIT 5""")
    assert orphans == []
    # The join is meaningful: observations span more than one indeling (Almere's wijken per year).
    assert fetch(warehouse, "SELECT count(DISTINCT indeling_year) FROM observation")[0][0] > 1


def test_build_is_idempotent(tmp_path):
    out = tmp_path / "w.duckdb"
    order = "ORDER BY indicator_id, region_code, indeling_year, year"
    snapshots = []
    for _ in range(2):
        wb.build(out=out, store=tmp_path / "no_imports.duckdb")
        snapshots.append((fetch(out, f"SELECT * FROM observation {order}"),
                          fetch(out, "SELECT release_id FROM build_info")))
    (obs1, rel1), (obs2, rel2) = snapshots
    assert len(obs1) > 10_000
    assert obs1 == obs2
    assert len(rel1) == len(rel2) == 1 and rel1 == rel2
    assert re.fullmatch(r"[0-9a-f]{12}", rel1[0][0])
    assert not out.with_name(out.name + ".tmp").exists()


# --- a failed build leaves the previous warehouse as it was -------------------------------------

@pytest.fixture
def previous(warehouse, tmp_path) -> tuple[Path, str, Path]:
    """A finished warehouse (a copy of the module's build), its sha256, and a copy of data/raw to break."""
    out = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, out)
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    return out, sha256(out), raw


def _assert_untouched(out: Path, digest: str) -> None:
    assert sha256(out) == digest
    assert list(out.parent.glob("*.tmp")) == []


def _wrong_header(path: Path) -> None:
    path.write_text("code;naam;waarde\n", encoding="utf-8")


@pytest.mark.parametrize(("relpath", "corrupt"), [
    ("cbs/kwb_2021_gemeenten.csv", _wrong_header),
    ("cbs/kwb_2021_gemeenten.csv", Path.unlink),
    ("cbs/85984NED_DataProperties.json", lambda p: p.write_text("{not json", encoding="utf-8")),
    ("geo/wijk_2024.geojson", lambda p: p.write_text('{"type": "FeatureCollection"', encoding="utf-8")),
], ids=["wrong-header", "deleted", "bad-json", "bad-geojson"])
def test_failed_build_reports_the_file_and_keeps_the_previous_warehouse(previous, capsys, relpath, corrupt):
    out, digest, raw = previous
    broken = raw / relpath
    corrupt(broken)
    capsys.readouterr()
    assert wb.main(["--out", str(out), "--raw", str(raw)]) == 2
    err = capsys.readouterr().err
    assert str(broken) in err
    _assert_untouched(out, digest)


DUPLICABLE = ["national/nl_jeugd_kerncijfers.csv", "geo/herindeling_2021_2024.csv"]


def _duplicate_first_row(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), encoding="utf-8")


def test_failure_while_writing_keeps_the_previous_warehouse(previous):
    """A duplicate national figure stops the build; the previous warehouse stays as it was."""
    out, digest, raw = previous
    _duplicate_first_row(raw / "national/nl_jeugd_kerncijfers.csv")
    assert wb.main(["--out", str(out), "--raw", str(raw)]) == 2
    _assert_untouched(out, digest)


@pytest.mark.parametrize("relpath", DUPLICABLE)
def test_duplicate_rows_are_reported_with_their_file(previous, capsys, relpath):
    out, digest, raw = previous
    _duplicate_first_row(raw / relpath)
    capsys.readouterr()
    assert wb.main(["--out", str(out), "--raw", str(raw)]) == 2
    assert str(raw / relpath) in capsys.readouterr().err


def test_issue20_wijken_drawn_where_provably_2024s(warehouse):
    """Amsterdam's 110 wijken of 2023 and Almere's 71 are 2024's (CBS's marker); 2015 has its own boundaries."""
    drawn = dict(((g, y), (n, d)) for g, y, n, d in fetch(warehouse, """
        SELECT parent_code, indeling_year, count(*), count(*) FILTER (WHERE geometry_year IS NOT NULL)
        FROM region WHERE level = 'wijk' AND parent_code IN ('GM0363', 'GM0034') GROUP BY ALL"""))
    assert drawn[("GM0363", 2023)] == (110, 110)
    assert drawn[("GM0034", 2023)] == (71, 71)
    assert drawn[("GM0034", 2021)][1] == 0  # Almere's six old wijken reuse codes: never on the 2024 map
    own = fetch(warehouse, "SELECT count(*) FROM region WHERE level = 'wijk' AND indeling_year = 2015 "
                           "AND geometry_year = 2015")[0][0]
    assert own > 2000
    assert fetch(warehouse, "SELECT count(*) FROM region r LEFT JOIN region_geometry g ON g.code = r.code "
                            "AND g.indeling_year = r.geometry_year WHERE r.geometry_year IS NOT NULL "
                            "AND g.code IS NULL")[0][0] == 0  # every drawn wijk has that geometry


def test_issue20_eemsdelta_and_jeugdregio(warehouse):
    """Eemsdelta's 2015–2020 series are its predecessors summed; jeugdregio sums match CBS's own region rows."""
    eems = fetch(warehouse, "SELECT year, value, is_derived FROM observation WHERE region_code = 'GM1979' "
                            "AND indicator_id = 'jeugdzorg_reeks2015_aantal' ORDER BY year")
    assert [y for y, _, _ in eems] == [2015, 2016, 2017, 2018, 2019, 2020] and all(d for _, _, d in eems)
    # CBS publishes Flevoland (JZ) itself; our sum of its gemeenten (each rounded to 5) must agree within 5 per member
    pairs = fetch(warehouse, """
        SELECT o.year, o.value, c.value, (SELECT count(*) FROM jeugdregio_gemeente m
                                          WHERE m.jeugdregio_code = 'JZ08' AND m.indeling_year = 2024)
        FROM observation o
        JOIN region r ON r.level = 'jeugdzorgregio' AND r.name = 'Flevoland (JZ)'
        JOIN observation c ON c.region_code = r.code AND c.indeling_year = r.indeling_year
             AND c.indicator_id = o.indicator_id AND c.year = o.year
        WHERE o.region_code = 'JZ08' AND o.indicator_id = 'jeugdzorg_reeks2021_aantal' AND o.status = 'value'""")
    assert len(pairs) == 3
    assert all(abs(ours - cbs) <= 5 * n for _, ours, cbs, n in pairs)
    assert fetch(warehouse, "SELECT count(DISTINCT gemeente_code) FROM jeugdregio_gemeente WHERE indeling_year = 2024")[0][0] == 342
