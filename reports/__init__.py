"""Exports for the budget meeting: a PowerPoint deck and a one-page tagged PDF, behind one call, ``export``.

One job: assemble what a wethouder takes into the meeting. The content is a list of sections
(reports/sections.py: headline figures in their newest year, youth care against NL, prevention against care,
the investment case, expected use per wijk), built through the same queries (run_query) and chart builders as
the pages, so small-number suppression holds here too. Chart pictures come from kaleido and the PDF from
Chromium (Playwright), both Debian's Chromium, offline.
May import: queries, analysis, charts, formatting (never Streamlit pages or ui).
"""
from __future__ import annotations

from analysis.investment import Scenario


def export(gemeente: str, jaar: int | None = None, scenario: Scenario | None = None,
           effect: bool = False) -> dict[str, bytes]:
    """The deck and the one-pager of one gemeente: ``{"pptx": bytes, "pdf": bytes}``.

    ``jaar`` None shows every figure in its newest year; a year shows each figure for that year or, when it has
    none, the newest earlier one with its year said. ``scenario`` None uses the gemeente's default investment case.
    ``effect`` adds the chart and sentences of Werkt het? (issue 21), as chosen on that page.
    """
    from analysis.investment import defaults_from
    from queries import run_query
    from reports.browser import warm_up
    from reports.sections import SECTIONS, build, effect as effect_section
    from reports.deck import build_pptx
    from reports.images import chart_images
    from reports.onepager import build_pdf

    warm_up()  # Chromium for the PDF starts while the queries run and kaleido draws the pictures
    names = run_query("gemeenten").set_index("code")["name"]
    if gemeente not in names.index:
        raise KeyError(f"Onbekende gemeente: {gemeente}")
    if scenario is None:
        scenario = defaults_from(run_query("investment_defaults", gemeente=gemeente))[0]
    content = build(gemeente, str(names[gemeente]), jaar, scenario,
                    SECTIONS + [effect_section] if effect else None)
    images = chart_images(content)  # once: the deck and the PDF show the same pictures
    return {"pptx": build_pptx(content, images), "pdf": build_pdf(content, images)}
