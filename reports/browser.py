"""HTML to a tagged PDF with Debian's Chromium (Playwright), one browser per process.

Playwright's sync API belongs to the thread that started it, and Streamlit runs every session in its own
thread: so one worker thread owns the browser and prints every PDF, one at a time. The browser starts on
the first PDF (~2 s) and stays; each PDF after that takes a fraction of a second. Nothing is downloaded:
the browser is the Chromium the project already uses (README, TOOLCHAIN.md).
"""
from __future__ import annotations

import atexit
import functools
import os
import shutil
from concurrent.futures import ThreadPoolExecutor

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_S = 120
A4_MM, MARGIN_MM = (210, 297), (11 + 10, 12 + 12)  # @page margins of the one-pager: top + bottom, left + right
PX_PER_MM = 96 / 25.4
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75)  # below 0.75 the type gets too small to read: a second page then


def chromium_path() -> str:
    """VROEGDOEN_CHROMIUM, else chromium on PATH, else Debian's /usr/bin/chromium."""
    return os.environ.get("VROEGDOEN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


class _Printer:
    """The worker thread and, once started inside it, the playwright driver and the browser."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vroegdoen-pdf")
        self.playwright = self.browser = None
        atexit.register(self.close)

    def _browser(self):  # runs in the worker thread only
        if self.browser is None or not self.browser.is_connected():
            from playwright.sync_api import sync_playwright
            if self.playwright is None:
                self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        return self.browser

    def _print(self, html: str, one_page: bool) -> bytes:
        page = self._browser().new_page()
        try:
            page.set_content(html, wait_until="load")
            scale = _fitting_scale(page) if one_page else 1.0
            return page.pdf(format="A4", print_background=True, tagged=True, outline=True, scale=scale)
        finally:
            page.close()

    def _close(self) -> None:
        if self.browser is not None:
            self.browser.close()
        if self.playwright is not None:
            self.playwright.stop()
        self.browser = self.playwright = None

    def print_pdf(self, html: str, one_page: bool) -> bytes:
        return self.pool.submit(self._print, html, one_page).result(timeout=TIMEOUT_S)

    def close(self) -> None:
        try:
            self.pool.submit(self._close).result(timeout=10)
        except Exception:  # noqa: BLE001 - at exit: the browser goes with the process anyway
            pass
        self.pool.shutdown(wait=False)


def _fitting_scale(page) -> float:
    """The largest of SCALES at which the document fits on one A4 page (Chromium lays out at width / scale)."""
    width = (A4_MM[0] - MARGIN_MM[1]) * PX_PER_MM
    height = (A4_MM[1] - MARGIN_MM[0]) * PX_PER_MM
    for scale in SCALES:
        needed = page.evaluate("w => { document.body.style.width = w + 'px'; return document.body.scrollHeight; }",
                               width / scale)
        if needed * scale <= height:
            break
    page.evaluate("() => { document.body.style.width = ''; }")
    return scale


@functools.lru_cache(maxsize=1)
def _printer() -> _Printer:
    return _Printer()


def warm_up() -> None:
    """Start the browser in the background (no waiting): an export calls this before its queries and pictures."""
    printer = _printer()
    printer.pool.submit(printer._browser)


def html_to_pdf(html: str, one_page: bool = False) -> bytes:
    """A tagged A4 PDF (structure tree, /Lang from <html lang>, title from <title>, alt texts) of an HTML page.

    ``one_page``: scale the page down (to 75% at most) until it fits on one sheet.
    """
    return _printer().print_pdf(html, one_page)
