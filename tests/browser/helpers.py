"""Driving the Streamlit app in a page: waiting on real events (never fixed sleeps), screenshots.

Why the websocket: a click starts a rerun a moment later, so "the app is idle right now"
cannot tell "done" from "not started yet", and the ``data-test-script-state`` attribute
on the app root can skip "running" altogether when the browser batches a fast run into one
render. The server's ``script_finished`` message on the app's websocket is the one reliable
signal, so :class:`App` counts those (decoded with Streamlit's own protobuf classes) and
waits for the count to grow, then for the page to settle.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"  # git-ignored: screenshots and reports to look at after a run
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
RUN_TIMEOUT_S = 30.0
POLL_MS = 20
SHARE_BUTTON = "Copy the results link"  # the results page's share block (ui/share.py)
# Where a page opens (ui/landing.py): the main area's scroll, the heading's box and whether it has focus.
LANDED_JS = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  const h1 = main.querySelector('h1');
  const box = h1 ? h1.getBoundingClientRect() : null;
  return {scrollTop: main.scrollTop, documentScroll: document.scrollingElement.scrollTop,
          heading: h1 ? h1.textContent.trim() : null, top: box ? box.top : null, bottom: box ? box.bottom : null,
          focused: !!h1 && document.activeElement === h1, viewport: window.innerHeight,
          landedOn: document.documentElement.dataset.landedOn || null};
}"""

