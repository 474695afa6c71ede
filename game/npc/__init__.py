"""NPC negotiators: strategies, opponent models, relationships, state machines and dialogue.

The public API (loaded on first use, so importing ``game.npc.spec`` stays cheap):

* :class:`Match`, :class:`MatchConfig`, :class:`Seat`, :class:`EvidenceCard`,
  :class:`TurnReport` -- one play against the NPCs (``game.levels.setup.start_match``
  builds one from a level);
* :func:`make_bot`, :func:`play`, :data:`PLAYER_BOTS` -- scripted players;
* :func:`simulate`, :class:`SimulationResult` -- headless batches;
* :func:`memory_from_spec`, :func:`apply_memory` -- the NPC memory the store keeps;
* :data:`DIALOGUE_KEYS` -- the keys a level's ``dialogue`` may use;
* :class:`NpcRuntime` -- tables and machines shared across matches;
* :class:`NpcBrain` -- the decision core each NPC of a match runs.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Match": "game.npc.match",
    "MatchConfig": "game.npc.match",
    "Seat": "game.npc.match",
    "EvidenceCard": "game.npc.match",
    "TurnReport": "game.npc.match",
    "make_bot": "game.npc.bots",
    "play": "game.npc.bots",
    "PLAYER_BOTS": "game.npc.bots",
    "simulate": "game.npc.simulate",
    "SimulationResult": "game.npc.simulate",
    "memory_from_spec": "game.npc.memory",
    "apply_memory": "game.npc.memory",
    "MEMORY_VERSION": "game.npc.memory",
    "DIALOGUE_KEYS": "game.npc.dialogue",
    "Said": "game.npc.dialogue",
    "Change": "game.npc.relationship",
    "RULES": "game.npc.relationship",
    "NpcRuntime": "game.npc.runtime",
    "NpcBrain": "game.npc.brain",
    "ARCHETYPES": "game.npc.spec",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'game.npc' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
