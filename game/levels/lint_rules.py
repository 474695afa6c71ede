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
from game.i18n import N_, number, tr
from game.levels.lint_lines import lint_npc_lines, unknown_key
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
    if parties <= 2:
        return tr("with two parties")
    return tr("with {count} parties").format(count=parties)


def _many(count: int) -> str:
    return tr("more than 10^15") if count >= 10**15 else number(count)


def _unknown(what: str, name: str, hint: str) -> str:
    """Return the problem of a name that is none of the level's ``what``."""
    return {
        "issue": tr("unknown issue {name}{hint}"),
        "party": tr("unknown party {name}{hint}"),
        "evidence": tr("unknown evidence card {name}{hint}"),
    }[what].format(name=name, hint=hint)


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
                        tr("duplicate id {id}: {where} already uses it").format(
                            id=repr(item_id), where=f"{where}[{first[item_id]}]"
                        ),
                    )
                )
            else:
                first[item_id] = index


def reserved_ids(level: LintContext, add: AddProblem) -> None:
    """No NPC takes an id the game keeps for itself (``player``, ``mediator``)."""
    for index, npc_id in enumerate(level.npc_ids):
        if npc_id in RESERVED_IDS:
            add(
                Problem(
                    f"npcs[{index}].id",
                    tr("{id} is reserved; choose another id").format(id=repr(npc_id)),
                )
            )


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
                    tr(
                        "a step of {step} from {low} to {high} makes {count} values "
                        "(at most {most}): use a larger step"
                    ).format(
                        step=f"{issue.step:g}",
                        low=f"{issue.low:g}",
                        high=f"{issue.high:g}",
                        count=_many(count),
                        most=number(MAX_ISSUE_VALUES),
                    ),
                )
            )
    if level.size > level.limit:
        add(
            Problem(
                "issues",
                tr(
                    "the issues make {count} possible deals, more than the {limit} the game "
                    "can analyse {parties}: use fewer issues or options, or larger steps"
                ).format(
                    count=_many(level.size),
                    limit=number(level.limit),
                    parties=_for_parties(len(level.party_ids)),
                ),
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
                        unknown_key(shown(key), suggestion(key, known_keys)),
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
                    tr(
                        "this field is required (only an NPC with strategy kind 'mediator' "
                        "has no preferences)"
                    ),
                )
            )
        return
    if npc.strategy.kind == "mediator":
        add(Problem(f"{where}.preferences", tr("a mediator is neutral: leave its preferences out")))
    lint_preferences(f"{where}.preferences", npc.preferences, level.issues, add)


def _npc_strategy(level: LintContext, index: int, npc: Any, add: AddProblem) -> None:
    where = f"npcs[{index}]"
    strategy = npc.strategy
    for key_index, card in enumerate(getattr(strategy, "moved_by", []) or []):
        if card not in level.evidence_ids:
            add(
                Problem(
                    f"{where}.strategy.moved_by[{key_index}]",
                    _unknown("evidence", repr(card), suggestion(card, level.evidence_ids)),
                )
            )
    price = getattr(strategy, "price_issue", None)
    if price is not None and price not in level.issues:
        add(
            Problem(
                f"{where}.strategy.price_issue",
                _unknown("issue", repr(price), suggestion(price, level.issue_ids)),
            )
        )


def parties(level: LintContext, add: AddProblem) -> None:
    """At most one mediator, and at least one NPC who negotiates."""
    if level.mediators > 1:
        add(Problem("npcs", tr("a level can have at most one mediator")))
    if len(level.party_ids) < 2:
        add(
            Problem(
                "npcs",
                tr("at least one NPC must have preferences (a mediator alone cannot negotiate)"),
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
                        _unknown("party", repr(party), suggestion(party, party_ids)),
                    )
                )
        for issue_index, issue_id in enumerate(event.issues):
            if issue_id not in level.issues:
                add(
                    Problem(
                        f"events[{index}].issues[{issue_index}]",
                        _unknown("issue", repr(issue_id), suggestion(issue_id, level.issue_ids)),
                    )
                )
            elif issue_id in event.issues[:issue_index]:
                add(
                    Problem(
                        f"events[{index}].issues[{issue_index}]",
                        tr("{issue} is named twice").format(issue=repr(issue_id)),
                    )
                )
        split = level.size
        for issue_id in dict.fromkeys(event.issues):
            split *= level.sizes.get(issue_id, 1)
        if level.size <= level.limit < split:
            add(
                Problem(
                    f"events[{index}].issues",
                    tr(
                        "a clause on this event decides {issues} twice (if it happens and if "
                        "not): {count} packages, more than the {limit} the game can analyse "
                        "{parties}: name fewer issues, or give them fewer values"
                    ).format(
                        issues=", ".join(event.issues),
                        count=_many(split),
                        limit=number(level.limit),
                        parties=_for_parties(len(party_ids)),
                    ),
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
                    _unknown("party", repr(card.holder), suggestion(card.holder, level.party_ids)),
                )
            )
        if card.issue is not None and card.issue not in level.issues:
            add(
                Problem(
                    f"{where}.issue",
                    _unknown("issue", repr(card.issue), suggestion(card.issue, level.issue_ids)),
                )
            )
        elif card.issue is not None and card.benchmark is not None:
            _benchmark(where, card, level.issues[card.issue], add)
        if card.benchmark is not None and card.issue is None:
            add(Problem(f"{where}.issue", tr("a benchmark value needs the issue it speaks to")))


