"""The record a finished match produces is stored as it is and read back newest first."""

from pathlib import Path

from game.campaign.scoring import score_record
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.bots import make_bot, play
from game.store import open_store

LEVELS = Path(__file__).resolve().parents[2] / "levels"


def test_a_played_match_is_stored_and_read_back(tmp_path):
    level = load_level(LEVELS / "market-stall.json")
    records = []
    for seed, bot in ((1, "haggler"), (2, "walker")):
        match = start_match(level, seed=seed)
        play(match, make_bot(bot, match, seed))
        record = match.record()
        record["score"] = score_record(level, record).to_dict()
        records.append(record)
    with open_store(tmp_path) as store:
        store.ensure_profile("Ada")
        ids = [store.add_history("Ada", r) for r in records]
    with open_store(tmp_path, read_only=True) as store:
        stored = store.history("Ada")
    assert [r["id"] for r in stored] == list(reversed(ids)) or {r["id"] for r in stored} == set(ids)
    by_seed = {r["seed"]: r for r in stored}
    for original in records:
        again = by_seed[original["seed"]]
        assert again["agreement"] is original["agreement"]
        assert again["utilities"] == original["utilities"]
        assert again["moves"] == original["moves"]
        assert again["score"]["stars"] == original["score"]["stars"]
