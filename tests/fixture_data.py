"""The rows of the tiny fixture warehouse (tests/conftest.py builds it with warehouse/schema.sql).

Hand-written and small, so every test can state the exact rows it expects. What it holds:

- NL00 and four gemeenten of the 2024 indeling, each with a square geometry: Almere (a series
  2019-2024 and wijken), Amsterdam (one year only, one wijk without figures), Groningen (a secret
  cell, a 'missing' one, and a zero value as its only figure) and Dijk en Waard (merged in 2022: derived figures and
  herindeling rows).
- Almere's wijken twice: the 2024 indeling (geometry_year 2024, drawn) and the old 2019 indeling
  with the SAME codes WK003401/WK003402 but geometry_year NULL (reused codes: never drawn).
- One figure from the demo source (kinderwerk_bereik, Almere 2024) and one indicator without any
  observation (jongeren_15_25_pct).
- NL00 figures for 2019, 2021 and 2025 and a 'missing' one for 2023, to pin "the nearest year
  on or before".
- Organisation indicators (privacy_kind 'count' or 'rate', suppressed by run_query below the
  threshold): Almere 2024 from the demo organisation (source 'org:Demo', is_demo) for the gemeente
  and for its three 2024 wijken, where exactly ONE wijk count is below 5 (WK003401: 3 signals), so
  complementary suppression also hides the next smallest (WK003402: 12); and Almere 2023 from a
  real organisation (source 'org:De Speelkamer') whose basis rate has a small numerator.
- A third 2024 wijk of Almere (WK003403, drawn) with organisation figures only, and four rows of
  import_log (active demo, rejected, active real, rolled back).
- Signal rows (table signal, page Signalen) behind those figures: Almere 2024 from the demo import
  (55 signals, 34 in the basis; wijken 3, 12 and 40), 2023 from De Speelkamer (9, of which 3 in the
  basis) and 2019 in the OLD indeling (WK003401 = OLD_WIJK_01; 14, 8 in the basis). Small cells:
  2024 'armoede → melding Veilig Thuis' = 2 (its side's complement: 'school → specialistische
  jeugdhulp' = 5); 2019 and 2023 have a side with a single cell, so the whole year is one group.
"""
from __future__ import annotations

REAL = "kwb_fixture"
DEMO = "demo_signalen"
ORG_DEMO = "org:Demo"               # an organisation's demo import, as org_publish.sql names it
ORG_REAL = "org:De Speelkamer"      # a real organisation's registration
RELEASE_ID = "fixture00001"
BUILT_AT = "2026-02-01 10:30:00"

SOURCES = [
    # source_id, title, publisher, licence, credit, file_path, retrieved, sha256, is_demo
    (DEMO, "Voorbeeldsignalen jeugd", "Vroeg Doen", "CC0 1.0", "Bron: voorbeelddata Vroeg Doen",
     None, None, None, True),
    (REAL, "Kerncijfers wijken en buurten (fixture)", "CBS", "CC BY 4.0", "Bron: CBS, fixture",
     "data/raw/cbs/fixture.csv", "2026-10", "ab" * 32, False),
    (ORG_DEMO, "Voorbeelddata: Demo", "Demo", "gegenereerd (orgdata/demo.py)",
     "Voorbeelddata (gegenereerd, geen echte cijfers)", None, "2026-11-01", None, True),
    (ORG_REAL, "Registratie van De Speelkamer", "De Speelkamer", "eigen gegevens van de organisatie",
     "Bron: registratie De Speelkamer", None, "2026-11-03", None, False),
]


def square(lon0: str, lat0: str, lon1: str, lat1: str) -> str:
    """A closed square polygon as compact GeoJSON text (coordinates written literally)."""
    ring = f"[{lon0},{lat0}],[{lon1},{lat0}],[{lon1},{lat1}],[{lon0},{lat1}],[{lon0},{lat0}]"
    return '{"type":"Polygon","coordinates":[[' + ring + "]]}"


GEOMETRY = {
    # code: (geojson, centroid_lon, centroid_lat); all of the 2024 indeling
    "GM0034": (square("5.1", "52.3", "5.3", "52.45"), 5.2, 52.375),
    "GM0363": (square("4.8", "52.3", "5.0", "52.42"), 4.9, 52.36),
    "GM0014": (square("6.5", "53.2", "6.6", "53.25"), 6.55, 53.225),
    "GM1980": (square("4.75", "52.65", "4.85", "52.72"), 4.8, 52.685),
    "WK003401": (square("5.1", "52.3", "5.2", "52.4"), 5.15, 52.35),
    "WK003402": (square("5.2", "52.3", "5.3", "52.4"), 5.25, 52.35),
    "WK036300": (square("4.89", "52.37", "4.91", "52.38"), 4.9, 52.375),
    "WK003403": (square("5.3", "52.3", "5.4", "52.4"), 5.35, 52.35),
}

OLD_WIJK_01 = "Wijk 01 (oude indeling 2018–2021)"
OLD_WIJK_02 = "Wijk 02 (oude indeling 2018–2021)"

REGIONS = [
    # code, level, name, parent_code, indeling_year, geometry_year
    ("NL00", "land", "Nederland", None, 2024, None),
    ("GM0034", "gemeente", "Almere", "NL00", 2024, 2024),
    ("GM0363", "gemeente", "Amsterdam", "NL00", 2024, 2024),
    ("GM0014", "gemeente", "Groningen", "NL00", 2024, 2024),
    ("GM1980", "gemeente", "Dijk en Waard", "NL00", 2024, 2024),
    ("WK003401", "wijk", "Almere Stad", "GM0034", 2024, 2024),
    ("WK003402", "wijk", "Almere Haven", "GM0034", 2024, 2024),
    ("WK036300", "wijk", "Burgwallen-Oude Zijde", "GM0363", 2024, 2024),
    ("WK003403", "wijk", "Almere Buiten", "GM0034", 2024, 2024),  # organisation figures only
    # the old indeling: the same codes, other areas, no geometry that can draw them
    ("WK003401", "wijk", OLD_WIJK_01, "GM0034", 2019, None),
    ("WK003402", "wijk", OLD_WIJK_02, "GM0034", 2019, None),
]

