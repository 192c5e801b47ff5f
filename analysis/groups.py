"""Comparison groups: which gemeenten a gemeente is compared with, and how the page names that group.

Three kinds (issue 23): the statistical neighbours (``analysis.neighbours``), the jeugdregio (the
gemeenten that buy in youth care together; from the warehouse's region level), and a set of gemeenten
the user picks (kept in the URL as ``?groep=eigen&vergelijk=GM0363,GM0599``, so a shared link carries
it). Pure: codes in, a :class:`Group` out; the page renders the choice (``ui.groups``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.narrative import differs
from formatting import fmt_nl

KINDS = {"buren": "Statistische buren", "jeugdregio": "Jeugdregio", "eigen": "Eigen selectie"}
DEFAULT_KIND = "buren"
MAX_PICKED = 25
CODE = re.compile(r"GM\d{4}")


@dataclass(frozen=True)
class Group:
    """The gemeenten to compare with, and the words for them."""
    kind: str
    codes: tuple[str, ...]          # without the chosen gemeente, except in a jeugdregio (it belongs to it)
    label: str                      # for a legend or column: 'Buurgemeenten', 'Jeugdregio Flevoland'
    phrase: str                     # for a sentence: 'de 10 statistische buren van Almere'
    empty_reason: str = ""          # why there is no group (shown instead of the comparison)
    is_derived: bool = False        # a jeugdregio composition derived, not an official table
    names: tuple[str, ...] = ()     # the members' names, for the sentence under the choice

    @property
    def ok(self) -> bool:
        return bool(self.codes)


def parse_kind(value: str | None) -> str:
    """The kind from the URL; anything unknown is the default."""
    return value if value in KINDS else DEFAULT_KIND


def parse_codes(value: str | None, known) -> list[str]:
    """The picked gemeenten from the URL (``GM0363,GM0599``): known codes only, each once, at most MAX_PICKED."""
    known = set(known)
    seen: list[str] = []
    for code in CODE.findall((value or "").upper()):
        if code in known and code not in seen:
            seen.append(code)
    return seen[:MAX_PICKED]


def url_value(codes) -> str:
    return ",".join(codes)


def neighbours_group(gemeente: str, naam: str, codes) -> Group:
    codes = tuple(c for c in codes if c != gemeente)
    if not codes:
        return Group("buren", (), "Buurgemeenten", "", f"Voor {naam} zijn geen statistische buren te bepalen: de "
                     "cijfers over inwoners, kinderen, inkomen, bijstand en dichtheid ontbreken.")
    return Group("buren", codes, "Buurgemeenten", f"de {len(codes)} statistische buren van {naam}")


def jeugdregio_group(gemeente: str, naam: str, members) -> Group:
    """``members``: rows of the jeugdregio query (jeugdregio_name, gemeente_code, is_derived)."""
    if members is None or len(members) == 0:
        return Group("jeugdregio", (), "Jeugdregio", "", "De indeling in jeugdregio's zit nog niet in deze "
                     "datarelease; kies de statistische buren of een eigen selectie.")
    name = str(members["jeugdregio_name"].iloc[0])
    codes = tuple(members["gemeente_code"])
    derived = bool(members["is_derived"].any())
    if codes == (gemeente,):
        return Group("jeugdregio", (), f"Jeugdregio {name}", "", f"{naam} vormt in deze indeling alleen de "
                     f"jeugdregio {name}: er is niets mee te vergelijken.")
    return Group("jeugdregio", codes, f"Jeugdregio {name}",
                 f"de jeugdregio {name} ({len(codes)} gemeenten, {naam} meegeteld)", is_derived=derived)


def picked_group(gemeente: str, naam: str, codes) -> Group:
    codes = tuple(c for c in codes if c != gemeente)
    if not codes:
        return Group("eigen", (), "Eigen selectie", "", "Kies hierboven een of meer gemeenten om mee te vergelijken.")
    return Group("eigen", codes, "Eigen selectie",
                 f"uw eigen selectie van {len(codes)} {'gemeente' if len(codes) == 1 else 'gemeenten'}")


def dutch_names(names, limit: int = 12) -> str:
    """'Rotterdam, Utrecht en Zwolle'; beyond ``limit`` names: the first ones and 'en 7 andere'."""
    names = list(names)
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" en {len(names) - limit} andere"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1] if names else ""


def trend_sentence(trend: pd.DataFrame, code: str, naam: str, group: Group) -> str:
    """The gemeente against its group in the newest full year of the new CBS series (youthcare_trend + group rows).

    'hoger' or 'lager' only beyond the 95% interval of a two-proportion test on the CBS group sizes.
    """
    new = trend[(trend["indicator_id"] == "jeugdzorg_reeks2021_pct") & (trend["status"] == "value")]
    own, grp = new[new["code"] == code].set_index("year"), new[new["code"] == "GROEP"].set_index("year")
    years = sorted(set(own.index) & set(grp.index))
    if not group.ok or not years:
        return ""
    y = years[-1]
    a, b = own.at[y, "value"], grp.at[y, "value"]
    if differs(a, own.at[y, "jongeren"], b, grp.at[y, "jongeren"]):
        verdict = "hoger dan" if a > b else "lager dan"
    else:
        verdict = "niet duidelijk anders dan"
    return (f"In {y} lag {naam} ({fmt_nl(a, 1)}%) {verdict} {group.phrase} samen ({fmt_nl(b, 1)}%, "
            "hun aantallen opgeteld).")
