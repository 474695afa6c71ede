"""What the lesson player would have done: the rest of a negotiation replayed by a bot.

A session replays exactly from its level, seed and moves.  From the moment of one of the
player's mistakes (a :class:`~game.campaign.diagnosis.Finding`), :func:`replay_from`
plays the player's moves up to it, hands the seat to the level's lesson bot
(``game.campaign.lessons``) and lets it finish; :func:`what_if` tries every mistake's
moment and keeps the one where the lesson player would have done best: the player's
weakest moment.  The text says what the lesson player did there and what the deal would
have been worth ("...the deal would have been worth 0.71 to you instead of 0.58").

The NPCs must meet the same player as in the match: the table passes the match's own
configuration (with what each NPC remembered); without it the level's first meeting is
used, and a replay whose NPC moves differ from the record is dropped (None).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from game.campaign.diagnosis import Finding
from game.campaign.lessons import lesson_bot
from game.campaign.scoring import score_record
from game.engine import PLAYER, Move, MoveKind
from game.engine.record import MatchRecord
from game.i18n import N_, ngettext, number, tr
from game.npc.bots import PlayerBot, make_bot
from game.npc.match import Match, MatchConfig, TurnReport

if TYPE_CHECKING:
    from game.levels.loader import LoadedLevel

__all__ = ["ADVICE", "Coaching", "WhatIf", "coaching_for", "replay_from", "what_if"]

logger = logging.getLogger(__name__)

MAX_MOVES = 2000

ADVICE: dict[str, str] = {
    "first_offer_absurd": N_("Opening with an ambitious but credible offer"),
    "first_offer_timid": N_("Opening higher"),
    "big_step": N_("Conceding in small steps"),
    "double_concession": N_("Waiting for {other} to move before conceding again"),
    "top_issue": N_("Giving ground on what matters less to you"),
    "stonewall": N_("Giving ground in small steps, and asking for some back"),
    "no_questions": N_("Asking what matters to {other} here"),
    "pestered": N_("Asking again only once something had changed"),
    "said_again": N_("Backing your words with a deed before saying them again"),
    "favour_empty": N_("Giving the favour you named in your next offer"),
    "lie": N_("Telling {other} your true priorities"),
    "threat": N_("Leaving the threat out"),
    "bluff": N_("Leaving the bluff out"),
    "anger": N_("Keeping your temper"),
    "frustration": N_("Saying what you need instead of showing frustration"),
    "raised_grievance": N_("Leaving the old grievance out"),
    "grievances_untouched": N_("Acknowledging {other}'s grievances first"),
    "held_grievance": N_("Letting go of your own grievance"),
    "below_batna": N_("Not accepting a deal below your BATNA"),
    "walked_from_good": N_("Staying at the table"),
    "better_for_both": N_("Looking for a package better for every side"),
    "believed_bluff": N_("Asking {other} for proof before giving way"),
    "accused_truth": N_("Asking {other} for proof before calling it a bluff"),
}
"""What to do instead, per kind of mistake (the start of the what-if sentence; marked,
translated where shown)."""

MOVE_WORDS: dict[str, str] = {
    "offer": N_("made an offer"),
    "accept": N_("accepted"),
    "support": N_("supported the proposal"),
    "reject": N_("rejected the offer"),
    "oppose": N_("opposed the proposal"),
    "walk_away": N_("walked away"),
    "ask_issue": N_("asked about one issue"),
    "ask_why": N_("asked why something matters to {other}"),
    "ask_priorities": N_("asked what matters to {other}"),
    "state_priorities": N_("said what matters to you"),
    "cite_evidence": N_("cited a benchmark"),
    "ask_proof": N_("asked {other} for proof"),
    "call_bluff": N_("called {other}'s claim a bluff"),
    "point_contradiction": N_("pointed out that {other} had contradicted itself"),
    "appeal_relationship": N_("spoke of the relationship"),
    "acknowledge_grievance": N_("acknowledged {other}'s grievance"),
    "apologise": N_("apologised"),
    "propose_shared_account": N_("proposed a shared account of the past"),
    "let_go": N_("let go of your grievance"),
    "ask_mediator": N_("asked the mediator"),
    "propose_for_me": N_("asked {other} to propose"),
    "restate_interests": N_("said back what matters to {other}"),
}
"""What the lesson player did first, per kind of move (marked, translated where shown)."""
FROM_HERE = N_("Playing the lesson from here")
"""The what-if's start for a mistake ADVICE has no words for."""
MOVED = N_("moved")
"""What the lesson player did, for a move MOVE_WORDS has no words for."""


