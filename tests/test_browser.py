"""The dashboard in a real browser: one ``streamlit run`` server, Debian's headless Chromium.

Skipped when Chromium or the warehouse is missing, except in CI (CI=true), where that fails:
the browser tests must never silently not run there. Run them alone with
``.venv/bin/python -m pytest tests/test_browser.py -q`` (or ``-m browser``).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from tests import browser_support as bs

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # reported by bs.missing_requirements() in the server fixture
    expect = sync_playwright = None

pytestmark = pytest.mark.browser

DECK = '[data-testid="stDeckGlJsonChart"]'
MAP_TIMEOUT_MS = 45_000
WIJK_DEEP_LINK = "/kaart?gemeente=GM0034&jaar=2024&niveau=wijk&indicator=jeugdzorg_pct"

# Known and not the app's doing: opening a page by its own path (/kaart) makes Streamlit's
# frontend first probe <page>/_stcore/health and <page>/_stcore/host-config, which 404, before it
# falls back to the root (github.com/streamlit/streamlit/issues/7074).
FRAMEWORK_404 = re.compile(r"^http://(127\.0\.0\.1|localhost):\d+/[^?#]+/_stcore/(health|host-config)$")
# Known app bug, reported: page_icon=":material/child_care:" in dashboard.py makes Streamlit's
# frontend load the favicon from fonts.gstatic.com. An emoji or a local image file as page_icon
# keeps it local. Any OTHER request leaving the machine fails the test outright.
KNOWN_LEAK = "https://fonts.gstatic.com/s/i/short-term/release/materialsymbolsrounded/"


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The dashboard's base URL; the server is stopped at the end of the module, also on failure."""
    missing = bs.missing_requirements()
    if missing:
        reason = "browser tests cannot run: " + "; ".join(missing)
        if bs.in_ci():
            pytest.fail(f"{reason} (CI is set: failing instead of skipping)", pytrace=False)
        pytest.skip(reason)
    with bs.streamlit_server(tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def chromium(app_url):
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(bs.CHROMIUM), args=bs.CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Tab:
    page: object
    traffic: bs.Traffic


def _open_context(chromium):
    context = chromium.new_context(viewport=bs.VIEWPORT)
    context.set_default_timeout(30_000)
    traffic = bs.Traffic().attach(context)
    return context, Tab(context.new_page(), traffic)


@pytest.fixture
def tab(chromium):
    """A page in a fresh browser context (no cookies, no session: a first visit)."""
    context, tab = _open_context(chromium)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="module")
def tour(chromium, app_url) -> bs.Traffic:
    """Every page once, in one context, with all traffic recorded: for the request/console tests."""
    context, tab = _open_context(chromium)
    try:
        page = tab.page
        for path, ready in [("/", lambda: page.get_by_role("heading", level=1).filter(has_text="Almere")),
                            ("/kaart", lambda: page.locator(DECK)),
                            ("/over-de-data", lambda: page.get_by_role("heading", name="Landelijke kerncijfers")),
                            (WIJK_DEEP_LINK, lambda: page.locator(DECK))]:
            page.goto(app_url + path)
            expect(ready()).to_be_visible(timeout=MAP_TIMEOUT_MS)
            bs.wait_for_script_run(page)
        page.wait_for_timeout(1_000)  # late requests (favicon, map tiles if any) still count
    finally:
        context.close()
    return tab.traffic


def wait_until_map_drawn(page, minimum: float = 0.10, timeout_s: float = 20) -> float:
    """deck.gl draws after the chart appears: poll its pixels until enough of the map is coloured.

    Drawn, the NL map fills ~20% of the chart and Almere's wijken ~55%; an undrawn one ~0%.
    """
    deck = page.locator(DECK).first
    deadline, fraction = time.monotonic() + timeout_s, 0.0
    while time.monotonic() < deadline:
        fraction = bs.drawn_fraction(deck.screenshot())
        if fraction >= minimum:
            return fraction
        page.wait_for_timeout(300)
    pytest.fail(f"the map stayed (nearly) blank: {fraction:.0%} of its pixels drawn, expected ≥ {minimum:.0%}")


# --- tests ------------------------------------------------------------------------------------

