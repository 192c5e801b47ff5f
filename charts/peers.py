"""Builders for the page Gemeenten vergelijken: the funnel plot, its title, and the tables and texts.

DataFrames in, a figure or display tables (Dutch text and numbers) out. The statistics come from
analysis/neighbours.py; nothing here runs SQL or calls Streamlit.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.funnel import Z95, Z998, funnel, funnel_limits
from analysis.neighbours import CONTEXT, FUNNEL_BASES, Neighbours, rank_among, weighted_mean, young_people
from formatting import fmt_nl, fmt_value, short_value

COLOURS = {"all": "#c4c4c4", "neighbour": "#2c7fb8", "own": "#d95f02", "centre": "#333333", "limit": "#7a7a7a"}

# Ticks of the logarithmic x-axis: 1, 2,5 and 5 per power of ten, written in full (Dutch style).
LOG_TICKS = [m * 10 ** e for e in range(1, 8) for m in (1, 2.5, 5)]

# What "more … than expected" is about, per funnel indicator.
PHRASES = {"jeugdzorg_pct": "jeugdzorg", "kinderen_0_15_pct": "kinderen van 0–14 jaar",
           "jongeren_15_25_pct": "jongeren van 15–24 jaar", "jeugdzorg_reeks2015_pct": "jeugdzorg",
           "jeugdzorg_reeks2021_pct": "jeugdzorg"}

TITLES = {
    "boven_998": "{naam} ligt boven de 99,8%-grens: duidelijk meer {phrase} dan verwacht",
    "boven_95": "{naam} ligt boven de 95%-grens: meer {phrase} dan verwacht",
    "binnen": "{naam} ligt binnen de gewone spreiding tussen gemeenten: geen duidelijk verschil met Nederland",
    "onder_95": "{naam} ligt onder de 95%-grens: minder {phrase} dan verwacht",
    "onder_998": "{naam} ligt onder de 99,8%-grens: duidelijk minder {phrase} dan verwacht",
    "onbekend": "Alle gemeenten naast het landelijk gemiddelde; {naam} heeft geen cijfer",
}

# Column headers of the neighbours table: short, with the unit, so that the table fits the page.
SHORT_HEADERS = {"jeugdzorg_pct": "Jeugdzorg (% jongeren)", "wmo_per_1000": "Wmo (per 1.000 inw.)",
                 "bijstand_per_1000": "Bijstand (per 1.000 inw.)",
                 "huish_sociaal_minimum_pct": "Rond sociaal minimum (% huish.)"}

# How the national figure is weighted when NL itself has no published figure.
NATIONAL_WEIGHTS = {"jeugdzorg_pct": "jongeren", "wmo_per_1000": "inwoners", "bijstand_per_1000": "inwoners",
                    "kinderen_0_15_pct": "inwoners", "jongeren_15_25_pct": "inwoners",
                    "inkomen_per_inwoner": "inwoners"}

FUNNEL_HOW_TO_READ = (
    "Zo leest u de trechter: elke stip is een gemeente. Hoe groter de groep (verder naar rechts), hoe minder toeval "
    "en hoe smaller de trechter — maar nooit smaller dan de spreiding die gemeenten altijd onderling hebben, zodat "
    "een grote gemeente niet alleen om haar grootte opvalt. Buiten de gestippelde 95%-lijnen verschilt een gemeente "
    "meer dan gemeenten gewoonlijk doen, buiten de gestreepte 99,8%-lijnen duidelijk meer.")


def dutch_list(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b en c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1] if items else ""


def credits_text(context: pd.DataFrame) -> str:
    """The distinct source credits of the rows, each once (a row may hold several, joined by ' · ')."""
    parts = {part for credit in context["credit"].dropna() for part in credit.split(" · ")}
    return " · ".join(sorted(parts)) or "Bron: CBS"


def _fmt(meta: pd.DataFrame, indicator: str, value) -> str:
    """A figure with the unit and decimals of its indicator (meta: peer_indicators, by indicator_id)."""
    if indicator in meta.index:
        return fmt_value(value, meta.at[indicator, "unit"], int(meta.at[indicator, "decimals"]))
    return fmt_nl(value, 1)


def _short(meta: pd.DataFrame, indicator: str, value) -> str:
    """A figure short enough for a table cell ('10,7%', '24,9', '€ 28.100'); the unit goes in its own column."""
    if indicator in meta.index:
        return short_value(value, meta.at[indicator, "unit"], int(meta.at[indicator, "decimals"]))
    return fmt_nl(value, 1)


def _unit(meta: pd.DataFrame, indicator: str) -> str:
    unit = meta.at[indicator, "unit"] if indicator in meta.index else ""
    return "euro" if unit == "× 1.000 euro" else unit  # short_value writes these in euros


def _label(meta: pd.DataFrame, indicator: str) -> str:
    return meta.at[indicator, "label_nl"] if indicator in meta.index else indicator


# --- neighbours -------------------------------------------------------------------------------

def basis_text(years: pd.DataFrame, jz_years: pd.DataFrame | None) -> str:
    """What the page compares on which year: KWB for neighbours, funnel and rank; the CBS youth-care series by year.

    ``years`` is queries/peer_years (most complete year first), ``jz_years`` queries/youthcare_years, or None
    when the page shows no youth-care section for this gemeente.
    """
    year, n, total = (int(v) for v in years.iloc[0][["year", "n_gemeenten", "n_total"]])
    complete = int((years["n_gemeenten"] == total).sum())
    if n == total:
        why = (f"het {'enige' if complete == 1 else 'nieuwste'} jaar waarin de meegeleverde data jeugdzorg en "
               f"inwoners van alle {fmt_nl(total)} gemeenten hebben")
    else:
        why = f"het jaar waarin de meegeleverde data jeugdzorg en inwoners van de meeste gemeenten hebben " \
              f"({fmt_nl(n)} van {fmt_nl(total)})"
    text = f"Buurgemeenten, trechter en rang: Kerncijfers wijken en buurten (KWB) {year}, {why}."
    if jz_years is not None and not jz_years.empty:
        first, last = int(jz_years["year"].min()), int(jz_years["year"].max())
        text += (f" Jeugdzorg per jaar (verderop): de CBS-jeugdzorgtabellen, {first}–{last}, een jaar naar keuze"
                 + (" (twee reeksen: tot 2020 en vanaf 2021)." if first < 2021 <= last else "."))
    return text


def reason_text(naam: str, neighbours: Neighbours, year: int) -> str:
    """Why these gemeenten: the variables they are near on, and what was left out and why."""
    k = len(neighbours.table)
    text = (f"{naam} lijkt het meest op deze {k} gemeenten in {dutch_list(neighbours.used)}: samen genomen "
            f"liggen zij op die kenmerken het dichtst bij {naam}.")
    if neighbours.skipped:
        text += (f" {dutch_list(neighbours.skipped).capitalize()} telt niet mee: voor {naam} is dat cijfer "
                 f"er niet in {year}.")
    gaps = neighbours.table[neighbours.table["missing"].str.len() > 0]
    for name, missing in zip(gaps["name"], gaps["missing"]):
        text += f" Voor {name} ontbreekt {dutch_list(missing)}; die gemeente is vergeleken op de andere kenmerken."
    return text


def variables_text(variables=CONTEXT) -> str:
    """Which context variables the neighbours are chosen on, and why; and why no outcome is among them."""
    parts = "; ".join(f"*{v.label}*: {v.why}" for v in variables)
    return (f"Waarom deze kenmerken — {parts}. Grootte telt één keer mee: dichtheid alleen voor het deel dat "
            "niet al uit het aantal inwoners volgt. Wat hieronder met de buren wordt vergeleken (jeugdzorg, Wmo, "
            "bijstand, huishoudens rond het sociaal minimum) zit er bewust niet in: wie op bijstand kiest, krijgt "
            "buren met dezelfde bijstand.")


def profile_table(neighbours: Neighbours, naam: str, meta: pd.DataFrame) -> pd.DataFrame:
    """Per context variable: the gemeente's value and the neighbours' range and median."""
    p = neighbours.profile
    own = [_short(meta, c, v) if used else "geen cijfer (telt niet mee)"
           for c, v, used in zip(p["column"], p["value"], p["used"])]
    return pd.DataFrame({
        "Kenmerk": [_label(meta, c) for c in p["column"]],
        "Eenheid": [_unit(meta, c) for c in p["column"]],
        naam: own,
        "Buurgemeenten: laagste – hoogste": [f"{_short(meta, c, lo)} – {_short(meta, c, hi)}"
                                            for c, lo, hi in zip(p["column"], p["low"], p["high"])],
        "Buurgemeenten: mediaan": [_short(meta, c, m) for c, m in zip(p["column"], p["median"])],
    })


def neighbour_table(context: pd.DataFrame, neighbours: Neighbours, outcomes: list[str],
                    meta: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The neighbours, nearest first, with their distance and outcomes: (display, raw numbers)."""
    raw = neighbours.table[["code", "name", "distance"]].merge(
        context[["code", *outcomes]], on="code", how="left")
    display = pd.DataFrame({"Nr.": range(1, len(raw) + 1), "Gemeente": raw["name"],
                            "Afstand (0 = gelijk)": [fmt_nl(d, 2) for d in raw["distance"]]})
    for indicator in outcomes:
        header = SHORT_HEADERS.get(indicator, _label(meta, indicator))
        display[header] = [_short(meta, indicator, v) for v in raw[indicator]]
    return display, raw