@dataclass(frozen=True)
class WhatIf:
    """The lesson player's result from one moment of the player's negotiation."""

    finding: Finding | None
    """The mistake replayed from (None: from the start)."""
    bot: str
    first_move: str
    """What the lesson player did first at that moment (a move kind)."""
    agreed: bool
    utility: float
    """The lesson player's result: the deal's worth to the player (or the BATNA)."""
    stars: int
    actual_agreed: bool
    actual_utility: float
    actual_stars: int
    move: int
    step: int

    @property
    def gain(self) -> float:
        """Return how much more the lesson player's result was worth to the player."""
        return self.utility - self.actual_utility

    def text(self, other: str) -> str:
        """Return the sentence the debrief shows, in the language in use."""
        advice = tr("Playing the lesson from the start")
        if self.finding is not None:
            advice = tr(ADVICE.get(self.finding.kind, FROM_HERE))
            advice = tr("{advice} (round {round})").format(
                advice=advice.format(other=other), round=self.finding.round + 1
            )
        did = tr(MOVE_WORDS.get(self.first_move, MOVED)).format(other=other)
        them = tr("at that moment the lesson player {did}").format(did=did)
        value, actual = number(self.utility, 2), number(self.actual_utility, 2)
        if self.agreed:
            result = tr("the deal would have been worth {value} to you").format(value=value)
        else:
            result = tr("there would have been no deal (your BATNA: {value})").format(value=value)
        if self.actual_agreed:
            instead = tr("instead of {value}").format(value=actual)
        else:
            instead = tr("instead of no deal")
        stars = ""
        if self.stars != self.actual_stars:
            stars = ngettext(
                ", {n} star instead of {actual}", ", {n} stars instead of {actual}", self.stars
            ).format(n=self.stars, actual=self.actual_stars)
        if self.gain <= 0.005:  # the lesson player did no better: say what it reached
            if self.gain < -0.005:
                verdict = tr("You did better than the lesson player.")
                compared = tr("less than your {actual}").format(actual=actual)
            else:
                verdict = tr("You did as well as the lesson player.")
                compared = tr("no better than your {actual}").format(actual=actual)
            if self.agreed:
                text = tr("{advice}: {them} and reached {value} for you, {compared}. {verdict}")
            elif not self.actual_agreed:  # no deal either way: no figure to compare
                text = tr("{advice}: {them}, and there would still have been no deal. {verdict}")
            else:
                text = tr(
                    "{advice}: {them}, and there would have been no deal (your BATNA: {value}), "
                    "{compared}. {verdict}"
                )
            return text.format(
                advice=advice, them=them, value=value, compared=compared, verdict=verdict
            )
        return tr("{advice} would have paid: {them}, and {result} {instead}{stars}.").format(
            advice=advice, them=them, result=result, instead=instead, stars=stars
        )


def _player_moves(record: MatchRecord) -> list[tuple[int, Move]]:
    found = []
    for index, data in enumerate(record.moves):
        if not isinstance(data, Mapping) or data.get("actor") != PLAYER:
            continue
        move = Move.from_dict(data)
        if move.kind is MoveKind.ASK_PRIORITIES and move.offer is not None:
            # a partial package asked about: made at the table as an offer move
            move = Move(MoveKind.OFFER, PLAYER, offer=move.offer, target=move.target)
        found.append((index, move))
    return found


def _same(logged: Any, data: Mapping[str, Any]) -> bool:
    move = logged.move
    if move.actor != data.get("actor") or move.kind.value != data.get("kind"):
        return False
    offer = data.get("offer")
    if offer is not None and move.offer is not None:
        return move.offer.to_dict() == offer
    return True


def _prime(bot: PlayerBot, match: Match) -> None:
    """Tell the bot what was said and done before it took the seat."""
    npc_moves = tuple(e.move for e in match.state.log if e.move.actor != PLAYER)
    bot.observe(TurnReport(True, "", match.legal_kinds, npc_moves=npc_moves))
    for entry in match.state.log:
        move = entry.move
        if move.actor != PLAYER:
            continue
        target = move.target or next(iter(match.controllers))
        if move.kind is MoveKind.ASK_PRIORITIES and hasattr(bot, "asked"):
            bot.asked.add(target)
        elif move.kind is MoveKind.STATE_PRIORITIES and hasattr(bot, "shared"):
            bot.shared.add(target)
        elif move.kind is MoveKind.LET_GO and hasattr(bot, "let_go"):
            bot.let_go.add(str(move.grievance))
        elif move.kind is MoveKind.CITE_EVIDENCE and isinstance(
            cited := getattr(bot, "cited", None), set
        ):
            cited.add(str(move.evidence))


