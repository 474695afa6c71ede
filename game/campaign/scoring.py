"""Scoring a finished negotiation: objectives met, stars, experience and badges.

The score rewards exactly what a level teaches: each level names a measure (the player's
payoff, the joint value, the lower of the satisfactions, or the Nash product) with three
thresholds, and objectives that gate stars.  A star needs every objective marked for it or
a lower star, and nothing else: the thresholds no objective implies are objectives too
(``game.campaign.objectives``), judged like the others on the numbers the player sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.campaign.badges import earned_badges
from game.campaign.objectives import (
    SCORE_KIND,
    StarObjective,
    meets,
    shown_percent,
    shown_trust,
    shown_trust_gain,
    star_objectives,
    trust_detail,
    utility_decimals,
)
from game.engine import MoveKind, Offer
from game.engine.measures import measure_value
from game.engine.record import MatchRecord
from game.i18n import N_, Said, nsaid, said, said_join, said_number, said_percent
from game.levels.loader import LoadedLevel
from game.npc.relationship import earned_trust

XP_PER_STAR = 100
XP_FOR_FINISHING = 20


@dataclass(frozen=True)
class ObjectiveResult:
    """One objective and whether it was met."""

    id: str
    text: str
    stars: int
    met: bool
    detail: str = ""
    """The number it was judged on, as the player saw it (``you: 0.47``), or empty.

    Kept in English (what the history stores); a :class:`~game.i18n.Said` when judged by
    this version, which ``game.i18n.shown`` says again in the player's language."""


