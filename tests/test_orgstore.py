"""The import store (orgdata/store.py): same file twice, replace by period, rollback, demo data,
the release id, a rebuild, the demo generator and the templates. Every test works on its own copy
of one tiny warehouse built per module in tmp, with its own store; never data/."""
from __future__ import annotations

import hashlib
import io
import shutil

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from admin import __main__ as admin_cli
from orgdata import demo, templates
from orgdata import store as orgstore
from warehouse.build import build
from orgdata.contract import TEMPLATES
from orgdata.store import RollbackResult, import_file, import_log, remove_demo, rollback

HEADER = "wijkcode;maand;categorie;uitkomst;aantal"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("orgstore")
    path = root / "built.duckdb"
    build(out=path, store=root / "empty_store.duckdb")
    return path


@pytest.fixture(params=["duckdb", "postgresql"])
def env(request, built, tmp_path):
    """A fresh warehouse copy and an empty store for one test: every test runs on both kinds of store,
    a DuckDB file and a database on a real PostgreSQL server (issue 22)."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built, warehouse)
    store = tmp_path / "store.duckdb" if request.param == "duckdb" else request.getfixturevalue("pg_store")
    return {"warehouse": warehouse, "store": store, "tmp": tmp_path}


def signals(months: list[str], count: int, wijk: str = "WK003401") -> bytes:
    lines = [HEADER] + [f"{wijk};{m};opvoeding;samen met ouders opgelost;{count}" for m in months]
    return ("\n".join(lines) + "\n").encode()


def do_import(env, data: bytes, org: str = "De Schoor", kind: str = "signalen", name: str = "signalen.csv",
              **kw):
    return import_file(data, name, kind, org, store=env["store"], publish_to=env["warehouse"], **kw)


def query(env, sql: str, params: dict | None = None) -> list[tuple]:
    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        return con.execute(sql, params or {}).fetchall()


def warehouse_signals(env) -> list[tuple]:
    return query(env, "SELECT strftime(month, '%Y-%m'), count, import_id FROM signal ORDER BY month")


def signal_figure(env, code: str = "WK003401", year: int = 2024):
    rows = query(env, "SELECT value FROM observation WHERE indicator_id = 'signalen_aantal' AND region_code = $c "
                      "AND year = $y", {"c": code, "y": year})
    return rows[0][0] if rows else None


def release(env) -> str:
    return query(env, "SELECT release_id FROM build_info")[0][0]


def store_counts(env) -> tuple:
    with orgstore.connect(env["store"]) as con:
        return tuple(con.execute("SELECT count(*) FROM " + t).fetchone()[0] for t in orgstore.ORG_TABLES)


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- same file, newer file, rollback ---------------------------------------------------------

def test_the_same_file_twice_is_ongewijzigd_and_changes_nothing(env):
    data = signals(["2024-01", "2024-02"], 10)
    first = do_import(env, data)
    assert first.status == "geïmporteerd" and first.message.startswith("2 rijen geïmporteerd als imp-")
    counts, before = store_counts(env), sha(env["warehouse"])
    again = do_import(env, data, name="ander_bestandsnaam.csv")
    assert again.status == "ongewijzigd" and again.import_id == first.import_id
    assert again.message == f"Dit bestand is al geïmporteerd ({first.import_id}); er is niets veranderd."
    assert store_counts(env) == counts and sha(env["warehouse"]) == before


def test_a_newer_file_replaces_the_older_for_the_months_it_covers(env):
    old = do_import(env, signals(["2024-01", "2024-02", "2024-03"], 10))
    new = do_import(env, signals(["2024-03", "2024-04"], 20))
    assert new.status == "geïmporteerd"
    assert new.message.endswith(f"Het vervangt eerdere cijfers van {old.import_id} voor dezelfde periode en wijk.")
    assert warehouse_signals(env) == [("2024-01", 10, old.import_id), ("2024-02", 10, old.import_id),
                                      ("2024-03", 20, new.import_id), ("2024-04", 20, new.import_id)]
    assert signal_figure(env) == 60  # 10 + 10 + 20 + 20: the older March no longer counts
    # the store keeps every row ever imported
    assert store_counts(env)[orgstore.ORG_TABLES.index("signal")] == 5


def test_another_organisation_does_not_replace_and_another_kind_neither(env):
    a = do_import(env, signals(["2024-03"], 10))
    b = do_import(env, signals(["2024-03"], 15), org="Buurtwerk")
    assert "vervangt" not in b.message
    assert sorted(r[1] for r in warehouse_signals(env)) == [10, 15]
    assert signal_figure(env) == 25
    assert query(env, "SELECT source_id FROM observation WHERE indicator_id = 'signalen_aantal' "
                      "AND region_code = 'WK003401'") == [("org:",)]
    assert a.import_id != b.import_id


def test_rollback_of_the_newer_brings_the_older_back(env):
    old = do_import(env, signals(["2024-01", "2024-02", "2024-03"], 10))
    new = do_import(env, signals(["2024-03", "2024-04"], 20))
    assert rollback(new.import_id, store=env["store"], publish_to=env["warehouse"]) == \
        RollbackResult("gelukt", f"Import {new.import_id} is teruggedraaid.")
    assert warehouse_signals(env) == [("2024-01", 10, old.import_id), ("2024-02", 10, old.import_id),
                                      ("2024-03", 10, old.import_id)]
    assert signal_figure(env) == 30
    log = import_log(env["store"]).set_index("import_id")["status"].to_dict()
    assert log == {old.import_id: "actief", new.import_id: "teruggedraaid"}
    # the rolled-back file may be delivered again: it is a new import, not 'ongewijzigd'
    again = do_import(env, signals(["2024-03", "2024-04"], 20))
    assert again.status == "geïmporteerd" and again.import_id != new.import_id
    assert signal_figure(env) == 60


@pytest.mark.parametrize("import_id", ["imp-bestaat-niet", "", "'; DROP TABLE signal; --"])
def test_rollback_of_an_unknown_id_changes_nothing(env, import_id):
    do_import(env, signals(["2024-01"], 10))
    counts, before = store_counts(env), sha(env["warehouse"])
    result = rollback(import_id, store=env["store"], publish_to=env["warehouse"])
    assert result == RollbackResult("ongewijzigd", f"Geen actieve import {import_id} gevonden; er is niets veranderd.")
    assert not result.ok
    assert store_counts(env) == counts and sha(env["warehouse"]) == before


def test_rollback_twice_changes_nothing_the_second_time(env):
    imp = do_import(env, signals(["2024-01"], 10))
    rollback(imp.import_id, store=env["store"], publish_to=env["warehouse"])
    before = sha(env["warehouse"])
    assert rollback(imp.import_id, store=env["store"], publish_to=env["warehouse"]).message.startswith(
        "Geen actieve import")
    assert sha(env["warehouse"]) == before and warehouse_signals(env) == []


def test_a_rejected_file_writes_only_a_log_line(env):
    do_import(env, signals(["2024-01"], 10))
    counts, before = store_counts(env), sha(env["warehouse"])
    bad = do_import(env, signals(["2024-02"], -3))
    assert bad.status == "afgekeurd"
    assert bad.message == ("Niet geïmporteerd: 1 probleem in de enige rij; er is niets veranderd, verbeter het "
                           "bestand en lever het opnieuw aan.")
    after = store_counts(env)
    assert after[0] == counts[0] + 1 and after[1:] == counts[1:]  # import_log only
    assert sha(env["warehouse"]) == before
    assert import_log(env["store"]).iloc[0][["status", "rows_ok", "rows_rejected"]].tolist() == ["afgekeurd", 0, 1]


# --- demo data -------------------------------------------------------------------------------

def test_remove_demo_removes_the_demo_imports_only(env):
    do_import(env, signals(["2024-01", "2024-02"], 10, wijk="WK003402"), org="Voorbeeld", is_demo=True)
    do_import(env, signals(["2024-01"], 30, wijk="WK003401"), org="Voorbeeld", is_demo=True, name="b.csv")
    real = do_import(env, signals(["2024-01"], 15, wijk="WK003403"), org="Echte Organisatie")
    assert query(env, "SELECT source_id, is_demo FROM source WHERE source_id LIKE 'org:%' ORDER BY 1") == [
        ("org:", True), ("org:Echte Organisatie", False), ("org:Voorbeeld", True)]

    assert remove_demo(store=env["store"], publish_to=env["warehouse"]) == 2
    assert warehouse_signals(env) == [("2024-01", 15, real.import_id)]
    assert query(env, "SELECT source_id, is_demo FROM source WHERE source_id LIKE 'org:%'") == [
        ("org:Echte Organisatie", False)]
    assert query(env, "SELECT DISTINCT source_id FROM observation WHERE source_id LIKE 'org:%'") == [
        ("org:Echte Organisatie",)]
    assert import_log(env["store"])["import_id"].tolist() == [real.import_id]
    assert store_counts(env)[orgstore.ORG_TABLES.index("signal")] == 1
    assert remove_demo(store=env["store"], publish_to=env["warehouse"]) == 0


# --- release id and rebuild ------------------------------------------------------------------

def test_release_id_changes_with_the_imports_in_force_and_returns_after_rollback(env):
    base = release(env)
    assert "-" not in base
    a = do_import(env, signals(["2024-01"], 10))
    after_a = release(env)
    assert after_a.startswith(base + "-") and len(after_a) == len(base) + 7
    b = do_import(env, signals(["2024-02"], 10))
    after_b = release(env)
    assert after_b.startswith(base + "-") and after_b != after_a
    rollback(b.import_id, store=env["store"], publish_to=env["warehouse"])
    assert release(env) == after_a
    rollback(a.import_id, store=env["store"], publish_to=env["warehouse"])
    assert release(env) == base
    # a rejected file changes no release
    do_import(env, signals(["2024-03"], -1))
    assert release(env) == base


def test_a_rebuild_with_the_same_store_keeps_the_imported_data(env):
    do_import(env, signals(["2024-01", "2024-02", "2024-03"], 10))
    do_import(env, signals(["2024-03"], 20))
    do_import(env, b"gemeentecode;jaar;taakveld;soort;bedrag_euro\nGM0034;2023;6.72a;gerealiseerd;1.500.000\n",
              kind="uitgaven", name="u.csv")
    org_obs = ("SELECT indicator_id, region_code, year, value, source_id FROM observation "
               "WHERE source_id LIKE 'org:%' ORDER BY ALL")
    before = (warehouse_signals(env), query(env, org_obs), query(env, "SELECT * FROM spending"),
              query(env, "SELECT * FROM import_log ORDER BY import_id"), release(env))
    build(out=env["warehouse"], store=env["store"])
    after = (warehouse_signals(env), query(env, org_obs), query(env, "SELECT * FROM spending"),
             query(env, "SELECT * FROM import_log ORDER BY import_id"), release(env))
    assert after == before
    assert ("uitgaven_jeugdhulp", "GM0034", 2023, 1_500_000.0, "org:De Schoor") in after[1]


# --- the demo generator ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_frames(built):
    return demo.generate(built)


def test_the_demo_generator_is_deterministic(built, demo_frames):
    again = demo.generate(built)
    assert list(again) == ["bereik", "signalen", "uitgaven"]
    for kind, df in demo_frames.items():
        pd.testing.assert_frame_equal(again[kind], df)
        assert list(df.columns) == TEMPLATES[kind].headers
        assert demo.to_csv_bytes(again[kind]) == demo.to_csv_bytes(df)


def test_the_demo_imports_and_covers_2018_to_2024_with_the_old_wijken(env, demo_frames):
    for kind, df in demo_frames.items():
        result = do_import(env, demo.to_csv_bytes(df), org=demo.ORG, kind=kind, name=f"{kind}.csv", is_demo=True)
        assert result.status == "geïmporteerd", (kind, result.message, result.summary)
        assert result.validation.warnings == []
    years = list(range(2018, 2025))
    for table in ("kinderwerk_reach", "signal"):
        assert [r[0] for r in query(env, f"SELECT DISTINCT year(month) FROM {table} ORDER BY 1")] == years
        # 2018-2021 in Almere's own (old) indeling, from 2022 in that year's indeling
        rows = query(env, f"SELECT DISTINCT year(month), indeling_year FROM {table} ORDER BY 1")
        assert rows == [(y, y) for y in years]
        unknown = query(env, f"SELECT count(*) FROM {table} AS t LEFT JOIN region AS r ON r.code = t.wijk_code "
                             "AND r.indeling_year = t.indeling_year AND r.level = 'wijk' WHERE r.code IS NULL")
        assert unknown == [(0,)]
    old = {r[0] for r in query(env, "SELECT DISTINCT wijk_code FROM kinderwerk_reach WHERE year(month) <= 2021")}
    old_indeling = {r[0] for r in query(env, "SELECT code FROM region WHERE level = 'wijk' "
                                             "AND parent_code = 'GM0034' AND indeling_year = 2021")}
    assert len(old_indeling) == 6 and 5 <= len(old) and old <= old_indeling  # a wijk without children: none
    new = {r[0] for r in query(env, "SELECT DISTINCT wijk_code FROM kinderwerk_reach WHERE year(month) >= 2022")}
    assert len(new) > 40 and new - old_indeling  # the 2022 indeling has many more wijken
    # the roll-out for Werkt het? (demo.ROLLOUT): more wijken with kinderwerk in 2024 than in 2022, some never
    by_year = dict(query(env, "SELECT year(month), count(DISTINCT wijk_code) FROM kinderwerk_reach GROUP BY 1"))
    all_new = {r[0] for r in query(env, "SELECT code FROM region WHERE level = 'wijk' AND parent_code = 'GM0034' "
                                        "AND indeling_year = 2024")}
    assert by_year[2022] < by_year[2024] < len(all_new)
    assert [r[0] for r in query(env, "SELECT DISTINCT year FROM spending ORDER BY 1")] == years
    demo_obs = query(env, "SELECT DISTINCT o.indicator_id, o.year FROM observation AS o JOIN source AS s USING "
                          "(source_id) WHERE s.is_demo AND o.region_code = 'GM0034' ORDER BY 1, 2")
    for indicator in ("kinderwerk_bereik_pct", "signalen_aantal", "signalen_basis_pct", "uitgaven_jeugdhulp"):
        assert [y for i, y in demo_obs if i == indicator] == years, indicator
    # the demo, loaded again, changes nothing
    assert do_import(env, demo.to_csv_bytes(demo_frames["signalen"]), org=demo.ORG, name="signalen.csv",
                     is_demo=True).status == "ongewijzigd"


# --- templates -------------------------------------------------------------------------------

TEMPLATE_FILES = sorted(p.name for p in templates.TEMPLATE_DIR.glob("sjabloon_*"))


def test_every_kind_has_a_csv_and_an_xlsx_template():
    assert TEMPLATE_FILES == sorted(f"sjabloon_{k}.{s}" for k in TEMPLATES for s in ("csv", "xlsx"))


@pytest.mark.parametrize("file_name", TEMPLATE_FILES)
def test_every_committed_template_imports_without_problems(env, file_name):
    kind = file_name.split("_", 1)[1].rsplit(".", 1)[0]
    data = (templates.TEMPLATE_DIR / file_name).read_bytes()
    result = do_import(env, data, kind=kind, name=file_name, org="Sjabloon")
    assert result.status == "geïmporteerd", (result.message, result.summary)
    assert result.validation.warnings == [] and result.validation.n_rows == len(TEMPLATES[kind].example)


@pytest.mark.parametrize("kind", list(TEMPLATES))
def test_the_committed_csv_template_is_what_the_contract_makes(kind):
    assert (templates.TEMPLATE_DIR / f"sjabloon_{kind}.csv").read_bytes() == templates.csv_bytes(kind)


def _workbook_content(data: bytes) -> dict:
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: ([[c.value for c in row] for row in ws.iter_rows()],
                       sorted((str(v.sqref), v.formula1, v.type) for v in ws.data_validations.dataValidation))
            for ws in wb.worksheets}


@pytest.mark.parametrize("kind", list(TEMPLATES))
def test_the_committed_xlsx_template_is_what_the_contract_makes(kind):
    committed = _workbook_content((templates.TEMPLATE_DIR / f"sjabloon_{kind}.xlsx").read_bytes())
    made = _workbook_content(templates.xlsx_bytes(kind))
    assert list(committed) == list(made) == ["gegevens", "keuzelijsten", "uitleg"]
    assert committed == made


# --- known bugs ------------------------------------------------------------------------------

def test_an_organisation_called_meerdere_can_import_next_to_another(env):
    do_import(env, signals(["2024-01"], 10, wijk="WK003401"), org="De Schoor")
    result = do_import(env, signals(["2024-01"], 15, wijk="WK003402"), org="meerdere")
    assert result.status == "geïmporteerd"
    assert sorted(r[1] for r in warehouse_signals(env)) == [10, 15]


def test_an_import_into_a_missing_warehouse_builds_it_with_that_store(env, built):
    ctx = orgstore.context_from_warehouse(built)
    target = env["tmp"] / "nieuw.duckdb"
    result = import_file(signals(["2024-01"], 10), "s.csv", "signalen", "De Schoor", ctx=ctx, store=env["store"],
                         publish_to=target)
    assert result.status == "geïmporteerd"
    env["warehouse"] = target
    assert [r[1] for r in warehouse_signals(env)] == [10]


# --- a failed republish (issue 14): the store and the warehouse must keep agreeing ----------------

def test_a_failed_republish_withdraws_the_import_so_a_later_publish_leaves_it_out(env, monkeypatch):
    do_import(env, signals(["2024-01"], 10))
    before = sha(env["warehouse"])

    def broken(*args, **kwargs):
        raise OSError("schijf vol (test)")

    monkeypatch.setattr(orgstore, "publish_org_data", broken)
    failed = do_import(env, signals(["2024-02"], 15), name="februari.csv")
    assert failed.status == "mislukt" and "ingetrokken" in failed.message
    assert sha(env["warehouse"]) == before
    log = import_log(env["store"]).set_index("import_id")
    assert log.at[failed.import_id, "status"] == "teruggedraaid"     # not 'actief'
    assert "schijf vol" in log.at[failed.import_id, "message"]
    monkeypatch.undo()
    # The next successful publish must not bring the withdrawn rows along.
    march = do_import(env, signals(["2024-03"], 20), name="maart.csv")
    assert march.status == "geïmporteerd"
    assert [r[:2] for r in warehouse_signals(env)] == [("2024-01", 10), ("2024-03", 20)]
    # The same file again is a new import, not 'ongewijzigd': the withdrawn one does not count.
    again = do_import(env, signals(["2024-02"], 15), name="februari.csv")
    assert again.status == "geïmporteerd"
    assert [r[:2] for r in warehouse_signals(env)] == [("2024-01", 10), ("2024-02", 15), ("2024-03", 20)]


def test_a_rollback_whose_republish_fails_keeps_the_import_in_force(env, monkeypatch):
    a = do_import(env, signals(["2024-01"], 10))
    before = sha(env["warehouse"])
    monkeypatch.setattr(orgstore, "publish_org_data", lambda *a, **k: (_ for _ in ()).throw(OSError("kapot")))
    result = rollback(a.import_id, store=env["store"], publish_to=env["warehouse"])
    # the outcome is explicit: a failure is not a message to be read as success (it was shown in green)
    assert (result.status, result.ok) == ("mislukt", False)
    assert "mislukt" in result.message and "geldt nog" in result.message
    assert sha(env["warehouse"]) == before
    assert import_log(env["store"]).set_index("import_id").at[a.import_id, "status"] == "actief"
    monkeypatch.undo()
    again = rollback(a.import_id, store=env["store"], publish_to=env["warehouse"])
    assert (again.ok, again.message) == (True, f"Import {a.import_id} is teruggedraaid.")
    assert warehouse_signals(env) == []


def test_the_command_line_exits_with_1_when_a_rollback_fails(env, monkeypatch, capsys):
    a = do_import(env, signals(["2024-01"], 10))
    monkeypatch.setenv("VROEGDOEN_ORGSTORE", str(env["store"]))
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(env["warehouse"]))
    monkeypatch.setattr(orgstore, "publish_org_data", lambda *a, **k: (_ for _ in ()).throw(OSError("kapot")))
    assert admin_cli.main(["terugdraaien", a.import_id]) == 1
    out, err = capsys.readouterr()
    assert not out and err.startswith(f"Terugdraaien van {a.import_id} is mislukt")
    monkeypatch.undo()
    monkeypatch.setenv("VROEGDOEN_ORGSTORE", str(env["store"]))
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(env["warehouse"]))
    assert admin_cli.main(["terugdraaien", a.import_id]) == 0
    assert capsys.readouterr().out == f"Import {a.import_id} is teruggedraaid.\n"


# --- second views of rules that one test alone guarded (issue 14) ---------------------------------

def test_a_bsn_in_an_excel_number_cell_is_refused_through_the_store_and_writes_nothing(env):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(HEADER.split(";"))
    wb.active.append(["WK003401", "2024-03", "opvoeding", "samen met ouders opgelost", 111222333])
    buffer = io.BytesIO()
    wb.save(buffer)
    import_log(env["store"])  # creates the empty store
    counts, before = store_counts(env), sha(env["warehouse"])
    result = do_import(env, buffer.getvalue(), name="aantallen.xlsx")
    assert result.status == "geweigerd"
    assert "burgerservicenummer" in result.message and "kolom 'aantal'" in result.message
    assert store_counts(env)[1:] == counts[1:] and sha(env["warehouse"]) == before
    assert import_log(env["store"]).iloc[0]["status"] == "geweigerd"


def test_rollback_sets_only_that_import_aside_in_the_store_and_in_the_warehouse(env):
    a = do_import(env, signals(["2024-01", "2024-02"], 10), name="a.csv")
    b = do_import(env, signals(["2024-02", "2024-03"], 15), name="b.csv")
    assert [r[:2] for r in warehouse_signals(env)] == [("2024-01", 10), ("2024-02", 15), ("2024-03", 15)]
    rollback(a.import_id, store=env["store"], publish_to=env["warehouse"])
    statuses = import_log(env["store"]).set_index("import_id")["status"].to_dict()
    assert statuses == {a.import_id: "teruggedraaid", b.import_id: "actief"}
    assert warehouse_signals(env) == [("2024-02", 15, b.import_id), ("2024-03", 15, b.import_id)]
    # the warehouse lists only the imports in force, with only the columns people need (issue 19)
    assert query(env, "SELECT import_id, status FROM import_log") == [(b.import_id, "actief")]
    assert [r[0] for r in query(env, "DESCRIBE import_log")] == ["import_id", "org", "kind", "imported_at", "status",
                                                                 "is_demo"]
