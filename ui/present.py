"""The presenter view: what a workshop screen shows while a team joins a room.

The room's name, its short join link as a QR code at least half the screen's height and as
text, and how many results came, nothing else: no result, no button, nothing to manage. It
opens from the facilitator's page on the **presenter link** (:mod:`rooms.links`), whose key is
made from the facilitator key one way, so projecting the page (its address bar too) shows
nothing that sees or manages the room.

Laid out for a projector at 1280×720 and 1920×1080: the page is wide, the name runs across
the top, the QR code fills the right (``min(70vh, 42vw)`` square), the link and the count sit
on the left in type sized to the screen (``vh`` and ``vw``). Only the count is live: an
``st.fragment`` that counts the room's results every :data:`REFRESH_SECONDS` seconds (one
``COUNT`` query, :meth:`rooms.store.Store.presentation`), and says so if the room closes or
goes meanwhile.
"""

from __future__ import annotations

import streamlit as st

from assessment.model import Model
from rooms.errors import RoomError
from rooms.links import RoomLink
from rooms.store import Presentation
from ui.compare import absolute
from ui.room import problem, qr_svg, store
from ui.text import name_md

REFRESH_SECONDS = 5
# Sizes follow the screen: a 720 px tall projector and a 1080 px one get the same layout. The
# main block's top padding (6rem by default) would cost a tenth of a 720 px screen.
STYLE = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2rem; padding-bottom: 1rem; max-width: none; }
.st-key-presenter_name h1 { font-size: clamp(2rem, 7vh, 5rem); line-height: 1.15; padding: 0; }
.st-key-presenter_link p { font-size: clamp(1.1rem, min(5vh, 2.6vw), 3.4rem); line-height: 1.3;
  overflow-wrap: anywhere; }
.st-key-presenter_link code { font-size: 1em; color: inherit; background: none; padding: 0; }
.st-key-presenter_count p { font-size: clamp(1.25rem, 5vh, 3.2rem); line-height: 1.2; margin: 0; }
.st-key-presenter_count strong { font-size: clamp(3rem, 16vh, 14rem); line-height: 1; display: block; }
.st-key-presenter_qr img { height: min(70vh, 42vw) !important; width: auto !important; max-width: none !important; }
.st-key-presenter_qr [data-testid="stElementToolbar"] { display: none; }
@media (max-width: 640px) {
  .st-key-presenter_qr img { height: auto !important; width: 100% !important; }
}
</style>"""


def render(model: Model, link: RoomLink) -> None:
    """The presenter view of the room the presenter ``link`` opens (or why it cannot be shown)."""
    try:
        shown = store().presentation(link)
    except RoomError as error:
        problem(error)
        return
    st.set_page_config(layout="wide", page_title="Join the room")
    st.html(STYLE)
    with st.container(key="presenter_name"):
        st.title(name_md(shown.name), anchor=False)
    words, code = st.columns([5, 4], gap="large", vertical_alignment="center")
    join_url = absolute(shown.join.query)
    with words:
        with st.container(key="presenter_link"):
            if shown.closed:
                st.markdown("This room is closed to new results.")
            else:
                st.markdown(link_md(join_url))
        _count(link)
    if not shown.closed:
        with code, st.container(key="presenter_qr"):
            st.image(qr_svg(join_url), alt="QR code of the room's join link")


def link_md(join_url: str) -> str:
    """The join link as the presenter view writes it: the app's address on one line, ``?j=<code>``
    on the next, so a long address never breaks inside the code."""
    base, _, query = join_url.partition("?")
    lines = [f"`{base}`"] if base else []  # (no base when the page's own address is unknown)
    return "  \n".join(["Scan the code, or open", *lines, f"`?{query}`"])


def count_md(shown: Presentation) -> str:
    """The count as the presenter view shows it: the number large, "results so far" under it."""
    noun = "result" if shown.count == 1 else "results"
    closed = ", and the room is closed" if shown.closed else " so far"
    return f"**{shown.count}** {noun}{closed}"


@st.fragment(run_every=REFRESH_SECONDS)
def _count(link: RoomLink) -> None:
    """How many results the room holds, counted again every few seconds."""
    try:
        shown = store().presentation(link)
    except RoomError as error:
        st.warning(str(error))
        return
    with st.container(key="presenter_count"):
        st.markdown(count_md(shown))
