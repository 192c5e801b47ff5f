"""Loaders: turn the shipped open-data files into warehouse rows (pandas DataFrames).

Every loader reads one kind of file, checks it, and returns rows in the shape of a warehouse
table. None of them writes: ``warehouse.build`` does that, in one go.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from warehouse.catalogue import INDICATORS, ORG_INDICATORS, Indicator

GEMEENTE_INDELING = 2024  # the indeling all gemeente figures are shown in
OBS_COLUMNS = ["indicator_id", "region_code", "indeling_year", "year", "value", "numerator",
               "denominator", "status", "is_derived", "derivation", "source_id"]
SUFFIX = re.compile(r"_\d+$")


class InputError(ValueError):
    """An input file that is missing or not what the loader expects; the message names it."""


def sha256_file(path: Path) -> str:
    """The sha256 of a raw file; a missing file is an InputError in Dutch."""
    if not path.exists():
        raise InputError(f"Invoerbestand ontbreekt: {path}")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def base_name(column: str) -> str:
    """CBS column name without its edition suffix: 'PercentageJongerenMetJeugdzorg_88' -> '…Jeugdzorg'."""
    return SUFFIX.sub("", column)


def unique_on(df: pd.DataFrame, key: list[str], path: Path) -> pd.DataFrame:
    """Refuse a file whose key repeats, naming the file and the first repeated key."""
    dup = df.duplicated(key, keep=False)
    if dup.any():
        first = df.loc[dup, key].iloc[0].tolist()
        raise InputError(f"Invoerbestand {path} heeft dubbele rijen voor {dict(zip(key, first))}")
    return df


def read_csv(path: Path, required: list[str], **kwargs) -> pd.DataFrame:
    """Read a CSV and check its columns, with an error that names the file and what is missing."""
    if not path.exists():
        raise InputError(f"Invoerbestand ontbreekt: {path}")
    try:
        df = pd.read_csv(path, **kwargs)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"Invoerbestand {path} is niet te lezen als CSV: {exc}") from exc
    missing = [c for c in required if c not in df.columns]
    if missing or df.empty:
        raise InputError(f"Invoerbestand {path} mist kolommen {missing or '(geen rijen)'}")
    return df


def numeric(df: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """A column as numbers; text where a number belongs stops the build, naming file, column and rows."""
    values = pd.to_numeric(df[column], errors="coerce")
    bad = values.isna() & df[column].notna() & (df[column].astype("string").str.strip() != "")
    if bad.any():
        rows = ", ".join(str(i + 2) for i in df.index[bad][:5])  # +2: header line, 1-based
        raise InputError(f"Invoerbestand {path}: kolom '{column}' bevat tekst waar een getal hoort (regel {rows})")
    return values.astype(float)


def load_data_properties(path: Path) -> dict[str, dict]:
    """CBS column dictionary keyed on base name: title, unit, decimals, description."""
    if not path.exists():
        raise InputError(f"Invoerbestand ontbreekt: {path}")
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"Invoerbestand {path} is geen geldige JSON: {exc}") from exc
    if isinstance(entries, dict):
        entries = entries.get("value", [])
    props = {}
    for entry in entries:
        if entry.get("Type") == "Topic" and entry.get("Key"):
            props[base_name(entry["Key"])] = {
                "title": entry.get("Title", "").strip(),
                "unit": (entry.get("Unit") or "").strip(),
                "decimals": int(entry.get("Decimals") or 0),
                "description": " ".join((entry.get("Description") or "").split()),
            }
    if "PercentageJongerenMetJeugdzorg" not in props:
        raise InputError(f"Invoerbestand {path} bevat geen CBS-kolombeschrijvingen van de KWB")
    return props


def indicator_rows(props: dict[str, dict]) -> pd.DataFrame:
    """The indicator catalogue, with CBS's own definitions where CBS defines the measure."""
    rows = []
    for ind in INDICATORS + ORG_INDICATORS:
        definition = ind.definition_nl
        if ind.cbs_key:
            definition = props[ind.cbs_key]["description"] or props[ind.cbs_key]["title"]
        rows.append({"indicator_id": ind.indicator_id, "label_nl": ind.label_nl, "unit": ind.unit,
                     "decimals": ind.decimals, "definition_nl": definition,
                     "source_table": ind.source_table, "theme": ind.theme, "polarity": ind.polarity,
                     "privacy_kind": ind.privacy_kind})
    return pd.DataFrame(rows)


