"""Results links: round trips, compactness, damage detection, older versions, properties, and the
table-driven decoder against the character-by-character one it replaced."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import pickle
import random
from collections.abc import Callable, Mapping
from dataclasses import FrozenInstanceError, replace
from datetime import date
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment import model as model_module
from assessment.errors import AnswerError, AssessmentError, LinkError
from assessment.link import (
    DAMAGED,
    MAX_LINK_LENGTH,
    MAX_NAME_LENGTH,
    DecodedLink,
    LinkData,
    _checksum,
    clean_name,
    decode,
    encode,
    parse_query,
    score_data,
)
from assessment.loader import load_model
from assessment.model import Model
from assessment.scoring import score
from tests.profiles import all_unsure, answers_at
from tests.test_scoring import REFERENCE_FIELDS, _outcome, _score_reference, assert_matches_reference

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
        lambda link: link.replace("&a=2", "&a=3", 1),  # an answer edited
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
    return "?" + "&".join(parts) + "&c=" + _checksum(version, answers, target, taken_on, name)


def test_forged_checksum_helper_matches_encoder(model: Model) -> None:
    link = _valid_link(model)
    params = parse_query(link)
    assert _forge(params["v"], params["a"], "", params["d"], params["n"]) == link


@pytest.mark.parametrize("answers", ["9" + "-" * (MODEL.link_slots - 1), "x" * MODEL.link_slots])
def test_out_of_range_answers_with_valid_checksum_are_rejected(model: Model, answers: str) -> None:
    with pytest.raises(LinkError, match="answers"):
        decode(model, _forge(str(model.version), answers))


def test_link_from_newer_version_is_refused_with_its_own_message(model: Model) -> None:
    with pytest.raises(LinkError, match="newer version") as raised:
        decode(model, _forge(str(model.version + 1), "0" * model.link_slots))
    assert raised.value.kind == "newer"


def test_older_link_decodes_after_questions_were_added(model: Model) -> None:
    """Pretend the last three questions were added in a later content version."""
    newer = replace(
        model,
        version=model.version + 1,
        questions=tuple(
            replace(q, added=model.version + 1) if q.key >= model.link_slots - 3 else q for q in model.questions
        ),
    )
    old_questions = [q for q in model.questions if q.key < model.link_slots - 3]
    old_answers = "".join("1" for _ in old_questions)
    decoded = decode(newer, _forge(str(model.version), old_answers))
    assert decoded.older
    assert [q.key for q in decoded.new_questions] == list(range(model.link_slots - 3, model.link_slots))
    assert set(decoded.data.answers) == {q.id for q in old_questions}


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

answer_sets = st.fixed_dictionaries(
    {},
    optional={q.id: st.sampled_from([o.id for o in MODEL.scale_of(q).options]) for q in MODEL.questions},
)
names = st.text(max_size=MAX_NAME_LENGTH)
targets = st.sampled_from([None, *[lv.id for lv in MODEL.levels]])
dates = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
link_data = st.builds(LinkData, answers=answer_sets, name=names, target=targets, taken_on=dates)


@settings(max_examples=500, deadline=None)
@given(link_data)
def test_decode_inverts_encode(data: LinkData) -> None:
    assert decode(MODEL, encode(MODEL, data)).data == data


@settings(max_examples=1000, deadline=None)
@given(link_data, st.data())
def test_any_mutation_decodes_to_the_same_answers_or_raises_link_error(data: LinkData, draw: st.DataObject) -> None:
    link = encode(MODEL, data)
    position = draw.draw(st.integers(0, len(link)))
    kind = draw.draw(st.sampled_from(["replace", "delete", "insert", "truncate"]))
    char = draw.draw(st.characters())
    if kind == "replace" and position < len(link):
        mutated = link[:position] + char + link[position + 1 :]
    elif kind == "delete":
        mutated = link[:position] + link[position + 1 :]
    elif kind == "insert":
        mutated = link[:position] + char + link[position:]
    else:
        mutated = link[:position]
    try:
        decoded = decode(MODEL, mutated)
    except LinkError:
        return
    assert decoded.data.answers == data.answers


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_arbitrary_text_never_escapes_as_anything_but_link_error(text: str) -> None:
    try:
        decode(MODEL, text)
    except LinkError:
        pass
    except AssessmentError as error:  # pragma: no cover - would be a bug
        pytest.fail(f"wrong error type {type(error).__name__}: {error}")


# --- the table-driven decoder against the decoder it replaced ------------------------------------
#
# decode() looks each dimension's characters up whole and leaves the answers dict to build on
# first read; score_data() scores the cells decoding found. The reference below is the
# character-by-character decoder it replaced, kept verbatim (with its own query parser and
# checksum): every field of every decoded link, and every error message and kind, must match.


def _reference_checksum(version: str, answers: str, target: str, taken_on: str, name: str) -> str:
    payload = "|".join((version, answers, target, taken_on, name)).encode("utf-8", "surrogatepass")
    digest = hashlib.blake2b(payload, digest_size=6, person=b"sms-assess-v1").digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


def _reference_parse_query(text: str) -> dict[str, str]:
    if len(text) > MAX_LINK_LENGTH:
        raise LinkError(DAMAGED + "It is far longer than any results link.")
    text = text.strip()
    if "://" in text or text.startswith("/"):
        try:
            text = urlsplit(text).query
        except ValueError:
            raise LinkError(DAMAGED + "It is not a valid web address.") from None
    text = text.removeprefix("?").split("#", 1)[0]
    params: dict[str, str] = {}
    for part in text.split("&"):
        if not part:
            continue
        raw_key, _, raw_value = part.partition("=")
        try:
            key = unquote(raw_key.replace("+", " "), errors="strict")
            value = unquote(raw_value.replace("+", " "), errors="strict")
        except UnicodeDecodeError:
            raise LinkError(DAMAGED + "It contains characters that do not decode.") from None
        if key in params:
            raise LinkError(DAMAGED + f"The part '{key}' appears twice.")
        params[key] = value
    return params


def _reference_link_chars(model: Model) -> list[tuple[str, dict[str, str]] | None]:
    slots: list[tuple[str, dict[str, str]] | None] = [None] * model.link_slots
    for q in model.questions:
        options = model.scale_of(q).options
        chars = {str(i): o.id for i, o in enumerate(options) if not o.unsure}
        chars["n"] = options[-1].id
        slots[q.key] = (q.id, chars)
    return slots


def _reference_decode_params(model: Model, params: Mapping[str, str]) -> dict[str, Any]:
    """The old decode_params: the values of the DecodedLink it built."""
    missing = [key for key in ("v", "a", "c") if key not in params]
    if missing:
        raise LinkError(DAMAGED + "Part of it is missing.")
    version_text, answers, checksum = params["v"], params["a"], params["c"]
    target = params.get("t", "")
    taken_on_text = params.get("d", "")
    name = params.get("n", "")
    if not version_text.isascii() or not version_text.isdigit() or len(version_text) > 6:
        raise LinkError(DAMAGED + "Its version number is not readable.")
    expected = _reference_checksum(version_text, answers, target, taken_on_text, name)
    if checksum != expected:
        raise LinkError(DAMAGED + "Its check code does not match its contents.")
    link_version = int(version_text)
    if link_version > model.version:
        raise LinkError(
            f"This results link was made with a newer version of the assessment (version "
            f"{link_version}) than this app runs (version {model.version}). Open it where it was made.",
            kind="newer",
        )
    if link_version < 1:
        raise LinkError(DAMAGED + "Its version number is not readable.")
    if len(answers) > model.link_slots or (link_version == model.version and len(answers) != model.link_slots):
        raise LinkError(DAMAGED + "It holds the wrong number of answers.")
    if len(name) > MAX_NAME_LENGTH:
        raise LinkError(DAMAGED + "Its organisation name is too long.")
    if target and model.level(target) is None:
        raise LinkError(DAMAGED + "Its target level is unknown.")
    taken_on = None
    if taken_on_text:
        try:
            if len(taken_on_text) != 8 or not taken_on_text.isascii() or not taken_on_text.isdigit():
                raise ValueError(taken_on_text)
            taken_on = date(int(taken_on_text[:4]), int(taken_on_text[4:6]), int(taken_on_text[6:]))
        except ValueError:
            raise LinkError(DAMAGED + "Its date is not readable.") from None

    decoded: dict[str, str] = {}
    for slot, char in zip(_reference_link_chars(model), answers, strict=False):
        if char == "-" or slot is None:
            continue
        question_id, options = slot
        option_id = options.get(char)
        if option_id is None:
            raise LinkError(DAMAGED + "One of its answers is not readable.")
        decoded[question_id] = option_id
    new_questions = () if link_version == model.version else tuple(q for q in model.questions if q.added > link_version)
    return {
        "answers": decoded,
        "name": name,
        "target": target or None,
        "taken_on": taken_on,
        "link_version": link_version,
        "new_questions": new_questions,
    }


def _link_outcome(run: Callable[[], Any]) -> Any:
    try:
        return run()
    except LinkError as error:
        return ("LinkError", str(error), error.kind)


def assert_decodes_like_reference(model: Model, text: str) -> DecodedLink | None:
    """decode() gives the reference's link (or its LinkError), and scores like the reference."""
    expected = _link_outcome(lambda: _reference_decode_params(model, _reference_parse_query(text)))
    decoded = _link_outcome(lambda: decode(model, text))
    if not isinstance(expected, dict):
        assert decoded == expected
        return None
    assert isinstance(decoded, DecodedLink)
    # score_data first, while the answers dict is still unbuilt
    fast = _outcome(lambda: score_data(model, decoded.data))
    data = decoded.data
    assert isinstance(data.answers, dict)
    assert list(data.answers.items()) == list(expected["answers"].items())  # same pairs, same order
    assert repr(data.answers) == repr(expected["answers"])
    actual = {
        "answers": data.answers,
        "name": data.name,
        "target": data.target,
        "taken_on": data.taken_on,
        "link_version": decoded.link_version,
        "new_questions": decoded.new_questions,
    }
    assert actual == expected
    assert decoded.older == bool(expected["new_questions"])
    assert data == LinkData(expected["answers"], expected["name"], expected["target"], expected["taken_on"])
    if expected["target"] is not None and model.level(expected["target"]) is None:
        return decoded
    reference = assert_matches_reference(model, expected["answers"], expected["target"])  # via data.answers
    assert fast == reference
    assert score_data(model, data) == reference  # the answers dict built by now
    return decoded


