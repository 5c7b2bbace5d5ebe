"""Room links: the capability links that open a team room, as page-address parameters.

Pure: no database, no Streamlit (the router in ``ui/routes.py`` reads these addresses).

* A room has an id and a facilitator key drawn from :mod:`secrets`, the id 128 bits and the
  key 256 bits; every other key is made from the facilitator key (below). Ids and keys are
  written in URL-safe base64 without padding (22 and 43 characters).
* The **facilitator link** ``?room=<id>&manage=<facilitator key>`` sees and manages the room.
* The **presenter link** ``?room=<id>&present=<presenter key>`` shows what a workshop screen
  shows: the room's name, the join link and its QR code, and how many results came; it cannot
  see a result or manage anything.
* The **join link** adds results and nothing else, in two forms: the short one,
  ``?j=<join code>`` (16 characters, 80 bits: the code alone finds the room), which the app
  shows and the QR code holds; and the long one, ``?room=<id>&join=<join key>``, which rooms
  have had from the start and which keeps working.
* Each key is made from the one above it by a one-way function (HMAC-SHA-256): the presenter
  key and the long join key from the facilitator key, the join code from the presenter key
  (:func:`presenter_key_for`, :func:`join_key_for`, :func:`join_code_for`). So the
  facilitator's page can always show the other links, the presenter's the join link, and no
  link tells anything about the keys above it.
* The parameter names tell the links apart without a database, and apart from results links
  (``v a k t d n c``), compare links (``l1`` ...) and the app's own ``step``, ``view`` and
  ``only``, so while a member takes the assessment the join link travels in the page address
  beside the results link's parameters, with the **take-back key** ``mine`` (22 characters,
  128 bits) once the member has added a result: it removes that one result and nothing else.
* Only the keys' SHA-256 hashes are stored. The keys are random and long, so a slow password
  hash would add nothing; the hashes are compared in constant time
  (:func:`hmac.compare_digest`), and a join code is looked up by its hash.
* A link that does not have exactly this shape raises :class:`~rooms.errors.NoRoom`, with the
  same message as a room that does not exist.

Guessing: a join code is 80 random bits and a database keeps at most ``ROOMS_MAX_ROOMS``
(10,000, about 2^13.3) rooms, so one guess finds some room with a chance of 2^-66.7. Each
guess costs the guesser a page run of the app; at a thousand a second (more than a large
deployment answers) for a year that is a chance of 1 in 4 billion, and even a billion a
second for a year would leave 1 in 4,000. The short link only joins: it shows a room's name
and adds results. The facilitator and presenter links keep the 128-bit id and 256-bit keys.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from assessment.errors import LinkError
from assessment.query import parse_query

from .errors import NoRoom

ROOM_PARAM = "room"
JOIN_PARAM = "join"
MANAGE_PARAM = "manage"
PRESENT_PARAM = "present"
CODE_PARAM = "j"  # the short join link
TAKE_BACK_PARAM = "mine"  # a member's take-back key, beside the join link
ID_BYTES = 16  # 128 bits
KEY_BYTES = 32  # 256 bits
CODE_BYTES = 10  # 80 bits: a join code
TAKE_BACK_BYTES = 16  # 128 bits: a take-back key
ID_LENGTH = 22  # characters of URL-safe base64 for ID_BYTES, unpadded
KEY_LENGTH = 43
CODE_LENGTH = 16  # characters of base32 for CODE_BYTES
TAKE_BACK_LENGTH = 22
MAX_ROOM_LINK_LENGTH = 2048
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_CODE = re.compile(r"[a-z2-7]+")  # lower-case base32: no 0, 1, 8 or 9 to mistake for o, l or b

Role = Literal["manage", "present", "join"]
MANAGE: Role = "manage"
PRESENT: Role = "present"
JOIN: Role = "join"
ROOM_PARAMS = (ROOM_PARAM, JOIN_PARAM, MANAGE_PARAM, PRESENT_PARAM, CODE_PARAM)


@dataclass(frozen=True)
class RoomLink:
    """A room's id and one of its keys: the facilitator's (``manage``), the presenter's
    (``present``) or the members' (``join``); a short join link has no id, its key is the join code."""

    room_id: str  # "" for a short join link
    key: str
    role: Role

    @property
    def short(self) -> bool:
        """Whether this is a short join link (``?j=<code>``)."""
        return not self.room_id

    @property
    def params(self) -> dict[str, str]:
        """The link's page-address parameters."""
        if self.short:
            return {CODE_PARAM: self.key}
        return {ROOM_PARAM: self.room_id, self.role: self.key}

    @property
    def query(self) -> str:
        """The link as a query string, starting with ``?`` (the tokens need no escaping)."""
        return "?" + "&".join(f"{name}={value}" for name, value in self.params.items())


