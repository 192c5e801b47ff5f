"""Refresh from CBS and PDOK, served from recorded answers (tests/recorded/): no socket is opened.

The recordings are hand-written in the exact shape of the services: OData v3 TableInfos,
DataProperties and TypedDataSet pages linked by ``odata.nextLink`` (KWB 2021 and 2023: suffix
drift, a secret cell, Weesp merging into Amsterdam, Almere's redrawn wijken), a v3 gemeente
table with half years, a v4 table (Observations with ValueAttribute, paged by ``@odata.nextLink``)
and PDOK WFS GeoJSON pages. Every warehouse is built in tmp.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
import socket
import urllib.error
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from refresh import client as cbs_odata
from warehouse import RAW_DIR
from warehouse import refresh_herindeling
from warehouse import refreshed as refresh_load
from warehouse import build as wb
from admin import refresh as rf
from warehouse import lock as wlock
from refresh.client import FetchError, HttpStatusError
from refresh.plan import GEMEENTE_TABLES, Plan, TableSpec

RECORDED = Path(__file__).parent / "recorded"


def _table(table_id: str, api: str | None = None) -> TableSpec:
    keywords, dim, measures, default_api = GEMEENTE_TABLES[table_id]
    return TableSpec(table_id, "gemeente", keywords, "likely" if table_id == "85099NED" else "verified",
                     api=api or default_api, category_dim=dim, measures=measures)


PLAN = Plan(tables=(
    TableSpec("85039NED", "kwb", ("kerncijfers wijken en buurten", "2021"), year=2021),
    TableSpec("85618NED", "kwb", ("kerncijfers wijken en buurten", "2023"), year=2023),
    _table("85098NED"),
    _table("85099NED", api="v4"),  # this one in the OData v4 shape
), pdok_years=(2021, 2023), pdok_page=3)


def recorded_path(url: str) -> Path:
    """The recorded answer to a URL; an unknown address answers 404 like the real services."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if parts.netloc == "opendata.cbs.nl":
        api, table_id, entity = re.fullmatch(r"/(ODataApi|ODataFeed)/odata/(\w+)/(\w+)", parts.path).groups()
        name = f"{entity}.skip{query.get('$skip', 0)}" if api == "ODataFeed" else entity
        path = RECORDED / "cbs" / table_id / f"{name}.json"
    elif parts.netloc == "datasets.cbs.nl":
        table_id, entity = re.fullmatch(r"/odata/v1/CBS/(\w+)/(\w+)", parts.path).groups()
        name = f"{entity}.skip{query.get('$skip', 0)}" if entity == "Observations" else entity
        path = RECORDED / "cbs" / table_id / f"{name}.json"
    elif parts.netloc == "service.pdok.nl":
        year = re.search(r"/gebiedsindelingen/(\d{4})/", parts.path).group(1)
        layer = query["typeNames"].removesuffix("_gegeneraliseerd")
        path = RECORDED / "pdok" / year / f"{layer}.start{query['startIndex']}.json"
    else:
        raise AssertionError(f"onverwacht adres: {url}")
    if not path.exists():
        raise HttpStatusError(url, 404, "Not Found")
    return path


def recorded_fetch(fail_at: int | None = None):
    """fetch(url) -> bytes from tests/recorded; with ``fail_at`` the n-th request raises."""
    calls: list[str] = []

    def fetch(url: str) -> bytes:
        calls.append(url)
        if fail_at is not None and len(calls) == fail_at:
            raise FetchError(url, "verbinding verbroken (test)")
        return recorded_path(url).read_bytes()

    fetch.calls = calls
    return fetch


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(path: Path, sql: str, params: dict | None = None) -> pd.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or {}).df()
    finally:
        con.close()


def obs(path: Path, indicator: str, code: str, year: int) -> pd.Series:
    rows = query(path, "SELECT * FROM observation WHERE indicator_id = $i AND region_code = $c AND year = $y",
                 {"i": indicator, "c": code, "y": year})
    assert len(rows) == 1, f"{indicator} {code} {year}: {len(rows)} rijen"
    return rows.iloc[0]


