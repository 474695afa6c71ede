"""Every party at a multi-party table: a small portrait, its stance and its trust.

Stances on the proposal on the table are written as words *and* drawn as icon shapes
(tick = supports, cross = opposes, ring with "?" = undecided, dash = left the table), so
they never rely on colour.  :func:`coalitions` groups the parties by stance ("Supporting
together: You, Eriksen").  Each NPC is a chip the player can select (Enter, Space or a
click) to address talk moves to it; the "Everyone" chip addresses the whole table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pygame

from game.i18n import N_, tr
from game.ui.fonts import FontRole
from game.ui.widgets.controls import Control, ControlStyle
from game.ui.widgets.icons import draw_cross, draw_tick
from game.ui.widgets.portrait import PortraitLibrary

__all__ = [
    "PartyView",
    "stance_of",
    "coalitions",
    "PartyChip",
    "STANCE_WORDS",
    "draw_stance_icon",
    "layout_chips",
]

STANCE_WORDS = {
    "proposed": N_("proposed it"),
    "supports": N_("supports"),
    "opposes": N_("opposes"),
    "undecided": N_("undecided"),
    "left": N_("left the table"),
}
"""A party's stance in words (translated where shown)."""


def stance_of(party_id: str, table, active: Iterable[str]) -> str:
    """Return a party's stance on the proposal ``table`` (an engine Proposal or None)."""
    if party_id not in set(active):
        return "left"
    if table is None:
        return "undecided"
    if party_id == table.proposer:
        return "proposed"
    if party_id in table.supporters:
        return "supports"
    if party_id in table.opponents:
        return "opposes"
    return "undecided"


def coalitions(stances: Mapping[str, str], names: Mapping[str, str]) -> list[str]:
    """Return one line per group of parties sharing a stance, e.g. "Supporting: You, Rao"."""
    groups = (
        (N_("Supporting together"), ("proposed", "supports")),
        (N_("Opposing"), ("opposes",)),
        (N_("Undecided"), ("undecided",)),
        (N_("Left the table"), ("left",)),
    )
    lines = []
    for title, kinds in groups:
        members = [names.get(p, p) for p, s in stances.items() if s in kinds]
        if members:
            lines.append(
                tr("{group}: {members}").format(group=tr(title), members=", ".join(members))
            )
    return lines


