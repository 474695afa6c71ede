"""What the debrief says about the interests behind the other side's positions.

It cites only what the player found (with the options those interests opened, and whether
the deal used them) and, for each interest missed, names the issues it explains and the
question that would have found it, never the interest itself: a player who did not ask
learns that there was something to ask, and how, not the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from game.campaign.words import issue_words
from game.engine.record import MatchRecord
from game.i18n import tr
from game.npc.wording import agree, issue_phrase

if TYPE_CHECKING:
    from game.levels.loader import LoadedLevel

__all__ = ["interest_notes"]


def _missed_head(level: LoadedLevel, issue_ids: list[str], name: str) -> str:
    """Return "Why the extras and the service matter to Nova" (the issues in a sentence)."""
    names = {issue.id: issue.name for issue in level.negotiation.space.issues}
    phrases = [issue_words(level, i, str(issue_phrase(names.get(i, i)))) for i in issue_ids]
    if len(phrases) == 1:
        if agree(names.get(issue_ids[0], issue_ids[0]), "matters") == "matters":
            return tr("Why {issue} matters to {name}").format(issue=phrases[0], name=name)
        return tr("Why {issue} matter to {name}").format(issue=phrases[0], name=name)
    issues = tr("{items} and {last}").format(items=", ".join(phrases[:-1]), last=phrases[-1])
    return tr("Why {issues} matter to {name}").format(issues=issues, name=name)


def interest_notes(
    level: LoadedLevel, record: MatchRecord | Mapping[str, Any]
) -> tuple[list[str], list[str]]:
    """Return ``(found, missed)``: one sentence per interest found and per interest missed,
    in the language in use (the level's words for the facts and questions where it has them).

    Both are empty when the level gives its characters no interests (or the record is
    from before interests were recorded).
    """
    from game.levels.text import issue_names, option_label

    record = MatchRecord.read(record)
    interests = record.interests or {}
    terms = (record.outcome or {}).get("terms", {}) if record.agreement else {}
    shown_names = issue_names(level.model)
    found: list[str] = []
    missed: list[str] = []
    for entry in interests.get("found", ()):
        spec = _interest(level, entry)
        name = _name(level, entry["npc"])
        fact = str(getattr(spec, "fact", "") or entry["fact"])
        text = tr("{name} {fact}.").format(name=name, fact=fact.rstrip("."))
        for opening in getattr(spec, "opens", ()):
            issue = (
                shown_names.get(opening.issue) or level.negotiation.space.issue(opening.issue).name
            )
            option = option_label(level.model, opening.issue, opening.value)
            used = str(terms.get(opening.issue)) == opening.value
            said = (
                tr("It opened {issue} {option}, and your deal used it.")
                if used
                else tr("It opened {issue} {option}, which your deal left out.")
            )
            text += " " + said.format(issue=issue, option=option)
        found.append(text)
    for entry in interests.get("missed", ()):
        spec = _interest(level, entry)
        name = _name(level, entry["npc"])
        issues = list(getattr(spec, "issues", ()))
        question = getattr(spec, "question", "") or entry.get("question") or ""
        if issues:
            head = _missed_head(level, issues, name)
        else:
            head = tr("What lies behind {name}'s position").format(name=name)
        missed.append(
            tr(
                "{head}: you did not find out. The question that finds it: \u201c{question}\u201d"
            ).format(head=head, question=question)
        )
    return found, missed


def _name(level: LoadedLevel, npc_id: str) -> str:
    try:
        return level.npc(npc_id).name
    except Exception:  # a record from another version of the level
        return npc_id


def _interest(level: LoadedLevel, entry: Mapping[str, Any]) -> Any:
    """Return the interest as the level states it, in the language in use (None if gone)."""
    from game.levels.text import level_text

    for npc in level_text(level.model).npcs:
        if npc.id == entry.get("npc"):
            return next((i for i in npc.interests if i.id == entry.get("id")), None)
    return None