def copy_raw(dst: Path) -> Path:
    shutil.copytree(RAW_DIR, dst, ignore=shutil.ignore_patterns(rf.CACHE))
    return dst


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """A warehouse of the bundle alone (the 'previous warehouse')."""
    out = tmp_path_factory.mktemp("baseline") / "w.duckdb"
    wb.build(out=out, raw_dir=RAW_DIR, store=out.with_name("geen_imports.duckdb"))
    return out


@pytest.fixture
def workspace(tmp_path, baseline) -> tuple[Path, Path, Path]:
    """A fresh copy of data/raw, a copy of the previous warehouse, and an empty import store path."""
    out = tmp_path / "w.duckdb"
    shutil.copyfile(baseline, out)
    return copy_raw(tmp_path / "raw"), out, tmp_path / "geen_imports.duckdb"


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory, baseline):
    tmp = tmp_path_factory.mktemp("refreshed")
    raw, out = copy_raw(tmp / "raw"), tmp / "w.duckdb"
    shutil.copyfile(baseline, out)
    fetch, events = recorded_fetch(), []
    result = rf.refresh(raw, out, tmp / "geen_imports.duckdb", fetch=fetch, plan=PLAN,
                        progress=lambda done, total, text: events.append((done, total, text)))
    return {"result": result, "out": out, "raw": raw, "calls": fetch.calls, "events": events}


# --- a complete refresh -------------------------------------------------------------------------

def test_refresh_succeeds_with_progress(refreshed):
    result, events = refreshed["result"], refreshed["events"]
    assert result.ok, result.message
    assert "opnieuw gebouwd" in result.message
    done = [d for d, _, _ in events]
    assert done == sorted(done) and events[-1][0] == events[-1][1] == len(PLAN.tables) + len(PLAN.layers()) + 1
    assert any("pagina 2" in text for _, _, text in events)  # paging is reported


def test_requests_are_polite_and_narrow(refreshed):
    calls = refreshed["calls"]
    assert {urlsplit(u).netloc for u in calls} == {"opendata.cbs.nl", "datasets.cbs.nl", "service.pdok.nl"}
    assert len(calls) == len(set(calls)), "een adres is twee keer gevraagd"
    feed = next(u for u in calls if "/ODataFeed/odata/85039NED/TypedDataSet" in u and "$skip" not in u)
    params = dict(parse_qsl(urlsplit(feed).query))
    assert params["$filter"] == ("startswith(WijkenEnBuurten,'NL') or startswith(WijkenEnBuurten,'GM') "
                                 "or startswith(WijkenEnBuurten,'WK')")
    select = params["$select"].split(",")
    assert "PercentageJongerenMetJeugdzorg_88" in select and "Mannen_6" not in select  # only what we use
    assert any("$skip=5" in u for u in calls)  # the odata.nextLink was followed
    assert any("startIndex=3" in u for u in calls)  # and the WFS pages


def test_every_response_is_cached_with_its_sha256_and_date(refreshed):
    root = refreshed["raw"] / rf.CACHE
    manifest = json.loads((root / rf.MANIFEST).read_text())["files"]
    assert set(manifest) == set(refreshed["calls"])
    for url, entry in manifest.items():
        assert sha256(root / entry["path"]) == entry["sha256"]
        assert re.match(r"\d{4}-\d\d-\d\dT", entry["retrieved"])
    assert (root / ".gitignore").read_text().strip().endswith("*")
    index = json.loads((root / rf.INDEX).read_text())
    assert {d["source_id"] for d in index["datasets"]} == {
        "cbs_85039NED", "cbs_85618NED", "cbs_85098NED", "cbs_85099NED",
        "pdok_gemeente_2021", "pdok_wijk_2021", "pdok_gemeente_2023", "pdok_wijk_2023"}


