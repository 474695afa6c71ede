"""The favour ledger: who owes whom a favour, on which issue, since when, and how it ended.

Kept per NPC during a match (:mod:`game.npc.favours` writes it) and stored with the rest of
its memory (``"favours"``), so it outlives the meeting and the level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Favour", "Ledger", "ledger_words"]


@dataclass
class Favour:
    """One entry of the ledger."""

    id: str
    owed_by: str
    """``player`` (the NPC did the favour) or ``npc`` (the player did)."""
    issue: str
    """The issue the ground was given on."""
    name: str
    """That issue's name as the NPC says it ("the price per lunch"): the ledger outlives the
    level whose issue it names."""
    worth: float
    """What the giver gave, in the NPC's utility."""
    level: str
    meeting: int
    """The meeting it was done in (1 = the first time they met)."""
    round: int
    status: str = "open"
    """``open``, ``repaid`` or ``resented``."""
    asked_back: str | None = None
    """The issue the NPC named when it asked for its favour back."""
    asked_round: int | None = None
    asked_meeting: int | None = None
    asked_level: str | None = None
    paid: float = 0.0
    """What has come back so far."""
    settled_level: str | None = None
    settled_meeting: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as the store keeps it."""
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Favour | None:
        """Return an entry from a stored dict (None when it cannot be read)."""
        try:
            return cls(
                id=str(data["id"]),
                owed_by="npc" if data.get("owed_by") == "npc" else "player",
                issue=str(data["issue"]),
                name=str(data.get("name", "")),
                worth=float(data.get("worth", 0.0)),
                level=str(data.get("level", "")),
                meeting=int(data.get("meeting", 0)),
                round=int(data.get("round", 0)),
                status=str(data.get("status", "open")),
                asked_back=data.get("asked_back"),
                asked_round=data.get("asked_round"),
                asked_meeting=data.get("asked_meeting"),
                asked_level=data.get("asked_level"),
                paid=float(data.get("paid", 0.0)),
                settled_level=data.get("settled_level"),
                settled_meeting=data.get("settled_meeting"),
            )
        except (KeyError, TypeError, ValueError):
            return None


@dataclass
class Ledger:
    """One NPC's favours with the player: those remembered and those of this meeting."""

    level: str
    meeting: int
    entries: list[Favour] = field(default_factory=list)
    pins: dict[int, int] = field(default_factory=dict)
    """Issue position -> the value a favour gave there: its offers keep it for the meeting."""
    pending: str | None = None
    """The issue of a favour the player announced and has not yet shown in an offer."""
    granted_now: int = 0
    repaid_now: int = 0
    done_now: int = 0

    @classmethod
    def from_memory(cls, memory: Mapping[str, Any] | None, level: str) -> Ledger:
        """Return the ledger an NPC starts a meeting with (from its stored memory)."""
        memory = memory if isinstance(memory, Mapping) else {}
        try:
            meeting = max(int(memory.get("meetings", 0)), 0) + 1
        except (TypeError, ValueError):
            meeting = 1
        stored = memory.get("favours")
        entries = []
        for item in stored if isinstance(stored, list) else []:
            if isinstance(item, Mapping):
                favour = Favour.from_dict(item)
                if favour is not None:
                    entries.append(favour)
        return cls(level, meeting, entries)

    def resented(self) -> list[Favour]:
        """Return the favours the player never returned."""
        return [f for f in self.entries if f.owed_by == "player" and f.status == "resented"]

    def open(self, owed_by: str) -> list[Favour]:
        """Return the open favours owed by ``player`` or ``npc``, oldest first."""
        return [f for f in self.entries if f.owed_by == owed_by and f.status == "open"]

    def add(
        self, owed_by: str, issue: str, worth: float, round_number: int, name: str = ""
    ) -> Favour:
        """Record a favour done now; return it."""
        favour = Favour(
            f"{self.level}-{self.meeting}-{len(self.entries) + 1}",
            owed_by,
            issue,
            name,
            worth,
            self.level,
            self.meeting,
            round_number,
        )
        self.entries.append(favour)
        return favour

    def settle(self, favour: Favour, status: str) -> None:
        """Close a favour (repaid or resented) in this meeting."""
        favour.status = status
        favour.settled_level = self.level
        favour.settled_meeting = self.meeting

    def to_memory(self) -> list[dict[str, Any]]:
        """Return the entries as the store keeps them."""
        return [f.to_dict() for f in self.entries]


def ledger_words(
    entries: list[Mapping[str, Any]], npc_name: str, issue_names: Mapping[str, str]
) -> list[str]:
    """Return the ledger's state in plain sentences for the debrief ("You owe Helen ...")."""
    words = []
    for entry in entries:
        issue = issue_names.get(str(entry.get("issue"))) or str(
            entry.get("name") or entry.get("issue")
        )
        status = entry.get("status")
        since = entry.get("level")
        if entry.get("owed_by") == "player":
            if status == "open":
                asked = " She asked for it back." if entry.get("asked_back") else ""
                words.append(
                    f"Owed: {npc_name} did you a favour on {issue} ({since}); you have not "
                    f"returned it yet.{asked}".replace(" She ", f" {npc_name} ")
                )
            elif status == "repaid":
                words.append(f"Repaid: you returned the favour {npc_name} did you on {issue}.")
            else:
                words.append(
                    f"Resented: the favour {npc_name} did you on {issue} ({since}) was never "
                    "returned; it cost you trust, and next time they start harder."
                )
        elif status == "open":
            words.append(
                f"Owed to you: {npc_name} owes you a favour for the ground you gave on {issue}. "
                "Ask for it."
            )
        else:
            words.append(f"Repaid to you: {npc_name} returned your favour on {issue}.")
    return words
