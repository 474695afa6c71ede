"""The second pass: cross references, weights, assets, outcome-space caps, reachable stars."""

from __future__ import annotations

import copy
import os

import pytest

from game.levels.loader import load_level_bytes


def add_issue(level, issue, player_weight=0.0):
    level["issues"].append(issue)
    level["player"]["preferences"]["weights"][issue["id"]] = player_weight


# ----------------------------------------------------------------------------- duplicate ids
def test_duplicate_issue_ids(check, level):
    level["issues"].append(copy.deepcopy(level["issues"][1]))
    assert check(level) == ["issues[2].id: duplicate id 'warranty': issues[1] already uses it"]


def test_duplicate_npc_objective_and_evidence_ids(check, level):
    level["npcs"].append(copy.deepcopy(level["npcs"][0]))
    level["rules"] = {"protocol": "unanimity"}
    level["objectives"].append(copy.deepcopy(level["objectives"][0]))
    level["evidence"].append(copy.deepcopy(level["evidence"][0]))
    assert check(level) == [
        "npcs[1].id: duplicate id 'owner': npcs[0] already uses it",
        "evidence[1].id: duplicate id 'list-price': evidence[0] already uses it",
        "objectives[1].id: duplicate id 'deal': objectives[0] already uses it",
    ]


def test_reserved_npc_id(check, level):
    level["npcs"][0]["id"] = "player"
    assert check(level) == ["npcs[0].id: 'player' is reserved; choose another id"]


# ----------------------------------------------------------------------------- references
def test_unknown_issue_in_weights_and_values(check, level):
    prefs = level["player"]["preferences"]
    prefs["weights"]["pricee"] = 1
    prefs["values"]["warrenty"] = prefs["values"].pop("warranty")
    assert check(level) == [
        "player.preferences.weights.pricee: unknown issue 'pricee' (did you mean 'price'?)",
        "player.preferences.values.warrenty: unknown issue 'warrenty' (did you mean 'warranty'?)",
        "player.preferences.values: missing scores for the options of 'warranty' (it has a "
        'weight, so add "warranty": {"kind": "options", "scores": {...}})',
    ]


def test_unknown_option_in_scores_is_quoted_and_suggested(check, level):
    scores = level["npcs"][0]["preferences"]["values"]["warranty"]["scores"]
    scores["1 yr"] = scores.pop("1 year")
    assert check(level) == [
        "npcs[0].preferences.values.warranty.scores[\"1 yr\"]: '1 yr' is not an option of "
        "warranty (did you mean '1 year'?)"
    ]


def test_value_kinds_must_fit_the_issue(check, level):
    values = level["player"]["preferences"]["values"]
    values["price"] = {"kind": "options", "scores": {"cheap": 1}}
    values["warranty"] = {"kind": "linear"}
    assert check(level) == [
        "player.preferences.values.price.kind: price is numeric: use 'linear', 'peak' or 'table'",
        "player.preferences.values.warranty.kind: warranty has options: use kind 'options' "
        "with scores",
    ]


def test_unknown_event_party_and_issue(check, level):
    level["events"] = [
        {
            "id": "rain",
            "description": "it rains",
            "beliefs": {"player": 0.3, "ownr": 0.6},
            "issues": ["pricce", "warranty", "warranty"],
        }
    ]
    assert check(level) == [
        "events[0].beliefs.ownr: unknown party 'ownr' (did you mean 'owner'?)",
        "events[0].issues[0]: unknown issue 'pricce' (did you mean 'price'?)",
        "events[0].issues[2]: 'warranty' is named twice",
    ]


def test_unknown_evidence_card_price_issue_and_first_mover(check, level):
    level["npcs"][0]["strategy"] = {"kind": "hardliner", "moved_by": ["list-prize"]}
    level["rules"] = {"first_mover": "ownr"}
    level["evidence"][0]["issue"] = "warranty"
    level["evidence"][0]["benchmark"] = "2 yrs"
    assert check(level) == [
        "npcs[0].strategy.moved_by[0]: unknown evidence card 'list-prize' "
        "(did you mean 'list-price'?)",
        "evidence[0].benchmark: '2 yrs' is not an option of warranty (did you mean '2 years'?)",
        "rules.first_mover: unknown party 'ownr' (did you mean 'owner'?)",
    ]
    level["npcs"][0]["strategy"] = {"kind": "customer-service", "price_issue": "prise"}
    level["rules"] = {}
    level["evidence"][0] = {"id": "x", "title": "t", "text": "t", "issue": "prise"}
    assert check(level) == [
        "npcs[0].strategy.price_issue: unknown issue 'prise' (did you mean 'price'?)",
        "evidence[0].issue: unknown issue 'prise' (did you mean 'price'?)",
    ]


