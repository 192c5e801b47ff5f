"""WCAG 2.1 AA in a real browser (issue 14): axe-core on every page of the navigation.

axe-core runs through axe-playwright-python in Debian's Chromium against ``streamlit run`` (the
server fixture of tests/test_browser.py). Each page of dashboard.py's st.navigation is checked
for the tags wcag2a, wcag2aa, wcag21a and wcag21aa, after it has rendered: 0 violations. Run one
page with ``-k kaart``; the pages come from the navigation, so a new page is checked too.
"""
from __future__ import annotations

import pytest

from tests import browser_support as bs
from tests.test_browser import DECK, MAP_TIMEOUT_MS, app_url, chromium, page_paths, tab  # noqa: F401 - fixtures

try:
    from playwright.sync_api import expect
except ImportError:
    expect = None

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
A11Y_PATHS = page_paths() + ["/kaart?gemeente=GM0034&jaar=2024&niveau=wijk&indicator=jeugdzorg_pct"]


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return result.response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(en)")
        for node in v["nodes"][:4]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')[:300]!r}")
    return "\n".join(lines)


def rendered(page, path: str) -> None:
    """Wait until the page has drawn: an h1 in the main area, no script running, charts in place."""
    expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible(timeout=60_000)
    if path.startswith("/kaart"):
        expect(page.locator(DECK)).to_be_visible(timeout=MAP_TIMEOUT_MS)
    bs.wait_for_script_run(page)
    page.wait_for_timeout(1_500)  # plotly and deck.gl finish drawing after the script


@pytest.mark.parametrize("path", A11Y_PATHS, ids=lambda p: p.strip("/").split("?")[0] + ("-wijk" if "?" in p else "")
                         or "overzicht")
def test_every_page_has_no_wcag_21_aa_violations(tab, app_url, path):
    tab.page.goto(app_url + path)
    rendered(tab.page, path)
    violations = axe_violations(tab.page)
    assert not violations, f"{path}:\n{describe(violations)}"


def test_the_focused_element_has_a_visible_outline(tab, app_url):
    """Tab through the page: every element that gets the keyboard focus is outlined (WCAG 2.4.7)."""
    page = tab.page
    page.goto(app_url + "/toegankelijkheid")
    rendered(page, "/toegankelijkheid")
    seen = []
    for _ in range(8):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""() => {
            const el = document.activeElement;
            const s = getComputedStyle(el);
            return [el.tagName + (el.getAttribute('aria-label') ? ' ' + el.getAttribute('aria-label') : ''),
                    s.outlineStyle, parseFloat(s.outlineWidth) || 0];
        }"""))
    focused = [entry for entry in seen if entry[0] != "BODY"]
    assert len(focused) >= 4, seen
    unmarked = [entry for entry in focused if entry[1] == "none" or entry[2] < 2]
    assert not unmarked, f"focused without a visible outline: {unmarked}"


def test_the_map_list_chooses_a_gemeente_with_the_keyboard_alone(tab, app_url):
    """The keyboard route of the map (WCAG 2.1.1): tab to the list, type, Enter — the gemeente changes."""
    import re

    page = tab.page
    page.goto(app_url + "/kaart?gemeente=GM0034&jaar=2024")
    rendered(page, "/kaart")
    picker = page.get_by_role("combobox", name=re.compile("Of kies een gemeente uit de lijst"))
    for _ in range(40):  # Tab until the list has the focus: no mouse involved
        page.keyboard.press("Tab")
        if picker.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the list under the map is not reachable with Tab")
    page.keyboard.type("Groningen")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"gemeente=GM0014"), timeout=30_000)
    expect(page.get_by_role("heading", name=re.compile("in 2024|gemeenten met een cijfer"))).to_be_visible()
