"""Organisation data stays right and private (issue 19): one writer at a time across processes,
one name per organisation, no public rounding key, replacement per wijk, lokale modus only when
asked for and never through a proxy, verified claims, and the faults (disk full, a damaged store,
a killed lock holder) with backup and restore.

Every test works on a copy of the tiny fixture warehouse (tests/conftest.py) and its own store, once
with a DuckDB file and once with a database on a real PostgreSQL server (issue 22), except the faults
that only a file has (a full disk under DuckDB, a damaged file)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from admin import access, backup as admin_backup, writes
from admin.access import Principal
from orgdata import store as orgstore
from orgdata.contract import ACTIVITY_TYPES
from warehouse import build as wbuild
from warehouse import lock

ROOT = Path(__file__).resolve().parent.parent
HEADER = "wijkcode;maand;categorie;uitkomst;aantal"


def signals(months: list[str], count: int, wijk: str = "WK003401") -> bytes:
    lines = [HEADER] + [f"{wijk};{m};opvoeding;samen met ouders opgelost;{count}" for m in months]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(params=["duckdb", "postgresql"])
def env(request, fixture_warehouse, tmp_path, monkeypatch):
    """A copy of the fixture warehouse, an empty store, the codes to check against, a short wait."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(fixture_warehouse, warehouse)
    monkeypatch.setenv("VROEGDOEN_WACHTTIJD", "30")
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(warehouse))  # a server store's local lock sits beside it
    store = tmp_path / "store.duckdb" if request.param == "duckdb" else request.getfixturevalue("pg_store")
    return {"warehouse": warehouse, "store": store, "tmp": tmp_path, "kind": request.param,
            "ctx": orgstore.context_from_warehouse(warehouse)}


def file_only(env) -> None:
    """A fault that only a store file has."""
    if env["kind"] != "duckdb":
        pytest.skip("alleen voor een opslagbestand")


def do_import(env, data: bytes, org: str = "De Schoor", name: str = "signalen.csv", **kw):
    return writes.import_file(data, name, "signalen", org, ctx=env["ctx"], store=env["store"],
                              publish_to=env["warehouse"], **kw)


def wh(env, sql: str) -> list[tuple]:
    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        return con.execute(sql).fetchall()


def st(env, sql: str) -> list[tuple]:
    """Rows from the store, whichever kind (through its one connection)."""
    with orgstore.connect(env["store"]) as con:
        return [tuple(r) for r in con.execute(sql).fetchall()]


def in_agreement(env) -> None:
    """The warehouse publishes exactly the store's imports in force, and no write is left unfinished."""
    active = {r[0] for r in st(env, "SELECT import_id FROM import_log WHERE status = 'actief'")}
    assert {r[0] for r in wh(env, "SELECT import_id FROM import_log")} == active
    assert {r[0] for r in wh(env, "SELECT DISTINCT import_id FROM signal")} <= active
    assert st(env, "SELECT count(*) FROM pending_write") == [(0,)]
    seqs = [r[0] for r in st(env, "SELECT seq FROM import_log")]
    assert len(seqs) == len(set(seqs))
    assert not list(env["warehouse"].parent.glob(env["warehouse"].name + ".*tmp"))


# --- one writer at a time ------------------------------------------------------------------------

WORKER = textwrap.dedent("""
    import os, sys, time, duckdb
    from pathlib import Path
    from warehouse import build, storedb
    job, warehouse, store, base, start = (sys.argv[1], Path(sys.argv[2]), storedb.locate(sys.argv[3]), sys.argv[4],
                                          float(sys.argv[5]))
    while time.time() < start:
        time.sleep(0.01)
    if job in ("bouw", "ververs"):  # a build and a refresh's rebuild: every table again, under the lock
        with duckdb.connect(base, read_only=True) as con:
            tables = {t: con.table(t).df() for t in build.TABLES[:-1] if t not in build.ORG_TABLES}
            tables["source"] = con.execute("SELECT * REPLACE (coalesce(sha256, source_id) AS sha256) FROM source "
                                           "WHERE source_id NOT LIKE 'org:%'").df()
        build.write(tables, warehouse, time.perf_counter(), store)
        print(job, "klaar")
        sys.exit(0)
    from admin import writes
    from orgdata.store import context_from_warehouse
    ctx = context_from_warehouse(Path(base))
    org, wijk = job.split("@")
    ids = []
    for month in ("2024-01", "2024-02", "2024-03"):
        data = f"wijkcode;maand;categorie;uitkomst;aantal\\n{wijk};{month};opvoeding;samen met ouders opgelost;7\\n"
        result = writes.import_file(data.encode(), f"{org}-{month}.csv", "signalen", org, ctx=ctx, store=store,
                                    publish_to=warehouse)
        print(result.status, result.message, flush=True)
        assert result.status == "geïmporteerd", result.message
        ids.append(result.import_id)
    rolled = writes.rollback(ids[0], store, warehouse)
    print(rolled.status, rolled.message)
    assert rolled.ok
""")


