"""Results links: answers (+ name, target level, date) <-> a compact URL query string.

Format, parameters in this order::

    ?v=<content version>&a=<answers>[&t=<target level id>][&d=<YYYYMMDD>][&n=<name>]&c=<checksum>

* ``a`` has one character per question *key* (the question's permanent position):
  the option's index on its scale (``0``–``4``), ``n`` for "Not sure", ``-`` for unanswered.
  Keys added after a link was made are simply beyond its end and come back unanswered.
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
from urllib.parse import quote, unquote, urlsplit

from .errors import AnswerError, LinkError
from .model import LINK_UNSURE_CHAR, Model, Question
from .scoring import validate_answers

MAX_NAME_LENGTH = 60
MAX_LINK_LENGTH = 2048
UNSURE_CHAR = LINK_UNSURE_CHAR
MISSING_CHAR = "-"
KNOWN_PARAMS = ("v", "a", "t", "d", "n", "c")
DAMAGED = "This results link is damaged: it may have been cut short or changed when it was copied. "


@dataclass(frozen=True)
class LinkData:
    """What a results link carries."""

    answers: Mapping[str, str] = field(default_factory=dict)
    name: str = ""
    target: str | None = None
    taken_on: date | None = None


@dataclass(frozen=True)
class DecodedLink:
    """A decoded link, with what changed in the assessment since it was made."""

    data: LinkData
    link_version: int
    new_questions: tuple[Question, ...] = ()

    @property
    def older(self) -> bool:
        return bool(self.new_questions)


def _checksum(version: str, answers: str, target: str, taken_on: str, name: str) -> str:
    payload = "|".join((version, answers, target, taken_on, name)).encode("utf-8", "surrogatepass")
    digest = hashlib.blake2b(payload, digest_size=6, person=b"sms-assess-v1").digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


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
    chars = [MISSING_CHAR] * model.link_slots
    for question in model.questions:
        option_id = data.answers.get(question.id)
        if option_id is None:
            continue
        scale = model.scale_of(question)
        index = next(i for i, o in enumerate(scale.options) if o.id == option_id)
        chars[question.key] = UNSURE_CHAR if scale.options[index].unsure else str(index)
    version = str(model.version)
    answers = "".join(chars)
    target = data.target or ""
    taken_on = f"{data.taken_on.year:04d}{data.taken_on.month:02d}{data.taken_on.day:02d}" if data.taken_on else ""
    parts = [f"v={version}", f"a={answers}"]
    if target:
        parts.append(f"t={target}")
    if taken_on:
        parts.append(f"d={taken_on}")
    if data.name:
        parts.append("n=" + quote(data.name, safe=""))
    parts.append("c=" + _checksum(version, answers, target, taken_on, data.name))
    return "?" + "&".join(parts)


def parse_query(text: str) -> dict[str, str]:
    """Split a full URL, a ``?query`` or a bare query into its parameters.

    Raises :class:`LinkError` for repeated parameters or undecodable escapes.
    """
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


def is_results_link(params: Mapping[str, str]) -> bool:
    """Whether these query parameters try to carry results (any of our parameters present)."""
    return any(key in params for key in KNOWN_PARAMS)


def decode_params(model: Model, params: Mapping[str, str]) -> DecodedLink:
    """Decode already-split query parameters (e.g. Streamlit's ``st.query_params``)."""
    missing = [key for key in ("v", "a", "c") if key not in params]
    if missing:
        raise LinkError(DAMAGED + "Part of it is missing.")
    version_text, answers, checksum = params["v"], params["a"], params["c"]
    target = params.get("t", "")
    taken_on_text = params.get("d", "")
    name = params.get("n", "")
    if not version_text.isascii() or not version_text.isdigit() or len(version_text) > 6:
        raise LinkError(DAMAGED + "Its version number is not readable.")
    expected = _checksum(version_text, answers, target, taken_on_text, name)
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
    for slot, char in zip(model.tables.link_chars, answers, strict=False):
        if char == MISSING_CHAR or slot is None:  # unanswered, or a retired question
            continue
        question_id, options = slot
        option_id = options.get(char)
        if option_id is None:
            raise LinkError(DAMAGED + "One of its answers is not readable.")
        decoded[question_id] = option_id
    new_questions = () if link_version == model.version else tuple(q for q in model.questions if q.added > link_version)
    return DecodedLink(
        data=LinkData(answers=decoded, name=name, target=target or None, taken_on=taken_on),
        link_version=link_version,
        new_questions=new_questions,
    )


def decode(model: Model, text: str) -> DecodedLink:
    """Decode a results link given as a full URL or a query string."""
    return decode_params(model, parse_query(text))
