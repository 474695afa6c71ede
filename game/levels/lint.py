"""The second pass over a level: cross references, assets, and whether the stars are reachable."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np

from game.engine import MAX_OUTCOMES, Analysis
from game.engine.analysis import contingent_points
from game.engine.issues import MAX_ISSUE_VALUES
from game.engine.measures import best_reachable
from game.levels.problems import Problem, suggestion
from game.levels.schema import RESERVED_IDS, LevelModel, PreferencesModel

NEEDS_VALUE = {
    "player_utility_at_least",
    "joint_utility_at_least",
    "min_satisfaction_at_least",
    "trust_at_least",
    "trust_gain_at_least",
    "within_rounds",
    "restated_interests",
}


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
        for duplicate, count in Counter(ids).items():
            if count > 1:
                index = max(i for i, x in enumerate(ids) if x == duplicate)
                add(Problem(f"{where}[{index}].id", f"id {duplicate!r} is used {count} times"))
    for index, npc_id in enumerate(npc_ids):
        if npc_id in RESERVED_IDS:
            add(Problem(f"npcs[{index}].id", f"{npc_id!r} is reserved; choose another id"))

    size = 1
    for index, issue in enumerate(model.issues):
        if issue.type == "numeric":
            count = int(math.floor((issue.high - issue.low) / issue.step + 1e-9)) + 1
            if count > MAX_ISSUE_VALUES:
                add(
                    Problem(
                        f"issues[{index}].step",
                        f"makes {count:,} values (at most {MAX_ISSUE_VALUES:,}): use a larger step",
                    )
                )
            size *= count
        else:
            size *= len(issue.options)
    if size > MAX_OUTCOMES:
        add(
            Problem(
                "issues",
                f"the issues make {size:,} outcomes, more than the {MAX_OUTCOMES:,} the game can analyse: use fewer options or a larger step",
            )
        )

    _lint_preferences("player.preferences", model.player.preferences, issues, add)
    mediators = 0
    for index, npc in enumerate(model.npcs):
        where = f"npcs[{index}]"
        if npc.preferences is None:
            mediators += 1
            if npc.strategy.kind != "mediator":
                add(Problem(f"{where}.preferences", "is required (only a mediator has none)"))
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
                        f"events[{index}].beliefs.{party}",
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
        add(Problem("rules.mediator.allowed", "no NPC is a mediator (strategy kind 'mediator')"))

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
        if objective.kind == "let_go" and not model.player.grievances:
            add(Problem(f"objectives[{index}].kind", "the player has no grievance card to let go"))

    for name, relative in model.assets.items():
        where = f"assets.{name}"
        if base_dir is None:
            continue
        candidate = Path(relative)
        if candidate.is_absolute() or ".." in candidate.parts:
            add(Problem(where, f"{relative!r} must be a path inside the level's folder"))
            continue
        target = (base_dir / candidate).resolve()
        if not target.is_relative_to(base_dir.resolve()):
            add(Problem(where, f"{relative!r} points outside the level's folder"))
        elif not target.is_file():
            add(Problem(where, f"{relative!r} does not exist next to the level"))
    return problems


def _lint_preferences(where: str, prefs: PreferencesModel, issues: dict, add) -> None:
    ids = list(issues)
    for issue_id in prefs.weights:
        if issue_id not in issues:
            add(
                Problem(
                    f"{where}.weights.{issue_id}",
                    f"unknown issue {issue_id!r}{suggestion(issue_id, ids)}",
                )
            )
    if all(w == 0 for w in prefs.weights.values()):
        add(Problem(f"{where}.weights", "all weights are zero: at least one issue must matter"))
    for issue_id, function in prefs.values.items():
        place = f"{where}.values.{issue_id}"
        issue = issues.get(issue_id)
        if issue is None:
            add(Problem(place, f"unknown issue {issue_id!r}{suggestion(issue_id, ids)}"))
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
                            f"{place}.scores.{label}",
                            f"{label!r} is not an option of {issue_id}{suggestion(label, issue.options)}",
                        )
                    )
            if all(s == 0 for s in function.scores.values()):
                add(Problem(f"{place}.scores", "every option scores zero"))
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
            add(Problem(f"{where}.values", f"missing scores for the options of {issue_id!r}"))


def lint_reachability(model: LevelModel, analysis: Analysis) -> list[Problem]:
    """Return a problem when three stars cannot be reached even in the best possible deal."""
    negotiation = analysis.negotiation
    player = list(negotiation.party_ids).index(negotiation.player.id)
    matrices = [analysis.utilities]
    for contingent in analysis.contingent:
        matrices.append(contingent_points(analysis, contingent))
    utilities = np.vstack(matrices)
    best = best_reachable(model.scoring.measure, utilities, analysis.reserved, player)
    problems = []
    top = model.scoring.stars[2]
    if top > best + 1e-9:
        problems.append(
            Problem(
                "scoring.stars[2]",
                f"{top:g} is above the best reachable {model.scoring.measure} ({best:.3f}): "
                "three stars would be impossible",
            )
        )
    return problems
