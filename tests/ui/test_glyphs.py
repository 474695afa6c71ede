"""Every character the game may show is in its font: no empty boxes on screen.

Collects the characters of every string literal in the packages that make on-screen text
(docstrings left out) and of every built-in level's text, and renders each with the
game's font: one drawn the same as a character the font surely lacks is missing.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pygame
import pytest

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "assets" / "fonts" / "AtkinsonHyperlegible-Regular.ttf"
SHOWN = ("game/ui", "game/campaign", "game/npc", "game/levels")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _code_characters() -> dict[str, str]:
    where: dict[str, str] = {}
    for folder in SHOWN:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text("utf-8"))
            skip = _docstrings(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    if id(node) in skip:
                        continue
                    for ch in node.value:
                        where.setdefault(ch, f"{path.relative_to(ROOT)}:{node.lineno}")
    return where


def _level_characters() -> dict[str, str]:
    where: dict[str, str] = {}

    def walk(value, path):
        if isinstance(value, str):
            for ch in value:
                where.setdefault(ch, path)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item, path)
        elif isinstance(value, list):
            for item in value:
                walk(item, path)

    for path in sorted((ROOT / "levels").glob("*.json")):
        if path.name != "level.schema.json":
            walk(json.loads(path.read_text("utf-8")), path.name)
    return where


@pytest.fixture(scope="module")
def missing():
    pygame.font.init()
    font = pygame.font.Font(str(FONT), 24)

    def picture(text: str) -> bytes:
        return pygame.image.tobytes(font.render(text, True, (0, 0, 0), (255, 255, 255)), "RGB")

    box = picture("\ue000")  # a private-use character: the font's empty box

    def check(ch: str) -> bool:
        return ch.isprintable() and not ch.isspace() and picture(ch) == box

    return check


def test_the_codes_on_screen_text_uses_only_characters_the_font_has(missing):
    lacking = {ch: where for ch, where in _code_characters().items() if missing(ch)}
    # The game draws its own triangles and ticks; these appear only in the class report's
    # CSS (a browser's fonts) and are checked there by the browser test.
    lacking = {ch: w for ch, w in lacking.items() if not w.startswith("game/classroom")}
    assert not lacking, f"characters the font lacks: {lacking}"


def test_every_levels_text_uses_only_characters_the_font_has(missing):
    lacking = {ch: where for ch, where in _level_characters().items() if missing(ch)}
    assert not lacking, f"characters the font lacks: {lacking}"


# -- names and custom levels in other scripts: the fallback fonts ------------------------------
ALPHABETS = {
    "Greek": [
        *range(0x391, 0x3A2),
        *range(0x3A3, 0x3AA),
        *range(0x3B1, 0x3CA),
        0x386,
        0x388,
        0x389,
        0x38A,
        0x38C,
        0x38E,
        0x38F,
        0x390,
    ],
    "Cyrillic": [*range(0x410, 0x450), 0x401, 0x451, *range(0x404, 0x408), 0x40E, 0x45E, 0x490],
    "Hebrew": [*range(0x5D0, 0x5EB), *range(0x5B0, 0x5BE)],
    "Arabic": [
        *range(0x621, 0x63B),
        *range(0x641, 0x655),
        *range(0x660, 0x66A),
        0x67E,
        0x686,
        0x698,
        0x6A9,
        0x6AF,
        0x6CC,
    ],
    "Latin extended": [*range(0x100, 0x180), *range(0x1EA0, 0x1EFA)],
    "Hiragana and Katakana": [*range(0x3041, 0x3097), *range(0x30A1, 0x30FB)],
}


def _encodable(codec: str) -> list[int]:
    found = []
    for lead in range(0xB0, 0xD8):  # GB 2312 level 1 / the Hangul rows of KS X 1001
        for trail in range(0xA1, 0xFF):
            try:
                found.append(ord(bytes((lead, trail)).decode(codec)))
            except UnicodeDecodeError:
                pass
    return found


@pytest.mark.parametrize("script", [*ALPHABETS, "Chinese (GB 2312 level 1)", "Korean (Hangul)"])
def test_the_fallback_fonts_draw_whole_alphabets(script):
    from game.ui.fonts import FALLBACK_FILES, FONT_FILES, FontRole, font_coverage

    folder = FONT.parent
    covered = set(font_coverage(folder / FONT_FILES[FontRole.BODY]))
    for regular, _bold in FALLBACK_FILES:
        covered |= font_coverage(folder / regular)
    if script in ALPHABETS:
        wanted = ALPHABETS[script]
    elif script.startswith("Chinese"):
        wanted = _encodable("gb2312")
        assert len(wanted) == 3755
    else:
        wanted = [c for c in _encodable("euc_kr") if 0xAC00 <= c <= 0xD7A3]
        assert len(wanted) == 2350
    lacking = "".join(chr(c) for c in wanted if c not in covered)
    assert not lacking, f"{script}: no font draws {lacking!r}"
