"""The rooms' rules: names, expiry, the results a room takes, and the limits. Pure, each rule one function."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta

from assessment.errors import LinkError
from assessment.link import decode, encode
from assessment.model import Model
from assessment.names import display_name, has_visible

from .errors import BadInput

MAX_NAME_LENGTH = 60  # a room's name and a member's display name
MAX_RESULTS = 500  # results per room
DEFAULT_DAYS = 90
MAX_DAYS = 365
ROOMS_PER_HOUR = 5  # rooms one browser session may create in an hour
MIN_TEAM = 2  # readable results before the room shows its team view


def clean_name(text: str, what: str = "The name") -> str:
    """A room's or member's name as stored: runs of white space made one space and trimmed
    (empty is allowed), no control character or lone surrogate (PostgreSQL stores neither),
    without bidirectional controls (as every name is shown, :func:`assessment.names.display_name`),
    something visible in it when it is not empty (a name of only zero-width or blank characters
    reads as none, and hides who sent a result), and at most :data:`MAX_NAME_LENGTH`
    characters. Raises :class:`BadInput` naming ``what``.
    """
    name = " ".join(text.split())
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in name):
        raise BadInput(f"{what} contains control characters that cannot be stored. Remove them.")
    name = " ".join(display_name(name).split())
    if name and not has_visible(name):
        raise BadInput(f"{what} shows nothing: it is made of invisible characters only. Write it in letters.")
    if len(name) > MAX_NAME_LENGTH:
        raise BadInput(f"{what} is {len(name)} characters long; at most {MAX_NAME_LENGTH} fit. Shorten it.")
    return name


def room_days(value: object) -> int:
    """The days a room lasts, from a form's number: a whole number (``90`` or ``90.0``); anything
    else (a fraction, NaN, infinity, not a number) raises :class:`BadInput`. :func:`expiry` checks the range."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value % 1:
        raise BadInput(f"A room lasts a whole number of days, from 1 to {MAX_DAYS}, not {value!r}.")
    return int(value)


def expiry(now: datetime, days: int) -> datetime:
    """When a room created at ``now`` expires: after ``days`` whole days, 1 to :data:`MAX_DAYS`."""
    if not 1 <= days <= MAX_DAYS:
        raise BadInput(f"A room lasts from 1 to {MAX_DAYS} days, not {days}.")
    return now + timedelta(days=days)


def expired(expires_at: datetime, now: datetime) -> bool:
    """A room is gone from the moment it expires."""
    return expires_at <= now


def stored_link(model: Model, text: str) -> str:
    """A results link as a room stores it: the query the core encodes for what the link carries.

    One form per result, whatever way the link was written (a full address or a query, its
    parameters in any order, escaped either way, other parameters such as a room's beside
    them), so the same result sent twice is stored once. Raises :class:`BadInput` with the
    link's own message when it cannot be read.
    """
    try:
        return encode(model, decode(model, text).data)
    except LinkError as error:
        raise BadInput(str(error)) from None


def next_room_at(created: Sequence[datetime], now: datetime) -> datetime | None:
    """When a browser session that created rooms at ``created`` may create the next one.

    None (now) while it created fewer than :data:`ROOMS_PER_HOUR` in the hour before ``now``;
    otherwise an hour after the earliest of those.
    """
    recent = sorted(moment for moment in created if now - moment < timedelta(hours=1))
    if len(recent) < ROOMS_PER_HOUR:
        return None
    return recent[-ROOMS_PER_HOUR] + timedelta(hours=1)