def test_kaart_shows_the_map(tab, app_url, tmp_path):
    page = tab.page
    page.goto(app_url + "/kaart")
    deck = page.locator(DECK)
    expect(deck).to_be_visible(timeout=MAP_TIMEOUT_MS)
    expect(deck.locator("canvas").first).to_be_attached()
    expect(page.get_by_role("heading", name=re.compile(r"\d+ van 342 gemeenten met een cijfer"))).to_be_visible()
    wait_until_map_drawn(page)

    shot = tmp_path / "kaart.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000, f"screenshot of the map page is only {shot.stat().st_size} bytes"


def test_choosing_a_gemeente_changes_the_url(tab, app_url):
    page = tab.page
    page.goto(app_url + "/?gemeente=GM0034")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Almere")
    bs.wait_for_script_run(page)

    gemeente = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Gemeente")
    expect(gemeente).to_have_value("Almere")
    gemeente.click()
    page.keyboard.type("Utrecht")
    expect(page.get_by_role("option", name="Utrecht", exact=True)).to_be_visible()
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"[?&]gemeente=GM0344(&|$)"), timeout=15_000)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utrecht")
    expect(gemeente).to_have_value("Utrecht")
    # Utrecht has only 2021 in the bundled data: the year in the URL follows the sidebar.
    expect(page).to_have_url(re.compile(r"[?&]jaar=2021(&|$)"))


def test_deep_link_restores_the_wijk_map(tab, app_url):
    page = tab.page
    page.goto(app_url + WIJK_DEEP_LINK)
    expect(page.locator(DECK)).to_be_visible(timeout=MAP_TIMEOUT_MS)
    bs.wait_for_script_run(page)

    assert page.get_by_role("dialog").filter(has_text="Page not found").count() == 0
    assert page.get_by_text("Page not found").count() == 0
    expect(page.get_by_role("heading", name=re.compile(r"in 2024: \d+ van \d+ wijken met een cijfer"))).to_be_visible()
    expect(page.get_by_role("radio", name="Almere, per wijk")).to_be_checked()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("combobox", name="Gemeente")).to_have_value("Almere")
    expect(sidebar.get_by_role("combobox", name="Jaar")).to_have_value("2024")
    query = urlsplit(page.url).query
    for part in ("gemeente=GM0034", "jaar=2024", "niveau=wijk", "indicator=jeugdzorg_pct"):
        assert part in query.split("&"), f"{part} lost from the URL: {page.url}"
    wait_until_map_drawn(page)


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="app bug: the 'Kaart van' labels contain the gemeente name, so after "
                   "choosing another gemeente the radio shows no level checked (server value is still 'wijk')")
def test_wijk_level_stays_checked_after_choosing_another_gemeente(tab, app_url):
    page = tab.page
    page.goto(app_url + WIJK_DEEP_LINK)
    expect(page.locator(DECK)).to_be_visible(timeout=MAP_TIMEOUT_MS)
    bs.wait_for_script_run(page)
    page.get_by_test_id("stSidebar").get_by_role("combobox", name="Gemeente").click()
    page.keyboard.type("Utrecht")
    expect(page.get_by_role("option", name="Utrecht", exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]gemeente=GM0344(&|$)"), timeout=15_000)
    expect(page.get_by_text("Voor de wijken van Utrecht")).to_be_visible()  # the run for Utrecht is done
    expect(page.get_by_role("radio", name="Utrecht, per wijk")).to_be_checked(timeout=2_000)


def test_no_request_leaves_the_machine(tour):
    assert tour.requests, "no requests recorded at all"
    external = tour.external_requests()
    unexpected = [u for u in external if not u.startswith(KNOWN_LEAK)]
    assert not unexpected, "requests left 127.0.0.1:\n" + "\n".join(unexpected)
    if external:
        pytest.xfail("known app bug: the favicon (page_icon ':material/…:' in dashboard.py) is loaded from "
                     + ", ".join(external))


def test_no_unexpected_browser_errors(tour):
    def known(url: str) -> bool:  # framework 404s, and external URLs (test_no_request_leaves_the_machine)
        parts = urlsplit(url)
        return bool(FRAMEWORK_404.match(url)) or (parts.scheme in ("http", "https")
                                                  and parts.hostname not in bs.LOCAL_HOSTS)

    assert not tour.page_errors, "uncaught errors in the page:\n" + "\n".join(tour.page_errors)
    bad_responses = [f"{status} {url}" for status, url in tour.failed_responses if not known(url)]
    assert not bad_responses, "failed responses:\n" + "\n".join(bad_responses)
    bad_console = [f"{text} ({url})" for text, url in tour.console_errors if not known(url)]
    assert not bad_console, "console errors:\n" + "\n".join(bad_console)
