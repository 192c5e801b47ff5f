"""Expected use: how much youth care a wijk would have, given who lives there and its gemeente.

A wethouder who sees 14% youth care in one wijk and 6% in another learns little: the wijken differ in
who lives there. Following SCP (*Jeugdhulp in de wijk*, 2020) we fit a multilevel linear model of the
share of young people with youth care per wijk on wijk characteristics, wijken nested in gemeenten::

    y_ij = b0 + x_ij' b + u_j + e_ij,    u_j ~ N(0, tau^2),   e_ij ~ N(0, sigma^2)

with a random intercept ``u_j`` per gemeente ``j`` (statsmodels ``MixedLM``, REML). From it, per area:

``expected_national``
    the fixed part ``b0 + x' b``: what a wijk with this population has on average in NL;
``expected``
    the fixed part plus the gemeente's own effect (its BLUP, the conditional mean of ``u_j`` given the
    data): what this wijk would have given its population *and* its gemeente;
``residual``
    observed minus ``expected``; NaN where the outcome is unknown;
``lower``, ``upper``
    a 95% prediction interval for the observed share: ``expected ± 1.96 · sqrt(v)`` with
    ``v = sigma^2 + Var(u_j | data) + x' Cov(b) x`` — the residual variance, the uncertainty of the
    gemeente's effect (its conditional variance; ``tau^2`` for a gemeente without any fitted wijk) and
    the uncertainty of the fixed coefficients. Left out: the covariance between the estimated
    coefficients and the gemeente effect, the uncertainty of ``tau^2`` and ``sigma^2`` themselves, and
    the fact that a fitted wijk helped estimate its own gemeente's effect (which pulls ``expected``
    slightly towards its own value). The model is unweighted: a small wijk's share is noisier than a
    large one's, but the interval is the same width for both.

Features are standardised (z-scores over the fitted areas), so a coefficient is the change in
percentage points per standard deviation of the feature across wijken. A missing feature value is
imputed with the mean of that feature in the same gemeente, else with the national mean, and counted.
A feature that is constant, or that adds nothing the others do not already say (linearly dependent),
is left out and reported. Areas with an unknown outcome are predicted but not fitted. Input order
does not matter and the result is deterministic: same input, same output.

Pure: DataFrames in, DataFrames out; no SQL, no Streamlit, and no import from the rest of the project
(``warehouse`` fits this model in the build; ``tests/test_layers.py`` checks both).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

Z95 = 1.959964  # two-sided 95% normal quantile
RANK_TOL = 1e-8  # relative singular value under which a feature is taken as linearly dependent
MIN_AREAS = 10  # fewer fitted areas than this: no model
OPTIMISERS = ("bfgs", "lbfgs", "cg", "powell")  # tried in this order


@dataclass(frozen=True)
class Coefficient:
    """One fixed coefficient: percentage points per standard deviation of the feature."""

    feature: str
    estimate: float
    std_error: float
    mean: float  # of the feature over the fitted areas (after imputation)
    sd: float
    imputed: int  # number of areas whose value of this feature was imputed


@dataclass(frozen=True)
class FitSummary:
    """What Over de data shows about one fit."""

    n_fitted: int  # areas with a known outcome: the model was fitted on these
    n_predicted_only: int  # areas with an unknown outcome: predicted, not fitted
    n_groups: int  # gemeenten with at least one fitted area
    intercept: float  # the expected share at the average of every feature, without gemeente effect
    coefficients: tuple[Coefficient, ...]
    tau2: float  # variance between gemeenten (random intercept)
    sigma2: float  # residual variance between wijken within a gemeente
    r2_marginal: float  # Nakagawa & Schielzeth: explained by the features
    r2_conditional: float  # … by the features and the gemeente effect together
    share_imputed: float  # imputed feature cells / all feature cells (all areas)
    dropped: tuple[tuple[str, str], ...] = field(default=())  # (feature, reason in Dutch)
    converged: bool = True


@dataclass(frozen=True)
class ExpectedFit:
    """The per-area result of ``expected_use`` and the summary of the fit."""

    areas: pd.DataFrame
    summary: FitSummary


RESULT_COLUMNS = ["observed", "expected", "expected_national", "residual", "lower", "upper", "imputed"]


def _impute(x: pd.DataFrame, groups: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Missing values: the gemeente's mean of that feature, else the national mean; and where."""
    missing = x.isna()
    within = x.groupby(groups, sort=True).transform("mean")
    filled = x.fillna(within).fillna(x.mean())
    return filled, missing


