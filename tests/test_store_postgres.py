"""The organisation store on a PostgreSQL server, shared by replicas (issue 22): what only a server has.

The store's own behaviour (import, replacement, rollback, demo data, the audit trail, the key, the
locks, backup) is tested on both kinds of store by tests/test_orgstore.py and
tests/test_orgdata_safety.py. Here: the release that tells replicas to republish, a replica that
follows, two replicas writing at once, a backup moved between the two kinds, the server away, and
two real app servers on one store. A real server (Debian's PostgreSQL, ``make postgres``); every
test has a database of its own (the ``pg_store`` fixture)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from admin import access, backup as admin_backup, notes as admin_notes, writes
from orgdata import store as orgstore
from warehouse import build as wbuild
from warehouse import follow, lock, storedb

ROOT = Path(__file__).resolve().parent.parent
HEADER = "wijkcode;maand;categorie;uitkomst;aantal"
UNREACHABLE = "postgresql://vroegdoen:geheim@127.0.0.1:9/vroegdoen"  # the discard port: nobody answers


def signals(months: list[str], count: int, wijk: str = "WK003401") -> bytes:
    lines = [HEADER] + [f"{wijk};{m};opvoeding;samen met ouders opgelost;{count}" for m in months]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def replicas(fixture_warehouse, pg_store, tmp_path, monkeypatch):
    """Two replicas' warehouse copies on one server store."""
    monkeypatch.setenv("VROEGDOEN_WACHTTIJD", "30")
    copies = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        copies.append(tmp_path / name / "warehouse.duckdb")
        shutil.copyfile(fixture_warehouse, copies[-1])
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(copies[0]))
    return {"store": pg_store, "a": copies[0], "b": copies[1], "tmp": tmp_path,
            "ctx": orgstore.context_from_warehouse(copies[0])}


def do_import(env, data: bytes, name: str = "signalen.csv", org: str = "De Schoor", via: str = "a"):
    return writes.import_file(data, name, "signalen", org, ctx=env["ctx"], store=env["store"], publish_to=env[via])