def _benchmark(where: str, card: Any, issue: Any, add: AddProblem) -> None:
    if issue.type == "numeric":
        if isinstance(card.benchmark, str):
            add(
                Problem(
                    f"{where}.benchmark",
                    tr("{issue} is numeric: give a number from {low} to {high}").format(
                        issue=issue.id, low=f"{issue.low:g}", high=f"{issue.high:g}"
                    ),
                )
            )
        elif not issue.low <= card.benchmark <= issue.high:
            add(
                Problem(
                    f"{where}.benchmark",
                    tr(
                        "{value} is outside {issue} ({low} to {high}), so citing it can never "
                        "move the talks: give a value from {low} to {high}"
                    ).format(
                        value=f"{card.benchmark:g}",
                        issue=issue.id,
                        low=f"{issue.low:g}",
                        high=f"{issue.high:g}",
                    ),
                )
            )
    elif str(card.benchmark) not in issue.options:
        add(
            Problem(
                f"{where}.benchmark",
                tr("{value} is not an option of {issue}{hint}").format(
                    value=repr(card.benchmark),
                    issue=issue.id,
                    hint=suggestion(str(card.benchmark), issue.options),
                ),
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
                _unknown(
                    "party", repr(rules.first_mover), suggestion(rules.first_mover, party_ids)
                ),
            )
        )
    if rules.protocol == "alternating" and len(party_ids) != 2:
        add(
            Problem(
                "rules.protocol",
                tr(
                    "alternating offers take two parties, this level has {count}: "
                    "use unanimity or majority"
                ).format(count=len(party_ids)),
            )
        )
    if rules.quorum is not None and rules.quorum > len(party_ids):
        add(
            Problem(
                "rules.quorum",
                tr("{quorum} is more than the {count} parties").format(
                    quorum=rules.quorum, count=len(party_ids)
                ),
            )
        )
    if rules.mediator.allowed and level.mediators == 0:
        add(
            Problem(
                "rules.mediator.allowed",
                tr("the player may call a mediator, but no NPC has strategy kind 'mediator'"),
            )
        )


def objectives(level: LintContext, add: AddProblem) -> None:
    """Each objective has the value its kind needs and can be met in this level."""
    model = level.model
    for index, objective in enumerate(model.objectives):
        kind = objective.kind
        if kind in NEEDS_VALUE and objective.value is None:
            add(
                Problem(
                    f"objectives[{index}].value",
                    tr("objective kind {kind} needs a value").format(kind=repr(kind)),
                )
            )
        missing = {
            "used_contingent_clause": (
                not model.events,
                N_("the level has no uncertain events for a clause"),
            ),
            "used_evidence": (
                not any(c.holder == PLAYER for c in model.evidence),
                N_("the player holds no evidence cards"),
            ),
            "grievances_resolved": (
                not any(n.grievances for n in model.npcs),
                N_("no NPC has a grievance to resolve"),
            ),
            "let_go": (
                not model.player.grievances,
                N_("the player has no grievance card to let go"),
            ),
            "own_package_supported": (
                sum(1 for n in model.npcs if n.preferences is not None) < 2,
                N_("a coalition needs at least two other parties (a multi-party level)"),
            ),
            "claims_tested": (
                not any(n.misrepresentations for n in model.npcs),
                N_("no character makes a claim to test (give one misrepresentations)"),
            ),
            "interests_found": (
                not any(n.interests for n in model.npcs),
                N_("no character has an interest to find (give one interests)"),
            ),
        }.get(kind)
        if missing is not None and missing[0]:
            add(Problem(f"objectives[{index}].kind", tr(missing[1])))
        if objective.value is not None:
            reason = _off_scale(level, kind, objective.value)
            if reason is not None:
                add(Problem(f"objectives[{index}].value", reason))


