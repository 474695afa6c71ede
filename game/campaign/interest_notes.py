"""What the debrief says about the interests behind the other side's positions.

It cites only what the player found (with the options those interests opened, and whether
the deal used them) and, for each interest missed, names the issues it explains and the
question that would have found it, never the interest itself: a player who did not ask
learns that there was something to ask, and how, not the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from game.engine.record import MatchRecord
from game.npc.wording import agree, issue_phrase

if TYPE_CHECKING:
    from game.levels.loader import LoadedLevel

__all__ = ["interest_notes"]


def _issue_words(level: LoadedLevel, issue_ids: list[str]) -> tuple[str, str]:
    """Return the issues in words ("the extras and the service") and "matters" agreeing."""
    names = {issue.id: issue.name for issue in level.negotiation.space.issues}
    phrases = [str(issue_phrase(names.get(i, i))) for i in issue_ids]
    if len(phrases) == 1:
        return phrases[0], agree(names.get(issue_ids[0], issue_ids[0]), "matters")
    return ", ".join(phrases[:-1]) + " and " + phrases[-1], "matter"


def interest_notes(
    level: LoadedLevel, record: MatchRecord | Mapping[str, Any]
) -> tuple[list[str], list[str]]:
    """Return ``(found, missed)``: one sentence per interest found and per interest missed.

    Both are empty when the level gives its characters no interests (or the record is
    from before interests were recorded).
    """
    record = MatchRecord.read(record)
    interests = record.interests or {}
    terms = (record.outcome or {}).get("terms", {}) if record.agreement else {}
    found: list[str] = []
    missed: list[str] = []
    for entry in interests.get("found", ()):
        spec = _interest(level, entry)
        name = _name(level, entry["npc"])
        text = f"{name} {entry['fact']}."
        for opening in getattr(spec, "opens", ()):
            issue = level.negotiation.space.issue(opening.issue).name
            used = str(terms.get(opening.issue)) == opening.value
            text += (
                f" It opened {issue} {opening.value}, and your deal used it."
                if used
                else f" It opened {issue} {opening.value}, which your deal left out."
            )
        found.append(text)
    for entry in interests.get("missed", ()):
        spec = _interest(level, entry)
        name = _name(level, entry["npc"])
        issues = list(getattr(spec, "issues", ()))
        what, verb = _issue_words(level, issues) if issues else ("", "")
        question = entry.get("question") or getattr(spec, "question", "")
        head = f"Why {what} {verb} to {name}" if what else f"What lies behind {name}'s position"
        missed.append(
            f"{head}: you did not find out. The question that finds it: \u201c{question}\u201d"
        )
    return found, missed


def _name(level: LoadedLevel, npc_id: str) -> str:
    try:
        return level.npc(npc_id).name
    except Exception:  # a record from another version of the level
        return npc_id


def _interest(level: LoadedLevel, entry: Mapping[str, Any]) -> Any:
    try:
        npc = level.npc(entry["npc"])
    except Exception:
        return None
    return next((i for i in npc.interests if i.id == entry.get("id")), None)