def wh(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


# --- the release ------------------------------------------------------------------------------------

def test_every_published_change_raises_the_release_and_the_audit_trail_does_not(replicas):
    env = replicas
    assert storedb.release(env["store"]) is None  # nothing made yet
    orgstore.import_log(env["store"])
    releases = [storedb.release(env["store"])]
    first = do_import(env, signals(["2024-01"], 10))
    releases.append(storedb.release(env["store"]))
    assert writes.rollback(first.import_id, env["store"], env["a"]).ok
    releases.append(storedb.release(env["store"]))
    assert releases[0] < releases[1] < releases[2]
    # a refused attempt writes only the audit trail (never published): no new release
    stranger = access.Principal("x@elders.example", access.ORGANISATIE, ("Ander",), access.VIA_SIGNIN)
    with pytest.raises(access.AccessDenied):
        writes.import_file(signals(["2024-02"], 10), "s.csv", "signalen", "De Schoor", actor=stranger,
                           ctx=env["ctx"], store=env["store"], publish_to=env["a"])
    assert ("import", "geweigerd") in [tuple(r) for r in orgstore.read_audit(env["store"])[["action", "result"]]
                                       .itertuples(index=False)]
    assert storedb.release(env["store"]) == releases[2]
    # a note is published (without its author): it raises the release
    admin_notes.write_note("GM0034", "jeugdzorg_pct", "Nieuwe toegang sinds 2023.", actor=access.os_user(),
                           store=env["store"], publish_to=env["a"])
    assert storedb.release(env["store"]) > releases[2]
    # and the warehouse a replica published records the release it was published from
    assert wbuild.published_release(env["a"]) == storedb.release(env["store"])


def test_a_replica_follows_an_import_through_another_and_then_stays_put(replicas):
    env = replicas
    imported = do_import(env, signals(["2024-01", "2024-02"], 10), via="a")
    assert imported.status == "geïmporteerd", imported.message
    mine = f"SELECT month, count FROM signal WHERE import_id = '{imported.import_id}' ORDER BY month"
    assert len(wh(env["a"], mine)) == 2
    assert wh(env["b"], mine) == []  # b has not looked yet
    assert follow.follow_once(env["store"], env["b"]) is True
    assert wh(env["b"], mine) == wh(env["a"], mine)
    query = "SELECT import_id, month, count FROM signal ORDER BY ALL"
    assert wh(env["b"], query) == wh(env["a"], query)
    assert follow.follow_once(env["store"], env["b"]) is False  # up to date: no republish
    # the same rounded figures in both: one key, in the store
    assert wh(env["b"], "SELECT value FROM observation WHERE source_id LIKE 'org:%' ORDER BY ALL") == \
        wh(env["a"], "SELECT value FROM observation WHERE source_id LIKE 'org:%' ORDER BY ALL")
    # a rollback through b reaches a
    assert writes.rollback(imported.import_id, env["store"], env["b"]).ok
    assert follow.follow_once(env["store"], env["a"]) is True
    assert wh(env["a"], mine) == []


def test_a_file_store_needs_no_following(fixture_warehouse, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(fixture_warehouse, warehouse)
    assert follow.follow_once(tmp_path / "store.duckdb", warehouse) is False


def test_the_follower_thread_republishes_within_its_interval(replicas, monkeypatch):
    env = replicas
    monkeypatch.setenv("VROEGDOEN_VOLGTIJD", "0.5")
    thread = follow.Follower(env["store"], env["b"])
    thread.start()
    try:
        started = time.perf_counter()
        imported = do_import(env, signals(["2024-03"], 10), via="a")
        assert imported.status == "geïmporteerd"
        while not wh(env["b"], f"SELECT count(*) FROM signal WHERE import_id = '{imported.import_id}'")[0][0]:
            assert time.perf_counter() - started < 30, f"b did not follow within 30 s ({thread.last_error})"
            time.sleep(0.2)
        print(f"followed in {time.perf_counter() - started:.1f} s")
    finally:
        thread.stop()
        thread.join(30)


# --- two replicas write at once ----------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from admin import writes
    from orgdata.store import context_from_warehouse
    org, wijk, warehouse, store, start = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4], float(sys.argv[5])
    ctx = context_from_warehouse(warehouse)
    while time.time() < start:
        time.sleep(0.01)
    for month in ("2024-01", "2024-02"):
        data = f"wijkcode;maand;categorie;uitkomst;aantal\\n{wijk};{month};opvoeding;samen met ouders opgelost;7\\n"
        result = writes.import_file(data.encode(), f"{org}-{month}.csv", "signalen", org, ctx=ctx, store=store,
                                    publish_to=warehouse)
        assert result.status == "geïmporteerd", result.message
        print(result.import_id, flush=True)
""")


def test_two_replicas_importing_at_once_take_turns_and_both_end_with_everything(replicas):
    env = replicas
    start = time.time() + 3
    jobs = [("Speeltuin Oost", "WK003401", env["a"]), ("De Schoor", "WK003402", env["b"])]
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, org, wijk, str(warehouse), env["store"], str(start)],
                              cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=dict(os.environ, VROEGDOEN_WAREHOUSE=str(warehouse), VROEGDOEN_WACHTTIJD="120"))
             for org, wijk, warehouse in jobs]
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err[-2000:]
    with orgstore.connect(env["store"]) as con:
        seqs = sorted(r[0] for r in con.execute("SELECT seq FROM import_log").fetchall())
        assert seqs == [1, 2, 3, 4]  # one order across the replicas
        assert con.execute("SELECT count(*) FROM pending_write").fetchone()[0] == 0
    for replica in ("a", "b"):
        follow.follow_once(env["store"], env[replica])
    query = "SELECT org, count(*) FROM signal WHERE import_id LIKE 'imp-%' GROUP BY org ORDER BY org"
    assert wh(env["a"], query) == wh(env["b"], query) == [("De Schoor", 2), ("Speeltuin Oost", 2)]


def test_a_writer_on_another_replica_holds_the_server_lock_and_this_one_waits_then_says_so(replicas):
    env = replicas
    orgstore.import_log(env["store"])
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from warehouse import lock
        with lock.writer({env['store']!r}):
            print('vast', flush=True)
            time.sleep(60)
    """)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env=dict(os.environ, VROEGDOEN_WAREHOUSE=str(env["b"])))  # another replica: another local lock
    try:
        assert holder.stdout.readline().strip() == "vast"
        said = []
        with pytest.raises(lock.Busy):
            with lock.writer(env["store"], said.append, timeout=1.0):
                pass
        assert said == [lock.WAITING]
        # reading needs no turn on a server: the import log shows at once while the other replica writes
        started = time.perf_counter()
        shown = writes.import_log(access.os_user(), env["store"])
        assert not shown.attrs.get("melding") and time.perf_counter() - started < 5
        assert writes.organisations(access.os_user(), env["store"]) == []
    finally:
        holder.kill()
        holder.wait(10)
    # the dead replica's session ended, and with it its lock: the next writer goes at once
    started = time.perf_counter()
    assert do_import(env, signals(["2024-01"], 10)).status == "geïmporteerd"
    assert time.perf_counter() - started < 20


