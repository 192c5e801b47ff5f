"""Plain Dutch sentences from the figures: three to five, each a claim the data supports.

A change within one gemeente over time is only called a change when it lies outside the 95%
interval of a proportion (the figure is a share of a known number of young people). A gemeente is
only called higher or lower than NL when it lies outside the random-effects funnel (analysis/funnel.py):
beyond chance *and* beyond the spread gemeenten ordinarily have, so that a large gemeente is not
called different for a difference every gemeente has. Otherwise: no clear difference. Figures from
demo data say so.
"""
from __future__ import annotations

import math

import pandas as pd

from analysis.funnel import outside_spread
from analysis.investment import Scenario, bands, break_even_year, project
from formatting import fmt_nl

Z95 = 1.96


def _pct(value: float) -> str:
    return f"{fmt_nl(value, 1)}%"


def differs(p1: float, n1: float | None, p2: float, n2: float | None) -> bool:
    """Whether two percentages differ beyond their 95% intervals (a two-proportion z-test).

    Without a known group size the difference cannot be tested and is not called one.
    """
    if not n1 or not n2 or n1 <= 0 or n2 <= 0:
        return False
    a, b = p1 / 100, p2 / 100
    se = math.sqrt(a * (1 - a) / n1 + b * (1 - b) / n2)
    return se > 0 and abs(a - b) / se > Z95


def _group_size(count: float | None, pct: float | None) -> float | None:
    """The number of young people a percentage is of: count / share."""
    if count is None or pct is None or pd.isna(count) or pd.isna(pct) or pct <= 0:
        return None
    return count / (pct / 100)


def expected_sentence(naam: str, jaar: int, expected: pd.DataFrame | None) -> str | None:
    """How many wijken had more, and how many less, youth care than their population makes one expect.

    ``expected`` is the result of expected_by_wijk (one row per wijk, ``verdict`` NULL where the observed
    share is unknown). 'Meer' and 'minder' only outside the wijk's 95% prediction interval, as on Wijken
    vergelijken. None when the year has no model or no wijk has an observed share.
    """
    if expected is None or expected.empty or expected["verdict"].isna().all():
        return None
    known = expected[expected["verdict"].notna()]
    n, more = len(known), int((known["verdict"] == "meer dan verwacht").sum())
    less = int((known["verdict"] == "minder dan verwacht").sum())
    wijken = f"de {n} wijken van {naam}" + (" met een cijfer" if n < len(expected) else "")
    if more == less == 0:
        return f"In {jaar} lag de jeugdzorg in alle {n} wijken van {naam}" + (
            " met een cijfer" if n < len(expected) else "") + " binnen wat hun bevolking doet verwachten."
    first, count, other, word = (("meer", more, less, "minder") if more else ("minder", less, more, "meer"))
    verb, their = ("had", "haar") if count == 1 else ("hadden", "hun")
    rest = f", {other} {word}" if other else f"; geen wijk {word}"
    return f"In {jaar} {verb} {count} van {wijken} {first} jeugdzorg dan {their} bevolking doet verwachten{rest}."


