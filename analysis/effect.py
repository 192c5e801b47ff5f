"""Did youth care change where kinderwerk started? An imputation estimator for staggered starts on counts.

The method (Borusyak, Jaravel & Spiess 2024, "Revisiting event-study designs", with a Poisson model as
in Wooldridge 2023 for counts):

1. **Fit on untreated cells only.** Every wijk-year *before* the wijk's start, and every year of a wijk
   that has not started (never, or not yet), is an untreated cell. On those cells a Poisson model with a
   wijk effect and a year effect, ``E[y] = exp(a_wijk + b_year)``, is fitted (pseudo-maximum likelihood:
   only the mean has to be right, so overdispersion and CBS rounding do no harm to the estimate).
2. **Impute** for every wijk-year after the start what youth care would have been without kinderwerk:
   ``exp(a_wijk + b_year)``. Treated cells never enter the fit, so a wijk that started in 2018 is never
   compared with one that started in 2016 (the bias of plain two-way fixed effects with staggered starts,
   Goodman-Bacon 2021); the comparison is always wijken that have not (yet) started.
3. **Relative effect**: observed over imputed, summed over the treated cells, minus one
   (``relative = Σ y / Σ ŷ − 1``; −0,12 means 12% fewer young people with youth care than expected).
   ``by_year`` does the same per year since the start (0 = the start year).
4. **Interval**: a cluster-robust (sandwich) variance of that ratio from its influence function, which
   carries both the noise of the treated cells and that of the fitted wijk and year effects; clustered
   by ``group`` (the gemeente) when there are at least ``MIN_CLUSTERS`` gemeenten, otherwise by wijk
   (one gemeente cannot be a cluster of itself); with up to ``JACKKNIFE_MAX`` clusters the variance is a
   delete-one-cluster jackknife, which the sandwich underestimates with few clusters. 95% interval on the
   log scale with a t quantile whose degrees of freedom are the clusters with a treated wijk minus one.
   Like Borusyak et al.'s, the variance is conservative when effects differ between wijken.
5. **Pre-trend check** (placebo): the last ``PRE_YEARS`` untreated years of every wijk that started
   are left out of the fit and imputed as if they were treated; if treated and comparison wijken moved
   alike before the start, those "effects" are zero. Their pooled deviation, tested like the effect
   (t test), gives ``pretrend_p``; per year they are the negative years of
   ``by_year``. (A joint test of each placebo year separately rejected 25% of true nulls with the
   10–25 wijken of one gemeente; the pooled one holds its level, see bench/effect_calibration.py.)

Wijken that started before their first known year have no untreated year and cannot be compared
(``n_excluded``). Suppressed or unknown outcomes (NaN) are left out cell by cell. The calibration on
simulated panels built like the real one is in ``tests/test_effect.py`` and ``bench/effect_calibration.py``.

Why not a library: ``diff-diff``'s Poisson ETWFE replaces the wijk effects by cohort effects (biased on
a panel where suppressed and missing years differ per wijk), reports effects in counts, and has no
pre-trend test on that path; ``pyfixest`` would add some thirty packages to the pinned environment for
one regression. The estimator is ~150 lines of numpy and checked against known truth.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

MIN_CLUSTERS = 10   # fewer gemeenten than this: cluster by wijk instead (a sandwich needs many clusters)
JACKKNIFE_MAX = 60  # up to this many clusters the interval comes from a delete-one-cluster jackknife
MIN_UNITS_PER_YEAR = 2  # an event year in by_year needs at least two wijken
PRE_YEARS = 3       # years before the start tested for a different trend (placebo years −3 … −1)
LEVEL = 0.95
METHOD = ("imputatieschatter (Borusyak, Jaravel & Spiess) met een Poissonmodel met wijk- en jaareffecten, "
          "gefit op wijkjaren zonder kinderwerk (nog niet of nooit begonnen)")


@dataclass(frozen=True)
class EffectEstimate:
    """The result of ``estimate_effect``; NaN figures and a ``note`` when the data cannot tell."""
    relative: float
    lower: float
    upper: float
    pretrend_p: float
    by_year: pd.DataFrame = field(repr=False)
    n_treated: int
    n_control: int
    method: str
    n_excluded: int = 0          # started before their first known year: nothing to compare with
    cluster: str = "wijk"        # what the interval is clustered by
    n_clusters: int = 0
    n_cells_treated: int = 0
    variance: str = ""           # how the interval was computed: jackknife or sandwich
    note: str = ""               # why there is no estimate (Dutch), empty when there is one

    @property
    def estimable(self) -> bool:
        """True when there is an estimate with an interval."""
        return bool(np.isfinite(self.relative) and np.isfinite(self.lower))


def _fit_poisson_fe(y: np.ndarray, use: np.ndarray, tol: float = 1e-10, max_iter: int = 5000, warm=None):
    """Poisson two-way fixed effects on the cells in ``use`` by iterative proportional fitting.

    Returns (a, b): log wijk and year effects; −inf where a wijk or year has no count in ``use``.
    The Poisson likelihood equations say each wijk's and each year's fitted total equals its observed
    total; alternating between them is coordinate ascent and converges for any connected design.
    """
    yu = np.where(use, y, 0.0)
    row, col = yu.sum(1), yu.sum(0)
    ea, eb = np.where(row > 0, 1.0, 0.0), np.where(col > 0, 1.0, 0.0)
    if warm is not None:  # a jackknife replicate starts from the full fit: a few iterations suffice
        eb = np.where(col > 0, np.nan_to_num(np.exp(warm[1]), nan=1.0), 0.0)
    u = use.astype(float)
    for _ in range(max_iter):
        denom = u @ eb
        ea_new = np.divide(row, denom, out=np.zeros_like(row), where=denom > 0)
        denom_b = ea_new @ u
        eb_new = np.divide(col, denom_b, out=np.zeros_like(col), where=denom_b > 0)
        scale = eb_new[eb_new > 0].mean() if (eb_new > 0).any() else 1.0  # keep the level in the wijk effects
        eb_new, ea_new = eb_new / scale, ea_new * scale
        done = np.allclose(ea_new, ea, rtol=tol, atol=0) and np.allclose(eb_new, eb, rtol=tol, atol=0)
        ea, eb = ea_new, eb_new
        if done:
            break
    with np.errstate(divide="ignore"):
        return np.log(ea), np.log(eb)


def _influence(y, mu, use, targets, cluster_idx, n_clusters):
    """Ratios Σy/Σŷ − 1 for each boolean target mask and their cluster influence (n_targets × G)."""
    mu_u = np.where(use, mu, 0.0)
    da, db = mu_u.sum(1), mu_u.sum(0)
    ok_a, ok_b = da > 0, db > 0
    m = mu_u[np.ix_(ok_a, ok_b)]
    schur = np.diag(db[ok_b]) - m.T @ (m / da[ok_a][:, None])
    schur_pinv = np.linalg.pinv(schur)
    resid_u = np.where(use, y - mu, 0.0)
    ratios, psi = [], []
    for s in targets:
        mu_s = np.where(s, mu, 0.0)
        big_a, big_b = np.where(s, y, 0.0).sum(), mu_s.sum()
        ratio = big_a / big_b
        ga, gb = mu_s.sum(1)[ok_a], mu_s.sum(0)[ok_b]
        vb = schur_pinv @ (gb - m.T @ (ga / da[ok_a]))
        va = (ga - m @ vb) / da[ok_a]
        full_a, full_b = np.zeros(len(da)), np.zeros(len(db))
        full_a[ok_a], full_b[ok_b] = va, vb
        cell = np.where(s, y - ratio * mu, 0.0) - ratio * (full_a[:, None] + full_b[None, :]) * resid_u
        per_unit = cell.sum(1) / big_b
        ratios.append(ratio - 1.0)
        psi.append(np.bincount(cluster_idx, weights=per_unit, minlength=n_clusters))
    return np.array(ratios), np.array(psi)


def _jackknife(y, use, targets, cluster_idx, n_clusters, warm, fallback: np.ndarray) -> np.ndarray:
    """Delete-one-cluster jackknife covariance of log(1 + ratio) for the targets (log scale).

    A target that a replicate loses entirely (e.g. the only wijk seven years after its start) has no
    jackknife variance; its row and column keep ``fallback`` (the sandwich)."""
    reps = np.full((n_clusters, len(targets)), np.nan)
    for c in range(n_clusters):
        keep = (cluster_idx != c)[:, None]
        a, b = _fit_poisson_fe(y, use & keep, warm=warm)
        mu = np.exp(a[:, None] + b[None, :])
        for k, s in enumerate(targets):
            s_c = s & keep & np.isfinite(mu) & (mu > 0)
            if s_c.any():
                reps[c, k] = np.log(np.where(s_c, y, 0).sum() / np.where(s_c, mu, 0).sum())
    ok = np.isfinite(reps).all(0)
    centred = reps[:, ok] - reps[:, ok].mean(0)
    cov = fallback.copy()
    cov[np.ix_(ok, ok)] = (n_clusters - 1) / n_clusters * centred.T @ centred
    return cov


def _interval(rel: float, se_log: float, dof: int) -> tuple[float, float]:
    """95% interval of a relative change from the standard error of log(1 + rel); t quantile, ``dof``."""
    if not (np.isfinite(rel) and np.isfinite(se_log)) or rel <= -1 or dof < 1:
        return np.nan, np.nan
    q = stats.t.ppf(0.5 + LEVEL / 2, dof)
    half = q * se_log
    return float(np.expm1(np.log1p(rel) - half)), float(np.expm1(np.log1p(rel) + half))


def _empty(note: str, n_treated=0, n_control=0, n_excluded=0) -> EffectEstimate:
    cols = ["event_time", "estimate", "lower", "upper", "n_units", "kind"]
    return EffectEstimate(np.nan, np.nan, np.nan, np.nan, pd.DataFrame(columns=cols), n_treated, n_control,
                          METHOD, n_excluded=n_excluded, note=note)


def estimate_effect(panel: pd.DataFrame, *, unit: str, time: str, outcome: str, start: str,
                    group: str | None = None) -> EffectEstimate:
    """Relative change in ``outcome`` after the start, against wijken that had not (yet) started.

    Parameters
    ----------
    panel : one row per unit and year.
    unit, time : column names of the unit (wijk) and the year.
    outcome : a count ≥ 0; NaN where unknown or suppressed (left out).
    start : the first year with kinderwerk in that unit; NaN when it has not started.
    group : the gemeente, to cluster by when there are at least ``MIN_CLUSTERS`` of them.

    Returns
    -------
    EffectEstimate with ``relative`` (e.g. −0,12), its 95% ``lower``/``upper``, ``pretrend_p``,
    ``by_year`` (event_time, estimate, lower, upper, n_units, kind 'voor'/'na'), ``n_treated``,
    ``n_control``, ``n_excluded`` and the ``method``; see the module docstring.
    """
    df = panel[[c for c in dict.fromkeys([unit, time, outcome, start] + ([group] if group else []))]].copy()
    df = df[df[outcome].notna() & (df[outcome] >= 0)]
    units = pd.Index(sorted(df[unit].unique()))
    years = pd.Index(sorted(df[time].unique()))
    if len(units) == 0 or len(years) < 2:
        return _empty("te weinig gegevens: minstens twee jaren met cijfers per wijk nodig")
    ui, ti = units.get_indexer(df[unit]), years.get_indexer(df[time])
    y = np.full((len(units), len(years)), np.nan)
    y[ui, ti] = df[outcome].to_numpy(float)
    start_u = df.groupby(unit)[start].first().reindex(units).to_numpy(float)
    observed = ~np.isnan(y)
    y = np.nan_to_num(y)
    year_grid = np.broadcast_to(years.to_numpy(float)[None, :], y.shape)
    event = year_grid - start_u[:, None]                      # NaN for units that never start
    treated_cell = observed & (event >= 0)
    untreated = observed & ~(event >= 0)
    ever = ~np.isnan(start_u) & (start_u <= years.max())
    has_pre = untreated.any(1)
    n_excluded = int((ever & ~has_pre & treated_cell.any(1)).sum())
    n_control = int((~ever & untreated.any(1)).sum())

    a, b = _fit_poisson_fe(y, untreated)
    mu = np.exp(a[:, None] + b[None, :])
    imputable = treated_cell & np.isfinite(mu) & (mu > 0)
    treated_units = imputable.any(1)
    n_treated = int(treated_units.sum())
    if n_treated == 0:
        if (treated_cell & has_pre[:, None]).any():
            note = ("geen vergelijking: in de jaren na de start is er geen wijk zonder kinderwerk "
                    "(alle wijken begonnen tegelijk)")
        elif ever.any():
            note = "geen wijk met kinderwerk heeft een jaar ervóór en een jaar erna met cijfers"
        else:
            note = "geen wijk is met kinderwerk begonnen in de jaren met cijfers"
        return _empty(note, 0, n_control, n_excluded)
    use = untreated & np.isfinite(mu)
    kept = use.any(1) | imputable.any(1)

    groups = None
    if group:
        groups = df.groupby(unit)[group].first().reindex(units)
    if groups is not None and groups[kept].nunique() >= MIN_CLUSTERS:
        cluster_name, codes = "gemeente", pd.factorize(groups)[0]
    else:
        cluster_name, codes = "wijk", np.arange(len(units))
    kept_clusters = np.unique(codes[kept])
    remap = {c: i for i, c in enumerate(kept_clusters)}
    cluster_idx = np.array([remap.get(c, 0) for c in codes])
    n_clusters = len(kept_clusters)
    if n_clusters < 2:
        return _empty("te weinig wijken om een interval te berekenen", n_treated, n_control, n_excluded)
    small = n_clusters / (n_clusters - 1)
    # Degrees of freedom: the variance rests mostly on the clusters with treated wijken, so with few of those
    # the t quantile uses their number (few treated clusters: MacKinnon & Webb 2018), never more than G − 1.
    dof = max(1, min(n_clusters, len(np.unique(cluster_idx[ever & has_pre]))) - 1)

    # Main estimate and the event years after the start; placebo years before it (left out and imputed).
    post_e = sorted({int(e) for e in np.unique(event[imputable])})
    targets = [imputable] + [imputable & (event == e) for e in post_e]
    placebo = use & ever[:, None] & (event < 0) & (event >= -PRE_YEARS)
    fit_mask = use & ~placebo
    a0, b0 = _fit_poisson_fe(y, fit_mask)
    mu0 = np.exp(a0[:, None] + b0[None, :])
    placebo &= np.isfinite(mu0) & (mu0 > 0)
    fit_mask &= np.isfinite(mu0)
    pre_e = sorted({int(e) for e in np.unique(event[placebo])})
    p_targets = [placebo] + [placebo & (event == e) for e in pre_e]

    rel, psi = _influence(y, mu, use, targets, cluster_idx, n_clusters)
    v_post = small * psi @ psi.T / np.outer(1 + rel, 1 + rel)          # sandwich, log scale
    prel, v_pre = np.array([]), np.zeros((0, 0))
    if pre_e:
        prel, ppsi = _influence(y, mu0, fit_mask, p_targets, cluster_idx, n_clusters)
        v_pre = small * ppsi @ ppsi.T / np.outer(1 + prel, 1 + prel)
    variance = "cluster-robuuste sandwich"
    if n_clusters <= JACKKNIFE_MAX:  # few clusters: the sandwich is too narrow, the jackknife is not
        variance = "jackknife (één cluster tegelijk weggelaten)"
        v_post = _jackknife(y, use, targets, cluster_idx, n_clusters, (a, b), v_post)
        if pre_e:
            v_pre = _jackknife(y, fit_mask, p_targets, cluster_idx, n_clusters, (a0, b0), v_pre)

    rows = []
    for k, e in enumerate(post_e, start=1):
        lo, hi = _interval(rel[k], np.sqrt(v_post[k, k]), dof)
        rows.append((e, rel[k], lo, hi, int(targets[k].any(1).sum()), "na"))
    lower, upper = _interval(rel[0], np.sqrt(v_post[0, 0]), dof)
    for k, e in enumerate(pre_e, start=1):
        lo, hi = _interval(prel[k], np.sqrt(v_pre[k, k]), dof)
        rows.append((e, prel[k], lo, hi, int(p_targets[k].any(1).sum()), "voor"))
    pretrend_p = np.nan
    if pre_e and np.isfinite(prel[0]) and prel[0] > -1 and v_pre[0, 0] > 0:
        # one pooled placebo deviation, a t-test with G−1 degrees of freedom: a joint test of each
        # placebo year separately rejects far too often with the ten to twenty wijken of one gemeente
        t_stat = np.log1p(prel[0]) / np.sqrt(v_pre[0, 0])
        pretrend_p = float(2 * stats.t.sf(abs(t_stat), dof))
    by_year = pd.DataFrame(rows, columns=["event_time", "estimate", "lower", "upper", "n_units", "kind"])
    by_year = by_year[by_year.n_units >= MIN_UNITS_PER_YEAR]  # one wijk alone is no average
    return EffectEstimate(float(rel[0]), lower, upper, pretrend_p,
                          by_year.sort_values("event_time", ignore_index=True), n_treated, n_control, METHOD,
                          n_excluded=n_excluded, cluster=cluster_name, n_clusters=n_clusters,
                          n_cells_treated=int(imputable.sum()), variance=variance)


def start_years(reach: pd.DataFrame, *, unit: str, time: str, share: float = 0.05,
                numerator: str = "numerator", denominator: str = "denominator") -> pd.Series:
    """The start year of kinderwerk per wijk: the first year in which the children 4–14 reached in an
    average month (``numerator``) are at least ``share`` of the wijk's children 4–14 (``denominator``).

    A year without a denominator uses the wijk's mean over the years that have one (CBS publishes
    the children per wijk for only some years). A suppressed (NaN) numerator is a small one: below any
    sensible share. Returns a Series indexed by unit; NaN where the share was never reached.
    """
    if not 0 < share <= 1:
        raise ValueError("het aandeel bereikte kinderen moet tussen 0 en 1 liggen")
    r = reach[[unit, time, numerator, denominator]].copy()
    r[denominator] = r[denominator].fillna(r.groupby(unit)[denominator].transform("mean"))
    passed = r[(r[numerator] / r[denominator]) >= share]
    first = passed.groupby(unit)[time].min().astype(float)
    return first.reindex(pd.Index(sorted(r[unit].unique()), name=unit))


# --- from warehouse rows to a panel, and the page's words ---------------------------------------

DEFAULT_SHARE = 0.05  # start year: the first year an average month reaches 5% of the wijk's children 4–14

CAVEATS = [
    "**Wijken zijn niet door loting gekozen.** Kinderwerk gaat vaak naar wijken met meer zorgen. De methode "
    "vergelijkt veranderingen, geen niveaus, maar als die wijken ook anders *veranderen*, is het verschil niet "
    "aan kinderwerk toe te schrijven; de toets op de jaren vóór de start kijkt daar zo goed als het kan naar.",
    "**Overloop tussen wijken.** Kinderen uit een wijk zonder kinderwerk doen mee in de buurwijk, en een wijkteam "
    "werkt voor meer wijken: dan lijken de wijken meer op elkaar dan ze zijn en wordt een effect kleiner geschat.",
    "**Eerst meer zichtbare zorg.** Kinderwerk signaleert: in de eerste jaren kan de jeugdzorg daardoor juist "
    "stijgen, omdat verborgen behoefte eerder hulp krijgt. Een stijging direct na de start is dus geen mislukking.",
    "**Wat de cijfers tellen.** CBS telt alle jongeren tot 23 jaar met jeugdzorg in natura, afgerond op vijftallen "
    "en geheim onder de 10; kinderwerk bereikt kinderen van 4–14. Een effect op die groep wordt verdund.",
    "**Breuken in de reeks.** CBS telde vanaf 2021 anders en publiceert voor 2024 alleen het eerste halfjaar. Het "
    "jaareffect van het model vangt een verschil op dat voor alle wijken gelijk is, niet een verschil per wijk.",
]


@dataclass(frozen=True)
class Panel:
    """The wijk panel for ``estimate_effect`` and what was left out on the way."""
    data: pd.DataFrame           # wijk, gemeente, name, year, outcome, start, dose (mean reach share after it)
    n_wijken: int                # wijken of the 2024 indeling with a youth-care figure
    n_followed: int              # of them, followed in at least two years
    n_not_followed: int          # wijken with fewer than two years of the same area as 2024: left out
    n_years_left_out: int        # wijk-years left out because the wijk had another boundary
    n_reach_left_out: int        # wijk-years of reach that cannot be placed in a 2024 wijk
    years: list[int]             # years followed
    half_year: bool              # the last year is a first half year only (2024)


def build_panel(youthcare: pd.DataFrame, reach: pd.DataFrame, share: float = DEFAULT_SHARE) -> Panel:
    """Join the rows of ``queries/effect_youthcare_by_wijk.sql`` and ``effect_reach_by_wijk.sql``.

    Only wijk-years whose area equals that of 2024 are kept (``followed``), for youth care and for reach
    alike; a wijk needs two followed years with a figure to be compared. The start year per wijk comes
    from ``start_years`` with ``share``.
    """
    followed = youthcare[youthcare["followed"].astype(bool)]
    known = followed[followed["aantal"].notna()]
    counts = known.groupby("wijk")["year"].nunique()
    keep = counts[counts >= 2].index
    data = known[known["wijk"].isin(keep)].rename(columns={"aantal": "outcome"})
    placed = reach[reach["followed"].astype(bool)]
    starts = start_years(placed, unit="wijk", time="year", share=share) if len(placed) else pd.Series(dtype=float)
    data = data.assign(start=data["wijk"].map(starts).astype(float))
    if len(placed):  # dose: the wijk's mean reach share from its start on
        r = placed.assign(share=placed["numerator"] / placed["denominator"].fillna(
            placed.groupby("wijk")["denominator"].transform("mean")), start=placed["wijk"].map(starts))
        dose = r[r["year"] >= r["start"]].groupby("wijk")["share"].mean()
        data = data.assign(dose=data["wijk"].map(dose))
    else:
        data = data.assign(dose=np.nan)
    wijken = youthcare["wijk"].nunique()
    return Panel(data[["wijk", "gemeente", "name", "year", "outcome", "start", "dose"]].reset_index(drop=True),
                 n_wijken=wijken, n_followed=len(keep), n_not_followed=wijken - len(keep),
                 n_years_left_out=int((~youthcare["followed"].astype(bool)).sum()),
                 n_reach_left_out=int((~reach["followed"].astype(bool)).sum()),
                 years=sorted(int(y) for y in data["year"].unique()),
                 half_year=bool(followed.loc[followed["year"].isin(data["year"]), "half_year"].any()))


def _pct(value: float) -> str:
    return f"{abs(value) * 100:.0f}".replace(".", ",")


def effect_sentence(est: EffectEstimate, *, is_demo: bool = False) -> str:
    """One plain-Dutch sentence that claims only what the 95% interval supports."""
    label = "Voorbeelddata, geen echte uitkomst — " if is_demo else ""
    if not est.estimable:
        return f"{label}Met deze gegevens is niet te zeggen of de jeugdzorg anders veranderde waar kinderwerk " \
               f"begon: {est.note}."
    if est.lower <= 0 <= est.upper:
        return (f"{label}We zien (nog) geen verschil dat groter is dan toeval: in de {est.n_treated} wijken met "
                f"kinderwerk veranderde het aantal jongeren met jeugdzorg na de start met "
                f"{'−' if est.relative < 0 else '+'}{_pct(est.relative)}% tegenover vergelijkbare wijken, maar het "
                f"95%-interval loopt van {'−' if est.lower < 0 else '+'}{_pct(est.lower)}% tot "
                f"{'−' if est.upper < 0 else '+'}{_pct(est.upper)}% en past dus ook bij geen verschil.")
    caution = (" Vóór de start bewogen de wijken al verschillend, dus dit verschil is niet zeker aan kinderwerk "
               "toe te schrijven." if est.pretrend_p < 0.05 else "")
    if est.upper < 0:
        return (f"{label}In wijken met kinderwerk daalde het aantal jongeren met jeugdzorg na de start met "
                f"{_pct(est.relative)}% (95%: {_pct(est.upper)}–{_pct(est.lower)}%) meer dan in vergelijkbare "
                f"wijken zonder (of nog zonder) kinderwerk.{caution}")
    return (f"{label}In wijken met kinderwerk steeg het aantal jongeren met jeugdzorg na de start met "
            f"{_pct(est.relative)}% (95%: {_pct(est.lower)}–{_pct(est.upper)}%) meer dan in vergelijkbare wijken; "
            f"dat kan ook betekenen dat kinderwerk verborgen behoefte eerder zichtbaar maakt.{caution}")


def pretrend_sentence(est: EffectEstimate) -> str:
    """The pre-trend check in plain Dutch, with what it can and cannot see."""
    if not np.isfinite(est.pretrend_p):
        return ("Of wijken met en zonder kinderwerk vóór de start gelijk bewogen, is hier niet te toetsen: daarvoor "
                "zijn per wijk minstens twee jaren met cijfers vóór de start nodig.")
    p = f"{est.pretrend_p:.2f}".replace(".", ",")
    if est.pretrend_p < 0.05:
        return (f"Vóór de start bewogen wijken met en zonder kinderwerk níét gelijk (toets: p = {p}). Het verschil "
                "na de start kan dus (deels) een voortzetting zijn van wat er al gebeurde.")
    return (f"Vóór de start bewogen wijken met en zonder kinderwerk gelijk, binnen wat toeval geeft (toets: p = {p}). "
            "Met weinig wijken ziet deze toets alleen grote verschillen: een gerustheid, geen bewijs.")


def evaluate(youthcare: pd.DataFrame, reach: pd.DataFrame, share: float = DEFAULT_SHARE
             ) -> tuple[Panel, EffectEstimate, bool]:
    """The whole evaluation from the two queries' rows: the panel, the estimate, and whether the reach is demo."""
    panel = build_panel(youthcare, reach, share)
    est = estimate_effect(panel.data, unit="wijk", time="year", outcome="outcome", start="start", group="gemeente")
    return panel, est, bool(reach["is_demo"].fillna(False).any()) if "is_demo" in reach else False


