"""Command group: class packs, results export and the class debrief.

* ``class new --name NAME --levels ID_OR_PATH... --out PACK.cgpack`` makes a class pack
  (``--seed S``, ``--hints on|off``, ``--round-limit N``, ``--code CODE``, ``--force``);
* ``class join PACK.cgpack [--profile NAME]`` installs it and gives the profile a
  pseudonymous student id; ``class list`` shows the installed classes;
* ``class results PACK.cgpack results*.csv --out NEW.cgpack`` hands the class's results
  back: the same pack (format 2) with every student's negotiations, without names, so each
  student's debrief ranks a deal among the class's once they install it with ``class join``;
* ``export --out results.csv [--class NAME] [--profile NAME]`` writes one CSV row per
  finished negotiation;
* ``report results*.csv --out report.html [--pack PACK.cgpack]`` merges exports into one
  self-contained HTML debrief.

See docs/classroom.md.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from datetime import UTC, datetime
from pathlib import Path

from game import i18n
from game.cli.common import CliError, add_command, print_table, shown_line

__all__ = [
    "register",
    "cmd_class_new",
    "cmd_class_join",
    "cmd_class_list",
    "cmd_class_results",
    "cmd_export",
    "cmd_report",
]

DEFAULT_PROFILE = "Player 1"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``class`` (new, join, list), ``export`` and ``report``."""
    group = add_command(
        subparsers,
        "class",
        _class_help,
        "class packs: make one, join a class, list classes, hand the results back",
    )
    commands = group.add_subparsers(dest="class_command", metavar="SUBCOMMAND")
    group.set_defaults(class_parser=group)

    new = add_command(commands, "new", cmd_class_new, "make a class pack for students")
    new.add_argument("--name", required=True, help="the class's name, e.g. 'Negotiation 101'")
    new.add_argument(
        "--levels",
        nargs="+",
        required=True,
        metavar="ID_OR_PATH",
        help="built-in level ids or level files, in the order students see them",
    )
    new.add_argument("--out", type=Path, required=True, metavar="PACK.cgpack")
    new.add_argument(
        "--seed", type=int, metavar="S", help="the seed every student plays with (default: random)"
    )
    new.add_argument(
        "--hints",
        choices=("on", "off"),
        help="show every hint (on) or none (off); default: as each level says",
    )
    new.add_argument(
        "--round-limit",
        type=int,
        metavar="N",
        help="rounds before time runs out, for every level (default: each level's own)",
    )
    new.add_argument(
        "--seats",
        type=int,
        metavar="N",
        help="give the class N seats, each with an easy-to-say student id (no two sound "
        "alike), and write a printable roster; students pick their seat when joining",
    )
    new.add_argument(
        "--roster",
        type=Path,
        metavar="FILE.html",
        help="where the roster goes with --seats (default: next to the pack, PACK-roster.html)",
    )
    new.add_argument(
        "--role-play",
        dest="role_plays",
        action="append",
        default=[],
        metavar="LEVEL",
        help="play this level of the pack as a role-play: two students at one machine, one "
        "a side (repeatable; the level id as in --levels)",
    )
    new.add_argument(
        "--pairs",
        action="store_true",
        help="with --seats and --role-play: pair the seats in roster order (1 with 2, 3 with "
        "4, ...; the first of a pair plays side A); without it students pair themselves",
    )
    new.add_argument("--code", help="the class code (default: from the name, e.g. NEG-101-3F2A)")
    new.add_argument("--force", action="store_true", help="overwrite an existing pack file")

    join = add_command(commands, "join", cmd_class_join, "join a class from its pack file")
    join.add_argument("pack", type=Path, metavar="PACK.cgpack")
    join.add_argument(
        "--profile",
        metavar="NAME",
        help="the profile that joins (made if new; default: the only one)",
    )
    join.add_argument(
        "--seat",
        metavar="SEAT",
        help="for a class with seats: your seat's number or id on the teacher's roster "
        "(default: the next seat no profile on this computer has taken)",
    )

    add_command(commands, "list", cmd_class_list, "list the classes installed here")

    results = add_command(
        commands,
        "results",
        cmd_class_results,
        "hand the class's results back to the students in the pack",
        description=(
            "Make a copy of a class pack that carries the class's results, from the students' "
            "exports (python main.py export, or Hand in results in the game). Students install "
            "it like the first pack (class join, or Join a class in the game); their progress "
            "and student ids stay, and from then on each debrief of a class level ranks the "
            "deal among the class's deals for the same level, role by role, with the class "
            "median. The results carry no names and no student ids: only each negotiation's "
            "outcome, what it was worth to each side, and its record id (so a student's own "
            "deal is counted once). Given again with more exports, the new results replace "
            "the old: give every export each time."
        ),
    )
    results.add_argument("pack", type=Path, metavar="PACK.cgpack", help="the class's pack")
    results.add_argument(
        "files", nargs="+", metavar="results.csv", help="the students' exports (globs work)"
    )
    results.add_argument(
        "--out", type=Path, required=True, metavar="NEW.cgpack", help="the pack to hand out"
    )
    results.add_argument(
        "--force", action="store_true", help="overwrite an existing file (even PACK.cgpack)"
    )

    export = add_command(
        subparsers, "export", cmd_export, "write every finished negotiation to a CSV file"
    )
    export.add_argument("--out", type=Path, required=True, metavar="results.csv")
    export.add_argument(
        "--class", dest="class_name", metavar="NAME", help="one class (code or name)"
    )
    export.add_argument("--profile", metavar="NAME", help="one profile")

    report = add_command(
        subparsers, "report", cmd_report, "merge results exports into an HTML class debrief"
    )
    report.add_argument("files", nargs="+", metavar="results.csv", help="exports (globs work)")
    report.add_argument("--out", type=Path, required=True, metavar="report.html")
    report.add_argument(
        "--pack",
        type=Path,
        action="append",
        default=[],
        metavar="PACK.cgpack",
        help="a class pack holding the levels (repeatable); built-in levels are found anyway",
    )
    report.add_argument("--title", help="the page's heading (default: from the class codes)")
    report.add_argument(
        "--language",
        metavar="CODE",
        help="the page's language: "
        + ", ".join(i18n.available())
        + " (default: the computer's, when the game has it, else en)",
    )
    report.add_argument(
        "--attempts",
        choices=("first", "best", "last", "all"),
        default="first",
        help="which of a student's attempts at a level count in the class figures "
        "(default first; every attempt is listed anyway)",
    )


