"""The audit of small numbers ACROSS tables: what every published table of organisation data says
together, solved as a linear programme (scipy linprog), for several gemeenten and planted files.

How it works. Organisation files go through the real importer and publication into a copy of a
really built warehouse; then every query in queries/ that returns organisation figures runs through
``run_query`` (the tables behind the pages, downloads, the deck and the PDF). The unknowns are the
published cells y of one gemeente and year (wijk x month x category x outcome for signals; the
delivered wijk x month x activity x age-band cells for reach). Every shown figure is an equation, every
hidden ('<5') figure a range 1..threshold-1, every absent row a zero. The true cell x lies within
base-1 of its published cell (base = the rounding base; 1 = no rounding). For every true cell below
the threshold the test asks the LP for the smallest and largest x the tables allow, and demands at
least ``threshold`` possible whole values (0-4 for 5): nobody can narrow a small figure further.

The audit can fail: with the rounding switched off (base 1, only the suppression of single tables,
as before), it finds the planted 2 of the issue pinned to exactly 2.
"""
from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

import queries
from orgdata.contract import ACTIVITY_TYPES, HANDLED_IN_BASIS, SIGNAL_CATEGORIES, SIGNAL_OUTCOMES
from orgdata.store import import_file
from tests.conftest import pointed_at
from warehouse import build as wbuild

YEAR = 2024
KIDS_BANDS = ["4-7", "8-11", "12-14"]
ORG_INDICATORS = {"signalen_aantal", "signalen_basis_pct", "kinderwerk_kinderen", "kinderwerk_bereik_pct"}
# Queries that publish organisation figures, and how the audit reads them. A new query that
# returns organisation figures fails test_every_query_with_organisation_figures_is_audited.
SIGNAL_QUERIES = {"signals_by_month", "signals_by_category_outcome", "signals_by_wijk", "signals_by_year"}
OBSERVATION_QUERIES = {"wijk_profile", "indicator_by_wijk", "indicator_by_gemeente", "headline_by_gemeente",
                       "headline_newest_by_gemeente", "headline_newest_export", "trend_by_gemeente", "prevention_trend",
                       "investment_defaults", "effect_reach_by_wijk",  # issue 21: kinderwerk reach per wijk, Werkt het?
                       "published_figures"}  # issue 23: the stable downloads, every observation


# --- the data: a seeded file per gemeente, and planted small cells ------------------------------

def wijken_of(warehouse, gemeente: str, n: int) -> list[str]:
    import duckdb
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT code FROM region WHERE level = 'wijk' AND parent_code = $g AND indeling_year = $y "
                           "ORDER BY code LIMIT $n", {"g": gemeente, "y": YEAR, "n": n}).fetchall()
    return [r[0] for r in rows]


def seeded_signals(wijken: list[str], seed: int) -> pd.DataFrame:
    """Sparse small signal cells, as a kinderwerk organisation registers them."""
    rng = np.random.default_rng(seed)
    rows = [(w, f"{YEAR}-{m:02d}", c, o, int(rng.integers(1, 12)))
            for w in wijken for m in range(2, 13) for c in SIGNAL_CATEGORIES[:3] for o in SIGNAL_OUTCOMES[:3]
            if rng.random() < 0.35]
    return pd.DataFrame(rows, columns=["wijkcode", "maand", "categorie", "uitkomst", "aantal"])


def seeded_reach(wijken: list[str], seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [(w, f"{YEAR}-{m:02d}", a, b, int(rng.integers(3, 40)), 50, 12.5, 3, 1)
            for w in wijken for m in range(1, 13) for a in ACTIVITY_TYPES[:3] for b in KIDS_BANDS
            if rng.random() < 0.5]
    return pd.DataFrame(rows, columns=["wijkcode", "maand", "activiteit", "leeftijdsgroep", "unieke_kinderen",
                                       "contacten", "uren", "ouders_bereikt", "vrijwilligers"])


def issue_signals(wijk: str) -> pd.DataFrame:
    """The issue's case: 2 signals about opvoeding in January in one wijk, larger cells elsewhere."""
    rows = [(wijk, f"{YEAR}-01", "opvoeding", SIGNAL_OUTCOMES[0], 2),
            (wijk, f"{YEAR}-02", SIGNAL_CATEGORIES[1], SIGNAL_OUTCOMES[0], 10),
            (wijk, f"{YEAR}-03", SIGNAL_CATEGORIES[1], SIGNAL_OUTCOMES[1], 8)]
    return pd.DataFrame(rows, columns=["wijkcode", "maand", "categorie", "uitkomst", "aantal"])


def csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, sep=";", decimal=",").encode()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit")
    path = root / "built.duckdb"
    wbuild.build(out=path, store=root / "empty_store.duckdb")
    return path


