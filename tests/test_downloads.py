"""Stable downloads (queries/downloads.py, issue 23): every published figure as CSV and Parquet, with a data
dictionary, per release and as latest; small organisation figures hidden as on the pages. On the fixture
warehouse in tmp; the browser test fetches them from a running server."""
from __future__ import annotations

import csv
import io
import json
import shutil

import duckdb
import pandas as pd
import pytest

from queries import downloads
from tests import fixture_data as fd


@pytest.fixture
def out(tmp_path):
    return tmp_path / "downloads"


def test_every_figure_of_the_warehouse_is_in_csv_and_parquet_with_a_dictionary(fixture_warehouse, out):
    folder = downloads.write(fixture_warehouse, out)
    info = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    assert folder.name == info["release"] == fd.BUILD_INFO[0][0]
    assert info["rijen"] == len(fd.TABLES["observation"][1])
    parquet = pd.read_parquet(folder / "cijfers.parquet")
    text = pd.read_csv(folder / "cijfers.csv", dtype={"gebied_code": str})
    assert len(parquet) == len(text) == info["rijen"]
    dictionary = pd.read_csv(folder / "woordenboek.csv")
    assert dictionary["kolom"].tolist() == list(parquet.columns) == list(text.columns)
    assert dictionary["betekenis"].str.len().min() > 10
    assert sorted(pd.read_csv(folder / "indicatoren.csv")["indicator_id"]) == sorted(
        i[0] for i in fd.TABLES["indicator"][1])
    assert set(parquet["bron_id"].dropna()) <= set(pd.read_csv(folder / "bronnen.csv")["bron_id"])
    for name, meta in info["bestanden"].items():
        assert (folder / name).stat().st_size == meta["bytes"]
    latest = out / "latest"
    assert (latest / "cijfers.parquet").read_bytes() == (folder / "cijfers.parquet").read_bytes()
    assert json.loads((latest / "release.json").read_text(encoding="utf-8")) == info


def test_small_organisation_figures_are_hidden_as_on_the_pages(fixture_warehouse, out):
    data = pd.read_parquet(downloads.write(fixture_warehouse, out) / "cijfers.parquet")
    signals = data[(data.indicator_id == "signalen_aantal") & (data.jaar == 2024)].set_index("gebied_code")
    assert signals.loc[fd.HIDDEN_WIJKEN, "status"].tolist() == ["suppressed", "suppressed"]  # 3, and 12 beside it
    assert signals.loc[fd.HIDDEN_WIJKEN, ["waarde", "teller", "noemer"]].isna().all().all()
    assert signals.at["WK003403", "waarde"] == 40 and signals.at["GM0034", "waarde"] == 55
    secret = data[(data.status == "secret")]
    assert not secret.empty and secret["waarde"].isna().all()  # CBS's own secret cells pass as they are


def test_the_same_release_is_written_once_and_a_new_one_becomes_latest(fixture_warehouse, out, tmp_path):
    first = downloads.write(fixture_warehouse, out)
    stamp = (first / "cijfers.csv").stat().st_mtime_ns
    assert downloads.write(fixture_warehouse, out) == first and (first / "cijfers.csv").stat().st_mtime_ns == stamp
    other = tmp_path / "other.duckdb"
    shutil.copyfile(fixture_warehouse, other)
    with duckdb.connect(str(other)) as con:
        con.execute("UPDATE build_info SET release_id = 'nieuw-123'")
    second = downloads.write(other, out)
    assert second.name == "nieuw-123" and downloads.current(out) == "nieuw-123" and first.exists()
    release, years = downloads.previous("nieuw-123", out)  # what 'Wat valt op?' compares with
    assert release == fd.BUILD_INFO[0][0] and years["jeugdzorg_pct"] == max(
        o[3] for o in fd.TABLES["observation"][1] if o[0] == "jeugdzorg_pct" and o[7] == "value")
    assert downloads.previous(fd.BUILD_INFO[0][0], out)[0] == "nieuw-123"


def test_only_the_newest_releases_are_kept(fixture_warehouse, out, tmp_path):
    for n in range(downloads.KEEP_RELEASES + 2):
        copy = tmp_path / f"w{n}.duckdb"
        shutil.copyfile(fixture_warehouse, copy)
        with duckdb.connect(str(copy)) as con:
            con.execute("UPDATE build_info SET release_id = $r", {"r": f"r{n}"})
        downloads.write(copy, out)
    kept = sorted(p.name for p in out.iterdir() if p.is_dir() and p.name != "latest")
    assert kept == [f"r{n}" for n in range(2, downloads.KEEP_RELEASES + 2)] and downloads.current(out) == f"r{n}"


def test_the_tests_never_write_into_static(monkeypatch):
    assert downloads.out_dir() is None  # conftest: VROEGDOEN_DOWNLOADS=uit
    monkeypatch.setenv("VROEGDOEN_DOWNLOADS", "")
    assert downloads.out_dir() == downloads.DEFAULT_OUT


def test_a_note_is_in_the_downloads_too(fixture_warehouse, out, tmp_path):
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(fixture_warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("INSERT INTO toelichting VALUES ('nt-1', 'GM0034', 'jeugdzorg_pct', 2022, NULL, 'Uitleg, met komma.', "
                    "'gemeente', TIMESTAMP '2026-12-06 10:00:00')")
    rows = list(csv.DictReader(io.StringIO((downloads.write(copy, out) / "toelichtingen.csv").read_text("utf-8"))))
    assert [(r["gemeente_code"], r["toelichting"], r["geschreven_door"]) for r in rows] == [
        ("GM0034", "Uitleg, met komma.", "gemeente")]


def test_published_figures_through_the_query_layer_hide_what_the_pages_hide(use_fixture_warehouse):
    from queries import run_query
    got = run_query("published_figures")
    assert len(got) == len(fd.TABLES["observation"][1])
    hidden = got[(got.indicator_id == "signalen_aantal") & got.region_code.isin(fd.HIDDEN_WIJKEN) & (got.year == 2024)]
    assert hidden["status"].tolist() == ["suppressed", "suppressed"] and hidden["value"].isna().all()
