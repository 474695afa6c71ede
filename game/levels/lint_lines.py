"""Checks on a character's lines: criteria that can match, placeholders that get filled,
and a line for every state and event its level can reach."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from game.i18n import N_, tr
from game.levels.problems import Problem, json_path, suggestion
from game.levels.schema import LevelModel, NpcModel
from game.npc.dialogue import DIALOGUE_KEYS, PLACEHOLDERS, placeholders
from game.npc.lines import default_lines
from game.npc.rules import FACTS, Rule, matches
from game.npc.spec import FactRange

NEEDED = ("opening", "offer", "walk", "agreed", "walked", "answer_closed", "said_again")
"""What every party character must be able to say (with ``accept`` or, at a table, ``support``)."""
NEEDED_BY_MEDIATOR = ("opening", "mediator_text")

FILLED = frozenset(PLACEHOLDERS) | frozenset(
    name for name, fact in FACTS.items() if fact.kind in ("text", "number")
)
"""Every placeholder some fact fills."""

KEYS_DOCUMENTED = N_(
    "every key, with when it is said, is in docs/level-authoring.md "
    "(Dialogue keys: when each is said)"
)
"""The end of the line that reports a misspelt dialogue key: where the keys are explained
(marked for translation: translated where the line is made)."""


def unknown_key(key: str, hint: str) -> str:
    """Return the problem of a dialogue key the game does not know (``key`` as shown)."""
    return tr("unknown dialogue key {key}{hint}: {where}").format(
        key=key, hint=hint, where=tr(KEYS_DOCUMENTED)
    )


def unfilled_here(model: LevelModel) -> dict[str, str]:
    """Return the placeholders this level never fills, each with the fix to give.

    A line that uses one is never said (the character says another line instead), so the
    designer's words would silently disappear: ``{player}`` needs a ``player.name`` other
    than the default "You", ``{second_issue}`` a third issue, ``{low_issue}`` a second one.
    """
    out: dict[str, str] = {}
    if model.player.name.strip().lower() == "you":
        out["player"] = tr(
            'the level gives the player no name (player.name is "You"), so {placeholder} is '
            'never filled and the line is never said: set player.name (e.g. "Sam") or '
            "write the line without {placeholder}"
        ).format(placeholder="{player}")
    issues = len(model.issues)
    if issues <= 2:
        out["second_issue"] = tr(
            "{placeholder} needs a level of three issues or more (this one has {count}), "
            "so the line is never said: name the issue in the text instead"
        ).format(placeholder="{second_issue}", count=issues)
    if issues <= 1:
        out["low_issue"] = tr(
            "{placeholder} needs a level of two issues or more (this one has 1), so the line "
            "is never said: name the issue in the text instead"
        ).format(placeholder="{low_issue}")
    return out


def static_facts(model: LevelModel, npc: NpcModel) -> dict[str, Any]:
    """Return the facts fixed for a character in this level (as the match computes them)."""
    parties = 1 + len([n for n in model.npcs if n.preferences is not None])
    issues = len(model.issues)
    return {
        "archetype": npc.strategy.kind,
        "register": npc.voice,
        "persona": npc.role,
        "level_kind": model.kind,
        "parties": parties,
        "group": parties > 2,
        "issues": issues,
        "one_issue": issues == 1,
    }


def _opening_problem(model: LevelModel, issue_id: str, value: str) -> tuple[str, str] | None:
    """Return ``(field, reason)`` when an option an interest opens is not one that can open."""
    issues = {issue.id: issue for issue in model.issues}
    issue = issues.get(issue_id)
    if issue is None:
        return "issue", _no_issue(issue_id, list(issues))
    options = list(getattr(issue, "options", None) or [])
    if not options:
        return "issue", tr("{issue} is not an options issue: only an option can be closed").format(
            issue=repr(issue_id)
        )
    if value not in options:
        return "value", tr("{issue} has no option {value}{hint}").format(
            issue=repr(issue_id), value=repr(value), hint=suggestion(value, options)
        )
    closed = {
        o.value
        for npc in model.npcs
        for interest in npc.interests
        for o in interest.opens
        if o.issue == issue_id
    }
    if set(options) <= closed:
        return "value", tr("every option of {issue} would be closed: leave one open").format(
            issue=repr(issue_id)
        )
    return None


def _no_issue(issue_id: str, issue_ids: list[str]) -> str:
    return tr("there is no issue {issue}{hint}").format(
        issue=repr(issue_id), hint=suggestion(issue_id, issue_ids)
    )


def _claim_problem(claim: Any, issue_ids: list[str]) -> tuple[str, str] | None:
    """Return ``(field, reason)`` when a claim the character may make cannot be made."""
    if claim.issue is not None and claim.issue not in issue_ids:
        return "issue", _no_issue(claim.issue, issue_ids)
    if claim.kind == "priority" and claim.issue is None:
        return "issue", tr("a priority claim names the issue it exaggerates")
    if claim.kind != "batna" and (claim.value is not None or claim.worth is not None):
        return "value", tr("only a batna claim names a figure (value) and what it is worth (worth)")
    return None


def _values(condition: Any) -> list[Any]:
    if isinstance(condition, FactRange):
        banned = condition.not_
        return [] if banned is None else banned if isinstance(banned, list) else [banned]
    return condition if isinstance(condition, list) else [condition]


def _criterion_problem(name: str, condition: Any, fixed: Mapping[str, Any]) -> str | None:
    """Return why one criterion is wrong or can never hold here (None when it can hold)."""
    fact = FACTS.get(name)
    if fact is None:
        return tr("there is no fact {name}{hint}").format(
            name=repr(name), hint=suggestion(name, list(FACTS))
        )
    ranged = isinstance(condition, FactRange)
    if ranged and (condition.min is not None or condition.max is not None):
        if fact.kind != "number":
            return tr("{name} is not a number: min and max never hold").format(name=repr(name))
        if (
            condition.min is not None
            and condition.max is not None
            and condition.min > condition.max
        ):
            return tr("min {low} is above max {high}: it never holds").format(
                low=f"{condition.min:g}", high=f"{condition.max:g}"
            )
    for value in _values(condition):
        if fact.kind == "flag" and not isinstance(value, bool):
            return tr("{name} is true or false, never {value}").format(
                name=repr(name), value=repr(value)
            )
        if fact.kind == "number" and (
            isinstance(value, bool) or not isinstance(value, int | float)
        ):
            return tr("{name} is a number, never {value}").format(
                name=repr(name), value=repr(value)
            )
        if fact.values and fact.kind in ("text", "list") and value not in fact.values:
            return tr("{name} is never {value}{hint}; it is one of {values}").format(
                name=repr(name),
                value=repr(value),
                hint=suggestion(str(value), [str(v) for v in fact.values]),
                values=", ".join(str(v) for v in fact.values),
            )
    if fact.static and name in fixed:
        plain = condition.model_dump(by_alias=True, exclude_none=True) if ranged else condition
        if not matches({name: plain}, fixed):
            return tr("never said here: {name} is {value} for this character").format(
                name=name, value=json.dumps(fixed[name])
            )
    return None


def _sayable(rule: Rule, fixed: Mapping[str, Any]) -> bool:
    static = {k: v for k, v in rule.when.items() if k in FACTS and FACTS[k].static}
    return matches(static, fixed) and all(p in FILLED for p in placeholders(rule.text))


def lint_npc_lines(
    model: LevelModel, index: int, npc: NpcModel, add: Callable[[Problem], None]
) -> None:
    """Report problems with one character's ``lines`` and ``dialogue``."""
    fixed = static_facts(model, npc)
    _lint_line_tables(model, index, npc, fixed, add)
    _lint_interests_and_claims(model, index, npc, add)
    _lint_needed_lines(index, npc, fixed, add)


