"""`analyze --json` on every built-in level against a brute force written here in plain Python.

The brute force reads the level's JSON itself (issues, weights, value functions, beliefs),
computes every party's utility of every package with plain loops, and finds the frontier,
the Nash, Kalai and maximum-welfare points, the agreement zone and the contingent Nash
point by checking the definitions outcome by outcome.  Nothing is shared with the engine
but the tolerance below which two utilities count as equal.
"""

from __future__ import annotations

import json
import math
from itertools import product
from pathlib import Path

import pytest

from game.cli import main

LEVELS = Path(__file__).resolve().parents[2] / "levels"
LEVEL_IDS = sorted(p.stem for p in LEVELS.glob("*.json") if p.stem != "level.schema")
TIE = 1e-9  # utilities closer than this are equal (the engine's PARETO_TOLERANCE)
RATIONAL = 1e-12  # a package at its reservation value (less rounding) is acceptable


# --------------------------------------------------------------------------- utilities
def issue_values(issue: dict) -> list:
    if issue["type"] == "options":
        return list(issue["options"])
    count = int(math.floor((issue["high"] - issue["low"]) / issue["step"] + 1e-9)) + 1
    return [round(issue["low"] + k * issue["step"], 9) for k in range(count)]


def raw_score(function: dict | None, issue: dict, value, values: list) -> float:
    if function is None:
        function = {"kind": "linear", "direction": "up"}
    kind = function["kind"]
    if kind == "options":
        return float(function["scores"].get(value, 0.0))
    low, high = values[0], values[-1]
    if kind == "linear":
        rising = 1.0 if high == low else (value - low) / (high - low)
        if function.get("direction", "up") == "down" and high != low:
            return 1.0 - rising
        return rising
    if kind == "peak":
        peak, floor = min(max(function["peak"], low), high), function.get("floor", 0.0)
        if value < peak:
            return floor + (1 - floor) * (value - low) / (peak - low)
        if value > peak:
            return floor + (1 - floor) * (high - value) / (high - peak)
        return 1.0
    points = sorted((float(x), float(y)) for x, y in function["points"])
    if value <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if value <= x1:
            return y0 + (y1 - y0) * (value - x0) / (x1 - x0)
    return points[-1][1]


def party_tables(level: dict, preferences: dict) -> dict[str, dict]:
    """Return ``{issue: {value: weight * normalised score}}`` for one party."""
    total = sum(preferences["weights"].values())
    tables = {}
    for issue in level["issues"]:
        values = issue_values(issue)
        function = preferences.get("values", {}).get(issue["id"])
        raw = {v: raw_score(function, issue, v, values) for v in values}
        best = max(raw.values())
        weight = preferences["weights"].get(issue["id"], 0.0) / total
        tables[issue["id"]] = {v: weight * (r / best if best > 0 else 0.0) for v, r in raw.items()}
    return tables


def parties(level: dict) -> list[tuple[str, dict]]:
    """Return (id, preferences) of the player and of every NPC with preferences."""
    found = [("player", level["player"]["preferences"])]
    found += [(n["id"], n["preferences"]) for n in level["npcs"] if n.get("preferences")]
    return found


# --------------------------------------------------------------------------- definitions
def dominates(a: tuple, b: tuple) -> bool:
    return all(x >= y - TIE for x, y in zip(a, b, strict=True)) and any(
        x > y + TIE for x, y in zip(a, b, strict=True)
    )


def frontier(points: list[tuple]) -> list[int]:
    """Return the indices no other point dominates (candidates tried best sum first)."""
    by_sum = sorted(range(len(points)), key=lambda i: -sum(points[i]))
    return [
        i for i in range(len(points)) if not any(dominates(points[j], points[i]) for j in by_sum)
    ]


def rational(point: tuple, reserved: list[float]) -> bool:
    return all(u >= r - RATIONAL for u, r in zip(point, reserved, strict=True))


def nash_product(point: tuple, reserved: list[float]) -> float:
    result = 1.0
    for u, r in zip(point, reserved, strict=True):
        result *= max(u - r, 0.0)
    return result


def best_of(indices: list[int], score) -> tuple[float, set[int]]:
    """Return the best score over ``indices`` and every index within TIE of it."""
    best = max(score(i) for i in indices)
    return best, {i for i in indices if score(i) >= best - TIE}


