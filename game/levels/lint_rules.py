"""The level linter's model rules: one named function per check, run in order by ``lint_model``.

Each rule takes the level (with the lookups every rule shares, worked out once in
:class:`LintContext`) and a function that records a problem.  Add a check by writing a
rule and listing it in :data:`MODEL_RULES`; the order of that list is the order in which
the problems are reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from game.engine import PLAYER
from game.engine.issues import MAX_ISSUE_VALUES
from game.levels.lint_lines import KEYS_DOCUMENTED, lint_npc_lines
from game.levels.lint_text import lint_translations
from game.levels.portraits import (
    LEVEL_PORTRAITS,
    known_portraits,
    level_portrait_problems,
    level_portraits,
)
from game.levels.problems import Problem, json_path, shown, suggestion
from game.levels.schema import RESERVED_IDS, LevelModel, PreferencesModel, max_packages
from game.npc.dialogue import DIALOGUE_KEYS

__all__ = [
    "MODEL_RULES",
    "NEEDS_VALUE",
    "AddProblem",
    "LintContext",
    "LintRule",
    "at_path",
    "lint_asset",
    "lint_preferences",
    "value_count",
]

AddProblem = Callable[[Problem], None]

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


def at_path(base: str, *parts: str | int) -> str:
    """Return ``base`` extended by keys written by the designer (quoted when not plain)."""
    tail = json_path(parts)
    return base + tail if tail.startswith("[") else f"{base}.{tail}"


def value_count(low: float, high: float, step: float) -> int:
    """Return how many values a numeric issue has (without overflowing on a tiny step)."""
    ratio = (high - low) / step
    if not math.isfinite(ratio) or ratio > 1e15:
        return 10**15
    return int(math.floor(ratio + 1e-9)) + 1


def _for_parties(parties: int) -> str:
    return "with two parties" if parties <= 2 else f"with {parties} parties"


def _many(count: int) -> str:
    return "more than 10^15" if count >= 10**15 else f"{count:,}"


@dataclass(frozen=True)
class LintContext:
    """A schema-valid level and the lookups its rules share (worked out once)."""

    model: LevelModel
    base_dir: Path | None
    issue_ids: list[str]
    issues: dict[str, Any]
    npc_ids: list[str]
    party_ids: list[str]
    evidence_ids: list[str]
    sizes: dict[str, int]
    """How many values each issue has."""
    size: int
    """How many packages the issues make."""
    limit: int
    """How many packages the game can analyse with this many parties."""
    mediators: int
    carried_portraits: frozenset[str] = frozenset()
    """Portrait sets that travel with the level without a folder (a class pack's own)."""

    @classmethod
    def of(
        cls, model: LevelModel, base_dir: Path | None, carried_portraits: Iterable[str] = ()
    ) -> LintContext:
        """Return the context of ``model`` (assets are looked up under ``base_dir``)."""
        counts = [
            value_count(issue.low, issue.high, issue.step)
            if issue.type == "numeric"
            else len(issue.options)
            for issue in model.issues
        ]
        size = 1
        for count in counts:
            size *= count
        party_ids = [PLAYER, *[n.id for n in model.npcs if n.preferences is not None]]
        return cls(
            model=model,
            base_dir=base_dir,
            issue_ids=[i.id for i in model.issues],
            issues={i.id: i for i in model.issues},
            npc_ids=[n.id for n in model.npcs],
            party_ids=party_ids,
            evidence_ids=[e.id for e in model.evidence],
            sizes={issue.id: count for issue, count in zip(model.issues, counts, strict=True)},
            size=size,
            limit=max_packages(len(party_ids)),
            mediators=sum(1 for n in model.npcs if n.preferences is None),
            carried_portraits=frozenset(carried_portraits),
        )


LintRule = Callable[[LintContext, AddProblem], None]


def duplicate_ids(level: LintContext, add: AddProblem) -> None:
    """Each issue, NPC, event, evidence card and objective has its own id."""
    model = level.model
    for where, ids in (
        ("issues", level.issue_ids),
        ("npcs", level.npc_ids),
        ("events", [e.id for e in model.events]),
        ("evidence", level.evidence_ids),
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


def reserved_ids(level: LintContext, add: AddProblem) -> None:
    """No NPC takes an id the game keeps for itself (``player``, ``mediator``)."""
    for index, npc_id in enumerate(level.npc_ids):
        if npc_id in RESERVED_IDS:
            add(Problem(f"npcs[{index}].id", f"{npc_id!r} is reserved; choose another id"))


def issue_sizes(level: LintContext, add: AddProblem) -> None:
    """No numeric issue has too many values, and the issues make few enough packages."""
    for index, issue in enumerate(level.model.issues):
        if issue.type != "numeric":
            continue
        count = value_count(issue.low, issue.high, issue.step)
        if count > MAX_ISSUE_VALUES:
            add(
                Problem(
                    f"issues[{index}].step",
                    f"a step of {issue.step:g} from {issue.low:g} to {issue.high:g} makes "
                    f"{_many(count)} values (at most {MAX_ISSUE_VALUES:,}): use a larger step",
                )
            )
    if level.size > level.limit:
        add(
            Problem(
                "issues",
                f"the issues make {_many(level.size)} possible deals, more than the "
                f"{level.limit:,} the game can analyse {_for_parties(len(level.party_ids))}: "
                "use fewer issues or options, or larger steps",
            )
        )


def player_preferences(level: LintContext, add: AddProblem) -> None:
    """The player's preferences speak of the level's issues."""
    lint_preferences("player.preferences", level.model.player.preferences, level.issues, add)


def npcs(level: LintContext, add: AddProblem) -> None:
    """Each NPC's dialogue keys, lines, preferences and strategy references are known."""
    model = level.model
    known_keys = sorted(DIALOGUE_KEYS)
    for index, npc in enumerate(model.npcs):
        for key in npc.dialogue:
            if key not in DIALOGUE_KEYS:
                add(
                    Problem(
                        json_path(["npcs", index, "dialogue", key]),
                        f"unknown dialogue key {shown(key)}{suggestion(key, known_keys)}: "
                        f"{KEYS_DOCUMENTED}",
                    )
                )
        lint_npc_lines(model, index, npc, add)
        _npc_preferences(level, index, npc, add)
        _npc_strategy(level, index, npc, add)


def _npc_preferences(level: LintContext, index: int, npc: Any, add: AddProblem) -> None:
    where = f"npcs[{index}]"
    if npc.preferences is None:
        if npc.strategy.kind != "mediator":
            add(
                Problem(
                    f"{where}.preferences",
                    "this field is required (only an NPC with strategy kind 'mediator' "
                    "has no preferences)",
                )
            )
        return
    if npc.strategy.kind == "mediator":
        add(Problem(f"{where}.preferences", "a mediator is neutral: leave its preferences out"))
    lint_preferences(f"{where}.preferences", npc.preferences, level.issues, add)


def _npc_strategy(level: LintContext, index: int, npc: Any, add: AddProblem) -> None:
    where = f"npcs[{index}]"
    strategy = npc.strategy
    for key_index, card in enumerate(getattr(strategy, "moved_by", []) or []):
        if card not in level.evidence_ids:
            add(
                Problem(
                    f"{where}.strategy.moved_by[{key_index}]",
                    f"unknown evidence card {card!r}{suggestion(card, level.evidence_ids)}",
                )
            )
    price = getattr(strategy, "price_issue", None)
    if price is not None and price not in level.issues:
        add(
            Problem(
                f"{where}.strategy.price_issue",
                f"unknown issue {price!r}{suggestion(price, level.issue_ids)}",
            )
        )


def parties(level: LintContext, add: AddProblem) -> None:
    """At most one mediator, and at least one NPC who negotiates."""
    if level.mediators > 1:
        add(Problem("npcs", "a level can have at most one mediator"))
    if len(level.party_ids) < 2:
        add(
            Problem(
                "npcs", "at least one NPC must have preferences (a mediator alone cannot negotiate)"
            )
        )


def events(level: LintContext, add: AddProblem) -> None:
    """Each uncertain event names known parties and issues, and its clause can be analysed."""
    party_ids = level.party_ids
    for index, event in enumerate(level.model.events):
        for party in event.beliefs:
            if party not in party_ids:
                add(
                    Problem(
                        at_path(f"events[{index}].beliefs", party),
                        f"unknown party {party!r}{suggestion(party, party_ids)}",
                    )
                )
        for issue_index, issue_id in enumerate(event.issues):
            if issue_id not in level.issues:
                add(
                    Problem(
                        f"events[{index}].issues[{issue_index}]",
                        f"unknown issue {issue_id!r}{suggestion(issue_id, level.issue_ids)}",
                    )
                )
            elif issue_id in event.issues[:issue_index]:
                add(
                    Problem(
                        f"events[{index}].issues[{issue_index}]", f"{issue_id!r} is named twice"
                    )
                )
        split = level.size
        for issue_id in dict.fromkeys(event.issues):
            split *= level.sizes.get(issue_id, 1)
        if level.size <= level.limit < split:
            add(
                Problem(
                    f"events[{index}].issues",
                    f"a clause on this event decides {', '.join(event.issues)} twice (if it "
                    f"happens and if not): {_many(split)} packages, more than the "
                    f"{level.limit:,} the game can analyse {_for_parties(len(party_ids))}: "
                    "name fewer issues, or give them fewer values",
                )
            )


def evidence(level: LintContext, add: AddProblem) -> None:
    """Each evidence card has a known holder and issue, and a benchmark within that issue."""
    for index, card in enumerate(level.model.evidence):
        where = f"evidence[{index}]"
        if card.holder not in level.party_ids:
            add(
                Problem(
                    f"{where}.holder",
                    f"unknown party {card.holder!r}{suggestion(card.holder, level.party_ids)}",
                )
            )
        if card.issue is not None and card.issue not in level.issues:
            add(
                Problem(
                    f"{where}.issue",
                    f"unknown issue {card.issue!r}{suggestion(card.issue, level.issue_ids)}",
                )
            )
        elif card.issue is not None and card.benchmark is not None:
            _benchmark(where, card, level.issues[card.issue], add)
        if card.benchmark is not None and card.issue is None:
            add(Problem(f"{where}.issue", "a benchmark value needs the issue it speaks to"))


def _benchmark(where: str, card: Any, issue: Any, add: AddProblem) -> None:
    if issue.type == "numeric":
        if isinstance(card.benchmark, str):
            add(
                Problem(
                    f"{where}.benchmark",
                    f"{issue.id} is numeric: give a number from {issue.low:g} to {issue.high:g}",
                )
            )
        elif not issue.low <= card.benchmark <= issue.high:
            add(
                Problem(
                    f"{where}.benchmark",
                    f"{card.benchmark:g} is outside {issue.id} ({issue.low:g} to {issue.high:g}), "
                    f"so citing it can never move the talks: give a value from {issue.low:g} "
                    f"to {issue.high:g}",
                )
            )
    elif str(card.benchmark) not in issue.options:
        add(
            Problem(
                f"{where}.benchmark",
                f"{card.benchmark!r} is not an option of {issue.id}"
                f"{suggestion(str(card.benchmark), issue.options)}",
            )
        )


def rules(level: LintContext, add: AddProblem) -> None:
    """The rules name a known first mover, a protocol and quorum that fit the parties, and
    a mediator when the player may call one."""
    party_ids = level.party_ids
    rules = level.model.rules
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
                f"alternating offers take two parties, this level has {len(party_ids)}: "
                "use unanimity or majority",
            )
        )
    if rules.quorum is not None and rules.quorum > len(party_ids):
        add(Problem("rules.quorum", f"{rules.quorum} is more than the {len(party_ids)} parties"))
    if rules.mediator.allowed and level.mediators == 0:
        add(
            Problem(
                "rules.mediator.allowed",
                "the player may call a mediator, but no NPC has strategy kind 'mediator'",
            )
        )