def _independent(z: np.ndarray, names: list[str]) -> tuple[list[int], list[tuple[str, str]]]:
    """Keep features in the given order as long as each adds a direction the kept ones lack."""
    keep, dropped = [], []
    base = np.ones((z.shape[0], 1))
    scale = np.linalg.norm(z, axis=0).max(initial=1.0)
    for i, name in enumerate(names):
        trial = np.column_stack([base, z[:, keep + [i]]])
        s = np.linalg.svd(trial, compute_uv=False)
        if s[-1] > RANK_TOL * max(scale, s[0]):
            keep.append(i)
        else:
            dropped.append((name, "hangt lineair af van de andere kenmerken"))
    return keep, dropped


def _fit_mixedlm(model, convergence_warning):
    """REML fit; an optimiser that fails numerically or does not converge hands over to the next.

    Returns the first converged fit, else the one with the highest likelihood, and whether it converged.
    """
    best = None
    for method in OPTIMISERS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = model.fit(reml=True, method=[method])
            except (np.linalg.LinAlgError, ValueError, FloatingPointError):
                continue
        ok = bool(getattr(result, "converged", True)) and np.isfinite(result.llf) and not any(
            issubclass(w.category, convergence_warning) for w in caught)
        if ok:
            return result, True
        if best is None or (np.isfinite(result.llf) and result.llf > best.llf):
            best = result
    if best is None:
        raise ValueError("het model is niet te schatten met deze gegevens")
    return best, False


