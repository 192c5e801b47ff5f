"""Youth care per gemeente 2015–2024 (warehouse/series.py) on the bundled CBS files: exact values."""
from __future__ import annotations

import pandas as pd
import pytest

from warehouse import RAW_DIR, loaders, series


@pytest.fixture(scope="module")
def loaded():
    regions = loaders.load_regions_2024(RAW_DIR / "geo/gemeente_2024.geojson", RAW_DIR / "geo/wijk_gemeente_2024.csv")
    herindeling = loaders.load_herindeling(RAW_DIR / "geo/herindeling_2021_2024.csv")
    gemeenten = set(regions.loc[regions.level == "gemeente", "code"])
    obs, extra_regions, breaks = series.load_series(RAW_DIR, herindeling, gemeenten)
    return obs, extra_regions, breaks, gemeenten


def row(obs: pd.DataFrame, indicator: str, code: str, year: int) -> pd.Series:
    hit = obs[(obs.indicator_id == indicator) & (obs.region_code == code) & (obs.year == year)]
    assert len(hit) == 1, (indicator, code, year, len(hit))
    return hit.iloc[0]


@pytest.mark.parametrize("indicator,year,value", [
    ("jeugdzorg_reeks2015_pct", 2015, 8.5), ("jeugdzorg_reeks2015_pct", 2020, 9.8),
    ("jeugdzorg_reeks2021_pct", 2021, 10.6), ("jeugdzorg_reeks2021_pct", 2023, 11.0),
    ("jeugdzorg_reeks2015_aantal", 2015, 380100), ("jeugdzorg_reeks2021_aantal", 2023, 489895),
    ("jeugdhulp_pct", 2015, 10.0), ("jeugdhulp_pct", 2021, 13.2), ("jeugdhulp_verblijf_pct", 2021, 9.4),
    ("jeugdbescherming_verblijf_pct", 2021, 47.8),
])
def test_national_figures_are_cbs_own_row(loaded, indicator, year, value):
    r = row(loaded[0], indicator, "NL00", year)
    assert (r.value, r.status, r.is_derived, r.indeling_year) == (value, "value", False, 2024)


@pytest.mark.parametrize("indicator,code,year,value,source", [
    ("jeugdzorg_reeks2021_aantal", "GM0034", 2021, 6630, "cbs_85099"),   # Almere: the gebruik table's 6.630
    ("jeugdzorg_reeks2021_pct", "GM0034", 2023, 11.4, "cbs_85099"),
    ("jeugdzorg_reeks2015_aantal", "GM0034", 2018, 5875, "cbs_84134"),
    ("jeugdzorg_reeks2021_aantal", "GM0193", 2023, 3460, "cbs_85099"),   # Zwolle
    ("jeugdzorg_reeks2021_pct", "GM0193", 2023, 9.6, "cbs_85099"),
    ("jeugdzorg_reeks2015_aantal", "GM0193", 2015, 3395, "cbs_84134"),
    ("jeugdzorg_reeks2021_pct", "GM0096", 2021, 5.0, "cbs_85099"),       # Vlieland
    ("jeugdzorg_reeks2015_aantal", "GM0096", 2017, 15, "cbs_84134"),
    ("jeugdzorg_reeks2021_aantal", "GM0363", 2023, 22615, "cbs_85099"),  # Amsterdam, after Weesp joined
    ("jeugdzorg_kosten", "GM0193", 2023, 52_824_000, "cbs_83454"),
    ("jeugdzorg_kosten_begroot", "GM0193", 2023, 54_437_000, "cbs_83454"),
    ("jeugdzorg_kosten_per_inwoner", "GM0096", 2020, 140, "cbs_83454"),
    ("jeugdzorg_kosten", "GM0034", 2015, 57_528_000, "cbs_83454"),
])
def test_gemeente_figures_from_the_files(loaded, indicator, code, year, value, source):
    r = row(loaded[0], indicator, code, year)
    assert (r.value, r.status, r.source_id, r.is_derived) == (value, "value", source, False)


def test_amsterdam_and_weesp_summed_before_the_merger_and_marked_derived(loaded):
    r = row(loaded[0], "jeugdzorg_reeks2021_aantal", "GM0363", 2021)
    assert r.value == 20_715 + 1_035 or r.value == 21_750  # Amsterdam + Weesp, 85099NED 2021
    assert r.is_derived and "GM0457" in r.derivation
    pct = row(loaded[0], "jeugdzorg_reeks2021_pct", "GM0363", 2021)
    assert pct.is_derived and 10.4 < pct.value < 10.7  # between Amsterdam's and Weesp's own shares
    assert not (loaded[0].region_code == "GM0457").any()  # Weesp itself is not a 2024 area


def test_every_2024_gemeente_maps_and_has_the_2023_figure(loaded):
    obs, _, _, gemeenten = loaded
    assert len(gemeenten) == 342
    have = set(obs[(obs.indicator_id == "jeugdzorg_reeks2021_aantal") & (obs.year == 2023)
                   & (obs.status == "value") & (obs.indeling_year == 2024)].region_code)
    assert gemeenten <= have


