"""Objectives judged on what the process achieved, not on a box ticked.

* ``credible_anchor``: the player's first offer was one every NPC could take seriously
  (worth at least its BATNA less its lowball margin to each);
* ``trust_earned_at_least``: trust gained by deeds -- words alone (warmth, appeals,
  apologies, questions, shared priorities) do not count, every loss does;
* ``own_package_supported``: a package the player tabled itself (not a copy of the
  mediator's text) won the support of other parties;
* ``interests_found``: every interest a character holds was found by asking why.
"""

import string
from pathlib import Path

import pytest

from game.campaign.scoring import coalition_size, facts_from_record, score_record
from game.engine import Offer
from game.levels.loader import load_level
from game.npc.relationship import RULES, earned_trust, rule_of

LEVELS = Path(__file__).resolve().parents[2] / "levels"


@pytest.fixture(scope="module")
def stall():
    return load_level(LEVELS / "market-stall.json")


@pytest.fixture(scope="module")
def print_run():
    return load_level(LEVELS / "print-run.json")


def _deal(level, terms, *, first=None, timeline=(), trust=0.0):
    offer = Offer(terms)
    negotiation = level.negotiation
    utilities = dict(zip(negotiation.party_ids, negotiation.utilities(offer), strict=True))
    opening = Offer(first) if first is not None else offer
    first_utilities = dict(zip(negotiation.party_ids, negotiation.utilities(opening), strict=True))
    npc = level.party_npcs[0].id
    return {
        "agreement": True,
        "outcome": offer.to_dict(),
        "utilities": utilities,
        "moves": [{"round": 0, "actor": "player", "kind": "offer", "offer": opening.to_dict()}],
        "offers": [
            {
                "round": 0,
                "actor": "player",
                "offer": opening.to_dict(),
                "utilities": first_utilities,
            }
        ],
        "rounds": 5,
        "analytics": {},
        "trust_change": {npc: trust},
        "trust_final": {npc: 50.0 + trust},
        "timeline": [{"changes": [list(c) for c in timeline]}],
    }


def _met(score, objective_id):
    return next(o for o in score.objectives if o.id == objective_id).met


def test_an_insulting_anchor_costs_the_market_stalls_third_star(stall):
    # $30 is the lowest price Rosa takes seriously; $28 and below insult her
    credible = score_record(stall, _deal(stall, {"price": 40.0}, first={"price": 30.0}))
    absurd = score_record(stall, _deal(stall, {"price": 40.0}, first={"price": 20.0}))
    assert credible.stars == 3 and _met(credible, "credible-anchor")
    assert not _met(absurd, "credible-anchor") and absurd.stars == 2
    assert "outside anything Rosa could accept" in next(
        o.detail for o in absurd.objectives if o.id == "credible-anchor"
    )


def test_every_rule_reason_is_recognised():
    fills = {
        "grievance": "the late delivery",
        "card": "Price guide",
        "words": "You were warm",
        "times": "3",
        "issue": "the delivery",
        "when": "in autumn",
        "other": "the warranty",
    }
    for name, rule in RULES.items():
        names = {n for _, n, _, _ in string.Formatter().parse(rule.reason) if n}
        assert names <= set(fills), (name, names - set(fills))
        reason = rule.reason.format(**fills)
        assert rule_of(reason) == name, (name, reason)


def test_words_alone_earn_no_trust_but_every_loss_counts():
    warm = RULES["warm"].reason
    reciprocated = RULES["reciprocated"].reason
    lowball = RULES["lowball"].reason
    worn = RULES["words_worn"].reason.format(words="You were warm", times="2")
    changes = [
        ("viktor", 1.0, 3.0, warm),
        ("viktor", 0.5, 1.5, worn),
        ("viktor", 4.0, 2.0, reciprocated),
        ("viktor", -5.0, -4.0, lowball),
        ("viktor", 4.0, 2.0, reciprocated),
    ]
    assert earned_trust(changes) == {"viktor": pytest.approx(3.0)}


def test_print_runs_third_star_needs_trust_earned_by_deeds(print_run):
    deal = {"price": 10.0, "delivery": "in 2 weeks"}
    reciprocated = RULES["reciprocated"].reason
    warm = RULES["warm"].reason
    apology = RULES["apology"].reason
    deeds = [("viktor", 4.0, 2.0, reciprocated)] * 2
    words = [("viktor", 1.0, 3.0, warm), ("viktor", 6.0, 4.0, apology)] * 2
    cite = {"round": 0, "actor": "player", "kind": "cite_evidence", "evidence": "local-quotes"}
    records = [
        _deal(print_run, deal, timeline=deeds, trust=8.0),
        _deal(print_run, deal, timeline=words, trust=14.0),
    ]
    for record in records:
        record["moves"].append(cite)
    by_deeds, by_words = (score_record(print_run, r) for r in records)
    assert by_deeds.stars == 3
    assert by_words.stars == 2 and not _met(by_words, "calm-and-firm")
    assert "Viktor +0 by deeds" in next(
        o.detail for o in by_words.objectives if o.id == "calm-and-firm"
    )


