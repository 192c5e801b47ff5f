"""Wijken side by side: the profile table, a ranking, need against reach, and a comparison.

In the sortable table a hidden cell keeps a place in the order: CBS-secret and suppressed small
counts sort just below zero (they are small numbers), shown as 'geheim' and '<5'; unknown sorts below every
figure and is '–' (Streamlit draws an empty cell as "None" whatever the Styler says, so the table never holds one).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from charts import LINE_COLOURS, comparable_with_nl
from formatting import fmt_value, status_text

# Sort keys for hidden and unknown cells, never shown as numbers. Just below zero, but no figure can equal them: a
# difference with the expected use is negative and rounded to 0,01 (-0,25 and -0,5 were real values, shown 'geheim').
SECRET, SUPPRESSED, MISSING = -2.5e-9, -5e-9, -1e15
HIDDEN = [SECRET, SUPPRESSED, MISSING]
THEME_ORDER = {"specialistische zorg": 0, "preventie": 1, "signalen": 2, "context": 3, "uitgaven": 4}
QUADRANT_COLOURS = {"blinde vlek": "#D55E00", "bereikt waar nodig": "#0072B2",
                    "weinig behoefte, veel bereik": "#56B4E9", "weinig behoefte, weinig bereik": "#9a9a9a"}


def profile_wide(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Wijken (and the gemeente) × indicators as numbers with sort keys for hidden cells, and the
    indicator metadata (label, unit, decimals) in column order."""
    keyed = df.assign(sort_value=np.select([df["status"] == "secret", df["status"] == "suppressed"],
                                           [SECRET, SUPPRESSED], df["value"]))
    wide = keyed.pivot(index=["code", "name", "level"], columns="indicator_id", values="sort_value").reset_index()
    wide.columns.name = None
    meta = df.drop_duplicates("indicator_id").set_index("indicator_id")[["label_nl", "unit", "decimals", "theme"]]
    meta = meta.assign(order=meta["theme"].map(THEME_ORDER).fillna(9)).sort_values(["order", "label_nl"])
    in_wijken = set(df.loc[df["level"] == "wijk", "indicator_id"])  # gemeente-only figures stay out
    columns = [c for c in meta.index if c in wide.columns and c in in_wijken]
    return wide[["code", "name", "level"] + columns], meta.loc[columns]


# The table opens on the figures a wethouder asks about first; the rest is a choice away (and always in the download).
KEY_INDICATORS = ["jeugdzorg_pct", "jzw_pct", "jzw_pct_hj1", "jzw_aantal", "jzw_aantal_hj1", "jeugdzorg_verschil_verwacht",
                  "kinderen_0_15", "huish_sociaal_minimum_pct", "bijstand_per_1000"]
COLUMN_SETS = {"kern": "Kerncijfers", "jeugdzorg": "Jeugdzorg en verwijzers", "context": "Bevolking, inkomen en wonen",
               "alle": "Alle cijfers"}


def table_columns(meta: pd.DataFrame, choice: str) -> list[str]:
    """The indicators (in meta's order) of one column set of the wijk table (COLUMN_SETS).

    kern: the key youth-care and context figures and every organisation figure (preventie, signalen, uitgaven);
    jeugdzorg: every figure of specialist care; context: population, income and housing; alle: every figure.
    """
    theme = meta["theme"]
    keep = {"kern": meta.index.isin(KEY_INDICATORS) | theme.isin(["preventie", "signalen", "uitgaven"]),
            "jeugdzorg": theme == "specialistische zorg", "context": theme == "context"}.get(choice)
    return list(meta.index if keep is None else meta.index[keep])


def numbers_only(wide: pd.DataFrame) -> pd.DataFrame:
    """The wijken with hidden cells as unknown (NaN), indexed by code: input for analysis."""
    out = wide[wide["level"] == "wijk"].set_index("code").drop(columns="level")
    numeric = out.columns.drop("name")
    out[numeric] = out[numeric].where(~out[numeric].isin(HIDDEN))
    return out


def has_figure(values: pd.Series) -> pd.Series:
    """True where a cell holds a figure: not hidden, not unknown (a figure may be negative)."""
    return values.notna() & ~values.isin(HIDDEN)


def cell_text(value: float, unit: str, decimals: int) -> str:
    """A table cell: the figure with its unit, or why there is none (geheim, klein aantal, –)."""
    if pd.isna(value) or value == MISSING:
        return "–"
    if value == SECRET:
        return status_text("secret", unit)
    if value == SUPPRESSED:
        return status_text("suppressed", unit)
    return fmt_value(value, unit, decimals)


def profile_table(wide: pd.DataFrame, meta: pd.DataFrame):
    """A pandas Styler of meta's indicators (in its order): numbers for sorting, Dutch text for reading; the gemeente
    row on top."""
    ordered = pd.concat([wide[wide["level"] == "gemeente"], wide[wide["level"] == "wijk"]])
    ordered = ordered[["code", "name", *meta.index]].fillna({i: MISSING for i in meta.index})  # empty reads "None"
    table = ordered.rename(columns={"name": "wijk"})
    labels = {i: f"{meta.at[i, 'label_nl']} ({meta.at[i, 'unit']})" for i in meta.index}
    formats = {labels[i]: (lambda v, u=meta.at[i, "unit"], d=int(meta.at[i, "decimals"]): cell_text(v, u, d))
               for i in meta.index}
    return table.rename(columns=labels).style.format(formats, na_rep="–")


