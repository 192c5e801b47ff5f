"""`make image-test`: run the image as a gemeente would and check it from outside.

Checks, each with a Dutch message when it fails (exit code 1):
1. the image runs as uid 10001 (not root) and has a HEALTHCHECK on /_stcore/health;
2. nothing secret is baked in: no secrets.toml, no rounding key in the image's environment;
3. with a read-only root filesystem (as the Helm chart runs it) the server answers ``ok`` on
   /_stcore/health, podman's own HEALTHCHECK passes, and /_stcore/metrics answers;
4. the main process runs as uid 10001;
5. the export's chart images (kaleido with Debian's Chromium) work as uid 10001;
6. without [auth] the Data page says that changing is switched off and shows no upload (Debian's
   Chromium through playwright, as the browser tests);
7. with a secrets.toml mounted from outside (as the chart does) the sidebar offers sign-in and a
   visitor who has not signed in gets no upload;
8. the stable downloads (issue 23) are written into the writable /app/static/downloads (the chart's
   emptyDir) after the first page view and served at /app/static/downloads/latest/;
9. two containers on one PostgreSQL store (the test server of ``make postgres``, a database of its own):
   an import through the command line of the first is published by the second within its follow
   interval (each container keeps its own warehouse copy).
The container is always removed at the end. Run with CONTAINERS_CONF=deploy/containers.conf here.
"""
from __future__ import annotations

