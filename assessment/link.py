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

import binascii
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from operator import getitem, methodcaller
from typing import cast
from urllib.parse import quote, unquote, urlsplit

from .errors import AnswerError, LinkError
from .model import LINK_MISSING_CHAR, LINK_UNSURE_CHAR, Model, Question
from .scoring import LazyField, Result, _score_cells, score, validate_answers

MAX_NAME_LENGTH = 60
MAX_LINK_LENGTH = 2048
UNSURE_CHAR = LINK_UNSURE_CHAR
MISSING_CHAR = LINK_MISSING_CHAR
KNOWN_PARAMS = ("v", "a", "t", "d", "n", "c")
DAMAGED = "This results link is damaged: it may have been cut short or changed when it was copied. "
_new_object = object.__new__
_SPLIT_AT_EQUALS = methodcaller("split", "=", 1)


@dataclass(frozen=True)
class LinkData:
    """What a results link carries.

    Decoding leaves ``answers`` to build on first read (a plain dict) and :func:`score_data`
    scores the dimension cells decoding found without it.
    """

    answers: Mapping[str, str] = field(default_factory=dict)
    name: str = ""
    target: str | None = None
    taken_on: date | None = None

    def __reduce__(self) -> tuple[type[LinkData], tuple[Mapping[str, str], str, str | None, date | None]]:
        # Copies and pickles carry the four values (answers as a plain dict), not the cells.
        return LinkData, (self.answers, self.name, self.target, self.taken_on)


def _decoded_answers(data: LinkData) -> Mapping[str, str]:
    # The link's characters one by one, as for links decoded without cells (decode_params).
    fields = data.__dict__
    tables = fields["_tables"]
    return dict(cast(Iterable[tuple[str, str]], filter(None, map(getitem, tables.link_decoders, fields["_text"]))))


setattr(LinkData, "answers", LazyField("answers", _decoded_answers))  # noqa: B010  (after @dataclass)


@dataclass(frozen=True)
class DecodedLink:
    """A decoded link, with what changed in the assessment since it was made."""

    data: LinkData
    link_version: int
    new_questions: tuple[Question, ...] = ()

    @property
    def older(self) -> bool:
        return bool(self.new_questions)


# BLAKE2b with its parameters set once: copying it is a third of the cost of a new one.
_CHECKSUM_HASH = hashlib.blake2b(digest_size=6, person=b"sms-assess-v1")
_URL_SAFE = bytes.maketrans(b"+/", b"-_")  # base64 -> URL-safe base64 (6 bytes: no padding)


def _checksum(version: str, answers: str, target: str, taken_on: str, name: str) -> str:
    hasher = _CHECKSUM_HASH.copy()
    hasher.update("|".join((version, answers, target, taken_on, name)).encode("utf-8", "surrogatepass"))
    return binascii.b2a_base64(hasher.digest(), newline=False).translate(_URL_SAFE).decode("ascii")


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
    parts = text.split("&")
    try:  # the usual case at C speed: every part is key=value, no key twice, no escaped key
        params: dict[str, str] = dict(map(_SPLIT_AT_EQUALS, parts))
    except ValueError:  # a part without "=" (or an empty one)
        return _parse_parts(parts)
    if len(params) != len(parts):
        return _parse_parts(parts)
    if "%" in text or "+" in text:
        for key, value in params.items():
            if "%" in key or "+" in key:
                return _parse_parts(parts)
            if "%" in value or "+" in value:
                params[key] = _unquote(value)
    return params


def _parse_parts(parts: list[str]) -> dict[str, str]:
    """:func:`parse_query`, part by part: empty parts skipped, every error in link order."""
    params: dict[str, str] = {}
    for part in parts:
        if not part:
            continue
        key, _, value = part.partition("=")
        if "%" in part or "+" in part:  # without either, unquoting changes nothing
            key, value = _unquote(key), _unquote(value)
        if key in params:
            raise LinkError(DAMAGED + f"The part '{key}' appears twice.")
        params[key] = value
    return params


