"""The loader accepts the real content and rejects each broken rule with file, id and field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assessment.loader import ContentError
from assessment.model import Model
from tests.conftest import ContentCopy
from tests.support import seed_runs

SEED_FILES = {
    "000_0482da63fb8bd835.txt",
    "001_4b5a67795a962928.txt",
    "002_002fb7b3c6544a76.txt",
    "003_cbdaffbefdbc054b.txt",
    "004_014e5d0c94cfdef9.txt",
}


# --- the real content follows the project's design rules -------------------------------------


def test_real_content_loads(model: Model) -> None:
    assert model.version >= 1
    assert next(lv.name for lv in model.levels) == "Buzzword"
    assert [lv.name for lv in model.levels][-1] == "Real asset"
    assert len(model.levels) == 5


def test_question_counts_fit_an_eight_minute_questionnaire(model: Model) -> None:
    assert 24 <= len(model.questions) <= 40
    for dimension in model.dimensions:
        assert 3 <= len(model.questions_of(dimension.id)) <= 5, dimension.id


def test_every_strategy_question_has_a_dimension(model: Model) -> None:
    ids = {d.id for d in model.dimensions}
    assert {"goals", "budget", "return", "brand", "dialogue", "networks", "tailoring", "improve"} <= ids


def test_scales_offer_four_or_five_options_and_not_sure(model: Model) -> None:
    for scale in model.scales:
        if scale.fact:  # plain facts: no value, no "Not sure"
            assert 2 <= len(scale.options) <= 6 and {o.kind for o in scale.options} == {"fact"}
            continue
        assert 4 <= len(scale.valued_options) <= 5
        assert scale.options[-1].unsure and scale.options[-1].label.strip()
        assert [o.kind for o in scale.options] == ["scored"] * len(scale.valued_options) + ["unsure"]


def test_every_seed_has_a_digest_and_is_cited(model: Model) -> None:
    assert {s.file for s in model.seeds} == SEED_FILES
    cited = {src for q in model.questions for src in q.sources}
    cited |= {src for r in model.recommendations for src in r.sources}
    cited |= {src for d in model.dimensions for src in d.sources}
    assert cited == SEED_FILES


def test_content_does_not_copy_seed_sentences(model: Model) -> None:
    """No run of 8 consecutive words of a seed post appears in the content or the digests.

    The posts live outside the repository; their runs are checked through the hashes kept in
    ``tests/fixtures/seed-runs.txt`` (:mod:`tests.support.seed_runs`), so this runs in every clone.
    """
    record = seed_runs.read()
    assert set(record.seeds) == SEED_FILES
    if seed_runs.SHARED_SEEDS.is_dir():  # where the posts are beside the checkout, the record is theirs
        assert seed_runs.record_of(seed_runs.SHARED_SEEDS) == record, "regenerate: python -m tests.support.seed_runs"
    texts = [q.text + " " + q.help for q in model.questions]
    texts += [r.step for r in model.recommendations] + [lv.description for lv in model.levels]
    texts += [d.question + " " + d.description for d in model.dimensions]
    texts += [idea for s in model.seeds for idea in (*s.ideas, *s.comments)]
    for text in texts:
        copied = [run for run in seed_runs.runs_of(text) if run in record.runs]
        assert not copied, f"copied from a seed: {text}"


def test_the_seed_record_finds_a_sentence_quoted_from_a_post() -> None:
    """The check above can fail: seeds/README.md quotes one of 004's eight questions word for word."""
    quoted = "What kind of return do we need to generate in order to make social media marketing worth our time?"
    assert len(set(seed_runs.runs_of(quoted)) & seed_runs.read().runs) == len(seed_runs.words_of(quoted)) - 7
    assert not set(seed_runs.runs_of("What kind of profit do we need to")) & seed_runs.read().runs  # one word changed


def test_check_command_passes_on_real_content() -> None:
    from cli.assessment import main

    assert main(["check"]) == 0


# --- one deliberately broken fixture per rule -------------------------------------------------