# --- backup between the two kinds ---------------------------------------------------------------------

def test_a_backup_of_a_server_store_is_one_file_and_restores_into_either_kind(replicas):
    env = replicas
    do_import(env, signals(["2024-01", "2024-02"], 12))
    published = wh(env["a"], "SELECT month, count FROM signal ORDER BY month")
    saved = admin_backup.backup(env["tmp"] / "kopie.duckdb", store=env["store"])
    counts = orgstore.check_backup(saved)
    assert counts["import_log"] == 1 and counts["signal"] == 2 and counts["privacy_key"] == 1
    # into a file store: the same figures (the same key, so the same rounding)
    file_store = env["tmp"] / "bestand.duckdb"
    admin_backup.restore(saved, store=file_store, publish_to=env["b"])
    assert wh(env["b"], "SELECT month, count FROM signal ORDER BY month") == published
    # and back into the server after a rollback: the state of the backup again, the old one kept
    first = orgstore.import_log(env["store"]).iloc[0]["import_id"]
    assert writes.rollback(first, env["store"], env["a"]).ok
    assert wh(env["a"], "SELECT count(*) FROM signal") == [(0,)]
    admin_backup.restore(saved, store=env["store"], publish_to=env["a"])
    assert wh(env["a"], "SELECT month, count FROM signal ORDER BY month") == published
    assert (env["tmp"] / "kopie.voor-terugzetten.duckdb").exists()
    assert ("terugzetten", "gelukt") in [tuple(r) for r in orgstore.read_audit(env["store"])[["action", "result"]]
                                         .itertuples(index=False)]


# --- the server away ----------------------------------------------------------------------------------

def test_an_unreachable_server_is_said_in_one_dutch_sentence_and_nothing_is_lost(replicas, monkeypatch):
    env = replicas
    do_import(env, signals(["2024-01"], 10))
    before = wh(env["a"], "SELECT * FROM signal")
    result = writes.import_file(signals(["2024-02"], 20), "feb.csv", "signalen", "De Schoor", ctx=env["ctx"],
                                store=UNREACHABLE, publish_to=env["a"])
    assert result.status == "mislukt" and "niet bereikbaar" in result.message
    assert "geheim" not in result.message and "\n" not in result.message  # never the password
    # a build or publish never mistakes an unreachable store for an empty one
    with pytest.raises(storedb.StoreUnavailable, match="niet bereikbaar"):
        wbuild.publish_org_data(env["a"], UNREACHABLE)
    assert wh(env["a"], "SELECT * FROM signal") == before
    # the follower says it and keeps going
    monkeypatch.setenv("VROEGDOEN_VOLGTIJD", "0.5")
    thread = follow.Follower(UNREACHABLE, env["b"])
    thread.start()
    time.sleep(2)
    thread.stop()
    thread.join(30)
    assert "niet bereikbaar" in thread.last_error and not thread.is_alive()
    assert storedb.label(UNREACHABLE) == "postgresql://vroegdoen:***@127.0.0.1:9/vroegdoen"


