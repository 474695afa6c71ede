"""History records: one per finished negotiation (validation and ordering, pure functions).

A record is a :class:`game.engine.record.MatchRecord` (made and checked by the match), or
a plain JSON mapping (an import, an older record) checked as one.  The store requires
:data:`REQUIRED_HISTORY_KEYS`, keeps every other key as given (``analytics``, ``stars``,
``trust_change``, ``rapport_change``, ``duration_s``, ``outcome`` ...) and fills
``schema_version`` and ``id``.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

from game.engine.record import (
    REQUIRED_RECORD_KEYS,
    MatchRecord,
    RecordInvalid,
    parse_time,
)
from game.store.errors import RecordError

SCHEMA_VERSION = 2
REQUIRED_HISTORY_KEYS = REQUIRED_RECORD_KEYS
MAX_RECORD_BYTES = 1024 * 1024
DEFAULT_SHARD_SIZE = 20
_RECORD_ID = re.compile(r"^[0-9a-f]{32}$")


SUMMARY_KEYS = (
    "id",
    "level_id",
    "level_version",
    "seed",
    "agreement",
    "status",
    "utilities",
    "stars",
    "rounds",
    "finished_at",
)
"""What a record's summary keeps (:func:`summary`): what the debrief's standing and the
class's "next up" read of every earlier play, without its moves, offers and timeline."""


def summary(record: Mapping[str, Any], seq: int) -> dict[str, Any]:
    """Return the :data:`SUMMARY_KEYS` a record has, with its place in the history
    (``_seq``): a few small values, so a long history is read in a frame's time."""
    found = {key: record[key] for key in SUMMARY_KEYS if key in record}
    found["_seq"] = seq
    return copied_summary(found)


def copied_summary(summary: Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of a summary that shares no dict with it (``utilities`` is one)."""
    return {
        key: dict(value) if isinstance(value, dict) else value for key, value in summary.items()
    }


def new_record_id() -> str:
    """Return a fresh record id (32 hex digits, kept through export and import)."""
    return uuid.uuid4().hex


def is_record_id(value: object) -> bool:
    """Whether ``value`` looks like a record id."""
    return isinstance(value, str) and bool(_RECORD_ID.match(value))


def check_record(record: object) -> dict[str, Any]:
    """Return a deep, JSON-clean copy of ``record`` or raise ``RecordError`` naming the problem.

    A :class:`MatchRecord` was checked when it was made; a mapping (an imported or older
    record) is checked here as one would be, and kept as given.
    """
    if isinstance(record, MatchRecord):
        data: Mapping[str, Any] = record.to_dict()
    elif isinstance(record, Mapping):
        try:
            MatchRecord.from_dict(record)
        except RecordInvalid as problem:
            raise RecordError(f"The history record cannot be saved: {problem}.") from None
        data = record
    else:
        raise RecordError("A history record must be a mapping.")
    try:
        text = json.dumps(data, allow_nan=False, ensure_ascii=False)
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
