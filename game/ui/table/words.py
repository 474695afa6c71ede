"""Words of the negotiation table: NPC moods, what the player says for each move, results.

Only wording lives here (no rules): the engine decides what a move does; these lines are
what the dialogue log shows for the player's side, and how a state machine state reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game.engine import Move, MoveKind, Status
from game.npc.wording import agree, issue_phrase

__all__ = [
    "MOOD_WORDS",
    "mood_words",
    "EMOTION_WORDS",
    "player_line",
    "priorities_words",
    "outcome_title",
    "change_line",
]

MOOD_WORDS: Mapping[str, str] = {
    "opening": "getting started",
    "exploring": "exploring, open to ideas",
    "bargaining": "bargaining",
    "conceding": "ready to give ground",
    "holding": "holding firm",
    "hurt": "hurt and defensive",
    "mediated": "weighing the mediator's text",
    "closing": "ready to close",
    "agreed": "agreed",
    "walked": "no deal",
    "listening": "listening",
    "proposing": "drafting a text",
}

EMOTION_WORDS: Mapping[str, str] = {
    "warm": "Warm: \u201cI'm glad we're working this out together.\u201d",
    "neutral": "Calm: \u201cLet's keep this practical.\u201d",
    "frustrated": "Frustrated: \u201cThis is going nowhere.\u201d",
    "angry": "Angry: \u201cFrankly, this is insulting.\u201d",
}

_EMOTION_LINES = {
    "warm": "I'm glad we're working this out together.",
    "neutral": "Let's keep this calm and practical.",
    "frustrated": "Honestly, this is getting frustrating. We're going round in circles.",
    "angry": "Frankly, this is insulting.",
}


def mood_words(state: str) -> str:
    """Return an NPC's state machine state in words ("holding firm")."""
    return MOOD_WORDS.get(state, state.replace("_", " "))


def priorities_words(priorities: Mapping[str, float], names: Mapping[str, str]) -> str:
    """Return claimed priorities as a sentence part: "Price (55 %), then Delivery (20 %)"."""
    ranked = sorted(priorities.items(), key=lambda item: -item[1])
    total = sum(max(0.0, w) for _, w in ranked) or 1.0
    parts = [
        f"{names.get(i, i)} ({round(100 * max(0.0, w) / total)} %)" for i, w in ranked if w > 0
    ]
    if not parts:
        return "nothing in particular"
    if len(parts) == 1:
        return parts[0]
    return f"{parts[0]}, then " + ", ".join(parts[1:])


def player_line(move: Move, **details: Any) -> str:
    """Return what the player says when making ``move`` (for the dialogue log).

    ``details``: ``describe`` (the offer in words), ``issue_names``, ``party_names``,
    ``evidence`` (a card's title and text), ``grievance`` (its text), ``batna`` (the
    player's alternative in words), ``partial``, ``multiparty``, ``bluff``.
    """
    line = _player_line(move, **details)
    return line[:1].upper() + line[1:]


def _why_line(to: str, name: str, leading: bool) -> str:
    """Return the player's "why" question: open, or leading (an answer put in their mouth)."""
    if leading:
        if not name:
            return f"{to}you just want the best deal you can get, don't you?"
        return (
            f"{to}I suppose {issue_phrase(name)} only {agree(name, 'matters')} because you "
            "want the most for the least, right?"
        )
    if not name:
        return f"{to}what do you need it for, if you don't mind me asking?"
    return f"{to}why {agree(name, 'does')} {issue_phrase(name)} matter to you?"


#: What the player says for a move that needs no details (``{to}``: whom it is addressed to).
_PLAIN_LINES: dict[MoveKind, str] = {
    MoveKind.ACCEPT: "Agreed. I accept this offer.",
    MoveKind.SUPPORT: "I support this proposal.",
    MoveKind.REJECT: "No, I can't accept that.",
    MoveKind.OPPOSE: "I oppose this proposal.",
    MoveKind.WALK_AWAY: "I'm sorry, but I'm going to walk away.",
    MoveKind.ASK_PRIORITIES: "{to}what matters most to you in this?",
    MoveKind.APPEAL_RELATIONSHIP: (
        "{to}we've worked well together. Let's find something that works for both of us."
    ),
    MoveKind.APOLOGISE: "{to}I'm sorry. I should have handled things better.",
    MoveKind.ASK_MEDIATOR: "Could the mediator help us here?",
    MoveKind.PROPOSE_FOR_ME: "{to}what would you suggest for me?",
}


