"""Each replica follows a shared store: republish its own warehouse copy when the store's release changes.

With the organisation store on a PostgreSQL server (``VROEGDOEN_ORGSTORE=postgresql://…``) every app
replica keeps its own read-only warehouse file. A write through one replica republishes that
replica's copy at once; the others notice it here: a thread per server process asks the server for
its release (``warehouse.storedb.release``, one small query) every ``VROEGDOEN_VOLGTIJD`` seconds
(default 5) and, when it differs from the release the local copy was published from
(``published_store`` in the warehouse), republishes from a consistent snapshot under the replica's
own file lock. So an import through one replica is visible on every other within the interval plus
one publish (a few seconds). A store that is a file has one writer and needs no following.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from settings import warehouse_path
from warehouse import storedb
from warehouse.build import published_release, publish_org_data

DEFAULT_INTERVAL = 5.0


def interval() -> float:
    """Seconds between two looks at the store's release (``VROEGDOEN_VOLGTIJD``, default 5, at least 0,5)."""
    try:
        return max(0.5, float(os.environ.get("VROEGDOEN_VOLGTIJD", DEFAULT_INTERVAL)))
    except ValueError:
        return DEFAULT_INTERVAL


def follow_once(store: Path | str | None = None, warehouse: Path | None = None) -> bool:
    """Republish ``warehouse`` when the server store's release is not the one it was published from.

    True when it republished. A file store, a store not made yet, or a missing warehouse: nothing to do.
    """
    store, warehouse = storedb.locate(store), Path(warehouse or warehouse_path())
    if not storedb.is_server(store) or not warehouse.exists():
        return False
    current = storedb.release(store)
    if current is None or published_release(warehouse) == current:
        return False
    publish_org_data(warehouse, store, follower=True)
    return True


class Follower(threading.Thread):
    """The background thread of one server process; stops with the process (daemon)."""

    def __init__(self, store: Path | str | None = None, warehouse: Path | None = None):
        super().__init__(name="vroegdoen-volgen", daemon=True)
        self.store, self.warehouse, self.republished, self.last_error = store, warehouse, 0, ""
        self._stop_event = threading.Event()

    def run(self) -> None:
        """Look every interval; an error (server away for a moment) is reported once and retried."""
        while not self._stop_event.wait(interval()):
            try:
                if follow_once(self.store, self.warehouse):
                    self.republished += 1
                self.last_error = ""
            except Exception as exc:  # noqa: BLE001 - keep following; say it once per kind of error
                message = f"{type(exc).__name__}: {exc}"
                if message != self.last_error:
                    print(f"Vroeg Doen: de importopslag volgen lukte niet ({message}); opnieuw over "
                          f"{interval():.0f} s.", file=sys.stderr, flush=True)
                self.last_error = message

    def stop(self) -> None:
        """Ask the thread to end after its current look."""
        self._stop_event.set()


def start() -> Follower | None:
    """Start following when the configured store is a server; None for a file store.

    Called by the first script run of a server process: it first catches up once, so that first page
    already shows what other replicas wrote, then the thread keeps it so."""
    if not storedb.is_server(storedb.locate()):
        return None
    try:
        follow_once()
    except Exception as exc:  # noqa: BLE001 - the thread says it again and retries
        print(f"Vroeg Doen: de importopslag volgen lukte niet ({type(exc).__name__}: {exc}).", file=sys.stderr,
              flush=True)
    follower = Follower()
    follower.start()
    return follower


if __name__ == "__main__":  # one look, for the command line and cron: python -m warehouse.follow
    started = time.perf_counter()
    done = follow_once()
    print(f"{'Opnieuw gepubliceerd' if done else 'Al bij'} in {time.perf_counter() - started:.1f} s.")
