"""The exports for the budget meeting (reports/): the PowerPoint deck and the one-page tagged PDF.

Built for the series fixture warehouse (youth-care series, organisation figures) through the same queries as
the pages, then reopened and looked at: the deck with python-pptx, the PDF with pypdf and rendered to an image
with pdftoppm. Pictures need kaleido and the PDF needs Chromium, both Debian's /usr/bin/chromium: without it
those tests skip, except in CI (CI=true), where they fail.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
import streamlit as st

from tests import browser_support as bs
from tests import fixture_data as fd

pytestmark = pytest.mark.filterwarnings("ignore:The kopts argument is ignored:UserWarning")  # plotly + kaleido server

CHROMIUM = Path("/usr/bin/chromium")
VIEWS = {  # name: (gemeente, naam, jaar)
    "almere_2024": ("GM0034", "Almere", 2024),        # youth care 2015-2024, organisation figures (demo), wijken
    "almere_2023": ("GM0034", "Almere", 2023),        # the basis rate (3 of 9) is suppressed
    "almere_newest": ("GM0034", "Almere", None),      # every figure in its newest year
    "amsterdam_2023": ("GM0363", "Amsterdam", 2023),  # a large gemeente: KWB only for 2021, CBS only
}


@pytest.fixture(scope="module")
def exports(series_warehouse_file):
    """reports.sections.build for each view (module-wide: the deck and PDF tests share the warehouse)."""
    from analysis.investment import defaults_from
    from queries import run_query
    from reports.sections import build
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VROEGDOEN_WAREHOUSE", str(series_warehouse_file))
        st.cache_data.clear()
        st.cache_resource.clear()
        try:
            yield {name: build(g, naam, jaar, defaults_from(run_query("investment_defaults", gemeente=g))[0])
                   for name, (g, naam, jaar) in VIEWS.items()}
        finally:
            st.cache_data.clear()
            st.cache_resource.clear()


@pytest.fixture(scope="module")
def chromium_ready():
    if not CHROMIUM.exists() or not shutil.which("pdftoppm"):
        reason = f"exports need {CHROMIUM} (kaleido, PDF) and pdftoppm (poppler-utils) to be looked at"
        if bs.in_ci():
            pytest.fail(f"{reason} (CI is set: failing instead of skipping)", pytrace=False)
        pytest.skip(reason)
    return True


@pytest.fixture(scope="module")
def files(series_warehouse_file, chromium_ready):
    """reports.export, the one call the pages use, for each view: {"pptx": …, "pdf": …}."""
    import reports
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VROEGDOEN_WAREHOUSE", str(series_warehouse_file))
        st.cache_data.clear()
        st.cache_resource.clear()
        try:
            yield {name: reports.export(g, jaar) for name, (g, _, jaar) in VIEWS.items()}
        finally:
            st.cache_data.clear()
            st.cache_resource.clear()


@pytest.fixture(scope="module")
def decks(files):
    from pptx import Presentation
    return {name: Presentation(io.BytesIO(f["pptx"])) for name, f in files.items()}


@pytest.fixture(scope="module")
def pdfs(files):
    from pypdf import PdfReader
    return {name: PdfReader(io.BytesIO(f["pdf"])) for name, f in files.items()}


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
    """All text of the PDF with line breaks as spaces (the HTML wraps paragraphs and table cells)."""
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def headline(export) -> list[tuple[str, ...]]:
    return [tuple(r) for r in export.section("kerncijfers").table.itertuples(index=False)]


def structure(reader) -> list[dict]:
    """The PDF's structure elements, depth first: {'S': '/Figure', 'Alt': …}."""
    out = []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if "/S" in node:
            out.append({"S": node["/S"], "Alt": node.get("/Alt")})
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)
    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return out