def _lint_line_tables(
    model: LevelModel,
    index: int,
    npc: NpcModel,
    fixed: Mapping[str, Any],
    add: Callable[[Problem], None],
) -> None:
    """Unknown keys, placeholders no fact fills and criteria that never hold."""
    known_keys = sorted(DIALOGUE_KEYS)
    unfilled = unfilled_here(model)
    for field in ("lines", "dialogue"):
        table = getattr(npc, field)
        for key, lines in table.items():
            if key not in DIALOGUE_KEYS:
                if field == "lines":  # dialogue keys are checked with the rest of the level
                    add(
                        Problem(
                            json_path(["npcs", index, field, key]),
                            unknown_key(repr(key), suggestion(key, known_keys)),
                        )
                    )
                continue
            for number, line in enumerate(lines):
                where = ["npcs", index, field, key, number]
                for name in placeholders(line.text):
                    if name in unfilled:
                        add(Problem(json_path([*where, "text"]), unfilled[name]))
                    elif name not in FILLED:
                        add(
                            Problem(
                                json_path([*where, "text"]),
                                tr("no fact fills the placeholder {placeholder}{hint}").format(
                                    placeholder="{" + name + "}",
                                    hint=suggestion(name, sorted(FILLED)),
                                ),
                            )
                        )
                for name, condition in line.when.items():
                    reason = _criterion_problem(name, condition, fixed)
                    if reason is not None:
                        add(Problem(json_path([*where, "when", name]), reason))


