"""The system ends the game (SIGTERM at a logout or a shutdown): no dialog waits, unfinished
talks are left as "Quit the game" leaves them, and the process exits at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pygame

from game.app import on_sigterm
from game.ui.scenes.dialogs import ConfirmScene
from game.ui.table.scene import TableScene

ROOT = Path(__file__).resolve().parents[2]


def _at_the_table(make_app, drive):
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level

    app = make_app(profile="Ada")
    app.navigator.to_campaign()
    app.navigator.to_briefing(load_level(resolve_level("market-stall")))
    drive.run(app, {0: [drive.key(pygame.K_RETURN)]})  # "Start negotiation"
    table = app.stack.top
    assert isinstance(table, TableScene) and table.state.match is not None
    return app, table


def test_a_shutdown_mid_talks_leaves_them_without_asking(make_app, drive):
    app, table = _at_the_table(make_app, drive)
    app.runner.request_shutdown()
    result = app.run(max_frames=30, fixed_dt=1 / 60)
    assert result.reason == "shutdown" and result.frames == 1
    assert not any(isinstance(scene, ConfirmScene) for scene in app.stack)
    assert table.state.abandoned  # as "Quit the game": nothing scored, Rosa remembers
    assert app.store.history("Ada") == []
    assert app.store.get_relationship("Ada", "rosa") is not None


def test_a_window_close_mid_talks_still_asks(make_app, drive):
    app, table = _at_the_table(make_app, drive)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    result = app.run(max_frames=3, fixed_dt=1 / 60)
    assert result.reason == "max_frames"
    assert isinstance(app.stack.top, ConfirmScene) and not table.state.abandoned


def test_the_handler_is_the_games_only_while_it_runs():
    before = signal.getsignal(signal.SIGTERM)
    calls = []
    with on_sigterm(lambda *_: calls.append(1)):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.01)  # the handler runs between two bytecodes of this thread
    assert calls == [1]
    assert signal.getsignal(signal.SIGTERM) is before


def test_sigterm_ends_the_game_process_at_once(tmp_path):
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "COMMON_GROUND_REPORT_FIRST_FRAME": "1",
    }
    game = subprocess.Popen(
        [sys.executable, "main.py", "--data-dir", str(tmp_path), "--profile", "Ada"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert game.stderr is not None
        for line in game.stderr:  # the title is on screen
            if line.startswith("first frame drawn at"):
                break
        game.send_signal(signal.SIGTERM)
        assert game.wait(timeout=60) == 0
    finally:
        if game.poll() is None:
            game.kill()
            game.wait()
    assert (tmp_path / "saves").is_dir()
