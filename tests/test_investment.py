"""The investment model (analysis/investment.py) against cases worked out by hand, and its properties.

Every expected number below is derived in the comments from the model's six steps, so a reader
can check it with pen and paper; hypothesis then checks what must hold for every valid scenario.
"""
from __future__ import annotations

import os
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import investment as inv
from analysis.investment import (ASSUMPTIONS, EFFECTS, SENSITIVE, Scenario, bands, break_even_effect,
                                 break_even_year, defaults_from, project, return_per_euro, sensitivity)

COLUMNS = ["kinderen_bereikt", "trajecten_voorkomen", "besparing", "kosten", "netto", "cumulatief"]


def column(p: pd.DataFrame, name: str) -> list[float]:
    return [float(v) for v in p[name]]


# --- case A: the brief's example, never paid back ----------------------------------------------
#
# fte=2, children_per_fte=50, share_at_risk=0.1, effect=0.2, cost_per_fte=75.000, lag=1,
# surfacing=0.02, horizon=5, care costs at their defaults (9.000 / 60.000, 10% met verblijf, 1,5 jaar).
#
#   cost per year of care = (1 - 0,1) × 9.000 + 0,1 × 60.000 = 8.100 + 6.000 = 14.100
#   cost per trajectory   = 14.100 × 1,5 = 21.150
#   reached               = 2 × 50 = 100 children per year;  at risk = 100 × 0,1 = 10
#   year 1: not active yet (t ≤ lag); surfaced = 10 × 0,02 = 0,2  → avoided = −0,2
#   year 2..5: avoided = 10 × 0,2 = 2,0
#   savings: year 1 = −0,2 × 21.150 = −4.230; years 2..5 = 2 × 21.150 = 42.300
#   cost = 2 × 75.000 = 150.000 per year
#   net: year 1 = −4.230 − 150.000 = −154.230; years 2..5 = 42.300 − 150.000 = −107.700
#   cumulative: −154.230, −261.930, −369.630, −477.330, −585.030  → no break-even year
#   return per euro = (−4.230 + 4 × 42.300) / (5 × 150.000) = 164.970 / 750.000 = 0,21996
#   break-even effect: at effect 0 the cumulative is −4.230 − 750.000 = −754.230; each unit of
#   effect adds 4 active years × 10 at risk × 21.150 = 846.000, so e* = 754.230 / 846.000 = 0,89152…

CASE_A = Scenario(fte=2, children_per_fte=50, share_at_risk=0.1, effect=0.2, cost_per_fte=75_000, lag=1,
                  surfacing=0.02, horizon=5)


def test_case_a_costs():
    assert CASE_A.cost_per_year_of_care == pytest.approx(14_100)
    assert CASE_A.cost_per_trajectory == pytest.approx(21_150)
    assert CASE_A.annual_cost == pytest.approx(150_000)


def test_case_a_projection_year_by_year():
    p = project(CASE_A)
    assert list(p.index) == [1, 2, 3, 4, 5] and p.index.name == "jaar"
    assert list(p.columns) == COLUMNS
    assert column(p, "kinderen_bereikt") == [100] * 5
    assert column(p, "trajecten_voorkomen") == pytest.approx([-0.2, 2.0, 2.0, 2.0, 2.0])
    assert column(p, "besparing") == pytest.approx([-4_230, 42_300, 42_300, 42_300, 42_300])
    assert column(p, "kosten") == pytest.approx([150_000] * 5)
    assert column(p, "netto") == pytest.approx([-154_230, -107_700, -107_700, -107_700, -107_700])
    assert column(p, "cumulatief") == pytest.approx([-154_230, -261_930, -369_630, -477_330, -585_030])


def test_case_a_summary_figures():
    assert break_even_year(project(CASE_A)) is None
    assert return_per_euro(CASE_A) == pytest.approx(164_970 / 750_000)  # 0,21996
    assert break_even_effect(CASE_A) == pytest.approx(754_230 / 846_000)  # 0,89152…


