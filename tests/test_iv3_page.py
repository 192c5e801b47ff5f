"""Preventie en zorg with real Iv3 spending: the page on a warehouse built from the real data/raw (in tmp),
for Amsterdam, Zwolle, Vlieland and Almere, with exact values read from the Iv3 files; and on the fixture,
the organisation uploads still in their own chart with their own label.
"""
from __future__ import annotations

import json
import shutil

import pytest

from charts import DEMO_LABEL, wrap_title
from queries import run_query
from tests.apptest_support import open_app, rerun
from tests.conftest import pointed_at
from tests.test_trends_page import traces
from warehouse import RAW_DIR
from warehouse import build as wb

TRENDS = "views/trends.py"
# (basis, specialist, context) lasten in euro and inwoners on 1 January, from the Iv3 files
IV3 = {
    "GM0363": {(2023, "begroot"): (328_141_000, 307_229_000, 91_419_000, 918_117),
               (2023, "gerealiseerd"): (407_777_000, 328_078_000, 131_729_000, 918_117),
               (2024, "begroot"): (369_284_000, 342_442_000, 116_822_000, 931_298),
               (2025, "begroot"): (424_701_000, 330_426_000, 108_225_000, 935_793)},
    "GM0193": {(2023, "begroot"): (39_415_000, 52_491_000, 0, 132_411),
               (2023, "gerealiseerd"): (59_055_000, 53_604_000, 0, 132_411),
               (2024, "begroot"): (42_595_000, 58_717_000, 0, 133_141),
               (2025, "begroot"): (39_870_000, 59_925_000, 6_685_000, 133_830)},
    "GM0096": {(2023, "begroot"): (330_000, 134_000, 94_000, 1_291),
               (2023, "gerealiseerd"): (266_000, 139_000, 136_000, 1_291),
               (2024, "begroot"): (404_000, 130_000, 104_000, 1_255),
               (2025, "begroot"): (326_000, 243_000, 268_000, 1_212)},
    "GM0034": {(2023, "begroot"): (53_545_000, 90_242_000, 11_470_000, 222_825),
               (2023, "gerealiseerd"): (85_581_000, 103_505_000, 12_402_000, 222_825),
               (2024, "begroot"): (87_950_000, 111_887_000, 13_869_000, 226_500),
               (2025, "begroot"): (99_184_000, 119_173_000, 14_412_000, 229_570)},
}
# Nederland, the sum of the 342 gemeenten: specialist lasten and inwoners
NL_SPECIALIST = {(2023, "begroot"): (5_477_739_000, 17_811_291), (2023, "gerealiseerd"): (6_277_780_000, 17_811_291),
                 (2024, "begroot"): (5_899_122_000, 17_942_942), (2025, "begroot"): (6_575_068_000, 18_045_532)}
TITLES = {
    "GM0363": "In 2023 gaf Amsterdam € 357 per inwoner uit aan specialistische jeugdhulp en jeugdbescherming en "
              "€ 444 aan basis en toegang;<br>aan specialistische jeugdhulp 7% meer dan begroot",
    "GM0193": "In 2023 gaf Zwolle € 405 per inwoner uit aan specialistische jeugdhulp en jeugdbescherming en "
              "€ 446 aan basis en toegang;<br>aan specialistische jeugdhulp 2% meer dan begroot",
    "GM0096": "In 2023 gaf Vlieland € 108 per inwoner uit aan specialistische jeugdhulp en jeugdbescherming en "
              "€ 206 aan basis en toegang;<br>aan specialistische jeugdhulp 4% meer dan begroot",
    "GM0034": "In 2023 gaf Almere € 465 per inwoner uit aan specialistische jeugdhulp en jeugdbescherming en "
              "€ 384 aan basis en toegang;<br>aan specialistische jeugdhulp 15% meer dan begroot",
}
PERIODS = ["2023<br>begroot", "2023<br>gerealiseerd", "2024<br>begroot", "2025<br>begroot"]
GROUPS = ("basis", "specialist", "context")
BAR_NAMES = {"basis": "basis en toegang", "specialist": "specialistische jeugdhulp en jeugdbescherming",
             "context": "volksgezondheid (7.1)"}


