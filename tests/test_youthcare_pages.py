"""The CBS youth-care series on the pages (AppTest on tests/fixture_data.py SERIES_TABLES, Almere).

Preventie en zorg: two series with the marked break and the half years apart, and the costs with their
gaps; Gemeenten vergelijken: the year choice and the funnel on CBS counts; Overzicht: the sentences per
series; Over de data: the publications. Every block asserts the source text under its chart.
"""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests import fixture_data as fd
from tests.apptest_support import open_app, rerun
from tests.test_peers_page import values

OLD, NEW = "Bron: CBS, 84134NED (reeks 2015–2020)", "Bron: CBS, 85099NED (reeks vanaf 2021)"


pytestmark = pytest.mark.usefixtures("series_warehouse")  # tests/conftest.py


def charts(at: AppTest) -> dict[str, dict]:
    """Plotly specs by title text, as one line (the page wraps long titles with <br>)."""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return {s["layout"].get("title", {}).get("text", "").replace("<br>", " "): s for s in specs}


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_preventie_en_zorg_draws_both_series_with_the_break_and_the_half_years():
    at = open_app("views/trends.py", gemeente="GM0034")
    assert "Jeugdzorg 2015–2024 tegen Nederland" in [h.value for h in at.subheader]
    title = ("In 2023 kreeg 11,4% van de jongeren in Almere jeugdzorg, binnen de gewone spreiding tussen gemeenten "
             "rond Nederland (11,0%); in 2021 was het 10,8%")
    spec = charts(at)[title]
    lines = {t["name"]: (values(t["x"]).tolist(), values(t["y"]).tolist(), t["line"].get("dash")) for t in spec["data"]}
    assert lines["Almere, reeks 2015–2020"][:2] == (list(range(2015, 2021)), [9.6, 9.7, 9.4, 9.7, 9.8, 9.8])
    assert lines["Almere, reeks vanaf 2021"][:2] == ([2021, 2022, 2023], [10.8, 10.8, 11.4])
    assert lines["Almere, 1e halfjaar (jan–jun)"] == ([2021, 2022, 2023, 2024], [9.0, 9.0, 9.5, 9.7], "dot")
    assert lines["Nederland, reeks vanaf 2021"][1] == [10.6, 10.8, 11.0]
    assert [s["x0"] for s in spec["layout"]["shapes"]] == [2020.5]  # the marked break
    assert "Breuk: nieuwe CBS-reeks" in [a["text"] for a in spec["layout"]["annotations"]]
    hover = [t["customdata"] for t in spec["data"] if t["name"] == "Almere, reeks 2015–2020"][0]
    assert hover[0] == [fd.SERIES_SOURCES[0][1]]  # the publication of every point
    under = next(c for c in captions(at) if c.startswith("Eenheid: % van jongeren tot 23 jaar."))
    assert f"{OLD} · {NEW}." in under and "twee reeksen, niet één lijn" in under


def test_preventie_en_zorg_shows_the_costs_with_their_gaps():
    at = open_app("views/trends.py", gemeente="GM0034")
    assert "Kosten jeugdzorg (begroot en gerealiseerd)" in [h.value for h in at.subheader]
    spec = charts(at)["Kosten jeugdzorg in Almere: van € 57,5 mln (2015) naar € 109,1 mln in 2023 "
                      "(begroot: € 109,2 mln)"]
    bars = {t["name"]: values(t["x"]).tolist() for t in spec["data"]}
    assert bars == {"begroot": [2023], "gerealiseerd": [2015, 2023]}
    under = next(c for c in captions(at) if c.startswith("Eenheid: miljoen euro per jaar"))
    assert "Bron: CBS, 83454NED." in under
    assert "Geen cijfer aangeleverd aan CBS (een gat, geen nul): begroot 2015–2022; gerealiseerd 2016–2022." in under


def test_a_gemeente_without_the_series_gets_neither_block():
    at = open_app("views/trends.py", gemeente="GM0363")  # Amsterdam: 2019 and 2023 only, no costs
    heads = [h.value for h in at.subheader]
    assert "Jeugdzorg 2015–2024 tegen Nederland" in heads and "Kosten jeugdzorg (begroot en gerealiseerd)" not in heads


def test_gemeenten_vergelijken_funnel_per_year_on_cbs_counts():
    at = open_app("views/peers.py", gemeente="GM0034")
    box = at.selectbox(key="peers_jaar")
    assert box.options[:2] == ["2023", "2022"] and box.value == 2023
    under = [c for c in captions(at) if "x-as: aantal jongeren" in c]
    assert len(under) == 1 and NEW in under[0] and "Groepsgrootte uit het CBS-aantal en -percentage" in under[0]
    box.select(2019)
    rerun(at)
    under = [c for c in captions(at) if "x-as: aantal jongeren" in c]
    assert OLD in under[0] and NEW not in under[0]
    funnel = [s for s in charts(at).values() if any(t.get("name") == "Almere" for t in s["data"])][-1]
    almere = next(t for t in funnel["data"] if t.get("name") == "Almere")
    assert values(almere["x"]).tolist() == pytest.approx([5965 / 9.8 * 100])
    assert values(almere["y"]).tolist() == [9.8]


def test_overzicht_tells_each_series_against_nl():
    at = open_app("views/overview.py", gemeente="GM0034", jaar="2024")
    text = " ".join(m.value for m in at.markdown)
    assert "Oude CBS-reeks, 2015–2020: in Almere bleef het aandeel jongeren met jeugdzorg ongeveer gelijk" in text
    assert "in Almere steeg het aandeel jongeren met jeugdzorg (10,8% → 11,4%)" in text
    assert "Nieuwste cijfer, eerste halfjaar 2024: 9,7% in Almere, 9,2% in Nederland" in text
    assert any(OLD in c and NEW in c for c in captions(at))


def test_over_de_data_names_the_headline_publications():
    at = open_app("views/about_data.py")
    text = " ".join(m.value for m in at.markdown)
    for needle in ("**84134NED** (2015–2020) en **85099NED** (vanaf 2021)", "Bergen op Zoom",
                   "**6.630**", "**6.585**", "**6.555**", "Kopcijfer is **85098NED**"):
        assert needle in text


def test_overzicht_in_a_year_without_kwb_points_to_the_series():
    at = open_app("views/overview.py", gemeente="GM0034", jaar="2016")
    assert "2016" in at.selectbox(key="sidebar_jaar").options  # a year of the CBS series only
    assert [i.value for i in at.info if "kerncijfers" in i.value] == [
        "Voor Almere staan tot en met 2016 geen kerncijfers (Kerncijfers wijken en buurten) in de meegeleverde data. Kies "
        "een ander jaar; de jeugdzorg door de jaren (CBS-jeugdzorgtabellen) staat hieronder."]
    assert any(m.value.startswith("- Oude CBS-reeks, 2015–2020") for m in at.markdown)
