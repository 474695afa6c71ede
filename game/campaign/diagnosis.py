"""What the debrief says about this player's own play, each point tied to its moment.

``diagnose(level, record)`` reads a finished match record (the history record the game
saves: its moves, the offers tabled with every party's utility, the trust timeline) and
returns :class:`Finding` s in the order they happened:

* the first offer against the agreement zone: too timid, credible, or absurd;
* the concession pattern: a big early step, conceding twice in a row while the other
  side did not move, giving ground on what matters most to you, or never giving any;
* the priorities the player stated, when the other side checked them against its offers:
  the truth, or a lie found out;
* questions asked, and not asked where there was value to find; the same ones asked again
  and again with nothing changed, and friendly words said again before any deed backed them
  up, and favours named but not given, with what they cost;
* threats (bluffs among them), anger and old grievances raised, with the trust and
  rapport each cost as the match recorded it;
* the other side's grievances left untouched and the player's own never let go;
* a deal accepted below the BATNA, or a walk-out from an offer above it;
* value created against value claimed (on a one-issue level: only claiming);
* the offer where every side could have done better, with that better package;
* the other side's claims (an alternative, a "final" offer, a priority): a bluff believed
  or called, a true claim called a bluff, and what was true.

Each finding names the move (an index into ``record["moves"]``) and the replay step
(how many offers had been tabled by then), so the debrief can jump the replay there.
Pure: no pygame, no store; the level gives the issues, preferences and the analysis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from game.campaign.objectives import format_utility, meets
from game.campaign.words import issue_words, joined_and, other_side, package_words
from game.engine import PLAYER, Offer
from game.engine.record import MatchRecord
from game.i18n import N_, N_plural, ngettext, number, percent, tr
from game.npc.relationship import rule_of

if TYPE_CHECKING:
    from game.levels.loader import LoadedLevel

__all__ = [
    "Finding",
    "diagnose",
    "replay_step_of",
    "MISTAKES",
    "TIMID_SHARE",
    "BIG_STEP_SHARE",
    "BETTER_FOR_ALL",
]

TIMID_SHARE = 0.5
"""A first offer that asks for less than this share of the player's room in the zone is timid."""
BIG_STEP_SHARE = 0.3
"""An early concession bigger than this share of the way from the first offer to the BATNA is big."""
BIG_STEP_MIN = 0.08
"""...and bigger than this in utility (small steps near the BATNA are not big)."""
CONCESSION = 0.01
"""A drop of this much in the player's utility between their offers is a concession."""
EVERYTHING = 0.005
"""A first offer within this of the player's best possible utility asks for everything."""
DOUBLE_STEP = 0.05
"""Each of two concessions in a row must be at least this big to count as conceding twice."""
STONEWALL_OFFERS = 4
"""This many offers or more, none of them any better for the other side than the first,
is stonewalling (fewer is holding an anchor)."""
TOP_STEP = 0.05
"""A concession this big, mostly on the player's top issue, can give ground on what matters most."""
TRADE_RATIO = 1.5
"""An issue that matters this many times more to the other side was the one to give instead."""
MOVED = 0.01
"""The other side moved when its offers got at least this much better for the player."""
BLUFF_MARGIN = 0.05
"""A claimed alternative this much above the real BATNA is a bluff (as the NPCs judge it)."""
BETTER_FOR_ALL = 0.03
"""A package better for every side by at least this much is worth pointing at."""
WALKED_FROM = 0.02
"""Walking away from an offer this much above the BATNA threw value away."""
TALK_TO_FIND = ("ask_priorities", "ask_issue", "ask_why")
REPAIR = ("acknowledge_grievance", "propose_shared_account", "apologise")
ASKED_AGAIN = frozenset({"asked_again", "pestered"})
"""The rules of a question asked again with nothing changed (no answer; see
``Relationship.question``)."""

MISTAKES = (
    "first_offer_absurd",
    "first_offer_timid",
    "big_step",
    "double_concession",
    "top_issue",
    "stonewall",
    "no_questions",
    "pestered",
    "said_again",
    "favour_empty",
    "lie",
    "threat",
    "bluff",
    "anger",
    "frustration",
    "raised_grievance",
    "grievances_untouched",
    "held_grievance",
    "below_batna",
    "walked_from_good",
    "better_for_both",
    "believed_bluff",
    "accused_truth",
)
"""The kinds of finding that point at a mistake (the rest praise or inform)."""


@dataclass(frozen=True)
class Finding:
    """One point about the player's play."""

    kind: str
    title: str
    """A short label: "First offer", "Threat", ... (in the language in use, as the text)"""
    text: str
    move: int | None
    """The move it is about (an index into the record's moves), None for the whole talk."""
    step: int
    """The replay step to show: the offers tabled up to and including that move."""
    round: int = 0
    cost: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    """Trust and rapport changes per NPC recorded at that move."""
    package: Mapping[str, Any] | None = None
    """For ``better_for_both``: the better package (an offer dict)."""

    @property
    def mistake(self) -> bool:
        """Return True when the finding points at something to do differently."""
        return self.kind in MISTAKES