def test_names_map_to_codes_including_cbs_suffixes():
    mapping = series.name_codes(RAW_DIR)
    regions = series.regions_of(pd.Series(["'s-Gravenhage (gemeente)", "Bergen (L.)", "Bergen (NH.)",
                                           "De Friese Meren", "Utrecht (PV)", "Achterhoek (JZ)", "Nederland"]),
                                mapping, RAW_DIR)
    assert regions.code.fillna("-").tolist() == ["GM0518", "GM0893", "GM0373", "GM1940", "-", "JZ-achterhoek", "NL00"]
    assert regions.level.tolist()[4:] == ["provincie", "jeugdzorgregio", "land"]
    with pytest.raises(loaders.InputError, match="Nergenshuizen"):  # a name without a code stops the build
        series.regions_of(pd.Series(["Nergenshuizen"]), mapping, RAW_DIR)


def test_renamed_gemeente_keeps_its_figure_under_one_code(loaded):
    obs = loaded[0]
    assert row(obs, "jeugdzorg_reeks2015_aantal", "GM1940", 2015).value == 1085  # as De Friese Meren
    assert row(obs, "jeugdzorg_reeks2015_aantal", "GM1940", 2016).value == 1080  # as De Fryske Marren


def test_national_total_is_not_a_sum_of_all_rows(loaded):
    obs = loaded[0]
    y = obs[(obs.indicator_id == "jeugdzorg_reeks2021_aantal") & (obs.year == 2022) & (obs.status == "value")]
    nl = y[y.region_code == "NL00"].value.iloc[0]
    gem = y[y.region_code.str.startswith("GM") & (y.indeling_year == 2024)].value.sum()
    jz = y[y.region_code.str.startswith("JZ-")].value.sum()
    assert nl == 476_560
    assert abs(gem / nl - 1) < 0.01 and abs(jz / nl - 1) < 0.01  # each level alone adds up to NL
    assert y.region_code.str.match(r"^(NL00|GM\d{4}|JZ-.+)$").all()  # no provincie, landsdeel, COROP


def test_jeugdzorgregio_rows_are_their_own_level(loaded):
    _, regions, _, _ = loaded
    jz = regions[regions.level == "jeugdzorgregio"]
    assert jz.groupby("indeling_year").size().eq(42).all()
    assert "Amsterdam-Amstelland (JZ)" in set(jz.name)


def test_gemeente_past_the_cutoff_is_not_in_the_bundled_data(loaded):
    obs = loaded[0]
    assert row(obs, "jeugdhulp_aantal", "GM0363", 2023).value == 22_295   # Amsterdam: before the cut
    zwolle = row(obs, "jeugdhulp_aantal", "GM0193", 2023)                   # Zwolle: after it
    assert zwolle.status == "not_bundled" and pd.isna(zwolle.value) and "afgebroken" in zwolle.derivation


def test_suppressed_and_unreported_cells_are_never_zero(loaded):
    obs = loaded[0]
    assert row(obs, "jeugdreclassering_pct", "GM0096", 2021).status == "secret"  # Vlieland: CBS empty
    assert row(obs, "jeugdzorg_kosten", "GM0034", 2021).status == "missing"      # Almere did not report
    assert row(obs, "jeugdzorg_kosten", "GM0363", 2022).status == "missing"      # Weesp's part unreported
    assert obs.loc[obs.status != "value", "value"].isna().all()


def test_half_years_only_as_half_years(loaded):
    obs = loaded[0]
    assert row(obs, "jeugdzorg_hj1_aantal", "NL00", 2024).value == 403_180
    assert row(obs, "jeugdzorg_hj1_pct", "GM0034", 2024).status == "value"
    yearly = obs[obs.indicator_id.str.startswith("jeugdzorg_reeks") | obs.indicator_id.isin(series.FORM_COLUMNS.values())]
    assert yearly.year.max() == 2023 and (obs[obs.indicator_id.str.startswith("jeugdzorg_reeks2015")].year <= 2020).all()


def test_the_2021_break_and_late_gemeenten_are_trend_breaks(loaded):
    breaks = loaded[2]
    assert ((breaks.year == 2021) & breaks.region_code.isna() & (breaks.theme == "specialistische zorg")).sum() == 1
    westerwolde = breaks[breaks.region_code == "GM1950"]
    assert westerwolde.year.tolist() == [2018]


def test_verblijf_is_named_as_a_share_of_young_people_with_jeugdhulp():
    ind = series.indicator_rows().set_index("indicator_id")
    assert "met jeugdhulp" in ind.at["jeugdhulp_verblijf_pct", "unit"]
    assert "niet van alle jongeren" in ind.at["jeugdhulp_verblijf_pct", "definition_nl"]
    assert ind.index.is_unique


