"""How the negotiation table paints: a cached picture, repainted section by section.

:class:`Painter` keeps the picture each frame blits.  Whatever does not move by itself is
painted into it; only sections marked ``dirty`` are painted again, in bands (one per
panel), the focused control's section first, and painting stops for a frame once it has
used the frame's paint share (``Work.PAINT`` in ``game/ui/frame.py``), so a move never
makes one long frame.  A new layout is painted band by band into a second picture that
replaces the first once complete, so the screen never shows a half-painted table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import pygame

from game.ui.frame import FrameBudget, Work
from game.ui.table.sections import Section
from game.ui.table.state import TableState
from game.ui.theme import Palette

__all__ = ["PAINT_ORDER", "Painter"]

PAINT_ORDER = ("talk", "offer", "offer_foot", "header", "status", "moves")
"""Which changed sections are painted first (after the one holding the keyboard focus)."""


class Painter:
    """The table's cached picture, painted a band at a time within the frame's paint share."""

    def __init__(
        self,
        state: TableState,
        sections: Mapping[str, Section],
        palette: Palette,
        on_screen: Callable[[], list[Section]],
        first: Callable[[], tuple[str, ...]],
        frame: Callable[[], FrameBudget | None],
    ) -> None:
        self.state = state
        self.sections = sections
        self.palette = palette
        self.on_screen = on_screen
        """The sections on screen, in drawing order (the header first)."""
        self.first = first
        """The sections to paint first (the one holding the keyboard focus)."""
        self.frame = frame
        """The frame's budget (None outside a frame)."""
        self.picture: pygame.Surface | None = None  # what every frame blits
        self.back: pygame.Surface | None = None  # a new picture being painted band by band
        self.spare: pygame.Surface | None = None  # the picture before the last swap (reused)
        self.renew = False  # paint every section into a new picture
        self.jobs: list[tuple[str, pygame.Rect]] = []  # bands queued: (section, rect)
        self.band_costs: dict[str, float] = {}  # seconds the last band of each section took
        self.in_steps = False  # the first picture is painted by warm_up(), a band a step

    def changed(self, *names: str) -> None:
        """Paint these sections again ("all": every one, into a new picture; none named:
        every one)."""
        if "all" in names:
            self.renew = True
        for name in names or self.sections:
            section = self.sections.get(name)
            if section is not None:
                section.dirty = True

    def drop(self) -> None:
        """Forget the pictures (back with other fonts or colours: painted afresh)."""
        self.picture = self.back = self.spare = None

    def _mark_all(self) -> None:
        for section in self.sections.values():
            section.dirty = True

    def _clear_marks(self) -> None:
        self.renew = False
        for section in self.sections.values():
            section.dirty = False

    def paint(self, started: float) -> None:
        """Paint the dirty sections into the picture, within the frame's paint share.

        The frame's budget is the stack's (a budget starting at ``started`` outside a
        frame).  A band is started only if it should end within the share (as long as the
        last band of that section took); a frame always paints one at least.
        """
        size = self.state.size
        if self.picture is None or self.picture.get_size() != size:
            self.picture = self._new_picture()
            self.paint_whole(self.picture)
            self._clear_marks()
            self.jobs, self.back = [], None
            return
        if self.renew:
            self.back = self._new_picture()
            self.back.fill(self.palette.colour("background"))
            self._mark_all()
            self.renew = False
            self.jobs = []
        self._queue_jobs()
        target = self.back if self.back is not None else self.picture
        frame = self.frame() or FrameBudget(started)
        painted = False
        while self.jobs:
            name, rect = self.jobs[0]
            if painted and not frame.may_start(Work.PAINT, self.band_costs.get(name, 0.0)):
                break
            self.jobs.pop(0)
            began = frame.now()
            self._paint_band(target, name, rect)
            cost = frame.now() - began
            frame.charge(Work.PAINT, cost)
            self.band_costs[name] = cost
            painted = True
        if self.back is not None and not self.jobs:
            self.picture, self.spare, self.back = self.back, self.picture, None

    def warm_up(self) -> Iterator[None]:
        """Paint the first picture, a band a step (when the table is built in steps)."""
        if not self.in_steps:
            return
        self.in_steps = False
        if self.picture is not None and self.picture.get_size() == self.state.size:
            return
        picture = self._new_picture()
        picture.fill(self.palette.colour("background"))
        self._mark_all()
        self.renew, self.jobs, self.back = False, [], None
        self._queue_jobs()
        jobs, self.jobs = self.jobs, []
        for name, rect in jobs:
            self._paint_band(picture, name, rect)
            yield
        self.picture = picture

    def _new_picture(self) -> pygame.Surface:
        """Return a surface for a picture: the one the last swap left over, or a new one."""
        size = self.state.size
        spare, self.spare = self.spare, None
        if spare is not None and spare.get_size() == size:
            return spare
        picture = pygame.Surface(size)
        if pygame.display.get_init() and pygame.display.get_surface() is not None:
            picture = picture.convert()
        return picture

    def _queue_jobs(self) -> None:
        """Turn the dirty sections into bands to paint, in order, without repeats."""
        if not any(section.dirty for section in self.sections.values()):
            return
        jobs = []
        for name in (*self.first(), *PAINT_ORDER):
            section = self.sections[name]
            if not section.dirty:
                continue
            section.dirty = False
            if not section.visible:
                continue
            jobs += [(name, band) for band in section.bands()]
        self._clear_marks()
        queued = [job for job in self.jobs if job not in jobs]
        self.jobs = [*jobs, *queued]

    def _paint_band(self, surface: pygame.Surface, name: str, rect: pygame.Rect) -> None:
        old = surface.get_clip()
        surface.set_clip(rect)
        surface.fill(self.palette.colour("background"), rect)
        self.sections[name].draw(surface)
        surface.set_clip(old)

    def paint_whole(self, surface: pygame.Surface) -> None:
        """Paint every section on screen straight onto ``surface``."""
        surface.fill(self.palette.colour("background"))
        for section in self.on_screen():
            section.draw(surface)

    def draw(self, surface: pygame.Surface) -> None:
        """Blit the picture (laid out while another scene was on top: paint it whole)."""
        picture = self.picture
        if picture is not None and picture.get_size() == surface.get_size():
            surface.blit(picture, (0, 0))  # a changed section may show its old look a frame
        else:
            self.paint_whole(surface)
