"""analysis.need.need_reach on hand-made wijken whose need index and quadrants are known."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.need import need_reach

COLUMNS = ["name", "need", "reach", "n_need", "quadrant"]


def wijken(**columns: list) -> pd.DataFrame:
    """Wijken a, b, c, … (index: code) with a name 'A', 'B', … and the given indicator columns."""
    n = len(next(iter(columns.values())))
    codes = [chr(ord("a") + i) for i in range(n)]
    return pd.DataFrame({"name": [c.upper() for c in codes], **columns},
                        index=pd.Index(codes, name="code")).astype({k: float for k in columns})


def test_need_is_the_mean_of_z_scores_within_the_gemeente_with_income_reversed():
    # jeugdzorg: mean 12, spread (ddof=0) 2 -> z +1, +1, -1, -1
    # income:    mean 25, spread 5 -> z -1, +1, -1, +1, reversed (more income, less need) +1, -1, +1, -1
    wide = wijken(jeugdzorg_pct=[14, 14, 10, 10], inkomen_per_inwoner=[20, 30, 20, 30],
                  kinderwerk_bereik_pct=[10, 20, 30, 40])
    out = need_reach(wide)
    assert list(out.columns) == COLUMNS
    assert out["need"].to_dict() == pytest.approx({"a": 1.0, "b": 0.0, "c": 0.0, "d": -1.0})
    assert out["n_need"].tolist() == [2, 2, 2, 2]
    assert out["reach"].to_dict() == {"a": 10.0, "b": 20.0, "c": 30.0, "d": 40.0}
    assert out["name"].to_dict() == {"a": "A", "b": "B", "c": "C", "d": "D"}


def test_need_depends_on_the_wijken_of_this_gemeente_only_not_on_absolute_levels():
    """Standardised within the gemeente: another level and unit of the same pattern gives the same index."""
    wide = wijken(jeugdzorg_pct=[14, 14, 10, 10], bijstand_per_1000=[60, 40, 40, 60],
                  kinderwerk_bereik_pct=[10, 20, 30, 40])
    shifted = wide.assign(jeugdzorg_pct=wide["jeugdzorg_pct"] + 20, bijstand_per_1000=wide["bijstand_per_1000"] * 10)
    expected = {"a": 1.0, "b": 0.0, "c": -1.0, "d": 0.0}
    assert need_reach(wide)["need"].to_dict() == pytest.approx(expected)
    assert need_reach(shifted)["need"].to_dict() == pytest.approx(expected)


def test_a_wijk_with_fewer_than_two_need_indicators_gets_no_need_index():
    # e has jeugdzorg only: one z-score, so no index (it still counts in jeugdzorg's mean and spread)
    wide = wijken(jeugdzorg_pct=[14, 14, 10, 10, 12], bijstand_per_1000=[60, 40, 40, 60, np.nan],
                  kinderwerk_bereik_pct=[10, 20, 30, 40, 50])
    out = need_reach(wide)
    assert out.index.tolist() == ["a", "b", "d", "c"]  # most need first; no e
    assert out["n_need"].tolist() == [2, 2, 2, 2]


def test_an_indicator_known_for_fewer_than_three_wijken_or_without_spread_is_not_used():
    wide = wijken(jeugdzorg_pct=[14, 14, 10, 10], bijstand_per_1000=[50, 50, 50, 50],
                  huish_sociaal_minimum_pct=[9, np.nan, np.nan, 3], inkomen_per_inwoner=[20, 30, 20, 30],
                  kinderwerk_bereik_pct=[10, 20, 30, 40])
    out = need_reach(wide)
    assert out["n_need"].tolist() == [2, 2, 2, 2]  # jeugdzorg and income only
    assert out["need"].to_dict() == pytest.approx({"a": 1.0, "b": 0.0, "c": 0.0, "d": -1.0})


def test_wijken_without_reach_are_dropped_but_still_count_in_the_z_scores():
    wide = wijken(jeugdzorg_pct=[14, 14, 10, 10], inkomen_per_inwoner=[20, 30, 20, 30],
                  kinderwerk_bereik_pct=[10, np.nan, 30, np.nan])
    out = need_reach(wide)
    assert out.index.tolist() == ["a", "c"]
    assert out["need"].to_dict() == pytest.approx({"a": 1.0, "c": 0.0})  # as with every wijk's reach known


def test_quadrants_split_at_the_medians_and_a_wijk_on_a_median_is_not_high():
    # Two identical need indicators: need follows jeugdzorg. Medians: need of c, reach 15 (c).
    values = [20, 18, 15, 12, 10]
    wide = wijken(jeugdzorg_pct=values, bijstand_per_1000=values, kinderwerk_bereik_pct=[5, 30, 15, 25, 10])
    out = need_reach(wide)
    assert out["quadrant"].to_dict() == {
        "a": "blinde vlek",                       # most need, least reach
        "b": "bereikt waar nodig",
        "c": "weinig behoefte, weinig bereik",    # exactly on both medians
        "d": "weinig behoefte, veel bereik",
        "e": "weinig behoefte, weinig bereik",
    }
    assert out.index.tolist() == ["a", "b", "c", "d", "e"]  # most need first
    assert out.loc["c", "need"] == pytest.approx(0.0)


@pytest.mark.parametrize("wide", [
    wijken(jeugdzorg_pct=[], bijstand_per_1000=[], kinderwerk_bereik_pct=[]),
    wijken(jeugdzorg_pct=[14, 14, 10, 10], bijstand_per_1000=[60, 40, 40, 60]),  # no reach column
    wijken(jeugdzorg_pct=[14, 12, 10], kinderwerk_bereik_pct=[10, 20, 30]),  # one need indicator
], ids=["no-wijken", "no-reach", "one-need-indicator"])
def test_without_need_and_reach_the_result_is_empty_with_all_columns(wide):
    out = need_reach(wide)
    assert out.empty
    assert list(out.columns) == COLUMNS
