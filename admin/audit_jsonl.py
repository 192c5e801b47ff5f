"""The audit trail as JSON lines with the BIO's logging fields, besides the table in the store.

One line per row of ``audit_log`` (``admin.audit.record`` writes both): ``timestamp`` (ISO 8601,
UTC), ``actor`` (who, role, how signed in), ``action``, ``object`` (organisation, file or import),
``result``, ``origin`` (application, host — the pod — and process), ``message`` and an ``event_id``.
Machine-readable for a SIEM or the cluster's log collection; it names people, like the table.

Where: ``VROEGDOEN_AUDIT_JSONL`` — a file path, or ``-`` for standard output (the container image
sets that, so Kubernetes collects the lines); unset: ``<store>.audit.jsonl`` next to the store
(``data/organisations.audit.jsonl``), or for a store on a PostgreSQL server ``audit.jsonl`` next to the
replica's warehouse. Lines are only appended, one ``write`` each.
"""
from __future__ import annotations

import json
import os
import socket
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

from settings import warehouse_path

APPLICATION = "vroegdoen"
FIELDS = ("timestamp", "event_id", "action", "object", "result", "origin", "actor", "message")


def destination(store: Path | str) -> str:
    """``-`` for standard output, else the file the lines are appended to."""
    configured = os.environ.get("VROEGDOEN_AUDIT_JSONL", "").strip()
    if configured:
        return configured
    if isinstance(store, str):  # a server store: this replica's own data folder
        return str(warehouse_path().with_name("audit.jsonl"))
    return str(store.with_name(store.stem + ".audit.jsonl"))


def entry(*, at: datetime, actor_name: str, role: str, via: str, action: str, org: str | None,
          target: str | None, result: str, message: str) -> dict:
    """One audit event with the BIO's fields (action, object, result, origin, actor, timestamp)."""
    stamp = at.astimezone(timezone.utc) if at.tzinfo else at.astimezone().astimezone(timezone.utc)
    return {
        "timestamp": stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "event_id": str(uuid.uuid4()),
        "action": action,
        "object": {"organisation": org, "target": target},
        "result": result,
        "origin": {"application": APPLICATION, "host": socket.gethostname(), "pid": os.getpid(), "via": via},
        "actor": {"name": actor_name, "role": role},
        "message": message,
    }


def write(event: dict, store: Path | str) -> None:
    """Append ``event`` as one line to the configured destination."""
    line = json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n"
    where = destination(store)
    if where == "-":
        sys.stdout.write(line)
        sys.stdout.flush()
        return
    path = Path(where)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as out:
        out.write(line)
