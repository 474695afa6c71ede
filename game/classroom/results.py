"""Reading results exports from many machines: merge, drop duplicates, skip bad rows, flag.

Every file and row that cannot be used becomes a warning naming the file and the row
(``results-3.csv: row 7: utility_player is not a number ('abc'); skipped``); the rest
is merged.  Row numbers are the spreadsheet's: the header is row 1.  A negotiation that
two exports both hold (same ``record_id``) is kept once.  Rows from a game or level
version other than the one most rows of that level have, or played with another seed,
are kept and flagged.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from game.classroom.export import CSV_ENCODING, UTILITY_PREFIX, unescape_cell
from game.i18n import tr

MAX_RESULTS_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS_PER_FILE = 200_000
REQUIRED_COLUMNS = (
    "student",
    "level_id",
    "level_version",
    "seed",
    "game_version",
    "agreement",
    "utility_player",
)
_LEVEL_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_PARTY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_YES = {"yes": True, "no": False, "true": True, "false": False, "1": True, "0": False}


@dataclass
class ResultRow:
    """One negotiation from an export, with its numbers parsed."""

    file: str
    row: int
    student: str
    class_code: str
    level_id: str
    level_version: str
    seed: int
    game_version: str
    agreement: bool
    deal: str
    utilities: dict[str, float]
    joint_utility: float | None
    pareto_distance: float | None
    on_frontier: bool | None
    value_created: float | None
    value_claimed: float | None
    trust_change: float | None
    rapport_change: float | None
    rounds: int | None
    moves: int | None
    stars: int | None
    finished_at: str
    record_id: str
    flags: list[str] = field(default_factory=list)
    pair: str = ""
    """A role-play's pair id (empty for a negotiation with NPCs)."""
    side: str = ""
    """In a role-play: ``A`` (the level's player side) or ``B`` (its character)."""
    role: str = ""

    @property
    def player_utility(self) -> float:
        """Return the student's utility."""
        return self.utilities["player"]


@dataclass
class MergedResults:
    """Rows from every readable file, with what was skipped, merged or flagged."""

    rows: list[ResultRow]
    warnings: list[str]
    files: list[str]
    duplicates: int
    skipped: int


class _BadRow(Exception):
    pass


def _text(cells: dict[str, str], column: str) -> str:
    return unescape_cell((cells.get(column) or "").strip())


def _float(cells: dict[str, str], column: str, *, required: bool = False) -> float | None:
    text = _text(cells, column)
    if not text:
        if required:
            raise _BadRow(f"{column} is empty")
        return None
    try:
        value = float(text)
    except ValueError:
        raise _BadRow(f"{column} is not a number ({text[:30]!r})") from None
    if not math.isfinite(value):
        raise _BadRow(f"{column} is not a finite number ({text[:30]!r})")
    return value


def _int(cells: dict[str, str], column: str, *, required: bool = False) -> int | None:
    value = _float(cells, column, required=required)
    if value is None:
        return None
    if not value.is_integer():
        raise _BadRow(f"{column} is not a whole number ({_text(cells, column)[:30]!r})")
    return int(value)


def _bool(cells: dict[str, str], column: str, *, required: bool = False) -> bool | None:
    text = _text(cells, column).lower()
    if not text:
        if required:
            raise _BadRow(f"{column} is empty")
        return None
    if text not in _YES:
        raise _BadRow(f"{column} must be yes or no ({text[:30]!r})")
    return _YES[text]


def parse_row(cells: dict[str, str], file: str, number: int) -> ResultRow:
    """Return a parsed row; raise ``_BadRow`` saying what is wrong with it."""
    level_id = _text(cells, "level_id")
    if not _LEVEL_ID.match(level_id):
        raise _BadRow(f"level_id is not a level id ({level_id[:40]!r})")
    student = _text(cells, "student")
    if not student or len(student) > 60:
        raise _BadRow("student is empty or too long")
    utilities: dict[str, float] = {}
    for column in cells:
        if column and column.startswith(UTILITY_PREFIX):
            party = column[len(UTILITY_PREFIX) :]
            value = _float(cells, column, required=party == "player")
            if value is not None and _PARTY.match(party):
                utilities[party] = value
    seed = _int(cells, "seed", required=True)
    assert seed is not None
    agreement = _bool(cells, "agreement", required=True)
    assert agreement is not None
    row = ResultRow(
        file=file,
        row=number,
        student=student,
        class_code=_text(cells, "class")[:20],
        level_id=level_id,
        level_version=_text(cells, "level_version")[:20] or "?",
        seed=seed,
        game_version=_text(cells, "game_version")[:40] or "?",
        agreement=agreement,
        deal=_text(cells, "deal")[:300],
        utilities=utilities,
        joint_utility=_float(cells, "joint_utility"),
        pareto_distance=_float(cells, "pareto_distance"),
        on_frontier=_bool(cells, "on_frontier"),
        value_created=_float(cells, "value_created"),
        value_claimed=_float(cells, "value_claimed_player"),
        trust_change=_float(cells, "trust_change"),
        rapport_change=_float(cells, "rapport_change"),
        rounds=_int(cells, "rounds"),
        moves=_int(cells, "moves"),
        stars=_int(cells, "stars"),
        finished_at=_text(cells, "finished_at")[:40],
        record_id=_text(cells, "record_id")[:64],
    )
    row.pair, row.side, row.role = _role_play(cells)
    return row


