"""Figures and findings for the Signalen page: DataFrame in (as run_query returns it, small
figures already hidden), figure, table or title out. No SQL, no Streamlit calls.

Outcomes are coloured by what happened: greens for the two outcomes handled in the basis
(orgdata/contract.py HANDLED_IN_BASIS), orange to red for the referrals. Bars and the flow sum
only the cells that may be shown; a hidden cell is left out, never estimated.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts import LINE_COLOURS
from formatting import fmt_nl, status_text
from settings import min_count
from orgdata.contract import HANDLED_IN_BASIS, SIGNAL_CATEGORIES, SIGNAL_OUTCOMES

OUTCOME_COLOURS = dict(zip(SIGNAL_OUTCOMES, ["#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#882255"]))  # CVD-safe
CATEGORY_COLOURS = dict(zip(SIGNAL_CATEGORIES, ["#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#009E73",
                                                "#D55E00", "#6b6b6b"]))  # Okabe & Ito: CVD-safe
OTHER_COLOUR = "#b0b0b0"
CATEGORY_NODE = "#6f8496"
SIDE = {True: "in de basis", False: "doorverwezen"}
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
HIDDEN_NOTE = ("Elk aantal is per wijk, maand, soort en uitkomst afgerond op een veelvoud van {n} voordat het wordt "
               "opgeteld (zie Over de data), zodat geen combinatie van tabellen een klein aantal verraadt; wat daarna "
               "nog klein is, is weggelaten. Staven, stromen en totalen kunnen daardoor iets afwijken van de "
               "registratie.")
WIJK_NOTE = ("<{n} = minder dan {n} signalen, of verborgen zodat een klein aantal niet uit het totaal terug te "
             "rekenen is; bij een verborgen aantal tonen we ook het aandeel niet.")


def _ordered(values, known: list[str]) -> list[str]:
    """Values in the contract's order; labels the contract does not know go last, alphabetically."""
    present = set(values)
    return [v for v in known if v in present] + sorted(present - set(known))