# --- regions --------------------------------------------------------------------------------

def load_regions_2024(gemeente_geojson: Path, wijk_csv: Path) -> pd.DataFrame:
    """NL, the 342 gemeenten and 3,393 wijken of the 2024 indeling."""
    if not gemeente_geojson.exists():
        raise InputError(f"Invoerbestand ontbreekt: {gemeente_geojson}")
    try:
        features = json.loads(gemeente_geojson.read_text(encoding="utf-8"))["features"]
    except (json.JSONDecodeError, KeyError) as exc:
        raise InputError(f"Invoerbestand {gemeente_geojson} is geen geldige GeoJSON: {exc}") from exc
    gem = pd.DataFrame([f["properties"] for f in features])
    gem = pd.DataFrame({"code": gem["gemeentecode"], "level": "gemeente", "name": gem["gemeentenaam"],
                        "parent_code": "NL00"})
    wijk = read_csv(wijk_csv, ["wijkcode", "wijknaam", "gemeentecode"], dtype=str)
    wijk = pd.DataFrame({"code": wijk["wijkcode"], "level": "wijk",
                         "name": wijk["wijknaam"].fillna(wijk["wijkcode"]), "parent_code": wijk["gemeentecode"]})
    land = pd.DataFrame([{"code": "NL00", "level": "land", "name": "Nederland", "parent_code": None}])
    regions = pd.concat([land, gem, wijk], ignore_index=True)
    regions["indeling_year"] = GEMEENTE_INDELING
    regions["geometry_year"] = np.where(regions["level"] == "land", None, GEMEENTE_INDELING)
    return regions


def load_herindeling(path: Path) -> pd.DataFrame:
    """The herindelingen (old gemeente, new gemeente, valid from) from the raw CSV, checked."""
    df = read_csv(path, ["gemeentecode_oud", "gemeentenaam_oud", "gemeentecode_nieuw",
                         "gemeentenaam_nieuw", "ingangsdatum"], dtype=str)
    unique_on(df, ["gemeentecode_oud", "gemeentecode_nieuw"], path)
    return pd.DataFrame({"old_code": df["gemeentecode_oud"], "old_name": df["gemeentenaam_oud"],
                         "new_code": df["gemeentecode_nieuw"], "new_name": df["gemeentenaam_nieuw"],
                         "valid_from": pd.to_datetime(df["ingangsdatum"]).dt.date})


# --- KWB 2021, all gemeenten ------------------------------------------------------------------

# indicator -> (column in kwb_2021_gemeenten.csv, weight used when gemeenten merge)
KWB2021_COLUMNS = {
    "inwoners": ("inwoners", "sum"),
    "jeugdzorg_pct": ("jongeren_jeugdzorg_pct", "jongeren"),
    "wmo_per_1000": ("wmo_per_1000_inw", "inwoners"),
    "bijstand_per_1000": ("bijstand_per_1000_inw_afgeleid", "inwoners"),
    "kinderen_0_15_pct": ("pct_inw_0_15_afgeleid", "inwoners"),
    "jongeren_15_25_pct": ("pct_inw_15_25_afgeleid", "inwoners"),
    "huish_laag_inkomen_pct": ("huish_laag_inkomen_pct", "huishoudens"),
    "huish_sociaal_minimum_pct": ("huish_onder_rond_sociaal_minimum_pct", "huishoudens"),
    "inkomen_per_inwoner": ("gem_inkomen_per_inwoner_x1000eur", "inwoners"),
}
WEIGHT_NL = {"sum": "opgeteld", "jongeren": "gewogen naar het aantal inwoners van 0–24 jaar",
             "inwoners": "gewogen naar het aantal inwoners", "huishoudens": "gewogen naar het aantal huishoudens"}