HERINDELING = [
    # old_code, old_name, new_code, new_name, valid_from
    ("GM0416", "Langedijk", "GM1980", "Dijk en Waard", "2022-01-01"),
    ("GM0398", "Heerhugowaard", "GM1980", "Dijk en Waard", "2022-01-01"),
]

INDICATORS = [
    # indicator_id, label_nl, unit, decimals, definition_nl, source_table, theme, polarity[, privacy_kind]
    ("jeugdzorg_pct", "Jongeren met jeugdzorg", "% van jongeren tot 23 jaar", 1,
     "Percentage jongeren tot 23 jaar met jeugdzorg in natura.", "KWB", "specialistische zorg", -1),
    ("jeugdzorg_aantal", "Jongeren met jeugdzorg (aantal)", "personen tot 23 jaar", 0,
     "Aantal jongeren tot 23 jaar met jeugdzorg in natura.", "KWB", "specialistische zorg", -1),
    ("kinderwerk_bereik", "Bereik kinderwerk", "% van kinderen 4–12 jaar", 1,
     "Aandeel kinderen dat het kinderwerk bereikt (voorbeelddata).", "registratie", "preventie", 1),
    ("wmo_per_1000", "Wmo-cliënten", "per 1.000 inwoners", 0,
     "Wmo-cliënten per 1.000 inwoners.", "KWB", "context", -1),
    ("bijstand_per_1000", "Personen met bijstand", "per 1.000 inwoners", 1,
     "Personen met bijstand per 1.000 inwoners.", "KWB", "context", -1),
    ("huish_sociaal_minimum_pct", "Huishoudens onder of rond het sociaal minimum",
     "% van particuliere huishoudens", 1, "Huishoudens tot 110% van het sociaal minimum.", "KWB", "context", -1),
    ("inkomen_per_inwoner", "Gemiddeld inkomen per inwoner", "× 1.000 euro", 1,
     "Gemiddeld persoonlijk inkomen per inwoner.", "KWB", "context", 1),
    ("inwoners", "Inwoners", "aantal", 0, "Aantal inwoners op 1 januari.", "KWB", "context", 0),
    ("kinderen_0_15", "Kinderen 0–14 jaar", "aantal", 0, "Inwoners van 0 tot 15 jaar.", "KWB", "context", 0),
    ("kinderen_0_15_pct", "Kinderen 0–14 jaar (aandeel)", "% van inwoners", 1,
     "Aandeel inwoners van 0 tot 15 jaar.", "KWB", "context", 0),
    ("jongeren_15_25_pct", "Jongeren 15–24 jaar (aandeel)", "% van inwoners", 1,
     "Aandeel inwoners van 15 tot 25 jaar (geen observaties in de fixture).", "KWB", "context", 0),
    # organisation data (warehouse/catalogue.py ORG_INDICATORS): suppressed when small
    ("kinderwerk_bereik_pct", "Kinderen 4–14 bereikt door kinderwerk", "% van kinderen 4–14 jaar", 1,
     "Gemiddeld aantal unieke kinderen van 4–14 jaar per maand, gedeeld door de kinderen van 4–14 jaar.",
     "registratie kinderwerk", "preventie", 1, "rate"),
    ("signalen_aantal", "Signalen opgevangen", "signalen per jaar", 0,
     "Aantal signalen dat kinderwerkers in het jaar noteerden.", "registratie kinderwerk", "signalen", 0, "count"),
    ("signalen_basis_pct", "Signalen opgepakt in de basis", "% van de signalen", 1,
     "Aandeel van de signalen dat in het kinderwerk zelf of samen met ouders is opgepakt.",
     "registratie kinderwerk", "signalen", 1, "rate"),
]
ORG_INDICATOR_IDS = [i[0] for i in INDICATORS if len(i) > 8]

NL_DERIVED = "Berekend uit alle gemeenten"
DW_DERIVED = "Herindeling: gewogen naar inwoners van GM0398, GM0416 (indeling 2021)"
DW_SUMMED = "Herindeling: opgeteld van GM0398, GM0416 (indeling 2021)"


def _obs(indicator, code, indeling, year, value, status="value", derivation=None, source=REAL):
    return (indicator, code, indeling, year, value, None, None, status,
            derivation is not None, derivation, source)


ORG_DERIVED = "Berekend uit de registraties van organisaties"


def _org(indicator, code, year, numerator, denominator=None, source=ORG_DEMO):
    """An organisation figure as org_publish.sql writes it: a count, or a rate with its parts."""
    value = numerator if denominator is None else numerator / denominator * 100
    return (indicator, code, 2024, year, value, float(numerator),
            None if denominator is None else float(denominator), "value", True, ORG_DERIVED, source)


# The wijk counts of Almere 2024 (demo): exactly one below 5; the next smallest is hidden with it.
SMALL_SIGNALS = {"WK003401": 3, "WK003402": 12, "WK003403": 40}        # shown: only WK003403
SMALL_REACH = {"WK003401": (2, 800), "WK003402": (150, 1200), "WK003403": (300, 2000)}  # the same
HIDDEN_WIJKEN = ["WK003401", "WK003402"]


