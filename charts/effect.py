"""Werkt het? (issue 21): the event-time chart of the effect evaluation.

DataFrame in (``EffectEstimate.by_year``), figure out.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

UNIT = ("verandering in het aantal jongeren met jeugdzorg tegenover vergelijkbare wijken (%), per jaar sinds "
        "de start van kinderwerk (0 = startjaar), met 95%-interval")
CREDITS = ("Bron: CBS, Jeugdzorg in natura per wijk; kinderwerk: registratie van de organisatie; "
           "schatting: eigen berekening (imputatieschatter, analysis/effect.py)")
COLOURS = {"voor": "#7a7a7a", "na": "#0072b2"}  # Okabe & Ito blue against grey
NAMES = {"voor": "vóór de start (toets: hoort 0 te zijn)", "na": "na de start"}


def event_chart(by_year: pd.DataFrame, title: str) -> go.Figure:
    """Estimate per year since the start with its 95% interval; the years before the start in grey."""
    fig = go.Figure()
    for kind in ("voor", "na"):
        d = by_year[by_year["kind"] == kind]
        if d.empty:
            continue
        fig.add_trace(go.Scatter(
            x=d["event_time"], y=d["estimate"] * 100, mode="markers", name=NAMES[kind],
            marker={"color": COLOURS[kind], "size": 10, "symbol": "circle" if kind == "na" else "diamond"},
            error_y={"type": "data", "symmetric": False, "array": (d["upper"] - d["estimate"]) * 100,
                     "arrayminus": (d["estimate"] - d["lower"]) * 100, "color": COLOURS[kind]},
            customdata=d["n_units"],
            hovertemplate="jaar %{x} t.o.v. start: %{y:.1f}%<br>%{customdata} wijken<extra></extra>"))
    fig.add_hline(y=0, line={"color": "#333", "width": 1})
    fig.add_vline(x=-0.5, line={"color": "#333", "width": 1, "dash": "dot"},
                  annotation_text="start kinderwerk", annotation_position="top right")
    fig.update_layout(title=title, separators=",.", height=420, margin={"t": 90, "b": 50},
                      xaxis={"title": "jaren sinds de start (0 = startjaar)", "dtick": 1,
                             "range": [min(by_year["event_time"].min(), -1) - 0.6, by_year["event_time"].max() + 0.6]},
                      yaxis={"title": "verschil (%)", "ticksuffix": "%"},
                      legend={"orientation": "h", "y": -0.2})
    return fig


def chart_data(by_year: pd.DataFrame) -> pd.DataFrame:
    """The chart's data with Dutch column names, for the table and the download."""
    return pd.DataFrame({
        "jaar sinds start": by_year["event_time"].astype(int),
        "periode": by_year["kind"].map({"voor": "vóór de start", "na": "na de start"}),
        "verschil (%)": (by_year["estimate"] * 100).round(1),
        "ondergrens 95% (%)": (by_year["lower"] * 100).round(1),
        "bovengrens 95% (%)": (by_year["upper"] * 100).round(1),
        "wijken": by_year["n_units"].astype(int),
    })


def dose_table(dose: pd.DataFrame) -> pd.DataFrame:
    """The dose view as a Dutch table: per half, the reach and the change with its 95% interval."""
    def pct(v: float) -> str:
        return "–" if pd.isna(v) else f"{v * 100:+.0f}%".replace("-", "−")
    return pd.DataFrame({
        "wijken met": dose["groep"],
        "bereik (mediaan, % kinderen 4–14)": [f"{v * 100:.0f}%" for v in dose["bereik"]],
        "verandering jeugdzorg": [pct(v) for v in dose["relative"]],
        "95%-interval": [f"{pct(lo)} tot {pct(hi)}" for lo, hi in zip(dose["lower"], dose["upper"])],
        "wijken": dose["n_treated"].astype(int),
    })
