"""The campaign played start to finish by scripted players, saved the way the game saves.

One profile in a temporary store.  For each level in campaign order: check it is unlocked,
start it with what its NPCs remember of this profile (read from the store), play it with the
bot that plays its lesson, save it with ``save_finished`` and check that the next level
unlocks.  Helen (``season-client``) meets the player three times: her memory must travel
from one meeting to the next through the store.
"""

from __future__ import annotations

import pytest

from game.campaign.progress import campaign_status
from game.finish import finished_record, save_finished
from game.levels import catalog
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.bots import make_bot, play
from game.store import open_store

from .lesson_bots import LESSON_BOTS

PROFILE = "Ada"
SEED = 0
# Here the season is played in order, each meeting by the reconciler (spring can only be
# won after the earlier meetings).
LESSON_BOT = {**LESSON_BOTS, "season-autumn": "reconciler", "season-spring": "reconciler"}


def _best_stars(store) -> dict[str, int]:
    progress = store.get_profile(PROFILE).get("progress", {})
    return {str(k): int(v) for k, v in progress.get("stars", {}).items()}


@pytest.fixture(scope="module")
def playthrough(tmp_path_factory):
    """Play the whole campaign once; return what each step saw."""
    entries = catalog.builtin_entries()
    order = [(e.id, e.chapter, e.title) for e in entries]
    steps = []
    with open_store(tmp_path_factory.mktemp("saves")) as store:
        store.ensure_profile(PROFILE)
        for position, entry in enumerate(entries):
            before = {s.id: s for s in campaign_status(order, _best_stars(store))}
            level = load_level(entry.path)
            remembered = {
                npc.id: memory
                for npc in level.party_npcs
                if (memory := store.get_relationship(PROFILE, npc.id)) is not None
            }
            match = start_match(level, seed=SEED, memories=remembered or None)
            start_trust = {n: match.npc_state(n)["trust"] for n in match.controllers}
            play(match, make_bot(LESSON_BOT[entry.id], match, SEED))
            record, score = finished_record(match, level, SEED)
            save_finished(store, PROFILE, level.id, record, score, match.memories())
            after = {s.id: s for s in campaign_status(order, _best_stars(store))}
            steps.append(
                {
                    "id": entry.id,
                    "unlocked_before": before[entry.id].unlocked,
                    "next_unlocked_before": position + 1 < len(order)
                    and before[order[position + 1][0]].unlocked,
                    "next_unlocked_after": position + 1 < len(order)
                    and after[order[position + 1][0]].unlocked,
                    "stars": score.stars,
                    "remembered": remembered,
                    "start_trust": start_trust,
                    "final_trust": dict(record["trust_final"]),
                    "stored": store.get_relationship(PROFILE, "season-client"),
                }
            )
        history = store.history(PROFILE)
        final_stars = _best_stars(store)
    return {"steps": steps, "stars": final_stars, "history": history, "order": order}


def test_the_campaign_order_is_the_chapters_in_order(playthrough):
    ids = [level_id for level_id, _, _ in playthrough["order"]]
    assert ids == list(LESSON_BOT)
    chapters = [chapter for _, chapter, _ in playthrough["order"]]
    assert chapters == sorted(chapters) and chapters[0] == 1 and chapters[-1] == 9


def test_every_level_is_open_when_its_turn_comes_and_earns_a_star(playthrough):
    for step in playthrough["steps"]:
        assert step["unlocked_before"], step["id"]
        assert step["stars"] >= 1, step["id"]


def test_each_level_unlocks_the_next_once_saved(playthrough):
    steps = playthrough["steps"][:-1]
    for step in steps:
        assert not step["next_unlocked_before"], step["id"]
        assert step["next_unlocked_after"], step["id"]


def test_the_store_keeps_every_record_and_the_best_stars_of_every_level(playthrough):
    stars = playthrough["stars"]
    assert stars == {s["id"]: s["stars"] for s in playthrough["steps"]}
    history = playthrough["history"]
    assert sorted(r["level_id"] for r in history) == sorted(LESSON_BOT)
    assert all(r["stars"] == stars[r["level_id"]] for r in history)
    assert sum(1 for v in stars.values() if v == 3) >= 12


def test_helens_memory_travels_through_the_store_across_the_season(playthrough):
    steps = {s["id"]: s for s in playthrough["steps"]}
    autumn, winter, spring = (steps[f"season-{m}"] for m in ("autumn", "winter", "spring"))
    assert autumn["remembered"] == {}  # the first meeting: Helen does not know the player yet
    assert autumn["stored"]["meetings"] == 1
    for before, meeting in ((autumn, winter), (winter, spring)):
        memory = meeting["remembered"]["season-client"]
        assert memory == before["stored"]
        assert memory["trust"] == pytest.approx(before["final_trust"]["season-client"], abs=0.01)
        assert meeting["start_trust"]["season-client"] == pytest.approx(memory["trust"], abs=0.01)
    assert spring["remembered"]["season-client"]["meetings"] == 2
    assert spring["stored"]["meetings"] == 3
    # the trust built in autumn and winter is what spring's third star asks for
    assert spring["start_trust"]["season-client"] >= 75
    assert spring["stars"] == 3


def test_helens_favour_ledger_travels_through_the_store(playthrough):
    steps = {s["id"]: s for s in playthrough["steps"]}
    autumn, winter = steps["season-autumn"], steps["season-winter"]
    asked = [f for f in autumn["stored"]["favours"] if f["owed_by"] == "player"]
    assert asked and asked[0]["status"] == "open"  # asked in autumn, owed till winter
    assert winter["remembered"]["season-client"]["favours"] == autumn["stored"]["favours"]
    kept = next(f for f in winter["stored"]["favours"] if f["id"] == asked[0]["id"])
    assert kept["status"] == "repaid" and kept["settled_level"] == "season-winter"
