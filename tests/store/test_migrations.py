"""Save format 1 -> 2: every fixture, every step, interrupted and damaged upgrades."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from game.store import RecordError, StoreVersionError, migrations, open_store, paths
from game.store.history import SUMMARY_KEYS
from game.store.upgrade_v1 import STAGING_PREFIX

CLOCK = lambda: datetime(2025, 2, 1, 9, 0, 0, tzinfo=UTC)  # noqa: E731


def test_profile_step_1_to_2_nests_settings_and_adds_streaks_and_class():
    old = {
        "schema_version": 1,
        "name": "Ada",
        "created": "2024-09-02T08:05:00Z",
        "text_scale": 150,
        "palette": "okabe-ito",
        "sound": False,
        "volume": 0.4,
        "window_width": 1600,
        "window_height": 900,
        "fullscreen": True,
        "unlocked": ["a"],
        "stars": {"a": 3},
        "xp": 340,
        "badges": ["b"],
    }
    assert migrations.upgrade("profile", old) == {
        "schema_version": 2,
        "id": None,
        "name": "Ada",
        "created": "2024-09-02T08:05:00Z",
        "settings": {
            "text_scale": 150,
            "palette": "okabe-ito",
            "sound": {"enabled": False, "volume": 0.4},
            "window": {"width": 1600, "height": 900, "fullscreen": True},
        },
        "progress": {"unlocked": ["a"], "stars": {"a": 3}},
        "xp": 340,
        "badges": ["b"],
        "streaks": {"current": 0, "best": 0, "last_day": None},
        "class_code": None,
        "student_id": None,
    }
    assert old["text_scale"] == 150  # the input is not modified


def test_history_step_1_to_2_nests_analytics():
    old = {
        "schema_version": 1,
        "profile": "Ada",
        "level_id": "x",
        "joint_utility": 1.0,
        "frontier_distance": 0.2,
        "nash_point": {"p": 1},
        "duration": 95.5,
        "stars": 3,
    }
    assert migrations.upgrade("history", old) == {
        "schema_version": 2,
        "level_id": "x",
        "stars": 3,
        "duration_s": 95.5,
        "analytics": {"joint_utility": 1.0, "distance_to_frontier": 0.2, "nash_point": {"p": 1}},
    }


def test_relationship_step_1_to_2_keeps_the_memory_as_given():
    memory = {"schema_version": 1, "trust": 5, "anything": [1, {"x": None}]}
    old = {"schema_version": 1, "profile": "Ada", "npc": "mara", "memory": memory, "updated": "t"}
    assert migrations.upgrade("relationship", old) == {
        "schema_version": 2,
        "npc_id": "mara",
        "memory": memory,
        "updated": "t",
    }


def test_current_documents_pass_unchanged_and_newer_ones_are_refused():
    doc = {"schema_version": 2, "name": "Ada"}
    assert migrations.upgrade("profile", doc) is doc
    with pytest.raises(StoreVersionError, match="save format 3"):
        migrations.upgrade("profile", {"schema_version": 3})
    with pytest.raises(RecordError, match="could not be upgraded"):
        migrations.upgrade("relationship", {"schema_version": 1, "profile": "Ada"})  # no npc
    with pytest.raises(RecordError, match="schema_version must be a whole number"):
        migrations.upgrade("profile", {"schema_version": "two"})


def test_every_kind_has_a_step_from_every_old_version():
    for kind in migrations.KINDS:
        assert sorted(migrations.STEPS[kind]) == list(range(1, migrations.SCHEMA_VERSION))


def test_classroom_fixture_upgrades_completely(v1_folder):
    data_dir = v1_folder("v1_classroom")
    with open_store(data_dir, clock=CLOCK) as store:
        assert store.recovery_messages == [
            "Your saves were upgraded from save format 1 to format 2: 3 profile(s), "
            "5 finished negotiation(s), 3 NPC relationship(s). The old file was kept as "
            "saves.json.format1-20250201T090000."
        ]
        summaries = {s["name"]: s for s in store.list_profiles()}
        assert {n: (s["sessions"], s["stars"], s["xp"]) for n, s in summaries.items()} == {
            "Ada": (3, 4, 340),
            "Bo": (2, 2, 90),
            "Chen": (0, 0, 0),
        }
        ada = store.get_profile("Ada")
        assert ada["settings"] == {
            "text_scale": 150,
            "palette": "okabe-ito",
            "sound": {"enabled": False, "volume": 0.4},
            "window": {"width": 1600, "height": 900, "fullscreen": True},
        }
        assert ada["streaks"] == {"current": 0, "best": 0, "last_day": None}
        assert (ada["class_code"], ada["student_id"]) == (None, None)
        assert paths.PROFILE_ID_PATTERN.match(ada["id"])
        assert store.get_relationship("Ada", "mara")["grievances_open"][0]["id"] == "late-payment"
        assert set(store.relationships("Ada")) == {"mara", "tomas"}
        assert set(store.relationships("Bo")) == {"mara"}
        ada_history = store.history("Ada")
        # format 1 linked "ada" (lower case) to Ada: all three land in Ada's history
        assert [r["seed"] for r in ada_history] == [14, 13, 11]
        first = ada_history[-1]
        assert first["analytics"] == {
            "joint_utility": 1.0,
            "distance_to_frontier": 0.0,
            "nash_point": {"price": 100},
        }
        assert first["duration_s"] == 95.5 and "duration" not in first and "profile" in first
        assert len(first["id"]) == 32 and first["schema_version"] == 2
        # the upgrade is durable and writes every document in format 2
        assert store.get_profile("Ada")["schema_version"] == 2
    kept = data_dir / "saves.json.format1-20250201T090000"
    assert not (data_dir / "saves.json").exists() and kept.exists()
    assert json.loads(kept.read_bytes())["meta"]["1"]["schema_version"] == 1
    with open_store(data_dir) as store:  # the second start is quiet and identical
        assert store.recovery_messages == []
        assert len(store.history()) == 5


def test_summaries_of_upgraded_records_are_those_of_their_history(v1_folder):
    data_dir = v1_folder("v1_classroom")
    with open_store(data_dir, clock=CLOCK) as store:
        keys = (*SUMMARY_KEYS, "profile")
        history = [{k: r[k] for k in keys if k in r} for r in store.history()]
        assert store.deals() == history and len(history) == 5


def test_record_ids_from_an_upgrade_are_stable(v1_folder):
    first = v1_folder("v1_classroom")
    ids = []
    for folder in (first, first.parent / "again"):
        if folder != first:
            folder.mkdir()
            (folder / "saves.json").write_bytes(
                (first / "saves.json.format1-20250201T090000").read_bytes()
            )
        with open_store(folder, clock=CLOCK) as store:
            ids.append(sorted(r["id"] for r in store.history()))
    assert ids[0] == ids[1]


def test_odd_names_are_made_valid_and_unknown_owners_reported(v1_folder):
    data_dir = v1_folder("v1_odd_names")
    with open_store(data_dir, clock=CLOCK) as store:
        (message,) = store.recovery_messages
        assert message.endswith(
            "1 entry named a profile that does not exist; they stay only in the old file."
        )
        names = sorted(p["name"] for p in store.list_profiles())
        assert names == [
            "A name far longer than the forty charact",
            "Player 5",
            "SAM (2)",
            "Sam",
            "Tab here",
        ]
        assert store.session_count("SAM (2)") == 1  # format 1 linked history by exact name
        assert store.get_profile("Tab here")["settings"]["text_scale"] == 100


def test_read_only_open_of_an_old_folder_shows_it_upgraded_without_writing(
    v1_folder, folder_snapshot
):
    data_dir = v1_folder("v1_classroom")
    files = folder_snapshot(data_dir)
    with open_store(data_dir, read_only=True, clock=CLOCK) as view:
        (message,) = view.recovery_messages
        assert message.startswith("This data folder uses save format 1 (3 profile(s), ")
        assert message.endswith(
            "it is shown upgraded, but nothing changes on disk until the game opens it."
        )
        assert len(view.history()) == 5
        temp_root = view._folder.root
        assert temp_root != data_dir
    assert folder_snapshot(data_dir) == files
    assert not temp_root.exists()


def test_an_interrupted_upgrade_is_redone(v1_folder):
    data_dir = v1_folder("v1_classroom")
    staging = data_dir / f"{STAGING_PREFIX}20250101T000000" / "saves"
    staging.mkdir(parents=True)
    (staging / "index.json").write_bytes(b'{"meta": {"1": {"schema_ver')  # half written
    with open_store(data_dir, clock=CLOCK) as store:
        assert store.recovery_messages[0].startswith("Your saves were upgraded")
        assert len(store.list_profiles()) == 3
    assert not any(p.name.startswith(STAGING_PREFIX) for p in data_dir.iterdir())


def test_an_upgrade_finished_before_a_crash_sets_the_old_file_aside(v1_folder):
    data_dir = v1_folder("v1_classroom")
    with open_store(data_dir, clock=CLOCK):
        pass
    kept = data_dir / "saves.json.format1-20250201T090000"
    kept.rename(data_dir / "saves.json")  # as if killed before the old file was renamed
    later = lambda: datetime(2025, 2, 2, 9, 0, 0, tzinfo=UTC)  # noqa: E731
    with open_store(data_dir, clock=later) as store:
        assert store.recovery_messages == [
            "The old save file saves.json had already been upgraded; it was kept as "
            "saves.json.format1-20250202T090000."
        ]
        assert len(store.history()) == 5


def test_a_damaged_old_file_is_set_aside(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "saves.json").write_bytes(b'{"profiles": {"1": {"name": "Ada"')
    with open_store(data_dir, clock=CLOCK) as store:
        assert store.recovery_messages == [
            "The old save file saves.json (save format 1) ends too early (the file was cut off). "
            "It was kept as saves.json.corrupt-20250201T090000; Common Ground starts with no profiles."
        ]
        assert store.list_profiles() == []


def test_an_old_file_from_a_newer_game_is_refused(tmp_path, folder_snapshot):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "saves.json").write_text(json.dumps({"meta": {"1": {"schema_version": 5}}}))
    files = folder_snapshot(data_dir)
    with pytest.raises(
        StoreVersionError, match=r"saves.json was saved by a newer version .*format 5"
    ):
        open_store(data_dir)
    assert folder_snapshot(data_dir) == files
