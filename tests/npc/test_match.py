"""The Match: legality with reasons, reactions, partial offers, mediator, groups, records."""

from __future__ import annotations

import pytest

from game.engine import Move, MoveKind, Offer, Protocol, Status
from game.levels.setup import start_match
from game.npc.bots import make_bot, play
from game.npc.match import TurnReport
from game.npc.runtime import NpcRuntime
from game.npc.spec import Grievance

RUNTIME = NpcRuntime()
RECORD_KEYS = {
    "level_id",
    "level_version",
    "seed",
    "moves",
    "agreement",
    "outcome",
    "utilities",
    "analytics",
    "trust_change",
    "rapport_change",
    "grievances_resolved",
    "rounds",
    "duration_s",
    "finished_at",
    "game_version",
    "parties",
}


def assert_refused(report: TurnReport, fragment: str) -> None:
    assert not report.ok
    assert fragment in report.reason
    assert report.legal and all(isinstance(kind, MoveKind) for kind in report.legal)


def test_illegal_moves_return_the_reason_and_the_legal_moves(kit):
    negotiation = kit.make_negotiation(first_mover="npc")
    match = kit.make_match(negotiation, kit.spec("linear"), runtime=RUNTIME)
    assert_refused(match.player_move(Move(MoveKind.SUPPORT, "player")), "more than two parties")
    assert_refused(
        match.player_move(Move(MoveKind.ACKNOWLEDGE_GRIEVANCE, "player", grievance="x")),
        "no one here holds",
    )
    assert_refused(match.player_move(Move(MoveKind.APOLOGISE, "player")), "nothing to apologise")
    assert_refused(
        match.player_move(Move(MoveKind.CITE_EVIDENCE, "player", evidence="x")), "no evidence"
    )
    assert_refused(
        match.player_move(Move(MoveKind.LET_GO, "player", grievance="x")), "no grievance card"
    )
    assert_refused(match.player_move(Move(MoveKind.ASK_MEDIATOR, "player")), "no mediator")
    assert_refused(match.player_move(Move(MoveKind.PROPOSE_FOR_ME, "player")), "reverse")
    assert_refused(
        match.player_move(Move(MoveKind.EXPRESS_EMOTION, "player", emotion="gleeful")), "emotion"
    )
    assert_refused(
        match.player_move(Move(MoveKind.OFFER, "player", offer=Offer({"i0": "nope"}))),
        "not an option",
    )
    assert_refused(match.player_move(Move(MoveKind.OFFER, "npc", offer=Offer({}))), "made by")
    assert_refused(match.player_move("accept"), "not a move")  # type: ignore[arg-type]
    for _ in range(3):
        assert match.player_move(Move(MoveKind.ASK_PRIORITIES, "player")).ok
    assert_refused(match.player_move(Move(MoveKind.ASK_PRIORITIES, "player")), "talked 3 times")
    legal = match.legal_player_moves()
    assert set(legal) == set(MoveKind)
    assert legal[MoveKind.OFFER] is None
    assert "talked" in legal[MoveKind.ASK_ISSUE]
    match.close()


def test_level_legality_follows_the_level(book_level):
    match = start_match(book_level, seed=1, runtime=RUNTIME)
    legal = match.legal_player_moves()
    assert legal[MoveKind.ACKNOWLEDGE_GRIEVANCE] is None  # Harbour holds a grievance
    assert legal[MoveKind.LET_GO] is None and legal[MoveKind.RAISE_GRIEVANCE] is None
    assert legal[MoveKind.CITE_EVIDENCE] is None  # the player holds the book-club card
    assert "round 4" in legal[MoveKind.ASK_MEDIATOR]
    assert_refused(
        match.player_move(Move(MoveKind.CITE_EVIDENCE, "player", evidence="genre-sales")),
        "do not hold",
    )
    assert_refused(
        match.player_move(Move(MoveKind.LET_GO, "player", grievance="press-leak")),
        "not one of your grievance cards",
    )
    assert match.player_move(Move(MoveKind.LET_GO, "player", grievance="late-payment")).ok
    assert match.legal_player_moves()[MoveKind.LET_GO] == "you hold no grievance card"
    match.close()


def test_an_npc_that_moves_first_opens_with_a_line_and_an_offer(tablet_level):
    match = start_match(tablet_level, seed=2, runtime=RUNTIME)
    opening = match.opening
    assert opening.ok
    assert opening.lines[0].speaker == "nova"
    assert opening.lines[0].text.startswith("Hi, I'm Nova!")  # the level's own line
    assert any(m.kind is MoveKind.OFFER for m in opening.npc_moves)
    assert match.state.to_move == "player"
    assert MoveKind.ACCEPT in match.legal_kinds()
    match.close()


