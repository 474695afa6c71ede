"""Profile export and import: a round trip, and hostile or damaged files that change nothing."""

from __future__ import annotations

import json
import os

import pytest

from game.store import MAX_IMPORT_BYTES, ImportRefusedError, open_store

from .conftest import FIXTURES


@pytest.fixture
def filled(data_dir, make_record):
    """A data folder with Ada (history over several shards, two NPCs) and Bo."""
    with open_store(data_dir, shard_size=3) as store:
        store.create_profile("Ada")
        store.create_profile("Bo")
        store.update_settings("Ada", text_scale=125, window={"width": 1600})
        store.record_level_result("Ada", "pie-1", 3, 40, ["first-deal"])
        store.set_class("Ada", "ROOM-1", "s-7")
        store.save_relationship("Ada", "mara", {"schema_version": 1, "trust": 70.5})
        store.save_relationship("Ada", "tomas", {"schema_version": 1, "trust": 20.0})
        for i in range(7):
            store.add_history("Ada", make_record(i))
        store.add_history("Bo", make_record(99))
    return data_dir


def _view(store, name):
    profile = store.get_profile(name)
    del profile["id"], profile["name"]
    history = store.history(name)
    for record in history:
        del record["profile"]
    return profile, store.relationships(name), history


def test_export_then_import_on_another_machine(filled, tmp_path):
    out = tmp_path / "ada.json"
    with open_store(filled, read_only=True) as store:  # export works read-only
        store.export_profile("ada", out)
        original = _view(store, "Ada")
    other = tmp_path / "other-machine"
    with open_store(other, shard_size=5) as store:
        assert store.import_profile(out) == "Ada"
        assert _view(store, "Ada") == original
        assert store.session_count("Ada") == 7
    with open_store(other, read_only=True) as view:  # durable, and sharded by the new folder's size
        assert _view(view, "Ada") == original
        assert view.shard_size == 5


def test_import_under_a_new_name_keeps_both(filled, tmp_path):
    out = tmp_path / "ada.json"
    with open_store(filled) as store:
        store.export_profile("Ada", out)
        assert store.import_profile(out, rename_to="Ada (laptop)") == "Ada (laptop)"
        assert _view(store, "Ada (laptop)") == _view(store, "Ada")
        assert [p["name"] for p in store.list_profiles()] == ["Ada", "Ada (laptop)", "Bo"]


def test_the_stored_v2_export_fixture_imports(data_dir):
    with open_store(data_dir) as store:
        assert store.import_profile(FIXTURES / "export_v2_ada.json") == "Ada"
        profile = store.get_profile("Ada")
        assert (profile["class_code"], profile["student_id"], profile["xp"]) == (
            "ROOM-12",
            "s-0042",
            365,
        )
        assert profile["streaks"] == {"current": 1, "best": 1, "last_day": "2024-09-10"}
        assert [r["seed"] for r in store.history("Ada")] == [14, 13, 11]
        assert store.get_relationship("Ada", "tomas")["trust"] == 48.5


def _export(filled, tmp_path):
    out = tmp_path / "ada.json"
    with open_store(filled, read_only=True) as store:
        store.export_profile("Ada", out)
    return json.loads(out.read_text())


def _refused(filled, folder_snapshot, path, rename_to=None):
    before = folder_snapshot(filled)
    with open_store(filled) as store:
        with pytest.raises(ImportRefusedError) as caught:
            store.import_profile(path, rename_to=rename_to)
        assert len(store.list_profiles()) == 2
    assert folder_snapshot(filled) == before
    lines = caught.value.user_lines
    assert lines[0].startswith(f"Cannot import {path}: ")
    assert lines[-1] == "Nothing was changed."
    return lines[0][len(f"Cannot import {path}: ") :], lines[1:-1]


def test_a_name_clash_is_refused_with_the_way_out(filled, tmp_path, folder_snapshot):
    out = tmp_path / "ada.json"
    with open_store(filled, read_only=True) as store:
        store.export_profile("Ada", out)
    reason, advice = _refused(filled, folder_snapshot, out)
    assert reason == "a profile named 'Ada' already exists here."
    assert advice == [
        "Import it under another name with `profile import FILE --as NEW_NAME`, or rename the "
        "existing profile first."
    ]
    reason, _ = _refused(filled, folder_snapshot, out, rename_to="BO")
    assert reason == "a profile named 'Bo' already exists here."
    reason, _ = _refused(filled, folder_snapshot, out, rename_to="bad\nname")
    assert reason == "A profile name cannot contain line breaks, tabs or control characters."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "it is not valid JSON (line 1, column 1: Expecting value)."),
        (
            b'{"format": "common-ground-profile", "profile": {',
            "it is not valid JSON (line 1, column 49: Expecting property name enclosed in double quotes).",
        ),
        (b"\xff\xfe\x00garbage", "it is not a text file (damaged or not a profile file)."),
        (
            b"[1, 2, 3]",
            'it is not a Common Ground profile file (no "format": "common-ground-profile").',
        ),
        (
            b'{"format": "something-else"}',
            'it is not a Common Ground profile file (no "format": "common-ground-profile").',
        ),
        (b"[" * 100_000 + b"]" * 100_000, "it is nested too deeply to be a profile file."),
        (b'{"format": "common-ground-profile"}', "it has no valid schema_version."),
        (b'{"format": "common-ground-profile", "schema_version": 2}', "it has no profile."),
    ],
)
def test_damaged_files_are_refused(filled, tmp_path, folder_snapshot, content, reason):
    path = tmp_path / "import.json"
    path.write_bytes(content)
    assert _refused(filled, folder_snapshot, path)[0] == reason