OBSERVATIONS = [
    # NL00: 2019, 2021, 2025 values; 2023 'missing' (must never be chosen as "nearest")
    _obs("jeugdzorg_pct", "NL00", 2024, 2019, 10.0, derivation=NL_DERIVED),
    _obs("jeugdzorg_pct", "NL00", 2024, 2021, 10.5, derivation=NL_DERIVED),
    _obs("jeugdzorg_pct", "NL00", 2024, 2023, None, "missing", derivation=NL_DERIVED),
    _obs("jeugdzorg_pct", "NL00", 2024, 2025, 9.9, derivation=NL_DERIVED),
    _obs("jeugdzorg_aantal", "NL00", 2024, 2021, 400000.0, derivation=NL_DERIVED),
    _obs("wmo_per_1000", "NL00", 2024, 2021, None, "missing", derivation=NL_DERIVED),
    _obs("inwoners", "NL00", 2024, 2021, 17475415.0, derivation=NL_DERIVED),
    # Almere: jeugdzorg_pct 2019..2024, the other headlines in 2024
    _obs("jeugdzorg_pct", "GM0034", 2024, 2019, 10.2),
    _obs("jeugdzorg_pct", "GM0034", 2024, 2020, 10.8),
    _obs("jeugdzorg_pct", "GM0034", 2024, 2021, 11.4),
    _obs("jeugdzorg_pct", "GM0034", 2024, 2022, 11.9),
    _obs("jeugdzorg_pct", "GM0034", 2024, 2023, 12.1),
    _obs("jeugdzorg_pct", "GM0034", 2024, 2024, 11.7),
    _obs("jeugdzorg_aantal", "GM0034", 2024, 2024, 6010.0),
    _obs("wmo_per_1000", "GM0034", 2024, 2024, None, "missing"),
    _obs("bijstand_per_1000", "GM0034", 2024, 2024, 0.0),  # zero is a figure, not a secret
    _obs("kinderen_0_15", "GM0034", 2024, 2024, 41230.0),
    _obs("kinderen_0_15_pct", "GM0034", 2024, 2024, 18.2),
    _obs("inkomen_per_inwoner", "GM0034", 2024, 2024, 29.4),
    _obs("huish_sociaal_minimum_pct", "GM0034", 2024, 2024, None, "secret"),
    _obs("inwoners", "GM0034", 2024, 2024, 226500.0),
    _obs("kinderwerk_bereik", "GM0034", 2024, 2024, 38.5, source=DEMO),  # the one demo figure
    # Amsterdam: 2021 only
    _obs("jeugdzorg_pct", "GM0363", 2024, 2021, 9.8),
    _obs("wmo_per_1000", "GM0363", 2024, 2021, 52.0),
    _obs("inwoners", "GM0363", 2024, 2021, 872757.0),
    # Groningen 2021: a secret cell, a missing one, a zero value
    _obs("jeugdzorg_pct", "GM0014", 2024, 2021, None, "secret"),
    _obs("jeugdzorg_aantal", "GM0014", 2024, 2021, None, "missing"),
    _obs("wmo_per_1000", "GM0014", 2024, 2021, 0.0),  # Groningen's only figure: zero
    # Dijk en Waard 2021: re-aggregated from the two gemeenten it replaced
    _obs("jeugdzorg_pct", "GM1980", 2024, 2021, 11.2, derivation=DW_DERIVED),
    _obs("wmo_per_1000", "GM1980", 2024, 2021, 41.7, derivation=DW_DERIVED),
    _obs("inwoners", "GM1980", 2024, 2021, 86722.0, derivation=DW_SUMMED),
    # Almere's wijken, 2024 indeling
    _obs("jeugdzorg_pct", "WK003401", 2024, 2024, 12.3),
    _obs("jeugdzorg_pct", "WK003402", 2024, 2024, 10.4),
    _obs("wmo_per_1000", "WK003401", 2024, 2024, None, "secret"),
    _obs("wmo_per_1000", "WK003402", 2024, 2024, None, "missing"),
    # Almere's wijken, old 2019 indeling (same codes)
    _obs("jeugdzorg_pct", "WK003401", 2019, 2019, 9.5),
    _obs("jeugdzorg_pct", "WK003402", 2019, 2019, None, "secret"),
    # Organisation data: Almere 2024 (demo) for the gemeente and its wijken
    _org("kinderwerk_bereik_pct", "GM0034", 2024, 452, 4000),
    _org("signalen_aantal", "GM0034", 2024, 55),
    _org("signalen_basis_pct", "GM0034", 2024, 34, 55),
    *[_org("signalen_aantal", code, 2024, n) for code, n in SMALL_SIGNALS.items()],
    *[_org("kinderwerk_bereik_pct", code, 2024, n, d) for code, (n, d) in SMALL_REACH.items()],
    # Almere 2023 (a real organisation): the basis rate has a small numerator (3 of 9)
    _org("kinderwerk_bereik_pct", "GM0034", 2023, 410, 3950, source=ORG_REAL),
    _org("signalen_aantal", "GM0034", 2023, 9, source=ORG_REAL),
    _org("signalen_basis_pct", "GM0034", 2023, 3, 9, source=ORG_REAL),
]

IMPORT_LOG = [
    # import_id, seq, org, kind, file_name, sha256, rows_ok, rows_rejected, imported_at, status, is_demo, message
    ("imp-20261101090000-a1b2c3", 1, "Demo", "signalen", "voorbeeld_signalen.csv", "a1" * 32, 120, 0,
     "2026-11-01 09:00:00", "actief", True, None),
    ("log-00000000aa", 2, "De Speelkamer", "signalen", "signalen_2023.csv", "b2" * 32, 10, 2,
     "2026-11-02 10:00:00", "afgekeurd", False,
     "Het bestand is niet geïmporteerd: 3 problemen in 2 van de 12 rijen. Verbeter ze en lever het bestand "
     "opnieuw aan."),
    ("imp-20261103110000-d4e5f6", 3, "De Speelkamer", "signalen", "signalen_2023_v2.xlsx", "c3" * 32, 12, 0,
     "2026-11-03 11:00:00", "actief", False, None),
    ("imp-20261103120000-0f0f0f", 4, "De Speelkamer", "bereik", "bereik_2023.csv", "d4" * 32, 96, 0,
     "2026-11-03 12:00:00", "teruggedraaid", False, None),
]

