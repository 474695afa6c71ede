"""Analysis of hand-computed domains: frontier, solution points, ZOPA, deal reports."""

from __future__ import annotations

import json

import numpy as np
import pytest

from game.engine import (
    Analysis,
    Negotiation,
    Offer,
    Party,
    distance_to_frontier,
    missed_tradeoffs,
    value_split,
)


# --------------------------------------------------------------------------- the supply domain
def test_supply_utilities_frontier_and_solution_points(supply, domains):
    analysis = Analysis(supply)
    assert analysis.outcomes == 6
    np.testing.assert_allclose(analysis.utilities, domains.supply_utilities, atol=1e-12)
    assert analysis.pareto.tolist() == domains.supply_frontier
    assert analysis.nash_index == domains.supply_nash
    assert analysis.kalai_index == domains.supply_kalai
    assert analysis.max_welfare_index == domains.supply_max_welfare
    assert analysis.agreement_zone
    assert analysis.nash.outcome == {"price": 110, "delivery": "fast"}
    assert analysis.nash.utilities == pytest.approx((0.7, 0.5))
    assert analysis.max_welfare.outcome == {"price": 120, "delivery": "fast"}
    assert analysis.max_welfare.utilities == pytest.approx((0.4, 0.875))
    np.testing.assert_allclose(
        analysis.pareto_points, [(0.1, 1.0), (0.4, 0.875), (0.7, 0.5), (1.0, 0.125)]
    )
    assert analysis.zopa() is None  # two issues


def test_to_json_puts_the_player_first(supply):
    data = Analysis(supply).to_json()
    json.dumps(data)  # plain JSON types only
    assert data["parties"] == ["buyer", "seller"]
    assert data["nash"]["utilities"] == pytest.approx([0.7, 0.5])
    buyer, seller = supply.parties
    seller_plays = Negotiation(
        supply.space,
        (
            Party("buyer", "Buyer", buyer.preferences),
            Party("seller", "Seller", seller.preferences, is_player=True),
        ),
    )
    data = Analysis(seller_plays).to_json()
    assert data["parties"] == ["seller", "buyer"]
    assert data["nash"]["utilities"] == pytest.approx([0.5, 0.7])
    assert data["max_welfare"]["utilities"] == pytest.approx([0.875, 0.4])
    pareto = sorted(map(tuple, data["pareto"]))
    assert len(pareto) == 4
    expected = [(0.125, 1.0), (0.5, 0.7), (0.875, 0.4), (1.0, 0.1)]
    for point, want in zip(pareto, expected, strict=True):
        assert point == pytest.approx(want)
    assert "zopa" not in data and "contingent" not in data


def test_distance_to_frontier(supply, domains):
    analysis = Analysis(supply)
    frontier = analysis.utilities[analysis.pareto]
    for index in domains.supply_frontier:
        assert distance_to_frontier(analysis.utilities[index], frontier) == 0.0
    # (0.4, 0.625) is 0.25 below (0.4, 0.875); (0.7, 0.25) 0.25 below (0.7, 0.5).
    assert distance_to_frontier(np.array([0.4, 0.625]), frontier) == pytest.approx(0.25)
    assert distance_to_frontier(np.array([0.7, 0.25]), frontier) == pytest.approx(0.25)
    # Far inside: the nearest frontier point, whichever it is ((0.7, 0.5) from the origin).
    assert distance_to_frontier(np.array([0.0, 0.0]), frontier) == pytest.approx(np.hypot(0.7, 0.5))
    assert distance_to_frontier(np.array([1.0, 1.0]), frontier) == 0.0  # beyond it


def test_value_split():
    split = value_split(np.array([0.7, 0.5]), np.array([0.1, 0.1]))
    assert split.created == pytest.approx(1.0)
    assert split.gains == pytest.approx((0.6, 0.4))
    assert split.shares == pytest.approx((0.6, 0.4))
    nothing = value_split(np.array([0.1, 0.1]), np.array([0.1, 0.1]))
    assert nothing.created == pytest.approx(0.0) and nothing.shares == (0.0, 0.0)


