"""The built-in levels folder: hostile files are skipped, ids resolve with suggestions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.levels.catalog import builtin_entries, level_files, resolve_level
from game.levels.problems import LevelError

SMALL = Path(__file__).resolve().parent / "data" / "small-level.json"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMON_GROUND_LEVELS", str(tmp_path))
    return tmp_path


def test_hostile_files_do_not_break_the_level_list(folder):
    (folder / "a-small.json").write_bytes(SMALL.read_bytes())
    second = json.loads(SMALL.read_text(encoding="utf-8"))
    second.update(id="z-first", chapter=1, order=0)
    (folder / "b.json").write_text(json.dumps(second), encoding="utf-8")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "huge.json").write_bytes(b" " * (2 * 1024 * 1024))
    (folder / "latin1.json").write_bytes('{"id": "caf\u00e9"}'.encode("latin-1"))
    (folder / "list.json").write_text("[1, 2]")
    (folder / "nan.json").write_text('{"id": "x", "chapter": NaN, "kind": "k", "title": "t"}')
    (folder / "no-title.json").write_text('{"id": "x", "chapter": 1, "kind": "k"}')
    (folder / "typed.json").write_text('{"id": "x", "chapter": [], "kind": "k", "title": "t"}')
    (folder / "level.schema.json").write_text("{}")
    (folder / "notes.txt").write_text("not a level")
    assert [p.name for p in level_files(folder)][:2] == ["a-small.json", "b.json"]
    assert "level.schema.json" not in [p.name for p in level_files(folder)]
    assert [(e.id, e.chapter, e.order) for e in builtin_entries()] == [
        ("z-first", 1, 0),
        ("test-stall", 1, 1),
    ]


def test_resolve_an_id_a_path_and_a_misspelt_id(folder):
    (folder / "stall.json").write_bytes(SMALL.read_bytes())
    assert resolve_level("test-stall") == folder / "stall.json"
    assert resolve_level("elsewhere/x.json") == Path("elsewhere/x.json")
    with pytest.raises(LevelError) as caught:
        resolve_level("test-stal")
    assert caught.value.user_lines == [
        "test-stal: (level): no built-in level has this id (did you mean 'test-stall'?); give "
        "an id from `levels` or a path to a .json file"
    ]


def test_a_missing_folder_has_no_levels(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMON_GROUND_LEVELS", str(tmp_path / "nope"))
    assert builtin_entries() == []
