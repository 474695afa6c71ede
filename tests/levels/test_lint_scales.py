"""validate knows the scales: objective values a measure can never reach, portraits the game
does not have, benchmarks outside their issue, and placeholders the level can never fill.
Each is one line naming the place, with the fix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game.levels.loader import load_level_bytes
from game.levels.portraits import PORTRAIT_EXPRESSIONS, known_portraits
from game.npc.dialogue import DIALOGUE_KEYS

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "level-authoring.md"


def _objective(level, kind, value):
    level["objectives"].append(
        {"id": f"o{len(level['objectives'])}", "text": "x", "kind": kind, "value": value}
    )


def test_a_trust_objective_beyond_100_is_refused_with_the_range(check, level):
    _objective(level, "trust_at_least", 200)
    assert check(level) == [
        "objectives[1].value: trust runs from 0 to 100, so 200 can never be reached: give a "
        "value from 0 to 100 (a character starts at 50 unless its trust says otherwise)"
    ]


def test_a_trust_gain_beyond_the_room_left_by_the_starting_trust(check, level):
    level["npcs"][0]["trust"] = 80
    _objective(level, "trust_gain_at_least", 25)
    _objective(level, "trust_earned_at_least", 20)  # exactly the room: reachable
    assert check(level) == [
        "objectives[1].value: trust stops at 100 and a character here starts at 80, so a gain "
        "of 25 can never be reached: give at most 20"
    ]


def test_rounds_beyond_the_deadline_and_accuracy_beyond_one(check, level):
    level["rules"] = {"deadline_rounds": 8}
    _objective(level, "within_rounds", 12)
    _objective(level, "restated_interests", 80)
    level["npcs"][0]["interests"] = [
        {"id": "i", "fact": "needs the money", "issues": ["price"], "question": "Why?"}
    ]
    assert check(level) == [
        "objectives[1].value: the deadline is 8 rounds (rules.deadline_rounds), so within 12 "
        "is always met: give at most 8",
        "objectives[2].value: accuracy runs from 0 to 1, so 80 can never be reached: give a "
        "value from 0 to 1 (0.8 means 80 %)",
    ]


def test_values_on_the_scale_pass(check, level):
    level["rules"] = {"deadline_rounds": 8}
    _objective(level, "trust_at_least", 100)
    _objective(level, "trust_gain_at_least", 10)
    _objective(level, "within_rounds", 8)
    assert load_level_bytes(json.dumps(level).encode(), "lvl.json") is not None


def test_an_unknown_portrait_is_named_with_a_suggestion_and_the_list(check, level):
    level["npcs"][0]["portrait"] = "market_vendr"
    (line,) = check(level)
    assert line.startswith(
        "npcs[0].portrait: unknown portrait 'market_vendr' (did you mean 'market_vendor'?): "
        "the game's portraits are author, "
    )
    assert "supplier" in line and not line.endswith(")")  # the whole list, not cut short


def test_known_portraits_are_the_folders_with_a_face(tmp_path):
    (tmp_path / "ada").mkdir()
    (tmp_path / "ada" / "neutral.png").write_bytes(b"png")
    (tmp_path / "empty").mkdir()
    assert known_portraits(tmp_path) == ["ada"]
    shipped = known_portraits()
    assert shipped is not None and "supplier" in shipped and "stall_owner" not in shipped
    assert PORTRAIT_EXPRESSIONS[0] == "neutral"


def test_a_benchmark_outside_its_issue_says_the_range(check, level):
    level["evidence"][0]["benchmark"] = 140
    assert check(level) == [
        "evidence[0].benchmark: 140 is outside price (0 to 100), so citing it can never move "
        "the talks: give a value from 0 to 100"
    ]


def test_player_placeholder_without_a_player_name(check, level):
    level["npcs"][0]["dialogue"] = {
        "opening": [{"text": "Thanks for seeing me, {player}.", "emotion": "warm"}]
    }
    assert check(level) == [
        "npcs[0].dialogue.opening[0].text: the level gives the player no name (player.name is "
        '"You"), so {player} is never filled and the line is never said: set player.name '
        '(e.g. "Sam") or write the line without {player}'
    ]
    level["player"]["name"] = "Sam"
    assert load_level_bytes(json.dumps(level).encode(), "lvl.json") is not None


def test_issue_placeholders_the_level_has_too_few_issues_for(check, level):
    level["npcs"][0]["lines"] = {
        "held_firm": [{"text": "What about the {second_issue}?"}],
        "first_offer": [{"text": "The {low_issue} hardly matters."}],  # two issues: fine
    }
    assert check(level) == [
        "npcs[0].lines.held_firm[0].text: {second_issue} needs a level of three issues or more "
        "(this one has 2), so the line is never said: name the issue in the text instead"
    ]


def test_a_misspelt_key_points_at_the_table_of_keys(check, level):
    level["npcs"][0]["dialogue"] = {"openin": [{"text": "Hello."}]}
    assert check(level) == [
        "npcs[0].dialogue.openin: unknown dialogue key 'openin' (did you mean 'opening'?): "
        "every key, with when it is said, is in docs/level-authoring.md (Dialogue keys: when "
        "each is said)"
    ]


def _documented_keys() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index("#### Dialogue keys: when each is said")
    end = text.index("\n**Lines chosen by what just happened.**", start)
    keys = []
    for row in text[start:end].splitlines():
        if row.startswith("| `"):
            first_cell = row.split("|")[1]
            keys.extend(re.findall(r"`([a-z_]+)`", first_cell))
    return keys


def test_every_dialogue_key_is_documented_once_with_when_it_is_said():
    keys = _documented_keys()
    assert sorted(set(keys)) == sorted(keys), "a key is documented twice"
    assert set(keys) == set(DIALOGUE_KEYS)


@pytest.mark.parametrize("heading", ["#### Portraits"])
def test_the_guide_documents_the_portrait_layout(heading):
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    for expression in PORTRAIT_EXPRESSIONS:
        assert f"{expression}.png" in section
