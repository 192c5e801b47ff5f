"""What a refresh downloads from CBS and PDOK, and which CBS measure becomes which indicator.

The table ids come from ``data/raw/cbs/cbs_tables.csv``; its column ``status_of_id`` says how
sure each id is. Ids marked *likely* there (KWB 2017, 2018, 2022 and 2025: 83765NED, 84286NED,
85318NED, 86165NED; and 85099NED, whose exact title is not verified) are checked at run time:
``refresh.download`` reads the table's ``TableInfos`` first and refuses a table whose title does
not contain the expected words, before it downloads any data of it.

No heavy imports here: the plan is plain data, read by ``refresh.download`` (download) and
``warehouse.refreshed`` (warehouse rows).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

GEMEENTE_INDELING = 2024  # the indeling of the dashboard's gemeente map (warehouse.loaders)

# KWB measures the loader uses (base names, the edition suffix dropped) with the weight used
# when gemeenten merge. The same weights as the bundled KWB 2021 loader (loaders.KWB2021_COLUMNS).
KWB_MEASURES: dict[str, str] = {
    "AantalInwoners": "sum",
    "k_0Tot15Jaar": "sum",
    "k_15Tot25Jaar": "sum",
    "HuishoudensTotaal": "sum",
    "PersonenPerSoortUitkeringBijstand": "sum",
    "JongerenMetJeugdzorgInNatura": "sum",
    "PercentageJongerenMetJeugdzorg": "jongeren",
    "WmoClientenRelatief": "inwoners",
    "GemiddeldInkomenPerInwoner": "inwoners",
    "HuishoudensMetEenLaagInkomen": "huishoudens",
    "HuishOnderOfRondSociaalMinimum": "huishoudens",
}
KWB_LABELS = ("Gemeentenaam", "SoortRegio")  # text columns kept for names and levels


@dataclass(frozen=True)
class MeasureSpec:
    """One indicator taken from one measure (and optionally one category) of a CBS table.

    Parameters
    ----------
    indicator_id : str
        Warehouse indicator (``warehouse.catalogue``).
    key : str
        Base name of the measure in the OData v3 ``DataProperties`` (suffix dropped).
    title : str
        Regular expression on the measure title, used for OData v4 ``MeasureCodes``.
    weight : str
        How figures of merged gemeenten combine: 'sum' or a weight of ``loaders.WEIGHT_NL``.
    category_key, category_title : str, optional
        The member of the table's extra dimension (e.g. ``VormenVanJeugdzorg``): its key, or a
        regular expression on its title used when the key is not in the table.
    scale : float
        Multiplier to the warehouse unit (CBS 'x 1 000 euro' to euro: 1000).
    """

    indicator_id: str
    key: str
    title: str
    weight: str = "sum"
    category_key: str | None = None
    category_title: str | None = None
    scale: float = 1.0


@dataclass(frozen=True)
class TableSpec:
    """One CBS table to download.

    ``kind`` is 'kwb' (one KWB edition: gemeenten, wijken and NL, no period dimension),
    'gemeente' (a table per gemeente and period) or 'gebieden' (CBS *Gebieden in Nederland*: the
    regions each gemeente belongs to, read for its jeugdregio). ``keywords`` must all occur in the CBS title.
    """

    table_id: str
    kind: str
    keywords: tuple[str, ...]
    status_of_id: str = "verified"
    year: int | None = None
    api: str = "v3"
    category_dim: str | None = None
    measures: tuple[MeasureSpec, ...] = ()

    @property
    def source_id(self) -> str:
        """The warehouse's source id of this table: 'cbs_' + its table id."""
        return f"cbs_{self.table_id}"

    @property
    def label(self) -> str:
        """What the table is, in Dutch, for the refresh's messages."""
        what = {"kwb": f"KWB {self.year}", "gebieden": f"Gebieden in Nederland {self.year}"}.get(
            self.kind, "jeugdzorg per gemeente")
        return f"{what} ({self.table_id}{', nummer niet zeker' if self.status_of_id == 'likely' else ''})"


@dataclass(frozen=True)
class Plan:
    """Tables and boundary layers of one refresh; ``pdok_page`` is the WFS page size."""

    tables: tuple[TableSpec, ...]
    pdok_years: tuple[int, ...]
    pdok_layers: tuple[str, ...] = ("gemeente", "wijk")
    pdok_page: int = 1000
    warnings: list[str] = field(default_factory=list)

    def layers(self) -> list[tuple[str, int]]:
        """Every (PDOK layer, year) pair the plan downloads."""
        return [(layer, year) for year in self.pdok_years for layer in self.pdok_layers]


# --- the jeugdzorg tables per gemeente -----------------------------------------------------------

