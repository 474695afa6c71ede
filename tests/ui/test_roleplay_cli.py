"""``python main.py play LEVEL --two-players``: a role-play opens on "who plays which side";
a level that is not a role-play is refused with one line and no window."""

from __future__ import annotations

import pygame

from game.cli import main
from game.ui.scenes.roleplay import RolePlayPlayersScene


def test_a_level_that_is_not_a_role_play_is_refused_with_one_line(data_dir, capsys):
    pygame.display.quit()
    code = main(["play", "climate-accord", "--two-players", "--data-dir", str(data_dir)])
    assert code == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip().splitlines() == [
        "climate-accord cannot be played by two people: it has 4 sides; a role-play is for two."
    ]
    assert not pygame.display.get_init()  # refused before any window opened
    assert not (data_dir / "saves").exists() or not any((data_dir / "saves").iterdir())


def test_a_mediated_level_is_refused_too(data_dir, capsys):
    assert main(["play", "book-deal", "--two-players", "--data-dir", str(data_dir)]) == 1
    assert "mediator" in capsys.readouterr().err


def test_two_players_opens_the_players_screen(data_dir, monkeypatch, capsys):
    shown = []
    from game.app import App

    start = App.start

    def remember(self, route=None):
        shown.extend(type(scene) for scene in route or ())
        start(self, route)

    monkeypatch.setattr(App, "start", remember)
    args = ["play", "tablet-deal", "--two-players", "--data-dir", str(data_dir)]
    assert main([*args, "--max-frames", "3"]) == 0
    assert shown[-1] is RolePlayPlayersScene
    assert "Player 1" not in capsys.readouterr().err  # no profile made behind the players' backs


def test_a_class_level_file_is_played_with_the_class_seed(data_dir, tmp_path, monkeypatch):
    from game.app import App
    from game.classroom import installed_classes

    pack = tmp_path / "neg.cgpack"
    assert main(["class", "new", "--name", "Neg 101", "--levels", "tablet-deal",
                 "--role-play", "tablet-deal", "--seed", "4321", "--out", str(pack)]) == 0  # fmt: skip
    assert main(["class", "join", str(pack), "--profile", "Ada", "--data-dir", str(data_dir)]) == 0
    (installed,) = installed_classes(data_dir)
    path = next(e.path for e in installed.levels if e.id == "tablet-deal")
    shown = []
    start = App.start

    def remember(self, route=None):
        shown.extend(route or ())
        start(self, route)

    monkeypatch.setattr(App, "start", remember)
    args = ["play", str(path), "--two-players", "--data-dir", str(data_dir), "--max-frames", "3"]
    assert main(args) == 0
    assert isinstance(shown[-1], RolePlayPlayersScene)
    assert shown[-1].seed == 4321
