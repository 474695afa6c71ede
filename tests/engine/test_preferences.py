"""Additive preferences: value functions, GENIUS normalisation, utilities, bounds."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import (
    DiscreteIssue,
    EngineError,
    LinearValue,
    NumericIssue,
    Offer,
    OptionScores,
    OutcomeSpace,
    PeakValue,
    Preferences,
    TableValue,
)

PRICE = NumericIssue("price", "Price", 100, 200, 25)  # 100, 125, 150, 175, 200
COLOUR = DiscreteIssue("colour", "Colour", ("red", "green", "blue"))


def one_issue(issue, function, weight=1.0):
    return Preferences(OutcomeSpace((issue,)), {issue.id: weight}, {issue.id: function})


def table(issue, function):
    return one_issue(issue, function).tables[0].tolist()


# --------------------------------------------------------------------------- value functions
def test_linear_up_and_down():
    assert table(PRICE, LinearValue("up")) == pytest.approx([0, 0.25, 0.5, 0.75, 1])
    assert table(PRICE, LinearValue("down")) == pytest.approx([1, 0.75, 0.5, 0.25, 0])


def test_linear_on_a_range_the_step_does_not_divide_reaches_one_at_the_last_value():
    issue = NumericIssue("days", "Days", 0, 10, 3)  # 0, 3, 6, 9
    assert table(issue, LinearValue("up")) == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert table(issue, LinearValue("down")) == pytest.approx([1, 2 / 3, 1 / 3, 0])


def test_linear_on_a_single_value_is_one_either_way():
    issue = NumericIssue("fee", "Fee", 5, 5, 1)
    assert table(issue, LinearValue("up")) == [1.0]
    assert table(issue, LinearValue("down")) == [1.0]


def test_linear_direction_must_be_up_or_down():
    with pytest.raises(EngineError, match="sideways"):
        LinearValue("sideways")


def test_peak_value():
    assert table(PRICE, PeakValue(150)) == pytest.approx([0, 0.5, 1, 0.5, 0])
    assert table(PRICE, PeakValue(150, floor=0.2)) == pytest.approx([0.2, 0.6, 1, 0.6, 0.2])
    assert table(PRICE, PeakValue(100)) == pytest.approx([1, 0.75, 0.5, 0.25, 0])
    # A peak beyond the range is clamped to its end.
    assert table(PRICE, PeakValue(500)) == pytest.approx([0, 0.25, 0.5, 0.75, 1])


def test_table_value_interpolates_and_normalises_to_the_best():
    # Raw scores 2 at 100, 10 at 150, 6 at 200 -> interpolated, then divided by 10.
    function = TableValue([(200, 6), (100, 2), (150, 10)])  # any order
    assert table(PRICE, function) == pytest.approx([0.2, 0.6, 1.0, 0.8, 0.6])
    with pytest.raises(EngineError, match="empty"):
        one_issue(PRICE, TableValue([]))


def test_option_scores_are_normalised_relative_to_the_best_option():
    # GENIUS: evaluation / max evaluation of the issue.
    assert table(COLOUR, OptionScores({"red": 5, "green": 20, "blue": 10})) == pytest.approx(
        [0.25, 1.0, 0.5]
    )
    # A missing option scores 0; all-zero scores give zeros, not a division by zero.
    assert table(COLOUR, OptionScores({"green": 3})) == [0.0, 1.0, 0.0]
    assert table(COLOUR, OptionScores({})) == [0.0, 0.0, 0.0]


def test_option_scores_errors():
    with pytest.raises(EngineError, match="purple"):
        one_issue(COLOUR, OptionScores({"purple": 1}))
    with pytest.raises(EngineError, match="not negative"):
        one_issue(COLOUR, OptionScores({"red": -1, "green": 1}))
    with pytest.raises(EngineError, match="option scores"):
        one_issue(COLOUR, LinearValue())  # a discrete issue has no numbers
    with pytest.raises(EngineError, match="no scores"):
        Preferences(OutcomeSpace((COLOUR,)), {"colour": 1}, {})


def test_numeric_issue_defaults_to_linear_up():
    preferences = Preferences(OutcomeSpace((PRICE,)), {"price": 1}, {})
    assert preferences.tables[0].tolist() == pytest.approx([0, 0.25, 0.5, 0.75, 1])


# --------------------------------------------------------------------------- weights
SPACE = OutcomeSpace((PRICE, COLOUR))
SCORES = {"colour": OptionScores({"red": 1, "green": 2, "blue": 4})}


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"price": -0.5, "colour": 1}, "not negative"),
        ({"price": float("nan"), "colour": 1}, "finite"),
        ({"price": float("inf"), "colour": 1}, "finite"),
        ({"price": 0, "colour": 0}, "above zero"),
        ({}, "above zero"),
        ({"price": 1, "size": 1}, "size"),
    ],
)
def test_bad_weights(weights, message):
    with pytest.raises(EngineError, match=message):
        Preferences(SPACE, weights, SCORES)


def test_weights_are_normalised_and_a_zero_weight_issue_does_not_matter():
    preferences = Preferences(SPACE, {"price": 3, "colour": 1}, SCORES)
    assert preferences.weight("price") == pytest.approx(0.75)
    assert preferences.weight("colour") == pytest.approx(0.25)
    only_price = Preferences(SPACE, {"price": 2}, SCORES)
    assert only_price.weight("colour") == 0
    assert only_price.utility({"price": 200, "colour": "red"}) == pytest.approx(1.0)
    assert only_price.utility({"price": 200, "colour": "blue"}) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("field", "value"),
    [("reservation", -0.1), ("reservation", 1.5), ("discount", 0.0), ("discount", 1.2)],
)
def test_reservation_and_discount_ranges(field, value):
    with pytest.raises(EngineError):
        Preferences(SPACE, {"price": 1, "colour": 1}, SCORES, **{field: value})


def test_discounting():
    preferences = Preferences(SPACE, {"price": 1, "colour": 1}, SCORES, discount=0.81)
    assert preferences.discounted(0.8, 0.5) == pytest.approx(0.8 * 0.9)
    assert preferences.discounted(0.8, 0.0) == pytest.approx(0.8)
    assert preferences.discounted(0.8, 7.0) == pytest.approx(0.8 * 0.81)  # time capped at 1


def test_utility_values_ranking_and_best_value():
    preferences = Preferences(SPACE, {"price": 0.6, "colour": 0.4}, SCORES)
    # 0.6 * v(150) + 0.4 * (2 / 4)
    assert preferences.utility({"price": 150, "colour": "green"}) == pytest.approx(0.5)
    assert preferences.contribution("colour", "blue") == pytest.approx(0.4)
    assert preferences.ranking() == ["price", "colour"]
    assert preferences.best_value("colour") == "blue"
    assert preferences.best_value("price") == 200
    with pytest.raises(EngineError, match="leaves open"):
        preferences.utility({"price": 150})


# --------------------------------------------------------------------------- partial offers
def test_partial_offer_bounds():
    preferences = Preferences(SPACE, {"price": 0.6, "colour": 0.4}, SCORES)
    # Nothing decided: from the worst to the best package.
    assert preferences.bounds({}) == pytest.approx((0.1, 1.0))  # 0 + .4 * .25, .6 + .4
    # Price fixed at 150 (0.3): colour anywhere from red (0.1) to blue (0.4).
    assert preferences.bounds({"price": 150}) == pytest.approx((0.4, 0.7))
    # Fully decided: both bounds are the utility.
    low, high = preferences.bounds({"price": 150, "colour": "green"})
    assert low == pytest.approx(0.5) and high == pytest.approx(0.5)
    # The same through an offer.
    assert Offer({"colour": "red"}).bounds(preferences) == pytest.approx((0.1, 0.7))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_partial_bounds_contain_every_completion(data):
    preferences = Preferences(
        SPACE,
        {"price": data.draw(st.floats(0.01, 1)), "colour": data.draw(st.floats(0, 1))},
        {"price": PeakValue(data.draw(st.floats(100, 200))), **SCORES},
    )
    fixed = data.draw(st.sampled_from([{}, {"price": 125}, {"colour": "green"}]))
    low, high = preferences.bounds(fixed)
    completions = [
        preferences.utility({**dict(zip(("price", "colour"), combo, strict=True)), **fixed})
        for combo in itertools.product(PRICE.values, COLOUR.values)
    ]
    assert low == pytest.approx(min(completions)) and high == pytest.approx(max(completions))


# --------------------------------------------------------------------------- random additive
@st.composite
def random_preferences(draw):
    """Random issues (numeric or discrete), weights (some zero) and value functions."""
    issues, raw = [], []
    for k in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            low = draw(st.integers(-50, 50))
            step = draw(st.sampled_from([1, 2, 2.5, 5, 0.5]))
            high = low + step * draw(st.integers(0, 6)) + draw(st.sampled_from([0, step / 3]))
            issue = NumericIssue(f"n{k}", f"N{k}", low, high, step)
            kind = draw(st.sampled_from(["up", "down", "peak", "table"]))
            if kind in ("up", "down"):
                function = LinearValue(kind)
            elif kind == "peak":
                function = PeakValue(draw(st.floats(low, high)), draw(st.floats(0, 0.9)))
            else:
                points = draw(
                    st.lists(
                        st.tuples(st.floats(low - 5, high + 5), st.floats(0, 10)),
                        min_size=1,
                        max_size=4,
                    )
                )
                function = TableValue(points)
        else:
            size = draw(st.integers(1, 5))
            issue = DiscreteIssue(f"d{k}", f"D{k}", tuple(f"o{j}" for j in range(size)))
            scores = draw(st.lists(st.floats(0, 100), min_size=size, max_size=size))
            function = OptionScores({f"o{j}": s for j, s in enumerate(scores)})
        issues.append(issue)
        raw.append(function)
    weights = draw(
        st.lists(
            st.sampled_from([0, 0.5, 1, 2, 3.7]), min_size=len(issues), max_size=len(issues)
        ).filter(lambda w: sum(w) > 0)
    )
    space = OutcomeSpace(tuple(issues))
    preferences = Preferences(
        space,
        {i.id: w for i, w in zip(issues, weights, strict=True)},
        {i.id: f for i, f in zip(issues, raw, strict=True)},
    )
    return preferences, weights, raw


def brute_value(issue, function, value):
    """v_i(value) straight from the definitions, one value at a time."""
    if isinstance(function, OptionScores):
        best = max([function.scores.get(o, 0.0) for o in issue.values])
        return function.scores.get(value, 0.0) / best if best > 0 else 0.0
    values = list(issue.values)
    if isinstance(function, LinearValue):
        span = values[-1] - values[0]
        if span == 0:
            return 1.0
        rising = (value - values[0]) / span
        return rising if function.direction == "up" else 1 - rising
    if isinstance(function, PeakValue):
        raw = {x: _peak(x, values[0], values[-1], function) for x in values}
    else:
        raw = {x: float(np.interp(x, *zip(*sorted(function.points), strict=True))) for x in values}
    best = max(raw.values())
    return raw[value] / best if best > 0 else 0.0


def _peak(x, low, high, function):
    peak = min(max(function.peak, low), high)
    if x < peak:
        return function.floor + (1 - function.floor) * (x - low) / (peak - low)
    if x > peak:
        return function.floor + (1 - function.floor) * (high - x) / (high - peak)
    return 1.0


@settings(max_examples=150, deadline=None)
@given(random_preferences())
def test_random_additive_utilities_lie_in_unit_interval_and_match_the_formula(case):
    preferences, weights, functions = case
    space = preferences.space
    utilities = preferences.utilities
    assert utilities.shape == (space.size,)
    assert np.all(utilities >= -1e-12) and np.all(utilities <= 1 + 1e-12)
    total = sum(weights)
    for index in range(space.size):
        outcome = space.outcome(index)
        expected = sum(
            w / total * brute_value(issue, f, outcome[issue.id])
            for issue, w, f in zip(space.issues, weights, functions, strict=True)
        )
        assert utilities[index] == pytest.approx(expected, abs=1e-9)
        assert preferences.utility(outcome) == pytest.approx(expected, abs=1e-9)
    # The best package is worth exactly 1 when every weighted issue has a positive score.
    if all(w == 0 or preferences.tables[k].max() > 0 for k, w in enumerate(weights)):
        assert utilities.max() == pytest.approx(1.0)
