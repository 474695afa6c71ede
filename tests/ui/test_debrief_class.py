"""The debrief ranks a class level's deal among the class's deals (handed back in a pack)."""

from __future__ import annotations

import random
from pathlib import Path

import pygame

from game.classroom import installed_classes, join_class
from game.classroom.class_results import ClassDeal, ClassResults, ResultsLevel
from game.classroom.pack import PackSettings, build_pack, prepare_level
from game.finish import finished_record, save_finished
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.bots import make_bot, play
from game.store import open_store
from game.ui.scene import SceneContext, SceneStack
from game.ui.scenes.debrief import DebriefScene

LEVELS = Path(__file__).resolve().parents[2] / "levels"
CLASS_WORTHS = (0.92, 0.85, 0.78, 0.7, 0.66, 0.61, 0.55, 0.5, 0.44, 0.38, 0.3, 0.22)
"""What the class's other deals were worth to the shopper (plus one walk-out, below)."""


class _Navigator:
    def to_campaign(self):
        pass

    def back(self):
        pass


def _play(store, level, seed: int, bot: str) -> tuple[dict, object]:
    match = start_match(level, seed=seed, memories=store.relationships("Ada"))
    play(match, make_bot(bot, match, seed))
    record, score = finished_record(match, level, seed)
    save_finished(store, "Ada", level.id, record, score, match.memories())
    return record, score


def _pack(path: Path, results: ClassResults | None, code: str | None = None) -> Path:
    settings = PackSettings(4242)
    prepared = [prepare_level(LEVELS / "market-stall.json", settings)]
    path.write_bytes(
        build_pack(
            "Negotiation 101",
            prepared,
            settings,
            created_at="2026-05-01T09:00:00Z",
            game_version="test",
            code=code,
            results=results,
        )
    )
    return path


def _debrief_text(store, level, record, score) -> tuple[str, DebriefScene, SceneStack]:
    pygame.init()
    pygame.display.set_mode((1280, 720))
    services = {"navigator": _Navigator(), "store": store, "profile_name": "Ada"}
    stack = SceneStack(SceneContext.create(services=services), (1280, 720))
    scene = DebriefScene(level, record, score)
    stack.push(scene)
    stack.update(0.016)
    stack.draw(pygame.display.get_surface())
    return " ".join(" ".join(scene.text_lines()).split()), scene, stack


def test_the_debrief_ranks_the_deal_among_the_class_for_each_side(tmp_path):
    with open_store(tmp_path / "data") as store:
        store.create_profile("Ada")
        join_class(store, _pack(tmp_path / "neg101.cgpack", None), "Ada", rng=random.Random(2))
        (installed,) = installed_classes(store.data_dir)
        level = load_level(installed.levels[0].path)
        handed_in, _ = _play(store, level, installed.seed, "haggler")
        handed_in_id = store.history("Ada")[-1]["id"]

        # the teacher hands the class's results back: twelve deals, one walk-out, and Ada's
        deals = [
            ClassDeal(True, {"player": worth, "rosa": round(1 - worth, 2)}, f"{n:032x}")
            for n, worth in enumerate(CLASS_WORTHS, start=1)
        ]
        deals.append(ClassDeal(False, {"player": 0.2, "rosa": 0.25}, "f" * 32))
        deals.append(ClassDeal(True, dict(handed_in["utilities"]), handed_in_id))
        results = ClassResults(
            "2026-05-08T09:00:00Z", (ResultsLevel(level.id, level.model.version, tuple(deals)),)
        )
        back = _pack(tmp_path / "neg101-results.cgpack", results, code=installed.code)
        join_class(store, back, "Ada")

        # Ada plays the class's level again; the debrief compares this deal with the class
        record, score = _play(store, level, installed.seed, "teacher")
        text, scene, stack = _debrief_text(store, level, record, score)
        stack.clear()

    mine = record["utilities"]["player"]
    assert record["status"] == "agreed"
    rank = 1 + sum(1 for worth in CLASS_WORTHS if worth > mine + 5e-3)
    theirs = record["utilities"]["rosa"]
    their_rank = 1 + sum(1 for worth in CLASS_WORTHS if round(1 - worth, 2) > theirs + 5e-3)
    ordinal = {1: "st", 2: "nd", 3: "rd"}
    assert "Against your earlier deals" in text and "Your 2nd time at this table" in text
    assert "Against the class" in text
    assert (
        f"Negotiation 101: this result ({mine:.2f} to you) ranks "
        f"{rank}{ordinal.get(rank, 'th')} of 14 in the class for your side "
        f"({level.model.player.role})"
    ) in text
    assert (
        f"For Rosa's side ({level.party_npcs[0].role}) it ranks "
        f"{their_rank}{ordinal.get(their_rank, 'th')} of 14"
    ) in text
    # Ada's handed-in deal is recognised: she counts once, with this deal
    assert "Your 1 handed-in negotiation is left out: you count once, with this one." in text
    assert scene.class_line is not None and " ".join(scene.class_line.split()) in text


def test_no_class_line_without_class_results_or_outside_the_class_scenario(tmp_path):
    with open_store(tmp_path / "data") as store:
        store.create_profile("Ada")
        join_class(store, _pack(tmp_path / "neg101.cgpack", None), "Ada", rng=random.Random(2))
        (installed,) = installed_classes(store.data_dir)
        level = load_level(installed.levels[0].path)
        record, score = _play(store, level, installed.seed, "teacher")
        plain, scene, stack = _debrief_text(store, level, record, score)
        stack.clear()
        assert scene.class_line is None  # a pack of format 1: no results

        deals = tuple(ClassDeal(True, {"player": w}, None) for w in CLASS_WORTHS)
        results = ClassResults("2026-05-08T09:00:00Z", (ResultsLevel(level.id, level.model.version, deals),))
        back = _pack(tmp_path / "back.cgpack", results, code=installed.code)
        join_class(store, back, "Ada")
        # the same level played from the campaign is not the class's scenario
        campaign = load_level(LEVELS / "market-stall.json")
        record, score = _play(store, campaign, 7, "teacher")
        outside, scene, stack = _debrief_text(store, campaign, record, score)
        stack.clear()
    assert "Against your earlier deals" in plain and "Against the class" not in plain
    assert "Against your earlier deals" in outside and "Against the class" not in outside
    assert scene.class_line is None
