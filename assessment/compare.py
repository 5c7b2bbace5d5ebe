"""Compare 2–10 results links: progress over time, the team view, and the compare link.

Pure: no I/O, no clock. Rules:

* Each input is a results link (full URL or query string); blank inputs are ignored and the
  rest are numbered 1, 2, ... in the order given. A damaged link is *skipped*: reported
  with its number and the link error's message, while the others are still compared.
  More than :data:`MAX_LINKS` non-blank inputs raise :class:`TooManyLinksError`.
* Each compared result is labelled with its organisation name, or "Result N" (N its
  number) without one. Names shared by several results get their date added
  ("Acme (2026-11-01)"), and their number as well when the dates do not tell them apart.
* **Over time** needs exactly two compared results. They are ordered by date when both
  carry one (earlier first), otherwise as given. Every delta is after − before.
* **Team** needs three or more compared results whose organisation names, trimmed and
  case-folded, are all equal (all empty counts as equal). A question's *spread* is the
  highest minus the lowest answer value among the respondents who gave a valued answer
  (needs two such answers); a spread of :data:`DISAGREEMENT` or more is a disagreement.
  :func:`team_of` reads links its caller knows to be one team (a room's members) the same
  way, without the limit on their number or the same-name rule.
* The compare link ``?l1=<results query>&l2=...`` carries each results query without its
  leading ``?``, percent-encoded, so one link reopens the whole view.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import quote, urlsplit

from .errors import AssessmentError, LinkError
from .link import DAMAGED, KNOWN_PARAMS, LinkData, decode_params, parse_query, score_link
from .model import Dimension, Level, Model, Option, Question
from .names import display_name
from .present import (
    NO_SCORE,
    NO_SCORE_LEVEL,
    level_change_text,
    level_shift,
    one_decimal,
    one_decimal_delta,
    one_decimal_or_none,
    points,
    points_moved,
    shown_delta,
    shown_score,
    signed,
    whole_points,
)
from .scoring import Result

MAX_LINKS = 10
DISAGREEMENT = 0.5
MOVED = 1e-9  # a delta smaller than this is no movement at all
_COMPARE_KEY = re.compile(r"^l([1-9][0-9]?)$")


class CompareError(AssessmentError):
    """The links to compare cannot be compared as a whole."""


class TooManyLinksError(CompareError):
    """More results links than the compare view takes."""


class CompareLinkError(CompareError):
    """A compare link is damaged."""


# --- Entries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One compared result: its number among the inputs, its label and what its link carried."""

    position: int  # 1-based, among the non-blank inputs
    label: str
    name: str
    taken_on: date | None
    result: Result
    data: LinkData
    query: str  # the results query, starting with "?"
    link_version: int

    @property
    def legend(self) -> str:
        """The label, with the date when the label does not already show it, and "quick check"
        for a quick check's result (an estimate beside full results)."""
        legend = self.label
        if self.taken_on is not None and self.taken_on.isoformat() not in self.label:
            legend = f"{legend} ({self.taken_on.isoformat()})"
        return f"{legend} · quick check" if self.result.variant == "quick" else legend


@dataclass(frozen=True)
class Skipped:
    """A damaged input link, left out of the comparison."""

    position: int
    message: str

    @property
    def text(self) -> str:
        return f"Link {self.position} was skipped: {self.message}"


# --- Over time -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelChange:
    """A level before and after; ``steps`` is how many levels it climbed (negative: fell)."""

    before: Level
    after: Level

    @property
    def steps(self) -> int:
        return self.after.rank - self.before.rank

    @property
    def text(self) -> str:
        return level_change_text(self.before, self.after)


@dataclass(frozen=True)
class DimensionChange:
    """One dimension's score and level before and after; a side without a score (the dimension
    did not apply then) has None, and then there is no change to speak of."""

    dimension: Dimension
    before: float | None
    after: float | None
    level: LevelChange | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def moved(self) -> bool:
        """Whether the score really moved (by more than float noise)."""
        return self.delta is not None and abs(self.delta) > MOVED

    @property
    def shown_delta(self) -> int | None:
        """The change between the whole-point scores people see."""
        if self.before is None or self.after is None:
            return None
        return shown_delta(self.before, self.after)

    @property
    def points_text(self) -> str:
        """The move in whole points, without its sign ("3 points"; a real move below one point says 1)."""
        if self.before is None or self.after is None:
            return ""
        return points(points_moved(self.before, self.after, self.moved))


