"""Small-number suppression: queries.privacy.suppress, its threshold, and a walk over every query
and every page on the fixture warehouse to show that no small organisation figure gets through.

The fixture (tests/fixture_data.py) has Almere 2024 wijk counts 3, 12 and 40 (signalen_aantal) and
reach numerators 2, 150 and 300 (kinderwerk_bereik_pct): exactly one below 5, so complementary
suppression also hides the 12 and the 150. Almere 2023 has a basis rate of 3 of 9 signals.
"""
from __future__ import annotations

import base64
import itertools
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import queries
from charts import SECRET_COLOUR
from queries import privacy, run_query
from tests import fixture_data as fd

ORG_IDS = fd.ORG_INDICATOR_IDS
ORG_LABELS = {i[0]: i[1] for i in fd.INDICATORS if i[0] in ORG_IDS}


def frame(rows: list[tuple], columns=("code", "value", "numerator", "denominator", "status", "privacy_kind",
                                      "privacy_group")) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def hidden(df: pd.DataFrame) -> list:
    return df.loc[df["status"] == "suppressed", "code"].tolist()


# --- suppress: unit cases --------------------------------------------------------------------

def test_counts_from_1_to_4_are_hidden_0_and_5_are_shown():
    df = frame([(f"W{n}", float(n), float(n), None, "value", "count", None) for n in range(7)])
    out = privacy.suppress(df, 5)
    assert hidden(out) == ["W1", "W2", "W3", "W4"]
    assert out.loc[out.status == "value", "value"].tolist() == [0.0, 5.0, 6.0]


def test_a_count_without_numerator_column_is_judged_by_its_value():
    df = pd.DataFrame({"code": ["A", "B"], "value": [4.0, 5.0], "status": ["value", "value"],
                       "privacy_kind": ["count", "count"]})
    assert hidden(privacy.suppress(df, 5)) == ["A"]


@pytest.mark.parametrize(("numerator", "denominator", "is_hidden"), [
    (3, 1000, True),     # a small numerator
    (1, 6, True),
    (0, 1000, False),    # nobody: 0% is shown
    (5, 1000, False),
    (0, 4, True),        # a small denominator hides even 0%
    (0, 0, True),
    (7, 4, True),        # more than the denominator, still a small denominator
    (600, 1000, False),
    (17, 20, True),      # the rest is small: 17 of 20 shows that 3 were not
    (20, 20, False),     # everybody: the rest is 0, shown
])
def test_a_rate_is_hidden_when_its_numerator_or_denominator_is_small(numerator, denominator, is_hidden):
    value = numerator / denominator * 100 if denominator else None
    df = frame([("A", value, float(numerator), float(denominator), "value", "rate", None)])
    out = privacy.suppress(df, 5)
    assert (hidden(out) == ["A"]) is is_hidden


def test_rows_without_privacy_kind_are_untouched():
    """CBS figures (privacy_kind None) are CBS's business: a 3 stays a 3."""
    df = frame([("GM1", 3.0, 3.0, None, "value", None, "g"), ("GM2", 2.0, 2.0, 9.0, "value", None, "g"),
                ("GM3", 4.0, 4.0, None, "value", "count", "g")])
    out = privacy.suppress(df, 5)
    assert out.iloc[:2].equals(df.drop(columns="privacy_group").iloc[:2])
    # the only org row is hidden; the CBS rows are no candidates for complementary suppression
    assert hidden(out) == ["GM3"]


def test_a_result_without_privacy_kind_passes_unchanged_but_loses_privacy_group():
    df = pd.DataFrame({"code": ["A"], "value": [1.0], "privacy_group": ["g"]})
    out = privacy.suppress(df, 5)
    assert list(out.columns) == ["code", "value"] and out["value"].tolist() == [1.0]
    empty = frame([])
    assert "privacy_group" not in privacy.suppress(empty, 5).columns


