"""Team rooms in the app: the form that creates a room, the facilitator's page, and a room link that opens nothing.

The rooms live in :mod:`rooms` (no Streamlit there); this module lays them out. One
:class:`~rooms.store.Store` per process and database (:func:`store`), connecting on first
use, so the app starts, and every page without a room works, without touching the database.
Every store call is guarded: a :class:`~rooms.errors.RoomError` becomes its message on the
page, never a traceback, and the widgets keep what was typed. Names are shown as plain text
(:func:`ui.text.name_md`).

The facilitator's page shows the room live: its results part is an ``st.fragment`` that
reruns every :data:`REFRESH_SECONDS` seconds, not the whole page. It shows the short join link
and its QR code, opens the presenter view (:mod:`ui.present`), and holds the team summary
(:func:`ui.compare.team_view`), every result, and the exports (JSON, CSV and the team PDF).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

import segno
import streamlit as st

from assessment.compare import Team
from assessment.compare_link import MAX_LINKS
from assessment.model import Model
from assessment.names import display_name
from assessment.rounding import whole_points
from assessment.scoring import Result
from rooms import limits
from rooms.errors import NoRoom, RoomError, StoreUnavailable, TooMany
from rooms.links import RoomLink, presenter_link_for, short_join_link_for
from rooms.report import Reading, read_room, room_to_csv, room_to_json, room_to_pdf
from rooms.rules import DEFAULT_DAYS, MAX_DAYS, MAX_NAME_LENGTH, MIN_TEAM, ROOMS_PER_HOUR, next_room_at, room_days
from rooms.store import Room, Store, database_url, utc_now
from ui import downloads as making
from ui import radar, state
from ui.compare import absolute, team_view
from ui.routes import NEW_ROOM_VIEW, VIEW_PARAM
from ui.text import md_escape, name_md

REFRESH_SECONDS = 5
NAME_KEY, TARGET_KEY, DAYS_KEY = "new_room_name", "new_room_target", "new_room_days"
CREATED_KEY = "rooms_created_at"  # when this browser session created its rooms (the hourly limit)
JUST_CREATED_KEY = "room_just_created"
DELETED_KEY = "room_deleted"  # (room id, name, results) of the room this session just deleted
ERROR_KEY = "room_error"
NOTICE_KEY = "room_notice"
REMOVE_KEY = "room_remove"
EVERY_KEY = "room_every_result"  # the toggle that shows every result on one radar
STORED = (
    "A room keeps its name, target level and expiry date, and for each result only the results link "
    "(which holds the answers), the name its member gave, if any, when it came, and a fingerprint of the key "
    "that lets its member take it back. Nothing else: no IP address, no cookie, no e-mail. It is deleted when "
    "it expires, or at once when its facilitator deletes it."
)


_stores_lock = threading.Lock()
_stores: dict[str, Store] = {}  # by database URL: one per process, for its life
_throttles: dict[str, limits.Throttle] = {}  # by database URL: the rooms created from this process lately


def store() -> Store:
    """The rooms' store for ``ROOMS_DATABASE_URL`` (or the default SQLite file), one per process.

    Held here rather than in ``st.cache_resource``, as the model is (``ui.state.get_model``):
    any client can send Streamlit's clear-cache message, which would make every session
    after it open a new engine and new connections.
    """
    url = database_url()
    with _stores_lock:
        if url not in _stores:
            _stores[url] = Store(state.get_model(), url)
        return _stores[url]


def throttle(settings: limits.Settings) -> limits.Throttle:
    """The hourly limits on creating rooms in the rooms' database, one per process (as :func:`store`)."""
    url = database_url()
    with _stores_lock:
        if url not in _throttles:
            _throttles[url] = limits.Throttle(settings.per_address, settings.overall)
        return _throttles[url]


