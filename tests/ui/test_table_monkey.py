"""A monkey at the table: 20,000+ random keys, clicks and wheel turns, from a fixed seed.

The game runs as it does for a player (the App with its store, navigator and every scene
the events lead to: pause menu, choosers, confirmations, the debrief, campaign map,
briefing, title, settings, profile names).  Each frame also gets what the game posted to
itself in the frame before, as the game's own loop reads
it.  When the monkey has left the table for a while, or quits the game, it sits down at a
new negotiation, so at least 20,000 events reach a table (or the overlays it opens).

It plays as fast as a player's hands could never go, but it waits for a loading card as a
player does ("Looking back..." works out the debrief), and it mostly reads a new screen for
a quarter of a second before pressing on.

Checked: no exception, and no frame longer than FRAME_MS (50 ms), whatever it did: the
frames that change screens, rebuild every screen for a new text size or palette, or scroll
a page taller than the window are held to the same bound (the game builds a new screen
over the frames after the change, a step a frame).  The monkey's own trips back to a
table are made as the game makes them, inside a frame, so their building is timed too.
The full collections of garbage (the game makes one after a change of screen, when the
player pauses: App._after_frame) are timed apart, each within FULL_COLLECTION_MS.
Every run reaches the table, its pause menu, a chooser and the debrief.

A frame's time is the CPU time the game's thread spent on it (``time.thread_time``), so
other programs on a busy machine do not make the check flaky; a wall-clock time over
WALL_MS (other than in frames that change scenes, which may wait for the disk) is
reported as a warning, since only the machine's load decides it.  CPU time still grows
when every core is busy (two workers on a 2-core machine share caches and, often, one
physical core): in one full run a table frame took 56.5 ms of it, where the test alone
takes 23-38 ms at its worst.  So the test is marked ``alone``: the test command runs it by
itself after the parallel run (scripts/test).
"""

from __future__ import annotations

import gc
import importlib
import random
import time
import warnings

import pygame
import pytest

from game.app import PRELOADED_MODULES, Navigator
from game.levels.catalog import resolve_level
from game.levels.loader import load_level
from game.ui.loading import LoadingScene
from game.ui.scene import SceneStack
from game.ui.scenes.title import TitleScene
from game.ui.table.scene import TableScene

pytestmark = pytest.mark.alone

SEED = 20251126
EVENTS = 20_000
PER_FRAME = 8
FRAME_MS = 50.0
WALL_MS = 250.0
LEVELS = ("tablet-deal", "climate-accord", "book-deal", "two-forks")

_KEYS = (
    [pygame.K_TAB] * 12
    + [pygame.K_RETURN, pygame.K_SPACE] * 3
    + [pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN] * 3
    + [pygame.K_HOME, pygame.K_END, pygame.K_PAGEUP, pygame.K_PAGEDOWN]
    + [pygame.K_a, pygame.K_r, pygame.K_c, pygame.K_p, pygame.K_q, pygame.K_i, pygame.K_s]
    + [pygame.K_b, pygame.K_l, pygame.K_e, pygame.K_t, pygame.K_g, pygame.K_m, pygame.K_w]
    + [pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_F1, pygame.K_z, pygame.K_BACKSPACE]
)
ESCAPE_SHARE = 0.01  # Esc opens the pause menu, whose keys may leave the table
AWAY_FRAMES = 30  # frames away from the table before the monkey sits down again
# Every PAUSE_EVERY frames spent at the bare table, the monkey also presses Esc: how much of
# the game its random keys reach depends on how many frames each screen takes to build (a
# step a frame, within a time budget), so without this the pause menu and the screens
# behind it could go unvisited on a slower machine.
PAUSE_EVERY = 200
PAUSE_FIRST = 20
"""...and from its 20th frame there, at the first table whose talks are still open, until
the pause menu has been opened once, so it is reached in every run (left to the random keys
and to PAUSE_EVERY alone, one run in three here missed it when the game's worker threads
left the monkey fewer frames at the bare table; and after the talks Esc opens the debrief,
so a monkey that ended its first talks within 20 frames never saw the menu)."""
READ_FRAMES = 15
"""After a change of screen the monkey reads it, as a player does, for this many frames
(a quarter of a second) before it presses anything: the game collects the garbage of a
change of screen in such a pause (App._after_frame)."""
FULL_COLLECTION_MS = 200.0
"""A full collection of the garbage (30-100 ms of CPU time here) is timed apart from the
frame's own work: the game makes it when the player pauses, so a key pressed then waits
at most this long."""
LOADING_WAIT_S = 10.0
"""While a loading card is up, the monkey waits for the work, as a player does (up to this
long), instead of pressing keys: its keys come hundreds of times faster than a player's, so
its Esc gave up every "Looking back..." card before the debrief was worked out (a tenth of
a second), asked for the debrief again, and never reached it."""


