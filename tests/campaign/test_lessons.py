"""Every lesson proven by simulation: the behaviour a level teaches beats the naive one.

Each level is played headless by scripted players (``game.npc.bots``) on fixed seeds and
scored exactly as the game scores it (``game.finish.finished_record``).  For every
level:

* the bot that plays the lesson beats the tempting wrong move by a stated margin in the
  stars the game awards and in the measure the lesson is about (player utility, joint
  utility, trust, agreement);
* three stars are reachable: some bot (often the design-check ``teacher``) earns them in at
  least one seed;
* no bot that ignores the lesson ever earns three stars (``WRONG`` bots, 16 seeds).

Runs are cached for the module, and every match of a level shares one ``NpcRuntime``.
The margins are in the test names and asserts; docs/campaign.md has the numbers.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from game.campaign.scoring import score_record
from game.engine import Move, MoveKind, Offer
from game.finish import finished_record
from game.levels.loader import LoadedLevel, load_level
from game.levels.setup import start_match
from game.npc.bots import IntegratorBot, TeacherBot, make_bot, play
from game.npc.runtime import NpcRuntime

from .lesson_bots import LESSON_BOTS

LEVELS = Path(__file__).resolve().parents[2] / "levels"
LESSON_SEEDS = 10
"""Seeds 0..9: the lesson comparisons."""
WRONG_SEEDS = 16
"""Seeds 0..15: the check that no wrong-behaviour bot reaches three stars."""
NAIVE = ("haggler", "accepter", "boulware", "linear", "conceder", "grudge", "walker")

CAMPAIGN = (
    "market-stall",
    "used-car",
    "print-run",
    "tablet-deal",
    "job-offer",
    "hotel-bread",
    "cargo-bikes",
    "book-deal",
    "cafe-fitout",
    "app-earnout",
    "chore-chart",
    "bike-sale",
    "freelance-quote",
    "tariff-talks",
    "climate-accord",
    "two-forks",
    "season-autumn",
    "season-winter",
    "season-spring",
)

WRONG: dict[str, tuple[str, ...]] = {level_id: NAIVE for level_id in CAMPAIGN}
# At the market stall, opening hard and holding firm *is* the lesson (anchor first, know
# your walk-away): the boulware and the grudge bot (a hard line with one threat) play it.
WRONG["market-stall"] = ("haggler", "accepter", "linear", "conceder", "walker")

WINNER = LESSON_BOTS
"""The bot that reaches three stars in a single meeting (spring needs the season: below)."""


@cache
def level(level_id: str) -> LoadedLevel:
    return load_level(LEVELS / f"{level_id}.json")


@cache
def runtime(level_id: str) -> NpcRuntime:
    return NpcRuntime()


@dataclass(frozen=True)
class Runs:
    """One bot's results on one level, seed by seed (seeds 0, 1, ...)."""

    stars: tuple[int, ...]
    scores: tuple[float, ...]
    player: tuple[float, ...]
    joint: tuple[float, ...]
    trust: tuple[float, ...]
    """The lowest trust change among the NPCs, per run."""
    agreed: tuple[bool, ...]
    restated: tuple[float | None, ...]

    def first(self, n: int) -> Runs:
        return Runs(*(values[:n] for values in self.__dict__.values()))

    @property
    def mean_stars(self) -> float:
        return statistics.fmean(self.stars)

    @property
    def three_star_rate(self) -> float:
        return sum(1 for s in self.stars if s == 3) / len(self.stars)

    @property
    def mean_score(self) -> float:
        return statistics.fmean(self.scores)

    @property
    def mean_player(self) -> float:
        return statistics.fmean(self.player)

    @property
    def mean_joint(self) -> float:
        return statistics.fmean(self.joint)

    @property
    def mean_trust(self) -> float:
        return statistics.fmean(self.trust)

    @property
    def agreement_rate(self) -> float:
        return sum(self.agreed) / len(self.agreed)


def _play(level_id: str, bot, seed: int, memories=None):
    """Play one match with a bot (a name or a PlayerBot class); return (match, record, score)."""
    lv = level(level_id)
    match = start_match(lv, seed=seed, memories=memories, runtime=runtime(level_id))
    player = make_bot(bot, match, seed) if isinstance(bot, str) else bot(match, seed)
    play(match, player)
    record, score = finished_record(match, lv, seed)
    return match, record, score


