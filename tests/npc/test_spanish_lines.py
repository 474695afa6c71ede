"""The characters' default lines in Spanish are complete: every English file has its Spanish
file, every key (and every register of ``favours.json``) its Spanish lines, each English
line a Spanish one with the same placeholders and ``when`` criteria, and a key a
language leaves out still falls back to English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game.npc import lines as line_files
from game.npc.dialogue import placeholders
from game.npc.lines import archetype_lines, common_lines, default_lines

FOLDER = Path(line_files.__file__).resolve().parent
ENGLISH = sorted(p.name for p in FOLDER.glob("*.json"))


def _table(path: Path) -> dict[str, list[dict]]:
    """Return a lines file as key -> rows (``favours.json``: "common/key", "market/key"...)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if path.name != "favours.json":
        return data
    table = {f"common/{key}": rows for key, rows in data.get("common", {}).items()}
    for register, keys in data.get("registers", {}).items():
        table.update({f"{register}/{key}": rows for key, rows in keys.items()})
    return table


def _shape(row: dict) -> tuple[str, frozenset[str]]:
    """Return what a translation keeps of a line: its criteria and its placeholders."""
    return json.dumps(row.get("when") or {}, sort_keys=True), frozenset(placeholders(row["text"]))


def test_the_english_files_are_all_there():
    assert len(ENGLISH) >= 16
    assert {"common.json", "favours.json", "market.json", "diplomatic.json"} <= set(ENGLISH)


@pytest.mark.parametrize("name", ENGLISH)
def test_every_english_file_has_a_spanish_file_with_every_key(name):
    spanish_path = FOLDER / "es" / name
    assert spanish_path.is_file(), f"es/{name} is missing"
    english, spanish = _table(FOLDER / name), _table(spanish_path)
    missing = sorted(set(english) - set(spanish))
    assert missing == [], f"es/{name} lacks {missing}"
    unknown = sorted(set(spanish) - set(english))
    assert unknown == [], f"es/{name} has keys English does not: {unknown}"
    for key, rows in spanish.items():
        assert rows, (name, key)
        for row in rows:
            assert row["text"].strip(), (name, key)
            assert row.get("emotion", "neutral") in {
                "neutral",
                "warm",
                "frustrated",
                "angry",
                "hurt",
                "surprised",
            }, (name, key, row)


@pytest.mark.parametrize("name", ENGLISH)
def test_spanish_lines_keep_the_placeholders_and_criteria_of_the_english_ones(name):
    english, spanish = _table(FOLDER / name), _table(FOLDER / "es" / name)
    for key, rows in english.items():
        wanted = {_shape(row) for row in rows}
        given = {_shape(row) for row in spanish.get(key, ())}
        # no Spanish line needs a fact or placeholder its English key does not use...
        assert given <= wanted, (name, key, sorted(given - wanted, key=str))
        # ...and every kind of English line (each set of criteria and placeholders) is said
        assert wanted <= given, (name, key, sorted(wanted - given, key=str))


def test_no_spanish_line_is_left_in_english():
    english_texts = set()
    for name in ENGLISH:
        english_texts |= {row["text"] for rows in _table(FOLDER / name).values() for row in rows}
    for name in ENGLISH:
        for key, rows in _table(FOLDER / "es" / name).items():
            for row in rows:
                assert row["text"] not in english_texts, (name, key, row["text"])


def test_every_spanish_register_speaks_its_own_lines():
    lines = common_lines("es")
    market = {r.text for r in lines["offer"] if r.when.get("register") == "market"}
    assert "Para ti, y solo hoy: {offer}." in market
    diplomatic = {r.text for r in lines["support"] if r.when.get("register") == "diplomatic"}
    assert "Mi delegación apoya este texto." in diplomatic
    favours = {r.text for r in lines["favour_refused"] if r.when.get("register") == "business"}
    assert favours == {"Todavía no estoy en condiciones de hacer excepciones."}
    opening = {r.text for r in archetype_lines("tit-for-tat", "es")["opening"]}
    assert "Lo que tú des, yo te lo devuelvo." in opening


