"""The gemeente's own effect estimate (page Werkt het?), for the pages that use it: run once per choice."""
from __future__ import annotations

import streamlit as st

from analysis.effect import DEFAULT_SHARE, evaluate
from queries import run_query


@st.cache_data(show_spinner=False, max_entries=50)
def own_effect(scope: str, share: float = DEFAULT_SHARE):
    """(Panel, EffectEstimate, is_demo) for one gemeente ('' = all gemeenten with reach, pooled)."""
    return evaluate(run_query("effect_youthcare_by_wijk", gemeente=scope),
                    run_query("effect_reach_by_wijk", gemeente=scope), share)
