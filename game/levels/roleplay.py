"""A level as two people play it: each side's confidential brief, and the level seen from the
other side (so the debrief's checks can speak to either player).

In a role-play the level's player side is played by one person ("side A", party id
``player``) and its one character by another ("side B", the character's id).  Side B's brief
is written from the character's own fields (role, bio, interests, the evidence it holds,
its preferences and reservation), with the level's ``role_play`` block in place of what
the character's text does not cover.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from game.engine import PLAYER
from game.i18n import tr
from game.levels.catalog import role_play_refusal
from game.levels.loader import LoadedLevel, load_level_bytes
from game.levels.problems import LevelError, Problem


@dataclass(frozen=True)
class Card:
    """An evidence card one side holds."""

    id: str
    title: str
    text: str
    issue: str | None


@dataclass(frozen=True)
class Brief:
    """What one side of a role-play may see before and during the talks, and no one else."""

    party: str
    """The side's party id at the table (``player`` for side A, the character's id for B)."""
    character: str
    """The character's name in the story."""
    role: str
    story: str
    batna: str
    reservation: float
    """What no deal is worth to this side (0..1, on its own scale)."""
    weights: dict[str, float]
    """The side's true priorities: issue id -> weight (they sum to 1)."""
    best: dict[str, str]
    """Per issue: the option or value this side likes best (as shown)."""
    knows: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    cards: tuple[Card, ...] = ()


def refusal(level: LoadedLevel) -> str | None:
    """Return why the level cannot be played by two people, or None when it can."""
    return role_play_refusal(level.model.model_dump(mode="json", by_alias=True))


def other_side(level: LoadedLevel) -> str:
    """Return side B's party id (the level's one character with interests of its own)."""
    reason = refusal(level)
    if reason is not None:
        message = tr("not a role-play: {reason}").format(reason=reason)
        raise LevelError(level.source, [Problem("npcs", message)])
    return level.party_npcs[0].id


def briefs(level: LoadedLevel) -> dict[str, Brief]:
    """Return each side's brief, by party id (side A first)."""
    model = level.model
    npc = level.npc(other_side(level))
    extra = model.role_play
    space = level.negotiation.space
    negotiation = level.negotiation

    def best(party: str) -> dict[str, str]:
        preferences = negotiation.party(party).preferences
        return {issue.id: issue.format(preferences.best_value(issue.id)) for issue in space.issues}

    def weights(party: str) -> dict[str, float]:
        preferences = negotiation.party(party).preferences
        return {
            issue.id: round(float(w), 4)
            for issue, w in zip(space.issues, preferences.weight_vector, strict=True)
        }

    def cards(holder: str) -> tuple[Card, ...]:
        return tuple(
            Card(c.id, c.title, c.text, c.issue) for c in model.evidence if c.holder == holder
        )

    reservation_b = float(negotiation.party(npc.id).preferences.reservation)
    story_b = (extra.briefing if extra and extra.briefing else None) or _story_of(npc)
    batna_b = (extra.batna if extra and extra.batna else None) or (
        "If there is no deal you walk away with your next best option "
        f"(worth {round(reservation_b * 100)} points to you)."
    )
    return {
        PLAYER: Brief(
            PLAYER,
            model.player.name,
            model.player.role,
            model.briefing,
            model.player.batna,
            float(negotiation.party(PLAYER).preferences.reservation),
            weights(PLAYER),
            best(PLAYER),
            tuple(model.player.knows),
            (),
            cards(PLAYER),
        ),
        npc.id: Brief(
            npc.id,
            npc.name,
            npc.role,
            story_b,
            batna_b,
            reservation_b,
            weights(npc.id),
            best(npc.id),
            tuple(extra.knows) if extra else (),
            tuple(i.fact for i in npc.interests),
            cards(npc.id),
        ),
    }


def _story_of(npc: Any) -> str:
    text = f"You are {npc.name}, {npc.role}."
    if npc.bio:
        text += f" {npc.bio}"
    return text


def mirrored(level: LoadedLevel, name_a: str | None = None) -> LoadedLevel:
    """Return the level seen from side B: B is the player (party ``player``) and side A sits
    where B sat (under B's party id), so the single-player debrief's checks speak to B.

    Objectives are dropped (they are written for side A); everything else keeps its values.
    """
    b_id = other_side(level)
    data = level.model.model_dump(mode="json", by_alias=True, exclude_none=True)
    npc = next(n for n in data["npcs"] if n["id"] == b_id)
    player = data["player"]
    extra = data.get("role_play") or {}
    swap = {PLAYER: b_id, b_id: PLAYER}
    brief_b = briefs(level)[b_id]
    data["briefing"] = brief_b.story
    data["player"] = {
        "role": npc["role"],
        "name": npc["name"],
        "preferences": npc["preferences"],
        "batna": brief_b.batna,
        "knows": list(extra.get("knows") or ()),
        "grievances": npc.get("grievances") or [],
    }
    side_a = dict(npc)
    side_a.update(
        name=name_a or player["name"],
        role=player["role"],
        preferences=player["preferences"],
        bio="",
        interests=[],
        grievances=player.get("grievances") or [],
    )
    for key in ("lines", "bluffs", "favours", "dialogue"):
        side_a.pop(key, None)
    data["npcs"] = [side_a]
    for card in data.get("evidence") or ():
        card["holder"] = swap.get(card.get("holder", PLAYER), card.get("holder", PLAYER))
    rules = data.get("rules") or {}
    if "first_mover" in rules:
        rules["first_mover"] = swap.get(rules["first_mover"], rules["first_mover"])
    data["objectives"] = []
    data.pop("role_play", None)
    data.pop("translations", None)  # written for side A's ids; side B's level is English
    raw = json.dumps(data).encode("utf-8")
    return load_level_bytes(
        raw, f"{level.source} (as {npc['name']})", level.base_dir, check_reachability=False
    )


def swap_ids(value: Any, a: str, b: str) -> Any:
    """Return ``value`` (JSON-like) with the party ids ``a`` and ``b`` swapped wherever they
    appear as a value or a key (actors, utilities per party, targets)."""
    if isinstance(value, str):
        return b if value == a else a if value == b else value
    if isinstance(value, dict):
        return {swap_ids(k, a, b): swap_ids(v, a, b) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [swap_ids(v, a, b) for v in value]
    return value
