"""Simulated wijk panels with a known truth, built like the real youth-care panel, to calibrate
``analysis.effect.estimate_effect`` (tests/test_effect.py, bench/effect_calibration.py).

How the real panel looks, and how this copies it:

- **wijk sizes**: the real 2022 counts of young people with youth care per wijk, per gemeente
  (``tests/data/wijk_jeugdzorg_2022.csv``: 3.018 wijken of 335 gemeenten that the boundary rule follows;
  a CBS-suppressed wijk is drawn as a small one of 3–9);
- **noise beyond Poisson**: in the real counts 2015–2022 (wijken of ≥ 50, wijk and year effects removed)
  the log residual has a standard deviation of 0,127 where Poisson alone gives 0,081, and a lag-1
  correlation of 0,39: a wijk-year shock with sd ``noise_sd`` = 0,10 and AR(1) ``ar`` = 0,5 on top of Poisson;
- **CBS publication**: counts rounded to a multiple of 5, below 10 suppressed (NaN);
- **starts**: staggered over ``start_years``; ``share_never`` of the wijken never start.

The truth is planted as a factor ``1 + effect`` on the mean from the start year on (times
``exp(growth × years since the start)`` for an effect that grows), and a pre-trend
as ``exp(pretrend × (year − start))`` on the mean of the wijken that start, in every year (they were
already moving differently before kinderwerk came).
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def publish_like_cbs(counts: np.ndarray, base: int = 5, suppress_below: int = 10) -> np.ndarray:
    """CBS rounding to a multiple of ``base``; counts below ``suppress_below`` become NaN (secret)."""
    out = (np.round(counts / base) * base).astype(float)
    out[counts < suppress_below] = np.nan
    return out


def simulate_panel(rng: np.random.Generator, sizes: dict[str, np.ndarray], *, years=range(2015, 2025),
                   effect: float = 0.0, pretrend: float = 0.0, share_never: float = 0.4,
                   start_years=range(2017, 2024), noise_sd: float = 0.10, ar: float = 0.5,
                   publish: bool = True, growth: float = 0.0) -> pd.DataFrame:
    """One simulated panel: columns wijk, gemeente, year, outcome (published), start (NaN = never).

    ``sizes`` maps a gemeente to the mean counts of its wijken; the mean follows a common year
    pattern, a wijk-year AR(1) lognormal shock, Poisson counts and CBS publication.
    """
    years = np.asarray(list(years))
    gem = np.concatenate([[g] * len(s) for g, s in sizes.items()])
    base = np.concatenate([np.asarray(s, float) for s in sizes.values()])
    n, t = len(base), len(years)
    start = rng.choice(np.asarray(list(start_years)), size=n).astype(float)
    start[rng.random(n) < share_never] = np.nan
    shock = np.empty((n, t))
    shock[:, 0] = rng.normal(0, noise_sd, n)
    for k in range(1, t):
        shock[:, k] = ar * shock[:, k - 1] + rng.normal(0, noise_sd * np.sqrt(1 - ar ** 2), n)
    year_effect = 0.03 * (years - years[0]) + rng.normal(0, 0.03, t)   # a common rise, with wobble
    since = years[None, :] - start[:, None]
    log_mu = np.log(base)[:, None] + year_effect[None, :] + shock
    log_mu += np.where(since >= 0, np.log1p(effect) + growth * np.nan_to_num(since), 0.0)
    log_mu += np.where(np.isnan(since), 0.0, pretrend * np.nan_to_num(since))
    counts = rng.poisson(np.exp(log_mu))
    return pd.DataFrame({
        "wijk": np.repeat([f"W{i:04d}" for i in range(n)], t),
        "gemeente": np.repeat(gem, t),
        "year": np.tile(years, n),
        "outcome": (publish_like_cbs(counts) if publish else counts.astype(float)).ravel(),
        "start": np.repeat(start, t),
    })


def real_sizes(table: pd.DataFrame, gemeenten: list[str] | None = None, rng: np.random.Generator | None = None
               ) -> dict[str, np.ndarray]:
    """Mean counts per gemeente from the real table (gemeente, wijk, aantal); suppressed → 3–9."""
    rng = rng or np.random.default_rng(0)
    t = table if gemeenten is None else table[table.gemeente.isin(gemeenten)]
    filled = np.array(t["aantal"], dtype=float)
    hidden = np.isnan(filled)
    filled[hidden] = rng.integers(3, 10, hidden.sum())
    return {g: filled[(t.gemeente == g).to_numpy()] for g in t.gemeente.unique()}
