"""Charts of the investment case: the cumulative result per band, and which assumption matters."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from formatting import euro, fmt_nl

BAND_COLOURS = {"laag": "#D55E00", "centraal": "#1b6a8a", "hoog": "#E69F00"}  # no red against green


def euro_ticks(values, n: int = 5) -> dict:
    """Ticks for a euro axis in Dutch ('€ 1,2 mln', '−€ 500.000', '€ 0') instead of plotly's SI suffix ('−1M').

    About ``n`` round steps (1, 2 or 5 × a power of ten) covering the values and 0; a dict for update_yaxes/xaxes.
    """
    numbers = [float(v) for v in values if v is not None and not math.isnan(float(v))] + [0.0]
    low, high = min(numbers), max(numbers)
    if high == low:
        return {"tickvals": [low], "ticktext": [euro(low)]}
    raw = (high - low) / n
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    ticks = [i * step for i in range(math.floor(low / step), math.ceil(high / step) + 1)]
    return {"tickvals": ticks, "ticktext": [euro(t) for t in ticks]}


def band_chart(bands: pd.DataFrame, title: str) -> go.Figure:
    """Cumulative net result (savings on jeugdhulp minus cost) per year, one line per band."""
    fig = go.Figure()
    for band in ("hoog", "centraal", "laag"):
        part = bands[bands["band"] == band]
        fig.add_trace(go.Scatter(x=part["jaar"], y=part["cumulatief"], name=f"effect {band}", mode="lines+markers",
                                 line={"color": BAND_COLOURS[band], "width": 3 if band == "centraal" else 2,
                                       "dash": "solid" if band == "centraal" else "dot"},
                                 customdata=[euro(v) for v in part["cumulatief"]],
                                 hovertemplate="jaar %{x}: %{customdata}<extra>" + band + "</extra>"))
    fig.add_hline(y=0, line_color="#333", line_width=1)
    fig.update_layout(title={"text": title, "font": {"size": 16}}, separators=",.", height=380,
                      margin={"l": 10, "r": 10, "t": 70, "b": 10}, yaxis_title="euro (cumulatief)",
                      xaxis={"title": "jaar na de start", "dtick": 1}, legend={"orientation": "h", "y": -0.2})
    fig.update_yaxes(**euro_ticks(bands["cumulatief"]))
    return fig


def tornado(sens: pd.DataFrame, title: str) -> go.Figure:
    """How much the result at the horizon moves when each assumption is set low or high."""
    data = sens.iloc[::-1]
    fig = go.Figure([
        go.Bar(y=data["aanname"], x=data["laag"], orientation="h", name="aanname laag", marker_color="#e59866",
               customdata=[euro(v) for v in data["laag"]], hovertemplate="%{y}: %{customdata}<extra></extra>"),
        go.Bar(y=data["aanname"], x=data["hoog"], orientation="h", name="aanname hoog", marker_color="#5dade2",
               customdata=[euro(v) for v in data["hoog"]], hovertemplate="%{y}: %{customdata}<extra></extra>"),
    ])
    fig.update_layout(title={"text": title, "font": {"size": 16}}, barmode="overlay", separators=",.", height=360,
                      margin={"l": 10, "r": 10, "t": 60, "b": 10}, xaxis_title="verschil met de centrale uitkomst (euro)",
                      legend={"orientation": "h", "y": -0.25})
    fig.update_xaxes(**euro_ticks(pd.concat([sens["laag"], sens["hoog"]])))
    return fig
