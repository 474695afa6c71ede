"""What the table draws over its cached picture every frame, and what the mouse is over.

:class:`TableOverlay` draws the meters that are moving (a still meter is part of the
picture), the focus ring, the short note above the talk moves (the toast) and tool-tips,
and keeps which control the mouse is over and for how long.
"""

from __future__ import annotations

import pygame

from game.ui.fonts import FontCache, FontRole
from game.ui.table.layout import TableLayout
from game.ui.table.panels import StatusPanel
from game.ui.table.state import TableFocus, TableState
from game.ui.text import ellipsize
from game.ui.theme import Palette
from game.ui.widgets.controls import Button, Control, ControlStyle
from game.ui.widgets.focus import draw_focus_ring
from game.ui.widgets.text_cache import TextCache
from game.ui.widgets.tooltip import draw_tooltip

__all__ = ["HOVER_SECONDS", "TOAST_SECONDS", "TableOverlay"]

HOVER_SECONDS = 0.5
TOAST_SECONDS = 4.0


class TableOverlay:
    """The focus ring, the toast, tool-tips and moving meters, over the picture."""

    def __init__(
        self,
        state: TableState,
        layout: TableLayout,
        focus: TableFocus,
        style: ControlStyle,
        fonts: FontCache,
        palette: Palette,
        cache: TextCache,
    ) -> None:
        self.state = state
        self.layout = layout
        self.focus = focus
        self.style = style
        self.fonts = fonts
        self.palette = palette
        self.cache = cache
        self.clock = 0.0  # seconds the table has been updated (for the toast's time)
        self.toast: tuple[str, float, str] | None = None
        """A short note: (text, until, "warning" / "info")."""
        self.hover: tuple[Control | None, float] = (None, 0.0)
        """The control under the mouse and for how long."""
        self.mouse: tuple[int, int] | None = None  # where the mouse was last frame

    def show_toast(self, text: str, kind: str = "warning") -> None:
        """Show a short note above the talk moves for a few seconds."""
        self.toast = (text, self.clock + TOAST_SECONDS, kind)

    def update(self, dt: float) -> None:
        self.clock += dt
        if self.toast is not None and self.clock >= self.toast[1]:
            self.toast = None
        self._update_hover(dt)

    def _update_hover(self, dt: float) -> None:
        position = pygame.mouse.get_pos() if pygame.mouse.get_focused() else None
        control, since = self.hover
        if position == self.mouse:
            self.hover = (control, since + dt)
            return
        self.mouse = position
        found = None
        controls = self.layout.controls()
        if position is not None:
            for candidate in reversed(controls):
                if candidate.hit(position):
                    found = candidate
                    break
        if found is not control:
            for button in controls:
                if isinstance(button, Button) and button.hovered != (button is found):
                    button.hovered = button is found
                    self.layout.changed(*self.layout.regions_of(button))
            self.hover = (found, 0.0)
        else:
            self.hover = (control, since + dt)

    def draw(self, surface: pygame.Surface, is_top: bool) -> None:
        """Draw over the picture (the ring and tool-tips only when the table is on top)."""
        self._draw_meters(surface)
        focused = self.focus.focused
        if focused is not None and focused.on_screen and is_top:
            column = self.layout.column_of(focused)
            old = surface.get_clip()
            if column is not None:
                surface.set_clip(column.rect.inflate(16, 16))
            draw_focus_ring(surface, focused.rect, self.focus.style)
            surface.set_clip(old)
        self._draw_toast(surface)
        control, since = self.hover
        if control is not None and is_top and control.tool_tip_text:
            if (not control.is_enabled and since >= 0.15) or since >= HOVER_SECONDS:
                avoid = [c.rect for c in self.layout.controls()]  # it hides no other control
                draw_tooltip(
                    surface, control.tool_tip_text, control.rect, self.fonts, self.palette, avoid
                )
                return
        if focused is not None and focused.on_screen and is_top and not focused.is_enabled:
            reason = getattr(focused, "tool_tip_text", None)  # why the focused move is off
            if reason:
                avoid = [c.rect for c in self.layout.controls()]
                draw_tooltip(surface, reason, focused.rect, self.fonts, self.palette, avoid)

    def _draw_meters(self, surface: pygame.Surface) -> None:
        """Draw meters that are moving (a still meter is part of the picture)."""
        old = surface.get_clip()
        for column in self.layout.columns_on_screen():
            for panel in column.panels:
                if not isinstance(panel, StatusPanel):
                    continue
                for meter, rect, clip in panel.meter_spots():
                    if not meter.animating:
                        continue
                    area = column.rect if clip is None else clip.clip(column.rect)
                    surface.set_clip(area.clip(old) if old else area)
                    pygame.draw.rect(surface, self.palette.colour("surface"), rect)
                    meter.draw(surface, rect, self.fonts, self.palette)
        surface.set_clip(old)

    def _draw_toast(self, surface: pygame.Surface) -> None:
        if self.toast is None:
            return
        text, _until, kind = self.toast
        palette = self.palette
        size = self.state.size
        margin = self.layout.margin()
        width = min(size[0] - 2 * margin, self.fonts.scaled_size(640))
        font = self.fonts.get(FontRole.BODY, 17)
        line = ellipsize(font, text, width - self.style.scaled(48))
        rendered = self.cache.render(line, FontRole.BODY, 17, palette.colour("tooltip_text"))
        box = pygame.Rect(
            0, 0, rendered.get_width() + self.style.scaled(48), rendered.get_height() + 16
        )
        box.midbottom = (size[0] // 2, size[1] - margin - 4)
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
