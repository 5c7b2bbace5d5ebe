"""Read ``content/`` and ``seeds/`` into a :class:`Model`, validating both directions.

This is the only module of the core that touches the file system. Every problem is
reported as one :class:`ContentError` naming the file, the item id and the field.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar, cast

from .errors import AssessmentError
from .model import (
    EFFORTS,
    Condition,
    ConditionId,
    Dimension,
    DimensionId,
    Level,
    LevelId,
    LinkLayout,
    LinkSlot,
    Model,
    Option,
    OptionId,
    OptionKind,
    Question,
    QuestionId,
    Recommendation,
    RecommendationId,
    Scale,
    ScaleId,
    SeedDigest,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT_DIR = PROJECT_ROOT / "content"
DEFAULT_SEEDS_DIR = PROJECT_ROOT / "seeds"

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_.-]{0,31}$")
MAX_SHORT_LABEL = 14
MAX_TOPIC = 48
MAX_OPTION_LABEL = 80
MAX_GIST = 160
KNOWN_SEED_SECTIONS = {"central ideas", "from readers' comments", "content built from it"}
T = TypeVar("T")


class ContentError(AssessmentError):
    """A content or seed file does not fit the model; the message names file, id and field."""

    def __init__(self, file: str, item_id: str, field: str, problem: str) -> None:
        self.file = file
        self.item_id = item_id
        self.field = field
        self.problem = problem
        where = f"{file}: {item_id}" if item_id else file
        super().__init__(f"{where}, field '{field}': {problem}")


class _Item:
    """One TOML table being read, so that every error knows its file, id and field."""

    def __init__(self, file: str, table: object, allowed: Iterable[str], kind: str, number: int) -> None:
        self.file = file
        self.kind = kind
        self.position = number
        if not isinstance(table, dict):
            raise ContentError(file, f"{kind} #{number}", "(item)", "expected a table of fields")
        self.table: dict[str, Any] = table
        raw_id = table.get("id")
        self.id = raw_id if isinstance(raw_id, str) else ""
        self.require_id()
        unknown = sorted(set(table) - set(allowed))
        if unknown:
            raise self.error(unknown[0], f"unknown field (allowed: {', '.join(sorted(allowed))})")

    def error(self, field: str, problem: str) -> ContentError:
        return ContentError(self.file, self.id_label, field, problem)

    @property
    def id_label(self) -> str:
        return f"{self.kind} '{self.id}'" if self.id else f"{self.kind} #{self.position}"

    def require_id(self) -> None:
        value = self.table.get("id")
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.id = ""
            raise self.error("id", f"must be a short lower-case id matching {ID_PATTERN.pattern}, got {value!r}")

    def text(self, field: str, *, optional: bool = False, max_len: int | None = None) -> str:
        value = self.table.get(field)
        if value is None and optional:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, "must be a non-empty text")
        if max_len is not None and len(value) > max_len:
            raise self.error(field, f"must be at most {max_len} characters, got {len(value)}")
        return value.strip()

    def number(self, field: str, *, default: float | None = None) -> float:
        value = self.table.get(field, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(field, f"must be a number, got {value!r}")
        return float(value)

    def integer(self, field: str, *, default: int | None = None) -> int:
        value = self.table.get(field, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, f"must be a whole number, got {value!r}")
        return value

    def sources(self, seeds: Mapping[str, SeedDigest]) -> tuple[str, ...]:
        value = self.table.get("sources")
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self.error("sources", "must be a non-empty list of seed file names")
        for source in value:
            if source not in seeds:
                raise self.error("sources", f"'{source}' has no digest in seeds/ (known: {', '.join(seeds)})")
        return tuple(value)


def _read_toml(directory: Path, name: str) -> dict[str, Any]:
    path = directory / name
    file = f"content/{name}"
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ContentError(file, "", "(file)", "file is missing") from None
    except tomllib.TOMLDecodeError as error:
        raise ContentError(file, "", "(syntax)", f"not valid TOML: {error}") from None


def _items(document: Mapping[str, Any], file: str, key: str) -> list[object]:
    value = document.get(key)
    if not isinstance(value, list) or not value:
        raise ContentError(file, "", key, f"expected one or more [[{key}]] tables")
    return value


def _check_fields(document: Mapping[str, Any], file: str, allowed: set[str]) -> None:
    unknown = sorted(set(document) - allowed)
    if unknown:
        raise ContentError(file, "", unknown[0], f"unknown top-level field (allowed: {', '.join(sorted(allowed))})")


def _unique(items: Iterable[T], key: Callable[[T], str], file: str, what: str) -> None:
    seen: set[str] = set()
    for item in items:
        item_id = key(item)
        if item_id in seen:
            raise ContentError(file, f"{what} '{item_id}'", "id", "id is used twice")
        seen.add(item_id)


def _parse_seed(path: Path) -> SeedDigest:
    file = f"seeds/{path.name}"
    lines = path.read_text(encoding="utf-8").splitlines()
    expected = path.stem + ".txt"
    heading = lines[0].removeprefix("# ").strip() if lines else ""
    if heading != expected:
        raise ContentError(file, expected, "heading", f"first line must be '# {expected}'")
    title = next((ln.removeprefix("Title:").strip() for ln in lines if ln.startswith("Title:")), "")
    if not title:
        raise ContentError(file, expected, "Title", "needs a 'Title: ...' line")
    gist = next((ln.removeprefix("Gist:").strip() for ln in lines if ln.startswith("Gist:")), "")
    if not gist:
        raise ContentError(file, expected, "Gist", "needs a 'Gist: ...' line: the post's point in one line")
    if len(gist) > MAX_GIST:
        raise ContentError(file, expected, "Gist", f"must be at most {MAX_GIST} characters, got {len(gist)}")
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        if line.startswith("## "):
            name = line[3:].strip().lower()
            if name not in KNOWN_SEED_SECTIONS:
                raise ContentError(
                    file,
                    expected,
                    line[3:].strip(),
                    f"unknown section (known: {', '.join(sorted(KNOWN_SEED_SECTIONS))})",
                )
            current = sections.setdefault(name, [])
        elif current is not None and line.startswith("- "):
            current.append(line[2:].strip())
    ideas = sections.get("central ideas", [])
    if not 3 <= len(ideas) <= 6:
        raise ContentError(file, expected, "Central ideas", f"needs 3–6 bullets, found {len(ideas)}")
    if "content built from it" not in sections:
        raise ContentError(file, expected, "Content built from it", "section is missing")
    ids = []
    for bullet in sections["content built from it"]:
        match = re.fullmatch(r"`([^`]+)`.*", bullet)
        if not match:
            raise ContentError(file, expected, "Content built from it", f"bullet {bullet!r} must start with an `id`")
        ids.append(match.group(1))
    comments = tuple(sections.get("from readers' comments", []))
    return SeedDigest(
        file=expected, title=title, gist=gist, ideas=tuple(ideas), comments=comments, content_ids=tuple(ids)
    )


def load_seeds(seeds_dir: Path = DEFAULT_SEEDS_DIR) -> dict[str, SeedDigest]:
    """The seed digests in ``seeds_dir``, by seed file name."""
    digests = {}
    for path in sorted(seeds_dir.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        digest = _parse_seed(path)
        digests[digest.file] = digest
    if not digests:
        raise ContentError("seeds/", "", "(folder)", "no seed digests found")
    return digests


def _load_levels(document: Mapping[str, Any], file: str) -> tuple[Level, ...]:
    allowed = {"id", "name", "summary", "description", "min_score", "max_score"}
    levels = []
    for rank, raw in enumerate(_items(document, file, "levels")):
        item = _Item(file, raw, allowed, "level", rank + 1)
        levels.append(
            Level(
                id=LevelId(item.id),
                name=item.text("name"),
                summary=item.text("summary", max_len=160),
                description=item.text("description"),
                min_score=item.number("min_score"),
                max_score=item.number("max_score"),
                rank=rank,
            )
        )
    _unique(levels, lambda lv: lv.id, file, "level")
    if len(levels) < 2:
        raise ContentError(file, "", "levels", "needs at least two levels")
    expected_min = 0.0
    for level in levels:
        where = f"level '{level.id}'"
        if level.min_score != expected_min:
            problem = (
                "the first level must start at 0"
                if level.rank == 0
                else (f"leaves a gap or overlap: the previous level ends at {expected_min:g}")
            )
            raise ContentError(file, where, "min_score", problem)
        if level.max_score <= level.min_score:
            raise ContentError(file, where, "max_score", "must be above min_score")
        expected_min = level.max_score
    if levels[-1].max_score != 100:
        raise ContentError(file, f"level '{levels[-1].id}'", "max_score", "the top level must end at 100")
    return tuple(levels)


def _load_scales(document: Mapping[str, Any], file: str) -> tuple[Scale, ...]:
    scales = []
    for number, raw in enumerate(_items(document, file, "scales"), 1):
        item = _Item(file, raw, {"id", "name", "options", "fact"}, "scale", number)
        raw_options = item.table.get("options")
        if not isinstance(raw_options, list):
            raise item.error("options", "expected [[scales.options]] tables")
        fact = item.table.get("fact", False)
        if not isinstance(fact, bool):
            raise item.error("fact", "must be true or false")
        if fact:
            scales.append(_fact_scale(item, raw_options))
            continue
        options = []
        for index, raw_option in enumerate(raw_options, 1):
            option = _Item(file, raw_option, {"id", "label", "value", "unsure"}, f"scale '{item.id}' option", index)
            unsure = option.table.get("unsure", False)
            if not isinstance(unsure, bool):
                raise option.error("unsure", "must be true or false")
            if unsure and "value" in option.table:
                raise option.error("value", "the 'Not sure' option (unsure = true) takes no value")
            value = None if unsure else option.number("value")
            kind: OptionKind = "unsure" if unsure else "scored"
            options.append(Option(id=OptionId(option.id), label=option.text("label"), value=value, kind=kind))
        _unique(options, lambda o: o.id, file, f"scale '{item.id}' option")
        where = f"scale '{item.id}'"
        valued = [o for o in options if o.value is not None]
        unsure_options = [o for o in options if o.value is None]
        if len(unsure_options) != 1 or options[-1].value is not None:
            raise ContentError(
                file, where, "options", "needs exactly one 'Not sure' option (unsure = true), placed last"
            )
        if not 4 <= len(valued) <= 5:
            raise ContentError(file, where, "options", f"needs 4 or 5 valued options, found {len(valued)}")
        values = [cast(float, o.value) for o in valued]
        if values[0] != 0 or values[-1] != 1:
            raise ContentError(file, where, "value", "valued options must run from exactly 0 to exactly 1")
        for lower, higher in itertools.pairwise(valued):
            if cast(float, higher.value) <= cast(float, lower.value):
                raise ContentError(
                    file,
                    f"{where} option '{higher.id}'",
                    "value",
                    f"must be above the previous option's {lower.value:g}: values rise strictly",
                )
        scales.append(Scale(id=ScaleId(item.id), name=item.text("name"), options=tuple(options)))
    _unique(scales, lambda s: s.id, file, "scale")
    return tuple(scales)


def _fact_scale(item: _Item, raw_options: list[object]) -> Scale:
    """A fact scale: 2 to 6 options with an id and a label each, no value and no "Not sure"."""
    options = []
    for index, raw_option in enumerate(raw_options, 1):
        option = _Item(item.file, raw_option, {"id", "label"}, f"scale '{item.id}' option", index)
        options.append(Option(id=OptionId(option.id), label=option.text("label"), value=None, kind="fact"))
    _unique(options, lambda o: o.id, item.file, f"scale '{item.id}' option")
    if not 2 <= len(options) <= 6:
        raise item.error("options", f"a fact scale needs 2 to 6 options (with no value), found {len(options)}")
    return Scale(id=ScaleId(item.id), name=item.text("name"), options=tuple(options), fact=True)


def _answer_ref(item: _Item, field: str, text: str) -> tuple[QuestionId, OptionId]:
    """A "question:option" text as a pair of ids (checked against the questions later)."""
    question, _, option = text.partition(":")
    if not question or not option:
        raise item.error(field, f'\'{text}\' must read "question:option", such as "goals.aims:none"')
    return QuestionId(question), OptionId(option)


def _load_dimensions(document: Mapping[str, Any], seeds: Mapping[str, SeedDigest]) -> tuple[Dimension, ...]:
    file = "content/dimensions.toml"
    allowed = {"id", "name", "short", "question", "description", "weight", "sources", "not_applicable_when"}
    dimensions = []
    for number, raw in enumerate(_items(document, file, "dimensions"), 1):
        item = _Item(file, raw, allowed, "dimension", number)
        weight = item.number("weight", default=1)
        if weight <= 0:
            raise item.error("weight", "must be above 0")
        dimensions.append(
            Dimension(
                id=DimensionId(item.id),
                name=item.text("name"),
                short=item.text("short", max_len=MAX_SHORT_LABEL),
                question=item.text("question"),
                description=item.text("description"),
                weight=weight,
                sources=item.sources(seeds),
                not_applicable_when=(
                    _answer_ref(item, "not_applicable_when", item.text("not_applicable_when"))
                    if "not_applicable_when" in item.table
                    else None
                ),
            )
        )
    _unique(dimensions, lambda d: d.id, file, "dimension")
    return tuple(dimensions)


def _load_questions(
    document: Mapping[str, Any],
    seeds: Mapping[str, SeedDigest],
    dimensions: Mapping[str, Dimension],
    scales: Mapping[str, Scale],
    version: int,
    retired: set[int],
) -> tuple[Question, ...]:
    file = "content/questions.toml"
    allowed = {
        "id",
        "key",
        "dimension",
        "topic",
        "text",
        "help",
        "scale",
        "weight",
        "sources",
        "added",
        "not_applicable",
    }
    questions = []
    keys: dict[int, str] = {}
    for number, raw in enumerate(_items(document, file, "questions"), 1):
        item = _Item(file, raw, allowed, "question", number)
        dimension = item.text("dimension")
        if dimension not in dimensions:
            raise item.error("dimension", f"unknown dimension '{dimension}' (known: {', '.join(dimensions)})")
        scale = item.text("scale")
        if scale not in scales:
            raise item.error("scale", f"unknown scale '{scale}' (known: {', '.join(scales)})")
        key = item.integer("key")
        if key < 0:
            raise item.error("key", "must be 0 or more")
        if key in keys:
            raise item.error("key", f"key {key} is already used by question '{keys[key]}'")
        if key in retired:
            raise item.error("key", f"key {key} is retired and may not be reused")
        keys[key] = item.id
        fact = scales[scale].fact
        if fact and "weight" in item.table:
            raise item.error("weight", "a question on a fact scale is never scored: it takes no weight")
        if fact and "not_applicable" in item.table:
            raise item.error("not_applicable", "a question on a fact scale offers no 'does not apply'")
        weight = 0.0 if fact else item.number("weight", default=1)
        if not fact and weight <= 0:
            raise item.error("weight", "must be above 0")
        added = item.integer("added", default=1)
        if not 1 <= added <= version:
            raise item.error("added", f"must be a content version from 1 to {version}")
        questions.append(
            Question(
                id=QuestionId(item.id),
                key=key,
                dimension=DimensionId(dimension),
                topic=item.text("topic", max_len=MAX_TOPIC),
                text=item.text("text"),
                help=item.text("help", optional=True),
                scale=ScaleId(scale),
                weight=weight,
                sources=item.sources(seeds),
                added=added,
                not_applicable=item.text("not_applicable", optional=True, max_len=MAX_OPTION_LABEL),
                fact=fact,
            )
        )
    _unique(questions, lambda q: q.id, file, "question")
    return tuple(questions)


def _answer_refs(item: _Item, field: str) -> tuple[tuple[QuestionId, OptionId], ...]:
    """A list field of "question:option" texts, each once (checked against the questions later)."""
    value = item.table.get(field)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise item.error(field, 'must be a non-empty list of "question:option" texts, such as "goals.aims:none"')
    refs: list[tuple[QuestionId, OptionId]] = []
    for text in value:
        ref = _answer_ref(item, field, text)
        if ref in refs:
            raise item.error(field, f"'{text}' is listed twice")
        refs.append(ref)
    return tuple(refs)


def _load_recommendations(document: Mapping[str, Any], seeds: Mapping[str, SeedDigest]) -> tuple[Recommendation, ...]:
    file = "content/recommendations.toml"
    allowed = {"id", "answers", "step", "effort", "sources"}
    recommendations = []
    for number, raw in enumerate(_items(document, file, "recommendations"), 1):
        item = _Item(file, raw, allowed, "recommendation", number)
        answers = _answer_refs(item, "answers")
        effort = item.text("effort")
        if effort not in EFFORTS:
            raise item.error("effort", f"must be low, medium or high, got '{effort}'")
        recommendations.append(
            Recommendation(
                id=RecommendationId(item.id),
                answers=answers,
                step=item.text("step"),
                effort=effort,
                sources=item.sources(seeds),
            )
        )
    _unique(recommendations, lambda r: r.id, file, "recommendation")
    steps: dict[str, str] = {}
    for r in recommendations:  # advice is written once: a second copy is one step called for by more answers
        text = " ".join(r.step.casefold().split())
        if text in steps:
            raise ContentError(
                file, f"recommendation '{r.id}'", "step", f"repeats '{steps[text]}': list both answers on that one"
            )
        steps[text] = r.id
    return tuple(recommendations)


def _load_conditions(content_dir: Path, seeds: Mapping[str, SeedDigest]) -> tuple[Condition, ...]:
    """The conditions of ``conditions.toml`` (checked against questions and levels later)."""
    file = "content/conditions.toml"
    document = _read_toml(content_dir, "conditions.toml")
    _check_fields(document, file, {"conditions"})
    allowed = {"id", "question", "fails", "highest", "says", "needs", "sources"}
    conditions = []
    for number, raw in enumerate(_items(document, file, "conditions"), 1):
        item = _Item(file, raw, allowed, "condition", number)
        fails = item.table.get("fails")
        if not isinstance(fails, list) or not fails or not all(isinstance(f, str) for f in fails):
            raise item.error("fails", "must be a non-empty list of the question's option ids")
        if len(set(fails)) != len(fails):
            raise item.error("fails", "lists an option twice")
        conditions.append(
            Condition(
                id=ConditionId(item.id),
                question=QuestionId(item.text("question")),
                fails=tuple(OptionId(f) for f in fails),
                highest=LevelId(item.text("highest")),
                says=item.text("says", max_len=120),
                needs=item.text("needs", max_len=120),
                sources=item.sources(seeds),
            )
        )
    _unique(conditions, lambda c: c.id, file, "condition")
    return tuple(conditions)


def _valued_answer(model: Model, file: str, where: str, field: str, ref: tuple[str, str]) -> tuple[Question, Option]:
    """The scored question and valued option a "question:option" reference names, or ContentError."""
    question_id, option_id = ref
    question = model.question(question_id)
    if question is None or question.fact:
        raise ContentError(file, where, field, f"'{question_id}' is not a scored question in content/questions.toml")
    option = model.option(question, option_id)
    if option is None or option.value is None:
        valued = ", ".join(o.id for o in model.scale_of(question).valued_options)
        raise ContentError(
            file, where, field, f"'{question_id}' has no valued answer '{option_id}' (answers: {valued})"
        )
    return question, option


def _check_answer_references(model: Model) -> None:
    """Everything that names an answer names a real one, in both directions: a dimension's
    ``not_applicable_when`` names an answer of a fact question asked on an earlier page; a condition
    fails on valued answers below its question's top and caps below the top level; a step is called
    for only by answers below a question's top, and every answer below a top calls for a step."""
    order = [d.id for d in model.dimensions]
    for dimension in model.dimensions:
        if dimension.not_applicable_when is None:
            continue
        file, where, field = "content/dimensions.toml", f"dimension '{dimension.id}'", "not_applicable_when"
        question_id, option_id = dimension.not_applicable_when
        fact = model.question(question_id)
        if fact is None or not fact.fact:
            raise ContentError(file, where, field, f"'{question_id}' is not a question on a fact scale")
        if order.index(fact.dimension) >= order.index(dimension.id):
            raise ContentError(file, where, field, f"'{question_id}' must be asked on an earlier dimension's page")
        if model.option(fact, option_id) is None:
            raise ContentError(file, where, field, f"'{question_id}' has no answer '{option_id}'")
    below_top = [lv.id for lv in model.levels[:-1]]
    for condition in model.conditions:
        file, where = "content/conditions.toml", f"condition '{condition.id}'"
        question = model.question(condition.question)
        if question is None or question.fact:
            raise ContentError(file, where, "question", f"'{condition.question}' is not a scored question")
        for option_id in condition.fails:
            _, option = _valued_answer(model, file, where, "fails", (condition.question, option_id))
            if option.value == 1:
                raise ContentError(file, where, "fails", f"'{option_id}' is the question's best answer")
        if condition.highest not in below_top:
            raise ContentError(
                file, where, "highest", f"'{condition.highest}' is not a level below the top ({', '.join(below_top)})"
            )
    called: set[tuple[str, str]] = set()
    for recommendation in model.recommendations:
        file, where = "content/recommendations.toml", f"recommendation '{recommendation.id}'"
        for ref in recommendation.answers:
            _, option = _valued_answer(model, file, where, "answers", ref)
            if option.value == 1:
                raise ContentError(
                    file, where, "answers", f"'{ref[0]}:{ref[1]}' is the best answer: no step is needed for it"
                )
            called.add(ref)
    for question in model.scored_questions:
        for option in model.scale_of(question).valued_options[:-1]:
            if (question.id, option.id) not in called:
                raise ContentError(
                    "content/recommendations.toml",
                    f"question '{question.id}'",
                    "answers",
                    f"no recommendation is called for by the answer '{option.id}'",
                )