def _times(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def picture_boxes(reader, page) -> list[tuple[float, float, float, float]]:
    """Where the page draws its pictures (x0, y0, x1, y1 in PDF points), from the content stream's cm and Do."""
    from pypdf.generic import ContentStream
    xobjects = page["/Resources"].get("/XObject", {})
    images = {k for k, v in xobjects.items() if v.get_object()["/Subtype"] == "/Image"}
    ctm, stack, boxes = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [], []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _times([float(v) for v in operands], ctm)
        elif op == b"Do" and operands[0] in images:
            xs = [ctm[4], ctm[0] + ctm[4], ctm[2] + ctm[4], ctm[0] + ctm[2] + ctm[4]]
            ys = [ctm[5], ctm[1] + ctm[5], ctm[3] + ctm[5], ctm[1] + ctm[3] + ctm[5]]
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def rendered(pdf: bytes, tmp_path: Path) -> np.ndarray:
    """The first page as pixels (72 dpi: one pixel per PDF point), as a reader's screen shows it."""
    (tmp_path / "export.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(tmp_path / "export.pdf"),
                    str(tmp_path / "page")], check=True, timeout=60)
    from PIL import Image
    return np.asarray(Image.open(tmp_path / "page.png").convert("RGB")).astype(int)


def ink(pixels: np.ndarray) -> float:
    """Share of pixels that are not near-white. Axes and labels alone cover ~1% of a chart; lines 5–11%."""
    return float((pixels.min(axis=2) < 200).mean())


# --- what goes in (no browser needed) -----------------------------------------------------------

ALMERE_2024_HEADLINE = [
    # indicator, waarde (year said when not 2024), Nederland (year said when not the figure's), bron
    ("Jongeren met jeugdzorg, % (CBS-reeks vanaf 2021)", "11,4% (2023)", "11,0%", "CBS, 85099NED (reeks vanaf 2021)"),
    ("Jongeren met jeugdzorg", "11,7%", "10,5% (2021)", "CBS, fixture"),
    ("Jongeren met jeugdzorg (aantal)", "6.010 personen tot 23 jaar", "–", "CBS, fixture"),  # a count: no NL
    ("Kinderen 4–14 bereikt door kinderwerk", "11,3%", "–", "voorbeelddata"),   # 452 / 4.000
    ("Signalen opgepakt in de basis", "61,8%", "–", "voorbeelddata"),           # 34 / 55
    ("Wmo-cliënten", "56 per 1.000 inwoners (2021)", "–", "CBS, fixture"),     # 'missing' in 2024: the newest before
    ("Personen met bijstand", "0,0 per 1.000 inwoners", "–", "CBS, fixture"),  # zero is a figure
    ("Kinderen 0–14 jaar", "41.230", "–", "CBS, fixture"),
    ("Gemiddeld inkomen per inwoner", "€ 29,4 × 1.000", "–", "CBS, fixture"),
]


def test_headline_almere_every_figure_with_its_year(exports):
    e = exports["almere_2024"]
    assert (e.naam, e.jaar, e.release, e.built_at) == ("Almere", 2024, fd.RELEASE_ID, "01-02-2026")
    assert headline(e) == ALMERE_2024_HEADLINE
    k = e.section("kerncijfers")
    assert k.heading == "Kerncijfers Almere, 2024"
    assert k.sentences[0] == "In Almere kreeg in 2024 11,7% van de jongeren tot 23 jaar jeugdzorg (6.010 jongeren)."
    assert "voor 2024 is er geen cijfer, dit is het nieuwste van eerder" in k.note


def test_headline_newest_figures_say_each_year(exports):
    e = exports["almere_newest"]
    assert e.jaar is None and e.period == "nieuwste cijfers"
    assert e.section("kerncijfers").heading == "Kerncijfers Almere (nieuwste cijfers)"
    rows = dict((r[0], r[1]) for r in headline(e))
    assert rows["Jongeren met jeugdzorg"] == "11,7% (2024)"
    assert rows["Jongeren met jeugdzorg, % (CBS-reeks vanaf 2021)"] == "11,4% (2023)"
    assert all(re.search(r"\(\d{4}\)$", value) for value in rows.values())


