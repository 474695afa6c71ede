"""Problems found in a level file, each with the file and the place, and their formatting."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from game.i18n import ngettext, tr

_PLAIN_KEY = re.compile(r"^[\w$-]+$")
# Line breaks, control characters (C0 and C1: a terminal obeys \x1b and \x9b), lone
# surrogates and the invisible marks that reorder a line (bidi overrides and isolates).
_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

#: The most characters of a key, name or value a problem line repeats from the file: a
#: 500,000-character key is shown by its start and its length, never echoed whole.
SHOWN_CHARACTERS = 60
#: The longest location or message part of a problem line.
LONGEST_PART = 400


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a level: where (a JSON path or line/column) and what."""

    location: str
    message: str

    def line(self, source: str) -> str:
        """Return ``SOURCE: LOCATION: MESSAGE`` on one line (control characters escaped)."""
        return one_line(
            f"{source}: {clip(self.location, LONGEST_PART)}: {clip(self.message, LONGEST_PART)}"
        )


def clip(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """Return ``text`` unchanged when short, else its first ``limit`` characters, an
    ellipsis and the full length, e.g. ``xxxx… (500000 characters)``."""
    if len(text) <= limit:
        return text
    length = ngettext("{n} character", "{n} characters", len(text)).format(n=len(text))
    return f"{text[:limit]}… ({length})"


def shown(text: object) -> str:
    """Return a key or name from a file quoted for a problem line, clipped when long."""
    return repr(clip(str(text)))


def one_line(text: str) -> str:
    """Return ``text`` with line breaks and other control characters written as escapes."""
    return _CONTROL.sub(lambda m: json.dumps(m.group())[1:-1], text)


class LevelError(Exception):
    """A level that cannot be used, with every problem found; ``user_lines`` has one per problem."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        self.user_lines = [p.line(source) for p in self.problems]
        self.exit_code = 1
        super().__init__("\n".join(self.user_lines))


def json_path(location: Iterable[str | int]) -> str:
    """Return a loc tuple as a JSON path: ``npcs[0].strategy.kind`` (``(root)`` when empty).

    Keys other than plain words (letters, digits, ``_``, ``-``) are quoted, so a key with
    a dot, a space or a line break reads unambiguously: ``scores["1 year"]``.
    """
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        elif len(str(part)) <= SHOWN_CHARACTERS and _PLAIN_KEY.match(str(part)):
            text += ("." if text else "") + str(part)
        else:
            text += f"[{json.dumps(clip(str(part)), ensure_ascii=False)}]"
    # Translators: the place of a problem about the whole level object (the file's top).
    return text or tr("(root)")


def suggestion(word: str, choices: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    if len(word) > SHOWN_CHARACTERS:
        return ""  # nothing that long is a typo of a field name; and difflib is slow on it
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        return ""
    return " " + tr("(did you mean {choice}?)").format(choice=repr(close[0]))
