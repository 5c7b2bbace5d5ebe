"""The command line contract: JSON shapes, readable output, exit code 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.model import Model
from assessment.scoring import score
from tests.profiles import answers_at

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessment", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def answers_file(tmp_path: Path, model: Model) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": answers_at(model, 0.5, budget=0)}), encoding="utf-8")
    return path


def test_questions_json_contract(model: Model) -> None:
    out = run_cli("questions", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["version"] == model.version
    assert [lv["id"] for lv in data["levels"]] == [lv.id for lv in model.levels]
    assert set(data["levels"][0]) == {"id", "name"}
    assert [d["id"] for d in data["dimensions"]] == [d.id for d in model.dimensions]
    assert len(data["questions"]) == len(model.questions)
    for question in data["questions"]:
        assert {"id", "dimension", "text", "options"} <= set(question)
        kinds = [o["kind"] for o in question["options"]]
        if kinds[0] == "fact":  # a plain fact: no value, no "Not sure"
            assert set(kinds) == {"fact"} and all(o["value"] is None for o in question["options"])
            continue
        values = [o["value"] for o in question["options"] if o["kind"] == "scored"]
        assert values == sorted(values) and values[0] == 0 and values[-1] == 1
        assert kinds[len(values)] == "unsure" and kinds[: len(values)] == ["scored"] * len(values)
        assert kinds[len(values) + 1 :] == (["not_applicable"] if model.question(question["id"]).not_applicable else [])  # type: ignore[union-attr]
        assert all(o["value"] is None for o in question["options"] if o["kind"] != "scored")


def test_score_json_contract(answers_file: Path) -> None:
    out = run_cli("score", str(answers_file), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"level", "overall", "dimensions", "weakest", "unknown", "explanation", "next_steps"} <= set(data)
    assert data["weakest"] == "budget"
    assert data["dimensions"]["budget"] == 0
    assert data["next_steps"] and {"step", "effort", "dimension", "sources"} <= set(data["next_steps"][0])


def test_score_with_target_and_readable_report(answers_file: Path) -> None:
    out = run_cli("score", str(answers_file), "--target", "asset")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Level: ")
    assert "Gap to Real asset" in out.stdout
    assert "Next steps towards Real asset" in out.stdout


def test_link_then_decode_gives_the_same_result(answers_file: Path) -> None:
    link = run_cli("link", str(answers_file), "--name", "Acme <b>Ltd</b>")
    assert link.returncode == 0, link.stderr
    query = link.stdout.strip()
    assert query.startswith("?") and len(query) < 160
    decoded = json.loads(run_cli("decode", "http://localhost:8501/" + query, "--json").stdout)
    scored = json.loads(run_cli("score", str(answers_file), "--json").stdout)
    assert decoded["name"] == "Acme <b>Ltd</b>"
    for key in ("level", "overall", "dimensions", "weakest", "unknown", "explanation", "next_steps"):
        assert decoded[key] == scored[key]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("score", "/no/such/file.json"), "no such file"),
        (("decode", "?v=1&a=0&c=xxxx"), "damaged"),
        (("decode", "?foo=bar"), "damaged"),
        (("score", "@json"), "not valid JSON"),
        (("score", "@wrong-shape"), "expected"),
        (("score", "@unknown-question"), "Unknown question"),
        (("score", "@answers", "--target", "legend"), "Unknown target"),
        (("link", "@answers", "--date", "yesterday"), "--date"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, answers_file: Path, args: tuple[str, ...], message: str
) -> None:
    files = {
        "@json": "{not json",
        "@wrong-shape": json.dumps({"answers": ["a", "b"]}),
        "@unknown-question": json.dumps({"answers": {"no.such.question": "x"}}),
    }
    resolved = []
    for arg in args:
        if arg == "@answers":
            resolved.append(str(answers_file))
        elif arg in files:
            path = tmp_path / "input.json"
            path.write_text(files[arg], encoding="utf-8")
            resolved.append(str(path))
        else:
            resolved.append(arg)
    out = run_cli(*resolved)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert message in lines[0]
    assert "Traceback" not in out.stderr


def test_score_json_reports_not_applicable_provisional_and_confidence(tmp_path: Path, model: Model) -> None:
    answers = answers_at(model, 1.0)
    fact, one = model.dimension("tailoring").not_applicable_when  # type: ignore[misc]
    answers[fact] = one  # a single network: strategy per network does not apply
    unsure = model.questions[0]
    answers[unsure.id] = model.scale_of(unsure).options[-1].id
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    out = run_cli("score", str(path), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    tailoring = [q.id for q in model.questions_of("tailoring")]
    assert data["not_applicable"] == tailoring
    assert data["dimensions"]["tailoring"] is None and data["gaps"]["tailoring"] is None
    assert data["dimension_levels"]["tailoring"] is None
    assert data["provisional"] is True and data["unknown"] == [unsure.id]
    applicable = len(model.scored_questions) - len(tailoring)
    assert data["confidence"] == round((applicable - 1) / applicable, 3)

    link = run_cli("link", str(path))
    decoded = json.loads(run_cli("decode", link.stdout.strip(), "--json").stdout)
    assert {k: decoded[k] for k in ("not_applicable", "provisional", "confidence", "dimensions")} == {
        k: data[k] for k in ("not_applicable", "provisional", "confidence", "dimensions")
    }


def test_the_quick_check_from_the_command_line(tmp_path: Path, model: Model) -> None:
    out = run_cli("questions", "--variant", "quick", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["variant"] == "quick"
    assert [q["id"] for q in data["questions"]] == [q.id for q in model.questions_in("quick")]
    path = tmp_path / "quick.json"
    answers = {}
    for question in data["questions"]:  # the fourth valued answer (a settled habit); a fact's second answer
        valued = [o["id"] for o in question["options"] if o["kind"] == "scored"]
        answers[question["id"]] = valued[min(3, len(valued) - 1)] if valued else question["options"][1]["id"]
    path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    scored = json.loads(run_cli("score", str(path), "--variant", "quick", "--json").stdout)
    full_shape = json.loads(run_cli("score", str(path), "--json").stdout)
    assert scored["variant"] == "quick" and scored["questions_asked"] == len(answers)
    assert set(scored) - {"variant", "questions_asked"} == set(full_shape)
    assert scored["level"] == score(model, answers, variant="quick").level.id == "managed"
    assert run_cli("score", str(path), "--variant", "short").returncode == 2
