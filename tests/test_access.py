"""Who may change what (issue 12): roles, the checks inside the write functions, the audit trail,
lokale modus, the pages with and without sign-in (AppTest with secrets and st.user), and the
protections kept on (XSRF, upload limit, secrets out of git)."""
from __future__ import annotations

import getpass
import shutil
import tomllib
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from admin import access
from admin.access import AccessDenied, Principal
from admin import __main__ as admin_cli
from admin import demo, writes
from orgdata.importer import MAX_BYTES
from tests.apptest_support import DASHBOARD
from tests.conftest import pointed_at, seeded_store
from admin import audit
from admin import refresh as rf

ROOT = Path(__file__).resolve().parent.parent
DATA, ABOUT = "views/data.py", "views/about_data.py"
A, B = "Speeltuin Oost", "De Schoor"
ADMIN = Principal("beheer@gemeente.example", access.BEHEERDER, (), access.VIA_SIGNIN)
ORG_A = Principal("a@oost.example", access.ORGANISATIE, (A,), access.VIA_SIGNIN)
ORG_B = Principal("b@schoor.example", access.ORGANISATIE, (B,), access.VIA_SIGNIN)
NOBODY = access.anonymous()
ROLES = f"""
beheerders = ["Beheer@Gemeente.example"]

[organisaties]
"{A}" = ["a@oost.example"]
"{B}" = ["b@schoor.example", "a2@oost.example"]
"""


def signals(month: str = "2024-01", count: int = 7) -> bytes:
    return f"wijkcode;maand;categorie;uitkomst;aantal\nWK003401;{month};opvoeding;samen met ouders opgelost;{count}\n".encode()


@pytest.fixture
def env(fixture_warehouse, tmp_path):
    """A copy of the tiny warehouse and an empty store of its own."""
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(fixture_warehouse, warehouse)
    return {"warehouse": warehouse, "store": tmp_path / "store.duckdb"}


def do_import(env, org: str, actor: Principal | None, month: str = "2024-01", **kw):
    return writes.import_file(signals(month), f"signalen_{month}.csv", "signalen", org, actor=actor,
                                store=env["store"], publish_to=env["warehouse"], **kw)


def trail(env) -> list[tuple]:
    with duckdb.connect(str(env["store"]), read_only=True) as con:
        return con.execute("SELECT actor, role, via, action, org, result FROM audit_log ORDER BY changed_at").fetchall()


def statuses(env) -> dict[str, str]:
    with duckdb.connect(str(env["store"]), read_only=True) as con:
        return dict(con.execute("SELECT import_id, status FROM import_log").fetchall())


# --- roles ---------------------------------------------------------------------------------------

@pytest.fixture
def roles_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "toegang.toml"
    path.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("VROEGDOEN_TOEGANG", str(path))
    return path


def test_roles_come_from_the_file_by_email_case_insensitive(roles_file):
    roles = access.load_roles()
    assert access.from_claims({"email": "BEHEER@gemeente.example", "email_verified": True, "sub": "x"}, roles).is_admin
    a = access.from_claims({"email": "a@oost.example", "email_verified": True, "sub": "123"}, roles)
    assert (a.role, a.orgs, a.via) == (access.ORGANISATIE, (A,), access.VIA_SIGNIN)
    assert a.may_write_for(" speeltuin  oost ") and not a.may_write_for(B)
    # preferred_username is a name, not a verified address (issue 19): no role from it
    assert access.from_claims({"preferred_username": "a2@oost.example", "sub": "9"}, roles).orgs == ()


def test_an_unverified_email_or_an_unlisted_user_gets_no_role(roles_file):
    roles = access.load_roles()
    forged = access.from_claims({"email": "beheer@gemeente.example", "email_verified": False, "sub": "s1"}, roles)
    assert forged.role == access.PUBLIEK and not forged.may_upload
    stranger = access.from_claims({"email": "iemand@elders.example", "sub": "s2"}, roles)
    assert stranger.role == access.PUBLIEK and "geen rol" in stranger.reason


def test_the_shipped_role_file_parses_and_gives_nobody_a_role():
    roles = access.load_roles(ROOT / "config" / "toegang.toml")
    assert roles == access.Roles()


