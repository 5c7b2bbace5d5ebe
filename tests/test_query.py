"""The one query-string reader (assessment/query.py): what it accepts, what it refuses and why."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.errors import DAMAGED, LinkError
from assessment.query import MAX_LINK_LENGTH, parse_query, query_part


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("", {}),
        ("?", {}),
        ("?&&", {}),  # empty parts are skipped
        ("v=1", {"v": "1"}),  # with or without its "?"
        ("  ?v=1  ", {"v": "1"}),  # surrounding space dropped
        ("?v=1#top&x=2", {"v": "1"}),  # the fragment is not part of the query
        ("https://example.org/app/?v=1&a=2#frag", {"v": "1", "a": "2"}),  # a full address
        ("/app?v=1", {"v": "1"}),  # a path
        ("?a+b=c+d", {"a b": "c d"}),  # "+" is a space ...
        ("?n=a%2Bb", {"n": "a+b"}),  # ... and "%2B" a plus
        ("?a=b=c", {"a": "b=c"}),  # the first "=" splits
        ("?a", {"a": ""}),  # no "=": an empty value
        ("?=1", {"": "1"}),
        ("?v=%C3%A9", {"v": "é"}),  # escapes are UTF-8
        ("?k=quick;t=asset", {"k": "quick;t=asset"}),  # only "&" separates
        ("?n=%zz", {"n": "%zz"}),  # not an escape: kept as it is
    ],
)
def test_a_link_reads_as_its_parameters(text: str, params: dict[str, str]) -> None:
    assert parse_query(text) == params


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("?v=1&v=2", "The part 'v' appears twice."),
        ("?%76=1&v=2", "The part 'v' appears twice."),  # the same name, escaped
        ("?v=%ff", "It contains characters that do not decode."),
        ("?n=%ed%a0%80", "It contains characters that do not decode."),  # an escaped lone surrogate
        ("http://[::1", "It is not a valid web address."),
        ("x" * (MAX_LINK_LENGTH + 1), "It is far longer than any results link."),
        (" " + "x" * MAX_LINK_LENGTH, "It is far longer than any results link."),  # measured before trimming
        # Checked in this order: an escape that does not decode before a parameter given twice.
        ("?v=1&v=2&n=%ff", "It contains characters that do not decode."),
    ],
)
def test_a_damaged_link_says_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(LinkError) as error:
        parse_query(text)
    assert str(error.value) == DAMAGED + reason


def test_the_caller_sets_the_length_and_how_undecodable_escapes_read() -> None:
    long = "?v=" + "1" * MAX_LINK_LENGTH
    assert parse_query(long, max_length=len(long)) == {"v": "1" * MAX_LINK_LENGTH}
    with pytest.raises(LinkError):
        parse_query("?v=1", max_length=3)
    assert parse_query("?v=1&x=%ff", errors="replace") == {"v": "1", "x": "\ufffd"}
    with pytest.raises(LinkError):
        parse_query("?v=1&v=2", errors="replace")  # given twice is refused either way


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("https://example.org/app/?v=1#frag", "v=1"),
        ("/app?l1=x&l2=y", "l1=x&l2=y"),
        (" ?v=1 ", "v=1"),
        ("v=1#x", "v=1"),
        ("https://example.org/app/", ""),
    ],
)
def test_the_query_part_of_a_link(text: str, query: str) -> None:
    assert query_part(text) == query


def _split_by_hand(text: str) -> dict[str, str] | None:
    """The rule spelled out: split on "&", then on the first "=", "+" as a space, UTF-8 escapes;
    None when an escape does not decode or a name comes twice."""
    text = text.strip()
    if "://" in text or text.startswith("/"):
        text = urlsplit(text).query
    params: dict[str, str] = {}
    for part in text.removeprefix("?").split("#", 1)[0].split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        try:
            key, value = (unquote(s.replace("+", " "), errors="strict") for s in (key, value))
        except UnicodeDecodeError:
            return None
        if key in params:
            return None
        params[key] = value
    return params


_parts = st.sampled_from(["v", "a", "=", "&", "+", "%", "%2", "%C3%A9", "%ff", "?", "#", "n", " ", "é", "1", "/"])


@given(st.lists(_parts, max_size=20).map("".join))
def test_it_reads_every_query_as_the_rule_spelled_out(text: str) -> None:
    expected = _split_by_hand(text)
    if expected is None:
        with pytest.raises(LinkError):
            parse_query(text)
    else:
        assert parse_query(text) == expected
