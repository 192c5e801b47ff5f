"""Prevention against specialist care over time: one view of both ends of the chain.

Three ways to read the same series: indexed to a base year (everything on one axis, the view
the position paper asks for), per 1,000 children 0-14 (counts and euros made comparable between
gemeenten), or absolute (one small panel per indicator, each with its own unit).
"""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from formatting import fmt_nl

THEME_COLOURS = {"specialistische zorg": "#D55E00", "preventie": "#0072B2", "signalen": "#CC79A7",
                 "uitgaven": "#6b6b6b"}
MODES = {"index": "Index (basisjaar = 100)", "per1000": "Per 1.000 kinderen (0–14 jaar)", "absoluut": "Absoluut"}
DEFAULT_SERIES = ["jeugdzorg_pct", "kinderwerk_bereik_pct", "signalen_basis_pct", "uitgaven_preventie",
                  "uitgaven_jeugdhulp"]


def indexed(df: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Each series as an index: 100 in the base year; series without a base-year value are left out."""
    values = df[df["status"] == "value"]
    base = values[values["year"] == base_year].set_index("indicator_id")["value"]
    out = values[values["indicator_id"].isin(base.index[base > 0])].copy()
    out["index"] = out["value"] / out["indicator_id"].map(base).astype(float) * 100  # float even when empty
    return out


def change_sentence(df: pd.DataFrame, base_year: int, naam: str) -> str:
    """The finding in plain Dutch: how prevention and specialist care moved since the base year."""
    idx = indexed(df, base_year)
    if idx.empty:
        return f"Preventie en zorg in {naam}"
    last_year = int(idx["year"].max())
    last = idx[idx["year"] == last_year].set_index("indicator_id")["index"]

    def part(indicator: str, words: str) -> str | None:
        if indicator not in last.index:
            return None
        change = last[indicator] - 100
        verb = "groeide" if change > 0.5 else ("daalde" if change < -0.5 else "bleef gelijk")
        amount = f" met {fmt_nl(abs(change), 0)}%" if verb != "bleef gelijk" else ""
        return f"{words} {verb}{amount}"

    parts = [p for p in (part("kinderwerk_bereik_pct", "het bereik van het kinderwerk"),
                         part("jeugdzorg_pct", "het aandeel jongeren met jeugdzorg")) if p]
    if not parts:
        return f"Preventie en zorg in {naam}, {base_year}–{last_year}"
    return f"Sinds {base_year} {'<br>en '.join(parts)} ({naam}, t/m {last_year})"


def prevention_chart(df: pd.DataFrame, mode: str, base_year: int, breaks: pd.DataFrame, title: str) -> go.Figure:
    """The chosen series over the years in the chosen mode, with trend breaks marked."""
    values = df[df["status"] == "value"]
    if mode == "index":
        data, y, y_title = split_publications(indexed(values, base_year)), "index", f"index ({base_year} = 100)"
        fig = px.line(data, x="year", y=y, color="label_nl", markers=True,
                      color_discrete_sequence=px.colors.qualitative.Dark2)
        fig.add_hline(y=100, line_dash="dot", line_color="#999")
        fig.update_layout(yaxis_title=y_title, legend_title_text="", height=440)
    else:
        column = "per_1000_kinderen" if mode == "per1000" else "value"
        data = split_publications(values[values[column].notna()])
        fig = px.line(data, x="year", y=column, facet_col="label_nl", facet_col_wrap=2, markers=True,
                      color="theme", color_discrete_map=THEME_COLOURS, facet_row_spacing=0.12)
        fig.update_yaxes(matches=None, showticklabels=True, title_text="", rangemode="tozero")
        fig.for_each_annotation(lambda a: a.update(text=a.text.split("=", 1)[-1]))
        rows = max(1, -(-data["label_nl"].nunique() // 2))
        fig.update_layout(height=240 * rows + 80, showlegend=False)
    for trace in fig.data:  # a line never joins two publications (e.g. 82972NED → 85098NED in 2021)
        trace.connectgaps = False
    for year, label in break_marks(breaks, data):
        fig.add_vline(x=year - 0.5, line_dash="dash", line_color="#b08900")
        fig.add_annotation(x=year - 0.5, y=1.02, yref="paper", text=label, showarrow=False,
                           font={"size": 10, "color": "#8a6d00"},  # the label stays inside the plot
                           xanchor="left" if year - 0.5 < data["year"].mean() else "right")
    fig.update_layout(title={"text": title, "font": {"size": 16}}, separators=",.",
                      margin={"l": 10, "r": 10, "t": 70, "b": 10}, hovermode="x unified",
                      legend={"orientation": "h", "y": -0.15})
    fig.update_xaxes(dtick=1, title_text="")
    if not data.empty:  # the plotted years only (a long break label must not stretch the axis)
        fig.update_xaxes(range=[data["year"].min() - 0.5, data["year"].max() + 0.5])
    return fig


def split_publications(data: pd.DataFrame) -> pd.DataFrame:
    """An empty point between two years of one series that come from different publications (credit).

    Plotted, the series then has a gap there: the line never splices two CBS tables unmarked.
    """
    if "credit" not in data.columns or data.empty:
        return data
    d = data.sort_values(["indicator_id", "year"])
    change = (d["indicator_id"] == d["indicator_id"].shift()) & (d["credit"] != d["credit"].shift())
    if not change.any():
        return data
    gaps = d[change].copy()
    gaps["year"] = gaps["year"] - 0.5
    for column in ("value", "index", "per_1000_kinderen"):
        if column in gaps.columns:
            gaps[column] = float("nan")
    return pd.concat([d, gaps]).sort_values(["indicator_id", "year"], kind="stable").reset_index(drop=True)


def break_marks(breaks: pd.DataFrame, data: pd.DataFrame) -> list[tuple[int, str]]:
    """Breaks inside the plotted years that touch a plotted theme, one label per year."""
    if breaks.empty or data.empty:
        return []
    themes = set(data["theme"]) | {"alle"}
    inside = breaks[breaks["year"].between(data["year"].min() + 1, data["year"].max()) & breaks["theme"].isin(themes)]
    return [(int(y), "; ".join(g["label_nl"])) for y, g in inside.groupby("year")]