def overview_sentences(naam: str, jaar: int, figures: pd.DataFrame, trend: pd.DataFrame,
                       expected: pd.DataFrame | None = None) -> list[str]:
    """Sentences for the Overzicht page.

    ``figures`` is the result of headline_by_gemeente (indexed by indicator_id); ``trend`` that of
    trend_by_gemeente for jeugdzorg_pct (gemeente and NL rows); ``expected`` that of expected_by_wijk
    for the gemeente and year (empty or None: no sentence about the wijken).
    """
    out = []
    f = figures

    def value(ind: str) -> float | None:
        return float(f.at[ind, "value"]) if ind in f.index and f.at[ind, "status"] == "value" else None

    pct, count = value("jeugdzorg_pct"), value("jeugdzorg_aantal")
    if pct is not None:
        demo = " (voorbeelddata)" if bool(f.at["jeugdzorg_pct", "is_demo"]) else ""
        out.append(f"In {naam} kreeg in {jaar} {_pct(pct)} van de jongeren tot 23 jaar jeugdzorg"
                   + (f" ({fmt_nl(count)} jongeren)" if count else "") + f"{demo}.")
        n = _group_size(count, pct)
        if n is None and all(value(i) is not None for i in ("inwoners", "kinderen_0_15_pct", "jongeren_15_25_pct")):
            # young people under 23, estimated from the age shares (as in the funnel plot)
            n = value("inwoners") * (value("kinderen_0_15_pct") + 0.8 * value("jongeren_15_25_pct")) / 100
        own = trend[(trend["code"] != "NL00") & (trend["status"] == "value") & (trend["year"] < jaar)]
        if not own.empty:
            first = own.iloc[0]
            if n is None:  # no group size: nothing to test, so no claim either way
                out.append(f"In {int(first['year'])} was dat {_pct(first['value'])}.")
            elif differs(pct, n, first["value"], n):
                word = "meer" if pct > first["value"] else "minder"
                out.append(f"Dat is {word} dan in {int(first['year'])} ({_pct(first['value'])}).")
            else:
                out.append(f"Dat is ongeveer evenveel als in {int(first['year'])} ({_pct(first['value'])}): "
                           "geen duidelijk verschil.")
        nl_same_year = trend[(trend["code"] == "NL00") & (trend["year"] == jaar) & (trend["status"] == "value")]
        if not nl_same_year.empty:
            nl = float(nl_same_year["value"].iloc[0])
            if n is None:
                out.append(f"Landelijk was dat {_pct(nl)}.")
            elif side := outside_spread(pct, n, nl):
                word = "hoger" if side > 0 else "lager"
                out.append(f"Dat is duidelijk {word} dan het landelijk gemiddelde van {_pct(nl)}: meer verschil dan "
                           "gemeenten gewoonlijk onderling hebben.")
            else:
                out.append(f"Dat ligt binnen de gewone spreiding tussen gemeenten rond het landelijk gemiddelde "
                           f"({_pct(nl)}).")
    wijken = expected_sentence(naam, jaar, expected)
    if wijken:
        out.append(wijken)
    reach = value("kinderwerk_bereik_pct")
    if reach is not None:
        demo = " (voorbeelddata)" if bool(f.at["kinderwerk_bereik_pct", "is_demo"]) else ""
        out.append(f"Het kinderwerk bereikte per maand gemiddeld {_pct(reach)} van de kinderen van 4 tot 14 jaar{demo}.")
    basis = value("signalen_basis_pct")
    if basis is not None:
        demo = " (voorbeelddata)" if bool(f.at["signalen_basis_pct", "is_demo"]) else ""
        out.append(f"Van de signalen die kinderwerkers opvingen, werd {_pct(basis)} in de basis opgepakt: "
                   f"zonder doorverwijzing{demo}.")
    return out[:5]


# The two CBS gebruik series: a change is only told within one series, never across the 2021 break.
YOUTHCARE_SERIES = [("jeugdzorg_reeks2015_pct", "Oude CBS-reeks"),
                    ("jeugdzorg_reeks2021_pct", "Nieuwe CBS-reeks (andere bron, niet te vergelijken met de oude)")]


def _course(first: pd.Series, last: pd.Series, subject: str) -> str:
    """'steeg' / 'daalde' only beyond the 95% interval (group = CBS count / share), else no clear change."""
    span = f"({_pct(first['value'])} → {_pct(last['value'])})"
    if differs(last["value"], last["jongeren"], first["value"], first["jongeren"]):
        return f"{'steeg' if last['value'] > first['value'] else 'daalde'} {subject} {span}"
    if abs(last["value"] - first["value"]) >= 1:
        return f"veranderde {subject} {span}, maar bij zo'n kleine groep is dat geen duidelijke verandering"
    return f"bleef {subject} ongeveer gelijk {span}"


def youthcare_series_sentences(naam: str, code: str, df: pd.DataFrame) -> list[str]:
    """How the youth-care share of ``code`` developed in each CBS series, against NL; then the newest half year.

    ``df`` is the result of youthcare_trend (with the group size ``jongeren``). Secret cells are skipped;
    a series with one year only gives that year against NL.
    """
    v = df[df["status"] == "value"]
    out = []
    for indicator, label in YOUTHCARE_SERIES:
        own = v[(v["code"] == code) & (v["indicator_id"] == indicator)].sort_values("year")
        if own.empty:
            continue
        nl = v[(v["code"] == "NL00") & (v["indicator_id"] == indicator)].set_index("year")
        first, last = own.iloc[0], own.iloc[-1]
        y0, y1 = int(first["year"]), int(last["year"])
        if y0 == y1:
            text = f"{label}, {y1}: {_pct(last['value'])} van de jongeren in {naam} kreeg jeugdzorg"
        else:
            text = f"{label}, {y0}–{y1}: in {naam} {_course(first, last, 'het aandeel jongeren met jeugdzorg')}"
            if y0 in nl.index and y1 in nl.index:
                text += f"; in Nederland {_course(nl.loc[y0], nl.loc[y1], 'het')}"
        if y1 in nl.index:
            nl_value = nl.at[y1, "value"]
            if side := outside_spread(last["value"], last["jongeren"], nl_value):
                word = "boven" if side > 0 else "onder"
                text += (f". In {y1} lag {naam} duidelijk {word} het landelijk cijfer ({_pct(nl_value)}), meer dan "
                         "gemeenten gewoonlijk verschillen")
            else:
                text += (f". In {y1} lag {naam} binnen de gewone spreiding tussen gemeenten rond het landelijk "
                         f"cijfer ({_pct(nl_value)})")
        out.append(text + ".")
    half = v[(v["code"] == code) & (v["indicator_id"] == "jeugdzorg_hj1_pct")].sort_values("year")
    if not half.empty:
        last = half.iloc[-1]
        y = int(last["year"])
        nl = v[(v["code"] == "NL00") & (v["indicator_id"] == "jeugdzorg_hj1_pct") & (v["year"] == y)]
        text = f"Nieuwste cijfer, eerste halfjaar {y}: {_pct(last['value'])} in {naam}"
        if not nl.empty:
            text += f", {_pct(nl['value'].iloc[0])} in Nederland"
        text += "; een halfjaar is alleen te vergelijken met een ander eerste halfjaar"
        if len(half) > 1:
            prev = half.iloc[-2]
            text += f" ({int(prev['year'])}: {_pct(prev['value'])})"
        out.append(text + ".")
    return out


