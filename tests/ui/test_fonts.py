import unicodedata
from pathlib import Path

import pygame
import pytest

from game.ui.fonts import (
    FONT_FILES,
    FontCache,
    FontRole,
    clamp_text_scale,
    font_coverage,
    shaping_available,
)


def test_font_files_and_licence_are_shipped(assets):
    for name in set(FONT_FILES.values()):
        assert (assets.fonts / name).is_file(), name
    assert "SIL OPEN FONT LICENSE" in (assets.fonts / "OFL.txt").read_text()


def test_200_percent_makes_a_bigger_font_not_a_scaled_surface(display, assets):
    normal = FontCache(assets.fonts, 1.0)
    large = FontCache(assets.fonts, 2.0)
    small_font = normal.get(FontRole.BODY, 18)
    large_font = large.get(FontRole.BODY, 18)
    # The font itself is created at twice the point size ...
    assert large.scaled_size(18) == 36
    assert large_font.get_height() >= 2 * small_font.get_height() - 2
    # ... so a glyph rendered with it is taller, with its own sharp outline:
    small_glyph = small_font.render("H", True, (0, 0, 0))
    large_glyph = large_font.render("H", True, (0, 0, 0))
    small_ink = small_glyph.get_bounding_rect().height
    large_ink = large_glyph.get_bounding_rect().height
    assert large_ink >= 2 * small_ink - 2
    # A scaled surface would have blurred edges; the real glyph's stem has solid pixels
    # and the same few anti-aliased edge pixels per row as the small one.
    metrics = large_font.metrics("H")[0]
    assert metrics[3] >= 2 * small_font.metrics("H")[0][3] - 2


def test_cache_returns_the_same_font_and_rescales(display, assets):
    fonts = FontCache(assets.fonts, 1.0)
    first = fonts.get("body", 20)
    assert fonts.get(FontRole.BODY, 20) is first
    assert len(fonts) == 1
    fonts.set_text_scale(1.5)
    assert len(fonts) == 0
    assert fonts.get("body", 20).get_height() > first.get_height()
    assert fonts.line_height("bold", 20) == fonts.get("bold", 20).get_linesize()


def test_text_scale_is_clamped_to_100_200_percent():
    assert clamp_text_scale(0.5) == 1.0
    assert clamp_text_scale(3) == 2.0
    assert clamp_text_scale(1.25) == 1.25


def test_bold_role_uses_the_bold_file(display, assets):
    fonts = FontCache(assets.fonts)
    assert fonts.path_for("bold").name.endswith("Bold.ttf")
    assert fonts.path_for(FontRole.BODY).name.endswith("Regular.ttf")
    assert isinstance(fonts.get("heading", 30), pygame.font.Font)


def test_text_the_renderer_cannot_draw_is_made_visible(display, assets):
    # A NUL in a level's text once crashed the table when the dialogue log drew it.
    font = FontCache(assets.fonts, 1.0).get(FontRole.BODY, 18)
    for text in ("a\x00b", "red \x1b[31mX", "Mi\u202era", "tab\there"):
        surface = font.render(text, True, (0, 0, 0))
        assert surface.get_width() > 0
    assert font.size("a\x00b") == font.size("a?b")  # measured as drawn, not cut at the NUL
    assert font.render("a\x00b", True, (0, 0, 0), (255, 255, 255)).get_size() == font.size("a?b")


# -- other scripts: fallback fonts, right-to-left ---------------------------------------------
NAMES = {
    "李雷": "NotoSansCJK-Subset.otf",
    "さくら": "NotoSansCJK-Subset.otf",
    "김지우": "NotoSansCJK-Subset.otf",
    "Ольга": "NotoSans-Regular.ttf",
    "Ελένη": "NotoSans-Regular.ttf",
    "سارة": "NotoSansArabic-Regular.ttf",
    "שרה": "NotoSansHebrew-Regular.ttf",
}


def _picture(font: pygame.font.Font, text: str) -> bytes:
    return pygame.image.tobytes(font.render(text, True, (0, 0, 0), (255, 255, 255)), "RGB")


