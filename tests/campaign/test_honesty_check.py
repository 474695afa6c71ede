"""Honesty is judged right, or not at all.

An NPC checks the priorities a player stated against what its offers show
(``FrequencyModel.honesty_evidence``: do its concessions cost little by the statement, or
only by the statement turned upside down?) and says so: ``honest`` (+6 trust) or ``lie``
(a grievance that travels) along the way; a lie not seen along the way can still be called
once the meeting is over, from all the offers it saw.  Too little evidence -- few different offers, offers that gave
nothing, a statement that ranks nothing -- gives no verdict.

Two players bargain alike (the integrator's logrolling) on every built-in level with two
or more issues, over 100 seeds that no level was tuned on (7300..7399; the levels and the
lesson tests use 0..15 and 200..215; the check itself was developed on 7500..7599 and only
confirmed on these):

* ``integrator`` states its true weights: called a liar in at most 5 % of the verdicts;
* ``liar`` states them upside down: caught (called a liar) in at least 80 % of the meetings
  that reached a verdict, and never called honest more often than caught.

The report that asked for this: truthful players were called liars in 112 of 303
verdicts, and on season-autumn and climate-accord every honest player was.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.bots import make_bot, play
from game.npc.runtime import NpcRuntime

from .draws import seed_draw

pytestmark = pytest.mark.slow

LEVELS = Path(__file__).resolve().parents[2] / "levels"
SEEDS = seed_draw("HONESTY_SEEDS_FROM", 7300, 100)
"""Never used for tuning (the honesty check was developed on 7500..7599).
``HONESTY_SEEDS_FROM=10600`` runs the check on another draw of 100."""
MULTI_ISSUE = sorted(
    p.stem
    for p in LEVELS.glob("*.json")
    if p.name != "level.schema.json" and len(load_level(p).negotiation.space.issues) >= 2
)


@cache
def verdicts(level_id: str, player: str) -> tuple[int, int, int, int]:
    """Return (honest verdicts, lie verdicts, meetings with a verdict, meetings caught)."""
    level = load_level(LEVELS / f"{level_id}.json")
    runtime = NpcRuntime()
    honest = lies = judged = caught = 0
    for seed in SEEDS:
        match = start_match(level, seed=seed, runtime=runtime)
        play(match, make_bot(player, match, seed))
        for controller in match.controllers.values():
            relationship = controller.brain.relationship
            said_honest = relationship.count("honest")
            said_lie = relationship.count("lie")
            honest += said_honest
            lies += said_lie
            if said_honest or said_lie:
                judged += 1
                caught += said_lie > 0
    return honest, lies, judged, caught


def test_the_levels_checked_have_two_issues_or_more():
    assert "market-stall" not in MULTI_ISSUE and "tablet-deal" in MULTI_ISSUE
    assert len(MULTI_ISSUE) >= 15


@pytest.mark.parametrize("level_id", MULTI_ISSUE)
def test_a_truthful_player_is_called_a_liar_in_at_most_5_percent_of_verdicts(level_id):
    honest, lies, _, _ = verdicts(level_id, "integrator")
    if honest + lies:
        assert lies <= 0.05 * (honest + lies), (honest, lies)


@pytest.mark.parametrize("level_id", MULTI_ISSUE)
def test_a_player_stating_inverted_priorities_is_caught(level_id):
    honest, lies, judged, caught = verdicts(level_id, "liar")
    if judged:
        assert caught >= 0.8 * judged, (honest, lies, judged, caught)


@pytest.mark.parametrize(
    "level_id", ["bike-sale", "chore-chart", "print-run", "season-winter", "tariff-talks"]
)
def test_the_liar_is_caught_in_most_meetings_by_their_end(level_id):
    # where it used to slip through: an honest look early on (bike-sale, season-winter), or
    # no verdict at all (chore-chart, print-run, tariff-talks: now mostly at the end, from
    # all its offers).  season-autumn, season-spring and climate-accord still reach no
    # verdict in about half their meetings or more: too few or too uninformative offers.
    _, _, _, caught = verdicts(level_id, "liar")
    assert caught >= 0.8 * len(SEEDS), caught


def test_over_every_level_verdicts_are_mostly_right():
    truthful = [verdicts(level_id, "integrator") for level_id in MULTI_ISSUE]
    liar = [verdicts(level_id, "liar") for level_id in MULTI_ISSUE]
    honest, lies = sum(v[0] for v in truthful), sum(v[1] for v in truthful)
    assert honest >= 300 and lies <= 0.05 * (honest + lies)
    judged, caught = sum(v[2] for v in liar), sum(v[3] for v in liar)
    assert judged >= 300 and caught >= 0.8 * judged
