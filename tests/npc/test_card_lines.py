"""A character names a cited card as a title, in quotes, so any title reads well in the line.

Card titles are written by the level: "Price guide", "Dealer's offer", "Our rent went up",
"A good cause".  Set in a sentence bare, they read as broken English ("the numbers in Price
guide are hard to ignore", "I can't argue with A good cause"); in quotes they are a thing
the player showed ("I can't argue with “Price guide”").  Every line of both languages, and
every level's own line, that says ``{card}`` quotes it, and no such line speaks of numbers
(a card may hold none: a schedule, a cause)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.engine import Move, MoveKind
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc import lines as line_files
from game.npc.runtime import NpcRuntime

FOLDER = Path(line_files.__file__).resolve().parent
LEVELS = Path(__file__).resolve().parents[2] / "levels"
QUOTED = ("“{card}”", "«{card}»")


def _tables() -> Iterator[tuple[str, dict]]:
    """Every table of lines, with where it is: the default lines of both languages, then
    every level's own lines (its characters' dialogue and their translated lines)."""
    for path in sorted([*FOLDER.glob("*.json"), *FOLDER.glob("es/*.json")]):
        yield str(path.relative_to(FOLDER)), json.loads(path.read_text(encoding="utf-8"))
    for path in sorted(LEVELS.glob("*.json")):
        if path.name == "level.schema.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for npc in data["npcs"]:
            yield path.name, npc.get("dialogue") or {}
            for language in (data.get("translations") or {}).values():
                yield (
                    path.name,
                    ((language.get("npcs") or {}).get(npc["id"]) or {}).get("lines") or {},
                )


def _card_lines() -> Iterator[tuple[str, str]]:
    for place, table in _tables():
        for key, rows in table.items():
            for row in rows if isinstance(rows, list) else ():
                if "{card}" in row.get("text", ""):
                    yield f"{place}:{key}", row["text"]


CARD_LINES = list(_card_lines())


def test_the_card_lines_are_found():
    assert len(CARD_LINES) >= 12
    assert any(place.startswith("es/") for place, _ in CARD_LINES)


@pytest.mark.parametrize(("place", "text"), CARD_LINES)
def test_a_card_is_named_as_a_quoted_title(place, text):
    assert text.count("{card}") == sum(text.count(q) for q in QUOTED), (place, text)
    assert "number" not in text.lower() and "cifras" not in text.lower(), (place, text)


def test_dan_names_the_price_guide_in_quotes():
    level = load_level(LEVELS / "used-car.json")
    said = []
    for seed in range(12):
        match = start_match(level, seed=seed, runtime=NpcRuntime())
        move = Move(MoveKind.CITE_EVIDENCE, "player", evidence="price-guide")
        report = match.player_move(move)
        assert report.ok
        said += [line.text for line in report.lines if "Price guide" in line.text]
    assert said, "Dan never named the card"
    assert all("“Price guide”" in text for text in said), said


def test_a_card_it_moved_for_cited_again_is_acknowledged_not_dismissed():
    lines = json.loads((FOLDER / "common.json").read_text(encoding="utf-8"))
    dismissed = {
        row["text"].replace("“{card}”", "“Price guide”") for row in lines["evidence_ignored"]
    }
    level = load_level(LEVELS / "used-car.json")
    match = start_match(level, seed=0, runtime=NpcRuntime())
    move = Move(MoveKind.CITE_EVIDENCE, "player", evidence="price-guide")
    first = match.player_move(move)
    relationship = next(iter(match.controllers.values())).brain.relationship
    assert relationship.count("evidence") == 1  # it moved for it
    again = [line.text for line in match.player_move(move).lines]
    assert relationship.count("evidence") == 1  # and not a second time
    assert again and not set(again) & dismissed, again  # "doesn't apply" after it moved: no
    assert any("“Price guide”" in text for text in again), again
    assert [line.text for line in first.lines] != again
