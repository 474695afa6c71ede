"""Shared pieces for the level-format tests: a small valid level and a problem collector."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.levels.loader import load_level_bytes
from game.levels.problems import LevelError

DATA = Path(__file__).resolve().parent / "data"
SMALL_LEVEL_FILE = DATA / "small-level.json"
"""A small valid level (2 issues, 33 outcomes, best player utility 0.88) to break."""


@pytest.fixture
def level() -> dict[str, Any]:
    """Return a fresh copy of a small valid level to break."""
    return json.loads(SMALL_LEVEL_FILE.read_text(encoding="utf-8"))


def encode(data: Any) -> bytes:
    """Return level data as the bytes of a UTF-8 JSON file."""
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def problems(raw: bytes | dict[str, Any], base_dir: Path | None = None) -> list[str]:
    """Return the ``LOCATION: MESSAGE`` lines of a level that must fail (source ``lvl.json``)."""
    if isinstance(raw, dict):
        raw = encode(raw)
    with pytest.raises(LevelError) as caught:
        load_level_bytes(raw, "lvl.json", base_dir)
    lines = caught.value.user_lines
    assert lines, "a LevelError must list at least one problem"
    for line in lines:
        assert line.startswith("lvl.json: "), line
        assert "\n" not in line and "\r" not in line, line
    return [line[len("lvl.json: ") :] for line in lines]


@pytest.fixture
def encoded() -> Callable[[Any], bytes]:
    """Return the encoder: level data -> UTF-8 JSON bytes."""
    return encode


@pytest.fixture
def check() -> Callable[..., list[str]]:
    """Return the problem collector: ``check(data_or_bytes, base_dir=None) -> lines``."""
    return problems