def _player_line(
    move: Move,
    *,
    describe: str = "",
    issue_names: Mapping[str, str] | None = None,
    party_names: Mapping[str, str] | None = None,
    evidence: tuple[str, str] | None = None,
    grievance: str = "",
    batna: str = "",
    partial: bool = False,
    multiparty: bool = False,
    bluff: bool = False,
) -> str:
    names = issue_names or {}
    kind = move.kind
    to = ""
    if move.target and party_names and multiparty:
        to = f"{party_names.get(move.target, move.target)}, "
    plain = _PLAIN_LINES.get(kind)
    if plain is not None:
        return plain.format(to=to)
    if kind is MoveKind.OFFER:
        if partial:
            return f"{to}what if we settle {describe}? What would you suggest for the rest?"
        return f"{to}I propose: {describe}."
    if kind is MoveKind.ASK_ISSUE:
        name = names.get(move.issue or "", move.issue or "")
        if not name:
            return f"{to}how much does that matter to you?"
        return f"{to}how much {agree(name, 'does')} {issue_phrase(name)} matter to you?"
    if kind is MoveKind.ASK_WHY:
        return _why_line(to, names.get(move.issue or "", ""), move.meta.get("style") == "leading")
    if kind is MoveKind.STATE_PRIORITIES:
        return f"{to}here is what matters to me: {priorities_words(move.priorities or {}, names)}."
    if kind is MoveKind.RESTATE_INTERESTS:
        said = priorities_words(move.priorities or {}, names)
        return f"{to}let me check I've understood you: what matters to you is {said}."
    if kind is MoveKind.CITE_EVIDENCE and evidence is not None:
        return f"{to}look at this: {evidence[0]}. {evidence[1]}"
    if kind is MoveKind.THREATEN:
        if bluff:
            return "I'll be honest: I have a better offer elsewhere, so this has to improve."
        return (
            f"If we can't agree, I have another option: {batna}"
            if batna
            else "I do have other options."
        )
    if kind is MoveKind.EXPRESS_EMOTION:
        return _EMOTION_LINES.get(move.emotion or "neutral", "")
    quoted = grievance.strip().rstrip(".")
    if kind is MoveKind.ACKNOWLEDGE_GRIEVANCE:
        return f"{to}I know this still hurts: \u201c{quoted}.\u201d You're right to raise it."
    if kind is MoveKind.PROPOSE_SHARED_ACCOUNT:
        text = move.text or "Can we agree on what happened, so we can both move on?"
        return f"{to}{text}"
    if kind is MoveKind.LET_GO:
        return f"Something has been bothering me \u2014 \u201c{quoted}\u201d \u2014 but I'm letting it go."
    if kind is MoveKind.RAISE_GRIEVANCE:
        return f"{to}and let's not forget: {grievance}"
    if kind in _PROBE_LINES:
        about = str(move.meta.get("about", "batna"))
        return to + _PROBE_LINES[kind].get(about, _PROBE_LINES[kind]["batna"])
    if kind in _FAVOUR_AND_PAIR:
        return _favour_or_pair_line(move, to, names)
    return kind.value.replace("_", " ")


_PROBE_LINES: dict[MoveKind, dict[str, str]] = {
    MoveKind.ASK_PROOF: {
        "batna": "can you show me that other offer? I'd like to see it before we go on.",
        "final": "is that really your last word? What makes it final?",
        "priority": "is that really what matters most to you? What makes it so important?",
    },
    MoveKind.CALL_BLUFF: {
        "batna": "I don't believe there's a better offer out there. Let's be realistic.",
        "final": "I don't think that's really your final offer.",
        "priority": "I don't think that's what matters most to you.",
    },
    MoveKind.POINT_CONTRADICTION: {
        "batna": "you said you had a better offer, and you've just offered me less than that.",
        "final": "you said that was final, and then you moved. So it wasn't, was it?",
        "priority": "what you offer doesn't fit what you said matters most.",
    },
}
"""The player's words for testing a claim, by move and by what the claim is about."""

_FAVOUR_AND_PAIR = (
    MoveKind.STATE_PREFERENCE,
    MoveKind.ASK_PREFERENCE,
    MoveKind.ASK_FAVOUR,
    MoveKind.GRANT_FAVOUR,
)


def _favour_or_pair_line(move: Move, to: str, names: Mapping[str, str]) -> str:
    """Return the player's words for preference talk and favours."""
    name = names.get(move.issue or "", move.issue or "")
    other = names.get(str(move.meta.get("over", "")), str(move.meta.get("over", "")))
    first = issue_phrase(name) if name else "this"
    second = issue_phrase(other) if other else "that"
    kind = move.kind
    if kind is MoveKind.STATE_PREFERENCE:
        return f"{to}to be clear: {first} {agree(name, 'matters')} more to me than {second}."
    if kind is MoveKind.ASK_PREFERENCE:
        return f"{to}which matters more to you: {first} or {second}?"
    if kind is MoveKind.ASK_FAVOUR:
        return f"{to}could you do me a favour on {first}? I'll return it - you have my word."
    return f"{to}let me do you a favour on {first}. You'll see it in my next offer."


def outcome_title(
    status: Status, walked_by: str | None, player_id: str, names: Mapping[str, str]
) -> str:
    """Return the headline of a finished negotiation ("Deal agreed", "Time ran out", ...)."""
    if status is Status.AGREED:
        return "Deal agreed"
    if status is Status.DEADLINE:
        return "Time ran out: no deal"
    if status is Status.WALKED_AWAY:
        if walked_by == player_id:
            return "You walked away: no deal"
        return f"{names.get(walked_by or '', 'The other side')} walked away: no deal"
    return "The talks are over"


def change_line(name: str, trust: float, rapport: float, reason: str) -> str:
    """Return a trust/rapport change as a log line ("Nova: trust +4, rapport +2 (you moved toward me)")."""
    parts = []
    if round(trust):
        parts.append(f"trust {'+' if trust > 0 else '−'}{abs(round(trust))}")
    if round(rapport):
        parts.append(f"rapport {'+' if rapport > 0 else '−'}{abs(round(rapport))}")
    if not parts:
        return ""
    return f"{name}: {', '.join(parts)} \u2014 \u201c{reason}\u201d"
