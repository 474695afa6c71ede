"""What the negotiation table shows, read from the match after every change.

:class:`TableViewMixin` is part of :class:`~game.ui.table.scene.TableScene`: it builds
the :class:`~game.ui.table.panels.TableView` snapshot the panels draw (round, who
sits there with feeling and mood, the packages on offer, stances and coalitions).
"""

from __future__ import annotations

from game.engine import PLAYER, MoveKind, Offer
from game.npc.bluffs import claim_notes
from game.ui.table.panels import NpcView, Package, TableView
from game.ui.table.state import TableState
from game.ui.table.words import mood_words
from game.ui.widgets.party_strip import coalitions, stance_of

__all__ = ["TableViewMixin"]


class TableViewMixin(TableState):
    """The snapshot of the table scene."""

    def _update_view(self) -> None:
        match = self._live_match()
        state = match.state
        view = TableView()
        view.title = self.level.model.title
        deadline = match.deadline
        if match.finished or self.abandoned:
            view.round_text = f"The talks are over · {deadline} rounds were allowed"
        else:
            left = max(0, deadline - state.round)
            view.round_text = (
                f"Round {min(state.round + 1, deadline)} of {deadline} · "
                f"{left} round{'s' if left != 1 else ''} left · {self._talk_caption()}"
            )
        for npc_id in self.npc_ids():
            npc = self.level.npc(npc_id)
            data = match.npc_state(npc_id)
            view.npcs[npc_id] = NpcView(
                npc_id,
                npc.name,
                npc.role,
                npc.portrait,
                self.emotions.get(npc_id, "neutral"),
                mood_words(data["state"]),
                tuple((g["text"], bool(g["acknowledged"])) for g in data["grievances_open"]),
            )
            view.order.append(npc_id)
        mediator = self.level.mediator
        if match.mediator is not None and mediator is not None:
            view.mediator = NpcView(
                mediator.id,
                mediator.name,
                mediator.role,
                mediator.portrait,
                self.emotions.get(mediator.id, "neutral"),
            )
            reason = self.legal().get(MoveKind.ASK_MEDIATOR)
            view.mediator_note = "you can ask for help now (M)." if reason is None else f"{reason}."
        view.batna = float(self.negotiation.player.preferences.reservation)
        view.packages = self._packages()
        view.empty_table = (
            "Nothing on the table yet. Build an offer under \u201cYour offer\u201d and propose it."
        )
        if self.multiparty:
            stances = {
                pid: stance_of(pid, state.table, state.active) for pid in self.negotiation.party_ids
            }
            names = {pid: self.name_of(pid) for pid in stances}
            view.coalition_lines = coalitions(stances, names)
            for chip in self.chips:
                chip.selected = chip.target == self.target
                if chip.party is not None:
                    chip.party.stance = stances.get(chip.party.id, "undecided")
                    chip.party.emotion = self.emotions.get(chip.party.id, "neutral")
                    chip.party.trust = match.npc_state(chip.party.id)["trust"]
                    chip.party.mood = view.npcs[chip.party.id].mood
        view.notes = self._notes()
        builder = getattr(self, "builder", None)
        if builder is not None:
            builder.set_closed(match.closed_values())
        self.view = view
        self.page = max(0, min(self.page, len(view.packages) - 1))

    def _notes(self) -> list[str]:
        """Return the player's notes: each interest found, with the options it opened, and the
        claims made (what was true, once the talks are over)."""
        match = self._live_match()
        space = self.negotiation.space
        opened: dict[tuple[str, str], list[str]] = {}
        for option in match.opened_options():
            name = space.issue(option["issue"]).name
            opened.setdefault((option["npc"], option["interest"]), []).append(
                f"{name} {option['value']}"
            )
        notes = []
        for found in match.interests()["found"]:
            notes.append(f"{self.name_of(found['npc'])} {found['fact']}.")
            for words in opened.get((found["npc"], found["id"]), ()):
                notes.append(f"New option: {words}.")
        notes.extend(claim_notes(match))  # the claims made, and what was true afterwards
        return notes

    def _utility(self, offer: Offer) -> float | None:
        try:
            return float(self._live_match().utility_of(PLAYER, offer))
        except Exception:  # an incomplete package has no single value
            return None

    def _packages(self) -> list[Package]:
        match = self._live_match()
        table = match.state.table
        packages: list[Package] = []
        if table is not None:
            who = self.name_of(table.proposer)
            if table.proposer == PLAYER:
                title = "Your offer is on the table"
            elif table.proposer == match.chair and table.proposer not in match.controllers:
                title = f"The mediator's text · round {table.round + 1}"
            else:
                title = f"{who}'s offer · round {table.round + 1}"
            kind = "mine" if table.proposer == PLAYER else "table"
            packages.append(
                Package(
                    title,
                    table.offer,
                    match.describe(table.offer),
                    self._utility(table.offer),
                    kind,
                )
            )
            if self.alternatives is not None and self.alternatives[0] == table.proposer:
                for offer in self.alternatives[1]:
                    packages.append(
                        Package(
                            f"Another package from {who} (the same to {who})",
                            offer,
                            match.describe(offer),
                            self._utility(offer),
                            "alternative",
                        )
                    )
        for actor, offer, kind in self.suggestions[-3:]:
            who = self.name_of(actor)
            title = (
                f"{who}'s suggestion for you"
                if kind == "for_you"
                else f"{who} fills in the open issues"
            )
            packages.append(
                Package(title, offer, match.describe(offer), self._utility(offer), "suggestion")
            )
        return packages

    def _talk_caption(self) -> str:
        match = self._live_match()
        if match.finished or self.abandoned:
            return "the talks are over"
        limit = match.negotiation.rules.talk_limit
        left = max(0, limit - match.state.talk_count(PLAYER))
        if left == 0:
            return "no talk moves left this round"
        return f"{left} of {limit} talk moves left this round"
