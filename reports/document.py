"""Every JSON document the project writes, built here once: a result, the questionnaire, a
decoded link, a results export, a comparison and a team; and :func:`dumps`, how each is written.

These are contracts other tools rely on (``python -m assessment ... --json``, the JSON
download, ``python -m rooms show --json`` and the room's export): their shapes change only
with ``CHANGELOG.md``. Scores are one decimal (:mod:`assessment.rounding`), a dimension
without a score is null, dates are ISO 8601. Pure: dicts and text out.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from assessment.compare import Comparison, DimensionChange, LevelChange, Team
from assessment.link import DecodedLink, LinkData
from assessment.model import Model, Variant
from assessment.names import display_name
from assessment.rounding import one_decimal, one_decimal_delta, one_decimal_gap_or_none, one_decimal_or_none
from assessment.scoring import DimensionResult, Result

from .wording import over_time_summary, spread_message

EXPORT_FORMAT = 2  # the results export's "format": 2 since content 3 (steps say why, conditions)


def dumps(document: Any) -> str:
    """A JSON document as every output writes it: UTF-8 text as it is (no ``\\u`` escapes),
    indented by two spaces, ending in a newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _gap(d: DimensionResult) -> float | None:
    return one_decimal_gap_or_none(d.score, d.target_score)


# --- One result --------------------------------------------------------------------------------


def result_to_dict(result: Result) -> dict[str, Any]:
    """The result as JSON-ready data (the CLI's ``score --json`` contract, plus detail).

    A dimension without a score (none of its questions applies) maps to null in
    ``dimensions``, ``dimension_levels`` and ``gaps``.
    """
    return {
        "version": result.model_version,
        **({"variant": result.variant, "questions_asked": result.asked} if result.variant != "full" else {}),
        "level": result.level.id,
        "level_name": result.level.name,
        "level_before_conditions": result.gated_level.id,
        "overall": one_decimal(result.overall),
        "dimensions": {d.dimension.id: one_decimal_or_none(d.score) for d in result.dimensions},
        "dimension_levels": {d.dimension.id: d.level.id if d.level else None for d in result.dimensions},
        "weakest": result.weakest.dimension.id,
        "held_back_by": [d.dimension.id for d in result.held_back_by],
        "capped_by": [c.condition.id for c in result.capped_by],
        "conditions": [
            {
                "id": c.condition.id,
                "question": c.question.id,
                "answer": c.answer.id if c.answer else None,
                "status": c.status,
                "highest": c.highest.id,
                "sources": list(c.condition.sources),
            }
            for c in result.conditions
        ],
        "target": result.target.id,
        "gaps": {d.dimension.id: _gap(d) for d in result.dimensions},
        "unknown": [q.id for q in result.unknown_questions],
        "missing": [q.id for q in result.missing_questions],
        "not_applicable": [q.id for q in result.not_applicable_questions],
        "provisional": result.provisional,
        "best_case_level": result.best_case.id,
        "confidence": round(result.confidence, 3),
        "find_out_first": result.find_out_first,
        "explanation": result.explanation,
        "next_steps": [
            {
                "id": s.recommendation.id,
                "dimension": s.dimension.id,
                "also": [d.id for d in s.also],
                "because": [{"question": q.id, "answer": o.id} for q, o in s.because],
                "conditions": [c.id for c in s.conditions],
                "step": s.recommendation.step,
                "effort": s.recommendation.effort,
                "sources": list(s.recommendation.sources),
                "gap": _gap(result.dimension(s.dimension.id)),
            }
            for s in result.next_steps
        ],
    }


def decoded_to_dict(result: Result, decoded: DecodedLink) -> dict[str, Any]:
    """A results link's result and what the link carried (``python -m assessment decode --json``)."""
    return {
        **result_to_dict(result),
        "name": display_name(decoded.data.name),
        "taken_on": _date(decoded.data.taken_on),
        "link_version": decoded.link_version,
        "new_questions": [q.id for q in decoded.new_questions],
        "dropped_answers": decoded.dropped,
    }


def export_to_dict(model: Model, result: Result, data: LinkData, link: str) -> dict[str, Any]:
    """The results export (the JSON download): the answers, what the link carries and the full result."""
    return {
        "format": EXPORT_FORMAT,
        "content_version": model.version,
        "name": display_name(data.name),
        "taken_on": _date(data.taken_on),
        "target": data.target,
        "link": link,
        "answers": {q.id: data.answers[q.id] for q in model.questions if q.id in data.answers},
        "result": result_to_dict(result),
    }


