"""What the history keeps of a score is English whatever the player's language, and is
still shown in the player's language: a score's objective details and threshold
objectives are kept as the English sentence (byte for byte what older versions stored)
that remembers how to say itself again; a plain string an older version stored is shown
as it is."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import pytest

from game import i18n
from game.campaign.objectives import describe_result, star_objectives
from game.campaign.scoring import ObjectiveResult, claims_tested, score_record
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.bots import make_bot, play

LEVELS = Path(__file__).resolve().parents[2] / "levels"


@pytest.fixture
def spanish():
    i18n.set_language("es")
    yield
    i18n.set_language("en")


def _played(level_id: str, bot: str, seed: int = 0):
    level = load_level(LEVELS / f"{level_id}.json")
    match = start_match(level, seed=seed)
    play(match, make_bot(bot, match, seed))
    return level, match.record()


def test_a_score_worked_out_in_spanish_is_stored_as_in_english():
    level, record = _played("tablet-deal", "boulware", seed=1)
    english = json.dumps(score_record(level, record).to_dict(), sort_keys=True)
    i18n.set_language("es")
    try:
        score = score_record(level, record)
        stored = json.dumps(score.to_dict(), sort_keys=True)
        shown = [describe_result(o, o.met, o.detail) for o in score.objectives]
    finally:
        i18n.set_language("en")
    assert stored == english
    assert '"detail": "you: 0.38, BATNA 0.32"' in english
    assert '"detail": "together: 1.13"' in english
    assert "Reach a deal worth at least 0.40 to you." in english  # a threshold objective
    # the level's own objective texts are the level's to translate (the debrief does)
    assert shown[0].endswith("(tú: 0,38, MAAN 0,32).")
    assert (
        "No cumplido (1 estrella): Llega a un acuerdo que valga al menos 0,40 para ti (tú: 0,38)."
        in shown
    )
    assert any(line.endswith("(juntos: 1,13).") for line in shown)
    assert any("(Nova de 55 a 64 (+9))" in line for line in shown)


def test_a_detail_an_older_version_stored_is_shown_as_it_is(spanish):
    level = load_level(LEVELS / "tablet-deal.json")
    objective = star_objectives(level)[0]
    older = ObjectiveResult(objective.id, "Beat the shop across the road.", 1, True, "you: 0.38")
    assert describe_result(older, older.met, older.detail) == (
        "Cumplido (1 estrella): Beat the shop across the road (you: 0.38)."
    )
    assert i18n.shown("you: 0.38") == "you: 0.38"


def test_a_kept_sentence_copied_or_pickled_is_the_plain_english():
    detail = i18n.said("{label}: {value}", label=i18n.said("you"), value=i18n.said_number(0.5))
    assert isinstance(detail, i18n.Said) and detail == "you: 0.50"
    for again in (pickle.loads(pickle.dumps(detail)), copy.deepcopy(detail)):
        assert type(again) is str and again == "you: 0.50"
    assert json.dumps({"detail": detail}) == '{"detail": "you: 0.50"}'


def test_the_claims_detail_in_spanish(spanish):
    rows = [
        {"name": "Rosa", "kind": "final", "bluff": True, "response": "let stand", "probed": None},
        {"name": "Rosa", "kind": "batna", "bluff": False, "probed": "backed"},
    ]
    met, detail = claims_tested(rows)
    assert not met
    assert detail == (
        "1 of 2 claims tested, 0 of 1 bluff called "
        "(Rosa's final claim not tested; a bluff of Rosa's stood)"
    )
    assert i18n.shown(detail) == (
        "1 de 2 afirmaciones comprobadas, 0 de 1 farol desenmascarado "
        "(la oferta «final» de Rosa, sin comprobar; un farol de Rosa quedó en pie)"
    )
