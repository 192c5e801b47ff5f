"""Youth care per gemeente 2015–2024 from the CBS series files (data/raw/cbs_reeksen, SOURCES §9).

``extend(raw_dir, tables) -> tables`` is one step of ``warehouse.build.OPEN_DATA``. It adds:

* **Jeugdzorg, two CBS series with a break in 2021**: 84134NED (2015–2020) and 85099NED
  (2021–2023) as separate indicators (``jeugdzorg_reeks2015_*``, ``jeugdzorg_reeks2021_*``), so
  no chart can draw them as one line; the first half of each year of the new series (2021–2024)
  as its own indicator (``jeugdzorg_hj1_*``), never as a year. A ``trend_break`` row marks 2021.
* **Jeugdhulp forms** (82972NED 2015–2020, 85098NED 2021–2023) under the ids of
  ``catalogue.REFRESH_INDICATORS``, so a CBS refresh and the bundle give the same ids; the
  publication (source) says from which table a point comes.
* **Kosten jeugdzorg** (83454NED): begroot and gerealiseerd, in euro and per inwoner; an empty
  cell is a gap (``missing``: the gemeente did not report), never 0.
* **Jeugdhulp count** from 85099NED (``JH 1 Totaal jeugdhulp``), which the file holds only for
  the first gemeenten in CBS order (cut off after 10.000 rows): the rest is ``not_bundled``.

The files carry names instead of codes: names map to codes through the gemeente rows of the
per-wijk tables (``cbs_wijken/jeugdzorg_wijken_<id>.csv.gz``); a name that does not map stops the
build. Gemeenten merged between 2021 and 2024 are re-aggregated to the 2024 indeling (counts summed,
percentages weighted by the group CBS divides by) and marked derived. Gemeenten that disappeared in
an earlier herindeling keep their own code in the indeling of their own year: the bundle has no
boundaries before 2021 to say which 2024 gemeente they went into. Jeugdzorgregio rows are kept as
their own level.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from warehouse.catalogue import CC_BY, REFRESH_INDICATORS, Indicator, Source
from warehouse.loaders import GEMEENTE_INDELING, OBS_COLUMNS, InputError, read_csv, sha256_file

REEKSEN = "cbs_reeksen"
WIJKEN = "cbs_wijken"
WIJK_TABLES = ["82964NED", "83563NED", "83782NED", "84316NED", "84615NED", "84856NED", "85685NED", "85990NED"]
# One renamed gemeente whose old title is in the series but in no per-wijk table (SOURCES §9).
ALIASES = {"De Friese Meren": "De Fryske Marren"}
OTHER_LEVELS = {"(LD)": "landsdeel", "(PV)": "provincie", "(CR)": "corop", "(JZ)": "jeugdzorgregio"}
BREAK_2021 = "CBS-jeugdzorgreeks: nieuwe bron en definities vanaf 2021 (84134NED → 85099NED, 82972NED → 85098NED)"

_JZ = "specialistische zorg"
_G = "Jeugdzorg; gebruik, regio"
SERIES_INDICATORS = [
    Indicator("jeugdzorg_reeks2015_aantal", "Jongeren met jeugdzorg (CBS-reeks 2015–2020)", "personen tot 23 jaar", 0,
              _JZ, -1, f"{_G} (84134NED)", None,
              "Jongeren tot 23 jaar met jeugdzorg (jeugdhulp, jeugdbescherming of jeugdreclassering) in het jaar, "
              "naar de gemeente die verantwoordelijk is (woonplaatsbeginsel); wie meer vormen kreeg telt één keer. "
              "Oude CBS-reeks (84134NED); niet te vergelijken met de reeks vanaf 2021."),
    Indicator("jeugdzorg_reeks2015_pct", "Jongeren met jeugdzorg, % (CBS-reeks 2015–2020)", "% van jongeren tot 23 jaar",
              1, _JZ, -1, f"{_G} (84134NED)", None,
              "Jongeren tot 23 jaar met jeugdzorg als percentage van alle jongeren tot 23 jaar in de gemeente "
              "(84134NED). Oude CBS-reeks; niet te vergelijken met de reeks vanaf 2021."),
    Indicator("jeugdzorg_reeks2021_aantal", "Jongeren met jeugdzorg (CBS-reeks vanaf 2021)", "personen tot 23 jaar", 0,
              _JZ, -1, f"{_G} (85099NED)", None,
              "Jongeren tot 23 jaar met jeugdzorg in het jaar (jeugdhulp, jeugdbescherming of jeugdreclassering), "
              "één keer geteld, naar verantwoordelijke gemeente. Nieuwe CBS-reeks (85099NED), andere bron en "
              "definities dan 2015–2020."),
    Indicator("jeugdzorg_reeks2021_pct", "Jongeren met jeugdzorg, % (CBS-reeks vanaf 2021)", "% van jongeren tot 23 jaar",
              1, _JZ, -1, f"{_G} (85099NED)", None,
              "Jongeren tot 23 jaar met jeugdzorg als percentage van alle jongeren tot 23 jaar in de gemeente "
              "(85099NED, nieuwe reeks)."),
    Indicator("jeugdzorg_hj1_aantal", "Jongeren met jeugdzorg, 1e halfjaar (CBS-reeks vanaf 2021)",
              "personen tot 23 jaar, januari–juni", 0, _JZ, -1, f"{_G} (85099NED)", None,
              "Jongeren tot 23 jaar met jeugdzorg in het eerste halfjaar (januari–juni). Een halfjaar is geen "
              "jaar: alleen te vergelijken met het eerste halfjaar van een ander jaar."),
    Indicator("jeugdzorg_hj1_pct", "Jongeren met jeugdzorg, % 1e halfjaar (CBS-reeks vanaf 2021)",
              "% van jongeren tot 23 jaar, januari–juni", 1, _JZ, -1, f"{_G} (85099NED)", None,
              "Jongeren tot 23 jaar met jeugdzorg in het eerste halfjaar, als percentage van alle jongeren tot "
              "23 jaar. Alleen te vergelijken met het eerste halfjaar van een ander jaar."),
    Indicator("jeugdhulp_aantal", "Jongeren met jeugdhulp (aantal)", "personen tot 23 jaar", 0, _JZ, -1,
              f"{_G} (85099NED, JH 1 Totaal jeugdhulp)", None,
              "Jongeren tot 23 jaar met jeugdhulp (zonder jeugdbescherming en jeugdreclassering) in het jaar. Het "
              "meegeleverde bestand is afgebroken: alleen de eerste gemeenten in de volgorde van CBS staan erin."),
    Indicator("jeugdbescherming_verblijf_pct", "Jeugdbescherming met jeugdhulp met verblijf",
              "% van jongeren met jeugdbescherming", 1, _JZ, -1, "Indicatoren jeugdzorg (85098NED, 82972NED)",
              "JeugdbeschEnJeugdhMetVerblInNat",
              "Jongeren tot 18 jaar met jeugdbescherming die ook jeugdhulp met verblijf kregen, als percentage van "
              "de jongeren met jeugdbescherming (afgeleid uit de waarden: Nederland 2021 47,8%)."),
    Indicator("jeugdzorg_kosten_begroot", "Gemeentelijke kosten jeugdzorg, begroot", "euro", 0, "uitgaven", 0,
              "Kosten jeugdzorg; gemeenten (83454NED)", None,
              "Begrote kosten van de gemeente voor jeugdzorg (totaal), CBS 83454NED (gepubliceerd in 1.000 euro, "
              "hier in euro). Leeg: de gemeente leverde geen cijfer aan."),
    Indicator("jeugdzorg_kosten_per_inwoner", "Kosten jeugdzorg per inwoner, gerealiseerd", "euro per inwoner", 0,
              "uitgaven", 0, "Kosten jeugdzorg; gemeenten (83454NED)", None,
              "Gerealiseerde kosten jeugdzorg per inwoner (CBS: 1.000 euro per 1.000 inwoners)."),
    Indicator("jeugdzorg_kosten_begroot_per_inwoner", "Kosten jeugdzorg per inwoner, begroot", "euro per inwoner", 0,
              "uitgaven", 0, "Kosten jeugdzorg; gemeenten (83454NED)", None,
              "Begrote kosten jeugdzorg per inwoner (CBS: 1.000 euro per 1.000 inwoners)."),
]
# The CBS definitions of the indicator tables 82972NED/85098NED (StatLine 'toelichting'); the verblijf
# share is of the young people WITH jeugdhulp — the values show it (NL 2021: jeugdhulp 13,2%, verblijf 9,4%: 9,4% of all young people in residential care is impossible).
FORM_DEFINITIONS = {
    "jeugdhulp_pct": "Jongeren tot 18 jaar met jeugdhulp in natura als percentage van alle jongeren tot 18 jaar "
                     "in de gemeente.",
    "jeugdhulp_verblijf_pct": "Jongeren tot 18 jaar met jeugdhulp met verblijf in natura (pleegzorg, gezinshuis, "
                              "instelling) als percentage van de jongeren tot 18 jaar met jeugdhulp in natura — niet "
                              "van alle jongeren.",
    "jeugdbescherming_pct": "Jongeren tot 18 jaar met een jeugdbeschermingsmaatregel als percentage van alle "
                            "jongeren tot 18 jaar.",
    "jeugdreclassering_pct": "Jongeren van 12 tot 23 jaar met jeugdreclassering als percentage van alle jongeren "
                             "van 12 tot 23 jaar.",
}
FORM_COLUMNS = {"JongerenMetJeugdhulpInNatura": "jeugdhulp_pct", "JongerenMetJeugdhMetVerblInNat": "jeugdhulp_verblijf_pct",
                "JongerenMetJeugdbescherming": "jeugdbescherming_pct",
                "JeugdbeschEnJeugdhMetVerblInNat": "jeugdbescherming_verblijf_pct",
                "JongerenMetJeugdreclassering": "jeugdreclassering_pct"}

_R = "2026-12 (via dertje/cbs_datasets @ 388b47d)"
SERIES_SOURCES = [
    Source("cbs_84134", "Jeugdzorg; gebruik, regio 2015–2020 (84134NED), oude reeks", "CBS", CC_BY,
           "Bron: CBS, 84134NED (reeks 2015–2020)", f"data/raw/{REEKSEN}/84134NED.csv.gz", _R),
    Source("cbs_85099", "Jeugdzorg; gebruik, regio 2021–2024 (85099NED), nieuwe reeks", "CBS", CC_BY,
           "Bron: CBS, 85099NED (reeks vanaf 2021)", f"data/raw/{REEKSEN}/85099NED.csv.gz", _R),
    Source("cbs_82972", "Indicatoren jeugdzorg; gemeenten 2015–2020 (82972NED)", "CBS", CC_BY,
           "Bron: CBS, 82972NED (reeks 2015–2020)", f"data/raw/{REEKSEN}/82972NED.csv.gz", _R),
    Source("cbs_85098", "Indicatoren jeugdzorg; gemeenten 2021–2024 (85098NED)", "CBS", CC_BY,
           "Bron: CBS, 85098NED (reeks vanaf 2021)", f"data/raw/{REEKSEN}/85098NED.csv.gz", _R),
    Source("cbs_83454", "Kosten jeugdzorg; gemeenten 2015–2023 (83454NED)", "CBS", CC_BY,
           "Bron: CBS, 83454NED", f"data/raw/{REEKSEN}/83454NED.csv.gz", _R),
    Source("cbs_85098_2022_statline", "Indicatoren jeugdzorg; gemeenten, 2022 voorlopig (StatLine-download, ter controle)",
           "CBS", CC_BY, "Bron: CBS, 85098NED (2022 voorlopig)",
           f"data/raw/{WIJKEN}/indicatoren_jeugdzorg_gemeenten_2022.csv.gz",
           "2026-12 (via semkjaer/capybara1.0 @ 543ef26)"),
] + [Source(f"cbs_wijk_jz_{t}", f"Jeugdzorg in natura per wijk ({t}), gemeenterijen voor naam → code",
            "CBS", CC_BY, f"Bron: CBS, {t}", f"data/raw/{WIJKEN}/jeugdzorg_wijken_{t}.csv.gz", _R)
     for t in WIJK_TABLES]


def _read(path: Path) -> pd.DataFrame:
    """A ';'-separated CBS extract with a BOM; everything as text, names stripped."""
    df = read_csv(path, ["Perioden"], sep=";", encoding="utf-8-sig", dtype=str)
    return df.apply(lambda s: s.str.strip())


def _col(df: pd.DataFrame, base: str) -> str:
    hits = [c for c in df.columns if re.sub(r"_\d+$", "", c) == base]
    if not hits:
        raise InputError(f"CBS-kolom {base}_* ontbreekt (kolommen: {', '.join(df.columns)})")
    return hits[0]


def name_codes(raw_dir: Path) -> dict[str, str]:
    """CBS gemeente title -> code, from the gemeente rows of the per-wijk tables (newest first)."""
    mapping: dict[str, str] = {}
    for table in reversed(WIJK_TABLES):
        df = _read(raw_dir / WIJKEN / f"jeugdzorg_wijken_{table}.csv.gz")
        gem = df[df[_col(df, "SoortRegio")] == "Gemeente"]
        for name, code in zip(gem["Wijken"], gem[_col(df, "Codering")]):
            mapping.setdefault(name, code)
    for old, new in ALIASES.items():
        if new in mapping:
            mapping.setdefault(old, mapping[new])
    return mapping


def _period(p: pd.Series) -> tuple[pd.Series, pd.Series]:
    """'2019' -> ('jaar', 2019); '1e halfjaar 2019' / '1e half jaar 2024' -> ('hj1', 2019); else (None, NaN)."""
    year = pd.to_numeric(p.str.extract(r"(\d{4})$")[0], errors="coerce")
    kind = np.select([p.str.fullmatch(r"\d{4}\*?"), p.str.fullmatch(r"1e half ?jaar \d{4}\*?")], ["jaar", "hj1"], "")
    return pd.Series(kind, index=p.index), year


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def regions_of(names: pd.Series, mapping: dict[str, str], path: Path) -> pd.DataFrame:
    """Level and code per CBS region title; a gemeente title without a code stops the build."""
    uniq = pd.Series(names.unique())
    level = pd.Series("gemeente", index=uniq.index)
    for suffix, lv in OTHER_LEVELS.items():
        level[uniq.str.endswith(" " + suffix)] = lv
    level[uniq == "Nederland"] = "land"
    level[uniq.str.fullmatch(r"(Minder dan )?[\d ]+( tot [\d ]+)? inwoners( of meer)?")] = "grootteklasse"
    # CBS adds ' (gemeente)' where a gemeente shares its name with a provincie, COROP or regio.
    code = uniq.map(mapping).fillna(uniq.str.removesuffix(" (gemeente)").map(mapping))
    code[level == "land"] = "NL00"
    jz = level == "jeugdzorgregio"
    code[jz] = "JZ-" + uniq[jz].str.removesuffix(" (JZ)").map(_slug)
    missing = uniq[(level == "gemeente") & code.isna()]
    if len(missing):
        raise InputError(f"Invoerbestand {path}: geen gemeentecode voor {', '.join(sorted(missing)[:10])}")
    return pd.DataFrame({"title": uniq, "level": level, "code": code})


def _long(df: pd.DataFrame, region_col: str, measures: dict[str, str], regions: pd.DataFrame, source_id: str,
          scale: dict[str, float] | None = None) -> pd.DataFrame:
    """Wide CBS rows to long rows (indicator, code, level, kind, year, value) for the chosen measures."""
    kind, year = _period(df["Perioden"])
    base = df.assign(kind=kind, year=year).query("kind != ''").merge(
        regions, left_on=region_col, right_on="title")
    frames = []
    for column, indicator in measures.items():
        value = pd.to_numeric(base[_col(base, column)], errors="coerce") * (scale or {}).get(indicator, 1.0)
        frames.append(pd.DataFrame({"indicator_id": indicator, "code": base["code"], "level": base["level"],
                                    "title": base["title"], "kind": base["kind"], "year": base["year"].astype(int),
                                    "value": value}))
    out = pd.concat(frames, ignore_index=True)
    out["source_id"] = source_id
    return out[out["level"].isin(["land", "gemeente", "jeugdzorgregio"])]


def reaggregate(obs: pd.DataFrame, herindeling: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Gemeenten merged 2021–2024 into their 2024 gemeente: counts summed, shares weighted (derived).

    ``weights`` (code, year, indicator_id, weight): the group a share is of, e.g. young people
    under 23 implied by CBS's own count and share. A group with any part not a value is not a value.
    """
    mapping = dict(zip(herindeling["old_code"], herindeling["new_code"]))
    olds = obs["code"].isin(mapping.keys()) & (obs["level"] == "gemeente")
    targets = {mapping[c] for c in obs.loc[olds, "code"]}
    touched = obs["code"].isin(targets) & (obs["level"] == "gemeente")
    part = obs[olds | touched].copy()
    # Only years in which a predecessor still has a row of its own: later years are CBS's own figure.
    part["new"] = part["code"].map(mapping).fillna(part["code"])
    has_old = part[part["code"] != part["new"]].groupby(["indicator_id", "new", "year"]).size().rename("n_old")
    part = part.merge(has_old.reset_index(), on=["indicator_id", "new", "year"])
    part = part.merge(weights, on=["code", "year", "indicator_id"], how="left")
    part["wv"] = part["value"] * part["weight"]
    g = part.groupby(["indicator_id", "new", "year", "source_id", "level"], as_index=False).agg(
        total=("value", "sum"), wv=("wv", lambda s: s.sum(min_count=len(s))), w=("weight", lambda s: s.sum(min_count=len(s))),
        n_value=("status", lambda s: (s == "value").sum()), n=("status", "size"),
        secret=("status", lambda s: (s == "secret").any()), members=("code", lambda s: ", ".join(sorted(s))))
    is_share = g["indicator_id"].isin(weights["indicator_id"].unique())
    g["value"] = np.where(is_share, g["wv"] / g["w"], g["total"])
    ok = (g["n_value"] == g["n"]) & g["value"].notna()
    g["status"] = np.select([ok, g["secret"]], ["value", "secret"], "missing")
    g["value"] = g["value"].where(ok).round(6)
    g["is_derived"] = True
    g["derivation"] = np.where(is_share, "Herindeling: gewogen naar de groep waarvan het een percentage is, van ",
                               "Herindeling: opgeteld, van ") + g["members"] + " (indeling van dat jaar)"
    merged = g.rename(columns={"new": "code"}).drop(columns=["total", "wv", "w", "n_value", "n", "secret", "members"])
    key = ["indicator_id", "code", "year"]
    rest = obs[~(olds | touched)]
    untouched_new = obs[touched].merge(merged[key], on=key, how="left", indicator=True)
    untouched_new = untouched_new[untouched_new["_merge"] == "left_only"].drop(columns="_merge")
    return pd.concat([rest, untouched_new, merged], ignore_index=True)


