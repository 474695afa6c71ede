"""Reading a level file: size, encoding and JSON syntax problems, each one line with a place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.levels import loader
from game.levels.loader import MAX_DEPTH, MAX_FILE_BYTES, load_level, load_level_bytes
from game.levels.problems import LevelError


def lines_of(path: Path) -> list[str]:
    with pytest.raises(LevelError) as caught:
        load_level(path)
    return caught.value.user_lines


# ----------------------------------------------------------------------------- size
def test_a_2_mib_file_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    path = tmp_path / "huge.json"
    path.write_bytes(b"{" + b" " * (2 * 1024 * 1024) + b"}")

    def must_not_parse(*args, **kwargs):
        raise AssertionError("a file over the limit must not be parsed")

    monkeypatch.setattr(loader, "parse_json", must_not_parse)
    monkeypatch.setattr(Path, "read_bytes", must_not_parse)
    assert lines_of(path) == [
        f"{path}: (file): the file is 2,097,154 bytes; a level file may be at most "
        "1,048,576 bytes (1 MiB), so it was not read"
    ]


def test_bytes_over_the_limit_are_refused_too(check):
    raw = b"[" + b"0," * (MAX_FILE_BYTES // 2) + b"0]"
    (line,) = check(raw)
    assert line.startswith("(file): the file is ")
    assert "at most 1,048,576 bytes (1 MiB)" in line


def test_a_file_of_exactly_the_limit_is_read(tmp_path):
    path = tmp_path / "edge.json"
    path.write_bytes(b"[" + b" " * (MAX_FILE_BYTES - 2) + b"]")
    assert lines_of(path) == [
        f"{path}: (root): a level file must hold a JSON object {{...}}, not a list"
    ]


def test_a_missing_file_and_a_folder(tmp_path):
    assert lines_of(tmp_path / "nope.json") == [
        f"{tmp_path / 'nope.json'}: (file): cannot read the file: no such file or directory"
    ]
    assert lines_of(tmp_path) == [f"{tmp_path}: (file): not a file (a folder or a device?)"]


# ----------------------------------------------------------------------------- encoding
def test_utf16_is_named_and_refused(check, level, encoded):
    text = json.dumps(level)
    assert check(text.encode("utf-16")) == ["(file): the file is UTF-16 text; save it as UTF-8"]
    assert check(text.encode("utf-16-le")) == [
        "(file): the file looks like UTF-16 text (it has zero bytes); save it as UTF-8"
    ]
    assert check(text.encode("utf-32")) == ["(file): the file is UTF-32 text; save it as UTF-8"]


def test_latin1_names_the_line_column_and_byte(check):
    raw = '{\n  "title": "Caf\u00e9 deal"\n}'.encode("latin-1")
    assert check(raw) == [
        "line 2 column 16: byte 0xe9 is not UTF-8 text (was the file saved as Latin-1 or "
        "Windows-1252?): save it as UTF-8"
    ]


def test_columns_count_characters_not_bytes(check):
    raw = '{"t\u00e9": "\u00e9\u00e9"}'.encode() + b"\xff"
    assert check(raw)[0].startswith("line 1 column 13: byte 0xff")


def test_a_utf8_byte_order_mark_is_fine(level, encoded):
    assert load_level_bytes(b"\xef\xbb\xbf" + encoded(level), "bom.json").id == "test-stall"


# ----------------------------------------------------------------------------- syntax
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "(file): the file is empty; a level is a JSON object"),
        ("  \n ", "(file): the file is empty; a level is a JSON object"),
        (
            '{\n  "id": "x",\n  "title":\n}',
            "line 4 column 1: expected a value: text in double quotes, a number, true, false, "
            "null, an object {...} or a list [...]",
        ),
        (
            '{\n  "id": "x",\n}',
            "line 3 column 1: a comma before '}' has nothing after it: remove the comma",
        ),
        (
            '{"a": [1, 2,]}',
            "line 1 column 13: a comma before ']' has nothing after it: remove the comma",
        ),
        (
            "{'id': 'x'}",
            'line 1 column 2: keys must be in double quotes ("key"), not single quotes',
        ),
        (
            "{\"id\": 'x'}",
            'line 1 column 8: text must be in double quotes ("..."), not single quotes',
        ),
        (
            '{"id": "x"\n "title": "y"}',
            "line 2 column 2: expected ',' between two items, or a closing '}' or ']' "
            "(is a comma missing?)",
        ),
        ('{"id" "x"}', "line 1 column 7: expected ':' between a key and its value"),
        (
            '{"id": "x"} {}',
            "line 1 column 13: unexpected text after the end of the level's JSON object",
        ),
        ('{"id": "x', "line 1 column 8: this text has no closing double quote"),
        (
            '{"id": "a\nb"}',
            "line 1 column 10: a line break or tab inside text must be written as \\n or \\t",
        ),
        (
            '{"id": "a\\qb"}',
            "line 1 column 10: invalid backslash escape inside text (write \\\\ for a backslash)",
        ),
        ('{"id": "\\u12"}', "line 1 column 10: a \\u escape needs four hex digits, e.g. \\u00e9"),
        (
            '{"id": ',
            "line 1 column 8: the file ends where a value was expected (is something cut off?)",
        ),
        (
            '{"issues": [1, 2',
            "line 1 column 17: the file ends inside an object or list (is a '}' or ']' missing?)",
        ),
    ],
)
def test_syntax_errors_give_line_column_and_words(check, text, expected):
    assert check(text.encode()) == [expected]


@pytest.mark.parametrize(
    ("text", "kind"), [("[]", "a list"), ("null", "null"), ('"level"', "text"), ("3", "a number")]
)
def test_the_top_level_must_be_an_object(check, text, kind):
    assert check(text.encode()) == [
        f"(root): a level file must hold a JSON object {{...}}, not {kind}"
    ]


# ----------------------------------------------------------------------------- values the reader lets through
def test_nesting_100_deep_is_refused(check):
    raw = b'{"issues": ' + b"[" * 100 + b"]" * 100 + b"}"
    assert check(raw) == [
        f"(root): objects and lists are nested more than {MAX_DEPTH} levels deep; "
        "a level needs far fewer"
    ]


def test_nesting_100000_deep_is_refused_without_a_recursion_error(check):
    assert check(b"[" * 100_000 + b"]" * 100_000) == check(b'{"a":' * 50_000 + b"1" + b"}" * 50_000)


def test_nesting_at_the_limit_is_allowed_by_the_reader(check):
    raw = b'{"deep": ' + b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1) + b"}"
    assert not any("nested" in line for line in check(raw))


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_at_their_path(check, level, encoded, literal):
    level["player"]["preferences"]["weights"]["price"] = 0.123456
    raw = encoded(level).replace(b"0.123456", literal.encode())
    assert check(raw) == [
        f"player.preferences.weights.price: {literal} is not a number a level can use: "
        "write a plain number"
    ]


def test_numbers_too_large_for_a_float_or_too_long_for_an_int(check, level, encoded):
    level["issues"][0]["high"] = 0.123456
    level["chapter"] = 777
    raw = encoded(level).replace(b"0.123456", b"1e999").replace(b"777", b"9" * 5000)
    assert check(raw) == [
        "chapter: a number with 5,000 digits is too large",
        "issues[0].high: 1e999 is too large a number",
    ]


def test_duplicate_keys_are_named_with_their_object(check, level, encoded):
    text = encoded(level).decode()
    text = text.replace('"id": "owner",', '"id": "owner", "id": "owner2",', 1)
    text = text.replace('"chapter": 1,', '"chapter": 1, "chapter": 2,', 1)
    assert check(text.encode()) == [
        "chapter: the key 'chapter' appears twice in this object; keep one",
        "npcs[0].id: the key 'id' appears twice in this object; keep one",
    ]


def test_a_key_appearing_as_a_value_elsewhere_does_not_confuse_duplicates(check):
    raw = b'{"kind": "id", "npcs": [{"id": "a", "id": "b"}]}'
    assert check(raw) == ["npcs[0].id: the key 'id' appears twice in this object; keep one"]


def test_a_lone_surrogate_escape_is_refused_at_its_path(check, level, encoded):
    raw = encoded(level).replace(b'"A test stall"', b'"A test \\ud800 stall"')
    assert check(raw) == [
        "title: the text holds a \\u escape that is not a character (a lone surrogate)"
    ]


def test_odd_keys_are_quoted_and_kept_on_one_line(check, level, encoded):
    level["npcs"][0]["line\nbreak"] = 1
    (line,) = check(encoded(level))
    assert line == "npcs[0][\"line\\nbreak\"]: unknown field 'line\\nbreak'"


def test_many_problems_are_capped(check):
    raw = ("{" + ", ".join(f'"k{i}": NaN' for i in range(200)) + "}").encode()
    lines = check(raw)
    assert len(lines) == loader.MAX_PROBLEMS
