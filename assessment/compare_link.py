"""The compare link: 2–10 results links in one address, so one link reopens a whole comparison.

Format: ``?l1=<results query>&l2=...``, each results query without its leading ``?``,
percent-encoded (``l1`` to ``l10``, numbered from 1 without a gap; other parameters are
ignored). Every malformed input raises :class:`~assessment.errors.CompareLinkError`, and more
than :data:`MAX_LINKS` results links :class:`~assessment.errors.TooManyLinksError`. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from .errors import DAMAGED, CompareLinkError, LinkError, TooManyLinksError
from .query import parse_query, query_part

MAX_LINKS = 10
_COMPARE_KEY = re.compile(r"^l([1-9][0-9]?)$")
_BROKEN = "This compare link is damaged: it may have been cut short or changed when it was copied. "


def _results_query(link: str) -> str:
    """A results link's query, without the leading "?" and any "#fragment"."""
    try:
        return query_part(link)
    except ValueError:
        raise CompareLinkError("One of the results links is not a valid web address.") from None


def compare_params(links: Sequence[str]) -> dict[str, str]:
    """The compare link's parameters for these results links, as a page address holds them
    (``l1``, ``l2``... each a results query without its ``?``); blank links are left out."""
    queries = [_results_query(link) for link in links if link.strip()]
    if len(queries) > MAX_LINKS:
        raise TooManyLinksError(f"A compare link holds at most {MAX_LINKS} results links, not {len(queries)}.")
    return {f"l{number}": query for number, query in enumerate(queries, 1)}


def compare_link(links: Sequence[str]) -> str:
    """The compare link (``?l1=...&l2=...``) for these results links; blank ones are left out."""
    return "?" + "&".join(f"{key}={quote(query, safe='')}" for key, query in compare_params(links).items())


def is_compare_link(params: Mapping[str, str]) -> bool:
    """Whether these query parameters carry a comparison (any ``l1``, ``l2``... present)."""
    return any(_COMPARE_KEY.match(key) for key in params)


def parse_compare_link(text_or_params: str | Mapping[str, str]) -> list[str]:
    """The results queries (each starting with "?") a compare link carries, in order.

    Accepts the link as text (full URL or query) or as already-split parameters; other
    parameters are ignored. Raises :class:`CompareLinkError` when it is malformed.
    """
    if isinstance(text_or_params, str):
        try:
            params: Mapping[str, str] = parse_query(text_or_params)
        except LinkError as error:
            raise CompareLinkError(_BROKEN + str(error).removeprefix(DAMAGED)) from None
    else:
        params = text_or_params
    numbered: dict[int, str] = {}
    for key, value in params.items():
        match = _COMPARE_KEY.match(key)
        if match:
            numbered[int(match.group(1))] = value
    if not numbered:
        raise CompareLinkError("This is not a compare link: it carries no results links.")
    if len(numbered) > MAX_LINKS:
        raise CompareLinkError(_BROKEN + f"It holds more than {MAX_LINKS} results links.")
    if sorted(numbered) != list(range(1, len(numbered) + 1)):
        raise CompareLinkError(_BROKEN + "One of its results links is missing.")
    queries = []
    for number in sorted(numbered):
        value = numbered[number].strip().removeprefix("?")
        if not value:
            raise CompareLinkError(_BROKEN + f"Its results link {number} is empty.")
        queries.append("?" + value)
    return queries


def split_links(text: str) -> list[str]:
    """The links in a pasted block of text: one per line, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
