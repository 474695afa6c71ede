"""A string marked for translation inside an f-string is never extracted (Babel reads an
f-string as one token), so it would stay English in every language: none may be there."""

from __future__ import annotations

import ast
from pathlib import Path

GAME = Path(__file__).resolve().parents[1] / "game"
MARKERS = frozenset({"tr", "ngettext", "pgettext", "N_"})


def marked_in_fstrings(source: str) -> list[tuple[int, str]]:
    """Return (line, message) for each marked call with a literal message in an f-string."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.JoinedStr):
            continue
        for call in ast.walk(node):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id in MARKERS
                and call.args
                and isinstance(call.args[0], ast.Constant)
            ):
                found.append((call.lineno, str(call.args[0].value)))
    return found


def test_the_check_finds_a_marked_string_in_an_f_string():
    assert marked_in_fstrings("x = f\"{a} {tr('(no words)')}\"\ny = tr('fine')\n") == [
        (1, "(no words)")
    ]


def test_no_marked_string_hides_in_an_f_string():
    found = [
        f"{path.relative_to(GAME.parent)}:{line}: {message!r}"
        for path in sorted(GAME.rglob("*.py"))
        for line, message in marked_in_fstrings(path.read_text(encoding="utf-8"))
    ]
    assert found == []
