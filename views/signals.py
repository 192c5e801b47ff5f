"""Signalen: what kinderwerkers notice in one gemeente, and what happened next — in the basis or referred."""
import streamlit as st

from charts import DEMO_LABEL
from charts.signals import (HIDDEN_NOTE, MONTHS, WIJK_NOTE, basis_data, basis_title, basis_trend, flow_data,
                            flow_title, monthly_bars, signal_bars, signal_flow, volume_title, wijk_table, wijk_title,
                            yearly_bars)
from queries import run_query
from queries.privacy import threshold
from ui import chart_block, credits_of, downloads

state = st.session_state
gemeente, naam, jaar = state.gemeente, state.gemeente_naam, state.jaar
BY = {"categorie": "waar het signaal over ging", "uitkomst": "wat ermee gebeurde"}

st.title(f"Signalen in {naam}")
st.caption("Kinderwerkers vangen signalen op: zorgen over opvoeding, geld, school, gezondheid of veiligheid. "
           "Zo'n signaal wordt in de basis opgepakt — door het kinderwerk zelf of samen met de ouders — of "
           "doorverwezen naar het wijkteam, de specialistische jeugdhulp of Veilig Thuis.")

per_year = run_query("signals_by_year", gemeente=gemeente)
if per_year.empty:
    st.info(f"Voor {naam} zijn nog geen signalen aangeleverd. Signalen komen niet uit open data maar uit de "
            "registratie van kinderwerkorganisaties: per wijk en maand het aantal signalen, met de categorie en "
            "wat ermee gebeurde — nooit gegevens over één kind. Een organisatie of de gemeente kan ze aanleveren "
            "met het sjabloon 'signalen' op de pagina Data aanleveren.")
    st.page_link("views/data.py", label="Naar Data aanleveren", icon=":material/upload_file:")
    st.stop()

years = sorted(per_year["year"].unique().tolist())
year = jaar if jaar in years else years[-1]
if year != jaar:
    st.info(f"Voor {jaar} zijn geen signalen aangeleverd; de pagina toont {year}, het laatste jaar met signalen.")
if per_year["is_demo"].any():
    st.warning(f"**{DEMO_LABEL}.** De signalen op deze pagina komen uit een fictieve registratie, tot een "
               "organisatie eigen cijfers aanlevert.", icon=":material/science:")
hidden_note = HIDDEN_NOTE.format(n=threshold())

# 1. How many signals, by category or outcome, per year or per month of the chosen year.
cells = run_query("signals_by_category_outcome", gemeente=gemeente)
left, right = st.columns(2)
period = left.radio("Staven per", ["jaar", "maand"], horizontal=True, key="signalen_periode",
                    format_func={"jaar": "jaar", "maand": f"maand van {year}"}.get)
by = right.radio("Verdeeld naar", list(BY), format_func=BY.get, horizontal=True, key="signalen_verdeling")
if period == "jaar":
    behind, bars, periods = cells, yearly_bars(cells, by), [str(y) for y in years]
else:
    behind = run_query("signals_by_month", gemeente=gemeente, year=year)
    bars, periods = monthly_bars(behind, by), MONTHS
chart_block(signal_bars(bars, by, volume_title(naam, per_year, year), periods), bars,
            unit="signalen (aantal)", credits=credits_of(behind), is_demo=bool(behind["is_demo"].any()),
            key="signalen_staven", file_name=f"signalen_{gemeente}_per_{period}_{by}", note=hidden_note)

# 2. The flow from signal to outcome in the chosen year.
year_cells = cells[cells["year"] == year]
chart_block(signal_flow(year_cells, flow_title(per_year, year)), flow_data(year_cells),
            unit="signalen (aantal); groen = in de basis opgepakt, oranje en rood = doorverwezen",
            credits=credits_of(year_cells), is_demo=bool(year_cells["is_demo"].any()),
            key="signalen_stroom", file_name=f"signalen_{gemeente}_{year}_uitkomst", note=hidden_note)

# 3. Per wijk, in the wijk indeling of that year.
wijken = run_query("signals_by_wijk", gemeente=gemeente, year=year)
table = wijk_table(wijken)
st.subheader(wijk_title(wijken, year))
if wijken["is_demo"].any():
    st.caption(f":material/science: **{DEMO_LABEL}.**")
st.dataframe(table.drop(columns="wijkcode"), hide_index=True, width="stretch", key="signalen_wijken",
             height=min(38 + 35 * len(table), 420))
st.caption(f"Eenheid: signalen (aantal) en % van de signalen van die wijk. {credits_of(wijken)}. "
           + WIJK_NOTE.format(n=threshold()))
downloads(table, key="signalen_wijken_download", file_name=f"signalen_{gemeente}_{year}_per_wijk")

# 4. The share handled in the basis over the years.
rates = per_year[per_year["measure"] == "basis_pct"]
chart_block(basis_trend(rates, naam, basis_title(rates)), basis_data(rates), unit="% van de signalen",
            credits=credits_of(rates), is_demo=bool(rates["is_demo"].any()), key="signalen_basis",
            file_name=f"signalen_{gemeente}_in_de_basis",
            note="In de basis: zelf opgepakt in het kinderwerk of samen met ouders opgelost. De stippellijn is "
                 "de rechte lijn die het best door de jaren past." + (
                     f" Een jaar met te weinig signalen (minder dan {threshold()}) om een aandeel te tonen "
                     "ontbreekt." if (rates["status"] == "suppressed").any() else ""))
