"""The dashboard in a real browser: one ``streamlit run`` server, Debian's headless Chromium.

Skipped when Chromium or the warehouse is missing, except in CI (CI=true), where that fails:
the browser tests must never silently not run there. Run them alone with
``.venv/bin/python -m pytest tests/test_browser.py -q`` (or ``-m browser``).
"""
from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from tests import browser_support as bs

try:
    from playwright.sync_api import expect
except ImportError:  # reported by bs.missing_requirements() in the server fixture
    expect = None

pytestmark = pytest.mark.browser

DECK = '[data-testid="stDeckGlJsonChart"]'
MAP_TIMEOUT_MS = 45_000
WIJK_DEEP_LINK = "/kaart?gemeente=GM0034&jaar=2024&niveau=wijk&indicator=jeugdzorg_pct"


def page_paths() -> list[str]:
    """Every page in dashboard.py's st.navigation, so that a new page is toured too.

    The default page lives at "/": Streamlit ignores url_path for it (and /overzicht is 'not found').
    """
    paths = ["/"]
    for call in re.findall(r"st\.Page\((.*?)\)", (bs.ROOT / "dashboard.py").read_text(encoding="utf-8"), re.S):
        url_path = re.search(r'url_path="([^"]+)"', call)
        if url_path and "default=True" not in call:
            paths.append("/" + url_path.group(1))
    return paths


TOUR_PATHS = page_paths() + [WIJK_DEEP_LINK]

# Known and not the app's doing: opening a page by its own path (/kaart) makes Streamlit's
# frontend first probe <page>/_stcore/health and <page>/_stcore/host-config, which 404, before it
# falls back to the root (github.com/streamlit/streamlit/issues/7074).
FRAMEWORK_404 = re.compile(r"^http://(127\.0\.0\.1|localhost):\d+/[^?#]+/_stcore/(health|host-config)$")


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The dashboard's base URL; the server is stopped at the end of the module, also on failure."""
    bs.skip_or_fail_without_browser()
    # The server reads a copy of the warehouse and an empty import store (conftest points
    # VROEGDOEN_ORGSTORE at tmp): the upload test must never change the developer's data.
    tmp = tmp_path_factory.mktemp("streamlit")
    copy = tmp / "warehouse.duckdb"
    shutil.copyfile(bs.warehouse_file(), copy)
    old = os.environ.get("VROEGDOEN_WAREHOUSE")
    os.environ["VROEGDOEN_WAREHOUSE"] = str(copy)
    try:
        with bs.streamlit_server(tmp / "server.log", env={"VROEGDOEN_LOKAAL": "1"}) as url:  # as make run
            yield url
    finally:
        if old is None:
            os.environ.pop("VROEGDOEN_WAREHOUSE", None)
        else:
            os.environ["VROEGDOEN_WAREHOUSE"] = old


@pytest.fixture(scope="module")
def chromium(app_url):
    with bs.chromium() as browser:
        yield browser


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


@dataclass
class Tour:
    traffic: bs.Traffic
    problems: dict[str, list[str]]  # path: Streamlit error boxes and 'Page not found' on that page


@pytest.fixture(scope="module")
def tour(chromium, app_url) -> Tour:
    """Every page once, in one context, recording all traffic and what each page shows wrong."""
    context, tab = _open_context(chromium)
    problems = {}
    try:
        page = tab.page
        for path in TOUR_PATHS:
            page.goto(app_url + path)
            expect(page.get_by_role("heading", level=1).first).to_be_visible()
            if path.startswith("/kaart"):
                expect(page.locator(DECK)).to_be_visible(timeout=MAP_TIMEOUT_MS)
            bs.wait_for_script_run(page)
            problems[path] = app_problems(page)
        page.wait_for_timeout(1_000)  # late requests (favicon, map tiles if any) still count
    finally:
        context.close()
    return Tour(tab.traffic, problems)


def app_problems(page) -> list[str]:
    """Streamlit's red exception boxes and its 'Page not found' dialog, as text."""
    found = [f"exception: {t[:300]}" for t in page.get_by_test_id("stException").all_inner_texts()]
    if page.get_by_text("Page not found").count():
        found.append("dialog: Page not found")
    return found


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
    bs.wait_for_script_run(page)
    assert app_problems(page) == []
    # The year in the URL follows the sidebar (Utrecht has figures for Almere's year too, so it stays).
    jaar = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Jaar").input_value()
    assert jaar.isdigit()
    expect(page).to_have_url(re.compile(rf"[?&]jaar={jaar}(&|$)"))


