"""Wijk data for every gemeente (warehouse/wijkdata.py), checked against the bundled files themselves.

Exact values below were read from the raw files in data/raw/cbs_wijken/ (the gzip of the CBS extracts).
The build step runs once per module on the real data/raw (about 15 s of CPU).
"""
from __future__ import annotations

import gzip
import hashlib

import numpy as np
import pandas as pd
import pytest

from warehouse import RAW_DIR, build, loaders, wijk_boundaries, wijk_catalogue, wijk_figures, wijk_read, wijkdata


@pytest.fixture(scope="module")
def tables():
    return build.load_all(RAW_DIR)


@pytest.fixture(scope="module")
def obs(tables):
    return tables["observation"].set_index(["indicator_id", "region_code", "indeling_year", "year"])


def one(obs, indicator, code, year, indeling=None):
    indeling = indeling if indeling is not None else (year if code.startswith("WK") else 2024)
    return obs.loc[(indicator, code, indeling, year)]


def test_wijkdata_is_an_open_data_step_of_the_build():
    assert wijkdata.extend in build.OPEN_DATA


def test_sources_carry_the_sha256_of_the_original_uncompressed_file(tables):
    src = tables["source"].set_index("source_id")
    # sha256 of ../shared/data/cbs_wijken/kwb_jeugdzorg_wijken_2021_2022.csv (the original), see SOURCES.md
    assert src.at["kwb_wijken_2021_2022", "sha256"] == "f489a17e60591b522350eb07dad0f0e3dbda91639ecd86b0d4983069a0fa40ef"
    assert src.at["cbs_jz_wijken_82964NED", "sha256"] == "e97f2e62ab5363b6dd5b8c881b73ccb37c4c45690a3bcb33ad2701736d83659c"
    path = RAW_DIR / "cbs_wijken/jeugdzorg_wijken_85990NED.csv.gz"
    assert src.at["cbs_jz_wijken_85990NED", "sha256"] == hashlib.sha256(gzip.open(path).read()).hexdigest()
    assert hashlib.sha256(path.read_bytes()).hexdigest() != src.at["cbs_jz_wijken_85990NED", "sha256"]
    assert all(src.loc[[s.source_id for s in wijk_catalogue.SOURCES], "file_path"].str.endswith(".gz"))


def test_almere_2021_and_2022_every_wijk_agrees_with_the_almere_export_after_restoring_decimals():
    """Two independent extracts of KWB, both with lost decimal signs, restored by the same method."""
    props = loaders.load_data_properties(RAW_DIR / "cbs/85984NED_DataProperties.json")
    regions = loaders.load_regions_2024(RAW_DIR / "geo/gemeente_2024.geojson", RAW_DIR / "geo/wijk_gemeente_2024.csv")
    _, almere = loaders.load_kwb_almere(RAW_DIR / "cbs/kwb_almere_2018_2025_raw.csv", props,
                                        regions[regions.level == "wijk"])
    kwb = wijk_read.read_kwb(RAW_DIR / wijk_catalogue.KWB_FILE, props)
    ours = wijk_figures.kwb_observations(kwb, {}, set(regions.code))
    key = ["indicator_id", "region_code", "year"]
    a = almere[almere.region_code.str.startswith("WK0034") & almere.year.isin([2021, 2022])]
    m = ours.merge(a, on=key, suffixes=("", "_almere"))
    wijken = {y: set(kwb.loc[(kwb.year == y) & kwb.code.str.startswith("WK0034"), "code"]) for y in (2021, 2022)}
    assert len(wijken[2021]) == 6 and len(wijken[2022]) == 71
    for year, codes in wijken.items():  # every wijk of both years is compared
        assert set(m.loc[(m.indicator_id == "inwoners") & (m.year == year), "region_code"]) == codes
    exact = m[m.indicator_id.isin(["inwoners", "kinderen_0_15", "kinderen_0_15_pct", "jongeren_15_25_pct",
                                   "bijstand_per_1000", "wmo_per_1000"])]
    assert len(exact) > 250
    assert np.allclose(exact["value"], exact["value_almere"], atol=1e-6)
    # Measures CBS publishes with one decimal: a decimal restored wrongly is off by a factor 10; the two
    # extracts differ only by CBS's revision of the income figures (at most 0,6 percentage point).
    decimal = m[m.indicator_id.isin(["inkomen_per_inwoner", "huish_laag_inkomen_pct", "huish_sociaal_minimum_pct"])]
    assert len(decimal) >= 15
    ratio = decimal["value"] / decimal["value_almere"]
    assert ratio.between(0.85, 1.2).all(), decimal[~ratio.between(0.85, 1.2)]
    assert (decimal["value"] - decimal["value_almere"]).abs().max() <= 0.6


