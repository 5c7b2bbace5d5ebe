"""The typed errors of the core; each message is fit to show to a user as it is."""

from __future__ import annotations

# How the message of a damaged link begins; what follows says what is wrong with it.
DAMAGED = "This results link is damaged: it may have been cut short or changed when it was copied. "


class AssessmentError(Exception):
    """Base of every error the core raises on bad input."""


class AnswerError(AssessmentError):
    """Answers name a question or option that the model does not have."""


class LinkError(AssessmentError):
    """A results link is damaged, foreign, or from a newer version of the assessment."""

    def __init__(self, message: str, *, kind: str = "damaged") -> None:
        super().__init__(message)
        self.kind = kind


class CompareError(AssessmentError):
    """The links to compare cannot be compared as a whole."""


class TooManyLinksError(CompareError):
    """More results links than the compare view takes."""


class CompareLinkError(CompareError):
    """A compare link is damaged."""
