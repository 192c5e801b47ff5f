"""'Wat valt op?' (analysis/noteworthy.py, views/noteworthy.py, issue 23): what moved, claimed only where the
intervals support it — calibrated on simulated wijken with a known truth — and the page in the dashboard."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.noteworthy import expected_moves, funnel_move, new_data, new_since, newest_years, wijk_changes
from tests.apptest_support import open_app


def expected(verdicts: dict[str, str], year: int) -> pd.DataFrame:
    return pd.DataFrame({"code": list(verdicts), "name": [f"Wijk {c}" for c in verdicts], "year": year,
                         "observed": 12.0, "lower": -0.4, "upper": 9.0, "residual": [5.0, -4.0, 1.0][:len(verdicts)],
                         "verdict": list(verdicts.values())})


def test_wijken_moving_outside_or_back_inside_their_expected_range_are_named():
    before = expected({"A": "binnen verwachting", "B": "minder dan verwacht", "C": "binnen verwachting"}, 2021)
    after = expected({"A": "meer dan verwacht", "B": "binnen verwachting", "C": "binnen verwachting"}, 2022)
    rows = expected_moves(before, after, 2021, 2022)
    assert [r["bevinding"] for r in rows] == [
        "Wijk A: in 2022 meer dan verwacht (buiten het 95%-interval); in 2021 nog binnen verwachting.",
        "Wijk B: in 2022 weer binnen verwachting; in 2021 minder dan verwacht."]
    assert rows[0]["cijfer"] == "12,0% waargenomen, verwacht 0,0%–9,0% (2022)"  # a share is never below 0
    assert rows[0]["adres"] == "/wijken-vergelijken"
    renamed = after.assign(name=["Nieuw A", "Wijk B", "Wijk C"])  # same code, another wijk: not compared
    assert [r["bevinding"][:6] for r in expected_moves(before, renamed, 2021, 2022)] == ["Wijk B"]


def wijken(values, n, year) -> pd.DataFrame:
    return pd.DataFrame({"code": [f"WK{i:06d}" for i in range(len(values))], "name": [f"W{i}" for i in range(len(values))],
                         "value": values, "numerator": np.asarray(values) * n / 100, "denominator": n, "year": year})


def test_a_change_per_wijk_is_claimed_only_beyond_chance_calibrated_on_simulated_wijken():
    rng = np.random.default_rng(23)
    n, p, k = 800, 0.10, 4000

    def named(p_after: float) -> float:
        rows = wijk_changes(wijken(rng.binomial(n, p, k) / n * 100, n, 2021),
                            wijken(rng.binomial(n, p_after, k) / n * 100, n, 2022), 2021, 2022, top=k)
        return (len(rows) - 1) / k  # the last row counts the rest
    assert 0.035 <= named(p) <= 0.065  # nothing changed: about 5% named, the test's own error rate
    assert named(0.16) > 0.9  # a real rise from 10% to 16% is found


def test_the_largest_real_changes_come_first_and_the_rest_is_counted():
    before = wijken([10.0, 10.0, 10.0, 10.0], 2000, 2021)
    after = wijken([10.2, 14.0, 6.0, 18.0], 2000, 2022)
    rows = wijk_changes(before, after, 2021, 2022, top=2)
    assert [r["bevinding"] for r in rows[:2]] == [
        "W3: het aandeel jongeren met jeugdzorg steeg van 10,0% naar 18,0%.",
        "W1: het aandeel jongeren met jeugdzorg steeg van 10,0% naar 14,0%."]
    assert rows[0]["cijfer"] == "+8,0 procentpunt (2021→2022)"
    assert rows[-1]["bevinding"].startswith("3 van de 4 wijken") and rows[-1]["bevinding"].endswith("de grootste 2.")


def funnel(values: dict[str, float], n: float = 20_000) -> pd.DataFrame:
    return pd.DataFrame({"code": list(values), "name": list(values), "level": "gemeente",
                         "indicator_id": "jeugdzorg_reeks2021_pct", "value": list(values.values()), "jongeren_cbs": n})


def test_the_gemeente_moving_outside_the_funnel_is_said_and_staying_inside_too():
    others = {f"GM9{i:03d}": 10.0 + (i % 5 - 2) * 0.2 for i in range(1, 40)}
    inside, outside = funnel({**others, "GM0034": 10.1}), funnel({**others, "GM0034": 13.0})
    moved = funnel_move(inside, outside, "GM0034", "Almere", 2022, 2023)[0]["bevinding"]
    assert moved.startswith("Almere ligt in 2023 ver boven de 95%-grenzen") and "in 2022: binnen" in moved
    stayed = funnel_move(inside, inside, "GM0034", "Almere", 2022, 2023)[0]["bevinding"]
    assert stayed == "Almere bleef in 2023 binnen de 95%-grenzen van de trechter van alle gemeenten."
    assert funnel_move(inside, funnel(others), "GM0034", "Almere", 2022, 2023) == []  # no figure: no claim


def test_new_data_names_imports_after_the_build_and_the_newest_cbs_year():
    imports = pd.DataFrame({"org": ["De Schoor", "De Schoor", "Oud"], "kind": ["signalen", "bereik", "bereik"],
                            "status": ["actief", "actief", "actief"], "is_demo": [False, False, False],
                            "imported_at": pd.to_datetime(["2026-12-06 10:00", "2026-12-06 11:00", "2026-11-01 08:00"])})
    trend = pd.DataFrame({"code": "GM0034", "status": "value", "indicator_id": [
        "jeugdzorg_reeks2015_pct", "jeugdzorg_reeks2021_pct", "jeugdzorg_hj1_pct"], "year": [2020, 2023, 2024],
                          "value": [9.0, 11.4, 8.2]})
    rows = new_data(imports, pd.Timestamp("2026-12-01"), newest_years(trend, "GM0034"))
    assert [r["bevinding"] for r in rows] == [
        "Nieuwste CBS-cijfers: jongeren met jeugdzorg, hele jaar, 2023.",
        "Nieuwste CBS-cijfers: jongeren met jeugdzorg, eerste halfjaar, 2024.",
        "De Schoor leverde na de laatste bouw van de open data 2 bestanden aan (bereik, signalen)."]
    assert [r["cijfer"] for r in rows[:2]] == ["11,4% in 2023", "8,2% in 2024"]


def test_years_new_since_the_previous_release_are_said_per_year():
    newest = pd.DataFrame({"indicator_id": ["a", "b", "c", "d"], "label_nl": ["A", "B", "C", "D"],
                           "year": [2024, 2024, 2023, 2022]})
    rows = new_since(("r1", {"a": 2023, "b": 2023, "c": 2023, "d": 2022}), newest, shown=1)
    assert [(r["bevinding"], r["cijfer"]) for r in rows] == [
        ("Nieuw sinds datarelease r1: 2024 voor A en 1 andere.", "2 indicatoren")]
    assert new_since(("r1", {"a": 2024, "b": 2024, "c": 2023, "d": 2022}), newest)[0]["bevinding"] == \
        "Sinds datarelease r1 is er geen nieuw jaar bijgekomen."
    assert new_since(None, newest) == []
    assert new_since(("r0", {}), newest)[0]["bevinding"].startswith("Nieuw sinds datarelease r0: 2022 voor D")


@pytest.mark.usefixtures("series_warehouse")
def test_the_page_lists_what_moved_with_links_and_a_download():
    at = open_app("views/noteworthy.py", gemeente="GM0034")
    assert at.title[0].value == "Wat valt op in Almere?"
    text = " ".join(m.value for m in at.markdown)
    assert "Almere" in text and "Nieuwste CBS-cijfers: jongeren met jeugdzorg, hele jaar, 2023." in text
    assert [d.proto.label for d in at.get("download_button")] == ["CSV", "Excel"]
