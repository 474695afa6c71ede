"""Concession answers the player: stonewalling does not pay, and neither does farming trust.

The report: a player who repeated its own best package and accepted on the last turn got
0.725 on job-offer (the lesson player 0.73) and three stars on half of market-stall's
runs; NPCs conceded on a clock, and trust sped the clock up.  Seeds 8300..8331 were never
used for tuning.
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
SEEDS = range(8300, 8332)
"""Never used for tuning."""


@cache
def results(level_id: str, player: str) -> tuple[tuple[int, float], ...]:
    level = load_level(LEVELS / f"{level_id}.json")
    runtime = NpcRuntime()
    rows = []
    for seed in SEEDS:
        match = start_match(level, seed=seed, runtime=runtime)
        play(match, make_bot(player, match, seed))
        record, score = finished_record(match, level, seed)
        rows.append((score.stars, record["utilities"]["player"]))
    return tuple(rows)


def mean_utility(level_id: str, player: str) -> float:
    return statistics.fmean(u for _, u in results(level_id, player))


def test_stonewalling_job_offer_claims_clearly_less_than_the_lesson():
    assert mean_utility("job-offer", "stonewall") <= mean_utility("job-offer", "integrator") - 0.05


def test_stonewalling_market_stall_never_earns_three_stars():
    assert all(stars < 3 for stars, _ in results("market-stall", "stonewall"))
    assert mean_utility("market-stall", "stonewall") < mean_utility("market-stall", "teacher")


@pytest.mark.parametrize("level_id", ["job-offer", "tablet-deal", "season-autumn", "hotel-bread"])
def test_stonewalling_earns_less_than_the_lesson_player(level_id):
    lesson = lesson_bot(level_id)
    stonewall = [s for s, _ in results(level_id, "stonewall")]
    assert statistics.fmean(stonewall) + 0.5 <= statistics.fmean(
        s for s, _ in results(level_id, lesson)
    )


def test_tiny_steps_do_not_add_up_to_a_deal_worth_having():
    for level_id in ("job-offer", "tablet-deal", "market-stall"):
        assert mean_utility(level_id, "tiny-steps") < mean_utility(level_id, "boulware")