# ----------------------------------------------------------------------------- weights
def test_all_zero_weights(check, level):
    level["player"]["preferences"]["weights"] = {"price": 0, "warranty": 0.0}
    assert check(level) == [
        "player.preferences.weights: all weights are zero: at least one issue must matter"
    ]


def test_zero_scores_for_a_weighted_issue(check, level):
    level["npcs"][0]["preferences"]["values"]["warranty"]["scores"] = {"none": 0, "1 year": 0}
    assert check(level) == [
        "npcs[0].preferences.values.warranty.scores: every option scores zero, yet the issue "
        "has a weight: give the best option a score above zero"
    ]


def test_zero_scores_for_an_issue_without_weight_are_fine(level, encoded):
    level["npcs"][0]["preferences"]["weights"]["warranty"] = 0
    level["npcs"][0]["preferences"]["values"]["warranty"]["scores"] = {"none": 0}
    assert load_level_bytes(encoded(level), "ok.json").id == "test-stall"


# ----------------------------------------------------------------------------- assets
def test_an_asset_outside_the_folder_and_a_missing_asset(check, level, tmp_path):
    (tmp_path / "secret.png").write_bytes(b"png")
    folder = tmp_path / "level"
    folder.mkdir()
    level["assets"] = {"background": "../secret.png", "music": "sounds/missing.ogg"}
    assert check(level, folder) == [
        "assets.background: '../secret.png' leads outside the level's folder: give a path "
        "inside it, such as 'art/background.png'",
        "assets.music: 'sounds/missing.ogg' was not found in the level's folder",
    ]


@pytest.mark.parametrize(
    "path", ["/etc/passwd", "..\\secret.png", "art/../../secret.png", "C:\\x.png"]
)
def test_other_paths_outside_the_folder(check, level, tmp_path, path):
    level["assets"] = {"background": path}
    (line,) = check(level, tmp_path)
    assert line.startswith(f"assets.background: {path!r} leads outside the level's folder")


def test_asset_paths_are_checked_without_a_folder_too(check, level):
    level["assets"] = {"background": "../secret.png", "music": "missing.ogg"}
    assert check(level) == [
        "assets.background: '../secret.png' leads outside the level's folder: give a path "
        "inside it, such as 'art/background.png'"
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_out_of_the_folder_is_refused(check, level, tmp_path):
    (tmp_path / "secret.png").write_bytes(b"png")
    folder = tmp_path / "level"
    folder.mkdir()
    (folder / "art.png").symlink_to(tmp_path / "secret.png")
    level["assets"] = {"background": "art.png"}
    assert check(level, folder) == [
        "assets.background: 'art.png' points outside the level's folder (through a link)"
    ]


def test_an_existing_asset_inside_the_folder_is_fine(level, encoded, tmp_path):
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "bg.png").write_bytes(b"png")
    level["assets"] = {"background": "art/bg.png"}
    assert load_level_bytes(encoded(level), "ok.json", tmp_path).model.assets


# ----------------------------------------------------------------------------- caps
def test_a_tiny_step_over_a_big_range_is_capped(check, level):
    level["issues"][0].update(low=0, high=1000, step=0.0001)
    assert check(level) == [
        "issues[0].step: a step of 0.0001 from 0 to 1000 makes 10,000,001 values (at most "
        "10,000): use a larger step",
        "issues: the issues make 30,000,003 possible deals, more than the 1,000,000 the game "
        "can analyse with two parties: use fewer issues or options, or larger steps",
    ]


def test_a_step_too_small_to_count_does_not_overflow(check, level):
    level["issues"][0].update(low=-1e9, high=1e9, step=1e-300)
    assert check(level) == [
        "issues[0].step: a step of 1e-300 from -1e+09 to 1e+09 makes more than 10^15 values "
        "(at most 10,000): use a larger step",
        "issues: the issues make more than 10^15 possible deals, more than the 1,000,000 the "
        "game can analyse with two parties: use fewer issues or options, or larger steps",
    ]