def test_headline_a_year_without_kwb_is_never_an_empty_table(exports):
    """Amsterdam 2023: the KWB figures are from 2021, said in the cell; the CBS series has 2023 itself."""
    rows = headline(exports["amsterdam_2023"])
    assert rows == [
        ("Jongeren met jeugdzorg, % (CBS-reeks vanaf 2021)", "10,7%", "11,0%", "CBS, 85099NED (reeks vanaf 2021)"),
        ("Jongeren met jeugdzorg", "9,8% (2021)", "10,5%", "CBS, fixture"),  # NL of the figure's own year: no year
        ("Wmo-cliënten", "52 per 1.000 inwoners (2021)", "–", "CBS, fixture"),
        ("Personen met bijstand", "42,8 per 1.000 inwoners (2021)", "–", "CBS, fixture"),
        ("Gemiddeld inkomen per inwoner", "€ 34,5 × 1.000 (2021)", "–", "CBS, fixture"),
    ]


def test_headline_suppressed_rate_is_not_shown(exports):
    e = exports["almere_2023"]
    rows = {r[0]: r[1] for r in headline(e)}
    assert rows["Signalen opgepakt in de basis"] == "niet getoond (klein aantal)"
    text = " ".join(e.section("kerncijfers").sentences + [" ".join(r) for r in headline(e)])
    assert "33,3" not in text and "in de basis opgepakt" not in text


def test_export_assumptions_name_the_gemeentes_own_figure(exports):
    a = exports["almere_2024"].section("aannames").table.set_index("aanname")
    share = "Aandeel jongeren met jeugdzorg in een jaar"
    assert a.at[share, "waarde"] == "11,7%"
    assert a.at[share, "herkomst"].startswith("eigen cijfer")
    # the inflow the model uses, derived from that share (11,7% ÷ 1,5 years), and said so
    inflow = "Instroom: aandeel dat per jaar met jeugdzorg begint"
    assert a.at[inflow, "waarde"] == "7,8%" and a.at[inflow, "herkomst"].startswith("afgeleid")
@pytest.mark.parametrize("view", VIEWS)
def test_every_exported_chart_has_data_and_every_table_rows(exports, view):
    from reports.content import has_data
    for section in exports[view].sections:
        if section.chart is not None:
            traces = [t for t in section.chart.data if has_data(go.Figure(t))]
            assert traces, f"{view}: {section.key} has no trace with data"
            assert section.alt.startswith(section.heading) and "hoogste waarde" in section.alt, section.key
        if section.table is not None:
            assert len(section.table) > 0 and not section.table.isna().any().any(), section.key
        assert section.chart is not None or section.table is not None or section.omitted, section.key


def test_the_charts_that_matter(exports):
    e = exports["almere_2024"]
    assert [s.key for s in e.sections] == ["kerncijfers", "jeugdzorg", "preventie", "investering", "aannames"]
    youthcare = e.section("jeugdzorg").chart
    names = {t.name for t in youthcare.data}
    assert {"Almere, reeks 2015–2020", "Almere, reeks vanaf 2021", "Nederland, reeks vanaf 2021"} <= names
    assert any(s.x0 == 2020.5 for s in youthcare.layout.shapes)  # the 2021 break, marked
    prevention = e.section("preventie")  # was exported with 0 traces (issue 24)
    assert {t.name for t in prevention.chart.data} >= {"Kinderen 4–14 bereikt door kinderwerk", "Jongeren met jeugdzorg"}
    assert prevention.is_demo and prevention.caption.startswith("Voorbeelddata — gegenereerd, geen echte cijfers.")
    axis = e.section("investering").chart.layout.yaxis
    assert "€ 0" in axis.ticktext and all("€" in t and "M" not in t for t in axis.ticktext)
    assert any("mln" in t for t in axis.ticktext)
    assert re.search(r"hoogste waarde -?\d{1,3}(\.\d{3})+ \(", e.section("investering").alt)  # euros: no cents