@dataclass(frozen=True)
class OverTime:
    """Two results of the same business, earlier first."""

    before: Entry
    after: Entry
    by_date: bool  # ordered by the two different dates the links carry (else: as given)
    overall_before: float
    overall_after: float
    level: LevelChange
    changes: tuple[DimensionChange, ...]
    biggest_improvement: DimensionChange | None
    biggest_slide: DimensionChange | None
    summary: str

    @property
    def overall_delta(self) -> float:
        return self.overall_after - self.overall_before


def _over_time(before: Entry, after: Entry, by_date: bool) -> OverTime:
    changes = tuple(
        DimensionChange(b.dimension, b.score, a.score, LevelChange(b.level, a.level) if b.level and a.level else None)
        for b, a in zip(before.result.dimensions, after.result.dimensions, strict=True)
    )
    rising = [c for c in changes if c.moved and (c.delta or 0.0) > 0]
    falling = [c for c in changes if c.moved and (c.delta or 0.0) < 0]
    improvement = max(rising, key=lambda c: c.delta or 0.0, default=None)  # max keeps the first of equals
    slide = min(falling, key=lambda c: c.delta or 0.0, default=None)
    level = LevelChange(before.result.level, after.result.level)
    shown_before, shown_after = whole_points(before.result.overall), whole_points(after.result.overall)

    if by_date and before.taken_on and after.taken_on:
        span = f"From {before.taken_on.isoformat()} to {after.taken_on.isoformat()}"
    else:
        span = f"From {before.label} to {after.label}"
    parts = [f"{span}, the level {level.text} (overall score {shown_before} → {shown_after})"]
    if improvement is not None:
        parts.append(f"the biggest improvement was {improvement.dimension.name}, up {improvement.points_text}")
    else:
        parts.append("no dimension improved")
    if slide is not None:
        parts.append(f"the biggest slide was {slide.dimension.name}, down {slide.points_text}")
    else:
        parts.append("no dimension slid back")
    summary = parts[0] + "; " + ", and ".join(parts[1:]) + "."
    return OverTime(
        before=before,
        after=after,
        by_date=by_date,
        overall_before=before.result.overall,
        overall_after=after.result.overall,
        level=level,
        changes=changes,
        biggest_improvement=improvement,
        biggest_slide=slide,
        summary=summary,
    )


# --- Team ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionRange:
    """One dimension's lowest, mean and highest score across the team members it applies to
    (None when it applies to nobody)."""

    dimension: Dimension
    low: float | None
    mean: float | None
    high: float | None


@dataclass(frozen=True)
class QuestionSpread:
    """How far apart the team's answers to one question are."""

    question: Question
    spread: float | None  # highest − lowest answer value; None with fewer than two valued answers
    valued: int
    unsure: int
    unanswered: int
    lowest: Option | None
    highest: Option | None
    not_applicable: int = 0  # answered "does not apply"

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.spread >= DISAGREEMENT - MOVED

    @property
    def message(self) -> str:
        """The finding in plain words: a disagreement, or how many were not sure ("" if neither)."""
        if self.disagreement and self.lowest is not None and self.highest is not None:
            text = (
                f'Your team does not agree on "{self.question.text}": answers run from '
                f'"{self.lowest.label}" to "{self.highest.label}".'
            )
        elif self.unsure:
            text = f'On "{self.question.text}":'
        else:
            return ""
        if self.unsure:
            text += f' {self.unsure} {"person" if self.unsure == 1 else "people"} answered "Not sure".'
        return text


@dataclass(frozen=True)
class Team:
    """Three or more results of one organisation, read as a team's views."""

    name: str
    members: tuple[Entry, ...]
    dimensions: tuple[DimensionRange, ...]
    questions: tuple[QuestionSpread, ...]  # largest spread first, then questionnaire order; no spread last

    @property
    def disagreements(self) -> tuple[QuestionSpread, ...]:
        return tuple(q for q in self.questions if q.disagreement)

    @property
    def not_sure(self) -> tuple[QuestionSpread, ...]:
        """Questions someone answered "Not sure", most such answers first."""
        return tuple(sorted((q for q in self.questions if q.unsure), key=lambda q: -q.unsure))


def same_organisation(name: str) -> str:
    """The form in which two organisation names count as the same."""
    return " ".join(name.split()).casefold()


