"""Command group: saves — `profiles`, `history`, `profile export|import`, `doctor`.

Reading commands open the data folder read-only (no lock), so they work while the game is
open.  Writing commands take the lock and refuse cleanly when another copy holds it.
Messages about damaged files and what was recovered go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.cli.common import CliError, add_command, print_json, print_table, shown_line

if TYPE_CHECKING:
    from game.store import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this group's sub-commands."""
    listing = add_command(
        subparsers, "profiles", _profiles, "list profiles with sessions played, stars and badges"
    )
    listing.add_argument("--json", action="store_true", help="print the profiles as JSON")

    history = add_command(
        subparsers, "history", _history, "list finished negotiations, newest first"
    )
    history.add_argument("--profile", metavar="NAME", help="only this profile's negotiations")
    history.add_argument("--limit", type=int, metavar="N", help="show at most N negotiations")
    history.add_argument("--json", action="store_true", help="print the stored records as JSON")

    profile = add_command(
        subparsers, "profile", _profile_usage, "move a profile between machines (export, import)"
    )
    profile.set_defaults(handler=lambda args: _profile_usage(args, profile))
    actions = profile.add_subparsers(dest="profile_action", metavar="ACTION")
    export = add_command(
        actions, "export", _export, "write a profile, its NPC memories and history to one file"
    )
    export.add_argument("name", metavar="NAME", help="the profile to export")
    export.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    imp = add_command(
        actions, "import", _import, "add a profile from a file made by `profile export`"
    )
    imp.add_argument("file", type=Path, metavar="FILE", help="the exported profile file")
    imp.add_argument(
        "--as", dest="rename_to", metavar="NEW_NAME", help="import under another profile name"
    )

    add_command(
        subparsers,
        "doctor",
        _doctor,
        "check the data folder (files, versions, backups, lock) and repair what can be repaired",
    )


def _data_dir(args: argparse.Namespace) -> Path:
    from game.store import resolve_data_dir

    return resolve_data_dir(getattr(args, "data_dir", None))


def _open(args: argparse.Namespace, *, read_only: bool, report: bool = True) -> Store:
    from game.store import open_store

    store = open_store(_data_dir(args), read_only=read_only)
    if report:
        for line in store.recovery_messages:
            print(shown_line(line), file=sys.stderr)
    return store


def lost_details(lost: dict[str, tuple[int, list[str]]]) -> str:
    """Return ``Ada: 20 in saves/.../000000.json; Bo: ...`` for the records that could not be read."""
    return "; ".join(
        f"{name}: {count} in {', '.join(parts)}" for name, (count, parts) in lost.items()
    )


def _profiles(args: argparse.Namespace) -> int:
    with _open(args, read_only=True) as store:
        summaries = store.list_profiles()
    if args.json:
        print_json(summaries)
        return 0
    if not summaries:
        print(f"No profiles yet in {_data_dir(args)}.")
        return 0
    rows = [
        (
            s["name"],
            f"{s['sessions']} ({s['unreadable_sessions']} unreadable)"
            if s.get("unreadable_sessions")
            else s["sessions"],
            s["stars"],
            _shorten(", ".join(s["badges"]) or "-", 30),
            s["xp"],
            s["streak"],
            _local(s["last_played"]),
        )
        for s in summaries
    ]
    print_table(rows, ["NAME", "SESSIONS", "STARS", "BADGES", "XP", "STREAK", "LAST PLAYED"])
    return 0


def _history(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        raise CliError("--limit must be at least 1.")
    with _open(args, read_only=True) as store:
        records = store.history(args.profile, limit=args.limit)
        lost = store.unreadable_history(args.profile)
    if lost:
        count = sum(n for n, _ in lost.values())
        print(
            f"{count} finished negotiation(s) could not be read and are not listed "
            f"({lost_details(lost)}).",
            file=sys.stderr,
        )
    if args.json:
        print_json(records)
        return 0
    if not records:
        print("No finished negotiations yet." if not lost else "No readable finished negotiations.")
        return 0
    rows = [
        (
            _local(r.get("finished_at")),
            r["profile"],
            f"{r.get('level_id')} v{r.get('level_version')}",
            "deal" if r.get("agreement") not in (None, False) else "no deal",
            _stars(r.get("stars")),
            r.get("id", "")[:8],
        )
        for r in records
    ]
    print_table(rows, ["FINISHED", "PROFILE", "LEVEL", "RESULT", "STARS", "ID"])
    return 0


def _profile_usage(args: argparse.Namespace, parser: argparse.ArgumentParser | None = None) -> int:
    raise CliError(
        "Say what to do with a profile: `profile export NAME --out FILE` or `profile import FILE`"
        " (add --help to see the options)."
    )


def _export(args: argparse.Namespace) -> int:
    from game.store.output import check_output

    out: Path = args.out
    check_output(out, replace=args.force)
    with _open(args, read_only=True) as store:
        store.export_profile(args.name, out, replace=args.force)
        name = store.get_profile(args.name)["name"]
        sessions = store.session_count(name)
        npcs = len(store.relationships(name))
    print(
        f"Exported profile {name!r} ({sessions} finished negotiation(s), "
        f"{npcs} NPC relationship(s)) to {out}."
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    with _open(args, read_only=False) as store:
        name = store.import_profile(args.file, rename_to=args.rename_to)
        sessions = store.session_count(name)
        npcs = len(store.relationships(name))
    print(
        f"Imported profile {name!r} ({sessions} finished negotiation(s), "
        f"{npcs} NPC relationship(s)) from {args.file}."
    )
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from game.store import StoreLockedError

    if not _data_dir(args).exists():  # nothing to check, and nothing to create
        with _open(args, read_only=True, report=False) as store:
            for line in store.doctor():
                print(line)
        return 0
    try:
        store = _open(args, read_only=False, report=False)
    except StoreLockedError as error:
        print(f"{error.user_lines[0]} Checking read-only; nothing will be repaired.")
        store = _open(args, read_only=True, report=False)
    with store:
        for line in store.doctor():
            print(line)
    return 0


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _local(text: Any) -> str:
    if not isinstance(text, str):
        return "-"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def _stars(value: Any) -> str:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else "-"