def test_hidden_rows_lose_value_numerator_and_denominator_and_get_status_suppressed():
    df = frame([("A", 30.0, 3.0, 10.0, "value", "rate", None), ("B", 50.0, 50.0, 100.0, "value", "rate", None)])
    df["credit"] = ["Bron: x", "Bron: y"]
    out = privacy.suppress(df, 5)
    a, b = out.iloc[0], out.iloc[1]
    assert pd.isna(a.value) and pd.isna(a.numerator) and pd.isna(a.denominator) and a.status == "suppressed"
    assert a.credit == "Bron: x"                     # the source is still named
    assert (b.value, b.numerator, b.denominator, b.status) == (50.0, 50.0, 100.0, "value")
    assert "privacy_group" not in out.columns
    assert df.loc[0, "value"] == 30.0                # the input is not changed


def test_hidden_rows_lose_every_derived_figure_but_keep_their_place_on_the_map():
    df = frame([("A", 3.0, 3.0, None, "value", "count", None), ("B", 50.0, 50.0, None, "value", "count", None)])
    df["per_1000_kinderen"] = [0.07, 1.2]
    df["index_2019"] = [30.0, 100.0]
    df["centroid_lon"], df["centroid_lat"], df["year"] = [5.1, 5.2], [52.3, 52.4], [2024, 2024]
    out = privacy.suppress(df, 5).set_index("code")
    assert out.loc["A", ["value", "numerator", "per_1000_kinderen", "index_2019"]].isna().all()
    assert out.loc["A", ["centroid_lon", "centroid_lat", "year"]].tolist() == [5.1, 52.3, 2024]
    assert out.loc["B", ["value", "per_1000_kinderen", "index_2019"]].tolist() == [50.0, 1.2, 100.0]


def test_complementary_one_hidden_in_a_group_hides_the_smallest_other_non_zero_cell():
    df = frame([("W1", 3.0, 3.0, None, "value", "count", "g"), ("W2", 0.0, 0.0, None, "value", "count", "g"),
                ("W3", 40.0, 40.0, None, "value", "count", "g"), ("W4", 12.0, 12.0, None, "value", "count", "g"),
                ("W5", None, None, None, "missing", "count", "g")])
    out = privacy.suppress(df, 5)
    assert hidden(out) == ["W1", "W4"]               # not the zero, not the missing one
    assert out.set_index("code").loc["W2", "value"] == 0.0


def test_complementary_two_hidden_in_a_group_hide_nothing_more():
    df = frame([("W1", 3.0, 3.0, None, "value", "count", "g"), ("W2", 4.0, 4.0, None, "value", "count", "g"),
                ("W3", 12.0, 12.0, None, "value", "count", "g")])
    assert hidden(privacy.suppress(df, 5)) == ["W1", "W2"]


def test_complementary_works_per_group():
    df = frame([("A1", 2.0, 2.0, None, "value", "count", "a"), ("A2", 9.0, 9.0, None, "value", "count", "a"),
                ("A3", 8.0, 8.0, None, "value", "count", "a"),
                ("B1", 20.0, 20.0, None, "value", "count", "b"), ("B2", 6.0, 6.0, None, "value", "count", "b")])
    assert hidden(privacy.suppress(df, 5)) == ["A1", "A3"]


def test_complementary_for_rates_uses_the_numerator():
    df = frame([("W1", 0.25, 2.0, 800.0, "value", "rate", "g"), ("W2", 12.5, 150.0, 1200.0, "value", "rate", "g"),
                ("W3", 1.0, 300.0, 30000.0, "value", "rate", "g")])   # smallest rate, not smallest numerator
    assert hidden(privacy.suppress(df, 5)) == ["W1", "W2"]


def test_complementary_with_no_other_non_zero_cell_hides_only_the_one():
    df = frame([("W1", 3.0, 3.0, None, "value", "count", "g"), ("W2", 0.0, 0.0, None, "value", "count", "g")])
    assert hidden(privacy.suppress(df, 5)) == ["W1"]


