"""What the menu scenes share: the base scene, player settings, the campaign overview and
the background level checker.

:class:`MenuScene` gives a scene the game's controls (one :class:`ControlStyle` they draw
with), a :class:`FocusManager` with the visible focus ring, a :class:`Banner`, tool-tips
for disabled buttons and a re-layout on every resize that keeps the focus on the same
element.  Subclasses build their widgets in
:meth:`MenuScene.layout` and react in :meth:`MenuScene.on_button` / :meth:`MenuScene.on_back`.

Scenes reach the game's services through ``context.services`` (filled by ``game.app``):

* ``store`` — the save store (``game.store.Store``);
* ``profile_name`` — the chosen profile, or None; ``select_profile(name)`` changes it;
* ``navigator`` — ``to_title()``, ``to_campaign()``, ``to_briefing(level)``,
  ``start_negotiation(level, seed=None)``, ``to_debrief(level, record, score)``,
  ``to_custom_levels()``, ``to_settings()``, ``back()``, ``quit()``;
* ``levels_dirs`` — folders with the player's own level files;
* ``rng`` — the seeded ``random.Random``;
* ``settings`` — the :class:`PlayerSettings` in force; ``update_settings(**changes)``.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import pygame

from game import i18n
from game.campaign.badges import BADGES
from game.campaign.progress import LevelStatus, campaign_status
from game.i18n import N_, tr
from game.levels.catalog import LevelEntry, builtin_entries
from game.levels.problems import LevelError, Problem
from game.ui.fonts import FontRole
from game.ui.keys import KeyBinding, run_key
from game.ui.scene import ResultT, Scene, SceneContext
from game.ui.text import wrap_text
from game.ui.theme import PALETTES
from game.ui.widgets.banner import Banner
from game.ui.widgets.controls import Button, ControlStyle
from game.ui.widgets.focus import FocusManager, FocusRingStyle, FocusTarget, layout_order
from game.ui.widgets.text_cache import TextCache
from game.ui.widgets.tooltip import draw_tooltip

if TYPE_CHECKING:
    from game.levels.loader import LoadedLevel

__all__ = [
    "PlayerSettings",
    "MenuScene",
    "OverlayScene",
    "CampaignOverview",
    "campaign_overview",
    "LevelCheckJob",
    "CheckResult",
    "check_level_file",
    "MARGIN",
]

logger = logging.getLogger(__name__)
_T = TypeVar("_T", bound=FocusTarget)

MARGIN = 24
_MOUSE_EVENTS = (
    pygame.MOUSEBUTTONDOWN,
    pygame.MOUSEBUTTONUP,
    pygame.MOUSEMOTION,
    pygame.MOUSEWHEEL,
)
TEXT_SCALE_STEPS = tuple(range(100, 201, 10))


# ----------------------------------------------------------------------------- settings
@dataclass(frozen=True)
class PlayerSettings:
    """The settings a profile remembers: text scale (percent), palette, sound, window mode,
    whether the table coaches (short hints at the moment of a typical mistake) and whether
    characters' lines are read aloud (voices: off unless chosen)."""

    text_scale: int = 100
    palette: str = "default"
    sound: bool = True
    fullscreen: bool = False
    coaching: bool = True
    voices: bool = False
    language: str | None = None
    """The language code chosen (None: the system's language)."""

    @property
    def scale(self) -> float:
        """Return the text scale as a factor (1.0-2.0)."""
        return self.text_scale / 100.0

    @classmethod
    def from_store(cls, data: Mapping[str, Any] | None) -> PlayerSettings:
        """Return the settings from a profile's stored ``settings`` dict (bad values: defaults)."""
        data = data or {}
        scale = data.get("text_scale", 100)
        if not isinstance(scale, int) or isinstance(scale, bool) or not 100 <= scale <= 200:
            scale = 100
        palette = str(data.get("palette", "default")).replace("-", "_")
        if palette not in PALETTES:
            palette = "default"
        sound = data.get("sound", {})
        enabled = sound.get("enabled", True) if isinstance(sound, Mapping) else True
        voices = sound.get("voices", False) if isinstance(sound, Mapping) else False
        window = data.get("window", {})
        fullscreen = window.get("fullscreen", False) if isinstance(window, Mapping) else False
        coaching = data.get("coaching", {})
        coach = coaching.get("enabled", True) if isinstance(coaching, Mapping) else True
        language = data.get("language")
        if not isinstance(language, str) or language not in i18n.available():
            language = None
        return cls(
            scale, palette, bool(enabled), bool(fullscreen), bool(coach), voices is True, language
        )

    def store_changes(self) -> dict[str, Any]:
        """Return these settings as ``Store.update_settings`` keyword arguments.

        The store accepts palette names of lower-case letters, digits and '-', so
        ``colour_blind`` is stored as ``colour-blind``.
        """
        return {
            "text_scale": int(self.text_scale),
            "palette": self.palette.replace("_", "-"),
            "sound": {"enabled": bool(self.sound), "voices": bool(self.voices)},
            "window": {"fullscreen": bool(self.fullscreen)},
            "coaching": {"enabled": bool(self.coaching)},
            "language": self.language,
        }


