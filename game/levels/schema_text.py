"""The level format's translations: the player-facing text of a level in another language.

A level is written in English, and English stays the source of every value: ids, option
labels in offers and records, numbers.  ``translations`` maps a language code (``"es"``)
to a :class:`LevelTranslation` holding any of the level's text in that language; each
field left out is shown in English.  Things are named by their id (an NPC, an interest,
an issue, an objective...) and an option by its English label, so a translation never
repeats the level's structure.  ``validate`` refuses an id the level does not have and
warns about a language that leaves text untranslated (:mod:`game.levels.lint_text`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from game.npc.spec import Id, Line, LongText, ShortText, Strict

LanguageCode = Annotated[
    str,
    Field(
        min_length=2,
        max_length=3,
        pattern=r"^[a-z]{2,3}$",
        description="A language code (ISO 639-1 where there is one): 'es', 'fr', 'de'.",
    ),
]
Name = Annotated[str, Field(min_length=1, max_length=40)]
Long = Annotated[str, Field(min_length=1, max_length=1500)]
Said = Annotated[str, Field(min_length=1, max_length=300)]
LineKey = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]
LineTable = dict[LineKey, Annotated[list[Line], Field(min_length=1, max_length=40)]]


class GrievanceText(Strict):
    """A grievance card in another language."""

    text: ShortText | None = Field(default=None, description="What happened.")
    shared_account: ShortText | None = Field(default=None, description="The fair account.")


class PlayerText(Strict):
    """The player's side in another language."""

    role: ShortText | None = Field(default=None, description="Who the player is.")
    name: Name | None = Field(default=None, description="How the player is named in dialogue.")
    batna: ShortText | None = Field(default=None, description="The best alternative, in words.")
    knows: list[ShortText] | None = Field(
        default=None,
        max_length=8,
        description="What the player knows, one entry for each English one, in order.",
    )
    grievances: dict[Id, GrievanceText] = Field(
        default_factory=dict, max_length=6, description="Grievance id -> its text."
    )


class InterestText(Strict):
    """An interest in another language."""

    fact: ShortText | None = Field(default=None, description="The interest as the notes put it.")
    question: ShortText | None = Field(default=None, description="The question that finds it.")
    says: Said | None = Field(default=None, description="How the character tells it.")


class ClaimText(Strict):
    """A misrepresentation's words in another language."""

    says: Said | None = Field(default=None, description="The claim in the character's words.")
    proof: Said | None = Field(default=None, description="What it shows as proof.")
    truth: ShortText | None = Field(default=None, description="What was really so.")


class NpcText(Strict):
    """A character in another language."""

    name: Name | None = Field(
        default=None, description="Its name, when written differently in the language."
    )
    role: ShortText | None = Field(default=None, description="Who it is in the story.")
    bio: Annotated[str, Field(min_length=1, max_length=600)] | None = Field(
        default=None, description="A few words shown in the briefing."
    )
    interests: dict[Id, InterestText] = Field(
        default_factory=dict, max_length=6, description="Interest id -> its text."
    )
    misrepresentations: dict[Id, ClaimText] = Field(
        default_factory=dict, max_length=4, description="Claim id -> its words."
    )
    grievances: dict[Id, GrievanceText] = Field(
        default_factory=dict, max_length=10, description="Grievance id -> its text."
    )
    lines: LineTable = Field(
        default_factory=dict,
        max_length=60,
        description="The character's own lines by key, in place of the English lines of "
        "that key (keys left out keep the English lines).",
    )
    dialogue: LineTable = Field(
        default_factory=dict,
        max_length=60,
        description="The level's replacement lines by key, in place of the English ones.",
    )


class IssueText(Strict):
    """An issue in another language; its options are named by their English labels."""

    name: Name | None = Field(default=None, description="The issue's name.")
    description: Annotated[str, Field(min_length=1, max_length=300)] | None = Field(
        default=None, description="What the issue means."
    )
    unit: Annotated[str, Field(max_length=12)] | None = Field(
        default=None, description="The unit, when the language writes it differently."
    )
    phrase: Annotated[str, Field(min_length=1, max_length=60)] | None = Field(
        default=None,
        description="How the characters' lines name the issue mid-sentence, with the article "
        "the language needs: 'el sueldo', 'la entrega' (default: the name in lower case).",
    )
    options: dict[
        Annotated[str, Field(min_length=1, max_length=60)],
        Annotated[str, Field(min_length=1, max_length=60)],
    ] = Field(
        default_factory=dict,
        max_length=50,
        description="English option label -> the label shown (offers keep the English one).",
    )


class EvidenceText(Strict):
    """A benchmark card in another language."""

    title: Annotated[str, Field(min_length=1, max_length=60)] | None = Field(
        default=None, description="Card title."
    )
    text: ShortText | None = Field(default=None, description="What the card says.")


class ObjectiveText(Strict):
    """An objective in another language."""

    text: ShortText | None = Field(
        default=None, description="The objective as the player reads it."
    )


class EventText(Strict):
    """An uncertain event in another language."""

    description: ShortText | None = Field(default=None, description="The event.")


class RolePlayText(Strict):
    """The second person's brief in another language."""

    briefing: Long | None = Field(default=None, description="The story as the other side sees it.")
    batna: ShortText | None = Field(default=None, description="The other side's alternative.")
    knows: list[ShortText] | None = Field(
        default=None, max_length=8, description="One entry for each English one, in order."
    )


class LevelTranslation(Strict):
    """Every player-facing text of a level in one language; what is left out stays English."""

    title: Annotated[str, Field(min_length=1, max_length=80)] | None = Field(
        default=None, description="Level title."
    )
    summary: ShortText | None = Field(default=None, description="The campaign map's sentence.")
    briefing: Long | None = Field(default=None, description="The story and the situation.")
    teaching_points: list[ShortText] | None = Field(
        default=None,
        max_length=6,
        description="The lessons, one for each English one, in order.",
    )
    debrief_notes: LongText | None = Field(default=None, description="The debrief's notes.")
    player: PlayerText = Field(default_factory=PlayerText, description="The player's side.")
    npcs: dict[Id, NpcText] = Field(
        default_factory=dict, max_length=6, description="NPC id -> its text."
    )
    issues: dict[Id, IssueText] = Field(
        default_factory=dict, max_length=12, description="Issue id -> its text."
    )
    evidence: dict[Id, EvidenceText] = Field(
        default_factory=dict, max_length=12, description="Evidence id -> its card."
    )
    objectives: dict[Id, ObjectiveText] = Field(
        default_factory=dict, max_length=8, description="Objective id -> its text."
    )
    events: dict[Id, EventText] = Field(
        default_factory=dict, max_length=4, description="Event id -> its description."
    )
    role_play: RolePlayText | None = Field(default=None, description="The second person's brief.")
