"""Results links: round trips, compactness, damage detection, older versions, dates, properties."""

from __future__ import annotations

import copy
import json
import pickle
import re
from dataclasses import FrozenInstanceError, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.errors import AnswerError, AssessmentError, LinkError
from assessment.link import MAX_NAME_LENGTH, LinkData, checksum, clean_name, decode, encode, link_layout, link_slots
from assessment.loader import load_model
from assessment.model import NOT_APPLICABLE, Model, QuestionId
from assessment.query import parse_query
from assessment.scoring import score
from tests import strategies
from tests.profiles import all_unsure, answers_at

MODEL = load_model()


def test_full_assessment_link_is_compact(model: Model) -> None:
    link = encode(model, LinkData(answers_at(model, 1.0), target="asset", taken_on=date(2026, 11, 22)))
    assert link.startswith("?v=")
    assert len(link) < 120


def test_round_trip_with_name_target_and_date(model: Model) -> None:
    data = LinkData(answers_at(model, 0.5), name="Café Ünïcode & Co. 🚀", target="managed", taken_on=date(2026, 11, 22))
    decoded = decode(model, "https://example.org/app/" + encode(model, data))
    assert decoded.data == data
    assert decoded.link_version == model.version
    assert not decoded.older


@pytest.mark.parametrize("prefix", ["", "?", "http://localhost:8501/?", "https://x.example/sub/path/?"])
def test_accepts_urls_and_bare_queries(model: Model, prefix: str) -> None:
    data = LinkData(all_unsure(model))
    query = encode(model, data).removeprefix("?")
    assert decode(model, prefix + query).data == data


def test_empty_answers_round_trip(model: Model) -> None:
    assert decode(model, encode(model, LinkData())).data == LinkData()


def _valid_link(model: Model) -> str:
    return encode(model, LinkData(answers_at(model, 0.5), name="Acme", taken_on=date(2026, 1, 2)))


