"""Expected youth care (issue 11) on the pages: the section of Wijken vergelijken and the one of Over de data.

Kept out of views/ so the pages stay short lists of sections. Renders only: the data come from the
queries expected_by_wijk, expected_model, expected_features and expected_calibration (the model is fitted in the build,
warehouse/expected.py; pages never fit), the figure and the tables from charts/expected.py.
"""
from __future__ import annotations

import streamlit as st

from charts.expected import (CAVEAT, CREDITS, UNIT, all_wijken_table, calibration_table, chart_data, chart_rows,
                             coefficient_table, expected_chart, expected_title, model_table, verdict_sentence)
from queries import run_query
from ui import chart_block, figure


def expected_section(gemeente: str, naam: str, jaar: int) -> None:
    """Wijken vergelijken: observed against expected per wijk, with the interval, in plain Dutch."""
    st.subheader("Meer of minder jeugdzorg dan verwacht?")
    rows = run_query("expected_by_wijk", gemeente=gemeente, year=jaar)
    if rows.empty:
        st.info(f"Voor {jaar} is er geen verwachting per wijk: het model wordt geschat voor de jaren met jeugdzorg "
                "per wijk voor heel Nederland (2021 en 2022). Kies een van die jaren.")
        return
    st.markdown(verdict_sentence(rows, naam, jaar) + " Verwacht: wat een wijk met deze bevolking in deze gemeente "
                "gemiddeld heeft. Buiten het grijze 95%-interval ligt een verschil dat niet meer bij toeval past.")
    shown = chart_rows(rows)
    chart_block(figure(expected_chart, shown, expected_title(rows, naam, jaar, len(shown)), key=(gemeente, jaar)),
                chart_data(rows), data_key=(gemeente, jaar), unit=UNIT,
                credits=CREDITS, is_demo=False, key="wijken_verwacht", file_name=f"verwacht_{gemeente}_{jaar}",
                note=CAVEAT + " Hoe het model werkt: Over de data.")
    box = st.expander(f"Alle {len(rows)} wijken: waargenomen, verwacht en het interval", key="wijken_verwacht_alle",
                      on_change="rerun")  # drawn only when opened: a table of every wijk costs every rerun
    if box.open:
        with box:
            st.dataframe(all_wijken_table(rows), hide_index=True, width="stretch", key="wijken_verwacht_tabel")


def expected_model_section() -> None:
    """Over de data: the model's features and why, coefficients per year, n, R², imputation, the interval, caveats."""
    st.header("Verwacht gebruik per wijk: het model")
    model, features = run_query("expected_model"), run_query("expected_features")
    if model.empty:
        st.caption("Deze gegevens bevatten geen wijkcijfers over jeugdzorg voor heel Nederland: er is geen model geschat.")
        return
    st.markdown(_METHOD)
    st.dataframe(model_table(model), hide_index=True, width="stretch", key="data_verwacht_model")
    st.markdown(_COEFFICIENTS)
    st.dataframe(coefficient_table(features), hide_index=True, width="stretch", key="data_verwacht_kenmerken")
    calibration = run_query("expected_calibration")
    if not calibration.empty:
        st.markdown(_CALIBRATION)
        st.dataframe(calibration_table(calibration), hide_index=True, width="stretch", key="data_verwacht_ijking")
        st.caption("Gemeten bij het bouwen van het warehouse op de echte wijkcijfers (warehouse/expected.py). Op "
                   "nagebootste wijken met bekende uitkomst (de echte wijkgroottes) valt het interval in elk derde "
                   "van de wijken om 95% van de wijken heen (tests/test_expected_calibration.py, bench/calibration.py).")
    st.markdown(_CAVEATS)


