"""What a level says about an NPC: strategy by name with parameters, personality, memory seeds.

These pydantic models are the NPC part of the level format (the level schema composes
them).  They describe; the behaviour lives in the strategy and machine modules.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

# The names live in a module without pydantic so the command line starts quickly.
from game.npc.names import ARCHETYPES, PLAYER_BOTS  # noqa: F401 - re-exported

Emotion = Literal["warm", "neutral", "frustrated", "angry", "hurt", "surprised"]

Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=40,
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="An identifier: lower-case letters, digits, '-' and '_'.",
    ),
]
ShortText = Annotated[str, Field(min_length=1, max_length=400)]
LongText = Annotated[str, Field(min_length=1, max_length=4000)]


class Strict(BaseModel):
    """Base for level-file models: unknown keys are errors, values are checked strictly."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class TimeDependentStrategy(Strict):
    """Concedes along the Faratin curve: target = max - (max - min) * (k + (1 - k) * t^(1/e))."""

    kind: Literal["boulware", "linear", "conceder"] = Field(
        description="boulware holds firm until near the deadline (e < 1), linear concedes evenly "
        "(e = 1), conceder gives ground early (e > 1)."
    )
    e: float | None = Field(
        default=None,
        gt=0,
        le=20,
        description="Concession exponent; default 0.2 (boulware), 1 (linear), 3 (conceder).",
    )
    k: float = Field(default=0.0, ge=0, le=1, description="Share of the range conceded at once.")
    max_target: float = Field(
        default=1.0, ge=0, le=1, description="Utility aimed for at the start."
    )
    min_target: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Lowest utility aimed for at the deadline; default: the reservation value.",
    )
    answers: float = Field(
        default=0.6,
        ge=0,
        le=1,
        description="Share of its time-based concession it makes only as far as the player has "
        "conceded (the rest it makes on the clock): 0 concedes on the clock alone.",
    )


class TitForTatStrategy(Strict):
    """Relative tit-for-tat: concedes by the share the other side conceded last round."""

    kind: Literal["tit-for-tat"] = Field(description="Mirror the other side's concessions.")
    generosity: float = Field(
        default=0.02,
        ge=0,
        le=0.5,
        description="Extra utility conceded each round to avoid deadlock.",
    )
    max_target: float = Field(
        default=1.0, ge=0, le=1, description="Utility aimed for at the start."
    )


class HardlinerStrategy(Strict):
    """A distributive bargainer: extreme anchor, tiny concessions, threats."""

    kind: Literal["hardliner"] = Field(
        description="Anchors high, concedes almost nothing; moved by benchmarks, deadline or mediator."
    )
    anchor: float = Field(default=1.0, ge=0, le=1, description="Utility of its opening offer.")
    step: float = Field(
        default=0.01, ge=0, le=0.2, description="Utility given up per round when not moved."
    )
    benchmark_step: float = Field(
        default=0.08, ge=0, le=0.5, description="Utility given up for each valid benchmark cited."
    )
    relationship_step: float = Field(
        default=0.03,
        ge=0,
        le=0.5,
        description="Utility given up for a credible appeal to the long term.",
    )
    threatens: bool = Field(default=True, description="Whether it makes threats of its own.")
    moved_by: list[Id] = Field(
        default_factory=list,
        max_length=20,
        description="Evidence card ids that move it; empty: any card whose issue it cares about.",
    )


class IntegrativeStrategy(Strict):
    """Explores interests and answers with several packages of equal value to itself (MESO)."""

    kind: Literal["integrative"] = Field(description="Explores, logrolls, offers MESO sets.")
    packages: int = Field(default=3, ge=1, le=5, description="Packages offered at once.")
    e: float = Field(default=0.6, gt=0, le=20, description="Concession exponent of its targets.")
    explore_rounds: int = Field(
        default=1,
        ge=0,
        le=10,
        description="Rounds in which it asks about interests and shares its own before it "
        "bargains in earnest (it still makes an offer each turn).",
    )
    max_target: float = Field(
        default=0.95,
        ge=0,
        le=1,
        description="Utility aimed for at the start, as a share of its best: a realistic "
        "opening leaves room for several packages of equal value.",
    )


