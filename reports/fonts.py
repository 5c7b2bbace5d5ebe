"""The PDF report's fonts: which font files it uses (the reports' only look at the disk).

The report sets every piece of text in a Unicode TrueType font, so names with accents, Greek
or Cyrillic letters and most symbols come out as real, searchable text. DejaVu Sans (regular
and bold) ships with the project in ``fonts/`` (its licence: ``fonts/LICENSE.txt``), so the
report looks the same on a fresh machine and on Streamlit Community Cloud. DejaVu has no
Chinese, Japanese or Korean characters, and a font that has them is 4–20 MB, too much to
ship for a name; so when the machine has one of :data:`SYSTEM_FALLBACKS` (Debian's
``fonts-droid-fallback`` or ``fonts-noto-cjk``) the report uses it for the characters DejaVu
lacks. Characters that no font here has are shown as U+FFFD (see :mod:`reports.as_pdf`).

:func:`find_fonts` only names files; the PDF library reads them while it builds the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
SYSTEM_FALLBACKS = (
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),  # fonts-droid-fallback
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),  # fonts-noto-cjk
)


@dataclass(frozen=True)
class PdfFonts:
    """The font files of the PDF report: DejaVu Sans and, if any, a fallback for what it lacks."""

    regular: Path
    bold: Path
    fallback: Path | None = None


SHIPPED = PdfFonts(FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf")


def find_fonts() -> PdfFonts:
    """The shipped DejaVu Sans, with the first of :data:`SYSTEM_FALLBACKS` this machine has."""
    fallback = next((path for path in SYSTEM_FALLBACKS if path.is_file()), None)
    return PdfFonts(SHIPPED.regular, SHIPPED.bold, fallback)
