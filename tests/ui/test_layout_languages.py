"""Every screen a player can reach, in English and in Spanish, at 100 % and 200 % text, in
the smallest supported window (1024 x 600) and in 1280 x 720: nothing a player would call
broken.

Each screen is drawn onto a probe (``layout_probe``) that knows every text it drew and
where; the judge then finds a label cut at the side or spilling out of its control, a
label cut with an ellipsis whose full words the screen offers nowhere, a text or a
control off the screen out of the reach of scrolling, texts drawn over each other and
controls overlapping.  A page that scrolls is looked at from its top to its end.

One app per language, text size and window walks all the screens (the title with its
profiles and what it opens, the campaign map, custom levels, settings, briefings, the
table with two and with five parties in the layout the window and text size give, every
tab of it, its overlays, the result, the debrief, the loading card and the role-play's
screens), so the module runs in well under a minute.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Callable
from functools import cache

import pygame
import pytest

from game import i18n
from game.engine import PLAYER, Move, MoveKind
from game.levels.catalog import resolve_level
from game.levels.loader import LoadedLevel, load_level
from game.ui.runner import WindowSettings

from .layout_probe import draw_top, page_of, problems, recording

SIZES = [WindowSettings().minimum_size, (1280, 720)]  # the smallest window, and the usual
LANGUAGES = ["en", "es"]
SCALES = [100, 200]
TWO_PARTIES = "market-stall"
FIVE_PARTIES = "climate-accord"  # four characters around the player's seat
B = "nova"


@cache
def level(level_id: str) -> LoadedLevel:
    return load_level(resolve_level(level_id))


@cache
def played(level_id: str, bot: str, seed: int = 0):
    from game.campaign.scoring import score_record
    from game.levels.setup import start_match
    from game.npc.bots import make_bot, play

    loaded = level(level_id)
    match = start_match(loaded, seed=seed)
    play(match, make_bot(bot, match, seed))
    record = match.record()
    return loaded, record, score_record(loaded, record)


class Walk:
    """Opens screen after screen in one app and keeps what the judge found on each."""

    def __init__(self, app, drive, size) -> None:
        self.app = app
        self.drive = drive
        self.size = size
        self.found: dict[str, list[str]] = {}
        self.seen: list[str] = []

    @property
    def top(self):
        return self.app.stack.top

    def frames(self, count: int = 2) -> None:
        self.drive.run(self.app, frames=count)

    def key(self, key: int) -> None:
        self.drive.run(self.app, {0: [self.drive.key(key)]}, frames=3)

    def look(self, name: str) -> None:
        """Judge the screen on top as drawn now."""
        scene = self.top
        probe = draw_top(self.app.stack)
        found = problems(probe, page_of(scene, self.size))
        self.seen.append(name)
        shots = os.environ.get("LAYOUT_SHOTS")  # a folder: keep a picture of each screen
        if shots:
            number = len(self.seen)
            file = re.sub(r"[^\w.-]+", "_", f"{i18n.language()}-{self.size[0]}-{number:03}-{name}")
            scale = round(self.app.settings.text_scale)
            pygame.image.save(probe, os.path.join(shots, f"{scale}-{file}.png"))
        if found:
            self.found.setdefault(name, [])
            self.found[name] += [f for f in found if f not in self.found[name]]

    def check(self, name: str) -> None:
        """Judge the screen on top: as it opens, through every scrolling text of it, and
        (a page taller than the window) at the page's end."""
        self.frames()
        scene = self.top
        self.look(name)
        for element in list(getattr(scene.focus, "elements", ())):
            if getattr(element, "scrollable", False) and hasattr(element, "scroll_to"):
                step = max(40, element.rect.height - 40)
                for at in range(step, element.content_height + step, step):
                    element.scroll_to(at)
                    self.look(f"{name} (scrolled)")
                    if element.scroll < at:
                        break
                element.scroll_to(0)
            elif hasattr(element, "scroll_by") and hasattr(element, "_max_scroll"):  # a list
                for _ in range(8):
                    before = element.scroll
                    element.scroll_by(max(40, element.rect.height - 40))
                    if element.scroll == before:
                        break
                    self.look(f"{name} (list scrolled)")
                element.scroll_by(-(10**6))
        if getattr(scene, "page_scrollable", False):
            # The page's top and end, wherever the keyboard focus is (it would scroll the
            # page back to itself).
            scene.reveal_focus = lambda: None
            try:
                for where, pixels in (("top", -(10**6)), ("end", 10**6)):
                    scene.scroll_page(pixels)
                    self.frames(1)
                    self.look(f"{name} (page {where})")
            finally:
                del scene.reveal_focus
            scene.reveal_focus()
            self.frames(1)

    def overlay(self, name: str, opener: Callable[[], object], required: bool = True) -> None:
        """Open something over the top screen, judge it, close it."""
        below = self.top
        opener()
        self.frames(3)
        if self.top is below and not required:
            return  # nothing to choose from here (a toast says why)
        assert self.top is not below, f"{name} did not open"
        self.check(name)
        while self.top is not below and len(self.app.stack) > 1:
            self.app.stack.pop()
        self.frames(1)

    def keys_page(self, name: str) -> None:
        self.overlay(f"{name}: keys page (F1)", lambda: self.key(pygame.K_F1))