def test_many_issues_multiply_over_the_cap(check, level):
    for i in range(4):
        add_issue(
            level, {"type": "numeric", "id": f"n{i}", "name": "N", "low": 0, "high": 99, "step": 1}
        )
    assert check(level) == [
        "issues: the issues make 3,300,000,000 possible deals, more than the 1,000,000 the "
        "game can analyse with two parties: use fewer issues or options, or larger steps"
    ]


def test_just_under_the_cap_per_issue_is_allowed(level, encoded):
    level["issues"][0].update(low=0, high=9999, step=1)
    assert load_level_bytes(encoded(level), "ok.json").analysis.outcomes == 30_000


def test_a_clause_that_splits_too_many_values(check, level):
    level["issues"][0].update(low=0, high=1000, step=0.5)
    level["issues"][1]["options"] = ["none", "1 year", "2 years"] + [
        f"{y} years" for y in range(3, 20)
    ]
    level["events"] = [
        {
            "id": "rain",
            "description": "it rains",
            "beliefs": {"player": 0.3, "owner": 0.6},
            "issues": ["price", "warranty"],
        }
    ]
    assert check(level) == [
        "events[0].issues: a clause on this event decides price, warranty twice (if it happens "
        "and if not): 1,601,600,400 packages, more than the 1,000,000 the game can analyse "
        "with two parties: name fewer issues, or give them fewer values"
    ]


def _many_parties(level, parties):
    npc = level["npcs"][0]
    level["npcs"] = [dict(copy.deepcopy(npc), id=f"p{n}") for n in range(parties - 1)]
    level["rules"] = {"protocol": "unanimity"}
    level["evidence"] = []


def test_the_package_limit_falls_with_three_or_more_parties(check, level, encoded):
    # 10 million packages and six parties were once allowed; validate never finished.
    _many_parties(level, 7)
    level["issues"][0].update(low=0, high=1999, step=1)  # 2,000 x 3 = 6,000 packages
    assert check(level) == [
        "issues: the issues make 6,000 possible deals, more than the 5,000 the game can "
        "analyse with 7 parties: use fewer issues or options, or larger steps"
    ]
    level["issues"][0].update(high=1599)  # 4,800 packages: analysed
    assert load_level_bytes(encoded(level), "ok.json").analysis.outcomes == 4_800


def test_a_level_over_the_limit_is_never_enumerated(check, level, monkeypatch):
    # With other problems the loader analysed the level anyway, to list unreachable stars.
    import game.levels.loader as loader

    built = []
    real = loader.build_negotiation
    monkeypatch.setattr(loader, "build_negotiation", lambda m: built.append(m) or real(m))
    _many_parties(level, 6)
    level["issues"][0].update(low=0, high=99_999, step=10)
    level["rules"]["first_mover"] = "nobody"  # a second problem, found by the same pass
    lines = check(level)
    assert any("more than the 5,000 the game can analyse with 6 parties" in x for x in lines)
    assert built == []


def test_the_largest_two_party_level_is_analysed(level, encoded):
    level["issues"][0].update(low=0, high=333_332, step=1)  # the issue's own cap is lower:
    level["issues"] = [level["issues"][1]] + [
        {"type": "numeric", "id": f"n{i}", "name": "N", "low": 0, "high": 9, "step": 1}
        for i in range(5)
    ]  # 3 x 10^5 = 300,000 packages
    prefs = level["player"]["preferences"]
    prefs["weights"] = {"warranty": 1, **{f"n{i}": 1 for i in range(5)}}
    prefs["values"] = {"warranty": prefs["values"]["warranty"]}
    npc = level["npcs"][0]["preferences"]
    npc["weights"] = {"warranty": 1, **{f"n{i}": 2 for i in range(5)}}
    npc["values"] = {"warranty": npc["values"]["warranty"]}
    level["evidence"] = []
    level["objectives"] = []
    level["scoring"]["stars"] = [0.1, 0.2, 0.3]
    assert load_level_bytes(encoded(level), "ok.json").analysis.outcomes == 300_000


# ----------------------------------------------------------------------------- reachability
def test_a_star_threshold_above_the_best_deal(check, level):
    level["scoring"]["stars"] = [0.3, 0.5, 0.99]
    assert check(level) == [
        "scoring.stars[2]: 3 stars need player_utility 0.99, but the best any deal (or walking "
        "away) gives is 0.88: lower it to at most 0.88"
    ]