class BruteForce:
    """Every package of a level, its utilities, and the analysis by definition."""

    def __init__(self, level: dict) -> None:
        self.level = level
        self.parties = parties(level)
        self.tables = [party_tables(level, prefs) for _, prefs in self.parties]
        self.reserved = [float(prefs.get("reservation", 0.0)) for _, prefs in self.parties]
        ids = [issue["id"] for issue in level["issues"]]
        self.outcomes = [
            dict(zip(ids, combo, strict=True))
            for combo in product(*(issue_values(issue) for issue in level["issues"]))
        ]
        self.points = [
            tuple(sum(t[i][o[i]] for i in ids) for t in self.tables) for o in self.outcomes
        ]
        self.pareto = frontier(self.points)
        self.rational_pareto = [i for i in self.pareto if rational(self.points[i], self.reserved)]

    def nash(self) -> tuple[float, set[int]] | None:
        if not self.rational_pareto:
            return None
        return best_of(self.rational_pareto, lambda i: nash_product(self.points[i], self.reserved))

    def kalai(self) -> tuple[float, set[int]] | None:
        if not self.rational_pareto:
            return None
        ideal = [
            max(self.points[i][k] for i in self.rational_pareto) for k in range(len(self.reserved))
        ]

        def worst_relative_gain(i: int) -> float:
            gains = []
            for u, r, top in zip(self.points[i], self.reserved, ideal, strict=True):
                gains.append((u - r) / (top - r) if top - r > 1e-12 else 1.0)
            return min(gains)

        return best_of(self.rational_pareto, worst_relative_gain)

    def max_welfare(self) -> tuple[float, set[int]] | None:
        candidates = [i for i, p in enumerate(self.points) if rational(p, self.reserved)]
        if not candidates:
            return None
        return best_of(candidates, lambda i: sum(self.points[i]))

    def zone(self) -> tuple[float, float] | None:
        issues = self.level["issues"]
        if len(issues) != 1 or issues[0]["type"] != "numeric":
            return None
        inside = [
            o[issues[0]["id"]]
            for o, p in zip(self.outcomes, self.points, strict=True)
            if rational(p, self.reserved)
        ]
        return (min(inside), max(inside)) if inside else None

    def best_plain_nash_product(self) -> float:
        products = [
            nash_product(p, self.reserved) for p in self.points if rational(p, self.reserved)
        ]
        return max(products, default=0.0)

    def contingent(self, event: dict) -> dict:
        """Every package with the event's issues decided twice (if / otherwise), by definition."""
        clause = set(event["issues"])
        choices = []
        for issue in self.level["issues"]:
            values = issue_values(issue)
            if issue["id"] in clause:
                choices.append([(issue["id"], a, b) for a in values for b in values])
            else:
                choices.append([(issue["id"], a, a) for a in values])
        packages, points = [], []
        for combo in product(*choices):
            packages.append(combo)
            point = []
            for (party_id, _), table in zip(self.parties, self.tables, strict=True):
                belief = float(event["beliefs"].get(party_id, 0.5))
                total = 0.0
                for issue_id, if_value, else_value in combo:
                    if issue_id in clause:
                        total += belief * table[issue_id][if_value]
                        total += (1 - belief) * table[issue_id][else_value]
                    else:
                        total += table[issue_id][if_value]
                point.append(total)
            points.append(tuple(point))
        pareto = frontier(points)
        ok = [i for i in pareto if rational(points[i], self.reserved)]
        nash = None
        if ok:
            nash = best_of(ok, lambda i: nash_product(points[i], self.reserved))
        products = [nash_product(p, self.reserved) for p in points if rational(p, self.reserved)]
        return {
            "outcomes": len(points),
            "pareto_size": len(pareto),
            "nash": nash,
            "points": points,
            "packages": packages,
            "best": max(products, default=0.0),
        }


