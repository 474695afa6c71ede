"""Frozen views of an NPC for the layers above (the table, the bots): what they may show.

A view is taken at one moment (``Match.npc_state``) and never changes; the NPC goes on
without it.  Read it by attribute (``view.trust``); ``view["trust"]`` reads the same value
for readers that still take the mapping the match used to return.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

__all__ = ["GrievanceView", "NpcStateView"]


class _ByKey(Mapping[str, Any]):
    """Read a frozen dataclass's fields by key too (``view["trust"]``)."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        if key not in _names(type(self)):
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(_names(type(self)))

    def __len__(self) -> int:
        return len(_names(type(self)))


def _names(cls: type) -> tuple[str, ...]:
    return tuple(item.name for item in fields(cls))


@dataclass(frozen=True, eq=True)
class GrievanceView(_ByKey):
    """One grievance an NPC still holds against the player."""

    id: str
    text: str
    severity: int
    origin: str
    shared_account: str | None
    acknowledged: bool


@dataclass(frozen=True, eq=True)
class NpcStateView(_ByKey):
    """What the table shows of an NPC: machine state, trust, rapport, open grievances."""

    state: str
    trust: float
    rapport: float
    grievances_open: tuple[GrievanceView, ...]