def _off_scale(level: LintContext, kind: str, value: float) -> str | None:
    """Return why an objective's value lies outside what its measure can reach, with the fix."""
    model = level.model
    if kind == "trust_at_least" and not 0 <= value <= 100:
        return tr(
            "trust runs from 0 to 100, so {value} can never be reached: "
            "give a value from 0 to 100 (a character starts at 50 unless its trust says otherwise)"
        ).format(value=f"{value:g}")
    if kind in ("trust_gain_at_least", "trust_earned_at_least"):
        starts = [n.trust for n in model.npcs if n.preferences is not None]
        room = 100 - max(starts, default=50)
        if value > room:
            return tr(
                "trust stops at 100 and a character here starts at {start}, so a gain "
                "of {value} can never be reached: give at most {room}"
            ).format(start=f"{100 - room:g}", value=f"{value:g}", room=f"{room:g}")
    if kind == "restated_interests" and not 0 <= value <= 1:
        if value > 1:
            message = tr(
                "accuracy runs from 0 to 1, so {value} can never be reached: "
                "give a value from 0 to 1 (0.8 means 80 %)"
            )
        else:
            message = tr(
                "accuracy runs from 0 to 1, so {value} is always met: "
                "give a value from 0 to 1 (0.8 means 80 %)"
            )
        return message.format(value=f"{value:g}")
    if kind == "within_rounds":
        deadline = model.rules.deadline_rounds
        if value < 1:
            return tr(
                "a negotiation lasts at least 1 round, so {value} can never be met: "
                "give 1 to {deadline}"
            ).format(value=f"{value:g}", deadline=deadline)
        if value > deadline:
            return tr(
                "the deadline is {deadline} rounds (rules.deadline_rounds), so within {value} "
                "is always met: give at most {deadline}"
            ).format(deadline=deadline, value=f"{value:g}")
    if kind == "own_package_supported":
        others = len(level.party_ids) - 1
        if not 1 <= round(value) <= others:
            return tr(
                "a package can win the support of 1 to {others} other parties here, so "
                "{value} can never be met: give a value from 1 to {others}"
            ).format(others=others, value=f"{value:g}")
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
            name = shown(npc.portrait)
            hint = suggestion(npc.portrait, names)
            game = ", ".join(known)
            if level.base_dir is None:
                message = tr("unknown portrait {name}{hint}: the game's portraits are {game}")
            elif own:  # kept short: the list of the game's sets comes last and may be clipped
                message = tr(
                    "unknown portrait {name}{hint}: not in {folder}/ beside the level "
                    "(it has {own}); the game's are {game}"
                )
            else:
                message = tr(
                    "unknown portrait {name}{hint}: not in {folder}/ beside the level; "
                    "the game's are {game}"
                )
            add(
                Problem(
                    where,
                    message.format(
                        name=name,
                        hint=hint,
                        folder=LEVEL_PORTRAITS,
                        own=", ".join(own),
                        game=game,
                    ),
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
        return tr(
            "{path} leads outside the level's folder: give a path inside it, "
            "such as 'art/background.png'"
        ).format(path=repr(relative))
    if base_dir is None:
        return None  # a level read from bytes alone has no folder to look in
    try:
        folder = base_dir.resolve()
        target = (folder / posix).resolve()
    except (OSError, RuntimeError):
        return tr("{path} cannot be followed (a link loop?)").format(path=repr(relative))
    if not target.is_relative_to(folder):
        return tr("{path} points outside the level's folder (through a link)").format(
            path=repr(relative)
        )
    if not target.is_file():
        return tr("{path} was not found in the level's folder").format(path=repr(relative))
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
                    _unknown("issue", shown(issue_id), suggestion(issue_id, ids)),
                )
            )
    if all(w == 0 for w in prefs.weights.values()):
        add(Problem(f"{where}.weights", tr("all weights are zero: at least one issue must matter")))
    for issue_id, function in prefs.values.items():
        place = at_path(f"{where}.values", issue_id)
        issue = issues.get(issue_id)
        if issue is None:
            add(Problem(place, _unknown("issue", shown(issue_id), suggestion(issue_id, ids))))
            continue
        if issue.type == "options":
            if function.kind != "options":
                add(
                    Problem(
                        f"{place}.kind",
                        tr("{issue} has options: use kind 'options' with scores").format(
                            issue=issue_id
                        ),
                    )
                )
                continue
            for label in function.scores:
                if label not in issue.options:
                    add(
                        Problem(
                            at_path(f"{place}.scores", label),
                            tr("{value} is not an option of {issue}{hint}").format(
                                value=shown(label),
                                issue=issue_id,
                                hint=suggestion(label, issue.options),
                            ),
                        )
                    )
            if all(s == 0 for s in function.scores.values()) and prefs.weights.get(issue_id, 0) > 0:
                add(
                    Problem(
                        f"{place}.scores",
                        tr(
                            "every option scores zero, yet the issue has a weight: give the best "
                            "option a score above zero"
                        ),
                    )
                )
        elif function.kind == "options":
            add(
                Problem(
                    f"{place}.kind",
                    tr("{issue} is numeric: use 'linear', 'peak' or 'table'").format(
                        issue=issue_id
                    ),
                )
            )
        elif function.kind == "peak" and not issue.low <= function.peak <= issue.high:
            add(
                Problem(
                    f"{place}.peak",
                    tr("{value} is outside {issue} ({low}-{high})").format(
                        value=f"{function.peak:g}",
                        issue=issue_id,
                        low=f"{issue.low:g}",
                        high=f"{issue.high:g}",
                    ),
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
                    tr(
                        "missing scores for the options of {issue} (it has a weight, so add {fix})"
                    ).format(
                        issue=repr(issue_id),
                        fix=f'"{issue_id}": {{"kind": "options", "scores": {{...}}}}',
                    ),
                )
            )
