"""The sentences (analysis/narrative.py) against the figures they cite.

Every number in a sentence must be one of the figures, formatted the Dutch way (charts.fmt_nl);
'meer/minder' and 'hoger/lager' only where differs() finds a difference beyond the 95% interval;
demo figures say '(voorbeelddata)'; never more than five sentences.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.funnel import outside_spread
from analysis.investment import Scenario, project
from analysis.narrative import Z95, differs, inflow_text, investment_sentences, overview_sentences
from formatting import euro, fmt_nl

NUMBER = re.compile(r"\d+(?:\.\d{3})*(?:,\d+)?")  # Dutch: 6.010 / 11,7 / 1.234,5 / 2019


def numbers(sentence: str) -> list[str]:
    return NUMBER.findall(sentence)


def pct(value: float) -> str:
    return fmt_nl(value, 1)


# --- frames shaped like the queries --------------------------------------------------------------

def headline(**figures) -> pd.DataFrame:
    """Like headline_by_gemeente indexed by indicator_id: {indicator: value | (value, status, is_demo)}."""
    rows = []
    for ind, spec in figures.items():
        value, status, demo = spec if isinstance(spec, tuple) else (spec, "value", False)
        rows.append({"indicator_id": ind, "value": value, "status": status, "is_demo": demo})
    return pd.DataFrame(rows, columns=["indicator_id", "value", "status", "is_demo"]).set_index("indicator_id")


def trend(own: dict[int, float], nl: dict[int, float] | None = None, code: str = "GM0034") -> pd.DataFrame:
    """Like trend_by_gemeente for jeugdzorg_pct: the gemeente's rows first, then NL00's."""
    rows = [(code, y, v, "value") for y, v in sorted(own.items())]
    rows += [("NL00", y, v, "value") for y, v in sorted((nl or {}).items())]
    return pd.DataFrame(rows, columns=["code", "year", "value", "status"])


# --- differs(): the 95% interval of a difference of two proportions ------------------------------

def test_differs_large_groups_find_a_small_difference():
    # 11,7% vs 10,2% of 50.000: se = √(0,117·0,883/50.000 + 0,102·0,898/50.000) = 0,00195; z = 0,015/0,00195 ≈ 7,7
    assert differs(11.7, 50_000, 10.2, 50_000)
    assert differs(10.2, 50_000, 11.7, 50_000)  # symmetric


def test_differs_small_groups_do_not():
    # the same 1,5 point of 100 young people: se ≈ 0,044, z ≈ 0,34
    assert not differs(11.7, 100, 10.2, 100)


def test_differs_at_the_edge_of_the_interval():
    # 12% vs 10%: se = √((0,1056 + 0,09) / n); n = 1.000 → z = 0,02 / 0,01399 = 1,43 (inside);
    # n = 2.000 → z = 0,02 / 0,00989 = 2,02 (outside 1,96)
    assert not differs(12, 1_000, 10, 1_000)
    assert differs(12, 2_000, 10, 2_000)
    assert Z95 == 1.96


@pytest.mark.parametrize(("n1", "n2"), [(None, 50_000), (50_000, None), (None, None), (0, 50_000),
                                        (50_000, 0), (-10, 50_000), (float("nan"), 50_000)])
def test_differs_without_a_known_group_size_is_never_a_difference(n1, n2):
    assert not differs(30, n1, 10, n2)


def test_differs_same_share_or_no_spread_is_no_difference():
    assert not differs(10, 1e9, 10, 1e9)
    assert not differs(0, 1_000, 0, 1_000)      # se = 0: nothing to test
    assert not differs(100, 1_000, 100, 1_000)


# --- overview sentences on the fixture warehouse -------------------------------------------------

def from_fixture(gemeente: str, naam: str, jaar: int) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    from queries import run_query
    figures = run_query("headline_by_gemeente", gemeente=gemeente, year=jaar).set_index("indicator_id")
    tr = run_query("trend_by_gemeente", gemeente=gemeente, indicator="jeugdzorg_pct")
    return overview_sentences(naam, jaar, figures, tr), figures, tr


@pytest.mark.usefixtures("use_fixture_warehouse")
def test_overview_almere_2024_on_the_fixture():
    sentences, figures, tr = from_fixture("GM0034", "Almere", 2024)
    # n = 6.010 / 0,117 = 51.368 young people: 11,7% vs 10,2% in 2019 is a difference (z ≈ 7,6)
    assert sentences == [
        "In Almere kreeg in 2024 11,7% van de jongeren tot 23 jaar jeugdzorg (6.010 jongeren).",
        "Dat is meer dan in 2019 (10,2%).",
        # kinderwerk_bereik_pct = 452 / 4.000 = 11,3%; signalen_basis_pct = 34 / 55 = 61,8%; both org:Demo
        "Het kinderwerk bereikte per maand gemiddeld 11,3% van de kinderen van 4 tot 14 jaar (voorbeelddata).",
        "Van de signalen die kinderwerkers opvingen, werd 61,8% in de basis opgepakt: zonder doorverwijzing "
        "(voorbeelddata).",
    ]
    # each number is the fixture's figure, formatted in Dutch
    value = figures["value"]
    assert numbers(sentences[0]) == ["2024", pct(value["jeugdzorg_pct"]), "23", fmt_nl(value["jeugdzorg_aantal"])]
    first = tr[(tr.code == "GM0034") & (tr.status == "value")].iloc[0]
    assert numbers(sentences[1]) == [str(first.year), pct(first.value)]
    assert numbers(sentences[2]) == [pct(value["kinderwerk_bereik_pct"]), "4", "14"]
    assert numbers(sentences[3]) == [pct(value["signalen_basis_pct"])]
    # NL has no 2024 figure in the fixture (2021 and 2025 only): no comparison with another year
    assert not any("landelijk" in s for s in sentences)


@pytest.mark.usefixtures("use_fixture_warehouse")
def test_overview_almere_2021_compares_with_nl_of_the_same_year():
    sentences, _, _ = from_fixture("GM0034", "Almere", 2021)
    # no count and no age shares in 2021: the group size is unknown, so no difference is claimed,
    # and no equality either: the figures are only put side by side
    assert sentences == [
        "In Almere kreeg in 2021 11,4% van de jongeren tot 23 jaar jeugdzorg.",
        "In 2019 was dat 10,2%.",
        "Landelijk was dat 10,5%.",
    ]


@pytest.mark.usefixtures("use_fixture_warehouse")
def test_overview_suppressed_and_secret_figures_are_not_cited():
    # Almere 2023: the basis rate 3 of 9 (De Speelkamer) is suppressed → no sentence about it, no 33,3
    sentences, figures, _ = from_fixture("GM0034", "Almere", 2023)
    assert figures.at["signalen_basis_pct", "status"] == "suppressed"
    assert not any("basis" in s for s in sentences) and "33,3" not in " ".join(sentences)
    assert "Het kinderwerk bereikte per maand gemiddeld 10,4% van de kinderen van 4 tot 14 jaar." in sentences
    # Groningen 2021: the jeugdzorg share is secret → nothing to say
    sentences, _, _ = from_fixture("GM0014", "Groningen", 2021)
    assert sentences == []


# --- overview sentences on hand-made frames ------------------------------------------------------

def test_a_difference_beyond_the_interval_is_meer_or_minder():
    big = headline(jeugdzorg_pct=11.7, jeugdzorg_aantal=6_000.0)          # n = 51.282
    assert overview_sentences("X", 2024, big, trend({2019: 10.2, 2024: 11.7}))[1] == "Dat is meer dan in 2019 (10,2%)."
    lower = headline(jeugdzorg_pct=9.0, jeugdzorg_aantal=6_000.0)
    assert overview_sentences("X", 2024, lower, trend({2019: 10.2, 2024: 9.0}))[1] == "Dat is minder dan in 2019 (10,2%)."


def test_a_difference_inside_the_interval_is_no_clear_difference():
    small = headline(jeugdzorg_pct=11.7, jeugdzorg_aantal=10.0)            # n = 85: z ≈ 0,2
    out = overview_sentences("X", 2024, small, trend({2019: 10.2, 2024: 11.7}))
    assert out[1] == "Dat is ongeveer evenveel als in 2019 (10,2%): geen duidelijk verschil."
    assert not re.search(r"\b(meer|minder)\b", " ".join(out))


def test_the_group_size_is_estimated_from_the_age_shares_without_a_count():
    # n = inwoners × (kinderen 0–14 + 0,8 × jongeren 15–24) / 100 = 200.000 × (18 + 9,6) / 100 = 55.200
    big = headline(jeugdzorg_pct=11.7, inwoners=200_000.0, kinderen_0_15_pct=18.0, jongeren_15_25_pct=12.0)
    assert overview_sentences("X", 2024, big, trend({2019: 10.2}))[1] == "Dat is meer dan in 2019 (10,2%)."
    # 500 inhabitants → n = 138: the same 1,5 point is no clear difference
    tiny = headline(jeugdzorg_pct=11.7, inwoners=500.0, kinderen_0_15_pct=18.0, jongeren_15_25_pct=12.0)
    assert "geen duidelijk verschil" in overview_sentences("X", 2024, tiny, trend({2019: 10.2}))[1]


def test_nl_comparison_hoger_lager_or_within_the_ordinary_spread_between_gemeenten():
    # random-effects limits around 10,5%: 1,96 × sqrt(0,105 × 0,895 / n + 0,018²); for n = 66.667 that is
    # 1,96 × sqrt(0,0000014 + 0,000324) = 3,59 points: 6,91%–14,09%
    figures = headline(jeugdzorg_pct=15.0, jeugdzorg_aantal=10_000.0)       # n = 66.667
    assert overview_sentences("X", 2021, figures, trend({2021: 15.0}, {2021: 10.5}))[1] == \
        "Dat is duidelijk hoger dan het landelijk gemiddelde van 10,5%: meer verschil dan gemeenten gewoonlijk " \
        "onderling hebben."
    figures = headline(jeugdzorg_pct=6.5, jeugdzorg_aantal=4_333.0)
    assert overview_sentences("X", 2021, figures, trend({2021: 6.5}, {2021: 10.5}))[1] == \
        "Dat is duidelijk lager dan het landelijk gemiddelde van 10,5%: meer verschil dan gemeenten gewoonlijk " \
        "onderling hebben."
    # a large gemeente 3 points above NL: on plain binomial limits 'hoger', but gemeenten differ this much
    figures = headline(jeugdzorg_pct=13.5, jeugdzorg_aantal=9_000.0)
    assert overview_sentences("X", 2021, figures, trend({2021: 13.5}, {2021: 10.5}))[1] == \
        "Dat ligt binnen de gewone spreiding tussen gemeenten rond het landelijk gemiddelde (10,5%)."
    figures = headline(jeugdzorg_pct=10.6, jeugdzorg_aantal=20.0)
    assert overview_sentences("X", 2021, figures, trend({2021: 10.6}, {2021: 10.5}))[1] == \
        "Dat ligt binnen de gewone spreiding tussen gemeenten rond het landelijk gemiddelde (10,5%)."
    # NL of another year is never compared
    assert len(overview_sentences("X", 2024, figures, trend({2024: 10.6}, {2021: 10.5}))) == 1


def test_suppressed_count_leaves_out_the_parentheses():
    figures = headline(jeugdzorg_pct=11.7, jeugdzorg_aantal=(float("nan"), "suppressed", False))
    assert overview_sentences("X", 2024, figures, trend({}))[0] == \
        "In X kreeg in 2024 11,7% van de jongeren tot 23 jaar jeugdzorg."


def test_demo_figures_say_voorbeelddata_and_real_ones_do_not():
    real = headline(kinderwerk_bereik_pct=(11.3, "value", False), signalen_basis_pct=(61.8, "value", False))
    demo = headline(kinderwerk_bereik_pct=(11.3, "value", True), signalen_basis_pct=(61.8, "value", True))
    assert not any("voorbeelddata" in s for s in overview_sentences("X", 2024, real, trend({})))
    out = overview_sentences("X", 2024, demo, trend({}))
    assert len(out) == 2 and all(s.endswith("(voorbeelddata).") for s in out)


def test_a_demo_jeugdzorg_figure_says_voorbeelddata():
    figures = headline(jeugdzorg_pct=(11.7, "value", True), jeugdzorg_aantal=(6_000.0, "value", True))
    assert "(voorbeelddata)" in overview_sentences("X", 2024, figures, trend({}))[0]


# --- properties: numbers, words and count for any figures ----------------------------------------

shares = st.integers(1, 600).map(lambda k: k / 10)                 # 0,1% .. 60,0%, one decimal as CBS
optional_share = st.one_of(st.none(), shares)


@settings(max_examples=300, deadline=None)
@given(p=shares, prev=shares, nl=optional_share, count=st.one_of(st.none(), st.integers(1, 100_000)),
       reach=optional_share, basis=optional_share, reach_demo=st.booleans(), basis_demo=st.booleans(),
       first_year=st.integers(2015, 2023))
def test_sentences_cite_exactly_the_figures(p, prev, nl, count, reach, basis, reach_demo, basis_demo, first_year):
    jaar = 2024
    spec = {"jeugdzorg_pct": p}
    if count is not None:
        spec["jeugdzorg_aantal"] = float(count)
    if reach is not None:
        spec["kinderwerk_bereik_pct"] = (reach, "value", reach_demo)
    if basis is not None:
        spec["signalen_basis_pct"] = (basis, "value", basis_demo)
    out = overview_sentences("Almere", jaar, headline(**spec),
                             trend({first_year: prev, jaar: p}, {jaar: nl} if nl is not None else {}))
    assert 1 <= len(out) <= 5

    first = out.pop(0)
    assert numbers(first) == [str(jaar), pct(p), "23"] + ([fmt_nl(count)] if count else [])

    n = count / (p / 100) if count else None
    trend_sentence = out.pop(0)
    assert numbers(trend_sentence) == [str(first_year), pct(prev)]
    if n is None:  # no group size: no test, so no claim of a difference or of none
        assert trend_sentence.startswith(f"In {first_year} was dat ")
    elif differs(p, n, prev, n):
        assert trend_sentence.startswith("Dat is meer dan" if p > prev else "Dat is minder dan")
    else:
        assert "geen duidelijk verschil" in trend_sentence and not re.search(r"\b(meer|minder)\b", trend_sentence)

    if nl is not None:
        nl_sentence = out.pop(0)
        assert numbers(nl_sentence) == [pct(nl)]
        if n is None:
            assert nl_sentence.startswith("Landelijk was dat ")
        elif outside_spread(p, n, nl):
            assert ("duidelijk hoger" if p > nl else "duidelijk lager") in nl_sentence
        else:
            assert "gewone spreiding" in nl_sentence and not re.search(r"\b(hoger|lager)\b", nl_sentence)

    if reach is not None:
        sentence = out.pop(0)
        assert numbers(sentence) == [pct(reach), "4", "14"]
        assert sentence.endswith(" (voorbeelddata).") is reach_demo
    if basis is not None:
        sentence = out.pop(0)
        assert numbers(sentence) == [pct(basis)]
        assert sentence.endswith(" (voorbeelddata).") is basis_demo
    assert out == []


# --- investment sentences ------------------------------------------------------------------------

def test_investment_sentences_for_the_default_scenario():
    s = Scenario()
    # 4 fte × 75.000 = 300.000 per year; 4 × 80 = 320 children; inflow 0,11 / 1,5 → 23,47 would start care
    # laag 23,47 × 0,05 = 1,17 → 1,2; hoog 23,47 × 0,20 = 4,69 → 4,7 starts avoided per year from year 2
    # central: starts −0,4693 (year 1), 2,3467 after; fewer in care −0,4693, 2,112, then 3,52 a year;
    # savings × 14.100 = −6.617,6 + 29.779,2 + 3 × 49.632 = 172.057,6; cost 1.500.000 → −1.327.942,4
    assert project(s)["cumulatief"].iloc[-1] == pytest.approx(-1_327_942.4)
    assert investment_sentences("Almere", s) == [
        "Met 4,0 fte extra kinderwerk (€ 300.000 per jaar) bereikt Almere naar schatting 320 kinderen per jaar.",
        "Daarmee beginnen vanaf jaar 2 naar schatting 1,2 tot 4,7 jongeren per jaar géén jeugdhulptraject, "
        "afhankelijk van het effect (van de 23,5 bereikte kinderen die anders per jaar zouden beginnen).",
        "Op jeugdhulp alleen verdient de investering zich binnen 5 jaar niet terug (centraal: −€ 1,3 mln); baten "
        "buiten de jeugdhulp telt dit model niet.",
        "In het eerste jaar kan het gebruik van jeugdhulp juist stijgen, omdat verborgen hulpvragen eerder aan het "
        "licht komen.",
    ]


def test_investment_sentences_name_the_break_even_year():
    # fte 2 × 15.000 = 30.000 per year; 100 children, inflow 0,3 / 1,5 = 0,2 → 20 would start;
    # centraal 10% → 2 starts avoided from year 2, year 1 −0,4. Fewer in care −0,4, 1,8, then 3 a year:
    # savings −5.640, 25.380, 42.300 …; net −35.640, −4.620, then +12.300: cumulative −35.640, −40.260,
    # −27.960, −15.660, −3.360, 8.940 → paid back in year 6. laag 20 × 0,05 = 1,0; hoog 20 × 0,20 = 4,0.
    s = Scenario(fte=2, cost_per_fte=15_000, children_per_fte=50, share_with_care=0.3, horizon=6)
    out = investment_sentences("Almere", s)
    assert out[0] == "Met 2,0 fte extra kinderwerk (€ 30.000 per jaar) bereikt Almere naar schatting 100 kinderen per jaar."
    assert numbers(out[1]) == ["2", "1,0", "4,0", "20,0"]
    assert out[2] == "Bij een centraal effect verdient de investering zich op jeugdhulp alleen terug in jaar 6."
    assert len(out) <= 5


def test_the_inflow_text_says_where_the_inflow_comes_from_and_who_is_reached():
    text = inflow_text(Scenario(share_with_care=0.12, duration_years=1.5))
    assert text.startswith("Het model rekent met een instroom van 8,0% van de jongeren per jaar: het aandeel "
                           "jongeren met jeugdzorg in een jaar (12,0%) gedeeld door de gemiddelde duur van een "
                           "traject (1,5 jaar)")
    assert "De meegeleverde CBS-cijfers bevatten geen instroom per gemeente" in text and "nieuwe kinderen of dezelfde" in text
    measured = inflow_text(Scenario(inflow=0.05), {"share_starting": "gemeten instroom (eigen registratie)"})
    assert "5,0% van de jongeren per jaar (gemeten instroom (eigen registratie))" in measured


def test_investment_sentences_without_investment_claim_nothing():
    out = investment_sentences("Almere", Scenario(fte=0))
    assert out == ["Zonder extra kinderwerk verandert er niets: geen kosten en geen voorkomen jeugdhulp in Almere."]
    text = " ".join(out).replace("geen voorkomen jeugdhulp", "")
    assert "voorkomen" not in text and "terug" not in text


@settings(max_examples=100, deadline=None)
@given(fte=st.integers(1, 40).map(lambda k: k / 2), kids=st.integers(1, 40).map(lambda k: k * 5),
       cost=st.integers(0, 150).map(lambda k: k * 1_000), lag=st.integers(0, 3), horizon=st.integers(4, 15))
def test_investment_sentences_cite_the_model(fte, kids, cost, lag, horizon):
    s = Scenario(fte=fte, children_per_fte=kids, cost_per_fte=cost, lag=lag, horizon=horizon)
    out = investment_sentences("Almere", s)
    assert len(out) <= 5
    assert numbers(out[0]) == numbers(f"{fmt_nl(fte, 1)} {euro(s.annual_cost)} {fmt_nl(fte * kids)}")
    starting = fte * kids * s.share_starting  # horizon > lag: the last year counts the full effect
    assert numbers(out[1]) == [str(lag + 1), fmt_nl(starting * 0.05, 1), fmt_nl(starting * 0.20, 1),
                               fmt_nl(starting, 1)]


@pytest.mark.parametrize(("horizon", "lag"), [(1, 1), (2, 2), (3, 5)])
def test_investment_sentences_within_the_lag_claim_no_negative_or_later_effect(horizon, lag):
    out = investment_sentences("Almere", Scenario(horizon=horizon, lag=lag))
    text = " ".join(out)
    assert not re.search(r"-\d", text), text
    said = re.search(r"vanaf jaar (\d+)", text)
    assert said is None or int(said.group(1)) <= horizon, text


# --- the CBS youth-care series on Overzicht (youthcare_series_sentences) ----------------------------

from analysis.narrative import youthcare_series_sentences  # noqa: E402
from tests import fixture_data as fd  # noqa: E402

SERIES_IDS = {"old": "jeugdzorg_reeks2015_pct", "new": "jeugdzorg_reeks2021_pct", "hj1": "jeugdzorg_hj1_pct"}


def youthcare(code: str = "GM0034", drop: tuple = (), secret: tuple = ()) -> pd.DataFrame:
    """Like youthcare_trend, from the series fixture's (real) figures of ``code`` and NL."""
    rows = []
    for key, data in (("old", fd.SERIES_OLD), ("new", fd.SERIES_NEW), ("hj1", fd.SERIES_HJ1)):
        for area in (code, "NL00"):
            for year, (count, share) in data.get(area, {}).items():
                if (area, key, year) in drop or (area, key) in drop:
                    continue
                hidden = (area, key, year) in secret
                rows.append({"code": area, "indicator_id": SERIES_IDS[key], "year": year,
                             "value": None if hidden else share, "status": "secret" if hidden else "value",
                             "jongeren": None if hidden else count / share * 100})
    return pd.DataFrame(rows)


