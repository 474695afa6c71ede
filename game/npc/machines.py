"""NPC state machines, declared as data and run by ``transitions``.

Each archetype's behaviour is a list of states and a list of transition dicts
(``trigger``, ``source``, ``dest``, ``conditions``, ``unless``).  Guard names are looked up
in :data:`GUARDS` (a registry of plain functions of the NPC's brain), never imported from
strings.  The machines are flat (no nested states, so the ``_`` separator pitfall cannot
bite), have no automatic ``to_<state>`` triggers (so nothing leaves a terminal state) and
no timeouts: time passes through the ``round_passed`` trigger.

One :class:`ArchetypeMachine` serves every NPC of an archetype: NPC moods are added as
models and removed again when a match closes (``detach``).  Before calling ``transitions``,
:meth:`ArchetypeMachine.fire` checks the same guards itself and skips a trigger that
``transitions`` would ignore anyway; with pure guards the result is identical and the
common "nothing happens" case costs about a microsecond instead of ten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from transitions import Machine

STATES = (
    "opening",
    "exploring",
    "bargaining",
    "conceding",
    "holding",
    "hurt",
    "mediated",
    "closing",
    "agreed",
    "walked",
)
"""Every state an NPC can be in (``holding`` is "holding firm"; ``walked`` is "no deal")."""

TERMINAL = ("agreed", "walked")
LIVE = tuple(s for s in STATES if s not in TERMINAL)

MEDIATOR_STATES = ("opening", "listening", "proposing", "agreed", "walked")

TRIGGERS = (
    "begin",
    "heard",
    "offended",
    "offer_received",
    "round_passed",
    "moved",
    "mediated",
    "deal",
    "ended",
    "asked",
)
"""Triggers: from player moves (heard, offended, offer_received, moved, asked), from time
(begin, round_passed), from the table (mediated, deal, ended)."""


def _t(trigger: str, source, dest: str, conditions=(), unless=()) -> dict[str, Any]:
    return {
        "trigger": trigger,
        "source": list(source) if isinstance(source, tuple | list) else source,
        "dest": dest,
        "conditions": list(conditions),
        "unless": list(unless),
    }


def _endings() -> list[dict[str, Any]]:
    return [_t("deal", LIVE, "agreed"), _t("ended", LIVE, "walked")]


def _base(explore_start: bool, grudge: bool = False) -> dict[str, Any]:
    """The shared skeleton: time-dependent, tit-for-tat, customer-service, integrative, grudge."""
    open_up = ["resolved"] if grudge else ["acknowledged"]
    not_hurt = [s for s in LIVE if s != "hurt"]
    transitions = [_t("begin", "opening", "hurt", ["has_unacknowledged"])]
    if explore_start:
        transitions.append(_t("begin", "opening", "exploring", ["trust_open"]))
    if grudge:
        # a grudge-holder takes every offence personally while anything is unresolved
        transitions.append(_t("offended", not_hurt, "hurt", ["has_open"]))
    transitions += [
        _t("heard", "hurt", "exploring", [*open_up, "trust_open"]),
        _t("heard", "hurt", "bargaining", ["acknowledged"], ["trust_broken"]),
        _t("heard", "opening", "exploring", ["trust_open"], ["has_unacknowledged"]),
        _t("heard", "bargaining", "exploring", ["trust_open", "early"], ["has_unacknowledged"]),
        _t("heard", "holding", "bargaining", ["calm"]),
        _t("offended", not_hurt, "hurt", ["trust_broken"]),
        _t("offended", ("opening", "exploring", "bargaining", "conceding", "closing"), "holding"),
        _t("offer_received", ("opening", "mediated"), "bargaining", [], ["near_aspiration"]),
        _t("offer_received", "exploring", "bargaining", ["explored"], ["near_aspiration"]),
        _t(
            "offer_received",
            ("opening", "exploring", "bargaining", "conceding", "holding", "mediated"),
            "closing",
            ["near_aspiration"],
            ["has_unacknowledged"],
        ),
        _t("offer_received", "closing", "bargaining", [], ["near_aspiration"]),
        _t("round_passed", LIVE, "walked", ["rapport_broken"]),
        _t("round_passed", ("bargaining", "exploring"), "conceding", ["late"]),
        _t("round_passed", "holding", "bargaining", ["calm"]),
        _t("mediated", [s for s in not_hurt if s != "mediated"], "mediated"),
        _t("mediated", "hurt", "mediated", ["acknowledged"]),
        *_endings(),
    ]
    return {"states": list(STATES), "initial": "opening", "transitions": transitions}


def _hardliner() -> dict[str, Any]:
    transitions = [
        _t("begin", "opening", "hurt", ["has_unacknowledged"]),
        _t("begin", "opening", "holding"),
        _t("heard", "hurt", "holding", ["acknowledged"]),
        _t("moved", ("holding", "hurt"), "bargaining", ["acknowledged"]),
        _t("offended", [s for s in LIVE if s != "hurt"], "hurt", ["trust_broken"]),
        _t("offended", ("opening", "bargaining", "conceding", "closing"), "holding"),
        _t(
            "offer_received",
            ("opening", "holding", "bargaining", "conceding", "mediated"),
            "closing",
            ["near_aspiration"],
        ),
        _t("offer_received", "closing", "holding", [], ["near_aspiration"]),
        _t("round_passed", LIVE, "walked", ["rapport_broken"]),
        _t("round_passed", ("holding", "bargaining"), "conceding", ["late"]),
        _t("round_passed", "bargaining", "holding"),
        _t("mediated", [s for s in LIVE if s != "mediated"], "mediated"),
        *_endings(),
    ]
    return {"states": list(STATES), "initial": "opening", "transitions": transitions}


def _mediator() -> dict[str, Any]:
    live = ("opening", "listening", "proposing")
    transitions = [
        _t("asked", live, "proposing"),
        _t("offer_received", ("opening", "proposing"), "listening"),
        _t("deal", live, "agreed"),
        _t("ended", live, "walked"),
    ]
    return {"states": list(MEDIATOR_STATES), "initial": "opening", "transitions": transitions}


MACHINES: dict[str, Callable[[], dict[str, Any]]] = {
    "boulware": lambda: _base(explore_start=False),
    "linear": lambda: _base(explore_start=False),
    "conceder": lambda: _base(explore_start=False),
    "tit-for-tat": lambda: _base(explore_start=False),
    "hardliner": _hardliner,
    "integrative": lambda: _base(explore_start=True),
    "customer-service": lambda: _base(explore_start=True),
    "mediator": _mediator,
    "grudge-holder": lambda: _base(explore_start=False, grudge=True),
}
"""Archetype name -> its machine as data (a fresh dict each call)."""


# --------------------------------------------------------------------------- guards
GUARDS: dict[str, Callable[[Any], bool]] = {
    "has_unacknowledged": lambda b: b.relationship.unacknowledged,
    "has_open": lambda b: bool(b.relationship.open_grievances),
    "acknowledged": lambda b: not b.relationship.unacknowledged,
    "resolved": lambda b: not b.relationship.open_grievances,
    "trust_open": lambda b: b.relationship.trust >= b.thresholds.explore_trust,
    "trust_broken": lambda b: b.relationship.trust < b.thresholds.hurt_trust,
    "rapport_broken": lambda b: b.relationship.rapport <= b.thresholds.walk_rapport,
    "calm": lambda b: (
        b.relationship.trust >= b.thresholds.hurt_trust and b.round > b.offended_round
    ),
    "late": lambda b: b.time >= b.thresholds.late_time,
    "early": lambda b: b.time < 0.5,
    "explored": lambda b: b.round >= b.strategy.explore_rounds,
    "near_aspiration": lambda b: b.last_utility >= b.aspiration - b.thresholds.close_margin,
}
"""Guard name -> a pure function of the NPC's brain (the registry machine data refers to)."""