def test_the_command_line_uses_a_server_store_from_the_environment(replicas, monkeypatch, capsys):
    env = replicas
    monkeypatch.setenv("VROEGDOEN_ORGSTORE", env["store"])
    assert storedb.locate() == env["store"] and storedb.is_server(storedb.locate())
    do_import(env, signals(["2024-01"], 10))
    from admin import __main__ as admin_cli
    assert admin_cli.main(["log"]) == 0
    assert "signalen.csv" in capsys.readouterr().out


# --- two app servers on one store ----------------------------------------------------------------------

@pytest.mark.browser
def test_an_import_through_one_app_server_is_visible_on_the_other_within_seconds(pg_store, tmp_path):
    """Two ``streamlit run`` servers (two replicas), each with its own warehouse copy, on one PostgreSQL
    store: a file uploaded on the first is on the second's wijk map within the follow interval."""
    from tests import browser_support as bs
    from playwright.sync_api import expect

    bs.skip_or_fail_without_browser()
    with duckdb.connect(str(bs.warehouse_file()), read_only=True) as con:
        wijken = [r[0] for r in con.execute(
            "SELECT region_code FROM observation WHERE indicator_id = 'kinderen_0_15' AND year = 2024 "
            "AND status = 'value' AND value >= 200 AND region_code LIKE 'WK0034%' ORDER BY 1").fetchall()]
    lines = ["wijkcode;maand;activiteit;leeftijdsgroep;unieke_kinderen;contacten;uren"]
    lines += [f"{code};2024-03;spelen;8-11;40;120;50,5" for code in wijken]
    upload = tmp_path / "bereik_maart_2024.csv"
    upload.write_text("\n".join(lines) + "\n", encoding="utf-8")
    servers = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        shutil.copyfile(bs.warehouse_file(), tmp_path / name / "warehouse.duckdb")
        servers.append(bs.streamlit_server(tmp_path / name / "server.log", env={
            "VROEGDOEN_LOKAAL": "1", "VROEGDOEN_ORGSTORE": pg_store, "VROEGDOEN_VOLGTIJD": "2",
            "VROEGDOEN_WAREHOUSE": str(tmp_path / name / "warehouse.duckdb")}))
    map_path = "/kaart?gemeente=GM0034&jaar=2024&niveau=wijk&indicator=kinderwerk_bereik_pct"
    heading = re.compile(rf"Kinderen 4–14 bereikt door kinderwerk in 2024: {len(wijken)} van 71 wijken")
    with servers[0] as url_a, servers[1] as url_b, bs.chromium() as browser:
        context = browser.new_context(viewport=bs.VIEWPORT)
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.goto(url_b + map_path)  # b before: no kinderwerk in the store yet
        bs.wait_for_script_run(page)
        expect(page.get_by_role("heading", name=heading)).to_have_count(0)
        bs.import_on_data_page(page, url_a, "Replicatest", upload, len(wijken))  # through replica a
        imported = time.perf_counter()
        seen = None
        while seen is None and time.perf_counter() - imported < 60:
            page.goto(url_b + map_path)
            bs.wait_for_script_run(page)
            if page.get_by_role("heading", name=heading).count():
                seen = time.perf_counter() - imported
        assert seen is not None, "the import through a was not on b's map within 60 s"
        print(f"visible on the other replica after {seen:.1f} s")
        expect(page.get_by_text("Replicatest", exact=False).first).to_be_visible()
        context.close()


def test_the_beheerder_is_told_where_the_store_is_without_its_password(replicas, tmp_path):
    shared = writes.store_description(replicas["store"])
    assert "gedeelde PostgreSQL-database" in shared and "vroegdoen:***@127.0.0.1" in shared
    assert ":vroegdoen@" not in shared
    assert writes.store_description(tmp_path / "s.duckdb").startswith("Opslag: het bestand")
