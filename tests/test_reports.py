"""The exports for the budget meeting (reports/): the PowerPoint deck and the one-page PDF.

Built for the fixture warehouse through the same queries as the pages, then reopened: the deck
with python-pptx, the PDF with pypdf. Chart images need kaleido, which drives Debian's Chromium
(/usr/bin/chromium): without it those tests skip, except in CI (CI=true), where they fail.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import streamlit as st

from tests import browser_support as bs
from tests import fixture_data as fd

pytestmark = pytest.mark.filterwarnings("ignore:The kopts argument is ignored:UserWarning")  # plotly + kaleido server

CHROMIUM = Path("/usr/bin/chromium")
DEMO_NOTE = "Cijfers over kinderwerk, signalen en uitgaven zijn voorbeelddata: gegenereerd, geen echte cijfers."

VIEWS = {  # name: (gemeente, naam, jaar)
    "almere_2024": ("GM0034", "Almere", 2024),      # a series 2019-2024, demo organisation figures
    "almere_2023": ("GM0034", "Almere", 2023),      # the basis rate (3 of 9) is suppressed
    "amsterdam_2021": ("GM0363", "Amsterdam", 2021),  # one year, CBS only
}


@pytest.fixture(scope="module")
def exports(fixture_warehouse):
    """reports.content.build for each view, on the fixture warehouse (module-wide: the deck tests share it)."""
    from analysis.investment import defaults_from
    from queries import run_query
    from reports.content import build
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VROEGDOEN_WAREHOUSE", str(fixture_warehouse))
        st.cache_data.clear()
        st.cache_resource.clear()
        try:
            out = {}
            for name, (gemeente, naam, jaar) in VIEWS.items():
                scenario, _ = defaults_from(run_query("investment_defaults", gemeente=gemeente))
                out[name] = build(gemeente, naam, jaar, scenario)
            yield out
        finally:
            st.cache_data.clear()
            st.cache_resource.clear()


@pytest.fixture(scope="module")
def kaleido_ready():
    if not CHROMIUM.exists():
        reason = f"chart images need kaleido with {CHROMIUM}, which is missing (apt-get install chromium)"
        if bs.in_ci():
            pytest.fail(f"{reason} (CI is set: failing instead of skipping)", pytrace=False)
        pytest.skip(reason)
    return True


@pytest.fixture(scope="module")
def decks(exports, kaleido_ready):
    from pptx import Presentation

    from reports.deck import build_pptx
    return {name: Presentation(io.BytesIO(build_pptx(e))) for name, e in exports.items()}


@pytest.fixture(scope="module")
def pdfs(exports, kaleido_ready):
    from pypdf import PdfReader

    from reports.onepager import build_pdf
    return {name: PdfReader(io.BytesIO(build_pdf(e))) for name, e in exports.items()}


# --- helpers ------------------------------------------------------------------------------------

def titles(prs) -> list[str]:
    return [s.shapes.title.text for s in prs.slides]


def slide(prs, title: str):
    (found,) = [s for s in prs.slides if s.shapes.title.text.startswith(title)]
    return found


def table_rows(sl) -> list[tuple[str, ...]]:
    (table,) = [sh.table for sh in sl.shapes if sh.has_table]
    return [tuple(c.text for c in row.cells) for row in table.rows]


def slide_text(sl) -> str:
    parts = []
    for sh in sl.shapes:
        if sh.has_text_frame:
            parts.append(sh.text_frame.text)
        if sh.has_table:
            parts += [c.text for row in sh.table.rows for c in row.cells]
    return "\n".join(parts)


def deck_text(prs) -> str:
    return "\n".join(slide_text(s) for s in prs.slides)


def pdf_text(reader) -> str:
    """All text of the PDF with line breaks as spaces (reportlab wraps paragraphs)."""
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


# --- what goes in (no kaleido needed) -----------------------------------------------------------

ALMERE_2024_HEADLINE = [
    # indicator, waarde, Nederland, bron — formatted as on the Overzicht page
    ("Jongeren met jeugdzorg", "11,7%", "10,5% (2021)", "Bron: CBS, fixture"),
    ("Jongeren met jeugdzorg (aantal)", "6.010 personen tot 23 jaar", "–", "Bron: CBS, fixture"),  # a count: no NL
    ("Kinderen 4–14 bereikt door kinderwerk", "11,3%", "–", "voorbeelddata"),    # 452 / 4.000
    ("Signalen opgepakt in de basis", "61,8%", "–", "voorbeelddata"),            # 34 / 55
    ("Wmo-cliënten", "geen gegevens", "–", "Bron: CBS, fixture"),
    ("Personen met bijstand", "0,0 per 1.000 inwoners", "–", "Bron: CBS, fixture"),  # zero is a figure
    ("Kinderen 0–14 jaar", "41.230", "–", "Bron: CBS, fixture"),
    ("Gemiddeld inkomen per inwoner", "€ 29,4 × 1.000", "–", "Bron: CBS, fixture"),
]


def test_export_content_almere(exports):
    e = exports["almere_2024"]
    assert (e.naam, e.jaar, e.release, e.built_at) == ("Almere", 2024, fd.RELEASE_ID, "01-02-2026")
    assert [tuple(r) for r in e.headline.itertuples(index=False)] == ALMERE_2024_HEADLINE
    assert list(e.charts) == ["jeugdzorg", "preventie", "investering"]
    assert e.has_demo
    assert e.sentences[0] == "In Almere kreeg in 2024 11,7% van de jongeren tot 23 jaar jeugdzorg (6.010 jongeren)."
    assert "CBS, fixture" in e.credits and "Bron: CBS, fixture" not in e.credits
    assert len(e.sentences) <= 5 and len(e.investment) <= 5
    # the same sentence about the wijken as on Overzicht (expected use, issue 11)
    assert ("In 2024 had 1 van de 2 wijken van Almere met een cijfer meer jeugdzorg dan haar bevolking doet "
            "verwachten; geen wijk minder.") in e.sentences


def test_export_content_single_year_without_demo(exports):
    e = exports["amsterdam_2021"]
    assert list(e.charts) == ["investering"]  # one year: no series to draw
    assert not e.has_demo
    assert [tuple(r) for r in e.headline.itertuples(index=False)] == [
        ("Jongeren met jeugdzorg", "9,8%", "10,5% (2021)", "Bron: CBS, fixture"),
        ("Wmo-cliënten", "52 per 1.000 inwoners", "–", "Bron: CBS, fixture"),
    ]


def test_export_content_suppressed_rate_is_not_shown(exports):
    e = exports["almere_2023"]
    row = e.headline[e.headline.indicator == "Signalen opgepakt in de basis"]
    assert row["waarde"].tolist() == ["niet getoond (klein aantal)"]
    assert "33,3" not in " ".join(e.sentences + e.headline.astype(str).values.ravel().tolist())


def test_export_assumptions_name_the_gemeentes_own_figure(exports):
    a = exports["almere_2024"].assumptions.set_index("aanname")
    share = "Aandeel jongeren met jeugdzorg in een jaar"
    assert a.at[share, "waarde"] == "11,7%"
    assert a.at[share, "herkomst"].startswith("eigen cijfer")
    # the inflow the model uses, derived from that share (11,7% ÷ 1,5 years), and said so
    inflow = "Instroom: aandeel dat per jaar met jeugdzorg begint"
    assert a.at[inflow, "waarde"] == "7,8%" and a.at[inflow, "herkomst"].startswith("afgeleid")


def test_export_assumptions_have_dutch_labels(exports):
    labels = exports["almere_2024"].assumptions["aanname"].tolist()
    assert not [label for label in labels if "_" in label]


# --- the deck -----------------------------------------------------------------------------------

def test_deck_slides_with_a_series(decks):
    assert titles(decks["almere_2024"]) == [
        "Vroeg Doen — Almere", "Kerncijfers Almere, 2024", "Jeugdzorg door de jaren", "Preventie en zorg",
        "Investeringscase kinderwerk", "Aannames van de investeringscase", "Bronnen en toelichting"]


def test_deck_slides_for_a_single_year(decks):
    assert titles(decks["amsterdam_2021"]) == [
        "Vroeg Doen — Amsterdam", "Kerncijfers Amsterdam, 2021", "Investeringscase kinderwerk",
        "Aannames van de investeringscase", "Bronnen en toelichting"]


def test_deck_title_slide_names_year_release_and_demo(decks):
    sub = decks["almere_2024"].slides[0].placeholders[1].text
    assert sub == "Jeugdzorg en preventie, 2024\nDatarelease fixture00001 (01-02-2026) · bevat voorbeelddata (gegenereerd)"
    sub = decks["amsterdam_2021"].slides[0].placeholders[1].text
    assert "Datarelease fixture00001 (01-02-2026)" in sub and "voorbeelddata" not in sub


def test_deck_headline_table_has_the_dutch_formatted_figures(decks):
    rows = table_rows(slide(decks["almere_2024"], "Kerncijfers"))
    assert rows[0] == ("indicator", "waarde", "Nederland", "bron")
    assert rows[1:] == ALMERE_2024_HEADLINE
    text = slide_text(slide(decks["almere_2024"], "Kerncijfers"))
    assert "In Almere kreeg in 2024 11,7% van de jongeren tot 23 jaar jeugdzorg (6.010 jongeren)." in text


def test_deck_chart_slides_carry_a_png(decks):
    prs = decks["almere_2024"]
    for title in ("Jeugdzorg door de jaren", "Preventie en zorg", "Investeringscase kinderwerk"):
        pictures = [sh for sh in slide(prs, title).shapes if sh.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == 1, title
        image = pictures[0].image
        assert image.content_type == "image/png" and len(image.blob) > 10_000, title


def test_deck_investment_slide_has_the_sentences(decks, exports):
    text = slide_text(slide(decks["almere_2024"], "Investeringscase"))
    for sentence in exports["almere_2024"].investment:
        assert sentence in text
    assert "Met 4,0 fte extra kinderwerk (€ 300.000 per jaar) bereikt Almere naar schatting 320 kinderen per jaar." in text


def test_deck_assumptions_table(decks):
    rows = table_rows(slide(decks["almere_2024"], "Aannames"))
    assert rows[0] == ("aanname", "waarde", "herkomst") and len(rows) == 14  # 12 inputs, the inflow, the header
    values = {r[0]: r[1] for r in rows[1:]}
    assert values["Extra kinderwerk (fte)"] == "4,0 fte" and values["Kosten per fte per jaar"] == "€ 75.000"
    # Almere's own 2024 share, from investment_defaults
    assert values["Aandeel jongeren met jeugdzorg in een jaar"] == "11,7%"
    assert values["Instroom: aandeel dat per jaar met jeugdzorg begint"] == "7,8%"


def test_deck_sources_slide_has_suppression_note_release_and_demo_note(decks, exports):
    from reports.content import SUPPRESSION_NOTE
    text = slide_text(slide(decks["almere_2024"], "Bronnen"))
    assert SUPPRESSION_NOTE in text
    assert "Datarelease fixture00001, gebouwd 01-02-2026." in text
    assert DEMO_NOTE in text
    for credit in exports["almere_2024"].credits:
        assert credit in text
    text = slide_text(slide(decks["amsterdam_2021"], "Bronnen"))
    assert SUPPRESSION_NOTE in text and DEMO_NOTE not in text
    assert "voorbeelddata" not in deck_text(decks["amsterdam_2021"]).lower()


def test_deck_never_shows_a_suppressed_figure(decks):
    prs = decks["almere_2023"]
    rows = table_rows(slide(prs, "Kerncijfers"))
    assert ("Signalen opgepakt in de basis", "niet getoond (klein aantal)", "–", "Bron: registratie De Speelkamer") in rows
    text = deck_text(prs)
    assert "33,3" not in text and "33.3" not in text  # 3 of 9
    assert not re.search(r"\b3 van 9\b|\b3 signalen\b", text)
    assert "in de basis opgepakt" not in text  # no sentence about the hidden rate


# --- the PDF ------------------------------------------------------------------------------------

def test_pdf_is_one_page_with_title_sentence_sources_and_release(pdfs, exports):
    reader = pdfs["almere_2024"]
    assert len(reader.pages) == 1
    assert reader.metadata.title == "Vroeg Doen — Almere"
    text = pdf_text(reader)
    assert text.startswith("Vroeg Doen — Almere, 2024")
    assert "In Almere kreeg in 2024 11,7% van de jongeren tot 23 jaar jeugdzorg (6.010 jongeren)." in text
    assert "Bronnen: " + "; ".join(exports["almere_2024"].credits) + "." in text
    assert "Datarelease fixture00001 (01-02-2026)." in text
    assert "Kleine aantallen uit registraties van organisaties (1 tot 5) zijn niet getoond" in text
    assert "Bevat voorbeelddata (gegenereerd, geen echte cijfers)." in text
    for value in ("11,7%", "6.010 personen tot 23 jaar", "10,5% (2021)", "61,8%", "€ 29,4 × 1.000"):
        assert value in text
    assert "400.000" not in text  # the national count is no comparison for a gemeente's count
    assert reader.pages[0].images, "the PDF has no chart image"


def test_pdf_single_year_without_demo(pdfs):
    reader = pdfs["amsterdam_2021"]
    assert len(reader.pages) == 1
    text = pdf_text(reader)
    assert text.startswith("Vroeg Doen — Amsterdam, 2021")
    assert "Bronnen: CBS, fixture." in text
    assert "Datarelease fixture00001 (01-02-2026)." in text
    assert "voorbeelddata" not in text.lower()


def test_pdf_never_shows_a_suppressed_figure(pdfs):
    text = pdf_text(pdfs["almere_2023"])
    assert "niet getoond (klein aantal)" in text
    assert "33,3" not in text and "in de basis opgepakt" not in text