def test_a_file_from_a_newer_game_is_refused(filled, tmp_path, folder_snapshot):
    payload = _export(filled, tmp_path)
    payload["schema_version"] = 3
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(payload))
    reason, advice = _refused(filled, folder_snapshot, path)
    assert reason == (
        "it was exported by a newer version of Common Ground (format 3; this version reads up to 2)."
    )
    assert advice == ["Update Common Ground first."]


def test_a_too_large_file_is_refused_before_it_is_read(filled, tmp_path, folder_snapshot):
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:  # sparse: costs no disk space
        handle.truncate(MAX_IMPORT_BYTES + 1)
    assert _refused(filled, folder_snapshot, path)[0] == (
        "it is too large (64.0 MiB; a profile file is at most 64 MiB)."
    )


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda p: p["profile"].update(xp=-3), "xp must be a whole number of at least 0."),
        (
            lambda p: p["profile"].update(name="x" * 500),
            "A profile name needs 1 to 40 characters (got 500).",
        ),
        (
            lambda p: p["profile"]["settings"].update(text_scale=10_000),
            "text_scale must be a whole percentage",
        ),
        (
            lambda p: p["profile"]["progress"]["stars"].update({"pie-1": 99}),
            "stars for 'pie-1' must be 0-3.",
        ),
        (lambda p: p["profile"].update(badges="all of them"), "badges must be a list."),
        (
            lambda p: p["profile"].update(class_code="ROOM-1", student_id="<script>"),
            "A student id is 1-40",
        ),
        (
            lambda p: p["profile"].update(schema_version=9),
            "Profile file evil.json was saved by a newer version",
        ),
        (lambda p: p.update(history="lots"), "relationships and history must be lists."),
        (lambda p: p["history"].append(7), "history record 8 is not a mapping."),
        (
            lambda p: p["history"][2].pop("seed"),
            "history record 3: The history record cannot be saved: it lacks seed.",
        ),
        (
            lambda p: p["history"][0].update(moves={"no": "list"}),
            "history record 1: The history record cannot be saved: moves must be a list.",
        ),
        (lambda p: p["relationships"].append(p["relationships"][0]), "NPC 'mara' appears twice."),
        (lambda p: p["relationships"][0].update(npc_id="../../x"), "NPC id must be 1-80 letters"),
        (
            lambda p: p["relationships"][0].update(memory=[1]),
            "the memory of NPC 'mara' is not a mapping.",
        ),
    ],
)
def test_hostile_or_wrong_content_is_refused(filled, tmp_path, folder_snapshot, mutate, reason):
    payload = _export(filled, tmp_path)
    mutate(payload)
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(payload))
    assert _refused(filled, folder_snapshot, path)[0].startswith(reason)


def test_bad_record_ids_are_replaced_and_good_ones_kept(filled, tmp_path):
    payload = _export(filled, tmp_path)
    kept_id = payload["history"][0]["id"]
    payload["history"][1]["id"] = "../../not-an-id"
    payload["history"][2]["id"] = ["not", "text"]
    path = tmp_path / "ids.json"
    path.write_text(json.dumps(payload))
    with open_store(filled) as store:
        store.import_profile(path, rename_to="Copy")
        ids = [r["id"] for r in store.history("Copy")]
    assert kept_id in ids and len(set(ids)) == 7
    assert all(len(i) == 32 for i in ids)


def test_the_documented_limits_and_unique_ids_are_enforced(filled, tmp_path, folder_snapshot):
    # Imports took an NPC memory over 256 KiB, 2,000 records with one id, a seed of 10^40.
    payload = _export(filled, tmp_path)
    record_id = payload["history"][0]["id"]
    cases = {
        "memory": (
            lambda p: p["relationships"][0].update(memory={"notes": "x" * (256 * 1024)}),
            "the memory of NPC 'mara' is 262,156 bytes; an NPC memory is at most 256 KiB.",
        ),
        "ids": (
            lambda p: p["history"].extend(dict(p["history"][0]) for _ in range(2000)),
            f"history records 1 and 8 have the same id {record_id!r}; every finished "
            "negotiation is stored once.",
        ),
        "seed": (
            lambda p: p["history"][0].update(seed=10**40),
            "history record 1: The history record cannot be saved: seed must lie between "
            "-9223372036854775808 and 9223372036854775807 (a 64-bit number).",
        ),
    }
    for name, (mutate, reason) in cases.items():
        changed = json.loads(json.dumps(payload))
        mutate(changed)
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(changed))
        assert _refused(filled, folder_snapshot, path)[0] == reason


def test_a_failed_write_during_import_leaves_nothing(
    filled, tmp_path, folder_snapshot, monkeypatch
):
    out = tmp_path / "ada.json"
    with open_store(filled, read_only=True) as store:
        store.export_profile("Ada", out)
    before = folder_snapshot(filled)
    calls = []

    def fail_on_third(path, data, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(path, data, **kwargs)

    from game.store import layout

    real = layout.atomic_write
    monkeypatch.setattr(layout, "atomic_write", fail_on_third)
    with open_store(filled) as store:
        with pytest.raises(ImportRefusedError) as caught:
            store.import_profile(out, rename_to="Copy")
        assert caught.value.user_lines[0].endswith(
            "writing the profile failed (No space left on device)."
        )
        assert not store.has_profile("Copy")
    assert folder_snapshot(filled) == before
    assert not any(
        name.startswith("p-")
        for name in os.listdir(filled / "saves" / "profiles")
        if name not in {p.split("/")[2] for p in before if p.startswith("saves/profiles/")}
    )
