"""'Wat valt op?': what moved between the two newest years, and what is new — claimed only where the
intervals support it.

Pure: the results of the existing queries in (``expected_by_wijk``, ``youthcare_funnel``,
``indicator_by_wijk``, ``import_log``), one row per finding out: its subject, the sentence, the figure
and the page that shows it. The verdicts are the ones those queries and ``analysis.neighbours`` give,
so when they change (a wijk's expected range, the funnel's limits) this page follows.
"""
from __future__ import annotations

import pandas as pd

from analysis.narrative import differs
from analysis.funnel import funnel as random_effects_funnel
from analysis.neighbours import funnel_points
from formatting import fmt_nl

COLUMNS = ["onderwerp", "bevinding", "cijfer", "pagina", "adres", "view"]
# page: (title, its address in the dashboard, its file for st.page_link)
PAGES = {"wijken": ("Wijken vergelijken", "/wijken-vergelijken", "views/wijken.py"),
         "gemeenten": ("Gemeenten vergelijken", "/gemeenten-vergelijken", "views/peers.py"),
         "trend": ("Preventie en zorg", "/preventie-en-zorg", "views/trends.py"),
         "data": ("Data aanleveren", "/data", "views/data.py"),
         "over": ("Over de data", "/over-de-data", "views/about_data.py")}
OUTSIDE = {"meer dan verwacht", "minder dan verwacht"}
FUNNEL_WORDS = {"boven_998": "ver boven", "boven_95": "boven", "binnen": "binnen", "onder_95": "onder",
                "onder_998": "ver onder", "onbekend": "onbekend"}
TOP_CHANGES = 5


def _row(subject: str, sentence: str, figure: str, page: str) -> dict:
    title, path, view = PAGES[page]
    return {"onderwerp": subject, "bevinding": sentence, "cijfer": figure, "pagina": title, "adres": path, "view": view}


def _pct(value) -> str:
    return f"{fmt_nl(value, 1)}%"


def expected_moves(before: pd.DataFrame, after: pd.DataFrame, y0: int, y1: int) -> list[dict]:
    """Wijken that moved outside their expected range between y0 and y1, or back inside (expected_by_wijk)."""
    if before.empty or after.empty:
        return []
    both = after.merge(before[["code", "name", "verdict"]], on=["code", "name"], suffixes=("", "_before"))
    both = both[both["verdict"].notna() & both["verdict_before"].notna() & (both["verdict"] != both["verdict_before"])]
    rows = []
    for w in both.sort_values("residual", key=abs, ascending=False).itertuples(index=False):  # a few wijken
        figure = f"{_pct(w.observed)} waargenomen, verwacht {_pct(max(w.lower, 0))}–{_pct(w.upper)} ({y1})"
        if w.verdict in OUTSIDE and w.verdict_before not in OUTSIDE:
            text = f"{w.name}: in {y1} {w.verdict} (buiten het 95%-interval); in {y0} nog binnen verwachting."
        elif w.verdict not in OUTSIDE:
            text = f"{w.name}: in {y1} weer binnen verwachting; in {y0} {w.verdict_before}."
        else:
            text = f"{w.name}: van {w.verdict_before} in {y0} naar {w.verdict} in {y1}."
        rows.append(_row("Verwacht gebruik per wijk", text, figure, "wijken"))
    return rows


def funnel_place(funnel: pd.DataFrame, code: str) -> tuple[str, float, float]:
    """Where ``code`` lies in the funnel of one year (youthcare_funnel): position, value, centre."""
    gemeenten = funnel[funnel["level"] == "gemeente"]
    if gemeenten.empty:
        return "onbekend", float("nan"), float("nan")
    indicator = gemeenten["indicator_id"].iloc[0]
    points = funnel_points(gemeenten, indicator).reset_index(drop=True)
    limits = random_effects_funnel(points["value"], points["n"])  # the random-effects funnel of the pages (analysis.funnel)
    centre = limits.attrs["fit"].centre
    own = points.index[points["code"] == code]
    if own.empty:
        return "onbekend", float("nan"), centre
    return str(limits.at[own[0], "position"]), float(points.at[own[0], "value"]), centre


def funnel_move(before: pd.DataFrame, after: pd.DataFrame, code: str, naam: str, y0: int, y1: int) -> list[dict]:
    """The gemeente moving outside (or back inside) the 95% funnel of all gemeenten between y0 and y1."""
    (p0, v0, _), (p1, v1, c1) = funnel_place(before, code), funnel_place(after, code)
    if "onbekend" in (p0, p1):
        return []
    figure = f"{_pct(v1)} in {y1} (Nederland {_pct(c1)}); {_pct(v0)} in {y0}"
    if p0 == p1:
        text = (f"{naam} bleef in {y1} {FUNNEL_WORDS[p1]} de 95%-grenzen van de trechter van alle gemeenten"
                + ("." if p1 == "binnen" else ": meer dan toeval verklaart."))
        return [_row("Jeugdzorg tegen alle gemeenten", text, figure, "gemeenten")]
    if p1 == "binnen":
        text = f"{naam} ligt in {y1} weer binnen de trechter van alle gemeenten; in {y0} lag het {FUNNEL_WORDS[p0]} de grenzen."
    else:
        text = (f"{naam} ligt in {y1} {FUNNEL_WORDS[p1]} de 95%-grenzen van de trechter: meer dan toeval verklaart"
                f" (in {y0}: {FUNNEL_WORDS[p0]}).")
    return [_row("Jeugdzorg tegen alle gemeenten", text, figure, "gemeenten")]


