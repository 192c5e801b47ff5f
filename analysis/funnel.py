"""A random-effects funnel plot: is a gemeente's share different, or only small or large?

A funnel plot puts a share (%) against the size of the group it is a share of, with control limits
around the national figure. Plain binomial limits ``p ± z·sqrt(p(1−p)/n)`` assume that gemeenten differ
only by chance; they differ far more (supply, policy, population), so with plain limits most gemeenten
lie outside. Widening the limits by a *multiplicative* factor ``sqrt(φ)`` keeps them shrinking with
``n``, so the largest gemeenten are flagged for differences that are small in size but real for every
gemeente — for youth care in 2023 a quarter of the largest gemeenten against none of the smallest.

Following Spiegelhalter (2005, *Funnel plots for comparing institutional performance*, Statistics in
Medicine 24: 1185–1202, §6.2–6.3) the limits here use an *additive* between-gemeente variance ``τ²``::

    s_i² = p(1 − p) / n_i,   z_i(τ²) = (y_i − p) / sqrt(s_i² + τ²)
    φ    = mean of z_i(0)², the z-scores winsorised at their 10th and 90th percentiles
    τ²   = the value at which the winsorised z_i(τ²) have the mean square a winsorised standard normal
           has (0,678); 0 when φ is already at most that
    limits: p ± z_α · sqrt(s_i² + τ²)

Spiegelhalter's moment formula ``τ² = (I·φ − (I − 1)) / (Σ w − Σ w²/Σ w)`` with the winsorised ``φ``
underestimates ``τ²`` badly here: winsorising the z-scores *before* adding ``τ²`` cuts exactly the
largest gemeenten, whose z-scores carry the between-gemeente spread (on simulated gemeenten it gave
``τ`` ≈ 0,55 of the truth, and flagged the largest gemeenten again). Winsorising the z-scores *with*
``τ²`` and matching their mean square keeps the robustness against a few outliers and is unbiased
when the model holds (``tests/test_funnel.py``).

``p`` is the mean of the gemeenten weighted by their group size. ``τ²`` is the spread of the true shares
between gemeenten: the limits do not shrink to nothing for a large gemeente, so a gemeente is outside
because it differs from what gemeenten in general do, not because it is large. A funnel only makes
sense for a share with sampling noise (a count of people out of a group, such as young people with
youth care); a share of inhabitants from the population register is a fact, not a sample: no funnel.

Pure: arrays or Series in, a DataFrame out; no SQL, no Streamlit.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

Z95 = 1.959964  # two-sided normal quantiles of the control limits
Z998 = 3.090232
WINSOR = 0.10  # winsorise the z-scores at this quantile and its mirror (Spiegelhalter 2005)


def _winsorised_normal_square(q: float = WINSOR) -> float:
    """E[clip(Z, z_q, z_(1−q))²] for a standard normal Z: the target mean square of winsorised z-scores."""
    from scipy.stats import norm

    c = float(norm.ppf(1 - q))
    return 1 - 2 * (c * float(norm.pdf(c)) + q) + 2 * q * c * c
POSITIONS = ("boven_998", "boven_95", "binnen", "onder_95", "onder_998", "onbekend")


@dataclass(frozen=True)
class FunnelFit:
    """The centre and spread of one funnel: ``centre`` in %, ``tau2`` in (fraction)².

    ``phi``: the winsorised mean square of the plain z-scores relative to that of a standard normal
    (1: chance alone explains the spread).
    """

    centre: float
    tau2: float
    phi: float
    n_used: int


def funnel_fit(values, n) -> FunnelFit:
    """Centre, overdispersion ``φ`` and additive between-gemeente variance ``τ²`` (module docstring).

    ``values`` are shares in % and ``n`` their denominators; rows without a value or a positive ``n``
    do not count. With fewer than 3 such rows ``τ²`` is 0.
    """
    y = pd.to_numeric(pd.Series(np.asarray(values, dtype=float)), errors="coerce").to_numpy() / 100
    size = np.asarray(n, dtype=float)
    ok = np.isfinite(y) & np.isfinite(size) & (size > 0)
    y, size = y[ok], size[ok]
    if not ok.any():
        return FunnelFit(float("nan"), 0.0, 1.0, 0)
    p = float((y * size).sum() / size.sum())
    if not 0 < p < 1 or y.size < 3:
        return FunnelFit(p * 100, 0.0, 1.0, int(y.size))
    s2 = p * (1 - p) / size

    def winsorised_square(tau2: float) -> float:
        z = (y - p) / np.sqrt(s2 + tau2)
        low, high = np.quantile(z, [WINSOR, 1 - WINSOR])
        return float(np.mean(np.clip(z, low, high) ** 2))

    target = _winsorised_normal_square()
    phi = winsorised_square(0.0) / target
    tau2 = 0.0
    if phi > 1:
        lo, hi = 0.0, float(np.var(y)) * 4 + 1e-12
        for _ in range(60):  # bisection: the mean square falls as tau² grows
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if winsorised_square(mid) > target else (lo, mid)
        tau2 = (lo + hi) / 2
    return FunnelFit(p * 100, float(tau2), phi, int(y.size))


def funnel_limits(fit: FunnelFit, n, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Control limits ``p ± z·sqrt(p(1−p)/n + τ²)`` in %, clipped to 0–100, of the same shape as ``n``."""
    p = fit.centre / 100
    size = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = z * np.sqrt(p * (1 - p) / np.where(size > 0, size, np.nan) + fit.tau2) * 100
    return np.clip(fit.centre - half, 0, 100), np.clip(fit.centre + half, 0, 100)


