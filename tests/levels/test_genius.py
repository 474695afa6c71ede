"""GENIUS import: utilities equal GENIUS's additive formula, and hostile XML is refused.

The fixture tests/fixtures/genius/bakery_* is a domain written for these tests:

    Flavour (discrete): plain, berry, chocolate
    Delivery days (integer, lowerbound 1, upperbound 5)

GENIUS utility: U = sum_i w_i * eval_i(x_i), weights normalised to sum 1; a discrete
evaluation is divided by the issue's largest evaluation; an integer issue's evaluator is
the clamped line eval(x) = min(1, max(0, slope * (x - lowerbound) + offset)).

Buyer (player, profile A): weights 0.6 / 0.4; Flavour 1, 2, 4 -> 0.25, 0.5, 1;
    days slope -0.25 offset 1 -> 1, 0.75, 0.5, 0.25, 0 for days 1..5; reservation 0.2.
Baker (NPC, profile B): weights 1 / 3 -> 0.25 / 0.75; Flavour 4, 2, 1 -> 1, 0.5, 0.25;
    days slope 0.3 offset -0.2 -> -0.2 (clamped to 0), 0.1, 0.4, 0.7, 1.0 for days 1..5;
    reservation 0.1; discount factor 0.9.

Utilities (buyer, baker), by hand:

                day 1           day 2           day 3           day 4           day 5
    plain       (.55, .25)      (.45, .325)     (.35, .55)      (.25, .775)     (.15, 1.0)
    berry       (.70, .125)     (.60, .20)      (.50, .425)     (.40, .65)      (.30, .875)
    chocolate   (1.0, .0625)    (.90, .1375)    (.80, .3625)    (.70, .5875)    (.60, .8125)

Pareto set (7): chocolate on every day (buyer's utility falls 0.1 a day while the baker's
rises), plus berry day 5 (.30, .875) and plain day 5 (.15, 1.0), which nothing beats on the
baker's side.  Every other berry or plain package is dominated by a chocolate one (e.g.
berry day 4 (.40, .65) by chocolate day 5 (.60, .8125)).

Nash point: maximise (U_buyer - 0.2) * (U_baker - 0.1) over the Pareto set:
    chocolate d1: baker .0625 < .1, not acceptable;  d2: .70 * .0375 = .02625
    d3: .60 * .2625 = .1575;  d4: .50 * .4875 = .24375;  d5: .40 * .7125 = .285  <- best
    berry d5: .10 * .775 = .0775;  plain d5: buyer .15 < .2, not acceptable
so the Nash point is chocolate, 5 days, with utilities (0.6, 0.8125).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.levels.genius import import_genius, read_domain, read_profile, with_star_thresholds
from game.levels.loader import load_level, load_level_bytes
from game.levels.problems import LevelError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "genius"
DOMAIN = FIXTURES / "bakery_domain.xml"
BUYER = FIXTURES / "bakery_buyer.xml"
BAKER = FIXTURES / "bakery_baker.xml"

FLAVOURS = ("plain", "berry", "chocolate")
BY_HAND = {
    "plain": [(0.55, 0.25), (0.45, 0.325), (0.35, 0.55), (0.25, 0.775), (0.15, 1.0)],
    "berry": [(0.70, 0.125), (0.60, 0.20), (0.50, 0.425), (0.40, 0.65), (0.30, 0.875)],
    "chocolate": [(1.0, 0.0625), (0.90, 0.1375), (0.80, 0.3625), (0.70, 0.5875), (0.60, 0.8125)],
}
PARETO = {("chocolate", d) for d in range(1, 6)} | {("berry", 5), ("plain", 5)}


def genius_utility(weights, flavour_evals, slope, offset, flavour, days):
    """GENIUS's additive formula, written out independently of the importer."""
    total = sum(weights)
    flavour_part = flavour_evals[FLAVOURS.index(flavour)] / max(flavour_evals)
    days_part = min(1.0, max(0.0, slope * (days - 1) + offset))
    return weights[0] / total * flavour_part + weights[1] / total * days_part


@pytest.fixture(scope="module")
def imported():
    data = with_star_thresholds(import_genius(DOMAIN, BUYER, BAKER), "bakery.json")
    return data, load_level_bytes(json.dumps(data).encode(), "bakery.json")


