"""Expected use as the user sees it (issue 11): which wijken the chart shows for a large gemeente, the
sentence on Overzicht, the map coloured by verdict with a caption that says so, and Over de data."""
from __future__ import annotations

import json
import shutil

import duckdb
import numpy as np
import pandas as pd
import pytest

from analysis.narrative import expected_sentence, overview_sentences
from charts import VERDICT_COLOURS, choropleth
from charts.expected import (all_wijken_table, chart_rows, coefficient_table, expected_chart, expected_title,
                             model_table, with_verdict)
from charts.expected import calibration_table


def wijken(n: int, outside: dict[int, str], unknown: tuple[int, ...] = ()) -> pd.DataFrame:
    """Rows like expected_by_wijk: wijk i has residual (i − n/2) / 10, verdicts as given, else inside."""
    i = np.arange(n)
    residual = (i - n / 2) / 10
    rows = pd.DataFrame({"code": [f"WK{k:06d}" for k in i], "name": [f"Wijk {k}" for k in i],
                         "expected": 8.0 + 0 * i, "residual": residual, "lower": 3.0, "upper": 13.0})
    rows["observed"] = rows["expected"] + rows["residual"]
    rows["verdict"] = [outside.get(k, "binnen verwachting") for k in i]
    rows.loc[list(unknown), ["observed", "residual", "verdict"]] = [np.nan, np.nan, None]
    return rows


# --- the chart for a gemeente with many wijken -----------------------------------------------------------

def test_many_wijken_the_chart_shows_all_outside_and_the_largest_differences_inside():
    rows = wijken(100, {3: "minder dan verwacht", 60: "meer dan verwacht", 97: "meer dan verwacht"}, unknown=(99,))
    shown = chart_rows(rows, max_rows=10)
    assert len(shown) == 10
    assert {"WK000003", "WK000060", "WK000097"} <= set(shown["code"])  # every wijk outside its interval
    # the other seven: the largest |residual| inside: 5,0 4,9 4,8 4,8 4,6 4,6 and then 4,5 twice (wijk 5 and
    # wijk 95), where the code decides, so the same input always gives the same chart
    assert set(shown["code"]) - {"WK000003", "WK000060", "WK000097"} == {
        "WK000000", "WK000001", "WK000002", "WK000098", "WK000004", "WK000096", "WK000005"}
    assert shown["residual"].is_monotonic_decreasing and "WK000099" not in set(shown["code"])
    title = expected_title(rows, "Amsterdam", 2022, len(shown))
    assert title.startswith("Amsterdam, 2022: 2 van de 99 wijken meer jeugdzorg dan verwacht, 1 minder<br>")
    assert "10 van de 100 wijken" in title


def test_few_wijken_the_chart_shows_all_including_the_one_without_a_figure():
    rows = wijken(5, {}, unknown=(2,))
    shown = chart_rows(rows)
    assert shown["code"].tolist() == ["WK000004", "WK000003", "WK000001", "WK000000", "WK000002"]
    assert expected_title(rows, "Zwolle", 2022, len(shown)) == (
        "Zwolle, 2022: alle 4 wijken met een cijfer binnen de verwachting")
    fig = json.loads(expected_chart(shown, "t").to_json())
    labels = fig["layout"]["yaxis"]["categoryarray"]
    assert labels[0] == "Wijk 4" and labels[-1] == "Wijk 2 (geen cijfer)"
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"  # the largest difference on top


def test_chart_never_draws_a_share_below_zero():
    rows = wijken(3, {})
    rows.loc[0, ["expected", "lower", "upper"]] = [-2.0, -6.0, 2.5]
    fig = expected_chart(rows, "t")
    band = fig.data[0]
    assert band.x[0] == 0 and band.error_x.arrayminus[0] == 0 and band.error_x.array[0] == 2.5
    assert fig.layout.xaxis.range[0] == 0
    assert band.customdata[0].startswith("verwacht -2,0% (95%-interval -6,0% – 2,5%); onder 0%")


def test_all_wijken_table_has_every_wijk_in_dutch_format():
    rows = wijken(40, {39: "meer dan verwacht"}, unknown=(0,))
    html = all_wijken_table(rows).to_html()
    table = all_wijken_table(rows).data
    assert len(table) == 40 and table["wijk"].iloc[0] == "Wijk 39" and table["wijk"].iloc[-1] == "Wijk 0"
    assert "1,9" in html and "geen cijfer" in html  # residual 1.9 of wijk 39, Dutch decimal comma


# --- the sentence on Overzicht -----------------------------------------------------------------------------

