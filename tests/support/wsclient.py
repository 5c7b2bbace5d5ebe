"""A Streamlit client over the app's websocket, as the browser drives it (no browser).

The browser opens ``/_stcore/stream`` with the subprotocol ``streamlit``, sends
``BackMsg.rerun_script`` (a ``ClientState``: the page's query string and the widget
states it holds), and renders the ``ForwardMsg`` deltas until ``script_finished``.
A ``page_info_changed`` message carries the query string the script wrote
(``st.query_params``); the browser puts it in its address bar and sends it with the next
rerun. A radio's state is its formatted option label (``string_value``); a button click is
a ``trigger_value`` that holds for one run.

Fragments (``st.fragment``): every delta drawn inside one carries its ``fragment_id``. When
a widget inside a fragment changes, the browser sends the rerun with that widget's
``fragment_id`` in the ``ClientState`` (and every widget state, as always); the server then
reruns only that fragment and sends only its deltas, and the rest of the page stays as the
last full run drew it. :class:`Session` does the same: it keeps the page (element by delta
path), sends a widget's fragment id with its change, and a fragment run replaces only that
fragment's elements, so :attr:`Run.elements` is always the whole page the browser shows.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from tests.support.markdown import read_markdown_table

RUN_TIMEOUT_S = 60.0


class RunError(Exception):
    """A run that failed: timeout, closed connection, or an exception shown on the page."""


@dataclass
class Run:
    """One script run: the page after it (every element, in page order), how long it took, what it sent."""

    elements: list[Any] = field(default_factory=list)
    seconds: float = 0.0
    status: str = ""
    fragment_id: str = ""  # the fragment this run reran alone ("" for a full run)
    sent: int = 0  # elements the run sent (a fragment run sends only its own)

    def of_type(self, kind: str) -> list[Any]:
        return [getattr(e, kind) for e in self.elements if e.WhichOneof("type") == kind]

    def table(self, first_header: str) -> list[dict[str, str]]:
        """The rows of the markdown table whose first header is ``first_header`` (empty if none)."""
        for element in self.of_type("markdown"):
            if element.body.startswith("| "):
                header, _rule, *rows = read_markdown_table(element.body)
                if header[0] == first_header:
                    return [dict(zip(header, row, strict=True)) for row in rows]
        return []

    def headings(self) -> list[str]:
        return [h.body for h in self.of_type("heading")]

    def radios(self) -> list[Any]:
        return self.of_type("radio")

    def button(self, label: str) -> Any:
        for button in self.of_type("button"):
            if button.label == label:
                return button
        raise RunError(f"No button {label!r} on the page; buttons: {[b.label for b in self.of_type('button')]}")

    def exceptions(self) -> list[str]:
        return [f"{e.type}: {e.message}" for e in self.of_type("exception")]


class Session:
    """One browser tab's worth of session: a websocket, the URL's query string, the widget values."""

    def __init__(self, base_url: str, query: str = "") -> None:
        self.ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.query = query.lstrip("?")
        self.values: dict[str, str] = {}  # radio widget id -> formatted label, as the browser holds them
        self.page: dict[tuple[int, ...], tuple[Any, str]] = {}  # delta path -> (element, its fragment id)
        self.ws: ClientConnection | None = None
        self.last: Run | None = None
        self.session_id = ""  # the server's id for this session, from its first message

    async def connect(self) -> None:
        self.ws = await connect(
            self.ws_url,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            open_timeout=RUN_TIMEOUT_S,
            ping_interval=None,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def clear_cache(self) -> None:
        """Send Streamlit's clear-cache message (its menu's "Clear cache"; any client can send it)."""
        if self.ws is None:
            raise RunError("not connected")
        await self.ws.send(BackMsg(clear_cache=True).SerializeToString())

    async def __aenter__(self) -> Session:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _states(self, trigger: str | None = None) -> list[WidgetState]:
        states = [WidgetState(id=widget_id, string_value=value) for widget_id, value in self.values.items()]
        if trigger is not None:
            states.append(WidgetState(id=trigger, trigger_value=True))
        return states

    async def rerun(self, trigger: str | None = None, fragment_id: str = "") -> Run:
        """Send a rerun with the current query string and widget states; read until the run finishes.

        With ``fragment_id``, the rerun is that fragment's alone (what the browser sends when a
        widget inside the fragment changes).
        """
        if self.ws is None:
            raise RunError("not connected")
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.widget_states.widgets.extend(self._states(trigger))
        message.rerun_script.fragment_id = fragment_id
        run = Run(fragment_id=fragment_id)
        sent: dict[tuple[int, ...], tuple[Any, str]] = {}
        start = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        try:
            async with asyncio.timeout(RUN_TIMEOUT_S):
                while True:
                    data = await self.ws.recv()
                    if isinstance(data, str):
                        continue
                    forward = ForwardMsg.FromString(data)
                    kind = forward.WhichOneof("type")
                    if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                        delta = forward.delta
                        sent[tuple(forward.metadata.delta_path)] = (delta.new_element, delta.fragment_id)
                    elif kind == "new_session":
                        self.session_id = forward.new_session.initialize.session_id
                    elif kind == "page_info_changed":
                        self.query = forward.page_info_changed.query_string
                    elif kind == "script_finished":
                        status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
                        if status == "FINISHED_EARLY_FOR_RERUN":  # the next run draws the page again
                            sent.clear()
                            continue
                        run.status = status
                        break
        except TimeoutError:
            raise RunError(f"no script_finished within {RUN_TIMEOUT_S:.0f} s") from None
        run.seconds = time.perf_counter() - start
        run.sent = len(sent)
        if run.status == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY":  # the fragment's elements are replaced, the rest kept
            kept = {path: item for path, item in self.page.items() if item[1] != fragment_id}
            sent = {**kept, **sent}
        self.page = dict(sorted(sent.items()))
        run.elements = [element for element, _ in self.page.values()]
        if run.exceptions():
            raise RunError("exception on the page: " + "; ".join(run.exceptions()))
        for radio in run.radios():  # what the server set (the URL wins in this app) is what the browser shows
            if radio.HasField("raw_value"):
                self.values[radio.id] = radio.raw_value
        live = {radio.id for radio in run.radios()}
        self.values = {k: v for k, v in self.values.items() if k in live}
        self.last = run
        return run

    def fragment_of(self, widget_id: str) -> str:
        """The fragment a widget on the page was drawn in ("" when outside any fragment)."""
        for element, fragment_id in self.page.values():
            kind = element.WhichOneof("type")
            if kind is not None and getattr(getattr(element, kind), "id", None) == widget_id:
                return fragment_id
        return ""

    async def choose(self, question_text: str, option_label: str, *, whole_page: bool = False) -> Run:
        """Click ``option_label`` in the radio labelled ``question_text``.

        Like the browser, the rerun carries the radio's fragment id, if it has one;
        ``whole_page`` leaves it out, so the server reruns the whole script instead.
        """
        assert self.last is not None
        for radio in self.last.radios():
            if radio.label == question_text:
                if option_label not in radio.options:
                    raise RunError(f"{option_label!r} is not an option of {question_text!r}")
                self.values[radio.id] = option_label
                return await self.rerun(fragment_id="" if whole_page else self.fragment_of(radio.id))
        raise RunError(f"No radio {question_text!r} on the page")

    async def click(self, label: str) -> Run:
        assert self.last is not None
        button = self.last.button(label)
        return await self.rerun(trigger=button.id, fragment_id=self.fragment_of(button.id))