def test_the_domain_and_profiles_are_read_as_genius_writes_them():
    flavour, days = read_domain(DOMAIN)
    assert (flavour.kind, flavour.options) == ("discrete", FLAVOURS)
    assert (days.kind, days.low, days.high) == ("integer", 1, 5)
    baker = read_profile(BAKER)
    assert baker.weights == {"1": 1.0, "2": 3.0}
    assert baker.linear == {"2": (0.3, -0.2)}
    assert baker.anchors == {"2": 1.0}
    assert (baker.reservation, baker.discount) == (0.1, 0.9)


def test_utilities_equal_the_genius_formula_and_the_hand_table(imported):
    _, level = imported
    buyer, baker = (party.preferences for party in level.negotiation.parties)
    for flavour in FLAVOURS:
        for days in range(1, 6):
            outcome = {"flavour": flavour, "delivery-days": days}
            expected = BY_HAND[flavour][days - 1]
            assert buyer.utility(outcome) == pytest.approx(expected[0], abs=1e-12)
            assert baker.utility(outcome) == pytest.approx(expected[1], abs=1e-12)
            assert buyer.utility(outcome) == pytest.approx(
                genius_utility((0.6, 0.4), (1, 2, 4), -0.25, 1.0, flavour, days), abs=1e-12
            )
            assert baker.utility(outcome) == pytest.approx(
                genius_utility((1, 3), (4, 2, 1), 0.3, -0.2, flavour, days), abs=1e-12
            )


def test_pareto_set_and_nash_point_match_the_hand_computation(imported):
    _, level = imported
    analysis = level.analysis
    space = level.negotiation.space
    pareto = {
        (space.outcome(int(i))["flavour"], int(space.outcome(int(i))["delivery-days"]))
        for i in analysis.pareto
    }
    assert pareto == PARETO
    nash = analysis.nash
    assert nash.outcome == {"flavour": "chocolate", "delivery-days": 5}
    assert nash.utilities == pytest.approx((0.6, 0.8125))


def test_reservation_values_and_discount_are_carried_over(imported):
    data, level = imported
    assert data["player"]["preferences"]["reservation"] == 0.2
    assert data["npcs"][0]["preferences"]["reservation"] == 0.1
    assert data["npcs"][0]["preferences"]["discount"] == 0.9
    assert tuple(level.analysis.reserved) == (0.2, 0.1)
    plain = import_genius(DOMAIN, BUYER, BAKER, keep_discount=False)
    assert plain["npcs"][0]["preferences"]["discount"] == 1.0


def test_the_integer_issue_becomes_a_numeric_issue_in_steps_of_one(imported):
    data, _ = imported
    issue = data["issues"][1]
    assert (issue["type"], issue["low"], issue["high"], issue["step"]) == ("numeric", 1, 5, 1)
    # the baker's line crosses 0 at day 1 2/3: the table has that kink
    points = data["npcs"][0]["preferences"]["values"]["delivery-days"]["points"]
    assert points == [[1.0, 0.0], [pytest.approx(5 / 3), 0.0], [5.0, 1.0]]


def test_star_thresholds_come_from_the_nash_point(imported):
    data, _ = imported
    assert data["scoring"] == {"measure": "player_utility", "stars": [0.42, 0.54, 0.599]}


def test_the_written_level_validates(imported, tmp_path):
    data, _ = imported
    path = tmp_path / "bakery.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    level = load_level(path)
    assert level.model.npcs[0].name == "Baker"
    assert level.model.player.role == "Buyer"


# ----------------------------------------------------------------------------- other shapes
def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def profile(issue_xml: str, weights: str = '<weight index="1" value="1"/>', extra: str = "") -> str:
    return f'<utility_space><objective index="0" name="root">{issue_xml}{weights}</objective>{extra}</utility_space>'


REAL_DOMAIN = """<negotiation_template><utility_space><objective index="0" name="root">
<issue index="1" etype="real" type="real" vtype="real" name="Share">
<range lowerbound="0" upperbound="10"/></issue></objective></utility_space></negotiation_template>"""


