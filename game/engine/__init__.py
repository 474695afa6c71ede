"""The negotiation model: issues, outcome spaces, preferences, offers, sessions and analytics.

Pure rules on the standard library and numpy; nothing here knows about levels, NPCs,
storage or the screen.
"""

from game.engine.analysis import (
    Analysis,
    DealReport,
    MissedTradeoff,
    SolutionPoint,
    missed_tradeoffs,
)
from game.engine.analytics import (
    PARETO_TOLERANCE,
    agreement_zone_exists,
    distance_to_frontier,
    individually_rational,
    kalai_index,
    max_welfare_index,
    nash_index,
    pareto_indices,
    value_split,
)
from game.engine.contingent import ContingentSpace, contingent_spaces
from game.engine.errors import EngineError, OutcomeSpaceTooLarge
from game.engine.issues import DiscreteIssue, Issue, NumericIssue, Value
from game.engine.moves import EMOTIONS, PREFERENCE_OVER, PROBE_KINDS, WHY_STYLES, Move, MoveKind
from game.engine.negotiation import PLAYER, Negotiation, Party, Protocol, Rules
from game.engine.offers import ContingentClause, Offer, UncertainEvent
from game.engine.outcome_space import MAX_OUTCOMES, Outcome, OutcomeSpace
from game.engine.preferences import (
    LinearValue,
    OptionScores,
    PeakValue,
    Preferences,
    TableValue,
    ValueFunction,
)
from game.engine.session import LoggedMove, Proposal, Session, SessionState, Status, StepResult

__all__ = [
    "PLAYER",
    "PARETO_TOLERANCE",
    "EMOTIONS",
    "WHY_STYLES",
    "PREFERENCE_OVER",
    "PROBE_KINDS",
    "MAX_OUTCOMES",
    "Analysis",
    "ContingentClause",
    "ContingentSpace",
    "DealReport",
    "DiscreteIssue",
    "EngineError",
    "Issue",
    "LinearValue",
    "LoggedMove",
    "MissedTradeoff",
    "Move",
    "MoveKind",
    "Negotiation",
    "NumericIssue",
    "Offer",
    "OptionScores",
    "Outcome",
    "OutcomeSpace",
    "OutcomeSpaceTooLarge",
    "Party",
    "PeakValue",
    "Preferences",
    "Proposal",
    "Protocol",
    "Rules",
    "Session",
    "SessionState",
    "SolutionPoint",
    "Status",
    "StepResult",
    "TableValue",
    "UncertainEvent",
    "Value",
    "ValueFunction",
    "agreement_zone_exists",
    "contingent_spaces",
    "distance_to_frontier",
    "individually_rational",
    "kalai_index",
    "max_welfare_index",
    "missed_tradeoffs",
    "nash_index",
    "pareto_indices",
    "value_split",
]
