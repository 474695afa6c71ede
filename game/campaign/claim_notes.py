"""What the debrief says about the other side's claims: what was true, and what the player
did about each, in the language in use.

A claim row is what the record keeps of it (``game.npc.bluffs.claims_report``): who made
it, its kind, the figure and issue it named, whether it was a bluff and the player's
response.  The words come from the level in the language in use where it has them (the
figure written the language's way, the issue by the level's phrase, the level's own
account of the truth), else from the row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from game.campaign.words import issue_words
from game.i18n import tr

if TYPE_CHECKING:
    from game.levels.loader import LoadedLevel

__all__ = ["claim_truth_words"]


def claim_truth_words(level: LoadedLevel, row: Mapping[str, Any], *, detail: bool = True) -> str:
    """Return what was true about a claim: one sentence, and with ``detail`` the level's
    account of what was really so ("Mara's other offer at $5,500 was a bluff, and you
    called it. Nobody else was coming...")."""
    spec = _spec(level, row)
    what = _what(level, row, spec)
    if row.get("bluff"):
        response = row.get("response")
        if response == "called":
            text = tr("{what} was a bluff, and you called it.").format(what=what)
        elif response == "believed":
            text = tr("{what} was a bluff, and it stood when you agreed.").format(what=what)
        else:
            text = tr("{what} was a bluff.").format(what=what)
        truth = (getattr(spec, "truth", None) or row.get("truth")) if detail else None
        if truth:
            text += f" {truth}"
    elif row.get("accused"):
        text = tr("{what} was true. You called it a bluff, and that cost you.").format(what=what)
    else:
        text = tr("{what} was true.").format(what=what)
    return text[:1].upper() + text[1:]


def _what(level: LoadedLevel, row: Mapping[str, Any], spec: Any) -> str:
    name = str(row.get("name") or row.get("npc") or "")
    kind = row.get("kind")
    if kind == "batna":
        value = _figure(level, row, spec)
        if value:
            return tr("{name}'s other offer at {value}").format(name=name, value=value)
        return tr("{name}'s other offer").format(name=name)
    if kind == "final":
        return tr('{name}\'s "final" offer').format(name=name)
    english = str(row.get("issue") or "")
    issue_id = getattr(spec, "issue", None)
    issue = issue_words(level, issue_id, english) if issue_id else english
    if not issue:
        return tr("{name}'s claim that one issue mattered most").format(name=name)
    return tr("{name}'s claim that {issue} mattered most").format(name=name, issue=issue)


def _figure(level: LoadedLevel, row: Mapping[str, Any], spec: Any) -> str:
    """Return the claimed figure, written the language's way when the level says which
    issue it is on; else as the record keeps it."""
    from game.levels.text import shown_issues

    value = getattr(spec, "value", None)
    issue_id = getattr(spec, "issue", None)
    if isinstance(value, int | float) and issue_id:
        try:
            issue = level.negotiation.space.issue(issue_id)
            if issue.numeric:
                return shown_issues(level.model, [issue])[0].format(value)
        except Exception:  # a record from another version of the level
            pass
    return str(row.get("value") or "")


def _spec(level: LoadedLevel, row: Mapping[str, Any]) -> Any:
    """Return the claim as the level states it, in the language in use (None if gone)."""
    from game.levels.text import level_text

    for npc in level_text(level.model).npcs:
        if npc.id == row.get("npc"):
            return next((m for m in npc.misrepresentations if m.id == row.get("id")), None)
    return None
