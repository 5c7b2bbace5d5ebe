"""The router: a table of page addresses and the views they open (``ui/routes.py``, no Streamlit)."""

from __future__ import annotations

import ast
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from assessment.compare_link import compare_link
from assessment.link import LinkData, checksum, encode, link_layout, link_slots
from assessment.loader import load_model
from assessment.model import QuestionId
from assessment.query import parse_query
from rooms.links import (
    RoomLink,
    join_link_for,
    new_key,
    new_room_id,
    new_take_back_key,
    presenter_link_for,
    short_join_link_for,
)
from tests.profiles import answers_at
from ui import routes
from ui.routes import (
    COMPARE,
    DAMAGED,
    JOIN_ROOM,
    NEW_ROOM,
    NO_ROOM,
    PRESENT_ROOM,
    QUESTIONNAIRE,
    RESULTS,
    ROOM,
    START,
    route,
)

MODEL = load_model()
RESULTS_LINK = encode(MODEL, LinkData(answers_at(MODEL, 0.5), name="Acme", taken_on=date(2026, 11, 1)))
OTHER_LINK = encode(MODEL, LinkData(answers_at(MODEL, 0.25), name="Acme", taken_on=date(2026, 5, 1)))
NEWER = f"?v={MODEL.version + 1}&a=-&c=" + checksum(str(MODEL.version + 1), "-", "", "", "")
OLDER_SHAPE = (
    "?v=1&a=" + "0" * (link_slots(MODEL) + 1) + "&c=" + checksum("1", "0" * (link_slots(MODEL) + 1), "", "", "")
)
MANAGE_LINK = RoomLink(new_room_id(), new_key(), "manage")
JOIN_LINK = join_link_for(MANAGE_LINK)
PRESENT_LINK = presenter_link_for(MANAGE_LINK)
SHORT_LINK = short_join_link_for(MANAGE_LINK)
TAKE_BACK = new_take_back_key()


@pytest.mark.parametrize(
    ("address", "view", "step", "carries"),
    [
        ("", START, 0, None),
        ("?utm_source=newsletter", START, 0, None),
        ("?view=other", START, 0, None),
        (RESULTS_LINK + "&step=3", QUESTIONNAIRE, 3, "Acme"),
        (RESULTS_LINK + "&step=0", QUESTIONNAIRE, 1, "Acme"),
        (RESULTS_LINK + "&step=99", QUESTIONNAIRE, len(MODEL.dimensions), "Acme"),
        (RESULTS_LINK + "&step=two", QUESTIONNAIRE, 1, "Acme"),
        (RESULTS_LINK, RESULTS, 0, "Acme"),
        (RESULTS_LINK + "&utm_source=x", RESULTS, 0, "Acme"),
        (RESULTS_LINK[:-3], DAMAGED, 0, "damaged"),
        (RESULTS_LINK.replace("a=", "a=0", 1), DAMAGED, 0, "damaged"),
        ("?v=1", DAMAGED, 0, "damaged"),
        ("?n=Acme", DAMAGED, 0, "damaged"),
        (NEWER, DAMAGED, 0, "newer"),
        (OLDER_SHAPE, DAMAGED, 0, "damaged"),
        (compare_link([RESULTS_LINK, OTHER_LINK]), COMPARE, 0, 2),
        ("?l1=" + RESULTS_LINK[1:20], COMPARE, 0, 1),
        ("?l2=x", COMPARE, 0, "compare-damaged"),
        ("?view=compare", COMPARE, 0, 0),
        ("?view=compare&" + RESULTS_LINK[1:], COMPARE, 0, 1),
    ],
)
def test_addresses_open_their_views(address: str, view: str, step: int, carries: object) -> None:
    here = route(MODEL, parse_query(address))
    assert here.view == view
    assert here.step == step
    if view in (RESULTS, QUESTIONNAIRE):
        assert here.link is not None and here.data.name == carries
        assert dict(here.data.answers) == answers_at(MODEL, 0.5)
    elif view == DAMAGED:
        assert here.error is not None and here.error.kind == carries
        assert here.data == LinkData()
    elif view == START:
        assert here == routes.Route(START)
    elif carries == "compare-damaged":
        assert here.compare_error is not None and not here.queries
    else:
        assert len(here.queries) == carries and here.compare_error is None