def test_kwb_decimals_restored_whether_or_not_the_sign_was_kept():
    raw = pd.Series(["23", "09", "1.7", "281", None])
    assert loaders.restore_decimals(raw, 1).tolist()[:4] == [2.3, 0.9, 1.7, 28.1]


@pytest.mark.parametrize("indicator, code, year, expected", [
    ("jzw_aantal", "GM0014", 2021, 5465),            # Groningen, KWB-joined table 2021
    ("jzw_verw_toegang", "GM0014", 2021, 2170),
    ("jzw_trajecten", "GM0014", 2021, 8270),
    ("jzw_aantal", "GM0193", 2021, 3550),            # Zwolle
    ("jzw_verw_toegang", "GM0193", 2021, 2495),
    ("jzw_aantal", "GM0193", 2022, 3610),
    ("jzw_aantal", "WK003401", 2021, 570),           # Almere Haven, old indeling of 2021
    ("jzw_aantal", "GM0034", 2021, 6555),            # the wijk table's figure (KWB has 6.585)
    ("jzw_aantal_hj1", "GM1680", 2024, 505),         # Aa en Hunze, first half of 2024 (85990NED)
    ("jzw_aantal_hj1", "WK168000", 2024, 70),
    ("jzw_aantal_hj1", "GM1680", 2023, 550),         # 85685NED
    ("jzw_aantal", "WK168000", 2016, 75),            # 83563NED
    ("jzw_aantal", "NL00", 2015, 365900),            # 82964NED, NL
    ("jzw_aantal", "NL00", 2022, 461985),            # the 2022 gemeente file's NL row
    ("huishoudensgrootte", "GM0193", 2021, 2.1),     # '21' with the decimal sign lost
    ("huishoudensgrootte", "GM0193", 2022, 2.1),     # '2.1' with the sign kept
    ("inwoners", "WK036300", 2021, 4520),
    ("corporatiewoningen_pct", "WK036300", 2022, 15),
])
def test_exact_values_from_the_files(obs, indicator, code, year, expected):
    row = one(obs, indicator, code, year)
    assert row["status"] == "value"
    assert row["value"] == pytest.approx(expected)


def test_a_merged_gemeente_is_the_sum_of_its_parts_and_marked_derived(obs):
    row = one(obs, "jzw_aantal", "GM0363", 2021)
    assert row["value"] == 21460 and row["is_derived"]  # Amsterdam 21.075 + Weesp 385
    assert "GM0457" in row["derivation"]
    assert not one(obs, "jzw_aantal", "GM0193", 2021)["is_derived"]


def test_suppressed_cells_are_secret_never_zero(tables, obs):
    jz = tables["observation"][tables["observation"].indicator_id.str.startswith("jzw_")]
    assert not ((jz.status == "value") & (jz.value == 0)).any()
    assert jz.loc[jz.status == "secret", "value"].isna().all()
    # Almere Haven 2021: no referral by a judge published (empty cell)
    assert one(obs, "jzw_verw_rechter", "WK003401", 2021)["status"] == "secret"
    # Aa en Hunze, Anloo, first half of 2024: the 0-3 count is empty in 85990NED
    assert one(obs, "jzw_0_4_hj1", "WK168002", 2024)["status"] == "secret"


def test_half_years_are_never_years(tables):
    o = tables["observation"]
    assert not ((o.indicator_id == "jzw_aantal") & (o.year == 2024)).any()
    assert ((o.indicator_id == "jzw_aantal_hj1") & (o.year == 2024)).sum() > 3000