def test_a_partial_offer_is_answered_with_a_completion(tablet_level):
    match = start_match(tablet_level, seed=2, runtime=RUNTIME)
    report = match.player_move(Move(MoveKind.OFFER, "player", offer=Offer({"price": 480})))
    assert report.ok
    assert report.move.kind is MoveKind.ASK_PRIORITIES and report.move.meta["partial"]
    answers = [m for m in report.npc_moves if m.meta.get("partial")]
    assert answers and answers[0].offer.is_complete(match.negotiation.space)
    assert answers[0].offer.terms["price"] == 480
    assert match.state.to_move == "player"  # a question does not pass the turn
    # the completion can be tabled as a full offer
    assert match.player_move(Move(MoveKind.OFFER, "player", offer=answers[0].offer)).ok
    match.close()


def test_reports_carry_lines_and_changes_as_tuples(tablet_level):
    match = start_match(tablet_level, seed=2, runtime=RUNTIME)
    report = match.player_move(Move(MoveKind.THREATEN, "player", claim=0.9))
    speaker, text, emotion = report.lines[0]
    assert speaker == "nova" and text and emotion in ("angry", "frustrated", "neutral")
    npc, trust, rapport, reason = report.changes[0]
    assert npc == "nova" and trust < 0 and rapport < 0 and "threat" in reason
    match.close()


def test_a_finished_match_produces_a_history_record(tablet_level):
    match = start_match(tablet_level, seed=4, runtime=RUNTIME)
    play(match, make_bot("integrator", match, 4))
    record = match.record("tablet-deal", 1, 4, "0.1.0")
    assert RECORD_KEYS <= set(record)
    assert record["agreement"] is True and record["outcome"]["terms"]
    assert set(record["utilities"]) == {"player", "nova"}
    assert set(record["analytics"]) >= {
        "joint_utility",
        "pareto_distance",
        "on_frontier",
        "value_created",
        "nash",
    }
    assert record["analytics"]["nash"]["utilities"]["player"] > 0
    assert record["finished_at"].endswith("Z")
    assert record["parties"][0] == {"id": "player", "name": "You"}
    assert all("round" in move and "kind" in move for move in record["moves"])
    trail = match.offers_trail()
    assert trail and set(trail[0]["utilities"]) == {"player", "nova"}
    timeline = match.timeline()
    assert all(set(e) >= {"round", "trust", "rapport", "changes"} for e in timeline)
    assert record["trust_change"]["nova"] == pytest.approx(
        timeline[-1]["trust"]["nova"] - tablet_level.npc("nova").trust, abs=1e-3
    )


def test_the_mediator_tables_single_texts_toward_the_nash_point(book_level):
    match = start_match(book_level, seed=1, runtime=RUNTIME)
    codec_best = match.codec.offer(match.tables.party("player").best_index())
    for _ in range(3):
        match.player_move(Move(MoveKind.OFFER, "player", offer=codec_best))
    assert match.state.round == 3
    report = match.player_move(Move(MoveKind.ASK_MEDIATOR, "player"))
    assert report.ok
    texts = [
        m for m in report.npc_moves if m.actor == "guild-mediator" and m.kind is MoveKind.OFFER
    ]
    assert texts and texts[0].meta["single_text"] == 1
    assert any(line.speaker == "guild-mediator" for line in report.lines)
    report = match.player_move(Move(MoveKind.ASK_MEDIATOR, "player"))
    second = [m for m in report.npc_moves if m.kind is MoveKind.OFFER][0]
    assert second.meta["final"] and second.offer.clause is not None  # the bet on sales
    # Harbour is still hurt: she will not sign the mediator's text yet
    assert match.controllers["harbour"].brain.state == "hurt"
    report = match.player_move(Move(MoveKind.ACCEPT, "player"))
    assert match.state.status is Status.OPEN
    assert any("happened" in line.text or "past" in line.text for line in report.lines)
    match.close()


def test_acknowledging_then_mediating_closes_the_book_deal(book_level):
    match = start_match(book_level, seed=1, runtime=RUNTIME)
    match.player_move(Move(MoveKind.ACKNOWLEDGE_GRIEVANCE, "player", grievance="press-leak"))
    match.player_move(Move(MoveKind.PROPOSE_SHARED_ACCOUNT, "player", grievance="press-leak"))
    best = match.codec.offer(match.tables.party("player").best_index())
    while match.state.round < 3:
        match.player_move(Move(MoveKind.OFFER, "player", offer=best))
    match.player_move(Move(MoveKind.ASK_MEDIATOR, "player"))
    match.player_move(Move(MoveKind.ASK_MEDIATOR, "player"))
    report = match.player_move(Move(MoveKind.ACCEPT, "player"))
    assert report.status is Status.AGREED
    record = match.record()
    assert record["outcome"]["clause"]["event"] == "bestseller"
    assert record["grievances_resolved"] == 1
    assert record["utilities"]["player"] > 0.58 and record["utilities"]["harbour"] > 0.62


