"""Own comparison groups (issue 23): statistical neighbours, the jeugdregio, or a set the user picks and the
URL keeps — on Gemeenten vergelijken (funnel, comparison table) and in the youth-care trend chart."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.groups import (MAX_PICKED, dutch_names, jeugdregio_group, neighbours_group, parse_codes, parse_kind,
                             picked_group, trend_sentence)
from tests import fixture_data as fd
from tests.apptest_support import open_app
from tests.conftest import build_fixture_warehouse, pointed_at
from tests.test_peers_page import values

KNOWN = ["GM0034", "GM0363", "GM9001", "GM9002"]


def test_the_url_gives_known_codes_once_and_an_unknown_kind_falls_back():
    assert parse_codes("gm0363,GM9001;GM0363,GM9999,<script>", KNOWN) == ["GM0363", "GM9001"]
    assert parse_codes(",".join(f"GM{n:04d}" for n in range(100)), [f"GM{n:04d}" for n in range(100)]) == \
        [f"GM{n:04d}" for n in range(MAX_PICKED)]
    assert parse_codes(None, KNOWN) == []
    assert (parse_kind("jeugdregio"), parse_kind("alles"), parse_kind(None)) == ("jeugdregio", "buren", "buren")


def test_names_are_listed_the_dutch_way():
    assert [dutch_names(n) for n in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == ["", "A", "A en B", "A, B en C"]
    assert dutch_names([str(i) for i in range(15)], limit=3) == "0, 1, 2 en 12 andere"


def test_the_sentence_claims_higher_or_lower_than_the_group_only_beyond_chance():
    def trend(own: float, group: float, n: float) -> pd.DataFrame:
        return pd.DataFrame({"code": ["GM0034", "GROEP"], "indicator_id": "jeugdzorg_reeks2021_pct", "year": 2023,
                             "status": "value", "value": [own, group], "jongeren": [n, n]})
    group = picked_group("GM0034", "Almere", ["GM0363"])
    assert trend_sentence(trend(11.4, 10.2, 50_000), "GM0034", "Almere", group) == (
        "In 2023 lag Almere (11,4%) hoger dan uw eigen selectie van 1 gemeente samen (10,2%, hun aantallen opgeteld).")
    assert "niet duidelijk anders dan" in trend_sentence(trend(11.4, 10.2, 300), "GM0034", "Almere", group)
    assert trend_sentence(trend(11.4, 10.2, 300), "GM0034", "Almere", picked_group("GM0034", "Almere", [])) == ""


def test_each_group_says_which_group_it_is_or_why_there_is_none():
    assert neighbours_group("GM0034", "Almere", ["GM0363", "GM0034"]).phrase == "de 1 statistische buren van Almere"
    assert picked_group("GM0034", "Almere", ["GM0034"]).empty_reason.startswith("Kies hierboven")
    assert picked_group("GM0034", "Almere", ["GM0363"]).phrase == "uw eigen selectie van 1 gemeente"
    assert "nog niet in deze datarelease" in jeugdregio_group("GM0034", "Almere", pd.DataFrame()).empty_reason
    members = pd.DataFrame({"jeugdregio_name": "Flevoland", "gemeente_code": ["GM0034", "GM0050"],
                            "is_derived": [True, True]})
    regio = jeugdregio_group("GM0034", "Almere", members)
    assert (regio.codes, regio.label, regio.is_derived) == (("GM0034", "GM0050"), "Jeugdregio Flevoland", True)
    assert regio.phrase == "de jeugdregio Flevoland (2 gemeenten, Almere meegeteld)"


# --- on the pages ---------------------------------------------------------------------------------

REGIO = (["jeugdregio_code", "gemeente_code", "indeling_year", "is_derived", "basis", "share_addresses", "source_id"],
         [("JZ99", code, 2024, True, "unchanged_2016_2024", 1.0, "jeugdregio_2024_afgeleid")
          for code in ("GM0034", "GM9001", "GM9002")])


@pytest.fixture(scope="module")
def regio_warehouse_file(tmp_path_factory):
    return build_fixture_warehouse(tmp_path_factory.mktemp("groups") / "groups.duckdb",
                                   dict(fd.PEER_TABLES, jeugdregio_gemeente=REGIO, region=(
                                       fd.PEER_TABLES["region"][0], fd.PEER_TABLES["region"][1]
                                       + [("JZ99", "jeugdregio", "Testregio", "NL00", 2024, None)])))


@pytest.fixture
def regio_warehouse(regio_warehouse_file, monkeypatch):
    yield from pointed_at(regio_warehouse_file, monkeypatch)


def funnel_legend(at) -> list[str]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return [t["name"] for t in spec["data"] if t.get("mode", "").startswith("markers")]


def test_an_own_selection_from_the_url_is_the_group_in_the_funnel_and_the_table(regio_warehouse):
    at = open_app("views/peers.py", gemeente="GM0034", groep="eigen", vergelijk="GM9001,GM9002")
    assert "Eigen selectie (2)" in funnel_legend(at)
    assert at.multiselect(key="peers_groep_eigen").value == ["GM9001", "GM9002"]
    assert "Vergeleken met uw eigen selectie van 2 gemeenten: Aaveen en Beekum." in [c.value for c in at.caption]
    assert "Eigen selectie (mediaan)" in at.dataframe[1].value.columns
    assert at.query_params["vergelijk"] == "GM9001,GM9002" and at.query_params["groep"] == "eigen"


def test_the_jeugdregio_comes_from_the_warehouse(regio_warehouse):
    at = open_app("views/peers.py", gemeente="GM0034", groep="jeugdregio")
    assert "Jeugdregio Testregio (2)" in funnel_legend(at)  # the two others; Almere is the orange dot
    captions = " ".join(c.value for c in at.caption)
    assert "de jeugdregio Testregio (3 gemeenten, Almere meegeteld): Aaveen, Almere en Beekum." in captions
    assert "afgeleid" in captions


def test_without_a_jeugdregio_composition_the_page_says_so(use_fixture_warehouse):
    at = open_app("views/peers.py", gemeente="GM0034", groep="jeugdregio")
    assert any("nog niet in deze datarelease" in i.value for i in at.info)


def test_the_trend_chart_draws_the_group_beside_the_gemeente_and_nl(series_warehouse):
    at = open_app("views/trends.py", gemeente="GM0034", groep="eigen", vergelijk="GM0363")
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                if "jongeren in Almere jeugdzorg" in json.loads(c.proto.spec)["layout"]["title"]["text"])
    lines = {t["name"]: (values(t["x"]).tolist(), values(t["y"]).tolist()) for t in spec["data"] if t.get("name")}
    amsterdam = {r[3]: r[4] for r in fd.SERIES_OBSERVATIONS if r[0] == "jeugdzorg_reeks2021_pct"
                 and r[1] == "GM0363" and r[4] is not None}
    group = lines["Eigen selectie, reeks vanaf 2021"]
    assert group[0] == sorted(amsterdam) and group[1] == pytest.approx([amsterdam[y] for y in sorted(amsterdam)])
    captions = [c.value for c in at.caption]
    assert "Vergeleken met uw eigen selectie van 1 gemeente: Amsterdam." in captions
    newest = max(amsterdam)
    assert any(c.startswith(f"Eenheid: % van jongeren tot 23 jaar. ") and f"In {newest} lag Almere (" in c
               and "uw eigen selectie van 1 gemeente samen (" in c for c in captions), captions


# --- the queries behind the groups, exact rows ---------------------------------------------------

@pytest.fixture
def issue23_warehouse(tmp_path, monkeypatch):
    yield from pointed_at(build_fixture_warehouse(tmp_path / "issue23.duckdb", fd.ISSUE23_TABLES), monkeypatch)


def test_the_jeugdregio_group_is_the_whole_region_of_jeugdregio_gemeenten(issue23_warehouse):
    from queries import run_query
    members = run_query("jeugdregio_gemeenten", gemeente="GM0034")
    group = jeugdregio_group("GM0034", "Almere", members)
    expected = sorted(r[1] for r in fd.JEUGDREGIO_MEMBERS if r[0] == "JZ08" and r[2] == 2024)
    assert sorted(group.codes) == expected and group.is_derived
    assert group.label == "Jeugdregio Flevoland (samenstelling 2024, afgeleid)"
    assert run_query("jeugdregio_gemeenten", gemeente="GM0599").empty  # not in a region: no group


def test_youthcare_trend_group_sums_the_members_counts(series_warehouse):
    from queries import run_query
    one = run_query("youthcare_trend_group", codes=["GM0363"])
    own = run_query("youthcare_trend", gemeente="GM0363")
    own = own[(own.code == "GM0363") & (own.status == "value") & own.jongeren.notna()]
    assert sorted(zip(one.indicator_id, one.year)) == sorted(zip(own.indicator_id, own.year))
    merged = one.merge(own, on=["indicator_id", "year"], suffixes=("", "_own"))
    assert merged["value"].tolist() == pytest.approx(merged["value_own"].tolist())  # a group of one is itself
    assert set(one["gemeenten"]) == {1} and set(one["code"]) == {"GROEP"}
    two = run_query("youthcare_trend_group", codes=["GM0363", "GM0034"])
    both = set(zip(two.indicator_id, two.year))
    assert both and both <= set(zip(one.indicator_id, one.year))  # only years in which every member has a count
