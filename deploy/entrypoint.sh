#!/bin/sh
# Container entrypoint. `serve` (default): prepare the writable warehouse copy and start Streamlit on
# 0.0.0.0:8501. `refresh`: fetch CBS/PDOK into data/raw/cbs_refresh (a mounted volume) and rebuild.
# Anything else runs as given (e.g. `python -m orgdata log`).
set -eu
cd /app
: "${VROEGDOEN_WAREHOUSE:=/var/lib/vroegdoen/warehouse.duckdb}"
mkdir -p "$(dirname "$VROEGDOEN_WAREHOUSE")"

prepare() {
  # Each replica keeps its own read-only warehouse copy: rebuilt when a refresh is mounted, else the
  # one built into the image; then the organisations' imports from the store are published into it.
  if [ -f data/raw/cbs_refresh/refresh.json ]; then
    python -m warehouse.build --out "$VROEGDOEN_WAREHOUSE"
  else
    cp /app/data/warehouse.duckdb "$VROEGDOEN_WAREHOUSE.tmp"
    mv "$VROEGDOEN_WAREHOUSE.tmp" "$VROEGDOEN_WAREHOUSE"
    python -c 'from warehouse import storedb, warehouse_path
from warehouse.build import publish_org_data
store = storedb.locate()  # a file, or a PostgreSQL server shared by the replicas
if storedb.exists(store):
    publish_org_data(warehouse_path(), store)'
  fi
}

case "${1:-serve}" in
  serve)
    shift || true
    prepare
    exec python -m streamlit run dashboard.py --server.address=0.0.0.0 --server.port="${PORT:-8501}" \
      --server.headless=true --browser.gatherUsageStats=false "$@"
    ;;
  refresh)
    shift
    exec python -m warehouse.refresh "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
