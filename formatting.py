"""Dutch number and unit format, for every figure the dashboard shows: charts, pages, exports, reports.

One job: how a number reads. 1234.5 -> '1.234,5'; halves round up as people do; a unit after the number ('11,7%', '42 per 1.000
inwoners', '€ 1,2 mln'); and the words for a figure that is not shown (geheim, klein aantal, geen
gegevens).

May import: ``settings`` only (the privacy threshold, for '<5'); never Streamlit or DuckDB, so every
room may use it.
"""
from __future__ import annotations

import functools
import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from settings import min_count


def fmt_nl(value: float | None, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5'; halves round up as people do (62,5 -> 63). None or NaN -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    return _fmt_number(float(value), int(decimals))


@functools.lru_cache(maxsize=1 << 16)
def _fmt_number(value: float, decimals: int) -> str:
    """fmt_nl of a number, remembered: a page formats the same thousands of cells on every rerun, and the
    Decimal rounding that makes halves round up is the slow part."""
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no '-0,0'
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_value(value: float | None, unit: str, decimals: int) -> str:
    """A figure with its unit, Dutch style: '11,7%', '42 per 1.000 inwoners', '226.500'."""
    number = fmt_nl(value, decimals)
    if number == "–":
        return number
    if unit.startswith("%"):
        return f"{number}%"
    if unit == "aantal":
        return number
    if unit.startswith("×"):
        return f"€ {number} × 1.000" if "euro" in unit else f"{number} {unit}"
    return f"{number} {unit}"


def short_value(value: float | None, unit: str, decimals: int) -> str:
    """A figure short enough for a metric tile; the unit goes in the label: '11,7%', '€ 42,6 mln'."""
    if value is None or pd.isna(value):
        return "–"
    if unit.startswith("%"):
        return f"{fmt_nl(value, decimals)}%"
    if unit == "× 1.000 euro":
        return f"€ {fmt_nl(value * 1000, 0)}"
    if unit == "euro":
        return f"€ {fmt_nl(value / 1e6, 1)} mln" if abs(value) >= 1e6 else f"€ {fmt_nl(value, 0)}"
    return fmt_nl(value, decimals)


def status_text(status: str, unit: str = "") -> str:
    """Why a figure is not shown: CBS kept it secret, it is too small to show, or there is none."""
    if status == "suppressed":
        return "niet getoond (klein aantal)" if unit.startswith("%") else f"<{min_count()}"
    return {"secret": "geheim (CBS)", "missing": "geen gegevens"}.get(status, "")


def euro(value: float) -> str:
    """'€ 1,2 mln', '€ 310.000', '−€ 45.000'."""
    sign = "−" if value < 0 else ""
    value = abs(value)
    return f"{sign}€ {fmt_nl(value / 1e6, 1)} mln" if value >= 1e6 else f"{sign}€ {fmt_nl(value, 0)}"