def test_provisional_2022_download_differs_from_the_series(loaded):
    """Two publications of 85098NED 2022: the series file is the headline; the StatLine download differs."""
    a = pd.read_csv(RAW_DIR / "cbs_wijken/indicatoren_jeugdzorg_gemeenten_2022.csv.gz", sep=";",
                    encoding="utf-8-sig", decimal=",")
    assert a.iloc[0, 0] == "Nederland" and a.iloc[0, 2] == 13.2
    assert row(loaded[0], "jeugdhulp_pct", "NL00", 2022).value == series_value_2022_nl()


def series_value_2022_nl() -> float:
    b = pd.read_csv(RAW_DIR / "cbs_reeksen/85098NED.csv.gz", sep=";", encoding="utf-8-sig")
    return float(b[(b.RegioS == "Nederland") & (b.Perioden == "2022")].iloc[0, 3])


def test_catalogue_names_verblijf_a_share_of_young_people_with_jeugdhulp():
    from warehouse.catalogue import REFRESH_INDICATORS
    ind = {i.indicator_id: i for i in REFRESH_INDICATORS}
    assert ind["jeugdhulp_verblijf_pct"].unit == "% van jongeren tot 18 jaar met jeugdhulp"
    assert ind["jeugdhulp_pct"].unit == "% van jongeren tot 18 jaar"  # a share of all young people


def test_the_2022_download_and_the_series_agree_for_19_of_346_areas():
    """The figures 'Over de data' cites (docs/over_de_data_jeugdzorg.md): equal in 19 of 346, up to 2,1 points."""
    a = pd.read_csv(RAW_DIR / "cbs_wijken/indicatoren_jeugdzorg_gemeenten_2022.csv.gz", sep=";",
                    encoding="utf-8-sig", decimal=",").iloc[:, [0, 2]].set_axis(["regio", "download"], axis=1)
    b = pd.read_csv(RAW_DIR / "cbs_reeksen/85098NED.csv.gz", sep=";", encoding="utf-8-sig")
    b = b[b.Perioden.str.strip() == "2022"].assign(regio=lambda d: d.RegioS.str.strip())
    both = a.dropna().merge(b[["regio", "JongerenMetJeugdhulpInNatura_1"]], on="regio")
    diff = (both["download"] - both["JongerenMetJeugdhulpInNatura_1"]).abs()
    assert len(both) == 346 and int((diff == 0).sum()) == 19 and round(diff.max(), 1) == 2.1
    worst = both.loc[diff.idxmax()]
    assert (worst.regio, worst.download, worst.JongerenMetJeugdhulpInNatura_1) == ("Geldrop-Mierlo", 14.2, 16.3)


def test_over_de_data_cites_the_figures_the_files_give(loaded):
    """docs/over_de_data_jeugdzorg.md (rendered on Over de data) against the bundled files."""
    import re
    from pathlib import Path
    doc = re.sub(r"\s+", " ", (Path(__file__).resolve().parent.parent / "docs/over_de_data_jeugdzorg.md").read_text())
    obs = loaded[0]
    assert row(obs, "jeugdzorg_reeks2021_aantal", "GM0034", 2021).value == 6630 and "**6.630** jongeren" in doc
    raw = pd.read_csv(RAW_DIR / "cbs_reeksen/85099NED.csv.gz", sep=";", encoding="utf-8-sig")
    natura = raw[(raw.VormenVanJeugdzorg.str.strip() == "JZ Totaal jeugdzorg in natura") & (raw.RegioS.str.strip() == "Almere")
                 & (raw.Perioden.str.strip() == "2021")]
    assert natura.JongerenMetJeugdzorg_1.tolist() == [6585.0] and "(in 85099NED voor Almere 2021 ook 6.585)" in doc
    assert "gelijk bij **19 van de 346** gebieden" in doc and "**2,1 procentpunt** (Geldrop-Mierlo: 14,2%" in doc
    assert (row(obs, "jeugdhulp_pct", "NL00", 2021).value, row(obs, "jeugdhulp_verblijf_pct", "NL00", 2021).value) \
        == (13.2, 9.4) and "Nederland 2021: 13,2% van de jongeren kreeg jeugdhulp, en van hén 9,4%" in doc
    jh = obs[(obs.indicator_id == "jeugdhulp_aantal") & (obs.year == 2023) & obs.region_code.str.startswith("GM")
             & (obs.indeling_year == 2024)]
    assert (jh.status == "value").sum() == 32 and "voor 2023 staan 32 gemeenten erin" in doc
    costs = obs[(obs.indicator_id == "jeugdzorg_kosten") & obs.region_code.str.startswith("GM") & (obs.indeling_year == 2024)
                & (obs.status == "value")].groupby("year").size()
    assert (costs[2015], costs[2023]) == (54, 335) and "in 2015 gaven 54" in doc and "in 2023 335 van de 342" in doc
