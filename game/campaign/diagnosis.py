"""What the debrief says about this player's own play, each point tied to its moment.

``diagnose(level, record)`` reads a finished match record (the history record the game
saves: its moves, the offers tabled with every party's utility, the trust timeline) and
returns :class:`Finding` s in the order they happened:

* the first offer against the agreement zone: too timid, credible, or absurd;
* the concession pattern: a big early step, conceding twice in a row while the other
  side did not move, giving ground on what matters most to you;
* questions asked, and not asked where there was value to find;
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
from game.engine import PLAYER, Offer
from game.engine.record import MatchRecord

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

MISTAKES = (
    "first_offer_absurd",
    "first_offer_timid",
    "big_step",
    "double_concession",
    "top_issue",
    "no_questions",
    "threat",
    "bluff",
    "anger",
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
    """A short label: "First offer", "Threat", ..."""
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

    @property
    def multi_issue(self) -> bool:
        return len(self.level.negotiation.space.issues) > 1

    @property
    def value_to_trade(self) -> bool:
        return bool(self.level.analysis.value_to_trade)

    @property
    def other(self) -> str:
        others = [self.names[n] for n in self.npcs]
        return others[0] if len(others) == 1 else "the others"

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
            bits = []
            if round(trust):
                bits.append(f"trust {round(trust):+d}")
            if round(rapport):
                bits.append(f"rapport {round(rapport):+d}")
            if bits:
                parts.append(f"{self.name(npc)}'s {' and '.join(bits)}")
        return "; ".join(parts)

    def player_offers(self) -> list[tuple[int, dict[str, Any]]]:
        return [
            (i, self.trail_of[i]) for i, m in enumerate(self.moves)
            if m.get("actor") == PLAYER and i in self.trail_of
        ]  # fmt: skip

    def utility(self, entry: Mapping[str, Any], party: str = PLAYER) -> float:
        return float((entry.get("utilities") or {}).get(party, 0.0))


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
    names[PLAYER] = "you"
    if level.mediator is not None:
        names[level.mediator.id] = level.mediator.name
    reserved = {p.id: float(p.preferences.reservation) for p in negotiation.parties}
    npcs = [p.id for p in negotiation.parties if not p.is_player]
    changes_at: dict[int, list[list[Any]]] = {}
    for entry in record.timeline or ():
        index = entry.get("index") if isinstance(entry, Mapping) else None
        if isinstance(index, int):
            changes_at.setdefault(index, []).extend(entry.get("changes") or [])
    return _Facts(level, record, moves, steps, trail_of, names, reserved, npcs, changes_at)


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
                    "First offer",
                    f"you never made an offer of your own: {facts.other} set the anchor and "
                    "the talks moved around it.",
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
        else (f" Deals every side could accept gave you between {batna:.2f} and {top:.2f}.")
    )
    cost = facts.cost_words(index)
    paid = f" It cost {cost}." if cost else ""
    if insulted and everything and facts.level.analysis.zone_at_all:
        who = " and ".join(facts.name(n) for n in insulted)
        text = (
            f"your first offer asked for everything (worth {mine:.2f} to you), far outside "
            f"anything {who} could accept: an anchor that insults does not pull, it pushes "
            f"away.{zone}{paid}"
        )
        return [_finding(facts, "first_offer_absurd", "First offer: absurd", text, index)]
    if insulted:
        who = " and ".join(facts.name(n) for n in insulted)
        text = (
            f"you opened high (worth {mine:.2f} to you), below what {who} could accept but "
            f"short of asking for everything: an ambitious anchor. Back it with a reason (a "
            f"benchmark) and move from it soon.{zone}{paid}"
        )
        return [_finding(facts, "first_offer_ambitious", "First offer: ambitious", text, index)]
    if top is not None and top > batna + 0.02 and mine < batna + TIMID_SHARE * (top - batna):
        text = (
            f"your first offer asked for {mine:.2f}, less than half of what the zone allowed "
            f"(up to {top:.2f}; your BATNA {batna:.2f}). A first offer sets the anchor: start "
            "ambitious and credible, you can always come down, never go up."
        )
        return [_finding(facts, "first_offer_timid", "First offer: too timid", text, index)]
    text = f"you opened at {mine:.2f} for you, ambitious but credible: a good anchor.{zone}"
    if top is None:
        text = (
            f"you opened at {mine:.2f} for you without insulting {facts.other}. There was no "
            "plain deal every side preferred to walking away, so the anchor could not save it."
        )
    return [_finding(facts, "first_offer_credible", "First offer: credible", text, index)]


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
    big_said = double_said = top_said = False
    for number, (a, b, drop, before, after) in enumerate(steps):
        early = number < 2 and facts.round_of(b) < max(1, deadline // 3)
        if not big_said and early and drop > max(BIG_STEP_MIN, BIG_STEP_SHARE * room):
            big_said = True
            found.append(
                _finding(
                    facts,
                    "big_step",
                    "Concession: a big early step",
                    f"in round {facts.round_of(b) + 1} you gave up {drop:.2f} in one step, "
                    f"{drop / room:.0%} of the way from your first offer to your BATNA. Big "
                    "early steps tell the other side there is much more to come: concede in "
                    "small, shrinking steps.",
                    b,
                )
            )
        if not double_said and number >= 1 and facts.round_of(b) < deadline / 2:
            _, pb, previous_drop, _, _ = steps[number - 1]
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
                            "Concession: twice without a counter",
                            f"you conceded in round {facts.round_of(pb) + 1} and again in "
                            f"round {facts.round_of(b) + 1}, while {facts.other} had not moved "
                            "in between. Conceding twice in a row teaches the other side to "
                            "wait: ask for a move of theirs first.",
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
                        "Concession: on what matters most",
                        f"in round {facts.round_of(b) + 1} most of your concession was on "
                        f"{pair[0]}, the issue that matters most to you, while you still held "
                        f"your best terms on {pair[1]}, which matters more to "
                        f"{facts.other} than to you. Give ground where it costs you least "
                        "and hold what matters most.",
                        b,
                    )
                )
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
            return space.issue(top).name.lower(), space.issue(issue_id).name.lower()
    return None


def _questions(facts: _Facts) -> list[Finding]:
    asked = [
        i for i, m in enumerate(facts.moves)
        if m.get("actor") == PLAYER and m.get("kind") in TALK_TO_FIND
    ]  # fmt: skip
    if asked:
        first = asked[0]
        count = len(asked)
        return [
            _finding(
                facts,
                "asked",
                "Questions",
                f"you asked {count} question{'s' if count > 1 else ''} about what matters to "
                f"{facts.other}, the first in round {facts.round_of(first) + 1}: that is how "
                "the trades worth making are found.",
                first,
            )
        ]
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
            "Questions not asked",
            f"you never asked {facts.other} what matters to them. With several issues on the "
            "table, one question shows where a trade costs them little and gives you much; "
            "without it you can only guess.",
            anchor,
        )
    ]


def _pressure(facts: _Facts) -> list[Finding]:
    found: list[Finding] = []
    batna = facts.reserved[PLAYER]
    final = float(facts.record.utilities.get(PLAYER, batna))
    agreed = bool(facts.record.agreement)
    angry: list[int] = []
    for index, move in enumerate(facts.moves):
        if move.get("actor") != PLAYER:
            continue
        kind = move.get("kind")
        cost = facts.cost_words(index)
        paid = f" It cost {cost}." if cost else ""
        when = f"in round {facts.round_of(index) + 1}"
        if kind == "threaten":
            claim = move.get("claim")
            if isinstance(claim, int | float) and claim > batna + BLUFF_MARGIN:
                text = (
                    f"{when} you threatened to walk away, claiming an alternative worth "
                    f"{claim:.2f} when your BATNA was {batna:.2f}: a bluff.{paid}"
                )
                if agreed and final < claim - BLUFF_MARGIN:
                    text += f" Then you settled for {final:.2f}, and {facts.other} saw through it."
                found.append(_finding(facts, "bluff", "Threat: a bluff", text, index))
            else:
                found.append(
                    _finding(
                        facts,
                        "threat",
                        "Threat",
                        f"{when} you threatened to walk away.{paid} A threat rarely moves a "
                        "partner who can walk too; a better offer or a question usually does.",
                        index,
                    )
                )
        elif kind == "express_emotion" and move.get("emotion") == "angry":
            angry.append(index)
        elif kind == "raise_grievance":
            grievances = facts.level.model.player.grievances
            words = next((g.text for g in grievances if g.id == move.get("grievance")), "")
            about = f" ({words.rstrip('.')})" if words else ""
            found.append(
                _finding(
                    facts,
                    "raised_grievance",
                    "An old grievance raised",
                    f"{when} you brought up an old grievance to score a point{about}.{paid}",
                    index,
                )
            )
    if angry:
        first = angry[0]
        trust = sum(c[0] for i in angry for c in facts.cost(i).values())
        rapport = sum(c[1] for i in angry for c in facts.cost(i).values())
        times = "once" if len(angry) == 1 else f"{len(angry)} times"
        costs = []
        if round(trust):
            costs.append(f"trust {round(trust):+d}")
        if round(rapport):
            costs.append(f"rapport {round(rapport):+d}")
        cost = f" Together it cost {' and '.join(costs)}." if costs else ""
        found.append(
            _finding(
                facts,
                "anger",
                "Anger",
                f"you got angry {times}, first in round {facts.round_of(first) + 1}.{cost} "
                "Anger makes the other side defend, not give.",
                first,
            )
        )
    return found


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
                "Grievances left untouched",
                f"{facts.other} came to the table with {held} old grievance"
                f"{'s' if held > 1 else ''} and you never acknowledged "
                f"{'them' if held > 1 else 'it'}. Until the past is acknowledged, every "
                "offer is read through it.",
                first_player,
            )
        )
    elif held and repaired:
        found.append(
            _finding(
                facts,
                "grievances_repaired",
                "Grievances",
                f"you worked on the old grievances (resolved {resolved} of {held}) before "
                "bargaining hard: repair first makes every later offer easier to hear.",
                repaired[0],
            )
        )
    cards = list(facts.level.model.player.grievances)
    if cards:
        let_go = {m.get("grievance") for m in facts.moves if m.get("kind") == "let_go"}
        kept = [g for g in cards if g.id not in let_go]
        if kept:
            found.append(
                _finding(
                    facts,
                    "held_grievance",
                    "Your own grievance kept",
                    f"you held on to {len(kept)} of your own grievance card"
                    f"{'s' if len(cards) > 1 else ''}. Letting go of a grudge you cannot "
                    "win costs nothing at the table and earns trust.",
                    first_player,
                )
            )
    return found


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
                "Deal below your BATNA",
                f"you agreed to a deal worth {format_utility(mine, batna)} to you when your "
                f"BATNA gave {format_utility(batna, batna)}: walking away was better. Check "
                "every offer against your BATNA before you say yes.",
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
                    "Walking away",
                    f"you walked away from an offer worth {offered:.2f} to you, below your "
                    f"BATNA of {batna:.2f}: no deal was better than that deal.",
                    last_index,
                )
            ]
        return []
    how = "walked away from" if walked else "let time run out on"
    return [
        _finding(
            facts,
            "walked_from_good",
            "Walked away from a good offer" if walked else "Time ran out on a good offer",
            f"you {how} an offer worth {offered:.2f} to you, above your BATNA of "
            f"{batna:.2f}: {_describe(facts, table.get('offer'))}. A deal better than your "
            "alternative is worth taking, or improving, not leaving.",
            last_index,
        )
    ]


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
        text = (
            f"with one thing to decide, the pie was fixed: the deal left {created:.2f} "
            f"between the BATNAs and you claimed {max(mine, 0.0):.2f} of it ({share:.0%})."
        )
        if share < 0.4:
            text += " Anchor higher and concede more slowly to claim more."
        return [_finding(facts, "claimed", "Claiming", text, None)]
    analysis = facts.level.analysis
    best = analysis.max_welfare
    possible = None
    if best is not None:
        possible = sum(best.utilities) - float(np.asarray(analysis.reserved).sum())
    text = f"together you created {created:.2f} of value above your BATNAs"
    if possible is not None and possible > 0.01:
        text += f" (the best deal could create {possible:.2f})"
    text += f", and you claimed {max(mine, 0.0):.2f} of it ({share:.0%})."
    if possible is not None and created < possible - 0.1:
        text += " More trading across issues would have made the pie bigger for both."
    elif share < 0.3:
        text += " You made the pie bigger but let the other side take most of it."
    return [_finding(facts, "created_claimed", "Value created and claimed", text, None)]


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
        what = "the deal you made"
    else:
        offers = facts.player_offers()
        if not offers:
            return []
        index, entry = offers[-1]
        offer_data = entry.get("offer")
        what = "your last offer"
    better = _better_package(facts, offer_data)
    if better is None:
        return []
    package, gains = better
    names = [facts.name(p) for p in facts.level.negotiation.party_ids]
    each = ", ".join(f"{n} +{g:.2f}" for n, g in zip(names, gains, strict=True))
    text = (
        f"{what} left value on the table: {_describe(facts, package)} was better for every "
        f"side ({each}). Trade what matters less to you for what matters more."
    )
    return [_finding(facts, "better_for_both", "Better for both", text, index, package=package)]


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
    if not offer_data:
        return "the package"
    try:
        return facts.level.negotiation.describe(Offer.from_dict(offer_data))
    except Exception:  # a record from another version of the level
        return "the package"


# --------------------------------------------------------------------------- claims
def _claims(facts: _Facts) -> list[Finding]:
    """The other side's claims: what was true, and what the player did about each."""
    from game.npc.bluffs import claim_truth

    found: list[Finding] = []
    for row in facts.record.extra.get("claims") or ():
        if not isinstance(row, Mapping):
            continue
        made = _claim_move(facts, row, lambda m: not (m.get("meta") or {}).get("answer"))
        truth = claim_truth(row)
        if row.get("bluff") and row.get("response") == "called":
            called = _claim_move(facts, row, lambda m: m.get("actor") == PLAYER) or made
            found.append(
                _finding(
                    facts,
                    "called_bluff",
                    "A bluff called",
                    f"{truth} Testing a claim before giving way to it kept the ground it "
                    "was meant to take.",
                    called,
                )
            )
        elif row.get("bluff") and row.get("response") == "believed":
            found.append(
                _finding(
                    facts,
                    "believed_bluff",
                    "A bluff believed",
                    f"{truth} Asking for proof, checking it against a benchmark, or noticing "
                    "that their own offers contradicted it would have shown it.",
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
                    "A true claim called a bluff",
                    f"{truth} Asking for proof first costs nothing"
                    + (f"; the accusation cost {words}." if words else "."),
                    accused,
                )
            )
        elif not row.get("bluff") and row.get("probed") == "backed":
            found.append(_finding(facts, "claim_checked", "A claim checked", truth, made))
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
