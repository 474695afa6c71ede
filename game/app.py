"""The game application: wires the store, the levels, the scenes and a seeded RNG.

This is the one module that sees every package.  Importing it does no work and opens no
window; :func:`open_app` opens the save store, :meth:`App.start` opens the window with the
first scenes and :meth:`App.run` runs the main loop.

Scenes reach what they need through ``context.services`` (a read-only mapping, see
:class:`Services`) and move between screens through the :class:`Navigator` in it; they
never import this module.

Usage (what ``python main.py`` does)::

    app = open_app(AppOptions(data_dir=resolve_data_dir(None)))
    try:
        app.start()
        app.run()
    finally:
        app.close()
"""

from __future__ import annotations

import gc
import logging
import os
import random
import signal
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from game.i18n import tr

if TYPE_CHECKING:  # the types only: importing these would slow the start
    import pygame

    from game.campaign.lesson_replay import Coaching
    from game.campaign.scoring import Score
    from game.engine.record import MatchRecord
    from game.levels.loader import LoadedLevel
    from game.npc.match import MatchConfig
    from game.store import Store
    from game.ui.assets import AssetPaths
    from game.ui.fonts import FontCache
    from game.ui.loading import BackgroundWorker, Job
    from game.ui.runner import EventSource, Runner, RunResult
    from game.ui.scene import Scene, SceneContext, SceneStack
    from game.ui.scenes.common import PlayerSettings
    from game.ui.sound import SoundBoard
    from game.ui.speech import Speaker

__all__ = ["AppOptions", "App", "Services", "Navigator", "open_app"]

logger = logging.getLogger(__name__)

Size = tuple[int, int]
T = TypeVar("T")


@dataclass(frozen=True)
class AppOptions:
    """How to start: data folder, extra level folders, window mode, seed, first profile."""

    data_dir: Path
    levels_dirs: tuple[Path, ...] = ()
    fullscreen: bool | None = None  # None: the profile's setting
    seed: int | None = None
    profile: str | None = None
    window_size: Size = (1280, 720)
    preload: bool = True  # import the later screens' code while the title is shown
    manage_gc: bool = True  # keep the garbage collector out of busy frames (App.manage_gc)


class Services(Mapping[str, Any]):
    """What scenes may use, as a read-only mapping and as attributes.

    Keys: ``store``, ``profile_name``, ``navigator``, ``levels_dirs``, ``rng``,
    ``settings``, ``sound`` (the :class:`~game.ui.sound.SoundBoard`), ``speech`` (the
    :class:`~game.ui.speech.Speaker`: characters' lines read aloud).  Methods:
    :meth:`select_profile`, :meth:`update_settings`, :meth:`take_recovery_messages`,
    :meth:`prepare_text_scale`.
    """

    KEYS = (
        "store",
        "profile_name",
        "navigator",
        "levels_dirs",
        "rng",
        "settings",
        "sound",
        "speech",
    )

    def __init__(self, app: App) -> None:
        self._app = app

    def __getitem__(self, key: str) -> Any:
        if key not in self.KEYS:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.KEYS)

    def __len__(self) -> int:
        return len(self.KEYS)

    @property
    def store(self) -> Store:
        """Return the save store."""
        return self._app.store

    @property
    def profile_name(self) -> str | None:
        """Return the chosen profile's name, or None."""
        return self._app.profile_name

    @property
    def navigator(self) -> Navigator:
        """Return the navigator (screen changes)."""
        return self._app.navigator

    @property
    def levels_dirs(self) -> tuple[Path, ...]:
        """Return the folders holding the player's own level files (data folder first)."""
        return self._app.levels_dirs

    @property
    def rng(self) -> random.Random:
        """Return the game's seeded random number generator."""
        return self._app.rng

    @property
    def settings(self) -> PlayerSettings:
        """Return the PlayerSettings in force."""
        return self._app.settings

    @property
    def sound(self) -> SoundBoard:
        """Return the sound board (``play(cue)``; silent when sound is off)."""
        return self._app.sound

    @property
    def speech(self) -> Speaker:
        """Return the speaker (characters' lines read aloud; silent while voices are off)."""
        return self._app.speech

    def select_profile(self, name: str | None) -> None:
        """Make ``name`` the chosen profile and apply its settings (may rebuild every scene)."""
        self._app.select_profile(name)

    def update_settings(self, **changes: Any) -> PlayerSettings:
        """Change settings (text_scale, palette, sound, fullscreen), save them, apply them."""
        return self._app.update_settings(**changes)

    def take_recovery_messages(self) -> list[str]:
        """Return the store's repair messages the first time it is called, then nothing."""
        return self._app.take_recovery_messages()

    def prepare_text_scale(self, percent: int) -> Iterator[None]:
        """Return steps that ready a text size before it is applied (one per quiet frame)."""
        return self._app.prepare_text_scale(percent)


