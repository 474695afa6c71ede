"""The briefing's agreement-zone hint, written from what the player's role can know.

The player knows their own preferences and BATNA and what the story tells them; the other
side's BATNA and priorities are private.  So the hint names the player's own limit and
explains the zone, and never says where the other side's limit lies or whether the two
overlap: the same hint whatever the other side's numbers (a test changes them all and
compares).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.campaign.objectives import format_utility
from game.campaign.words import issue_words, other_side
from game.engine import NumericIssue
from game.i18n import tr

if TYPE_CHECKING:
    from game.levels.loader import LoadedLevel


def zone_hint(level: LoadedLevel) -> str:
    """Return the agreement-zone hint (after the label "Agreement zone:"), in the language
    in use."""
    from game.levels.text import level_text, shown_issues

    negotiation = level.negotiation
    player = negotiation.player
    reservation = float(player.preferences.reservation)
    others = [p.name for p in negotiation.parties if not p.is_player]
    other = other_side(others)
    space = negotiation.space
    if len(space.issues) == 1 and isinstance(space.issues[0], NumericIssue):
        issue = space.issues[0]
        shown = shown_issues(level.model, [issue])[0]
        assert isinstance(shown, NumericIssue)  # shown as it is, or as _ShownNumber
        name = issue_words(level, issue.id, issue.name.lower())
        values = np.asarray(issue.values, dtype=np.float64)
        acceptable = player.preferences.utilities >= reservation - 1e-12
        mine = _range_words(shown, name, values, acceptable)
        if len(others) == 1:
            rest = tr(
                "{name} has a limit too, and has not told you where it lies. A deal can only "
                "happen at a {issue} on the right side of both limits, if they overlap: read "
                "{name}'s offers for clues, and keep yours to yourself."
            )
        else:
            rest = tr(
                "The others have limits too, and have not told you where they lie. A deal can "
                "only happen at a {issue} on the right side of every limit, if they overlap: "
                "read the others' offers for clues, and keep yours to yourself."
            )
        return f"{mine} {rest.format(name=other, issue=name)}"
    worth = format_utility(reservation, reservation)
    if len(others) == 1:
        text = tr(
            "a package worth at least {value} to you is as good as your BATNA or better (each "
            "offer shows what it is worth to you). {name}'s BATNA is private: the zone is the "
            "packages every side prefers to walking away, and you find it by trading what "
            "matters less to you for what matters more."
        )
    else:
        text = tr(
            "a package worth at least {value} to you is as good as your BATNA or better (each "
            "offer shows what it is worth to you). The others' BATNAs are private: the zone is "
            "the packages every side prefers to walking away, and you find it by trading what "
            "matters less to you for what matters more."
        )
    text = text.format(value=worth, name=other)
    events = [e for e in level_text(level.model).events if e.issues]
    if events:
        text += " " + tr(
            "If no plain package works for every side, a clause on whether {event} may: you "
            "expect different things."
        ).format(event=events[0].description)
    return text


def _range_words(issue: NumericIssue, name: str, values: np.ndarray, acceptable: np.ndarray) -> str:
    """Return e.g. "A price of $56 or less is at least as good as your BATNA." for the
    values the player prefers to the BATNA (``issue`` as shown, ``name`` the issue in a
    sentence: "price", "el precio")."""
    if not acceptable.any():
        return tr("No {issue} at all is at least as good as your BATNA.").format(issue=name)
    inside = values[acceptable]
    low, high = issue.format(float(inside.min())), issue.format(float(inside.max()))
    if acceptable.all():
        return tr("Any {issue} is at least as good as your BATNA.").format(issue=name)
    if acceptable[0] and not acceptable[-1]:
        words = tr("A {issue} of {value} or less is at least as good as your BATNA.")
        return words.format(issue=name, value=high)
    if acceptable[-1] and not acceptable[0]:
        words = tr("A {issue} of {value} or more is at least as good as your BATNA.")
        return words.format(issue=name, value=low)
    words = tr("A {issue} between {low} and {high} is at least as good as your BATNA.")
    return words.format(issue=name, low=low, high=high)
