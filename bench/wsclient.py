"""A Streamlit client over the app's websocket, as the browser drives it (no browser).

The browser opens ``/_stcore/stream`` with the subprotocol ``streamlit``, sends
``BackMsg.rerun_script`` (a ``ClientState``: the page's query string and the widget
states it holds), and renders the ``ForwardMsg`` deltas until ``script_finished``.
A ``page_info_changed`` message carries the query string the script wrote
(``st.query_params``); the browser puts it in its address bar and sends it with the next
rerun. A radio's state is its formatted option label (``string_value``); a button click is
a ``trigger_value`` that holds for one run.
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

RUN_TIMEOUT_S = 60.0


class RunError(Exception):
    """A run that failed: timeout, closed connection, or an exception shown on the page."""


@dataclass
class Run:
    """What one script run sent: its elements in order, and how long it took."""

    elements: list[Any] = field(default_factory=list)
    seconds: float = 0.0
    status: str = ""

    def of_type(self, kind: str) -> list[Any]:
        return [getattr(e, kind) for e in self.elements if e.WhichOneof("type") == kind]

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
        self.ws: ClientConnection | None = None
        self.last: Run | None = None

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

    async def rerun(self, trigger: str | None = None) -> Run:
        """Send a rerun with the current query string and widget states; read until the run finishes."""
        if self.ws is None:
            raise RunError("not connected")
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.widget_states.widgets.extend(self._states(trigger))
        run = Run()
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
                        run.elements.append(forward.delta.new_element)
                    elif kind == "page_info_changed":
                        self.query = forward.page_info_changed.query_string
                    elif kind == "script_finished":
                        status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
                        if status == "FINISHED_EARLY_FOR_RERUN":
                            continue
                        run.status = status
                        break
        except TimeoutError:
            raise RunError(f"no script_finished within {RUN_TIMEOUT_S:.0f} s") from None
        run.seconds = time.perf_counter() - start
        if run.exceptions():
            raise RunError("exception on the page: " + "; ".join(run.exceptions()))
        for radio in run.radios():  # what the server set (the URL wins in this app) is what the browser shows
            if radio.HasField("raw_value"):
                self.values[radio.id] = radio.raw_value
        live = {radio.id for radio in run.radios()}
        self.values = {k: v for k, v in self.values.items() if k in live}
        self.last = run
        return run

    async def choose(self, question_text: str, option_label: str) -> Run:
        """Click ``option_label`` in the radio labelled ``question_text``."""
        assert self.last is not None
        for radio in self.last.radios():
            if radio.label == question_text:
                if option_label not in radio.options:
                    raise RunError(f"{option_label!r} is not an option of {question_text!r}")
                self.values[radio.id] = option_label
                return await self.rerun()
        raise RunError(f"No radio {question_text!r} on the page")

    async def click(self, label: str) -> Run:
        assert self.last is not None
        return await self.rerun(trigger=self.last.button(label).id)
