"""What the debrief says about a deal's efficiency: praise only where it means something.

"No value was left on the table" is praise on a level where deals differ in joint value.
On a one-issue price haggle every deal is on the frontier, so the note talks about how much
of the pie the player claimed; and a deal on the frontier where the player claimed a small
share of what was created gets that said plainly rather than a "Great".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from game.campaign.words import other_side
from game.i18n import number, tr

if TYPE_CHECKING:
    from game.levels.loader import LoadedLevel

SMALL_SHARE = 0.5
"""A player who claims less than this fraction of an equal share of the value created claimed little."""
_SOMETHING = 0.01


def frontier_note(level: LoadedLevel, record: Mapping[str, Any]) -> tuple[str, str] | None:
    """Return ``(label, text)`` of the debrief's note on a deal's efficiency (in the language
    in use), or None.

    None without a deal or when the deal created no value to speak of.
    """
    if not record.get("agreement"):
        return None
    negotiation = level.negotiation
    ids = list(negotiation.party_ids)
    stored = record.get("utilities") or {}
    if not all(pid in stored for pid in ids):
        return None
    names = {p.id: p.name for p in negotiation.parties}
    player = negotiation.player.id
    gains = {
        pid: float(stored[pid]) - float(negotiation.party(pid).preferences.reservation)
        for pid in ids
    }
    created = sum(gains.values())
    mine = gains[player]
    others = [names[pid] for pid in ids if pid != player]
    who = other_side(others)
    analytics = record.get("analytics") or {}
    on_frontier = bool(analytics.get("on_frontier"))
    shares = {  # what the player claimed of the value created, and what the others took
        "value": number(max(mine, 0.0), 2),
        "created": number(created, 2),
        "name": who,
        "rest": number(created - mine, 2),
    }
    if not level.analysis.value_to_trade:
        if created <= _SOMETHING:
            return None
        return (
            tr("Claiming"),
            tr(
                "with one thing to decide, every deal splits the same pie, so what counts is "
                "your share: you claimed {value} of the {created} between the BATNAs, {name} "
                "{rest}."
            ).format(**shares),
        )
    if not on_frontier:
        distance = float(analytics.get("pareto_distance", 0.0))
        room = (
            tr(
                "your deal is {distance} away from the frontier: a different package would "
                "have been better for both sides."
            )
            if len(ids) == 2
            else tr(
                "your deal is {distance} away from the frontier: a different package would "
                "have been better for every side."
            )
        )
        return tr("Room left"), room.format(distance=number(distance, 2))
    if created <= _SOMETHING:
        return None
    fair = created / len(ids)
    if mine < SMALL_SHARE * fair:
        return (
            tr("Claimed little"),
            tr(
                "no value was lost, but you claimed only {value} of the {created} the deal "
                "created; {name} took {rest}. An efficient deal is not yet a good deal for you."
            ).format(**shares),
        )
    return tr("Great"), tr("your deal is on the Pareto frontier: no value was left on the table.")