def test_a_role_file_with_a_bad_list_is_refused(tmp_path):
    bad = tmp_path / "t.toml"
    bad.write_text('beheerders = "a@b.example"\n[organisaties]\n"X" = [1, 2]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="lijst van e-mailadressen"):
        access.load_roles(bad)


@pytest.mark.parametrize("address, local", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("0.0.0.0", False), ("", False), (None, False), ("10.0.0.5", False)])
def test_only_a_loopback_address_is_lokale_modus(address, local):
    assert access.is_loopback(address) is local


# --- the write functions check themselves ----------------------------------------------------------

def test_an_organisation_imports_for_itself_and_the_audit_names_it(env):
    result = do_import(env, A, ORG_A)
    assert result.status == "geïmporteerd", result.message
    assert trail(env) == [("a@oost.example", "organisatie", "aanmelding", "import", A, "gelukt")]


def test_an_organisation_cannot_import_for_another_and_nothing_is_written(env):
    before = env["warehouse"].read_bytes()
    with pytest.raises(AccessDenied, match=f"alleen gegevens aanleveren voor {A}, niet voor {B}"):
        do_import(env, B, ORG_A)
    assert env["warehouse"].read_bytes() == before
    assert statuses(env) == {}
    assert trail(env) == [("a@oost.example", "organisatie", "aanmelding", "import", B, "geweigerd")]


@pytest.mark.parametrize("actor", [NOBODY, access.open_server("0.0.0.0"),
                                   Principal("x@y.example", access.PUBLIEK, (), access.VIA_SIGNIN)],
                         ids=["anoniem", "open-server", "aangemeld-zonder-rol"])
def test_without_a_role_every_write_is_refused(env, actor):
    imp = do_import(env, B, ADMIN)
    for write in (lambda: do_import(env, B, actor, month="2024-02"),
                  lambda: do_import(env, "", actor, month="2024-03"),
                  lambda: writes.rollback(imp.import_id, env["store"], env["warehouse"], actor=actor),
                  lambda: writes.rollback("imp-bestaat-niet", env["store"], env["warehouse"], actor=actor),
                  lambda: writes.remove_demo(env["store"], env["warehouse"], actor=actor)):
        with pytest.raises(AccessDenied):
            write()
    assert statuses(env) == {imp.import_id: "actief"}
    assert [r[-1] for r in trail(env)] == ["gelukt"] + ["geweigerd"] * 5


def test_an_organisation_cannot_roll_back_another_organisations_import_but_the_beheerder_can(env):
    b_import = do_import(env, B, ORG_B)
    with pytest.raises(AccessDenied, match="terugdraaien"):
        writes.rollback(b_import.import_id, env["store"], env["warehouse"], actor=ORG_A)
    assert statuses(env)[b_import.import_id] == "actief"
    assert writes.rollback(b_import.import_id, env["store"], env["warehouse"], actor=ADMIN) == \
        writes.RollbackResult("gelukt", f"Import {b_import.import_id} is teruggedraaid.")
    assert statuses(env)[b_import.import_id] == "teruggedraaid"
    assert [(r[0], r[3], r[5]) for r in trail(env)] == [
        ("b@schoor.example", "import", "gelukt"), ("a@oost.example", "terugdraaien", "geweigerd"),
        ("beheer@gemeente.example", "terugdraaien", "gelukt")]


def test_an_organisation_rolls_back_its_own_import(env):
    own = do_import(env, A, ORG_A)
    assert writes.rollback(own.import_id, env["store"], env["warehouse"], actor=ORG_A).ok


def test_demo_data_is_for_the_beheerder_only(env):
    with pytest.raises(AccessDenied, match="voorbeelddata"):
        do_import(env, A, ORG_A, is_demo=True)
    with pytest.raises(AccessDenied, match="voorbeelddata"):
        writes.remove_demo(env["store"], env["warehouse"], actor=ORG_A)
    with pytest.raises(AccessDenied, match="voorbeelddata"):
        demo.load(env["warehouse"], actor=ORG_A, store=env["store"])
    assert writes.remove_demo(env["store"], env["warehouse"], actor=ADMIN) == 0
    assert [(r[3], r[5]) for r in trail(env)][-2:] == [("voorbeelddata aan", "geweigerd"),
                                                       ("voorbeelddata uit", "gelukt")]


