"""Benchmark the negotiation engine's analysis; print one JSON object.

Two figures:

``analyze``
    A two-party domain of 100,000 outcomes (5 issues x 10 options, random weights and
    option scores from a fixed seed).  Ours: build both parties' ``Preferences`` and run
    ``Analysis`` (every outcome's utility, Pareto frontier, Nash, Kalai, max welfare,
    agreement zone).  NegMAS 0.16: ``pareto_frontier`` + ``nash_points`` from
    ``LinearAdditiveUtilityFunction`` objects over a NegMAS outcome space with the same
    issues.  A second pair of timings compares the algorithms alone on the same
    precomputed utility matrix (``pareto_indices`` + ``nash_index`` vs NegMAS'
    ``pareto_frontier_numpy`` + ``nash_points``).

``large``
    1,000,000 outcomes (6 issues x 10 options): building the preferences and running
    ``Analysis`` (frontier + Nash + Kalai + max welfare), in a fresh subprocess whose
    peak resident set size (``resource.getrusage(RUSAGE_SELF).ru_maxrss``: the whole
    process, interpreter and numpy included) is reported beside the time.

Medians over several repetitions; ``--quick`` shrinks everything for a smoke run (the
test suite only checks that the keys exist; no test asserts on time).

Run: ``python bench/engine.py`` (``pip install negmas==0.16.0``, the ``bench`` extra, for
the comparison).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.engine import (  # noqa: E402
    Analysis,
    DiscreteIssue,
    Negotiation,
    OptionScores,
    OutcomeSpace,
    Party,
    Preferences,
    analytics,
)

SEED = 20240611
RESERVATION = 0.2
"""Every party's reservation value.  Above the lowest utility, so NegMAS' ``nash_points``
uses it as the disagreement point exactly as ours does."""


# --------------------------------------------------------------------------- domain
def make_domain(issues: int, options: int, seed: int = SEED) -> dict:
    """Return a random two-party additive domain as plain data (weights, raw scores)."""
    rng = np.random.default_rng(seed)
    names = [f"issue{k}" for k in range(issues)]
    labels = [f"o{j}" for j in range(options)]
    parties = []
    for _ in range(2):
        weights = rng.random(issues) + 0.05
        scores = rng.random((issues, options)) + 0.01
        parties.append({"weights": weights, "scores": scores})
    return {"names": names, "labels": labels, "parties": parties}


def build_negotiation(domain: dict) -> Negotiation:
    """Return the engine's negotiation for a domain (fresh preferences: nothing cached)."""
    names, labels = domain["names"], domain["labels"]
    space = OutcomeSpace(tuple(DiscreteIssue(n, n, tuple(labels)) for n in names))
    parties = []
    for number, data in enumerate(domain["parties"]):
        preferences = Preferences(
            space,
            {n: float(w) for n, w in zip(names, data["weights"], strict=True)},
            {
                n: OptionScores({label: float(s) for label, s in zip(labels, row, strict=True)})
                for n, row in zip(names, data["scores"], strict=True)
            },
            reservation=RESERVATION,
        )
        parties.append(Party(f"p{number}", f"Party {number}", preferences, is_player=number == 0))
    return Negotiation(space, tuple(parties))


def analyse(domain: dict) -> Analysis:
    """Return the full analysis, from raw preferences to every solution point."""
    return Analysis(build_negotiation(domain))


def median_time(function, repetitions: int) -> tuple[float, object]:
    """Return the median wall time of ``function()`` over ``repetitions`` runs and its last result."""
    times = []
    result = None
    for _ in range(repetitions):
        gc.collect()
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# --------------------------------------------------------------------------- negmas
def negmas_version() -> tuple[object, str | None]:
    """Return (the negmas module or None, why not)."""
    try:
        import negmas
    except Exception as error:  # noqa: BLE001 - any import failure means "not available"
        return None, f"negmas cannot be imported: {error!r}"
    if negmas.__version__ != "0.16.0":
        return negmas, f"negmas {negmas.__version__} (the comparison targets 0.16.0)"
    return negmas, None


def negmas_ufuns(domain: dict, negotiation: Negotiation):
    """Return (issues, outcome space, ufuns) for NegMAS with exactly the engine's utilities.

    Fairness: each NegMAS ``LinearAdditiveUtilityFunction`` gets the engine's own
    normalised weights ``w_i`` and per-option values ``v_i`` (GENIUS normalisation already
    applied), over a NegMAS outcome space with the same issues and options, and the same
    reservation value.  So both sides evaluate ``sum_i w_i v_i`` for every outcome and
    search the same points; only the machinery differs.
    """
    from negmas import LinearAdditiveUtilityFunction, make_issue, make_os
    from negmas.preferences.value_fun import TableFun

    names, labels = domain["names"], domain["labels"]
    issues = [make_issue(values=list(labels), name=n) for n in names]
    outcome_space = make_os(issues)
    ufuns = []
    for party in negotiation.parties:
        preferences = party.preferences
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values={
                    n: TableFun({label: float(v) for label, v in zip(labels, table, strict=True)})
                    for n, table in zip(names, preferences.tables, strict=True)
                },
                weights={
                    n: float(w) for n, w in zip(names, preferences.weight_vector, strict=True)
                },
                outcome_space=outcome_space,
                reserved_value=preferences.reservation,
            )
        )
    return issues, outcome_space, ufuns


