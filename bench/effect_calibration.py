"""Calibration of analysis/effect.py (issue 21): coverage, bias and pre-trend test on simulated panels.

    .venv/bin/python bench/effect_calibration.py [runs]     # default 300 runs per row; ~5 minutes

A report, not a test (the fast checks are in tests/test_effect.py). Each row simulates ``runs`` panels
built like the real one (analysis/effect_simulation.py: real 2022 wijk sizes, noise measured on the real
counts, CBS rounding and suppression, staggered starts) and prints:

- coverage: share of 95% intervals that hold the planted effect (target ~0,95);
- bias and sd of log(1 + estimate) and the mean standard error the interval implies (se ≈ sd: honest width);
- pre-trend rejections at 5%: the size under no pre-trend (target ~0,05), the power under a planted one;
- ms per estimate (including the jackknife).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # a script, not a package: run from anywhere

from analysis.effect import estimate_effect  # noqa: E402
from analysis.effect_simulation import real_sizes, simulate_panel  # noqa: E402

TABLE = pd.read_csv(ROOT / "tests" / "data" / "wijk_jeugdzorg_2022.csv")
BY_GEM = TABLE.groupby("gemeente").size().sort_values()


def _one(size_lo: int, size_hi: int) -> list[str]:
    return [BY_GEM[(BY_GEM >= size_lo) & (BY_GEM <= size_hi)].index[0]]


SCENARIOS = [  # label, gemeenten, truth
    ("1 gemeente, ~10 wijken, geen effect", _one(9, 11), {}),
    ("1 gemeente, ~15 wijken, geen effect", _one(14, 16), {}),
    ("1 gemeente, ~25 wijken, geen effect", _one(24, 27), {}),
    ("1 gemeente, ~70 wijken, geen effect", [BY_GEM.index[-1]], {}),
    ("6 gemeenten samen (per wijk), geen effect", list(BY_GEM.index[-12:-6]), {}),
    ("20 gemeenten samen (per gemeente), geen effect", list(BY_GEM.index[-30:-10]), {}),
    ("1 gemeente, ~15 wijken, effect −15%", _one(14, 16), {"effect": -0.15}),
    ("20 gemeenten samen, effect −15%", list(BY_GEM.index[-30:-10]), {"effect": -0.15}),
    ("1 gemeente, ~15 wijken, pre-trend −4%/jaar", _one(14, 16), {"pretrend": -0.04}),
    ("1 gemeente, ~70 wijken, pre-trend −4%/jaar", [BY_GEM.index[-1]], {"pretrend": -0.04}),
    ("20 gemeenten samen, pre-trend −4%/jaar", list(BY_GEM.index[-30:-10]), {"pretrend": -0.04}),
]


def run(gemeenten: list[str], runs: int, seed: int, **truth) -> dict:
    sizes = real_sizes(TABLE, gemeenten)
    rng = np.random.default_rng(seed)
    effect = truth.get("effect", 0.0)
    rows, start = [], time.perf_counter()
    for _ in range(runs):
        e = estimate_effect(simulate_panel(rng, sizes, **truth), unit="wijk", time="year", outcome="outcome",
                            start="start", group="gemeente")
        rows.append((e.relative, e.lower, e.upper, e.pretrend_p, e.cluster, e.n_clusters))
    df = pd.DataFrame(rows, columns=["rel", "lo", "hi", "p", "cluster", "g"])
    logs = np.log1p(df.rel)
    q = (np.log1p(df.hi) - np.log1p(df.lo)) / 2
    return {"wijken": sum(len(s) for s in sizes.values()), "clusters": f"{int(df.g.median())} {df.cluster.iloc[0]}",
            "coverage": ((df.lo <= effect) & (df.hi >= effect)).mean(), "bias": logs.mean() - np.log1p(effect),
            "sd": logs.std(), "half_width": q.mean(), "pretrend_reject": (df.p < 0.05).mean(),
            "ms": (time.perf_counter() - start) / runs * 1000}


def main(runs: int = 300) -> None:
    print(f"{runs} runs per row; coverage binomial sd at 95%: {np.sqrt(0.95 * 0.05 / runs):.3f}")
    print(f"{'scenario':48} {'wijken':>6} {'clusters':>12} {'dekking':>8} {'bias':>7} {'sd':>6} "
          f"{'½breedte':>8} {'pretoets':>8} {'ms':>5}")
    for k, (label, gemeenten, truth) in enumerate(SCENARIOS):
        r = run(gemeenten, runs, seed=1000 + k, **truth)
        print(f"{label:48} {r['wijken']:6d} {r['clusters']:>12} {r['coverage']:8.3f} {r['bias']:+7.4f} "
              f"{r['sd']:6.4f} {r['half_width']:8.4f} {r['pretrend_reject']:8.3f} {r['ms']:5.0f}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
