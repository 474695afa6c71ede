"""A small driver for the negotiation table in tests: a stack, a store, keys and frames."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame

from game.levels.catalog import resolve_level
from game.levels.loader import load_level
from game.ui.scene import SceneContext, SceneStack
from game.ui.table.scene import TableScene

PROFILE = "Tess"
_LEVELS: dict[str, Any] = {}


def level(level_id: str):
    """Return a built-in level, loaded once per test session."""
    if level_id not in _LEVELS:
        _LEVELS[level_id] = load_level(resolve_level(level_id))
    return _LEVELS[level_id]


@dataclass
class Table:
    """A table scene on a stack, with helpers to press keys and draw frames."""

    stack: SceneStack
    scene: TableScene
    store: Any = None
    surface: pygame.Surface | None = None
    events: list = field(default_factory=list)

    def key(self, key: int, mod: int = 0, times: int = 1) -> None:
        """Press ``key`` ``times`` times (one update after each)."""
        for _ in range(times):
            event = pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)
            self.stack.handle_event(event)
            self.pump()
            self.stack.update(1 / 60)

    def pump(self) -> None:
        """Hand events the game posted to itself to the stack."""
        for _ in range(10):
            posted = pygame.event.get()
            if not posted:
                return
            for event in posted:
                if event.type >= pygame.USEREVENT:
                    self.stack.handle_event(event)

    def keys(self, *names: str) -> None:
        """Press keys by pygame name ("tab", "return", "right", ...)."""
        for name in names:
            self.key(pygame.key.key_code(name))

    def click(self, position: tuple[int, int]) -> None:
        """Click the left mouse button at ``position``."""
        for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            event = pygame.event.Event(kind, pos=position, button=pygame.BUTTON_LEFT)
            self.stack.handle_event(event)
        self.pump()
        self.stack.update(1 / 60)

    def frames(self, count: int = 1) -> pygame.Surface:
        """Update and draw ``count`` frames; return the surface."""
        surface = self.surface or pygame.display.get_surface()
        for _ in range(count):
            self.stack.update(1 / 60)
            surface.fill((0, 0, 0))
            self.stack.draw(surface)
        return surface

    @property
    def focused_key(self) -> str | None:
        focused = self.scene.focus.focused
        return getattr(focused, "key", None)

    def tab_to(self, key: str, limit: int = 120) -> None:
        """Press Tab until the control called ``key`` has the focus."""
        for _ in range(limit):
            if self.focused_key == key:
                return
            self.key(pygame.K_TAB)
        raise AssertionError(f"Tab never reached {key!r} (last: {self.focused_key!r})")


def make_table(
    level_id: str = "tablet-deal",
    *,
    seed: int = 7,
    size: tuple[int, int] = (1280, 720),
    text_scale: float = 1.0,
    data_dir: Path | None = None,
    palette=None,
    staged: bool = False,
) -> Table:
    """Return a table for ``level_id``; with ``data_dir``, a store with profile Tess.

    ``staged``: built as a change of screen made during a frame is, a step at a time.
    """
    store = None
    services: dict[str, Any] = {}
    if data_dir is not None:
        from game.store import open_store

        store = open_store(data_dir)
        if not store.has_profile(PROFILE):
            store.create_profile(PROFILE)
        services = {"store": store, "profile_name": PROFILE}
    kwargs = {"text_scale": text_scale, "services": services}
    if palette is not None:
        kwargs["palette"] = palette
    context = SceneContext.create(**kwargs)
    stack = SceneStack(context, size)
    scene = TableScene(level(level_id), seed)
    stack.defer_builds = staged
    stack.push(scene)
    stack.defer_builds = False
    while stack.build_step():
        pass
    surface = pygame.Surface(size)
    return Table(stack, scene, store, surface)
