"""Need against reach per wijk: where do children need more than kinderwerk gives them?

Need is the mean of standardised (z-score, within the gemeente) indicators of need: the share of
young people with jeugdzorg (KWB, or where KWB has none per wijk the share derived from the CBS
youth-care table per wijk), bijstand per 1,000 inhabitants, households at or below the social
minimum, and — reversed — income per inhabitant; a wijk needs at least two of them. Reach is the
share of children 4-14 that kinderwerk reaches. Wijken above the median need and below the median
reach are the *blinde vlekken*: high need, low reach.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

NEED_INDICATORS = {"jeugdzorg_pct": 1, "bijstand_per_1000": 1, "huish_sociaal_minimum_pct": 1,
                   "inkomen_per_inwoner": -1}
# Where KWB's own youth-care share is not published per wijk (every gemeente but Almere), the share
# derived from the CBS youth-care table per wijk stands in for it (warehouse/wijkdata.py, jzw_pct).
STAND_INS = {"jeugdzorg_pct": "jzw_pct"}
REACH_INDICATOR = "kinderwerk_bereik_pct"
MIN_NEED_INDICATORS = 2


def need_reach(wide: pd.DataFrame) -> pd.DataFrame:
    """Need index, reach and quadrant per wijk.

    Parameters
    ----------
    wide : DataFrame
        One row per wijk (index: code), columns ``name`` and indicator ids with values (NaN where
        unknown or suppressed).

    Returns
    -------
    DataFrame
        ``name, need, reach, n_need, quadrant`` for wijken with a need index and a reach figure;
        quadrant is one of 'blinde vlek', 'bereikt waar nodig', 'weinig behoefte, veel bereik',
        'weinig behoefte, weinig bereik'.
    """
    out = need_index(wide)
    out["reach"] = wide.get(REACH_INDICATOR, pd.Series(np.nan, index=wide.index))
    out = out[["name", "need", "reach", "n_need"]].dropna(subset=["need", "reach"])
    if out.empty:
        return out.assign(quadrant=pd.Series(dtype=str))
    high_need = out["need"] > out["need"].median()
    high_reach = out["reach"] > out["reach"].median()
    out["quadrant"] = np.select(
        [high_need & ~high_reach, high_need & high_reach, ~high_need & high_reach],
        ["blinde vlek", "bereikt waar nodig", "weinig behoefte, veel bereik"], "weinig behoefte, weinig bereik")
    return out.sort_values("need", ascending=False)


def need_index(wide: pd.DataFrame) -> pd.DataFrame:
    """The need index alone (no reach needed): ``name, need, n_need`` per wijk, NaN with too few indicators.

    Uses the stand-in of an indicator (``STAND_INS``) where the indicator itself has fewer than three values.
    """
    wide = wide.copy()
    for own, stand_in in STAND_INS.items():
        if stand_in in wide.columns and (own not in wide.columns or wide[own].notna().sum() < 3):
            wide[own] = wide[stand_in]
    present = [c for c in NEED_INDICATORS if c in wide.columns]
    z = pd.DataFrame(index=wide.index)
    for col in present:
        values = wide[col].astype(float)
        spread = values.std(ddof=0)
        if values.notna().sum() >= 3 and spread > 0:
            z[col] = (values - values.mean()) / spread * NEED_INDICATORS[col]
    n_need = z.notna().sum(axis=1)
    return pd.DataFrame({"name": wide["name"], "need": z.mean(axis=1).where(n_need >= MIN_NEED_INDICATORS),
                         "n_need": n_need})
