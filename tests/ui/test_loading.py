"""Work off the game's thread: the worker, the loading card, preloading, and the collector."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pygame
import pytest

from game.ui.loading import (
    QUICK_S,
    SHOW_AFTER_S,
    BackgroundWorker,
    LoadingScene,
    import_modules,
    run_loading,
)
from game.ui.scene import Scene, SceneStack

ROOT = Path(__file__).resolve().parents[2]


class Below(Scene):
    def __init__(self) -> None:
        super().__init__()
        self.keys: list[int] = []

    def handle_event(self, event):
        self.keys.append(event.key)
        return True


def _gated():
    gate = threading.Event()

    def work():
        assert gate.wait(10)
        return "loaded"

    return gate, work


def test_the_worker_runs_jobs_in_order_and_keeps_their_errors():
    worker = BackgroundWorker()
    seen: list[int] = []
    jobs = [worker.submit(lambda i=i: seen.append(i) or i * 10) for i in range(5)]
    failing = worker.submit(lambda: 1 / 0)
    assert failing.wait(10)
    assert [job.result for job in jobs] == [0, 10, 20, 30, 40]
    assert seen == [0, 1, 2, 3, 4]
    assert isinstance(failing.error, ZeroDivisionError) and failing.result is None


def test_quick_work_goes_on_at_once_without_a_card(context):
    stack = SceneStack(context)
    stack.push(Below())
    got = []
    run_loading(
        stack, BackgroundWorker(), lambda: 42, message="x", then=got.append, failed=got.append
    )
    assert got == [42]
    assert not isinstance(stack.top, LoadingScene)


def test_slow_work_shows_a_card_keeps_input_from_the_screen_below_then_goes_on(context, display):
    stack = SceneStack(context)
    below = Below()
    stack.push(below)
    gate, work = _gated()
    got = []
    run_loading(
        stack,
        BackgroundWorker(),
        work,
        message="Opening The Blue Bowl…",
        then=got.append,
        failed=got.append,
    )
    card = stack.top
    assert isinstance(card, LoadingScene) and not got
    stack.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN))
    assert below.keys == []  # the screen below waits
    # No flash for short waits: nothing is drawn before SHOW_AFTER_S.
    display.fill((0, 0, 0))
    card.draw(display)
    assert display.get_at((640, 360))[:3] == (0, 0, 0)
    stack.update(SHOW_AFTER_S + 0.01)
    display.fill((0, 0, 0))
    stack.draw(display)
    assert display.get_at((640, 360))[:3] == context.palette.colour("surface")[:3]
    gate.set()
    assert card.job.wait(10)
    stack.update(1 / 60)
    assert got == ["loaded"]
    assert stack.top is below


def test_escape_gives_up_waiting_and_drops_the_result(context):
    stack = SceneStack(context)
    below = Below()
    stack.push(below)
    gate, work = _gated()
    got = []
    job = run_loading(
        stack, BackgroundWorker(), work, message="x", then=got.append, failed=got.append
    )
    stack.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE))
    assert stack.top is below and job.cancelled
    gate.set()
    assert job.wait(10)
    stack.update(1 / 60)
    assert got == []


def test_failing_work_reaches_failed_on_the_games_thread(context):
    stack = SceneStack(context)
    stack.push(Below())
    gate, _ = _gated()
    errors = []

    def work():
        assert gate.wait(10)
        raise ValueError("broken level")

    run_loading(stack, BackgroundWorker(), work, message="x", then=print, failed=errors.append)
    assert isinstance(stack.top, LoadingScene)
    caller = threading.get_ident()
    seen_on = []
    stack.top._failed = lambda error: (seen_on.append(threading.get_ident()), errors.append(error))
    gate.set()
    stack.top.job.wait(10)
    stack.update(1 / 60)
    assert [str(e) for e in errors] == ["broken level"] and seen_on == [caller]


def test_import_modules_logs_a_module_that_fails_and_goes_on():
    work = import_modules(["no.such.module", "json"])
    assert work() is None  # no exception


def test_a_broken_level_file_opened_from_the_map_shows_its_problems(make_app, drive, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "x", "title": 3', encoding="utf-8")
    app = make_app(profile="Ada")
    app.navigator.open_level_file(broken, "Broken")
    drive.settle(app)
    top = app.stack.top
    assert type(top).__name__ == "TitleScene"
    assert "broken.json" in top.banner.message.text


def test_quick_paths_stay_under_the_frame():
    assert QUICK_S <= 0.02 and SHOW_AFTER_S >= 0.1


def _run(code: str) -> dict:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


PROLOGUE = """
import gc, json, sys, tempfile
from pathlib import Path
from game.app import PRELOADED_MODULES, AppOptions, open_app
app = open_app(AppOptions(data_dir=Path(tempfile.mkdtemp()), seed=1, profile="Ada"))
app.start()
"""


def test_the_later_screens_load_in_the_background_once_the_title_is_up():
    result = _run(
        PROLOGUE
        + """