def wijk_changes(before: pd.DataFrame, after: pd.DataFrame, y0: int, y1: int, top: int = TOP_CHANGES) -> list[dict]:
    """The largest changes in the share with youth care per wijk (indicator_by_wijk of y0 and y1).

    Only wijken with the same code and name in both years, and only changes beyond the 95% interval of a
    two-proportion test on the CBS counts (``differs``); the rest is said in one line.
    """
    cols = ["code", "name", "value", "numerator", "denominator"]
    both = after[cols].merge(before[cols], on=["code", "name"], suffixes=("", "_before")).dropna(
        subset=["value", "value_before"])
    if both.empty:
        if after["value"].notna().any() and before["value"].notna().any():
            return [_row("Jeugdzorg per wijk", f"De wijkindeling veranderde tussen {y0} en {y1}: geen wijk heeft in "
                         "beide jaren dezelfde code en naam, dus per wijk valt niets te vergelijken.", "–", "wijken")]
        return []
    both["change"] = both["value"] - both["value_before"]
    real = both[[differs(a, n, b, m) for a, n, b, m in zip(both["value"], both["denominator"], both["value_before"],
                                                              both["denominator_before"])]]
    rows = []
    for w in real.reindex(real["change"].abs().sort_values(ascending=False).index).head(top).itertuples(index=False):
        verb = "steeg" if w.change > 0 else "daalde"
        rows.append(_row("Jeugdzorg per wijk", f"{w.name}: het aandeel jongeren met jeugdzorg {verb} van "
                         f"{_pct(w.value_before)} naar {_pct(w.value)}.",
                         f"{'+' if w.change > 0 else '−'}{fmt_nl(abs(w.change), 1)} procentpunt ({y0}→{y1})", "wijken"))
    summary = (f"{len(real)} van de {len(both)} wijken (met dezelfde code en naam in {y0} en {y1}) veranderden meer "
               f"dan toeval kan verklaren (95%)" + (f"; hierboven de grootste {len(rows)}." if rows else "."))
    return rows + [_row("Jeugdzorg per wijk", summary, f"{len(real)} van {len(both)} wijken", "wijken")]


def new_data(imports: pd.DataFrame, built_at, newest: dict[str, tuple[int, float]]) -> list[dict]:
    """New since the open data were built: organisation imports in force; and the newest CBS year per series."""
    rows = [_row("Nieuwe gegevens", f"Nieuwste CBS-cijfers: {label}, {year}.", f"{_pct(value)} in {year}", "trend")
            for label, (year, value) in newest.items()]
    if imports is not None and not imports.empty:
        fresh = imports[(imports["status"] == "actief") & (pd.to_datetime(imports["imported_at"]) > pd.Timestamp(built_at))]
        for org, group in fresh.groupby("org"):
            demo = " (voorbeelddata)" if group["is_demo"].any() else ""
            rows.append(_row("Nieuwe gegevens", f"{org}{demo} leverde na de laatste bouw van de open data "
                             f"{len(group)} {'bestand' if len(group) == 1 else 'bestanden'} aan "
                             f"({', '.join(sorted(group['kind'].unique()))}).",
                             f"{pd.Timestamp(group['imported_at'].max()):%d-%m-%Y}", "data"))
    return rows


SERIES = {"jeugdzorg_reeks2021_pct": "jongeren met jeugdzorg, hele jaar", "jeugdzorg_hj1_pct":
          "jongeren met jeugdzorg, eerste halfjaar", "jeugdzorg_reeks2015_pct": "jongeren met jeugdzorg (oude reeks)"}


def newest_years(trend: pd.DataFrame, code: str) -> dict[str, tuple[int, float]]:
    """The newest year and share per CBS youth-care series of ``code`` (youthcare_trend); the old series only
    without a new one."""
    own = trend[(trend["code"] == code) & (trend["status"] == "value") & trend["indicator_id"].isin(list(SERIES))]
    newest = own.sort_values("year").groupby("indicator_id").tail(1).set_index("indicator_id")
    if "jeugdzorg_reeks2021_pct" in newest.index:
        newest = newest.drop("jeugdzorg_reeks2015_pct", errors="ignore")
    return {SERIES[i]: (int(r.year), float(r.value)) for i, r in newest.iterrows()}  # at most three series


def new_since(previous, newest: pd.DataFrame, shown: int = 4) -> list[dict]:
    """Years that are new since the previous release: ``previous`` is (release, {indicator: year}) or None,
    ``newest`` the query newest_year_by_indicator now. One line per new year, with a few indicators named."""
    if not previous:
        return []
    release, before = previous
    now = newest.assign(before=newest["indicator_id"].map(before))
    fresh = now[now["before"].isna() | (now["year"] > now["before"])]
    rows = []
    for year, group in fresh.groupby("year", sort=True):
        labels = group["label_nl"].tolist()
        named = ", ".join(labels[:shown]) + (f" en {len(labels) - shown} andere" if len(labels) > shown else "")
        rows.append(_row("Nieuwe gegevens", f"Nieuw sinds datarelease {release}: {int(year)} voor {named}.",
                         f"{len(labels)} {'indicator' if len(labels) == 1 else 'indicatoren'}", "over"))
    if not rows:
        rows.append(_row("Nieuwe gegevens", f"Sinds datarelease {release} is er geen nieuw jaar bijgekomen.", "–",
                         "over"))
    return rows


def findings(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)
