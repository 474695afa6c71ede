"""A level's teacher's guide (docs/teaching/<id>.md) says what the level says: its chapter,
rounds and issues, and every objective word for word with its stars.  A teacher reads the
guide before class; a guide that lags the level (a threshold raised, an objective added)
tells the class something the game no longer does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ROOT / "levels"
TEACHING = ROOT / "docs" / "teaching"
LEVEL_FILES = sorted(p for p in LEVELS.glob("*.json") if p.name != "level.schema.json")


def _stars(n: int) -> str:
    return f"{n} star" if n == 1 else f"{n} stars"


@pytest.mark.parametrize("path", LEVEL_FILES, ids=lambda p: p.stem)
def test_the_teachers_guide_lists_the_levels_objectives_as_they_are(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    guide = (TEACHING / f"{data['id']}.md").read_text(encoding="utf-8")
    issues = len(data["issues"])
    heading = (
        f"Chapter {data['chapter']}, level {data['order']} - kind **{data['kind']}** - "
        f"{data['rules']['deadline_rounds']} rounds - {issues} issue{'s' if issues != 1 else ''}"
    )
    assert heading in guide
    missing = [
        objective["id"]
        for objective in data["objectives"]
        if f"- {_stars(objective['stars'])}: {objective['text']}" not in guide
    ]
    assert not missing, f"docs/teaching/{data['id']}.md lacks or misquotes {missing}"