before = [m for m in PRELOADED_MODULES if m in sys.modules]
app.run(max_frames=1)
app._preload_job.wait(60)
after = [m for m in PRELOADED_MODULES if m in sys.modules]
print(json.dumps({"before": before, "after": after, "all": list(PRELOADED_MODULES)}))
app.close()
"""
    )
    assert "game.ui.table.scene" not in result["before"]
    assert result["after"] == result["all"]


def test_the_collector_waits_for_the_player_to_pause():
    """Frozen once loaded; the garbage of a change of screen is collected once the new
    screen is up and the player has pressed nothing for COLLECT_WHEN_QUIET_S; one who
    keeps pressing keys gets it COLLECT_BY_S after the screen was up, not before."""
    result = _run(
        PROLOGUE
        + """
import pygame
from game.app import COLLECT_BY_S, COLLECT_WHEN_QUIET_S
DT = 1 / 60
collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info["generation"]))
def frames_until_full(events=None, limit=2000):
    for n in range(1, limit + 1):
        collections.clear()
        app.run(max_frames=1, fixed_dt=DT, events=events)
        if 2 in collections:
            return n
    return None
app.run(max_frames=2, fixed_dt=DT)
app._preload_job.wait(60)
app.run(max_frames=2, fixed_dt=DT)
frozen = gc.get_freeze_count()
app.run(max_frames=30, fixed_dt=DT)  # nothing pending
collections.clear()
app.run(max_frames=60, fixed_dt=DT)
idle = list(collections)
app.navigator.to_settings()   # a change of screen, the player reading it
quiet = frames_until_full()
app.navigator.to_title()      # another, the player holding an arrow key down
key = lambda frame: [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DOWN, mod=0, unicode="")]
busy = frames_until_full(key)
print(json.dumps({"frozen": frozen, "idle": idle, "quiet": quiet, "busy": busy,
                  "quiet_s": COLLECT_WHEN_QUIET_S, "by_s": COLLECT_BY_S, "dt": DT}))
app.close()
"""
    )
    assert result["frozen"] > 10_000
    assert 2 not in result["idle"]  # no change of screen, no full collection
    dt = result["dt"]
    # the screen takes a few frames to build and draw; then the quiet time, to the frame
    assert result["quiet_s"] / dt <= result["quiet"] <= result["quiet_s"] / dt + 12
    assert result["by_s"] / dt <= result["busy"] <= result["by_s"] / dt + 12


@pytest.mark.parametrize("manage", [False])
def test_tests_apps_leave_the_collector_alone(make_app, manage):
    import gc

    before = gc.get_freeze_count()
    app = make_app(profile="Ada", manage_gc=manage)
    app.run(max_frames=3, fixed_dt=1 / 60)
    assert gc.get_freeze_count() == before