@cache
def runs(level_id: str, bot: str, seeds: int = LESSON_SEEDS) -> Runs:
    """Return a bot's results on a level over seeds 0..seeds-1 (cached for the module)."""
    if seeds < WRONG_SEEDS and bot in NAIVE:
        return runs(level_id, bot, WRONG_SEEDS).first(seeds)  # one run per seed, reused
    rows = []
    for seed in range(seeds):
        _, record, score = _play(level_id, bot, seed)
        rows.append(
            (
                score.stars,
                score.value,
                record["utilities"]["player"],
                record["analytics"]["joint_utility"],
                min(record["trust_change"].values()),
                bool(record["agreement"]),
                record.get("restate_accuracy"),
            )
        )
    return Runs(*(tuple(column) for column in zip(*rows, strict=True)))


def hand_record(lv: LoadedLevel, offer: Offer | None) -> dict:
    """Return a history record of a deal on ``offer`` (or of no deal) with nothing else done.

    Objectives about how the talks went (trust, evidence, restating) are not met by such a
    record; the comparisons that use it are decided by the measure and the agreement alone.
    """
    record = {"agreement": offer is not None, "moves": [], "rounds": 1, "analytics": {}}
    if offer is not None:
        utilities = lv.negotiation.utilities(offer)
        record["outcome"] = offer.to_dict()
        record["utilities"] = dict(zip(lv.negotiation.party_ids, utilities, strict=True))
        record["analytics"] = {"on_frontier": False}
    return record


# ----------------------------------------------------------------------------- every level


@pytest.mark.parametrize("level_id", CAMPAIGN)
def test_no_bot_that_ignores_the_lesson_reaches_three_stars_in_16_seeds(level_id):
    rates = {bot: runs(level_id, bot, WRONG_SEEDS).three_star_rate for bot in WRONG[level_id]}
    assert all(rate == 0 for rate in rates.values()), rates


@pytest.mark.parametrize("level_id", sorted(WINNER))
def test_three_stars_are_reachable_by_the_lesson_bot(level_id):
    bot = WINNER[level_id]
    result = runs(level_id, bot)
    assert max(result.stars) == 3, f"{bot} on {level_id}: stars {result.stars}"


def test_the_campaign_list_matches_the_level_files():
    on_disk = sorted(p.stem for p in LEVELS.glob("*.json") if p.name != "level.schema.json")
    assert sorted(CAMPAIGN) == on_disk


# ----------------------------------------------------------------------------- chapter 1


def test_market_stall_holding_an_anchor_beats_meeting_halfway_by_one_star_and_010_utility():
    teacher = runs("market-stall", "teacher")
    for naive in ("haggler", "conceder", "linear"):
        other = runs("market-stall", naive)
        assert teacher.mean_stars >= other.mean_stars + 0.6, naive
        assert teacher.mean_player >= other.mean_player + 0.03, naive
    haggler = runs("market-stall", "haggler")
    assert teacher.mean_stars >= haggler.mean_stars + 1.5
    assert teacher.mean_player >= haggler.mean_player + 0.15
    assert runs("market-stall", "accepter").mean_stars == 0


def test_used_car_walking_away_beats_accepting_anything_by_one_star_and_05_utility():
    walker = runs("used-car", "walker")
    accepter = runs("used-car", "accepter")
    assert walker.agreement_rate == 0 and accepter.agreement_rate == 1
    assert walker.mean_stars >= accepter.mean_stars + 1.0
    assert walker.mean_score >= accepter.mean_score + 0.5
    # walking early, after showing the price guide, is worth all three
    assert runs("used-car", "teacher").mean_stars >= walker.mean_stars + 1.5


def test_print_run_benchmarks_beat_the_hardliner_where_a_haggle_stalls_by_15_stars():
    teacher = runs("print-run", "teacher")
    haggler = runs("print-run", "haggler")
    assert teacher.mean_stars >= haggler.mean_stars + 1.5
    assert teacher.mean_player >= haggler.mean_player + 0.05


# ----------------------------------------------------------------------------- chapter 2 and 7


