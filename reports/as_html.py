"""The printable HTML report of one result: a self-contained page that opens offline and prints to PDF.

Pure: it returns text; the app offers it for download and the CLI writes it. The page needs
nothing from the network: inline CSS, the radar as inline SVG, no scripts, fonts or images.
Every piece of text in it is HTML-escaped (:func:`html.escape`), because names come from links
that anyone can write.

The page is :data:`_PAGE` filled in with its title, its style and its body; the body is one
section per part of the result (:func:`_summary`, :func:`_scores`, :func:`_roadmap`, ...), each
a list of lines. The radar is drawn from :func:`reports.radar.radar`'s geometry.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from string import Template
from typing import TYPE_CHECKING

from assessment.link import LinkData
from assessment.model import Model, Question
from assessment.names import display_name
from assessment.rounding import shown_gap_text, shown_score, whole_points
from assessment.scoring import Result

from . import radar
from .style import CURRENT_COLOR, GRID_COLOR, LABEL_COLOR, TARGET_COLOR, TARGET_DASH, TICK_COLOR, svg_dash
from .wording import (
    ROADMAP_ORDER,
    cited_seeds,
    does_not_apply,
    level_label,
    level_name,
    roadmap_groups,
    source_titles,
    step_detail,
)

if TYPE_CHECKING:  # the interface's module imports this one
    from . import Report

LINK_PREFIXES = ("http://", "https://", "?")  # links the report makes clickable
TITLE = "Social media strategy assessment"
_PAGE = Template(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
$css
</style>
</head>
<body>
$body
</body>
</html>
"""
)

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: #1b1f1e; background: #fff; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #555; padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.meta { color: #444; margin-top: 0; }
.level { font-size: 1.3rem; font-weight: 700; margin: 1rem 0 .3rem; }
figure { margin: 1rem 0; text-align: center; }
figcaption { font-size: .85rem; color: #444; }
svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #777; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.roadmap ol { padding-left: 1.4rem; }
.roadmap li { margin-bottom: .5rem; }
.detail { font-size: .85rem; color: #444; }
.link { word-break: break-all; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85rem; }
@media print {
  @page { margin: 15mm; }
  body { margin: 0; max-width: none; color: #000; font-size: 11pt; }
  .meta, .detail, figcaption { color: #000; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, th, td, .roadmap li, .finding, figure, .scores { break-inside: avoid; page-break-inside: avoid; }
  .scores svg { max-height: 72mm; }
  .scores th, .scores td { padding: .05rem .4rem; font-size: 10pt; }
  figcaption { font-size: 9pt; }
  .scores h2 { margin-top: .8rem; }
  figure { margin: .4rem 0; }
  thead { display: table-header-group; }
  a { color: #000; text-decoration: none; }
  svg .current { fill: #000; fill-opacity: .12; stroke: #000; }
  svg .target { stroke: #000; }
  svg .dot, svg .score { fill: #000; }
  svg .grid { stroke: #777; }
}
""".strip()


def to_html(model: Model, result: Result, data: LinkData, link: str) -> str:
    """A self-contained, printable HTML page of the result (opens offline, prints to PDF)."""
    name = display_name(data.name).strip()
    title = f"{TITLE}: {name}" if name else TITLE
    body = [
        *_header(result, data, title),
        "<main>",
        *_summary(result),
        *_scores(model, result),
        *_roadmap(model, result),
        *_find_out(model, result),
        *_not_applicable(model, result),
        *_reopen(link),
        "</main>",
    ]
    return _PAGE.substitute(title=escape(title), css=_CSS, body="\n".join(body))


def render(report: Report) -> str:
    """The report as a printable HTML page (:func:`to_html`)."""
    return to_html(report.model, report.result, report.data, report.link)


# --- The sections --------------------------------------------------------------------------


def _header(result: Result, data: LinkData, title: str) -> list[str]:
    taken = f"Taken on {data.taken_on.isoformat()}" if data.taken_on else "Date not recorded"
    return [
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(taken)}</p>',
        "</header>",
    ]


def _summary(result: Result) -> list[str]:
    provisional = " (provisional)" if result.provisional else ""
    return [
        '<section class="summary">',
        f'<p class="level">{escape(level_label(result))}: {escape(result.level.name)}{provisional} '
        f'<span class="detail">(overall score {whole_points(result.overall)} of 100)</span></p>',
        f"<p>{escape(result.level.description)}</p>",
        f"<p><strong>Why this level:</strong> {escape(result.explanation)}</p>",
        "</section>",
    ]


def _scores(model: Model, result: Result) -> list[str]:
    """The radar with its legend and caption, then the table of scores it shows."""
    target = escape(result.target.name)
    rows = [
        f'<tr><td>{escape(d.dimension.name)}</td><td class="num">{shown_score(d.score)}</td>'
        f'<td>{escape(level_name(d.level))}</td><td class="num">{d.target_score:g}</td>'
        f'<td class="num">{shown_gap_text(d.score, d.target_score)}</td></tr>'
        for d in result.measured_dimensions
    ]
    return [
        '<section class="scores">',
        "<figure>",
        _radar_svg(model, result),
        f"<figcaption>{_legend()}<br>The number under each dimension is its score out of 100. Rings mark where "
        f"each level begins; the dashed line is the target, {target}.</figcaption>",
        "</figure>",
        "<h2>Scores by dimension</h2>",
        "<table>",
        '<thead><tr><th>Dimension</th><th class="num">Score</th><th>Level</th>'
        f'<th class="num">Target ({target})</th><th class="num">Gap</th></tr></thead>',
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        "</section>",
    ]


def _roadmap(model: Model, result: Result) -> list[str]:
    """The next steps grouped by dimension (:func:`reports.wording.roadmap_groups`), then their sources."""
    target = escape(result.target.name)
    lines = ['<section class="roadmap">', f"<h2>Roadmap to {target}</h2>"]
    if not result.next_steps:
        return [*lines, f"<p>No steps needed: every dimension has reached {target}.</p>", "</section>"]
    lines.append(f"<p>{escape(ROADMAP_ORDER)}</p>")
    for dimension, steps in roadmap_groups(result.next_steps):
        shown = result.dimension(dimension.id)
        gap = shown_gap_text(shown.score, shown.target_score)
        lines += [f'<h3>{escape(dimension.name)} <span class="detail">(gap {gap})</span></h3>', "<ol>"]
        for step in steps:
            r = step.recommendation
            lines.append(
                f'<li class="step">{escape(r.step)}<br><span class="detail">{escape(step_detail(step))} · source: '
                f"{escape(source_titles(model, r.sources))}</span></li>"
            )
        lines.append("</ol>")
    lines.append('<h3>Sources</h3><ul class="sources">')
    lines += [f"<li>“{escape(s.title)}”: {escape(s.gist)}</li>" for s in cited_seeds(model, result.next_steps)]
    return [*lines, "</ul>", "</section>"]


def _find_out(model: Model, result: Result) -> list[str]:
    """What to find out (answered "Not sure") and how many are unanswered; left out when neither."""
    missing = len(result.missing_questions)
    if not result.unknown_questions and not missing:
        return []
    lines = ['<section class="findout">', "<h2>Find out</h2>"]
    if result.unknown_questions:
        lines += _question_list(
            model, result.unknown_questions, "You answered “Not sure” to these; finding out is a first step in itself."
        )
    if missing:
        lines.append(f"<p>{missing} question{'s' if missing != 1 else ''} not answered (they count as 0).</p>")
    return [*lines, "</section>"]


def _not_applicable(model: Model, result: Result) -> list[str]:
    """What does not apply to the business; left out when everything applies."""
    items = [
        f'<li class="finding">{escape(what)} <span class="detail">({escape(why)})</span></li>'
        for what, why in does_not_apply(model, result)
    ]
    if not items:
        return []
    listing = ["<p>Left out of the scores.</p>", "<ul>", *items, "</ul>"]
    return ['<section class="notapplicable">', "<h2>Does not apply to us</h2>", *listing, "</section>"]


def _reopen(link: str) -> list[str]:
    """The results link: a link to follow when it is a web address or a query, else plain text."""
    shown = escape(link.strip())
    if link.strip().startswith(LINK_PREFIXES):
        reopen = f'<p>Open these results again: <a class="link" href="{shown}">{shown}</a></p>'
    else:
        reopen = f'<p>Open these results again: <span class="link">{shown}</span></p>'
    return ['<section class="reopen">', "<h2>Results link</h2>", reopen, "</section>"]


def _question_list(model: Model, questions: Sequence[Question], intro: str) -> list[str]:
    """A list of questions, each with its dimension, under an introduction."""
    items = []
    for q in questions:
        where = escape(model.dimension(q.dimension).name)
        items.append(f'<li class="finding">{escape(q.text)} <span class="detail">({where})</span></li>')
    return [f"<p>{escape(intro)}</p>", "<ul>", *items, "</ul>"]


# --- The radar -----------------------------------------------------------------------------

# The radar in the report, in px of its viewBox (the SVG scales to the page's width).
SVG_WIDTH = 640
SVG_FONT = 13  # axis labels
SVG_CHAR = 7.8  # generous width of one label character (a system sans-serif at 13 px)
SVG_LINE = 15.5  # px per label line
SVG_GAP = 8.0  # px between the outer ring and a label
SVG_RADIUS = 170.0  # at most: the labels stay legible when the report is printed
SVG_MARGIN = 6.0
SVG_TEXT = radar.TextMetrics(SVG_LINE, SVG_GAP, radar.character_widths(SVG_CHAR))
# SVG's names for how a label's text lines up against its anchor
_TEXT_ANCHOR = {"left": "start", "center": "middle", "right": "end"}


def _svg_points(points: Sequence[radar.Point]) -> str:
    """Points as an SVG ``points`` attribute value, two decimals each."""
    return " ".join(f"{x:.2f},{y:.2f}" for x, y in points)


def _radar_svg(model: Model, result: Result) -> str:
    """The result's radar as inline SVG, drawn like the app's from :func:`reports.radar.radar`:
    level rings and spokes, the target dashed, the profile solid with a dot on each axis, and
    each axis labelled with the dimension's name and its score. As wide as the page's column,
    the radar as large as its labels leave room for (at most :data:`SVG_RADIUS`)."""
    axes = result.measured_dimensions  # a quick check's radar shows the dimensions it measured
    names = [d.dimension.name for d in axes]
    scores = [shown_score(d.score) for d in axes]
    reaches = radar.label_reaches(names, SVG_TEXT, scores)
    radius = min(SVG_RADIUS, radar.fitting_radius(SVG_WIDTH / 2 - SVG_MARGIN, reaches, SVG_GAP))
    above = radar.reach_above(radius, reaches, SVG_GAP)
    height = round(above + radar.reach_below(radius, reaches, SVG_GAP) + 2 * SVG_MARGIN)
    chart = radar.radar(
        names,
        [[d.score for d in axes], [result.target.min_score] * len(axes)],
        radar.level_boundaries(model.levels),
        SVG_TEXT,
        score_lines=scores,
        radius=radius,
        centre=(SVG_WIDTH / 2, SVG_MARGIN + above),
    )
    yours, target = (radar.outline(polygon) for polygon in chart.polygons)
    parts = [
        f'<svg viewBox="0 0 {SVG_WIDTH} {height}" width="{SVG_WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="radar-title">',
        f'<title id="radar-title">Radar chart: your score per dimension and the target, {escape(result.target.name)}'
        "</title>",
    ]
    for ring in chart.rings:
        x, y = ring.value_at
        parts += [
            f'<polygon class="grid" points="{_svg_points(ring.points)}" fill="none" stroke="{GRID_COLOR}" '
            'stroke-width="0.8"/>',
            f'<text x="{x:.2f}" y="{y:.2f}" font-size="9" text-anchor="middle" dominant-baseline="central" '
            f'fill="{TICK_COLOR}">{ring.score:g}</text>',
        ]
    parts += [
        f'<line class="grid" x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" '
        f'stroke="{GRID_COLOR}" stroke-width="0.8"/>'
        for (x1, y1), (x2, y2) in chart.spokes
    ]
    parts += [
        f'<polygon class="target" points="{_svg_points(target)}" fill="none" stroke="{TARGET_COLOR}" '
        f'stroke-width="2" stroke-dasharray="{svg_dash(TARGET_DASH)}"/>',
        f'<polygon class="current" points="{_svg_points(yours)}" fill="{CURRENT_COLOR}" fill-opacity="0.2" '
        f'stroke="{CURRENT_COLOR}" stroke-width="2.5"/>',
    ]
    parts += [f'<circle class="dot" cx="{x:.2f}" cy="{y:.2f}" r="3" fill="{CURRENT_COLOR}"/>' for x, y in yours]
    parts += [_svg_label(label) for label in chart.labels]
    parts.append("</svg>")
    return "\n".join(parts)


def _svg_label(label: radar.AxisLabel) -> str:
    """An axis label: one ``tspan`` per line of its name, then its score in bold in your profile's colour."""
    x, y = label.anchor
    spans = []
    for line in label.lines:
        at = f'x="{x:.2f}" y="{y + line.dy:.2f}"'
        if line.score:
            spans.append(
                f'<tspan class="score" {at} font-weight="700" fill="{CURRENT_COLOR}">{escape(line.text)}</tspan>'
            )
        else:
            spans.append(f"<tspan {at}>{escape(line.text)}</tspan>")
    return (
        f'<text font-size="{SVG_FONT}" text-anchor="{_TEXT_ANCHOR[label.align]}" dominant-baseline="central" '
        f'fill="{LABEL_COLOR}">' + "".join(spans) + "</text>"
    )


def _legend() -> str:
    return (
        '<svg viewBox="0 0 300 16" width="300" height="16" aria-hidden="true">'
        f'<line x1="0" y1="8" x2="24" y2="8" stroke="{CURRENT_COLOR}" stroke-width="2.5" class="current"/>'
        '<text x="30" y="12" font-size="11">Your scores</text>'
        f'<line x1="130" y1="8" x2="154" y2="8" stroke="{TARGET_COLOR}" stroke-width="2" '
        f'stroke-dasharray="{svg_dash(TARGET_DASH)}" '
        'class="target"/><text x="160" y="12" font-size="11">Target level</text></svg>'
    )