def test_deep_link_restores_the_wijk_map(tab, app_url):
    page = tab.page
    page.goto(app_url + WIJK_DEEP_LINK)
    expect(page.locator(DECK)).to_be_visible(timeout=MAP_TIMEOUT_MS)
    bs.wait_for_script_run(page)

    assert app_problems(page) == []  # no 'Page not found' dialog, no error box
    expect(page.get_by_role("heading", name=re.compile(r"in 2024: \d+ van \d+ wijken van Almere met een cijfer"))).to_be_visible()
    expect(page.get_by_role("radio", name="Gekozen gemeente, per wijk")).to_be_checked()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("combobox", name="Gemeente")).to_have_value("Almere")
    expect(sidebar.get_by_role("combobox", name="Jaar")).to_have_value("2024")
    query = urlsplit(page.url).query
    for part in ("gemeente=GM0034", "jaar=2024", "niveau=wijk", "indicator=jeugdzorg_pct"):
        assert part in query.split("&"), f"{part} lost from the URL: {page.url}"
    wait_until_map_drawn(page)


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
    # the run for Utrecht is done: its wijk map's heading (or the note that it has no wijk figures) is there
    expect(page.get_by_text(re.compile(r"wijken van Utrecht"))).to_be_visible(timeout=30_000)
    expect(page.get_by_role("radio", name="Gekozen gemeente, per wijk")).to_be_checked(timeout=2_000)


def test_every_page_renders_without_an_error(tour):
    assert set(tour.problems) == set(TOUR_PATHS)
    shown = {path: found for path, found in tour.problems.items() if found}
    assert not shown, "\n".join(f"{path}: {'; '.join(found)}" for path, found in shown.items())


def test_no_request_leaves_the_machine(tour):
    assert tour.traffic.requests, "no requests recorded at all"
    external = tour.traffic.external_requests()
    # e.g. page_icon=":material/…:" loads the favicon from fonts.gstatic.com: use a local image
    assert not external, "requests left 127.0.0.1:\n" + "\n".join(external)


def test_no_unexpected_browser_errors(tour):
    traffic = tour.traffic

    def known(url: str) -> bool:  # framework 404s, and external URLs (test_no_request_leaves_the_machine)
        parts = urlsplit(url)
        return bool(FRAMEWORK_404.match(url)) or (parts.scheme in ("http", "https")
                                                  and parts.hostname not in bs.LOCAL_HOSTS)

    assert not traffic.page_errors, "uncaught errors in the page:\n" + "\n".join(traffic.page_errors)
    bad_responses = [f"{status} {url}" for status, url in traffic.failed_responses if not known(url)]
    assert not bad_responses, "failed responses:\n" + "\n".join(bad_responses)
    bad_console = [f"{text} ({url})" for text, url in traffic.console_errors if not known(url)]
    assert not bad_console, "console errors:\n" + "\n".join(bad_console)


def test_upload_a_template_file_and_see_it_on_the_map(tab, app_url, tmp_path):
    """An organisation uploads a filled-in 'bereik' file; its reach appears on the wijk map."""
    import duckdb
    with duckdb.connect(os.environ["VROEGDOEN_WAREHOUSE"], read_only=True) as con:
        wijken = [r[0] for r in con.execute(
            "SELECT region_code FROM observation WHERE indicator_id = 'kinderen_0_15' AND year = 2024 "
            "AND status = 'value' AND value >= 200 AND region_code LIKE 'WK0034%' ORDER BY 1").fetchall()]
    assert len(wijken) > 20
    lines = ["wijkcode;maand;activiteit;leeftijdsgroep;unieke_kinderen;contacten;uren"]
    lines += [f"{code};2024-03;spelen;8-11;40;120;50,5" for code in wijken]
    upload = tmp_path / "bereik_maart_2024.csv"
    upload.write_text("\n".join(lines) + "\n", encoding="utf-8")

    page = tab.page
    bs.import_on_data_page(page, app_url, "Testorganisatie", upload, len(wijken))

    page.goto(app_url + "/kaart?gemeente=GM0034&jaar=2024&niveau=wijk&indicator=kinderwerk_bereik_pct")
    expect(page.locator(DECK)).to_be_visible(timeout=MAP_TIMEOUT_MS)
    bs.wait_for_script_run(page)
    heading = re.compile(rf"Kinderen 4–14 bereikt door kinderwerk in 2024: {len(wijken)} van 71 wijken")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("Registratie van Testorganisatie", exact=False).or_(
        page.get_by_text("Bron: registratie Testorganisatie", exact=False))).to_be_visible()
    expect(page.get_by_text("Voorbeelddata — gegenereerd")).to_have_count(0)
    wait_until_map_drawn(page)


