"""The PowerPoint deck for the budget meeting (python-pptx): a title slide, one slide per section, the sources.

Every picture carries its text alternative (the sentence under the chart on the pages) as alt text.
"""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.util import Emu, Inches, Pt

from reports.content import DEMO_NOTE, SUPPRESSION_NOTE, Export, Section
from reports.images import HEIGHT, WIDTH, chart_images

WIDE = (Inches(13.333), Inches(7.5))


def _title(slide, text: str) -> None:
    slide.shapes.title.text = text
    for para in slide.shapes.title.text_frame.paragraphs:
        para.font.size = Pt(32 if len(text) <= 50 else 24 if len(text) <= 110 else 20)


def _bullets(slide, lines: list[str], left, top, width, height, size=16) -> None:
    box = slide.shapes.add_textbox(left, top, width, height).text_frame
    box.word_wrap = True
    for i, line in enumerate(lines):
        para = box.paragraphs[0] if i == 0 else box.add_paragraph()
        para.text, para.font.size = line, Pt(size)
        para.space_after = Pt(6)


def _table(slide, df, left, top, width, size=12) -> None:
    rows, cols = len(df) + 1, len(df.columns)
    table = slide.shapes.add_table(rows, cols, left, top, width, Emu(Inches(0.34) * rows)).table
    for j, col in enumerate(df.columns):
        table.cell(0, j).text = str(col)
    for i, row in enumerate(df.itertuples(index=False), start=1):  # a handful of rows: layout, not data work
        for j, value in enumerate(row):
            table.cell(i, j).text = str(value)
    for cell in (table.cell(i, j) for i in range(rows) for j in range(cols)):
        for para in cell.text_frame.paragraphs:
            para.font.size = Pt(size)


def _picture(slide, image: bytes, alt: str, name: str, left, top, height) -> None:
    """The chart picture with its alt text (python-pptx would describe it as 'image.png')."""
    pic = slide.shapes.add_picture(io.BytesIO(image), left, top, height=height)
    pic._element.nvPicPr.cNvPr.set("descr", alt)
    pic.name = f"Grafiek: {name}"[:250]


def _section_slide(prs, section: Section, image: bytes | None) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only
    _title(slide, section.heading)
    top, caption = Inches(1.55), section.caption
    if image is not None:
        height = Inches(4.4) if section.picture_height is None else Inches(5.6)
        width = Emu(int(height * WIDTH / (section.picture_height or HEIGHT)))
        _picture(slide, image, section.alt, section.heading, Inches(0.5), top, height)
        right = Inches(0.5) + width + Inches(0.3)
        _bullets(slide, section.sentences + [caption], right, top, Inches(13.333) - right - Inches(0.4), Inches(5.5),
                 size=14 if len(" ".join(section.sentences)) < 400 else 12)
    elif section.table is not None:
        _table(slide, section.table, Inches(0.5), top, Inches(8.3) if section.sentences else Inches(12.3),
               size=11 if len(section.table) > 8 else 12)
        if section.sentences:
            _bullets(slide, section.sentences, Inches(9.1), top, Inches(3.9), Inches(5.5), size=14)
        _bullets(slide, [caption], Inches(0.5), Inches(6.7), Inches(12.3), Inches(0.6), size=10)
    else:
        _bullets(slide, section.sentences, Inches(0.6), top, Inches(12.1), Inches(5.5), size=18)


def _in_dutch(prs) -> None:
    """Every run marked Dutch (the template says en-US): a screen reader then reads the text as Dutch."""
    for slide in prs.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for run in (r for frame in frames for para in frame.paragraphs for r in para.runs):
                run.font.language_id = MSO_LANGUAGE_ID.DUTCH


def build_pptx(export: Export, images: dict[str, bytes] | None = None) -> bytes:
    """The deck of an export; ``images`` by section key (made when not given)."""
    images = chart_images(export) if images is None else images
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDE
    prs.core_properties.title, prs.core_properties.language = export.title, "nl-NL"
    demo = " · bevat voorbeelddata (gegenereerd)" if export.has_demo else ""

    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = export.title
    slide.placeholders[1].text = (f"Jeugdzorg en preventie, {export.period}\nDatarelease {export.release} "
                                  f"({export.built_at}){demo}")
    left_out = []
    for section in export.sections:
        if section.chart is None and section.table is None and not section.sentences:
            left_out.append(section.omitted)  # one sentence, not a slide of its own
        else:
            _section_slide(prs, section, images.get(section.key))

    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _title(slide, "Bronnen en toelichting")
    _bullets(slide, left_out + export.credits + [f"Datarelease {export.release}, gebouwd {export.built_at}.", SUPPRESSION_NOTE]
             + ([DEMO_NOTE] if export.has_demo else []), Inches(0.6), Inches(1.4), Inches(12.1), Inches(5.5), size=14)
    _in_dutch(prs)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