def fit_expected(frame: pd.DataFrame, outcome: str, features: list[str], group: str) -> ExpectedFit:
    """Fit the multilevel model and predict every area; see the module docstring for the method.

    Parameters
    ----------
    frame
        One row per area (the index is the area code, unique), numeric ``features``, the ``outcome``
        (a share in %, NaN where unknown or suppressed) and the ``group`` column (gemeente code).
    outcome, features, group
        Column names.

    Returns
    -------
    ExpectedFit
        ``areas``: the same index as ``frame`` with columns ``observed``, ``expected``,
        ``expected_national``, ``residual``, ``lower``, ``upper`` and ``imputed`` (how many features
        were imputed for that area); ``summary``: a ``FitSummary``.
    """
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    missing_cols = [c for c in [outcome, group, *features] if c not in frame.columns]
    if missing_cols:
        raise KeyError(f"kolommen ontbreken: {missing_cols}")
    if not frame.index.is_unique:
        raise ValueError("de index (gebiedscode) is niet uniek")
    if frame[group].isna().any():
        raise ValueError("elk gebied hoort bij een gemeente: de groepskolom heeft lege cellen")

    order = frame.index.sort_values()  # input order must not matter
    data = frame.loc[order]
    y = pd.to_numeric(data[outcome], errors="coerce").astype(float)
    groups = data[group].astype(str)
    raw = data[list(features)].apply(pd.to_numeric, errors="coerce").astype(float)
    x, missing = _impute(raw, groups)
    fitted = y.notna()
    if fitted.sum() < MIN_AREAS:
        raise ValueError(f"te weinig gebieden met een bekende uitkomst ({int(fitted.sum())}; minimaal {MIN_AREAS})")

    dropped: list[tuple[str, str]] = []
    means = x[fitted].mean()
    sds = x[fitted].std(ddof=0)
    usable = []
    for name in features:
        if x[name].isna().all():
            dropped.append((name, "geen enkele waarde bekend"))
        elif not np.isfinite(sds[name]) or sds[name] <= 1e-12 * max(1.0, abs(means[name])):
            dropped.append((name, "is overal gelijk"))
        else:
            usable.append(name)
    z_all = ((x[usable] - means[usable]) / sds[usable]).to_numpy()
    keep, dependent = _independent(z_all[fitted.to_numpy()], usable)
    dropped += dependent
    kept = [usable[i] for i in keep]
    z_all = z_all[:, keep]

    exog_all = np.column_stack([np.ones(len(data)), z_all])
    exog = exog_all[fitted.to_numpy()]
    endog = y[fitted].to_numpy()
    fit_groups = groups[fitted].to_numpy()
    result, converged = _fit_mixedlm(sm.MixedLM(endog, exog, groups=fit_groups), ConvergenceWarning)

    k = exog.shape[1]
    beta = np.asarray(result.fe_params, dtype=float)
    cov_beta = np.asarray(result.cov_params(), dtype=float)[:k, :k]
    tau2 = float(np.asarray(result.cov_re).ravel()[0])
    sigma2 = float(result.scale)

    blup = {g: float(np.asarray(v).ravel()[0]) for g, v in result.random_effects.items()}
    cond_var = {g: float(np.asarray(v).ravel()[0]) for g, v in result.random_effects_cov.items()}
    u = groups.map(blup).fillna(0.0).to_numpy()
    var_u = groups.map(cond_var).fillna(tau2).to_numpy()

    national = exog_all @ beta
    expected = national + u
    var_fixed = np.einsum("ij,jk,ik->i", exog_all, cov_beta, exog_all)
    half = Z95 * np.sqrt(sigma2 + var_u + var_fixed)
    areas = pd.DataFrame({
        "observed": y.to_numpy(),
        "expected": expected,
        "expected_national": national,
        "residual": np.where(fitted, y.to_numpy() - expected, np.nan),
        "lower": expected - half,
        "upper": expected + half,
        "imputed": missing.sum(axis=1).to_numpy().astype(int),
    }, index=data.index).loc[frame.index]

    var_f = float(np.var(national[fitted.to_numpy()]))
    total = var_f + tau2 + sigma2
    bse = np.sqrt(np.clip(np.diag(cov_beta), 0, None))
    coefficients = tuple(
        Coefficient(name, float(beta[i + 1]), float(bse[i + 1]), float(means[name]), float(sds[name]),
                    int(missing[name].sum()))
        for i, name in enumerate(kept))
    n_cells = missing.size
    summary = FitSummary(
        n_fitted=int(fitted.sum()), n_predicted_only=int((~fitted).sum()),
        n_groups=int(pd.unique(fit_groups).size), intercept=float(beta[0]), coefficients=coefficients,
        tau2=tau2, sigma2=sigma2,
        r2_marginal=var_f / total if total > 0 else float("nan"),
        r2_conditional=(var_f + tau2) / total if total > 0 else float("nan"),
        share_imputed=float(missing.to_numpy().sum() / n_cells) if n_cells else 0.0,
        dropped=tuple(dropped), converged=converged)
    return ExpectedFit(areas=areas, summary=summary)


def expected_use(frame: pd.DataFrame, outcome: str, features: list[str], group: str) -> pd.DataFrame:
    """Expected youth-care share per area given its population and gemeente, with a 95% interval.

    The DataFrame of ``fit_expected(...).areas``: same index as ``frame``; columns ``observed``,
    ``expected``, ``expected_national``, ``residual``, ``lower``, ``upper``, ``imputed``. The fit
    summary (coefficients, n, R², share imputed) is in ``.attrs["fit"]``.
    """
    fit = fit_expected(frame, outcome, features, group)
    areas = fit.areas.copy()
    areas.attrs["fit"] = fit.summary
    return areas
