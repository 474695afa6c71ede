"""Fixtures for the ui tests: a hidden display, a context, a themed UI manager."""

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


@pytest.fixture
def ui_manager(context):
    return context.make_ui_manager((1280, 720))
