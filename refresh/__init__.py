"""Fetch the newest open data from CBS (OData v3/v4) and PDOK (WFS) into a local cache.

One job: download — ``client`` (HTTP with retries, OData and WFS paging and parsing), ``plan`` (which
tables, measures and boundary layers), ``download`` (resumable cache with manifest, lock, all or
nothing). Turning the cached responses into warehouse rows is the build's (``warehouse.refreshed``),
and the rebuild after a download is handed in as a callback (``warehouse.refresh`` binds it).

May import: nothing of the project. ``warehouse`` imports ``client`` and ``plan`` from here.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "data" / "raw"
