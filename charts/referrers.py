"""Who refers young people to youth care: the referrer split of a gemeente and its wijken against NL.

The data are the referrer counts of CBS *Jeugdzorg in natura per wijk* (one count per traject).
The share that comes through the gemeente's own toegang (wijkteam, loket) is the prevention side of
the chain: care that starts where the gemeente can still steer it.
"""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from charts import LINE_COLOURS
from formatting import fmt_nl

TOEGANG = "toegang"
PERIOD_DASH = {"heel jaar": "solid", "1e halfjaar": "dot"}
# the publication behind a point, for the hover text (source ids of warehouse/wijkdata.py)
TABLE = {"cbs_jz_wijken_2021_2022": "CBS 85075NED/85335NED (met KWB)", "cbs_jz_gemeenten_2022": "CBS gemeenten 2022",
         **{f"cbs_jz_wijken_{t}": f"CBS {t}" for t in ("82964NED", "83563NED", "83782NED", "84316NED", "84615NED",
                                                      "84856NED", "85685NED", "85990NED")}}


def split(df: pd.DataFrame) -> pd.DataFrame:
    """NL and gemeente rows, one row per area and referrer, with the share of trajecten."""
    return df[df["level"].isin(["land", "gemeente"])].copy()


def wijk_toegang(df: pd.DataFrame) -> pd.DataFrame:
    """One row per wijk: the toegang share where CBS published both counts, else the reason it has none."""
    w = df[(df["level"] == "wijk") & (df["key"] == TOEGANG)].copy()
    w["uitleg"] = [
        "" if pd.notna(p) else ("geheim (CBS: klein aantal)" if "secret" in (s, ts) else "geen gegevens")
        for p, s, ts in zip(w["pct"], w["status"], w["trajecten_status"])]
    return w[["code", "name", "value", "trajecten", "pct", "uitleg", "credit"]]


def share_of(df: pd.DataFrame, level: str, key: str = TOEGANG) -> float | None:
    """The share (%) of ``key`` for the row of ``level``, or None when there is none."""
    row = df[(df["level"] == level) & (df["key"] == key)]
    return None if row.empty or pd.isna(row["pct"].iloc[0]) else float(row["pct"].iloc[0])


def sentence(df: pd.DataFrame, naam: str, period: str) -> str:
    """The finding: the gemeente's toegang share against NL, in plain Dutch."""
    own, nl = share_of(df, "gemeente"), share_of(df, "land")
    if own is None:
        if nl is None:
            return f"Verwijzers naar jeugdzorg, {period}"
        return f"In Nederland kwam {fmt_nl(nl, 0)}% van de jeugdzorgtrajecten via de gemeentelijke toegang ({period})"
    if nl is None:
        return f"In {naam} kwam {fmt_nl(own, 0)}% van de trajecten via de gemeentelijke toegang ({period})"
    diff = own - nl
    comp = "evenveel als" if abs(diff) < 0.5 else (
        f"{fmt_nl(abs(diff), 0)} procentpunt {'meer' if diff > 0 else 'minder'} dan")
    return (f"In {naam} kwam {fmt_nl(own, 0)}% van de jeugdzorgtrajecten via de gemeentelijke toegang, "
            f"{comp} in Nederland ({fmt_nl(nl, 0)}%; {period})")


def split_chart(df: pd.DataFrame, naam: str, title: str) -> go.Figure:
    """Share of trajecten per referrer: the gemeente and NL side by side (horizontal bars)."""
    data = split(df).sort_values("pos", ascending=False)
    fig = go.Figure()
    for level, name, colour in (("land", "Nederland", LINE_COLOURS["NL"]), ("gemeente", naam, LINE_COLOURS["gemeente"])):
        part = data[data["level"] == level]
        if part["pct"].notna().any():
            fig.add_trace(go.Bar(
                y=part["referrer"], x=part["pct"], name=name, orientation="h", marker_color=colour,
                text=[f"{fmt_nl(p, 1)}%" if pd.notna(p) else "geheim" for p in part["pct"]], textposition="outside",
                hovertemplate="%{y}: %{text}<extra>" + html.escape(name) + "</extra>"))
    _layout(fig, title, height=420)
    fig.update_layout(barmode="group", xaxis_title="% van de jeugdzorgtrajecten", yaxis_title="")
    return fig


def wijk_chart(wijken: pd.DataFrame, gemeente_pct: float | None, nl_pct: float | None, title: str) -> go.Figure:
    """Toegang share per wijk (bars, highest on top), with the gemeente and NL as reference lines."""
    data = wijken[wijken["pct"].notna()].sort_values("pct")
    fig = go.Figure(go.Bar(y=data["name"], x=data["pct"], orientation="h", marker_color="#1b9e77",
                           text=[f"{fmt_nl(p, 0)}%" for p in data["pct"]], textposition="outside",
                           hovertemplate="%{y}: %{text} van de trajecten<extra></extra>", showlegend=False))
    for value, label, colour, dash in ((gemeente_pct, "gemeente", LINE_COLOURS["gemeente"], "solid"),
                                       (nl_pct, "Nederland", LINE_COLOURS["NL"], "dot")):
        if value is not None:
            fig.add_vline(x=value, line_color=colour, line_dash=dash,
                          annotation_text=f"{label} {fmt_nl(value, 0)}%", annotation_position="top")
    _layout(fig, title, height=max(320, 22 * len(data) + 120))
    fig.update_layout(xaxis_title="% van de trajecten via de gemeentelijke toegang", yaxis_title="")
    return fig


def trend_chart(trend: pd.DataFrame, title: str) -> go.Figure:
    """Toegang share over the years: one line per area and period kind; half years dotted, never joined to years."""
    fig = go.Figure()
    for (area, period), part in trend.groupby(["area", "period"], sort=False):
        is_nl = area == "Nederland"
        fig.add_trace(go.Scatter(
            x=part["year"].tolist(), y=part["value"].tolist(), name=f"{area}, {period}", mode="lines+markers",
            line={"color": LINE_COLOURS["NL" if is_nl else "gemeente"], "dash": PERIOD_DASH.get(period, "solid"),
                  "width": 2 if is_nl else 3},
            customdata=[f"{fmt_nl(v, 1)}% · {TABLE.get(src, src)}{' · afgeleid' if d else ''}"
                        for v, src, d in zip(part["value"], part["source_id"], part["is_derived"])],
            hovertemplate="%{x}: %{customdata}<extra>" + html.escape(f"{area}, {period}") + "</extra>"))
    _layout(fig, title, height=380)
    fig.update_layout(yaxis_title="% van de trajecten", yaxis_rangemode="tozero", xaxis={"dtick": 1, "title": ""})
    return fig


def _layout(fig: go.Figure, title: str, height: int) -> None:
    fig.update_layout(title={"text": title, "font": {"size": 16}}, separators=",.", height=height,
                      margin={"l": 10, "r": 30, "t": 60, "b": 10}, legend={"orientation": "h", "y": -0.15})
