"""Where the app's state lives: the model (once per process) and the page URL (everything else).

The URL is the only store. Codec parameters (``v``, ``a``, ``t``, ``d``, ``n``, ``c``) come
from :func:`assessment.link.encode`; the app adds one of its own, ``step``, while the
questionnaire is open. Without ``step`` the URL *is* the shareable results link.

The compare view has two ways in, checked before anything else:

* a **compare link** ``?l1=<results query>&l2=...`` (:func:`assessment.compare.compare_link`)
  opens the view with those results compared; the URL *is* the shareable compare link;
* ``?view=compare`` opens the view with an empty list to paste into, and
  ``?view=compare`` *plus* a results link's codec parameters (the results page's "Compare
  with another result") opens it with that one result already in the list.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import quote, urlencode

import streamlit as st

from assessment import loader
from assessment.compare import CompareError, is_compare_link, parse_compare_link
from assessment.errors import AssessmentError, LinkError
from assessment.link import DAMAGED as DAMAGED_LINK
from assessment.link import (
    KNOWN_PARAMS,
    DecodedLink,
    LinkData,
    decode_params,
    encode,
    is_results_link,
    parse_query,
)
from assessment.model import Model, Question

STEP_PARAM = "step"
VIEW_PARAM, COMPARE_VIEW = "view", "compare"
START, QUESTIONNAIRE, RESULTS, DAMAGED, COMPARE = "start", "questionnaire", "results", "damaged", "compare"
# The launcher (ui/serve.py) sends an address that does not fit (address_fits) here instead.
DAMAGED_PARAM, TOO_LONG = "damaged", "too-long"
MAX_ADDRESS_LENGTH = 8_000
MAX_ADDRESS_PARAMS = 100
TOO_LONG_ERROR = LinkError(DAMAGED_LINK + "It is far longer than any link this app makes.")


_once = threading.Lock()
_models: list[Model] = []  # the process's model, once loaded
_frozen: list[int] = []  # how many objects the process's one freeze moved, once it has run


def get_model() -> Model:
    """The validated model, loaded once per process and kept for its life; a failed load is retried next run.

    Held here rather than in ``st.cache_resource``: any client can send Streamlit's
    clear-cache message, which empties every ``st.cache_resource`` for every session, and
    each visitor's next run would then load the model again (6× the CPU of a normal rerun).
    """
    with _once:
        if not _models:
            _models.append(loader.load_model())
        return _models[0]


def freeze_startup_heap() -> int:
    """Move everything alive after the first run's imports and model load out of the collector's sight.

    Streamlit runs a full ``gc.collect(2)`` after every script run (``runner.postScriptGC``,
    on by default, so memory is returned between runs). Its cost is proportional to the
    objects it has to scan, and about 120,000 of them are pandas, Altair, Streamlit and the
    model: imported once, alive for the whole process, never garbage. ``gc.freeze()`` moves
    them to the permanent generation, so each collection only scans what sessions and runs
    made since (``bench/RESULTS.md``, rerun and load).

    Once per process, whatever a client sends (a flag here, not ``st.cache_resource``).
    Frozen objects stay out of the collector's reach for good, so a second freeze (it ran
    again after a client's clear-cache message, when it sat behind ``st.cache_resource``)
    would pin whatever a visitor's session held at that moment, such as uploaded files.
    Returns how many objects the freeze moved. (Not ``gc.get_freeze_count()`` on every run:
    it walks the whole frozen list, ~30 ms a run, which tripled a new session's CPU.)
    """
    with _once:
        if not _frozen:
            gc.collect()
            gc.freeze()
            _frozen.append(gc.get_freeze_count())
        return _frozen[0]


def load_model_or_stop() -> Model:
    """The model, or a readable error and a stopped page when the content does not validate."""
    try:
        model = get_model()
        freeze_startup_heap()
        return model
    except AssessmentError as error:
        st.error(f"The assessment content could not be loaded. {error}")
        st.stop()
        raise  # unreachable: st.stop() ends the run


@dataclass(frozen=True)
class Route:
    """Which view the current URL asks for, and what it carries."""

    view: str
    link: DecodedLink | None = None
    step: int = 0
    error: LinkError | None = None
    queries: tuple[str, ...] = ()  # compare view: the results queries ("?v=...") it opens with
    compare_error: CompareError | None = None  # compare view: a damaged compare link

    @property
    def data(self) -> LinkData:
        return self.link.data if self.link else LinkData()


def current_params() -> dict[str, str]:
    return st.query_params.to_dict()


def address_fits(query: str) -> bool:
    """Whether a query string (without its ``?``) is one this app could have made: the one bound on addresses.

    At most 8,000 characters: nginx and Apache take request lines up to 8 KiB by default,
    so any address the app writes reloads through a default reverse proxy (uvicorn alone
    takes 16 KiB of request head). The longest the app makes is a compare link of ten
    results with long non-Latin names (about 1,300 characters each, names percent-encoded
    twice); a results link is under 900. At most 100 parameters: ten times a compare
    link's, far under the 1,000 beyond which Streamlit drops the whole query unseen.
    Anything longer is damaged (a paste joined to other text, say): the app neither writes
    it nor opens it, and the launcher turns it into the damaged-link message.
    """
    return len(query) <= MAX_ADDRESS_LENGTH and query.count("&") < MAX_ADDRESS_PARAMS


def _encoded(params: Mapping[str, str]) -> str:
    # As Streamlit writes the address; surrogatepass: route() must never raise, even on a lone surrogate.
    return urlencode(params, errors="surrogatepass")


def set_address(params: Mapping[str, str]) -> bool:
    """Write ``params`` into the page address, unless they do not fit (:func:`address_fits`); whether it wrote."""
    if not address_fits(_encoded(params)):
        return False
    st.query_params.from_dict(params)
    return True


def route(model: Model, params: Mapping[str, str]) -> Route:
    """Decide the view from the URL's query parameters. Never raises."""
    if params.get(DAMAGED_PARAM) == TOO_LONG or not address_fits(_encoded(params)):
        return Route(DAMAGED, error=TOO_LONG_ERROR)
    if is_compare_link(params):
        try:
            return Route(COMPARE, queries=tuple(parse_compare_link(params)))
        except CompareError as error:
            return Route(COMPARE, compare_error=error)
    codec = {k: v for k, v in params.items() if k not in (STEP_PARAM, VIEW_PARAM)}
    if params.get(VIEW_PARAM) == COMPARE_VIEW:
        return Route(COMPARE, queries=(results_query(codec),) if is_results_link(codec) else ())
    if not is_results_link(codec):
        return Route(START)
    try:
        link = decode_params(model, codec)
    except LinkError as error:
        return Route(DAMAGED, error=error)
    if STEP_PARAM not in params:
        return Route(RESULTS, link=link)
    return Route(QUESTIONNAIRE, link=link, step=clamp_step(model, params[STEP_PARAM]))


def results_query(params: Mapping[str, str]) -> str:
    """The results query (``?v=...``) made of the codec parameters among ``params``, as they are."""
    # surrogatepass: a lone surrogate cannot come from a browser, but route() must never raise;
    # the escaped bytes then fail parse_query's strict UTF-8 decoding like any damaged link.
    return "?" + "&".join(
        f"{key}={quote(params[key], safe='', errors='surrogatepass')}" for key in KNOWN_PARAMS if key in params
    )


def open_compare(params: Mapping[str, str] | None = None) -> None:
    """Go to the compare view, carrying a results link's parameters along if given."""
    set_address({**(params or {}), VIEW_PARAM: COMPARE_VIEW})


def clamp_step(model: Model, text: str) -> int:
    """``step`` as a number from 1 to the number of dimensions; unreadable means 1."""
    try:
        step = int(text)
    except ValueError:
        return 1
    return min(max(step, 1), len(model.dimensions))


def current_link(model: Model) -> LinkData:
    """The link data in the URL right now (empty if the URL holds none or a damaged one)."""
    here = route(model, current_params())
    return here.data


def write(model: Model, data: LinkData, step: int | None = None) -> None:
    """Put ``data`` (and the questionnaire ``step``, if any) into the URL in one write.

    One write is one browser history entry; nothing is written when nothing changed.
    """
    params = parse_query(encode(model, data))
    if step is not None:
        params[STEP_PARAM] = str(step)
    if params != current_params():
        set_address(params)  # a results link always fits: its name is at most 60 characters


def clear() -> None:
    st.query_params.clear()


def with_date(data: LinkData) -> LinkData:
    """``data`` stamped with today's date if it has none yet."""
    return data if data.taken_on else replace(data, taken_on=date.today())


def step_of(model: Model, question: Question) -> int:
    """The questionnaire step (1-based) that asks ``question``."""
    ids = [d.id for d in model.dimensions]
    return ids.index(question.dimension) + 1


def widget_key(question: Question) -> str:
    return f"q_{question.id}"


def answers_with_widgets(model: Model, data: LinkData, step: int) -> dict[str, str]:
    """The URL's answers, overlaid with what this step's radios hold right now.

    The overlay keeps an answer given while the previous URL write was still on its way
    to the browser: the rerun then carries the older URL but both radio values.
    """
    answers = dict(data.answers)
    dimension = model.dimensions[step - 1]
    for question in model.questions_of(dimension.id):
        value = st.session_state.get(widget_key(question))
        if isinstance(value, str) and model.scale_of(question).option(value) is not None:
            answers[question.id] = value
    return answers