def test_almere_series_sentences_on_the_real_figures():
    assert youthcare_series_sentences("Almere", "GM0034", youthcare()) == [
        "Oude CBS-reeks, 2015–2020: in Almere bleef het aandeel jongeren met jeugdzorg ongeveer gelijk "
        "(9,6% → 9,8%); in Nederland steeg het (8,5% → 9,8%). In 2020 lag Almere binnen de gewone spreiding "
        "tussen gemeenten rond het landelijk cijfer (9,8%).",
        "Nieuwe CBS-reeks (andere bron, niet te vergelijken met de oude), 2021–2023: in Almere steeg het aandeel "
        "jongeren met jeugdzorg (10,8% → 11,4%); in Nederland steeg het (10,6% → 11,0%). In 2023 lag Almere "
        "binnen de gewone spreiding tussen gemeenten rond het landelijk cijfer (11,0%).",
        "Nieuwste cijfer, eerste halfjaar 2024: 9,7% in Almere, 9,2% in Nederland; een halfjaar is alleen te "
        "vergelijken met een ander eerste halfjaar (2023: 9,5%).",
    ]


def test_series_sentences_cite_only_figures_of_their_own_series():
    old, new, half = youthcare_series_sentences("Almere", "GM0034", youthcare())
    own_old = {pct(s) for _, s in fd.SERIES_OLD["GM0034"].values()} | {pct(s) for _, s in fd.SERIES_OLD["NL00"].values()}
    own_new = {pct(s) for _, s in fd.SERIES_NEW["GM0034"].values()} | {pct(s) for _, s in fd.SERIES_NEW["NL00"].values()}
    assert {n for n in numbers(old) if "," in n} <= own_old  # never a figure across the break
    assert {n for n in numbers(new) if "," in n} <= own_new
    assert set(numbers(old)) - own_old <= {"2015", "2020"} and set(numbers(new)) - own_new <= {"2021", "2023"}
    assert "2024" in half and "9,7" in half


