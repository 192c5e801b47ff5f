"""Youth care 2015–2024 from the CBS gebruik tables: two series with a break, and half years apart.

The old series (84134NED, 2015–2020) and the new one (85099NED, from 2021) are drawn as separate
lines that never join; the first half years (Jan–Jun, 2021–2024) are their own dotted line, so a
half year is never read as a year. The gemeente is solid, Nederland grey; the hover names the
publication of every point.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from formatting import fmt_nl

SERIES = {"jeugdzorg_reeks2015_pct": ("reeks 2015–2020", "solid"), "jeugdzorg_reeks2021_pct": ("reeks vanaf 2021", "solid"),
          "jeugdzorg_hj1_pct": ("1e halfjaar (jan–jun)", "dot")}
COLOURS = {"gemeente": "#c0392b", "NL00": "#8a8a8a"}


def youthcare_sentence(df: pd.DataFrame, code: str, naam: str) -> str:
    """The finding: the share in the last full year against NL, and the change within the new series."""
    v = df[(df["status"] == "value") & (df["indicator_id"] == "jeugdzorg_reeks2021_pct")]
    own, nl = v[v["code"] == code].set_index("year")["value"], v[v["code"] == "NL00"].set_index("year")["value"]
    if own.empty:
        return f"Jeugdzorg in {naam}: geen cijfer in de CBS-reeks vanaf 2021"
    last, first = int(own.index.max()), int(own.index.min())
    word = "hoger dan" if own[last] > nl.get(last, own[last]) + 0.05 else (
        "lager dan" if own[last] < nl.get(last, own[last]) - 0.05 else "gelijk aan")
    return (f"In {last} kreeg {fmt_nl(own[last], 1)}% van de jongeren in {naam} jeugdzorg, {word} Nederland "
            f"({fmt_nl(nl.get(last), 1)}%); in {first} was het {fmt_nl(own[first], 1)}%")


def youthcare_chart(df: pd.DataFrame, code: str, naam: str, title: str) -> go.Figure:
    """One line per area and series; a dashed line where CBS changed its series (2021)."""
    fig = go.Figure()
    values = df[df["status"] == "value"]
    for (area, indicator), part in values.groupby(["code", "indicator_id"], sort=False):
        label, dash = SERIES[indicator]
        who = naam if area == code else "Nederland"
        fig.add_trace(go.Scatter(
            x=part["year"], y=part["value"], mode="lines+markers", name=f"{who}, {label}",
            line={"color": COLOURS["NL00" if area == "NL00" else "gemeente"], "dash": dash,
                  "width": 3 if area == code else 2},
            customdata=part[["publicatie"]], legendgroup=who,
            hovertemplate=f"{who}, {label}<br>%{{x}}: %{{y:.1f}}%<br>%{{customdata[0]}}<extra></extra>"))
    if values["year"].min() <= 2020 < values["year"].max():
        fig.add_vline(x=2020.5, line_dash="dash", line_color="#b08900")
        fig.add_annotation(x=2020.5, y=1.02, yref="paper", showarrow=False, xanchor="left",
                           text="Breuk: nieuwe CBS-reeks", font={"size": 10, "color": "#8a6d00"})
    fig.update_layout(title={"text": title, "font": {"size": 16}}, separators=",.", height=420,
                      margin={"l": 10, "r": 10, "t": 70, "b": 10}, legend={"orientation": "h", "y": -0.15},
                      yaxis_title="% van jongeren tot 23 jaar", yaxis_rangemode="tozero")
    fig.update_xaxes(dtick=1, title_text="")
    return fig