def _lint_interests_and_claims(
    model: LevelModel, index: int, npc: NpcModel, add: Callable[[Problem], None]
) -> None:
    """Interests and claims that name issues or options the level does not have."""
    issue_ids = [issue.id for issue in model.issues]
    for number, interest in enumerate(npc.interests):
        for position, issue_id in enumerate(interest.issues):
            if issue_id not in issue_ids:
                add(
                    Problem(
                        json_path(["npcs", index, "interests", number, "issues", position]),
                        _no_issue(issue_id, issue_ids),
                    )
                )
        for place, opening in enumerate(interest.opens):
            where: list[str | int] = ["npcs", index, "interests", number, "opens", place]
            problem = _opening_problem(model, opening.issue, opening.value)
            if problem is not None:
                add(Problem(json_path([*where, problem[0]]), problem[1]))
    for number, claim in enumerate(getattr(npc, "misrepresentations", ())):
        problem = _claim_problem(claim, issue_ids)
        if problem is not None:
            add(
                Problem(
                    json_path(["npcs", index, "misrepresentations", number, problem[0]]), problem[1]
                )
            )


def _lint_needed_lines(
    index: int, npc: NpcModel, fixed: Mapping[str, Any], add: Callable[[Problem], None]
) -> None:
    """A situation the level can reach for which the character has no line it can say."""
    archetype = npc.strategy.kind
    if archetype == "mediator":
        needed: tuple[str, ...] = NEEDED_BY_MEDIATOR
    else:
        needed = (*NEEDED, "support" if fixed["group"] else "accept")
    for key in needed:
        if key in npc.dialogue:
            rules = [Rule(line.text, line.emotion, line.criteria()) for line in npc.dialogue[key]]
            where = json_path(["npcs", index, "dialogue", key])
        else:
            own = [
                Rule(line.text, line.emotion, line.criteria()) for line in npc.lines.get(key, [])
            ]
            rules = [*own, *default_lines(archetype, key)]
            where = json_path(["npcs", index, "lines"])
        if not any(_sayable(rule, fixed) for rule in rules):
            add(
                Problem(
                    where,
                    tr(
                        "{name} has no line it can say for {key} in this level: "
                        "every candidate has a criterion that never holds here"
                    ).format(name=npc.name, key=repr(key)),
                )
            )
