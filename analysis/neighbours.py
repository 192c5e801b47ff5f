"""Statistical neighbours of a gemeente, and how it compares with them and with all gemeenten.

Size classes are a poor peer group (docs/DOMAIN.md, "Comparing gemeenten"). A gemeente's
*statistical neighbours* are the k gemeenten nearest to it on standardised context variables:
inhabitants (log10: size), share of children 0-14, income per inhabitant, and density (log10) *beyond
what size already says* — the residual of log density on log inhabitants, so that size is counted once
(the two overlap strongly). Logarithms keep Amsterdam and Schiermonnikoog from dominating the scale;
z-scores over all gemeenten give every variable the same weight. No outcome the page compares with the
neighbours (youth care, Wmo, bijstand, households on the social minimum) is a matching variable: a
gemeente matched on bijstand has neighbours with the same bijstand by construction.

A funnel plot (``analysis/funnel.py``) then shows a percentage against the size of the group it is a
share of; ``funnel_points`` gives it the points. Rank and quartile place a figure among all gemeenten.

Everything here is pure: DataFrames in, DataFrames or numbers out; no SQL, no Streamlit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Variable:
    """A context variable for the distance: its column, its Dutch label and whether it is logged."""

    column: str
    label: str
    log10: bool = False
    beyond: str | None = None  # use only what this variable adds to that column (the residual on it)
    why: str = ""  # why it is a matching variable, in Dutch, for the page


CONTEXT = (
    Variable("inwoners", "inwoners", log10=True, why="grootte: de schaal van voorzieningen en de toegang"),
    Variable("kinderen_0_15_pct", "aandeel kinderen", why="hoeveel van de bevolking jong is"),
    Variable("inkomen_per_inwoner", "inkomen", why="welvaart: de sociaaleconomische kant, zonder een uitkomst"),
    Variable("bevolkingsdichtheid", "dichtheid (naast grootte)", log10=True, beyond="inwoners",
             why="stedelijkheid, voor zover die niet al uit het aantal inwoners volgt"),
)

DEFAULT_K = 10
TIE_DECIMALS = 9  # distances equal to this many decimals are ties, broken by code

# Share of the 15-24 year olds that is younger than 23: 8 of the 10 year groups, assuming
# they are equally large.
SHARE_15_25_UNDER_23 = 0.8

# The percentage indicators a funnel can show, with the group each is a share of: only shares with
# sampling noise (young people with youth care out of all young people). Shares of inhabitants from the
# population register (children, young people) are facts, not samples: a funnel would call every
# difference 'outside' (analysis/funnel.py).
FUNNEL_BASES = {
    "jeugdzorg_pct": ("jongeren", "jongeren tot 23 jaar (schatting)"),
    # The CBS gebruik tables (youthcare_funnel.sql): the group from CBS's own count and share.
    "jeugdzorg_reeks2015_pct": ("jongeren_cbs", "jongeren tot 23 jaar (CBS-aantal ÷ CBS-percentage)"),
    "jeugdzorg_reeks2021_pct": ("jongeren_cbs", "jongeren tot 23 jaar (CBS-aantal ÷ CBS-percentage)"),
}


@dataclass(frozen=True)
class Neighbours:
    """The nearest gemeenten to one gemeente, and why they are near.

    Attributes
    ----------
    code : str
        The gemeente the neighbours are of.
    table : DataFrame
        One row per neighbour, nearest first: ``code``, ``name`` (if the input had names),
        ``distance`` (Euclidean, in standard deviations) and ``missing`` (labels of the used
        variables this neighbour has no value for; its distance is scaled up over the rest).
    profile : DataFrame
        One row per context variable: ``column``, ``label``, ``used`` (False when the gemeente
        itself has no value), ``value`` (the gemeente's own, untransformed) and the neighbours'
        ``low``, ``median`` and ``high``.
    """

    code: str
    table: pd.DataFrame
    profile: pd.DataFrame

    @property
    def used(self) -> list[str]:
        """Labels of the variables the distance was computed on."""
        return self.profile.loc[self.profile["used"], "label"].tolist()

    @property
    def skipped(self) -> list[str]:
        """Labels of the variables left out because the gemeente has no value for them."""
        return self.profile.loc[~self.profile["used"], "label"].tolist()


def standardise(context: pd.DataFrame, variables: tuple[Variable, ...] = CONTEXT) -> pd.DataFrame:
    """z-scores of the context variables over all rows, after log10 where a variable asks for it.

    Parameters
    ----------
    context : DataFrame
        One row per gemeente (any index), with a column per variable; NaN where unknown.
    variables : tuple of Variable
        Which columns to use and whether to take their log10 first.

    Returns
    -------
    DataFrame
        Same index, one column per variable: ``(x - mean) / std`` with the population standard
        deviation (ddof=0) over the rows that have a value. NaN stays NaN; a non-positive value of a
        logged variable becomes NaN (it has no logarithm). A variable with no spread scores 0. A
        variable with ``beyond`` is first replaced by its residual of a least-squares line on that
        (transformed) column, so that what the two share counts once.
    """
    out, raw = {}, {}
    for var in variables:
        x = pd.to_numeric(context[var.column], errors="coerce").astype(float)
        if var.log10:
            x = np.log10(x.where(x > 0))
        raw[var.column] = x
        scale = max(float(x.abs().max()) if x.notna().any() else 0.0, 1.0)
        if var.beyond is not None and var.beyond in raw:
            base = raw[var.beyond]
            both = x.notna() & base.notna()
            if both.sum() > 2 and base[both].std(ddof=0) > 0:
                slope, intercept = np.polyfit(base[both], x[both], 1)
                x = x - (intercept + slope * base)
        sd = x.std(ddof=0)
        spread = sd and not math.isnan(sd) and sd > 1e-9 * scale
        out[var.column] = (x - x.mean()) / sd if spread else x * 0.0
    return pd.DataFrame(out, index=context.index)


def nearest(context: pd.DataFrame, code: str, k: int = DEFAULT_K,
            variables: tuple[Variable, ...] = CONTEXT) -> Neighbours:
    """The ``k`` gemeenten nearest to ``code`` on the standardised context variables.

    Parameters
    ----------
    context : DataFrame
        One row per gemeente: ``code``, optionally ``name``, and a column per variable (NaN where
        unknown). Only gemeenten belong here: no NL row.
    code : str
        The gemeente to find neighbours for; it is never its own neighbour.
    k : int
        How many neighbours; fewer when fewer gemeenten can be compared.
    variables : tuple of Variable
        The context variables (default: ``CONTEXT``).

    Returns
    -------
    Neighbours
        The neighbours (nearest first) and, per variable, the gemeente's value and the neighbours'
        range and median.

    Notes
    -----
    Missing values. A variable the gemeente itself has no value for is left out of every distance
    (``Neighbours.skipped`` says which). A candidate without a value for a used variable is
    compared on the variables it has, with the squared distance scaled up by
    ``used / compared`` (as scikit-learn's ``nan_euclidean_distances``), so that a gap does not
    make it look nearer; a candidate with none of the used variables is left out.

    Ties. Distances equal to ``TIE_DECIMALS`` decimals are ties, ordered by code, so the result
    does not depend on the row order or on rounding noise.

    Raises
    ------
    KeyError
        When ``code`` is not in ``context``.
    """
    frame = context.reset_index(drop=True)
    hits = frame.index[frame["code"] == code]
    if len(hits) == 0:
        raise KeyError(f"{code} staat niet in de gegevens")
    z = standardise(frame, variables)
    own = z.loc[hits[0]]
    used = [v for v in variables if not pd.isna(own[v.column])]
    columns = [v.column for v in used]

    others = frame.index[frame["code"] != code]
    squared = (z.loc[others, columns] - own[columns]) ** 2
    compared = squared.notna().sum(axis=1)
    distance = np.sqrt(squared.sum(axis=1, min_count=1) * len(columns) / compared.where(compared > 0))
    table = frame.loc[others, [c for c in ("code", "name") if c in frame.columns]].assign(distance=distance)
    gaps = frame.loc[others, columns].isna().to_numpy()
    table["missing"] = [[used[j].label for j in np.flatnonzero(row)] for row in gaps]
    table = (table[table["distance"].notna()]
             .assign(_tie=lambda t: t["distance"].round(TIE_DECIMALS))
             .sort_values(["_tie", "code"], kind="stable")
             .drop(columns="_tie").head(max(int(k), 0)).reset_index(drop=True))

    near = frame.set_index("code").loc[table["code"]]
    profile = pd.DataFrame({
        "column": [v.column for v in variables],
        "label": [v.label for v in variables],
        "used": [v in used for v in variables],
        "value": [frame.at[hits[0], v.column] for v in variables],
        "low": [near[v.column].min() for v in variables],
        "median": [near[v.column].median() for v in variables],
        "high": [near[v.column].max() for v in variables],
    })
    return Neighbours(code=code, table=table, profile=profile)


# --- comparing with all gemeenten -------------------------------------------------------------

def young_people(context: pd.DataFrame) -> pd.Series:
    """An estimate of the inhabitants younger than 23: the group jeugdzorg_pct is a share of.

    KWB gives the shares of 0-14 and 15-24 year olds; 8 of the 10 year groups of 15-24 are
    younger than 23, so ``inwoners × (kinderen_0_15_pct + 0.8 × jongeren_15_25_pct) / 100``.
    It assumes the year groups of 15-24 are equally large (students make some cities deviate).
    NaN when any part is unknown.
    """
    return context["inwoners"] * (context["kinderen_0_15_pct"]
                                  + SHARE_15_25_UNDER_23 * context["jongeren_15_25_pct"]) / 100


def funnel_points(context: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The gemeenten a funnel of ``indicator`` can show: ``code``, ``name``, ``n`` and ``value``.

    ``n`` is the size of the group the percentage is a share of (``FUNNEL_BASES``); rows without a
    value or without a positive ``n`` are left out.
    """
    base = FUNNEL_BASES[indicator][0]
    if base != "jongeren" and base not in context.columns:  # an indicator of another query's frame
        return pd.DataFrame(columns=["code", "name", "n", "value"])
    n = young_people(context) if base == "jongeren" else context[base]
    values = context[indicator] if indicator in context.columns else context["value"]  # long form: one indicator
    points = pd.DataFrame({"code": context["code"], "name": context.get("name", context["code"]),
                           "n": n, "value": values})
    return points[points["value"].notna() & (points["n"] > 0)].reset_index(drop=True)


def weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    """The mean of ``values`` weighted by ``weights``, over the rows where both are known."""
    known = values.notna() & weights.notna() & (weights > 0)
    if not known.any():
        return math.nan
    return float((values[known] * weights[known]).sum() / weights[known].sum())


def rank_among(values: pd.Series, codes: pd.Series, code: str) -> tuple[int, int, int] | None:
    """Rank of ``code`` among all values (1 = highest), the number ranked, and its quartile.

    Ties share the best rank ('min'). Quartile 1 holds the quarter with the highest values: a
    gemeente with fewer than 25% of the gemeenten above it, so ``floor(4 × (rank - 1) / n) + 1``;
    rank 1 is always in quartile 1 and the last rank in quartile 4. None when the gemeente has no
    value.
    """
    known = values.notna()
    mine = values[codes == code]
    if mine.empty or pd.isna(mine.iloc[0]):
        return None
    rank = int((values[known] > mine.iloc[0]).sum()) + 1
    n = int(known.sum())
    return rank, n, 4 * (rank - 1) // n + 1
