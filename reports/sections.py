"""The section builders of an export, in the order the deck and the one-pager show them.

A builder takes a ``Context`` (gemeente, naam, jaar or None, scenario) and returns a ``Section``, a list of
them, or None when the subject does not apply. To add a section, write a builder here (or in its own
module) and add it to ``SECTIONS``: the deck gives it a slide, the one-pager a block (unless
``in_onepager=False``), and the export tests check every chart for data and every table for rows.
"""
from __future__ import annotations

import pandas as pd

from analysis.investment import LABELS, bands, break_even_year, defaults_from, project
from analysis.narrative import investment_sentences, overview_sentences, youthcare_series_sentences
from charts import comparable_with_nl
from charts.expected import CREDITS as EXPECTED_CREDITS, UNIT as EXPECTED_UNIT
from charts.expected import chart_rows, expected_chart, expected_title, verdict_sentence
from charts.investment import band_chart
from charts.notes import note_lines
from charts.trends import DEFAULT_SERIES, break_marks, change_sentence, indexed, prevention_chart
from charts.youthcare import youthcare_chart, youthcare_sentence
from formatting import euro, fmt_value, status_text
from queries import run_query
from analysis.investment import Scenario
from reports.content import Context, Export, Section, SectionBuilder, _checked

HEADLINES = ["jeugdzorg_reeks2021_pct", "jeugdzorg_pct", "jeugdzorg_aantal", "kinderwerk_bereik_pct",
             "signalen_basis_pct", "wmo_per_1000", "bijstand_per_1000", "kinderen_0_15", "inkomen_per_inwoner",
             "jeugdzorg_kosten_per_inwoner"]
ORGANISATION_SERIES = ["kinderwerk_bereik_pct", "signalen_basis_pct", "uitgaven_preventie", "uitgaven_jeugdhulp"]
EXPECTED_ROWS = 10  # wijken in the export's chart (all outside the interval first); the page shows up to 30


def _credits(df: pd.DataFrame) -> str:
    """'Bron: A; B' for the distinct credits of a result ('' when it has none)."""
    found = sorted({str(c).removeprefix("Bron: ") for c in df["credit"].dropna()}) if "credit" in df.columns else []
    return ("Bron: " + "; ".join(found)) if found else ""


def _demo(df: pd.DataFrame) -> bool:
    return bool("is_demo" in df.columns and df["is_demo"].fillna(False).astype(bool).any())


def headline_table(rows: pd.DataFrame, jaar: int | None) -> pd.DataFrame:
    """Per indicator its newest figure, the year in the cell when it is not ``jaar``; NL of that year or its year said.

    ``rows`` is headline_newest_export in HEADLINES order. A count gets no NL figure (as on Overzicht).
    """
    def own(v, u, d, st, y) -> str:
        text = fmt_value(v, u, int(d)) if st == "value" else status_text(st, u)
        return text if jaar is not None and int(y) == jaar else f"{text} ({int(y)})"

    def nl(v, u, d, y, own_year, label) -> str:
        if pd.isna(v) or not comparable_with_nl(u, label):
            return "–"
        text = fmt_value(v, u, int(d))
        return text if int(y) == int(own_year) else f"{text} ({int(y)})"

    return pd.DataFrame({
        "indicator": rows["label_nl"].tolist(),
        "waarde": [own(*a) for a in zip(rows["value"], rows["unit"], rows["decimals"], rows["status"], rows["year"])],
        "Nederland": [nl(*a) for a in zip(rows["nl_value"], rows["unit"], rows["decimals"], rows["nl_year"],
                                           rows["year"], rows["label_nl"])],
        "bron": ["voorbeelddata" if demo else str(c).removeprefix("Bron: ")
                 for c, demo in zip(rows["credit"], rows["is_demo"].fillna(False))],
    })


def headline(ctx: Context) -> Section:
    """Kerncijfers: every headline figure in its newest year (up to ``jaar``), NL beside it, and 'in het kort'."""
    newest = run_query("headline_newest_export", gemeente=ctx.gemeente, year=ctx.jaar).set_index("indicator_id")
    rows = newest.loc[[i for i in HEADLINES if i in newest.index]]
    # The sentences of Overzicht, for the year of the newest youth-care figure (KWB), with that year's figures only.
    year = int(rows.at["jeugdzorg_pct", "year"]) if "jeugdzorg_pct" in rows.index else ctx.jaar
    sentences = []
    if year is not None:
        same_year = rows[rows["year"] == year]
        sentences = overview_sentences(ctx.naam, year, same_year, run_query(
            "trend_by_gemeente", gemeente=ctx.gemeente, indicator="jeugdzorg_pct"),
            run_query("expected_by_wijk", gemeente=ctx.gemeente, year=year))
    table = headline_table(rows, ctx.jaar) if not rows.empty else None
    note = ("Elk cijfer is het nieuwste dat er is, met zijn jaar." if ctx.jaar is None else
            f"Een jaartal tussen haakjes: voor {ctx.jaar} is er geen cijfer, dit is het nieuwste van eerder."
            if (rows["year"] != ctx.jaar).any() or (rows["nl_year"].notna() & (rows["nl_year"] != rows["year"])).any()
            else "")
    return Section("kerncijfers", f"Kerncijfers {ctx.naam}" + (f", {ctx.jaar}" if ctx.jaar else " (nieuwste cijfers)"),
                   sentences=sentences, table=table,
                   note=note, credits=_credits(rows), is_demo=_demo(rows),
                   omitted="" if not rows.empty else f"Voor {ctx.naam} staan geen kerncijfers in de meegeleverde gegevens.")


