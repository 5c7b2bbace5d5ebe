"""Comparing results links: over time, team view, damaged links, compare links, radar geometry, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.compare import compare, team_of
from assessment.compare_link import MAX_LINKS, compare_link, is_compare_link, parse_compare_link, split_links
from assessment.errors import AssessmentError, CompareError, CompareLinkError, LinkError, TooManyLinksError
from assessment.link import LinkData, decode, encode
from assessment.loader import load_model
from assessment.model import Model
from assessment.query import parse_query
from assessment.scoring import score
from cli.assessment import main
from reports.as_text import comparison_text
from reports.document import comparison_to_dict, team_to_dict
from reports.wording import over_time_summary, side_by_side_reason, spread_message
from tests import strategies
from tests.profiles import answers_at

ROOT = Path(__file__).resolve().parent.parent
MODEL = load_model()


def link(model: Model, answers: dict[str, str], name: str = "", taken_on: date | None = None) -> str:
    return encode(model, LinkData(answers, name, None, taken_on))


# --- Over time -----------------------------------------------------------------------------


@pytest.fixture
def progress(model: Model) -> tuple[str, str]:
    """Acme in January (no budget, strong trust) and November (budget sorted, trust slipped)."""
    before = link(model, answers_at(model, 0.5, budget=0, trust=1.0), "Acme", date(2026, 1, 10))
    after = link(model, answers_at(model, 0.5, budget=1.0, trust=0.5, goals=0.75), "Acme", date(2026, 11, 1))
    return before, after


def test_over_time_orders_by_date_and_names_biggest_moves(model: Model, progress: tuple[str, str]) -> None:
    before, after = progress
    comparison = compare(model, ["https://example.org/app/" + after, before])  # later one given first
    assert comparison.skipped == ()
    assert comparison.team is None
    over_time = comparison.over_time
    assert over_time is not None
    assert over_time.before.taken_on == date(2026, 1, 10)
    assert over_time.after.taken_on == date(2026, 11, 1)
    assert over_time.before.position == 2 and over_time.after.position == 1

    changes = {c.dimension.id: c for c in over_time.changes}
    assert [c.dimension.id for c in over_time.changes] == [d.id for d in model.dimensions]
    assert changes["budget"].delta == pytest.approx(100.0)
    assert changes["trust"].delta == pytest.approx(-65.0)  # "All" to "About half"
    assert changes["goals"].delta == pytest.approx(35.0)
    assert changes["return"].delta == 0.0
    assert changes["budget"].level.before.id == "buzzword" and changes["budget"].level.after.id == "asset"
    assert changes["budget"].level.steps == 4
    assert changes["trust"].level.steps == -3  # Real asset to Experimenting
    assert changes["return"].level.steps == 0

    assert over_time.biggest_improvement is not None and over_time.biggest_improvement.dimension.id == "budget"
    assert over_time.biggest_slide is not None and over_time.biggest_slide.dimension.id == "trust"
    expected_before = score(model, decode(model, before).data.answers)
    expected_after = score(model, decode(model, after).data.answers)
    assert over_time.overall_before == expected_before.overall
    assert over_time.overall_after == expected_after.overall
    assert over_time.level.before == expected_before.level and over_time.level.after == expected_after.level
    assert over_time_summary(over_time).startswith("From 2026-01-10 to 2026-11-01, the level ")
    assert "biggest improvement was Budget and people, up 100 points" in over_time_summary(over_time)
    assert "biggest slide was Relationships and trust, down 65 points" in over_time_summary(over_time)


def test_the_same_result_on_two_dates_reports_no_movement(model: Model) -> None:
    same = answers_at(model, 0.5)
    later, earlier = link(model, same, "Acme", date(2026, 5, 1)), link(model, same, "Acme", date(2026, 1, 1))
    comparison = compare(model, [later, earlier])
    over_time = comparison.over_time
    assert over_time is not None
    assert over_time.before.position == 2
    assert over_time.biggest_improvement is None and over_time.biggest_slide is None
    summary = over_time_summary(over_time)
    assert summary.startswith("From 2026-01-01 to 2026-05-01")
    assert "no dimension improved" in summary and "no dimension slid back" in summary and "stayed at" in summary


@pytest.mark.parametrize(
    ("names", "dates", "reason"),
    [
        # issue 22: two organisations on the same day read as "the level fell from Managed to Experimenting"
        (("Acme", "Bakery"), (date(2026, 11, 2), date(2026, 11, 2)), "two different organisations"),
        (("Acme", "Bakery"), (date(2026, 1, 2), date(2026, 11, 2)), "two different organisations"),
        (("Acme", ""), (date(2026, 1, 2), date(2026, 11, 2)), "two different organisations"),
        (("Acme", " ACME "), (date(2026, 11, 2), date(2026, 11, 2)), "taken on the same day"),  # two colleagues
        (("Acme", "Acme"), (None, date(2026, 11, 2)), "without a date"),
        (("", ""), (None, None), "without a date"),
    ],
)
def test_over_time_only_for_one_organisation_on_two_dates(
    model: Model, names: tuple[str, str], dates: tuple[date | None, date | None], reason: str
) -> None:
    links = [
        link(model, answers_at(model, 0.75), names[0], dates[0]),
        link(model, answers_at(model, 0.25), names[1], dates[1]),
    ]
    comparison = compare(model, links)
    assert len(comparison.entries) == 2 and comparison.over_time is None and comparison.team is None
    assert reason in side_by_side_reason(*comparison.entries)
    assert comparison_to_dict(comparison)["over_time"] is None


def test_one_organisation_on_two_dates_reads_over_time_whatever_the_order_or_the_name_s_case(model: Model) -> None:
    first = link(model, answers_at(model, 0.25), "Acme", date(2026, 1, 2))
    second = link(model, answers_at(model, 0.75), " acme", date(2026, 11, 2))
    for order in ([first, second], [second, first]):
        over_time = compare(model, order).over_time
        assert over_time is not None and over_time.before.taken_on == date(2026, 1, 2)
    unnamed = [link(model, answers_at(model, 0.25), "", date(2026, 1, 2)), link(model, answers_at(model, 0.75))]
    assert compare(model, unnamed).over_time is None  # one of them carries no date
    unnamed[1] = link(model, answers_at(model, 0.75), "", date(2026, 2, 2))
    assert compare(model, unnamed).over_time is not None  # no name on either: one organisation, as for a team


def test_over_time_json_carries_the_same_figures(model: Model, progress: tuple[str, str]) -> None:
    data = comparison_to_dict(compare(model, list(reversed(progress))))
    assert json.loads(json.dumps(data)) == data
    assert {"entries", "skipped", "over_time", "team", "compare_link"} <= set(data)
    assert {"label", "level", "overall", "dimensions"} <= set(data["entries"][0])
    over_time = data["over_time"]
    assert over_time["biggest_improvement"] == "budget" and over_time["biggest_slide"] == "trust"
    assert over_time["dimensions"]["budget"]["delta"] == 100.0
    assert over_time["dimensions"]["trust"]["delta"] == -65.0
    assert over_time["dimensions"]["budget"]["level"]["change"] == 4
    assert data["team"] is None


# --- Team ----------------------------------------------------------------------------------


def _team_links(model: Model, names: tuple[str, str, str] = ("Acme", " acme ", "ACME")) -> list[str]:
    base = answers_at(model, 0.5)
    return [
        link(model, {**base, "budget.hours": "none"}, names[0], date(2026, 11, 1)),
        link(model, {**base, "budget.hours": "reviewed"}, names[1], date(2026, 11, 1)),
        link(model, {**base, "budget.hours": "unsure"}, names[2], date(2026, 11, 2)),
    ]


def test_team_reports_ranges_and_the_disagreement(model: Model) -> None:
    comparison = compare(model, _team_links(model))
    assert comparison.over_time is None
    team = comparison.team
    assert team is not None
    assert team.name == "Acme"
    assert len(team.members) == 3
    # Same name: labels disambiguated by date, then by position when the dates match too.
    assert [e.label for e in comparison.entries] == [
        "Acme (2026-11-01, result 1)",
        "acme (2026-11-01, result 2)",
        "ACME (2026-11-02)",
    ]
    budget = {r.dimension.id: r for r in team.dimensions}["budget"]
    scores = [e.result.dimension("budget").score for e in comparison.entries]
    assert (budget.low, budget.high) == (min(scores), max(scores))
    assert budget.mean == pytest.approx(sum(scores) / 3)
    assert budget.low < budget.mean < budget.high

    assert [q.question.id for q in team.disagreements] == ["budget.hours"]
    first = team.questions[0]
    assert first.question.id == "budget.hours"
    assert first.spread == 1.0 and first.valued == 2 and first.unsure == 1 and first.unanswered == 0
    assert first.lowest is not None and first.lowest.id == "none"
    assert first.highest is not None and first.highest.id == "reviewed"
    question = model.question("budget.hours")
    assert question is not None
    assert spread_message(first) == (
        f'Your team does not agree on "{question.text}": answers run from "Nothing decided yet" to '
        '"Written down, used and revisited at set times". 1 person answered "Not sure".'
    )
    # Everything else agrees; the order is by spread, then questionnaire order.
    rest = [q.question.id for q in team.questions[1:]]
    assert rest == [q.id for q in model.scored_questions if q.id != "budget.hours"]
    assert all(q.spread == 0.0 for q in team.questions[1:])
    assert [q.question.id for q in team.not_sure] == ["budget.hours"]


def test_team_view_in_text_and_json(model: Model) -> None:
    comparison = compare(model, _team_links(model))
    text = comparison_text(comparison)
    assert "Team view: 3 results of Acme" in text
    assert "Your team does not agree on" in text
    data = comparison_to_dict(comparison)
    assert data["team"]["disagreements"][0]["id"] == "budget.hours"
    assert set(data["team"]["dimensions"]["budget"]) == {"min", "mean", "max"}
    assert data["team"]["questions"][0]["spread"] == 1.0


def test_no_team_when_names_differ_or_too_few(model: Model) -> None:
    assert compare(model, _team_links(model, ("Acme", "Acme", "Other"))).team is None
    assert compare(model, _team_links(model)[:2]).team is None
    unnamed = compare(model, _team_links(model, ("", " ", "")))
    assert unnamed.team is not None and unnamed.team.name == ""
    assert [e.label for e in unnamed.entries] == ["Result 1", "Result 2", "Result 3"]


def test_spread_needs_two_valued_answers(model: Model) -> None:
    base = answers_at(model, 0.5)
    links = [
        link(model, {**base, "budget.hours": "none"}),
        link(model, {**base, "budget.hours": "unsure"}),
        link(model, {k: v for k, v in base.items() if k != "budget.hours"}),
    ]
    team = compare(model, links).team
    assert team is not None
    item = next(q for q in team.questions if q.question.id == "budget.hours")
    assert item.spread is None and not item.disagreement
    assert (item.valued, item.unsure, item.unanswered) == (1, 1, 1)
    assert team.questions[-1] is item  # questions without a spread come last
    assert spread_message(item).endswith('1 person answered "Not sure".')


def test_team_of_reads_links_as_one_team_whatever_their_names(model: Model) -> None:
    links = _team_links(model, ("Acme", "Other Ltd", ""))
    assert compare(model, links).team is None  # the compare view does not take them for one team
    team = team_of(model, links, ["Ann", "", "Ann"], name="  Workshop  ")
    assert team is not None
    assert team.name == "Workshop"
    # the labels given, under the compare view's rule: blank is "Result N", shared ones get the date
    assert [m.label for m in team.members] == ["Ann (2026-11-01)", "Result 2", "Ann (2026-11-02)"]
    assert [m.name for m in team.members] == ["Acme", "Other Ltd", ""]  # each link's own name is kept
    same_names = compare(model, _team_links(model)).team
    assert same_names is not None
    assert (team.dimensions, team.questions) == (same_names.dimensions, same_names.questions)
    unlabelled = team_of(model, links)
    assert unlabelled is not None and [m.label for m in unlabelled.members] == ["Acme", "Other Ltd", "Result 3"]


def test_team_of_takes_more_links_than_the_compare_view_and_skips_damaged_ones(model: Model) -> None:
    many = [link(model, answers_at(model, i / 40), f"Member {i}") for i in range(41)]
    team = team_of(model, [*many, many[0][:-3]])
    assert team is not None and len(team.members) == 41 > MAX_LINKS
    goals = {r.dimension.id: r for r in team.dimensions}["goals"]
    assert (goals.low, goals.high) == (0.0, 100.0)
    assert team_of(model, ["?v=1&a=x", ""]) is None
    with pytest.raises(ValueError, match="2 labels for 1 links"):
        team_of(model, many[:1], ["a", "b"])


def test_team_to_dict_is_the_team_part_of_the_comparison(model: Model) -> None:
    comparison = compare(model, _team_links(model))
    assert comparison.team is not None
    assert team_to_dict(comparison.team) == comparison_to_dict(comparison)["team"]


# --- Damaged input, limits -----------------------------------------------------------------


def test_damaged_link_is_named_and_skipped_while_the_rest_compare(model: Model) -> None:
    good = [link(model, answers_at(model, f)) for f in (0.25, 0.5, 0.75)]
    damaged = good[1].replace("&a=", "&a=4", 1)
    with pytest.raises(LinkError) as error:
        decode(model, damaged)
    comparison = compare(model, [good[0], "", damaged, "   ", good[1], good[2]])
    assert [(s.position, s.message) for s in comparison.skipped] == [(2, str(error.value))]
    assert comparison.skipped[0].text.startswith("Link 2 was skipped: This results link is damaged")
    assert [e.position for e in comparison.entries] == [1, 3, 4]
    assert [e.label for e in comparison.entries] == ["Result 1", "Result 3", "Result 4"]
    assert comparison.team is not None  # three unnamed results still make a team
    assert "Link 2 was skipped" in comparison_text(comparison)
    assert comparison_to_dict(comparison)["skipped"] == [{"position": 2, "message": str(error.value)}]


def test_more_than_ten_links_is_a_typed_error(model: Model) -> None:
    one = link(model, answers_at(model, 0.5))
    assert len(compare(model, [one] * MAX_LINKS + ["", "  "]).entries) == MAX_LINKS
    with pytest.raises(TooManyLinksError) as error:
        compare(model, [one] * (MAX_LINKS + 1))
    assert isinstance(error.value, CompareError) and isinstance(error.value, AssessmentError)
    assert "at most 10" in str(error.value) and "11" in str(error.value)


def test_split_links_drops_blank_lines() -> None:
    assert split_links("  ?a=1 \n\n\r\n https://x/?b=2\n") == ["?a=1", "https://x/?b=2"]


def test_a_single_link_is_compared_alone(model: Model) -> None:
    comparison = compare(model, [link(model, answers_at(model, 0.5))])
    assert comparison.entries[0].link_version == model.version
    assert comparison.over_time is None and comparison.team is None


# --- Compare link --------------------------------------------------------------------------


def test_compare_link_round_trip(model: Model, progress: tuple[str, str]) -> None:
    links = ["https://example.org/app/" + progress[0] + "#top", "", progress[1].removeprefix("?")]
    compare_query = compare_link(links)
    assert compare_query.startswith("?l1=") and "&l2=" in compare_query and "l3" not in compare_query
    assert parse_compare_link(compare_query) == [progress[0], progress[1]]
    assert parse_compare_link("https://example.org/app/compare" + compare_query) == [progress[0], progress[1]]
    assert parse_compare_link(parse_query(compare_query)) == [progress[0], progress[1]]
    assert is_compare_link(parse_query(compare_query)) and not is_compare_link(parse_query(progress[0]))

    comparison = compare(model, links)
    reopened = compare(model, parse_compare_link(comparison.link))
    assert [e.label for e in reopened.entries] == [e.label for e in comparison.entries]
    assert [e.result for e in reopened.entries] == [e.result for e in comparison.entries]
    assert reopened.link == comparison.link


def test_compare_link_keeps_names_with_any_characters(model: Model) -> None:
    original = link(model, answers_at(model, 0.5), "Café & Co + 100% <b>", date(2026, 2, 3))
    [back] = parse_compare_link(compare_link([original]))
    assert decode(model, back).data == decode(model, original).data


@pytest.mark.parametrize(
    "text",
    ["", "?", "?foo=bar", "?v=1&a=2&c=x", "?l2=v%3D1", "?l1=v%3D1&l3=v%3D1", "?l1=", "?l1=%ff", "?l1=a&l1=b"],
)
def test_malformed_compare_links_raise_the_typed_error(text: str) -> None:
    with pytest.raises(CompareLinkError) as error:
        parse_compare_link(text)
    assert str(error.value)


def test_compare_link_limits() -> None:
    with pytest.raises(TooManyLinksError):
        compare_link(["?v=1"] * (MAX_LINKS + 1))
    with pytest.raises(CompareLinkError):
        parse_compare_link("?" + "&".join(f"l{i}=v" for i in range(1, MAX_LINKS + 2)))


# --- Properties ----------------------------------------------------------------------------

_VALID = [link(MODEL, answers_at(MODEL, f), n) for f, n in ((0.0, ""), (0.5, "Acme"), (1.0, "acme"))]
_lines = st.one_of(
    st.text(max_size=80),
    st.sampled_from(_VALID),  # the same organisation under two spellings, and one without a name
    strategies.results_links(MODEL),
    st.sampled_from(["", " ", "?l1=x", "?v=1&a=&c="]),
)


@settings(max_examples=150)
@given(st.lists(_lines, max_size=MAX_LINKS))
def test_compare_never_crashes_on_arbitrary_lines(lines: list[str]) -> None:
    comparison = compare(MODEL, lines)
    given_count = sum(1 for line in lines if line.strip())
    positions = sorted([e.position for e in comparison.entries] + [s.position for s in comparison.skipped])
    assert positions == list(range(1, given_count + 1))
    assert len({e.label for e in comparison.entries}) == len(comparison.entries)
    comparison_text(comparison)
    json.dumps(comparison_to_dict(comparison))
    if comparison.entries:
        assert parse_compare_link(comparison.link) == [e.query for e in comparison.entries]


@settings(max_examples=150)
@given(st.text(max_size=120))
def test_parse_compare_link_raises_only_its_typed_error(text: str) -> None:
    try:
        queries = parse_compare_link(text)
    except CompareLinkError:
        return
    assert all(q.startswith("?") for q in queries)


# --- CLI -----------------------------------------------------------------------------------


def test_cli_compare_text_and_json(model: Model, progress: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", progress[1], progress[0]]) == 0
    text = capsys.readouterr().out
    assert "Over time: From 2026-01-10 to 2026-11-01" in text and "Compare link: ?l1=" in text
    assert main(["compare", progress[1], progress[0], "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == comparison_to_dict(compare(model, [progress[1], progress[0]]))
    assert main(["compare", data["compare_link"], "--json"]) == 0  # a compare link reopens the same figures
    assert json.loads(capsys.readouterr().out)["over_time"] == data["over_time"]


def test_cli_compare_of_two_organisations_on_one_day_has_no_over_time(
    model: Model, capsys: pytest.CaptureFixture[str]
) -> None:
    day = date(2026, 11, 2)
    links = [link(model, answers_at(model, 0.75), "Acme", day), link(model, answers_at(model, 0.25), "Bakery", day)]
    assert main(["compare", *links, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["over_time"] is None
    assert main(["compare", *links]) == 0
    text = capsys.readouterr().out
    assert "Over time" not in text and "fell from" not in text


def test_cli_compare_skips_a_damaged_link_among_good_ones(
    model: Model, progress: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", progress[0], progress[1][:-3], progress[1], "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["position"] for s in data["skipped"]] == [2]
    assert len(data["entries"]) == 2 and data["over_time"] is not None


def test_cli_compare_exits_2_when_nothing_can_be_compared() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "assessment", "compare", "?v=1&a=00&c=broken"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert out.stderr.startswith("error: Link 1 was skipped: This results link is damaged")
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_cli_compare_exits_2_on_too_many_links_and_bad_compare_link(
    model: Model, capsys: pytest.CaptureFixture[str]
) -> None:
    one = link(model, answers_at(model, 0.5))
    assert main(["compare", *([one] * 11)]) == 2
    assert "at most 10" in capsys.readouterr().err
    assert main(["compare", "?l1=v%3D1&l3=x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: This compare link is damaged") and len(err.strip().splitlines()) == 1
