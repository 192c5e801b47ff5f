#!/usr/bin/env bash
# A real PostgreSQL server for the tests of the shared organisation store (issue 22), from Debian's
# `postgresql` package: installed when missing and we may (root), the cluster started with
# pg_ctlcluster, and a role `vroegdoen` (password `vroegdoen`, may create databases) for the tests,
# which make and drop a database of their own per test. Only on loopback; idempotent.
# The tests find it at postgresql://vroegdoen:vroegdoen@127.0.0.1:5432/postgres (or VROEGDOEN_TEST_PG).
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL installeren (Debian) …"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  else
    echo "Let op: installeer 'apt-get install -y postgresql' voor de tests van de gedeelde importopslag." >&2
    exit 0
  fi
fi
version=$(pg_lsclusters -h | awk 'NR==1 {print $1}')
if [ -z "$version" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_createcluster "$version" main >/dev/null
fi
status=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}')
if [ "$status" != "online" ]; then
  [ "$(id -u)" = 0 ] || { echo "Let op: start PostgreSQL met: pg_ctlcluster $version main start" >&2; exit 0; }
  pg_ctlcluster "$version" main start
fi
if [ "$(id -u)" = 0 ]; then
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'vroegdoen'\"" | grep -q 1 || \
    su postgres -c "psql -qc \"CREATE ROLE vroegdoen LOGIN CREATEDB PASSWORD 'vroegdoen'\""
fi
echo "PostgreSQL $version draait (127.0.0.1:5432)."
