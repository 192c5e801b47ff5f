"""AppTest helpers shared by the page tests: open the dashboard as a browser would, and rerun."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def open_app(view: str | None = None, **query: str) -> AppTest:
    """The dashboard opened with ?query (the URL), then on page ``view`` if given; no exception."""
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    if view:
        at.switch_page(view).run()
        assert not at.exception, at.exception
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def click_map(at: AppTest, code: str, layer_id: str = "kaart_gemeente") -> AppTest:
    """Rerun as the browser does after a click on area ``code``: with the map's selection state.

    AppTest has no API to click a pydeck chart, so the selection is added to the widget states
    it sends (the same JSON the frontend sends; see streamlit PydeckSelectionSerde).
    """
    chart_id = at.get("deck_gl_json_chart")[0].proto.id
    selection = {"selection": {"indices": {layer_id: [0]}, "objects": {layer_id: [
        {"type": "Feature", "properties": {"code": code}}]}}}
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=chart_id, string_value=json.dumps(selection)))
    at._run(states)
    assert not at.exception, at.exception
    return at
