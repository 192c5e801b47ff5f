"""Real spending from CBS's Iv3 files: basis en toegang against specialist youth care, 7.1 as context.

One panel per group of taakvelden; in each, a bar per boekjaar and kind — begroot (hatched, what the
begroting planned) next to gerealiseerd (solid, what the jaarrekening shows) — with Nederland as a
black dash on each bar. Three ways to read it: per inwoner, per child 0-17 (an estimate), or in
euro. Input: the rows of the query iv3_spending_by_group.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from formatting import euro, fmt_nl

GROUPS = {"basis": "Basis en toegang<br>(6.1, 6.2 / 6.21–6.23)",
          "specialist": "Specialistische jeugdhulp en<br>jeugdbescherming (6.72–6.74, 6.82 / 6.75x–6.82x)",
          "context": "Ter vergelijking: volksgezondheid,<br>o.a. jeugdgezondheidszorg (7.1)"}
GROUP_WORDS = {"basis": "basis en toegang", "specialist": "specialistische jeugdhulp en jeugdbescherming",
               "context": "volksgezondheid (7.1)"}
GROUP_COLOURS = {"basis": "#1b9e77", "specialist": "#c0392b", "context": "#8c8c8c"}
KINDS = {"begroot": "begroot", "gerealiseerd": "gerealiseerd"}
MODES = {"per_inwoner": "Per inwoner", "per_kind": "Per kind van 0–17 jaar (schatting)",
         "lasten": "Totaal in euro"}
UNITS = {"per_inwoner": "euro per inwoner (inwoners op 1 januari van het boekjaar, CBS)",
         "per_kind": "euro per kind van 0–17 jaar (geschat uit KWB 0–14 jaar × 18/15; afgeleid)",
         "lasten": "euro (lasten)"}


def period_label(year: int, kind: str) -> str:
    """The axis label of a year and kind: '2023<br>gerealiseerd'."""
    return f"{year}<br>{KINDS[kind]}"


def _money(value: float, mode: str) -> str:
    return euro(value) if mode == "lasten" else f"€ {fmt_nl(value, 0)}"


def spending_sentence(df: pd.DataFrame, naam: str, mode: str) -> str:
    """The finding: specialist care against basis en toegang in the newest accounts, and against the plan."""
    own = df[(df["code"] != "NL00") & df[mode].notna()]
    if own.empty:
        return f"Uitgaven van {naam} volgens de Iv3-opgave"
    realised = own[own["kind"] == "gerealiseerd"]
    rows = realised if not realised.empty else own
    year = int(rows["year"].max())
    kind = "gerealiseerd" if not realised.empty else "begroot"
    this = rows[rows["year"] == year].set_index("groep")[mode]
    per = {"per_inwoner": " per inwoner", "per_kind": " per kind (0–17)", "lasten": ""}[mode]
    amounts = [(g, _money(this[g], mode)) for g in ("specialist", "basis") if g in this]
    if kind == "gerealiseerd":
        parts = [f"{a}{per if i == 0 else ''} {'uit ' if i == 0 else ''}aan {GROUP_WORDS[g]}"
                 for i, (g, a) in enumerate(amounts)]
        sentence = f"In {year} gaf {naam} " + " en ".join(parts)
    else:
        parts = [f"{a}{per if i == 0 else ''} voor {GROUP_WORDS[g]}" for i, (g, a) in enumerate(amounts)]
        sentence = f"Voor {year} begrootte {naam} " + " en ".join(parts)
    plan = own[(own["year"] == year) & (own["kind"] == "begroot")].set_index("groep")[mode]
    if kind == "gerealiseerd" and "specialist" in this and plan.get("specialist", 0) > 0:
        change = this["specialist"] / plan["specialist"] * 100 - 100
        if abs(change) >= 0.5:
            sentence += (f";<br>aan specialistische jeugdhulp {fmt_nl(abs(change), 0)}% "
                         f"{'meer' if change > 0 else 'minder'} dan begroot")
    return sentence


def spending_chart(df: pd.DataFrame, mode: str, title: str) -> go.Figure:
    """Bars per group (panel), boekjaar and kind, with Nederland as a dash where a relative mode allows it."""
    groups = [g for g in GROUPS if g in set(df["groep"])]
    fig = make_subplots(rows=1, cols=max(1, len(groups)), shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[GROUPS[g] for g in groups])
    periods = df[["year", "kind"]].drop_duplicates().sort_values(["year", "kind"])
    order = [period_label(y, k) for y, k in periods.itertuples(index=False)]
    own, nl = df[df["code"] != "NL00"], df[df["code"] == "NL00"]
    for col, groep in enumerate(groups, start=1):
        rows = own[own["groep"] == groep].sort_values(["year", "kind"])
        fig.add_trace(go.Bar(
            x=[period_label(y, k) for y, k in zip(rows["year"], rows["kind"])], y=rows[mode],
            name=GROUP_WORDS[groep], marker={"color": GROUP_COLOURS[groep],
                                             "pattern": {"shape": ["/" if k == "begroot" else "" for k in rows["kind"]],
                                                         "fillmode": "replace", "fgcolor": GROUP_COLOURS[groep],
                                                         "bgcolor": "white"},
                                             "line": {"color": GROUP_COLOURS[groep], "width": 1.5}},
            text=[_money(v, mode) for v in rows[mode]], textposition="outside", cliponaxis=False,
            showlegend=False), row=1, col=col)
        if mode != "lasten":
            ref = nl[nl["groep"] == groep].sort_values(["year", "kind"])
            fig.add_trace(go.Scatter(
                x=[period_label(y, k) for y, k in zip(ref["year"], ref["kind"])], y=ref[mode], mode="markers",
                name="Nederland", marker={"symbol": "line-ew", "size": 34, "line": {"width": 3, "color": "#222"}},
                showlegend=col == 1, hovertemplate="Nederland: € %{y:,.0f}<extra></extra>"), row=1, col=col)
    fig.update_xaxes(categoryorder="array", categoryarray=order, tickangle=0)
    fig.update_yaxes(rangemode="tozero", title_text="", row=1, col=1)
    fig.update_layout(title={"text": title, "font": {"size": 16}, "x": 0, "xanchor": "left", "y": 0.97},
                      separators=",.", height=500, bargap=0.25, margin={"l": 60, "r": 10, "t": 130, "b": 40},
                      legend={"orientation": "h", "y": -0.2, "yanchor": "top", "x": 0})
    fig.update_annotations(font={"size": 12})
    return fig