def client_address(settings: limits.Settings) -> str:
    """The visitor's network address, as the per-address limit counts it (``ROOMS_ADDRESS_HEADER``,
    :mod:`rooms.limits`); "local" for this machine."""
    if settings.address_header:
        forwarded = limits.forwarded_address(str(st.context.headers.get(settings.address_header) or ""))
        if forwarded:
            return forwarded
    address = st.context.ip_address  # None for this machine (Streamlit leaves loopback out)
    return address if isinstance(address, str) and address else "local"


def open_new_room() -> None:
    state.set_address({VIEW_PARAM: NEW_ROOM_VIEW})


def _flash(key: str, message: str) -> None:
    """A message for the next run to show (a callback's outcome)."""
    st.session_state[key] = message


def _show_flash() -> None:
    if error := st.session_state.pop(ERROR_KEY, None):
        st.error(error)
    if notice := st.session_state.pop(NOTICE_KEY, None):
        st.success(notice)


def problem(error: RoomError) -> None:
    """A room page that cannot be shown: the database is unreachable, or the link opens no room."""
    if isinstance(error, StoreUnavailable):
        st.title("The team room cannot be opened right now")
        st.warning(str(error))
        st.markdown("Your own assessment, its results and results links work as usual; they need no database.")
    else:
        st.title("This room link cannot be opened")
        st.error(str(error))
        st.markdown("Ask whoever sent it for the link again, or take the assessment on your own.")
    st.button("Take the assessment on your own", key="room_own", type="primary", on_click=state.clear)


def no_room() -> None:
    """A room link that opens nothing (malformed, wrong, expired or deleted): always the same page."""
    problem(NoRoom())


# --- creating a room ----------------------------------------------------------------------------


def _create(model: Model) -> None:
    now = utc_now()
    created = [t for t in st.session_state.get(CREATED_KEY, []) if isinstance(t, datetime)]
    wait = next_room_at(created, now)
    if wait is not None:
        _flash(
            ERROR_KEY,
            f"This browser tab has created {ROOMS_PER_HOUR} rooms in the last hour, the most it may. "
            f"The next one can be created from {wait.astimezone(UTC):%H:%M} UTC.",
        )
        return
    target = st.session_state.get(TARGET_KEY)
    try:
        settings = limits.settings()
    except ValueError as error:
        _flash(ERROR_KEY, str(error))
        return
    address, counted = client_address(settings), throttle(settings)
    if (limited := counted.take(address, now)) is not None:
        _flash(ERROR_KEY, str(TooMany(limited.message)))
        return
    try:
        made = store().create(
            str(st.session_state.get(NAME_KEY) or ""),
            target if isinstance(target, str) and target else None,
            room_days(st.session_state.get(DAYS_KEY, DEFAULT_DAYS)),
        )
    except RoomError as error:
        counted.give_back(address, now)  # no room was made
        _flash(ERROR_KEY, str(error))  # the form keeps what was typed
        return
    st.session_state[CREATED_KEY] = [*created, now]
    st.session_state[JUST_CREATED_KEY] = made.room_id
    state.set_address(made.facilitator.params)


def create_page(model: Model) -> None:
    st.title("Gather your team's results in a room")
    st.markdown(
        "A room collects the results of everyone you ask — your colleagues, or a client's team in a "
        "workshop — and shows them together: where the team stands, and where it disagrees."
    )
    st.markdown(
        "1. Create the room. You get a **facilitator link** (this page: see and manage the room) and a "
        "**join link** with a QR code for your team.\n"
        "2. Members open the join link, take the assessment and add their result, with their name or "
        "anonymously.\n"
        "3. Their results appear on your page as they come in."
    )
    st.text_input("Room name", key=NAME_KEY, max_chars=MAX_NAME_LENGTH, placeholder="e.g. Riverside Bakery team")
    names = {level.id: level.name for level in model.levels}
    st.selectbox(
        "Team target level (optional)",
        options=["", *names],
        format_func=lambda level: names.get(level, "None: each member's own"),
        key=TARGET_KEY,
        help="The level the team aims for. Members who join start with it as their target.",
    )
    # A float box shown without decimals: Streamlit turns an int box's value into an int as it
    # arrives, and a client sending NaN or infinity made that raise before the app saw it
    # (issue 23); a float box resets a value it cannot use, and rooms.rules.room_days says the rest.
    st.number_input(
        "Days until the room and its results are deleted",
        min_value=1.0,
        max_value=float(MAX_DAYS),
        value=float(DEFAULT_DAYS),
        step=1.0,
        format="%.0f",
        key=DAYS_KEY,
    )
    st.button("Create the room", key="create_room", type="primary", on_click=_create, args=(model,))
    _show_flash()
    st.caption(STORED)
    st.divider()
    st.button("Take the assessment on your own", key="room_own", on_click=state.clear)