def _unquote(text: str) -> str:
    try:
        return unquote(text.replace("+", " "), errors="strict")
    except UnicodeDecodeError:
        raise LinkError(DAMAGED + "It contains characters that do not decode.") from None


def is_results_link(params: Mapping[str, str]) -> bool:
    """Whether these query parameters try to carry results (any of our parameters present)."""
    return any(key in params for key in KNOWN_PARAMS)


def decode_params(model: Model, params: Mapping[str, str]) -> DecodedLink:
    """Decode already-split query parameters (e.g. Streamlit's ``st.query_params``)."""
    if "v" not in params or "a" not in params or "c" not in params:
        raise LinkError(DAMAGED + "Part of it is missing.")
    version_text, answers, checksum = params["v"], params["a"], params["c"]
    target = params.get("t", "")
    taken_on_text = params.get("d", "")
    name = params.get("n", "")
    if not version_text.isascii() or not version_text.isdigit() or len(version_text) > 6:
        raise LinkError(DAMAGED + "Its version number is not readable.")
    if checksum != _checksum(version_text, answers, target, taken_on_text, name):
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
    tables = model.tables
    if len(answers) > tables.link_slots or (link_version == model.version and len(answers) != tables.link_slots):
        raise LinkError(DAMAGED + "It holds the wrong number of answers.")
    if len(name) > MAX_NAME_LENGTH:
        raise LinkError(DAMAGED + "Its organisation name is too long.")
    if target and target not in tables.levels:
        raise LinkError(DAMAGED + "Its target level is unknown.")
    taken_on = None
    if taken_on_text:
        try:
            if len(taken_on_text) != 8 or not taken_on_text.isascii() or not taken_on_text.isdigit():
                raise ValueError(taken_on_text)
            # Eight ASCII digits can only be read as YYYYMMDD; the checks are date()'s own.
            taken_on = date.fromisoformat(taken_on_text)
        except ValueError:
            raise LinkError(DAMAGED + "Its date is not readable.") from None

    try:
        if tables.link_tables is not None:
            # Each dimension's characters looked up whole: its scored cell (``answers`` is
            # built on first read). Missing positions of an older link are unanswered.
            full = answers if len(answers) == tables.link_slots else answers.ljust(tables.link_slots, MISSING_CHAR)
            chars = full if tables.link_layout is None else tables.link_layout(full + MISSING_CHAR)
            runs = zip(*[iter(chars)] * tables.dimension_size)  # noqa: B905  (dimension_size chars per dimension)
            cells = tuple(map(getitem, tables.link_tables, runs))
            fields = {"_cells": cells, "_tables": tables, "_text": answers}
        else:
            # One look-up per character: (question id, option id), None for unanswered and
            # retired positions.
            fields = {"answers": dict(filter(None, map(getitem, tables.link_decoders, answers)))}
    except KeyError:  # a character its question cannot have
        raise LinkError(DAMAGED + "One of its answers is not readable.") from None
    new_questions = () if link_version == model.version else tuple(q for q in model.questions if q.added > link_version)
    # Frozen dataclasses filled without their per-field object.__setattr__ (see DimensionResult).
    data = _new_object(LinkData)
    data.__dict__.update(fields, name=name, target=target or None, taken_on=taken_on)
    link = _new_object(DecodedLink)
    link.__dict__.update(data=data, link_version=link_version, new_questions=new_questions)
    return link


def score_data(model: Model, data: LinkData) -> Result:
    """``score(model, data.answers, data.target)``; for data this model decoded, straight from
    the cells decoding found, without building ``data.answers``."""
    fields = data.__dict__
    cells = fields.get("_cells")
    # Once ``answers`` is built it may have been changed: then it, not the cells, is scored.
    if cells is not None and fields["_tables"] is model.tables and "answers" not in fields:
        return _score_cells(model, cells, data.target)
    return score(model, data.answers, data.target)


def decode(model: Model, text: str) -> DecodedLink:
    """Decode a results link given as a full URL or a query string."""
    return decode_params(model, parse_query(text))