def test_series_sentences_skip_a_secret_year_and_a_missing_series():
    df = youthcare(secret=(("GM0034", "new", 2023),), drop=(("GM0034", "old"), ("GM0034", "hj1")))
    assert youthcare_series_sentences("Almere", "GM0034", df) == [
        "Nieuwe CBS-reeks (andere bron, niet te vergelijken met de oude), 2021–2022: in Almere bleef het aandeel "
        "jongeren met jeugdzorg ongeveer gelijk (10,8% → 10,8%); in Nederland steeg het (10,6% → 10,8%). In 2022 "
        "lag Almere binnen de gewone spreiding tussen gemeenten rond het landelijk cijfer (10,8%)."]
    assert youthcare_series_sentences("Nergens", "GM0000", youthcare("GM0000")) == []


def test_a_small_group_change_is_not_called_a_rise():
    df = pd.DataFrame([("GM0096", SERIES_IDS["old"], 2015, 4.4, 10 / 4.4 * 100), ("GM0096", SERIES_IDS["old"], 2020, 6.6, 15 / 6.6 * 100)],
                      columns=["code", "indicator_id", "year", "value", "jongeren"]).assign(status="value")
    assert youthcare_series_sentences("Vlieland", "GM0096", df) == [
        "Oude CBS-reeks, 2015–2020: in Vlieland veranderde het aandeel jongeren met jeugdzorg (4,4% → 6,6%), maar bij "
        "zo'n kleine groep is dat geen duidelijke verandering."]
