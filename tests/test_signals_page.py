"""Page Signalen: AppTest on the fixture warehouse (tests/fixture_data.py SIGNALS).

Almere 2024 (demo): 55 signals, 34 in the basis; the cell 'armoede → melding Veilig Thuis' (2) and
its complement 'school → specialistische jeugdhulp' (5) are hidden; the wijken have 3, 12 and 40
signals, so only 40 is shown. 2023 comes from a real organisation, 2019 from the old indeling.
"""
from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import open_app, rerun

from charts import DEMO_LABEL
from tests import fixture_data as fd

pytestmark = pytest.mark.usefixtures("use_fixture_warehouse")

SIGNALS = "views/signals.py"
DEMO_CAPTION = f":material/science: **{DEMO_LABEL}.**"


def open_signals(**query: str) -> AppTest:
    return open_app(SIGNALS, **{"gemeente": "GM0034", "jaar": "2024", **query})


def specs(at: AppTest) -> dict[str, dict]:
    """The plotly figures by their chart_block key (the key ends the element id)."""
    return {key: json.loads(c.proto.spec) for c in at.get("plotly_chart")
            for key in ("signalen_staven", "signalen_stroom", "signalen_basis") if c.proto.id.endswith(key)}


def plain(values) -> list:
    """A plotly array as a list: plotly 7 writes numeric arrays as {'dtype': 'f8', 'bdata': base64}."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def title(spec: dict) -> str:
    return spec["layout"]["title"]["text"]


def table(at: AppTest) -> list[tuple]:
    (frame,) = [d.value for d in at.dataframe]
    return [tuple(r) for r in frame.itertuples(index=False)]


def test_renders_the_four_parts_for_almere_2024():
    at = open_signals()
    assert at.title[0].value == "Signalen in Almere"
    charts = specs(at)
    assert set(charts) == {"signalen_staven", "signalen_stroom", "signalen_basis"}
    assert title(charts["signalen_staven"]) == "In Almere werden in 2024 55 signalen opgevangen, 511% meer dan in 2023"
    assert title(charts["signalen_stroom"]) == ("Van de 55 signalen in 2024 werd 62% in de basis opgepakt en 38% "
                                                "doorverwezen")
    assert title(charts["signalen_basis"]) == ("Meer signalen worden in de basis opgepakt: van 57% (2019) "
                                               "naar 62% (2024)")
    assert at.subheader[0].value == "Signalen per wijk in 2024: de meeste in Almere Buiten (40)"
    assert all(c["layout"]["separators"] == ",." for c in charts.values())
    assert not at.info


def test_the_flow_is_a_sankey_of_the_shown_cells_coloured_by_basis_or_referral():
    (sankey,) = specs(open_signals())["signalen_stroom"]["data"]
    assert sankey["type"] == "sankey"
    labels = sankey["node"]["label"]
    assert labels == ["opvoeding: 36", "armoede/geldzorgen: 12",
                      f"{fd.Z} (in de basis): 26", f"{fd.S} (in de basis): 8", f"{fd.W} (doorverwezen): 14"]
    links = sorted((labels[s].split(":")[0], labels[t].split(" (")[0], v) for s, t, v in zip(
        sankey["link"]["source"], sankey["link"]["target"], sankey["link"]["value"]))
    # the hidden 2 (armoede → Veilig Thuis) and its complement 5 (school → jeugdhulp) are not drawn
    assert links == [(fd.ARM, fd.W, 6), (fd.ARM, fd.Z, 6), (fd.OPV, fd.W, 8), (fd.OPV, fd.S, 8), (fd.OPV, fd.Z, 20)]
    basis, referral = sankey["node"]["color"][2:4], sankey["node"]["color"][4]
    assert basis == ["#0072B2", "#56B4E9"] and referral == "#E69F00"  # blues in the basis, orange referred


def test_bars_per_year_change_with_the_grouping_and_per_month():
    at = open_signals()
    bars = specs(at)["signalen_staven"]["data"]
    # only the shown cells: 2019's basis cells and all of 2023 are hidden, so is 2024's school cell
    assert [(t["name"], plain(t["x"]), plain(t["y"])) for t in bars] == [
        (fd.OPV, ["2024"], [36.0]), (fd.ARM, ["2024"], [12.0]), (fd.SCH, ["2019"], [6.0])]
    assert specs(at)["signalen_staven"]["layout"]["xaxis"]["categoryarray"] == ["2019", "2023", "2024"]

    at.radio(key="signalen_verdeling").set_value("uitkomst")
    rerun(at)
    bars = specs(at)["signalen_staven"]["data"]
    assert [(t["name"], t["legendgroup"], plain(t["x"]), plain(t["y"])) for t in bars] == [
        (fd.Z, "in de basis", ["2024"], [26.0]), (fd.S, "in de basis", ["2024"], [8.0]),
        (fd.W, "doorverwezen", ["2019", "2024"], [6.0, 14.0])]

    at.radio(key="signalen_periode").set_value("maand")
    rerun(at)
    spec = specs(at)["signalen_staven"]
    assert [(t["name"], plain(t["x"]), plain(t["y"])) for t in spec["data"]] == [
        (fd.Z, ["mrt", "sep"], [16.0, 10.0]), (fd.S, ["mrt"], [8.0]), (fd.J, ["mrt"], [5.0])]
    assert spec["layout"]["xaxis"]["categoryarray"][:3] == ["jan", "feb", "mrt"]


def test_another_year_changes_the_flow_and_the_table():
    at = open_signals()
    at.selectbox(key="sidebar_jaar").set_value(2023)
    rerun(at)
    charts = specs(at)
    assert title(charts["signalen_staven"]) == "In Almere werden in 2023 9 signalen opgevangen"
    # 3 of 9 in the basis is too small to show: no share in the title, and the year is one group
    assert title(charts["signalen_stroom"]) == "Wat er in 2023 met de signalen gebeurde"
    assert charts["signalen_stroom"]["data"][0]["link"]["value"] == []
    assert table(at) == [("Almere Stad", "9", "niet getoond")]


def test_the_wijk_table_shows_small_counts_as_below_5_and_never_the_number():
    at = open_signals()
    assert table(at) == [("Almere Buiten", "40", "63%"),
                         ("Almere Haven", "<5", "niet getoond"), ("Almere Stad", "<5", "niet getoond")]
    cells = [str(v) for row in table(at) for v in row]
    for hidden in ("3", "12", "1", "8", "33%", "67%"):
        assert hidden not in cells
    assert any("<5 = minder dan 5 signalen" in c.value for c in at.caption)


def test_the_old_indeling_gives_the_old_wijk_name():
    at = open_signals(jaar="2019")
    assert table(at) == [(fd.OLD_WIJK_01, "14", "57%")]


def test_demo_label_on_every_chart_with_demo_data_and_not_on_real_data():
    at = open_signals()
    captions = [c.value for c in at.caption]
    assert captions.count(DEMO_CAPTION) == 4          # bars, flow, wijk table, share in the basis
    assert len(at.warning) == 1 and at.warning[0].value.startswith(f"**{DEMO_LABEL}.**")
    at.selectbox(key="sidebar_jaar").set_value(2023)  # De Speelkamer: a real registration
    rerun(at)
    captions = [c.value for c in at.caption]
    assert captions.count(DEMO_CAPTION) == 2          # the series over the years still hold demo years
    assert any("Bron: registratie De Speelkamer" in c for c in captions)


def test_a_year_without_signals_shows_the_newest_year_with_a_note():
    at = open_signals(jaar="2021")
    assert len(at.info) == 1 and at.info[0].value.startswith("Voor 2021 zijn geen signalen aangeleverd")
    assert title(specs(at)["signalen_stroom"]).endswith("in 2024 werd 62% in de basis opgepakt en 38% doorverwezen")


def test_a_gemeente_without_signals_points_to_data_aanleveren():
    at = open_signals(gemeente="GM0363", jaar="2021")
    assert at.title[0].value == "Signalen in Amsterdam"
    assert len(at.info) == 1 and "nog geen signalen aangeleverd" in at.info[0].value
    (link,) = at.get("page_link")
    assert (link.proto.page, link.proto.label) == ("data", "Naar Data aanleveren")  # url_path of views/data.py
    assert not at.get("plotly_chart") and not at.dataframe