def test_a_gemeente_past_the_cut_off_is_not_in_the_bundled_data_never_zero(tables):
    cov = tables["wijk_coverage"].set_index(["gemeente_code", "year"])
    o = tables["observation"]
    # 2015 comes in code order and stops at Leudal (GM1640): Aa en Hunze (GM1680) is past it
    for code, year in [("GM1640", 2015), ("GM1680", 2015), ("GM0193", 2023), ("GM0193", 2016)]:
        row = cov.loc[(code, year)]
        assert not row["in_bundle"]
        assert "niet in de meegeleverde gegevens" in row["reason"] and "geen nul" in row["reason"]
        wijken = o[o.region_code.str.startswith("WK" + code[2:]) & (o.year == year) & o.indicator_id.str.startswith("jzw_")]
        assert wijken.empty
    for code, year in [("GM0193", 2015), ("GM0096", 2023), ("GM0363", 2019), ("GM0034", 2024), ("GM0193", 2021)]:
        assert cov.loc[(code, year), "in_bundle"]
    assert len(cov) == 342 * 10


def test_boundary_rule_code_and_area_must_agree():
    shapes = pd.DataFrame({"area_ha": [100.0, 2000.0], "perimeter_m": [4000.0, 18000.0]},
                          index=pd.Index(["WK000101", "WK000102"], name="code"))
    wijken = pd.DataFrame({"code": ["WK000101", "WK000101", "WK000102", "WK999901"], "year": 2022,
                           "a_opp_ha": [130.0, 150.0, 2150.0, 50.0], "a_lan_ha": [125.0, 145.0, 2100.0, 50.0]})
    out = wijk_boundaries.boundary_rule(wijken, shapes)
    # 25 ha off along 4 km of boundary = 62,5 m: within 100 m; 45 ha = 112,5 m: not
    assert out["shift_m"].tolist()[:3] == [62.5, 112.5, pytest.approx(55.6)]
    assert out["same"].tolist() == [True, False, True, False]
    assert out["reason"].iloc[3] == "wijkcode bestaat niet in de indeling van 2024"
    assert "andere grens" in out["reason"].iloc[1]


def test_reused_codes_with_another_boundary_are_not_drawn(tables):
    r = tables["region"].set_index(["code", "indeling_year"])
    # Almere 2021: the old six wijken with codes that exist again in 2024 (WK003401: 2.111 ha then, 33 ha now)
    assert pd.isna(r.at[("WK003401", 2021), "geometry_year"])
    assert pd.isna(r.at[("WK003401", 2019), "geometry_year"])
    b = tables["wijk_boundary"].set_index(["code", "indeling_year"])
    assert not b.at[("WK003401", 2021), "same"] and "andere grens" in b.at[("WK003401", 2021), "reason"]
    # Zwolle 2022: most wijken keep their 2024 boundary and are drawn
    z = tables["region"][(tables["region"].parent_code == "GM0193") & (tables["region"].indeling_year == 2022)]
    assert z["geometry_year"].notna().sum() >= len(z) - 1 > 10


def test_the_derived_share_is_close_to_what_cbs_published(tables):
    checks = tables["wijkdata_check"].set_index("check_id")
    assert checks.at["share_mean_abs", "value"] < 0.3  # percentage points, over 338 gemeenten
    assert "338 gemeenten" in checks.at["share_mean_abs", "note"]
    assert checks.at["almere_2022_publicaties", "value"] == 6660
    assert "6.680" in checks.at["almere_2022_publicaties", "note"]


def test_every_new_indicator_has_a_definition_and_every_row_a_known_indicator(tables):
    ind = tables["indicator"].set_index("indicator_id")
    new = [i.indicator_id for i in wijk_catalogue.INDICATORS]
    assert ind.loc[new, "definition_nl"].str.len().min() > 25  # CBS: "Totaal particuliere huishoudens."
    assert set(tables["observation"]["indicator_id"]) <= set(ind.index)
    assert set(tables["observation"]["source_id"]) <= set(tables["source"]["source_id"])
