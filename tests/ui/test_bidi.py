"""Right-to-left ordering (game.ui.bidi): pure, no pygame."""

from game.ui.bidi import base_level, embedding_levels, has_rtl, mirrored, visual_order


def _visual(text: str) -> str:
    """Return ``text`` as shown left to right: runs reordered, right-to-left runs reversed."""
    levels = embedding_levels(text)
    runs: list[tuple[int, str]] = []
    for char, level in zip(text, levels, strict=True):
        if runs and runs[-1][0] == level:
            runs[-1] = (level, runs[-1][1] + char)
        else:
            runs.append((level, char))
    return "".join(
        mirrored(piece[::-1]) if level % 2 else piece for level, piece in visual_order(runs)
    )


def test_the_paragraph_runs_the_way_of_its_first_letter():
    assert base_level("Ada") == 0
    assert base_level("12 שרה") == 1
    assert base_level("...") == 0
    assert has_rtl("Hi سارة") and not has_rtl("Ольга 李雷")


def test_latin_text_is_left_alone():
    assert embedding_levels("Hello, world 12") == [0] * 15
    assert _visual("Hello (12)") == "Hello (12)"


def test_hebrew_is_reversed_and_numbers_keep_their_order():
    assert _visual("שרה") == "הרש"
    assert _visual("שרה 12") == "12 הרש"
    assert _visual("Hi שרה (12)") == "Hi (12) הרש"
    assert _visual("a (שרה) b") == "a (הרש) b"


def test_a_latin_word_inside_right_to_left_text_reads_left_to_right():
    assert _visual("שרה and Bob") == "and Bob הרש"
    assert embedding_levels("שרה Bob") == [1, 1, 1, 1, 2, 2, 2]


def test_trailing_spaces_take_the_paragraphs_level():
    assert embedding_levels("Hi שרה ")[-1] == 0


def test_visual_order_reverses_from_the_highest_level_down():
    runs = [(1, "a"), (2, "b"), (2, "c"), (1, "d"), (0, "e")]
    assert [item for _, item in visual_order(runs)] == ["d", "b", "c", "a", "e"]
    assert visual_order([]) == []