@dataclass(frozen=True)
class Score:
    """The game's verdict on one finished negotiation."""

    measure: str
    value: float
    thresholds: tuple[float, float, float]
    stars: int
    objectives: tuple[ObjectiveResult, ...]
    xp: int
    badges: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (stored with the history record)."""
        return {
            "measure": self.measure,
            "value": self.value,
            "thresholds": list(self.thresholds),
            "stars": self.stars,
            "objectives": [
                {"id": o.id, "text": o.text, "stars": o.stars, "met": o.met, "detail": o.detail}
                for o in self.objectives
            ],
            "xp": self.xp,
            "badges": list(self.badges),
        }


@dataclass(frozen=True)
class Facts:
    """What happened in a negotiation, as the scoring needs it (read from a history record)."""

    agreement: bool
    utilities: tuple[float, ...]
    """Every party's payoff in negotiation party order: the deal's, or the reservation values."""
    offer: Offer | None
    on_frontier: bool
    trust_final: Mapping[str, float]
    trust_change: Mapping[str, float]
    grievances_open_at_start: int
    grievances_resolved: int
    player_grievances: int
    player_let_go: int
    evidence_cited: int
    restate_accuracy: float | None
    rounds: int
    walked_away_by_player: bool
    agreement_zone: bool
    favours_unreturned: int = 0
    """Favours the player owed that an NPC asked back in this meeting, or that fell due in
    it, and that were not returned (``favours_kept``)."""
    first_offer: Mapping[str, float] | None = None
    """Every party's utility of the player's first offer (None: it made none)."""
    trust_earned: Mapping[str, float] = field(default_factory=dict)
    """Per NPC: the trust the player earned by deeds (``relationship.earned_trust``)."""
    coalition: int = 0
    """The most other parties that supported a package the player tabled itself (not a
    copy of a mediator's text)."""
    claims: tuple[Mapping[str, Any], ...] = ()
    """The other side's claims and what the player did about each (``claims_report``)."""
    interests_found: frozenset[tuple[str, str]] = frozenset()
    """(NPC, interest id) of each interest the player found by asking why."""


def facts_from_record(level: LoadedLevel, record: MatchRecord | Mapping[str, Any]) -> Facts:
    """Return the facts of a finished negotiation's history record.

    ``record``: a :class:`MatchRecord`, or a stored (or hand-made) JSON object, read with
    ``MatchRecord.read`` (keys an older record lacks take neutral values).
    """
    record = MatchRecord.read(record)
    negotiation = level.negotiation
    ids = list(negotiation.party_ids)
    agreement = bool(record.agreement)
    outcome = record.outcome
    offer = Offer.from_dict(dict(outcome)) if agreement and outcome else None
    stored = record.utilities
    if agreement and all(pid in stored for pid in ids):
        utilities = tuple(float(stored[pid]) for pid in ids)
    elif agreement and offer is not None:
        utilities = negotiation.utilities(offer)
    else:
        utilities = tuple(float(r) for r in negotiation.reservations)
    player_moves = [m for m in record.moves if m.get("actor") == "player"]
    kinds = [m.get("kind") for m in player_moves]
    analytics = record.analytics or {}
    trust_change = {str(k): float(v) for k, v in (record.trust_change or {}).items()}
    trust_final = record.trust_final
    if not trust_final:
        trust_final = {
            npc.id: float(npc.trust) + trust_change.get(npc.id, 0.0) for npc in level.party_npcs
        }
    grievances_at_start = record.grievances_at_start
    if grievances_at_start is None:
        grievances_at_start = sum(len(n.grievances) for n in level.model.npcs)
    return Facts(
        agreement=agreement,
        utilities=utilities,
        offer=offer,
        on_frontier=bool(analytics.get("on_frontier", False)),
        trust_final={str(k): float(v) for k, v in trust_final.items()},
        trust_change=trust_change,
        grievances_open_at_start=int(grievances_at_start),
        grievances_resolved=int(record.grievances_resolved or 0),
        player_grievances=len(level.model.player.grievances),
        player_let_go=kinds.count(MoveKind.LET_GO.value),
        evidence_cited=kinds.count(MoveKind.CITE_EVIDENCE.value),
        restate_accuracy=record.restate_accuracy,
        rounds=int(record.rounds or 0),
        walked_away_by_player=MoveKind.WALK_AWAY.value in kinds,
        favours_unreturned=_favours_unreturned(record),
        agreement_zone=level.analysis.zone_at_all,
        first_offer=_first_offer(record, negotiation.player.id),
        trust_earned=_trust_earned(record, level),
        coalition=coalition_size(
            record.moves, negotiation.player.id, level.mediator.id if level.mediator else None
        ),
        claims=tuple(row for row in record.extra.get("claims") or () if isinstance(row, Mapping)),
        interests_found=_interests_found(record),
    )


def _interests_found(record: MatchRecord) -> frozenset[tuple[str, str]]:
    found = (record.interests or {}).get("found") or ()
    return frozenset(
        (str(row.get("npc")), str(row.get("id"))) for row in found if isinstance(row, Mapping)
    )


def interests_found(level: LoadedLevel, found: frozenset[tuple[str, str]]) -> tuple[bool, str]:
    """Return whether the player found every interest the characters hold, and a detail.

    The detail counts them and never names one (the debrief cites the found ones and, for a
    missed one, the question that would have found it).  A level where no character has an
    interest has nothing to find: met (``validate`` reports the objective there).
    """
    held = [(npc.id, interest.id) for npc in level.model.npcs for interest in npc.interests]
    if not held:
        return True, said("no interest to find")
    count = sum(1 for key in held if key in found)
    detail = nsaid(
        "{n} of {total} interest found",
        "{n} of {total} interests found",
        len(held),
        n=count,
        total=len(held),
    )
    return count == len(held), detail


def _first_offer(record: MatchRecord, player: str) -> dict[str, float] | None:
    for entry in record.offers or ():
        if entry.get("actor") == player and entry.get("utilities"):
            return {str(k): float(v) for k, v in entry["utilities"].items()}
    return None


def _trust_earned(record: MatchRecord, level: LoadedLevel) -> dict[str, float]:
    changes = [c for entry in record.timeline or () for c in entry.get("changes") or []]
    earned = {npc.id: 0.0 for npc in level.party_npcs}
    earned.update(earned_trust(changes))
    return earned


def claims_tested(claims: Sequence[Mapping[str, Any]]) -> tuple[bool, str]:
    """Return whether the player dealt with every claim made as a tester does, and a detail.

    Each claim was tested (proof asked for, or its contradiction with the speaker's own
    offers pointed out) before anything else was done about it; every bluff was called
    (dropped); no true claim was called a bluff.  Calling every claim a bluff unasked, or
    believing them, fails; so does asking and then giving way to a bluff that wavered.
    A meeting where no claim was made has nothing to test: met.
    """
    tested = called = 0
    faults: list[Said] = []
    for row in claims:
        name = str(row.get("name") or "they")
        if row.get("probed") is None and not row.get("contradicted"):
            faults.append(_untested(name, row.get("kind")))
        else:
            tested += 1
        if row.get("bluff"):
            if row.get("response") == "called":
                called += 1
            else:
                faults.append(said("a bluff of {name}'s stood", name=name))
        elif row.get("accused"):
            faults.append(said("{name}'s true claim called a bluff", name=name))
    if not claims:
        return True, said("no claim made")
    bluffs = sum(1 for row in claims if row.get("bluff"))
    detail = said(
        "{claims}, {bluffs}",
        claims=nsaid(
            "{n} of {total} claim tested",
            "{n} of {total} claims tested",
            len(claims),
            n=tested,
            total=len(claims),
        ),
        bluffs=nsaid(
            "{n} of {total} bluff called",
            "{n} of {total} bluffs called",
            bluffs,
            n=called,
            total=bluffs,
        ),
    )
    if faults:
        detail = said("{detail} ({faults})", detail=detail, faults=said_join("; ", faults))
    return not faults, detail


def _untested(name: str, kind: Any) -> Said:
    """A claim left untested, named by its kind (``Mara's batna claim not tested``)."""
    if kind == "batna":
        return said("{name}'s batna claim not tested", name=name)
    if kind == "final":
        return said("{name}'s final claim not tested", name=name)
    if kind == "priority":
        return said("{name}'s priority claim not tested", name=name)
    return said("{name}'s {kind} claim not tested", name=name, kind=str(kind))


def coalition_size(moves: Sequence[Mapping[str, Any]], player: str, chair: str | None) -> int:
    """Return the most other parties that supported a package the player tabled.

    A package the player tabled stays on the table until the next offer; the supports (and
    accepts) given while it lies there count, less any taken back.  A package that only
    repeats a text the mediator tabled before is the mediator's work, not the player's.
    """
    texts: list[Any] = []
    best = 0
    proposer, own = None, False
    backers: set[str | None] = set()
    for move in moves:
        kind, actor = move.get("kind"), move.get("actor")
        if kind == MoveKind.OFFER.value:
            offer = move.get("offer")
            proposer, backers = actor, set()
            own = actor == player and offer not in texts
            if actor == chair:
                texts.append(offer)
        elif kind in (MoveKind.SUPPORT.value, MoveKind.ACCEPT.value) and proposer is not None:
            if actor != player:
                backers.add(actor)
            if proposer == player and own:
                best = max(best, len(backers))
        elif kind in (MoveKind.OPPOSE.value, MoveKind.REJECT.value):
            backers.discard(actor)
    return best


def objective_met(objective: StarObjective, facts: Facts, level: LoadedLevel) -> bool:
    """Return whether one objective was met (judged on the numbers the player sees)."""
    return _judge(objective, facts, level)[0]


def _judge(objective: StarObjective, facts: Facts, level: LoadedLevel) -> tuple[bool, str]:
    """Return whether an objective was met and the number it was judged on, as shown."""
    negotiation = level.negotiation
    player = list(negotiation.party_ids).index(negotiation.player.id)
    reserved = negotiation.reservations
    mine = facts.utilities[player]
    reservation = float(reserved[player])
    value = objective.value if objective.value is not None else 0.0
    kind = objective.kind

    def you(threshold: float, number: float = mine, label: str = N_("you")) -> Said:
        value = said_number(number, utility_decimals(threshold))
        return said("{label}: {value}", label=said(label), value=value)

    def batna() -> Said:
        value = said_number(reservation, utility_decimals(reservation))
        return said("{you}, BATNA {batna}", you=you(reservation), batna=value)

    if kind == "agreement":
        return facts.agreement, ""
    if kind == "no_bad_deal":
        ok = not facts.agreement or meets(mine, reservation)
        return ok, batna()
    if kind == "beats_batna":
        ok = facts.agreement and meets(mine, reservation)
        return ok, batna()
    if kind == "on_frontier":
        return facts.agreement and facts.on_frontier, ""
    if kind == "player_utility_at_least":
        return meets(mine, value), you(value)
    if kind == "joint_utility_at_least":
        joint = sum(facts.utilities)
        return facts.agreement and meets(joint, value), you(value, joint, N_("together"))
    if kind == "min_satisfaction_at_least":
        lowest = min(facts.utilities)
        return facts.agreement and meets(lowest, value), you(value, lowest, N_("lowest"))
    if kind == SCORE_KIND:
        measured = measure_value(
            level.model.scoring.measure, np.asarray(facts.utilities), reserved, player
        )
        return meets(measured, value), you(
            value, measured, _SCORE_LABELS.get(level.model.scoring.measure, N_("score"))
        )
    return _judge_process(kind, value, facts, level)


def _judge_process(kind: str, value: float, facts: Facts, level: LoadedLevel) -> tuple[bool, str]:
    """Judge the objectives on how the player negotiated: trust, grievances, evidence,
    favours, the opening, a coalition, speed (:func:`_judge` judges the outcome)."""
    negotiation = level.negotiation
    if kind == "trust_at_least":
        detail = trust_detail(level, facts.trust_final, facts.trust_change)
        ok = (
            bool(facts.trust_final)
            and min(shown_trust(t) for t in facts.trust_final.values()) >= value - 1e-9
        )
        return ok, detail
    if kind == "trust_gain_at_least":
        detail = trust_detail(level, facts.trust_final, facts.trust_change)
        gains = [
            shown_trust_gain(facts.trust_final.get(npc, 0.0), change)
            for npc, change in facts.trust_change.items()
        ]
        return bool(gains) and min(gains) >= value - 1e-9, detail
    if kind == "trust_earned_at_least":
        by_deeds = {npc: shown_trust(t) for npc, t in facts.trust_earned.items()}
        names = {p.id: p.name for p in negotiation.parties}
        detail = said_join(
            ", ",
            [
                said("{name} {change} by deeds", name=names.get(n, n), change=f"{v:+d}")
                for n, v in by_deeds.items()
            ],
        )
        return bool(by_deeds) and min(by_deeds.values()) >= value - 1e-9, detail
    if kind == "credible_anchor":
        return _credible(facts, level)
    if kind == "claims_tested":
        return claims_tested(facts.claims)
    if kind == "interests_found":
        return interests_found(level, facts.interests_found)
    if kind == "own_package_supported":
        needed = max(1, int(round(value)))
        return facts.coalition >= needed, said(
            "most backers of a package of yours: {n}", n=facts.coalition
        )
    if kind == "grievances_resolved":
        ok = facts.grievances_open_at_start > 0 and (
            facts.grievances_resolved >= facts.grievances_open_at_start
        )
        return ok, said(
            "{n} of {total}", n=facts.grievances_resolved, total=facts.grievances_open_at_start
        )
    if kind == "let_go":
        ok = facts.player_grievances > 0 and facts.player_let_go >= facts.player_grievances
        return ok, ""
    if kind == "used_contingent_clause":
        ok = facts.agreement and facts.offer is not None and facts.offer.clause is not None
        return ok, ""
    if kind == "used_evidence":
        return facts.evidence_cited > 0, ""
    if kind == "restated_interests":
        if facts.restate_accuracy is None:
            return False, said("not restated")
        shown = shown_percent(facts.restate_accuracy)
        detail = said("{label}: {value}", label=said("you"), value=said_percent(shown / 100))
        return shown >= shown_percent(value), detail
    if kind == "favours_kept":
        left = facts.favours_unreturned
        if left == 0:
            return True, said("all returned")
        return False, nsaid("{n} not returned", "{n} not returned", left, n=left)
    if kind == "within_rounds":
        return facts.rounds <= value, nsaid("{n} round", "{n} rounds", facts.rounds, n=facts.rounds)
    raise ValueError(f"unknown objective kind {kind!r}")


def _favours_unreturned(record: Mapping[str, Any]) -> int:
    """Return how many favours the player owed were asked back or fell due in this meeting
    and were not returned (from the record's favour ledgers, ``game.npc.favours``)."""
    level_id = record.get("level_id")
    count = 0
    for entries in (record.get("favours") or {}).values():
        for entry in entries:
            if entry.get("owed_by") != "player":
                continue
            status = entry.get("status")
            if status == "resented" and entry.get("settled_level") == level_id:
                count += 1
            elif status == "open" and entry.get("asked_level") == level_id:
                count += 1
    return count


def _credible(facts: Facts, level: LoadedLevel) -> tuple[bool, Said]:
    """Whether the player's first offer was one every NPC could take seriously: worth at
    least its BATNA less its lowball margin to each (the line past which it feels insulted)."""
    if facts.first_offer is None:
        return False, said("no offer of yours")
    negotiation = level.negotiation
    mine = facts.first_offer.get(negotiation.player.id, 0.0)
    insulted = [
        npc.name
        for npc in level.party_npcs
        if facts.first_offer.get(npc.id, 0.0)
        < float(negotiation.party(npc.id).preferences.reservation)
        - npc.thresholds.lowball_margin
        - _EPSILON
    ]
    detail = said("first offer worth {value} to you", value=said_number(mine))
    if insulted:
        names = insulted[0]
        for name in insulted[1:]:
            names = said("{first} or {second}", first=names, second=name)
        detail = said("{detail}, outside anything {names} could accept", detail=detail, names=names)
    return not insulted, detail


_EPSILON = 1e-9

_SCORE_LABELS = {
    "player_utility": N_("you"),
    "joint_utility": N_("together"),
    "min_satisfaction": N_("lowest"),
    "nash_product": N_("Nash product"),
}
"""The label of a score objective's number, per measure (marked: kept in English, shown
translated)."""


def score(level: LoadedLevel, facts: Facts) -> Score:
    """Return the stars, objectives, experience and badges a result earns.

    The stars are the highest star whose objectives, and every lower star's, are all met.
    """
    negotiation = level.negotiation
    player = list(negotiation.party_ids).index(negotiation.player.id)
    scoring = level.model.scoring
    value = measure_value(
        scoring.measure, np.asarray(facts.utilities), negotiation.reservations, player
    )
    objectives = []
    for objective in star_objectives(level):
        met, detail = _judge(objective, facts, level)
        objectives.append(
            ObjectiveResult(objective.id, objective.text, objective.stars, met, detail)
        )
    stars = 0
    for star in (1, 2, 3):
        if all(o.met for o in objectives if o.stars <= star):
            stars = star
        else:
            break
    badges = earned_badges(level, facts, stars)
    xp = XP_FOR_FINISHING + XP_PER_STAR * stars
    return Score(scoring.measure, value, scoring.stars, stars, tuple(objectives), xp, badges)


def score_record(level: LoadedLevel, record: MatchRecord | Mapping[str, Any]) -> Score:
    """Return the score of a history record of this level."""
    return score(level, facts_from_record(level, record))
