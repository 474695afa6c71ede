"""Command group: play (being built)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this group's sub-commands."""


def start_game(args: argparse.Namespace) -> int:
    """Start the game window."""
    from game.cli.common import CliError

    raise CliError(
        "The game window is not built yet: try `python main.py --help` for the commands."
    )
