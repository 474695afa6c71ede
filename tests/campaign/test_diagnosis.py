"""Every diagnosis of the debrief: a scripted player that makes the mistake gets it, the
level's lesson player does not; the lesson player's replay from the weakest moment.

Players are scripted bots (``game.npc.bots``) played headless through the same Match API
as the table; records are made exactly as the game makes them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from game.campaign.diagnosis import MISTAKES, STONEWALL_OFFERS, diagnose, replay_step_of
from game.campaign.lesson_replay import WhatIf, coaching_for, replay_from, what_if
from game.campaign.lessons import LESSON_BOTS, lesson_bot
from game.campaign.standing import earlier_deals, standing_text
from game.engine import Move, MoveKind, Offer
from game.finish import finished_record
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.bots import BOTS, SpammerBot, StonewallBot, TeacherBot, make_bot, play

LEVELS = Path(__file__).resolve().parents[2] / "levels"
LESSON_SEEDS = (0, 1, 2, 3)


@cache
def level(level_id: str):
    return load_level(LEVELS / f"{level_id}.json")


# --------------------------------------------------------------------------- scripted mistakes
class TimidBot(TeacherBot):
    """Opens with the package best for the other side among those just above its BATNA."""

    name = "timid"

    def turn(self) -> Move:
        if self.turns == 1:
            table = self.table
            utilities = table.utilities
            keep = [
                i
                for i in range(len(utilities))
                if table.reservation + 0.03 <= utilities[i] <= table.reservation + 0.12
            ]
            npc = next(iter(self.match.controllers))
            theirs = self.match.tables.party(npc).utilities
            best = max(keep, key=lambda i: theirs[i])
            return Move(MoveKind.OFFER, self.me, offer=self.match.codec.offer(int(best)))
        return super().turn()


class HonestThreatBot(TeacherBot):
    """Plays the lesson, but threatens to walk (claiming its true BATNA) in the first round."""

    name = "honest-threat"

    def talk(self) -> Move | None:
        if not getattr(self, "threatened", False) and self.legal(MoveKind.THREATEN):
            self.threatened = True
            return Move(MoveKind.THREATEN, self.me, claim=self.table.reservation)
        return super().talk()


class WalkOutBot(TeacherBot):
    """Plays the lesson, then walks away from the first offer well above its BATNA."""

    name = "walk-out"

    def turn(self) -> Move:
        offer = self.table_offer()
        if offer is not None and self.utility(offer) >= self.table.reservation + 0.1:
            return Move(MoveKind.WALK_AWAY, self.me)
        return super().turn()


class TopIssueBot(TeacherBot):
    """Holds every issue at its best but gives ground on its most important one first."""

    name = "top-issue"

    def turn(self) -> Move:
        move = super().turn()
        if move.kind is not MoveKind.OFFER or self.turns < 2:
            return move
        codec = self.match.codec
        prefs = self.match.negotiation.player.preferences
        top = codec.issue_ids.index(prefs.ranking()[0])
        best = list(codec.values_of(self.table.best_index()))
        ladder = sorted(
            range(codec.sizes[top]),
            key=lambda v: (
                -prefs.contribution(
                    codec.issue_ids[top], self.match.negotiation.space.issues[top].values[v]
                )
            ),
        )
        best[top] = ladder[min(len(ladder) - 1, self.turns - 1)]
        index = sum(v * s for v, s in zip(best, codec.strides, strict=True))
        return Move(MoveKind.OFFER, self.me, offer=codec.offer(index))


class BelieverBot(TeacherBot):
    """The lesson player, but it takes Rosa's "final" price at her word."""

    name = "believer"
    probes = "believe"


class AccuserBot(TeacherBot):
    """The lesson player, but it calls every claim a bluff at once."""

    name = "accuser"
    probes = "accuse"


SCRIPTED = {
    "believer": BelieverBot,
    "accuser": AccuserBot,
    "timid": TimidBot,
    "honest-threat": HonestThreatBot,
    "walk-out": WalkOutBot,
    "top-issue": TopIssueBot,
}