# Signal rows as org_publish.sql leaves them in the warehouse (rows in force of active imports).
SIGNAL_DEMO_IMPORT, SIGNAL_REAL_IMPORT = IMPORT_LOG[0][0], IMPORT_LOG[2][0]
Z, S = "zelf opgepakt in het kinderwerk", "samen met ouders opgelost"            # in de basis
W, J, V = "doorverwezen naar het wijkteam", "doorverwezen naar specialistische jeugdhulp", "melding Veilig Thuis"
OPV, ARM, SCH = "opvoeding", "armoede/geldzorgen", "school/verzuim/onderwijsachterstand"


def _sig(wijk, indeling, month, category, outcome, count, real=False):
    return (SIGNAL_REAL_IMPORT if real else SIGNAL_DEMO_IMPORT, "De Speelkamer" if real else "Demo", wijk,
            indeling, month, category, outcome, count)


SIGNALS = [
    # import_id, org, wijk_code, indeling_year, month, category, outcome, count
    # 2019, old indeling: basis 5 + 3 (the 3 is small), referred 6
    _sig("WK003401", 2019, "2019-06-01", OPV, Z, 5), _sig("WK003401", 2019, "2019-06-01", OPV, S, 3),
    _sig("WK003401", 2019, "2019-06-01", SCH, W, 6),
    # 2023, a real organisation: 3 of 9 in the basis
    _sig("WK003401", 2024, "2023-05-01", OPV, Z, 3, real=True),
    _sig("WK003401", 2024, "2023-05-01", OPV, W, 6, real=True),
    # 2024: WK003401 = 3 signals, WK003402 = 12, WK003403 = 40
    _sig("WK003401", 2024, "2024-03-01", ARM, V, 2), _sig("WK003401", 2024, "2024-09-01", OPV, Z, 1),
    _sig("WK003402", 2024, "2024-03-01", OPV, S, 8), _sig("WK003402", 2024, "2024-03-01", ARM, W, 4),
    _sig("WK003403", 2024, "2024-03-01", OPV, Z, 10), _sig("WK003403", 2024, "2024-03-01", ARM, Z, 6),
    _sig("WK003403", 2024, "2024-03-01", SCH, J, 5), _sig("WK003403", 2024, "2024-09-01", OPV, Z, 9),
    _sig("WK003403", 2024, "2024-09-01", OPV, W, 8), _sig("WK003403", 2024, "2024-09-01", ARM, W, 2),
]

NATIONAL_REFERENCE = [
    # indicator, year, value, unit, cited_from, source_id
    ("jeugdhulpgebruik_pct", 2019, 10.0, "% van alle jongeren 0-22 jaar", "CBS Jeugdmonitor 2020", REAL),
    ("jeugdhulpgebruik_pct", 2015, 8.5, "% van alle jongeren 0-22 jaar", "CBS Jeugdmonitor 2020", REAL),
    ("jongeren_met_jeugdhulp", 2019, 431000.0, "personen 0-22 jaar", "CBS Jeugdmonitor 2020", REAL),
]

BUILD_INFO = [(RELEASE_ID, BUILT_AT, 0.25)]

# table: (columns, rows); explicit columns, so columns the schema adds later keep their defaults
# A break everywhere (Iv3), one for Almere's own redrawn wijken, one for another gemeente.
TREND_BREAKS = [
    (2023, "uitgaven", None, "Iv3: 6.2 heet Toegang; 6.72 en 6.82 opgesplitst"),
    (2022, "wijken", "GM0034", "Nieuwe wijkindeling (wijkcodes deels hergebruikt)"),
    (2022, "alle", "GM1980", "Herindeling: Heerhugowaard, Langedijk opgegaan in Dijk en Waard"),
]

TABLES = {
    "source": (["source_id", "title", "publisher", "licence", "credit", "file_path", "retrieved", "sha256",
                "is_demo"], SOURCES),
    "region": (["code", "level", "name", "parent_code", "indeling_year", "geometry_year"], REGIONS),
    "region_geometry": (["code", "indeling_year", "geojson", "centroid_lon", "centroid_lat"],
                        [(code, 2024, g, lon, lat) for code, (g, lon, lat) in GEOMETRY.items()]),
    "herindeling": (["old_code", "old_name", "new_code", "new_name", "valid_from"], HERINDELING),
    "indicator": (["indicator_id", "label_nl", "unit", "decimals", "definition_nl", "source_table", "theme",
                   "polarity", "privacy_kind"], [i if len(i) > 8 else (*i, None) for i in INDICATORS]),
    "observation": (["indicator_id", "region_code", "indeling_year", "year", "value", "numerator",
                     "denominator", "status", "is_derived", "derivation", "source_id"], OBSERVATIONS),
    "national_reference": (["indicator", "year", "value", "unit", "cited_from", "source_id"], NATIONAL_REFERENCE),
    "build_info": (["release_id", "built_at", "seconds"], BUILD_INFO),
    "trend_break": (["year", "theme", "region_code", "label_nl"], TREND_BREAKS),
    "import_log": (["import_id", "seq", "org", "kind", "file_name", "sha256", "rows_ok", "rows_rejected",
                    "imported_at", "status", "is_demo", "message"], IMPORT_LOG),
    "signal": (["import_id", "org", "wijk_code", "indeling_year", "month", "category", "outcome", "count"], SIGNALS),
}

