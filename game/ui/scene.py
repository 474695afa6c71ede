"""The scene contract and the scene stack.

Every screen (title, briefing, negotiation table, debrief, settings, …) is a :class:`Scene`
on a :class:`SceneStack`.  The contract:

* ``enter(context)`` is called once when the scene is pushed, then ``on_resize(size)`` with
  the current window size, so layout code lives in one place;
* ``handle_event(event) -> bool`` — only the top scene receives events; return True when
  the event was used;
* ``update(dt)`` — only the top scene is updated; ``dt`` is in seconds;
* ``draw(surface)`` — drawing never changes state; scenes below an overlay (a scene whose
  ``opaque`` is False) are drawn first;
* ``pause()`` / ``resume()`` — another scene was pushed on top / the one on top was popped;
* ``exit()`` — the scene left the stack: release pygame_gui elements here;
* ``request_quit() -> bool`` — the window's close button was pressed; return True to quit
  now, or False and call ``self.stack.request_exit()`` later (after a confirmation).

Scenes hold no negotiation rules: they turn input into moves for the engine and draw the
state they are given.  Scenes never call each other; they push, pop or replace through
``self.stack``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pygame

from game.ui.assets import AssetPaths
from game.ui.fonts import FontCache
from game.ui.theme import DEFAULT_PALETTE, Palette, make_ui_manager

if TYPE_CHECKING:
    import pygame_gui

__all__ = ["Scene", "SceneContext", "SceneStack"]

logger = logging.getLogger(__name__)

Size = tuple[int, int]


@dataclass(frozen=True)
class SceneContext:
    """What every scene may use: fonts, palette, assets, text scale and app services.

    ``services`` is filled by ``game.app`` (profile store, level catalogue, seeded RNG, …);
    the ui package does not look inside it.
    """

    fonts: FontCache
    palette: Palette = DEFAULT_PALETTE
    assets: AssetPaths = field(default_factory=AssetPaths.default)
    services: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def text_scale(self) -> float:
        """Return the text scale the fonts were made for (1.0–2.0)."""
        return self.fonts.text_scale

    @classmethod
    def create(
        cls,
        *,
        palette: Palette = DEFAULT_PALETTE,
        text_scale: float = 1.0,
        assets: AssetPaths | None = None,
        services: Mapping[str, Any] | None = None,
    ) -> SceneContext:
        """Return a context with a fresh :class:`FontCache` for ``text_scale``."""
        assets = assets or AssetPaths.default()
        return cls(
            fonts=FontCache(assets.fonts, text_scale),
            palette=palette,
            assets=assets,
            services=MappingProxyType(dict(services or {})),
        )

    def make_ui_manager(self, size: Size) -> pygame_gui.UIManager:
        """Return a pygame_gui manager themed for this palette and text scale."""
        return make_ui_manager(size, self.palette, self.text_scale, self.assets)


class Scene:
    """Base class for a screen; override what you need.  See the module docstring."""

    #: True when :meth:`resume` lays the scene out again anyway (at ``stack.size``): a
    #: stack bringing it back into view then leaves the layout to it (once, not twice).
    lays_out_on_resume: bool = False

    #: True when the scene paints the whole window (nothing is cleared before it);
    #: False for overlays (dialogs, pause menus): the scenes below are drawn first.
    opaque: bool = True

    def __init__(self) -> None:
        self._stack: SceneStack | None = None
        self.context: SceneContext | None = None

    @property
    def stack(self) -> SceneStack:
        """Return the stack this scene is on (raises if it is not on one)."""
        if self._stack is None:
            raise RuntimeError(f"{type(self).__name__} is not on a scene stack")
        return self._stack

    def _attach(self, stack: SceneStack | None) -> None:
        self._stack = stack

    def enter(self, context: SceneContext) -> None:
        """Called once when pushed: build widgets here (layout goes in :meth:`on_resize`)."""
        self.context = context

    def exit(self) -> None:
        """Called once when removed from the stack: kill widgets here."""

    def pause(self) -> None:
        """Called when another scene is pushed on top of this one."""

    def resume(self) -> None:
        """Called when this scene is the top again."""

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Handle one event; return True when it was used."""
        return False

    def update(self, dt: float) -> None:
        """Advance animations and timers by ``dt`` seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the scene; must not change state."""

    def on_resize(self, size: Size) -> None:
        """Lay out for a window of ``size`` (also called right after :meth:`enter`)."""

    def request_quit(self) -> bool:
        """Return True if the game may close now (the default)."""
        return True