def _check_cross_references(model: Model, seeds: Mapping[str, SeedDigest]) -> None:
    used_scales = {q.scale for q in model.questions}
    for scale in model.scales:
        if scale.id not in used_scales:
            raise ContentError("content/model.toml", f"scale '{scale.id}'", "id", "no question uses this scale")
    files = {
        "dimension": "content/dimensions.toml",
        "question": "content/questions.toml",
        "recommendation": "content/recommendations.toml",
        "condition": "content/conditions.toml",
    }
    owners: dict[str, tuple[str, str]] = {}
    cited_by: dict[str, set[str]] = {name: set() for name in seeds}
    items: list[tuple[str, str, tuple[str, ...]]] = (
        [("dimension", d.id, d.sources) for d in model.dimensions]
        + [("question", q.id, q.sources) for q in model.questions]
        + [("recommendation", r.id, r.sources) for r in model.recommendations]
        + [("condition", c.id, c.sources) for c in model.conditions]
    )
    for kind, item_id, sources in items:
        if item_id in owners:
            other_kind, _ = owners[item_id]
            raise ContentError(files[kind], f"{kind} '{item_id}'", "id", f"id is already used by a {other_kind}")
        if item_id in model.retired_ids:
            raise ContentError(files[kind], f"{kind} '{item_id}'", "id", "this id is retired and may not be reused")
        owners[item_id] = (kind, files[kind])
        for source in sources:
            cited_by[source].add(item_id)
    for name, digest in seeds.items():
        file = f"seeds/{name.removesuffix('.txt')}.md"
        if not cited_by[name]:
            raise ContentError(file, name, "sources", "no content item cites this seed")
        listed = set(digest.content_ids)
        for item_id in digest.content_ids:
            if item_id not in owners:
                raise ContentError(file, name, "Content built from it", f"lists '{item_id}', which is not a content id")
        missing = sorted(cited_by[name] - listed)
        if missing:
            raise ContentError(
                file, name, "Content built from it", f"does not list '{missing[0]}', which cites this seed"
            )
        extra = sorted(listed - cited_by[name])
        if extra:
            kind, owner_file = owners[extra[0]]
            raise ContentError(
                owner_file, f"{kind} '{extra[0]}'", "sources", f"is listed in {file} but does not cite {name}"
            )


