"""Text alternatives for charts (WCAG 1.1.1): one sentence on what a figure shows, and its table.

Pure: a plotly figure and its data in, Dutch text or a DataFrame of text out. ``ui.chart_block``
puts the sentence above every chart and the table under it, so a screen reader (or anyone who
prefers numbers to shapes) gets the same information as the picture.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from formatting import fmt_nl

MAX_TABLE_ROWS = 400  # beyond this the table is a download, not a page element


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _decimals(values: list[float]) -> int:
    return 0 if all(abs(v - round(v)) < 1e-9 for v in values) else 1


def _label(value) -> str:
    """An axis label as text: a year as it is, another number in Dutch notation (214.715)."""
    number = _number(value)
    if number is None or isinstance(value, str):
        return str(value)
    if number.is_integer() and 1900 <= number <= 2100:
        return str(int(number))
    return fmt_nl(number, 0 if number.is_integer() or abs(number) >= 100 else 1)


def chart_summary(fig, unit: str) -> str:
    """One Dutch sentence: the title (the finding), how many series, and the highest and lowest value."""
    title = re.sub(r"<[^>]+>", " ", (fig.layout.title.text or "")).strip()
    title = re.sub(r"\s+", " ", title).rstrip(".")
    points: list[tuple[float, str, str]] = []  # (value, label, series)
    series = 0
    for trace in fig.data:
        if trace.type not in ("bar", "scatter", "scattergl") or getattr(trace, "showlegend", True) is False \
                and not trace.name:
            continue
        horizontal = getattr(trace, "orientation", None) == "h"
        values, labels = (trace.x, trace.y) if horizontal else (trace.y, trace.x)
        if values is None:
            continue
        labels = list(labels) if labels is not None else [""] * len(values)
        found = [(n, _label(lab), trace.name or "") for v, lab in zip(values, labels)
                 if (n := _number(v)) is not None]
        if found:
            series += 1
            points += found
    sentence = title or "Grafiek"
    if points:
        high, low = max(points), min(points)
        d = 0 if all(abs(p[0]) >= 1000 for p in points) else _decimals([p[0] for p in points])  # euro: no cents

        def where(point: tuple[float, str, str]) -> str:
            return point[1] + (f", {point[2]}" if point[2] and series > 1 else "")
        what = f"{series} reeksen" if series > 1 else "één reeks"
        sentence += (f": {what}; hoogste waarde {fmt_nl(high[0], d)} ({where(high)}), laagste "
                     f"{fmt_nl(low[0], d)} ({where(low)}), in {unit}")
    return sentence + "; de cijfers staan in de tabel bij de grafiek."


def chart_table(data: pd.DataFrame) -> pd.DataFrame:
    """The data behind a chart as Dutch text cells (1.234,5; '–' for none), at most MAX_TABLE_ROWS rows."""
    shown = data.head(MAX_TABLE_ROWS).copy()
    for col in shown.columns:
        values = shown[col]
        if pd.api.types.is_bool_dtype(values):
            shown[col] = np.where(values, "ja", "nee")
        elif pd.api.types.is_numeric_dtype(values):
            present = [float(v) for v in values.dropna()]
            d = 0 if _decimals(present) == 0 else 2 if any(abs(v) < 10 for v in present) else 1
            shown[col] = [fmt_nl(v, d) for v in values]
        else:
            shown[col] = values.astype("string").fillna("–")
    shown.columns = [str(c).replace("_", " ") for c in shown.columns]
    return shown.reset_index(drop=True)