def test_a_visitor_through_a_proxy_gets_no_write_controls_even_in_lokale_modus(chromium, app_url):
    """A reverse proxy or port forward adds X-Forwarded-For: that visitor is not the person at this machine."""
    context = chromium.new_context(viewport=bs.VIEWPORT, extra_http_headers={"X-Forwarded-For": "203.0.113.7"})
    try:
        page = context.new_page()
        page.goto(app_url + "/data?gemeente=GM0034&jaar=2024")
        bs.wait_for_script_run(page)
        expect(page.get_by_text("komt via een proxy of doorgestuurde poort", exact=False)).to_be_visible()
        expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
        expect(page.get_by_role("button", name="Voorbeelddata verwijderen")).to_have_count(0)
    finally:
        context.close()


def test_a_click_on_a_wijk_opens_it_on_wijken_vergelijken(tab, app_url):
    """The wijk map's click leads across pages: Wijken vergelijken opens with the clicked wijk chosen."""
    import io

    import duckdb
    import numpy as np
    from PIL import Image
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = tab.page
    page.goto(app_url + WIJK_DEEP_LINK)
    deck = page.locator(DECK).first
    expect(deck).to_be_visible(timeout=MAP_TIMEOUT_MS)
    bs.wait_for_script_run(page)
    wait_until_map_drawn(page)

    # Points well inside a coloured wijk: a saturated (not grey: no 'geen gegevens' or 'geheim') pixel
    # whose 15×15 neighbourhood has the same colour, nearest the map's centre first, 40 px apart.
    pixels = np.asarray(Image.open(io.BytesIO(deck.screenshot())).convert("RGB"), dtype=np.int16)
    height, width, _ = pixels.shape
    candidates = []
    for y in range(30, height - 30, 8):
        for x in range(30, width - 60, 8):  # the chart's toolbar sits top right
            window = pixels[y - 7:y + 8, x - 7:x + 8]
            colour = pixels[y, x]
            if colour.max() - colour.min() > 20 and np.abs(window - colour).max() <= 6:
                candidates.append((x, y))
    assert candidates, "no coloured wijk found in the map screenshot"
    candidates.sort(key=lambda p: (p[0] - width / 2) ** 2 + (p[1] - height / 2) ** 2)
    tries = []
    for x, y in candidates:
        if all(abs(x - tx) + abs(y - ty) >= 40 for tx, ty in tries):
            tries.append((x, y))
        if len(tries) == 5:
            break

    box = deck.bounding_box()
    target = re.compile(r"/wijken-vergelijken\?(.*&)?wijk=WK0034\d{2}(&|$)")
    for x, y in tries:
        page.mouse.click(box["x"] + x, box["y"] + y)
        try:
            page.wait_for_url(target, timeout=10_000)
            break
        except PlaywrightTimeout:  # the click found no wijk: try the next point
            continue
    else:
        pytest.fail(f"no click on the wijk map opened Wijken vergelijken (tried {tries}); now at {page.url}")

    expect(page.get_by_role("heading", name="Wijken vergelijken: Almere, 2024")).to_be_visible()
    query = urlsplit(page.url).query.split("&")
    assert "gemeente=GM0034" in query and "jaar=2024" in query, page.url
    wijk = next(part.split("=", 1)[1] for part in query if part.startswith("wijk="))
    with duckdb.connect(os.environ["VROEGDOEN_WAREHOUSE"], read_only=True) as con:
        (name,) = con.execute("SELECT name FROM region WHERE code = ? AND indeling_year = 2024", [wijk]).fetchone()
    expect(page.get_by_test_id("stMultiSelect")).to_contain_text(name)  # the clicked wijk is chosen
    bs.wait_for_script_run(page)
    assert app_problems(page) == []


# --- shared links: the view and its data release ----------------------------------------------

SHARED_VIEW = "/investeringscase?gemeente=GM0034&jaar=2024&fte=7&horizon=6"