@pytest.mark.parametrize(
    ("address", "view", "room", "step"),
    [
        ("?view=new-room", NEW_ROOM, None, 0),
        (MANAGE_LINK.query, ROOM, MANAGE_LINK, 0),
        (MANAGE_LINK.query + "&" + RESULTS_LINK[1:] + "&step=2", ROOM, MANAGE_LINK, 0),
        (JOIN_LINK.query, JOIN_ROOM, JOIN_LINK, 0),
        (JOIN_LINK.query + "&utm_source=x", JOIN_ROOM, JOIN_LINK, 0),
        (JOIN_LINK.query + "&" + RESULTS_LINK[1:] + "&step=3", QUESTIONNAIRE, JOIN_LINK, 3),
        (RESULTS_LINK + "&" + JOIN_LINK.query[1:], RESULTS, JOIN_LINK, 0),
        (RESULTS_LINK[:-3] + "&" + JOIN_LINK.query[1:], DAMAGED, JOIN_LINK, 0),
        (JOIN_LINK.query[:-1], NO_ROOM, None, 0),
        ("?room=" + MANAGE_LINK.room_id, NO_ROOM, None, 0),
        ("?join=" + JOIN_LINK.key, NO_ROOM, None, 0),
        (MANAGE_LINK.query + "&join=" + JOIN_LINK.key, NO_ROOM, None, 0),
        ("?room=x&manage=y&" + RESULTS_LINK[1:], NO_ROOM, None, 0),
        (PRESENT_LINK.query, PRESENT_ROOM, PRESENT_LINK, 0),
        (PRESENT_LINK.query + "&" + RESULTS_LINK[1:], PRESENT_ROOM, PRESENT_LINK, 0),
        (PRESENT_LINK.query[:-1], NO_ROOM, None, 0),
        (SHORT_LINK.query, JOIN_ROOM, SHORT_LINK, 0),
        (SHORT_LINK.query + "&" + RESULTS_LINK[1:] + "&step=2", QUESTIONNAIRE, SHORT_LINK, 2),
        (RESULTS_LINK + "&" + SHORT_LINK.query[1:] + "&mine=" + TAKE_BACK, RESULTS, SHORT_LINK, 0),
        (SHORT_LINK.query + "&mine=" + TAKE_BACK, JOIN_ROOM, SHORT_LINK, 0),
        (SHORT_LINK.query[:-1], NO_ROOM, None, 0),
        (SHORT_LINK.query + "&" + MANAGE_LINK.query[1:], NO_ROOM, None, 0),
    ],
)
def test_room_addresses_open_their_views(address: str, view: str, room: RoomLink | None, step: int) -> None:
    here = route(MODEL, parse_query(address))
    assert (here.view, here.room, here.step) == (view, room, step)
    if view in (RESULTS, QUESTIONNAIRE):
        assert here.data.name == "Acme" and dict(here.data.answers) == answers_at(MODEL, 0.5)


def test_only_a_join_link_travels_with_the_answers() -> None:
    answers = parse_query(RESULTS_LINK + "&step=2")
    assert routes.carried({**answers, **JOIN_LINK.params}) == JOIN_LINK.params
    assert routes.joining({**answers, **JOIN_LINK.params}) == JOIN_LINK
    assert routes.carried({**answers, **MANAGE_LINK.params}) == {}  # never a facilitator key
    assert routes.carried({**answers, "room": JOIN_LINK.room_id, "join": "short"}) == {}
    assert routes.carried(answers) == {}
    assert routes.carried({**answers, **PRESENT_LINK.params}) == {}  # nor a presenter key
    assert routes.carried({**answers, **SHORT_LINK.params}) == SHORT_LINK.params == {"j": SHORT_LINK.key}
    mine = {**answers, **SHORT_LINK.params, "mine": TAKE_BACK}
    assert routes.carried(mine) == {"j": SHORT_LINK.key, "mine": TAKE_BACK}  # the take-back key goes along
    assert routes.carried({**answers, **JOIN_LINK.params, "mine": TAKE_BACK[:-1]}) == JOIN_LINK.params  # damaged
    assert routes.carried({**answers, "mine": TAKE_BACK}) == {}  # without a join link it means nothing


def test_a_results_link_opened_for_comparison_keeps_its_parameters() -> None:
    here = route(MODEL, {**parse_query(RESULTS_LINK), "view": "compare"})
    assert here.queries == (RESULTS_LINK,)


