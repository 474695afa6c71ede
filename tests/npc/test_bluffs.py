"""Claims that may be bluffs: made as the level says, tested by proof, a call or a
contradiction, and told truthfully afterwards (game.npc.bluffs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.campaign.diagnosis import diagnose
from game.engine import Move, MoveKind, Offer
from game.levels.loader import load_level_bytes
from game.levels.setup import start_match
from game.npc.bluffs import claim_truth
from game.npc.bots import SPAM_TALK
from game.npc.runtime import NpcRuntime

RUNTIME = NpcRuntime()
LEVELS = Path(__file__).resolve().parents[2] / "levels"
LINES = Path(__file__).resolve().parents[2] / "game" / "npc" / "lines"


def _level(level_id: str, npc: str, **change):
    """Return a built-in level with its character's claims changed (e.g. always a bluff)."""
    data = json.loads((LEVELS / f"{level_id}.json").read_text(encoding="utf-8"))
    for character in data["npcs"]:
        if character["id"] == npc:
            character["misrepresentations"] = [
                {**claim, **change} for claim in character["misrepresentations"]
            ]
    return load_level_bytes(json.dumps(data).encode(), f"{level_id}.json", LEVELS)


def _rosa(bluff: bool, seed: int = 1):
    level = _level("market-stall", "rosa", bluff_chance=1.0 if bluff else 0.0)
    return level, start_match(level, seed=seed, runtime=RUNTIME)


def _offer(match, price: float) -> Move:
    return Move(MoveKind.OFFER, "player", offer=Offer({"price": price}))


def _play_until_claim(match, price: float = 30) -> list:
    """Hold firm at ``price`` until Rosa calls an offer final; return the claim moves."""
    for _ in range(match.deadline):
        report = match.player_move(_offer(match, price))
        assert report.ok, report.reason
        claims = [m for m in report.npc_moves if m.kind is MoveKind.CLAIM]
        if claims:
            return claims
    raise AssertionError("Rosa never made her claim")


def test_probes_are_illegal_until_a_claim_is_made_and_claims_are_not_the_players():
    _, match = _rosa(True)
    legal = match.legal_player_moves()
    assert legal[MoveKind.ASK_PROOF] == "no one has made a claim you could test"
    assert legal[MoveKind.CALL_BLUFF] is not None
    assert legal[MoveKind.POINT_CONTRADICTION] is not None
    assert legal[MoveKind.CLAIM] is not None
    assert not match.player_move(Move(MoveKind.CLAIM, "player")).ok


def test_a_final_claim_is_made_at_its_time_as_a_claim_move_and_a_line():
    _, match = _rosa(True)
    claims = _play_until_claim(match)
    assert claims[0].meta["claim"] == "last-price" and claims[0].meta["about"] == "final"
    assert match.state.round / match.deadline >= 0.75 - 1e-9
    assert match.legal_player_moves()[MoveKind.ASK_PROOF] is None
    assert match.legal_player_moves()[MoveKind.POINT_CONTRADICTION] is not None


def _claim_lines(kind: str) -> set[str]:
    """Return the English texts of the answers to a claim that are written for ``kind``."""
    data = json.loads((LINES / "claims.json").read_text(encoding="utf-8"))
    keys = ("claim_backed", "claim_wavered", "bluff_called", "accused_wrongly")
    return {
        row["text"]
        for key in keys
        for row in data[key]
        if (row.get("when") or {}).get("claim") == kind
    }


@pytest.mark.parametrize("bluff", [True, False])
def test_rosas_answers_speak_of_her_last_price_not_of_another_buyer(bluff):
    """Rosa's claim is a last price: asking for proof and calling it a bluff are answered
    with lines written for a last price (the ``claim`` fact), never with the ones about
    another offer ("it's all written down", "nobody else")."""
    _, match = _rosa(bluff)
    _play_until_claim(match)
    said = [
        line.text
        for line in match.player_move(Move(MoveKind.ASK_PROOF, "player", target="rosa")).lines
    ]
    report = match.player_move(
        Move(MoveKind.CALL_BLUFF, "player", target="rosa", meta={"claim": "last-price"})
    )
    said += [line.text for line in report.lines]
    final, batna = _claim_lines("final"), _claim_lines("batna")
    assert final and batna
    assert len([text for text in said if text in final]) == 2, said
    assert not [text for text in said if text in batna], said


