"""Stepwise migrations of save documents: each step turns version N into N + 1.

Save format history:

* **1** (the prototype): one TinyDB file ``saves.json`` (default ``JSONStorage``) with the
  tables ``meta``, ``profiles``, ``relationships`` and ``history``.  Profiles kept settings
  flat (``text_scale``, ``palette``, ``sound``, ``volume``, ``window_width``,
  ``window_height``, ``fullscreen``), had no ``streaks`` and no class membership;
  relationships and history pointed at their profile by *name*; history kept analytics flat
  (``joint_utility``, ``frontier_distance``, ``nash_point``), ``duration`` in seconds and no
  record id.
* **2** (current): one small index plus one folder per profile (see ``paths.py``); nested
  settings, ``streaks``, ``class_code``/``student_id``; analytics nested under
  ``analytics``; every record has an ``id``.

``upgrade(kind, doc)`` applies the steps in order, so an old document always travels the
same path.  A document *newer* than this game raises :class:`StoreVersionError`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from game.store.errors import RecordError, StoreVersionError

SCHEMA_VERSION = 2
KINDS = ("meta", "profile", "relationship", "history")

Step = Callable[[dict[str, Any]], dict[str, Any]]


def doc_version(doc: dict[str, Any]) -> int:
    """Return a document's ``schema_version`` (documents without one are format 1)."""
    version = doc.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RecordError(f"schema_version must be a whole number of at least 1, not {version!r}.")
    return version


def newer_version_error(where: str, version: int) -> StoreVersionError:
    """Return the error shown when ``where`` was written by a newer game."""
    return StoreVersionError(
        f"{where} was saved by a newer version of Common Ground (save format {version}; "
        f"this version reads formats up to {SCHEMA_VERSION}).",
        "Nothing was changed. Update Common Ground to open it, "
        "or choose another data folder with --data-dir.",
    )


def _meta_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "format": "common-ground-saves",
        "created": doc.get("created"),
        "history_shard_size": doc.get("history_shard_size"),
        "upgraded_from": 1,
    }


def _profile_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "id": doc.get("id"),
        "name": doc["name"],
        "created": doc.get("created"),
        "settings": {
            "text_scale": doc.get("text_scale", 100),
            "palette": doc.get("palette", "default"),
            "sound": {"enabled": bool(doc.get("sound", True)), "volume": doc.get("volume", 0.8)},
            "window": {
                "width": doc.get("window_width", 1280),
                "height": doc.get("window_height", 720),
                "fullscreen": bool(doc.get("fullscreen", False)),
            },
        },
        "progress": {
            "unlocked": list(doc.get("unlocked", [])),
            "stars": dict(doc.get("stars", {})),
        },
        "xp": doc.get("xp", 0),
        "badges": list(doc.get("badges", [])),
        "streaks": {"current": 0, "best": 0, "last_day": None},
        "class_code": None,
        "student_id": None,
    }


def _relationship_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "npc_id": doc["npc"],
        "memory": doc.get("memory", {}),
        "updated": doc.get("updated"),
    }


_V1_ANALYTICS = {
    "joint_utility": "joint_utility",
    "frontier_distance": "distance_to_frontier",
    "nash_point": "nash_point",
}


def _history_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    record = {k: v for k, v in doc.items() if k not in _V1_ANALYTICS and k != "profile"}
    analytics = dict(record.get("analytics") or {})
    for old, new in _V1_ANALYTICS.items():
        if old in doc:
            analytics[new] = doc[old]
    record["analytics"] = analytics
    if "duration" in record:
        record["duration_s"] = record.pop("duration")
    record["schema_version"] = 2
    return record


STEPS: dict[str, dict[int, Step]] = {
    "meta": {1: _meta_1_to_2},
    "profile": {1: _profile_1_to_2},
    "relationship": {1: _relationship_1_to_2},
    "history": {1: _history_1_to_2},
}


def upgrade(kind: str, doc: dict[str, Any], *, where: str = "A save file") -> dict[str, Any]:
    """Return ``doc`` brought to the current format one step at a time (a copy if changed).

    Raises ``StoreVersionError`` for a document from a newer game and ``RecordError`` for a
    document too damaged to migrate.
    """
    version = doc_version(doc)
    if version > SCHEMA_VERSION:
        raise newer_version_error(where, version)
    if version == SCHEMA_VERSION:
        return doc
    current = copy.deepcopy(doc)
    while version < SCHEMA_VERSION:
        try:
            current = STEPS[kind][version](current)
        except (KeyError, TypeError, AttributeError) as error:
            raise RecordError(
                f"{where}: a {kind} entry of save format {version} could not be upgraded "
                f"(missing or wrong {error})."
            ) from error
        version = doc_version(current)
    return current


def check_not_newer(kind: str, docs: dict[str, Any], where: str) -> None:
    """Raise ``StoreVersionError`` if any document in a TinyDB table is from a newer game."""
    for doc in docs.values():
        version = doc.get("schema_version", 1) if isinstance(doc, dict) else 1
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise newer_version_error(where, version)
