import pygame

from game.ui.fonts import FONT_FILES, FontCache, FontRole, clamp_text_scale


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
