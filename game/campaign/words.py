"""Words the debrief's notes share, in the language in use: the other side named, names
joined by "and" / "or", issues and packages inside a sentence.

English keeps the wording the notes always had; another language names an issue by the
level's phrase for it ("el precio") or its translated name, and a package by its shown
issues and options (``game.levels.text``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from game.i18n import tr

if TYPE_CHECKING:
    from game.levels.loader import LoadedLevel

__all__ = ["issue_words", "joined_and", "joined_or", "other_side", "package_words"]


def other_side(names: Sequence[str]) -> str:
    """Return the one other party's name, or "the others"."""
    return names[0] if len(names) == 1 else tr("the others")


def joined_and(names: Sequence[str]) -> str:
    """Return ``names`` joined by "and" (``Ana and Ben and Cy``, as the notes say it)."""
    text = names[0] if names else ""
    for name in names[1:]:
        text = tr("{first} and {second}").format(first=text, second=name)
    return text


def joined_or(names: Sequence[str]) -> str:
    """Return ``names`` joined by "or"."""
    text = names[0] if names else ""
    for name in names[1:]:
        text = tr("{first} or {second}").format(first=text, second=name)
    return text


def issue_words(level: LoadedLevel, issue_id: str, english: str) -> str:
    """Return an issue inside a sentence: ``english`` (the caller's English form of it)
    unless the level has a translation in the language in use, then its phrase for the
    issue ("el precio") or its shown name in lower case."""
    from game.levels.text import translation

    text = translation(level.model)
    said = text.issues.get(issue_id) if text is not None else None
    if said is None:
        return english
    if said.phrase:
        return said.phrase
    name = said.name or english
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def package_words(level: LoadedLevel, offer_data: Mapping[str, Any] | None) -> str:
    """Return a package (an offer dict) as the player reads it, or "the package"."""
    from game.engine import Offer
    from game.levels.text import describe_offer

    if not offer_data:
        return tr("the package")
    try:
        return describe_offer(level.model, level.negotiation, Offer.from_dict(dict(offer_data)))
    except Exception:  # a record from another version of the level
        return tr("the package")
