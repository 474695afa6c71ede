"""Favours: ground given on one issue now, on the understanding that it comes back later.

The player can *ask a favour* (``ask_favour``, naming the issue where they want ground) or
*grant one* (``grant_favour``, naming the issue where they give ground; their next offer
must show it).  Each NPC keeps a :class:`Ledger` -- who owes whom, on which issue, how much,
since which meeting -- which the store keeps with the rest of its memory (``favours``), so
a favour asked in autumn is still owed in winter.

What each side does:

* Asked a favour, an NPC that owes the player one repays it: it gives ground on the issue
  named.  Otherwise it grants one when it trusts the player enough (``favours.trust``) and
  the player owes it nothing: it concedes on that issue (at most ``favours.most`` of its own
  utility) and keeps to it for the rest of the meeting.  The player now owes it.  Asking
  again before returning it costs (``favour_pressed``); at most :data:`MOST_PER_MEETING`
  favours are granted in one meeting.
* The player owes a favour: after a round the NPC asks for it back, naming the issue it
  wants.  A ``grant_favour`` followed by an offer that gives it at least
  :data:`REPAY_SHARE` of what it gave (on that issue, and in the whole offer) repays it: a
  deed (``favour_repaid``), worth less each further time in a meeting.  A favour announced
  and then not shown in the offer costs (``favour_empty``), a trivial one earns nothing
  (``favour_trivial``), one too small is noted (``favour_short``).
* A favour the player grants unasked, and owes nothing for, is a deed (``favour_done``,
  wearing like words) and puts the NPC in the player's debt: asked a favour later, it
  repays it with up to as much as it got.
* A favour the player still owes when it falls due -- the end of the meeting, or with
  ``favours.due`` "next_meeting" the end of the next one -- turns into resentment: trust
  falls (``favour_unreturned``, its reason in the timeline); at the next meeting it starts
  harder (it wants the favour back :data:`RESENTMENT` times over), says so, and grants no
  more favours.  (Not a grievance: an apology would turn it into trust gained.)

Every change of trust goes through :meth:`Relationship.apply` with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from game.engine import Move, MoveKind
from game.npc.ledger import Favour, Ledger, ledger_words
from game.npc.lines import sentence
from game.npc.relationship import LAST_TIME
from game.npc.wording import IssuePhrase, spoken_option

if TYPE_CHECKING:
    from game.npc.controller import NpcController, Reaction

__all__ = [
    "Favour",
    "Ledger",
    "MOST_PER_MEETING",
    "REPAY_SHARE",
    "TRIVIAL",
    "asked",
    "granted",
    "offer_seen",
    "ask_back",
    "allowed",
    "start",
    "finish",
    "ledger_words",
]

REPAY_SHARE = 0.6
"""A favour is repaid by ground worth at least this share of what the NPC gave."""
TRIVIAL = 0.02
"""Ground worth less than this (of the NPC's utility) is no favour."""
EMPTY = 0.001
"""Ground worth less than this is nothing at all."""
MOST_PER_MEETING = 2
"""Favours an NPC grants in one meeting."""
WEAR = 0.5
"""Each further repaid (or granted) favour in a meeting counts this share of the one before."""
RESENTMENT = 2.0
"""At the meeting after a favour went unreturned the NPC wants it back this many times over:
it starts that much harder (its target raised by the favour's worth times this)."""


# ----------------------------------------------------------------------------- helpers


def _position(controller: NpcController, issue: str) -> int:
    return controller.match.codec.issue_ids.index(issue)


def _own_values(controller: NpcController) -> tuple[int, ...] | None:
    """Return the value positions of the NPC's last offer (None before it made one)."""
    match = controller.match
    for entry in reversed(match.session.state.log):
        move = entry.move
        if move.actor == controller.id and move.kind is MoveKind.OFFER and move.offer is not None:
            index = match.codec.branch_index(move.offer)
            return None if index is None else match.codec.values_of(index)
    return None


def _wanted(controller: NpcController, position: int) -> int:
    """Return the value the player seems to want on an issue: its last offer's, else the
    one the NPC's model of it scores best."""
    brain = controller.brain
    player = controller.match.player_id
    last = brain.previous_values.get(player)
    if last is not None:
        return last[position]
    model = brain.models.get(player)
    table = brain.weighted_lists[position]
    if model is not None and model.distinct > 0:
        scores = model.value_scores()[position]
        return max(range(len(scores)), key=lambda v: (scores[v], -table[v]))
    return min(range(len(table)), key=table.__getitem__)


def _give_ground(controller: NpcController, issue: str, most: float) -> tuple[float, int] | None:
    """Concede on one issue, at most ``most`` of the NPC's utility; return (cost, value) or
    None when there is no ground to give there."""
    brain = controller.brain
    position = _position(controller, issue)
    table = brain.weighted_lists[position]
    own = _own_values(controller)
    current = own[position] if own is not None else max(range(len(table)), key=table.__getitem__)
    if position in controller.ledger.pins:
        current = controller.ledger.pins[position]
    wanted = _wanted(controller, position)
    choices = [v for v in range(len(table)) if 1e-9 < table[current] - table[v] <= most + 1e-9]
    if not choices:
        return None
    if table[wanted] < table[current] and wanted in choices:
        value = wanted
    elif controller.match.negotiation.space.issues[position].numeric:
        value = min(choices, key=lambda v: (abs(v - wanted), -table[v]))
    else:
        value = min(choices, key=table.__getitem__)
    cost = table[current] - table[value]
    controller.ledger.pins[position] = value
    brain.soften(cost)
    return cost, value


def allowed(controller: NpcController) -> Callable[[int], bool] | None:
    """Return a test of whether a package keeps every favour the NPC gave in this meeting
    (None when it gave none)."""
    pins = controller.ledger.pins
    if not pins:
        return None
    codec = controller.match.codec
    items = list(pins.items())

    def keeps(index: int) -> bool:
        values = codec.values_of(index)
        return all(values[p] == value for p, value in items)

    return keeps


def _favour_words(controller: NpcController, favour: Favour) -> IssuePhrase | str:
    """Return the issue of a favour in words (one of another level's issues: as stored)."""
    if favour.issue in controller.match.codec.issue_ids:
        return controller.issue_words(favour.issue)
    return favour.name or favour.issue.replace("-", " ").replace("_", " ")


def _when(controller: NpcController, favour: Favour) -> str:
    if favour.meeting < controller.ledger.meeting:
        return LAST_TIME.format(level=favour.level)
    return ""


def _option_words(controller: NpcController, issue: str, value: int) -> str:
    """Return an issue's value as the character says the ground it gives: "we take turns on
    the bathroom and floors", "the price at $450" (in a translated level, the language's
    ``option`` sentence of the issue and the value: "por turnos en el baño y los suelos")."""
    space_issue = controller.match.negotiation.space.issue(issue)
    said = controller.value_words(issue, space_issue.values[value])
    if said is None:
        return spoken_option(space_issue, space_issue.values[value], controller.voice)
    return sentence("option", controller.picker.language).format(
        issue=controller.issue_words(issue), value=said
    )


# ----------------------------------------------------------------------------- the player's moves


def asked(controller: NpcController, move: Move, reaction: Reaction) -> None:
    """The player asks a favour on ``move.issue``."""
    brain = controller.brain
    ledger = controller.ledger
    rules = controller.seat.spec.favours
    issue = str(move.issue)
    name = controller.issue_words(issue)
    owed = ledger.open("npc")
    if owed:
        favour = owed[0]
        given = _give_ground(controller, issue, max(favour.worth, TRIVIAL))
        if given is None:
            controller.say("favour_no_ground", reaction, issue=name)
            return
        favour.paid = given[0]
        ledger.settle(favour, "repaid")
        controller.say(
            "favour_returned",
            reaction,
            issue=name,
            option=_option_words(controller, issue, given[1]),
        )
        brain.fire("moved")
        return
    if ledger.open("player"):
        _apply(controller, "favour_pressed", reaction)
        controller.say("favour_still_owed", reaction, issue=name)
        return
    if (
        not rules.grants
        or ledger.resented()
        or brain.strategy.hardliner
        or brain.state == "hurt"
        or brain.relationship.trust < rules.trust
        or ledger.granted_now >= MOST_PER_MEETING
    ):
        controller.say("favour_refused", reaction, issue=name)
        return
    given = _give_ground(controller, issue, rules.most)
    if given is None:
        controller.say("favour_no_ground", reaction, issue=name)
        return
    ledger.granted_now += 1
    ledger.add("player", issue, given[0], controller.match.session.state.round, str(name))
    key = "favour_granted_later" if rules.due == "next_meeting" else "favour_granted"
    controller.say(key, reaction, issue=name, option=_option_words(controller, issue, given[1]))
    brain.fire("moved")


def granted(controller: NpcController, move: Move, reaction: Reaction) -> None:
    """The player says it gives ground on ``move.issue`` as a favour (its next offer shows it)."""
    controller.ledger.pending = str(move.issue)
    key = "favour_awaited" if controller.ledger.open("player") else "favour_offered"
    controller.say(key, reaction, issue=controller.issue_words(str(move.issue)))


def offer_seen(
    controller: NpcController,
    offer_values: tuple[int, ...] | None,
    utility: float,
    reaction: Reaction,
) -> None:
    """The player tabled a complete offer: judge the favour it announced, if any.

    Called before the brain takes the offer in (its previous offer is still the last).
    """
    ledger = controller.ledger
    issue = ledger.pending
    if issue is None or offer_values is None:
        return
    ledger.pending = None
    brain = controller.brain
    player = controller.match.player_id
    position = _position(controller, issue)
    table = brain.weighted_lists[position]
    previous = brain.previous_values.get(player)
    base = (
        previous[position]
        if previous is not None
        else min(range(len(table)), key=table.__getitem__)
    )
    gain = table[offer_values[position]] - table[base]
    if previous is not None:
        gain = min(gain, utility - float(brain.previous_from.get(player, utility)))
    name = controller.issue_words(issue)
    owed = ledger.open("player")
    if gain < EMPTY:
        _apply(controller, "favour_empty", reaction, issue=name)
        controller.say("favour_empty", reaction, issue=name)
        return
    if gain < TRIVIAL:
        _apply(controller, "favour_trivial", reaction, issue=name)
        controller.say("favour_trivial", reaction, issue=name)
        return
    if owed:
        favour = owed[0]
        favour.paid += gain
        if favour.paid >= REPAY_SHARE * favour.worth - 1e-9:
            ledger.settle(favour, "repaid")
            _apply(
                controller,
                "favour_repaid",
                reaction,
                scale=WEAR**ledger.repaid_now,
                issue=_favour_words(controller, favour),
                when=_when(controller, favour),
            )
            ledger.repaid_now += 1
            controller.say("favour_repaid", reaction, issue=name)
        else:
            _apply(controller, "favour_short", reaction, issue=name)
            controller.say("favour_short", reaction, issue=name)
        return
    ledger.add("npc", issue, gain, controller.match.session.state.round, str(name))
    _apply(controller, "favour_done", reaction, scale=WEAR**ledger.done_now, issue=name)
    ledger.done_now += 1
    controller.say("favour_thanks", reaction, issue=name)


# ----------------------------------------------------------------------------- the NPC's own moves


def ask_back(controller: NpcController, reaction: Reaction) -> None:
    """In its turn: ask for a favour the player owes back (once per favour per meeting)."""
    ledger = controller.ledger
    match = controller.match
    now = match.session.state.round
    for favour in ledger.open("player"):
        if favour.asked_meeting == ledger.meeting:
            continue  # asked already in this meeting
        if favour.meeting == ledger.meeting and (
            now <= favour.round or controller.seat.spec.favours.due == "next_meeting"
        ):
            continue  # give them a round first; or, owed for next time, wait till then
        issue = _issue_to_ask(controller)
        favour.asked_back = issue
        favour.asked_round = now
        favour.asked_meeting = ledger.meeting
        favour.asked_level = ledger.level
        reaction.moves.append(
            Move(
                MoveKind.ASK_FAVOUR,
                controller.id,
                issue=issue,
                target=match.player_id,
                meta={"back": True},
            )
        )
        key = "favour_ask_back_old" if favour.meeting < ledger.meeting else "favour_ask_back"
        controller.say(
            key,
            reaction,
            issue=controller.issue_words(issue),
            other_issue=_favour_words(controller, favour),
        )
        return


def _issue_to_ask(controller: NpcController) -> str:
    """Return the issue where the player could give the NPC the most (by its last offer)."""
    brain = controller.brain
    tables = brain.weighted_lists
    last = brain.previous_values.get(controller.match.player_id)
    ids = controller.match.codec.issue_ids
    if last is None:
        return controller.brain.preferences.ranking()[0]
    gaps = [max(t) - t[last[p]] for p, t in enumerate(tables)]
    return ids[max(range(len(ids)), key=gaps.__getitem__)]


def start(controller: NpcController, reaction: Reaction) -> None:
    """The meeting starts: a favour left unreturned at the last meeting hardens the NPC (it
    wants it back :data:`RESENTMENT` times over) and it says so."""
    ledger = controller.ledger
    last = [f for f in ledger.resented() if f.settled_meeting == ledger.meeting - 1]
    if not last:
        return
    controller.brain.soften(-RESENTMENT * sum(f.worth for f in last))
    controller.say("favour_grudge", reaction, issue=_favour_words(controller, last[0]))


def finish(controller: NpcController, reaction: Reaction) -> None:
    """The meeting ends: favours the player owes that fall due now turn into resentment."""
    ledger = controller.ledger
    ledger.pending = None
    due_now = controller.seat.spec.favours.due == "meeting"
    for favour in ledger.open("player"):
        if due_now or favour.meeting < ledger.meeting:
            ledger.settle(favour, "resented")
            _apply(
                controller,
                "favour_unreturned",
                reaction,
                issue=_favour_words(controller, favour),
                when=_when(controller, favour),
            )
            controller.say("favour_resented", reaction, issue=_favour_words(controller, favour))


def _apply(
    controller: NpcController, rule: str, reaction: Reaction, scale: float = 1.0, **fill: Any
) -> None:
    change = controller.brain.relationship.apply(
        rule, scale=scale, **{k: str(v) for k, v in fill.items()}
    )
    if change is not None:
        reaction.changes.append(change)
