"""A drawing probe: what a screen draws, where, and what a player would call broken.

:func:`recording` patches the game's fonts and ``ellipsize`` (every module that imported
it) so each rendered text surface is known by its words, and each text cut short with an
ellipsis is known with its full words.  :class:`ProbeSurface` is a ``pygame.Surface`` that
remembers every text blitted onto it: the glyphs' box on the screen and the clip area it
was drawn in.  Pictures a screen paints into a surface of its own while drawing (a chart,
a caption) are made probes too (``pygame.Surface`` is a probe while :func:`draw_top` runs),
so their text is seen where the picture lands.  A filled rectangle drawn later hides the
text under it whole (a panel); one that covers part of a text paints over it.  Only the top
scene is drawn (the screen under an overlay is dimmed, and judged on its own).

:func:`problems` then judges a drawn screen as a player would:

* a text cut at the side by its area, or spilling out of the control it is drawn on;
* a text cut with an ellipsis whose full words the screen does not offer (a tool-tip);
* a text off the screen where no scrolling reaches it;
* two texts drawn over each other, or a text partly painted over by a shape;
* two visible controls overlapping, or a control off the screen out of the reach of
  scrolling.
"""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

import pygame

from game.ui import fonts as fonts_module
from game.ui import text as text_module

_RealSurface = pygame.Surface

#: id(surface) -> (surface, words): every text surface rendered while recording.
TEXTS: dict[int, tuple[pygame.Surface, str]] = {}
#: words cut with an ellipsis -> the full words.
CUT: dict[str, str] = {}
_BOUNDS: dict[int, pygame.Rect] = {}


@dataclass
class Drawn:
    """One text as it landed on the screen."""

    text: str
    box: pygame.Rect  # the glyphs' box, unclipped
    clip: pygame.Rect  # where it may show
    covered: bool = False

    @property
    def shown(self) -> pygame.Rect:
        return self.box.clip(self.clip)


class ProbeSurface(_RealSurface):
    """A surface remembering the texts blitted onto it (see the module docstring)."""

    def __init__(self, size, flags=0, *args, **kwargs):
        super().__init__(size, flags, *args, **kwargs)
        self.drawn: list[Drawn] = []
        self.overdrawn: list[tuple[Drawn, pygame.Rect]] = []  # a text partly painted over
        self.hidden: list[tuple[Drawn, pygame.Rect]] = []  # a text painted over whole

    def _clip(self) -> pygame.Rect:
        return pygame.Rect(self.get_clip())

    def cover(self, rect: pygame.Rect) -> None:
        """Mark the texts ``rect`` (drawn over them, filled) hides whole."""
        area = pygame.Rect(rect).clip(self._clip())
        if area.width <= 0 or area.height <= 0:
            return
        for drawn in self.drawn:
            shown = drawn.shown
            if drawn.covered or shown.width <= 0 or shown.height <= 0:
                continue  # already under something, or out of its area's view
            if area.contains(shown):
                drawn.covered = True
                if area.width < self.get_width() or area.height < self.get_height():
                    self.hidden.append((drawn, pygame.Rect(area)))
            elif _overlap(area, shown):
                self.overdrawn.append((drawn, pygame.Rect(area)))

    def fill(self, color, rect=None, special_flags=0):
        result = super().fill(color, rect, special_flags)
        if not special_flags:
            self.cover(pygame.Rect(rect) if rect is not None else self.get_rect())
        return result

    def blit(self, source, dest, area=None, special_flags=0):
        result = super().blit(source, dest, area, special_flags)
        at = (
            pygame.Rect(dest, (0, 0)).topleft if not isinstance(dest, pygame.Rect) else dest.topleft
        )
        shift = pygame.Rect(area).topleft if area is not None else (0, 0)
        window = pygame.Rect(at, pygame.Rect(area).size if area is not None else source.get_size())
        known = TEXTS.get(id(source))
        if known is not None and known[0] is source:
            bounds = _BOUNDS.get(id(source))
            if bounds is None:
                bounds = _BOUNDS[id(source)] = source.get_bounding_rect()
            if bounds.width and bounds.height:
                box = bounds.move(at[0] - shift[0], at[1] - shift[1])
                clip = self._clip() if area is None else self._clip().clip(window)
                self.drawn.append(Drawn(known[1], box, clip))
        elif isinstance(source, ProbeSurface):
            for inner in source.drawn:
                if inner.covered:
                    continue
                box = inner.box.move(at[0] - shift[0], at[1] - shift[1])
                clip = inner.clip.move(at[0] - shift[0], at[1] - shift[1])
                self.drawn.append(Drawn(inner.text, box, clip.clip(self._clip()).clip(window)))
        return result


