"""The youth-care series queries on the fixture warehouse, and the chart that keeps the series apart."""
from __future__ import annotations

import pandas as pd

from charts.youthcare import youthcare_chart, youthcare_sentence
from queries import run_query


def test_youthcare_trend_gives_the_gemeente_and_nl_with_the_publication():
    df = run_query("youthcare_trend", gemeente="GM1980")
    assert df[["code", "indicator_id", "year", "value"]].values.tolist() == [
        ["GM1980", "jeugdzorg_reeks2021_pct", 2024, 9.5], ["NL00", "jeugdzorg_reeks2021_pct", 2024, 11.0]]
    assert set(df["publicatie"]) == {"KWB fixture"} or df["publicatie"].notna().all()


def test_youthcare_years_counts_gemeenten_with_a_share():
    df = run_query("youthcare_years")
    assert df[["year", "n_gemeenten"]].values.tolist() == [[2024, 1]]


def test_youthcare_funnel_takes_the_group_from_count_and_share():
    df = run_query("youthcare_funnel", year=2024)
    assert df["code"].tolist() == ["NL00", "GM1980"]
    gm = df[df.code == "GM1980"].iloc[0]
    assert round(gm.jongeren_cbs, 3) == round(1650 / 9.5 * 100, 3)


def test_chart_draws_old_and_new_series_and_half_years_as_separate_lines():
    rows = [("GM0193", "jeugdzorg_reeks2015_pct", y, v) for y, v in [(2019, 9.9), (2020, 9.7)]] + \
           [("GM0193", "jeugdzorg_reeks2021_pct", y, v) for y, v in [(2021, 10.1), (2023, 9.6)]] + \
           [("GM0193", "jeugdzorg_hj1_pct", 2024, 7.8), ("NL00", "jeugdzorg_reeks2021_pct", 2023, 11.0),
            ("NL00", "jeugdzorg_reeks2021_pct", 2021, 10.6)]
    df = pd.DataFrame(rows, columns=["code", "indicator_id", "year", "value"]).assign(status="value", publicatie="CBS")
    fig = youthcare_chart(df, "GM0193", "Zwolle", "t")
    names = [t.name for t in fig.data]
    assert names == ["Zwolle, reeks 2015–2020", "Zwolle, reeks vanaf 2021", "Zwolle, 1e halfjaar (jan–jun)",
                     "Nederland, reeks vanaf 2021"]
    assert list(fig.data[0].x) == [2019, 2020] and list(fig.data[1].x) == [2021, 2023]  # never joined
    assert fig.data[2].line.dash == "dot"
    assert any(s.x0 == 2020.5 for s in fig.layout.shapes)
    assert youthcare_sentence(df, "GM0193", "Zwolle") == (
        "In 2023 kreeg 9,6% van de jongeren in Zwolle jeugdzorg, lager dan Nederland (11,0%); in 2021 was het 10,1%")