def draw_stance_icon(
    surface: pygame.Surface, rect: pygame.Rect, stance: str, style: ControlStyle
) -> None:
    """Draw the shape of a stance inside ``rect``."""
    ink = style.colour("text")
    side = min(rect.width, rect.height)
    box = pygame.Rect(0, 0, side, side)
    box.center = rect.center
    if stance in ("supports", "proposed"):
        pygame.draw.circle(surface, style.colour("positive"), box.center, side // 2)
        draw_tick(surface, box.inflate(-side // 3, -side // 3), style.colour("surface"))
    elif stance == "opposes":
        pygame.draw.rect(surface, style.colour("negative"), box, border_radius=3)
        draw_cross(surface, box.inflate(-side // 4, -side // 4), style.colour("surface"))
    elif stance == "left":
        pygame.draw.line(surface, ink, (box.left + 2, box.centery), (box.right - 2, box.centery), 3)
    else:
        pygame.draw.circle(surface, ink, box.center, side // 2, 2)
        mark = style.text.render("?", FontRole.BOLD, 13, ink)
        surface.blit(mark, mark.get_rect(center=box.center))


@dataclass
class PartyView:
    """What a chip shows about one party."""

    id: str
    name: str
    portrait: str
    emotion: str = "neutral"
    stance: str = "undecided"
    trust: float | None = None
    mood: str = ""


class PartyChip(Control):
    """One party (or "Everyone"): portrait, name, stance; selectable as the talk target."""

    NAME_SIZE = 16
    SMALL_SIZE = 14

    def __init__(
        self,
        style: ControlStyle,
        portraits: PortraitLibrary | None,
        party: PartyView | None,
        on_select: Callable[[PartyChip], None],
    ) -> None:
        key = f"party:{party.id}" if party is not None else "party:everyone"
        description = (
            tr("Talk to {name}").format(name=party.name)
            if party is not None
            else tr("Talk to everyone at the table")
        )
        super().__init__(style, key, description)
        self.portraits = portraits
        self.party = party
        self.on_select = on_select
        self.selected = False

    @property
    def target(self) -> str | None:
        """Return the party id this chip addresses (None: everyone)."""
        return None if self.party is None else self.party.id

    def preferred_height(self, width: int | None = None) -> int:
        """Return the chip's height (``width``: as wide as that, the details wrapped)."""
        fonts = self.style.fonts
        small = fonts.line_height(FontRole.BODY, self.SMALL_SIZE)
        text = fonts.line_height(FontRole.BOLD, self.NAME_SIZE) + 2 * small
        if width is not None:
            text += small * (max(1, len(self._detail_lines(self._room(width)))) - 1)
        return max(self.style.scaled(44), text + 8)

    def _room(self, width: int) -> int:
        """Return the width the words have beside the portrait in a chip ``width`` wide."""
        return width - 8 - 4 - self.style.scaled(48) - 2 * 8

    def _details(self) -> list[str]:
        if self.party is None:
            return []
        details = []
        if self.party.trust is not None:
            details.append(tr("trust {n}").format(n=round(self.party.trust)))
        if self.party.mood:
            details.append(self.party.mood)
        if self.selected:
            details.insert(0, tr("talking to"))
        return details

    def _detail_lines(self, room: int) -> list[str]:
        """Return the details (trust, mood) in lines of at most ``room`` pixels."""
        cache = self.style.text
        lines: list[str] = []
        for part in self._details():
            joined = f"{lines[-1]} · {part}" if lines else part
            if lines and cache.width_of(joined, FontRole.ITALIC, self.SMALL_SIZE) <= room:
                lines[-1] = joined
            else:
                lines.append(part)
        return lines

    def handle_key(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
            pygame.K_SPACE,
        ):
            self.on_select(self)
            return True
        return False

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        if (
            event.type == pygame.MOUSEBUTTONDOWN
            and event.button == pygame.BUTTON_LEFT
            and self.hit(event.pos)
        ):
            self.on_select(self)
            return True
        return False

    def paint(self, surface: pygame.Surface) -> None:
        style = self.style
        cache = style.text
        rect = self.rect
        bg = style.colour("selected_bg") if self.selected else style.colour("surface")
        pygame.draw.rect(surface, bg, rect, border_radius=8)
        pygame.draw.rect(
            surface, style.colour("border"), rect, width=2 if self.selected else 1, border_radius=8
        )
        if self.selected:
            pygame.draw.rect(
                surface,
                style.colour("primary"),
                (rect.left, rect.top, 6, rect.height),
                border_top_left_radius=8,
                border_bottom_left_radius=8,
            )
        pad = 8
        x = rect.left + pad + 4
        text = style.colour("text")
        muted = style.colour("text_muted")
        side = min(rect.height - 8, style.scaled(48))
        if self.party is not None and self.portraits is not None:
            image = self.portraits.get(self.party.portrait, self.party.emotion, side)
            surface.blit(image, image.get_rect(midleft=(x, rect.centery)))
        elif self.party is None:
            _draw_group(surface, pygame.Rect(x, rect.centery - side // 2, side, side), style)
        x += side + pad
        room = rect.right - x - pad
        y = rect.top + 4
        if self.party is None:
            name = cache.fit(tr("Everyone"), FontRole.BOLD, self.NAME_SIZE, text, room)
            surface.blit(
                name, (x, rect.centery - name.get_height() // 2 - (8 if self.selected else 0))
            )
            if self.selected:
                note = cache.fit(
                    tr("talking to all"), FontRole.ITALIC, self.SMALL_SIZE, muted, room
                )
                surface.blit(note, (x, rect.centery + 2))
            return
        name = cache.fit(self.party.name, FontRole.BOLD, self.NAME_SIZE, text, room)
        surface.blit(name, (x, y))
        y += name.get_height()
        icon_side = style.fonts.line_height(FontRole.BODY, self.SMALL_SIZE) - 4
        icon = pygame.Rect(x, y + 2, icon_side, icon_side)
        draw_stance_icon(surface, icon, self.party.stance, style)
        stance = tr(STANCE_WORDS.get(self.party.stance, self.party.stance))
        line = cache.fit(stance, FontRole.BODY, self.SMALL_SIZE, text, room - icon_side - 6)
        surface.blit(line, (icon.right + 6, y))
        y += line.get_height()
        for words in self._detail_lines(room):
            small = cache.fit(words, FontRole.ITALIC, self.SMALL_SIZE, muted, room)
            surface.blit(small, (x, y))
            y += small.get_height()


def _draw_group(surface: pygame.Surface, rect: pygame.Rect, style: ControlStyle) -> None:
    """Draw three heads and shoulders: "everyone"."""
    fill = style.colour("surface_alt")
    ink = style.colour("text_muted")
    r = rect.width // 6
    for dx, dy in ((-r * 1.6, r * 0.4), (r * 1.6, r * 0.4), (0, 0)):
        cx, cy = rect.centerx + dx, rect.centery - r * 0.6 + dy
        body = pygame.Rect(0, 0, int(r * 2.6), int(r * 1.8))
        body.midtop = (int(cx), int(cy + r * 1.1))
        pygame.draw.ellipse(surface, fill, body)
        pygame.draw.ellipse(surface, ink, body, 2)
        pygame.draw.circle(surface, fill, (int(cx), int(cy)), r)
        pygame.draw.circle(surface, ink, (int(cx), int(cy)), r, 2)


def layout_chips(
    chips: Sequence[PartyChip], rect: pygame.Rect, clip: pygame.Rect | None, columns: int, gap: int
) -> int:
    """Place chips in a grid of ``columns``; return the height used."""
    if not chips:
        return 0
    columns = max(1, columns)
    width = (rect.width - gap * (columns - 1)) // columns
    height = max(chip.preferred_height(width) for chip in chips)
    for index, chip in enumerate(chips):
        row, column = divmod(index, columns)
        chip.place(
            pygame.Rect(
                rect.left + column * (width + gap), rect.top + row * (height + gap), width, height
            ),
            clip,
        )
    rows = (len(chips) + columns - 1) // columns
    return rows * height + (rows - 1) * gap