def test_a_chart_without_data_is_left_out_with_one_sentence(series_warehouse):
    from analysis.investment import defaults_from
    from queries import run_query
    from reports.content import Section
    from reports.sections import build
    from reports.sections import headline as headline_builder

    def empty(ctx):
        return Section("leeg", "Iets over de wijken", chart=go.Figure(go.Scatter(x=[2021, 2022], y=[None, None])))

    scenario = defaults_from(run_query("investment_defaults", gemeente="GM0363"))[0]
    e = build("GM0363", "Amsterdam", 2023, scenario, builders=[headline_builder, empty])
    assert [s.key for s in e.sections] == ["kerncijfers", "leeg"]
    assert e.section("leeg").chart is None
    assert e.section("leeg").omitted == "Iets over de wijken: geen grafiek, want er zijn geen cijfers om te tekenen."


def test_without_organisation_data_the_prevention_chart_is_a_sentence(exports):
    p = exports["amsterdam_2023"].section("preventie")
    assert p.chart is None and p.omitted.startswith("Preventie tegenover zorg: voor Amsterdam zijn geen cijfers")


def test_expected_use_only_for_a_year_with_the_model(use_fixture_warehouse):
    from analysis.investment import Scenario
    from reports.sections import build
    e = build("GM0034", "Almere", 2024, Scenario())  # the base fixture models 2024
    section = e.section("verwacht")
    assert section.heading == "Almere, 2024: 1 van de 2 wijken meer jeugdzorg dan verwacht, geen minder"
    assert section.alt.startswith(section.heading) and len(section.chart.data[0].y) == 3  # one wijk without a figure
    assert build("GM0034", "Almere", None, Scenario()).section("verwacht") is None
    assert build("GM0034", "Almere", 2023, Scenario()).section("verwacht") is None


def test_sources_are_listed_once_without_prefix(exports):
    credits = exports["almere_2024"].credits
    assert "CBS, fixture" in credits and not [c for c in credits if c.startswith("Bron")]
    assert len(credits) == len(set(credits))


# --- the deck -----------------------------------------------------------------------------------

def test_deck_slides(decks, exports):
    assert titles(decks["almere_2024"]) == (["Vroeg Doen — Almere", "Kerncijfers Almere, 2024"]
                                            + [s.heading for s in exports["almere_2024"].sections[1:]]
                                            + ["Bronnen en toelichting"])
    # a section with nothing to show gets no slide of its own: its sentence is on the sources slide
    assert titles(decks["amsterdam_2023"]) == ["Vroeg Doen — Amsterdam", "Kerncijfers Amsterdam, 2023",
                                               exports["amsterdam_2023"].section("jeugdzorg").heading,
                                               exports["amsterdam_2023"].section("investering").heading,
                                               "Aannames van de investeringscase", "Bronnen en toelichting"]
    assert exports["amsterdam_2023"].section("preventie").omitted in slide_text(slide(decks["amsterdam_2023"], "Bronnen"))