def check_machine(data: dict[str, Any]) -> None:
    """Raise ValueError when machine data names an unknown state, trigger or guard."""
    states = set(data["states"])
    if data["initial"] not in states:
        raise ValueError(f"unknown initial state {data['initial']!r}")
    for state in states:
        if "_" in state:
            raise ValueError(f"state {state!r}: names must not contain '_' (nested separator)")
    for transition in data["transitions"]:
        if transition["trigger"] not in TRIGGERS:
            raise ValueError(f"unknown trigger {transition['trigger']!r}")
        sources = transition["source"]
        for source in [sources] if isinstance(sources, str) else sources:
            if source not in states:
                raise ValueError(f"unknown source state {source!r}")
        if transition["dest"] not in states:
            raise ValueError(f"unknown destination state {transition['dest']!r}")
        for name in [*transition["conditions"], *transition["unless"]]:
            if name not in GUARDS:
                raise ValueError(f"unknown guard {name!r}")


@dataclass(frozen=True)
class _Option:
    dest: str
    conditions: tuple[Callable, ...]
    unless: tuple[Callable, ...]
    passes: Callable[[Any], bool]
    """All conditions hold and no ``unless`` does (compiled once from the two lists)."""


def _compile(conditions: tuple[Callable, ...], unless: tuple[Callable, ...]) -> Callable:
    """Return one function checking every condition and no unless (no loop per call)."""
    checks = [*conditions, *(lambda b, g=g: not g(b) for g in unless)]
    if not checks:
        return lambda brain: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda brain: first(brain) and second(brain)
    return lambda brain: all(check(brain) for check in checks)


