"""Transcripts of whole meetings: the NPCs' lines vary, answer what happened, read right.

Every built-in level is played by several scripted players with ``simulate``'s transcript
(the JSON Lines ``simulate --transcript`` writes), and the lines are checked as a reader
would: a character rarely repeats itself within a meeting, no two speakers say the same
line back to back, every sentence starts with a capital, and in a one-issue haggle the
answers to an offer name the figures in play.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache

import pytest

from game.levels.catalog import builtin_entries
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.runtime import NpcRuntime
from game.npc.simulate import simulate

BOTS = ("boulware", "linear", "haggler", "integrator", "conceder")
RUNTIME = NpcRuntime()
LOWER_START = re.compile(r"(?:^|(?<!\.\.)[.!?]\s+)[\"']?([a-z])")
"""A sentence in lower case; after a pause ("That's... good") the sentence goes on."""
FIGURE = re.compile(r"[$€£]\s?\d|\d")


@cache
def _levels():
    return [load_level(entry.path) for entry in builtin_entries()]


@cache
def transcript(level_id: str, bot: str, runs: int = 2) -> tuple[dict, ...]:
    level = next(lv for lv in _levels() if lv.id == level_id)
    events: list[dict] = []
    simulate(
        lambda seed: start_match(level, seed=seed, runtime=RUNTIME),
        bot,
        runs=runs,
        seed=11,
        transcript=events.append,
    )
    return tuple(events)


def _level_ids():
    return [entry.id for entry in builtin_entries()]


@pytest.mark.parametrize("level_id", _level_ids())
def test_the_transcript_has_the_promised_shape(level_id):
    events = transcript(level_id, "linear")
    assert events
    for event in events:
        assert set(event) == {"meeting", "round", "speaker", "move", "text"}
        assert isinstance(event["meeting"], int) and isinstance(event["round"], int)
    assert {e["meeting"] for e in events} == {1, 2}
    assert any(e["speaker"] == "player" and e["move"] == "offer" for e in events)


@pytest.mark.parametrize("level_id", _level_ids())
def test_characters_rarely_repeat_a_line_within_a_meeting(level_id):
    worst = []
    for bot in BOTS:
        lines: dict[tuple[int, str], list[str]] = defaultdict(list)
        for event in transcript(level_id, bot):
            if event["speaker"] != "player":
                lines[(event["meeting"], event["speaker"])].append(event["text"])
        for (meeting, speaker), texts in lines.items():
            repeats = len(texts) - len(set(texts))
            share = repeats / len(texts)
            if share > 0.10:
                repeated = [t for t, n in Counter(texts).items() if n > 1]
                worst.append((bot, meeting, speaker, f"{share:.0%}", repeated[:3]))
    assert not worst, worst


@pytest.mark.parametrize("level_id", _level_ids())
def test_no_two_speakers_say_the_same_line_back_to_back_and_sentences_start_with_capitals(
    level_id,
):
    for bot in BOTS:
        previous = None
        for event in transcript(level_id, bot):
            if event["speaker"] == "player":
                continue
            text = event["text"]
            assert "{" not in text, text
            assert not LOWER_START.search(text), (bot, event)
            if previous is not None and previous["meeting"] == event["meeting"]:
                assert text != previous["text"], (bot, previous, event)
            previous = event


def test_one_issue_answers_to_an_offer_name_the_figure_in_play():
    one_issue = [lv.id for lv in _levels() if len(lv.model.issues) == 1]
    assert one_issue, "the campaign has a one-issue haggle"
    for level_id in one_issue:
        for bot in BOTS:
            answers = []
            answering = False
            for event in transcript(level_id, bot):
                if event["speaker"] == "player":
                    answering = event["move"] == "offer"
                    continue
                if answering:
                    answers.append(event["text"])
            named = [t for t in answers if FIGURE.search(t)]
            assert answers and len(named) / len(answers) >= 0.6, (level_id, bot, answers)


def test_one_issue_characters_never_talk_of_packages_and_tables_are_not_a_pair():
    for level in _levels():
        one_issue = len(level.model.issues) == 1
        group = len(level.negotiation.party_ids) > 2
        for bot in BOTS:
            for event in transcript(level.id, bot):
                if event["speaker"] == "player":
                    continue
                text = event["text"].lower()
                if one_issue:
                    assert not re.search(
                        r"package|paperwork|extras|everything on the table", text
                    ), (
                        level.id,
                        text,
                    )
                if group:
                    assert not re.search(
                        r"\b(we can both|both of us|both sides|you two|you both)\b", text
                    ), (
                        level.id,
                        text,
                    )


HELD = re.compile(r"(?:\b[Ss]till |[Ss]ticking with |standing still at )([$€£]?\d(?:[\d,.]*\d)?(?: ?%)?)|([$€£]?\d(?:[\d,.]*\d)?(?: ?%)?) again\b")
NO_STEP = re.compile(r"\b(?:step of|[Mm]oving by|[Oo]nly) [$€£]?0(?:\.0+)?(?!\.?\d)")


@pytest.mark.parametrize("level_id", _level_ids())
def test_what_a_line_says_of_the_players_figure_is_true(level_id):
    """'Still $300?' and '$250 again' only when the player offered that figure again; no
    'step of $0'."""
    for bot in BOTS:
        offered: list[str] = []
        own: dict[str, str] = defaultdict(str)  # what each speaker said before (its figures)
        for event in transcript(level_id, bot):
            text = event["text"]
            if event["speaker"] == "player":
                if event["move"] == "offer":
                    offered.append(text.replace(" %", "%"))
                continue
            assert not NO_STEP.search(text), (level_id, bot, text)
            found = HELD.search(text)
            figure = found and (found.group(1) or found.group(2)).replace(" %", "%")
            said_before = own[event["speaker"]]
            own[event["speaker"]] += " " + text.replace(" %", "%")
            if figure and figure in said_before:
                continue  # "Still $72": its own figure
            if found and len(offered) >= 2 and event["move"] == "offer":
                value = _number(figure)
                last, before = _numbers(offered[-1]), _numbers(offered[-2])
                assert value in last and value in before, (level_id, bot, text, offered[-2:])


def _number(text: str) -> float:
    return float(re.sub(r"[^\d.]", "", text))


def _numbers(text: str) -> set[float]:
    return {_number(n) for n in re.findall(r"\d(?:[\d,.]*\d)?", text)}


def test_delegates_at_a_table_do_not_echo_one_another_within_a_round():
    """At a table of several, a line one delegate said is not said by another in the same
    round (each has lines enough of its own)."""
    for level in _levels():
        if len(level.negotiation.party_ids) <= 2:
            continue
        for bot in BOTS:
            heard: dict[tuple[int, int, str], str] = {}
            for event in transcript(level.id, bot):
                if event["speaker"] == "player" or not event["text"]:
                    continue
                key = (event["meeting"], event["round"], event["text"])
                first = heard.setdefault(key, event["speaker"])
                assert first == event["speaker"], (level.id, bot, event, first)