# Wijk data (warehouse/wijkdata.py): two NL00 rows of the youth-care table per wijk (no indicator rows, so
# catalogue and map lists stay as they are) and a row in each of its tables, for the queries' meta-test.
# The page test tests/test_referrers_page.py has its own, fuller fixture.
TABLES["observation"] = (TABLES["observation"][0], OBSERVATIONS + [
    ("jzw_trajecten_hj1", "NL00", 2024, 2024, 562220.0, None, None, "value", False, None, REAL),
    ("jzw_verw_toegang_pct_hj1", "NL00", 2024, 2024, 31.8, 178730.0, 562220.0, "value", True, "Berekend", REAL),
    ("jzw_aantal_hj1", "WK003401", 2024, 2024, 60.0, None, None, "value", False, None, REAL)])  # Werkt het?
TABLES["wijk_coverage"] = (["gemeente_code", "year", "half_year", "in_bundle", "reason", "source_id"],
                           [("GM0034", 2024, True, True, "", REAL)])
TABLES["wijk_boundary"] = (["code", "indeling_year", "same", "shift_m", "rule", "reason"],
                           [("WK003401", 2024, False, None, "regel", "wijkcode bestaat niet in de indeling van 2024")])
TABLES["wijkdata_check"] = (["check_id", "label_nl", "value", "unit", "note"],
                            [("share_mean_abs", "Afgeleid aandeel: gemiddelde afwijking", 0.18, "procentpunt", "")])


# --- a wider fixture for the page Gemeenten vergelijken ----------------------------------------
# PEER_TABLES: the tables above plus eight invented gemeenten (GM9001-GM9008, no geometry) and 2021
# context figures for all twelve, so that statistical neighbours, the funnel plot and a k of 5-11
# can be tested. Kept apart from TABLES: the exact rows the other tests expect stay as they are.
# In it: Groningen's jeugdzorg stays secret; Hessel (GM9008) has no bijstand figure ('missing').

PEER_COLUMNS = ["inwoners", "kinderen_0_15_pct", "jongeren_15_25_pct", "inkomen_per_inwoner", "bijstand_per_1000",
                "bevolkingsdichtheid", "jeugdzorg_pct", "wmo_per_1000", "huish_laag_inkomen_pct",
                "huish_sociaal_minimum_pct"]

PEER_REGIONS = [
    (code, "gemeente", name, "NL00", 2024, None) for code, name in [
        ("GM9001", "Aaveen"), ("GM9002", "Beekum"), ("GM9003", "Cleefdorp"), ("GM9004", "Dalwijk"),
        ("GM9005", "Eemhoven"), ("GM9006", "Fleerdam"), ("GM9007", "Grootmeer"), ("GM9008", "Hessel")]]

PEER_INDICATORS = [
    ("bevolkingsdichtheid", "Bevolkingsdichtheid", "inwoners per km²", 0, "Inwoners per km² land.", "KWB",
     "context", 0, None),
    ("huish_laag_inkomen_pct", "Huishoudens met een laag inkomen", "% van particuliere huishoudens", 1,
     "Huishoudens met een laag inkomen.", "KWB", "context", -1, None),
]

# 2021, in PEER_COLUMNS order; None: no figure. Cells OBSERVATIONS already has for 2021 (Almere's,
# Amsterdam's, Dijk en Waard's and Groningen's jeugdzorg, wmo and inwoners) are marked KEEP.
KEEP = "keep"
PEER_FIGURES = {
    "GM0034": (214715.0, 18.5, 12.6, 28.1, 24.9, 1616.0, KEEP, 56.0, 6.3, 6.3),
    "GM0363": (KEEP, 14.2, 12.4, 34.5, 42.8, 5778.0, KEEP, KEEP, 11.1, 11.9),
    "GM1980": (KEEP, 17.0, 11.5, 30.1, 14.2, 1700.0, KEEP, KEEP, 4.5, 4.9),
    "GM0014": (233273.0, 12.2, 21.2, 26.8, 43.3, 3300.0, KEEP, KEEP, 11.2, 10.7),
    "GM9001": (120000.0, 17.0, 12.0, 27.6, 24.0, 1900.0, 12.7, 66.0, 5.5, 6.0),
    "GM9002": (160000.0, 16.5, 12.5, 29.0, 27.0, 2500.0, 10.0, 82.0, 6.1, 6.5),
    "GM9003": (90000.0, 18.0, 11.0, 27.0, 22.0, 1400.0, 9.0, 64.0, 4.0, 4.6),
    "GM9004": (70000.0, 17.5, 11.5, 26.3, 26.6, 1500.0, 10.4, 65.0, 6.8, 7.1),
    "GM9005": (25000.0, 15.0, 10.5, 31.6, 10.0, 400.0, 8.0, 70.0, 3.0, 3.2),
    "GM9006": (10000.0, 14.0, 10.0, 32.0, 8.0, 300.0, 13.5, 90.0, 2.8, 3.0),
    "GM9007": (45000.0, 16.0, 11.0, 29.5, 15.5, 900.0, 11.1, 79.0, 4.2, 5.8),
    "GM9008": (3700.0, 13.0, 9.5, 30.0, None, 250.0, 9.4, 83.0, 3.5, 4.0),
}

PEER_OBSERVATIONS = [
    _obs(indicator, code, 2024, 2021, value, "value" if value is not None else "missing")
    for code, values in PEER_FIGURES.items()
    for indicator, value in zip(PEER_COLUMNS, values) if value != KEEP
]

PEER_TABLES = dict(
    TABLES,
    region=(TABLES["region"][0], REGIONS + PEER_REGIONS),
    indicator=(TABLES["indicator"][0], TABLES["indicator"][1] + PEER_INDICATORS),
    observation=(TABLES["observation"][0], OBSERVATIONS + PEER_OBSERVATIONS),
)


