"""Demo data for Almere 2018-2024: kinderwerk reach, signals and spending — clearly not real.

The generator; switching it on and off (audited, ``python -m admin.demo``) is ``admin.demo``'s.

No open data on kinderwerk exists, so a new user sees the product working on generated figures
for the position paper's example (De Schoor in Almere, 36 kinderwerkers). The generator is seeded
(SEED) and plausible against the real CBS figures it reads from the warehouse:

- reach: the children 4-14 reached per month grow from about 7% (2018) to 11% (2024) of the
  children of Almere, with a dip in the 2020 lockdown months; a wijk's share follows its number of
  children, weighted up where its jeugdzorg percentage is higher (kinderwerk goes where need is);
- roll-out (for the page "Werkt het?"): in the wijken of 2022 on, kinderwerk is already active in
  about 45% of the wijken, starts in 2023 or 2024 in about 35% and never in 20% (ROLLOUT, drawn per
  wijk with its own seed). No effect is planted: the youth-care figures are CBS's own, and the starts
  are drawn by chance, so the page shows what chance alone gives;
- signals: about 2 per 100 children reached per month, over the seven categories; the share
  handled in the basis rises from 55% to 68%;
- spending: Almere's Iv3 taakvelden 6.1, 6.2, 6.72 and 6.82 (and their 2023 splits), growing
  with the national trend of youth-care costs.

The files are written to data/demo/ in the templates' format and imported through the same
importer as any organisation's file, marked as demo: every chart that shows them says so.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from orgdata.contract import ACTIVITY_TYPES, SIGNAL_CATEGORIES, SIGNAL_OUTCOMES
from settings import DUCKDB_CONFIG, ROOT

SEED = 20211
ORG = "De Schoor (voorbeelddata)"
GEMEENTE = "GM0034"
YEARS = range(2018, 2025)
DEMO_DIR = ROOT / "data" / "demo"
ROLLOUT = {0: 0.45, 2023: 0.20, 2024: 0.15, 9999: 0.20}  # start year per wijk of 2022 on; 0 = already active
ROLLOUT_FROM = 2022  # the first indeling in which Almere's wijken are those of 2024
AGE_SPLIT = {"4-7": 0.35, "8-11": 0.40, "12-14": 0.25}
CATEGORY_WEIGHTS = [0.24, 0.14, 0.06, 0.16, 0.10, 0.22, 0.08]


def _wijken(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Almere's wijken per year with their children and jeugdzorg %, from the real CBS figures."""
    return con.execute("""
        SELECT r.code, r.indeling_year AS year,
               max(o.value) FILTER (WHERE o.indicator_id = 'kinderen_0_15') AS kids,
               max(o.value) FILTER (WHERE o.indicator_id = 'jeugdzorg_pct') AS need
        FROM region AS r
        LEFT JOIN observation AS o ON o.region_code = r.code AND o.indeling_year = r.indeling_year
                                  AND o.year = r.indeling_year
        WHERE r.level = 'wijk' AND r.parent_code = $g AND r.indeling_year BETWEEN 2018 AND 2024
        GROUP BY ALL ORDER BY year, code""", {"g": GEMEENTE}).df()


