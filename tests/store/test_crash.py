"""Kill a writer with SIGKILL, at random moments and inside the write itself, over and over.

After every kill the store must open without any repair and hold every save whose call had
returned (the writer reports each one on its output only after the call returned).  The
bulk of the kills fork this test process (fast); a few start a fresh interpreter with the
``$COMMON_GROUND_TEST_FAULT`` hook.  More than 100 kills in all.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.store import open_store, paths
from game.store.atomic import FAULT_ENV, FAULT_POINTS

from .crash_writer import LOOPS, run_writer

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("crash_writer.py")


class Ledger:
    """What the killed writers reported as saved, and the checks after each kill."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.trust: dict[str, int] = {}
        self.width: dict[str, int] = {}
        self.xp: dict[str, int] = {}
        self.kills = 0

    def absorb(self, output: str) -> None:
        """Take the complete lines of a writer's output."""
        complete = output[: output.rfind("\n") + 1]
        for line in complete.splitlines():
            kind, *rest = line.split()
            if kind == "h":
                self.ids.add(rest[1])
            elif kind == "r":
                self.trust[rest[0]] = int(rest[1])
            elif kind == "w":
                self.width[rest[0]] = int(rest[1])
            elif kind == "x":
                self.xp[rest[0]] = self.xp.get(rest[0], 0) + 1

    def check(self, data_dir: Path) -> None:
        """Open the store after a kill and compare it with what was reported saved."""
        with open_store(data_dir) as store:
            assert store.recovery_messages == []  # a kill never damages a file
            ids = [r["id"] for r in store.history()]
            assert len(ids) == len(set(ids))
            missing = self.ids - set(ids)
            assert not missing, f"saves lost after kill {self.kills}: {missing}"
            # at most one save per kill was in flight: done on disk, not yet reported
            assert len(set(ids) - self.ids) <= self.kills
            assert sum(p["sessions"] for p in store.list_profiles()) == len(ids)
            for name, number in self.trust.items():
                assert store.get_relationship(name, "mara")["trust"] >= number
            for name, number in self.width.items():
                assert store.get_profile(name)["settings"]["window"]["width"] >= 320 + number
            for name, count in self.xp.items():
                assert count <= store.get_profile(name)["xp"] <= count + self.kills


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode()


def _fork_writer(data_dir: Path, start: int, fault: str | None) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            os.close(read_end)
            if fault:
                os.environ[FAULT_ENV] = fault
            else:
                os.environ.pop(FAULT_ENV, None)
            run_writer(data_dir, start, os.fdopen(write_end, "w", buffering=1))
        finally:
            os._exit(3)
    os.close(write_end)
    return pid, read_end


def _wait_killed(pid: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the writer never reached its fault point")
        time.sleep(0.002)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status


def _kill_batch(data_dir: Path, kills: int, seed: int, fault_for) -> Ledger:
    rng = random.Random(seed)
    ledger = Ledger()
    for number in range(kills):
        fault, delay = fault_for(rng)
        pid, output = _fork_writer(data_dir, start=number * LOOPS, fault=fault)
        if delay is not None:
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
        _wait_killed(pid, timeout=20)
        ledger.absorb(_read_all(output))
        ledger.kills += 1
        ledger.check(data_dir)
    return ledger


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_random_kills(tmp_path, seed):
    ledger = _kill_batch(tmp_path / "data", 20, seed, lambda rng: (None, rng.uniform(0.0, 0.25)))
    assert ledger.kills == 20
    assert len(ledger.ids) >= 10  # the writers did get saves done between kills


@pytest.mark.slow
def test_random_kills_inside_slowed_writes(tmp_path):
    """Every write step sleeps 2 ms, so most random kills land inside a write."""
    ledger = _kill_batch(
        tmp_path / "data", 20, 3, lambda rng: ("*:sleep:0.002", rng.uniform(0.0, 0.25))
    )
    assert ledger.kills == 20 and ledger.ids


@pytest.mark.slow
@pytest.mark.parametrize("point", FAULT_POINTS)
def test_kills_aimed_at_each_step_of_a_write(tmp_path, point):
    """The writer kills itself at the N-th time it reaches ``point`` (N random, 1-25)."""
    ledger = _kill_batch(
        tmp_path / "data",
        12,
        hash(point) % 1000,
        lambda rng: (f"{point}:kill:{rng.randint(1, 25)}", None),
    )
    assert ledger.kills == 12


@pytest.mark.parametrize("fault", ["temp-written:kill:1", "replaced:kill:1"])
def test_a_kill_during_recovery_is_recovered_from(tmp_path, fault):
    data_dir = tmp_path / "data"
    ledger = _kill_batch(data_dir, 1, 0, lambda rng: ("rotated:kill:30", None))
    index = paths.index_path(data_dir)
    index.write_bytes(index.read_bytes()[:10])
    pid, output = _fork_writer(data_dir, start=10_000, fault=fault)  # dies restoring the index
    _wait_killed(pid, timeout=20)
    assert _read_all(output) == ""
    with open_store(data_dir) as store:
        if fault.startswith("temp-written"):  # killed before the restored copy was in place
            (message,) = store.recovery_messages
            assert message.startswith(
                "Save file saves/index.json (the list of profiles) is missing. Restored"
            )
        else:  # the restore had finished: nothing left to repair
            assert store.recovery_messages == []
    assert len(list(index.parent.glob("index.json.corrupt-*"))) == 1  # kept for inspection
    ledger.check(data_dir)


def _spawn_writer(data_dir: Path, start: int, fault: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), FAULT_ENV: fault}
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), str(start)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.slow
def test_fresh_processes_killed_by_the_environment_hook_and_from_outside(tmp_path):
    """Real interpreters: the hook from $COMMON_GROUND_TEST_FAULT, and SIGKILL from here."""
    data_dir = tmp_path / "data"
    ledger = Ledger()
    rng = random.Random(5)
    plans = [(f"{point}:kill:{rng.randint(2, 30)}", None) for point in FAULT_POINTS]
    plans += [("*:sleep:0.003", rng.uniform(0.3, 0.6)) for _ in range(4)]
    for number, (fault, delay) in enumerate(plans):
        process = _spawn_writer(data_dir, number * LOOPS, fault)
        if delay is not None:
            assert process.stdout.readline() == "open\n"
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
        output, _ = process.communicate(timeout=60)
        assert process.returncode == -signal.SIGKILL
        ledger.absorb(output)
        ledger.kills += 1
        ledger.check(data_dir)
    assert ledger.kills == 8 and len(ledger.ids) >= 8