def test_deck_pictures_have_their_sentence_as_alt_text(decks, exports):
    for view, prs in decks.items():
        charts = [s for s in exports[view].sections if s.chart is not None]
        pictures = [sh for sl in prs.slides for sh in sl.shapes if sh.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == len(charts), view
        for picture, section in zip(pictures, charts):
            alt = picture._element.nvPicPr.cNvPr.get("descr")
            assert alt == section.alt and alt != "image.png", view
            assert picture.image.content_type == "image/png" and len(picture.image.blob) > 10_000


def test_deck_tables_have_rows(decks):
    rows = table_rows(slide(decks["almere_2024"], "Kerncijfers"))
    assert rows[0] == ("indicator", "waarde", "Nederland", "bron") and rows[1:] == ALMERE_2024_HEADLINE
    rows = table_rows(slide(decks["almere_2024"], "Aannames"))
    assert rows[0] == ("aanname", "waarde", "herkomst") and len(rows) == 14  # 12 inputs, the inflow, the header
    values = {r[0]: r[1] for r in rows[1:]}
    assert values["Extra kinderwerk (fte)"] == "4,0 fte" and values["Kosten per fte per jaar"] == "€ 75.000"
    # Almere's own 2024 share, from investment_defaults
    assert values["Aandeel jongeren met jeugdzorg in een jaar"] == "11,7%"
    assert values["Instroom: aandeel dat per jaar met jeugdzorg begint"] == "7,8%"


def test_deck_title_and_sources(decks, exports):
    from reports.content import DEMO_NOTE, SUPPRESSION_NOTE
    prs = decks["almere_2024"]
    assert prs.slides[0].placeholders[1].text == ("Jeugdzorg en preventie, 2024\nDatarelease fixture00001 (01-02-2026)"
                                                  " · bevat voorbeelddata (gegenereerd)")
    assert prs.core_properties.title == "Vroeg Doen — Almere" and prs.core_properties.language == "nl-NL"
    from pptx.enum.lang import MSO_LANGUAGE_ID
    languages = {run.font.language_id for sl in prs.slides for sh in sl.shapes if sh.has_text_frame
                 for para in sh.text_frame.paragraphs for run in para.runs}
    assert languages == {MSO_LANGUAGE_ID.DUTCH}
    text = slide_text(slide(prs, "Bronnen"))
    assert SUPPRESSION_NOTE in text and DEMO_NOTE in text and "Datarelease fixture00001, gebouwd 01-02-2026." in text
    for credit in exports["almere_2024"].credits:
        assert credit in text
    assert "voorbeelddata" not in deck_text(decks["amsterdam_2023"]).lower()


def test_deck_never_shows_a_suppressed_figure(decks):
    prs = decks["almere_2023"]
    assert ("Signalen opgepakt in de basis", "niet getoond (klein aantal)", "–", "registratie De Speelkamer") \
        in table_rows(slide(prs, "Kerncijfers"))
    text = deck_text(prs)
    assert "33,3" not in text and "33.3" not in text  # 3 of 9
    assert not re.search(r"\b3 van 9\b|\b3 signalen\b", text) and "in de basis opgepakt" not in text


# --- the PDF ------------------------------------------------------------------------------------

@pytest.mark.parametrize("view", VIEWS)
def test_pdf_is_one_tagged_page_with_title_language_and_alt_texts(pdfs, exports, view):
    reader, e = pdfs[view], exports[view]
    assert len(reader.pages) == 1
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl" and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == f"Vroeg Doen — {e.naam}"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]  # a reader shows the title, not the file name
    elements = structure(reader)
    kinds = [el["S"] for el in elements]
    assert "/H1" in kinds and "/Table" in kinds and "/TH" in kinds
    alts = [el["Alt"] for el in elements if el["S"] == "/Figure" and el["Alt"]]
    assert alts == [s.alt for s in e.sections if s.chart is not None and s.in_onepager]
    assert kinds.index("/H1") < kinds.index("/Table") < kinds.index("/Figure")  # reading order: title, figures, charts


def test_pdf_text_has_the_figures_years_and_sources(pdfs, exports):
    text = pdf_text(pdfs["almere_2024"])
    assert text.startswith("Vroeg Doen — Almere, 2024")
    assert "In Almere kreeg in 2024 11,7% van de jongeren tot 23 jaar jeugdzorg (6.010 jongeren)." in text
    for value in ("11,4% (2023)", "10,5% (2021)", "6.010 personen tot 23 jaar", "61,8%", "€ 29,4 × 1.000"):
        assert value in text
    assert "Bronnen: " + "; ".join(exports["almere_2024"].credits) + "." in text
    assert "Datarelease fixture00001 (01-02-2026)." in text
    assert "Kleine aantallen uit registraties van organisaties (1 tot 5) zijn niet getoond" in text
    assert "bevat voorbeelddata" in text
    assert "Voorbeelddata — gegenereerd, geen echte cijfers. Eenheid: index" in text  # under the demo chart itself
    text = pdf_text(pdfs["amsterdam_2023"])
    assert "voorbeelddata" not in text.lower()
    assert exports["amsterdam_2023"].section("preventie").omitted in text  # left out, with why


def test_pdf_never_shows_a_suppressed_figure(pdfs):
    text = pdf_text(pdfs["almere_2023"])
    assert "niet getoond (klein aantal)" in text
    assert "33,3" not in text and "in de basis opgepakt" not in text


def test_pdf_tables_stay_within_the_page(files, pdfs, exports, tmp_path):
    """Every cell of the headline table is in the text, every text run starts inside the page, and the right
    margin is empty when rendered (the bron column ran off the edge of the old PDF)."""
    for view, reader in pdfs.items():
        page = reader.pages[0]
        width = float(page.mediabox.width)
        starts = []
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: starts.append(_times(tm, cm)[4])
                          if text.strip() else None)
        assert starts and max(starts) < width - 25, view
        text = pdf_text(reader).replace(" ", "")
        for row in headline(exports[view]):
            for cell in row:
                assert cell.replace(" ", "") in text, (view, cell)
    pixels = rendered(files["almere_2024"]["pdf"], tmp_path)
    assert ink(pixels[:, -25:]) == 0  # 25 pt of white at the right edge