def load_kwb_2021(path: Path, herindeling: pd.DataFrame) -> pd.DataFrame:
    """KWB 2021 for every gemeente, re-aggregated to the 2024 indeling, plus a derived NL total.

    Merged gemeenten get population-weighted figures and ``is_derived``; so does NL00, which
    is computed from all gemeenten (the bundle has no CBS national row for these measures).
    """
    df = read_csv(path, ["gemeentecode"] + [c for c, _ in KWB2021_COLUMNS.values()] +
                  ["huishoudens_gem_grootte"], dtype={"gemeentecode": str})
    year = int(df["kwb_jaar"].iloc[0]) if "kwb_jaar" in df.columns else 2021
    df["gemeentecode"] = df["gemeentecode"].str.strip()
    columns = dict(KWB2021_COLUMNS)
    for column in [c for c, _ in columns.values()] + ["huishoudens_gem_grootte"]:
        df[column] = numeric(df, column, path)
    mapping = dict(zip(herindeling["old_code"], herindeling["new_code"]))
    df["code_2024"] = df["gemeentecode"].map(mapping).fillna(df["gemeentecode"])
    weights = {
        "sum": pd.Series(1.0, index=df.index),
        "inwoners": df["inwoners"].astype(float),
        "jongeren": df["inwoners"] * (df["pct_inw_0_15_afgeleid"] + df["pct_inw_15_25_afgeleid"]) / 100,
        "huishoudens": df["inwoners"] / df["huishoudens_gem_grootte"],
    }
    merged_from = df.groupby("code_2024")["gemeentecode"].agg(lambda s: sorted(s))
    merged = merged_from[merged_from.str.len() > 1]
    frames = []
    for indicator_id, (column, weight_kind) in columns.items():
        values = df[column].astype(float)
        w = weights[weight_kind]
        for group_key, label in (("code_2024", None), ("nl", "NL00")):
            keys = df["code_2024"] if label is None else pd.Series("NL00", index=df.index)
            weighted = (values * w).groupby(keys).sum(min_count=1)
            total_w = w.where(values.notna()).groupby(keys).sum()
            has_gap = values.isna().groupby(keys).any()
            value = weighted if weight_kind == "sum" else weighted / total_w
            value = value.where(~has_gap)
            part = pd.DataFrame({"region_code": value.index, "value": value.values})
            if label is None:
                part["is_derived"] = part["region_code"].isin(merged.index)
                part["derivation"] = part["region_code"].map(
                    lambda c: f"Herindeling: {WEIGHT_NL[weight_kind]} van {', '.join(merged[c])} (indeling 2021)"
                    if c in merged.index else None)
            else:
                part["is_derived"] = True
                part["derivation"] = f"Berekend uit alle gemeenten, {WEIGHT_NL[weight_kind]}"
            part["indicator_id"] = indicator_id
            frames.append(part)
    obs = pd.concat(frames, ignore_index=True)
    # Children 0-14 as a count, for reach denominators: derived from the CBS percentage.
    kids = obs[obs.indicator_id == "kinderen_0_15_pct"].merge(
        obs[obs.indicator_id == "inwoners"][["region_code", "value"]], on="region_code", suffixes=("", "_inw"))
    kids = kids.assign(indicator_id="kinderen_0_15", value=(kids["value"] * kids["value_inw"] / 100).round(),
                       is_derived=True, derivation="Berekend: aandeel 0–14 jaar × inwoners")
    obs = pd.concat([obs, kids.drop(columns="value_inw")], ignore_index=True)
    obs["value"] = obs["value"].round(6)
    return _finish(obs, year=year, indeling_year=GEMEENTE_INDELING, source_id="kwb_2021_gemeenten")


