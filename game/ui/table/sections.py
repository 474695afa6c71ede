"""The table's screen in sections: the header and the five columns.

A :class:`Section` is a rectangle of the screen (like an Arcade ``Section``): it owns its
rectangle, whether it must be painted again (``dirty``), how it draws itself
(``draw``), the bands it is painted in, its controls, and the mouse events that reach it
(``handle_event``).  A panel in a column with input of its own (``panels.InputPanel``: the
dialogue log, the table card) gets the mouse first and keeps its own ``dirty`` flag; the
section is dirty while one of them is.  The layout (``layout.TableLayout``) places the sections for the
window; the painter (``paint.Painter``) paints the dirty ones into the cached picture; the
scene routes the mouse to them.

* :class:`HeaderSection`: the level's title and round, Walk away (or See how you did),
  Keys and Menu, and the tabs of the narrow layouts;
* :class:`ColumnSection`: a scrolling column of panels (``panels.py``): ``status`` (who
  sits there: portrait, feeling, trust and rapport, the party chips, your notes),
  ``talk`` (the dialogue log, and in the wide layout the offer on the table and the
  result), ``offer`` (your offer's builder), ``offer_foot`` (what it is worth, Propose)
  and ``moves`` (the talk moves).  Which panels a column holds depends on the layout.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.levels.text import level_text
from game.ui.fonts import FontCache, FontRole
from game.ui.table.controls import TableControls
from game.ui.table.panels import InputPanel
from game.ui.table.state import TableFocus, TableState
from game.ui.theme import Palette
from game.ui.widgets.controls import Button, Control
from game.ui.widgets.scroll_column import Column
from game.ui.widgets.text_cache import TextCache

__all__ = ["COLUMNS", "REGIONS", "ColumnSection", "HeaderSection", "Section"]

COLUMNS = ("status", "talk", "offer", "offer_foot", "moves")
REGIONS = ("header", *COLUMNS)


class Section:
    """A rectangle of the table's screen: it draws itself and takes the mouse within it."""

    def __init__(self, name: str, focus: TableFocus) -> None:
        self.name = name
        self.focus = focus
        self._dirty = True

    @property
    def dirty(self) -> bool:
        """Paint this section again: it changed, or one of its panels with input of their
        own did (the painter clears it once queued, and theirs with it)."""
        return self._dirty or any(panel.dirty for panel in self.input_panels())

    @dirty.setter
    def dirty(self, value: bool) -> None:
        self._dirty = value
        if not value:
            for panel in self.input_panels():
                panel.dirty = False

    def input_panels(self) -> list[InputPanel]:
        """Return the section's panels with input of their own (they get the mouse first)."""
        return []

    @property
    def rect(self) -> pygame.Rect:
        raise NotImplementedError

    @property
    def visible(self) -> bool:
        return True

    def bands(self) -> list[pygame.Rect]:
        """Return the horizontal bands the section is painted in, a band at a time."""
        return [self.rect]

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the section (the painter has cleared its band and clipped to it)."""

    def controls(self) -> list[Control]:
        """Return the section's controls on screen, in their order."""
        return []

    def handle_scroll(self, event: pygame.event.Event) -> bool:
        """Drag a scroll bar or page by its track; True when used."""
        return False

    def handle_press(self, event: pygame.event.Event) -> bool:
        """Give a mouse button or motion to the control under it; True when used.

        A control pressed takes the keyboard focus, if it is in the Tab order.
        """
        for control in reversed(self.controls()):
            if control.handle_mouse(event):
                if event.type == pygame.MOUSEBUTTONDOWN and control in self.focus.elements:
                    self.focus.focus(control)
                self.dirty = True
                return True
        return False

    def handle_wheel(self, event: pygame.event.Event, position: tuple[int, int]) -> bool:
        """Scroll by the mouse wheel at ``position``; True when used."""
        return False

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Handle a mouse event; True when used."""
        if event.type == pygame.MOUSEWHEEL:
            return self.handle_wheel(event, pygame.mouse.get_pos())
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
            return self.handle_scroll(event) or self.handle_press(event)
        return False


class HeaderSection(Section):
    """The strip above the columns: the title, the round, the header's buttons, the tabs."""

    def __init__(
        self,
        state: TableState,
        controls: TableControls,
        focus: TableFocus,
        fonts: FontCache,
        palette: Palette,
        cache: TextCache,
        below: Callable[[], int],
    ) -> None:
        super().__init__("header", focus)
        self.state = state
        self.c = controls
        self.fonts = fonts
        self.palette = palette
        self.cache = cache
        self.below = below
        """The top of the highest column on screen (the header ends there)."""
        self.stacked = False  # the title and round sit under the header's buttons
        self.title_rect = pygame.Rect(0, 0, 0, 0)  # where the level's title goes
        self.info_rect = pygame.Rect(0, 0, 0, 0)  # where the round goes
        self.text_rect = pygame.Rect(0, 0, 0, 0)  # the title and round together

    @property
    def rect(self) -> pygame.Rect:
        return pygame.Rect(0, 0, self.state.size[0], self.below())

    def action(self) -> Button:
        """Return the button beside Keys: Walk away, or once the talks are over in the
        narrow layouts, See how you did (Walk away can do nothing then)."""
        if self.state.result is not None and self.state.mode != "wide":
            return self.c.continue_button
        return self.c.walk_button

    def place(self, margin: int) -> int:
        """Place Walk away, Keys and Menu at the top right and the title and round beside
        or under them; return the header's height.

        The three buttons stay in the header at every size: the title and the round go
        beside them when they fit, else under them, each on its own line.
        """
        style = self.c.style
        height = style.button_height()
        width = self.state.size[0]
        x = width - margin
        buttons = (self.c.menu_button, self.c.help_button, self.action())
        for button in buttons:
            button.show_shortcut = True
        needed = sum(b.preferred_width() for b in buttons) + 2 * style.scaled(8)
        if needed > width - 2 * margin:  # long words at large text: the keys on F1 only
            for button in buttons:
                button.show_shortcut = False
        for button in buttons:
            button_w = button.preferred_width()
            x -= button_w
            button.place(pygame.Rect(x, margin, button_w, height))
            x -= style.scaled(8)
        buttons_left = x + style.scaled(8)
        fonts = self.fonts
        title = level_text(self.state.level.model).title
        title_h = fonts.line_height(FontRole.HEADING, 24)
        info_h = fonts.line_height(FontRole.BODY, 16)
        title_w = fonts.get(FontRole.HEADING, 24).size(title)[0]
        info_w = fonts.get(FontRole.BODY, 16).size(self.state.view.round_text)[0]
        full = width - 2 * margin
        room = buttons_left - style.scaled(16) - margin
        spacing = style.scaled(20)
        if title_w + spacing + info_w <= room:  # one row: title, round, buttons
            self.stacked = False
            self.title_rect = pygame.Rect(margin, margin, title_w, height)
            self.info_rect = pygame.Rect(margin + title_w + spacing, margin, info_w, height)
            used = height
        elif title_w <= room:  # the title beside the buttons, the round under them
            self.stacked = True
            row = max(height, title_h)
            info_h = self._info_height(full)
            self.title_rect = pygame.Rect(margin, margin, room, row)
            self.info_rect = pygame.Rect(margin, margin + row, full, info_h)
            used = row + info_h
        else:  # the buttons, then the title, then the round
            self.stacked = True
            top = margin + height + style.scaled(4)
            info_h = self._info_height(full)
            self.title_rect = pygame.Rect(margin, top, full, title_h)
            self.info_rect = pygame.Rect(margin, top + title_h, full, info_h)
            used = height + style.scaled(4) + title_h + info_h
        self.text_rect = self.title_rect.union(self.info_rect)
        return used

    def _info_height(self, width: int) -> int:
        """Return the height of the round's line wrapped to ``width`` (at most two lines)."""
        lines = self.cache.wrap(self.state.view.round_text, FontRole.BODY, 16, width)
        return self.fonts.line_height(FontRole.BODY, 16) * min(2, len(lines))

    def place_tabs(self, rect: pygame.Rect, names: list[str]) -> int:
        """Show the tabs ``names`` in a row at the top of ``rect``; return the row's height."""
        style = self.c.style
        height = style.button_height()
        gap = style.scaled(4)
        room = rect.width - gap * (len(names) - 1)
        buttons = [self.c.tab_buttons[name] for name in names]
        for button in buttons:
            button.show_shortcut = True
        wanted = [b.preferred_width() for b in buttons]
        if sum(wanted) > room:  # the keys on F1 only, so the words fit
            for button in buttons:
                button.show_shortcut = False
            wanted = [b.preferred_width() for b in buttons]
        if max(wanted) * len(names) <= room:
            widths = [room // len(names)] * len(names)
        elif sum(wanted) > room:  # still too long: every tab on screen, its words cut
            widths = [w * room // sum(wanted) for w in wanted]
        else:  # each as wide as its words want, the rest shared out
            spare = max(0, room - sum(wanted))
            widths = [w + spare // len(names) for w in wanted]
        x = rect.left
        for name, button, width in zip(names, buttons, widths, strict=True):
            button.visible = True
            button.selected = name == self.state.tab
            button.place(pygame.Rect(x, rect.top, width, height))
            x += width + gap
        return height + style.scaled(2)

    def bands(self) -> list[pygame.Rect]:
        """The strip above the columns, and the tabs if shown.

        (In two or one columns the tab buttons sit beside or above a column, below the
        strip: they are painted with the header, in a band of their own.)
        """
        rect = self.rect
        bands = [rect]
        tabs = [b.rect for b in self.c.tab_buttons.values() if b.visible]
        if tabs:
            area = tabs[0].unionall(tabs[1:]).inflate(8, 8)
            if not rect.contains(area):
                bands.append(area)
        return bands

    def draw(self, surface: pygame.Surface) -> None:
        cache = self.cache
        palette = self.palette
        for words, role, size, colour, rect, nudge in (
            (
                level_text(self.state.level.model).title,
                FontRole.HEADING,
                24,
                "text",
                self.title_rect,
                0,
            ),
            (self.state.view.round_text, FontRole.BODY, 16, "text_muted", self.info_rect, 2),
        ):
            line_h = self.fonts.line_height(role, size)
            if rect.height >= 2 * line_h:  # the round, wrapped under the title
                cache.draw_wrapped(
                    surface, words, role, size, palette.colour(colour), rect, max_lines=2
                )
                continue
            line = cache.fit(words, role, size, palette.colour(colour), rect.width)
            surface.blit(line, line.get_rect(midleft=(rect.left, rect.centery + nudge)))
        self.action().draw(surface)
        self.c.help_button.draw(surface)
        self.c.menu_button.draw(surface)
        for button in self.c.tab_buttons.values():
            if button.visible:
                button.draw(surface)

    def controls(self) -> list[Control]:
        c = self.c
        found: list[Control] = [c.menu_button, *c.tab_buttons.values()]
        found += [self.action(), c.help_button]
        return [control for control in found if control.on_screen]


class ColumnSection(Section):
    """A scrolling column of panels; ``log``: the dialogue log is in it (the talk column)."""

    def __init__(
        self,
        column: Column,
        focus: TableFocus,
        palette: Palette,
        fonts: FontCache,
        on_scroll: Callable[[], None],
    ) -> None:
        super().__init__(column.name, focus)
        self.column = column
        self.palette = palette
        self.fonts = fonts
        self.on_scroll = on_scroll
        """Called after the column scrolled (which controls are shown may have changed)."""

    @property
    def rect(self) -> pygame.Rect:
        return self.column.rect

    @property
    def visible(self) -> bool:
        return self.column.visible

    def all_controls(self) -> list[Control]:
        """Return the controls of the column's panels (on screen or scrolled away)."""
        found: list[Control] = []
        for panel in self.column.panels:
            found += panel.controls()
        return found

    def controls(self) -> list[Control]:
        return [control for control in self.all_controls() if control.on_screen]

    def bands(self) -> list[pygame.Rect]:
        """Return horizontal bands tiling the column, one per panel (gaps included)."""
        column = self.column
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

    def draw(self, surface: pygame.Surface) -> None:
        self.column.draw(surface, self.palette)

    def input_panels(self) -> list[InputPanel]:
        return [panel for panel in self.column.panels if isinstance(panel, InputPanel)]

    def handle_scroll(self, event: pygame.event.Event) -> bool:
        column = self.column
        for panel in self.input_panels():
            if panel.holds_mouse or column.rect.collidepoint(event.pos):
                if panel.handle_mouse(event):
                    return True
        before = (column.scroll, column.bar.dragging)
        if column.handle_mouse(event):
            if (column.scroll, column.bar.dragging) != before:
                self.on_scroll()  # as the wheel does: no relayout beyond the column's
                self.dirty = True
            return True
        return False

    def handle_wheel(self, event: pygame.event.Event, position: tuple[int, int]) -> bool:
        if any(panel.handle_wheel(event, position) for panel in self.input_panels()):
            return True
        column = self.column
        if column.rect.collidepoint(position) and column.scrollable:
            step = self.fonts.line_height(FontRole.BODY, 17) * 3
            if column.scroll_by(-int(event.y) * step):
                self.on_scroll()
                self.dirty = True
            return True
        return False
