"""docs/level-authoring.md mentions every field of the level format, and its example is valid."""

import json
import re
from pathlib import Path
from typing import get_args

from game.levels.loader import load_level_bytes
from game.levels.schema import LevelModel, ObjectiveKind, ScoringModel, json_schema
from game.npc.spec import ARCHETYPES, Emotion

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "level-authoring.md").read_text(encoding="utf-8")


def _field_names() -> set[str]:
    schema = json_schema()
    names = set(schema["properties"])
    for definition in schema["$defs"].values():
        names.update(definition.get("properties", {}))
    return names


def test_every_field_of_the_format_is_in_the_guide():
    missing = sorted(name for name in _field_names() if f"`{name}`" not in DOC)
    assert not missing, f"docs/level-authoring.md does not mention: {', '.join(missing)}"


def test_every_named_choice_is_in_the_guide():
    choices = {
        *ARCHETYPES,
        *get_args(ObjectiveKind),
        *get_args(ScoringModel.model_fields["measure"].annotation),
        *get_args(LevelModel.model_fields["kind"].annotation),
        *get_args(Emotion),
    }
    missing = sorted(c for c in choices if f"`{c}`" not in DOC)
    assert not missing, f"docs/level-authoring.md does not mention: {', '.join(missing)}"


def test_the_walk_through_level_is_valid_and_analyzed_as_the_guide_says():
    block = re.search(
        r"<!-- level-example:begin -->\n```json\n(.*?)```\n<!-- level-example:end -->", DOC, re.S
    )
    assert block, "the complete example is marked with level-example comments"
    level = load_level_bytes(block.group(1).encode("utf-8"), "docs/level-authoring.md example")
    assert level.id == "cafe-beans" and level.analysis.outcomes == 81
    nash = level.analysis.nash.utilities
    assert f"-> ({nash[0]:.3f}, {nash[1]:.3f})" in DOC
    assert f"Pareto-optimal outcomes: {len(level.analysis.pareto)}" in DOC
    assert json.loads(block.group(1))["scoring"]["stars"] == [1.3, 1.4, 1.45]
