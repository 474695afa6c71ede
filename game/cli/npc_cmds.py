"""NPC commands: simulate (headless matches with a scripted player) and npc-diagram."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from game.cli.common import CliError, add_command, print_json, print_table, shown_line


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add simulate and npc-diagram."""
    from game.npc.names import ARCHETYPES, MATRIX_BOTS, PLAYER_BOTS

    parser = add_command(
        subparsers,
        "simulate",
        cmd_simulate,
        "play headless negotiations of a scripted player against a level's NPCs",
    )
    parser.add_argument("level", metavar="LEVEL", help="a built-in level id or a level file")
    parser.add_argument(
        "--player",
        required=True,
        choices=(*PLAYER_BOTS, "all"),
        metavar="STRATEGY",
        help="the scripted player: "
        + ", ".join(PLAYER_BOTS)
        + "; or all: a table of "
        + ", ".join(MATRIX_BOTS)
        + " and the level's lesson player",
    )
    parser.add_argument(
        "--npc",
        choices=ARCHETYPES,
        metavar="ARCHETYPE",
        help="replace every NPC's strategy: " + ", ".join(ARCHETYPES),
    )
    parser.add_argument("--rounds", type=int, metavar="N", help="replace the deadline")
    parser.add_argument(
        "--runs",
        type=int,
        metavar="N",
        help=f"matches (default 10; {MATRIX_RUNS} for each player with --player all)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        metavar="S",
        help="first seed (default 0; with --record on a class's level, the class's seed for "
        "every run, as the game plays it)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--record", action="store_true", help="store every run in a profile's history"
    )
    parser.add_argument("--profile", metavar="NAME", help="the profile --record stores into")
    parser.add_argument(
        "--transcript",
        metavar="FILE",
        help='write every move and line as JSON Lines: {"meeting", "round", "speaker", '
        '"move", "text"}',
    )
    parser = add_command(
        subparsers, "npc-diagram", cmd_diagram, "print an NPC archetype's state machine (Mermaid)"
    )
    parser.add_argument("archetype", metavar="ARCHETYPE", choices=ARCHETYPES)


MATRIX_RUNS = 5
"""Runs per player of ``simulate --player all`` unless ``--runs`` says otherwise."""


def _check(args: argparse.Namespace) -> None:
    if args.runs is None:
        args.runs = 10
    if getattr(args, "seed", None) is None:
        args.seed = 0
    if args.runs < 1 or args.runs > 100_000:
        raise CliError("--runs must lie between 1 and 100000")
    if args.rounds is not None and not 1 <= args.rounds <= 1000:
        raise CliError("--rounds must lie between 1 and 1000")


def run_simulation(args: argparse.Namespace, progress: Progress | None = None):
    """Return the level and the SimulationResult the arguments ask for (independent runs);
    ``progress(done, runs)`` is called after each run."""
    from game.levels import catalog
    from game.levels.loader import load_level
    from game.levels.setup import start_match
    from game.npc.runtime import NpcRuntime
    from game.npc.simulate import simulate

    _check(args)
    level = load_level(catalog.resolve_level(args.level))
    runtime = NpcRuntime()

    def start(seed: int):
        return start_match(
            level, seed=seed, npc_override=args.npc, rounds=args.rounds, runtime=runtime
        )

    transcript = getattr(args, "transcript", None)
    if transcript is None:
        return level, simulate(
            start, args.player, runs=args.runs, seed=args.seed, progress=progress
        )
    try:
        with open(transcript, "w", encoding="utf-8") as out:

            def write(event: dict) -> None:
                out.write(json.dumps(event, ensure_ascii=False) + "\n")

            result = simulate(
                start,
                args.player,
                runs=args.runs,
                seed=args.seed,
                transcript=write,
                progress=progress,
            )
    except OSError as error:
        raise CliError(f"cannot write the transcript {transcript}: {error.strerror}") from None
    return level, result