def _team(model: Model, members: tuple[Entry, ...]) -> Team:
    ranges = []
    for i, dimension in enumerate(model.dimensions):
        scores = [s for m in members if (s := m.result.dimensions[i].score) is not None]
        if scores:
            ranges.append(DimensionRange(dimension, min(scores), sum(scores) / len(scores), max(scores)))
        else:
            ranges.append(DimensionRange(dimension, None, None, None))
    spreads: list[tuple[float, int, QuestionSpread]] = []
    answer_sets = [m.data.answers for m in members]
    for order, question in enumerate(model.questions):
        chosen = [model.option(question, a[question.id]) if question.id in a else None for a in answer_sets]
        valued = [o for o in chosen if o is not None and o.value is not None]
        unsure = sum(1 for o in chosen if o is not None and o.unsure)
        not_applicable = sum(1 for o in chosen if o is not None and o.not_applicable)
        lowest = min(valued, key=lambda o: o.value or 0.0, default=None)
        highest = max(valued, key=lambda o: o.value or 0.0, default=None)
        spread = None
        if len(valued) >= 2 and lowest is not None and highest is not None:
            spread = (highest.value or 0.0) - (lowest.value or 0.0)
        unanswered = len(members) - len(valued) - unsure - not_applicable
        item = QuestionSpread(question, spread, len(valued), unsure, unanswered, lowest, highest, not_applicable)
        spreads.append((-1.0 if spread is None else spread, order, item))
    spreads.sort(key=lambda s: (-s[0], s[1]))
    return Team(members[0].name.strip(), members, tuple(ranges), tuple(item for *_, item in spreads))


# --- The comparison ------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Everything the compare page and ``python -m assessment compare`` show."""

    entries: tuple[Entry, ...]
    skipped: tuple[Skipped, ...]
    over_time: OverTime | None
    team: Team | None

    @property
    def link(self) -> str:
        """The compare link that reopens this comparison (the compared results only)."""
        return compare_link([e.query for e in self.entries])


def _canonical_query(params: Mapping[str, str]) -> str:
    return "?" + "&".join(f"{key}={quote(params[key], safe='')}" for key in KNOWN_PARAMS if key in params)


def _labels(items: Sequence[tuple[int, str, date | None]]) -> list[str]:
    """Labels for (position, name, date): the name or "Result N", disambiguated."""
    bases = [name.strip() or f"Result {position}" for position, name, _ in items]
    groups = Counter(base.casefold() for base in bases)
    dated = [
        f"{base} ({taken_on.isoformat()})" if groups[base.casefold()] > 1 and taken_on else base
        for base, (_, _, taken_on) in zip(bases, items, strict=True)
    ]
    still = Counter(label.casefold() for label in dated)
    labels = []
    for label, base, (position, _, taken_on) in zip(dated, bases, items, strict=True):
        if still[label.casefold()] > 1:
            label = f"{base} ({taken_on.isoformat()}, result {position})" if taken_on else f"{base} (result {position})"
        labels.append(label)
    return labels


def _entries(
    model: Model, links: Sequence[str], labels: Sequence[str] | None = None
) -> tuple[tuple[Entry, ...], tuple[Skipped, ...]]:
    """Decode and score each link, numbered 1, 2, ... as given; damaged ones are skipped.

    Each is labelled by its item of ``labels`` if given, else by its organisation name.
    """
    decoded = []
    skipped = []
    for position, text in enumerate(links, 1):
        try:
            params = parse_query(text)
            link = decode_params(model, params)
            result = score_link(model, link.data)
        except AssessmentError as error:  # a LinkError, or an AnswerError a link cannot really cause
            skipped.append(Skipped(position, str(error)))
            continue
        shown = display_name(labels[position - 1] if labels is not None else link.data.name)
        decoded.append((position, shown, link.data, link.link_version, result, _canonical_query(params)))

    labelled = _labels([(position, shown, data.taken_on) for position, shown, data, *_ in decoded])
    entries = tuple(
        Entry(position, label, display_name(data.name), data.taken_on, result, data, query, version)
        for label, (position, _, data, version, result, query) in zip(labelled, decoded, strict=True)
    )
    return entries, tuple(skipped)


def compare(model: Model, links: Sequence[str]) -> Comparison:
    """Decode, score and compare results links (see the module's rules).

    Raises :class:`TooManyLinksError` for more than :data:`MAX_LINKS` non-blank links;
    damaged links are reported in :attr:`Comparison.skipped`, never raised.
    """
    given = [link for link in links if link.strip()]
    if len(given) > MAX_LINKS:
        raise TooManyLinksError(
            f"You gave {len(given)} results links; the comparison takes at most {MAX_LINKS}. Remove some and try again."
        )
    entries, skipped = _entries(model, given)

    over_time = None
    if len(entries) == 2:
        first, second = entries
        by_date = first.taken_on is not None and second.taken_on is not None and first.taken_on != second.taken_on
        if by_date and first.taken_on and second.taken_on and second.taken_on < first.taken_on:
            first, second = second, first
        over_time = _over_time(first, second, by_date)
    team = None
    if len(entries) >= 3 and len({same_organisation(e.name) for e in entries}) == 1:
        team = _team(model, entries)
    return Comparison(entries, skipped, over_time, team)