@pytest.mark.parametrize(
    ("level_id", "star_margin", "joint_margin"),
    [("tablet-deal", 0.4, 0.05), ("job-offer", 1.5, 0.02), ("tariff-talks", 0.6, 0.05)],
)
def test_integrating_beats_haggling_in_stars_and_joint_value(level_id, star_margin, joint_margin):
    integrator = runs(level_id, "integrator")
    haggler = runs(level_id, "haggler")
    assert integrator.mean_stars >= haggler.mean_stars + star_margin
    assert integrator.mean_joint >= haggler.mean_joint + joint_margin
    assert integrator.mean_player >= haggler.mean_player


def test_tablet_deal_the_full_lesson_beats_haggling_by_08_stars():
    teacher = runs("tablet-deal", "teacher")
    haggler = runs("tablet-deal", "haggler")
    assert teacher.mean_stars >= haggler.mean_stars + 0.8
    assert teacher.mean_joint >= haggler.mean_joint + 0.05
    assert teacher.mean_player >= haggler.mean_player


@pytest.mark.parametrize("level_id", ["tablet-deal", "job-offer", "tariff-talks"])
def test_silent_patience_does_not_outscore_integrating(level_id):
    """A player who only waits for the other side's clock earns fewer stars than one who
    asks, shares and logrolls, and claims at most 0.04 more."""
    lesson = runs(level_id, "teacher")
    boulware = runs(level_id, "boulware")
    assert lesson.mean_stars >= boulware.mean_stars + 0.3
    assert lesson.mean_trust >= boulware.mean_trust + 8


def test_tablet_deal_patience_no_longer_claims_the_most():
    """The fix for v2: Nova's reservation is 0.55, so waiting out its clock claims no more
    than building the bundle (it used to reach 0.78 against the integrator's 0.70)."""
    assert runs("tablet-deal", "boulware").mean_player <= runs("tablet-deal", "teacher").mean_player


# ----------------------------------------------------------------------------- chapter 3


def test_hotel_bread_standards_and_the_long_term_beat_a_price_haggle_by_two_stars():
    teacher = runs("hotel-bread", "teacher")
    haggler = runs("hotel-bread", "haggler")
    assert teacher.mean_stars >= haggler.mean_stars + 1.5
    assert teacher.mean_player >= haggler.mean_player + 0.2


def test_cargo_bikes_the_mediators_text_beats_haggling_by_two_stars_and_03_joint():
    reconciler = runs("cargo-bikes", "reconciler")
    haggler = runs("cargo-bikes", "haggler")
    integrator = runs("cargo-bikes", "integrator")
    assert reconciler.mean_stars >= haggler.mean_stars + 1.5
    assert reconciler.mean_joint >= haggler.mean_joint + 0.3
    assert reconciler.mean_player >= haggler.mean_player
    # the same player without the mediator stalls: the text is what makes the difference
    assert reconciler.mean_stars >= integrator.mean_stars + 1.0


# ----------------------------------------------------------------------------- chapter 4


@pytest.mark.parametrize("level_id", ["book-deal", "cafe-fitout", "app-earnout"])
def test_a_contingent_clause_beats_every_plain_package_by_two_stars(level_id):
    lv = level(level_id)
    analysis = lv.analysis
    assert not analysis.agreement_zone  # no plain package is individually rational
    utilities, reserved = analysis.utilities, analysis.reserved
    npc_ok = (utilities[:, 1:] >= reserved[1:] - 1e-9).all(axis=1)
    best = int(np.flatnonzero(npc_ok)[int(np.argmax(utilities[npc_ok, 0]))])
    codec = runtime(level_id).tables(lv.negotiation).codec
    best_plain = score_record(lv, hand_record(lv, codec.offer(best)))
    walk_away = score_record(lv, hand_record(lv, None))
    plain_stars = max(best_plain.stars, walk_away.stars)
    plain_value = max(best_plain.value, walk_away.value)
    reconciler = runs(level_id, "reconciler")
    assert reconciler.mean_stars >= plain_stars + 2.0
    assert reconciler.mean_score >= plain_value + 0.05
    for naive in ("haggler", "integrator"):
        assert runs(level_id, naive).mean_stars <= plain_stars


# ----------------------------------------------------------------------------- chapter 5


