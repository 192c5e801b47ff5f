"""Build step: fit the expected-use model per year with wijk data and store it (issue 11).

For every year with youth care per wijk (2021, 2022) the build fits ``analysis.expected`` — a
binomial (logit) multilevel model of the count of young people with jeugdzorg out of the young
population per wijk, on wijk characteristics from the KWB, with a random intercept per gemeente and
extra wijk spread (issue 18) — and stores per wijk what was observed, what was expected, the difference
and a 95% prediction interval that follows the wijk's size, plus the calibration per size quartile
(``expected_calibration``). CBS rounds the counts to 5 and hides those under 10: both are part of the
model (hidden wijken are fitted as "below 10"). Pages only read the result; they never fit.

Tables written (schema.sql): ``expected_use`` (one row per wijk and year), ``expected_model`` (one
row per year: n, R², variances, share imputed), ``expected_feature`` (one row per year and feature:
the coefficient per standard deviation, or why the feature was left out) and ``expected_calibration``
(per year and size quartile: wijken above and below their interval). The difference (observed −
expected) is also an indicator, ``jeugdzorg_verschil_verwacht``, so the Kaart can show it.

Features are computed here from the KWB wijk columns (``KWB_FILE``) as shares of their own totals,
so the decimals CBS's export lost do not matter (and standardising makes the scale irrelevant).
The outcome is the ``jzw_pct`` observation per wijk that the pages show.

Why ``warehouse`` imports ``analysis.expected``: the model is a pure method and belongs with the
other methods, while the build must fit it. That one module imports nothing of the project
(``tests/test_layers.py`` checks it), so allowing exactly it keeps the imports one way with no circle.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.expected import calibration, fit_expected

OUTCOME = "jzw_pct"  # share of young people with jeugdzorg per wijk (warehouse/wijkdata.py)
DIFFERENCE = "jeugdzorg_verschil_verwacht"
YEARS = (2021, 2022)
KWB_FILE = Path("cbs_wijken") / "kwb_jeugdzorg_wijken_2021_2022.csv.gz"  # under data/raw
MIN_INHABITANTS = 100  # smaller wijken (industrial estates, polders) get no expectation
MAX_MISSING = 0.25  # a feature missing for more of a year's wijken than this is left out, not imputed
COUNT = "jzw_aantal"  # the published count of young people with jeugdzorg: rounded to 5, hidden below 10
CBS_ROUNDING = 5  # CBS rounds the wijk counts to multiples of 5 …
CBS_SUPPRESSED_BELOW = 10  # … and hides counts under 10 ('geheim'): such a wijk is known to be below 10
SHARE_15_25_UNDER_23 = 0.8  # as warehouse/wijkdata.py: the share's denominator is 0–14 + 0.8 × 15–24


@dataclass(frozen=True)
class Feature:
    """A model feature: ``numerator / denominator × factor`` from KWB columns (denominator None: as is)."""

    name: str
    label_nl: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] | None = None
    factor: float = 100.0
    log10: bool = False


FEATURES = (
    Feature("kinderen_0_15_pct", "aandeel kinderen 0–14 jaar", ("a_00_14",), ("a_inw",)),
    Feature("jongeren_15_25_pct", "aandeel jongeren 15–24 jaar", ("a_15_24",), ("a_inw",)),
    Feature("ouderen_65_pct", "aandeel 65-plussers", ("a_65_oo",), ("a_inw",)),
    Feature("huish_met_kinderen_pct", "huishoudens met kinderen", ("a_hh_m_k",), ("a_hh",)),
    Feature("eenpersoonshuish_pct", "eenpersoonshuishoudens", ("a_1p_hh",), ("a_hh",)),
    Feature("migratie_niet_westers_pct", "niet-westerse migratieachtergrond", ("a_nw_all",), ("a_inw",)),
    Feature("migratie_westers_pct", "westerse migratieachtergrond", ("a_w_all",), ("a_inw",)),
    Feature("opleiding_laag_pct", "laag opleidingsniveau (15–75 jaar)", ("a_opl_lg",),
            ("a_opl_lg", "a_opl_md", "a_opl_hg")),
    Feature("opleiding_hoog_pct", "hoog opleidingsniveau (15–75 jaar)", ("a_opl_hg",),
            ("a_opl_lg", "a_opl_md", "a_opl_hg")),
    Feature("inkomen_per_inwoner", "gemiddeld inkomen per inwoner", ("g_ink_pi",), None, 1.0),
    Feature("huish_sociaal_minimum", "huishoudens onder of rond het sociaal minimum", ("p_hh_osm",), None, 1.0),
    Feature("huish_laag_inkomen", "huishoudens met een laag inkomen", ("p_hh_li",), None, 1.0),
    Feature("bijstand_per_1000", "bijstand per 1.000 inwoners", ("a_soz_wb",), ("a_inw",), 1000.0),
    Feature("huurwoningen_pct", "huurwoningen", ("p_huurw",), None, 1.0),
    Feature("corporatiewoningen_pct", "corporatiewoningen", ("p_wcorpw",), None, 1.0),
    Feature("dichtheid_log", "bevolkingsdichtheid (logaritme)", ("bev_dich",), None, 1.0, log10=True),
)
KWB_COLUMNS = sorted({"gwb_code", "recs", "year", "a_inw"} |
                     {c for f in FEATURES for c in f.numerator + (f.denominator or ())})

DIFFERENCE_INDICATOR = {
    "indicator_id": DIFFERENCE, "label_nl": "Jeugdzorg: verschil met verwacht", "unit": "procentpunt",
    "decimals": 1, "theme": "specialistische zorg", "polarity": -1,
    "source_table": "Eigen berekening uit KWB en jeugdzorg per wijk (CBS)", "privacy_kind": None,
    "definition_nl": (
        "Waargenomen aandeel jongeren met jeugdzorg min het verwachte aandeel voor een wijk met deze "
        "bevolking in deze gemeente (binomiaal multilevelmodel op de aantallen en kenmerken uit de KWB, per jaar "
        "geschat; zie Over de data). Rood of blauw alleen buiten het 95%-interval, dat past bij de grootte van de "
        "wijk. Positief: meer jeugdzorg dan de bevolking verklaart. Een verschil is een reden om beter te "
        "kijken, geen oordeel over beleid: het wijst op iets wat het model niet ziet."),
}
USE_COLUMNS = ["region_code", "indeling_year", "year", "observed", "expected", "expected_national", "residual",
               "lower", "upper", "imputed"]
MODEL_COLUMNS = ["year", "outcome_id", "n_fitted", "n_predicted_only", "n_suppressed", "n_groups", "intercept", "tau2", "sigma2",
                 "r2_marginal", "r2_conditional", "share_imputed", "converged"]
CALIBRATION_COLUMNS = ["year", "size_group", "size_min", "size_max", "wijken", "above", "below", "outside_pct"]
FEATURE_COLUMNS = ["year", "feature", "label_nl", "estimate", "std_error", "imputed", "dropped_reason"]
DERIVATION = "verschil met het verwachte aandeel uit het multilevelmodel (warehouse/expected.py)"


def features_frame(kwb: pd.DataFrame) -> pd.DataFrame:
    """One row per wijk and year with every feature; wijken under MIN_INHABITANTS are left out."""
    kwb = kwb.copy()
    kwb["recs"] = kwb["recs"].astype(str).str.strip()
    kwb["gwb_code"] = kwb["gwb_code"].astype(str).str.strip()
    wijk = kwb[(kwb["recs"] == "Wijk") & kwb["gwb_code"].str.startswith("WK")].copy()
    cols = [c for c in KWB_COLUMNS if c not in ("gwb_code", "recs", "year")]
    num = wijk[cols].apply(pd.to_numeric, errors="coerce").astype(float)
    out = pd.DataFrame({"region_code": wijk["gwb_code"], "year": pd.to_numeric(wijk["year"]).astype(int),
                        "gemeente": "GM" + wijk["gwb_code"].str[2:6]}, index=wijk.index)
    for f in FEATURES:
        value = num[list(f.numerator)].sum(axis=1, min_count=len(f.numerator))
        if f.denominator:
            below = num[list(f.denominator)].sum(axis=1, min_count=len(f.denominator))
            value = value / below.where(below > 0) * f.factor
        if f.log10:
            value = np.log10(value.where(value > 0))
        out[f.name] = value
    out["jongeren"] = num["a_00_14"] + SHARE_15_25_UNDER_23 * num["a_15_24"]  # the outcome's denominator
    return out[num["a_inw"] >= MIN_INHABITANTS].reset_index(drop=True)


def fit_year(features: pd.DataFrame, outcome: pd.Series, year: int,
             secret: set[str] | frozenset = frozenset()) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """Fit one year: per-wijk rows, the model row and the feature rows.

    The count model (``analysis.expected``, binomial on the logit scale): ``outcome`` is the share in %
    of ``jongeren``; the wijken in ``secret`` have a count CBS hid because it is below 10 and are
    fitted as such, so that small wijken do not enter only when their share is high.
    """
    frame = features[features["jongeren"] > 0].set_index("region_code")  # no young people: no share to expect
    frame["y"] = outcome.reindex(frame.index)
    frame["secret"] = frame.index.isin(list(secret)) & frame["y"].isna()
    missing = frame[[f.name for f in FEATURES]].isna().mean()
    too_sparse = {f.name: missing[f.name] for f in FEATURES if missing[f.name] > MAX_MISSING}
    used = [f.name for f in FEATURES if f.name not in too_sparse]
    fit = fit_expected(frame, "y", used, "gemeente", "jongeren", suppressed="secret",
                       suppressed_below=CBS_SUPPRESSED_BELOW, rounding=CBS_ROUNDING)
    s = fit.summary
    areas = fit.areas.drop(columns="observed").reset_index(names="region_code").assign(
        indeling_year=year, year=year, observed=frame["y"].to_numpy())
    model = {"year": year, "outcome_id": OUTCOME, "n_fitted": s.n_fitted, "n_predicted_only": s.n_predicted_only,
             "n_suppressed": s.n_suppressed,
             "n_groups": s.n_groups, "intercept": s.intercept, "tau2": s.tau2, "sigma2": s.sigma2,
             "r2_marginal": s.r2_marginal, "r2_conditional": s.r2_conditional, "share_imputed": s.share_imputed,
             "converged": s.converged}
    labels = {f.name: f.label_nl for f in FEATURES}
    rows = [{"year": year, "feature": c.feature, "label_nl": labels[c.feature], "estimate": c.estimate,
             "std_error": c.std_error, "imputed": c.imputed, "dropped_reason": None} for c in s.coefficients]
    rows += [{"year": year, "feature": name, "label_nl": labels[name], "estimate": None, "std_error": None,
              "imputed": None, "dropped_reason": reason} for name, reason in s.dropped]
    rows += [{"year": year, "feature": name, "label_nl": labels[name], "estimate": None, "std_error": None,
              "imputed": None,
              "dropped_reason": f"ontbreekt voor {round(100 * share)}% van de wijken (meer dan {MAX_MISSING:.0%})"}
             for name, share in too_sparse.items()]
    order = {f.name: i for i, f in enumerate(FEATURES)}
    feats = pd.DataFrame(rows).sort_values("feature", key=lambda c: c.map(order)).reset_index(drop=True)
    return areas, model, feats


def expected_tables(kwb: pd.DataFrame, observation: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The three expected-use tables from the KWB wijk rows and the outcome observations."""
    features = features_frame(kwb)
    obs = observation[(observation["indicator_id"] == OUTCOME) & (observation["status"] == "value")
                      & observation["region_code"].str.startswith("WK")
                      & (observation["indeling_year"] == observation["year"])]
    hidden = observation[(observation["indicator_id"] == COUNT) & (observation["status"] == "secret")
                         & (observation["indeling_year"] == observation["year"])]
    areas, models, feats, checks = [], [], [], []
    for year in YEARS:
        outcome = obs[obs["year"] == year].set_index("region_code")["value"]
        wijken = features[features["year"] == year]
        if outcome.empty or wijken.empty:
            continue
        secret = set(hidden.loc[hidden["year"] == year, "region_code"])
        a, m, f = fit_year(wijken.drop(columns="year"), outcome, year, secret)
        areas.append(a), models.append(m), feats.append(f)
        size = wijken.set_index("region_code")["jongeren"]
        checks.append(calibration(a.set_index("region_code"), size).assign(year=year))
    return {"expected_use": pd.concat(areas, ignore_index=True)[USE_COLUMNS] if areas else _empty(USE_COLUMNS),
            "expected_model": pd.DataFrame(models, columns=MODEL_COLUMNS),
            "expected_feature": pd.concat(feats, ignore_index=True)[FEATURE_COLUMNS] if feats
            else _empty(FEATURE_COLUMNS),
            "expected_calibration": pd.concat(checks, ignore_index=True)[CALIBRATION_COLUMNS] if checks
            else _empty(CALIBRATION_COLUMNS)}


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def difference_observations(areas: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """The difference with the expectation as observations of ``DIFFERENCE`` (only where observed)."""
    known = areas[areas["residual"].notna()]
    return pd.DataFrame({
        "indicator_id": DIFFERENCE, "region_code": known["region_code"], "indeling_year": known["indeling_year"],
        "year": known["year"], "value": known["residual"].round(2), "numerator": np.nan, "denominator": np.nan,
        "status": "value", "is_derived": True, "derivation": DERIVATION, "source_id": source_id})


def extend(raw_dir: Path, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """OPEN_DATA step: fit per year and add the expected-use tables and the difference indicator."""
    out = dict(tables)
    path = raw_dir / KWB_FILE
    if not path.exists():  # no wijk data in this bundle: empty tables, nothing fitted
        out.update({"expected_use": _empty(USE_COLUMNS), "expected_model": _empty(MODEL_COLUMNS),
                    "expected_feature": _empty(FEATURE_COLUMNS),
                    "expected_calibration": _empty(CALIBRATION_COLUMNS)})
        return out
    print("[+] Verwacht gebruik: binomiaal multilevelmodel per jaar met wijkcijfers (2021, 2022)", flush=True)
    kwb = pd.read_csv(path, usecols=KWB_COLUMNS, dtype={"gwb_code": str, "recs": str}, low_memory=False)
    result = expected_tables(kwb, tables["observation"])
    out.update(result)
    areas = result["expected_use"]
    if areas.empty:
        return out
    outcome = tables["observation"]
    source = outcome.loc[(outcome["indicator_id"] == OUTCOME) & outcome["region_code"].str.startswith("WK")
                         & outcome["year"].isin(YEARS), "source_id"].mode()
    out["indicator"] = pd.concat([tables["indicator"], pd.DataFrame([DIFFERENCE_INDICATOR])], ignore_index=True)
    out["observation"] = pd.concat([tables["observation"], difference_observations(areas, source.iloc[0])],
                                   ignore_index=True)
    for m in result["expected_model"].itertuples():
        print(f"    {m.year}: {m.n_fitted} wijken geschat, {m.n_suppressed} met een geheim aantal (< 10) als zodanig "
              f"meegenomen, {m.n_predicted_only - m.n_suppressed} alleen voorspeld, R² {m.r2_marginal:.2f} "
              f"(met gemeente {m.r2_conditional:.2f})", flush=True)
    for year, c in result["expected_calibration"].groupby("year"):
        print(f"    {year}: buiten het 95%-interval per kwartiel van wijkgrootte (klein → groot): "
              + " · ".join(f"{v:.1f}%" for v in c["outside_pct"]), flush=True)
    return out
