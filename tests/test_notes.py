"""The gemeente's own notes on its figures (toelichtingen, admin/notes.py and orgdata/notes.py, issue 23): who may write,
the audit trail, history, plain and length-limited text, publication without names, and where they show.
Every test works on its own copy of the tiny fixture warehouse with its own store; never data/."""
from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from admin import audit, notes
from admin.__main__ import main as admin_main
from admin.access import GEMEENTE, PUBLIEK, AccessDenied, Principal, from_claims, load_roles, os_user
from charts.notes import applicable, note_heading, with_notes
from settings import DUCKDB_CONFIG

INJECTION = ('<script>alert("x")</script> <img src=x onerror=alert(1)> **vet** [klik](https://evil.example) '
             "$x^2$ :red[rood]")
ALMERE = Principal("beleid@almere.nl", GEMEENTE, (), "aanmelding", gemeenten=("GM0034",))


@pytest.fixture
def env(fixture_warehouse, tmp_path, monkeypatch):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(fixture_warehouse, warehouse)
    store = tmp_path / "store.duckdb"
    monkeypatch.setenv("VROEGDOEN_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("VROEGDOEN_ORGSTORE", str(store))
    return {"warehouse": warehouse, "store": store}


def published(env) -> list[tuple]:
    with duckdb.connect(str(env["warehouse"]), read_only=True, config=DUCKDB_CONFIG) as con:
        return con.execute("SELECT gemeente_code, indicator_id, year, wijk_code, body, author_role FROM toelichting "
                           "ORDER BY indicator_id, year NULLS FIRST").fetchall()


def trail(env) -> pd.DataFrame:
    return audit.read(os_user(), env["store"])


def test_write_change_and_remove_from_the_command_line_keep_every_version(env, capsys):
    assert admin_main(["toelichting", "GM0034", "jeugdzorg_pct", "Nieuwe toegang telt anders.", "--jaar", "2021"]) == 0
    assert published(env) == [("GM0034", "jeugdzorg_pct", 2021, None, "Nieuwe toegang telt anders.", "beheerder")]
    assert admin_main(["toelichting", "GM0034", "jeugdzorg_pct", "Tweede versie.", "--jaar", "2021"]) == 0
    assert [r[4] for r in published(env)] == ["Tweede versie."]  # changed, not added
    assert admin_main(["toelichting", "GM0034", "jeugdzorg_pct", "--verwijder", "--jaar", "2021"]) == 0
    assert published(env) == []
    history = notes.list_notes("GM0034", history=True)
    assert history.sort_values("written_at")["status"].tolist() == ["gewijzigd", "verwijderd"]
    actions = trail(env)[["wat", "uitkomst"]].values.tolist()
    assert actions == [["toelichting verwijderen", "gelukt"], ["toelichting", "gelukt"], ["toelichting", "gelukt"]]
    assert "verwijderd" in capsys.readouterr().out


def test_the_same_text_again_changes_nothing(env):
    notes.write_note("GM0034", "jeugdzorg_pct", "Zelfde.", actor=os_user())
    before = duckdb.connect(str(env["warehouse"]), read_only=True, config=DUCKDB_CONFIG).execute("SELECT release_id FROM build_info").fetchone()
    assert notes.write_note("GM0034", "jeugdzorg_pct", "  Zelfde.  ", actor=os_user()).status == "ongewijzigd"
    assert len(notes.list_notes("GM0034", history=True)) == 1
    after = duckdb.connect(str(env["warehouse"]), read_only=True, config=DUCKDB_CONFIG).execute("SELECT release_id FROM build_info").fetchone()
    assert before == after


def test_a_note_changes_the_release_so_a_pinned_link_notices(env):
    def release():
        with duckdb.connect(str(env["warehouse"]), read_only=True, config=DUCKDB_CONFIG) as con:
            return con.execute("SELECT release_id FROM build_info").fetchone()[0]
    first = release()
    notes.write_note("GM0034", "jeugdzorg_pct", "Uitleg.", actor=os_user())
    assert release() != first


def test_the_gemeente_role_writes_for_its_own_gemeente_only_and_refusals_are_audited(env):
    assert notes.write_note("GM0034", "jeugdzorg_pct", "Onze uitleg.", actor=ALMERE).status == "gelukt"
    assert published(env)[0][5] == "gemeente"
    with pytest.raises(AccessDenied, match="GM0034, niet voor GM0363"):
        notes.write_note("GM0363", "jeugdzorg_pct", "Niet van ons.", actor=ALMERE)
    with pytest.raises(AccessDenied, match="beheerder of de gemeente GM0034"):
        notes.remove_note("GM0034", "jeugdzorg_pct", actor=Principal("iemand@example.org", PUBLIEK))
    assert [r[4] for r in published(env)] == ["Onze uitleg."]
    refused = trail(env).query("uitkomst == 'geweigerd'")
    assert refused["wie"].tolist() == ["iemand@example.org", "beleid@almere.nl"]


def test_the_role_file_gives_a_role_per_gemeente(tmp_path):
    path = tmp_path / "toegang.toml"
    path.write_text('beheerders = []\n[organisaties]\n"De Schoor" = ["a@schoor.nl"]\n'
                    '[gemeenten]\n"GM0034" = ["Beleid@Almere.nl", "a@schoor.nl"]\n', encoding="utf-8")
    roles = load_roles(path)
    me = from_claims({"email": "beleid@almere.nl", "email_verified": True}, roles)
    assert (me.role, me.gemeenten, me.may_annotate("GM0034"), me.may_annotate("GM0363")) == \
        (GEMEENTE, ("GM0034",), True, False)
    both = from_claims({"email": "a@schoor.nl", "email_verified": True}, roles)
    assert both.orgs == ("De Schoor",) and both.may_annotate("GM0034") and not both.is_admin
    path.write_text('[gemeenten]\n"Almere" = ["x@y.nl"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="gemeentecodes"):
        load_roles(path)


@pytest.mark.parametrize("text, why", [("", "zonder tekst"), ("   \n\t ", "zonder tekst"),
                                       ("x" * (notes.MAX_CHARS + 1), "het maximum is 600")])
def test_an_empty_or_too_long_note_is_refused_and_nothing_is_stored(env, text, why):
    with pytest.raises(notes.NoteRefused, match=why):
        notes.write_note("GM0034", "jeugdzorg_pct", text, actor=os_user())
    assert notes.list_notes(history=True).empty and published(env) == []
    assert trail(env)["uitkomst"].tolist() == ["afgekeurd"]


@pytest.mark.parametrize("gemeente, indicator, wijk, why", [
    ("GM9999", "jeugdzorg_pct", None, "geen gemeentecode"), ("GM0034", "bestaat_niet", None, "Onbekende indicator"),
    ("GM0034", "jeugdzorg_pct", "WK036300", "geen wijk van GM0034")])
def test_a_note_on_a_figure_that_does_not_exist_is_refused(env, gemeente, indicator, wijk, why):
    with pytest.raises(notes.NoteRefused, match=why):
        notes.write_note(gemeente, indicator, "Uitleg.", wijk=wijk, actor=os_user())


def test_an_injection_attempt_is_stored_as_plain_text_without_control_characters(env):
    notes.write_note("GM0034", "jeugdzorg_pct", INJECTION + "\x00\u202e\nregel", actor=os_user())
    body = published(env)[0][4]
    assert body == INJECTION + " regel"  # kept literally (it is what they wrote), shown escaped everywhere


def test_the_author_name_stays_in_the_store_never_in_the_warehouse(env):
    notes.write_note("GM0034", "jeugdzorg_pct", "Uitleg.", actor=ALMERE)
    with duckdb.connect(str(env["warehouse"]), read_only=True, config=DUCKDB_CONFIG) as con:
        columns = [r[0] for r in con.execute("DESCRIBE toelichting").fetchall()]
        dump = str(con.execute("SELECT * FROM toelichting").fetchall())
    assert "author" not in columns and "beleid@almere.nl" not in dump
    assert notes.list_notes("GM0034")["author"].tolist() == ["beleid@almere.nl"]


# --- which notes belong to a figure (pure) -----------------------------------------------------

NOTES = pd.DataFrame({
    "gemeente_code": ["GM0034"] * 3, "indicator_id": ["jeugdzorg_pct", "jeugdzorg_pct", "bijstand_per_1000"],
    "label_nl": ["Jongeren met jeugdzorg", "Jongeren met jeugdzorg", "Bijstand"], "year": pd.array([None, 2022, None], "Int64"),
    "wijk_code": [None, "WK003401", None], "wijk_name": [None, "Almere Stad", None], "body": ["a", "b", "c"],
    "author_role": ["beheerder", "gemeente", "gemeente"], "written_at": pd.to_datetime(["2026-12-06"] * 3)})


def test_a_note_applies_to_its_indicator_year_and_wijk_only():
    trend = pd.DataFrame({"indicator_id": "jeugdzorg_pct", "code": ["GM0034", "GM0034"], "year": [2021, 2022]})
    assert applicable(NOTES, trend)["body"].tolist() == ["a"]
    wijken = pd.DataFrame({"indicator_id": "jeugdzorg_pct", "code": ["WK003401", "WK003402"], "year": 2022})
    assert applicable(NOTES, wijken)["body"].tolist() == ["a", "b"]
    assert applicable(NOTES, wijken.assign(year=2021))["body"].tolist() == ["a"]
    assert applicable(NOTES, None, ["bijstand_per_1000"], 2021)["body"].tolist() == ["c"]
    assert applicable(NOTES, pd.DataFrame({"x": [1]})).empty  # no indicator: no note


def test_the_download_carries_the_note_on_the_rows_it_explains():
    wijken = pd.DataFrame({"indicator_id": ["jeugdzorg_pct", "jeugdzorg_pct", "bijstand_per_1000"],
                           "code": ["WK003401", "WK003402", "WK003401"], "year": [2022, 2022, 2022]})
    out = with_notes(wijken, NOTES, "Almere")
    assert out["toelichting_gemeente"].str.replace(r" \([^)]*\)", "", regex=True).tolist() == ["a | b", "a", "c"]
    assert "geschreven door de beheerder, 6 december 2026" in out["toelichting_gemeente"].iloc[1]


def test_the_heading_says_whose_note_about_what_and_when():
    assert note_heading(next(NOTES.iloc[[1]].itertuples(index=False)), "Almere") == (
        "Toelichting van de gemeente Almere bij jongeren met jeugdzorg (2022, wijk Almere Stad): geschreven door "
        "de gemeente Almere, 6 december 2026")


# --- where a note shows: the page under the figure, the deck and the one-pager ----------------------

def test_the_note_shows_as_plain_text_under_the_figures_on_the_overview(env):
    from tests.apptest_support import open_app
    import streamlit as st
    notes.write_note("GM0034", "jeugdzorg_pct", INJECTION, actor=ALMERE)
    st.cache_data.clear()
    at = open_app("views/overview.py", gemeente="GM0034", jaar="2024")
    headings = [m.value for m in at.markdown if "Toelichting van de gemeente Almere" in m.value]
    assert headings and "geschreven door de gemeente Almere" in headings[0]
    assert [t.value for t in at.text] == [INJECTION] * 2  # under the tiles and the trend; st.text: never parsed
    assert not any("<script>" in m.value or "evil.example" in m.value for m in at.markdown)
    st.cache_data.clear()


def test_the_note_goes_into_the_deck_and_the_one_pager_as_plain_text(env):
    import io

    import streamlit as st
    from pptx import Presentation
    from pypdf import PdfReader

    from analysis.investment import Scenario
    from reports.deck import build_pptx
    from reports.onepager import build_pdf
    from reports.sections import build
    notes.write_note("GM0034", "jeugdzorg_pct", INJECTION, actor=ALMERE)
    st.cache_data.clear()
    export = build("GM0034", "Almere", 2024, Scenario())
    section = export.section("toelichting")  # a section builder of reports.sections
    assert len(section.sentences) == 1 and section.sentences[0].endswith(": " + INJECTION)
    deck = Presentation(io.BytesIO(build_pptx(export)))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert any(INJECTION in t and t.startswith("Toelichting van de gemeente Almere") for t in texts)
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(build_pdf(export))).pages)
    assert '<script>alert("x")</script>' in " ".join(pdf.split())  # shown as the text it is, not read as markup
    st.cache_data.clear()