def _draw_rect(original):
    def draw_rect(surface, color, rect, width=0, *args, **kwargs):
        result = original(surface, color, rect, width, *args, **kwargs)
        if width == 0 and isinstance(surface, ProbeSurface):
            surface.cover(pygame.Rect(rect))
        return result

    return draw_rect


def _ellipsize(original):
    def ellipsize(font, text, width):
        cut = original(font, text, width)
        if cut != text:
            CUT[cut] = text
        return cut

    return ellipsize


@contextlib.contextmanager
def recording() -> Iterator[None]:
    """Know every text rendered and every text cut while the block runs."""
    from game.ui.widgets import document

    render = fonts_module._SafeFont.render

    def render_known(self, text, *args, **kwargs):
        surface = render(self, text, *args, **kwargs)
        if isinstance(text, str):
            TEXTS[id(surface)] = (surface, text)
            _BOUNDS.pop(id(surface), None)
        return surface

    import importlib
    import pkgutil

    import game.ui

    for info in pkgutil.walk_packages(game.ui.__path__, "game.ui."):
        importlib.import_module(info.name)  # every module that may cut words, imported
    original = text_module.ellipsize
    patched = _ellipsize(original)
    with _patching() as patch:
        patch.setattr(fonts_module._SafeFont, "render", render_known)
        for module in list(sys.modules.values()):
            name = getattr(module, "__name__", "")
            if name.startswith("game.ui") and getattr(module, "ellipsize", None) is original:
                patch.setattr(module, "ellipsize", patched)
        patch.setattr(pygame.draw, "rect", _draw_rect(pygame.draw.rect))
        document.forget_layouts()
        try:
            yield
        finally:
            TEXTS.clear()
            CUT.clear()
            _BOUNDS.clear()
            document.forget_layouts()


@contextlib.contextmanager
def _patching():
    import pytest

    patch = pytest.MonkeyPatch()
    try:
        yield patch
    finally:
        patch.undo()


def _forget_pictures(scene) -> None:
    """Make a scene paint its cached pictures again (into probes)."""
    painter = getattr(scene, "painter", None)
    if painter is not None and hasattr(painter, "drop"):
        painter.drop()
    panels = getattr(scene, "_panels", None)
    if isinstance(panels, dict):
        panels.clear()
    if hasattr(scene, "_picture"):
        scene._picture = None


def draw_top(stack) -> ProbeSurface:
    """Draw the top scene of ``stack`` alone onto a probe and return the probe."""
    scene = stack.top
    probe = ProbeSurface(stack.size)
    _forget_pictures(scene)
    hint = getattr(scene, "_hint", None)
    if hint is not None:
        scene._hint = None  # a tool-tip is drawn over controls on purpose
    pygame.Surface = ProbeSurface
    try:
        scene.draw(probe)
    finally:
        pygame.Surface = _RealSurface
        if hint is not None:
            scene._hint = hint
    _forget_pictures(scene)  # the game's own pictures again, not probes
    return probe


# ----------------------------------------------------------------------------- judging
@dataclass
class Page:
    """What the judge needs of a screen besides what it drew."""

    screen: pygame.Rect
    controls: list = field(default_factory=list)
    scroll_height: int = 0  # a page taller than the window: its full height
    scroll_top: int = 0


def _area(rect: pygame.Rect) -> pygame.Rect:
    return pygame.Rect(rect)


def _overlap(a: pygame.Rect, b: pygame.Rect, slack: int = 2) -> bool:
    both = a.clip(b)
    return both.width > slack and both.height > slack


def _shown_rect(control) -> pygame.Rect | None:
    rect = pygame.Rect(control.rect)
    clip = getattr(control, "clip", None)
    if clip is not None:
        rect = rect.clip(clip)
    if rect.width <= 0 or rect.height <= 0:
        return None
    return rect


def page_of(scene, size) -> Page:
    """Return the controls a player sees on ``scene`` and how far its page scrolls."""
    focus = getattr(scene, "focus", None)
    elements = list(getattr(focus, "elements", ()) or ())
    controls = []
    for element in elements:
        if not getattr(element, "visible", True):
            continue
        if hasattr(element, "alive") and not element.alive():
            continue
        if getattr(element, "on_screen", True) is False:
            continue
        if _shown_rect(element) is None:
            continue
        controls.append(element)
    page = Page(pygame.Rect((0, 0), size), controls)
    if getattr(scene, "page_scrollable", False):
        page.scroll_height = scene.page_height
        # where the widgets were laid out (the page may have scrolled since, to the focus)
        page.scroll_top = -getattr(scene, "_laid_scroll", scene.page_scroll)
    return page


def _reachable(rect: pygame.Rect, page: Page) -> bool:
    """Return True when ``rect`` is on the screen or on the part of the page it scrolls to."""
    screen = page.screen
    if screen.contains(rect):
        return True
    if page.scroll_height:
        whole = pygame.Rect(0, page.scroll_top, screen.width, page.scroll_height)
        return whole.contains(rect)
    return False


