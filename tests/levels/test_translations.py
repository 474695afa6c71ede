"""Levels in several languages: the translations block is checked against the level, a
partly translated language is a warning (the level still loads), the text falls back to
English field by field, every level of the campaign is complete in Spanish, and the language changes no
offer, label or outcome of a record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game import i18n
from game.levels.catalog import builtin_entries, read_entry, resolve_level
from game.levels.lint_text import missing_fields, untranslated
from game.levels.loader import load_level, load_level_bytes
from game.levels.problems import LevelError
from game.levels.setup import match_config
from game.levels.text import issue_names, level_text, option_label
from game.npc.lines import default_lines
from game.npc.match import Match
from game.npc.simulate import simulate

LEVELS = Path(__file__).resolve().parents[2] / "levels"


def _market() -> dict:
    return json.loads((LEVELS / "market-stall.json").read_text(encoding="utf-8"))


def _load(data: dict):
    return load_level_bytes(json.dumps(data).encode(), "test.json", check_reachability=False)


def _lines(data: dict) -> list[str]:
    with pytest.raises(LevelError) as caught:
        _load(data)
    return caught.value.user_lines


def test_an_unknown_npc_interest_issue_or_option_is_refused_with_one_line_each():
    data = _market()
    es = data["translations"]["es"]
    es["npcs"]["rosaa"] = {"role": "x"}
    es["npcs"]["rosa"]["interests"]["carry-hom"] = {"fact": "x"}
    es["issues"]["price"]["options"] = {"cheap": "barato"}
    es["objectives"]["fiftyy"] = {"text": "x"}
    lines = _lines(data)
    assert (
        "test.json: translations.es.npcs.rosaa: unknown NPC 'rosaa' (did you mean 'rosa'?): "
        "the level has 'rosa'" in lines
    )
    assert any(
        line.startswith(
            "test.json: translations.es.npcs.rosa.interests.carry-hom: unknown interest"
        )
        and "did you mean 'carry-home'?" in line
        for line in lines
    )
    assert any(
        "translations.es.issues.price.options.cheap: unknown option" in line for line in lines
    )
    assert any("translations.es.objectives.fiftyy: unknown objective" in line for line in lines)
    assert len(lines) == 4


def test_an_unknown_field_english_as_a_translation_and_a_short_list_are_refused():
    data = _market()
    data["translations"]["es"]["titel"] = "x"
    assert any(
        "translations.es.titel: unknown field 'titel' (did you mean 'title'?)" in line
        for line in _lines(data)
    )
    data = _market()
    data["translations"]["en"] = {"title": "Blue"}
    data["translations"]["es"]["teaching_points"] = ["uno"]
    lines = _lines(data)
    assert any(
        line.startswith("test.json: translations.en: English is the level's own text")
        for line in lines
    )
    assert any(
        "translations.es.teaching_points: 1 entries for the 5 in English" in line for line in lines
    )


def test_a_partly_translated_language_is_a_warning_listing_what_stays_english(tmp_path, capsys):
    from game.cli import main

    data = _market()
    del data["translations"]["es"]["briefing"]
    del data["translations"]["es"]["npcs"]["rosa"]["lines"]["deadline"]
    data["translations"]["fr"] = {"title": "Le bol bleu"}
    level = _load(data)  # still a valid level
    warnings = untranslated(level.model)
    assert [w.location for w in warnings] == ["translations.es", "translations.fr"]
    assert warnings[0].message == (
        "partly translated: 2 text(s) left in English: briefing, npcs.rosa.lines.deadline"
    )
    assert "summary" in warnings[1].message and "npcs.rosa.bio" in warnings[1].message
    path = tmp_path / "partly.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: ok"
    assert out[1].startswith(f"{path}: translations.es: warning: partly translated: 2 text(s)")
    assert len(out) == 3


def test_the_text_falls_back_to_english_field_by_field():
    data = _market()
    es = data["translations"]["es"]
    del es["briefing"]
    del es["npcs"]["rosa"]["bio"]
    del es["npcs"]["rosa"]["lines"]["deadline"]
    model = _load(data).model
    shown = level_text(model, "es")
    assert shown.title == "El cuenco azul"
    assert shown.briefing == model.briefing  # left out: English
    rosa = shown.npcs[0]
    assert (rosa.role, rosa.bio) == ("alfarera con puesto en el mercado", model.npcs[0].bio)
    assert rosa.lines["deadline"] == model.npcs[0].lines["deadline"]
    assert rosa.lines["accept"][0].text.startswith("{figure}. Venga")
    assert level_text(model, "en") is model
    assert level_text(model, "de") is model  # no German: all English
    assert model.title == "The Blue Bowl"  # the loaded model stays English


def test_option_labels_are_shown_translated_and_kept_english_in_the_model():
    model = load_level(resolve_level("used-car")).model
    assert option_label(model, "tyres", "included", "es") == "incluidos"
    assert option_label(model, "tyres", "included", "en") == "included"
    assert level_text(model, "es").issues[1].options == ["not included", "included"]
    assert issue_names(model, "es") == {"price": "Precio", "tyres": "Neumáticos de invierno"}


@pytest.mark.parametrize("entry", builtin_entries(), ids=lambda e: e.id)
def test_every_level_of_the_campaign_is_complete_in_spanish(entry):
    model = load_level(entry.path).model
    assert "es" in model.translations, entry.id
    assert missing_fields(model, model.translations["es"]) == [], entry.id
    assert untranslated(model) == []
    shown = level_text(model, "es")
    english = {
        model.title,
        model.summary,
        model.briefing,
        model.debrief_notes,
        *model.teaching_points,
        model.player.role,
        model.player.batna,
        *model.player.knows,
    }
    for text in (
        shown.title,
        shown.summary,
        shown.briefing,
        shown.debrief_notes,
        *shown.teaching_points,
        shown.player.role,
        shown.player.batna,
        *shown.player.knows,
    ):
        assert text not in english, (entry.id, text)
    assert read_entry(entry.path).title_in("es") == shown.title


def test_default_lines_per_language_fall_back_to_english_per_key():
    spanish = [r.text for r in default_lines("hardliner", "holding", "es")]
    assert "No. Dame una razón, no una petición." in spanish
    assert "No me voy a mover de aquí hasta que algo cambie." in spanish  # es/common.json
    english = [r.text for r in default_lines("hardliner", "holding")]
    assert "No. Show me a reason, not a request." in english
    # a key Spanish gives is said only in Spanish: no English register line slips in
    offers = [r.text for r in default_lines("linear", "offer", "es")]
    assert offers
    assert not set(offers) & {r.text for r in default_lines("linear", "offer")}
    # a key no Spanish file gives keeps every English line
    # a language without a folder of lines: the English lines, key by key
    assert default_lines("hardliner", "bundle", "zz") == default_lines("hardliner", "bundle")
    assert default_lines("hardliner", "bundle")


def test_characters_speak_the_language_of_the_match():
    level = load_level(resolve_level("market-stall"))
    spanish = Match(match_config(level, language="es"), seed=4)
    english = Match(match_config(level, language="en"), seed=4)
    assert spanish.config.seats[0].spec.dialogue["opening"][0].text.startswith("¿El azul?")
    assert english.config.seats[0].spec.dialogue["opening"][0].text.startswith("That blue one?")
    i18n.set_language("en")
    assert match_config(level).language == "en"


@pytest.mark.parametrize("level_id", ["market-stall", "used-car", "print-run"])
def test_records_do_not_depend_on_the_language(level_id):
    level = load_level(resolve_level(level_id))

    def records(code: str) -> list[dict]:
        result = simulate(
            lambda seed: Match(match_config(level, language=code), seed=seed), "haggler", runs=3
        )
        keys = ("moves", "agreement", "status", "outcome", "utilities", "offers", "rounds")
        out = [{k: dict(record).get(k) for k in keys} for record in result.records]
        return out

    english, spanish = records("en"), records("es")
    assert english == spanish
    assert any(m.get("offer") for r in english for m in r["moves"])


def test_the_spanish_default_lines_use_english_keys_placeholders_and_criteria():
    from game.npc.dialogue import PLACEHOLDERS, placeholders

    folder = Path(__file__).resolve().parents[2] / "game" / "npc" / "lines"
    files = sorted((folder / "es").glob("*.json"))
    assert {f.name for f in files} >= {"common.json", "boulware.json", "hardliner.json"}
    for path in files:
        english = json.loads((folder / path.name).read_text(encoding="utf-8"))
        spanish = json.loads(path.read_text(encoding="utf-8"))
        if path.name == "favours.json":  # shared lines, then lines by register
            english, spanish = english["common"], spanish["common"]
        for key, rows in spanish.items():
            assert key in english, (path.name, key)
            for row in rows:
                assert set(placeholders(row["text"])) <= set(PLACEHOLDERS), row["text"]
            if path.name in (
                "common.json",
                "claims.json",
            ):  # translated line by line: the same criteria
                assert [r.get("when") for r in rows] == [r.get("when") for r in english[key]]


def test_a_level_without_the_language_is_played_with_english_lines():
    data = json.loads((LEVELS / "hotel-bread.json").read_text(encoding="utf-8"))
    del data["translations"]  # a custom level written in English only
    level = load_level_bytes(json.dumps(data).encode(), "test.json")
    assert "es" not in level.model.translations
    config = match_config(level, language="es")
    assert (config.language, config.shown_issues) == ("en", ())


def test_spanish_lines_name_issues_by_their_phrase_and_write_numbers_the_spanish_way():
    i18n.set_language("es")
    try:
        level = load_level(resolve_level("used-car"))
        match = Match(match_config(level), seed=2)
        dan = match.controllers["dan"]
        assert dan.issue_words("tyres") == "lo de los neumáticos de invierno"
        opening = [said.text for said in match.opening.lines]
        assert any("$5.750" in text for text in opening), opening
    finally:
        i18n.set_language("en")
