"""doctor: what it finds, what it repairs, and that a read-only check changes nothing."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

from game.store import open_store, paths
from game.store.atomic import backup_path

CLOCK = lambda: datetime(2025, 4, 5, 6, 7, 8, tzinfo=UTC)  # noqa: E731


def _fill(data_dir, make_record):
    with open_store(data_dir, shard_size=2, clock=CLOCK) as store:
        store.create_profile("Ada")
        store.save_relationship("Ada", "mara", {"trust": 1})
        for i in range(5):
            store.add_history("Ada", make_record(i))
        return store.get_profile("Ada")["id"]


def test_a_healthy_folder(data_dir, make_record):
    _fill(data_dir, make_record)
    with open_store(data_dir, clock=CLOCK) as store:
        assert store.doctor() == [
            f"Data folder: {data_dir} (readable, writable).",
            "Lock: free; held by this check while it ran.",
            "Save format: 2 (current); created 2025-04-05T06:07:08Z.",
            "Profiles: 1; finished negotiations: 5; NPC relationships: 1.",
            "Files: 5 checked, all readable.",
            "Backups: every file has a readable backup.",
            "Repaired: nothing needed repair.",
        ]


def test_doctor_repairs_old_shards_and_missing_backups(data_dir, make_record):
    profile_id = _fill(data_dir, make_record)
    old = paths.shard_path(data_dir, profile_id, 0)
    old.write_bytes(b'{"history": {"1": ')
    relationships = paths.relationships_path(data_dir, profile_id)
    backup_path(relationships, 1).unlink()
    orphan = paths.profiles_root(data_dir) / "p-00000000abcd"
    orphan.mkdir()
    with open_store(data_dir, clock=CLOCK) as store:
        report = store.doctor()
    assert "Files: 5 checked, 1 damaged." in report
    assert (
        "Found: Folder saves/profiles/p-00000000abcd belongs to no profile (left in place)."
        in report
    )
    assert (
        f"Found: Damaged copy kept for inspection: saves/profiles/{profile_id}/history/"
        "000000.json.corrupt-20250405T060708."
    ) in report
    repaired = [line for line in report if line.startswith("Repaired: ")]
    assert repaired[0].startswith(
        f"Repaired: Save file saves/profiles/{profile_id}/history/000000.json (part of a profile's "
        "history) ends too early (the file was cut off). The damaged file was kept as "
        "000000.json.corrupt-20250405T060708. Restored the backup from "
    )
    assert repaired[1] == "Repaired: Made a backup of 1 file(s) that had no readable backup."
    assert backup_path(relationships, 1).exists()
    with open_store(data_dir) as store:
        assert len(store.history()) == 5
        assert "Files: 5 checked, all readable." in store.doctor()


def test_a_live_file_damaged_while_open_is_rewritten_from_memory(data_dir, make_record):
    profile_id = _fill(data_dir, make_record)
    with open_store(data_dir, clock=CLOCK) as store:
        paths.relationships_path(data_dir, profile_id).write_bytes(b"\xff\xfe")
        report = store.doctor()
        assert (
            f"Repaired: saves/profiles/{profile_id}/relationships.json does not contain text "
            "(damaged or random bytes) (kept as relationships.json.corrupt-20250405T060708); it was "
            "written again from the copy in memory."
        ) in report
    with open_store(data_dir, read_only=True) as view:
        assert view.get_relationship("Ada", "mara") == {"trust": 1}
        assert view.recovery_messages == []


def test_a_read_only_check_reports_and_changes_nothing(data_dir, make_record, folder_snapshot):
    profile_id = _fill(data_dir, make_record)
    paths.shard_path(data_dir, profile_id, 0).write_bytes(b"")
    index = paths.index_path(data_dir)
    index.write_bytes(b"{")
    before = folder_snapshot(data_dir)
    with open_store(data_dir, read_only=True) as view:
        report = view.doctor()
    assert folder_snapshot(data_dir) == before
    assert "Lock: not taken (read-only check); nothing was repaired." in report
    found = [line for line in report if line.startswith("Found: ")]
    assert found[0].startswith(
        "Found: Save file saves/index.json (the list of profiles) ends too early"
    )
    assert "Showing its backup" in found[0]
    assert found[1].startswith(f"Found: Save file saves/profiles/{profile_id}/history/000000.json")
    assert report[-1] == "Repaired: nothing (read-only check)."


def test_a_missing_data_folder(tmp_path):
    with open_store(tmp_path / "none", read_only=True) as view:
        assert view.doctor() == [
            f"Data folder: {tmp_path / 'none'} does not exist yet (nothing has been saved)."
        ]


def test_missing_history_parts_are_reported(data_dir, make_record):
    profile_id = _fill(data_dir, make_record)
    folder = paths.history_dir(data_dir, profile_id)
    for name in ("000001.json", "000001.json.bak1"):
        (folder / name).unlink()
    with open_store(data_dir) as store:
        report = store.doctor()
    assert (
        "Found: Profile 'Ada': history part(s) [1] are missing (up to 2 finished negotiations)."
        in report
    )
    shutil.rmtree(folder)
