"""How scripted players handle favours (``game.npc.bots``): keep them, take them, or game them.

A player bot that *keeps* favours returns every favour it owes as soon as the NPC asks for
it (or, owing one from an earlier meeting, at its first chance): it says ``grant_favour``
on the issue the NPC asked for and its next offer gives the NPC what the NPC last offered
itself on that issue.  In a series whose NPC expects favours back at the next meeting it
also asks one favour per meeting, on the issue that matters most to it.  A bot that
*takes* favours asks the same way and never returns them.

Nothing here reads the NPC's mind beyond what the table shows: its ledger (what it said
it is owed and asked back), its own offers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine import Move, MoveKind, Offer
from game.npc.ledger import Favour

if TYPE_CHECKING:
    from game.npc.bots import PlayerBot, ReconcilerBot


def owed(bot: PlayerBot, npc_id: str) -> list[Favour]:
    """Return the favours the player owes an NPC, oldest first."""
    return bot.match.controllers[npc_id].ledger.open("player")


def meets_again(bot: PlayerBot, npc_id: str) -> bool:
    """Return True when the NPC expects favours back at the next meeting (a series)."""
    return bot.match.controllers[npc_id].seat.spec.favours.due == "next_meeting"


def _npc_last_values(bot: PlayerBot, npc_id: str) -> dict[str, object] | None:
    for actor, offer, _ in reversed(bot.npc_offers):
        if actor == npc_id:
            return dict(offer.branches()[0])
    return None


def _my_last_values(bot: PlayerBot) -> dict[str, object] | None:
    for entry in reversed(bot.match.state.log):
        move = entry.move
        if move.actor == bot.me and move.kind is MoveKind.OFFER and move.offer is not None:
            return dict(move.offer.branches()[0])
    return None


def repayment(bot: PlayerBot) -> tuple[str, str] | None:
    """Return ``(npc_id, issue)`` of a favour to return now, or None.

    Returned when the NPC has asked for it back (or it was done in an earlier meeting),
    on the issue it asked for, else on another where the NPC's last offer and the bot's
    own differ.
    """
    for npc_id in bot.match.controllers:
        favours = owed(bot, npc_id)
        if not favours:
            continue
        favour = favours[0]
        ledger = bot.match.controllers[npc_id].ledger
        if favour.asked_back is None and favour.meeting == ledger.meeting:
            continue
        theirs = _npc_last_values(bot, npc_id)
        mine = _my_last_values(bot)
        if theirs is None:
            continue
        issues = list(bot.match.codec.issue_ids)
        if favour.asked_back in issues:
            issues.remove(favour.asked_back)
            issues.insert(0, favour.asked_back)
        for issue in issues:
            if mine is None or str(mine.get(issue)) != str(theirs.get(issue)):
                return npc_id, issue
    return None


def give_on(bot: PlayerBot, offer: Offer, npc_id: str, issue: str) -> Offer:
    """Return ``offer`` moved on ``issue`` toward what the NPC last offered itself there, as
    far as it takes to return the favour owed in kind (what the ledger says the NPC gave),
    else for a favour not owed, all the way."""
    theirs = _npc_last_values(bot, npc_id)
    if theirs is None or offer.clause is not None:
        return offer
    match = bot.match
    position = match.codec.issue_ids.index(issue)
    options = [str(v) for v in match.negotiation.space.issues[position].values]
    here, there = options.index(str(offer.terms[issue])), options.index(str(theirs[issue]))
    favours = owed(bot, npc_id)
    table = match.controllers[npc_id].brain.weighted_lists[position]
    step = 1 if there > here else -1
    chosen = there
    if favours and here != there:
        need = favours[0].worth - favours[0].paid
        for candidate in range(here + step, there + step, step):
            if table[candidate] - table[here] >= need - 1e-9:
                chosen = candidate
                break
    terms = dict(offer.terms)
    terms[issue] = match.negotiation.space.issues[position].values[chosen]
    return Offer(terms)


def favour_to_ask(bot: ReconcilerBot) -> Move | None:
    """Return an ``ask_favour`` on the issue that matters most to the bot, once a meeting,
    where the NPC expects it back next time and nothing is owed either way (None otherwise)."""
    match = bot.match
    if match.state.round < 1 or not bot.legal(MoveKind.ASK_FAVOUR):
        return None
    for npc_id, controller in match.controllers.items():
        ledger = controller.ledger
        if not meets_again(bot, npc_id) or ledger.granted_now or ledger.open("player"):
            continue
        if npc_id in bot.favours_asked:
            continue
        bot.favours_asked.add(npc_id)
        issue = match.negotiation.player.preferences.ranking()[0]
        theirs = _npc_last_values(bot, npc_id)
        prefs = match.negotiation.player.preferences
        if theirs is not None:
            # the most important issue where their offer is not yet what the bot wants most
            for candidate in prefs.ranking():
                if str(theirs.get(candidate)) != str(prefs.best_value(candidate)):
                    issue = candidate
                    break
        return Move(MoveKind.ASK_FAVOUR, bot.me, issue=issue, target=npc_id)
    return None
