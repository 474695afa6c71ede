"""Schema problems: each names its JSON path and says what is wrong in a designer's words."""

from __future__ import annotations

import pytest

from game.levels.loader import load_level_bytes, validate_data
from game.levels.problems import LevelError

KINDS = (
    "'boulware', 'linear', 'conceder', 'tit-for-tat', 'hardliner', 'integrative', "
    "'customer-service', 'mediator', 'grudge-holder'"
)


def test_a_misspelt_strategy_kind_gets_a_suggestion(check, level):
    level["npcs"][0]["strategy"] = {"kind": "bulware"}
    assert check(level) == [
        f"npcs[0].strategy.kind: unknown kind 'bulware' (did you mean 'boulware'?); "
        f"expected one of {KINDS}"
    ]


def test_a_strategy_without_kind_lists_the_kinds(check, level):
    level["npcs"][0]["strategy"] = {"e": 0.3}
    assert check(level) == [f"npcs[0].strategy.kind: this field is required (one of {KINDS})"]


def test_a_misspelt_key_gets_a_suggestion(check, level):
    prefs = level["player"]["preferences"]
    prefs["weigths"] = prefs.pop("weights")
    assert check(level) == [
        "player.preferences.weigths: unknown field 'weigths' (did you mean 'weights'?)",
        "player.preferences.weights: this field is required",
    ]


@pytest.mark.parametrize(
    ("where", "key", "expected"),
    [
        ((), "titel", "titel: unknown field 'titel' (did you mean 'title'?)"),
        (
            ("rules",),
            "deadline",
            "rules.deadline: unknown field 'deadline' (did you mean 'deadline_rounds'?)",
        ),
        (
            ("npcs", 0),
            "personallity",
            "npcs[0].personallity: unknown field 'personallity' (did you mean 'personality'?)",
        ),
        (("issues", 0), "stepp", "issues[0].stepp: unknown field 'stepp' (did you mean 'step'?)"),
        (("scoring",), "star", "scoring.star: unknown field 'star' (did you mean 'stars'?)"),
        (("issues", 1), "colour", "issues[1].colour: unknown field 'colour'"),
    ],
)
def test_unknown_fields_suggest_only_fields_of_that_object(check, level, where, key, expected):
    level["rules"] = {}
    node = level
    for part in where:
        node = node[part]
    node[key] = 1
    assert check(level) == [expected]


def test_suggestions_follow_the_tag_of_a_union(check, level):
    level["player"]["preferences"]["values"]["price"] = {"kind": "peak", "peek": 10}
    assert check(level) == [
        "player.preferences.values.price.peek: unknown field 'peek' (did you mean 'peak'?)",
        "player.preferences.values.price.peak: this field is required",
    ]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("issues", 0, "low"), "cheap", "issues[0].low: must be a number (got 'cheap')"),
        (("issues", 0, "low"), "350", "issues[0].low: must be a number (got '350')"),
        (("chapter",), "two", "chapter: must be a whole number (got 'two')"),
        (("chapter",), True, "chapter: must be a whole number (got true)"),
        (("chapter",), 2.5, "chapter: must be a whole number (got 2.5)"),
        (("title",), 5, "title: must be text (got 5)"),
        (("title",), None, "title: must be text (got null)"),
        (("rules",), [], "rules: must be an object {...} (got a list [...])"),
        (
            ("npcs", 0, "strategy"),
            "boulware",
            "npcs[0].strategy: must be an object {...} (got 'boulware')",
        ),
        (("teaching_points",), "be nice", "teaching_points: must be a list [...] (got 'be nice')"),
        (
            ("player", "preferences", "weights"),
            [1, 2],
            "player.preferences.weights: must be an object {...} (got a list [...])",
        ),
        (("issues", 1, "options", 0), 1, "issues[1].options[0]: must be text (got 1)"),
        (
            ("evidence", 0, "benchmark"),
            {"a": 1},
            "evidence[0].benchmark: must be a number or text (got an object {...})",
        ),
        (("objectives", 0, "stars"), "1", "objectives[0].stars: must be a whole number (got '1')"),
    ],
)
def test_wrong_types_name_the_path(check, level, path, value, expected):
    node = level
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    assert check(level) == [expected]


