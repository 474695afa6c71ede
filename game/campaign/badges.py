"""Badges that mark the lessons: each is earned by doing what a level teaches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.i18n import N_

if TYPE_CHECKING:
    from game.campaign.scoring import Facts
    from game.levels.loader import LoadedLevel


@dataclass(frozen=True)
class Badge:
    """A badge: id, title and what it is for (in English, marked: ``tr`` them where shown)."""

    id: str
    title: str
    description: str


BADGES: tuple[Badge, ...] = (
    Badge(
        "pie-expander",
        N_("Pie Expander"),
        N_(
            "Created value: traded across issues (or bet on the future) to a deal on the Pareto "
            "frontier, above every side's BATNA."
        ),
    ),
    Badge(
        "bridge-builder",
        N_("Bridge Builder"),
        N_("Raised someone's trust in you by 30 points in one negotiation."),
    ),
    Badge("let-it-go", N_("Let It Go"), N_("Resolved a grievance instead of fighting over it.")),
    Badge("walk-away", N_("Walk Away"), N_("Refused a deal worse than your best alternative.")),
    Badge("bet-maker", N_("Bet Maker"), N_("Closed a deal with a contingent clause.")),
    Badge("benchmark", N_("By the Book"), N_("Cited an objective benchmark and reached a deal.")),
    Badge("fair-share", N_("Fair Share"), N_("Both sides ended at least 0.6 satisfied.")),
    Badge("three-stars", N_("Top Marks"), N_("Earned three stars on a level.")),
    Badge("peacemaker", N_("Peacemaker"), N_("Let go of your own grievance card.")),
)
BADGE_TITLES = {b.id: b.title for b in BADGES}


PIE_MINIMUM = 0.01
"""A deal must add at least this much joint utility over the BATNAs to have created value."""


def created_value(level: LoadedLevel, facts: Facts) -> bool:
    """Return whether a result expanded the pie.

    A deal on the frontier of a level where deals differ in joint value (not a one-issue
    price haggle, where every deal splits the same pie), every side at or above its BATNA
    and the sides together above their BATNAs.
    """
    if not (facts.agreement and facts.on_frontier and level.analysis.value_to_trade):
        return False
    reserved = [float(r) for r in level.negotiation.reservations]
    if any(u < r - 1e-9 for u, r in zip(facts.utilities, reserved, strict=True)):
        return False
    return sum(facts.utilities) - sum(reserved) >= PIE_MINIMUM


def earned_badges(level: LoadedLevel, facts: Facts, stars: int) -> tuple[str, ...]:
    """Return the ids of the badges this result earns, in catalogue order."""
    negotiation = level.negotiation
    player = list(negotiation.party_ids).index(negotiation.player.id)
    reservation = float(negotiation.reservations[player])
    earned = set()
    if created_value(level, facts):
        earned.add("pie-expander")
    if facts.trust_change and max(facts.trust_change.values()) >= 30:
        earned.add("bridge-builder")
    if facts.grievances_resolved > 0:
        earned.add("let-it-go")
    if not facts.agreement and facts.walked_away_by_player and not facts.agreement_zone:
        earned.add("walk-away")
    if facts.agreement and facts.offer is not None and facts.offer.clause is not None:
        if facts.utilities[player] >= reservation - 1e-9:
            earned.add("bet-maker")
    if facts.agreement and facts.evidence_cited > 0:
        earned.add("benchmark")
    if facts.agreement and min(facts.utilities) >= 0.6:
        earned.add("fair-share")
    if stars == 3:
        earned.add("three-stars")
    if facts.player_let_go > 0:
        earned.add("peacemaker")
    return tuple(b.id for b in BADGES if b.id in earned)