def _observations(obs: pd.DataFrame, gemeenten_2024: set[str]) -> pd.DataFrame:
    """Rows in the table's shape: 2024 gemeenten and NL in indeling 2024, the rest in their own year."""
    in_2024 = (obs["level"] == "land") | ((obs["level"] == "gemeente") & obs["code"].isin(gemeenten_2024))
    obs = obs.assign(region_code=obs["code"], indeling_year=np.where(in_2024, GEMEENTE_INDELING, obs["year"]))
    for col, default in (("numerator", None), ("denominator", None), ("is_derived", False), ("derivation", None)):
        if col not in obs.columns:
            obs[col] = default
    obs["is_derived"] = obs["is_derived"].fillna(False).astype(bool)
    obs["value"] = obs["value"].where(obs["status"] == "value")
    return obs[OBS_COLUMNS]


def load_series(raw_dir: Path, herindeling: pd.DataFrame, gemeenten_2024: set[str]
                ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Observations, extra regions (old gemeenten, jeugdzorgregio's) and not-bundled rows."""
    mapping = name_codes(raw_dir)
    frames = []
    # Jeugdzorg, gebruik: the complete category 'JZ Totaal jeugdzorg' of both series.
    for table, sid, prefix in (("84134NED", "cbs_84134", "jeugdzorg_reeks2015"), ("85099NED", "cbs_85099", "jeugdzorg_reeks2021")):
        path = raw_dir / REEKSEN / f"{table}.csv.gz"
        df = _read(path)
        regions = regions_of(df["RegioS"], mapping, path)
        tot = _long(df[df["VormenVanJeugdzorg"] == "JZ Totaal jeugdzorg"], "RegioS",
                    {"JongerenMetJeugdzorg": f"{prefix}_aantal", "JongerenMetJeugdzorgRelatief": f"{prefix}_pct"},
                    regions, sid)
        if prefix.endswith("2021"):
            hj1 = tot["kind"] == "hj1"
            tot.loc[hj1, "indicator_id"] = tot.loc[hj1, "indicator_id"].str.replace(prefix, "jeugdzorg_hj1")
            tot = tot[(tot["kind"] == "jaar") | hj1]
            jh = _long(df[df["VormenVanJeugdzorg"] == "JH 1 Totaal jeugdhulp"], "RegioS",
                       {"JongerenMetJeugdzorg": "jeugdhulp_aantal"}, regions, sid)
            frames.append(jh[jh["kind"] == "jaar"].assign(_cutoff=True))
        else:
            tot = tot[tot["kind"] == "jaar"]
        frames.append(tot)
    gebruik = pd.concat(frames, ignore_index=True)
    counts = gebruik[gebruik["indicator_id"].str.endswith("_aantal") & (gebruik["indicator_id"] != "jeugdhulp_aantal")]
    exists = set(zip(counts.loc[counts["value"].notna(), "code"], counts.loc[counts["value"].notna(), "year"]))
    # Jeugdhulp forms (82972NED, 85098NED): complete.
    forms = []
    for table, sid in (("82972NED", "cbs_82972"), ("85098NED", "cbs_85098")):
        path = raw_dir / REEKSEN / f"{table}.csv.gz"
        df = _read(path)
        f = _long(df, "RegioS", FORM_COLUMNS, regions_of(df["RegioS"], mapping, path), sid)
        forms.append(f[f["kind"] == "jaar"])
    # Costs (83454NED): the complete category 'JZ Totaal jeugdzorg'; an empty cell is a gap.
    path = raw_dir / REEKSEN / "83454NED.csv.gz"
    df = _read(path)
    df = df[df["VormenVanJeugdzorg"] == "JZ Totaal jeugdzorg"]
    kosten = _long(df, "Regio", {"BegroteKosten": "jeugdzorg_kosten_begroot", "GerealiseerdeKosten": "jeugdzorg_kosten",
                                 "BegroteKostenPer1000Inwoners": "jeugdzorg_kosten_begroot_per_inwoner",
                                 "GerealiseerdeKostenPer1000Inwoners": "jeugdzorg_kosten_per_inwoner"},
                   regions_of(df["Regio"], mapping, path), "cbs_83454",
                   scale={"jeugdzorg_kosten_begroot": 1000.0, "jeugdzorg_kosten": 1000.0})
    kosten = kosten[kosten["kind"] == "jaar"]

    gebruik = gebruik.drop(columns="_cutoff")
    forms = pd.concat(forms, ignore_index=True)
    # A gemeente row in a year the gemeente did not exist (no count of its own in that year's
    # indeling) is left out; an empty cell of a gemeente that existed is CBS suppression (secret),
    # except for costs, where it means the gemeente did not report (a gap: missing).
    gebruik["status"] = np.where(gebruik["value"].notna(), "value", "secret")
    gebruik.loc[(gebruik["level"] == "jeugdzorgregio") & gebruik["value"].isna(), "status"] = "missing"
    forms["status"] = np.where(forms["value"].notna(), "value", "secret")
    kosten["status"] = np.where(kosten["value"].notna(), "value", "missing")
    obs = pd.concat([gebruik, forms, kosten], ignore_index=True)
    existed = pd.Series([k in exists for k in zip(obs["code"], obs["year"])], index=obs.index)
    obs = obs[existed | (obs["level"] != "gemeente")]
    # A renamed gemeente has two titles with one code (De Friese Meren 2015, De Fryske Marren 2016-):
    # per year the title with a figure wins.
    obs = obs.sort_values("status", key=lambda s: s != "value", kind="stable").drop_duplicates(
        ["indicator_id", "code", "year", "level"])

    # Shares are weighted by the group they are a share of: young people under 23 from CBS's own
    # count and share (jeugdzorg), the same group for the form shares (an approximation: under 18),
    # inhabitants from the cost per inhabitant.
    young = _implied(obs, "_aantal", "_pct")
    inhabitants = _implied(obs, "jeugdzorg_kosten", "jeugdzorg_kosten_per_inwoner", per=1.0)
    weights = pd.concat([young.assign(indicator_id=i) for i in
                         ["jeugdzorg_reeks2015_pct", "jeugdzorg_reeks2021_pct", "jeugdzorg_hj1_pct", *FORM_COLUMNS.values()]]
                        + [inhabitants.assign(indicator_id=i) for i in
                           ["jeugdzorg_kosten_per_inwoner", "jeugdzorg_kosten_begroot_per_inwoner"]], ignore_index=True)
    obs = reaggregate(obs, herindeling, weights)

    # What the cut-off file lacks: every gemeente and year of the complete category without a row.
    have = obs[obs["indicator_id"] == "jeugdhulp_aantal"][["code", "year"]]
    universe = obs[(obs["indicator_id"] == "jeugdzorg_reeks2021_aantal") & (obs["level"] != "jeugdzorgregio")][
        ["code", "level", "year", "status"]]
    lacking = universe.merge(have, on=["code", "year"], how="left", indicator=True)
    lacking = lacking[lacking["_merge"] == "left_only"]
    not_bundled = lacking.assign(indicator_id="jeugdhulp_aantal", value=np.nan, status="not_bundled",
                                 source_id="cbs_85099", is_derived=False,
                                 derivation="Niet in de meegeleverde data: het CBS-bestand is na 10.000 rijen afgebroken")
    obs = pd.concat([obs, not_bundled.drop(columns="_merge")], ignore_index=True)

    extra = obs[((obs["level"] == "gemeente") & ~obs["code"].isin(gemeenten_2024)) | (obs["level"] == "jeugdzorgregio")]
    titles = pd.concat([gebruik, forms, kosten])[["code", "title"]].drop_duplicates("code")
    extra_regions = extra[["code", "level", "year"]].drop_duplicates().merge(titles, on="code")
    extra_regions = pd.DataFrame({
        "code": extra_regions["code"], "level": extra_regions["level"],
        "name": np.where(extra_regions["level"] == "gemeente",
                         extra_regions["title"] + " (opgeheven gemeente, indeling " + extra_regions["year"].astype(str) + ")",
                         extra_regions["title"]),
        "parent_code": "NL00", "indeling_year": extra_regions["year"].astype(int), "geometry_year": None})
    return _observations(obs, gemeenten_2024), extra_regions, breaks_of(obs, gemeenten_2024)


def _implied(obs: pd.DataFrame, count_suffix: str, share_suffix: str, per: float = 100.0) -> pd.DataFrame:
    """The group a share is of: count / share × per, per code and year (from the 'jeugdzorg' rows)."""
    values = obs[obs["status"] == "value"]
    if count_suffix == "_aantal":
        count = values[values["indicator_id"].str.fullmatch(r"jeugdzorg_(reeks20(15|21)|hj1)_aantal")]
        share = values[values["indicator_id"].str.fullmatch(r"jeugdzorg_(reeks20(15|21)|hj1)_pct")]
        count = count.assign(series=count["indicator_id"].str.removesuffix("_aantal"))
        share = share.assign(series=share["indicator_id"].str.removesuffix("_pct"))
        key = ["code", "year", "series"]
    else:
        count, share = values[values["indicator_id"] == count_suffix], values[values["indicator_id"] == share_suffix]
        key = ["code", "year"]
    both = count[key + ["value"]].merge(share[key + ["value"]], on=key, suffixes=("_n", "_p"))
    both = both[both["value_p"] > 0]
    both["weight"] = both["value_n"] / both["value_p"] * per
    return both.drop_duplicates(["code", "year"])[["code", "year", "weight"]]


def breaks_of(obs: pd.DataFrame, gemeenten_2024: set[str]) -> pd.DataFrame:
    """The 2021 series break everywhere, and 2024 gemeenten that appear later than 2015."""
    rows = [{"year": 2021, "theme": _JZ, "region_code": None, "label_nl": BREAK_2021}]
    first = obs[(obs["status"] == "value") & obs["indicator_id"].isin(["jeugdzorg_reeks2015_aantal", "jeugdzorg_reeks2021_aantal"])
                & obs["code"].isin(gemeenten_2024)].groupby("code")["year"].min()
    for code, year in first[first > 2015].items():
        rows.append({"year": int(year), "theme": "alle", "region_code": code,
                     "label_nl": f"Gemeente ontstaan door herindeling in {year}: jaren ervoor niet omgerekend"})
    return pd.DataFrame(rows)


def indicator_rows() -> pd.DataFrame:
    """Indicators of this step; the form ids are those of the CBS refresh, with CBS's definitions."""
    inds = SERIES_INDICATORS + [i for i in REFRESH_INDICATORS if i.indicator_id in FORM_DEFINITIONS or
                                i.indicator_id == "jeugdzorg_kosten"]
    return pd.DataFrame([{"indicator_id": i.indicator_id, "label_nl": i.label_nl,
                          "unit": i.unit,
                          "decimals": i.decimals, "definition_nl": FORM_DEFINITIONS.get(i.indicator_id, i.definition_nl),
                          "source_table": i.source_table, "theme": i.theme, "polarity": i.polarity,
                          "privacy_kind": None} for i in inds])


def source_rows(raw_dir: Path) -> pd.DataFrame:
    """Source rows; sha256 of the ORIGINAL (uncompressed) file, as the bundle's provenance asks."""
    import gzip
    import hashlib
    rows = []
    for s in SERIES_SOURCES:
        path = raw_dir / Path(s.file_path).relative_to("data/raw")
        sha256_file(path)  # a missing file stops the build, naming it
        with gzip.open(path, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        rows.append({"source_id": s.source_id, "title": s.title, "publisher": s.publisher, "licence": s.licence,
                     "credit": s.credit, "file_path": s.file_path, "retrieved": s.retrieved, "sha256": digest,
                     "is_demo": False})
    return pd.DataFrame(rows)


def extend(raw_dir: Path, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Build step (warehouse.build.OPEN_DATA): add the youth-care series to the tables."""
    regions = tables["region"]
    gemeenten_2024 = set(regions.loc[(regions["level"] == "gemeente") & (regions["indeling_year"] == GEMEENTE_INDELING), "code"])
    obs, extra_regions, breaks = load_series(raw_dir, tables["herindeling"], gemeenten_2024)
    out = dict(tables)
    # The per-wijk files are read here only for their gemeente rows (names -> codes); where an earlier step
    # (wijkdata) already lists the same file, its source row is the one, not a second row for one file.
    ours = source_rows(raw_dir)
    ours = ours[~ours["file_path"].isin(tables["source"]["file_path"])]
    out["source"] = pd.concat([tables["source"], ours], ignore_index=True).drop_duplicates("source_id")
    known = set(tables["indicator"]["indicator_id"])
    new_ind = indicator_rows()
    out["indicator"] = pd.concat([tables["indicator"], new_ind[~new_ind["indicator_id"].isin(known)]], ignore_index=True)
    out["region"] = pd.concat([regions, extra_regions], ignore_index=True).drop_duplicates(["code", "indeling_year"])
    out["observation"] = pd.concat([tables["observation"], obs], ignore_index=True).drop_duplicates(
        ["indicator_id", "region_code", "indeling_year", "year"], keep="first")
    out["trend_break"] = pd.concat([tables["trend_break"], breaks], ignore_index=True)
    return out
