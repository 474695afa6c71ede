"""Words of the negotiation table: NPC moods, what the player says for each move, results.

Only wording lives here (no rules): the engine decides what a move does; these lines are
what the dialogue log shows for the player's side, and how a state machine state reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game.engine import Move, MoveKind, Status
from game.i18n import N_, language, ngettext, tr
from game.npc.wording import agree, issue_phrase

__all__ = [
    "MOOD_WORDS",
    "mood_words",
    "emotion_word",
    "EMOTION_WORDS",
    "player_line",
    "priorities_words",
    "outcome_title",
    "change_line",
]

MOOD_WORDS: Mapping[str, str] = {
    "opening": N_("getting started"),
    "exploring": N_("exploring, open to ideas"),
    "bargaining": N_("bargaining"),
    "conceding": N_("ready to give ground"),
    "holding": N_("holding firm"),
    "hurt": N_("hurt and defensive"),
    "mediated": N_("weighing the mediator's text"),
    "closing": N_("ready to close"),
    "agreed": N_("agreed"),
    "walked": N_("no deal"),
    "listening": N_("listening"),
    "proposing": N_("drafting a text"),
}

EMOTION_WORDS: Mapping[str, str] = {
    "warm": N_("Warm: \u201cI'm glad we're working this out together.\u201d"),
    "neutral": N_("Calm: \u201cLet's keep this practical.\u201d"),
    "frustrated": N_("Frustrated: \u201cThis is going nowhere.\u201d"),
    "angry": N_("Angry: \u201cFrankly, this is insulting.\u201d"),
}

_EMOTION_LINES = {
    "warm": N_("I'm glad we're working this out together."),
    "neutral": N_("Let's keep this calm and practical."),
    "frustrated": N_("Honestly, this is getting frustrating. We're going round in circles."),
    "angry": N_("Frankly, this is insulting."),
}


_FEELINGS: Mapping[str, str] = {  # every feeling a character's line may carry
    "warm": N_("warm"),
    "neutral": N_("calm"),
    "frustrated": N_("frustrated"),
    "angry": N_("angry"),
    "hurt": N_("hurt"),
    "surprised": N_("surprised"),
}


def emotion_word(emotion: str) -> str:
    """Return an NPC's emotion as the table shows it ("warm", "calm", ...)."""
    word = _FEELINGS.get(emotion)
    return tr(word) if word else emotion


def mood_words(state: str) -> str:
    """Return an NPC's state machine state in words ("holding firm")."""
    word = MOOD_WORDS.get(state)
    return tr(word) if word else state.replace("_", " ")


def _issue(name: str) -> str:
    """Return an issue inside a sentence: "the price" in English (the article and case the
    English grammar of :mod:`game.npc.wording` gives), the name in quotes in other languages."""
    if language() == "en":
        return issue_phrase(name)
    return f"\u00ab{name}\u00bb"


def _many(name: str) -> int:
    """Return the count that picks an English verb agreeing with issue ``name`` (1 or 2)."""
    return 2 if agree(name, "does") != "does" else 1


def priorities_words(priorities: Mapping[str, float], names: Mapping[str, str]) -> str:
    """Return claimed priorities as a sentence part: "Price (55 %), then Delivery (20 %)"."""
    ranked = sorted(priorities.items(), key=lambda item: -item[1])
    total = sum(max(0.0, w) for _, w in ranked) or 1.0
    parts = [
        tr("{issue} ({share} %)").format(
            issue=names.get(i, i), share=round(100 * max(0.0, w) / total)
        )
        for i, w in ranked
        if w > 0
    ]
    if not parts:
        return tr("nothing in particular")
    if len(parts) == 1:
        return parts[0]
    return tr("{first}, then {rest}").format(first=parts[0], rest=", ".join(parts[1:]))


def player_line(move: Move, **details: Any) -> str:
    """Return what the player says when making ``move`` (for the dialogue log).

    ``details``: ``describe`` (the offer in words), ``issue_names``, ``party_names``,
    ``evidence`` (a card's title and text), ``grievance`` (its text), ``batna`` (the
    player's alternative in words), ``partial``, ``multiparty``, ``bluff``.
    """
    line = _player_line(move, **details)
    # the first letter, after any opening mark ("¿qué..." in Spanish becomes "¿Qué...")
    start = next((i for i, char in enumerate(line) if char.isalpha()), 0)
    return line[:start] + line[start : start + 1].upper() + line[start + 1 :]