@dataclass(frozen=True)
class Broken:
    rule: str
    breaks: Callable[[ContentCopy], object]
    file: str
    item: str  # a fragment of the item id the message must name ("" to skip)
    field: str


def _pop(name: str, key: str, field: str) -> Callable[[ContentCopy], object]:
    return lambda copy: copy.edit(name, lambda doc: doc[key][0].pop(field))


def _fact_with_weight(copy: ContentCopy) -> None:
    copy.edit(
        "questions.toml", lambda doc: next(q for q in doc["questions"] if q["id"] == "networks.count").update(weight=1)
    )


def _fact_with_value(copy: ContentCopy) -> None:
    def edit(doc: dict[str, Any]) -> None:
        next(s for s in doc["scales"] if s["id"] == "networks")["options"][0]["value"] = 0.5

    copy.edit("model.toml", edit)


def _first(doc: dict[str, Any], key: str) -> dict[str, Any]:
    item: dict[str, Any] = doc[key][0]
    return item


def _set(name: str, key: str, field: str, value: object, index: int = 0) -> Callable[[ContentCopy], object]:
    def change(copy: ContentCopy) -> None:
        copy.edit(name, lambda doc: doc[key][index].__setitem__(field, value))

    return change


def _break_text(name: str, text: str) -> Callable[[ContentCopy], object]:
    return lambda copy: (copy.content / name).write_text(text, encoding="utf-8")


def _duplicate_first(name: str, key: str) -> Callable[[ContentCopy], object]:
    def change(copy: ContentCopy) -> None:
        def dup(doc: dict[str, Any]) -> None:
            clone = dict(doc[key][1])
            clone["id"] = doc[key][0]["id"]
            doc[key][1] = clone

        copy.edit(name, dup)

    return change


def _drop_recommendation(copy: ContentCopy) -> None:
    """Drop the first step (and take it off the digests), so an answer calls for no step."""
    dropped = copy.read("recommendations.toml")["recommendations"][0]["id"]
    copy.edit("recommendations.toml", lambda doc: doc["recommendations"].pop(0))
    for digest in copy.seeds.glob("0*.md"):
        digest.write_text(digest.read_text(encoding="utf-8").replace(f"- `{dropped}`\n", ""), encoding="utf-8")


def _scale_values(values: list[float]) -> Callable[[ContentCopy], object]:
    def change(copy: ContentCopy) -> None:
        def edit(doc: dict[str, Any]) -> None:
            options = doc["scales"][0]["options"]
            valued = [o for o in options if not o.get("unsure")]
            for option, value in zip(valued, values, strict=False):
                option["value"] = value

        copy.edit("model.toml", edit)

    return change


def _drop_unsure(copy: ContentCopy) -> None:
    copy.edit("model.toml", lambda doc: doc["scales"][0]["options"].pop())


def _level_gap(copy: ContentCopy) -> None:
    copy.edit("model.toml", lambda doc: doc["levels"][2].__setitem__("min_score", doc["levels"][2]["min_score"] + 5))


def _level_overlap(copy: ContentCopy) -> None:
    copy.edit("model.toml", lambda doc: doc["levels"][3].__setitem__("min_score", doc["levels"][3]["min_score"] - 5))


def _level_top(copy: ContentCopy) -> None:
    copy.edit("model.toml", lambda doc: doc["levels"][-1].__setitem__("max_score", 99))


def _unknown_seed(copy: ContentCopy) -> None:
    copy.edit("questions.toml", lambda doc: doc["questions"][0].__setitem__("sources", ["999_missing.txt"]))


