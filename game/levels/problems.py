"""Problems found in a level file, each with the file and the place, and their formatting."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a level: where (a JSON path or line/column) and what."""

    location: str
    message: str

    def line(self, source: str) -> str:
        """Return ``SOURCE: LOCATION: MESSAGE``."""
        return f"{source}: {self.location}: {self.message}"


class LevelError(Exception):
    """A level that cannot be used, with every problem found; ``user_lines`` has one per problem."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        self.user_lines = [p.line(source) for p in self.problems]
        self.exit_code = 1
        super().__init__("\n".join(self.user_lines))


def json_path(location: Iterable[str | int]) -> str:
    """Return a loc tuple as a JSON path: ``npcs[0].strategy.kind`` (``(root)`` when empty)."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "(root)"


def suggestion(word: str, choices: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
