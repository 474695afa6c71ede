"""Shared pieces of the command line: global options, user-facing errors, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


class CliError(Exception):
    """An error for the person at the keyboard: each line is printed as it is, exit code 1."""

    def __init__(self, *lines: str, exit_code: int = 1) -> None:
        super().__init__("\n".join(lines))
        self.user_lines = list(lines)
        self.exit_code = exit_code


def global_options(*, suppress_defaults: bool = True) -> argparse.ArgumentParser:
    """Options every command accepts (before or after the command name)."""
    parent = argparse.ArgumentParser(add_help=False)
    default = argparse.SUPPRESS if suppress_defaults else None
    parent.add_argument(
        "--data-dir",
        type=Path,
        default=default,
        metavar="DIR",
        help="where profiles, saves and custom levels live "
        "(default: the user data folder, or $COMMON_GROUND_HOME)",
    )
    return parent


def add_command(
    subparsers: argparse._SubParsersAction,
    name: str,
    handler: Callable[[argparse.Namespace], int],
    help_text: str,
    **kwargs: Any,
) -> argparse.ArgumentParser:
    """Add a sub-command that also accepts the global options; return its parser."""
    kwargs.setdefault("description", help_text)
    parser = subparsers.add_parser(name, help=help_text, parents=[global_options()], **kwargs)
    parser.set_defaults(handler=handler)
    return parser


#: The longest error line printed: a message that repeats a value from a hostile file (a
#: 200,000-character name) shows its start and its length.
LONGEST_LINE = 1000


def shown_line(line: str) -> str:
    """Return an error line as printed: one line (control characters escaped), clipped."""
    from game.levels.problems import clip, one_line

    return clip(one_line(line), LONGEST_LINE)


def run_handler(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Call a command handler, turning user-facing errors into lines on stderr and an exit code."""
    try:
        return int(handler(args) or 0)
    except CliError as error:
        for line in error.user_lines:
            print(shown_line(line), file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # e.g. `... | head`: the reader left, which is fine
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except Exception as error:  # a domain error that knows how to describe itself
        lines = getattr(error, "user_lines", None)
        if lines:
            for line in lines:
                print(shown_line(line), file=sys.stderr)
            return int(getattr(error, "exit_code", 1))
        return _unexpected(error)


#: The start of the line printed for an error no code path foresaw (tests look for it).
UNEXPECTED = "common-ground: unexpected error"


def _unexpected(error: Exception) -> int:
    """Print one line for an error nothing described (never a traceback); return 1.

    A file or folder the system refused is said as such; anything else is a bug, named as
    one, with how to see where it happened.
    """
    import logging

    from game.levels.problems import one_line

    logging.getLogger("game.cli").debug("unexpected error", exc_info=error)
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        reason = error.strerror or type(error).__name__
        print(one_line(f"common-ground: cannot use{where}: {reason}"), file=sys.stderr)
        return 1
    detail = one_line(f"{type(error).__name__}: {error}")[:300]
    print(
        f"{UNEXPECTED} ({detail}); this is a bug: run again with COMMON_GROUND_LOG=debug to "
        "see where it happened",
        file=sys.stderr,
    )
    return 1


def print_json(value: Any) -> None:
    """Print a value as indented JSON on stdout."""
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


def print_table(rows: Iterable[Iterable[Any]], headers: Iterable[str]) -> None:
    """Print rows as a plain left-aligned text table (control characters in a cell, e.g. a
    profile name from a hand-edited save, are written as escapes, never sent raw)."""
    from game.levels.problems import clip, one_line

    header = [str(h) for h in headers]
    body = [[clip(one_line(str(c)), 60) for c in row] for row in rows]
    widths = [len(h) for h in header]
    for row in body:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=False)]
    for row in [header, ["-" * w for w in widths], *body]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)).rstrip())
