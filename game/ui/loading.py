"""Work that takes a while, done off the game's thread while the window keeps drawing.

Opening a level for the first time imports the level schema, numpy and the engine, and
analyses the level; sitting down at the first table imports the NPCs and the table's
widgets.  That is a few hundred milliseconds on a slow machine — long enough for a frozen
window.  So such work runs on the :class:`BackgroundWorker` (one daemon thread, jobs in
order) and the game shows a :class:`LoadingScene` over the current screen until it is done:

* work that ends within :data:`QUICK_S` (everything already imported, a small level)
  continues in the same frame and nothing is shown;
* otherwise a spinner and a sentence appear after :data:`SHOW_AFTER_S`, Esc gives up
  (the result is dropped), and closing the window quits as usual.

Work functions must not touch pygame's display or the store: they import, load and
compute; what they return is handed to ``then`` on the game's thread.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterable
from typing import Any

import pygame

from game.i18n import tr
from game.ui.fonts import FontRole
from game.ui.frame import QUICK_WORK_S
from game.ui.scene import Scene, SceneContext
from game.ui.text import wrap_text
from game.ui.widgets.icons import draw_spinner

__all__ = [
    "Job",
    "BackgroundWorker",
    "LoadingScene",
    "run_loading",
    "import_modules",
    "QUICK_S",
    "SHOW_AFTER_S",
]

logger = logging.getLogger(__name__)

#: Work done within this time continues at once, with no loading screen.  It is the
#: one wait a frame makes beyond its budget, so it is kept with the frame's shares
#: (``game/ui/frame.py``).
QUICK_S = QUICK_WORK_S
#: The loading card appears when the work takes longer than this (no flash for short
#: work).  Not a share of a frame: a delay counted in the card's own updates (``dt``),
#: over however many frames it takes.
SHOW_AFTER_S = 0.15


class Job:
    """One piece of work for the worker: its result or error once :attr:`done`."""

    def __init__(self, work: Callable[[], Any], name: str) -> None:
        self.work = work
        self.name = name
        self.result: Any = None
        self.error: BaseException | None = None
        self.cancelled = False
        self._done = threading.Event()

    @property
    def done(self) -> bool:
        """Return True once the work has finished (or failed)."""
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to ``timeout`` seconds for the work; return whether it is done."""
        return self._done.wait(timeout)

    def _run(self) -> None:
        try:
            if not self.cancelled:
                self.result = self.work()
        except BaseException as error:  # handed to the game's thread, never lost
            self.error = error
        finally:
            self._done.set()


class BackgroundWorker:
    """One daemon thread running jobs in the order they were submitted."""

    def __init__(self, name: str = "background-work") -> None:
        self.name = name
        self._jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, work: Callable[[], Any], name: str = "work") -> Job:
        """Queue ``work``; return its :class:`Job` (the thread starts on first use)."""
        job = Job(work, name)
        self._jobs.put(job)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
                self._thread.start()
        return job

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            logger.debug("background: %s", job.name)
            job._run()


def import_modules(names: Iterable[str]) -> Callable[[], None]:
    """Return work that imports ``names`` in order (a failure is logged, not raised).

    The game imports them again where it uses them, and then sees any error itself.
    """
    names = tuple(names)

    def work() -> None:
        import importlib

        for name in names:
            try:
                importlib.import_module(name)
            except Exception:  # the game's own import reports it
                logger.debug("preloading %s failed", name, exc_info=True)

    return work


class LoadingScene(Scene):
    """Over the current screen while a :class:`Job` runs: a spinner and what is happening."""

    opaque = False

    def __init__(
        self,
        job: Job,
        message: str,
        then: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        super().__init__()
        self.job = job
        self.message = message
        self._then = then
        self._failed = failed
        self.elapsed = 0.0
        self.size = (1280, 720)

    def enter(self, context: SceneContext) -> None:
        super().enter(context)
        self.fonts = context.fonts
        self.palette = context.palette

    def on_resize(self, size: tuple[int, int]) -> None:
        self.size = (int(size[0]), int(size[1]))

    @property
    def showing(self) -> bool:
        """Return True once the card is on screen (the work took a while)."""
        return self.elapsed >= SHOW_AFTER_S

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.cancel()
        return True  # the screen below waits: nothing reaches it

    def cancel(self) -> None:
        """Give up waiting: the work's result will be dropped."""
        self.job.cancelled = True
        if self._stack is not None and self.stack.top is self:
            self.stack.pop()

    def update(self, dt: float) -> None:
        self.elapsed += dt
        if self.job.done and self._stack is not None and self.stack.top is self:
            self.stack.pop()
            _finish(self.job, self._then, self._failed)

    def draw(self, surface: pygame.Surface) -> None:
        if not self.showing:
            return
        width, height = self.size
        dim = pygame.Surface((width, height), pygame.SRCALPHA)
        dim.fill((10, 12, 20, 110))
        surface.blit(dim, (0, 0))
        body = self.fonts.get(FontRole.BOLD, 20)
        hint = self.fonts.get(FontRole.BODY, 16)
        card_width = min(width - 80, max(360, self.fonts.scaled_size(420)))
        text_width = card_width - 48 - self.fonts.scaled_size(44)
        lines = wrap_text(body, self.message, text_width)
        hint_text = tr("Esc: stop waiting")
        line = body.get_linesize()
        card_height = 40 + line * len(lines) + hint.get_linesize() + 10
        card = pygame.Rect(0, 0, card_width, max(card_height, self.fonts.scaled_size(96)))
        card.center = (width // 2, height // 2)
        pygame.draw.rect(surface, self.palette.colour("surface"), card, border_radius=12)
        pygame.draw.rect(surface, self.palette.colour("border"), card, 2, border_radius=12)
        radius = self.fonts.scaled_size(18)
        draw_spinner(
            surface,
            (card.left + 24 + radius, card.centery),
            radius,
            self.elapsed,
            self.palette.colour("primary"),
        )
        x = card.left + 24 + radius * 2 + 20
        y = card.top + 20
        for text in lines:
            surface.blit(body.render(text, True, self.palette.colour("text")), (x, y))
            y += line
        surface.blit(hint.render(hint_text, True, self.palette.colour("text_muted")), (x, y + 6))

    def request_quit(self) -> bool:
        self.job.cancelled = True
        return True

    def on_shutdown(self) -> None:
        self.job.cancelled = True


def _finish(job: Job, then: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
    if job.error is not None:
        failed(job.error)
    else:
        then(job.result)


def run_loading(
    stack: Any,
    worker: BackgroundWorker,
    work: Callable[[], Any],
    *,
    message: str,
    then: Callable[[Any], None],
    failed: Callable[[BaseException], None],
) -> Job:
    """Run ``work`` on ``worker``; call ``then(result)`` or ``failed(error)`` on this thread.

    Quick work (done within :data:`QUICK_S`) continues at once; otherwise a
    :class:`LoadingScene` goes on ``stack`` until it is done.
    """
    job = worker.submit(work, message)
    if job.wait(QUICK_S):
        _finish(job, then, failed)
    else:
        stack.push(LoadingScene(job, message, then, failed))
    return job