def test_chore_chart_balancing_satisfaction_beats_the_50_50_split_by_one_star():
    lv = level("chore-chart")
    chores = ("cooking", "dishes", "laundry", "cleaning", "shopping")
    split = Offer(
        {
            **{chore: "take turns" for chore in chores},
            "schedule": "a new plan each week",
            "chart": "points chart",
        }
    )
    split_score = score_record(lv, hand_record(lv, split))
    # the lesson player: the integrator never asks why, so the weekly plan Sam needs stays
    # closed to it (see test_asking_why_pays_over_seeds_apart_from_the_tuning_ones)
    teacher = runs("chore-chart", "teacher")
    assert teacher.mean_stars >= split_score.stars + 1.0
    assert teacher.mean_score >= split_score.value + 0.15


# ----------------------------------------------------------------------------- chapter 6


@pytest.mark.parametrize("level_id", ["bike-sale", "freelance-quote"])
def test_reverse_levels_restating_their_interests_beats_haggling_by_one_star(level_id):
    teacher = runs(level_id, "teacher")
    haggler = runs(level_id, "haggler")
    assert teacher.mean_stars >= haggler.mean_stars + 1.0
    assert teacher.mean_trust >= haggler.mean_trust + 15
    assert all(a is not None and a >= 0.7 for a in teacher.restated)
    assert all(a is None for a in haggler.restated)


class TakesTheLastOffer(TeacherBot):
    """The lesson player, except that on its last turn it accepts the other side's last
    offer whatever the other side proposed before."""

    def _their_own_package(self, move: Move) -> Move:
        return move


def test_bike_sale_on_its_last_turn_the_lesson_player_asks_for_jonass_own_package():
    """Asked to propose, Jonas names a package himself ($300 with lock and lights).  On its
    last turn the lesson player offers him that rather than accept a last offer of his that
    is worse for it, and Jonas, who named it, takes it.  The same player taking his last
    offer instead drops to one star in about half the meetings: it sold him less than he
    had asked for and left value on the table."""
    seeds = range(WRONG_SEEDS)
    theirs = []
    for seed in seeds:
        _, record, score = _play("bike-sale", "teacher", seed)
        named = [
            move["offer"]["terms"]
            for move in record["moves"]
            if move.get("actor") == "jonas" and move.get("offer")
        ]
        assert record["agreement"] and record["outcome"]["terms"] in named, seed
        assert record["moves"][-2]["kind"] == "offer", seed  # its offer, which he accepted
        theirs.append(score.stars)
    taker = [_play("bike-sale", TakesTheLastOffer, seed)[2].stars for seed in seeds]
    assert statistics.fmean(theirs) >= statistics.fmean(taker) + 0.5, (theirs, taker)
    assert 1 in taker and 1 not in theirs


# ----------------------------------------------------------------------------- chapter 7


class LoneBot(IntegratorBot):
    """Asks, shares and logrolls, but never joins anyone's text nor asks the chair."""

    name = "lone"

    def accept_move(self) -> Move:
        state = self.match.state
        self.brain.set_round(state.round)
        index = self.brain.decide(None).indices[0]
        return Move(MoveKind.OFFER, self.me, offer=self.match.codec.offer(index))


def test_climate_accord_needs_a_coalition_or_the_chairs_text():
    lone = [_play("climate-accord", LoneBot, seed)[1] for seed in range(LESSON_SEEDS)]
    assert not any(r["agreement"] for r in lone)
    assert all(
        m["kind"] not in ("support", "ask_mediator")
        for r in lone
        for m in r["moves"]
        if m["actor"] == "player"
    )
    lesson = runs("climate-accord", WINNER["climate-accord"])
    assert lesson.agreement_rate == 1.0
    assert lesson.mean_stars >= 2.5
    for naive in ("haggler", "integrator", "boulware"):
        assert lesson.mean_stars >= runs("climate-accord", naive).mean_stars + 1.0


def test_climate_accord_the_chair_helps_but_the_third_star_needs_a_package_of_your_own():
    """The reconciler asks the chair for texts and signs the last one: it reaches an accord
    every time, but the third star needs a package the player built that two other
    countries support, and only the lesson player (who tables one) earns it."""
    reconciler = runs("climate-accord", "reconciler")
    lesson = runs("climate-accord", WINNER["climate-accord"])
    assert reconciler.agreement_rate == 1.0
    assert max(reconciler.stars) <= 2
    assert lesson.three_star_rate >= 0.9


# ----------------------------------------------------------------------------- chapter 8 and 9


