"""What goes into an export for one gemeente: sections of figures, sentences, charts and sources (no layout).

An export is a list of ``Section``s, made by the builders in ``reports.sections.SECTIONS`` in order
(``reports.sections.build``); the deck
(reports/deck.py) and the one-pager (reports/onepager.py) lay out whatever sections they get. A section
whose chart has no data keeps one sentence saying why (``omitted``) instead of a blank picture.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from analysis.investment import Scenario
from charts.text import chart_summary

SUPPRESSION_NOTE = ("Kleine aantallen uit registraties van organisaties (1 tot 5) zijn niet getoond, ook niet "
                    "als ze uit een totaal terug te rekenen zouden zijn. CBS houdt kleine aantallen zelf geheim.")
DEMO_NOTE = "Cijfers over kinderwerk, signalen en uitgaven zijn voorbeelddata: gegenereerd, geen echte cijfers."


@dataclass
class Section:
    """One part of an export: a heading that says the finding, sentences, a chart or a table, and its sources.

    ``chart`` is None when there is nothing to draw; ``omitted`` then says why in one sentence. ``alt`` is the
    text alternative of the chart: the same sentence as under the chart on the pages (charts.text).
    """
    key: str
    heading: str
    sentences: list[str] = field(default_factory=list)
    chart: go.Figure | None = None
    unit: str = ""
    credits: str = ""
    note: str = ""
    table: pd.DataFrame | None = None
    omitted: str = ""
    is_demo: bool = False
    in_onepager: bool = True
    picture_height: int | None = None  # CSS pixels, when the chart needs more than images.HEIGHT (a long list)
    annotations: bool = True  # False: the picture leaves out the chart's text labels (the note says them)

    def __post_init__(self) -> None:
        self.heading = plain(self.heading)

    @property
    def alt(self) -> str:
        return chart_summary(self.chart, self.unit) if self.chart is not None else ""

    @property
    def caption(self) -> str:
        """The line under the chart: the demo label first where it applies, then unit, source and note."""
        parts = ["Voorbeelddata — gegenereerd, geen echte cijfers." if self.is_demo else "",
                 f"Eenheid: {self.unit}." if self.unit else "", f"{self.credits}." if self.credits else "", self.note]
        return " ".join(p for p in parts if p)


@dataclass
class Context:
    """What every section builder gets: the gemeente, the year asked for (None: the newest), the scenario."""
    gemeente: str
    naam: str
    jaar: int | None
    scenario: Scenario


@dataclass
class Export:
    """An export for one gemeente: title facts, the sections in order, and the sources of all of them."""
    naam: str
    jaar: int | None
    release: str
    built_at: str
    sections: list[Section]
    credits: list[str] = field(default_factory=list)
    has_demo: bool = False
    effect: list[str] = field(default_factory=list)  # Werkt het? (issue 21), when chosen: sentences; chart "werkt_het"

    @property
    def period(self) -> str:
        """'2024', or 'nieuwste cijfers' when no year was asked for (every figure says its own year)."""
        return str(self.jaar) if self.jaar is not None else "nieuwste cijfers"

    @property
    def title(self) -> str:
        return f"Vroeg Doen — {self.naam}"

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


def plain(text: str) -> str:
    """A chart title as plain text: line breaks and tags (<br>, <sup>) become spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text or "")).strip()


SectionBuilder = Callable[[Context], "Section | list[Section] | None"]


def has_data(fig: go.Figure | None) -> bool:
    """True when at least one trace draws a point: x and y both given and one of them a number (a bar, a dot on
    a named wijk), or pie/heatmap values. A chart is never exported blank."""
    if fig is None:
        return False
    for trace in fig.data:
        x, y = getattr(trace, "x", None), getattr(trace, "y", None)
        if x is not None or y is not None:
            n = len(y if y is not None else x)
            xs = pd.Series(list(x) if x is not None else range(n), dtype=object)
            ys = pd.Series(list(y) if y is not None else range(n), dtype=object)
            present = xs.notna().to_numpy() & ys.notna().to_numpy()
            numeric = (pd.to_numeric(xs, errors="coerce").notna() | pd.to_numeric(ys, errors="coerce").notna()).to_numpy()
            if (present & numeric).any():
                return True
        for name in ("values", "z"):
            values = getattr(trace, name, None)
            if values is not None and pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").notna().any():
                return True
    return False


def _checked(section: Section) -> Section:
    """A chart without data becomes one sentence; a table without rows is dropped (never exported empty)."""
    if section.chart is not None and not has_data(section.chart):
        section.chart = None
        section.omitted = section.omitted or f"{section.heading}: geen grafiek, want er zijn geen cijfers om te tekenen."
    if section.table is not None and section.table.empty:
        section.table = None
        section.omitted = section.omitted or f"{section.heading}: geen tabel, want er zijn geen cijfers."
    return section