@cache
def played(level_id: str, bot: str, seed: int) -> dict:
    loaded = level(level_id)
    match = start_match(loaded, seed=seed)
    if bot.startswith("spam:"):  # bargains like boulware, repeats one talk move
        player = SpammerBot(match, seed, (bot.removeprefix("spam:"),))
    else:
        player = SCRIPTED[bot](match, seed) if bot in SCRIPTED else make_bot(bot, match, seed)
    play(match, player)
    record, _score = finished_record(match, loaded, seed)
    return record


def kinds(level_id: str, bot: str, seed: int) -> list[str]:
    return [f.kind for f in diagnose(level(level_id), played(level_id, bot, seed))]


# Each mistake: the level, the scripted player that makes it, and a seed.
MISTAKE_CASES = {
    "first_offer_absurd": ("market-stall", "boulware", 0),
    "first_offer_timid": ("tablet-deal", "timid", 0),
    "big_step": ("tablet-deal", "conceder", 0),
    "double_concession": ("market-stall", "conceder", 0),
    "top_issue": ("job-offer", "top-issue", 0),
    "stonewall": ("tablet-deal", "stonewall", 0),
    "lie": ("job-offer", "liar", 0),
    "no_questions": ("tablet-deal", "haggler", 0),
    "pestered": ("tablet-deal", "spam:ask_why", 0),
    "said_again": ("tablet-deal", "spam:warm", 0),
    "favour_empty": ("season-autumn", "empty-repayer", 0),
    "frustration": ("tablet-deal", "spam:frustrated", 0),
    "threat": ("tablet-deal", "honest-threat", 0),
    "bluff": ("tablet-deal", "haggler", 0),
    "anger": ("tablet-deal", "grudge", 0),
    "raised_grievance": ("two-forks", "grudge", 0),
    "grievances_untouched": ("two-forks", "haggler", 0),
    "held_grievance": ("two-forks", "haggler", 0),
    "below_batna": ("tablet-deal", "accepter", 0),
    "walked_from_good": ("tablet-deal", "walk-out", 0),
    "better_for_both": ("tablet-deal", "haggler", 1),  # seed 1 since tablet-deal v4
    "believed_bluff": ("market-stall", "believer", 0),  # Rosa's "final" is a bluff on seed 0
    "accused_truth": ("market-stall", "accuser", 2),  # and true on seed 2
}


def test_every_mistake_has_a_case():
    assert set(MISTAKE_CASES) == set(MISTAKES)


@pytest.mark.parametrize("mistake", sorted(MISTAKE_CASES))
def test_the_scripted_mistake_is_diagnosed(mistake):
    level_id, bot, seed = MISTAKE_CASES[mistake]
    assert mistake in kinds(level_id, bot, seed)


@pytest.mark.parametrize("mistake", sorted(MISTAKE_CASES))
@pytest.mark.parametrize("seed", LESSON_SEEDS)
def test_the_lesson_player_does_not_make_it(mistake, seed):
    level_id = MISTAKE_CASES[mistake][0]
    bot = lesson_bot(level_id)
    if seed in SLIP_SEEDS.get((level_id, mistake), ()):
        pytest.skip(f"a known slip of the lesson player on seed {seed} (SLIP_SEEDS)")
    assert mistake not in kinds(level_id, bot, seed)


# Where a lesson bot still slips (a real weakness of the bot the diagnosis finds), the pair
# (level, mistake) goes here, with the seeds in SLIP_SEEDS.  The autumn's teacher, whose
# last offer left a package better for both on seeds 1, 3 and 8 of 0..15, now moves a
# closing package to the frontier (test below).  One is known: at the tablet desk on seed 2
# the teacher takes Nova's offer at its last chance (no answer to wait for, so it cannot
# move it to the frontier), and a package with the pen Nova's old stock opened was better
# for both (+0.06, +0.08).  It reaches the last round since asking why earns no trust by
# itself and the pen, which the buyer wants anyway, is no need met (docs/npc.md,
# "Interests"): Nova trusts it less and concedes more slowly.  The teacher leaves the pen
# to its model because accessories matter more to it than to Nova.
KNOWN_SLIPS: set[tuple[str, str]] = {("tablet-deal", "better_for_both")}
SLIP_SEEDS: dict[tuple[str, str], set[int]] = {("tablet-deal", "better_for_both"): {2}}


