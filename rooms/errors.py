"""The typed errors of the rooms; each message is fit to show to a user as it is."""

from __future__ import annotations

NO_ROOM = (
    "This room link does not open a room. The room may no longer exist (a room is deleted when it "
    "expires or when its facilitator deletes it), or the link was cut short or mistyped."
)


class RoomError(Exception):
    """Base of every error the rooms raise on bad input or an unreachable database."""


class NoRoom(RoomError):
    """A room link that opens nothing: unknown, damaged, wrong key, expired or deleted.

    Always the same message (:data:`NO_ROOM`), so a link reveals nothing about whether a room exists.
    """

    def __init__(self) -> None:
        super().__init__(NO_ROOM)


class WrongKind(RoomError):
    """A join link where the facilitator link is needed, or the other way round."""


class RoomClosed(RoomError):
    """The room's facilitator closed it to new results."""


class RoomFull(RoomError):
    """The room holds as many results as a room may."""


class TooMany(RoomError):
    """No room can be created now: as many were created lately, or are kept, as :mod:`rooms.limits` allows."""


class BadInput(RoomError):
    """A name, results link, target or number of days the room cannot take."""


class StoreUnavailable(RoomError):
    """The rooms' database cannot be reached or used right now.

    ``cause`` says why in the database's own words (one line), for the command line and the
    log; a page shows only the message.
    """

    def __init__(self, message: str, cause: str = "") -> None:
        super().__init__(message)
        self.cause = cause
