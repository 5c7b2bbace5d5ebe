"""The compare view in a real browser: a compare link with two results draws both polygons."""

from __future__ import annotations

from datetime import date
from typing import Any

from assessment.compare import compare
from assessment.compare_link import compare_link
from assessment.link import LinkData, encode
from assessment.loader import load_model
from reports.style import SERIES_COLORS
from tests.browser.helpers import App
from tests.profiles import answers_at

# The filled profile polygons: line marks (closed with linear-closed) that carry a fill.
POLYGONS_JS = """chart => [...chart.querySelectorAll('svg.marks g.mark-line path')]
  .filter(p => (p.getAttribute('fill') || 'none') !== 'none' && (p.getAttribute('d') || '').length > 4)
  .map(p => ({stroke: (p.getAttribute('stroke') || '').toUpperCase(),
              fill: (p.getAttribute('fill') || '').toUpperCase(),
              vertices: (p.getAttribute('d').match(/L/g) || []).length + 1}))"""


def test_a_compare_link_with_two_results_draws_both_polygons(app: App) -> None:
    model = load_model()
    before = encode(model, LinkData(answers_at(model, 0.5, budget=0, trust=1.0), "Acme", None, date(2026, 1, 10)))
    after = encode(model, LinkData(answers_at(model, 0.5, budget=1.0, goals=0.75), "Acme", None, date(2026, 11, 1)))
    comparison = compare(model, [before, after])

    app.open(compare_link([before, after]))
    assert app.heading() == "Compare results"
    chart = app.main.locator("[data-testid='stVegaLiteChart']").first
    chart.locator("svg.marks").wait_for(state="visible")

    polygons: list[dict[str, Any]] = chart.evaluate(POLYGONS_JS)
    assert [(p["stroke"], p["fill"]) for p in polygons] == [(c, c) for c in SERIES_COLORS[:2]], polygons
    assert all(p["vertices"] == len(model.dimensions) for p in polygons), polygons
    marks = app.chart_marks()
    assert {e.legend for e in comparison.entries} <= set(marks["texts"]), marks["texts"]

    text = app.text()
    assert "Over time" in text and "Biggest improvement" in text
    assert "Traceback" not in text and not app.main.locator("[data-testid='stException']").count()
    assert not app.page_errors, app.page_errors
    assert app.code_text().endswith(comparison.link)  # its own compare link, absolute

    chart.hover()  # Streamlit's chart toolbar is where the PNG download lives
    app.page.get_by_role("button", name="Download as PNG").wait_for(state="visible")
    # the centre of the chart is where the spokes meet: hovering it must not show a spoke's raw x/y/x2/y2
    tooltip = app.page.evaluate("() => document.querySelector('#vg-tooltip-element')?.innerText ?? ''")
    assert "x2" not in tooltip, tooltip
    app.screenshot("compare-desktop")
