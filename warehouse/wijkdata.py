"""Wijk-level open data for every gemeente: KWB 2021 and 2022 and youth care per wijk 2015–2024.

One step of ``warehouse.build.OPEN_DATA``: ``extend(raw_dir, tables) -> tables``. It reads

- ``cbs_wijken/kwb_jeugdzorg_wijken_2021_2022.csv.gz``: KWB 2021 and 2022 for NL, every gemeente and
  every wijk (KWB short names, decimal signs lost), joined with the CBS table *Jongeren met jeugdzorg
  in natura; wijken* of the same year (SOURCES §8);
- ``cbs_wijken/jeugdzorg_wijken_<table>.csv.gz``: the same youth-care table for 2015–2020, 2023 and
  the first half of 2024, cut off after 10.000 rows (SOURCES §9);
- ``cbs_wijken/jeugdzorg_in_natura_gemeenten_2022_raw.csv.gz``: the 2022 gemeente rows, a cross-check.

Two publications are kept apart, never spliced: KWB context (and KWB's own youth-care figures, the
existing ``jeugdzorg_*`` indicators) and the per-wijk youth-care table (``jzw_*`` indicators). Wijken
stay in the indeling of their own year; a wijk is drawn with its 2024 boundary only where code and
area agree (``boundary_rule``). What a cut-off file lacks is listed in ``wijk_coverage`` as *not in
the bundled data*, never as zero.
"""
from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd

import shapely

from geo.prepare import RD_NEW, _polygonal, read_layer
from warehouse import loaders
from warehouse.catalogue import CC_BY, Indicator, Source
from warehouse.loaders import GEMEENTE_INDELING, OBS_COLUMNS, InputError, restore_decimals

KWB_FILE = "cbs_wijken/kwb_jeugdzorg_wijken_2021_2022.csv.gz"
GEM_2022_FILE = "cbs_wijken/jeugdzorg_in_natura_gemeenten_2022_raw.csv.gz"
# CBS table -> (year, file); one table per year, each in the wijk indeling of that year.
WIJK_TABLES = {
    "82964NED": 2015, "83563NED": 2016, "83782NED": 2017, "84316NED": 2018,
    "84615NED": 2019, "84856NED": 2020, "85685NED": 2023, "85990NED": 2024,
}
KWB_TABLES = {2021: "85075NED", 2022: "85335NED"}  # as named by the host repository (SOURCES §8)
RETRIEVED = "2026-12 (via semkjaer/capybara1.0)"
RETRIEVED_9 = "2026-12 (via dertje/cbs_datasets)"

SOURCES = [
    Source("kwb_wijken_2021_2022", "Kerncijfers wijken en buurten 2021 en 2022, alle gemeenten en wijken",
           "CBS", CC_BY, "Bron: CBS, Kerncijfers wijken en buurten 2021–2022", "data/raw/" + KWB_FILE, RETRIEVED),
    Source("cbs_jz_wijken_2021_2022", "Jongeren met jeugdzorg in natura; wijken, 2021 en 2022 (85075NED, 85335NED)",
           "CBS", CC_BY, "Bron: CBS, Jeugdzorg in natura per wijk", "data/raw/" + KWB_FILE, RETRIEVED),
    Source("cbs_jz_gemeenten_2022", "Jongeren met jeugdzorg in natura; gemeenten 2022 (ter controle)",
           "CBS", CC_BY, "Bron: CBS, Jeugdzorg in natura", "data/raw/" + GEM_2022_FILE, RETRIEVED),
] + [
    Source(f"cbs_jz_wijken_{table}", f"Jeugdzorg in natura per wijk {year}{' (1e halfjaar)' if year == 2024 else ''} "
           f"({table}; afgebroken na 10.000 rijen)", "CBS", CC_BY, "Bron: CBS, Jeugdzorg in natura per wijk",
           f"data/raw/cbs_wijken/jeugdzorg_wijken_{table}.csv.gz", RETRIEVED_9)
    for table, year in WIJK_TABLES.items()
]

# --- indicators ------------------------------------------------------------------------------

_JZ = "specialistische zorg"
_PUB = "Jeugdzorg in natura per wijk (CBS 82964NED … 85990NED)"
_CBS_JZ = ("CBS telt jongeren tot 23 jaar die in de periode jeugdzorg in natura kregen (jeugdhulp, "
           "jeugdbescherming of jeugdreclassering, betaald door de gemeente; pgb niet), naar de woonplaats "
           "van de jongere; aantallen afgerond op vijftallen, kleine aantallen geheim. ")
# measure -> (label, unit, definition); the measure name is the indicator id after 'jzw_'.
JZ_MEASURES = {
    "aantal": ("Jongeren met jeugdzorg (jeugdzorgtabel per wijk)", "personen tot 23 jaar",
               _CBS_JZ + "Totaal jongeren met jeugdzorg in natura."),
    "0_4": ("Jongeren met jeugdzorg, 0–3 jaar", "personen", _CBS_JZ + "Leeftijd 0 tot 4 jaar."),
    "4_12": ("Jongeren met jeugdzorg, 4–11 jaar", "personen", _CBS_JZ + "Leeftijd 4 tot 12 jaar."),
    "12_18": ("Jongeren met jeugdzorg, 12–17 jaar", "personen", _CBS_JZ + "Leeftijd 12 tot 18 jaar."),
    "18_23": ("Jongeren met jeugdzorg, 18–22 jaar", "personen", _CBS_JZ + "Leeftijd 18 tot 23 jaar."),
    "eenouder": ("Jongeren met jeugdzorg, thuiswonend in een eenoudergezin", "personen",
                 _CBS_JZ + "Thuiswonend kind in een eenouderhuishouden."),
    "paar": ("Jongeren met jeugdzorg, thuiswonend bij een paar", "personen",
             _CBS_JZ + "Thuiswonend kind in een huishouden van een paar (tweeoudergezin)."),
    "ander_huish": ("Jongeren met jeugdzorg, ander huishouden", "personen",
                    _CBS_JZ + "Niet thuiswonend bij ouder(s): eigen huishouden, instelling of ander huishouden."),
    "trajecten": ("Jeugdzorgtrajecten in natura", "trajecten",
                  "Aantal trajecten jeugdzorg in natura in de periode; één jongere kan meer trajecten hebben. "
                  "De verwijzer wordt per traject geteld."),
}
REFERRERS = {
    "toegang": ("gemeentelijke toegang", "GemeentelijkeToegang"),
    "huisarts": ("huisarts", "Huisarts"),
    "jeugdarts": ("jeugdarts", "Jeugdarts"),
    "gi": ("gecertificeerde instelling", "GecertificeerdeInstelling"),
    "specialist": ("medisch specialist", "MedischSpecialist"),
    "rechter": ("rechter of officier van justitie", "RechterOfficierVanJustitie"),
    "geen": ("geen verwijzer", "GeenVerwijzer"),
    "onbekend": ("verwijzer onbekend", "VerwijzerOnbekend"),
}
for _key, (_label, _cbs) in REFERRERS.items():
    JZ_MEASURES[f"verw_{_key}"] = (
        f"Jeugdzorgtrajecten verwezen door: {_label}", "trajecten",
        f"Aantal trajecten jeugdzorg in natura met als verwijzer: {_label} (CBS: {_cbs}). CBS telt de "
        "verwijzer per traject; 'gemeentelijke toegang' is het wijkteam of het loket van de gemeente zelf.")
