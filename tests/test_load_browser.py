"""Load (issue 14): several browser sessions walk every page while imports and rollbacks swap the
warehouse underneath them — no exception on any page, and no stale figure after the last swap.

One ``streamlit run`` on 127.0.0.1 (the server fixture of tests/test_browser.py, on a copy of the
warehouse and an empty import store in tmp), three browser contexts (three sessions), and a thread
in this process that imports and rolls back organisation files through orgdata.store as the
command line would. Everything is bounded: one walk of the navigation, four imports, two rollbacks.
"""
from __future__ import annotations

import re
import threading

import duckdb
import pytest

from tests import browser_support as bs
from tests.test_browser import app_problems, app_url, chromium, page_paths  # noqa: F401 - fixtures

try:
    from playwright.sync_api import expect
except ImportError:
    expect = None

pytestmark = pytest.mark.browser

SESSIONS = 3
HEADER = "wijkcode;maand;categorie;uitkomst;aantal"


def signals(month: str, count: int) -> bytes:
    return (f"{HEADER}\nWK003401;{month};opvoeding;samen met ouders opgelost;{count}\n").encode()


def churn(go: threading.Semaphore, done: list, errors: list) -> None:
    """Imports and rollbacks, each one a republish (a new warehouse file swapped in), one per page step."""
    from orgdata import store as orgstore
    try:
        ids = []
        for k, month in enumerate(["2024-01", "2024-02", "2024-03", "2024-04"]):
            assert go.acquire(timeout=300)
            result = orgstore.import_file(signals(month, 10 + k), f"last_{month}.csv", "signalen", "Lasttest")
            assert result.status == "geïmporteerd", result.message
            ids.append(result.import_id)
            done.append(("import", result.import_id))
            if k in (1, 3):
                assert go.acquire(timeout=300)
                rolled = orgstore.rollback(ids[k - 1])
                assert rolled.ok, rolled.message
                done.append(("rollback", ids[k - 1]))
    except Exception as exc:  # reported by the test, not lost in the thread
        errors.append(repr(exc))


def release_in_warehouse() -> str:
    with duckdb.connect(str(bs.warehouse_file()), read_only=True) as con:
        return con.execute("SELECT release_id FROM build_info").fetchone()[0]


def test_sessions_walk_every_page_while_imports_and_rollbacks_swap_the_warehouse(chromium, app_url):
    contexts = [chromium.new_context(viewport=bs.VIEWPORT) for _ in range(SESSIONS)]
    traffic = [bs.Traffic().attach(c) for c in contexts]
    pages = [c.new_page() for c in contexts]
    for c in contexts:
        c.set_default_timeout(60_000)
    done, errors = [], []
    go = threading.Semaphore(0)  # the sessions have a page open: the next import or rollback may start
    worker = threading.Thread(target=churn, args=(go, done, errors), daemon=True)
    problems = {}
    try:
        worker.start()
        for path in page_paths():
            for page in pages:  # all sessions ask at once; then each is awaited
                page.goto(app_url + path, wait_until="commit")
            for n, page in enumerate(pages):
                expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible(timeout=60_000)
                bs.wait_for_script_run(page)
                problems[(n, path)] = app_problems(page)
            go.release()  # swap the warehouse while the sessions go on to the next page
        for _ in range(6):
            go.release()
        worker.join(180)
        assert not worker.is_alive(), "the imports did not finish within 180 s"
        assert not errors, errors
        assert [kind for kind, _ in done] == ["import", "import", "rollback", "import", "import", "rollback"]

        # After the last swap every session sees the warehouse as it is now: its release and its log.
        release = release_in_warehouse()
        last = done[-2][1]
        for n, page in enumerate(pages):
            page.goto(app_url + "/data")
            bs.wait_for_script_run(page)
            expect(page.get_by_text(f"Datarelease {release}")).to_be_visible(timeout=30_000)
            expect(page.get_by_text(re.compile(re.escape(last)))).not_to_have_count(0)
            problems[(n, "/data after")] = app_problems(page)
    finally:
        for c in contexts:
            c.close()
    assert not {k: v for k, v in problems.items() if v}, problems
    assert not [t.page_errors for t in traffic if t.page_errors]
    assert all(not t.external_requests() for t in traffic)
