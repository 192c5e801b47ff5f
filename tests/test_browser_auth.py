"""Sign-in against a real OIDC provider (issue 12): oidc-provider-mock on 127.0.0.1, the dashboard as
``streamlit run`` with an [auth] secrets file, Debian's headless Chromium.

Organisation A signs in and imports; A cannot roll back B's import; the beheerder can; an anonymous
visitor sees no uploader and no rollback; signing out ends the session's rights. The dashboard runs
on the tiny fixture warehouse with its own import store and role file in tmp.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import duckdb
import pytest

from admin import access
from admin import writes
from tests import browser_support as bs
from tests.conftest import build_fixture_warehouse

try:
    from playwright.sync_api import expect
except ImportError:
    expect = None

pytestmark = pytest.mark.browser

ORG_A, ORG_B = "Speeltuin Oost", "De Schoor"
USER_A, USER_B, ADMIN = "a@oost.example", "b@schoor.example", "beheer@gemeente.example"
UPLOADER = '[data-testid="stFileUploader"]'


def signals(month: str) -> bytes:
    return f"wijkcode;maand;categorie;uitkomst;aantal\nWK003401;{month};opvoeding;samen met ouders opgelost;7\n".encode()


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """oidc-provider-mock as a subprocess on a free port of 127.0.0.1; stopped by its PID."""
    missing = [m for m in bs.missing_requirements() if "warehouse" not in m]
    if missing:
        reason = "browser tests cannot run: " + "; ".join(missing)
        if bs.in_ci():
            pytest.fail(f"{reason} (CI is set: failing instead of skipping)", pytrace=False)
        pytest.skip(reason)
    port = bs.free_port()
    log = tmp_path_factory.mktemp("oidc") / "oidc.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port",
                                 str(port)], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"oidc-provider-mock did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield url
    finally:
        bs.stop(proc)


@pytest.fixture(scope="module")
def app(provider, tmp_path_factory):
    """The dashboard with sign-in configured, roles for A, B and a beheerder, and one import of B."""
    tmp = tmp_path_factory.mktemp("auth_app")
    warehouse, store = build_fixture_warehouse(tmp / "w.duckdb"), tmp / "store.duckdb"
    roles = tmp / "toegang.toml"
    # The mock provider sends no email_verified: users are listed by their subject (issue 19)
    roles.write_text(f'beheerders = ["sub:{ADMIN}"]\n[organisaties]\n"{ORG_A}" = ["sub:{USER_A}"]\n'
                     f'"{ORG_B}" = ["sub:{USER_B}"]\n', encoding="utf-8")
    b = writes.import_file(signals("2024-02"), "signalen_b.csv", "signalen", ORG_B, store=store,
                             publish_to=warehouse,
                             actor=access.Principal(USER_B, access.ORGANISATIE, (ORG_B,), access.VIA_SIGNIN))
    assert b.status == "geïmporteerd", b.message
    secrets = tmp / "secrets.toml"
    secrets.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "{os.urandom(24).hex()}"
client_id = "vroegdoen-test"
client_secret = "test-geheim"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    env = {"VROEGDOEN_WAREHOUSE": str(warehouse), "VROEGDOEN_ORGSTORE": str(store), "VROEGDOEN_TOEGANG": str(roles)}
    with bs.streamlit_server(tmp / "server.log", env=env, args=(f"--secrets.files={secrets}",)) as url:
        yield {"url": url, "store": store, "b_import": b.import_id}


@pytest.fixture(scope="module")
def chromium(app):
    with bs.chromium() as browser:
        yield browser


@pytest.fixture
def page(chromium):
    """A fresh browser context (no cookies); requests leaving this machine are recorded and blocked
    (the mock's sign-in page links a stylesheet from a CDN)."""
    context = chromium.new_context(viewport=bs.VIEWPORT)
    context.set_default_timeout(30_000)
    traffic = bs.Traffic().attach(context)
    context.route("**/*", lambda route: route.abort() if urlsplit(route.request.url).hostname not in bs.LOCAL_HOSTS
                  and urlsplit(route.request.url).scheme not in bs.LOCAL_SCHEMES else route.continue_())
    page = context.new_page()
    page.traffic = traffic
    try:
        yield page
    finally:
        context.close()


def open_data(page, app) -> None:
    page.goto(app["url"] + "/data?gemeente=GM0034&jaar=2024")
    bs.wait_for_script_run(page)
    expect(page.get_by_role("heading", name="Data aanleveren")).to_be_visible()


def sign_in(page, app, who: str) -> None:
    """Press 'Aanmelden', answer the provider's form with ``who`` as subject (its e-mail too)."""
    page.goto(app["url"] + "/")
    bs.wait_for_script_run(page)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(lambda u: urlsplit(u).port != urlsplit(app["url"]).port, timeout=30_000)
    page.locator('input[name="sub"]').fill(who)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(lambda u: urlsplit(u).port == urlsplit(app["url"]).port, timeout=30_000)
    bs.wait_for_script_run(page)
    expect(page.get_by_text(f"Aangemeld: {who}")).to_be_visible(timeout=30_000)


def rollback_options(page) -> list[str]:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Import terugdraaien")
    box.click()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return [o.strip() for o in options]


def read_store(app, sql: str) -> list[tuple]:
    """Rows from the app's import store; while the app is still writing it holds the file, so wait (≤ 30 s)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with duckdb.connect(str(app["store"]), read_only=True) as con:
                return con.execute(sql).fetchall()
        except duckdb.IOException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def statuses(app) -> dict[str, str]:
    return dict(read_store(app, "SELECT import_id, status FROM import_log"))


def trail(app) -> list[tuple]:
    return read_store(app, "SELECT actor, action, org, result FROM audit_log ORDER BY changed_at")


def test_anonymous_visitor_sees_no_uploader_and_no_rollback(page, app):
    open_data(page, app)
    expect(page.get_by_text(access.NOT_SIGNED_IN)).to_be_visible()
    expect(page.get_by_role("button", name="Aanmelden")).to_be_visible()
    expect(page.locator(UPLOADER)).to_have_count(0)
    expect(page.get_by_role("button", name="Terugdraaien")).to_have_count(0)
    expect(page.get_by_role("button", name="Voorbeelddata verwijderen")).to_have_count(0)
    assert page.traffic.external_requests() == []


def test_organisation_a_signs_in_imports_and_cannot_roll_back_b(page, app, tmp_path):
    sign_in(page, app, USER_A)
    open_data(page, app)
    org = page.get_by_role("textbox", name="Organisatie")
    expect(org).to_have_value(ORG_A)
    expect(org).to_be_disabled()
    upload = tmp_path / "bereik_a.csv"  # the page's default kind is bereik
    upload.write_text("wijkcode;maand;activiteit;leeftijdsgroep;unieke_kinderen;contacten;uren\n"
                      "WK003401;2024-03;spelen;8-11;40;120;50,5\n", encoding="utf-8")
    page.locator(f'{UPLOADER} input[type="file"]').set_input_files(str(upload))
    expect(page.get_by_text("Geen problemen gevonden in 1 rij.")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("1 rij geïmporteerd als")).to_be_visible(timeout=60_000)
    a_import = next(i for i, s in statuses(app).items() if i != app["b_import"] and s == "actief")
    # the rollback list holds A's own import only, never B's
    open_data(page, app)
    assert rollback_options(page) == [a_import]
    assert statuses(app)[app["b_import"]] == "actief"
    assert (USER_A, "import", ORG_A, "gelukt") in trail(app)
    # signing out ends the rights of this session
    app_port = urlsplit(app["url"]).port
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url(lambda u: urlsplit(u).port != app_port, timeout=30_000)  # the provider's end_session
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(lambda u: urlsplit(u).port == app_port, timeout=30_000)
    bs.wait_for_script_run(page)
    open_data(page, app)
    expect(page.get_by_role("button", name="Aanmelden")).to_be_visible()
    expect(page.locator(UPLOADER)).to_have_count(0)


def test_the_beheerder_rolls_back_bs_import_and_sees_who_did_what(page, app):
    sign_in(page, app, ADMIN)
    open_data(page, app)
    assert app["b_import"] in rollback_options(page)
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Import terugdraaien")
    box.click()
    page.get_by_role("option", name=app["b_import"]).click()
    page.get_by_role("button", name="Terugdraaien").click()
    expect(page.get_by_text(f"Import {app['b_import']} is teruggedraaid.")).to_be_visible(timeout=60_000)
    assert statuses(app)[app["b_import"]] == "teruggedraaid"
    assert (ADMIN, "terugdraaien", ORG_B, "gelukt") in trail(app)
    expect(page.get_by_role("heading", name="4. Wie wat heeft gewijzigd")).to_be_visible()


def test_an_upload_without_the_xsrf_token_is_refused(app):
    """XSRF protection is on in the running server: a PUT to the upload route without token gets 403."""
    request = urllib.request.Request(f"{app['url']}/_stcore/upload_file/sessie/bestand", method="PUT",
                                     data=b"wijkcode\n", headers={"Content-Type": "text/csv"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
