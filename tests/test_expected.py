"""Expected use (analysis/expected.py): the multilevel model recovers what it was given."""
import numpy as np
import pandas as pd
import pytest

from analysis.expected import _impute, expected_use, fit_expected

BETA = {"x1": 0.2, "x2": -0.5}  # percentage points per unit of the raw feature
TAU, SIGMA = 1.5, 1.0


def synthetic(n_groups=60, per_group=25, seed=1):
    """Wijken in gemeenten with known coefficients and known gemeente effects."""
    rng = np.random.default_rng(seed)
    codes = [f"GM{i:04d}" for i in range(n_groups)]
    effects = pd.Series(rng.normal(0, TAU, n_groups), index=codes)
    group = np.repeat(codes, per_group)
    x1 = rng.normal(50, 10, group.size)
    x2 = rng.normal(0, 3, group.size)
    y = 10 + BETA["x1"] * (x1 - 50) + BETA["x2"] * x2 + effects[group].to_numpy() + rng.normal(0, SIGMA, group.size)
    frame = pd.DataFrame({"gemeente": group, "x1": x1, "x2": x2, "y": y},
                         index=pd.Index([f"WK{i:06d}" for i in range(group.size)], name="code"))
    return frame, effects


@pytest.fixture(scope="module")
def fitted():
    frame, effects = synthetic()
    return frame, effects, fit_expected(frame, "y", ["x1", "x2"], "gemeente")


def test_recovers_the_coefficients_per_standard_deviation(fitted):
    frame, _, fit = fitted
    coef = {c.feature: c for c in fit.summary.coefficients}
    for name, beta in BETA.items():
        truth = beta * frame[name].std(ddof=0)  # standardised features: per SD
        assert coef[name].estimate == pytest.approx(truth, abs=3 * coef[name].std_error + 0.02)
    assert fit.summary.intercept == pytest.approx(10, abs=0.6)
    assert fit.summary.tau2 == pytest.approx(TAU ** 2, rel=0.4)
    assert fit.summary.sigma2 == pytest.approx(SIGMA ** 2, rel=0.1)


def test_recovers_the_gemeente_effects(fitted):
    frame, effects, fit = fitted
    areas = fit.areas
    own = (areas["expected"] - areas["expected_national"]).groupby(frame["gemeente"]).first()
    # Estimated effects are relative to the estimated intercept: compare after centring.
    err = (own - own.mean()) - (effects - effects.mean())
    assert np.sqrt((err ** 2).mean()) < 0.35
    assert np.corrcoef(own, effects[own.index])[0, 1] > 0.97


def test_residuals_sum_to_about_zero_per_gemeente(fitted):
    frame, _, fit = fitted
    areas = fit.areas
    per_gemeente = areas["residual"].groupby(frame["gemeente"])
    assert per_gemeente.mean().abs().max() < 0.15 * SIGMA
    # Exactly, for a random intercept: the sum within a gemeente is its effect times sigma²/tau²
    # (the shrinkage of the BLUP), so it is zero up to that small factor.
    own = (areas["expected"] - areas["expected_national"]).groupby(frame["gemeente"]).first()
    shrink = fit.summary.sigma2 / fit.summary.tau2
    np.testing.assert_allclose(per_gemeente.sum(), own * shrink, atol=1e-3)


def test_the_interval_covers_about_95_percent(fitted):
    _, _, fit = fitted
    a = fit.areas
    inside = (a["observed"] >= a["lower"]) & (a["observed"] <= a["upper"])
    assert 0.93 <= inside.mean() <= 0.97
    assert (a["lower"] < a["expected"]).all() and (a["expected"] < a["upper"]).all()


def test_r2_marginal_and_conditional(fitted):
    frame, _, fit = fitted
    s = fit.summary
    fixed = np.var(BETA["x1"] * frame["x1"] + BETA["x2"] * frame["x2"])
    truth_marginal = fixed / (fixed + TAU ** 2 + SIGMA ** 2)
    assert s.r2_marginal == pytest.approx(truth_marginal, abs=0.08)
    assert s.r2_marginal < s.r2_conditional < 1
    assert s.n_fitted == len(frame) and s.n_predicted_only == 0 and s.n_groups == 60 and s.converged