# ----------------------------------------------------------------------------- the screens
def title_and_what_it_opens(walk: Walk, tmp_path) -> None:
    app = walk.app
    app.store.create_profile("Bernardo")
    app.select_profile(None)
    app.rebuild()
    walk.check("title with no profile chosen")
    app.select_profile("Ada")
    app.rebuild()  # the title lists the new profile too
    walk.frames(3)
    title = walk.top
    walk.check("title with profiles")
    walk.overlay("new profile", lambda: title.on_button("new"))

    def taken_name() -> None:  # a name that is taken: the prompt says what is wrong
        title.on_button("new")
        walk.frames(2)
        prompt = walk.top
        prompt.entry.set_text("Ada")
        prompt.submit()
        assert prompt.error

    walk.overlay("new profile: a name that is taken", taken_name)
    walk.overlay("rename profile", lambda: title.on_button("rename"))
    walk.overlay("delete profile: confirmation", lambda: title.on_button("delete"))
    walk.overlay("quit: confirmation", title.on_back)
    walk.keys_page("title")
    folder = tmp_path / "packs"
    (folder / "sub").mkdir(parents=True)
    (folder / "class.cgpack").write_text("not a pack", encoding="utf-8")

    def join() -> None:
        title.on_button("join")
        walk.frames(2)
        walk.top.go(folder)

    join()
    walk.frames(3)
    chooser = walk.top
    walk.check("join a class: file chooser")
    walk.overlay("file chooser: type a path", lambda: chooser.on_button("type"))
    walk.keys_page("file chooser")
    app.stack.pop()
    walk.frames(2)


def campaign_map(walk: Walk) -> None:
    walk.app.navigator.to_campaign()
    walk.frames(3)
    scene = walk.top
    walk.check("campaign map")
    rows = scene.levels.rows
    if len(rows) > 3:
        scene._on_select(rows[3])  # a locked level
        walk.check("campaign map: a locked level")
    walk.keys_page("campaign map")


def custom_levels(walk: Walk, folder) -> None:
    import time

    walk.app.navigator.to_custom_levels()
    scene = walk.top
    deadline = time.monotonic() + 20
    while scene.checking and time.monotonic() < deadline:
        walk.frames(2)
        time.sleep(0.01)
    walk.check("custom levels")
    scene.files_list.select_key(str(folder / "bowl.json"))
    walk.check("custom levels: a level picked")
    scene.files_list.select_key(str(folder / "broken.json"))
    walk.check("custom levels: a broken file picked")
    from game.ui.scenes.custom_levels import NOT_IN_A_CLASS

    scene.show_banner(i18n.tr(NOT_IN_A_CLASS), "warning")  # a message across the top
    walk.check("custom levels: a banner")
    assert scene.banner.visible
    walk.keys_page("custom levels")