import argparse
import json
import socket
import subprocess
import re
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def podman(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(["podman", *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        fail(f"podman {' '.join(args[:3])} … gaf {done.returncode}: {done.stderr.strip()[-2000:]}")
    return done


def fail(message: str) -> None:
    raise SystemExit(f"image-test MISLUKT: {message}")


def get(url: str, timeout: float = 5) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read().decode("utf-8", "replace")


def check_image(image: str) -> None:
    cfg = json.loads(podman("image", "inspect", image).stdout)[0]
    user = cfg["Config"].get("User", "")
    if not user or user.split(":")[0] in ("", "0", "root"):
        fail(f"het image draait als root (User={user!r})")
    health = cfg.get("Healthcheck") or cfg.get("HealthCheck") or cfg["Config"].get("Healthcheck") or {}
    if "/_stcore/health" not in " ".join(health.get("Test") or []):
        fail(f"geen HEALTHCHECK op /_stcore/health in het image ({health!r}); bouw met --format docker")
    env = cfg["Config"].get("Env") or []
    baked = [e.split("=")[0] for e in env if e.split("=")[0] in ("VROEGDOEN_AFRONDSLEUTEL",)]
    if baked:
        fail(f"geheim in de omgeving van het image: {baked}")
    found = podman("run", "--rm", "--entrypoint", "sh", image, "-c",
                   "find / -xdev \\( -name secrets.toml -o -name 'organisations.duckdb*' \\) -print 2>/dev/null; "
                   "grep -rl --include='*.toml' cookie_secret /app 2>/dev/null | grep -v secrets.example.toml; true")
    if found.stdout.strip():
        fail(f"bestanden die niet in het image horen: {found.stdout.split()}")
    baked_downloads = podman("run", "--rm", "--entrypoint", "sh", image, "-c", "ls -A /app/static/downloads").stdout
    if baked_downloads.strip():  # they must be written by the running container (check_downloads)
        fail(f"vaste downloads zitten al in het image: {baked_downloads.split()[:5]}")
    print(f"ok  image: gebruiker {user}, HEALTHCHECK op /_stcore/health, geen secrets.toml of sleutel erin")


def start(image: str, name: str, port: int, *extra: str) -> None:
    podman("rm", "-f", "-v", name, check=False)
    # As the chart runs it: read-only root, writable /tmp and /var/lib/vroegdoen (an anonymous volume,
    # owned by the image's user like the chart's emptyDir with fsGroup); the rounding key is made in the store.
    podman("run", "-d", "--name", name, "--read-only", "--tmpfs", "/tmp",
           "-v", "/var/lib/vroegdoen", "-v", "/app/static/downloads",
           "-p", f"127.0.0.1:{port}:8501", *extra, image)


def wait_healthy(name: str, port: int, timeout: float = 180) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if get(f"http://127.0.0.1:{port}/_stcore/health", 3) == (200, "ok"):
                return time.monotonic() - started
        except OSError:
            pass
        state = podman("inspect", "--format", "{{.State.Status}}", name, check=False).stdout.strip()
        if state not in ("running", "created", ""):
            fail(f"de container stopte ({state}):\n{podman('logs', name, check=False).stderr[-3000:]}")
        time.sleep(1)
    fail(f"/_stcore/health antwoordde niet binnen {timeout:.0f} s:\n{podman('logs', name, check=False).stderr[-3000:]}")
    return 0.0


def check_running(name: str, port: int) -> None:
    status = podman("exec", name, "cat", "/proc/1/status").stdout
    uids = next((line.split()[1:] for line in status.splitlines() if line.startswith("Uid:")), [])
    if not uids or set(uids) != {"10001"}:
        fail(f"het hoofdproces draait niet als 10001: Uid {uids}")
    hc = podman("healthcheck", "run", name, check=False)
    if hc.returncode != 0:
        fail(f"podman healthcheck run gaf {hc.returncode}: {hc.stdout}{hc.stderr}")
    code, metrics = get(f"http://127.0.0.1:{port}/_stcore/metrics")
    if code != 200 or "session_events" not in metrics:
        fail("/_stcore/metrics geeft geen OpenMetrics-tekst")
    print("ok  hoofdproces als uid 10001, HEALTHCHECK geslaagd, /_stcore/metrics antwoordt")
    # The PowerPoint/PDF export draws its charts with kaleido and Debian's Chromium, as uid 10001 on a
    # read-only root: one chart image must come out as a PNG.
    made = podman("exec", name, "python", "-c",
                  "import sys, plotly.graph_objects as go; from reports.images import png; "
                  "sys.stdout.write(png(go.Figure(go.Bar(x=['a', 'b'], y=[1, 2])))[:8].hex())", check=False)
    if made.returncode != 0 or not made.stdout.startswith("89504e47"):
        fail(f"een grafiekbeeld voor de export lukt niet in de container: {made.stderr.strip()[-1500:]}")
    print("ok  export: kaleido met Chromium maakt een PNG in de container")


def check_data_page(port: int, screenshot: str | None = None) -> None:
    from browser_support import chromium  # Debian's Chromium, as the browser tests
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 2000})
        page.goto(f"http://127.0.0.1:{port}/data", wait_until="domcontentloaded")
        # read-only: no sign-in configured and lokale modus not asked for (admin/access.py NOT_ASKED)
        page.get_by_text(re.compile(r"Alleen-lezen|Wijzigen is uitgeschakeld")).first.wait_for(timeout=90_000)
        page.wait_for_timeout(1500)
        if page.locator("input[type=file]").count():
            fail("de pagina Data aanleveren toont zonder aanmelding een upload")
        if page.get_by_text("Lokale modus.", exact=False).count():  # the notice of ui/signin.py
            fail("de pagina Data aanleveren zegt 'Lokale modus' in de container")
        if screenshot:
            page.screenshot(path=screenshot)
    print("ok  Data aanleveren: alleen-lezen zonder [auth] (geen upload, de reden staat erbij)")


def usable_port(port: int) -> int:
    """``port`` when it is free on 127.0.0.1, else any free port (a busy port must not fail the test)."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
            return port
        except OSError:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]


AUTH = """[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "image-test-alleen-voor-deze-test-0123456789"
client_id = "vroegdoen-image-test"
client_secret = "image-test"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""


def check_mounted_auth(image: str, name: str, port: int, tmp: Path) -> None:
    """With a secrets.toml mounted (as the chart does), sign-in is offered and a visitor may not write."""
    secrets = tmp / "secrets.toml"
    secrets.write_text(AUTH.format(port=port), encoding="utf-8")
    secrets.chmod(0o644)
    start(image, name, port, "-v", f"{secrets}:/app/.streamlit/secrets.toml:ro")
    wait_healthy(name, port)
    from browser_support import chromium
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 2000})
        page.goto(f"http://127.0.0.1:{port}/data", wait_until="domcontentloaded")
        page.get_by_text("Alleen aangemelde beheerders en organisaties", exact=False).first.wait_for(timeout=90_000)
        try:  # the sidebar may still be drawing when the page's sentence is there
            page.get_by_role("button", name="Aanmelden").first.wait_for(timeout=30_000)
        except Exception:
            page.screenshot(path=str(tmp / "aanmelden.png"))
            print(page.locator("[data-testid=stSidebar]").inner_text()[:800])
            fail("met een gekoppelde secrets.toml biedt de zijbalk geen Aanmelden")
        if page.locator("input[type=file]").count():
            fail("een bezoeker die niet is aangemeld, krijgt een upload")
    print("ok  met gekoppelde secrets.toml: Aanmelden in de zijbalk, niet aangemeld geen upload")