def test_yes_is_not_true(check, level):
    level["rules"] = {"hints": {"agreement_zone": "yes"}}
    assert check(level) == ["rules.hints.agreement_zone: must be true or false (got 'yes')"]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("issues",), [], "issues: needs at least 1 item (has 0)"),
        (("npcs",), [], "npcs: needs at least 1 item (has 0)"),
        (("issues", 1, "options"), [], "issues[1].options: needs at least 1 item (has 0)"),
        (
            ("player", "preferences", "weights"),
            {},
            "player.preferences.weights: needs at least 1 entry (has 0)",
        ),
        (("teaching_points",), ["x"] * 7, "teaching_points: has 7 items; at most 6 are allowed"),
        (("title",), "", "title: must not be empty"),
        (("title",), "   ", "title: must not be empty"),
        (("title",), "x" * 81, "title: is 81 characters long; at most 80 are allowed"),
        (("scoring", "stars"), [0.1, 0.2], "scoring.stars: needs exactly 3 items (got 2)"),
        (("scoring", "stars"), [0.1], "scoring.stars: needs exactly 3 items (got 1)"),
        (
            ("scoring", "stars"),
            [0.1, 0.2, 0.3, 0.4],
            "scoring.stars: has 4 items; at most 3 are allowed",
        ),
    ],
)
def test_empty_and_overlong_lists_and_text(check, level, path, value, expected):
    node = level
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    assert check(level) == [expected]


def test_too_many_issues(check, level):
    level["issues"] += [
        {"type": "options", "id": f"extra-{i}", "name": "Extra", "options": ["a"]}
        for i in range(11)
    ]
    assert check(level) == ["issues: has 13 items; at most 12 are allowed"]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ("player", "preferences", "weights", "price"),
            -1,
            "player.preferences.weights.price: must be at least 0 (got -1)",
        ),
        (
            ("player", "preferences", "weights", "price"),
            -0.5,
            "player.preferences.weights.price: must be at least 0 (got -0.5)",
        ),
        (
            ("player", "preferences", "weights", "price"),
            1001,
            "player.preferences.weights.price: must be at most 1000 (got 1001)",
        ),
        (
            ("player", "preferences", "reservation"),
            1.5,
            "player.preferences.reservation: must be at most 1 (got 1.5)",
        ),
        (("issues", 0, "step"), 0, "issues[0].step: must be above 0 (got 0)"),
        (("issues", 0, "step"), -5, "issues[0].step: must be above 0 (got -5)"),
        (("chapter",), 10**20, "chapter: must be at most 99 (got 100000000000000000000)"),
    ],
)
def test_numbers_out_of_range(check, level, path, value, expected):
    node = level
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    assert check(level) == [expected]


def test_ids_and_keys_that_are_not_ids(check, level):
    level["id"] = "Test Stall"
    level["player"]["preferences"]["weights"]["Price!"] = 1
    assert check(level) == [
        "id: 'Test Stall' is not a valid id: use lower-case letters, digits, '-' and '_', "
        "starting with a letter or digit",
        "player.preferences.weights[\"Price!\"]: the key 'Price!' is not a valid id: use "
        "lower-case letters, digits, '-' and '_', starting with a letter or digit",
    ]


def test_literal_choices_get_suggestions(check, level):
    level["rules"] = {"protocol": "alternate"}
    level["schema_version"] = 2
    assert check(level) == [
        "schema_version: got 2; expected 1",
        "rules.protocol: got 'alternate' (did you mean 'alternating'?); "
        "expected 'alternating', 'unanimity' or 'majority'",
    ]


def test_an_unknown_issue_type_and_value_kind(check, level):
    level["issues"][0]["type"] = "numerc"
    level["player"]["preferences"]["values"]["price"]["kind"] = "lineer"
    assert check(level) == [
        "issues[0].type: unknown type 'numerc' (did you mean 'numeric'?); "
        "expected one of 'numeric', 'options'",
        "player.preferences.values.price.kind: unknown kind 'lineer' (did you mean 'linear'?); "
        "expected one of 'linear', 'peak', 'table', 'options'",
    ]


def test_model_rules_read_as_sentences(check, level):
    level["issues"][0]["low"], level["issues"][0]["high"] = 100, 0
    level["issues"][1]["options"] = ["none", "none"]
    level["scoring"]["stars"] = [0.5, 0.4, 0.6]
    assert check(level) == [
        "issues[0]: high must not be below low",
        "issues[1]: options must be unique",
        "scoring: star thresholds must not decrease",
    ]


def test_a_missing_required_field(check, level):
    del level["player"]["batna"]
    del level["scoring"]
    assert check(level) == [
        "player.batna: this field is required",
        "scoring: this field is required",
    ]


def test_validate_data_accepts_non_json_python_objects_leniently(level):
    level["scoring"]["stars"] = (0.3, 0.5, 0.6)  # a tuple is not JSON but is a fine list here
    level["chapter"] = object()
    with pytest.raises(LevelError) as caught:
        validate_data(level, "py")
    assert caught.value.user_lines[0].startswith("py: chapter: must be a whole number")


def test_the_valid_level_loads(level, encoded):
    loaded = load_level_bytes(encoded(level), "ok.json")
    assert loaded.id == "test-stall"
    assert [p.id for p in loaded.negotiation.parties] == ["player", "owner"]
