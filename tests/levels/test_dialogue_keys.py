"""Dialogue overrides must use the NPC's real state and event names."""

import json
from pathlib import Path

import pytest

from game.levels.loader import load_level_bytes
from game.levels.problems import LevelError
from game.npc.dialogue import DIALOGUE_KEYS

LEVEL = Path(__file__).resolve().parents[2] / "levels" / "tablet-deal.json"


def test_a_misspelt_dialogue_key_is_located_and_corrected():
    data = json.loads(LEVEL.read_text(encoding="utf-8"))
    data["npcs"][0]["dialogue"]["openin"] = [{"text": "Hello!", "emotion": "warm"}]
    with pytest.raises(LevelError) as raised:
        load_level_bytes(json.dumps(data).encode(), "x.json")
    (line,) = raised.value.user_lines
    assert line.startswith("x.json: npcs[0].dialogue.openin: unknown dialogue key 'openin'")
    assert "(did you mean 'opening'?)" in line


def test_every_shipped_level_uses_known_keys():
    folder = LEVEL.parent
    for path in folder.glob("*.json"):
        if path.name == "level.schema.json":
            continue
        for npc in json.loads(path.read_text(encoding="utf-8"))["npcs"]:
            assert set(npc.get("dialogue", {})) <= DIALOGUE_KEYS, path.name
