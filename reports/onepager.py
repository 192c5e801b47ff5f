"""The one-page PDF: the headline figures with their years, the charts with their findings, the sources.

Written as HTML (lang="nl", a title, headings, a real table, pictures with alt texts, in reading order) and
printed by Chromium as a tagged PDF (reports/browser.py): a screen reader gets the structure, the language
and the text alternatives. Every piece of text from data is escaped.
"""
from __future__ import annotations

import base64
from html import escape

from reports.browser import html_to_pdf
from reports.content import DEMO_NOTE, SUPPRESSION_NOTE, Export, Section
from reports.images import chart_images

CSS = """
@page { size: A4; margin: 11mm 12mm 10mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 7.6pt; line-height: 1.3;
       color: #1a1a1a; margin: 0; font-variant-ligatures: none; }  /* 'fi' stays two letters for search and copy */
h1 { font-size: 15pt; margin: 0 0 1mm; color: #1b4f6a; }
h2 { font-size: 8.6pt; margin: 0 0 1mm; color: #1b4f6a; }
p { margin: 0 0 1.2mm; }
.sub { color: #555; margin-bottom: 2.5mm; }
.short { background: #eef4f7; padding: 1.5mm 2mm; margin-bottom: 2mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 1mm; }
th, td { border-bottom: 0.3pt solid #bbb; padding: 0.6mm 1.2mm; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #dfeaf0; }
col.indicator { width: 34%; } col.waarde { width: 26%; } col.nl { width: 14%; } col.bron { width: 26%; }
.small, figcaption { font-size: 6.2pt; line-height: 1.25; color: #4a4a4a; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 2.5mm 5mm; margin: 2.5mm 0; }
section { break-inside: avoid; }
figure { margin: 0; }
figure img { width: 100%; height: auto; display: block; }
.omitted { font-style: italic; color: #4a4a4a; }
footer { border-top: 0.3pt solid #bbb; padding-top: 1.5mm; }
"""


def _picture(image: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(image).decode("ascii")


def _table(section: Section) -> str:
    df = section.table
    classes = ["indicator", "waarde", "nl", "bron"] if len(df.columns) == 4 else [""] * len(df.columns)
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in df.columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in df.astype(str).values.tolist())
    cols = "".join(f'<col class="{c}">' for c in classes)
    return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _chart_block(section: Section, image: bytes) -> str:
    # the first sentence only: the heading says the finding, the deck has them all (one page stays one page)
    sentences = f'<p class="small">{escape(section.sentences[0])}</p>' if section.sentences else ""
    return (f'<section><h2>{escape(section.heading)}</h2><figure>'
            f'<img src="{_picture(image)}" alt="{escape(section.alt)}">'
            f"<figcaption>{escape(section.caption)}</figcaption></figure>{sentences}</section>")


def onepager_html(export: Export, images: dict[str, bytes]) -> str:
    """The one-pager as an HTML document (also what the PDF's structure tree is made from)."""
    shown = [s for s in export.sections if s.in_onepager]
    parts = [f"<h1>{escape(export.title)}, {escape(export.period)}</h1>",
             f'<p class="sub">Jeugdzorg en preventie · datarelease {escape(export.release)} ({escape(export.built_at)})'
             + (" · bevat voorbeelddata (gegenereerd, geen echte cijfers)" if export.has_demo else "") + "</p>"]
    for section in shown:
        if section.table is not None:
            parts.append(f"<h2>{escape(section.heading)}</h2>")
            if section.sentences:
                parts.append(f'<p class="short"><strong>In het kort.</strong> {escape(" ".join(section.sentences))}</p>')
            parts.append(_table(section))
            parts.append(f'<p class="small">{escape(section.caption)}</p>')
        elif section.chart is None and section.sentences and not section.omitted:  # text only: the notes
            parts.append(f"<h2>{escape(section.heading)}</h2>")
            parts += [f'<p class="small">{escape(s)}</p>' for s in section.sentences]
    charts = [_chart_block(s, images[s.key]) for s in shown if s.chart is not None and s.key in images]
    if charts:
        parts.append(f'<div class="charts">{"".join(charts)}</div>')
    parts += [f'<p class="omitted">{escape(s.omitted)}</p>' for s in shown if s.omitted]
    sources = "Bronnen: " + "; ".join(export.credits) + f". Datarelease {export.release} ({export.built_at}). "
    parts.append(f'<footer class="small"><p>{escape(sources + SUPPRESSION_NOTE)}'
                 + (f" {escape(DEMO_NOTE)}" if export.has_demo else "") + "</p></footer>")
    return (f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{escape(export.title)}</title>'
            f"<style>{CSS}</style></head><body><main>{''.join(parts)}</main></body></html>")


def build_pdf(export: Export, images: dict[str, bytes] | None = None) -> bytes:
    """The one-page tagged PDF of an export; ``images`` by section key (made when not given)."""
    return html_to_pdf(onepager_html(export, chart_images(export) if images is None else images), one_page=True)