GEMEENTEN = {"GM0147": 3, "GM0034": 4, "GM0363": 3}  # Borne, Almere, Amsterdam: wijken used


def planted(built) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Per gemeente the signals and reach files, with one small cell planted in different places."""
    files = {}
    for i, (gemeente, n) in enumerate(GEMEENTEN.items()):
        wijken = wijken_of(built, gemeente, n)
        signals, reach = seeded_signals(wijken, 11 + i), seeded_reach(wijken, 21 + i)
        if gemeente == "GM0147":
            signals = issue_signals(wijken[0])  # small in a month, a category, an outcome
        elif gemeente == "GM0034":  # small in a wijk of its own, and in an activity and an age band
            signals = pd.concat([signals, pd.DataFrame([(wijken[-1], f"{YEAR}-01", SIGNAL_CATEGORIES[5],
                                                         SIGNAL_OUTCOMES[4], 3)], columns=signals.columns)])
            reach = pd.concat([reach[~((reach.wijkcode == wijken[0]) & (reach.maand == f"{YEAR}-01"))],
                               pd.DataFrame([(wijken[0], f"{YEAR}-01", ACTIVITY_TYPES[7], "12-14", 2, 3, 1.0, 0, 1)],
                                            columns=reach.columns)])
        files[gemeente] = (signals, reach)
    return files


def set_rounding(store, key: str, base: int) -> None:
    """Give the store a known key and base (as a beheerder could restore them from a backup)."""
    import duckdb
    from orgdata import store as orgstore
    orgstore.import_log(store)  # creates the store with a random key
    with duckdb.connect(str(store)) as con:
        con.execute("UPDATE privacy_key SET key = $k, base = $b", {"k": key, "b": base})


def published(built, tmp_path, monkeypatch, base: int | None = None) -> tuple:
    """Import the planted files into a copy of the warehouse (rounding base: the threshold, or ``base``)."""
    warehouse, store = tmp_path / "w.duckdb", tmp_path / "s.duckdb"
    shutil.copyfile(built, warehouse)
    set_rounding(store, "audit", base if base is not None else 5)  # the key and base live in the store (issue 19)
    files = planted(built)
    for gemeente, (signals, reach) in files.items():
        for kind, df in (("signalen", signals), ("bereik", reach)):
            result = import_file(csv(df), f"{kind}_{gemeente}.csv", kind, f"Org {gemeente}", store=store,
                                 publish_to=warehouse)
            assert result.status == "geïmporteerd", result.summary
    return warehouse, files


# --- the published tables ---------------------------------------------------------------------

def params_for(name: str, gemeente: str) -> list[dict]:
    wanted = queries.query_parameters(name)
    options = {"gemeente": [gemeente], "year": [YEAR], "level": ["wijk"], "indicator": sorted(ORG_INDICATORS)}
    combos = [{}]
    for p in sorted(wanted):
        combos = [dict(c, **{p: v}) for c in combos for v in options.get(p, [None])]
    return combos if all(None not in c.values() for c in combos) else []


def tables(gemeente: str) -> dict[str, list[tuple[dict, pd.DataFrame]]]:
    """Every query's output with organisation figures (privacy_kind set), per parameter set."""
    out = {}
    for name in queries.query_names():
        for params in params_for(name, gemeente):
            df = queries.run_query(name, **params)
            if "privacy_kind" in df.columns and df["privacy_kind"].notna().any():
                out.setdefault(name, []).append((params, df))
    return out


# --- the linear programme ---------------------------------------------------------------------