def test_a_beheerder_writes_and_removes_a_note_on_the_data_page(env, lokaal, monkeypatch):
    from tests.apptest_support import open_app, rerun
    import streamlit as st
    monkeypatch.setenv("VROEGDOEN_ORGSTORE", str(env["store"]))  # lokaal points at its own store: use this test's
    st.cache_data.clear()
    at = open_app("views/data.py", gemeente="GM0034")
    assert at.selectbox(key="toelichting_indicator").value == "jeugdzorg_pct"
    at.text_area(key="toelichting_tekst").set_value("Uitleg <i>vanaf</i> de pagina.")
    at.number_input(key="toelichting_jaar").set_value(2022)
    at.button[[b.label for b in at.button].index("Opslaan")].click()
    rerun(at)
    assert [s.value for s in at.success] == ["Toelichting bij GM0034/jeugdzorg_pct/2022 opgeslagen."]
    assert published(env) == [("GM0034", "jeugdzorg_pct", 2022, None, "Uitleg <i>vanaf</i> de pagina.", "beheerder")]
    assert "Uitleg <i>vanaf</i> de pagina." in [t.value for t in at.text]  # listed under the form, as written
    at.button[[b.label for b in at.button].index("Verwijderen")].click()
    rerun(at)
    assert published(env) == [] and trail(env)["via"].tolist() == ["lokaal", "lokaal"]
    st.cache_data.clear()


