"""analysis/funnel.py: the random-effects funnel (Spiegelhalter 2005) flags differences, not size.

Calibration on simulated gemeenten with known truth (binomial counts around true shares that differ
between gemeenten by an additive spread), and on the real youth care of 2023 (CBS 85099NED in data/raw):
the share outside the 99.8% limits is at most 6% in the smallest and in the largest quartile. Each test
runs in well under a second (the real one reads one CSV, about 2 s).
"""
import numpy as np
import pandas as pd
import pytest

from analysis.funnel import (Z95, Z998, FunnelFit, funnel, funnel_fit, funnel_limits, outside_by_size, position,
                             simulate_shares, YOUTHCARE_TAU)
from warehouse import RAW_DIR, series


def test_without_spread_the_limits_are_the_binomial_ones():
    fit = FunnelFit(centre=10.0, tau2=0.0, phi=1.0, n_used=3)
    lower, upper = funnel_limits(fit, 100, 1.96)  # sqrt(0.1 × 0.9 / 100) = 0.03 → ± 5.88 pp
    assert (float(lower), float(upper)) == pytest.approx((4.12, 15.88))
    lower, upper = funnel_limits(fit, np.array([100.0, 10000.0]), Z998)
    assert upper.tolist() == pytest.approx([10 + Z998 * 3.0, 10 + Z998 * 0.3])
    assert float(funnel_limits(FunnelFit(1.0, 0.0, 1.0, 3), 10, Z998)[0]) == 0.0  # clipped at 0%
    assert (Z95, Z998) == pytest.approx((1.96, 3.09), abs=0.001)


def test_with_spread_the_limits_do_not_shrink_to_nothing():
    fit = FunnelFit(centre=10.0, tau2=0.01 ** 2, phi=5.0, n_used=300)  # true shares spread 1 pp
    lower, upper = funnel_limits(fit, np.array([1e3, 1e5, 1e9]), Z95)
    half = upper - 10
    assert half[2] == pytest.approx(1.96 * 1.0, rel=1e-3)  # the between-gemeente spread stays
    assert half[0] == pytest.approx(Z95 * np.sqrt(0.09 / 1e3 + 1e-4) * 100)


@pytest.mark.parametrize(("value", "expected"), [
    (20.0, "boven_998"), (16.0, "boven_95"), (10.0, "binnen"), (15.88, "binnen"), (4.0, "onder_95"),
    (0.5, "onder_998"), (float("nan"), "onbekend")])
def test_position_against_the_limits(value, expected):
    assert position(value, 4.12, 15.88, 0.73, 19.27) == expected


def test_tau2_is_recovered_and_zero_for_pure_chance():
    values, n = simulate_shares(1)
    assert np.sqrt(funnel_fit(values, n).tau2) == pytest.approx(0.012, rel=0.25)
    rng = np.random.default_rng(2)
    chance = rng.binomial(n.astype(int), 0.11) / n * 100
    fit = funnel_fit(chance, n)
    assert fit.tau2 < 0.002 ** 2 and fit.phi == pytest.approx(1.0, abs=0.3)
    empty = funnel_fit([], [])
    assert empty.n_used == 0 and empty.tau2 == 0


def test_simulated_gemeenten_outside_the_998_limits_do_not_depend_on_size():
    # 5 replicates of 340: the smallest and largest quartile hold 425 gemeenten each; nominal 0.2% outside.
    tables = [outside_by_size(*simulate_shares(seed)) for seed in range(10, 15)]
    pooled = pd.concat(tables).groupby("size_group")[["gemeenten", "outside"]].sum()
    share = pooled["outside"] / pooled["gemeenten"] * 100
    assert share.loc[1] <= 2 and share.loc[4] <= 2, share.round(1).tolist()
    # the multiplicative funnel (limits widened by sqrt(phi)) flags the largest gemeenten instead
    values, n = simulate_shares(10)
    fit = funnel_fit(values, n)
    half = Z998 * np.sqrt(fit.phi * 0.11 * 0.89 / n) * 100
    multiplicative = np.abs(values - fit.centre) > half
    large = n >= np.quantile(n, 0.75)
    assert multiplicative[large].mean() > 0.2 > multiplicative[~large].mean()


def test_funnel_rows_keep_the_index_and_unknown_rows_get_no_limits():
    values = pd.Series([10.0, 12.0, np.nan, 9.0, 30.0], index=list("abcde"))
    out = funnel(values, [1000, 2000, 1500, 0, 800])
    assert list(out.index) == list("abcde")
    assert list(out.columns) == ["lower_95", "upper_95", "lower_998", "upper_998", "position"]
    assert out.loc[["c", "d"], "lower_95"].isna().all() and (out.loc[["c", "d"], "position"] == "onbekend").all()
    assert (out.loc[["a", "b", "e"], "lower_998"] <= out.loc[["a", "b", "e"], "lower_95"]).all()
    assert out.attrs["fit"].n_used == 3


def test_real_youth_care_2023_at_most_6_percent_outside_in_the_smallest_and_largest_quartile():
    path = RAW_DIR / series.REEKSEN / "85099NED.csv.gz"
    df = series._read(path)
    regions = series.regions_of(df["RegioS"], series.name_codes(RAW_DIR), path)
    level = df["RegioS"].map(dict(zip(regions["title"], regions["level"])))
    rows = df[(level == "gemeente") & (df["VormenVanJeugdzorg"] == "JZ Totaal jeugdzorg")
              & (df["Perioden"].str.strip() == "2023")]
    count = pd.to_numeric(rows["JongerenMetJeugdzorg_1"], errors="coerce")
    share = pd.to_numeric(rows["JongerenMetJeugdzorgRelatief_2"], errors="coerce")
    ok = count.notna() & share.gt(0)
    table = outside_by_size(share[ok], count[ok] / share[ok] * 100)
    # the spread between gemeenten the sentences use (analysis.funnel.YOUTHCARE_TAU) is this year's
    assert np.sqrt(funnel_fit(share[ok], count[ok] / share[ok] * 100).tau2) == pytest.approx(YOUTHCARE_TAU, abs=0.002)
    assert table["gemeenten"].sum() > 300
    assert table.loc[table["size_group"] == 1, "outside_pct"].iloc[0] <= 6
    assert table.loc[table["size_group"] == 4, "outside_pct"].iloc[0] <= 6