@pytest.mark.parametrize("bluff", [True, False])
def test_asking_for_proof_backs_a_true_claim_and_a_bluff_wavers(bluff):
    _, match = _rosa(bluff)
    _play_until_claim(match)
    report = match.player_move(Move(MoveKind.ASK_PROOF, "player", target="rosa"))
    assert report.ok, report.reason
    answers = [m.meta.get("answer") for m in report.npc_moves if m.kind is MoveKind.CLAIM]
    assert answers == ["wavered" if bluff else "backed"]
    assert any(line.speaker == "rosa" for line in report.lines)
    again = match.player_move(Move(MoveKind.ASK_PROOF, "player", target="rosa"))
    assert not [m for m in again.npc_moves if m.kind is MoveKind.CLAIM]  # answered already


def test_calling_a_bluff_drops_it_and_she_gives_ground():
    _, match = _rosa(True)
    _play_until_claim(match)
    brain = match.controllers["rosa"].brain
    give = brain.give
    report = match.player_move(Move(MoveKind.CALL_BLUFF, "player", target="rosa"))
    assert report.ok
    assert brain.give == pytest.approx(give + 0.06)
    assert any("checked my claim" in change.reason for change in report.changes)
    assert match.legal_player_moves()[MoveKind.CALL_BLUFF] is not None  # nothing stands now
    [row] = match.claims()
    assert row["bluff"] and row["outcome"] == "called" and row["response"] == "called"


def test_calling_a_true_claim_a_bluff_costs_trust_and_she_holds_out_for_more():
    _, match = _rosa(False)
    _play_until_claim(match)
    brain = match.controllers["rosa"].brain
    floor = brain.floor
    assert floor > brain.reservation  # a real last word: she will not go below it
    trust = brain.relationship.trust
    report = match.player_move(Move(MoveKind.CALL_BLUFF, "player", target="rosa"))
    assert report.ok
    assert brain.relationship.trust < trust - 5
    assert any("telling the truth" in change.reason for change in report.changes)
    assert brain.floor >= min(brain.table.best, floor + 0.06) - 1e-9
    [row] = match.claims()
    assert not row["bluff"] and row["accused"] == 1 and row["response"] == "accused"


def test_a_true_final_offer_is_kept_to_the_end():
    _, match = _rosa(False)
    _play_until_claim(match)
    held = match.controllers["rosa"].claims.claims[0].held
    while not match.finished:
        report = match.player_move(_offer(match, 30))
        for move in report.npc_moves:
            if move.kind is MoveKind.OFFER and move.actor == "rosa":
                assert match.utility_of("rosa", move.offer) >= held - 1e-9
    assert not match.claims()[0]["contradicted"]


def test_a_bluffed_final_offer_is_contradicted_and_pointing_it_out_catches_it():
    _, match = _rosa(True)
    _play_until_claim(match)
    for _ in range(match.deadline):
        if match.legal_player_moves()[MoveKind.POINT_CONTRADICTION] is None:
            break
        assert match.player_move(_offer(match, 30)).ok
    assert match.legal_player_moves()[MoveKind.POINT_CONTRADICTION] is None
    give = match.controllers["rosa"].brain.give
    report = match.player_move(Move(MoveKind.POINT_CONTRADICTION, "player"))
    assert report.ok
    assert match.controllers["rosa"].brain.give > give
    row = match.claims()[0]
    assert row["contradicted"] and row["outcome"] == "caught"


def test_a_benchmark_card_undercuts_a_bluffed_alternative():
    level = _level("print-run", "viktor", bluff_chance=1.0)
    match = start_match(level, seed=3, runtime=RUNTIME)
    assert match.claims()[0]["kind"] == "batna"  # made with its first words
    report = match.player_move(Move(MoveKind.CITE_EVIDENCE, "player", evidence="local-quotes"))
    assert report.ok
    assert match.claims()[0]["outcome"] == "benchmarked"


def test_a_true_alternative_holds_the_floor_from_the_start():
    level = _level("print-run", "viktor", bluff_chance=0.0)
    match = start_match(level, seed=3, runtime=RUNTIME)
    brain = match.controllers["viktor"].brain
    assert brain.floor == pytest.approx(0.38)  # the worth the level gives the school order
    assert match.player_move(Move(MoveKind.CITE_EVIDENCE, "player", evidence="local-quotes")).ok
    assert match.claims()[0]["outcome"] == "standing"


