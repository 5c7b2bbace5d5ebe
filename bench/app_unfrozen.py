"""The app without its startup-heap freeze (``ui.state.freeze_startup_heap``): the "before" rows of the bench.

Runs ``app.py`` unchanged, with the freeze replaced by a no-op, so every post-run garbage
collection scans the whole heap again (pandas, Altair, Streamlit, the model).
"""

from pathlib import Path

from ui import state

state.freeze_startup_heap = lambda: 0  # type: ignore[assignment]

APP = Path(__file__).resolve().parent.parent / "app.py"
exec(compile(APP.read_text(encoding="utf-8"), str(APP), "exec"))