def questions_to_dict(model: Model, variant: Variant = "full") -> dict[str, Any]:
    """The questionnaire as JSON-ready data (the CLI's ``questions --json`` contract); the quick
    check's lists its own questions and says ``"variant": "quick"``."""
    return {
        "version": model.version,
        **({"variant": variant} if variant != "full" else {}),
        "levels": [{"id": lv.id, "name": lv.name} for lv in model.levels],
        "dimensions": [{"id": d.id, "name": d.name} for d in model.dimensions],
        "questions": [
            {
                "id": q.id,
                "dimension": q.dimension,
                "topic": q.topic,
                "text": q.text,
                "help": q.help,
                "options": [
                    {"id": o.id, "label": o.label, "value": o.value, "kind": o.kind} for o in model.options_of(q)
                ],
            }
            for q in model.questions_in(variant)
        ],
    }


# --- Several results ---------------------------------------------------------------------------


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready data (``python -m assessment compare --json``)."""
    data: dict[str, Any] = {
        "entries": [
            {
                "position": e.position,
                "label": e.label,
                "name": e.name,
                "taken_on": _date(e.taken_on),
                "level": e.result.level.id,
                "level_name": e.result.level.name,
                "overall": one_decimal(e.result.overall),
                "dimensions": {d.dimension.id: one_decimal_or_none(d.score) for d in e.result.dimensions},
                "link": e.query,
                "link_version": e.link_version,
                "variant": e.result.variant,
            }
            for e in comparison.entries
        ],
        "skipped": [{"position": s.position, "message": s.message} for s in comparison.skipped],
        "over_time": None,
        "team": None,
        "compare_link": comparison.link,
    }
    over_time = comparison.over_time
    if over_time is not None:
        data["over_time"] = {
            "before": over_time.before.label,
            "after": over_time.after.label,
            "by_date": True,  # always, since over time needs two different dates (kept for readers of format 1)
            "level": _level_change(over_time.level),
            "overall": {
                "before": one_decimal(over_time.overall_before),
                "after": one_decimal(over_time.overall_after),
                "delta": one_decimal_delta(over_time.overall_delta),
            },
            "dimensions": {
                c.dimension.id: {
                    "before": one_decimal_or_none(c.before),
                    "after": one_decimal_or_none(c.after),
                    "delta": None if c.delta is None else one_decimal_delta(c.delta),
                    "level": None if c.level is None else _level_change(c.level),
                }
                for c in over_time.changes
            },
            "biggest_improvement": _dimension_id(over_time.biggest_improvement),
            "biggest_slide": _dimension_id(over_time.biggest_slide),
            "summary": over_time_summary(over_time),
        }
    if comparison.team is not None:
        data["team"] = team_to_dict(comparison.team)
    return data


def team_to_dict(team: Team) -> dict[str, Any]:
    """The team view as JSON-ready data: the ``team`` part of :func:`comparison_to_dict`, and of a room's."""
    return {
        "name": team.name,
        "members": [m.label for m in team.members],
        "dimensions": {
            r.dimension.id: {
                "min": one_decimal_or_none(r.low),
                "mean": one_decimal_or_none(r.mean),
                "max": one_decimal_or_none(r.high),
            }
            for r in team.dimensions
        },
        "questions": [
            {
                "id": q.question.id,
                "spread": q.spread,
                "valued": q.valued,
                "unsure": q.unsure,
                "unanswered": q.unanswered,
                "not_applicable": q.not_applicable,
                "lowest": q.lowest.id if q.lowest else None,
                "highest": q.highest.id if q.highest else None,
            }
            for q in team.questions
        ],
        "disagreements": [{"id": q.question.id, "message": spread_message(q)} for q in team.disagreements],
    }


def _dimension_id(change: DimensionChange | None) -> str | None:
    return change.dimension.id if change else None


def _level_change(change: LevelChange) -> dict[str, Any]:
    return {
        "before": change.before.id,
        "after": change.after.id,
        "before_name": change.before.name,
        "after_name": change.after.name,
        "change": change.steps,
    }
