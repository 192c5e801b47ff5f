"""Small-number suppression: the one place where organisation figures are hidden.

Every query result passes through ``suppress`` in ``run_query``, so no page, download or export
can show what it hides. It acts on rows whose ``privacy_kind`` (from the indicator catalogue) is
set — organisation data; CBS suppresses its own figures at source:

- 'count': a value from 1 up to the threshold is hidden (shown as '<5');
- 'rate': hidden when its numerator, or the rest of its denominator (17 of 20 shows 3 too), is
  from 1 up to the threshold, or its denominator is below the threshold;
- complementary: within one ``privacy_group`` (the wijken of one gemeente, indicator and year),
  a single hidden cell could be recomputed from the published total and the other cells, so the
  next smallest cell is hidden too.

Across tables this is not enough: margins of the same cells (per month, per outcome, per year) can
pin a hidden cell. So organisation counts reach the query layer already rounded, cell by cell, to a
multiple of the threshold (unbiased random rounding with a secret key, warehouse/org_publish.sql, at
publication: the warehouse never holds an unrounded organisation count, and cells that round to 0
are left out). Every query sums the same rounded cells, so together they tell no more than those
cells; tests/test_privacy_audit.py proves it with a linear programme over every published table. The
rules above stay for what rounding leaves small: averages per month and rates.

Hidden rows get status 'suppressed' and lose every figure: value, numerator, denominator and any
other number computed from them (per 1,000 children, an index).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from settings import min_count

DEFAULT_THRESHOLD = 5
KEEP = {"centroid_lon", "centroid_lat"}  # where an area lies is not a figure about it


def threshold() -> int:
    """The smallest count that may be shown (VROEGDOEN_MIN_COUNT, default 5)."""
    return min_count()


def _small(values: pd.Series, limit: int) -> pd.Series:
    return values.notna() & (values > 0) & (values < limit)


def suppress(df: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Hide small organisation figures (see the module doc); other rows pass unchanged."""
    if "privacy_kind" not in df.columns or df.empty:
        return df.drop(columns=["privacy_group"], errors="ignore")
    df = df.copy()
    kind = df["privacy_kind"]
    count = df["numerator"] if "numerator" in df.columns else df["value"]
    count = count.where(count.notna(), df["value"]) if "value" in df.columns else count
    denominator = df["denominator"] if "denominator" in df.columns else pd.Series(np.nan, index=df.index)
    rest = denominator - count  # the other part of a rate: 17 of 20 shows 3 as well
    hide = ((kind == "count") & _small(count, limit)) | \
           ((kind == "rate") & (_small(count, limit) | _small(rest, limit) |
                                (denominator.notna() & (denominator < limit))))
    if "privacy_group" in df.columns:
        hide = _complementary(df, hide, count)
    if hide.any():
        # Every figure of a hidden row goes, also derived ones (per 1,000 children, an index):
        # any of them would give the small count back. Only a map's label point stays.
        figures = [c for c in df.columns if c in ("value", "numerator", "denominator")
                   or (pd.api.types.is_float_dtype(df[c]) and c not in KEEP)]
        df.loc[hide, figures] = np.nan
        if "status" in df.columns:
            df.loc[hide, "status"] = "suppressed"
    return df.drop(columns=["privacy_group"], errors="ignore")


def _complementary(df: pd.DataFrame, hide: pd.Series, count: pd.Series) -> pd.Series:
    """Where a group has exactly one hidden cell, hide its smallest other non-zero cell too."""
    hide = hide.copy()
    governed = df["privacy_kind"].notna() & df["privacy_group"].notna()
    for _, idx in df[governed].groupby("privacy_group").groups.items():
        group_hidden = hide[idx]
        if group_hidden.sum() != 1:
            continue
        candidates = count[idx][~group_hidden & count[idx].notna() & (count[idx] > 0)]
        if not candidates.empty:
            hide[candidates.idxmin()] = True
    return hide