def current_release() -> str:
    """The release id of the warehouse copy the server reads (build_info)."""
    import duckdb
    with duckdb.connect(os.environ["VROEGDOEN_WAREHOUSE"], read_only=True) as con:
        (release,) = con.execute("SELECT release_id FROM build_info").fetchone()
    return str(release)


def open_shared_view(page, app_url: str, release: str) -> None:
    page.goto(f"{app_url}{SHARED_VIEW}&release={release}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Investeringscase kinderwerk: Almere")
    bs.wait_for_script_run(page)
    assert app_problems(page) == []


def test_a_shared_link_restores_the_investment_inputs(tab, app_url):
    page = tab.page
    open_shared_view(page, app_url, current_release())
    page.get_by_text("Aannames en waar ze vandaan komen").click()  # the inputs sit in a closed expander
    expect(page.get_by_role("spinbutton", name="Extra kinderwerk (fte)")).to_have_value("7")
    expect(page.get_by_role("spinbutton", name="Horizon (jaren)")).to_have_value("6")
    expect(page.get_by_test_id("stMetric").filter(has_text="Terug per euro, 6 jaar")).to_be_visible()
    # 7 fte × € 75.000 (the assumed cost per fte: no own figure for it)
    expect(page.get_by_test_id("stMetric").filter(has_text="Kosten per jaar")).to_contain_text("€ 525.000")
    # the link's release is the one shown: no warning
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"Datarelease {current_release()}")).to_be_visible()
    expect(sidebar.get_by_text("hoort bij datarelease")).to_have_count(0)
    query = urlsplit(page.url).query.split("&")
    for part in ("gemeente=GM0034", "jaar=2024", "fte=7", "horizon=6"):
        assert part in query, f"{part} lost from the URL: {page.url}"


def test_a_link_to_another_release_warns_in_the_sidebar(tab, app_url):
    page = tab.page
    open_shared_view(page, app_url, "ouderelease1")
    warning = page.get_by_test_id("stSidebar").get_by_test_id("stAlert").filter(
        has_text="hoort bij datarelease ouderelease1")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(f"u ziet datarelease {current_release()}")
    # the view itself still opens as shared
    page.get_by_text("Aannames en waar ze vandaan komen").click()
    expect(page.get_by_role("spinbutton", name="Extra kinderwerk (fte)")).to_have_value("7")


def test_the_share_popover_shows_a_link_pinned_to_the_release(tab, app_url):
    page = tab.page
    release = current_release()
    open_shared_view(page, app_url, release)
    page.get_by_test_id("stSidebar").get_by_role("button", name=re.compile("Deel deze weergave")).click()
    code = page.get_by_test_id("stCode").filter(has_text="release=")
    expect(code).to_be_visible()
    link = code.inner_text().strip()
    assert link.startswith(app_url + "/investeringscase?"), link
    query = urlsplit(link).query.split("&")
    for part in ("gemeente=GM0034", "jaar=2024", "fte=7", "horizon=6", f"release={release}"):
        assert part in query, f"{part} missing from the shared link: {link}"


def test_maak_presentatie_gives_a_deck_and_a_tagged_one_page_pdf(tab, app_url):
    """A wethouder clicks 'Maak presentatie' on Overzicht and downloads both files (reports.export behind it)."""
    import io

    from pptx import Presentation
    from pypdf import PdfReader

    page = tab.page
    page.goto(app_url + "/?gemeente=GM0363&jaar=2024")
    bs.wait_for_script_run(page)
    page.get_by_role("button", name="Maak presentatie (PowerPoint en PDF)").click()
    pdf_button = page.get_by_role("button", name="PDF (1 pagina)")
    expect(pdf_button).to_be_visible(timeout=120_000)  # first export: kaleido and Chromium start
    with page.expect_download() as download:
        pdf_button.click()
    assert download.value.suggested_filename == "vroeg_doen_GM0363_2024.pdf"
    reader = PdfReader(download.value.path())
    assert len(reader.pages) == 1 and reader.metadata.title == "Vroeg Doen — Amsterdam"
    assert reader.trailer["/Root"]["/Lang"] == "nl" and "/StructTreeRoot" in reader.trailer["/Root"]
    with page.expect_download() as download:
        page.get_by_role("button", name="PowerPoint", exact=True).click()
    deck = Presentation(io.BytesIO(open(download.value.path(), "rb").read()))
    assert deck.slides[1].shapes.title.text == "Kerncijfers Amsterdam, 2024"
    assert not tab.traffic.external_requests()