def new_room_id() -> str:
    return secrets.token_urlsafe(ID_BYTES)


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def new_take_back_key() -> str:
    """A new take-back key: 128 random bits, URL-safe base64 (22 characters)."""
    return secrets.token_urlsafe(TAKE_BACK_BYTES)


def _derived(key: str, label: bytes) -> bytes:
    return hmac.new(key.encode("ascii"), label, hashlib.sha256).digest()


def join_key_for(facilitator_key: str) -> str:
    """The room's long join key: HMAC-SHA-256 of a fixed label under the facilitator key, URL-safe base64."""
    return base64.urlsafe_b64encode(_derived(facilitator_key, b"rooms: join key")).decode("ascii").rstrip("=")


def presenter_key_for(facilitator_key: str) -> str:
    """The room's presenter key: HMAC-SHA-256 of a fixed label under the facilitator key, URL-safe base64."""
    return base64.urlsafe_b64encode(_derived(facilitator_key, b"rooms: presenter key")).decode("ascii").rstrip("=")


def join_code_for(presenter_key: str) -> str:
    """The room's join code: the first 80 bits of HMAC-SHA-256 of a fixed label under the presenter
    key, in lower-case base32 (16 characters)."""
    code = _derived(presenter_key, b"rooms: join code")[:CODE_BYTES]
    return base64.b32encode(code).decode("ascii").lower()


def join_link_for(facilitator: RoomLink) -> RoomLink:
    """The long join link of the room a facilitator link opens."""
    return RoomLink(facilitator.room_id, join_key_for(facilitator.key), JOIN)


def presenter_link_for(facilitator: RoomLink) -> RoomLink:
    """The presenter link of the room a facilitator link opens."""
    return RoomLink(facilitator.room_id, presenter_key_for(facilitator.key), PRESENT)


def short_join_link_for(link: RoomLink) -> RoomLink:
    """The short join link of the room a facilitator or presenter link opens."""
    if link.role not in (MANAGE, PRESENT):
        raise ValueError("a short join link is made from a facilitator or presenter link")
    presenter = presenter_key_for(link.key) if link.role == MANAGE else link.key
    return RoomLink("", join_code_for(presenter), JOIN)


def key_hash(key: str) -> str:
    """What is stored of a key: its SHA-256, hex."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def key_matches(key: str, stored_hash: str) -> bool:
    """Whether ``key`` hashes to ``stored_hash``, compared in constant time."""
    return hmac.compare_digest(key_hash(key), stored_hash)


def is_room_address(params: Mapping[str, str]) -> bool:
    """Whether these page-address parameters try to open a room (any room parameter present)."""
    return any(name in params for name in ROOM_PARAMS)


def _token(text: str, length: int) -> bool:
    return len(text) == length and _TOKEN.fullmatch(text) is not None


def room_link(params: Mapping[str, str]) -> RoomLink:
    """The room link these page-address parameters carry; other parameters are ignored.

    It needs either ``j`` alone (a join code of 16 base32 characters, read in either case) or
    ``room`` and exactly one of ``manage``, ``present`` and ``join``, each of its exact length
    and alphabet. Raises :class:`~rooms.errors.NoRoom` otherwise.
    """
    if CODE_PARAM in params:
        code = params[CODE_PARAM].lower()
        if any(name in params for name in ROOM_PARAMS if name != CODE_PARAM):
            raise NoRoom()
        if len(code) != CODE_LENGTH or _CODE.fullmatch(code) is None:
            raise NoRoom()
        return RoomLink("", code, JOIN)
    room_id = params.get(ROOM_PARAM, "")
    roles = [role for role in (MANAGE, PRESENT, JOIN) if role in params]
    if len(roles) != 1 or not _token(room_id, ID_LENGTH) or not _token(params[roles[0]], KEY_LENGTH):
        raise NoRoom()
    return RoomLink(room_id, params[roles[0]], roles[0])


def take_back_key(params: Mapping[str, str]) -> str | None:
    """The take-back key these page-address parameters carry, if a well-formed one (22 characters
    of URL-safe base64); None otherwise, so a damaged one never reaches the database."""
    key = params.get(TAKE_BACK_PARAM, "")
    return key if _token(key, TAKE_BACK_LENGTH) else None


def parse_room_link(text: str) -> RoomLink:
    """A room link given as a full address or a query string (``?room=...``), as on the command line."""
    try:
        # "replace": an escape that does not decode in another parameter is no reason to refuse
        # the room (one in the room's own parameters fails their alphabet in room_link).
        params = parse_query(text.strip(), max_length=MAX_ROOM_LINK_LENGTH, errors="replace")
    except LinkError:  # too long, not an address, or a parameter given twice
        raise NoRoom() from None
    return room_link(params)
