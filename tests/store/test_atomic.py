"""Atomic writes, rotating backups, careful reads, stale temp cleanup, the fault hook."""

from __future__ import annotations

import json
import os

import pytest

from game.store import atomic
from game.store.atomic import FaultInjector, atomic_write, backup_path, read_json
from game.store.recovery import tinydb_shape


def test_write_rotates_three_backups_newest_first(tmp_path):
    path = tmp_path / "index.json"
    for number in range(1, 6):
        atomic_write(path, f'{{"n": {number}}}'.encode())
    assert json.loads(path.read_bytes()) == {"n": 5}
    assert [json.loads(backup_path(path, k).read_bytes())["n"] for k in (1, 2, 3)] == [5, 4, 3]
    assert not backup_path(path, 4).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "index.json",
        "index.json.bak1",
        "index.json.bak2",
        "index.json.bak3",
    ]


def test_write_without_backups_leaves_no_extra_files(tmp_path):
    path = tmp_path / "export.json"
    atomic_write(path, b"{}", backups=0)
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]


def test_replace_is_retried_while_the_os_refuses(tmp_path, monkeypatch):
    path = tmp_path / "f.json"
    path.write_bytes(b'{"old": 1}')
    real_replace = os.replace
    refusals = []

    def flaky_replace(src, dst):
        if str(dst) == str(path) and len(refusals) < 2:
            refusals.append(dst)
            raise PermissionError(13, "in use by another program")
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", flaky_replace)
    monkeypatch.setattr(atomic, "REPLACE_RETRY_DELAYS", (0.001, 0.001, 0.001))
    atomic_write(path, b'{"new": 1}')
    assert len(refusals) == 2
    assert json.loads(path.read_bytes()) == {"new": 1}


def test_replace_that_keeps_failing_raises_and_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "f.json"
    path.write_bytes(b'{"old": 1}')

    def refuse(src, dst):
        raise PermissionError(13, "in use by another program")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    monkeypatch.setattr(atomic, "REPLACE_RETRY_DELAYS", (0.001,))
    with pytest.raises(PermissionError):
        atomic_write(path, b'{"new": 1}')
    assert json.loads(path.read_bytes()) == {"old": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]  # the temp file was removed


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b'{"profiles": {"1": {"name": "Ad', "ends too early (the file was cut off)"),
        (bytes(range(256)) * 4, "does not contain text (damaged or random bytes)"),
        (b'{"a": 1} trailing', "is damaged (not valid JSON at line 1, column 10)"),
        (b"[1, 2]", "does not hold save data (wrong structure)"),
        (b'{"meta": {"x": {}}}', "does not hold save data (bad entry in table 'meta')"),
    ],
)
def test_read_json_names_the_problem(tmp_path, content, problem):
    path = tmp_path / "f.json"
    path.write_bytes(content)
    result = read_json(path, tinydb_shape())
    assert not result.ok
    assert result.problem == problem


def test_read_json_of_a_missing_file(tmp_path):
    result = read_json(tmp_path / "nothing.json")
    assert result.missing and not result.ok and result.problem is None


def test_clean_stale_temps_removes_only_temp_files(tmp_path):
    (tmp_path / "sub").mkdir()
    keep = [tmp_path / "index.json", tmp_path / "sub" / "000000.json.bak1"]
    stale = [tmp_path / ".index.json.tmp-123-abcd", tmp_path / "sub" / ".000000.json.bak1.tmp-9-ff"]
    for path in keep + stale:
        path.write_bytes(b"{}")
    removed = atomic.clean_stale_temps(tmp_path)
    assert sorted(removed) == sorted(stale)
    assert all(p.exists() for p in keep) and not any(p.exists() for p in stale)


def test_fault_injector_counts_points_and_rejects_unknown_ones(monkeypatch):
    kills = []
    monkeypatch.setattr(atomic.os, "kill", lambda pid, sig: kills.append((pid, sig)))
    hook = FaultInjector("replaced:kill:3")
    for _ in range(2):
        hook("replaced")
        hook("temp-written")
    assert kills == []
    hook("replaced")
    assert len(kills) == 1 and kills[0][0] == os.getpid()
    with pytest.raises(ValueError, match="unknown fault point"):
        FaultInjector("nowhere:kill:1")


def test_fault_hook_sees_every_point_in_order(tmp_path):
    seen = []
    atomic_write(tmp_path / "f.json", b"{}", fault=seen.append)
    assert seen == ["temp-written", "replaced", "backup-written", "rotated"]