JEUGDZORG_PCT = (
    MeasureSpec("jeugdhulp_pct", "JongerenMetJeugdhulpInNatura", r"jeugdhulp in natura", "jongeren"),
    MeasureSpec("jeugdhulp_verblijf_pct", "JongerenMetJeugdhMetVerblInNat", r"jeugdhulp met verblijf", "jongeren"),
    MeasureSpec("jeugdbescherming_pct", "JongerenMetJeugdbescherming", r"^jongeren met jeugdbescherming$", "jongeren"),
    MeasureSpec("jeugdreclassering_pct", "JongerenMetJeugdreclassering", r"jeugdreclassering", "jongeren"),
)
# 85099NED: one measure, the form of care as a dimension. Keys from public scripts ('likely'):
# A017916 wijkteam, A042503 jeugdhulp zonder verblijf, A027918 met verblijf, A027919
# jeugdbescherming, A027920 jeugdreclassering; the title is the fallback.
PER_VORM = tuple(
    MeasureSpec(ind, "JongerenMetJeugdzorg", r"jongeren met jeugdzorg", "sum", key, title)
    for ind, key, title in [
        ("jeugdhulp_wijkteam_aantal", "A017916", r"^(?!.*niet).*door (het )?wijkteam"),
        ("jeugdhulp_zonder_verblijf_aantal", "A042503", r"^(totaal )?jeugdhulp zonder verblijf$"),
        ("jeugdhulp_met_verblijf_aantal", "A027918", r"^(totaal )?jeugdhulp met verblijf$"),
        ("jeugdbescherming_aantal", "A027919", r"^jeugdbescherming"),
        ("jeugdreclassering_aantal", "A027920", r"^jeugdreclassering"),
    ])
KOSTEN = (
    MeasureSpec("jeugdzorg_kosten", "GerealiseerdeKosten", r"gerealiseerde kosten", "sum",
                None, r"^(jz )?totaal jeugdzorg", scale=1000.0),
)
GEMEENTE_TABLES = {
    # id: (keywords in the CBS title, category dimension, measures, api)
    "85098NED": (("jeugdzorg", "gemeenten"), None, JEUGDZORG_PCT, "v3"),
    "82972NED": (("jeugdzorg", "gemeenten"), None, JEUGDZORG_PCT, "v3"),
    "85099NED": (("jeugdzorg",), "VormenVanJeugdzorg", PER_VORM, "v3"),
    "83454NED": (("kosten", "jeugdzorg"), "VormenVanJeugdzorg", KOSTEN, "v3"),
}


def _status(text: str) -> str:
    """'likely' when cbs_tables.csv is not sure of the id, else 'verified'."""
    return "likely" if text.strip().lower().startswith("likely") else "verified"


def default_plan(raw_dir: Path) -> Plan:
    """The full refresh: every KWB edition and jeugdzorg table in ``cbs/cbs_tables.csv``.

    Parameters
    ----------
    raw_dir : Path
        The ``data/raw`` folder (holds ``cbs/cbs_tables.csv``).

    Returns
    -------
    Plan
        KWB editions oldest first (2015–2025: every year), the newest *Gebieden in Nederland*, then
        the gemeente tables (newest series first, so that its figures win where two series overlap),
        and PDOK boundaries for every KWB year and the dashboard's indeling.
    """
    path = raw_dir / "cbs" / "cbs_tables.csv"
    with path.open(encoding="utf-8") as f:
        rows = {r["table_id"].strip(): r for r in csv.DictReader(f)}
    tables = []
    for table_id, row in sorted(rows.items(), key=lambda kv: kv[1]["periods"]):
        if row["theme"].strip() == "KWB" and row["periods"].strip().isdigit():
            year = int(row["periods"])
            tables.append(TableSpec(table_id, "kwb", ("kerncijfers wijken en buurten", str(year)),
                                    _status(row["status_of_id"]), year=year))
    # CBS Gebieden in Nederland: the newest edition listed replaces the derived jeugdregio mapping.
    gebieden = [(tid, r) for tid, r in rows.items() if r["theme"].strip() == "regio" and r["periods"].strip().isdigit()]
    if gebieden:
        tid, row = max(gebieden, key=lambda kv: int(kv[1]["periods"]))
        tables.append(TableSpec(tid, "gebieden", ("gebieden in nederland",), _status(row["status_of_id"]),
                                year=int(row["periods"])))
    for table_id, (keywords, dim, measures, api) in GEMEENTE_TABLES.items():
        status = _status(rows[table_id]["status_of_id"]) if table_id in rows else "likely"
        tables.append(TableSpec(table_id, "gemeente", keywords, status, api=api, category_dim=dim,
                                measures=measures))
    years = sorted({t.year for t in tables if t.kind == "kwb"} | {GEMEENTE_INDELING})  # boundaries of every KWB year
    return Plan(tuple(tables), tuple(years))