@pytest.mark.parametrize(("env", "expected"), [(None, 5), ("10", 10), ("1", 1), ("0", 1), ("-3", 1),
                                               ("abc", 5), ("", 5)])
def test_threshold_from_the_environment(monkeypatch, env, expected):
    if env is None:
        monkeypatch.delenv("VROEGDOEN_MIN_COUNT", raising=False)
    else:
        monkeypatch.setenv("VROEGDOEN_MIN_COUNT", env)
    assert privacy.threshold() == expected


# --- through run_query -----------------------------------------------------------------------

def _wijk_signals():
    df = run_query("indicator_by_wijk", gemeente="GM0034", indicator="signalen_aantal", year=2024)
    return [(c, None if pd.isna(v) else v, s) for c, v, s in zip(df.code, df.value, df.status)]


@pytest.mark.usefixtures("use_fixture_warehouse")
@pytest.mark.parametrize(("limit", "expected"), [
    (None, [("WK003401", None, "suppressed"), ("WK003402", None, "suppressed"), ("WK003403", 40.0, "value")]),
    # 3 and 12 are both small: two hidden, nothing more
    ("13", [("WK003401", None, "suppressed"), ("WK003402", None, "suppressed"), ("WK003403", 40.0, "value")]),
    ("41", [("WK003401", None, "suppressed"), ("WK003402", None, "suppressed"), ("WK003403", None, "suppressed")]),
    # only the 3 is small, so the 12 goes with it … unless the threshold is 1: nothing is small
    ("1", [("WK003401", 3.0, "value"), ("WK003402", 12.0, "value"), ("WK003403", 40.0, "value")]),
])
def test_threshold_changes_what_run_query_hides_in_the_wijken(monkeypatch, limit, expected):
    if limit is None:
        monkeypatch.delenv("VROEGDOEN_MIN_COUNT", raising=False)
    else:
        monkeypatch.setenv("VROEGDOEN_MIN_COUNT", limit)
    assert _wijk_signals() == expected


@pytest.mark.usefixtures("use_fixture_warehouse")
def test_threshold_10_hides_a_count_of_9_that_5_shows(monkeypatch):
    def signals_2023():
        df = run_query("headline_by_gemeente", gemeente="GM0034", year=2023).set_index("indicator_id")
        return df.at["signalen_aantal", "value"], df.at["signalen_aantal", "status"]

    monkeypatch.delenv("VROEGDOEN_MIN_COUNT", raising=False)
    assert signals_2023() == (9.0, "value")
    monkeypatch.setenv("VROEGDOEN_MIN_COUNT", "10")
    value, status = signals_2023()
    assert pd.isna(value) and status == "suppressed"
    monkeypatch.setenv("VROEGDOEN_MIN_COUNT", "5")  # the cache keys on the threshold: back to shown
    assert signals_2023() == (9.0, "value")


# --- the walk: every query with every plausible parameter ------------------------------------

# Queries whose 'value' is not an observation (national figures quoted from publications).
VALUES_WITHOUT_PRIVACY = {"national_reference"}
# Numeric columns that describe a row rather than measure something.
METADATA_COLUMNS = ["year", "indeling_year", "decimals", "polarity", "centroid_lon", "centroid_lat"]
# Distinctive hidden figures of the fixture that must never appear in any result or on any page.
HIDDEN_NUMBERS = [0.25, 12.5, 800.0, 1200.0, 3 / 9 * 100]


ALL_GEMEENTEN = ["GM0034", "GM0363", "GM0014"]  # wijken with org figures, one wijk, a secret


def _parameter_sets(name: str, gemeenten: list[str]) -> list[dict]:
    obs = fd.TABLES["observation"][1]
    values = {
        "gemeente": gemeenten,
        "year": sorted({o[3] for o in obs}),
        "indicator": [i[0] for i in fd.INDICATORS],
        "level": ["gemeente", "wijk"],
        "half": [False, True],
        "codes": [gemeenten],  # a comparison group (issue 23)
    }
    used = sorted(queries.query_parameters(name))
    unknown = set(used) - set(values)
    assert not unknown, f"add plausible values for {sorted(unknown)} of {name}.sql to the walk"
    return [dict(zip(used, combo)) for combo in itertools.product(*(values[p] for p in used))]