_METHOD = """
Op **Wijken vergelijken** en de **Kaart** staat per wijk of het aandeel jongeren met jeugdzorg hoger of lager is dan
je op grond van de bevolking van die wijk zou verwachten. De aanpak volgt het SCP (*Jeugdhulp in de wijk*, 2020,
over 2017), maar dan elk jaar opnieuw en voor elke wijk.

- **Het model.** Het model rekent met wat de cijfers zijn: een *aantal* jongeren met jeugdzorg uit het aantal
  jongeren in de wijk. Het aandeel van een wijk met 30 jongeren schommelt door toeval veel meer dan dat van een
  wijk met 3.000; het model weet dat. Het is een binomiaal multilevelmodel op de logitschaal: het landelijke
  verband met de kenmerken, een eigen niveau per gemeente, en daarnaast echte verschillen tussen wijken die de
  kenmerken niet verklaren — geschat *zonder* de toevalsruis van kleine aantallen. Het wordt bij het bouwen van
  het warehouse geschat, per jaar met jeugdzorg per wijk voor heel Nederland (2021 en 2022), op alle wijken met
  ten minste 100 inwoners. De pagina's rekenen zelf niets uit.
- **Geheime wijkcijfers.** CBS maakt aantallen onder 10 geheim en rondt de rest af op vijftallen. Wijken met een
  geheim aantal laten we niet weg — dan deden kleine wijken alleen mee als ze véél jeugdzorg hebben — maar tellen
  mee als 'minder dan 10' (met hun verwachte aantal onder de 10). Ze krijgen een verwachting, geen oordeel. De
  afronding op vijftallen telt mee in het interval.
- **Verwacht** is wat een wijk met deze bevolking *in deze gemeente* gemiddeld heeft: het landelijke verband
  plus het eigen niveau van de gemeente. Een wijk wordt dus vergeleken met wijken zoals zij in haar eigen
  gemeente; of de gemeente als geheel veel of weinig jeugdzorg heeft, zegt dit niet (zie Gemeenten vergelijken).
- **Kenmerken en waarom.** Uit de Kerncijfers wijken en buurten van hetzelfde jaar, elk gestandaardiseerd
  (min het gemiddelde, gedeeld door de standaardafwijking over de wijken): *leeftijdsopbouw* (kinderen 0–14,
  jongeren 15–24, 65-plussers: hoeveel jongeren er zijn en in welke levensfase); *huishoudens* (met kinderen,
  eenpersoons: gezinnen en alleenstaanden); *migratieachtergrond* (westers en niet-westers); *opleidingsniveau*
  (laag, hoog); *inkomen* (gemiddeld per inwoner, huishoudens met een laag inkomen en rond het sociaal minimum)
  en *bijstand* (armoede en bestaansonzekerheid hangen samen met jeugdhulp); *woningen* (huur, corporatie:
  samenstelling en doorstroming van de wijk); *bevolkingsdichtheid* (stedelijkheid, als logaritme). Het SCP
  gebruikte vergelijkbare kenmerken. Een kenmerk dat voor meer dan een kwart van de wijken ontbreekt, laten we
  dat jaar weg; een enkele ontbrekende waarde vullen we aan met het gemiddelde van de gemeente (anders van
  Nederland) en tellen we. Welke kenmerken een jaar mist en waarom, staat in de tabel met coëfficiënten.
- **R²** zegt welk deel van de *echte* verschillen tussen wijken (zonder de toevalsruis van kleine aantallen, op
  de logitschaal) het model verklaart: *kenmerken* alleen met de kenmerken, *met gemeente* ook met het eigen
  niveau van de gemeenten. De rest is spreiding die het model niet ziet; hoe groot die nog is, zegt de spreiding
  (standaardafwijking) tussen gemeenten en tussen wijken binnen een gemeente, omgerekend naar procentpunten bij
  het gemiddelde aandeel.
"""

_COEFFICIENTS = """
**Coëfficiënten** in procentpunt jeugdzorg per standaardafwijking van het kenmerk, bij gelijke andere kenmerken
en bij het gemiddelde aandeel (het model rekent op de logitschaal: bij een hoger aandeel is een stap iets groter);
tussen haakjes de standaardfout. Een coëfficiënt kleiner dan twee keer zijn standaardfout is niet duidelijk van
nul te onderscheiden. Kenmerken hangen onderling sterk samen (huur en corporatie, inkomen en bijstand): lees een
enkele coëfficiënt daarom niet als 'het effect' van dat kenmerk — het model is gemaakt om te voorspellen, niet om
oorzaken aan te wijzen.
"""

_CALIBRATION = """
**Is het oordeel eerlijk voor kleine én grote wijken?** Een wijk mag *meer* of *minder dan verwacht* heten omdat
ze afwijkt, niet omdat ze klein of groot is. Zonder bijzondere reden valt 1 op de 20 wijken buiten haar
95%-interval; dat moet in elk kwart van de wijken ongeveer zo zijn, van de kleinste tot de grootste. Het vorige
model (even brede intervallen voor elke wijk) markeerde 8% van de kleinste wijken en bijna geen grote. In het
kleinste kwart liggen de wijken buiten hun interval vooral *erboven*: CBS toont een aantal pas vanaf 10, dus een
kleine wijk met weinig jeugdzorg heeft geen cijfer en kan niet *minder dan verwacht* heten.
"""

_CAVEATS = """
- **Het 95%-interval** rond de verwachting is het gebied waarin het waargenomen aandeel in 95 van de 100 gevallen
  valt als de wijk alleen door toeval afwijkt. Het telt de spreiding tussen wijken die het model niet verklaart,
  de onzekerheid over het niveau van de gemeente en over de coëfficiënten. Ligt het waargenomen aandeel erboven,
  dan heet de wijk *meer dan verwacht*, eronder *minder dan verwacht*; op de kaart rood en blauw, binnen het
  interval bijna wit. Ook zonder bijzondere reden kan tot 1 op de 20 wijken buiten zijn interval vallen. Het
  interval past bij de grootte van de wijk: breed voor een wijk met weinig jongeren, smal voor een grote, en
  altijd tussen 0% en 100%. De verwachting voor een wijk gebruikt het niveau van de *andere* wijken van haar
  gemeente, zodat een grote wijk niet haar eigen maatstaf zet.
- **Een verschil is een reden om beter te kijken, geen oordeel over beleid.** Het zegt dat er in de wijk iets
  speelt wat het model niet ziet: het aanbod en de wachtlijsten, hoe de toegang werkt en wie er verwijst, de
  inzet van preventie en kinderwerk, de sociale samenhang, of hoe er geregistreerd wordt. Meer jeugdzorg dan
  verwacht kan goed zijn (hulp die terecht komt) of niet; minder ook. Het verwachte niveau is geen norm: het
  is het gemiddelde van wat er in Nederland gebeurt, niet wat nodig is.
- **Het aandeel jongeren met jeugdzorg per wijk** is zelf afgeleid (de noemer benaderd uit de KWB-leeftijden,
  zie hierboven); geheime wijkcijfers tellen mee als 'minder dan 10' en krijgen een verwachting, geen oordeel.
"""
