"""Benchmark the NPC decision code; print one JSON object.

Figures:

``itex_cypress``
    Player ``boulware`` (Cypress) against NPC ``conceder`` (Itex) on the GENIUS
    ItexvsCypress domain (180 outcomes; built with the GENIUS import at bench time, or a
    generated domain of the same shape when the sample folder is absent), deadline 100
    rounds.  Ours: the fast headless path (:class:`game.npc.duel.Duel`: the same brains,
    strategies and state machines as the game, reused across runs).  NegMAS 0.16:
    ``BoulwareTBNegotiator`` vs ``ConcederTBNegotiator`` in ``SAOMechanism(n_steps=100)``.
    Both are timed in alternating blocks in this one process, on its CPU time; the rates
    are medians over the blocks, and ``speedup`` is ours over NegMAS.  ``match_path`` times the same pairing
    through the full game path (engine session, dialogue, relationship log) for reference.

``outcomes_100k``
    The same pairing on a generated 100,000-outcome domain (5 issues x 10 values): ms per
    negotiation (tables are built once, before timing).

``decision_1m``
    One NPC on a generated 1,000,000-outcome domain (6 issues x 10 values): the latency of
    single decisions (``decide`` after an offer that teaches its opponent model), p50/p99
    in microseconds, plus the one-off table build time.

``--quick`` shrinks every figure to a smoke run (the test suite only checks the keys).
Run: ``python bench/npc.py`` (``pip install negmas==0.16.0`` for the comparison).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.engine import (  # noqa: E402
    DiscreteIssue,
    Negotiation,
    OptionScores,
    OutcomeSpace,
    Party,
    Preferences,
    Rules,
)
from game.npc.brain import NpcBrain  # noqa: E402
from game.npc.duel import Duel  # noqa: E402
from game.npc.runtime import NpcRuntime  # noqa: E402
from game.npc.spec import NpcSpec  # noqa: E402

SAMPLES = Path("/work/shared/genius-samples/ItexvsCypress")
CLOCK = time.process_time
"""Negotiation rates use this process's CPU time, so other programs on a busy machine do not
skew the comparison (both sides are timed the same way, in alternating blocks)."""
DEADLINE = 100
SEED = 20240611


# --------------------------------------------------------------------------- domains
def genius_level():
    """Return (negotiation, source) for ItexvsCypress with Cypress as the player."""
    from game.levels.genius import import_genius
    from game.levels.loader import load_level_bytes

    domain = SAMPLES / "ItexvsCypress_domain.xml"
    if not domain.is_file():
        return shaped_negotiation((5, 4, 3, 3), seed=SEED), "generated (same shape: 5x4x3x3)"
    data = import_genius(
        domain,
        SAMPLES / "ItexvsCypress_Cypress.xml",
        SAMPLES / "ItexvsCypress_Itex.xml",
        strategy="conceder",
        deadline=DEADLINE,
        keep_discount=False,
    )
    data["scoring"]["stars"] = [0.0, 0.0, 0.0]
    with tempfile.TemporaryDirectory() as folder:
        level = load_level_bytes(json.dumps(data).encode(), str(Path(folder) / "itex.json"))
    return level.negotiation, "GENIUS ItexvsCypress (Cypress = player)"


def shaped_negotiation(sizes: tuple[int, ...], seed: int = SEED) -> Negotiation:
    """Return a random two-party negotiation with issues of the given sizes."""
    rng = np.random.default_rng(seed)
    issues = tuple(
        DiscreteIssue(f"i{k}", f"Issue {k}", tuple(f"o{j}" for j in range(size)))
        for k, size in enumerate(sizes)
    )
    space = OutcomeSpace(issues)
    parties = []
    for pid in ("player", "opponent"):
        weights = {issue.id: float(rng.random() + 0.05) for issue in issues}
        values = {
            issue.id: OptionScores({o: float(rng.random() + 0.01) for o in issue.options})
            for issue in issues
        }
        parties.append(
            Party(pid, pid.title(), Preferences(space, weights, values), pid == "player")
        )
    rules = Rules(deadline_rounds=DEADLINE, first_mover="player")
    return Negotiation(space, tuple(parties), rules=rules)


def duel_for(negotiation: Negotiation, runtime: NpcRuntime) -> Duel:
    """Return our boulware player (first) against our conceder NPC."""
    npc_id = next(p.id for p in negotiation.parties if not p.is_player)
    tables = runtime.tables(negotiation)
    npc_spec = NpcSpec.model_validate({"strategy": {"kind": "conceder"}})
    player_spec = NpcSpec.model_validate({"strategy": {"kind": "boulware"}})
    npc = NpcBrain(
        npc_id,
        npc_spec,
        tables,
        runtime.machine("conceder"),
        deadline=negotiation.rules.deadline_rounds,
        others=["player"],
    )
    player = NpcBrain(
        "player",
        player_spec,
        tables,
        None,
        deadline=negotiation.rules.deadline_rounds,
        others=[npc_id],
        relational=False,
    )
    return Duel(player, npc)


# --------------------------------------------------------------------------- ours
def ours_block(duel: Duel, seconds: float, start: int) -> tuple[float, list]:
    """Run duels for about ``seconds``; return (negotiations per second, results)."""
    results = []
    seed = start
    begin = CLOCK()
    while True:
        for _ in range(50):
            results.append(duel.run(seed))
            seed += 1
        elapsed = CLOCK() - begin
        if elapsed >= seconds:
            return len(results) / elapsed, results


def match_path_rate(negotiation: Negotiation, runtime: NpcRuntime, seconds: float) -> float:
    """Return negotiations per second through the full game path (Match + bot)."""
    from game.engine import Analysis
    from game.npc.bots import make_bot, play
    from game.npc.match import Match, MatchConfig, Seat

    npc_id = next(p.id for p in negotiation.parties if not p.is_player)
    config = MatchConfig(
        negotiation=negotiation,
        analysis=Analysis(negotiation),
        seats=(Seat(npc_id, "NPC", NpcSpec.model_validate({"strategy": {"kind": "conceder"}})),),
    )
    count = 0
    begin = time.perf_counter()
    while time.perf_counter() - begin < seconds:
        match = Match(config, seed=count, runtime=runtime)
        play(match, make_bot("boulware", match, count))
        count += 1
    return count / (time.perf_counter() - begin)


# --------------------------------------------------------------------------- NegMAS
def negmas_setup():
    """Return a function running one NegMAS negotiation, or None when NegMAS is missing."""
    try:
        import negmas  # noqa: F401
        from negmas import SAOMechanism
        from negmas.inout import Scenario
        from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator
    except ImportError:
        return None, None
    if (SAMPLES / "ItexvsCypress_domain.xml").is_file():
        scenario = Scenario.from_genius_folder(SAMPLES, ignore_discount=True)
        cypress = next(u for u in scenario.ufuns if u.name.endswith("_Cypress"))
        itex = next(u for u in scenario.ufuns if u.name.endswith("_Itex"))
        space = scenario.outcome_space
    else:
        return None, negmas.__version__

    def run_one():
        mechanism = SAOMechanism(outcome_space=space, n_steps=DEADLINE)
        mechanism.add(BoulwareTBNegotiator(name="cypress"), preferences=cypress)
        mechanism.add(ConcederTBNegotiator(name="itex"), preferences=itex)
        state = mechanism.run()
        return state

    return run_one, negmas.__version__


def negmas_block(run_one, seconds: float) -> tuple[float, list]:
    """Run NegMAS negotiations for about ``seconds``; return (rate, states)."""
    states = []
    begin = CLOCK()
    while True:
        states.append(run_one())
        elapsed = CLOCK() - begin
        if elapsed >= seconds:
            return len(states) / elapsed, states


# --------------------------------------------------------------------------- large spaces
def large_duel_ms(sizes: tuple[int, ...], runs: int, runtime: NpcRuntime) -> dict:
    """Return ms per negotiation on a generated domain (tables built before timing)."""
    negotiation = shaped_negotiation(sizes, seed=SEED + 1)
    begin = time.perf_counter()
    duel = duel_for(negotiation, runtime)
    build = time.perf_counter() - begin
    duel.run(0)
    times = []
    rounds = []
    for seed in range(1, runs + 1):
        start = time.perf_counter()
        result = duel.run(seed)
        times.append(time.perf_counter() - start)
        rounds.append(result.round)
    return {
        "outcomes": int(negotiation.space.size),
        "ms_per_negotiation_mean": round(statistics.fmean(times) * 1e3, 3),
        "ms_per_negotiation_max": round(max(times) * 1e3, 3),
        "rounds_mean": round(statistics.fmean(rounds), 2),
        "table_build_s": round(build, 3),
        "runs": runs,
    }


def decision_latency(sizes: tuple[int, ...], decisions: int, runtime: NpcRuntime) -> dict:
    """Return p50/p99 of single NPC decisions (each after an offer that teaches its model)."""
    negotiation = shaped_negotiation(sizes, seed=SEED + 2)
    begin = time.perf_counter()
    duel = duel_for(negotiation, runtime)
    build = time.perf_counter() - begin
    npc = duel.second
    npc.reset(0)
    npc.begin()
    rng = np.random.default_rng(SEED)
    codec = npc.codec
    latencies = []
    size = negotiation.space.size
    for step in range(decisions):
        index = int(rng.integers(size))
        round_number = step % DEADLINE
        start = time.perf_counter()
        npc.receive_offer("player", npc.table.utility(index), codec.values_of(index))
        npc.set_round(round_number)
        npc.decide(npc.table.utility(index), last_chance=False)
        latencies.append(time.perf_counter() - start)
        if round_number == DEADLINE - 1:
            npc.reset(step)
            npc.begin()
    micro = np.asarray(latencies) * 1e6
    return {
        "outcomes": int(size),
        "decisions": decisions,
        "p50_us": round(float(np.percentile(micro, 50)), 1),
        "p99_us": round(float(np.percentile(micro, 99)), 1),
        "max_us": round(float(micro.max()), 1),
        "table_build_s": round(build, 3),
    }


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few seconds")
    args = parser.parse_args(argv)
    quick = args.quick
    blocks = 2 if quick else 5
    block_seconds = 0.2 if quick else 1.5
    runtime = NpcRuntime()
    gc.collect()

    negotiation, source = genius_level()
    duel = duel_for(negotiation, runtime)
    duel.run(-1)  # warm up
    run_one, negmas_version = negmas_setup()
    ours_rates: list[float] = []
    theirs_rates: list[float] = []
    ours_results: list = []
    theirs_states: list = []
    seed = 0
    if run_one is not None:
        run_one()
    for _ in range(blocks):
        rate, results = ours_block(duel, block_seconds, seed)
        seed += len(results)
        ours_rates.append(rate)
        ours_results.extend(results)
        if run_one is not None:
            rate, states = negmas_block(run_one, block_seconds)
            theirs_rates.append(rate)
            theirs_states.extend(states)
    ours_rate = statistics.median(ours_rates)
    tables = duel.first.tables
    ours = {
        "negotiations_per_s": round(ours_rate, 1),
        "ms_per_negotiation": round(1e3 / ours_rate, 4),
        "agreement_rate": round(
            sum(r.agreement is not None for r in ours_results) / len(ours_results), 4
        ),
        "rounds_mean": round(statistics.fmean(r.round + 1 for r in ours_results), 2),
        "player_utility_mean": round(
            statistics.fmean(
                tables.party("player").utility(r.agreement) if r.agreement is not None else 0.0
                for r in ours_results
            ),
            4,
        ),
        "negotiations": len(ours_results),
    }
    itex = {"domain": source, "outcomes": int(negotiation.space.size), "ours": ours}
    if run_one is not None:
        theirs_rate = statistics.median(theirs_rates)
        itex["negmas"] = {
            "version": negmas_version,
            "negotiations_per_s": round(theirs_rate, 1),
            "ms_per_negotiation": round(1e3 / theirs_rate, 3),
            "agreement_rate": round(
                sum(s.agreement is not None for s in theirs_states) / len(theirs_states), 4
            ),
            "steps_mean": round(statistics.fmean(s.step for s in theirs_states), 2),
            "negotiations": len(theirs_states),
        }
        itex["speedup"] = round(ours_rate / theirs_rate, 1)
    else:
        itex["negmas"] = None
        itex["speedup"] = None
    itex["match_path_negotiations_per_s"] = round(
        match_path_rate(negotiation, runtime, 0.3 if quick else 2.0), 1
    )

    result = {
        "benchmark": "npc",
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "quick": quick,
        "clock": "process CPU time",
        "itex_cypress": itex,
        "outcomes_100k": large_duel_ms(
            (10, 10, 10) if quick else (10, 10, 10, 10, 10), 3 if quick else 30, runtime
        ),
        "decision_1m": decision_latency(
            (10, 10, 10, 10) if quick else (10, 10, 10, 10, 10, 10),
            300 if quick else 5000,
            runtime,
        ),
    }
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
