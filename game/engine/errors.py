"""Errors raised by the engine for inputs a person wrote (a level, an offer)."""

from __future__ import annotations


class EngineError(ValueError):
    """A problem with the negotiation's definition; ``user_lines`` holds one line per problem."""

    def __init__(self, message: str, *, location: str = "") -> None:
        super().__init__(message)
        self.location = location
        self.user_lines = [f"{location}: {message}" if location else message]


class OutcomeSpaceTooLarge(EngineError):
    """The issues multiply out to more outcomes than the engine analyses."""
