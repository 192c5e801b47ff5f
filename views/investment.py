"""Investeringscase: what extra kinderwerk would likely bring, with every assumption in sight."""
from dataclasses import replace

import streamlit as st

from analysis.effect import investment_effects
from analysis.investment import (EFFECTS, SEOR_RETURN, bands, break_even_effect, break_even_year, defaults_from,
                                 project, return_per_euro, sensitivity)
from analysis.narrative import inflow_text, investment_sentences
from charts.investment import band_chart, tornado
from formatting import euro, fmt_nl
from queries import run_query
from ui import chart_block, export_buttons, figure, url_number
from ui.effect import own_effect

gemeente, naam = st.session_state.gemeente, st.session_state.gemeente_naam
st.title(f"Investeringscase kinderwerk: {naam}")
st.caption("Wat levert extra kinderwerk op aan voorkomen jeugdhulp? Een eenvoudig, controleerbaar model: "
           "elke aanname staat hieronder en is aan te passen. De link bewaart uw keuzes.")

figures = run_query("investment_defaults", gemeente=gemeente)
base, why = defaults_from(figures)
with st.expander("Aannames en waar ze vandaan komen", expanded=False):
    c1, c2, c3 = st.columns(3)
    fte = url_number("Extra kinderwerk (fte)", key="inv_fte", url="fte", default=base.fte, min_value=0.0,
                     max_value=200.0, step=0.5, help=why["fte"], container=c1)
    cost_per_fte = url_number("Kosten per fte (€ per jaar)", key="inv_kosten_fte", url="kosten_fte", default=base.cost_per_fte,
                          min_value=0.0, max_value=250_000.0, step=1_000.0, help=why["cost_per_fte"], fmt="%.0f", container=c1)
    children_per_fte = url_number("Kinderen bereikt per fte per jaar", key="inv_kinderen", url="kinderen_fte",
                      default=base.children_per_fte, min_value=0.0, max_value=1_000.0, step=5.0,
                      help=why["children_per_fte"], container=c1)
    share_with_care = url_number("Aandeel jongeren met jeugdzorg in een jaar (%)", key="inv_risico", url="risico",
                                 default=base.share_with_care * 100, min_value=0.0, max_value=100.0, step=0.5,
                                 help=why["share_with_care"], container=c2) / 100
    cost_without_stay = url_number("Jaarkosten jeugdhulp zonder verblijf (€)", key="inv_zonder", url="zonder",
                        default=base.cost_zonder_verblijf, min_value=0.0, max_value=200_000.0, step=500.0,
                        help=why["cost_zonder_verblijf"], fmt="%.0f", container=c2)
    cost_with_stay = url_number("Jaarkosten jeugdhulp met verblijf (€)", key="inv_met", url="met", default=base.cost_met_verblijf,
                     min_value=0.0, max_value=500_000.0, step=1_000.0, help=why["cost_met_verblijf"], fmt="%.0f", container=c2)
    share_with_stay = url_number("Aandeel met verblijf (%)", key="inv_verblijf", url="verblijf",
                          default=base.share_met_verblijf * 100, min_value=0.0, max_value=100.0, step=1.0,
                          help=why["share_met_verblijf"], container=c3) / 100
    duration = url_number("Duur van een traject (jaren)", key="inv_duur", url="duur", default=base.duration_years,
                      min_value=0.25, max_value=10.0, step=0.25, help=why["duration_years"], container=c3)
    lag = int(url_number("Vertraging tot effect (jaren)", key="inv_vertraging", url="vertraging", default=base.lag,
                         min_value=0.0, max_value=5.0, step=1.0, help=why["lag"], fmt="%.0f", container=c3))
    horizon = int(url_number("Horizon (jaren)", key="inv_horizon", url="horizon", default=base.horizon,
                             min_value=1.0, max_value=20.0, step=1.0, help=why["horizon"], fmt="%.0f", container=c3))
    st.caption(f"Effect op de instroom in jeugdhulp: {why['effect']}. Vroege toename: {why['surfacing']}.")

s = replace(base, fte=fte, cost_per_fte=cost_per_fte, children_per_fte=children_per_fte, share_with_care=share_with_care,
            cost_zonder_verblijf=cost_without_stay, cost_met_verblijf=cost_with_stay, share_met_verblijf=share_with_stay,
            duration_years=duration, lag=lag, horizon=horizon)
