"""Why the player may not make a move now at a table with characters, as English templates.

The engine's own reasons are in ``game.engine.session.REFUSALS``; these are the ones a match
adds (no card to cite, no grievance to acknowledge, the mediator not yet, a move's details
wrong).  A screen translates a reason by finding its template in :data:`REFUSALS` (see
:mod:`game.engine.phrases`); records and logs keep the English.
"""

from __future__ import annotations

from game.engine.phrases import N_
from game.engine.session import REFUSALS as ENGINE_REFUSALS

CLOSED = N_("the match has been closed")
NO_EVIDENCE = N_("you hold no evidence cards")
NO_GRIEVANCE_HELD = N_("no one here holds an open grievance against you")
NOTHING_TO_APOLOGISE = N_("there is nothing to apologise for")
NO_GRIEVANCE_CARD = N_("you hold no grievance card")
NO_MEDIATOR_HERE = N_("the mediator is not available in this level")
MEDIATOR_FROM = N_("the mediator can be asked from round {n}")
REVERSE_ONLY = N_("only in reverse-negotiation levels")
ONE_ISSUE = N_("there is only one issue here")
WRONG_ACTOR = N_("moves here are made by {player}, not {actor}")
NO_ONE_NAMED = N_("there is no {target} at this table")
EMOTION_ONE_OF = N_("an emotion is one of {emotions}")
NAME_PRIORITIES = N_("name priorities for issues of this negotiation")
PRIORITY_WEIGHTS = N_("priorities are weights: numbers of zero or more")
CLAIM_UTILITY = N_("a claimed alternative is a utility between 0 and 1")
QUESTION_STYLES = N_("a question is asked one of these ways: {styles}")
CARD_NOT_HELD = N_("you do not hold the card {card} (you hold: {held})")
NO_SUCH_GRIEVANCE = N_("no one here holds an open grievance {grievance}")
NOT_YOUR_CARD = N_("{grievance} is not one of your grievance cards ({cards})")
TWO_ISSUES = N_("name two different issues of this negotiation")
SAY_WHOM = N_("say whom you ask (a favour is between two people)")
CLAUSE_NEEDS_PACKAGE = N_("a contingent clause needs a complete package")
CLAIM_NOT_TESTED = N_(
    "only the other side's claims are tested here: to claim an alternative, threaten"
)
NO_CLAIM = N_("no one has made a claim you could test")
NOT_CONTRADICTED = N_("nothing they did has contradicted what they claimed")

REFUSALS: tuple[str, ...] = (
    *ENGINE_REFUSALS,
    CLOSED,
    NO_EVIDENCE,
    NO_GRIEVANCE_HELD,
    NOTHING_TO_APOLOGISE,
    NO_GRIEVANCE_CARD,
    NO_MEDIATOR_HERE,
    MEDIATOR_FROM,
    REVERSE_ONLY,
    ONE_ISSUE,
    WRONG_ACTOR,
    NO_ONE_NAMED,
    EMOTION_ONE_OF,
    NAME_PRIORITIES,
    PRIORITY_WEIGHTS,
    CLAIM_UTILITY,
    QUESTION_STYLES,
    CARD_NOT_HELD,
    NO_SUCH_GRIEVANCE,
    NOT_YOUR_CARD,
    TWO_ISSUES,
    SAY_WHOM,
    CLAUSE_NEEDS_PACKAGE,
    CLAIM_NOT_TESTED,
    NO_CLAIM,
    NOT_CONTRADICTED,
)
"""Every reason a match with characters gives for refusing the player's move (the engine's
first)."""
