"""Issues and the outcome space: values, formatting, indices and the size cap."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import (
    MAX_OUTCOMES,
    DiscreteIssue,
    EngineError,
    NumericIssue,
    OutcomeSpace,
    OutcomeSpaceTooLarge,
)


# --------------------------------------------------------------------------- numeric issues
def test_numeric_values_when_the_step_divides_the_range():
    issue = NumericIssue("price", "Price", 50, 150, 25)
    assert issue.values == (50, 75, 100, 125, 150)
    assert issue.size == 5 and issue.numeric


def test_numeric_values_when_the_step_does_not_divide_the_range():
    issue = NumericIssue("days", "Days", 0, 10, 3)
    assert issue.values == (0, 3, 6, 9)  # never past high
    # Values between the last value and high are inside the range: the nearest value.
    assert issue.values[issue.index_of(10)] == 9
    assert issue.values[issue.index_of(7.4)] == 6
    assert issue.values[issue.index_of(7.6)] == 9


def test_numeric_values_are_free_of_binary_noise():
    issue = NumericIssue("rate", "Rate", 0.1, 0.5, 0.1)
    assert issue.values == (0.1, 0.2, 0.3, 0.4, 0.5)
    assert NumericIssue("x", "X", 0, 1, 0.1).size == 11


def test_single_value_issue():
    issue = NumericIssue("fee", "Fee", 5, 5, 1)
    assert issue.values == (5,)
    assert issue.index_of(5) == 0


@pytest.mark.parametrize("value", [49.9, 150.1, -1, float("nan"), float("inf"), "abc", None, "1e9"])
def test_numeric_index_of_rejects_values_outside_or_not_numbers(value):
    issue = NumericIssue("price", "Price", 50, 150, 25, unit="$", unit_before=True)
    with pytest.raises(EngineError, match="price"):
        issue.index_of(value)


def test_numeric_index_of_accepts_numbers_as_text_and_snaps_to_the_nearest():
    issue = NumericIssue("price", "Price", 50, 150, 25)
    assert issue.index_of("100") == 2
    assert issue.index_of(112) == 2
    assert issue.index_of(113) == 3
    assert issue.index_of(150 + 1e-12) == 4  # float noise at the edge is in range


@pytest.mark.parametrize(
    ("low", "high", "step", "message"),
    [
        (0, 10, 0, "positive step"),
        (0, 10, -1, "positive step"),
        (10, 0, 1, "high below low"),
        (0, float("inf"), 1, "finite"),
        (0, 1_000_000, 1, "larger step"),
    ],
)
def test_numeric_issue_definition_errors(low, high, step, message):
    with pytest.raises(EngineError, match=message):
        NumericIssue("x", "X", low, high, step)


def test_numeric_format():
    money = NumericIssue("price", "Price", 0, 2000, 0.25, unit="$", unit_before=True)
    assert money.format(1200) == "$1,200"
    assert money.format(12.5) == "$12.5"
    assert money.format(0.25) == "$0.25"
    days = NumericIssue("delivery", "Delivery", 0, 60, 15, unit="days")
    assert days.format(30) == "30 days"
    plain = NumericIssue("n", "N", -5, 5, 0.5)
    assert plain.format(-2.5) == "-2.5"
    # Regression: small steps printed "0." ("0.00" with the zeros stripped).
    rate = NumericIssue("rate", "Rate", 0, 0.01, 0.001, unit="%")
    assert [rate.format(v) for v in rate.values[:3]] == ["0 %", "0.001 %", "0.002 %"]
    assert rate.format(0.005) == "0.005 %"
    assert NumericIssue("x", "X", 0, 10, 1).format(2.999) == "3"


# --------------------------------------------------------------------------- discrete issues
def test_discrete_issue():
    issue = DiscreteIssue("colour", "Colour", ("red", "green"))
    assert issue.values == ("red", "green") and issue.size == 2 and not issue.numeric
    assert issue.index_of("green") == 1
    assert issue.format("red") == "red"
    with pytest.raises(EngineError, match="blue"):
        issue.index_of("blue")
    with pytest.raises(EngineError, match="no options"):
        DiscreteIssue("x", "X", ())
    with pytest.raises(EngineError, match="twice"):
        DiscreteIssue("x", "X", ("a", "a"))


# --------------------------------------------------------------------------- outcome space
PRICE = NumericIssue("price", "Price", 50, 150, 50, unit="$", unit_before=True)
COLOUR = DiscreteIssue("colour", "Colour", ("red", "green"))
DAYS = NumericIssue("days", "Delivery", 0, 10, 3, unit="days")


def test_index_order_is_mixed_radix_with_the_first_issue_most_significant():
    space = OutcomeSpace((PRICE, COLOUR, DAYS))
    assert space.size == 3 * 2 * 4
    assert space.strides == (8, 4, 1)
    expected = list(itertools.product(PRICE.values, COLOUR.values, DAYS.values))
    assert [tuple(space.outcome(i).values()) for i in range(space.size)] == expected


def test_index_outcome_round_trip_on_every_outcome():
    space = OutcomeSpace((PRICE, COLOUR, DAYS))
    for index in range(space.size):
        assert space.index_of(space.outcome(index)) == index
    assert space.value_indices(np.arange(space.size)).tolist() == [
        list(combo) for combo in itertools.product(range(3), range(2), range(4))
    ]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 7), min_size=1, max_size=5), st.data())
def test_round_trip_and_grid_sum_on_random_spaces(sizes, data):
    issues = tuple(
        DiscreteIssue(f"i{k}", f"I{k}", tuple(f"v{j}" for j in range(size)))
        for k, size in enumerate(sizes)
    )
    space = OutcomeSpace(issues)
    assert space.size == int(np.prod(sizes))
    index = data.draw(st.integers(0, space.size - 1))
    outcome = space.outcome(index)
    assert space.index_of(outcome) == index
    per_issue = [np.arange(size) * 10.0**k for k, size in enumerate(sizes)]
    grid = space.grid_sum(per_issue)
    positions = space.value_indices(index)[0]
    assert grid[index] == sum(per_issue[k][p] for k, p in enumerate(positions))


def test_outcome_space_errors():
    space = OutcomeSpace((PRICE, COLOUR))
    with pytest.raises(EngineError, match="leaves open: colour"):
        space.index_of({"price": 50})
    with pytest.raises(EngineError, match="unknown issue"):
        space.index_of({"price": 50, "colour": "red", "size": 3})
    with pytest.raises(EngineError, match="outside"):
        space.outcome(space.size)
    with pytest.raises(EngineError, match="outside"):
        space.outcome(-1)
    with pytest.raises(EngineError, match="unique"):
        OutcomeSpace((PRICE, PRICE))
    with pytest.raises(EngineError, match="at least one issue"):
        OutcomeSpace(())
    with pytest.raises(EngineError, match="unknown issue"):
        space.issue("size")


def test_normalise_and_describe():
    space = OutcomeSpace((PRICE, COLOUR))
    assert space.normalise({"price": "99"}) == {"price": 100}
    assert space.describe({"price": 100, "colour": "red"}) == "Price $100, Colour red"
    assert space.describe({"colour": "red"}) == "Colour red"


def test_an_option_that_names_its_issue_is_said_alone():
    soup = DiscreteIssue("soup", "Hot soup", ("no soup", "soup every day", "bread roll"))
    repairs = DiscreteIssue("repairs", "Repairs", ("co-op repairs", "own workshop"))
    space = OutcomeSpace((PRICE, soup, repairs))
    assert (
        space.describe({"price": 100, "soup": "soup every day", "repairs": "co-op repairs"})
        == "Price $100, soup every day, co-op repairs"
    )
    assert (
        space.describe({"soup": "bread roll", "repairs": "own workshop"})
        == "Hot soup bread roll, Repairs own workshop"
    )
    assert space.describe({"soup": "no soup"}) == "no soup"


def test_numbers_in_a_package_are_written_as_people_write_them():
    price = NumericIssue("price", "Price per dozen", 5, 12, 0.25, "$", True)
    cuts = NumericIssue("cuts", "Emission cuts", 20, 50, 10, "%")
    fund = NumericIssue("fund", "Climate fund", 20, 100, 20, "$bn a year")
    days = NumericIssue("days", "Days at home", 0, 5, 1, "days a week")
    space = OutcomeSpace((price, cuts, fund, days))
    assert (
        space.describe({"price": 9.5, "cuts": 40, "fund": 100, "days": 1})
        == "Price per dozen $9.50, Emission cuts 40%, Climate fund $100bn a year, "
        "Days at home 1 day a week"
    )
    assert (
        space.describe({"price": 9, "days": 3}) == "Price per dozen $9, Days at home 3 days a week"
    )


def test_the_outcome_cap_names_the_sizes_and_suggests_fewer_values():
    issues = tuple(
        DiscreteIssue(f"i{k}", f"I{k}", tuple(str(j) for j in range(10))) for k in range(7)
    )
    assert OutcomeSpace(issues).size == MAX_OUTCOMES  # exactly the cap is allowed
    bigger = (*issues, DiscreteIssue("extra", "Extra", ("a", "b")))
    with pytest.raises(OutcomeSpaceTooLarge) as caught:
        OutcomeSpace(bigger)
    message = str(caught.value)
    assert "20,000,000 outcomes" in message
    assert "extra 2" in message and "i0 10" in message
    assert "fewer options" in message
    assert isinstance(caught.value, EngineError)