def test_the_editor_is_not_shown_to_someone_without_a_role(env, monkeypatch):
    from streamlit import config

    from tests.apptest_support import open_app
    old = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")  # an open server without sign-in: nobody may write
    try:
        at = open_app("views/data.py", gemeente="GM0034")
        assert not any("Toelichting van Almere" in h.value for h in at.subheader)
    finally:
        config.set_option("server.address", old)


def test_toelichting_by_gemeente_gives_the_published_notes_with_label_and_wijk_name(tmp_path, monkeypatch):
    from queries import run_query
    from tests import fixture_data as fd
    from tests.conftest import build_fixture_warehouse, pointed_at
    next(pointed_at(build_fixture_warehouse(tmp_path / "n.duckdb", fd.ISSUE23_TABLES), monkeypatch))
    got = run_query("toelichting_by_gemeente", gemeente="GM0034")
    assert got[["indicator_id", "label_nl", "year", "wijk_code", "wijk_name", "body", "author_role"]].astype(
        object).where(got.notna(), None).values.tolist() == [
        ["jeugdzorg_pct", "Jongeren met jeugdzorg", None, None, None, "Eigen uitleg van Almere.", "beheerder"],
        ["jeugdzorg_pct", "Jongeren met jeugdzorg", 2024, "WK003401", "Almere Stad",
         "Nieuwe registratie van de wijkteams.", "gemeente"]]
    assert run_query("toelichting_by_gemeente", gemeente="GM0363").empty
    assert run_query("toelichting_all")["body"].tolist() == [
        "Eigen uitleg van Almere.", "Nieuwe registratie van de wijkteams."]