@pytest.mark.parametrize(
    ("level_id", "star_margin", "trust_margin"),
    [("two-forks", 2.5, 50), ("season-winter", 1.5, 40), ("book-deal", 3.0, 40)],
)
def test_repairing_beats_keeping_score(level_id, star_margin, trust_margin):
    reconciler = runs(level_id, "reconciler")
    grudge = runs(level_id, "grudge")
    assert reconciler.agreement_rate >= grudge.agreement_rate
    assert reconciler.agreement_rate >= 0.9
    assert reconciler.mean_stars >= grudge.mean_stars + star_margin
    assert reconciler.mean_trust >= grudge.mean_trust + trust_margin


def test_season_autumn_a_fair_trial_beats_squeezing_it_by_one_star_and_8_trust():
    teacher = runs("season-autumn", "teacher")
    for naive in ("haggler", "boulware"):
        other = runs("season-autumn", naive)
        assert teacher.mean_stars >= other.mean_stars + 0.8, naive
        assert teacher.mean_trust >= other.mean_trust + 8, naive


def test_season_autumn_third_star_needs_asking_what_would_make_the_trial_a_success():
    """Autumn's third star needs Helen's interest found (``interests_found``): she tells it
    only once she trusts you (50, above the 45 she arrives with), so it takes asking why
    and asking again as trust grows.  The lesson player finds it in every run; the same
    player who never asks finds nothing and earns no third star, whatever its trust."""
    asks = [_play("season-autumn", TeacherBot, seed) for seed in range(LESSON_SEEDS)]
    quiet = [_play("season-autumn", NeverAsksWhy, seed) for seed in range(LESSON_SEEDS)]
    assert all(len(record["interests"]["found"]) == 1 for _, record, _ in asks)
    assert sum(score.stars == 3 for _, _, score in asks) >= 0.9 * LESSON_SEEDS
    assert not any(record["interests"]["found"] for _, record, _ in quiet)
    assert max(score.stars for _, _, score in quiet) == 2
    # the trust it needed was there: only the question was missing
    assert any(min(record["trust_final"].values()) >= 58 for _, record, _ in quiet)


SERIES = ("season-autumn", "season-winter", "season-spring")
SERIES_SEEDS = 6


@cache
def season(bot: str, carry: bool) -> tuple[tuple[tuple[int, ...], ...], tuple[float, ...]]:
    """Play the three meetings in order; return (stars per meeting per seed, final trust)."""
    stars = []
    trust = []
    for seed in range(SERIES_SEEDS):
        memories = None
        row = []
        for level_id in SERIES:
            match, record, score = _play(level_id, bot, seed, memories)
            row.append(score.stars)
            if carry:
                memories = match.memories()
        stars.append(tuple(row))
        trust.append(min(record["trust_final"].values()))
    return tuple(stars), tuple(trust)


def test_season_repairing_all_season_beats_keeping_score_by_two_stars_in_spring():
    reconciler, reconciler_trust = season("reconciler", True)
    grudge, grudge_trust = season("grudge", True)
    spring = [s[2] for s in reconciler]
    assert statistics.fmean(spring) >= statistics.fmean(s[2] for s in grudge) + 2.0
    assert statistics.fmean(reconciler_trust) >= statistics.fmean(grudge_trust) + 40
    assert max(spring) == 3  # spring's three stars are reachable across the season


def test_season_spring_three_stars_need_the_trust_carried_from_autumn_and_winter():
    carried, carried_trust = season("reconciler", True)
    fresh, fresh_trust = season("reconciler", False)
    assert statistics.fmean(s[2] for s in carried) >= statistics.fmean(s[2] for s in fresh) + 0.8
    assert statistics.fmean(carried_trust) >= statistics.fmean(fresh_trust) + 20
    assert max(s[2] for s in fresh) < 3


# ----------------------------------------------------------------------------- asking why

ASKING_SEEDS = range(100, 120)
"""Seeds 100..119, drawn apart from the seeds the levels and bots were tuned on (0..15)."""
OPTIONS = {
    "bike-sale": ("extras", "with lock and lights"),
    "tablet-deal": ("accessories", "case, keyboard and pen"),
    "chore-chart": ("schedule", "a new plan each week"),
    "freelance-quote": ("rights", "labels and web"),
}
"""The option an interest opens in each level that teaches asking why."""


class NeverAsksWhy(TeacherBot):
    """The lesson player without the question: everything else the same (its name too)."""

    asks_why = False