# CBS column base names (they drift between the yearly tables) -> measure
JZ_COLUMNS = {
    "TotaalJongerenMetJeugdzorg": "aantal", "TotaalJongerenMetJeugdzorgInNatura": "aantal",
    "k_0Tot4Jaar": "0_4", "k_4Tot12Jaar": "4_12", "k_12Tot18Jaar": "12_18", "k_18Tot23Jaar": "18_23",
    "ThuiswonendKindInEenouderGezin": "eenouder", "ThuiswonendKindInEenouderhuishouden": "eenouder",
    "ThuiswonendKindInTweeouderGezin": "paar", "ThuiswonendKindBijEenPaar": "paar",
    "AndereHuishoudens": "ander_huish", "AnderHuishouden": "ander_huish",
    "TotaalJeugdzorgtrajecten": "trajecten", "TotaalTrajectenInNatura": "trajecten",
    **{cbs: f"verw_{key}" for key, (_, cbs) in REFERRERS.items()},
}
HALF = "_hj1"  # indicator suffix of the first half year: a half year is never a year

DENOMINATOR_NOTE = ("jongeren 0–22 jaar benaderd als KWB 0–14 jaar + 0,8 × KWB 15–24 jaar (de KWB kent alleen "
                    "deze leeftijdsgroepen)")


def _jz_indicators() -> list[Indicator]:
    out = []
    for measure, (label, unit, definition) in JZ_MEASURES.items():
        out.append(Indicator(f"jzw_{measure}", label, unit, 0, _JZ, -1, _PUB, None, definition))
        out.append(Indicator(f"jzw_{measure}{HALF}", label + " (1e halfjaar)", unit, 0, _JZ, -1, _PUB, None,
                             definition + " Telling over het eerste halfjaar: niet vergelijkbaar met een heel jaar."))
    out += [
        Indicator("jzw_pct", "Jongeren met jeugdzorg (aandeel, afgeleid uit de wijktabel)", "% van jongeren 0–22 jaar",
                  1, _JZ, -1, _PUB + " en KWB", None,
                  "Afgeleid: jongeren met jeugdzorg in natura (jeugdzorgtabel per wijk) gedeeld door de "
                  f"{DENOMINATOR_NOTE}, × 100. De afwijking tegenover de door CBS gepubliceerde percentages staat "
                  "op Over de data."),
        Indicator("jzw_per_1000_0_24", "Jongeren met jeugdzorg per 1.000 inwoners van 0–24 jaar",
                  "per 1.000 inwoners 0–24 jaar", 1, _JZ, -1, _PUB + " en KWB", None,
                  "Afgeleid: jongeren met jeugdzorg in natura (jeugdzorgtabel per wijk) per 1.000 inwoners van "
                  "0 tot 25 jaar (KWB 0–14 + 15–24). Geen CBS-percentage: de noemer is ruimer dan de 0–22-jarigen."),
        Indicator("jzw_verw_toegang_pct", "Trajecten via de gemeentelijke toegang", "% van de trajecten", 1,
                  "preventie", 1, _PUB, None,
                  "Afgeleid: trajecten met als verwijzer de gemeentelijke toegang gedeeld door alle trajecten "
                  "jeugdzorg in natura, × 100. Het deel dat via de eigen toegang van de gemeente loopt."),
    ]
    toegang = out[-1]
    out.append(Indicator(toegang.indicator_id + HALF, toegang.label_nl + " (1e halfjaar)", toegang.unit, 1,
                         toegang.theme, toegang.polarity, toegang.source_table, None,
                         toegang.definition_nl + " Over het eerste halfjaar: niet vergelijkbaar met een heel jaar."))
    return out


_KWB = "KWB 2021–2022 (85039NED, 85318NED)"
# new KWB context indicators: id -> (label, unit, decimals, polarity, definition when ours)
CONTEXT_INDICATORS = [
    Indicator("jongeren_15_25", "Jongeren 15–24 jaar", "aantal", 0, "context", 0, _KWB, "k_15Tot25Jaar"),
    Indicator("huishoudens", "Huishoudens", "aantal", 0, "context", 0, _KWB, "HuishoudensTotaal"),
    Indicator("huish_met_kinderen", "Huishoudens met kinderen", "aantal", 0, "context", 0, _KWB,
              "HuishoudensMetKinderen"),
    Indicator("huish_met_kinderen_pct", "Huishoudens met kinderen (aandeel)", "% van huishoudens", 1, "context", 0,
              _KWB, None, "Afgeleid: huishoudens met kinderen (CBS) gedeeld door alle particuliere huishoudens, × 100."),
    Indicator("huishoudensgrootte", "Gemiddelde huishoudensgrootte", "personen", 1, "context", 0, _KWB,
              "GemiddeldeHuishoudensgrootte"),
    Indicator("migratie_nietwesters_pct", "Inwoners met een niet-westerse migratieachtergrond", "% van inwoners", 1,
              "context", 0, _KWB, None,
              "Afgeleid: inwoners met een niet-westerse migratieachtergrond (CBS-definitie tot 2022: een of "
              "beide ouders geboren in Afrika, Latijns-Amerika of Azië excl. Indonesië en Japan, of Turkije) gedeeld "
              "door alle inwoners, × 100."),
    Indicator("migratie_westers_pct", "Inwoners met een westerse migratieachtergrond", "% van inwoners", 1,
              "context", 0, _KWB, None,
              "Afgeleid: inwoners met een westerse migratieachtergrond (CBS-definitie tot 2022: een of beide "
              "ouders geboren in Europa excl. Turkije, Noord-Amerika, Oceanië, Indonesië of Japan) gedeeld door "
              "alle inwoners, × 100."),
    Indicator("koopwoningen_pct", "Koopwoningen", "% van woningen", 0, "context", 0, _KWB, "Koopwoningen"),
    Indicator("huurwoningen_pct", "Huurwoningen", "% van woningen", 0, "context", 0, _KWB, "HuurwoningenTotaal"),
    Indicator("corporatiewoningen_pct", "Huurwoningen van een woningcorporatie", "% van woningen", 0, "context",
              0, _KWB, "InBezitWoningcorporatie"),
    Indicator("woz_waarde", "Gemiddelde WOZ-waarde van woningen", "× 1.000 euro", 0, "context", 0, _KWB,
              "GemiddeldeWOZWaardeVanWoningen"),
    Indicator("arbeidsparticipatie_pct", "Nettoarbeidsparticipatie", "% van de bevolking 15–75 jaar", 0, "context",
              1, _KWB, "Nettoarbeidsparticipatie"),
    Indicator("huish_laagste_40_pct", "Huishoudens met de 40% laagste inkomens", "% van particuliere huishoudens",
              1, "context", -1, _KWB, "k_40HuishoudensMetLaagsteInkomen"),
    Indicator("opleiding_laag_pct", "Inwoners 15–75 jaar met een laag opleidingsniveau", "% van inwoners 15–75 "
              "met bekend opleidingsniveau", 1, "context", -1, _KWB, None,
              "Afgeleid: inwoners van 15 tot 75 jaar met als hoogst behaalde opleiding basisonderwijs, vmbo, "
              "havo/vwo-onderbouw of mbo-1 (CBS: opleidingsniveau laag), gedeeld door laag + middelbaar + hoog, × 100."),
    Indicator("opleiding_hoog_pct", "Inwoners 15–75 jaar met een hoog opleidingsniveau", "% van inwoners 15–75 "
              "met bekend opleidingsniveau", 1, "context", 1, _KWB, None,
              "Afgeleid: inwoners van 15 tot 75 jaar met hbo of wo (CBS: opleidingsniveau hoog), gedeeld door "
              "laag + middelbaar + hoog, × 100."),
    Indicator("bevolkingsdichtheid_kwb", "Bevolkingsdichtheid (CBS)", "inwoners per km² land", 0, "context", 0,
              _KWB, "Bevolkingsdichtheid"),
]
INDICATORS = _jz_indicators() + CONTEXT_INDICATORS

