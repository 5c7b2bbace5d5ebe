"""Query strings: the one reader of the parameters a link carries (results, compare and room links).

Built on :func:`urllib.parse.parse_qsl`, with what every link of this app needs on top:

* a link is given as a full address (``https://…/app/?v=1&…``), a path (``/app?v=1&…``) or a
  query with or without its ``?``; surrounding space and any ``#fragment`` are dropped;
* ``+`` is a space and ``%XX`` escapes are UTF-8, an escape that does not decode is an error
  (``errors="strict"``, unless the caller asks for ``"replace"``);
* empty parts (``&&``) are skipped, a part without ``=`` is a parameter with an empty value;
* a parameter given twice is an error, and so is a text longer than ``max_length``.

Every error is a :class:`~assessment.errors.LinkError` whose message is fit for a user. Pure.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from .errors import DAMAGED, LinkError

MAX_LINK_LENGTH = 2048


def query_part(text: str) -> str:
    """The query a link carries, without its ``?`` and any ``#fragment``: of a full address or a
    path, its query; else the text itself. Raises ValueError for an address that cannot be read."""
    text = text.strip()
    if "://" in text or text.startswith("/"):
        text = urlsplit(text).query
    return text.removeprefix("?").split("#", 1)[0]


def parse_query(text: str, *, max_length: int = MAX_LINK_LENGTH, errors: str = "strict") -> dict[str, str]:
    """The parameters of a link given as a full address, a path or a query (see the module's rules).

    Raises :class:`LinkError` for a text longer than ``max_length`` characters, an address that
    cannot be read, an escape that does not decode (with ``errors="strict"``; ``"replace"`` puts
    U+FFFD in its place) or a parameter given twice, checked in that order.
    """
    if len(text) > max_length:
        raise LinkError(DAMAGED + "It is far longer than any results link.")
    try:
        query = query_part(text)
    except ValueError:
        raise LinkError(DAMAGED + "It is not a valid web address.") from None
    try:
        pairs = parse_qsl(query, keep_blank_values=True, errors=errors)
    except UnicodeDecodeError:
        raise LinkError(DAMAGED + "It contains characters that do not decode.") from None
    params: dict[str, str] = {}
    for key, value in pairs:
        if key in params:
            raise LinkError(DAMAGED + f"The part '{key}' appears twice.")
        params[key] = value
    return params