def test_imports_rollbacks_a_build_and_a_rebuild_at_once_all_succeed_and_agree(env, fixture_warehouse):
    """Five processes start at the same moment; each waits its turn; the store and warehouse agree."""
    jobs = ["Speeltuin Oost@WK003401", "De Schoor@WK003402", "Proef Org@WK003403", "bouw", "ververs"]
    start = time.time() + 3
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, job, str(env["warehouse"]), str(env["store"]),
                               str(fixture_warehouse), str(start)], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=dict(os.environ, VROEGDOEN_WACHTTIJD="150")) for job in jobs]
    outputs = []
    deadline = time.time() + 240  # bounded: a hung writer fails the test instead of hanging the suite
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=max(1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            for p in procs:
                p.kill()
            pytest.fail("a writer did not finish within 240 s")
        outputs.append((proc.returncode, out, err))
    for job, (code, out, err) in zip(jobs, outputs):
        assert code == 0, f"{job}: {out}\n{err[-2000:]}"
        assert "Traceback" not in err
    log = st(env, "SELECT org, status, count(*) FROM import_log GROUP BY org, status ORDER BY org, status")
    assert log == [(org, status, n) for org in ("De Schoor", "Proef Org", "Speeltuin Oost")
                   for status, n in (("actief", 2), ("teruggedraaid", 1))]
    in_agreement(env)
    # every organisation's two months in force reach the warehouse, whoever swapped in last
    assert wh(env, "SELECT org, count(*) FROM signal GROUP BY ALL ORDER BY ALL") == [
        ("De Schoor", 2), ("Proef Org", 2), ("Speeltuin Oost", 2)]


def test_two_sessions_of_one_server_importing_at_once_both_succeed_in_order(env):
    """Threads, as Streamlit runs sessions: the lock holds per thread, and each import gets its own order."""
    import threading
    results, said = {}, []
    go = threading.Barrier(2)

    def session(month: str) -> None:
        go.wait()
        results[month] = do_import(env, signals([month], 10), name=f"{month}.csv", on_wait=said.append)
    threads = [threading.Thread(target=session, args=(m,)) for m in ("2024-01", "2024-02")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert [results[m].status for m in ("2024-01", "2024-02")] == ["geïmporteerd", "geïmporteerd"]
    assert said and set(said) == {lock.WAITING}  # whoever came second was told to wait
    assert sorted(r[0] for r in st(env, "SELECT seq FROM import_log")) == [1, 2]
    in_agreement(env)
    assert wh(env, "SELECT count(*) FROM signal") == [(2,)]


def test_a_second_writer_waits_visibly_and_then_gives_up_in_one_dutch_sentence(env):
    said = []
    orgstore.import_log(env["store"])  # the store exists
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from warehouse import lock, storedb
        with lock.writer(storedb.locate({str(env['store'])!r})):
            print('vast', flush=True)
            time.sleep(60)
    """)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "vast"
        started = time.perf_counter()
        with pytest.raises(lock.Busy) as refused:
            with lock.writer(env["store"], said.append, timeout=1.0):
                pass
        assert 0.9 < time.perf_counter() - started < 10
        assert said == [lock.WAITING] and said[0].startswith("Bezig")
        assert str(refused.value).startswith("Er liep te lang een andere wijziging") and "\n" not in str(refused.value)
        # through the audited write (as a page calls it): a result in one sentence, never a stack trace
        os.environ["VROEGDOEN_WACHTTIJD"] = "1"
        result = do_import(env, signals(["2024-01"], 10), on_wait=said.append)
        assert result.status == "mislukt" and result.message.startswith("Er liep te lang")
        assert said[-1] == lock.WAITING
        assert writes.rollback("imp-x", env["store"], env["warehouse"]).status == "mislukt"
        shown = writes.import_log(access.os_user(), env["store"]).attrs.get("melding", "")
        if env["kind"] == "duckdb":  # a file: reading waits its turn too
            assert shown.startswith("Er liep te lang")
        else:  # a server: reading needs no turn (tests/test_store_postgres.py)
            assert shown == ""
    finally:
        holder.kill()
        holder.wait(10)


def test_a_killed_lock_holder_in_the_middle_of_an_import_leaves_the_last_good_state(env):
    """The process dies after the store committed and before the warehouse was republished."""
    first = do_import(env, signals(["2024-01"], 10))
    assert first.status == "geïmporteerd"
    before = wh(env, "SELECT import_id, count FROM signal ORDER BY ALL")
    victim = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from orgdata import store
        from orgdata.store import context_from_warehouse
        from warehouse import storedb
        def hang(*a, **k):
            print('halverwege', flush=True)
            time.sleep(120)
        store.publish = hang
        store.import_file(b"wijkcode;maand;categorie;uitkomst;aantal\\nWK003401;2024-02;opvoeding;"
                          b"samen met ouders opgelost;20\\n", "feb.csv", "signalen", "De Schoor",
                          ctx=context_from_warehouse(Path({str(env['warehouse'])!r})),
                          store=storedb.locate({str(env['store'])!r}), publish_to=Path({str(env['warehouse'])!r}))
    """)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert victim.stdout.readline().strip() == "halverwege"
    finally:
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
    # A build in between publishes the last good state: the unfinished import does not count.
    wbuild.publish_org_data(env["warehouse"], env["store"])
    assert wh(env, "SELECT import_id, count FROM signal ORDER BY ALL") == before
    # The next writer gets the lock at once, settles what was left and says so in the trail.
    march = do_import(env, signals(["2024-03"], 15), name="maart.csv")
    assert march.status == "geïmporteerd"
    log = dict(st(env, "SELECT file_name, status FROM import_log"))
    assert log == {"signalen.csv": "actief", "feb.csv": "teruggedraaid", "maart.csv": "actief"}
    assert st(env, "SELECT message FROM import_log WHERE file_name = 'feb.csv'")[0][0].startswith("Onderbroken")
    assert ("import", "mislukt") in st(env, "SELECT action, result FROM audit_log")
    in_agreement(env)
    # the same file can be sent again: the interrupted import does not count as 'already imported'
    again = do_import(env, signals(["2024-02"], 20), name="feb.csv")
    assert again.status == "geïmporteerd"


# --- one organisation, one name --------------------------------------------------------------------

def test_name_variants_are_one_organisation_in_its_first_spelling(env):
    a = do_import(env, signals(["2024-01"], 10), org="Proef Org")
    b = do_import(env, signals(["2024-01"], 20), org="  proef   ORG ", name="nieuw.csv")
    assert (a.status, b.status) == ("geïmporteerd", "geïmporteerd")
    assert a.import_id in b.message  # the second replaces the first: not added up
    assert st(env, "SELECT DISTINCT org FROM import_log") == [("Proef Org",)]
    assert wh(env, "SELECT org, count FROM signal") == [("Proef Org", 20)]
    assert writes.organisations(access.os_user(), env["store"]) == ["Proef Org"]
    assert do_import(env, signals(["2024-01"], 20), org="PROEF ORG", name="nieuw.csv").status == "ongewijzigd"


def test_name_variants_already_in_an_old_store_are_published_as_one(env):
    do_import(env, signals(["2024-01"], 10), org="Proef Org")
    with orgstore.connect(env["store"]) as con:  # as the race of before could leave it
        con.execute("INSERT INTO import_log SELECT 'imp-oud', 99, 'proef org', kind, file_name, 'x', rows_ok, 0, "
                    "imported_at, 'actief', false, NULL FROM import_log")
        con.execute("INSERT INTO signal SELECT 'imp-oud', 'proef org', wijk_code, indeling_year, month, category, "
                    "outcome, 30 FROM signal")
    wbuild.publish_org_data(env["warehouse"], env["store"])
    assert wh(env, "SELECT org, count FROM signal") == [("Proef Org", 30)]


# --- no public key, ever ---------------------------------------------------------------------------

def test_a_store_with_data_and_no_key_is_refused_in_dutch_and_nothing_changes(env):
    do_import(env, signals(["2024-01"], 12))
    before = wh(env, "SELECT * FROM signal")
    with orgstore.connect(env["store"]) as con:
        con.execute("DROP TABLE privacy_key")
    with pytest.raises(wbuild.StoreError, match="geen geheime sleutel"):
        wbuild.publish_org_data(env["warehouse"], env["store"])
    assert wh(env, "SELECT * FROM signal") == before
    # the store makes a new random key when it is opened (python -m admin sleutel), never a fixed one
    orgstore.import_log(env["store"])
    key = st(env, "SELECT key, base FROM privacy_key")
    assert len(key) == 1 and len(key[0][0]) == 32 and key[0][0] != "vroegdoen" and key[0][1] == 5


def test_every_process_rounds_with_the_stores_key_and_base_whatever_its_environment(env, monkeypatch):
    do_import(env, signals(["2024-01", "2024-02", "2024-03", "2024-04"], 7))
    q = "SELECT month, count FROM signal ORDER BY ALL"
    first = wh(env, q)
    assert all(count % 5 == 0 for _, count in first)
    monkeypatch.setenv("VROEGDOEN_AFRONDSLEUTEL", "een andere sleutel")  # ignored: the key is the store's
    monkeypatch.setenv("VROEGDOEN_MIN_COUNT", "10")                      # ignored for the rounding
    wbuild.publish_org_data(env["warehouse"], env["store"])
    assert wh(env, q) == first


def test_hours_are_rounded_like_counts_and_the_log_in_the_warehouse_is_narrow(env):
    data = ("wijkcode;maand;activiteit;leeftijdsgroep;unieke_kinderen;contacten;uren;ouders_bereikt;vrijwilligers\n"
            f"WK003401;2024-01;{ACTIVITY_TYPES[0]};8-11;12;30;3,5;2;1\n").encode()
    result = writes.import_file(data, "bereik.csv", "bereik", "De Schoor", ctx=env["ctx"], store=env["store"],
                                publish_to=env["warehouse"])
    assert result.status == "geïmporteerd", result.summary
    hours = wh(env, "SELECT hours FROM kinderwerk_reach")
    assert hours in ([(0.0,)], [(5.0,)])
    columns = [r[0] for r in wh(env, "DESCRIBE import_log")]
    assert "rows_ok" not in columns and "sha256" not in columns and "file_name" not in columns


# --- replacement per wijk --------------------------------------------------------------------------

def test_a_file_per_wijk_adds_and_an_older_file_can_come_back(env):
    a = do_import(env, signals(["2024-01"], 10, "WK003401"), name="wijk1.csv")
    b = do_import(env, signals(["2024-01"], 20, "WK003402"), name="wijk2.csv")
    assert "vervangt" not in b.message
    assert wh(env, "SELECT wijk_code, count FROM signal ORDER BY 1") == [("WK003401", 10), ("WK003402", 20)]
    c = do_import(env, signals(["2024-01"], 15, "WK003401"), name="wijk1-correctie.csv")
    assert a.import_id in c.message
    # the first file sent again after it was replaced brings it back (not 'ongewijzigd')
    back = do_import(env, signals(["2024-01"], 10, "WK003401"), name="wijk1.csv")
    assert back.status == "geïmporteerd"
    assert wh(env, "SELECT wijk_code, count FROM signal ORDER BY 1") == [("WK003401", 10), ("WK003402", 20)]
    # and after a rollback the same file is imported again
    assert writes.rollback(back.import_id, env["store"], env["warehouse"]).ok
    assert do_import(env, signals(["2024-01"], 10, "WK003401"), name="wijk1.csv").status == "geïmporteerd"
    in_agreement(env)


# --- faults ----------------------------------------------------------------------------------------

def test_disk_full_during_publish_withdraws_the_import_and_says_so(env, monkeypatch):
    do_import(env, signals(["2024-01"], 10))
    before = wh(env, "SELECT * FROM signal")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(orgstore, "publish_org_data", full)
    result = do_import(env, signals(["2024-02"], 20), name="feb.csv")
    assert result.status == "mislukt" and "de schijf is vol" in result.message and "ingetrokken" in result.message
    monkeypatch.undo()
    assert wh(env, "SELECT * FROM signal") == before
    in_agreement(env)


def test_disk_full_during_publish_and_during_the_withdrawal_still_keeps_the_last_good_state(env, monkeypatch):
    do_import(env, signals(["2024-01"], 10))
    before = wh(env, "SELECT * FROM signal")
    monkeypatch.setattr(orgstore, "publish_org_data", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "vol")))
    monkeypatch.setattr(orgstore, "_undo", lambda *a, **k: False)  # the store cannot be written either
    result = do_import(env, signals(["2024-02"], 20), name="feb.csv")
    assert result.status == "mislukt" and "volgende wijziging" in result.message
    monkeypatch.undo()
    assert st(env, "SELECT count(*) FROM pending_write") == [(1,)]
    wbuild.publish_org_data(env["warehouse"], env["store"])  # e.g. make warehouse: the last good state
    assert wh(env, "SELECT * FROM signal") == before
    assert do_import(env, signals(["2024-03"], 30), name="maart.csv").status == "geïmporteerd"
    in_agreement(env)


