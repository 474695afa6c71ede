"""Shared fixtures of the store tests: records, data folders and folder snapshots."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def record(number: int = 0, **changes: Any) -> dict[str, Any]:
    """Return a valid finished-negotiation record; ``number`` varies seed and time."""
    base = {
        "level_id": "fixed-pie-1",
        "level_version": 1,
        "seed": number,
        "moves": [
            {"kind": "offer", "actor": "player", "offer": {"terms": {"price": 100 + number}}},
            {"kind": "accept", "actor": "mara"},
        ],
        "agreement": {"terms": {"price": 100 + number}},
        "utilities": {"player": 0.6, "mara": 0.4},
        "analytics": {
            "joint_utility": 1.0,
            "distance_to_frontier": 0.0,
            "nash_point": {"price": 100},
        },
        "stars": 2,
        "trust_change": 1.5,
        "rapport_change": 0.5,
        "duration_s": 80.0,
        "finished_at": f"2025-01-{1 + number // 24 % 28:02d}T{number % 24:02d}:00:00Z",
        "game_version": "0.1.0",
    }
    base.update(changes)
    return base


@pytest.fixture
def make_record() -> Callable[..., dict[str, Any]]:
    """A factory of valid history records."""
    return record


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder path (not created yet)."""
    return tmp_path / "data"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (but the lock file) with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "common-ground.lock"
    }


@pytest.fixture
def folder_snapshot() -> Callable[[Path], dict[str, bytes]]:
    """Return a function that snapshots a folder's files."""
    return snapshot


@pytest.fixture
def v1_folder(tmp_path: Path) -> Callable[[str], Path]:
    """Return a function copying a format-1 fixture into a fresh data folder."""

    def copy(name: str) -> Path:
        target = tmp_path / f"data-{name}"
        target.mkdir()
        shutil.copy(FIXTURES / name / "saves.json", target / "saves.json")
        return target

    return copy
