"""The PostgreSQL server of the tests of the shared store: found, or started (deploy/postgres-test.sh).

``make test`` starts Debian's PostgreSQL (``make postgres``) and every test that needs it makes a
database of its own (:func:`new_database`) and drops it afterwards. Without a server the tests of
the shared store are skipped on a developer's machine with the reason, and fail in CI (``CI`` set):
there they must run.
"""
from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = "postgresql://vroegdoen:vroegdoen@127.0.0.1:5432/postgres"
_found: list[str | None] = []


def _reachable(url: str) -> bool:
    import psycopg
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def server() -> str | None:
    """The address of the test server's maintenance database, or None when there is none."""
    if not _found:
        url = os.environ.get("VROEGDOEN_TEST_PG", DEFAULT)
        if not _reachable(url):
            subprocess.run(["bash", str(ROOT / "deploy" / "postgres-test.sh")], check=False, capture_output=True,
                           timeout=600)
        _found.append(url if _reachable(url) else None)
    return _found[0]


def new_database(url: str) -> str:
    """Make an empty database on the server; its address."""
    import psycopg
    from psycopg import sql
    name = f"vd_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url.rsplit("/", 1)[0] + "/" + name


def drop_database(address: str) -> None:
    """Drop a database made by :func:`new_database` (its sessions ended first)."""
    import psycopg
    from psycopg import sql
    base, name = address.rsplit("/", 1)
    assert name.startswith("vd_test_") and name[8:].isalnum()  # only databases made here are dropped
    with psycopg.connect(base + "/postgres", autocommit=True) as con:
        con.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
