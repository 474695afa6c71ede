"""Problem lines: JSON paths, quoting of odd keys, one line each, suggestions."""

from __future__ import annotations

from game.levels.problems import LevelError, Problem, json_path, suggestion


def test_json_path_shapes():
    assert json_path([]) == "(root)"
    assert json_path(["npcs", 0, "strategy", "kind"]) == "npcs[0].strategy.kind"
    assert json_path(["issues", 2]) == "issues[2]"
    assert json_path(["assets", "shop-front_2"]) == "assets.shop-front_2"


def test_json_path_quotes_keys_that_are_not_plain_words():
    assert json_path(["scores", "1 year"]) == 'scores["1 year"]'
    assert json_path(["a.b"]) == '["a.b"]'
    assert json_path(["x", 'say "hi"']) == 'x["say \\"hi\\""]'
    assert json_path(["x", "line\nbreak"]) == 'x["line\\nbreak"]'


def test_a_problem_is_always_one_printable_line():
    problem = Problem('weights["a\nb"]', "bad\rvalue \ud800 here")
    line = problem.line("le\u2028vel.json")
    assert "\n" not in line and "\r" not in line and "\u2028" not in line
    assert line == 'le\\u2028vel.json: weights["a\\nb"]: bad\\rvalue \\ud800 here'
    line.encode("utf-8")


def test_level_error_lists_lines_and_exit_code():
    error = LevelError("l.json", [Problem("id", "bad"), Problem("(file)", "worse")])
    assert error.user_lines == ["l.json: id: bad", "l.json: (file): worse"]
    assert error.exit_code == 1
    assert str(error) == "l.json: id: bad\nl.json: (file): worse"


def test_suggestion():
    assert suggestion("bulware", ["boulware", "linear"]) == " (did you mean 'boulware'?)"
    assert suggestion("zzz", ["boulware"]) == ""
    assert suggestion("x", []) == ""


def test_long_keys_and_names_are_clipped_with_their_length():
    key = "x" * 500_000
    path = json_path(["npcs", 0, key])
    assert path == 'npcs[0]["' + "x" * 60 + '… (500000 characters)"]'
    assert suggestion(key, ["x" * 10]) == ""
    line = Problem(path, "y" * 100_000).line("l.json")
    assert len(line) < 1000 and line.endswith("… (100000 characters)")


def test_validate_does_not_echo_a_huge_unknown_key(tmp_path, capsys):
    import json

    from game.cli import main
    from game.levels.catalog import resolve_level

    level = json.loads(resolve_level("market-stall").read_text(encoding="utf-8"))
    level["k" * 500_000] = 1
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(level), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and len(out) < 400
    assert "unknown field 'kkkk" in out and "(500000 characters)" in out


def test_terminal_escapes_and_direction_marks_are_written_as_escapes():
    line = Problem("x", "a\x1b[2Jb\x9bc\u202ed\u2066e").line("f.json")
    assert line == "f.json: x: a\\u001b[2Jb\\u009bc\\u202ed\\u2066e"
