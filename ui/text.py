"""Turning untrusted or numeric values into text that is safe and readable on the page."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

from assessment.names import display_name

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of
# them also defuses Streamlit's own markdown extensions (":red[...]", "$math$", ":emoji:").
_MARKDOWN_SPECIALS = re.compile(r"([!-/:-@\[-`{-~])")
# Where GitHub-flavoured markdown's autolinks begin, in escaped text: "http", "https" or "www"
# before their ":" or ".", and every "@" (e-mail addresses).
_AUTOLINK_STARTS = re.compile(r"(?i)(https?|www)(?=\\[:.])|(?=\\@)")
# An empty Streamlit text directive: an empty <span>, no character and no space, that ends a run of text.
AUTOLINK_BREAK = ":small[]"


def md_escape(text: str) -> str:
    """``text`` as markdown that renders literally: no links, images, HTML or formatting.

    Every ASCII punctuation character is backslash-escaped. That does not stop GFM's
    autolinks: Streamlit's markdown (remark-gfm) finds ``https://``, ``www.`` and e-mail
    addresses in each run of text after the escapes are undone, and makes them live links
    (a name such as "Acme https://evil.example/login" on a shared results page). So the
    text is also cut into separate runs by an empty ``:small[]`` (:data:`AUTOLINK_BREAK`)
    wherever an address would begin: after "http", "https" or "www" and before every "@".
    The page shows the same characters, in the same order, and no address is whole in any
    one run.
    """
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))
    return _AUTOLINK_STARTS.sub(lambda found: (found.group(1) or "") + AUTOLINK_BREAK, escaped)


def name_md(name: str) -> str:
    """A name from outside (an organisation's, a room's, a member's) as markdown on a page: as
    every name is shown (:func:`assessment.names.display_name`), escaped to render literally."""
    return md_escape(display_name(name))


def markdown_table(
    header: Sequence[str], rows: Iterable[Sequence[object]], right: Collection[str] = (), small: bool = False
) -> str:
    """A GitHub-style markdown table; every cell escaped, the ``right`` columns right-aligned.

    ``small`` sets every cell in Streamlit's small text, the size ``st.table`` uses.

    One markdown element draws the whole table: ``st.table`` renders each cell as its own
    markdown element and fetches its own table code, which a shared link's first paint
    waited for (bench/paint.py).
    """
    rule = ["---:" if name in right else "---" for name in header]
    wrap = ":small[{}]" if small else "{}"
    cells = [[wrap.format(md_escape(str(cell))) for cell in row] for row in [header, *rows]]
    lines = [cells[0], rule, *cells[1:]]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)
