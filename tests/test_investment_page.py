"""The page Investeringscase (views/investment.py) in AppTest, through dashboard.py on the fixture warehouse.

Its inputs live in the URL (ui.url_number): a change updates ?fte=…, and a link with ?fte=…
opens with that value. Expected figures are worked out from the model (tests/test_investment.py):
Almere's own 2024 jeugdzorg share of 11,7% is the share with care; the inflow is 11,7% ÷ 1,5 years = 7,8%.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import open_app, rerun

from tests import browser_support as bs

pytestmark = [pytest.mark.usefixtures("use_fixture_warehouse"),
              pytest.mark.filterwarnings("ignore:The kopts argument is ignored:UserWarning")]  # plotly + kaleido

PAGE = "views/investment.py"
INPUTS = {  # key: URL parameter
    "inv_fte": "fte", "inv_kosten_fte": "kosten_fte", "inv_kinderen": "kinderen_fte", "inv_risico": "risico",
    "inv_zonder": "zonder", "inv_met": "met", "inv_verblijf": "verblijf", "inv_duur": "duur",
    "inv_vertraging": "vertraging", "inv_horizon": "horizon",
}


def open_page(**query: str) -> AppTest:
    return open_app(PAGE, **query)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def summary(at: AppTest) -> str:
    (text,) = [i.value for i in at.info if i.value.startswith("**In het kort.**")]
    return text


# Almere, defaults: 4 fte × 75.000 = € 300.000; 4 × 80 = 320 children; inflow 0,117 / 1,5 = 0,078, so
# 320 × 0,078 = 24,96 would start care each year; centraal 10% → 2,496 starts avoided per year from year 2
# (laag 1,248, hoog 4,992); year 1: −24,96 × 0,02 = −0,4992. Fewer in care (a start runs 1,5 years):
# −0,4992; 2,496 − 0,2496 = 2,2464; then 3,744 a year. Savings over 5 years: (−0,4992 + 2,2464 + 3 × 3,744)
# × 14.100 = 183.006,72 → per euro 183.006,72 / 1.500.000 = 0,12 (the old prevalence-as-inflow model said 0,20)
DEFAULT_METRICS = {"Kosten per jaar": "€ 300.000", "Kinderen bereikt per jaar": "320",
                   "Trajecten voorkomen per jaar": "2,5", "Terug per euro, 5 jaar": "€ 0,12"}


def test_page_renders_with_the_gemeentes_defaults():
    at = open_page()
    assert at.title[0].value == "Investeringscase kinderwerk: Almere"
    assert metrics(at) == DEFAULT_METRICS
    (m3,) = [m for m in at.metric if m.label == "Trajecten voorkomen per jaar"]
    assert m3.help == "Voorkomen starts (instroom), centraal, vanaf jaar 2; laag–hoog: 1,2–5,0"
    values = {n.key: n.value for n in at.number_input}
    assert list(values) == list(INPUTS)
    assert values["inv_fte"] == 4 and values["inv_horizon"] == 5 and values["inv_vertraging"] == 1
    assert values["inv_risico"] == pytest.approx(11.7)
    # the share with care is Almere's own figure, and the input says so; the inflow is said under the inputs
    assert any("instroom van 7,8% van de jongeren per jaar" in c.value for c in at.caption)
    (risico,) = [n for n in at.number_input if n.key == "inv_risico"]
    assert risico.help == "eigen cijfer: aandeel jongeren met jeugdzorg (CBS, 2024)"
    assert summary(at).startswith("**In het kort.** Met 4,0 fte extra kinderwerk (€ 300.000 per jaar) bereikt "
                                  "Almere naar schatting 320 kinderen per jaar.")
    # cumulative after 5 years: centraal 183.006,72 − 1.500.000 = −1.316.993,28; laag (−0,4992 + 0,9984 + 3 × 1,872)
    # × 14.100 = 86.224,32 → −1.413.775,68; hoog (−0,4992 + 4,7424 + 3 × 7,488) × 14.100 = 376.571,52 → −1.123.428,48
    assert chart_titles(at) == ["Na 5 jaar: −€ 1,3 mln (laag −€ 1,4 mln, hoog −€ 1,1 mln)"
                                "<br>niet terugverdiend op jeugdhulp alleen",
                                # effect 5–20%: 0,15 × 137,28 care years × 14.100 = 290.347; cost per fte ±15% of
                                # 1.500.000 = 450.000: on inflow the cost of the investment weighs most
                                "Wat de uitkomst het meest bepaalt: kosten per fte"]
    # every input is in the URL, next to the sidebar's choices
    assert at.query_params["gemeente"] == "GM0034" and at.query_params["jaar"] == "2024"
    assert {url: at.query_params[url] for url in INPUTS.values()} == {
        "fte": "4", "kosten_fte": "75000", "kinderen_fte": "80", "risico": "11.7", "zonder": "9000",
        "met": "60000", "verblijf": "10", "duur": "1.5", "vertraging": "1", "horizon": "5"}


def test_changing_an_input_changes_the_outputs_and_the_url():
    at = open_page()
    at.number_input(key="inv_fte").set_value(10.0)
    rerun(at)
    # 10 × 75.000 = 750.000; 800 children; 800 × 0,078 × 0,1 = 6,24 starts avoided per year
    assert metrics(at) == {"Kosten per jaar": "€ 750.000", "Kinderen bereikt per jaar": "800",
                           "Trajecten voorkomen per jaar": "6,2", "Terug per euro, 5 jaar": "€ 0,12"}
    assert at.query_params["fte"] == "10"
    assert "Met 10,0 fte extra kinderwerk (€ 750.000 per jaar)" in summary(at)

    at.number_input(key="inv_horizon").set_value(8.0)
    rerun(at)
    assert at.query_params["horizon"] == "8"
    assert "Terug per euro, 8 jaar" in metrics(at)
    assert chart_titles(at)[0].startswith("Na 8 jaar: ")


def test_a_link_with_inputs_restores_them():
    at = open_page(gemeente="GM0034", jaar="2024", fte="10", horizon="8")
    assert at.number_input(key="inv_fte").value == 10
    assert at.number_input(key="inv_horizon").value == 8
    assert at.query_params["fte"] == "10" and at.query_params["horizon"] == "8"
    assert metrics(at)["Kosten per jaar"] == "€ 750.000"
    assert "Terug per euro, 8 jaar" in metrics(at)


@pytest.mark.parametrize(("given", "expected"), [("abc", 4), ("-3", 0), ("999", 200)])
def test_a_link_with_an_unusable_input_falls_back_or_is_clamped(given, expected):
    at = open_page(fte=given)
    assert at.number_input(key="inv_fte").value == expected
    assert at.query_params["fte"] == f"{expected:g}"


def test_no_investment_shows_no_crash_and_sensible_text():
    at = open_page(fte="0")
    assert at.number_input(key="inv_fte").value == 0
    assert metrics(at) == {"Kosten per jaar": "€ 0", "Kinderen bereikt per jaar": "0",
                           "Trajecten voorkomen per jaar": "0,0", "Terug per euro, 5 jaar": "€ 0,00"}
    text = summary(at)
    assert "Zonder extra kinderwerk verandert er niets: geen kosten en geen voorkomen jeugdhulp in Almere." in text
    assert "verdient" not in text and "trajecten" not in text  # no claim about what nothing would bring
    markdown = " ".join(m.value for m in at.markdown)
    assert "€ 0 per jaar" in markdown
    assert "onder de bereikte kinderen met\n  – verlagen" in markdown  # no break-even effect: a dash
    assert not at.error


def test_no_investment_is_never_called_paid_back():
    at = open_page(fte="0")
    assert not any("terugverdiend in jaar" in t for t in chart_titles(at))


def test_the_page_of_another_gemeente_uses_its_figures():
    at = open_page(gemeente="GM0014")  # Groningen: jeugdzorg secret → the national figure (11,0%)
    assert at.title[0].value == "Investeringscase kinderwerk: Groningen"
    assert at.number_input(key="inv_risico").value == pytest.approx(11.0)
    (risico,) = [n for n in at.number_input if n.key == "inv_risico"]
    # the text says the figure that is used (it once said 10% while 12% was used)
    assert risico.help.startswith("landelijk cijfer: 11,0% van de jongeren tot 23 jaar had in 2023 jeugdzorg")
    # 320 × (0,11 / 1,5) × 0,1 = 2,347 → 2,3
    assert metrics(at)["Trajecten voorkomen per jaar"] == "2,3"


def test_make_presentation_offers_the_two_files():
    if not Path("/usr/bin/chromium").exists():
        reason = "the export's chart images need kaleido with /usr/bin/chromium, which is missing"
        if bs.in_ci():
            pytest.fail(reason + " (CI is set)", pytrace=False)
        pytest.skip(reason)
    at = open_page()
    assert not at.get("download_button") or all("pptx" not in d.proto.label for d in at.get("download_button"))
    at.button(key="inv_export_maak").click()
    rerun(at)
    labels = [d.proto.label for d in at.get("download_button")]
    assert "PowerPoint" in labels and "PDF (1 pagina)" in labels
