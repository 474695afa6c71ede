"""Headless play: N matches of a scripted player against a level's NPCs, and their summary.

``simulate`` takes a factory that starts a match for a seed (``game.levels.setup`` provides
one from a level), plays each with a bot from :mod:`game.npc.bots`, keeps every match's
history record, and summarises them.  Run ``i`` uses seed ``seed + i``; nothing else is
random, so the same seed gives the same summary.
"""

from __future__ import annotations

import gc
import statistics
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from game.engine.record import MatchRecord
from game.npc.bots import make_bot, play
from game.npc.match import Match, TurnReport

Event = dict[str, Any]
"""One transcript event: ``{"meeting", "round", "speaker", "move", "text"}``."""


@dataclass(frozen=True)
class SimulationResult:
    """Every run's history record and the summary of them all."""

    records: list[MatchRecord]
    summary: dict[str, Any]


def spread(values: Sequence[float]) -> dict[str, float]:
    """Return ``{"mean": ..., "stdev": ...}`` (sample standard deviation; 0 for one value)."""
    if not values:
        return {"mean": 0.0, "stdev": 0.0}
    mean = statistics.fmean(values)
    stdev = statistics.stdev(values) if len(values) > 1 else 0.0
    return {"mean": round(mean, 4), "stdev": round(stdev, 4)}


def simulate(
    start: Callable[[int], Match],
    player: str,
    *,
    runs: int = 10,
    seed: int = 0,
    game_version: str = "0.1.0",
    transcript: Callable[[Event], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SimulationResult:
    """Play ``runs`` matches with the ``player`` bot; return the records and the summary.

    ``transcript`` is called with every event of every meeting (see :func:`transcribe`);
    ``progress(done, runs)`` after each match.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    records: list[MatchRecord] = []
    npc_ids: list[str] = []
    with collected_between_runs() as run_over:
        for run in range(runs):
            run_seed = seed + run
            match = start(run_seed)
            npc_ids = list(match.controllers)
            bot = make_bot(player, match, run_seed)
            if transcript is not None:
                transcribe(match, transcript, run + 1)
            play(match, bot)
            records.append(match.record(seed=run_seed, game_version=game_version))
            del match, bot
            run_over()
            if progress is not None:
                progress(run + 1, runs)
    return SimulationResult(records, summarise(records, npc_ids))


@contextmanager
def collected_between_runs() -> Iterator[Callable[[], None]]:
    """Hold the cyclic garbage collector during a batch of matches; yield the function to
    call when a match is over, which frees its reference cycles at once.

    A match allocates some 30,000 objects; the collector, left to itself, runs a young
    collection every 700 of them and now and then walks every record kept so far (600 tracked
    objects each), about a tenth of a batch's time.  Held, it runs once a match, on the
    youngest generation only: everything that match made and nothing older, so the records
    kept are walked once and the finished match's cycles are freed before the next begins.
    The collector's state is put back afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()

    def run_over() -> None:
        gc.collect(0)

    try:
        yield run_over
    finally:
        if was_enabled:
            gc.enable()


def transcribe(match: Match, write: Callable[[Event], None], meeting: int) -> None:
    """Send every move and line of ``match`` to ``write`` as it happens, from its opening on.

    The player's events have speaker ``player`` and the move's kind; an NPC's line carries
    the kind of the move it made with it (its turn move, else its talk move, else ``say``).
    """
    player_id = match.player_id

    def events(report: TurnReport) -> None:
        move = report.move
        if move is not None:
            text = move.text or (match.describe(move.offer) if move.offer is not None else "")
            write(
                {
                    "meeting": meeting,
                    "round": report.round,
                    "speaker": "player",
                    "move": move.kind.value,
                    "text": text,
                }
            )
        made: dict[str, str] = {}
        for npc_move in report.npc_moves:
            if npc_move.actor not in made or npc_move.kind.is_turn_move:
                made[npc_move.actor] = npc_move.kind.value
        for said in report.lines:
            write(
                {
                    "meeting": meeting,
                    "round": report.round,
                    "speaker": "player" if said.speaker == player_id else said.speaker,
                    "move": made.get(said.speaker, "say"),
                    "text": said.text,
                }
            )

    events(match.opening)
    apply = match.player_move

    def recorded(move):  # noqa: ANN001, ANN202 - the same call, watched
        report = apply(move)
        if report.ok:
            events(report)
        return report

    match.player_move = recorded  # type: ignore[method-assign]


def summarise(records: Sequence[Mapping[str, Any]], npc_ids: Sequence[str]) -> dict[str, Any]:
    """Return the statistics ``simulate --json`` prints."""
    player = [r["utilities"]["player"] for r in records]
    npc_means = [statistics.fmean(r["utilities"][n] for n in npc_ids) for r in records]

    def by_npc(values: Callable[[Mapping[str, Any], str], float]) -> dict[str, dict[str, float]]:
        return {n: spread([values(r, n) for r in records]) for n in npc_ids}

    trust = [statistics.fmean(r["trust_change"][n] for n in npc_ids) for r in records]
    rapport = [statistics.fmean(r["rapport_change"][n] for n in npc_ids) for r in records]
    return {
        "runs": len(records),
        "agreement_rate": round(sum(1 for r in records if r["agreement"]) / len(records), 4),
        "player_utility": spread(player),
        "npc_utility": {
            **spread(npc_means),
            "by_npc": by_npc(lambda r, n: r["utilities"][n]),
        },
        "joint_utility": spread([r["analytics"]["joint_utility"] for r in records]),
        "pareto_distance": spread([r["analytics"]["pareto_distance"] for r in records]),
        "rounds": spread([float(r["rounds"]) for r in records]),
        "trust_change": {**spread(trust), "by_npc": by_npc(lambda r, n: r["trust_change"][n])},
        "rapport_change": {
            **spread(rapport),
            "by_npc": by_npc(lambda r, n: r["rapport_change"][n]),
        },
        "grievances_resolved": spread([float(r["grievances_resolved"]) for r in records]),
        "on_frontier_rate": round(
            sum(1 for r in records if r["analytics"]["on_frontier"]) / len(records), 4
        ),
        "clause_rate": round(
            sum(1 for r in records if r["outcome"] and r["outcome"].get("clause")) / len(records), 4
        ),
    }