def test_disk_full_while_writing_the_store_changes_nothing(env, monkeypatch):
    file_only(env)
    do_import(env, signals(["2024-01"], 10))
    before = (st(env, "SELECT count(*) FROM import_log"), wh(env, "SELECT * FROM signal"))
    real_append = duckdb.DuckDBPyConnection.append

    def full(self, *args, **kwargs):
        raise duckdb.IOException("Could not write file: No space left on device")
    monkeypatch.setattr(duckdb.DuckDBPyConnection, "append", full)
    result = do_import(env, signals(["2024-02"], 20), name="feb.csv")
    monkeypatch.setattr(duckdb.DuckDBPyConnection, "append", real_append)
    assert result.status == "mislukt" and "de schijf is vol" in result.message and "niets veranderd" in result.message
    assert (st(env, "SELECT count(*) FROM import_log"), wh(env, "SELECT * FROM signal")) == before
    assert ("import", "mislukt") in st(env, "SELECT action, result FROM audit_log")


def test_a_damaged_store_is_said_in_dutch_and_the_warehouse_keeps_the_last_good_state(env):
    file_only(env)
    do_import(env, signals(["2024-01"], 10))
    saved = admin_backup.backup(env["tmp"] / "kopie.duckdb", store=env["store"])
    before = wh(env, "SELECT * FROM signal")
    env["store"].write_bytes(b"dit is geen database" * 500)
    damaged = do_import(env, signals(["2024-02"], 20), name="feb.csv")
    assert damaged.status == "mislukt" and "beschadigd" in damaged.message and "make restore" in damaged.message
    with pytest.raises(wbuild.StoreError, match="beschadigd"):
        wbuild.publish_org_data(env["warehouse"], env["store"])
    assert wh(env, "SELECT * FROM signal") == before
    # make restore: the backup is checked, swapped in, and the warehouse republished from it
    counts = admin_backup.restore(saved, store=env["store"], publish_to=env["warehouse"])
    assert counts["import_log"] == 1
    assert do_import(env, signals(["2024-02"], 20), name="feb.csv").status == "geïmporteerd"
    in_agreement(env)


