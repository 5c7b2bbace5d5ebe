"""How an organisation name is shown: the one rule every page, export, report and the CLI apply.

Pure: no I/O.
"""

from __future__ import annotations

import unicodedata

# The bidirectional formatting characters: embeddings and overrides (U+202A–U+202E),
# isolates (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# The control characters (C0, DEL and C1) and lone surrogates: a white-space one is shown as a
# space, the others not at all.
_CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0)]
_SHOWN = str.maketrans(
    {
        **dict.fromkeys(BIDI_CONTROLS),
        **{code: (" " if chr(code).isspace() else None) for code in _CONTROLS},
        **dict.fromkeys(range(0xD800, 0xE000)),
    }
)
# Characters of letter or symbol classes that show nothing: the Hangul fillers, the blank
# Braille pattern, and the combining marks that only join or select (they have no glyph).
BLANKS = frozenset(
    "\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)


def display_name(name: str) -> str:
    """``name`` as it is shown anywhere (page, exports, report, CLI): without bidirectional
    controls, control characters (a white-space one becomes a space) or lone surrogates.

    Names come from links anyone can write. Bidirectional controls reorder the text *around*
    a name too: after "Acme U+202E" a caption's "overall score 25" reads "52 erocs llarevo".
    Control characters drive a terminal: ESC starts its escape sequences (colours, titles,
    OSC 8 links), NUL and the C1 controls do their own. Every visible character stays, so
    letters of right-to-left scripts still show as their writers typed them. The link keeps
    the name as given (its checksum covers it): the rule applies where a name is shown, and
    where a new link is made.
    """
    return name.translate(_SHOWN)


def is_invisible(char: str) -> bool:
    """Whether a character shows nothing by itself: a space or control of any kind, a format
    character (zero-width space, joiners, U+FEFF, tags), a combining mark without its base,
    an unassigned code point, or one of the :data:`BLANKS`."""
    return unicodedata.category(char)[0] not in "LNPS" or char in BLANKS


def has_visible(name: str) -> bool:
    """Whether ``name`` shows anything at all (a name of only invisible characters reads as none)."""
    return any(not is_invisible(char) for char in name)
