"""make refresh plans the KWB and the boundaries of every year and CBS Gebieden in Nederland (issue 20),
and the jeugdregio column of a Gebieden table is found in its DataProperties."""
from __future__ import annotations

import pandas as pd
import pytest

from refresh.plan import default_plan
from warehouse import RAW_DIR
from warehouse.loaders import InputError
from warehouse.refresh_regio import code_column
from warehouse.refreshed import with_jeugdregio


def test_default_plan_has_every_kwb_year_their_boundaries_and_gebieden():
    plan = default_plan(RAW_DIR)
    kwb = sorted(t.year for t in plan.tables if t.kind == "kwb")
    assert kwb == list(range(2015, 2026))
    assert set(plan.pdok_years) == set(range(2015, 2026))
    gebieden = [t for t in plan.tables if t.kind == "gebieden"]
    assert [(t.table_id, t.year, t.status_of_id) for t in gebieden] == [("85385NED", 2023, "likely")]
    assert gebieden[0].keywords == ("gebieden in nederland",)  # checked against CBS's title before download


PROPS = [
    {"ID": 0, "Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's"},
    {"ID": 10, "Type": "TopicGroup", "Key": "", "Title": "GGD-regio's"},
    {"ID": 11, "ParentID": 10, "Type": "Topic", "Key": "Code_12", "Title": "Code"},
    {"ID": 20, "Type": "TopicGroup", "Key": "", "Title": "Jeugdzorgregio's"},
    {"ID": 21, "ParentID": 20, "Type": "Topic", "Key": "Naam_30", "Title": "Naam"},
    {"ID": 22, "ParentID": 20, "Type": "Topic", "Key": "Code_31", "Title": "Code"},
]


def test_code_column_is_the_code_under_the_jeugdregio_group():
    assert code_column(PROPS) == "Code_31"
    assert code_column([{"Type": "Topic", "Key": "Jeugdzorgregios", "Title": "Jeugdzorgregio's"}]) == "Jeugdzorgregios"
    with pytest.raises(InputError):
        code_column(PROPS[:3])


def test_a_refreshed_composition_replaces_the_derived_one_and_sums_anew():
    old = pd.DataFrame({"jeugdregio_code": ["JZ01", "JZ01", "JZ02", "JZ01"], "gemeente_code": ["GM1", "GM2", "GM3", "GM1"],
                        "indeling_year": [2024, 2024, 2024, 2016], "is_derived": [True, True, True, False],
                        "basis": ["afgeleid"] * 3 + ["CBS 2016"], "share_addresses": 1.0, "source_id": "x"})
    new = pd.DataFrame({"jeugdregio_code": ["JZ02", "JZ02"], "gemeente_code": ["GM2", "GM3"], "indeling_year": 2024,
                        "is_derived": False, "basis": "CBS Gebieden in Nederland 2023 (85385NED)",
                        "share_addresses": 1.0, "source_id": "cbs_85385NED"})
    obs = pd.DataFrame([{"indicator_id": "inwoners", "region_code": c, "indeling_year": 2024, "year": 2023, "value": v,
                         "numerator": None, "denominator": None, "status": "value", "is_derived": False,
                         "derivation": None, "source_id": "s"} for c, v in (("GM1", 10.0), ("GM2", 20.0), ("GM3", 30.0))])
    regions = pd.DataFrame({"code": ["JZ01", "JZ02"], "level": "jeugdregio", "name": ["A", "B"], "parent_code": "NL00",
                            "indeling_year": 2024, "geometry_year": None})
    out = with_jeugdregio({"jeugdregio_gemeente": old, "observation": obs, "region": regions}, new)
    m = out["jeugdregio_gemeente"]
    now = dict(zip(m.loc[m.indeling_year == 2024, "gemeente_code"], m.loc[m.indeling_year == 2024, "jeugdregio_code"]))
    assert now == {"GM1": "JZ01", "GM2": "JZ02", "GM3": "JZ02"}  # GM1 not in the refreshed table: kept, said so
    assert m.loc[(m.gemeente_code == "GM1") & (m.indeling_year == 2024), "basis"].iloc[0].endswith("afgeleid gebleven)")
    assert len(m[m.indeling_year == 2016]) == 1
    sums = out["observation"].set_index("region_code").loc[["JZ01", "JZ02"], "value"].to_dict()
    assert sums == {"JZ01": 10.0, "JZ02": 50.0}
    jz02 = out["observation"].set_index("region_code").loc["JZ02"]
    assert jz02["source_id"] == "cbs_85385NED" and "CBS Gebieden in Nederland 2023" in jz02["derivation"]