# --------------------------------------------------------------------------- the record
@dataclass
class _Facts:
    level: LoadedLevel
    record: MatchRecord
    moves: list[dict[str, Any]]
    steps: list[int]
    """Per move: the replay step at it (offers tabled up to and including it)."""
    trail_of: dict[int, dict[str, Any]]
    """Move index -> its entry in the offers trail (offers only)."""
    names: dict[str, str]
    reserved: dict[str, float]
    npcs: list[str]
    changes_at: dict[int, list[list[Any]]]
    rules_at: dict[int, frozenset[str | None]]
    """Move index -> the relationship rules its recorded changes came from (worked out once:
    telling a rule from its reason tests every rule's pattern)."""

    @property
    def multi_issue(self) -> bool:
        return len(self.level.negotiation.space.issues) > 1

    @property
    def value_to_trade(self) -> bool:
        return bool(self.level.analysis.value_to_trade)

    @property
    def other(self) -> str:
        return other_side([self.names[n] for n in self.npcs])

    def name(self, party: str | None) -> str:
        return self.names.get(party or "", party or "")

    def step(self, index: int | None) -> int:
        if index is None or not self.steps:
            return len(self.trail_of)
        return self.steps[max(0, min(index, len(self.steps) - 1))]

    def round_of(self, index: int | None) -> int:
        if index is None or not self.moves:
            return 0
        return int(self.moves[max(0, min(index, len(self.moves) - 1))].get("round", 0))

    def cost(self, index: int) -> dict[str, tuple[float, float]]:
        totals: dict[str, list[float]] = {}
        for change in self.changes_at.get(index, []):
            if len(change) >= 3 and change[0] in self.npcs:
                pair = totals.setdefault(str(change[0]), [0.0, 0.0])
                pair[0] += float(change[1])
                pair[1] += float(change[2])
        return {npc: (pair[0], pair[1]) for npc, pair in totals.items()}

    def cost_words(self, index: int) -> str:
        parts = []
        for npc, (trust, rapport) in self.cost(index).items():
            bits = _changes_words(trust, rapport)
            if bits:
                parts.append(tr("{name}'s {changes}").format(name=self.name(npc), changes=bits))
        return "; ".join(parts)

    def paid(self, index: int) -> str:
        """Return " It cost ..." for a move that cost trust or rapport, else ""."""
        cost = self.cost_words(index)
        return " " + tr("It cost {cost}.").format(cost=cost) if cost else ""

    def rules(self, index: int) -> frozenset[str | None]:
        """Return the relationship rules the changes recorded at a move came from."""
        return self.rules_at.get(index, frozenset())

    def total_cost(self, indices: Sequence[int]) -> str:
        """Return "trust -5 and rapport -3": what the moves cost together, all NPCs summed."""
        trust = rapport = 0.0
        for index in indices:
            for change_trust, change_rapport in self.cost(index).values():
                trust += change_trust
                rapport += change_rapport
        return _changes_words(trust, rapport)

    def player_offers(self) -> list[tuple[int, dict[str, Any]]]:
        return [
            (i, self.trail_of[i]) for i, m in enumerate(self.moves)
            if m.get("actor") == PLAYER and i in self.trail_of
        ]  # fmt: skip

    def utility(self, entry: Mapping[str, Any], party: str = PLAYER) -> float:
        return float((entry.get("utilities") or {}).get(party, 0.0))


def _changes_words(trust: float, rapport: float) -> str:
    """Return "trust -5 and rapport -3" (either left out when it rounds to nothing)."""
    bits = []
    if round(trust):
        bits.append(tr("trust {change}").format(change=f"{round(trust):+d}"))
    if round(rapport):
        bits.append(tr("rapport {change}").format(change=f"{round(rapport):+d}"))
    return joined_and(bits)


def replay_step_of(moves: Sequence[Mapping[str, Any]], offers: Sequence[Mapping[str, Any]]):
    """Return ``(steps, trail_of)``: the replay step at each move, and move index -> offer.

    The replay shows the offers tabled (``record["offers"]``, in order); every offer move
    in the log that is in that trail advances it by one.
    """
    steps: list[int] = []
    trail_of: dict[int, dict[str, Any]] = {}
    position = 0
    for index, move in enumerate(moves):
        if position < len(offers) and move.get("kind") == "offer":
            entry = offers[position]
            if entry.get("actor") == move.get("actor") and entry.get("offer") == move.get("offer"):
                trail_of[index] = dict(entry)
                position += 1
        steps.append(position)
    return steps, trail_of


def _facts(level: LoadedLevel, record: MatchRecord) -> _Facts:
    moves = [dict(m) for m in record.moves if isinstance(m, Mapping)]
    offers = [dict(o) for o in record.offers or () if isinstance(o, Mapping)]
    steps, trail_of = replay_step_of(moves, offers)
    negotiation = level.negotiation
    names = {p.id: p.name for p in negotiation.parties}
    names[PLAYER] = tr("you")
    if level.mediator is not None:
        names[level.mediator.id] = level.mediator.name
    reserved = {p.id: float(p.preferences.reservation) for p in negotiation.parties}
    npcs = [p.id for p in negotiation.parties if not p.is_player]
    changes_at: dict[int, list[list[Any]]] = {}
    for entry in record.timeline or ():
        index = entry.get("index") if isinstance(entry, Mapping) else None
        if isinstance(index, int):
            changes_at.setdefault(index, []).extend(entry.get("changes") or [])
    rules_at = {
        index: frozenset(rule_of(str(change[3])) for change in changes if len(change) > 3)
        for index, changes in changes_at.items()
    }
    return _Facts(
        level, record, moves, steps, trail_of, names, reserved, npcs, changes_at, rules_at
    )


def _finding(facts: _Facts, kind: str, title: str, text: str, move: int | None, **extra) -> Finding:
    return Finding(
        kind,
        title,
        text,
        move,
        facts.step(move),
        facts.round_of(move),
        facts.cost(move) if move is not None else {},
        **extra,
    )


# --------------------------------------------------------------------------- diagnoses
def diagnose(level: LoadedLevel, record: MatchRecord | Mapping[str, Any]) -> list[Finding]:
    """Return what the player did well and badly, in the order it happened (see the module).

    ``record``: a :class:`MatchRecord`, or a stored one (read once with ``MatchRecord.read``).
    """
    facts = _facts(level, MatchRecord.read(record))
    found: list[Finding] = []
    for check in (
        _grievances,
        _questions,
        _empty_move_points,
        _honesty,
        _first_offer,
        _concessions,
        _pressure,
        _ending,
        _value,
        _better_for_both,
        _claims,
    ):
        found.extend(check(facts))
    order = {id(f): n for n, f in enumerate(found)}
    end = len(facts.moves)
    return sorted(found, key=lambda f: (end if f.move is None else f.move, order[id(f)]))