def bench_analyze(domain: dict, repetitions: int, negmas_repetitions: int) -> dict:
    """Return ours vs NegMAS on one domain (end to end and on the utility matrix alone)."""
    ours_seconds, analysis = median_time(lambda: analyse(domain), repetitions)
    utilities, reserved = analysis.utilities, analysis.reserved

    def ours_matrix():
        frontier = analytics.pareto_indices(utilities)
        return frontier, analytics.nash_index(utilities, reserved, frontier)

    matrix_seconds, _ = median_time(ours_matrix, repetitions)
    rational_frontier = analysis.pareto[
        analytics.individually_rational(utilities[analysis.pareto], reserved)
    ]
    result: dict = {
        "outcomes": analysis.outcomes,
        "parties": 2,
        "issues": len(domain["names"]),
        "options_per_issue": len(domain["labels"]),
        "repetitions": repetitions,
        "ours_seconds": ours_seconds,
        "ours_matrix_seconds": matrix_seconds,
        "ours_frontier_size": int(len(analysis.pareto)),
        "ours_rational_frontier_size": int(len(rational_frontier)),
        "ours_nash": list(analysis.nash.utilities) if analysis.nash else None,
        "fairness": (
            "both sides start from the same normalised weights and option values (NegMAS "
            "LinearAdditiveUtilityFunction with TableFun over the same issues, same "
            "reservation value) and evaluate every outcome; ours also computes Kalai, max "
            "welfare and the agreement zone. matrix_* timings: both on the same "
            "precomputed utility matrix."
        ),
    }
    negmas, problem = negmas_version()
    if negmas is None:
        result["negmas"] = None
        result["negmas_reason"] = problem
        return result
    from negmas.preferences.ops import nash_points, pareto_frontier, pareto_frontier_numpy

    negotiation = build_negotiation(domain)
    issues, outcome_space, ufuns = negmas_ufuns(domain, negotiation)

    def theirs():
        frontier_utilities, frontier_indices = pareto_frontier(ufuns, issues=issues)
        return frontier_utilities, nash_points(
            ufuns, frontier_utilities, outcome_space=outcome_space
        )

    negmas_seconds, (frontier_utilities, nash) = median_time(theirs, negmas_repetitions)
    ranges = [(float(r), float(utilities[:, k].max())) for k, r in enumerate(reserved)]
    rational = utilities[analytics.individually_rational(utilities, reserved)]

    def theirs_matrix():
        indices = pareto_frontier_numpy(rational)
        points = [tuple(rational[i]) for i in indices]
        return nash_points(None, points, ranges=ranges)

    negmas_matrix_seconds, _ = median_time(theirs_matrix, negmas_repetitions)
    negmas_nash = [float(u) for u in nash[0][0]] if nash else None
    agree = (
        negmas_nash is not None
        and result["ours_nash"] is not None
        and bool(np.allclose(negmas_nash, result["ours_nash"], atol=1e-9))
        and len(frontier_utilities) == len(rational_frontier)
    )
    result["negmas"] = {
        "version": negmas.__version__,
        "note": problem,
        "repetitions": negmas_repetitions,
        "seconds": negmas_seconds,
        "matrix_seconds": negmas_matrix_seconds,
        "frontier_size": len(frontier_utilities),
        "nash": negmas_nash,
    }
    result["same_answer"] = agree
    result["speedup"] = negmas_seconds / ours_seconds
    result["matrix_speedup"] = negmas_matrix_seconds / matrix_seconds
    result["target_speedup"] = 10.0
    result["meets_target"] = result["speedup"] >= 10.0
    return result


# --------------------------------------------------------------------------- large
def large_child(issues: int, options: int, repetitions: int) -> None:
    """Run in a fresh process: time the 1M-outcome analysis and print time and peak RSS."""
    import resource

    domain = make_domain(issues, options, SEED + 1)
    baseline_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds, analysis = median_time(lambda: analyse(domain), repetitions)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(
        json.dumps(
            {
                "outcomes": analysis.outcomes,
                "seconds": seconds,
                "frontier_size": int(len(analysis.pareto)),
                "peak_rss_mb": peak_kib / 1024,
                "rss_before_analysis_mb": baseline_kib / 1024,
            }
        )
    )


def bench_large(issues: int, options: int, repetitions: int) -> dict:
    """Return the large-domain figures measured in a subprocess."""
    completed = subprocess.run(
        [sys.executable, __file__, "--child", str(issues), str(options), str(repetitions)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    figures.update(
        {
            "repetitions": repetitions,
            "computes": "preferences -> utilities -> frontier + Nash + Kalai + max welfare",
            "memory_method": "resource.getrusage(RUSAGE_SELF).ru_maxrss of a fresh subprocess "
            "(whole process: interpreter, numpy and the domain included)",
            "target_seconds": 2.0,
            "target_peak_mb": 500.0,
            "meets_target": figures["seconds"] < 2.0 and figures["peak_rss_mb"] < 500.0,
        }
    )
    return figures


# --------------------------------------------------------------------------- main
def machine() -> dict:
    """Return where and when the figures were measured."""
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run the benchmark, print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repetition")
    parser.add_argument("--child", nargs=3, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        large_child(*args.child)
        return 0
    if args.quick:
        analyze = bench_analyze(make_domain(3, 6), repetitions=1, negmas_repetitions=1)
        large = bench_large(4, 6, repetitions=1)
    else:
        analyze = bench_analyze(make_domain(5, 10), repetitions=7, negmas_repetitions=3)
        large = bench_large(6, 10, repetitions=5)
    print(
        json.dumps(
            {"quick": args.quick, "machine": machine(), "analyze": analyze, "large": large},
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
