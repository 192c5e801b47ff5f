"""Toegankelijkheid: the accessibility statement, after the Dutch government model (digitoegankelijk.nl)."""
import streamlit as st

st.title("Toegankelijkheid")
st.markdown(
    "Vroeg Doen wil voor iedereen bruikbaar zijn, ook voor wie een schermlezer, alleen een toetsenbord "
    "of een vergroting gebruikt, of kleuren anders ziet. Gemeenten moeten voldoen aan **WCAG 2.1 niveau AA** "
    "(Besluit digitale toegankelijkheid overheid); dit dashboard wordt door en voor gemeenten gebruikt en "
    "houdt zich daarom aan dezelfde norm.")

st.subheader("Status")
st.markdown(
    "**Voldoet gedeeltelijk** aan WCAG 2.1 niveau AA. Dit is een eigen beoordeling, nog geen onderzoek door "
    "een onafhankelijke partij. Bij elke wijziging controleert een geautomatiseerde test (axe-core, in een "
    "echte browser) elke pagina op de succescriteria van WCAG 2.1 A en AA die automatisch te toetsen zijn; "
    "die test staat op 0 overtredingen. Automatische tests vinden niet alles: de punten hieronder zijn met "
    "de hand bekeken.")

st.subheader("Wat we hebben gedaan")
st.markdown(
    "- **Elke grafiek heeft een tekstalternatief**: een zin die zegt wat de grafiek laat zien, en een tabel "
    "met precies de gegevens erachter (*Tabel bij de grafiek*), naast de download als CSV en Excel.\n"
    "- **De kaart is ook zonder muis te gebruiken**: kies een gemeente of wijk uit de lijst onder de kaart; "
    "de tabel bij de kaart geeft elk gebied met zijn cijfer.\n"
    "- **Kleuren**: de kaartkleuren lopen van licht naar donker in één reeks (geel–groen–blauw, leesbaar bij "
    "kleurenblindheid), geheime en ontbrekende cellen hebben eigen grijstinten én een uitleg in de legenda; "
    "een verschil wordt nooit alleen met kleur gezegd.\n"
    "- **Contrast en focus**: tekst heeft ten minste een contrast van 4,5:1; het element met de "
    "toetsenbordfocus krijgt een duidelijke rand.\n"
    "- **Taal**: alle tekst is Nederlands, getallen in Nederlandse notatie (1.234,5).\n"
    "- **De downloads van *Maak presentatie***: de PDF is een getagde PDF (koppen, tabel met kopcellen, "
    "leesvolgorde, taal Nederlands, documenttitel) en elke grafiek heeft daarin en in de PowerPoint als "
    "alternatieve tekst dezelfde zin als onder de grafiek op de pagina.")

st.subheader("Wat nog niet voldoet")
st.markdown(
    "- **De kaart zelf** (deck.gl, een tekening op een canvas) is voor een schermlezer één plaatje: de "
    "gebieden zijn niet afzonderlijk met het toetsenbord te bereiken. Gebruik de keuzelijst en de tabel "
    "onder de kaart; die geven dezelfde informatie (WCAG 1.1.1, 2.1.1).\n"
    "- **Interactieve grafieken** (Plotly): de knoppen boven een grafiek en de waarden bij het aanwijzen zijn "
    "niet met het toetsenbord te bedienen. De tabel bij elke grafiek geeft dezelfde cijfers (WCAG 2.1.1).\n"
    "- **De Sankey-grafiek** op de pagina Signalen is alleen als beeld en als tabel beschikbaar, niet als "
    "doorloopbare stroom.\n"
    "- **Downloads**: de PDF uit *Maak presentatie* is nog niet met een validator (zoals veraPDF) getoetst op "
    "PDF/UA; in de PowerPoint volgt de leesvolgorde van een dia de volgorde waarin de onderdelen erop staan.\n"
    "- Onderdelen van Streamlit zelf (het menu, meldingen) volgen de toegankelijkheid van dat framework; "
    "wat wij daarin tegenkomen, melden we bij Streamlit.")

st.subheader("Contact")
st.markdown(
    "Loopt u tegen een probleem aan, of mist u informatie in een vorm die u kunt gebruiken? Meld het bij de "
    "beheerder van dit dashboard in uw gemeente of organisatie, of bij het projectteam van Vroeg Doen via het "
    "issueregister van het project. Noem de pagina, wat u probeerde en welk hulpmiddel u gebruikt. U krijgt "
    "binnen vijf werkdagen een ontvangstbevestiging en binnen drie weken een inhoudelijk antwoord. Bent u "
    "daarna niet tevreden, dan kunt u zich wenden tot de Nationale ombudsman.")
st.caption("Opgesteld volgens het model van de toegankelijkheidsverklaring van de Rijksoverheid "
           "(digitoegankelijk.nl). Laatst bijgewerkt: december 2026.")
