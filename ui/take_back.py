"""A member takes their result back from a room, from the browser that added it.

When a member adds a result, the store gives its **take-back key** once (128 bits; only its
hash is stored, :meth:`rooms.store.Store.submit`), and this module writes it into the page
address as ``mine=<key>`` beside the join link (:func:`remember`). The key removes that one
result from that one room, nothing else, and only with the join link beside it.

What "the same browser" means here, with the state in the link and no cookies: the address
is the only thing a browser keeps for the app, so the key lives there. The tab keeps it, and
so do a reload, Back and Forward, the browser's history and a bookmark of the page; the
member's answers travel with it when they change them (:func:`ui.routes.carried`). The
results link they share ("Copy the results link") is made from the answers and never carries
it. Another browser or device does not have it, unless someone copies the whole address, which
hands over the power to remove that one result and nothing more. Session state alone would
lose the key at the first reload; a cookie is against the app's rule and would outlive the
room's purpose.

Cost: the key is checked for its shape before the database is asked; the page asks for the
key's result in the same read that shows the room's name (:meth:`~rooms.store.Store.invitation`),
and the button that removes it is drawn only when the room holds it, so each click removes one
result and takes the key out of the address: a client cannot make it try keys.
"""

from __future__ import annotations

import streamlit as st

from rooms.errors import RoomError
from rooms.links import TAKE_BACK_PARAM, RoomLink, take_back_key
from rooms.store import Invitation, Member, Submitted
from ui import state
from ui.room import store
from ui.text import name_md

TAKEN_KEY = "room_taken_back"  # the room's name, to say the result was taken back (next run)
ERROR_KEY = "room_take_back_error"


def key_in_address() -> str | None:
    """The well-formed take-back key in the page address, if any."""
    return take_back_key(state.current_params())


def remember(sent: Submitted) -> None:
    """Write a new result's take-back key into the page address (a result the room already held has none)."""
    if sent.new and sent.take_back:
        state.set_address({**state.current_params(), TAKE_BACK_PARAM: sent.take_back})


def _forget() -> None:
    params = state.current_params()
    params.pop(TAKE_BACK_PARAM, None)
    state.set_address(params)


def _take_back(link: RoomLink, key: str, room_name: str) -> None:
    try:
        store().take_back(link, key)
    except RoomError as error:
        st.session_state[ERROR_KEY] = str(error)
    else:
        st.session_state[TAKEN_KEY] = room_name
    _forget()  # removed, or no longer there: either way the key has nothing left to do


def notice() -> None:
    """What the last take-back did, once."""
    if room_name := st.session_state.pop(TAKEN_KEY, None):
        st.success(
            f"Your result is taken out of the room “{name_md(str(room_name))}”. You can add it again below; "
            "your results and their link are yours either way."
        )
    if error := st.session_state.pop(ERROR_KEY, None):
        st.error(str(error))


def _added(member: Member) -> str:
    return f"{member.submitted_at:%d %b %H:%M} UTC"


def panel(invitation: Invitation, link: RoomLink, query: str) -> bool:
    """The result this browser added to the room, if the room still holds it: a confirmation and a
    button that takes it back. True when it is the result on this page (nothing more to offer)."""
    mine, key = invitation.mine, key_in_address()
    if mine is None or key is None:
        return False
    room = f"“{name_md(invitation.name)}”"
    this_one = mine.link == query
    if this_one:
        who = f" as **{name_md(mine.name)}**" if mine.name else " anonymously"
        st.success(f"Your result is in the room {room}{who}. Your facilitator sees it now. Thank you.")
        label = "Take my result back"
    else:
        st.info(f"Your earlier result from this browser, added {_added(mine)}, is in the room {room}.")
        label = "Take my earlier result back"
    st.button(
        label, key="room_take_back", icon=":material/undo:", on_click=_take_back, args=(link, key, invitation.name)
    )
    st.caption(
        "Only this browser can: the key that takes it back is in this page's address (a bookmark keeps it). "
        "The results link you share does not carry it."
        + ("" if this_one else " Adding the result on this page keeps the earlier one in the room.")
    )
    return this_one
