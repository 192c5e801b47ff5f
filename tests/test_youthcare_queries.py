"""The youth-care series queries on the series fixture (tests/fixture_data.py SERIES_TABLES), and the chart."""
from __future__ import annotations

import pandas as pd
import pytest

from charts.youthcare import youthcare_chart, youthcare_sentence
from queries import run_query
from tests import fixture_data as fd


pytestmark = pytest.mark.usefixtures("series_warehouse")  # tests/conftest.py


def test_youthcare_trend_gives_the_gemeente_and_nl_with_the_publication():
    df = run_query("youthcare_trend", gemeente="GM0034")
    almere = df[df.code == "GM0034"]
    assert almere[["indicator_id", "year", "value"]].values.tolist() == (
        [["jeugdzorg_hj1_pct", y, v[1]] for y, v in fd.SERIES_HJ1["GM0034"].items()]
        + [["jeugdzorg_reeks2015_pct", y, v[1]] for y, v in fd.SERIES_OLD["GM0034"].items()]
        + [["jeugdzorg_reeks2021_pct", y, v[1]] for y, v in fd.SERIES_NEW["GM0034"].items()])
    assert df.loc[df.code == "NL00", "year"].tolist() == [2021, 2022, 2023, 2024] + list(range(2015, 2024))
    assert almere.set_index(["indicator_id", "year"]).at[("jeugdzorg_reeks2021_pct", 2023), "jongeren"] == \
        7190 / 11.4 * 100  # the group the share is of: CBS count / CBS share
    assert df[df.code == "GM0034"]["jongeren"].notna().all()
    pub = df.drop_duplicates("indicator_id").set_index("indicator_id")["publicatie"]
    assert pub["jeugdzorg_reeks2015_pct"].endswith("(84134NED), oude reeks")
    assert pub["jeugdzorg_reeks2021_pct"] == pub["jeugdzorg_hj1_pct"] == fd.SERIES_SOURCES[1][1]


def test_youthcare_trend_of_a_gemeente_without_the_series_is_nl_only():
    df = run_query("youthcare_trend", gemeente="GM9001")  # only 2019 and 2023 figures
    assert sorted(df.loc[df.code == "GM9001", "year"]) == [2019, 2023]
    assert run_query("youthcare_trend", gemeente="GM0000")["code"].unique().tolist() == ["NL00"]


def test_youthcare_years_counts_gemeenten_with_a_share():
    df = run_query("youthcare_years")
    # 2023: Almere, Amsterdam, Dijk en Waard and the eight invented ones (Groningen secret); 2019 also Groningen
    assert df[["year", "n_gemeenten", "n_total"]].values.tolist()[:2] == [[2023, 11, 12], [2022, 1, 12]]
    assert df.set_index("year").at[2019, "n_gemeenten"] == 12


def test_youthcare_funnel_takes_the_group_from_count_and_share():
    df = run_query("youthcare_funnel", year=2023)
    assert df["code"].tolist()[0] == "NL00" and "GM0014" not in df["code"].tolist()  # secret: not a point
    gm = df[df.code == "GM0034"].iloc[0]
    assert round(gm.jongeren_cbs, 3) == round(7190 / 11.4 * 100, 3)
    assert gm.credit == "Bron: CBS, 85099NED (reeks vanaf 2021)"
    old = run_query("youthcare_funnel", year=2019)
    assert set(old["indicator_id"]) == {"jeugdzorg_reeks2015_pct"}
    assert old.set_index("code").at["GM1980", "is_derived"]


