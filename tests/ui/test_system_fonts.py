"""The computer's own font, last in the chain: a character no shipped font has (the rarer
Chinese characters of some names, 堃) is drawn with it where the computer has one, and stays
an empty box, without an error, where it has none."""

from __future__ import annotations

import struct

import pygame
import pytest

from game.ui import fonts as fonts_module
from game.ui.fonts import FontCache, FontRole, font_coverage

RARE = "堃"  # in names; outside GB 2312, so not in the shipped subset


def _picture(font, text: str) -> bytes:
    return pygame.image.tobytes(font.render(text, True, (0, 0, 0), (255, 255, 255)), "RGB")


def _as_collection(font: bytes) -> bytes:
    """Return ``font`` (one TrueType/OpenType font) wrapped as a one-font collection (.ttc):
    the collection's header first, the font's tables moved along by its length."""
    header = b"ttcf" + struct.pack(">HHLL", 1, 0, 1, 16)
    (tables,) = struct.unpack_from(">H", font, 4)
    out = bytearray(font)
    for i in range(tables):
        at = 12 + 16 * i + 8
        (offset,) = struct.unpack_from(">L", font, at)
        struct.pack_into(">L", out, at, offset + len(header))
    return header + bytes(out)


def test_a_font_collection_s_characters_are_read_like_the_font_s(assets, tmp_path):
    font = assets.fonts / "NotoSans-Regular.ttf"
    collection = tmp_path / "noto.ttc"
    collection.write_bytes(_as_collection(font.read_bytes()))
    assert font_coverage(collection) == font_coverage(font)
    assert ord("Ж") in font_coverage(collection)


def test_a_character_no_shipped_font_has_is_drawn_with_the_computers_font(
    display, assets, monkeypatch
):
    assert ord(RARE) not in font_coverage(assets.fonts / "NotoSansCJK-Subset.otf")
    # the computer's font, played here by the shipped CJK subset for a character it has
    # and the game's chain without it (so that the subset is not found earlier)
    monkeypatch.setattr(
        fonts_module,
        "FALLBACK_FILES",
        tuple(f for f in fonts_module.FALLBACK_FILES if "CJK" not in f[0]),
    )
    monkeypatch.setattr(
        fonts_module, "system_fallback", lambda: assets.fonts / "NotoSansCJK-Subset.otf"
    )
    font = FontCache(assets.fonts, 1.0).get(FontRole.BODY, 20)
    ((index, piece, _),) = font.runs("李雷")
    assert index == len(font._fallback_specs) + 1 and piece == "李雷"
    drawn = font.font_for(index)
    assert _picture(drawn, "李") != _picture(drawn, "\ue000")
    assert font.size("Ana 李雷")[0] > font.size("Ana ")[0] + 20


def test_without_a_computer_font_the_character_is_an_empty_box_and_nothing_fails(display, assets):
    font = FontCache(assets.fonts, 1.0).get(FontRole.BOLD, 20)
    assert font.font_index(RARE) is None
    surface = font.render(f"Li {RARE}", True, (0, 0, 0))
    assert surface.get_width() > 0


def test_the_computers_cjk_font_draws_a_rare_name_where_there_is_one(display, assets, monkeypatch):
    found = fonts_module.system_fallback.real()  # the real look-up, not the tests' stub
    if found is None or ord(RARE) not in font_coverage(found):
        pytest.skip("this computer has no font with 堃")
    monkeypatch.setattr(fonts_module, "system_fallback", lambda: found)
    body = FontCache(assets.fonts, 1.0).get(FontRole.BODY, 20)
    index = body.font_index(RARE)
    assert index == len(body._fallback_specs) + 1
    assert _picture(body.font_for(index), RARE) != _picture(body.font_for(index), "\ue000")
