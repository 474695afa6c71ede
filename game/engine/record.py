"""The history record of a finished negotiation: one frozen, typed value between the layers.

The match makes it (``game.npc.match.Match.record``), the campaign scores it, the store
saves it and the debrief draws it.  It is checked once, when it is made: a record that
exists is valid.  Records read back from storage or from an older version of the game go
through :meth:`MatchRecord.from_dict` (every key the store requires, checked) or
:meth:`MatchRecord.read` (keys an older or hand-made record lacks take neutral values).

On disk a record is the plain JSON object :meth:`MatchRecord.to_dict` returns, the same
object the game has always saved, so old saves load unchanged.  Read it by attribute
(``record.utilities``); ``record["utilities"]`` gives the serialised value, for readers
that still take the stored form.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from functools import cached_property
from types import MappingProxyType
from typing import Any

from game.engine.moves import MoveKind

__all__ = [
    "MAX_SEED",
    "REQUIRED_RECORD_KEYS",
    "MatchRecord",
    "RecordInvalid",
    "parse_time",
]

MAX_SEED = 2**63 - 1  # seeds are 64-bit numbers (a class pack's seed is at most this)

REQUIRED_RECORD_KEYS = (
    "level_id",
    "level_version",
    "seed",
    "moves",
    "agreement",
    "utilities",
    "finished_at",
    "game_version",
)
"""The keys every stored record has (older records may lack any other)."""

_NEUTRAL: dict[str, Any] = {
    "level_id": "unknown",
    "level_version": 0,
    "seed": 0,
    "moves": [],
    "agreement": False,
    "utilities": {},
    "finished_at": "1970-01-01T00:00:00Z",
    "game_version": "unknown",
}
"""What :meth:`MatchRecord.read` takes for a required key a record lacks."""

_SCORE_KEYS = ("score", "stars", "xp", "badges")
"""Keys the finish step adds once the record is scored (absent before)."""


class RecordInvalid(ValueError):
    """A history record's value is of the wrong kind; the message names the problem."""


def parse_time(text: str) -> datetime:
    """Parse an ISO 8601 time; times without a zone are taken as UTC."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _frozen(value: Any) -> Any:
    """Return a read-only view of a list or dict (one level deep); other values as given."""
    if isinstance(value, list | tuple):
        return tuple(value)
    if isinstance(value, Mapping):
        return MappingProxyType(dict(value))
    return value


def _plain(value: Any) -> Any:
    """Return the JSON form of a value :func:`_frozen` made read-only."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, MappingProxyType):
        return dict(value)
    return value