def _finish(obs: pd.DataFrame, **constants) -> pd.DataFrame:
    """Complete observation rows: constants, status from value, the column order of the table."""
    obs = obs.assign(**constants)
    if "status" not in obs.columns:
        obs["status"] = np.where(obs["value"].notna(), "value", "missing")
    for col in ("numerator", "denominator", "derivation"):
        if col not in obs.columns:
            obs[col] = None
    if "is_derived" not in obs.columns:
        obs["is_derived"] = False
    return obs[OBS_COLUMNS]


# --- KWB Almere 2018-2025, gemeente, wijk and buurt ------------------------------------------

LEVELS = {"Gemeente": "gemeente", "Wijk": "wijk", "Buurt": "buurt"}
HOUSEHOLD_SIBLINGS = {
    "huish_laag_inkomen_pct": ("HuishoudensMetEenLaagInkomen", "HuishOnderOfRondSociaalMinimum"),
    "huish_sociaal_minimum_pct": ("HuishOnderOfRondSociaalMinimum", "HuishoudensMetEenLaagInkomen"),
}
EXTRA_CBS_KEYS = {"bijstand_aantal": "PersonenPerSoortUitkeringBijstand", "k_15Tot25Jaar": "k_15Tot25Jaar"}


def restore_decimals(raw: pd.Series, decimals: int, reference: pd.Series | None = None) -> pd.Series:
    """Undo the lost decimal separator: '114' with Decimals=1 is 11.4.

    The export also dropped a decimal part of zero: 8,0 % was written as '8', so '8' may be
    8.0 or 0.8. Without a ``reference`` the CBS decimals are applied as they are; with one,
    each value takes the reading (raw / 10**k, k = 0..decimals) closest to its reference on a
    log scale. A value that still has its separator (',' or '.') is taken as it is.
    """
    text = raw.astype("string").str.strip()
    has_sep = text.str.contains(r"[.,]", regex=True).fillna(False).to_numpy(dtype=bool)
    number = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce").astype(float)
    naive = number.where(has_sep, number / (10 ** decimals))
    if reference is None or decimals == 0:
        return naive
    candidates = np.stack([(number / 10 ** k).to_numpy() for k in range(decimals + 1)])
    with np.errstate(divide="ignore", invalid="ignore"):
        distance = np.abs(np.log(candidates / reference.to_numpy()))
    distance = np.where(np.isfinite(distance), distance, np.inf)
    best = candidates[np.argmin(distance, axis=0), np.arange(len(number))]
    usable = ~has_sep & np.isfinite(distance).any(axis=0)
    return naive.where(~usable, best)


def _measure(df: pd.DataFrame, base: str, props: dict[str, dict], path: Path,
             reference: pd.Series | None = None, combine: bool = False) -> pd.Series:
    """One measure across all KWB editions: the single filled column of its base name per row.

    Ambiguous readings (see ``restore_decimals``) are settled against ``reference`` where
    given (with ``combine``: the geometric mean of it and the area's own median), else against
    the area's own median over the years of one indeling, or the median of that KWB edition.
    """
    columns = [c for c in df.columns if base_name(c) == base]
    if not columns:
        raise InputError(f"Invoerbestand {path} mist de CBS-kolom {base}_*")
    decimals = props.get(base, {}).get("decimals", 0)
    raw = df[columns].bfill(axis=1).iloc[:, 0]
    if (df[columns].notna().sum(axis=1) > 1).any():
        raise InputError(f"Invoerbestand {path}: kolom {base} heeft meer dan één waarde per rij")
    if decimals:
        # First each value is read against the median of its KWB edition; the area's own median
        # over the years of one indeling, taken from those readings, is then the reference (an area
        # seen only once falls back to the year's median). Taking the area's median from the naive
        # readings instead let an area whose every value lost its ',0' confirm itself ('33' -> 3,3).
        naive = restore_decimals(raw, decimals)
        if reference is None:  # (a measure with a reference of its own keeps its own settling)
            naive = restore_decimals(raw, decimals, naive.groupby(df["year"]).transform("median"))
        own = naive.groupby([df["code"], df["level"], df["era"]])
        area_median = own.transform("median").where(own.transform("count") >= 2)
        fallback = area_median.fillna(naive.groupby(df["year"]).transform("median"))
        if reference is not None and combine:
            reference = np.sqrt(reference * fallback)  # geometric mean: both are order-of-magnitude hints
        reference = fallback if reference is None else reference.where(reference.notna(), fallback)
    return restore_decimals(raw, decimals, reference)