# --- Iv3 lasten per gemeente and taakveld (warehouse/iv3.py; table iv3_lasten) -------------------
# Almere: only begrotingen (2023 and 2025: the 2025 codes), so the investment case keeps its assumed
# costs; Amsterdam: begroting and jaarrekening 2023, but no children 0-14 in the fixture, so it has no
# figure per child and Nederland (the sum) has none either. 6.92 and 0.1 belong to no group.
IV3_COLUMNS = ["gemeente_code", "year", "kind", "taakveld", "omschrijving", "groep", "lasten", "baten", "inwoners",
               "source_id"]
IV3_LASTEN = [
    ("GM0034", 2023, "begroot", "0.1", "Bestuur", None, 9_000_000.0, 0.0, 222825, REAL),
    ("GM0034", 2023, "begroot", "6.1", "Samenkracht en burgerparticipatie", "basis", 50_000_000.0, 1_000.0, 222825, REAL),
    ("GM0034", 2023, "begroot", "6.2", "Toegang en eerstelijnsvoorzieningen", "basis", 20_000_000.0, 0.0, 222825, REAL),
    ("GM0034", 2023, "begroot", "6.72a", "Jeugdhulp begeleiding", "specialist", 15_000_000.0, 0.0, 222825, REAL),
    ("GM0034", 2023, "begroot", "6.82a", "Jeugdbescherming", "specialist", 5_000_000.0, 0.0, 222825, REAL),
    ("GM0034", 2023, "begroot", "7.1", "Volksgezondheid", "context", 11_000_000.0, 0.0, 222825, REAL),
    ("GM0034", 2025, "begroot", "6.1", "Samenkracht en burgerparticipatie", "basis", 40_000_000.0, 0.0, 229570, REAL),
    ("GM0034", 2025, "begroot", "6.22", "Toegang en eerstelijnsvoorzieningen Jeugd", "basis", 10_000_000.0, 0.0,
     229570, REAL),
    ("GM0034", 2025, "begroot", "6.751", "Jeugdhulp ambulant lokaal", "specialist", 60_000_000.0, 0.0, 229570, REAL),
    ("GM0034", 2025, "begroot", "6.92", "Coördinatie en beleid Jeugd", None, 2_000_000.0, 0.0, 229570, REAL),
    ("GM0034", 2025, "begroot", "7.1", "Volksgezondheid", "context", 12_000_000.0, 0.0, 229570, REAL),
    ("GM0363", 2023, "begroot", "6.1", "Samenkracht en burgerparticipatie", "basis", 250_000_000.0, 0.0, 918117, REAL),
    ("GM0363", 2023, "begroot", "6.82a", "Jeugdbescherming", "specialist", 38_000_000.0, 0.0, 918117, REAL),
    ("GM0363", 2023, "gerealiseerd", "6.1", "Samenkracht en burgerparticipatie", "basis", 264_333_000.0, 86_430_000.0,
     918117, REAL),
    ("GM0363", 2023, "gerealiseerd", "6.82a", "Jeugdbescherming", "specialist", 40_696_000.0, 0.0, 918117, REAL),
]
TABLES["iv3_lasten"] = (IV3_COLUMNS, IV3_LASTEN)

# --- expected use (issue 11): the model's output for Almere's three 2024 wijken ------------------
# WK003401 above its interval, WK003402 inside, WK003403 without an observed share (secret).
EXPECTED_USE = [
    # region_code, indeling_year, year, observed, expected, expected_national, residual, lower, upper, imputed
    ("WK003401", 2024, 2024, 16.0, 10.0, 9.0, 6.0, 5.5, 14.5, 0),
    ("WK003402", 2024, 2024, 8.0, 9.0, 8.0, -1.0, 4.5, 13.5, 1),
    ("WK003403", 2024, 2024, None, 11.0, 10.0, None, 6.5, 15.5, 0),
]
EXPECTED_MODEL = [(2024, "jzw_pct", 2, 1, 1, 1, 9.2, 0.09, 0.06, 0.38, 0.80, 0.008, True)]
# The calibration per size quartile, as the build measured it on the real 2021 data (labelled 2024 here).
EXPECTED_CALIBRATION = [
    (2024, 1, 12.0, 415.0, 695, 20, 19, 5.6), (2024, 2, 415.5, 978.0, 695, 16, 13, 4.2),
    (2024, 3, 978.5, 2029.0, 694, 9, 8, 2.4), (2024, 4, 2030.0, 21500.0, 695, 18, 16, 4.9),
]
EXPECTED_FEATURE = [
    (2024, "bijstand_per_1000", "bijstand per 1.000 inwoners", 0.68, 0.15, 0, None),
    (2024, "jongeren_15_25_pct", "aandeel jongeren 15–24 jaar", -0.35, 0.07, 0, None),
    (2024, "inkomen_per_inwoner", "gemiddeld inkomen per inwoner", None, None, None,
     "ontbreekt voor 44% van de wijken (meer dan 25%)"),
]
TABLES["expected_use"] = (["region_code", "indeling_year", "year", "observed", "expected", "expected_national",
                           "residual", "lower", "upper", "imputed"], EXPECTED_USE)
TABLES["expected_model"] = (["year", "outcome_id", "n_fitted", "n_predicted_only", "n_suppressed", "n_groups",
                             "intercept",
                             "tau2", "sigma2", "r2_marginal", "r2_conditional", "share_imputed", "converged"],
                            EXPECTED_MODEL)
TABLES["expected_feature"] = (["year", "feature", "label_nl", "estimate", "std_error", "imputed", "dropped_reason"],
                              EXPECTED_FEATURE)
TABLES["expected_calibration"] = (["year", "size_group", "size_min", "size_max", "wijken", "above", "below",
                                   "outside_pct"], EXPECTED_CALIBRATION)

