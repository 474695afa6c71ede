"""How the negotiation table paints: a cached picture, repainted region by region.

:class:`TablePaintMixin` is part of :class:`~game.ui.table.scene.TableScene`.  Whatever
does not move by itself is painted into a picture each frame blits; only regions that
changed are painted again, the focused control's region first, and painting stops for a
frame once it has used the frame's paint share (``Work.PAINT`` in ``game/ui/frame.py``),
so a move never makes one long frame.  Meters (they animate), the focus ring, notes and tool-tips are drawn over the
picture every frame.
"""

from __future__ import annotations

from collections.abc import Iterator

import pygame

from game.ui.fonts import FontRole
from game.ui.frame import FrameBudget, Work
from game.ui.table.layout import REGIONS
from game.ui.table.panels import StatusPanel
from game.ui.table.state import TableState
from game.ui.text import ellipsize
from game.ui.widgets.controls import Button, Control
from game.ui.widgets.focus import draw_focus_ring
from game.ui.widgets.scroll_column import Column
from game.ui.widgets.tooltip import draw_tooltip

__all__ = ["TablePaintMixin", "PAINT_ORDER", "HOVER_SECONDS"]

HOVER_SECONDS = 0.5
PAINT_ORDER = ("talk", "offer", "offer_foot", "header", "status", "moves")
"""Which changed regions are painted first (after the one holding the keyboard focus)."""


