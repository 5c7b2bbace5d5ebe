"""Turning untrusted or numeric values into text that is safe and readable on the page."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of
# them also defuses Streamlit's own markdown extensions (":red[...]", "$math$", ":emoji:").
_MARKDOWN_SPECIALS = re.compile(r"([!-/:-@\[-`{-~])")


def md_escape(text: str) -> str:
    """``text`` as markdown that renders literally: no links, images, HTML or formatting."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))


def markdown_table(
    header: Sequence[str], rows: Iterable[Sequence[object]], right: Collection[str] = (), small: bool = False
) -> str:
    """A GitHub-style markdown table; every cell escaped, the ``right`` columns right-aligned.

    ``small`` sets every cell in Streamlit's small text, the size ``st.table`` uses.

    One markdown element draws the whole table: ``st.table`` renders each cell as its own
    markdown element and fetches ~850 kB of table code, which a shared link's first paint
    waited for (bench/paint.py).
    """
    rule = ["---:" if name in right else "---" for name in header]
    wrap = ":small[{}]" if small else "{}"
    cells = [[wrap.format(md_escape(str(cell))) for cell in row] for row in [header, *rows]]
    lines = [cells[0], rule, *cells[1:]]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)
