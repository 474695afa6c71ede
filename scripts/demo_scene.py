"""A demo scene that exercises the stack, focus manager and widgets (a test bed, not the game).

Run it from the repository: ``python scripts/demo_scene.py [--text-scale 1.5]
[--palette colour_blind]``.
"""

# ruff: noqa: E402  (the repository goes on the path before the game is imported)
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pygame

from game.ui.fonts import FontRole
from game.ui.scene import Scene, SceneContext, SceneStack
from game.ui.theme import palette_by_name
from game.ui.widgets.banner import Banner
from game.ui.widgets.button_row import ButtonSpec, build_row
from game.ui.widgets.controls import Button, ControlStyle, IndexSlider, Picker
from game.ui.widgets.dialogue_log import DialogueLog
from game.ui.widgets.focus import FocusManager, FocusRingStyle
from game.ui.widgets.meter import Meter
from game.ui.widgets.portrait import EMOTIONS, Portrait, PortraitLibrary
from game.ui.widgets.text_cache import TextCache
from game.ui.widgets.tooltip import draw_tooltip

__all__ = ["DemoScene", "main"]

logger = logging.getLogger(__name__)

_TONES = ["Friendly", "Firm", "Curious"]
_NPCS = {
    "market_vendor": "Rosa, stall owner",
    "car_seller": "Frank, used cars",
    "tablet_agent": "Ava, service agent",
    "mediator": "Sam, mediator",
    "player": "You",
}