def test_a_refresh_by_an_organisation_is_refused_before_anything_is_fetched(env, tmp_path):
    fetched = []
    with pytest.raises(AccessDenied, match="verversen"):
        rf.refresh(tmp_path / "raw", env["warehouse"], env["store"], actor=ORG_A,
                   fetch=lambda *a, **k: fetched.append(a), progress=lambda *a: None)
    assert fetched == [] and not (tmp_path / "raw").exists()
    assert trail(env) == [("a@oost.example", "organisatie", "aanmelding", "verversen", None, "geweigerd")]


def test_the_command_line_acts_as_the_os_user_and_is_recorded(env, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VROEGDOEN_ORGSTORE", str(env["store"]))
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(env["warehouse"]))
    file = tmp_path / "s.csv"
    file.write_bytes(signals())
    assert admin_cli.main(["import", str(file), "--soort", "signalen", "--organisatie", B]) == 0
    assert trail(env) == [(getpass.getuser(), "beheerder", "opdrachtregel", "import", B, "gelukt")]
    assert admin_cli.main(["wijzigingen"]) == 0
    assert getpass.getuser() in capsys.readouterr().out


def test_the_audit_trail_is_for_the_beheerder_only_and_never_in_the_warehouse(env):
    do_import(env, A, ORG_A)
    assert audit.read(ADMIN, env["store"])["wie"].tolist() == ["a@oost.example"]
    with pytest.raises(AccessDenied):
        audit.read(ORG_A, env["store"])
    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "import_log" in tables and "audit_log" not in tables


def _in_page():
    import streamlit as st

    from admin import access
    st.write(access.resolve(None).role)


def test_a_write_without_actor_inside_a_page_fails_closed():
    """A page that forgets actor= gets nobody, not the OS user (outside a page: the OS user)."""
    at = AppTest.from_function(_in_page).run()
    assert [m.value for m in at.markdown] == ["publiek"]
    assert access.resolve(None) == access.os_user()


# --- the pages: lokale modus, an open server, and signed in (AppTest with secrets and st.user) -----

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-geheim-" * 4,
        "client_id": "vroegdoen", "client_secret": "geheim",
        "server_metadata_url": "http://localhost:9/.well-known/openid-configuration"}


@pytest.fixture
def open_as(use_fixture_warehouse, monkeypatch, tmp_path, roles_file):
    """Open a page of the dashboard on the fixture warehouse as ``user`` (None: no [auth] at all),
    with the server bound to ``address``."""
    from streamlit import config
    monkeypatch.setenv("VROEGDOEN_ORGSTORE", str(seeded_store(tmp_path / "store.duckdb")))
    monkeypatch.setenv("VROEGDOEN_LOKAAL", "1")  # as make run asks for it; with [auth] it plays no part
    old = config.get_option("server.address")

    def open_page(view: str, user: dict | None, address: str | None = None) -> AppTest:
        config.set_option("server.address", address)
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        if user is not None:
            at.secrets["auth"] = AUTH
            at.user = user
        at.run()
        assert not at.exception, at.exception
        at.switch_page(view).run()
        assert not at.exception, at.exception
        return at
    yield open_page
    config.set_option("server.address", old)


def keys(elements) -> list[str]:
    return [e.key for e in elements]


def test_anonymous_visitor_sees_no_uploader_no_log_and_no_rollback(open_as):
    at = open_as(DATA, {"is_logged_in": False})
    assert not at.get("file_uploader") and not at.dataframe
    assert keys(at.button) == ["sidebar_aanmelden_standaard"]
    assert at.warning[0].value == access.NOT_SIGNED_IN


def test_organisation_uploads_for_itself_only_and_sees_no_one_elses_imports(open_as):
    at = open_as(DATA, {"is_logged_in": True, "email": "b@schoor.example", "email_verified": True, "sub": "b"})
    assert at.text_input(key="data_org_vast").value == B and at.text_input(key="data_org_vast").disabled
    assert "data_org" not in keys(at.text_input)  # no free-text organisation
    assert len(at.get("file_uploader")) == 1
    assert not at.dataframe  # the fixture's imports are of Demo and De Speelkamer
    assert "Nog niets aangeleverd. Begin met een sjabloon hierboven." in [i.value for i in at.info]
    assert "data_terugdraaien" not in keys(at.button)


