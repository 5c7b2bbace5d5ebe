"""Every output shows the same numbers: the app's table, the text, CSV, JSON and HTML exports.

The app's table is :func:`ui.results.table_rows`. For any answers and any target level, each
export must agree with it row for row: whole points where people read them (app, text, HTML),
one decimal in the machine-readable files (CSV, JSON) that round to the same whole points, and
in every form a shown score plus its shown gap equals the target's threshold. That is a property
over the outputs themselves (no app run); a few AppTest runs, one per target level, check that
the page draws exactly those rows and that overall score.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from streamlit.testing.v1 import AppTest

from assessment.link import LinkData, encode
from assessment.loader import load_model
from assessment.model import Model
from assessment.query import parse_query
from assessment.rounding import NO_SCORE, whole_points
from assessment.scoring import score
from reports.as_csv import to_csv
from reports.as_html import to_html
from reports.as_json import to_json
from reports.as_text import text_report
from reports.wording import NO_SCORE_LEVEL
from tests import strategies
from tests.support.markdown import read_markdown_table
from ui.results import table_rows

APP = str(Path(__file__).resolve().parent.parent / "app.py")
MODEL = load_model()
HTML_ROW = re.compile(
    r'<tr><td>([^<]+)</td><td class="num">(\d+|–)</td><td>([^<]+)</td><td class="num">([\d.]+)</td>'
    r'<td class="num">(\d+|–)</td></tr>'
)
Rows = list[tuple[str, str, str, str]]


def app_rows(at: AppTest) -> Rows:
    (source,) = [str(m.value) for m in at.markdown if str(m.value).startswith("| :small[Dimension]")]
    _, _, *rows = read_markdown_table(source)
    return [(name, points, level, gap) for name, points, level, gap in rows]


def text_rows(report: str) -> Rows:
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Dimension")) + 1
    rows = []
    for line in lines[start : start + len(MODEL.dimensions)]:
        name, rest = line[:28].rstrip(), line[29:].split()
        rows.append((name, rest[0], " ".join(rest[1:-1]), rest[-1]))
    return rows


@settings(max_examples=200)
@given(strategies.profiles(MODEL), strategies.targets(MODEL).filter(bool))
def test_every_export_shows_the_rows_of_the_apps_table(answers: dict[str, str], target: str) -> None:
    level = MODEL.level(target)
    assert level is not None
    data = LinkData(answers, "Acme", target, date(2026, 11, 1))
    link = encode(MODEL, data)
    result = score(MODEL, answers, target)
    shown = table_rows(result)

    threshold = whole_points(level.min_score)
    for name, points, level_name, gap in shown:
        if points == NO_SCORE:  # a dimension none of whose questions applies: no score, no gap
            assert (gap, level_name) == (NO_SCORE, NO_SCORE_LEVEL), name
        else:
            assert int(gap) == (threshold - int(points) if int(points) < threshold else 0), name
    assert text_rows(text_report(MODEL, result, data.name)) == shown
    html = [(n, p, lv, g) for n, p, lv, _, g in HTML_ROW.findall(to_html(MODEL, result, data, link))]
    assert html == shown

    table = list(csv.DictReader(io.StringIO(to_csv(result))))
    document = json.loads(to_json(MODEL, result, data, link))["result"]
    for row, (name, points, level_name, gap) in zip(table, shown, strict=True):
        assert (row["dimension"], row["level"], row["target"]) == (name, level_name, level.name)
        if points == NO_SCORE:
            assert row["score"] == row["gap"] == ""
            assert document["dimensions"][row["dimension_id"]] is document["gaps"][row["dimension_id"]] is None
            continue
        for machine_score, machine_gap in (
            (float(row["score"]), float(row["gap"])),
            (document["dimensions"][row["dimension_id"]], document["gaps"][row["dimension_id"]]),
        ):
            assert str(whole_points(machine_score)) == points
            assert machine_gap == (round(level.min_score - machine_score, 1) if int(gap) else 0.0)
    assert whole_points(document["overall"]) == whole_points(result.overall)


def random_answers(model: Model, rng: random.Random) -> dict[str, str]:
    """A profile around a random maturity: every kind of answer, some left out."""
    centre = rng.random()
    answers: dict[str, str] = {}
    for question in model.questions:
        if rng.random() < 0.1:
            continue
        options = model.scale_of(question).options
        if rng.random() < 0.1:
            answers[question.id] = options[-1].id  # "Not sure"
            continue
        if question.fact:
            answers[question.id] = rng.choice(options).id
            continue
        valued = options[:-1]
        index = round(min(1.0, max(0.0, rng.gauss(centre, 0.3))) * (len(valued) - 1))
        answers[question.id] = valued[index].id
    return answers


@pytest.fixture(scope="module")
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=30)


@pytest.mark.parametrize("target", [level.id for level in MODEL.levels])
def test_the_page_draws_the_table_rows_and_the_overall_score(app: AppTest, target: str) -> None:
    answers = random_answers(MODEL, random.Random(target))
    fact, one = MODEL.dimension("tailoring").not_applicable_when  # type: ignore[misc]
    answers[fact] = one  # a single network: strategy per network has no score
    result = score(MODEL, answers, target)
    app.query_params.clear()
    app.query_params.update(parse_query(encode(MODEL, LinkData(answers, "Acme", target, date(2026, 11, 1)))))
    app.run()
    assert not app.exception
    assert app_rows(app) == table_rows(result)
    assert (NO_SCORE, NO_SCORE_LEVEL) in {(points, level) for _, points, level, _ in table_rows(result)}
    overall = f"overall score {whole_points(result.overall)} of 100"
    assert any(overall in str(c.value) for c in app.caption)