def _name(control) -> str:
    key = getattr(control, "key", "") or ""
    return f"{type(control).__name__}({key})" if key else type(control).__name__


def _offered(text: str, full: str, at: pygame.Rect, controls) -> bool:
    """Return True when a control under ``at`` shows ``full`` as its tool-tip."""
    for control in controls:
        if not pygame.Rect(control.rect).collidepoint(at.center):
            continue
        for words in (
            getattr(control, "description", None),
            getattr(control, "tool_tip_text", None),
        ):
            if words and full.rstrip("… ") in words:
                return True
    return False


def _typed(drawn: Drawn, controls) -> bool:
    """Return True for the words typed in a text field (it scrolls them to the caret)."""
    return any(
        hasattr(c, "caret") and c.text == drawn.text and c.rect.colliderect(drawn.shown)
        for c in controls
    )


def _text_problems(drawn: Drawn, page: Page) -> list[str]:
    """Return what is wrong with one text in view: cut, off the screen, cut short."""
    found = []
    screen = page.screen
    box, clip = drawn.box, drawn.clip
    if (box.left < clip.left - 1 or box.right > clip.right + 1) and not _typed(
        drawn, page.controls
    ):
        found.append(f"text cut at the side: {drawn.text!r} {tuple(box)} in {tuple(clip)}")
    # Cut by the window's edge (not by a scrolling area inside it) where no scrolling of
    # the page reaches it.
    in_scroll_area = clip != screen and screen.contains(clip) and not clip.contains(box)
    if not _reachable(box, page) and not in_scroll_area:
        found.append(f"text off the screen: {drawn.text!r} at {tuple(box)}")
    full = CUT.get(drawn.text)
    if full is None and drawn.text.endswith(" …"):
        full = drawn.text  # more lines than room: the last one says so
    if full is not None and not _offered(drawn.text, full, box, page.controls):
        found.append(f"text cut with an ellipsis: {drawn.text!r} (of {full!r})")
    return found


def _painted_over(probe: ProbeSurface) -> list[str]:
    """Return the texts a shape drawn later hides whole or in part."""
    found = [
        f"text hidden under a shape: {drawn.text!r} {tuple(drawn.shown)} by {tuple(area)}"
        for drawn, area in probe.hidden
        if drawn.text.strip()
    ]
    found += [
        f"text partly painted over: {drawn.text!r} {tuple(drawn.shown)} by {tuple(area)}"
        for drawn, area in probe.overdrawn
        if not drawn.covered and drawn.text.strip()
    ]
    return found


def _texts_over_texts(visible: list[Drawn]) -> list[str]:
    """Return each pair of texts drawn over each other (a sweep over their left edges)."""
    found = []
    boxes = sorted(((d.shown, d.text) for d in visible), key=lambda item: item[0].left)
    for index, (first, words) in enumerate(boxes):
        for second, other in boxes[index + 1 :]:
            if second.left >= first.right:
                break
            if _overlap(first, second):
                found.append(
                    f"text over text: {words!r} {tuple(first)} / {other!r} {tuple(second)}"
                )
    return found


def _control_problems(visible: list[Drawn], page: Page) -> list[str]:
    """Return controls off the screen or overlapping, and words spilling out of one."""
    found = []
    rects = [(c, _shown_rect(c)) for c in page.controls]
    for control, rect in rects:
        if not _reachable(rect, page) or (
            getattr(control, "clip", None) is not None and not _reachable(control.clip, page)
        ):
            found.append(f"control off the screen: {_name(control)} {tuple(rect)}")
    for (a, ra), (b, rb) in itertools.combinations(rects, 2):
        if _overlap(ra, rb):
            found.append(f"controls overlap: {_name(a)} {tuple(ra)} / {_name(b)} {tuple(rb)}")
    for drawn in visible:
        seen = drawn.shown
        for control, rect in rects:
            whole = pygame.Rect(control.rect)
            if rect.collidepoint(seen.center) and not whole.inflate(2, 2).contains(seen):
                found.append(
                    f"text spills out of {_name(control)} {tuple(whole)}: "
                    f"{drawn.text!r} {tuple(seen)}"
                )
    return found


def problems(probe: ProbeSurface, page: Page) -> list[str]:
    """Return what a player would call broken on the drawn screen (empty: nothing)."""
    visible = []
    for drawn in probe.drawn:
        part = drawn.shown.clip(page.screen)
        if drawn.covered or not drawn.text.strip() or part.width <= 0 or part.height <= 0:
            continue  # under a panel, or out of its area's view (or off a page that scrolls)
        visible.append(drawn)
    found = [f for drawn in visible for f in _text_problems(drawn, page)]
    found += _painted_over(probe)
    found += _texts_over_texts(visible)
    found += _control_problems(visible, page)
    return sorted(set(found), key=found.index)
