"""The second pass over a level: cross references, assets, and whether the stars are reachable."""

from __future__ import annotations

import math
from pathlib import Path, PurePosixPath, PureWindowsPath

import numpy as np

from game.engine import Analysis
from game.engine.analysis import contingent_points
from game.engine.analytics import individually_rational
from game.engine.issues import MAX_ISSUE_VALUES
from game.engine.measures import best_reachable, measure_rows
from game.levels.lint_lines import lint_npc_lines
from game.levels.problems import Problem, json_path, shown, suggestion
from game.levels.schema import RESERVED_IDS, LevelModel, PreferencesModel, max_packages
from game.npc.dialogue import DIALOGUE_KEYS

OBJECTIVE_MEASURES = {
    "player_utility_at_least": "player_utility",
    "joint_utility_at_least": "joint_utility",
    "min_satisfaction_at_least": "min_satisfaction",
}

NEEDS_VALUE = {
    "player_utility_at_least",
    "joint_utility_at_least",
    "min_satisfaction_at_least",
    "trust_at_least",
    "trust_gain_at_least",
    "trust_earned_at_least",
    "within_rounds",
    "restated_interests",
}


def _at(base: str, *parts: str | int) -> str:
    """Return ``base`` extended by keys written by the designer (quoted when not plain)."""
    tail = json_path(parts)
    return base + tail if tail.startswith("[") else f"{base}.{tail}"


def _value_count(low: float, high: float, step: float) -> int:
    """Return how many values a numeric issue has (without overflowing on a tiny step)."""
    ratio = (high - low) / step
    if not math.isfinite(ratio) or ratio > 1e15:
        return 10**15
    return int(math.floor(ratio + 1e-9)) + 1


def _for_parties(parties: int) -> str:
    return "with two parties" if parties <= 2 else f"with {parties} parties"


def package_count(model: LevelModel) -> int:
    """Return how many packages a schema-valid level's issues make, and with each event's
    clause how many the split space makes (the larger), without enumerating any."""
    sizes: dict[str, int] = {}
    for issue in model.issues:
        if issue.type == "numeric":
            sizes[issue.id] = _value_count(issue.low, issue.high, issue.step)
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