def test_an_exaggerated_priority_is_always_a_bluff_and_calling_it_tells_the_truth():
    level = _level("job-offer", "priya")
    match = start_match(level, seed=5, runtime=RUNTIME)
    claim = next(m for m in match.opening.npc_moves if m.kind is MoveKind.CLAIM)
    assert claim.meta["about"] == "priority" and claim.issue == "start"
    assert max(claim.priorities, key=claim.priorities.get) == "start"
    report = match.player_move(
        Move(MoveKind.CALL_BLUFF, "player", target="priya", meta={"claim": "start-first"})
    )
    stated = [m for m in report.npc_moves if m.kind is MoveKind.STATE_PRIORITIES]
    assert stated and max(stated[0].priorities, key=stated[0].priorities.get) == "salary"


def test_a_character_keeps_its_story_straight_until_its_priority_bluff_is_caught():
    level = _level("job-offer", "priya")
    match = start_match(level, seed=5, runtime=RUNTIME)
    opening = match.opening.npc_moves
    # it does not first volunteer its true priorities, then talk another issue up
    assert not [m for m in opening if m.kind is MoveKind.STATE_PRIORITIES]
    assert [m for m in opening if m.kind is MoveKind.CLAIM]

    def told(move: Move) -> tuple[list, list[str]]:
        report = match.player_move(move)
        stated = [m for m in report.npc_moves if m.kind is MoveKind.STATE_PRIORITIES]
        return stated, [line.text for line in report.lines]

    ask = Move(MoveKind.ASK_PRIORITIES, "player", target="priya")
    (stated,), lines = told(ask)
    assert max(stated.priorities, key=stated.priorities.get) == "start"
    (said,) = [text.lower() for text in lines if "start date" in text.lower()]
    assert "salary" not in said or said.index("start date") < said.index("salary"), said
    pair = Move(
        MoveKind.ASK_PREFERENCE, "player", target="priya", issue="salary", meta={"over": "start"}
    )
    report = match.player_move(pair)
    said = [m for m in report.npc_moves if m.kind is MoveKind.STATE_PREFERENCE]
    assert said and said[0].issue == "start"
    # caught, it has no story left to keep: it answers with the truth from then on
    assert match.controllers["priya"].story() is not None
    match.player_move(
        Move(MoveKind.CALL_BLUFF, "player", target="priya", meta={"claim": "start-first"})
    )
    assert match.controllers["priya"].story() is None
    told_now, _ = match.controllers["priya"].told_priorities()
    assert max(told_now, key=told_now.get) == "salary"


def test_the_record_and_the_debrief_say_what_was_true():
    level, match = _rosa(True)
    _play_until_claim(match)
    while not match.finished:  # she keeps conceding; the player takes her offer
        table = match.state.table
        if table is not None and table.proposer == "rosa":
            match.player_move(Move(MoveKind.ACCEPT, "player"))
        else:
            match.player_move(_offer(match, 30))
    record = match.record()
    [row] = record["claims"]
    assert row["bluff"] and row["response"] == "believed"
    assert "was a bluff" in claim_truth(row) and "sold the same bowl" in claim_truth(row)
    findings = [f for f in diagnose(level, record) if f.kind == "believed_bluff"]
    assert findings and findings[0].mistake and "Asking for proof" in findings[0].text


def test_the_probes_are_in_the_spam_list():
    assert {"ask_proof", "call_bluff", "point_contradiction"} <= set(SPAM_TALK)


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        ({"issue": "colour"}, "misrepresentations[0].issue", "there is no issue 'colour'"),
        ({"kind": "priority", "issue": None}, "misrepresentations[0].issue", "names the issue"),
        ({"kind": "final", "value": 12}, "misrepresentations[0].value", "only a batna claim"),
    ],
)
def test_validate_names_a_claim_that_cannot_be_made(change, where, words):
    from game.levels.problems import LevelError

    with pytest.raises(LevelError) as error:
        _level("print-run", "viktor", **change)
    text = str(error.value)
    assert where in text and words in text
