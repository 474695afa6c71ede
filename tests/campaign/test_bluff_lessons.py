"""The bluffing lesson, proven by simulation: testing the other side's claims pays.

Three campaign levels give their character a claim that is a bluff in most meetings and
true in the rest (``misrepresentations`` in the level file, see ``game.npc.bluffs``):

* market-stall -- Rosa calls her price final three-quarters of the way in;
* print-run -- Viktor says a school will take his presses at $11 a shirt;
* job-offer -- Priya calls the salary final, and says the start date matters most to her.

Each level's lesson player (``game.campaign.lessons``) is played three ways, everything
else the same: the **prober** (the lesson player as it is: asks for proof, calls a bluff
that wavers, points out a contradiction, respects a claim that is backed), the **believer**
(takes an alternative or a last word at face value and takes the first offer that beats
its BATNA from then on) and the **accuser** (calls every claim a bluff at once).

Seeds 6700..6763 were never used for tuning: the claims and the probing rules were tuned
on 6400..6463 (and the levels' other lessons on 0..15 and 200..215), and these were not
run before this test was written. (The test was first written on 6600..6663; when the
print shop's claim and the cost of a false accusation were changed afterwards -- for the
talk-exploit check on 9000..9031 -- it moved to a range not yet run.)
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
from game.npc.bots import BOTS, play
from game.npc.runtime import NpcRuntime

from .draws import seed_draw

pytestmark = pytest.mark.slow

LEVELS = Path(__file__).resolve().parents[2] / "levels"
SEEDS = seed_draw("BLUFF_SEEDS_FROM", 6700, 64)
"""Never used for tuning (see the module's docstring).  ``BLUFF_SEEDS_FROM=10800`` runs the
lesson on another draw of 64."""
BLUFF_LEVELS = ("market-stall", "print-run", "job-offer")
WAYS = ("probe", "believe", "accuse")


@cache
def _level(level_id: str):
    return load_level(LEVELS / f"{level_id}.json")


@cache
def results(level_id: str, way: str) -> tuple[tuple[int, ...], tuple[float, ...], tuple[dict, ...]]:
    """Return (stars, score values, claims records) of the lesson player played ``way``."""
    lv = _level(level_id)
    runtime = NpcRuntime()
    base = BOTS[lesson_bot(level_id)]
    bot = type(f"{base.__name__}{way.title()}", (base,), {"probes": way})
    stars, values, claims = [], [], []
    for seed in SEEDS:
        match = start_match(lv, seed=seed, runtime=runtime)
        play(match, bot(match, seed))
        record, score = finished_record(match, lv, seed)
        stars.append(score.stars)
        values.append(score.value)
        claims.append(tuple(record.get("claims", ())))
    return tuple(stars), tuple(values), tuple(claims)


def test_the_lesson_players_probe():
    for level_id in BLUFF_LEVELS:
        assert BOTS[lesson_bot(level_id)].probes == "probe", level_id


@pytest.mark.parametrize("level_id", BLUFF_LEVELS)
def test_claims_are_made_and_some_are_true(level_id):
    _, _, claims = results(level_id, "probe")
    made = [row for rows in claims for row in rows]
    assert sum(1 for rows in claims if rows) >= len(SEEDS) * 0.9
    bluffs = sum(1 for row in made if row["bluff"])
    assert 0 < len(made) - bluffs < bluffs  # mostly bluffs, sometimes true


@pytest.mark.parametrize("level_id", BLUFF_LEVELS)
def test_probing_beats_believing_by_half_a_star_and_005(level_id):
    probe_stars, probe_values, _ = results(level_id, "probe")
    stars, values, _ = results(level_id, "believe")
    assert statistics.fmean(probe_stars) >= statistics.fmean(stars) + 0.5, (probe_stars, stars)
    assert statistics.fmean(probe_values) >= statistics.fmean(values) + 0.05


@pytest.mark.parametrize("level_id", BLUFF_LEVELS)
def test_probing_beats_accusing_everything(level_id):
    """Calling every claim a bluff catches the bluffs too, but a true claim called a bluff
    costs trust and makes the other side hold out for more: the prober, who asks first,
    earns more stars and more on average."""
    probe_stars, probe_values, probe_claims = results(level_id, "probe")
    stars, values, claims = results(level_id, "accuse")
    assert statistics.fmean(probe_stars) >= statistics.fmean(stars) + 0.1, (probe_stars, stars)
    assert statistics.fmean(probe_values) > statistics.fmean(values)
    assert any(row["accused"] for rows in claims for row in rows)
    assert not any(row["accused"] for rows in probe_claims for row in rows)


@pytest.mark.parametrize("level_id", BLUFF_LEVELS)
def test_the_prober_calls_bluffs_and_the_believer_is_caught_by_them(level_id):
    _, _, probe_claims = results(level_id, "probe")
    _, _, believe_claims = results(level_id, "believe")
    probe_rows = [row for rows in probe_claims for row in rows if row["bluff"]]
    assert all(row["response"] == "called" for row in probe_rows)
    believed = [row for rows in believe_claims for row in rows if row["response"] == "believed"]
    # (at the print shop the believer's price cards undercut the claimed order, yet it
    # still takes the first offer above its BATNA)
    assert believed or level_id == "print-run"


def test_a_true_last_price_at_the_market_stall_still_leaves_two_stars():
    """Rosa calls her price final three-quarters of the way in (round 9 of 12).  When she
    means it, the prober, shown that she does, pays her last price and keeps two stars ($50
    or less): the truth is no reason to score a player who tested it as one who gave in.
    When she bluffs, the prober calls it and pays $44 or less: three stars."""
    stars, _, claims = results("market-stall", "probe")
    true = [s for s, rows in zip(stars, claims, strict=True) if rows and not rows[0]["bluff"]]
    bluffed = [s for s, rows in zip(stars, claims, strict=True) if rows and rows[0]["bluff"]]
    assert true and bluffed
    assert set(true) == {2}, true
    assert set(bluffed) == {3}, bluffed


def test_the_job_offers_third_star_asks_for_the_claims_to_be_tested():
    """Job offer: the third star is for testing Priya's claims (``claims_tested``), not for
    a deal her true "final" salary would put out of reach.  The prober meets it in every
    meeting and earns the third star in most; the believer and the accuser, whatever the
    deal, never do (each meeting here has a claim that is a bluff or one that is true)."""
    from game.campaign.scoring import claims_tested

    probe_stars, _, probe_claims = results("job-offer", "probe")
    assert all(claims_tested(rows)[0] for rows in probe_claims)
    assert sum(1 for s in probe_stars if s == 3) >= 0.8 * len(SEEDS), probe_stars
    for way in ("believe", "accuse"):
        stars, _, claims = results("job-offer", way)
        assert all(rows for rows in claims), way  # Priya makes her claims in every meeting
        assert not any(claims_tested(rows)[0] for rows in claims), way
        assert 3 not in stars, (way, stars)
