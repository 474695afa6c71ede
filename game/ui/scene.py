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
* ``exit()`` — the scene left the stack: release what it holds here;
* ``request_quit() -> bool`` — the window's close button was pressed; return True to quit
  now, or False and call ``self.stack.request_exit()`` later (after a confirmation);
* ``open(overlay, then)`` / ``dismiss(result)`` — a scene opens an overlay (a dialog, a
  chooser, the pause menu) and receives what it returns: ``then(result)`` is called once
  the overlay has dismissed itself, after it left the stack.  A ``Scene[R]`` returns an
  ``R`` (``ConfirmScene`` a bool, ``ChoiceScene`` the key chosen or None, …); overlays
  take in their constructor only what they show.

A scene pushed from code is entered and laid out at once.  While the runner plays a frame
(``SceneStack.defer_builds``), a change of screen is built in the frames after it instead,
a step a frame (its fonts, ``prepare`` steps, ``enter``, ``on_resize``, ``resume``,
``warm_up`` steps: see :meth:`SceneStack.build_step`), so that no frame does the work of
a whole screen; the runner holds the player's input meanwhile and hands it on, in order,
once it is built.  The stack keeps where each scene is in that (its :class:`Lifecycle`:
NEW, ENTERED, WARMING, READY, then EXITED once it leaves), and hands the scenes the
runner's :class:`~game.ui.frame.FrameBudget` for the frame (``SceneStack.frame``).

Scenes hold no negotiation rules: they turn input into moves for the engine and draw the
state they are given.  Scenes never call each other; they push, pop or replace through
``self.stack``.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import pygame

from game.ui.assets import AssetPaths
from game.ui.fonts import FontCache
from game.ui.frame import FrameBudget, Work
from game.ui.theme import DEFAULT_PALETTE, Palette

__all__ = ["Lifecycle", "ResultT", "Scene", "SceneContext", "SceneStack"]

logger = logging.getLogger(__name__)

_DONE = object()  # what next() gives for a finished iterator of steps

Size = tuple[int, int]

ResultT = TypeVar("ResultT")
"""What a scene returns to whoever opened it (see :meth:`Scene.open`)."""
_R = TypeVar("_R")


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


class Scene(Generic[ResultT]):
    """Base class for a screen; override what you need.  See the module docstring.

    ``Scene[R]`` is a screen that returns an ``R`` to the scene that opened it
    (:meth:`open`, :meth:`dismiss`); a plain ``Scene`` returns nothing anyone reads.
    """

    #: True when :meth:`resume` lays the scene out again anyway (at ``stack.size``): a
    #: stack bringing it back into view then leaves the layout to it (once, not twice).
    lays_out_on_resume: bool = False

    #: True when the scene paints the whole window (nothing is cleared before it);
    #: False for overlays (dialogs, pause menus): the scenes below are drawn first.
    opaque: bool = True

    def __init__(self) -> None:
        self._stack: SceneStack | None = None
        self.context: SceneContext | None = None
        #: Who receives this scene's result when it dismisses itself (set by :meth:`open`).
        self._receiver: Callable[[ResultT], object] | None = None

    @property
    def stack(self) -> SceneStack:
        """Return the stack this scene is on (raises if it is not on one)."""
        if self._stack is None:
            raise RuntimeError(f"{type(self).__name__} is not on a scene stack")
        return self._stack

    def _attach(self, stack: SceneStack | None) -> None:
        self._stack = stack

    # -- overlays and their results ---------------------------------------------------------
    def open(self, overlay: Scene[_R], then: Callable[[_R], object] | None = None) -> None:
        """Push ``overlay`` over this scene; ``then(result)`` receives what it returns.

        ``then`` is called when the overlay calls :meth:`dismiss`, after it has left the
        stack, so ``then`` may push, pop or replace scenes itself.  An overlay that leaves
        the stack any other way (popped by the stack, the window closed) returns nothing.
        """
        overlay._receiver = then
        self.stack.push(overlay)

    def dismiss(self, result: ResultT) -> None:
        """Leave the stack and hand ``result`` to the scene that opened this one.

        Pop first, then deliver: the receiver sees the stack without this scene.  Only the
        top scene can dismiss itself, and only once (a second press delivers nothing).
        """
        stack = self._stack
        if stack is None or stack.top is not self:
            return
        receiver, self._receiver = self._receiver, None
        stack.pop()
        if receiver is not None:
            receiver(result)

    def prepare(self, context: SceneContext) -> Iterable[None]:
        """Work to do before :meth:`enter`, a step a frame: yield between steps.

        Used when the stack builds a screen over several frames (a change of screen made
        during a frame); :meth:`enter` must still do whatever was not prepared, since a
        scene pushed from code enters at once.  Default: nothing.
        """
        return ()

    def enter(self, context: SceneContext) -> None:
        """Called once when pushed: build widgets here (layout goes in :meth:`on_resize`)."""
        self.context = context

    def warm_up(self) -> Iterable[None]:
        """Work to do after the layout and before the first draw, a step a frame.

        For pictures :meth:`draw` would otherwise paint in its first frame (kept for the
        frames after); yield between steps.  Only run when the stack builds a screen over
        several frames.  Default: nothing.
        """
        return ()

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

    def on_shutdown(self) -> None:
        """The system is ending the game (a logout or shutdown sends it SIGTERM): keep what
        must be kept at once, without asking anything.  Default: nothing."""