# --- the facilitator's page ------------------------------------------------------------------------


def _days_left(room: Room) -> str:
    days = (room.expires_at - utc_now()).days
    return "less than a day" if days < 1 else f"{days} day{'s' if days != 1 else ''}"


@st.cache_data(show_spinner=False, max_entries=256)
def qr_svg(url: str) -> str:
    """The join link as a QR code, an SVG drawn here (no network): dark on white, with its quiet zone.

    Cached: drawing it took ~14 ms, a third of the facilitator page's run.
    """
    return str(segno.make(url, error="m").svg_inline(scale=5, dark="#1b1f1e", light="#ffffff"))


def _invite(room: Room, link: RoomLink) -> None:
    st.header("Invite your team")
    if room.closed:
        st.info(
            "The room is closed: members can no longer add results. Everything else works as before, and "
            "“Manage the room” below reopens it."
        )
        return
    join_url = absolute(short_join_link_for(link).query)
    text_column, code_column = st.columns([3, 2], gap="medium")
    with text_column:
        st.markdown("**The join link** — send it, or show the presenter view on the workshop screen:")
        st.code(join_url, language=None, wrap_lines=True)
        st.link_button(
            "Open the presenter view",
            absolute(presenter_link_for(link).query),
            type="primary",
            icon=":material/present_to_all:",
        )
        st.caption(
            "Members open the join link, take the assessment and add their result, with their name or "
            "anonymously. It adds results and nothing else. The presenter view, for the screen, shows the "
            "room's name, this QR code screen-sized, the link and how many results came; its address "
            "cannot manage the room."
        )
    with code_column:
        st.image(qr_svg(join_url), alt="QR code of the room's join link", width=220)


def _members_table(room: Room, results: tuple[Result | None, ...]) -> str:
    """Every result in the room as one markdown table: its number, name (plain text, linking to the
    result), level and overall score, and when it came; small text, so it fits a phone."""
    lines = ["| # | Name | Result | Added (UTC) |", "| ---: | --- | --- | --- |"]
    for number, (member, result) in enumerate(zip(room.members, results, strict=True), 1):
        shown = f"{result.level.name}, {whole_points(result.overall)}" if result else "cannot be read"
        if result is not None and result.variant == "quick":
            shown += " (quick check: an estimate)"
        url = absolute(member.link).replace("(", "%28").replace(")", "%29")
        name = f"[{name_md(member.name)}]({url})" if member.name else f"[*anonymous*]({url})"
        cells = [str(number), name, shown, f"{member.submitted_at:%d %b %H:%M}"]
        lines.append("| " + " | ".join(f":small[{cell}]" for cell in cells) + " |")
    return "\n".join(lines)


def _member_choice(room: Room) -> dict[str, str]:
    """Each result's label in the list to remove one from, as plain text (a select box shows no markdown)."""
    return {
        m.submission: f"{n}. {display_name(m.name) or 'anonymous'} · {m.submitted_at:%Y-%m-%d %H:%M}"
        for n, m in enumerate(room.members, 1)
    }


