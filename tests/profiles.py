"""Answer sets described by how far along each dimension is, for golden and app tests."""

from __future__ import annotations

from collections.abc import Mapping

from assessment.model import NOT_APPLICABLE, Model, Question


def applying_fact(model: Model, question: Question) -> str:
    """A fact question's first answer that makes no dimension not apply (several networks)."""
    inapplicable = {d.not_applicable_when[1] for d in model.dimensions if d.not_applicable_when}
    return next(o.id for o in model.scale_of(question).options if o.id not in inapplicable)


def answers_at(model: Model, default: float, **by_dimension: float) -> dict[str, str]:
    """Answer every question at ``default`` of its scale (0 = lowest, 1 = highest option),
    or at the fraction given for its dimension; facts so that every dimension applies."""
    answers = {}
    for question in model.questions:
        if question.fact:
            answers[question.id] = applying_fact(model, question)
            continue
        fraction = by_dimension.get(question.dimension, default)
        valued = model.scale_of(question).valued_options
        answers[question.id] = valued[round(fraction * (len(valued) - 1))].id
    return answers


def all_unsure(model: Model) -> dict[str, str]:
    return {q.id: model.scale_of(q).options[-1].id for q in model.questions if not q.fact}


def raise_one(model: Model, answers: Mapping[str, str], question_id: str) -> dict[str, str] | None:
    """The same answers with one question moved one valued option up, or None at the top (and for
    "does not apply", which is no step on the question's scale)."""
    question = model.question(question_id)
    assert question is not None
    if question.fact:
        return None
    valued = model.scale_of(question).valued_options
    current = answers.get(question_id)
    ids = [o.id for o in valued]
    if current == NOT_APPLICABLE:
        return None
    if current is None or current not in ids:
        return {**answers, question_id: ids[0]}
    position = ids.index(current)
    if position + 1 == len(ids):
        return None
    return {**answers, question_id: ids[position + 1]}