def _answer_strings(model: Model) -> st.SearchStrategy[str]:
    return st.text(alphabet="01234567n-x", min_size=max(0, model.link_slots - 2), max_size=model.link_slots + 1)


bad_dates = ["", "20260101", "20261301", "20260230", "00000101", "99991231", "2026011", "202601011", "2026-1-1"]
bad_dates += ["٢٠٢٦٠١٠١", "2026W011", " 2026010", "+2026010"]


def forged_links(model: Model) -> st.SearchStrategy[str]:
    """Links with a correct checksum around any answers, version, target, date and name."""
    return st.builds(
        _forge,
        st.sampled_from(["1", str(model.version), str(model.version + 1), "0", "01", "x"]),
        _answer_strings(model),
        st.sampled_from(["", "managed", "asset", "legend", "Managed"]),
        st.sampled_from(bad_dates),
        st.sampled_from(["", "Acme", "Café Ünïcode & Co. 🚀", "a+b=c", "x" * 61, "50% off"]),
    )


@settings(max_examples=500, deadline=None)
@given(forged_links(MODEL))
def test_decode_matches_reference_on_forged_links(link: str) -> None:
    assert_decodes_like_reference(MODEL, link)


@settings(max_examples=300, deadline=None)
@given(link_data, st.data())
def test_decode_matches_reference_on_encoded_and_mutated_links(data: LinkData, draw: st.DataObject) -> None:
    link = encode(MODEL, data)
    assert assert_decodes_like_reference(MODEL, link) is not None
    position = draw.draw(st.integers(0, len(link)))
    char = draw.draw(st.characters())
    assert_decodes_like_reference(MODEL, link[:position] + char + link[position + 1 :])
    assert_decodes_like_reference(MODEL, link[:position] + link[position + 1 :])


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="va=&%+#?/:.x0FEC3 n", max_size=40) | st.text(max_size=40))
def test_parse_query_matches_reference(text: str) -> None:
    assert _link_outcome(lambda: parse_query(text)) == _link_outcome(lambda: _reference_parse_query(text))
    assert _link_outcome(lambda: parse_query("?" + text)) == _link_outcome(lambda: _reference_parse_query("?" + text))


