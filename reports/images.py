"""Chart pictures for the exports: one PNG per chart, used by both the deck and the one-pager.

kaleido drives Debian's Chromium offline; it is started once per process. The picture carries no title:
the finding is the heading next to it (slide title, PDF heading), as real text a screen reader reads.
"""
from __future__ import annotations

import functools

import plotly.graph_objects as go

from reports.content import Export

WIDTH, HEIGHT, SCALE = 520, 280, 2  # CSS pixels: half an A4 column at ~7 pt type; 2×: ~300 dpi there
FONT = 15


@functools.lru_cache(maxsize=1)
def _kaleido_started() -> bool:
    """Start kaleido's browser once per process: each image then takes ~0.3 s instead of ~4 s."""
    import kaleido
    kaleido.start_sync_server(silence_warnings=True)
    return True


def png(fig: go.Figure, width: int = WIDTH, height: int = HEIGHT, annotations: bool = True) -> bytes:
    """The figure as a PNG for an export: no title (it is the heading), larger type, legend below."""
    _kaleido_started()
    fig = go.Figure(fig)  # a copy: the caller's figure keeps its title
    if not annotations:
        fig.layout.annotations = ()  # update_layout(annotations=[]) merges and keeps them
    fig.update_layout(template="plotly_white", title_text="", font={"size": FONT}, height=height, width=width,
                      margin={"l": 10, "r": 10, "t": 28, "b": 10}, legend={"font": {"size": FONT - 3}})
    fig.update_xaxes(automargin=True, title_standoff=2)
    fig.update_yaxes(automargin=True)  # the streamlit template leaves long tick labels outside the picture
    fig.update_annotations(font_size=FONT - 3)
    return fig.to_image(format="png", width=width, height=height, scale=SCALE)


def chart_images(export: Export) -> dict[str, bytes]:
    """One PNG per section with a chart, by section key (made once, shared by the deck and the PDF)."""
    return {s.key: png(s.chart, height=s.picture_height or HEIGHT, annotations=s.annotations)
            for s in export.sections if s.chart is not None}
