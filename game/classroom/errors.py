"""Errors of the classroom tools: each carries ``user_lines`` for the command line and the game."""

from __future__ import annotations

from collections.abc import Sequence

from game.levels.problems import Problem, one_line


class ClassroomError(Exception):
    """Something a teacher or student must fix; ``user_lines`` holds one sentence per line."""

    def __init__(self, *lines: str) -> None:
        self.user_lines = [one_line(line) for line in lines]
        self.exit_code = 1
        super().__init__("\n".join(self.user_lines))


class PackError(ClassroomError):
    """A class pack that cannot be used: one ``PACK: WHERE: WHAT`` line per problem."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__(*(p.line(source) for p in self.problems))
