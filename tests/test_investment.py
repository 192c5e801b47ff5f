"""The investment model (analysis/investment.py) against cases worked out by hand, and its properties.

Every expected number below is derived in the comments from the model's six steps, so a reader
can check it with pen and paper; hypothesis then checks what must hold for every valid scenario.
"""
from __future__ import annotations

import os
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import investment as inv
from analysis.investment import (ASSUMPTIONS, EFFECTS, SENSITIVE, Scenario, bands, break_even_effect,
                                 break_even_year, defaults_from, project, return_per_euro, sensitivity)

COLUMNS = ["kinderen_bereikt", "trajecten_voorkomen", "minder_in_zorg", "besparing", "kosten", "netto", "cumulatief"]


def column(p: pd.DataFrame, name: str) -> list[float]:
    return [float(v) for v in p[name]]


# --- case A: the brief's example, never paid back ----------------------------------------------
#
# fte=2, children_per_fte=50, share_with_care=0.15, effect=0.2, cost_per_fte=75.000, lag=1,
# surfacing=0.02, horizon=5, care costs at their defaults (9.000 / 60.000, 10% met verblijf, 1,5 jaar).
#
#   cost per year of care = (1 - 0,1) × 9.000 + 0,1 × 60.000 = 8.100 + 6.000 = 14.100
#   cost per trajectory   = 14.100 × 1,5 = 21.150
#   inflow                = 0,15 / 1,5 = 0,10 per year (prevalence ÷ duration)
#   reached               = 2 × 50 = 100 children per year;  starting = 100 × 0,1 = 10
#   avoided starts: year 1 not active (t ≤ lag), surfaced 10 × 0,02 = 0,2 → −0,2; years 2..5: 10 × 0,2 = 2
#   a start runs 1,5 years: all of its first year, half of its second
#   fewer in care: y1 −0,2; y2 2 − 0,1 = 1,9; y3..5 2 + 1 = 3 (= 2 starts × 1,5 years: steady state)
#   savings (× 14.100): −2.820; 26.790; 42.300; 42.300; 42.300
#   cost = 2 × 75.000 = 150.000 per year
#   net: −152.820; −123.210; −107.700 × 3
#   cumulative: −152.820, −276.030, −383.730, −491.430, −599.130  → no break-even year
#   return per euro = (−2.820 + 26.790 + 3 × 42.300) / 750.000 = 150.870 / 750.000 = 0,20116
#   break-even effect: at effect 0 only the surfacing: −0,2 and −0,1 in care → −4.230, cumulative
#   −754.230; each unit of effect adds starts of 10 in y2..5 → 10 + 15 + 15 + 15 = 55 care years
#   × 14.100 = 775.500, so e* = 754.230 / 775.500 = 0,97257…

CASE_A = Scenario(fte=2, children_per_fte=50, share_with_care=0.15, effect=0.2, cost_per_fte=75_000, lag=1,
                  surfacing=0.02, horizon=5)


def test_case_a_costs_and_inflow():
    assert CASE_A.cost_per_year_of_care == pytest.approx(14_100)
    assert CASE_A.cost_per_trajectory == pytest.approx(21_150)
    assert CASE_A.annual_cost == pytest.approx(150_000)
    assert CASE_A.share_starting == pytest.approx(0.10) and CASE_A.inflow_is_derived


def test_case_a_projection_year_by_year():
    p = project(CASE_A)
    assert list(p.index) == [1, 2, 3, 4, 5] and p.index.name == "jaar"
    assert list(p.columns) == COLUMNS
    assert column(p, "kinderen_bereikt") == [100] * 5
    assert column(p, "trajecten_voorkomen") == pytest.approx([-0.2, 2.0, 2.0, 2.0, 2.0])
    assert column(p, "minder_in_zorg") == pytest.approx([-0.2, 1.9, 3.0, 3.0, 3.0])
    assert column(p, "besparing") == pytest.approx([-2_820, 26_790, 42_300, 42_300, 42_300])
    assert column(p, "kosten") == pytest.approx([150_000] * 5)
    assert column(p, "netto") == pytest.approx([-152_820, -123_210, -107_700, -107_700, -107_700])
    assert column(p, "cumulatief") == pytest.approx([-152_820, -276_030, -383_730, -491_430, -599_130])


