"""A character's portrait agrees with its text: the pronouns a level (and its teaching notes)
uses for a character are the ones its portrait declares in assets/portraits/manifest.json
(written by scripts/make_portraits.py: "she", "he", "it" or "any")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ROOT / "levels"
TEACHING = ROOT / "docs" / "teaching"
MANIFEST = json.loads((ROOT / "assets" / "portraits" / "manifest.json").read_text())

PRONOUN_WORDS = {
    "she": {"she", "her", "hers", "herself"},
    "he": {"he", "him", "his", "himself"},
}
TITLES = {"Ambassador", "Minister", "Dr", "Mr", "Ms", "Mrs", "Professor"}
_WORD = re.compile(r"[A-Za-z']+")
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+")


def _characters(data: dict) -> list[dict]:
    people = list(data.get("npcs", []))
    if data.get("mediator"):
        people.append(data["mediator"])
    return people


def _name_words(character: dict) -> set[str]:
    return {w for w in _WORD.findall(character.get("name", "")) if w not in TITLES}


def pronouns_used(data: dict, notes: str = "") -> dict[str, set[str]]:
    """Return, per character id, the pronoun sets ("she", "he") its level's text uses for it.

    A character's bio is about that character.  In the story, the debrief notes, the
    player's facts, the objectives and the teaching notes, a pronoun refers to the
    character named last (within the same text; in a level with one character, to it).
    Lines the characters speak are left out: there "she" may be a car.
    """
    people = _characters(data)
    used: dict[str, set[str]] = {p["id"]: set() for p in people}

    def scan(text: str, subject: str | None) -> None:
        for sentence in _SENTENCE.split(text):
            words = _WORD.findall(sentence)
            for word in words:
                for person in people:
                    if word in _name_words(person):
                        subject = person["id"]
                lower = word.lower()
                for kind, forms in PRONOUN_WORDS.items():
                    if lower in forms and subject is not None:
                        used[subject].add(kind)

    only = people[0]["id"] if len(people) == 1 else None
    for person in people:
        scan(person.get("bio", ""), person["id"])
    player = data.get("player", {})
    texts = [
        data.get("summary", ""),
        data.get("briefing", ""),
        data.get("debrief_notes", ""),
        *player.get("knows", []),
        *(o.get("text", "") for o in data.get("objectives", [])),
        *(c.get("text", "") for c in data.get("evidence", [])),
        notes,
    ]
    for text in texts:
        scan(text, only)
    return used


def allowed(portrait: str) -> set[str]:
    """Return the pronoun sets a portrait fits ("any": all of them)."""
    declared = MANIFEST["npcs"][portrait]["pronouns"]
    if declared == "any":
        return set(PRONOUN_WORDS)
    return {declared} & set(PRONOUN_WORDS)


LEVEL_FILES = sorted(p for p in LEVELS.glob("*.json") if p.name != "level.schema.json")


def test_every_portrait_declares_its_pronouns():
    for portrait, entry in MANIFEST["npcs"].items():
        assert entry.get("pronouns") in {"she", "he", "it", "any"}, portrait


@pytest.mark.parametrize("path", LEVEL_FILES, ids=lambda p: p.stem)
def test_pronouns_match_the_portrait(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    notes_file = TEACHING / f"{path.stem}.md"
    notes = notes_file.read_text(encoding="utf-8") if notes_file.exists() else ""
    used = pronouns_used(data, notes)
    for person in _characters(data):
        portrait = person["portrait"]
        assert portrait in MANIFEST["npcs"], f"{person['id']}: no portrait {portrait!r}"
        wrong = used[person["id"]] - allowed(portrait)
        assert not wrong, (
            f"{path.name}: {person['name']} is called {'/'.join(sorted(wrong))} in the text, "
            f"but the portrait {portrait!r} is declared {MANIFEST['npcs'][portrait]['pronouns']!r}"
        )


def test_the_check_catches_a_bearded_ambassador_called_her():
    # the Harbour Accord as it was: Ambassador Tui's bio says "her", her portrait a man's
    data = json.loads((LEVELS / "climate-accord.json").read_text(encoding="utf-8"))
    used = pronouns_used(data)
    assert used["coral"] == {"she"}
    assert "she" not in allowed("mediator")  # the bearded portrait it had
    assert "she" in allowed("climate_islands")
    # a pronoun goes to the character named last, not to every one at the table
    story = {"npcs": [{"id": "a", "name": "Ana"}, {"id": "b", "name": "Bo"}]}
    story["briefing"] = "Bo repeats his numbers. A mediator, Ana, can join. She takes no side."
    assert pronouns_used(story) == {"a": {"she"}, "b": {"he"}}