def test_the_router_is_pure() -> None:
    tree = ast.parse(Path(routes.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any((name or "").split(".")[0] == "streamlit" for name in imported)


def test_an_older_link_opens_its_results_and_names_the_new_questions() -> None:
    first = MODEL.questions[0]
    added = replace(first, id=QuestionId("goals.added"), key=link_slots(MODEL), added=MODEL.version + 1)
    newer = replace(
        MODEL,
        version=MODEL.version + 1,
        questions=(*MODEL.questions, added),
        link_history=(*MODEL.link_history, link_layout(MODEL)),
    )
    here = route(newer, parse_query(RESULTS_LINK))
    assert here.view == RESULTS
    assert here.link is not None and [q.id for q in here.link.new_questions] == ["goals.added"]
    assert dict(here.data.answers) == answers_at(MODEL, 0.5)


def test_a_link_of_content_version_1_opens_its_results() -> None:
    frozen = json.loads((Path(__file__).parent / "fixtures" / "v1-links.json").read_text(encoding="utf-8"))
    here = route(MODEL, parse_query(frozen["links"]["gated"]))
    assert here.view == RESULTS and here.link is not None
    assert here.link.link_version == 1 and here.link.older and here.data.name == "Riverside Bakery"


def test_a_quick_check_opens_on_its_own_pages_and_continuing_asks_only_the_rest() -> None:
    quick = encode(MODEL, LinkData(variant="quick"))
    here = route(MODEL, {**parse_query(quick), "step": "9"})
    assert here.view == QUESTIONNAIRE and here.step == routes.QUICK_STEPS and not here.rest
    pages = routes.steps(MODEL, "quick")
    assert len(pages) == routes.QUICK_STEPS
    assert [q for page in pages for q in page.questions] == list(MODEL.questions_in("quick"))
    full = encode(MODEL, LinkData())
    rest = route(MODEL, {**parse_query(full), "step": "2", "only": "rest"})
    assert rest.view == QUESTIONNAIRE and rest.rest
    for page in routes.steps(MODEL, "full", rest=True):
        assert not set(page.questions) & set(MODEL.questions_in("quick")) and page.questions
    assert not route(MODEL, {**parse_query(quick), "step": "1", "only": "rest"}).rest  # only a full link continues


@pytest.mark.parametrize(
    ("extra", "review", "check"),
    [
        ("", False, False),
        ("&from=results", True, False),
        ("&check=results", False, True),
        ("&from=results&check=results", True, True),
        ("&from=elsewhere&check=1", False, False),
    ],
)
def test_a_questionnaire_page_knows_it_was_opened_from_the_results_or_asks_before_them(
    extra: str, review: bool, check: bool
) -> None:
    here = route(MODEL, parse_query(RESULTS_LINK + "&step=4" + extra))
    assert (here.view, here.step, here.review, here.check) == (QUESTIONNAIRE, 4, review, check)
    assert dict(here.data.answers) == answers_at(MODEL, 0.5)  # neither is part of the results link
    results = route(MODEL, parse_query(RESULTS_LINK + extra))
    assert results.view == RESULTS and not results.review and not results.check


def test_each_page_has_its_own_key_and_answers_or_targets_do_not_change_it() -> None:
    keys = {
        address: routes.page_key(route(MODEL, parse_query(address)))
        for address in (
            "",
            RESULTS_LINK,
            RESULTS_LINK + "&step=1",
            RESULTS_LINK + "&step=2",
            RESULTS_LINK + "&step=2&only=rest",
            RESULTS_LINK + "&step=2&check=results",
            encode(MODEL, LinkData(variant="quick")) + "&step=1",
            "?view=compare",
            "?view=new-room",
            JOIN_LINK.query,
            MANAGE_LINK.query,
        )
    }
    assert len(set(keys.values())) == len(keys), keys
    same = [RESULTS_LINK, OTHER_LINK, encode(MODEL, LinkData(answers_at(MODEL, 0.5), "Acme", "managed"))]
    assert len({routes.page_key(route(MODEL, parse_query(a))) for a in same}) == 1
    steps = [RESULTS_LINK + "&step=3", OTHER_LINK + "&step=3&from=results"]
    assert len({routes.page_key(route(MODEL, parse_query(a))) for a in steps}) == 1


@pytest.mark.parametrize(
    ("answered", "asked", "ask"),
    [(0, 13, True), (6, 13, True), (7, 13, False), (17, 35, True), (18, 35, False), (0, 0, False)],
)
def test_results_are_asked_for_again_below_half_the_questions_answered(answered: int, asked: int, ask: bool) -> None:
    assert routes.too_few_answered(answered, asked) is ask