def test_an_unknown_outcome_is_predicted_but_not_fitted():
    frame, _ = synthetic(n_groups=30, per_group=10)
    frame.loc[frame.index[::7], "y"] = np.nan
    fit = fit_expected(frame, "y", ["x1", "x2"], "gemeente")
    unknown = fit.areas.loc[frame.index[::7]]
    assert unknown["residual"].isna().all() and unknown["observed"].isna().all()
    assert unknown[["expected", "expected_national", "lower", "upper"]].notna().all().all()
    assert fit.summary.n_fitted == len(frame) - len(unknown) and fit.summary.n_predicted_only == len(unknown)
    # Not fitted: changing an unknown area's features changes its prediction, nobody else's.
    moved = frame.copy()
    moved.loc[frame.index[0], "x1"] += 30
    refit = fit_expected(moved, "y", ["x1", "x2"], "gemeente")
    pd.testing.assert_frame_equal(refit.areas.iloc[1:], fit.areas.iloc[1:], rtol=1e-5)
    assert refit.areas["expected"].iloc[0] > fit.areas["expected"].iloc[0] + 1


def test_a_gemeente_without_a_known_outcome_gets_the_national_expectation_and_a_wider_interval():
    frame, _ = synthetic(n_groups=30, per_group=10)
    frame.loc[frame["gemeente"] == "GM0003", "y"] = np.nan
    a = fit_expected(frame, "y", ["x1", "x2"], "gemeente").areas
    lost = a[frame["gemeente"] == "GM0003"]
    np.testing.assert_allclose(lost["expected"], lost["expected_national"])
    width = (a["upper"] - a["lower"]).groupby(frame["gemeente"]).mean()
    assert width["GM0003"] > width.drop("GM0003").max()


def test_same_input_same_output_whatever_the_order():
    frame, _ = synthetic(n_groups=20, per_group=8, seed=4)
    first = expected_use(frame, "y", ["x1", "x2"], "gemeente")
    again = expected_use(frame, "y", ["x1", "x2"], "gemeente")
    pd.testing.assert_frame_equal(first, again, check_exact=True)
    shuffled = frame.sample(frac=1, random_state=3)
    other = expected_use(shuffled, "y", ["x1", "x2"], "gemeente")
    assert list(other.index) == list(shuffled.index)
    pd.testing.assert_frame_equal(other.loc[frame.index], first, check_exact=True)
    assert first.attrs["fit"].coefficients == other.attrs["fit"].coefficients


def test_a_gemeente_with_one_wijk_gets_a_shrunken_effect_and_a_prediction():
    frame, _ = synthetic(n_groups=30, per_group=10)
    single = pd.DataFrame({"gemeente": ["GM9999"], "x1": [50.0], "x2": [0.0], "y": [25.0]}, index=["WK999901"])
    frame = pd.concat([frame, single])
    fit = fit_expected(frame, "y", ["x1", "x2"], "gemeente")
    row = fit.areas.loc["WK999901"]
    effect = row["expected"] - row["expected_national"]
    assert 0 < effect < 25 - row["expected_national"]  # pulled towards its own value, not all the way
    assert row["residual"] > 0 and row["lower"] < row["expected"] < row["upper"]
    assert fit.summary.n_groups == 31


def test_constant_and_dependent_features_are_left_out_and_reported():
    frame, _ = synthetic(n_groups=20, per_group=10)
    frame["constant"] = 3.0
    frame["x1_twice"] = 2 * frame["x1"] - 1
    fit = fit_expected(frame, "y", ["x1", "constant", "x2", "x1_twice"], "gemeente")
    assert [c.feature for c in fit.summary.coefficients] == ["x1", "x2"]
    assert dict(fit.summary.dropped) == {"constant": "is overal gelijk",
                                         "x1_twice": "hangt lineair af van de andere kenmerken"}
    plain = fit_expected(frame, "y", ["x1", "x2"], "gemeente")
    pd.testing.assert_frame_equal(fit.areas, plain.areas, rtol=1e-6)


def test_missing_features_are_imputed_within_the_gemeente_else_nationally_and_counted():
    x = pd.DataFrame({"a": [1.0, 3.0, np.nan, 10.0, np.nan], "b": [1.0, 1.0, 1.0, 2.0, 2.0]},
                     index=list("pqrst"))
    groups = pd.Series(["G1", "G1", "G1", "G2", "G3"], index=x.index)
    filled, missing = _impute(x, groups)
    assert filled.loc["r", "a"] == 2.0  # mean of G1
    assert filled.loc["t", "a"] == pytest.approx(14 / 3)  # G3 has no value: national mean
    assert missing["a"].tolist() == [False, False, True, False, True] and not missing["b"].any()

    frame, _ = synthetic(n_groups=20, per_group=10)
    frame.loc[frame.index[:15], "x2"] = np.nan
    fit = fit_expected(frame, "y", ["x1", "x2"], "gemeente")
    assert fit.areas["imputed"].sum() == 15 and fit.areas["imputed"].iloc[:15].eq(1).all()
    assert {c.feature: c.imputed for c in fit.summary.coefficients} == {"x1": 0, "x2": 15}
    assert fit.summary.share_imputed == pytest.approx(15 / (2 * len(frame)))


