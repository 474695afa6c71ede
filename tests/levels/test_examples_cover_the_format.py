"""The two example levels (tablet-deal and book-deal) use every field of the level format.

A strategy's own parameters exist once per kind (a hardliner's ``anchor``, a grudge-holder's
``e_open``...): the examples use theirs, and every other kind's are used by a campaign level.

The one exception is ``assets``: built-in levels carry no extra files because class packs
hand levels out as single JSON files; the field is exercised by the lint tests (missing
files, files outside the level's folder) and documented in docs/level-authoring.md.
"""

import json
from pathlib import Path
from typing import get_args

from game.levels.loader import level_field_names

LEVELS = Path(__file__).resolve().parents[2] / "levels"
EXAMPLES = ("tablet-deal.json", "book-deal.json")
NOT_IN_EXAMPLES = {"assets"}


def _keys(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            _keys(value, found)
    elif isinstance(node, list):
        for value in node:
            _keys(value, found)
    return found


def _strategy_fields() -> set[str]:
    from game.npc.spec import StrategyConfig

    names: set[str] = set()
    for member in get_args(get_args(StrategyConfig)[0]):
        names |= set(member.model_fields)
    return names


def test_the_examples_use_every_field_but_other_strategies_parameters():
    used: set[str] = set()
    for name in EXAMPLES:
        _keys(json.loads((LEVELS / name).read_text(encoding="utf-8")), used)
    missing = level_field_names() - used - NOT_IN_EXAMPLES - _strategy_fields()
    assert not missing, f"fields no example uses: {sorted(missing)}"


def test_the_campaign_uses_every_field():
    used: set[str] = set()
    for path in LEVELS.glob("*.json"):
        if path.name != "level.schema.json":
            _keys(json.loads(path.read_text(encoding="utf-8")), used)
    missing = level_field_names() - used - NOT_IN_EXAMPLES
    assert not missing, f"fields no level uses: {sorted(missing)}"
