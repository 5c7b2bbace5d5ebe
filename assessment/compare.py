"""Compare 2–10 results links: progress over time and the team view.

Pure: no I/O, no clock. Rules:

* Each input is a results link (full URL or query string); blank inputs are ignored and the
  rest are numbered 1, 2, ... in the order given. A damaged link is *skipped*: reported
  with its number and the link error's message, while the others are still compared.
  More than :data:`MAX_LINKS` non-blank inputs raise :class:`TooManyLinksError`.
* Each compared result is labelled with its organisation name, or "Result N" (N its
  number) without one. Names shared by several results get their date added
  ("Acme (2026-11-01)"), and their number as well when the dates do not tell them apart.
* **Over time** needs exactly two compared results of the same organisation (their names,
  trimmed and case-folded, equal; both empty counts as equal) that carry two different dates
  (:func:`reads_over_time`); they are ordered by date, earlier first, and every delta is
  after − before. Any other two results are only side by side: two colleagues' results, or
  two organisations', are no one's progress (issue 22).
* **Team** needs three or more compared results whose organisation names, trimmed and
  case-folded, are all equal (all empty counts as equal). A question's *spread* is the
  highest minus the lowest answer value among the respondents who gave a valued answer
  (needs two such answers); a spread of :data:`DISAGREEMENT` or more is a disagreement. Each
  question counts how many chose each of its answers (:attr:`QuestionSpread.answers`), each
  dimension's range how many results measured it, and :func:`levels_reached` how many results
  are at each level and how many reach it (are at it or above).
  :func:`team_of` reads links its caller knows to be one team (a room's members) the same
  way, without the limit on their number or the same-name rule.

The compare link that reopens a comparison is :mod:`assessment.compare_link`; the sentences
that tell a comparison (its summary, a disagreement) are :mod:`reports.wording`'s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import quote

from .compare_link import MAX_LINKS, compare_link
from .errors import AssessmentError, TooManyLinksError
from .link import KNOWN_PARAMS, LinkData, decode_params, score_link
from .model import Dimension, Level, Model, Option, Question
from .names import display_name
from .query import parse_query
from .rounding import (
    shown_delta,
)
from .scoring import Result

DISAGREEMENT = 0.5
MOVED = 1e-9  # a delta smaller than this is no movement at all


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


@dataclass(frozen=True)
class OverTime:
    """Two results of the same business taken on two different dates, earlier first."""

    before: Entry
    after: Entry
    overall_before: float
    overall_after: float
    level: LevelChange
    changes: tuple[DimensionChange, ...]
    biggest_improvement: DimensionChange | None
    biggest_slide: DimensionChange | None

    @property
    def overall_delta(self) -> float:
        return self.overall_after - self.overall_before


def reads_over_time(first: Entry, second: Entry) -> bool:
    """Whether two results read as one business's progress: the same organisation
    (:func:`same_organisation`) and two different dates; anything else is side by side."""
    return (
        same_organisation(first.name) == same_organisation(second.name)
        and first.taken_on is not None
        and second.taken_on is not None
        and first.taken_on != second.taken_on
    )


def _over_time(before: Entry, after: Entry) -> OverTime:
    changes = tuple(
        DimensionChange(b.dimension, b.score, a.score, LevelChange(b.level, a.level) if b.level and a.level else None)
        for b, a in zip(before.result.dimensions, after.result.dimensions, strict=True)
    )
    rising = [c for c in changes if c.moved and (c.delta or 0.0) > 0]
    falling = [c for c in changes if c.moved and (c.delta or 0.0) < 0]
    improvement = max(rising, key=lambda c: c.delta or 0.0, default=None)  # max keeps the first of equals
    slide = min(falling, key=lambda c: c.delta or 0.0, default=None)
    level = LevelChange(before.result.level, after.result.level)
    return OverTime(
        before=before,
        after=after,
        overall_before=before.result.overall,
        overall_after=after.result.overall,
        level=level,
        changes=changes,
        biggest_improvement=improvement,
        biggest_slide=slide,
    )


# --- Team ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionRange:
    """One dimension's lowest, mean and highest score across the team members it applies to
    (None when it applies to nobody), and how many results measured it."""

    dimension: Dimension
    low: float | None
    mean: float | None
    high: float | None
    measured: int = 0


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
    answers: tuple[tuple[Option, int], ...] = ()  # each answer someone chose, in the scale's order, and how many did

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.spread >= DISAGREEMENT - MOVED


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


@dataclass(frozen=True)
class LevelCount:
    """How many of a team's results are at one level, and how many reach it (are at it or above)."""

    level: Level
    at: int
    reaching: int


def levels_reached(model: Model, team: Team) -> tuple[LevelCount, ...]:
    """For each level, lowest first, how many of the team's results are at it and how many reach it."""
    ranks = [member.result.level.rank for member in team.members]
    return tuple(
        LevelCount(
            level, sum(1 for rank in ranks if rank == level.rank), sum(1 for rank in ranks if rank >= level.rank)
        )
        for level in model.levels
    )


def same_organisation(name: str) -> str:
    """The form in which two organisation names count as the same."""
    return " ".join(name.split()).casefold()


def _team(model: Model, members: tuple[Entry, ...]) -> Team:
    ranges = []
    for i, dimension in enumerate(model.dimensions):
        scores = [s for m in members if (s := m.result.dimensions[i].score) is not None]
        if scores:
            ranges.append(DimensionRange(dimension, min(scores), sum(scores) / len(scores), max(scores), len(scores)))
        else:
            ranges.append(DimensionRange(dimension, None, None, None))
    spreads: list[tuple[float, int, QuestionSpread]] = []
    answer_sets = [m.data.answers for m in members]
    for order, question in enumerate(model.scored_questions):
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
        counts = Counter(o.id for o in chosen if o is not None)
        answers = tuple((o, counts[o.id]) for o in model.options_of(question) if counts[o.id])
        item = QuestionSpread(
            question, spread, len(valued), unsure, unanswered, lowest, highest, not_applicable, answers
        )
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
    if len(entries) == 2 and reads_over_time(*entries):
        first, second = sorted(entries, key=lambda entry: entry.taken_on or date.min)
        over_time = _over_time(first, second)
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
