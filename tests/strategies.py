"""The Hypothesis strategies the property tests share: answers, names, results links, room links, text.

Each takes the model it draws from, so a test states which one (the real one, ``load_model()``,
everywhere today). The settings they run under (derandomized in CI, no deadline) are the profile
in ``tests/conftest.py``; a test sets only its ``max_examples``, where the default 100 is wrong for it.
"""

from __future__ import annotations

import base64
from datetime import date

from hypothesis import strategies as st

from assessment.link import MAX_NAME_LENGTH, LinkData, encode
from assessment.model import NOT_APPLICABLE, Model, Variant
from rooms.links import CODE_BYTES, ID_BYTES, KEY_BYTES, RoomLink

# --- characters a name can carry that a page must not act on ------------------------------------

# The bidirectional controls: embeddings and overrides, isolates, and the three marks. Written out
# here, not imported, so the tests check assessment.names against a list of their own.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Invisible, but no bidi control: zero-width space, non-joiner and joiner, word joiner, soft hyphen,
# byte-order mark, and whitespace other than a plain space.
INVISIBLE = "\u200b\u200c\u200d\u2060\u00ad\ufeff\t\n\r\u00a0\u2028\u3000"
MARKUP = "<>&\"'`*_[]()!#:$|\\~=%?/"
NAME_PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "**bold** :red[x] $y$",
    "Acme https://evil.example/login",
    "write to me@evil.example",
    "Acme \u202eerocs\u202c \u2067שלום\u2069",
    "Zoë 👩🏽‍💻 عربى",
)

names = st.one_of(
    st.text(
        st.one_of(st.characters(codec="utf-8"), st.sampled_from(BIDI_CONTROLS + INVISIBLE + MARKUP)),
        max_size=MAX_NAME_LENGTH,
    ),
    st.sampled_from(NAME_PAYLOADS),
)
"""Organisation names a link can carry: any text up to the link's limit, often with bidi controls,
invisible characters and markup in it, and known attack payloads."""

# --- answers -------------------------------------------------------------------------------------


def targets(model: Model) -> st.SearchStrategy[str | None]:
    """A target level's id, or None for the model's default."""
    return st.sampled_from([None, *[level.id for level in model.levels]])


def answer_sets(model: Model, variant: Variant = "full") -> st.SearchStrategy[dict[str, str]]:
    """Answers to any of the variant's questions (each left out or any of its answers, "Not sure"
    and "does not apply" included)."""
    return st.fixed_dictionaries(
        {}, optional={q.id: st.sampled_from([o.id for o in model.options_of(q)]) for q in model.questions_in(variant)}
    )


@st.composite
def profiles(draw: st.DrawFn, model: Model) -> dict[str, str]:
    """Answers around one maturity, from lowest to highest: each dimension strays from it by a drawn
    spread, a drawn share of answers are "Not sure", "does not apply" or left out, and a dimension may
    lean to "does not apply" altogether. Unlike :func:`answer_sets`, these reach every level and
    every gap, zero included."""
    centre = draw(st.floats(0, 1))
    spread = draw(st.sampled_from((0.0, 0.15, 0.5, 1.0)))  # how far each dimension's lean strays from the centre
    odd = draw(st.sampled_from((0.0, 0.1, 0.3)))  # the share of answers that are not on the lean
    answers: dict[str, str] = {}
    for fact in (q for q in model.questions if q.fact):  # a fact may make a whole dimension not apply
        if draw(st.integers(0, 3)):
            answers[fact.id] = draw(st.sampled_from([o.id for o in model.scale_of(fact).options]))
    for dimension in model.dimensions:
        lean = min(max(centre + draw(st.floats(-spread, spread)), 0.0), 1.0)
        none_applies = draw(st.integers(0, 3)) == 0
        for question in model.questions_of(dimension.id):
            scale = model.scale_of(question)
            kind = (
                draw(st.sampled_from(("unsure", "not applicable", "left out"))) if draw(st.floats(0, 1)) < odd else ""
            )
            if question.not_applicable and (none_applies or kind == "not applicable"):
                answers[question.id] = NOT_APPLICABLE
            elif kind == "unsure":
                answers[question.id] = scale.options[-1].id
            elif kind != "left out":
                valued = scale.valued_options
                index = round(lean * (len(valued) - 1)) + (draw(st.integers(-1, 1)) if spread else 0)
                answers[question.id] = valued[min(max(index, 0), len(valued) - 1)].id
    return answers


# --- results links -------------------------------------------------------------------------------

dates = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


def link_data(model: Model) -> st.SearchStrategy[LinkData]:
    """What a results link carries: any answers, name, target and date."""
    return st.builds(LinkData, answers=answer_sets(model), name=names, target=targets(model), taken_on=dates)


def results_links(model: Model) -> st.SearchStrategy[str]:
    """Well-formed results links (query strings starting with ``?``)."""
    return link_data(model).map(lambda data: encode(model, data))


any_text = st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
"""Text from anywhere: any characters, and bytes read as Latin-1 (the address bar's mojibake)."""


@st.composite
def edits(draw: st.DrawFn, text: str) -> str:
    """``text`` with one character replaced, deleted or inserted, or cut short anywhere."""
    position = draw(st.integers(0, len(text)))
    kind = draw(st.sampled_from(["replace", "delete", "insert", "truncate"]))
    char = draw(st.characters())
    if kind == "replace" and position < len(text):
        return text[:position] + char + text[position + 1 :]
    if kind == "delete":
        return text[:position] + text[position + 1 :]
    if kind == "insert":
        return text[:position] + char + text[position:]
    return text[:position]


# --- room links ----------------------------------------------------------------------------------


def _token(size: int) -> st.SearchStrategy[str]:
    return st.binary(min_size=size, max_size=size).map(lambda b: base64.urlsafe_b64encode(b).decode().rstrip("="))


room_ids = _token(ID_BYTES)
room_keys = _token(KEY_BYTES)
join_codes = st.binary(min_size=CODE_BYTES, max_size=CODE_BYTES).map(lambda b: base64.b32encode(b).decode().lower())
room_links = st.builds(RoomLink, room_ids, room_keys, st.sampled_from(["manage", "present", "join"])) | st.builds(
    RoomLink, st.just(""), join_codes, st.just("join")
)
"""Well-formed room links of every kind, the short join link too; whether the room exists is the store's business."""
