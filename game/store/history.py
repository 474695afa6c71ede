"""History records: one per finished negotiation (validation and ordering, pure functions).

A record is a plain JSON dict made by the session/debrief code.  The store requires
:data:`REQUIRED_HISTORY_KEYS`, keeps every other key as given (``analytics``, ``stars``,
``trust_change``, ``rapport_change``, ``duration_s``, ``outcome`` ...) and fills
``schema_version`` and ``id``.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from game.store.errors import RecordError

SCHEMA_VERSION = 2
REQUIRED_HISTORY_KEYS = (
    "level_id",
    "level_version",
    "seed",
    "moves",
    "agreement",
    "utilities",
    "finished_at",
    "game_version",
)
MAX_RECORD_BYTES = 1024 * 1024
MAX_SEED = 2**63 - 1  # seeds are 64-bit numbers (a class pack's seed is at most this)
DEFAULT_SHARD_SIZE = 20
_RECORD_ID = re.compile(r"^[0-9a-f]{32}$")


def new_record_id() -> str:
    """Return a fresh record id (32 hex digits, kept through export and import)."""
    return uuid.uuid4().hex


def is_record_id(value: object) -> bool:
    """Whether ``value`` looks like a record id."""
    return isinstance(value, str) and bool(_RECORD_ID.match(value))


def parse_time(text: str) -> datetime:
    """Parse an ISO 8601 time; times without a zone are taken as UTC."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _problem(record: Mapping[str, Any]) -> str | None:
    missing = [key for key in REQUIRED_HISTORY_KEYS if key not in record]
    if missing:
        return f"it lacks {', '.join(missing)}"
    level_id = record["level_id"]
    if not (isinstance(level_id, str) and 0 < len(level_id) <= 200):
        return "level_id must be non-empty text"
    if not isinstance(record["level_version"], int | str) or isinstance(
        record["level_version"], bool
    ):
        return "level_version must be a number or text"
    if not isinstance(record["seed"], int) or isinstance(record["seed"], bool):
        return "seed must be a whole number"
    if not -MAX_SEED - 1 <= record["seed"] <= MAX_SEED:
        return f"seed must lie between {-MAX_SEED - 1} and {MAX_SEED} (a 64-bit number)"
    if not isinstance(record["moves"], list):
        return "moves must be a list"
    agreement = record["agreement"]
    if not (agreement is None or isinstance(agreement, bool | dict)):
        return (
            "agreement must be true or false (or the deal's terms, or null when there was no deal)"
        )
    if record.get("outcome") is not None and not isinstance(record["outcome"], dict):
        return "outcome must be a mapping, or null when there was no deal"
    utilities = record["utilities"]
    if not isinstance(utilities, dict) or not all(
        isinstance(k, str)
        and isinstance(v, int | float)
        and not isinstance(v, bool)
        and math.isfinite(v)
        for k, v in utilities.items()
    ):
        return "utilities must map each party to a finite number"
    finished = record["finished_at"]
    try:
        if not isinstance(finished, str):
            raise ValueError
        parse_time(finished)
    except ValueError:
        return "finished_at must be an ISO 8601 date-time text"
    if not (isinstance(record["game_version"], str) and record["game_version"]):
        return "game_version must be non-empty text"
    return None


def check_record(record: object) -> dict[str, Any]:
    """Return a deep, JSON-clean copy of ``record`` or raise ``RecordError`` naming the problem."""
    if not isinstance(record, Mapping):
        raise RecordError("A history record must be a mapping.")
    problem = _problem(record)
    if problem:
        raise RecordError(f"The history record cannot be saved: {problem}.")
    try:
        text = json.dumps(record, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        raise RecordError(
            f"The history record cannot be saved: it is not plain JSON ({error})."
        ) from error
    if len(text.encode("utf-8")) > MAX_RECORD_BYTES:
        raise RecordError("The history record cannot be saved: it is larger than 1 MiB.")
    return json.loads(text)


def newest_first_key(record: Mapping[str, Any]) -> tuple[float, int]:
    """Sort key putting the newest record first when used with ``reverse=True``."""
    try:
        moment = parse_time(record["finished_at"]).timestamp()
    except (KeyError, TypeError, ValueError):
        moment = float("-inf")
    return moment, int(record.get("_seq", 0))


def summarize_shard(data: Mapping[str, Any] | None) -> str:
    """Describe a history shard for the player ("12 finished negotiations")."""
    count = len((data or {}).get("history", {}))
    return f"{count} finished negotiation{'s' if count != 1 else ''}"
