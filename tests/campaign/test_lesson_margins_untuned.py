"""Every lesson's margin over the tempting wrong move, on 64 seeds never used for tuning.

The lesson tests (``test_lessons.py``) prove each lesson on seeds 0..9 (and 0..15, 100..119,
200..215), the seeds the levels and the lesson players were tuned on.  This test replays
the star margins they assert on seeds 8400..8463: drawn apart from those, from the exploit
suite's 8100..8131, from the trust checks' 9000..9031 and from the 7000..7063 looked at
while retuning the NPCs, and not looked at before this test was written.  Per level it
plays only the lesson player and the one baseline each margin is stated against (the
haggler unless the lesson names another), so it stays near two minutes on two cores.

Where a margin does not hold on these seeds, :data:`KNOWN_SHORT` says so with the numbers;
the test fails on any other level that falls short, and on a listed one that no longer does.
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

from .draws import seed_draw

pytestmark = pytest.mark.slow

LEVELS = Path(__file__).resolve().parents[2] / "levels"
SEEDS = seed_draw("MARGIN_SEEDS_FROM", 8400, 64)
"""Never used for tuning (see the module's docstring).  ``MARGIN_SEEDS_FROM=9900`` replays the
margins on another draw of 64."""

MARGINS: dict[str, tuple[str, float]] = {
    # level: (the baseline, the star margin test_lessons asserts over it).  Where that test
    # states it against something other than a bot (the best plain package at the clause
    # levels, the 50/50 split at the chore chart) the haggler stands for it, with the same
    # margin; spring's is the season's.
    "market-stall": ("haggler", 1.5),
    "used-car": ("accepter", 2.5),  # walker +1 over the accepter, teacher +1.5 over the walker
    "print-run": ("haggler", 1.5),
    "tablet-deal": ("haggler", 0.8),
    "job-offer": ("haggler", 1.5),
    "hotel-bread": ("haggler", 1.5),
    "cargo-bikes": ("haggler", 1.5),
    "book-deal": ("grudge", 3.0),
    "cafe-fitout": ("haggler", 2.0),
    "app-earnout": ("haggler", 2.0),
    "chore-chart": ("haggler", 1.0),
    "bike-sale": ("haggler", 1.0),
    "freelance-quote": ("haggler", 1.0),
    "tariff-talks": ("haggler", 0.6),
    "climate-accord": ("haggler", 1.0),
    "two-forks": ("grudge", 2.5),
    "season-autumn": ("haggler", 0.8),
    "season-winter": ("grudge", 1.5),
    "season-spring": ("grudge", 2.0),
}
"""Spring is played as the season it closes (below), as test_lessons proves it."""

SEASON = ("season-autumn", "season-winter", "season-spring")

KNOWN_SHORT: dict[str, str] = {}
"""Level -> its numbers, for a margin that does not hold on these seeds.  (The cafe's
reconciler, 1.97 stars against the haggler's 0.00 when it ended 22 of the 64 runs with no
deal, is off the list: its last offer now comes a round before the deadline.  So is the job offer:
its third star asked for a 0.72 deal, out of reach in the meetings where Priya's "final"
salary was true, so a player who tested the claim and was shown the proof stopped at two
stars; the star now asks that her claims be tested, and the lesson is played by the
teacher, as on most levels.)"""


@cache
def _runtime(level_id: str) -> NpcRuntime:
    return NpcRuntime()


@cache
def _level(level_id: str):
    return load_level(LEVELS / f"{level_id}.json")


@cache
def mean_stars(level_id: str, bot: str) -> float:
    """Return a bot's mean stars on a level over SEEDS (spring: at the end of the season,
    the same bot playing autumn and winter first, the NPC's memory carried)."""
    chapter = SEASON if level_id == "season-spring" else (level_id,)
    stars = []
    for seed in SEEDS:
        memories = None
        for meeting in chapter:
            level = _level(meeting)
            match = start_match(level, seed=seed, memories=memories, runtime=_runtime(meeting))
            play(match, make_bot(bot, match, seed))
            score = finished_record(match, level, seed)[1]
            memories = match.memories()
        stars.append(score.stars)
    return statistics.fmean(stars)


def test_every_level_has_a_margin():
    on_disk = sorted(p.stem for p in LEVELS.glob("*.json") if p.name != "level.schema.json")
    assert sorted(MARGINS) == on_disk


@pytest.mark.parametrize("level_id", sorted(MARGINS))
def test_the_lesson_margin_holds_on_untuned_seeds(level_id):
    baseline, margin = MARGINS[level_id]
    lesson = mean_stars(level_id, lesson_bot(level_id, _level(level_id).model.kind))
    other = mean_stars(level_id, baseline)
    holds = lesson >= other + margin - 1e-9
    numbers = f"lesson {lesson:.2f}, {baseline} {other:.2f}, margin {margin}"
    if level_id in KNOWN_SHORT:
        assert not holds, f"{level_id} holds now ({numbers}): take it off KNOWN_SHORT"
        assert lesson > other, numbers  # short of the margin, never behind the baseline
    else:
        assert holds, numbers


# Seeds where the reconciler, moving last in each round at the cafe, conceded to its
# floor only with the offer of the last round, which ends the talks unanswered.
CAFE_SHORT_SEEDS = (8408, 8410, 8413, 8418, 8420)


@pytest.mark.parametrize("seed", CAFE_SHORT_SEEDS)
def test_the_cafes_lesson_player_makes_its_last_offer_while_marta_can_answer(seed):
    level = _level("cafe-fitout")
    match = start_match(level, seed=seed, runtime=_runtime("cafe-fitout"))
    bot = make_bot(lesson_bot("cafe-fitout"), match, seed)
    assert bot.brain.deadline == match.deadline - 1  # Marta opens: the player closes rounds
    play(match, bot)
    record, score = finished_record(match, level, seed)
    assert record["agreement"] and score.stars == 3
    assert record["outcome"].get("clause")  # the bet on the date, as the lesson asks