def _pct(value: float) -> str:
    return f"{fmt_nl(value, 0)}%"


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(title={"text": title, "font": {"size": 16}}, separators=",.", height=height,
                      margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return fig


# --- data behind the bars --------------------------------------------------------------------

def yearly_bars(cells: pd.DataFrame, by: str) -> pd.DataFrame:
    """Shown signals per year and category (by='categorie') or outcome: periode, groep, signalen."""
    col = "category" if by == "categorie" else "outcome"
    shown = cells[cells["status"] == "value"]
    out = shown.groupby(["year", col], as_index=False)["value"].sum()
    return pd.DataFrame({"periode": out["year"].astype(str), "groep": out[col], "signalen": out["value"]})


def monthly_bars(monthly: pd.DataFrame, by: str) -> pd.DataFrame:
    """Shown signals per month of one year: periode ('jan' …), groep, signalen."""
    shown = monthly[(monthly["dimension"] == by) & (monthly["status"] == "value")]
    months = pd.to_datetime(shown["month"]).dt.month
    return pd.DataFrame({"periode": [MONTHS[m - 1] for m in months], "groep": shown["label"].to_numpy(),
                         "signalen": shown["value"].to_numpy()})


def signal_bars(bars: pd.DataFrame, by: str, title: str, periods: list[str]) -> go.Figure:
    """Stacked bars: one segment per category or outcome; outcomes grouped in basis / doorverwezen."""
    colours, known = (OUTCOME_COLOURS, SIGNAL_OUTCOMES) if by == "uitkomst" else (CATEGORY_COLOURS, SIGNAL_CATEGORIES)
    fig = go.Figure()
    for groep in _ordered(bars["groep"], known):
        part = bars[bars["groep"] == groep]
        side = {}
        if by == "uitkomst":
            in_basis = groep in HANDLED_IN_BASIS
            side = {"legendgroup": SIDE[in_basis], "legendgrouptitle_text": SIDE[in_basis].capitalize()}
        fig.add_trace(go.Bar(x=part["periode"], y=part["signalen"], name=groep,
                             marker_color=colours.get(groep, OTHER_COLOUR), **side,
                             hovertemplate="%{x}: %{y:,.0f} signalen<extra>" + html.escape(groep) + "</extra>"))
    fig.update_layout(barmode="stack", yaxis_title="signalen",
                      legend={"traceorder": "grouped", "title": {"text": by.capitalize()}},
                      xaxis={"type": "category", "categoryorder": "array", "categoryarray": periods})
    return _layout(fig, title, 430)


# --- the flow from signal to outcome ---------------------------------------------------------

def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _stack(sizes: list[float], gap: float = 0.03) -> list[float]:
    """Centres (0 top, 1 bottom) of nodes stacked in the given order, each as tall as its size."""
    room = 1 - gap * (len(sizes) - 1)
    total = sum(sizes) or 1
    tops = np.concatenate([[0], np.cumsum(sizes)[:-1]]) / total * room + gap * np.arange(len(sizes))
    return np.clip(tops + np.asarray(sizes) / total * room / 2, 0.001, 0.999).tolist()


def signal_flow(cells: pd.DataFrame, title: str) -> go.Figure:
    """Sankey of one year: category on the left, outcome on the right, coloured basis / doorverwezen.

    Nodes keep the contract's order (plotly would reorder them), so the outcomes read from
    'zelf opgepakt' at the top to 'melding Veilig Thuis' at the bottom.
    """
    shown = cells[(cells["status"] == "value") & (cells["value"] > 0)]
    categories = _ordered(shown["category"], SIGNAL_CATEGORIES)
    outcomes = _ordered(shown["outcome"], SIGNAL_OUTCOMES)
    node = {c: i for i, c in enumerate(categories)} | {o: len(categories) + i for i, o in enumerate(outcomes)}
    sizes = [shown.loc[shown["category"] == c, "value"].sum() for c in categories]
    out_sizes = [shown.loc[shown["outcome"] == o, "value"].sum() for o in outcomes]
    labels = [f"{c}: {fmt_nl(n)}" for c, n in zip(categories, sizes)] + [
        f"{o} ({SIDE[o in HANDLED_IN_BASIS]}): {fmt_nl(n)}" for o, n in zip(outcomes, out_sizes)]
    link_colours = [_rgba(OUTCOME_COLOURS.get(o, OTHER_COLOUR), 0.35) for o in shown["outcome"]]
    fig = go.Figure(go.Sankey(
        arrangement="fixed", valueformat=",.0f", valuesuffix=" signalen",
        textfont={"size": 13, "color": "#1f1f1f"},
        node={"label": labels, "pad": 14, "thickness": 16,
              "x": [0.001] * len(categories) + [0.999] * len(outcomes), "y": _stack(sizes) + _stack(out_sizes),
              "color": [CATEGORY_NODE] * len(categories) + [OUTCOME_COLOURS.get(o, OTHER_COLOUR) for o in outcomes],
              "hovertemplate": "%{label} signalen<extra></extra>"},
        link={"source": shown["category"].map(node).tolist(), "target": shown["outcome"].map(node).tolist(),
              "value": shown["value"].tolist(), "color": link_colours,
              "customdata": [f"{c} → {o}" for c, o in zip(shown["category"], shown["outcome"])],
              "hovertemplate": "%{customdata}: %{value:,.0f} signalen<extra></extra>"}))
    return _layout(fig, title, 520)


def flow_data(cells: pd.DataFrame) -> pd.DataFrame:
    """The cells of the flow for download, in Dutch; a hidden cell says so instead of a number."""
    return pd.DataFrame({"jaar": cells["year"], "categorie": cells["category"], "uitkomst": cells["outcome"],
                         "afloop": cells["in_basis"].map(SIDE), "signalen": cells["value"],
                         "opmerking": [status_text(s) if s != "value" else "" for s in cells["status"]]})


# --- the share handled in the basis ----------------------------------------------------------

def basis_trend(rates: pd.DataFrame, naam: str, title: str) -> go.Figure:
    """The share handled in the basis per year, with a straight trend line through the shown years."""
    shown = rates[rates["status"] == "value"]
    fig = go.Figure(go.Scatter(
        x=shown["year"], y=shown["value"], name=naam, mode="lines+markers",
        line={"color": LINE_COLOURS["gemeente"], "width": 3},
        customdata=[_pct(v) for v in shown["value"]], hovertemplate="%{x}: %{customdata}<extra>in de basis</extra>"))
    if len(shown) >= 3:
        slope, intercept = np.polyfit(shown["year"].astype(float), shown["value"].astype(float), 1)
        years = np.array([shown["year"].min(), shown["year"].max()], dtype=float)
        fig.add_trace(go.Scatter(x=years, y=slope * years + intercept, mode="lines", hoverinfo="skip",
                                 name=f"trend: {fmt_nl(slope, 1)} procentpunt per jaar",
                                 line={"color": LINE_COLOURS["NL"], "width": 2, "dash": "dot"}))
    fig.update_layout(yaxis={"title": "% van de signalen", "range": [0, 100], "ticksuffix": "%"},
                      xaxis={"dtick": 1, "title": "jaar"}, legend={"orientation": "h", "y": -0.2},
                      hovermode="x unified")
    return _layout(fig, title, 360)


def basis_data(rates: pd.DataFrame) -> pd.DataFrame:
    """The share per year for download: jaar, signalen, in de basis, aandeel (hidden ones empty)."""
    return pd.DataFrame({"jaar": rates["year"], "signalen": rates["denominator"],
                         "in de basis opgepakt": rates["numerator"], "aandeel in de basis (%)": rates["value"],
                         "opmerking": [status_text(s, "%") if s != "value" else "" for s in rates["status"]]})


# --- per wijk --------------------------------------------------------------------------------

def wijk_table(wijken: pd.DataFrame) -> pd.DataFrame:
    """wijkcode, wijk, signalen, share in the basis as text, most signals first; '<5' where hidden.

    The share is shown only next to a shown count: its denominator is that count.
    """
    count = wijken[wijken["measure"] == "signalen"].set_index("code")
    rate = wijken[wijken["measure"] == "basis_pct"].set_index("code").reindex(count.index)
    both = (count["status"] == "value") & (rate["status"] == "value")
    table = pd.DataFrame({
        "wijkcode": count.index, "wijk": count["name"].to_numpy(),
        "signalen": [fmt_nl(v) if s == "value" else status_text(s) for v, s in zip(count["value"], count["status"])],
        "in de basis opgepakt": [_pct(v) if ok else ("–" if s == "missing" else "niet getoond")
                                 for v, ok, s in zip(rate["value"], both, rate["status"])],
        "_sort": count["value"].fillna(-1).to_numpy()})
    return table.sort_values(["_sort", "wijk"], ascending=[False, True]).drop(columns="_sort").reset_index(drop=True)


# --- findings for the titles -----------------------------------------------------------------

def _of(per_year: pd.DataFrame, measure: str) -> pd.DataFrame:
    return per_year[per_year["measure"] == measure].set_index("year")


def volume_title(naam: str, per_year: pd.DataFrame, year: int) -> str:
    """'In Almere werden in 2024 818 signalen opgevangen, 13% meer dan in 2023'."""
    counts = _of(per_year, "signalen")
    if counts.at[year, "status"] != "value":
        return f"In {naam} werden in {year} minder dan {min_count()} signalen opgevangen"
    n = counts.at[year, "value"]
    title = f"In {naam} werden in {year} {fmt_nl(n)} signalen opgevangen"
    prev = counts["value"].get(year - 1)
    if prev is None or pd.isna(prev) or prev == 0:
        return title
    change = round((n / prev - 1) * 100)
    if change == 0:
        return f"{title}, evenveel als in {year - 1}"
    return f"{title}, {fmt_nl(abs(change))}% {'meer' if change > 0 else 'minder'} dan in {year - 1}"


def flow_title(per_year: pd.DataFrame, year: int) -> str:
    """'Van de 818 signalen in 2024 werd 68% in de basis opgepakt en 32% doorverwezen'."""
    rate, counts = _of(per_year, "basis_pct"), _of(per_year, "signalen")
    if rate.at[year, "status"] != "value" or counts.at[year, "status"] != "value":
        return f"Wat er in {year} met de signalen gebeurde"
    basis = round(rate.at[year, "value"])
    return (f"Van de {fmt_nl(counts.at[year, 'value'])} signalen in {year} werd {basis}% in de basis opgepakt "
            f"en {100 - basis}% doorverwezen")


def basis_title(rates: pd.DataFrame) -> str:
    """'Steeds meer signalen worden in de basis opgepakt: van 54% (2018) naar 68% (2024)'."""
    shown = rates[rates["status"] == "value"].sort_values("year")
    if shown.empty:
        return "Het aandeel dat in de basis is opgepakt is in geen enkel jaar groot genoeg om te tonen"
    first, last = shown.iloc[0], shown.iloc[-1]
    if len(shown) == 1:
        return f"In {last.year} werd {_pct(last.value)} van de signalen in de basis opgepakt"
    span = f"van {_pct(first.value)} ({first.year}) naar {_pct(last.value)} ({last.year})"
    diff = round(last.value) - round(first.value)
    if diff == 0:
        return f"Het aandeel signalen dat in de basis wordt opgepakt bleef gelijk: {span}"
    steadily = "Steeds " if len(shown) >= 3 and np.sign(
        np.polyfit(shown["year"].astype(float), shown["value"].astype(float), 1)[0]) == np.sign(diff) else ""
    more = ("meer" if diff > 0 else "minder") if steadily else ("Meer" if diff > 0 else "Minder")
    return f"{steadily}{more} signalen worden in de basis opgepakt: {span}"


def wijk_title(wijken: pd.DataFrame, year: int) -> str:
    """'Signalen per wijk in 2024: de meeste in De Hoven (41)'."""
    shown = wijken[(wijken["measure"] == "signalen") & (wijken["status"] == "value")]
    if shown.empty:
        return f"Signalen per wijk in {year}: in elke wijk te weinig om te tonen"
    top = shown.sort_values(["value", "name"], ascending=[False, True]).iloc[0]
    return f"Signalen per wijk in {year}: de meeste in {top['name']} ({fmt_nl(top['value'])})"
