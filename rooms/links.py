"""Room links: the capability links that open a team room, as page-address parameters.

Pure: no database, no Streamlit (the router in ``ui/routes.py`` reads these addresses).

* A room has an id and a facilitator key drawn from :mod:`secrets`, the id 128 bits and the
  key 256 bits, and a join key of 256 bits made from it (below); all are written in URL-safe
  base64 without padding (22 and 43 characters).
* The **facilitator link** ``?room=<id>&manage=<facilitator key>`` sees and manages the room.
  The **join link** ``?room=<id>&join=<join key>`` adds results and nothing else. The
  parameter names tell the two apart without a database, and apart from results links
  (``v a t d n c``), compare links (``l1`` ...) and the app's own ``step`` and ``view``, so
  while a member takes the assessment the join link's two parameters travel in the page
  address beside the results link's.
* The join key is derived from the facilitator key by a one-way function (HMAC-SHA-256,
  :func:`join_key_for`), so the facilitator's page can always show the join link while the
  join link tells nothing about the facilitator key.
* Only the keys' SHA-256 hashes are stored. The keys are random and 256 bits long, so a
  slow password hash would add nothing; the hashes are compared in constant time
  (:func:`hmac.compare_digest`).
* A link that does not have exactly this shape raises :class:`~rooms.errors.NoRoom`, with the
  same message as a room that does not exist.
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
ID_BYTES = 16  # 128 bits
KEY_BYTES = 32  # 256 bits
ID_LENGTH = 22  # characters of URL-safe base64 for ID_BYTES, unpadded
KEY_LENGTH = 43
MAX_ROOM_LINK_LENGTH = 2048
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")

Role = Literal["manage", "join"]
MANAGE: Role = "manage"
JOIN: Role = "join"


@dataclass(frozen=True)
class RoomLink:
    """A room's id and one of its keys: the facilitator's (``manage``) or the members' (``join``)."""

    room_id: str
    key: str
    role: Role

    @property
    def params(self) -> dict[str, str]:
        """The link's page-address parameters."""
        return {ROOM_PARAM: self.room_id, self.role: self.key}

    @property
    def query(self) -> str:
        """The link as a query string, starting with ``?`` (the tokens need no escaping)."""
        return f"?{ROOM_PARAM}={self.room_id}&{self.role}={self.key}"


def new_room_id() -> str:
    return secrets.token_urlsafe(ID_BYTES)


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def join_key_for(facilitator_key: str) -> str:
    """The room's join key: HMAC-SHA-256 of a fixed label under the facilitator key, URL-safe base64."""
    digest = hmac.new(facilitator_key.encode("ascii"), b"rooms: join key", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def join_link_for(facilitator: RoomLink) -> RoomLink:
    """The join link of the room a facilitator link opens."""
    return RoomLink(facilitator.room_id, join_key_for(facilitator.key), JOIN)


def key_hash(key: str) -> str:
    """What is stored of a key: its SHA-256, hex."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def key_matches(key: str, stored_hash: str) -> bool:
    """Whether ``key`` hashes to ``stored_hash``, compared in constant time."""
    return hmac.compare_digest(key_hash(key), stored_hash)


def is_room_address(params: Mapping[str, str]) -> bool:
    """Whether these page-address parameters try to open a room (any room parameter present)."""
    return any(name in params for name in (ROOM_PARAM, JOIN_PARAM, MANAGE_PARAM))


def _token(text: str, length: int) -> bool:
    return len(text) == length and _TOKEN.fullmatch(text) is not None


def room_link(params: Mapping[str, str]) -> RoomLink:
    """The room link these page-address parameters carry; other parameters are ignored.

    It needs ``room`` and exactly one of ``manage`` and ``join``, each of its exact length and
    alphabet. Raises :class:`~rooms.errors.NoRoom` otherwise.
    """
    room_id = params.get(ROOM_PARAM, "")
    roles = [role for role in (MANAGE, JOIN) if role in params]
    if len(roles) != 1 or not _token(room_id, ID_LENGTH) or not _token(params[roles[0]], KEY_LENGTH):
        raise NoRoom()
    return RoomLink(room_id, params[roles[0]], roles[0])


def parse_room_link(text: str) -> RoomLink:
    """A room link given as a full address or a query string (``?room=...``), as on the command line."""
    try:
        # "replace": an escape that does not decode in another parameter is no reason to refuse
        # the room (one in the room's own parameters fails their alphabet in room_link).
        params = parse_query(text.strip(), max_length=MAX_ROOM_LINK_LENGTH, errors="replace")
    except LinkError:  # too long, not an address, or a parameter given twice
        raise NoRoom() from None
    return room_link(params)
