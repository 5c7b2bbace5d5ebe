"""Golden outputs: what a user sees for six fixed profiles, byte for byte.

Regenerate (after a change that is *meant* to alter what users see)::

    .venv/bin/python -m tests.golden.generate

``tests/test_golden.py`` renders the same outputs in memory and diffs them with the files
here, so a refactor that changes any of them fails with the file and the first differing line.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from assessment.link import LinkData, decode, encode, score_link
from assessment.loader import load_model
from assessment.model import Model
from cli import assessment as cli
from reports.as_csv import to_csv
from reports.as_html import to_html
from reports.as_json import to_json
from reports.as_text import text_report
from tests.profiles import all_unsure, answers_at

GOLDEN_DIR = Path(__file__).resolve().parent
V1_LINKS = GOLDEN_DIR.parent / "fixtures" / "v1-links.json"
TAKEN_ON = date(2026, 11, 1)
TRICKY_NAME = "**Acme** <b>&amp; Co</b> [x](javascript:alert(1)) | `x`"


@dataclass(frozen=True)
class Profile:
    """One fixed profile: its answers and what its results link carries."""

    name: str
    answers: dict[str, str]
    org: str = ""
    target: str | None = None


def _mixed(model: Model) -> dict[str, str]:
    """Every kind of answer: low to high values, "Not sure", "does not apply" and unanswered questions."""
    answers: dict[str, str] = {}
    for number, question in enumerate(model.questions):
        options = model.scale_of(question).options
        kind = number % 7
        if kind == 5:
            continue  # unanswered
        if question.fact:  # the first fact answer: a single network, so strategy per network does not apply
            answers[question.id] = options[0].id
            continue
        answers[question.id] = options[-1].id if kind == 6 else options[(number * 3) % (len(options) - 1)].id
    return answers


def profiles(model: Model) -> list[Profile]:
    """The six profiles of the current model; the sixth, an older link, is :func:`older_link`."""
    gated = answers_at(model, 0.75, goals=1, budget=1, brand=1, patience=1, improve=0.25, **{"return": 0})
    return [
        Profile("all-lowest", answers_at(model, 0.0)),
        Profile("all-highest", answers_at(model, 1.0)),
        Profile("all-unsure", all_unsure(model)),
        Profile("gated", gated, org="Riverside Bakery"),
        Profile("mixed-tricky-name", _mixed(model), org=TRICKY_NAME, target="asset"),
    ]


def _cli(model: Model, *argv: str) -> str:
    """What ``python -m assessment ARGV`` prints, run in this process against ``model``."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(list(argv), model)
    if code != 0:
        raise RuntimeError(f"python -m assessment {' '.join(argv)} exited {code}")
    return out.getvalue()


def _outputs_of_link(model: Model, link: str, stem: str, answers_file: Path | None) -> dict[str, str]:
    decoded = decode(model, link)
    result = score_link(model, decoded.data)
    files = {
        f"{stem}.decode.json": _cli(model, "decode", link, "--json"),
        f"{stem}.export.json": to_json(model, result, decoded.data, link),
        f"{stem}.export.csv": to_csv(result),
        f"{stem}.export.txt": text_report(model, result, decoded.data.name) + "\n",
        f"{stem}.export.html": to_html(model, result, decoded.data, link),
    }
    if answers_file is not None:
        args = ["score", str(answers_file), "--json"]
        if decoded.data.target:
            args += ["--target", decoded.data.target]
        files[f"{stem}.score.json"] = _cli(model, *args)
    return files


def render() -> dict[str, str]:
    """Every golden file's name and content, rendered by the current code."""
    model = load_model()
    files: dict[str, str] = {}
    links: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        for profile in profiles(model):
            answers_file = Path(folder) / f"{profile.name}.json"
            answers_file.write_text(json.dumps({"answers": profile.answers}), encoding="utf-8")
            data = LinkData(profile.answers, profile.org, profile.target, TAKEN_ON)
            link = encode(model, data)
            links[profile.name] = link
            files.update(_outputs_of_link(model, link, profile.name, answers_file))
        # A team of three: the gated profile and two colleagues of the same organisation.
        gated = next(p for p in profiles(model) if p.name == "gated")
        colleagues = [
            LinkData(answers_at(model, 0.25, dialogue=1), gated.org, None, date(2026, 11, 2)),
            LinkData(answers_at(model, 0.5, goals=0, trust=1), gated.org, None, date(2026, 11, 3)),
        ]
        team = [links["gated"], *(encode(model, data) for data in colleagues)]
        files["team-of-three.compare.json"] = _cli(model, "compare", *team, "--json")
    # A link made with content version 1 (frozen in tests/fixtures), read by the current content.
    old_link = json.loads(V1_LINKS.read_text(encoding="utf-8"))["links"]["mixed-tricky-name"]
    files.update(_outputs_of_link(model, old_link, "older-version-link", None))
    files["links.json"] = json.dumps(links, indent=2, ensure_ascii=False) + "\n"
    return files


def main() -> int:
    files = render()
    for old in GOLDEN_DIR.glob("*.*"):
        if old.suffix != ".py" and old.name not in files:
            old.unlink()
    for name, text in files.items():
        (GOLDEN_DIR / name).write_bytes(text.encode("utf-8"))
    print(f"wrote {len(files)} golden files to {GOLDEN_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