class Programme:
    """Unknown published cells y >= 0; rows: equalities and ranges over sums of them."""

    def __init__(self, cells: list[tuple]):
        self.index = {c: i for i, c in enumerate(cells)}
        self.eq, self.eq_b, self.ub, self.ub_b = [], [], [], []

    def row(self, weights: dict) -> np.ndarray:
        r = np.zeros(len(self.index))
        for c, w in weights.items():
            r[self.index[c]] += w
        return r

    def equal(self, weights: dict, value: float) -> None:
        if weights:
            self.eq.append(self.row(weights)); self.eq_b.append(value)
        else:
            assert abs(value) < 1e-9

    def between(self, weights: dict, low: float, high: float) -> None:
        r = self.row(weights)
        self.ub.append(-r); self.ub_b.append(-low)
        if np.isfinite(high):
            self.ub.append(r); self.ub_b.append(high)

    def bounds(self, cell: tuple) -> tuple[float, float]:
        c = np.zeros(len(self.index)); c[self.index[cell]] = 1
        kw = dict(A_eq=np.array(self.eq) if self.eq else None, b_eq=self.eq_b or None,
                  A_ub=np.array(self.ub) if self.ub else None, b_ub=self.ub_b or None,
                  bounds=(0, None), method="highs")
        low, high = linprog(c, **kw), linprog(-c, **kw)
        assert low.status == 0, low.message  # the published tables are consistent with some data
        return low.fun, (np.inf if high.status == 3 else -high.fun)


def shown(df: pd.DataFrame, column: str = "value") -> pd.DataFrame:
    return df[df["status"] != "suppressed"] if column == "value" else df


def add(lp: Programme, weights: dict, row: pd.Series, limit: int) -> None:
    """One published count: shown is an equation; hidden means not zero (small, or its complement)."""
    if row["status"] == "suppressed":
        lp.between(weights, 1, np.inf)
    elif row["status"] == "value" and pd.notna(row["value"]):
        lp.equal(weights, row["value"])


def add_rate(lp: Programme, numerator: dict, denominator: dict, row: pd.Series) -> None:
    if row["status"] == "value" and pd.notna(row["value"]):
        lp.equal({c: numerator.get(c, 0) - row["value"] / 100 * denominator.get(c, 0)
                  for c in set(numerator) | set(denominator)}, 0)


def signal_programme(gemeente: str, wijken: list[str], published_tables: dict, limit: int) -> Programme:
    months = [f"{YEAR}-{m:02d}-01" for m in range(1, 13)]
    cells = [(w, m, c, o) for w in wijken for m in months for c in SIGNAL_CATEGORIES for o in SIGNAL_OUTCOMES]
    lp = Programme(cells)

    def ones(pred) -> dict:
        return {c: 1 for c in cells if pred(*c)}

    def basis(pred) -> dict:
        return {c: 1 for c in cells if pred(*c) and c[3] in HANDLED_IN_BASIS}

    for params, df in published_tables.get("signals_by_month", []):
        listed = {(r.dimension, r.label, str(r.month)[:10]) for r in df.itertuples()}
        for _, r in df.iterrows():
            i = 2 if r["dimension"] == "categorie" else 3
            add(lp, ones(lambda w, m, c, o: m == str(r["month"])[:10] and (c, o)[i - 2] == r["label"]), r, limit)
        for dim, labels, i in (("categorie", SIGNAL_CATEGORIES, 2), ("uitkomst", SIGNAL_OUTCOMES, 3)):
            for label in labels:
                for month in months:
                    if (dim, label, month) not in listed:  # an absent row: no signals (after rounding)
                        lp.equal(ones(lambda w, m, c, o: m == month and (c, o)[i - 2] == label), 0)
    for params, df in published_tables.get("signals_by_category_outcome", []):
        df = df[df["year"] == YEAR]
        listed = {(r.category, r.outcome) for r in df.itertuples()}
        for _, r in df.iterrows():
            add(lp, ones(lambda w, m, c, o: (c, o) == (r["category"], r["outcome"])), r, limit)
        for cat in SIGNAL_CATEGORIES:
            for out in SIGNAL_OUTCOMES:
                if (cat, out) not in listed:
                    lp.equal(ones(lambda w, m, c, o: (c, o) == (cat, out)), 0)
    for params, df in published_tables.get("signals_by_wijk", []):
        for wijk in wijken:
            rows = df[df["code"] == wijk]
            if rows.empty:
                lp.equal(ones(lambda w, m, c, o: w == wijk), 0)
            for _, r in rows.iterrows():
                if r["measure"] == "signalen":
                    add(lp, ones(lambda w, m, c, o: w == wijk), r, limit)
                else:
                    add_rate(lp, basis(lambda w, m, c, o: w == wijk), ones(lambda w, m, c, o: w == wijk), r)
    for params, df in published_tables.get("signals_by_year", []):
        for _, r in df[df["year"] == YEAR].iterrows():
            if r["measure"] == "signalen":
                add(lp, ones(lambda *c: True), r, limit)
            else:
                add_rate(lp, basis(lambda *c: True), ones(lambda *c: True), r)
    for _, r in observation_rows(published_tables, gemeente).iterrows():
        if r["indicator_id"] not in ("signalen_aantal", "signalen_basis_pct") or r["year"] != YEAR:
            continue
        if r["code"] != gemeente and r["code"] not in wijken:
            continue  # a wijk without planted data: its zero is checked by the signal tables
        scope = (lambda w, m, c, o: True) if r["code"] == gemeente else (lambda w, m, c, o, k=r["code"]: w == k)
        if r["indicator_id"] == "signalen_aantal":
            add(lp, ones(scope), r, limit)
        else:
            add_rate(lp, basis(scope), ones(scope), r)
    return lp


