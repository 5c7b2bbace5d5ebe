"""The start view: what the assessment measures, the optional name, the start button."""

from __future__ import annotations

import streamlit as st

from assessment.link import MAX_NAME_LENGTH, LinkData, clean_name
from assessment.model import Model, Variant
from assessment.names import display_name
from reports.wording import variant_offer
from ui import room, state

NAME_KEY = "org_name"


def _start(model: Model, variant: Variant) -> None:
    name = clean_name(display_name(str(st.session_state.get(NAME_KEY) or "")))
    state.write(model, state.with_date(LinkData(name=name, variant=variant)), step=1)


def render(model: Model) -> None:
    first, last = model.levels[0].name, model.levels[-1].name
    st.title("Is your social media a buzzword or a real asset?")
    st.markdown(
        "This self-assessment asks how your organisation answers the eight questions every social media "
        "strategy has to answer — goals, budget, required return, brand, feedback, networks, strategy per "
        "network and raising returns — and whether you give it the patience and trust it needs."
    )
    st.markdown(
        f"You land on one of {len(model.levels)} levels, from **{first}** to **{last}**, with a radar "
        "chart of where you stand and the next steps towards the level you aim for."
    )
    st.caption("Nothing is stored: your answers live in the results link, which you can keep or share.")
    st.text_input(
        "Organisation name (optional)",
        key=NAME_KEY,
        max_chars=MAX_NAME_LENGTH,
        placeholder="e.g. Riverside Bakery",
        help="Shown on your results and carried in the results link. Leave it empty to stay anonymous.",
    )
    with st.container(horizontal=True):
        st.button(
            variant_offer(model, "quick"),
            key="start_quick",
            type="primary",
            on_click=_start,
            args=(model, "quick"),
        )
        st.button(
            variant_offer(model, "full"),
            key="start_full",
            on_click=_start,
            args=(model, "full"),
        )
    st.caption(
        "The quick check estimates your level from the questions that predict it best, and you can continue "
        "to the full assessment from its results without answering anything twice."
    )

    st.divider()
    st.markdown("**Already have results links?**")
    st.caption("Compare two of yours to see your progress over time, or your team's to see where you disagree.")
    st.button("Compare results", key="open_compare", on_click=state.open_compare)
    st.markdown("**Asking your team?**")
    st.caption("A team room gathers everyone's results in one place, live, with a join link and a QR code.")
    st.button("Create a team room", key="open_new_room", on_click=room.open_new_room)