def test_a_key_a_language_leaves_out_still_falls_back_to_english(monkeypatch):
    real = line_files._load

    def only_holding(name: str, language: str = "en"):
        if language == "zz":  # a language that gives one key, in one file
            return {"holding": [{"text": "Zz.", "emotion": "neutral"}]} if name == "common" else {}
        return real(name, language)

    for cached in (common_lines, archetype_lines):
        cached.cache_clear()
    monkeypatch.setattr(line_files, "_load", only_holding)
    try:
        assert [r.text for r in default_lines("hardliner", "holding", "zz")] == ["Zz."]
        assert default_lines("hardliner", "bundle", "zz") == default_lines("hardliner", "bundle")
        assert default_lines("hardliner", "bundle")
    finally:
        monkeypatch.undo()
        for cached in (common_lines, archetype_lines):
            cached.cache_clear()


# ----------------------------------------------------------------------------- in a Spanish match

LEVELS = FOLDER.parents[2] / "levels"


def _spanish_match(data: dict, seed: int = 1):
    from game.levels.loader import load_level_bytes
    from game.levels.setup import match_config
    from game.npc.match import Match

    level = load_level_bytes(json.dumps(data).encode(), "x.json", check_reachability=False)
    return Match(match_config(level, language="es"), seed=seed)


def _level(name: str) -> dict:
    return json.loads((LEVELS / f"{name}.json").read_text(encoding="utf-8"))


def test_asked_about_an_issue_a_character_answers_all_in_spanish():
    from game.engine import Move, MoveKind

    match = _spanish_match(_level("tablet-deal"))
    report = match.player_move(Move(MoveKind.ASK_ISSUE, "player", issue="delivery"))
    assert report.ok
    (text,) = [said.text for said in report.lines if said.speaker == "nova"]
    assert "la entrega" in text.lower() and "en 5 días" in text, text
    assert any(f"es {word} importante" in text for word in ("muy", "bastante", "poco")), text
    for english in ("very", "fairly", "delivery", "in 5 days"):
        assert english not in text, text


def test_the_importance_words_come_from_the_language_with_english_for_what_it_lacks():
    from game.npc.lines import importance_words

    assert importance_words() == {"high": "very", "medium": "fairly", "low": "not very"}
    assert importance_words("es") == {"high": "muy", "medium": "bastante", "low": "poco"}
    assert importance_words("zz") == importance_words()


def test_values_in_lines_are_written_in_the_language_of_the_match():
    from game import i18n

    data = _level("used-car")
    i18n.set_language("es")  # the game plays a match in the language of its screens
    try:
        dan = _spanish_match(data).controllers["dan"]
        assert dan.value_words("price", 5750) == "$5.750"
        assert dan.value_words("tyres", "included") == "incluidos"
        data.pop("translations")  # played in English: its lines say values their own way
        assert _spanish_match(data).controllers["dan"].value_words("price", 5750) is None
    finally:
        i18n.set_language("en")


def _book_in_spanish() -> dict:
    data = _level("book-deal")
    data["translations"] = {
        "es": {
            "issues": {
                "advance": {"name": "Anticipo", "phrase": "el anticipo"},
                "royalty": {"name": "Derechos", "phrase": "lo de los derechos"},
                "release": {"name": "Publicación", "phrase": "la publicación"},
            },
            "events": {"bestseller": {"description": "el libro vende más de 20.000 ejemplares"}},
        }
    }
    return data


def test_the_mediator_speaks_spanish_in_a_spanish_match():
    from game.engine import Move, MoveKind

    match = _spanish_match(_book_in_spanish())
    best = match.codec.offer(match.tables.party("player").best_index())
    for _ in range(3):
        match.player_move(Move(MoveKind.OFFER, "player", offer=best))
    said = []
    for _ in range(2):
        report = match.player_move(Move(MoveKind.ASK_MEDIATOR, "player"))
        assert report.ok
        said += [line.text for line in report.lines if line.speaker == "guild-mediator"]
    text = " ".join(said)
    assert "anticipo $" in text, said  # the draft by the issues as the players read them
    assert "el libro vende más de 20.000 ejemplares" in text, said  # the clause's event
    for english in ("advance", "royalty", "cares more", "the book sells", "trade them"):
        assert english not in text, said
    match.close()