def test_only_the_first_impossible_star_is_reported(check, level):
    level["scoring"]["stars"] = [0.9, 0.95, 0.99]
    assert check(level) == [
        "scoring.stars[0]: 1 star needs player_utility 0.9, but the best any deal (or walking "
        "away) gives is 0.88: lower it to at most 0.88"
    ]


def test_a_star_threshold_at_the_best_deal_is_fine(level, encoded):
    level["scoring"]["stars"] = [0.3, 0.5, 0.88]
    assert load_level_bytes(encoded(level), "ok.json").model.scoring.stars[2] == 0.88


def test_other_measures_are_checked_too(check, level):
    level["scoring"] = {"measure": "joint_utility", "stars": [1.0, 1.5, 1.9]}
    (line,) = check(level)
    assert line.startswith("scoring.stars[1]: 2 stars need joint_utility 1.5, but the best")


def test_an_objective_above_any_acceptable_deal(check, level):
    level["objectives"].append(
        {"id": "rich", "text": "Get a lot.", "kind": "player_utility_at_least", "value": 0.95}
    )
    assert check(level) == [
        "objectives[1].value: 0.95 is above the best player_utility of any deal every party "
        "accepts (0.88): this objective can never be met"
    ]


def test_objective_rules(check, level):
    level["objectives"] = [
        {"id": "a", "text": "x", "kind": "player_utility_at_least"},
        {"id": "b", "text": "x", "kind": "used_contingent_clause"},
        {"id": "c", "text": "x", "kind": "let_go"},
    ]
    level["evidence"] = []
    assert check(level) == [
        "objectives[0].value: objective kind 'player_utility_at_least' needs a value",
        "objectives[1].kind: the level has no uncertain events for a clause",
        "objectives[2].kind: the player has no grievance card to let go",
    ]


# ----------------------------------------------------------------------------- parties and rules
def test_preferences_are_required_except_for_a_mediator(check, level):
    del level["npcs"][0]["preferences"]
    assert check(level) == [
        "npcs[0].preferences: this field is required (only an NPC with strategy kind "
        "'mediator' has no preferences)",
        "npcs: at least one NPC must have preferences (a mediator alone cannot negotiate)",
        "rules.protocol: alternating offers take two parties, this level has 1: use unanimity "
        "or majority",
    ]


def test_mediator_rules(check, level):
    level["rules"] = {"mediator": {"allowed": True}}
    level["npcs"][0]["strategy"] = {"kind": "mediator"}
    assert check(level) == [
        "npcs[0].preferences: a mediator is neutral: leave its preferences out",
        "rules.mediator.allowed: the player may call a mediator, but no NPC has strategy kind "
        "'mediator'",
    ]
    del level["npcs"][0]["preferences"]
    assert check(level) == [
        "npcs: at least one NPC must have preferences (a mediator alone cannot negotiate)",
        "rules.protocol: alternating offers take two parties, this level has 1: use unanimity "
        "or majority",
    ]


def test_star_problems_are_listed_with_other_problems(check, level):
    level["assets"] = {"background": "../secret.png"}
    level["scoring"]["stars"] = [0.3, 0.5, 0.99]
    assert check(level) == [
        "assets.background: '../secret.png' leads outside the level's folder: give a path "
        "inside it, such as 'art/background.png'",
        "scoring.stars[2]: 3 stars need player_utility 0.99, but the best any deal (or walking "
        "away) gives is 0.88: lower it to at most 0.88",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a\x00b", "the text holds a NUL character (U+0000), which cannot be shown: remove it"),
        (
            "\x1b[31mred",
            "the text holds a control character (U+001B), which cannot be shown: remove it",
        ),
        (
            "Mi\u202era",
            "the text holds an invisible direction mark (U+202E) that reorders what is shown: "
            "remove it",
        ),
        ("a\x9bb", "the text holds a control character (U+009B), which cannot be shown: remove it"),
    ],
)
def test_text_that_cannot_be_shown_is_refused(check, level, text, message):
    # validate said ok to a NUL, and the game crashed when the table opened.
    level["npcs"][0]["name"] = text
    level["briefing"] = "Line one.\n\tLine two."  # a line break and a tab are fine
    assert check(level) == [f"npcs[0].name: {message}"]


def test_a_control_character_in_a_key_is_refused(check, level):
    level["player"]["preferences"]["weights"]["pr\x07ice"] = 1
    assert check(level)[0] == (
        'player.preferences.weights["pr\\u0007ice"]: the text holds a control character '
        "(U+0007), which cannot be shown: remove it"
    )
