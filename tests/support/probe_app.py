"""``app.py`` with one caption added for the live-server tests: how often the heap was frozen, and the model.

The caption reads ``probe: freezes=<gc.freeze() calls in this process> model=<id of
ui.state.get_model()>``, so a test driving this page over the websocket sees whether the
heap was frozen again or the model loaded again. Served like the app
(``python -m ui.serve run tests/support/probe_app.py``).
"""

import gc
from pathlib import Path
from typing import Any

import streamlit as st

if not hasattr(gc.freeze, "calls"):  # once per process: this script runs again on every rerun
    _freeze = gc.freeze

    def _counted_freeze() -> None:
        _counted_freeze.calls += 1  # type: ignore[attr-defined]
        _freeze()

    _counted_freeze.calls = 0  # type: ignore[attr-defined]
    gc.freeze = _counted_freeze

APP = Path(__file__).resolve().parents[2] / "app.py"
exec(compile(APP.read_text(encoding="utf-8"), str(APP), "exec"))

from ui import state  # noqa: E402  (app.py first: it sets the page up)

freezes: Any = getattr(gc.freeze, "calls", None)
st.caption(f"probe: freezes={freezes} model={id(state.get_model())}")
