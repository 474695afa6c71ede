"""Command group: play.

* ``python main.py`` opens the title screen;
* ``python main.py play LEVEL`` opens a level's briefing directly (a built-in level id or a
  file path); ``--two-players`` opens it as a role-play for two people at one machine
  (who plays which side first; a level that is not a role-play is refused with one line).  A level with problems prints the same lines as ``validate`` and exits 1
  without opening a window.

Options (for both): ``--levels DIR`` (more custom level folders, repeatable),
``--windowed`` / ``--fullscreen`` (this run only), ``--profile NAME``, ``--seed N`` (the
game's random numbers, for replays); ``--data-dir DIR`` is global.  ``--max-frames N``
(hidden) stops after N frames, for tests and screenshots.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from game.cli.common import CliError, add_command, shown_line

__all__ = ["register", "add_top_level_options", "start_game", "cmd_play", "DEFAULT_PROFILE"]

logger = logging.getLogger(__name__)

DEFAULT_PROFILE = "Player 1"


def _add_game_options(parser: argparse.ArgumentParser, *, suppress_defaults: bool) -> None:
    default = argparse.SUPPRESS if suppress_defaults else None
    parser.add_argument(
        "--levels",
        type=Path,
        action="append",
        default=default,
        metavar="DIR",
        help="another folder of custom level files (repeatable)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--windowed",
        dest="window_mode",
        action="store_const",
        const="windowed",
        default=default,
        help="play in a window this time",
    )
    mode.add_argument(
        "--fullscreen",
        dest="window_mode",
        action="store_const",
        const="fullscreen",
        default=default,
        help="play full screen this time",
    )
    parser.add_argument(
        "--profile", default=default, metavar="NAME", help="play as this profile (made if new)"
    )
    parser.add_argument(
        "--seed", type=int, default=default, metavar="N", help="seed of the game's random numbers"
    )
    parser.add_argument("--max-frames", type=int, default=default, help=argparse.SUPPRESS)


def add_top_level_options(parser: argparse.ArgumentParser) -> None:
    """Add the game window's options to ``python main.py`` itself (no command)."""
    _add_game_options(parser, suppress_defaults=False)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``play`` command."""
    parser = add_command(subparsers, "play", cmd_play, "open a level's briefing in the game window")
    parser.add_argument("level", metavar="LEVEL", help="a built-in level id or a level file")
    parser.add_argument(
        "--two-players",
        action="store_true",
        help="two people at one machine play the level as a role-play (one side each)",
    )
    _add_game_options(parser, suppress_defaults=True)


def start_game(args: argparse.Namespace) -> int:
    """Open the game window on the title screen; return the exit code."""
    return _run_game(args, None)


def cmd_play(args: argparse.Namespace) -> int:
    """Open the game window on a level's briefing; return the exit code."""
    return _run_game(args, args.level)


def _check_pygame() -> None:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        from game.ui.runner import check_pygame_ce
    except ImportError as error:
        raise CliError(
            f"Common Ground needs pygame-ce, which is not installed ({error}).",
            "Run: python -m pip install pygame-ce",
        ) from None
    message = check_pygame_ce()
    if message:
        raise CliError(message)


def _load_level(reference: str):
    """Return the loaded level, or raise LevelError with the validate lines."""
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.levels.problems import LevelError, Problem

    path = resolve_level(reference)
    try:
        return load_level(path)
    except LevelError:
        raise
    except Exception as error:  # a bug in the checks: the same line validate prints
        logger.debug("checking %s failed", path, exc_info=True)
        problem = Problem(
            "(file)",
            f"the level could not be checked ({type(error).__name__}: {error}); please report this",
        )
        raise CliError(problem.line(str(path))) from None


def _role_play_refusal(level) -> str:
    """Return the one line saying why ``level`` cannot be played by two people ("" if it can)."""
    from game.levels.roleplay import refusal

    reason = refusal(level)
    if reason is None:
        return ""
    return f"{level.id} cannot be played by two people: {reason}."


def _run_game(args: argparse.Namespace, level_reference: str | None) -> int:
    two_players = bool(getattr(args, "two_players", False))
    level = None
    if level_reference is not None and two_players:
        level = _load_level(level_reference)  # refused before the window opens
        refused = _role_play_refusal(level)
        if refused:
            raise CliError(refused)
    _check_pygame()
    if level is None and level_reference is not None:
        level = _load_level(level_reference)

    from game.app import AppOptions, open_app
    from game.store import StoreError, resolve_data_dir

    mode = getattr(args, "window_mode", None)
    options = AppOptions(
        data_dir=resolve_data_dir(getattr(args, "data_dir", None)),
        levels_dirs=tuple(getattr(args, "levels", None) or ()),
        fullscreen=None if mode is None else mode == "fullscreen",
        seed=getattr(args, "seed", None),
        profile=getattr(args, "profile", None),
    )
    try:
        app = open_app(options)
    except StoreError as error:  # e.g. another window has the data folder
        raise CliError(*error.user_lines) from None
    try:
        for line in app.store.recovery_messages:
            print(shown_line(f"Note: {line}"), file=sys.stderr)
        route = None
        if level is not None:
            from game.ui.scenes.briefing import BriefingScene
            from game.ui.scenes.title import TitleScene

            if app.profile_name is None and not two_players:
                name = app.store.ensure_profile(DEFAULT_PROFILE)["name"]
                app.select_profile(name)
                print(f"Playing as the new profile {name!r}.", file=sys.stderr)
            if two_players:
                from game.classroom.install import pack_seed
                from game.ui.scenes.roleplay import RolePlayPlayersScene

                seed = pack_seed(app.store.data_dir, level)  # a class plays one scenario
                seed = app.rng.randrange(1 << 31) if seed is None else seed
                route = [TitleScene(), RolePlayPlayersScene(level, seed)]
            else:
                route = [TitleScene(), BriefingScene(level)]
        app.start(route)
        app.run(max_frames=getattr(args, "max_frames", None))
    except StoreError as error:
        raise CliError(*error.user_lines) from None
    finally:
        app.close()
    return 0