def load_kwb_almere(path: Path, props: dict[str, dict], wijk_names_2024: pd.DataFrame
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Almere's KWB editions 2018-2025: regions per year's indeling, and observations.

    Wijk and buurt codes are kept apart per year (Almere redrew its wijken in 2022 and reused
    codes WK003401-06). A wijk can use the 2024 geometry only in a year whose wijk codes are
    exactly the 2024 set. An empty cell in a year CBS published the measure for the gemeente is
    a secret (suppressed) cell for an inhabited area; otherwise it is missing.
    """
    df = read_csv(path, ["Peildatum", "WijkenEnBuurten", "SoortRegio_2"], sep=";",
                  encoding="utf-8-sig", dtype=str, low_memory=False)
    df["code"] = df["WijkenEnBuurten"].str.strip()
    df["level"] = df["SoortRegio_2"].str.strip().map(LEVELS)
    df["year"] = pd.to_numeric(df["Peildatum"].str.extract(r"(\d{4})\s*$")[0], errors="coerce")
    if df["level"].isna().any() or df["year"].isna().any():
        raise InputError(f"Invoerbestand {path}: onbekende SoortRegio of Peildatum in {int(df['level'].isna().sum() + df['year'].isna().sum())} rijen")
    df["year"] = df["year"].astype(int)
    df = df.reset_index(drop=True)
    # An 'era' is a run of years with the same set of area codes on a level: one indeling.
    code_sets = df.groupby(["level", "year"])["code"].agg(frozenset)
    era_ids = {key: hash(codes) for key, codes in code_sets.items()}
    df["era"] = [era_ids[(lv, y)] for lv, y in zip(df["level"], df["year"])]

    m = {ind.indicator_id: _measure(df, ind.cbs_key, props, path)
         for ind in INDICATORS if ind.cbs_key and ind.indicator_id not in ("jeugdzorg_pct", *HOUSEHOLD_SIBLINGS)}
    # Two household percentages of similar size (CBS NL 2021: 4,7% and 4,8%): where one has three
    # digits it is certain (a percentage cannot be 100+), and it settles its sibling's reading.
    for ind_id, (own_key, sibling_key) in HOUSEHOLD_SIBLINGS.items():
        sibling_raw = df[[c for c in df.columns if base_name(c) == sibling_key]].bfill(axis=1).iloc[:, 0]
        certain = sibling_raw.astype("string").str.strip().str.fullmatch(r"\d{3,}").fillna(False)
        sibling = restore_decimals(sibling_raw, props.get(sibling_key, {}).get("decimals", 0))
        m[ind_id] = _measure(df, own_key, props, path, reference=sibling.where(certain.to_numpy(dtype=bool)), combine=True)
    m.update({k: _measure(df, base, props, path) for k, base in EXTRA_CBS_KEYS.items()})
    inw = m["inwoners"]
    # The percentage implied by the count: CBS counts young people under 23; 0-14 plus
    # eight tenths of 15-24 approximates that group (it reproduces Almere's 2018-2024 figures).
    under_23 = m["kinderen_0_15"] + 0.8 * m["k_15Tot25Jaar"]
    implied = (m["jeugdzorg_aantal"] / under_23 * 100).where(under_23 > 0)
    m["jeugdzorg_pct"] = _measure(df, "PercentageJongerenMetJeugdzorg", props, path, reference=implied)
    derived = {
        "bijstand_per_1000": (m["bijstand_aantal"] / inw * 1000).where(inw > 0),
        "kinderen_0_15_pct": (m["kinderen_0_15"] / inw * 100).where(inw > 0),
        "jongeren_15_25_pct": (m["k_15Tot25Jaar"] / inw * 100).where(inw > 0),
    }
    frames = []
    gem_has = {}
    for indicator_id in [i.indicator_id for i in INDICATORS if i.indicator_id in m or i.indicator_id in derived]:
        if indicator_id in m:
            value, is_derived, how = m[indicator_id], False, None
        else:
            value, is_derived, how = derived[indicator_id], True, "Berekend uit de CBS-aantallen"
        part = pd.DataFrame({"indicator_id": indicator_id, "region_code": df["code"], "level": df["level"],
                             "year": df["year"], "value": value.round(6), "inhabited": inw.fillna(0) > 0,
                             "is_derived": is_derived, "derivation": how})
        gem_has.update({(indicator_id, y): True for y in part.loc[(part.level == "gemeente") & part.value.notna(), "year"]})
        frames.append(part)
    obs = pd.concat(frames, ignore_index=True)
    published = pd.Series([gem_has.get(k, False) for k in zip(obs.indicator_id, obs.year)], index=obs.index)
    obs["status"] = np.select([obs.value.notna(), published & obs.inhabited & (obs.level != "gemeente")],
                              ["value", "secret"], "missing")
    pct = obs.indicator_id == "jeugdzorg_pct"
    count = obs[obs.indicator_id == "jeugdzorg_aantal"].set_index(["region_code", "year"])["value"]
    obs.loc[pct, "numerator"] = [count.get(k) for k in zip(obs.loc[pct, "region_code"], obs.loc[pct, "year"])]
    obs.loc[obs.status != "value", "numerator"] = None
    obs["indeling_year"] = np.where(obs.level == "gemeente", GEMEENTE_INDELING, obs.year)
    obs = _finish(obs.drop(columns=["level", "inhabited"]), source_id="kwb_almere_2018_2025")
    return _almere_regions(df, wijk_names_2024), obs


def _almere_regions(df: pd.DataFrame, wijk_names_2024: pd.DataFrame) -> pd.DataFrame:
    names = dict(zip(wijk_names_2024["code"], wijk_names_2024["name"]))
    sub = df[df.level != "gemeente"][["code", "level", "year"]].drop_duplicates()
    wijk_sets = sub[sub.level == "wijk"].groupby("year")["code"].agg(frozenset)
    codes_2024 = frozenset(c for c in names if c.startswith("WK0034"))
    same_as_2024 = {y for y, s in wijk_sets.items() if s == codes_2024}
    first_old, last_old = min(set(wijk_sets.index) - same_as_2024, default=0), max(set(wijk_sets.index) - same_as_2024, default=0)

    def name(code: str, level: str, year: int) -> str:
        if level == "wijk":
            if year in same_as_2024:
                return names.get(code, code)
            return f"Wijk {code[-2:]} (oude indeling {first_old}–{last_old})"
        return f"Buurt {code[-2:]} van wijk {code[-4:-2]} ({code})"

    sub = sub.assign(
        name=[name(c, lv, y) for c, lv, y in zip(sub.code, sub.level, sub.year)],
        parent_code=np.where(sub.level == "wijk", "GM0034", "WK" + sub.code.str[2:8]),
        indeling_year=sub.year,
        geometry_year=np.where((sub.level == "wijk") & sub.year.isin(same_as_2024), GEMEENTE_INDELING, None),
    )
    return sub[["code", "level", "name", "parent_code", "indeling_year", "geometry_year"]]


def load_national(path: Path) -> pd.DataFrame:
    """The national reference figures (indicator, year, value, unit, where cited from)."""
    df = unique_on(read_csv(path, ["indicator", "jaar", "waarde", "eenheid", "bron"]), ["indicator", "jaar"], path)
    return pd.DataFrame({"indicator": df["indicator"], "year": df["jaar"].astype(int),
                         "value": df["waarde"].astype(float), "unit": df["eenheid"],
                         "cited_from": df["bron"], "source_id": "nl_jeugd_kerncijfers"})


def load_taakvelden(path: Path) -> pd.DataFrame:
    """Iv3 taakvelden per boekjaar: the codes a spending import may use."""
    df = read_csv(path, ["boekjaar", "taakveld_code", "omschrijving"], dtype=str)
    df = pd.DataFrame({"boekjaar": df["boekjaar"].astype(int), "code": df["taakveld_code"].str.strip().str.lower(),
                       "omschrijving": df["omschrijving"].str.strip()})
    return unique_on(df, ["boekjaar", "code"], path)


# Definition changes that break a series everywhere (see data/raw/SOURCES.md, §5).
NATIONAL_BREAKS = [
    (2023, "uitgaven", "Iv3: 6.2 heet Toegang; 6.72 en 6.82 opgesplitst"),
    (2025, "uitgaven", "Iv3: nieuwe jeugdtaakvelden (6.751–6.763, 6.821–6.822)"),
]


def trend_breaks(regions: pd.DataFrame, herindeling: pd.DataFrame) -> pd.DataFrame:
    """Where a series breaks: Iv3 changes, herindelingen, and redrawn wijk indelingen."""
    rows = [{"year": y, "theme": t, "region_code": None, "label_nl": label} for y, t, label in NATIONAL_BREAKS]
    for new_code, group in herindeling.groupby("new_code"):
        year = min(d.year for d in group["valid_from"])
        rows.append({"year": year, "theme": "alle", "region_code": new_code,
                     "label_nl": "Herindeling: " + ", ".join(sorted(group["old_name"])) + " opgegaan in "
                                 + group["new_name"].iloc[0]})
    wijken = regions[regions.level == "wijk"].groupby(["parent_code", "indeling_year"])["code"].agg(frozenset)
    for gemeente, sets in wijken.groupby(level=0):
        by_year = sets.droplevel(0).sort_index()
        for (y0, s0), (y1, s1) in zip(by_year.items(), list(by_year.items())[1:]):
            if y1 == y0 + 1 and s0 != s1:
                rows.append({"year": y1, "theme": "wijken", "region_code": gemeente,
                             "label_nl": "Nieuwe wijkindeling (wijkcodes deels hergebruikt)"})
    return pd.DataFrame(rows, columns=["year", "theme", "region_code", "label_nl"])


def density(observations: pd.DataFrame, areas: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Inhabitants per km² for every area with inhabitants and a 2024 boundary (derived).

    The area comes from the 2024 boundaries (land and inland water as drawn by PDOK), so it is
    the same for every year of a gemeente — and right after a herindeling too.
    """
    drawable = regions[regions["geometry_year"].notna()][["code", "indeling_year"]]
    inw = observations[(observations.indicator_id == "inwoners") & (observations.status == "value")]
    inw = inw.merge(drawable, left_on=["region_code", "indeling_year"], right_on=["code", "indeling_year"])
    inw = inw.merge(areas, on="code")
    out = inw.assign(indicator_id="bevolkingsdichtheid", value=(inw["value"] / inw["area_km2"]).round(0),
                     numerator=inw["value"], denominator=inw["area_km2"].round(3), is_derived=True,
                     derivation="Berekend: inwoners gedeeld door de oppervlakte van de grenzen van 2024")
    return out[OBS_COLUMNS]
