"""Need per wijk as a ranking, for when the reach of kinderwerk is not (yet) registered."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import LINE_COLOURS
from formatting import fmt_nl


def need_bar(need: pd.DataFrame, highlight: str | None, title: str) -> go.Figure:
    """Wijken ranked on the need index (index: code; columns name, need), highest on top."""
    rows = need.sort_values("need")
    colours = [LINE_COLOURS["gemeente"] if c != highlight else "#e67e22" for c in rows.index]
    fig = go.Figure(go.Bar(x=rows["need"], y=rows["name"], orientation="h", marker_color=colours,
                           customdata=[fmt_nl(v, 2) for v in rows["need"]],
                           hovertemplate="%{y}: %{customdata}<extra></extra>"))
    fig.add_vline(x=0, line_dash="dot", line_color="#555")
    fig.update_layout(title={"text": title, "font": {"size": 16}}, separators=",.",
                      height=max(320, 18 * len(rows) + 120), margin={"l": 10, "r": 10, "t": 60, "b": 10},
                      xaxis_title="behoefte-index (0 = gemiddelde wijk)", yaxis_title="")
    return fig
