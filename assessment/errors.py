"""The typed errors of the core; each message is fit to show to a user as it is."""

from __future__ import annotations


class AssessmentError(Exception):
    """Base of every error the core raises on bad input."""


class AnswerError(AssessmentError):
    """Answers name a question or option that the model does not have."""


class LinkError(AssessmentError):
    """A results link is damaged, foreign, or from a newer version of the assessment."""

    def __init__(self, message: str, *, kind: str = "damaged") -> None:
        super().__init__(message)
        self.kind = kind
