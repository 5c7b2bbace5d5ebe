"""The printable HTML report of one result: a self-contained page that opens offline and prints to PDF.

Pure: it returns text; the app offers it for download and the CLI writes it. The page needs
nothing from the network: inline CSS, the radar as inline SVG, no scripts, fonts or images.
Every piece of text in it is HTML-escaped, because names come from links that anyone can write.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from assessment.link import LinkData
from assessment.model import Model, Question
from assessment.names import display_name
from assessment.rounding import shown_gap_text, shown_score, whole_points
from assessment.scoring import Result

from . import radar
from .style import CURRENT_COLOR, GRID_COLOR, LABEL_COLOR, TARGET_COLOR, TARGET_DASH, TICK_COLOR, svg_dash
from .wording import cited_seeds, level_label, level_name, roadmap_groups, source_titles

if TYPE_CHECKING:  # the interface's module imports this one
    from . import Report

LINK_PREFIXES = ("http://", "https://", "?")  # links the report makes clickable


# --- HTML ----------------------------------------------------------------------------------

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


# The radar in the report, in px of its viewBox (the SVG scales to the page's width).
SVG_WIDTH = 640
SVG_FONT = 13  # axis labels
SVG_CHAR = 7.8  # generous width of one label character (a system sans-serif at 13 px)
SVG_LINE = 15.5  # px per label line
SVG_GAP = 8.0  # px between the outer ring and a label
SVG_RADIUS = 170.0  # at most: the labels stay legible when the report is printed
SVG_MARGIN = 6.0


def _radar_svg(result: Result, model: Model) -> str:
    """The result's radar as inline SVG, drawn like the app's from :mod:`reports.radar`:
    level rings and spokes, the target dashed, the profile solid with a dot on each axis, and
    each axis labelled with the dimension's name and its score."""
    axes = result.measured_dimensions  # a quick check's radar shows the dimensions it measured
    count = len(axes)
    labels = [radar.axis_label(d.dimension.name, d.score) for d in axes]
    reaches = radar.label_reach([(max(map(len, lines)) * SVG_CHAR, len(lines) * SVG_LINE) for lines in labels])
    radius = min(SVG_RADIUS, radar.fitting_radius(SVG_WIDTH / 2 - SVG_MARGIN, reaches, SVG_GAP))
    above = radar.reach_above(radius, reaches, SVG_GAP)
    height = round(above + radar.reach_below(radius, reaches, SVG_GAP) + 2 * SVG_MARGIN)
    centre = (SVG_WIDTH / 2, SVG_MARGIN + above)
    parts = [
        f'<svg viewBox="0 0 {SVG_WIDTH} {height}" width="{SVG_WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="radar-title">',
        f'<title id="radar-title">Radar chart: your score per dimension and the target, {escape(result.target.name)}'
        "</title>",
    ]
    for boundary in radar.level_boundaries(model.levels):
        points = radar.ring(boundary, count, radius, centre)
        parts.append(
            f'<polygon class="grid" points="{radar.svg_points(points)}" fill="none" stroke="{GRID_COLOR}" '
            'stroke-width="0.8"/>'
        )
        x, y = radar.point(-math.pi / count, radar.distance(boundary, radius), centre)
        parts.append(
            f'<text x="{x:.2f}" y="{y:.2f}" font-size="9" text-anchor="middle" dominant-baseline="central" '
            f'fill="{TICK_COLOR}">{boundary:g}</text>'
        )
    for (x1, y1), (x2, y2) in radar.spokes(count, radius, centre):
        parts.append(
            f'<line class="grid" x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" '
            f'stroke="{GRID_COLOR}" stroke-width="0.8"/>'
        )
    target = radar.ring(result.target.min_score, count, radius, centre)
    parts.append(
        f'<polygon class="target" points="{radar.svg_points(target)}" fill="none" stroke="{TARGET_COLOR}" '
        f'stroke-width="2" stroke-dasharray="{svg_dash(TARGET_DASH)}"/>'
    )
    current = radar.polygon([d.score for d in axes], radius, centre)
    parts.append(
        f'<polygon class="current" points="{radar.svg_points(current)}" fill="{CURRENT_COLOR}" fill-opacity="0.2" '
        f'stroke="{CURRENT_COLOR}" stroke-width="2.5"/>'
    )
    for x, y in current:
        parts.append(f'<circle class="dot" cx="{x:.2f}" cy="{y:.2f}" r="3" fill="{CURRENT_COLOR}"/>')
    for anchor, lines in zip(radar.label_anchors(count, radius, SVG_GAP, centre), labels, strict=True):
        offsets = radar.line_offsets(anchor.baseline, len(lines), SVG_LINE)
        *names, score = [f'x="{anchor.x:.2f}" y="{anchor.y + dy:.2f}"' for dy in offsets]
        parts.append(
            f'<text font-size="{SVG_FONT}" text-anchor="{anchor.svg_anchor}" dominant-baseline="central" '
            f'fill="{LABEL_COLOR}">'
            + "".join(f"<tspan {at}>{escape(line)}</tspan>" for at, line in zip(names, lines[:-1], strict=True))
            + f'<tspan class="score" {score} font-weight="700" fill="{CURRENT_COLOR}">{escape(lines[-1])}</tspan>'
            "</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _legend() -> str:
    return (
        '<svg viewBox="0 0 300 16" width="300" height="16" aria-hidden="true">'
        f'<line x1="0" y1="8" x2="24" y2="8" stroke="{CURRENT_COLOR}" stroke-width="2.5" class="current"/>'
        '<text x="30" y="12" font-size="11">Your scores</text>'
        f'<line x1="130" y1="8" x2="154" y2="8" stroke="{TARGET_COLOR}" stroke-width="2" '
        f'stroke-dasharray="{svg_dash(TARGET_DASH)}" '
        'class="target"/><text x="160" y="12" font-size="11">Target level</text></svg>'
    )


def _question_list(model: Model, questions: Sequence[Question], intro: str, none: str) -> list[str]:
    """A list of questions, each with its dimension, under an introduction (or one line when empty)."""
    if not questions:
        return [f"<p>{escape(none)}</p>"]
    items = []
    for q in questions:
        where = escape(model.dimension(q.dimension).name)
        items.append(f'<li class="finding">{escape(q.text)} <span class="detail">({where})</span></li>')
    return [f"<p>{escape(intro)}</p>", "<ul>", *items, "</ul>"]


def to_html(model: Model, result: Result, data: LinkData, link: str) -> str:
    """A self-contained, printable HTML page of the result (opens offline, prints to PDF)."""
    e = escape
    name = display_name(data.name).strip()
    title = f"Social media strategy assessment: {name}" if name else "Social media strategy assessment"
    taken = f"Taken on {data.taken_on.isoformat()}" if data.taken_on else "Date not recorded"
    body: list[str] = [
        "<header>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">{e(taken)} · assessment content version {result.model_version}</p>',
        "</header>",
        "<main>",
        '<section class="summary">',
        f'<p class="level">{e(level_label(result))}: {e(result.level.name)}'
        f"{' (provisional)' if result.provisional else ''} "
        f'<span class="detail">(overall score {whole_points(result.overall)} of 100)</span></p>',
        f"<p>{e(result.level.description)}</p>",
        f"<p><strong>Why this level:</strong> {e(result.explanation)}</p>",
        "</section>",
        '<section class="scores">',
        "<figure>",
        _radar_svg(result, model),
        f"<figcaption>{_legend()}<br>The number under each dimension is its score out of 100. Rings mark where "
        f"each level begins; the dashed line is the target, {e(result.target.name)}.</figcaption>",
        "</figure>",
        "<h2>Scores by dimension</h2>",
        "<table>",
        '<thead><tr><th>Dimension</th><th class="num">Score</th><th>Level</th>'
        f'<th class="num">Target ({e(result.target.name)})</th><th class="num">Gap</th></tr></thead>',
        "<tbody>",
    ]
    for d in result.measured_dimensions:
        body.append(
            f'<tr><td>{e(d.dimension.name)}</td><td class="num">{shown_score(d.score)}</td>'
            f'<td>{e(level_name(d.level))}</td><td class="num">{d.target_score:g}</td>'
            f'<td class="num">{shown_gap_text(d.score, d.target_score)}</td></tr>'
        )
    body += ["</tbody>", "</table>", "</section>"]
    body += ['<section class="roadmap">', f"<h2>Roadmap to {e(result.target.name)}</h2>"]
    if result.next_steps:
        body.append("<p>Largest gaps first; within a dimension, one level at a time, low effort first.</p>")
        for dimension, steps in roadmap_groups(result.next_steps):
            shown = result.dimension(dimension.id)
            gap = shown_gap_text(shown.score, shown.target_score)
            body.append(f'<h3>{e(dimension.name)} <span class="detail">(gap {gap})</span></h3>')
            body.append("<ol>")
            for step in steps:
                r = step.recommendation
                also = f" · also helps {e(', '.join(d.name for d in step.also))}" if step.also else ""
                body.append(
                    f'<li class="step">{e(r.step)}<br><span class="detail">{e(step.from_level.name)} → '
                    f"{e(step.to_level.name)} · {e(r.effort)} effort{also} · source: "
                    f"{e(source_titles(model, r.sources))}</span></li>"
                )
            body.append("</ol>")
        body.append('<h3>Sources</h3><ul class="sources">')
        body += [f"<li>“{e(seed.title)}”: {e(seed.gist)}</li>" for seed in cited_seeds(model, result.next_steps)]
        body.append("</ul>")
    else:
        body.append(f"<p>No steps needed: every dimension has reached {e(result.target.name)}.</p>")
    body += ["</section>", '<section class="findout">', "<h2>Find out</h2>"]
    body += _question_list(
        model,
        result.unknown_questions,
        "You answered “Not sure” to these; finding out is a first step in itself.",
        "No question was answered “Not sure”.",
    )
    missing = len(result.missing_questions)
    body.append(f"<p>Unanswered questions: {missing}" + (" (they count as 0)." if missing else ".") + "</p>")
    body += ["</section>", '<section class="notapplicable">', "<h2>Does not apply to us</h2>"]
    body += _question_list(
        model,
        result.not_applicable_questions,
        "You answered that these do not apply to your business; they are left out of the scores.",
        "Every question applies.",
    )
    body += ["</section>", '<section class="reopen">', "<h2>Results link</h2>"]
    link_text = e(link.strip())
    if link.strip().startswith(LINK_PREFIXES):
        body.append(f'<p>Open these results again: <a class="link" href="{link_text}">{link_text}</a></p>')
    else:
        body.append(f'<p>Open these results again: <span class="link">{link_text}</span></p>')
    body += ["</section>", "</main>"]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def render(report: Report) -> str:
    """The report as a printable HTML page (:func:`to_html`)."""
    return to_html(report.model, report.result, report.data, report.link)
