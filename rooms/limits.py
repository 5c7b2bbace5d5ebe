"""Settings that bound what clients can make the app do, read from the environment like ``ROOMS_DATABASE_URL``.

Pure: no Streamlit, no database.
"""

from __future__ import annotations

from collections.abc import Mapping


def whole_number(environ: Mapping[str, str], name: str, default: int) -> int:
    """The setting ``name`` in ``environ``: a whole number of at least 1, ``default`` when unset or empty.

    Raises :class:`ValueError` naming the setting when it is anything else.
    """
    text = environ.get(name, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise ValueError(f"The setting {name} must be a whole number of at least 1, not {text!r}.")
    return int(text)
