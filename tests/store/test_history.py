"""History: validation, durability on return, order, shards, failed saves."""

from __future__ import annotations

import json

import pytest

from game.store import REQUIRED_HISTORY_KEYS, RecordError, StoreError, open_store, paths
from game.store import atomic as atomic_module
from game.store.folder import SaveFolder
from game.store.history import SUMMARY_KEYS


def test_required_keys_are_the_documented_ones():
    assert REQUIRED_HISTORY_KEYS == (
        "level_id",
        "level_version",
        "seed",
        "moves",
        "agreement",
        "utilities",
        "finished_at",
        "game_version",
    )


def test_add_history_is_on_disk_when_it_returns(data_dir, make_record):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        record_id = store.add_history("Ada", make_record(3))
        # read the shard file itself, not through the store
        shard = json.loads(
            paths.shard_path(data_dir, store.get_profile("Ada")["id"], 0).read_bytes()
        )
        (stored,) = shard["history"].values()
        assert stored == {**make_record(3), "schema_version": 2, "id": record_id}
        assert len(record_id) == 32


def test_records_are_returned_newest_first_with_their_profile(data_dir, make_record):
    with open_store(data_dir) as store:
        for name in ("Ada", "Bo"):
            store.create_profile(name)
        ids = {}
        ids["a-old"] = store.add_history("Ada", make_record(finished_at="2025-01-01T10:00:00Z"))
        ids["b-mid"] = store.add_history("Bo", make_record(finished_at="2025-01-02T10:00:00+02:00"))
        ids["a-new"] = store.add_history("Ada", make_record(finished_at="2025-01-03T10:00:00Z"))
        ids["a-tie"] = store.add_history("Ada", make_record(finished_at="2025-01-03T10:00:00Z"))
        every = store.history()
        assert [r["id"] for r in every] == [ids["a-tie"], ids["a-new"], ids["b-mid"], ids["a-old"]]
        assert [r["profile"] for r in every] == ["Ada", "Ada", "Bo", "Ada"]
        assert [r["id"] for r in store.history("bo")] == [ids["b-mid"]]
        assert [r["id"] for r in store.history(limit=2)] == [ids["a-tie"], ids["a-new"]]
        assert store.history(limit=0) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"seed": None}, "seed must be a whole number"),
        ({"moves": "offer"}, "moves must be a list"),
        ({"agreement": 5}, "agreement must be true or false (or the deal's terms, or null when there was no deal)"),
        ({"outcome": [1]}, "outcome must be a mapping, or null when there was no deal"),
        (
            {"utilities": {"player": float("nan")}},
            "utilities must map each party to a finite number",
        ),
        ({"utilities": {"player": "high"}}, "utilities must map each party to a finite number"),
        ({"finished_at": "yesterday"}, "finished_at must be an ISO 8601 date-time text"),
        ({"level_id": ""}, "level_id must be non-empty text"),
        ({"game_version": ""}, "game_version must be non-empty text"),
        ({"notes": {1, 2}}, "it is not plain JSON"),
        ({"analytics": {"x": float("inf")}}, "it is not plain JSON"),
        ({"blob": "x" * (1024 * 1024)}, "it is larger than 1 MiB"),
    ],
)
def test_bad_records_are_refused_and_not_stored(data_dir, make_record, change, message):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        with pytest.raises(RecordError) as caught:
            store.add_history("Ada", make_record(**change))
        assert str(caught.value).startswith(f"The history record cannot be saved: {message}")
        assert store.history() == []


def test_missing_keys_are_all_named(data_dir):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        with pytest.raises(RecordError) as caught:
            store.add_history("Ada", {"level_id": "x", "seed": 1})
        assert str(caught.value) == (
            "The history record cannot be saved: it lacks level_version, moves, agreement, "
            "utilities, finished_at, game_version."
        )


def test_history_is_split_into_small_shards(data_dir, make_record):
    with open_store(data_dir, shard_size=4) as store:
        store.create_profile("Ada")
        ids = [store.add_history("Ada", make_record(i)) for i in range(10)]
        profile_id = store.get_profile("Ada")["id"]
        assert store.session_count("Ada") == 10
    folder = paths.history_dir(data_dir, profile_id)
    sizes = [len(json.loads((folder / f"{n:06d}.json").read_bytes())["history"]) for n in range(3)]
    assert sizes == [4, 4, 2]
    # full shards keep one backup, the growing one up to three
    assert sorted(p.name for p in folder.iterdir()) == [
        "000000.json",
        "000000.json.bak1",
        "000001.json",
        "000001.json.bak1",
        "000002.json",
        "000002.json.bak1",
        "000002.json.bak2",
    ]
    with open_store(data_dir, read_only=True) as view:
        assert view.shard_size == 4
        assert [r["id"] for r in view.history()] == ids[::-1]
        assert view.list_profiles()[0]["sessions"] == 10
        assert len(view.history(limit=3)) == 3
    # the shard size is a property of the folder: a later open with another value keeps 4
    with open_store(data_dir, shard_size=50) as store:
        assert store.shard_size == 4
        store.add_history("Ada", make_record(11))
        assert store.session_count("Ada") == 11


