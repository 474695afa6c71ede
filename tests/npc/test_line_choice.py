"""Choosing lines fast must choose the same lines.

The selector compiles each line's criteria, settles the criteria on a character's fixed facts
once per meeting, and fills a line's text only when it could win.  These tests hold it to the
plain rule it replaces (every criterion tested with ``holds`` at every pick, every fitting line
filled first), kept here as the reference: the same winner, the same text, the same draws
from the random generator -- and so the same ``simulate`` results, lines and transcripts.
"""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.levels import catalog
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc import dialogue
from game.npc.rules import Rule, choose, compile_criterion, holds, matches
from game.npc.runtime import NpcRuntime
from game.npc.simulate import simulate


def reference_choose(
    rules, facts, rng, *, said=None, avoid=(), render=None, repeat=True, stale=()
):
    """The selector as it was written before it was made fast (every line filled first)."""
    said = said or {}
    avoid = set(avoid)
    fitting = []
    for rule in rules:
        if not matches(rule.when, facts):
            continue
        text = render(rule.text) if render is not None else rule.text
        if text is None or text in avoid:
            continue
        fitting.append((rule, text))
    if not fitting:
        return None
    stale = set(stale)
    fresh = [pair for pair in fitting if pair[0].text not in said and pair[1] not in stale]
    if not fresh and repeat:  # every fresh line was heard at the table: say one anyway
        fresh = [pair for pair in fitting if pair[0].text not in said]
    if not fresh and not repeat:  # a remark: silence rather than an echo or a repeat
        return None
    if not fresh:
        if not repeat:
            return None
        oldest = min(said[rule.text] for rule, _ in fitting)
        fresh = [pair for pair in fitting if said[pair[0].text] == oldest]
        return fresh[0] if rng is None else fresh[rng.randrange(len(fresh))]
    best = max((rule.specificity, rule.rank) for rule, _ in fresh)
    top = [pair for pair in fresh if (pair[0].specificity, pair[0].rank) == best]
    if rng is None or len(top) == 1:
        return top[0]
    return top[rng.randrange(len(top))]


WORDS = st.sampled_from(["a", "b", "c"])
VALUES = st.one_of(
    st.none(),
    WORDS,
    st.booleans(),
    st.integers(-2, 3),
    st.floats(-1, 2, allow_nan=False),
    st.lists(WORDS, max_size=3),
)
CONDITIONS = st.one_of(
    WORDS,
    st.booleans(),
    st.integers(-2, 3),
    st.lists(st.one_of(WORDS, st.booleans(), st.integers(0, 2)), min_size=1, max_size=3),
    st.fixed_dictionaries({"min": st.floats(-1, 2, allow_nan=False)}),
    st.fixed_dictionaries({"max": st.integers(-1, 2)}),
    st.fixed_dictionaries(
        {"min": st.floats(-1, 1, allow_nan=False), "max": st.floats(0, 2, allow_nan=False)}
    ),
    st.fixed_dictionaries({"not": st.one_of(WORDS, st.lists(WORDS, max_size=2))}),
    st.fixed_dictionaries({"not": st.one_of(st.booleans(), st.lists(st.booleans(), max_size=2))}),
    st.fixed_dictionaries({"not": st.integers(0, 2), "min": st.integers(-1, 1)}),
)


@given(CONDITIONS, VALUES)
@settings(max_examples=400, deadline=None)
def test_a_compiled_criterion_answers_as_holds(condition, value):
    assert compile_criterion(condition)(value) is holds(condition, value)


def test_compiled_criteria_keep_the_awkward_cases():
    # a bool is not a number and True is not 1; a list fact contains the word
    assert compile_criterion({"min": 0})(True) is False
    assert compile_criterion(["a", "b"])(True) is False
    assert compile_criterion([1])(True) is False
    assert compile_criterion("a")(["b", "a"]) is True
    assert compile_criterion({"max": 1})(float("nan")) is holds({"max": 1}, float("nan"))
    assert compile_criterion(True)(1) is False and compile_criterion(True)(True) is True
    assert compile_criterion({"not": True})(None) is True
    assert compile_criterion({"not": True})(False) is True
    assert compile_criterion({"not": False})(False) is False
    assert compile_criterion({"min": 0, "max": 1})(1) is True
    assert compile_criterion({"min": 0, "max": 1})(1.5) is False


FACT_NAMES = ("mood", "step", "late", "trust", "player_said")
RULES = st.lists(
    st.builds(
        Rule,
        st.sampled_from(["one", "two {x}", "three", "four {y}", "five", "six"]),
        st.just("neutral"),
        st.dictionaries(st.sampled_from(FACT_NAMES), CONDITIONS, max_size=2),
        st.integers(0, 2),
    ),
    max_size=8,
)


@given(
    RULES,
    st.fixed_dictionaries({name: VALUES for name in FACT_NAMES}),
    st.dictionaries(st.sampled_from(["one", "two {x}", "three", "six"]), st.integers(1, 4)),
    st.lists(st.sampled_from(["One", "Two 1", "three", "Four 2"]), max_size=2),
    st.booleans(),
    st.booleans(),
    st.integers(0, 3),
    st.lists(st.sampled_from(["One", "Two 1", "Three", "Six"]), max_size=3),
)
@settings(max_examples=400, deadline=None)
def test_the_fast_selector_picks_as_the_plain_one(
    rules, facts, said, avoid, repeat, fill_x, seed, stale
):
    context = {"x": 1 if fill_x else None, "y": 2}

    def render(template):
        if not dialogue._fillable(template, context):
            return None
        return dialogue.capitalise_sentences(dialogue.fill(template, context))

    fast_rng, plain_rng = random.Random(seed), random.Random(seed)
    options = {"said": said, "avoid": avoid, "render": render, "repeat": repeat, "stale": stale}
    fast = choose(rules, facts, fast_rng, **options)
    plain = reference_choose(rules, facts, plain_rng, **options)
    assert fast == plain
    assert fast_rng.random() == plain_rng.random()  # the same number of draws


def _run(level_id: str, bot: str, seed: int) -> tuple[str, list]:
    level = load_level(catalog.resolve_level(level_id))
    runtime = NpcRuntime()
    events: list = []
    result = simulate(
        lambda s: start_match(level, seed=s, runtime=runtime),
        bot,
        runs=2,
        seed=seed,
        transcript=events.append,
    )
    records = [
        {k: v for k, v in record.items() if k not in ("duration_s", "finished_at")}
        for record in result.records
    ]
    return json.dumps([records, result.summary], sort_keys=True, default=str), events


@pytest.mark.parametrize(
    ("level_id", "bot", "seed"),
    [
        ("market-stall", "haggler", 3),
        ("tablet-deal", "integrator", 11),
        ("book-deal", "reconciler", 5),
        ("climate-accord", "teacher", 2),
        ("two-forks", "flatterer", 8),
        ("season-winter", "spammer", 1),
    ],
)
def test_simulate_says_and_scores_the_same_with_the_plain_selector(
    monkeypatch, level_id, bot, seed
):
    fast = _run(level_id, bot, seed)

    def plain(candidates, facts, rng, **options):
        # every line with all of its criteria, every fitting line filled first
        return reference_choose([rule for rule, _ in candidates], facts, rng, **options)

    monkeypatch.setattr(dialogue, "choose_among", plain)
    slow = _run(level_id, bot, seed)
    assert fast[1] and any(event["speaker"] != "player" for event in fast[1])
    assert fast == slow
