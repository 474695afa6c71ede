"""The frequency opponent model: accuracy after 10 offers, statements, choices, scales."""

from __future__ import annotations

import random
import statistics

import numpy as np
import pytest

from game.npc.opponent import FrequencyModel, spearman

TRUE_WEIGHTS = (0.35, 0.25, 0.18, 0.12, 0.10)


def holder_offers(seed: int, count: int = 10, size: int = 6):
    """Return (true weights, offers) from a partner who concedes on what matters least.

    It aims at a utility falling evenly from 1.0 to 0.6 and, among the outcomes near that
    aim, offers the one that keeps its important issues at their best values (with a little
    noise) -- the way people and time-dependent agents hold on to what matters.
    """
    rng = np.random.default_rng(seed)
    weights = np.array(TRUE_WEIGHTS)
    rng.shuffle(weights)
    m = len(weights)
    tables = [rng.permutation(np.linspace(0, 1, size)) for _ in range(m)]
    grid = np.array(np.meshgrid(*[np.arange(size)] * m, indexing="ij")).reshape(m, -1).T
    utility = sum(weights[i] * tables[i][grid[:, i]] for i in range(m))
    best = np.array([int(np.argmax(t)) for t in tables])
    noise = random.Random(seed)
    offers = []
    for k in range(count):
        target = 1.0 - 0.4 * k / (count - 1)
        near = np.flatnonzero(np.abs(utility - target) <= 0.02)
        if len(near) == 0:
            near = np.array([int(np.argmin(np.abs(utility - target)))])
        keep = ((grid[near] == best) * weights).sum(axis=1)
        score = keep + np.array([noise.random() * 0.05 for _ in near])
        offers.append(tuple(int(v) for v in grid[near[int(np.argmax(score))]]))
    return weights, offers


def test_issue_ranking_correlates_with_the_truth_after_ten_offers():
    correlations = []
    for seed in range(40):
        weights, offers = holder_offers(seed)
        model = FrequencyModel([f"i{k}" for k in range(5)], [6] * 5)
        for offer in offers:
            model.observe(offer)
        correlations.append(model.ranking_spearman(weights))
    assert statistics.median(correlations) >= 0.8
    assert statistics.fmean(correlations) >= 0.8
    assert sum(c >= 0.8 for c in correlations) >= 0.8 * len(correlations)


def test_accuracy_is_measurable_and_starts_uninformed():
    model = FrequencyModel(["a", "b", "c"], [3, 3, 3])
    assert model.weights() == pytest.approx([1 / 3] * 3)
    assert model.ranking_spearman([0.5, 0.3, 0.2]) == 0.0  # all tied: no information yet
    assert spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)


def test_repeated_offers_teach_nothing_new():
    model = FrequencyModel(["a", "b"], [3, 3])
    assert model.observe((0, 1))
    version = model.version
    assert not model.observe((0, 1))
    assert model.version == version


JUDGE = [[0.0, 0.1, 0.2, 0.3], [0.0, 0.1, 0.2, 0.3], [0.0, 0.133, 0.267, 0.4]]
"""The judge's own weighted value tables: it likes high positions on every issue."""


def stated_model() -> FrequencyModel:
    model = FrequencyModel(["a", "b", "c"], [4, 4, 4], ordered=[True, True, True])
    model.state_priorities({"a": 0.7, "b": 0.2, "c": 0.1})
    return model


def test_offers_that_give_ground_where_the_statement_says_it_is_cheap_are_honest():
    model = stated_model()
    for offer in [(0, 0, 0), (0, 0, 1), (0, 1, 1), (0, 1, 2), (0, 2, 3)]:
        model.observe(offer)
    assert model.honesty_evidence(JUDGE) > 0.5
    assert model.honesty_verdict(JUDGE) == "honest"


def test_offers_that_give_ground_on_what_it_called_most_important_are_a_lie():
    model = stated_model()
    assert model.ranking()[0] == "a"
    verdicts = []
    for offer in [(0, 0, 0), (1, 0, 0), (2, 0, 0), (3, 0, 0), (3, 1, 0)]:
        model.observe(offer)
        verdicts.append(model.honesty_verdict(JUDGE))  # the judge looks after every offer
    assert model.honesty_evidence(JUDGE) < -0.5
    # a lie is called only once the evidence has pointed that way on two offers in a row
    assert verdicts == [None, None, None, None, "lie"]
    model.discount_statement()
    assert model.ranking()[0] != "a"


def test_too_little_evidence_gives_no_verdict():
    model = stated_model()
    for offer in [(0, 0, 0), (1, 0, 0), (2, 0, 0), (3, 0, 0)]:
        model.observe(offer)  # four different offers: too few
    assert model.honesty_verdict(JUDGE) is None
    holder = stated_model()
    for _ in range(6):
        holder.observe((0, 0, 0))  # the same package again and again: nothing to judge
    assert holder.honesty_verdict(JUDGE) is None
    flat = FrequencyModel(["a", "b", "c"], [4, 4, 4], ordered=[True, True, True])
    flat.state_priorities({"a": 1, "b": 1, "c": 1})  # ranks nothing: nothing to check
    for offer in [(0, 0, 0), (1, 0, 0), (2, 0, 0), (3, 0, 0), (3, 1, 0)]:
        flat.observe(offer)
    assert flat.honesty_verdict(JUDGE) is None


