"""Profile documents: names, settings, progress, streaks and class membership (pure functions).

A profile document (save format 2)::

    {"schema_version": 2, "id": "p-0123456789ab", "name": "Ada", "created": "2025-01-31T09:00:00Z",
     "settings": {"text_scale": 100, "palette": "default",
                  "sound": {"enabled": true, "volume": 0.8},
                  "window": {"width": 1280, "height": 720, "fullscreen": false}},
     "progress": {"unlocked": ["fixed-pie-1"], "stars": {"fixed-pie-1": 2}},
     "xp": 120, "badges": ["first-deal"],
     "streaks": {"current": 2, "best": 5, "last_day": "2025-01-31"},
     "class_code": null, "student_id": null}
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from game.i18n import tr
from game.store.errors import ProfileError, RecordError

SCHEMA_VERSION = 2
MAX_NAME_LENGTH = 40
MAX_STARS = 3
DEFAULT_SETTINGS: dict[str, Any] = {
    "text_scale": 100,
    "palette": "default",
    "sound": {"enabled": True, "volume": 0.8},
    "window": {"width": 1280, "height": 720, "fullscreen": False},
}
_PALETTE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_CLASS_CODE = re.compile(r"^[A-Za-z0-9-]{3,20}$")
_STUDENT_ID = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
_ITEM_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")


def clean_name(name: object) -> str:
    """Return the trimmed profile name, or raise ``ProfileError`` saying what is wrong."""
    if not isinstance(name, str):
        raise ProfileError(tr("A profile name must be text."))
    cleaned = name.strip()
    if not 1 <= len(cleaned) <= MAX_NAME_LENGTH:
        raise ProfileError(
            tr("A profile name needs 1 to {most} characters (got {n}).").format(
                most=MAX_NAME_LENGTH, n=len(cleaned)
            )
        )
    if not cleaned.isprintable():
        raise ProfileError(
            tr("A profile name cannot contain line breaks, tabs or control characters.")
        )
    return cleaned


def name_key(name: str) -> str:
    """Return the key under which names are compared (case-insensitive)."""
    return name.strip().casefold()


def new_profile_id(taken: Iterable[str]) -> str:
    """Return a fresh file-name-safe profile id not in ``taken``."""
    taken_set = set(taken)
    while True:
        candidate = f"p-{os.urandom(6).hex()}"
        if candidate not in taken_set:
            return candidate


def new_profile(name: str, profile_id: str, created: str) -> dict[str, Any]:
    """Return the document of a brand-new profile."""
    return {
        "schema_version": SCHEMA_VERSION,
        "id": profile_id,
        "name": name,
        "created": created,
        "settings": copy.deepcopy(DEFAULT_SETTINGS),
        "progress": {"unlocked": [], "stars": {}},
        "xp": 0,
        "badges": [],
        "streaks": {"current": 0, "best": 0, "last_day": None},
        "class_code": None,
        "student_id": None,
    }


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _merge_dict(key: str, current: dict, change: object, rules: Mapping[str, Any]) -> dict:
    if not isinstance(change, Mapping):
        raise RecordError(f"Setting {key!r} must be a mapping of {', '.join(rules)}.")
    merged = dict(current)
    for sub, value in change.items():
        rule = rules.get(sub)
        if rule is None:
            raise RecordError(
                f"Unknown part {sub!r} of setting {key!r}; known: {', '.join(rules)}."
            )
        if not rule(value):
            raise RecordError(f"Setting {key}.{sub} has an invalid value {value!r}.")
        merged[sub] = value
    return merged


_SOUND_RULES = {
    "enabled": lambda v: isinstance(v, bool),
    "volume": lambda v: _is_number(v) and 0 <= v <= 1,
    "voices": lambda v: isinstance(v, bool),  # characters' lines read aloud; absent: off
}
_COACHING_RULES = {"enabled": lambda v: isinstance(v, bool)}
_WINDOW_RULES = {
    "width": lambda v: _is_int(v) and 320 <= v <= 10000,
    "height": lambda v: _is_int(v) and 240 <= v <= 10000,
    "fullscreen": lambda v: isinstance(v, bool),
}


def apply_settings(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``current`` settings with ``changes`` applied; raise ``RecordError`` on a bad value.

    ``text_scale`` is a percentage 100-200, ``palette`` a short lower-case name, ``sound`` and
    ``window`` (and ``coaching``: the table's hints, on when absent) are merged key by key.
    """
    settings = copy.deepcopy(dict(current))
    for key, value in changes.items():
        if key == "text_scale":
            if not (_is_int(value) and 100 <= value <= 200):
                raise RecordError(
                    f"text_scale must be a whole percentage from 100 to 200, not {value!r}."
                )
            settings[key] = value
        elif key == "palette":
            if not (isinstance(value, str) and _PALETTE.match(value)):
                raise RecordError(f"palette must be a short lower-case name, not {value!r}.")
            settings[key] = value
        elif key == "sound":
            settings[key] = _merge_dict(key, settings.get(key, {}), value, _SOUND_RULES)
        elif key == "window":
            settings[key] = _merge_dict(key, settings.get(key, {}), value, _WINDOW_RULES)
        elif key == "language":  # absent: the system's
            if not (value is None or (isinstance(value, str) and _LANGUAGE.match(value))):
                raise RecordError(f"language must be a language code such as 'es', not {value!r}.")
            settings[key] = value
        elif key == "coaching":  # absent: on
            settings[key] = _merge_dict(key, settings.get(key, {}), value, _COACHING_RULES)
        else:
            raise RecordError(
                f"Unknown setting {key!r}; settings are: {', '.join(DEFAULT_SETTINGS)}."
            )
    return settings


