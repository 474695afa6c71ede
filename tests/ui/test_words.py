"""Sentences the screens build from templates, read with real values."""

from __future__ import annotations

from game.engine import Move, MoveKind
from game.levels.catalog import builtin_entries, resolve_level
from game.levels.loader import load_level
from game.ui.scenes.briefing import KIND_WORDS, briefing_blocks
from game.ui.scenes.campaign_map import chapter_line
from game.ui.scenes.settings import SettingsScene
from game.ui.table.choice import ChoiceScene
from game.ui.table.words import player_line
from tests.ui.table_harness import make_table


def test_the_chapter_line_never_says_the_same_thing_twice():
    assert chapter_line(6, KIND_WORDS["reverse"]) == "Chapter 6: In their shoes"
    assert chapter_line(7, KIND_WORDS["multiparty"]) == "Chapter 7: Many parties"
    assert chapter_line(1, KIND_WORDS["distributive"]) == "Chapter 1: The fixed pie"
    assert chapter_line(2, KIND_WORDS["integrative"]) == (
        "Chapter 2: Growing the pie · several issues to trade"
    )
    for entry in builtin_entries():
        model = load_level(entry.path).model
        line = briefing_blocks(load_level(entry.path))[0].text
        title, _, kind = line.partition(" · ")
        assert not kind or kind.lower() not in title.lower(), (entry.id, line)
        assert line.startswith(f"Chapter {model.chapter}")


def test_settings_describe_the_sound_and_voices_there_are():
    words = " ".join(text for _, _, text in SettingsScene()._rows())
    assert "sound cues" in words.lower()
    # With no speech engine the voices row says so, and promises nothing.
    assert "No speech engine found on this computer" in words


def test_player_asks_about_an_issue_in_good_english():
    def ask(name: str) -> str:
        return player_line(Move(MoveKind.ASK_ISSUE, "player", issue="x"), issue_names={"x": name})

    assert ask("Accessories") == "How much do the accessories matter to you?"
    assert ask("Price") == "How much does the price matter to you?"
    assert ask("Who pays") == "How much does who pays matter to you?"
    assert (
        ask("Kestria's tariff on cars") == "How much does Kestria's tariff on cars matter to you?"
    )


def test_exaggerating_a_plural_issue_agrees(display):
    table = make_table("tablet-deal")
    table.keys("s")
    chooser = table.stack.top
    assert isinstance(chooser, ChoiceScene)
    titles = [choice.title for choice in chooser.choices]
    assert "Exaggerate: Accessories matter most" in titles
    assert "Exaggerate: Price matters most" in titles


def test_the_bike_briefing_names_its_chapter_once(make_app):
    level = load_level(resolve_level("bike-sale"))
    app = make_app(profile="Ada")
    app.navigator.to_briefing(level)
    lines = app.stack.top.text_lines()
    assert "Chapter 6: In their shoes" in lines
    assert not any("in their shoes · in their shoes" in line.lower() for line in lines)
