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
from game.engine import NumericIssue

if TYPE_CHECKING:
    from game.levels.loader import LoadedLevel


def zone_hint(level: LoadedLevel) -> str:
    """Return the agreement-zone hint (after the label "Agreement zone:")."""
    negotiation = level.negotiation
    player = negotiation.player
    reservation = float(player.preferences.reservation)
    others = [p.name for p in negotiation.parties if not p.is_player]
    other = others[0] if len(others) == 1 else "the others"
    whose = f"{other}'s" if len(others) == 1 else "the others'"
    theirs = f"{other}'s BATNA is" if len(others) == 1 else "the others' BATNAs are"
    space = negotiation.space
    if len(space.issues) == 1 and isinstance(space.issues[0], NumericIssue):
        issue = space.issues[0]
        name = issue.name.lower()
        values = np.asarray(issue.values, dtype=np.float64)
        acceptable = player.preferences.utilities >= reservation - 1e-12
        mine = _range_words(issue, values, acceptable)
        return (
            f"{mine} is at least as good as your BATNA. {other} has a limit too, and has not told you where it "
            f"lies. A deal can only happen at a {name} on the right side of both limits, if "
            f"they overlap: read {whose} offers for clues, and keep yours to yourself."
        )
    text = (
        f"a package worth at least {format_utility(reservation, reservation)} to you is as good "
        f"as your BATNA or better (each offer shows what it is worth to you). "
        f"{theirs[0].upper() + theirs[1:]} private: "
        "the zone is the packages every side prefers to walking away, and you find it by "
        "trading what matters less to you for what matters more."
    )
    events = [e for e in negotiation.events if e.issues]
    if events:
        text += (
            f" If no plain package works for every side, a clause on whether "
            f"{events[0].description} may: you expect different things."
        )
    return text


def _range_words(issue: NumericIssue, values: np.ndarray, acceptable: np.ndarray) -> str:
    """Return e.g. "A price of $56 or less" for the values the player prefers to the BATNA."""
    name = issue.name
    if not acceptable.any():
        return f"No {name.lower()} at all"
    inside = values[acceptable]
    low, high = issue.format(float(inside.min())), issue.format(float(inside.max()))
    if acceptable.all():
        return f"Any {name.lower()}"
    if acceptable[0] and not acceptable[-1]:
        return f"A {name.lower()} of {high} or less"
    if acceptable[-1] and not acceptable[0]:
        return f"A {name.lower()} of {low} or more"
    return f"A {name.lower()} between {low} and {high}"
