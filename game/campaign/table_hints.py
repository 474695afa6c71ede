"""Coaching at the table: a short hint at the moment of a typical mistake.

:func:`table_hint` looks at the move the player is about to make and returns a
:class:`TableHint` when it is one of the mistakes the debrief would point at:

* accepting (supporting) a package worth less than the BATNA;
* a second concession in a row while the other side has not moved since the first;
* a threat early in the talks (the first third of the rounds).

The table shows the hint before the move, once per kind per negotiation, and the player
goes ahead or thinks again.  Whether hints are shown at all is the table's business
(the profile's Coaching setting; a class pack with hints off).  Pure: no pygame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.campaign.diagnosis import CONCESSION, MOVED
from game.campaign.objectives import format_utility, meets
from game.campaign.words import other_side
from game.engine import Move, MoveKind, Offer
from game.i18n import tr

if TYPE_CHECKING:
    from game.npc.match import Match

__all__ = ["TableHint", "table_hint"]


@dataclass(frozen=True)
class TableHint:
    """A hint: its kind (shown once per negotiation), a title, the words and the buttons
    (in the language in use)."""

    kind: str
    title: str
    text: str
    go_ahead: str
    think_again: str = ""

    def __post_init__(self) -> None:
        if not self.think_again:
            object.__setattr__(self, "think_again", tr("Think again"))


def _other(match: Match) -> str:
    return other_side([seat.name for seat in match.config.seats])


def table_hint(match: Match, move: Move) -> TableHint | None:
    """Return the hint for the move the player is about to make, or None."""
    if match.finished:
        return None
    kind = move.kind
    if kind in (MoveKind.ACCEPT, MoveKind.SUPPORT):
        return _below_batna(match)
    if kind is MoveKind.OFFER and move.offer is not None:
        return _second_concession(match, move.offer)
    if kind is MoveKind.THREATEN:
        deadline = match.deadline
        if match.state.round < max(1, deadline // 3):
            return TableHint(
                "early_threat",
                tr("A threat this early?"),
                tr(
                    "Threats this early cost trust and rarely move anyone: {other} can walk "
                    "too. A question or a better offer usually works better."
                ).format(other=_other(match)),
                tr("Threaten anyway"),
            )
    return None


def _below_batna(match: Match) -> TableHint | None:
    table = match.state.table
    if table is None or table.proposer == match.player_id:
        return None
    batna = float(match.negotiation.player.preferences.reservation)
    worth = float(match.utility_of(match.player_id, table.offer))
    if meets(worth, batna):
        return None
    return TableHint(
        "below_batna",
        tr("Below your BATNA"),
        tr(
            "This deal is worth {value} to you; walking away gives you {batna}. You would be "
            "better off with no deal."
        ).format(value=format_utility(worth, batna), batna=format_utility(batna, batna)),
        tr("Accept anyway"),
    )


def _second_concession(match: Match, offer: Offer) -> TableHint | None:
    try:
        complete = offer.normalised(match.negotiation.space).is_complete(match.negotiation.space)
    except Exception:  # the match will say what is wrong with it
        return None
    if not complete:
        return None
    player = match.player_id
    trail = match.offers_trail()
    mine = [(n, e) for n, e in enumerate(trail) if e["actor"] == player]
    if len(mine) < 2:
        return None
    (_, first), (second_at, second) = mine[-2], mine[-1]
    new = float(match.utility_of(player, offer))
    step_before = first["utilities"][player] - second["utilities"][player]
    step_now = second["utilities"][player] - new
    if step_before < CONCESSION or step_now < CONCESSION:
        return None

    def best_until(position: int) -> float | None:
        values = [e["utilities"][player] for e in trail[:position] if e["actor"] != player]
        return max(values) if values else None

    before, since = best_until(second_at), best_until(len(trail))
    if before is not None and since is not None and since >= before + MOVED:
        return None  # they moved in between: conceding again answers them
    other = _other(match)
    return TableHint(
        "second_concession",
        tr("Conceding twice in a row?"),
        tr(
            "You gave ground last time and {other} has not moved since. A second step in a row "
            "teaches {other} to wait: ask for a move of theirs first."
        ).format(other=other),
        tr("Propose anyway"),
    )