def run_recorded(args: argparse.Namespace, progress: Progress | None = None):
    """Play the runs one after another as the profile, storing each exactly as the game does.

    Each run starts from what the NPCs remember of this profile (as a real player's next
    visit would) and its record, level result and the NPCs' new memories are saved before
    the next run begins.
    """
    from game.levels import catalog
    from game.levels.loader import load_level
    from game.npc.runtime import NpcRuntime
    from game.npc.simulate import SimulationResult, summarise
    from game.store.errors import StoreWriteError

    class_seed = None
    if args.seed is None:  # a class's level is played with the class's seed, every time
        from game.classroom import pack_seed
        from game.store import resolve_data_dir

        source = catalog.resolve_level(args.level)
        class_seed = pack_seed(resolve_data_dir(getattr(args, "data_dir", None)), source)
    _check(args)
    args.class_seed = class_seed
    level = load_level(catalog.resolve_level(args.level))
    runtime = NpcRuntime()
    npc_ids = [npc.id for npc in level.party_npcs]
    records: list = []
    try:
        _record_runs(args, level, runtime, npc_ids, records, progress)
    except StoreWriteError as error:
        # The store's own advice ("saved at the next save") does not hold: the command ends.
        raise CliError(
            f"{error.user_lines[0]} {len(records)} of {args.runs} run(s) were recorded; the "
            "rest were not, and nothing more will be saved: free some space and run again."
        ) from None
    return level, SimulationResult(records, summarise(records, npc_ids))


def _record_runs(
    args: argparse.Namespace, level, runtime, npc_ids, records: list, progress: Progress | None
) -> None:
    from game.finish import finished_record, save_finished
    from game.levels.setup import start_match
    from game.npc.bots import make_bot, play
    from game.store import open_store, resolve_data_dir

    with open_store(resolve_data_dir(getattr(args, "data_dir", None))) as store:
        for line in store.recovery_messages:
            print(shown_line(f"Note: {line}"), file=sys.stderr)
        store.ensure_profile(args.profile)
        for run in range(args.runs):
            class_seed = getattr(args, "class_seed", None)
            seed = class_seed if class_seed is not None else args.seed + run
            memories = {
                npc_id: memory
                for npc_id in npc_ids
                if (memory := store.get_relationship(args.profile, npc_id)) is not None
            }
            match = start_match(
                level,
                seed=seed,
                memories=memories or None,
                npc_override=args.npc,
                rounds=args.rounds,
                runtime=runtime,
                reputation=store.relationships(args.profile),
            )
            play(match, make_bot(args.player, match, seed))
            record, score = finished_record(match, level, seed)
            save_finished(store, args.profile, level.id, record, score, match.memories())
            records.append(record)
            if progress is not None:
                progress(run + 1, args.runs)


def _stars(level, records) -> dict:
    from game.campaign.scoring import score_record
    from game.npc.simulate import spread

    scores = [r.get("score") or score_record(level, r).to_dict() for r in records]
    objectives: dict[str, dict] = {}
    for score in scores:
        for objective in score["objectives"]:
            entry = objectives.setdefault(
                objective["id"],
                {"text": objective["text"], "stars": objective["stars"], "met": 0},
            )
            entry["met"] += bool(objective["met"])
    return {
        "stars": spread([float(s["stars"]) for s in scores]),
        "score": spread([float(s["value"]) for s in scores]),
        "three_star_rate": round(sum(1 for s in scores if s["stars"] == 3) / len(scores), 4),
        "objectives": {
            key: {
                "text": entry["text"],
                "stars": entry["stars"],
                "met_rate": round(entry["met"] / len(scores), 4),
            }
            for key, entry in objectives.items()
        },
    }


def simulation_summary(args: argparse.Namespace, progress: Progress | None = None):
    """Play the runs the arguments ask for; return the level and the summary ``simulate`` prints.

    The whole of the command but the printing (``bench/npc.py`` times this function);
    ``progress(done, runs)`` is called after each run.
    """
    play = run_recorded if args.record else run_simulation
    level, result = play(args, progress)
    summary = {
        "level": level.id,
        "player": args.player,
        "npc": args.npc or ",".join(n.strategy.kind for n in level.party_npcs),
        "seed": args.seed,
        **result.summary,
        **_stars(level, result.records),
    }
    if args.record:
        summary["recorded"] = {"profile": args.profile, "sessions": len(result.records)}
        if getattr(args, "class_seed", None) is not None:
            summary["seed"] = args.class_seed
            summary["recorded"]["class_seed"] = args.class_seed
    return level, summary


