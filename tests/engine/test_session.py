"""Session rules: turns, rounds, deadline, agreement, refusals, talk, walking away, voting."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import (
    ContingentClause,
    LinearValue,
    Move,
    MoveKind,
    Negotiation,
    Offer,
    OptionScores,
    Party,
    Preferences,
    Protocol,
    Rules,
    Session,
    Status,
)

CHEAP_FAST = Offer({"price": 100, "delivery": "fast"})
MIDDLE = Offer({"price": 110, "delivery": "fast"})
DEAR_SLOW = Offer({"price": 120, "delivery": "slow"})


def offer(actor, package=MIDDLE):
    return Move(MoveKind.OFFER, actor, offer=package)


def move(kind, actor, **fields):
    return Move(MoveKind(kind), actor, **fields)


def played(session, *moves):
    for m in moves:
        result = session.step(m)
        assert result.ok, f"{m.kind} by {m.actor} refused: {result.reason}"
    return session.state


def assert_refused(session, m, reason_part):
    before = session.state
    result = session.step(m)
    assert not result.ok
    assert reason_part in result.reason
    assert isinstance(result.legal, tuple) and all(isinstance(k, MoveKind) for k in result.legal)
    assert result.legal == session.legal_moves(m.actor)
    assert session.state is before and result.state is before  # nothing changed
    return result


def three_party(protocol, quorum=None, chair="mediator", deadline=3, domains=None):
    base = domains.supply()
    space = base.space
    buyer, seller = base.parties
    council = Party(
        "council",
        "Council",
        Preferences(
            space,
            {"price": 1, "delivery": 1},
            {"price": LinearValue("up"), "delivery": OptionScores({"fast": 1, "slow": 1})},
        ),
    )
    rules = Rules(deadline_rounds=deadline, protocol=protocol, quorum=quorum, chair=chair)
    return Negotiation(space, (buyer, seller, council), rules=rules)


# --------------------------------------------------------------------------- alternating
def test_turns_alternate_and_rounds_count_full_cycles(supply):
    session = Session(supply)
    state = session.state
    assert (state.round, state.to_move, state.status) == (0, "buyer", Status.OPEN)
    assert_refused(session, offer("seller"), "not your turn")
    state = played(session, offer("buyer", CHEAP_FAST))
    assert (state.round, state.to_move) == (0, "seller")
    state = played(session, offer("seller", DEAR_SLOW))
    assert (state.round, state.to_move) == (1, "buyer")
    assert session.time == pytest.approx(1 / 4) and session.rounds_left == 3
    assert state.table.offer == DEAR_SLOW and state.table.proposer == "seller"
    assert state.offers_by("buyer") == [CHEAP_FAST]
    assert [e.round for e in state.log] == [0, 0]


def test_first_mover_rule(domains):
    session = Session(domains.supply(Rules(first_mover="seller")))
    assert session.state.to_move == "seller"
    played(session, offer("seller"), offer("buyer"))
    assert session.state.round == 1


def test_deadline_ends_the_session(domains):
    session = Session(domains.supply(Rules(deadline_rounds=2)))
    played(session, offer("buyer"), offer("seller"), offer("buyer"))
    assert session.state.status is Status.OPEN
    state = played(session, move("reject", "seller"))
    assert state.status is Status.DEADLINE and state.finished and state.round == 2
    assert state.agreement is None
    assert_refused(session, move("accept", "buyer"), "over")
    assert session.legal_moves("buyer") == ()
    assert session.outcome_utilities() == (0.1, 0.1)
    assert session.agreement_utilities() is None


def test_accept_makes_the_deal_with_the_right_utilities(supply, domains):
    session = Session(supply)
    state = played(session, offer("buyer", DEAR_SLOW), offer("seller", MIDDLE))
    state = played(session, move("accept", "buyer"))
    assert state.status is Status.AGREED and state.agreement == MIDDLE
    assert state.agreement_round == 1
    # Outcome 2 of the hand-computed table (110, fast): (0.7, 0.5).
    assert session.agreement_utilities() == pytest.approx(domains.supply_utilities[2])
    assert session.outcome_utilities() == pytest.approx((0.7, 0.5))
    assert_refused(session, offer("seller"), "over")


def test_agreement_utilities_are_discounted_by_time(domains):
    base = domains.supply(Rules(deadline_rounds=4))
    buyer, seller = base.parties
    discounted = Party(
        "buyer",
        "Buyer",
        Preferences(
            base.space,
            buyer.preferences.weights,
            buyer.preferences.values,
            reservation=0.1,
            discount=0.5,
        ),
        is_player=True,
    )
    negotiation = Negotiation(base.space, (discounted, seller), rules=base.rules)
    session = Session(negotiation)
    played(session, offer("buyer", DEAR_SLOW), offer("seller", MIDDLE), move("accept", "buyer"))
    # Agreed in round 1 of 4: the buyer's 0.7 is worth 0.7 * 0.5 ** 0.25.
    assert session.agreement_utilities() == pytest.approx((0.7 * 0.5**0.25, 0.5))


def test_illegal_moves_are_refused_with_a_reason_never_raised(supply):
    session = Session(supply)
    assert_refused(session, move("accept", "buyer"), "no offer on the table")
    assert_refused(session, move("reject", "buyer"), "no offer on the table")
    assert_refused(session, move("support", "buyer"), "more than two parties")
    assert_refused(session, move("ask_mediator", "buyer"), "no mediator")
    assert_refused(session, move("offer", "buyer"), "needs a package")
    assert_refused(session, offer("buyer", Offer({"price": 110})), "leaves open: delivery")
    assert_refused(session, offer("buyer", Offer({"price": 999, "delivery": "fast"})), "outside")
    assert_refused(
        session, offer("buyer", Offer({"price": 110, "delivery": "by drone"})), "by drone"
    )
    assert_refused(
        session, offer("buyer", Offer({"price": 110, "delivery": "fast", "x": 1})), "unknown issue"
    )
    clause = ContingentClause("rain", {"price": 100}, {"price": 120})
    assert_refused(session, offer("buyer", Offer({"delivery": "fast"}, clause)), "unknown event")
    assert_refused(session, move("ask_issue", "buyer", issue="colour"), "no issue 'colour'")
    assert_refused(session, offer("stranger"), "not at this table")
    result = session.step("not a move")  # type: ignore[arg-type]
    assert not result.ok and "not a move" in result.reason and result.legal == ()
    played(session, offer("buyer"))
    assert_refused(session, move("accept", "buyer"), "not your turn")
    assert session.legal_moves("buyer") == tuple(
        k for k in MoveKind if not k.is_turn_move and k is not MoveKind.ASK_MEDIATOR
    )
    assert MoveKind.ACCEPT in session.legal_moves("seller")
    assert session.why_illegal("seller", MoveKind.SUPPORT) is not None
    assert session.why_illegal("seller", MoveKind.ACCEPT) is None


def test_offers_are_stored_normalised(supply):
    session = Session(supply)
    state = played(session, offer("buyer", Offer({"price": "108", "delivery": "fast"})))
    assert state.table.offer.terms == {"price": 110, "delivery": "fast"}


def test_a_snapped_offer_is_stored_as_snapped_and_a_snapped_one_as_it_is(supply):
    session = Session(supply)
    given = Offer({"price": 108.0, "delivery": "fast"})
    state = played(session, offer("buyer", given))
    snapped = state.table.offer
    assert snapped is not given and snapped.terms == {"price": 110, "delivery": "fast"}
    # an offer already in the space's values is kept as it is, every time it is tabled
    assert snapped.normalised(supply.space) is snapped
    assert snapped.normalised(supply.space) is snapped
    # 1 and 1.0 are equal keys: values are remembered by type too
    assert supply.space.normalise({"price": 110}) == {"price": 110}
    assert supply.space.normalise({"price": "110"}) == {"price": 110}


def test_a_quick_offer_move_is_the_move_the_constructor_makes():
    package = Offer({"price": 100, "delivery": "fast"})
    meta = {"meso": [1]}
    quick = Move.offering("buyer", package, meta)
    made = Move(MoveKind.OFFER, "buyer", offer=package, meta=meta)
    assert quick == made and quick.to_dict() == made.to_dict()
    assert vars(quick) == vars(made)
    meta["meso"] = [2]  # the move keeps its own copy
    assert quick.meta == {"meso": [1]}
    assert Move.offering("buyer", package) == Move(MoveKind.OFFER, "buyer", offer=package)


def test_cannot_answer_your_own_offer_after_a_rejection(supply):
    session = Session(supply)
    played(session, offer("buyer"), move("reject", "seller"))
    assert session.state.table.opponents == frozenset({"seller"})
    assert_refused(session, move("accept", "buyer"), "your own offer")


def test_talk_moves_do_not_pass_the_turn_and_are_limited_per_round(domains):
    session = Session(domains.supply(Rules(talk_limit=2)))
    ask = move("ask_priorities", "seller")
    played(session, ask, move("cite_evidence", "seller", evidence="market report"))
    assert session.state.to_move == "buyer" and session.state.talk_count("seller") == 2
    assert_refused(session, ask, "talked 2 times")
    assert MoveKind.ASK_PRIORITIES not in session.legal_moves("seller")
    played(session, move("state_priorities", "buyer", priorities={"price": 0.7}))
    played(session, offer("buyer"), offer("seller"))  # the round wraps: the counts reset
    assert session.state.round == 1 and session.state.talk_count("seller") == 0
    played(session, ask)


def test_a_claim_is_logged_but_not_counted_against_the_talk_limit(domains):
    session = Session(domains.supply(Rules(talk_limit=2)))
    ask = move("ask_priorities", "seller")
    played(session, ask, ask)
    state = played(session, move("claim", "seller", meta={"claim": "other-buyer"}))
    assert state.log[-1].move.kind is MoveKind.CLAIM and state.talk_count("seller") == 2
    assert_refused(session, ask, "talked 2 times")


def test_walking_away_ends_a_two_party_session(supply):
    session = Session(supply)
    played(session, offer("buyer"))
    state = played(session, move("walk_away", "seller"))
    assert state.status is Status.WALKED_AWAY and state.walked_by == "seller"
    assert session.outcome_utilities() == (0.1, 0.1)


# --------------------------------------------------------------------------- many parties
def test_unanimity_with_a_chair_who_tables_texts_at_any_time(domains):
    session = Session(three_party(Protocol.UNANIMITY, domains=domains))
    # The mediator tables a text out of turn: the turn stays with the buyer.
    state = played(session, offer("mediator", MIDDLE))
    assert state.to_move == "buyer" and state.table.proposer == "mediator"
    assert state.table.supporters == frozenset()
    assert_refused(session, move("support", "mediator"), "does not vote")
    played(session, move("support", "buyer"), move("oppose", "seller"))
    assert session.state.table.opponents == frozenset({"seller"})
    # A revised text, again at any time, clears the earlier votes.
    state = played(session, offer("mediator", Offer({"price": 120, "delivery": "fast"})))
    assert state.table.supporters == frozenset() and state.to_move == "council"
    played(session, move("support", "council"), move("support", "buyer"))
    assert session.state.status is Status.OPEN  # the seller has not agreed yet
    state = played(session, move("support", "seller"))
    assert state.status is Status.AGREED
    assert state.agreement == Offer({"price": 120, "delivery": "fast"})


def test_chair_talks_without_a_limit_and_parties_may_ask_it(domains):
    session = Session(three_party(Protocol.UNANIMITY, domains=domains))
    for _ in range(5):
        played(session, move("express_emotion", "mediator", emotion="warm"))
    played(session, move("ask_mediator", "seller"))


def test_unanimity_ends_when_anyone_walks_away(domains):
    session = Session(three_party(Protocol.UNANIMITY, domains=domains))
    state = played(session, move("walk_away", "buyer"))
    assert state.status is Status.WALKED_AWAY


def test_majority_k_of_n(domains):
    session = Session(three_party(Protocol.MAJORITY, quorum=2, domains=domains))
    state = played(session, offer("buyer", MIDDLE))
    assert state.table.supporters == frozenset({"buyer"})
    assert_refused(session, move("support", "buyer"), "not your turn")
    state = played(session, move("support", "seller"))
    assert state.status is Status.AGREED and state.agreement == MIDDLE
    assert session.agreement_utilities() == pytest.approx((0.7, 0.5, 0.75))


def test_majority_needs_the_quorum_and_survives_one_walk_out(domains):
    session = Session(three_party(Protocol.MAJORITY, quorum=3, domains=domains))
    played(session, offer("buyer"), move("support", "seller"))
    assert session.state.status is Status.OPEN  # 2 of 3 is not enough for quorum 3
    session = Session(three_party(Protocol.MAJORITY, domains=domains))  # default: 2 of 3
    state = played(session, move("walk_away", "buyer"))
    assert state.status is Status.OPEN and state.active == ("seller", "council")
    assert state.to_move == "seller"
    assert_refused(session, offer("buyer"), "left the table")
    played(session, offer("seller", DEAR_SLOW))
    state = played(session, move("support", "council"))
    assert state.status is Status.AGREED
    session = Session(three_party(Protocol.MAJORITY, domains=domains))
    played(session, move("walk_away", "buyer"))
    assert played(session, move("walk_away", "seller")).status is Status.WALKED_AWAY


def test_a_chair_who_is_a_party_passes_the_turn_when_offering_in_turn(domains):
    # Regression: the chair's in-turn offer counted as an out-of-turn text, so the turn
    # stayed with it and it could only offer again or walk away.
    negotiation = three_party(Protocol.MAJORITY, chair="buyer", domains=domains)
    session = Session(negotiation)
    state = played(session, offer("buyer"))
    assert state.to_move == "seller"
    played(session, offer("seller", DEAR_SLOW))
    state = played(session, offer("buyer", CHEAP_FAST))  # out of turn: a chair's text
    assert state.to_move == "council" and state.table.proposer == "buyer"
    assert played(session, move("support", "council")).status is Status.AGREED


# --------------------------------------------------------------------------- replay
ACTORS = ("buyer", "seller", "council", "mediator", "nobody")
PACKAGES = (
    MIDDLE,
    CHEAP_FAST,
    DEAR_SLOW,
    Offer({"price": 110}),
    Offer({"price": 130, "delivery": "fast"}),
)


@st.composite
def moves(draw):
    kind = draw(st.sampled_from(list(MoveKind)))
    actor = draw(st.sampled_from(ACTORS))
    fields = {}
    if kind is MoveKind.OFFER and draw(st.integers(0, 9)):
        fields["offer"] = draw(st.sampled_from(PACKAGES))
    if kind is MoveKind.ASK_ISSUE:
        fields["issue"] = draw(st.sampled_from(["price", "delivery", "colour"]))
    return Move(kind, actor, **fields)


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["alternating", "unanimity", "majority"]),
    st.lists(moves(), max_size=40),
    st.integers(0, 2**32),
)
def test_replay_gives_the_same_state_and_log(domains, protocol, sequence, seed):
    if protocol == "alternating":
        negotiation = domains.supply(Rules(deadline_rounds=5, talk_limit=2))
    else:
        negotiation = three_party(Protocol(protocol), domains=domains, deadline=4)
    session = Session(negotiation, seed)
    for m in sequence:
        before = session.state
        result = session.step(m)  # never raises
        if result.ok:
            assert len(result.state.log) == len(before.log) + 1
            assert result.state.log[-1].move.actor == m.actor
        else:
            assert result.reason and result.state is before
        assert 0 <= session.state.round <= negotiation.rules.deadline_rounds
    replayed = Session.replay(negotiation, seed, sequence)
    assert replayed.state == session.state
    assert replayed.rng.random() == session.rng.random()
    # The moves survive a JSON round trip and replay to the same state.
    logged = [e.move for e in session.state.log]
    restored = [Move.from_dict(m.to_dict()) for m in logged]
    assert restored == logged
    assert Session.replay(negotiation, seed, restored).state == session.state


def test_a_new_snapshot_is_what_dataclasses_replace_would_make(supply):
    import dataclasses

    from game.engine.session import SessionState, _evolve

    session = Session(supply)
    session.step(offer("buyer"))
    state = session.state
    changes = {"round": 7, "status": Status.DEADLINE, "talk_used": (("buyer", 1),)}
    made = _evolve(state, **changes)
    assert made == dataclasses.replace(state, **changes)
    assert type(made) is SessionState and made is not state
    assert set(vars(made)) == {f.name for f in dataclasses.fields(SessionState)}
    assert state.round == 0 and state.status is Status.OPEN  # the old snapshot is untouched
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.round = 8


def test_refusals_answer_as_why_illegal_for_every_kind(supply):
    session = Session(supply)
    steps = [
        offer("buyer", CHEAP_FAST),
        move(MoveKind.ASK_PRIORITIES, "seller"),
        offer("seller", DEAR_SLOW),
        move(MoveKind.ACCEPT, "buyer"),
    ]
    for step in [None, *steps]:
        if step is not None:
            assert session.step(step).ok
        for actor in ("buyer", "seller", "nobody"):
            answers = session.refusals(actor)
            assert answers == {kind: session.why_illegal(actor, kind) for kind in MoveKind}
    assert session.refusals("buyer")[MoveKind.OFFER] == "the negotiation is over"