def objectives(level: LintContext, add: AddProblem) -> None:
    """Each objective has the value its kind needs and can be met in this level."""
    model = level.model
    for index, objective in enumerate(model.objectives):
        kind = objective.kind
        if kind in NEEDS_VALUE and objective.value is None:
            add(Problem(f"objectives[{index}].value", f"objective kind {kind!r} needs a value"))
        missing = {
            "used_contingent_clause": (
                not model.events,
                "the level has no uncertain events for a clause",
            ),
            "used_evidence": (
                not any(c.holder == PLAYER for c in model.evidence),
                "the player holds no evidence cards",
            ),
            "grievances_resolved": (
                not any(n.grievances for n in model.npcs),
                "no NPC has a grievance to resolve",
            ),
            "let_go": (
                not model.player.grievances,
                "the player has no grievance card to let go",
            ),
            "own_package_supported": (
                sum(1 for n in model.npcs if n.preferences is not None) < 2,
                "a coalition needs at least two other parties (a multi-party level)",
            ),
            "claims_tested": (
                not any(n.misrepresentations for n in model.npcs),
                "no character makes a claim to test (give one misrepresentations)",
            ),
            "interests_found": (
                not any(n.interests for n in model.npcs),
                "no character has an interest to find (give one interests)",
            ),
        }.get(kind)
        if missing is not None and missing[0]:
            add(Problem(f"objectives[{index}].kind", missing[1]))
        if objective.value is not None:
            reason = _off_scale(level, kind, objective.value)
            if reason is not None:
                add(Problem(f"objectives[{index}].value", reason))