def test_case_a_summary_figures():
    assert break_even_year(project(CASE_A)) is None
    assert return_per_euro(CASE_A) == pytest.approx(150_870 / 750_000)  # 0,20116
    assert break_even_effect(CASE_A) == pytest.approx(754_230 / 775_500)  # 0,97257…


# --- case B: no lag, paid back in year 1 --------------------------------------------------------
#
# fte=1, cost_per_fte=20.000, children_per_fte=100, share_with_care=0.3 (inflow 0,2), effect=0.5, lag=0,
# surfacing=0.05, horizon=3; a year of care 14.100.
#
#   reached 100, starting 20; all years active (t > 0)
#   avoided starts: year 1: 20 × 0,5 − 20 × 0,05 = 9; years 2..3: 10
#   fewer in care: 9; 10 + 4,5 = 14,5; 10 + 5 = 15
#   savings: 126.900; 204.450; 211.500;  cost 20.000 per year
#   net: 106.900, 184.450, 191.500 → cumulative 106.900, 291.350, 482.850 → break-even year 1
#   return per euro = 542.850 / 60.000 = 9,0475
#   break-even effect: effect 0 → −1 start: −1 and −0,5 in care → −21.150, cumulative −81.150; per unit of
#   effect 20 starts a year → 20 + 30 + 30 = 80 care years × 14.100 = 1.128.000 → e* = 0,07194…

CASE_B = Scenario(fte=1, cost_per_fte=20_000, children_per_fte=100, share_with_care=0.3, effect=0.5, lag=0,
                  surfacing=0.05, horizon=3)


def test_case_b_without_lag_pays_back_in_year_one():
    p = project(CASE_B)
    assert column(p, "trajecten_voorkomen") == pytest.approx([9, 10, 10])
    assert column(p, "minder_in_zorg") == pytest.approx([9, 14.5, 15])
    assert column(p, "besparing") == pytest.approx([126_900, 204_450, 211_500])
    assert column(p, "netto") == pytest.approx([106_900, 184_450, 191_500])
    assert column(p, "cumulatief") == pytest.approx([106_900, 291_350, 482_850])
    assert break_even_year(p) == 1
    assert return_per_euro(CASE_B) == pytest.approx(9.0475)
    assert break_even_effect(CASE_B) == pytest.approx(81_150 / 1_128_000)


# --- case C: paid back in year 5 ----------------------------------------------------------------
#
# fte=2, cost_per_fte=30.000, children_per_fte=50, share_with_care=0.3 (inflow 0,2), effect=0.2, lag=1,
# surfacing=0.02, horizon=6; a year of care 14.100.
#
#   reached 100, starting 20; avoided starts: y1 −0,4; y2..6: 4
#   fewer in care: −0,4; 4 − 0,2 = 3,8; then 6 a year
#   savings: −5.640; 53.580; 84.600 × 4;  cost 60.000 per year
#   net: −65.640, −6.420, then 24.600 a year
#   cumulative: −65.640, −72.060, −47.460, −22.860, 1.740, 26.340 → break-even year 5
#   return per euro = (−5.640 + 53.580 + 4 × 84.600) / 360.000 = 386.340 / 360.000 = 1,07317
#   break-even effect: effect 0 → −0,4 and −0,2 in care → −8.460, cumulative −368.460; per unit
#   20 starts in y2..6 → 20 + 4 × 30 = 140 care years × 14.100 = 1.974.000 → e* = 0,18666…

CASE_C = Scenario(fte=2, cost_per_fte=30_000, children_per_fte=50, share_with_care=0.3, effect=0.2, lag=1,
                  surfacing=0.02, horizon=6)


def test_case_c_pays_back_in_year_five():
    p = project(CASE_C)
    assert column(p, "trajecten_voorkomen") == pytest.approx([-0.4, 4, 4, 4, 4, 4])
    assert column(p, "netto") == pytest.approx([-65_640, -6_420] + [24_600] * 4)
    assert column(p, "cumulatief") == pytest.approx([-65_640, -72_060, -47_460, -22_860, 1_740, 26_340])
    assert break_even_year(p) == 5
    assert return_per_euro(CASE_C) == pytest.approx(386_340 / 360_000)
    assert break_even_effect(CASE_C) == pytest.approx(368_460 / 1_974_000)


