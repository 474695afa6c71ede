"""Turn a loaded level into a match: NPC seats with their memories, evidence, mediator rules.

This is the one place that knows both the level format and the NPC package (levels may
import npc; npc never imports levels).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from game.i18n import language as language_in_use
from game.levels.loader import LoadedLevel
from game.levels.text import level_text, shown_issues
from game.npc.match import EvidenceCard, Match, MatchConfig, Seat, override_strategy
from game.npc.memory import apply_memory, with_reputation
from game.npc.runtime import NpcRuntime
from game.npc.spec import ARCHETYPES, NpcSpec

NPC_ARCHETYPES = ARCHETYPES


def match_config(
    level: LoadedLevel,
    *,
    memories: dict[str, dict[str, Any]] | None = None,
    npc_override: str | None = None,
    rounds: int | None = None,
    reputation: dict[str, dict[str, Any]] | None = None,
    language: str | None = None,
) -> MatchConfig:
    """Return the match configuration of a level (memories applied, strategy replaced).

    The characters speak ``language`` (default: the language in use): their names, lines,
    interests and cards come from the level's translation where it has them.  Ids, option
    labels and every number stay the English level's, so moves and records do not depend
    on the language.

    ``reputation`` holds what every NPC the player met remembers (the store's
    relationships).  In a grievance level an NPC meeting the player for the first time has
    heard of how the player treated the others: their open "history" grievances come to
    the table with it (``game.npc.memory.with_reputation``).
    """
    if npc_override is not None and npc_override not in ARCHETYPES:
        raise ValueError(f"unknown NPC archetype {npc_override!r}; one of {', '.join(ARCHETYPES)}")
    if rounds is not None and not 1 <= rounds <= 1000:
        raise ValueError("rounds must lie between 1 and 1000")
    language = language_in_use() if language is None else language
    model = level.model
    shown = level_text(model, language)
    if shown is model:  # no translation: the characters speak the level's English
        language = "en"
    npc_shown = {npc.id: npc for npc in shown.npcs}
    negotiation = level.negotiation
    if rounds is not None and rounds != negotiation.rules.deadline_rounds:
        negotiation = replace(negotiation, rules=replace(negotiation.rules, deadline_rounds=rounds))
    memories = memories or {}
    seats = []
    for english in level.party_npcs:
        npc = npc_shown[english.id]
        spec: NpcSpec = npc
        if npc_override is not None:
            spec = override_strategy(spec, npc_override)
        memory = memories.get(npc.id)
        spec = apply_memory(spec, memory)
        if memory is None and reputation and model.kind == "grievance":
            others = {k: v for k, v in reputation.items() if k != npc.id}
            spec = with_reputation(spec, others)
        seats.append(Seat(npc.id, npc.name, spec, memory))
    mediator = None if level.mediator is None else npc_shown[level.mediator.id]
    mediator_seat = None if mediator is None else Seat(mediator.id, mediator.name, mediator)
    evidence = tuple(
        EvidenceCard(card.id, card.title, card.text, card.holder, card.issue, card.benchmark)
        for card in shown.evidence
    )
    return MatchConfig(
        negotiation=negotiation,
        analysis=level.analysis,  # the analysis does not depend on the deadline
        seats=tuple(seats),
        mediator=mediator_seat,
        mediator_allowed=model.rules.mediator.allowed,
        mediator_after_round=model.rules.mediator.after_round,
        evidence=evidence,
        player_grievances=tuple(shown.player.grievances),
        player_name=shown.player.name,
        reverse=model.kind == "reverse",
        level_id=model.id,
        level_version=model.version,
        level_kind=model.kind,
        language=language,
        shown_issues=(
            () if shown is model else shown_issues(model, negotiation.space.issues, language)
        ),
        shown_events=(
            ()
            if shown is model
            else tuple(
                (said.id, said.description)
                for said, english in zip(shown.events, model.events, strict=True)
                if said.description != english.description  # translated
            )
        ),
    )


def start_match(
    level: LoadedLevel,
    *,
    seed: int,
    memories: dict[str, dict[str, Any]] | None = None,
    npc_override: str | None = None,
    rounds: int | None = None,
    runtime: NpcRuntime | None = None,
    reputation: dict[str, dict[str, Any]] | None = None,
) -> Match:
    """Return a new match of a level (an NPC that moves first has already opened)."""
    config = match_config(
        level, memories=memories, npc_override=npc_override, rounds=rounds, reputation=reputation
    )
    return Match(config, seed=seed, runtime=runtime)
