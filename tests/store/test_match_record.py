"""The record a finished match produces: typed and checked when made, stored as the same
JSON object as before, read back newest first; records saved before still load."""

import copy
import dataclasses
import json
import math
import pickle
from pathlib import Path

import pytest

from game.campaign.scoring import score_record
from game.engine.record import MatchRecord, RecordInvalid
from game.finish import finished_record
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.bots import make_bot, play
from game.store import RecordError, open_store

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ROOT / "levels"
OLD_RECORDS = Path(__file__).parent / "fixtures" / "records_v2.json"


def _played(level_id="market-stall", bot="haggler", seed=1):
    level = load_level(LEVELS / f"{level_id}.json")
    match = start_match(level, seed=seed)
    play(match, make_bot(bot, match, seed))
    return level, match


def test_a_played_match_is_stored_and_read_back(tmp_path):
    level = load_level(LEVELS / "market-stall.json")
    records = []
    for seed, bot in ((1, "haggler"), (2, "walker")):
        match = start_match(level, seed=seed)
        play(match, make_bot(bot, match, seed))
        record = match.record()
        score = score_record(level, record)
        records.append(record.scored(score.to_dict(), score.stars, score.xp, score.badges))
    with open_store(tmp_path) as store:
        store.ensure_profile("Ada")
        ids = [store.add_history("Ada", r) for r in records]
    with open_store(tmp_path, read_only=True) as store:
        stored = store.history("Ada")
    assert [r["id"] for r in stored] == list(reversed(ids)) or {r["id"] for r in stored} == set(ids)
    by_seed = {r["seed"]: r for r in stored}
    for original in records:
        again = by_seed[original.seed]
        assert again["agreement"] is original.agreement
        assert again["utilities"] == dict(original.utilities)
        assert again["moves"] == list(original.moves)
        assert again["score"]["stars"] == original.stars
        # Stored as the record's JSON object, plus the store's id and format version.
        extra = {k: again[k] for k in ("id", "schema_version", "profile") if k in again}
        assert {k: v for k, v in again.items() if k not in extra} == original.to_dict()


def test_records_saved_before_records_were_typed_load_and_serialise_unchanged():
    saved = json.loads(OLD_RECORDS.read_text(encoding="utf-8"))
    assert len(saved) == 2
    for data in saved:
        record = MatchRecord.from_dict(data)
        assert record.to_dict() == data
        assert list(record.to_dict()) == list(data)  # the same keys, in the same order
        assert record.level_id == data["level_id"] and record.seed == data["seed"]
        assert record.stars == data["stars"] and record.badges == tuple(data["badges"])
        assert record["utilities"] == data["utilities"]  # the stored form, by key
        # Scoring reads the typed record as it reads the stored mapping.  (Not necessarily
        # the verdict stored then: a level's objectives may have changed since.)
        level = load_level(LEVELS / f"{data['level_id']}.json")
        assert score_record(level, record).to_dict() == score_record(level, data).to_dict()


def test_a_new_record_has_the_keys_of_an_old_one_in_the_same_order():
    old = json.loads(OLD_RECORDS.read_text(encoding="utf-8"))[0]
    level, match = _played("market-stall", "haggler", 3)
    record, score = finished_record(match, level, 3)
    assert isinstance(record, MatchRecord)
    keys = list(record.to_dict())
    assert [key for key in keys if key in old] == list(old)  # the old keys, in their order
    assert set(keys) - set(old) <= {"favours", "claims"}  # what newer records add
    assert record.stars == score.stars and record.score == score.to_dict()
    json.dumps(record.to_dict(), allow_nan=False)  # plain JSON


def test_a_record_is_frozen():
    _level, match = _played()
    record = match.record()
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.seed = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        record.utilities["player"] = 1.0  # type: ignore[index]
    assert isinstance(record.moves, tuple)
    assert record.to_dict()["moves"] == list(record.moves)
    assert copy.deepcopy(record) == record
    assert pickle.loads(pickle.dumps(record)).to_dict() == record.to_dict()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"seed": "1"}, "seed must be a whole number"),
        ({"utilities": {"player": math.nan}}, "utilities must map each party"),
        ({"finished_at": "yesterday"}, "finished_at must be an ISO 8601"),
        ({"level_id": ""}, "level_id must be non-empty text"),
    ],
)
def test_a_record_with_a_bad_value_cannot_be_made(change, words):
    data = json.loads(OLD_RECORDS.read_text(encoding="utf-8"))[0]
    with pytest.raises(RecordInvalid, match=words):
        MatchRecord.from_dict({**data, **change})


def test_a_mapping_lacking_a_required_key_is_refused_by_the_store_but_read_by_scoring(tmp_path):
    data = json.loads(OLD_RECORDS.read_text(encoding="utf-8"))[0]
    partial = {k: v for k, v in data.items() if k not in ("finished_at", "game_version")}
    with pytest.raises(RecordInvalid, match="it lacks finished_at, game_version"):
        MatchRecord.from_dict(partial)
    with open_store(tmp_path) as store:
        store.ensure_profile("Ada")
        with pytest.raises(RecordError, match="it lacks finished_at, game_version"):
            store.add_history("Ada", partial)
    level = load_level(LEVELS / "market-stall.json")
    assert score_record(level, partial).stars == data["stars"]