def _role_play(cells: dict[str, str]) -> tuple[str, str, str]:
    """Return a row's role-play fields (pair, side, role), empty for a play with NPCs."""
    pair = _text(cells, "pair")[:40]
    if not pair:
        return "", "", ""
    side = _text(cells, "side").upper()
    if side not in ("A", "B"):
        raise _BadRow(f"side must be A or B in a role-play ({side[:10]!r})")
    return pair, side, _text(cells, "role")[:80]


def expand_paths(patterns: Iterable[str]) -> list[Path]:
    """Return the files named, expanding ``*`` and ``?`` ourselves (Windows shells do not)."""
    found: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if not path.exists() and any(ch in pattern for ch in "*?["):
            matches = sorted(path.parent.glob(path.name))
            found.extend(m for m in matches if m not in found)
        elif path not in found:
            found.append(path)
    return found


def _read_file(path: Path, warnings: list[str]) -> list[tuple[int, dict[str, str]]] | None:
    """Return (row number, cells) of a file, or None (with a warning) when it is unusable."""
    name = str(path)
    try:
        if not path.is_file():
            warnings.append(f"{name}: not found or not a file; skipped")
            return None
        if path.stat().st_size > MAX_RESULTS_FILE_BYTES:
            warnings.append(f"{name}: larger than {MAX_RESULTS_FILE_BYTES:,} bytes; skipped")
            return None
        text = path.read_bytes().decode(CSV_ENCODING)
    except UnicodeDecodeError:
        warnings.append(f"{name}: not UTF-8 text (not a results export?); skipped")
        return None
    except OSError as error:
        warnings.append(f"{name}: cannot be read ({error.strerror or error}); skipped")
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = next(reader, None)
        if header is None:
            warnings.append(f"{name}: empty; skipped")
            return None
        header = [h.strip() for h in header]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            warnings.append(
                f"{name}: not a results export (no {', '.join(missing)} column); skipped"
            )
            return None
        for number, cells in enumerate(reader, start=2):
            if number - 1 > MAX_ROWS_PER_FILE:
                warnings.append(f"{name}: more than {MAX_ROWS_PER_FILE:,} rows; the rest skipped")
                break
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                rows.append((number, {"": f"has {len(cells)} cells, the header has {len(header)}"}))
                continue
            rows.append((number, dict(zip(header, cells, strict=True))))
    except csv.Error as error:
        warnings.append(
            f"{name}: line {reader.line_num}: not valid CSV ({error}); the rest skipped"
        )
    return rows


def read_results(paths: Sequence[Path | str]) -> MergedResults:
    """Read and merge results exports; see the module docstring."""
    warnings: list[str] = []
    rows: list[ResultRow] = []
    seen: set[object] = set()
    duplicates = skipped = 0
    files: list[str] = []
    for path in [Path(p) for p in paths]:
        content = _read_file(path, warnings)
        if content is None:
            continue
        files.append(str(path))
        for number, cells in content:
            if "" in cells and len(cells) == 1:
                warnings.append(f"{path}: row {number}: {cells['']}; skipped")
                skipped += 1
                continue
            try:
                row = parse_row(cells, str(path), number)
            except _BadRow as error:
                warnings.append(f"{path}: row {number}: {error}; skipped")
                skipped += 1
                continue
            key: object = row.record_id or tuple(sorted(cells.items()))
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            rows.append(row)
    flag_rows(rows)
    return MergedResults(rows, warnings, files, duplicates, skipped)


def flag_rows(rows: list[ResultRow], level_versions: dict[str, str] | None = None) -> None:
    """Flag rows whose game version, level version or seed differs from their level's usual one.

    ``level_versions`` (level id -> version of the level file the report uses) wins over
    the most common version among the rows.
    """
    by_level: dict[str, list[ResultRow]] = {}
    for row in rows:
        by_level.setdefault(row.level_id, []).append(row)
    for level_id, group in by_level.items():
        games = Counter(r.game_version for r in group).most_common(1)[0][0]
        versions = Counter(r.level_version for r in group).most_common(1)[0][0]
        if level_versions and level_id in level_versions:
            versions = level_versions[level_id]
        seeds = Counter(r.seed for r in group).most_common(1)[0][0]
        for row in group:  # the flags are this function's alone: set afresh each time
            row.flags = []
            if row.game_version != games:
                row.flags.append(
                    tr("game {version} (most: {most})").format(version=row.game_version, most=games)
                )
            if row.level_version != versions:
                row.flags.append(
                    tr("level v{version} (report: v{report})").format(
                        version=row.level_version, report=versions
                    )
                )
            if row.seed != seeds:
                row.flags.append(tr("seed {seed} (most: {most})").format(seed=row.seed, most=seeds))
