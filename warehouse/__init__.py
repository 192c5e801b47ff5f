"""Build the warehouse from the raw open data and publish organisation data into it.

One job: ``data/warehouse.duckdb`` — built from ``data/raw/`` (``build``, ``loaders``, ``catalogue``,
``schema.sql``; a refresh's cached CBS/PDOK responses through ``refreshed``) and republished with the
organisations' imports (``publish``, ``org_schema.sql``, ``org_publish.sql``). With the importer's
store it is the only writer of the warehouse.

May import: ``geo`` and ``refresh`` (the CBS/PDOK client and plan, to read cached responses; the
download itself is handed the build as a callback). Never ``orgdata``, ``queries`` or anything above:
``orgdata`` asks this package to publish, not the other way round.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "data" / "raw"
DEFAULT_WAREHOUSE = ROOT / "data" / "warehouse.duckdb"
DEFAULT_STORE = ROOT / "data" / "organisations.duckdb"
# One configuration for every connection: DuckDB refuses a second connection to a file that is
# already open in the process with another configuration. No extension is ever downloaded.
DUCKDB_CONFIG = {"autoinstall_known_extensions": False}
# The organisation tables: the store's schema, also created (empty or republished) in the warehouse.
ORG_SCHEMA = Path(__file__).with_name("org_schema.sql")


def warehouse_path() -> Path:
    """The dashboard's warehouse: ``VROEGDOEN_WAREHOUSE`` or ``data/warehouse.duckdb``."""
    return Path(os.environ.get("VROEGDOEN_WAREHOUSE", DEFAULT_WAREHOUSE))


def store_path() -> Path:
    """The organisations' import store: ``VROEGDOEN_ORGSTORE`` or ``data/organisations.duckdb``."""
    return Path(os.environ.get("VROEGDOEN_ORGSTORE", DEFAULT_STORE))


def min_count() -> int:
    """The smallest organisation count that may be shown (VROEGDOEN_MIN_COUNT, default 5).

    Also the base organisation counts are rounded to when they are published (org_publish.sql);
    queries/privacy.py reads it from here, so both steps use one threshold.
    """
    try:
        return max(1, int(os.environ.get("VROEGDOEN_MIN_COUNT", 5)))
    except ValueError:
        return 5
