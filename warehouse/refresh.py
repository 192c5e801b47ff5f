"""Refresh from CBS and PDOK, then rebuild: ``python -m warehouse.refresh`` (``make refresh``).

The download is ``refresh.download`` (client, plan, cache, manifest, lock); this module hands it the
warehouse build as the rebuild step and the dashboard's warehouse as the default target, so that
the ``refresh`` package never imports the warehouse. The names of ``refresh.download`` that the page
and the tests use are re-exported here.
"""
from __future__ import annotations

import sys
from pathlib import Path

from refresh import client as cbs_odata  # noqa: F401 - re-exported: tests replace cbs_odata.Http
from refresh import download
from refresh.download import (CACHE, INDEX, MANIFEST, NO_NETWORK, Cache, Downloader,  # noqa: F401
                              RefreshResult)
from warehouse import RAW_DIR, build, warehouse_path


def _rebuild(out: Path, raw_dir: Path, store: Path | None) -> None:
    build.build(out, raw_dir, store)  # looked up at call time: a test may replace build.build


def refresh(raw_dir: Path = RAW_DIR, out: Path | None = None, store: Path | None = None,
            **options) -> RefreshResult:
    """Download from CBS and PDOK and rebuild ``out`` (default: the dashboard's warehouse).

    ``options`` go to :func:`refresh.download.refresh`: ``fetch``, ``plan``, ``progress``,
    ``skip_unverified``.
    """
    return download.refresh(Path(raw_dir), Path(out) if out is not None else warehouse_path(), store, _rebuild,
                            **options)


def main(argv: list[str] | None = None) -> int:
    return download.main(argv, refresh)


if __name__ == "__main__":
    sys.exit(main())
