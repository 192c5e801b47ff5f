"""What goes into an export for one gemeente: figures, sentences, charts, sources (no layout)."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from analysis.investment import LABELS, Scenario, bands, break_even_year, defaults_from, project
from analysis.narrative import investment_sentences, overview_sentences
from charts import comparable_with_nl, fit_title, trend_lines
from charts.investment import band_chart
from charts.notes import note_lines
from charts.trends import change_sentence, prevention_chart
from formatting import euro, fmt_value, short_value, status_text
from queries import run_query

HEADLINES = ["jeugdzorg_pct", "jeugdzorg_aantal", "kinderwerk_bereik_pct", "signalen_basis_pct",
             "wmo_per_1000", "bijstand_per_1000", "kinderen_0_15", "inkomen_per_inwoner"]
SUPPRESSION_NOTE = ("Kleine aantallen uit registraties van organisaties (1 tot 5) zijn niet getoond, ook niet "
                    "als ze uit een totaal terug te rekenen zouden zijn. CBS houdt kleine aantallen zelf geheim.")


@dataclass
class Export:
    naam: str
    jaar: int
    release: str
    built_at: str
    headline: pd.DataFrame            # label, waarde, Nederland, bron
    sentences: list[str]
    investment: list[str]
    assumptions: pd.DataFrame         # aanname, waarde, herkomst
    charts: dict[str, go.Figure] = field(default_factory=dict)
    credits: list[str] = field(default_factory=list)
    has_demo: bool = False
    notes: list[tuple[str, str]] = field(default_factory=list)  # the gemeente's own notes: (heading, text)


def build(gemeente: str, naam: str, jaar: int, scenario: Scenario) -> Export:
    info = run_query("build_info").iloc[0]
    figures = run_query("headline_by_gemeente", gemeente=gemeente, year=jaar).set_index("indicator_id")
    trend = run_query("trend_by_gemeente", gemeente=gemeente, indicator="jeugdzorg_pct")
    rows = figures.loc[[i for i in HEADLINES if i in figures.index]]
    headline = pd.DataFrame({
        "indicator": rows["label_nl"],
        "waarde": [fmt_value(v, u, int(d)) if st == "value" else status_text(st, u)
                   for v, u, d, st in zip(rows["value"], rows["unit"], rows["decimals"], rows["status"])],
        "Nederland": [f"{short_value(v, u, int(d))} ({int(y)})" if pd.notna(v) and comparable_with_nl(u, lab) else "–"
                      for v, u, d, y, lab in zip(rows["nl_value"], rows["unit"], rows["decimals"], rows["nl_year"],
                                                 rows["label_nl"])],  # a count is no comparison (as on Overzicht)
        "bron": [("voorbeelddata" if demo else c) for c, demo in zip(rows["credit"], rows["is_demo"].fillna(False))],
    })
    charts = {}
    own = trend[(trend.code == gemeente) & (trend.status == "value")]
    if len(own) > 1:
        charts["jeugdzorg"] = trend_lines(trend, f"Jongeren met jeugdzorg in {naam}", "% van jongeren tot 23 jaar", 1)
    prevention = run_query("prevention_trend", gemeente=gemeente)
    years = sorted(prevention.loc[prevention.status == "value", "year"].unique())
    if len(years) > 1:
        shown = prevention[prevention.indicator_id.isin(["jeugdzorg_pct", "kinderwerk_bereik_pct", "signalen_basis_pct",
                                                         "uitgaven_preventie", "uitgaven_jeugdhulp"])]
        charts["preventie"] = prevention_chart(shown, "index", int(years[0]), run_query("trend_breaks", gemeente=gemeente),
                                               change_sentence(shown, int(years[0]), naam))
    b = bands(scenario)
    even = break_even_year(project(scenario))
    end = b[b.jaar == scenario.horizon].set_index("band")["cumulatief"]
    charts["investering"] = band_chart(b, f"Na {scenario.horizon} jaar: {euro(end['centraal'])} centraal"
                                          + (f", terugverdiend in jaar {even}" if even else ""))
    values = {"fte": fmt_value(scenario.fte, "fte", 1), "cost_per_fte": euro(scenario.cost_per_fte),
              "children_per_fte": fmt_value(scenario.children_per_fte, "kinderen", 0),
              "share_at_risk": fmt_value(scenario.share_at_risk * 100, "%", 1),
              "effect": "laag 5%, centraal 10%, hoog 20%", "cost_zonder_verblijf": euro(scenario.cost_zonder_verblijf),
              "cost_met_verblijf": euro(scenario.cost_met_verblijf),
              "share_met_verblijf": fmt_value(scenario.share_met_verblijf * 100, "%", 0),
              "duration_years": fmt_value(scenario.duration_years, "jaar", 2), "lag": f"{scenario.lag} jaar",
              "horizon": f"{scenario.horizon} jaar", "surfacing": fmt_value(scenario.surfacing * 100, "%", 0)}
    base, why = defaults_from(run_query("investment_defaults", gemeente=gemeente))
    origin = [why[k] if getattr(scenario, k) == getattr(base, k) else f"aangepast (standaard: {why[k]})"
              for k in values]
    assumptions = pd.DataFrame({"aanname": [LABELS[k] for k in values], "waarde": list(values.values()),
                                "herkomst": origin})
    credits = sorted({c.removeprefix("Bron: ") for c in set(rows["credit"].dropna()) | set(prevention["credit"].dropna())})
    return Export(naam=naam, jaar=jaar, release=str(info.release_id), built_at=f"{info.built_at:%d-%m-%Y}",
                  headline=headline, sentences=overview_sentences(
                      naam, jaar, figures, trend, run_query("expected_by_wijk", gemeente=gemeente, year=jaar)),
                  investment=investment_sentences(naam, scenario), assumptions=assumptions, charts=charts,
                  credits=credits, notes=note_lines(run_query("toelichting_by_gemeente", gemeente=gemeente), naam),
                  has_demo=bool(rows["is_demo"].fillna(False).any() or prevention["is_demo"].fillna(False).any()))


@functools.lru_cache(maxsize=1)
def _kaleido_started() -> bool:
    """Start kaleido's browser once per process: each image then takes ~0.3 s instead of ~4 s."""
    import kaleido
    kaleido.start_sync_server(silence_warnings=True)
    return True


def png(fig: go.Figure, width: int = 1100, height: int = 520) -> bytes:
    _kaleido_started()
    fig = fit_title(go.Figure(fig))  # a copy: the title wraps as on the page, the caller's figure is unchanged
    return fig.to_image(format="png", width=width, height=height, scale=1)
