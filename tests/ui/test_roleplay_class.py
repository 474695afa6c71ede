"""Role-plays from inside the game: the briefing of a level two people can play offers "Play
as a role-play (two people)" (first, for a level the player's class plays as a role-play);
for a class level the players screen puts the teacher's pair at the keyboard and the match
is played with the class's seed and saved with the pair's id."""

from __future__ import annotations

import pygame

from game.classroom import installed_classes
from game.engine import PLAYER
from game.levels.catalog import resolve_level
from game.levels.loader import load_level
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.roleplay import HandOverScene, RolePlayPlayersScene
from game.ui.scenes.title import TitleScene


def _buttons(scene) -> list[str]:
    return [k for w in scene.focus.elements if (k := scene.key_of(w))]


def _briefing(make_app, drive, level, profile="Ana"):
    app = make_app(profile=profile, route=lambda: [TitleScene(), BriefingScene(level)])
    drive.run(app, {}, frames=2)
    return app


def test_a_two_party_briefing_offers_the_role_play_and_opens_the_players_screen(make_app, drive):
    app = _briefing(make_app, drive, load_level(resolve_level("used-car")))
    briefing = app.stack.top
    assert "role_play" in _buttons(briefing)
    assert briefing.key_of(briefing.focus.focused) == "start", "the campaign's way comes first"
    briefing.focus_key("role_play")
    drive.run(app, {0: [drive.key(pygame.K_RETURN)]}, frames=3)
    players = app.stack.top
    assert isinstance(players, RolePlayPlayersScene)
    assert players.level.id == "used-car"
    assert players.chosen[PLAYER] == "Ana"


def test_a_level_with_a_mediator_offers_no_role_play(make_app, drive):
    app = _briefing(make_app, drive, load_level(resolve_level("book-deal")))
    assert "role_play" not in _buttons(app.stack.top)
    assert "start" in _buttons(app.stack.top)


def _class(data_dir, tmp_path, pairs: bool):
    from game.cli import main

    extra = ["--pairs"] if pairs else []
    pack = tmp_path / "neg.cgpack"
    assert main(["class", "new", "--name", "Neg 101", "--levels", "market-stall", "used-car",
                 "--role-play", "used-car", "--seats", "4", *extra, "--seed", "21",
                 "--out", str(pack)]) == 0  # fmt: skip
    for seat, name in enumerate(["Ada", "Ben", "Chen", "Dara"], start=1):
        assert main(["class", "join", str(pack), "--profile", name, "--seat", str(seat),
                     "--data-dir", str(data_dir)]) == 0  # fmt: skip
    (installed,) = installed_classes(data_dir)
    level = load_level(next(e.path for e in installed.levels if e.id == "used-car"))
    return installed, level


def test_a_class_role_play_is_offered_first_and_played_by_the_teachers_pair(
    make_app, drive, data_dir, tmp_path
):
    installed, level = _class(data_dir, tmp_path, pairs=True)
    # Ben (seat 2) opens the class's copy: his pair is Ada (seat 1, side A) and himself.
    app = _briefing(make_app, drive, level, profile="Ben")
    briefing = app.stack.top
    assert briefing.key_of(briefing.focus.focused) == "role_play", "the class's way first"
    drive.run(app, {0: [drive.key(pygame.K_RETURN)]}, frames=3)
    players = app.stack.top
    assert isinstance(players, RolePlayPlayersScene)
    b = players.sides[1]
    assert players.chosen == {PLAYER: "Ada", b: "Ben"}
    assert "teacher's pair" in players.intro_text()
    assert players.seed == installed.seed, "the class's scenario"
    players.begin()
    drive.run(app, {}, frames=2)
    handover = app.stack.top
    assert isinstance(handover, HandOverScene)
    assert handover.play.match.pair == "pair-01"
    assert handover.play.match.seed == installed.seed


def test_students_who_pair_themselves_get_a_pair_id_of_their_own(
    make_app, drive, data_dir, tmp_path
):
    _, level = _class(data_dir, tmp_path, pairs=False)
    app = make_app(profile="Chen", route=lambda: [TitleScene(), RolePlayPlayersScene(level, 3)])
    drive.run(app, {}, frames=2)
    players = app.stack.top
    b = players.sides[1]
    assert players.chosen[PLAYER] == "Chen"
    assert players.chosen[b] in {"Ada", "Ben", "Dara"}, "another student of the class"
    assert "pick the two students of your pair" in players.intro_text()
    players.begin()
    drive.run(app, {}, frames=2)
    pair = app.stack.top.play.match.pair
    assert pair.startswith("own-") and len(pair) == 12