# KWB short name -> CBS base name in the 85984NED column dictionary (for decimals)
KWB_KEYS = {
    "a_inw": "AantalInwoners", "a_00_14": "k_0Tot15Jaar", "a_15_24": "k_15Tot25Jaar",
    "a_hh": "HuishoudensTotaal", "a_hh_m_k": "HuishoudensMetKinderen", "g_hhgro": "GemiddeldeHuishoudensgrootte",
    "bev_dich": "Bevolkingsdichtheid", "a_woning": "Woningvoorraad", "g_wozbag": "GemiddeldeWOZWaardeVanWoningen",
    "p_koopw": "Koopwoningen", "p_huurw": "HuurwoningenTotaal", "p_wcorpw": "InBezitWoningcorporatie",
    "p_arb_pp": "Nettoarbeidsparticipatie", "g_ink_pi": "GemiddeldInkomenPerInwoner",
    "p_hh_li": "k_40HuishoudensMetLaagsteInkomen", "p_hh_lkk": "HuishoudensMetEenLaagInkomen",
    "p_hh_osm": "HuishOnderOfRondSociaalMinimum", "a_soz_wb": "PersonenPerSoortUitkeringBijstand",
    "p_wmo_t": "WmoClientenRelatief", "a_opp_ha": "OppervlakteTotaal", "a_lan_ha": "OppervlakteLand",
}
# Counts without a key in the 2024 dictionary (CBS changed these groupings in 2024): whole numbers.
KWB_COUNTS = ["a_w_all", "a_nw_all", "a_opl_lg", "a_opl_md", "a_opl_hg"]
# indicator -> (KWB column, weight when gemeenten are merged: 'sum' or the KWB count column)
KWB_DIRECT = {
    "inwoners": ("a_inw", "sum"), "kinderen_0_15": ("a_00_14", "sum"), "jongeren_15_25": ("a_15_24", "sum"),
    "huishoudens": ("a_hh", "sum"), "huish_met_kinderen": ("a_hh_m_k", "sum"),
    "huishoudensgrootte": ("g_hhgro", "a_hh"), "woz_waarde": ("g_wozbag", "a_woning"),
    "koopwoningen_pct": ("p_koopw", "a_woning"), "huurwoningen_pct": ("p_huurw", "a_woning"),
    "corporatiewoningen_pct": ("p_wcorpw", "a_woning"), "arbeidsparticipatie_pct": ("p_arb_pp", "a_inw"),
    "inkomen_per_inwoner": ("g_ink_pi", "a_inw"), "huish_laagste_40_pct": ("p_hh_li", "a_hh"),
    "huish_laag_inkomen_pct": ("p_hh_lkk", "a_hh"), "huish_sociaal_minimum_pct": ("p_hh_osm", "a_hh"),
    "wmo_per_1000": ("p_wmo_t", "a_inw"), "bevolkingsdichtheid_kwb": ("bev_dich", "a_lan_ha"),
}
# indicator -> (numerator columns, denominator columns, factor): derived from CBS counts
KWB_RATIOS = {
    "bijstand_per_1000": (["a_soz_wb"], ["a_inw"], 1000),
    "kinderen_0_15_pct": (["a_00_14"], ["a_inw"], 100),
    "jongeren_15_25_pct": (["a_15_24"], ["a_inw"], 100),
    "huish_met_kinderen_pct": (["a_hh_m_k"], ["a_hh"], 100),
    "migratie_nietwesters_pct": (["a_nw_all"], ["a_inw"], 100),
    "migratie_westers_pct": (["a_w_all"], ["a_inw"], 100),
    "opleiding_laag_pct": (["a_opl_lg"], ["a_opl_lg", "a_opl_md", "a_opl_hg"], 100),
    "opleiding_hoog_pct": (["a_opl_hg"], ["a_opl_lg", "a_opl_md", "a_opl_hg"], 100),
}
LEVELS = {"Land": "land", "Gemeente": "gemeente", "Wijk": "wijk"}
BOUNDARY_TOLERANCE_M = 100.0  # mean boundary shift in metres: the rounding of the 2024 layer; see boundary_rule


# --- reading -------------------------------------------------------------------------------

