"""Part of a deal between people, by keyboard: one side proposes some terms and leaves the
rest open (T), the other reads it and completes it into an offer (C) that starts from those
terms; and a side claims what its alternative is worth (L), which the other side reads."""

from __future__ import annotations

import pygame

from game.engine import PLAYER, MoveKind
from game.levels.catalog import resolve_level
from game.levels.loader import load_level
from game.ui.scenes.roleplay import HandOverScene, RolePlay
from game.ui.scenes.roleplay_forms import OfferScene, PickScene
from game.ui.scenes.roleplay_turn import RolePlayTurnScene
from game.ui.scenes.title import TitleScene

B = "nova"


def test_a_side_proposes_part_of_a_deal_and_the_other_completes_it(make_app, drive):
    level = load_level(resolve_level("tablet-deal"))
    play = RolePlay(level, {PLAYER: "Ana", B: "Sam"}, seed=5)
    play.briefed = {PLAYER, B}
    app = make_app(profile="Ana", route=lambda: [TitleScene(), RolePlayTurnScene(play, B)])
    key = drive.key

    def press(*keys) -> object:
        drive.run(app, {0: [key(k) for k in keys]}, frames=3)
        return app.stack.top

    turn = app.stack.top
    assert isinstance(turn, RolePlayTurnScene) and turn.party == B
    assert turn.move_reason("complete") == "No proposal from Ana to complete"
    # Nova opens with an offer; Ana's turn comes.
    assert isinstance(press(pygame.K_o), OfferScene)
    assert isinstance(press(pygame.K_p), HandOverScene)
    turn = press(pygame.K_RETURN)
    assert isinstance(turn, RolePlayTurnScene) and turn.party == PLAYER

    # Ana proposes price and warranty, leaving everything else open.
    form = press(pygame.K_t)
    assert isinstance(form, OfferScene) and form.partial
    assert form.heading == "Propose part of a deal"
    builder = form.builder
    kept = ("price", "warranty")
    for row in builder.rows:
        if row.issue.id not in kept:
            assert form.focus_key(f"open:{row.issue.id}")
            press(pygame.K_SPACE)
    assert set(builder.open_issues()) == {r.issue.id for r in builder.rows} - set(kept)
    proposed = builder.offer()
    turn = press(pygame.K_p)
    assert isinstance(turn, RolePlayTurnScene) and turn.party == PLAYER, "talk keeps the turn"
    said = play.match.messages()[-1]
    assert said.proposal and dict(said.offer.terms) == dict(proposed.terms)
    assert play.match.session.state.table.proposer == B, "a proposal is not tabled"
    assert any("proposed part of a deal (not an offer yet)" in line for line in turn.text_lines())

    # She claims her alternative (L): the form starts at the truth, she says more.
    claim = press(pygame.K_l)
    assert isinstance(claim, PickScene)
    truth = round(play.match.briefs[PLAYER].reservation * 100)
    assert claim.chosen == str(5 * round(truth / 5))
    press(pygame.K_DOWN, pygame.K_DOWN)
    said_points = float(claim.chosen)
    assert press(pygame.K_RETURN) is turn
    last = play.match.messages()[-1]
    assert last.kind is MoveKind.CLAIM and last.claim == said_points

    # Ana rejects Nova's offer; Sam sits down and completes her proposal.
    assert isinstance(press(pygame.K_r), HandOverScene)
    turn = press(pygame.K_RETURN)
    assert isinstance(turn, RolePlayTurnScene) and turn.party == B
    lines = "\n".join(turn.text_lines())
    assert "Ana: proposes part of a deal (not an offer yet)" in lines
    assert f"says the alternative is worth {said_points:.0f} points" in lines
    assert turn.move_reason("complete") is None
    form = press(pygame.K_c)
    assert isinstance(form, OfferScene) and not form.partial
    assert form.heading == "Complete Ana's proposal"
    offer = form.builder.offer()
    for issue in kept:
        assert offer.terms[issue] == proposed.terms[issue], "her terms are filled in"
    assert isinstance(press(pygame.K_p), HandOverScene)
    table = play.match.session.state.table
    assert table.proposer == B
    assert {i: table.offer.terms[i] for i in kept} == {i: proposed.terms[i] for i in kept}


def test_a_proposal_must_leave_something_open(make_app, drive):
    level = load_level(resolve_level("tablet-deal"))
    play = RolePlay(level, {PLAYER: "Ana", B: "Sam"}, seed=5)
    play.briefed = {PLAYER, B}
    app = make_app(profile="Ana", route=lambda: [TitleScene(), RolePlayTurnScene(play, B)])
    drive.run(app, {0: [drive.key(pygame.K_t)]}, frames=3)
    form = app.stack.top
    assert isinstance(form, OfferScene) and form.partial
    drive.run(app, {0: [drive.key(pygame.K_p)]}, frames=3)
    assert app.stack.top is form, "nothing left open: not sent"
    assert play.match.messages() == ()
