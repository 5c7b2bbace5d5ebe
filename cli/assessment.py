"""Command line: ``python -m assessment {check,questions,score,link,decode,compare,layout,report}``.

Bad input exits with code 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from assessment.compare import compare
from assessment.compare_link import is_compare_link, parse_compare_link
from assessment.errors import AssessmentError
from assessment.link import DecodedLink, LinkData, clean_name, decode, encode, link_layout, score_link
from assessment.loader import load_model
from assessment.model import VARIANTS, LinkLayout, Model, Variant
from assessment.names import display_name
from assessment.query import parse_query
from assessment.scoring import score
from reports import FORMATS, Report
from reports.as_text import comparison_text, text_report
from reports.document import comparison_to_dict, decoded_to_dict, dumps, questions_to_dict, result_to_dict


class UsageError(AssessmentError):
    """The command line asks for something impossible (a missing file, bad JSON...)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse would print usage and exit 2 itself
        raise UsageError(message)


def _read_answers(path: str) -> dict[str, str]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot be read ({error})") from None
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}: not valid JSON ({error.msg} at line {error.lineno})") from None
    answers = document.get("answers") if isinstance(document, dict) else None
    if not isinstance(answers, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in answers.items()):
        raise UsageError(f'{path}: expected {{"answers": {{question_id: option_id}}}}')
    return answers


def _print_result(
    model: Model,
    answers: dict[str, str],
    target: str | None,
    as_json: bool,
    variant: Variant = "full",
    decoded: DecodedLink | None = None,
) -> None:
    """The result of ``answers`` as JSON (with what a ``decoded`` link carried) or as text."""
    result = score(model, answers, target, variant)
    if as_json:
        print(dumps(result_to_dict(result) if decoded is None else decoded_to_dict(result, decoded)), end="")
    else:
        print(text_report(model, result, "" if decoded is None else decoded.data.name))


def run(argv: Sequence[str], model: Model | None = None) -> None:
    """Parse ``argv`` and run one command against ``model`` (default: the shipped content);
    raise :class:`AssessmentError` on bad input."""
    parser = _Parser(prog="python -m assessment", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate content/ and seeds/")
    questions = commands.add_parser("questions", help="list the questionnaire")
    questions.add_argument("--json", action="store_true")
    questions.add_argument("--variant", choices=VARIANTS, default="full", help="full (default) or the quick check")
    scoring = commands.add_parser("score", help="score a JSON file of answers")
    scoring.add_argument("file")
    scoring.add_argument("--target", help="target level id (default: the next level up)")
    scoring.add_argument("--variant", choices=VARIANTS, default="full", help="full (default) or the quick check")
    scoring.add_argument("--json", action="store_true")
    linking = commands.add_parser("link", help="make the results link for a JSON file of answers")
    linking.add_argument("file")
    linking.add_argument("--name", default="")
    linking.add_argument("--target")
    linking.add_argument("--date", help="date taken, YYYY-MM-DD (default: none)")
    decoding = commands.add_parser("decode", help="score a results link")
    decoding.add_argument("link")
    decoding.add_argument("--json", action="store_true")
    comparing = commands.add_parser("compare", help="compare 2-10 results links (or one compare link)")
    comparing.add_argument("links", nargs="+", metavar="LINK")
    comparing.add_argument("--json", action="store_true")
    commands.add_parser(
        "layout", help="print this version's results-link layout, for content/history.toml before a new version"
    )
    reporting = commands.add_parser("report", help="write the HTML and/or PDF report of a results link")
    reporting.add_argument("link")
    reporting.add_argument("--html", metavar="OUT.html", help="a printable HTML page that opens offline")
    reporting.add_argument("--pdf", metavar="OUT.pdf", help="an A4 PDF document")
    args = parser.parse_args(argv)

    model = model or load_model()
    if args.command == "check":
        print(
            f"content version {model.version}: {len(model.dimensions)} dimensions, "
            f"{len(model.questions)} questions, {len(model.recommendations)} recommendations, "
            f"{len(model.seeds)} seeds: all valid"
        )
    elif args.command == "questions":
        data = questions_to_dict(model, args.variant)
        if args.json:
            print(dumps(data), end="")
        else:
            for q in data["questions"]:
                print(f"{q['id']:<28} {q['text']}")
    elif args.command == "score":
        _print_result(model, _read_answers(args.file), args.target, args.json, variant=args.variant)
    elif args.command == "link":
        taken_on = None
        if args.date:
            try:
                taken_on = date.fromisoformat(args.date)
            except ValueError:
                raise UsageError(f"--date {args.date!r} is not a YYYY-MM-DD date") from None
        link_data = LinkData(_read_answers(args.file), clean_name(display_name(args.name)), args.target, taken_on)
        print(encode(model, link_data))
    elif args.command == "decode":
        decoded = decode(model, args.link)
        data_ = decoded.data
        _print_result(model, dict(data_.answers), data_.target, args.json, data_.variant, decoded)
    elif args.command == "compare":
        _compare(model, args.links, args.json)
    elif args.command == "layout":
        print(layout_toml(link_layout(model)))
    elif args.command == "report":
        if not (args.html or args.pdf):
            raise UsageError("report needs --html OUT.html, --pdf OUT.pdf or both")
        _report(model, args.link, args.html, args.pdf)


def layout_toml(layout: LinkLayout) -> str:
    """A link layout as the ``[[versions]]`` table of ``content/history.toml``."""
    lines = ["[[versions]]", f"version = {layout.version}"]
    for slot in layout.slots:
        options = ", ".join(f'"{o}"' for o in slot.options)
        lines += ["", "[[versions.questions]]", f"key = {slot.key}", f'id = "{slot.question}"']
        lines += [f"options = [{options}]"] + ([f'unsure = "{slot.unsure}"'] if slot.unsure else [])
        lines += ["not_applicable = true"] if slot.not_applicable else []
    return "\n".join(lines)


def _is_compare_link(text: str) -> bool:
    try:
        return is_compare_link(parse_query(text))
    except AssessmentError:
        return False


def _compare(model: Model, arguments: Sequence[str], as_json: bool) -> None:
    links: list[str] = []
    for argument in arguments:
        links += parse_compare_link(argument) if _is_compare_link(argument) else [argument]
    comparison = compare(model, links)
    if not comparison.entries:
        skipped = comparison.skipped
        if not skipped:
            raise UsageError("no results links given")
        if len(skipped) == 1:
            raise UsageError(skipped[0].text)
        raise UsageError(f"none of the {len(skipped)} results links can be compared. {skipped[0].text}")
    if as_json:
        print(dumps(comparison_to_dict(comparison)), end="")
    else:
        print(comparison_text(comparison))


def _write(out: str, content: str | bytes) -> None:
    try:
        if isinstance(content, bytes):
            Path(out).write_bytes(content)
        else:
            Path(out).write_text(content, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{out}: cannot be written ({error.strerror or error})") from None
    print(f"wrote {out}")


def _report(model: Model, link: str, html: str | None, pdf: str | None) -> None:
    decoded = decode(model, link)
    text = link.strip()
    shown = text if "://" in text else "?" + text.removeprefix("?")
    report = Report(model, score_link(model, decoded.data), decoded.data, shown)
    for out, name in ((html, "html"), (pdf, "pdf")):
        if out:
            _write(out, FORMATS[name].render(report))


def main(argv: Sequence[str] | None = None, model: Model | None = None) -> int:
    """Entry point: 0 on success, 2 on bad input (one line on stderr)."""
    try:
        run(sys.argv[1:] if argv is None else argv, model)
    except AssessmentError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