def settings(walk: Walk) -> None:
    walk.app.navigator.to_settings()
    walk.frames(3)
    walk.check("settings")
    walk.keys_page("settings")


def briefings(walk: Walk) -> None:
    for level_id in (TWO_PARTIES, FIVE_PARTIES, "tablet-deal"):  # the last: a role-play too
        walk.app.navigator.to_briefing(level(level_id))
        walk.frames(3)
        walk.check(f"briefing {level_id}")
    walk.keys_page("briefing")


def _tabs(scene) -> list[str | None]:
    if scene.state.mode == "wide":
        return [None]
    return ["offer", "moves"] if scene.state.mode == "two" else ["talk", "offer", "moves"]


def _table_views(walk: Walk, name: str) -> None:
    scene = walk.top
    for tab in _tabs(scene):
        if tab is not None:
            scene.set_tab(tab)
        view = f"{name} [{scene.state.mode}{'' if tab is None else ' ' + tab}]"
        walk.check(view)
        for column in scene.layout.columns_on_screen():  # each column through its length
            if not getattr(column, "scrollable", False):
                continue
            for _ in range(8):
                if not column.scroll_by(max(40, column.rect.height - 40)):
                    break
                walk.look(f"{view} ({column.name} scrolled)")
            column.scroll_by(-(10**6))


def table(walk: Walk, level_id: str) -> None:
    from game.ui.table.scene import TableScene

    walk.app.navigator.to_title()
    walk.frames(2)
    scene = TableScene(level(level_id), 7)
    walk.app.stack.push(scene)
    walk.frames(4)
    name = f"table {level_id}"
    _table_views(walk, name)
    # An offer on the table and the answer in the talk; with several parties, one of them
    # picked to talk to alone.
    scene.press_propose()
    walk.frames(6)
    chips = [chip for chip in scene.controls.chips if chip.party is not None]
    if chips:
        chips[0].on_select(chips[0])
        walk.frames(3)
    _table_views(walk, f"{name}: an offer made")
    from game.ui.widgets.move_menu import MOVES

    # Every chooser of the level's moves, the weights of "restate their interests" and the
    # walk-away confirmation.
    specs = {spec.key: spec for spec in scene.controls.menu.specs}
    specs.update({spec.key: spec for spec in MOVES if spec.key in ("restate", "walk")})
    for key, spec in specs.items():
        walk.overlay(
            f"{name}: {key} chooser",
            lambda spec=spec: scene.choosers.open(spec),
            required=key in ("ask_why", "restate", "walk"),
        )
    walk.overlay(f"{name}: keys and moves", scene.open_help)
    walk.overlay(f"{name}: pause menu", scene.open_pause)
    walk.overlay(f"{name}: quit confirmation", scene.request_quit)
    scene.play(Move(MoveKind.WALK_AWAY, PLAYER))
    walk.frames(10)
    _table_views(walk, f"{name}: result")
    walk.app.stack.pop()
    walk.frames(2)


def debriefs(walk: Walk) -> None:
    from game.ui.scenes.debrief import DebriefScene

    for level_id, bot in ((TWO_PARTIES, "haggler"), (FIVE_PARTIES, "integrator")):
        loaded, record, score = played(level_id, bot, 3)
        scene = DebriefScene(loaded, record, score)
        walk.app.stack.push(scene)
        walk.frames(3)
        walk.check(f"debrief {level_id}")
        if scene.button("other") is not None:
            scene.on_button("other")
            walk.check(f"debrief {level_id}: compared with another party")
        if scene.points:
            scene.jump_to_point(1)
            walk.check(f"debrief {level_id}: a point of the replay")
        walk.keys_page(f"debrief {level_id}")
        walk.app.stack.pop()
        walk.frames(2)


