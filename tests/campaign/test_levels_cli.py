"""The campaign's levels from the command line: `levels --json` and `validate`.

`python main.py levels --json` lists every level file with its chapter and kind in campaign
order, and `python main.py validate levels/*.json` passes for all of them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.levels.schema import LevelModel

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ROOT / "levels"
FILES = sorted(p for p in LEVELS.glob("*.json") if p.name != "level.schema.json")
KINDS = set(LevelModel.model_fields["kind"].annotation.__args__)


@pytest.fixture(scope="module")
def listed(main_py) -> list[dict]:
    result = main_py("levels", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_levels_json_lists_every_level_file_once(listed):
    files = {json.loads(p.read_text(encoding="utf-8"))["id"] for p in FILES}
    ids = [entry["id"] for entry in listed]
    assert len(ids) == len(set(ids)) == len(FILES) == 19
    assert set(ids) == files


def test_levels_json_gives_each_level_its_chapter_kind_and_title_from_the_file(listed):
    by_id = {entry["id"]: entry for entry in listed}
    for path in FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        entry = by_id[data["id"]]
        assert entry["chapter"] == data["chapter"], data["id"]
        assert entry["kind"] == data["kind"], data["id"]
        assert entry["title"] == data["title"], data["id"]
        assert entry["order"] == data.get("order", 1), data["id"]
        assert entry["kind"] in KINDS


def test_levels_json_is_in_campaign_order(listed):
    keys = [(entry["chapter"], entry["order"]) for entry in listed]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)  # no two levels share a place
    assert {entry["chapter"] for entry in listed} == set(range(1, 10))
    assert listed[0]["id"] == "market-stall" and listed[-1]["id"] == "season-spring"


def test_levels_json_covers_every_kind_the_campaign_teaches(listed):
    assert {entry["kind"] for entry in listed} == {
        "distributive",
        "integrative",
        "contingent",
        "household",
        "reverse",
        "multiparty",
        "grievance",
        "series",
    }


def test_levels_table_shows_the_same_levels(capsys, listed):
    assert main(["levels"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "chapter", "kind", "title"]
    rows = [line.split()[:3] for line in lines[2:]]
    assert rows == [[e["id"], str(e["chapter"]), e["kind"]] for e in listed]


def test_validate_passes_for_every_campaign_level(main_py):
    result = main_py("validate", *(str(p.relative_to(ROOT)) for p in FILES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(FILES)} of {len(FILES)} level files valid" in result.stderr
    for path in FILES:
        assert f"{path.relative_to(ROOT)}: ok" in result.stdout


def test_validate_passes_for_the_levels_folder(main_py):
    result = main_py("validate", "levels/")
    assert result.returncode == 0, result.stdout + result.stderr