@pytest.fixture(scope="module")
def real_warehouse(tmp_path_factory):
    out = tmp_path_factory.mktemp("real") / "w.duckdb"
    raw = out.with_name("raw")
    shutil.copytree(RAW_DIR, raw, ignore=shutil.ignore_patterns("cbs_refresh"))
    wb.build(out=out, raw_dir=raw, store=out.with_name("no_imports.duckdb"))
    return out


@pytest.fixture
def on_real(real_warehouse, monkeypatch):
    yield from pointed_at(real_warehouse, monkeypatch)


def iv3_figure(at) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    mine = [s for s in specs if any("Basis en toegang" in a["text"] for a in s["layout"].get("annotations", []))]
    assert len(mine) == 1
    return mine[0]


def bars(spec: dict) -> dict[str, dict[str, float]]:
    """Bar trace name -> {period label: y}; the Nederland dashes under 'Nederland/<n>' per panel."""
    out = {}
    for n, t in enumerate(spec["data"]):
        name = t["name"] if t["type"] == "bar" else f"Nederland/{t.get('xaxis', 'x')}"
        out[name] = dict(zip(t["x"], traces({"data": [t]})[t["name"]].values()))
    return out


def captions(at) -> str:
    return " ".join(c.value for c in at.caption)


@pytest.mark.usefixtures("on_real")
@pytest.mark.parametrize("gemeente", list(IV3))
def test_every_gemeente_shows_its_real_spending_per_inwoner_against_nederland(gemeente):
    at = open_app(TRENDS, gemeente=gemeente)
    spec = iv3_figure(at)
    assert spec["layout"]["title"]["text"] == wrap_title(TITLES[gemeente])  # the page wraps long titles
    got = bars(spec)
    for i, groep in enumerate(GROUPS):
        expected = {f"{y}<br>{k}": v[i] / v[3] for (y, k), v in IV3[gemeente].items()}
        assert got[BAR_NAMES[groep]] == pytest.approx(expected), groep
    assert list(got[BAR_NAMES["basis"]]) == PERIODS
    assert got["Nederland/x2"] == pytest.approx({f"{y}<br>{k}": v[0] / v[1] for (y, k), v in NL_SPECIALIST.items()})
    text = captions(at)
    assert "Eenheid: euro per inwoner (inwoners op 1 januari van het boekjaar, CBS). Bron: CBS, Iv3." in text
    assert "Afgeleid: lasten gedeeld door het aantal inwoners" in text
    assert DEMO_LABEL not in text  # CBS figures: no demo label


@pytest.mark.usefixtures("on_real")
def test_per_kind_divides_by_the_estimated_children_0_17_and_says_how():
    at = open_app(TRENDS, gemeente="GM0193")
    at.radio(key="trends_iv3_modus").set_value("per_kind")
    rerun(at)
    got = bars(iv3_figure(at))
    # Zwolle: KWB 2022 (the newest up to each boekjaar; kwb_jeugdzorg_wijken_2021_2022) has 22.180 children
    # 0-14 of 130.668 inwoners
    kids = {p: round(v[3] * 22_180 / 130_668 * 18 / 15) for p, v in IV3["GM0193"].items()}
    assert got[BAR_NAMES["specialist"]] == pytest.approx(
        {f"{y}<br>{k}": v[1] / kids[(y, k)] for (y, k), v in IV3["GM0193"].items()})
    assert kids[(2023, "gerealiseerd")] == round(v23 := IV3["GM0193"][(2023, "gerealiseerd")][3] * 22_180 / 130_668 * 1.2)
    text = captions(at)
    assert "Eenheid: euro per kind van 0–17 jaar (geschat uit KWB 0–14 jaar × 18/15; afgeleid)." in text
    assert "aandeel 0–14-jarigen in de Kerncijfers wijken en buurten (2022) × 18/15" in text


