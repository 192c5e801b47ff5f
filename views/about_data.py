"""Over de data: sources and licences, definitions, and the caveats a reader must know."""
import streamlit as st

from queries import run_query
from ui import project_doc, signin
from ui.expected import expected_model_section
from admin import refresh

st.title("Over de data")
release = run_query("build_info").iloc[0]
st.caption(f"Datarelease {release.release_id}, gebouwd op {release.built_at:%d-%m-%Y %H:%M} (UTC).")

st.header("Wat u moet weten")
st.markdown("""
- **Jeugdzorg 2015–2024 voor elke gemeente** uit de CBS-jeugdzorgtabellen (zie hieronder); de Kerncijfers
  wijken en buurten (KWB) 2021 en 2022 voor alle gemeenten en wijken, jeugdzorg per wijk 2015–2024 (met gaten,
  zie hieronder), en voor **Almere** een KWB-reeks 2018–2025 tot op buurtniveau.
- **Herindeling.** Alle gemeentecijfers staan in de indeling van 2024 (342 gemeenten). Cijfers van 14
  gemeenten uit 2021 die sindsdien zijn samengevoegd, zijn opgeteld of gewogen gemiddeld naar inwoners
  (of huishoudens, of jongeren) en heten op de kaart **afgeleid**.
- **Nederland** is voor 2021 berekend als gewogen gemiddelde van alle gemeenten (afgeleid); de bundel heeft
  geen landelijk CBS-totaal voor deze cijfers.
- **Geheime cellen.** CBS publiceert kleine aantallen niet. Zo'n cijfer is *geheim*, niet nul: op de kaart
  donkergrijs, in tabellen 'geheim (CBS)'. Lichtgrijs betekent dat er geen cijfer is.
- **Hergebruikte wijkcodes.** Almere heeft in 2022 nieuwe wijken getekend maar de codes WK003401–06
  opnieuw gebruikt. Cijfers van 2018–2021 horen bij de oude zes wijken en worden daarom niet op de
  huidige kaart getekend, alleen in een tabel.
- **Verloren decimalen.** In de Almere-export ontbraken de decimaaltekens (114 betekende 11,4%), en een
  decimaal nul viel weg ('8' was 8,0%). Wij herstellen ze met de CBS-kolombeschrijving en, bij twijfel,
  met de lezing die past bij het aantal jongeren met jeugdzorg en de bevolkingsopbouw.
- **Voorbeelddata.** Over kinderwerk bestaat geen open data. Tot organisaties eigen cijfers aanleveren,
  toont het dashboard een gegenereerde registratie van De Schoor in Almere; elke grafiek die die
  cijfers gebruikt zegt *voorbeelddata*. Verwijderen kan op de pagina Data aanleveren.
- **Kleine aantallen** uit registraties van organisaties tonen als '<5' of worden niet getoond, ook
  een tweede cel als de eerste anders uit het totaal terug te rekenen is.
- **Afgerond op vijftallen.** Eén tabel beschermen is niet genoeg: wie de signalen per maand, per
  uitkomst en per jaar naast elkaar legt, kan een verborgen 2 soms precies terugrekenen. Daarom rondt
  het dashboard, net als CBS bij jeugdzorg, elk aantal van een organisatie af op een veelvoud van 5
  (de drempel), cel voor cel (wijk, maand, categorie, uitkomst; of activiteit en leeftijdsgroep) en
  vóórdat er iets mee wordt opgeteld. Elke tabel, download en presentatie telt dezelfde afgeronde
  cellen op; samen vertellen ze dus nooit meer dan die cellen zelf. Een 3 wordt met kans 3/5 een 5 en
  anders een 0, een 12 wordt 10 of 15: gemiddeld klopt het, en achter een 0 kan 0 tot 4 zitten, zodat
  'geen' en 'weinig' er hetzelfde uitzien. Welke kant een cel op gaat ligt vast per cel (met een
  geheime sleutel), dus ook latere versies verraden niets. Een test rekent dit na met een lineair
  programma over alle gepubliceerde tabellen. **Wat het kost:** elke cel verschuift minder dan 5.
  Gemeten op de voorbeelddata van Almere (2018–2024): het bereik van het kinderwerk per jaar wijkt
  minder dan een half procent af; de signalen zijn daar heel fijn verdeeld (bijna elke cel is 1 of 2), zodat het
  jaartotaal tot 14% en het aandeel 'in de basis' tot 7 procentpunten kan verschuiven. Hoe meer
  signalen per cel, hoe kleiner dat effect.
- **Jaar** is het jaar van de KWB-editie. Sommige cijfers daarin (inkomen, uitkeringen) lopen één tot
  twee jaar achter; zie de CBS-definitie hieronder.
- **Uitgaven (Iv3, CBS)** voor alle 342 gemeenten: begroting 2023–2025 en jaarrekening 2023, in euro. De rij
  'Nederland' uit het bestand laten we weg (die is de som); Nederland is bij ons de som van de gemeenten.
  *Per inwoner* deelt door de inwoners op 1 januari van het boekjaar; *per kind van 0–17* door een
  schatting (aandeel 0–14 jaar uit de KWB × 18/15 × inwoners): beide afgeleid. 6.1 en 6.2 omvatten ook
  welzijn en toegang voor volwassenen. Uitgaven die organisaties aanleveren blijven een eigen bron.
""")

