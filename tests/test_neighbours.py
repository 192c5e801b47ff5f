"""analysis/neighbours.py on hand-made cases whose answer is known: points on a line, ties, gaps."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.neighbours import (CONTEXT, FUNNEL_BASES, Variable, funnel_points, nearest, rank_among, standardise,
                                 weighted_mean, young_people)

X = (Variable("x", "x"),)
XY = (Variable("x", "x"), Variable("y", "y"))


def line(values: dict[str, float], **extra) -> pd.DataFrame:
    """Gemeenten as points on a line: code -> x (name = 'naam ' + code)."""
    return pd.DataFrame({"code": list(values), "name": [f"naam {c}" for c in values], "x": list(values.values()),
                         **extra})


def result(n) -> list[tuple[str, float]]:
    return list(zip(n.table["code"], n.table["distance"].round(9)))


# --- standardise ------------------------------------------------------------------------------

def test_standardise_gives_z_scores_with_the_population_standard_deviation():
    z = standardise(line({"a": 1.0, "b": 2.0, "c": 3.0}), X)
    sd = np.std([1.0, 2.0, 3.0])  # ddof=0: sqrt(2/3)
    assert z["x"].tolist() == pytest.approx([-1 / sd, 0.0, 1 / sd])


def test_standardise_logs_first_and_leaves_gaps_and_non_positive_values_as_nan():
    df = pd.DataFrame({"code": list("abcde"), "n": [100.0, 1000.0, 10000.0, np.nan, 0.0]})
    z = standardise(df, (Variable("n", "n", log10=True),))
    assert z["n"].iloc[:3].tolist() == pytest.approx([-math.sqrt(1.5), 0.0, math.sqrt(1.5)])  # log10: 2, 3, 4
    assert z["n"].iloc[3:].isna().all()


def test_standardise_a_variable_without_spread_scores_zero():
    z = standardise(pd.DataFrame({"code": list("abc"), "x": [7.0, 7.0, np.nan]}), X)
    assert z["x"].iloc[:2].tolist() == [0.0, 0.0] and math.isnan(z["x"].iloc[2])


# --- nearest: points on a line ----------------------------------------------------------------

def test_points_on_a_line_nearest_first_with_distance_in_standard_deviations():
    values = {"a": 0.0, "b": 1.0, "c": 2.0, "d": 4.0, "e": 7.0}
    sd = np.std(list(values.values()))
    n = nearest(line(values), "c", k=3, variables=X)
    # a (at 0) and d (at 4) tie at 2: code order
    assert result(n) == [("b", round(1 / sd, 9)), ("a", round(2 / sd, 9)), ("d", round(2 / sd, 9))]
    assert n.table["name"].tolist() == ["naam b", "naam a", "naam d"]
    assert n.code == "c" and "c" not in n.table["code"].tolist()


def test_ties_are_broken_by_code_whatever_the_row_order():
    values = {"GM05": 3.0, "GM01": 1.0, "GM03": 2.0, "GM04": 0.0, "GM02": 4.0}
    expected = ["GM01", "GM05", "GM02", "GM04"]  # 1 and 3 tie at 1; 0 and 4 tie at 2
    assert nearest(line(values), "GM03", k=4, variables=X).table["code"].tolist() == expected
    shuffled = line(values).sample(frac=1, random_state=3)
    assert nearest(shuffled, "GM03", k=4, variables=X).table["code"].tolist() == expected


def test_k_limits_the_neighbours_and_never_exceeds_the_others():
    values = {c: float(i) for i, c in enumerate("abcdef")}
    assert nearest(line(values), "a", k=2, variables=X).table["code"].tolist() == ["b", "c"]
    assert nearest(line(values), "a", k=10, variables=X).table["code"].tolist() == ["b", "c", "d", "e", "f"]
    assert nearest(line(values), "a", k=0, variables=X).table.empty


def test_an_exact_copy_is_at_distance_zero_on_all_four_context_variables():
    df = pd.DataFrame({
        "code": ["GM1", "GM2", "GM3", "GM4"], "name": ["Een", "Twee", "Drie", "Vier"],
        "inwoners": [20000.0, 20000.0, 200000.0, 5000.0], "kinderen_0_15_pct": [16.0, 16.0, 14.0, 18.0],
        "inkomen_per_inwoner": [29.0, 29.0, 33.0, 26.0], "bijstand_per_1000": [20.0, 20.0, 45.0, 10.0],
        "bevolkingsdichtheid": [800.0, 800.0, 5000.0, 150.0]})
    n = nearest(df, "GM1")
    assert n.table["code"].tolist()[0] == "GM2" and n.table["distance"].iloc[0] == 0.0
    assert n.used == ["inwoners", "aandeel kinderen", "inkomen", "dichtheid (naast grootte)"] and n.skipped == []
    assert [v.column for v in CONTEXT] == ["inwoners", "kinderen_0_15_pct", "inkomen_per_inwoner",
                                           "bevolkingsdichtheid"]
    assert all(v.why for v in CONTEXT)


def test_no_outcome_the_page_compares_is_a_matching_variable():
    from charts.peers import SHORT_HEADERS
    assert not {v.column for v in CONTEXT} & (set(SHORT_HEADERS) | {"bijstand_per_1000", "jeugdzorg_pct"})


def test_size_counts_once_density_enters_only_with_what_size_does_not_say():
    # density that follows size exactly adds nothing: the neighbours are those of size alone
    inw = np.array([1e3, 3e3, 1e4, 3e4, 1e5, 3e5])
    df = pd.DataFrame({"code": list("abcdef"), "inwoners": inw, "bevolkingsdichtheid": inw / 50})
    z = standardise(df, (CONTEXT[0], CONTEXT[3]))
    assert np.allclose(z["bevolkingsdichtheid"], 0)
    # beyond size, a denser gemeente of the same size stands apart
    df.loc[2, "bevolkingsdichtheid"] *= 10
    z = standardise(df, (CONTEXT[0], CONTEXT[3]))
    assert z["bevolkingsdichtheid"].idxmax() == 2
    assert np.corrcoef(z["inwoners"], z["bevolkingsdichtheid"])[0, 1] == pytest.approx(0, abs=1e-9)


def test_log10_makes_tenfold_steps_equal():
    df = pd.DataFrame({"code": ["a", "b", "c"], "inwoners": [1000.0, 10000.0, 100000.0]})
    n = nearest(df, "b", variables=(CONTEXT[0],))
    assert result(n) == [("a", round(math.sqrt(1.5), 9)), ("c", round(math.sqrt(1.5), 9))]


# --- nearest: missing values ------------------------------------------------------------------

def test_a_variable_the_gemeente_lacks_is_skipped_for_every_distance():
    df = line({"a": 0.0, "b": 1.0, "c": 3.0}, y=[np.nan, 100.0, -100.0])
    n = nearest(df, "a", variables=XY)
    sd = np.std([0.0, 1.0, 3.0])
    assert result(n) == [("b", round(1 / sd, 9)), ("c", round(3 / sd, 9))]  # y plays no part
    assert n.used == ["x"] and n.skipped == ["y"]
    assert n.profile.set_index("column").loc["y", "used"] == False  # noqa: E712 - numpy bool
    assert n.table["missing"].tolist() == [[], []]


def test_a_neighbour_without_a_value_is_compared_on_the_rest_scaled_up():
    # y is the same for a, b and c, so only x separates them; d has no y.
    df = line({"a": 0.0, "b": 1.0, "c": 2.0, "d": 1.0}, y=[5.0, 5.0, 5.0, np.nan])
    n = nearest(df, "a", variables=XY)
    sd_x = np.std([0.0, 1.0, 2.0, 1.0])
    # b: sqrt((1/sd)² + 0); d: only x compared, scaled by 2 used / 1 compared: sqrt(2 × (1/sd)²)
    assert result(n) == [("b", round(1 / sd_x, 9)), ("d", round(math.sqrt(2) / sd_x, 9)),
                         ("c", round(2 / sd_x, 9))]
    assert n.table["missing"].tolist() == [[], ["y"], []]


def test_a_neighbour_with_none_of_the_used_variables_is_left_out():
    df = line({"a": 0.0, "b": np.nan, "c": 2.0})
    assert nearest(df, "a", variables=X).table["code"].tolist() == ["c"]


def test_a_gemeente_without_any_context_has_no_neighbours():
    n = nearest(line({"a": np.nan, "b": 1.0, "c": 2.0}), "a", variables=X)
    assert n.table.empty and n.used == [] and n.skipped == ["x"]


def test_unknown_gemeente_raises_key_error():
    with pytest.raises(KeyError, match="GM9999"):
        nearest(line({"a": 1.0, "b": 2.0}), "GM9999", variables=X)


def test_profile_gives_own_value_and_the_neighbours_range_and_median():
    df = line({"a": 10.0, "b": 11.0, "c": 13.0, "d": 14.0, "e": 40.0}, y=[1.0, 1.1, 1.2, 1.3, 5.0])
    n = nearest(df, "a", k=3, variables=XY)
    assert n.table["code"].tolist() == ["b", "c", "d"]
    profile = n.profile.set_index("column")
    assert profile.loc["x", ["label", "value", "low", "median", "high"]].tolist() == ["x", 10.0, 11.0, 13.0, 14.0]
    assert profile.loc["y", ["value", "low", "median", "high"]].tolist() == pytest.approx([1.0, 1.1, 1.2, 1.3])


# --- funnel and rank --------------------------------------------------------------------------

def test_young_people_estimates_the_under_23s():
    df = pd.DataFrame({"inwoners": [1000.0, 2000.0], "kinderen_0_15_pct": [15.0, np.nan],
                       "jongeren_15_25_pct": [10.0, 12.0]})
    estimate = young_people(df)
    assert estimate.iloc[0] == pytest.approx(230.0)  # 1000 × (15 + 0.8 × 10) / 100
    assert math.isnan(estimate.iloc[1])


def test_funnel_points_keep_gemeenten_with_a_value_and_a_group():
    df = pd.DataFrame({"code": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"],
                       "inwoners": [1000.0, 2000.0, np.nan, 500.0], "kinderen_0_15_pct": [15.0, 20.0, 18.0, 10.0],
                       "jongeren_15_25_pct": [10.0, 10.0, 10.0, 10.0], "jeugdzorg_pct": [9.0, np.nan, 12.0, 11.0]})
    points = funnel_points(df, "jeugdzorg_pct")
    assert points.to_dict("list") == {"code": ["a", "d"], "name": ["A", "D"], "n": [230.0, 90.0],
                                      "value": [9.0, 11.0]}
    assert "kinderen_0_15_pct" not in FUNNEL_BASES  # a register share carries no sampling noise: no funnel


def test_weighted_mean_skips_unknown_values_and_weights():
    values = pd.Series([10.0, 20.0, np.nan, 40.0])
    weights = pd.Series([3.0, 1.0, 5.0, np.nan])
    assert weighted_mean(values, weights) == pytest.approx(12.5)
    assert math.isnan(weighted_mean(pd.Series([np.nan]), pd.Series([1.0])))


def test_rank_one_is_the_highest_ties_share_the_best_rank_and_quartile_one_is_the_top_quarter():
    codes = pd.Series(["a", "b", "c", "d", "e"])
    values = pd.Series([5.0, 3.0, 3.0, 1.0, np.nan])
    assert rank_among(values, codes, "a") == (1, 4, 1)
    assert rank_among(values, codes, "b") == (2, 4, 2) == rank_among(values, codes, "c")
    assert rank_among(values, codes, "d") == (4, 4, 4)
    assert rank_among(values, codes, "e") is None and rank_among(values, codes, "zz") is None


def test_rank_123_of_342_is_in_the_second_quartile():
    codes = pd.Series([f"GM{i:04d}" for i in range(342)])
    values = pd.Series(np.arange(342, 0, -1), dtype=float)  # GM0000 highest
    assert rank_among(values, codes, "GM0122") == (123, 342, 2)
