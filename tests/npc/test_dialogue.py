"""Dialogue: keys, defaults for every archetype, level overrides, variety, concrete numbers."""

from __future__ import annotations

import random

import pytest

from game.engine import Move, MoveKind
from game.levels.setup import start_match
from game.npc.bots import PLAYER_BOTS, make_bot
from game.npc.dialogue import DIALOGUE_KEYS, EVENT_KEYS, LinePicker, fill
from game.npc.lines import archetype_lines, common_lines, default_keys
from game.npc.machines import STATES
from game.npc.runtime import NpcRuntime
from game.npc.spec import ARCHETYPES, Line

RUNTIME = NpcRuntime()
PORTRAIT_EMOTIONS = {"warm", "neutral", "frustrated", "angry", "hurt", "surprised"}


def test_dialogue_keys_cover_states_events_and_the_example_levels(tablet_level, book_level):
    assert set(STATES) <= DIALOGUE_KEYS
    assert set(EVENT_KEYS) <= DIALOGUE_KEYS
    assert "opening" in DIALOGUE_KEYS
    for level in (tablet_level, book_level):
        for npc in level.model.npcs:
            assert set(npc.dialogue) <= DIALOGUE_KEYS


def test_every_key_has_several_original_lines_with_portrait_emotions():
    common = common_lines()
    for key in DIALOGUE_KEYS - {"listening", "proposing"}:
        plain = [rule for rule in common.get(key, ()) if "register" not in rule.when]
        assert len(plain) >= 3, key
    assert default_keys() <= DIALOGUE_KEYS
    for archetype in ARCHETYPES:
        for key, rules in archetype_lines(archetype).items():
            assert key in DIALOGUE_KEYS
            assert len(rules) >= 3, (archetype, key)
    rules = [rule for table in common.values() for rule in table]
    rules += [r for a in ARCHETYPES for table in archetype_lines(a).values() for r in table]
    texts = [rule.text for rule in rules]
    assert len(texts) == len(set(texts))  # no line written twice
    assert {rule.emotion for rule in rules} <= PORTRAIT_EMOTIONS


def test_level_lines_replace_the_defaults(tablet_level):
    match = start_match(tablet_level, seed=0, runtime=RUNTIME)
    assert match.opening.lines[0].text == tablet_level.npc("nova").dialogue["opening"][0].text
    match.close()


def test_the_picker_never_says_the_same_line_twice_in_a_row():
    picker = LinePicker("boulware", {"offer": [Line(text="Only this.")]}, random.Random(1))
    moment = {"offer": "Price $60", "one_issue": False}
    said = [picker.pick("offer", "bargaining", moment)[0] for _ in range(6)]
    assert all(a != b for a, b in zip(said, said[1:], strict=False))
    picker = LinePicker("conceder", None, random.Random(2))
    said = [picker.pick("walk", "walked", {})[0] for _ in range(30)]
    assert all(a != b for a, b in zip(said, said[1:], strict=False))
    # a remark with nothing new to say is left unsaid rather than repeated
    picker = LinePicker("conceder", None, random.Random(2))
    said = [picker.pick("holding", "holding", {}) for _ in range(30)]
    texts = [s[0] for s in said if s is not None]
    assert len(texts) == len(set(texts)) >= 2 and said[-1] is None


@pytest.mark.parametrize("bot", PLAYER_BOTS)
def test_no_npc_repeats_a_line_twice_in_a_row_in_a_whole_match(tablet_level, book_level, bot):
    for level in (tablet_level, book_level):
        match = start_match(level, seed=5, runtime=RUNTIME)
        lines = list(match.opening.lines)
        player = make_bot(bot, match, 5)
        player.observe(match.opening)
        while not match.finished:
            report = match.player_move(player.next_move())
            if not report.ok:
                report = match.player_move(player.turn())
            player.observe(report)
            lines.extend(report.lines)
        player.close()
        by_speaker: dict[str, list[str]] = {}
        for speaker, text, emotion in lines:
            assert emotion in PORTRAIT_EMOTIONS
            assert "{" not in text, text  # every placeholder filled
            by_speaker.setdefault(speaker, []).append(text)
        for texts in by_speaker.values():
            assert all(a != b for a, b in zip(texts, texts[1:], strict=False))


def test_lines_name_the_issue_and_the_numbers(tablet_level):
    match = start_match(tablet_level, seed=1, runtime=RUNTIME)
    lines = list(match.opening.lines)
    bot = make_bot("integrator", match, 1)
    bot.observe(match.opening)
    while not match.finished:
        report = match.player_move(bot.next_move())
        bot.observe(report)
        lines.extend(report.lines)
    text = " ".join(line.text for line in lines if line.speaker == "nova")
    assert "$500" in text and "price" in text
    assert any(word in text for word in ("warranty", "accessories", "delivery", "trade-in"))


def test_placeholders_cannot_reach_into_objects():
    assert fill("{name} and {0.__class__} and {unknown}", {"name": "Nova"}) == (
        "Nova and {0.__class__} and {unknown}"
    )


def test_asking_an_issue_gets_a_concrete_answer(tablet_level):
    match = start_match(tablet_level, seed=1, runtime=RUNTIME)
    report = match.player_move(Move(MoveKind.ASK_ISSUE, "player", issue="delivery"))
    assert report.ok
    assert any("delivery" in line.text and "5 days" in line.text for line in report.lines)
    match.close()


def test_lines_are_chosen_by_rules_over_facts():
    from game.npc.rules import Rule, choose

    rules = [
        Rule("Any time.", "neutral", {}),
        Rule("Held firm.", "neutral", {"step": "none"}),
        Rule("Held firm, late.", "neutral", {"step": "none", "late": True}),
        Rule("Rich.", "neutral", {"trust": {"min": 70}}),
        Rule("Not angry.", "neutral", {"mood": {"not": ["hurt", "walked"]}}),
    ]
    facts = {"step": "none", "late": True, "trust": 50, "mood": "bargaining"}
    rng = random.Random(0)
    assert choose(rules, facts, rng)[1] == "Held firm, late."  # the most specific that holds
    said = {"Held firm, late.": 1}
    assert choose(rules, facts, rng, said=said)[0].text in {"Held firm.", "Not angry."}
    assert choose(rules, {**facts, "trust": 80, "late": False}, rng, said=said)[1] in {
        "Held firm.",
        "Rich.",
        "Not angry.",
    }
    every = {rule.text: n for n, rule in enumerate(rules)}
    assert choose(rules, facts, rng, said=every, repeat=False) is None
    assert choose(rules, facts, rng, said=every)[1] == "Any time."  # the one said longest ago


def test_a_characters_own_line_wins_over_the_defaults():
    picker = LinePicker(
        "linear",
        None,
        random.Random(3),
        extra={"lowball": [Line(text="{figure}? That wouldn't pay for the clay.")]},
        facts={"register": "market", "one_issue": True, "group": False},
    )
    text, _ = picker.pick("lowball", "holding", {"figure": "$20", "standing": "insulting"})
    assert text == "$20? That wouldn't pay for the clay."