def team_of(model: Model, links: Sequence[str], labels: Sequence[str] | None = None, name: str = "") -> Team | None:
    """Results links read as one team whatever organisation names they carry (a room's members).

    The caller vouches that they are one team, so unlike :func:`compare` there is no limit on
    how many and no same-name rule. Each member is labelled by its item of ``labels`` (one per
    link; blank: "Result N") instead of its link's name, under the compare view's labelling
    rule; ``name`` is the team's name. Damaged links are left out; None when none can be read.
    """
    if labels is not None and len(labels) != len(links):
        raise ValueError(f"team_of: {len(labels)} labels for {len(links)} links")
    members, _ = _entries(model, links, labels)
    if not members:
        return None
    return replace(_team(model, members), name=display_name(name).strip())


def split_links(text: str) -> list[str]:
    """The links in a pasted block of text: one per line, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- The compare link ----------------------------------------------------------------------


def _results_query(link: str) -> str:
    """A results link's query, without the leading "?" and any "#fragment"."""
    text = link.strip()
    if "://" in text or text.startswith("/"):
        try:
            text = urlsplit(text).query
        except ValueError:
            raise CompareLinkError("One of the results links is not a valid web address.") from None
    return text.removeprefix("?").split("#", 1)[0]


def compare_link(links: Sequence[str]) -> str:
    """The compare link (``?l1=...&l2=...``) for these results links; blank ones are left out."""
    queries = [_results_query(link) for link in links if link.strip()]
    if len(queries) > MAX_LINKS:
        raise TooManyLinksError(f"A compare link holds at most {MAX_LINKS} results links, not {len(queries)}.")
    return "?" + "&".join(f"l{i}={quote(q, safe='')}" for i, q in enumerate(queries, 1))


def is_compare_link(params: Mapping[str, str]) -> bool:
    """Whether these query parameters carry a comparison (any ``l1``, ``l2``... present)."""
    return any(_COMPARE_KEY.match(key) for key in params)


_BROKEN = "This compare link is damaged: it may have been cut short or changed when it was copied. "


def parse_compare_link(text_or_params: str | Mapping[str, str]) -> list[str]:
    """The results queries (each starting with "?") a compare link carries, in order.

    Accepts the link as text (full URL or query) or as already-split parameters; other
    parameters are ignored. Raises :class:`CompareLinkError` when it is malformed.
    """
    if isinstance(text_or_params, str):
        try:
            params: Mapping[str, str] = parse_query(text_or_params)
        except LinkError as error:
            raise CompareLinkError(_BROKEN + str(error).removeprefix(DAMAGED)) from None
    else:
        params = text_or_params
    numbered: dict[int, str] = {}
    for key, value in params.items():
        match = _COMPARE_KEY.match(key)
        if match:
            numbered[int(match.group(1))] = value
    if not numbered:
        raise CompareLinkError("This is not a compare link: it carries no results links.")
    if len(numbered) > MAX_LINKS:
        raise CompareLinkError(_BROKEN + f"It holds more than {MAX_LINKS} results links.")
    if sorted(numbered) != list(range(1, len(numbered) + 1)):
        raise CompareLinkError(_BROKEN + "One of its results links is missing.")
    queries = []
    for number in sorted(numbered):
        value = numbered[number].strip().removeprefix("?")
        if not value:
            raise CompareLinkError(_BROKEN + f"Its results link {number} is empty.")
        queries.append("?" + value)
    return queries


# --- Plain data and plain text -------------------------------------------------------------


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


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
            "by_date": over_time.by_date,
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
            "summary": over_time.summary,
        }
    if comparison.team is not None:
        data["team"] = team_to_dict(comparison.team)
    return data


def team_to_dict(team: Team) -> dict[str, Any]:
    """The team view as JSON-ready data: the ``team`` part of :func:`comparison_to_dict`."""
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
        "disagreements": [{"id": q.question.id, "message": q.message} for q in team.disagreements],
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
        lines += ["", "Over time: " + over_time.summary, ""]
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
            lines += [f" - {q.message}" for q in team.disagreements]
        else:
            lines += ["", "The team broadly agrees: no question's answers are far apart."]
        unsure_only = [q for q in team.not_sure if not q.disagreement]
        if unsure_only:
            lines += ["", "Find out together (answered 'Not sure'):"]
            lines += [f" - {q.message}" for q in unsure_only]
    lines += ["", f"Compare link: {comparison.link}"]
    return "\n".join(lines)
