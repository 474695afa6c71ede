"""The season chapter's favour: keeping it pays over taking it and never giving it back.

Helen (``season-client``) does the player a favour when asked and expects it back at the
next meeting (``favours.due`` "next_meeting" in autumn and winter); winter and spring have
a third-star objective ``favours_kept``.  The chapter is played in order (autumn, winter,
spring), Helen's memory carried from one meeting to the next as the store carries it, by

* ``reconciler`` -- the season's lesson player: asks one favour a meeting and returns each
  favour the meeting Helen asks for it back;
* ``favour-taker`` -- the same player, who never returns one.

Seeds 6600..6663 were drawn for this test apart from every seed the levels, the lesson
tests and the exploit suite were tuned or checked on (0..15, 100..119, 200..215,
7000..7063, 8100..8131, 9000..9031) and were not looked at while the favour rules were
written, except 6600..6615, which were used once to check the first draft.
"""

from __future__ import annotations

import statistics
from functools import cache
from pathlib import Path

import pytest

from game.campaign.lessons import lesson_bot
from game.finish import finished_record
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.bots import make_bot, play
from game.npc.runtime import NpcRuntime

pytestmark = pytest.mark.slow

LEVELS = Path(__file__).resolve().parents[2] / "levels"
SERIES = ("season-autumn", "season-winter", "season-spring")
SEEDS = tuple(range(6600, 6664))
HELEN = "season-client"


@cache
def level(level_id: str):
    return load_level(LEVELS / f"{level_id}.json")


@cache
def runtime(level_id: str) -> NpcRuntime:
    return NpcRuntime()


@cache
def chapter(bot: str | None) -> tuple[dict, ...]:
    """Play the chapter on every seed (``None``: each meeting's lesson bot); return per seed
    the stars and utilities per meeting, the final trust and the ledger at the end."""
    results = []
    for seed in SEEDS:
        memories = None
        stars, utilities, ledgers = [], [], []
        for level_id in SERIES:
            lv = level(level_id)
            match = start_match(lv, seed=seed, memories=memories, runtime=runtime(level_id))
            name = bot or lesson_bot(level_id, lv.model.kind)
            play(match, make_bot(name, match, seed))
            record, score = finished_record(match, lv, seed)
            stars.append(score.stars)
            utilities.append(record["utilities"]["player"])
            ledgers.append(match.favours()[HELEN])
            memories = match.memories()
        results.append(
            {
                "stars": stars,
                "utilities": utilities,
                "trust": record["trust_final"][HELEN],
                "ledgers": ledgers,
            }
        )
    return tuple(results)


def mean(values) -> float:
    return statistics.fmean(values)


def test_keeping_favours_beats_taking_them_across_the_chapter():
    keeper, taker = chapter("reconciler"), chapter("favour-taker")
    keeper_total = mean(sum(r["stars"]) for r in keeper)
    taker_total = mean(sum(r["stars"]) for r in taker)
    assert keeper_total >= taker_total + 1.0, (keeper_total, taker_total)
    for meeting in (1, 2):  # winter and spring, once the favour is due
        assert mean(r["stars"][meeting] for r in keeper) > mean(r["stars"][meeting] for r in taker)
    # the favour kept costs nothing over the chapter: the taker's unpaid favour is won back
    # by a harder Helen in spring
    assert mean(sum(r["utilities"]) for r in keeper) >= mean(sum(r["utilities"]) for r in taker)
    assert mean(r["trust"] for r in keeper) >= mean(r["trust"] for r in taker) + 3


def test_the_taker_is_resented_and_the_keeper_never_is():
    for result in chapter("favour-taker"):
        statuses = [e["status"] for e in result["ledgers"][-1] if e["owed_by"] == "player"]
        assert "resented" in statuses
    for result in chapter("reconciler"):
        final = result["ledgers"][-1]
        assert not [e for e in final if e["status"] == "resented"]


def test_the_lesson_players_ask_a_favour_in_autumn_and_return_it_in_winter():
    returned = 0
    for result in chapter(None):
        autumn, winter = result["ledgers"][0], result["ledgers"][1]
        asked = [e for e in autumn if e["owed_by"] == "player" and e["level"] == "season-autumn"]
        kept = [
            e
            for e in winter
            if e["level"] == "season-autumn"
            and e["status"] == "repaid"
            and e["settled_level"] == "season-winter"
        ]
        returned += bool(asked and kept)
        assert not [e for e in result["ledgers"][-1] if e["status"] == "resented"]
    assert returned >= 0.8 * len(SEEDS)


# ----------------------------------------------------------------------------- gaming favours

GAMING = ("favour-farmer", "empty-repayer", "spam:ask_favour", "spam:grant_favour")
GAMING_SEEDS = tuple(range(6700, 6716))
"""Drawn apart like SEEDS (see the module's docstring); looked at once, when this was written."""


@cache
def trust_gained(level_id: str, player: str) -> float:
    """Return a player's mean trust change (the least among the NPCs) over GAMING_SEEDS."""
    from game.npc.bots import SpammerBot

    lv = level(level_id)
    gains = []
    for seed in GAMING_SEEDS:
        match = start_match(lv, seed=seed, runtime=runtime(level_id))
        if player.startswith("spam:"):
            bot = SpammerBot(match, seed, (player.removeprefix("spam:"),))
        else:
            bot = make_bot(player, match, seed)
        play(match, bot)
        gains.append(min(match.trust_change().values()))
    return mean(gains)


@pytest.mark.parametrize("level_id", ["season-autumn", "tablet-deal", "job-offer"])
def test_favours_asked_every_round_trivial_or_returned_in_words_farm_no_trust(level_id):
    plain = trust_gained(level_id, "boulware")
    for player in GAMING:
        assert trust_gained(level_id, player) < plain, player
