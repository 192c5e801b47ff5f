"""The build step of expected use (warehouse/expected.py): features from KWB columns, tables per year."""
import numpy as np
import pandas as pd
import pytest

from warehouse import expected as step


def kwb_and_outcome(seed=2, n_gemeenten=12, per=8):
    """Invented KWB wijk rows for 2021 (income for only half the wijken) and a youth-care share."""
    rng = np.random.default_rng(seed)
    codes = [f"WK{g:04d}{w:02d}" for g in range(1, n_gemeenten + 1) for w in range(per)]
    n = len(codes)
    inw = rng.integers(500, 9000, n)
    kwb = pd.DataFrame({c: np.nan for c in step.KWB_COLUMNS}, index=range(n))
    kwb["gwb_code"], kwb["recs"], kwb["year"], kwb["a_inw"] = codes, "Wijk", 2021, inw
    kwb["a_00_14"] = (inw * rng.uniform(0.1, 0.25, n)).round()
    kwb["a_15_24"] = (inw * rng.uniform(0.08, 0.2, n)).round()
    kwb["a_65_oo"] = (inw * rng.uniform(0.1, 0.3, n)).round()
    kwb["a_hh"] = (inw / 2.2).round()
    kwb["a_hh_m_k"] = (kwb["a_hh"] * rng.uniform(0.2, 0.4, n)).round()
    kwb["a_soz_wb"] = (inw * rng.uniform(0.005, 0.06, n)).round()
    kwb["p_huurw"] = rng.uniform(10, 80, n).round()
    kwb["g_ink_pi"] = np.where(np.arange(n) % 2 == 0, rng.uniform(200, 400, n), np.nan)
    bijstand = kwb["a_soz_wb"] / kwb["a_inw"] * 1000
    share = 6 + 0.15 * bijstand + np.repeat(rng.normal(0, 1, n_gemeenten), per) + rng.normal(0, 0.5, n)
    obs = pd.DataFrame({"indicator_id": step.OUTCOME, "region_code": codes, "indeling_year": 2021, "year": 2021,
                        "value": share, "status": "value", "source_id": "kwb_wijken"})
    obs.loc[obs.index[:3], ["value", "status"]] = [np.nan, "secret"]
    small = pd.DataFrame([{**kwb.iloc[0].to_dict(), "gwb_code": "WK999900", "a_inw": 40}])
    gemeente = pd.DataFrame([{**kwb.iloc[0].to_dict(), "gwb_code": "GM0001", "recs": "Gemeente"}])
    return pd.concat([kwb, small, gemeente], ignore_index=True), obs


def test_features_are_shares_of_their_own_totals_and_small_wijken_are_left_out():
    kwb, _ = kwb_and_outcome()
    f = step.features_frame(kwb)
    assert "WK999900" not in set(f["region_code"]) and "GM0001" not in set(f["region_code"])
    row, src = f.iloc[0], kwb.iloc[0]
    assert row["gemeente"] == "GM0001"
    assert row["kinderen_0_15_pct"] == pytest.approx(src["a_00_14"] / src["a_inw"] * 100)
    assert row["bijstand_per_1000"] == pytest.approx(src["a_soz_wb"] / src["a_inw"] * 1000)
    assert row["huish_met_kinderen_pct"] == pytest.approx(src["a_hh_m_k"] / src["a_hh"] * 100)
    assert np.isnan(row["opleiding_laag_pct"])  # no education columns: unknown, not zero


def test_tables_per_year_with_sparse_and_empty_features_reported():
    kwb, obs = kwb_and_outcome()
    t = step.expected_tables(kwb, obs)
    use, model, feats = t["expected_use"], t["expected_model"], t["expected_feature"]
    assert list(use.columns) == step.USE_COLUMNS and len(use) == 96
    assert model[["year", "n_fitted", "n_predicted_only", "n_groups"]].values.tolist() == [[2021, 93, 3, 12]]
    reasons = feats.set_index("feature")["dropped_reason"]
    assert reasons["inkomen_per_inwoner"] == "ontbreekt voor 50% van de wijken (meer dan 25%)"
    assert reasons["opleiding_laag_pct"].startswith("ontbreekt voor 100%")
    kept = feats[feats["estimate"].notna()].set_index("feature")["estimate"]
    assert kept.idxmax() == "bijstand_per_1000" and kept["bijstand_per_1000"] > 0.5
    secret = use.set_index("region_code").loc[obs["region_code"].iloc[:3]]
    assert secret["observed"].isna().all() and secret["residual"].isna().all() and secret["expected"].notna().all()


def test_extend_adds_the_difference_indicator_and_nothing_without_the_file(tmp_path):
    kwb, obs = kwb_and_outcome()
    tables = {"observation": obs, "indicator": pd.DataFrame([{"indicator_id": step.OUTCOME}])}
    empty = step.extend(tmp_path, tables)
    assert empty["expected_use"].empty and list(empty["expected_use"].columns) == step.USE_COLUMNS
    assert empty["observation"] is obs
    (tmp_path / step.KWB_FILE).parent.mkdir(parents=True)
    kwb.to_csv(tmp_path / step.KWB_FILE, index=False)
    out = step.extend(tmp_path, tables)
    diff = out["observation"][out["observation"]["indicator_id"] == step.DIFFERENCE]
    assert len(diff) == 93 and diff["is_derived"].all() and (diff["source_id"] == "kwb_wijken").all()
    assert step.DIFFERENCE in set(out["indicator"]["indicator_id"])
    merged = diff.merge(out["expected_use"], on=["region_code", "year"])
    np.testing.assert_allclose(merged["value"], merged["residual"].round(2))