@dataclass(frozen=True, eq=False, kw_only=True)
class MatchRecord(Mapping[str, Any]):
    """One finished negotiation: what was played, how it ended, what it was worth.

    The fields keep the order of the stored JSON object.  Lists are tuples and mappings
    read-only views; what they hold is as the match wrote it.
    """

    level_id: str
    level_version: int | str
    seed: int
    moves: tuple[Mapping[str, Any], ...]
    agreement: bool | Mapping[str, Any] | None
    """Whether there was a deal (older records: the deal's terms, or null)."""
    status: str | None = None
    outcome: Mapping[str, Any] | None = None
    """The deal's terms (``Offer.to_dict``), or None when there was no deal."""
    utilities: Mapping[str, float]
    """Each party's payoff: the deal's, or its reservation value."""
    analytics: Mapping[str, Any] | None = None
    trust_change: Mapping[str, float] | None = None
    rapport_change: Mapping[str, float] | None = None
    trust_final: Mapping[str, float] | None = None
    grievances_at_start: int | None = None
    grievances_resolved: int | None = None
    restate_accuracy: float | None = None
    interests: Mapping[str, Any] | None = None
    rounds: int | None = None
    duration_s: float | None = None
    finished_at: str
    """When the match ended (ISO 8601, UTC)."""
    game_version: str
    parties: tuple[Mapping[str, Any], ...] | None = None
    timeline: tuple[Mapping[str, Any], ...] | None = None
    offers: tuple[Mapping[str, Any], ...] | None = None
    score: Mapping[str, Any] | None = None
    """The score (``Score.to_dict``), once the record is scored."""
    stars: int | None = None
    xp: int | None = None
    badges: tuple[str, ...] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Any other key the record was given (kept as given: ``id``, ``schema_version`` ...)."""

    def __post_init__(self) -> None:
        for item in fields(self):
            object.__setattr__(self, item.name, _frozen(getattr(self, item.name)))
        problem = self.problem()
        if problem:
            raise RecordInvalid(problem)

    # ------------------------------------------------------------------ checking
    def problem(self) -> str | None:
        """Return what is wrong with the record's values, or None."""
        if not (isinstance(self.level_id, str) and 0 < len(self.level_id) <= 200):
            return "level_id must be non-empty text"
        if not isinstance(self.level_version, int | str) or isinstance(self.level_version, bool):
            return "level_version must be a number or text"
        if not _whole(self.seed):
            return "seed must be a whole number"
        if not -MAX_SEED - 1 <= self.seed <= MAX_SEED:
            return f"seed must lie between {-MAX_SEED - 1} and {MAX_SEED} (a 64-bit number)"
        if not isinstance(self.moves, tuple):
            return "moves must be a list"
        if not (self.agreement is None or isinstance(self.agreement, bool | Mapping)):
            return (
                "agreement must be true or false (or the deal's terms, or null when there was "
                "no deal)"
            )
        if self.outcome is not None and not isinstance(self.outcome, Mapping):
            return "outcome must be a mapping, or null when there was no deal"
        if not isinstance(self.utilities, Mapping) or not all(
            isinstance(k, str) and _finite(v) for k, v in self.utilities.items()
        ):
            return "utilities must map each party to a finite number"
        try:
            if not isinstance(self.finished_at, str):
                raise ValueError
            parse_time(self.finished_at)
        except ValueError:
            return "finished_at must be an ISO 8601 date-time text"
        if not (isinstance(self.game_version, str) and self.game_version):
            return "game_version must be non-empty text"
        return None

    # ------------------------------------------------------------------ reading
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchRecord:
        """Return the record a stored JSON object holds.

        Raises ``RecordInvalid`` when a required key is missing or a value is of the
        wrong kind (the message names the problem, e.g. "it lacks seed").
        """
        if isinstance(data, MatchRecord):
            return data
        missing = [key for key in REQUIRED_RECORD_KEYS if key not in data]
        if missing:
            raise RecordInvalid(f"it lacks {', '.join(missing)}")
        return cls._build(data)

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> MatchRecord:
        """Return the record of a stored or hand-made JSON object that may lack keys.

        A required key it lacks takes a neutral value (no deal, no moves); the values it
        has are checked as :meth:`from_dict` checks them.
        """
        if isinstance(data, MatchRecord):
            return data
        return cls._build({**_NEUTRAL, **data})

    @classmethod
    def _build(cls, data: Mapping[str, Any]) -> MatchRecord:
        known = _field_names()
        given = {key: value for key, value in data.items() if key in known and key != "extra"}
        extra = {key: value for key, value in data.items() if key not in known or key == "extra"}
        return cls(**given, extra=extra)

    def scored(
        self, score: Mapping[str, Any], stars: int, xp: int, badges: tuple[str, ...]
    ) -> MatchRecord:
        """Return this record with its score (what the finish step stores)."""
        return replace(self, score=score, stars=stars, xp=xp, badges=badges)

    def walked_away_by(self) -> str | None:
        """Return the party that walked away (the last to, in the moves), or None."""
        walks = [
            move.get("actor")
            for move in self.moves
            if isinstance(move, Mapping) and move.get("kind") == MoveKind.WALK_AWAY.value
        ]
        return str(walks[-1]) if walks else None

    # ------------------------------------------------------------------ writing
    def to_dict(self) -> dict[str, Any]:
        """Return the record as the JSON object the store saves (a fresh copy each call)."""
        data: dict[str, Any] = {}
        for item in fields(self):
            if item.name == "extra":
                continue
            value = getattr(self, item.name)
            if item.name in _SCORE_KEYS and value is None:
                continue  # not scored yet
            data[item.name] = _plain(value)
        data.update(self.extra)
        return data

    @cached_property
    def _stored(self) -> dict[str, Any]:
        return self.to_dict()

    # The stored form, read by key, for readers that take a JSON object.
    def __getitem__(self, key: str) -> Any:
        return self._stored[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._stored)

    def __len__(self) -> int:
        return len(self._stored)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MatchRecord):
            return self.to_dict() == other.to_dict()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        """Copy and pickle through the stored form (read-only views cannot be pickled)."""
        return (MatchRecord.from_dict, (self.to_dict(),))


def _field_names() -> frozenset[str]:
    return frozenset(item.name for item in fields(MatchRecord))