def check_downloads(port: int, timeout: float = 240) -> None:
    """The stable downloads appear in the writable downloads volume after the first page view."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            code, text = get(f"http://127.0.0.1:{port}/app/static/downloads/latest/release.json", 5)
            if code == 200 and '"release"' in text:
                print(f"ok  vaste downloads geschreven en geserveerd na {time.monotonic() - started:.0f} s "
                      "(/app/static/downloads/latest/)")
                return
        except OSError:
            pass
        time.sleep(3)
    fail(f"/app/static/downloads/latest/release.json kwam er niet binnen {timeout:.0f} s")


FOLLOW_SECONDS = 2


def check_shared_store(image: str, name: str) -> None:
    """Two containers on one PostgreSQL database: an import through one reaches the other's warehouse."""
    import pg_server  # the test server of make postgres (tests/pg_server.py)
    server = pg_server.server()
    if server is None:
        fail("geen PostgreSQL-server voor de gedeelde opslag: make postgres")
    store = pg_server.new_database(server)
    names, ports = [f"{name}-a", f"{name}-b"], [usable_port(8700), usable_port(8701)]
    try:
        for replica, port in zip(names, ports):  # the host's network: the test server is on 127.0.0.1 only
            podman("rm", "-f", "-v", replica, check=False)
            podman("run", "-d", "--name", replica, "--read-only", "--tmpfs", "/tmp", "--network", "host",
                   "-v", "/var/lib/vroegdoen", "-v", "/app/static/downloads", "-e", f"PORT={port}",
                   "-e", f"VROEGDOEN_ORGSTORE={store}", "-e", f"VROEGDOEN_VOLGTIJD={FOLLOW_SECONDS}",
                   "-e", "VROEGDOEN_DOWNLOADS=uit", image)
        from browser_support import chromium, wait_for_script_run
        with chromium() as browser:  # both serving, and visited once: a server follows from its first page
            for replica, port in zip(names, ports):
                wait_healthy(replica, port)
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
                wait_for_script_run(page)
                page.close()
        release = ("import sys; from warehouse import storedb; from warehouse.build import published_release; "
                   "from settings import warehouse_path; "
                   "print(storedb.release(storedb.locate()), published_release(warehouse_path()))")
        made = podman("exec", names[0], "sh", "-c",
                      "printf 'wijkcode;maand;categorie;uitkomst;aantal\\nWK003401;2024-03;opvoeding;"
                      "samen met ouders opgelost;7\\n' > /tmp/signalen.csv && "
                      "python -m admin import /tmp/signalen.csv --soort signalen --organisatie Imagetest", check=False)
        if made.returncode != 0 or "geïmporteerd" not in made.stdout:
            fail(f"import via de eerste container mislukt: {made.stdout[-800:]} {made.stderr[-1500:]}")
        imported = time.monotonic()
        while True:
            store_release, published = podman("exec", names[1], "python", "-c", release).stdout.split()
            if store_release == published:
                break
            if time.monotonic() - imported > 60:
                fail(f"de tweede container volgde de opslag niet binnen 60 s (opslag {store_release}, "
                     f"gepubliceerd {published}):\n{podman('logs', names[1], check=False).stderr[-2000:]}")
            time.sleep(0.5)
        count = podman("exec", names[1], "python", "-c",
                       "import duckdb; from settings import warehouse_path; print(duckdb.connect(str(warehouse_path()), "
                       "read_only=True).execute(\"SELECT count(*) FROM signal WHERE org = 'Imagetest'\").fetchone()[0])")
        if count.stdout.strip() != "1":
            fail(f"de import staat niet in het warehouse van de tweede container ({count.stdout.strip()!r})")
        print(f"ok  gedeelde opslag in PostgreSQL: een import via de ene container staat na "
              f"{time.monotonic() - imported:.1f} s in het warehouse van de andere (volgtijd {FOLLOW_SECONDS} s)")
    finally:
        for replica in names:
            podman("rm", "-f", "-v", "-t", "5", replica, check=False)
        pg_server.drop_database(store)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--image", default="localhost/vroegdoen:latest")
    parser.add_argument("--port", type=int, default=8660)
    parser.add_argument("--name", default="vroegdoen-image-test")
    parser.add_argument("--no-browser", action="store_true", help="sla de controle in Chromium over")
    parser.add_argument("--screenshot", help="bewaar een schermafdruk van Data aanleveren (PNG)")
    args = parser.parse_args(argv)
    args.port = usable_port(args.port)
    t0 = time.monotonic()
    check_image(args.image)
    try:
        start(args.image, args.name, args.port)
        seconds = wait_healthy(args.name, args.port)
        print(f"ok  /_stcore/health = ok na {seconds:.1f} s (alleen-lezen rootbestandssysteem)")
        check_running(args.name, args.port)
        if not args.no_browser:
            check_data_page(args.port, args.screenshot)
            check_downloads(args.port)
            podman("rm", "-f", "-v", "-t", "5", args.name, check=False)
            with tempfile.TemporaryDirectory() as tmp:
                check_mounted_auth(args.image, args.name, args.port, Path(tmp))
        podman("rm", "-f", "-v", "-t", "5", args.name, check=False)
        check_shared_store(args.image, args.name)
    finally:
        podman("rm", "-f", "-v", "-t", "5", args.name, check=False)
    print(f"image-test geslaagd in {time.monotonic() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