def observation_rows(published_tables: dict, gemeente: str) -> pd.DataFrame:
    """The observation-based tables in one shape: indicator_id, code, year, value, status."""
    frames = []
    for name in OBSERVATION_QUERIES:
        for params, df in published_tables.get(name, []):
            df = df[df["privacy_kind"].notna()].copy()
            if "region_code" in df.columns:  # published_figures: every area; this gemeente and its wijken here
                df = df[(df["region_code"] == gemeente) | (df["parent_code"] == gemeente)].rename(
                    columns={"region_code": "code"})
            if name == "effect_reach_by_wijk":  # issue 21: kinderwerk reach per 2024 wijk and year
                df = df.rename(columns={"wijk": "code"}).assign(indicator_id="kinderwerk_bereik_pct")
            if "indicator_id" not in df.columns:
                df["indicator_id"] = params["indicator"]
            if "code" not in df.columns:
                df["code"] = gemeente
            if "year" not in df.columns:
                df["year"] = params.get("year")
            frames.append(df[["indicator_id", "code", "year", "value", "status"]])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def reach_programme(gemeente: str, reach: pd.DataFrame, published_tables: dict, limit: int,
                    months_per_wijk: dict, kids: dict) -> Programme:
    """Reach cells as delivered (the attacker is even told which exist); published: yearly averages."""
    r = reach[reach["leeftijdsgroep"].isin(KIDS_BANDS)]
    cells = sorted(set(zip(r.wijkcode, r.maand, r.activiteit, r.leeftijdsgroep)))
    lp = Programme(cells)
    obs = observation_rows(published_tables, gemeente)
    obs = obs[(obs["year"] == YEAR) & obs["indicator_id"].isin(["kinderwerk_kinderen", "kinderwerk_bereik_pct"])]
    for _, row in obs.drop_duplicates().iterrows():
        wijken = [w for w in months_per_wijk if row["code"] in (w, gemeente)]
        weights = {c: 1 / months_per_wijk[c[0]] for c in cells if c[0] in wijken}  # reached: mean per month
        if not weights:
            continue
        if row["indicator_id"] == "kinderwerk_kinderen":
            if row["status"] == "suppressed":
                lp.between(weights, 0.5, np.inf)
            else:
                lp.between(weights, row["value"] - 0.5, row["value"] + 0.5)
        elif row["status"] == "value" and row["code"] in kids:
            lp.equal(weights, row["value"] / 100 * kids[row["code"]])
    return lp


# --- the tests ----------------------------------------------------------------------------------

def small_cells(files: dict, gemeente: str, limit: int) -> list[tuple]:
    signals, _ = files[gemeente]
    small = signals[(signals["aantal"] > 0) & (signals["aantal"] < limit)]
    return [(r.wijkcode, f"{r.maand}-01", r.categorie, r.uitkomst, r.aantal) for r in small.itertuples()]


