"""The checks `validate` runs beyond the schema say their problems in the player's language.

In the marking pseudo-language every translated word comes back as ``⟦word⟧``: a problem
made by the linter must leave nothing unmarked in its message (the ids, paths and values
it repeats are filled into marked words).  A few are checked in Spanish word for word.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from game import i18n
from game.engine import Analysis
from game.levels.lint import lint_model, lint_reachability
from game.levels.lint_rules import lint_asset
from game.levels.lint_text import untranslated
from game.levels.loader import build_negotiation
from game.levels.schema import LevelModel

SMALL_LEVEL = Path(__file__).resolve().parent / "data" / "small-level.json"
LEVELS = Path(__file__).resolve().parents[2] / "levels"


@pytest.fixture
def language():
    """Set a language for one test and go back to English after it."""

    def use(code: str) -> None:
        assert i18n.set_language(code) == code

    yield use
    i18n.set_language(i18n.SOURCE_LANGUAGE)


def small() -> dict[str, Any]:
    return json.loads(SMALL_LEVEL.read_text(encoding="utf-8"))


def lint(data: dict[str, Any], base_dir: Path | None = None) -> dict[str, str]:
    """Return ``{location: message}`` of every problem the linter finds (one per place)."""
    model = LevelModel.model_validate(data)
    return {p.location: p.message for p in lint_model(model, base_dir)}


def reachability(data: dict[str, Any]) -> dict[str, str]:
    model = LevelModel.model_validate(data)
    problems = lint_reachability(model, Analysis(build_negotiation(model)))
    return {p.location: p.message for p in problems}


def unmarked(message: str) -> str:
    """Return what is left of a message once its marked words are taken out."""
    return re.sub(r"⟦[^⟧]*⟧", "", message)


def assert_all_marked(found: dict[str, str], places: list[str]) -> None:
    for place in places:
        assert place in found, (place, found)
        message = found[place]
        assert "⟦" in message, (place, message)
        left = unmarked(message)
        assert not re.search(r"[A-Za-z]", left), (place, message, left)


# ----------------------------------------------------------------------------- the level's parts
def broken_parts() -> dict[str, Any]:
    data = small()
    data["issues"].append(copy.deepcopy(data["issues"][1]))  # duplicate id
    data["player"]["preferences"]["weights"]["warranty"] = 0.4
    prefs = data["player"]["preferences"]
    prefs["weights"]["zzz"] = 1
    prefs["values"]["price"] = {"kind": "peak", "peak": 500}
    prefs["values"]["warranty"]["scores"]["qqq"] = 1
    npc = data["npcs"][0]
    npc["strategy"] = {"kind": "hardliner", "moved_by": ["zzz"]}
    npc["dialogue"] = {"zzz": [{"text": "No."}]}
    mediator = {"id": "player", "name": "Ada", "role": "mediator", "portrait": "qqqq"}
    mediator["strategy"] = {"kind": "mediator"}
    mediator["preferences"] = copy.deepcopy(npc["preferences"])  # a mediator has none
    data["npcs"].append(mediator)
    for second in ("med2", "med3"):  # two more mediators, without preferences
        data["npcs"].append({**copy.deepcopy(mediator), "id": second, "preferences": None})
    data["events"] = [
        {
            "id": "rain",
            "description": "it rains",
            "beliefs": {"player": 0.3, "qqq": 0.6},
            "issues": ["zzz", "price", "price"],
        }
    ]
    data["evidence"] += [
        {"id": "e2", "title": "t", "text": "t", "holder": "qqq", "issue": "zzz"},
        {"id": "e3", "title": "t", "text": "t", "benchmark": 5},
        {"id": "e4", "title": "t", "text": "t", "issue": "price", "benchmark": "cheap"},
        {"id": "e5", "title": "t", "text": "t", "issue": "price", "benchmark": 500},
        {"id": "e6", "title": "t", "text": "t", "issue": "warranty", "benchmark": "qqq"},
    ]
    data["rules"] = {"first_mover": "qqq", "quorum": 8, "mediator": {"allowed": True}}
    data["objectives"] += [
        {"id": "o1", "text": "t", "kind": "trust_at_least"},
        {"id": "o2", "text": "t", "kind": "used_contingent_clause"},
        {"id": "o3", "text": "t", "kind": "let_go"},
        {"id": "o4", "text": "t", "kind": "trust_gain_at_least", "value": 90},
        {"id": "o5", "text": "t", "kind": "restated_interests", "value": 3},
        {"id": "o6", "text": "t", "kind": "within_rounds", "value": 0},
        {"id": "o7", "text": "t", "kind": "within_rounds", "value": 150},
    ]
    data["assets"] = {"bg": "../outside.png", "music": "art/none.ogg"}
    return data


PART_PLACES = [
    "issues[2].id",
    "npcs[1].id",
    "player.preferences.weights.zzz",
    "player.preferences.values.price.peak",
    "player.preferences.values.warranty.scores.qqq",
    "npcs[0].strategy.moved_by[0]",
    "npcs[0].dialogue.zzz",
    "npcs[1].preferences",
    "npcs[1].portrait",
    "npcs",
    "events[0].beliefs.qqq",
    "events[0].issues[0]",
    "events[0].issues[2]",
    "evidence[1].holder",
    "evidence[1].issue",
    "evidence[2].issue",
    "evidence[3].benchmark",
    "evidence[4].benchmark",
    "evidence[5].benchmark",
    "rules.first_mover",
    "rules.quorum",
    "objectives[1].value",
    "objectives[3].kind",
    "objectives[4].value",
    "objectives[5].value",
    "objectives[6].value",
    "objectives[7].value",
    "assets.bg",
    "assets.music",
]


def test_the_problems_of_a_level_s_parts_are_all_marked(language, tmp_path):
    language(i18n.PSEUDO)
    assert_all_marked(lint(broken_parts(), tmp_path), PART_PLACES)


def test_the_other_objectives_are_marked(language):
    language(i18n.PSEUDO)
    data = small()
    data["evidence"][0]["holder"] = "owner"
    data["objectives"] += [
        {"id": "o8", "text": "t", "kind": "own_package_supported", "value": 9},
        {"id": "o9", "text": "t", "kind": "claims_tested"},
        {"id": "o10", "text": "t", "kind": "interests_found"},
        {"id": "o11", "text": "t", "kind": "grievances_resolved"},
        {"id": "o12", "text": "t", "kind": "used_evidence"},
        {"id": "o13", "text": "t", "kind": "used_contingent_clause"},
    ]
    found = lint(data)
    assert_all_marked(
        found,
        [
            "objectives[1].kind",
            "objectives[1].value",
            "objectives[2].kind",
            "objectives[3].kind",
            "objectives[4].kind",
            "objectives[5].kind",
            "objectives[6].kind",
        ],
    )


def test_the_rest_of_the_rules_are_marked(language, tmp_path):
    language(i18n.PSEUDO)
    data = small()
    data["issues"][0]["step"] = 1e-9  # too many values, too many deals
    data["player"]["preferences"]["weights"] = {"price": 0, "warranty": 0}
    owner = data["npcs"][0]
    owner["preferences"]["values"]["warranty"] = {"kind": "linear"}
    owner["preferences"]["values"]["price"] = {"kind": "options", "scores": {"a": 1}}
    owner["strategy"] = {"kind": "customer-service", "price_issue": "zzz"}
    third = copy.deepcopy(owner)
    third["id"] = "third"
    third["preferences"] = None
    third["strategy"] = {"kind": "boulware"}
    data["npcs"].append(third)
    data["rules"] = {"protocol": "alternating"}
    found = lint(data)
    assert_all_marked(
        found,
        [
            "issues[0].step",
            "issues",
            "player.preferences.weights",
            "npcs[0].preferences.values.warranty.kind",
            "npcs[0].preferences.values.price.kind",
            "npcs[0].strategy.price_issue",
            "npcs[1].preferences",
        ],
    )
    # two mediators are told apart from a lone mediator: both say "npcs"
    only_mediator = small()
    only_mediator["npcs"][0]["strategy"] = {"kind": "mediator"}
    only_mediator["npcs"][0]["preferences"] = None
    assert_all_marked(lint(only_mediator), ["npcs"])


def test_a_path_and_a_score_of_zero_are_marked(language, tmp_path):
    language(i18n.PSEUDO)
    assert "⟦" in (lint_asset("/etc/passwd", None) or "")
    assert not re.search(r"[A-Za-z]", unmarked(lint_asset("/etc/passwd", None) or ""))
    data = small()
    data["player"]["preferences"]["values"]["warranty"]["scores"] = {"none": 0, "1 year": 0}
    data["player"]["preferences"]["values"].pop("price")
    data["player"]["preferences"]["weights"]["zzz"] = 0
    data["npcs"][0]["preferences"]["values"].pop("warranty")
    found = lint(data)
    assert_all_marked(
        found, ["player.preferences.values.warranty.scores", "npcs[0].preferences.values"]
    )
    (folder := tmp_path / "portraits" / "mine").mkdir(parents=True)
    assert folder.is_dir()
    data = small()
    data["npcs"][0]["portrait"] = "qqqq"
    assert_all_marked(lint(data, tmp_path), ["npcs[0].portrait"])
    assert_all_marked(lint(data), ["npcs[0].portrait"])


def test_a_clause_too_large_to_analyse_is_marked(language):
    language(i18n.PSEUDO)
    data = small()
    data["issues"][0]["step"] = 0.001  # 100,001 values: small enough alone, not twice
    data["events"] = [
        {"id": "rain", "description": "d", "beliefs": {"player": 0.5}, "issues": ["price"]}
    ]
    assert_all_marked(lint(data), ["events[0].issues"])


# ----------------------------------------------------------------------------- lines
def market() -> dict[str, Any]:
    data = json.loads((LEVELS / "market-stall.json").read_text(encoding="utf-8"))
    data.pop("translations")
    return data


def test_the_problems_of_a_character_s_lines_are_marked(language):
    language(i18n.PSEUDO)
    data = market()
    npc = data["npcs"][0]
    npc["lines"] = {
        "held_firm": [
            {"text": "Still {figur}."},
            {"text": "Hi {player}, {second_issue} and {low_issue}."},
            {"text": "No.", "when": {"qqqqqq": "close"}},
            {"text": "No.", "when": {"step": "huge"}},
            {"text": "No.", "when": {"trust": {"min": 80, "max": 20}}},
            {"text": "No.", "when": {"one_issue": "yes"}},
            {"text": "No.", "when": {"mood": {"min": 1}}},
            {"text": "No.", "when": {"register": "casual"}},
            {"text": "No.", "when": {"trust": "high"}},
        ],
        "zzzzzz": [{"text": "No."}],
    }
    npc["dialogue"]["accept"] = [{"text": "Done.", "when": {"one_issue": False}}]
    npc["interests"][0]["issues"] = ["zzz"]
    npc["interests"][0]["opens"] = [
        {"issue": "zzz", "value": "a"},
        {"issue": "price", "value": "a"},
    ]
    npc["misrepresentations"] = [
        {"id": "c1", "kind": "final", "issue": "zzz"},
        {"id": "c2", "kind": "priority"},
        {"id": "c3", "kind": "final", "value": 3},
    ]
    found = lint(data)
    base = "npcs[0].lines.held_firm"
    assert_all_marked(
        found,
        [
            f"{base}[0].text",
            f"{base}[1].text",
            f"{base}[2].when.qqqqqq",
            f"{base}[3].when.step",
            f"{base}[4].when.trust",
            f"{base}[5].when.one_issue",
            f"{base}[6].when.mood",
            f"{base}[7].when.register",
            f"{base}[8].when.trust",
            "npcs[0].lines.zzzzzz",
            "npcs[0].dialogue.accept",
            "npcs[0].interests[0].issues[0]",
            "npcs[0].interests[0].opens[0].issue",
            "npcs[0].interests[0].opens[1].issue",
            "npcs[0].misrepresentations[0].issue",
            "npcs[0].misrepresentations[1].issue",
            "npcs[0].misrepresentations[2].value",
        ],
    )


def test_options_an_interest_cannot_open_are_marked(language):
    language(i18n.PSEUDO)
    data = json.loads((LEVELS / "chore-chart.json").read_text(encoding="utf-8"))
    data.pop("translations", None)
    npc = data["npcs"][0]
    issue = next(i for i in data["issues"] if i["type"] == "options")
    npc["interests"][0]["opens"] = [{"issue": issue["id"], "value": "qqqq"}] + [
        {"issue": issue["id"], "value": label} for label in issue["options"]
    ]
    found = lint(data)
    assert_all_marked(
        found, ["npcs[0].interests[0].opens[0].value", "npcs[0].interests[0].opens[1].value"]
    )


# ----------------------------------------------------------------------------- reachability
def test_stars_objectives_and_openings_out_of_reach_are_marked(language):
    language(i18n.PSEUDO)
    data = small()
    data["scoring"]["stars"] = [0.95, 0.96, 0.97]
    data["objectives"].append(
        {"id": "high", "text": "t", "kind": "player_utility_at_least", "value": 0.99}
    )
    found = reachability(data)
    assert_all_marked(found, ["scoring.stars[0]", "objectives[1].value"])
    assert found["scoring.stars[0]"].startswith("⟦1⟧ ⟦star⟧ ⟦needs⟧")
    data["scoring"]["stars"] = [0.3, 0.95, 0.97]
    assert reachability(data)["scoring.stars[1]"].startswith("⟦2⟧ ⟦stars⟧ ⟦need⟧")


def test_an_option_that_creates_no_value_is_marked(language):
    language(i18n.PSEUDO)
    data = json.loads((LEVELS / "bike-sale.json").read_text(encoding="utf-8"))
    data.pop("translations", None)
    opened = [
        (n, i, o)
        for n, npc in enumerate(data["npcs"])
        for i, interest in enumerate(npc.get("interests", []))
        for o, _ in enumerate(interest.get("opens", []))
    ]
    assert opened
    n, i, o = opened[0]
    opening = data["npcs"][n]["interests"][i]["opens"][o]
    for npc in data["npcs"]:  # make the option worth nothing to anyone
        if npc.get("preferences"):
            scores = npc["preferences"]["values"].get(opening["issue"], {}).get("scores", {})
            if opening["value"] in scores:
                scores[opening["value"]] = min(scores.values())
    player_scores = data["player"]["preferences"]["values"][opening["issue"]]["scores"]
    player_scores[opening["value"]] = min(player_scores.values())
    found = reachability(data)
    place = f"npcs[{n}].interests[{i}].opens[{o}]"
    assert_all_marked(found, [place])


# ----------------------------------------------------------------------------- translations
def test_the_problems_of_a_level_s_translations_are_marked(language):
    language(i18n.PSEUDO)
    data = json.loads((LEVELS / "market-stall.json").read_text(encoding="utf-8"))
    es = data["translations"]["es"]
    es["npcs"]["qqq"] = {}
    es["npcs"]["rosa"]["interests"]["zzzz-zzz"] = {"fact": "x"}
    es["npcs"]["rosa"]["misrepresentations"]["zzzz"] = {"says": "x"}
    es["npcs"]["rosa"]["grievances"] = {"zzzz": {"text": "x"}}
    es["npcs"]["rosa"]["lines"] = {"zzzz": [{"text": "x {qqqqq}"}]}
    es["npcs"]["rosa"]["dialogue"]["zzzz"] = [{"text": "x"}]
    es["issues"]["zzzz"] = {"name": "x"}
    es["objectives"] = {"zzzz": {"text": "x"}}
    es["events"] = {"zzzz": {"description": "x"}}
    es["evidence"] = {"zzzz": {"title": "x"}}
    es["player"]["grievances"] = {"zzzz": {"text": "x"}}
    es["teaching_points"] = ["x"] * (len(data["teaching_points"]) + 1)
    es["role_play"] = {"briefing": "x"}
    data["translations"]["en"] = {"title": "x"}
    found = lint(data)
    base = "translations.es"
    assert_all_marked(
        found,
        [
            "translations.en",
            f"{base}.npcs.qqq",
            f"{base}.npcs.rosa.interests.zzzz-zzz",
            f"{base}.npcs.rosa.misrepresentations.zzzz",
            f"{base}.npcs.rosa.grievances.zzzz",
            f"{base}.npcs.rosa.lines.zzzz",
            f"{base}.npcs.rosa.lines.zzzz[0].text",
            f"{base}.npcs.rosa.dialogue.zzzz",
            f"{base}.issues.zzzz",
            f"{base}.objectives.zzzz",
            f"{base}.events.zzzz",
            f"{base}.evidence.zzzz",
            f"{base}.player.grievances.zzzz",
            f"{base}.teaching_points",
            f"{base}.role_play",
        ],
    )


def test_a_partly_translated_level_is_marked(language):
    language(i18n.PSEUDO)
    data = json.loads((LEVELS / "market-stall.json").read_text(encoding="utf-8"))
    data["translations"]["es"].pop("title")
    data["translations"]["es"].pop("summary")
    (warning,) = untranslated(LevelModel.model_validate(data))
    assert warning.location == "translations.es"
    assert_all_marked({warning.location: warning.message}, [warning.location])
    assert "title, summary" in warning.message


# ----------------------------------------------------------------------------- Spanish
def test_a_few_problems_in_spanish(language, tmp_path):
    language("es")
    found = lint(broken_parts(), tmp_path)
    assert found["issues[2].id"] == "id repetido 'warranty': issues[1] ya lo usa"
    assert found["npcs[1].id"] == "'player' está reservado; elige otro id"
    assert found["evidence[5].benchmark"] == "'qqq' no es una opción de warranty"
    assert found["rules.quorum"] == "8 es más que las 3 partes"
    assert found["objectives[1].value"] == "el tipo de objetivo 'trust_at_least' necesita un valor"
    assert found["objectives[3].kind"] == (
        "el jugador no tiene ninguna carta de agravio que dejar atrás"
    )
    assert found["assets.music"] == "'art/none.ogg' no está en la carpeta del nivel"


def test_numbers_and_plurals_in_spanish(language):
    language("es")
    data = small()
    data["issues"][0]["step"] = 1e-9
    found = lint(data)
    assert found["issues[0].step"] == (
        "un paso de 1e-09 de 0 a 100 da 100.000.000.001 valores (como mucho 10.000): "
        "usa un paso mayor"
    )
    assert found["issues"].startswith(
        "los temas dan 300.000.000.003 acuerdos posibles, más de los 1.000.000 que el juego"
    )
    assert found["issues"].endswith(
        "que el juego puede analizar con dos partes: usa menos temas u opciones, o pasos mayores"
    )
    data = small()
    data["scoring"]["stars"] = [0.95, 0.96, 0.97]
    assert reachability(data)["scoring.stars[0]"].startswith(
        "1 estrella necesita player_utility 0.95, pero lo mejor que da cualquier acuerdo"
    )
    level = json.loads((LEVELS / "market-stall.json").read_text(encoding="utf-8"))
    level["translations"]["es"].pop("title")
    (warning,) = untranslated(LevelModel.model_validate(level))
    assert warning.message == "traducción parcial: 1 texto sigue en inglés: title"


def test_english_is_unchanged(language):
    language("en")
    found = lint(broken_parts())
    assert found["issues[2].id"] == "duplicate id 'warranty': issues[1] already uses it"
    assert found["rules.quorum"] == "8 is more than the 3 parties"
    data = small()
    data["issues"][0]["step"] = 1e-9
    assert lint(data)["issues[0].step"] == (
        "a step of 1e-09 from 0 to 100 makes 100,000,000,001 values (at most 10,000): "
        "use a larger step"
    )
    data = small()
    data["issues"][0]["step"] = 1e-9
    assert lint(data)["issues"].startswith(
        "the issues make 300,000,000,003 possible deals, more than the 1,000,000 the game"
    )


def test_the_remaining_problems_are_marked(language, tmp_path):
    language(i18n.PSEUDO)
    data = small()
    data["issues"][0]["step"] = 1e-14  # more values than the game counts
    third = copy.deepcopy(data["npcs"][0])
    third["id"] = "third"
    data["npcs"].append(third)
    data["rules"] = {"protocol": "unanimity", "mediator": {"allowed": True}}
    data["objectives"] += [
        {"id": "o1", "text": "t", "kind": "trust_at_least", "value": 150},
        {"id": "o2", "text": "t", "kind": "restated_interests", "value": -1},
    ]
    found = lint(data)
    assert_all_marked(
        found,
        [
            "issues[0].step",
            "issues",
            "rules.mediator.allowed",
            "objectives[1].value",
            "objectives[2].value",
        ],
    )
    assert "⟦more⟧ ⟦than⟧ ⟦10^15⟧" in found["issues[0].step"]
    assert "⟦with⟧ ⟦3⟧ ⟦parties⟧" in found["issues"]
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "out").symlink_to("/")
    for relative in ("loop", "out/etc/hostname"):
        message = lint_asset(relative, tmp_path) or ""
        assert "⟦" in message and not re.search(r"[A-Za-z]", unmarked(message)), message


def test_an_option_a_numeric_issue_does_not_have_is_marked(language):
    language(i18n.PSEUDO)
    data = json.loads((LEVELS / "market-stall.json").read_text(encoding="utf-8"))
    issue = data["issues"][0]["id"]
    data["translations"]["es"]["issues"].setdefault(issue, {})["options"] = {"zzzz": "x"}
    found = lint(data)
    assert_all_marked(found, [f"translations.es.issues.{issue}.options.zzzz"])