def inflow_text(s: Scenario, why: dict[str, str] | None = None) -> str:
    """Which yearly inflow the investment case uses, where it comes from, and who the children reached are."""
    start = f"Het model rekent met een instroom van {_pct(s.share_starting * 100)} van de jongeren per jaar"
    duration = f"{s.duration_years:g}".replace(".", ",")
    if s.inflow_is_derived:
        text = (f"{start}: het aandeel jongeren met jeugdzorg in een jaar ({_pct(s.share_with_care * 100)}) gedeeld "
                f"door de gemiddelde duur van een traject ({duration} jaar), want in evenwicht "
                "is het aandeel met jeugdzorg = instroom × duur. De meegeleverde CBS-cijfers bevatten geen instroom per gemeente.")
    else:
        origin = (why or {}).get("share_starting", "gemeten instroom")
        text = f"{start} ({origin})."
    source = (why or {}).get("share_with_care")
    if source:
        text += f" Aandeel met jeugdzorg: {source}."
    return (text + " Die kans geldt elk jaar voor de kinderen die dat jaar bereikt worden — nieuwe kinderen of "
            "dezelfde: een kind dat drie jaar meedoet, loopt drie keer de kans van één jaar.")


def investment_sentences(naam: str, s: Scenario, effects: dict[str, float] | None = None) -> list[str]:
    """Sentences for the investment case: cost, reach, avoided trajectories (low–high), payback.
    ``effects``: the gemeente's own effect bands instead of the borrowed ones (see ``bands``)."""
    from formatting import euro
    if s.fte <= 0:
        return [f"Zonder extra kinderwerk verandert er niets: geen kosten en geen voorkomen jeugdhulp in {naam}."]
    b = bands(s, effects)
    last = b[b["jaar"] == s.horizon].set_index("band")
    central = project(s)
    out = [f"Met {fmt_nl(s.fte, 1)} fte extra kinderwerk ({euro(s.annual_cost)} per jaar) bereikt {naam} naar "
           f"schatting {fmt_nl(central['kinderen_bereikt'].iloc[0])} kinderen per jaar."]
    if s.horizon <= s.lag:
        out.append(f"Binnen {s.horizon} jaar komt het effect nog niet op gang: het model rekent met {s.lag} jaar "
                   "vertraging tussen signaal en voorkomen instroom. Kies een langere horizon.")
    else:
        low, high = last.at["laag", "trajecten_voorkomen"], last.at["hoog", "trajecten_voorkomen"]  # full effect
        out.append(f"Daarmee beginnen vanaf jaar {s.lag + 1} naar schatting {fmt_nl(low, 1)} tot {fmt_nl(high, 1)} "
                   "jongeren per jaar géén jeugdhulptraject, afhankelijk van het effect (van de "
                   f"{fmt_nl(central['kinderen_bereikt'].iloc[0] * s.share_starting, 1)} bereikte kinderen die "
                   "anders per jaar zouden beginnen).")
        even = break_even_year(central)
        if even:
            out.append(f"Bij een centraal effect verdient de investering zich op jeugdhulp alleen terug in jaar {even}.")
        else:
            out.append(f"Op jeugdhulp alleen verdient de investering zich binnen {s.horizon} jaar niet terug "
                       f"(centraal: {euro(last.at['centraal', 'cumulatief'])}); baten buiten de jeugdhulp telt dit model niet.")
    out.append("In het eerste jaar kan het gebruik van jeugdhulp juist stijgen, omdat verborgen hulpvragen eerder "
               "aan het licht komen.")
    return out[:5]