def test_a_save_that_fails_raises_and_leaves_no_trace(data_dir, make_record, monkeypatch):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        kept = store.add_history("Ada", make_record(1))

        def disk_full(*args, **kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("game.store.storage.atomic_write", disk_full)
        with pytest.raises(StoreError) as caught:
            store.add_history("Ada", make_record(2))
        assert caught.value.user_lines[0].startswith("Could not save saves/profiles/")
        assert "No space left on device" in caught.value.user_lines[0]
        monkeypatch.undo()
        assert [r["id"] for r in store.history()] == [kept]
        store.flush()
    with open_store(data_dir, read_only=True) as view:
        assert [r["id"] for r in view.history()] == [kept]


def test_add_history_needs_an_existing_profile(data_dir, make_record):
    with open_store(data_dir) as store:
        with pytest.raises(StoreError, match="There is no profile named 'Ghost'"):
            store.add_history("Ghost", make_record())
        store.ensure_profile("Ghost")
        store.add_history("Ghost", make_record())
        assert store.session_count("ghost") == 1


def test_given_ids_are_replaced(data_dir, make_record):
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        record_id = store.add_history("Ada", make_record(id="mine", schema_version=99))
        (stored,) = store.history()
        assert stored["id"] == record_id != "mine"
        assert stored["schema_version"] == 2


def test_atomic_module_is_used_for_shards(data_dir, make_record, monkeypatch):
    """Every history save goes through the temp-file + replace path (the fault points fire)."""
    seen = []
    with open_store(data_dir, fault=seen.append) as store:
        store.create_profile("Ada")
        seen.clear()
        store.add_history("Ada", make_record())
    assert seen == list(atomic_module.FAULT_POINTS)


def _projected(records):
    """The history's records cut to what a summary keeps (and the profile's name)."""
    keys = (*SUMMARY_KEYS, "profile")
    return [{key: record[key] for key in keys if key in record} for record in records]


def test_deals_are_the_history_without_the_moves(data_dir, make_record):
    with open_store(data_dir, shard_size=4) as store:
        for name in ("Ada", "Bo"):
            store.create_profile(name)
        for i in range(10):  # two sealed shards and a live one for Ada
            level = {"level_id": "bike-sale"} if i % 3 == 0 else {}
            store.add_history("Ada", make_record(i, **level))
        store.add_history("Bo", make_record(40, agreement=None, outcome=None))
        for profile in ("Ada", "Bo", None):
            deals = store.deals(profile)
            assert deals == _projected(store.history(profile)) and deals
        (bo,) = store.deals("Bo")
        assert bo["agreement"] is None and "moves" not in bo and "analytics" not in bo
        # every summary key the record has (these test records have no status or rounds)
        assert set(store.deals("Ada")[0]) == {*SUMMARY_KEYS, "profile"} - {"status", "rounds"}
        # a summary handed out is the caller's: changing it changes nothing kept
        store.deals("Ada")[-1]["utilities"]["player"] = 0.0
        assert store.deals("Ada") == _projected(store.history("Ada"))
        # a record that fills the live shard seals it; the next opens a new shard
        for i in range(10, 13):
            store.add_history("Ada", make_record(i))
            assert store.deals("Ada") == _projected(store.history("Ada"))
    with open_store(data_dir, read_only=True) as view:
        assert [d["seed"] for d in view.deals("Ada")] == list(range(12, -1, -1))
        assert view.deals() == _projected(view.history())


def test_deals_read_no_sealed_shard_again(data_dir, make_record, monkeypatch):
    """A long history costs the debrief a frame's time: the sealed shards are read when
    the store opens (it counts their records), never again for their summaries."""
    with open_store(data_dir, shard_size=4) as store:
        store.create_profile("Ada")
        for i in range(30):
            store.add_history("Ada", make_record(i))
    with open_store(data_dir) as store:
        reads = []
        read_shard = SaveFolder.read_shard

        def counted(self, profile_id, shard_no):
            reads.append(shard_no)
            return read_shard(self, profile_id, shard_no)

        monkeypatch.setattr(SaveFolder, "read_shard", counted)
        assert len(store.deals("Ada")) == 30
        assert len(store.deals("Ada")) == 30
        assert reads == []
        assert len(store.history("Ada")) == 30  # the whole records are read from disk
        assert sorted(reads) == list(range(7))


def test_deals_refuse_a_record_the_history_refuses(data_dir, make_record):
    with open_store(data_dir, shard_size=2) as store:
        store.create_profile("Ada")
        for i in range(3):
            store.add_history("Ada", make_record(i))
        profile_id = store.get_profile("Ada")["id"]
    sealed = paths.shard_path(data_dir, profile_id, 0)
    data = json.loads(sealed.read_bytes())
    data["history"]["1"]["schema_version"] = "two"
    sealed.write_text(json.dumps(data), encoding="utf-8")
    for backup in sealed.parent.glob("000000.json.bak*"):
        backup.unlink()
    with open_store(data_dir) as store:
        with pytest.raises(RecordError, match="schema_version must be a whole number") as caught:
            store.history("Ada")
        with pytest.raises(RecordError) as again:
            store.deals("Ada")
        assert str(again.value) == str(caught.value)