def loading_card(walk: Walk) -> None:
    from game.ui.loading import SHOW_AFTER_S, BackgroundWorker, LoadingScene, run_loading

    gate = threading.Event()
    run_loading(
        walk.app.stack,
        BackgroundWorker(),
        lambda: gate.wait(10),
        message=i18n.tr("Setting the table\u2026"),
        then=lambda _result: None,
        failed=lambda _error: None,
    )
    assert isinstance(walk.top, LoadingScene)
    walk.app.stack.update(SHOW_AFTER_S + 0.01)
    walk.look("loading card")
    gate.set()
    walk.drive.settle(walk.app)


def role_play(walk: Walk) -> None:
    from game.roleplay.debrief import joint_debrief
    from game.ui.scenes.roleplay import (
        HandOverScene,
        RolePlay,
        RolePlayBriefScene,
        RolePlayPlayersScene,
    )
    from game.ui.scenes.roleplay_debrief import RolePlayDebriefScene
    from game.ui.scenes.roleplay_turn import RolePlayTurnScene

    tablet = level("tablet-deal")
    stack = walk.app.stack
    stack.push(RolePlayPlayersScene(tablet, 5))
    walk.check("role-play: players")
    walk.keys_page("role-play: players")
    stack.pop()
    play = RolePlay(tablet, {PLAYER: "Ada", B: "Bernardo"}, seed=5)
    stack.push(HandOverScene(play, B))
    walk.check("role-play: hand-over")
    stack.pop()
    stack.push(RolePlayBriefScene(play, B))
    walk.check("role-play: brief")
    stack.pop()
    play.briefed = {PLAYER, B}
    turn = RolePlayTurnScene(play, B)
    stack.push(turn)
    walk.check("role-play: turn")
    walk.keys_page("role-play: turn")
    walk.overlay("role-play: offer form", lambda: turn.press_move("offer"))
    walk.overlay("role-play: pick an issue", lambda: turn.press_move("ask_why"))
    walk.overlay("role-play: claim", lambda: turn.press_move("claim"))
    walk.overlay("role-play: walk away confirmation", lambda: turn.press_move("walk"))
    turn.send(Move(MoveKind.ASK_PRIORITIES, B))  # a talk move keeps the turn
    walk.key(pygame.K_o)
    walk.key(pygame.K_p)  # an offer passes it
    assert isinstance(walk.top, HandOverScene)
    stack.pop()
    answering = RolePlayTurnScene(play, PLAYER)
    stack.push(answering)
    walk.check("role-play: turn with a question")
    walk.overlay("role-play: answer form", lambda: answering.answer(0))
    stack.pop()
    assert play.match.play(Move(MoveKind.WALK_AWAY, PLAYER)).ok
    stack.push(HandOverScene(play, None))
    walk.check("role-play: hand-over to the joint debrief")
    stack.pop()
    stack.push(RolePlayDebriefScene(play, joint_debrief(play.match), "Saved."))
    walk.check("role-play: joint debrief")
    stack.pop()
    walk.frames(2)


