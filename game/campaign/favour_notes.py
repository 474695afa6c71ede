"""What the debrief says about favours: the ledger's state with each character at the end.

One sentence per favour in the record's ledgers (``record["favours"]``, kept by
``game.npc.favours``): owed, returned, or never returned and resented; and the favours the
characters owe the player.  Empty when no favour was ever asked or granted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from game.engine.record import MatchRecord
from game.npc.ledger import ledger_words
from game.npc.wording import issue_phrase

if TYPE_CHECKING:
    from game.levels.loader import LoadedLevel

__all__ = ["favour_notes"]


def favour_notes(level: LoadedLevel, record: MatchRecord | Mapping[str, Any]) -> list[str]:
    """Return the favour ledger's state in sentences, character by character."""
    names = {p.id: p.name for p in level.negotiation.parties}
    issues = {i.id: str(issue_phrase(i.name)) for i in level.negotiation.space.issues}
    notes: list[str] = []
    for npc_id, entries in (MatchRecord.read(record).extra.get("favours") or {}).items():
        if isinstance(entries, list) and entries:
            notes.extend(ledger_words(entries, names.get(npc_id, npc_id), issues))
    return notes
