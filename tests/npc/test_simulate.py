"""simulate: the command, its JSON, determinism, overrides, and the lessons of the levels."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from game.levels.setup import start_match
from game.npc.runtime import NpcRuntime
from game.npc.simulate import simulate

KEYS = {
    "runs",
    "agreement_rate",
    "player_utility",
    "npc_utility",
    "joint_utility",
    "pareto_distance",
    "rounds",
    "trust_change",
    "rapport_change",
    "grievances_resolved",
}


def run_cli(capsys, *args: str) -> str:
    assert main(["simulate", *args]) == 0
    return capsys.readouterr().out


def test_same_seed_gives_identical_json(capsys):
    args = ("tablet-deal", "--player", "integrator", "--runs", "4", "--seed", "7", "--json")
    first = run_cli(capsys, *args)
    second = run_cli(capsys, *args)
    assert first == second
    data = json.loads(first)
    assert KEYS <= set(data)
    assert data["runs"] == 4
    for key in (
        "player_utility",
        "joint_utility",
        "pareto_distance",
        "rounds",
        "grievances_resolved",
    ):
        assert set(data[key]) == {"mean", "stdev"}
    assert {"mean", "stdev", "by_npc"} <= set(data["npc_utility"])
    assert set(data["trust_change"]["by_npc"]) == {"nova"}
    other = json.loads(run_cli(capsys, *args[:-3], "--seed", "8", "--json"))
    assert other != data


def test_npc_and_rounds_overrides(capsys):
    data = json.loads(
        run_cli(
            capsys,
            "book-deal",
            "--player",
            "linear",
            "--npc",
            "conceder",
            "--rounds",
            "5",
            "--runs",
            "2",
            "--json",
        )
    )
    assert data["npc"] == "conceder"
    assert data["rounds"]["mean"] <= 5


def test_text_report_and_bad_arguments(capsys):
    out = run_cli(capsys, "tablet-deal", "--player", "haggler", "--runs", "2")
    assert "agreement rate" in out and "player utility" in out
    assert main(["simulate", "tablet-deal", "--player", "haggler", "--runs", "0"]) == 1
    assert "--runs" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["simulate", "tablet-deal", "--player", "pirate"])


def test_every_run_keeps_its_history_record(tablet_level):
    runtime = NpcRuntime()
    result = simulate(
        lambda seed: start_match(tablet_level, seed=seed, runtime=runtime),
        "reconciler",
        runs=3,
        seed=2,
    )
    assert [r["seed"] for r in result.records] == [2, 3, 4]
    assert all({"moves", "utilities", "analytics", "finished_at"} <= set(r) for r in result.records)
    assert result.summary["runs"] == 3


def test_the_integrator_does_better_than_the_haggler_on_the_tablet_desk(tablet_level):
    runtime = NpcRuntime()

    def start(seed):
        return start_match(tablet_level, seed=seed, runtime=runtime)

    integrator = simulate(start, "integrator", runs=12, seed=1).summary
    haggler = simulate(start, "haggler", runs=12, seed=1).summary
    assert integrator["player_utility"]["mean"] > haggler["player_utility"]["mean"]
    assert integrator["joint_utility"]["mean"] > haggler["joint_utility"]["mean"]
    assert integrator["pareto_distance"]["mean"] < haggler["pareto_distance"]["mean"]
    assert integrator["trust_change"]["mean"] > haggler["trust_change"]["mean"]
    accepter = simulate(start, "accepter", runs=3, seed=1).summary
    assert accepter["player_utility"]["mean"] < haggler["player_utility"]["mean"]


def test_only_repair_and_a_clause_close_the_book_deal(book_level):
    runtime = NpcRuntime()

    def start(seed):
        return start_match(book_level, seed=seed, runtime=runtime)

    reconciler = simulate(start, "reconciler", runs=6, seed=1).summary
    integrator = simulate(start, "integrator", runs=6, seed=1).summary
    grudge = simulate(start, "grudge", runs=6, seed=1).summary
    assert reconciler["agreement_rate"] == 1.0
    assert reconciler["clause_rate"] == 1.0
    assert reconciler["grievances_resolved"]["mean"] == 1.0
    assert integrator["agreement_rate"] < reconciler["agreement_rate"]
    assert grudge["trust_change"]["mean"] < 0 < reconciler["trust_change"]["mean"]


def test_bench_quick_times_what_simulate_runs(capsys, monkeypatch):
    """The bench's figures come from the function the simulate command calls, nothing else."""
    import importlib.util
    from pathlib import Path

    from game.cli import npc_cmds

    path = Path(__file__).resolve().parents[2] / "bench" / "npc.py"
    spec = importlib.util.spec_from_file_location("bench_npc", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.npc_cmds is npc_cmds
    assert not hasattr(module, "Duel")
    calls = []
    real = npc_cmds.simulation_summary

    def watched(args):
        calls.append((args.level, args.player, args.npc, args.runs))
        return real(args)

    monkeypatch.setattr(npc_cmds, "simulation_summary", watched)
    assert module.main(["--quick"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"itex_cypress", "outcomes_100k", "decision_1m"} <= set(data)
    ours = data["itex_cypress"]["ours"]
    assert ours["negotiations_per_s"] > 0 and ours["agreement_rate"] > 0
    # every negotiation timed was played by simulate's function: boulware vs the level's NPC
    itex_runs = [runs for level, _, _, runs in calls if level.endswith("itex.json")]
    assert sum(itex_runs[1:]) == ours["negotiations"]  # the first call warms up
    assert {(player, npc) for _, player, npc, _ in calls} == {("boulware", None)}
    assert data["outcomes_100k"]["runs"] in [runs for level, *_, runs in calls if "large" in level]
    assert {"p50_us", "p99_us"} <= set(data["decision_1m"])


def test_the_simulate_command_prints_simulation_summary(capsys, monkeypatch):
    from game.cli import npc_cmds

    seen = []
    real = npc_cmds.simulation_summary

    def watched(args, progress=None):
        level, summary = real(args, progress)
        seen.append(summary)
        return level, summary

    monkeypatch.setattr(npc_cmds, "simulation_summary", watched)
    out = run_cli(capsys, "market-stall", "--player", "haggler", "--runs", "2", "--json")
    assert json.loads(out) == seen[0]


def test_a_batch_frees_each_match_and_gives_the_collector_back(tablet_level):
    import gc
    import weakref

    finished = []

    def start(seed: int):
        match = start_match(tablet_level, seed=seed, runtime=runtime)
        finished.append(weakref.ref(match))
        return match

    runtime = NpcRuntime()
    assert gc.isenabled()
    result = simulate(start, "haggler", runs=3, seed=0)
    assert len(result.records) == 3
    assert gc.isenabled(), "the collector is switched back on after the batch"
    # each finished match (reference cycles and all) was freed when its run ended
    assert [ref() for ref in finished] == [None, None, None]
    gc.disable()
    try:
        simulate(start, "haggler", runs=1, seed=0)
        assert not gc.isenabled(), "a collector held by the caller stays held"
    finally:
        gc.enable()