def _problems(name: str, params: dict, df: pd.DataFrame, limit: int) -> list[str]:
    where = f"{name}({params})"
    problems = []
    if {"value", "numerator"} & set(df.columns) and "privacy_kind" not in df.columns \
            and name not in VALUES_WITHOUT_PRIVACY:
        problems.append(f"{where}: returns figures without privacy_kind, so run_query cannot suppress them")
    if "privacy_group" in df.columns:
        problems.append(f"{where}: privacy_group reached the caller")
    for col in df.select_dtypes("number").columns.difference(["seconds"]):  # build time, not a figure
        for number in HIDDEN_NUMBERS:
            if np.isclose(df[col].astype(float), number, equal_nan=False).any():
                problems.append(f"{where}: the hidden figure {number} is in column {col}")
    if "privacy_kind" not in df.columns:
        return problems
    org = df[df["privacy_kind"].notna()]

    def small(col, upto):
        return org[col].notna() & (org[col] >= (1 if col != "denominator" else 0)) & (org[col] < upto) \
            if col in org.columns else pd.Series(False, index=org.index)

    count_rows = org["privacy_kind"] == "count"
    rate_rows = org["privacy_kind"] == "rate"
    for label, mask in [("count value", count_rows & small("value", limit)),
                        ("count numerator", count_rows & small("numerator", limit)),
                        ("rate numerator", rate_rows & small("numerator", limit)),
                        ("rate denominator", rate_rows & small("denominator", limit))]:
        if mask.any():
            problems.append(f"{where}: a small {label} is shown: {org[mask].to_dict('records')}")
    if "status" in org.columns:
        # a hidden row keeps no figure at all: not its value, nor anything computed from it
        gone = org[org["status"] == "suppressed"]
        for col in gone.select_dtypes("number").columns.difference(METADATA_COLUMNS):
            if gone[col].notna().any():
                problems.append(f"{where}: a suppressed row keeps a figure in column {col}: "
                                f"{gone[gone[col].notna()].to_dict('records')}")
        # complementary: one hidden area next to a shown non-zero one can be recomputed from the total
        if name in ("indicator_by_wijk", "indicator_by_gemeente"):
            n_hidden = int((org["status"] == "suppressed").sum())
            shown_non_zero = (org["status"] == "value") & (org["value"] > 0)
            if n_hidden == 1 and shown_non_zero.any():
                problems.append(f"{where}: exactly one hidden area next to shown ones")
    return problems


@pytest.mark.usefixtures("use_fixture_warehouse")
@pytest.mark.parametrize(("limit", "gemeenten"), [
    (None, ALL_GEMEENTEN),
    ("60", ["GM0034"]),   # also hides Almere's gemeente counts (9 in 2023, 55 in 2024)
])
def test_the_walk_no_query_shows_a_small_organisation_figure(monkeypatch, limit, gemeenten):
    if limit is None:
        monkeypatch.delenv("VROEGDOEN_MIN_COUNT", raising=False)
    else:
        monkeypatch.setenv("VROEGDOEN_MIN_COUNT", limit)
    threshold = privacy.threshold()
    problems, runs, org_rows, suppressed = [], 0, 0, 0
    for name in queries.query_names():
        for params in _parameter_sets(name, gemeenten):
            df = run_query(name, **params)
            runs += 1
            problems += _problems(name, params, df, threshold)
            if "privacy_kind" in df.columns:
                org_rows += int(df["privacy_kind"].notna().sum())
                if "status" in df.columns:
                    suppressed += int((df["status"] == "suppressed").sum())
    assert not problems, "\n".join(problems[:20])
    # the walk did meet organisation figures and hid some (else it proves nothing)
    assert runs > 200 and org_rows > 50 and suppressed >= 6


