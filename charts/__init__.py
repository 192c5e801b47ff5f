"""Figure and map builders: DataFrame in, figure or deck out. No SQL, no Streamlit calls.

One job: turn the rows a query returns into a figure, map layer, sentence or table; one module per
subject. One colour scale for every map (yellow → blue, darker = higher), and two fixed greys that can
never be mistaken for a low value: dark grey for a cell CBS kept secret, light grey for no data.

May import: ``settings``, ``formatting``, ``analysis`` and the data contract (``orgdata.contract``);
never Streamlit, DuckDB or ``queries`` (pure: tests/test_layers.py checks it in a fresh interpreter).
"""
from __future__ import annotations

import functools
import html
import json
import math
import re
import threading
import weakref

import mapclassify
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import shapely

from formatting import fmt_nl, fmt_value, short_value, status_text
from settings import min_count

PALETTE = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]  # ColorBrewer YlGnBu: one hue run, light to dark
# Indicators around zero (a difference with the expectation, issue 11): blue below, grey around zero, red above.
DIVERGING_PALETTE = ["#2166ac", "#92c5de", "#f0f0f0", "#f4a582", "#b2182b"]
DIVERGING = {"jeugdzorg_verschil_verwacht"}
# With a ``verdict`` per area (expected_by_wijk), the difference is coloured by whether the observed share lies
# outside the 95% interval: the map then says the same as Wijken vergelijken, not how far from zero a value is.
VERDICT_COLOURS = {"minder dan verwacht": "#2166ac", "binnen verwachting": "#f7f7f7", "meer dan verwacht": "#b2182b"}
VERDICT_LABELS = {"minder dan verwacht": "Minder jeugdzorg dan verwacht (onder het 95%-interval)",
                  "binnen verwachting": "Binnen het 95%-interval: geen duidelijk verschil",
                  "meer dan verwacht": "Meer jeugdzorg dan verwacht (boven het 95%-interval)"}
# Categories (Okabe & Ito): told apart with every common colour-vision deficiency, never red against
# green; tests/test_hardening.py simulates protanopia, deuteranopia and tritanopia on every set.
CVD_SAFE = {"blue": "#0072B2", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "vermillion": "#D55E00",
            "purple": "#CC79A7", "wine": "#882255"}
SECRET_COLOUR = "#7a7a7a"
MISSING_COLOUR = "#e4e4e4"
LINE_COLOURS = {"gemeente": "#1b6a8a", "NL": "#9a9a9a"}
BLANK_STYLE = "/app/static/blank_style.json"  # served locally: the map needs no network
NL_VIEW = pdk.ViewState(latitude=52.2, longitude=5.3, zoom=6.2)


DEMO_LABEL = "Voorbeelddata — gegenereerd, geen echte cijfers"


# --- maps -----------------------------------------------------------------------------------

class CompactDeck(pdk.Deck):
    """pydeck pretty-prints its JSON; compact JSON is ~3× smaller on the wire."""

    def to_json(self):  # noqa: D102 - same contract as pydeck's
        """The deck's JSON without spaces (the same contract as pydeck's); made once for a frozen deck."""
        if self in _FROZEN and _FROZEN[self] is not None:
            return _FROZEN[self]
        made = json.dumps(json.loads(super().to_json()), separators=(",", ":"))
        with _FROZEN_LOCK:
            if self in _FROZEN:
                _FROZEN[self] = made
        return made


_FROZEN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # deck -> its JSON (None until first asked)
_FROZEN_LOCK = threading.Lock()


def freeze(deck: CompactDeck) -> CompactDeck:
    """Mark a deck as finished (shared, never changed again): its JSON is then serialised once, not on every
    rerun (pydeck walks a map of 342 gemeenten in ~0,1 s)."""
    with _FROZEN_LOCK:
        _FROZEN.setdefault(deck, None)
    return deck


def classify(values: pd.Series, k: int = 5) -> tuple[np.ndarray, list[float]]:
    """Class index per value (Fisher-Jenks natural breaks) and the upper bound of each class."""
    present = values.dropna()
    if present.empty:
        return np.full(len(values), -1), []
    n_unique = present.nunique()
    if n_unique <= k:
        bins = sorted(present.unique().tolist())
    else:
        bins = list(_jenks_bins(np.sort(present.to_numpy(dtype=float)).tobytes(), k))
    idx = np.searchsorted(np.asarray(bins), values.fillna(np.inf).to_numpy(), side="left")
    idx = np.where(values.isna().to_numpy(), -1, np.minimum(idx, len(bins) - 1))
    return idx, bins


