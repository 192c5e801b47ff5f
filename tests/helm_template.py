"""Render the Helm chart in deploy/helm without helm (not on these machines).

Only the small part of Go's template language the chart uses: ``{{ .Values.a.b }}``, ``.Release.*``,
``.Chart.*``, ``define``/``include``, ``if``/``else``/``end``, ``not``, pipelines with ``quote``,
``default``, ``toYaml``, ``nindent`` and ``indent``, ``gt`` and ``fail``, comments, and the ``{{-``/``-}}`` trim markers.
Anything else raises :class:`Unsupported`, and a value the chart names that values.yaml lacks raises
KeyError — so the chart cannot silently drift outside what this renders. ``helm template`` on the
gemeente's own machine remains the real check (docs/installatie.md).
"""
from __future__ import annotations

import copy
import json
import re
import shlex
from pathlib import Path

import yaml

TAG = re.compile(r"\{\{(-?)\s*(.*?)\s*(-?)\}\}", re.S)
SUPPORTED_FUNCTIONS = {"include", "toYaml", "nindent", "indent", "quote", "default", "not", "gt", "fail"}


class Unsupported(ValueError):
    """A template construct this renderer does not implement."""


class RenderFailed(RuntimeError):
    """The chart refused the values (Helm's ``fail``); the message is the chart's."""


def _tokens(src: str) -> list[list]:
    out: list[list] = []
    pos = 0
    for m in TAG.finditer(src):
        text = src[pos:m.start()]
        out.append(["text", text.rstrip() if m.group(1) else text])
        out.append(["action", m.group(2), bool(m.group(3))])
        pos = m.end()
    out.append(["text", src[pos:]])
    for i, tok in enumerate(out):
        if tok[0] == "action" and tok[2]:
            out[i + 1][1] = out[i + 1][1].lstrip()
    return out


def _parse(tokens, i, defines):
    nodes = []
    while i < len(tokens):
        kind, text = tokens[i][0], tokens[i][1]
        if kind == "text":
            nodes.append(("text", text))
            i += 1
            continue
        if text.startswith("/*"):
            i += 1
            continue
        word = text.split()[0] if text.split() else ""
        if word in ("end", "else"):
            if text not in ("end", "else"):
                raise Unsupported(text)
            return nodes, i, word
        if word == "if":
            then, i, stop = _parse(tokens, i + 1, defines)
            other = []
            if stop == "else":
                other, i, stop = _parse(tokens, i + 1, defines)
            if stop != "end":
                raise Unsupported("if without end")
            nodes.append(("if", text[2:].strip(), then, other))
        elif word == "define":
            body, i, stop = _parse(tokens, i + 1, defines)
            if stop != "end":
                raise Unsupported("define without end")
            defines[shlex.split(text)[1]] = body
        elif word in ("range", "with", "template", "block", "tpl", "required") or text.startswith("$"):
            raise Unsupported(text)
        else:
            nodes.append(("expr", text))
        i += 1
    return nodes, i, None


def _lookup(path: str, ctx: dict):
    if path == ".":
        return ctx
    value = ctx
    for part in path.lstrip(".").split("."):
        value = value[part]  # KeyError: the chart names a value values.yaml does not have
    return value


def _arg(word: str, ctx: dict):
    if word.startswith("."):
        return _lookup(word, ctx)
    if word.lstrip("-").isdigit():
        return int(word)
    return word  # a quoted literal, unquoted by shlex


def _truthy(value) -> bool:
    return value not in (None, False, 0, "") and value != {} and value != []


def _to_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        raise Unsupported(f"a map or list printed without toYaml: {value!r}")
    return str(value)


def _call(fn: str, args: list, ctx: dict, defines: dict):
    if fn not in SUPPORTED_FUNCTIONS:
        raise Unsupported(fn)
    if fn == "include":
        return _render(defines[args[0]], args[1], defines)
    if fn == "toYaml":
        return yaml.safe_dump(args[0], default_flow_style=False, sort_keys=False).rstrip("\n")
    if fn in ("nindent", "indent"):
        pad = " " * args[0]
        body = "\n".join(pad + line if line else line for line in _to_text(args[1]).split("\n"))
        return "\n" + body if fn == "nindent" else body
    if fn == "quote":
        return json.dumps(_to_text(args[0]), ensure_ascii=False)
    if fn == "default":
        return args[1] if _truthy(args[1]) else args[0]
    if fn == "gt":
        return args[0] > args[1]
    if fn == "fail":
        raise RenderFailed(args[0])
    return not _truthy(args[0])  # not


def _evaluate(expr: str, ctx: dict, defines: dict):
    value, first = None, True
    for command in expr.split("|"):
        words = shlex.split(command.strip())
        if not words:
            raise Unsupported(expr)
        if first and len(words) == 1 and (words[0].startswith(".") or words[0].startswith('"')):
            value = _arg(words[0], ctx)
        else:
            args = [_arg(w, ctx) for w in words[1:]] + ([] if first else [value])
            value = _call(words[0], args, ctx, defines)
        first = False
    return value


def _render(nodes, ctx: dict, defines: dict) -> str:
    out = []
    for node in nodes:
        if node[0] == "text":
            out.append(node[1])
        elif node[0] == "expr":
            out.append(_to_text(_evaluate(node[1], ctx, defines)))
        else:
            _, cond, then, other = node
            out.append(_render(then if _truthy(_evaluate(cond, ctx, defines)) else other, ctx, defines))
    return "".join(out)


def merge(base: dict, override: dict) -> dict:
    """values.yaml with overrides (as ``--set``/``-f``): nested maps merged, the rest replaced."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def render_text(source: str, values: dict, helpers: str = "", release: str = "rel", namespace: str = "gemeente",
                chart: dict | None = None) -> str:
    """Render one template source with ``values`` (and the named templates in ``helpers``)."""
    defines: dict = {}
    _parse(_tokens(helpers), 0, defines)
    nodes, _, stop = _parse(_tokens(source), 0, defines)
    if stop is not None:
        raise Unsupported(f"unexpected {stop}")
    chart = chart or {"Name": "vroegdoen", "Version": "0.1.0", "AppVersion": "0.1.0"}
    ctx = {"Values": values, "Release": {"Name": release, "Namespace": namespace, "Service": "Helm"},
           "Chart": chart}
    return _render(nodes, ctx, defines)


def render_chart(chart_dir: Path, overrides: dict | None = None, release: str = "rel") -> dict[str, list[dict]]:
    """Every manifest of the chart, parsed: ``{template file name: [documents]}`` (empty ones left out)."""
    meta = yaml.safe_load((chart_dir / "Chart.yaml").read_text(encoding="utf-8"))
    chart = {"Name": meta["name"], "Version": meta["version"], "AppVersion": meta["appVersion"]}
    values = merge(yaml.safe_load((chart_dir / "values.yaml").read_text(encoding="utf-8")), overrides or {})
    templates = chart_dir / "templates"
    helpers = "".join(p.read_text(encoding="utf-8") for p in sorted(templates.glob("_*.tpl")))
    out = {}
    for path in sorted(templates.glob("*.yaml")):
        text = render_text(path.read_text(encoding="utf-8"), values, helpers, release, chart=chart)
        out[path.name] = [d for d in yaml.safe_load_all(text) if d]
    return out
