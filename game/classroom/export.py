"""Results export: one CSV row per finished negotiation, safe to open in a spreadsheet.

Columns (``utility_<party>`` once per party met in the exported records, the player first)::

    student, class, level_id, level_version, seed, game_version, agreement, status, deal,
    utility_player, utility_<npc>..., joint_utility, pareto_distance, on_frontier,
    value_created, value_claimed_player, trust_change, rapport_change, rounds, moves,
    stars, finished_at, record_id[, pair, side, role]

``student`` is the pseudonymous id of the profile's class (a profile outside any class gets
``anon-`` and a hash of its internal id): a profile's name never appears.  ``trust_change``
and ``rapport_change`` are the mean over the NPCs at the table.  ``record_id`` lets the
report merge the same negotiation exported twice.

Spreadsheet formula injection: a *text* cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return gets a leading ``'``, so no spreadsheet runs it.  Numbers are
written as plain numbers and never escaped (``-0.25`` stays a number a spreadsheet can
sum), and neither is text that is nothing but a plain decimal number (``-3``), which a
spreadsheet also reads as a number and cannot run.  :func:`unescape_cell` undoes the quote.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")

HEAD_COLUMNS = (
    "student",
    "class",
    "level_id",
    "level_version",
    "seed",
    "game_version",
    "agreement",
    "status",
    "deal",
)
TAIL_COLUMNS = (
    "joint_utility",
    "pareto_distance",
    "on_frontier",
    "value_created",
    "value_claimed_player",
    "trust_change",
    "rapport_change",
    "rounds",
    "moves",
    "stars",
    "finished_at",
    "record_id",
)
ROLE_PLAY_COLUMNS = ("pair", "side", "role")
"""Added after the others when an export holds a role-play: the pair's id, the side the
student played (``A``: the level's player side, ``B``: its character) and that side's role.
In a role-play row ``utility_player`` is the student's own side's utility, whichever side."""
UTILITY_PREFIX = "utility_"
CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte order mark: spreadsheets then read accents right


# --------------------------------------------------------------------------- cells
def escape_cell(value: Any) -> str:
    """Return the CSV text of a value, with formula-like text cells neutralised by a ``'``.

    ``None`` is empty, booleans are ``yes``/``no``, numbers are plain numbers (never
    escaped).  Text starting with ``= + - @``, a tab or a carriage return gets a leading
    ``'``, unless it is just a decimal number such as ``-3``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(round(value, 6)) if math.isfinite(value) else ""
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """Return a cell's text without the ``'`` that :func:`escape_cell` added."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


# --------------------------------------------------------------------------- rows
def pseudonym_for(profile: Mapping[str, Any]) -> str:
    """Return the id a profile appears under: its class student id, else ``anon-`` + a hash."""
    student = profile.get("student_id")
    if isinstance(student, str) and student:
        return student
    digest = hashlib.sha256(f"common-ground:{profile.get('id', '')}".encode()).hexdigest()
    return f"anon-{digest[:8]}"


def _format_terms(terms: Mapping[str, Any]) -> str:
    def show(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return "; ".join(f"{issue}={show(value)}" for issue, value in terms.items())


def describe_deal(record: Mapping[str, Any]) -> str:
    """Return the agreed package as text (``price=46; lease=3 years``), or empty without one."""
    outcome = record.get("outcome")
    if not isinstance(outcome, Mapping):
        agreement = record.get("agreement")
        outcome = agreement if isinstance(agreement, Mapping) else None
    if not outcome:
        return ""
    text = _format_terms(outcome.get("terms") or {})
    clause = outcome.get("clause")
    if isinstance(clause, Mapping):
        happens = _format_terms(clause.get("if_happens") or {})
        otherwise = _format_terms(clause.get("otherwise") or {})
        text += f" | if {clause.get('event')}: {happens} | otherwise: {otherwise}"
    return text.strip(" |")


def agreed(record: Mapping[str, Any]) -> bool:
    """Return whether a history record ended in a deal (``status``, else ``agreement``)."""
    status = record.get("status")
    if isinstance(status, str):
        return status == "agreed"
    agreement = record.get("agreement")
    return bool(agreement) if agreement is not None else False


def _mean(values: Any) -> float | None:
    if not isinstance(values, Mapping):
        return None
    numbers = [float(v) for v in values.values() if isinstance(v, int | float)]
    return round(statistics.fmean(numbers), 4) if numbers else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _stars(record: Mapping[str, Any]) -> int | None:
    stars = record.get("stars")
    if stars is None and isinstance(record.get("score"), Mapping):
        stars = record["score"].get("stars")
    return stars if isinstance(stars, int) and not isinstance(stars, bool) else None


def record_row(record: Mapping[str, Any], profile: Mapping[str, Any]) -> dict[str, Any]:
    """Return the export row (column -> value) of one history record of a profile."""
    raw_analytics = record.get("analytics")
    analytics: Mapping[str, Any] = raw_analytics if isinstance(raw_analytics, Mapping) else {}
    claimed = analytics.get("value_claimed")
    raw_utilities = record.get("utilities")
    utilities: Mapping[str, Any] = raw_utilities if isinstance(raw_utilities, Mapping) else {}
    moves = record.get("moves")
    row: dict[str, Any] = {
        "student": pseudonym_for(profile),
        "class": profile.get("class_code") or "",
        "level_id": record.get("level_id"),
        "level_version": record.get("level_version"),
        "seed": record.get("seed"),
        "game_version": record.get("game_version"),
        "agreement": agreed(record),
        "status": record.get("status") or ("agreed" if agreed(record) else "no deal"),
        "deal": describe_deal(record),
        "joint_utility": _number(analytics.get("joint_utility")),
        "pareto_distance": _number(analytics.get("pareto_distance")),
        "on_frontier": analytics.get("on_frontier")
        if isinstance(analytics.get("on_frontier"), bool)
        else None,
        "value_created": _number(analytics.get("value_created")),
        "value_claimed_player": _number(claimed.get("player"))
        if isinstance(claimed, Mapping)
        else None,
        "trust_change": _mean(record.get("trust_change")),
        "rapport_change": _mean(record.get("rapport_change")),
        "rounds": record.get("rounds") if isinstance(record.get("rounds"), int) else None,
        "moves": len(moves) if isinstance(moves, list) else None,
        "stars": _stars(record),
        "finished_at": record.get("finished_at"),
        "record_id": record.get("id"),
    }
    for party, value in utilities.items():
        row[UTILITY_PREFIX + str(party)] = _number(value)
    role_play = record.get("role_play")
    if isinstance(role_play, Mapping) and role_play.get("pair"):
        row["pair"] = str(role_play["pair"])
        row["side"] = "A" if role_play.get("as") == "player" else "B"
        row["role"] = str(role_play.get("role") or "")
    return row


def columns_for(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Return the header: the fixed columns with one ``utility_<party>`` per party, player first."""
    rows = list(rows)
    parties: list[str] = [UTILITY_PREFIX + "player"]
    for row in rows:
        for key in row:
            if key.startswith(UTILITY_PREFIX) and key not in parties:
                parties.append(key)
    role_plays = any(row.get("pair") for row in rows)
    return [*HEAD_COLUMNS, *parties, *TAIL_COLUMNS, *(ROLE_PLAY_COLUMNS if role_plays else ())]


def csv_text(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Return the CSV text (no byte order mark) of rows, every cell escaped."""
    columns = list(columns or columns_for(rows))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([escape_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def write_csv(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    """Write rows to ``path`` as UTF-8 CSV (with a BOM), replacing the file in one step.

    Raises ``OutputError`` (one line) for a folder, a device, a missing folder or a full disk.
    """
    from game.store.output import write_output

    write_output(Path(path), csv_text(rows).encode(CSV_ENCODING), replace=True)


# --------------------------------------------------------------------------- from the store
def export_rows(
    store: Any,
    *,
    profile: str | None = None,
    class_code: str | None = None,
    level_ids: Iterable[str] | None = None,
    plays_of: Any = None,
) -> list[dict[str, Any]]:
    """Return the export rows of a store's history, oldest first.

    ``profile`` keeps one profile; ``class_code`` keeps the profiles in that class;
    ``level_ids`` keeps those levels; ``plays_of`` (an installed class) keeps only the plays
    of its pack's own levels (:func:`is_class_play`), never the campaign's copies of them.
    """
    wanted_levels = set(level_ids) if level_ids is not None else None
    code = class_code.strip().upper() if class_code else None
    names = [profile] if profile is not None else [p["name"] for p in store.list_profiles()]
    rows = []
    for name in names:
        doc = store.get_profile(name)
        if code is not None and (doc.get("class_code") or "").upper() != code:
            continue
        for record in store.history(name):
            if wanted_levels is not None and record.get("level_id") not in wanted_levels:
                continue
            if plays_of is not None and not is_class_play(record, plays_of):
                continue
            rows.append(record_row(record, doc))
    rows.sort(key=lambda r: (str(r.get("finished_at") or ""), str(r.get("record_id") or "")))
    return rows


def is_class_play(record: Mapping[str, Any], installed: Any) -> bool:
    """Return whether a history record is a play of an installed class's own level.

    The campaign ships levels with the same ids (a class of ``market-stall`` plays the
    campaign's Blue Bowl), so the id is not enough: the record must be of a level and
    version the pack holds, played with the class's seed (the game starts every pack level
    with it; a campaign play draws a fresh seed).
    """
    versions = {entry.id: entry.version for entry in installed.levels}
    level_id = record.get("level_id")
    if level_id not in versions:
        return False
    version, seed = record.get("level_version"), record.get("seed")
    same_version = isinstance(version, int) and not isinstance(version, bool)
    return same_version and version == versions[level_id] and seed == installed.seed