def test_each_download_is_a_source_row(refreshed):
    sources = query(refreshed["out"], "SELECT * FROM source WHERE source_id LIKE 'cbs_%' OR source_id LIKE 'pdok_%'")
    expected = {"cbs_85039NED", "cbs_85618NED", "cbs_85098NED", "cbs_85099NED",
                "pdok_gemeente_2021", "pdok_wijk_2021", "pdok_gemeente_2023", "pdok_wijk_2023"}
    assert expected <= set(sources.source_id)
    assert sources.sha256.str.fullmatch(r"[0-9a-f]{64}").all()
    kwb = sources.set_index("source_id").loc["cbs_85039NED"]
    assert kwb.title == "Kerncijfers wijken en buurten 2021 (85039NED)" and kwb.credit.startswith("Bron: CBS")


def test_suffix_drift_between_editions(refreshed):
    out = refreshed["out"]
    # _88 in the 2021 edition, _97 in 2023: both found on the base name.
    assert obs(out, "jeugdzorg_pct", "GM0034", 2021).value == pytest.approx(10.7)
    assert obs(out, "jeugdzorg_pct", "GM0034", 2023).value == pytest.approx(10.5)
    assert obs(out, "wmo_per_1000", "GM0034", 2023).value == 57  # WmoClientenRelatief_99
    assert obs(out, "jeugdzorg_pct", "GM0034", 2023).numerator == 6330
    assert obs(out, "jeugdzorg_pct", "GM0034", 2021).source_id == "cbs_85039NED"  # beats the bundle


def test_typed_values_keep_their_decimals(refreshed):
    # TypedDataSet has 28.9 (x 1 000 euro): not divided by 10 like the bundled export needs.
    assert obs(refreshed["out"], "inkomen_per_inwoner", "GM0034", 2021).value == pytest.approx(28.9)
    assert obs(refreshed["out"], "huish_laag_inkomen_pct", "WK003401", 2021).value == pytest.approx(9.8)


def test_secret_cells_are_secret_never_zero(refreshed):
    out = refreshed["out"]
    secret = obs(out, "jeugdzorg_pct", "WK003404", 2023)  # 2,500 inhabitants, cell empty
    assert secret.status == "secret" and pd.isna(secret.value)
    assert obs(out, "jeugdzorg_aantal", "WK003404", 2023).status == "secret"
    empty = obs(out, "jeugdzorg_pct", "WK003403", 2023)  # nobody lives there
    assert empty.status == "missing" and pd.isna(empty.value)
    # Not published yet for anyone (income in the 2023 edition): missing, not secret.
    assert obs(out, "inkomen_per_inwoner", "GM0034", 2023).status == "missing"
    # OData v4: ValueAttribute 'Confidential' without a value.
    assert obs(out, "jeugdreclassering_aantal", "GM0034", 2022).status == "secret"
    bad = query(out, "SELECT count(*) AS n FROM observation WHERE (status = 'value') <> (value IS NOT NULL)")
    assert bad.n.iloc[0] == 0


def test_herindeling_reweights_to_the_2024_indeling(refreshed):
    out = refreshed["out"]
    amsterdam = obs(out, "inwoners", "GM0363", 2021)
    assert amsterdam.value == 872757 + 20001 and amsterdam.is_derived and amsterdam.indeling_year == 2024
    assert "GM0457" in amsterdam.derivation and "opgeteld" in amsterdam.derivation
    jongeren = {"GM0363": 129430 + 121310, "GM0457": 3640 + 2210}  # 0-24 from the KWB 2021 edition
    expected = (9.0 * jongeren["GM0363"] + 9.8 * jongeren["GM0457"]) / sum(jongeren.values())
    jeugdhulp = obs(out, "jeugdhulp_pct", "GM0363", 2021)
    assert jeugdhulp.value == pytest.approx(expected, abs=1e-6) and jeugdhulp.is_derived
    # Weesp's jeugdreclassering was secret: Amsterdam 2021 stays secret, never a partial figure.
    assert obs(out, "jeugdreclassering_pct", "GM0363", 2021).status == "secret"
    assert query(out, "SELECT count(*) AS n FROM observation WHERE region_code = 'GM0457'").n.iloc[0] == 0
    # Weesp's wijk of 2021 (the bundled wijk data adds it for its other years too) hangs under Amsterdam
    weesp_wijk = query(out, "SELECT * FROM region WHERE code = 'WK045700' AND indeling_year = 2021")
    assert weesp_wijk.parent_code.tolist() == ["GM0363"]


