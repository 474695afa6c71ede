"""The fast headless path: two brains exchanging offers, no session, no talk, no dialogue.

A :class:`Duel` runs the same :class:`~game.npc.brain.NpcBrain` objects -- the same
strategy code, opponent models, relationship rules and state machines -- as a match, in
the same order of calls (``receive_offer`` when the other side offers, ``set_round`` then
``decide`` in one's turn), but keeps the table as an outcome index instead of engine
snapshots, and reuses the brains between runs (``reset`` puts each machine model back in
its initial state instead of adding and removing models).  A test checks that a duel and
a match with a time-dependent player bot end in the same deal in the same round.

Only for two parties with alternating offers (the benchmark and quick experiments).
"""

from __future__ import annotations

from typing import NamedTuple

from game.npc.brain import NpcBrain


class DuelResult(NamedTuple):
    """How one duel ended."""

    agreement: int | None
    """The outcome index agreed on, or None."""
    round: int
    """The round of the agreement (or the deadline, or the walk-out)."""
    accepted_by: str | None


class Duel:
    """Alternating offers between two brains; ``first`` opens."""

    def __init__(self, first: NpcBrain, second: NpcBrain) -> None:
        if first.deadline != second.deadline:
            raise ValueError("both sides need the same deadline")
        self.first = first
        self.second = second
        self.deadline = first.deadline
        self.codec = first.codec

    def run(
        self, seed: int | str, *, seeds: tuple[int | str, int | str] | None = None
    ) -> DuelResult:
        """Play one negotiation from scratch and return how it ended.

        Both brains are reset with ``seed`` (or with ``seeds``, one each, to replay exactly
        what a match seeded them with).
        """
        first, second = self.first, self.second
        first_seed, second_seed = seeds if seeds is not None else (seed, seed)
        first.reset(first_seed)
        second.reset(second_seed)
        first.begin()
        second.begin()
        values_of = self.codec.values_of
        deadline = self.deadline
        last_round = deadline - 1
        table: int | None = None
        first_utility = _utility_lookup(first)
        second_utility = _utility_lookup(second)
        sides = (
            (
                first.set_round,
                first.decide,
                first_utility,
                second.receive_offer,
                second_utility,
                first.id,
            ),
            (
                second.set_round,
                second.decide,
                second_utility,
                first.receive_offer,
                first_utility,
                second.id,
            ),
        )
        for round_number in range(deadline):
            last_chance = round_number >= last_round
            for set_round, decide, own_utility, receive, other_utility, side_id in sides:
                set_round(round_number)
                decision = decide(
                    None if table is None else own_utility(table), last_chance=last_chance
                )
                kind = decision.kind
                if kind == "offer":
                    table = decision.indices[0]
                    receive(side_id, other_utility(table), values_of(table))
                elif kind == "accept":
                    first.finish(True)
                    second.finish(True)
                    return DuelResult(table, round_number, side_id)
                else:
                    first.finish(False)
                    second.finish(False)
                    return DuelResult(None, round_number, None)
        first.finish(False)
        second.finish(False)
        return DuelResult(None, deadline, None)

    def close(self) -> None:
        """Free both machines' models."""
        self.first.close()
        self.second.close()


def _utility_lookup(brain: NpcBrain):
    """Return the fastest way to look up a brain's utility of an outcome index."""
    utilities = brain.table._utility_list
    return utilities.__getitem__ if utilities is not None else brain.table.utility