# --- the CBS youth-care series (warehouse/series.py) for the pages --------------------------------
# SERIES_TABLES: PEER_TABLES plus the gebruik series (84134NED 2015-2020, 85099NED 2021-2023 and the
# first half years 2021-2024) and the costs (83454NED) as the build writes them. Almere and NL carry
# the real figures of the bundled files; Amsterdam (2019 derived: Weesp), Dijk en Waard (2019 derived)
# and Groningen their real 2019 and 2023 figures; the invented GM9001-GM9008 2019 and 2023 figures,
# so the funnel per year has points; Groningen 2023 is secret in this fixture (an empty cell). Almere's
# costs: 2015 realised only, 2016-2022 not reported (gaps), 2023 both. Kept apart from TABLES and
# PEER_TABLES: the exact rows their tests expect stay as they are.
SERIES_SOURCES = [
    ("cbs_84134", "Jeugdzorg; gebruik, regio 2015–2020 (84134NED), oude reeks", "CBS", "CC BY 4.0",
     "Bron: CBS, 84134NED (reeks 2015–2020)", "data/raw/cbs_reeksen/84134NED.csv.gz", "2026-12", "84" * 32, False),
    ("cbs_85099", "Jeugdzorg; gebruik, regio 2021–2024 (85099NED), nieuwe reeks", "CBS", "CC BY 4.0",
     "Bron: CBS, 85099NED (reeks vanaf 2021)", "data/raw/cbs_reeksen/85099NED.csv.gz", "2026-12", "85" * 32, False),
    ("cbs_83454", "Kosten jeugdzorg; gemeenten 2015–2023 (83454NED)", "CBS", "CC BY 4.0", "Bron: CBS, 83454NED",
     "data/raw/cbs_reeksen/83454NED.csv.gz", "2026-12", "83" * 32, False),
]
_OLD, _NEW = "Jeugdzorg; gebruik, regio (84134NED)", "Jeugdzorg; gebruik, regio (85099NED)"
_COSTS = "Kosten jeugdzorg; gemeenten (83454NED)"
SERIES_INDICATORS = [
    ("jeugdzorg_reeks2015_aantal", "Jongeren met jeugdzorg (CBS-reeks 2015–2020)", "personen tot 23 jaar", 0,
     "Jongeren tot 23 jaar met jeugdzorg (oude reeks).", _OLD, "specialistische zorg", -1, None),
    ("jeugdzorg_reeks2015_pct", "Jongeren met jeugdzorg, % (CBS-reeks 2015–2020)", "% van jongeren tot 23 jaar", 1,
     "Jongeren tot 23 jaar met jeugdzorg als percentage van alle jongeren tot 23 jaar (oude reeks).", _OLD,
     "specialistische zorg", -1, None),
    ("jeugdzorg_reeks2021_aantal", "Jongeren met jeugdzorg (CBS-reeks vanaf 2021)", "personen tot 23 jaar", 0,
     "Jongeren tot 23 jaar met jeugdzorg (nieuwe reeks).", _NEW, "specialistische zorg", -1, None),
    ("jeugdzorg_reeks2021_pct", "Jongeren met jeugdzorg, % (CBS-reeks vanaf 2021)", "% van jongeren tot 23 jaar", 1,
     "Jongeren tot 23 jaar met jeugdzorg als percentage van alle jongeren tot 23 jaar (nieuwe reeks).", _NEW,
     "specialistische zorg", -1, None),
    ("jeugdzorg_hj1_aantal", "Jongeren met jeugdzorg, 1e halfjaar (CBS-reeks vanaf 2021)",
     "personen tot 23 jaar, januari–juni", 0, "Eerste halfjaar (januari–juni).", _NEW, "specialistische zorg", -1, None),
    ("jeugdzorg_hj1_pct", "Jongeren met jeugdzorg, % 1e halfjaar (CBS-reeks vanaf 2021)",
     "% van jongeren tot 23 jaar, januari–juni", 1, "Eerste halfjaar (januari–juni).", _NEW,
     "specialistische zorg", -1, None),
    ("jeugdzorg_kosten", "Gemeentelijke kosten jeugdzorg", "euro", 0, "Gerealiseerde kosten jeugdzorg.", _COSTS,
     "uitgaven", 0, None),
    ("jeugdzorg_kosten_begroot", "Gemeentelijke kosten jeugdzorg, begroot", "euro", 0, "Begrote kosten jeugdzorg.",
     _COSTS, "uitgaven", 0, None),
]
# (code, {year: (count, pct)}) per series; real figures of the bundled files unless said otherwise.
SERIES_OLD = {
    "NL00": {2015: (380100, 8.5), 2016: (404080, 9.1), 2017: (419580, 9.4), 2018: (430175, 9.7),
             2019: (443585, 10.0), 2020: (435760, 9.8)},
    "GM0034": {2015: (5750, 9.6), 2016: (5815, 9.7), 2017: (5625, 9.4), 2018: (5875, 9.7), 2019: (5965, 9.8),
               2020: (6030, 9.8)},
    "GM0363": {2019: (21135, 10.24551)}, "GM1980": {2019: (2430, 10.364265)}, "GM0014": {2019: (4925, 7.5)},
}
SERIES_NEW = {
    "NL00": {2021: (469705, 10.6), 2022: (476560, 10.8), 2023: (489895, 11.0)},
    "GM0034": {2021: (6630, 10.8), 2022: (6720, 10.8), 2023: (7190, 11.4)},
    "GM0363": {2023: (22615, 10.7)}, "GM1980": {2023: (2990, 12.5)},
}
SERIES_HJ1 = {"NL00": {2021: (397725, 9.0), 2022: (401995, 9.1), 2023: (415890, 9.3), 2024: (403180, 9.2)},
              "GM0034": {2021: (5540, 9.0), 2022: (5590, 9.0), 2023: (5980, 9.5), 2024: (6150, 9.7)}}