def lint_model(model: LevelModel, base_dir: Path | None) -> list[Problem]:
    """Return every cross-reference and asset problem of a schema-valid level."""
    problems: list[Problem] = []
    add = problems.append
    issue_ids = [i.id for i in model.issues]
    issues = {i.id: i for i in model.issues}
    npc_ids = [n.id for n in model.npcs]
    party_ids = ["player", *[n.id for n in model.npcs if n.preferences is not None]]
    evidence_ids = [e.id for e in model.evidence]

    for where, ids in (
        ("issues", issue_ids),
        ("npcs", npc_ids),
        ("events", [e.id for e in model.events]),
        ("evidence", evidence_ids),
        ("objectives", [o.id for o in model.objectives]),
    ):
        first: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in first:
                add(
                    Problem(
                        f"{where}[{index}].id",
                        f"duplicate id {item_id!r}: {where}[{first[item_id]}] already uses it",
                    )
                )
            else:
                first[item_id] = index
    for index, npc_id in enumerate(npc_ids):
        if npc_id in RESERVED_IDS:
            add(Problem(f"npcs[{index}].id", f"{npc_id!r} is reserved; choose another id"))

    size = 1
    sizes: dict[str, int] = {}
    for index, issue in enumerate(model.issues):
        if issue.type == "numeric":
            count = _value_count(issue.low, issue.high, issue.step)
            sizes[issue.id] = count
            if count > MAX_ISSUE_VALUES:
                many = "more than 10^15" if count >= 10**15 else f"{count:,}"
                add(
                    Problem(
                        f"issues[{index}].step",
                        f"a step of {issue.step:g} from {issue.low:g} to {issue.high:g} makes "
                        f"{many} values (at most {MAX_ISSUE_VALUES:,}): use a larger step",
                    )
                )
            size *= count
        else:
            sizes[issue.id] = len(issue.options)
            size *= len(issue.options)
    limit = max_packages(len(party_ids))
    if size > limit:
        many = "more than 10^15" if size >= 10**15 else f"{size:,}"
        add(
            Problem(
                "issues",
                f"the issues make {many} possible deals, more than the {limit:,} the game "
                f"can analyse {_for_parties(len(party_ids))}: use fewer issues or options, "
                "or larger steps",
            )
        )

    _lint_preferences("player.preferences", model.player.preferences, issues, add)
    mediators = 0
    for index, npc in enumerate(model.npcs):
        where = f"npcs[{index}]"
        known_keys = sorted(DIALOGUE_KEYS)
        for key in npc.dialogue:
            if key not in DIALOGUE_KEYS:
                add(
                    Problem(
                        json_path(["npcs", index, "dialogue", key]),
                        f"unknown dialogue key {shown(key)}{suggestion(key, known_keys)}; "
                        f"keys are the NPC's states and events: {', '.join(known_keys)}",
                    )
                )
        lint_npc_lines(model, index, npc, add)
        if npc.preferences is None:
            mediators += 1
            if npc.strategy.kind != "mediator":
                add(
                    Problem(
                        f"{where}.preferences",
                        "this field is required (only an NPC with strategy kind 'mediator' "
                        "has no preferences)",
                    )
                )
        else:
            if npc.strategy.kind == "mediator":
                add(
                    Problem(
                        f"{where}.preferences", "a mediator is neutral: leave its preferences out"
                    )
                )
            _lint_preferences(f"{where}.preferences", npc.preferences, issues, add)
        strategy = npc.strategy
        for key_index, card in enumerate(getattr(strategy, "moved_by", []) or []):
            if card not in evidence_ids:
                add(
                    Problem(
                        f"{where}.strategy.moved_by[{key_index}]",
                        f"unknown evidence card {card!r}{suggestion(card, evidence_ids)}",
                    )
                )
        price = getattr(strategy, "price_issue", None)
        if price is not None and price not in issues:
            add(
                Problem(
                    f"{where}.strategy.price_issue",
                    f"unknown issue {price!r}{suggestion(price, issue_ids)}",
                )
            )
    if mediators > 1:
        add(Problem("npcs", "a level can have at most one mediator"))
    if len(party_ids) < 2:
        add(
            Problem(
                "npcs", "at least one NPC must have preferences (a mediator alone cannot negotiate)"
            )
        )

    for index, event in enumerate(model.events):
        for party in event.beliefs:
            if party not in party_ids:
                add(
                    Problem(
                        _at(f"events[{index}].beliefs", party),
                        f"unknown party {party!r}{suggestion(party, party_ids)}",
                    )
                )
        for issue_index, issue_id in enumerate(event.issues):
            if issue_id not in issues:
                add(
                    Problem(
                        f"events[{index}].issues[{issue_index}]",
                        f"unknown issue {issue_id!r}{suggestion(issue_id, issue_ids)}",
                    )
                )
            elif issue_id in event.issues[:issue_index]:
                add(
                    Problem(
                        f"events[{index}].issues[{issue_index}]", f"{issue_id!r} is named twice"
                    )
                )
        split = size
        for issue_id in dict.fromkeys(event.issues):
            split *= sizes.get(issue_id, 1)
        if size <= limit < split:
            many = "more than 10^15" if split >= 10**15 else f"{split:,}"
            add(
                Problem(
                    f"events[{index}].issues",
                    f"a clause on this event decides {', '.join(event.issues)} twice (if it "
                    f"happens and if not): {many} packages, more than the {limit:,} the "
                    f"game can analyse {_for_parties(len(party_ids))}: name fewer issues, or "
                    "give them fewer values",
                )
            )

    for index, card in enumerate(model.evidence):
        where = f"evidence[{index}]"
        if card.holder not in party_ids:
            add(
                Problem(
                    f"{where}.holder",
                    f"unknown party {card.holder!r}{suggestion(card.holder, party_ids)}",
                )
            )
        if card.issue is not None and card.issue not in issues:
            add(
                Problem(
                    f"{where}.issue",
                    f"unknown issue {card.issue!r}{suggestion(card.issue, issue_ids)}",
                )
            )
        elif card.issue is not None and card.benchmark is not None:
            issue = issues[card.issue]
            if issue.type == "numeric":
                if isinstance(card.benchmark, str) or not issue.low <= card.benchmark <= issue.high:
                    add(
                        Problem(
                            f"{where}.benchmark",
                            f"must be a number within {issue.id} ({issue.low:g}-{issue.high:g})",
                        )
                    )
            elif str(card.benchmark) not in issue.options:
                add(
                    Problem(
                        f"{where}.benchmark",
                        f"{card.benchmark!r} is not an option of {issue.id}{suggestion(str(card.benchmark), issue.options)}",
                    )
                )
        if card.benchmark is not None and card.issue is None:
            add(Problem(f"{where}.issue", "a benchmark value needs the issue it speaks to"))

    rules = model.rules
    if rules.first_mover not in party_ids:
        add(
            Problem(
                "rules.first_mover",
                f"unknown party {rules.first_mover!r}{suggestion(rules.first_mover, party_ids)}",
            )
        )
    if rules.protocol == "alternating" and len(party_ids) != 2:
        add(
            Problem(
                "rules.protocol",
                f"alternating offers take two parties, this level has {len(party_ids)}: use unanimity or majority",
            )
        )
    if rules.quorum is not None and rules.quorum > len(party_ids):
        add(Problem("rules.quorum", f"{rules.quorum} is more than the {len(party_ids)} parties"))
    if rules.mediator.allowed and mediators == 0:
        add(
            Problem(
                "rules.mediator.allowed",
                "the player may call a mediator, but no NPC has strategy kind 'mediator'",
            )
        )

    for index, objective in enumerate(model.objectives):
        if objective.kind in NEEDS_VALUE and objective.value is None:
            add(
                Problem(
                    f"objectives[{index}].value", f"objective kind {objective.kind!r} needs a value"
                )
            )
        if objective.kind == "used_contingent_clause" and not model.events:
            add(
                Problem(
                    f"objectives[{index}].kind", "the level has no uncertain events for a clause"
                )
            )
        if objective.kind == "used_evidence" and not any(
            c.holder == "player" for c in model.evidence
        ):
            add(Problem(f"objectives[{index}].kind", "the player holds no evidence cards"))
        if objective.kind in ("grievances_resolved",) and not any(n.grievances for n in model.npcs):
            add(Problem(f"objectives[{index}].kind", "no NPC has a grievance to resolve"))
        if objective.kind == "own_package_supported" and (
            sum(1 for n in model.npcs if n.preferences is not None) < 2
        ):
            add(
                Problem(
                    f"objectives[{index}].kind",
                    "a coalition needs at least two other parties (a multi-party level)",
                )
            )
        if objective.kind == "let_go" and not model.player.grievances:
            add(Problem(f"objectives[{index}].kind", "the player has no grievance card to let go"))

    for name, relative in model.assets.items():
        problem = _lint_asset(relative, base_dir)
        if problem:
            add(Problem(_at("assets", name), problem))
    return problems


