"""The stable download addresses served by a running dashboard (issue 23): the browser fetches
/app/static/downloads/latest/… and /app/static/downloads/<release>/… and reads what it got.

The server runs on a copy of the developer's warehouse, with the downloads switched on (the other test
servers have them off), so it writes the same files `make warehouse` writes for that release.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import time

import duckdb
import pyarrow.parquet as pq
import pytest

from queries import downloads
from tests import browser_support as bs

pytestmark = pytest.mark.browser
BASE = "/app/static/downloads"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    bs.skip_or_fail_without_browser()
    tmp = tmp_path_factory.mktemp("downloads_server")
    copy = tmp / "warehouse.duckdb"
    shutil.copyfile(bs.warehouse_file(), copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        release = con.execute("SELECT release_id FROM build_info").fetchone()[0]
    env = {"VROEGDOEN_WAREHOUSE": str(copy), "VROEGDOEN_DOWNLOADS": str(downloads.DEFAULT_OUT)}
    with bs.streamlit_server(tmp / "server.log", env=env) as url, bs.chromium() as browser:
        page = browser.new_page()
        page.goto(url + "/")  # a page view starts writing the downloads of this release, if they are not there
        page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
        yield url, release, page


def _get(page, url: str, headers: dict | None = None):
    response = page.request.get(url, headers=headers or {}, timeout=60_000)
    assert response.status in (200, 206), f"{url}: HTTP {response.status}"
    return response


def test_the_browser_fetches_the_latest_figures_and_their_dictionary(served):
    url, release, page = served
    deadline, info = time.monotonic() + 120, None
    while time.monotonic() < deadline:
        response = page.request.get(f"{url}{BASE}/latest/release.json")
        if response.status == 200 and (info := json.loads(response.body()))["release"] == release:
            break
        time.sleep(2)
    assert info and info["release"] == release, f"latest/ never got release {release}: {info}"
    dictionary = _get(page, f"{url}{BASE}/latest/woordenboek.csv").text().splitlines()
    columns = [line.split(",")[0] for line in dictionary[1:]]
    table = pq.read_table(io.BytesIO(_get(page, f"{url}{BASE}/latest/cijfers.parquet").body()))
    assert table.num_rows == info["rijen"] > 100_000 and table.column_names == columns
    head = _get(page, f"{url}{BASE}/latest/cijfers.csv", {"Range": "bytes=0-2047"}).body().decode("utf-8")
    assert head.splitlines()[0].split(",") == columns
    assert info["bestanden"]["cijfers.csv"]["bytes"] < 200 * 2**20  # Streamlit serves static files up to 200 MB
    pinned = _get(page, f"{url}{BASE}/{release}/release.json")
    assert json.loads(pinned.body()) == info  # the address of this release keeps these figures


def test_no_download_address_reaches_outside_the_folder(served):
    url, _, page = served
    assert page.request.get(f"{url}{BASE}/latest/..%2F..%2F..%2Fdata%2Fwarehouse.duckdb").status in (400, 404)
    assert os.path.isdir(downloads.DEFAULT_OUT / "latest")
