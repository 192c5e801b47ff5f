"""Widgets speak Dutch: Streamlit's own placeholder ("Choose options", "Choose an option") is English.

A multiselect shows its placeholder whenever nothing is chosen, a selectbox with ``index=None`` until
something is; both must bring a Dutch one. Read from the source, so a new page is checked too.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted([*ROOT.glob("views/*.py"), *ROOT.glob("ui/*.py"), ROOT / "dashboard.py"])


def widget_calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("multiselect", "selectbox"):
            yield node


def needs_placeholder(call: ast.Call) -> bool:
    kwargs = {k.arg: k.value for k in call.keywords}
    if call.func.attr == "multiselect":
        return True
    return "index" in kwargs and isinstance(kwargs["index"], ast.Constant) and kwargs["index"].value is None


def test_the_scan_finds_the_widgets():
    found = {(p.name, c.func.attr) for p in FILES for c in widget_calls(p)}
    assert {("wijken.py", "multiselect"), ("trends.py", "multiselect"), ("__init__.py", "selectbox")} <= found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_multiselect_and_empty_selectbox_has_a_dutch_placeholder(path):
    missing = []
    for call in widget_calls(path):
        placeholder = next((k.value for k in call.keywords if k.arg == "placeholder"), None)
        if needs_placeholder(call) and not (isinstance(placeholder, ast.Constant) and placeholder.value.strip()):
            missing.append(f"{path.name}:{call.lineno} {call.func.attr}")
    assert not missing, "geen Nederlandse placeholder: " + ", ".join(missing)