class TablePaintMixin(TableState):
    """Painting, drawing and the mouse-over state of the table scene."""

    def _update_hover(self, dt: float) -> None:
        position = pygame.mouse.get_pos() if pygame.mouse.get_focused() else None
        control, since = self._hover
        if position == self._mouse:
            self._hover = (control, since + dt)
            return
        self._mouse = position
        found = None
        if position is not None:
            for candidate in reversed(self._controls()):
                if candidate.hit(position):
                    found = candidate
                    break
        if found is not control:
            for button in self._controls():
                if isinstance(button, Button) and button.hovered != (button is found):
                    button.hovered = button is found
                    self._changed(*self._regions_of(button))
            self._hover = (found, 0.0)
        else:
            self._hover = (control, since + dt)

    def _regions_of(self, control: Control | None) -> tuple[str, ...]:
        if control is None:
            return ()
        column = self._column_of(control)
        return (column.name,) if column is not None else ("header",)

    def _region_rect(self, name: str) -> pygame.Rect | None:
        if name == "header":
            top = min((c.rect.top for c in self._columns_on_screen()), default=self.size[1])
            return pygame.Rect(0, 0, self.size[0], top)
        column = self.columns.get(name)
        if column is None or not column.visible:
            return None
        return column.rect

    def _paint_picture(self, started: float) -> None:
        """Paint what does not move by itself into a picture that each frame blits.

        Changed regions are cut into bands (one per panel of a column) and queued, the
        focused control's region first; a frame paints queued bands only while they fit
        in its paint share (``Work.PAINT``), so a move never makes one long frame: the
        rest follows in the next frames.  The frame's budget is the stack's (a budget
        starting at ``started`` outside a frame).  A new layout is painted band by band into a
        second picture that replaces the first once complete, so the screen never shows a
        half-painted table.
        """
        if self._picture is None or self._picture.get_size() != self.size:
            self._picture = self._new_picture()
            self._paint(self._picture)
            self._dirty.clear()
            self._jobs, self._back = [], None
            return
        if "all" in self._dirty:
            self._back = self._new_picture()
            self._back.fill(self.palette.colour("background"))
            self._dirty = set(REGIONS)
            self._jobs = []
        if self._dirty:
            self._queue_jobs()
        target = self._back if self._back is not None else self._picture
        stack = self._stack
        frame = stack.frame if stack is not None and stack.frame is not None else None
        if frame is None:
            frame = FrameBudget(started)
        painted = False
        while self._jobs:
            name, rect = self._jobs[0]
            # A band is started only if it should end within the share (as long as the
            # last band of that region took); a frame always paints one at least.
            if painted and not frame.may_start(Work.PAINT, self._band_costs.get(name, 0.0)):
                break
            self._jobs.pop(0)
            began = frame.now()
            self._paint_region(target, name, rect)
            cost = frame.now() - began
            frame.charge(Work.PAINT, cost)
            self._band_costs[name] = cost
            painted = True
        if self._back is not None and not self._jobs:
            self._picture, self._spare, self._back = self._back, self._picture, None

    def warm_up(self) -> Iterator[None]:
        """Read the NPCs' portraits, then paint the first picture, a band a step.

        (A table built at once paints it whole when it is laid out, and reads a portrait
        the first time it shows it.)
        """
        for npc_id in self.npc_ids():
            self.portraits.load(self.level.npc(npc_id).portrait)
            yield
        if not self._paint_in_steps:
            return
        self._paint_in_steps = False
        if self._picture is not None and self._picture.get_size() == self.size:
            return
        picture = self._new_picture()
        picture.fill(self.palette.colour("background"))
        self._dirty, self._jobs, self._back = set(REGIONS), [], None
        self._queue_jobs()
        jobs, self._jobs = self._jobs, []
        for name, rect in jobs:
            self._paint_region(picture, name, rect)
            yield
        self._picture = picture

    def _new_picture(self) -> pygame.Surface:
        """Return a surface for a picture: the one the last swap left over, or a new one."""
        spare, self._spare = self._spare, None
        if spare is not None and spare.get_size() == self.size:
            return spare
        picture = pygame.Surface(self.size)
        if pygame.display.get_init() and pygame.display.get_surface() is not None:
            picture = picture.convert()
        return picture

    def _queue_jobs(self) -> None:
        """Turn the changed regions into bands to paint, in order, without repeats."""
        order = [*self._regions_of(self.focus.focused), *PAINT_ORDER]
        jobs = []
        for name in order:
            if name not in self._dirty:
                continue
            self._dirty.discard(name)
            rect = self._region_rect(name)
            if rect is None:
                continue
            bands = (
                self._header_bands(rect) if name == "header" else self._bands(self.columns[name])
            )
            jobs += [(name, band) for band in bands]
        self._dirty.clear()
        queued = [job for job in self._jobs if job not in jobs]
        self._jobs = [*jobs, *queued]

    def _header_bands(self, rect: pygame.Rect) -> list[pygame.Rect]:
        """Return the header's bands: the strip above the columns, and the tabs if shown.

        (In two or one columns the tab buttons sit beside or above a column, below the
        strip: they are painted with the header, in a band of their own.)
        """
        bands = [rect]
        tabs = [b.rect for b in self.tab_buttons.values() if b.visible]
        if tabs:
            area = tabs[0].unionall(tabs[1:]).inflate(8, 8)
            if not rect.contains(area):
                bands.append(area)
        return bands

    @staticmethod
    def _bands(column: Column) -> list[pygame.Rect]:
        """Return horizontal bands tiling a column, one per panel (gaps included)."""
        area = column.rect
        bands, top = [], area.top
        for panel in column.panels[:-1]:
            bottom = max(top, min(area.bottom, panel.rect.bottom))
            if bottom > top:
                bands.append(pygame.Rect(area.left, top, area.width, bottom - top))
            top = bottom
        if area.bottom > top:
            bands.append(pygame.Rect(area.left, top, area.width, area.bottom - top))
        return bands

    def _paint_region(self, surface: pygame.Surface, name: str, rect: pygame.Rect) -> None:
        old = surface.get_clip()
        surface.set_clip(rect)
        surface.fill(self.palette.colour("background"), rect)
        if name == "header":
            self._draw_header(surface)
            for button in self.tab_buttons.values():
                if button.visible:
                    button.draw(surface)
        else:
            self.columns[name].draw(surface, self.palette)
        surface.set_clip(old)

    def _paint(self, surface: pygame.Surface) -> None:
        surface.fill(self.palette.colour("background"))
        self._draw_header(surface)
        for button in self.tab_buttons.values():
            if button.visible:
                button.draw(surface)
        for column in self._columns_on_screen():
            column.draw(surface, self.palette)

    def draw(self, surface: pygame.Surface) -> None:
        if not self._built:
            return
        picture = self._picture
        if picture is not None and picture.get_size() == surface.get_size():
            surface.blit(picture, (0, 0))  # a changed region may show its old look for a frame
        else:  # laid out while another scene was on top: paint straight onto the screen
            self._paint(surface)
        self._draw_meters(surface)
        palette = self.palette
        focused = self.focus.focused
        is_top = self._stack is None or self._stack.top is self
        if focused is not None and focused.on_screen and is_top:
            column = self._column_of(focused)
            old = surface.get_clip()
            if column is not None:
                surface.set_clip(column.rect.inflate(16, 16))
            draw_focus_ring(surface, focused.rect, self.focus.style)
            surface.set_clip(old)
        self._draw_toast(surface)
        control, since = self._hover
        if control is not None and is_top and control.tool_tip_text:
            if (not control.is_enabled and since >= 0.15) or since >= HOVER_SECONDS:
                avoid = [c.rect for c in self._controls()]  # it hides no other control
                draw_tooltip(
                    surface, control.tool_tip_text, control.rect, self.fonts, palette, avoid
                )
                return
        if focused is not None and focused.on_screen and is_top and not focused.is_enabled:
            reason = getattr(focused, "tool_tip_text", None)  # why the focused move is off
            if reason:
                avoid = [c.rect for c in self._controls()]
                draw_tooltip(surface, reason, focused.rect, self.fonts, palette, avoid)

    def _draw_meters(self, surface: pygame.Surface) -> None:
        """Draw meters that are moving (a still meter is part of the picture)."""
        old = surface.get_clip()
        for panel in self._status_panels():
            for meter, rect, clip in panel.meter_spots():
                if not meter.animating:
                    continue
                surface.set_clip(clip.clip(old) if clip is not None else old)
                pygame.draw.rect(surface, self.palette.colour("surface"), rect)
                meter.draw(surface, rect, self.fonts, self.palette)
        surface.set_clip(old)

    def _status_panels(self) -> list[StatusPanel]:
        found = []
        for column in self._columns_on_screen():
            found += [p for p in column.panels if isinstance(p, StatusPanel)]
        return found

    def _draw_header(self, surface: pygame.Surface) -> None:
        cache = self.cache
        palette = self.palette
        for words, role, size, colour, rect, nudge in (
            (self.level.model.title, FontRole.HEADING, 24, "text", self.header_title, 0),
            (self.view.round_text, FontRole.BODY, 16, "text_muted", self.header_info, 2),
        ):
            line = cache.fit(words, role, size, palette.colour(colour), rect.width)
            surface.blit(line, line.get_rect(midleft=(rect.left, rect.centery + nudge)))
        self.header_action().draw(surface)
        self.help_button.draw(surface)
        self.menu_button.draw(surface)

    def _draw_toast(self, surface: pygame.Surface) -> None:
        if self._toast is None:
            return
        text, _until, kind = self._toast
        palette = self.palette
        width = min(self.size[0] - 2 * self._margin(), self.fonts.scaled_size(640))
        font = self.fonts.get(FontRole.BODY, 17)
        line = ellipsize(font, text, width - self.style.scaled(48))
        rendered = self.cache.render(line, FontRole.BODY, 17, palette.colour("tooltip_text"))
        box = pygame.Rect(
            0, 0, rendered.get_width() + self.style.scaled(48), rendered.get_height() + 16
        )
        box.midbottom = (self.size[0] // 2, self.size[1] - self._margin() - 4)
        pygame.draw.rect(surface, palette.colour("tooltip_bg"), box, border_radius=10)
        accent = palette.colour("warning" if kind == "warning" else "info")
        pygame.draw.rect(
            surface, palette.colour("focus_ring_inner"), box, width=2, border_radius=10
        )
        icon = pygame.Rect(box.left + 10, box.centery - 8, 16, 16)
        if kind == "warning":
            pygame.draw.polygon(
                surface,
                palette.colour("focus_ring_inner"),
                [icon.midtop, icon.bottomright, icon.bottomleft],
            )
        else:
            pygame.draw.circle(surface, accent, icon.center, 8)
        surface.blit(rendered, (icon.right + 10, box.top + 8))
