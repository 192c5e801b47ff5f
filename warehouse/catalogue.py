"""What the warehouse holds: its sources and its indicators.

Indicator definitions are taken from the CBS column dictionary (DataProperties) where CBS
defines the measure; ``cbs_key`` is the base name of the CBS column (without the numeric
suffix, which drifts between KWB editions).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    source_id: str
    title: str
    publisher: str
    licence: str
    credit: str
    file_path: str  # relative to the project root
    retrieved: str
    is_demo: bool = False


CC_BY = "CC BY 4.0"
SOURCES = [
    Source("kwb_2021_gemeenten", "Kerncijfers wijken en buurten 2021 (85039NED), alle gemeenten",
           "CBS", CC_BY, "Bron: CBS, Kerncijfers wijken en buurten 2021",
           "data/raw/cbs/kwb_2021_gemeenten.csv", "2026-10 (via RishikeshGovind/nlstat)"),
    Source("kwb_2021_nlstat", "Kerncijfers wijken en buurten 2021, alle gemeenten (JSON-extractie, ter controle)",
           "CBS", CC_BY, "Bron: CBS, Kerncijfers wijken en buurten 2021",
           "data/raw/cbs/kwb_2021_gemeenten_nlstat.json", "2026-10 (via RishikeshGovind/nlstat)"),
    Source("kwb_almere_2018_2025", "Kerncijfers wijken en buurten 2018–2025, gemeente Almere",
           "CBS", CC_BY, "Bron: CBS, Kerncijfers wijken en buurten",
           "data/raw/cbs/kwb_almere_2018_2025_raw.csv", "2026-10 (via Ismael-991/almere-jeugd-voorspelling)"),
    Source("cbs_85984_dataproperties", "Kolombeschrijvingen Kerncijfers wijken en buurten 2024 (85984NED)",
           "CBS", CC_BY, "Bron: CBS", "data/raw/cbs/85984NED_DataProperties.json",
           "2026-10 (via niquedegraaff/Wikipedia-Generator-CBS-Kerncijfers-Wijken-en-Buurten)"),
    Source("pdok_gemeente_2024", "Gemeentegrenzen 2024 (afgeleid van de wijkgrenzen)",
           "CBS, Kadaster via PDOK", CC_BY, "Kaart: CBS, Kadaster via PDOK",
           "data/raw/geo/gemeente_2024.geojson", "2026-10 (afgeleid van vaxprofiles/map-explorer)"),
    Source("pdok_wijk_2024", "Wijkgrenzen 2024 (wijk_gegeneraliseerd)",
           "CBS, Kadaster via PDOK", CC_BY, "Kaart: CBS, Kadaster via PDOK",
           "data/raw/geo/wijk_2024.geojson", "2026-10 (via vaxprofiles/map-explorer)"),
    Source("cbs_wijk_gemeente_2024", "Wijken en gemeenten 2024 (namen en codes)",
           "CBS", CC_BY, "Bron: CBS", "data/raw/geo/wijk_gemeente_2024.csv", "2026-10 (afgeleid)"),
    Source("cbs_herindeling_2021_2024", "Gemeentelijke herindelingen 2021–2024",
           "CBS", CC_BY, "Bron: CBS, gemeentelijke indelingen", "data/raw/geo/herindeling_2021_2024.csv",
           "2026-10"),
    Source("cbs_herindeling_2020_2021", "Gemeentelijke herindeling 2021: Eemsdelta (Appingedam, Delfzijl, Loppersum)",
           "CBS", CC_BY, "Bron: CBS, gemeentelijke indelingen", "data/raw/geo/herindeling_2020_2021.csv",
           "2026-12 (openbaar feit; gecontroleerd met de gemeentegrenzen 2019 van CBS/PDOK)"),
    Source("cbs_iv3_taakvelden", "Iv3-taakvelden gemeenten 2017–2026 (definities)",
           "CBS", CC_BY, "Bron: CBS, Iv3-definities", "data/raw/iv3/iv3_taakvelden_gemeente_2017_2026.csv",
           "2026-10 (afgeleid van statistiekcbs/iv3_definities)"),
    Source("nl_jeugd_kerncijfers", "Landelijke kerncijfers jeugd (Jeugdmonitor 2020, NJi, kinderopvang)",
           "CBS / NJi / Rijksoverheid", CC_BY, "Bron: CBS Jaarrapport Landelijke Jeugdmonitor 2020",
           "data/raw/national/nl_jeugd_kerncijfers.csv", "2026-10 (uit de position paper)"),
]


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    label_nl: str
    unit: str
    decimals: int
    theme: str
    polarity: int  # -1: a higher value means more need; 1: less need; 0: neutral
    source_table: str
    cbs_key: str | None = None  # base name in the CBS column dictionary
    definition_nl: str = ""     # our own definition where CBS has none (derived figures)
    privacy_kind: str | None = None  # 'count' or 'rate': suppressed below the threshold (organisation data)


INDICATORS = [
    Indicator("jeugdzorg_pct", "Jongeren met jeugdzorg", "% van jongeren tot 23 jaar", 1,
              "specialistische zorg", -1, "KWB (85039NED e.a.)", "PercentageJongerenMetJeugdzorg"),
    Indicator("jeugdzorg_aantal", "Jongeren met jeugdzorg (aantal)", "personen tot 23 jaar", 0,
              "specialistische zorg", -1, "KWB", "JongerenMetJeugdzorgInNatura"),
    Indicator("wmo_per_1000", "Wmo-cliënten", "per 1.000 inwoners", 0,
              "context", -1, "KWB", "WmoClientenRelatief"),
    Indicator("bijstand_per_1000", "Personen met bijstand", "per 1.000 inwoners", 1,
              "context", -1, "KWB", None,
              "Personen met een bijstandsuitkering (Participatiewet) per 1.000 inwoners; berekend uit "
              "de CBS-aantallen bijstand en inwoners."),
    Indicator("huish_sociaal_minimum_pct", "Huishoudens onder of rond het sociaal minimum",
              "% van particuliere huishoudens", 1, "context", -1, "KWB", "HuishOnderOfRondSociaalMinimum"),
    Indicator("huish_laag_inkomen_pct", "Huishoudens met een laag inkomen",
              "% van particuliere huishoudens", 1, "context", -1, "KWB", "HuishoudensMetEenLaagInkomen"),
    Indicator("inkomen_per_inwoner", "Gemiddeld inkomen per inwoner", "× 1.000 euro", 1,
              "context", 1, "KWB", "GemiddeldInkomenPerInwoner"),
    Indicator("inwoners", "Inwoners", "aantal", 0, "context", 0, "KWB", "AantalInwoners"),
    Indicator("kinderen_0_15", "Kinderen 0–14 jaar", "aantal", 0, "context", 0, "KWB", "k_0Tot15Jaar"),
    Indicator("bevolkingsdichtheid", "Bevolkingsdichtheid", "inwoners per km²", 0, "context", 0,
              "KWB en PDOK-grenzen 2024", None,
              "Inwoners (CBS) gedeeld door de oppervlakte van het gebied volgens de grenzen van 2024 (PDOK, "
              "land en binnenwater zoals getekend); berekend, dus afgeleid."),
    Indicator("kinderen_0_15_pct", "Kinderen 0–14 jaar (aandeel)", "% van inwoners", 1,
              "context", 0, "KWB", None,
              "Aandeel inwoners van 0 tot 15 jaar op 1 januari; berekend uit de CBS-aantallen."),
    Indicator("jongeren_15_25_pct", "Jongeren 15–24 jaar (aandeel)", "% van inwoners", 1,
              "context", 0, "KWB", None,
              "Aandeel inwoners van 15 tot 25 jaar op 1 januari; berekend uit de CBS-aantallen."),
]
# Only with a refresh from CBS (warehouse/refresh.py): gemeente tables the bundle does not have.
# Kept out of INDICATORS, whose loaders read the bundled KWB files; the definitions come from the
# refreshed CBS DataProperties where CBS has them (warehouse/refreshed.py).
_JZ = "specialistische zorg"
REFRESH_INDICATORS = [
    Indicator("jeugdhulp_pct", "Jongeren met jeugdhulp", "% van jongeren tot 18 jaar", 1, _JZ, -1,
              "Jeugdzorg in natura (85098NED, 82972NED)", "JongerenMetJeugdhulpInNatura",
              "Aandeel jongeren tot 18 jaar met jeugdhulp in natura."),
    Indicator("jeugdhulp_verblijf_pct", "Jongeren met jeugdhulp met verblijf", "% van jongeren tot 18 jaar met jeugdhulp",
              1, _JZ, -1, "Jeugdzorg in natura (85098NED, 82972NED)", "JongerenMetJeugdhMetVerblInNat",
              "Jongeren tot 18 jaar met jeugdhulp met verblijf (pleegzorg, gezinshuis, instelling) als percentage "
              "van de jongeren tot 18 jaar met jeugdhulp — niet van alle jongeren."),
    Indicator("jeugdbescherming_pct", "Jongeren met jeugdbescherming", "% van jongeren tot 18 jaar", 1, _JZ, -1,
              "Jeugdzorg in natura (85098NED, 82972NED)", "JongerenMetJeugdbescherming",
              "Aandeel jongeren tot 18 jaar met een jeugdbeschermingsmaatregel."),
    Indicator("jeugdreclassering_pct", "Jongeren met jeugdreclassering", "% van jongeren van 12 tot 23 jaar", 1,
              _JZ, -1, "Jeugdzorg in natura (85098NED, 82972NED)", "JongerenMetJeugdreclassering",
              "Aandeel jongeren van 12 tot 23 jaar met jeugdreclassering."),
    Indicator("jeugdhulp_wijkteam_aantal", "Jongeren met jeugdhulp door het wijkteam", "personen", 0, _JZ, -1,
              "Jeugdzorg per vorm (85099NED)", None,
              "Jongeren met jeugdhulp zonder verblijf, uitgevoerd door het wijkteam (CBS 85099NED)."),
    Indicator("jeugdhulp_zonder_verblijf_aantal", "Jongeren met jeugdhulp zonder verblijf", "personen", 0, _JZ, -1,
              "Jeugdzorg per vorm (85099NED)", None, "Jongeren met jeugdhulp zonder verblijf (CBS 85099NED)."),
    Indicator("jeugdhulp_met_verblijf_aantal", "Jongeren met jeugdhulp met verblijf (aantal)", "personen", 0, _JZ,
              -1, "Jeugdzorg per vorm (85099NED)", None, "Jongeren met jeugdhulp met verblijf (CBS 85099NED)."),
    Indicator("jeugdbescherming_aantal", "Jongeren met jeugdbescherming (aantal)", "personen", 0, _JZ, -1,
              "Jeugdzorg per vorm (85099NED)", None, "Jongeren met een jeugdbeschermingsmaatregel (CBS 85099NED)."),
    Indicator("jeugdreclassering_aantal", "Jongeren met jeugdreclassering (aantal)", "personen", 0, _JZ, -1,
              "Jeugdzorg per vorm (85099NED)", None, "Jongeren met jeugdreclassering (CBS 85099NED)."),
    Indicator("jeugdzorg_kosten", "Gemeentelijke kosten jeugdzorg", "euro", 0, "uitgaven", 0,
              "Gemeentelijke kosten jeugdzorg (83454NED)", None,
              "Gerealiseerde kosten van de gemeente voor jeugdzorg (totaal), volgens CBS 83454NED "
              "(door CBS gepubliceerd in 1.000 euro, hier in euro)."),
]
# Organisation data (kinderwerk, signals, spending): computed from the imports in force.
ORG_INDICATORS = [
    Indicator("kinderwerk_bereik_pct", "Kinderen 4–14 bereikt door kinderwerk", "% van kinderen 4–14 jaar", 1,
              "preventie", 1, "registratie kinderwerk", None,
              "Gemiddeld aantal unieke kinderen van 4–14 jaar per maand dat het kinderwerk bereikte (opgeteld "
              "over activiteiten: een kind bij twee activiteiten telt twee keer), gedeeld door het geschatte "
              "aantal kinderen van 4–14 jaar in het gebied (11/15 van CBS 0–14 jaar).", "rate"),
    Indicator("kinderwerk_kinderen", "Kinderen 4–14 bereikt door kinderwerk (aantal)", "kinderen per maand", 0,
              "preventie", 1, "registratie kinderwerk", None,
              "Gemiddeld aantal unieke kinderen van 4–14 jaar per maand, opgeteld over activiteiten.", "count"),
    Indicator("kinderwerk_uren", "Uren kinderwerk", "uren per jaar", 0, "preventie", 1,
              "registratie kinderwerk", None, "Uren inzet van kinderwerkers in het jaar."),
    Indicator("signalen_aantal", "Signalen opgevangen", "signalen per jaar", 0, "signalen", 0,
              "registratie kinderwerk", None, "Aantal signalen dat kinderwerkers in het jaar noteerden.", "count"),
    Indicator("signalen_basis_pct", "Signalen opgepakt in de basis", "% van de signalen", 1, "signalen", 1,
              "registratie kinderwerk", None,
              "Aandeel van de signalen dat in het kinderwerk zelf of samen met ouders is opgepakt, zonder "
              "doorverwijzing: de kern van 'vroeg doen'.", "rate"),
    Indicator("uitgaven_preventie", "Uitgaven preventie en toegang (Iv3 6.1, 6.2)", "euro", 0, "uitgaven", 0,
              "Iv3-opgave gemeente", None,
              "Lasten op taakvelden 6.1 Samenkracht en burgerparticipatie en 6.2 Wijkteams/Toegang (vanaf 2025 "
              "6.21–6.23); gerealiseerd waar aanwezig, anders begroot."),
    Indicator("uitgaven_jeugdhulp", "Uitgaven jeugdhulp en jeugdbescherming (Iv3 6.72, 6.82)", "euro", 0,
              "uitgaven", 0, "Iv3-opgave gemeente", None,
              "Lasten op 6.72 Maatwerkdienstverlening 18- en 6.82 Geëscaleerde zorg 18-, met hun opsplitsingen "
              "van 2023 (6.72a–d, 6.73a–c, 6.74a–c, 6.82a–b) en 2025 (6.751–6.763, 6.792, 6.821–6.822); "
              "gerealiseerd waar aanwezig, anders begroot."),
]
INDICATOR_IDS = {i.indicator_id for i in INDICATORS + ORG_INDICATORS}