class DemoScene(Scene):
    """Portrait, two meters, a dialogue log, a banner and keyboard-focusable controls."""

    def __init__(self, npc_id: str = "market_vendor", npc_name: str = "Rosa, stall owner") -> None:
        super().__init__()
        self.npc_id = npc_id
        self.npc_name = npc_name
        self.pressed: list[str] = []  # names of buttons pressed (tests read this)
        self.price = 50
        self.tone = _TONES[0]
        self._emotion_index = 0
        self._hint: tuple[pygame.Rect, str] | None = None
        self.style: ControlStyle | None = None
        self.buttons: dict[str, Button] = {}
        self.slider: IndexSlider | None = None
        self.tone_menu: Picker | None = None
        self.price_label_pos = (0, 0)

    # -- life cycle -------------------------------------------------------------------------
    def enter(self, context: SceneContext) -> None:
        super().enter(context)
        self.fonts = context.fonts
        self.palette = context.palette
        self.library = PortraitLibrary(context.assets.portraits)
        self.portrait = Portrait(self.library, self.npc_id, self.npc_name)
        self.trust = Meter("Trust", minimum=-100, maximum=100, value=10)
        self.satisfaction = Meter("Their satisfaction", minimum=0, maximum=100, value=40)
        self.log = DialogueLog(self.fonts, capacity=200)
        self.log.add(
            self.npc_name.split(",")[0],
            "Good morning! These tomatoes came in fresh today. Five a kilo.",
            "npc",
            1,
        )
        self.log.add(
            "You", "They look lovely. Would you take four if I buy three kilos?", "player", 0
        )
        self.log.add("", "Tip: ask about their interests, not only the price.", "system")
        self.banner = Banner(self.fonts)
        self.banner.show(
            "Your save was repaired: the newest backup (2 minutes old) was used.", "warning"
        )
        self.focus = FocusManager(style=FocusRingStyle.from_palette(self.palette))
        self.style = ControlStyle(self.fonts, self.palette, TextCache(self.fonts))

    def exit(self) -> None:
        self._kill_widgets()
        self.style = None

    def _controls(self) -> list[Button | IndexSlider | Picker]:
        return [c for c in (*self.buttons.values(), self.slider, self.tone_menu) if c is not None]

    def _kill_widgets(self) -> None:
        for element in self._controls():
            element.kill()
        self.buttons = {}
        self.slider = None
        self.tone_menu = None

    def on_resize(self, size: tuple[int, int]) -> None:
        style = self.style
        assert style is not None
        focused = self.focus.focused
        focused_index = self.focus.elements.index(focused) if focused is not None else None
        self._kill_widgets()
        width, height = size
        margin = 24
        fonts = self.fonts
        button_h = max(44, fonts.line_height(FontRole.BOLD, 20) + 18)
        self.banner.set_area((margin, margin), width - 2 * margin)

        title_h = fonts.line_height(FontRole.HEADING, 30)
        self.title_y = self.banner.rect().bottom + 12 if self.banner.visible else margin
        top = self.title_y + title_h + 16
        controls_top = height - margin - button_h
        column_w = max(220, width // 4)
        self.portrait_rect = pygame.Rect(
            margin, top, column_w, controls_top - top - 2 * button_h - 24
        )
        meters_x = width - margin - column_w
        meter_h = self.trust.preferred_height(fonts)
        self.trust_rect = pygame.Rect(meters_x, top, column_w, meter_h)
        self.satisfaction_rect = pygame.Rect(meters_x, top + meter_h + 20, column_w, meter_h)
        log_left = margin + column_w + margin
        self.log.set_rect(
            pygame.Rect(
                log_left, top, meters_x - margin - log_left, controls_top - top - 2 * button_h - 24
            )
        )

        # Row above the bottom: price slider and tone menu.
        row_y = controls_top - button_h - 16
        self.price_label_pos = (margin, row_y - fonts.line_height(FontRole.BODY, 20) - 4)
        self.slider = IndexSlider(
            style,
            "price",
            [str(p) for p in range(101)],
            self.price,
            self._on_price,
            description="Price per kilo",
        )
        self.slider.place(pygame.Rect(margin, row_y, column_w + margin + 200, button_h))
        tone_w = max(240, fonts.get(FontRole.BODY, 20).size("Curious")[0] + 120)
        self.tone_menu = Picker(
            style,
            "tone",
            _TONES,
            _TONES.index(self.tone),
            self._on_tone,
            description="Tone",
        )
        self.tone_menu.place(pygame.Rect(self.slider.rect.right + margin, row_y, tone_w, button_h))
        specs = [
            ButtonSpec("offer", "Make offer"),
            ButtonSpec("ask", "Ask a question"),
            ButtonSpec(
                "walk",
                "Walk away",
                "You cannot walk away yet: hear their first offer before leaving.",
            ),
            ButtonSpec("mood", "Next mood"),
        ]
        area = pygame.Rect(margin, controls_top, width - 2 * margin, button_h)
        self.buttons, _ = build_row(specs, area, fonts, style, gap=16)
        for key, button in self.buttons.items():
            button.on_press = lambda _button, key=key: self._on_button(key)
        self.focus.set_elements(self._controls())
        if focused_index is not None:
            self.focus.focus(self.focus.elements[focused_index])

    # -- input -------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.banner.handle_event(event):
            if not self.banner.visible:
                self.on_resize(self.stack.size)  # give the banner's room back
            return True
        if self.focus.handle_event(event) or self.focus.dispatch(event):
            return True
        if self.log.handle_event(event):
            return True
        return any(control.handle_mouse(event) for control in self._controls())

    def _on_price(self, index: int) -> None:
        self.price = index

    def _on_tone(self, index: int) -> None:
        self.tone = _TONES[index]

    def _on_button(self, key: str) -> None:
        self.pressed.append(key)
        if key == "offer":
            self.log.add(
                "You",
                f"I can offer {self.price} for the lot, said in a {self.tone.lower()} tone.",
                "player",
                0,
            )
            self.log.add(
                self.npc_name.split(",")[0],
                "Hm. That is lower than I hoped, but let us talk.",
                "npc",
                1,
            )
            self.trust.set_value(self.trust.target + 15, "You explained your offer")
            self.satisfaction.set_value(
                self.satisfaction.target - 5, "The price is below their target"
            )
            self.portrait.set_emotion("thinking")
        elif key == "ask":
            self.log.add("You", "What matters most to you today?", "player", 0)
            self.log.add(
                self.npc_name.split(",")[0], "Selling out before the rain, honestly.", "npc", 1
            )
            self.trust.set_value(self.trust.target + 10, "You asked about their interests")
            self.portrait.set_emotion("warm")
        elif key == "mood":
            self._emotion_index = (self._emotion_index + 1) % len(EMOTIONS)
            self.portrait.set_emotion(EMOTIONS[self._emotion_index])

    def update(self, dt: float) -> None:
        self.trust.update(dt)
        self.satisfaction.update(dt)
        self.banner.update(dt)
        hint = self.focus.hint_at(pygame.mouse.get_pos()) if pygame.mouse.get_focused() else None
        self._hint = (pygame.Rect(hint[0].rect), hint[1]) if hint else None

    # -- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        palette = self.palette
        surface.fill(palette.colour("background"))
        heading = self.fonts.get(FontRole.HEADING, 30).render(
            "Common Ground — widget demo", True, palette.colour("text")
        )
        surface.blit(heading, (24, self.title_y))
        self.portrait.draw(surface, self.portrait_rect, self.fonts, palette)
        self.log.draw(surface, palette)
        self.trust.draw(surface, self.trust_rect, self.fonts, palette)
        self.satisfaction.draw(surface, self.satisfaction_rect, self.fonts, palette)
        price = self.fonts.get(FontRole.BODY, 20).render(
            f"Price per kilo: {self.price}", True, palette.colour("text")
        )
        surface.blit(price, self.price_label_pos)
        for control in self._controls():
            control.draw(surface)
        self.focus.draw(surface)
        self.banner.draw(surface, palette)
        if self._hint is not None:
            draw_tooltip(surface, self._hint[1], self._hint[0], self.fonts, palette)


def main(argv: Sequence[str] | None = None) -> int:
    """Open a window with the demo scene; return the exit code."""
    from game.ui.runner import Runner, WindowSettings

    parser = argparse.ArgumentParser(description="Common Ground widget demo")
    parser.add_argument("--text-scale", type=float, default=1.0)
    parser.add_argument("--palette", default="default")
    parser.add_argument("--npc", default="market_vendor", choices=_NPCS)
    parser.add_argument("--frames", type=int, default=None, help="stop after this many frames")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    context = SceneContext.create(palette=palette_by_name(args.palette), text_scale=args.text_scale)
    settings = WindowSettings(title="Common Ground — widget demo")
    stack = SceneStack(context, settings.size)
    runner = Runner(stack, settings)
    runner.open()
    stack.push(DemoScene(args.npc, _NPCS[args.npc]))
    runner.run(max_frames=args.frames)
    runner.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
