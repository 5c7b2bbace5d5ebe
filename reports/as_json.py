"""The results export as JSON: the answers, what the link carries and the full result
(:func:`reports.document.export_to_dict`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assessment.link import LinkData
from assessment.model import Model
from assessment.scoring import Result

from .document import dumps, export_to_dict

if TYPE_CHECKING:  # the interface's module imports this one
    from . import Report


def to_json(model: Model, result: Result, data: LinkData, link: str) -> str:
    """The answers, what the link carries and the full result, as indented JSON."""
    return dumps(export_to_dict(model, result, data, link))


def render(report: Report) -> str:
    """The report as JSON (:func:`to_json`)."""
    return to_json(report.model, report.result, report.data, report.link)
