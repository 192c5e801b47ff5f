"""Warehouse build: the only code (with the importer) that writes data/warehouse.duckdb."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "data" / "raw"
DEFAULT_WAREHOUSE = ROOT / "data" / "warehouse.duckdb"
# One configuration for every connection: DuckDB refuses a second connection to a file that is
# already open in the process with another configuration. No extension is ever downloaded.
DUCKDB_CONFIG = {"autoinstall_known_extensions": False}