def test_a_real_issue_uses_its_range_and_parameter0_parameter1(tmp_path):
    domain = write(tmp_path, "split_domain.xml", REAL_DOMAIN)
    (issue,) = read_domain(domain)
    assert (issue.kind, issue.low, issue.high) == ("real", 0, 10)
    # eval(x) = parameter1 * x + parameter0, clamped: 0.1 * x -> 0 .. 1 across 0 .. 10
    up = write(
        tmp_path,
        "a.xml",
        profile(
            '<issue index="1" type="real" name="Share"><range lowerbound="0" upperbound="10"/>'
            '<evaluator ftype="linear" parameter0="0" parameter1="0.1"/></issue>'
        ),
    )
    down = write(
        tmp_path,
        "b.xml",
        profile(
            '<issue index="1" type="real" name="Share">'
            '<evaluator ftype="linear" parameter0="1.5" parameter1="-0.15"/></issue>'
        ),
    )
    data = import_genius(domain, up, down)
    assert data["issues"][0]["step"] == 0.5
    level = load_level_bytes(json.dumps(data).encode(), "split.json", check_reachability=False)
    first, second = (p.preferences for p in level.negotiation.parties)
    for x in (0, 2.5, 5, 10):
        assert first.utility({"share": x}) == pytest.approx(0.1 * x)
        assert second.utility({"share": x}) == pytest.approx(min(1, max(0, 1.5 - 0.15 * x)))


INTEGER_DOMAIN = """<negotiation_template><utility_space><objective index="0" name="root">
<issue index="1" type="integer" name="Days" lowerbound="10" upperbound="20"/>
</objective></utility_space></negotiation_template>"""


def test_an_integer_evaluator_counts_from_the_lower_bound(tmp_path):
    domain = write(tmp_path, "d.xml", INTEGER_DOMAIN)
    rising = write(
        tmp_path,
        "a.xml",
        profile(
            '<issue index="1" type="integer" name="Days" lowerbound="10" upperbound="20">'
            '<evaluator ftype="linear" slope="0.1" offset="0"/></issue>'
        ),
    )
    data = import_genius(domain, rising, rising)
    level = load_level_bytes(json.dumps(data).encode(), "d.json", check_reachability=False)
    prefs = level.negotiation.parties[0].preferences
    assert [prefs.utility({"days": d}) for d in (10, 15, 20)] == pytest.approx([0.0, 0.5, 1.0])


def test_an_integer_evaluator_whose_best_is_below_one_is_refused(tmp_path):
    domain = write(tmp_path, "d.xml", INTEGER_DOMAIN)
    low = write(
        tmp_path,
        "low.xml",
        profile(
            '<issue index="1" type="integer" name="Days" lowerbound="10" upperbound="20">'
            '<evaluator ftype="linear" slope="0.05" offset="0"/></issue>'
        ),
    )
    with pytest.raises(LevelError) as caught:
        import_genius(domain, low, low)
    assert caught.value.user_lines == [
        f"{low}: issue[1].evaluator: the best value of 'Days' evaluates to 0.5, below 1: the "
        "game scales each issue's best value to 1, so utilities would differ from GENIUS"
    ]


