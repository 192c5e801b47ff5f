"""Expected use on the pages: the queries (exact rows), the Dutch sentence, the chart, the diverging map."""
import json

import numpy as np
import pandas as pd
import pytest

from charts import DIVERGING_PALETTE, choropleth, diverging_classes
from charts.expected import chart_data, expected_chart, verdict_sentence
from queries import run_query

pytestmark = pytest.mark.usefixtures("use_fixture_warehouse")


def test_expected_by_wijk_says_which_wijken_are_outside_their_interval():
    df = run_query("expected_by_wijk", gemeente="GM0034", year=2024)
    assert df[["code", "observed", "expected", "lower", "upper", "verdict"]].fillna("–").values.tolist() == [
        ["WK003401", 16.0, 10.0, 5.5, 14.5, "meer dan verwacht"],
        ["WK003402", 8.0, 9.0, 4.5, 13.5, "binnen verwachting"],
        ["WK003403", "–", 11.0, 6.5, 15.5, "–"]]
    assert run_query("expected_by_wijk", gemeente="GM0034", year=2019).empty


def test_expected_model_and_features():
    model = run_query("expected_model")
    assert model[["year", "n_fitted", "n_predicted_only", "r2_marginal", "r2_conditional"]].values.tolist() == [
        [2024, 2, 1, 0.38, 0.80]]
    feats = run_query("expected_features")
    assert feats["feature"].tolist() == ["bijstand_per_1000", "jongeren_15_25_pct", "inkomen_per_inwoner"]
    assert feats["dropped_reason"].isna().tolist() == [True, True, False]


def test_expected_calibration_per_year_and_size_quarter():
    df = run_query("expected_calibration")
    assert df["size_group"].tolist() == [1, 2, 3, 4] and df["outside_pct"].tolist() == [5.6, 4.2, 2.4, 4.9]
    assert (df["above"] + df["below"]).tolist() == [39, 29, 17, 34]


def test_sentence_names_the_wijken_in_plain_dutch():
    df = run_query("expected_by_wijk", gemeente="GM0034", year=2024)
    names = dict(zip(df["code"], df["name"]))
    text = verdict_sentence(df, "Almere", 2024)
    assert text.startswith("In 2024: ") and f"{names['WK003401']} heeft meer jeugdzorg dan de bevolking verklaart" in text
    assert names["WK003402"] not in text and "2 wijken met een cijfer" in text
    inside = df.assign(verdict=df["verdict"].where(df["verdict"].isna(), "binnen verwachting"))
    assert "binnen wat hun bevolking en gemeente doen verwachten" in verdict_sentence(inside, "Almere", 2024)
    assert "niets te vergelijken" in verdict_sentence(df.assign(verdict=None), "Almere", 2024)


def test_chart_shows_interval_and_observed_and_downloads_dutch_columns():
    df = run_query("expected_by_wijk", gemeente="GM0034", year=2024)
    fig = expected_chart(df, "titel")
    spec = json.loads(fig.to_json())
    names = [t["name"] for t in spec["data"]]
    assert names == ["verwacht (met 95%-interval)", "waargenomen: meer dan verwacht", "waargenomen: binnen verwachting"]
    assert "verschil_procentpunt" in chart_data(df).columns and len(chart_data(df)) == 3


def test_diverging_map_is_symmetric_around_zero():
    values = pd.Series([-4.0, -0.5, 0.3, 2.0, np.nan])
    idx, bins = diverging_classes(values)
    assert bins == pytest.approx([-2.4, -0.8, 0.8, 2.4, 4.0]) and idx.tolist() == [0, 2, 2, 3, -1]
    df = pd.DataFrame({"code": ["a", "b"], "name": ["A", "B"], "value": [-3.0, 3.0], "status": "value",
                       "geojson": ['{"type":"Point","coordinates":[5.1,52.3]}'] * 2})
    deck, legend = choropleth(df, "verschil", "procentpunt", 1, "x", diverging=True)
    assert [c for c, _ in legend] == [DIVERGING_PALETTE[i] for i in range(5)]


def test_wijken_page_shows_the_expectation_with_its_sentence_and_caveat():
    from tests.apptest_support import open_app
    at = open_app("views/wijken.py")
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    titles = [c["layout"]["title"]["text"] for c in charts]
    mine = [t for t in titles if t.startswith("Almere, 2024: ")]
    assert mine == ["Almere, 2024: 1 van de 2 wijken meer jeugdzorg dan verwacht, geen minder"]
    assert any("heeft meer jeugdzorg dan de bevolking verklaart" in m.value for m in at.markdown)
    assert any("geen oordeel over beleid" in c.value for c in at.caption)
    def every_wijk_table():
        return [d for d in at.dataframe if "verdict" not in d.value.columns and "oordeel" in d.value.columns]
    assert [e.label for e in at.expander if e.label.startswith("Alle ")] == \
        ["Alle 3 wijken: waargenomen, verwacht en het interval"]
    assert not every_wijk_table()  # drawn only when its expander is opened (it costs every rerun otherwise)
    at.session_state["wijken_verwacht_alle"] = True  # what opening the expander does
    at.run()
    table = every_wijk_table()
    assert len(table) == 1 and len(table[0].value) == 3  # every wijk, also the one without a figure