@pytest.mark.parametrize(
    "damage",
    [
        lambda link: link[:-3],  # truncated checksum
        lambda link: link[: len(link) // 2],  # cut in the middle
        lambda link: link.replace("a=", "a=4", 1),  # one answer too many
        lambda link: re.sub(r"(&a=[^&]*?)2", r"\g<1>3", link, count=1),  # an answer edited
        lambda link: link.replace("n=Acme", "n=Acne"),  # the name edited
        lambda link: link.replace("d=20260102", "d=20260103"),  # the date edited
        lambda link: link + "&a=0",  # a part repeated
        lambda link: "?foo=bar&a=1",  # foreign
        lambda link: "?v=1",  # parts missing
        lambda link: link.replace("n=Acme", "n=%FF%FE"),  # undecodable
        lambda link: "?" + "a" * 100_000,  # absurdly long
    ],
)
def test_damaged_links_raise_link_error(model: Model, damage: object) -> None:
    link = _valid_link(model)
    assert callable(damage)
    with pytest.raises(LinkError, match="damaged") as raised:
        decode(model, damage(link))
    assert raised.value.kind == "damaged"


def _forge(version: str, answers: str, target: str = "", taken_on: str = "", name: str = "") -> str:
    """A link with a correct checksum, as an older or newer app would have made it."""
    parts = [f"v={version}", f"a={answers}"]
    parts += [f"t={target}"] if target else []
    parts += [f"d={taken_on}"] if taken_on else []
    parts += [f"n={quote(name, safe='')}"] if name else []
    return "?" + "&".join(parts) + "&c=" + checksum(version, answers, target, taken_on, name)


def test_forged_checksum_helper_matches_encoder(model: Model) -> None:
    link = _valid_link(model)
    params = parse_query(link)
    assert _forge(params["v"], params["a"], "", params["d"], params["n"]) == link


def _one_answer(model: Model, char: str, question: int = 0) -> str:
    """Answer characters with ``char`` at one question's key and the rest unanswered."""
    key = model.questions[question].key
    return "-" * key + char + "-" * (link_slots(model) - key - 1)


@pytest.mark.parametrize(("char", "question"), [("9", 0), ("5", 0), ("x", 0), ("z", 0), ("%", 0), ("x", 1)])
def test_out_of_range_answers_with_valid_checksum_are_rejected(model: Model, char: str, question: int) -> None:
    assert not model.questions[question].not_applicable  # "x" is an answer only where "does not apply" is offered
    with pytest.raises(LinkError, match="answers"):
        decode(model, _forge(str(model.version), _one_answer(model, char, question)))


def test_does_not_apply_travels_as_x_where_it_is_offered(model: Model) -> None:
    # Content 3 offers it nowhere (a fact decides instead); the codec still carries it for content that does.
    question = replace(model.scored_questions[0], not_applicable="Does not apply: we have no such thing")
    offering = replace(model, questions=tuple(question if q.id == question.id else q for q in model.questions))
    data = LinkData({question.id: NOT_APPLICABLE})
    link = encode(offering, data)
    assert parse_query(link)["a"][question.key] == "x"
    assert decode(offering, link).data == data


def test_a_fact_travels_as_its_option_number(model: Model) -> None:
    fact = next(q for q in model.questions if q.fact)
    for number, option in enumerate(model.options_of(fact)):
        data = LinkData({fact.id: option.id})
        link = encode(model, data)
        assert parse_query(link)["a"][fact.key] == str(number)
        assert decode(model, link).data == data
    with pytest.raises(LinkError):  # a fact has no "Not sure"
        decode(
            model, _forge(str(model.version), "".join("n" if k == fact.key else "-" for k in range(link_slots(model))))
        )


def test_link_from_newer_version_is_refused_with_its_own_message(model: Model) -> None:
    with pytest.raises(LinkError, match="newer version") as raised:
        decode(model, _forge(str(model.version + 1), "0" * link_slots(model)))
    assert raised.value.kind == "newer"


def _next_version(model: Model, **changes: Any) -> Model:
    """The model one content version on, with this version's link layout recorded in its history."""
    return replace(model, version=model.version + 1, link_history=(*model.link_history, link_layout(model)), **changes)


def test_older_link_keeps_its_answers_and_names_the_questions_added_since(model: Model) -> None:
    first = model.questions[0]
    added = replace(first, id=QuestionId("goals.added"), key=link_slots(model), added=model.version + 1)
    newer = _next_version(model, questions=(*model.questions, added))
    decoded = decode(newer, encode(model, LinkData(answers_at(model, 0.5), name="Acme")))
    assert decoded.older and decoded.link_version == model.version and decoded.dropped == 0
    assert [q.id for q in decoded.new_questions] == ["goals.added"]
    assert dict(decoded.data.answers) == answers_at(model, 0.5)


def test_older_link_drops_answers_to_removed_questions_and_reasks_changed_ones(model: Model) -> None:
    removed, changed = model.questions[0], model.questions[1]
    other_scale = next(s for s in model.scales if s.id != changed.scale)
    newer = _next_version(
        model,
        questions=tuple(replace(q, scale=other_scale.id) if q == changed else q for q in model.questions[1:]),
        retired_question_keys=(*model.retired_question_keys, removed.key),
    )
    old_answers = answers_at(model, 0.5)
    decoded = decode(newer, encode(model, LinkData(old_answers)))
    assert decoded.dropped == 1
    assert [q.id for q in decoded.new_questions] == [changed.id]
    kept = {q: o for q, o in old_answers.items() if q not in (removed.id, changed.id)}
    assert dict(decoded.data.answers) == kept


@pytest.mark.parametrize("version", [1, 2])
def test_every_older_link_opens_with_what_still_exists(model: Model, version: int) -> None:
    """Links made with earlier content versions (frozen in tests/fixtures) open in the current content:
    each answer whose question and option still exist is kept, by id; an old "does not apply" to a
    question of a dimension that now does not apply by a fact answers that fact (one network);
    questions added since or whose answer no longer exists come back unanswered and are named; the
    rest are counted as dropped."""
    fixture = Path(__file__).parent / "fixtures" / f"v{version}-links.json"
    frozen = json.loads(fixture.read_text(encoding="utf-8"))
    assert model.version > version and frozen["links"]
    for name, link in frozen["links"].items():
        old = frozen["answers"][name]
        decoded = decode(model, link)
        assert decoded.link_version == version and decoded.older, name
        kept = {
            q: o for q, o in old.items() if (question := model.question(q)) and model.option(question, o) is not None
        }
        facts = {
            q: model.dimension(question.dimension).not_applicable_when for q in old if (question := model.question(q))
        }
        derived = {}
        for q, fact in facts.items():
            if old[q] == NOT_APPLICABLE and q not in kept and fact is not None:
                derived[fact[0]] = fact[1]
        assert dict(decoded.data.answers) == {**derived, **kept}, name
        assert decoded.dropped == sum(1 for q in old if model.question(q) is None), name
        reasked = {q for q in facts if q not in kept and not (old[q] == NOT_APPLICABLE and facts[q] is not None)}
        asked = {q.id for q in model.questions_in(decoded.data.variant)}
        added = {q.id for q in model.questions if q.added > version and q.id not in derived}
        assert {q.id for q in decoded.new_questions} == (added | reasked) & asked, name
        assert score(model, decoded.data.answers, variant=decoded.data.variant).missing_questions or not added


def test_encode_rejects_bad_input(model: Model) -> None:
    with pytest.raises(AnswerError):
        encode(model, LinkData({"nope": "x"}))
    with pytest.raises(LinkError):
        encode(model, LinkData(name="x" * (MAX_NAME_LENGTH + 1)))
    with pytest.raises(AnswerError):
        encode(model, LinkData(target="legend"))


def test_clean_name_trims_and_collapses_whitespace() -> None:
    assert clean_name("  Acme \n\t Ltd  ") == "Acme Ltd"
    assert len(clean_name("x" * 500)) == MAX_NAME_LENGTH


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=500)
@given(strategies.link_data(MODEL))
def test_decode_inverts_encode(data: LinkData) -> None:
    assert decode(MODEL, encode(MODEL, data)).data == data


