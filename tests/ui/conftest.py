"""Fixtures for the ui tests: a hidden display, a context, the game application."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui.assets import AssetPaths  # noqa: E402
from game.ui.scene import SceneContext  # noqa: E402


@pytest.fixture
def display():
    """Return a hidden 1280x720 display surface (pygame initialised)."""
    pygame.init()
    surface = pygame.display.set_mode((1280, 720))
    pygame.event.clear()
    yield surface
    pygame.event.clear()


@pytest.fixture
def assets() -> AssetPaths:
    return AssetPaths.default()


@pytest.fixture
def context(display, assets) -> SceneContext:
    return SceneContext.create(assets=assets)


# -- the game application (tests/ui/test_app_*.py, test_scenes_*.py) ------------------------
def key_event(key: int, mod: int = 0, unicode: str = "") -> pygame.event.Event:
    """Return a KEYDOWN event as the keyboard sends it."""
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0)


def text_events(text: str) -> list[pygame.event.Event]:
    """Return the TEXTINPUT events typing ``text`` produces."""
    return [pygame.event.Event(pygame.TEXTINPUT, text=char) for char in text]


@pytest.fixture
def data_dir(tmp_path):
    """Return an empty data folder for a test's store."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def make_app(data_dir):
    """Return ``make(profile=None, levels_dirs=(), route=None, **settings)``: a started App.

    ``settings`` (text_scale, palette, ...) are saved for the profile before the window
    opens.  Every app made is closed after the test.
    """
    from game.app import AppOptions, open_app

    apps = []

    def make(
        profile=None, levels_dirs=(), route=None, size=(1280, 720), manage_gc=False, **settings
    ):
        app = open_app(
            AppOptions(
                data_dir=data_dir,
                levels_dirs=tuple(levels_dirs),
                seed=7,
                profile=profile,
                window_size=size,
                preload=False,  # tests import what they use; no thread racing them
                manage_gc=manage_gc,  # freezing would keep earlier tests' garbage for good
            )
        )
        apps.append(app)
        if settings:
            app.update_settings(**settings)
        app.start(route() if callable(route) else route)
        return app

    yield make
    for app in apps:
        app.close()


def run_frames(app, events=None, frames=None, *, settle=None):
    """Run ``app`` for ``frames`` frames (default: two past the last injected event).

    Then run frames until the screen is built and the events are handled (``settle``:
    changes of screen are built over the frames after them; a loading card's work runs
    off the game's thread), so tests see the screen the events lead to.
    """
    events = events or {}
    if frames is None:
        frames = (max(events) if events else 0) + 3
    result = app.run(max_frames=frames, fixed_dt=1 / 60, events=events)
    if settle is not None:
        settle(app)
    return result


@pytest.fixture
def drive(settle):
    """Return helpers to drive a game: ``.key(k, mod)``, ``.text(s)``, ``.run(app, events, frames)``,
    ``.settle(app)`` (finish a loading card)."""
    from functools import partial
    from types import SimpleNamespace

    return SimpleNamespace(
        key=key_event, text=text_events, run=partial(run_frames, settle=settle), settle=settle
    )
