"""The deadline warning comes while the player can still act on it, and an offer the player
can no longer answer is said as one.

At a level where the player moves first, a character is the last to move in the last round:
its offer then can never be answered.  It used to warn "This is the last round" in that very
turn, after the player's last move, and to table its counter as if an answer could come.
Now the warning comes in the turn before the player's last one (once for the whole table),
and a counter after it is said for the record ("That's time. For the record, I'd have settled
for ..."); a mood's remark ("Time's getting tight", "We're close now") is not made once the
player has no turn left.  Every built-in level, played to the deadline by a player that
never moves, and by two that bargain.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import Move, MoveKind, Offer
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.bots import make_bot, play
from game.npc.controller import OFFER_ANSWERS, NpcController
from game.npc.machines import LIVE
from game.npc.runtime import NpcRuntime

LEVELS = Path(__file__).resolve().parents[2] / "levels"
LEVEL_IDS = sorted(p.stem for p in LEVELS.glob("*.json") if p.name != "level.schema.json")


def _spoken(
    level_id: str, seed: int, monkeypatch, player: str = "stonewall"
) -> tuple[list[tuple[str, str, int]], object]:
    """Play the level with ``player``; return (key, speaker, the player's turns left) of
    every line a character was asked for, and the match."""
    level = load_level(LEVELS / f"{level_id}.json")
    match = start_match(level, seed=seed, runtime=NpcRuntime())
    asked: list[tuple[str, str, int]] = []
    say = NpcController.say

    def spy(controller, key, reaction, **context):
        left = controller.match.session.turns_left(controller.match.player_id)
        asked.append((key, controller.id, left))
        return say(controller, key, reaction, **context)

    monkeypatch.setattr(NpcController, "say", spy)
    play(match, make_bot(player, match, seed))
    return asked, match


@pytest.mark.parametrize("level_id", LEVEL_IDS)
def test_the_warning_comes_before_the_players_last_turn(level_id, monkeypatch):
    asked, match = _spoken(level_id, 0, monkeypatch)
    warned = [(speaker, left) for key, speaker, left in asked if key == "deadline"]
    assert len(warned) <= 1, warned  # one warning a table
    assert all(left == 1 for _, left in warned), warned
    if match.session.state.status.value == "deadline":
        assert warned, "a match that ran out of time had no warning"
    late = [(key, left) for key, _, left in asked if key in ("offer", "meso", "bundle")]
    assert all(left >= 1 for _, left in late), late


@pytest.mark.parametrize("level_id", LEVEL_IDS)
@pytest.mark.parametrize("player", ["boulware", "haggler"])
def test_no_mood_remark_once_the_player_has_no_turn_left(level_id, player, monkeypatch):
    # "Time's getting tight", "We're close now. Let's not lose it" -- to no one
    asked, _ = _spoken(level_id, 1, monkeypatch, player)
    late = [key for key, _, left in asked if left == 0 and key in LIVE]
    assert not late, late
    # nor an answer to the player's last offer that looks ahead ("Let's keep that rhythm"):
    # its counter, said for the record, is the answer
    answers = {*OFFER_ANSWERS, "first_offer", "held_firm", "small_step"}
    assert not [key for key, _, left in asked if left == 0 and key in answers]


def test_a_counter_after_the_players_last_turn_is_said_for_the_record(monkeypatch):
    # the book deal: the player opens every round, so Harbour moves last in the last round
    asked, match = _spoken("book-deal", 0, monkeypatch)
    assert match.session.state.status.value == "deadline"
    last = [(key, left) for key, speaker, left in asked if speaker == "harbour"][-4:]
    assert ("last_offer", 0) in last, last
    record = [m for m in match.session.state.log if m.move.actor == "harbour"][-1].move
    assert record.kind is MoveKind.OFFER and isinstance(record.offer, Offer)


def test_turns_left_counts_the_turn_in_play(monkeypatch):
    level = load_level(LEVELS / "book-deal.json")  # the player first, deadline 12
    match = start_match(level, seed=0, runtime=NpcRuntime())
    session = match.session
    assert session.state.to_move == "player"
    assert session.turns_left("player") == 12
    assert session.turns_left("harbour") == 12
    match.player_move(Move(MoveKind.WALK_AWAY, "player"))
    assert session.turns_left("player") == 0  # over
    level = load_level(LEVELS / "used-car.json")  # Dan first, deadline 10
    match = start_match(level, seed=0, runtime=NpcRuntime())
    session = match.session
    assert session.state.to_move == "player" and session.state.round == 0  # Dan opened
    assert session.turns_left("player") == 10
    assert session.turns_left("dan") == 9  # his turn of round 0 is spent


@pytest.mark.parametrize("level_id", LEVEL_IDS)
def test_a_hurt_last_word_is_not_followed_by_a_cheerful_one(level_id, monkeypatch):
    # "That was expensive for me. Next time will be different." then "Lovely. Tell your
    # friends where you got it." -- the hurt word is the last
    hurt = ("exploited", "bluff")  # said once the deal is done (a lie is called out earlier too)
    for player in ("haggler", "boulware", "liar"):
        asked, _ = _spoken(level_id, 2, monkeypatch, player)
        for position, (key, speaker, _) in enumerate(asked):
            if key in hurt:
                after = [k for k, s, _ in asked[position + 1 :] if s == speaker]
                assert not set(after) & {"agreed", "walked"}, (player, key, after)
