"""Small hand-written negotiations whose analytics were worked out by hand.

``supply`` -- a buyer (the player) and a seller agree a price and a delivery speed.

    price: 100, 110, 120 (buyer: lower is better, seller: higher is better)
    delivery: fast, slow

    buyer  weights price 0.6, delivery 0.4; delivery scores fast 4, slow 1 -> 1, 0.25
    seller weights 3 : 1 (-> 0.75, 0.25); delivery scores fast 1, slow 2 -> 0.5, 1
    reservation values 0.1 and 0.1

    index  outcome        buyer                     seller
    0      100 fast       .6*1  + .4*1    = 1.0     .75*0  + .25*.5 = 0.125
    1      100 slow       .6*1  + .4*.25  = 0.7     .75*0  + .25*1  = 0.25
    2      110 fast       .6*.5 + .4*1    = 0.7     .75*.5 + .25*.5 = 0.5
    3      110 slow       .6*.5 + .4*.25  = 0.4     .75*.5 + .25*1  = 0.625
    4      120 fast       .6*0  + .4*1    = 0.4     .75*1  + .25*.5 = 0.875
    5      120 slow       .6*0  + .4*.25  = 0.1     .75*1  + .25*1  = 1.0

    1 is dominated by 2, 3 by 4: the frontier is {0, 2, 4, 5}.
    Gains over (0.1, 0.1): 0 -> .9*.025 = .0225, 2 -> .6*.4 = .24, 4 -> .3*.775 = .2325,
    5 -> 0: Nash is 2 (110, fast).  Ideal (1, 1): worst relative gains 0 -> .025/.9,
    2 -> .4/.9, 4 -> .3/.9, 5 -> 0: Kalai is 2.  Joint utility: 1.125, 1.1, 1.2, 1.025,
    1.275, 1.1: max welfare is 4 (120, fast).
"""

from __future__ import annotations

import pytest

from game.engine import (
    DiscreteIssue,
    LinearValue,
    Negotiation,
    NumericIssue,
    OptionScores,
    OutcomeSpace,
    Party,
    Preferences,
    Rules,
    UncertainEvent,
)

SUPPLY_UTILITIES = [
    (1.0, 0.125),
    (0.7, 0.25),
    (0.7, 0.5),
    (0.4, 0.625),
    (0.4, 0.875),
    (0.1, 1.0),
]
SUPPLY_FRONTIER = [0, 2, 4, 5]
SUPPLY_NASH = 2
SUPPLY_KALAI = 2
SUPPLY_MAX_WELFARE = 4


def supply_negotiation(rules: Rules | None = None) -> Negotiation:
    """Return the buyer/seller negotiation described in this module's docstring."""
    space = OutcomeSpace(
        (
            NumericIssue("price", "Price", 100, 120, 10, unit="$", unit_before=True),
            DiscreteIssue("delivery", "Delivery", ("fast", "slow")),
        )
    )
    buyer = Preferences(
        space,
        {"price": 0.6, "delivery": 0.4},
        {"price": LinearValue("down"), "delivery": OptionScores({"fast": 4, "slow": 1})},
        reservation=0.1,
    )
    seller = Preferences(
        space,
        {"price": 3, "delivery": 1},
        {"price": LinearValue("up"), "delivery": OptionScores({"fast": 1, "slow": 2})},
        reservation=0.1,
    )
    return Negotiation(
        space,
        (Party("buyer", "Buyer", buyer, is_player=True), Party("seller", "Seller", seller)),
        rules=rules or Rules(deadline_rounds=4),
    )


def price_negotiation(buyer_max: float, seller_min: float) -> Negotiation:
    """Return a one-issue haggle over price $50-$150 (step 5) with the given limits.

    Linear values: the buyer's utility of price x is (150 - x) / 100, the seller's
    (x - 50) / 100, so the reservation values are those of the limits.
    """
    space = OutcomeSpace((NumericIssue("price", "Price", 50, 150, 5, unit="$", unit_before=True),))
    buyer = Preferences(
        space, {"price": 1}, {"price": LinearValue("down")}, reservation=(150 - buyer_max) / 100
    )
    seller = Preferences(
        space, {"price": 1}, {"price": LinearValue("up")}, reservation=(seller_min - 50) / 100
    )
    return Negotiation(
        space, (Party("buyer", "Buyer", buyer, is_player=True), Party("seller", "Seller", seller))
    )


def logroll_negotiation() -> Negotiation:
    """Return a job offer where salary matters most to the candidate, leave to the employer.

    salary 50-70 step 10 and leave 10-30 days step 10; the candidate (player) wants both
    high with weights 0.8 / 0.2, the employer both low with weights 0.2 / 0.8.
    """
    space = OutcomeSpace(
        (
            NumericIssue("salary", "Salary", 50, 70, 10, unit="k"),
            NumericIssue("leave", "Leave", 10, 30, 10, unit="days"),
        )
    )
    candidate = Preferences(
        space, {"salary": 0.8, "leave": 0.2}, {"salary": LinearValue(), "leave": LinearValue()}
    )
    employer = Preferences(
        space,
        {"salary": 0.2, "leave": 0.8},
        {"salary": LinearValue("down"), "leave": LinearValue("down")},
    )
    return Negotiation(
        space,
        (
            Party("candidate", "Candidate", candidate, is_player=True),
            Party("employer", "Employer", employer),
        ),
    )


def book_negotiation(author_belief: float, publisher_belief: float) -> Negotiation:
    """Return a book deal with a royalty rate only, and an event "the book sells well".

    royalty 0-10 % step 1: the author's utility is r / 10, the publisher's 1 - r / 10, so
    every plain deal sums to 1 and the best plain Nash product is 0.25 (at 5 %).
    """
    space = OutcomeSpace((NumericIssue("royalty", "Royalty", 0, 10, 1, unit="%"),))
    author = Preferences(space, {"royalty": 1}, {"royalty": LinearValue("up")})
    publisher = Preferences(space, {"royalty": 1}, {"royalty": LinearValue("down")})
    event = UncertainEvent(
        "sells",
        "the book sells over 50,000 copies",
        {"author": author_belief, "publisher": publisher_belief},
        issues=("royalty",),
    )
    return Negotiation(
        space,
        (
            Party("author", "Author", author, is_player=True),
            Party("publisher", "Publisher", publisher),
        ),
        events=(event,),
    )


@pytest.fixture
def supply() -> Negotiation:
    """Return the hand-computed buyer/seller negotiation."""
    return supply_negotiation()


@pytest.fixture(scope="session")
def domains():
    """Return the domain builders, for tests (hypothesis ones too) that need their own."""

    class Domains:
        supply = staticmethod(supply_negotiation)
        price = staticmethod(price_negotiation)
        logroll = staticmethod(logroll_negotiation)
        book = staticmethod(book_negotiation)
        supply_utilities = SUPPLY_UTILITIES
        supply_frontier = SUPPLY_FRONTIER
        supply_nash = SUPPLY_NASH
        supply_kalai = SUPPLY_KALAI
        supply_max_welfare = SUPPLY_MAX_WELFARE

    return Domains