# --- case B: no lag, paid back in year 1 --------------------------------------------------------
#
# fte=1, cost_per_fte=20.000, children_per_fte=100, share_at_risk=0.2, effect=0.5, lag=0,
# surfacing=0.05, horizon=3; cost per trajectory 21.150 as above.
#
#   reached 100, at risk 20; all years active (t > 0)
#   year 1: 20 × 0,5 − 20 × 0,05 = 10 − 1 = 9; years 2..3: 10
#   savings: 9 × 21.150 = 190.350; 10 × 21.150 = 211.500;  cost 20.000 per year
#   net: 170.350, 191.500, 191.500 → cumulative 170.350, 361.850, 553.350 → break-even year 1
#   return per euro = (190.350 + 2 × 211.500) / 60.000 = 613.350 / 60.000 = 10,2225
#   break-even effect: effect 0 → cumulative −1 × 21.150 − 60.000 = −81.150; per unit of effect
#   3 × 20 × 21.150 = 1.269.000 → e* = 81.150 / 1.269.000 = 0,06395…

CASE_B = Scenario(fte=1, cost_per_fte=20_000, children_per_fte=100, share_at_risk=0.2, effect=0.5, lag=0,
                  surfacing=0.05, horizon=3)


def test_case_b_without_lag_pays_back_in_year_one():
    p = project(CASE_B)
    assert column(p, "trajecten_voorkomen") == pytest.approx([9, 10, 10])
    assert column(p, "besparing") == pytest.approx([190_350, 211_500, 211_500])
    assert column(p, "netto") == pytest.approx([170_350, 191_500, 191_500])
    assert column(p, "cumulatief") == pytest.approx([170_350, 361_850, 553_350])
    assert break_even_year(p) == 1
    assert return_per_euro(CASE_B) == pytest.approx(10.2225)
    assert break_even_effect(CASE_B) == pytest.approx(81_150 / 1_269_000)


# --- case C: paid back in year 4 ----------------------------------------------------------------
#
# fte=2, cost_per_fte=30.000, children_per_fte=50, share_at_risk=0.2, effect=0.2, lag=1,
# surfacing=0.02, horizon=6; cost per trajectory 21.150.
#
#   reached 100, at risk 20; year 1 surfaced 20 × 0,02 = 0,4 → avoided −0,4; years 2..6: 20 × 0,2 = 4
#   savings: −0,4 × 21.150 = −8.460; 4 × 21.150 = 84.600;  cost 60.000 per year
#   net: −68.460, then 24.600 per year
#   cumulative: −68.460, −43.860, −19.260, 5.340, 29.940, 54.540 → break-even year 4
#   return per euro = (−8.460 + 5 × 84.600) / (6 × 60.000) = 414.540 / 360.000 = 1,1515
#   break-even effect: effect 0 → −8.460 − 360.000 = −368.460; per unit 5 × 20 × 21.150 = 2.115.000
#   → e* = 368.460 / 2.115.000 = 0,17421…

CASE_C = Scenario(fte=2, cost_per_fte=30_000, children_per_fte=50, share_at_risk=0.2, effect=0.2, lag=1,
                  surfacing=0.02, horizon=6)


def test_case_c_pays_back_in_year_four():
    p = project(CASE_C)
    assert column(p, "trajecten_voorkomen") == pytest.approx([-0.4, 4, 4, 4, 4, 4])
    assert column(p, "netto") == pytest.approx([-68_460] + [24_600] * 5)
    assert column(p, "cumulatief") == pytest.approx([-68_460, -43_860, -19_260, 5_340, 29_940, 54_540])
    assert break_even_year(p) == 4
    assert return_per_euro(CASE_C) == pytest.approx(414_540 / 360_000)
    assert break_even_effect(CASE_C) == pytest.approx(368_460 / 2_115_000)