def _seed_uncited(copy: ContentCopy) -> None:
    """Point every citation of seed 001 at seed 000 instead (and list them there)."""
    moved: list[str] = []
    for name, key in (
        ("dimensions.toml", "dimensions"),
        ("questions.toml", "questions"),
        ("recommendations.toml", "recommendations"),
        ("conditions.toml", "conditions"),
    ):

        def retarget(doc: dict[str, Any], key: str = key) -> None:
            for item in doc[key]:
                if "001_4b5a67795a962928.txt" in item["sources"]:
                    item["sources"] = sorted(
                        {s for s in item["sources"] if s != "001_4b5a67795a962928.txt"} | {"000_0482da63fb8bd835.txt"}
                    )
                    moved.append(item["id"])

        copy.edit(name, retarget)
    digest = copy.seeds / "000_0482da63fb8bd835.md"
    digest.write_text(digest.read_text(encoding="utf-8") + "".join(f"- `{i}`\n" for i in moved), encoding="utf-8")


def _digest_lists_foreign_id(copy: ContentCopy) -> None:
    digest = copy.seeds / "000_0482da63fb8bd835.md"
    digest.write_text(digest.read_text(encoding="utf-8") + "- `no.such.item`\n", encoding="utf-8")


def _digest_misses_citing_item(copy: ContentCopy) -> None:
    digest = copy.seeds / "004_014e5d0c94cfdef9.md"
    text = digest.read_text(encoding="utf-8")
    head, _, listed = text.partition("## Content built from it")
    lines = [ln for ln in listed.splitlines() if ln.startswith("- ")]
    digest.write_text(head + "## Content built from it\n" + "\n".join(lines[1:]) + "\n", encoding="utf-8")


def _digest_lists_non_citing_item(copy: ContentCopy) -> None:
    model = copy.load()
    not_citing = next(q.id for q in model.questions if "003_cbdaffbefdbc054b.txt" not in q.sources)
    digest = copy.seeds / "003_cbdaffbefdbc054b.md"
    digest.write_text(digest.read_text(encoding="utf-8") + f"- `{not_citing}`\n", encoding="utf-8")


def _append_copy(name: str, key: str, new_id: str) -> Callable[[ContentCopy], object]:
    """Append a copy of the file's first item under a new id (an item nothing else refers to)."""

    def change(copy: ContentCopy) -> None:
        copy.edit(name, lambda doc: doc[key].append({**doc[key][0], "id": new_id}))

    return change


def _id_shared_across_kinds(copy: ContentCopy) -> None:
    dimension_id = copy.read("dimensions.toml")["dimensions"][0]["id"]
    copy.edit("questions.toml", lambda doc: doc["questions"][0].__setitem__("id", dimension_id))


def _retired_key_reused(copy: ContentCopy) -> None:
    key = copy.read("questions.toml")["questions"][0]["key"]
    copy.edit("model.toml", lambda doc: doc["retired_question_keys"].append(key))


def _edit_quick(change: Callable[[dict[str, Any]], object]) -> Callable[[ContentCopy], object]:
    return lambda copy: copy.edit("quick.toml", change)


def _edit_history(change: Callable[[dict[str, Any]], object]) -> Callable[[ContentCopy], object]:
    return lambda copy: copy.edit("history.toml", change)


def _edit_seed(name: str, old: str, new: str) -> Callable[[ContentCopy], object]:
    def change(copy: ContentCopy) -> None:
        path = copy.seeds / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def _retire_a_live_id(copy: ContentCopy) -> None:
    first = copy.read("recommendations.toml")["recommendations"][0]["id"]
    copy.edit("model.toml", lambda doc: doc["retired_ids"].append(first))


def _repeat_a_step(copy: ContentCopy) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["recommendations"][1]["step"] = doc["recommendations"][0]["step"].upper()

    copy.edit("recommendations.toml", change)


