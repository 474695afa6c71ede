"""What the negotiation table shows, read from the match after every change.

:func:`build_view` reads the :class:`~game.ui.table.state.TableState` and returns the
:class:`~game.ui.table.panels.TableView` snapshot the panels draw (round, who sits there
with feeling and mood, the packages on offer, stances and coalitions); it changes nothing.
"""

from __future__ import annotations

from game.engine import PLAYER, MoveKind, Offer
from game.i18n import ngettext, tr
from game.levels.text import describe_offer, level_text, npc_text
from game.npc.bluffs import claim_notes
from game.npc.match import TurnReport
from game.ui.reasons import (
    change_reason_words,
    claim_note_words,
    issue_words,
    remembered_words,
)
from game.ui.table.panels import NpcView, Package, TableView
from game.ui.table.state import Entry, TableState
from game.ui.table.words import change_line, mood_words
from game.ui.widgets.party_strip import PartyChip, coalitions, stance_of
from game.ui.widgets.portrait import normalise_emotion

__all__ = ["absorb", "build_view", "packages", "update_chips"]


def absorb(state: TableState, report: TurnReport) -> list[Entry]:
    """Take what a turn showed into the state (lines said, feelings, packages offered,
    why trust and rapport moved); return the lines added to the log."""
    match = state.live_match()
    added: list[Entry | None] = []
    for said in report.lines:
        added.append(
            state.add_entry(
                state.name_of(said.speaker),
                said.text,
                "npc",
                state.speaker_index(said.speaker),
            )
        )
        state.emotions[said.speaker] = normalise_emotion(said.emotion)
    for move in report.npc_moves:
        if move.kind is MoveKind.OFFER and move.offer is not None:
            meso = move.meta.get("meso", ()) if move.actor != match.chair else ()
            state.alternatives = (move.actor, [Offer.from_dict(d) for d in meso])
            state.suggestions = []
            state.page = 0
        elif move.kind is MoveKind.STATE_PRIORITIES and move.offer is not None:
            kind = "for_you" if move.meta.get("for_you") else "partial"
            state.suggestions.append((move.actor, move.offer, kind))
            state.page = len(packages(state)) - 1
    changed: dict[str, list[tuple[float, float, str]]] = {}
    issues = issue_words(state.level.model) if report.changes else {}
    for npc_id, trust, rapport, why in report.changes:
        reason = change_reason_words(why, issues)
        changed.setdefault(npc_id, []).append((trust, rapport, reason))
        line = change_line(state.name_of(npc_id), trust, rapport, reason)
        added.append(state.add_entry("", line, "system", 0))
    for npc_id, items in changed.items():
        trust_reason = next((r for t, _, r in reversed(items) if round(t)), "")
        rapport_reason = next((r for _, p, r in reversed(items) if round(p)), "")
        old = state.reasons.get(npc_id, ("", ""))
        state.reasons[npc_id] = (
            f"\u201c{trust_reason}\u201d" if trust_reason else old[0],
            f"\u201c{rapport_reason}\u201d" if rapport_reason else old[1],
        )
    return [entry for entry in added if entry is not None]


def build_view(state: TableState) -> TableView:
    """Return the snapshot of what the table shows now (it changes nothing)."""
    match = state.live_match()
    session = match.state
    view = TableView()
    view.title = level_text(state.level.model).title
    deadline = match.deadline
    if match.finished or state.abandoned:
        view.round_text = ngettext(
            "The talks are over · {n} round was allowed",
            "The talks are over · {n} rounds were allowed",
            deadline,
        ).format(n=deadline)
    else:
        left = max(0, deadline - session.round)
        view.round_text = tr("Round {n} of {total} · {left} · {talk}").format(
            n=min(session.round + 1, deadline),
            total=deadline,
            left=ngettext("{n} round left", "{n} rounds left", left).format(n=left),
            talk=state.talk_caption(),
        )
    for npc_id in state.npc_ids():
        npc = npc_text(state.level.model, state.level.npc(npc_id))
        data = match.npc_state(npc_id)
        view.npcs[npc_id] = NpcView(
            npc_id,
            npc.name,
            npc.role,
            npc.portrait,
            state.emotions.get(npc_id, "neutral"),
            mood_words(data["state"]),
            tuple(
                (remembered_words(g["text"]), bool(g["acknowledged"]))
                for g in data["grievances_open"]
            ),
        )
        view.order.append(npc_id)
    mediator = state.level.mediator
    if mediator is not None:
        mediator = npc_text(state.level.model, mediator)
    if match.mediator is not None and mediator is not None:
        view.mediator = NpcView(
            mediator.id,
            mediator.name,
            mediator.role,
            mediator.portrait,
            state.emotions.get(mediator.id, "neutral"),
        )
        reason = state.legal().get(MoveKind.ASK_MEDIATOR)
        view.mediator_note = tr("you can ask for help now (M).") if reason is None else f"{reason}."
    view.batna = float(state.negotiation.player.preferences.reservation)
    view.packages = packages(state)
    view.empty_table = tr(
        "Nothing on the table yet. Build an offer under \u201cYour offer\u201d and propose it."
    )
    if state.multiparty:
        stances = {
            pid: stance_of(pid, session.table, session.active)
            for pid in state.negotiation.party_ids
        }
        names = {pid: state.name_of(pid) for pid in stances}
        view.coalition_lines = coalitions(stances, names)
    view.notes = _notes(state)
    return view