def test_a_restore_refuses_a_file_that_is_not_a_backup(env, tmp_path):
    do_import(env, signals(["2024-01"], 10))
    junk = tmp_path / "rommel.duckdb"
    junk.write_bytes(b"x" * 4096)
    with pytest.raises(orgstore.StoreDamaged, match="beschadigd of onleesbaar"):
        admin_backup.restore(junk, store=env["store"], publish_to=env["warehouse"])
    other = tmp_path / "ander.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(orgstore.StoreDamaged, match="geen reservekopie"):
        admin_backup.restore(other, store=env["store"], publish_to=env["warehouse"])
    assert st(env, "SELECT count(*) FROM import_log") == [(1,)]


def test_make_backup_and_restore_on_the_command_line(env, monkeypatch, capsys):
    do_import(env, signals(["2024-01"], 10))
    monkeypatch.setenv("VROEGDOEN_ORGSTORE", str(env["store"]))
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(env["warehouse"]))
    target = env["tmp"] / "backup.duckdb"
    assert admin_backup.main(["maak", str(target)]) == 0
    assert writes.rollback(st(env, "SELECT import_id FROM import_log")[0][0], env["store"], env["warehouse"]).ok
    assert wh(env, "SELECT count(*) FROM signal") == [(0,)]
    assert admin_backup.main(["terugzetten", str(target)]) == 0
    assert "Teruggezet" in capsys.readouterr().out
    assert wh(env, "SELECT count(*) FROM signal") == [(1,)]
    assert admin_backup.main(["terugzetten", str(env["tmp"] / "bestaat-niet.duckdb")]) == 1
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "admin.backup maak" in make and "admin.backup terugzetten" in make


