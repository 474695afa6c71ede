"""Issues: the things being decided, each with a finite list of possible values."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from game.engine.errors import EngineError

Value = str | float
"""A value of an issue: an option label, or a number for numeric issues."""

MAX_ISSUE_VALUES = 10_000


@dataclass(frozen=True)
class DiscreteIssue:
    """An issue with named options, such as ``warranty: none / 1 year / 2 years``."""

    id: str
    name: str
    options: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.options:
            raise EngineError(f"issue {self.id!r} has no options")
        if len(set(self.options)) != len(self.options):
            raise EngineError(f"issue {self.id!r} lists an option twice")

    @property
    def values(self) -> tuple[str, ...]:
        """Return every possible value, in order."""
        return self.options

    @property
    def size(self) -> int:
        """Return how many values the issue has."""
        return len(self.options)

    @property
    def numeric(self) -> bool:
        """Return False: the values are labels."""
        return False

    def index_of(self, value: Value) -> int:
        """Return the position of ``value``; raise EngineError when it is not an option."""
        try:
            return self.options.index(str(value))
        except ValueError:
            raise EngineError(f"{value!r} is not an option of issue {self.id!r}") from None

    def format(self, value: Value) -> str:
        """Return the value as a person reads it."""
        return str(value)


@dataclass(frozen=True)
class NumericIssue:
    """A numeric range with a step and unit, such as ``price $50-$150 step 5``."""

    id: str
    name: str
    low: float
    high: float
    step: float
    unit: str = ""
    unit_before: bool = False
    _values: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high) and math.isfinite(self.step)):
            raise EngineError(f"issue {self.id!r} needs finite low, high and step")
        if self.step <= 0:
            raise EngineError(f"issue {self.id!r} needs a positive step")
        if self.high < self.low:
            raise EngineError(f"issue {self.id!r} has high below low")
        ratio = (self.high - self.low) / self.step
        if not math.isfinite(ratio) or ratio >= MAX_ISSUE_VALUES:
            raise EngineError(
                f"issue {self.id!r} has more than {MAX_ISSUE_VALUES} values: use a larger step"
            )
        count = int(math.floor(ratio + 1e-9)) + 1
        if count > MAX_ISSUE_VALUES:
            raise EngineError(
                f"issue {self.id!r} has {count} values (at most {MAX_ISSUE_VALUES}): use a larger step"
            )
        values = tuple(_tidy(self.low + i * self.step) for i in range(count))
        object.__setattr__(self, "_values", values)

    @property
    def values(self) -> tuple[float, ...]:
        """Return every possible value from low to high, in steps."""
        return self._values

    @property
    def size(self) -> int:
        """Return how many values the issue has."""
        return len(self._values)

    @property
    def numeric(self) -> bool:
        """Return True: the values are numbers."""
        return True

    def index_of(self, value: Value) -> int:
        """Return the position of the value nearest ``value``; EngineError when outside the range."""
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise EngineError(f"{value!r} is not a number for issue {self.id!r}") from None
        if not math.isfinite(number) or number < self.low - 1e-9 or number > self.high + 1e-9:
            raise EngineError(
                f"{value!r} is outside issue {self.id!r} ({self.format(self.low)}-{self.format(self.high)})"
            )
        index = int(round((number - self.low) / self.step))
        return min(max(index, 0), self.size - 1)

    def format(self, value: Value) -> str:
        """Return the value with its unit, e.g. ``$120`` or ``30 days``."""
        number = float(value)
        if number == int(number):
            text = f"{number:,.0f}"
        else:
            # Enough decimals for the step (0.001 needs three), at least two, and no
            # trailing zeros or bare point: 0.5 -> "0.5", 0.001 -> "0.001", 2.999 -> "3".
            decimals = min(max(2, _decimals(self.step)), 9)
            text = f"{number:,.{decimals}f}".rstrip("0").rstrip(".")
        if not self.unit:
            return text
        return f"{self.unit}{text}" if self.unit_before else f"{text} {self.unit}"


Issue = DiscreteIssue | NumericIssue

_WORD = re.compile(r"\w+")


def said_value(issue: Any, value: Value) -> str:
    """Return a value as people write and say it: a number with its unit ("30%", "$40bn a
    year" and "$8.50" for the plain "30 %", "40 $bn a year" and "$8.5"; "1 day a week"), an
    option label as it is.  ``issue``: an engine issue, or one shown in a level's language
    (``localised``: its units are written as that language writes them already)."""
    text = issue.format(value)
    if not getattr(issue, "numeric", False):
        return text
    unit = getattr(issue, "unit", "") or ""
    number = float(value)
    first = re.split(r"[\s/]", unit)[0] if unit else ""
    if getattr(issue, "localised", False):
        # written as the players' language writes it; only a plural that adds -s to a vowel
        # is made singular ("1 días/semana" -> "1 día/semana")
        plural = first[-2:] in ("as", "os")
    elif unit in ("$", "€", "£") and number != int(number) and abs(number) < 1000:
        return f"{unit}{number:,.2f}" if getattr(issue, "unit_before", False) else text
    elif unit.startswith("$") and len(unit) > 1 and not getattr(issue, "unit_before", False):
        return f"${text[: -len(unit)].strip()}{unit[1:]}"
    elif unit == "%":
        return text.replace(" %", "%")
    else:
        plural = len(first) > 2 and first.endswith("s")  # "1 days a week" -> "1 day a week"
    if number == 1 and plural and text.startswith(f"1 {first}"):
        return text.replace(f"1 {first}", f"1 {first[:-1]}", 1)
    return text


def term_words(issue: Issue, value: Value) -> str:
    """Return one term of a package as a person reads it: ``Warranty 2 years``.  An option
    that already names the issue is said alone: ``soup every day``, not ``Hot soup soup every
    day`` (the issue's last word, three letters or more, is among the option's words)."""
    shown = said_value(issue, value)
    if not issue.numeric:
        words = _WORD.findall(issue.name.lower())
        if words and len(words[-1]) >= 3 and words[-1] in _WORD.findall(shown.lower()):
            return shown
    return f"{issue.name} {shown}"


def _decimals(number: float) -> int:
    """Return how many decimals ``number`` needs (0.25 -> 2, 5 -> 0), at most 9."""
    text = f"{_tidy(number):.9f}".rstrip("0")
    return len(text.split(".")[1])


def _tidy(number: float) -> float:
    """Round away binary noise (0.1 + 0.2) so values print and compare cleanly."""
    rounded = round(number, 9)
    return float(int(rounded)) if rounded == int(rounded) else rounded