# --- steady state: prevalence = inflow × duration -------------------------------------------------

@pytest.mark.parametrize("duration", [0.5, 1.0, 1.5, 2.25, 4.0])
def test_steady_state_prevalence_is_inflow_times_duration(duration):
    s = Scenario(share_with_care=0.12, duration_years=duration, lag=0, surfacing=0.0, horizon=12)
    assert s.share_starting * s.duration_years == pytest.approx(s.share_with_care)
    p = project(s)
    late = p.loc[int(np.ceil(duration)) + 1:]  # every start still running has started within the horizon
    # fewer young people in care = avoided starts × duration; saving = that × the yearly cost
    assert late["minder_in_zorg"].tolist() == pytest.approx((late["trajecten_voorkomen"] * duration).tolist())
    assert late["besparing"].tolist() == pytest.approx((late["minder_in_zorg"] * s.cost_per_year_of_care).tolist())
    # …which is the avoided share *with* care × the yearly cost: the duration cancels out
    reached = s.fte * s.children_per_fte
    assert late["besparing"].iloc[-1] == pytest.approx(reached * 0.12 * s.effect * s.cost_per_year_of_care)


def test_prevalence_counted_as_inflow_would_overstate_by_the_duration():
    s = Scenario(share_with_care=0.12, duration_years=1.5, lag=0, surfacing=0.0, horizon=6)
    as_if_inflow = replace(s, inflow=0.12)  # the old model's reading of the prevalence
    assert not as_if_inflow.inflow_is_derived
    ratio = project(as_if_inflow)["trajecten_voorkomen"] / project(s)["trajecten_voorkomen"]
    assert ratio.tolist() == pytest.approx([1.5] * 6)


def test_a_measured_inflow_is_used_as_given():
    s, why = defaults_from(figures(), inflow=0.05)
    assert s.share_starting == 0.05 and why["inflow"] == "eigen invoer"


def test_a_horizon_within_the_lag_never_counts_an_effect():
    # lag 3, horizon 2: no year is active; only year 1's surfacing: 320 × (0,11 / 1,5) × 0,02 = −0,46933…
    s = Scenario(lag=3, horizon=2)
    p = project(s)
    assert column(p, "trajecten_voorkomen") == pytest.approx([-320 * 0.11 / 1.5 * 0.02, 0.0])
    assert break_even_effect(s) is None  # no effect can pay it back within the horizon
    assert break_even_year(p) is None


def test_break_even_year_is_the_first_year_no_longer_negative():
    p = pd.DataFrame({"cumulatief": [-5.0, 0.0, 3.0]}, index=pd.RangeIndex(1, 4, name="jaar"))
    assert break_even_year(p) == 2  # exactly 0 counts as paid back
    assert break_even_year(p.assign(cumulatief=[-3.0, -2.0, -1.0])) is None


def test_return_per_euro_without_cost_is_zero():
    assert return_per_euro(Scenario(fte=0)) == 0.0
    assert return_per_euro(Scenario(cost_per_fte=0)) == 0.0


# --- bands --------------------------------------------------------------------------------------

def test_bands_are_the_projection_per_effect_band():
    b = bands(CASE_A)
    assert list(b.columns) == ["band", "jaar"] + COLUMNS
    assert list(b["band"].unique()) == ["laag", "centraal", "hoog"]
    # the band's effect replaces the scenario's: 'hoog' (0,20) is CASE_A itself
    hoog = b[b.band == "hoog"].set_index("jaar")[COLUMNS]
    pd.testing.assert_frame_equal(hoog, project(CASE_A), check_names=False)
    # laag 5%: years 2..5 avoid 10 × 0,05 = 0,5 starts; centraal 10%: 1,0
    assert b[b.band == "laag"].trajecten_voorkomen.tolist() == pytest.approx([-0.2, 0.5, 0.5, 0.5, 0.5])
    assert b[b.band == "centraal"].trajecten_voorkomen.tolist() == pytest.approx([-0.2, 1, 1, 1, 1])
    assert EFFECTS == {"laag": 0.05, "centraal": 0.10, "hoog": 0.20}