def download_frame(wide: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """The table for download: numbers, with hidden cells empty and a note of why."""
    out = wide.copy()
    for i in meta.index:
        hidden = out[i].isin(HIDDEN)
        out[i] = out[i].where(~hidden)
    return out.rename(columns={i: f"{meta.at[i, 'label_nl']} ({meta.at[i, 'unit']})" for i in meta.index})


def ranking_bar(wide: pd.DataFrame, indicator: str, meta: pd.DataFrame, highlight: str | None,
                title: str) -> go.Figure:
    """Wijken ranked on one indicator (hidden and unknown cells left out), the chosen wijk marked."""
    unit, decimals = meta.at[indicator, "unit"], int(meta.at[indicator, "decimals"])
    rows = wide[(wide["level"] == "wijk") & has_figure(wide[indicator])].sort_values(indicator)
    gem = wide.loc[wide["level"] == "gemeente", indicator]
    colours = [LINE_COLOURS["gemeente"] if c != highlight else "#e67e22" for c in rows["code"]]
    fig = go.Figure(go.Bar(x=rows[indicator], y=rows["name"], orientation="h", marker_color=colours,
                           customdata=[fmt_value(v, unit, decimals) for v in rows[indicator]],
                           hovertemplate="%{y}: %{customdata}<extra></extra>"))
    label = str(meta.at[indicator, "label_nl"])
    # The gemeente's line only where its figure is on the wijken's scale: a share, rate or average, not a count (the
    # gemeente's 22.555 jongeren pressed Amsterdam's wijken, 25 to 630 each, into the left edge).
    if has_figure(gem).any() and (comparable_with_nl(unit, label) or "gemiddeld" in label.lower()):
        fig.add_vline(x=gem.iloc[0], line_dash="dot", line_color="#555",
                      annotation_text=f"gemeente: {fmt_value(gem.iloc[0], unit, decimals)}")
    fig.update_layout(title={"text": title, "font": {"size": 16}}, separators=",.", height=max(320, 18 * len(rows) + 120),
                      margin={"l": 10, "r": 10, "t": 60, "b": 10}, xaxis_title=unit, yaxis_title="")
    return fig


def quadrant(nr: pd.DataFrame, highlight: str | None, title: str) -> go.Figure:
    """Need (x) against reach (y) per wijk, split at the medians; blinde vlekken named."""
    fig = px.scatter(nr.reset_index(), x="need", y="reach", color="quadrant", hover_name="name",
                     color_discrete_map=QUADRANT_COLOURS,
                     labels={"need": "behoefte-index (0 = gemiddelde wijk)", "reach": "bereik kinderwerk (%)",
                             "quadrant": ""})
    fig.add_vline(x=nr["need"].median(), line_dash="dot", line_color="#999")
    fig.add_hline(y=nr["reach"].median(), line_dash="dot", line_color="#999")
    named = nr[(nr["quadrant"] == "blinde vlek") | (nr.index == highlight)]
    for code, x, y, name in zip(named.index, named["need"], named["reach"], named["name"]):
        fig.add_annotation(x=x, y=y, text=name, showarrow=True, arrowhead=0,
                           font={"size": 11, "color": "#e67e22" if code == highlight else "#c0392b"})
    fig.update_traces(marker={"size": 11, "line": {"width": 0.5, "color": "#333"}})
    fig.update_layout(title={"text": title, "font": {"size": 16}}, separators=",.", height=480,
                      margin={"l": 10, "r": 10, "t": 60, "b": 10}, legend={"orientation": "h", "y": -0.18})
    return fig


def side_by_side(wide: pd.DataFrame, meta: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """The chosen wijken and the gemeente as columns, every indicator as a row, in Dutch text."""
    chosen = pd.concat([wide[wide["level"] == "gemeente"], wide[wide["code"].isin(codes)]]).set_index("code")
    table = pd.DataFrame({f"{chosen.at[code, 'name']} ({code})": [
        cell_text(chosen.at[code, i], meta.at[i, "unit"], int(meta.at[i, "decimals"])) for i in meta.index]
        for code in chosen.index},
        index=[f"{meta.at[i, 'label_nl']} ({meta.at[i, 'unit']})" for i in meta.index])
    return table.rename_axis("indicator").reset_index()


def blind_spot_sentence(nr: pd.DataFrame, naam: str) -> str:
    """The sentence that names the wijken with much need and little kinderwerk reach."""
    spots = nr[nr["quadrant"] == "blinde vlek"]["name"].tolist()
    if not spots:
        return f"In {naam} bereikt het kinderwerk de wijken met de meeste behoefte: geen blinde vlekken"
    listed = ", ".join(spots[:4]) + (f" en {len(spots) - 4} meer" if len(spots) > 4 else "")
    return f"Blinde vlekken in {naam}: veel behoefte, weinig bereik in {listed}"


def ranking_title(wide: pd.DataFrame, indicator: str, meta: pd.DataFrame) -> str:
    """The title of the ranking: which wijk has the highest and which the lowest figure."""
    rows = wide[(wide["level"] == "wijk") & has_figure(wide[indicator])]
    if rows.empty:
        return meta.at[indicator, "label_nl"]
    top = rows.loc[rows[indicator].idxmax()]
    low = rows.loc[rows[indicator].idxmin()]
    unit, d = meta.at[indicator, "unit"], int(meta.at[indicator, "decimals"])
    return (f"{meta.at[indicator, 'label_nl']}: hoogst in {top['name']} ({fmt_value(top[indicator], unit, d)}), "
            f"laagst in {low['name']} ({fmt_value(low[indicator], unit, d)})")