class Mood:
    """The model a machine drives: it holds the state and points back at its brain."""

    # Set on the instance by the transitions machine when the mood is attached to it.
    trigger: Callable[[str], bool]

    def __init__(self, brain: Any) -> None:
        self.brain = brain
        self.state = ""


def _entered(event: Any) -> None:
    model = event.model
    model.brain.entered(model.state)


class ArchetypeMachine:
    """One archetype's machine, shared by every NPC of that archetype."""

    def __init__(self, archetype: str) -> None:
        if archetype not in MACHINES:
            raise ValueError(f"unknown archetype {archetype!r}")
        self.archetype = archetype
        self.data = MACHINES[archetype]()
        check_machine(self.data)
        self.initial = self.data["initial"]
        self.terminal = frozenset(s for s in self.data["states"] if s in TERMINAL)
        states = [{"name": s, "final": s in self.terminal} for s in self.data["states"]]
        transitions = []
        table: dict[str, dict[str, list[_Option]]] = {s: {} for s in self.data["states"]}
        for item in self.data["transitions"]:
            conditions = tuple(GUARDS[name] for name in item["conditions"])
            unless = tuple(GUARDS[name] for name in item["unless"])
            transitions.append(
                {
                    "trigger": item["trigger"],
                    "source": item["source"],
                    "dest": item["dest"],
                    "conditions": [_as_callback(g) for g in conditions],
                    "unless": [_as_callback(g) for g in unless],
                }
            )
            sources = item["source"]
            for source in [sources] if isinstance(sources, str) else sources:
                table[source].setdefault(item["trigger"], []).append(
                    _Option(item["dest"], conditions, unless, _compile(conditions, unless))
                )
        self.options = table
        self.machine = Machine(
            model=None,
            states=states,
            transitions=transitions,
            initial=self.initial,
            auto_transitions=False,
            ignore_invalid_triggers=True,
            send_event=True,
            after_state_change=[_entered],
        )

    def attach(self, mood: Mood) -> None:
        """Add an NPC's mood as a model, in the initial state."""
        self.machine.add_model(mood, initial=self.initial)

    def detach(self, mood: Mood) -> None:
        """Remove an NPC's mood from the machine (call when the NPC goes away)."""
        if mood in self.machine.models:
            self.machine.remove_model(mood)

    def reset(self, mood: Mood) -> None:
        """Put an attached mood back in the initial state (no callbacks)."""
        self.machine.set_state(self.initial, model=mood)

    @property
    def models(self) -> list[Any]:
        """Return the moods currently attached."""
        return list(self.machine.models)

    def fire(self, mood: Mood, trigger: str) -> bool:
        """Fire a trigger for one NPC; return True when its state changed."""
        options = self.options[mood.state].get(trigger)
        if not options:
            return False
        brain = mood.brain
        for option in options:
            if option.passes(brain):
                return bool(mood.trigger(trigger))
        return False

    def may(self, mood: Mood, trigger: str) -> bool:
        """Return True when the trigger would change the state now."""
        options = self.options[mood.state].get(trigger)
        if not options:
            return False
        return any(o.passes(mood.brain) for o in options)

    def mermaid(self) -> str:
        """Return the machine as a Mermaid state diagram."""
        return mermaid(self.data)


def _as_callback(guard: Callable) -> Callable:
    return lambda event: guard(event.model.brain)


def mermaid(data: dict[str, Any]) -> str:
    """Return machine data as a Mermaid ``stateDiagram-v2``.

    The live states sit inside one composite state ("talks"); a transition from every live
    state (such as ``deal``) is drawn once, from the composite.
    """
    live = [s for s in data["states"] if s not in TERMINAL]
    inner = [f"        [*] --> {data['initial']}"]
    outer = ["stateDiagram-v2", "    [*] --> talks"]
    seen = set()
    for item in data["transitions"]:
        sources = item["source"]
        sources = [sources] if isinstance(sources, str) else list(sources)
        guards = [*item["conditions"], *("not " + u for u in item["unless"])]
        label = item["trigger"] + (f" [{', '.join(guards)}]" if guards else "")
        if set(sources) == set(live) and item["dest"] in TERMINAL:
            key = ("talks", item["dest"], label)
            if key not in seen:
                seen.add(key)
                outer.append(f"    talks --> {item['dest']} : {label}")
            continue
        for source in sources:
            key = (source, item["dest"], label)
            if key in seen:
                continue
            seen.add(key)
            inner.append(f"        {source} --> {item['dest']} : {label}")
    lines = [*outer[:2], "    state talks {", *inner, "    }", *outer[2:]]
    for state in data["states"]:
        if state in TERMINAL:
            lines.append(f"    {state} --> [*]")
    return "\n".join(lines) + "\n"