# invented gemeenten: (2019 count, pct), (2023 count, pct)
SERIES_PEERS = {"GM9001": ((3100, 12.0), (3300, 12.9)), "GM9002": ((3900, 10.1), (4200, 10.6)),
                "GM9003": ((1900, 9.0), (2050, 9.6)), "GM9004": ((1600, 10.5), (1750, 11.2)),
                "GM9005": ((420, 7.9), (470, 8.6)), "GM9006": ((160, 13.0), (175, 14.1)),
                "GM9007": ((1050, 11.0), (1120, 11.6)), "GM9008": ((50, 9.0), (55, 9.8))}
ALMERE_COSTS = {2015: (None, 57528000.0), **{y: (None, None) for y in range(2016, 2023)},
                2023: (109160000.0, 109077000.0)}  # year: (begroot, gerealiseerd)


SERIES_DERIVED = {("GM0363", 2019): "Herindeling: van GM0363, GM0457 (indeling 2019)",
                  ("GM1980", 2019): "Herindeling: van GM0398, GM0416 (indeling 2019)"}


def _cbs(indicator, code, year, value, source):
    return _obs(indicator, code, 2024, year, value, "value" if value is not None else "missing", source=source,
                derivation=SERIES_DERIVED.get((code, year)))


def _series_rows() -> list[tuple]:
    rows = []
    for prefix, data, source in (("jeugdzorg_reeks2015", SERIES_OLD, "cbs_84134"),
                                 ("jeugdzorg_reeks2021", SERIES_NEW, "cbs_85099")):
        peers = {code: {2019 if prefix.endswith("2015") else 2023: v[0 if prefix.endswith("2015") else 1]}
                 for code, v in SERIES_PEERS.items()}
        for code, years in {**data, **peers}.items():
            for year, (count, pct) in years.items():
                rows += [_cbs(f"{prefix}_aantal", code, year, float(count), source),
                         _cbs(f"{prefix}_pct", code, year, pct, source)]
    rows += [r for code, years in SERIES_HJ1.items() for year, (count, pct) in years.items()
             for r in (_cbs("jeugdzorg_hj1_aantal", code, year, float(count), "cbs_85099"),
                       _cbs("jeugdzorg_hj1_pct", code, year, pct, "cbs_85099"))]
    rows += [_obs("jeugdzorg_reeks2021_pct", "GM0014", 2024, 2023, None, "secret", source="cbs_85099"),
             _obs("jeugdzorg_reeks2021_aantal", "GM0014", 2024, 2023, None, "secret", source="cbs_85099")]
    for year, (begroot, realised) in ALMERE_COSTS.items():
        rows += [_cbs("jeugdzorg_kosten_begroot", "GM0034", year, begroot, "cbs_83454"),
                 _cbs("jeugdzorg_kosten", "GM0034", year, realised, "cbs_83454")]
    return rows


SERIES_OBSERVATIONS = _series_rows()
SERIES_TABLES = dict(
    PEER_TABLES,
    source=(TABLES["source"][0], SOURCES + SERIES_SOURCES),
    indicator=(TABLES["indicator"][0], PEER_TABLES["indicator"][1] + SERIES_INDICATORS),
    observation=(TABLES["observation"][0], OBSERVATIONS + PEER_OBSERVATIONS + SERIES_OBSERVATIONS),
    trend_break=(TABLES["trend_break"][0], TREND_BREAKS + [
        (2021, "specialistische zorg", None, "CBS-jeugdzorgreeks: nieuwe bron en definities vanaf 2021")]),
)

# Jeugdregio's (issue 20): two regions of the 2024 composition and one 2016 row; for jeugdregio_gemeenten.
JEUGDREGIO_REGIONS = [("JZ08", "jeugdregio", "Flevoland (samenstelling 2024, afgeleid)", "NL00", 2024, None),
                      ("JZ13", "jeugdregio", "Amsterdam-Amstelland (samenstelling 2024, afgeleid)", "NL00", 2024, None)]
JEUGDREGIO_MEMBERS = [
    ("JZ08", "GM0034", 2024, True, "unchanged_2016_2024", 1.0, "jeugdregio_2024_afgeleid"),
    ("JZ08", "GM1980", 2024, True, "herindeling:JZ08=10;JZ13=2", 0.8333, "jeugdregio_2024_afgeleid"),
    ("JZ13", "GM0363", 2024, True, "herindeling:JZ13=307816;JZ19=9264", 0.9708, "jeugdregio_2024_afgeleid"),
    ("JZ13", "GM0014", 2016, False, "CBS Gebieden in Nederland 2016", 1.0, "cbs_gebieden_2016")]
JEUGDREGIO_TABLES = dict(
    TABLES, region=(TABLES["region"][0], REGIONS + JEUGDREGIO_REGIONS),
    jeugdregio_gemeente=(["jeugdregio_code", "gemeente_code", "indeling_year", "is_derived", "basis",
                          "share_addresses", "source_id"], JEUGDREGIO_MEMBERS))

# ISSUE23_TABLES: the jeugdregio tables plus a gemeente's own note (toelichting), kept apart so the pages of the
# other tests show no note.
NOTE_ROWS = [("nt-fixture01", "GM0034", "jeugdzorg_pct", 2024, "WK003401", "Nieuwe registratie van de wijkteams.",
              "gemeente", "2026-12-06 10:00:00"),
             ("nt-fixture02", "GM0034", "jeugdzorg_pct", None, None, "Eigen uitleg van Almere.", "beheerder",
              "2026-12-05 09:00:00")]
ISSUE23_TABLES = dict(
    JEUGDREGIO_TABLES,
    toelichting=(["note_id", "gemeente_code", "indicator_id", "year", "wijk_code", "body", "author_role", "written_at"],
                 NOTE_ROWS),
)
