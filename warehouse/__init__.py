"""Build the warehouse from the raw open data and publish organisation data into it.

One job: ``data/warehouse.duckdb`` — built from ``data/raw/`` (``build``, ``loaders``, ``catalogue``,
``schema.sql``; a refresh's cached CBS/PDOK responses through ``refreshed``) and republished with the
organisations' imports (``build.publish_org_data``, ``org_schema.sql``, ``org_publish.sql``). With the importer's
store it is the only writer of the warehouse.

May import: ``settings`` (paths, threshold, DuckDB configuration), the pure ``analysis`` (the
expected-use model is fitted in the build) and ``formatting``, ``access``, ``geo`` and ``refresh``
(the CBS/PDOK client and plan, to read cached responses; the download itself is handed the build as
a callback). Never ``orgdata``, ``queries`` or anything above:
``orgdata`` asks this package to publish, not the other way round.
"""
from pathlib import Path

# The paths, the DuckDB configuration and the threshold live in the bottom layer ``settings``;
# re-exported here for code that still imports them from ``warehouse``.
from settings import (DEFAULT_STORE, DEFAULT_WAREHOUSE, DUCKDB_CONFIG, RAW_DIR, ROOT,  # noqa: F401
                      min_count, store_location, warehouse_path)

# The organisation tables: the store's schema, also created (empty or republished) in the warehouse.
ORG_SCHEMA = Path(__file__).with_name("org_schema.sql")