def audit(warehouse, files, base: int, monkeypatch) -> list[tuple]:
    """Every small true cell whose possible values the published tables narrow below the threshold."""
    limit = queries.privacy.threshold()
    failures = []
    gen = pointed_at(warehouse, monkeypatch)
    next(gen)
    import duckdb
    with duckdb.connect(str(warehouse), read_only=True) as con:
        months = dict(con.execute("SELECT wijk_code, count(DISTINCT month) FROM kinderwerk_reach "
                                  "WHERE year(month) = $y GROUP BY 1", {"y": YEAR}).fetchall())
        kids = dict(con.execute("SELECT region_code, value * 11 / 15 FROM observation WHERE indicator_id = "
                                "'kinderen_0_15' AND year = $y AND status = 'value'", {"y": YEAR}).fetchall())
    for gemeente, n in GEMEENTEN.items():
        published_tables = tables(gemeente)
        signals, reach = files[gemeente]
        wijken = sorted(set(signals["wijkcode"]) | set(reach["wijkcode"]))
        lp = signal_programme(gemeente, wijken, published_tables, limit)
        for *cell, true in small_cells(files, gemeente, limit):
            low, high = lp.bounds(tuple(cell))
            low, high = max(0.0, low - (base - 1)), high + (base - 1)
            assert low <= true + 1e-6 and true <= high + 1e-6  # the truth is always possible
            if high - low < limit - 1 - 1e-6:
                failures.append((gemeente, *cell, true, round(low, 3), round(high, 3)))
        rp = reach_programme(gemeente, reach, published_tables, limit,
                             {w: months[w] for w in wijken if w in months}, kids)
        small = reach[(reach["unieke_kinderen"] < limit) & reach["leeftijdsgroep"].isin(KIDS_BANDS)]
        for row in small.itertuples():
            low, high = rp.bounds((row.wijkcode, row.maand, row.activiteit, row.leeftijdsgroep))
            low, high = max(0.0, low - (base - 1)), high + (base - 1)
            if high - low < limit - 1 - 1e-6:
                failures.append((gemeente, row.wijkcode, row.maand, row.activiteit, row.leeftijdsgroep,
                                 row.unieke_kinderen, round(low, 3), round(high, 3)))
    return failures


def test_no_combination_of_published_tables_narrows_a_small_cell(built, tmp_path, monkeypatch):
    warehouse, files = published(built, tmp_path, monkeypatch)
    assert small_cells(files, "GM0147", 5) == [(wijken_of(built, "GM0147", 1)[0], f"{YEAR}-01-01", "opvoeding",
                                                 SIGNAL_OUTCOMES[0], 2)]
    assert audit(warehouse, files, base=5, monkeypatch=monkeypatch) == []


def test_the_audit_finds_the_issue_case_without_rounding(built, tmp_path, monkeypatch):
    """Suppression per table alone (base 1): the planted 2 of Borne is pinned, as the issue found."""
    warehouse, files = published(built, tmp_path, monkeypatch, base=1)
    failures = audit(warehouse, files, base=1, monkeypatch=monkeypatch)
    borne = [f for f in failures if f[0] == "GM0147"]
    assert borne and borne[0][-3:] == (2, 2.0, 2.0)


def test_every_query_with_organisation_figures_is_audited(built, tmp_path, monkeypatch):
    warehouse, _ = published(built, tmp_path, monkeypatch)
    gen = pointed_at(warehouse, monkeypatch)
    next(gen)
    found = set()
    for gemeente in GEMEENTEN:
        found |= set(tables(gemeente))
    assert found == SIGNAL_QUERIES | OBSERVATION_QUERIES


def test_published_cells_are_multiples_of_the_threshold_and_zero_rows_are_absent(built, tmp_path, monkeypatch):
    import duckdb
    warehouse, files = published(built, tmp_path, monkeypatch)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM signal WHERE count % 5 <> 0 OR count = 0").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM kinderwerk_reach WHERE children_unique % 5 <> 0 "
                           "OR contacts % 5 <> 0").fetchone()[0] == 0
        total = con.execute("SELECT sum(count) FROM signal").fetchone()[0]
    true_total = sum(int(s["aantal"].sum()) for s, _ in files.values())
    # unbiased: the published total stays near the true one (each cell moves less than 5)
    assert abs(total - true_total) < 0.1 * true_total


def test_the_same_cell_rounds_the_same_way_in_every_release(built, tmp_path, monkeypatch):
    """The draw depends on the key and the cell, not on the import: a new file changes nothing old."""
    import duckdb
    warehouse, files = published(built, tmp_path, monkeypatch)
    q = "SELECT wijk_code, month, category, outcome, count FROM signal ORDER BY ALL"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        before = con.execute(q).fetchall()
    wbuild.publish_org_data(warehouse, tmp_path / "s.duckdb")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(q).fetchall() == before
    set_rounding(tmp_path / "s.duckdb", "another key", 5)
    wbuild.publish_org_data(warehouse, tmp_path / "s.duckdb")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(q).fetchall() != before  # the key decides: without it, nobody can redo it