# ----------------------------------------------------------------------------- campaign
@dataclass(frozen=True)
class CampaignOverview:
    """A profile's view of the campaign: levels in order, their status, badges and xp."""

    entries: tuple[LevelEntry, ...]
    statuses: tuple[LevelStatus, ...]
    badges: tuple[str, ...] = ()
    xp: int = 0

    def status(self, level_id: str) -> LevelStatus | None:
        """Return the status of a level, or None when it is not in the campaign."""
        return next((s for s in self.statuses if s.id == level_id), None)

    def entry(self, level_id: str) -> LevelEntry | None:
        """Return the headline of a level, or None."""
        return next((e for e in self.entries if e.id == level_id), None)

    @property
    def suggested(self) -> LevelEntry | None:
        """Return the level to play next, or None when every level has three stars."""
        status = next((s for s in self.statuses if s.suggested), None)
        return self.entry(status.id) if status is not None else None

    @property
    def total_stars(self) -> int:
        """Return the stars earned on campaign levels."""
        return sum(s.stars for s in self.statuses)

    def previous(self, level_id: str) -> LevelEntry | None:
        """Return the level before ``level_id`` in campaign order, or None."""
        ids = [e.id for e in self.entries]
        if level_id not in ids or ids.index(level_id) == 0:
            return None
        return self.entries[ids.index(level_id) - 1]

    @property
    def earned_badges(self) -> list[tuple[str, str, str]]:
        """Return (id, title, description) of the badges earned, in catalogue order."""
        return [(b.id, tr(b.title), tr(b.description)) for b in BADGES if b.id in self.badges]


def campaign_overview(
    profile: Mapping[str, Any] | None, entries: Sequence[LevelEntry] | None = None
) -> CampaignOverview:
    """Return the campaign for ``profile`` (a store profile document, or None)."""
    entries = tuple(builtin_entries() if entries is None else entries)
    progress = (profile or {}).get("progress", {})
    stars = {str(k): int(v) for k, v in dict(progress.get("stars", {})).items()}
    statuses = campaign_status([(e.id, e.chapter, e.title) for e in entries], stars)
    return CampaignOverview(
        entries,
        tuple(statuses),
        tuple((profile or {}).get("badges", ())),
        int((profile or {}).get("xp", 0)),
    )


def without_suggestion(overview: CampaignOverview) -> CampaignOverview:
    """Return the campaign with no level marked "Next up" (a class leads instead)."""
    from dataclasses import replace

    return replace(overview, statuses=tuple(replace(s, suggested=False) for s in overview.statuses))