# ----------------------------------------------------------------------------- hostile and broken XML
@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
@pytest.mark.parametrize("role", ["domain", "profile"])
def test_entities_are_refused_with_a_clear_message(name, role):
    hostile = FIXTURES / name
    args = (hostile, BUYER, BAKER) if role == "domain" else (DOMAIN, hostile, BAKER)
    with pytest.raises(LevelError) as caught:
        import_genius(*args)
    assert caught.value.user_lines == [
        f"{hostile}: (file): refused unsafe XML (EntitiesForbidden): the file declares "
        "entities or external references, which could expand without limit or read other "
        "files; GENIUS files need neither"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "line 1 column 1: not well-formed XML: no element found"),
        ("<a><b></a>", "line 1 column 9: not well-formed XML: mismatched tag"),
        (
            "<?xml version='1.0'?>\n<a>\n  <b x=1/>\n</a>",
            "line 3 column 8: not well-formed XML: not well-formed (invalid token)",
        ),
        ("<utility_space/>", "(root): the domain declares no issues"),
        (
            '<o><issue index="1" name="A" type="discrete"/></o>',
            "issue[0]: issue 'A' has no items with a value",
        ),
        (
            '<o><issue index="1" name="A"><item value="x"/><item value="x"/></issue></o>',
            "issue[0]: issue 'A' lists 'x' twice",
        ),
        (
            '<o><issue index="1" name="A"><item value="x"/></issue>'
            '<issue index="1" name="B"><item value="y"/></issue></o>',
            "issue[1]: issues 'A' and 'B' share the index 1",
        ),
        (
            '<o><issue index="1" name="A" type="integer"/></o>',
            "issue[0]: issue 'A' needs a lowerbound and an upperbound",
        ),
        (
            '<o><issue index="1" name="A" type="integer" lowerbound="1" upperbound="x"/></o>',
            "issue[0]: the upperbound of 'A' is not a number (got 'x')",
        ),
        (
            '<o><issue index="1" name="A" type="integer" lowerbound="1.5" upperbound="3"/></o>',
            "issue[0]: integer issue 'A' needs whole-number bounds",
        ),
        (
            '<o><issue index="1" name="A" type="integer" lowerbound="0" upperbound="100000"/></o>',
            "issue[0]: integer issue 'A' has 100,001 values; the game handles at most 10,000",
        ),
        (
            '<o><issue index="1" name="A" type="real" lowerbound="5" upperbound="1"/></o>',
            "issue[0]: issue 'A': upperbound 1 is below 5",
        ),
        (
            '<o><issue index="1" name="A" type="set"/></o>',
            "issue[0]: issue type 'set' is not supported (discrete, integer, real)",
        ),
    ],
)
def test_broken_domains(tmp_path, text, expected):
    path = write(tmp_path, "domain.xml", text)
    with pytest.raises(LevelError) as caught:
        read_domain(path)
    assert caught.value.user_lines == [f"{path}: {expected}"]


FLAVOUR_ITEMS = '<item value="plain" evaluation="1"/><item value="berry" evaluation="2"/><item value="chocolate" evaluation="3"/>'
DAYS = '<issue index="2" type="integer" name="Delivery days"><evaluator slope="-0.25" offset="1"/></issue>'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            profile(f'<issue index="1" name="Flavour">{FLAVOUR_ITEMS}</issue>{DAYS}'),
            "weight[2]: no weight for issue 'Delivery days'",
        ),
        (
            profile(
                f'<issue index="1" name="Flavour">{FLAVOUR_ITEMS}</issue>{DAYS}',
                '<weight index="1" value="-1"/><weight index="2" value="1"/>',
            ),
            "weight[1]: weights must not be negative",
        ),
        (
            profile(
                f'<issue index="1" name="Flavour">{FLAVOUR_ITEMS}</issue>{DAYS}',
                '<weight index="1" value="0"/><weight index="2" value="0"/>',
            ),
            "weights: all weights are zero",
        ),
        (
            profile(
                f'<issue index="1" name="Flavour">{FLAVOUR_ITEMS}<item value="mint" evaluation="1"/></issue>{DAYS}',
                '<weight index="1" value="1"/><weight index="2" value="1"/>',
            ),
            "issue[1]: items not in the domain: mint",
        ),
        (
            profile(
                '<issue index="1" name="Flavour"><item value="plain" evaluation="0"/></issue>'
                + DAYS,
                '<weight index="1" value="1"/><weight index="2" value="1"/>',
            ),
            "issue[1]: every item of 'Flavour' evaluates to 0, yet the issue has a weight "
            "(GENIUS would divide by a zero maximum)",
        ),
        (
            profile(
                '<issue index="1" name="Flavour"><item value="plain" evaluation="-2"/></issue>'
                + DAYS,
                '<weight index="1" value="1"/><weight index="2" value="1"/>',
            ),
            "issue[1]: evaluations must not be negative",
        ),
    ],
)
def test_broken_profiles(tmp_path, text, expected):
    path = write(tmp_path, "profile.xml", text)
    with pytest.raises(LevelError) as caught:
        import_genius(DOMAIN, path, BAKER)
    assert caught.value.user_lines == [f"{path}: {expected}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            profile("", '<weight index="1" value="NaN"/>'),
            "weight[1]: the weight is not a number (got 'NaN')",
        ),
        (
            profile("", '<weight index="1" value="1e999"/>'),
            "weight[1]: the weight is not a number (got '1e999')",
        ),
        (
            profile('<issue index="1" name="A"><item value="a" evaluation="lots"/></issue>'),
            "issue[1]: the evaluation of 'a' is not a number (got 'lots')",
        ),
        (
            profile(
                '<issue index="1" type="integer" name="A"><evaluator slope="x" offset="0"/></issue>'
            ),
            "issue[1].evaluator: the slope is not a number (got 'x')",
        ),
        (
            profile(
                '<issue index="1" type="real" name="A"><evaluator ftype="triangular"/></issue>'
            ),
            "issue[1].evaluator: evaluator type 'triangular' is not supported (linear, constant)",
        ),
        (
            profile('<issue index="1" type="real" name="A"/>'),
            "issue[1]: the real issue has no <evaluator>",
        ),
        (profile("", extra='<reservation value="1.5"/>'), "reservation: 1.5 is outside [0, 1]"),
        (
            profile("", extra='<reservation value="high"/>'),
            "reservation: the value is not a number (got 'high')",
        ),
    ],
)
def test_broken_profile_numbers(tmp_path, text, expected):
    path = write(tmp_path, "profile.xml", text)
    with pytest.raises(LevelError) as caught:
        read_profile(path)
    assert caught.value.user_lines == [f"{path}: {expected}"]