def test_a_concession_both_readings_call_cheap_tells_nothing():
    # the judge cares only about c, and the player gives only c: cheap by the statement
    # (c is its least issue) and by its reverse (c is where the judge gains most per step)
    judge = [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.33, 0.67, 1.0]]
    model = stated_model()
    for offer in [(0, 0, 0), (0, 0, 1), (0, 0, 2), (0, 0, 3), (1, 0, 3)]:
        model.observe(offer)
    assert model.honesty_verdict(judge) is None


def test_a_choice_among_equivalent_packages_reveals_what_matters():
    model = FrequencyModel(["a", "b"], [3, 3])
    model.observe((0, 0))
    model.observe((1, 0))
    before = model.value_scores()[0][2]
    model.observe_choice((2, 0), [(0, 2), (1, 1)])
    assert model.value_scores()[0][2] > before


def test_numeric_scales_score_neighbours_alike():
    model = FrequencyModel(["price"], [6], ordered=[True])
    for _ in range(3):
        model.observe((5,))
        model.observe((4,))
    scores = model.value_scores()[0]
    assert scores == sorted(scores)  # nearer to what they ask, better for them
    assert scores[1] > scores[0]


def test_at_the_end_where_the_player_gave_ground_decides_when_the_cost_cannot():
    # the judge gains most on a and c, so giving a is cheap "per gain" by either reading;
    # the player asks for everything, then gives a, c and b, never d: by the statement a and
    # b are dear
    judge = [[0.0, 0.4], [0.0, 0.1], [0.0, 0.4], [0.0, 0.1]]
    model = FrequencyModel(["a", "b", "c", "d"], [2, 2, 2, 2])
    model.state_priorities({"a": 0.4, "b": 0.3, "c": 0.2, "d": 0.1})
    for offer in [(0, 0, 0, 0), (1, 0, 0, 0), (1, 0, 1, 0), (1, 1, 1, 0)]:
        model.observe(offer)
    leaning, weight = model.concession_evidence(judge)
    assert leaning < -0.5 and weight >= 0.1
    assert model.final_honesty_verdict(judge) == "lie"
    truthful = FrequencyModel(["a", "b", "c", "d"], [2, 2, 2, 2])
    truthful.state_priorities({"a": 0.1, "b": 0.2, "c": 0.3, "d": 0.4})
    for offer in [(0, 0, 0, 0), (1, 0, 0, 0), (1, 0, 1, 0), (1, 1, 1, 0)]:
        truthful.observe(offer)
    assert truthful.final_honesty_verdict(judge) == "honest"


def test_no_verdict_at_the_end_either_without_evidence():
    model = stated_model()
    for offer in [(0, 0, 0), (0, 0, 1)]:
        model.observe(offer)  # two offers: too few for either reading
    assert model.concession_evidence(JUDGE) is None
    assert model.final_honesty_verdict(JUDGE) is None
    held = stated_model()
    for offer in [(0, 0, 0), (0, 0, 0), (0, 0, 0)]:
        held.observe(offer)
    assert held.final_honesty_verdict(JUDGE) is None


def test_an_opening_that_already_gives_ground_counts():
    # the first offer already gives the judge all of a (what the statement calls dearest);
    # read from the first offer alone that ground would go unseen
    model = stated_model()
    for offer in [(3, 0, 0), (0, 0, 0), (3, 1, 0), (3, 1, 1), (3, 2, 1)]:
        model.observe(offer)
    assert model._regret_evidence(model.stated, JUDGE, shares=True) < 0


def test_at_the_end_two_readings_that_disagree_give_no_verdict():
    model = stated_model()
    for offer in [(0, 0, 0), (1, 0, 0), (2, 0, 0), (3, 0, 0), (3, 1, 0)]:
        model.observe(offer)
    assert model.final_honesty_verdict(JUDGE) == "lie"  # both speak, and agree
    # the cost of the offers says "lie" (both readings), where it gave ground "honest"
    model._regret_evidence = lambda stated, own, shares: -0.4
    model.concession_evidence = lambda own: (0.8, 0.3)
    assert model.final_honesty_verdict(JUDGE) is None
    model.concession_evidence = lambda own: (0.8, 0.01)  # too little ground: it says nothing
    assert model.final_honesty_verdict(JUDGE) == "lie"
    model._regret_evidence = lambda stated, own, shares: -0.4 if shares else 0.1
    model.concession_evidence = lambda own: (0.8, 0.3)  # the readings of cost disagree
    assert model.final_honesty_verdict(JUDGE) == "honest"
