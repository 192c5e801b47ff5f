"""The gemeente's own notes (toelichtingen) under the figures they explain: which apply, and their line.

Pure: the published notes (query ``toelichting_by_gemeente``) and a figure's data in, the notes that
belong to it and their text out. A note applies to a figure when its indicator is shown, its year
(if it has one) is among the figure's years, and its wijk (if it has one) among the figure's areas.
``ui.chart_block`` puts them under every chart, the exports in the deck and one-pager.
"""
from __future__ import annotations

import pandas as pd

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
AREA_COLUMNS = ("code", "region_code", "wijk_code")
NOTE_COLUMN = "toelichting_gemeente"


def applicable(notes: pd.DataFrame, data: pd.DataFrame | None = None, indicators=None,
               year: int | None = None) -> pd.DataFrame:
    """The notes that belong to a figure of ``indicators`` (default: the data's ``indicator_id``).

    ``year``: the one year the figure shows, when its data has no ``year`` column.
    """
    if notes is None or notes.empty:
        return notes.iloc[0:0] if notes is not None else pd.DataFrame()
    data = data if data is not None else pd.DataFrame()
    if indicators is None:
        indicators = data["indicator_id"].dropna().unique() if "indicator_id" in data.columns else []
    keep = notes["indicator_id"].isin(list(indicators))
    years = set(data["year"].dropna().astype(int)) if "year" in data.columns else ({year} if year else set())
    keep &= notes["year"].isna() | notes["year"].isin(years)
    areas = set().union(*(set(data[c].dropna()) for c in AREA_COLUMNS if c in data.columns)) if len(data) else set()
    keep &= notes["wijk_code"].isna() | notes["wijk_code"].isin(areas)
    return notes[keep]


def written_on(moment) -> str:
    """'6 december 2026'."""
    moment = pd.Timestamp(moment)
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def note_heading(note, naam: str) -> str:
    """What the note is about and who wrote it when: 'jeugdzorg (2022, wijk Haven) — beheerder, 6 december 2026'."""
    about = [str(int(note.year))] if pd.notna(note.year) else []
    if isinstance(note.wijk_code, str) and note.wijk_code:
        about.append(f"wijk {note.wijk_name or note.wijk_code}")
    label = (note.label_nl or note.indicator_id) + (f" ({', '.join(about)})" if about else "")
    role = "de beheerder" if note.author_role == "beheerder" else f"de gemeente {naam}"
    return f"Toelichting van de gemeente {naam} bij {label.lower()[:1] + label[1:]}: geschreven door {role}, " \
           f"{written_on(note.written_at)}"


def note_lines(notes: pd.DataFrame, naam: str) -> list[tuple[str, str]]:
    """(heading, text) per note, for a page or an export; the text is the note as stored (plain)."""
    return [(note_heading(n, naam), n.body) for n in notes.itertuples(index=False)]  # a few notes, not data rows


def with_notes(data: pd.DataFrame, notes: pd.DataFrame, naam: str) -> pd.DataFrame:
    """The data of a download with the notes that apply in a column ``toelichting_gemeente``.

    Rows of an indicator get that indicator's notes (year and wijk matched where the data has them);
    data without an indicator column gets every applicable note on every row.
    """
    if notes is None or notes.empty:
        return data
    out = data.copy()
    texts = pd.Series("", index=out.index, dtype="object")
    for note in notes.itertuples(index=False):  # a few notes: one vectorised mask each
        mask = pd.Series(True, index=out.index)
        if "indicator_id" in out.columns:
            mask &= out["indicator_id"] == note.indicator_id
        if pd.notna(note.year) and "year" in out.columns:
            mask &= out["year"] == note.year
        if isinstance(note.wijk_code, str) and note.wijk_code:
            cols = [c for c in AREA_COLUMNS if c in out.columns]
            mask &= out[cols].eq(note.wijk_code).any(axis=1) if cols else False
        line = f"{note.body} ({note_heading(note, naam).split(': ', 1)[1]})"
        texts[mask] = texts[mask].where(texts[mask] == "", texts[mask] + " | ") + line
    out[NOTE_COLUMN] = texts
    return out
