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


def build_parser() -> argparse.ArgumentParser:
    """Return the full argument parser with every command group registered."""
    import importlib

    parser = argparse.ArgumentParser(
        prog="common-ground",
        description="Common Ground - a game that trains people to negotiate.",
        parents=[common.global_options(suppress_defaults=False)],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(sub)
        # A group may add options to `python main.py` itself (e.g. the game window's).
        top_level = getattr(module, "add_top_level_options", None)
        if top_level is not None:
            top_level(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    logging.basicConfig(
        level=os.environ.get("COMMON_GROUND_LOG", "WARNING").upper(),
        format="%(levelname)s %(name)s: %(message)s",
    )
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    handler = getattr(args, "handler", None)
    if handler is None:
        from game.cli.play_cmds import start_game

        handler = start_game
    return common.run_handler(handler, args)