@pytest.mark.usefixtures("use_fixture_warehouse")
def test_prevention_trend_keeps_no_figure_of_a_hidden_count(monkeypatch):
    """Found by the walk: per_1000_kinderen, computed in SQL, gave a hidden count back (now fixed)."""
    monkeypatch.setenv("VROEGDOEN_MIN_COUNT", "60")  # hides Almere's 55 signals of 2024
    df = run_query("prevention_trend", gemeente="GM0034").set_index(["indicator_id", "year"])
    row = df.loc[("signalen_aantal", 2024)]
    assert row["status"] == "suppressed"
    assert pd.isna(row["per_1000_kinderen"]), f"{row['per_1000_kinderen']} per 1.000 of 41.230 children = 55"


# --- the walk over the pages -----------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
VIEWS = re.findall(r'st\.Page\("(views/[^"]+\.py)"', (ROOT / "dashboard.py").read_text(encoding="utf-8"))


def _open(view: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    if view:
        at.switch_page(view).run()
        assert not at.exception, (view, query, at.exception)
    return at


def _decode(node):
    """Plotly JSON with its typed arrays ({'dtype', 'bdata'}) decoded to lists."""
    if isinstance(node, dict):
        if set(node) == {"dtype", "bdata"}:
            return np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"]).tolist()
        return {k: _decode(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_decode(v) for v in node]
    return node


def _rendered(at: AppTest) -> dict[str, list]:
    """Every piece of text the page shows, by kind; tables cell by cell, maps area by area, and the
    numbers of the charts that count signals."""
    out: dict[str, list] = {"text": [], "cells": [], "numbers": [], "count_cells": [], "areas": [],
                            "metrics": [], "chart_counts": []}
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        out["text"] += [str(e.value) for e in getattr(at, kind)]
    out["text"] += [e.proto.body for e in at.get("html")]
    out["text"] += [e.label for e in at.expander]
    for box in at.selectbox:
        out["text"] += [str(o) for o in box.options]
    for m in at.metric:
        out["metrics"].append((m.label, str(m.value)))
        out["text"] += [m.label, str(m.value), str(m.delta or "")]
    for d in at.dataframe:
        df = d.value
        out["cells"] += [str(v) for v in df.astype(str).to_numpy().ravel()] + [str(c) for c in df.columns]
        out["numbers"] += [v for c in df.select_dtypes("number").columns for v in df[c].dropna().tolist()]
        for col in df.columns:  # a column of organisation counts: signals, children reached
            if re.search(r"signalen(?! opgepakt)|aantal kinderen|kinderen per maand", str(col), re.I) \
                    and not re.search(r"%|pct|aandeel|in de basis", str(col), re.I):
                out["count_cells"] += [(col, v) for v in df[col].tolist()]
    for chart in at.get("deck_gl_json_chart"):
        spec = json.loads(chart.proto.json)
        for layer in spec["layers"]:
            out["areas"] += [(f["properties"]["code"], f["properties"]["waarde"], f["properties"]["fill"])
                             for f in layer["data"]["features"]]
    for chart in at.get("plotly_chart"):
        spec = _decode(json.loads(chart.proto.spec))
        out["text"].append(json.dumps(spec, ensure_ascii=False))
        for trace in spec.get("data", []):
            if trace.get("type") == "sankey":
                out["chart_counts"] += [("sankey", v) for v in trace.get("link", {}).get("value", [])]
            elif "signalen" in str(trace.get("hovertemplate", "")) and isinstance(trace.get("y"), list):
                out["chart_counts"] += [(trace.get("name"), v) for v in trace["y"]]
    return out


def _page_states():
    """(name, view, query): every page of the navigation in three years of Almere, and the Kaart for
    every organisation indicator on both levels."""
    for view in VIEWS:
        for year in ("2024", "2023", "2019"):
            yield f"{Path(view).stem}-{year}", view, {"gemeente": "GM0034", "jaar": year}
    for indicator in ORG_IDS:
        for level in ("gemeente", "wijk"):
            for year in ("2023", "2024"):
                yield (f"kaart-{level}-{indicator}-{year}", "views/map.py",
                       {"gemeente": "GM0034", "jaar": year, "niveau": level, "indicator": indicator})


SMALL_PERCENT = re.compile(r"(?<![\d.,])(0,2|0,3|12,5|33,3)\s?%")
SMALL_SIGNALS = re.compile(r"(?<![\d.,])([1-4]|12) signalen(?! opgepakt)")
SMALL_COUNT = re.compile(r"^\s*[1-4](\s|$)")


def _is_small(value) -> bool:
    if isinstance(value, str):
        return bool(SMALL_COUNT.match(value))
    return value is not None and not pd.isna(value) and 1 <= float(value) < 5


@pytest.mark.usefixtures("use_fixture_warehouse")
def test_the_walk_no_page_shows_a_small_organisation_figure():
    assert {"views/overview.py", "views/map.py", "views/data.py", "views/about_data.py"} <= set(VIEWS)
    seen_small_marker, seen_pages, problems, pages = [], [], [], {}
    for name, view, query in _page_states():
        at = _open(view, **query)
        if "indicator" in query and at.query_params.get("indicator") != query["indicator"]:
            continue  # no figures for this indicator on this level
        seen_pages.append(name)
        shown = _rendered(at)
        everything = shown["text"] + shown["cells"] + [a[1] for a in shown["areas"]]
        problems += [f"{name}: {m.group(0)!r} in {t[:100]!r}" for t in everything
                     for m in [SMALL_PERCENT.search(t) or SMALL_SIGNALS.search(t)] if m]
        problems += [f"{name}: hidden figure {v} in a table" for v in shown["numbers"]
                     if any(np.isclose(v, h) for h in HIDDEN_NUMBERS)]
        problems += [f"{name}: small count {v!r} in column {c!r}" for c, v in shown["count_cells"] if _is_small(v)]
        problems += [f"{name}: small count {v} in chart {c!r}" for c, v in shown["chart_counts"] if _is_small(v)]
        if query.get("indicator") in ("signalen_aantal",):
            problems += [f"{name}: cell {c!r}" for c in shown["cells"] if SMALL_COUNT.match(c)]
            problems += [f"{name}: area {a}" for a in shown["areas"] if SMALL_COUNT.match(a[1])]
        problems += [f"{name}: metric {m}" for m in shown["metrics"]
                     if m[0] in ORG_LABELS.values() and SMALL_COUNT.match(m[1])]
        if any("<5" in t for t in everything):
            seen_small_marker.append(name)
        pages[name] = shown
    assert not problems, "\n".join(problems[:30])

    areas = {code: (waarde, fill) for code, waarde, fill in pages["kaart-wijk-signalen_aantal-2024"]["areas"]}
    grey = [int(SECRET_COLOUR[i:i + 2], 16) for i in (1, 3, 5)] + [235]
    assert areas["WK003401"] == ("<5", grey) and areas["WK003402"] == ("<5", grey), areas
    assert areas["WK003403"][0].startswith("40 signalen per jaar")
    assert pages["kaart-wijk-signalen_aantal-2024"]["cells"].count("<5") == 2
    assert any("Klein aantal (&lt;5): niet getoond" in t for t in pages["kaart-wijk-signalen_aantal-2024"]["text"])
    assert [a[1] for a in pages["kaart-wijk-kinderwerk_bereik_pct-2024"]["areas"]][:2] == \
        ["niet getoond (klein aantal)"] * 2
    assert ("Signalen opgepakt in de basis", "niet getoond (klein aantal)") in pages["overview-2023"]["metrics"]
    assert {"kaart-wijk-signalen_aantal-2024", "kaart-wijk-kinderwerk_bereik_pct-2024",
            "kaart-gemeente-signalen_basis_pct-2023", "overview-2023", "data-2024"} <= set(seen_pages)
    assert "kaart-wijk-signalen_aantal-2024" in seen_small_marker