def generate(warehouse: Path) -> dict[str, pd.DataFrame]:
    """The three demo tables, in the templates' columns (Dutch headers)."""
    rng = np.random.default_rng(SEED)
    with duckdb.connect(str(warehouse), read_only=True, config=DUCKDB_CONFIG) as con:
        wijken = _wijken(con)
    wijken = wijken[wijken.kids.fillna(0) > 0].copy()
    wijken["need"] = wijken["need"].fillna(wijken.groupby("year")["need"].transform("mean"))
    activities = {code: rng.choice(ACTIVITY_TYPES, size=rng.integers(4, 8), replace=False)
                  for code in wijken.code.unique()}
    new = sorted(wijken.loc[wijken.year >= ROLLOUT_FROM, "code"].unique())
    starts = dict(zip(new, np.random.default_rng(SEED + 1).choice(list(ROLLOUT), size=len(new),
                                                                   p=list(ROLLOUT.values()))))
    reach_rows, signal_rows = [], []
    for year in YEARS:
        w = wijken[wijken.year == year]
        rate = 0.07 + 0.04 * (year - 2018) / 6
        weight = w.kids * (0.6 + 0.4 * w.need / w.need.mean())
        share = weight / weight.sum()
        kids_4_14 = w.kids.sum() * 11 / 15
        basis = 0.55 + 0.13 * (year - 2018) / 6
        for month in range(1, 13):
            dip = 0.55 if (year == 2020 and month in (3, 4, 5, 12)) else 1.0
            for code, s in zip(w.code, share):
                if year >= ROLLOUT_FROM and starts.get(code, 0) > year:
                    continue  # kinderwerk has not started (yet) in this wijk
                expected = kids_4_14 * rate * dip * s
                acts = activities[code]
                act_share = rng.dirichlet(np.ones(len(acts)) * 2)
                reached = 0
                for act, a in zip(acts, act_share):
                    for band, b in AGE_SPLIT.items():
                        n = int(rng.poisson(expected * a * b))
                        if n == 0:
                            continue
                        reached += n
                        contacts = int(n * rng.uniform(1.8, 4.0))
                        reach_rows.append((code, f"{year}-{month:02d}", act, band, n, contacts,
                                           round(contacts * rng.uniform(0.3, 0.6), 1),
                                           int(rng.poisson(n * (0.35 if act == "samen opvoeden" else 0.08))),
                                           int(rng.poisson(1 + n / 40))))
                total = int(rng.poisson(reached * 0.02))
                if total == 0:
                    continue
                cats = rng.multinomial(total, CATEGORY_WEIGHTS)
                for cat, c in zip(SIGNAL_CATEGORIES, cats):
                    if c == 0:
                        continue
                    rest = (1 - basis)
                    outcome_p = [basis * 0.55, basis * 0.45, rest * 0.6, rest * 0.25, rest * 0.15]
                    for outcome, k in zip(SIGNAL_OUTCOMES, rng.multinomial(c, outcome_p)):
                        if k:
                            signal_rows.append((code, f"{year}-{month:02d}", cat, outcome, int(k)))
    reach = pd.DataFrame(reach_rows, columns=["wijkcode", "maand", "activiteit", "leeftijdsgroep",
                                              "unieke_kinderen", "contacten", "uren", "ouders_bereikt",
                                              "vrijwilligers"])
    signals = pd.DataFrame(signal_rows, columns=["wijkcode", "maand", "categorie", "uitkomst", "aantal"])
    return {"bereik": reach, "signalen": signals, "uitgaven": _spending(rng)}


def _spending(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for year in YEARS:
        growth = 1.06 ** (year - 2018)
        amounts = {"6.1": 14.0e6 * 1.04 ** (year - 2018), "6.2": 18.0e6 * 1.05 ** (year - 2018),
                   "6.72": 56.0e6 * growth, "6.82": 8.5e6 * growth}
        if year >= 2023:  # the Iv3 split of 2023
            jeugd = amounts.pop("6.72")
            split = {"6.72a": 0.28, "6.72b": 0.22, "6.72c": 0.05, "6.72d": 0.07, "6.73a": 0.10,
                     "6.73b": 0.04, "6.73c": 0.09, "6.74a": 0.08, "6.74b": 0.05, "6.74c": 0.02}
            amounts.update({k: jeugd * v for k, v in split.items()})
            escalated = amounts.pop("6.82")
            amounts.update({"6.82a": escalated * 0.8, "6.82b": escalated * 0.2})
        for code, amount in amounts.items():
            rows.append((GEMEENTE, year, code, "gerealiseerd", round(amount * rng.uniform(0.97, 1.03), -3)))
    return pd.DataFrame(rows, columns=["gemeentecode", "jaar", "taakveld", "soort", "bedrag_euro"])


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """Dutch CSV as Excel writes it: semicolons and a decimal comma."""
    return df.to_csv(index=False, sep=";", decimal=",").encode("utf-8")
