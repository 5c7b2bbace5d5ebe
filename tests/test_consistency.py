"""Every output shows the same numbers: the app's table, the text, CSV, JSON and HTML exports.

For 200 random profiles and every target level, the app (read back from AppTest) and each
export must agree: whole points where people read them (app, text, HTML), one decimal in
the machine-readable files (CSV, JSON) that round down to the same whole points, and in
every form a shown score plus its shown gap equals the target's threshold.
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
from streamlit.testing.v1 import AppTest

from assessment.link import LinkData, encode
from assessment.loader import load_model
from assessment.model import NOT_APPLICABLE, Model
from assessment.query import parse_query
from assessment.rounding import NO_SCORE, whole_points
from assessment.scoring import score
from reports.as_csv import to_csv
from reports.as_html import to_html
from reports.as_json import to_json
from reports.as_text import text_report
from reports.wording import NO_SCORE_LEVEL
from tests.support.markdown import read_markdown_table

APP = str(Path(__file__).resolve().parent.parent / "app.py")
MODEL = load_model()
PROFILES = 200
HTML_ROW = re.compile(
    r'<tr><td>([^<]+)</td><td class="num">(\d+|–)</td><td>([^<]+)</td><td class="num">([\d.]+)</td>'
    r'<td class="num">(\d+|–)</td></tr>'
)


def random_answers(model: Model, rng: random.Random) -> dict[str, str]:
    """A profile around a random maturity: every kind of answer, some left out."""
    centre = rng.random()
    answers = {}
    for question in model.questions:
        if rng.random() < 0.1:
            continue
        options = model.scale_of(question).options
        if rng.random() < 0.1:
            answers[question.id] = options[-1].id  # "Not sure"
            continue
        if question.not_applicable and rng.random() < 0.3:
            answers[question.id] = NOT_APPLICABLE
            continue
        valued = options[:-1]
        index = round(min(1.0, max(0.0, rng.gauss(centre, 0.3))) * (len(valued) - 1))
        answers[question.id] = valued[index].id
    return answers


def app_rows(at: AppTest) -> list[tuple[str, str, str, str]]:
    (source,) = [str(m.value) for m in at.markdown if str(m.value).startswith("| :small[Dimension]")]
    _, _, *rows = read_markdown_table(source)
    return [(name, points, level, gap) for name, points, level, gap in rows]


def text_rows(report: str) -> list[tuple[str, str, str, str]]:
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Dimension")) + 1
    rows = []
    for line in lines[start : start + len(MODEL.dimensions)]:
        name, rest = line[:28].rstrip(), line[29:].split()
        rows.append((name, rest[0], " ".join(rest[1:-1]), rest[-1]))
    return rows


@pytest.fixture(scope="module")
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=30)


@pytest.mark.parametrize("number", range(PROFILES))
def test_app_and_every_export_show_the_same_numbers(app: AppTest, number: int) -> None:
    rng = random.Random(number)
    answers = random_answers(MODEL, rng)
    for level in MODEL.levels:
        data = LinkData(answers, "Acme", level.id, date(2026, 11, 1))
        link = encode(MODEL, data)
        result = score(MODEL, answers, level.id)
        app.query_params.clear()
        app.query_params.update(parse_query(link))
        app.run()
        assert not app.exception

        shown = app_rows(app)
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
        overall = f"overall score {whole_points(result.overall)} of 100"
        assert any(overall in str(c.value) for c in app.caption)
        assert whole_points(document["overall"]) == whole_points(result.overall)
