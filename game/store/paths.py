"""Where the data folder is, and where each save file lives inside it.

Layout of save format 2 (see docs/store.md)::

    <data dir>/
      common-ground.lock              held by the one process that writes
      levels/                         custom levels (not managed by the store)
      saves/
        index.json                    meta + every profile (small)
        profiles/<profile id>/
          relationships.json          each NPC's memory of this player
          history/000000.json ...     finished negotiations, N per shard
        deleted/                      profile folders removed by delete_profile
      saves.json                      save format 1 (one big file), migrated on open

Profile ids are generated (``p-`` + hex): a player's name never appears in a path.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

APP_NAME = "common-ground"
HOME_ENV = "COMMON_GROUND_HOME"
LOCK_NAME = "common-ground.lock"
SAVES_DIR = "saves"
V1_FILE = "saves.json"
SHARD_PATTERN = re.compile(r"^(\d{6})\.json(?:\.bak\d)?$")
PROFILE_ID_PATTERN = re.compile(r"^p-[0-9a-f]{12}$")


def resolve_data_dir(cli_value: Path | None) -> Path:
    """Return the data folder: ``--data-dir``, else ``$COMMON_GROUND_HOME``, else the user data folder."""
    if cli_value is not None:
        return Path(cli_value).expanduser()
    from_env = os.environ.get(HOME_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def levels_dir(data_dir: Path) -> Path:
    """Return the folder holding the player's custom levels."""
    return Path(data_dir) / "levels"


def saves_dir(data_dir: Path) -> Path:
    """Return the folder holding save format 2."""
    return Path(data_dir) / SAVES_DIR


def index_path(data_dir: Path) -> Path:
    """Return the index file (meta and profiles)."""
    return saves_dir(data_dir) / "index.json"


def v1_path(data_dir: Path) -> Path:
    """Return the single save file of format 1."""
    return Path(data_dir) / V1_FILE


def profiles_root(data_dir: Path) -> Path:
    """Return the folder holding one sub-folder per profile."""
    return saves_dir(data_dir) / "profiles"


def profile_dir(data_dir: Path, profile_id: str) -> Path:
    """Return one profile's folder; ``profile_id`` must be a generated id."""
    if not PROFILE_ID_PATTERN.match(profile_id):
        raise ValueError(f"not a profile id: {profile_id!r}")
    return profiles_root(data_dir) / profile_id


def relationships_path(data_dir: Path, profile_id: str) -> Path:
    """Return the file of NPC memories for one profile."""
    return profile_dir(data_dir, profile_id) / "relationships.json"


def history_dir(data_dir: Path, profile_id: str) -> Path:
    """Return the folder of history shards for one profile."""
    return profile_dir(data_dir, profile_id) / "history"


def shard_path(data_dir: Path, profile_id: str, shard_no: int) -> Path:
    """Return the history shard holding records ``shard_no * N`` to ``shard_no * N + N - 1``."""
    return history_dir(data_dir, profile_id) / f"{shard_no:06d}.json"


def shard_numbers(folder: Path) -> list[int]:
    """Return the shard numbers present in a history folder (files or their backups), sorted."""
    try:
        names = os.listdir(folder)
    except OSError:  # missing, or not a folder (reported when the profile is opened)
        return []
    found = set()
    for name in names:
        match = SHARD_PATTERN.match(name)
        if match:
            found.add(int(match.group(1)))
    return sorted(found)
