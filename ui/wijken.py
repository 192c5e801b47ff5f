"""The tables of Wijken vergelijken, prepared once per gemeente, year and warehouse (not on every rerun).

Every widget on the page reruns it; the wijk profile of a large gemeente (100+ wijken × 45 indicators) takes
tens of milliseconds to pivot, key and rank each time, although it only changes with the gemeente, the year or a
rebuild. Renders nothing: the page (views/wijken.py) draws what this returns.
"""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import streamlit as st

from analysis.need import need_index, need_reach
from charts.wijken import download_frame, has_figure, numbers_only, profile_wide
from queries import data_version, run_query


class WijkTables(NamedTuple):
    """The query result and everything the page derives from it (charts.wijken, analysis.need)."""
    profile: pd.DataFrame   # query wijk_profile: one row per area and indicator
    wide: pd.DataFrame      # areas × indicators, hidden cells as sort keys (charts.wijken.profile_wide)
    meta: pd.DataFrame      # label, unit, decimals, theme per indicator, in column order
    download: pd.DataFrame  # every column, hidden cells empty
    rankable: list          # indicators with a figure for at least two wijken
    need_reach: pd.DataFrame
    need: pd.DataFrame      # need index per wijk, highest first, wijken without one left out


def wijk_tables(gemeente: str, jaar: int) -> WijkTables:
    """The wijk profile of a gemeente and year with its derived tables (a copy: the page may change it)."""
    return _wijk_tables(data_version(), gemeente, int(jaar))


@st.cache_data(show_spinner=False, max_entries=200, ttl="1h")
def _wijk_tables(version: tuple, gemeente: str, jaar: int) -> WijkTables:
    profile = run_query("wijk_profile", gemeente=gemeente, year=jaar)
    if not (profile["level"] == "wijk").any():
        empty = pd.DataFrame()
        return WijkTables(profile, empty, empty, empty, [], empty, empty)
    wide, meta = profile_wide(profile)
    wijken = wide[wide["level"] == "wijk"]
    rankable = [i for i in meta.index if has_figure(wijken[i]).sum() >= 2]
    numbers = numbers_only(wide)
    return WijkTables(profile, wide, meta, download_frame(wide, meta), rankable, need_reach(numbers),
                      need_index(numbers).dropna(subset=["need"]))
