"""The main loop: a resizable window, a 60 fps clock and a :class:`SceneStack`.

Runs headless too (``SDL_VIDEODRIVER=dummy``): tests pass ``max_frames`` and an event
source that adds events to given frames, and may use a fixed ``dt``.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pygame

from game.ui.frame import FrameBudget, Work
from game.ui.scene import SceneStack

__all__ = ["WindowSettings", "Runner", "RunResult", "EventSource", "check_pygame_ce"]

logger = logging.getLogger(__name__)

Size = tuple[int, int]
#: Either a function ``frame_index -> events`` or a ``{frame_index: [events]}`` mapping.
EventSource = (
    Callable[[int], Iterable[pygame.event.Event]] | Mapping[int, Sequence[pygame.event.Event]]
)

#: When set, the first drawn frame's ``time.monotonic()`` is printed on stderr (the
#: start-up benchmark subtracts the moment it spawned the process).
REPORT_FIRST_FRAME_ENV = "COMMON_GROUND_REPORT_FIRST_FRAME"

_RESIZE_EVENTS = (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED, pygame.WINDOWRESIZED)
#: What the player does (what the game posts to itself is not): ``Runner.quiet_s``.
_INPUT_EVENTS = frozenset(
    (
        pygame.KEYDOWN,
        pygame.KEYUP,
        pygame.TEXTINPUT,
        pygame.MOUSEBUTTONDOWN,
        pygame.MOUSEBUTTONUP,
        pygame.MOUSEMOTION,
        pygame.MOUSEWHEEL,
        pygame.FINGERDOWN,
        pygame.FINGERUP,
        pygame.FINGERMOTION,
        pygame.JOYBUTTONDOWN,
        pygame.JOYAXISMOTION,
        pygame.JOYHATMOTION,
    )
)


def check_pygame_ce() -> str | None:
    """Return a message for the player if pygame-ce is not the installed pygame, else None."""
    if getattr(pygame, "IS_CE", False):
        return None
    return (
        "Common Ground needs pygame-ce, but the classic 'pygame' package is installed. "
        "Run: python -m pip uninstall pygame && python -m pip install pygame-ce"
    )


@dataclass(frozen=True)
class WindowSettings:
    """Window title and sizes, and the frame rate."""

    title: str = "Common Ground"
    size: Size = (1280, 720)
    minimum_size: Size = (1024, 600)
    fps: int = 60
    idle_fps: int = 20
    """The frame rate once nothing has happened for ``idle_after_s``: a screen left alone
    (a dialog waiting, the title) costs a laptop a third of the frames."""
    idle_after_s: float = 3.0

    def clamp(self, size: Size) -> Size:
        """Return ``size`` grown to at least the minimum size."""
        return (max(int(size[0]), self.minimum_size[0]), max(int(size[1]), self.minimum_size[1]))


@dataclass(frozen=True)
class RunResult:
    """How a run ended: frames drawn and why it stopped."""

    frames: int
    reason: str  # "quit", "exit_requested", "empty_stack", "shutdown" or "max_frames"


def _without_stale_moves(events: list[pygame.event.Event]) -> list[pygame.event.Event]:
    """Return ``events`` without the mouse moves another mouse move follows at once."""
    motion = pygame.MOUSEMOTION
    return [
        event
        for index, event in enumerate(events)
        if event.type != motion or index + 1 == len(events) or events[index + 1].type != motion
    ]


class Runner:
    """Owns the window and drives the stack: events → update(dt) → draw → flip."""

    def __init__(self, stack: SceneStack, settings: WindowSettings | None = None) -> None:
        self.stack = stack
        self.settings = settings or WindowSettings()
        self._window: pygame.Window | None = None
        self._clock: pygame.time.Clock | None = None
        self._size: Size = self.settings.clamp(self.settings.size)
        #: Called after every frame with True when scenes were pushed, popped or replaced
        #: in it, or a screen is still being built (the game uses it to collect garbage
        #: once the new screen is up).
        self.after_step: list[Callable[[bool], None]] = []
        #: Called with each event before the scenes; one that returns True keeps it
        #: (the read-aloud key works on every screen).
        self.before_scenes: list[Callable[[pygame.event.Event], bool]] = []
        self._seen: tuple[int, int] = (0, -1)
        #: Input waiting for the next frame: what came after a change of screen, or after
        #: a frame's share of time for input (see :meth:`step`).
        self._held: list[pygame.event.Event] = []
        #: Set (from a signal handler) when the system ends the game: the next frame tells
        #: every scene (``SceneStack.shutdown``) and the run stops ("shutdown").
        self.shutdown_requested = False
        #: The clock the frames' budgets read (tests give a fake one).
        self.clock: Callable[[], float] = time.perf_counter
        #: The clock that says how long the screen has been left alone (``frame_rate``).
        self.now: Callable[[], float] = time.monotonic
        #: The seconds of frames (their ``dt``) since the player last pressed, clicked or
        #: moved anything: a pause in which work the player would feel may be done.
        self.quiet_s = 0.0
        #: The ``dt`` of the last frame.
        self.last_dt = 0.0

    @property
    def window(self) -> pygame.Window:
        """Return the open window (opening it if needed)."""
        if self._window is None:
            self.open()
        assert self._window is not None
        return self._window

    @property
    def surface(self) -> pygame.Surface:
        """Return the window's drawing surface."""
        return self.window.get_surface()

    @property
    def size(self) -> Size:
        """Return the current window size."""
        return self._size

    def open(self) -> None:
        """Initialise pygame and open the resizable window (idempotent)."""
        if self._window is not None:
            return
        # Only what the game uses: no audio device is opened (no ALSA noise, faster start).
        pygame.display.init()
        pygame.font.init()
        self._window = pygame.Window(self.settings.title, self._size, resizable=True)
        self._window.minimum_size = self.settings.minimum_size
        self._window.get_surface()  # sets the pixel format convert()/convert_alpha() need
        self._clock = pygame.time.Clock()
        pygame.key.set_repeat(400, 40)
        # Typed text (and an input method) only while a text field has the focus: it
        # switches text input on (game/ui/widgets/text_entry.py).
        pygame.key.stop_text_input()
        self._apply_size(self._window.size, force=True)

    def close(self) -> None:
        """Empty the stack and close the window."""
        self.stack.clear()
        if self._window is not None:
            self._window.destroy()
            self._window = None

    def _apply_size(self, size: Size, *, force: bool = False) -> None:
        size = self.settings.clamp(size)
        window = self._window
        if window is not None and tuple(window.size) != size:
            window.size = size  # enforce the minimum even where the window manager ignores it
        if force or size != self._size:
            self._size = size
            logger.debug("window size %s", size)
            self.stack.on_resize(size)

    def _resize_from_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.VIDEORESIZE:
            self._apply_size((event.w, event.h))
        else:
            self._apply_size((event.x, event.y))

    def _injected(self, source: EventSource | None, frame: int) -> list[pygame.event.Event]:
        if source is None:
            return []
        if isinstance(source, Mapping):
            return list(source.get(frame, ()))
        return list(source(frame))

    def _screen(self) -> tuple[int, int]:
        """Return what changes when a screen is built: the stack and its change count."""
        return (id(self.stack), self.stack.changes)

    def frame_rate(self, active: float) -> int:
        """Return the frames a second to run at: ``settings.fps``, or ``idle_fps`` once no
        event came and no screen was being built for ``idle_after_s`` since ``active``."""
        settings = self.settings
        if self.now() - active >= settings.idle_after_s:
            return settings.idle_fps
        return settings.fps

    def request_shutdown(self, *_: object) -> None:
        """Ask the run to end at the next frame, keeping what must be kept without asking
        (the SIGTERM handler: a logout or a shutdown must not wait on a dialog)."""
        self.shutdown_requested = True

    @property
    def idle(self) -> bool:
        """Return True when no screen is being built and no input waits for one."""
        return not (self._held or self.stack.building)

    def step(self, dt: float, events: Iterable[pygame.event.Event]) -> str | None:
        """Run one frame with ``events``; return a stop reason or None to go on.

        The frame's time is one :class:`~game.ui.frame.FrameBudget`, made here and handed
        to the scenes through ``stack.frame``; its shares (``game/ui/frame.py``) decide
        how much of each kind of work the frame does.  A frame does at most one screen's
        worth of work.  A change of screen (a scene pushed, popped or replaced, or every
        screen rebuilt for a new text size) is made in one frame and built in the frames
        after it (the stack's ``build_step``: theme, enter, layout, resume, warm-up),
        steps sharing a frame within the build share; the window shows the last picture
        meanwhile, and the player's input waits, in order, until the new screen is built.
        Input that waited is then handled within the input share a frame (mouse moves
        that waited behind one another count as the last of them).
        """
        if self.shutdown_requested:
            self.stack.shutdown()
            return "shutdown"
        held, self._held = _without_stale_moves(self._held), []
        events = [*held, *events]
        self.last_dt = dt
        if any(event.type in _INPUT_EVENTS for event in events):
            self.quiet_s = 0.0
        else:
            self.quiet_s += dt
        stack = self.stack
        frame = FrameBudget(clock=self.clock)
        stack.defer_builds = True
        stack.frame = frame
        try:
            if stack.building and self._build(stack, frame):
                self._held = events
                stop = None
            else:
                stop = self._frame(dt, events, frame)
        finally:
            for each in (stack, self.stack):  # a rebuild may have put up a new stack
                each.defer_builds = False
                each.frame = None
        seen = self._screen()
        changed, self._seen = seen != self._seen, seen  # since the last frame ended
        for hook in self.after_step:
            hook(changed or not self.idle)
        return stop

    def _build(self, stack: SceneStack, frame: FrameBudget) -> bool:
        """Do build steps within the frame's build share (one at least, however long).

        Return False when there was nothing left to do (the frame then goes on as usual).
        A step that put up a new stack (a scene resumed and chose a profile with another
        text size) ends the batch: the new stack is built from the next frame.
        """
        with frame.doing(Work.BUILD):
            if not stack.build_step():
                return False
        while self.stack is stack and frame.may_start(Work.BUILD):
            with frame.doing(Work.BUILD):
                if not stack.build_step():
                    break
        return True

    def _frame(self, dt: float, events: list[pygame.event.Event], frame: FrameBudget) -> str | None:
        start = self._screen()
        # Dragging a window's edge sends a stream of sizes: lay out for the last one only.
        resizes = [i for i, event in enumerate(events) if event.type in _RESIZE_EVENTS]
        for index, event in enumerate(events):
            if self._screen() != start:
                self._held = events[index:]  # after a change of screen: once it is built
                break
            if index and not frame.may_start(Work.INPUT):
                self._held = events[index:]  # a backlog (input that waited): the rest next
                break
            with frame.doing(Work.INPUT):
                stop = self._handle(event, last_resize=index == resizes[-1] if resizes else False)
            if stop is not None:
                return stop
        if self._screen() == start:
            self.stack.update(dt)
            if self.stack.exit_requested:
                return "exit_requested"
        if not len(self.stack):
            return "empty_stack"
        if self._screen() != start or self.stack.building:
            return None  # drawn once it is built (see step)
        surface = self.surface
        self.stack.draw(surface)
        self.window.flip()
        return None

    def _handle(self, event: pygame.event.Event, *, last_resize: bool) -> str | None:
        """Handle one event of the frame; return a stop reason or None to go on."""
        if event.type == pygame.QUIT:
            return "quit" if self.stack.request_quit() else None
        if event.type in _RESIZE_EVENTS:
            if last_resize:
                self._resize_from_event(event)
            return None
        if any(hook(event) for hook in self.before_scenes):
            return None
        self.stack.handle_event(event)
        return "exit_requested" if self.stack.exit_requested else None

    def run(
        self,
        *,
        max_frames: int | None = None,
        events: EventSource | None = None,
        fixed_dt: float | None = None,
        on_frame: Callable[[int, pygame.Surface], None] | None = None,
    ) -> RunResult:
        """Run until quit, an exit request, an empty stack or ``max_frames`` frames.

        ``events`` adds events to given frames (tests); ``fixed_dt`` replaces the measured
        frame time and stops the clock from sleeping; ``on_frame(index, surface)`` is
        called after each frame is drawn (e.g. to save a screenshot).
        """
        self.open()
        assert self._clock is not None
        frame = 0
        reason = "max_frames"
        active = self.now()  # the last moment something happened
        while max_frames is None or frame < max_frames:
            if fixed_dt is None:
                dt = self._clock.tick(self.frame_rate(active)) / 1000.0
            else:
                self._clock.tick()
                dt = fixed_dt
            frame_events = pygame.event.get() + self._injected(events, frame)
            if frame_events or not self.idle:
                active = self.now()
            stop = self.step(min(dt, 0.25), frame_events)
            frame += 1
            if frame == 1 and stop is None and os.environ.get(REPORT_FIRST_FRAME_ENV):
                print(f"first frame drawn at monotonic {time.monotonic():.6f}", file=sys.stderr)
            if stop is not None:
                reason = stop
                break
            if on_frame is not None:
                on_frame(frame - 1, self.surface)
        logger.info("runner stopped after %d frames: %s", frame, reason)
        return RunResult(frames=frame, reason=reason)
