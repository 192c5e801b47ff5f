"""Settings: where the files are and the few numbers every layer shares.

One job: the bottom layer. Paths (``ROOT``, ``RAW_DIR``, the warehouse and the import store, each
overridable through an environment variable), the smallest count that may be shown (``min_count``,
the base of the rounding of organisation counts when a new import store is made; the key of that
rounding lives in the store, never here) and the one DuckDB configuration every connection uses.

May import: nothing of the project (only the standard library), so every other room may import it.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
RAW_DIR = ROOT / "data" / "raw"
DEFAULT_WAREHOUSE = ROOT / "data" / "warehouse.duckdb"
DEFAULT_STORE = ROOT / "data" / "organisations.duckdb"
# One configuration for every connection: DuckDB refuses a second connection to a file that is
# already open in the process with another configuration. No extension is ever downloaded.
DUCKDB_CONFIG = {"autoinstall_known_extensions": False}
DEFAULT_MIN_COUNT = 5


def warehouse_path() -> Path:
    """The dashboard's warehouse: ``VROEGDOEN_WAREHOUSE`` or ``data/warehouse.duckdb``."""
    return Path(os.environ.get("VROEGDOEN_WAREHOUSE", DEFAULT_WAREHOUSE))


def store_location() -> Path | str:
    """The organisations' import store: ``VROEGDOEN_ORGSTORE`` or ``data/organisations.duckdb``.

    A ``postgresql://`` address (a store shared by several replicas) stays a str; anything else is a
    file path (``warehouse.storedb`` knows both kinds)."""
    value = os.environ.get("VROEGDOEN_ORGSTORE", "").strip()
    if value.startswith(("postgresql://", "postgres://")):
        return value
    return Path(value) if value else DEFAULT_STORE


def min_count() -> int:
    """The smallest organisation count that may be shown (VROEGDOEN_MIN_COUNT, default 5).

    Also the base organisation counts are rounded to when they are published (org_publish.sql);
    queries/privacy.py and formatting read it from here, so every step uses one threshold.
    """
    try:
        return max(1, int(os.environ.get("VROEGDOEN_MIN_COUNT", DEFAULT_MIN_COUNT)))
    except ValueError:
        return DEFAULT_MIN_COUNT