@pytest.mark.parametrize("year", ["0000", "0001", "1999", "2024", "2026", "9999"])
def test_dates_read_like_reference(model: Model, year: str) -> None:
    answers = "-" * model.link_slots
    for month in range(20):
        for day in range(40):
            link = _forge(str(model.version), answers, taken_on=f"{year}{month:02d}{day:02d}")
            expected = _link_outcome(lambda link=link: _reference_decode_params(model, _reference_parse_query(link)))
            decoded = _link_outcome(lambda link=link: decode(model, link))
            if isinstance(expected, dict):
                assert decoded.data.taken_on == expected["taken_on"]
            else:
                assert decoded == expected


def _with_extra_question(model: Model, added: int) -> Model:
    """A question added to the first dimension at a new key, one retired key before it:
    dimensions of unequal size, questions no longer side by side in the link."""
    first = model.questions[0]
    extra = replace(first, id=f"{first.dimension}.extra", key=model.link_slots + 1, added=added)
    return replace(
        model,
        version=max(model.version, added),
        questions=(*model.questions, extra),
        retired_question_keys=(model.link_slots,),
    )


LAYOUTS = {
    "real": MODEL,
    "extra question": _with_extra_question(MODEL, MODEL.version),
    "extra question, newer version": _with_extra_question(MODEL, MODEL.version + 1),
}


