"""Plain data and plain text views of a :class:`Result`, shared by the CLI and the exports."""

from __future__ import annotations

import math
from typing import Any

from .model import Model
from .names import display_name
from .scoring import Result, display_score


def rounded(score: float) -> float:
    """A score for machine-readable output: one decimal, rounded down like the display."""
    return math.floor(score * 10 + 1e-9) / 10


def result_to_dict(result: Result) -> dict[str, Any]:
    """The result as JSON-ready data (the CLI's ``score --json`` contract, plus detail)."""
    return {
        "version": result.model_version,
        "level": result.level.id,
        "level_name": result.level.name,
        "overall": rounded(result.overall),
        "dimensions": {d.dimension.id: rounded(d.score) for d in result.dimensions},
        "dimension_levels": {d.dimension.id: d.level.id for d in result.dimensions},
        "weakest": result.weakest.dimension.id,
        "held_back_by": [d.dimension.id for d in result.held_back_by],
        "target": result.target.id,
        "gaps": {d.dimension.id: rounded(d.gap) for d in result.dimensions},
        "unknown": [q.id for q in result.unknown_questions],
        "missing": [q.id for q in result.missing_questions],
        "explanation": result.explanation,
        "next_steps": [
            {
                "id": s.recommendation.id,
                "dimension": s.dimension.id,
                "from_level": s.from_level.id,
                "to_level": s.to_level.id,
                "step": s.recommendation.step,
                "effort": s.recommendation.effort,
                "sources": list(s.recommendation.sources),
                "gap": rounded(result.dimension(s.dimension.id).gap),
            }
            for s in result.next_steps
        ],
    }


def questions_to_dict(model: Model) -> dict[str, Any]:
    """The questionnaire as JSON-ready data (the CLI's ``questions --json`` contract)."""
    return {
        "version": model.version,
        "levels": [{"id": lv.id, "name": lv.name} for lv in model.levels],
        "dimensions": [{"id": d.id, "name": d.name} for d in model.dimensions],
        "questions": [
            {
                "id": q.id,
                "dimension": q.dimension,
                "text": q.text,
                "help": q.help,
                "options": [{"id": o.id, "label": o.label, "value": o.value} for o in model.scale_of(q).options],
            }
            for q in model.questions
        ],
    }


def text_report(result: Result, name: str = "") -> str:
    """A readable multi-line report for a terminal."""
    lines = []
    if name:
        lines.append(f"Organisation: {display_name(name)}")
    lines += [
        f"Level: {result.level.name} (overall score {display_score(result.overall)} of 100)",
        result.explanation,
        "",
        f"{'Dimension':<28} {'Score':>5}  {'Level':<14} {'Gap to ' + result.target.name:>18}",
    ]
    for d in result.dimensions:
        lines.append(
            f"{d.dimension.name:<28} {display_score(d.score):>5}  {d.level.name:<14} {display_score(d.gap):>18}"
        )
    if result.next_steps:
        lines += ["", f"Next steps towards {result.target.name}:"]
        for number, step in enumerate(result.next_steps, 1):
            lines.append(
                f"{number:>2}. [{step.dimension.name}, {step.recommendation.effort} effort] {step.recommendation.step}"
            )
    if result.unknown_questions:
        lines += ["", "Find out (answered 'Not sure'):"]
        lines += [f" - {q.text}" for q in result.unknown_questions]
    if result.missing_questions:
        lines += ["", f"Unanswered: {len(result.missing_questions)} question(s)."]
    return "\n".join(lines)