def test_a_horizon_within_the_lag_never_counts_an_effect():
    # lag 3, horizon 2: no year is active; only year 1's surfacing (−320 × 0,12 × 0,02 = −0,768)
    s = Scenario(lag=3, horizon=2)
    p = project(s)
    assert column(p, "trajecten_voorkomen") == pytest.approx([-0.768, 0.0])
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
    # laag 5%: years 2..5 avoid 10 × 0,05 = 0,5 trajectories; centraal 10%: 1,0
    assert b[b.band == "laag"].trajecten_voorkomen.tolist() == pytest.approx([-0.2, 0.5, 0.5, 0.5, 0.5])
    assert b[b.band == "centraal"].trajecten_voorkomen.tolist() == pytest.approx([-0.2, 1, 1, 1, 1])
    assert EFFECTS == {"laag": 0.05, "centraal": 0.10, "hoog": 0.20}


# --- sensitivity --------------------------------------------------------------------------------

def test_sensitivity_rows_for_case_a_by_hand():
    sens = sensitivity(CASE_A).set_index("aanname")
    assert set(sens.index) == {label for label, _, _ in SENSITIVE.values()}
    # effect ×0,5 → 0,1 and ×2 → 0,4: each unit of effect moves the horizon result by 846.000
    assert sens.at["effect op instroom", "laag"] == pytest.approx(-0.1 * 846_000)   # −84.600
    assert sens.at["effect op instroom", "hoog"] == pytest.approx(0.2 * 846_000)    # +169.200
    assert sens.at["effect op instroom", "uitslag"] == pytest.approx(253_800)
    # cost per fte ±15% of 5 × 150.000 = 750.000 → ∓112.500
    assert sens.at["kosten per fte", "laag"] == pytest.approx(112_500)
    assert sens.at["kosten per fte", "hoog"] == pytest.approx(-112_500)
    # children per fte ±25%: savings over the horizon are 164.970, so ±41.242,5
    assert sens.at["kinderen per fte", "laag"] == pytest.approx(-41_242.5)
    assert sens.at["kinderen per fte", "hoog"] == pytest.approx(41_242.5)
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
    share_at_risk=grid(0.005, 1), effect=grid(0.01, 1), cost_zonder_verblijf=grid(500, 200_000),
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
        assert s.horizon <= s.lag or s.fte * s.children_per_fte * s.share_at_risk * s.cost_per_trajectory == 0
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
    assert s.share_at_risk == pytest.approx(0.117)
    assert why["share_at_risk"] == "eigen cijfer: aandeel jongeren met jeugdzorg (CBS, 2024)"
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
    assert s.share_at_risk == Scenario().share_at_risk  # no own share: the assumption
    for field in ("cost_zonder_verblijf", "cost_met_verblijf"):
        assert why[field].startswith("eigen cijfers: uitgaven jeugdhulp gedeeld door jongeren met jeugdzorg")
        assert "(2024, voorbeelddata)" in why[field]  # the spending is demo data: it says so
        assert "verhouding met/zonder verblijf is een aanname" in why[field]
    assert why["share_at_risk"] == ASSUMPTIONS["share_at_risk"]


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
    assert why["share_at_risk"] == "eigen cijfer: aandeel jongeren met jeugdzorg (CBS, 2022, voorbeelddata)"


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
    assert s.share_at_risk == pytest.approx(0.117)
    assert why["share_at_risk"] == "eigen cijfer: aandeel jongeren met jeugdzorg (CBS, 2024)"
    assert (s.cost_zonder_verblijf, s.cost_met_verblijf) == (9_000, 60_000)
    # Amsterdam: only 2021 → that year is named
    s, why = defaults_from(run_query("investment_defaults", gemeente="GM0363"))
    assert s.share_at_risk == pytest.approx(0.098) and "(CBS, 2021)" in why["share_at_risk"]
    # Groningen: its jeugdzorg share is secret (status 'secret' is not a figure) → the assumption
    s, why = defaults_from(run_query("investment_defaults", gemeente="GM0014"))
    assert s == Scenario() and why == ASSUMPTIONS


def test_every_scenario_field_has_a_provenance():
    assert set(ASSUMPTIONS) == set(inv.asdict(Scenario()))