@pytest.mark.parametrize("level_id", sorted(LESSON_BOTS))
def test_the_lesson_player_is_clean_on_every_level(level_id):
    bot = LESSON_BOTS[level_id]
    for seed in (0, 2):
        found = {k for k in kinds(level_id, bot, seed) if k in MISTAKES}
        slips = {s for s in KNOWN_SLIPS if seed in SLIP_SEEDS.get(s, {seed})}
        assert {(level_id, k) for k in found} <= slips, (seed, found)


@pytest.mark.parametrize("seed", (1, 3, 8))
def test_the_autumn_lesson_player_leaves_nothing_on_the_table(seed):
    # seeds where its model of Helen's days (best at 3, not 5) had it close on a package
    # both could beat: $12 for 3 days a month's trial against $11 for 5 days
    record = played("season-autumn", lesson_bot("season-autumn"), seed)
    assert record["agreement"]
    assert "better_for_both" not in kinds("season-autumn", lesson_bot("season-autumn"), seed)
    negotiation = level("season-autumn").negotiation
    deal = Offer.from_dict(record["outcome"])
    assert negotiation.utility("player", deal) >= 0.65


def test_the_credible_anchor_is_praised_and_the_absurd_one_costs_trust():
    lesson = diagnose(level("market-stall"), played("market-stall", "teacher", 0))
    opening = next(f for f in lesson if f.kind.startswith("first_offer"))
    assert opening.kind in ("first_offer_ambitious", "first_offer_credible")
    assert "asked for everything" not in opening.text
    absurd = next(
        f
        for f in diagnose(level("market-stall"), played("market-stall", "boulware", 0))
        if f.kind == "first_offer_absurd"
    )
    assert "asked for everything" in absurd.text
    assert absurd.cost and all(trust < 0 for trust, _ in absurd.cost.values())
    assert "trust -" in absurd.text


def test_threats_bluffs_and_anger_say_what_they_cost():
    record = played("tablet-deal", "grudge", 0)
    anger = next(f for f in diagnose(level("tablet-deal"), record) if f.kind == "anger")
    assert "rapport -" in anger.text
    move = record["moves"][anger.move]
    assert (move["actor"], move["kind"], move["emotion"]) == ("player", "express_emotion", "angry")
    bluff = next(
        f
        for f in diagnose(level("tablet-deal"), played("tablet-deal", "haggler", 0))
        if f.kind == "bluff"
    )
    assert "a bluff" in bluff.text and "trust -" in bluff.text


def test_questions_asked_again_are_counted_apart_and_badgering_is_named_with_its_cost():
    found = diagnose(level("tablet-deal"), played("tablet-deal", "spam:ask_why", 0))
    asked = next(f for f in found if f.kind == "asked")
    record = played("tablet-deal", "spam:ask_why", 0)
    questions = sum(1 for m in record["moves"] if (m["actor"], m["kind"]) == ("player", "ask_why"))
    fresh = int(asked.text.split()[2])  # "you asked N questions ..."
    assert 0 < fresh < questions  # only the questions that could be answered
    assert f"{questions - fresh} more times you asked what Nova had already answered" in asked.text
    pestered = next(f for f in found if f.kind == "pestered")
    assert "trust -" in pestered.text and "rapport -" in pestered.text
    assert pestered.move is not None and pestered.move > asked.move
    move = record["moves"][pestered.move]
    assert (move["actor"], move["kind"]) == ("player", "ask_why")
    # the lesson player asks, and is never told it badgered
    lesson = diagnose(level("tablet-deal"), played("tablet-deal", lesson_bot("tablet-deal"), 0))
    assert "asked" in {f.kind for f in lesson}
    assert not {"pestered", "said_again"} & {f.kind for f in lesson}


