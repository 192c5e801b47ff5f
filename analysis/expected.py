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
    slightly towards its own value). This linear model is unweighted: a small wijk's share is noisier
    than a large one's, but the interval is the same width for both — so it flags small wijken far more
    often than large ones. Use it only for shares without a denominator; with one, use *Counts* below.

*Counts* (``denominator=`` given; what the build uses). The outcome is then a share (%) of a known
group — young people with youth care out of the young population — and a share in a wijk of 30 young
people swings far more than one of 3.000. So the count itself is modelled, binomial on the logit scale::

    k_ij ~ Binomial(n_ij, p_ij),   logit p_ij = b0 + x_ij' b + u_j + e_ij,
    u_j ~ N(0, tau^2) (gemeente),  e_ij ~ N(0, sigma^2) (wijk spread beyond chance)

fitted as a linear mixed model on the empirical logits with each wijk's own sampling variance
``1/(n p (1-p))`` known (plus the variance of the publisher's rounding) and ``tau^2``, ``sigma^2`` by
REML — the between-wijk variance is estimated *without* the sampling noise — re-linearised at the
fitted shares until stable (a penalised quasi-likelihood fit). Then per wijk:

``expected``
    the mean share of a wijk with this population in this gemeente, where the gemeente effect is
    estimated from the *other* wijken of the gemeente (leave one out: a large wijk cannot set its own
    yardstick);
``expected_national``
    the mean share of a wijk with this population over all gemeenten;
``lower``, ``upper``
    the 2.5% and 97.5% quantiles of the count this wijk could have: binomial on its own ``n`` around a
    share whose logit is ``N(eta, sigma^2 + Var(u_j | other wijken) + x' Cov(b) x)``, after the publisher's
    rounding and suppression, as a share of ``n`` (half a rounding step wider on each side, so that a
    published count on the quantile counts as inside). Always within 0–100%; narrow for a large wijk,
    wide for a small one.

Counts the publisher hid because they are below a threshold (CBS: 10) are not left out, which would
let small wijken in only when their share is high (a selection on the outcome): such a wijk enters the
fit with its expected count given that it is below the threshold (re-estimated every round), and gets an
expectation and an interval but no verdict. ``summary.tau2`` and ``sigma2`` are then on the logit scale,
a coefficient is in percentage points per standard deviation at the average share, and R² is on the
logit scale of the true shares (sampling noise excluded). ``calibration`` counts the wijken outside
their interval per size group: with intervals that follow size, about 5% in every group.

Features are standardised (z-scores over the fitted areas), so a coefficient is the change in
percentage points per standard deviation of the feature across wijken. A missing feature value is
imputed with the mean of that feature in the same gemeente, else with the national mean, and counted.
A feature that is constant, or that adds nothing the others do not already say (linearly dependent),
is left out and reported. Areas with an unknown outcome are predicted but not fitted. Input order
does not matter and the result is deterministic: same input, same output.

Pure: DataFrames in, DataFrames out; numpy, pandas, scipy and statsmodels; no SQL, no Streamlit, and no
import from the rest of the project
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
    model: str = "lineair"  # "lineair" (shares) or "binomiaal" (counts of a denominator, logit scale)
    n_suppressed: int = 0  # areas whose count is only known to be below the threshold (fitted as such)


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


def fit_expected(frame: pd.DataFrame, outcome: str, features: list[str], group: str,
                 denominator: str | None = None, *, suppressed: str | None = None,
                 suppressed_below: float | None = None, rounding: float = 1) -> ExpectedFit:
    """Fit the multilevel model and predict every area; see the module docstring for the method.

    Parameters
    ----------
    frame
        One row per area (the index is the area code, unique), numeric ``features``, the ``outcome``
        (a share in %, NaN where unknown or suppressed) and the ``group`` column (gemeente code).
    outcome, features, group
        Column names.
    denominator
        Column with the size of the group the outcome is a share (%) of. Given, the count model is
        fitted (module docstring, *Counts*); without it, the linear model on the shares.
    suppressed, suppressed_below, rounding
        Count model only. ``suppressed``: a boolean column, True where the publisher hid the count
        because it is below ``suppressed_below`` (the outcome is NaN there); such areas are fitted as
        "known to be below", not left out. ``rounding``: the publisher rounds counts to multiples of
        this (CBS: 5); the rounding noise is part of the interval.

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
    if denominator is not None and denominator not in frame.columns:
        raise KeyError(f"kolommen ontbreken: {[denominator]}")

    order = frame.index.sort_values()  # input order must not matter
    data = frame.loc[order]
    y = pd.to_numeric(data[outcome], errors="coerce").astype(float)
    groups = data[group].astype(str)
    raw = data[list(features)].apply(pd.to_numeric, errors="coerce").astype(float)
    x, missing = _impute(raw, groups)
    fitted = y.notna()
    hidden = pd.Series(False, index=data.index)
    if denominator is not None:
        n = pd.to_numeric(data[denominator], errors="coerce").astype(float)
        fitted &= n.gt(0)
        if suppressed is not None and suppressed_below:
            hidden = data[suppressed].fillna(False).astype(bool) & y.isna() & n.gt(0)
    if fitted.sum() < MIN_AREAS:
        raise ValueError(f"te weinig gebieden met een bekende uitkomst ({int(fitted.sum())}; minimaal {MIN_AREAS})")

    dropped: list[tuple[str, str]] = []
    modelled = fitted | hidden
    means = x[modelled].mean()
    sds = x[modelled].std(ddof=0)
    usable = []
    for name in features:
        if x[name].isna().all():
            dropped.append((name, "geen enkele waarde bekend"))
        elif not np.isfinite(sds[name]) or sds[name] <= 1e-12 * max(1.0, abs(means[name])):
            dropped.append((name, "is overal gelijk"))
        else:
            usable.append(name)
    z_all = ((x[usable] - means[usable]) / sds[usable]).to_numpy()
    keep, dependent = _independent(z_all[modelled.to_numpy()], usable)
    dropped += dependent
    kept = [usable[i] for i in keep]
    z_all = z_all[:, keep]

    exog_all = np.column_stack([np.ones(len(data)), z_all])
    if denominator is not None:
        fit = _count_fit(data, y, n, hidden, groups, exog_all, fitted, kept, means, sds, missing, dropped,
                         rounding, suppressed_below)
        return ExpectedFit(areas=fit.areas.loc[frame.index], summary=fit.summary)
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


def _count_fit(data, y, n, hidden, groups, exog_all, fitted, kept, means, sds, missing, dropped, rounding,
               suppressed_below) -> ExpectedFit:
    """The count model's ExpectedFit: per-area columns as the linear model's, coefficients in pp at the mean."""
    yv, f = y.to_numpy(), fitted.to_numpy()
    expected, national, lower, upper, m = _count_areas(yv, n.to_numpy(), hidden.to_numpy(), groups.to_numpy(),
                                                      exog_all, f, rounding, suppressed_below)
    areas = pd.DataFrame({
        "observed": yv, "expected": expected, "expected_national": national,
        "residual": np.where(f, yv - expected, np.nan), "lower": lower, "upper": upper,
        "imputed": missing.sum(axis=1).to_numpy().astype(int),
    }, index=data.index)
    beta, cov_beta = m["beta"], m["cov_beta"]
    tau2, sigma2, var_f = m["tau2"], m["sigma2"], m["var_f"]
    centre = float(_mean_share(np.array([beta[0]]), np.array([sigma2 + tau2]))[0])
    slope = centre * (1 - centre) * 100  # pp per unit of logit at the average share
    bse = np.sqrt(np.clip(np.diag(cov_beta), 0, None))
    coefficients = tuple(
        Coefficient(name, float(beta[i + 1] * slope), float(bse[i + 1] * slope), float(means[name]),
                    float(sds[name]), int(missing[name].sum()))
        for i, name in enumerate(kept))
    total = var_f + tau2 + sigma2
    n_cells = missing.size
    summary = FitSummary(
        n_fitted=int(f.sum()), n_predicted_only=int((~fitted).sum()), n_groups=m["n_groups"],
        intercept=centre * 100, coefficients=coefficients, tau2=tau2, sigma2=sigma2,
        r2_marginal=var_f / total if total > 0 else float("nan"),
        r2_conditional=(var_f + tau2) / total if total > 0 else float("nan"),
        share_imputed=float(missing.to_numpy().sum() / n_cells) if n_cells else 0.0,
        dropped=tuple(dropped), converged=m["converged"], model="binomiaal", n_suppressed=int(hidden.sum()))
    return ExpectedFit(areas=areas, summary=summary)


def expected_use(frame: pd.DataFrame, outcome: str, features: list[str], group: str,
                 denominator: str | None = None, **count_options) -> pd.DataFrame:
    """Expected youth-care share per area given its population and gemeente, with a 95% interval.

    With ``denominator`` the outcome is a share (%) of that column and the count model is used (see
    ``fit_expected`` for ``suppressed``, ``suppressed_below`` and ``rounding``).

    The DataFrame of ``fit_expected(...).areas``: same index as ``frame``; columns ``observed``,
    ``expected``, ``expected_national``, ``residual``, ``lower``, ``upper``, ``imputed``. The fit
    summary (coefficients, n, R², share imputed) is in ``.attrs["fit"]``.
    """
    fit = fit_expected(frame, outcome, features, group, denominator, **count_options)
    areas = fit.areas.copy()
    areas.attrs["fit"] = fit.summary
    return areas


# --- counts: a binomial (logit) multilevel model ------------------------------------------------

GH_NODES = 24  # Gauss-Hermite nodes for averages over the normal spread on the logit scale
_GH_X, _GH_W = np.polynomial.hermite_e.hermegauss(GH_NODES)
_GH_W = _GH_W / _GH_W.sum()
MAX_ROUNDS = 30  # linearisation rounds of the count model
LOG_VAR_BOUNDS = (-14.0, 4.0)  # log of tau² and sigma² on the logit scale


def _expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def _mean_share(eta: np.ndarray, var: np.ndarray) -> np.ndarray:
    """E[expit(eta + e)] for e ~ N(0, var): the mean share of areas whose logit spreads around ``eta``."""
    sd = np.sqrt(np.broadcast_to(np.asarray(var, dtype=float), eta.shape))
    return _expit(eta[:, None] + sd[:, None] * _GH_X[None, :]) @ _GH_W


def _reml_parts(z, x, s, g, n_groups, log_tau2, log_sigma2):
    """REML criterion of ``z = x b + u_g + e``, Var(e_i) = sigma² + s_i, Var(u) = tau²; and its pieces."""
    tau2, sigma2 = np.exp(log_tau2), np.exp(log_sigma2)
    w = 1.0 / (sigma2 + s)
    sw = np.bincount(g, w, minlength=n_groups)
    c = tau2 / (1.0 + tau2 * sw)
    xw = x * w[:, None]
    gx = np.stack([np.bincount(g, xw[:, j], minlength=n_groups) for j in range(x.shape[1])], axis=1)
    gz = np.bincount(g, z * w, minlength=n_groups)
    a = x.T @ xw - (gx * c[:, None]).T @ gx
    bvec = xw.T @ z - gx.T @ (c * gz)
    beta = np.linalg.solve(a, bvec)
    r = z - x @ beta
    gr = np.bincount(g, r * w, minlength=n_groups)
    rvr = float((r * r * w).sum() - (c * gr * gr).sum())
    logdet = float(np.log(sigma2 + s).sum() + np.log1p(tau2 * sw).sum())
    crit = 0.5 * (logdet + np.linalg.slogdet(a)[1] + rvr)
    return crit, {"tau2": tau2, "sigma2": sigma2, "beta": beta, "cov_beta": np.linalg.inv(a), "w": w, "sw": sw,
                  "gr": gr, "r": r}


def _reml(z, x, s, g, n_groups, start):
    """Maximise the REML likelihood over log tau² and log sigma² (L-BFGS-B within bounds)."""
    from scipy.optimize import minimize

    result = minimize(lambda t: _reml_parts(z, x, s, g, n_groups, t[0], t[1])[0], start, method="L-BFGS-B",
                      bounds=[LOG_VAR_BOUNDS, LOG_VAR_BOUNDS])
    return result.x, bool(result.success), _reml_parts(z, x, s, g, n_groups, result.x[0], result.x[1])[1]


def _published(k: np.ndarray, rounding: float, suppressed_below: float | None) -> np.ndarray:
    """What the publisher shows for a true count ``k``: rounded to ``rounding``; below the threshold: 0."""
    shown = np.round(k / rounding) * rounding if rounding > 1 else k.astype(float)
    return np.where(k < suppressed_below, 0.0, shown) if suppressed_below else shown


def count_quantile(n: np.ndarray, eta: np.ndarray, var: np.ndarray, q: float) -> np.ndarray:
    """The ``q``-quantile of a count K ~ Binomial(n, expit(eta + e)), e ~ N(0, var), per area.

    A bisection on k over all areas at once; the mixture over e by Gauss-Hermite quadrature.
    """
    from scipy.stats import binom

    size = np.maximum(np.round(n), 1).astype(np.int64)
    p = _expit(eta[:, None] + np.sqrt(var)[:, None] * _GH_X[None, :])
    lo, hi = np.full(size.shape, -1, dtype=np.int64), size.copy()
    while np.any(hi - lo > 1):
        mid = (lo + hi) // 2
        cdf = binom.cdf(mid[:, None], size[:, None], p) @ _GH_W
        ok = cdf >= q
        hi, lo = np.where(ok, mid, hi), np.where(ok, lo, mid)
    return hi


def _truncated_mean(n, eta, var, below):
    """E[K | K < below] for K ~ Binomial(n, expit(eta + e)), e ~ N(0, var): a suppressed count's best guess."""
    from scipy.stats import binom

    size = np.maximum(np.round(n), 1).astype(np.int64)
    ks = np.arange(int(np.ceil(below)))
    p = _expit(eta[:, None] + np.sqrt(var)[:, None] * _GH_X[None, :])
    pmf = binom.pmf(ks[None, None, :], size[:, None, None], p[:, :, None])  # area × node × k
    mass = np.einsum("ank,n->ak", pmf, _GH_W)
    total = mass.sum(axis=1)
    return np.where(total > 0, (mass * ks).sum(axis=1) / np.where(total > 0, total, 1), below / 2)


def _fit_counts(y, n, suppressed, groups, exog_all, fitted, rounding, suppressed_below):
    """The count model on already standardised features; returns per-area arrays and the fit's numbers.

    ``y`` is the observed share in % (NaN where unknown), ``n`` the denominator, ``suppressed`` True where
    the count is only known to be below ``suppressed_below``. Fitted are the areas with a share or a
    suppressed count (``fitted``).
    """
    codes, g_all = np.unique(groups, return_inverse=True)
    n_groups = len(codes)
    used = fitted | suppressed
    idx = np.flatnonzero(used)
    g, x, nn = g_all[idx], exog_all[idx], n[idx]
    supp = suppressed[idx]
    k = np.where(supp, (suppressed_below or 1) / 2, y[idx] * nn / 100)
    rounding_var = rounding ** 2 / 12 if rounding > 1 else 0.0
    p = np.clip((k + 0.5) / (nn + 1), 1e-4, 1 - 1e-4)
    start = np.log([0.05, 0.05])
    converged, state = True, None
    for _ in range(MAX_ROUNDS):
        z = np.log((k + 0.5) / (nn - k + 0.5))
        info = nn * p * (1 - p)
        s = (info + rounding_var) / info ** 2  # sampling variance of the logit (delta method), incl. rounding
        theta, ok, state = _reml(z, x, s, g, n_groups, start)
        converged = ok
        u = state["tau2"] / (1 + state["tau2"] * state["sw"]) * state["gr"]
        eta = x @ state["beta"] + u[g]
        own = eta + state["sigma2"] / (state["sigma2"] + s) * (z - eta)  # the area's smoothed logit
        p_new = np.clip(_expit(own), 1e-6, 1 - 1e-6)
        if supp.any():
            k = k.copy()
            k[supp] = _truncated_mean(nn[supp], eta[supp], np.full(supp.sum(), state["sigma2"]), suppressed_below)
        done = np.max(np.abs(theta - start)) < 1e-4 and np.max(np.abs(p_new - p)) < 1e-5
        start, p = theta, p_new
        if done:
            break
    else:
        converged = False
    return codes, g_all, idx, state, converged


def _count_areas(y, n, suppressed, groups, exog_all, fitted, rounding, suppressed_below):
    """Per-area expected share, interval and the fit's numbers of the count model (see ``fit_expected``)."""
    codes, g_all, idx, st, converged = _fit_counts(y, n, suppressed, groups, exog_all, fitted, rounding,
                                                   suppressed_below)
    tau2, sigma2, beta, cov_beta = st["tau2"], st["sigma2"], st["beta"], st["cov_beta"]
    sw, gr = st["sw"], st["gr"]
    # The gemeente effect seen from each area: for a fitted area without the area itself (leave one out),
    # so that an area is judged against its population and the *other* wijken of its gemeente.
    sw_i, gr_i = sw[g_all].copy(), gr[g_all].copy()
    sw_i[idx] -= st["w"]
    gr_i[idx] -= st["r"] * st["w"]
    var_u = tau2 / (1 + tau2 * sw_i)
    u = var_u * gr_i
    national = exog_all @ beta
    eta = national + u
    var_fixed = np.einsum("ij,jk,ik->i", exog_all, cov_beta, exog_all)
    spread = sigma2 + var_u + var_fixed
    expected = _mean_share(eta, np.full(eta.shape, sigma2)) * 100
    expected_national = _mean_share(national, np.full(eta.shape, sigma2 + tau2)) * 100
    known_n = np.isfinite(n) & (n > 0)
    nn = np.where(known_n, n, 1.0)
    half = rounding / 2 if rounding > 1 else 0.5
    q_lo = _published(count_quantile(nn, eta, spread, (1 - 0.95) / 2), rounding, suppressed_below)
    q_hi_raw = count_quantile(nn, eta, spread, 1 - (1 - 0.95) / 2)
    q_hi = _published(q_hi_raw, rounding, suppressed_below)
    lower = np.where(q_lo > 0, q_lo - half, 0.0)
    upper = np.where(q_hi_raw < suppressed_below, suppressed_below - 0.5, q_hi + half) if suppressed_below \
        else q_hi + half
    lower = np.where(known_n, np.clip(lower / nn * 100, 0, 100), np.nan)
    upper = np.where(known_n, np.clip(upper / nn * 100, 0, 100), np.nan)
    fixed_part = national[fitted]
    var_f = float(np.var(fixed_part)) if fixed_part.size else 0.0
    numbers = {"beta": beta, "cov_beta": cov_beta, "tau2": tau2, "sigma2": sigma2, "converged": converged,
               "var_f": var_f, "n_groups": int(np.unique(g_all[idx]).size)}
    return expected, expected_national, lower, upper, numbers


def calibration(areas: pd.DataFrame, size: pd.Series, groups: int = 4) -> pd.DataFrame:
    """How many areas lie outside their interval, per size group: the check that verdicts do not depend on size.

    ``areas`` has ``observed``, ``lower`` and ``upper`` (as ``expected_use`` returns), ``size`` the group
    size per area (same index). Only areas with an observed value count. Returns one row per size group
    (1 = smallest): ``size_group``, ``size_min``, ``size_max``, ``wijken``, ``above``, ``below`` and
    ``outside_pct``. With a calibrated interval ``outside_pct`` is near 5 in every group.
    """
    known = areas["observed"].notna() & size.reindex(areas.index).notna()
    a, n = areas[known], size.reindex(areas.index)[known]
    bins = pd.qcut(n.rank(method="first"), groups, labels=False) + 1
    frame = pd.DataFrame({"size_group": bins, "size": n, "above": a["observed"] > a["upper"],
                          "below": a["observed"] < a["lower"]})
    out = frame.groupby("size_group").agg(size_min=("size", "min"), size_max=("size", "max"),
                                          wijken=("size", "size"), above=("above", "sum"), below=("below", "sum"))
    out["outside_pct"] = (out["above"] + out["below"]) / out["wijken"] * 100
    return out.reset_index().astype({"size_group": int, "wijken": int, "above": int, "below": int})


def simulate_counts(sizes: pd.Series, groups: pd.Series, seed: int, tau: float = 0.3, sigma: float = 0.25,
                    ) -> pd.DataFrame:
    """Binomial counts with known truth on given sizes: the data the calibration checks are run on.

    Two features ``x1``, ``x2`` ~ N(0, 1); ``logit p = −2,1 + 0,3·x1 − 0,2·x2 + u_gemeente + e_wijk`` with
    ``u ~ N(0, tau²)`` and ``e ~ N(0, sigma²)``; count ~ Binomial(round(size), p). Returns ``gemeente``,
    ``x1``, ``x2``, ``n`` and ``y`` (the share in %) on the index of ``sizes``.
    """
    rng = np.random.default_rng(seed)
    n = sizes.round().to_numpy()
    codes, g = np.unique(groups.to_numpy(), return_inverse=True)
    x1, x2 = rng.normal(0, 1, n.size), rng.normal(0, 1, n.size)
    eta = -2.1 + 0.3 * x1 - 0.2 * x2 + rng.normal(0, tau, codes.size)[g] + rng.normal(0, sigma, n.size)
    k = rng.binomial(n.astype(int), 1 / (1 + np.exp(-eta)))
    return pd.DataFrame({"gemeente": groups.to_numpy(), "x1": x1, "x2": x2, "n": n, "y": k / n * 100},
                        index=sizes.index)