def replay_from(
    level: LoadedLevel,
    record: Mapping[str, Any],
    move_index: int,
    *,
    bot_name: str | None = None,
    config: MatchConfig | None = None,
) -> tuple[MatchRecord, str] | None:
    """Return the record of the match replayed up to ``move_index`` and finished by the
    lesson bot, with the kind of the bot's first move; None when the replay diverges."""
    from game.levels.setup import match_config

    record = MatchRecord.read(record)
    seed = int(record.seed)
    config = config or match_config(level)
    match = Match(config, seed=seed)
    moves = list(record.moves)
    try:
        for index, move in _player_moves(record):
            if index >= move_index:
                break
            report = match.player_move(move)
            if not report.ok or match.finished:
                return None
        log = match.state.log
        if len(log) != move_index or not all(
            _same(entry, data) for entry, data in zip(log, moves, strict=False)
        ):
            logger.info("the replay of %s diverged at move %d", level.id, move_index)
            return None
        name = bot_name or lesson_bot(level.id, level.model.kind)
        bot = make_bot(name, match, seed)
        _prime(bot, match)
        first = ""
        count = 0
        while not match.finished and count < MAX_MOVES:
            count += 1
            move = bot.next_move()
            report = match.player_move(move)
            if not report.ok:
                move = bot.turn()
                report = match.player_move(move)
                if not report.ok:
                    move = Move(MoveKind.WALK_AWAY, PLAYER)
                    report = match.player_move(move)
            first = first or move.kind.value
            bot.observe(report)
        bot.close()
        if not match.finished:
            return None
        replayed = match.record(level.id, level.model.version, seed)
        replayed = replace(replayed, stars=score_record(level, replayed).stars)
        return replayed, first
    finally:
        match.close()


def what_if(
    level: LoadedLevel,
    record: Mapping[str, Any],
    findings: Sequence[Finding],
    *,
    config: MatchConfig | None = None,
    bot_name: str | None = None,
) -> WhatIf | None:
    """Return the lesson player's result from the player's weakest moment, or None.

    Every mistake's moment is tried (and the start, when there is no mistake); the one
    where the lesson player's result beats the player's by most is kept.
    """
    record = MatchRecord.read(record)
    moments: dict[int, Finding | None] = {}
    for found in findings:
        if found.mistake and found.move is not None and found.move not in moments:
            moments[found.move] = found
    if not moments:
        first = next(
            (i for i, m in enumerate(record.moves) if m.get("actor") == PLAYER),
            None,
        )
        if first is None:
            return None
        moments[first] = None
    actual_u = float(record.utilities.get(PLAYER, 0.0))
    actual_stars = record.stars if record.stars is not None else score_record(level, record).stars
    name = bot_name or lesson_bot(level.id, level.model.kind)
    best: WhatIf | None = None
    for index, finding in sorted(moments.items()):
        try:
            result = replay_from(level, record, index, bot_name=name, config=config)
        except Exception:  # a what-if must never stop the debrief
            logger.warning("replaying %s from move %d failed", level.id, index, exc_info=True)
            continue
        if result is None:
            continue
        replayed, first_move = result
        candidate = WhatIf(
            finding,
            name,
            first_move,
            bool(replayed.agreement),
            float(replayed.utilities[PLAYER]),
            int(replayed.stars or 0),
            bool(record.agreement),
            actual_u,
            actual_stars,
            index,
            finding.step if finding is not None else 0,
        )
        if best is None or candidate.gain > best.gain + 1e-9:
            best = candidate
    return best


@dataclass(frozen=True)
class Coaching:
    """The debrief's coaching: the findings in order and the lesson player's what-if."""

    findings: tuple[Finding, ...]
    what_if: WhatIf | None


def coaching_for(
    level: LoadedLevel, record: Mapping[str, Any], *, config: MatchConfig | None = None
) -> Coaching:
    """Return the findings on a finished record and what the lesson player would have done."""
    from game.campaign.diagnosis import diagnose

    try:
        findings = tuple(diagnose(level, record))
    except Exception:  # a record from another version of the level
        logger.warning("could not diagnose a record of %s", level.id, exc_info=True)
        return Coaching((), None)
    return Coaching(findings, what_if(level, record, findings, config=config))
