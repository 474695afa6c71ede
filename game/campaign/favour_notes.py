"""What the debrief says about favours: the ledger's state with each character at the end.

One sentence per favour in the record's ledgers (``record["favours"]``, kept by
``game.npc.favours``): owed, returned, or never returned and resented; and the favours the
characters owe the player.  Empty when no favour was ever asked or granted.  In the
language in use: an issue is named by the level's words for it when the level has them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from game.campaign.words import issue_words
from game.engine.record import MatchRecord
from game.i18n import tr
from game.npc.wording import issue_phrase

if TYPE_CHECKING:
    from game.levels.loader import LoadedLevel

__all__ = ["favour_notes"]


def favour_notes(level: LoadedLevel, record: MatchRecord | Mapping[str, Any]) -> list[str]:
    """Return the favour ledger's state in sentences, character by character."""
    names = {p.id: p.name for p in level.negotiation.parties}
    issues = {
        i.id: issue_words(level, i.id, str(issue_phrase(i.name)))
        for i in level.negotiation.space.issues
    }
    notes: list[str] = []
    for npc_id, entries in (MatchRecord.read(record).extra.get("favours") or {}).items():
        if isinstance(entries, list) and entries:
            notes.extend(_ledger_words(level, entries, names.get(npc_id, npc_id), issues))
    return notes


def _ledger_words(
    level: LoadedLevel,
    entries: list[Mapping[str, Any]],
    name: str,
    issues: Mapping[str, str],
) -> list[str]:
    """Return one sentence per ledger entry ("Owed: Helen did you a favour on ...")."""
    words = []
    for entry in entries:
        if not isinstance(entry, Mapping):
            continue
        issue = issues.get(str(entry.get("issue"))) or str(entry.get("name") or entry.get("issue"))
        since = _level_title(level, str(entry.get("level") or ""))
        status = entry.get("status")
        if entry.get("owed_by") == "player":
            if status == "open":
                text = tr(
                    "Owed: {name} did you a favour on {issue} ({level}); you have not returned "
                    "it yet."
                ).format(name=name, issue=issue, level=since)
                if entry.get("asked_back"):
                    text += " " + tr("{name} asked for it back.").format(name=name)
                words.append(text)
            elif status == "repaid":
                words.append(
                    tr("Repaid: you returned the favour {name} did you on {issue}.").format(
                        name=name, issue=issue
                    )
                )
            else:
                words.append(
                    tr(
                        "Resented: the favour {name} did you on {issue} ({level}) was never "
                        "returned; it cost you trust, and next time they start harder."
                    ).format(name=name, issue=issue, level=since)
                )
        elif status == "open":
            words.append(
                tr(
                    "Owed to you: {name} owes you a favour for the ground you gave on {issue}. "
                    "Ask for it."
                ).format(name=name, issue=issue)
            )
        else:
            words.append(
                tr("Repaid to you: {name} returned your favour on {issue}.").format(
                    name=name, issue=issue
                )
            )
    return words


def _level_title(level: LoadedLevel, level_id: str) -> str:
    """Return the title of the level a favour was done in, in the language in use (its id
    when it is not a built-in level)."""
    from game.i18n import language
    from game.levels.catalog import builtin_entries
    from game.levels.text import level_text

    if level_id == level.id:
        return level_text(level.model).title
    for entry in builtin_entries():
        if entry.id == level_id:
            return entry.title_in(language())
    return level_id
