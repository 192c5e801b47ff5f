"""What the wijk step reads and publishes: its files, sources, indicators and column maps.

One job: the catalogue of ``warehouse.wijkdata`` (KWB 2021–2022 and youth care per wijk 2015–2024 for
every gemeente, SOURCES §8 and §9). No reading, no computing: the other ``wijk_*`` modules use these names.
"""
from __future__ import annotations

from warehouse.catalogue import CC_BY, Indicator, Source

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
] + [
    Source(f"geo_wijk_{year}", f"Wijkgrenzen {year} (CBS/PDOK gebiedsindeling, gegeneraliseerd; vereenvoudigd)",
           "CBS, Kadaster via PDOK", CC_BY, "Kaart: CBS, Kadaster via PDOK", f"data/raw/geo_jaren/wijk_{year}.geojson.gz",
           "2026-12 (via edwindj/nl_maps, vereenvoudigd door Vroeg Doen)")
    for year in (2015, 2016)
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


NEAREST_POPULATION = ("Voor 2023 en 2024 zit er geen KWB-bevolking van dat jaar in de meegeleverde gegevens: de noemer "
                      "is dan die van KWB 2022 (afgeleid; bij elk cijfer vermeld), en per wijk alleen waar CBS zegt "
                      "dat code en grens sinds 2022 niet veranderden.")


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
                  f"op Over de data. {NEAREST_POPULATION}"),
        Indicator("jzw_pct" + HALF, "Jongeren met jeugdzorg (aandeel, afgeleid uit de wijktabel, 1e halfjaar)",
                  "% van jongeren 0–22 jaar", 1, _JZ, -1, _PUB + " en KWB", None,
                  "Afgeleid: jongeren met jeugdzorg in natura in het eerste halfjaar gedeeld door de "
                  f"{DENOMINATOR_NOTE}, × 100. Over een halfjaar: niet vergelijkbaar met een heel jaar. "
                  + NEAREST_POPULATION),
        Indicator("jzw_per_1000_0_24", "Jongeren met jeugdzorg per 1.000 inwoners van 0–24 jaar",
                  "per 1.000 inwoners 0–24 jaar", 1, _JZ, -1, _PUB + " en KWB", None,
                  "Afgeleid: jongeren met jeugdzorg in natura (jeugdzorgtabel per wijk) per 1.000 inwoners van "
                  "0 tot 25 jaar (KWB 0–14 + 15–24). Geen CBS-percentage: de noemer is ruimer dan de 0–22-jarigen. "
                  + NEAREST_POPULATION),
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
