"""Authoring commands: new-level writes a valid, playable starting point from a template."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from game.cli.common import CliError, add_command
from game.levels.templates import TEMPLATE_NAMES


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add new-level."""
    parser = add_command(
        subparsers, "new-level", cmd_new_level, "write a new level file from a template"
    )
    parser.add_argument("--template", choices=TEMPLATE_NAMES, required=True)
    parser.add_argument("--out", type=Path, required=True, metavar="FILE")
    parser.add_argument("--id", dest="level_id", help="level id (default: from the file name)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def cmd_new_level(args: argparse.Namespace) -> int:
    """Write a template level and check it with the same loader as `validate`."""
    from game.levels.loader import load_level_bytes
    from game.levels.templates import template
    from game.store.output import check_output, write_output

    out: Path = args.out
    check_output(out, replace=args.force)
    level_id = args.level_id or re.sub(r"[^a-z0-9]+", "-", out.stem.lower()).strip("-")[:40]
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", level_id or ""):
        raise CliError(
            f"{level_id!r} is not a valid level id: use lower-case letters, digits and '-'"
        )
    data = template(args.template, level_id)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    load_level_bytes(text.encode("utf-8"), str(out), out.parent)
    write_output(out, text.encode("utf-8"), replace=args.force)
    print(
        f"{out}: a new {args.template} level '{level_id}'. Edit the fields marked 'EDIT ME', then run:"
    )
    print(f"  python main.py validate {out}")
    print(f"  python main.py analyze {out}")
    print(f"  python main.py play {out}")
    return 0
