"""`simulate` shows "run N of M" on a terminal while a batch takes a while, and nothing in a
log or a pipe."""

from __future__ import annotations

import argparse
import io

from game.cli import npc_cmds
from game.cli.npc_cmds import RunProgress, run_progress


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_line_waits_a_second_then_is_redrawn_four_times_a_second_and_at_the_end():
    out, clock = io.StringIO(), _Clock()
    progress = RunProgress(out, clock=clock)
    for done in range(1, 9):  # 0.125 s a run (exact in binary, as the sums must be)
        clock.now += 0.125
        progress(done, 41)
    assert out.getvalue() == "\rsimulate: run 8 of 41\033[K"  # shown at 1 s, not before
    for done in range(9, 42):
        clock.now += 0.125
        progress(done, 41)
    shown = [part.removesuffix("\033[K") for part in out.getvalue().split("\r") if part]
    # every 0.25 s (two runs), and the last run, which comes sooner
    assert shown == [f"simulate: run {n} of 41" for n in (*range(8, 41, 2), 41)]
    progress.clear()
    assert out.getvalue().endswith("\r\033[K")


def test_a_short_batch_shows_nothing_and_clears_nothing():
    out, clock = io.StringIO(), _Clock()
    progress = RunProgress(out, clock=clock)
    for done in range(1, 6):
        clock.now += 0.15
        progress(done, 5)
    progress.clear()
    assert out.getvalue() == ""


def test_only_a_terminal_gets_progress():
    with run_progress(io.StringIO()) as progress:
        assert progress is None
    terminal = _Terminal()
    with run_progress(terminal) as progress:
        assert isinstance(progress, RunProgress)
        progress.started -= 5  # a batch well under way
        progress(1_200, 2_000)
    assert terminal.getvalue() == "\rsimulate: run 1,200 of 2,000\033[K\r\033[K"


def test_the_command_reports_every_run_to_its_progress():
    seen: list[tuple[int, int]] = []
    args = argparse.Namespace(
        level="bike-sale",
        player="haggler",
        npc=None,
        rounds=None,
        runs=4,
        seed=16_000,
        json=True,
        record=False,
        profile=None,
        transcript=None,
    )
    _, summary = npc_cmds.simulation_summary(args, lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    _, quiet = npc_cmds.simulation_summary(args)
    assert quiet == summary  # progress changes nothing the command reports


def test_every_player_of_the_table_is_announced_and_its_runs_follow():
    out, clock = io.StringIO(), _Clock()
    progress = RunProgress(out, clock=clock)
    progress.announce("simulate: player 1 of 2 (teacher)")  # shown at once
    clock.now += 2
    progress(5, 5)
    progress.announce("simulate: player 2 of 2 (haggler)")
    clock.now += 0.5
    progress(5, 5)
    shown = [part.removesuffix("\033[K") for part in out.getvalue().split("\r") if part]
    assert shown == [
        "simulate: player 1 of 2 (teacher)",
        "simulate: player 1 of 2 (teacher), run 5 of 5",
        "simulate: player 2 of 2 (haggler)",
        "simulate: player 2 of 2 (haggler), run 5 of 5",
    ]
