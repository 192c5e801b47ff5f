"""Over de data: sources and licences, definitions, and the caveats a reader must know."""
import streamlit as st

from queries import run_query
from ui import project_doc
from warehouse import refresh

st.title("Over de data")
release = run_query("build_info").iloc[0]
st.caption(f"Datarelease {release.release_id}, gebouwd op {release.built_at:%d-%m-%Y %H:%M} (UTC).")

st.header("Wat u moet weten")
st.markdown("""
- **Jeugdzorg 2015–2024 voor elke gemeente** uit de CBS-jeugdzorgtabellen (zie hieronder); de Kerncijfers
  wijken en buurten (KWB) 2021 voor alle gemeenten, en voor **Almere** een KWB-reeks 2018–2025 tot op wijk- en
  buurtniveau.
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
- **Jaar** is het jaar van de KWB-editie. Sommige cijfers daarin (inkomen, uitkeringen) lopen één tot
  twee jaar achter; zie de CBS-definitie hieronder.
""")

st.markdown(project_doc("over_de_data_jeugdzorg"))

st.header("Indicatoren en definities")
catalogue = run_query("indicator_catalogue")
st.dataframe(catalogue.rename(columns={
    "label_nl": "indicator", "unit": "eenheid", "theme": "thema", "definition_nl": "definitie (CBS)",
    "source_table": "tabel", "first_year": "eerste jaar", "last_year": "laatste jaar", "n_secret": "geheime cellen",
}).drop(columns="indicator_id"), hide_index=True, width="stretch", key="data_catalogus")

st.header("Bronnen en licenties")
st.markdown("CBS en PDOK publiceren onder **CC BY 4.0**. Vermeld bij hergebruik: *Bron: CBS* en voor "
            "kaarten *CBS, Kadaster via PDOK*. Elk bestand staat met herkomst in `data/raw/SOURCES.md`.")
sources = run_query("sources")
st.dataframe(sources.rename(columns={
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
if st.button("Ververs vanuit CBS", key="data_ververs", icon=":material/sync:"):
    bar = st.progress(0.0, text="Verbinden met CBS …")
    result = refresh.refresh(progress=lambda done, total, text: bar.progress(min(done / total, 1.0), text=text))
    (st.success if result.ok else st.error)(result.message)
    for warning in result.warnings:
        st.warning(warning)