def check_item_id(kind: str, value: object) -> str:
    """Return ``value`` if it is a valid level/badge/NPC id, else raise ``RecordError``."""
    if not (isinstance(value, str) and _ITEM_ID.match(value)):
        raise RecordError(f"{kind} must be 1-80 letters, digits or '_.:-', not {value!r}.")
    return value


def update_streaks(streaks: Mapping[str, Any], day: date) -> dict[str, Any]:
    """Return streaks after playing on ``day``: consecutive days extend, a gap restarts at 1."""
    current = int(streaks.get("current") or 0)
    best = int(streaks.get("best") or 0)
    last_text = streaks.get("last_day")
    last = date.fromisoformat(last_text) if last_text else None
    if last is not None and day <= last:
        return {"current": current, "best": best, "last_day": last_text}
    current = current + 1 if last is not None and day - last == timedelta(days=1) else 1
    return {"current": current, "best": max(best, current), "last_day": day.isoformat()}


def apply_level_result(
    profile: Mapping[str, Any],
    level_id: str,
    stars: int,
    xp: int,
    badges: Iterable[str],
    unlocks: Iterable[str],
    day: date,
) -> dict[str, Any]:
    """Return ``profile`` after a finished level: best stars, unlocks, xp, badges, streaks."""
    check_item_id("level id", level_id)
    if not (_is_int(stars) and 0 <= stars <= MAX_STARS):
        raise RecordError(f"stars must be a whole number from 0 to {MAX_STARS}, not {stars!r}.")
    if not (_is_int(xp) and xp >= 0):
        raise RecordError(f"xp must be a whole number of at least 0, not {xp!r}.")
    badge_list = [check_item_id("badge id", b) for b in badges]
    unlock_list = [check_item_id("level id", u) for u in unlocks]
    doc = copy.deepcopy(dict(profile))
    progress = doc.setdefault("progress", {"unlocked": [], "stars": {}})
    progress["stars"][level_id] = max(stars, int(progress["stars"].get(level_id, 0)))
    for unlocked in [level_id, *unlock_list]:
        if unlocked not in progress["unlocked"]:
            progress["unlocked"].append(unlocked)
    doc["xp"] = int(doc.get("xp", 0)) + xp
    doc["badges"] = sorted(set(doc.get("badges", [])) | set(badge_list))
    doc["streaks"] = update_streaks(doc.get("streaks", {}), day)
    return doc