# --- lokale modus and verified claims --------------------------------------------------------------

@pytest.mark.parametrize("asked, address, headers, writes_allowed", [
    ("1", "127.0.0.1", {"Host": "localhost:8501"}, True),
    ("1", "127.0.0.1", {"Host": "127.0.0.1:8501"}, True),
    ("", "127.0.0.1", {"Host": "localhost:8501"}, False),            # not asked for: read-only
    ("1", "0.0.0.0", {"Host": "localhost:8501"}, False),
    ("1", "127.0.0.1", {"Host": "localhost:8501", "X-Forwarded-For": "203.0.113.7"}, False),
    ("1", "127.0.0.1", {"Host": "localhost", "Forwarded": "for=203.0.113.7"}, False),
    ("1", "127.0.0.1", {"Host": "dashboard.gemeente.nl"}, False),    # a reverse proxy passing its name
    ("1", "::1", {"Host": "[::1]:8501"}, True),
])
def test_lokale_modus_only_when_asked_and_never_through_a_proxy(monkeypatch, asked, address, headers,
                                                               writes_allowed):
    monkeypatch.setenv("VROEGDOEN_LOKAAL", asked)
    me = access.local_session(address, headers)
    assert me.is_admin == writes_allowed
    if not writes_allowed:
        assert me.reason and "\n" not in me.reason


