"""When the mediator may be asked: the briefing, the level's story and the table say the
round the match actually enforces, in the same words."""

from __future__ import annotations

import re

import pytest

from game.engine import Move, MoveKind, Offer
from game.levels.catalog import builtin_entries, resolve_level
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.mediator import mediator_first_round, mediator_from_words, mediator_may_be_asked
from game.npc.runtime import NpcRuntime
from tests.ui.table_harness import make_table

MEDIATED = [
    entry.id for entry in builtin_entries() if load_level(entry.path).model.rules.mediator.allowed
]


def test_the_words_follow_the_rule():
    assert mediator_first_round(0) == 1 and mediator_from_words(0) == ""
    assert mediator_first_round(2) == 3 and mediator_from_words(2) == "from round 3"
    assert not mediator_may_be_asked(1, 2)  # round 2 (counted from 0: 1)
    assert mediator_may_be_asked(2, 2)  # round 3


def _first_round_allowed(level) -> int:
    """Play the player's best package every turn; return the round (from 1) in which the
    match first lets the player ask the mediator."""
    match = start_match(level, seed=3, runtime=NpcRuntime())
    player = match.negotiation.player.preferences
    best = Offer(
        {issue.id: player.best_value(issue.id) for issue in match.negotiation.space.issues}
    )
    try:
        for _ in range(200):
            if match.legal_player_moves()[MoveKind.ASK_MEDIATOR] is None:
                return match.state.round + 1
            assert match.player_move(Move(MoveKind.OFFER, match.player_id, offer=best)).ok
        raise AssertionError("the mediator never became available")
    finally:
        match.close()


def test_climate_accord_briefing_and_table_agree_with_the_rule(make_app):
    level = load_level(resolve_level("climate-accord"))
    after = level.model.rules.mediator.after_round
    enforced = _first_round_allowed(level)
    assert enforced == mediator_first_round(after) == 3
    app = make_app(profile="Ada")
    app.navigator.to_briefing(level)
    text = " ".join(app.stack.top.text_lines())
    assert "You may ask for the mediator from round 3." in text
    assert "from round 2" not in text  # the story says it too
    table = make_table("climate-accord")
    assert table.scene.state.view.mediator_note == "the mediator can be asked from round 3."


@pytest.mark.parametrize("level_id", MEDIATED)
def test_every_mediated_level_says_the_round_it_enforces(level_id, make_app):
    level = load_level(resolve_level(level_id))
    after = level.model.rules.mediator.after_round
    first = _first_round_allowed(level)
    assert first == mediator_first_round(after)
    words = mediator_from_words(after)
    app = make_app(profile="Ada")
    app.navigator.to_briefing(level)
    text = " ".join(app.stack.top.text_lines())
    assert f"You may ask for the mediator{' ' + words if words else ''}." in text
    # an author's story that names the round names the same one
    for said in re.findall(r"from round (\d+)", level.model.briefing):
        assert int(said) == first, f"{level_id}'s story says round {said}, the rule {first}"
    table = make_table(level_id)
    note = table.scene.state.view.mediator_note
    assert note == (
        f"the mediator can be asked {words}." if words else "you can ask for help now (M)."
    )