def investment_effects(est: EffectEstimate) -> dict[str, float] | None:
    """The own estimate as the investment case's effect bands (a fall in youth care is a positive effect):
    central = −relative, low and high = the ends of the 95% interval. None when there is no estimate.
    A low band below zero is kept: the interval allows that kinderwerk came with more youth care."""
    if not est.estimable:
        return None
    return {"laag": -est.upper, "centraal": -est.relative, "hoog": -est.lower}


MIN_DOSE_WIJKEN = 6  # per half: fewer wijken with kinderwerk than this and the dose view says it cannot tell


def by_dose(data: pd.DataFrame) -> pd.DataFrame | None:
    """More reach, more effect? The wijken with kinderwerk split at the median of their mean reach share
    after the start; each half against the same comparison wijken. None when a half would have fewer than
    ``MIN_DOSE_WIJKEN`` wijken. Returns groep, bereik (median share), relative, lower, upper, n_treated.
    The two intervals are each 95%; their difference is not tested (the page says so)."""
    first = data.groupby("wijk")[["start", "dose"]].first().join(data.groupby("wijk")["year"].min())
    doses = first.loc[first["start"] > first["year"], "dose"].dropna()  # only wijken with a year before the start
    if len(doses) < 2 * MIN_DOSE_WIJKEN:
        return None
    cut = doses.median()
    rows = []
    for label, wijken in (("minder bereik", doses[doses <= cut].index), ("meer bereik", doses[doses > cut].index)):
        other = data["start"].notna() & ~data["wijk"].isin(wijken)  # the other half: comparison until its start
        part = data[~other | (data["year"] < data["start"])].copy()
        part.loc[part["wijk"].isin(data.loc[other, "wijk"]), "start"] = np.nan
        est = estimate_effect(part, unit="wijk", time="year", outcome="outcome", start="start", group="gemeente")
        rows.append((label, float(doses[wijken].median()), est.relative, est.lower, est.upper, est.n_treated))
    return pd.DataFrame(rows, columns=["groep", "bereik", "relative", "lower", "upper", "n_treated"])
