"""Room links and the rooms' rules: pure functions, no database."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.link import LinkData, encode
from assessment.model import Model
from rooms import rules
from rooms.errors import NO_ROOM, BadInput, NoRoom
from rooms.links import (
    CODE_LENGTH,
    ID_BYTES,
    KEY_BYTES,
    TAKE_BACK_BYTES,
    RoomLink,
    is_room_address,
    join_code_for,
    join_key_for,
    join_link_for,
    key_hash,
    key_matches,
    new_key,
    new_room_id,
    new_take_back_key,
    parse_room_link,
    presenter_key_for,
    presenter_link_for,
    room_link,
    short_join_link_for,
    take_back_key,
)
from tests import strategies
from tests.profiles import answers_at

ROOM_ID = "zx25-_0qcRFPoXmSjunkug"  # as new_room_id() and new_key() make them; fixed, so every run reads the same text
KEY = "JL9blQzUO4WzfaznQgCpApfIPy-iB9yvJmr-n65Eu9c"
MANAGE_LINK = RoomLink(ROOM_ID, KEY, "manage")
JOIN_LINK = RoomLink(ROOM_ID, KEY, "join")
PRESENT_LINK = RoomLink(ROOM_ID, KEY, "present")
CODE = "mfrggzdfmztwq2lk"  # 16 characters of lower-case base32, as join_code_for makes them
SHORT_LINK = RoomLink("", CODE, "join")


def test_ids_and_keys_carry_128_and_256_random_bits() -> None:
    for token, size in ((new_room_id(), ID_BYTES), (new_key(), KEY_BYTES), (new_take_back_key(), TAKE_BACK_BYTES)):
        assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) == size
    assert ID_BYTES * 8 == 128 and KEY_BYTES * 8 == 256 and TAKE_BACK_BYTES * 8 == 128
    assert len({new_key() for _ in range(100)}) == 100
    codes = {join_code_for(new_key()) for _ in range(100)}
    assert len(codes) == 100 and all(len(code) == CODE_LENGTH == 16 for code in codes)
    assert all(len(base64.b32decode(code.upper())) * 8 == 80 for code in codes)


def test_a_link_is_its_parameters_and_reads_back_from_any_address() -> None:
    assert MANAGE_LINK.query == f"?room={ROOM_ID}&manage={KEY}"
    assert JOIN_LINK.params == {"room": ROOM_ID, "join": KEY}
    assert PRESENT_LINK.query == f"?room={ROOM_ID}&present={KEY}"
    assert SHORT_LINK.query == f"?j={CODE}" and SHORT_LINK.params == {"j": CODE}
    assert len(SHORT_LINK.query) == 19 < len(JOIN_LINK.query) == 77  # issue 22: the join link was 77 + the address
    assert parse_room_link("?j=" + CODE.upper()) == SHORT_LINK  # read in either case
    for link in (MANAGE_LINK, JOIN_LINK, PRESENT_LINK, SHORT_LINK):
        assert parse_room_link(link.query) == link
        assert parse_room_link("https://example.org/app/" + link.query + "#top") == link
        assert parse_room_link(link.query.removeprefix("?") + "&utm_source=mail") == link
        assert room_link({**link.params, "v": "1", "step": "2"}) == link


@pytest.mark.parametrize(
    "params",
    [
        {"room": ROOM_ID},
        {"join": KEY},
        {"room": ROOM_ID, "join": KEY, "manage": KEY},  # one key, of one kind
        {"room": ROOM_ID[:-1], "join": KEY},  # cut short
        {"room": ROOM_ID, "join": KEY[:-1]},
        {"room": ROOM_ID, "join": KEY + "A"},
        {"room": ROOM_ID, "join": KEY[:-1] + "%"},
        {"room": ROOM_ID, "manage": ""},
        {"room": ROOM_ID, "present": KEY, "join": KEY},
        {"present": KEY},
        {"j": CODE[:-1]},  # cut short
        {"j": CODE + "a"},
        {"j": CODE[:-1] + "1"},  # not base32
        {"j": CODE[:-1] + "="},
        {"j": ""},
        {"j": CODE, "room": ROOM_ID},  # a short link alone
        {"j": CODE, "room": ROOM_ID, "join": KEY},
    ],
)
def test_a_malformed_link_is_no_room_with_the_one_message(params: dict[str, str]) -> None:
    assert is_room_address(params)
    with pytest.raises(NoRoom) as caught:
        room_link(params)
    assert str(caught.value) == NO_ROOM


def test_other_addresses_are_not_room_addresses() -> None:
    assert not is_room_address({"v": "1", "a": "0", "c": "x", "step": "1"})
    assert not is_room_address({"l1": "v=1", "view": "compare"})
    with pytest.raises(NoRoom):
        parse_room_link(MANAGE_LINK.query + "&room=" + ROOM_ID)  # a parameter given twice
    with pytest.raises(NoRoom):
        parse_room_link(MANAGE_LINK.query + "x" * 3000)


QUERY = MANAGE_LINK.query


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("?", id="no parameters"),
        pytest.param("?room=&manage=", id="both empty"),
        pytest.param(QUERY[:-1], id="key cut by one"),
        pytest.param(QUERY[: QUERY.index("manage=") + 7], id="key cut off"),
        pytest.param(QUERY[: QUERY.index("&")], id="room id alone"),
        pytest.param(QUERY[: QUERY.index("&") - 1], id="room id cut by one"),
        pytest.param(f"?manage={KEY}", id="key alone"),
        pytest.param(QUERY + "A", id="key one too long"),
        pytest.param(f"?room={ROOM_ID}A&manage={KEY}", id="room id one too long"),
        pytest.param(f"?room={KEY}&manage={ROOM_ID}", id="id and key swapped"),
        pytest.param(QUERY + "=", id="key padded"),
        pytest.param(QUERY[:-1] + ".", id="key with a dot"),
        pytest.param(QUERY[:-1] + "+", id="key with a plus"),
        pytest.param(QUERY[:-2] + "%41", id="key with an escape"),
        pytest.param(QUERY[:40] + " " + QUERY[40:], id="space inside the key"),
        pytest.param(QUERY[:10] + "\n" + QUERY[10:], id="line break inside the room id"),
        pytest.param(QUERY.replace("room=", "Room="), id="parameter name in capitals"),
        pytest.param(QUERY.replace("&", ";"), id="semicolon between the parameters"),
        pytest.param(QUERY + "&join=" + join_key_for(KEY), id="both keys"),
        pytest.param(QUERY + "&room=" + ROOM_ID, id="room given twice"),
        pytest.param("https://example.org/app/#" + QUERY[1:], id="link in the fragment"),
        pytest.param(QUERY + "&x=" + "y" * 3000, id="too long"),
    ],
)
def test_a_cut_or_edited_room_link_is_no_room(text: str) -> None:
    with pytest.raises(NoRoom) as caught:
        parse_room_link(text)
    assert str(caught.value) == NO_ROOM


@given(strategies.room_links)
def test_any_room_link_reads_back_from_its_query_and_from_any_address(link: RoomLink) -> None:
    assert parse_room_link(link.query) == link
    assert parse_room_link(f"  https://example.org/app/{link.query}#top\n") == link
    assert parse_room_link(link.query.removeprefix("?") + "&v=1&step=2") == link


@given(
    st.one_of(
        strategies.any_text,
        strategies.room_links.flatmap(lambda link: strategies.edits(link.query)),
        st.builds(  # cut anywhere (often near the end), and characters added that a link could hold
            lambda link, cut, extra: link.query[:cut] + extra,
            strategies.room_links,
            st.integers(0, len(QUERY)) | st.integers(len(QUERY) - 2, len(QUERY)),
            st.text(st.sampled_from("Az09_-?&#=%+ "), max_size=4),
        ),
    )
)
def test_reading_any_text_as_a_room_link_raises_only_no_room(text: str) -> None:
    """Whatever reads as a room link has a room link's shape and reads back as itself. Any
    well-formed id and key do (whether that room exists is the store's business, not the link's)."""
    try:
        link = parse_room_link(text)
    except NoRoom:
        return
    if link.short:
        assert re.fullmatch(r"[a-z2-7]{16}", link.key) and link.role == "join"
    else:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", link.room_id) and re.fullmatch(r"[A-Za-z0-9_-]{43}", link.key)
        assert link.role in ("manage", "present", "join")
    assert parse_room_link(link.query) == link


def test_the_join_key_is_made_from_the_facilitator_key_one_way() -> None:
    join = join_link_for(MANAGE_LINK)
    assert (join.room_id, join.role) == (ROOM_ID, "join")
    assert join.key == join_key_for(KEY) != KEY and len(join.key) == 43
    assert room_link(join.params) == join  # a well-formed join link
    assert join_key_for(new_key()) != join.key
    assert join_key_for(join.key) != KEY  # the join key does not lead back


def test_each_key_is_made_from_the_one_above_it_one_way() -> None:
    presenter = presenter_link_for(MANAGE_LINK)
    assert (presenter.room_id, presenter.role) == (ROOM_ID, "present")
    assert presenter.key == presenter_key_for(KEY) not in (KEY, join_key_for(KEY)) and len(presenter.key) == 43
    assert room_link(presenter.params) == presenter
    short = short_join_link_for(MANAGE_LINK)
    assert short == short_join_link_for(presenter) == RoomLink("", join_code_for(presenter.key), "join")
    assert room_link(short.params) == short and short.short and not presenter.short
    assert join_code_for(KEY) != short.key  # the code comes from the presenter key, not the facilitator's
    assert KEY not in presenter.query + short.query  # neither link shows the facilitator key
    with pytest.raises(ValueError):
        short_join_link_for(JOIN_LINK)


def test_a_take_back_key_is_read_only_when_well_formed() -> None:
    key = new_take_back_key()
    assert take_back_key({"mine": key, **JOIN_LINK.params}) == key
    for bad in ("", key[:-1], key + "A", key[:-1] + "%", key[:-1] + "."):
        assert take_back_key({"mine": bad}) is None
    assert take_back_key({}) is None
    assert not is_room_address({"mine": key})  # it means nothing without a join link


def test_keys_are_compared_by_their_hashes() -> None:
    assert key_hash(KEY) == key_hash(KEY) and len(key_hash(KEY)) == 64
    assert key_matches(KEY, key_hash(KEY))
    assert not key_matches(new_key(), key_hash(KEY))
    assert not key_matches(KEY, "")


# --- rules ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_name", "stored"),
    [
        ("  Riverside \n Bakery\t", "Riverside Bakery"),
        ("", ""),
        ("x" * 60, "x" * 60),
        ("Zoë 👩🏽‍💻", "Zoë 👩🏽‍💻"),
        ("Acme\u202e 25", "Acme 25"),  # a right-to-left override would turn the page's text around
        ("عربى", "عربى"),
    ],
)
def test_names_are_trimmed_to_one_line(given_name: str, stored: str) -> None:
    assert rules.clean_name(given_name) == stored


@pytest.mark.parametrize(
    ("given_name", "message"),
    [("x" * 61, "61 characters long; at most 60"), ("a\x00b", "control"), ("a\ud800", "control")],
)
def test_names_too_long_or_unstorable_are_refused_naming_what(given_name: str, message: str) -> None:
    with pytest.raises(BadInput, match=f"^The room's name .*{message}"):
        rules.clean_name(given_name, "The room's name")


def test_a_result_is_stored_in_one_form(model: Model) -> None:
    link = encode(model, LinkData(answers_at(model, 0.5), "Ann & Co"))
    assert rules.stored_link(model, link) == link
    assert rules.stored_link(model, "http://localhost:8501/" + link + "&room=x&join=y&step=3") == link
    with pytest.raises(BadInput, match="damaged"):
        rules.stored_link(model, link[:-2])


def test_expiry_is_whole_days_from_one_to_a_year() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert rules.expiry(now, 90) == now + timedelta(days=90)
    assert rules.expiry(now, 365) == now + timedelta(days=365)
    for days in (0, -1, 366):
        with pytest.raises(BadInput):
            rules.expiry(now, days)
    assert rules.expired(now, now) and not rules.expired(now + timedelta(seconds=1), now)


def test_a_session_creates_at_most_five_rooms_an_hour() -> None:
    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    minutes = [now - timedelta(minutes=m) for m in (50, 40, 30, 20)]
    assert rules.next_room_at(minutes, now) is None
    assert rules.next_room_at([*minutes, now - timedelta(minutes=61)], now) is None  # over an hour ago
    full = [*minutes, now - timedelta(minutes=10)]
    assert rules.next_room_at(full, now) == now + timedelta(minutes=10)  # when the one 50 minutes ago is an hour old
    assert rules.next_room_at(full, now + timedelta(minutes=10)) is None
    assert rules.ROOMS_PER_HOUR == 5
