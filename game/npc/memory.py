"""An NPC's memory of the player: a plain, versioned dict the store keeps between plays.

::

    {
      "schema_version": 1,
      "trust": 62.0, "rapport": 14.0,
      "grievances_open": [{"id", "text", "severity", "origin", "shared_account", "weight", "since"}],
      "grievances_resolved": [{"id", "text", "origin", "resolved_by", "on"}],
      "meetings": 3, "last_met": "2025-03-14", "deals": 2, "no_deals": 1,
      "history": [{"date", "level", "agreement", "trust_change", "rapport_change", "player_share"}],
      "favours": [{"id", "owed_by", "issue", "worth", "level", "meeting", "status", ...}]
    }

``favours`` is the favour ledger (:mod:`game.npc.favours`): who owes whom, on what issue,
since which meeting, and how it ended (open, repaid, resented).  Absent in older memories.

``memory_from_spec`` is the memory before a first meeting; ``apply_memory`` turns a stored
memory into the spec an NPC starts a match with; ``updated_memory`` is the memory after a
match.  Between meetings, open grievances fade when the relationship improved
("forgetting"); exploiting an NPC or being caught in a lie leaves a grievance with origin
``history`` for next time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from game.engine.phrases import N_
from game.npc.relationship import GrievanceState, Relationship
from game.npc.spec import Grievance, NpcSpec

MEMORY_VERSION = 1
HISTORY_KEPT = 10
FAVOURS_KEPT = 20
FADE_PER_MEETING = 0.5
"""How much of an open grievance fades after a meeting in which the relationship improved."""

HISTORY_GRIEVANCES = {
    "exploited": (
        "history-exploited",
        N_("Last time you squeezed almost everything out of me."),
        2,
        N_("You drove a hard bargain last time and I took it badly. Neither of us wants a repeat."),
    ),
    "lied": (
        "history-lied",
        N_("Last time you told me one thing about your priorities and bargained for another."),
        2,
        N_(
            "You weren't straight with me about what mattered to you, and I stopped trusting your words."
        ),
    ),
    "bluffed": (
        "history-bluffed",
        N_("Last time you claimed a better offer you didn't have."),
        1,
        N_("You bluffed about your alternative and I saw through it."),
    ),
}

REPUTATION = {
    "history-exploited": (
        "reputation-exploited",
        N_("I've heard you squeeze the people you deal with for every last cent."),
        2,
        N_(
            "I have driven hard bargains before and people got hurt by them. I don't want to do that here."
        ),
    ),
    "history-lied": (
        "reputation-lied",
        N_("People say your word about what matters to you can't be trusted."),
        2,
        N_("I haven't always been straight about what I wanted. You deserve better from me."),
    ),
    "history-bluffed": (
        "reputation-bluffed",
        N_("Word is you bluff about offers you don't have."),
        1,
        N_("I have bluffed about my alternatives before. I'll tell you what my real one is."),
    ),
}
"""Grievances an NPC meeting the player for the first time has *heard* from others: each
stands for a history grievance some other NPC still holds against the player."""
MAX_REPUTATION = 2


def with_reputation(spec: NpcSpec, others: Mapping[str, Mapping[str, Any]]) -> NpcSpec:
    """Return the spec with the grievances word of the player's past behaviour brings.

    ``others`` are the memories other NPCs keep of this player: every open grievance of
    origin "history" there (exploited, lied, bluffed) becomes a grievance of origin
    "history" here, at most :data:`MAX_REPUTATION`, the most severe first.
    """
    heard: dict[str, int] = {}
    for memory in others.values():
        for item in memory.get("grievances_open", []) if isinstance(memory, Mapping) else []:
            key = item.get("id") if isinstance(item, Mapping) else None
            if item.get("origin") == "history" and key in REPUTATION:
                heard[key] = heard.get(key, 0) + 1
    if not heard:
        return spec
    have = {g.id for g in spec.grievances}
    order = sorted(heard, key=lambda k: (-REPUTATION[k][2], -heard[k], k))
    added = []
    for key in order[:MAX_REPUTATION]:
        identifier, text, severity, account = REPUTATION[key]
        if identifier not in have:
            added.append(
                Grievance(
                    id=identifier,
                    text=text,
                    severity=severity,
                    origin="history",
                    shared_account=account,
                )
            )
    grievances = [*spec.grievances, *added][:10]
    return spec.model_copy(update={"grievances": grievances})


def memory_from_spec(spec: NpcSpec) -> dict[str, Any]:
    """Return the memory an NPC has before it ever met this player (from the level)."""
    return {
        "schema_version": MEMORY_VERSION,
        "trust": float(spec.trust),
        "rapport": float(spec.rapport),
        "grievances_open": [_grievance_dict(g, None) for g in spec.grievances],
        "grievances_resolved": [],
        "meetings": 0,
        "last_met": None,
        "deals": 0,
        "no_deals": 0,
        "history": [],
        "favours": [],
    }


def check_memory(memory: Mapping[str, Any]) -> dict[str, Any]:
    """Return a clean copy of a stored memory; ValueError when it cannot be read."""
    if not isinstance(memory, Mapping):
        raise ValueError("an NPC memory must be a mapping")
    version = memory.get("schema_version")
    if version != MEMORY_VERSION:
        raise ValueError(f"unknown NPC memory version {version!r} (expected {MEMORY_VERSION})")
    clean = dict(memory)
    clean["trust"] = min(max(float(memory.get("trust", 50.0)), 0.0), 100.0)
    clean["rapport"] = min(max(float(memory.get("rapport", 0.0)), -100.0), 100.0)
    clean["grievances_open"] = [dict(g) for g in memory.get("grievances_open", [])]
    clean["grievances_resolved"] = [dict(g) for g in memory.get("grievances_resolved", [])]
    clean["meetings"] = int(memory.get("meetings", 0))
    clean["last_met"] = memory.get("last_met")
    clean["deals"] = int(memory.get("deals", 0))
    clean["no_deals"] = int(memory.get("no_deals", 0))
    clean["history"] = [dict(h) for h in memory.get("history", [])][-HISTORY_KEPT:]
    favours = memory.get("favours", [])
    clean["favours"] = [dict(f) for f in favours if isinstance(f, Mapping)][-FAVOURS_KEPT:]
    return clean


def apply_memory(spec: NpcSpec, memory: Mapping[str, Any] | None) -> NpcSpec:
    """Return the spec an NPC starts a match with, given what it remembers (None: the level's)."""
    if not memory:
        return spec
    memory = check_memory(memory)
    resolved = {g.get("id") for g in memory["grievances_resolved"]}
    remembered = {g.get("id") for g in memory["grievances_open"]}
    grievances = []
    for item in memory["grievances_open"]:
        weight = float(item.get("weight", item.get("severity", 2)))
        grievances.append(
            Grievance(
                id=item["id"],
                text=item["text"],
                severity=min(max(math.ceil(weight - 1e-9), 1), 3),
                origin=item.get("origin", "backstory"),
                shared_account=item.get("shared_account"),
            )
        )
    for grievance in spec.grievances:
        if grievance.id not in resolved and grievance.id not in remembered:
            grievances.append(grievance)  # a grievance the level added since the last meeting
    return spec.model_copy(
        update={
            "trust": memory["trust"],
            "rapport": memory["rapport"],
            "grievances": grievances[:10],
        }
    )


def updated_memory(
    previous: Mapping[str, Any] | None,
    spec: NpcSpec,
    relationship: Relationship,
    *,
    level_id: str,
    today: date,
    agreement: bool,
    player_share: float | None,
    earned: tuple[str, ...] = (),
    favours: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Return the memory after a match.

    ``favours`` is the favour ledger after the match (None: the one remembered stays).

    ``earned`` names history grievances the player's behaviour created (keys of
    :data:`HISTORY_GRIEVANCES`).  Open grievances fade when trust and rapport both ended
    no lower than they started.
    """
    base = check_memory(previous) if previous else memory_from_spec(spec)
    day = today.isoformat()
    weights = {
        g.get("id"): float(g.get("weight", g.get("severity", 2))) for g in base["grievances_open"]
    }
    since = {g.get("id"): g.get("since") for g in base["grievances_open"]}
    trust_change = relationship.trust - relationship.start_trust
    rapport_change = relationship.rapport - relationship.start_rapport
    improved = trust_change > 0 and rapport_change >= 0
    open_items: list[dict[str, Any]] = []
    resolved_items = list(base["grievances_resolved"])
    for grievance in relationship.grievances:
        if grievance.resolved_by is not None:
            resolved_items.append(
                {
                    "id": grievance.id,
                    "text": grievance.text,
                    "origin": grievance.origin,
                    "resolved_by": grievance.resolved_by,
                    "on": day,
                }
            )
            continue
        weight = weights.get(grievance.id, float(grievance.severity))
        if improved:
            weight -= FADE_PER_MEETING
        if weight <= 0:
            resolved_items.append(
                {
                    "id": grievance.id,
                    "text": grievance.text,
                    "origin": grievance.origin,
                    "resolved_by": "faded",
                    "on": day,
                }
            )
            continue
        item = _grievance_dict(grievance, since.get(grievance.id) or day)
        item["weight"] = round(weight, 3)
        open_items.append(item)
    for key in earned:
        identifier, text, severity, account = HISTORY_GRIEVANCES[key]
        existing = next((g for g in open_items if g["id"] == identifier), None)
        if existing is not None:
            existing["severity"] = min(int(existing["severity"]) + 1, 3)
            existing["weight"] = float(existing["severity"])
        else:
            state = GrievanceState(identifier, text, severity, "history", account)
            item = _grievance_dict(state, day)
            item["weight"] = float(severity)
            open_items.append(item)
    history = list(base["history"])
    history.append(
        {
            "date": day,
            "level": level_id,
            "agreement": agreement,
            "trust_change": round(trust_change, 3),
            "rapport_change": round(rapport_change, 3),
            "player_share": None if player_share is None else round(player_share, 3),
        }
    )
    return {
        "schema_version": MEMORY_VERSION,
        "trust": round(relationship.trust, 3),
        "rapport": round(relationship.rapport, 3),
        "grievances_open": open_items[:10],
        "grievances_resolved": resolved_items[-20:],
        "meetings": base["meetings"] + 1,
        "last_met": day,
        "deals": base["deals"] + (1 if agreement else 0),
        "no_deals": base["no_deals"] + (0 if agreement else 1),
        "history": history[-HISTORY_KEPT:],
        "favours": list(base.get("favours", []) if favours is None else favours)[-FAVOURS_KEPT:],
    }


def _grievance_dict(grievance: Grievance | GrievanceState, since: str | None) -> dict[str, Any]:
    return {
        "id": grievance.id,
        "text": grievance.text,
        "severity": int(grievance.severity),
        "origin": grievance.origin,
        "shared_account": grievance.shared_account,
        "weight": float(getattr(grievance, "weight", 0.0) or grievance.severity),
        "since": since,
    }