def test_deal_reports(supply):
    analysis = Analysis(supply)
    inside = analysis.report(Offer({"price": 110, "delivery": "slow"}))
    assert inside.agreement and not inside.on_frontier
    assert inside.utilities == pytest.approx((0.4, 0.625))
    assert inside.pareto_distance == pytest.approx(0.25)
    assert inside.joint_utility == pytest.approx(1.025)
    assert inside.value_created == pytest.approx(0.825)
    assert inside.value_claimed == pytest.approx((0.3, 0.525))
    assert inside.nash_utilities == pytest.approx((0.7, 0.5))
    best = analysis.report(Offer({"price": 110, "delivery": "fast"}))
    assert best.on_frontier and best.pareto_distance == 0.0 and best.missed == ()
    none = analysis.report(None)
    assert not none.agreement and none.utilities == (0.1, 0.1) and none.value_created == 0.0


def test_a_deal_report_is_remembered_by_offer_and_utilities(supply):
    from game.engine.analysis import DealReport

    analysis = Analysis(supply)
    offer = Offer({"price": 110, "delivery": "slow"})
    first = analysis.report(offer)
    assert analysis.report(offer) is first  # the same offer again: worked out once
    assert first == DealReport.build(analysis, offer, None)
    # the same terms in another offer, or other utilities (a discounted deal), are their own
    again = analysis.report(Offer({"price": 110, "delivery": "slow"}))
    assert again is not first and again == first
    discounted = analysis.report(offer, (0.2, 0.3))
    assert discounted.utilities == (0.2, 0.3) and discounted != first
    assert analysis.report(offer, (0.2, 0.3)) is discounted


def test_the_frontier_points_are_worked_out_once_and_kept_read_only(supply):
    analysis = Analysis(supply)
    points = analysis.frontier_points
    assert analysis.frontier_points is points
    assert np.array_equal(points, analysis.utilities[analysis.pareto])
    with pytest.raises(ValueError):
        points[0, 0] = 1.0


# --------------------------------------------------------------------------- logrolling
def test_missed_tradeoffs_finds_the_logroll(domains):
    negotiation = domains.logroll()
    # Splitting both issues down the middle: 0.5 each.
    deal = {"salary": 60, "leave": 20}
    assert negotiation.utilities(Offer(deal)) == pytest.approx((0.5, 0.5))
    missed = missed_tradeoffs(negotiation, deal)
    assert len(missed) == 1
    trade = missed[0]
    assert (trade.party, trade.gain_issue, trade.give_issue) == ("employer", "salary", "leave")
    # Top salary for the candidate, least leave for the employer: 0.8 each.
    assert trade.better_outcome == {"salary": 70, "leave": 10}
    assert (trade.player_gain, trade.other_gain) == pytest.approx((0.3, 0.3))
    report = Analysis(negotiation).report(Offer(deal))
    assert not report.on_frontier and report.missed == tuple(missed)


def test_missed_tradeoffs_finds_nothing_on_the_frontier(domains):
    negotiation = domains.logroll()
    analysis = Analysis(negotiation)
    assert analysis.nash.outcome == {"salary": 70, "leave": 10}
    for index in analysis.pareto:
        deal = negotiation.space.outcome(int(index))
        assert missed_tradeoffs(negotiation, deal) == []


def test_missed_tradeoffs_needs_differing_priorities(supply):
    # Equal weights on both sides: nothing to trade, whatever the deal.
    buyer, seller = supply.parties
    space = supply.space
    same = Negotiation(
        space,
        (
            buyer,
            Party(
                "seller",
                "Seller",
                type(seller.preferences)(
                    space, {"price": 0.6, "delivery": 0.4}, seller.preferences.values
                ),
            ),
        ),
    )
    assert missed_tradeoffs(same, {"price": 110, "delivery": "slow"}) == []


# --------------------------------------------------------------------------- ZOPA
def test_zopa_for_a_single_numeric_issue(domains):
    analysis = Analysis(domains.price(buyer_max=120, seller_min=100))
    assert analysis.zopa() == (100.0, 120.0)
    assert analysis.agreement_zone
    assert 100 <= analysis.nash.outcome["price"] <= 120
    assert analysis.nash.outcome["price"] == 110  # the middle of the zone
    assert analysis.to_json()["zopa"] == [100.0, 120.0]


def test_no_zopa_when_the_limits_do_not_overlap(domains):
    analysis = Analysis(domains.price(buyer_max=100, seller_min=120))
    assert analysis.zopa() is None
    assert not analysis.agreement_zone
    assert analysis.nash is None and analysis.kalai is None and analysis.max_welfare is None
    data = analysis.to_json()
    assert data["nash"] is None and "zopa" not in data


def test_zopa_of_a_single_price(domains):
    assert Analysis(domains.price(buyer_max=110, seller_min=110)).zopa() == (110.0, 110.0)