# --- sensitivity --------------------------------------------------------------------------------

def test_sensitivity_rows_for_case_a_by_hand():
    sens = sensitivity(CASE_A).set_index("aanname")
    assert set(sens.index) == {label for label, _, _ in SENSITIVE.values()}
    # effect ×0,5 → 0,1 and ×2 → 0,4: each unit of effect moves the horizon result by 775.500
    assert sens.at["effect op instroom", "laag"] == pytest.approx(-0.1 * 775_500)   # −77.550
    assert sens.at["effect op instroom", "hoog"] == pytest.approx(0.2 * 775_500)    # +155.100
    assert sens.at["effect op instroom", "uitslag"] == pytest.approx(232_650)
    # cost per fte ±15% of 5 × 150.000 = 750.000 → ∓112.500
    assert sens.at["kosten per fte", "laag"] == pytest.approx(112_500)
    assert sens.at["kosten per fte", "hoog"] == pytest.approx(-112_500)
    # children per fte ±25%: savings over the horizon are 150.870, so ±37.717,5
    assert sens.at["kinderen per fte", "laag"] == pytest.approx(-37_717.5)
    assert sens.at["kinderen per fte", "hoog"] == pytest.approx(37_717.5)
    assert sensitivity(CASE_A)["aanname"].iloc[0] == "effect op instroom"


# --- properties over valid scenarios -------------------------------------------------------------

# Valid scenarios: the values the page's inputs can take (views/investment.py: their ranges and
# steps), effect and surfacing in whole percents. On this grid the model's sums are exact to far
# below a cent; arbitrary floats (1e-300 of an fte, a share of 0.9999999999999999) only test
# floating point, which no page can ask for.
def grid(step: float, largest: float, smallest: float = 0.0):
    return st.integers(round(smallest / step), round(largest / step)).map(lambda k: k * step)


scenarios = st.builds(
    Scenario,
    fte=grid(0.5, 200), cost_per_fte=grid(1_000, 250_000), children_per_fte=grid(5, 1_000),
    share_with_care=grid(0.005, 1), effect=grid(0.01, 1), cost_zonder_verblijf=grid(500, 200_000),
    cost_met_verblijf=grid(1_000, 500_000), share_met_verblijf=grid(0.01, 1),
    duration_years=grid(0.25, 10, smallest=0.25), lag=st.integers(0, 5), horizon=st.integers(1, 20),
    surfacing=grid(0.01, 0.2))
invested = scenarios.filter(lambda s: s.annual_cost > 0)
# VD_EXAMPLES=3000 for a longer search (passes at 3000 on the grid above).
PROPERTY = settings(max_examples=int(os.environ.get("VD_EXAMPLES", 150)), deadline=None,
                    suppress_health_check=[HealthCheck.filter_too_much])


def tolerance(s: Scenario) -> float:
    """Float noise allowed on euro totals: relative to the largest amounts in play."""
    scale = s.horizon * (s.annual_cost + s.fte * s.children_per_fte * s.cost_per_trajectory)
    return 1e-9 * max(scale, 1.0)


@PROPERTY
@given(scenarios, st.floats(0, 1), st.floats(0, 1))
def test_more_effect_never_costs_more(s, e1, e2):
    low, high = sorted((e1, e2))
    at_low, at_high = project(replace(s, effect=low)), project(replace(s, effect=high))
    assert (at_high["cumulatief"] >= at_low["cumulatief"] - tolerance(s)).all()
    assert (at_high["trajecten_voorkomen"] >= at_low["trajecten_voorkomen"] - 1e-9).all()


@PROPERTY
@given(scenarios)
def test_no_investment_changes_nothing(s):
    s = replace(s, fte=0)
    p = project(s)
    assert len(p) == s.horizon
    for name in COLUMNS:
        assert (p[name] == 0).all(), name
    assert return_per_euro(s) == 0.0
    assert break_even_effect(s) is None
    assert sensitivity(s)["uitslag"].eq(0).all()