# --- the gemeente among all gemeenten ---------------------------------------------------------

def national_figure(context: pd.DataFrame, nl: pd.DataFrame, indicator: str) -> tuple[float, bool]:
    """The NL figure: NL's own when published, else the weighted mean of the gemeenten (True)."""
    published = nl[indicator].dropna()
    if not published.empty:
        return float(published.iloc[0]), False
    weight = NATIONAL_WEIGHTS.get(indicator)
    if weight is None:
        return float("nan"), False
    weights = young_people(context) if weight == "jongeren" else context[weight]
    return weighted_mean(context[indicator], weights), True


def rank_text(rank: tuple[int, int, int] | None) -> str:
    """'Rang 123 van 342 (2e kwartiel)', or why there is no rank."""
    if rank is None:
        return "Geen rang: geen cijfer"
    return f"Rang {fmt_nl(rank[0])} van {fmt_nl(rank[1])} ({rank[2]}e kwartiel)"


def rank_sentence(naam: str, raw: pd.DataFrame, indicator: str, secret: list, meta: pd.DataFrame,
                  year: int) -> str:
    """'**Jongeren met jeugdzorg: 10,7%.** Rang 123 van 342 (2e kwartiel) …', or why there is none.

    ``raw`` is the numbers table of ``comparison_table``.
    """
    row = raw[raw["indicator"] == indicator]
    if row.empty or pd.isna(row["value"].iloc[0]):
        why = " (CBS houdt het geheim)" if indicator in secret else ""
        return f"Voor {naam} is er in {year} geen cijfer voor {_label(meta, indicator).lower()}{why}."
    r = row.iloc[0]
    return (f"**{r['label']}: {_fmt(meta, indicator, r['value'])}.** "
            f"{rank_text((int(r['rank']), int(r['n_ranked']), int(r['quartile'])))} onder de gemeenten met een "
            "cijfer; rang 1 is de hoogste waarde.")