def position(value: float, lower_95: float, upper_95: float, lower_998: float, upper_998: float) -> str:
    """Where a figure lies: 'boven_998', 'boven_95', 'binnen', 'onder_95', 'onder_998' or 'onbekend'.

    On a limit counts as inside; NaN value or limits: 'onbekend'.
    """
    if any(pd.isna(v) for v in (value, lower_95, upper_95, lower_998, upper_998)):
        return "onbekend"
    if value > upper_998:
        return "boven_998"
    if value > upper_95:
        return "boven_95"
    if value < lower_998:
        return "onder_998"
    if value < lower_95:
        return "onder_95"
    return "binnen"


def funnel(values, n) -> pd.DataFrame:
    """The random-effects funnel per row: ``lower_95``, ``upper_95``, ``lower_998``, ``upper_998`` and ``position``.

    Parameters
    ----------
    values
        Shares in % (10.5 means 10.5%); NaN where unknown.
    n
        The size of the group each share is of (the denominator); same length.

    Returns
    -------
    DataFrame
        One row per input row (the index of ``values`` if it is a Series), limits in %; the fit
        (centre, ``τ²``, ``φ``) in ``.attrs["fit"]``. A row without a value or a positive ``n`` has
        NaN limits and position 'onbekend'.
    """
    index = values.index if isinstance(values, pd.Series) else pd.RangeIndex(len(values))
    v = np.asarray(values, dtype=float)
    size = np.asarray(n, dtype=float)
    fit = funnel_fit(v, size)
    known = np.isfinite(v) & np.isfinite(size) & (size > 0)
    lo95, hi95 = funnel_limits(fit, size, Z95)
    lo998, hi998 = funnel_limits(fit, size, Z998)
    out = pd.DataFrame({"lower_95": np.where(known, lo95, np.nan), "upper_95": np.where(known, hi95, np.nan),
                        "lower_998": np.where(known, lo998, np.nan), "upper_998": np.where(known, hi998, np.nan)},
                       index=index)
    out["position"] = [position(*row) for row in zip(v, out["lower_95"], out["upper_95"], out["lower_998"],
                                                      out["upper_998"])]
    out.attrs["fit"] = fit
    return out


def outside_by_size(values, n, groups: int = 4) -> pd.DataFrame:
    """Share outside the 99.8% limits per size quartile (1 = smallest): the check that limits do not follow size."""
    frame = pd.DataFrame({"value": np.asarray(values, dtype=float), "n": np.asarray(n, dtype=float)})
    frame = frame[frame["value"].notna() & (frame["n"] > 0)].reset_index(drop=True)
    limits = funnel(frame["value"], frame["n"])
    frame["outside"] = limits["position"].isin(["boven_998", "onder_998"])
    frame["size_group"] = pd.qcut(frame["n"].rank(method="first"), groups, labels=False) + 1
    out = frame.groupby("size_group").agg(size_min=("n", "min"), size_max=("n", "max"),
                                          gemeenten=("n", "size"), outside=("outside", "sum"))
    out["outside_pct"] = out["outside"] / out["gemeenten"] * 100
    return out.reset_index()


def simulate_shares(seed: int, count: int = 340, tau: float = 0.012, p: float = 0.11) -> tuple[np.ndarray, np.ndarray]:
    """Gemeenten with known truth for calibration: sizes 200 to 200.000 (log-uniform), true shares
    N(p, tau²), observed shares binomial around them (in %). Returns ``(values, n)``."""
    rng = np.random.default_rng(seed)
    n = np.exp(rng.uniform(np.log(200), np.log(200_000), count)).round()
    true = np.clip(rng.normal(p, tau, count), 0.001, 0.999)
    return rng.binomial(n.astype(int), true) / n * 100, n


# The spread of true youth-care shares between gemeenten (τ, as a fraction), measured with ``funnel_fit`` on
# the CBS youth-care series per gemeente: 1,5–2,0 points in 2015–2023, 1,8 in 2023 (bench/calibration.py).
# Sentences that compare one gemeente with NL use it, so that they say what the funnel on
# Gemeenten vergelijken shows without needing every gemeente's figure.
YOUTHCARE_TAU = 0.018


def outside_spread(value: float, n: float | None, centre: float, tau: float = YOUTHCARE_TAU,
                   z: float = Z95) -> int:
    """+1 above, −1 below, 0 inside the random-effects limits ``centre ± z·sqrt(p(1−p)/n + τ²)`` (values in %).

    Without a known group size only the spread between gemeenten counts (``n`` infinite).
    """
    p = centre / 100
    sampling = p * (1 - p) / n if n and n > 0 else 0.0
    half = z * np.sqrt(sampling + tau ** 2) * 100
    return 1 if value > centre + half else (-1 if value < centre - half else 0)
