"""Trust is earned by deeds: friendly words wear off, and going back and forth earns nothing."""

from __future__ import annotations

import pytest

from game.engine import Move, MoveKind
from game.npc.lines import default_lines
from game.npc.relationship import RULES, Relationship, earned_trust
from game.npc.runtime import NpcRuntime

RUNTIME = NpcRuntime()


def changes_of(report):
    return [(c.trust_delta, c.rapport_delta, c.reason) for c in report.changes]


def warm(match):
    return match.player_move(Move(MoveKind.EXPRESS_EMOTION, "player", emotion="warm"))


# ----------------------------------------------------------------------------- words wear off


def test_warmth_said_again_with_nothing_done_costs_rapport_and_says_so(kit):
    negotiation = kit.make_negotiation(talk_limit=6)
    match = kit.make_match(negotiation, kit.spec("linear"), runtime=RUNTIME)
    first = warm(match)
    assert changes_of(first) == [(1.0, 3.0, "you were warm")]
    again = warm(match)
    ((trust, rapport, reason),) = changes_of(again)
    assert trust == 0 and rapport == pytest.approx(-2.0)
    assert "you keep saying that" in reason
    said_again = {rule.text for rule in default_lines("linear", "said_again")}
    assert any(line.text in said_again for line in again.lines)
    # the reason is kept in the timeline with the move that caused it
    entry = match.timeline()[-1]
    assert entry["kind"] == "express_emotion"
    assert [c[3] for c in entry["changes"]] == [reason]
    match.close()


def test_warmth_backed_by_deeds_counts_less_each_time():
    relationship = Relationship("npc", 50.0, 0.0, pride=0.5, warmth=0.5)
    gains = []
    for _ in range(5):
        change, counted = relationship.words("warm")
        assert counted
        gains.append(0.0 if change is None else change.trust_delta)
        relationship.apply("conceded")  # a deed between two warm words
    assert gains == [1.0, 0.5, 0.25, 0.125, 0.0]
    reasons = [c.reason for c in relationship.log if "again" in c.reason]
    assert (
        reasons[0] == "You were warm again: it counts for less each time (2 times in this meeting)"
    )


def test_appeals_and_warmth_each_wear_on_their_own():
    relationship = Relationship("npc", 50.0, 0.0)
    assert relationship.words("warm")[1]
    assert relationship.words("appeal")[0].trust_delta == RULES["appeal"].trust  # a new kind
    change, counted = relationship.words("appeal")
    assert not counted and change.trust_delta == 0 and change.rapport_delta < 0
    relationship.apply("reciprocated")
    change, counted = relationship.words("appeal")
    # the third appeal of the meeting (the hollow repeat counted too): a quarter
    assert counted and change.trust_delta == pytest.approx(RULES["appeal"].trust / 4)


def test_a_hundred_warm_words_in_one_meeting_give_no_more_than_two_trust(kit):
    negotiation = kit.make_negotiation(talk_limit=100, deadline=40)
    match = kit.make_match(negotiation, kit.spec("linear"), runtime=RUNTIME)
    relationship = match.controllers["npc"].brain.relationship
    start = relationship.trust
    for k in range(100):
        if k % 3 == 0:
            relationship.apply("conceded")  # deeds now and then: the words are backed
            start += RULES["conceded"].trust
        warm(match)
    assert relationship.trust - start <= 2.0
    match.close()


def test_repeating_an_acknowledgement_changes_nothing_but_rapport(kit):
    grievance = {"id": "old", "text": "You went over my head.", "severity": 2}
    negotiation = kit.make_negotiation(talk_limit=6)
    match = kit.make_match(
        negotiation, kit.spec("grudge-holder", grievances=[grievance]), runtime=RUNTIME
    )
    ack = Move(MoveKind.ACKNOWLEDGE_GRIEVANCE, "player", grievance="old")
    first = match.player_move(ack)
    assert changes_of(first)[0][0] == RULES["acknowledged"].trust
    state = match.npc_state("npc")["state"]
    again = match.player_move(ack)
    ((trust, rapport, reason),) = changes_of(again)
    assert trust == 0 and rapport < 0 and "keep saying that" in reason
    assert match.npc_state("npc")["state"] == state
    match.close()


