"""The PDF report's fonts: which font files it uses (the reports' only look at the disk).

The report sets every piece of text in a Unicode TrueType font, so names with accents, Greek
or Cyrillic letters and most symbols come out as real, searchable text. DejaVu Sans (regular
and bold) ships with the project in ``fonts/`` (its licence: ``fonts/LICENSE.txt``), so the
report looks the same on a fresh machine and on Streamlit Community Cloud.

DejaVu has no Chinese, Japanese or Korean characters, and a font that has them is 4–20 MB.
The report used to fall back to one the machine had (Debian's ``fonts-droid-fallback``): for a
name with one such character, every report then read the 4 MB font again, 220–300 ms and
+27 MiB a report (issue 23), and fpdf2 subsets each document's fonts in place, so one read
cannot serve two reports. So the report uses only DejaVu Sans, on every machine alike (Streamlit
Community Cloud has no such font anyway): a character it lacks is drawn as U+FFFD (see
:mod:`reports.as_pdf`), and the results link, its QR code and the HTML report keep the name whole.

:func:`find_fonts` only names files; the PDF library reads them while it builds the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"


@dataclass(frozen=True)
class PdfFonts:
    """The font files of the PDF report: DejaVu Sans, regular and bold."""

    regular: Path
    bold: Path


SHIPPED = PdfFonts(FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf")


def find_fonts() -> PdfFonts:
    """The report's fonts: the shipped DejaVu Sans."""
    return SHIPPED