def test_half_years_stay_out_of_yearly_series(refreshed):
    out = refreshed["out"]
    # the refresh's own rows (source cbs_85098NED); the bundled series (warehouse/series.py) adds the
    # other years from cbs_82972 and cbs_85098, whole years too
    years = query(out, "SELECT year, value FROM observation WHERE indicator_id = 'jeugdhulp_pct' "
                       "AND region_code = 'GM0034' AND source_id = 'cbs_85098NED' ORDER BY year")
    assert years.year.tolist() == [2021, 2022]
    assert sorted(query(out, "SELECT DISTINCT source_id FROM observation WHERE indicator_id = 'jeugdhulp_pct' "
                             "AND region_code = 'GM0034' AND year NOT IN (2021, 2022)").source_id) == [
        "cbs_82972", "cbs_85098"]
    assert years.value.tolist() == pytest.approx([10.4, 10.6])  # 2022JJ00, not 2022HJ01 (8.6)
    assert obs(out, "jeugdhulp_wijkteam_aantal", "GM0034", 2022).value == 2100  # not the 1,700 of HJ01
    assert obs(out, "jeugdhulp_pct", "NL00", 2022).value == pytest.approx(10.1)  # NL01 is NL00


def test_v4_member_found_by_title_when_its_key_differs(refreshed):
    # The recording files jeugdreclassering under A048870, not the plan's A027920.
    assert obs(refreshed["out"], "jeugdreclassering_aantal", "NL00", 2022).value == 4300


def test_redrawn_wijk_indeling_is_kept_apart_per_year(refreshed):
    out = refreshed["out"]
    rows = query(out, "SELECT * FROM region WHERE code = 'WK003401' ORDER BY indeling_year").set_index("indeling_year")
    assert rows.loc[2021, "name"] == "Almere Haven" and rows.loc[2021, "geometry_year"] == 2021
    assert rows.loc[2023, "name"] == "Centrum Almere Haven" and rows.loc[2023, "geometry_year"] == 2023
    assert rows.loc[2022, "geometry_year"] == 2024  # the bundle's Almere 2022 row is untouched
    geoms = query(out, "SELECT indeling_year, geojson FROM region_geometry WHERE code = 'WK003401'").set_index(
        "indeling_year")["geojson"]
    assert geoms.loc[2021] != geoms.loc[2023]
    assert obs(out, "jeugdzorg_pct", "WK003401", 2021).indeling_year == 2021


def test_refreshed_warehouse_is_consistent(refreshed):
    out = refreshed["out"]
    checks = {
        "observation zonder gebied": """SELECT count(*) AS n FROM observation o ANTI JOIN region r
                                         ON r.code = o.region_code AND r.indeling_year = o.indeling_year""",
        "observation zonder bron": "SELECT count(*) AS n FROM observation o ANTI JOIN source s USING (source_id)",
        "observation zonder indicator": "SELECT count(*) AS n FROM observation o ANTI JOIN indicator i USING (indicator_id)",
        "gebied zonder geometrie": """SELECT count(*) AS n FROM region r ANTI JOIN region_geometry g
                                       ON g.code = r.code AND g.indeling_year = r.geometry_year
                                       WHERE r.geometry_year IS NOT NULL""",
    }
    for what, sql in checks.items():
        assert query(out, sql).n.iloc[0] == 0, what
    catalogue = query(out, "SELECT indicator_id, definition_nl FROM indicator").set_index("indicator_id")
    assert catalogue.loc["jeugdhulp_pct", "definition_nl"].startswith("Jongeren tot 18 jaar")  # CBS's own text
    density = obs(out, "bevolkingsdichtheid", "WK003401", 2023)
    assert density.is_derived and density.value == round(30120 / 25.0)  # a 5 x 5 km square