class CustomerServiceStrategy(Strict):
    """A service agent that prefers creative bundles to discounts."""

    kind: Literal["customer-service"] = Field(description="Adds extras before it cuts the price.")
    price_issue: Id | None = Field(
        default=None, description="The issue it protects (the price); default: its heaviest issue."
    )
    e: float = Field(default=0.5, gt=0, le=20, description="Concession exponent of its targets.")
    packages: int = Field(default=2, ge=1, le=5, description="Bundles offered at once.")


class MediatorStrategy(Strict):
    """A neutral who proposes single texts near the Nash point and says where value is left."""

    kind: Literal["mediator"] = Field(
        description="Proposes single texts; does not bargain for itself."
    )
    steps: int = Field(
        default=3, ge=1, le=10, description="Texts it takes to reach the Nash point."
    )


class GrudgeHolderStrategy(Strict):
    """Open in proportion to how its grievances were handled."""

    kind: Literal["grudge-holder"] = Field(
        description="Stays defensive while grievances are open; generous once they are resolved."
    )
    e_hurt: float = Field(default=0.1, gt=0, le=20, description="Concession exponent while hurt.")
    e_open: float = Field(
        default=1.5, gt=0, le=20, description="Concession exponent once repaired."
    )
    retaliates: bool = Field(default=True, description="Whether raised grievances make it harder.")


StrategyConfig = Annotated[
    TimeDependentStrategy
    | TitForTatStrategy
    | HardlinerStrategy
    | IntegrativeStrategy
    | CustomerServiceStrategy
    | MediatorStrategy
    | GrudgeHolderStrategy,
    Field(discriminator="kind"),
]


class Personality(Strict):
    """Traits that colour behaviour and dialogue, each 0..1."""

    warmth: float = Field(default=0.5, ge=0, le=1, description="How friendly its lines are.")
    patience: float = Field(default=0.5, ge=0, le=1, description="How long it tolerates stalling.")
    candour: float = Field(
        default=0.5, ge=0, le=1, description="How much it reveals when asked, at neutral trust."
    )
    pride: float = Field(
        default=0.5, ge=0, le=1, description="How much threats and lowballs hurt it."
    )
    variability: float = Field(
        default=0.15,
        ge=0,
        le=0.5,
        description="How much its pace of concessions varies from one meeting to the next "
        "(0: exactly the same every time).",
    )


class Grievance(Strict):
    """Something from the past that still hurts."""

    id: Id
    text: ShortText = Field(description="What happened, from the holder's side.")
    severity: int = Field(default=2, ge=1, le=3, description="1 minor, 2 serious, 3 deep.")
    origin: Literal["backstory", "history"] = Field(
        default="backstory",
        description="backstory: written in the level; history: from how this player behaved before.",
    )
    shared_account: ShortText | None = Field(
        default=None,
        description="A fair account both sides could agree on; proposing it helps resolve this.",
    )


Scalar = Annotated[str, Field(max_length=80)] | bool | float


class FactRange(Strict):
    """A criterion on a number (``min`` and/or ``max``) or against some values (``not``)."""

    min: float | None = Field(default=None, description="The fact is at least this number.")
    max: float | None = Field(default=None, description="The fact is at most this number.")
    not_: Scalar | list[Scalar] | None = Field(
        default=None,
        alias="not",
        description="The fact is none of these values (or is not known).",
    )


Criterion = Scalar | Annotated[list[Scalar], Field(min_length=1, max_length=20)] | FactRange
FactName = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]


class Line(Strict):
    """One line of dialogue with the emotion the portrait shows, and when it may be said."""

    text: Annotated[str, Field(min_length=1, max_length=300)] = Field(
        description="The words; placeholders such as {issue}, {value}, {offer}, {figure}, {name}, "
        "{player} and {round} are filled in (the full list is in docs/npc.md)."
    )
    emotion: Emotion = Field(default="neutral", description="Portrait expression for this line.")
    when: dict[FactName, Criterion] = Field(
        default_factory=dict,
        max_length=12,
        description="Criteria over the facts of the moment, all of which must hold for the line "
        "to be said: a value (the fact equals it), a list (one of them), or an object with "
        "min/max/not. The line with the most criteria that hold wins (docs/npc.md lists the facts).",
    )

    def criteria(self) -> dict[str, object]:
        """Return ``when`` as plain data for the selector (ranges as dicts)."""
        out: dict[str, object] = {}
        for name, condition in self.when.items():
            if isinstance(condition, FactRange):
                out[name] = condition.model_dump(by_alias=True, exclude_none=True)
            else:
                out[name] = condition
        return out