def original_sha256(path: Path) -> str:
    """sha256 of the original (uncompressed) file: gzip is lossless, so this is the source's own hash."""
    if not path.exists():
        raise InputError(f"Invoerbestand ontbreekt: {path}")
    with gzip.open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def read_kwb(path: Path, props: dict[str, dict]) -> pd.DataFrame:
    """The KWB 2021/2022 rows with decimals restored from the CBS column dictionary (85984NED).

    The export dropped the decimal sign where CBS publishes decimals ('23' is 2,3; '09' is 0,9);
    values that kept their sign are taken as they are. Every column is restored, none guessed.
    """
    df = loaders.read_csv(path, ["gwb_code", "recs", "year", *KWB_KEYS, *KWB_COUNTS], dtype=str, low_memory=False)
    df["code"] = df["gwb_code"].str.strip()
    df["level"] = df["recs"].str.strip().map(LEVELS)
    df["year"] = pd.to_numeric(df["year"], errors="coerce")
    if df["level"].isna().any() or df["year"].isna().any():
        raise InputError(f"Invoerbestand {path}: onbekende 'recs' of 'year' in {int(df.level.isna().sum())} rijen")
    df["year"] = df["year"].astype(int)
    loaders.unique_on(df, ["code", "year"], path)
    for short, key in KWB_KEYS.items():
        if key not in props:
            raise InputError(f"De CBS-kolombeschrijving mist {key} (voor KWB-kolom {short})")
        df[short] = restore_decimals(df[short], props[key]["decimals"])
    for short in KWB_COUNTS:
        df[short] = loaders.numeric(df, short, path)
    return df


def _jz_columns(df: pd.DataFrame) -> dict[str, str]:
    """Columns of a youth-care table -> measure, on their base name."""
    return {c: JZ_COLUMNS[loaders.base_name(c)] for c in df.columns if loaders.base_name(c) in JZ_COLUMNS}


def read_wijk_table(path: Path, year: int) -> tuple[pd.DataFrame, dict | None]:
    """One yearly youth-care table: rows of the first form, and the gemeente where it was cut off.

    The file stops after 10.000 rows. Rows come per gemeente with its wijken (2015 in code order, the
    other years by name); the last gemeente in a cut-off file may lack wijken or periods, so it is left
    out whole, and the returned cut (name, code, order) marks where the bundled data stop (None: the
    first form is complete).
    """
    df = loaders.read_csv(path, ["Wijken", "Perioden"], sep=";", encoding="utf-8-sig", dtype=str)
    col = {loaders.base_name(c): c for c in df.columns}
    form = df[df.columns[1]]
    complete = form.nunique() > 1  # the second form began: the first is complete
    df = df[form == form.iloc[0]].copy()
    df["code"] = df[col["Codering"]].str.strip()
    df["level"] = df[col["SoortRegio"]].fillna("").str.strip().map(LEVELS)
    df.loc[df["code"].str.startswith("NL"), "level"] = "land"  # some tables leave SoortRegio empty for NL
    df["gemeentenaam"] = df[col["Gemeentenaam"]].fillna("").str.strip()
    df["name"] = df["Wijken"].str.strip()
    df = df[df["level"].notna() & df["code"].str.len().gt(0)]
    cut = None
    if not complete:
        last = df[df.level == "gemeente"].iloc[-1]
        codes = df.loc[df.level == "gemeente", "code"].drop_duplicates()
        by_code = codes.is_monotonic_increasing  # 2015 comes in code order, the other years by name
        cut = {"name": last["gemeentenaam"], "code": last["code"], "by_code": bool(by_code)}
        df = df[df["gemeentenaam"] != cut["name"]]
    df.loc[df["level"] == "land", "code"] = "NL00"
    period = df["Perioden"].str.strip()
    df["period"] = np.select([period == str(year), period == f"1e halfjaar {year}"], ["jaar", "hj1"], "")
    df = df[df["period"] != ""]
    for c in _jz_columns(df):
        df[c] = loaders.numeric(df, c, path)
    df["year"] = year
    return df, cut


# --- observations ----------------------------------------------------------------------------