QUICK_SIZE = (8, 12)


QUICK_MARGIN = (0, 40)


def _load_quick(content_dir: Path, questions: tuple[Question, ...]) -> tuple[tuple[QuestionId, ...], float, float]:
    """The quick check from ``quick.toml``: its question ids (8 to 12 known questions, each
    once, fact questions not counted), its gating margin (0 to 40 points) and the cap on an
    estimate whose key answer is weak (0 to 100 points)."""
    file = "content/quick.toml"
    document = _read_toml(content_dir, "quick.toml")
    _check_fields(document, file, {"questions", "gating_margin", "weak_key_cap"})
    ids = document.get("questions")
    low, high = QUICK_SIZE
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ContentError(file, "", "questions", "must be a list of question ids")
    facts = {q.id for q in questions if q.fact}
    scored = [i for i in ids if i not in facts]
    if not low <= len(scored) <= high:
        raise ContentError(file, "", "questions", f"needs {low} to {high} scored question ids, found {len(scored)}")
    known = {q.id for q in questions}
    for question_id in ids:
        if question_id not in known:
            raise ContentError(file, "", "questions", f"'{question_id}' is not a question id in content/questions.toml")
    if len(set(ids)) != len(ids):
        repeated = next(i for i in ids if ids.count(i) > 1)
        raise ContentError(file, "", "questions", f"'{repeated}' is listed twice")
    margin = document.get("gating_margin")
    lowest, highest = QUICK_MARGIN
    if isinstance(margin, bool) or not isinstance(margin, int | float) or not lowest <= margin <= highest:
        raise ContentError(file, "", "gating_margin", f"must be a number of points from {lowest} to {highest}")
    cap = document.get("weak_key_cap", 100)
    if isinstance(cap, bool) or not isinstance(cap, int | float) or not 0 <= cap <= 100:
        raise ContentError(file, "", "weak_key_cap", "must be a number of points from 0 to 100")
    return tuple(QuestionId(i) for i in ids), float(margin), float(cap)


