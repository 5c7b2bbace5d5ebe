"""axe-core on every view of the real app: no serious or critical violation from the app's markup.

axe-core comes from the npm package pinned in ``tests/browser/package.json`` (the README's
test command runs ``npm install --prefix tests/browser`` when it is missing) and is injected
into the page. Streamlit scrolls its content inside ``stMain``, and axe only judges what is
on screen (colour contrast below the fold comes back as "incomplete", not as a violation),
so the viewport is grown to the full content height before each run.

Every full axe report is saved to ``test-artifacts/axe-<view>.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from assessment import LinkData, encode
from assessment.model import Model
from tests.browser.helpers import ARTIFACTS, App, full_height
from tests.profiles import answers_at

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")


class Exclusion(NamedTuple):
    """One axe rule switched off on one element that Streamlit (not the app) renders."""

    rule: str
    selector: str  # CSS; the rule is ignored on elements inside a match, nowhere else
    why: str


# Violations caused by Streamlit's own markup, each ignored for exactly one rule on exactly
# the elements it concerns. Keep this list in step with docs/testing.md ("Browser tests").
# Empty: with the app's theme every serious or critical finding so far has been the app's to fix.
AXE_EXCLUSIONS: tuple[Exclusion, ...] = ()


def _pinned_axe_version() -> str:
    manifest = json.loads((HERE / "package.json").read_text(encoding="utf-8"))
    return str(manifest["dependencies"]["axe-core"])


def _links(model: Model) -> dict[str, str]:
    """One address per view; the answers leave some questions unsure and some open,
    so the results show every section ("Find out", "Unanswered", roadmap)."""
    ids = [d.id for d in model.dimensions]
    answers = answers_at(model, 0.5, **{ids[0]: 1.0, ids[1]: 0.0})
    unsure = model.questions[3]
    answers[unsure.id] = model.scale_of(unsure).options[-1].id
    del answers[model.questions[5].id]
    link = encode(model, LinkData(answers=answers, name="Riverside Bakery", taken_on=date(2025, 3, 14)))
    quick = {q.id: answers[q.id] for q in model.questions_in("quick") if q.id in answers}
    quick_link = encode(model, LinkData(answers=quick, name="Riverside Bakery", variant="quick"))
    return {
        "start": "",
        "questionnaire": link + "&step=2",
        "results": link,
        "damaged": link[:-4],
        "quick check": quick_link + "&step=1",
        "quick results": quick_link,
        "changing an answer": link + "&step=4&from=results",
        "before the results": quick_link + "&step=1&check=results",
    }


def run_axe(app: App) -> dict[str, Any]:
    """Inject axe-core, run it on the whole document with all content on screen, return the report."""
    if not AXE_JS.exists():
        pytest.fail(
            f"{AXE_JS} is missing: run `npm install --prefix tests/browser` (the README's test command does).",
            pytrace=False,
        )
    page = app.page
    with full_height(page):
        page.add_script_tag(path=str(AXE_JS))
        report: dict[str, Any] = page.evaluate(
            """async (exclusions) => {
              const result = await axe.run(document, {resultTypes: ['violations']});
              const excluded = (ruleId, node) => exclusions.some(([rule, selector]) => {
                if (rule !== ruleId) return false;
                const element = document.querySelector(node.target[node.target.length - 1]);
                return !!element && !!element.closest(selector);
              });
              const kept = [];
              const waived = [];
              for (const violation of result.violations) {
                const nodes = violation.nodes.filter(n => !excluded(violation.id, n));
                const dropped = violation.nodes.length - nodes.length;
                if (dropped) waived.push({id: violation.id, nodes: dropped});
                if (nodes.length) kept.push({...violation, nodes});
              }
              return {version: axe.version, url: result.url, violations: kept, waived};
            }""",
            [list(e[:2]) for e in AXE_EXCLUSIONS],
        )
    return report


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    {' > '.join(map(str, node['target']))}\n      {node['html'][:160]}\n      {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize(
    "view",
    [
        "start",
        "questionnaire",
        "results",
        "damaged",
        "quick check",
        "quick results",
        "changing an answer",
        "before the results",
    ],
)
def test_no_serious_or_critical_axe_violations(new_app: Callable[..., App], model: Model, view: str) -> None:
    app = new_app(bypass_csp=True)  # axe is injected as an inline script, which the app's CSP refuses
    app.open(_links(model)[view])
    expected_heading = {"damaged": "This link cannot be opened", "quick check": "Quick check"}.get(view)
    if expected_heading:
        assert app.heading() == expected_heading
    if view in ("results", "quick results"):
        app.main.locator("[data-testid='stVegaLiteChart'] svg, [data-testid='stVegaLiteChart'] canvas").first.wait_for()

    report = run_axe(app)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{view}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")

    assert report["version"] == _pinned_axe_version()
    failing = [v for v in report["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe-core found serious/critical violations on the {view} view:\n{describe(failing)}"
