"""Preference talk: "I care more about the delivery than the warranty", and questions.

* The player states a pair (``state_preference``: ``issue`` matters more than
  ``meta["over"]``): the NPC's opponent model takes it in (:meth:`FrequencyModel.state_pair`,
  trusted by how far the NPC trusts the player).  Words alone earn no trust (a pair repeated
  every round would otherwise farm it); a pair that contradicts what the player said before
  -- its stated priorities or an earlier pair -- costs trust (``contradicted``).  Whether
  the player's *offers* bear a statement out is judged by the honesty check on stated
  priorities (:mod:`game.npc.opponent`); a single pair carries too little to judge alone.
* The player asks about a pair (``ask_preference``): the NPC answers truthfully when it is
  open or guarded enough to answer questions, with a ``state_preference`` move of its own
  (asked the same pair again, it answers that it has answered already: ``prefer_answer_again``).
* In its turn, once a meeting, an NPC volunteers one pair (its most important issue over
  its least: where it can give) when it is willing to talk (``favours.states_preferences``).
* When its model of the player is unsure -- no stated priorities, no pair, and the offers
  so far cannot tell the player's two leading issues apart -- it asks the player about the
  issue that matters most to itself (``ask_issue`` with ``meta["question"]``).  The
  question stays *pending* until the player shares priorities or a pair naming that issue
  (``answered_question``: a little rapport).

Statements by NPCs are true: misrepresentation is level data for another part of the game.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine import Move, MoveKind

if TYPE_CHECKING:
    from game.npc.controller import NpcController, Reaction

__all__ = ["stated", "asked", "volunteer", "question", "answered", "UNSURE_GAP"]

UNSURE_GAP = 0.08
"""The model's two leading weights closer than this: it cannot tell what the player wants most."""
SAME = 0.03
"""Two weights closer than this matter about the same."""
CONTRADICTION = 0.05
"""A pair contradicts stated priorities that rank it the other way by more than this."""


def _pair(move: Move) -> tuple[str, str]:
    return str(move.issue), str(move.meta.get("over"))


def stated(controller: NpcController, move: Move, reaction: Reaction) -> None:
    """The player says ``issue`` matters more to them than ``over``."""
    brain = controller.brain
    more, less = _pair(move)
    player = controller.match.player_id
    model = brain.models[player]
    ids = list(model.issue_ids)
    contradicts = False
    if model.stated is not None:
        weights = model.stated
        contradicts = weights[ids.index(more)] < weights[ids.index(less)] - CONTRADICTION
    if (less, more) in model.pairs:
        contradicts = True
    before = model.pairs.get((more, less))
    share = controller.belief_share()
    names = controller.issue_words
    if before is not None and not contradicts and share <= before:
        # the same pair again, trusted no more than before: nothing new to take in
        controller.say("prefer_again", reaction, issue=names(more), other_issue=names(less))
        return
    model.state_pair(more, less, share)
    if contradicts:
        change = brain.relationship.apply(
            "contradicted", issue=str(names(more)), other=str(names(less))
        )
        if change is not None:
            reaction.changes.append(change)
        controller.say("prefer_contradicted", reaction, issue=names(more), other_issue=names(less))
        return
    answered(controller, (more, less), reaction)
    controller.say("prefer_heard", reaction, issue=names(more), other_issue=names(less))
    brain.fire("heard")


def asked(controller: NpcController, move: Move, reaction: Reaction) -> None:
    """The player asks whether ``issue`` or ``over`` matters more to the NPC."""
    brain = controller.brain
    relationship = brain.relationship
    if relationship.count("asked") < 2:
        change = relationship.apply("asked")
        if change is not None:
            reaction.changes.append(change)
    if controller.reveal_level() == "closed":
        controller.say("answer_closed", reaction)
        return
    first, second = _pair(move)
    weights = controller.told_weights()  # a priority bluff standing: it keeps its story
    a, b = weights[first], weights[second]
    names = controller.issue_words
    if abs(a - b) < SAME:
        controller.say("prefer_same", reaction, issue=names(first), other_issue=names(second))
        brain.fire("heard")
        return
    more, less = (first, second) if a > b else (second, first)
    _state_pair(controller, reaction, more, less)
    if controller.answered_before(("pair", frozenset((more, less)))):
        controller.say("prefer_answer_again", reaction, issue=names(more), other_issue=names(less))
        return
    controller.say("prefer_answer", reaction, issue=names(more), other_issue=names(less))
    brain.fire("heard")


def volunteer(controller: NpcController, reaction: Reaction) -> bool:
    """In its turn: say once which issue matters more to it (its top over its least)."""
    brain = controller.brain
    if controller.said_pair or not controller.seat.spec.favours.states_preferences:
        return False
    ranking = brain.preferences.ranking()
    if len(ranking) < 2 or brain.strategy.shares or brain.strategy.hardliner:
        return False
    if controller.reveal_level() == "closed":
        return False
    if brain.previous_values.get(controller.match.player_id) is None:
        return False  # after the player's first offer: the pair says where it can give
    weights = controller.told_weights()  # a priority bluff standing: it keeps its story
    ranking = list(weights)
    more, less = ranking[0], ranking[-1]
    if weights[more] - weights[less] < SAME:
        return False
    controller.said_pair = True
    _state_pair(controller, reaction, more, less)
    names = controller.issue_words
    controller.say("prefer_say", reaction, issue=names(more), other_issue=names(less))
    return True


def question(controller: NpcController, reaction: Reaction) -> bool:
    """In its turn: ask the player about an issue when its model of them is unsure (once)."""
    brain = controller.brain
    if controller.asked_question or not controller.seat.spec.favours.asks_issues:
        return False
    if brain.strategy.asks or brain.strategy.hardliner:
        return False  # it asks for all the priorities already, or asks nothing
    ranking = brain.preferences.ranking()
    if len(ranking) < 2 or controller.reveal_level() == "closed":
        return False
    player = controller.match.player_id
    model = brain.models[player]
    if model.stated is not None or model.pairs or model.distinct < 2:
        return False
    weights = sorted(model.weights(), reverse=True)
    if weights[0] - weights[1] >= UNSURE_GAP:
        return False
    issue = ranking[0]
    controller.asked_question = True
    controller.pending_question = issue
    reaction.moves.append(
        Move(MoveKind.ASK_ISSUE, controller.id, issue=issue, target=player, meta={"question": True})
    )
    controller.say("ask_about_issue", reaction, issue=controller.issue_words(issue))
    return True


def answered(controller: NpcController, issues: tuple[str, ...], reaction: Reaction) -> None:
    """The player shared something naming ``issues``: a pending question about one is answered."""
    pending = controller.pending_question
    if pending is None or pending not in issues:
        return
    controller.pending_question = None
    change = controller.brain.relationship.apply(
        "answered_question", issue=str(controller.issue_words(pending))
    )
    if change is not None:
        reaction.changes.append(change)


def _state_pair(controller: NpcController, reaction: Reaction, more: str, less: str) -> None:
    """Add its statement that ``more`` matters more to it than ``less``."""
    reaction.moves.append(
        Move(
            MoveKind.STATE_PREFERENCE,
            controller.id,
            issue=more,
            target=controller.match.player_id,
            meta={"over": less},
        )
    )