# --- failure, resume, no network ------------------------------------------------------------------

def test_failure_halfway_keeps_the_warehouse_and_a_later_run_resumes(workspace):
    raw, out, store = workspace
    before = sha256(out)
    failing = recorded_fetch(fail_at=3)
    result = rf.refresh(raw, out, store, fetch=failing, plan=PLAN, progress=lambda *a: None)
    assert not result.ok
    assert "85039NED" in result.message and "niet veranderd" in result.message
    assert sha256(out) == before
    assert not (raw / rf.CACHE / rf.INDEX).exists()
    assert list(out.parent.glob("*.tmp")) == []
    # no download lock left; the writers' lock file stays (warehouse/lock.py: held by the OS, never stale)
    assert [p for p in out.parent.glob("*.lock") if p != wlock.lock_path(store)] == []

    again = recorded_fetch()
    result = rf.refresh(raw, out, store, fetch=again, plan=PLAN, progress=lambda *a: None)
    assert result.ok, result.message
    properties = "https://opendata.cbs.nl/ODataApi/odata/85039NED/DataProperties?$format=json"
    assert properties in failing.calls and properties not in again.calls  # taken from the cache
    assert result.reused >= 1
    assert len(again.calls) < len(recorded_fetch_all_calls())
    assert sha256(out) != before


