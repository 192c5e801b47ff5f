"""Overzicht: the headline figures of one gemeente against NL, each with its source and kind."""
import streamlit as st

from charts import DEMO_LABEL, comparable_with_nl, metric_delta, provenance, trend_lines
from analysis.narrative import overview_sentences, youthcare_series_sentences
from formatting import fmt_value, short_value, status_text
from analysis.investment import defaults_from
from queries import run_query
from ui import chart_block, credits_of, export_buttons, figure, gemeente_notes, notes_block

gemeente, naam, jaar = st.session_state.gemeente, st.session_state.gemeente_naam, st.session_state.jaar
# One tile per headline; where two CBS publications give it, the one with the newest figure is shown.
HEADLINES = [("jeugdzorg_pct", "jeugdzorg_reeks2021_pct"), ("kinderwerk_bereik_pct",), ("signalen_basis_pct",),
             ("jeugdzorg_aantal", "jeugdzorg_reeks2021_aantal"), ("wmo_per_1000",), ("bijstand_per_1000",),
             ("kinderen_0_15",), ("inkomen_per_inwoner",)]

st.title(f"{naam} in {jaar}")
st.caption("Jeugdzorg, het bereik van het kinderwerk, vroege signalen en de context waarin kinderen "
           "opgroeien — vergeleken met Nederland waar een landelijk cijfer bestaat.")

figures = run_query("headline_newest_by_gemeente", gemeente=gemeente, year=jaar).set_index("indicator_id")
trend = run_query("trend_by_gemeente", gemeente=gemeente, indicator="jeugdzorg_pct")
wijken_expected = run_query("expected_by_wijk", gemeente=gemeente, year=jaar)  # the model's years only (2021, 2022)
sentences = overview_sentences(naam, jaar, figures[figures["year"] == jaar], trend, wijken_expected)
if sentences:
    st.info("**In het kort.** " + " ".join(sentences), icon=":material/summarize:")
shown = [max((i for i in group if i in figures.index and figures.at[i, "status"] in ("value", "suppressed")),
             key=lambda i: figures.at[i, "year"], default=None) for group in HEADLINES]
shown = [i for i in shown if i is not None]
older = sorted({int(figures.at[i, "year"]) for i in shown} - {jaar})
if older:
    st.caption(f"Elk kerncijfer is het nieuwste tot en met {jaar}; waar dat van een eerder jaar is "
               f"({', '.join(map(str, older))}), staat het jaar eronder.")
if figures.loc[shown, "is_demo"].fillna(False).any():
    st.warning(f"**{DEMO_LABEL}.** Het bereik van het kinderwerk en de signalen hieronder zijn voorbeelddata "
               "(een fictieve registratie van De Schoor), tot uw organisatie eigen cijfers aanlevert.",
               icon=":material/science:")
if not shown:
    st.info(f"Voor {naam} staan tot en met {jaar} geen kerncijfers (Kerncijfers wijken en buurten) in de meegeleverde "
            "data. Kies een ander jaar; de jeugdzorg door de jaren (CBS-jeugdzorgtabellen) staat hieronder.")

for row_start in range(0, len(shown), 4):
    for col, ind in zip(st.columns(4), shown[row_start:row_start + 4]):
        f = figures.loc[ind]
        delta = metric_delta(f.value, f.nl_value, f.nl_year, int(f.year), f.unit, int(f.decimals), int(f.polarity), f.label_nl)
        nl_text = ("" if not comparable_with_nl(f.unit, f.label_nl)  # a count: the national count compares nothing
                   else f"Nederland {int(f.nl_year)}: {fmt_value(f.nl_value, f.unit, int(f.decimals))}"
                   if f.nl_value == f.nl_value and f.nl_value is not None else "Geen landelijk cijfer in de data")
        shown_value = short_value(f.value, f.unit, int(f.decimals)) if f.status == "value" else status_text(f.status, f.unit)
        col.metric(f.label_nl, shown_value, **delta, border=True, help=f"Eenheid: {f.unit}."
                   + (f" {nl_text}." if nl_text else "") + (f" {f.derivation}." if f.is_derived else ""))
        col.caption(f"Eenheid: {f.unit}  \n" + (f"{nl_text}  \n" if nl_text else "")
                    + provenance(f.credit, int(f.year), bool(f.is_derived), bool(f.is_demo)))

notes_block(gemeente_notes(indicators=shown, year=jaar))  # the gemeente's own notes on these figures
missing = [figures.at[g[0], "label_nl"] for g in HEADLINES
           if g[0] in figures.index and figures.at[g[0], "status"] not in ("value", "suppressed")
           and not any(i in shown for i in g)]
if missing:
    st.caption("Niet gepubliceerd voor dit jaar: " + ", ".join(missing) + ".")

st.subheader("Jeugdzorg door de jaren")
jz = run_query("youthcare_trend", gemeente=gemeente)
series_sentences = youthcare_series_sentences(naam, gemeente, jz)
if series_sentences:
    st.markdown("\n".join(f"- {s}" for s in series_sentences))
    st.caption("Aandeel van alle jongeren tot 23 jaar met jeugdzorg. " + credits_of(jz) + ". 'Steeg' of 'daalde' "
               "alleen als het verschil buiten de 95%-marge van toeval valt. CBS veranderde in 2021 bron en "
               "definities: elke reeks apart, nooit over de breuk heen. De kerncijfers hierboven komen uit de Kerncijfers "
               "wijken en buurten (een andere CBS-publicatie) en kunnen iets afwijken; zie Over de data.")
    st.page_link("views/trends.py", label="De grafiek 2015–2024 staat op Preventie en zorg", icon=":material/show_chart:")
years_with_value = trend[(trend.code == gemeente) & (trend.status == "value")]
if len(years_with_value) > 1:
    first, last = years_with_value.iloc[0], years_with_value.iloc[-1]
    change = "gestegen" if last.value > first.value else ("gedaald" if last.value < first.value else "gelijk gebleven")
    title = (f"Jeugdzorg in {naam} {change}: van {fmt_value(first.value, '%', 1)} ({first.year}) "
             f"naar {fmt_value(last.value, '%', 1)} ({last.year})")
    chart_block(figure(trend_lines, trend, title, "% van jongeren tot 23 jaar", 1), trend.drop(columns=["privacy_kind"]),
                unit="% van alle jongeren tot 23 jaar met jeugdzorg in natura", credits=credits_of(trend),
                is_demo=False, key="overzicht_trend", file_name=f"jeugdzorg_{gemeente}",
                note="Nederland: alleen 2021, berekend als gewogen gemiddelde van alle gemeenten.", indicators=["jeugdzorg_pct"])
elif not series_sentences:
    st.info(f"Voor {naam} bevat de meegeleverde open data geen reeks over meerdere jaren: CBS publiceerde voor "
            "deze gemeente geen jeugdzorgcijfers in de gebruikstabellen. Een verversing vanuit CBS vult aan wat er is.")

st.divider()
st.caption("Voor de vergadering: de kerncijfers, grafieken, investeringscase (standaardaannames), bronnen en datadatum.")
export_buttons(gemeente, naam, jaar, defaults_from(run_query("investment_defaults", gemeente=gemeente))[0],
               run_query("build_info").iloc[0].release_id, key="overzicht_export")
