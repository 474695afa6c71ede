"""The save-data layer: profiles, NPC relationships and negotiation history on disk.

Crash-safe TinyDB files (temp file, fsync, replace, rotating backups), one small file per
profile part, a lock so only one process writes, stepwise migrations of old formats and
recovery from damaged files.  See docs/store.md.

Typical use::

    with open_store(resolve_data_dir(None)) as store:
        for line in store.recovery_messages:      # tell the player what was repaired
            ...
        store.ensure_profile("Ada")
        record_id = store.add_history("Ada", record)   # on disk when this returns
"""

from game.store.errors import (
    ImportRefusedError,
    ProfileError,
    RecordError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreVersionError,
)
from game.store.history import REQUIRED_HISTORY_KEYS
from game.store.migrations import SCHEMA_VERSION
from game.store.paths import levels_dir, resolve_data_dir
from game.store.store import Store, open_store
from game.store.transfer import MAX_IMPORT_BYTES

__all__ = [
    "ImportRefusedError",
    "MAX_IMPORT_BYTES",
    "ProfileError",
    "RecordError",
    "REQUIRED_HISTORY_KEYS",
    "SCHEMA_VERSION",
    "Store",
    "StoreError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "StoreVersionError",
    "levels_dir",
    "open_store",
    "resolve_data_dir",
]
