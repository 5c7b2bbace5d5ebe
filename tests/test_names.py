"""Names are shown as text: bidirectional controls never reach a page, an export, the report or the CLI.

A name comes from a link anyone can write. A right-to-left override in it (U+202E) turns
the text *after* the name around as well: "Acme \u202e · overall score 25" reads "… 52 erocs
llarevo". One rule, :func:`assessment.names.display_name`, takes them out wherever a name
is shown; the link keeps the name as given (it is checksummed).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings

from assessment.compare import compare
from assessment.link import LinkData, decode, encode
from assessment.loader import load_model
from assessment.model import Model
from assessment.scoring import score
from cli.assessment import main
from reports.as_csv import to_csv
from reports.as_html import to_html
from reports.as_json import to_json
from reports.as_text import comparison_text, text_report
from reports.document import comparison_to_dict
from tests.profiles import answers_at
from tests.strategies import BIDI_CONTROLS, names

MODEL = load_model()
NAME = "Acme \u202eerocs\u202c \u2067שלום\u2069 \u200fx\u200e\u061c"  # every kind, around Hebrew letters
SHOWN = "Acme erocs שלום x"


def no_controls(text: str) -> bool:
    return not set(text) & set(BIDI_CONTROLS)


def test_display_name_takes_out_every_bidi_control_and_nothing_else() -> None:
    from assessment.names import BIDI_CONTROLS as controls
    from assessment.names import display_name

    assert set(controls) == set(BIDI_CONTROLS)
    assert display_name(NAME) == SHOWN
    kept = "Ünïcode Café 👩‍👩‍👧 عربي <b>*x*</b>\u200d"  # letters of any script, emoji joiners, markup: all kept
    assert display_name(kept) == kept


def test_the_exports_and_the_report_show_the_name_without_controls(model: Model) -> None:
    data = LinkData(answers_at(model, 0.5), NAME, None, date(2026, 1, 1))
    result = score(model, data.answers)
    link = encode(model, data)
    assert decode(model, link).data.name == NAME  # the link carries it as given
    exports = {
        "text": text_report(model, result, data.name),
        "json": json.loads(to_json(model, result, data, link))["name"],
        "csv": to_csv(result),
        "html": to_html(model, result, data, link),
    }
    for kind, text in exports.items():
        assert no_controls(text.replace(link, "")), kind  # (the link itself carries them percent-encoded)
    assert exports["json"] == SHOWN
    assert f"Organisation: {SHOWN}" in exports["text"]
    assert f"assessment: {SHOWN}</h1>" in exports["html"]


def _shown(name: str) -> str:
    """A name as the rule says it is shown: no bidi control, no other control character (a
    white-space one becomes a space), no lone surrogate; everything else as given."""
    kept = []
    for c in name:
        if c in BIDI_CONTROLS or "\ud800" <= c <= "\udfff":
            continue
        if ord(c) < 32 or 0x7F <= ord(c) < 0xA0:
            if c.isspace():
                kept.append(" ")
            continue
        kept.append(c)
    return "".join(kept)


@settings(max_examples=60)
@given(names)
def test_no_export_shows_a_control_of_any_name(name: str) -> None:
    data = LinkData(answers_at(MODEL, 0.5), name)
    result = score(MODEL, data.answers)
    assert json.loads(to_json(MODEL, result, data, "?v=1"))["name"] == _shown(name)
    for kind, text in {"text": text_report(MODEL, result, name), "html": to_html(MODEL, result, data, "?v=1")}.items():
        assert no_controls(text), kind


def test_a_comparison_shows_names_without_controls(model: Model) -> None:
    links = [
        encode(model, LinkData(answers_at(model, f), NAME, None, date(2026, 1, d))) for f, d in ((0.25, 1), (0.5, 2))
    ]
    links.append(encode(model, LinkData(answers_at(model, 0.75), SHOWN, None, date(2026, 1, 3))))
    comparison = compare(model, links)
    assert [e.legend for e in comparison.entries] == [f"{SHOWN} (2026-01-0{d})" for d in (1, 2, 3)]
    assert comparison.team is not None and comparison.team.name == SHOWN  # the same organisation, controls or not
    assert no_controls(comparison_text(comparison))
    assert no_controls(json.dumps(comparison_to_dict(comparison), ensure_ascii=False))


def test_the_cli_neither_prints_nor_links_controls(
    model: Model, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": answers_at(model, 0.5)}), encoding="utf-8")
    assert main(["link", str(answers), "--name", NAME]) == 0
    made = capsys.readouterr().out.strip()
    assert decode(model, made).data.name == SHOWN  # a new link never carries them

    foreign = encode(model, LinkData(answers_at(model, 0.5), NAME))
    for args in (["decode", foreign], ["decode", foreign, "--json"]):
        assert main(args) == 0
        out = capsys.readouterr().out
        assert SHOWN in out and no_controls(out), args
