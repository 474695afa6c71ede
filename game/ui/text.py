"""Word wrapping for text drawn with the game's own fonts."""

from __future__ import annotations

import re
from typing import Protocol

__all__ = ["wrap_text", "ellipsize", "visible_text"]

# Control characters, lone surrogates and the invisible marks that reorder text: the font
# renderer refuses a NUL (a ValueError in the middle of a frame) and draws the others as
# nothing, or lets them reorder the rest of the line.
_UNSHOWABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def visible_text(text: str) -> str:
    """Return ``text`` safe to draw on one line: a tab becomes a space, every other control
    character or direction mark a visible ``?``."""
    if _UNSHOWABLE.search(text) is None:
        return text
    return _UNSHOWABLE.sub(lambda m: " " if m.group() == "\t" else "?", text)


class _Measures(Protocol):
    def size(self, text: str, /) -> tuple[int, int]: ...


def _longest_fitting(font: _Measures, text: str, start: int, width: int) -> int:
    """Return the end of the longest piece ``text[start:end]`` that fits ``width`` (at least
    one character).

    Found by halving over a window of at most ``width`` characters (no glyph is narrower
    than a pixel), so each piece costs a few measures of a short string whatever the length
    of the whole word: cutting a word is linear in its length.
    """
    low, high = start + 1, min(len(text), start + max(1, width))
    while low < high:
        middle = (low + high + 1) // 2
        if font.size(text[start:middle])[0] <= width:
            low = middle
        else:
            high = middle - 1
    return low


_BREAKS = re.compile(r"[^\S\u00a0\u2007\u202f]+")
"""Where a line may break: any white space but the no-break spaces (``35\u00a0%``)."""


def wrap_text(font: _Measures, text: str, width: int, first_width: int | None = None) -> list[str]:
    """Return the lines of ``text`` wrapped to ``width`` pixels with ``font``.

    ``first_width`` (default ``width``) limits the first line only, e.g. when a speaker's
    name is drawn before it.  Explicit newlines start new lines (an empty line stays
    empty); words longer than the width are cut between characters.  A no-break space
    (``35\u00a0%``, as Spanish writes a percentage) never breaks a line.
    """
    width = max(1, width)
    lines: list[str] = []

    def limit() -> int:
        return max(1, first_width) if first_width is not None and not lines else width

    for paragraph in text.split("\n"):
        words = [w for w in _BREAKS.split(paragraph) if w]
        if not words:
            lines.append("")
            continue
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if font.size(candidate)[0] <= limit():
                current = candidate
                continue
            if current:
                lines.append(current)
                current = ""
            if font.size(word)[0] <= limit():
                current = word
                continue
            start = 0
            while True:
                end = _longest_fitting(font, word, start, limit())
                if end >= len(word):
                    current = word[start:]
                    break
                lines.append(word[start:end])
                start = end
        lines.append(current)
    return lines


def ellipsize(font: _Measures, text: str, width: int) -> str:
    """Return ``text`` cut with an ellipsis so that it fits ``width`` pixels."""
    if font.size(text)[0] <= width:
        return text
    # The longest prefix that fits with the ellipsis, found by halving (a long reason
    # would otherwise be measured once per character dropped).
    low, high = 0, min(len(text) - 1, max(0, width))
    while low < high:
        middle = (low + high + 1) // 2
        if font.size(text[:middle] + "…")[0] <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"