def test_make_run_asks_for_lokale_modus():
    run = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nrun:")[1].split("\n\n")[0]
    assert "VROEGDOEN_LOKAAL=1" in run and "--server.address=127.0.0.1" in run


def test_roles_match_verified_claims_only(tmp_path):
    roles_file = tmp_path / "toegang.toml"
    roles_file.write_text('beheerders = ["beheer@gemeente.example", "oid:1111-2222"]\n'
                          '[organisaties]\n"De Schoor" = ["sub:kc-42"]\n', encoding="utf-8")
    roles = access.load_roles(roles_file)
    verified = {"email": "Beheer@Gemeente.example", "email_verified": True, "sub": "x"}
    assert access.from_claims(verified, roles).is_admin
    unverified = {"email": "beheer@gemeente.example", "sub": "x"}  # Entra sends no email_verified
    assert not access.from_claims(unverified, roles).is_admin
    chosen = {"preferred_username": "beheer@gemeente.example", "upn": "beheer@gemeente.example", "sub": "y"}
    assert not access.from_claims(chosen, roles).is_admin
    assert access.from_claims({"oid": "1111-2222", "sub": "z"}, roles).is_admin
    assert access.from_claims({"sub": "kc-42"}, roles).orgs == ("De Schoor",)


def test_an_organisation_name_variant_is_still_its_own_organisation_for_access(env):
    me = Principal("a@oost.example", access.ORGANISATIE, ("Speeltuin Oost",), access.VIA_SIGNIN)
    assert do_import(env, signals(["2024-01"], 10), org="speeltuin  oost", actor=me).status == "geïmporteerd"
    assert st(env, "SELECT DISTINCT org FROM import_log") == [("speeltuin oost",)]


def test_a_failed_demo_removal_is_in_the_audit_trail_and_leaves_the_demo_in_force(env, monkeypatch):
    demo = do_import(env, signals(["2024-01"], 10), org="Demo", is_demo=True)
    assert demo.status == "geïmporteerd"
    monkeypatch.setattr(orgstore, "publish_org_data", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "vol")))
    with pytest.raises(OSError):
        writes.remove_demo(env["store"], env["warehouse"])
    monkeypatch.undo()
    assert ("voorbeelddata uit", "mislukt") in st(env, "SELECT action, result FROM audit_log")
    assert st(env, "SELECT status FROM import_log") == [("actief",)]
    in_agreement(env)
    assert writes.remove_demo(env["store"], env["warehouse"]) == 1
    assert wh(env, "SELECT count(*) FROM signal") == [(0,)]
    in_agreement(env)
