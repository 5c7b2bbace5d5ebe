"""What a hostile client sends over the app's websocket, for the hardening tests and ``bench/flood.py``.

* **Deferred downloads.** A download button made with a callable (``st.download_button(data=f)``)
  reaches the browser with a ``deferred_file_id`` and no file. A click makes the browser send a
  ``BackMsg.backend_operation_request`` with that id and the session's id; the server runs the
  callable and answers a ``backend_operation_response`` with the file's URL (or an error).
  Nothing stops a client sending the same request again and again (:func:`request_files`).
* **Text values.** A text box's value is a ``WidgetState.string_value`` in the rerun message,
  whatever ``max_chars`` says in the browser (:func:`rerun_with_text`).
* **Room creation.** The new-room form filled in and its button pressed, in a new session
  each time (:func:`create_room`).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from tests.support.wsclient import Run, RunError, Session

_request_numbers = itertools.count(1)


def download_ids(run: Run) -> dict[str, str]:
    """The deferred file id of every download button on the page, by label."""
    return {button.label: button.deferred_file_id for button in run.of_type("download_button")}


@dataclass
class Answers:
    """The server's answers to a client's file requests: URLs and errors, and when the last came."""

    urls: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.urls) + len(self.errors)


def file_request(session_id: str, file_id: str) -> bytes:
    """One deferred-file request, as the browser sends it when a download button is clicked."""
    message = BackMsg()
    request = message.backend_operation_request
    request.request_id = f"probe-{next(_request_numbers)}"
    request.session_id = session_id
    request.deferred_file.file_id = file_id
    return message.SerializeToString()


async def request_files(
    session: Session, file_id: str, count: int, session_id: str | None = None, timeout: float = 120.0
) -> Answers:
    """Send ``count`` requests for ``file_id`` at once, then read until each is answered (or ``timeout``).

    ``session_id`` is what the requests claim (default: the session's own; "" for none).
    """
    return await request_each(session, [file_id] * count, session_id, timeout)


async def request_each(
    session: Session, file_ids: Sequence[str], session_id: str | None = None, timeout: float = 120.0
) -> Answers:
    """Send one request for each of ``file_ids`` at once, then read until each is answered (or ``timeout``)."""
    if session.ws is None:
        raise RunError("not connected")
    count = len(file_ids)
    start = time.perf_counter()
    for file_id in file_ids:
        await session.ws.send(file_request(session.session_id if session_id is None else session_id, file_id))
    answers = Answers()
    try:
        async with asyncio.timeout(timeout):
            while answers.count < count:
                data = await session.ws.recv()
                if isinstance(data, str):
                    continue
                forward = ForwardMsg.FromString(data)
                if forward.WhichOneof("type") != "backend_operation_response":
                    continue
                response = forward.backend_operation_response
                if response.error_msg:
                    answers.errors.append(response.error_msg)
                else:
                    answers.urls.append(response.deferred_file.url)
    except TimeoutError:
        pass
    answers.seconds = time.perf_counter() - start
    return answers


async def rerun_with_text(session: Session, widget_id: str, text: str, trigger: str | None = None) -> None:
    """Send a rerun whose state gives the text box ``widget_id`` the value ``text`` (no waiting for the run)."""
    if session.ws is None:
        raise RunError("not connected")
    message = BackMsg()
    message.rerun_script.query_string = session.query
    states = [WidgetState(id=widget_id, string_value=text)]
    if trigger is not None:
        states.append(WidgetState(id=trigger, trigger_value=True))
    message.rerun_script.widget_states.widgets.extend(states)
    await session.ws.send(message.SerializeToString())


def text_input_id(run: Run, label: str) -> str:
    for element in run.of_type("text_input"):
        if element.label == label:
            return str(element.id)
    raise RunError(f"no text box {label!r} on the page")


async def create_room(base: str, name: str) -> Run:
    """Open the new-room form in a new session, type ``name`` and press "Create the room"; the page after it."""
    async with Session(base, "view=new-room") as visitor:
        form = await visitor.rerun()
        name_box = text_input_id(form, "Room name")
        visitor.values[name_box] = name
        return await visitor.click("Create the room")