def _off_scale(level: LintContext, kind: str, value: float) -> str | None:
    """Return why an objective's value lies outside what its measure can reach, with the fix."""
    model = level.model
    if kind == "trust_at_least" and not 0 <= value <= 100:
        return (
            f"trust runs from 0 to 100, so {value:g} can never be reached: "
            "give a value from 0 to 100 (a character starts at 50 unless its trust says otherwise)"
        )
    if kind in ("trust_gain_at_least", "trust_earned_at_least"):
        starts = [n.trust for n in model.npcs if n.preferences is not None]
        room = 100 - max(starts, default=50)
        if value > room:
            return (
                f"trust stops at 100 and a character here starts at {100 - room:g}, so a gain "
                f"of {value:g} can never be reached: give at most {room:g}"
            )
    if kind == "restated_interests" and not 0 <= value <= 1:
        verdict = "can never be reached" if value > 1 else "is always met"
        return (
            f"accuracy runs from 0 to 1, so {value:g} {verdict}: "
            "give a value from 0 to 1 (0.8 means 80 %)"
        )
    if kind == "within_rounds":
        deadline = model.rules.deadline_rounds
        if value < 1:
            return f"a negotiation lasts at least 1 round, so {value:g} can never be met: give 1 to {deadline}"
        if value > deadline:
            return (
                f"the deadline is {deadline} rounds (rules.deadline_rounds), so within {value:g} "
                f"is always met: give at most {deadline}"
            )
    if kind == "own_package_supported":
        others = len(level.party_ids) - 1
        if not 1 <= round(value) <= others:
            return (
                f"a package can win the support of 1 to {others} other parties here, so "
                f"{value:g} can never be met: give a value from 1 to {others}"
            )
    return None


