"""Damaged, missing and newer files: set aside, restored from backups, and explained."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime

import pytest

from game.store import StoreVersionError, open_store, paths
from game.store.atomic import backup_path

CLOCK = lambda: datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)  # noqa: E731
STAMP = "20250102T030405"
DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "random bytes": lambda raw: os.urandom(512),
    "empty": lambda raw: b"",
}
PROBLEM = {
    "truncated": "ends too early (the file was cut off)",
    "random bytes": "does not contain text (damaged or random bytes)",
    "empty": "is empty",
}


def _fill(data_dir, make_record):
    with open_store(data_dir, shard_size=3, clock=CLOCK) as store:
        for name in ("Ada", "Bo"):
            store.create_profile(name)
        store.update_settings("Ada", text_scale=150)
        store.save_relationship("Ada", "mara", {"trust": 60})
        store.save_relationship("Ada", "mara", {"trust": 61})
        ids = [store.add_history("Ada" if i % 2 else "Bo", make_record(i)) for i in range(8)]
        return {
            "profiles": {n: store.get_profile(n) for n in ("Ada", "Bo")},
            "ids": set(ids),
            "ada_id": store.get_profile("Ada")["id"],
        }


def _contents(store):
    return {
        "profiles": {n: store.get_profile(n) for n in ("Ada", "Bo")},
        "ids": {r["id"] for r in store.history()},
        "ada_id": store.get_profile("Ada")["id"],
    }


def _message_pattern(shown_as, what, problem, kept, summary):
    return re.compile(
        re.escape(f"Save file {shown_as} ({what}) {problem}. The damaged file was kept as {kept}. ")
        + r"Restored the backup from \d{4}-\d\d-\d\d \d\d:\d\d "
        + re.escape(f"({summary}).")
    )


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_profile_list_is_set_aside_and_restored(data_dir, make_record, damage):
    before = _fill(data_dir, make_record)
    index = paths.index_path(data_dir)
    damaged = DAMAGE[damage](index.read_bytes())
    index.write_bytes(damaged)
    with open_store(data_dir, clock=CLOCK) as store:
        (message,) = store.recovery_messages
        assert _message_pattern(
            "saves/index.json",
            "the list of profiles",
            PROBLEM[damage],
            f"index.json.corrupt-{STAMP}",
            "2 profiles",
        ).fullmatch(message), message
        assert _contents(store) == before  # backups hold the newest content: nothing lost
    aside = index.with_name(f"index.json.corrupt-{STAMP}")
    assert aside.read_bytes() == damaged
    assert json.loads(index.read_bytes()) == json.loads(backup_path(index, 1).read_bytes())
    with open_store(data_dir) as store:  # repaired: the next start is quiet
        assert store.recovery_messages == []


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_history_shard_is_restored_without_loss(data_dir, make_record, damage):
    before = _fill(data_dir, make_record)
    shard = paths.shard_path(data_dir, before["ada_id"], 1)  # Ada's newest shard
    shard.write_bytes(DAMAGE[damage](shard.read_bytes()))
    with open_store(data_dir, clock=CLOCK) as store:
        (message,) = store.recovery_messages
        assert _message_pattern(
            f"saves/profiles/{before['ada_id']}/history/000001.json",
            "part of a profile's history",
            PROBLEM[damage],
            f"000001.json.corrupt-{STAMP}",
            "1 finished negotiation",
        ).fullmatch(message), message
        assert _contents(store) == before


def test_damaged_relationships_are_restored(data_dir, make_record):
    before = _fill(data_dir, make_record)
    path = paths.relationships_path(data_dir, before["ada_id"])
    path.write_bytes(b'{"relationships": {"1": {"npc_id": "ma')
    with open_store(data_dir, clock=CLOCK) as store:
        (message,) = store.recovery_messages
        assert "(NPC memories of a profile) ends too early (the file was cut off)" in message
        assert message.endswith("(1 NPC relationship(s)).")
        assert store.get_relationship("Ada", "mara") == {"trust": 61}


def test_old_full_shard_is_checked_on_open(data_dir, make_record):
    # Full shards are counted on open, so a loss is told at once (the game's banner).
    before = _fill(data_dir, make_record)
    old = paths.shard_path(data_dir, before["ada_id"], 0)
    old.write_bytes(b"\x00" * 100)
    with open_store(data_dir, clock=CLOCK) as store:
        (message,) = store.recovery_messages
        assert {r["id"] for r in store.history()} == before["ids"]
        assert store.recovery_messages == [message]  # read again: not said twice
        assert (
            "history/000000.json (part of a profile's history) is damaged (not valid JSON"
            in message
        )
        assert "Restored the backup" in message and "(3 finished negotiations)" in message
    assert old.with_name(f"000000.json.corrupt-{STAMP}").exists()


def test_missing_file_with_backups_is_restored(data_dir, make_record):
    before = _fill(data_dir, make_record)
    paths.index_path(data_dir).unlink()
    with open_store(data_dir, clock=CLOCK) as store:
        (message,) = store.recovery_messages
        assert message.startswith(
            "Save file saves/index.json (the list of profiles) is missing. Restored"
        )
        assert _contents(store) == before


def test_without_any_readable_backup_profiles_are_rebuilt_from_their_folders(data_dir, make_record):
    before = _fill(data_dir, make_record)
    index = paths.index_path(data_dir)
    for path in [index] + [backup_path(index, k) for k in (1, 2, 3)]:
        path.write_bytes(b"garbage")
    with open_store(data_dir, clock=CLOCK) as store:
        first, second = store.recovery_messages
        assert first == (
            "Save file saves/index.json (the list of profiles) is damaged (not valid JSON at line 1, "
            f"column 1). The damaged file was kept as index.json.corrupt-{STAMP}. "
            "No readable backup was found, so the list of profiles starts empty."
        )
        assert second.startswith(
            "No readable copy of the profile list was left, but 2 profile folder(s)"
        )
        names = [p["name"] for p in store.list_profiles()]
        assert names == ["Recovered 1", "Recovered 2"]
        assert {r["id"] for r in store.history()} == before["ids"]  # history survived
        assert sum(p["sessions"] for p in store.list_profiles()) == 8


def test_read_only_open_shows_the_backup_and_changes_nothing(
    data_dir, make_record, folder_snapshot
):
    before = _fill(data_dir, make_record)
    index = paths.index_path(data_dir)
    index.write_bytes(b"")
    files = folder_snapshot(data_dir)
    with open_store(data_dir, read_only=True, clock=CLOCK) as view:
        (message,) = view.recovery_messages
        assert re.fullmatch(
            re.escape("Save file saves/index.json (the list of profiles) is empty. ")
            + r"Showing its backup from [\d\- :]+ \(2 profiles\) instead; open the game or run "
            + re.escape("`python main.py doctor` to repair it."),
            message,
        ), message
        assert _contents(view) == before
    assert folder_snapshot(data_dir) == files


def _newer(path, version=3):
    data = json.loads(path.read_bytes())
    table = "meta" if "meta" in data else "history"
    for doc in data[table].values():
        doc["schema_version"] = version
    path.write_text(json.dumps(data))


@pytest.mark.parametrize("read_only", [False, True])
def test_saves_from_a_newer_game_are_refused_untouched(
    data_dir, make_record, folder_snapshot, read_only
):
    _fill(data_dir, make_record)
    _newer(paths.index_path(data_dir))
    files = folder_snapshot(data_dir)
    for _ in range(2):  # the failed open released the lock: the second try says the same
        with pytest.raises(StoreVersionError) as caught:
            open_store(data_dir, read_only=read_only)
        assert caught.value.user_lines == [
            "saves/index.json was saved by a newer version of Common Ground (save format 3; "
            "this version reads formats up to 2).",
            "Nothing was changed. Update Common Ground to open it, or choose another data folder "
            "with --data-dir.",
        ]
    assert folder_snapshot(data_dir) == files


def test_a_newer_history_shard_is_refused(data_dir, make_record, folder_snapshot):
    before = _fill(data_dir, make_record)
    _newer(paths.shard_path(data_dir, before["ada_id"], 1), version=7)
    files = folder_snapshot(data_dir)
    with pytest.raises(StoreVersionError) as caught:
        open_store(data_dir)
    assert caught.value.user_lines[0] == (
        f"saves/profiles/{before['ada_id']}/history/000001.json was saved by a newer version of "
        "Common Ground (save format 7; this version reads formats up to 2)."
    )
    assert folder_snapshot(data_dir) == files


def test_stale_temp_files_are_removed_on_start(data_dir, make_record):
    before = _fill(data_dir, make_record)
    stale = [
        paths.index_path(data_dir).with_name(".index.json.tmp-999-abcd1234"),
        paths.history_dir(data_dir, before["ada_id"]) / ".000001.json.bak1.tmp-999-0000",
    ]
    for path in stale:
        path.write_bytes(b"half a save")
    with open_store(data_dir, read_only=True):
        assert all(p.exists() for p in stale)  # a reader never deletes: the writer may be live
    with open_store(data_dir) as store:
        assert sorted(store.cleaned_temp_files) == sorted(stale)
        assert not any(p.exists() for p in stale)
        assert store.recovery_messages == []
