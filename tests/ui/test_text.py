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


def test_ellipsize():
    assert ellipsize(Mono(), "short", 100) == "short"
    cut = ellipsize(Mono(), "a long sentence", 60)
    assert cut.endswith("…") and len(cut) * 10 <= 60
