"""Attempts in a class's results: a student may play a level several times.

The class figures count each student once per level -- their first attempt (the default:
the one played before anyone had seen the debrief), their best or their last -- so a
student who replays five times does not weigh five times in the means.  Every row keeps
its place in the report's table, with its attempt number.  Rows from outside the pack's
class (another class code, or none) are set apart and left out of the figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from game.classroom.results import ResultRow

__all__ = ["ATTEMPT_CHOICES", "Attempts", "StudentLevel", "count_attempts"]

ATTEMPT_CHOICES = ("first", "best", "last", "all")
"""Which attempt of each student on each level counts in the class figures."""


def _best_key(row: ResultRow) -> tuple[int, float, str]:
    return (row.stars if row.stars is not None else -1, row.player_utility, row.finished_at)


@dataclass(frozen=True)
class StudentLevel:
    """One student's attempts at one level, oldest first."""

    student: str
    class_code: str
    level_id: str
    rows: tuple[ResultRow, ...]

    @property
    def first(self) -> ResultRow:
        """Return the first attempt."""
        return self.rows[0]

    @property
    def last(self) -> ResultRow:
        """Return the latest attempt."""
        return self.rows[-1]

    @property
    def best(self) -> ResultRow:
        """Return the best attempt: most stars, then the student's utility (the later on a tie)."""
        return max(self.rows, key=_best_key)


@dataclass(frozen=True)
class Attempts:
    """The rows split by what counts: the counted rows, every student's attempts, outsiders."""

    choice: str
    counted: list[ResultRow]
    """The rows the class figures use (one per student and level unless ``all``)."""
    inside: list[ResultRow]
    """Every row of the class, counted or not."""
    outside: list[ResultRow]
    """Rows from outside the pack's class: shown apart, never counted."""
    students: list[StudentLevel]
    number: dict[int, tuple[int, int]]
    """``id(row)`` -> (attempt number from 1, attempts by that student on that level)."""

    def attempt_of(self, row: ResultRow) -> tuple[int, int]:
        """Return (attempt number, attempts) of a row of the class ((1, 1) for others)."""
        return self.number.get(id(row), (1, 1))

    def is_counted(self, row: ResultRow) -> bool:
        """Return whether a row is in the class figures."""
        return id(row) in {id(counted) for counted in self.counted}


def count_attempts(
    rows: Sequence[ResultRow], choice: str = "first", class_codes: Iterable[str] | None = None
) -> Attempts:
    """Return which rows count: ``choice`` of each student's attempts at each level.

    ``class_codes`` (the pack's codes) sets apart every row whose class is not one of
    them; None keeps every row in the class.  Attempts are ordered by when they finished.
    """
    if choice not in ATTEMPT_CHOICES:
        raise ValueError(f"attempts must be one of {', '.join(ATTEMPT_CHOICES)}")
    codes = {c.upper() for c in class_codes} if class_codes is not None else None
    inside = [r for r in rows if codes is None or r.class_code.upper() in codes]
    outside = [r for r in rows if codes is not None and r.class_code.upper() not in codes]
    groups: dict[tuple[str, str, str], list[ResultRow]] = {}
    for row in inside:
        groups.setdefault((row.class_code, row.student, row.level_id), []).append(row)
    students = []
    number: dict[int, tuple[int, int]] = {}
    chosen: set[int] = set()
    for (code, student, level_id), group in groups.items():
        group.sort(key=lambda r: (r.finished_at, r.record_id))
        entry = StudentLevel(student, code, level_id, tuple(group))
        students.append(entry)
        for index, row in enumerate(group, start=1):
            number[id(row)] = (index, len(group))
        if choice != "all":
            chosen.add(id(getattr(entry, choice)))
    counted = inside if choice == "all" else [r for r in inside if id(r) in chosen]
    students.sort(key=lambda s: (s.class_code, s.student, s.level_id))
    return Attempts(choice, counted, inside, outside, students, number)