@functools.lru_cache(maxsize=256)
def _jenks_bins(sorted_values: bytes, k: int) -> tuple[float, ...]:
    """Fisher-Jenks breaks, computed once per set of values (so once per indicator, year and level).

    mapclassify runs Fisher-Jenks in pure Python without numba (~0,1 s for 342 gemeenten, longer
    for thousands of wijken); a rerun of the same map must not pay that again. Keyed on the sorted
    values themselves, so new figures after an import or a rebuild get new breaks.
    """
    return tuple(mapclassify.FisherJenks(np.frombuffer(sorted_values, dtype=float), k=k).bins.tolist())


def diverging_classes(values: pd.Series) -> tuple[np.ndarray, list[float]]:
    """Five classes symmetric around zero (upper bounds at -0.6, -0.2, 0.2, 0.6 and 1 × the largest |value|)."""
    present = values.dropna()
    if present.empty:
        return np.full(len(values), -1), []
    top = float(present.abs().max()) or 1.0
    bins = [-0.6 * top, -0.2 * top, 0.2 * top, 0.6 * top, top]
    idx = np.searchsorted(np.asarray(bins), values.fillna(np.inf).to_numpy(), side="left")
    return np.where(values.isna().to_numpy(), -1, np.minimum(idx, len(bins) - 1)), bins


def legend_items(bins: list[float], unit: str, decimals: int, statuses: set[str],
                 palette: list[str] = PALETTE) -> list[tuple[str, str]]:
    """(colour, Dutch label) pairs for the legend, lowest class first."""
    items = []
    lower = None
    for i, upper in enumerate(bins):
        colour = palette[round(i * (len(palette) - 1) / max(len(bins) - 1, 1))]
        if lower is None or len(bins) == 1:
            label = f"t/m {fmt_value(upper, unit, decimals)}"
        else:
            label = f"{fmt_value(lower, unit, decimals)} – {fmt_value(upper, unit, decimals)}"
        items.append((colour, label))
        lower = upper
    if "secret" in statuses:
        items.append((SECRET_COLOUR, "Geheim: CBS publiceert dit kleine aantal niet"))
    if "suppressed" in statuses:
        items.append((SECRET_COLOUR, f"Klein aantal (<{min_count()}): niet getoond"))
    if "missing" in statuses:
        items.append((MISSING_COLOUR, "Geen gegevens"))
    return items


def legend_html(items: list[tuple[str, str]], title: str) -> str:
    """A small legend: coloured squares with their labels (all text escaped)."""
    rows = "".join(
        f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
        f'<span style="width:16px;height:16px;background:{c};border:1px solid #555;display:inline-block"></span>'
        f"<span>{html.escape(t)}</span></div>" for c, t in items)
    return (f'<div data-testid="vd-legend" style="font-size:0.85rem;font-family:sans-serif">'
            f"<b>{html.escape(title)}</b>{rows}</div>")


def _hex_to_rgb(colour: str) -> list[int]:
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)] + [235]


def _view(df: pd.DataFrame, width: int = 700, height: int = 560) -> pdk.ViewState:
    """A view that fits the areas' outlines in a map of about ``width`` × ``height`` pixels."""
    bounds = shapely.bounds(shapely.from_geojson(df["geojson"].to_numpy()))
    west, south = np.nanmin(bounds[:, 0]), np.nanmin(bounds[:, 1])
    east, north = np.nanmax(bounds[:, 2]), np.nanmax(bounds[:, 3])
    mid_lat = (south + north) / 2
    # Web Mercator: a degree of latitude takes 1/cos(lat) times the pixels of a degree of longitude.
    span = max(east - west, (north - south) / math.cos(math.radians(mid_lat)) * width / height, 0.02) * 1.08
    zoom = math.log2(width * 360 / (512 * span))  # deck.gl: the world is 512 px wide at zoom 0
    return pdk.ViewState(latitude=mid_lat, longitude=(west + east) / 2, zoom=min(round(zoom, 2), 13))