@pytest.mark.parametrize(("outside", "unknown", "sentence"), [
    ({1: "meer dan verwacht", 2: "meer dan verwacht", 3: "meer dan verwacht", 4: "minder dan verwacht"}, (),
     "In 2022 hadden 3 van de 12 wijken van Zwolle meer jeugdzorg dan hun bevolking doet verwachten, 1 minder."),
    ({5: "minder dan verwacht"}, (0,),
     "In 2022 had 1 van de 11 wijken van Zwolle met een cijfer minder jeugdzorg dan haar bevolking doet "
     "verwachten; geen wijk meer."),
    ({}, (), "In 2022 lag de jeugdzorg in alle 12 wijken van Zwolle binnen wat hun bevolking doet verwachten."),
])
def test_expected_sentence_counts_the_verdicts(outside, unknown, sentence):
    rows = wijken(12, outside, unknown)
    assert expected_sentence("Zwolle", 2022, rows) == sentence
    known = rows[rows["verdict"].notna()]  # the figures it cites are the frame's
    more, less = (known["verdict"] == "meer dan verwacht").sum(), (known["verdict"] == "minder dan verwacht").sum()
    assert f"{more or less or 'alle'} {'van de ' if more or less else ''}{len(known)} wijken" in sentence


def test_no_sentence_without_a_model_year_or_without_figures():
    assert expected_sentence("Zwolle", 2024, pd.DataFrame(columns=["code", "verdict"])) is None
    assert expected_sentence("Zwolle", 2022, None) is None
    assert expected_sentence("Zwolle", 2022, wijken(3, {}, unknown=(0, 1, 2))) is None
    tiny = pd.DataFrame([{"indicator_id": "jeugdzorg_pct", "value": 10.0, "status": "value", "is_demo": False}]
                        ).set_index("indicator_id")
    trend = pd.DataFrame(columns=["code", "year", "value", "status"])
    with_model = overview_sentences("Zwolle", 2022, tiny, trend, wijken(4, {0: "minder dan verwacht"}))
    assert with_model[-1].startswith("In 2022 had 1 van de 4 wijken van Zwolle minder jeugdzorg")
    assert overview_sentences("Zwolle", 2022, tiny, trend, pd.DataFrame(columns=["verdict"])) == with_model[:-1]


# --- the map: coloured by verdict -------------------------------------------------------------------------

def test_difference_map_is_coloured_by_verdict_not_by_size():
    point = '{"type":"Point","coordinates":[5.1,52.3]}'
    df = pd.DataFrame({"code": ["a", "b", "c", "d"], "name": list("ABCD"), "value": [-0.5, 0.4, 3.0, np.nan],
                       "status": ["value", "value", "value", "secret"], "geojson": point})
    expected = pd.DataFrame({"code": ["a", "b", "c", "d"],
                             "verdict": ["minder dan verwacht", "binnen verwachting", "binnen verwachting", None]})
    deck, legend = choropleth(with_verdict(df, expected), "verschil", "procentpunt", 1, "x", diverging=True)
    spec = json.loads(deck.to_json())
    feats = spec["layers"][0]["data"]["features"]
    fills = ["#%02x%02x%02x" % tuple(f["properties"]["fill"][:3]) for f in feats]
    # a small difference outside its interval is blue; a larger one inside stays light grey
    assert fills[:3] == [VERDICT_COLOURS["minder dan verwacht"], VERDICT_COLOURS["binnen verwachting"],
                         VERDICT_COLOURS["binnen verwachting"]]
    assert feats[0]["properties"]["waarde"].endswith("— minder dan verwacht")
    labels = [t for _, t in legend]
    assert labels[:3] == ["Minder jeugdzorg dan verwacht (onder het 95%-interval)",
                          "Binnen het 95%-interval: geen duidelijk verschil",
                          "Meer jeugdzorg dan verwacht (boven het 95%-interval)"]
    assert labels[3].startswith("Geheim")


@pytest.fixture
def warehouse_with_difference(fixture_warehouse, tmp_path, monkeypatch):
    """The fixture warehouse plus the difference indicator for Almere's 2024 wijken, as the build adds it."""
    from tests.conftest import pointed_at
    path = tmp_path / "with_difference.duckdb"
    shutil.copy(fixture_warehouse, path)
    con = duckdb.connect(str(path))
    # a copy of jeugdzorg_pct's row under the difference's id, label and unit (parameters only)
    con.execute("""INSERT INTO indicator SELECT * REPLACE ('jeugdzorg_verschil_verwacht' AS indicator_id,
                   $label AS label_nl, 'procentpunt' AS unit) FROM indicator WHERE indicator_id = 'jeugdzorg_pct'""",
                {"label": "Jeugdzorg: verschil met verwacht"})
    src = con.execute("SELECT source_id FROM observation WHERE region_code LIKE 'WK0034%' LIMIT 1").fetchone()[0]
    con.execute("""INSERT INTO observation (indicator_id, region_code, indeling_year, year, value, status, is_derived,
                   source_id) SELECT 'jeugdzorg_verschil_verwacht', region_code, indeling_year, year, residual,
                   'value', true, $src FROM expected_use WHERE residual IS NOT NULL""", {"src": src})
    con.close()
    yield from pointed_at(path, monkeypatch)


