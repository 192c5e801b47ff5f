"""Expected use (issue 11): observed youth care per wijk against what its population explains.

DataFrame in (the rows of ``queries/expected_by_wijk.sql``), figure or Dutch text out.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.peers import dutch_list
from formatting import fmt_nl

UNIT = "% van jongeren 0–22 jaar met jeugdzorg; verwacht met 95%-interval"
CREDITS = ("Bron: CBS, Kerncijfers wijken en buurten en Jeugdzorg per wijk; verwachting: eigen berekening "
           "(multilevelmodel, zie Over de data)")
CAVEAT = ("Een verschil is een reden om beter te kijken, geen oordeel over beleid: het wijst op iets wat het "
          "model niet ziet — zoals het aanbod in de wijk, wachtlijsten, hoe de toegang werkt of wat de cijfers "
          "niet meten.")
COLOURS = {"meer dan verwacht": "#b2182b", "minder dan verwacht": "#2166ac", "binnen verwachting": "#7a7a7a"}


def _pct(value: float) -> str:
    return f"{fmt_nl(value, 1)}%"


def verdict_sentence(rows: pd.DataFrame, naam: str, year: int) -> str:
    """In plain Dutch: which wijken have more or less youth care than their population explains."""
    known = rows[rows["verdict"].notna()]
    if known.empty:
        return (f"Voor geen enkele wijk van {naam} is het aandeel jongeren met jeugdzorg in {year} bekend, "
                "dus is er niets te vergelijken met de verwachting.")
    more = known.loc[known["verdict"] == "meer dan verwacht", "name"].tolist()
    less = known.loc[known["verdict"] == "minder dan verwacht", "name"].tolist()
    parts = []
    if more:
        parts.append(f"{dutch_list(more)} {'heeft' if len(more) == 1 else 'hebben'} meer jeugdzorg dan de "
                     "bevolking verklaart")
    if less:
        parts.append(f"{dutch_list(less)} {'heeft' if len(less) == 1 else 'hebben'} minder jeugdzorg dan verwacht")
    if not parts:
        return (f"In {year} ligt het aandeel jongeren met jeugdzorg in alle {len(known)} wijken van {naam} met een "
                "cijfer binnen wat hun bevolking en gemeente doen verwachten.")
    return (f"In {year}: " + "; ".join(parts) + f" (buiten het 95%-interval; {len(known)} wijken met een cijfer).")


def expected_chart(rows: pd.DataFrame, title: str) -> go.Figure:
    """Per wijk: the expected share with its 95% interval (grey bar) and the observed share (dot)."""
    known = rows.sort_values("expected")
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=known["expected"], y=known["name"], mode="markers", name="verwacht (met 95%-interval)",
        marker={"symbol": "line-ns-open", "size": 14, "color": "#555"},
        error_x={"type": "data", "symmetric": False, "array": known["upper"] - known["expected"],
                 "arrayminus": known["expected"] - known["lower"], "color": "#bbb", "thickness": 6, "width": 0},
        customdata=[[_pct(lo), _pct(hi)] for lo, hi in zip(known["lower"], known["upper"])],
        hovertemplate="%{y}: verwacht %{x:.1f}% (%{customdata[0]} – %{customdata[1]})<extra></extra>"))
    for verdict, colour in COLOURS.items():
        part = known[known["verdict"] == verdict]
        if not part.empty:
            fig.add_trace(go.Scatter(x=part["observed"], y=part["name"], mode="markers", name=f"waargenomen: {verdict}",
                                     marker={"size": 10, "color": colour},
                                     hovertemplate="%{y}: waargenomen %{x:.1f}%<extra></extra>"))
    fig.update_layout(title=title, height=max(260, 28 * len(known) + 120), margin={"l": 10, "r": 10, "t": 60, "b": 40},
                      xaxis_title="% jongeren met jeugdzorg", legend={"orientation": "h", "y": -0.15},
                      separators=",.")
    return fig


def chart_data(rows: pd.DataFrame) -> pd.DataFrame:
    """The download behind the chart, with Dutch column names."""
    return rows[["code", "name", "observed", "expected", "lower", "upper", "expected_national", "residual",
                 "verdict", "imputed"]].rename(columns={
        "code": "wijkcode", "name": "wijk", "observed": "waargenomen_pct", "expected": "verwacht_pct",
        "lower": "ondergrens_95", "upper": "bovengrens_95", "expected_national": "verwacht_landelijk_pct",
        "residual": "verschil_procentpunt", "verdict": "oordeel", "imputed": "kenmerken_aangevuld"})