def _why_line(to: str, name: str, leading: bool) -> str:
    """Return the player's "why" question: open, or leading (an answer put in their mouth)."""
    if leading:
        if not name:
            return tr("{to}you just want the best deal you can get, don't you?").format(to=to)
        return ngettext(
            "{to}I suppose {issue} only matters because you want the most for the least, right?",
            "{to}I suppose {issue} only matter because you want the most for the least, right?",
            _many(name),
        ).format(to=to, issue=_issue(name))
    if not name:
        return tr("{to}what do you need it for, if you don't mind me asking?").format(to=to)
    return ngettext(
        "{to}why does {issue} matter to you?", "{to}why do {issue} matter to you?", _many(name)
    ).format(to=to, issue=_issue(name))


#: What the player says for a move that needs no details (``{to}``: whom it is addressed to).
_PLAIN_LINES: dict[MoveKind, str] = {
    MoveKind.ACCEPT: N_("Agreed. I accept this offer."),
    MoveKind.SUPPORT: N_("I support this proposal."),
    MoveKind.REJECT: N_("No, I can't accept that."),
    MoveKind.OPPOSE: N_("I oppose this proposal."),
    MoveKind.WALK_AWAY: N_("I'm sorry, but I'm going to walk away."),
    MoveKind.ASK_PRIORITIES: N_("{to}what matters most to you in this?"),
    MoveKind.APPEAL_RELATIONSHIP: N_(
        "{to}we've worked well together. Let's find something that works for both of us."
    ),
    MoveKind.APOLOGISE: N_("{to}I'm sorry. I should have handled things better."),
    MoveKind.ASK_MEDIATOR: N_("Could the mediator help us here?"),
    MoveKind.PROPOSE_FOR_ME: N_("{to}what would you suggest for me?"),
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
        to = tr("{name}, ").format(name=party_names.get(move.target, move.target))
    plain = _PLAIN_LINES.get(kind)
    if plain is not None:
        return tr(plain).format(to=to)
    if kind is MoveKind.OFFER:
        if partial:
            return tr("{to}what if we settle {offer}? What would you suggest for the rest?").format(
                to=to, offer=describe
            )
        return tr("{to}I propose: {offer}.").format(to=to, offer=describe)
    if kind is MoveKind.ASK_ISSUE:
        name = names.get(move.issue or "", move.issue or "")
        if not name:
            return tr("{to}how much does that matter to you?").format(to=to)
        return ngettext(
            "{to}how much does {issue} matter to you?",
            "{to}how much do {issue} matter to you?",
            _many(name),
        ).format(to=to, issue=_issue(name))
    if kind is MoveKind.ASK_WHY:
        return _why_line(to, names.get(move.issue or "", ""), move.meta.get("style") == "leading")
    if kind is MoveKind.STATE_PRIORITIES:
        said = priorities_words(move.priorities or {}, names)
        return tr("{to}here is what matters to me: {priorities}.").format(to=to, priorities=said)
    if kind is MoveKind.RESTATE_INTERESTS:
        said = priorities_words(move.priorities or {}, names)
        return tr(
            "{to}let me check I've understood you: what matters to you is {priorities}."
        ).format(to=to, priorities=said)
    if kind is MoveKind.CITE_EVIDENCE and evidence is not None:
        return tr("{to}look at this: {title}. {text}").format(
            to=to, title=evidence[0], text=evidence[1]
        )
    if kind is MoveKind.THREATEN:
        if bluff:
            return tr("I'll be honest: I have a better offer elsewhere, so this has to improve.")
        if batna:
            return tr("If we can't agree, I have another option: {batna}").format(batna=batna)
        return tr("I do have other options.")
    if kind is MoveKind.EXPRESS_EMOTION:
        line = _EMOTION_LINES.get(move.emotion or "neutral", "")
        return tr(line) if line else ""
    if kind in _GRIEVANCE_MOVES:
        return _grievance_line(move, to, grievance)
    if kind in _PROBE_LINES:
        about = str(move.meta.get("about", "batna"))
        return to + tr(_PROBE_LINES[kind].get(about, _PROBE_LINES[kind]["batna"]))
    if kind in _FAVOUR_AND_PAIR:
        return _favour_or_pair_line(move, to, names)
    return kind.value.replace("_", " ")


_GRIEVANCE_MOVES = (
    MoveKind.ACKNOWLEDGE_GRIEVANCE,
    MoveKind.PROPOSE_SHARED_ACCOUNT,
    MoveKind.LET_GO,
    MoveKind.RAISE_GRIEVANCE,
)


def _grievance_line(move: Move, to: str, grievance: str) -> str:
    """Return the player's words about a grievance (acknowledging, letting go, raising it)."""
    kind = move.kind
    quoted = grievance.strip().rstrip(".")
    if kind is MoveKind.ACKNOWLEDGE_GRIEVANCE:
        return tr(
            "{to}I know this still hurts: \u201c{grievance}.\u201d You're right to raise it."
        ).format(to=to, grievance=quoted)
    if kind is MoveKind.PROPOSE_SHARED_ACCOUNT:
        text = move.text or tr("Can we agree on what happened, so we can both move on?")
        return f"{to}{text}"
    if kind is MoveKind.LET_GO:
        return tr(
            "Something has been bothering me \u2014 \u201c{grievance}\u201d \u2014 but I'm letting it go."
        ).format(grievance=quoted)
    if kind is MoveKind.RAISE_GRIEVANCE:
        return tr("{to}and let's not forget: {grievance}").format(to=to, grievance=grievance)
    return kind.value.replace("_", " ")


_PROBE_LINES: dict[MoveKind, dict[str, str]] = {
    MoveKind.ASK_PROOF: {
        "batna": N_("can you show me that other offer? I'd like to see it before we go on."),
        "final": N_("is that really your last word? What makes it final?"),
        "priority": N_("is that really what matters most to you? What makes it so important?"),
    },
    MoveKind.CALL_BLUFF: {
        "batna": N_("I don't believe there's a better offer out there. Let's be realistic."),
        "final": N_("I don't think that's really your final offer."),
        "priority": N_("I don't think that's what matters most to you."),
    },
    MoveKind.POINT_CONTRADICTION: {
        "batna": N_("you said you had a better offer, and you've just offered me less than that."),
        "final": N_("you said that was final, and then you moved. So it wasn't, was it?"),
        "priority": N_("what you offer doesn't fit what you said matters most."),
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
    first = _issue(name) if name else tr("this")
    second = _issue(other) if other else tr("that")
    kind = move.kind
    if kind is MoveKind.STATE_PREFERENCE:
        return ngettext(
            "{to}to be clear: {first} matters more to me than {second}.",
            "{to}to be clear: {first} matter more to me than {second}.",
            _many(name) if name else 1,
        ).format(to=to, first=first, second=second)
    if kind is MoveKind.ASK_PREFERENCE:
        return tr("{to}which matters more to you: {first} or {second}?").format(
            to=to, first=first, second=second
        )
    if kind is MoveKind.ASK_FAVOUR:
        return tr(
            "{to}could you do me a favour on {first}? I'll return it - you have my word."
        ).format(to=to, first=first)
    return tr("{to}let me do you a favour on {first}. You'll see it in my next offer.").format(
        to=to, first=first
    )


def outcome_title(
    status: Status, walked_by: str | None, player_id: str, names: Mapping[str, str]
) -> str:
    """Return the headline of a finished negotiation ("Deal agreed", "Time ran out", ...)."""
    if status is Status.AGREED:
        return tr("Deal agreed")
    if status is Status.DEADLINE:
        return tr("Time ran out: no deal")
    if status is Status.WALKED_AWAY:
        if walked_by == player_id:
            return tr("You walked away: no deal")
        return tr("{name} walked away: no deal").format(
            name=names.get(walked_by or "", tr("The other side"))
        )
    return tr("The talks are over")


def change_line(name: str, trust: float, rapport: float, reason: str) -> str:
    """Return a trust/rapport change as a log line ("Nova: trust +4, rapport +2 (you moved toward me)")."""
    parts = []
    if round(trust):
        sign = "+" if trust > 0 else "\u2212"
        parts.append(tr("trust {change}").format(change=f"{sign}{abs(round(trust))}"))
    if round(rapport):
        sign = "+" if rapport > 0 else "\u2212"
        parts.append(tr("rapport {change}").format(change=f"{sign}{abs(round(rapport))}"))
    if not parts:
        return ""
    return f"{name}: {', '.join(parts)} \u2014 \u201c{reason}\u201d"