@settings(max_examples=1000)
@given(
    strategies.link_data(MODEL).flatmap(lambda data: st.tuples(st.just(data), strategies.edits(encode(MODEL, data))))
)
def test_any_mutation_decodes_to_the_same_answers_or_raises_link_error(mutation: tuple[LinkData, str]) -> None:
    data, mutated = mutation
    try:
        decoded = decode(MODEL, mutated)
    except LinkError:
        return
    assert decoded.data.answers == data.answers


@settings(max_examples=500)
@given(strategies.any_text)
def test_arbitrary_text_never_escapes_as_anything_but_link_error(text: str) -> None:
    try:
        decode(MODEL, text)
    except LinkError:
        pass
    except AssessmentError as error:  # pragma: no cover - would be a bug
        pytest.fail(f"wrong error type {type(error).__name__}: {error}")


# --- dates, retired keys, and what decode() hands out --------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20261122", date(2026, 11, 22)),
        ("00010101", date(1, 1, 1)),
        ("99991231", date(9999, 12, 31)),
        ("20260229", None),
        ("20261301", None),
        ("20261100", None),
        ("2026112", None),
        ("2026-1-2", None),
        ("２０２６１１２２", None),
        ("00000101", None),
    ],
)
def test_dates_are_eight_digits_of_a_real_day(model: Model, text: str, expected: date | None) -> None:
    link = _forge(str(model.version), "-" * link_slots(model), taken_on=text)
    if expected is None:
        with pytest.raises(LinkError, match="date"):
            decode(model, link)
    else:
        assert decode(model, link).data.taken_on == expected


def test_retired_keys_are_ignored(model: Model) -> None:
    answers = answers_at(model, 0.5)
    current = parse_query(encode(model, LinkData(answers)))
    for retired in model.retired_question_keys:
        for char in "0n-xz":
            chars = current["a"][:retired] + char + current["a"][retired + 1 :]
            assert decode(model, _forge(current["v"], chars)).data.answers == answers


def test_decoded_answers_are_a_plain_dict(model: Model) -> None:
    decoded = decode(model, encode(model, LinkData(answers_at(model, 0.5), name="Acme")))
    assert type(decoded.data.answers) is dict
    assert decoded.data == LinkData(answers_at(model, 0.5), name="Acme")
    assert score(model, decoded.data.answers) == score(model, answers_at(model, 0.5))


def test_link_data_is_read_only(model: Model) -> None:
    data = decode(model, encode(model, LinkData(answers_at(model, 0.5)))).data
    with pytest.raises(FrozenInstanceError):
        data.name = "x"  # type: ignore[misc]
    assert copy.deepcopy(data) == data == pickle.loads(pickle.dumps(data))


def test_a_quick_check_link_says_so_and_full_links_keep_their_check_code(model: Model) -> None:
    answers = answers_at(model, 0.5)
    answers = {q.id: answers[q.id] for q in model.questions_in("quick")}
    full = LinkData(answers, name="Acme", taken_on=date(2026, 11, 30))
    quick = replace(full, variant="quick")
    full_link, quick_link = encode(model, full), encode(model, quick)
    assert "k=" not in full_link and "&k=quick&" in quick_link
    assert decode(model, quick_link).data == quick and decode(model, full_link).data == full
    params = parse_query(full_link)
    assert params["c"] == checksum(params["v"], params["a"], "", params["d"], params["n"])  # unchanged formula
    with pytest.raises(LinkError, match="check code"):
        decode(model, quick_link.replace("&k=quick", ""))  # dropping the marker is damage
    forged = parse_query(quick_link)
    forged["k"] = "deep"
    forged["c"] = checksum(forged["v"], forged["a"], "", forged["d"], forged["n"], "deep")
    with pytest.raises(LinkError, match="unknown kind"):
        decode(model, "?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in forged.items()))