own_panel, own_est, own_demo = own_effect(gemeente)  # the gemeente's own estimate (Werkt het?), if any
own_bands = investment_effects(own_est)
if own_bands and st.toggle("Eigen schatting gebruiken in plaats van de aanname (Werkt het?)", key="inv_eigen",
                           help="Het effect gemeten in de eigen wijken, met het 95%-interval als lage en hoge band."):
    s = replace(s, effect=own_bands["centraal"])
    st.caption(f"Effect: **eigen schatting** van {naam} op de pagina Werkt het?{' (voorbeelddata)' if own_demo else ''}: "
               f"centraal {fmt_nl(own_bands['centraal'] * 100, 0)}%, band {fmt_nl(own_bands['laag'] * 100, 0)} tot "
               f"{fmt_nl(own_bands['hoog'] * 100, 0)}% (95%-interval). Gemeten op het aantal jongeren met jeugdzorg, "
               "niet op de instroom; een negatieve band betekent meer jeugdzorg.")
else:
    own_bands = None
central, all_bands = project(s), bands(s, own_bands)
even, ratio, needed = break_even_year(central), return_per_euro(s), break_even_effect(s)
is_demo = bool(figures["is_demo"].fillna(False).any())
st.caption(inflow_text(s, why))

st.info("**In het kort.** " + " ".join(investment_sentences(naam, s, own_bands)), icon=":material/summarize:")
m1, m2, m3, m4 = st.columns(4)
m1.metric("Kosten per jaar", euro(s.annual_cost), border=True)
m2.metric("Kinderen bereikt per jaar", fmt_nl(central["kinderen_bereikt"].iloc[0]), border=True)
effect_year = all_bands[all_bands.jaar == min(lag + 1, horizon)].set_index("band")["trajecten_voorkomen"].clip(lower=0)
m3.metric("Trajecten voorkomen per jaar", fmt_nl(effect_year["centraal"], 1), border=True,
          help=f"Voorkomen starts (instroom), centraal, vanaf jaar {lag + 1}; laag–hoog: "
               f"{fmt_nl(effect_year['laag'], 1)}–{fmt_nl(effect_year['hoog'], 1)}")
m4.metric(f"Terug per euro, {horizon} jaar", f"€ {fmt_nl(ratio, 2)}", border=True,
          help="Alleen de besparing op jeugdhulp, centraal effect.")

end = all_bands[all_bands.jaar == horizon].set_index("band")["cumulatief"]
title = (f"Na {horizon} jaar: {euro(end['centraal'])} (laag {euro(end['laag'])}, hoog {euro(end['hoog'])})"
         + (f"<br>terugverdiend in jaar {even}" if even else "<br>niet terugverdiend op jeugdhulp alleen"))
chart_block(figure(band_chart, all_bands, title), all_bands, unit="euro, cumulatief: besparing op jeugdhulp min kosten",
            credits="Model: analysis/investment.py; aannames zie boven" + (" · eigen cijfers bevatten voorbeelddata" if is_demo else ""),
            is_demo=is_demo, key="inv_banden", file_name=f"investeringscase_{gemeente}")
sens = sensitivity(s)
chart_block(figure(tornado, sens, f"Wat de uitkomst het meest bepaalt: {sens['aanname'].iloc[0]}"), sens,
            unit="euro, verschil in het cumulatieve resultaat na de horizon", credits="Model: analysis/investment.py",
            is_demo=False, key="inv_gevoeligheid", file_name=f"gevoeligheid_{gemeente}")

st.subheader("Wie betaalt, wie profiteert")
st.markdown(f"""
- **De gemeente betaalt** het kinderwerk (taakveld 6.1): {euro(s.annual_cost)} per jaar.
- **De gemeente profiteert** op jeugdhulp (6.72, 6.82): minder en lichtere trajecten. Kinderen, ouders, scholen en
  buurt profiteren van wat dit model niet in euro's uitdrukt.
- **Om quitte te spelen op jeugdhulp alleen** moet het kinderwerk de instroom in jeugdhulp onder de bereikte kinderen met
  {f"{fmt_nl(needed * 100, 0)}%" if needed is not None else "–"} verlagen (het model rekent met {fmt_nl(EFFECTS['laag'] * 100, 0)}–{fmt_nl(EFFECTS['hoog'] * 100, 0)}%).
- **Ter vergelijking:** de SEOR-meta-analyse van 14 kosten-batenstudies naar sociaal werk vond gemiddeld
  € {fmt_nl(SEOR_RETURN, 1)} maatschappelijk rendement per geïnvesteerde euro — inclusief baten buiten de jeugdhulp.
""")
st.warning("**Wat het model niet weet.** Preventie brengt eerst verborgen hulpvragen aan het licht: in jaar 1 kan "
           "het gebruik van jeugdhulp stijgen. Het effect op de instroom is onzeker en per gemeente anders; baten "
           "buiten de jeugdhulp (onderwijs, veiligheid, gezondheid) en verschuivingen tussen organisaties telt het niet.",
           icon=":material/help:")
export_buttons(gemeente, naam, st.session_state.jaar, s, run_query("build_info").iloc[0].release_id, key="inv_export")