class Lifecycle(enum.Enum):
    """Where a scene is in its life on a stack (see :meth:`SceneStack.lifecycle`)."""

    NEW = "new"  #: on the stack, not entered yet (its ``prepare`` steps may be under way)
    ENTERED = "entered"  #: entered, to be laid out before it is shown (just entered, or
    #: hidden while the window changed size)
    WARMING = "warming"  #: laid out; its ``warm_up`` steps are under way
    READY = "ready"  #: built: entered, laid out, nothing left to do before it is drawn
    EXITED = "exited"  #: off the stack (it exited, or never entered and left)


@dataclass
class _Place:
    """What the stack knows of one scene on it."""

    state: Lifecycle = Lifecycle.NEW
    #: Steps left: its ``prepare()`` while NEW, its ``warm_up()`` while WARMING.
    steps: Iterator[None] | None = None
    #: To resume once built (brought back into view by a pop during a frame).
    resume: bool = False


class SceneStack:
    """A push/pop stack of scenes; only the top one receives events and updates."""

    def __init__(self, context: SceneContext, size: Size = (1280, 720)) -> None:
        self._context = context
        self._scenes: list[Scene] = []
        #: Each scene on the stack and where it is in its life.
        self._places: dict[Scene, _Place] = {}
        self._size: Size = (int(size[0]), int(size[1]))
        self._exit_requested = False
        self._listeners: list[Callable[[str, Scene], None]] = []
        #: How many pushes, pops and replacements happened so far.
        self.changes = 0
        #: While True, pushes, replacements and scenes brought back into view are built
        #: in later frames by :meth:`build_step` (the runner sets it during a frame).
        self.defer_builds = False
        #: The current frame's budget, set by the runner for the frame (None: no frame).
        #: Scenes doing optional work ask it first (see ``game/ui/frame.py``).
        self.frame: FrameBudget | None = None

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

    def lifecycle(self, scene: Scene) -> Lifecycle:
        """Return where ``scene`` is in its life on this stack (EXITED when not on it)."""
        place = self._places.get(scene)
        return Lifecycle.EXITED if place is None else place.state

    def _budget(self) -> FrameBudget:
        """Return the frame's budget, or a new one starting now outside a frame."""
        return self.frame if self.frame is not None else FrameBudget()

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
        top = self.top
        if top is not None and self._places[top].state is not Lifecycle.NEW:
            self._places[top].resume = False
            top.pause()
        self._put(scene)
        self._build(scene)
        logger.debug("pushed %s", type(scene).__name__)
        self._notify("push", scene)

    def _put(self, scene: Scene) -> None:
        """Put ``scene`` on top as a NEW scene."""
        self._scenes.append(scene)
        self._places[scene] = _Place()
        scene._attach(self)

    def _build(self, scene: Scene) -> None:
        """Enter and lay out ``scene`` now, or leave it to :meth:`build_step`."""
        if self.defer_builds:
            return  # stays NEW
        place = self._places[scene]
        place.state = Lifecycle.ENTERED
        scene.enter(self._context)
        place.state = Lifecycle.READY
        scene.on_resize(self._size)

    def pop(self) -> Scene:
        """Remove and return the top scene; the one below resumes."""
        if not self._scenes:
            raise IndexError("pop from an empty scene stack")
        scene = self._take_top()
        logger.debug("popped %s", type(scene).__name__)
        self._resume_top()
        self._notify("pop", scene)
        return scene

    def _resume_top(self) -> None:
        """Bring the top scene back into view: build what it shows, then resume it."""
        top = self.top
        if top is None:
            return
        place = self._places[top]
        if self.defer_builds and (self._needs_building() or top.lays_out_on_resume):
            place.resume = True  # resumed (laid out) by build_step, a frame later
            return
        place.resume = False
        self._wake_visible(resuming=top)
        top.resume()

    def replace(self, scene: Scene) -> Scene | None:
        """Swap the top scene for ``scene`` (the one below is not resumed); return the old top."""
        old = self._take_top() if self._scenes else None
        self._put(scene)
        if not scene.opaque and not self.defer_builds:
            self._wake_visible()  # an overlay shows the scenes below it
        self._build(scene)
        self._notify("replace", scene)
        return old

    def successor(self, context: SceneContext) -> SceneStack:
        """Return an empty stack on ``context`` for the same window and the same frame.

        Used when every screen is rebuilt (see :meth:`adopt`): a rebuild made during a
        frame is built in the frames after it, as any other change of screen.
        """
        stack = SceneStack(context, self._size)
        stack.defer_builds = self.defer_builds
        stack.frame = self.frame
        return stack

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
            self._put(scene)
        if self.defer_builds:
            return  # built by build_step; the hidden ones stay NEW
        self._wake_visible()
        for scene in self._scenes[:-1]:
            if self._places[scene].state is not Lifecycle.NEW:
                scene.pause()

    def _visible_from(self) -> int:
        """Return the index of the lowest scene drawn (the highest opaque one)."""
        for index in range(len(self._scenes) - 1, -1, -1):
            if self._scenes[index].opaque:
                return index
        return 0

    def _visible(self) -> list[Scene]:
        """Return the scenes drawn, bottom first."""
        return self._scenes[self._visible_from() :]

    def _wake_visible(self, resuming: Scene | None = None) -> None:
        """Enter the NEW scenes on screen now; lay out the ENTERED ones for this size.

        ``resuming`` is about to get :meth:`Scene.resume`: when that lays it out anyway,
        its layout is left to it.
        """
        unbuilt = (Lifecycle.NEW, Lifecycle.ENTERED)
        if not any(place.state in unbuilt for place in self._places.values()):
            return
        for scene in self._visible():
            place = self._places[scene]
            place.steps = None  # built at once: no steps left to take
            if place.state is Lifecycle.NEW:
                place.state = Lifecycle.ENTERED
                scene.enter(self._context)
            if place.state is Lifecycle.ENTERED:
                place.state = Lifecycle.READY
                if not (scene is resuming and scene.lays_out_on_resume):
                    scene.on_resize(self._size)
            elif place.state is Lifecycle.WARMING:
                place.state = Lifecycle.READY

    def _needs_building(self) -> bool:
        """Return True when a scene on screen has not entered or is not laid out."""
        unbuilt = (Lifecycle.NEW, Lifecycle.ENTERED)
        return any(self._places[scene].state in unbuilt for scene in self._visible())

    @property
    def building(self) -> bool:
        """Return True while a screen is being built (see :meth:`build_step`)."""
        if any(place.resume for place in self._places.values()) or self._needs_building():
            return True
        return any(self._places[scene].steps is not None for scene in self._visible())

    def build_step(self) -> bool:
        """Do the next step of building the screen; return False when there is none.

        The steps, for each scene on screen from the bottom up: the common fonts (the first time at a text size), its :meth:`Scene.prepare` steps,
        ``enter``, ``on_resize`` (left to ``resume`` when that lays it out anyway); then
        ``resume`` for the top scene brought back by a pop; then each scene's
        :meth:`Scene.warm_up` steps.  Each is about one frame's work.  A scene goes
        NEW → ENTERED → WARMING → READY.
        """
        scenes = self._visible()
        for scene in scenes:
            place = self._places[scene]
            if place.state is Lifecycle.NEW:
                fonts = self._context.fonts
                if not fonts.warm:  # a new text size: its common glyphs first
                    frame = self._budget()
                    while fonts.warm_step() and frame.may_go_on(Work.BUILD):
                        pass
                    return True
                if place.steps is None:
                    place.steps = iter(scene.prepare(self._context))
                if next(place.steps, _DONE) is not _DONE:
                    return True
                place.steps = None
                place.state = Lifecycle.ENTERED
                scene.enter(self._context)
                if scene is not self._scenes[-1]:
                    scene.pause()  # an overlay is on it
                return True
            if place.state is Lifecycle.ENTERED:
                place.state = Lifecycle.WARMING
                place.steps = iter(scene.warm_up())
                if not (place.resume and scene.lays_out_on_resume):
                    scene.on_resize(self._size)
                    return True
        for scene in scenes:
            place = self._places[scene]
            if place.resume:
                place.resume = False
                scene.resume()
                return True
        for place in self._places.values():
            place.resume = False
        for scene in scenes:
            place = self._places[scene]
            if place.steps is not None:
                if next(place.steps, _DONE) is not _DONE:
                    return True
                place.steps = None
                place.state = Lifecycle.READY
        return False

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
            self._resume_top()
        return True

    def _take_top(self) -> Scene:
        """Remove the top scene: it exits (unless it never entered) and leaves the stack."""
        scene = self._scenes.pop()
        place = self._places.pop(scene)
        entered = place.state is not Lifecycle.NEW  # never entered: nothing to exit
        place.state, place.steps, place.resume = Lifecycle.EXITED, None, False
        if entered:
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
            place = self._places[scene]
            if place.state in (Lifecycle.NEW, Lifecycle.ENTERED):
                continue  # lays out when it is built
            if index < visible_from:
                # Hidden: lays out (and warms up again) when it is shown again.
                place.state, place.steps = Lifecycle.ENTERED, None
            else:
                scene.on_resize(self._size)

    def request_quit(self) -> bool:
        """Ask the top scene whether the game may close now (True when empty)."""
        top = self.top
        return True if top is None else bool(top.request_quit())

    def shutdown(self) -> None:
        """Tell every scene, from the top down, that the game is ending now
        (:meth:`Scene.on_shutdown`)."""
        for scene in reversed(list(self)):
            scene.on_shutdown()

    def _notify(self, action: str, scene: Scene) -> None:
        self.changes += 1
        for listener in self._listeners:
            listener(action, scene)