def test_refuses_what_it_cannot_fit():
    frame, _ = synthetic(n_groups=3, per_group=3)
    with pytest.raises(ValueError, match="te weinig"):
        fit_expected(frame.iloc[:5], "y", ["x1"], "gemeente")
    with pytest.raises(KeyError, match="ontbreken"):
        fit_expected(frame, "y", ["x3"], "gemeente")
    with pytest.raises(ValueError, match="niet uniek"):
        fit_expected(pd.concat([frame, frame.iloc[:1]]), "y", ["x1"], "gemeente")


# --- the count model (denominator=) ------------------------------------------------------------

def counts(seed=3, n_groups=40, per=12):
    """Binomial counts with a gemeente effect and wijk spread, on sizes from 20 to 5.000 young people."""
    rng = np.random.default_rng(seed)
    n = np.exp(rng.uniform(np.log(20), np.log(5000), n_groups * per)).round()
    group = np.repeat([f"GM{i:04d}" for i in range(n_groups)], per)
    x = rng.normal(0, 1, n.size)
    eta = -2.2 + 0.4 * x + np.repeat(rng.normal(0, 0.3, n_groups), per) + rng.normal(0, 0.2, n.size)
    k = rng.binomial(n.astype(int), 1 / (1 + np.exp(-eta)))
    return pd.DataFrame({"gemeente": group, "x": x, "n": n, "y": k / n * 100},
                        index=[f"WK{i:06d}" for i in range(n.size)])


def test_with_a_denominator_the_interval_follows_the_size_and_stays_within_0_and_100():
    frame = counts()
    a = expected_use(frame, "y", ["x"], "gemeente", denominator="n")
    assert a.attrs["fit"].model == "binomiaal"
    assert list(a.columns) == ["observed", "expected", "expected_national", "residual", "lower", "upper", "imputed"]
    assert (a["lower"] >= 0).all() and (a["upper"] <= 100).all()
    assert ((a["lower"] <= a["expected"]) & (a["expected"] <= a["upper"])).all()
    width = a["upper"] - a["lower"]
    assert np.corrcoef(np.log(frame["n"]), width)[0, 1] < -0.6  # smaller wijk, wider interval
    small, large = frame["n"] < 60, frame["n"] > 2000
    assert width[small].median() > 2 * width[large].median()
    coef = a.attrs["fit"].coefficients[0]
    # 0.4 on the logit scale per SD of x at a share of about 10%: 0.4 × 0.1 × 0.9 × 100 ≈ 3.6 pp
    assert coef.estimate == pytest.approx(0.4 * frame["x"].std(ddof=0) * 0.1 * 0.9 * 100, rel=0.3)


def test_with_a_denominator_rounding_widens_the_interval_and_bounds_fall_between_published_counts():
    frame = counts(seed=4)
    frame["y"] = (frame["y"] * frame["n"] / 100 / 5).round() * 5 / frame["n"] * 100
    plain = expected_use(frame, "y", ["x"], "gemeente", denominator="n")
    rounded = expected_use(frame, "y", ["x"], "gemeente", denominator="n", rounding=5)
    wider = (rounded["upper"] - rounded["lower"]) - (plain["upper"] - plain["lower"])
    assert wider.median() > 0 and wider.mean() > 0 and (wider >= -1e-9).mean() > 0.5
    lower_count = rounded["lower"] * frame["n"] / 100
    positive = lower_count > 0
    step = (lower_count[positive] + 2.5) / 5
    np.testing.assert_allclose(step, step.round(), atol=1e-6)


def test_with_a_denominator_same_input_same_output_whatever_the_order():
    frame = counts(seed=6, n_groups=20, per=8)
    first = expected_use(frame, "y", ["x"], "gemeente", denominator="n")
    shuffled = frame.sample(frac=1, random_state=2)
    other = expected_use(shuffled, "y", ["x"], "gemeente", denominator="n")
    assert list(other.index) == list(shuffled.index)
    pd.testing.assert_frame_equal(other.loc[frame.index], first, rtol=1e-6)
    with pytest.raises(KeyError, match="ontbreken"):
        expected_use(frame, "y", ["x"], "gemeente", denominator="jongeren")