def choropleth(df: pd.DataFrame, label: str, unit: str, decimals: int, layer_id: str,
               fit: bool = False, diverging: bool = False) -> tuple[CompactDeck, list[tuple[str, str]]]:
    """A pydeck choropleth without a basemap, and its legend.

    ``df`` needs code, name, value, status and geojson (rows without geojson are skipped).
    Tooltips are Dutch: name, the figure with its unit, or why there is none. ``diverging``: classes
    symmetric around zero in a blue–red palette (for a difference, where zero means "as expected"); with a
    ``verdict`` column as well, three colours instead: below, inside or above the 95% interval (VERDICT_COLOURS).
    """
    df = df[df["geojson"].notna()].reset_index(drop=True)
    palette = DIVERGING_PALETTE if diverging else PALETTE
    idx, bins = (diverging_classes if diverging else classify)(df["value"].where(df["status"] == "value"))
    colours = [palette[round(i * (len(palette) - 1) / max(len(bins) - 1, 1))] if i >= 0 else None for i in idx]
    verdicts = df["verdict"].where(df["status"] == "value") if diverging and "verdict" in df else None
    if verdicts is not None:
        colours = [VERDICT_COLOURS.get(v) if isinstance(v, str) else None for v in verdicts]
    fill = [c if c else (SECRET_COLOUR if s in ("secret", "suppressed") else MISSING_COLOUR)
            for c, s in zip(colours, df["status"])]
    shown = [fmt_value(v, unit, decimals) if s == "value" else status_text(s, unit)
             for v, s in zip(df["value"], df["status"])]
    demo = df.get("is_demo", pd.Series(False, index=df.index)).fillna(False)
    shown = [f"{t} — voorbeelddata" if d and s == "value" else t for t, d, s in zip(shown, demo, df["status"])]
    derived = df.get("is_derived", pd.Series(False, index=df.index)).fillna(False)
    shown = [f"{t} (afgeleid)" if d and s == "value" else t for t, d, s in zip(shown, derived, df["status"])]
    if verdicts is not None:
        shown = [f"{t} — {v}" if isinstance(v, str) else t for t, v in zip(shown, verdicts)]
    features = ",".join(
        '{"type":"Feature","geometry":' + g + ',"properties":' +
        json.dumps({"code": c, "name": n, "waarde": t, "fill": _hex_to_rgb(f)}, ensure_ascii=False) + "}"
        for g, c, n, t, f in zip(df["geojson"], df["code"], df["name"], shown, fill))
    data = json.loads('{"type":"FeatureCollection","features":[' + features + "]}")
    layer = pdk.Layer("GeoJsonLayer", data=data, id=layer_id, pickable=True, stroked=True, filled=True,
                      get_fill_color="properties.fill", get_line_color=[90, 90, 90, 200],
                      line_width_min_pixels=0.5, auto_highlight=True, highlight_color=[255, 120, 0, 180])
    deck = CompactDeck(layers=[layer], initial_view_state=_view(df) if fit else NL_VIEW,
                       map_style=BLANK_STYLE, map_provider=None,
                       tooltip={"html": f"<b>{{name}}</b><br/>{html.escape(label)}: {{waarde}}",
                                "style": {"fontSize": "13px"}})
    statuses = set(df["status"])
    if verdicts is not None:
        return deck, verdict_legend(statuses)
    return deck, legend_items(bins, unit, decimals, statuses, palette)


def verdict_legend(statuses: set[str]) -> list[tuple[str, str]]:
    """The legend of a difference map coloured by verdict: all three verdicts (so red and blue are explained
    even where no wijk has them), then the grey statuses."""
    items = [(VERDICT_COLOURS[v], VERDICT_LABELS[v]) for v in VERDICT_COLOURS]
    return items + legend_items([], "", 0, statuses)


def selected_code(selection: dict | None, layer_id: str) -> str | None:
    """The code of the area clicked on the map, from Streamlit's pydeck selection state."""
    objects = ((selection or {}).get("selection") or {}).get("objects") or {}
    for obj in objects.get(layer_id, []):
        props = obj.get("properties", obj)
        if props.get("code"):
            return props["code"]
    return None


# --- charts ---------------------------------------------------------------------------------

def trend_lines(df: pd.DataFrame, title: str, unit: str, decimals: int) -> go.Figure:
    """The indicator over the years: one line per area (gemeente, NL), Dutch number format."""
    fig = go.Figure()
    for name, part in df[df["status"] == "value"].groupby("name", sort=False):
        is_nl = part["code"].iloc[0] == "NL00"
        fig.add_trace(go.Scatter(
            x=part["year"], y=part["value"], name=name, mode="lines+markers",
            line={"color": LINE_COLOURS["NL" if is_nl else "gemeente"], "width": 2 if is_nl else 3,
                  "dash": "dot" if is_nl else "solid"},
            customdata=[fmt_value(v, unit, decimals) for v in part["value"]],
            hovertemplate="%{x}: %{customdata}<extra>" + html.escape(name) + "</extra>"))
    fig.update_layout(title={"text": title, "font": {"size": 16}}, separators=",.", height=340,
                      margin={"l": 10, "r": 10, "t": 50, "b": 10}, hovermode="x unified",
                      legend={"orientation": "h", "y": -0.15}, yaxis_title=unit, yaxis_rangemode="tozero",
                      xaxis={"dtick": 1, "title": "jaar (KWB-editie)"})
    return fig


