"""One writer at a time: the lock every writer of the import store and of the warehouse takes.

Imports, rollbacks, demo data, a build, a publish and the rebuild after a refresh all change the
import store, the warehouse or both; they take this one lock (``filelock``: an operating-system
lock on a file next to the store, so it holds across processes and, per thread, inside one
server). A second writer is not turned away: it says *bezig, even wachten* (``on_wait``) and waits
its turn, up to ``VROEGDOEN_WACHTTIJD`` seconds (default 120), then gives up with one Dutch
sentence (:class:`Busy`). The lock is re-entrant in one thread, so an import that publishes takes
it once. A process that dies while holding it loses it with its file handle: nobody waits forever.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from filelock import FileLock, Timeout

WAITING = "Bezig: er loopt al een andere wijziging van de gegevens; even wachten …"
BUSY = ("Er liep te lang een andere wijziging van de gegevens ({seconds:.0f} seconden); er is niets veranderd. "
        "Probeer het over een paar minuten opnieuw.")


class Busy(RuntimeError):
    """Another writer held the lock for longer than the wait allows; the message is one Dutch sentence."""


def lock_path(store: Path) -> Path:
    """The lock file of a store: next to it, so every writer of that store and its warehouse shares it."""
    store = Path(store)
    return store.with_name(store.name + ".lock")


def wait_seconds() -> float:
    """How long a writer waits for another (``VROEGDOEN_WACHTTIJD``, default 120 s)."""
    try:
        return max(0.0, float(os.environ.get("VROEGDOEN_WACHTTIJD", 120)))
    except ValueError:
        return 120.0


@contextmanager
def writer(store: Path, on_wait: Callable[[str], None] | None = None, timeout: float | None = None) -> Iterator[None]:
    """Hold the writers' lock of ``store`` (and its warehouse) for the duration of the block.

    ``on_wait`` is called once with :data:`WAITING` when another writer holds it; after
    ``timeout`` seconds (default :func:`wait_seconds`) :class:`Busy` is raised.
    """
    path = lock_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), is_singleton=True)  # one object per file: re-entrant in a thread
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait(WAITING)
        seconds = wait_seconds() if timeout is None else timeout
        try:
            lock.acquire(timeout=seconds)
        except Timeout:
            raise Busy(BUSY.format(seconds=seconds)) from None
    try:
        yield
    finally:
        lock.release()


def print_waiting(message: str) -> None:
    """``on_wait`` for the command line: the sentence on stderr, at once."""
    import sys
    print(message, file=sys.stderr, flush=True)