def test_youthcare_costs_keep_the_gaps():
    df = run_query("youthcare_costs", gemeente="GM0034")
    assert df.columns.tolist()[:5] == ["year", "soort", "value", "status", "credit"]
    got = {(r.year, r.soort): r.value for r in df.itertuples()}
    assert got[(2015, "gerealiseerd")] == 57528000.0 and got[(2023, "begroot")] == 109160000.0
    assert pd.isna(got[(2018, "gerealiseerd")]) and df.set_index(["year", "soort"]).at[(2018, "begroot"), "status"] == "missing"
    assert len(df) == 2 * 9  # 2015-2023, both kinds: a gap is a row, never dropped, never 0
    assert run_query("youthcare_costs", gemeente="GM9001").empty


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
    assert youthcare_sentence(df, "GM0193", "Zwolle") == (  # no group sizes: no verdict
        "In 2023 kreeg 9,6% van de jongeren in Zwolle jeugdzorg (Nederland: 11,0%); in 2021 was het 10,1%")
    sized = df.assign(jongeren=lambda d: d["code"].map({"GM0193": 36000.0, "NL00": 4_450_000.0}))
    # 1,4 points below NL with 36.000 young people: beyond chance, but within how gemeenten ordinarily differ
    # (random-effects limits 11,0 ± 1,96 × sqrt(0,11 × 0,89 / 36.000 + 0,018²) × 100 = ± 3,6)
    assert youthcare_sentence(sized, "GM0193", "Zwolle") == (
        "In 2023 kreeg 9,6% van de jongeren in Zwolle jeugdzorg, binnen de gewone spreiding tussen gemeenten rond "
        "Nederland (11,0%); in 2021 was het 10,1%")
    far = sized.assign(value=lambda d: d["value"].where((d["code"] != "GM0193") | (d["year"] != 2023), 6.5))
    assert youthcare_sentence(far, "GM0193", "Zwolle") == (
        "In 2023 kreeg 6,5% van de jongeren in Zwolle jeugdzorg, duidelijk lager dan Nederland (11,0%); "
        "in 2021 was het 10,1%")


def test_cost_chart_leaves_gaps_as_gaps_and_says_which_years():
    from charts.youthcare import cost_chart, cost_gaps, cost_title
    df = run_query("youthcare_costs", gemeente="GM0034")
    title = cost_title(df, "Almere")
    assert title == "Kosten jeugdzorg in Almere: van € 57,5 mln (2015) naar € 109,1 mln in 2023 (begroot: € 109,2 mln)"
    fig = cost_chart(df, title)
    bars = {t.name: (list(t.x), list(t.y)) for t in fig.data}
    assert bars["gerealiseerd"] == ([2015, 2023], [57.528, 109.077])  # no bar, and no 0, for 2016-2022
    assert bars["begroot"] == ([2023], [109.16])
    assert [a.x for a in fig.layout.annotations] == list(range(2016, 2023))  # 'geen cijfer' where both are gaps
    assert cost_gaps(df) == ("Geen cijfer aangeleverd aan CBS (een gat, geen nul): begroot 2015–2022; "
                             "gerealiseerd 2016–2022.")
    only_budget = df[df.soort == "begroot"]
    assert cost_title(only_budget, "Almere") == "Kosten jeugdzorg in Almere: alleen begrote bedragen aangeleverd"


def test_prevention_chart_never_joins_two_publications():
    from charts.trends import prevention_chart, split_publications
    rows = [("jeugdhulp_pct", y, v, "Bron: CBS, 82972NED") for y, v in [(2019, 10.0), (2020, 10.5)]] + \
           [("jeugdhulp_pct", y, v, "Bron: CBS, 85098NED") for y, v in [(2021, 13.2), (2022, 13.4)]] + \
           [("uitgaven_jeugdhulp", y, v, "Bron: Iv3") for y, v in [(2020, 5.0), (2021, 6.0)]]
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "value", "credit"]).assign(
        status="value", label_nl=lambda d: d.indicator_id, theme="specialistische zorg", per_1000_kinderen=None)
    split = split_publications(df)
    assert split[split.value.isna()][["indicator_id", "year"]].values.tolist() == [["jeugdhulp_pct", 2020.5]]
    fig = prevention_chart(df, "index", 2020, pd.DataFrame(columns=["year", "theme", "region_code", "label_nl"]), "t")
    line = next(t for t in fig.data if t.name == "jeugdhulp_pct")
    assert list(line.x) == [2019, 2020, 2020.5, 2021, 2022] and pd.isna(line.y[2]) and line.connectgaps is False
