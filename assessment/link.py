"""Results links: answers (+ name, target level, date) <-> a compact URL query string.

Format, parameters in this order::

    ?v=<content version>&a=<answers>[&k=quick][&t=<target level id>][&d=<YYYYMMDD>][&n=<name>]&c=<checksum>

* ``a`` has one character per question *key* (the question's permanent position):
  the option's index on its scale (``0``–``4``), ``n`` for "Not sure", ``x`` for "does not
  apply", ``-`` for unanswered. The characters at retired keys are ignored.
* A link of an earlier content version is read with that version's layout
  (``content/history.toml``): each answer is kept when its question is still asked and still
  offers that answer (matched by id); questions added since come back unanswered.
* ``k=quick`` marks a quick check's result (its answers are the quick check's questions);
  without it a link is a full assessment's.
* ``c`` is a 48-bit BLAKE2b checksum of the other fields. It catches truncated, mistyped
  and casually edited links; it is not a signature against deliberate forgery.

Every malformed input raises :class:`LinkError` with a message fit for a user.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from .errors import DAMAGED, AnswerError, LinkError
from .model import NOT_APPLICABLE, LinkLayout, LinkSlot, Model, Question, Variant
from .query import parse_query
from .scoring import Result, score, validate_answers

MAX_NAME_LENGTH = 60
UNSURE_CHAR = "n"  # "Not sure"; valued options are their index on the scale, "0".."4"
NOT_APPLICABLE_CHAR = "x"  # "does not apply"
MISSING_CHAR = "-"  # an unanswered question
KNOWN_PARAMS = ("v", "a", "k", "t", "d", "n", "c")
QUICK = "quick"  # the value of ``k`` on a quick check's link


@dataclass(frozen=True)
class LinkData:
    """What a results link carries."""

    answers: Mapping[str, str] = field(default_factory=dict)  # question id -> option id
    name: str = ""
    target: str | None = None  # a level id
    taken_on: date | None = None
    variant: Variant = "full"  # "quick": the answers of a quick check


@dataclass(frozen=True)
class DecodedLink:
    """A decoded link, with what changed in the assessment since it was made.

    ``new_questions`` are asked now but were not when the link was made, or were asked with
    answers that no longer exist (they come back unanswered); ``dropped`` counts the link's
    answers to questions no longer asked.
    """

    data: LinkData
    link_version: int
    new_questions: tuple[Question, ...] = ()
    dropped: int = 0

    @property
    def older(self) -> bool:
        return bool(self.new_questions) or self.dropped > 0


def score_link(model: Model, data: LinkData) -> Result:
    """The result a link stands for: its answers scored against its target, in its variant."""
    return score(model, data.answers, data.target, data.variant)


def link_slots(model: Model) -> int:
    """How many answer positions a results link of this model's version carries: one past the
    highest question key ever used, retired keys included."""
    keys = [q.key for q in model.questions] + list(model.retired_question_keys)
    return max(keys) + 1 if keys else 0


def link_layout(model: Model) -> LinkLayout:
    """How this model's own links are laid out: what ``content/history.toml`` must record for its
    version before the next version changes the questions (``python -m assessment layout``)."""
    slots = tuple(
        LinkSlot(
            q.key,
            q.id,
            tuple(o.id for o in model.scale_of(q).options if o.kind in ("scored", "fact")),
            None if q.fact else model.scale_of(q).options[-1].id,
            bool(q.not_applicable),
        )
        for q in sorted(model.questions, key=lambda q: q.key)
    )
    return LinkLayout(model.version, slots)


def answer_char(model: Model, question: Question, option_id: str) -> str:
    """The link character of one answer: the option's index on its scale, ``n`` for "Not sure",
    ``x`` for "does not apply"."""
    option = model.option(question, option_id)
    if option is not None and option.unsure:
        return UNSURE_CHAR
    if option is not None and option.not_applicable:
        return NOT_APPLICABLE_CHAR
    return str(next(i for i, o in enumerate(model.scale_of(question).options) if o.id == option_id))


def answer_of_char(model: Model, question: Question, char: str) -> str | None:
    """The option id a link character stands for on ``question`` (None for unanswered).

    Raises :class:`LinkError` for a character the question cannot have.
    """
    options = model.options_of(question)
    for option in options:
        if char == (UNSURE_CHAR if option.unsure else NOT_APPLICABLE_CHAR if option.not_applicable else None):
            return option.id
    if char == MISSING_CHAR:
        return None
    if char.isascii() and char.isdigit() and int(char) < len(options) and options[int(char)].kind in ("scored", "fact"):
        return options[int(char)].id
    raise LinkError(DAMAGED + "One of its answers is not readable.")


def _older_answers(model: Model, layout: LinkLayout, answers: str) -> tuple[dict[str, str], tuple[Question, ...], int]:
    """An earlier version's answer characters read with its ``layout``: the answers the current
    model still has (by question and option id), the still-asked questions whose old answer no
    longer exists, and how many answers belonged to questions no longer asked.

    An old "does not apply" answer to a question of a dimension that now does not apply by a fact
    (``Dimension.not_applicable_when``, e.g. "we use a single network") answers that fact instead,
    when the link does not answer it otherwise."""
    kept: dict[str, str] = {}
    changed: list[Question] = []
    derived: dict[str, str] = {}
    dropped = 0
    slots = {slot.key: slot for slot in layout.slots}
    for key, char in enumerate(answers):
        slot = slots.get(key)
        if slot is None or char == MISSING_CHAR:
            continue
        if char == UNSURE_CHAR and slot.unsure is not None:
            option_id: str = slot.unsure
        elif char == NOT_APPLICABLE_CHAR and slot.not_applicable:
            option_id = NOT_APPLICABLE
        elif char.isascii() and char.isdigit() and int(char) < len(slot.options):
            option_id = slot.options[int(char)]
        else:
            raise LinkError(DAMAGED + "One of its answers is not readable.")
        question = model.question(slot.question)
        fact = None if question is None else model.dimension(question.dimension).not_applicable_when
        if question is None:
            dropped += 1
        elif model.option(question, option_id) is not None:
            kept[question.id] = option_id
        elif option_id == NOT_APPLICABLE and fact is not None:
            derived[fact[0]] = fact[1]
        else:
            changed.append(question)
    return {**derived, **kept}, tuple(changed), dropped


def checksum(version: str, answers: str, target: str, taken_on: str, name: str, kind: str = "") -> str:
    """The link's check code: 48 bits of BLAKE2b over the other fields, URL-safe base64 (the
    variant marker ``kind`` joins the fields only when present, so full links keep their code)."""
    hasher = hashlib.blake2b(digest_size=6, person=b"sms-assess-v1")
    fields = (version, answers, target, taken_on, name, *((kind,) if kind else ()))
    hasher.update("|".join(fields).encode("utf-8", "surrogatepass"))
    return base64.urlsafe_b64encode(hasher.digest()).decode("ascii")


def clean_name(name: str) -> str:
    """Trim an organisation name for a link: no surrounding space, at most 60 characters."""
    return " ".join(name.split())[:MAX_NAME_LENGTH]


def encode(model: Model, data: LinkData) -> str:
    """The query string (starting with ``?``) that reopens these answers.

    Raises :class:`AnswerError` for unknown ids and :class:`LinkError` for a name that is
    too long or not encodable text.
    """
    validate_answers(model, data.answers)
    if len(data.name) > MAX_NAME_LENGTH:
        raise LinkError(f"The organisation name is longer than {MAX_NAME_LENGTH} characters.", kind="name")
    try:
        data.name.encode("utf-8")
    except UnicodeEncodeError:
        raise LinkError("The organisation name contains characters that cannot be stored.", kind="name") from None
    if data.target is not None and model.level(data.target) is None:
        raise AnswerError(f"Unknown target level '{data.target}'.")
    chars = [MISSING_CHAR] * link_slots(model)
    for question in model.questions:
        option_id = data.answers.get(question.id)
        if option_id is not None:
            chars[question.key] = answer_char(model, question, option_id)
    version = str(model.version)
    answers = "".join(chars)
    target = data.target or ""
    day = data.taken_on
    taken_on = f"{day.year:04d}{day.month:02d}{day.day:02d}" if day else ""
    kind = QUICK if data.variant == "quick" else ""
    parts = [f"v={version}", f"a={answers}"]
    if kind:
        parts.append(f"k={kind}")
    if target:
        parts.append(f"t={target}")
    if taken_on:
        parts.append(f"d={taken_on}")
    if data.name:
        parts.append("n=" + quote(data.name, safe=""))
    parts.append("c=" + checksum(version, answers, target, taken_on, data.name, kind))
    return "?" + "&".join(parts)


def is_results_link(params: Mapping[str, str]) -> bool:
    """Whether these query parameters try to carry results (any of our parameters present)."""
    return any(key in params for key in KNOWN_PARAMS)


def decode_params(model: Model, params: Mapping[str, str]) -> DecodedLink:
    """Decode already-split query parameters (e.g. Streamlit's ``st.query_params``)."""
    if "v" not in params or "a" not in params or "c" not in params:
        raise LinkError(DAMAGED + "Part of it is missing.")
    version_text, answers, check = params["v"], params["a"], params["c"]
    target = params.get("t", "")
    taken_on_text = params.get("d", "")
    name = params.get("n", "")
    kind = params.get("k", "")
    if not version_text.isascii() or not version_text.isdigit() or len(version_text) > 6:
        raise LinkError(DAMAGED + "Its version number is not readable.")
    if check != checksum(version_text, answers, target, taken_on_text, name, kind):
        raise LinkError(DAMAGED + "Its check code does not match its contents.")
    if kind not in ("", QUICK):
        raise LinkError(DAMAGED + "It names an unknown kind of assessment.")
    variant: Variant = "quick" if kind == QUICK else "full"
    link_version = int(version_text)
    if link_version > model.version:
        raise LinkError(
            f"This results link was made with a newer version of the assessment (version "
            f"{link_version}) than this app runs (version {model.version}). Open it where it was made.",
            kind="newer",
        )
    if link_version < 1:
        raise LinkError(DAMAGED + "Its version number is not readable.")
    layout = model.layout(link_version)
    slots = link_slots(model) if layout is None else max(slot.key for slot in layout.slots) + 1
    if len(answers) != slots or (layout is None and link_version != model.version):
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
            taken_on = date.fromisoformat(taken_on_text)  # eight digits read as YYYYMMDD
        except ValueError:
            raise LinkError(DAMAGED + "Its date is not readable.") from None

    if layout is not None:
        decoded, changed, dropped = _older_answers(model, layout, answers)
        asked = model.questions_in(variant)
        new_questions = tuple(q for q in asked if (q.added > link_version and q.id not in decoded) or q in changed)
        data = LinkData(decoded, name, target or None, taken_on, variant)
        return DecodedLink(data, link_version, new_questions, dropped)
    decoded = {}
    by_key = {q.key: q for q in model.questions}
    for key, char in enumerate(answers):
        question = by_key.get(key)
        if question is None:
            continue  # a retired question: whatever it held is ignored
        option_id = answer_of_char(model, question, char)
        if option_id is not None:
            decoded[question.id] = option_id
    return DecodedLink(LinkData(decoded, name, target or None, taken_on, variant), link_version)


def decode(model: Model, text: str) -> DecodedLink:
    """Decode a results link given as a full URL or a query string."""
    return decode_params(model, parse_query(text))