def cmd_simulate(args: argparse.Namespace) -> int:
    """Play N headless negotiations and report the statistics (and store them with --record)."""
    if args.record and not args.profile:
        raise CliError("--record needs --profile NAME")
    if args.profile and not args.record:
        raise CliError("--profile goes with --record")
    if args.record and args.transcript:
        raise CliError("--transcript goes without --record")
    if args.player == "all":
        if args.record or args.transcript:
            raise CliError("--record and --transcript go with one player: name it with --player")
        return _print_matrix(args)
    with run_progress() as progress:
        level, summary = simulation_summary(args, progress)
    if args.json:
        print_json(summary)
        return 0
    print(f"{level.model.title} ({level.id}): {args.player} vs {summary['npc']}, {args.runs} runs")

    def show(value) -> str:
        if isinstance(value, dict):
            return f"{value['mean']:.3f} +/- {value['stdev']:.3f}"
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    rows = [
        ("agreement rate", show(summary["agreement_rate"])),
        ("player utility", show(summary["player_utility"])),
        ("NPC utility", show(summary["npc_utility"])),
        ("joint utility", show(summary["joint_utility"])),
        ("distance to frontier", show(summary["pareto_distance"])),
        ("on the frontier", show(summary["on_frontier_rate"])),
        ("deals with a clause", show(summary["clause_rate"])),
        ("rounds", show(summary["rounds"])),
        ("trust change", show(summary["trust_change"])),
        ("rapport change", show(summary["rapport_change"])),
        ("grievances resolved", show(summary["grievances_resolved"])),
        ("stars", show(summary["stars"])),
        ("score", show(summary["score"])),
        ("three-star rate", show(summary["three_star_rate"])),
    ]
    for key, objective in summary["objectives"].items():
        rows.append((f"met: {key} ({objective['stars']}*)", show(objective["met_rate"])))
    print_table(rows, ("measure", "value"))
    _print_objectives(summary["objectives"])
    return 0


def _print_objectives(objectives: dict) -> None:
    if objectives:
        print("objectives (met: the share of runs that met each; N* the star it gates):")
        for key, objective in objectives.items():
            print(shown_line(f"  {key} ({objective['stars']}*): {objective['text']}"))


def matrix_players(level) -> tuple[str, list[str]]:
    """Return the level's lesson player and every player ``--player all`` runs, lesson first."""
    from game.campaign.lessons import lesson_bot
    from game.npc.names import MATRIX_BOTS

    lesson = lesson_bot(level.id, level.model.kind)
    return lesson, [lesson, *(name for name in MATRIX_BOTS if name != lesson)]


def simulation_matrix(
    args: argparse.Namespace, progress=None, run_progress: Progress | None = None
) -> dict:
    """Play ``args.runs`` matches for every player of :func:`matrix_players`; return the
    matrix ``simulate --player all --json`` prints.

    ``progress(done, total, player)`` is called before each player's runs, and
    ``run_progress(done, runs)`` after each of their runs.
    """
    from game.levels import catalog
    from game.levels.loader import load_level

    if args.runs is None:
        args.runs = MATRIX_RUNS
    _check(args)
    level = load_level(catalog.resolve_level(args.level))
    lesson, players = matrix_players(level)
    rows = []
    for done, player in enumerate(players):
        if progress is not None:
            progress(done, len(players), player)
        one = argparse.Namespace(**{**vars(args), "player": player, "record": False})
        _, summary = simulation_summary(one, run_progress)
        rows.append({"lesson": player == lesson, **summary})
    return {
        "level": level.id,
        "title": level.model.title,
        "npc": rows[0]["npc"],
        "runs": args.runs,
        "seed": args.seed,
        "lesson_player": lesson,
        "players": rows,
    }


Progress = Callable[[int, int], None]
"""Called with (runs done, runs in all) after each run."""


