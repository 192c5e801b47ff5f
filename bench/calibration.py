"""Calibration of the verdicts (issue 18): are wijken and gemeenten flagged because they differ, not because of size?

    .venv/bin/python bench/calibration.py        (make bench runs it too; needs the built warehouse)

Prints four tables and returns them for ``bench/results/latest.json``:

(1) expected use, simulated binomial counts with known truth on the real wijk sizes of 2021: coverage of the
    95% interval per size tercile, pooled over ``REPLICATES`` replicates (target 93–97,5% in every tercile);
(2) expected use, the real 2021 and 2022 data as the build fitted them (table ``expected_calibration``): share
    of wijken outside per size quartile (target 2–10% in every quartile);
(3) the funnel, simulated gemeenten with an additive spread: share outside the 99,8% limits per size quartile;
(4) the funnel on the real youth care per gemeente, every year of the CBS series: share outside the 99,8%
    limits per size quartile (target for 2023: ≤ 6% in the smallest and in the largest quartile).

The tests (tests/test_expected_calibration.py, tests/test_funnel.py) run the same checks with fewer replicates.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REPLICATES = 10  # simulated data sets per table (a tercile then holds about 9.300 wijken)


def _connect():
    from warehouse import DEFAULT_WAREHOUSE
    return duckdb.connect(str(DEFAULT_WAREHOUSE), read_only=True)


def expected_simulated(con, replicates: int = REPLICATES) -> pd.DataFrame:
    """Coverage per size tercile of simulated counts on the real wijk sizes of 2021."""
    from analysis.expected import calibration, fit_expected, simulate_counts
    sizes = con.execute("""SELECT region_code, denominator FROM observation WHERE indicator_id = 'jzw_pct'
                           AND region_code LIKE 'WK%' AND year = 2021 AND indeling_year = 2021
                           AND denominator >= 1 ORDER BY region_code""").df().set_index("region_code")["denominator"]
    groups = pd.Series("GM" + sizes.index.str[2:6], index=sizes.index)
    tables = []
    for seed in range(replicates):
        frame = simulate_counts(sizes, groups, seed)
        tables.append(calibration(fit_expected(frame, "y", ["x1", "x2"], "gemeente", "n").areas, frame["n"], 3))
    pooled = pd.concat(tables).groupby("size_group").agg(size_min=("size_min", "min"), size_max=("size_max", "max"),
                                                         wijken=("wijken", "sum"), above=("above", "sum"),
                                                         below=("below", "sum"))
    pooled["covered_pct"] = 100 - (pooled["above"] + pooled["below"]) / pooled["wijken"] * 100
    return pooled.reset_index()


def expected_real(con) -> pd.DataFrame:
    """The calibration the build measured on the real 2021 and 2022 data."""
    return con.execute("SELECT * FROM expected_calibration ORDER BY year, size_group").df()


def funnel_simulated(replicates: int = REPLICATES) -> pd.DataFrame:
    """Share outside the 99,8% limits per size quartile, simulated gemeenten pooled."""
    from analysis.funnel import outside_by_size, simulate_shares
    tables = [outside_by_size(*simulate_shares(100 + seed)) for seed in range(replicates)]
    pooled = pd.concat(tables).groupby("size_group")[["gemeenten", "outside"]].sum()
    pooled["outside_pct"] = pooled["outside"] / pooled["gemeenten"] * 100
    return pooled.reset_index()


def funnel_real(con) -> pd.DataFrame:
    """Share outside the 99,8% limits per size quartile for every year of the CBS youth-care series."""
    from analysis.funnel import funnel_fit, outside_by_size
    from analysis.neighbours import funnel_points
    sql = (ROOT / "queries" / "youthcare_funnel.sql").read_text(encoding="utf-8")
    rows = []
    for year in range(2015, 2024):
        df = con.execute(sql, {"year": year}).df()
        g = df[df["level"] == "gemeente"]
        if g.empty:
            continue
        indicator = g["indicator_id"].iloc[0]
        points = funnel_points(g, indicator)
        table = outside_by_size(points["value"], points["n"])
        fit = funnel_fit(points["value"], points["n"])
        rows.append({"year": year, "gemeenten": len(points), "tau_pp": fit.tau2 ** 0.5 * 100,
                     **{f"q{int(r.size_group)}_pct": r.outside_pct for r in table.itertuples()}})
    return pd.DataFrame(rows)


def main() -> dict:
    """Run the four tables, print them, and return them as plain data."""
    start = time.perf_counter()
    con = _connect()
    out = {"expected_simulated": expected_simulated(con), "expected_real": expected_real(con),
           "funnel_simulated": funnel_simulated(), "funnel_real": funnel_real(con)}
    pd.set_option("display.width", 160)
    print(f"\n[calibratie] verwacht gebruik, nagebootst ({REPLICATES}×, echte wijkgroottes 2021): "
          "dekking van het 95%-interval per derde (doel 93–97,5%)")
    print(out["expected_simulated"].round(2).to_string(index=False))
    print("\n[calibratie] verwacht gebruik, echt 2021 en 2022: buiten het interval per kwart (doel 2–10%)")
    print(out["expected_real"].round(2).to_string(index=False))
    print(f"\n[calibratie] trechter, nagebootst ({REPLICATES}× 340 gemeenten): buiten 99,8% per kwart (nominaal 0,2%)")
    print(out["funnel_simulated"].round(2).to_string(index=False))
    print("\n[calibratie] trechter, echte jeugdzorg per gemeente: buiten 99,8% per kwart (doel 2023: ≤ 6% in q1 en q4)")
    print(out["funnel_real"].round(2).to_string(index=False))
    print(f"\n[calibratie] {time.perf_counter() - start:.1f} s")
    return {k: v.to_dict("records") for k, v in out.items()}


if __name__ == "__main__":
    main()