class Navigator:
    """Moves between screens on the current scene stack.

    The stack usually reads: title → campaign map (or custom levels) → briefing; the
    negotiation table replaces the briefing and the debrief replaces the table, so
    :meth:`back` from the debrief returns to the map.
    """

    def __init__(self, app: App) -> None:
        self._app = app

    @property
    def stack(self) -> SceneStack:
        """Return the scene stack in use."""
        return self._app.stack

    def _top_banner(self, text: str, kind: str = "warning") -> None:
        top = self.stack.top
        if top is not None and hasattr(top, "show_banner"):
            top.show_banner(text, kind)
        else:
            logger.warning("%s", text)

    def _pop_to(self, scene_type: type) -> bool:
        """Pop until a scene of ``scene_type`` is on top; return False if there is none."""
        return self.stack.pop_to(lambda scene: isinstance(scene, scene_type))

    def to_title(self) -> None:
        """Go back to the title screen."""
        from game.ui.scenes.title import TitleScene

        self._app.checkpoint()
        if not self._pop_to(TitleScene):
            self.stack.clear()
            self.stack.push(TitleScene())

    def to_campaign(self) -> None:
        """Show the campaign map (the one on the stack, or a new one above the title)."""
        from game.ui.scenes.campaign_map import CampaignMapScene
        from game.ui.scenes.title import TitleScene

        self._app.checkpoint()
        if self._pop_to(CampaignMapScene):
            return
        # Back to the title without laying it out again: the map goes on top of it now.
        if not self.stack.pop_to(lambda scene: isinstance(scene, TitleScene), resume=False):
            self.stack.clear()
            self.stack.push(TitleScene())
        self.stack.push(CampaignMapScene())

    def continue_campaign(self) -> None:
        """Open the campaign map and the briefing of the suggested next level (the class's
        next level first, for a profile in a class)."""
        from game.ui.scenes.common import campaign_overview, class_lead

        self.to_campaign()
        lead = class_lead(self._app.store, self._app.profile_name)
        if lead is not None:
            self.open_level_file(lead.level.path, lead.label)
            return
        profile = self._app.current_profile()
        suggested = campaign_overview(profile).suggested
        if suggested is not None:
            self.open_level_file(suggested.path, suggested.title)

    def open_level_file(self, path: Path, title: str | None = None) -> None:
        """Load a level file and show its briefing; on a problem show its lines in a banner.

        Loading (and, the first time, importing the level schema and the engine) runs off
        the game's thread behind a loading card, so the window never freezes.
        """

        def work() -> LoadedLevel:
            from game.levels.loader import load_level

            level = load_level(path)
            level.analysis  # noqa: B018 - computed here, off the game's thread
            import game.ui.scenes.briefing  # noqa: F401 - imported here too

            return level

        def failed(error: BaseException) -> None:
            lines = getattr(error, "user_lines", None)
            if lines:
                self._top_banner(" ".join(lines[:3]), "error")
                return
            logger.warning("opening %s failed", path, exc_info=error)
            self._top_banner(
                tr("{file} could not be opened ({error})").format(
                    file=Path(path).name, error=f"{type(error).__name__}: {error}"
                ),
                "error",
            )

        if title:
            words = tr("Opening {title}\u2026").format(title=title)
        else:
            words = tr("Opening the level\u2026")
        self._load(work, words, self.to_briefing, failed)

    def _load(
        self,
        work: Callable[[], T],
        message: str,
        then: Callable[[T], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run ``work`` off the game's thread (a loading card if it takes a while), then ``then``."""
        from game.ui.loading import run_loading

        run_loading(self.stack, self._app.worker, work, message=message, then=then, failed=failed)

    def to_briefing(self, level: LoadedLevel) -> None:
        """Show the briefing of a loaded level on top of the current screen."""
        from game.ui.scenes.briefing import BriefingScene

        self.stack.push(BriefingScene(level))

    def start_negotiation(self, level: LoadedLevel, seed: int | None = None) -> None:
        """Open the negotiation table for ``level`` (replacing the briefing).

        The first table of a run imports the NPCs and the table's widgets: off the
        game's thread, behind a loading card when it takes a while.
        """

        if self._app.profile_name is None:
            self._top_banner(tr("Pick a profile on the title screen first"), "warning")
            return

        def work() -> None:
            import game.classroom.install  # noqa: F401 - a class's seed (pack_seed)
            import game.ui.scenes.debrief  # noqa: F401 - what "play again" replaces
            import game.ui.table.scene  # noqa: F401 - imported here, used below

            level.analysis  # noqa: B018

        def failed(error: BaseException) -> None:
            logger.warning("the negotiation table is not available", exc_info=error)
            self._top_banner(tr("The negotiation table is not available"), "warning")

        self._load(
            work, tr("Setting the table\u2026"), lambda _: self._sit_down(level, seed), failed
        )

    def _sit_down(self, level: LoadedLevel, seed: int | None) -> None:
        """Put the table on the stack (its module was imported by start_negotiation's work)."""
        from game.ui.scenes.briefing import BriefingScene
        from game.ui.scenes.debrief import DebriefScene
        from game.ui.table.scene import TableScene

        if seed is None and self._app.store is not None:
            from game.classroom.install import pack_seed

            seed = pack_seed(self._app.store.data_dir, level)  # a class plays one scenario
        seed = self._app.rng.randrange(1 << 31) if seed is None else int(seed)
        logger.info("negotiation %s with seed %d", getattr(level, "id", "?"), seed)
        scene = TableScene(level, seed)
        # From the briefing, or "play again" from the debrief: the table takes its place.
        if isinstance(self.stack.top, BriefingScene | DebriefScene):
            self.stack.replace(scene)
        else:
            self.stack.push(scene)

    def to_debrief(
        self,
        level: LoadedLevel,
        record: MatchRecord | Mapping[str, Any],
        score: Score,
        config: MatchConfig | None = None,
    ) -> None:
        """Show the debrief of a finished negotiation (replacing the table).

        The coaching (what the player did, and the lesson player's replay from the weakest
        moment, with ``config``: the match's own NPCs and memories) is worked out off the
        game's thread while "Looking back..." shows.
        """

        def work() -> Coaching | None:
            from game.campaign.lesson_replay import coaching_for
            from game.ui.scenes import debrief  # noqa: F401 - imported off the game's thread

            try:
                return coaching_for(level, record, config=config)
            except Exception:  # the debrief goes on without the coaching
                logger.warning("the coaching could not be worked out", exc_info=True)
                return None

        def then(coaching: Coaching | None) -> None:
            from game.campaign.lesson_replay import Coaching
            from game.ui.scenes.debrief import DebriefScene

            self._app.checkpoint()
            self.stack.replace(
                DebriefScene(level, record, score, coaching=coaching or Coaching((), None))
            )

        def failed(error: BaseException) -> None:  # pragma: no cover - the work logs
            logger.warning("the debrief is not available", exc_info=error)

        self._load(work, tr("Looking back\u2026"), then, failed)

    def to_role_play(
        self,
        level: LoadedLevel,
        *,
        profiles: Mapping[str, str] | None = None,
        replace: bool = False,
    ) -> None:
        """Show who plays which side of a role-play of ``level`` (two people at one machine).

        ``profiles``: the people chosen last time, by party id; ``replace``: take the
        current screen's place (play again from the joint debrief).
        """
        from game.ui.scenes.roleplay import RolePlayPlayersScene

        seed = None
        if self._app.store is not None:
            from game.classroom.install import pack_seed

            seed = pack_seed(self._app.store.data_dir, level)  # a class plays one scenario
        seed = self._app.rng.randrange(1 << 31) if seed is None else int(seed)
        scene = RolePlayPlayersScene(level, seed, dict(profiles or {}))
        if replace:
            self.stack.replace(scene)
        else:
            self.stack.push(scene)

    def to_role_play_debrief(self, play: Any) -> None:
        """Save a finished role-play in both profiles and show the joint debrief (replacing
        the screen on top).  Saving and working out the debrief run off the game's thread."""

        def work() -> tuple[Any, str]:
            from game.finish import save_role_play
            from game.roleplay.debrief import joint_debrief
            from game.store import StoreError
            from game.ui.scenes import roleplay_debrief  # noqa: F401 - imported off the thread

            names = " and ".join(play.profiles[party] for party in play.match.sides)
            try:
                save_role_play(self._app.store, play.profiles, play.match)
                saved = f"Saved in the histories of {names}."
            except StoreError as error:
                saved = "The result could not be saved: " + " ".join(error.user_lines)
            return joint_debrief(play.match), saved

        def then(result: tuple[Any, str]) -> None:
            from game.ui.scenes.roleplay_debrief import RolePlayDebriefScene

            self._app.checkpoint()
            debrief, saved = result
            self.stack.replace(RolePlayDebriefScene(play, debrief, saved))

        def failed(error: BaseException) -> None:
            logger.warning("the joint debrief is not available", exc_info=error)
            self._top_banner(tr("The joint debrief is not available (see the log)"), "error")

        self._load(work, tr("Looking back\u2026"), then, failed)

    def to_custom_levels(self) -> None:
        """Show the player's own level files."""
        from game.ui.scenes.custom_levels import CustomLevelsScene

        if self._pop_to(CustomLevelsScene):
            return
        self.stack.push(CustomLevelsScene())

    def to_settings(self) -> None:
        """Show the settings."""
        from game.ui.scenes.settings import SettingsScene

        self.stack.push(SettingsScene())

    def back(self) -> None:
        """Leave the current screen (the title screen stays)."""
        self._app.checkpoint()
        if len(self.stack) > 1:
            self.stack.pop()

    def quit(self) -> None:
        """Save what is pending and close the game after this frame."""
        self._app.checkpoint()
        self.stack.request_exit()


#: The garbage of a change of screen is collected once the player has pressed nothing for
#: this long (the new screen up: see App._after_frame)...
COLLECT_WHEN_QUIET_S = 0.2
#: ...or, a player pressing keys all the while, this long after the new screen was up.
COLLECT_BY_S = 5.0

#: What :meth:`App.preload` imports, in order (the order a player meets them).
PRELOADED_MODULES = (
    "game.ui.scenes.campaign_map",
    "game.levels.loader",
    "game.ui.scenes.briefing",
    "game.levels.setup",
    "game.ui.table.scene",
    "game.classroom.install",
    "game.ui.scenes.debrief",
)


class App:
    """The running game: store, settings, RNG, the window and its scene stack."""

    def __init__(
        self,
        store: Store,
        *,
        levels_dirs: Sequence[Path] = (),
        rng: random.Random | None = None,
        profile_name: str | None = None,
        fullscreen: bool | None = None,
        window_size: Size = (1280, 720),
        assets: AssetPaths | None = None,
        preload: bool = False,
        manage_gc: bool = False,
    ) -> None:
        from game.ui.scenes.common import PlayerSettings

        self.store = store
        self.levels_dirs = tuple(Path(p) for p in levels_dirs)
        self.rng = rng or random.Random()
        self.navigator = Navigator(self)
        self.services = Services(self)
        self.window_size = window_size
        self._assets = assets
        self._window_override = fullscreen
        self._recovery = list(getattr(store, "recovery_messages", []) or [])
        self._rebuilding = False
        self.runner: Runner | None = None
        self._sound: SoundBoard | None = None  # made when first asked for (see sound)
        self._speech: Speaker | None = None  # made when first asked for (see speech)
        self._worker: BackgroundWorker | None = None
        self._font_caches: dict[tuple[Path, float], FontCache] = {}
        self._preload = preload
        self._preload_job: Job | None = None
        self.manage_gc = manage_gc
        self._gc_frozen = False
        #: A change of screen left garbage to collect (see _after_frame).
        self._collect_pending = False
        #: Seconds of frames since the new screen was up, the garbage not yet collected.
        self._collect_waited = 0.0
        self._fullscreen_applied = False
        self.profile_name: str | None = None
        self.settings = PlayerSettings()
        self.profile_name = self._initial_profile(profile_name)
        if self.profile_name is not None:
            self.settings = self._profile_settings(self.profile_name)
        from game import i18n

        i18n.set_language(self.settings.language)

    # -- profiles and settings ----------------------------------------------------------------
    def _initial_profile(self, wanted: str | None) -> str | None:
        profiles = self.store.list_profiles()
        if wanted is not None:
            for summary in profiles:
                if summary["name"].casefold() == wanted.strip().casefold():
                    return summary["name"]
            return self.store.create_profile(wanted)["name"]
        if not profiles:
            return None
        latest = max(profiles, key=lambda p: (p.get("last_played") or "", p.get("created") or ""))
        return latest["name"]

    def _profile_settings(self, name: str) -> PlayerSettings:
        from game.store import StoreError
        from game.ui.scenes.common import PlayerSettings

        try:
            return PlayerSettings.from_store(self.store.get_profile(name).get("settings"))
        except StoreError:
            return PlayerSettings()

    def current_profile(self) -> dict | None:
        """Return the chosen profile's document, or None."""
        from game.store import StoreError

        if self.profile_name is None:
            return None
        try:
            return self.store.get_profile(self.profile_name)
        except StoreError:
            return None

    @property
    def sound(self) -> SoundBoard:
        """Return the sound board, made at first use; the mixer opens at the first cue."""
        if self._sound is None:
            from game.ui.sound import SoundBoard

            self._sound = SoundBoard(enabled=lambda: bool(self.settings.sound), volume=self._volume)
        return self._sound

    @sound.setter
    def sound(self, board: SoundBoard) -> None:
        self._sound = board

    @property
    def speech(self) -> Speaker:
        """Return the speaker, made at first use; its engine starts with the first line."""
        if self._speech is None:
            from game.ui.speech import Speaker

            self._speech = Speaker(enabled=lambda: bool(self.settings.voices), volume=self._volume)
        return self._speech

    @speech.setter
    def speech(self, speaker: Speaker) -> None:
        self._speech = speaker

    def _read_aloud_key(self, event: pygame.event.Event) -> bool:
        """F6 on any screen: speak the focused control and the last line said."""
        import pygame

        if event.type != pygame.KEYDOWN or event.key != pygame.K_F6:
            return False
        from game.ui.speech import read_aloud, spoken_label

        top = self.stack.top if self.runner is not None else None
        focus = getattr(top, "focus", None)
        words = [spoken_label(getattr(focus, "focused", None))]
        last = self.speech.last_line
        if last is not None:
            words.append(last[0])
        read_aloud(self.services, ". ".join(w for w in words if w))
        return True

    def _volume(self) -> float:
        """Return the chosen profile's sound volume (0-1; the store's default without one)."""
        sound = ((self.current_profile() or {}).get("settings") or {}).get("sound")
        volume = sound.get("volume", 0.8) if isinstance(sound, Mapping) else 0.8
        return float(volume) if isinstance(volume, int | float) else 0.8

    def take_recovery_messages(self) -> list[str]:
        """Return the store's repair messages once."""
        messages, self._recovery = self._recovery, []
        return messages

    def select_profile(self, name: str | None) -> None:
        """Choose a profile and apply its settings."""
        self.profile_name = name
        if name is not None:
            self._apply(self._profile_settings(name))

    def update_settings(self, **changes: Any) -> PlayerSettings:
        """Apply and remember setting changes; return the new PlayerSettings."""
        from game.store import StoreError

        new = replace(self.settings, **changes)
        if "fullscreen" in changes:
            self._window_override = None  # the player's choice wins over --windowed
        if self.profile_name is not None:
            try:
                self.store.update_settings(self.profile_name, **new.store_changes())
            except StoreError as error:
                self.navigator._top_banner(" ".join(error.user_lines), "error")
        self._apply(new)
        return new

    def _apply(self, new: PlayerSettings) -> None:
        from game import i18n

        old = self.settings
        self.settings = new
        language_changed = i18n.language() != i18n.set_language(new.language) or (
            old.language != new.language
        )
        if not new.sound and self._sound is not None:
            self._sound.stop()  # switched off (or a profile without sound): silence now
        if not new.voices and self._speech is not None:
            self._speech.stop()
        if self.runner is None:
            return
        if (old.text_scale, old.palette) != (new.text_scale, new.palette) or language_changed:
            self.rebuild()
        self.apply_window_mode()

    def fullscreen_wanted(self) -> bool:
        """Return whether the window should be full screen now."""
        if self._window_override is not None:
            return self._window_override
        return bool(self.settings.fullscreen)

    # -- window and scenes ----------------------------------------------------------------------
    def _font_cache(self, assets: AssetPaths, scale: float) -> FontCache:
        """Return the font cache for ``scale`` (one per text size for the app's life)."""
        from game.ui.fonts import FontCache

        key = (assets.fonts, scale)
        fonts = self._font_caches.get(key)
        if fonts is None:
            fonts = self._font_caches[key] = FontCache(assets.fonts, scale)
        return fonts

    def prepare_text_scale(self, percent: int) -> Iterator[None]:
        """Ready text size ``percent`` a step at a time: its common fonts.

        Each step is a few milliseconds, for a frame with nothing else to do (the settings
        screen runs them while the text-size slider rests), so that the frame which then
        rebuilds every screen at that size finds the glyphs drawn.
        """
        from game.ui.assets import AssetPaths

        assets = self._assets or AssetPaths.default()
        scale = percent / 100
        fonts = self._font_cache(assets, scale)
        while fonts.warm_step():
            yield

    def make_context(self) -> SceneContext:
        """Return a SceneContext for the current settings with these services."""
        from game.ui.assets import AssetPaths
        from game.ui.scene import SceneContext
        from game.ui.theme import palette_by_name

        assets = self._assets or AssetPaths.default()
        # One font cache per text size: going back to a size keeps its fonts and glyphs.
        return SceneContext(
            fonts=self._font_cache(assets, self.settings.scale),
            palette=palette_by_name(self.settings.palette),
            assets=assets,
            services=self.services,
        )

    @property
    def stack(self) -> SceneStack:
        """Return the scene stack in use."""
        assert self.runner is not None, "App.start() opens the window first"
        return self.runner.stack

    def start(self, route: Sequence[Scene] | None = None) -> None:
        """Open the window and push the first scenes (default: the title screen)."""
        from game.ui.runner import Runner, WindowSettings
        from game.ui.scene import SceneStack
        from game.ui.scenes.title import TitleScene

        settings = WindowSettings(size=self.window_size)
        self.runner = Runner(SceneStack(self.make_context(), settings.size), settings)
        self.runner.after_step.append(self._after_frame)
        self.runner.before_scenes.append(self._read_aloud_key)
        self.runner.open()
        self.apply_window_mode()
        for scene in route or [TitleScene()]:
            self.stack.push(scene)

    def apply_window_mode(self) -> None:
        """Switch the window between full screen and windowed to match the settings."""
        if self.runner is None:
            return
        wanted = self.fullscreen_wanted()
        if wanted == self._fullscreen_applied:
            return
        window = self.runner.window
        try:
            if wanted:
                window.set_fullscreen(desktop=True)
            else:
                window.set_windowed()
        except Exception as error:  # pygame.error on drivers without full screen
            logger.warning("cannot change the window mode: %s", error)
            return
        self._fullscreen_applied = wanted

    def rebuild(self) -> None:
        """Re-create the context (fonts, palette) and re-enter the scenes on it.

        Text scale and palette changes re-lay every screen out with new fonts: nothing
        rendered is ever scaled.  Scenes keep their own state across the re-entry; the
        ones hidden under the current screen re-enter when they come back into view.
        """
        if self.runner is None or self._rebuilding:
            return
        self._rebuilding = True
        try:
            old = self.runner.stack
            scenes = list(old)
            for scene in reversed(scenes):
                scene.exit()
            stack = old.successor(self.make_context())
            self.runner.stack = stack
            stack.adopt(scenes)
        finally:
            self._rebuilding = False

    def run(
        self,
        *,
        max_frames: int | None = None,
        events: EventSource | None = None,
        fixed_dt: float | None = None,
        on_frame: Callable[[int, pygame.Surface], None] | None = None,
    ) -> RunResult:
        """Run the main loop until the game is closed; save what is pending; return how it ended."""
        assert self.runner is not None, "call start() first"
        with on_sigterm(self.runner.request_shutdown):
            try:
                return self.runner.run(
                    max_frames=max_frames, events=events, fixed_dt=fixed_dt, on_frame=on_frame
                )
            finally:
                self.checkpoint()

    def settle(self, timeout: float = 60.0) -> None:
        """Run frames until the screen is built and what the player typed is handled.

        For scripts and tests: a change of screen is built over the frames after it (the
        player's input waits meanwhile), and work behind a loading card runs off the
        game's thread; this waits for both, so what they lead to (a briefing, the table)
        is on screen.  Raises ``TimeoutError``.
        """
        import pygame

        from game.ui.loading import LoadingScene

        assert self.runner is not None, "call start() first"
        for _ in range(1000):
            top = self.stack.top
            if isinstance(top, LoadingScene):
                if not top.job.wait(timeout):
                    raise TimeoutError(f"{top.message!r} did not finish in {timeout} s")
            elif self.runner.idle and not pygame.event.peek():
                return
            # What the game posted to itself comes too.
            self.runner.step(1 / 60, pygame.event.get())
        raise TimeoutError("the screen kept changing")

    @property
    def worker(self) -> BackgroundWorker:
        """Return the background worker (loading, preloading), started on first use."""
        if self._worker is None:
            from game.ui.loading import BackgroundWorker

            self._worker = BackgroundWorker()
        return self._worker

    def preload(self) -> Job:
        """Import the code of the later screens in the background; return the job.

        Started once the title screen is on screen: by the time the player picks a
        level, the level schema, the engine, the NPCs and the table are usually loaded.
        """
        from game.ui.loading import import_modules

        self._preload_job = self.worker.submit(import_modules(PRELOADED_MODULES), "preload")
        self.speech.check_in_background()  # ready for the settings screen
        return self._preload_job

    def _after_frame(self, changed: bool) -> None:
        """After each frame: start preloading after the first; manage the collector.

        Python's cyclic garbage collector is kept out of the frames that answer the player.

        A full collection walks every object alive; with the level schema, numpy and
        pygame loaded that is 50 ms or more, long enough to drop frames.  So, once
        the title screen is up and the later screens' code is loaded, everything alive
        is frozen (``gc.freeze``: never walked again; reference counting still frees
        it).  The garbage a screen leaves behind (widgets with callbacks and NPC state
        machines hold reference cycles) is collected once the new screen is built and
        drawn, when the player has pressed nothing for COLLECT_WHEN_QUIET_S (reading the
        new screen): it still takes 30-100 ms on a slow machine (walking what the screens
        made since, and freeing the old one), a pause no one sees in a still screen.  A
        player who never stops gets it after COLLECT_BY_S all the same, so memory stays
        bounded.
        """
        if self._preload:  # the first frame is drawn: load the rest meanwhile
            self._preload = False
            self.preload()
        if not self.manage_gc:
            return
        runner = self.runner
        if changed:
            self._collect_pending = True
            self._collect_waited = 0.0
            return
        if self._collect_pending and runner is not None:
            self._collect_waited += runner.last_dt
            quiet = min(runner.quiet_s, self._collect_waited) >= COLLECT_WHEN_QUIET_S
            if quiet or self._collect_waited >= COLLECT_BY_S:
                self._collect_pending = False
                gc.collect()
        if not self._gc_frozen and not self._preload:
            job = self._preload_job
            if job is None or job.done:
                gc.freeze()
                self._gc_frozen = True

    def checkpoint(self) -> None:
        """Write every pending change to disk (errors are shown, never raised)."""
        from game.store import StoreError

        try:
            self.store.flush()
        except StoreError as error:
            logger.warning("saving failed: %s", error)
            if self.runner is not None and len(self.runner.stack):
                self.navigator._top_banner(" ".join(error.user_lines), "error")

    def close(self) -> None:
        """Close the window and the store (flushing it); safe to call twice."""
        try:
            if self._sound is not None:
                self._sound.close()
            if self._speech is not None:
                self._speech.close()
            if self.runner is not None:
                self.runner.close()
                self.runner = None
        finally:
            self.store.close()


@contextmanager
def on_sigterm(handler: Callable[..., None]) -> Iterator[None]:
    """Call ``handler`` on SIGTERM while in the block (then put the old handler back).

    SDL turns SIGTERM into a window close, which mid-negotiation asks "Quit Common
    Ground?" and waits: a logout or a shutdown would then kill the game with nothing kept.
    Only the main thread may set a handler; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def open_app(options: AppOptions) -> App:
    """Open the store in ``options.data_dir`` and return the App (no window yet).

    Raises ``StoreLockedError`` when another copy of the game uses the folder.
    """
    from game.store import levels_dir, open_store

    store = open_store(options.data_dir)
    try:
        own_levels = levels_dir(options.data_dir)
        try:
            own_levels.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            logger.warning("cannot create %s: %s", own_levels, error)
        seed = options.seed if options.seed is not None else int.from_bytes(os.urandom(4), "big")
        logger.info("random seed %d", seed)
        dirs = [own_levels, *[Path(d) for d in options.levels_dirs if Path(d) != own_levels]]
        return App(
            store,
            levels_dirs=dirs,
            rng=random.Random(seed),
            profile_name=options.profile,
            fullscreen=options.fullscreen,
            window_size=options.window_size,
            preload=options.preload,
            manage_gc=options.manage_gc,
        )
    except BaseException:
        store.close()
        raise