# ----------------------------------------------------------------------------- the test
SCREENS = (
    "title with profiles",
    "title with no profile chosen",
    "new profile",
    "new profile: a name that is taken",
    "rename profile",
    "delete profile: confirmation",
    "quit: confirmation",
    "title: keys page (F1)",
    "join a class: file chooser",
    "file chooser: type a path",
    "file chooser: keys page (F1)",
    "campaign map",
    "campaign map: a locked level",
    "custom levels",
    "custom levels: a banner",
    "settings",
    "settings: keys page (F1)",
    f"briefing {TWO_PARTIES}",
    f"briefing {FIVE_PARTIES}",
    "briefing tablet-deal",
    f"table {TWO_PARTIES} [",
    f"table {FIVE_PARTIES} [",
    f"table {FIVE_PARTIES}: an offer made [",
    f"table {TWO_PARTIES}: ask_why chooser",
    f"table {TWO_PARTIES}: restate chooser",
    f"table {FIVE_PARTIES}: restate chooser",
    f"table {TWO_PARTIES}: walk chooser",
    f"table {TWO_PARTIES}: keys and moves",
    f"table {TWO_PARTIES}: pause menu",
    f"table {TWO_PARTIES}: quit confirmation",
    f"table {TWO_PARTIES}: result [",
    f"table {FIVE_PARTIES}: result [",
    f"debrief {TWO_PARTIES}",
    f"debrief {FIVE_PARTIES}: compared with another party",
    f"debrief {FIVE_PARTIES}: keys page (F1)",
    "loading card",
    "role-play: players",
    "role-play: hand-over",
    "role-play: brief",
    "role-play: turn",
    "role-play: turn: keys page (F1)",
    "role-play: offer form",
    "role-play: pick an issue",
    "role-play: claim",
    "role-play: walk away confirmation",
    "role-play: turn with a question",
    "role-play: answer form",
    "role-play: hand-over to the joint debrief",
    "role-play: joint debrief",
)
"""The screens each walk must have looked at (a name, or the start of one)."""


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{screen}:\n  " + "\n  ".join(lines) for screen, lines in found.items())


@pytest.fixture
def english_after():
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES, ids=lambda s: f"text{s}")
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_screen_is_broken(make_app, drive, tmp_path, english_after, language, scale, size):
    levels_dir = tmp_path / "levels"
    levels_dir.mkdir()
    shutil.copy(resolve_level(TWO_PARTIES), levels_dir / "bowl.json")
    (levels_dir / "broken.json").write_text("{", encoding="utf-8")
    with recording():
        app = make_app(
            profile="Ada",
            size=size,
            levels_dirs=[levels_dir],
            text_scale=scale,
            language=language,
        )
        assert i18n.language() == language
        walk = Walk(app, drive, size)
        title_and_what_it_opens(walk, tmp_path)
        campaign_map(walk)
        custom_levels(walk, levels_dir)
        settings(walk)
        briefings(walk)
        table(walk, TWO_PARTIES)
        table(walk, FIVE_PARTIES)
        debriefs(walk)
        loading_card(walk)
        role_play(walk)
    for screen in SCREENS:  # every screen was reached and looked at
        assert any(seen.startswith(screen) for seen in walk.seen), screen
    # The table's three layouts, between the windows and text sizes: wide, two columns
    # with tabs, one column with tabs.
    mode = "one" if scale == 200 else "wide" if size == (1280, 720) else "two"
    for level_id in (TWO_PARTIES, FIVE_PARTIES):
        assert any(seen.startswith(f"table {level_id} [{mode}") for seen in walk.seen), mode
    assert not walk.found, _report(walk.found)


# ----------------------------------------------------------------------------- the judge
def _settings_walk(make_app, drive) -> Walk:
    app = make_app(profile="Ada", size=(1024, 600), text_scale=200, language="es")
    app.navigator.to_settings()
    walk = Walk(app, drive, (1024, 600))
    walk.frames(3)
    return walk


def test_the_judge_catches_an_over_long_label(make_app, drive, english_after):
    with recording():
        walk = _settings_walk(make_app, drive)
        walk.look("settings as built")
        assert walk.found == {}
        scene = walk.top
        button = next(b for b in scene._widgets.buttons.values() if b.on_screen)
        assert pygame.Rect(0, 0, 1024, 600).contains(button.rect)
        long = "Volver a la pantalla anterior sin cambiar nada de lo que hay aquí"
        button.set_text(long)
        walk.look("a label too long")
        found = walk.found["a label too long"]
        assert any("ellipsis" in f and long in f for f in found), found
        button.description = long  # the full words offered as the tool-tip: not broken
        walk.found.clear()
        walk.look("the words as its tool-tip")
        assert walk.found == {}