@functools.cache
def recorded_fetch_all_calls() -> tuple[str, ...]:
    """The addresses a refresh of PLAN asks when nothing is cached (computed once, in tmp)."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        fetch = recorded_fetch()
        dl = rf.Downloader(fetch, rf.Cache(Path(tmp)))
        for spec in PLAN.tables:
            dl.table(spec, lambda *a: None)
        for layer, year in PLAN.layers():
            dl.pdok(layer, year, PLAN.pdok_page, lambda *a: None)
        return tuple(fetch.calls)


def test_a_failing_build_puts_the_previous_refresh_back(workspace, monkeypatch):
    raw, out, store = workspace
    plan = Plan(tables=(PLAN.tables[1],), pdok_years=(2023,), pdok_page=3)
    assert rf.refresh(raw, out, store, fetch=recorded_fetch(), plan=plan, progress=lambda *a: None).ok
    index = raw / rf.CACHE / rf.INDEX
    previous, before = index.read_bytes(), sha256(out)

    def broken_build(*args, **kwargs):
        raise ValueError("kapotte bouw (test)")

    monkeypatch.setattr(wb, "build", broken_build)
    result = rf.refresh(raw, out, store, fetch=recorded_fetch(), plan=PLAN, progress=lambda *a: None)
    assert not result.ok and "bouwen" in result.message and "kapotte bouw" in result.message
    assert index.read_bytes() == previous and sha256(out) == before
    files = [f["path"] for d in json.loads(previous)["datasets"] for f in d["files"]]
    assert all((raw / rf.CACHE / f).exists() for f in files)  # the previous refresh is whole


def test_without_network_one_dutch_sentence_and_nothing_changes(workspace, monkeypatch, capsys):
    raw, out, store = workspace
    before = sha256(out)

    def no_network(request, timeout):
        raise urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))

    monkeypatch.setattr(rf.cbs_odata, "Http", functools.partial(cbs_odata.Http, urlopen=no_network,
                                                               sleep=lambda s: None))
    code = rf.main(["--out", str(out), "--raw", str(raw), "--store", str(store)])
    captured = capsys.readouterr()
    assert code != 0
    assert captured.err.strip() == rf.NO_NETWORK == "Geen verbinding met CBS (opendata.cbs.nl): er is niets veranderd."
    assert sha256(out) == before
    assert not (raw / rf.CACHE).exists()
    # the only new files are the import store with the audit trail, which records the failed attempt (issue
    # 12), and the writers' lock next to it (issue 19)
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(["w.duckdb", "raw", store.name,
                                                                   wlock.lock_path(store).name])
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT action, result, message FROM audit_log").fetchall() == [
            ("verversen", "mislukt", rf.NO_NETWORK)]


def test_a_table_with_another_title_is_refused(workspace):
    raw, out, store = workspace
    before = sha256(out)
    wrong = Plan(tables=(TableSpec("85039NED", "kwb", ("kerncijfers wijken en buurten", "2022"), "likely", year=2022),),
                 pdok_years=(), pdok_page=3)
    result = rf.refresh(raw, out, store, fetch=recorded_fetch(), plan=wrong, progress=lambda *a: None)
    assert not result.ok
    assert "'Kerncijfers wijken en buurten 2021'" in result.message and "geweigerd" in result.message
    assert sha256(out) == before

    unknown = Plan(tables=(TableSpec("99999NED", "gemeente", ("jeugdzorg",), "likely"),), pdok_years=())
    result = rf.refresh(raw, out, store, fetch=recorded_fetch(), plan=unknown, progress=lambda *a: None)
    assert not result.ok and "99999NED bestaat niet" in result.message
    assert sha256(out) == before


def test_skip_unverified_goes_on_without_the_refused_table(workspace):
    raw, out, store = workspace
    plan = Plan(tables=(TableSpec("85039NED", "kwb", ("kerncijfers wijken en buurten", "2022"), "likely", year=2022),
                        PLAN.tables[1]), pdok_years=(2023,), pdok_page=3)
    result = rf.refresh(raw, out, store, fetch=recorded_fetch(), plan=plan, progress=lambda *a: None,
                        skip_unverified=True)
    assert result.ok, result.message
    assert any("85039NED" in w for w in result.warnings)
    assert obs(out, "jeugdzorg_pct", "GM0034", 2023).source_id == "cbs_85618NED"


# --- the parts ------------------------------------------------------------------------------------

class FakeResponse:
    def __init__(self, body: bytes):
        self.body = body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read(self) -> bytes:
        return self.body


def test_http_retries_with_exponential_backoff_and_sends_a_user_agent():
    seen, sleeps = [], []

    def flaky(request, timeout):
        seen.append((request.get_header("User-agent"), timeout))
        if len(seen) <= 2:
            raise urllib.error.HTTPError(request.full_url, 503, "Service Unavailable", {}, None)
        return FakeResponse(b'{"value": []}')

    http = cbs_odata.Http(timeout=30, retries=4, backoff=1.0, pause=0.5, urlopen=flaky, sleep=sleeps.append)
    assert http("https://opendata.cbs.nl/ODataApi/odata/85039NED/TableInfos?$format=json") == b'{"value": []}'
    assert sleeps == [1.0, 2.0]  # 1, 2 (, 4, 8) seconds
    assert seen[0][0].startswith("VroegDoen") and seen[0][1] == 30
    http("https://opendata.cbs.nl/x")
    assert sleeps[-1] == 0.5  # a pause between two requests


def test_http_gives_up_after_the_last_retry_and_without_network_at_once():
    sleeps = []

    def down(request, timeout):
        raise urllib.error.HTTPError(request.full_url, 502, "Bad Gateway", {"Retry-After": "7"}, None)

    with pytest.raises(HttpStatusError) as info:
        cbs_odata.Http(retries=2, urlopen=down, sleep=sleeps.append)("https://opendata.cbs.nl/y")
    assert info.value.status == 502 and sleeps == [7.0, 7.0]  # Retry-After honoured

    def offline(request, timeout):
        raise urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))

    sleeps.clear()
    with pytest.raises(cbs_odata.NoConnection):
        cbs_odata.Http(urlopen=offline, sleep=sleeps.append)("https://opendata.cbs.nl/z")
    assert sleeps == []


def test_untyped_cells_read_the_cbs_symbols():
    values, flags = cbs_odata.parse_values(pd.Series(["  12,5", "       .", "x", "-", None, 3, " 7.25 "], dtype=object))
    assert np.allclose(values.to_numpy(), [12.5, np.nan, np.nan, 0.0, np.nan, 3.0, 7.25], equal_nan=True)
    assert list(flags) == [None, "secret", "secret", None, None, None, None]


def test_codes_and_periods():
    assert cbs_odata.code("GM0363    ") == "GM0363" and cbs_odata.code("NL01  ") == "NL00"
    assert cbs_odata.period_year("2023JJ00") == (2023, "JJ")
    assert cbs_odata.period_year("2023HJ01") == (2023, "HJ")
    assert cbs_odata.period_year("2023KW02") == (2023, "KW")
    assert cbs_odata.period_year("totaal") == (None, "")


def test_old_gemeenten_map_to_the_new_one_that_holds_them():
    rd = "EPSG:28992"
    old = gpd.GeoDataFrame({"code": ["GM0001", "GM0002", "GM0003"]},
                           geometry=[box(0, 0, 10, 10), box(10, 0, 20, 10), box(20, 0, 30, 10)], crs=rd)
    new = gpd.GeoDataFrame({"code": ["GM1000", "GM0003"]}, geometry=[box(0, 0, 20, 10), box(20, 0, 30, 10)], crs=rd)
    assert refresh_herindeling.map_by_geometry(old, new) == {"GM0001": "GM1000", "GM0002": "GM1000", "GM0003": "GM0003"}


def test_build_without_a_refresh_ignores_the_refresh_code(tmp_path):
    raw = copy_raw(tmp_path / "raw")
    tables = {"observation": pd.DataFrame({"x": [1]})}
    assert refresh_load.include(raw, tables) is tables


# --- the page ---------------------------------------------------------------------------------------

@pytest.mark.usefixtures("use_fixture_warehouse", "lokaal")
def test_about_page_button_runs_the_refresh_with_a_progress_bar(monkeypatch):
    from streamlit.testing.v1 import AppTest

    calls = []

    def fake_refresh(progress=None, **kwargs):
        calls.append(kwargs)
        progress(3, 12, "CBS KWB 2024 (85984NED): pagina 1 (3.742 rijen)")
        return rf.RefreshResult(False, rf.NO_NETWORK)

    monkeypatch.setattr(rf, "refresh", fake_refresh)
    at = AppTest.from_file("../views/about_data.py", default_timeout=60).run()
    assert not at.exception and calls == []  # nothing happens until the button is pressed
    at.button(key="data_ververs").click().run()
    assert not at.exception and len(calls) == 1
    assert at.error[0].value == rf.NO_NETWORK
    bar = at.get("progress")[0].proto
    assert bar.value == 25 and "85984NED" in bar.text


def test_older_herindelingen_are_derived_from_the_boundaries():
    from datetime import date

    rd = "EPSG:28992"
    old = gpd.GeoDataFrame({"code": ["GM0001", "GM0002"], "name": ["Oudorp", "Nieuwdam"]},
                           geometry=[box(0, 0, 10, 10), box(10, 0, 20, 10)], crs=rd)
    target = gpd.GeoDataFrame({"code": ["GM1000"]}, geometry=[box(0, 0, 20, 10)], crs=rd)
    herindeling = pd.DataFrame(columns=["old_code", "old_name", "new_code", "new_name", "valid_from"])
    gem_2024 = pd.DataFrame({"code": ["GM1000"], "name": ["Samendorp"]})
    seen = {"GM0001": (2018, "Oudorp"), "GM0002": (2018, ""), "GM1000": (2024, "Samendorp"), "GM2000": (2025, "Later")}
    warnings = []
    mapping, derived = refresh_herindeling.herindeling_mapping(
        seen, {"GM1000"}, herindeling, {("gemeente", 2018): old}, gem_2024, warnings, lambda: target)
    assert mapping == {"GM0001": "GM1000", "GM0002": "GM1000"}  # GM2000 (after 2024) is not folded in
    assert {(d["old_code"], d["old_name"], d["new_name"], d["valid_from"]) for d in derived} == {
        ("GM0001", "Oudorp", "Samendorp", date(2019, 1, 1)), ("GM0002", "Nieuwdam", "Samendorp", date(2019, 1, 1))}
    assert warnings == []


def test_a_changed_cache_file_stops_the_build_naming_it(refreshed, tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(refreshed["raw"], raw)
    index = json.loads((raw / rf.CACHE / rf.INDEX).read_text())
    page = raw / rf.CACHE / next(f["path"] for d in index["datasets"] for f in d["files"] if f["role"] == "data")
    page.write_text('{"value": []}')
    out = tmp_path / "w.duckdb"
    shutil.copyfile(refreshed["out"], out)
    before = sha256(out)
    capsys.readouterr()
    assert wb.main(["--out", str(out), "--raw", str(raw), "--store", str(tmp_path / "geen.duckdb")]) == 2
    assert str(page) in capsys.readouterr().err and sha256(out) == before


# --- the lock: one refresh per warehouse at a time (issue 14) -------------------------------------

def test_a_refresh_while_another_holds_the_lock_is_refused_and_changes_nothing(workspace):
    import threading

    from refresh import download

    raw, out, store = workspace
    before = sha256(out)
    inside, release = threading.Event(), threading.Event()
    first_fetch = recorded_fetch()

    def slow_fetch(url: str) -> bytes:  # the first refresh waits inside the lock until told to go on
        inside.set()
        assert release.wait(30), "the test never released the first refresh"
        return first_fetch(url)

    plan = Plan(tables=(PLAN.tables[1],), pdok_years=(2023,), pdok_page=3)
    results = {}
    first = threading.Thread(target=lambda: results.setdefault("first", rf.refresh(
        raw, out, store, fetch=slow_fetch, plan=plan, progress=lambda *a: None)))
    first.start()
    try:
        assert inside.wait(30)
        lock = out.with_name(out.name + ".refresh.lock")
        assert lock.exists()
        second_fetch = recorded_fetch()
        second = rf.refresh(raw, out, store, fetch=second_fetch, plan=plan, progress=lambda *a: None)
        assert not second.ok and "Er loopt al een verversing" in second.message
        assert second_fetch.calls == []                      # the second asked nothing of CBS
        assert lock.exists() and sha256(out) == before        # and left the first one's lock alone
        assert not (raw / rf.CACHE / rf.INDEX).exists()
    finally:
        release.set()
        first.join(120)
    assert results["first"].ok, results["first"].message
    assert not lock.exists() and sha256(out) != before
    assert isinstance(download.Busy("x"), Exception)


def test_a_lock_left_by_a_crashed_refresh_goes_stale_and_the_next_refresh_runs(workspace):
    import os

    from refresh import download

    raw, out, store = workspace
    lock = out.with_name(out.name + ".refresh.lock")
    lock.write_text("12345")
    fresh = rf.refresh(raw, out, store, fetch=recorded_fetch(), plan=PLAN, progress=lambda *a: None)
    assert not fresh.ok and "Er loopt al een verversing" in fresh.message and lock.exists()
    old = lock.stat().st_mtime - download.LOCK_STALE_S - 60
    os.utime(lock, (old, old))
    plan = Plan(tables=(PLAN.tables[1],), pdok_years=(2023,), pdok_page=3)
    stale = rf.refresh(raw, out, store, fetch=recorded_fetch(), plan=plan, progress=lambda *a: None)
    assert stale.ok, stale.message
    assert not lock.exists()