def _offer(actor, terms):
    return {"actor": actor, "kind": "offer", "offer": {"terms": terms}}


def test_a_coalition_is_support_for_the_players_own_package():
    mine, text = {"cuts": 30.0}, {"cuts": 40.0}
    built = [
        _offer("player", mine),
        {"actor": "a", "kind": "support"},
        {"actor": "b", "kind": "support"},
        _offer("c", {"cuts": 20.0}),
        {"actor": "a", "kind": "support"},
    ]
    assert coalition_size(built, "player", "chair") == 2
    # supporting, or re-tabling, the mediator's text is not the player's own package
    echoed = [
        _offer("chair", text),
        {"actor": "player", "kind": "support"},
        {"actor": "a", "kind": "support"},
        _offer("player", text),
        {"actor": "a", "kind": "support"},
        {"actor": "b", "kind": "support"},
    ]
    assert coalition_size(echoed, "player", "chair") == 0
    withdrawn = [_offer("player", mine), {"actor": "a", "kind": "support"}]
    withdrawn += [{"actor": "a", "kind": "oppose"}, {"actor": "b", "kind": "support"}]
    assert coalition_size(withdrawn, "player", "chair") == 1


def test_facts_read_the_first_offer_and_the_trust_earned(print_run):
    reciprocated = RULES["reciprocated"].reason
    record = _deal(
        print_run,
        {"price": 10.0, "delivery": "in 2 weeks"},
        first={"price": 8.0, "delivery": "in 1 week"},
        timeline=[("viktor", 4.0, 2.0, reciprocated)],
        trust=4.0,
    )
    facts = facts_from_record(print_run, record)
    assert facts.first_offer["player"] == pytest.approx(1.0)
    assert facts.trust_earned == {"viktor": pytest.approx(4.0)}
    assert facts.coalition == 0


# --------------------------------------------------------------------------- claims_tested
def _claim(**fields):
    row = {
        "name": "Priya",
        "kind": "final",
        "bluff": True,
        "probed": None,
        "contradicted": False,
        "accused": False,
        "response": "let stand",
    }
    row.update(fields)
    return row


@pytest.mark.parametrize(
    ("rows", "met"),
    [
        ((), True),  # nothing claimed: nothing to test
        ((_claim(probed="wavered", response="called"),), True),
        ((_claim(contradicted=True, response="called"),), True),  # a contradiction shown
        ((_claim(bluff=False, probed="backed"),), True),  # the truth, checked and respected
        ((_claim(response="called", accused=False),), False),  # called unasked
        ((_claim(probed="wavered", response="believed"),), False),  # asked, then gave way
        ((_claim(bluff=False, probed="backed", accused=True),), False),  # the truth accused
        ((_claim(bluff=False),), False),  # never tested
        (
            (
                _claim(probed="wavered", response="called"),
                _claim(kind="priority", probed=None, response="believed"),
            ),
            False,
        ),
    ],
)
def test_claims_tested_needs_every_claim_tested_every_bluff_called_and_no_truth_accused(rows, met):
    from game.campaign.scoring import claims_tested

    ok, detail = claims_tested(rows)
    assert ok is met, detail
    assert ("not tested" in detail or "stood" in detail or "true claim" in detail) is (not met)


# --------------------------------------------------------------------------- interests_found
@pytest.fixture(scope="module")
def autumn():
    return load_level(LEVELS / "season-autumn.json")


@pytest.mark.parametrize(
    ("found", "met", "detail"),
    [
        ([{"npc": "season-client", "id": "show-the-partners"}], True, "1 of 1 interest found"),
        ([], False, "0 of 1 interest found"),
        ([{"npc": "someone-else", "id": "show-the-partners"}], False, "0 of 1 interest found"),
        (None, False, "0 of 1 interest found"),  # an older record without the interests
    ],
)
def test_interests_found_needs_helens_interest_found(autumn, found, met, detail):
    record = _deal(autumn, {"price": 11.0, "days": 5.0, "trial": "the whole autumn"}, trust=15.0)
    if found is not None:
        record["interests"] = {"found": found, "missed": []}
    score = score_record(autumn, record)
    objective = next(o for o in score.objectives if o.id == "success")
    assert objective.met is met
    assert objective.detail == detail
    assert score.stars == (3 if met else 2)


@pytest.mark.parametrize(
    ("kind", "level_id", "problem"),
    [
        ("claims_tested", "tablet-deal", "no character makes a claim to test"),
        ("interests_found", "print-run", "no character has an interest to find"),
    ],
)
def test_a_process_objective_nobody_can_meet_is_reported(kind, level_id, problem, tmp_path):
    """``validate`` names an objective whose process the level gives nothing to do."""
    import json

    from game.levels.problems import LevelError

    data = json.loads((LEVELS / f"{level_id}.json").read_text("utf-8"))
    data["objectives"].append({"id": "process", "text": "Do it.", "kind": kind, "stars": 3})
    path = tmp_path / f"{level_id}.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(LevelError) as caught:
        load_level(path)
    assert problem in str(caught.value)