def test_a_discount_outside_the_range_means_no_discount(tmp_path):
    path = write(tmp_path, "p.xml", profile("", extra='<discount_factor value="0"/>'))
    assert read_profile(path).discount == 1.0


def test_missing_files_and_folders(tmp_path):
    with pytest.raises(LevelError) as caught:
        read_domain(tmp_path / "nope.xml")
    assert caught.value.user_lines == [
        f"{tmp_path / 'nope.xml'}: (file): cannot read the file: no such file or directory"
    ]
    with pytest.raises(LevelError) as caught:
        read_profile(tmp_path)
    assert caught.value.user_lines == [f"{tmp_path}: (file): not a file (a folder or a device?)"]


def _domain_with_items(items: list[str], issues: int = 1) -> str:
    body = "".join(
        f'<issue index="{n + 1}" type="discrete" name="I{n}">'
        + "".join(f'<item index="{i}" value="{v}"/>' for i, v in enumerate(items))
        + "</issue>"
        for n in range(issues)
    )
    return f"<negotiation_template><utility_space><objective>{body}</objective></utility_space></negotiation_template>"


def test_an_issue_with_100000_items_is_refused_at_once(tmp_path, bounded_main_py):
    # options.count(o) per option made this hang for minutes (3.5 MB, under the 4 MiB cap).
    domain = tmp_path / "big_domain.xml"
    domain.write_text(_domain_with_items([f"v{i}" for i in range(100_000)]), encoding="utf-8")
    assert domain.stat().st_size < 4 * 1024 * 1024
    with pytest.raises(LevelError) as caught:
        read_domain(domain)
    assert caught.value.user_lines == [
        f"{domain}: issue[0]: issue 'I0' has 100,000 items; a level's issue may have at most 50"
    ]
    result = bounded_main_py(
        "import-genius", domain, BUYER, BAKER, "--out", tmp_path / "x.json", seconds=20
    )
    assert result.returncode == 1
    assert result.stdout + result.stderr == caught.value.user_lines[0] + "\n"


def test_duplicate_items_are_found_in_one_pass(tmp_path):
    domain = tmp_path / "dup_domain.xml"
    items = [f"v{i}" for i in range(45)] + ["v3", "v7", "v3"]
    domain.write_text(_domain_with_items(items), encoding="utf-8")
    with pytest.raises(LevelError) as caught:
        read_domain(domain)
    assert caught.value.user_lines == [f"{domain}: issue[0]: issue 'I0' lists 'v3', 'v7' twice"]


def test_a_domain_with_more_issues_than_a_level_holds_is_refused(tmp_path):
    domain = tmp_path / "wide_domain.xml"
    domain.write_text(_domain_with_items(["a", "b"], issues=13), encoding="utf-8")
    with pytest.raises(LevelError) as caught:
        read_domain(domain)
    assert caught.value.user_lines == [
        f"{domain}: (root): the domain declares 13 issues; a level may have at most 12"
    ]