def test_words_said_again_without_a_deed_are_named_with_what_they_cost():
    found = diagnose(level("tablet-deal"), played("tablet-deal", "spam:warm", 0))
    words = next(f for f in found if f.kind == "said_again")
    assert "counted for nothing" in words.text and "rapport -" in words.text
    record = played("tablet-deal", "spam:warm", 0)
    move = record["moves"][words.move]
    assert (move["actor"], move["kind"]) == ("player", "express_emotion")


def test_stonewalling_is_named_and_trading_at_the_same_value_is_not():
    found = diagnose(level("tablet-deal"), played("tablet-deal", "stonewall", 0))
    wall = next(f for f in found if f.kind == "stonewall")
    record = played("tablet-deal", "stonewall", 0)
    offers = [m for m in record["moves"] if (m["actor"], m["kind"]) == ("player", "offer")]
    assert f"you made {len(offers)} offers" in wall.text
    assert record["moves"][wall.move]["kind"] == "offer"
    # the lesson player, which trades across issues, is never told it stonewalled
    for level_id in LESSON_BOTS:
        lesson = played(level_id, lesson_bot(level_id), 0)
        assert "stonewall" not in {f.kind for f in diagnose(level(level_id), lesson)}, level_id


class FirmButFairBot(StonewallBot):
    """Holds one package every turn: the best for itself among those the other side could
    accept (worth at least its BATNA to every other side)."""

    def turn(self):
        move = super().turn()
        if move.kind is not MoveKind.OFFER:
            return move
        analysis = self.match.analysis
        utilities = np.asarray(analysis.utilities)
        reserved = np.asarray(analysis.reserved)
        me = list(self.match.negotiation.party_ids).index(self.me)
        fair = np.all(utilities >= reserved[None, :] + 0.02, axis=1)
        index = int(np.flatnonzero(fair)[np.argmax(utilities[fair, me])])
        return Move(MoveKind.OFFER, self.me, offer=self.match.codec.offer(index))


def test_holding_a_package_the_other_side_could_accept_is_not_stonewalling():
    loaded = level("tablet-deal")
    match = start_match(loaded, seed=0)
    play(match, FirmButFairBot(match, 0))
    record, _score = finished_record(match, loaded, 0)
    offers = [m for m in record["moves"] if (m["actor"], m["kind"]) == ("player", "offer")]
    assert len(offers) >= STONEWALL_OFFERS and len({str(m["offer"]) for m in offers}) == 1
    assert "stonewall" not in {f.kind for f in diagnose(loaded, record)}


def test_a_lie_found_out_points_at_where_it_was_told_and_the_truth_is_praised():
    record = played("job-offer", "liar", 0)
    found = diagnose(level("job-offer"), record)
    lie = next(f for f in found if f.kind == "lie")
    assert record["moves"][lie.move]["kind"] == "state_priorities"
    assert "trust -" in lie.text and "your offers said otherwise" in lie.text
    assert "honest" not in {f.kind for f in found}
    truth = diagnose(level("job-offer"), played("job-offer", lesson_bot("job-offer"), 0))
    honest = next(f for f in truth if f.kind == "honest")
    assert "trust +" in honest.text
    assert "lie" not in {f.kind for f in truth}


def test_repeated_threats_and_grievances_are_one_point_each_with_their_count_and_cost():
    record = played("tablet-deal", "spam:threaten", 0)
    threats = [m for m in record["moves"] if (m["actor"], m["kind"]) == ("player", "threaten")]
    assert len(threats) > 3
    found = diagnose(level("tablet-deal"), record)
    bluffs = [f for f in found if f.kind == "bluff"]
    assert len(bluffs) == 1  # one point, not one per threat
    assert f"you threatened to walk away {len(threats)} times" in bluffs[0].text
    assert "Together it cost trust -" in bluffs[0].text
    assert record["moves"][bluffs[0].move]["kind"] == "threaten"
    raised = [
        f
        for f in diagnose(level("two-forks"), played("two-forks", "grudge", 0))
        if f.kind == "raised_grievance"
    ]
    assert len(raised) == 1 and "times, first in round" in raised[0].text