def _class_help(args: argparse.Namespace) -> int:
    args.class_parser.print_help()
    return 0


def _data_dir(args: argparse.Namespace) -> Path:
    from game.store import resolve_data_dir

    return resolve_data_dir(getattr(args, "data_dir", None))


def _now() -> datetime:
    return datetime.now(UTC)


def _write(path: Path, data: bytes, *, replace: bool) -> None:
    from game.store.output import write_output

    write_output(path, data, replace=replace)


# --------------------------------------------------------------------------- class new
def cmd_class_new(args: argparse.Namespace) -> int:
    """Make a class pack from levels and settings."""
    from game import __version__
    from game.classroom.install import iso
    from game.classroom.pack import (
        MAX_LEVELS,
        MAX_ROUND_LIMIT,
        MAX_SEED,
        PackSettings,
        build_pack,
        prepare_level,
        read_pack_bytes,
    )
    from game.levels.catalog import resolve_level
    from game.store.output import check_output

    out: Path = args.out
    check_output(out, replace=args.force)
    if len(args.levels) > MAX_LEVELS:
        raise CliError(f"a class pack holds at most {MAX_LEVELS} levels (got {len(args.levels)})")
    if args.round_limit is not None and not 1 <= args.round_limit <= MAX_ROUND_LIMIT:
        raise CliError(f"--round-limit must lie between 1 and {MAX_ROUND_LIMIT}")
    seed = secrets.randbelow(2**31) if args.seed is None else args.seed
    if not 0 <= seed <= MAX_SEED:
        raise CliError("--seed must be a whole number from 0 up")
    seats: tuple[str, ...] = ()
    roster: Path | None = None
    if args.seats is not None:
        from game.classroom.pseudonyms import MAX_SEATS, seat_ids

        if not 1 <= args.seats <= MAX_SEATS:
            raise CliError(f"--seats must lie between 1 and {MAX_SEATS}")
        seats = tuple(seat_ids(args.seats))
        roster = args.roster or out.with_name(f"{out.stem}-roster.html")
        check_output(roster, replace=args.force)
    elif args.roster is not None:
        raise CliError("--roster goes with --seats N")
    role_plays = tuple(dict.fromkeys(args.role_plays))
    pairs = _pairs(args, seats, role_plays)
    settings = PackSettings(seed, args.hints, args.round_limit, seats, (), pairs)
    prepared = []
    problems: list[str] = []
    for reference in args.levels:
        try:
            prepared.append(prepare_level(resolve_level(reference), settings))
        except Exception as error:  # LevelError: every problem of every level, then stop
            lines = getattr(error, "user_lines", None)
            if not lines:
                raise
            problems.extend(lines)
    if problems:
        raise CliError(*problems)
    if role_plays:
        settings = _with_role_plays(settings, role_plays, prepared)
    try:
        data = build_pack(
            args.name,
            prepared,
            settings,
            created_at=iso(_now()),
            game_version=__version__,
            code=args.code,
        )
    except ValueError as error:
        raise CliError(f"cannot make the pack: {error}") from None
    pack = read_pack_bytes(data, str(out))  # what students will get passes every check
    _write(out, data, replace=args.force)
    hints = {"on": "all shown", "off": "all hidden", None: "as each level says"}[args.hints]
    rounds = args.round_limit if args.round_limit is not None else "each level's own"
    levels = f"{len(pack.levels)} level{'s' if len(pack.levels) != 1 else ''}"
    print(f"{out}: class pack for {pack.name!r} ({levels}, {len(data):,} bytes)")
    print(f"  class code:   {pack.code}")
    print(f"  seed:         {seed} (every student faces the same scenario)")
    print(f"  hints:        {hints}")
    print(f"  round limit:  {rounds}")
    print(f"  content hash: {pack.content_hash}")
    for item in pack.levels:
        kind = "  (role-play)" if item.id in pack.settings.role_plays else ""
        print(f"  level:        {item.id} v{item.version}  {item.title}{kind}")
    if roster is not None:
        from game.classroom.roster import roster_html, roster_lines

        join = (
            f"Students join with 'Join a class' (or python main.py class join {out.name} --seat N)."
        )
        _write(
            roster,
            roster_html(pack.name, pack.code, seats, join).encode("utf-8"),
            replace=args.force,
        )
        print(f"  seats:        {len(seats)}, roster in {roster} (print it; write names by hand)")
        for line in roster_lines(seats):
            print(f"    {line}")
    if role_plays:
        _print_pairs(seats, pairs)
    print("Students open it with 'Join a class' on the title screen, or:")
    seat = " --seat N" if seats else ""
    print(f"  python main.py class join {out} --profile NAME{seat}")
    return 0