def test_organisation_de_speelkamer_can_roll_back_only_its_own(open_as, roles_file):
    roles_file.write_text('beheerders = []\n[organisaties]\n"De Speelkamer" = ["s@speelkamer.example"]\n',
                          encoding="utf-8")
    at = open_as(DATA, {"is_logged_in": True, "email": "s@speelkamer.example", "email_verified": True, "sub": "s"})
    (log,) = (d.value for d in at.dataframe)
    assert set(log["organisatie"]) == {"De Speelkamer"}
    assert at.selectbox(key="data_terug_keuze").options == ["imp-20261103110000-d4e5f6"]  # not the demo import
    assert "data_demo_weg" not in keys(at.button) and "data_wijzigingen" not in keys(at.dataframe)
    assert sorted(keys(at.button)) == ["data_terugdraaien", "sidebar_afmelden"]  # and sign-out is offered


def test_beheerder_sees_every_import_the_demo_switch_and_the_audit_trail(open_as):
    at = open_as(DATA, {"is_logged_in": True, "email": "beheer@gemeente.example", "email_verified": True, "sub": "x"})
    log = at.dataframe[0].value
    assert len(log) == 4
    assert sorted(keys(at.button)) == ["FormSubmitter:toelichting_form-Opslaan",  # the notes of a gemeente (issue 23)
                                       "FormSubmitter:toelichting_form-Verwijderen", "data_demo_weg",
                                       "data_terugdraaien", "sidebar_afmelden"]
    assert "Nog geen wijzigingen vastgelegd." in [c.value for c in at.caption]
    # a beheerder picks an organisation that delivered before, or types a new one (issue 19)
    box = at.selectbox(key="data_org_keuze_beheer")
    assert box.options == ["De Speelkamer", "Nieuwe organisatie …"] and box.value is None  # demo is no choice


def test_signed_in_without_a_role_is_told_why(open_as):
    at = open_as(DATA, {"is_logged_in": True, "email": "iemand@elders.example", "email_verified": True, "sub": "z"})
    assert not at.get("file_uploader")
    assert "geen rol in config/toegang.toml" in at.warning[0].value


def test_a_server_on_all_addresses_without_auth_refuses_writes_and_says_how(open_as):
    at = open_as(DATA, None, address="0.0.0.0")
    assert not at.get("file_uploader") and not at.button
    assert at.warning[0].value == access.OPEN_SERVER.format(address="0.0.0.0")
    assert "[auth]" in at.warning[0].value and "make run" in at.warning[0].value
    at = open_as(ABOUT, None, address=None)
    assert "data_ververs" not in keys(at.button)


def test_without_auth_and_without_lokale_modus_asked_for_the_dashboard_is_read_only(open_as, monkeypatch):
    monkeypatch.setenv("VROEGDOEN_LOKAAL", "")
    at = open_as(DATA, None, address="127.0.0.1")
    assert not at.get("file_uploader") and at.warning[0].value == access.NOT_ASKED


def test_lokale_modus_says_writes_are_open_on_this_machine(open_as):
    at = open_as(DATA, None, address="127.0.0.1")
    assert at.info[0].value.startswith("**Lokale modus.**") and "deze computer" in at.info[0].value
    assert len(at.get("file_uploader")) == 1
    assert not [b for b in at.button if b.key.startswith("sidebar_")]  # no sign-in without [auth]


# --- protections kept on ---------------------------------------------------------------------------

def test_xsrf_on_and_the_upload_limit_equals_the_importers():
    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]
    assert server["enableXsrfProtection"] is True and server.get("enableCORS", True) is True
    assert server["maxUploadSize"] * 1024 * 1024 == MAX_BYTES


def test_the_uploader_tells_the_browser_the_importers_limit(open_as):
    at = open_as(DATA, None, address="127.0.0.1")
    assert at.get("file_uploader")[0].proto.max_upload_size_mb * 1024 * 1024 == MAX_BYTES


def test_secrets_stay_out_of_git_and_the_example_has_every_key():
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8"))["auth"]
    assert {"redirect_uri", "cookie_secret"} <= set(example)
    assert example["redirect_uri"].endswith("/oauth2callback")
    for provider in [v for v in example.values() if isinstance(v, dict)]:
        assert {"client_id", "client_secret", "server_metadata_url"} <= set(provider)


def test_make_run_listens_on_this_machine_only():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:")[1].split("\n\n")[0]
    assert "streamlit run dashboard.py --server.address=127.0.0.1" in run