def _lint_asset(relative: str, base_dir: Path | None) -> str | None:
    """Return what is wrong with an asset path (relative to the level's folder), if anything."""
    posix = PurePosixPath(relative.replace("\\", "/"))
    if (
        posix.is_absolute()
        or PureWindowsPath(relative).anchor
        or ".." in posix.parts
        or "\x00" in relative
    ):
        return (
            f"{relative!r} leads outside the level's folder: give a path inside it, "
            "such as 'art/background.png'"
        )
    if base_dir is None:
        return None  # a level read from bytes alone has no folder to look in
    try:
        folder = base_dir.resolve()
        target = (folder / posix).resolve()
    except (OSError, RuntimeError):
        return f"{relative!r} cannot be followed (a link loop?)"
    if not target.is_relative_to(folder):
        return f"{relative!r} points outside the level's folder (through a link)"
    if not target.is_file():
        return f"{relative!r} was not found in the level's folder"
    return None


def _lint_preferences(where: str, prefs: PreferencesModel, issues: dict, add) -> None:
    ids = list(issues)
    for issue_id in prefs.weights:
        if issue_id not in issues:
            add(
                Problem(
                    _at(f"{where}.weights", issue_id),
                    f"unknown issue {shown(issue_id)}{suggestion(issue_id, ids)}",
                )
            )
    if all(w == 0 for w in prefs.weights.values()):
        add(Problem(f"{where}.weights", "all weights are zero: at least one issue must matter"))
    for issue_id, function in prefs.values.items():
        place = _at(f"{where}.values", issue_id)
        issue = issues.get(issue_id)
        if issue is None:
            add(Problem(place, f"unknown issue {shown(issue_id)}{suggestion(issue_id, ids)}"))
            continue
        if issue.type == "options":
            if function.kind != "options":
                add(
                    Problem(
                        f"{place}.kind", f"{issue_id} has options: use kind 'options' with scores"
                    )
                )
                continue
            for label in function.scores:
                if label not in issue.options:
                    add(
                        Problem(
                            _at(f"{place}.scores", label),
                            f"{shown(label)} is not an option of {issue_id}{suggestion(label, issue.options)}",
                        )
                    )
            if all(s == 0 for s in function.scores.values()) and prefs.weights.get(issue_id, 0) > 0:
                add(
                    Problem(
                        f"{place}.scores",
                        "every option scores zero, yet the issue has a weight: give the best "
                        "option a score above zero",
                    )
                )
        elif function.kind == "options":
            add(Problem(f"{place}.kind", f"{issue_id} is numeric: use 'linear', 'peak' or 'table'"))
        elif function.kind == "peak" and not issue.low <= function.peak <= issue.high:
            add(
                Problem(
                    f"{place}.peak",
                    f"{function.peak:g} is outside {issue_id} ({issue.low:g}-{issue.high:g})",
                )
            )
    for issue_id, issue in issues.items():
        if (
            issue.type == "options"
            and prefs.weights.get(issue_id, 0) > 0
            and issue_id not in prefs.values
        ):
            add(
                Problem(
                    f"{where}.values",
                    f"missing scores for the options of {issue_id!r} (it has a weight, "
                    f'so add "{issue_id}": {{"kind": "options", "scores": {{...}}}})',
                )
            )


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
                            _at("npcs", index, "interests", number, "opens", place),
                            f"opening {opening.value!r} creates no value: the best deal for "
                            "everyone is as good without it (an option should be worth more "
                            "to them than it costs you)",
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
            stars = "1 star needs" if index == 0 else f"{index + 1} stars need"
            reachable = math.floor(best * 1000 + 1e-9) / 1000
            problems.append(
                Problem(
                    f"scoring.stars[{index}]",
                    f"{stars} {measure} {threshold:g}, but the best any deal (or walking away) "
                    f"gives is {reachable:g}: lower it to at most {reachable:g}",
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
                    f"{objective.value:g} is above the best {measure_name} of any deal "
                    f"every party accepts ({math.floor(top * 1000 + 1e-9) / 1000:g}): "
                    "this objective can never be met",
                )
            )
    return problems + lint_openings(model, analysis)