def check_class(class_code: object, student_id: object) -> tuple[str | None, str | None]:
    """Validate a class code and pseudonymous student id (both, or both ``None`` to leave a class)."""
    if class_code is None and student_id is None:
        return None, None
    if not (isinstance(class_code, str) and _CLASS_CODE.match(class_code.strip())):
        raise RecordError(
            tr("A class code is 3-20 letters, digits or '-' (ask your teacher for it).")
        )
    if not (isinstance(student_id, str) and _STUDENT_ID.match(student_id.strip())):
        raise RecordError(
            tr("A student id is 1-40 letters, digits or '_.-', and should not be your real name.")
        )
    return class_code.strip().upper(), student_id.strip()


def normalize_profile(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Return a clean copy of a current-format profile, raising ``RecordError`` on a wrong type.

    Used for imported files: only known keys survive, every value is type-checked.
    """
    try:
        clean = new_profile(clean_name(doc.get("name")), str(doc.get("id") or ""), "")
        created = doc.get("created")
        if not isinstance(created, str) or len(created) > 40:
            raise RecordError("created must be a date-time text.")
        clean["created"] = created
        clean["settings"] = apply_settings(DEFAULT_SETTINGS, doc.get("settings") or {})
        progress = doc.get("progress") or {}
        unlocked = progress.get("unlocked", [])
        stars = progress.get("stars", {})
        if not isinstance(unlocked, list) or not isinstance(stars, dict):
            raise RecordError("progress must hold an unlocked list and a stars mapping.")
        clean["progress"]["unlocked"] = [check_item_id("level id", u) for u in unlocked]
        for level_id, count in stars.items():
            check_item_id("level id", level_id)
            if not (_is_int(count) and 0 <= count <= MAX_STARS):
                raise RecordError(f"stars for {level_id!r} must be 0-{MAX_STARS}.")
            clean["progress"]["stars"][level_id] = count
        xp = doc.get("xp", 0)
        if not (_is_int(xp) and xp >= 0):
            raise RecordError("xp must be a whole number of at least 0.")
        clean["xp"] = xp
        badges = doc.get("badges", [])
        if not isinstance(badges, list):
            raise RecordError("badges must be a list.")
        clean["badges"] = sorted({check_item_id("badge id", b) for b in badges})
        streaks = doc.get("streaks") or {}
        current, best, last = (
            streaks.get("current", 0),
            streaks.get("best", 0),
            streaks.get("last_day"),
        )
        if not (_is_int(current) and _is_int(best) and current >= 0 and best >= 0):
            raise RecordError("streaks must be whole numbers.")
        if last is not None:
            date.fromisoformat(last)
        clean["streaks"] = {"current": current, "best": best, "last_day": last}
        clean["class_code"], clean["student_id"] = check_class(
            doc.get("class_code"), doc.get("student_id")
        )
    except (AttributeError, TypeError, ValueError) as error:
        raise RecordError(f"The profile data is not valid ({error}).") from error
    return clean


def summary(doc: Mapping[str, Any], sessions: int, last_played: str | None) -> dict[str, Any]:
    """Return the one-line view of a profile used by ``profiles`` and the profile picker."""
    stars = doc.get("progress", {}).get("stars", {})
    return {
        "name": doc["name"],
        "id": doc["id"],
        "created": doc.get("created"),
        "sessions": sessions,
        "stars": sum(stars.values()),
        "levels_played": len(stars),
        "xp": doc.get("xp", 0),
        "badges": list(doc.get("badges", [])),
        "streak": doc.get("streaks", {}).get("current", 0),
        "class_code": doc.get("class_code"),
        "last_played": last_played,
    }