def test_a_table_of_several_never_hears_of_both_sides():
    from game.campaign.deal_notes import frontier_note

    for level_id in ("climate-accord",):  # the one level of more than two parties
        assert len(level(level_id).negotiation.parties) > 2
        for bot in ("haggler", "conceder", "boulware", "accepter"):
            record = played(level_id, bot, 0)
            found = diagnose(level(level_id), record)
            note = frontier_note(level(level_id), record) or ("", "")
            words = " ".join([*(f.title + " " + f.text for f in found), *note]).lower()
            assert "for both" not in words and "both sides" not in words, (level_id, bot)


def test_one_issue_levels_talk_about_claiming_never_frontiers():
    for bot in ("teacher", "haggler", "conceder", "accepter"):
        found = diagnose(level("market-stall"), played("market-stall", bot, 0))
        words = " ".join(f.text for f in found).lower()
        assert "frontier" not in words and "better for every side" not in words
        assert "create" not in words
        if played("market-stall", bot, 0)["agreement"]:
            assert "claimed" in words


def test_the_better_package_is_better_for_both():
    loaded = level("tablet-deal")
    finding = next(
        f
        for f in diagnose(loaded, played("tablet-deal", "haggler", 1))
        if f.kind == "better_for_both"
    )
    record = played("tablet-deal", "haggler", 1)
    from game.engine import Offer

    # Better than what the finding speaks of: the deal made, or without one the player's
    # last offer.
    if record.get("agreement"):
        base = Offer.from_dict(record["outcome"])
    else:
        mine = [m for m in record["moves"] if m["actor"] == "player" and m["kind"] == "offer"]
        base = Offer.from_dict(mine[-1]["offer"])
    better = Offer.from_dict(finding.package)
    negotiation = loaded.negotiation
    for party in negotiation.party_ids:
        assert negotiation.utility(party, better) >= negotiation.utility(party, base) + 0.03


def test_each_point_names_its_moment_in_the_replay():
    record = played("two-forks", "grudge", 0)
    steps, trail = replay_step_of(record["moves"], record["offers"])
    assert len(trail) == len(record["offers"])
    assert steps[-1] == len(record["offers"])
    for finding in diagnose(level("two-forks"), record):
        if finding.move is not None:
            assert finding.step == steps[finding.move]
            offers_so_far = sum(
                1 for m in record["moves"][: finding.move + 1] if m["kind"] == "offer"
            )
            assert finding.step == offers_so_far


# --------------------------------------------------------------------------- the lesson player
def test_a_replay_of_every_player_move_is_exact():
    record = played("tablet-deal", "haggler", 1)
    last = len(record["moves"]) - 1
    while record["moves"][last]["actor"] != "player":
        last -= 1
    result = replay_from(level("tablet-deal"), record, last)
    assert result is not None  # the NPCs answered exactly as in the record up to there


def test_the_lesson_player_does_better_from_the_weakest_moment():
    loaded = level("tablet-deal")
    record = played("tablet-deal", "accepter", 0)
    found = diagnose(loaded, record)
    result = what_if(loaded, record, found)
    assert result is not None and result.finding is not None
    assert result.gain > 0.3
    assert result.utility >= loaded.negotiation.player.preferences.reservation
    text = result.text("Nova")
    assert f"worth {result.utility:.2f} to you instead of {record['utilities']['player']:.2f}" in (
        text
    )


def test_the_what_if_for_a_walk_out_says_no_deal_became_a_deal():
    loaded = level("two-forks")
    record = played("two-forks", "grudge", 0)
    assert not record["agreement"]
    coaching = coaching_for(loaded, record)
    assert coaching.what_if is not None and coaching.what_if.agreed
    assert "instead of no deal" in coaching.what_if.text("Kai")