def _zone_top(facts: _Facts) -> float | None:
    """Return the best the player can get from a package every side prefers to its BATNA."""
    analysis = facts.level.analysis
    utilities = np.asarray(analysis.utilities)
    reserved = np.asarray(analysis.reserved)
    mask = np.all(utilities >= reserved[None, :] - 1e-9, axis=1)
    if not mask.any():
        return None
    player = list(facts.level.negotiation.party_ids).index(PLAYER)
    return float(utilities[mask, player].max())


def _first_offer(facts: _Facts) -> list[Finding]:
    offers = facts.player_offers()
    if not offers:
        if facts.trail_of and facts.record.agreement:
            first = next(iter(facts.trail_of))
            return [
                _finding(
                    facts,
                    "no_offer",
                    tr("First offer"),
                    tr(
                        "you never made an offer of your own: {other} set the anchor and the "
                        "talks moved around it."
                    ).format(other=facts.other),
                    first,
                )
            ]
        return []
    index, entry = offers[0]
    mine = facts.utility(entry)
    batna = facts.reserved[PLAYER]
    insulted = []
    for npc in facts.npcs:
        margin = facts.level.npc(npc).thresholds.lowball_margin
        if facts.utility(entry, npc) < facts.reserved[npc] - margin:
            insulted.append(npc)
    top = _zone_top(facts)
    best = float(np.asarray(facts.level.negotiation.player.preferences.utilities).max())
    everything = mine >= best - EVERYTHING
    zone = (
        ""
        if top is None
        else " "
        + tr("Deals every side could accept gave you between {low} and {high}.").format(
            low=number(batna, 2), high=number(top, 2)
        )
    )
    paid = facts.paid(index)
    worth = number(mine, 2)
    if insulted and everything and facts.level.analysis.zone_at_all:
        who = joined_and([facts.name(n) for n in insulted])
        text = tr(
            "your first offer asked for everything (worth {value} to you), far outside "
            "anything {who} could accept: an anchor that insults does not pull, it pushes away."
        ).format(value=worth, who=who)
        title = tr("First offer: absurd")
        return [_finding(facts, "first_offer_absurd", title, text + zone + paid, index)]
    if insulted:
        who = joined_and([facts.name(n) for n in insulted])
        text = tr(
            "you opened high (worth {value} to you), below what {who} could accept but short "
            "of asking for everything: an ambitious anchor. Back it with a reason (a "
            "benchmark) and move from it soon."
        ).format(value=worth, who=who)
        title = tr("First offer: ambitious")
        return [_finding(facts, "first_offer_ambitious", title, text + zone + paid, index)]
    if top is not None and top > batna + 0.02 and mine < batna + TIMID_SHARE * (top - batna):
        text = tr(
            "your first offer asked for {value}, less than half of what the zone allowed (up "
            "to {top}; your BATNA {batna}). A first offer sets the anchor: start ambitious and "
            "credible, you can always come down, never go up."
        ).format(value=worth, top=number(top, 2), batna=number(batna, 2))
        title = tr("First offer: too timid")
        return [_finding(facts, "first_offer_timid", title, text, index)]
    text = tr("you opened at {value} for you, ambitious but credible: a good anchor.").format(
        value=worth
    )
    text += zone
    if top is None:
        text = tr(
            "you opened at {value} for you without insulting {other}. There was no plain deal "
            "every side preferred to walking away, so the anchor could not save it."
        ).format(value=worth, other=facts.other)
    title = tr("First offer: credible")
    return [_finding(facts, "first_offer_credible", title, text, index)]


def _npc_best_before(facts: _Facts, index: int) -> float | None:
    """Return the best offer for the player the others had tabled before move ``index``."""
    best = None
    for i, entry in facts.trail_of.items():
        if i < index and entry.get("actor") != PLAYER:
            value = facts.utility(entry)
            best = value if best is None else max(best, value)
    return best


