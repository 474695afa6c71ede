from game.ui.text import ellipsize, wrap_text


class Mono:
    """A fake font: every character is 10 px wide."""

    def size(self, text):
        return (10 * len(text), 20)


def test_wrap_respects_width_and_first_width():
    lines = wrap_text(Mono(), "aa bb cc dd ee", 50, first_width=20)
    assert lines == ["aa", "bb cc", "dd ee"]
    assert all(len(line) * 10 <= 50 for line in lines)


def test_wrap_cuts_long_words_and_keeps_blank_lines():
    assert wrap_text(Mono(), "abcdefghij", 40) == ["abcd", "efgh", "ij"]
    assert wrap_text(Mono(), "one\n\ntwo", 100) == ["one", "", "two"]


def test_wrap_never_breaks_at_a_no_break_space():
    assert wrap_text(Mono(), "tú (27\u00a0%). Más", 80) == ["tú", "(27\u00a0%).", "Más"]
    assert wrap_text(Mono(), "a\tb  c", 100) == ["a b c"]


def test_ellipsize():
    assert ellipsize(Mono(), "short", 100) == "short"
    cut = ellipsize(Mono(), "a long sentence", 60)
    assert cut.endswith("…") and len(cut) * 10 <= 60


class Counting(Mono):
    """Mono that counts the characters it is asked to measure (the cost of layout)."""

    def __init__(self):
        self.measured = 0

    def size(self, text):
        self.measured += len(text)
        return super().size(text)


def test_wrap_first_width_applies_to_a_cut_word_too():
    assert wrap_text(Mono(), "abcdefghij", 40, first_width=20) == ["ab", "cdef", "ghij"]


def test_cutting_a_long_word_is_linear_in_its_length():
    # A 500,000-character key in a level once froze the Custom levels screen for minutes:
    # the rest of the word was cut again after each line.
    font = Counting()
    word = "x" * 200_000
    lines = wrap_text(font, word, 300)
    assert "".join(lines) == word and all(len(line) == 30 for line in lines[:-1])
    assert font.measured < 20 * len(word)

    short = Counting()
    wrap_text(short, "x" * 20_000, 300)
    assert font.measured < 12 * short.measured  # ten times the text, about ten times the work


def test_ellipsize_of_a_long_text_measures_little():
    font = Counting()
    cut = ellipsize(font, "y" * 500_000, 100)
    assert cut == "y" * 9 + "…"
    assert font.measured < 3 * 500_000


def test_visible_text_shows_what_a_font_cannot_draw():
    from game.ui.text import visible_text

    assert visible_text("plain text, é and 中") == "plain text, é and 中"
    assert visible_text("a\x00b\tc\x1b[2Jd\u202ee\x85") == "a?b c?[2Jd?e?"
