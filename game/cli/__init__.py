"""The command line: `python main.py COMMAND ...`, `python -m game ...` and `common-ground ...`.

Each command group lives in its own module with a ``register(subparsers)`` function that adds
its sub-commands; every sub-command's handler takes the parsed ``argparse.Namespace`` and
returns an exit code.  Errors meant for the user are raised as :class:`CliError` (or one of
the domain errors that carry ``user_lines``) and printed as one line each — never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

import game
from game.cli import common

__all__ = ["main", "build_parser"]

# Command groups, in the order they appear in --help.
_COMMAND_MODULES = (
    "game.cli.play_cmds",
    "game.cli.level_cmds",
    "game.cli.author_cmds",
    "game.cli.npc_cmds",
    "game.cli.store_cmds",
    "game.cli.class_cmds",
)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes are one line and exit 1, like every other error.

    argparse prints a usage block and exits 2; the README promises one line and exit 1, so a
    usage mistake reads like the rest: what is wrong, and how to see the options.
    """

    def error(self, message: str):  # noqa: D102 - argparse's hook
        text = " ".join(message.split())
        self.exit(1, f"{self.prog}: {text}; add --help to see the options\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the full argument parser with every command group registered."""
    import importlib

    parser = _Parser(
        prog="common-ground",
        description="Common Ground - a game that trains people to negotiate.",
        parents=[common.global_options(suppress_defaults=False)],
    )
    parser.add_argument("--version", action="version", version=f"common-ground {game.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(sub)
        # A group may add options to `python main.py` itself (e.g. the game window's).
        top_level = getattr(module, "add_top_level_options", None)
        if top_level is not None:
            top_level(parser)
    return parser


class _NotGameOnly(Exception):
    """The arguments are more than the game window's options (a command, help, an error)."""


class _GameOptionsParser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: D102 - let the full parser word the error
        raise _NotGameOnly(message)


def _game_window_args(argv: list[str]) -> argparse.Namespace | None:
    """Parse ``python main.py [OPTIONS]`` (no command) without the command modules.

    Opening the game is what most runs do, and its start-up is timed: registering every
    command group would import level, store and classroom code the title screen does not
    need.  Returns None when ``argv`` holds a command, asks for help or has a mistake:
    the full parser then handles it as always.
    """
    if any(arg.startswith(("-h", "--h")) for arg in argv):
        return None
    from game.cli import play_cmds

    parser = _GameOptionsParser(
        add_help=False, parents=[common.global_options(suppress_defaults=False)]
    )
    play_cmds.add_top_level_options(parser)
    try:
        args, extra = parser.parse_known_args(argv)
    except _NotGameOnly:
        return None
    if extra:
        return None
    args.command = None
    return args


def _tolerant_output() -> None:
    """Let text the terminal's encoding can't show come out as replacement characters.

    A console or pipe that is not UTF-8 (``LC_ALL=C``, an old Windows code page) would
    otherwise stop a command with a traceback at the first name in another script.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # None without a console
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a stream that can't change: leave it
                pass


def _as_text(argument: str) -> str:
    """Return an argument the locale could not decode (``LC_ALL=C``) read as UTF-8 if it is."""
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept by Python as lone surrogates
        try:
            return os.fsencode(argument).decode("utf-8")
        except (UnicodeError, ValueError):
            return argument
    return argument


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    logging.basicConfig(
        level=os.environ.get("COMMON_GROUND_LOG", "WARNING").upper(),
        format="%(levelname)s %(name)s: %(message)s",
    )
    _tolerant_output()
    arguments = [_as_text(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    args = _game_window_args(arguments)
    if args is None:
        args = build_parser().parse_args(arguments)
    handler = getattr(args, "handler", None)
    if handler is None:
        from game.cli.play_cmds import start_game

        handler = start_game
    return common.run_handler(handler, args)
