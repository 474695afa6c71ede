"""The second pass over a level: cross references, assets, and whether the stars are reachable."""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from game.engine import Analysis
from game.engine.analysis import contingent_points
from game.engine.analytics import individually_rational
from game.engine.measures import Measure, best_reachable, measure_rows
from game.i18n import ngettext, tr
from game.levels.lint_rules import MODEL_RULES, LintContext, at_path, value_count
from game.levels.problems import Problem
from game.levels.schema import LevelModel, max_packages

OBJECTIVE_MEASURES: dict[str, Measure] = {
    "player_utility_at_least": "player_utility",
    "joint_utility_at_least": "joint_utility",
    "min_satisfaction_at_least": "min_satisfaction",
}


def package_count(model: LevelModel) -> int:
    """Return how many packages a schema-valid level's issues make, and with each event's
    clause how many the split space makes (the larger), without enumerating any."""
    sizes: dict[str, int] = {}
    for issue in model.issues:
        if issue.type == "numeric":
            sizes[issue.id] = value_count(issue.low, issue.high, issue.step)
        else:
            sizes[issue.id] = len(issue.options)
    size = math.prod(sizes.values())
    largest = size
    for event in model.events:
        split = size * math.prod(sizes.get(i, 1) for i in dict.fromkeys(event.issues))
        largest = max(largest, split)
    return largest


def analysis_weight(model: LevelModel) -> int:
    """Return the packages a level makes, each counted by the work it costs to analyse: one
    for a level of two parties, more for a level of three or more (whose limit is lower by
    the same factor), so a level at its limit always weighs ``MAX_PACKAGES_TWO_PARTIES``."""
    parties = 1 + sum(1 for n in model.npcs if n.preferences is not None)
    return package_count(model) * (max_packages(2) // max_packages(parties))


def within_package_limit(model: LevelModel) -> bool:
    """Return whether the level is small enough to analyse (checked before anything is built)."""
    parties = 1 + sum(1 for n in model.npcs if n.preferences is not None)
    return package_count(model) <= max_packages(parties)


def lint_model(
    model: LevelModel, base_dir: Path | None, carried_portraits: Iterable[str] = ()
) -> list[Problem]:
    """Return every cross-reference and asset problem of a schema-valid level.

    Each rule of :data:`game.levels.lint_rules.MODEL_RULES` runs in turn; the problems come
    in the order of the rules.  ``carried_portraits``: portrait sets that travel with the
    level (a class pack's), known besides the game's and the level folder's.
    """
    problems: list[Problem] = []
    level = LintContext.of(model, base_dir, carried_portraits)
    for rule in MODEL_RULES:
        rule(level, problems.append)
    return problems


def lint_openings(model: LevelModel, analysis: Analysis) -> list[Problem]:
    """Return a problem for each option an interest opens that creates no value.

    Opening it must raise the best Nash product of the deals every party accepts: the
    option is worth more to the other side than it costs the player (the lights in the
    bike sale).  An option that adds nothing teaches nothing.
    """
    space = analysis.negotiation.space
    utilities = analysis.utilities
    closed: dict[str, set[str]] = {}
    for npc in model.npcs:
        for interest in npc.interests:
            for opening in interest.opens:
                closed.setdefault(opening.issue, set()).add(opening.value)
    if not closed or space.size > 500_000:
        return []
    positions = space.value_indices(np.arange(space.size))
    shut = np.zeros(space.size, dtype=bool)
    for issue_id, values in closed.items():
        if issue_id not in space.issue_ids:
            return []  # reported by the lint of the lines
        issue = space.issue(issue_id)
        column = positions[:, space.position(issue_id)]
        for value in values:
            if value in issue.values:
                shut |= column == issue.values.index(value)
    problems = []
    best_closed = _nash_product(utilities[~shut], analysis.reserved)
    for index, npc in enumerate(model.npcs):
        for number, interest in enumerate(npc.interests):
            for place, opening in enumerate(interest.opens):
                if opening.issue not in space.issue_ids:
                    continue
                issue = space.issue(opening.issue)
                if opening.value not in issue.values:
                    continue
                column = positions[:, space.position(opening.issue)]
                opened = ~shut | (column == issue.values.index(opening.value))
                if _nash_product(utilities[opened], analysis.reserved) <= best_closed + 1e-9:
                    problems.append(
                        Problem(
                            at_path("npcs", index, "interests", number, "opens", place),
                            tr(
                                "opening {value} creates no value: the best deal for "
                                "everyone is as good without it (an option should be worth "
                                "more to them than it costs you)"
                            ).format(value=repr(opening.value)),
                        )
                    )
    return problems


def _nash_product(utilities: np.ndarray, reserved: np.ndarray) -> float:
    if not len(utilities):
        return 0.0
    mask = individually_rational(utilities, reserved)
    if not mask.any():
        return 0.0
    return float(np.clip(utilities[mask] - reserved[None, :], 0.0, None).prod(axis=1).max())


def lint_reachability(model: LevelModel, analysis: Analysis) -> list[Problem]:
    """Return a problem when three stars cannot be reached even in the best possible deal,
    or an option an interest opens creates no value."""
    negotiation = analysis.negotiation
    player = list(negotiation.party_ids).index(negotiation.player.id)
    matrices = [analysis.utilities]
    for contingent in analysis.contingent:
        matrices.append(contingent_points(analysis, contingent))
    utilities = np.vstack(matrices)
    best = best_reachable(model.scoring.measure, utilities, analysis.reserved, player)
    problems = []
    measure = model.scoring.measure
    for index, threshold in enumerate(model.scoring.stars):
        if threshold > best + 1e-9:
            reachable = math.floor(best * 1000 + 1e-9) / 1000
            message = ngettext(
                "{n} star needs {measure} {threshold}, but the best any deal (or walking "
                "away) gives is {best}: lower it to at most {best}",
                "{n} stars need {measure} {threshold}, but the best any deal (or walking "
                "away) gives is {best}: lower it to at most {best}",
                index + 1,
            )
            problems.append(
                Problem(
                    f"scoring.stars[{index}]",
                    message.format(
                        n=index + 1,
                        measure=measure,
                        threshold=f"{threshold:g}",
                        best=f"{reachable:g}",
                    ),
                )
            )
            break  # the thresholds ascend: the higher ones are impossible too
    deals = utilities[individually_rational(utilities, analysis.reserved)]
    for index, objective in enumerate(model.objectives):
        measure_name = OBJECTIVE_MEASURES.get(objective.kind)
        if measure_name is None or objective.value is None or not len(deals):
            continue
        top = float(measure_rows(measure_name, deals, analysis.reserved, player).max())
        if objective.value > top + 1e-9:
            problems.append(
                Problem(
                    f"objectives[{index}].value",
                    tr(
                        "{value} is above the best {measure} of any deal every party "
                        "accepts ({top}): this objective can never be met"
                    ).format(
                        value=f"{objective.value:g}",
                        measure=measure_name,
                        top=f"{math.floor(top * 1000 + 1e-9) / 1000:g}",
                    ),
                )
            )
    return problems + lint_openings(model, analysis)
