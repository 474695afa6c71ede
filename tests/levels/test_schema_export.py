"""levels/level.schema.json is the exported JSON Schema, and the shipped levels are valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.levels.catalog import SCHEMA_FILE, level_files
from game.levels.loader import load_level
from game.levels.schema import json_schema

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ROOT / "levels"


def test_the_exported_schema_is_up_to_date():
    exported = json.loads((LEVELS / SCHEMA_FILE).read_text(encoding="utf-8"))
    assert exported == json_schema(), (
        "levels/level.schema.json is stale: run "
        "`python main.py schema --out levels/level.schema.json` and commit it"
    )


def test_the_schema_forbids_unknown_keys_everywhere():
    schema = json_schema()
    objects = [schema, *schema["$defs"].values()]
    for definition in objects:
        if definition.get("type") == "object" and "properties" in definition:
            assert definition.get("additionalProperties") is False, definition.get("title")


def test_the_schema_names_the_level_fields():
    schema = json_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"$schema", "schema_version", "issues", "player", "npcs", "scoring"} <= set(
        schema["properties"]
    )


@pytest.mark.parametrize("path", level_files(LEVELS), ids=lambda p: p.name)
def test_every_shipped_level_is_valid(path):
    level = load_level(path)
    assert level.model.schema_ref in (None, SCHEMA_FILE)