def test_a_wijk_note_shows_under_the_wijk_map_of_its_year_only(env):
    from tests.apptest_support import open_app
    import streamlit as st
    notes.write_note("GM0034", "jeugdzorg_pct", "Haven telt anders.", year=2024, wijk="WK003402", actor=ALMERE)
    st.cache_data.clear()
    at = open_app("views/map.py", gemeente="GM0034", jaar="2024", niveau="wijk", indicator="jeugdzorg_pct")
    assert [t.value for t in at.text] == ["Haven telt anders."]
    assert any("bij jongeren met jeugdzorg (2024, wijk Almere Haven)" in m.value.replace("\\", "") for m in at.markdown)
    st.cache_data.clear()
    at = open_app("views/map.py", gemeente="GM0034", jaar="2019", niveau="wijk", indicator="jeugdzorg_pct")
    assert not at.text  # another year: not this note
    st.cache_data.clear()


def test_a_signed_in_gemeente_role_is_told_what_it_may_do(monkeypatch):
    import streamlit as st

    from ui import signin
    shown = []
    monkeypatch.setattr(st, "caption", lambda text, **kw: shown.append(("caption", text)))
    monkeypatch.setattr(st, "warning", lambda text, **kw: shown.append(("warning", text)))
    signin.data_notice(ALMERE)
    assert shown == [("caption", "Aangemeld als beleid@almere.nl voor gemeente GM0034: u schrijft de toelichtingen "
                                 "bij de cijfers van uw gemeente (onderaan deze pagina). Elke wijziging staat met uw "
                                 "naam in het logboek.")]
