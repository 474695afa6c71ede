"""Level commands: validate, schema, levels, analyze, import-genius."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from game.cli.common import CliError, add_command, print_json, print_table
from game.levels import catalog
from game.levels.problems import LevelError, Problem, one_line, suggestion
from game.npc.names import ARCHETYPES

logger = logging.getLogger(__name__)
NPC_STRATEGIES = tuple(a for a in ARCHETYPES if a != "mediator")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add validate, schema, levels, analyze and import-genius."""
    parser = add_command(
        subparsers, "validate", cmd_validate, "check level files; one line per problem"
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="level files or folders")
    parser = add_command(subparsers, "schema", cmd_schema, "print the level file JSON Schema")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write it to FILE instead")
    parser = add_command(subparsers, "levels", cmd_levels, "list the built-in levels")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser = add_command(
        subparsers, "analyze", cmd_analyze, "frontier, Nash and Kalai points, agreement zone"
    )
    parser.add_argument("level", metavar="LEVEL", help="a built-in level id or a level file")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser = add_command(
        subparsers, "import-genius", cmd_import_genius, "turn a GENIUS/ANAC domain into a level"
    )
    parser.add_argument("domain", type=Path, metavar="DOMAIN.xml")
    parser.add_argument(
        "profile_a", type=Path, metavar="PROFILE_A.xml", help="the player's profile"
    )
    parser.add_argument("profile_b", type=Path, metavar="PROFILE_B.xml", help="the NPC's profile")
    parser.add_argument("--out", type=Path, required=True, metavar="LEVEL.json")
    parser.add_argument("--id", dest="level_id", help="level id (default from the domain name)")
    parser.add_argument("--npc", default="boulware", help="the NPC's strategy (default boulware)")
    parser.add_argument("--rounds", type=int, default=20, help="deadline in rounds (default 20)")
    parser.add_argument("--ignore-discount", action="store_true", help="drop discount factors")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def _expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        files.extend(catalog.level_files(path) if path.is_dir() else [path])
    return files


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate level files: exit 0 when all are valid, 1 otherwise."""
    from game.levels.lint_text import untranslated
    from game.levels.loader import load_level

    failed = 0
    files = _expand(args.paths)
    if not files:
        raise CliError("no level files found in: " + ", ".join(args.paths))
    for path in files:
        try:
            level = load_level(path)
        except LevelError as error:
            failed += 1
            for line in error.user_lines:
                print(line)
        except Exception as error:  # a bug in the checks must not hide the other files
            logger.debug("checking %s failed", path, exc_info=True)
            failed += 1
            problem = Problem(
                "(file)",
                f"the level could not be checked ({type(error).__name__}: {error}); "
                "please report this",
            )
            print(problem.line(str(path)))
        else:
            print(one_line(f"{path}: ok"))
            for warning in untranslated(level.model):  # shown, but the level is valid
                print(one_line(f"{path}: {warning.location}: warning: {warning.message}"))
    if len(files) > 1:
        print(f"{len(files) - failed} of {len(files)} level files valid", file=sys.stderr)
    return 1 if failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print (or write) the level JSON Schema."""
    from game.levels.schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.out:
        from game.store.output import write_output

        write_output(args.out, text.encode("utf-8"), replace=True)
    else:
        sys.stdout.write(text)
    return 0


def cmd_levels(args: argparse.Namespace) -> int:
    """List the built-in levels."""
    entries = catalog.builtin_entries()
    if args.json:
        print_json(
            [
                {
                    "id": e.id,
                    "chapter": e.chapter,
                    "order": e.order,
                    "kind": e.kind,
                    "title": e.title,
                    "role_play": e.role_play is None,
                    **({"role_play_refused": e.role_play} if e.role_play else {}),
                }
                for e in entries
            ]
        )
        return 0
    print_table(
        ((e.id, e.chapter, e.kind, e.title) for e in entries), ("id", "chapter", "kind", "title")
    )
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    """Analyse a level's outcome space."""
    from game.levels.loader import load_level

    level = load_level(catalog.resolve_level(args.level))
    data = level.analysis.to_json()
    if args.json:
        print_json(data)
        return 0
    negotiation = level.negotiation
    names = {p.id: p.name for p in negotiation.parties}
    print(f"{level.model.title} ({level.id})")
    print(f"  outcomes: {data['outcomes']:,}")
    print(
        "  parties:  "
        + ", ".join(
            f"{names[p]} (reservation {r:.3f})"
            for p, r in zip(data["parties"], data["reserved"], strict=True)
        )
    )
    if data["agreement_zone"]:
        zone = "yes"
    elif any(c["best_nash_product_contingent"] > 0 for c in data.get("contingent", [])):
        zone = "no plain package works for both sides - only a contingent clause does (below)"
    else:
        zone = "no - walking away is right"
    print(f"  agreement zone: {zone}")
    if "zopa" in data:
        issue = negotiation.space.issues[0]
        print(
            f"  zone of possible agreement: {issue.format(data['zopa'][0])} to {issue.format(data['zopa'][1])}"
        )
    print(f"  Pareto-optimal outcomes: {len(data['pareto'])}")
    for label, key in (
        ("Nash point", "nash"),
        ("Kalai-Smorodinsky", "kalai"),
        ("max joint utility", "max_welfare"),
    ):
        point = data[key]
        if point is None:
            print(f"  {label}: none (no agreement zone)")
        else:
            utilities = ", ".join(f"{u:.3f}" for u in point["utilities"])
            print(f"  {label}: {negotiation.space.describe(point['outcome'])} -> ({utilities})")
    for item in data.get("contingent", []):
        print(
            f"  with a clause on {item['event']!r} ({', '.join(item['issues'])}): best Nash product "
            f"{item['best_nash_product_contingent']:.3f} vs {item['best_nash_product_plain']:.3f} without"
        )
    return 0


def cmd_import_genius(args: argparse.Namespace) -> int:
    """Import a GENIUS domain and two profiles as a level file."""
    from game.levels.genius import import_genius, with_star_thresholds
    from game.store.output import check_output, write_output

    check_output(args.out, replace=args.force)  # before the work: a wrong --out says so at once
    if not 1 <= args.rounds <= 200:
        raise CliError("--rounds must lie between 1 and 200")
    if args.npc not in NPC_STRATEGIES:
        raise CliError(
            f"--npc: unknown strategy {args.npc!r}{suggestion(args.npc, NPC_STRATEGIES)}; "
            f"choose one of {', '.join(NPC_STRATEGIES)}"
        )
    data = import_genius(
        args.domain,
        args.profile_a,
        args.profile_b,
        level_id=args.level_id,
        strategy=args.npc,
        deadline=args.rounds,
        keep_discount=not args.ignore_discount,
    )
    data = with_star_thresholds(data, str(args.out))
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    level = load_level_bytes_checked(text, args.out)
    write_output(args.out, text.encode("utf-8"), replace=args.force)
    analysis = level.analysis
    print(
        f"{one_line(str(args.out))}: {analysis.outcomes} outcomes, {len(analysis.pareto)} Pareto-optimal, "
        f"agreement zone {'yes' if analysis.agreement_zone else 'no'}"
    )
    return 0


def load_level_bytes_checked(text: str, out: Path):
    """Check the imported level with the same loader as `validate` before writing it."""
    from game.levels.loader import load_level_bytes

    return load_level_bytes(text.encode("utf-8"), str(out), out.parent)