st.header("Wijkcijfers voor alle gemeenten")
st.markdown(project_doc("over_de_data_wijken"))

st.dataframe(run_query("wijkdata_checks").drop(columns="check_id").rename(columns={
    "label_nl": "meting", "measured": "waarde", "unit": "eenheid", "note": "toelichting"}),
    hide_index=True, width="stretch", key="data_wijkmetingen")
st.markdown(project_doc("over_de_data_jeugdzorg"))
expected_model_section()  # issue 11: the expected-use model (ui/expected.py)

st.header("Indicatoren en definities")
catalogue = run_query("indicator_catalogue")
st.dataframe(catalogue.rename(columns={"label_nl": "indicator", "unit": "eenheid", "theme": "thema", "definition_nl":
    "definitie (CBS)", "source_table": "tabel", "first_year": "eerste jaar", "last_year": "laatste jaar", "n_secret":
    "geheime cellen"}).drop(columns="indicator_id"), hide_index=True, width="stretch", key="data_catalogus")
st.markdown(project_doc("downloads"))  # issue 23: the stable download addresses (static/downloads/)

st.header("Bronnen en licenties")
st.markdown("CBS en PDOK publiceren onder **CC BY 4.0**. Vermeld bij hergebruik: *Bron: CBS* en voor "
            "kaarten *CBS, Kadaster via PDOK*. Elk bestand staat met herkomst in `data/raw/SOURCES.md`.")
st.dataframe(run_query("sources").rename(columns={
    "title": "titel", "publisher": "uitgever", "licence": "licentie", "credit": "bronvermelding",
    "file_path": "bestand", "retrieved": "opgehaald", "is_demo": "voorbeelddata",
}).drop(columns="source_id"), hide_index=True, width="stretch", key="data_bronnen")

st.header("Herindelingen 2021 → 2024")
st.dataframe(run_query("herindeling").rename(columns={
    "old_code": "oude code", "old_name": "oude gemeente", "new_code": "nieuwe code",
    "new_name": "nieuwe gemeente", "valid_from": "per"}), hide_index=True, width="stretch", key="data_herindeling")

st.header("Landelijke kerncijfers")
st.dataframe(run_query("national_reference").rename(columns={
    "indicator": "cijfer", "year": "jaar", "value": "waarde", "unit": "eenheid", "cited_from": "bron"}),
    hide_index=True, width="stretch", key="data_landelijk")

st.header("Ververs vanuit CBS")
st.markdown("Haal de nieuwste Kerncijfers wijken en buurten (alle gemeenten en wijken, alle jaren), de jeugdzorgcijfers "
            "per gemeente en de grenzen per jaar op bij CBS en PDOK, en bouw het warehouse opnieuw. Dat vraagt "
            "internet en duurt enkele minuten; mislukt er iets, dan blijft alles zoals het was.")
me = signin.current()  # refresh is beheerder-only; refresh.refresh checks again and records who did it
if not me.is_admin:
    st.caption("Verversen kan alleen een beheerder (aangemeld, of in lokale modus op deze computer).")
elif st.button("Ververs vanuit CBS", key="data_ververs", icon=":material/sync:"):
    bar = st.progress(0.0, text="Verbinden met CBS …")
    result = refresh.refresh(actor=me,
                             progress=lambda done, total, text: bar.progress(min(done / total, 1.0), text=text))
    (st.success if result.ok else st.error)(result.message)
    for warning in result.warnings:
        st.warning(warning)