def _concessions(facts: _Facts) -> list[Finding]:
    offers = facts.player_offers()
    found: list[Finding] = []
    if len(offers) < 2:
        return found
    batna = facts.reserved[PLAYER]
    deadline = facts.level.negotiation.rules.deadline_rounds
    first_u = facts.utility(offers[0][1])
    room = max(first_u - batna, 0.0)
    steps = []
    for (a, before), (b, after) in zip(offers, offers[1:], strict=False):
        drop = facts.utility(before) - facts.utility(after)
        if drop >= CONCESSION:
            steps.append((a, b, drop, before, after))
    found.extend(_stonewall(facts, offers))
    big_said = double_said = top_said = False
    for position, (a, b, drop, before, after) in enumerate(steps):
        early = position < 2 and facts.round_of(b) < max(1, deadline // 3)
        if not big_said and early and drop > max(BIG_STEP_MIN, BIG_STEP_SHARE * room):
            big_said = True
            found.append(
                _finding(
                    facts,
                    "big_step",
                    tr("Concession: a big early step"),
                    tr(
                        "in round {round} you gave up {value} in one step, {share} of the way "
                        "from your first offer to your BATNA. Big early steps tell the other "
                        "side there is much more to come: concede in small, shrinking steps."
                    ).format(
                        round=facts.round_of(b) + 1,
                        value=number(drop, 2),
                        share=percent(drop / room),
                    ),
                    b,
                )
            )
        if not double_said and position >= 1 and facts.round_of(b) < deadline / 2:
            _, pb, previous_drop, _, _ = steps[position - 1]
            if pb == a and min(drop, previous_drop) >= DOUBLE_STEP:  # offers pa -> a -> b
                before_first = _npc_best_before(facts, pb)
                before_second = _npc_best_before(facts, b)
                moved = (
                    before_first is not None
                    and before_second is not None
                    and before_second >= before_first + MOVED
                )
                if not moved:
                    double_said = True
                    found.append(
                        _finding(
                            facts,
                            "double_concession",
                            tr("Concession: twice without a counter"),
                            tr(
                                "you conceded in round {first} and again in round {second}, "
                                "while {other} had not moved in between. Conceding twice in a "
                                "row teaches the other side to wait: ask for a move of theirs "
                                "first."
                            ).format(
                                first=facts.round_of(pb) + 1,
                                second=facts.round_of(b) + 1,
                                other=facts.other,
                            ),
                            b,
                        )
                    )
        if not top_said and facts.multi_issue:
            pair = _gave_on_top_issue(facts, before, after)
            if pair is not None:
                top_said = True
                found.append(
                    _finding(
                        facts,
                        "top_issue",
                        tr("Concession: on what matters most"),
                        tr(
                            "in round {round} most of your concession was on {top}, the issue "
                            "that matters most to you, while you still held your best terms on "
                            "{issue}, which matters more to {other} than to you. Give ground "
                            "where it costs you least and hold what matters most."
                        ).format(
                            round=facts.round_of(b) + 1,
                            top=pair[0],
                            issue=pair[1],
                            other=facts.other,
                        ),
                        b,
                    )
                )
    return found


def _stonewall(facts: _Facts, offers: list[tuple[int, dict[str, Any]]]) -> list[Finding]:
    """Return the stonewalling finding: many offers, none better for any other side than the
    first (a trade that keeps the player's utility but gives the other side more is a move),
    when the first was outside what some side could accept (holding a fair offer is not)."""
    if len(offers) < STONEWALL_OFFERS:
        return []
    first = offers[0][1]
    if all(facts.utility(first, npc) >= facts.reserved[npc] for npc in facts.npcs):
        return []
    for npc in facts.npcs:
        if max(facts.utility(e, npc) for _, e in offers) >= facts.utility(first, npc) + MOVED:
            return []
    theirs = [
        facts.utility(entry)
        for index, entry in facts.trail_of.items()
        if facts.moves[index].get("actor") != PLAYER
    ]
    moved = max(theirs) - theirs[0] if theirs else 0.0
    text = tr(
        "you made {n} offers, from round {first} to round {last}, and none gave {other} any "
        "ground from your first."
    ).format(
        n=len(offers),
        first=facts.round_of(offers[0][0]) + 1,
        last=facts.round_of(offers[-1][0]) + 1,
        other=facts.other,
    )
    if moved >= MOVED:
        text += " " + tr("Meanwhile {other} moved {value} toward you.").format(
            other=facts.other, value=number(moved, 2)
        )
    text += " " + tr(
        "Holding firm with no reason teaches the other side to hold firm too: they concede "
        "when you do. Give ground in small steps, and ask for something back each time."
    )
    return [_finding(facts, "stonewall", tr("Concession: none at all"), text, offers[1][0])]


def _honesty(facts: _Facts) -> list[Finding]:
    """Return what the other side concluded of the priorities the player stated: that its
    offers matched them (``honest``) or contradicted them (``lie``), at the offer that showed
    it, with when they were told and what the verdict moved."""
    found: list[Finding] = []
    for verdict in ("lie", "honest"):
        at = next((i for i in sorted(facts.changes_at) if verdict in facts.rules(i)), None)
        if at is None:
            continue
        told = next(
            (
                i
                for i in range(at, -1, -1)
                if facts.moves[i].get("actor") == PLAYER
                and facts.moves[i].get("kind") == "state_priorities"
            ),
            None,
        )
        if told is None:
            continue
        rounds = {"told": facts.round_of(told) + 1, "round": facts.round_of(at) + 1}
        cost = facts.total_cost([at])
        if verdict == "lie":
            opening = tr(
                "in round {told} you told {other} what matters to you, and your offers said "
                "otherwise: {other} saw it in round {round}."
            )
            paid, closing = tr("It cost {cost}."), tr(
                "What you say weighs less with them from then on. Priorities told truly, with "
                "offers that match them, earn trust instead."
            )
            # the replay goes to where it was said (the what-if tells the truth from there)
            kind, title, move = "lie", tr("Priorities: a lie found out"), told
        else:
            opening = tr(
                "your offers matched the priorities you told {other} in round {told}: "
                "{other} saw it in round {round}."
            )
            paid, closing = tr("It earned {cost}."), ""
            kind, title, move = "honest", tr("Priorities: told truly"), at
        text = opening.format(other=facts.other, **rounds)
        if cost:
            text += " " + paid.format(cost=cost)
        if closing:
            text += " " + closing
        found.append(_finding(facts, kind, title, text, move))
    return found


def _gave_on_top_issue(
    facts: _Facts, before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[str, str] | None:
    """Return ``(top issue, issue to give instead)`` when a concession was mostly made on the
    player's top issue while the player still held its best terms on an issue that matters
    more to the other side than to the player (a trade left unmade)."""
    negotiation = facts.level.negotiation
    prefs = negotiation.player.preferences
    try:
        old = Offer.from_dict(before["offer"])
        new = Offer.from_dict(after["offer"])
    except (KeyError, TypeError, ValueError):
        return None
    if old.clause is not None or new.clause is not None:
        return None
    ranking = prefs.ranking()
    top = ranking[0]
    losses = {}
    for issue in negotiation.space.issues:
        try:
            losses[issue.id] = prefs.contribution(issue.id, old.terms[issue.id]) - (
                prefs.contribution(issue.id, new.terms[issue.id])
            )
        except (KeyError, ValueError):
            return None
    total = sum(v for v in losses.values() if v > 0)
    if total < TOP_STEP or losses[top] < 0.8 * total:
        return None
    others = [p.preferences for p in negotiation.parties if not p.is_player]
    for issue_id in ranking[1:]:
        values = negotiation.space.issue(issue_id).values
        contributions = [prefs.contribution(issue_id, v) for v in values]
        if max(contributions) - min(contributions) < 1e-9:
            continue  # an issue that does not matter to the player leaves no room
        if prefs.contribution(issue_id, new.terms[issue_id]) < max(contributions) - 1e-9:
            continue  # already given ground there
        if any(
            theirs.weight(issue_id) >= TRADE_RATIO * prefs.weight(issue_id) for theirs in others
        ):
            space = negotiation.space
            return (
                issue_words(facts.level, top, space.issue(top).name.lower()),
                issue_words(facts.level, issue_id, space.issue(issue_id).name.lower()),
            )
    return None


def _questions(facts: _Facts) -> list[Finding]:
    asked = [
        i for i, m in enumerate(facts.moves)
        if m.get("actor") == PLAYER and m.get("kind") in TALK_TO_FIND
    ]  # fmt: skip
    if asked:
        again = [i for i in asked if facts.rules(i) & ASKED_AGAIN]
        fresh = [i for i in asked if i not in again]
        first = fresh[0] if fresh else asked[0]
        count = len(fresh)
        text = ngettext(
            "you asked {n} question about what matters to {other}, the first in round "
            "{round}: that is how the trades worth making are found.",
            "you asked {n} questions about what matters to {other}, the first in round "
            "{round}: that is how the trades worth making are found.",
            count,
        ).format(n=count, other=facts.other, round=facts.round_of(first) + 1)
        if again:
            cost = facts.total_cost(again)
            text += " " + ngettext(
                "Once more you asked what {other} had already answered, with nothing changed "
                "since: it got no answer.",
                "{n} more times you asked what {other} had already answered, with nothing "
                "changed since: they got no answer.",
                len(again),
            ).format(n=len(again), other=facts.other)
            if cost:
                text += " " + tr("Together they cost {cost}.").format(cost=cost)
        found = [_finding(facts, "asked", tr("Questions"), text, first)]
        pestered = [i for i in again if "pestered" in facts.rules(i)]
        if pestered:
            found.append(
                _finding(
                    facts,
                    "pestered",
                    tr("The same questions, again and again"),
                    ngettext(
                        "in round {round} you asked {other} once more what they had already "
                        "answered, with nothing changed since, after their patience had run "
                        "out: that one cost trust as well as rapport ({cost}).",
                        "from round {round} you kept asking {other} what they had already "
                        "answered, with nothing changed since: {n} times after their patience "
                        "had run out, each costing trust as well as rapport ({cost} in all).",
                        len(pestered),
                    ).format(
                        n=len(pestered),
                        other=facts.other,
                        round=facts.round_of(pestered[0]) + 1,
                        cost=facts.total_cost(pestered),
                    )
                    + " "
                    + tr(
                        "Ask again once something has changed: when trust has grown, or after "
                        "you have acted on the answer."
                    ),
                    pestered[0],
                )
            )
        return found
    if not (facts.value_to_trade and facts.multi_issue):
        return []
    offers = facts.player_offers()
    anchor = offers[0][0] if offers else (next(iter(facts.trail_of), None))
    if anchor is None:
        return []
    return [
        _finding(
            facts,
            "no_questions",
            tr("Questions not asked"),
            tr(
                "you never asked {other} what matters to them. With several issues on the "
                "table, one question shows where a trade costs them little and gives you much; "
                "without it you can only guess."
            ).format(other=facts.other),
            anchor,
        )
    ]


#: Moves that count for nothing, one point each: the relationship rules they set off, the
#: point's kind and title, how many and from when (singular, plural), and what to do.
_EMPTY_MOVES = (
    (
        frozenset({"said_again"}),
        "said_again",
        N_("Words without deeds"),
        N_plural(
            "in round {round} you said the same friendly words again before anything you did "
            "backed them up.",
            "{n} times, first in round {round}, you said the same friendly words again before "
            "anything you did backed them up.",
        ),
        N_(
            "Trust comes from what you do: a concession that answers theirs, offers that match "
            "what you said, a favour returned."
        ),
    ),
    (
        frozenset({"favour_empty", "favour_trivial"}),
        "favour_empty",
        N_("Favours in name only"),
        N_plural(
            "in round {round} you called something a favour that gave {other} nothing, or "
            "cost you nothing.",
            "{n} times, first in round {round}, you called something a favour that gave "
            "{other} nothing, or cost you nothing.",
        ),
        N_(
            "A favour is ground you really give, on something that costs you: name it, then "
            "show it in your next offer."
        ),
    ),
    (
        frozenset({"frustrated"}),
        "frustration",
        N_("Frustration"),
        N_plural(
            "in round {round} you showed {other} your frustration.",
            "{n} times, first in round {round}, you showed {other} your frustration.",
        ),
        N_(
            "Frustration moves no number; it only tells the other side you are stuck. Say "
            "what you need instead, or ask what they need."
        ),
    ),
)


def _empty_move_points(facts: _Facts) -> list[Finding]:
    """Return the points on moves that counted for nothing (_EMPTY_MOVES), in its order."""
    found: list[Finding] = []
    for rules, kind, title, counted, advice in _EMPTY_MOVES:
        found += _empty_moves(facts, rules, kind, tr(title), counted, tr(advice))
    return found


def _empty_moves(
    facts: _Facts,
    rules: frozenset[str],
    kind: str,
    title: str,
    counted: tuple[str, str],
    advice: str,
) -> list[Finding]:
    """Return one point on every move of the player's that set off one of ``rules`` (moves
    that counted for nothing): how many, from when (``counted``, marked with ``N_plural``),
    what they cost together, and ``advice``."""
    moves = [
        i for i, m in enumerate(facts.moves)
        if m.get("actor") == PLAYER and facts.rules(i) & rules
    ]  # fmt: skip
    if not moves:
        return []
    text = ngettext(*counted, len(moves)).format(
        n=len(moves), round=facts.round_of(moves[0]) + 1, other=facts.other
    )
    cost = facts.total_cost(moves)
    text += " " + (
        ngettext(
            "It counted for nothing and cost {cost}.",
            "They counted for nothing and cost {cost}.",
            len(moves),
        ).format(cost=cost)
        if cost
        else ngettext("It counted for nothing.", "They counted for nothing.", len(moves))
    )
    return [_finding(facts, kind, title, text + " " + advice, moves[0])]


def _pressure(facts: _Facts) -> list[Finding]:
    found: list[Finding] = []
    batna = facts.reserved[PLAYER]
    final = float(facts.record.utilities.get(PLAYER, batna))
    agreed = bool(facts.record.agreement)
    angry: list[int] = []
    threats: list[int] = []
    bluffs: list[tuple[int, float]] = []
    raised: list[int] = []
    for index, move in enumerate(facts.moves):
        if move.get("actor") != PLAYER:
            continue
        kind = move.get("kind")
        if kind == "threaten":
            claim = move.get("claim")
            if isinstance(claim, int | float) and claim > batna + BLUFF_MARGIN:
                bluffs.append((index, float(claim)))
            else:
                threats.append(index)
        elif kind == "express_emotion" and move.get("emotion") == "angry":
            angry.append(index)
        elif kind == "raise_grievance":
            raised.append(index)
    if bluffs:
        first = bluffs[0][0]
        claim = max(value for _, value in bluffs)
        text = ngettext(
            "in round {round} you threatened to walk away, claiming an alternative worth "
            "{claim} when your BATNA was {batna}: a bluff.",
            "you threatened to walk away {n} times, first in round {round}, claiming an "
            "alternative worth as much as {claim} when your BATNA was {batna}: a bluff.",
            len(bluffs),
        ).format(
            n=len(bluffs),
            round=facts.round_of(first) + 1,
            claim=number(claim, 2),
            batna=number(batna, 2),
        )
        text += _paid_together(facts, [index for index, _ in bluffs])
        if agreed and final < claim - BLUFF_MARGIN:
            text += " " + tr("Then you settled for {value}, and {other} saw through it.").format(
                value=number(final, 2), other=facts.other
            )
        found.append(_finding(facts, "bluff", tr("Threat: a bluff"), text, first))
    if threats:
        first = threats[0]
        text = ngettext(
            "in round {round} you threatened to walk away.",
            "you threatened to walk away {n} times, first in round {round}.",
            len(threats),
        ).format(n=len(threats), round=facts.round_of(first) + 1)
        text += (
            _paid_together(facts, threats)
            + " "
            + tr(
                "A threat rarely moves a partner who can walk too; a better offer or a "
                "question usually does."
            )
        )
        found.append(_finding(facts, "threat", tr("Threat"), text, first))
    if raised:
        first = raised[0]
        grievances = _level_text(facts).player.grievances
        grievance = facts.moves[first].get("grievance")
        words = next((g.text for g in grievances if g.id == grievance), "").rstrip(".")
        if words:
            said = ngettext(
                "in round {round} you brought up an old grievance to score a point "
                "({grievance}).",
                "you brought up old grievances to score a point {n} times, first in round "
                "{round} ({grievance}).",
                len(raised),
            )
        else:
            said = ngettext(
                "in round {round} you brought up an old grievance to score a point.",
                "you brought up old grievances to score a point {n} times, first in round "
                "{round}.",
                len(raised),
            )
        text = said.format(n=len(raised), round=facts.round_of(first) + 1, grievance=words)
        text += _paid_together(facts, raised)
        found.append(_finding(facts, "raised_grievance", tr("An old grievance raised"), text, first))
    if angry:
        first = angry[0]
        costs = facts.total_cost(angry)
        cost = " " + tr("Together it cost {cost}.").format(cost=costs) if costs else ""
        text = ngettext(
            "you got angry once, first in round {round}.",
            "you got angry {n} times, first in round {round}.",
            len(angry),
        ).format(n=len(angry), round=facts.round_of(first) + 1)
        text += cost + " " + tr("Anger makes the other side defend, not give.")
        found.append(_finding(facts, "anger", tr("Anger"), text, first))
    return found


def _paid_together(facts: _Facts, indices: Sequence[int]) -> str:
    """Return " It cost ..." for one move, " Together it cost ..." for several ("" if free)."""
    if len(indices) == 1:
        return facts.paid(indices[0])
    cost = facts.total_cost(indices)
    return " " + tr("Together it cost {cost}.").format(cost=cost) if cost else ""


def _grievances(facts: _Facts) -> list[Finding]:
    found: list[Finding] = []
    held = 0
    for npc in facts.level.party_npcs:
        held += len(npc.grievances)
    held = max(held, int(facts.record.grievances_at_start or 0))
    repaired = [
        i for i, m in enumerate(facts.moves)
        if m.get("actor") == PLAYER and m.get("kind") in REPAIR
    ]  # fmt: skip
    first_player = next((i for i, m in enumerate(facts.moves) if m.get("actor") == PLAYER), None)
    resolved = int(facts.record.grievances_resolved or 0)
    if held and not repaired:
        found.append(
            _finding(
                facts,
                "grievances_untouched",
                tr("Grievances left untouched"),
                ngettext(
                    "{other} came to the table with {n} old grievance and you never "
                    "acknowledged it. Until the past is acknowledged, every offer is read "
                    "through it.",
                    "{other} came to the table with {n} old grievances and you never "
                    "acknowledged them. Until the past is acknowledged, every offer is read "
                    "through it.",
                    held,
                ).format(other=facts.other, n=held),
                first_player,
            )
        )
    elif held and repaired:
        found.append(
            _finding(
                facts,
                "grievances_repaired",
                tr("Grievances"),
                tr(
                    "you worked on the old grievances (resolved {n} of {total}) before "
                    "bargaining hard: repair first makes every later offer easier to hear."
                ).format(n=resolved, total=held),
                repaired[0],
            )
        )
    if held and repaired:
        found.extend(_forgiven(facts))
    cards = list(facts.level.model.player.grievances)
    if cards:
        let_go = {m.get("grievance") for m in facts.moves if m.get("kind") == "let_go"}
        kept = [g for g in cards if g.id not in let_go]
        if kept:
            found.append(
                _finding(
                    facts,
                    "held_grievance",
                    tr("Your own grievance kept"),
                    ngettext(
                        "you held on to {n} of your own grievance card. Letting go of a grudge "
                        "you cannot win costs nothing at the table and earns trust.",
                        "you held on to {n} of your own grievance cards. Letting go of a "
                        "grudge you cannot win costs nothing at the table and earns trust.",
                        len(cards),
                    ).format(n=len(kept)),
                    first_player,
                )
            )
    return found


def _forgiven(facts: _Facts) -> list[Finding]:
    """A grievance settled by an apology where the level counts trust earned by deeds: the
    trust came back, but as words (``forgiven``); a shared account would have been a deed."""
    counts_deeds = any(o.kind == "trust_earned_at_least" for o in facts.level.model.objectives)
    accounts = any(g.shared_account for npc in facts.level.party_npcs for g in npc.grievances)
    if not (counts_deeds and accounts):
        return []
    at = next(
        (
            index
            for index in sorted(facts.changes_at)
            if "forgiven" in facts.rules(index)
        ),
        None,
    )
    if at is None:
        return []
    text = tr(
        "{other} forgave you once you had owned it and apologised: the trust came back, but "
        "an apology is words, so it does not count towards trust earned by deeds. An account "
        "of what happened that you both accept (Propose a shared account) settles it by a "
        "deed."
    ).format(other=facts.other)
    return [_finding(facts, "grievance_forgiven", tr("Settled by an apology"), text, at)]


def _ending(facts: _Facts) -> list[Finding]:
    record = facts.record
    moves = facts.moves
    batna = facts.reserved[PLAYER]
    mine = float(record.utilities.get(PLAYER, batna))
    if record.agreement:
        if meets(mine, batna):
            return []
        last = max((i for i, m in enumerate(moves) if m.get("actor") == PLAYER), default=None)
        return [
            _finding(
                facts,
                "below_batna",
                tr("Deal below your BATNA"),
                tr(
                    "you agreed to a deal worth {value} to you when your BATNA gave {batna}: "
                    "walking away was better. Check every offer against your BATNA before you "
                    "say yes."
                ).format(value=format_utility(mine, batna), batna=format_utility(batna, batna)),
                last,
            )
        ]
    if not moves:
        return []
    last_index = len(moves) - 1
    walked = moves[-1].get("kind") == "walk_away" and moves[-1].get("actor") == PLAYER
    ran_out = record.status == "deadline"
    if not (walked or ran_out):
        return []
    table = None
    for i in range(last_index, -1, -1):
        if i in facts.trail_of and facts.trail_of[i].get("actor") != PLAYER:
            table = facts.trail_of[i]
            break
    if table is None:
        return []
    offered = facts.utility(table)
    if offered < batna + WALKED_FROM:
        if walked:
            return [
                _finding(
                    facts,
                    "walked_right",
                    tr("Walking away"),
                    tr(
                        "you walked away from an offer worth {value} to you, below your BATNA "
                        "of {batna}: no deal was better than that deal."
                    ).format(value=number(offered, 2), batna=number(batna, 2)),
                    last_index,
                )
            ]
        return []
    if walked:
        title = tr("Walked away from a good offer")
        text = tr(
            "you walked away from an offer worth {value} to you, above your BATNA of {batna}: "
            "{offer}. A deal better than your alternative is worth taking, or improving, not "
            "leaving."
        )
    else:
        title = tr("Time ran out on a good offer")
        text = tr(
            "you let time run out on an offer worth {value} to you, above your BATNA of "
            "{batna}: {offer}. A deal better than your alternative is worth taking, or "
            "improving, not leaving."
        )
    text = text.format(
        value=number(offered, 2),
        batna=number(batna, 2),
        offer=package_words(facts.level, table.get("offer")),
    )
    return [_finding(facts, "walked_from_good", title, text, last_index)]


def _value(facts: _Facts) -> list[Finding]:
    record = facts.record
    if not record.agreement:
        return []
    utilities = record.utilities
    gains = {
        pid: float(utilities.get(pid, facts.reserved[pid])) - facts.reserved[pid]
        for pid in facts.reserved
    }
    created = sum(gains.values())
    mine = gains[PLAYER]
    share = mine / created if created > 1e-9 else 0.0
    if not facts.value_to_trade:
        if created <= 0.01:
            return []
        text = tr(
            "with one thing to decide, the pie was fixed: the deal left {created} between the "
            "BATNAs and you claimed {value} of it ({share})."
        ).format(created=number(created, 2), value=number(max(mine, 0.0), 2), share=percent(share))
        if share < 0.4:
            text += " " + tr("Anchor higher and concede more slowly to claim more.")
        return [_finding(facts, "claimed", tr("Claiming"), text, None)]
    analysis = facts.level.analysis
    best = analysis.max_welfare
    possible = None
    if best is not None:
        possible = sum(best.utilities) - float(np.asarray(analysis.reserved).sum())
    values = {
        "created": number(created, 2),
        "value": number(max(mine, 0.0), 2),
        "share": percent(share),
    }
    if possible is not None and possible > 0.01:
        text = tr(
            "together you created {created} of value above your BATNAs (the best deal could "
            "create {possible}), and you claimed {value} of it ({share})."
        ).format(possible=number(possible, 2), **values)
    else:
        text = tr(
            "together you created {created} of value above your BATNAs, and you claimed "
            "{value} of it ({share})."
        ).format(**values)
    several = len(facts.npcs) > 1
    if possible is not None and created < possible - 0.1:
        text += " " + (
            tr("More trading across issues would have made the pie bigger for everyone.")
            if several
            else tr("More trading across issues would have made the pie bigger for both.")
        )
    elif share < 0.3:
        text += " " + (
            tr("You made the pie bigger but let the others take most of it.")
            if several
            else tr("You made the pie bigger but let the other side take most of it.")
        )
    return [_finding(facts, "created_claimed", tr("Value created and claimed"), text, None)]


def _better_for_both(facts: _Facts) -> list[Finding]:
    if not (facts.value_to_trade and facts.multi_issue):
        return []
    record = facts.record
    offer_data: Mapping[str, Any] | None
    if record.agreement and record.outcome:
        offer_data = record.outcome
        index = max(
            (i for i, m in enumerate(facts.moves) if m.get("actor") == PLAYER), default=None
        )
        what = tr("the deal you made")
    else:
        offers = facts.player_offers()
        if not offers:
            return []
        index, entry = offers[-1]
        offer_data = entry.get("offer")
        what = tr("your last offer")
    better = _better_package(facts, offer_data)
    if better is None:
        return []
    package, gains = better
    names = [facts.name(p) for p in facts.level.negotiation.party_ids]
    each = ", ".join(f"{n} +{number(g, 2)}" for n, g in zip(names, gains, strict=True))
    text = tr(
        "{what} left value on the table: {package} was better for every side ({each}). Trade "
        "what matters less to you for what matters more."
    ).format(what=what, package=_describe(facts, package), each=each)
    title = tr("Better for everyone") if len(facts.npcs) > 1 else tr("Better for both")
    return [_finding(facts, "better_for_both", title, text, index, package=package)]


def _better_package(
    facts: _Facts, offer_data: Mapping[str, Any] | None
) -> tuple[dict[str, Any], list[float]] | None:
    """Return the plain package that most improves the worst-off side over an offer, or None."""
    if not offer_data:
        return None
    negotiation = facts.level.negotiation
    try:
        offer = Offer.from_dict(offer_data)
        if offer.clause is not None:
            return None
        index = negotiation.space.index_of(offer.terms)
    except Exception:  # a record from another version of the level
        return None
    utilities = np.asarray(facts.level.analysis.utilities)
    gains = utilities - utilities[index][None, :]
    worst = gains.min(axis=1)
    worst[_never_opened(facts)] = -np.inf  # options no one could offer: the debrief's questions
    best = int(np.argmax(worst))
    if worst[best] < BETTER_FOR_ALL:
        return None
    package = Offer(negotiation.space.outcome(best)).to_dict()
    return package, [float(g) for g in gains[best]]


def _never_opened(facts: _Facts) -> np.ndarray:
    """Return a mask of the outcomes naming an option whose interest was never found."""
    space = facts.level.negotiation.space
    shut = np.zeros(space.size, dtype=bool)
    missed = {(m.get("npc"), m.get("id")) for m in (facts.record.interests or {}).get("missed", ())}
    if not missed:
        return shut
    positions = space.value_indices(np.arange(space.size))
    for npc in facts.level.model.npcs:
        for interest in npc.interests:
            if (npc.id, interest.id) not in missed:
                continue
            for opening in interest.opens:
                if opening.issue not in space.issue_ids:
                    continue
                options = [str(v) for v in space.issue(opening.issue).values]
                if opening.value in options:
                    column = positions[:, space.position(opening.issue)]
                    shut |= column == options.index(opening.value)
    return shut


def _describe(facts: _Facts, offer_data: Mapping[str, Any] | None) -> str:
    return package_words(facts.level, offer_data)


def _level_text(facts: _Facts) -> Any:
    from game.levels.text import level_text

    return level_text(facts.level.model)


# --------------------------------------------------------------------------- claims
def _claims(facts: _Facts) -> list[Finding]:
    """The other side's claims: what was true, and what the player did about each."""
    from game.campaign.claim_notes import claim_truth_words

    found: list[Finding] = []
    for row in facts.record.extra.get("claims") or ():
        if not isinstance(row, Mapping):
            continue
        made = _claim_move(facts, row, lambda m: not (m.get("meta") or {}).get("answer"))
        truth = claim_truth_words(facts.level, row)
        if row.get("bluff") and row.get("response") == "called":
            called = _claim_move(facts, row, lambda m: m.get("actor") == PLAYER) or made
            found.append(
                _finding(
                    facts,
                    "called_bluff",
                    tr("A bluff called"),
                    truth
                    + " "
                    + tr(
                        "Testing a claim before giving way to it kept the ground it was meant "
                        "to take."
                    ),
                    called,
                )
            )
        elif row.get("bluff") and row.get("response") == "believed":
            found.append(
                _finding(
                    facts,
                    "believed_bluff",
                    tr("A bluff believed"),
                    truth
                    + " "
                    + tr(
                        "Asking for proof, checking it against a benchmark, or noticing that "
                        "their own offers contradicted it would have shown it."
                    ),
                    made,
                )
            )
        elif not row.get("bluff") and row.get("accused"):
            accused = _claim_move(
                facts, row, lambda m: m.get("actor") == PLAYER and m.get("kind") == "call_bluff"
            )
            words = facts.cost_words(accused) if accused is not None else ""
            found.append(
                _finding(
                    facts,
                    "accused_truth",
                    tr("A true claim called a bluff"),
                    truth
                    + " "
                    + (
                        tr("Asking for proof first costs nothing; the accusation cost {cost}.")
                        if words
                        else tr("Asking for proof first costs nothing.")
                    ).format(cost=words),
                    accused,
                )
            )
        elif not row.get("bluff") and row.get("probed") == "backed":
            found.append(_finding(facts, "claim_checked", tr("A claim checked"), truth, made))
    return found


def _claim_move(facts: _Facts, row: Mapping[str, Any], test: Any) -> int | None:
    """Return the index of the first move about the claim ``row`` that passes ``test``."""
    for index, move in enumerate(facts.moves):
        meta = move.get("meta") or {}
        if meta.get("claim") == row.get("id") and (
            move.get("actor") == row.get("npc") or move.get("actor") == PLAYER
        ):
            if test(move):
                return index
    return None
