"""Issue names in sentences: articles, agreement, capitals; and every default line read
with the real values of every built-in level."""

from __future__ import annotations

import re

import pytest

from game.engine import Offer
from game.levels.catalog import builtin_entries
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.dialogue import LinePicker, fill
from game.npc.lines import archetype_lines, common_lines
from game.npc.rules import FACTS, matches
from game.npc.runtime import NpcRuntime
from game.npc.wording import (
    Voice,
    agree,
    issue_is_plural,
    issue_phrase,
    join_words,
    sentence_name,
    spoken_offer,
    spoken_option,
)

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


# ----------------------------------------------------------------------------- spoken packages

DOUBLED = re.compile(r"\b(\w[\w']*(?:\s+\w[\w']*){0,3})\s+\1\b", re.I)
"""A word or a run of up to four words said twice in a row ("points chart points chart")."""


def _spoken_cases():
    """Yield (level id, speaker, issue, value, spoken) for every option of every level."""
    for entry in builtin_entries():
        level = load_level(entry.path)
        match = start_match(level, seed=1, runtime=NpcRuntime())
        try:
            for controller in match.controllers.values():
                for issue in match.negotiation.space.issues:
                    values = issue.values
                    if issue.numeric:
                        values = (values[0], values[len(values) // 2], values[-1])
                    for value in values:
                        said = spoken_option(issue, value, controller.voice)
                        yield entry.id, controller.name, issue, value, said
        finally:
            match.close()


def test_every_option_of_every_level_reads_as_speech():
    problems = []
    for level_id, speaker, issue, value, said in _spoken_cases():
        where = f"{level_id}/{speaker}: {issue.name} = {value!r} -> {said!r}"
        if DOUBLED.search(said):
            problems.append(f"words doubled: {where}")
        opening = fill("{offer}. That's my offer.", {"offer": said})
        if opening[:1].islower():
            problems.append(f"sentence in lower case: {where}")
        middle = fill("How about {offer}?", {"offer": said})
        if middle != f"How about {said}?":
            problems.append(f"changed in mid-sentence: {where}")
        # a capital only where the level writes one inside a name ("Veloform", "Kestria's"),
        # never the leading capital of a label ("Your royalty share", "Supplier contact")
        proper = set(re.findall(r"(?<=\w )[A-Z][\w']*", f"{issue.name} {value}"))
        proper |= {w for w in re.findall(r"[A-Z][\w']*", str(value))}
        proper |= {w for w in issue.name.split() if w.endswith("'s")}
        for word in re.findall(r"\b[A-Z][\w']*", said):
            if word not in proper and word != "I":
                problems.append(f"capital kept in mid-sentence ({word}): {where}")
        first_name = speaker.split()[0]
        if re.search(rf"\b{re.escape(first_name)}\b", said):
            problems.append(f"speaks of itself by name: {where}")
        if re.search(r"\b(he|she) \w+s\b", said) and len(speaker.split()) == 1:
            problems.append(f"speaks of itself as he or she: {where}")
        if re.search(r"\b1 (day|week|month|year|round)s\b", said):
            problems.append(f"one, plural: {where}")
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize(
    ("level_id", "terms", "expected"),
    [
        (
            "two-forks",
            {
                "share": 30,
                "manager": "Kai",
                "name": "only Kai's truck",
                "label": "Kai's story",
                "loan": "you repay it all",
            },
            "your royalty share at 30%, me on the supplier contact, use of the name for "
            "only my truck, my story on the label and you repay it all",
        ),
        (
            "chore-chart",
            {
                "cooking": "you",
                "dishes": "Sam",
                "laundry": "you",
                "cleaning": "take turns",
                "shopping": "Sam",
                "schedule": "fixed days",
                "chart": "points chart",
            },
            "you on the cooking and the laundry, me on the dishes and the weekly shop, we take "
            "turns on the bathroom and floors, fixed days for the schedule and a points chart",
        ),
        (
            "tablet-deal",
            {
                "price": 450,
                "warranty": "2 years",
                "accessories": "case, keyboard and pen",
                "delivery": "tomorrow",
                "trade_in": 50,
            },
            "the price at $450; a warranty of 2 years; a case, keyboard and pen; delivery "
            "tomorrow; and the trade-in credit at $50",
        ),
        (
            "bike-sale",
            {
                "price": 250,
                "extras": "with lock",
                "service": "new brake pads and a tune-up",
                "handover": "he collects it",
            },
            "the price at $250, with lock, new brake pads and a tune-up and I collect it",
        ),
    ],
)
def test_a_package_in_a_characters_mouth(level_id, terms, expected):
    level = load_level(next(e.path for e in builtin_entries() if e.id == level_id))
    match = start_match(level, seed=1, runtime=NpcRuntime())
    try:
        controller = next(iter(match.controllers.values()))
        ids = {issue.id for issue in match.negotiation.space.issues}
        assert set(terms) == ids, ids  # the test names the level's real issues
        offer = Offer(terms)
        assert spoken_offer(match.negotiation, offer, controller.voice) == expected
    finally:
        match.close()


def test_a_number_is_said_as_people_say_it():
    level = load_level(next(e.path for e in builtin_entries() if e.id == "climate-accord"))
    space = level.negotiation.space
    assert spoken_option(space.issue("fund"), 40) == "the climate fund at $40bn a year"
    assert spoken_option(space.issue("cuts"), 30) == "emission cuts of 30% by 2035"
    assert spoken_option(space.issue("payers"), "all, by income") == "all paying by income"
    assert join_words(["a", "b", "c"]) == "a, b and c"
    assert join_words(["a, b", "c"]) == "a, b; and c"


def test_a_voice_owns_its_name_only_when_it_is_the_only_counterpart():
    assert Voice("Kai", alone=True).own("Kai's old loan") == "my old loan"
    assert Voice("Kai", alone=True).own("both of you") == "both of us"
    assert Voice("Ama Boateng").own("both of you") == "both of you"  # at a table of several
    assert Voice("Jonas", alone=True).own("he collects it") == "I collect it"
    assert Voice("Jonas").own("he collects it") == "he collects it"
