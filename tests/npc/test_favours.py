"""Favours and preference talk: the ledger, repayment and resentment, pairwise statements."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from game.engine import Move, MoveKind, Offer
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.bots import make_bot, play
from game.npc.favours import Ledger
from game.npc.memory import check_memory
from game.npc.runtime import NpcRuntime

LEVELS = Path(__file__).resolve().parents[2] / "levels"
LINES = Path(__file__).resolve().parents[2] / "game" / "npc" / "lines"
RUNTIME = NpcRuntime()
HELEN = "season-client"
P = "player"


@cache
def level(level_id: str):
    return load_level(LEVELS / f"{level_id}.json")


def autumn(seed: int = 3, memories=None):
    return start_match(level("season-autumn"), seed=seed, memories=memories, runtime=RUNTIME)


def best(match) -> Offer:
    return match.codec.offer(match.tables.party(P).best_index())


def reasons(report) -> list[str]:
    return [c.reason for c in report.changes]


def npc_offer(report) -> Offer:
    return next(m.offer for m in report.npc_moves if m.kind is MoveKind.OFFER)


def with_value(offer: Offer, issue: str, value) -> Offer:
    terms = dict(offer.terms)
    terms[issue] = value
    return Offer(terms)


def test_a_favour_granted_gives_ground_on_that_issue_and_keeps_it():
    match = autumn()
    match.player_move(Move(MoveKind.OFFER, P, offer=best(match)))
    report = match.player_move(Move(MoveKind.ASK_FAVOUR, P, issue="days", target=HELEN))
    assert report.ok and any("days" in s.text.lower() for s in report.lines)
    ledger = match.favours()[HELEN]
    assert len(ledger) == 1 and ledger[0]["owed_by"] == "player" and ledger[0]["issue"] == "days"
    assert 0 < ledger[0]["worth"] <= 0.09 + 1e-9
    # every later counter keeps the favour: the player's 5 days (its best)
    for _ in range(3):
        report = match.player_move(Move(MoveKind.OFFER, P, offer=best(match)))
        assert float(npc_offer(report).terms["days"]) == 5


def test_asking_again_before_returning_costs_and_is_refused():
    match = autumn()
    match.player_move(Move(MoveKind.OFFER, P, offer=best(match)))
    match.player_move(Move(MoveKind.ASK_FAVOUR, P, issue="days", target=HELEN))
    report = match.player_move(Move(MoveKind.ASK_FAVOUR, P, issue="price", target=HELEN))
    assert "you asked for another favour before returning the one you owe" in reasons(report)
    assert len(match.favours()[HELEN]) == 1


def test_a_favour_returned_with_real_ground_is_a_deed_with_its_reason():
    match = autumn()
    offer = best(match)
    match.player_move(Move(MoveKind.OFFER, P, offer=offer))
    match.player_move(Move(MoveKind.ASK_FAVOUR, P, issue="days", target=HELEN))
    match.player_move(Move(MoveKind.GRANT_FAVOUR, P, issue="trial", target=HELEN))
    report = match.player_move(Move(MoveKind.OFFER, P, offer=with_value(offer, "trial", "1 month")))
    assert "you returned the favour I did you on the days a week" in reasons(report)
    assert match.favours()[HELEN][0]["status"] == "repaid"
    entry = next(
        e for e in match.timeline() if e["kind"] == "offer" and e["actor"] == P and e["changes"]
    )
    assert any("returned the favour" in c[3] for c in entry["changes"])


def test_a_favour_returned_with_nothing_costs_and_stays_owed():
    match = autumn()
    offer = best(match)
    match.player_move(Move(MoveKind.OFFER, P, offer=offer))
    match.player_move(Move(MoveKind.ASK_FAVOUR, P, issue="days", target=HELEN))
    match.player_move(Move(MoveKind.GRANT_FAVOUR, P, issue="trial", target=HELEN))
    trust = match.npc_state(HELEN)["trust"]
    report = match.player_move(Move(MoveKind.OFFER, P, offer=offer))  # nothing moved
    assert "you called it a favour, then gave me nothing on the trial length" in reasons(report)
    assert match.npc_state(HELEN)["trust"] < trust
    assert match.favours()[HELEN][0]["status"] == "open"


def test_a_trivial_favour_earns_nothing():
    match = autumn()
    offer = with_value(best(match), "trial", "1 month")  # Helen's favourite already
    match.player_move(Move(MoveKind.OFFER, P, offer=with_value(offer, "days", 4)))
    match.player_move(Move(MoveKind.GRANT_FAVOUR, P, issue="days", target=HELEN))
    trust = match.npc_state(HELEN)["trust"]
    # 4 -> 5 days is worth nothing to Helen (she likes 3 best, 5 a little less than 4)
    report = match.player_move(Move(MoveKind.OFFER, P, offer=with_value(offer, "days", 5)))
    assert not any("as a favour" in r for r in reasons(report))
    assert match.npc_state(HELEN)["trust"] <= trust
    assert not [e for e in match.favours()[HELEN] if e["owed_by"] == "npc"]


def test_a_favour_granted_unasked_puts_the_npc_in_debt_and_it_repays_when_asked():
    match = autumn()
    offer = with_value(best(match), "trial", "2 weeks")
    match.player_move(Move(MoveKind.OFFER, P, offer=offer))
    match.player_move(Move(MoveKind.GRANT_FAVOUR, P, issue="trial", target=HELEN))
    report = match.player_move(Move(MoveKind.OFFER, P, offer=with_value(offer, "trial", "1 month")))
    assert "you gave ground on the trial length as a favour" in reasons(report)
    assert match.favours()[HELEN][0]["owed_by"] == "npc"
    report = match.player_move(Move(MoveKind.ASK_FAVOUR, P, issue="days", target=HELEN))
    assert match.favours()[HELEN][0]["status"] == "repaid"
    assert not [e for e in match.favours()[HELEN] if e["owed_by"] == "player"]


def test_a_favour_owed_is_remembered_and_resented_at_the_end_of_the_next_meeting():
    first = autumn()
    first.player_move(Move(MoveKind.OFFER, P, offer=best(first)))
    first.player_move(Move(MoveKind.ASK_FAVOUR, P, issue="days", target=HELEN))
    while not first.finished:
        first.player_move(Move(MoveKind.WALK_AWAY, P))
    memory = first.memories()[HELEN]
    assert check_memory(memory)["favours"][0]["status"] == "open"  # due next time: kept
    winter = start_match(level("season-winter"), seed=3, memories={HELEN: memory}, runtime=RUNTIME)
    ledger = winter.controllers[HELEN].ledger
    assert ledger.meeting == 2 and ledger.open("player")
    report = winter.player_move(Move(MoveKind.WALK_AWAY, P))
    assert any("never returned the favour" in r and "season-autumn" in r for r in reasons(report))
    final = winter.timeline()[-1]
    assert any("never returned the favour" in c[3] for c in final["changes"])
    after = winter.memories()[HELEN]
    assert after["favours"][0]["status"] == "resented"
    # in spring she starts harder and grants no more favours
    spring = start_match(level("season-spring"), seed=3, memories={HELEN: after}, runtime=RUNTIME)
    assert spring.controllers[HELEN].brain.give < 0
    assert any("days a week" in s.text for s in spring.opening.lines)


def test_a_favour_due_in_a_single_meeting_is_resented_at_its_end():
    match = start_match(level("book-deal"), seed=1, runtime=RUNTIME)
    npc = next(iter(match.controllers))
    issue = match.negotiation.player.preferences.ranking()[0]
    match.player_move(Move(MoveKind.OFFER, P, offer=best(match)))
    match.player_move(Move(MoveKind.ASK_FAVOUR, P, issue=issue, target=npc))
    owed = [e for e in match.favours()[npc] if e["owed_by"] == "player"]
    report = match.player_move(Move(MoveKind.WALK_AWAY, P))
    if owed:
        assert any("never returned the favour" in r for r in reasons(report))


def test_the_ledger_survives_a_round_trip_through_memory():
    ledger = Ledger("season-autumn", 1)
    ledger.add("player", "days", 0.05, 2)
    again = Ledger.from_memory({"meetings": 1, "favours": ledger.to_memory()}, "season-winter")
    assert again.meeting == 2
    assert (
        again.open("player")[0].issue == "days" and again.open("player")[0].level == "season-autumn"
    )


@pytest.mark.parametrize(
    ("kind", "issue", "meta", "why"),
    [
        (MoveKind.ASK_FAVOUR, "nope", {}, "there is no issue"),
        (MoveKind.STATE_PREFERENCE, "price", {"over": "price"}, "two different issues"),
        (MoveKind.ASK_PREFERENCE, "price", {}, "two different issues"),
    ],
)
def test_bad_details_are_refused_with_a_reason(kind, issue, meta, why):
    match = autumn()
    report = match.player_move(Move(kind, P, issue=issue, meta=meta))
    assert not report.ok and why in report.reason


# ----------------------------------------------------------------------------- preference talk


def test_an_npc_answers_a_pair_truthfully():
    match = autumn()
    report = match.player_move(
        Move(MoveKind.ASK_PREFERENCE, P, issue="days", meta={"over": "price"}, target=HELEN)
    )
    said = [m for m in report.npc_moves if m.kind is MoveKind.STATE_PREFERENCE]
    assert said and said[0].issue == "price" and said[0].meta["over"] == "days"  # 0.5 > 0.2


def test_a_pair_stated_by_the_player_shapes_the_npcs_model():
    match = autumn()
    model = match.controllers[HELEN].brain.models[P]
    before = dict(zip(model.issue_ids, model.weights(), strict=True))
    assert before["trial"] >= before["days"] - 1e-9  # no evidence yet: alike
    match.player_move(
        Move(MoveKind.STATE_PREFERENCE, P, issue="days", meta={"over": "trial"}, target=HELEN)
    )
    after = dict(zip(model.issue_ids, model.weights(), strict=True))
    assert after["days"] >= after["trial"]


def test_the_same_pair_said_or_asked_again_is_nothing_new_and_the_npc_says_so():
    match = autumn()
    helen = match.controllers[HELEN]
    heard: list[str] = []
    fire = helen.brain.fire
    helen.brain.fire = lambda trigger: heard.append(trigger) or fire(trigger)
    state = Move(MoveKind.STATE_PREFERENCE, P, issue="days", meta={"over": "trial"}, target=HELEN)
    first = [line.text for line in match.player_move(state).lines]
    assert heard.count("heard") == 1
    version = helen.brain.models[P].version
    again = [line.text for line in match.player_move(state).lines]
    assert heard.count("heard") == 1  # nothing new was heard
    assert helen.brain.models[P].version == version  # nor taken in
    assert any("already" in t or "first time" in t or "told me" in t for t in again), again
    assert not set(first) & set(again)
    assert match.player_move(Move(MoveKind.OFFER, P, offer=best(match))).ok  # the next round
    ask = Move(MoveKind.ASK_PREFERENCE, P, issue="days", meta={"over": "price"}, target=HELEN)
    assert match.player_move(ask).ok
    heard.clear()
    report = match.player_move(ask)
    assert report.ok, report.reason
    said = [m for m in report.npc_moves if m.kind is MoveKind.STATE_PREFERENCE]
    assert said and said[0].issue == "price"  # the same true answer
    texts = [line.text for line in report.lines]
    assert any("As I said" in t or "before" in t or "hasn't changed" in t for t in texts), texts
    assert "heard" not in heard


def _said(report) -> list[str]:
    return [line.text for line in report.lines if line.speaker == HELEN]


def test_asked_or_told_the_same_again_the_npc_says_it_has_answered_or_heard_already():
    lines = json.loads((LINES / "common.json").read_text(encoding="utf-8"))
    again = {  # each line's words up to its first placeholder
        key: {line["text"].split("{")[0] for line in lines[key]}
        for key in ("answer_again", "answer_issue_again", "thanks_shared_again")
    }
    match = autumn()
    model = match.controllers[HELEN].brain.models[P]
    ask = Move(MoveKind.ASK_PRIORITIES, P, target=HELEN)
    first = _said(match.player_move(ask))
    second = _said(match.player_move(ask))
    assert not any(t.startswith(tuple(again["answer_again"])) for t in first)
    assert any(t.startswith(tuple(again["answer_again"])) for t in second), second
    assert match.player_move(Move(MoveKind.OFFER, P, offer=best(match))).ok
    issue = Move(MoveKind.ASK_ISSUE, P, issue="days", target=HELEN)
    match.player_move(issue)
    said = _said(match.player_move(issue))
    assert any(t.startswith(tuple(again["answer_issue_again"])) for t in said), said
    assert match.player_move(Move(MoveKind.OFFER, P, offer=best(match))).ok
    told = {"price": 0.5, "days": 0.3, "trial": 0.2}
    share = Move(MoveKind.STATE_PRIORITIES, P, priorities=told, target=HELEN)
    # trusted enough that the first statement is taken in as far as it can be (trusted
    # more since, the same words would be worth taking in again)
    match.controllers[HELEN].brain.relationship.trust = 60.0
    match.player_move(share)
    version = model.version
    said = _said(match.player_move(share))
    assert any(t.startswith(tuple(again["thanks_shared_again"])) for t in said), said
    assert model.version == version  # nothing new taken in


def test_a_pair_that_contradicts_stated_priorities_costs_trust():
    match = autumn()
    match.player_move(
        Move(
            MoveKind.STATE_PRIORITIES,
            P,
            priorities={"price": 0.5, "days": 0.3, "trial": 0.2},
            target=HELEN,
        )
    )
    report = match.player_move(
        Move(MoveKind.STATE_PREFERENCE, P, issue="trial", meta={"over": "price"}, target=HELEN)
    )
    assert any("before that the opposite" in r for r in reasons(report))


def test_npcs_volunteer_a_pair_and_ask_about_an_issue_when_unsure():
    said = []
    for level_id in ("season-autumn", "bike-sale"):
        for seed in range(4):
            match = start_match(level(level_id), seed=seed, runtime=RUNTIME)
            play(match, make_bot("linear", match, seed))
            said += [e.move for e in match.state.log if e.move.actor != P]
    pairs = [m for m in said if m.kind is MoveKind.STATE_PREFERENCE]
    questions = [m for m in said if m.kind is MoveKind.ASK_ISSUE and m.meta.get("question")]
    assert pairs and questions
    for move in pairs:  # true: the first named matters more to the speaker
        prefs = next(
            p.preferences for p in level_for(move.actor).negotiation.parties if p.id == move.actor
        )
        assert prefs.weight(move.issue) > prefs.weight(move.meta["over"])


def level_for(npc_id: str):
    return level("season-autumn") if npc_id == HELEN else level("bike-sale")


def test_a_question_the_npc_asked_is_answered_by_sharing():
    match = autumn()
    controller = match.controllers[HELEN]
    controller.pending_question = "price"
    report = match.player_move(
        Move(MoveKind.STATE_PREFERENCE, P, issue="price", meta={"over": "trial"}, target=HELEN)
    )
    assert "you answered my question about the price per lunch" in reasons(report)
    assert controller.pending_question is None


def test_a_damaged_ledger_in_memory_is_read_as_far_as_it_goes():
    for memory in (None, {}, {"favours": 5}, {"favours": "x", "meetings": "two"}):
        ledger = Ledger.from_memory(memory, "season-winter")
        assert ledger.entries == [] and ledger.meeting >= 1
    good = {"id": "a", "owed_by": "player", "issue": "days", "name": "the days"}
    ledger = Ledger.from_memory({"meetings": 1, "favours": [good, {"id": "b"}, 7]}, "l")
    assert [f.id for f in ledger.entries] == ["a"] and ledger.meeting == 2


def test_the_ground_a_favour_gives_is_said_as_the_characters_say_an_option():
    chores = level("chore-chart")
    said = []
    for seed in range(6):
        match = start_match(chores, seed=seed, runtime=RUNTIME)
        sam = next(iter(match.controllers))
        move = Move(MoveKind.ASK_FAVOUR, P, issue="cleaning", target=sam)
        said += [line.text for line in match.player_move(move).lines]
    granted = [t for t in said if "owe me" in t or "pay me back" in t]
    assert granted, said
    assert all("take turns on the bathroom and floors" in t for t in granted), granted
    assert not any(" at take turns" in t or " at we " in t for t in said), said