@cache
def asking_runs(level_id: str, bot: type) -> tuple[Runs, tuple[int, ...], tuple[bool, ...]]:
    """Return a bot's runs over ASKING_SEEDS, the interests found, and whether each deal
    used the level's option."""
    issue, value = OPTIONS[level_id]
    rows, found, used = [], [], []
    for seed in ASKING_SEEDS:
        _, record, score = _play(level_id, bot, seed)
        rows.append(
            (
                score.stars,
                score.value,
                record["utilities"]["player"],
                record["analytics"]["joint_utility"],
                min(record["trust_change"].values()),
                bool(record["agreement"]),
                record.get("restate_accuracy"),
            )
        )
        found.append(len(record["interests"]["found"]))
        outcome = record.get("outcome") or {}
        used.append(outcome.get("terms", {}).get(issue) == value)
    return Runs(*(tuple(c) for c in zip(*rows, strict=True))), tuple(found), tuple(used)


@pytest.mark.parametrize("level_id", sorted(OPTIONS))
def test_asking_why_pays_over_seeds_apart_from_the_tuning_ones(level_id):
    """The lesson player asks why, finds interests, offers the option they open, and earns
    at least 0.3 more stars and 0.03 more joint utility on average than the same player
    who never asks (who can never offer the option: it stays closed)."""
    asks, found, used = asking_runs(level_id, TeacherBot)
    quiet, quiet_found, quiet_used = asking_runs(level_id, NeverAsksWhy)
    assert min(found) >= 1 and not any(quiet_found)
    assert sum(used) >= len(ASKING_SEEDS) // 2 and not any(quiet_used)
    assert asks.mean_stars >= quiet.mean_stars + 0.3, (asks.stars, quiet.stars)
    assert asks.mean_joint >= quiet.mean_joint + 0.03, (asks.mean_joint, quiet.mean_joint)
    assert max(asks.stars) == 3 and max(quiet.stars) <= 3


TABLE_SEEDS = range(6800, 6832)
"""Seeds 6800..6831: never used while writing the climate-accord interests or tuning any
level or bot (those used 0..15 and 100..119)."""


@cache
def table_runs(bot: type) -> list[tuple[int, float, float, float, tuple[str, ...], str | None]]:
    """Return, per TABLE_SEEDS seed, stars, player and joint utility, the lowest delegate's
    satisfaction, the interests found and the loss-and-damage term agreed."""
    rows = []
    for seed in TABLE_SEEDS:
        _, record, score = _play("climate-accord", bot, seed)
        utilities = record["utilities"]
        outcome = (record.get("outcome") or {}).get("terms", {})
        rows.append(
            (
                score.stars,
                utilities["player"],
                record["analytics"]["joint_utility"],
                min(u for party, u in utilities.items() if party != "player"),
                tuple(i["id"] for i in record["interests"]["found"]),
                outcome.get("loss"),
            )
        )
    return rows


def test_asking_why_pays_at_a_table_of_four_too():
    """Climate-accord: the fixed-share loss fund stays closed until someone asks Ambassador
    Tui what happens after a storm.  The lesson player who asks one delegate at a time finds
    it and the accord it reaches is worth more to Meridia and to the table than the same
    player's who never asks (who can never put that fund on the table)."""
    asks, quiet = table_runs(TeacherBot), table_runs(NeverAsksWhy)
    assert all("storm-debt" in row[4] for row in asks)
    assert not any(row[4] for row in quiet)
    # half the seeds, as in the two-party asking test (19 of 32 on these seeds)
    assert sum(row[5] == "fund with fixed shares" for row in asks) >= len(TABLE_SEEDS) // 2
    assert not any(row[5] == "fund with fixed shares" for row in quiet)
    mean = statistics.mean
    assert mean(r[1] for r in asks) >= mean(r[1] for r in quiet) + 0.05
    # The table gains less than Meridia: both players now table a package every country can
    # sign (the third star needs one), so the one who never asks reaches a good accord too
    # (joint 2.78 against 2.75 on these seeds; 2.89 against 2.75 when the chair's text
    # decided).  Asking must still leave the table better off, never worse.
    assert mean(r[2] for r in asks) > mean(r[2] for r in quiet)
    assert mean(r[0] for r in asks) >= mean(r[0] for r in quiet)
    assert min(r[3] for r in asks if r[5]) >= 0.6  # no delegate left near walking out