def update_chips(state: TableState, chips: list[PartyChip]) -> None:
    """Show on each party chip its stance, feeling, trust and mood, and whom moves address."""
    if not state.multiparty:
        return
    match = state.live_match()
    session = match.state
    for chip in chips:
        chip.selected = chip.target == state.target
        party = chip.party
        if party is not None:
            party.stance = stance_of(party.id, session.table, session.active)
            party.emotion = state.emotions.get(party.id, "neutral")
            party.trust = match.npc_state(party.id)["trust"]
            party.mood = state.view.npcs[party.id].mood


def _notes(state: TableState) -> list[str]:
    """Return the player's notes: each interest found, with the options it opened, and the
    claims made (what was true, once the talks are over)."""
    match = state.live_match()
    space = state.negotiation.space
    opened: dict[tuple[str, str], list[str]] = {}
    for option in match.opened_options():
        name = space.issue(option["issue"]).name
        opened.setdefault((option["npc"], option["interest"]), []).append(
            f"{name} {option['value']}"
        )
    notes = []
    for found in match.interests()["found"]:
        notes.append(f"{state.name_of(found['npc'])} {found['fact']}.")
        for words in opened.get((found["npc"], found["id"]), ()):
            notes.append(tr("New option: {option}.").format(option=words))
    issues = issue_words(state.level.model)
    # the claims made, and what was true afterwards
    notes.extend(claim_note_words(note, issues) for note in claim_notes(match))
    return notes


def packages(state: TableState) -> list[Package]:
    """Return the packages the table card can show: the offer on the table, the same
    proposer's alternatives, and the last suggestions made for the player."""
    match = state.live_match()
    table = match.state.table
    packages: list[Package] = []
    if table is not None:
        who = state.name_of(table.proposer)
        if table.proposer == PLAYER:
            title = tr("Your offer is on the table")
        elif table.proposer == match.chair and table.proposer not in match.controllers:
            title = tr("The mediator's text · round {n}").format(n=table.round + 1)
        else:
            title = tr("{name}'s offer · round {n}").format(name=who, n=table.round + 1)
        kind = "mine" if table.proposer == PLAYER else "table"
        packages.append(
            Package(
                title,
                table.offer,
                describe_offer(state.level.model, match.negotiation, table.offer),
                state.utility(table.offer),
                kind,
            )
        )
        if state.alternatives is not None and state.alternatives[0] == table.proposer:
            for offer in state.alternatives[1]:
                packages.append(
                    Package(
                        tr("Another package from {name} (the same to {name})").format(name=who),
                        offer,
                        describe_offer(state.level.model, match.negotiation, offer),
                        state.utility(offer),
                        "alternative",
                    )
                )
    for actor, offer, kind in state.suggestions[-3:]:
        who = state.name_of(actor)
        title = (
            tr("{name}'s suggestion for you").format(name=who)
            if kind == "for_you"
            else tr("{name} fills in the open issues").format(name=who)
        )
        packages.append(
            Package(
                title,
                offer,
                describe_offer(state.level.model, match.negotiation, offer),
                state.utility(offer),
                "suggestion",
            )
        )
    return packages
