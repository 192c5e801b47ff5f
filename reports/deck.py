"""The PowerPoint deck for the budget meeting (python-pptx)."""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from reports.content import SUPPRESSION_NOTE, Export, png

WIDE = (Inches(13.333), Inches(7.5))


def _title(slide, text: str) -> None:
    slide.shapes.title.text = text


def _bullets(slide, lines: list[str], top=Inches(1.4), height=Inches(5.5), size=18) -> None:
    box = slide.shapes.add_textbox(Inches(0.6), top, Inches(12.1), height).text_frame
    box.word_wrap = True
    for i, line in enumerate(lines):
        para = box.paragraphs[0] if i == 0 else box.add_paragraph()
        para.text, para.font.size = line, Pt(size)


def _table(slide, df, top=Inches(1.4), size=12) -> None:
    rows, cols = len(df) + 1, len(df.columns)
    table = slide.shapes.add_table(rows, cols, Inches(0.6), top, Inches(12.1), Emu(Inches(0.4) * rows)).table
    for j, col in enumerate(df.columns):
        table.cell(0, j).text = str(col)
    for i, row in enumerate(df.itertuples(index=False), start=1):  # a handful of rows: layout, not data work
        for j, value in enumerate(row):
            table.cell(i, j).text = str(value)
    for cell in (table.cell(i, j) for i in range(rows) for j in range(cols)):
        for para in cell.text_frame.paragraphs:
            para.font.size = Pt(size)


def build_pptx(export: Export) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDE
    title_layout, only_title = prs.slide_layouts[0], prs.slide_layouts[5]
    demo = " · bevat voorbeelddata (gegenereerd)" if export.has_demo else ""

    slide = prs.slides.add_slide(title_layout)
    slide.shapes.title.text = f"Vroeg Doen — {export.naam}"
    slide.placeholders[1].text = (f"Jeugdzorg en preventie, {export.jaar}\nDatarelease {export.release} "
                                  f"({export.built_at}){demo}")

    slide = prs.slides.add_slide(only_title)
    _title(slide, f"Kerncijfers {export.naam}, {export.jaar}")
    _table(slide, export.headline)
    _bullets(slide, export.sentences, top=Inches(5.2), height=Inches(2), size=14)

    for name, heading in (("jeugdzorg", "Jeugdzorg door de jaren"), ("preventie", "Preventie en zorg")):
        if name in export.charts:
            slide = prs.slides.add_slide(only_title)
            _title(slide, heading)
            slide.shapes.add_picture(io.BytesIO(png(export.charts[name])), Inches(0.9), Inches(1.3), width=Inches(11.5))

    if export.notes:  # the gemeente's own notes on its figures (toelichtingen), as plain text
        slide = prs.slides.add_slide(only_title)
        _title(slide, f"Toelichting van de gemeente {export.naam}")
        _bullets(slide, [f"{heading}: {body}" for heading, body in export.notes], size=14)

    slide = prs.slides.add_slide(only_title)
    _title(slide, "Investeringscase kinderwerk")
    _bullets(slide, export.investment, size=16, height=Inches(2.2))
    slide.shapes.add_picture(io.BytesIO(png(export.charts["investering"], 1100, 420)), Inches(1.5), Inches(3.5),
                             width=Inches(10))

    slide = prs.slides.add_slide(only_title)
    _title(slide, "Aannames van de investeringscase")
    _table(slide, export.assumptions, size=10)

    slide = prs.slides.add_slide(only_title)
    _title(slide, "Bronnen en toelichting")
    _bullets(slide, export.credits + [f"Datarelease {export.release}, gebouwd {export.built_at}.", SUPPRESSION_NOTE]
             + (["Cijfers over kinderwerk, signalen en uitgaven zijn voorbeelddata: gegenereerd, geen echte cijfers."]
                if export.has_demo else []), size=14)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
