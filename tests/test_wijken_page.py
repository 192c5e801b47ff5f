"""Page Wijken vergelijken (views/wijken.py) in the real dashboard, run by AppTest on a fixture variant.

The variant changes tests/fixture_data.py so that need and reach are known for Almere's three 2024
wijken: reach figures above the threshold, bijstand per wijk and jeugdzorg for Almere Buiten.
The small signals count (3) of Almere Stad and its complement (12) stay hidden. It also gives
Amsterdam's wijk a 2021 figure and two Almere wijken a 2023 figure, so that both can be clicked
on the wijk map.
"""
from __future__ import annotations

import base64
import copy
import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.apptest_support import click_map, open_app, rerun

from charts.wijken import (MISSING, SECRET, SUPPRESSED, cell_text, numbers_only, profile_table, profile_wide,
                           ranking_bar, ranking_title)
from tests import fixture_data as fd
from tests.conftest import build_fixture_warehouse, pointed_at

WIJKEN, MAP = "views/wijken.py", "views/map.py"
REACH = {"WK003401": (100, 800), "WK003402": (300, 1200), "WK003403": (300, 2000)}  # 12,5%, 25%, 15%
BIJSTAND = {"WK003401": 40.0, "WK003402": 20.0, "WK003403": 60.0}
NAMES = {"WK003401": "Almere Stad", "WK003402": "Almere Haven", "WK003403": "Almere Buiten"}

JZ, BEREIK, SIGNALEN, BIJSTAND_COL, WMO = (
    "Jongeren met jeugdzorg (% van jongeren tot 23 jaar)",
    "Kinderen 4–14 bereikt door kinderwerk (% van kinderen 4–14 jaar)",
    "Signalen opgevangen (signalen per jaar)",
    "Personen met bijstand (per 1.000 inwoners)",
    "Wmo-cliënten (per 1.000 inwoners)")


def _obs(indicator, code, year, value):
    return (indicator, code, 2024, year, value, None, None, "value", False, None, fd.REAL)


def wijken_tables() -> dict:
    tables = copy.deepcopy(fd.TABLES)
    observations = tables["observation"][1]
    observations[:] = [r for r in observations
                       if not (r[0] == "kinderwerk_bereik_pct" and r[1].startswith("WK") and r[3] == 2024)]
    observations.extend([
        *[fd._org("kinderwerk_bereik_pct", code, 2024, n, d) for code, (n, d) in REACH.items()],
        *[_obs("bijstand_per_1000", code, 2024, v) for code, v in BIJSTAND.items()],
        _obs("jeugdzorg_pct", "WK003403", 2024, 14.0),
        _obs("jeugdzorg_pct", "WK036300", 2021, 8.0),
        _obs("jeugdzorg_pct", "WK003401", 2023, 12.0),
        _obs("jeugdzorg_pct", "WK003402", 2023, 10.0),
    ])
    return tables


@pytest.fixture(scope="module")
def wijken_warehouse(tmp_path_factory):
    return build_fixture_warehouse(tmp_path_factory.mktemp("wijken") / "wijken.duckdb", wijken_tables())


@pytest.fixture(autouse=True)
def use_wijken_warehouse(wijken_warehouse, monkeypatch):
    yield from pointed_at(wijken_warehouse, monkeypatch)


# --- helpers ------------------------------------------------------------------------------------


def arrow(data: bytes):
    return pa.ipc.open_stream(data).read_all().to_pandas()


def styled(element) -> tuple:
    """A st.dataframe of a pandas Styler: (the numbers it sorts on, the text it displays)."""
    data = element.proto.arrow_data
    assert data.HasField("styler"), "the table is not a Styler"
    return arrow(data.data), arrow(data.styler.display_values)


def table_rows(df) -> list[tuple]:
    return [tuple(r) for r in df.itertuples(index=False)]


def chart(at: AppTest, key_part: str) -> dict:
    """The plotly chart whose element id contains ``key_part`` (chart_block's key)."""
    found = [c for c in at.get("plotly_chart") if key_part in c.proto.id]
    assert len(found) == 1, [c.proto.id for c in at.get("plotly_chart")]
    return json.loads(found[0].proto.spec)


