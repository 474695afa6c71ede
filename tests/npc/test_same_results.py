"""Whole matches pinned by digest: the moves, offers, timeline, trust, stars, memories and
every line said on a few levels, players and seeds.

The digests were taken before the match was made faster; any change to what a match does or
says, however small (a float's last digit, a line's word, the order of the timeline), changes
a digest and fails here.  When a change of behaviour is meant, print the new digests with
``python tests/npc/test_same_results.py`` and say in the commit why they moved.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from game.campaign.scoring import score_record
from game.levels import catalog
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.bots import make_bot, play
from game.npc.runtime import NpcRuntime
from game.npc.simulate import summarise, transcribe

GENIUS = Path("/work/shared/genius-samples/ItexvsCypress")
NOON = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

CASES: dict[tuple[str, str, int], str] = {
    ("bike-sale", "haggler", 0): "624d697c37768c79fc2a46c6",
    ("bike-sale", "teacher", 7): "774a38f86ea0be92aa2730e9",
    ("tablet-deal", "teacher", 2): "c06d3ddd9dbb1606ff271a5a",
    ("tablet-deal", "liar", 5): "e282c8ed207bd1efacb29aaa",
    ("job-offer", "boulware", 1): "06d1cead3c6e6c248e8bbe1d",
    ("job-offer", "spammer", 3): "57292be652a06b72508ec7b1",
    ("climate-accord", "teacher", 2): "c4e5ef40094d910b0b9c6a7e",
    ("climate-accord", "box-ticker", 4): "7cd5d5902014635540b877d1",
    ("season-winter", "favour-farmer", 1): "6b7cfbee081175ee872af42f",
    ("used-car", "stonewall", 6): "66a5fa31784e072ef246b77b",
    ("market-stall", "tiny-steps", 3): "9266ca58154d1579aba475e9",
    ("two-forks", "flatterer", 8): "4e282f34768e93cd3cb30747",
    ("itex", "boulware", 0): "26f32385b3c9319ccb6cb55f",
}
"""(level, player, first seed) -> the digest of three runs."""

RUNS = 3


def _level(level_id: str, folder: Path):
    if level_id != "itex":
        return load_level(catalog.resolve_level(level_id))
    # the benchmark's level: what ``import-genius --npc conceder --rounds 100
    # --ignore-discount`` makes of ItexvsCypress, Cypress as the player
    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "bench"))
    try:
        import npc as bench  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(root / "bench"))
    data, _ = bench.genius_level_data()
    path = folder / "itex.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_level(str(path))


def played(level_id: str, player: str, seed: int, folder: Path) -> dict:
    """Play RUNS matches as ``simulate`` does; return all they recorded and said."""
    level = _level(level_id, folder)
    runtime = NpcRuntime()
    records, memories, events = [], [], []
    npc_ids: list[str] = []
    for run in range(RUNS):
        match = start_match(level, seed=seed + run, runtime=runtime)
        match.clock = lambda: NOON
        npc_ids = list(match.controllers)
        transcribe(match, events.append, run + 1)
        play(match, make_bot(player, match, seed + run))
        record = match.record(seed=seed + run)
        records.append(record)
        memories.append(match.memories())
    stored = [
        {k: v for k, v in record.to_dict().items() if k not in ("duration_s", "finished_at")}
        for record in records
    ]
    return {
        "records": stored,
        "scores": [score_record(level, record).to_dict() for record in records],
        "summary": summarise(records, npc_ids),
        "memories": memories,
        "lines": events,
    }


def digest(everything: dict) -> str:
    text = json.dumps(everything, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@pytest.mark.parametrize(("level_id", "player", "seed"), list(CASES))
def test_a_match_plays_and_says_what_it_did(tmp_path, level_id, player, seed):
    if level_id == "itex" and not GENIUS.is_dir():
        pytest.skip("the GENIUS samples are not on this machine")
    everything = played(level_id, player, seed, tmp_path)
    assert everything["lines"] and everything["records"][0]["moves"]
    assert digest(everything) == CASES[(level_id, player, seed)]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as name:
        for key in CASES:
            print(f"    {key!r}: {digest(played(*key, Path(name)))!r},")
