"""Plain text for a terminal or a ``.txt`` download: a result (:func:`text_report`) and a
comparison (:func:`comparison_text`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assessment.compare import Comparison
from assessment.model import Model
from assessment.names import display_name
from assessment.rounding import NO_SCORE, shown_gap_text, shown_score, whole_points
from assessment.scoring import Result

from .wording import (
    NO_SCORE_LEVEL,
    cited_seeds,
    does_not_apply,
    level_label,
    level_name,
    level_shift,
    over_time_summary,
    signed,
    source_titles,
    spread_message,
    step_detail,
)

if TYPE_CHECKING:  # the interface's module imports this one
    from . import Report


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
            lines.append(f"{number:>2}. [{step.dimension.name}] {step.recommendation.step}")
            lines.append(f"    {step_detail(step)}.")
            lines.append(f"    Source: {source_titles(model, step.recommendation.sources)}")
        lines += ["", "Sources:"]
        lines += [f" - “{seed.title}”: {seed.gist}" for seed in cited_seeds(model, result.next_steps)]
    if result.unknown_questions:
        lines += ["", "Find out (answered 'Not sure'):"]
        lines += [f" - {q.text}" for q in result.unknown_questions]
    if result.not_applicable_questions:
        lines += ["", "Does not apply to us (left out of the scores):"]
        lines += [f" - {what} ({why})" for what, why in does_not_apply(model, result)]
    if result.missing_questions:
        lines += ["", f"Unanswered: {len(result.missing_questions)} question(s)."]
    return "\n".join(lines)


def render(report: Report) -> str:
    """The report as plain text (:func:`text_report`)."""
    return text_report(report.model, report.result, report.data.name)


def comparison_text(comparison: Comparison) -> str:
    """A readable multi-line report of the comparison for a terminal."""
    lines: list[str] = [s.text for s in comparison.skipped]
    if comparison.skipped:
        lines.append("")
    if not comparison.entries:
        lines.append("No results to compare.")
        return "\n".join(lines)
    width = max(28, *(len(e.legend) for e in comparison.entries))
    lines.append(f"{'Result':<{width}} {'Score':>5}  Level")
    for e in comparison.entries:
        lines.append(f"{e.legend:<{width}} {whole_points(e.result.overall):>5}  {e.result.level.name}")

    over_time = comparison.over_time
    if over_time is not None:
        lines += ["", "Over time: " + over_time_summary(over_time), ""]
        lines.append(f"{'Dimension':<28} {'Before':>6} {'After':>6} {'Change':>6}  Level")
        for c in over_time.changes:
            level = level_shift(c.level.before, c.level.after) if c.level is not None else NO_SCORE_LEVEL
            lines.append(
                f"{c.dimension.name:<28} {shown_score(c.before):>6} {shown_score(c.after):>6} "
                f"{NO_SCORE if c.shown_delta is None else signed(c.shown_delta):>6}  {level}"
            )
    elif len(comparison.entries) >= 2:
        lines += ["", f"{'Dimension':<28} " + " ".join(f"{f'#{e.position}':>5}" for e in comparison.entries)]
        for i, d in enumerate(comparison.entries[0].result.dimensions):
            cells = " ".join(f"{shown_score(e.result.dimensions[i].score):>5}" for e in comparison.entries)
            lines.append(f"{d.dimension.name:<28} {cells}")

    team = comparison.team
    if team is not None:
        who = f" of {team.name}" if team.name else ""
        lines += ["", f"Team view: {len(team.members)} results{who}", ""]
        lines.append(f"{'Dimension':<28} {'Min':>5} {'Mean':>5} {'Max':>5}")
        for r in team.dimensions:
            low, mean, high = (shown_score(s) for s in (r.low, r.mean, r.high))
            lines.append(f"{r.dimension.name:<28} {low:>5} {mean:>5} {high:>5}")
        if team.disagreements:
            lines += ["", "Where the team disagrees:"]
            lines += [f" - {spread_message(q)}" for q in team.disagreements]
        else:
            lines += ["", "The team broadly agrees: no question's answers are far apart."]
        unsure_only = [q for q in team.not_sure if not q.disagreement]
        if unsure_only:
            lines += ["", "Find out together (answered 'Not sure'):"]
            lines += [f" - {spread_message(q)}" for q in unsure_only]
    lines += ["", f"Compare link: {comparison.link}"]
    return "\n".join(lines)
