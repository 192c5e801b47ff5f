"""The investment case for kinderwerk: what extra kinderwerk would likely bring, and how sure we are.

A deliberately simple, transparent model — every step can be checked by hand:

1. extra FTE kinderwerk reach ``fte × children_per_fte`` children per year;
2. of them ``share_starting`` would otherwise *start* jeugdhulp that year (the yearly inflow). CBS
   publishes the share of young people who *have* jeugdhulp in a year (``share_with_care``, a
   prevalence); in a steady state prevalence = inflow × mean duration, so the inflow is
   ``share_with_care / duration_years`` unless a measured inflow is given (``inflow``);
3. kinderwerk lowers that inflow by ``effect`` (relative), from ``lag`` years after the start (signals
   need time to turn into earlier help);
4. each avoided start saves ``duration_years`` years of jeugdhulp at ``cost_per_year_of_care`` (the
   weighted average of forms with and without verblijf), spread over the years the trajectory would
   have run — so in a steady state the yearly saving is the avoided *prevalence* × the yearly cost;
5. the investment costs ``fte × cost_per_fte`` per year;
6. in the first year prevention also *surfaces* hidden need: ``surfacing`` of the children reached who
   would start care are referred earlier than they otherwise would be — a cost before the saving.

Whether the children reached are new each year does not change the count: the model applies the
yearly inflow to the children reached *that year*; a child who takes part three years runs the yearly
chance three times. Counting the prevalence as inflow (as an earlier version did) overstates avoided
trajectories and savings by the duration (×1,5 with the defaults).

Three bands (low / central / high) take the effect from ``EFFECTS``. The model does not know
effects outside jeugdhulp (school, safety, later life), displacement between organisations, or
whether the inflow among the children reached equals the gemeente's average; the page says so.
New inputs come as keyword fields of ``Scenario`` with a default, so existing callers keep working.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import pandas as pd

EFFECTS = {"laag": 0.05, "centraal": 0.10, "hoog": 0.20}
NATIONAL_SHARE_WITH_CARE = 0.110  # CBS 85099NED: 11,0% of young people under 23 had jeugdzorg in 2023 (NL)
SEOR_RETURN = 1.6  # SEOR meta-analysis of 14 social-work cost-benefit studies: on average €1.6 back per €1


@dataclass(frozen=True)
class Scenario:
    """The inputs of the investment case. Amounts in euros per year, shares as fractions."""
    fte: float = 4.0
    cost_per_fte: float = 75_000.0
    children_per_fte: float = 80.0
    share_with_care: float = NATIONAL_SHARE_WITH_CARE  # prevalence: had jeugdzorg in a year
    effect: float = EFFECTS["centraal"]
    cost_zonder_verblijf: float = 9_000.0
    cost_met_verblijf: float = 60_000.0
    share_met_verblijf: float = 0.10
    duration_years: float = 1.5
    lag: int = 1
    horizon: int = 5
    surfacing: float = 0.02
    inflow: float | None = None  # measured share that starts jeugdzorg per year; None: derived (steady state)

    @property
    def share_starting(self) -> float:
        """The yearly inflow: measured if given, else prevalence ÷ mean duration (steady state)."""
        if self.inflow is not None:
            return self.inflow
        return self.share_with_care / self.duration_years if self.duration_years > 0 else 0.0

    @property
    def inflow_is_derived(self) -> bool:
        """True when the inflow is derived from the prevalence and the duration, not measured."""
        return self.inflow is None

    @property
    def cost_per_year_of_care(self) -> float:
        """Euros per year of care: with and without verblijf, weighted by their shares."""
        return (1 - self.share_met_verblijf) * self.cost_zonder_verblijf + self.share_met_verblijf * self.cost_met_verblijf

    @property
    def cost_per_trajectory(self) -> float:
        """Euros per trajectory: a year of care times the duration in years."""
        return self.cost_per_year_of_care * self.duration_years

    @property
    def annual_cost(self) -> float:
        """Euros per year of the extra kinderwerk: fte times the cost per fte."""
        return self.fte * self.cost_per_fte


def _overlap(years_since_start: int, duration: float) -> float:
    """The part of year ``start + years_since_start`` that a trajectory of ``duration`` years runs."""
    return float(min(1.0, max(0.0, duration - years_since_start)))


def project(s: Scenario) -> pd.DataFrame:
    """Year by year: children reached, starts avoided, fewer young people in care, euros, net and cumulative.

    ``trajecten_voorkomen`` are avoided *starts* in that year (inflow); ``minder_in_zorg`` is how many
    fewer young people have jeugdhulp in that year (the avoided starts of this and earlier years still
    running); ``besparing`` is ``minder_in_zorg × cost_per_year_of_care``.
    """
    years = pd.RangeIndex(1, s.horizon + 1, name="jaar")
    reached = s.fte * s.children_per_fte
    starting = reached * s.share_starting
    active = pd.Series([1.0 if t > s.lag else 0.0 for t in years], index=years)
    surfaced = pd.Series([starting * s.surfacing if t == 1 else 0.0 for t in years], index=years)
    avoided = starting * s.effect * active - surfaced
    in_care = pd.Series([sum(avoided[u] * _overlap(t - u, s.duration_years) for u in years if u <= t)
                         for t in years], index=years, dtype=float)
    out = pd.DataFrame({
        "kinderen_bereikt": reached,
        "trajecten_voorkomen": avoided,
        "minder_in_zorg": in_care,
        "besparing": in_care * s.cost_per_year_of_care,
        "kosten": s.annual_cost,
    }, index=years)
    out["netto"] = out["besparing"] - out["kosten"]
    out["cumulatief"] = out["netto"].cumsum()
    return out


def bands(s: Scenario, effects: dict[str, float] | None = None) -> pd.DataFrame:
    """The projection for each effect band, long: jaar, band, and the projection's columns.

    ``effects`` replaces the borrowed ``EFFECTS`` when the gemeente has its own estimate (page Werkt het?,
    ``analysis.effect.investment_effects``): its 95% interval gives the low and high band."""
    return pd.concat({band: project(replace(s, effect=e)) for band, e in (effects or EFFECTS).items()},
                     names=["band"]).reset_index()


def break_even_year(projection: pd.DataFrame) -> int | None:
    """The first year in which the cumulative net result is no longer negative; None within the
    horizon, and None when nothing is spent (there is nothing to earn back)."""
    if "kosten" in projection and not (projection["kosten"] > 0).any():
        return None
    even = projection.index[projection["cumulatief"] >= 0]
    return int(even[0]) if len(even) else None


def return_per_euro(s: Scenario) -> float:
    """Euros saved per euro invested over the horizon (0 when nothing is invested)."""
    p = project(s)
    spent = p["kosten"].sum()
    return float(p["besparing"].sum() / spent) if spent else 0.0


SENSITIVE = {  # assumption: (label, low factor, high factor) applied to the central value
    "effect": ("effect op instroom", 0.5, 2.0),
    "children_per_fte": ("kinderen per fte", 0.75, 1.25),
    "share_with_care": ("aandeel jongeren met jeugdzorg", 0.75, 1.25),
    "cost_zonder_verblijf": ("kosten traject zonder verblijf", 0.75, 1.25),
    "cost_met_verblijf": ("kosten traject met verblijf", 0.75, 1.25),
    "share_met_verblijf": ("aandeel met verblijf", 0.5, 1.5),
    "cost_per_fte": ("kosten per fte", 0.85, 1.15),
    "duration_years": ("duur van een traject", 0.67, 1.33),
}


def sensitivity(s: Scenario) -> pd.DataFrame:
    """How far the cumulative net result at the horizon moves when one assumption moves.

    Returns one row per assumption (largest swing first): the result at its low and high value.
    """
    base = project(s)["cumulatief"].iloc[-1]
    rows = []
    for name, (label, low, high) in SENSITIVE.items():
        central = asdict(s)[name]
        if central is None:
            continue
        at_low = project(replace(s, **{name: central * low}))["cumulatief"].iloc[-1]
        at_high = project(replace(s, **{name: central * high}))["cumulatief"].iloc[-1]
        rows.append({"aanname": label, "laag": at_low - base, "hoog": at_high - base,
                     "uitslag": abs(at_high - at_low)})
    return pd.DataFrame(rows).sort_values("uitslag", ascending=False).reset_index(drop=True)


LABELS = {  # field: Dutch label, as on the page
    "fte": "Extra kinderwerk (fte)", "cost_per_fte": "Kosten per fte per jaar",
    "children_per_fte": "Kinderen bereikt per fte per jaar",
    "share_with_care": "Aandeel jongeren met jeugdzorg in een jaar",
    "share_starting": "Instroom: aandeel dat per jaar met jeugdzorg begint",
    "effect": "Effect op de instroom in jeugdhulp", "cost_zonder_verblijf": "Jaarkosten jeugdhulp zonder verblijf",
    "cost_met_verblijf": "Jaarkosten jeugdhulp met verblijf", "share_met_verblijf": "Aandeel met verblijf",
    "duration_years": "Duur van een traject", "lag": "Vertraging tot effect", "horizon": "Horizon",
    "surfacing": "Vroege toename (verborgen hulpvragen)",
}

ASSUMPTIONS = {  # field: where a default comes from when the gemeente has no figure of its own
    "fte": "keuze: de investering die u overweegt",
    "cost_per_fte": "aanname: loonkosten kinderwerker (cao Sociaal Werk, schaal 8) met werkgeverslasten en overhead",
    "children_per_fte": "aanname: kinderen die één fte kinderwerk per jaar bereikt",
    "share_with_care": (f"landelijk cijfer: {NATIONAL_SHARE_WITH_CARE * 100:.1f}".replace(".", ",")
                        + "% van de jongeren tot 23 jaar had in 2023 jeugdzorg (CBS 85099NED)"),
    "share_starting": "afgeleid: aandeel met jeugdzorg ÷ duur van een traject (evenwicht: aandeel = instroom × duur); "
                      "de meegeleverde CBS-cijfers bevatten geen instroom per gemeente",
    "effect": f"aanname, onzeker: daarom laag {EFFECTS['laag']:.0%}, centraal {EFFECTS['centraal']:.0%}, "
              f"hoog {EFFECTS['hoog']:.0%}",
    "cost_zonder_verblijf": "aanname: gemiddelde jaarkosten jeugdhulp zonder verblijf",
    "cost_met_verblijf": "aanname: gemiddelde jaarkosten jeugdhulp met verblijf",
    "share_met_verblijf": "aanname: landelijk had ongeveer 1 op 10 jongeren met jeugdhulp verblijf (2019: 43.000 van 431.000)",
    "duration_years": "aanname: gemiddelde duur van een jeugdhulptraject",
    "lag": "aanname: tijd tussen signaal en voorkomen instroom",
    "horizon": "keuze: de periode die u wilt overzien",
    "surfacing": "aanname: in het eerste jaar brengt het kinderwerk verborgen hulpvragen eerder aan het licht",
}


def defaults_from(figures: pd.DataFrame, **overrides) -> tuple[Scenario, dict[str, str]]:
    """Defaults from the gemeente's own figures where they exist, with where each default comes from.

    ``figures`` has columns indicator_id, year, value, is_demo (the query investment_defaults).
    ``overrides`` (Scenario fields) replace a default afterwards; their origin reads "eigen invoer".
    """
    s, why = Scenario(), dict(ASSUMPTIONS)
    own = figures.set_index("indicator_id")

    def label(indicator: str) -> str:
        row = own.loc[indicator]
        return f"{int(row['year'])}" + (", voorbeelddata" if bool(row.get("is_demo", False)) else "")

    if "jeugdzorg_pct" in own.index:
        s = replace(s, share_with_care=round(float(own.at["jeugdzorg_pct", "value"]) / 100, 3))
        why["share_with_care"] = f"eigen cijfer: aandeel jongeren met jeugdzorg (CBS, {label('jeugdzorg_pct')})"
    if {"uitgaven_jeugdhulp", "jeugdzorg_aantal"} <= set(own.index) and float(own.at["jeugdzorg_aantal", "value"]) > 0:
        per_young_person = float(own.at["uitgaven_jeugdhulp", "value"]) / float(own.at["jeugdzorg_aantal", "value"])
        scale = per_young_person / s.cost_per_year_of_care
        s = replace(s, cost_zonder_verblijf=round(s.cost_zonder_verblijf * scale, -2),
                    cost_met_verblijf=round(s.cost_met_verblijf * scale, -2))
        source = f"uitgaven jeugdhulp gedeeld door jongeren met jeugdzorg ({label('uitgaven_jeugdhulp')})"
        if int(own.at["jeugdzorg_aantal", "year"]) != int(own.at["uitgaven_jeugdhulp", "year"]):
            source += f", jongeren met jeugdzorg uit {int(own.at['jeugdzorg_aantal', 'year'])}"
        credit = own["credit"].get("uitgaven_jeugdhulp") if "credit" in own.columns else None
        if isinstance(credit, str) and not bool(own.at["uitgaven_jeugdhulp", "is_demo"]):
            source += f"; uitgaven: {credit}"
        why["cost_zonder_verblijf"] = why["cost_met_verblijf"] = f"eigen cijfers: {source}; verhouding met/zonder verblijf is een aanname"
    if overrides:
        s = replace(s, **overrides)
        why.update({k: "eigen invoer" for k in overrides})
    if s.inflow is not None and "inflow" not in overrides:
        why["share_starting"] = "gemeten instroom"
    return s, why


def break_even_effect(s: Scenario) -> float | None:
    """The effect on inflow at which the savings on jeugdhulp alone pay back the investment over
    the horizon (the model is linear in the effect); None when nothing is invested or no year counts."""
    zero, one = project(replace(s, effect=0.0)), project(replace(s, effect=1.0))
    gain = one["cumulatief"].iloc[-1] - zero["cumulatief"].iloc[-1]
    if s.annual_cost == 0 or gain <= 0:
        return None
    return float(-zero["cumulatief"].iloc[-1] / gain)
