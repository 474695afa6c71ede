"""Benchmark the NPC code on the path the game plays; print one JSON object.

Figures:

``itex_cypress``
    ``simulate``'s own path: the scripted player ``boulware`` (Cypress) against the NPC
    ``conceder`` (Itex) on the GENIUS ItexvsCypress domain (180 outcomes; imported with
    ``import-genius --npc conceder --rounds 100 --ignore-discount`` at bench time, or a
    generated domain of the same shape when the sample folder is absent), deadline 100
    rounds.  Ours: :func:`game.cli.npc_cmds.simulation_summary`, the function the
    ``simulate`` command calls -- it loads the level, plays each run as a full match (engine
    session, the NPC's state machine, talk and dialogue lines, trust and rapport, the
    relationship log), keeps every run's history record and returns the summary the
    command prints (stars included).  NegMAS 0.16: ``BoulwareTBNegotiator`` vs
    ``ConcederTBNegotiator`` in ``SAOMechanism(n_steps=100)``.  Both are timed in
    alternating blocks in this one process, on its CPU time (1,000 negotiations each);
    the rates are medians over the blocks, and ``speedup`` is ours over NegMAS.

``outcomes_100k``
    The same pairing through the same function on a generated level of 100,000 outcomes
    (5 issues x 10 options): ms per negotiation, the whole command (level load, tables
    and analysis included).

``decision_1m``
    One NPC brain (the decision core each match's NPC runs) on a generated 1,000,000-outcome
    domain (6 issues x 10 values): the latency of single decisions (``decide`` after an
    offer that teaches its opponent model), p50/p99 in microseconds, plus the one-off
    table build time.

``--quick`` shrinks every figure to a smoke run (the test suite checks the keys and that
the figure comes from ``simulation_summary``).
Run: ``python bench/npc.py`` (``pip install negmas==0.16.0`` for the comparison, in a
separate environment: it is not a dependency of the game).
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

from game.cli import npc_cmds  # noqa: E402
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
from game.npc.runtime import NpcRuntime  # noqa: E402
from game.npc.spec import NpcSpec  # noqa: E402

SAMPLES = Path("/work/shared/genius-samples/ItexvsCypress")
CLOCK = time.process_time
"""Negotiation rates use this process's CPU time, so other programs on a busy machine do not
skew the comparison (both sides are timed the same way, in alternating blocks)."""
DEADLINE = 100
SEED = 20240611
PLAYER = "boulware"
NPC = "conceder"


# --------------------------------------------------------------------------- levels
def genius_level_data() -> tuple[dict, str]:
    """Return (level data, source) for ItexvsCypress with Cypress as the player.

    The data is what ``import-genius --npc conceder --rounds 100 --ignore-discount`` writes.
    """
    from game.levels.genius import import_genius

    domain = SAMPLES / "ItexvsCypress_domain.xml"
    if not domain.is_file():
        return shaped_level_data((5, 4, 3, 3), seed=SEED), "generated (same shape: 5x4x3x3)"
    data = import_genius(
        domain,
        SAMPLES / "ItexvsCypress_Cypress.xml",
        SAMPLES / "ItexvsCypress_Itex.xml",
        strategy=NPC,
        deadline=DEADLINE,
        keep_discount=False,
    )
    return data, "GENIUS ItexvsCypress (Cypress = player)"


def shaped_level_data(sizes: tuple[int, ...], seed: int = SEED) -> dict:
    """Return a level (the player vs one ``conceder`` NPC, deadline 100) with issues of the
    given sizes and random preferences, laid out as ``import-genius`` writes a level."""
    rng = np.random.default_rng(seed)
    issues = [
        {
            "type": "options",
            "id": f"i{k}",
            "name": f"Issue {k}",
            "options": [f"o{j}" for j in range(size)],
        }
        for k, size in enumerate(sizes)
    ]

    def preferences() -> dict:
        return {
            "weights": {issue["id"]: float(rng.random() + 0.05) for issue in issues},
            "values": {
                issue["id"]: {
                    "kind": "options",
                    "scores": {o: float(rng.random() + 0.01) for o in issue["options"]},
                }
                for issue in issues
            },
            "reservation": 0.0,
            "discount": 1.0,
        }

    return {
        "$schema": "level.schema.json",
        "schema_version": 1,
        "id": "bench-" + "x".join(str(size) for size in sizes),
        "version": 1,
        "title": "Generated domain",
        "chapter": 99,
        "order": 1,
        "kind": "integrative",
        "summary": "A generated domain for the benchmark.",
        "briefing": "A generated domain for the benchmark.",
        "teaching_points": ["Generated."],
        "debrief_notes": "Generated.",
        "issues": issues,
        "player": {"role": "Buyer", "preferences": preferences(), "batna": "Nothing."},
        "npcs": [
            {
                "id": "opponent",
                "name": "Seller",
                "role": "the other side",
                "portrait": "supplier",
                "preferences": preferences(),
                "strategy": {"kind": NPC},
            }
        ],
        "rules": {"deadline_rounds": DEADLINE},
        "objectives": [
            {
                "id": "deal",
                "text": "Reach an agreement that beats walking away.",
                "kind": "beats_batna",
                "stars": 1,
            }
        ],
        "scoring": {"measure": "player_utility", "stars": [0.3, 0.5, 0.7]},
    }


def write_level(data: dict, folder: Path, name: str) -> str:
    """Write level data to ``folder/name`` and return the path ``simulate`` is given."""
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def simulate_args(level: str, runs: int, seed: int) -> argparse.Namespace:
    """Return the arguments of ``simulate LEVEL --player boulware --runs N --seed S --json``."""
    return argparse.Namespace(
        level=level,
        player=PLAYER,
        npc=None,
        rounds=None,
        runs=runs,
        seed=seed,
        json=True,
        record=False,
        profile=None,
        transcript=None,
    )


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


# --------------------------------------------------------------------------- ours
def ours_block(level: str, runs: int, seed: int) -> tuple[float, dict]:
    """Run ``simulate``'s function for ``runs`` negotiations; return (rate, its summary)."""
    begin = CLOCK()
    _, summary = npc_cmds.simulation_summary(simulate_args(level, runs, seed))
    elapsed = CLOCK() - begin
    return runs / elapsed, summary


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