@PROPERTY
@given(scenarios)
def test_bands_are_ordered_low_central_high(s):
    b = bands(s)
    wide = {band: b[b.band == band].set_index("jaar") for band in EFFECTS}
    for name in ("trajecten_voorkomen", "besparing", "netto", "cumulatief"):
        assert (wide["laag"][name] <= wide["centraal"][name] + tolerance(s)).all(), name
        assert (wide["centraal"][name] <= wide["hoog"][name] + tolerance(s)).all(), name


@PROPERTY
@given(invested)
def test_break_even_effect_makes_the_horizon_result_zero(s):
    needed = break_even_effect(s)
    if needed is None:
        # only when no year counts an effect, or an avoided trajectory is worth nothing
        assert s.horizon <= s.lag or s.fte * s.children_per_fte * s.share_starting * s.cost_per_trajectory == 0
        return
    assert needed > 0
    at = project(replace(s, effect=needed))["cumulatief"].iloc[-1]
    # ≈ 0: within a millionth of the money spent. (The model finds the effect from a difference of
    # two cumulative results; when the needed effect is absurd, say 10⁸, that costs digits.)
    assert at == pytest.approx(0, abs=1e-6 * s.annual_cost * s.horizon)


@PROPERTY
@given(scenarios)
def test_sensitivity_is_sorted_by_swing(s):
    sens = sensitivity(s)
    assert list(sens.columns) == ["aanname", "laag", "hoog", "uitslag"]
    assert len(sens) == len(SENSITIVE) and list(sens.index) == list(range(len(SENSITIVE)))
    assert sens["uitslag"].is_monotonic_decreasing
    assert (sens["uitslag"] >= 0).all()
    assert sens["uitslag"].tolist() == pytest.approx((sens["hoog"] - sens["laag"]).abs().tolist(),
                                                     abs=tolerance(s))


@PROPERTY
@given(scenarios)
def test_cumulative_is_the_running_sum_of_net(s):
    p = project(s)
    assert p["netto"].tolist() == pytest.approx((p["besparing"] - p["kosten"]).tolist(), abs=tolerance(s))
    assert p["cumulatief"].iloc[-1] == pytest.approx(p["netto"].sum(), abs=tolerance(s))
    assert (p["kosten"] == s.annual_cost).all()


# --- defaults from the gemeente's own figures ---------------------------------------------------

def figures(*rows) -> pd.DataFrame:
    """Rows shaped like queries/investment_defaults.sql: (indicator_id, year, value, is_demo)."""
    return pd.DataFrame(list(rows), columns=["indicator_id", "year", "value", "is_demo"])


def test_defaults_without_own_figures_are_the_assumptions():
    s, why = defaults_from(figures())
    assert s == Scenario()
    assert why == ASSUMPTIONS and why is not ASSUMPTIONS  # a copy: the page may not change the module's


def test_defaults_use_the_own_jeugdzorg_share():
    s, why = defaults_from(figures(("jeugdzorg_pct", 2024, 11.7, False)))
    assert s.share_with_care == pytest.approx(0.117)
    assert why["share_with_care"] == "eigen cijfer: aandeel jongeren met jeugdzorg (CBS, 2024)"
    # the rest stays on the assumptions
    assert (s.cost_zonder_verblijf, s.cost_met_verblijf) == (9_000, 60_000)
    assert why["cost_zonder_verblijf"] == ASSUMPTIONS["cost_zonder_verblijf"]


def test_defaults_use_the_own_cost_per_young_person():
    # 84.600.000 / 5.000 = 16.920 per young person; the assumed year of care costs 14.100,
    # so both costs scale by 16.920 / 14.100 = 1,2: 9.000 → 10.800 and 60.000 → 72.000
    s, why = defaults_from(figures(("uitgaven_jeugdhulp", 2024, 84_600_000.0, True),
                                   ("jeugdzorg_aantal", 2024, 5_000.0, False)))
    assert (s.cost_zonder_verblijf, s.cost_met_verblijf) == (10_800, 72_000)
    assert s.cost_per_year_of_care == pytest.approx(16_920)
    assert s.share_with_care == Scenario().share_with_care  # no own share: the national figure
    for field in ("cost_zonder_verblijf", "cost_met_verblijf"):
        assert why[field].startswith("eigen cijfers: uitgaven jeugdhulp gedeeld door jongeren met jeugdzorg")
        assert "(2024, voorbeelddata)" in why[field]  # the spending is demo data: it says so
        assert "verhouding met/zonder verblijf is een aanname" in why[field]
    assert why["share_with_care"] == ASSUMPTIONS["share_with_care"]