def _load_history(content_dir: Path, version: int) -> tuple[LinkLayout, ...]:
    """The link layouts of every earlier content version, from ``history.toml`` (none for version 1)."""
    file = "content/history.toml"
    if version == 1 and not (content_dir / "history.toml").exists():
        return ()
    document = _read_toml(content_dir, "history.toml")
    _check_fields(document, file, {"versions"})
    layouts = []
    for number, raw in enumerate(_items(document, file, "versions"), 1):
        if not isinstance(raw, dict):
            raise ContentError(file, f"version #{number}", "(item)", "expected a table of fields")
        unknown = sorted(set(raw) - {"version", "questions"})
        if unknown:
            raise ContentError(file, f"version #{number}", unknown[0], "unknown field (allowed: questions, version)")
        layout_version = raw.get("version")
        if isinstance(layout_version, bool) or not isinstance(layout_version, int) or not 1 <= layout_version < version:
            raise ContentError(
                file, f"version #{number}", "version", f"must be a content version from 1 to {version - 1}"
            )
        where = f"version {layout_version}"
        slots = []
        questions = raw.get("questions")
        if not isinstance(questions, list) or not questions:
            raise ContentError(file, where, "questions", "expected one or more [[versions.questions]] tables")
        for index, table in enumerate(questions, 1):
            item = _Item(file, table, {"id", "key", "options", "unsure", "not_applicable"}, f"{where} question", index)
            key = item.integer("key")
            options = item.table.get("options")
            if (
                not isinstance(options, list)
                or not 1 <= len(options) <= 10
                or not all(isinstance(o, str) and ID_PATTERN.match(o) for o in options)
            ):
                raise item.error("options", "must list 1 to 10 option ids, in link order")
            not_applicable = item.table.get("not_applicable", False)
            if not isinstance(not_applicable, bool):
                raise item.error("not_applicable", "must be true or false")
            slots.append(
                LinkSlot(
                    key,
                    QuestionId(item.id),
                    tuple(OptionId(o) for o in options),
                    OptionId(item.text("unsure")) if "unsure" in item.table else None,
                    not_applicable,
                )
            )
        _unique([str(slot.key) for slot in slots], str, file, f"{where} key")
        layouts.append(LinkLayout(layout_version, tuple(slots)))
    found = sorted(layout.version for layout in layouts)
    if found != list(range(1, version)):
        raise ContentError(
            file, "", "versions", f"needs the layout of every earlier version (1 to {version - 1}), found {found}"
        )
    return tuple(sorted(layouts, key=lambda layout: layout.version))


