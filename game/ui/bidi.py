"""Right-to-left text on one line: which characters run right to left, and in what order
the runs are shown (a compact form of the Unicode bidirectional algorithm, UAX #9).

It covers what a name or a line of a player's own level holds: Arabic or Hebrew words,
Latin words and numbers mixed in, spaces and punctuation between them. Explicit direction
marks and embeddings are not needed (``visible_text`` shows them as ``?``).

* The paragraph runs the way its first strong letter does (left to right when it has none).
* A number runs left to right; after a right-to-left letter it stays inside the right-to-left
  run (so ``سارة 12`` shows ``12`` to the left of the name, its digits in order).
* Spaces and punctuation take the direction of the letters on both sides when they agree,
  else the paragraph's; trailing spaces take the paragraph's.
* A pair of brackets runs as one: the paragraph's way when it holds such a letter, else the
  way of the letters inside when the text before it runs that way too (so ``(12)`` after a
  Hebrew word stays whole); a right-to-left run shows its brackets turned round.

Levels: even runs left to right, odd right to left (0 and 1, and 2 for a number or a Latin
word inside right-to-left text). :func:`visual_order` turns runs in reading order into the
order they are drawn from left to right.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TypeVar

__all__ = ["base_level", "embedding_levels", "visual_order", "has_rtl", "mirrored"]

_T = TypeVar("_T")
_RTL = frozenset({"R", "AL"})
_NUMBER = frozenset({"EN", "AN"})
_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»", "‹": "›"}
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def mirrored(text: str) -> str:
    """Return ``text`` with its brackets turned round, as a right-to-left run shows them."""
    return text.translate(_MIRROR)


def has_rtl(text: str) -> bool:
    """Return True when ``text`` holds a right-to-left letter (Hebrew, Arabic, ...)."""
    return any(unicodedata.bidirectional(c) in _RTL for c in text)


def base_level(text: str) -> int:
    """Return 1 when the first strong letter of ``text`` runs right to left, else 0."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return 0
        if kind in _RTL:
            return 1
    return 0


def embedding_levels(text: str, base: int | None = None) -> list[int]:
    """Return each character's level (0, 1 or 2) in ``text``, one line, reading order."""
    if base is None:
        base = base_level(text)
    sos = "R" if base else "L"
    # Strong direction per character: "L", "R", "N" (a number) or None (neutral).
    kinds: list[str | None] = []
    last_strong = sos
    previous: str | None = sos
    for char in text:
        raw = unicodedata.bidirectional(char)
        kind: str | None
        if raw == "NSM":  # a combining mark goes with what it marks
            kind = previous
        elif raw == "L":
            kind = "L"
        elif raw in _RTL:
            kind = "R"
        elif raw in _NUMBER:
            kind = "L" if last_strong == "L" else "N"  # digits after Latin are Latin
        else:
            kind = None
        if kind in ("L", "R"):
            last_strong = kind
        kinds.append(kind)
        previous = kind
    # Neutrals between two sides of one direction take it (a number counts as
    # right-to-left here), others the paragraph's.
    resolved: list[str] = []
    index = 0
    while index < len(kinds):
        kind = kinds[index]
        if kind is not None:
            resolved.append(kind)
            index += 1
            continue
        end = index
        while end < len(kinds) and kinds[end] is None:
            end += 1
        before = resolved[-1] if resolved else sos
        after = kinds[end] if end < len(kinds) else None
        before, after = ("R" if k == "N" else k or sos for k in (before, after))
        fill = before if before == after else sos
        resolved.extend([fill] * (end - index))
        index = end
    _pair_brackets(text, kinds, resolved, sos)
    levels = []
    for kind in resolved:
        if base == 0:
            levels.append({"L": 0, "R": 1, "N": 2}[kind])
        else:
            levels.append({"L": 2, "R": 1, "N": 2}[kind])
    # Trailing spaces go back to the paragraph's level.
    position = len(text)
    while position > 0 and text[position - 1].isspace():
        position -= 1
        levels[position] = base
    return levels


def _pair_brackets(text: str, kinds: list[str | None], resolved: list[str], sos: str) -> None:
    """Give each pair of brackets one direction (rule N0, for the common brackets)."""
    opposite = "L" if sos == "R" else "R"
    stack: list[int] = []
    for index, char in enumerate(text):
        if char in _PAIRS:
            stack.append(index)
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if _PAIRS[text[stack[depth]]] == char:
                start = stack[depth]
                del stack[depth:]
                inside = {"R" if k == "N" else k for k in kinds[start + 1 : index]} - {None}
                if sos in inside:
                    fill = sos
                elif opposite in inside:
                    before = next(
                        ("R" if k == "N" else k for k in reversed(kinds[:start]) if k),
                        sos,
                    )
                    fill = opposite if before == opposite else sos
                else:
                    break
                resolved[start] = resolved[index] = fill
                break


def visual_order(runs: Sequence[tuple[int, _T]]) -> list[tuple[int, _T]]:
    """Return ``runs`` (level, item) in reading order as drawn from left to right.

    From the highest level down to the lowest odd one, every stretch of runs at that level
    or above is reversed (rule L2). An item of an odd level is itself drawn right to left.
    """
    order = list(runs)
    if not order:
        return order
    highest = max(level for level, _ in order)
    lowest_odd = min((level for level, _ in order if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if order[index][0] < level:
                index += 1
                continue
            end = index
            while end < len(order) and order[end][0] >= level:
                end += 1
            order[index:end] = reversed(order[index:end])
            index = end
    return order
