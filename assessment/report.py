"""Plain data and plain text views of a :class:`Result`, shared by the CLI and the exports."""

from __future__ import annotations

from typing import Any

from .model import Model, Variant
from .names import display_name
from .present import cited_seeds, level_label, level_name, source_titles
from .rounding import (
    one_decimal,
    one_decimal_gap_or_none,
    one_decimal_or_none,
    shown_gap_text,
    shown_score,
    whole_points,
)
from .scoring import DimensionResult, Result


def _gap(d: DimensionResult) -> float | None:
    return one_decimal_gap_or_none(d.score, d.target_score)


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
        "overall": one_decimal(result.overall),
        "dimensions": {d.dimension.id: one_decimal_or_none(d.score) for d in result.dimensions},
        "dimension_levels": {d.dimension.id: d.level.id if d.level else None for d in result.dimensions},
        "weakest": result.weakest.dimension.id,
        "held_back_by": [d.dimension.id for d in result.held_back_by],
        "target": result.target.id,
        "gaps": {d.dimension.id: _gap(d) for d in result.dimensions},
        "unknown": [q.id for q in result.unknown_questions],
        "missing": [q.id for q in result.missing_questions],
        "not_applicable": [q.id for q in result.not_applicable_questions],
        "provisional": result.provisional,
        "best_case_level": result.best_case.id,
        "confidence": round(result.confidence, 3),
        "explanation": result.explanation,
        "next_steps": [
            {
                "id": s.recommendation.id,
                "dimension": s.dimension.id,
                "also": [d.id for d in s.also],
                "from_level": s.from_level.id,
                "to_level": s.to_level.id,
                "step": s.recommendation.step,
                "effort": s.recommendation.effort,
                "sources": list(s.recommendation.sources),
                "gap": _gap(result.dimension(s.dimension.id)),
            }
            for s in result.next_steps
        ],
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
                "text": q.text,
                "help": q.help,
                "options": [
                    {"id": o.id, "label": o.label, "value": o.value, "kind": o.kind} for o in model.options_of(q)
                ],
            }
            for q in model.questions_in(variant)
        ],
    }


def text_report(model: Model, result: Result, name: str = "") -> str:
    """A readable multi-line report for a terminal."""
    lines = []
    if name:
        lines.append(f"Organisation: {display_name(name)}")
    provisional = " - provisional" if result.provisional else ""
    lines += [
        f"{level_label(result)}: {result.level.name} "
        f"(overall score {whole_points(result.overall)} of 100){provisional}",
        result.explanation,
        "",
        f"{'Dimension':<28} {'Score':>5}  {'Level':<14} {'Gap to ' + result.target.name:>18}",
    ]
    for d in result.measured_dimensions:
        gap = shown_gap_text(d.score, d.target_score)
        lines.append(f"{d.dimension.name:<28} {shown_score(d.score):>5}  {level_name(d.level):<14} {gap:>18}")
    if result.next_steps:
        lines += ["", f"Next steps towards {result.target.name}:"]
        for number, step in enumerate(result.next_steps, 1):
            helps = ", ".join(d.name for d in (step.dimension, *step.also))
            lines.append(f"{number:>2}. [{helps}, {step.recommendation.effort} effort] {step.recommendation.step}")
            lines.append(f"    Source: {source_titles(model, step.recommendation.sources)}")
        lines += ["", "Sources:"]
        lines += [f" - “{seed.title}”: {seed.gist}" for seed in cited_seeds(model, result.next_steps)]
    if result.unknown_questions:
        lines += ["", "Find out (answered 'Not sure'):"]
        lines += [f" - {q.text}" for q in result.unknown_questions]
    if result.not_applicable_questions:
        lines += ["", "Does not apply to us (left out of the scores):"]
        lines += [f" - {q.text}" for q in result.not_applicable_questions]
    if result.missing_questions:
        lines += ["", f"Unanswered: {len(result.missing_questions)} question(s)."]
    return "\n".join(lines)
