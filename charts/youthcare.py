"""Youth care 2015–2024 from the CBS gebruik tables: two series with a break, and half years apart.

The old series (84134NED, 2015–2020) and the new one (85099NED, from 2021) are drawn as separate
lines that never join; the first half years (Jan–Jun, 2021–2024) are their own dotted line, so a
half year is never read as a year. The gemeente is solid, Nederland grey; the hover names the
publication of every point.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.funnel import outside_spread
from formatting import euro, fmt_nl

SERIES = {"jeugdzorg_reeks2015_pct": ("reeks 2015–2020", "solid"), "jeugdzorg_reeks2021_pct": ("reeks vanaf 2021", "solid"),
          "jeugdzorg_hj1_pct": ("1e halfjaar (jan–jun)", "dot")}
COLOURS = {"gemeente": "#c0392b", "NL00": "#8a8a8a", "GROEP": "#0072B2"}  # GROEP: the comparison group


def youthcare_sentence(df: pd.DataFrame, code: str, naam: str) -> str:
    """The finding: the share in the last full year against NL, and the change within the new series.

    'hoger/lager dan Nederland' only outside the random-effects funnel (analysis/funnel.py: beyond chance and
    the ordinary spread between gemeenten, as on Overzicht); without group sizes the NL figure is given
    without a verdict.
    """
    v = df[(df["status"] == "value") & (df["indicator_id"] == "jeugdzorg_reeks2021_pct")]
    own, nl = v[v["code"] == code].set_index("year"), v[v["code"] == "NL00"].set_index("year")
    if own.empty:
        return f"Jeugdzorg in {naam}: geen cijfer in de CBS-reeks vanaf 2021"
    last, first = int(own.index.max()), int(own.index.min())
    value = own.at[last, "value"]
    if last not in nl.index:
        against = ""
    elif "jongeren" not in v.columns:
        against = f" (Nederland: {fmt_nl(nl.at[last, 'value'], 1)}%)"
    elif side := outside_spread(value, own.at[last, "jongeren"], nl.at[last, "value"]):
        word = "duidelijk hoger dan" if side > 0 else "duidelijk lager dan"
        against = f", {word} Nederland ({fmt_nl(nl.at[last, 'value'], 1)}%)"
    else:
        against = (f", binnen de gewone spreiding tussen gemeenten rond Nederland "
                   f"({fmt_nl(nl.at[last, 'value'], 1)}%)")
    since = f"; in {first} was het {fmt_nl(own.at[first, 'value'], 1)}%" if first != last else ""
    return f"In {last} kreeg {fmt_nl(value, 1)}% van de jongeren in {naam} jeugdzorg{against}{since}"


def youthcare_chart(df: pd.DataFrame, code: str, naam: str, title: str, group_name: str = "Vergelijkingsgroep"
                    ) -> go.Figure:
    """One line per area and series; a dashed line where CBS changed its series (2021).

    Rows with code 'GROEP' (query youthcare_trend_group) are the comparison group, named ``group_name``.
    """
    fig = go.Figure()
    values = df[df["status"] == "value"]
    for (area, indicator), part in values.groupby(["code", "indicator_id"], sort=False):
        label, dash = SERIES[indicator]
        who = naam if area == code else {"NL00": "Nederland", "GROEP": group_name}.get(area, area)
        fig.add_trace(go.Scatter(
            x=part["year"], y=part["value"], mode="lines+markers", name=f"{who}, {label}",
            line={"color": COLOURS.get(area, COLOURS["gemeente"]), "dash": dash,
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


# --- Kosten jeugdzorg (83454NED): begroot against gerealiseerd, a gap stays a gap ------------------
COST_COLOURS = {"begroot": "#9bb7d4", "gerealiseerd": "#1f4e79"}


def _years_text(years: list[int]) -> str:
    """[2016, 2017, 2018, 2020] -> '2016–2018 en 2020'."""
    runs, start = [], None
    for i, y in enumerate(years):
        start = y if start is None else start
        if i + 1 == len(years) or years[i + 1] != y + 1:
            runs.append(str(y) if start == y else f"{start}–{y}")
            start = None
    return runs[0] if len(runs) == 1 else ", ".join(runs[:-1]) + " en " + runs[-1]


def cost_gaps(df: pd.DataFrame) -> str:
    """Which years have no figure, per kind, in words: 'Geen cijfer aangeleverd: begroot 2015–2022; …'."""
    parts = []
    for kind in ("begroot", "gerealiseerd"):
        years = sorted(int(y) for y in df.loc[(df["soort"] == kind) & (df["status"] != "value"), "year"])
        if years:
            parts.append(f"{kind} {_years_text(years)}")
    return ("Geen cijfer aangeleverd aan CBS (een gat, geen nul): " + "; ".join(parts) + ".") if parts else ""


def cost_title(df: pd.DataFrame, naam: str) -> str:
    """The finding: realised costs in the newest year with a figure, against the first, and the budget then."""
    real = df[(df["soort"] == "gerealiseerd") & (df["status"] == "value")].sort_values("year")
    if real.empty:
        return f"Kosten jeugdzorg in {naam}: alleen begrote bedragen aangeleverd"
    last = real.iloc[-1]
    budget = df[(df["soort"] == "begroot") & (df["year"] == last["year"]) & (df["status"] == "value")]
    then = f" (begroot: {euro(budget['value'].iloc[0])})" if not budget.empty else ""
    if len(real) == 1:
        return f"Kosten jeugdzorg in {naam}: {euro(last['value'])} in {int(last['year'])}{then}"
    first = real.iloc[0]
    return (f"Kosten jeugdzorg in {naam}: van {euro(first['value'])} ({int(first['year'])}) naar "
            f"{euro(last['value'])} in {int(last['year'])}{then}")


def cost_chart(df: pd.DataFrame, title: str) -> go.Figure:
    """Bars per year, begroot next to gerealiseerd; a year without a figure has no bar and says so."""
    fig = go.Figure()
    for kind in ("begroot", "gerealiseerd"):
        part = df[(df["soort"] == kind) & (df["status"] == "value")]
        fig.add_trace(go.Bar(x=part["year"], y=part["value"] / 1e6, name=kind, marker_color=COST_COLOURS[kind],
                             customdata=[euro(v) for v in part["value"]],
                             hovertemplate=f"{kind} %{{x}}: %{{customdata}}<extra></extra>"))
    empty = sorted(set(df["year"]) - set(df.loc[df["status"] == "value", "year"]))
    for year in empty:
        fig.add_annotation(x=year, y=0, yref="y", text="geen<br>cijfer", showarrow=False, yshift=18,
                           font={"size": 10, "color": "#6b6b6b"})
    fig.update_layout(title={"text": title, "font": {"size": 16}}, barmode="group", separators=",.", height=380,
                      margin={"l": 10, "r": 10, "t": 60, "b": 10}, legend={"orientation": "h", "y": -0.15},
                      yaxis_title="miljoen euro", yaxis_rangemode="tozero")
    fig.update_xaxes(dtick=1, title_text="", range=[df["year"].min() - 0.6, df["year"].max() + 0.6])
    return fig