class RunProgress:
    """Shows "simulate: run N of M" on one line of a terminal, for a batch that takes a while.

    Nothing is shown in the first ``after_s`` seconds (a short batch prints nothing); then
    the line is redrawn at most every ``every_s`` seconds, and the last run always.
    :meth:`clear` wipes the line before the results are printed.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        clock: Callable[[], float] = time.monotonic,
        after_s: float = 1.0,
        every_s: float = 0.25,
    ) -> None:
        self.stream = stream
        self.clock = clock
        self.after_s = after_s
        self.every_s = every_s
        self.started = clock()
        self.shown_at: float | None = None
        self.heading = "simulate: "

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if now - self.started < self.after_s:
            return
        if self.shown_at is not None and now - self.shown_at < self.every_s and done < total:
            return
        self._show(f"{self.heading}run {done:,} of {total:,}", now)

    def announce(self, text: str) -> None:
        """Show ``text`` now (a new part of the work begins) and put it before the runs."""
        self.heading = f"{text}, "
        self._show(text, self.clock())

    def _show(self, text: str, now: float) -> None:
        self.shown_at = now
        self.stream.write(f"\r{text}\033[K")
        self.stream.flush()

    def clear(self) -> None:
        """Wipe the line, if one was shown."""
        if self.shown_at is not None:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown_at = None


@contextmanager
def run_progress(stream: TextIO | None = None) -> Iterator[RunProgress | None]:
    """Yield a :class:`RunProgress` on ``stream`` (stderr) when it is a terminal, else None
    (a log or a pipe gets no progress lines); the line is wiped at the end."""
    stream = sys.stderr if stream is None else stream
    if not stream.isatty():
        yield None
        return
    progress = RunProgress(stream)
    try:
        yield progress
    finally:
        progress.clear()


def _print_matrix(args: argparse.Namespace) -> int:
    with run_progress() as line:

        def player_progress(done: int, total: int, player: str) -> None:
            text = f"simulate: player {done + 1} of {total} ({player})"
            if line is not None:  # on a terminal: one line, with the runs after it
                line.announce(text)
            else:
                print(text, file=sys.stderr, flush=True)

        matrix = simulation_matrix(args, progress=player_progress, run_progress=line)
    if args.json:
        print_json(matrix)
        return 0
    rows = matrix["players"]
    objectives = rows[0]["objectives"]
    print(
        shown_line(
            f"{matrix['title']} ({matrix['level']}): every player vs {matrix['npc']}, "
            f"{matrix['runs']} runs each from seed {matrix['seed']}"
        )
    )
    headers = [
        "player",
        "deals",
        "stars",
        "3*",
        "utility",
        "NPC util.",
        "trust chg",
        *(f"{key} {objective['stars']}*" for key, objective in objectives.items()),
    ]
    table = []
    for row in rows:
        name = f"{row['player']} (lesson)" if row["lesson"] else row["player"]
        table.append(
            [
                name,
                f"{row['agreement_rate']:.2f}",
                f"{row['stars']['mean']:.2f}",
                f"{row['three_star_rate']:.2f}",
                f"{row['player_utility']['mean']:.3f}",
                f"{row['npc_utility']['mean']:.3f}",
                f"{row['trust_change']['mean']:+.1f}",
                *(f"{row['objectives'][key]['met_rate']:.2f}" for key in objectives),
            ]
        )
    print_table(table, headers)
    print(
        "deals, 3* and each objective: the share of runs; stars, utility and trust: the mean "
        "(trust: the change over the meeting, 0-100 scale)"
    )
    _print_objectives(objectives)
    return 0


def cmd_diagram(args: argparse.Namespace) -> int:
    """Print an archetype's state machine as a Mermaid state diagram."""
    from game.npc.machines import MACHINES, mermaid

    print(mermaid(MACHINES[args.archetype]()), end="")
    return 0


__all__ = [
    "register",
    "run_simulation",
    "simulation_summary",
    "simulation_matrix",
    "matrix_players",
    "cmd_simulate",
    "cmd_diagram",
    "print_table",
]
