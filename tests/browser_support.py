"""Helpers for the browser tests (tests/test_browser.py): start the dashboard, drive Chromium.

The dashboard runs as a real ``streamlit run`` subprocess on a free port of 127.0.0.1, and the
browser is Debian's Chromium (/usr/bin/chromium), never one downloaded by Playwright.
"""
from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1800}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob"}
HEALTH_TIMEOUT_S = 60


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def warehouse_file() -> Path:
    """The warehouse the dashboard will open (same rule as queries.warehouse_path)."""
    return Path(os.environ.get("VROEGDOEN_WAREHOUSE", ROOT / "data" / "warehouse.duckdb"))


def missing_requirements() -> list[str]:
    """What the browser tests need and is not there; empty when they can run."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} is missing (apt-get install chromium)")
    if not warehouse_file().exists():
        missing.append(f"{warehouse_file()} is missing (make warehouse)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the Python package playwright is missing (pip install -r requirements-test.txt)")
    return missing


def skip_or_fail_without_browser() -> None:
    """Skip when Chromium, Playwright or the warehouse is missing — but fail in CI, where that must never pass."""
    import pytest

    missing = missing_requirements()
    if missing:
        reason = "browser tests cannot run: " + "; ".join(missing)
        if in_ci():
            pytest.fail(f"{reason} (CI is set: failing instead of skipping)", pytrace=False)
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextmanager
def streamlit_server(log_path: Path, env: dict[str, str] | None = None, args: tuple[str, ...] = ()) -> Iterator[str]:
    """Run ``streamlit run dashboard.py`` on a free port; yield its base URL; always stop it.

    ``env`` is added to this process's environment, ``args`` to the command line.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless=true",
           "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false",
           # Others edit files while the tests run: nothing to watch in a test server.
           "--server.fileWatcherType=none", *args]
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env={**os.environ, **env} if env else None)
        try:
            deadline = time.monotonic() + HEALTH_TIMEOUT_S
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"streamlit exited with code {proc.returncode}:\n{_tail(log_path)}")
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                        if resp.read().decode().strip() == "ok":
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{base}/_stcore/health did not answer 'ok' within "
                                       f"{HEALTH_TIMEOUT_S} s:\n{_tail(log_path)}")
                time.sleep(0.25)
            yield base
        finally:
            stop(proc)


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium, headless, through Playwright; closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def stop(proc: subprocess.Popen) -> None:
    """End a server started for a test: politely, then for good."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@dataclass
class Traffic:
    """Everything a page asked for and complained about, recorded on a browser context."""
    requests: list[str] = field(default_factory=list)
    failed_responses: list[tuple[int, str]] = field(default_factory=list)   # (status >= 400, url)
    failed_requests: list[tuple[str, str]] = field(default_factory=list)    # (error text, url)
    console_errors: list[tuple[str, str]] = field(default_factory=list)     # (text, source url)
    page_errors: list[str] = field(default_factory=list)                    # uncaught exceptions

    def attach(self, context) -> "Traffic":
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("response", lambda r: self.failed_responses.append((r.status, r.url)) if r.status >= 400 else None)
        context.on("requestfailed", lambda r: self.failed_requests.append((r.failure or "", r.url)))
        context.on("console", lambda m: self.console_errors.append((m.text, m.location.get("url", "")))
                   if m.type == "error" else None)
        context.on("weberror", lambda e: self.page_errors.append(str(e.error)))
        return self

    def external_requests(self) -> list[str]:
        """Requests that leave this machine (anything but 127.0.0.1/localhost, data: and blob:)."""
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS:
                continue
            out.append(url)
        return sorted(set(out))


def wait_for_script_run(page, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has run the script once (stApp's data-test-script-state is notRunning).

    Only for a fresh page load: after a widget change the old state may still read notRunning.
    """
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)


def drawn_fraction(png: bytes) -> float:
    """Share of pixels in a map screenshot that are neither background nor white.

    The map has no basemap: an empty (undrawn) canvas is the style's background #f4f6f8.
    """
    import numpy as np
    from PIL import Image  # Pillow comes with streamlit

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16).reshape(-1, 3)
    drawn = np.ones(len(pixels), dtype=bool)
    for background in ((0xf4, 0xf6, 0xf8), (0xff, 0xff, 0xff)):
        drawn &= np.abs(pixels - np.array(background)).max(axis=1) > 12
    return float(drawn.mean()) if len(pixels) else 0.0


def import_on_data_page(page, base_url: str, org: str, upload: Path, rows: int) -> None:
    """Upload ``upload`` on Data aanleveren (lokale modus) for ``org``, import it, wait until it is in."""
    from playwright.sync_api import expect

    page.goto(base_url + "/data?gemeente=GM0034&jaar=2024")
    wait_for_script_run(page)
    page.get_by_label("Organisatie").fill(org)
    page.get_by_label("Organisatie").press("Enter")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    expect(page.get_by_text(f"Geen problemen gevonden in {rows} rijen.")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text(f"{rows} rijen geïmporteerd")).to_be_visible(timeout=60_000)