# --------------------------------------------------------------------------- the test
def analyze_json(level_id: str, capsys) -> dict:
    assert main(["analyze", level_id, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def rounded(points) -> list[tuple]:
    return sorted(tuple(round(u, 8) for u in p) for p in points)


def check_point(reported: dict | None, expected, brute: BruteForce, label: str) -> None:
    if expected is None:
        assert reported is None, label
        return
    _, indices = expected
    assert reported is not None, label
    outcome = {k: v for k, v in reported["outcome"].items()}
    matches = [i for i in indices if brute.outcomes[i] == outcome]
    assert matches, f"{label}: {outcome} is not among the brute force's best packages"
    assert reported["utilities"] == pytest.approx(list(brute.points[matches[0]]), abs=1e-9)


@pytest.mark.parametrize("level_id", LEVEL_IDS)
def test_analyze_agrees_with_brute_force(level_id, capsys):
    level = json.loads((LEVELS / f"{level_id}.json").read_text())
    brute = BruteForce(level)
    data = analyze_json(level_id, capsys)

    assert data["parties"] == [pid for pid, _ in brute.parties]
    assert data["outcomes"] == len(brute.outcomes)
    assert data["reserved"] == pytest.approx(brute.reserved)
    assert len(data["pareto"]) == len(brute.pareto)
    assert rounded(data["pareto"]) == rounded(brute.points[i] for i in brute.pareto)
    assert data["agreement_zone"] == any(rational(p, brute.reserved) for p in brute.points)
    check_point(data["nash"], brute.nash(), brute, "Nash")
    check_point(data["kalai"], brute.kalai(), brute, "Kalai")
    check_point(data["max_welfare"], brute.max_welfare(), brute, "max welfare")
    zone = brute.zone()
    if zone is None:
        assert "zopa" not in data
    else:
        assert data["zopa"] == pytest.approx(list(zone))

    events = [e for e in level.get("events", []) if e.get("issues")]
    assert len(data.get("contingent", [])) == len(events)
    for reported, event in zip(data.get("contingent", []), events, strict=True):
        expected = brute.contingent(event)
        assert reported["event"] == event["id"]
        assert reported["outcomes"] == expected["outcomes"]
        assert reported["pareto_size"] == expected["pareto_size"]
        assert reported["best_nash_product_plain"] == pytest.approx(
            brute.best_plain_nash_product(), abs=1e-12
        )
        assert reported["best_nash_product_contingent"] == pytest.approx(
            expected["best"], abs=1e-12
        )
        if expected["nash"] is None:
            assert reported["nash"] is None
            continue
        nash = reported["nash"]
        clause_issues = set(event["issues"])
        package = tuple(
            (
                issue["id"],
                nash["clause"]["if_happens"][issue["id"]],
                nash["clause"]["otherwise"][issue["id"]],
            )
            if issue["id"] in clause_issues
            else (issue["id"], nash["terms"][issue["id"]], nash["terms"][issue["id"]])
            for issue in level["issues"]
        )
        best = [i for i in expected["nash"][1] if expected["packages"][i] == package]
        assert best, f"contingent Nash {package} is not among the brute force's best"
        assert nash["utilities"] == pytest.approx(list(expected["points"][best[0]]), abs=1e-9)


def test_the_levels_named_in_the_report_have_their_true_frontiers(capsys):
    # Weakly dominated packages used to pass as Pareto-optimal (exact float comparison).
    sizes = {
        lid: len(analyze_json(lid, capsys)["pareto"])
        for lid in ("used-car", "hotel-bread", "job-offer", "two-forks")
    }
    assert sizes == {"used-car": 14, "hotel-bread": 23, "job-offer": 33, "two-forks": 15}


def test_a_weakly_dominated_deal_is_not_on_the_frontier():
    # Hotel-bread: {$7.75, 30 days, 3 years} gives the player +0.011 at the same value to
    # the hotel as {$8.25, 45 days, 3 years}, so the latter is not "no value left".
    from game.engine import Offer
    from game.levels.loader import load_level

    level = load_level(LEVELS / "hotel-bread.json")
    weak = Offer({"price": 8.25, "payment": "45 days", "length": "3 years"})
    better = Offer({"price": 7.75, "payment": "30 days", "length": "3 years"})
    weak_u = level.negotiation.utilities(weak)
    better_u = level.negotiation.utilities(better)
    assert better_u[0] - weak_u[0] == pytest.approx(0.011, abs=1e-3)
    assert better_u[1] == pytest.approx(weak_u[1], abs=1e-12)
    report = level.analysis.report(weak)
    assert not report.on_frontier and report.pareto_distance > 0.01
    assert level.analysis.report(better).on_frontier
