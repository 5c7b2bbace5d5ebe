"""The team summary's rules and words: answer counts, results per dimension, levels reached,
disagreements grouped by dimension. Expected values are counted here from the answers given."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.compare import Team, levels_reached, team_of
from assessment.link import LinkData, encode
from assessment.model import Model, Variant
from assessment.rounding import shown_score
from reports.wording import (
    WIDEST_SHOWN,
    answer_counts,
    disagreement_groups,
    level_rows,
    team_score_line,
    widest_and_rest,
)
from tests.profiles import answers_at


def link(model: Model, answers: dict[str, str], variant: Variant = "full") -> str:
    return encode(model, LinkData(answers, "", None, date(2026, 11, 2), variant))


def team(model: Model, answer_sets: list[dict[str, str]], variants: list[Variant] | None = None) -> Team:
    kinds = variants or ["full"] * len(answer_sets)
    found = team_of(model, [link(model, a, v) for a, v in zip(answer_sets, kinds, strict=True)])
    assert found is not None
    return found


def test_each_question_counts_how_many_chose_each_answer_in_the_scale_s_order(model: Model) -> None:
    base = answers_at(model, 0.5)
    unanswered = {k: v for k, v in base.items() if k != "budget.hours"}
    sets = [
        {**base, "budget.hours": "reviewed"},
        {**base, "budget.hours": "none"},
        {**base, "budget.hours": "reviewed"},
        {**base, "budget.hours": "unsure"},
        unanswered,
    ]
    spread = {q.question.id: q for q in team(model, sets).questions}["budget.hours"]
    question = model.question("budget.hours")
    assert question is not None
    options = {o.id: o for o in model.options_of(question)}
    assert spread.answers == ((options["none"], 1), (options["reviewed"], 2), (options["unsure"], 1))
    assert spread.unanswered == 1
    assert answer_counts(spread) == (
        f"1 × “{options['none'].label}” · 2 × “{options['reviewed'].label}” · 1 × “{options['unsure'].label}”"
        " · 1 not answered"
    )


def test_a_dimension_counts_the_results_that_measured_it_and_its_line_gives_mean_lowest_highest(
    model: Model,
) -> None:
    quick_only = {q.id for q in model.questions_in("quick")}
    (dimension_off,) = [d for d in model.dimensions if d.not_applicable_when]
    assert dimension_off.not_applicable_when is not None
    fact, one = dimension_off.not_applicable_when  # one network: "Strategy per network" does not apply
    quick = {k: v for k, v in answers_at(model, 0.0).items() if k in quick_only} | {fact: one}
    found = team(model, [answers_at(model, 1.0), answers_at(model, 0.5), quick], ["full", "full", "quick"])
    for span, dimension in zip(found.dimensions, model.dimensions, strict=True):
        measured = [m for m in found.members if m.result.dimension(dimension.id).score is not None]
        assert span.measured == len(measured)
        scores = [m.result.dimension(dimension.id).score for m in measured]
        assert span.low == min(s for s in scores if s is not None)
        line = team_score_line(span)
        assert line == f"{shown_score(span.mean)} ({shown_score(span.low)}–{shown_score(span.high)})"
    assert [span.measured for span in found.dimensions] == [2 if d == dimension_off else 3 for d in model.dimensions]


def test_levels_reached_count_the_results_at_and_above_each_level(model: Model) -> None:
    found = team(model, [answers_at(model, f) for f in (0.0, 0.25, 0.5, 0.75, 1.0, 1.0)])
    counts = levels_reached(model, found)
    assert [c.level for c in counts] == list(model.levels)
    ranks = [m.result.level.rank for m in found.members]
    for count in counts:
        assert count.at == ranks.count(count.level.rank)
        assert count.reaching == sum(1 for rank in ranks if rank >= count.level.rank)
    assert counts[0].reaching == len(found.members) == sum(c.at for c in counts)
    target = model.levels[2]
    rows = level_rows(counts, len(found.members), target)
    assert [row[0] for row in rows] == [
        f"{level.name} (team target)" if level == target else level.name for level in reversed(model.levels)
    ]
    assert rows[-1][2] == f"{len(found.members)} of {len(found.members)}"


@given(st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]), min_size=3, max_size=8))
def test_disagreements_group_by_dimension_widest_first_and_none_is_lost(model: Model, fractions: list[float]) -> None:
    sets = [answers_at(model, f) for f in fractions]
    found = team(model, sets)
    spreads = found.disagreements
    groups = disagreement_groups(model, spreads)
    flat = [q for _, items in groups for q in items]
    assert sorted(q.question.id for q in flat) == sorted(q.question.id for q in spreads)
    for dimension, items in groups:
        assert all(q.question.dimension == dimension.id for q in items)
    firsts = [spreads.index(items[0]) for _, items in groups]
    assert firsts == sorted(firsts)  # each group where its widest question comes
    widest, rest = widest_and_rest(spreads)
    assert widest == list(spreads[:WIDEST_SHOWN]) and widest + rest == list(spreads)
    assert all((a.spread or 0) >= (b.spread or 0) for a in widest for b in rest)


@pytest.mark.parametrize("count", [0, 1, 5, 6, 15])
def test_widest_and_rest_split_at_five(count: int, model: Model) -> None:
    found = team(model, [answers_at(model, 0.0), answers_at(model, 1.0)])
    spreads = found.disagreements[:count]
    widest, rest = widest_and_rest(spreads)
    assert len(widest) == min(count, 5) and len(rest) == max(count - 5, 0)