def negmas_block(run_one, runs: int) -> tuple[float, list]:
    """Run ``runs`` NegMAS negotiations; return (negotiations per CPU second, states)."""
    begin = CLOCK()
    states = [run_one() for _ in range(runs)]
    return runs / (CLOCK() - begin), states


# --------------------------------------------------------------------------- large spaces
def large_ms(sizes: tuple[int, ...], runs: int, folder: Path) -> dict:
    """Return ms per negotiation of ``simulate``'s function on a generated level (whole
    command: level load, tables and analysis included)."""
    data = shaped_level_data(sizes, seed=SEED + 1)
    level = write_level(data, folder, "large.json")
    begin = time.perf_counter()
    cpu = CLOCK()
    _, summary = npc_cmds.simulation_summary(simulate_args(level, runs, 0))
    elapsed = time.perf_counter() - begin
    outcomes = int(np.prod(sizes))
    return {
        "outcomes": outcomes,
        "ms_per_negotiation": round(elapsed / runs * 1e3, 3),
        "cpu_ms_per_negotiation": round((CLOCK() - cpu) / runs * 1e3, 3),
        "agreement_rate": summary["agreement_rate"],
        "rounds_mean": summary["rounds"]["mean"],
        "runs": runs,
    }


def decision_latency(sizes: tuple[int, ...], decisions: int, runtime: NpcRuntime) -> dict:
    """Return p50/p99 of single NPC decisions (each after an offer that teaches its model)."""
    negotiation = shaped_negotiation(sizes, seed=SEED + 2)
    begin = time.perf_counter()
    tables = runtime.tables(negotiation)
    npc = NpcBrain(
        "opponent",
        NpcSpec.model_validate({"strategy": {"kind": NPC}}),
        tables,
        runtime.machine(NPC),
        deadline=negotiation.rules.deadline_rounds,
        others=["player"],
    )
    build = time.perf_counter() - begin
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
    npc.close()
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
def itex_cypress(folder: Path, blocks: int, runs: int) -> dict:
    """Return the ItexvsCypress figure: ``simulate``'s function vs NegMAS, alternating blocks."""
    data, source = genius_level_data()
    level = write_level(data, folder, "itex.json")
    npc_cmds.simulation_summary(simulate_args(level, 2, -2))  # warm up (imports, caches)
    run_one, negmas_version = negmas_setup()
    if run_one is not None:
        run_one()
    ours_rates: list[float] = []
    summaries: list[dict] = []
    theirs_rates: list[float] = []
    theirs_states: list = []
    for block in range(blocks):
        rate, summary = ours_block(level, runs, block * runs)
        ours_rates.append(rate)
        summaries.append(summary)
        if run_one is not None:
            rate, states = negmas_block(run_one, runs)
            theirs_rates.append(rate)
            theirs_states.extend(states)
    gc.collect()

    def mean_of(pick) -> float:
        return round(statistics.fmean(pick(s) for s in summaries), 4)

    ours_rate = statistics.median(ours_rates)
    ours = {
        "path": "game.cli.npc_cmds.simulation_summary (the simulate command)",
        "negotiations_per_s": round(ours_rate, 1),
        "ms_per_negotiation": round(1e3 / ours_rate, 3),
        "agreement_rate": mean_of(lambda s: s["agreement_rate"]),
        "rounds_mean": mean_of(lambda s: s["rounds"]["mean"]),
        "player_utility_mean": mean_of(lambda s: s["player_utility"]["mean"]),
        "trust_change_mean": mean_of(lambda s: s["trust_change"]["mean"]),
        "negotiations": sum(s["runs"] for s in summaries),
    }
    itex = {
        "domain": source,
        "outcomes": int(np.prod([len(issue["options"]) for issue in data["issues"]])),
        "ours": ours,
    }
    if run_one is None:
        itex["negmas"] = None
        itex["speedup"] = None
        return itex
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
    itex["speedup"] = round(ours_rate / theirs_rate, 2)
    return itex


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few seconds")
    args = parser.parse_args(argv)
    quick = args.quick
    runtime = NpcRuntime()
    gc.collect()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        result = {
            "benchmark": "npc",
            "date": datetime.date.today().isoformat(),
            "python": platform.python_version(),
            "machine": platform.machine(),
            "quick": quick,
            "clock": "process CPU time",
            "itex_cypress": itex_cypress(folder, 2 if quick else 5, 3 if quick else 200),
            "outcomes_100k": large_ms(
                (10, 10, 10) if quick else (10,) * 5, 2 if quick else 20, folder
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
