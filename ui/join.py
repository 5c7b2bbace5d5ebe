"""A member's side of a team room: the page a join link opens, and the results page's offer to add the result
(right under the level, where its confirmation shows too).

The join link's two parameters stay in the page address while the member answers
(:func:`ui.routes.carried`), so the results page knows the room. The results themselves
never depend on the room: with the database unreachable or the room gone, the member
still has their results and link, and this part says what is wrong.
"""

from __future__ import annotations

import streamlit as st

from assessment.errors import LinkError
from assessment.link import LinkData, decode, encode
from assessment.model import Model, Variant
from assessment.query import parse_query
from reports.wording import variant_offer
from rooms.errors import NoRoom, RoomError, StoreUnavailable
from rooms.links import RoomLink
from rooms.rules import MAX_NAME_LENGTH
from rooms.store import Invitation
from ui import state, take_back
from ui.room import STORED, problem, store
from ui.routes import joining
from ui.text import name_md

DISPLAY_NAME_KEY = "room_display_name"
PASTED_KEY = "room_pasted_link"
SENT_KEY = "room_sent"  # {(join link query, results query): (submission, new)} sent from this browser session
ERROR_KEY = "room_join_error"
HANDOFF_KEY = "room-handoff"  # the box under the level of a member's results


def _begin(model: Model, target: str | None, variant: Variant) -> None:
    """Start the full assessment or the quick check with the room's target; the join link stays in the address."""
    state.write(model, state.with_date(LinkData(target=target, variant=variant)), step=1)


def _open_pasted(model: Model, link: RoomLink) -> None:
    text = str(st.session_state.get(PASTED_KEY) or "")
    try:
        query = encode(model, decode(model, text).data)
    except LinkError as error:
        st.session_state[ERROR_KEY] = str(error)  # the text box keeps what was pasted
        return
    if not state.set_address({**parse_query(query), **link.params}):
        st.session_state[ERROR_KEY] = "This results link is far longer than any the app makes."


def join_page(model: Model, link: RoomLink) -> None:
    try:
        invitation = store().invitation(link)
    except RoomError as error:
        problem(error)
        return
    st.title(f"Join the room “{name_md(invitation.name)}”")
    if invitation.closed:
        st.info("This room is closed: its facilitator takes no more results. You can still take the assessment.")
        st.button("Take the assessment on your own", key="room_own", type="primary", on_click=state.clear)
        return
    st.markdown(
        "Your facilitator gathers the team's results here, to see where you agree and where you do not. "
        "Take the assessment; at the end, on your results page, add your result to the room, with your name "
        "or anonymously."
    )
    target = model.level(invitation.target) if invitation.target else None
    if target is not None:
        st.caption(f"The team aims for {target.name}: your results show the steps towards it.")
    with st.container(horizontal=True):
        st.button(
            variant_offer(model, "full"),
            key="room_begin",
            type="primary",
            on_click=_begin,
            args=(model, invitation.target, "full"),
        )
        st.button(
            variant_offer(model, "quick"),
            key="room_begin_quick",
            on_click=_begin,
            args=(model, invitation.target, "quick"),
        )
    st.caption(
        "The full assessment gives the team view the most to compare; the quick check's result is an "
        "estimate, and the radar shows only the dimensions it measured."
    )
    st.caption(STORED + " Only the facilitator sees the results; members see nothing of each other's.")
    st.divider()
    st.markdown("**Already have your results link?**")
    st.text_input(
        "Your results link",
        key=PASTED_KEY,
        placeholder="https://…/?v=1&a=…",
        help="The link under “Copy the results link” on your results page.",
    )
    st.button("Open it to add it to the room", key="room_open_pasted", on_click=_open_pasted, args=(model, link))
    if message := st.session_state.pop(ERROR_KEY, None):
        st.error(message)


# --- on the results page ---------------------------------------------------------------------------


def _send(model: Model, link: RoomLink, data: LinkData) -> None:
    query = encode(model, data)
    try:
        sent = store().submit(link, query, str(st.session_state.get(DISPLAY_NAME_KEY) or ""))
    except RoomError as error:
        st.session_state[ERROR_KEY] = str(error)  # the name box keeps what was typed
        return
    st.session_state.setdefault(SENT_KEY, {})[(link.query, query)] = (sent.submission, sent.new)
    take_back.remember(sent)


def _sent_message(invitation: Invitation, new: bool) -> str:
    room = f"“{name_md(invitation.name)}”"
    if new:
        return f"Your result is in the room {room}. Your facilitator sees it now. Thank you."
    return f"The room {room} already holds this result; it is kept once."


def offer_to_room(model: Model, data: LinkData) -> None:
    """Right under the level of a member who came by a join link: add this result to the room, with a
    name or anonymously, in one box that then holds the confirmation (or what went wrong).

    Nothing at all when the address carries no join link, so other results pages never
    touch the database.
    """
    link = joining(state.current_params())
    if link is None:
        return
    with st.container(border=True, key=HANDOFF_KEY):
        _handoff(model, data, link)


def _handoff(model: Model, data: LinkData, link: RoomLink) -> None:
    take_back.notice()
    try:
        invitation = store().invitation(link, take_back.key_in_address())
    except NoRoom as error:
        st.error(str(error))
        st.caption("Your results and their link on this page are yours to keep either way.")
        return
    except StoreUnavailable as error:
        st.warning(f"{error} Your results and their link are safe: they live in this page's address.")
        return
    except RoomError as error:
        st.error(str(error))
        return
    query = encode(model, data)
    if take_back.panel(invitation, link, query):
        return
    sent = st.session_state.get(SENT_KEY, {}).get((link.query, query))
    if sent is not None and not sent[1]:  # a new one is the take-back panel's (the key is in the address)
        st.success(_sent_message(invitation, bool(sent[1])))
        return
    if invitation.closed:
        st.info(f"The room “{name_md(invitation.name)}” is closed: its facilitator takes no more results.")
        return
    st.markdown(f"**Add my result to “{name_md(invitation.name)}”**")
    st.text_input(
        "Your name in the room (optional)",
        key=DISPLAY_NAME_KEY,
        max_chars=MAX_NAME_LENGTH,
        placeholder="Leave empty to stay anonymous",
        help="Shown to the facilitator beside your result. Leave it empty to add your result anonymously.",
    )
    st.button("Add my result to the room", key="room_send", type="primary", on_click=_send, args=(model, link, data))
    if message := st.session_state.pop(ERROR_KEY, None):
        st.error(message)
    st.caption(
        "The room keeps your results link (your answers), the name you give, if any, and the time; "
        "nothing else. Only the facilitator sees it."
    )
