"""The audit trail as JSON lines with the BIO's fields (admin/audit_jsonl.py), besides the store."""
from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone

import duckdb
import pytest

from admin import access
from admin.access import AccessDenied, Principal
from admin import writes as orgstore
from admin import audit_jsonl

ORG = "Speeltuin Oost"
ACTOR = Principal("a@oost.example", access.ORGANISATIE, (ORG,), access.VIA_SIGNIN)
CSV = b"wijkcode;maand;categorie;uitkomst;aantal\nWK003401;2024-01;opvoeding;samen met ouders opgelost;7\n"


@pytest.fixture
def env(fixture_warehouse, tmp_path, monkeypatch):
    monkeypatch.delenv("VROEGDOEN_AUDIT_JSONL", raising=False)
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(fixture_warehouse, warehouse)
    return {"warehouse": warehouse, "store": tmp_path / "store.duckdb"}


def do_import(env, org: str):
    return orgstore.import_file(CSV, "signalen.csv", "signalen", org, actor=ACTOR, store=env["store"],
                                publish_to=env["warehouse"])


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_audit_row_is_also_a_json_line_with_the_bio_fields(env):
    assert do_import(env, ORG).status == "geïmporteerd"
    with pytest.raises(AccessDenied):
        do_import(env, "De Schoor")
    events = lines(env["store"].with_name("store.audit.jsonl"))
    with duckdb.connect(str(env["store"]), read_only=True) as con:
        rows = con.execute("SELECT changed_at, actor, role, action, org, target, result FROM audit_log "
                           "ORDER BY changed_at").fetchall()
    assert len(events) == len(rows) == 2
    for event, (at, actor, role, action, org, target, result) in zip(events, rows):
        assert set(event) == set(audit_jsonl.FIELDS)
        assert (event["actor"], event["action"], event["object"], event["result"]) == (
            {"name": actor, "role": role}, action, {"organisation": org, "target": target}, result)
        assert event["origin"]["application"] == "vroegdoen" and event["origin"]["via"] == "aanmelding"
        assert event["origin"]["host"]
        stamp = datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00"))
        assert stamp.tzinfo is not None and event["timestamp"].endswith("Z")
        assert abs((stamp - at.astimezone(timezone.utc)).total_seconds()) < 0.01
    assert [e["result"] for e in events] == ["gelukt", "geweigerd"]
    assert events[1]["object"]["organisation"] == "De Schoor"
    assert len({e["event_id"] for e in events}) == 2


def test_the_lines_go_to_standard_output_or_a_chosen_file(env, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("VROEGDOEN_AUDIT_JSONL", "-")
    do_import(env, ORG)
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert [(e["action"], e["result"]) for e in out] == [("import", "gelukt")]
    assert not env["store"].with_name("store.audit.jsonl").exists()
    target = tmp_path / "logs" / "audit.jsonl"
    monkeypatch.setenv("VROEGDOEN_AUDIT_JSONL", str(target))
    do_import(env, ORG)
    assert [(e["action"], e["result"]) for e in lines(target)] == [("import", "ongewijzigd")]
