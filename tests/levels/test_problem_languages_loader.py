"""A level file's problems (the reader's, the format's and pydantic's) are said in the
language in use: in the marking pseudo-language every word is marked, and only the file's
own ids, keys, values and paths are left as they are; a few are checked in Spanish."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game import i18n
from game.levels.catalog import MAX_FILE_BYTES
from game.levels.loader import _pydantic_message, load_level, load_level_bytes
from game.levels.problems import LevelError, Problem, clip, json_path, suggestion

SMALL_LEVEL = json.loads(
    (Path(__file__).resolve().parent / "data" / "small-level.json").read_text(encoding="utf-8")
)
OPEN, CLOSE = "\u27e6", "\u27e7"


def changed(edit: Callable[[dict[str, Any]], object]) -> bytes:
    """Return the bytes of the small valid level after ``edit``."""
    data = copy.deepcopy(SMALL_LEVEL)
    edit(data)
    return json.dumps(data).encode("utf-8")


def found(raw: bytes) -> list[Problem]:
    with pytest.raises(LevelError) as caught:
        load_level_bytes(raw, "lvl.json")
    return caught.value.problems


def unmarked(text: str) -> list[str]:
    """Return the words of ``text`` outside the pseudo-language's marks and outside quoted
    values (``'titel'``, ``"Bad Key"``) and U+ codes: what bypassed the layer."""
    text = re.sub(f"{OPEN}[^{CLOSE}]*{CLOSE}", " ", text)
    text = re.sub(r"'[^']*'|\"[^\"]*\"|U\+[0-9A-F]{4}", " ", text)
    return re.findall(r"[A-Za-z]{2,}", text)


def _set(path: list[str | int], value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        node: Any = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return edit


def _rename_weights(data: dict[str, Any]) -> None:
    prefs = data["player"]["preferences"]
    prefs["weigths"] = prefs.pop("weights")


# name -> (file bytes, words of the file or the schema left as they are)
CASES: dict[str, tuple[bytes, set[str]]] = {
    # reading and JSON syntax
    "empty": (b"  ", set()),
    "utf16 bom": (b"\xff\xfe{\x00}\x00", set()),
    "zero bytes": (b'{\x00"\x00', set()),
    "latin-1": (b'{"a": "caf\xe9"}', set()),
    "single-quoted key": (b"{'a': 1}", set()),
    "single-quoted text": (b"{\"a\": 'x'}", set()),
    "comma before ]": (b'{"a": [1,]}', set()),
    "comma before }": (b'{"a": 1,}', set()),
    "ends at a value": (b'{"a": ', set()),
    "ends in a list": (b'{"a": [1', set()),
    "no colon": (b'{"a" 1}', set()),
    "extra data": (b'{"a": 1} x', set()),
    "unterminated": (b'{"a": "abc', set()),
    "raw tab": (b'{"a": "a\tb"}', set()),
    "short u escape": (b'{"a": "\\u12"}', set()),
    "bad escape": (b'{"a": "\\q"}', set()),
    "no value": (b'{"a": tru}', set()),
    "no comma": (b'{"a": 1 "b": 2}', set()),
    "ends in an object": (b"{", set()),
    "no key": (b'{"a": 1, 2}', set()),
    "not an object": (b"[1]", set()),
    "NaN": (b'{"a": NaN}', {"NaN"}),
    "huge float": (b'{"a": 1e999}', set()),
    "huge integer": (b'{"a": ' + b"1" * 40 + b"}", set()),
    "too deep": (b'{"a": ' + b"[" * 40 + b"]" * 40 + b"}", set()),
    "duplicate key": (b'{"a": 1, "a": 2}', set()),
    "lone surrogate": (b'{"a": "\\ud800"}', set()),
    "NUL": (b'{"a": "x\\u0000"}', set()),
    "direction mark": (b'{"a": "x\\u202e"}', set()),
    "control character": (b'{"a": "x\\u0007"}', set()),
    "too big": (b" " * (MAX_FILE_BYTES + 1), set()),
    # the level format
    "unknown field": (changed(_rename_weights), set()),
    "unknown kind": (changed(_set(["npcs", 0, "strategy"], {"kind": "bulware"})), {"kind"}),
    "no kind": (changed(_set(["npcs", 0, "strategy"], {"e": 0.3})), set()),
    "literal": (changed(_set(["issues", 0, "unit_position"], "middle")), set()),
    "type": (changed(_set(["title"], 5)), set()),
    "union of types": (changed(_set(["evidence", 0, "benchmark"], True)), {"true"}),
    "object expected": (changed(_set(["scoring"], 3)), set()),
    "too few items": (changed(_set(["issues", 1, "options"], [])), set()),
    "too many items": (
        changed(_set(["issues", 1, "options"], [f"o{i}" for i in range(60)])),
        set(),
    ),
    "empty text": (changed(_set(["issues", 1, "name"], "")), set()),
    "long text": (changed(_set(["issues", 1, "name"], "x" * 100)), set()),
    "bad id": (changed(_set(["id"], "Bad Id")), set()),
    "bad key": (changed(_set(["player", "preferences", "weights", "Bad Key"], 0.1)), set()),
    "above a bound": (changed(_set(["player", "preferences", "reservation"], 5)), set()),
    "below a bound": (changed(_set(["player", "preferences", "reservation"], -1)), set()),
    "high below low": (changed(_set(["issues", 0, "low"], 200)), {"high", "low"}),
    "repeated options": (changed(_set(["issues", 1, "options"], ["a", "a"])), set()),
    "stars decrease": (changed(_set(["scoring", "stars"], [0.5, 0.3, 0.6])), set()),
    "short tuple": (changed(_set(["scoring", "stars"], [0.1, 0.2])), set()),
    "long key": (changed(_set(["k" * 100], 1)), set()),
    "many problems": (changed(lambda d: d.update({f"zz{i}": 1 for i in range(40)})), set()),
}


@pytest.fixture
def pseudo():
    i18n.set_language(i18n.PSEUDO)
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("name", list(CASES))
def test_every_word_of_a_problem_goes_through_the_layer(pseudo, name):
    raw, kept = CASES[name]
    for problem in found(raw):
        assert OPEN in problem.message, (name, problem)
        assert set(unmarked(problem.message)) <= kept, (name, problem)
        # a location is a path of the file's own keys, or marked words
        if OPEN in problem.location or problem.location.startswith("line"):
            assert unmarked(problem.location) == [], (name, problem)


def test_the_location_words_are_marked(pseudo):
    assert found(b"  ")[0].location == "\u27e6(file)\u27e7"
    assert found(b"[1]")[0].location == "\u27e6(root)\u27e7"
    assert (
        found(b'{"a": ')[0].location
        == "\u27e6line\u27e7 \u27e61\u27e7 \u27e6column\u27e7 \u27e67\u27e7"
    )
    assert json_path([]) == "\u27e6(root)\u27e7"
    assert clip("x" * 70).endswith("(\u27e670\u27e7 \u27e6characters\u27e7)")
    assert (
        suggestion("titel", ["title"])
        == " \u27e6(did\u27e7 \u27e6you\u27e7 \u27e6mean\u27e7 \u27e6'title'?)\u27e7"
    )


def test_a_file_that_cannot_be_read_is_said_in_the_language(pseudo, tmp_path):
    with pytest.raises(LevelError) as folder:
        load_level(tmp_path)
    assert unmarked(folder.value.problems[0].message) == []
    with pytest.raises(LevelError) as missing:
        load_level(tmp_path / "missing.json")
    message = missing.value.problems[0].message
    # the reason is the system's own text, which the game does not translate
    assert message.startswith(
        "\u27e6cannot\u27e7 \u27e6read\u27e7 \u27e6the\u27e7 \u27e6file:\u27e7 "
    )


def test_the_count_of_problems_left_out_is_marked(pseudo):
    last = found(CASES["many problems"][0])[-1]
    assert (
        last.message
        == "\u27e6...\u27e7 \u27e6and\u27e7 \u27e610\u27e7 \u27e6more\u27e7 \u27e6problems\u27e7"
    )


@pytest.mark.parametrize(
    ("name", "location", "message"),
    [
        ("empty", "(archivo)", "el archivo está vacío; un nivel es un objeto JSON"),
        (
            "latin-1",
            "línea 1 columna 11",
            "el byte 0xe9 no es texto UTF-8 (¿se guardó el archivo como Latin-1 o "
            "Windows-1252?): guárdalo como UTF-8",
        ),
        (
            "comma before }",
            "línea 1 columna 9",
            "la coma antes de '}' no tiene nada detrás: quita la coma",
        ),
        (
            "not an object",
            "(raíz)",
            "un archivo de nivel debe contener un objeto JSON {...}, no una lista",
        ),
        ("duplicate key", "a", "la clave 'a' aparece dos veces en este objeto; deja solo una"),
        (
            "too big",
            "(archivo)",
            "el archivo ocupa 1.048.577 bytes; un archivo de nivel puede ocupar como mucho "
            "1.048.576 bytes (1 MiB), así que no se ha leído",
        ),
        (
            "unknown field",
            "player.preferences.weigths",
            "campo desconocido 'weigths' (¿querías decir 'weights'?)",
        ),
        (
            "literal",
            "issues[0].unit_position",
            "se encontró 'middle'; se esperaba 'before' o 'after'",
        ),
        ("type", "title", "debe ser texto (se encontró 5)"),
        (
            "union of types",
            "evidence[0].benchmark",
            "debe ser un número o texto (se encontró true)",
        ),
        ("too few items", "issues[1].options", "necesita al menos 1 elemento (tiene 0)"),
        ("long text", "issues[1].name", "tiene 100 caracteres; se permiten como mucho 40"),
        (
            "above a bound",
            "player.preferences.reservation",
            "debe ser como mucho 1 (se encontró 5)",
        ),
        ("high below low", "issues[0]", "high no puede ser menor que low"),
        ("short tuple", "scoring.stars", "necesita exactamente 3 elementos (tiene 2)"),
    ],
)
def test_problems_in_spanish(name, location, message):
    i18n.set_language("es")
    first = found(CASES[name][0])[0]
    assert (first.location, first.message) == (location, message)


def test_a_missing_field_and_the_problems_left_out_in_spanish():
    i18n.set_language("es")
    problems = found(CASES["unknown field"][0])
    assert problems[1] == Problem("player.preferences.weights", "falta este campo")
    assert found(CASES["many problems"][0])[-1] == Problem("(raíz)", "... y 10 problemas más")
    assert found(CASES["no kind"][0])[0].message.startswith("falta este campo (uno de 'boulware', ")


def test_a_rare_pydantic_message_is_translated_when_it_reads_as_expected():
    error = {
        "type": "multiple_of",
        "msg": "Input should be a multiple of 5",
        "ctx": {"multiple_of": 5},
    }
    assert _pydantic_message(error) == "input should be a multiple of 5"
    i18n.set_language("es")
    assert _pydantic_message(error) == "la entrada debe ser un múltiplo de 5"
    enum = {"type": "enum", "msg": "Input should be 'a' or 'b'", "ctx": {"expected": "'a' or 'b'"}}
    assert _pydantic_message(enum) == "la entrada debe ser 'a' o 'b'"
    # worded otherwise (another pydantic), or a kind without a translation: as pydantic says it
    reworded = {"type": "multiple_of", "msg": "Must be a multiple of 5", "ctx": {"multiple_of": 5}}
    assert _pydantic_message(reworded) == "must be a multiple of 5"
    rare = {"type": "url_parsing", "msg": "Input should be a valid URL", "ctx": {}}
    assert _pydantic_message(rare) == "input should be a valid URL"


def test_english_is_as_it_was():
    assert [(p.location, p.message) for p in found(CASES["no kind"][0])] == [
        (
            "npcs[0].strategy.kind",
            "this field is required (one of 'boulware', 'linear', 'conceder', 'tit-for-tat', "
            "'hardliner', 'integrative', 'customer-service', 'mediator', 'grudge-holder')",
        )
    ]
    assert found(CASES["many problems"][0])[-1] == Problem("(root)", "... and 10 more problems")
    assert found(CASES["too big"][0])[0].message == (
        "the file is 1,048,577 bytes; a level file may be at most 1,048,576 bytes (1 MiB), "
        "so it was not read"
    )
    assert found(CASES["union of types"][0])[0].message == "must be a number or text (got true)"


def test_a_counted_limit_takes_the_form_the_languages_plural_rule_gives(monkeypatch):
    """The forms of "at least N characters" follow the language's rule for N, not
    English's: a language with three forms (as Polish: 1, 2-4, 5 and more) gets the third for
    5 where English and Spanish have only "plural"."""
    import gettext

    from game.levels.pydantic_words import validation_message

    def short(limit: int) -> dict[str, Any]:
        noun = "character" if limit == 1 else "characters"
        return {
            "type": "string_too_short",
            "msg": f"String should have at least {limit} {noun}",
            "ctx": {"min_length": limit},
        }

    assert validation_message(short(1)) == "string should have at least 1 character"
    assert validation_message(short(5)) == "string should have at least 5 characters"
    i18n.set_language("es")
    assert validation_message(short(1)) == "el texto debe tener al menos 1 carácter"
    assert validation_message(short(5)) == "el texto debe tener al menos 5 caracteres"

    class ThreeForms(gettext.NullTranslations):
        def ngettext(self, singular: str, plural: str, n: int) -> str:
            form = 0 if n == 1 else 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2
            return f"form {form}: {{min_length}}"

    monkeypatch.setattr(i18n, "_current", ThreeForms())
    assert [validation_message(short(n)) for n in (1, 3, 5, 22)] == [
        "form 0: 1",
        "form 1: 3",
        "form 2: 5",
        "form 1: 22",
    ]
    # a kind pydantic words with another count's form than its rule: as pydantic says it
    odd = {"type": "string_too_short", "msg": "String should have at least 5 character"}
    odd["ctx"] = {"min_length": 5}
    assert validation_message(odd) == "string should have at least 5 character"