class Opening(Strict):
    """An option an interest opens: a value of an options issue no one offers before."""

    issue: Id = Field(description="An options issue (an id from `issues`).")
    value: ShortText = Field(
        description="One of that issue's options. Until the interest is found it is closed: "
        "the player's offer builder does not show it and no one offers it (an offer naming "
        "it is read with the nearest open option instead). It should be worth more to the "
        "character than it costs the player: `validate` checks that opening it creates value."
    )


class Interest(Strict):
    """What lies behind a position: a short fact, the issues it explains, how to learn it."""

    id: Id
    fact: ShortText = Field(
        description="The interest as the player's notes put it, e.g. 'rides to school in the dark'."
    )
    issues: list[Id] = Field(
        min_length=1, max_length=6, description="The issues it explains (ids from `issues`)."
    )
    question: ShortText = Field(
        description="The question that finds it, as the debrief names it to a player who "
        "missed it, e.g. 'What do you need the bike for?'."
    )
    trust: float = Field(
        default=40, ge=0, le=100, description="Trust it needs before it tells the player."
    )
    says: Annotated[str, Field(min_length=1, max_length=300)] | None = Field(
        default=None,
        description="How the character tells it when asked why one of its issues matters "
        "(default: a line built from `fact`).",
    )
    opens: list[Opening] = Field(
        default_factory=list,
        max_length=4,
        description="Options the interest opens once found, e.g. the lights that keep a "
        "cyclist seen on dark mornings. Closed until then.",
    )


class Misrepresentation(Strict):
    """Something the character may claim that is not (always) true: a better alternative
    than it has, an offer called final while it still has room, an issue made to sound
    like its top priority.  The player can ask for proof, call the bluff or point out a
    contradiction; the debrief shows what was true."""

    id: Id
    kind: Literal["batna", "final", "priority"] = Field(
        description="batna: 'I have another buyer at {value}'; final: its offer at that moment "
        "is called final; priority: `issue` is said to matter to it more than anything."
    )
    at: float = Field(
        default=0,
        ge=0,
        le=1,
        description="When it makes the claim, as the share of the deadline gone (0: in its "
        "first turn); a final claim is made with the first offer it tables from then on.",
    )
    issue: Id | None = Field(
        default=None,
        description="batna: the issue the claimed figure is on (default: its most important); "
        "priority: the issue it exaggerates.",
    )
    value: float | ShortText | None = Field(
        default=None,
        description="batna: the figure of the alternative it claims, in the issue's own terms "
        "(e.g. 5500 for a price).",
    )
    worth: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="batna: what the claimed alternative would be worth to it (0..1); default: "
        "its reservation value + 0.15. When the claim is true it will not settle for less.",
    )
    bluff_chance: float = Field(
        default=1.0,
        ge=0,
        le=1,
        description="batna and final: the chance, drawn anew in each meeting, that the claim "
        "is a bluff; otherwise it is true (a real alternative, a real last word). A priority "
        "claim is a bluff exactly when the issue is not the one that matters most to it.",
    )
    concede: float = Field(
        default=0.05,
        ge=0,
        le=0.3,
        description="Utility it gives up when the bluff is called (it lost its leverage).",
    )
    says: Annotated[str, Field(min_length=1, max_length=300)] | None = Field(
        default=None,
        description="The character's own words for the claim ({value}, {figure} and the "
        "other placeholders are filled); default: a line of its voice.",
    )
    proof: Annotated[str, Field(min_length=1, max_length=300)] | None = Field(
        default=None,
        description="What it shows when asked for proof of a true claim, e.g. 'a text from "
        "the other buyer' (default: a line of its voice).",
    )
    truth: ShortText | None = Field(
        default=None,
        description="What was really so when it bluffed, as the debrief tells it, e.g. "
        "'Nobody else was coming: the car had been for sale for two months.'",
    )


