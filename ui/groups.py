"""The choice of comparison group on a page (Gemeenten vergelijken, Preventie en zorg), kept in the URL.

``?groep=buren|jeugdregio|eigen`` and, for an own selection, ``&vergelijk=GM0363,GM0599``: a shared link
opens the same group. The group itself comes from ``analysis.groups``; the jeugdregio from the query
``jeugdregio_gemeenten`` (the warehouse's jeugdregio level, 2024 composition).
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from analysis.groups import (KINDS, Group, dutch_names, jeugdregio_group, neighbours_group, parse_codes, parse_kind,
                             picked_group, url_value)
from analysis.neighbours import DEFAULT_K, nearest
from queries import data_version, run_query


def neighbour_codes(gemeente: str, k: int = DEFAULT_K) -> list[str]:
    """The k statistical neighbours in the newest KWB year with the context figures (as on Gemeenten vergelijken)."""
    return _neighbour_codes(data_version(), gemeente, k)


@st.cache_data(show_spinner=False, max_entries=500, ttl="1h")
def _neighbour_codes(version: tuple, gemeente: str, k: int) -> list[str]:
    years = run_query("peer_years")
    if years.empty:
        return []
    context = run_query("peer_context", year=int(years["year"].iloc[0]))
    context = context[context["level"] == "gemeente"].reset_index(drop=True)
    if not (context["code"] == gemeente).any():
        return []
    return nearest(context, gemeente, k).table["code"].tolist()


def choose_group(gemeente: str, naam: str, names: dict | None = None, *, key: str, neighbours=None) -> Group:
    """The comparison group chosen on this page, with its members' names (see ``_choose``)."""
    if names is None:
        all_gemeenten = run_query("gemeenten")
        names = dict(zip(all_gemeenten["code"], all_gemeenten["name"]))
    group = _choose(gemeente, naam, names, key=key, neighbours=neighbours)
    return replace(group, names=tuple(names.get(c, c) for c in group.codes))


def _choose(gemeente: str, naam: str, names: dict, *, key: str, neighbours=None) -> Group:
    """Radio for the kind of group (and a multiselect for an own selection); the Group, with the URL updated.

    ``names``: code → name of the gemeenten one may pick (default: all of 2024). ``neighbours``: the statistical
    neighbours the page already computed (else the default k are computed).
    """
    state, params = st.session_state, st.query_params
    if f"{key}_soort" not in state:
        state[f"{key}_soort"] = parse_kind(params.get("groep"))
    if f"{key}_eigen" not in state:
        state[f"{key}_eigen"] = parse_codes(params.get("vergelijk"), names)
    kind = st.radio("Vergelijk met", list(KINDS), format_func=KINDS.get, horizontal=True, key=f"{key}_soort",
                    help="Statistische buren: de gemeenten die het meest op deze lijken. Jeugdregio: de gemeenten "
                         "die samen jeugdzorg inkopen. Eigen selectie: gemeenten die u zelf kiest (ze staan in de "
                         "link, dus een gedeelde link neemt ze mee).")
    params["groep"] = kind
    if kind == "eigen":
        picked = st.multiselect("Gemeenten in uw selectie", [c for c in names if c != gemeente], format_func=names.get,
                                key=f"{key}_eigen", max_selections=25, placeholder="Typ een gemeentenaam …")
        params["vergelijk"] = url_value(picked)
        return picked_group(gemeente, naam, picked)
    params.pop("vergelijk", None)
    if kind == "jeugdregio":
        return jeugdregio_group(gemeente, naam, run_query("jeugdregio_gemeenten", gemeente=gemeente))
    return neighbours_group(gemeente, naam, neighbours if neighbours is not None else neighbour_codes(gemeente))


def group_caption(group: Group) -> None:
    """One line under the choice: which gemeenten are in the group, or why there is none."""
    if not group.ok:
        st.info(group.empty_reason, icon=":material/group_off:")
        return
    st.caption(f"Vergeleken met {group.phrase}: {dutch_names(group.names)}."
               + (" De indeling in jeugdregio's is afgeleid (de samenstelling van 2016, naar de gemeenten van 2024), "
                  "niet de officiële tabel van dit jaar." if group.is_derived else ""))


def group_trend(trend: pd.DataFrame, group: Group) -> pd.DataFrame:
    """The youth-care trend (query youthcare_trend) with the group's line added (code 'GROEP')."""
    if not group.ok:
        return trend
    rows = run_query("youthcare_trend_group", codes=list(group.codes))
    return pd.concat([trend, rows.drop(columns=["gemeenten"])], ignore_index=True) if not rows.empty else trend
