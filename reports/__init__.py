"""The outputs of one result: JSON, CSV, plain text, a printable HTML page and a PDF.

Each format is one module (``as_json``, ``as_csv``, ``as_text``, ``as_html``, ``as_pdf``)
with a ``render`` function of the same signature: a :class:`Report` in, its text (or the
PDF's bytes) out. :data:`FORMATS` names them for the command line and the results page,
which offer the same files. Every JSON document is built in :mod:`reports.document`; the
words around the rules' results are :mod:`reports.wording`, the radar's geometry
:mod:`reports.radar` and its colours :mod:`reports.style`.

The rules live in :mod:`assessment`; nothing here changes a result, and nothing in
:mod:`assessment` imports this package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from assessment.link import LinkData
from assessment.model import Model
from assessment.scoring import Result

from . import as_csv, as_html, as_json, as_pdf, as_text


@dataclass(frozen=True)
class Report:
    """What every output is made of: the model, the result, what its link carries and the link as shown."""

    model: Model
    result: Result
    data: LinkData
    link: str  # as the reader should see it: a full address, or a query starting with "?"


class Format(NamedTuple):
    """One output: how it is rendered, its file name's suffix and its media type."""

    render: Callable[[Report], str | bytes]
    suffix: str
    mime: str


FORMATS: dict[str, Format] = {
    "pdf": Format(as_pdf.render, "pdf", "application/pdf"),
    "text": Format(as_text.render, "txt", "text/plain"),
    "json": Format(as_json.render, "json", "application/json"),
    "csv": Format(as_csv.render, "csv", "text/csv"),
    "html": Format(as_html.render, "html", "text/html"),
}