def _file_of(font, index):
    return Path(font._fallback_specs[index - 1][0]).name if index else "Atkinson"


def test_fallback_fonts_and_their_licence_are_shipped(assets):
    from game.ui.fonts import FALLBACK_FILES

    for regular, bold in FALLBACK_FILES:
        for name in (regular, bold):
            if name is not None:
                assert (assets.fonts / name).is_file(), name
                assert (assets.fonts / name).stat().st_size < 3_000_000, name
    licence = (assets.fonts / "OFL-Noto.txt").read_text()
    assert "SIL OPEN FONT LICENSE" in licence and "Google" in licence and "Adobe" in licence


def test_the_character_map_reader_agrees_with_what_the_font_draws(display, assets):
    # Atkinson's map (format 4) against its own drawing: a character it lacks is drawn as
    # the same empty box as a private-use character (unless HarfBuzz builds it from a
    # letter and a combining accent the font has, as it does for Ĉ).
    path = assets.fonts / FONT_FILES[FontRole.BODY]
    covered = font_coverage(path)
    plain = pygame.font.Font(path, 24)
    box = _picture(plain, "\ue000")
    for code in range(0x21, 0x500):
        char = chr(code)
        if unicodedata.category(char)[0] in "LNPS":
            drawn = _picture(plain, char) != box
            if code in covered:
                assert drawn, hex(code)
            elif not unicodedata.decomposition(char):
                assert not drawn, hex(code)
    assert ord("A") in covered and ord("é") in covered and ord("李") not in covered
    cjk = font_coverage(assets.fonts / "NotoSansCJK-Subset.otf")  # format 12
    assert {ord(c) for c in "李雷王芳さくらサクラ김지우田中"} <= cjk
    assert len(cjk) > 13000


@pytest.mark.parametrize("name", sorted(NAMES))
def test_a_name_in_any_script_is_drawn_with_a_font_that_has_its_letters(display, assets, name):
    fonts = FontCache(assets.fonts, 1.0)
    for role in (FontRole.BODY, FontRole.BOLD, FontRole.ITALIC):
        font = fonts.get(role, 20)
        runs = font.runs(name)
        assert len(runs) == 1, runs
        index, piece, _level = runs[0]
        expected = NAMES[name]
        if role is FontRole.BOLD and expected.replace("Regular", "Bold") != expected:
            if (assets.fonts / expected.replace("Regular", "Bold")).is_file():
                expected = expected.replace("Regular", "Bold")
        assert _file_of(font, index) == expected
        # No letter is the chosen font's empty box ...
        chosen = font.font_for(index)
        box = _picture(chosen, "\ue000")
        for char in piece:
            assert ord(char) in font_coverage(font._fallback_specs[index - 1][0])
            assert _picture(chosen, char) != box, char
        # ... and the game's font alone would have drawn boxes.
        assert _picture(font, name) != _picture(pygame.font.Font(fonts.path_for(role), 20), name)
        surface = font.render(name, True, (0, 0, 0))
        assert surface.get_size() == font.size(name)
        ink = surface.get_bounding_rect()
        assert ink.width >= surface.get_width() * 0.7 and ink.height >= 8


def test_shaping_is_available_and_joins_arabic(display, assets):
    # This pygame-ce bundles SDL_ttf with HarfBuzz; on a build without it, letters stand
    # alone in right-to-left order (the fallback test below).
    assert shaping_available()
    font = FontCache(assets.fonts, 1.0).get(FontRole.BODY, 24)
    arabic = font.font_for(font.runs("سارة")[0][0])
    joined = font.size("سارة")[0]
    apart = sum(arabic.size(char)[0] for char in "سارة")
    assert joined < apart  # joined forms are narrower than the letters standing alone


