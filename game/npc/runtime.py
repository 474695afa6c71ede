"""What matches can share: precomputed tables, state machines and the fair point of a level.

Create one :class:`NpcRuntime` and pass it to every match of a batch (``simulate``, the
benchmark, a classroom run) so the sorting of outcomes and the building of machines happen
once; a match without one makes its own.  Nothing here is global.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine import Analysis, ContingentSpace, Negotiation, Offer, analytics
from game.npc.machines import ArchetypeMachine
from game.npc.tables import LevelTables


@dataclass(frozen=True)
class FairPoint:
    """The mediator's idea of a fair deal: a package and every party's utility of it."""

    offer: Offer
    utilities: dict[str, float]
    clause: bool


@dataclass(frozen=True)
class MediatorTexts:
    """Candidate single texts: individually rational frontier packages, plain and contingent."""

    offers: tuple[Offer, ...]
    utilities: np.ndarray
    """(texts x parties), in negotiation party order."""
    nash: int | None
    """Row of the Nash point among the texts."""


class NpcRuntime:
    """Caches reusable NPC machinery across matches."""

    def __init__(self) -> None:
        self._tables: dict[int, tuple[tuple, LevelTables]] = {}
        self._machines: dict[str, ArchetypeMachine] = {}
        self._texts: dict[int, tuple[Analysis, MediatorTexts]] = {}

    def tables(self, negotiation: Negotiation) -> LevelTables:
        """Return the tables of a negotiation (built once per space and parties).

        The tables do not depend on the rules, so a copy of a negotiation with another
        deadline shares them.
        """
        key = id(negotiation.parties)
        entry = self._tables.get(key)
        if entry is None or entry[0] is not negotiation.parties:
            entry = (negotiation.parties, LevelTables(negotiation))
            self._tables[key] = entry
        return entry[1]

    def machine(self, archetype: str) -> ArchetypeMachine:
        """Return the shared machine of an archetype (built once)."""
        machine = self._machines.get(archetype)
        if machine is None:
            machine = ArchetypeMachine(archetype)
            self._machines[archetype] = machine
        return machine

    @property
    def machines(self) -> dict[str, ArchetypeMachine]:
        """Return the machines built so far."""
        return dict(self._machines)

    def mediator_texts(self, analysis: Analysis) -> MediatorTexts:
        """Return the texts a mediator chooses from (built once per analysis)."""
        entry = self._texts.get(id(analysis))
        if entry is None or entry[0] is not analysis:
            entry = (analysis, build_texts(analysis))
            self._texts[id(analysis)] = entry
        return entry[1]

    def fair_point(self, analysis: Analysis) -> FairPoint | None:
        """Return the Nash point over plain and contingent packages, or None without one."""
        texts = self.mediator_texts(analysis)
        if texts.nash is None:
            return None
        ids = analysis.negotiation.party_ids
        offer = texts.offers[texts.nash]
        return FairPoint(
            offer,
            {pid: float(u) for pid, u in zip(ids, texts.utilities[texts.nash], strict=True)},
            offer.clause is not None,
        )


def build_texts(analysis: Analysis) -> MediatorTexts:
    """Collect the individually rational frontier packages (plain and with clauses)."""
    negotiation = analysis.negotiation
    reserved = np.asarray(analysis.reserved, dtype=np.float64)
    offers: list[Offer] = []
    rows: list[np.ndarray] = []
    space = negotiation.space
    for index in analysis.pareto:
        row = analysis.utilities[int(index)]
        if np.all(row >= reserved - 1e-12):
            offers.append(Offer(space.outcome(int(index))))
            rows.append(row)
    for contingent in analysis.contingent:
        cspace = ContingentSpace(negotiation, contingent.event_id, contingent.issues)
        utilities = cspace.utilities()
        for index in contingent.pareto:
            row = utilities[int(index)]
            if np.all(row >= reserved - 1e-12):
                offers.append(cspace.offer(int(index)))
                rows.append(row)
    if not rows:
        return MediatorTexts((), np.zeros((0, len(reserved))), None)
    matrix = np.vstack(rows)
    frontier = analytics.pareto_indices(matrix)
    matrix = matrix[frontier]
    offers = [offers[int(i)] for i in frontier]
    gains = np.clip(matrix - reserved[None, :], 0.0, None).prod(axis=1)
    return MediatorTexts(tuple(offers), matrix, int(np.argmax(gains)))
