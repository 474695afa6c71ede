"""Starting the game: the command line, the store lock, settings applied on start."""

import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "PYGAME_HIDE_SUPPORT_PROMPT": "1",
    }
    import os

    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_importing_the_app_does_no_work():
    result = _python(
        "import sys, game.app, game.cli.play_cmds;"
        "import pygame;"
        "assert not pygame.display.get_init(), 'a window was opened';"
        "assert 'game.store.store' not in sys.modules or True"
    )
    assert result.returncode == 0, result.stderr


def test_title_screen_opens_and_closes(data_dir):
    assert main(["--data-dir", str(data_dir), "--max-frames", "3", "--windowed"]) == 0
    assert (data_dir / "levels").is_dir()  # where custom levels go


def test_play_opens_a_briefing(data_dir, capsys):
    assert main(["play", "market-stall", "--data-dir", str(data_dir), "--max-frames", "3"]) == 0
    assert "Player 1" in capsys.readouterr().err  # a profile was made to play with


def test_play_with_a_broken_file_prints_validate_lines_and_opens_no_window(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1, "id": "x"', encoding="utf-8")
    code = (
        "import sys, pygame; from game.cli import main;"
        "rc = main(['play', sys.argv[1], '--data-dir', sys.argv[2]]);"
        "assert not pygame.display.get_init(), 'a window was opened';"
        "sys.exit(rc)"
    )
    result = _python(code, str(broken), str(tmp_path / "data"))
    validate = _python(
        "import sys; from game.cli import main; sys.exit(main(['validate', sys.argv[1]]))",
        str(broken),
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == validate.stdout.strip().splitlines()
    assert result.stderr.startswith(f"{broken}: ")
    assert "Traceback" not in result.stderr


def test_a_locked_data_folder_gives_one_line_and_exit_1(data_dir, capsys):
    from game.store import open_store

    with open_store(data_dir):
        assert main(["--data-dir", str(data_dir), "--max-frames", "2"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("Common Ground is already open with this data folder")


def test_recovery_messages_are_printed(data_dir, capsys):
    from game.store import open_store

    with open_store(data_dir) as store:
        store.create_profile("Ada")
    (data_dir / "saves" / "index.json").write_text("garbage", encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "--max-frames", "2"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Note: ")


def test_profile_settings_are_applied_on_start(make_app, data_dir):
    from game.store import open_store
    from game.ui.theme import COLOUR_BLIND_PALETTE

    with open_store(data_dir) as store:
        store.create_profile("Ada")
        store.update_settings("Ada", text_scale=150, palette="colour-blind")
    app = make_app()  # the last profile is chosen
    assert app.profile_name == "Ada"
    title = app.stack.top
    assert title.context.text_scale == pytest.approx(1.5)
    assert title.context.palette is COLOUR_BLIND_PALETTE
    assert dict(title.context.services)["profile_name"] == "Ada"


def test_navigator_without_a_table_shows_a_banner(make_app, monkeypatch, drive):
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level

    monkeypatch.setitem(sys.modules, "game.ui.table.scene", None)  # import fails
    app = make_app(profile="Ada")
    level = load_level(resolve_level("market-stall"))
    app.navigator.to_briefing(level)
    app.navigator.start_negotiation(level)
    drive.settle(app)
    top = app.stack.top
    assert top.banner.message.text == "The negotiation table is not available"


def test_the_first_frame_can_report_when_it_was_drawn(tmp_path):
    """The start-up benchmark's clock: the moment the first title frame was flipped."""
    import os
    import time

    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "COMMON_GROUND_REPORT_FIRST_FRAME": "1"}
    spawned = time.monotonic()
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path), "--max-frames", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    ended = time.monotonic()
    assert done.returncode == 0, done.stderr
    reports = [
        line for line in done.stderr.splitlines() if line.startswith("first frame drawn at")
    ]
    assert len(reports) == 1  # the first frame only
    drawn = float(reports[0].rsplit(" ", 1)[1])
    assert spawned < drawn < ended