def _event(rng: random.Random, size: tuple[int, int]) -> list[pygame.event.Event]:
    roll = rng.random()
    if roll < ESCAPE_SHARE:
        return [
            pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0)
        ]
    if roll < 0.6:
        key = rng.choice(_KEYS)
        mod = pygame.KMOD_SHIFT if key == pygame.K_TAB and rng.random() < 0.3 else 0
        return [pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)]
    position = (rng.randrange(size[0]), rng.randrange(size[1]))
    if roll < 0.85:
        return [
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=position, button=1),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=position, button=1),
        ]
    if roll < 0.93:
        return [pygame.event.Event(pygame.MOUSEMOTION, pos=position, rel=(0, 0), buttons=(0, 0, 0))]
    if roll < 0.98:
        return [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice((-1, 1)), flipped=False)]
    return [pygame.event.Event(pygame.TEXTINPUT, text=rng.choice("abc1 "))]


class _FullCollections:
    """A ``gc.callbacks`` entry timing the full collections (CPU time) made in a frame."""

    def __init__(self) -> None:
        self.started: list[float] = []
        self.taken = 0.0  # seconds, in the current frame
        self.frames: list[tuple[float, int, str]] = []  # ms, frame, screen: each frame's

    def __call__(self, phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self.started.append(time.thread_time())
        elif self.started:
            self.taken += time.thread_time() - self.started.pop()


def _pause_now(table: TableScene, table_frames: int, scenes: set[str]) -> bool:
    """Return True when the monkey, at the bare table, presses Esc whatever its dice say."""
    if table_frames % PAUSE_EVERY == 0:
        return True
    first = "PauseScene" not in scenes and table_frames >= PAUSE_FIRST
    return first and table.state.result is None  # after the talks Esc opens the debrief


def test_monkey_at_the_table(make_app, monkeypatch, request):
    rng = random.Random(SEED)
    levels = [load_level(resolve_level(level_id)) for level_id in LEVELS]
    for level in levels:
        level.analysis  # noqa: B018 - computed once, as the briefing does before the table
    app = None

    def new_table() -> TableScene:
        return TableScene(rng.choice(levels), rng.randrange(1 << 30))

    quit_asked = [False]

    def quit_to_a_new_table(self: Navigator) -> None:
        # The game would close here; the monkey goes back to the title and, after this
        # frame (as when it wandered away), sits down at a new table.
        self.stack.clear()
        self.stack.push(TitleScene())
        quit_asked[0] = True

    monkeypatch.setattr(Navigator, "quit", quit_to_a_new_table)
    # The game imports the later screens' code while the title is shown (App.preload, on
    # its worker thread); the test app doesn't, so import it here as the game would have.
    for module in PRELOADED_MODULES:
        importlib.import_module(module)
    # What earlier tests left in memory is not the game's: keep the collector from
    # walking it in the middle of a frame.
    gc.collect()
    gc.freeze()
    app = make_app(profile="Monkey", route=lambda: [TitleScene(), new_table()], manage_gc=True)
    runner = app.runner
    sent = frames = away = table_frames = 0
    wall = 0.0
    times: list[tuple[float, int, str]] = []
    scenes: set[str] = set()  # every scene the monkey opened, even for part of a frame
    push = SceneStack.push

    def pushed(self: SceneStack, scene) -> None:
        scenes.add(type(scene).__name__)
        push(self, scene)

    monkeypatch.setattr(SceneStack, "push", pushed)
    timer = _FullCollections()
    gc.callbacks.append(timer)
    request.addfinalizer(lambda: gc.callbacks.remove(timer))
    reading = 0
    seen = (id(runner.stack), runner.stack.changes)
    while sent < EVENTS:
        # What the game posted to itself last frame, as the
        # game's own loop reads it, then the monkey's events.
        events: list[pygame.event.Event] = pygame.event.get()
        stack = runner.stack
        if (id(stack), stack.changes) != seen:
            seen = (id(stack), stack.changes)
            # most often it reads the new screen; now and then it presses on at once
            # (its keys then wait, in order, until the screen is built)
            reading = READ_FRAMES if rng.random() < 0.75 else 0
        loading = stack.top if isinstance(stack.top, LoadingScene) else None
        if loading is not None:
            loading.job.wait(LOADING_WAIT_S)
        elif reading:
            reading -= 0 if stack.building else 1
        else:
            while len(events) < PER_FRAME:
                events += _event(rng, runner.size)
        at_table = any(isinstance(scene, TableScene) for scene in stack)
        bare_table = isinstance(stack.top, TableScene) and stack.top._built
        table_frames += bare_table
        if bare_table and _pause_now(stack.top, table_frames, scenes):
            events.insert(
                0,
                pygame.event.Event(
                    pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0
                ),
            )
        sent += len(events) if at_table else 0
        changes = stack.changes
        started, started_cpu = time.perf_counter(), time.thread_time()
        timer.taken = 0.0
        stop = runner.step(1 / 60, events)
        spent = (time.thread_time() - started_cpu - timer.taken) * 1000
        if timer.taken:
            timer.frames.append((timer.taken * 1000, frames + 1, type(stack.top).__name__))
        wall_ms = (time.perf_counter() - started) * 1000
        frames += 1
        top = type(stack.top).__name__ if stack.top is not None else "(empty)"
        scenes.add(top)
        times.append((spent, frames, top))
        if runner.stack is stack and stack.changes == changes:  # scene changes save to disk
            wall = max(wall, wall_ms)
        away = 0 if at_table else away + 1
        if stop is not None or not len(stack) or away > AWAY_FRAMES or quit_asked[0]:
            quit_asked[0] = False
            stack = runner.stack
            stack.defer_builds = True  # as a move in a frame does: built in the next frames
            if stop is not None or not len(stack):
                stack.clear()
                stack.push(TitleScene())
            stack.push(new_table())
            stack.defer_builds = False
            away = 0
    gc.unfreeze()
    worst = max(times)
    over_third = sum(1 for spent, *_ in times if spent > FRAME_MS * 2 / 3)
    print(
        f"\n{frames} frames; worst {worst[0]:.1f} ms (frame {worst[1]}, {worst[2]}); "
        f"{over_third} over {FRAME_MS * 2 / 3:.0f} ms"
    )
    assert worst[0] <= FRAME_MS, f"frame {worst[1]} on {worst[2]} took {worst[0]:.1f} ms"
    if timer.frames:
        longest = max(timer.frames)
        print(
            f"{len(timer.frames)} full collections, the longest {longest[0]:.1f} ms "
            f"(frame {longest[1]}, {longest[2]})"
        )
        assert longest[0] <= FULL_COLLECTION_MS, longest
    if wall > WALL_MS:  # other programs on the machine: reported, not a failure
        warnings.warn(f"a frame took {wall:.0f} ms of wall-clock time", stacklevel=1)
    assert {"TableScene", "PauseScene", "ChoiceScene", "DebriefScene"} <= scenes, scenes