def youthcare(ctx: Context) -> Section:
    """Youth care over the years against NL: both CBS series, the 2021 break marked, first half years apart."""
    jz = run_query("youthcare_trend", gemeente=ctx.gemeente)
    if not ((jz["code"] == ctx.gemeente) & (jz["status"] == "value")).any():
        return Section("jeugdzorg", "Jeugdzorg door de jaren", omitted=(
            f"Jeugdzorg door de jaren: CBS publiceerde voor {ctx.naam} geen jeugdzorgcijfers in de gebruikstabellen "
            "(2015–2024), dus er is geen grafiek."))
    title = youthcare_sentence(jz, ctx.gemeente, ctx.naam)
    return Section("jeugdzorg", title, chart=youthcare_chart(jz, ctx.gemeente, ctx.naam, title),
                   sentences=youthcare_series_sentences(ctx.naam, ctx.gemeente, jz),
                   unit="% van jongeren tot 23 jaar", credits=_credits(jz), picture_height=340,  # six legend entries
                   note="CBS veranderde in 2021 bron en definities: twee reeksen, niet één lijn. Stippellijn: alleen "
                        "het eerste halfjaar.")


def prevention(ctx: Context) -> Section:
    """Prevention against care over the years (index), where organisations delivered a series."""
    series = run_query("prevention_trend", gemeente=ctx.gemeente)
    values = series[series["status"] == "value"]
    org_years = sorted(values.loc[values["indicator_id"].isin(ORGANISATION_SERIES), "year"].unique())
    if len(org_years) < 2:
        return Section("preventie", "Preventie en zorg", omitted=(
            f"Preventie tegenover zorg: voor {ctx.naam} zijn geen cijfers van organisaties over meerdere jaren "
            "aangeleverd (kinderwerk, signalen, uitgaven), dus er is geen grafiek. Organisaties leveren aan op de "
            "pagina Data aanleveren."))
    shown = series[series["indicator_id"].isin(DEFAULT_SERIES)]
    care_years = values.loc[values["indicator_id"] == "jeugdzorg_pct", "year"]
    base = int(max(org_years[0], care_years.min())) if not care_years.empty else int(org_years[0])
    title = change_sentence(shown, base, ctx.naam)
    breaks = run_query("trend_breaks", gemeente=ctx.gemeente)
    marks = break_marks(breaks, indexed(shown[shown["status"] == "value"], base))
    note = "Elke reeks op 100 in het basisjaar: zo staan kinderwerk, signalen en jeugdzorg op één as." + (
        " Gestreepte lijnen: trendbreuken — " + "; ".join(f"{y}: {label}" for y, label in marks) + "." if marks else "")
    return Section("preventie", title, chart=prevention_chart(shown, "index", base, breaks, title),
                   unit=f"index, {base} = 100", credits=_credits(shown), is_demo=_demo(shown), note=note,
                   annotations=False)


def investment(ctx: Context) -> list[Section]:
    """The investment case: sentences, the cumulative result per band in euros, and the assumptions."""
    s = ctx.scenario
    b = bands(s)
    even = break_even_year(project(s))
    end = b[b["jaar"] == s.horizon].set_index("band")["cumulatief"]
    title = (f"Na {s.horizon} jaar: {euro(end['centraal'])} centraal (laag {euro(end['laag'])}, hoog "
             f"{euro(end['hoog'])})" + (f", terugverdiend in jaar {even}" if even else
                                         ", niet terugverdiend op jeugdhulp alleen"))
    defaults = run_query("investment_defaults", gemeente=ctx.gemeente)
    base, why = defaults_from(defaults)
    values = {"fte": fmt_value(s.fte, "fte", 1), "cost_per_fte": euro(s.cost_per_fte),
              "children_per_fte": fmt_value(s.children_per_fte, "kinderen", 0),
              "share_with_care": fmt_value(s.share_with_care * 100, "%", 1),
              "share_starting": fmt_value(s.share_starting * 100, "%", 1),
              "effect": "laag 5%, centraal 10%, hoog 20%", "cost_zonder_verblijf": euro(s.cost_zonder_verblijf),
              "cost_met_verblijf": euro(s.cost_met_verblijf), "share_met_verblijf": fmt_value(s.share_met_verblijf * 100, "%", 0),
              "duration_years": fmt_value(s.duration_years, "jaar", 2), "lag": f"{s.lag} jaar",
              "horizon": f"{s.horizon} jaar", "surfacing": fmt_value(s.surfacing * 100, "%", 0)}
    origin = [why[k] if getattr(s, k) == getattr(base, k) else f"aangepast (standaard: {why[k]})" for k in values]
    assumptions = pd.DataFrame({"aanname": [LABELS[k] for k in values], "waarde": list(values.values()),
                                "herkomst": origin})
    demo = _demo(defaults)
    return [Section("investering", title, sentences=investment_sentences(ctx.naam, s), chart=band_chart(b, title),
                    unit="euro, cumulatief: besparing op jeugdhulp min kosten",
                    credits="Model: analysis/investment.py; de aannames staan in de tabel", is_demo=demo),
            Section("aannames", "Aannames van de investeringscase", table=assumptions, is_demo=demo, in_onepager=False,
                    credits=_credits(defaults))]


