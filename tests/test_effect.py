"""analysis/effect.py: the estimator finds a planted effect, invents none, and flags a planted pre-trend.

Simulated panels are built like the real one (analysis/effect_simulation.py): real wijk sizes of 2022,
noise beyond Poisson measured on the real counts, CBS rounding to 5 and suppression below 10, staggered
starts. Seeds are fixed, so each test is deterministic; the tolerances are set from the binomial spread
of the number of runs (stated at each test) and the full tables are in bench/effect_calibration.py.
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.effect import estimate_effect, start_years
from analysis.effect_simulation import publish_like_cbs, real_sizes, simulate_panel

SIZES = pd.read_csv(Path(__file__).parent / "data" / "wijk_jeugdzorg_2022.csv")
BY_GEM = SIZES.groupby("gemeente").size().sort_values()
POOLED = list(BY_GEM.index[-30:-10])            # 20 gemeenten with 14–38 wijken: clustered by gemeente
ONE_GEM = [BY_GEM[(BY_GEM >= 14) & (BY_GEM <= 16)].index[0]]  # one gemeente of ~15 wijken: by wijk


def _fit(panel):
    return estimate_effect(panel, unit="wijk", time="year", outcome="outcome", start="start", group="gemeente")


def _runs(gemeenten, n, seed, **truth):
    sizes = real_sizes(SIZES, gemeenten)
    rng = np.random.default_rng(seed)
    return [_fit(simulate_panel(rng, sizes, **truth)) for _ in range(n)]


def test_planted_effect_is_recovered_with_an_interval_that_covers_it():
    # 10 pooled panels, 20 gemeenten, −15%: the estimate's sd is ~0,016 in the bench, so the mean of 10
    # lies within 0,015 of the truth unless biased; 95% intervals cover it in ≥ 8 of 10 (P(<8) ≈ 1%).
    results = _runs(POOLED, 10, seed=101, effect=-0.15)
    assert all(r.cluster == "gemeente" and r.n_clusters == 20 for r in results)
    assert abs(np.mean([r.relative for r in results]) + 0.15) < 0.015
    assert sum(r.lower <= -0.15 <= r.upper for r in results) >= 8
    assert all(r.upper < 0 for r in results)  # and it is told apart from no effect


def test_by_year_recovers_the_effect_in_each_year_after_the_start():
    (r,) = _runs(POOLED, 1, seed=102, effect=-0.20)
    after = r.by_year[r.by_year.kind == "na"]
    assert list(after.event_time[:3]) == [0, 1, 2]
    assert (after.lower <= -0.20).all() or (abs(after.estimate + 0.20) < 0.05).all()
    assert (after.estimate.between(-0.30, -0.10)).all()
    before = r.by_year[r.by_year.kind == "voor"]
    assert list(before.event_time) == [-3, -2, -1] and (before.lower < 0).all() and (before.upper > 0).all()


def test_no_effect_interval_covers_zero_about_95_percent_and_pretrend_test_holds_its_level():
    # 120 runs, one gemeente of ~15 wijken (clustered by wijk, jackknife). Binomial sd at 95% is 2,0%:
    # coverage below 0,89 is 3 sd off. The bench measures 0,94–0,99 (slightly conservative with few wijken).
    results = _runs(ONE_GEM, 120, seed=103)
    cover = np.mean([r.lower <= 0 <= r.upper for r in results])
    assert 0.89 <= cover
    # Not conservative by widening without bound: the interval's standard error is at most 1,5× the
    # spread of the estimates themselves.
    logs = np.log1p([r.relative for r in results])
    se = [(np.log1p(r.upper) - np.log1p(r.lower)) / (2 * 2.1) for r in results]
    assert np.mean(se) < 1.5 * np.std(logs)
    rejected = np.mean([r.pretrend_p < 0.05 for r in results])
    assert rejected <= 0.11  # 5% nominal; 0,11 is 3 sd above it


def test_planted_pretrend_is_flagged():
    # Wijken that start were already falling 4% a year more than the others; the 20-gemeente bench
    # flags it in 100% of runs. Here ≥ 18 of 20.
    results = _runs(POOLED, 20, seed=104, pretrend=-0.04)
    assert sum(r.pretrend_p < 0.05 for r in results) >= 18


def test_cbs_publication_rounds_to_five_and_hides_below_ten():
    out = publish_like_cbs(np.array([0, 4, 9, 10, 12, 13, 101]))
    assert np.isnan(out[:3]).all() and list(out[3:]) == [10.0, 10.0, 15.0, 100.0]


def _tiny(starts: dict[str, float], years=range(2015, 2021)) -> pd.DataFrame:
    rows = [(w, "GM1", y, 100.0 + 3 * i + (y - 2015), s) for i, (w, s) in enumerate(starts.items()) for y in years]
    return pd.DataFrame(rows, columns=["wijk", "gemeente", "year", "outcome", "start"])


def test_no_comparison_when_every_wijk_started_the_same_year():
    r = _fit(_tiny({"A": 2018, "B": 2018, "C": 2018}))
    assert not r.estimable and "geen vergelijking" in r.note


def test_nothing_to_estimate_without_a_start():
    r = _fit(_tiny({"A": np.nan, "B": np.nan}))
    assert not r.estimable and r.n_treated == 0 and r.n_control == 2 and "begonnen" in r.note


def test_a_wijk_that_started_before_its_first_year_is_excluded_and_counted():
    r = _fit(_tiny({"A": 2014, "B": 2018, "C": np.nan, "D": np.nan, "E": 2019}))
    assert r.n_excluded == 1 and r.n_treated == 2 and r.n_control == 2


def test_suppressed_cells_are_left_out_not_zero():
    panel = _tiny({"A": 2018, "B": np.nan, "C": np.nan, "D": 2019})
    exact = _fit(panel)
    holes = panel.copy()
    holes.loc[(holes.wijk == "B") & (holes.year == 2016), "outcome"] = np.nan
    # A zero would pull B's level down and its imputed trend with it; NaN leaves the estimate near 0.
    assert abs(_fit(holes).relative - exact.relative) < 0.01
    zeros = panel.copy()
    zeros.loc[(zeros.wijk == "B") & (zeros.year == 2016), "outcome"] = 0.0
    assert abs(_fit(zeros).relative - exact.relative) > 0.01


def test_start_year_is_the_first_year_reach_passes_the_share():
    reach = pd.DataFrame({
        "wijk": ["A", "A", "A", "B", "B", "C"],
        "year": [2018, 2019, 2020, 2019, 2020, 2020],
        "numerator": [5, 40, 60, 10, np.nan, 80],   # NaN: suppressed (small) — below any sensible share
        "denominator": [500, 500, np.nan, 400, 400, 400],
    })
    got = start_years(reach, unit="wijk", time="year", share=0.05)
    assert got["A"] == 2019          # 40/500 = 8%; 2018 only 1%
    assert np.isnan(got["B"])        # 2,5% and then suppressed
    assert got["C"] == 2020          # 20%
    assert start_years(reach, unit="wijk", time="year", share=0.10)["A"] == 2020  # 60 / mean(500) = 12%


@pytest.mark.parametrize("share", [0.0, 1.5])
def test_start_year_share_must_be_a_fraction(share):
    with pytest.raises(ValueError):
        start_years(pd.DataFrame(columns=["wijk", "year", "numerator", "denominator"]),
                    unit="wijk", time="year", share=share)


def test_dose_view_splits_the_wijken_with_kinderwerk_and_finds_the_larger_effect_where_reach_is_larger():
    from analysis.effect import by_dose
    sizes = real_sizes(SIZES, POOLED)
    panel = simulate_panel(np.random.default_rng(105), sizes, effect=-0.10)
    starts = panel.groupby("wijk")["start"].first()
    treated = starts.dropna().index
    dose = pd.Series(np.where(np.arange(len(treated)) % 2 == 0, 0.05, 0.20), index=treated)
    # plant more effect where reach is larger: −10% at 5% reach, about −28% at 20%
    strong = panel["wijk"].map(dose).eq(0.20) & (panel["year"] >= panel["start"])
    panel.loc[strong, "outcome"] = (panel.loc[strong, "outcome"] * 0.8 / 5).round() * 5
    got = by_dose(panel.assign(dose=panel["wijk"].map(dose))).set_index("groep")
    assert list(got.index) == ["minder bereik", "meer bereik"]
    assert got.at["meer bereik", "upper"] < got.at["minder bereik", "lower"]
    assert abs(got.at["minder bereik", "relative"] + 0.10) < 0.04
    assert by_dose(panel.assign(dose=np.nan)) is None  # no reach share: cannot tell


def _twfe_log(panel: pd.DataFrame) -> float:
    """Plain two-way fixed effects on log counts with one 'after the start' dummy: the comparison that is
    biased with staggered starts, because it also compares later with earlier starters."""
    d = panel.dropna(subset=["outcome"])
    d = d[d.outcome > 0]
    after = (d["year"] >= d["start"]).astype(float).to_numpy()
    x = np.column_stack([after, pd.get_dummies(d["wijk"]).to_numpy(float),
                         pd.get_dummies(d["year"], drop_first=True).to_numpy(float)])
    return float(np.expm1(np.linalg.lstsq(x, np.log(d["outcome"]), rcond=None)[0][0]))


def test_staggered_starts_with_a_growing_effect_fool_plain_twfe_but_not_this_estimator():
    # Every wijk starts some time (no never-treated), the effect deepens 6% a year. Plain TWFE uses wijken
    # that started earlier as comparison for later ones (Goodman-Bacon) and lands far from the truth;
    # the imputation estimator compares only with wijken that have not started yet.
    sizes = real_sizes(SIZES, POOLED)
    panel = simulate_panel(np.random.default_rng(106), sizes, effect=-0.05, growth=-0.06, share_never=0.0,
                           start_years=range(2017, 2023))
    r = _fit(panel)
    after = r.by_year[(r.by_year.kind == "na") & (r.by_year.n_units >= 50)]
    truth = np.expm1(np.log1p(-0.05) - 0.06 * after["event_time"])
    assert ((after.lower <= truth + 0.01) & (truth - 0.01 <= after.upper)).mean() >= 0.8
    twfe = _twfe_log(panel)
    # measured: this estimator −9,9% (95%: −12,8 to −7,0); plain TWFE +0,5% — the wrong sign
    assert r.upper < -0.05 and twfe > r.upper + 0.05
