"""The results export as CSV: one row per dimension the result measured."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from assessment.rounding import one_decimal, one_decimal_gap
from assessment.scoring import Result

from .wording import level_name

if TYPE_CHECKING:  # the interface's module imports this one
    from . import Report

CSV_HEADER = ("dimension_id", "dimension", "score", "level", "target", "gap")


def to_csv(result: Result) -> str:
    """One row per dimension: id, name, score, level, target level and gap to it; a dimension
    without a score has empty score and gap cells and the level "Does not apply"."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for d in result.measured_dimensions:
        writer.writerow(
            (
                d.dimension.id,
                d.dimension.name,
                "" if d.score is None else one_decimal(d.score),
                level_name(d.level),
                result.target.name,
                "" if d.score is None else one_decimal_gap(d.score, d.target_score),
            )
        )
    return buffer.getvalue()


def render(report: Report) -> str:
    """The report as CSV (:func:`to_csv`)."""
    return to_csv(report.result)