def expected(ctx: Context) -> Section | None:
    """Expected use per wijk, for a chosen year the model covers (2021, 2022); no section otherwise."""
    if ctx.jaar is None:
        return None
    rows = run_query("expected_by_wijk", gemeente=ctx.gemeente, year=ctx.jaar)
    if rows.empty or rows["verdict"].isna().all():
        return None
    shown = chart_rows(rows, EXPECTED_ROWS)
    title = expected_title(rows, ctx.naam, ctx.jaar, len(shown))
    return Section("verwacht", title.split("<br>")[0], sentences=[verdict_sentence(rows, ctx.naam, ctx.jaar)],
                   chart=expected_chart(shown, title), unit=EXPECTED_UNIT, credits=EXPECTED_CREDITS,
                   picture_height=22 * len(shown) + 110,
                   note=(f"De grafiek toont {len(shown)} van de {len(rows)} wijken: alle buiten het 95%-interval en de "
                         "grootste verschillen erbinnen." if len(shown) < len(rows) else ""))



def effect(ctx: Context) -> Section:
    """Werkt het? (issue 21), when chosen on that page: its sentence, pre-trend check and event-time chart."""
    from analysis.effect import effect_sentence, evaluate, pretrend_sentence
    from charts.effect import CREDITS, UNIT, event_chart
    _, est, is_demo = evaluate(run_query("effect_youthcare_by_wijk", gemeente=ctx.gemeente),
                               run_query("effect_reach_by_wijk", gemeente=ctx.gemeente))
    heading = f"Werkt het? Jeugdzorg na de start van kinderwerk in {ctx.naam}, tegenover vergelijkbare wijken"
    if not est.estimable:
        return Section("werkt_het", heading, sentences=[effect_sentence(est, is_demo=is_demo)], is_demo=is_demo,
                       omitted=f"{heading}: geen grafiek, want er is geen schatting.")
    chart = event_chart(est.by_year, heading + (" (voorbeelddata)" if is_demo else ""))
    return Section("werkt_het", heading, sentences=[effect_sentence(est, is_demo=is_demo), pretrend_sentence(est)],
                   chart=chart, unit=UNIT, credits=CREDITS + (" · kinderwerk: voorbeelddata" if is_demo else ""),
                   is_demo=is_demo)


def notes(ctx: Context) -> Section | None:
    """The gemeente's own notes on its figures (toelichtingen, issue 23): one sentence per note, as plain text
    (the one-pager escapes it, the deck writes it as text); no section when the gemeente wrote none."""
    lines = note_lines(run_query("toelichting_by_gemeente", gemeente=ctx.gemeente), ctx.naam)
    if not lines:
        return None
    return Section("toelichting", f"Toelichting van de gemeente {ctx.naam}",
                   sentences=[f"{heading}: {body}" for heading, body in lines],
                   note="Geschreven door de gemeente of de beheerder; niet door Vroeg Doen gecontroleerd.")


SECTIONS = [headline, youthcare, prevention, investment, expected, notes]


def build(gemeente: str, naam: str, jaar: int | None, scenario: Scenario,
          builders: list[SectionBuilder] | None = None) -> Export:
    """Everything an export of one gemeente shows, through the same queries and chart builders as the pages.

    Parameters
    ----------
    gemeente, naam : the gemeente code (GM0034) and its name.
    jaar : the year asked for; None gives every figure in its newest year. A figure missing in ``jaar`` is
        shown in its newest earlier year, with that year said.
    scenario : the investment case to show (the page's, or the gemeente's defaults).
    builders : the section builders, in order; default ``reports.sections.SECTIONS``.

    Each builder runs its own queries (run_query: read-only, small numbers suppressed, cached). A section
    whose chart has no data keeps only its sentences and one sentence saying why the chart is left out.
    """
    ctx = Context(gemeente, naam, jaar, scenario)
    sections: list[Section] = []
    for builder in builders if builders is not None else SECTIONS:
        made = builder(ctx)
        for section in made if isinstance(made, list) else [made] if made is not None else []:
            sections.append(_checked(section))
    info = run_query("build_info").iloc[0]
    credits = sorted({c.strip() for s in sections if s.credits.startswith("Bron: ")
                      for c in s.credits.removeprefix("Bron: ").split("; ")})
    return Export(naam=naam, jaar=jaar, release=str(info.release_id), built_at=f"{info.built_at:%d-%m-%Y}",
                  sections=sections, credits=credits, has_demo=any(s.is_demo for s in sections))
