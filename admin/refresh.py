"""Refresh from CBS and PDOK, then rebuild, audited: ``python -m admin.refresh`` (``make refresh``).

The download is ``refresh.download`` (client, plan, cache, manifest, lock); this module hands it the
warehouse build as the rebuild step and the dashboard's warehouse as the default target, so that
the ``refresh`` package never imports the warehouse. The names of ``refresh.download`` that the page
and the tests use are re-exported here.
"""
from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from admin import audit
from admin.access import Principal, os_user, require_admin, resolve
from refresh import client as cbs_odata  # noqa: F401 - re-exported: tests replace cbs_odata.Http
from refresh import download
from refresh.download import (CACHE, INDEX, MANIFEST, NO_NETWORK, Cache, Downloader,  # noqa: F401
                              RefreshResult)
from settings import RAW_DIR, warehouse_path
from warehouse import build, storedb


def _rebuild(out: Path, raw_dir: Path, store: Path | None) -> None:
    build.build(out, raw_dir, store)  # looked up at call time: a test may replace build.build


def refresh(raw_dir: Path = RAW_DIR, out: Path | None = None, store: Path | None = None, *,
            actor: Principal | None = None, **options) -> RefreshResult:
    """Download from CBS and PDOK and rebuild ``out`` (default: the dashboard's warehouse).

    Beheerder only (``actor``; without it outside a page the OS user acts): else AccessDenied.
    Recorded in the audit trail of the import store. ``options`` go to
    :func:`refresh.download.refresh`: ``fetch``, ``plan``, ``progress``, ``skip_unverified``.
    """
    actor = resolve(actor)
    log_to = storedb.locate(store)
    target = Path(out) if out is not None else warehouse_path()
    return audit.checked(
        actor, "verversen", lambda: require_admin(actor, "de cijfers verversen vanuit CBS"),
        lambda: download.refresh(Path(raw_dir), target, store, _rebuild, **options),
        outcome=lambda result: ("gelukt" if result.ok else "mislukt", result.message, str(target)),
        target=str(target), store=log_to)


def main(argv: list[str] | None = None) -> int:
    return download.main(argv, partial(refresh, actor=os_user()))


if __name__ == "__main__":
    sys.exit(main())