def _pairs(
    args: argparse.Namespace, seats: tuple[str, ...], role_plays: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """Return the pairs ``--pairs`` makes of the seats (none without it)."""
    if not args.pairs:
        return ()
    from game.classroom.pack import pair_seats

    if not seats or not role_plays:
        raise CliError("--pairs goes with --seats N and --role-play LEVEL")
    if len(seats) < 2:
        raise CliError("--pairs needs at least two seats")
    return pair_seats(seats)


def _with_role_plays(settings, role_plays: tuple[str, ...], prepared):
    """Return the settings with the role-plays, refusing a level that cannot be one."""
    from dataclasses import replace

    from game.classroom.pack import role_play_problem

    refused = role_play_problem(role_plays, {level.id: level for _, _, level in prepared})
    if refused:
        raise CliError(f"--role-play: {refused}")
    return replace(settings, role_plays=role_plays)


def _print_pairs(seats: tuple[str, ...], pairs: tuple[tuple[str, str], ...]) -> None:
    if not pairs:
        print("  pairs:        students pair themselves at a machine")
        return
    print(f"  pairs:        {len(pairs)}, side A first (roster order)")
    for number, (a, b) in enumerate(pairs, start=1):
        print(f"    pair-{number:02d}: {a} (A) with {b} (B)")
    if len(seats) % 2:
        print(f"    {seats[-1]} has no pair: they join a pair at its machine")


# --------------------------------------------------------------------------- class join
def _pick_profile(store, wanted: str | None) -> str:
    if wanted is not None:
        return store.ensure_profile(wanted)["name"]
    profiles = [p["name"] for p in store.list_profiles()]
    if len(profiles) == 1:
        return profiles[0]
    if not profiles:
        name = store.ensure_profile(DEFAULT_PROFILE)["name"]
        print(f"Made the profile {name!r}.", file=sys.stderr)
        return name
    raise CliError(
        "Several profiles use this computer: say which joins with --profile NAME "
        f"({', '.join(profiles)})."
    )


def cmd_class_join(args: argparse.Namespace) -> int:
    """Install a class pack and put a profile in the class."""
    from game.classroom import join_class, pack_path, read_pack
    from game.store import open_store

    args.pack = pack_path(args.pack)  # the .cgpack may be left out
    read_pack(args.pack)  # a bad pack is refused before the saves are even opened
    with open_store(_data_dir(args)) as store:
        for line in store.recovery_messages:
            print(shown_line(f"Note: {line}"), file=sys.stderr)
        profile = _pick_profile(store, args.profile)
        result = join_class(store, args.pack, profile, seat=args.seat)
    installed = result.installed
    print(result.summary())
    seats = installed.settings.seats
    if result.student_id in seats:
        number = seats.index(result.student_id) + 1
        print(
            f"Seat {number} of {len(seats)}: check that your teacher's roster has your name "
            f"beside seat {number} ({result.student_id})."
        )
    if result.results is None and installed.results() is not None:
        print("The class's results installed before are kept.")
    print(
        f"Your student id is {result.student_id}: it stands for you in your teacher's results "
        "(no real name is needed)."
    )
    if result.previous_class:
        print(f"You left the class {result.previous_class}; its levels stay installed.")
    print(f"Seed {installed.seed}: the whole class faces the same scenario.")
    print(f"The levels are in {installed.levels_dir} and under Custom levels in the game:")
    for entry in installed.levels:
        print(f"  {entry.id}  {entry.title}")
    return 0


def cmd_class_list(args: argparse.Namespace) -> int:
    """List the classes installed in the data folder."""
    from game.classroom import installed_classes

    classes = installed_classes(_data_dir(args))
    if not classes:
        print("No class is installed here. Join one with: python main.py class join PACK.cgpack")
        return 0

    def handed_back(installed) -> str:
        results = installed.results()
        return f"{results.negotiations} negotiations" if results is not None else "-"

    print_table(
        ((c.code, c.name, len(c.levels), c.seed, c.joined_at, handed_back(c)) for c in classes),
        ("code", "name", "levels", "seed", "joined", "class results"),
    )
    return 0


# --------------------------------------------------------------------------- class results
def cmd_class_results(args: argparse.Namespace) -> int:
    """Make a pack of format 2 carrying the class's results from the students' exports."""
    from game import __version__
    from game.classroom import read_pack
    from game.classroom.class_results import results_from_rows
    from game.classroom.install import iso
    from game.classroom.pack import build_results_pack, read_pack_bytes
    from game.classroom.results import expand_paths, read_results
    from game.store.output import check_output

    check_output(args.out, replace=args.force)
    pack = read_pack(args.pack)
    files = expand_paths(args.files)
    if not files:
        raise CliError("no results files match: " + ", ".join(args.files))
    merged = read_results(files)
    made_at = iso(_now())
    results, left_out = results_from_rows(
        merged.rows, [level.level for level in pack.levels], pack.code, made_at
    )
    for warning in [*merged.warnings, *left_out]:
        print(f"warning: {warning}", file=sys.stderr)
    if not results.levels:
        raise CliError(
            f"no negotiation of class {pack.code} on the pack's levels in the results files; "
            "the pack was not written"
        )
    try:
        data = build_results_pack(pack, results, created_at=made_at, game_version=__version__)
    except ValueError as error:
        raise CliError(f"cannot make the pack: {error}") from None
    made = read_pack_bytes(data, str(args.out))  # what students will get passes every check
    _write(args.out, data, replace=args.force)
    count = results.negotiations
    print(
        f"{args.out}: class pack for {made.name!r} with the class's results "
        f"(format {made.format_version}, {len(data):,} bytes)"
    )
    print(f"  class code:   {made.code}")
    print(
        f"  results:      {count} negotiation{'s' if count != 1 else ''} from "
        f"{len(merged.files)} file{'s' if len(merged.files) != 1 else ''}, without names"
        + (f" ({merged.duplicates} duplicates merged)" if merged.duplicates else "")
    )
    titles = {level.id: level.title for level in made.levels}
    for entry in results.levels:
        deals = sum(1 for deal in entry.deals if deal.agreement)
        print(
            f"  level:        {entry.id} v{entry.version}  {titles.get(entry.id, entry.id)}: "
            f"{len(entry.deals)} negotiations, {deals} deals"
        )
    print("Students install it like the first pack; their progress and student ids stay:")
    print(f"  python main.py class join {args.out} --profile NAME")
    return 0


# --------------------------------------------------------------------------- export
def cmd_export(args: argparse.Namespace) -> int:
    """Write one CSV row per finished negotiation."""
    from game.classroom import find_class
    from game.classroom.export import export_rows, write_csv
    from game.store import open_store

    data_dir = _data_dir(args)
    code = installed = None
    if args.class_name:
        installed = find_class(data_dir, args.class_name)
        code = installed.code if installed is not None else args.class_name.strip().upper()
    with open_store(data_dir, read_only=True) as store:
        for line in store.recovery_messages:
            print(shown_line(line), file=sys.stderr)
        if code is not None and installed is None:
            known = {(p.get("class_code") or "").upper() for p in store.list_profiles()}
            if code not in known:
                raise CliError(
                    f"No class {args.class_name!r} here: it is not installed and no profile "
                    "is in it (see python main.py class list)."
                )
        rows = export_rows(store, profile=args.profile, class_code=code, plays_of=installed)
        lost = store.unreadable_history(args.profile)
        if code is not None:
            in_class = {
                p["name"]
                for p in store.list_profiles()
                if (p.get("class_code") or "").upper() == code
            }
            lost = {name: value for name, value in lost.items() if name in in_class}
    write_csv(args.out, rows)
    students = len({row["student"] for row in rows})
    scope = f" of class {code}" if code else ""
    missing = ""
    if lost:
        from game.cli.store_cmds import lost_details

        count = sum(n for n, _ in lost.values())
        missing = f"; {count} more could not be read and are not in the file ({lost_details(lost)})"
    print(
        f"{args.out}: {len(rows)} negotiation{'s' if len(rows) != 1 else ''} by {students} "
        f"student{'s' if students != 1 else ''}{scope}{missing}"
    )
    return 0


# --------------------------------------------------------------------------- report
def cmd_report(args: argparse.Namespace) -> int:
    """Merge results exports into one HTML debrief."""
    from game import __version__
    from game.classroom import installed_classes, read_pack
    from game.classroom.report import LevelLibrary, build_report
    from game.classroom.results import expand_paths, read_results

    if args.language is not None and args.language not in i18n.available():
        raise CliError(
            f"--language {args.language}: not a language the game has "
            f"(it has {', '.join(i18n.available())})"
        )
    files = expand_paths(args.files)
    if not files:
        raise CliError("no results files match: " + ", ".join(args.files))
    packs = [read_pack(path) for path in args.pack]
    merged = read_results(files)
    for warning in merged.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not merged.rows:
        raise CliError("no usable rows in the results files; the report was not written")
    data_dir = _data_dir(args)
    library = LevelLibrary(packs, data_dir if data_dir.is_dir() else None)
    names = {c.code: c.name for c in installed_classes(data_dir)}
    names.update({pack.code: pack.name for pack in packs})
    generated = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    # the class: the packs', else every class code in the exports (a row without one, a
    # profile that never joined, is from outside)
    codes = {pack.code for pack in packs} or {r.class_code for r in merged.rows if r.class_code}
    i18n.set_language(args.language)  # None: the computer's language, when the game has it
    page = build_report(
        merged,
        library,
        generated_at=generated,
        game_version=__version__,
        title=args.title,
        class_names=names,
        attempts=args.attempts,
        class_codes=codes or None,
    )
    _write(args.out, page.encode("utf-8"), replace=True)
    levels = len({row.level_id for row in merged.rows})
    extras = []
    if merged.duplicates:
        extras.append(f"{merged.duplicates} duplicates merged")
    if merged.skipped:
        extras.append(f"{merged.skipped} malformed rows skipped")
    flagged = sum(1 for row in merged.rows if row.flags)
    if flagged:
        extras.append(f"{flagged} rows flagged")
    if codes:
        outside = sum(1 for row in merged.rows if row.class_code.upper() not in codes)
        if outside:
            extras.append(f"{outside} rows from outside the class shown apart")
    print(
        f"{args.out}: {len(merged.rows)} negotiations on {levels} level{'s' if levels != 1 else ''} "
        f"from {len(merged.files)} file{'s' if len(merged.files) != 1 else ''}"
        + (f" ({'; '.join(extras)})" if extras else "")
    )
    return 0