def _remove(link: RoomLink, choices: dict[str, str]) -> None:
    submission = st.session_state.get(REMOVE_KEY)
    if not isinstance(submission, str):
        return
    try:
        store().remove(link, submission)
    except RoomError as error:
        _flash(ERROR_KEY, str(error))
        return
    st.session_state[REMOVE_KEY] = None
    _flash(NOTICE_KEY, f"Removed result {md_escape(choices.get(submission, submission))}.")  # a notice is markdown


def _every_result_radar(model: Model, team: Team) -> None:
    """Every result on one radar (up to the compare page's 10), each in its own colour and line style,
    labelled by its name in the room (a quick check's says so)."""
    legends = [f"{m.label} · quick check" if m.result.variant == "quick" else m.label for m in team.members]
    st.vega_lite_chart(radar.compare_chart_for(model, legends, [m.result for m in team.members]), width="stretch")
    st.caption("Each ring is a level boundary. Tap or hover a point for its score.")


@st.cache_resource(show_spinner=False, max_entries=16)
def _reading(_model: Model, room: Room) -> Reading:
    """:func:`rooms.report.read_room`, kept while the room is unchanged (cached on its contents).

    The live part asks for it every few seconds, and scoring is a few hundred microseconds a
    result (a room of 500 took ~0.4 s a refresh); a result's link never changes, so a new,
    removed or renamed result is a new key. ``_model`` is left out of the key: one per process.
    """
    return read_room(_model, room)


@st.fragment(run_every=REFRESH_SECONDS)
def _results(model: Model, link: RoomLink) -> None:
    """The room's results, read again every few seconds: count, radar, team view, every result, remove one."""
    try:
        room = store().room(link)
    except RoomError as error:
        st.warning(str(error))
        return
    count = len(room.members)
    st.header(f"{count} result{'s' if count != 1 else ''}")
    st.caption(f"Updated every {REFRESH_SECONDS} seconds while this page is open.")
    _show_flash()
    if not room.members:
        st.info("No results yet. They appear here as members add them.")
        return
    reading = _reading(model, room)
    team = reading.team
    if team is None:
        st.info(f"The team summary appears once {MIN_TEAM} results are in.")
    else:
        team_view(model, team, model.level(room.target) if room.target else None)
        if len(team.members) <= MAX_LINKS and st.toggle("Show every result on one radar", key=EVERY_KEY):
            _every_result_radar(model, team)
    st.subheader("Every result")
    st.markdown(_members_table(room, reading.results))
    st.caption(
        "Result: level and overall score. Each name opens that result as its member sees it; an anonymous "
        "one is “Result N” on the radar, N its number here."
    )
    choices = _member_choice(room)
    st.selectbox(
        "Remove a result",
        options=list(choices),
        format_func=choices.__getitem__,
        index=None,
        placeholder="Choose the result to remove",
        key=REMOVE_KEY,
    )
    st.button("Remove this result", key="room_remove_button", on_click=_remove, args=(link, choices))


def _close(link: RoomLink) -> None:
    try:
        store().close(link)
    except RoomError as error:
        _flash(ERROR_KEY, str(error))
        return
    _flash(NOTICE_KEY, "The room is closed to new results.")


def _reopen(link: RoomLink) -> None:
    try:
        store().reopen(link)
    except RoomError as error:
        _flash(ERROR_KEY, str(error))
        return
    _flash(NOTICE_KEY, "The room is open to new results again; its join link works as before.")


def _delete(link: RoomLink, room: Room) -> None:
    try:
        store().delete(link)
    except RoomError as error:
        _flash(ERROR_KEY, str(error))
        return
    st.session_state[DELETED_KEY] = (link.room_id, room.name)