def test_defaults_round_scaled_costs_to_hundreds():
    # 70.000.000 / 5.000 = 14.000 → scale 14.000 / 14.100 = 0,99291…: 8.936,2 → 8.900; 59.574,5 → 59.600
    s, _ = defaults_from(figures(("uitgaven_jeugdhulp", 2023, 70_000_000.0, False),
                                 ("jeugdzorg_aantal", 2023, 5_000.0, False)))
    assert (s.cost_zonder_verblijf, s.cost_met_verblijf) == (8_900, 59_600)


def test_defaults_need_both_spending_and_count_for_the_cost():
    for rows in ([("uitgaven_jeugdhulp", 2024, 84_600_000.0, False)], [("jeugdzorg_aantal", 2024, 5_000.0, False)]):
        s, why = defaults_from(figures(*rows))
        assert (s.cost_zonder_verblijf, s.cost_met_verblijf) == (9_000, 60_000)
        assert why["cost_met_verblijf"] == ASSUMPTIONS["cost_met_verblijf"]


def test_defaults_say_when_the_own_share_is_demo_data():
    _, why = defaults_from(figures(("jeugdzorg_pct", 2022, 9.0, True)))
    assert why["share_with_care"] == "eigen cijfer: aandeel jongeren met jeugdzorg (CBS, 2022, voorbeelddata)"


def test_defaults_with_a_zero_count_fall_back_to_the_assumed_costs():
    # spending / 0 young people is no cost per young person: keep the assumed costs (no ZeroDivisionError)
    s, why = defaults_from(figures(("uitgaven_jeugdhulp", 2024, 1_000_000.0, False),
                                   ("jeugdzorg_aantal", 2024, 0.0, False)))
    assert (s.cost_zonder_verblijf, s.cost_met_verblijf) == (9_000, 60_000)
    assert why["cost_zonder_verblijf"] == ASSUMPTIONS["cost_zonder_verblijf"]


@pytest.mark.usefixtures("use_fixture_warehouse")
def test_defaults_from_the_fixture_warehouse():
    from queries import run_query
    # Almere: its own jeugdzorg share of 2024 (11,7%); no spending in the fixture → assumed costs
    s, why = defaults_from(run_query("investment_defaults", gemeente="GM0034"))
    assert s.share_with_care == pytest.approx(0.117)
    assert why["share_with_care"] == "eigen cijfer: aandeel jongeren met jeugdzorg (CBS, 2024)"
    assert (s.cost_zonder_verblijf, s.cost_met_verblijf) == (9_000, 60_000)
    # Amsterdam: only 2021 → that year is named
    s, why = defaults_from(run_query("investment_defaults", gemeente="GM0363"))
    assert s.share_with_care == pytest.approx(0.098) and "(CBS, 2021)" in why["share_with_care"]
    # Groningen: its jeugdzorg share is secret (status 'secret' is not a figure) → the assumption
    s, why = defaults_from(run_query("investment_defaults", gemeente="GM0014"))
    assert s == Scenario() and why == ASSUMPTIONS


def test_every_scenario_field_has_a_provenance():
    assert set(ASSUMPTIONS) == (set(inv.asdict(Scenario())) - {"inflow"}) | {"share_starting"}


def test_the_assumption_text_says_the_share_the_model_uses():
    # the old text said "landelijk kreeg 10%" while 12% was used
    assert Scenario().share_with_care == inv.NATIONAL_SHARE_WITH_CARE == 0.11
    assert "11,0%" in ASSUMPTIONS["share_with_care"] and "85099NED" in ASSUMPTIONS["share_with_care"]