@pytest.mark.parametrize(
    ("lesson", "player", "said"),
    [
        # (lesson player's deal or None, and its worth) against the player's
        (
            (True, 0.60),
            (True, 0.60),
            "and reached 0.60 for you, no better than your 0.60. "
            "You did as well as the lesson player.",
        ),
        (
            (True, 0.50),
            (True, 0.62),
            "and reached 0.50 for you, less than your 0.62. You did better than the lesson player.",
        ),
        (
            (False, 0.37),
            (False, 0.37),
            ", and there would still have been no deal. You did as well as the lesson player.",
        ),
        (
            (False, 0.37),
            (True, 0.45),
            ", and there would have been no deal (your BATNA: 0.37), "
            "less than your 0.45. You did better than the lesson player.",
        ),
    ],
)
def test_a_what_if_no_better_than_the_player_says_what_the_lesson_player_reached(
    lesson, player, said
):
    """No "reached 0.37 for you" for a lesson player that reached no deal."""
    result = WhatIf(
        finding=None,
        bot="teacher",
        first_move="offer",
        agreed=lesson[0],
        utility=lesson[1],
        stars=0,
        actual_agreed=player[0],
        actual_utility=player[1],
        actual_stars=0,
        move=0,
        step=0,
    )
    text = result.text("Jonas")
    assert text.startswith("Playing the lesson from the start: at that moment the lesson player ")
    assert text.endswith(said)


def test_a_record_from_other_memories_is_not_replayed_as_if_it_were_the_same():
    record = dict(played("tablet-deal", "haggler", 0))
    moves = [dict(m) for m in record["moves"]]
    first_npc = next(i for i, m in enumerate(moves) if m["actor"] != "player")
    moves[first_npc] = {**moves[first_npc], "kind": "walk_away"}  # not what Nova did
    record["moves"] = moves
    assert replay_from(level("tablet-deal"), record, len(moves) - 1) is None


def test_the_lesson_bot_table_is_the_games():
    from tests.campaign.lesson_bots import LESSON_BOTS as TESTS_TABLE

    assert TESTS_TABLE is LESSON_BOTS
    assert all(name in BOTS for name in LESSON_BOTS.values())
    assert lesson_bot("season-spring", "series") == "reconciler"
    assert lesson_bot("someone-elses-level", "integrative") == "teacher"


# --------------------------------------------------------------------------- against others
def test_the_standing_ranks_this_deal_among_earlier_ones():
    record = {"level_id": "x", "level_version": 1, "seed": 3, "finished_at": "c",
              "agreement": True, "utilities": {"player": 0.58}}  # fmt: skip
    history = [
        record,
        {**record, "seed": 1, "finished_at": "a", "utilities": {"player": 0.71}, "stars": 2},
        {**record, "seed": 2, "finished_at": "b", "utilities": {"player": 0.4}},
        {**record, "level_version": 2, "seed": 9, "utilities": {"player": 0.99}},
        {**record, "level_id": "y", "seed": 8, "utilities": {"player": 0.99}},
    ]
    earlier = earlier_deals(record, history)
    assert len(earlier) == 2
    text = standing_text(record, earlier)
    assert "3rd time" in text and "ranks 2nd of 3" in text and "0.71, 2 stars" in text
    assert "first time" in standing_text(record, [])


def test_a_grievance_settled_by_an_apology_is_named_where_trust_by_deeds_counts():
    # winter counts trust earned by deeds: the box-ticker's apology settled the grievance,
    # and the debrief says that counted as words and names the deed (the shared account)
    found = {
        f.kind: f
        for f in diagnose(level("season-winter"), played("season-winter", "box-ticker", 0))
    }
    note = found["grievance_forgiven"]
    assert "an apology is words" in note.text and "shared account" in note.text
    assert note.move is not None and note.kind not in MISTAKES
    # the lesson player settles it with the shared account; two forks counts no deeds
    assert "grievance_forgiven" not in kinds("season-winter", "teacher", 0)
    assert "grievances_repaired" in kinds("two-forks", "box-ticker", 0)
    assert "grievance_forgiven" not in kinds("two-forks", "box-ticker", 0)