BROKEN = [
    Broken(
        "toml syntax", _break_text("questions.toml", "[[questions]\nid = 1"), "content/questions.toml", "", "(syntax)"
    ),
    Broken(
        "missing file",
        lambda c: (c.content / "recommendations.toml").unlink(),
        "content/recommendations.toml",
        "",
        "(file)",
    ),
    Broken(
        "misspelt field",
        _set("questions.toml", "questions", "wieght", 2),
        "content/questions.toml",
        "question '",
        "wieght",
    ),
    Broken(
        "duplicate question id",
        _duplicate_first("questions.toml", "questions"),
        "content/questions.toml",
        "question '",
        "id",
    ),
    Broken(
        "duplicate recommendation id",
        _duplicate_first("recommendations.toml", "recommendations"),
        "content/recommendations.toml",
        "recommendation '",
        "id",
    ),
    Broken("id across kinds", _id_shared_across_kinds, "content/questions.toml", "question '", "id"),
    Broken(
        "malformed id",
        _set("questions.toml", "questions", "id", "Goals Written!"),
        "content/questions.toml",
        "question #1",
        "id",
    ),
    Broken(
        "unknown dimension",
        _set("questions.toml", "questions", "dimension", "nope"),
        "content/questions.toml",
        "question '",
        "dimension",
    ),
    Broken(
        "unknown scale",
        _set("questions.toml", "questions", "scale", "nope"),
        "content/questions.toml",
        "question '",
        "scale",
    ),
    Broken(
        "duplicate key",
        _set("questions.toml", "questions", "key", 0, index=1),
        "content/questions.toml",
        "question '",
        "key",
    ),
    Broken("retired key reused", _retired_key_reused, "content/questions.toml", "question '", "key"),
    Broken(
        "added after version",
        _set("questions.toml", "questions", "added", 99),
        "content/questions.toml",
        "question '",
        "added",
    ),
    Broken(
        "non-positive weight",
        _set("questions.toml", "questions", "weight", 0),
        "content/questions.toml",
        "question '",
        "weight",
    ),
    Broken(
        "text not text", _set("questions.toml", "questions", "text", 42), "content/questions.toml", "question '", "text"
    ),
    Broken("values not rising", _scale_values([0.0, 0.5, 0.5, 1.0, 1.0]), "content/model.toml", "scale '", "value"),
    Broken("values not 0 to 1", _scale_values([0.1, 0.3, 0.5, 0.7, 0.9]), "content/model.toml", "scale '", "value"),
    Broken("no not-sure option", _drop_unsure, "content/model.toml", "scale '", "options"),
    Broken("unused scale", _append_copy("model.toml", "scales", "spare"), "content/model.toml", "scale 'spare'", "id"),
    Broken("level gap", _level_gap, "content/model.toml", "level '", "min_score"),
    Broken("level overlap", _level_overlap, "content/model.toml", "level '", "min_score"),
    Broken("top level short of 100", _level_top, "content/model.toml", "level '", "max_score"),
    Broken(
        "bad version",
        lambda c: c.edit("model.toml", lambda d: d.__setitem__("version", "two")),
        "content/model.toml",
        "",
        "version",
    ),
    Broken(
        "short label too long",
        _set("dimensions.toml", "dimensions", "short", "A label far too long for a radar"),
        "content/dimensions.toml",
        "dimension '",
        "short",
    ),
    Broken(
        "dimension without questions",
        _append_copy("dimensions.toml", "dimensions", "orphan"),
        "content/dimensions.toml",
        "dimension 'orphan'",
        "id",
    ),
    Broken("answer without a step", _drop_recommendation, "content/recommendations.toml", "question '", "answers"),
    Broken(
        "step for the best answer",
        _set("recommendations.toml", "recommendations", "answers", ["goals.aims:reviewed"]),
        "content/recommendations.toml",
        "recommendation '",
        "answers",
    ),
    Broken(
        "step for an unknown answer",
        _set("recommendations.toml", "recommendations", "answers", ["goals.aims:nope"]),
        "content/recommendations.toml",
        "recommendation '",
        "answers",
    ),
    Broken(
        "step answer not question:option",
        _set("recommendations.toml", "recommendations", "answers", ["goals.aims"]),
        "content/recommendations.toml",
        "recommendation '",
        "answers",
    ),
    Broken(
        "old recommendation fields",
        _set("recommendations.toml", "recommendations", "climbs", ["goals:buzzword"]),
        "content/recommendations.toml",
        "recommendation '",
        "climbs",
    ),
    Broken(
        "condition on an unknown question",
        _set("conditions.toml", "conditions", "question", "goals.nope"),
        "content/conditions.toml",
        "condition '",
        "question",
    ),
    Broken(
        "condition failing the best answer",
        _set("conditions.toml", "conditions", "fails", ["none", "reviewed"]),
        "content/conditions.toml",
        "condition '",
        "fails",
    ),
    Broken(
        "condition capping at the top",
        _set("conditions.toml", "conditions", "highest", "asset"),
        "content/conditions.toml",
        "condition '",
        "highest",
    ),
    Broken(
        "condition without words",
        _set("conditions.toml", "conditions", "says", " "),
        "content/conditions.toml",
        "condition '",
        "says",
    ),
    Broken(
        "condition with an unknown field",
        _set("conditions.toml", "conditions", "weight", 2),
        "content/conditions.toml",
        "condition '",
        "weight",
    ),
    Broken(
        "conditions file missing",
        lambda c: (c.content / "conditions.toml").unlink(),
        "content/conditions.toml",
        "",
        "(file)",
    ),
    Broken(
        "level without a summary", _pop("model.toml", "levels", "summary"), "content/model.toml", "level '", "summary"
    ),
    Broken(
        "question without a topic",
        _pop("questions.toml", "questions", "topic"),
        "content/questions.toml",
        "question '",
        "topic",
    ),
    Broken("fact with a weight", _fact_with_weight, "content/questions.toml", "question 'networks.count'", "weight"),
    Broken("fact with a value", _fact_with_value, "content/model.toml", "scale 'networks' option", "value"),
    Broken(
        "does not apply when a scored answer",
        _set("dimensions.toml", "dimensions", "not_applicable_when", "goals.aims:none", index=6),
        "content/dimensions.toml",
        "dimension 'tailoring'",
        "not_applicable_when",
    ),
    Broken(
        "does not apply when a later fact",
        _set("dimensions.toml", "dimensions", "not_applicable_when", "networks.count:one", index=0),
        "content/dimensions.toml",
        "dimension 'goals'",
        "not_applicable_when",
    ),
    Broken("advice written twice", _repeat_a_step, "content/recommendations.toml", "recommendation '", "step"),
    Broken("retired id in use", _retire_a_live_id, "content/recommendations.toml", "recommendation '", "id"),
    Broken(
        "empty does-not-apply label",
        _set("questions.toml", "questions", "not_applicable", "   "),
        "content/questions.toml",
        "question '",
        "not_applicable",
    ),
    Broken(
        "seed without gist",
        _edit_seed("004_014e5d0c94cfdef9.md", "Gist:", "Summary:"),
        "seeds/004_014e5d0c94cfdef9.md",
        "004_014e5d0c94cfdef9.txt",
        "Gist",
    ),
    Broken(
        "unknown seed section",
        _edit_seed("003_cbdaffbefdbc054b.md", "## From readers' comments", "## From the comments"),
        "seeds/003_cbdaffbefdbc054b.md",
        "003_cbdaffbefdbc054b.txt",
        "From the comments",
    ),
    Broken(
        "history without version 1",
        _edit_history(lambda doc: doc["versions"][0].__setitem__("version", 7)),
        "content/history.toml",
        "version #1",
        "version",
    ),
    Broken(
        "history key moved",
        _edit_history(lambda doc: doc["versions"][0]["questions"][1].__setitem__("key", 44)),
        "content/history.toml",
        "version 1 question '",
        "key",
    ),
    Broken(
        "history option list empty",
        _edit_history(lambda doc: doc["versions"][0]["questions"][1].__setitem__("options", [])),
        "content/history.toml",
        "version 1 question '",
        "options",
    ),
    Broken(
        "removed question's key not retired",
        lambda c: c.edit("model.toml", lambda doc: doc["retired_question_keys"].remove(0)),
        "content/model.toml",
        "",
        "retired_question_keys",
    ),
    Broken(
        "removed question's id not retired",
        lambda c: c.edit("model.toml", lambda doc: doc["retired_ids"].remove("goals.written")),
        "content/model.toml",
        "",
        "retired_ids",
    ),
    Broken(
        "bad effort",
        _set("recommendations.toml", "recommendations", "effort", "huge"),
        "content/recommendations.toml",
        "recommendation '",
        "effort",
    ),
    Broken(
        "quick check names an unknown question",
        _edit_quick(lambda doc: doc["questions"].__setitem__(0, "goals.aim")),
        "content/quick.toml",
        "",
        "questions",
    ),
    Broken(
        "quick check lists a question twice",
        _edit_quick(lambda doc: doc["questions"].__setitem__(1, doc["questions"][0])),
        "content/quick.toml",
        "",
        "questions",
    ),
    Broken(
        "quick check too short",
        _edit_quick(lambda doc: doc.__setitem__("questions", doc["questions"][:7])),
        "content/quick.toml",
        "",
        "questions",
    ),
    Broken(
        "quick check without a gating margin",
        _edit_quick(lambda doc: doc.pop("gating_margin")),
        "content/quick.toml",
        "",
        "gating_margin",
    ),
    Broken(
        "quick check's gating margin as text",
        _edit_quick(lambda doc: doc.__setitem__("gating_margin", "11")),
        "content/quick.toml",
        "",
        "gating_margin",
    ),
    Broken(
        "quick check's gating margin out of range",
        _edit_quick(lambda doc: doc.__setitem__("gating_margin", -5)),
        "content/quick.toml",
        "",
        "gating_margin",
    ),
    Broken(
        "quick check with an unknown field",
        _edit_quick(lambda doc: doc.__setitem__("margin", 11)),
        "content/quick.toml",
        "",
        "margin",
    ),
    Broken("unknown seed cited", _unknown_seed, "content/questions.toml", "question '", "sources"),
    Broken("seed never cited", _seed_uncited, "seeds/001_4b5a67795a962928.md", "001_4b5a67795a962928.txt", "sources"),
    Broken(
        "digest lists unknown id",
        _digest_lists_foreign_id,
        "seeds/000_0482da63fb8bd835.md",
        "000_",
        "Content built from it",
    ),
    Broken(
        "digest misses a citing item",
        _digest_misses_citing_item,
        "seeds/004_014e5d0c94cfdef9.md",
        "004_",
        "Content built from it",
    ),
    Broken(
        "digest lists a non-citing item",
        _digest_lists_non_citing_item,
        "content/questions.toml",
        "question '",
        "sources",
    ),
]