def test_map_caption_says_what_the_colours_mean_for_the_difference(warehouse_with_difference):
    from tests.apptest_support import open_app
    at = open_app("views/map.py", niveau="wijk", indicator="jeugdzorg_verschil_verwacht")
    captions = " ".join(c.value for c in at.caption)
    assert "blauw is minder jeugdzorg" in captions and "rood meer" in captions and "bijna wit ligt binnen het interval" in captions
    assert "Fisher-Jenks" not in captions
    legend = " ".join(h.proto.body for h in at.get("html"))
    assert "Meer jeugdzorg dan verwacht" in legend and "Binnen het 95%-interval" in legend
    table = at.dataframe[-1].value.set_index("code")
    assert table.at["WK003401", "oordeel (95%-interval)"] == "meer dan verwacht"
    assert table.at["WK003402", "oordeel (95%-interval)"] == "binnen verwachting"


def test_map_caption_keeps_natural_breaks_for_other_indicators(use_fixture_warehouse):
    from tests.apptest_support import open_app
    at = open_app("views/map.py", niveau="wijk", indicator="jeugdzorg_pct")
    assert any("Fisher-Jenks" in c.value for c in at.caption)


# --- Overzicht and Over de data ---------------------------------------------------------------------------

def test_overview_has_the_wijk_sentence_in_a_model_year_only(use_fixture_warehouse):
    from tests.apptest_support import open_app
    at = open_app("views/overview.py", gemeente="GM0034", jaar="2024")
    summary = " ".join(i.value for i in at.info)
    assert ("In 2024 had 1 van de 2 wijken van Almere met een cijfer meer jeugdzorg dan haar bevolking doet "
            "verwachten; geen wijk minder.") in summary
    at = open_app("views/overview.py", gemeente="GM0034", jaar="2021")
    assert "wijken van Almere" not in " ".join(i.value for i in at.info)


def test_model_and_coefficient_tables_in_dutch(use_fixture_warehouse):
    from queries import run_query
    model = model_table(run_query("expected_model"))
    assert model.columns.tolist() == ["maat", "2024"]
    assert dict(model.values.tolist()) == {
        "wijken geschat (met een cijfer)": "2", "wijken met een geheim aantal (onder 10), meegeteld als 'onder 10'": "1",
        "wijken zonder cijfer (krijgen wel een verwachting)": "1", "gemeenten": "1",
        "verwacht aandeel bij gemiddelde kenmerken (%)": "9,2", "R² kenmerken": "0,38", "R² met gemeente": "0,80",
        # logit scale to percentage points at 9,2%: × 0,092 × 0,908 × 100 = × 8,354
        "echte spreiding tussen gemeenten (procentpunt, bij het gemiddelde aandeel)": "2,5",  # √0,09 × 8,354
        "echte spreiding tussen wijken binnen een gemeente (procentpunt, idem)": "2,0",  # √0,06 × 8,354
        "aangevulde kenmerkwaarden (%)": "0,80", "schatting geconvergeerd": "ja"}
    coef = coefficient_table(run_query("expected_features"))
    assert coef.values.tolist() == [
        ["bijstand per 1.000 inwoners", "+0,68 (± 0,15)"],
        ["aandeel jongeren 15–24 jaar", "−0,35 (± 0,07)"],
        ["gemiddeld inkomen per inwoner", "weggelaten: ontbreekt voor 44% van de wijken (meer dan 25%)"]]


def test_over_de_data_explains_the_model(use_fixture_warehouse):
    from tests.apptest_support import open_app
    at = open_app("views/about_data.py")
    assert "Verwacht gebruik per wijk: het model" in [h.value for h in at.header]
    text = " ".join(m.value for m in at.markdown)
    for phrase in ("binomiaal multilevelmodel", "95%-interval", "geen oordeel over beleid", "R²",
                   "'minder dan 10'", "kleine én grote wijken"):
        assert phrase in text, phrase
    frames = [d.value for d in at.dataframe]
    # the real calibration table, per year and size quarter (the fixture holds the 2021 figures)
    (check,) = [f for f in frames if "buiten het interval (%)" in f.columns]
    assert check["buiten het interval (%)"].tolist() == ["5,6", "4,2", "2,4", "4,9"]
    assert check["wijken naar aantal jongeren"].iloc[0] == "kleinste kwart (12–415)"
    assert any("R² met gemeente" in f["maat"].tolist() for f in frames if "maat" in f) and any("kenmerk" in f.columns for f in frames)
