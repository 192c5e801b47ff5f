"""The Streamlit building blocks of the pages (Streamlit calls only; data and figures come in ready).

One job: rendering shared by the pages. This module holds the helpers every page uses; the larger
page sections live beside it (``ui.expected``: expected youth care; ``ui.spending``: Iv3 spending)
and so does sign-in (``ui.signin``: who uses this session, the audit trail on the Data page).

Every chart in the product goes through ``chart_block``: the figure (its title states the
finding), then the unit and source line, the demo label where demo data is shown, and a
download of exactly the data behind the chart.

May import: ``reports`` (the exports), ``charts``, ``queries``, ``analysis``, ``formatting`` and
everything below them (tests/test_layers.py); never ``views`` or ``dashboard``.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from charts import DEMO_LABEL, CompactDeck, fit_title, freeze
from charts.export import csv_bytes, xlsx_bytes
from charts.notes import applicable, note_lines, with_notes
from charts.text import chart_summary, chart_table
from queries import data_version, run_query


def chart_block(fig, data: pd.DataFrame, *, unit: str, credits: str, is_demo: bool, key: str,
                file_name: str, note: str = "", indicators=None, year: int | None = None,
                data_key: tuple | None = None) -> None:
    """A plotly figure with its unit, source, demo label, text alternative and CSV/Excel download of its data.

    The gemeente's own notes on the figure (toelichtingen) go under it and into the download: those of the
    ``indicators`` shown (default: the data's ``indicator_id``), of ``year`` when the data has no year column.
    ``data_key``: the choices the data follows from (with the warehouse version added), so that its table and
    download are found without hashing the data on every rerun; as for ``figure``, the caller vouches for it.
    """
    if is_demo:
        st.caption(f":material/science: **{DEMO_LABEL}.**")
    st.plotly_chart(fit_title(fig), key=key)  # a long title wraps instead of running off the edge (once: see figure)
    st.caption(f"Eenheid: {unit}. {credits}." + (f" {note}" if note else ""))
    notes = gemeente_notes(data, indicators, year)
    notes_block(notes)
    known = (file_name, data_version(), data_key) if data_key is not None and notes.empty else None
    text_alternative(fig, data, unit=unit, key=key, data_key=known)
    downloads(with_notes(data, notes, st.session_state.get("gemeente_naam", "")), key=key, file_name=file_name,
              data_key=known)


def figure(builder, *args, key: tuple | None = None, large: bool = False, **kwargs):
    """``builder(*args, **kwargs)`` — a plotly figure, or a tuple that starts with one — made once per distinct
    arguments (DataFrames by content) and shared, read-only, by every rerun and session.

    Building a plotly figure costs tens of milliseconds on every rerun; the arguments are the query results and
    choices it is drawn from, so equal arguments give the equal figure. The title is wrapped here (``fit_title``),
    so ``chart_block`` changes nothing in it; nobody may change a figure this returns. ``key``: the choices the
    arguments follow from (gemeente, year, indicator …; the warehouse version is added), so that large DataFrames
    need not be hashed on every rerun — the caller vouches that equal keys mean equal arguments. ``large`` (with a
    key): a map of every gemeente holds ~2 MB with its JSON, so fewer of those are kept.
    """
    name = f"{builder.__module__}.{builder.__qualname__}"
    if key is not None:
        return (_large_by_key if large else _figure_by_key)(name, (data_version(), key), builder, args, kwargs)
    return _figure(name, builder, args, kwargs)


@st.cache_resource(show_spinner=False, max_entries=300, ttl="1h")
def _figure(name: str, _builder, args: tuple, kwargs: dict):
    return _made(_builder, args, kwargs)


def _made(builder, args: tuple, kwargs: dict):
    made = builder(*args, **kwargs)
    fig = made[0] if isinstance(made, tuple) else made
    if isinstance(fig, CompactDeck):  # a map: its JSON is made once
        freeze(fig)
        return made
    fit_title(fig)
    fig._summaries = {}  # chart_summary per unit, filled by text_alternative
    return made


@st.cache_resource(show_spinner=False, max_entries=300, ttl="1h")
def _figure_by_key(name: str, key: tuple, _builder, _args: tuple, _kwargs: dict):
    return _made(_builder, _args, _kwargs)


@st.cache_resource(show_spinner=False, max_entries=24, ttl="1h")
def _large_by_key(name: str, key: tuple, _builder, _args: tuple, _kwargs: dict):
    return _made(_builder, _args, _kwargs)


def gemeente_notes(data: pd.DataFrame | None = None, indicators=None, year: int | None = None) -> pd.DataFrame:
    """The chosen gemeente's notes (toelichtingen) that belong to a figure of this data or these indicators."""
    gemeente = st.session_state.get("gemeente")
    if not gemeente:
        return pd.DataFrame()
    return applicable(run_query("toelichting_by_gemeente", gemeente=gemeente), data, indicators, year)


def notes_block(notes: pd.DataFrame) -> None:
    """The gemeente's own notes under a figure, marked as such; the text through st.text: never markdown, HTML or a link."""
    for heading, body in note_lines(notes, st.session_state.get("gemeente_naam", "")):
        with st.container(border=True):
            st.markdown(f":material/edit_note: **{_plain(heading)}.**")
            st.text(body)


def text_alternative(fig, data: pd.DataFrame, *, unit: str, key: str, data_key: tuple | None = None) -> None:
    """WCAG 1.1.1: one sentence on what the chart shows, and the data as a real table (for screen readers)."""
    memo = getattr(fig, "_summaries", None)  # a shared figure (see figure) keeps its sentence
    if memo is None or unit not in memo:
        summary = chart_summary(fig, unit)
        if memo is None:
            memo = {}
        memo[unit] = summary
    st.markdown(_plain(memo[unit]))
    with st.expander("Tabel bij de grafiek", icon=":material/table:"):
        table = _chart_table(data) if data_key is None else _chart_table_by_key(data_key, data)
        if len(data) > len(table):
            st.caption(f"De eerste {len(table)} van {len(data)} rijen; alle rijen staan in de download.")
        st.table(table, border="horizontal")


def downloads(data: pd.DataFrame, *, key: str, file_name: str, data_key: tuple | None = None) -> None:
    """Two small buttons: the data as CSV and as Excel (``data_key``: see chart_block)."""
    csv, xlsx = _download_files(data) if data_key is None else _download_files_by_key(data_key, data)
    with st.container(horizontal=True):
        st.download_button("CSV", csv, f"{file_name}.csv", "text/csv", key=f"{key}_csv",
                           icon=":material/download:")
        st.download_button("Excel", xlsx, f"{file_name}.xlsx", key=f"{key}_xlsx",
                           icon=":material/download:")


@st.cache_data(show_spinner=False, max_entries=500)
def _download_files(data: pd.DataFrame) -> tuple[bytes, bytes]:
    """CSV and Excel of a chart's data, made once per data (an Excel file costs ~25 ms every rerun)."""
    return csv_bytes(data), xlsx_bytes(data)


@st.cache_data(show_spinner=False, max_entries=500)
def _chart_table(data: pd.DataFrame) -> pd.DataFrame:
    return chart_table(data)


@st.cache_data(show_spinner=False, max_entries=500, ttl="1h")
def _download_files_by_key(key: tuple, _data: pd.DataFrame) -> tuple[bytes, bytes]:
    return csv_bytes(_data), xlsx_bytes(_data)


@st.cache_data(show_spinner=False, max_entries=500, ttl="1h")
def _chart_table_by_key(key: tuple, _data: pd.DataFrame) -> pd.DataFrame:
    return chart_table(_data)


def credits_of(df: pd.DataFrame) -> str:
    """The distinct source credits behind a result, joined; CBS when there is none."""
    if "credit" not in df.columns:
        return "Bron: CBS"
    return " · ".join(sorted(df["credit"].dropna().unique())) or "Bron: CBS"


def url_number(label: str, *, key: str, url: str, default: float, min_value: float, max_value: float,
               step: float, help: str, fmt: str = "%g", container=st) -> float:
    """A number input whose value lives in the URL (?<url>=…), so a shared link restores it."""
    params = st.query_params
    if key not in st.session_state:
        try:
            wanted = float(params[url]) if url in params else default
        except ValueError:
            wanted = default
        st.session_state[key] = min(max(wanted, min_value), max_value)
    value = container.number_input(label, min_value=min_value, max_value=max_value, step=step, key=key,
                                   help=help, format=fmt)
    params[url] = f"{value:g}"
    return value


@st.cache_data(show_spinner=False, max_entries=50)
def _export_files(gemeente: str, jaar: int, scenario, release: str, effect: bool = False) -> dict[str, bytes]:
    """The deck and the one-pager (reports.export); cached per view and data release."""
    from reports import export
    return export(gemeente, jaar, scenario, effect=effect)


def export_buttons(gemeente: str, naam: str, jaar: int, scenario, release: str, key: str, effect: bool = False) -> None:
    """'Maak presentatie': a PowerPoint deck and a one-page PDF of this view, for the meeting.
    ``effect``: with the chart and sentence of Werkt het? (issue 21)."""
    if st.button("Maak presentatie (PowerPoint en PDF)", key=f"{key}_maak", icon=":material/slideshow:"):
        with st.spinner("Presentatie maken: cijfers, grafieken en bronnen …"):
            _export_files(gemeente, jaar, scenario, release, effect)  # made under the spinner, cached for the buttons
            st.session_state[f"{key}_klaar"] = (gemeente, jaar, scenario)  # the choice, not the files
    if st.session_state.get(f"{key}_klaar") == (gemeente, jaar, scenario):
        files = _export_files(gemeente, jaar, scenario, release, effect)
        left, right, _ = st.columns([1, 1, 2])
        left.download_button("PowerPoint", files["pptx"], f"vroeg_doen_{gemeente}_{jaar}.pptx", key=f"{key}_pptx",
                             icon=":material/download:")
        right.download_button("PDF (1 pagina)", files["pdf"], f"vroeg_doen_{gemeente}_{jaar}.pdf", "application/pdf",
                              key=f"{key}_pdf", icon=":material/download:")


@st.cache_data
def project_doc(name: str) -> str:
    """The text of docs/<name>.md (long explanations a page renders, kept out of the page file)."""
    from settings import ROOT
    return (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")


def check_upload(data: bytes, file_name: str, kind: str):
    """Check an uploaded file with visible progress; the Validation, or None when it is refused whole."""
    from orgdata import store as orgstore
    from orgdata.importer import ImportRefused, check_file

    with st.status("Bestand controleren …", expanded=False) as status:
        bar = st.progress(0.0)

        def step(fraction: float, label: str) -> None:
            bar.progress(fraction, text=label)
            status.update(label=label)
        try:
            validation = check_file(data, file_name, kind, orgstore.context_from_warehouse(), progress=step)
        except ImportRefused as exc:
            status.update(label="Geweigerd", state="error", expanded=False)
            st.error(f"**Geweigerd.** {exc}", icon=":material/block:")
            return None
        status.update(label="Gecontroleerd", state="complete", expanded=False)
    return validation


def _plain(text: str) -> str:
    """Text shown through st.markdown as it is: no emphasis, no LaTeX, no links from data."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+!|$<>~" else ch for ch in text)


def area_picker(df: pd.DataFrame, level: str, *, key: str, container=st) -> str | None:
    """The map's keyboard route (WCAG 2.1.1): choose a gemeente or wijk from a list; its code, or None."""
    names = dict(zip(df["code"], df["name"]))
    label = ("Of kies een gemeente uit de lijst" if level == "gemeente"
             else "Of kies een wijk uit de lijst voor zijn profiel")
    return container.selectbox(label, list(names), index=None, format_func=names.get, key=key,
                               placeholder="Typ een naam of kies met de pijltjestoetsen …")


FOCUS_CSS = """<style>
/* WCAG 2.4.7: the element with the keyboard focus is always visibly outlined. */
:focus-visible, [data-baseweb] :focus-visible, button:focus-visible, a:focus-visible,
input:focus-visible, [role="tab"]:focus-visible, summary:focus-visible {
  outline: 3px solid #1b6a8a !important; outline-offset: 2px !important;
}
input:focus, textarea:focus { outline: 3px solid #1b6a8a !important; outline-offset: 1px !important; }
/* WCAG 1.4.3: Streamlit draws captions at 60% opacity (3,9:1 on white); #595959 at full opacity is 7:1. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #595959 !important; opacity: 1 !important; }
</style>"""


def accessibility_styles() -> None:
    """Page-wide styles for accessibility (a fixed stylesheet, no data in it)."""
    st.html(FOCUS_CSS)
