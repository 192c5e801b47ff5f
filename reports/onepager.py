"""The one-page PDF: headline figures, the sentences, one chart, sources (reportlab)."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reports.content import SUPPRESSION_NOTE, Export, png


def build_pdf(export: Export) -> bytes:
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=1.6 * cm, rightMargin=1.6 * cm, topMargin=1.4 * cm,
                            bottomMargin=1.2 * cm, title=f"Vroeg Doen — {export.naam}")
    demo = " Bevat voorbeelddata (gegenereerd, geen echte cijfers)." if export.has_demo else ""
    story = [Paragraph(f"Vroeg Doen — {export.naam}, {export.jaar}", styles["Title"]),
             Paragraph(" ".join(export.sentences), styles["BodyText"]), Spacer(1, 0.3 * cm)]
    table = Table([list(export.headline.columns)] + export.headline.astype(str).values.tolist(),
                  colWidths=[6 * cm, 3.6 * cm, 3.4 * cm, 4.8 * cm])
    table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 8), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfeaf0")),
                               ("GRID", (0, 0), (-1, -1), 0.25, colors.grey)]))
    chart = export.charts.get("preventie") or export.charts.get("jeugdzorg") or export.charts["investering"]
    story += [table, Spacer(1, 0.3 * cm), Image(io.BytesIO(png(chart, 1000, 460)), width=17.5 * cm, height=8 * cm),
              *[Paragraph(f"<b>{escape(heading)}:</b> {escape(body)}", small) for heading, body in export.notes],
              Paragraph("<b>Investeringscase.</b> " + " ".join(export.investment), styles["BodyText"]),
              Spacer(1, 0.2 * cm),
              Paragraph("Bronnen: " + "; ".join(export.credits) + f". Datarelease {export.release} ({export.built_at}). "
                        + SUPPRESSION_NOTE + demo, small)]
    doc.build(story)
    return out.getvalue()