@pytest.mark.usefixtures("on_real")
def test_absolute_mode_shows_euros_without_a_national_dash_and_the_detail_per_taakveld():
    at = open_app(TRENDS, gemeente="GM0096")
    at.radio(key="trends_iv3_modus").set_value("lasten")
    rerun(at)
    spec = iv3_figure(at)
    got = bars(spec)
    assert not [k for k in got if k.startswith("Nederland")]
    assert got[BAR_NAMES["specialist"]] == {f"{y}<br>{k}": v[1] for (y, k), v in IV3["GM0096"].items()}
    assert spec["layout"]["title"]["text"].startswith("In 2023 gaf Vlieland € 139.000 uit aan specialistische")
    detail = next(d.value for d in at.dataframe if "taakveld" in d.value.columns)
    row = detail[(detail.year == 2023) & (detail.kind == "gerealiseerd") & (detail.taakveld == "6.72d")]
    assert row[["omschrijving", "groep", "lasten"]].values.tolist() == [
        ["Jeugdhulp zonder verblijf overig", "specialist", 129_000.0]]


@pytest.mark.usefixtures("on_real")
def test_real_queries_almere_per_kind_and_investment_defaults():
    df = run_query("iv3_spending_by_group", gemeente="GM0034")
    row = df[(df.code == "GM0034") & (df.year == 2023) & (df.kind == "gerealiseerd") & (df.groep == "specialist")]
    # Almere has its own KWB 2023: 40.799 children 0-14 of 222.825 inwoners, as the Iv3 file's 222.825
    assert row[["lasten", "kinderen_0_17", "kwb_jaar"]].values.tolist() == [[103_505_000.0, 48_959.0, 2023]]
    assert row["per_kind"].item() == pytest.approx(103_505_000 / 48_959)
    nl = df[(df.code == "NL00") & (df.year == 2023) & (df.kind == "gerealiseerd") & (df.groep == "specialist")]
    assert nl["lasten"].item() == 6_277_780_000.0 and nl["inwoners"].item() == 17_811_291
    # the investment case: real jeugdhulp spending (CBS Iv3 jaarrekening 2023) instead of an assumption
    inv = run_query("investment_defaults", gemeente="GM0034").set_index("indicator_id")
    assert (inv.at["uitgaven_jeugdhulp", "value"], inv.at["uitgaven_jeugdhulp", "credit"]) == (
        103_505_000.0, "Bron: CBS, Iv3 (jaarrekening)")


def test_the_built_table_is_unique_per_gemeente_year_kind_and_taakveld(real_warehouse):
    import duckdb
    with duckdb.connect(str(real_warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*), count(DISTINCT (gemeente_code, year, kind, taakveld)) "
                           "FROM iv3_lasten").fetchall() == [(96_444, 96_444)]


# --- on the fixture: organisation uploads stay their own, labelled source -------------------------

@pytest.mark.usefixtures("use_fixture_warehouse")
def test_iv3_chart_comes_next_to_the_series_with_organisation_figures_and_their_demo_label():
    at = open_app(TRENDS)  # Almere: fixture Iv3 begrotingen, and demo figures of an organisation
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 2
    iv3 = iv3_figure(at)
    assert iv3["layout"]["title"]["text"].startswith("Voor 2025 begrootte Almere € 261 per inwoner voor "
                                                     "specialistische jeugdhulp")
    text = captions(at)
    assert "Bron: CBS, fixture." in text           # the Iv3 chart's source
    assert f":material/science: **{DEMO_LABEL}.**" in [c.value for c in at.caption]  # the series chart's demo label
    assert "Uitgaven die organisaties zelf aanleveren" in text


@pytest.mark.usefixtures("use_fixture_warehouse")
def test_a_gemeente_without_iv3_says_so_and_draws_no_spending_chart():
    at = open_app(TRENDS, gemeente="GM0014")
    assert "Voor Groningen staan geen Iv3-cijfers in de meegeleverde data" in captions(at)
    assert not at.get("radio") or all(r.key != "trends_iv3_modus" for r in at.get("radio"))