def class_lead(store: Any, profile_name: str | None) -> Any:
    """Return the class level a profile should play next (a ``ClassNext``), or None.

    Once a profile is in a class, its class's levels lead "Continue" and "Next up"
    (:mod:`game.classroom.leading`); None outside a class, when every class level has
    three stars, or when the profile cannot be read.
    """
    if store is None or profile_name is None:
        return None
    from game.store.errors import StoreError

    try:
        profile = store.get_profile(profile_name)
    except StoreError:
        return None
    if not profile.get("class_code"):
        return None  # the class code (levels, packs, their checks) is not needed
    from game.classroom.leading import class_next

    try:
        return class_next(store.data_dir, profile, store.deals(profile_name))
    except StoreError:
        return None


# ----------------------------------------------------------------------------- level checks
@dataclass(frozen=True)
class CheckResult:
    """A level file checked: the level when valid, else the loader's problem lines."""

    path: Path
    level: LoadedLevel | None
    lines: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Return True for a playable level."""
        return self.level is not None


def check_level_file(path: Path) -> CheckResult:
    """Load ``path`` with the same loader and messages as ``python main.py validate``."""
    try:
        from game.levels.loader import load_level  # the schema and numpy load on first use

        level = load_level(path)
        level.analysis  # noqa: B018 - computed here, off the UI thread
    except LevelError as error:
        return CheckResult(path, None, tuple(error.user_lines))
    except Exception as error:  # a bug in the checks must not close the game
        logger.warning("checking %s failed", path, exc_info=True)
        problem = Problem(
            "(file)",
            f"the level could not be checked ({type(error).__name__}: {error}); please report this",
        )
        return CheckResult(path, None, (problem.line(str(path)),))
    return CheckResult(path, level)


class LevelCheckJob:
    """Checks level files one by one in a worker thread; the scene polls :meth:`results`.

    The loader is pure Python and numpy, so the window stays responsive while a large
    level is analysed.  :meth:`cancel` stops after the file being checked.
    """

    def __init__(
        self, paths: Iterable[Path], check: Callable[[Path], CheckResult] = check_level_file
    ) -> None:
        self.paths = list(paths)
        self._check = check
        self._queue: queue.SimpleQueue[CheckResult] = queue.SimpleQueue()
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self.finished = 0

    @property
    def total(self) -> int:
        """Return how many files the job checks."""
        return len(self.paths)

    @property
    def done(self) -> bool:
        """Return True once every result has been collected (or the job was cancelled)."""
        return self.finished >= self.total or (
            self._cancel.is_set() and (self._thread is None or not self._thread.is_alive())
        )

    def start(self) -> LevelCheckJob:
        """Start the worker thread; return self."""
        self._thread = threading.Thread(target=self._run, name="level-check", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        for path in self.paths:
            if self._cancel.is_set():
                return
            self._queue.put(self._check(path))

    def results(self) -> list[CheckResult]:
        """Return the results that arrived since the last call (never blocks)."""
        found = []
        while True:
            try:
                found.append(self._queue.get_nowait())
            except queue.Empty:
                break
        self.finished += len(found)
        return found

    def cancel(self) -> None:
        """Ask the worker to stop after the current file."""
        self._cancel.set()

    def wait(self, timeout: float = 10.0) -> None:
        """Wait for the worker to end (tests)."""
        if self._thread is not None:
            self._thread.join(timeout)


# ----------------------------------------------------------------------------- base scene
@dataclass
class _Widgets:
    buttons: dict[str, Button] = field(default_factory=dict)
    elements: list[FocusTarget] = field(default_factory=list)  # everything to kill on re-layout
    focus_keys: dict[int, str] = field(default_factory=dict)  # id(element) -> key


class MenuScene(Scene[ResultT]):
    """A scene of the game's controls, with a focus ring, a banner and tool-tips."""

    #: Heading drawn at the top (empty: none).
    heading = ""

    #: The screen's own keys, as data (see :mod:`game.ui.keys`): what each does and what
    #: the F1 page says.  :data:`COMMON_KEYS` follow (Tab, Esc, F1, ...).
    KEYS: ClassVar[tuple[KeyBinding[Any], ...]] = ()

    #: True when F1 opens the page of this screen's keys (full screens; an overlay's few
    #: keys are on its buttons).
    keys_page: ClassVar[bool] = True

    def __init__(self) -> None:
        super().__init__()
        self.control_style: ControlStyle | None = None
        """What the scene's controls draw with (None before enter and after exit)."""
        self.focus = FocusManager()
        self.banner: Banner | None = None
        self._widgets = _Widgets()
        self._focus_key: str | None = None
        self._hint: tuple[pygame.Rect, str] | None = None
        self._pending_banners: list[tuple[str, str]] = []
        self._dim: pygame.Surface | None = None
        self.size = (1280, 720)
        self.page_scroll = 0
        self.page_height = 720
        #: How many times the page was built (entering, resizing, scrolling a tall page).
        self.layouts = 0
        #: The page scroll the widgets were laid out for (``page_scroll`` may be ahead).
        self._laid_scroll = 0

    # -- services ---------------------------------------------------------------------------
    @property
    def services(self) -> Any:
        """Return the app's services (see the module docstring)."""
        assert self.context is not None
        return self.context.services

    @property
    def navigator(self) -> Any:
        """Return the app's navigator."""
        return self.services["navigator"]

    # -- life cycle -------------------------------------------------------------------------
    def enter(self, context: SceneContext) -> None:
        super().enter(context)
        self.fonts = context.fonts
        self.palette = context.palette
        self.banner = Banner(self.fonts)
        for text, kind in self._pending_banners:
            self.banner.show(text, kind)
        self._pending_banners = []
        self.focus = FocusManager(style=FocusRingStyle.from_palette(self.palette))
        self.control_style = ControlStyle(self.fonts, self.palette, TextCache.shared(self.fonts))

    def exit(self) -> None:
        self._remember_focus()
        if self.banner is not None and self.banner.message is not None:
            message = self.banner.message
            self._pending_banners = [(message.text, message.kind)]
        self.focus.focus(None)
        self._kill_widgets()
        self.control_style = None

    def show_banner(self, text: str, kind: str = "info", timeout: float | None = None) -> None:
        """Show a message across the top; the layout makes room for it."""
        if self.banner is None:
            self._pending_banners.append((text, kind))
            return
        was_visible = self.banner.visible
        self.banner.show(text, kind, timeout)
        if not was_visible and self.control_style is not None:
            self.on_resize(self.size)

    # -- widgets ----------------------------------------------------------------------------
    def _kill_widgets(self) -> None:
        for element in self._widgets.elements:
            element.kill()
        self._widgets = _Widgets()

    def track(self, element: _T, key: str | None = None) -> _T:
        """Remember ``element`` (killed on re-layout); ``key`` names it for focus restore."""
        self._widgets.elements.append(element)
        if key is not None:
            self._widgets.focus_keys[id(element)] = key
        return element

    def add_buttons(self, buttons: Mapping[str, Button]) -> None:
        """Track buttons made by :mod:`game.ui.widgets.button_row` under their keys.

        Pressing one (a click, or Enter / Space while focused) calls :meth:`on_button`.
        """
        for key, button in buttons.items():
            self._widgets.buttons[key] = button
            button.on_press = lambda _button, key=key: self._pressed(key)
            self.track(button, key)

    def _pressed(self, key: str) -> None:
        self._focus_key = key
        self.on_button(key)

    def button(self, key: str) -> Button | None:
        """Return the button made under ``key``, or None."""
        return self._widgets.buttons.get(key)

    def built_button(self, key: str) -> Button:
        """Return the button the layout made under ``key`` (KeyError if it made none)."""
        return self._widgets.buttons[key]

    def key_of(self, element: FocusTarget) -> str | None:
        """Return the focus key of an element, or None."""
        return self._widgets.focus_keys.get(id(element))

    def element(self, key: str) -> FocusTarget | None:
        """Return the tracked element with focus key ``key``, or None."""
        for element in self._widgets.elements:
            if self._widgets.focus_keys.get(id(element)) == key:
                return element
        return None

    def _remember_focus(self) -> None:
        focused = self.focus.focused
        if focused is not None:
            self._focus_key = self.key_of(focused)

    def focus_key(self, key: str) -> bool:
        """Move the focus to the element tracked under ``key``."""
        element = self.element(key)
        if element is not None and self.focus.focus(element):
            self._focus_key = key
            return True
        return False

    # -- layout -------------------------------------------------------------------------------
    def content_top(self) -> int:
        """Return the y below the banner (if shown) and the heading (page scroll applied)."""
        top = MARGIN - self.page_scroll
        if self.banner is not None and self.banner.visible:
            top = self.banner.rect().bottom + 12
        self.heading_y = top
        if self.heading:
            top += self.heading_height()
        return top

    def heading_size(self) -> int:
        """Return the heading's design size (at most 48 px on screen at large text)."""
        return max(16, min(32, round(48 / self.fonts.text_scale)))

    def heading_height(self) -> int:
        """Return the height the heading takes with its gap (0 without a heading)."""
        if not self.heading:
            return 0
        lines = len(self._heading_lines(tr(self.heading)))
        return self.fonts.line_height(FontRole.HEADING, self.heading_size()) * lines + 12

    def _heading_lines(self, text: str) -> list[str]:
        """Return the heading wrapped to the window's width (a long title takes two lines)."""
        font = self.fonts.get(FontRole.HEADING, self.heading_size())
        return wrap_text(font, text, self.size[0] - 2 * MARGIN)

    def build_footer(
        self, specs: Sequence[Any], width: int, bottom: int, *, align: str = "left"
    ) -> tuple[dict[str, Button], int]:
        """Build a (wrapping) row of buttons ending at ``bottom``; return them and its top.

        The buttons are tracked under their keys (see :meth:`add_buttons`).
        """
        from game.ui.widgets.button_row import build_row, row_rects

        area = pygame.Rect(MARGIN, 0, width - 2 * MARGIN, 10)
        assert self.control_style is not None  # laid out between enter() and exit()
        bar_h = max(r.bottom for r in row_rects(specs, area, self.fonts, align=align))
        top = bottom - bar_h
        buttons, _ = build_row(
            specs,
            pygame.Rect(MARGIN, top, width - 2 * MARGIN, bar_h),
            self.fonts,
            self.control_style,
            align=align,
        )
        self.add_buttons(buttons)
        return buttons, top

    def footer_height(self, specs: Sequence[Any], width: int) -> int:
        """Return the height a (wrapping) row of buttons needs in ``width``."""
        from game.ui.widgets.button_row import row_rects

        rects = row_rects(specs, pygame.Rect(0, 0, width, 10), self.fonts)
        return max((r.bottom for r in rects), default=0)

    def frame_height(self, width: int, footer_specs: Sequence[Any] = ()) -> int:
        """Return margins + banner + heading + footer: the fixed part of a page's height."""
        footer = self.footer_height(footer_specs, width - 2 * MARGIN) if footer_specs else 0
        return 2 * MARGIN + self.banner_height() + self.heading_height() + footer + 16

    def min_height(self, width: int) -> int:
        """Return the window height the layout needs; a lower window scrolls the whole page."""
        return 0

    def banner_height(self) -> int:
        """Return the height the banner takes (with its gap), 0 when hidden."""
        if self.banner is None or not self.banner.visible:
            return 0
        return self.banner.rect().height + 12

    def on_resize(self, size: tuple[int, int]) -> None:
        if self.control_style is None:
            return
        self.layouts += 1
        self._laid_scroll = self.page_scroll
        self._remember_focus()
        self._kill_widgets()
        self.size = (int(size[0]), int(size[1]))
        if self.banner is not None:
            self.banner.set_area((MARGIN, MARGIN), self.size[0] - 2 * MARGIN)
        needed = self.min_height(self.size[0])  # an overlay too: its panel may scroll
        self.page_height = max(self.size[1], int(needed))
        self.page_scroll = max(0, min(self.page_scroll, self.page_height - self.size[1]))
        self._laid_scroll = self.page_scroll
        if self.banner is not None:
            self.banner.set_area((MARGIN, MARGIN - self.page_scroll), self.size[0] - 2 * MARGIN)
        self.heading_y = MARGIN - self.page_scroll
        if not self.opaque:
            self._dim = pygame.Surface(self.size, pygame.SRCALPHA)
            self._dim.fill((10, 12, 20, 150))
        # A page taller than the window is laid out as if the window were taller and
        # shifted up by the scroll: top-anchored and bottom-anchored parts move together.
        self.layout((self.size[0], self.page_height - self.page_scroll))
        # The focus order is the layout's reading order: nobody keeps a list of it.
        self.focus.set_elements(layout_order(self._widgets.elements))
        restored = self._focus_key is not None and self.focus_key(self._focus_key)
        if not restored:
            self.initial_focus()
        self.reveal_focus()

    @property
    def page_scrollable(self) -> bool:
        """Return True when the window is too small for the page and it scrolls."""
        return self.page_height > self.size[1]

    def scroll_page(self, pixels: int) -> bool:
        """Scroll the whole page by ``pixels``; return True if it moved.

        The page is laid out again at the next :meth:`update`, once however many times
        it scrolled in the frame (a spun mouse wheel sends several turns a frame).
        """
        new = max(0, min(self.page_scroll + int(pixels), self.page_height - self.size[1]))
        if new == self.page_scroll:
            return False
        self.page_scroll = new
        return True

    @property
    def layout_pending(self) -> bool:
        """Return True when the page scrolled since it was last laid out."""
        return self.page_scroll != self._laid_scroll

    def reveal_focus(self) -> None:
        """Scroll the page so the focused element is in the window."""
        rect = self.focus.focus_rect()
        if rect is None or not self.page_scrollable:
            return
        rect = rect.move(0, self._laid_scroll - self.page_scroll)  # where it is after a scroll
        edge = 16
        if rect.height > self.size[1] - 2 * edge or rect.top < edge:
            delta = rect.top - edge
        elif rect.bottom > self.size[1] - edge:
            delta = rect.bottom - (self.size[1] - edge)
        else:
            return
        self.scroll_page(delta)

    def layout(self, size: tuple[int, int]) -> None:
        """Build the widgets for a window of ``size`` (:meth:`track` them).

        The focus order follows from where they are (:func:`layout_order`).
        """

    def initial_focus(self) -> None:
        """Put the focus where a keyboard player starts (default: the first element)."""
        self.focus.focus_next(1)

    # -- input ----------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.control_style is None:
            return False
        if self.banner is not None and self.banner.visible and self.banner.handle_event(event):
            if not self.banner.visible:
                self.on_resize(self.size)  # give the banner's room back
            return True
        keys = self.key_table()
        if run_key(self, keys, event, first=True):
            return True
        if self.focus.handle_event(event):
            self.reveal_focus()
            return True
        if self.focus.dispatch(event):
            return True
        if event.type in _MOUSE_EVENTS:
            for element in list(self._widgets.elements):
                if element.alive() and element.handle_mouse(event):
                    if event.type == pygame.MOUSEBUTTONDOWN and element in self.focus.elements:
                        self.focus.focus(element)  # a click moves the focus there
                    return True
        if run_key(self, keys, event, first=False):
            return True
        if self.on_event(event):
            return True
        if self.page_scrollable and event.type == pygame.MOUSEWHEEL:
            return self.scroll_page(-int(event.y) * self._scroll_step())
        return False

    def key_table(self) -> tuple[KeyBinding[Any], ...]:
        """Return the screen's keys: its own (:attr:`KEYS`), then the common ones it keeps.

        One table: the keys do what it says, and the F1 page lists it.  A common key the
        screen gives its own words for (the same key names) is listed once, as the screen's.
        """
        own = tuple(self.KEYS)
        taken = {name for binding in own for name in binding.names}
        labels = {binding.keys for binding in own}
        common = tuple(
            binding
            for binding in COMMON_KEYS
            if binding.keys not in labels and not taken.intersection(binding.names)
        )
        return own + common

    def open_keys_page(self) -> bool:
        """Open the F1 page: every key of this screen (False: this screen has none)."""
        if not self.keys_page:
            return False
        from game.ui.scenes.keys_page import KeysPageScene

        self.open(KeysPageScene(tr(self.heading or N_("this screen")), self.key_table()))
        return True

    def _scroll_step(self) -> int:
        return self.fonts.line_height(FontRole.BODY, 18) * 3

    def scroll_page_by_key(self, name: str) -> bool:
        """PageUp / PageDown: scroll a page taller than the window (False: it is not)."""
        if not self.page_scrollable:
            return False
        page = self.size[1] - 2 * self._scroll_step()
        self.scroll_page(page if name == "PAGE DOWN" else -page)
        return True

    def on_button(self, key: str) -> None:
        """React to the button made under ``key``."""

    def on_back(self) -> None:
        """React to Esc (default: go back one screen)."""
        self.navigator.back()

    def on_event(self, event: pygame.event.Event) -> bool:
        """React to any other event; return True when used."""
        return False

    # -- frame ----------------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.control_style is None:
            return
        if self.layout_pending:
            self.on_resize(self.size)
        mouse = pygame.mouse.get_pos() if pygame.mouse.get_focused() else None
        for element in self._widgets.elements:
            element.hovered = mouse is not None and element.rect.collidepoint(mouse)
        if self.banner is not None:
            visible = self.banner.visible
            self.banner.update(dt)
            if visible and not self.banner.visible:
                self.on_resize(self.size)
        hint: tuple[FocusTarget, str] | None = None
        if pygame.mouse.get_focused():
            hint = self.focus.hint_at(pygame.mouse.get_pos())
        if hint is None:  # a button whose words were cut shows them whole under the mouse
            hovered = [b for b in self._widgets.buttons.values() if b.hovered and b.description]
            if hovered and hovered[0].description:
                hint = (hovered[0], hovered[0].description)
        if hint is None:  # a disabled element with the keyboard focus says why it is off
            hint = self.focus.focused_reason()
        self._hint = (pygame.Rect(hint[0].rect), hint[1]) if hint else None

    def draw(self, surface: pygame.Surface) -> None:
        if self.control_style is None:
            return
        if self.opaque:
            surface.fill(self.palette.colour("background"))
        elif self._dim is not None:
            surface.blit(self._dim, (0, 0))
        self.draw_back(surface)
        self.draw_front(surface)
        if self._stack is not None and self._stack.top is self:
            self.focus.draw(surface)  # one ring on screen: the top scene's
        if self.banner is not None:
            self.banner.draw(surface, self.palette)
        if self.page_scrollable:
            self._draw_page_bar(surface)
        if self._hint is not None:
            draw_tooltip(
                surface, self._hint[1], self._hint[0], self.fonts, self.palette, self.hint_avoid()
            )

    def hint_avoid(self) -> list[pygame.Rect]:
        """Return the rectangles a tool-tip must not cover: the other controls on screen."""
        return [pygame.Rect(e.rect) for e in self.focus.elements if e.visible]

    def _draw_page_bar(self, surface: pygame.Surface) -> None:
        width, height = self.size
        track = pygame.Rect(width - 10, 4, 6, height - 8)
        pygame.draw.rect(surface, self.palette.colour("surface_alt"), track, border_radius=3)
        thumb_h = max(24, track.height * height // self.page_height)
        span = self.page_height - height
        top = track.top + (track.height - thumb_h) * self.page_scroll // max(1, span)
        thumb = pygame.Rect(track.left, top, track.width, thumb_h)
        pygame.draw.rect(surface, self.palette.colour("border"), thumb, border_radius=3)

    def draw_back(self, surface: pygame.Surface) -> None:
        """Draw what goes under the widgets (heading, panels)."""
        if self.heading:
            self.draw_heading(surface, tr(self.heading))

    def draw_front(self, surface: pygame.Surface) -> None:
        """Draw the widgets (a subclass draws what goes over them after calling this)."""
        for element in self._widgets.elements:
            if element.alive() and element.visible:
                element.draw(surface)

    def draw_heading(self, surface: pygame.Surface, text: str, subtitle: str = "") -> None:
        """Draw the scene heading (and a muted subtitle to its right)."""
        font = self.fonts.get(FontRole.HEADING, self.heading_size())
        lines = self._heading_lines(text)
        y = self.heading_y
        for line in lines:
            rendered = font.render(line, True, self.palette.colour("text"))
            surface.blit(rendered, (MARGIN, y))
            y += font.get_linesize()
        if subtitle and len(lines) == 1:
            small = self.fonts.get(FontRole.BODY, 18)
            sub = small.render(subtitle, True, self.palette.colour("text_muted"))
            x = MARGIN + rendered.get_width() + 16
            if x + sub.get_width() <= self.size[0] - MARGIN:
                y = self.heading_y + rendered.get_height() - sub.get_height() - 4
                surface.blit(sub, (x, y))


def _back(scene: MenuScene[Any], name: str) -> None:
    scene.on_back()


def _keys_page(scene: MenuScene[Any], name: str) -> bool:
    return scene.open_keys_page()


def _page(scene: MenuScene[Any], name: str) -> bool:
    return scene.scroll_page_by_key(name)


def arrow_focus(scene: MenuScene[Any], name: str) -> bool:
    """An arrow the focused control did not use (a button's): move the focus to the
    nearest control that way (``FocusManager.focus_by_arrow``)."""
    if scene.focus.focus_by_arrow(name) is None:
        return False
    scene.reveal_focus()
    return True


COMMON_KEYS: tuple[KeyBinding[Any], ...] = (
    KeyBinding(N_("Tab / Shift+Tab"), N_("move to the next / previous control")),
    KeyBinding(N_("Enter / Space"), N_("press the focused button")),
    KeyBinding(
        N_("Up / Down"),
        N_("pick in a list, scroll a text; on a button, move to the control above / below"),
        ("UP", "DOWN"),
        arrow_focus,
    ),
    KeyBinding(
        N_("Left / Right"),
        N_("move a slider, change an option; on a button, move to the control to the left / right"),
        ("LEFT", "RIGHT"),
        arrow_focus,
    ),
    KeyBinding(
        N_("PageUp / PageDown"),
        N_("scroll the page when it is taller than the window"),
        ("PAGE UP", "PAGE DOWN"),
        _page,
    ),
    KeyBinding(N_("Esc"), N_("go back"), ("ESCAPE",), _back),
    KeyBinding(N_("F1 / ?"), N_("this page: every key of the screen"), ("F1", "?"), _keys_page),
)
"""The keys every menu screen has, after its own on the F1 page."""


class OverlayScene(MenuScene[ResultT]):
    """A panel over the scene below (a dialog, a chooser): the scene below stays visible.

    Opened with ``Scene.open(overlay, then)``; it returns its result with ``dismiss``.
    """

    opaque = False
    keys_page = False

    def request_quit(self) -> bool:
        """Closing the window while this is open: close it and ask the scene below."""
        if self._stack is not None and self.stack.top is self:
            stack = self.stack
            stack.pop()
            return stack.request_quit()
        return True