def portraits(level: LintContext, add: AddProblem) -> None:
    """Each character's portrait is a set the game has or a complete set beside the level."""
    known = known_portraits()
    own = level_portraits(level.base_dir)
    checked: set[str] = set()
    for index, npc in enumerate(level.model.npcs):
        where = f"npcs[{index}].portrait"
        if npc.portrait in level.carried_portraits:
            continue  # checked where it travels (a class pack checks its own images)
        if npc.portrait in own and level.base_dir is not None:
            if npc.portrait not in checked:  # a set two characters share is told once
                checked.add(npc.portrait)
                for problem in level_portrait_problems(level.base_dir, npc.portrait):
                    add(Problem(where, problem))
        elif known is not None and npc.portrait not in known:
            names = sorted({*known, *own})
            if level.base_dir is None:
                where_else = "the game's portraits are"
            else:  # kept short: the list of the game's sets comes last and may be clipped
                mine = f" (it has {', '.join(own)})" if own else ""
                where_else = f"not in {LEVEL_PORTRAITS}/ beside the level{mine}; the game's are"
            add(
                Problem(
                    where,
                    f"unknown portrait {shown(npc.portrait)}{suggestion(npc.portrait, names)}: "
                    f"{where_else} {', '.join(known)}",
                )
            )


def assets(level: LintContext, add: AddProblem) -> None:
    """Each asset is a file inside the level's folder."""
    for name, relative in level.model.assets.items():
        problem = lint_asset(relative, level.base_dir)
        if problem:
            add(Problem(at_path("assets", name), problem))


def translations(level: LintContext, add: AddProblem) -> None:
    """Each translation names the level's own ids, labels and line keys."""
    lint_translations(level.model, add)


MODEL_RULES: tuple[LintRule, ...] = (
    duplicate_ids,
    reserved_ids,
    issue_sizes,
    player_preferences,
    npcs,
    portraits,
    parties,
    events,
    evidence,
    rules,
    objectives,
    assets,
    translations,
)
"""Every model rule, in the order their problems are reported."""


def lint_asset(relative: str, base_dir: Path | None) -> str | None:
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


def lint_preferences(
    where: str, prefs: PreferencesModel, issues: dict[str, Any], add: AddProblem
) -> None:
    """Preferences weigh and value known issues, with scores for every weighted option."""
    ids = list(issues)
    for issue_id in prefs.weights:
        if issue_id not in issues:
            add(
                Problem(
                    at_path(f"{where}.weights", issue_id),
                    f"unknown issue {shown(issue_id)}{suggestion(issue_id, ids)}",
                )
            )
    if all(w == 0 for w in prefs.weights.values()):
        add(Problem(f"{where}.weights", "all weights are zero: at least one issue must matter"))
    for issue_id, function in prefs.values.items():
        place = at_path(f"{where}.values", issue_id)
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
                            at_path(f"{place}.scores", label),
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