def comparison_table(context: pd.DataFrame, nl: pd.DataFrame, code: str, naam: str, neighbour_codes,
                     outcomes: list[str], meta: pd.DataFrame, group_label: str = "Buurgemeenten"
                     ) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Per outcome: the gemeente, its rank and quartile, the comparison group's median and NL.

    Returns the display table, the same in numbers, and a note on NL figures computed here.
    """
    own = context[context["code"] == code]
    near = context[context["code"].isin(list(neighbour_codes))]
    ranks = [rank_among(context[i], context["code"], code) for i in outcomes]
    national = [national_figure(context, nl, i) for i in outcomes]
    raw = pd.DataFrame({
        "indicator": outcomes, "label": [_label(meta, i) for i in outcomes],
        "value": [own[i].iloc[0] if not own.empty else np.nan for i in outcomes],
        "rank": [r[0] if r else None for r in ranks], "n_ranked": [r[1] if r else None for r in ranks],
        "quartile": [r[2] if r else None for r in ranks],
        "neighbours_median": [near[i].median() for i in outcomes],
        "nl": [v for v, _ in national], "nl_computed": [c for _, c in national],
    })
    display = pd.DataFrame({
        "Indicator": raw["label"],
        naam: [_short(meta, i, v) for i, v in zip(outcomes, raw["value"])],
        "Rang (1 = hoogste)": [f"{fmt_nl(r[0])} van {fmt_nl(r[1])}" if r else "–" for r in ranks],
        "Kwartiel": [f"{r[2]}e" if r else "–" for r in ranks],
        f"{group_label} (mediaan)": [_short(meta, i, v) for i, v in zip(outcomes, raw["neighbours_median"])],
        "Nederland": [_short(meta, i, v) + (" *" if c else "") for i, (v, c) in zip(outcomes, national)],
        "Eenheid": [_unit(meta, i) for i in outcomes],
    })
    computed = [_label(meta, i) for i, (v, c) in zip(outcomes, national) if c]
    note = (f"* Geen landelijk cijfer in de data voor {dutch_list(computed)}: berekend als gemiddelde van de "
            "gemeenten, gewogen naar inwoners." if computed else "")
    return display, raw, note


# --- funnel plot ------------------------------------------------------------------------------

def funnel_title(naam: str, position: str, indicator: str) -> str:
    """The finding in one sentence: where the gemeente lies against the control limits."""
    return TITLES[position].format(naam=naam, phrase=PHRASES.get(indicator, "van deze indicator"))


def funnel_chart(points: pd.DataFrame, code: str, naam: str, neighbour_codes, indicator: str,
                 meta: pd.DataFrame, group_label: str = "Buurgemeenten") -> tuple[go.Figure, pd.DataFrame, str, str]:
    """A funnel plot of ``indicator`` (y) against the size of its group (x, log scale).

    ``points`` comes from ``analysis.neighbours.funnel_points``. The centre is the mean of the
    gemeenten weighted by their group size; around it the 95% and 99.8% control limits. All
    gemeenten are light dots, the comparison group (``group_label``: the neighbours, the jeugdregio or an
    own selection) blue, the chosen gemeente orange and labelled.

    Returns the figure, its data (for the download), the note under it, and the position of the
    gemeente ('boven_998' … 'onbekend').
    """
    unit = meta.at[indicator, "unit"] if indicator in meta.index else "%"
    decimals = int(meta.at[indicator, "decimals"]) if indicator in meta.index else 1
    x_title = FUNNEL_BASES[indicator][1]
    limits = funnel(points["value"].reset_index(drop=True), points["n"].to_numpy())
    fit = limits.attrs["fit"]
    centre = fit.centre
    neighbour_codes = set(neighbour_codes)
    group = np.where(points["code"] == code, "gekozen gemeente",
                     np.where(points["code"].isin(neighbour_codes), "buurgemeente", "andere gemeente"))
    positions = limits["position"].tolist()
    data = points.assign(groep=group, positie=positions).rename(columns={"n": "groepsgrootte", "value": "waarde"})
    own = data[data["code"] == code]
    position = own["positie"].iloc[0] if not own.empty else "onbekend"

    fig = go.Figure()
    grid = np.geomspace(max(points["n"].min() * 0.8, 1), points["n"].max() * 1.25, 200) if len(points) else []
    for z, name, dash in ((Z998, "99,8%-grenzen", "dash"), (Z95, "95%-grenzen", "dot")):
        lower, upper = funnel_limits(fit, grid, z)
        for i, line in enumerate((upper, lower)):
            fig.add_trace(go.Scatter(x=grid, y=line, mode="lines", name=name, legendgroup=name, showlegend=i == 0,
                                     line={"color": COLOURS["limit"], "dash": dash, "width": 1.3}, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=grid, y=[centre] * len(grid), mode="lines", hoverinfo="skip",
                             name=f"Nederland: {fmt_value(centre, unit, decimals)}",
                             line={"color": COLOURS["centre"], "width": 1.5}))
    styles = (("andere gemeente", "Alle gemeenten", COLOURS["all"], 6),
              ("buurgemeente", f"{group_label} ({int((group == 'buurgemeente').sum())})", COLOURS["neighbour"], 9),
              ("gekozen gemeente", naam, COLOURS["own"], 14))
    for kind, name, colour, size in styles:
        part = data[data["groep"] == kind]
        is_own = kind == "gekozen gemeente"
        fig.add_trace(go.Scatter(
            x=part["groepsgrootte"], y=part["waarde"], name=name, mode="markers+text" if is_own else "markers",
            text=part["name"] if is_own else None, textposition="top center", textfont={"size": 14},
            marker={"color": colour, "size": size, "line": {"color": "white", "width": 1 if is_own else 0.5}},
            customdata=np.column_stack([part["name"].map(html.escape),
                                        [fmt_value(v, unit, decimals) for v in part["waarde"]],
                                        [fmt_nl(n) for n in part["groepsgrootte"]]]) if len(part) else None,
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>" + x_title
                          + ": %{customdata[2]}<extra></extra>"))
    outside = int(sum(p in ("boven_998", "onder_998") for p in positions))
    ticks = [t for t in LOG_TICKS if len(grid) and grid[0] <= t <= grid[-1]]
    fig.update_layout(
        title={"text": funnel_title(naam, position, indicator), "font": {"size": 16}}, separators=",.",
        height=500, margin={"l": 10, "r": 10, "t": 50, "b": 10}, legend={"orientation": "h", "y": -0.18},
        xaxis={"type": "log", "title": f"Aantal {x_title} (logaritmische schaal)",
               "tickvals": ticks, "ticktext": [fmt_nl(t) for t in ticks]},
        yaxis={"title": unit, "ticksuffix": "%" if unit.startswith("%") else ""})
    note = (f"Nederland ({fmt_value(centre, unit, decimals)}): het gemiddelde van de {len(points)} gemeenten, "
            f"gewogen naar het aantal {x_title}. {outside} van de {len(points)} gemeenten liggen buiten de "
            "99,8%-grenzen.")
    if fit.tau2 > 0:
        note += (" Gemeenten verschillen meer dan toeval alleen verklaart (aanbod, beleid, bevolking). De grenzen "
                 "tellen daarom naast het toeval een vaste spreiding tussen gemeenten mee van "
                 f"{fmt_nl(np.sqrt(fit.tau2) * 100, 1)} procentpunt (Spiegelhalter 2005): zo ligt een gemeente "
                 "erbuiten omdat ze afwijkt, niet omdat ze groot of klein is.")
    if FUNNEL_BASES[indicator][0] == "jongeren":
        note += (" Het aantal jongeren tot 23 jaar is geschat: inwoners × (aandeel 0–14 jaar + 0,8 × aandeel "
                 "15–24 jaar).")
    return fig, data, note, position
