"""The data contract for organisation data: the three templates, their columns and allowed values.

One place for what an organisation may deliver; the importer, the templates in data/templates/
and the Data page all read it from here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

ACTIVITY_TYPES = [  # the ten tasks of kinderwerk (position paper, Bijlage 3)
    "samen opvoeden", "talentontwikkeling", "signalering en preventie", "gezondheid", "meedoen",
    "participatie", "informatie", "ontmoeting en sociale cohesie", "intergenerationele relaties", "spelen",
]
AGE_BANDS = ["0-3", "4-7", "8-11", "12-14", "15-18"]
SIGNAL_CATEGORIES = [
    "opvoeding", "armoede/geldzorgen", "huiselijk geweld/kindermishandeling",
    "school/verzuim/onderwijsachterstand", "gezondheid/leefstijl", "sociaal-emotioneel",
    "ontwikkeling/beperking",
]
SIGNAL_OUTCOMES = [
    "zelf opgepakt in het kinderwerk", "samen met ouders opgelost", "doorverwezen naar het wijkteam",
    "doorverwezen naar specialistische jeugdhulp", "melding Veilig Thuis",
]
HANDLED_IN_BASIS = SIGNAL_OUTCOMES[:2]  # the headline of "vroeg doen"
SPENDING_KINDS = ["begroot", "gerealiseerd"]
MAX_COUNT = 1_000_000        # one wijk in one month: more is a typing error, not a figure
MAX_AMOUNT = 5_000_000_000   # euros per gemeente, year and taakveld
# Hostile files: every file up to the upload limit is judged within TIME_BUDGET_S (+ one step).
MAX_BYTES = 50 * 1024 * 1024         # the upload limit (also server.maxUploadSize in .streamlit/config.toml)
MAX_CELL_CHARS = 500                 # no template value comes near; checked before any pattern runs
MAX_ROWS = 300_000                   # ~5 s of checks; a year of a large city is well below
MAX_COLUMNS = 200                    # the templates have at most 9
MAX_XLSX_PART = 20 * 1024 * 1024     # any member but a worksheet (shared strings, styles), unpacked
MAX_XLSX_UNPACKED = 200 * 1024 * 1024  # the sum of an XLSX's members, unpacked
MAX_XLSX_RATIO = 100                 # unpacked / packed per member; Excel's own files stay far below
TIME_BUDGET_S = 7.0                  # checking stops here (+ one step): a refusal is on screen before 10 s


@dataclass(frozen=True)
class Column:
    name: str               # the Dutch header in the template
    target: str             # the warehouse column
    kind: str               # 'wijk', 'gemeente', 'month', 'year', 'count', 'number', 'choice', 'taakveld'
    explanation: str
    choices: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class Template:
    kind: str               # 'bereik', 'signalen', 'uitgaven'
    title: str
    table: str              # warehouse table
    columns: tuple[Column, ...]
    key: tuple[str, ...]    # the targets that identify a row; a repeat is a duplicate
    period: str             # target column that says which period a file covers
    example: tuple[tuple, ...] = field(default=())

    @property
    def headers(self) -> list[str]:
        """The column names of the template, in order."""
        return [c.name for c in self.columns]


TEMPLATES = {
    "bereik": Template(
        "bereik", "Kinderwerk: bereik per wijk, maand en activiteit", "kinderwerk_reach",
        (
            Column("wijkcode", "wijk_code", "wijk", "CBS-wijkcode, bijvoorbeeld WK003401"),
            Column("maand", "month", "month", "Maand als JJJJ-MM, bijvoorbeeld 2024-03"),
            Column("activiteit", "activity_type", "choice", "Een van de tien taken van het kinderwerk",
                   tuple(ACTIVITY_TYPES)),
            Column("leeftijdsgroep", "age_band", "choice", "Leeftijd van de kinderen", tuple(AGE_BANDS)),
            Column("unieke_kinderen", "children_unique", "count", "Aantal verschillende kinderen bereikt"),
            Column("contacten", "contacts", "count", "Aantal contacten (bezoeken, deelnames)"),
            Column("uren", "hours", "number", "Uren inzet van kinderwerkers"),
            Column("ouders_bereikt", "parents_reached", "count", "Aantal ouders bereikt", required=False),
            Column("vrijwilligers", "volunteers", "count", "Aantal vrijwilligers ingezet", required=False),
        ),
        key=("wijk_code", "month", "activity_type", "age_band"), period="month",
        example=(("WK003401", "2024-03", "spelen", "8-11", 42, 130, "61,5", 12, 4),),
    ),
    "signalen": Template(
        "signalen", "Signalen per wijk en maand: categorie en uitkomst", "signal",
        (
            Column("wijkcode", "wijk_code", "wijk", "CBS-wijkcode, bijvoorbeeld WK003401"),
            Column("maand", "month", "month", "Maand als JJJJ-MM"),
            Column("categorie", "category", "choice", "Waar het signaal over gaat", tuple(SIGNAL_CATEGORIES)),
            Column("uitkomst", "outcome", "choice", "Wat er met het signaal is gebeurd", tuple(SIGNAL_OUTCOMES)),
            Column("aantal", "count", "count", "Aantal signalen"),
        ),
        key=("wijk_code", "month", "category", "outcome"), period="month",
        example=(("WK003401", "2024-03", "opvoeding", "samen met ouders opgelost", 7),),
    ),
    "uitgaven": Template(
        "uitgaven", "Uitgaven per gemeente, jaar en Iv3-taakveld", "spending",
        (
            Column("gemeentecode", "gemeente_code", "gemeente", "CBS-gemeentecode, bijvoorbeeld GM0034"),
            Column("jaar", "year", "year", "Boekjaar, bijvoorbeeld 2024"),
            Column("taakveld", "taakveld", "taakveld", "Iv3-taakveld van dat jaar, bijvoorbeeld 6.1 of 6.72a"),
            Column("soort", "kind", "choice", "begroot of gerealiseerd", tuple(SPENDING_KINDS)),
            Column("bedrag_euro", "amount", "number", "Bedrag in euro's (lasten)"),
        ),
        key=("gemeente_code", "year", "taakveld", "kind"), period="year",
        example=(("GM0034", 2024, "6.1", "gerealiseerd", "3.250.000"),),
    ),
}
