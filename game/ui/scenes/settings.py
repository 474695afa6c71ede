"""Settings: text size (100-200 %), colour palette, sound, voices, window mode and coaching
hints.

Settings are remembered per profile (``Store.update_settings``) and applied at once: a new
text size or palette re-creates the fonts and re-lays out every screen (never a
scaled picture).  The text size is applied a moment after the slider stops moving, so
holding an arrow key does not rebuild the screen at every step.

Keys: Tab moves between the controls, Left / Right (or Home / End) move the text-size
slider, Enter or Space switches a choice, Esc goes back.  F6 (on every screen) reads the
focused control and the last line aloud while voices are on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pygame

from game import i18n
from game.i18n import N_, tr
from game.ui.fonts import FontRole
from game.ui.frame import Work
from game.ui.keys import KeyBinding
from game.ui.scenes.common import MARGIN, MenuScene
from game.ui.sound import cue
from game.ui.speech import NO_ENGINE, READ_ALOUD_KEY_NAME, Speaker
from game.ui.text import wrap_text
from game.ui.theme import PALETTES, palette_by_name
from game.ui.widgets.button_row import ButtonSpec, build_column, build_row, button_height
from game.ui.widgets.controls import IndexSlider

__all__ = ["SettingsScene", "TEXT_SCALE_DELAY"]

logger = logging.getLogger(__name__)

_TEXT_SCALES = tuple(range(100, 201, 10))

#: Seconds the text-size slider must rest before the new size is applied.
TEXT_SCALE_DELAY = 0.35
_PALETTE_ORDER = ("default", "colour_blind")


class SettingsScene(MenuScene):
    """One row per setting: its name, its control and a line saying what it does."""

    KEYS = (
        KeyBinding(
            N_("Left / Right on Text size"), N_("smaller / larger text (Home / End: 100 / 200 %)")
        ),
        KeyBinding(N_("Enter / Space on a choice"), N_("switch it")),
        KeyBinding(
            N_("Esc"), N_("back (a new text size is kept)"), ("ESCAPE",), lambda s, _: s.on_back()
        ),
    )

    heading = N_("Settings")

    def __init__(self) -> None:
        super().__init__()
        self.pending_scale: int | None = None
        self._pending_age = 0.0
        self._preparing: tuple[int, Iterator[None]] | None = None  # (size, steps left)
        self.slider: IndexSlider | None = None
        self._busy = False  # the player did something this frame (see update)

    @property
    def settings(self):
        return self.services["settings"]

    # -- layout ---------------------------------------------------------------------------------
    def _rows(self) -> list[tuple[str, str, str]]:
        """Return (key, label, explanation) per setting."""
        return [
            (
                "text",
                tr("Text size"),
                tr("Makes every word larger; the screens re-arrange to fit."),
            ),
            (
                "palette",
                tr("Colours"),
                tr(
                    "The colour-blind-safe palette uses the Okabe–Ito colours. Nothing in the "
                    "game is shown by colour alone."
                ),
            ),
            (
                "sound",
                tr("Sound"),
                tr("Short sound cues: your move, their answer, trust up or down, a deal, a badge."),
            ),
            ("voices", tr("Voices"), self._voices_note()),
            ("window", tr("Window"), tr("Play in a window or on the whole screen.")),
            (
                "coaching",
                tr("Coaching"),
                tr(
                    "A short hint at the table when you are about to make a typical mistake "
                    "(accepting less than your BATNA, conceding twice in a row, an early "
                    "threat). A class pack with hints off turns it off."
                ),
            ),
            (
                "language",
                tr("Language"),
                tr("The language of the menus and the game. Your own levels keep theirs."),
            ),
        ]

    def _speaker(self) -> Speaker | None:
        if self.context is None:
            return None
        speaker = self.services.get("speech") if hasattr(self.services, "get") else None
        return speaker if isinstance(speaker, Speaker) else None

    def _voices_found(self) -> bool:
        speaker = self._speaker()
        return speaker is not None and speaker.found

    def _voices_note(self) -> str:
        if not self._voices_found():
            return tr(
                "{no_engine}. The characters' lines can be read aloud where one is installed "
                "(eSpeak NG on Linux; Windows and macOS have one)."
            ).format(no_engine=tr(NO_ENGINE))
        return tr(
            "The characters read their lines aloud, each in a voice of their own. "
            "{key} reads the control you are on and the last line aloud."
        ).format(key=READ_ALOUD_KEY_NAME)

    def _columns(self, width: int) -> tuple[int, int]:
        """Return (label width, control width)."""
        fonts = self.fonts
        column_w = min(width - 2 * MARGIN, fonts.scaled_size(860))
        widest = max(fonts.get(FontRole.BOLD, 20).size(r[1])[0] for r in self._rows()) + 24
        if widest > int(column_w * 0.3):  # long labels: each over its control, full width
            return 0, column_w
        return widest, column_w - widest

    def _label_height(self, width: int) -> int:
        """Return the height a label takes above its control (0: labels are beside them)."""
        label_w, _ = self._columns(width)
        return 0 if label_w else self.fonts.line_height(FontRole.BOLD, 20) + 2

    def min_height(self, width: int) -> int:
        fonts = self.fonts
        _, control_w = self._columns(width)
        note_font = fonts.get(FontRole.ITALIC, 16)
        rows = 0
        for _key, _label, note in self._rows():
            lines = len(wrap_text(note_font, note, control_w))
            rows += self._label_height(width)
            rows += button_height(fonts) + 4 + lines * note_font.get_linesize()
            rows += fonts.scaled_size(18)
        return self.frame_height(width, [ButtonSpec("back", tr("Back"))]) + 8 + rows

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width, height = size
        fonts = self.fonts
        top = self.content_top() + 8
        label_w, control_w = self._columns(width)
        control_x = MARGIN + label_w
        button_h = button_height(fonts)
        note_font = fonts.get(FontRole.ITALIC, 16)
        settings = self.settings
        self.row_tops: dict[str, int] = {}
        self.note_rects: dict[str, pygame.Rect] = {}
        y = top
        buttons = {}
        label_h = self._label_height(width)
        for key, _label, note in self._rows():
            self.row_tops[key] = y
            y += label_h
            if key == "text":
                value_w = fonts.get(FontRole.BOLD, 20).size("200 %")[0] + 16
                slider_w = max(160, min(control_w - value_w, fonts.scaled_size(420)))
                current = self.pending_scale or settings.text_scale
                slider = IndexSlider(
                    self.control_style,
                    "text",
                    [f"{percent} %" for percent in _TEXT_SCALES],
                    _TEXT_SCALES.index(current) if current in _TEXT_SCALES else 0,
                    self._on_scale,
                    description="Text size",
                )
                slider.place(pygame.Rect(control_x, y, slider_w + value_w, button_h))
                self.slider = self.track(slider, "text")
            else:
                reason = None
                if key == "voices" and not self._voices_found():
                    reason = tr(NO_ENGINE)
                spec = ButtonSpec(key, self._choice_text(key), reason)
                made, _ = build_column(
                    [spec],
                    control_x,
                    y,
                    min(control_w, fonts.scaled_size(420)),
                    fonts,
                    self.control_style,
                )
                buttons.update(made)
            y += button_h + 4
            lines = wrap_text(note_font, note, control_w)
            self.note_rects[key] = pygame.Rect(
                control_x, y, control_w, len(lines) * note_font.get_linesize()
            )
            y += self.note_rects[key].height + fonts.scaled_size(18)
        self.add_buttons(buttons)
        # A preview of the palette and text size beside the controls, when there is room.
        preview_x = MARGIN + label_w + control_w + MARGIN
        preview_w = width - MARGIN - preview_x
        self.preview_rect: pygame.Rect | None = None
        if preview_w >= fonts.scaled_size(260):
            self.preview_rect = pygame.Rect(preview_x, top, preview_w, self._preview_height())
        footer, _ = build_row(
            [ButtonSpec("back", tr("Back"))],
            pygame.Rect(MARGIN, height - MARGIN - button_h, width - 2 * MARGIN, button_h),
            fonts,
            self.control_style,
        )
        self.add_buttons(footer)

    def initial_focus(self) -> None:
        self.focus_key("text")

    def _choice_text(self, key: str) -> str:
        settings = self.settings
        if key == "language":
            return i18n.NAMES.get(i18n.language(), i18n.language())
        if key == "palette":
            return tr(palette_by_name(settings.palette).label)
        if key == "sound":
            return tr("On") if settings.sound else tr("Off")
        if key == "voices":
            if not self._voices_found():
                return tr("Not available")
            return tr("On") if settings.voices else tr("Off")
        if key == "coaching":
            return tr("Hints on") if settings.coaching else tr("Hints off")
        return tr("Full screen") if settings.fullscreen else tr("Windowed")

    # -- drawing ----------------------------------------------------------------------------------
    _SAMPLES = (
        ("positive", N_("Deal reached")),
        ("negative", N_("No deal")),
        ("warning", N_("Warning")),
        ("info", N_("Note")),
    )

    def _preview_height(self) -> int:
        fonts = self.fonts
        line = fonts.line_height(FontRole.BODY, 17) + 8
        return fonts.line_height(FontRole.BOLD, 20) + 12 + len(self._SAMPLES) * line + line + 16

    def _draw_preview(self, surface: pygame.Surface) -> None:
        rect = self.preview_rect
        if rect is None:
            return
        from game.ui.widgets.icons import draw_stars

        palette = self.palette
        fonts = self.fonts
        pygame.draw.rect(surface, palette.colour("surface"), rect, border_radius=10)
        pygame.draw.rect(surface, palette.colour("border"), rect, width=2, border_radius=10)
        bold = fonts.get(FontRole.BOLD, 20)
        body = fonts.get(FontRole.BODY, 17)
        x, y = rect.left + 14, rect.top + 8
        surface.blit(bold.render(tr("Preview"), True, palette.colour("text")), (x, y))
        y += bold.get_linesize() + 8
        size = body.get_linesize() - 4
        for role, word in self._SAMPLES:
            swatch = pygame.Rect(x, y + 2, size * 2, size)
            pygame.draw.rect(surface, palette.colour(role), swatch, border_radius=4)
            pygame.draw.rect(surface, palette.colour("text"), swatch, width=1, border_radius=4)
            surface.blit(
                body.render(tr(word), True, palette.colour("text")), (swatch.right + 10, y)
            )
            y += body.get_linesize() + 8
        radius = max(6, min(11, body.get_linesize() // 3))
        used = draw_stars(
            surface,
            (x, y + body.get_linesize() // 2),
            radius,
            2,
            3,
            palette.colour("warning"),
            palette.colour("text"),
        )
        surface.blit(
            body.render(tr("2 of 3 stars"), True, palette.colour("text")), (x + used + 10, y)
        )

    def draw_back(self, surface: pygame.Surface) -> None:
        self._draw_preview(surface)
        name = self.services["profile_name"]
        subtitle = (
            tr("remembered for {name}").format(name=name)
            if name
            else tr("for this session (no profile chosen)")
        )
        self.draw_heading(surface, tr(self.heading), subtitle)
        palette = self.palette
        bold = self.fonts.get(FontRole.BOLD, 20)
        note_font = self.fonts.get(FontRole.ITALIC, 16)
        beside = self._label_height(self.size[0]) == 0
        label_y_offset = (button_height(self.fonts) - bold.get_linesize()) // 2 if beside else 0
        for key, label, note in self._rows():
            surface.blit(
                bold.render(label, True, palette.colour("text")),
                (MARGIN, self.row_tops[key] + label_y_offset),
            )
            rect = self.note_rects[key]
            y = rect.top
            for line in wrap_text(note_font, note, rect.width):
                surface.blit(
                    note_font.render(line, True, palette.colour("text_muted")), (rect.left, y)
                )
                y += note_font.get_linesize()

    # -- actions ------------------------------------------------------------------------------------
    def on_button(self, key: str) -> None:
        settings = self.settings
        if key == "language":
            codes = i18n.available()
            index = codes.index(i18n.language()) if i18n.language() in codes else 0
            self.services.update_settings(language=codes[(index + 1) % len(codes)])
        elif key == "palette":
            names = [n for n in _PALETTE_ORDER if n in PALETTES]
            index = names.index(settings.palette) if settings.palette in names else 0
            self.services.update_settings(palette=names[(index + 1) % len(names)])
        elif key == "sound":
            self.services.update_settings(sound=not settings.sound)  # off: the app stops cues
            self._relabel("sound")
            cue(self.services, "sound_on")  # silent when it was just switched off
        elif key == "voices":
            if not self._voices_found():
                cue(self.services, "denied")
                return
            self.services.update_settings(voices=not settings.voices)  # off: speech stops
            self._relabel("voices")
            speaker = self._speaker()
            if speaker is not None:
                speaker.say(tr("Voices on."))  # silent when they were just switched off
        elif key == "window":
            self.services.update_settings(fullscreen=not settings.fullscreen)
            self._relabel("window")
        elif key == "coaching":
            self.services.update_settings(coaching=not settings.coaching)
            self._relabel("coaching")
        elif key == "back":
            pending, self.pending_scale = self.pending_scale, None
            if pending is None or pending == self.settings.text_scale or len(self.stack) < 2:
                self.pending_scale = pending
                self.apply_pending()
                self.navigator.back()
                return
            # A text size still pending: leave first (the screen below is not shown at the
            # old size), then apply it: only the screen shown next is laid out again.
            self.stack.pop_to(lambda scene: scene is not self, resume=False)
            self.services.update_settings(text_scale=pending)

    def _relabel(self, key: str) -> None:
        button = self.button(key)
        if button is not None and button.alive():
            button.set_text(self._choice_text(key))

    def on_back(self) -> None:
        self.on_button("back")

    def _on_scale(self, index: int) -> None:
        value = _TEXT_SCALES[index]
        self.pending_scale = None if value == self.settings.text_scale else value
        self._pending_age = 0.0

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type != pygame.MOUSEMOTION:
            self._busy = True
        return super().handle_event(event)

    def update(self, dt: float) -> None:
        super().update(dt)
        # Readying ahead is idle work: only in a frame with no input and time to spare.
        frame = self.stack.frame
        busy = self._busy or (frame is not None and not frame.may_start(Work.IDLE))
        self._busy = False
        if self.pending_scale is not None:
            self._pending_age += dt
        if not busy:
            if frame is None:
                self._ready_a_step()
            else:
                with frame.doing(Work.IDLE):
                    self._ready_a_step()
        dragging = self.slider is not None and self.slider.dragging
        if (
            self.pending_scale is not None
            and self._pending_age >= TEXT_SCALE_DELAY
            and not dragging
        ):
            self.apply_pending()

    def _ready_a_step(self) -> None:
        """Ready the fonts for a text size resting on the slider (a frame with nothing else).

        Applying it is then lighter: the frame that rebuilds the screens finds the glyphs drawn.
        """
        if self.pending_scale is not None and self._pending_age >= TEXT_SCALE_DELAY / 2:
            if self._preparing is None or self._preparing[0] != self.pending_scale:
                steps = self.services.prepare_text_scale(self.pending_scale)
                self._preparing = (self.pending_scale, steps)
            next(self._preparing[1], None)

    def apply_pending(self) -> None:
        """Apply a text size chosen on the slider (re-lays out every screen)."""
        if self.pending_scale is None:
            return
        value, self.pending_scale = self.pending_scale, None
        if value != self.settings.text_scale:
            self._focus_key = "text"
            self.services.update_settings(text_scale=value)