def test_an_untranslated_event_is_not_named_in_a_spanish_clause_line():
    from game.levels.loader import load_level_bytes
    from game.levels.setup import match_config

    data = _book_in_spanish()
    del data["translations"]["es"]["events"]
    level = load_level_bytes(json.dumps(data).encode(), "x.json", check_reachability=False)
    assert match_config(level, language="es").shown_events == ()
    spanish = match_config(
        load_level_bytes(
            json.dumps(_book_in_spanish()).encode(), "x.json", check_reachability=False
        ),
        language="es",
    )
    assert spanish.shown_events == (("bestseller", "el libro vende más de 20.000 ejemplares"),)


def test_a_claimed_alternative_is_written_the_spanish_way():
    from game import i18n

    i18n.set_language("es")
    try:
        harbour = _spanish_match(_book_in_spanish()).controllers["harbour"]
        (claim,) = [c for c in harbour.claims.claims if c.spec.id == "two-debuts"]
        assert harbour.claims._words(claim)["value"] == "$10.000"
    finally:
        i18n.set_language("en")


def test_no_spanish_line_puts_an_issue_after_de_or_a():
    # an issue's phrase brings its article ("el precio"): "de {issue}" would read "de el precio"
    issue = r"\{(?:issue|other_issue|top_issue|second_issue|low_issue|price_issue|extra_issue)\}"
    wrong = re.compile(rf"(?<![\w])(?:de|a|De|A) {issue}")
    for name in ENGLISH:
        for key, rows in _table(FOLDER / "es" / name).items():
            for row in rows:
                assert not wrong.search(row["text"]), (name, key, row["text"])


def _mediated(level_id: str, language: str):
    from game.engine import PLAYER, Move, MoveKind, Offer
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.levels.setup import match_config
    from game.npc.match import Match

    match = Match(match_config(load_level(resolve_level(level_id)), language=language), seed=3)
    preferences = match.negotiation.player.preferences
    best = {i: preferences.best_value(i) for i in match.negotiation.space.issue_ids}
    match.player_move(Move(MoveKind.OFFER, PLAYER, offer=Offer(best)))
    return match


def test_the_mediator_points_out_value_left_in_spanish_too(monkeypatch):
    from types import SimpleNamespace

    from game.npc import mediator as mediator_module

    # the issues each side cares about more
    english = _mediated("cargo-bikes", "en").mediator._hint()
    spanish = _mediated("cargo-bikes", "es").mediator._hint()
    assert english == (
        "Henrik cares more about the contract length than you do, and you care more about "
        "the repairs: trade them."
    )
    assert spanish == (
        "A Henrik le importa más la duración del contrato que a ti, y a ti te importa más "
        "lo de las reparaciones: intercambiad una cosa por la otra."
    )
    # a trade that leaves both better off, with the values as the language writes them
    match = _mediated("book-deal", "es")
    trade = SimpleNamespace(
        gain_issue="royalty",
        give_issue="advance",
        better_outcome={"royalty": match.negotiation.space.issue("royalty").values[-1],
                        "advance": 12500},
        player_gain=0.125,
        other_gain=0.05,
        party="harbour",
    )
    monkeypatch.setattr(mediator_module, "missed_tradeoffs", lambda *_a: [trade])
    said = match.mediator._hint()
    assert said.startswith("Con el porcentaje de derechos (")
    assert "y el anticipo ($12.500), tú ganarías +0,12 y Mei Harbour, +0,05." in said
    # in English, the options as the characters say them
    english = _mediated("book-deal", "en")
    said = english.mediator._hint()
    assert said.endswith("would give you +0.12 and Mei Harbour +0.05."), said
    assert "royalty" in said.lower() and "$12,500" in said and "(" not in said, said


def test_one_of_a_unit_is_said_in_the_singular_in_spanish():
    from game.engine import Offer
    from game.engine.issues import said_value
    from game.levels import catalog
    from game.levels.loader import load_level
    from game.levels.text import shown_issues
    from game.npc.wording import plain_offer

    level = load_level(catalog.resolve_level("job-offer"))
    shown = {i.id: i for i in shown_issues(level.model, level.negotiation.space.issues, "es")}
    assert said_value(shown["remote"], 1) == "1 día/semana"
    assert said_value(shown["remote"], 3) == "3 días/semana"
    offer = Offer({"remote": 1.0, "training": 2000.0})
    assert "teletrabajo 1 día/semana" in plain_offer(tuple(shown.values()), offer)