def test_layouts_take_the_paths_they_are_meant_to() -> None:
    assert MODEL.tables.link_tables is not None and MODEL.tables.link_layout is None
    extra = LAYOUTS["extra question"].tables
    assert extra.link_tables is not None and extra.link_layout is not None
    assert extra.dimension_size == 4


@pytest.mark.parametrize("layout", list(LAYOUTS))
@settings(max_examples=150, deadline=None)
@given(draw=st.data())
def test_other_layouts_decode_and_score_like_reference(layout: str, draw: st.DataObject) -> None:
    model = LAYOUTS[layout]
    answers = draw.draw(
        st.fixed_dictionaries(
            {}, optional={q.id: st.sampled_from([o.id for o in model.scale_of(q).options]) for q in model.questions}
        )
    )
    target = draw.draw(st.sampled_from([None, *[lv.id for lv in model.levels]]))
    assert assert_decodes_like_reference(model, encode(model, LinkData(answers, target=target))) is not None
    assert_decodes_like_reference(model, draw.draw(forged_links(model)))
    # a link made before the model's version, and its retired position holding anything
    old = "".join(draw.draw(st.sampled_from("01234n-")) for _ in range(model.link_slots - 2)) + "x"
    assert_decodes_like_reference(model, _forge("1", old))


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("extra", [{}, {"\x00": "none"}, {"\x00": None}, {"no.such": "none"}, {"goals.extra": "bogus"}])
def test_padded_lookups_reject_unknown_ids_like_reference(layout: str, extra: dict[str, Any]) -> None:
    """Dimensions padded to one length in scoring look-ups: the padding id is no answer."""
    model = LAYOUTS[layout]
    for answers in ({}, answers_at(model, 0.5), answers_at(model, 1.0, budget=0)):
        assert_matches_reference(model, {**answers, **extra}, None)


def test_oversized_dimensions_decode_character_by_character(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_module, "MAX_CELLS_PER_DIMENSION", 5)
    small = load_model()
    assert small.tables.link_tables is None
    rng = random.Random(5)
    for _ in range(100):
        chars = "".join(rng.choice("01234n-") for _ in range(small.link_slots))
        decoded = assert_decodes_like_reference(small, _forge(str(small.version), chars, rng.choice(["", "managed"])))
        assert decoded is not None
        assert type(decoded.data.answers) is dict  # no cells to carry