def _jz_observations(df: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Youth-care measures in long form; an empty cell of a listed area is CBS-secret, never 0."""
    cols = _jz_columns(df)
    period = df["period"] if "period" in df.columns else pd.Series("jaar", index=df.index)
    frames = []
    for c, measure in cols.items():
        suffix = np.where(period == "hj1", HALF, "")
        frames.append(pd.DataFrame({
            "indicator_id": "jzw_" + measure + pd.Series(suffix, index=df.index),
            "region_code": df["code"], "level": df["level"], "year": df["year"], "value": df[c]}))
    obs = pd.concat(frames, ignore_index=True)
    obs["status"] = np.where(obs["value"].notna(), "value", "secret")
    obs["is_derived"] = False
    obs["derivation"] = None
    obs["source_id"] = source_id
    return obs


def _weighted(df: pd.DataFrame, column: str, weight: str, keys: pd.Series) -> pd.Series:
    values = df[column]
    if weight == "sum":
        out = values.groupby(keys).sum(min_count=1)
    else:
        w = df[weight]
        out = (values * w).groupby(keys).sum(min_count=1) / w.where(values.notna()).groupby(keys).sum()
    return out.where(~values.isna().groupby(keys).any())


def _to_2024(rows: pd.DataFrame, mapping: dict[str, str], aggregate) -> tuple[pd.DataFrame, pd.Series]:
    """Gemeente rows of an earlier indeling -> the 2024 codes; merged gemeenten combined by ``aggregate``.

    Returns the combined rows (index: 2024 code) and, per merged code, the old codes it sums.
    """
    keys = rows["code"].map(lambda c: mapping.get(c, c))
    parts = rows.groupby(keys)["code"].agg(lambda s: sorted(s))
    return aggregate(rows, keys), parts[parts.str.len() > 1]


def kwb_observations(kwb: pd.DataFrame, mapping: dict[str, str], gemeenten_2024: set[str]) -> pd.DataFrame:
    """KWB context for NL, gemeenten (2024 indeling) and wijken (their own indeling), 2021 and 2022."""
    frames = []
    for year, rows in kwb.groupby("year"):
        gem = rows[rows.level == "gemeente"]

        def aggregate(g: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
            out = {ind: _weighted(g, col, w, keys) for ind, (col, w) in KWB_DIRECT.items()}
            sums = g[[*{c for n, d, _ in KWB_RATIOS.values() for c in n + d}]].groupby(keys).sum(min_count=1)
            for ind, (num, den, factor) in KWB_RATIOS.items():
                d = sums[den].sum(axis=1, min_count=len(den))
                out[ind] = (sums[num].sum(axis=1, min_count=1) / d * factor).where(d > 0)
            return pd.DataFrame(out)

        gem_wide, merged = _to_2024(gem, mapping, aggregate)
        gem_wide = gem_wide[gem_wide.index.isin(gemeenten_2024)]
        other = rows[rows.level != "gemeente"].set_index("code")
        other_wide = aggregate(other.reset_index(), other.index.to_series().reset_index(drop=True))
        other_wide.index = other.index
        for wide, level in ((gem_wide, "gemeente"), (other_wide, None)):
            long = wide.rename_axis("region_code").reset_index().melt(
                "region_code", var_name="indicator_id", value_name="value")
            long["year"] = year
            long["level"] = level if level else long["region_code"].map(dict(zip(other.index, other["level"])))
            long["is_derived"] = long["indicator_id"].isin(KWB_RATIOS)
            long["derivation"] = np.where(long["is_derived"], "Berekend uit de CBS-aantallen", None)
            if level == "gemeente":
                is_merged = long["region_code"].isin(merged.index)
                long.loc[is_merged, "is_derived"] = True
                long.loc[is_merged, "derivation"] = long.loc[is_merged, "region_code"].map(
                    lambda c: f"Herindeling: opgeteld of gewogen van {', '.join(merged[c])} (indeling {year})")
            inhabited = long["region_code"].map(wide["inwoners"]).fillna(0) > 0
            published = long.groupby("indicator_id")["value"].transform(lambda v: v.notna().any())
            long["status"] = np.select([long["value"].notna(), published & inhabited & (long.level == "wijk")],
                                       ["value", "secret"], "missing")
            frames.append(long[long.status != "missing"])
    obs = pd.concat(frames, ignore_index=True)
    obs["value"] = obs["value"].round(6)
    obs["source_id"] = "kwb_wijken_2021_2022"
    return obs


def share_observations(jz: pd.DataFrame, kwb: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Derived shares for 2021 and 2022: per 0–22 (approximated) and per 1.000 inwoners 0–24."""
    pop = kwb[["code", "level", "year", "a_00_14", "a_15_24"]].copy()
    gem = pop.level == "gemeente"
    pop.loc[gem, "code"] = pop.loc[gem, "code"].map(mapping).fillna(pop.loc[gem, "code"])
    pop = pop.groupby(["code", "year"], as_index=False)[["a_00_14", "a_15_24"]].sum(min_count=1)
    count = jz[(jz.indicator_id == "jzw_aantal") & (jz.status == "value") & jz.year.isin([2021, 2022])]
    m = count.merge(pop, left_on=["region_code", "year"], right_on=["code", "year"])
    under_23 = m["a_00_14"] + 0.8 * m["a_15_24"]
    under_25 = m["a_00_14"] + m["a_15_24"]
    pct = m.assign(indicator_id="jzw_pct", value=(m["value"] / under_23 * 100).round(3),
                   numerator=m["value"], denominator=under_23.round(1),
                   derivation=f"Berekend: jongeren met jeugdzorg / ({DENOMINATOR_NOTE}) × 100")
    per = m.assign(indicator_id="jzw_per_1000_0_24", value=(m["value"] / under_25 * 1000).round(3),
                   numerator=m["value"], denominator=under_25,
                   derivation="Berekend: jongeren met jeugdzorg / inwoners 0–24 jaar (KWB) × 1.000")
    out = pd.concat([pct, per], ignore_index=True)
    out = out[out["denominator"] > 0]
    return out.assign(is_derived=True, status="value")


def referrer_share(jz: pd.DataFrame) -> pd.DataFrame:
    """Share of trajecten referred by the gemeente's own toegang, where both counts are published."""
    key = ["region_code", "level", "year", "source_id"]
    frames = []
    for suffix in ("", HALF):
        t = jz[(jz.indicator_id == "jzw_trajecten" + suffix) & (jz.status == "value")]
        a = jz[(jz.indicator_id == "jzw_verw_toegang" + suffix) & (jz.status == "value")]
        m = a.merge(t[key + ["value"]], on=key, suffixes=("", "_t"))
        m = m[m["value_t"] > 0]
        frames.append(m.assign(indicator_id="jzw_verw_toegang_pct" + suffix, numerator=m["value"],
                               denominator=m["value_t"], value=(m["value"] / m["value_t"] * 100).round(3),
                               is_derived=True, derivation="Berekend: trajecten via gemeentelijke toegang / alle trajecten × 100"))
    return pd.concat(frames, ignore_index=True).drop(columns="value_t")


# --- regions and boundaries ---------------------------------------------------------------------

def boundary_rule(wijken: pd.DataFrame, shapes: pd.DataFrame, tolerance_m: float = BOUNDARY_TOLERANCE_M) -> pd.DataFrame:
    """Which wijken of 2021/2022 can be drawn with their 2024 boundary: code AND area agree.

    ``wijken`` has code, year, a_opp_ha and a_lan_ha (KWB); ``shapes`` the 2024 shape's area_ha and
    perimeter_m per code (index). The bundled 2024 layer is generalised and its coordinates are rounded
    to 0,001° (70–110 m), so the area of a wijk whose boundary did not move still differs — more for a
    small wijk with a long boundary. The difference is therefore measured as a mean shift of the
    boundary: |KWB area − shape area| / shape perimeter, in metres, against the total and the land area
    (the layer does not always draw all water), the smaller counting. Returns code, year, shift_m, same, reason.
    """
    area = wijken["code"].map(shapes["area_ha"])
    perimeter = wijken["code"].map(shapes["perimeter_m"])
    diff_m2 = np.minimum((wijken["a_opp_ha"] - area).abs(), (wijken["a_lan_ha"] - area).abs()) * 1e4
    shift = (diff_m2 / perimeter).where(perimeter > 0)
    same = area.notna() & (shift <= tolerance_m)
    reason = np.select(
        [area.isna(), ~same],
        ["wijkcode bestaat niet in de indeling van 2024",
         "andere grens dan in 2024: oppervlakte " + wijken["a_opp_ha"].round(0).astype("Int64").astype(str)
         + " ha tegen " + area.round(0).astype("Int64").astype(str) + " ha op de kaart van 2024"],
        "")
    return pd.DataFrame({"code": wijken["code"].values, "year": wijken["year"].values,
                         "shift_m": shift.round(1).values, "same": same.values, "reason": reason})


def shape_sizes(path: Path) -> pd.DataFrame:
    """Area (ha) and perimeter (m) of every 2024 wijk, from the repaired boundaries in EPSG:28992."""
    gdf = read_layer(path, "statcode")
    rd = _polygonal(shapely.make_valid(gdf.to_crs(RD_NEW).geometry.values))
    return pd.DataFrame({"area_ha": shapely.area(rd) / 1e4, "perimeter_m": shapely.length(rd)},
                        index=pd.Index(gdf["statcode"].astype(str).str.strip().values, name="code"))


def _parent(codes: pd.Series, mapping: dict[str, str]) -> pd.Series:
    gm = "GM" + codes.str[2:6]
    return gm.map(mapping).fillna(gm)


def regions_and_boundaries(kwb: pd.DataFrame, tables: dict[int, pd.DataFrame], codes_2024: set[str],
                           shapes: pd.DataFrame, mapping: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Wijk regions per year's indeling and the reason a wijk is or is not drawn on the 2024 map.

    2021 and 2022 have KWB areas: the area rule decides. A year without areas (2015–2020, 2023) is
    drawn only where the gemeente's whole set of wijk codes equals that of a checked year and of
    2024, and the wijk passed the area rule in that checked year (2022 for 2023; 2021 before).
    """
    kw = kwb[kwb.level == "wijk"]
    checked = boundary_rule(kw[["code", "year", "a_opp_ha", "a_lan_ha"]], shapes)
    checked["rule"] = "code en oppervlakte (KWB) gelijk aan 2024"
    names = {y: dict(zip(kw.loc[kw.year == y, "code"], kw.loc[kw.year == y, "regio"])) for y in (2021, 2022)}
    all_2024 = pd.Series(sorted(codes_2024))
    sets_2024 = all_2024.groupby(all_2024.str[2:6].values).agg(frozenset)
    kw_sets = {y: kw[kw.year == y].groupby(kw["code"].str[2:6])["code"].agg(frozenset) for y in (2021, 2022)}
    ok = {y: set(checked.loc[(checked.year == y) & checked.same, "code"]) for y in (2021, 2022)}
    frames = [checked]
    for year, df in tables.items():
        if year == GEMEENTE_INDELING:
            continue
        w = df[df.level == "wijk"][["code", "name"]].drop_duplicates("code")
        names[year] = dict(zip(w.code, w.name))
        ref = 2022 if year > 2022 else 2021
        sets_y = w.groupby(w["code"].str[2:6])["code"].agg(frozenset)
        gm = w["code"].str[2:6]
        same_set = [sets_y.get(g) == kw_sets[ref].get(g) == sets_2024.get(g) for g in gm]
        same = w["code"].isin(ok[ref]) & pd.Series(same_set, index=w.index)
        reason = np.select(
            [~w["code"].isin(codes_2024), ~pd.Series(same_set, index=w.index), ~w["code"].isin(ok[ref])],
            ["wijkcode bestaat niet in de indeling van 2024",
             f"wijkindeling van de gemeente anders dan in {ref} of 2024 (geen oppervlakte om te vergelijken)",
             f"grens in {ref} anders dan in 2024"], "")
        frames.append(pd.DataFrame({"code": w.code.values, "year": year, "shift_m": np.nan, "same": same.values,
                                    "reason": reason, "rule": f"wijkindeling gelijk aan {ref} en 2024, grens in {ref} "
                                                              "gelijk aan 2024 (geen oppervlakte in dit jaar)"}))
    b = pd.concat(frames, ignore_index=True)
    b["name"] = [names.get(y, {}).get(c, c) for c, y in zip(b.code, b.year)]
    regions = pd.DataFrame({"code": b.code, "level": "wijk", "name": b["name"].fillna(b.code),
                            "parent_code": _parent(b.code, mapping), "indeling_year": b.year,
                            "geometry_year": np.where(b.same, GEMEENTE_INDELING, None)})
    boundary = b.rename(columns={"year": "indeling_year"})[
        ["code", "indeling_year", "same", "shift_m", "rule", "reason"]]
    return regions, boundary


def coverage_rows(tables: dict[int, tuple[pd.DataFrame, dict | None]], gemeenten_2024: pd.DataFrame,
                  kwb_gemeenten: dict[int, set[str]], mapping: dict[str, str]) -> pd.DataFrame:
    """For every 2024 gemeente and youth-care year: are its wijken in the bundled data, and if not, why."""
    rows = []
    years = {**{y: (None, None) for y in kwb_gemeenten}, **tables}
    for year, (df, cut) in sorted(years.items()):
        if df is None:
            present = {mapping.get(c, c) for c in kwb_gemeenten[year]}
            table, source = KWB_TABLES[year], "cbs_jz_wijken_2021_2022"
        else:
            present = {mapping.get(c, c) for c in df.loc[df.level == "gemeente", "code"]}
            table = next(t for t, y in WIJK_TABLES.items() if y == year)
            source = f"cbs_jz_wijken_{table}"
        for code, name in zip(gemeenten_2024["code"], gemeenten_2024["name"]):
            if code in present:
                ok, reason = True, ""
            elif cut is not None and (code >= cut["code"] if cut["by_code"] else _sort_key(name) >= _sort_key(cut["name"])):
                order = "op gemeentecode" if cut["by_code"] else "alfabetisch"
                ok, reason = False, (f"niet in de meegeleverde gegevens: het bestand van CBS-tabel {table} is na "
                                     f"10.000 rijen afgebroken, bij {cut['name']} ({order}); dit is geen nul")
            else:
                ok, reason = False, f"geen wijkcijfers in CBS-tabel {table} onder deze gemeentecode (herindeling)"
            rows.append({"gemeente_code": code, "year": year, "half_year": year == 2024, "in_bundle": ok,
                         "reason": reason, "source_id": source})
    return pd.DataFrame(rows)


def _sort_key(name: str) -> str:
    return re.sub(r"^'s-", "s", name.strip()).casefold()


# --- checks, shown on Over de data ------------------------------------------------------------------

def share_error(shares: pd.DataFrame, kwb2021: Path) -> dict[str, float]:
    """Derived 2021 share (wijk table / approximated 0–22) against the CBS percentage per gemeente (KWB 2021)."""
    cbs = pd.read_csv(kwb2021, dtype={"gemeentecode": str})[["gemeentecode", "jongeren_jeugdzorg_pct"]]
    ours = shares[(shares.indicator_id == "jzw_pct") & (shares.year == 2021) & (shares.level == "gemeente")]
    m = ours.merge(cbs, left_on="region_code", right_on="gemeentecode").dropna(subset=["jongeren_jeugdzorg_pct"])
    diff = m["value"] - m["jongeren_jeugdzorg_pct"]
    return {"n": len(m), "mean_abs": float(diff.abs().mean()), "mean": float(diff.mean()),
            "p90_abs": float(diff.abs().quantile(0.9)), "max_abs": float(diff.abs().max()),
            "rel_mean_abs": float((diff.abs() / m["jongeren_jeugdzorg_pct"]).mean())}


def check_rows(share: dict, boundary: pd.DataFrame, jz: pd.DataFrame, kwb_jz_2022: pd.Series,
               gem2022: pd.Series, kwb: pd.DataFrame) -> pd.DataFrame:
    """Measured figures for Over de data: share error, boundary rule, publication differences."""
    w = kwb[kwb.level == "wijk"].pivot(index="code", columns="year", values="a_opp_ha")
    stable = set(w.index[w[2021] == w[2022]])
    b22 = boundary[(boundary.indeling_year == 2022) & boundary.code.isin(stable) & boundary.shift_m.notna()]
    stable_p90, stable_p95 = float(b22.shift_m.quantile(0.9)), float(b22.shift_m.quantile(0.95))
    checked = boundary[boundary.shift_m.notna()]
    rows = [
        ("share_mean_abs", "Afgeleid aandeel jeugdzorg 2021 tegen CBS-percentage (gemeenten): gemiddelde afwijking",
         share["mean_abs"], "procentpunt", f"{share['n']} gemeenten; gemiddeld verschil {share['mean']:+.2f}, "
         f"90% binnen {share['p90_abs']:.2f}, grootste {share['max_abs']:.2f} procentpunt"),
        ("share_rel_mean_abs", "Idem, relatief", share["rel_mean_abs"] * 100, "% van het CBS-percentage", ""),
        ("boundary_same", "Wijken 2021–2022 met dezelfde code in 2024 en een grensverschuiving binnen de tolerantie",
         float(checked.same.sum()), "wijken", f"van {len(checked)}; tolerantie {BOUNDARY_TOLERANCE_M:.0f} m "
         "(de afronding van de kaart van 2024: 0,001° is 70–110 m)"),
        ("boundary_median", "Mediaan van de gemiddelde grensverschuiving tegenover de kaart van 2024 (zelfde code)",
         float(checked.shift_m.median()), "m", "oppervlakteverschil gedeeld door de omtrek"),
        ("boundary_p90_stable", "90e percentiel van die verschuiving bij wijken waarvan de KWB-oppervlakte 2021 en "
         "2022 gelijk is (vrijwel zeker onveranderd)", stable_p90, "m",
         f"95e percentiel {stable_p95:.0f} m: bij de gekozen tolerantie blijft ongeveer 7% van zulke wijken ongetekend"),
    ]
    g22 = jz[(jz.level == "gemeente") & (jz.indicator_id == "jzw_aantal") & (jz.year == 2022)]["value"]
    rows.append(("nl_2022_som_gemeenten", "Nederland 2022: som van de gemeenten in de wijktabel", float(g22.sum()),
                 "personen", "CBS-totaal Nederland (gemeentebestand): " + f"{int(gem2022.loc['NL00']):,}".replace(",", ".")
                 + "; het verschil komt door afronding op vijftallen en geheime cellen, dus het landelijke cijfer "
                 "is dat van CBS en niet de som"))
    almere = jz[(jz.region_code == "GM0034") & (jz.indicator_id == "jzw_aantal") & (jz.year == 2022)]["value"]
    if len(almere) and "GM0034" in kwb_jz_2022.index:
        rows.append(("almere_2022_publicaties", "Almere 2022: jeugdzorgtabel per wijk tegen KWB 2022",
                     float(almere.iloc[0]), "personen", f"KWB 2022: {kwb_jz_2022['GM0034']:,.0f}".replace(",", ".")))
    return pd.DataFrame(rows, columns=["check_id", "label_nl", "value", "unit", "note"])


def national_2021_2022(path: Path, gemeenten: pd.DataFrame) -> pd.DataFrame:
    """NL for 2021 and 2022, which the joined wijk file lacks: 2022 from CBS's own NL row in the 2022
    gemeente file; 2021 as the sum of all gemeenten (derived; a young person is counted in one
    gemeente, but each gemeente figure is rounded to 5, so the sum is approximate)."""
    raw = loaders.read_csv(path, ["Wijken"], dtype=str)
    nl = raw[raw["Wijken"].str.strip() == "NL00"]
    frames = []
    cols = _jz_columns(nl)
    if len(nl):
        for c, measure in cols.items():
            v = pd.to_numeric(nl[c].str.strip(), errors="coerce").iloc[0]
            frames.append({"indicator_id": "jzw_" + measure, "value": v, "year": 2022, "is_derived": False,
                           "derivation": None, "source_id": "cbs_jz_gemeenten_2022"})
    g21 = gemeenten[(gemeenten.year == 2021) & gemeenten.indicator_id.isin([f"jzw_{m}" for m in JZ_MEASURES])]
    for ind, part in g21.groupby("indicator_id"):
        secret = int(part["value"].isna().sum())
        how = f"Berekend: som van {len(part) - secret} gemeenten (elk afgerond op vijftallen)"
        if secret:  # CBS hides counts under 10: the sum misses less than 10 per secret gemeente
            how += f"; {secret} gemeenten geheim (elk minder dan 10), dus hoogstens {10 * secret} te laag"
        frames.append({"indicator_id": ind, "value": part["value"].sum(), "year": 2021, "is_derived": True,
                       "source_id": "cbs_jz_wijken_2021_2022", "derivation": how,
                       "numerator": part["value"].sum(), "denominator": None})
    out = pd.DataFrame(frames)
    out = out[out["value"].notna()]
    return out.assign(region_code="NL00", level="land", status="value")


def read_gemeenten_2022(path: Path) -> pd.Series:
    """The 2022 gemeente youth-care counts (raw fixed-width strings; '.' is secret) by code."""
    df = loaders.read_csv(path, ["Wijken", "TotaalJongerenMetJeugdzorgInNatura_1"], dtype=str)
    code = df["Wijken"].str.strip().replace({"NL00": "NL00"})
    value = pd.to_numeric(df["TotaalJongerenMetJeugdzorgInNatura_1"].str.strip(), errors="coerce")
    return pd.Series(value.values, index=code.values)


# --- the build step -------------------------------------------------------------------------------

def extend(raw_dir: Path, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Add the wijk data of every gemeente to the warehouse tables (see the module docstring)."""
    print("[wijk] KWB 2021–2022 en jeugdzorg per wijk 2015–2024, alle gemeenten", flush=True)
    props = loaders.load_data_properties(raw_dir / "cbs/85984NED_DataProperties.json")
    herindeling = tables["herindeling"]
    mapping = dict(zip(herindeling["old_code"], herindeling["new_code"]))
    regions = tables["region"]
    gem24 = regions[(regions.level == "gemeente") & (regions.indeling_year == GEMEENTE_INDELING)]
    codes_2024 = set(regions.loc[(regions.level == "wijk") & (regions.indeling_year == GEMEENTE_INDELING), "code"])

    kwb = read_kwb(raw_dir / KWB_FILE, props)
    kwb_obs = kwb_observations(kwb, mapping, set(gem24["code"]))
    # youth care joined to KWB (2021, 2022); rows without a join are not in that table
    joined = kwb[kwb["ID"].notna()].copy()
    for c in _jz_columns(joined):
        joined[c] = loaders.numeric(joined, c, raw_dir / KWB_FILE)
    jz_frames = [_jz_observations(joined, "cbs_jz_wijken_2021_2022")]
    wijk_tables = {}
    for table, year in WIJK_TABLES.items():
        df, cut = read_wijk_table(raw_dir / f"cbs_wijken/jeugdzorg_wijken_{table}.csv.gz", year)
        wijk_tables[year] = (df, cut)
        jz_frames.append(_jz_observations(df, f"cbs_jz_wijken_{table}"))
    jz = pd.concat(jz_frames, ignore_index=True)
    # Gemeente rows: only where the 2024 code is known for that year (2021 on: the herindeling file);
    # earlier years' mergers are not in the bundle, so their gemeente totals stay out (wijken stay in).
    gem = jz[jz.level == "gemeente"].copy()
    gem = gem[gem.year >= 2021]
    gem["code24"] = gem["region_code"].map(mapping).fillna(gem["region_code"])
    gem = gem.sort_values("region_code")
    agg = gem.groupby(["indicator_id", "year", "code24", "source_id"], as_index=False).agg(
        value=("value", "sum"), n_value=("value", "count"), n=("region_code", "size"))
    agg["value"] = agg["value"].where(agg["n_value"] == agg["n"])  # a secret part makes the sum secret
    parts = gem.drop_duplicates(["code24", "region_code"]).groupby("code24")["region_code"].agg(", ".join)
    agg["parts"] = agg["code24"].map(parts)
    agg = agg.rename(columns={"code24": "region_code"})
    agg = agg[agg.region_code.isin(set(gem24.code))]
    agg["level"], agg["status"] = "gemeente", np.where(agg.value.notna(), "value", "secret")
    agg["is_derived"] = agg.n > 1
    agg["derivation"] = np.where(agg.n > 1, "Herindeling: opgeteld van " + agg.parts, None)
    jz = pd.concat([jz[jz.level != "gemeente"], agg.drop(columns=["parts", "n", "n_value"]),
                    national_2021_2022(raw_dir / GEM_2022_FILE, agg)], ignore_index=True)
    shares = share_observations(jz, kwb, mapping)
    shares["level"] = np.where(shares.region_code.str.startswith("GM"), "gemeente",
                               np.where(shares.region_code == "NL00", "land", "wijk"))
    derived = pd.concat([shares, referrer_share(jz)], ignore_index=True)

    # regions, boundaries, coverage
    shapes = shape_sizes(raw_dir / "geo/wijk_2024.geojson")
    areas = shapes["area_ha"]
    new_regions, boundary = regions_and_boundaries(kwb, {y: d for y, (d, _) in wijk_tables.items()},
                                                   codes_2024, shapes, mapping)
    coverage = coverage_rows({y: t for y, t in wijk_tables.items()}, gem24,
                             {y: set(kwb.loc[(kwb.year == y) & (kwb.level == "gemeente") & kwb["ID"].notna(), "code"])
                              for y in KWB_TABLES}, mapping)

    obs = pd.concat([kwb_obs, jz, derived], ignore_index=True)
    obs["indeling_year"] = np.where(obs["level"] == "wijk", obs["year"], GEMEENTE_INDELING)
    for col in ("numerator", "denominator"):
        if col not in obs.columns:
            obs[col] = None
    # wijken of 2024 are the 2024 regions; other years' wijken get their own region rows
    regions_all = pd.concat([regions, new_regions], ignore_index=True).drop_duplicates(
        ["code", "indeling_year"], keep="first")
    # One boundary rule for every wijk of an earlier indeling, also those the first bundle added (Almere)
    rule = boundary.set_index(["code", "indeling_year"])["same"]
    key = pd.MultiIndex.from_arrays([regions_all["code"], regions_all["indeling_year"]])
    judged = key.isin(rule.index) & (regions_all["level"] == "wijk").to_numpy()
    same = rule.reindex(key[judged]).to_numpy(dtype=bool)
    regions_all.loc[judged, "geometry_year"] = np.where(same, GEMEENTE_INDELING, None)
    known = regions_all.set_index(["code", "indeling_year"]).index
    obs = obs[pd.MultiIndex.from_arrays([obs.region_code, obs.indeling_year]).isin(known)]
    dens = loaders.density(obs.loc[obs.level == "wijk", OBS_COLUMNS], areas.div(100).rename("area_km2").reset_index(), regions_all)
    obs = pd.concat([obs[OBS_COLUMNS], dens], ignore_index=True)
    # What the first bundle already has (Almere's own KWB export, KWB 2021 per gemeente) stays first.
    combined = pd.concat([tables["observation"], obs], ignore_index=True).drop_duplicates(
        ["indicator_id", "region_code", "indeling_year", "year"], keep="first")

    share = share_error(shares, raw_dir / "cbs/kwb_2021_gemeenten.csv")
    old = tables["observation"]
    kwb_jz_2022 = old[(old.indicator_id == "jeugdzorg_aantal") & (old.year == 2022) & (old.status == "value")
                      & (old.indeling_year == GEMEENTE_INDELING)].set_index("region_code")["value"]
    gem2022 = read_gemeenten_2022(raw_dir / GEM_2022_FILE)
    checks = check_rows(share, boundary, jz, kwb_jz_2022, gem2022, kwb)
    sources = pd.DataFrame([{
        "source_id": s.source_id, "title": s.title, "publisher": s.publisher, "licence": s.licence,
        "credit": s.credit, "file_path": s.file_path, "retrieved": s.retrieved,
        "sha256": original_sha256(raw_dir / Path(s.file_path).relative_to("data/raw")), "is_demo": False}
        for s in SOURCES])
    indicators = pd.DataFrame([{
        "indicator_id": i.indicator_id, "label_nl": i.label_nl, "unit": i.unit, "decimals": i.decimals,
        "definition_nl": (props[i.cbs_key]["description"] or props[i.cbs_key]["title"]) if i.cbs_key else i.definition_nl,
        "source_table": i.source_table, "theme": i.theme, "polarity": i.polarity, "privacy_kind": i.privacy_kind}
        for i in INDICATORS])
    return {**tables,
            "source": pd.concat([tables["source"], sources], ignore_index=True),
            "indicator": pd.concat([tables["indicator"], indicators], ignore_index=True).drop_duplicates(
                "indicator_id", keep="first"),
            "region": regions_all, "observation": combined,
            "wijk_coverage": coverage, "wijk_boundary": boundary, "wijkdata_check": checks}