def _export(make: Callable[[Model, Room, str], str], model: Model, room_store: Store, link: RoomLink, base: str) -> str:
    """An export made when its button is clicked, from the room as it is then (outside the script run);
    a click within :data:`REFRESH_SECONDS` of the last gets the same file, as fresh as the page."""
    try:
        return make(model, room_store.room(link), base)
    except RoomError as error:
        return f"The room could not be exported: {error}\n"


def _team_pdf(model: Model, room_store: Store, link: RoomLink) -> bytes | str:
    """The team PDF made when its button is clicked: the room read here, the PDF made in the
    downloads' worker process (:func:`ui.downloads.in_worker`), as the results page's PDF is."""
    try:
        room = room_store.room(link)
    except RoomError as error:
        return f"The room could not be exported: {error}\n"
    return making.in_worker(partial(room_to_pdf, model, room, utc_now().date()))


def _manage(model: Model, room: Room, link: RoomLink) -> None:
    st.header("Manage the room")
    stem = f"team-room-{utc_now():%Y-%m-%d}"
    base = absolute("").removesuffix("/")
    with st.container(horizontal=True):
        st.download_button(
            "Export all as JSON",
            data=making.on_click(partial(_export, room_to_json, model, store(), link, base), REFRESH_SECONDS),
            file_name=f"{stem}.json",
            mime="application/json",
            on_click="ignore",
            icon=":material/download:",
        )
        st.download_button(
            "Export all as CSV",
            data=making.on_click(partial(_export, room_to_csv, model, store(), link, base), REFRESH_SECONDS),
            file_name=f"{stem}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
        )
        making.warm_workers()
        st.download_button(
            "Team report as PDF",
            data=making.on_click(partial(_team_pdf, model, store(), link), REFRESH_SECONDS),
            file_name=f"{stem}.pdf",
            mime="application/pdf",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
        )
        if room.closed:
            st.button("Reopen the room", key="room_reopen", icon=":material/lock_open:", on_click=_reopen, args=(link,))
        else:
            with st.popover("Close the room", icon=":material/lock:"):
                st.markdown(
                    "Members can no longer add results. You can still see, export, remove and delete them, "
                    "and reopen the room."
                )
                st.button("Close it to new results", key="room_close", on_click=_close, args=(link,))
        with st.popover("Delete the room", icon=":material/delete:"):
            st.warning(
                "This deletes the room and every result in it now, for good, and both links stop working. "
                "Export the results first if you want to keep them."
            )
            st.button("Delete the room and its results", key="room_delete", type="primary", on_click=_delete,
                      args=(link, room))  # fmt: skip
    st.caption(STORED)


def _deleted(name: str) -> None:
    st.title("The room is deleted")
    st.success(f"“{name_md(name)}” and every result in it are deleted. Nothing of them is kept.")
    with st.container(horizontal=True):
        st.button("Create another room", key="room_again", type="primary", on_click=open_new_room)
        st.button("Take the assessment", key="room_own", on_click=state.clear)


def facilitator_page(model: Model, link: RoomLink) -> None:
    try:
        room = store().room(link)
    except RoomError as error:
        deleted = st.session_state.get(DELETED_KEY)
        if isinstance(error, NoRoom) and isinstance(deleted, tuple) and deleted[0] == link.room_id:
            _deleted(str(deleted[1]))
        else:
            problem(error)
        return
    st.title(name_md(room.name))
    status = "closed to new results" if room.closed else "open"
    about = [f"Team room, {status}", f"deleted on {room.expires_at:%Y-%m-%d} (in {_days_left(room)})"]
    if room.target and (target := model.level(room.target)) is not None:
        about.append(f"target {target.name}")
    st.caption(" · ".join(about))
    if st.session_state.pop(JUST_CREATED_KEY, None) == room.room_id:
        st.success(
            "Your room is ready. **Bookmark this page**: its address is the facilitator link, the only way "
            "back to the room (the room keeps only a fingerprint of it, so it cannot be sent again)."
        )
    _invite(room, link)
    _results(model, link)
    _manage(model, room, link)
