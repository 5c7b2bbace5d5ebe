"""How an organisation name is shown: the one rule every page, export, report and the CLI apply.

Pure: no I/O.
"""

from __future__ import annotations

# The bidirectional formatting characters: embeddings and overrides (U+202A–U+202E),
# isolates (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_WITHOUT_BIDI_CONTROLS = str.maketrans(dict.fromkeys(BIDI_CONTROLS))


def display_name(name: str) -> str:
    """``name`` as it is shown anywhere (page, exports, report, CLI): without bidirectional control characters.

    Names come from links anyone can write, and these invisible characters reorder the
    text *around* a name too: after "Acme U+202E" a caption's "overall score 25" reads
    "52 erocs llarevo". Every visible character stays, so letters of right-to-left scripts
    still show as their writers typed them. The link keeps the name as given (its checksum
    covers it): the rule applies where a name is shown, and where a new link is made.
    """
    return name.translate(_WITHOUT_BIDI_CONTROLS)
