"""The class's results handed back in a pack, so each student's debrief can compare with them.

The teacher collects the students' exports (``export``), then ``class results`` writes a
pack of format 2 that carries them as ``results.json``; students install it like the
first pack (``class join``), and the debrief ranks each new deal among the class's.

``results.json`` carries no names and no student ids: per level of the pack (same id and
version), one entry per negotiation with whether it ended in a deal, what it was worth to
each side, and its record id, so a student's own handed-in deal is recognised and counted
once::

    {"format": "common-ground-class-results", "made_at": "2026-05-03T10:00:00Z",
     "levels": [{"id": "market-stall", "version": 3,
                 "deals": [{"record": "9f0c...", "agreement": true,
                            "utilities": {"player": 0.58, "rosa": 0.41}}]}]}

It is untrusted input like the rest of a pack: :func:`check_results` returns one
``results.json: WHERE: WHAT`` problem per fault and never raises on bad content.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.i18n import number as written
from game.i18n import tr
from game.levels.loader import LoadedLevel, parse_json
from game.levels.problems import LevelError, Problem, json_path
from game.levels.pydantic_words import validation_message

logger = logging.getLogger(__name__)

RESULTS = "results.json"
RESULTS_FORMAT = "common-ground-class-results"
MAX_RESULTS_BYTES = 4 * 1024 * 1024
MAX_DEALS = 20_000
MAX_PARTIES = 12
MAX_UTILITY = 10.0  # utilities lie in [0, 1]; a little room for a level's own scale
_RECORD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

__all__ = [
    "RESULTS",
    "ClassDeal",
    "ClassResults",
    "ResultsLevel",
    "check_results",
    "results_from_rows",
    "results_bytes",
    "read_installed_results",
]


# --------------------------------------------------------------------------- data
@dataclass(frozen=True)
class ClassDeal:
    """One negotiation of the class: a deal or not, and what it was worth to each side."""

    agreement: bool
    utilities: Mapping[str, float]
    record: str | None = None


@dataclass(frozen=True)
class ResultsLevel:
    """The class's negotiations on one level (of one version)."""

    id: str
    version: int
    deals: tuple[ClassDeal, ...]


@dataclass(frozen=True)
class ClassResults:
    """The class's results as a pack carries them."""

    made_at: str
    levels: tuple[ResultsLevel, ...]

    @property
    def negotiations(self) -> int:
        """Return how many negotiations the results hold."""
        return sum(len(level.deals) for level in self.levels)

    def level(self, level_id: str, version: int | str | None = None) -> ResultsLevel | None:
        """Return the results of a level (of that version, when given), or None."""
        for entry in self.levels:
            if entry.id == level_id and (version is None or str(entry.version) == str(version)):
                return entry
        return None


# --------------------------------------------------------------------------- the model
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


_PartyId = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
_Utility = Annotated[float, Field(ge=-MAX_UTILITY, le=MAX_UTILITY, allow_inf_nan=False)]


class _Deal(_Strict):
    record: Annotated[str, Field(pattern=_RECORD.pattern)] | None = None
    agreement: bool
    utilities: dict[_PartyId, _Utility] = Field(min_length=1, max_length=MAX_PARTIES)


class _Level(_Strict):
    id: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    version: int = Field(ge=1, le=10_000)
    deals: list[_Deal] = Field(max_length=MAX_DEALS)


class _Results(_Strict):
    format: Literal["common-ground-class-results"]
    made_at: Annotated[str, Field(min_length=1, max_length=40)]
    levels: list[_Level] = Field(max_length=40)


# --------------------------------------------------------------------------- checking
def check_results(
    blob: bytes, levels: Mapping[str, LoadedLevel], source: str
) -> tuple[ClassResults | None, list[Problem]]:
    """Return the results of a pack's ``results.json`` and the problems found (one per fault).

    ``levels`` are the pack's checked levels by id: every results level must be one of
    them, of the same version, and every party named must sit at that level's table.
    """
    try:
        data = parse_json(blob, f"{source} [{RESULTS}]")
    except LevelError as error:
        return None, [Problem(f"{RESULTS}: {p.location}", p.message) for p in error.problems]
    try:
        model = _Results.model_validate(data)
    except ValidationError as error:
        problems: list[Problem] = []
        for item in error.errors(include_url=False)[:10]:
            message = validation_message(item)
            problems.append(Problem(f"{RESULTS}: {json_path(item['loc'])}", message))
        return None, problems
    problems = []
    seen: set[str] = set()
    total = 0
    for index, entry in enumerate(model.levels):
        where = f"{RESULTS}: levels[{index}]"
        level = levels.get(entry.id)
        if level is None:
            problems.append(
                Problem(
                    f"{where}.id",
                    tr("{id} is not one of the pack's levels").format(id=repr(entry.id)),
                )
            )
            continue
        if entry.id in seen:
            problems.append(
                Problem(f"{where}.id", tr("{id} has results twice").format(id=repr(entry.id)))
            )
        seen.add(entry.id)
        if entry.version != level.model.version:
            problems.append(
                Problem(
                    f"{where}.version",
                    tr(
                        "results for version {version}, but the pack's level is version {level}"
                    ).format(version=entry.version, level=level.model.version),
                )
            )
        parties = {party.id for party in level.negotiation.parties}
        total += len(entry.deals)
        for number, deal in enumerate(entry.deals):
            place = f"{where}.deals[{number}].utilities"
            if "player" not in deal.utilities:
                problems.append(Problem(place, tr("the student's utility (player) is missing")))
            for party in deal.utilities:
                if party not in parties:
                    problems.append(
                        Problem(
                            f"{place}.{party}",
                            tr("{id} has no party {party}").format(
                                id=repr(entry.id), party=repr(party)
                            ),
                        )
                    )
            if len(problems) >= 10:
                break
        if len(problems) >= 10:
            break
    if total > MAX_DEALS:
        problems.append(
            Problem(
                f"{RESULTS}: levels",
                tr("{count} negotiations; at most {most}").format(
                    count=written(total), most=written(MAX_DEALS)
                ),
            )
        )
    if problems:
        return None, problems
    return _from_model(model), []