# --- what decode() hands out: lazily built LinkData.answers, a plain dict -------------------------


def _decoded(model: Model, **by_dimension: float) -> DecodedLink:
    answers = answers_at(model, 0.5, **by_dimension)
    return decode(model, encode(model, LinkData(answers, name="Acme", target="managed")))


def test_decoded_answers_are_a_dict_like_any_other(model: Model) -> None:
    decoded = _decoded(model)
    answers = decoded.data.answers
    plain = answers_at(model, 0.5)
    assert type(answers) is dict
    assert answers == plain and plain == answers and (answers != plain) is False
    assert repr(answers) == repr(plain) and str(answers) == str(plain)
    assert json.dumps(answers) == json.dumps(plain)
    assert type(dict(answers)) is dict and type(answers.copy()) is dict and type(answers | {}) is dict
    for copied in (copy.copy(answers), copy.deepcopy(answers), pickle.loads(pickle.dumps(answers))):
        assert type(copied) is dict and copied == plain
    assert decoded.data.answers is answers  # built once


@pytest.mark.parametrize(
    "change",
    [
        lambda a, q: a.__setitem__(q, "none"),
        lambda a, q: a.__delitem__(q),
        lambda a, q: a.pop(q),
        lambda a, q: a.popitem(),
        lambda a, q: a.clear(),
        lambda a, q: a.update({q: "none"}),
        lambda a, q: a.update(goals_written="none"),
        lambda a, q: a.setdefault("no.such", "x"),
        lambda a, q: a.__ior__({q: "none"}),
    ],
)
def test_changed_answers_are_scored_as_they_now_are(model: Model, change: Callable[[Any, str], object]) -> None:
    decoded = _decoded(model)
    answers = decoded.data.answers
    assert type(answers) is dict
    change(answers, "goals.written")
    expected = _outcome(lambda: _score_reference(model, dict(answers), "managed"))
    for result in (
        _outcome(lambda: score(model, answers, "managed")),
        _outcome(lambda: score_data(model, decoded.data)),
    ):
        if isinstance(expected, dict):
            assert {name: getattr(result, name) for name in REFERENCE_FIELDS} == expected
        else:
            assert result == expected


def test_another_models_cells_are_not_used(model: Model) -> None:
    other = replace(model, levels=tuple(replace(lv, name=lv.name.upper()) for lv in model.levels))
    decoded = _decoded(model)
    assert score_data(other, decoded.data).level.name.isupper()
    assert score(other, decoded.data.answers).level.name.isupper()
    assert score_data(other, decoded.data) == score(other, dict(decoded.data.answers))


def test_link_data_of_a_decoded_link_behaves_like_any_other(model: Model) -> None:
    decoded, again = _decoded(model, trust=0), _decoded(model, trust=0)
    plain = LinkData(answers_at(model, 0.5, trust=0), name="Acme", target="managed")
    assert decoded.data == plain and hash(decoded.data.name) == hash(plain.name)
    assert repr(again.data) == repr(plain)
    assert replace(decoded.data, target="asset") == replace(plain, target="asset")
    assert score_data(model, replace(decoded.data, target="asset")) == score(model, plain.answers, "asset")
    for copied in (copy.copy(decoded.data), copy.deepcopy(decoded.data), pickle.loads(pickle.dumps(decoded.data))):
        assert copied == plain
    with pytest.raises(FrozenInstanceError):
        decoded.data.answers = {}  # type: ignore[misc]
    fresh = _decoded(model)
    with pytest.raises(FrozenInstanceError):
        fresh.data.answers = {}  # type: ignore[misc]  # before the dict is built, too


def test_results_copy_and_pickle_as_their_values(model: Model) -> None:
    result = score_data(model, _decoded(model, budget=0).data)
    for copied in (copy.copy(result), copy.deepcopy(result), pickle.loads(pickle.dumps(result))):
        assert copied == result
        assert {name: getattr(copied, name) for name in REFERENCE_FIELDS} == {
            name: getattr(result, name) for name in REFERENCE_FIELDS
        }
    assert len(pickle.dumps(result)) < len(pickle.dumps(model)) / 2  # not the model's tables