def test_the_judge_catches_overlapping_and_unreachable_controls(make_app, drive, english_after):
    with recording():
        walk = _settings_walk(make_app, drive)
        scene = walk.top
        back = scene.button("back")
        others = [e for e in scene.focus.elements if e is not back and e.visible]
        back.rect = pygame.Rect(others[0].rect.move(10, 4))
        walk.look("two controls on each other")
        found = walk.found["two controls on each other"]
        assert any(f.startswith("controls overlap") for f in found), found
        back.rect = pygame.Rect(1030, 100, 200, 60)  # right of the window: no scrolling there
        walk.look("a control off the screen")
        found = walk.found["a control off the screen"]
        assert any(f.startswith("control off the screen") for f in found), found


def test_the_judge_catches_text_spilling_out_of_its_control(display, context):
    from game.ui.widgets.controls import Button, ControlStyle
    from game.ui.widgets.text_cache import TextCache

    from .layout_probe import Page, ProbeSurface

    with recording():
        style = ControlStyle(context.fonts, context.palette, TextCache(context.fonts))
        button = Button(style, "ok", "OK")
        button.place(pygame.Rect(100, 100, 120, 44))
        probe = ProbeSurface((400, 300))
        button.draw(probe)
        page = Page(pygame.Rect(0, 0, 400, 300), [button])
        assert problems(probe, page) == []
        words = context.fonts.get("body", 40).render("Aceptar", True, (0, 0, 0))
        probe.blit(words, (110, 96))  # a label taller and wider than its button
        found = problems(probe, page)
        assert any(f.startswith("text spills out of Button(ok)") for f in found), found
        assert any(f.startswith("text over text") for f in found), found
        # Half below the window's edge, where nothing scrolls: cut by the window.
        probe = ProbeSurface((400, 300))
        probe.blit(words, (20, 280))
        found = problems(probe, Page(pygame.Rect(0, 0, 400, 300)))
        assert any(f.startswith("text off the screen: 'Aceptar'") for f in found), found
        # A box drawn later over the words: in part, or whole (a list laid over a hint).
        probe = ProbeSurface((400, 300))
        probe.blit(words, (20, 100))
        probe.fill((255, 255, 255), pygame.Rect(60, 90, 200, 80))
        found = problems(probe, Page(pygame.Rect(0, 0, 400, 300)))
        assert any(f.startswith("text partly painted over: 'Aceptar'") for f in found), found
        pygame.draw.rect(probe, (255, 255, 255), pygame.Rect(0, 80, 300, 100))
        found = problems(probe, Page(pygame.Rect(0, 0, 400, 300)))
        assert any(f.startswith("text hidden under a shape: 'Aceptar'") for f in found), found
        # The same inside a scrolling area: the area cuts it, scrolling shows the rest.
        probe = ProbeSurface((400, 300))
        probe.set_clip(pygame.Rect(10, 200, 300, 90))
        probe.blit(words, (20, 270))
        assert problems(probe, Page(pygame.Rect(0, 0, 400, 300))) == []


def test_the_walk_catches_a_translation_too_long_for_its_place(
    make_app, drive, english_after, monkeypatch
):
    """A Spanish word for a table tab far longer than any real one: the walk reports it."""
    long = "Tu oferta para la otra parte, con todo lo que pides y lo que das a cambio"

    class Longer:
        def __init__(self, catalogue):
            self.catalogue = catalogue

        def gettext(self, message):
            return long if message in ("Offers", "Your offer") else self.catalogue.gettext(message)

        def __getattr__(self, name):
            return getattr(self.catalogue, name)

    with recording():
        app = make_app(profile="Ada", size=(1024, 600), text_scale=200, language="es")
        monkeypatch.setattr(i18n, "_current", Longer(i18n._current))
        walk = Walk(app, drive, (1024, 600))
        table(walk, TWO_PARTIES)
    found = [f for lines in walk.found.values() for f in lines]
    assert any("ellipsis" in f and long in f for f in found), found