class SceneStack:
    """A push/pop stack of scenes; only the top one receives events and updates."""

    def __init__(self, context: SceneContext, size: Size = (1280, 720)) -> None:
        self._context = context
        self._scenes: list[Scene] = []
        self._size: Size = (int(size[0]), int(size[1]))
        self._exit_requested = False
        self._listeners: list[Callable[[str, Scene], None]] = []
        #: How many pushes, pops and replacements happened so far.
        self.changes = 0
        #: ids of scenes on the stack that have not entered yet (see :meth:`adopt`).
        self._dormant: set[int] = set()
        #: ids of hidden scenes laid out for an older window size (see :meth:`on_resize`).
        self._stale: set[int] = set()

    # -- queries --------------------------------------------------------------------------
    @property
    def context(self) -> SceneContext:
        """Return the context handed to scenes when they enter."""
        return self._context

    @property
    def size(self) -> Size:
        """Return the current window size."""
        return self._size

    @property
    def top(self) -> Scene | None:
        """Return the scene receiving input, or None when empty."""
        return self._scenes[-1] if self._scenes else None

    @property
    def exit_requested(self) -> bool:
        """Return True once a scene asked the game to close."""
        return self._exit_requested

    def __len__(self) -> int:
        return len(self._scenes)

    def __iter__(self) -> Iterator[Scene]:
        """Iterate from the bottom scene to the top one."""
        return iter(list(self._scenes))

    def add_listener(self, listener: Callable[[str, Scene], None]) -> None:
        """Call ``listener(action, scene)`` on "push", "pop" and "replace" (for logging, tests)."""
        self._listeners.append(listener)

    # -- changes --------------------------------------------------------------------------
    def push(self, scene: Scene) -> None:
        """Put ``scene`` on top: pause the old top, enter and lay out the new one."""
        if scene in self._scenes:
            raise ValueError(f"{type(scene).__name__} is already on the stack")
        if self.top is not None and id(self.top) not in self._dormant:
            self.top.pause()
        self._scenes.append(scene)
        scene._attach(self)
        scene.enter(self._context)
        scene.on_resize(self._size)
        logger.debug("pushed %s", type(scene).__name__)
        self._notify("push", scene)

    def pop(self) -> Scene:
        """Remove and return the top scene; the one below resumes."""
        if not self._scenes:
            raise IndexError("pop from an empty scene stack")
        scene = self._take_top()
        logger.debug("popped %s", type(scene).__name__)
        self._wake_visible(resuming=self.top)
        if self.top is not None:
            self.top.resume()
        self._notify("pop", scene)
        return scene

    def replace(self, scene: Scene) -> Scene | None:
        """Swap the top scene for ``scene`` (the one below is not resumed); return the old top."""
        old = self._take_top() if self._scenes else None
        self._scenes.append(scene)
        scene._attach(self)
        if not scene.opaque:
            self._wake_visible()  # an overlay shows the scenes below it
        scene.enter(self._context)
        scene.on_resize(self._size)
        self._notify("replace", scene)
        return old

    def adopt(self, scenes: Iterable[Scene]) -> None:
        """Put ``scenes`` (bottom first) on this empty stack, entering only those on screen.

        Used when every screen is rebuilt (a new text size or palette): the scenes on
        screen — the top one and the scenes an overlay shows — enter now; the ones
        hidden under an opaque screen enter when they come back into view (a pop), so a
        settings change costs one screen's layout, not the whole stack's.
        """
        if self._scenes:
            raise ValueError("adopt() needs an empty stack")
        for scene in scenes:
            self._scenes.append(scene)
            scene._attach(self)
            self._dormant.add(id(scene))
        self._wake_visible()
        for scene in self._scenes[:-1]:
            if id(scene) not in self._dormant:
                scene.pause()

    def _visible_from(self) -> int:
        """Return the index of the lowest scene drawn (the highest opaque one)."""
        for index in range(len(self._scenes) - 1, -1, -1):
            if self._scenes[index].opaque:
                return index
        return 0

    def _wake_visible(self, resuming: Scene | None = None) -> None:
        """Enter the dormant scenes on screen now; lay out the stale ones for this size.

        ``resuming`` is about to get :meth:`Scene.resume`: when that lays it out anyway,
        its stale layout is left to it.
        """
        if not (self._dormant or self._stale):
            return
        for scene in self._scenes[self._visible_from() :]:
            if id(scene) in self._dormant:
                self._dormant.discard(id(scene))
                scene.enter(self._context)
                scene.on_resize(self._size)
            elif id(scene) in self._stale:
                self._stale.discard(id(scene))
                if not (scene is resuming and scene.lays_out_on_resume):
                    scene.on_resize(self._size)

    def clear(self) -> None:
        """Remove every scene, top first (each entered one exits; none resumes)."""
        while self._scenes:
            self._notify("pop", self._take_top())

    def pop_to(self, wanted: Callable[[Scene], bool], *, resume: bool = True) -> bool:
        """Pop the scenes above the highest one ``wanted`` accepts; False if there is none.

        The scenes taken off on the way exit without coming back into view first (no
        layout for a screen nobody sees); the one reached resumes, unless ``resume`` is
        False because another scene goes on top of it at once.
        """
        if not any(wanted(scene) for scene in self._scenes):
            return False
        if wanted(self._scenes[-1]):
            return True
        while not wanted(self._scenes[-1]):
            scene = self._take_top()
            logger.debug("popped %s", type(scene).__name__)
            self._notify("pop", scene)
        if resume:
            self._wake_visible(resuming=self._scenes[-1])
            self._scenes[-1].resume()
        return True

    def _take_top(self) -> Scene:
        """Remove the top scene: it exits (unless it never entered) and leaves the stack."""
        scene = self._scenes.pop()
        self._stale.discard(id(scene))
        if id(scene) in self._dormant:
            self._dormant.discard(id(scene))  # never entered: nothing to exit
        else:
            scene.exit()
        scene._attach(None)
        return scene

    def request_exit(self) -> None:
        """Ask the runner to stop after this frame (e.g. after a confirmed quit)."""
        self._exit_requested = True

    # -- the frame ------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        """Give ``event`` to the top scene only; return whether it was used."""
        top = self.top
        return bool(top.handle_event(event)) if top is not None else False

    def update(self, dt: float) -> None:
        """Update the top scene."""
        if self.top is not None:
            self.top.update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        """Draw from the highest opaque scene up to the top (an opaque scene paints it all)."""
        start = self._visible_from()
        if not (self._scenes and self._scenes[start].opaque):
            surface.fill((0, 0, 0))  # nothing paints the whole window: start from black
        for scene in self._scenes[start:]:
            scene.draw(surface)

    def on_resize(self, size: Size) -> None:
        """Record the new window size and let every scene re-lay out."""
        self._size = (int(size[0]), int(size[1]))
        visible_from = self._visible_from()
        for index, scene in enumerate(list(self._scenes)):
            if id(scene) in self._dormant:
                continue  # lays out when it enters
            if index < visible_from:
                self._stale.add(id(scene))  # hidden: lays out when it is shown again
            else:
                self._stale.discard(id(scene))
                scene.on_resize(self._size)

    def request_quit(self) -> bool:
        """Ask the top scene whether the game may close now (True when empty)."""
        top = self.top
        return True if top is None else bool(top.request_quit())

    def _notify(self, action: str, scene: Scene) -> None:
        self.changes += 1
        for listener in self._listeners:
            listener(action, scene)