def test_right_to_left_runs_are_drawn_in_order(display, assets):
    font = FontCache(assets.fonts, 1.0).get(FontRole.BODY, 24)
    hebrew = font.font_for(font.runs("שרה")[0][0])
    # Hebrew letters do not join: drawn right to left, they are the reversed word drawn
    # left to right, baseline for baseline.
    drawn = font.render("שרה", True, (0, 0, 0), (255, 255, 255))
    expected = pygame.Surface(drawn.get_size())
    expected.fill((255, 255, 255))
    expected.blit(
        hebrew.render("הרש", True, (0, 0, 0), (255, 255, 255)),
        (0, font.get_ascent() - hebrew.get_ascent()),
    )
    assert pygame.image.tobytes(drawn, "RGB") == pygame.image.tobytes(expected, "RGB")
    # A speaker's name written before a line keeps its colon after it, on the right.
    runs = font.runs("سارة: ")
    assert [(piece, level) for _, piece, level in runs] == [("سارة", 1), (": ", 0)]
    runs = font.runs("שרה (mediator): ask")
    assert [piece for _, piece, _ in runs] == ["שרה", " (mediator): ask"]
    # A number after a Hebrew word stays whole, to its left, brackets turned the right way.
    runs = font.runs("Hi שרה (12)")
    assert [piece for _, piece, _ in runs] == ["Hi ", ")", "12", "(", "שרה "]
    assert _picture(font, "Hi שרה (12)") != _picture(font, "Hi שרה 12")


def test_right_to_left_without_shaping_reverses_the_letters(display, assets, monkeypatch):
    import game.ui.fonts as fonts_module

    monkeypatch.setattr(fonts_module, "shaping_available", lambda: False)
    font = FontCache(assets.fonts, 1.0).get(FontRole.BODY, 24)
    hebrew = font.font_for(font.runs("שרה")[0][0])
    assert font.size("שרה")[0] == hebrew.size("הרש")[0]
    assert _picture(font, "שרה") == pygame.image.tobytes(_on_line(font, hebrew, "הרש"), "RGB")


def _on_line(font, other, text):
    surface = pygame.Surface((other.size(text)[0], font.get_height()))
    surface.fill((255, 255, 255))
    surface.blit(
        other.render(text, True, (0, 0, 0), (255, 255, 255)),
        (0, font.get_ascent() - other.get_ascent()),
    )
    return surface


def test_mixed_scripts_split_into_runs_side_by_side(display, assets):
    fonts = FontCache(assets.fonts, 1.0)
    font = fonts.get(FontRole.BODY, 18)
    text = "Hi, Ольга и 李雷!"
    runs = font.runs(text)
    assert [(_file_of(font, i), piece) for i, piece, _ in runs] == [
        ("Atkinson", "Hi, "),
        ("NotoSans-Regular.ttf", "Ольга и "),
        ("NotoSansCJK-Subset.otf", "李雷!"),
    ]
    width = sum(font.font_for(i).size(piece)[0] for i, piece, _ in runs)
    assert font.size(text) == (width, font.get_height())
    # Plain Latin text takes the game's font alone, as before.
    assert font.runs("Deal reached") == [(0, "Deal reached", 0)]
    assert font.size("Deal reached") == pygame.font.Font(fonts.path_for("body"), 18).size(
        "Deal reached"
    )


def test_a_lone_combining_mark_does_not_stop_the_frame(display, assets):
    font = FontCache(assets.fonts, 1.0).get(FontRole.BODY, 18)
    for text in ("\u0301", "a\u0301", "Ольга\u0301", "\u05b7שרה", "李\u034f"):
        assert font.render(text, True, (0, 0, 0)).get_height() == font.get_height()


def test_the_text_cache_wraps_and_fits_names_in_other_scripts(display, assets):
    from game.ui.widgets.text_cache import TextCache

    cache = TextCache(FontCache(assets.fonts, 1.0))
    text = "李雷 and Ольга met سارة and שרה"
    lines = cache.wrap(text, "body", 18, 150)
    assert len(lines) > 1 and " ".join(lines) == text
    for line in lines:
        assert cache.width_of(line, "body", 18) <= 150
        assert cache.render(line, "body", 18, (0, 0, 0)).get_width() == cache.width_of(
            line, "body", 18
        )
    fitted = cache.fit("Ольга Александровна Иванова", "body", 18, (0, 0, 0), 120)
    assert fitted.get_width() <= 120


