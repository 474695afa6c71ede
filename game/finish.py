"""Finishing a negotiation: one record, scored, saved the same way by the game and by ``simulate``.

This is the application's step that knows the match, the level, the scoring and the store
together, so that none of them need know the others: the store saves a
:class:`~game.engine.record.MatchRecord` without importing the levels or the NPCs.

The order matters: the history record is on disk first (``add_history`` is durable when it
returns), then the level result (stars, experience, badges) and what each NPC now
remembers of the player, then a flush.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game import __version__
from game.campaign.scoring import Score, score_record
from game.engine.record import MatchRecord
from game.levels.loader import LoadedLevel
from game.npc.match import Match
from game.roleplay.hotseat import HotSeatMatch
from game.store.store import Store

__all__ = ["finished_record", "save_finished", "save_memories", "save_role_play"]


def finished_record(match: Match, level: LoadedLevel, seed: int) -> tuple[MatchRecord, Score]:
    """Return a finished match's history record (with its score) and the score."""
    record = match.record(level.id, level.model.version, seed, __version__)
    score = score_record(level, record)
    return record.scored(score.to_dict(), score.stars, score.xp, score.badges), score


def save_finished(
    store: Store,
    profile: str,
    level_id: str,
    record: MatchRecord,
    score: Score,
    memories: Mapping[str, dict[str, Any]],
) -> str:
    """Save a finished negotiation for ``profile``; return the history record's id."""
    record_id = store.add_history(profile, record)
    store.record_level_result(profile, level_id, score.stars, score.xp, list(score.badges))
    save_memories(store, profile, memories)
    return record_id


def save_memories(store: Store, profile: str, memories: Mapping[str, dict[str, Any]]) -> None:
    """Save what each NPC now remembers of ``profile``, then flush."""
    for npc_id, memory in memories.items():
        store.save_relationship(profile, npc_id, memory)
    store.flush()


def save_role_play(
    store: Store, profiles: Mapping[str, str], match: HotSeatMatch
) -> dict[str, str]:
    """Save a role-play's result in each person's history (their own side's record, with the
    level's role and the pair's id); return the record ids by party.

    A role-play is not a campaign play: it earns no stars and no NPC remembers it.
    """
    ids = {}
    for party in match.sides:
        ids[party] = store.add_history(profiles[party], match.record_for(party, __version__))
    store.flush()
    return ids
