"""A scrolling page of headings, paragraphs, bullet lists, bars and character cards.

Scenes describe a page as a list of blocks (:class:`Heading`, :class:`Paragraph`,
:class:`Bullets`, :class:`Bars`, :class:`StarRule`, :class:`PersonCard`, :class:`Note`,
:class:`Spacer`); :class:`DocumentView` lays them out for its width and the current text
scale (re-laid out, never scaled), and scrolls.  Text is rendered once per layout, so
drawing only blits.

The view is a FocusTarget and takes part in a FocusManager's Tab order; while it
has focus, Up / Down scroll by a line, PageUp / PageDown (and Space) by a page, Home / End
to either end.  The wheel scrolls it under the mouse; the scroll bar's thumb can be
dragged and its track clicked to page.  :meth:`DocumentView.text_lines`
returns every line as drawn (tests read what the player reads).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pygame

from game.i18n import ngettext, tr
from game.ui.fonts import FontCache, FontRole
from game.ui.text import wrap_text
from game.ui.theme import Palette
from game.ui.widgets.focus import FocusTarget
from game.ui.widgets.icons import draw_chevron, draw_stars
from game.ui.widgets.portrait import PortraitLibrary
from game.ui.widgets.scrollbar import ScrollBar
from game.ui.widgets.text_cache import Lru

__all__ = [
    "forget_layouts",
    "Heading",
    "Paragraph",
    "Bullets",
    "BarRow",
    "Bars",
    "StarRule",
    "PersonCard",
    "Note",
    "Spacer",
    "Points",
    "Block",
    "DocumentView",
]


@dataclass(frozen=True)
class Heading:
    """A section title."""

    text: str
    size: int = 22


@dataclass(frozen=True)
class Paragraph:
    """Wrapped text; ``label`` is written in bold before it (e.g. "Your BATNA:")."""

    text: str
    label: str = ""
    size: int = 18
    muted: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Bullets:
    """A bullet list; each item wraps under its own bullet."""

    items: tuple[str, ...]
    size: int = 18


@dataclass(frozen=True)
class BarRow:
    """One bar: a label, how full (0..1) and the number written beside it."""

    label: str
    fraction: float
    value_text: str


@dataclass(frozen=True)
class Bars:
    """Horizontal bars with labels and numbers (e.g. how much each issue matters)."""

    rows: tuple[BarRow, ...]


@dataclass(frozen=True)
class StarRule:
    """``stars`` filled stars out of three, then what they need (star thresholds)."""

    stars: int
    text: str


@dataclass(frozen=True)
class PersonCard:
    """A character: portrait, name, role and a short bio."""

    portrait: str
    name: str
    role: str
    bio: str = ""


@dataclass(frozen=True)
class Note:
    """A boxed remark (a hint, a caution) with a word before it, e.g. "Hint:"."""

    text: str
    word: str = "Hint"


@dataclass(frozen=True)
class Points:
    """Numbered points, each a bold label and wrapped text, that can be clicked.

    A click on a point calls the view's ``on_point`` with the point's number (1, 2, ...);
    the scene gives the same numbers to the keys 1-9.
    """

    items: tuple[tuple[str, str], ...]
    size: int = 18
    selected: int | None = None
    """The number of the point drawn as chosen (None: none)."""


@dataclass(frozen=True)
class Spacer:
    """Vertical space in design pixels."""

    height: int = 12


Block = Heading | Paragraph | Bullets | Bars | StarRule | PersonCard | Note | Spacer | Points


@dataclass
class _Op:
    """Something to draw at a place in content coordinates."""

    kind: str  # "text", "bar", "stars", "image", "box", "line"
    rect: pygame.Rect
    surface: pygame.Surface | None = None
    data: Any = None


@dataclass
class _Layout:
    ops: list[_Op] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    height: int = 0
    points: list[tuple[pygame.Rect, int]] = field(default_factory=list)
    """Where each clickable point lies (content coordinates) and its number."""


class DocumentView(FocusTarget):
    """A scrolling view of blocks; see the module docstring."""

    def __init__(
        self,
        fonts: FontCache,
        palette: Palette,
        portraits: PortraitLibrary | None = None,
        *,
        framed: bool = True,
        on_point: Any = None,
    ) -> None:
        self.on_point = on_point
        """Called with a point's number when a :class:`Points` item is clicked."""
        self.fonts = fonts
        self.palette = palette
        self.portraits = portraits
        self.framed = framed
        super().__init__()
        self.rect = pygame.Rect(0, 0, 400, 300)
        self._blocks: list[Block] = []
        self._layout = _Layout()
        self._scroll = 0
        self._bar = ScrollBar(min_thumb=24)

    # -- content --------------------------------------------------------------------------
    @property
    def padding(self) -> int:
        """Return the inner margin in pixels."""
        return 16 if self.framed else 0

    @property
    def content_height(self) -> int:
        """Return the laid-out height of every block."""
        return self._layout.height

    @property
    def scroll(self) -> int:
        """Return how far the content is scrolled up, in pixels."""
        return self._scroll

    @property
    def scrollable(self) -> bool:
        """Return True when the content is taller than the view."""
        return self._max_scroll() > 0

    def set_blocks(self, blocks: Sequence[Block]) -> None:
        """Replace the content (scroll position is kept where possible)."""
        self._blocks = list(blocks)
        self._relayout()

    def set_rect(self, rect: pygame.Rect) -> None:
        """Place the view and lay the content out for its width."""
        self.rect = pygame.Rect(rect)
        self._relayout()

    def text_lines(self) -> list[str]:
        """Return every line of text as laid out, top to bottom."""
        return list(self._layout.lines)

    def _relayout(self) -> None:
        width = max(60, self.rect.width - 2 * self.padding - 14)
        self._layout = _cached_lay_out(
            self._blocks, width, self.fonts, self.palette, self.portraits
        )
        self._scroll = max(0, min(self._scroll, self._max_scroll()))
        track = pygame.Rect(self.rect.right - 12, self.rect.top + 8, 6, self.rect.height - 16)
        grip = self.fonts.scaled_size(14)
        height = self._layout.height
        self._bar.place(track, self._view_height(), height, grip=grip, bounds=self.rect)

    def _view_height(self) -> int:
        return max(1, self.content_rect().height)

    def _mark_height(self) -> int:
        return self.fonts.line_height(FontRole.ITALIC, 14) + 4

    def content_rect(self) -> pygame.Rect:
        """Return where the page's text is drawn: above the "more below" mark's strip
        when the page scrolls, so the mark is never drawn over text."""
        inner = self.rect.inflate(-2 * self.padding, -2 * self.padding)
        if self._layout.height > inner.height:
            inner.height = max(1, self.rect.bottom - self._mark_height() - 2 - inner.top)
        return inner

    def more_below_rect(self) -> pygame.Rect | None:
        """Return where the "more below" mark is drawn, or None when nothing is below."""
        if self._scroll >= self._max_scroll():
            return None
        font = self.fonts.get(FontRole.ITALIC, 14)
        box = pygame.Rect((0, 0), font.size(tr("more below")))
        box.bottomright = (self._bar.track.left - 8, self.rect.bottom - 4)
        size = box.height // 2
        chevron = pygame.Rect(box.left - size - 6, box.centery - size // 2, size, size)
        return box.union(chevron).inflate(10, 4)

    def _max_scroll(self) -> int:
        return max(0, self._layout.height - self._view_height())

    def scroll_by(self, pixels: int) -> None:
        """Scroll by ``pixels`` (positive: towards the end)."""
        self._scroll = max(0, min(self._scroll + int(pixels), self._max_scroll()))

    def scroll_to(self, pixels: int) -> None:
        """Scroll to an absolute position."""
        self._scroll = max(0, min(int(pixels), self._max_scroll()))

    # -- input ----------------------------------------------------------------------------
    def handle_key(self, event: pygame.event.Event) -> bool:
        """Scroll with the keys while focused; return True when used."""
        if event.type != pygame.KEYDOWN:
            return False
        line = self.fonts.line_height(FontRole.BODY, 18)
        page = max(line, self._view_height() - line)
        moves = {
            pygame.K_UP: -line,
            pygame.K_DOWN: line,
            pygame.K_PAGEUP: -page,
            pygame.K_PAGEDOWN: page,
            pygame.K_SPACE: page,
        }
        if event.key in moves:
            self.scroll_by(moves[event.key])
            return True
        if event.key == pygame.K_HOME:
            self.scroll_to(0)
            return True
        if event.key == pygame.K_END:
            self.scroll_to(self._max_scroll())
            return True
        return False

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        """Scroll with the wheel or the scroll bar; return True when used."""
        if not self.visible or not self._alive:
            self._bar.dragging = False
            return False
        scroll = self._bar.handle_mouse(event, self._scroll)
        if scroll is not None:
            self.scroll_to(scroll)
            return True
        if (
            event.type == pygame.MOUSEBUTTONDOWN
            and getattr(event, "button", 1) == 1
            and self.on_point is not None
        ):
            number = self.point_at(event.pos)
            if number is not None:
                self.on_point(number)
                return True
        if event.type == pygame.MOUSEWHEEL:
            if self.rect.collidepoint(pygame.mouse.get_pos()):
                self.scroll_by(-int(event.y) * self.fonts.line_height(FontRole.BODY, 18) * 3)
                return True
        return False

    def point_at(self, position: tuple[int, int]) -> int | None:
        """Return the number of the point under a window position, or None."""
        inner = self.content_rect()
        if not inner.collidepoint(position):
            return None
        x, y = position[0] - inner.left, position[1] - inner.top + self._scroll
        for rect, number in self._layout.points:
            if rect.collidepoint(x, y):
                return number
        return None

    def point_rect(self, number: int) -> pygame.Rect | None:
        """Return where a point lies in content coordinates, or None."""
        return next((r for r, n in self._layout.points if n == number), None)

    def scroll_to_point(self, number: int) -> None:
        """Scroll so that a point is in view."""
        rect = self.point_rect(number)
        if rect is None:
            return
        view = self._view_height()
        if rect.top < self._scroll:
            self.scroll_to(rect.top)
        elif rect.bottom > self._scroll + view:
            self.scroll_to(rect.bottom - view)

    # -- drawing --------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        """Draw the visible part of the content, a scroll bar and a "more below" mark."""
        if not self.visible:
            return
        palette = self.palette
        if self.framed:
            pygame.draw.rect(surface, palette.colour("surface"), self.rect, border_radius=10)
        inner = self.content_rect()
        old_clip = surface.get_clip()
        surface.set_clip(inner.clip(old_clip))
        dx, dy = inner.left, inner.top - self._scroll
        for op in self._layout.ops:
            rect = op.rect.move(dx, dy)
            if rect.bottom < inner.top or rect.top > inner.bottom:
                continue
            _draw_op(surface, op, rect, palette)
        surface.set_clip(old_clip)
        if self._max_scroll() > 0:
            self._draw_scroll_marks(surface, inner)
        if self.framed:
            pygame.draw.rect(
                surface, palette.colour("border"), self.rect, width=2, border_radius=10
            )

    def _draw_scroll_marks(self, surface: pygame.Surface, inner: pygame.Rect) -> None:
        palette = self.palette
        self._bar.draw(surface, self._scroll, palette)
        back = self.more_below_rect()
        if back is not None:  # in the strip under the text (see content_rect)
            font = self.fonts.get(FontRole.ITALIC, 14)
            label = font.render(tr("more below"), True, palette.colour("text_muted"))
            box = label.get_rect(bottomright=(back.right - 5, back.bottom - 2))
            size = box.height // 2
            chevron = pygame.Rect(box.left - size - 6, box.centery - size // 2, size, size)
            pygame.draw.rect(surface, palette.colour("surface"), back, border_radius=6)
            surface.blit(label, box)
            draw_chevron(surface, chevron, palette.colour("text_muted"), "down")


# ----------------------------------------------------------------------------- layout
#: The last few layouts, by (blocks, width, fonts, palette, portraits): a screen built
#: again with the same words and width (a tall page scrolled, a window resized back)
#: does not wrap and render them again.  Layouts are only read once made.
_LAYOUTS = Lru(12)


def _cached_lay_out(
    blocks: Sequence[Block],
    width: int,
    fonts: FontCache,
    palette: Palette,
    portraits: PortraitLibrary | None,
) -> _Layout:
    key = (tuple(blocks), width, id(fonts), fonts.text_scale, palette, id(portraits))
    return _kept(_LAYOUTS, key, lambda: _lay_out(blocks, width, fonts, palette, portraits))


def _kept(cache: Lru, key: tuple, make: Callable[[], _Layout]) -> _Layout:
    """Return the layout ``cache`` keeps under ``key``, made and kept when missing (made
    each time when the key holds a list, which cannot be kept)."""
    try:
        kept = cache.get(key)
    except TypeError:
        return make()
    if kept is None:
        kept = cache.put(key, make())
    return kept


#: The last blocks laid out, each by (block, width, fonts, palette, portraits): a page
#: whose words changed in one block (the debrief marking the point jumped to) lays out
#: only that block again.
_BLOCK_LAYOUTS = Lru(128)


def forget_layouts() -> None:
    """Forget every layout kept (pages and blocks): the next ones wrap and render anew."""
    _LAYOUTS.clear()
    _BLOCK_LAYOUTS.clear()


def _lay_out(
    blocks: Sequence[Block],
    width: int,
    fonts: FontCache,
    palette: Palette,
    portraits: PortraitLibrary | None,
) -> _Layout:
    layout = _Layout()
    y = 0
    for number, block in enumerate(blocks):
        if isinstance(block, Spacer):
            y += fonts.scaled_size(block.height)
            continue
        if isinstance(block, Heading) and number > 0:
            y += fonts.scaled_size(10)
        key = (block, width, id(fonts), fonts.text_scale, palette, id(portraits))
        make = partial(_lay_out_block, block, width, fonts, palette, portraits)
        piece = _kept(_BLOCK_LAYOUTS, key, make)
        layout.ops.extend(_Op(op.kind, op.rect.move(0, y), op.surface, op.data) for op in piece.ops)
        layout.lines.extend(piece.lines)
        layout.points.extend((rect.move(0, y), n) for rect, n in piece.points)
        y += piece.height
    layout.height = y
    return layout


def _lay_out_block(
    block: Block,
    width: int,
    fonts: FontCache,
    palette: Palette,
    portraits: PortraitLibrary | None,
) -> _Layout:
    """Return one block laid out from the top (y = 0)."""
    piece = _Layout()
    if isinstance(block, PersonCard):
        piece.height = _lay_out_card(block, width, 0, fonts, palette, portraits, piece)
    else:
        lay_out = _LAY_OUT[type(block)]
        piece.height = lay_out(block, width, 0, fonts, palette, piece)
    return piece


def _add_text(
    layout: _Layout, x: int, top: int, line: str, font: pygame.font.Font, colour: Any
) -> int:
    """Lay out one line of text (kept for the screen reader); return the line's height."""
    surface = font.render(line, True, colour)
    layout.ops.append(_Op("text", pygame.Rect((x, top), surface.get_size()), surface))
    if line:
        layout.lines.append(line)
    return font.get_linesize()


def _lay_out_heading(
    block: Heading, width: int, y: int, fonts: FontCache, palette: Palette, layout: _Layout
) -> int:
    text = palette.colour("text")
    font = fonts.get(FontRole.HEADING, block.size)
    for line in wrap_text(font, block.text, width):
        y += _add_text(layout, 0, y, line, font, text)
    layout.ops.append(_Op("line", pygame.Rect(0, y + 2, width, 2)))
    return y + fonts.scaled_size(10)


def _lay_out_paragraph(
    block: Paragraph, width: int, y: int, fonts: FontCache, palette: Palette, layout: _Layout
) -> int:
    text = palette.colour("text")
    role = FontRole.ITALIC if block.italic else FontRole.BODY
    font = fonts.get(role, block.size)
    colour = palette.colour("text_muted") if block.muted else text
    if not block.label:
        for line in wrap_text(font, block.text, width):
            y += _add_text(layout, 0, y, line, font, colour)
        return y + fonts.scaled_size(8)
    bold = fonts.get(FontRole.BOLD, block.size)
    label = block.label + " "
    label_w = bold.size(label)[0]
    if label_w > width * 0.6:  # a long label gets its own line
        y += _add_text(layout, 0, y, block.label, bold, text)
        for line in wrap_text(font, block.text, width):
            y += _add_text(layout, 0, y, line, font, colour)
        return y + fonts.scaled_size(8)
    lines = wrap_text(font, block.text, width, first_width=width - label_w)
    surface = bold.render(label, True, text)
    layout.ops.append(_Op("text", pygame.Rect((0, y), surface.get_size()), surface))
    for index, line in enumerate(lines):
        x = label_w if index == 0 else 0
        shown = f"{block.label} {line}" if index == 0 else line
        surface = font.render(line, True, colour)
        layout.ops.append(_Op("text", pygame.Rect((x, y), surface.get_size()), surface))
        layout.lines.append(shown)
        y += font.get_linesize()
    return y + fonts.scaled_size(8)


def _lay_out_bullets(
    block: Bullets, width: int, y: int, fonts: FontCache, palette: Palette, layout: _Layout
) -> int:
    text = palette.colour("text")
    font = fonts.get(FontRole.BODY, block.size)
    indent = font.size("•  ")[0]
    for item in block.items:
        lines = wrap_text(font, item, width - indent)
        bullet = font.render("•", True, text)
        layout.ops.append(_Op("text", pygame.Rect((4, y), bullet.get_size()), bullet))
        for index, line in enumerate(lines):
            surface = font.render(line, True, text)
            layout.ops.append(_Op("text", pygame.Rect((indent, y), surface.get_size()), surface))
            layout.lines.append(("• " if index == 0 else "  ") + line)
            y += font.get_linesize()
        y += fonts.scaled_size(4)
    return y + fonts.scaled_size(6)


def _lay_out_star_rule(
    block: StarRule, width: int, y: int, fonts: FontCache, palette: Palette, layout: _Layout
) -> int:
    text = palette.colour("text")
    font = fonts.get(FontRole.BODY, 18)
    radius = max(6, font.get_linesize() // 3)
    stars_w = round(radius * 2.3 * 2 + 2 * radius)
    layout.ops.append(
        _Op("stars", pygame.Rect(0, y, stars_w, font.get_linesize()), data=block.stars)
    )
    x = stars_w + fonts.scaled_size(12)
    lines = wrap_text(font, block.text, width - x)
    for index, line in enumerate(lines):
        surface = font.render(line, True, text)
        layout.ops.append(_Op("text", pygame.Rect((x, y), surface.get_size()), surface))
        prefix = ""
        if index == 0:  # what the stars drawn before the text say, for the page's text
            prefix = ngettext("{n} star:", "{n} stars:", block.stars).format(n=block.stars) + " "
        layout.lines.append(prefix + line)
        y += font.get_linesize()
    return y + fonts.scaled_size(6)


def _lay_out_note(
    block: Note, width: int, y: int, fonts: FontCache, palette: Palette, layout: _Layout
) -> int:
    text = palette.colour("text")
    font = fonts.get(FontRole.BODY, 18)
    bold = fonts.get(FontRole.BOLD, 18)
    pad = fonts.scaled_size(10)
    label = block.word + ": "
    label_w = bold.size(label)[0]
    inner_w = width - 2 * pad - 8
    lines = wrap_text(font, block.text, inner_w, first_width=inner_w - label_w)
    height = len(lines) * font.get_linesize() + 2 * pad
    layout.ops.append(_Op("box", pygame.Rect(0, y, width, height)))
    top = y + pad
    surface = bold.render(label, True, text)
    layout.ops.append(_Op("text", pygame.Rect((pad + 8, top), surface.get_size()), surface))
    for index, line in enumerate(lines):
        x = pad + 8 + (label_w if index == 0 else 0)
        surface = font.render(line, True, text)
        layout.ops.append(_Op("text", pygame.Rect((x, top), surface.get_size()), surface))
        layout.lines.append((label if index == 0 else "") + line)
        top += font.get_linesize()
    return y + height + fonts.scaled_size(10)


def _lay_out_points(
    block: Points, width: int, y: int, fonts: FontCache, palette: Palette, layout: _Layout
) -> int:
    font = fonts.get(FontRole.BODY, block.size)
    bold = fonts.get(FontRole.BOLD, block.size)
    text = palette.colour("text")
    pad = fonts.scaled_size(6)
    badge_w = bold.size("88")[0] + 2 * pad
    indent = badge_w + 2 * pad
    for number, (label, words) in enumerate(block.items, start=1):
        top = y
        chosen = block.selected == number
        lead = f"{label}: "
        lead_w = bold.size(lead)[0]
        inner = width - indent - pad
        if lead_w > inner * 0.6:
            lines = [lead.strip(), *wrap_text(font, words, inner)]
            first_bold = True
        else:
            lines = wrap_text(font, words, inner, first_width=inner - lead_w)
            first_bold = False
        height = len(lines) * font.get_linesize() + 2 * pad
        box = pygame.Rect(0, top, width, height)
        layout.ops.append(_Op("point", box, data=chosen))
        digit = bold.render(str(number), True, text)
        badge = pygame.Rect(pad, top + pad, badge_w, font.get_linesize())
        layout.ops.append(_Op("badge", badge))
        layout.ops.append(_Op("text", digit.get_rect(center=badge.center), digit))
        line_y = top + pad
        for index, line in enumerate(lines):
            x = indent
            if index == 0 and not first_bold:
                surface = bold.render(lead, True, text)
                layout.ops.append(
                    _Op("text", pygame.Rect((x, line_y), surface.get_size()), surface)
                )
                x += lead_w
                shown = f"{number}. {lead}{line}"
            elif index == 0:
                shown = f"{number}. {line}"
            else:
                shown = line
            role_font = bold if (index == 0 and first_bold) else font
            surface = role_font.render(line, True, text)
            layout.ops.append(_Op("text", pygame.Rect((x, line_y), surface.get_size()), surface))
            layout.lines.append(shown)
            line_y += font.get_linesize()
        layout.points.append((box, number))
        y = top + height + fonts.scaled_size(6)
    return y + fonts.scaled_size(4)


def _lay_out_bars(
    block: Bars, width: int, y: int, fonts: FontCache, palette: Palette, layout: _Layout
) -> int:
    font = fonts.get(FontRole.BODY, 18)
    bold = fonts.get(FontRole.BOLD, 18)
    text = palette.colour("text")
    label_w = min(int(width * 0.4), max((font.size(r.label)[0] for r in block.rows), default=0))
    value_w = max((bold.size(r.value_text)[0] for r in block.rows), default=0)
    bar_x = label_w + fonts.scaled_size(12)
    bar_w = max(40, width - bar_x - value_w - fonts.scaled_size(12))
    line = font.get_linesize()
    bar_h = max(12, line // 2)
    for row in block.rows:
        labels = wrap_text(font, row.label, max(10, label_w))  # a long label wraps, never cut
        for index, label in enumerate(labels):
            surface = font.render(label, True, text)
            spot = pygame.Rect((0, y + index * line), surface.get_size())
            layout.ops.append(_Op("text", spot, surface))
        bar = pygame.Rect(bar_x, y + (line - bar_h) // 2, bar_w, bar_h)
        layout.ops.append(_Op("bar", bar, data=max(0.0, min(1.0, row.fraction))))
        value = bold.render(row.value_text, True, text)
        layout.ops.append(
            _Op(
                "text", pygame.Rect((bar.right + fonts.scaled_size(12), y), value.get_size()), value
            )
        )
        layout.lines.append(f"{row.label}: {row.value_text}")
        y += line * len(labels) + fonts.scaled_size(6)
    return y + fonts.scaled_size(6)


def _lay_out_card(
    block: PersonCard,
    width: int,
    y: int,
    fonts: FontCache,
    palette: Palette,
    portraits: PortraitLibrary | None,
    layout: _Layout,
) -> int:
    text = palette.colour("text")
    muted = palette.colour("text_muted")
    pad = fonts.scaled_size(8)
    side = min(128, max(64, width // 4))
    image = portraits.get(block.portrait, "neutral", side) if portraits is not None else None
    x = side + 2 * pad if image is not None else pad
    text_w = max(60, width - x - pad)
    name_font = fonts.get(FontRole.BOLD, 20)
    role_font = fonts.get(FontRole.ITALIC, 17)
    bio_font = fonts.get(FontRole.BODY, 17)
    if text_w < fonts.scaled_size(150) and image is not None:
        # Too narrow beside the face: put the words under it.
        x, text_w = pad, width - 2 * pad
        text_top = y + side + 2 * pad
    else:
        text_top = y + pad
    ops: list[_Op] = []
    top = text_top
    for line in wrap_text(name_font, block.name, text_w):
        surface = name_font.render(line, True, text)
        ops.append(_Op("text", pygame.Rect((x, top), surface.get_size()), surface))
        layout.lines.append(line)
        top += name_font.get_linesize()
    for line in wrap_text(role_font, block.role, text_w):
        surface = role_font.render(line, True, muted)
        ops.append(_Op("text", pygame.Rect((x, top), surface.get_size()), surface))
        layout.lines.append(line)
        top += role_font.get_linesize()
    if block.bio:
        top += fonts.scaled_size(4)
        for line in wrap_text(bio_font, block.bio, text_w):
            surface = bio_font.render(line, True, text)
            ops.append(_Op("text", pygame.Rect((x, top), surface.get_size()), surface))
            layout.lines.append(line)
            top += bio_font.get_linesize()
    bottom = max(top, y + (side + 2 * pad if image is not None else 0)) + pad
    layout.ops.append(_Op("card", pygame.Rect(0, y, width, bottom - y)))
    if image is not None:
        layout.ops.append(_Op("image", pygame.Rect(pad, y + pad, side, side), image))
    layout.ops.extend(ops)
    return bottom + fonts.scaled_size(10)


def _draw_op(surface: pygame.Surface, op: _Op, rect: pygame.Rect, palette: Palette) -> None:
    if op.kind in ("text", "image") and op.surface is not None:
        surface.blit(op.surface, rect)
    elif op.kind == "line":
        pygame.draw.rect(surface, palette.colour("border"), rect)
    elif op.kind == "bar":
        radius = rect.height // 2
        pygame.draw.rect(surface, palette.colour("meter_track"), rect, border_radius=radius)
        filled = pygame.Rect(rect.left, rect.top, round(rect.width * op.data), rect.height)
        if filled.width > 0:
            pygame.draw.rect(surface, palette.colour("meter_fill"), filled, border_radius=radius)
        pygame.draw.rect(surface, palette.colour("border"), rect, width=1, border_radius=radius)
    elif op.kind == "stars":
        radius = max(6, rect.height // 3)
        draw_stars(
            surface,
            (rect.left, rect.centery),
            radius,
            int(op.data),
            3,
            palette.colour("warning"),
            palette.colour("text"),
        )
    elif op.kind == "box":
        pygame.draw.rect(surface, palette.colour("surface_alt"), rect, border_radius=8)
        pygame.draw.rect(
            surface,
            palette.colour("info"),
            (rect.left, rect.top, 6, rect.height),
            border_top_left_radius=8,
            border_bottom_left_radius=8,
        )
    elif op.kind == "point":
        colour = palette.colour("selected_bg" if op.data else "surface_alt")
        pygame.draw.rect(surface, colour, rect, border_radius=8)
        if op.data:  # the chosen point: a thick frame too, not colour alone
            pygame.draw.rect(surface, palette.colour("focus_ring"), rect, width=3, border_radius=8)
    elif op.kind == "badge":
        pygame.draw.rect(surface, palette.colour("border"), rect, width=2, border_radius=6)
    elif op.kind == "card":
        pygame.draw.rect(surface, palette.colour("surface_alt"), rect, border_radius=10)
        pygame.draw.rect(surface, palette.colour("border"), rect, width=1, border_radius=10)


#: How each kind of block (but a person's card, which also needs the portraits) is laid out.
_LAY_OUT: dict[type, Any] = {
    Heading: _lay_out_heading,
    Paragraph: _lay_out_paragraph,
    Bullets: _lay_out_bullets,
    Points: _lay_out_points,
    Bars: _lay_out_bars,
    StarRule: _lay_out_star_rule,
    Note: _lay_out_note,
}
