"""`validate` checks a character's lines: facts that exist, values they take, criteria that
can hold in the level, placeholders some fact fills, and a line for everything it must say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.levels.loader import load_level_bytes
from game.levels.problems import LevelError
from game.npc.lines import common_lines
from game.npc.rules import REGISTERS

LEVELS = Path(__file__).resolve().parents[2] / "levels"


def _market(change) -> list[str]:
    data = json.loads((LEVELS / "market-stall.json").read_text(encoding="utf-8"))
    data.pop("translations")  # its lines name the English keys these tests change
    change(data["npcs"][0])
    try:
        load_level_bytes(json.dumps(data).encode(), "x.json")
    except LevelError as error:
        return list(error.user_lines)
    return []


def test_the_shipped_lines_are_valid():
    assert _market(lambda npc: None) == []


@pytest.mark.parametrize(
    ("line", "where", "message"),
    [
        ({"text": "Still {figur}."}, "held_firm[0].text", "no fact fills the placeholder {figur}"),
        (
            {"text": "No.", "when": {"standin": "close"}},
            "held_firm[0].when.standin",
            "no fact 'standin' (did you mean 'standing'?)",
        ),
        (
            {"text": "No.", "when": {"step": "huge"}},
            "held_firm[0].when.step",
            "'step' is never 'huge'",
        ),
        (
            {"text": "No.", "when": {"trust": {"min": 80, "max": 20}}},
            "held_firm[0].when.trust",
            "min 80 is above max 20",
        ),
        (
            {"text": "No.", "when": {"one_issue": "yes"}},
            "held_firm[0].when.one_issue",
            "true or false",
        ),
        ({"text": "No.", "when": {"mood": {"min": 1}}}, "held_firm[0].when.mood", "not a number"),
        (
            {"text": "No.", "when": {"register": "casual"}},
            "held_firm[0].when.register",
            'never said here: register is "market"',
        ),
        (
            {"text": "No.", "when": {"group": True}},
            "held_firm[0].when.group",
            "never said here: group is false",
        ),
    ],
)
def test_a_line_that_can_never_be_said_is_reported_where_it_is(line, where, message):
    def change(npc):
        npc["lines"] = {"held_firm": [line]}

    (problem,) = _market(change)
    assert problem.startswith(f"x.json: npcs[0].lines.{where}: "), problem
    assert message in problem


def test_a_character_left_with_nothing_to_say_is_reported():
    def change(npc):
        npc["dialogue"]["accept"] = [{"text": "Done.", "when": {"one_issue": False}}]

    problems = _market(change)
    assert any(
        p.startswith("x.json: npcs[0].dialogue.accept: Rosa has no line it can say for 'accept'")
        for p in problems
    ), problems


def test_an_unknown_key_in_lines_is_located_and_corrected():
    def change(npc):
        npc["lines"] = {"helf_firm": [{"text": "No."}]}

    (problem,) = _market(change)
    assert problem.startswith("x.json: npcs[0].lines.helf_firm: unknown dialogue key")
    assert "(did you mean 'held_firm'?)" in problem


COMMON_THINGS = (
    "offer",
    "accept",
    "first_offer",
    "held_firm",
    "small_step",
    "conceded",
    "retracted",
    "lowball",
    "agreed",
    "walked",
)


@pytest.mark.parametrize("register", REGISTERS)
def test_every_voice_has_three_ways_to_say_each_common_thing(register):
    lines = common_lines()
    for key in COMMON_THINGS:
        own = [r for r in lines.get(key, ()) if r.when.get("register") == register]
        if key == "offer":  # a haggle and a package are said differently
            for one_issue in (True, False):
                fit = [r for r in own if r.when.get("one_issue", one_issue) is one_issue]
                assert len(fit) >= 3 or register == "diplomatic" and one_issue, (key, one_issue)
        else:
            assert len(own) >= 3, (register, key)
        for rule in own:
            assert rule.text[:1].isupper() or rule.text.startswith("{"), rule.text