@pytest.mark.parametrize("broken", BROKEN, ids=[b.rule for b in BROKEN])
def test_broken_content_names_file_item_and_field(content_copy: ContentCopy, broken: Broken) -> None:
    broken.breaks(content_copy)
    with pytest.raises(ContentError) as raised:
        content_copy.load()
    error = raised.value
    message = str(error)
    assert error.file == broken.file, message
    assert message.startswith(broken.file), message
    assert broken.item in error.item_id, message
    assert error.field == broken.field, message
    assert f"field '{broken.field}'" in message
    assert "\n" not in message


def test_unchanged_copy_loads(content_copy: ContentCopy, model: Model) -> None:
    """The fixture itself is sound: only the deliberate breakage makes the tests above fail."""
    assert content_copy.load() == model


def test_fixture_round_trips_every_file(content_copy: ContentCopy, model: Model) -> None:
    for name in (
        "model.toml",
        "dimensions.toml",
        "questions.toml",
        "recommendations.toml",
        "conditions.toml",
        "quick.toml",
    ):
        content_copy.edit(name, lambda doc: None)
    assert content_copy.load() == model


def test_the_model_page_names_every_dimension_and_level(model: Model) -> None:
    """docs/model.md's table is kept in step with content/ (names are what readers search for)."""
    page = (Path(__file__).resolve().parent.parent / "docs" / "model.md").read_text(encoding="utf-8")
    for dimension in model.dimensions:
        assert f"| {dimension.name} | {dimension.question} |" in page, dimension.id
    for level in model.levels:
        assert level.name in page