# Streamlit 1.67 marks the app root with the script runner's state and the connection state,
# and marks elements of the previous run data-stale="true" until the new run replaces them.
SETTLED_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  return !!app
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector("[data-stale='true']")
    && !document.querySelector("[data-testid='stSkeleton']");
}"""


class App:
    """One browser page on the app, with the runs its session has finished."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.runs_finished = 0
        self.run_statuses: list[str] = []  # each finished run's status, e.g. FINISHED_FRAGMENT_RUN_SUCCESSFULLY
        self.reruns_sent: list[Any] = []  # the ClientState of every rerun the page asked for
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("websocket", self._on_websocket)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)

    # -- events -------------------------------------------------------------------------
    def _on_websocket(self, websocket: Any) -> None:
        if websocket.url.endswith("/_stcore/stream"):
            websocket.on("framereceived", self._on_frame)
            websocket.on("framesent", self._on_sent)

    def _on_sent(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        try:
            message = BackMsg.FromString(bytes(payload))
        except Exception:  # not ours to judge
            return
        if message.WhichOneof("type") == "rerun_script":
            self.reruns_sent.append(message.rerun_script)

    def _on_frame(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        try:
            message = ForwardMsg.FromString(bytes(payload))
        except Exception:  # not ours to judge; the page itself shows what went wrong
            return
        if message.WhichOneof("type") == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
            if status != "FINISHED_EARLY_FOR_RERUN":
                self.run_statuses.append(status)
            self.runs_finished += 1

    # -- waiting ------------------------------------------------------------------------
    def wait_for_runs(self, more_than: int, timeout: float = RUN_TIMEOUT_S) -> None:
        """Wait until more than ``more_than`` runs have finished, then until the page settles."""
        deadline = time.monotonic() + timeout
        while self.runs_finished <= more_than:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"No Streamlit run finished within {timeout:.0f} s (finished so far: {self.runs_finished})."
                )
            self.page.wait_for_timeout(POLL_MS)  # lets Playwright deliver websocket events
        self.settle()

    def settle(self) -> None:
        """Wait until the app is connected, idle and shows nothing stale."""
        self.page.wait_for_function(SETTLED_JS)

    def rerun(self, action: Callable[[], object]) -> None:
        """Do ``action`` (a click, a key press) and wait for the rerun it causes to finish."""
        before = self.runs_finished
        action()
        self.wait_for_runs(before)

    def open(self, query: str = "") -> None:
        """Load the app at ``/`` plus ``query`` (``?v=...`` or a full URL) and wait for its first run."""
        before = self.runs_finished
        self.page.goto(query if "://" in query else "/" + query.lstrip("/"))
        self.wait_for_runs(before)

    def reload(self) -> None:
        before = self.runs_finished
        self.page.reload()
        self.wait_for_runs(before)

    # -- reading and acting -------------------------------------------------------------
    @property
    def main(self) -> Any:
        return self.page.locator("[data-testid='stMain']")

    def text(self) -> str:
        """The visible text of the app's main area."""
        return str(self.main.inner_text())

    def click(self, button_name: str) -> None:
        self.rerun(lambda: self.page.get_by_role("button", name=button_name, exact=True).click())

    def query(self) -> str:
        """The page URL's query string, with its leading ``?`` (or ``""``)."""
        url = str(self.page.url)
        return url[url.index("?") :] if "?" in url else ""

    def screenshot(
        self, name: str, *, full_page: bool = True, clip_to: str | None = None, folder: Path = ARTIFACTS
    ) -> Path:
        return screenshot(self.page, name, full_page=full_page, clip_to=clip_to, folder=folder)

    # -- the app's own views ------------------------------------------------------------
    def heading(self) -> str:
        """The page's main (h1) heading."""
        return str(self.main.locator("h1").first.text_content() or "").strip()

    def choose(self, question_text: str, option_label: str) -> None:
        """Click an option of the radio group labelled ``question_text`` and wait for the rerun."""
        group = self.page.get_by_role("radiogroup", name=question_text, exact=True)
        self.rerun(lambda: group.locator("[data-testid='stRadioOption']").get_by_text(option_label, exact=True).click())
        assert self.chosen(question_text) == option_label, f"{question_text!r}: {option_label!r} did not stick"

    def chosen(self, question_text: str) -> str | None:
        """The label of the checked option of a radio group, or None."""
        group = self.page.get_by_role("radiogroup", name=question_text, exact=True)
        options = group.locator("[data-testid='stRadioOption']")
        for index in range(options.count()):
            option = options.nth(index)
            if option.locator("input[type='radio']").is_checked():
                return str(option.inner_text()).strip()
        return None

    def table(self) -> list[dict[str, str]]:
        """The rows of the page's first table (the results table is a markdown table) as header -> cell text."""
        table = self.main.locator("table").first
        headers = [str(h).strip() for h in table.locator("thead th").all_inner_texts()]
        rows = []
        for row in table.locator("tbody tr").all():
            cells = [str(c).strip() for c in row.locator("th, td").all_inner_texts()]
            rows.append(dict(zip(headers, cells, strict=True)))
        return rows

    def code_text(self) -> str:
        """The link a page hands out: on a results page the link its share block shows as text
        (``ui/share.py``), elsewhere the first code block's (the compare view's, a room's join link)."""
        shared = self.main.locator("[data-share-text]")
        if shared.count():
            return str(shared.first.inner_text()).strip()
        code = self.page.locator("[data-testid='stCode'] code").first
        code.wait_for(state="visible")
        return str(code.inner_text()).strip()

    def landed(self) -> dict[str, Any]:
        """Where the page opened: :data:`LANDED_JS` once the landing script has run (``ui/landing.py``)."""
        self.page.wait_for_function(
            """() => {
              const h1 = document.querySelector("[data-testid='stMain'] h1");
              const landed = document.documentElement.dataset.landedOn || '';
              return !!h1 && document.activeElement === h1 && landed.endsWith('\\n' + h1.textContent.trim());
            }"""
        )
        return dict(self.page.evaluate(LANDED_JS))

    def chart_marks(self) -> dict[str, Any]:
        """What the first Vega-Lite chart drew: renderer, size and how many marks and texts."""
        chart = self.main.locator("[data-testid='stVegaLiteChart']").first
        chart.locator("svg, canvas").first.wait_for(state="visible")
        return dict(
            chart.evaluate(
                """chart => {
                  const svg = chart.querySelector('svg.marks');
                  const canvas = chart.querySelector('canvas');
                  const box = (svg || canvas).getBoundingClientRect();
                  const info = {renderer: svg ? 'svg' : 'canvas', width: box.width, height: box.height,
                                left: box.left, right: box.right, top: box.top, bottom: box.bottom,
                                paths: 0, texts: [], inked: false};
                  if (svg) {
                    const drawn = [...svg.querySelectorAll('path')].filter(p => (p.getAttribute('d') || '').length > 4);
                    info.paths = drawn.length;
                    info.texts = [...svg.querySelectorAll('text')].map(t => t.textContent.trim()).filter(Boolean);
                    info.inked = info.paths > 0;
                  } else {
                    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) { info.inked = true; break; }
                  }
                  return info;
                }"""
            )
        )


def content_height(page: Any) -> int:
    """The full height of the app's content (it scrolls inside ``stMain``, not the document)."""
    return int(
        page.evaluate(
            """() => {
              const main = document.querySelector("[data-testid='stMain']");
              return Math.ceil(Math.max(main ? main.scrollHeight : 0, document.documentElement.scrollHeight));
            }"""
        )
    )


@contextmanager
def full_height(page: Any) -> Iterator[None]:
    """The viewport as tall as the content, so all of it is on screen (for axe and screenshots), then back."""
    size = dict(page.viewport_size)
    height = content_height(page)
    grown = height > size["height"]
    if grown:
        page.set_viewport_size({"width": size["width"], "height": height})
        _next_frames(page)
    try:
        yield
    finally:
        if grown:
            page.set_viewport_size(size)
            _next_frames(page)


def _next_frames(page: Any) -> None:
    """Wait two animation frames: the layout after a resize has been painted."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def screenshot(
    page: Any, name: str, *, full_page: bool = True, clip_to: str | None = None, folder: Path = ARTIFACTS
) -> Path:
    """Save ``<folder>/<name>.png`` (``test-artifacts/`` unless told) and return its path.

    ``full_page`` grows the viewport to the content first (Playwright's own full-page mode
    sees only the document, and Streamlit scrolls inside ``stMain``). ``clip_to`` (a CSS
    selector) keeps the content column from its first element down to the bottom of that
    element, plus a margin (cut short where the next element starts).
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    if not full_page:
        page.screenshot(path=str(path), animations="disabled")
        return path
    with full_height(page):
        clip = None
        if clip_to is not None:
            clip = page.evaluate(
                """(selector) => {
                  const target = document.querySelector(selector);
                  const column = document.querySelector("[data-testid='stMainBlockContainer']");
                  const first = document.querySelector("[data-testid='stMain'] [data-testid='stElementContainer']");
                  if (!target || !column || !first) return null;
                  const margin = 24;
                  const c = column.getBoundingClientRect();
                  const f = first.getBoundingClientRect();
                  const t = target.getBoundingClientRect();
                  const style = getComputedStyle(column);
                  const x = Math.max(0, c.left + parseFloat(style.paddingLeft) - margin);
                  const right = Math.min(window.innerWidth, c.right - parseFloat(style.paddingRight) + margin);
                  const y = Math.max(0, f.top - margin);
                  // the margin below stops short of the next element, so none of it shows
                  const inMain = "[data-testid='stMain'] [data-testid='stElementContainer']";
                  const elements = document.querySelectorAll(inMain);
                  const below = [...elements].map(e => e.getBoundingClientRect().top).filter(top => top >= t.bottom);
                  const bottom = Math.min(t.bottom + margin, ...below.map(top => top - 4));
                  return {x, y, width: right - x, height: bottom - y};
                }""",
                clip_to,
            )
            assert clip is not None, f"nothing to clip to: {clip_to}"
        page.screenshot(path=str(path), animations="disabled", clip=clip)
    return path
