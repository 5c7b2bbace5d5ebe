"""Where a page address leads: its query parameters become a typed :class:`Route`.

Pure: no Streamlit, no I/O, never raises (``app.py`` dispatches on the result; ``tests/test_routes.py``
holds the table of addresses and the views they open).

The address is the app's only store. The results-link parameters (``v``, ``a``, ``t``, ``d``,
``n``, ``c``, see :mod:`assessment.link`) carry the answers; the app adds ``step`` while the
questionnaire is open. Without ``step`` the address *is* the shareable results link. Beside
``step``, ``from=results`` marks a questionnaire page opened from the results to change an answer
(its first button goes back to them), and ``check=results`` the question asked before results
with fewer than half the questions answered (:func:`too_few_answered`).

The compare view has two ways in, checked before anything else:

* a **compare link** ``?l1=<results query>&l2=...`` (:func:`assessment.compare_link.compare_link`)
  opens the view with those results compared; the address *is* the shareable compare link;
* ``?view=compare`` opens the view with an empty list to paste into, and ``?view=compare``
  *plus* a results link's parameters (the results page's "Compare with another result")
  opens it with that one result already in the list.

Team rooms (:mod:`rooms.links`) come next: ``?view=new-room`` opens the form that creates
one; a **facilitator link** ``?room=<id>&manage=<key>`` opens the room's page; a **presenter
link** ``?room=<id>&present=<key>`` the presenter view; a **join link** (``?j=<code>``, or
``?room=<id>&join=<key>``) opens the page that invites a member in, and with a results link's
parameters beside it (and ``step``) the questionnaire or the results as usual, the join link
and a member's take-back key travelling along (:func:`carried`) so the results page can add
the result to the room, or take it back. A malformed room link opens the "no room" view,
whatever kind it was meant to be.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import quote, urlencode

from assessment.compare_link import is_compare_link, parse_compare_link
from assessment.errors import DAMAGED as DAMAGED_LINK
from assessment.errors import CompareError, LinkError
from assessment.link import KNOWN_PARAMS, DecodedLink, LinkData, decode_params, is_results_link
from assessment.model import Model, Question, Variant
from rooms.errors import NoRoom
from rooms.links import JOIN, MANAGE, PRESENT, TAKE_BACK_PARAM, RoomLink, is_room_address, room_link, take_back_key

# The launcher (ui/serve.py) sends an address that does not fit (address_fits) here instead.
DAMAGED_PARAM, TOO_LONG = "damaged", "too-long"
MAX_ADDRESS_LENGTH = 8_000
MAX_ADDRESS_PARAMS = 100
TOO_LONG_ERROR = LinkError(DAMAGED_LINK + "It is far longer than any link this app makes.")
STEP_PARAM = "step"
REST_PARAM, REST = "only", "rest"  # continuing a quick check: the full questionnaire asks only the rest
FROM_PARAM, FROM_RESULTS = "from", "results"  # a questionnaire page opened from the results
CHECK_PARAM, CHECK_RESULTS = "check", "results"  # "see results anyway?" before results with few answers
QUESTIONNAIRE_PARAMS = (STEP_PARAM, REST_PARAM, FROM_PARAM, CHECK_PARAM)  # the app's, beside the link's
VIEW_PARAM, COMPARE_VIEW, NEW_ROOM_VIEW = "view", "compare", "new-room"
QUICK_STEPS = 1  # the quick check asks its questions on this many steps (15 clicks to a result)
View = Literal[
    "start", "questionnaire", "results", "damaged", "compare", "new_room", "room", "present", "join", "no_room"
]
START: View = "start"
QUESTIONNAIRE: View = "questionnaire"
RESULTS: View = "results"
DAMAGED: View = "damaged"
COMPARE: View = "compare"
NEW_ROOM: View = "new_room"
ROOM: View = "room"  # the facilitator's page
PRESENT_ROOM: View = "present"  # the presenter view
JOIN_ROOM: View = "join"  # a join link on its own: the invitation
NO_ROOM: View = "no_room"


@dataclass(frozen=True)
class Route:
    """Which view an address asks for, and what it carries."""

    view: View
    link: DecodedLink | None = None  # questionnaire and results: the decoded results link
    step: int = 0  # questionnaire: the step, 1 to the number of dimensions
    error: LinkError | None = None  # damaged: why the link cannot be opened
    queries: tuple[str, ...] = ()  # compare: the results queries ("?v=...") it opens with
    compare_error: CompareError | None = None  # compare: a damaged compare link
    rest: bool = False  # questionnaire: only the questions a quick check did not ask
    review: bool = False  # questionnaire: opened from the results to change an answer
    check: bool = False  # questionnaire: asking whether to see results with fewer than half answered
    room: RoomLink | None = None  # room: the facilitator link; join, questionnaire, results: the join link

    @property
    def data(self) -> LinkData:
        """What the link carries; empty answers when there is none."""
        return self.link.data if self.link else LinkData()


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


def encoded(params: Mapping[str, str]) -> str:
    """``params`` as Streamlit writes them into the address (to measure against :func:`address_fits`)."""
    # surrogatepass: route() must never raise, even on a lone surrogate.
    return urlencode(params, errors="surrogatepass")


def route(model: Model, params: Mapping[str, str]) -> Route:
    """The view these query parameters ask for. Never raises: a damaged link is a view too."""
    if params.get(DAMAGED_PARAM) == TOO_LONG or not address_fits(encoded(params)):
        return Route(DAMAGED, error=TOO_LONG_ERROR)
    if is_compare_link(params):
        try:
            return Route(COMPARE, queries=tuple(parse_compare_link(params)))
        except CompareError as error:
            return Route(COMPARE, compare_error=error)
    if is_room_address(params):
        return _room_route(model, params)
    if params.get(VIEW_PARAM) == NEW_ROOM_VIEW:
        return Route(NEW_ROOM)
    codec = {k: v for k, v in params.items() if k not in (VIEW_PARAM, *QUESTIONNAIRE_PARAMS)}
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
    rest = params.get(REST_PARAM) == REST and link.data.variant == "full"
    count = len(steps(model, link.data.variant, rest))
    return Route(
        QUESTIONNAIRE,
        link=link,
        step=clamp_step(count, params[STEP_PARAM]),
        rest=rest,
        review=params.get(FROM_PARAM) == FROM_RESULTS,
        check=params.get(CHECK_PARAM) == CHECK_RESULTS,
    )


def page_key(here: Route) -> str:
    """Which page a route shows, as far as opening it at its top goes (:func:`ui.landing.land`): its
    view, and for the questionnaire its variant, step and whether it asks before the results. Two
    addresses with the same key are the same page (an answer given, another target chosen), so
    moving between them keeps the scroll position; a new key opens the page at its top."""
    if here.view != QUESTIONNAIRE:
        return here.view
    rest = "-rest" if here.rest else ""
    check = "-check" if here.check else ""
    return f"{here.view}-{here.data.variant}{rest}-{here.step}{check}"


def too_few_answered(answered: int, asked: int) -> bool:
    """Whether to ask before showing results: fewer than half of the questions asked are answered
    (an empty questionnaire included). Such results mostly say to find the answers out first."""
    return answered * 2 < asked


def _room_route(model: Model, params: Mapping[str, str]) -> Route:
    try:
        link = room_link(params)
    except NoRoom:
        return Route(NO_ROOM)
    if link.role == MANAGE:
        return Route(ROOM, room=link)
    if link.role == PRESENT:
        return Route(PRESENT_ROOM, room=link)
    rest = {k: v for k, v in params.items() if k not in link.params and k not in (VIEW_PARAM, TAKE_BACK_PARAM)}
    if not is_results_link(rest):
        return Route(JOIN_ROOM, room=link)
    return replace(route(model, rest), room=link)


def joining(params: Mapping[str, str]) -> RoomLink | None:
    """The join link in these parameters, if they carry a well-formed one (never a facilitator link)."""
    if not is_room_address(params):
        return None
    try:
        link = room_link(params)
    except NoRoom:
        return None
    return link if link.role == JOIN else None


def carried(params: Mapping[str, str]) -> dict[str, str]:
    """What travels in the address beside the answers while a member takes the assessment: the
    join link's parameters and, once they added a result, their take-back key; nothing else (never
    a facilitator or presenter key)."""
    link = joining(params)
    if link is None:
        return {}
    key = take_back_key(params)
    return {**link.params, **({TAKE_BACK_PARAM: key} if key else {})}


def results_query(params: Mapping[str, str]) -> str:
    """The results query (``?v=...``) made of the results-link parameters among ``params``, as they are."""
    # surrogatepass: a lone surrogate cannot come from a browser, but route() must never raise;
    # the escaped bytes then fail parse_query's strict UTF-8 decoding like any damaged link.
    return "?" + "&".join(
        f"{key}={quote(params[key], safe='', errors='surrogatepass')}" for key in KNOWN_PARAMS if key in params
    )


def clamp_step(count: int, text: str) -> int:
    """``step`` as a number from 1 to ``count`` steps; unreadable means 1."""
    try:
        step = int(text)
    except ValueError:
        return 1
    return min(max(step, 1), count)


@dataclass(frozen=True)
class QuestionPage:
    """One page of the questionnaire: its heading, the line under it, and its questions."""

    title: str
    intro: str
    questions: tuple[Question, ...]


def steps(model: Model, variant: Variant = "full", rest: bool = False) -> tuple[QuestionPage, ...]:
    """The questionnaire's pages. The full assessment asks one dimension per page (with ``rest``,
    only the questions the quick check did not ask); the quick check splits its questions, in
    questionnaire order, over :data:`QUICK_STEPS` pages as evenly as they go."""
    if variant == "quick":
        asked = model.questions_in("quick")
        size, extra = divmod(len(asked), QUICK_STEPS)
        pages, start = [], 0
        for number in range(QUICK_STEPS):
            end = start + size + (1 if number < extra else 0)
            if asked[start:end]:
                intro = (
                    "The questions that best predict the level the full assessment would give. From your "
                    "results you can go on to the full assessment without answering these again."
                )
                pages.append(QuestionPage("Quick check", intro, asked[start:end]))
            start = end
        return tuple(pages)
    skipped = set(model.quick_questions) if rest else set()
    return tuple(
        QuestionPage(d.name, d.question, tuple(q for q in model.questions_on_page(d.id) if q.id not in skipped))
        for d in model.dimensions
    )


def step_of(model: Model, question: Question, variant: Variant = "full", rest: bool = False) -> int:
    """The questionnaire page (1-based) that asks ``question`` (1 when no page asks it)."""
    for number, page in enumerate(steps(model, variant, rest), 1):
        if question in page.questions:
            return number
    return 1
