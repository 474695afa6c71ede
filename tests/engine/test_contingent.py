"""Contingent clauses: value from differing beliefs, and none from shared ones."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import (
    Analysis,
    ContingentClause,
    ContingentSpace,
    DiscreteIssue,
    EngineError,
    LinearValue,
    Negotiation,
    NumericIssue,
    Offer,
    OptionScores,
    OutcomeSpace,
    Party,
    Preferences,
    UncertainEvent,
    contingent_spaces,
)

BET = Offer({}, ContingentClause("sells", {"royalty": 10}, {"royalty": 0}))


def best_nash_product(utilities: np.ndarray, reserved: np.ndarray) -> float:
    """Brute force over every package: the largest product of gains, 0 without one."""
    rational = (utilities >= reserved - 1e-12).all(axis=1)
    if not rational.any():
        return 0.0
    return float(np.prod(utilities[rational] - reserved, axis=1).max())


def test_a_clause_creates_value_when_beliefs_differ(domains):
    # The author is sure the book will sell (0.9), the publisher doubts it (0.2).  Plain
    # deals split a fixed pie: at best 0.5 x 0.5.  "10 % if it sells, else 0 %" is worth
    # 0.9 to the author and 0.8 to the publisher: each expects the other branch.
    negotiation = domains.book(author_belief=0.9, publisher_belief=0.2)
    analysis = Analysis(negotiation)
    assert analysis.nash.utilities == pytest.approx((0.5, 0.5))
    [contingent] = analysis.contingent
    assert contingent.best_plain_nash_product == pytest.approx(0.25)
    assert contingent.best_contingent_nash_product == pytest.approx(0.72)
    assert contingent.best_plain_nash_product < contingent.best_contingent_nash_product
    assert contingent.outcomes == 11 * 11
    assert contingent.nash == BET
    assert contingent.nash_utilities == pytest.approx((0.9, 0.8))
    assert negotiation.utilities(BET) == pytest.approx((0.9, 0.8))
    # The same through the contingent space directly, against brute force.
    space = ContingentSpace(negotiation, "sells", ("royalty",))
    utilities = space.utilities()
    assert best_nash_product(utilities, analysis.reserved) == pytest.approx(0.72)
    assert best_nash_product(analysis.utilities, analysis.reserved) == pytest.approx(0.25)
    assert space.offer(space.index_of(BET)) == BET
    data = analysis.to_json()["contingent"][0]
    assert data["best_nash_product_contingent"] == pytest.approx(0.72)
    assert data["nash"]["clause"] == {
        "event": "sells",
        "if_happens": {"royalty": 10},
        "otherwise": {"royalty": 0},
    }


def test_only_the_clause_makes_agreement_possible(domains):
    # Each side needs 0.6: plain deals sum to 1, the bet gives (0.9, 0.8).
    base = domains.book(author_belief=0.9, publisher_belief=0.2)
    author, publisher = (
        Party(
            p.id,
            p.name,
            Preferences(base.space, p.preferences.weights, p.preferences.values, reservation=0.6),
            p.is_player,
        )
        for p in base.parties
    )
    negotiation = Negotiation(base.space, (author, publisher), events=base.events)
    analysis = Analysis(negotiation)
    assert not analysis.agreement_zone and analysis.nash is None
    [contingent] = analysis.contingent
    assert contingent.best_plain_nash_product == 0.0
    assert contingent.nash is not None
    assert contingent.best_contingent_nash_product == pytest.approx(0.3 * 0.2)
    report = analysis.report(BET)
    assert report.utilities == pytest.approx((0.9, 0.8)) and report.on_frontier


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 1).map(lambda p: round(p, 3)))
def test_a_clause_adds_nothing_when_beliefs_are_equal(domains, belief):
    # With one shared belief p, a clause is worth p U(A) + (1 - p) U(B) to everyone: a
    # point between two plain deals.  On this fixed-pie line the best plain deal (0.25)
    # is already the best point of the line, so no clause beats it.  (In a lumpy discrete
    # space a shared-belief clause can still beat every plain deal as a lottery between
    # two of them; that is randomisation, not differing expectations.)
    negotiation = domains.book(author_belief=belief, publisher_belief=belief)
    [contingent] = Analysis(negotiation).contingent
    assert contingent.best_plain_nash_product == pytest.approx(0.25)
    assert contingent.best_contingent_nash_product == pytest.approx(0.25, abs=1e-12)
    assert contingent.best_contingent_nash_product <= contingent.best_plain_nash_product + 1e-12


def two_issue_negotiation(beliefs):
    space = OutcomeSpace(
        (
            NumericIssue("advance", "Advance", 0, 20, 5, unit="k"),
            DiscreteIssue("rights", "Film rights", ("author", "shared", "publisher")),
        )
    )
    author = Preferences(
        space,
        {"advance": 0.7, "rights": 0.3},
        {"rights": OptionScores({"author": 3, "shared": 2, "publisher": 0})},
        reservation=0.2,
    )
    publisher = Preferences(
        space,
        {"advance": 2, "rights": 1},
        {
            "advance": LinearValue("down"),
            "rights": OptionScores({"author": 0, "shared": 1, "publisher": 4}),
        },
    )
    event = UncertainEvent("film", "a studio buys the film", beliefs, issues=("rights",))
    return Negotiation(
        space,
        (
            Party("author", "Author", author, is_player=True),
            Party("publisher", "Publisher", publisher),
        ),
        events=(event,),
    )


@settings(max_examples=25, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1))
def test_contingent_utilities_are_each_partys_expected_utility(p_author, p_publisher):
    negotiation = two_issue_negotiation({"author": p_author, "publisher": p_publisher})
    [space] = contingent_spaces(negotiation)
    assert space.issues == ("rights",)
    utilities = space.utilities()
    assert utilities.shape == (5 * 3 * 3, 2)
    for index in range(space.space.size):
        offer = space.offer(index)
        assert space.index_of(offer) == index
        happens, otherwise = offer.branches()
        for column, (party, belief) in enumerate(
            [("author", p_author), ("publisher", p_publisher)]
        ):
            preferences = negotiation.party(party).preferences
            expected = belief * preferences.utility(happens) + (1 - belief) * preferences.utility(
                otherwise
            )
            assert utilities[index, column] == pytest.approx(expected, abs=1e-12)
    # Plain packages are the clauses whose branches agree: never better than contingent.
    analysis = Analysis(negotiation)
    [contingent] = analysis.contingent
    assert contingent.best_contingent_nash_product >= contingent.best_plain_nash_product - 1e-12
    plain = Offer({"advance": 10, "rights": "shared"})
    assert space.index_of(plain) == space.index_of(
        Offer({"advance": 10}, ContingentClause("film", {"rights": "shared"}, {"rights": "shared"}))
    )


def test_clause_rules(domains):
    negotiation = two_issue_negotiation({"author": 0.8, "publisher": 0.3})
    wrong_issue = Offer(
        {"rights": "shared"}, ContingentClause("film", {"advance": 20}, {"advance": 0})
    )
    with pytest.raises(EngineError, match="cannot decide advance"):
        negotiation.check_offer(wrong_issue)
    with pytest.raises(EngineError, match="same issues"):
        ContingentClause("film", {"rights": "author"}, {"advance": 0})
    with pytest.raises(EngineError, match="both as plain terms and in the clause"):
        Offer(
            {"rights": "author"},
            ContingentClause("film", {"rights": "author"}, {"rights": "shared"}),
        )
    with pytest.raises(EngineError, match="must lie in"):
        UncertainEvent("x", "x", {"author": 1.5})
    assert UncertainEvent("x", "x", {}).belief("anyone") == 0.5
    with pytest.raises(EngineError, match="names no issues"):
        ContingentSpace(negotiation, "film", ())
    offer = Offer(
        {"advance": 10}, ContingentClause("film", {"rights": "author"}, {"rights": "publisher"})
    )
    assert Offer.from_dict(offer.to_dict()) == offer
    assert negotiation.check_offer(offer) == offer
