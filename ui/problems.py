"""Links that cannot be opened: a clear message and a way to start fresh, never a traceback."""

from __future__ import annotations

import streamlit as st

from assessment.errors import LinkError
from ui import state


def damaged(error: LinkError) -> None:
    st.title("This link cannot be opened")
    if error.kind == "newer":
        st.warning(str(error))
    else:
        st.error(str(error))
    st.markdown("Ask whoever sent it for a fresh copy, or take the assessment yourself.")
    st.button("Start fresh", type="primary", on_click=state.clear)