TITLE_WIDTH = 90  # characters per title line: a 16px title fits the main column of a laptop screen
TITLE_LINE_PX = 22


def wrap_title(text: str, width: int = TITLE_WIDTH) -> str:
    """A long title broken with <br> at word boundaries, each line at most ``width`` visible characters.

    Plotly does not wrap titles: a finding in one sentence ran off the right edge. Existing <br>s stay; tags such
    as <sup> count for nothing; a single word longer than ``width`` keeps its own line.
    """
    lines = []
    for part in re.split(r"<br\s*/?>", text or ""):
        line, seen = "", 0
        for word in part.split():
            length = len(re.sub(r"<[^>]+>", "", word))
            if line and seen + 1 + length > width:
                lines.append(line)
                line, seen = "", 0
            line, seen = (f"{line} {word}", seen + 1 + length) if line else (word, length)
        lines.append(line)
    return "<br>".join(lines)


def fit_title(fig: go.Figure, width: int = TITLE_WIDTH) -> go.Figure:
    """Wrap the figure's title (wrap_title) and make room for the lines it adds: a taller top margin and figure."""
    before = fig.layout.title.text
    if not before:
        return fig
    after = wrap_title(before, width)
    if after == before:  # already fits (or already wrapped): the figure stays as it is
        return fig
    added = after.count("<br>") - len(re.findall(r"<br\s*/?>", before))
    fig.update_layout(title_text=after)
    if added > 0:
        extra = added * TITLE_LINE_PX
        top = fig.layout.margin.t if fig.layout.margin.t is not None else 80  # plotly's default top margin
        fig.update_layout(margin_t=top + extra)
        if fig.layout.height is not None:
            fig.update_layout(height=fig.layout.height + extra)
    return fig


def provenance(credit: str, year: int, is_derived: bool, is_demo: bool) -> str:
    """The line under a figure: source, year, and whether it is real, derived or demo."""
    kind = "voorbeelddata (geen echte cijfers)" if is_demo else ("afgeleid cijfer" if is_derived else "CBS-cijfer")
    return f"{credit} · {year} · {kind}"


def comparable_with_nl(unit: str, label: str = "") -> bool:
    """True for shares, rates and per-inwoner figures; a count (inwoners, kinderen, trajecten, euro) is not.

    A gemeente's count set against the national count says only that the gemeente is smaller than the country.
    """
    text = f"{unit} {label}".lower()
    return unit.startswith("%") or any(p in text for p in ("per 1.000", "per 100.000", "per inwoner", "per km²"))


def comparison(value: float, nl_value: float | None, nl_year, year: int, unit: str, decimals: int,
               label: str = "") -> str | None:
    """'0,8 procentpunt hoger dan NL' for the same year; None when NL has no figure that year or for a count."""
    if nl_value is None or pd.isna(nl_value) or pd.isna(value) or int(nl_year) != int(year):
        return None
    if not comparable_with_nl(unit, label):
        return None
    diff = value - nl_value
    if round(diff, decimals) == 0:
        return "gelijk aan NL"
    word = "hoger" if diff > 0 else "lager"
    if unit == "× 1.000 euro":
        return f"{short_value(abs(diff), unit, decimals)} {word} dan NL"
    step = "procentpunt" if unit.startswith("%") else unit
    return f"{fmt_nl(abs(diff), decimals)} {step} {word} dan NL"


def metric_delta(value: float, nl_value: float | None, nl_year, year: int, unit: str, decimals: int,
                 polarity: int, label: str = "") -> dict:
    """st.metric's delta, delta_color and delta_arrow for the comparison with NL.

    Streamlit reads the direction from a leading '-', which 'lager dan NL' has not: the arrow and colour are set
    here. Lower points down, equal has no arrow and is grey; red and green only where the indicator has a
    direction (polarity: -1 a higher value means more need, 1 less need, 0 neutral).
    """
    text = comparison(value, nl_value, nl_year, year, unit, decimals, label)
    if text is None:
        return {"delta": None, "delta_color": "off", "delta_arrow": "off"}
    diff = 0 if text == "gelijk aan NL" else (1 if value > nl_value else -1)
    colour = "gray" if diff * polarity == 0 else ("green" if diff * polarity > 0 else "red")
    return {"delta": text, "delta_color": colour, "delta_arrow": {1: "up", -1: "down", 0: "off"}[diff]}