class Thresholds(Strict):
    """Numbers that steer the NPC's state machine."""

    explore_trust: float = Field(
        default=40, ge=0, le=100, description="Trust at which it starts to share interests."
    )
    hurt_trust: float = Field(
        default=20, ge=0, le=100, description="Trust below which it turns defensive."
    )
    walk_rapport: float = Field(
        default=-60, ge=-100, le=100, description="Rapport below which it walks away."
    )
    close_margin: float = Field(
        default=0.05,
        ge=0,
        le=1,
        description="How close to its aspiration an offer must be for it to start closing.",
    )
    late_time: float = Field(
        default=0.7,
        ge=0.1,
        le=1,
        description="Share of the deadline after which it starts conceding in earnest.",
    )
    lowball_margin: float = Field(
        default=0.15,
        ge=0,
        le=1,
        description="How far below its reservation value an offer must be to insult it.",
    )


class Favours(Strict):
    """How an NPC trades favours: whether it grants them, how big, and when it wants one back."""

    grants: bool = Field(
        default=True,
        description="Whether it gives ground on an issue when the player asks a favour.",
    )
    trust: float = Field(
        default=40, ge=0, le=100, description="Trust it needs before it grants a favour."
    )
    most: float = Field(
        default=0.05,
        ge=0,
        le=0.3,
        description="The most of its own utility it gives up for one favour (0..1).",
    )
    due: Literal["meeting", "next_meeting"] = Field(
        default="meeting",
        description="When a favour it did must be returned: by the end of this meeting, or "
        "by the end of the next one (characters the player meets again). Not returned by "
        "then, it turns into resentment.",
    )
    states_preferences: bool = Field(
        default=True,
        description="Whether it volunteers which of two issues matters more to it (truthfully).",
    )
    asks_issues: bool = Field(
        default=True,
        description="Whether it asks the player about an issue its model of them is unsure of.",
    )


class NpcSpec(Strict):
    """An NPC as the level describes it (preferences are given beside it in the level)."""

    strategy: StrategyConfig = Field(description="How it bargains, chosen by name.")
    personality: Personality = Field(default_factory=Personality, description="Its traits.")
    trust: float = Field(default=50, ge=0, le=100, description="Starting trust in the player.")
    rapport: float = Field(default=0, ge=-100, le=100, description="Starting rapport.")
    grievances: list[Grievance] = Field(
        default_factory=list, max_length=10, description="Grievances it brings to the table."
    )
    dialogue: dict[
        Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")],
        Annotated[list[Line], Field(min_length=1, max_length=20)],
    ] = Field(
        default_factory=dict,
        max_length=60,
        description="Lines that replace the archetype's defaults, keyed by state or event name.",
    )
    lines: dict[
        Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")],
        Annotated[list[Line], Field(min_length=1, max_length=40)],
    ] = Field(
        default_factory=dict,
        max_length=60,
        description="The character's own lines, added to the archetype's defaults and keyed by "
        "state or event name; at equal specificity they win over the defaults.",
    )
    voice: Literal["market", "casual", "business", "service", "diplomatic"] = Field(
        default="business",
        description="How the character speaks: market (a stall holder), casual (friends, "
        "family, a teenager), business (an office), service (a help desk), diplomatic (a "
        "conference table). Default lines are written for each.",
    )
    interests: list[Interest] = Field(
        default_factory=list,
        max_length=6,
        description="The interests behind its positions: asking why an issue they explain "
        "matters, with enough trust, finds them.",
    )
    misrepresentations: list[Misrepresentation] = Field(
        default_factory=list,
        max_length=4,
        description="Claims it may make that are not always true (a better alternative, a "
        "'final' offer, an exaggerated priority), with when it makes them; see docs/npc.md.",
    )
    thresholds: Thresholds = Field(default_factory=Thresholds, description="State machine numbers.")
    favours: Favours = Field(
        default_factory=Favours,
        description="Favours and preference talk: granting, asking back, resentment, statements.",
    )
