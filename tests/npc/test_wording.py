"""Issue names in sentences: articles, agreement, capitals; and every default line read
with the real values of every built-in level."""

from __future__ import annotations

import re

import pytest

from game.levels.catalog import builtin_entries
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.dialogue import LinePicker, fill
from game.npc.lines import archetype_lines, common_lines
from game.npc.rules import FACTS, matches
from game.npc.runtime import NpcRuntime
from game.npc.wording import agree, issue_is_plural, issue_phrase, sentence_name

PLURAL = {
    "Accessories",
    "Extras",
    "Repairs",
    "Dishes",
    "Events",
    "Winter tyres",
    "Payment terms",
    "Rounds of changes",
    "Days at home",
    "Days a week",
    "Emission cuts by 2035",
    "Bathroom and floors",
    "Loss and damage",
}


def _issue_names() -> set[str]:
    names = set()
    for entry in builtin_entries():
        names |= {issue.name for issue in load_level(entry.path).model.issues}
    return names


def test_plural_issue_names_of_every_level():
    names = _issue_names()
    assert PLURAL <= names  # the table above names real issues
    for name in names:
        assert issue_is_plural(name) == (name in PLURAL), name


def test_issue_phrases_bring_the_article_they_need():
    assert issue_phrase("Accessories") == "the accessories"
    assert issue_phrase("Who pays") == "who pays"
    assert issue_phrase("Your royalty share") == "your royalty share"
    assert issue_phrase("The label") == "the label"
    assert issue_phrase("Kestria's tariff on cars") == "Kestria's tariff on cars"
    assert issue_phrase("For December") == "for December"
    assert sentence_name("VAT rate") == "VAT rate"
    assert agree("Accessories", "matters") == "matter"
    assert agree("Price", "matters") == "matters"
    assert agree("Who pays", "is") == "is"


@pytest.mark.parametrize(
    ("template", "name", "expected"),
    [
        (
            "The {top_issue} matters most to me.",
            "Accessories",
            "The accessories matter most to me.",
        ),
        ("The {top_issue} matters most to me.", "Who pays", "Who pays matters most to me."),
        ("Honestly? The {top_issue} is it.", "Days a week", "Honestly? The days a week are it."),
        (
            "Sure. The {low_issue} hardly matters.",
            "Winter tyres",
            "Sure. The winter tyres hardly matter.",
        ),
        ("It's the {top_issue}.", "Kestria's tariff on cars", "It's Kestria's tariff on cars."),
        ("{top_issue}. Next question.", "Price", "The price. Next question."),
        ("{top_issue}. Next question.", "The label", "The label. Next question."),
        ("Not only {top_issue}, then.", "Extras", "Not only the extras, then."),
        ("The {top_issue}? Fine.", "Your royalty share", "Your royalty share? Fine."),
    ],
)
def test_fill_puts_issue_names_into_sentences(template, name, expected):
    assert fill(template, {"top_issue": issue_phrase(name), "low_issue": issue_phrase(name)}) == (
        expected
    )


def test_fill_capitalises_a_value_that_starts_a_sentence():
    assert (
        fill("{value} would suit me.", {"value": "not included"}) == "Not included would suit me."
    )
    assert fill("I'd take {value}.", {"value": "not included"}) == "I'd take not included."


def _all_contexts():
    """Yield (level id, speaker, template, context) for every default line of every NPC."""
    for entry in builtin_entries():
        level = load_level(entry.path)
        match = start_match(level, seed=1, runtime=NpcRuntime())
        try:
            space = match.negotiation.space
            for controller in match.controllers.values():
                prefs = controller.brain.preferences
                for issue in space.issues:
                    context = controller._context({"offer": match.codec.offer(0)})
                    context.update(
                        issue=issue_phrase(issue.name),
                        value=issue.format(prefs.best_value(issue.id)),
                        level="fairly",
                        choices="one with a case; or one with a pen",
                        card="the price guide",
                        hint="Trade the delivery for the warranty.",
                        event="revenue passes $2 million",
                        count=2,
                        grievance="You left without a word.",
                    )
                    picker = LinePicker(controller.picker.archetype, None, None)
                    keys = dict.fromkeys([*common_lines(), *archetype_lines(picker.archetype)])
                    facts = {**controller.picker.facts, **context}
                    for key in keys:
                        for rule in picker.variants(key):
                            if not matches(_static(rule.when), facts):
                                continue  # a line this character never says
                            yield entry.id, controller.name, rule.text, context, space
        finally:
            match.close()


def test_every_default_line_reads_right_with_every_levels_values():
    problems = []
    fillable_keys: dict[tuple[str, str, str], bool] = {}
    for level_id, speaker, template, context, space in _all_contexts():
        names = re.findall(r"\{([a-z_]+)\}", template)
        fillable = all(context.get(n) is not None for n in names)
        common = common_lines()
        for key in [k for k in common if any(template == r.text for r in common[k])]:
            fillable_keys[(level_id, speaker, key)] = (
                fillable_keys.get((level_id, speaker, key), False) or fillable
            )
        if not fillable:
            continue  # the picker prefers lines it can fill
        line = fill(template, context)
        where = f"{level_id}/{speaker}: {line!r}"
        if re.search(r"\bthe the\b", line, re.I):
            problems.append(f"article twice: {where}")
        if re.search(r"\bthe (who|what|when|your|my|for|[A-Z][a-z]+'s)\b", line):
            problems.append(f"article before a name that takes none: {where}")
        if line[:1].islower() or re.search(r"(?<!\.)[.!?] [a-z]", line):
            problems.append(f"sentence in lower case: {where}")
        for issue in space.issues:
            if not issue_is_plural(issue.name):
                continue
            phrase = issue_phrase(issue.name).bare
            if re.search(
                rf"{re.escape(phrase)} (hardly |really |still )?(is|matters|has|counts|stays)\b",
                line,
                re.I,
            ):
                problems.append(f"verb does not agree: {where}")
    assert not problems, "\n".join(problems[:20])
    # every line an NPC can need has at least one version it can fill in every level
    unfillable = [k for k, ok in fillable_keys.items() if not ok and k[2] in _ALWAYS_NEEDED]
    assert not unfillable, unfillable[:10]


def _static(when: dict) -> dict:
    """Return the criteria on facts fixed for a character (register, level kind, ...)."""
    return {name: value for name, value in when.items() if FACTS[name].static}


_ALWAYS_NEEDED = {
    "exploring",
    "answer_open",
    "answer_guarded",
    "answer_issue",
    "share",
    "interests_heard",
    "interests_missed",
}
