"""Calibration of the expected-use verdicts (issue 18): a wijk is flagged because it differs, not because of its size.

Two checks, both on the real wijk sizes of 2021 (the young population 0–22 per wijk in data/raw):

* simulated binomial counts with known truth (a gemeente effect and extra wijk spread on the logit scale):
  the 95% interval covers 93–97.5% of the wijken in every size tercile;
* the real youth care of 2021 and 2022, as CBS published it (rounded to 5, hidden below 10): 2–10% of
  the wijken lie outside their interval in every size quartile.

Tolerance. A tercile holds about 930 wijken, so one replicate's coverage has a standard error of
sqrt(0.95 × 0.05 / 930) ≈ 0.7 points; two replicates pooled per tercile bring it to 0.5, and the band
93–97.5 lies 4 (below) and 5 (above) standard errors from 95. A model whose interval ignores size (the old
linear one) misses it by far: 8% outside in the smallest quartile against 0% in the largest. The full
tables, with more replicates, are in the bench (``bench/calibration.py``). Runtime: about 5 s.
"""
import numpy as np
import pandas as pd
import pytest

from analysis.expected import calibration, fit_expected, simulate_counts
from warehouse import RAW_DIR, loaders, wijkdata
from warehouse import expected as step

TAU, SIGMA = 0.3, 0.25  # logit scale: between gemeenten, and extra spread between wijken (about the real fit)


@pytest.fixture(scope="module")
def real():
    """The build step's inputs from data/raw: KWB wijk rows and the published youth-care counts and shares."""
    path = RAW_DIR / step.KWB_FILE
    kwb_raw = pd.read_csv(path, usecols=step.KWB_COLUMNS, dtype={"gwb_code": str, "recs": str}, low_memory=False)
    props = loaders.load_data_properties(RAW_DIR / "cbs/85984NED_DataProperties.json")
    kwb = wijkdata.read_kwb(path, props)
    joined = kwb[kwb["ID"].notna()].copy()
    for c in wijkdata._jz_columns(joined):
        joined[c] = loaders.numeric(joined, c, path)
    jz = wijkdata._jz_observations(joined, "cbs_jz_wijken_2021_2022")
    jz = jz[(jz["level"] == "wijk") & (jz["indicator_id"] == step.COUNT)].assign(indeling_year=lambda d: d["year"])
    features = step.features_frame(kwb_raw)
    size = features.set_index(["region_code", "year"])["jongeren"]
    counts = jz.set_index(["region_code", "year"])
    share = counts.loc[counts["status"] == "value", "value"] / size.reindex(counts.index) * 100
    pct = share.dropna().rename("value").reset_index().assign(
        indicator_id=step.OUTCOME, status="value", indeling_year=lambda d: d["year"], source_id="x")
    observation = pd.concat([jz, pct], ignore_index=True)
    return kwb_raw, observation, features


def test_simulated_counts_on_the_real_wijk_sizes_are_covered_93_to_97_5_percent_in_every_size_tercile(real):
    _, _, features = real
    sizes = features[(features["year"] == 2021) & (features["jongeren"] >= 1)].set_index("region_code")
    tables = []
    for seed in (1, 2):
        frame = simulate_counts(sizes["jongeren"], sizes["gemeente"], seed, TAU, SIGMA)
        fit = fit_expected(frame, "y", ["x1", "x2"], "gemeente", "n")
        assert fit.summary.model == "binomiaal" and fit.summary.converged
        assert fit.summary.tau2 == pytest.approx(TAU ** 2, rel=0.35)
        assert fit.summary.sigma2 == pytest.approx(SIGMA ** 2, rel=0.35)
        tables.append(calibration(fit.areas, frame["n"], groups=3))
    pooled = pd.concat(tables).groupby("size_group")[["wijken", "above", "below"]].sum()
    covered = 100 - (pooled["above"] + pooled["below"]) / pooled["wijken"] * 100
    assert covered.between(93, 97.5).all(), covered.round(1).tolist()
    # both sides: not all misses on one side
    assert (pooled["above"] > 0).all() and (pooled["below"] > 0).all()


def test_real_2021_and_2022_two_to_ten_percent_outside_in_every_size_quartile(real):
    kwb_raw, observation, _ = real
    tables = step.expected_tables(kwb_raw, observation)
    check = tables["expected_calibration"]
    assert sorted(check["year"].unique()) == [2021, 2022]
    for year, c in check.groupby("year"):
        assert len(c) == 4 and c["wijken"].sum() > 2500
        assert c["outside_pct"].between(2, 10).all(), (year, c["outside_pct"].round(1).tolist())
    use = tables["expected_use"]
    assert (use["lower"] >= 0).all() and (use["upper"] <= 100).all() and (use["lower"] < use["upper"]).all()
    # hidden counts (below 10) are fitted as such, not left out
    model = tables["expected_model"]
    assert (model["n_suppressed"] > 300).all()


def test_a_hidden_count_is_fitted_as_below_ten_not_left_out():
    """Leaving out the hidden wijken selects small wijken with high shares: the fit would be pulled up."""
    rng = np.random.default_rng(5)
    n_g, per = 40, 12
    n = rng.integers(40, 400, n_g * per).astype(float)
    group = np.repeat([f"GM{i:04d}" for i in range(n_g)], per)
    eta = -2.3 + np.repeat(rng.normal(0, 0.2, n_g), per) + rng.normal(0, 0.15, n.size)
    k = rng.binomial(n.astype(int), 1 / (1 + np.exp(-eta)))
    frame = pd.DataFrame({"g": group, "x": rng.normal(0, 1, n.size), "n": n, "y": k / n * 100,
                          "hidden": k < 10}, index=[f"WK{i:06d}" for i in range(n.size)])
    everything = fit_expected(frame, "y", ["x"], "g", "n").areas["expected"]  # as if CBS hid nothing
    frame.loc[frame["hidden"], "y"] = np.nan
    with_hidden = fit_expected(frame, "y", ["x"], "g", "n", suppressed="hidden", suppressed_below=10)
    without = fit_expected(frame, "y", ["x"], "g", "n")
    assert with_hidden.summary.n_suppressed == int(frame["hidden"].sum()) > 50
    assert without.summary.n_suppressed == 0
    shift_with = with_hidden.areas["expected"].mean() - everything.mean()
    shift_without = without.areas["expected"].mean() - everything.mean()
    assert shift_without > 0.15  # selected on the outcome: pulled up
    assert abs(shift_with) < 0.35 * shift_without
    # a hidden wijk gets an expectation and an interval, but no verdict
    hidden = with_hidden.areas[frame["hidden"]]
    assert hidden["residual"].isna().all() and hidden[["expected", "lower", "upper"]].notna().all().all()