def values(array) -> list:
    """A plotly JSON array: a list, or a typed array ({'dtype', 'bdata'}) as plotly 6+ writes numbers."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


# --- the page on Almere 2024 ---------------------------------------------------------------------

def test_page_renders_the_table_with_dutch_text_and_hidden_cells():
    at = open_app(WIJKEN)
    assert at.title[0].value == "Wijken vergelijken: Almere, 2024"
    assert [s.value for s in at.subheader] == ["Alle wijken", "Meer of minder jeugdzorg dan verwacht?",
                                             "Ranglijst", "Behoefte tegenover bereik"]
    # The table opens on the key figures (Wmo is context, not one of them); "Alle cijfers" shows every figure.
    box = at.radio(key="wijken_kolommen")
    assert box.value == "kern" and box.options == ["Kerncijfers", "Jeugdzorg en verwijzers", "Bevolking, inkomen en wonen",
                                                   "Alle cijfers"]
    _, shown = styled(at.dataframe[0])
    assert list(shown.columns) == ["code", "wijk", JZ, BEREIK, SIGNALEN, BIJSTAND_COL]
    assert "4 van de 5 cijfers getoond; de download bevat ze allemaal." in at.caption[0].value
    box.set_value("alle")
    rerun(at)
    numbers, shown = styled(at.dataframe[0])
    assert list(shown.columns) == ["code", "wijk", JZ, BEREIK, SIGNALEN, BIJSTAND_COL, WMO]
    assert table_rows(shown) == [  # the gemeente on top, then the wijken
        ("GM0034", "Almere", "11,7%", "11,3%", "55 signalen per jaar", "0,0 per 1.000 inwoners", "–"),
        ("WK003401", "Almere Stad", "12,3%", "12,5%", "<5", "40,0 per 1.000 inwoners", "geheim (CBS)"),
        ("WK003402", "Almere Haven", "10,4%", "25,0%", "<5", "20,0 per 1.000 inwoners", "–"),
        ("WK003403", "Almere Buiten", "14,0%", "15,0%", "40 signalen per jaar", "60,0 per 1.000 inwoners", "–"),
    ]
    # The hidden counts (3, and 12 hidden with it) are nowhere in the table, not even to sort on.
    signals = numbers[SIGNALEN].tolist()
    assert signals == [55.0, SUPPRESSED, SUPPRESSED, 40.0]
    # no empty cell: Streamlit draws one as "None" whatever the Styler says (Amsterdam's gemeente row did)
    assert numbers[WMO].tolist() == [MISSING, SECRET, MISSING, MISSING]
    assert not numbers.isna().any().any()
    assert not {3.0, 12.0} & set(numbers.select_dtypes("number").to_numpy().ravel().tolist())
    caption = at.caption[0].value
    assert caption.startswith("Klik op een kolomkop om te sorteren.") and "Bevat voorbeelddata (gegenereerd)." in caption


def _differences() -> pd.DataFrame:
    """A wijk-only difference (negative values, -0,25 and -0,5 among them) and a count with a secret cell."""
    rows = [("GM1", "Gemeente", "gemeente", "aantal_x", 50.0, "value")]
    for code, diff, count, status in (("W1", -0.25, 10.0, "value"), ("W2", -0.5, None, "secret"),
                                      ("W3", 1.2, 40.0, "value"), ("W4", -2.0, 0.0, "value")):
        rows += [(code, code.lower(), "wijk", "verschil", diff, "value"), (code, code.lower(), "wijk", "aantal_x", count, status)]
    df = pd.DataFrame(rows, columns=["code", "name", "level", "indicator_id", "value", "status"])
    meta = {"verschil": ("Verschil met verwacht", "procentpunt", 2, "specialistische zorg"),
            "aantal_x": ("Aantal", "aantal", 0, "context")}
    return df.assign(**{c: [meta[i][n] for i in df["indicator_id"]]
                        for n, c in enumerate(["label_nl", "unit", "decimals", "theme"])})


def test_a_negative_figure_is_never_read_as_a_hidden_cell():
    wide, meta = profile_wide(_differences())
    shown = profile_table(wide, meta).data
    texts = [cell_text(v, "procentpunt", 2) for v in shown["Verschil met verwacht (procentpunt)"]]
    assert texts == ["–", "-0,25 procentpunt", "-0,50 procentpunt", "1,20 procentpunt", "-2,00 procentpunt"]
    assert [cell_text(v, "aantal", 0) for v in shown["Aantal (aantal)"]] == ["50", "10", "geheim (CBS)", "40", "0"]
    # ranking and its title take the negative figures too, not only those from zero up
    fig = ranking_bar(wide, "verschil", meta, None, "t")
    assert list(fig.data[0].y) == ["w4", "w2", "w1", "w3"]
    assert ranking_title(wide, "verschil", meta).endswith("hoogst in w3 (1,20 procentpunt), laagst in w4 (-2,00 procentpunt)")
    assert list(numbers_only(wide)["verschil"]) == [-0.25, -0.5, 1.2, -2.0]


def test_the_ranking_draws_the_gemeente_line_for_a_share_not_for_a_count():
    """A gemeente's count is not on its wijken's scale (Amsterdam: 22.555 jongeren against 25–630 per wijk)."""
    wide, meta = profile_wide(_differences())
    assert not ranking_bar(wide, "aantal_x", meta, None, "t").layout.shapes
    shares = _differences().assign(unit="%", label_nl="Aandeel")
    wide, meta = profile_wide(shares)
    fig = ranking_bar(wide, "aantal_x", meta, None, "t")
    assert len(fig.layout.shapes) == 1 and fig.layout.annotations[0].text == "gemeente: 50%"


def test_ranking_chart_ranks_the_wijken_with_a_figure_and_marks_the_gemeente():
    at = open_app(WIJKEN)
    box = at.selectbox(key="wijken_indicator")
    # signals: only one wijk has a shown figure; wmo: none. Neither can be ranked.
    assert box.options == ["Jongeren met jeugdzorg", "Kinderen 4–14 bereikt door kinderwerk", "Personen met bijstand"]
    assert box.value == "jeugdzorg_pct"
    spec = chart(at, "wijken_ranglijst")
    assert spec["layout"]["title"]["text"] == \
        "Jongeren met jeugdzorg: hoogst in Almere Buiten (14,0%), laagst in Almere Haven (10,4%)"
    (bars,) = spec["data"]
    assert values(bars["y"]) == ["Almere Haven", "Almere Stad", "Almere Buiten"]
    assert values(bars["x"]) == pytest.approx([10.4, 12.3, 14.0])
    assert [a["text"] for a in spec["layout"]["annotations"]] == ["gemeente: 11,7%"]

    box.set_value("kinderwerk_bereik_pct")
    rerun(at)
    spec = chart(at, "wijken_ranglijst")
    assert values(spec["data"][0]["y"]) == ["Almere Stad", "Almere Buiten", "Almere Haven"]
    assert values(spec["data"][0]["x"]) == pytest.approx([12.5, 15.0, 25.0])


def test_need_against_reach_names_the_blinde_vlek():
    at = open_app(WIJKEN)
    spec = chart(at, "wijken_kwadrant")
    # Almere Buiten: most jeugdzorg and bijstand (need above the median), reach 15% on the median
    assert spec["layout"]["title"]["text"] == \
        "Blinde vlekken in Almere: veel behoefte, weinig bereik in Almere Buiten"
    points = {t["name"]: values(t["hovertext"]) for t in spec["data"]}
    assert points == {"blinde vlek": ["Almere Buiten"], "weinig behoefte, weinig bereik": ["Almere Stad"],
                      "weinig behoefte, veel bereik": ["Almere Haven"]}
    assert [a["text"] for a in spec["layout"]["annotations"]] == ["Almere Buiten"]
    assert not at.info


def test_without_enough_need_figures_there_is_no_need_chart():
    at = open_app(WIJKEN, jaar="2023")  # 2023: only jeugdzorg for two wijken
    assert at.title[0].value == "Wijken vergelijken: Almere, 2023"
    assert [i.value for i in at.info] == [
        "Voor 2023 is er geen verwachting per wijk: het model wordt geschat voor de jaren met jeugdzorg per wijk "
        "voor heel Nederland (2021 en 2022). Kies een van die jaren.",
        "Voor dit jaar zijn er niet genoeg cijfers over behoefte en bereik van het kinderwerk per wijk."]
    assert len(at.get("plotly_chart")) == 1  # the ranking only


def test_gemeente_without_wijk_figures_shows_the_info_text():
    at = open_app(WIJKEN, gemeente="GM0014")
    assert at.title[0].value == "Wijken vergelijken: Groningen, 2021"
    assert len(at.info) == 1 and at.info[0].value.startswith("Voor de wijken van Groningen zijn er in 2021 geen cijfers.")
    assert not at.dataframe and not at.get("plotly_chart")


def test_a_year_with_nothing_to_rank_still_shows_the_table():
    # Almere 2019 (the old indeling): one wijk with a jeugdzorg figure, the other secret
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    at.query_params.update(jaar="2019")
    at.run()
    at.switch_page(WIJKEN).run()
    assert not at.exception, at.exception
    _, shown = styled(at.dataframe[0])
    assert table_rows(shown) == [("GM0034", "Almere", "10,2%"), ("WK003401", fd.OLD_WIJK_01, "9,5%"),
                                 ("WK003402", fd.OLD_WIJK_02, "geheim (CBS)")]
    assert not at.get("plotly_chart")


# --- choosing wijken and the URL ------------------------------------------------------------------

def side_by_side_tables(at) -> list:
    """The side-by-side tables on the page (first column 'indicator'); the others list wijken per row."""
    return [d for d in at.dataframe if list(d.value.columns)[:1] == ["indicator"]]


def test_choosing_two_wijken_shows_them_side_by_side_and_puts_the_first_in_the_url():
    at = open_app(WIJKEN)
    assert not side_by_side_tables(at) and "wijk" not in at.query_params
    assert at.multiselect(key="wijken_keuze").proto.placeholder == "Kies 2 tot 4 wijken"  # not "Choose options"
    at.multiselect(key="wijken_keuze").set_value(["WK003403", "WK003401"])
    rerun(at)
    assert at.query_params["wijk"] == "WK003403"
    assert at.query_params["gemeente"] == "GM0034" and at.query_params["jaar"] == "2024"
    side = at.dataframe[1].value
    # the gemeente, then the chosen wijken in the table's order
    assert list(side.columns) == ["indicator", "Almere (GM0034)", "Almere Stad (WK003401)", "Almere Buiten (WK003403)"]
    assert table_rows(side) == [
        (JZ, "11,7%", "12,3%", "14,0%"),
        (BEREIK, "11,3%", "12,5%", "15,0%"),
        (SIGNALEN, "55 signalen per jaar", "<5", "40 signalen per jaar"),
        (BIJSTAND_COL, "0,0 per 1.000 inwoners", "40,0 per 1.000 inwoners", "60,0 per 1.000 inwoners"),
        (WMO, "–", "geheim (CBS)", "–"),
    ]
    (bars,) = chart(at, "wijken_ranglijst")["data"]  # the first chosen wijk is marked in the ranking
    colours = dict(zip(values(bars["y"]), values(bars["marker"]["color"])))
    assert colours["Almere Buiten"] == "#e67e22" and colours["Almere Stad"] != "#e67e22"

    at.multiselect(key="wijken_keuze").set_value([])
    rerun(at)
    assert "wijk" not in at.query_params and not side_by_side_tables(at)


def test_url_wijk_preselects_that_wijk():
    at = open_app(WIJKEN, wijk="WK003402")
    assert at.multiselect(key="wijken_keuze").value == ["WK003402"]
    assert at.query_params["wijk"] == "WK003402"
    assert list(at.dataframe[1].value.columns) == ["indicator", "Almere (GM0034)", "Almere Haven (WK003402)"]


def test_unknown_url_wijk_is_ignored():
    at = open_app(WIJKEN, wijk="WK999999")
    assert at.multiselect(key="wijken_keuze").value == []
    assert "wijk" not in at.query_params and not side_by_side_tables(at)


# --- from the wijk map -----------------------------------------------------------------------------

def test_a_click_on_the_wijk_map_opens_that_wijk_on_wijken_vergelijken():
    at = open_app(MAP, niveau="wijk")
    assert at.subheader[0].value == "Jongeren met jeugdzorg in 2024: 3 van 3 wijken van Almere met een cijfer"
    click_map(at, "WK003402", layer_id="kaart_wijk")
    assert at.title[0].value == "Wijken vergelijken: Almere, 2024"
    assert at.multiselect(key="wijken_keuze").value == ["WK003402"]
    assert at.query_params["wijk"] == "WK003402"
    assert "pending_wijk" not in at.session_state
    assert list(at.dataframe[1].value.columns) == ["indicator", "Almere (GM0034)", "Almere Haven (WK003402)"]


@pytest.mark.parametrize(("gemeente", "jaar", "code", "title"), [
    ("GM0363", "2021", "WK036300", "Wijken vergelijken: Amsterdam, 2021"),
    ("GM0034", "2023", "WK003402", "Wijken vergelijken: Almere, 2023"),
], ids=["gemeente", "year"])
def test_a_click_on_the_wijk_map_keeps_the_gemeente_and_year(gemeente, jaar, code, title):
    at = open_app(MAP, gemeente=gemeente, jaar=jaar, niveau="wijk")
    assert at.subheader[0].value.startswith(f"Jongeren met jeugdzorg in {jaar}:")  # the map of that year is drawn
    assert at.get("deck_gl_json_chart")
    click_map(at, code, layer_id="kaart_wijk")
    assert at.title[0].value == title
    assert at.multiselect(key="wijken_keuze").value == [code]
    assert (at.query_params["gemeente"], at.query_params["jaar"], at.query_params["wijk"]) == (gemeente, jaar, code)


def test_a_click_on_the_map_of_another_year_opens_the_clicked_area():
    # The sidebar is on 2019 (the old indeling, codes WK003401/02 reused); the map only draws 2024.
    at = open_app(MAP, jaar="2019", niveau="wijk")
    assert not at.get("deck_gl_json_chart")
    at.selectbox(key="kaart_jaar_wijk").set_value(2024)
    rerun(at)
    click_map(at, "WK003401", layer_id="kaart_wijk")  # Almere Stad on the 2024 map
    assert at.multiselect(key="wijken_keuze").value == ["WK003401"]
    chosen = at.dataframe[1].value.columns[-1]
    assert chosen == "Almere Stad (WK003401)", f"the click on Almere Stad opened {chosen}"
    assert at.title[0].value == "Wijken vergelijken: Almere, 2024"


def test_column_sets_open_on_the_key_figures_and_all_shows_every_figure():
    meta = pd.DataFrame({"theme": ["specialistische zorg", "specialistische zorg", "specialistische zorg", "preventie",
                                   "context", "context", "signalen"]},
                        index=["jeugdzorg_pct", "jzw_verw_huisarts", "jeugdzorg_verschil_verwacht", "kinderwerk_bereik_pct",
                               "bijstand_per_1000", "woz_waarde", "signalen_aantal"])
    from charts.wijken import table_columns
    assert table_columns(meta, "kern") == ["jeugdzorg_pct", "jeugdzorg_verschil_verwacht", "kinderwerk_bereik_pct",
                                           "bijstand_per_1000", "signalen_aantal"]
    assert table_columns(meta, "jeugdzorg") == ["jeugdzorg_pct", "jzw_verw_huisarts", "jeugdzorg_verschil_verwacht"]
    assert table_columns(meta, "context") == ["bijstand_per_1000", "woz_waarde"]
    assert table_columns(meta, "alle") == list(meta.index)
    wide, full = profile_wide(_differences())
    assert list(profile_table(wide, full.loc[["aantal_x"]]).data.columns) == ["code", "wijk", "Aantal (aantal)"]