def _from_model(model: _Results) -> ClassResults:
    return ClassResults(
        made_at=model.made_at,
        levels=tuple(
            ResultsLevel(
                entry.id,
                entry.version,
                tuple(
                    ClassDeal(deal.agreement, dict(deal.utilities), deal.record)
                    for deal in entry.deals
                ),
            )
            for entry in model.levels
        ),
    )


# --------------------------------------------------------------------------- building
def _by_party(row: Any) -> dict[str, float]:
    """Return a row's utilities by the level's party ids: a role-play's side B row holds its
    own side's utility as ``player``, so the two parties are swapped back."""
    utilities = dict(row.utilities)
    if getattr(row, "side", "") == "B":
        others = [p for p in utilities if p != "player"]
        if len(others) == 1:
            other = others[0]
            utilities = {"player": utilities[other], other: utilities["player"]}
    return utilities


def results_from_rows(
    rows: Iterable[Any], levels: Sequence[LoadedLevel], class_code: str, made_at: str
) -> tuple[ClassResults, list[str]]:
    """Return the results of merged export rows for a pack's levels, and what was left out.

    Kept: rows of this class (``class_code``), of one of the pack's levels, of its version.
    Left out, counted per file and reason in the returned lines: rows of another class or
    of none, of a level the pack does not hold, of another version of it, or with a
    utility no level gives.  Only the parties of the level are kept, and a record id only
    when it looks like one; names and student ids never are.
    """
    by_id = {level.id: level for level in levels}
    kept: dict[str, list[ClassDeal]] = {level.id: [] for level in levels}
    left_out: Counter[tuple[str, str]] = Counter()
    pairs_seen: set[tuple[str, str, str]] = set()
    for row in rows:
        level = by_id.get(row.level_id)
        pair = getattr(row, "pair", "")
        if pair:  # a role-play: one deal per pair, whichever of the two rows comes first
            key = (row.level_id, pair, row.finished_at)
            if key in pairs_seen:
                continue
            pairs_seen.add(key)
        if (row.class_code or "").upper() != class_code:
            reason = f"of class {row.class_code}" if row.class_code else "not played in a class"
        elif level is None:
            reason = "of levels the pack does not hold"
        elif str(row.level_version) != str(level.model.version):
            reason = "of another version of a level"
        else:
            parties = {party.id for party in level.negotiation.parties}
            utilities = {p: float(v) for p, v in _by_party(row).items() if p in parties}
            if all(abs(v) <= MAX_UTILITY for v in utilities.values()):
                record = row.record_id if _RECORD.match(row.record_id or "") else None
                kept[level.id].append(ClassDeal(bool(row.agreement), utilities, record))
                continue
            reason = f"with a utility beyond ±{MAX_UTILITY:g}"
        left_out[(row.file, reason)] += 1
    lines = [
        f"{file}: {count} row{'s' if count != 1 else ''} {reason}; left out"
        for (file, reason), count in left_out.items()
    ]
    results = ClassResults(
        made_at,
        tuple(
            ResultsLevel(level.id, level.model.version, tuple(kept[level.id]))
            for level in levels
            if kept[level.id]
        ),
    )
    return results, lines


def results_bytes(results: ClassResults) -> bytes:
    """Return ``results.json`` for the results (sorted, stable: the same input, the same bytes)."""
    data = {
        "format": RESULTS_FORMAT,
        "made_at": results.made_at,
        "levels": [
            {
                "id": level.id,
                "version": level.version,
                "deals": [
                    {
                        **({"record": deal.record} if deal.record else {}),
                        "agreement": deal.agreement,
                        "utilities": {p: round(float(v), 6) for p, v in deal.utilities.items()},
                    }
                    for deal in level.deals
                ],
            }
            for level in results.levels
        ],
    }
    return (json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- installed
def read_installed_results(path: Path) -> ClassResults | None:
    """Return the results installed at ``path`` (a class folder's results.json), or None.

    Never raises: a missing, damaged or tampered file is logged and the debrief goes on
    without the class.  The file was checked against its levels when the pack was
    installed; here its shape is checked again.
    """
    try:
        if path.is_symlink() or not path.is_file():
            return None
        if path.stat().st_size > MAX_RESULTS_BYTES:
            logger.warning("%s is too large; ignored", path)
            return None
        data = parse_json(path.read_bytes(), str(path))
        return _from_model(_Results.model_validate(data))
    except (OSError, LevelError, ValidationError, ValueError):
        logger.warning("the class results %s cannot be read; ignored", path, exc_info=True)
        return None