def test_three_parties_support_and_oppose_until_unanimity(kit):
    negotiation = kit.make_negotiation(
        sizes=(5, 5, 4),
        npc_ids=("ann", "bo"),
        reservations=(0.3, 0.3, 0.3),
        protocol=Protocol.UNANIMITY,
        deadline=20,
    )
    match = kit.make_match(
        negotiation, {"ann": kit.spec("linear"), "bo": kit.spec("conceder")}, runtime=RUNTIME
    )
    assert match.legal_player_moves()[MoveKind.SUPPORT] == "there is no offer on the table yet"
    assert match.legal_player_moves()[MoveKind.ACCEPT] == "there is no offer on the table yet"
    play(match, make_bot("linear", match, 0))
    record = match.record()
    kinds = {m["kind"] for m in record["moves"]}
    assert record["agreement"]
    assert "support" in kinds
    for npc in ("ann", "bo"):
        assert record["utilities"][npc] >= 0.3 - 1e-9


def test_start_match_applies_overrides_and_deadline(tablet_level):
    match = start_match(tablet_level, seed=0, npc_override="hardliner", rounds=4, runtime=RUNTIME)
    assert match.deadline == 4
    assert match.controllers["nova"].brain.strategy.kind == "hardliner"
    assert match.controllers["nova"].seat.spec.personality.warmth == 0.9  # the rest is kept
    match.close()
    with pytest.raises(ValueError):
        start_match(tablet_level, seed=0, npc_override="pirate")


def test_player_grievance_cards_come_from_the_level(kit):
    match = kit.make_match(
        kit.make_negotiation(),
        kit.spec("linear"),
        runtime=RUNTIME,
        player_grievances=(Grievance(id="mine", text="You were late."),),
    )
    assert match.legal_player_moves()[MoveKind.RAISE_GRIEVANCE] is None
    match.close()


def test_reverse_levels_allow_asking_for_a_proposal_and_restating_interests(kit):
    negotiation = kit.make_negotiation()
    npc_id = next(p.id for p in negotiation.parties if not p.is_player)
    theirs = negotiation.party(npc_id).preferences
    match = kit.make_match(
        negotiation, kit.spec("integrative", trust=70), runtime=RUNTIME, reverse=True
    )
    assert match.legal_player_moves()[MoveKind.PROPOSE_FOR_ME] is None
    # Restating the OTHER side's interests exactly: it feels heard, and trust rises.
    interests = {issue: theirs.weight(issue) for issue in negotiation.space.issue_ids}
    trust_before = match.npc_state(npc_id)["trust"]
    report = match.player_move(Move(MoveKind.RESTATE_INTERESTS, "player", priorities=interests))
    assert report.ok
    assert any("got it right" in change.reason for change in report.changes)
    assert match.npc_state(npc_id)["trust"] > trust_before
    assert match.restate_accuracy() == pytest.approx(1.0)
    report = match.player_move(Move(MoveKind.PROPOSE_FOR_ME, "player"))
    suggestion = [m for m in report.npc_moves if m.meta.get("for_you")][0].offer
    assert suggestion.is_complete(negotiation.space)
    assert match.player_move(Move(MoveKind.OFFER, "player", offer=suggestion)).ok
    match.close()


def test_a_wrong_restatement_is_rated_low_and_earns_no_trust(kit):
    negotiation = kit.make_negotiation()
    npc_id = next(p.id for p in negotiation.parties if not p.is_player)
    theirs = negotiation.party(npc_id).preferences
    match = kit.make_match(
        negotiation, kit.spec("integrative", trust=70), runtime=RUNTIME, reverse=True
    )
    ranking = theirs.ranking()
    backwards = {issue: float(rank + 1) for rank, issue in enumerate(ranking)}
    trust_before = match.npc_state(npc_id)["trust"]
    report = match.player_move(Move(MoveKind.RESTATE_INTERESTS, "player", priorities=backwards))
    assert report.ok
    assert match.restate_accuracy() < 0.75
    assert match.npc_state(npc_id)["trust"] <= trust_before
    assert not any("got it right" in change.reason for change in report.changes)
    match.close()
