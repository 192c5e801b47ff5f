"""Werkt het? Did youth care change differently in the wijken where kinderwerk started (issue 21)."""
import streamlit as st

from analysis.effect import CAVEATS, DEFAULT_SHARE, MIN_DOSE_WIJKEN, by_dose, effect_sentence, pretrend_sentence
from charts.effect import CREDITS, UNIT, chart_data, dose_table, event_chart
from queries import run_query
from analysis.investment import defaults_from
from ui import chart_block, export_buttons, url_number
from ui.effect import own_effect

gemeente, naam = st.session_state.gemeente, st.session_state.gemeente_naam
st.title(f"Werkt het? Kinderwerk en jeugdzorg in {naam}")
st.caption("Veranderde het aantal jongeren met jeugdzorg anders in de wijken waar kinderwerk begon dan in "
           "vergelijkbare wijken waar het (nog) niet begon? Met een interval, een toets op de jaren vóór de start "
           "en de kanttekeningen.")

with_data = run_query("effect_gemeenten")
if with_data.empty:
    st.info("Nog geen enkele organisatie heeft kinderwerk per wijk aangeleverd. Zonder bereik per wijk en maand is "
            "niet te zien waar en wanneer kinderwerk begon. Lever het aan op **Data aanleveren** (soort *bereik*).",
            icon=":material/info:")
    st.stop()
own_data = gemeente in set(with_data["gemeente"])
if not own_data and not (st.session_state.get("effect_samen") and len(with_data) > 1):
    st.info(f"Voor {naam} heeft nog geen organisatie kinderwerk per wijk aangeleverd. Gegevens zijn er voor: "
            + ", ".join(with_data["name"]) + ". Kies die gemeente in de zijbalk"
            + (", zet hieronder alle gemeenten samen aan" if len(with_data) > 1 else "")
            + ", of lever aan op **Data aanleveren**.", icon=":material/info:")
    if len(with_data) < 2:
        st.stop()
c1, c2 = st.columns(2)
pooled = False
if len(with_data) > 1:
    pooled = c1.toggle(f"Alle {len(with_data)} gemeenten met gegevens samen", key="effect_samen",
                       help="Samen zijn er meer wijken; het interval telt dan per gemeente.")
share = url_number("Kinderwerk 'begonnen' vanaf bereik (% van de kinderen 4–14 per maand)", key="effect_drempel",
                   url="drempel", default=DEFAULT_SHARE * 100, min_value=1.0, max_value=50.0, step=1.0,
                   help="Startjaar van een wijk: het eerste jaar waarin kinderwerk in een gemiddelde maand minstens "
                        "dit deel van de kinderen van 4–14 jaar in de wijk bereikt.", fmt="%.0f", container=c2) / 100
if not (pooled or own_data):
    st.stop()
scope = "" if pooled else gemeente

panel, est, is_demo = own_effect(scope, share)
where = "de gemeenten met gegevens" if pooled else naam

sentence = effect_sentence(est, is_demo=is_demo)
st.info(f"**In het kort.** {sentence}", icon=":material/summarize:")
m1, m2, m3, m4 = st.columns(4)
m1.metric("Wijken met kinderwerk", est.n_treated, border=True, help="Begonnen in een jaar dat we volgen, met een "
          "jaar ervóór met cijfers.")
m2.metric("Vergelijkingswijken", est.n_control, border=True, help="Nooit begonnen. Wijken die later begonnen, "
          "tellen tot hun start ook mee als vergelijking.")
m3.metric("Al eerder begonnen", est.n_excluded, border=True,
          help="Begonnen vóór het eerste jaar dat we volgen: zonder een jaar zonder kinderwerk met cijfers is er "
               "niets te vergelijken, dus buiten de schatting.")
m4.metric("Wijken niet te volgen", panel.n_not_followed, border=True,
          help="Minder dan twee jaren met dezelfde grens als in 2024 en een cijfer: buiten de schatting.")

if est.estimable:
    title = ("Jeugdzorg na de start van kinderwerk, tegenover vergelijkbare wijken"
             + (" (voorbeelddata)" if is_demo else ""))
    chart_block(event_chart(est.by_year, title), chart_data(est.by_year), unit=UNIT,
                credits=CREDITS + (" · kinderwerk: voorbeelddata" if is_demo else ""), is_demo=is_demo,
                key="effect_jaren", file_name=f"werkt_het_{scope or 'samen'}",
                note="Grijs: de jaren vóór de start, als toets; die horen rond 0 te liggen.")
    st.markdown(("**Voorbeelddata.** " if is_demo else "") + f"**Toets vóór de start.** {pretrend_sentence(est)}")

st.subheader("Meer bereik, meer effect?")
dose = by_dose(panel.data) if est.estimable else None
if dose is None:
    st.markdown(f"Niet te zeggen: daarvoor zijn minstens {2 * MIN_DOSE_WIJKEN} wijken met kinderwerk nodig, in "
                "twee helften naar hun bereik.")
else:
    st.table(dose_table(dose), border="horizontal")
    st.caption(("Voorbeelddata. " if is_demo else "") + "Elke helft tegen dezelfde vergelijkingswijken. Overlappen "
               "de intervallen, dan is een verschil tussen de helften niet aangetoond.")
st.subheader("Wat is meegenomen")
followed = ", ".join(str(y) for y in panel.years) or "geen"
st.markdown(f"""
- **Wijken:** {panel.n_wijken} wijken van {where} (indeling 2024); {panel.n_followed} zijn in minstens twee jaren te
  volgen. {panel.n_years_left_out} wijkjaren tellen niet mee omdat de wijk toen een andere grens had dan in 2024 (de
  regel van de kaart: code én oppervlakte gelijk). **{panel.n_not_followed} wijken vallen daardoor af**, of omdat CBS
  hun aantal geheim hield (klein aantal), zodat er minder dan twee jaren met een cijfer overblijven.
- **Jaren met jeugdzorgcijfers:** {followed}{' (2024: alleen het eerste halfjaar)' if panel.half_year else ''}.
- **Start:** het eerste jaar waarin kinderwerk in een gemiddelde maand minstens {share:.0%} van de kinderen van
  4–14 jaar bereikt. Bereik in een jaar met een andere wijkgrens ({panel.n_reach_left_out} wijkjaren) is niet
  aan een wijk van 2024 toe te wijzen; de start valt dan in het eerstvolgende jaar dat we volgen.
- **Methode:** {est.method}; interval: {est.variance or '—'}, per {est.cluster} ({est.n_clusters} clusters).
  De gebruikelijke regressie (twee-weg-vaste-effecten) zou wijken die eerder begonnen als vergelijking gebruiken;
  bij starts in verschillende jaren geeft dat een vertekend beeld, daarom is die niet gebruikt. Uitleg en ijking op gesimuleerde wijken: `analysis/effect.py`.
""")
st.subheader("Kanttekeningen")
st.markdown("\n".join(f"- {c}" for c in CAVEATS))
if is_demo:
    st.caption("Voorbeelddata: het bereik is gegenereerd (De Schoor, Almere) en de startjaren zijn door loting "
               "gekozen; de jeugdzorgcijfers zijn echt (CBS). Er is geen effect ingebouwd: wat de pagina laat zien, "
               "is wat toeval geeft.")
if not pooled:
    st.caption("**Maak presentatie** neemt de grafiek en de zin van deze pagina op in de PowerPoint en de PDF.")
    export_buttons(gemeente, naam, st.session_state.jaar, defaults_from(run_query("investment_defaults", gemeente=gemeente))[0],
                   run_query("build_info").iloc[0].release_id, key="effect_export", effect=True)