def test_the_early_shared_account_wears_like_other_words(kit):
    grievance = {"id": "old", "text": "You went over my head.", "severity": 2}
    negotiation = kit.make_negotiation(talk_limit=6)
    match = kit.make_match(negotiation, kit.spec("linear", grievances=[grievance]), runtime=RUNTIME)
    early = Move(MoveKind.PROPOSE_SHARED_ACCOUNT, "player", grievance="old")
    assert changes_of(match.player_move(early))[0][:2] == (1.0, 2.0)
    ((trust, rapport, _),) = changes_of(match.player_move(early))
    assert trust == 0 and rapport < 0
    match.close()


@pytest.mark.parametrize(
    ("settle", "rule", "by_deeds"),
    [
        (MoveKind.APOLOGISE, "forgiven", RULES["acknowledged"].trust),
        (
            MoveKind.PROPOSE_SHARED_ACCOUNT,
            "resolved",
            RULES["acknowledged"].trust + RULES["shared_account"].trust + RULES["resolved"].trust,
        ),
    ],
)
def test_a_grievance_settled_by_an_apology_is_not_trust_earned_by_deeds(
    kit, settle, rule, by_deeds
):
    # both settle it for the same trust, but an apology is words: only the shared account
    # (an account of what happened both can accept) counts where deeds are counted
    grievance = {"id": "old", "text": "You went over my head.", "severity": 2}
    negotiation = kit.make_negotiation(talk_limit=6)
    match = kit.make_match(
        negotiation, kit.spec("grudge-holder", grievances=[grievance]), runtime=RUNTIME
    )
    match.player_move(Move(MoveKind.ACKNOWLEDGE_GRIEVANCE, "player", grievance="old"))
    settled = match.player_move(Move(settle, "player", grievance="old"))
    reasons = [reason for _, _, reason in changes_of(settled)]
    assert RULES[rule].reason.format(grievance="You went over my head.") in reasons
    assert not match.npc_state("npc")["grievances_open"]
    changes = [c for entry in match.timeline() for c in entry["changes"]]
    assert earned_trust(changes) == {"npc": pytest.approx(by_deeds)}
    match.close()


# ----------------------------------------------------------------------------- back and forth


def _packages(match):
    """Return two packages: one worth about 0.45 to the NPC and one about 0.1 worse."""
    table = match.tables.party("npc")
    utilities = table.utilities
    good = min(range(len(utilities)), key=lambda i: abs(utilities[i] - 0.45))
    worse = min(range(len(utilities)), key=lambda i: abs(utilities[i] - 0.35))
    assert utilities[good] - utilities[worse] >= 0.06
    return match.codec.offer(good), match.codec.offer(worse)


def test_taking_an_offer_back_and_giving_it_again_is_never_a_gain(kit):
    negotiation = kit.make_negotiation(sizes=(6, 6, 5, 5), reservations=(0.2, 0.1), deadline=60)
    match = kit.make_match(negotiation, kit.spec("boulware"), runtime=RUNTIME)
    good, worse = _packages(match)
    relationship = match.controllers["npc"].brain.relationship
    match.player_move(Move(MoveKind.OFFER, "player", offer=good))
    start = relationship.trust
    trail = []
    for _ in range(8):  # retreat, return, retreat, return, ...
        for offer in (worse, good):
            report = match.player_move(Move(MoveKind.OFFER, "player", offer=offer))
            assert not report.finished
            trail.append(relationship.trust)
    # every return costs the retreat before it and earns nothing back
    assert all(b <= a for a, b in zip([start, *trail], trail, strict=False))
    assert relationship.trust < start
    reasons = [c[3] for entry in match.timeline() for c in entry["changes"]]
    assert RULES["retracted"].reason in reasons
    assert RULES["reciprocated"].reason not in reasons
    assert RULES["conceded"].reason not in reasons
    match.close()


def test_a_real_step_beyond_the_best_offer_so_far_still_counts(kit):
    negotiation = kit.make_negotiation(sizes=(6, 6, 5, 5), reservations=(0.2, 0.1), deadline=60)
    match = kit.make_match(negotiation, kit.spec("boulware"), runtime=RUNTIME)
    good, worse = _packages(match)
    table = match.tables.party("npc")
    better = min(range(table.size), key=lambda i: abs(table.utilities[i] - 0.55))
    reasons = []
    for offer in (good, worse, good, match.codec.offer(better)):
        report = match.player_move(Move(MoveKind.OFFER, "player", offer=offer))
        reasons.append([c.reason for c in report.changes])
    assert reasons[1] == [RULES["retracted"].reason]
    assert reasons[2] == []  # back where it was: no concession
    assert reasons[3] and reasons[3][0] in (RULES["conceded"].reason, RULES["reciprocated"].reason)
    match.close()
