"""One writer at a time: the lock every writer of the import store and of the warehouse takes.

Imports, rollbacks, demo data, a build, a publish and the rebuild after a refresh all change the
import store, the warehouse or both; they take this one lock (``filelock``: an operating-system
lock on a file next to the store, so it holds across processes and, per thread, inside one
server). A second writer is not turned away: it says *bezig, even wachten* (``on_wait``) and waits
its turn, up to ``VROEGDOEN_WACHTTIJD`` seconds (default 120), then gives up with one Dutch
sentence (:class:`Busy`). The lock is re-entrant in one thread, so an import that publishes takes
it once. A process that dies while holding it loses it with its file handle: nobody waits forever.

A store on a PostgreSQL server (``VROEGDOEN_ORGSTORE=postgresql://…``, several replicas) is guarded by
a session-level advisory lock on that server instead, held on a connection of its own, so writers on
different machines take turns just the same; a replica that dies loses its session and so the lock.
The replica's own warehouse copy is then guarded by the file lock next to that warehouse (taken after
the server's lock), which is also what ``warehouse.follow`` takes to republish it.
"""
from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from filelock import FileLock, Timeout

from settings import warehouse_path

WAITING = "Bezig: er loopt al een andere wijziging van de gegevens; even wachten …"
BUSY = ("Er liep te lang een andere wijziging van de gegevens ({seconds:.0f} seconden); er is niets veranderd. "
        "Probeer het over een paar minuten opnieuw.")


class Busy(RuntimeError):
    """Another writer held the lock for longer than the wait allows; the message is one Dutch sentence."""


ADVISORY_KEY = 20_260_022  # the one advisory lock number of Vroeg Doen's writers on a server store
_held = threading.local()    # per thread: server address -> (connection, depth), so the lock is re-entrant


def lock_path(store: Path | str) -> Path:
    """The lock file of a store: next to it, so every writer of that store and its warehouse shares it.

    For a server store: next to this replica's warehouse (the server's own lock covers the store)."""
    if isinstance(store, str) and store.startswith(("postgresql://", "postgres://")):
        store = warehouse_path()
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
    seconds = wait_seconds() if timeout is None else timeout
    if isinstance(store, str) and store.startswith(("postgresql://", "postgres://")):
        with _server_lock(store, on_wait, seconds), local(lock_path(store), on_wait, seconds):
            yield
        return
    with local(lock_path(store), on_wait, seconds):
        yield


@contextmanager
def local(path: Path, on_wait: Callable[[str], None] | None = None, seconds: float | None = None) -> Iterator[None]:
    """Hold the file lock ``path`` (re-entrant in a thread); Busy after ``seconds`` of waiting."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), is_singleton=True)  # one object per file: re-entrant in a thread
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait(WAITING)
        seconds = wait_seconds() if seconds is None else seconds
        try:
            lock.acquire(timeout=seconds)
        except Timeout:
            raise Busy(BUSY.format(seconds=seconds)) from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def _server_lock(address: str, on_wait: Callable[[str], None] | None, seconds: float) -> Iterator[None]:
    """The advisory lock of a server store, on a connection of its own; re-entrant in a thread."""
    held = getattr(_held, "locks", None)
    if held is None:
        held = _held.locks = {}
    if address in held:
        con, depth = held[address]
        held[address] = (con, depth + 1)
        try:
            yield
        finally:
            con, depth = held[address]
            held[address] = (con, depth - 1)
        return
    import psycopg

    from warehouse.storedb import unavailable
    try:
        con = psycopg.connect(address, autocommit=True, connect_timeout=10, application_name="vroegdoen-slot")
    except psycopg.Error as exc:
        raise unavailable(address, exc) from exc
    try:
        if not con.execute("SELECT pg_try_advisory_lock(%s)", (ADVISORY_KEY,)).fetchone()[0]:
            if on_wait is not None:
                on_wait(WAITING)
            deadline = time.monotonic() + seconds
            while not con.execute("SELECT pg_try_advisory_lock(%s)", (ADVISORY_KEY,)).fetchone()[0]:
                if time.monotonic() >= deadline:
                    raise Busy(BUSY.format(seconds=seconds))
                time.sleep(0.1)
        held[address] = (con, 1)
        try:
            yield
        finally:
            del held[address]
            con.execute("SELECT pg_advisory_unlock(%s)", (ADVISORY_KEY,))
    finally:
        con.close()


def print_waiting(message: str) -> None:
    """``on_wait`` for the command line: the sentence on stderr, at once."""
    import sys
    print(message, file=sys.stderr, flush=True)
