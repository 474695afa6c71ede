"""Profiles: names, settings saved at once, progress, streaks, class, relationships."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from game.store import (
    ProfileError,
    RecordError,
    StoreReadOnlyError,
    open_store,
)
from game.store.paths import PROFILE_ID_PATTERN


def test_create_trims_and_refuses_case_insensitive_duplicates(data_dir):
    with open_store(data_dir) as store:
        created = store.create_profile("  Ada Lovelace  ")
        assert created["name"] == "Ada Lovelace"
        assert PROFILE_ID_PATTERN.match(created["id"])
        assert created["schema_version"] == 2
        with pytest.raises(ProfileError) as caught:
            store.create_profile("ADA LOVELACE")
        assert caught.value.user_lines == ["A profile named 'ADA LOVELACE' already exists."]
        assert [p["name"] for p in store.list_profiles()] == ["Ada Lovelace"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "A profile name needs 1 to 40 characters (got 0)."),
        ("   ", "A profile name needs 1 to 40 characters (got 0)."),
        ("x" * 41, "A profile name needs 1 to 40 characters (got 41)."),
        ("two\nlines", "A profile name cannot contain line breaks, tabs or control characters."),
        ("tab\there", "A profile name cannot contain line breaks, tabs or control characters."),
        (42, "A profile name must be text."),
    ],
)
def test_bad_names_are_refused_with_a_clear_message(data_dir, name, message):
    with open_store(data_dir) as store:
        with pytest.raises(ProfileError) as caught:
            store.create_profile(name)
        assert str(caught.value) == message
        assert store.list_profiles() == []


def test_names_never_appear_in_paths(data_dir, make_record):
    with open_store(data_dir) as store:
        store.create_profile("../../etc/passwd")
        store.add_history("../../etc/passwd", make_record())
        store.save_relationship("../../etc/passwd", "mara", {"trust": 1})
    names = [p.name for p in data_dir.rglob("*")]
    assert not any("passwd" in n or "etc" == n for n in names)


def test_ensure_rename_delete(data_dir, make_record):
    with open_store(data_dir) as store:
        first = store.ensure_profile("Bo")
        assert store.ensure_profile("bo")["id"] == first["id"]
        store.add_history("Bo", make_record())
        store.rename_profile("bo", "BO")  # a change of case only is allowed
        assert store.get_profile("bo")["name"] == "BO"
        store.create_profile("Chen")
        with pytest.raises(ProfileError, match="already exists"):
            store.rename_profile("BO", "chen")
        moved = store.delete_profile("BO")
        assert moved is not None and moved.parent.name == "deleted" and moved.exists()
        assert [p["name"] for p in store.list_profiles()] == ["Chen"]
        with pytest.raises(ProfileError) as caught:
            store.get_profile("Bo")
        assert str(caught.value) == "There is no profile named 'Bo' (profiles: Chen)."


def test_settings_are_on_disk_as_soon_as_they_change(data_dir):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        settings = store.update_settings(
            "Ada",
            text_scale=175,
            sound={"volume": 0.25},
            window={"fullscreen": True},
            palette="okabe-ito",
        )
        # a second, read-only view of the folder sees the change while the writer is open
        with open_store(data_dir, read_only=True) as view:
            assert view.get_profile("ada")["settings"] == settings
    assert settings == {
        "text_scale": 175,
        "palette": "okabe-ito",
        "sound": {"enabled": True, "volume": 0.25},
        "window": {"width": 1280, "height": 720, "fullscreen": True},
    }


def test_voices_are_a_sound_setting_off_until_chosen(data_dir):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        assert "voices" not in store.get_profile("Ada")["settings"]["sound"]  # absent: off
        settings = store.update_settings("Ada", sound={"voices": True})
        assert settings["sound"] == {"enabled": True, "volume": 0.8, "voices": True}
        with pytest.raises(RecordError, match="sound.voices has an invalid value 'yes'"):
            store.update_settings("Ada", sound={"voices": "yes"})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text_scale": 90}, "text_scale must be a whole percentage from 100 to 200, not 90."),
        ({"text_scale": True}, "text_scale must be a whole percentage from 100 to 200, not True."),
        ({"palette": "Rainbow!"}, "palette must be a short lower-case name, not 'Rainbow!'."),
        ({"sound": {"volume": 2}}, "Setting sound.volume has an invalid value 2."),
        (
            {"window": {"depth": 3}},
            "Unknown part 'depth' of setting 'window'; known: width, height, fullscreen.",
        ),
        (
            {"font": "x"},
            "Unknown setting 'font'; settings are: text_scale, palette, sound, window.",
        ),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(data_dir, changes, message):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        before = store.get_profile("Ada")
        with pytest.raises(RecordError) as caught:
            store.update_settings("Ada", **changes)
        assert str(caught.value) == message
        assert store.get_profile("Ada") == before


def test_level_results_keep_best_stars_unlocks_xp_badges_and_streaks(data_dir):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        store.record_level_result(
            "Ada", "pie-1", 2, 50, ["first-deal"], unlocks=["pie-2"], day=date(2025, 3, 1)
        )
        store.record_level_result(
            "Ada", "pie-1", 1, 20, ["first-deal", "patient"], day=date(2025, 3, 1)
        )
        store.record_level_result("Ada", "pie-2", 3, 30, [], day=date(2025, 3, 2))
        profile = store.record_level_result("Ada", "pie-2", 0, 0, [], day=date(2025, 3, 3))
        assert profile["progress"] == {
            "unlocked": ["pie-1", "pie-2"],
            "stars": {"pie-1": 2, "pie-2": 3},
        }
        assert profile["xp"] == 100
        assert profile["badges"] == ["first-deal", "patient"]
        assert profile["streaks"] == {"current": 3, "best": 3, "last_day": "2025-03-03"}
        after_gap = store.record_level_result("Ada", "pie-1", 0, 0, [], day=date(2025, 3, 10))
        assert after_gap["streaks"] == {"current": 1, "best": 3, "last_day": "2025-03-10"}
        summary = store.list_profiles()[0]
        assert (summary["stars"], summary["xp"], summary["streak"]) == (5, 100, 1)
    with open_store(data_dir, read_only=True) as view:
        assert view.get_profile("Ada")["streaks"]["best"] == 3


def test_streak_day_defaults_to_the_clock(data_dir):
    clock = lambda: datetime(2025, 6, 1, 12, 0, tzinfo=UTC)  # noqa: E731
    with open_store(data_dir, clock=clock) as store:
        store.create_profile("Ada")
        profile = store.record_level_result("Ada", "pie-1", 1)
        assert profile["streaks"]["current"] == 1
        assert (
            profile["streaks"]["last_day"]
            == datetime(2025, 6, 1, 12, tzinfo=UTC).astimezone().date().isoformat()
        )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pie-1", 4), "stars must be a whole number from 0 to 3, not 4."),
        (("pie-1", 1, -5), "xp must be a whole number of at least 0, not -5."),
        (("pie 1", 1), "level id must be 1-80 letters, digits or '_.:-', not 'pie 1'."),
    ],
)
def test_bad_level_results_are_refused(data_dir, args, message):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        with pytest.raises(RecordError) as caught:
            store.record_level_result("Ada", *args)
        assert str(caught.value) == message


def test_class_code_and_student_id(data_dir):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        profile = store.set_class("Ada", " room-12 ", "s-0042")
        assert (profile["class_code"], profile["student_id"]) == ("ROOM-12", "s-0042")
        with pytest.raises(RecordError, match="should not be your real name"):
            store.set_class("Ada", "ROOM-12", "Ada Lovelace")
        with pytest.raises(RecordError, match="class code is 3-20"):
            store.set_class("Ada", "x", "s-1")
        left = store.set_class("Ada", None, None)
        assert (left["class_code"], left["student_id"]) == (None, None)


def test_relationships_are_stored_as_given(data_dir):
    memory = {
        "schema_version": 1,
        "trust": 62.0,
        "rapport": 14.0,
        "grievances_open": [{"id": "late", "text": "You paid late.", "severity": 2}],
        "grievances_resolved": [],
        "meetings": 3,
        "last_met": "2025-03-14",
    }
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        assert store.get_relationship("Ada", "mara") is None
        store.save_relationship("Ada", "mara", memory)
        store.save_relationship("Ada", "tomas", {"trust": 1})
        store.save_relationship("Ada", "mara", {**memory, "meetings": 4})
        returned = store.get_relationship("Ada", "mara")
        returned["trust"] = -1  # a copy: changing it changes nothing stored
    with open_store(data_dir, read_only=True) as view:
        assert view.get_relationship("ada", "mara") == {**memory, "meetings": 4}
        assert view.relationships("Ada") == {
            "mara": {**memory, "meetings": 4},
            "tomas": {"trust": 1},
        }


@pytest.mark.parametrize(
    ("memory", "message"),
    [
        ({"trust": float("nan")}, "The NPC memory is not plain JSON"),
        ({"when": datetime(2025, 1, 1)}, "The NPC memory is not plain JSON"),
        ([1, 2], "The NPC memory must be a mapping."),
        ({"blob": "x" * 300_000}, "The NPC memory is larger than 256 KiB."),
    ],
)
def test_bad_relationships_are_refused(data_dir, memory, message):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        with pytest.raises(RecordError) as caught:
            store.save_relationship("Ada", "mara", memory)
        assert str(caught.value).startswith(message)
        assert store.get_relationship("Ada", "mara") is None


def test_checkpoint_writes_its_changes_together_at_the_end(data_dir):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        with store.checkpoint():
            store.save_relationship("Ada", "mara", {"trust": 5})
            store.update_settings("Ada", text_scale=125)
            with open_store(data_dir, read_only=True) as view:
                assert view.get_relationship("Ada", "mara") is None
                assert view.get_profile("Ada")["settings"]["text_scale"] == 100
        with open_store(data_dir, read_only=True) as view:
            assert view.get_relationship("Ada", "mara") == {"trust": 5}
            assert view.get_profile("Ada")["settings"]["text_scale"] == 125


def test_close_flushes_pending_changes(data_dir):
    store = open_store(data_dir)
    store.create_profile("Ada")
    with pytest.raises(RuntimeError):
        with store.checkpoint():
            store.save_relationship("Ada", "mara", {"trust": 7})
            raise RuntimeError("the game crashed in Python code")
    # the checkpoint still flushed on the way out
    with open_store(data_dir, read_only=True) as view:
        assert view.get_relationship("Ada", "mara") == {"trust": 7}
    store.close()
    store.close()  # twice is fine


def test_read_only_store_refuses_changes_and_writes_nothing(data_dir, folder_snapshot):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
    before = folder_snapshot(data_dir)
    with open_store(data_dir, read_only=True) as view:
        for change in (
            lambda: view.create_profile("Bo"),
            lambda: view.update_settings("Ada", text_scale=150),
            lambda: view.save_relationship("Ada", "mara", {}),
            lambda: view.add_history("Ada", {}),
        ):
            with pytest.raises(StoreReadOnlyError) as caught:
                change()
            assert "is open read-only; nothing was changed" in str(caught.value)
    assert folder_snapshot(data_dir) == before


def test_read_only_store_of_a_missing_folder_creates_nothing(tmp_path):
    missing = tmp_path / "nowhere"
    with open_store(missing, read_only=True) as view:
        assert view.list_profiles() == []
        assert view.history() == []
    assert not missing.exists()