@pytest.mark.parametrize("view", ["amsterdam_2023", "almere_2024"])
def test_pdf_chart_areas_are_not_blank_when_rendered(files, pdfs, exports, view, tmp_path):
    """The PDF as a reader sees it: every picture's area holds a drawn chart, not empty axes."""
    reader = pdfs[view]
    boxes = picture_boxes(reader, reader.pages[0])
    assert len(boxes) == sum(1 for s in exports[view].sections if s.chart is not None and s.in_onepager) > 0
    pixels = rendered(files[view]["pdf"], tmp_path)
    height = float(reader.pages[0].mediabox.height)
    for x0, y0, x1, y1 in boxes:
        area = pixels[int(height - y1):int(height - y0), int(x0):int(x1)]
        assert area.size and ink(area) > 0.03, f"{view}: the chart at ({x0:.0f}, {y0:.0f}) looks blank"


def test_blank_chart_is_what_the_ink_check_rejects(chromium_ready):
    """The threshold above is calibrated: a chart with axes and no line (the picture the old export carried) stays
    below it and a chart with two lines is above it, both at the size the PDF shows them (72 dpi)."""
    from PIL import Image

    from reports.images import png

    def at_page_size(image: bytes) -> np.ndarray:
        picture = Image.open(io.BytesIO(image)).convert("RGB")
        return np.asarray(picture.resize((258, round(picture.height * 258 / picture.width)), Image.BILINEAR)).astype(int)

    fig = go.Figure()
    fig.update_layout(title="Preventie en zorg", yaxis_range=[-1, 6], xaxis_range=[2015, 2023],
                      yaxis_title="index (2018 = 100)")
    assert ink(at_page_size(png(fig))) < 0.03
    fig.add_trace(go.Scatter(x=list(range(2015, 2024)), y=[1, 2, 2.5, 3, 3.5, 4, 5, 5.5, 5.8], name="reeks"))
    fig.add_trace(go.Scatter(x=list(range(2015, 2024)), y=[0, 1, 1.5, 2, 2, 2.5, 3, 3, 3.5], name="Nederland"))
    assert ink(at_page_size(png(fig))) > 0.03


def test_one_browser_per_process_prints_pdfs_from_any_thread(files):
    """Streamlit runs each session in its own thread; the PDFs all go through one worker thread and one browser."""
    from concurrent.futures import ThreadPoolExecutor

    from pypdf import PdfReader

    from reports.browser import _printer, html_to_pdf
    browser = _printer().browser
    assert browser is not None and browser.is_connected()  # started by the exports above
    page = '<!doctype html><html lang="nl"><head><title>T{0}</title></head><body><h1>Kop {0}</h1></body></html>'
    with ThreadPoolExecutor(max_workers=3) as pool:
        pdfs = list(pool.map(lambda i: html_to_pdf(page.format(i)), range(3)))
    assert [PdfReader(io.BytesIO(p)).metadata.title for p in pdfs] == ["T0", "T1", "T2"]
    assert _printer().browser is browser
