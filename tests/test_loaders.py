"""Loader and geometry tests on the real open-data files in data/raw (see data/raw/SOURCES.md)."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon

from geo.prepare import GeometryError, prepare_layer, prepare_polygons, read_layer
from warehouse import RAW_DIR, loaders

KWB2021 = RAW_DIR / "cbs/kwb_2021_gemeenten.csv"
GEMEENTE_GEOJSON = RAW_DIR / "geo/gemeente_2024.geojson"
WIJK_GEOJSON = RAW_DIR / "geo/wijk_2024.geojson"
WIJK_CSV = RAW_DIR / "geo/wijk_gemeente_2024.csv"


@pytest.fixture(scope="module")
def csv2021() -> pd.DataFrame:
    return pd.read_csv(KWB2021, dtype={"gemeentecode": str}).set_index("gemeentecode")


@pytest.fixture(scope="module")
def herindeling() -> pd.DataFrame:
    return loaders.load_herindeling(RAW_DIR / "geo/herindeling_2021_2024.csv")


@pytest.fixture(scope="module")
def kwb2021(herindeling) -> pd.DataFrame:
    return loaders.load_kwb_2021(KWB2021, herindeling)


@pytest.fixture(scope="module")
def almere() -> tuple[pd.DataFrame, pd.DataFrame]:
    props = loaders.load_data_properties(RAW_DIR / "cbs/85984NED_DataProperties.json")
    regions = loaders.load_regions_2024(GEMEENTE_GEOJSON, WIJK_CSV)
    return loaders.load_kwb_almere(RAW_DIR / "cbs/kwb_almere_2018_2025_raw.csv", props,
                                   regions[regions.level == "wijk"])


def one(obs: pd.DataFrame, indicator: str, code: str, year: int = 2021) -> pd.Series:
    rows = obs[(obs.indicator_id == indicator) & (obs.region_code == code) & (obs.year == year)]
    assert len(rows) == 1, f"{indicator} {code} {year}: {len(rows)} rows"
    return rows.iloc[0]


def wide(obs: pd.DataFrame) -> pd.DataFrame:
    return obs.pivot_table(index=["region_code", "year"], columns="indicator_id", values="value")


# --- decimals ---------------------------------------------------------------------------------

def test_almere_2021_matches_the_independent_gemeente_extract(almere, csv2021):
    obs = almere[1]
    ref = csv2021.loc["GM0034"]
    assert one(obs, "jeugdzorg_pct", "GM0034").value == pytest.approx(ref.jongeren_jeugdzorg_pct) == 10.7
    assert one(obs, "wmo_per_1000", "GM0034").value == pytest.approx(ref.wmo_per_1000_inw) == 56
    assert one(obs, "inkomen_per_inwoner", "GM0034").value == pytest.approx(
        ref.gem_inkomen_per_inwoner_x1000eur) == 28.1


@pytest.mark.parametrize(("raw", "decimals", "expected"),
                         [("114", 1, 11.4), ("56", 0, 56.0), ("10,7", 1, 10.7), ("", 1, np.nan)])
def test_restore_decimals(raw, decimals, expected):
    got = loaders.restore_decimals(pd.Series([raw], dtype=object), decimals)
    assert len(got) == 1
    if np.isnan(expected):
        assert np.isnan(got.iloc[0])
    else:
        assert got.iloc[0] == pytest.approx(expected)


def test_base_name_drops_the_edition_suffix():
    assert loaders.base_name("PercentageJongerenMetJeugdzorg_88") == "PercentageJongerenMetJeugdzorg"
    assert loaders.base_name("k_0Tot15Jaar") == "k_0Tot15Jaar"


def test_whole_percentages_are_not_divided_by_ten(almere):
    """The export wrote 7,0 % as '7': each jeugdzorg % must agree with its own count."""
    w = wide(almere[1])
    under_23 = w.kinderen_0_15 + 0.8 * w.jongeren_15_25_pct * w.inwoners / 100
    ratio = (w.jeugdzorg_pct / (w.jeugdzorg_aantal / under_23 * 100))[w.jeugdzorg_aantal >= 50].dropna()
    assert len(ratio) > 300
    assert ratio.between(0.5, 2).all(), ratio[~ratio.between(0.5, 2)].head()
    assert w.loc[("WK003402", 2021), "jeugdzorg_pct"] == 7.0  # raw '7', 2,165 of ~30,600 young people


# Raw '5' then '1', sibling '5' then '13': every reading is as likely as the other (a true tie).
TIED = ["BU00342601"]


def test_household_percentages_do_not_jump_tenfold_within_one_indeling(almere):
    """A 5x jump between 2022 and 2023 where another reading of the digits avoids it is a misread.

    (A jump that every reading shows, such as '5' -> '1', is in the data itself.)
    """
    raw = pd.read_csv(RAW_DIR / "cbs/kwb_almere_2018_2025_raw.csv", sep=";", encoding="utf-8-sig", dtype=str, low_memory=False)
    raw["code"] = raw["WijkenEnBuurten"].str.strip()
    raw["year"] = raw["Peildatum"].str[-4:].astype(int)
    w = wide(almere[1])
    for ind, base in (("huish_sociaal_minimum_pct", "HuishOnderOfRondSociaalMinimum"),
                      ("huish_laag_inkomen_pct", "HuishoudensMetEenLaagInkomen")):
        cols = [c for c in raw.columns if c.rsplit("_", 1)[0] == base]
        digits = pd.to_numeric(raw[cols].bfill(axis=1).iloc[:, 0], errors="coerce")
        raw_wide = pd.Series(digits.values, index=pd.MultiIndex.from_arrays([raw.code, raw.year])).unstack()
        s, inw = w[ind].unstack("year"), w["inwoners"].unstack("year")
        a, b = raw_wide[2022].reindex(s.index), raw_wide[2023].reindex(s.index)
        # The smallest jump any reading (digits / 1 or / 10, at most 100 %) could give.
        readings = [(a / i, b / j) for i in (1, 10) for j in (1, 10)]
        least = pd.concat([np.abs(np.log((y.where(y <= 100)) / x.where(x <= 100))) for x, y in readings],
                          axis=1).min(axis=1)
        jump = np.abs(np.log(s[2023] / s[2022]))
        big = (inw[2022] >= 1000) & (inw[2023] >= 1000)
        jumps = jump[big & (jump >= np.log(5)) & (jump > least + 1e-9)].drop(TIED, errors="ignore")
        assert jumps.empty, f"{ind}: {dict(jumps.round(1))}"


# --- KWB 2021 and the herindeling ---------------------------------------------------------------

def test_kwb2021_is_on_the_2024_indeling(kwb2021):
    features = json.loads(GEMEENTE_GEOJSON.read_text(encoding="utf-8"))["features"]
    codes_2024 = {f["properties"]["gemeentecode"] for f in features}
    gm = set(kwb2021.loc[kwb2021.region_code.str.startswith("GM"), "region_code"])
    assert len(gm) == 342
    assert gm == codes_2024


def test_merged_gemeenten_are_reweighted(kwb2021, csv2021, herindeling):
    old = csv2021.loc[["GM0398", "GM0416"]]
    inw = one(kwb2021, "inwoners", "GM1980")
    assert inw.value == old.inwoners.sum() == 58387 + 28335
    wmo = one(kwb2021, "wmo_per_1000", "GM1980")
    expected = (old.wmo_per_1000_inw * old.inwoners).sum() / old.inwoners.sum()
    assert wmo.value == pytest.approx(expected, abs=1e-6)
    assert not (wmo.value == pytest.approx(old.wmo_per_1000_inw.mean(), abs=1e-3))  # weighted, not a mean
    assert inw.is_derived and wmo.is_derived and inw.status == wmo.status == "value"
    assert "GM0398" in wmo.derivation and "GM0416" in wmo.derivation
    merged = kwb2021[kwb2021.region_code.isin(herindeling.new_code)]
    assert merged.region_code.nunique() == 6 and merged.is_derived.all()


def test_unmerged_gemeenten_are_taken_as_published(kwb2021, csv2021, herindeling):
    gm = kwb2021[kwb2021.region_code.str.startswith("GM") & ~kwb2021.region_code.isin(herindeling.new_code)]
    assert gm.region_code.nunique() == 342 - 6
    assert not gm[gm.indicator_id != "kinderen_0_15"].is_derived.any()
    inw = gm[gm.indicator_id == "inwoners"].set_index("region_code").value
    assert (inw == csv2021.inwoners.reindex(inw.index)).all()


def test_nl_total_is_the_sum_of_all_gemeenten(kwb2021, csv2021):
    nl = one(kwb2021, "inwoners", "NL00")
    assert nl.value == csv2021.inwoners.sum() == 17_475_415
    assert nl.is_derived


# --- Almere: secret cells and reused wijk codes -------------------------------------------------

def test_secret_cells_are_null_never_zero(almere):
    obs = almere[1]
    wijk22 = obs[(obs.indicator_id == "jeugdzorg_pct") & (obs.year == 2022) & obs.region_code.str.startswith("WK")]
    secret = wijk22[wijk22.status == "secret"]
    assert len(secret) >= 5 and secret.value.isna().all()
    assert "WK003410" in set(secret.region_code)  # 500 inhabitants, cell suppressed by CBS
    assert one(obs, "jeugdzorg_pct", "WK003415", 2022).status == "missing"  # nobody lives there
    assert not obs[(obs.status == "value") & obs.value.isna()].shape[0]
    assert obs[obs.status != "value"].value.isna().all()
    assert obs.status.isin(["value", "secret", "missing"]).all()


def test_reused_wijk_codes_are_kept_apart_per_indeling(almere):
    regions = almere[0]
    rows = regions[regions.code == "WK003401"].set_index("indeling_year").sort_index()
    assert list(rows.index) == list(range(2018, 2026))
    assert rows.loc[2018:2021, "geometry_year"].isna().all()
    assert (rows.loc[2022:2025, "geometry_year"] == 2024).all()
    name_2024 = pd.read_csv(WIJK_CSV, dtype=str).set_index("wijkcode").loc["WK003401", "wijknaam"]
    assert rows.loc[2024, "name"] == name_2024
    assert rows.loc[2018, "name"] != rows.loc[2024, "name"]


# --- geometry -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def prepared() -> dict[str, pd.DataFrame]:
    return {"gemeente": prepare_layer(GEMEENTE_GEOJSON, "gemeentecode", "gemeente", 2024),
            "wijk": prepare_layer(WIJK_GEOJSON, "statcode", "wijk", 2024)}


@pytest.mark.parametrize(("level", "n"), [("gemeente", 342), ("wijk", 3393)])
def test_prepared_geometries_are_valid(prepared, level, n):
    rows = prepared[level]
    geoms = shapely.from_geojson(rows.geojson.to_numpy())
    assert len(rows) == n and rows.code.is_unique
    assert shapely.is_valid(geoms).all()
    assert not shapely.is_empty(geoms).any()
    assert set(shapely.get_type_id(geoms)) <= {3, 6}  # Polygon, MultiPolygon


def _overlap_m2(geoms) -> tuple[float, float]:
    rd = gpd.GeoSeries(geoms, crs="EPSG:4326").to_crs("EPSG:28992").to_numpy()
    return float(shapely.area(rd).sum() - shapely.union_all(rd).area), float(shapely.area(rd).sum())


def test_simplified_gemeenten_keep_shared_borders(prepared):
    overlap, total = _overlap_m2(shapely.from_geojson(prepared["gemeente"].geojson.to_numpy()))
    assert overlap / total < 0.005
    # The source already overlaps by ~0.6 km²; simplifying each gemeente on its own adds ~4 km².
    raw_overlap, _ = _overlap_m2(shapely.make_valid(gpd.read_file(GEMEENTE_GEOJSON).geometry.to_numpy()))
    assert overlap < raw_overlap + 100_000


def test_adjacent_squares_stay_adjacent():
    """Two 1 km squares (RD) sharing a wiggly half edge; separate simplification would overlap them."""
    x0, y0 = 150_000, 450_000
    dx = [0, 24, -36, 18, -30, 34, -22, 28, -32, 20, 0]
    edge = [(x0 + 1000 + d, y0 + 500 + 50 * i) for i, d in enumerate(dx)]
    a = Polygon([(x0, y0), (x0 + 1000, y0), *edge, (x0, y0 + 1000)])
    b = Polygon([*edge[::-1], (x0 + 2000, y0 + 500), (x0 + 2000, y0 + 1500), (x0 + 1000, y0 + 1500)])
    assert a.is_valid and b.is_valid and a.intersection(b).area == 0
    gdf = gpd.GeoDataFrame({"code": ["A", "B"]}, geometry=[a, b], crs="EPSG:28992").to_crs("EPSG:4326")
    out = prepare_polygons(gdf, 25.0)
    assert out.crs.to_epsg() == 4326 and out.is_valid.all()
    pa, pb = out.to_crs("EPSG:28992").geometry
    shared = pa.intersection(pb)
    assert not shared.is_empty and shared.geom_type in ("LineString", "MultiLineString")
    assert shared.area == 0
    assert shared.length >= 500  # the whole shared edge, not a point or a fragment
    union = pa.union(pb)
    assert union.geom_type == "Polygon" and not union.interiors  # no gap between them


# --- missing or corrupt input -------------------------------------------------------------------

def test_read_csv_on_a_missing_file_names_it(tmp_path):
    path = tmp_path / "nope" / "kwb.csv"
    with pytest.raises(loaders.InputError, match="nope") as exc:
        loaders.read_csv(path, ["gemeentecode"])
    assert str(path) in str(exc.value)


def test_data_properties_with_invalid_json_names_the_file(tmp_path):
    path = tmp_path / "DataProperties.json"
    path.write_text('{"value": [ {"Key": "x", ', encoding="utf-8")
    with pytest.raises(loaders.InputError) as exc:
        loaders.load_data_properties(path)
    assert str(path) in str(exc.value)


def test_read_layer_on_a_missing_file_raises_geometry_error(tmp_path):
    path = tmp_path / "gemeente_2024.geojson"
    with pytest.raises(GeometryError) as exc:
        read_layer(path, "gemeentecode")
    assert str(path) in str(exc.value)


def test_income_per_inwoner_has_its_decimal_back_everywhere_in_almere(almere):
    """A second view of the income decimals (issue 14): every wijk and year, not one cell.

    CBS writes 28,1 (thousand euro) as '281' in the export; a lost or doubled correction would put
    the figures ten times too high or too low.
    """
    obs = almere[1]
    income = obs[(obs.indicator_id == "inkomen_per_inwoner") & (obs.status == "value")]
    assert income.year.nunique() >= 3 and income.region_code.nunique() > 20
    # 5 to 100 thousand euro: a tenfold misreading of any ordinary value (15-50) falls outside. One new
    # wijk seen in one year only (WK003410 2022, raw '91') is a true tie between 9,1 and 91 and stays in.
    assert income.value.between(5, 100).all(), income[~income.value.between(5, 100)].head()
    area = income[income.region_code == "BU00340313"].set_index("year").value  # raw '33', '34', '342', '366'
    assert area.loc[[2018, 2019, 2020, 2021]].tolist() == [33.0, 34.0, 34.2, 36.6]
    assert (income.value.round(1) != income.value.round(0)).any()  # decimals, not whole thousands