def _check_history(model: Model) -> None:
    """Old links stay readable: a key of an earlier version is still its question's key, or retired;
    a question id no longer asked is retired, so it is never given to another question."""
    file = "content/history.toml"
    for layout in model.link_history:
        for slot in layout.slots:
            question = model.question(slot.question)
            where = f"version {layout.version} question '{slot.question}'"
            if question is not None and question.key != slot.key:
                raise ContentError(file, where, "key", f"the question now has key {question.key}: keys never change")
            if question is None and slot.key not in model.retired_question_keys:
                raise ContentError(
                    "content/model.toml",
                    "",
                    "retired_question_keys",
                    f"must list key {slot.key} ('{slot.question}' is gone)",
                )
            if question is None and slot.question not in model.retired_ids:
                raise ContentError(
                    "content/model.toml", "", "retired_ids", f"must list '{slot.question}' (no longer asked)"
                )
            holder = next((q for q in model.questions if q.key == slot.key), None)
            if holder is not None and holder.id != slot.question:
                raise ContentError(
                    file, where, "key", f"key {slot.key} now belongs to '{holder.id}': keys are never reused"
                )


def load_model(content_dir: Path = DEFAULT_CONTENT_DIR, seeds_dir: Path = DEFAULT_SEEDS_DIR) -> Model:
    """Load and validate the whole model; raise :class:`ContentError` on the first problem."""
    seeds = load_seeds(seeds_dir)
    base = _read_toml(content_dir, "model.toml")
    _check_fields(base, "content/model.toml", {"version", "retired_question_keys", "retired_ids", "levels", "scales"})
    version = base.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ContentError("content/model.toml", "", "version", f"must be a whole number from 1 up, got {version!r}")
    retired = base.get("retired_question_keys", [])
    if not isinstance(retired, list) or not all(isinstance(k, int) and k >= 0 for k in retired):
        raise ContentError("content/model.toml", "", "retired_question_keys", "must be a list of whole numbers")
    retired_ids = base.get("retired_ids", [])
    if not isinstance(retired_ids, list) or not all(isinstance(i, str) for i in retired_ids):
        raise ContentError("content/model.toml", "", "retired_ids", "must be a list of ids")
    levels = _load_levels(base, "content/model.toml")
    scales = _load_scales(base, "content/model.toml")
    dims_doc = _read_toml(content_dir, "dimensions.toml")
    _check_fields(dims_doc, "content/dimensions.toml", {"dimensions"})
    dimensions = _load_dimensions(dims_doc, seeds)
    questions_doc = _read_toml(content_dir, "questions.toml")
    _check_fields(questions_doc, "content/questions.toml", {"questions"})
    questions = _load_questions(
        questions_doc, seeds, {d.id: d for d in dimensions}, {s.id: s for s in scales}, version, set(retired)
    )
    asked = {q.dimension for q in questions if not q.fact}
    for dimension in dimensions:
        if dimension.id not in asked:
            raise ContentError(
                "content/dimensions.toml", f"dimension '{dimension.id}'", "id", "no question asks about this dimension"
            )
    recs_doc = _read_toml(content_dir, "recommendations.toml")
    _check_fields(recs_doc, "content/recommendations.toml", {"recommendations"})
    recommendations = _load_recommendations(recs_doc, seeds)
    model = Model(
        version=version,
        levels=levels,
        scales=scales,
        dimensions=dimensions,
        questions=questions,
        recommendations=recommendations,
        seeds=tuple(seeds.values()),
        retired_question_keys=tuple(retired),
        retired_ids=tuple(retired_ids),
        link_history=_load_history(content_dir, version),
        conditions=_load_conditions(content_dir, seeds),
    )
    _check_cross_references(model, seeds)
    _check_answer_references(model)
    _check_history(model)
    quick_questions, quick_gating_margin, quick_weak_key_cap = _load_quick(content_dir, questions)
    return replace(
        model,
        quick_questions=quick_questions,
        quick_gating_margin=quick_gating_margin,
        quick_weak_key_cap=quick_weak_key_cap,
    )
