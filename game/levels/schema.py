"""The level format: pydantic models for a level file (shape only, no I/O).

Every model forbids unknown keys, bounds every number and length, and describes every
field; ``LevelModel.model_json_schema()`` is exported to ``levels/level.schema.json`` so
editors can check files as they are written.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from game.i18n import N_
from game.levels.schema_text import LanguageCode, LevelTranslation
from game.npc.rules import LevelKind
from game.npc.spec import Grievance, Id, LongText, NpcSpec, ShortText, Strict

SCHEMA_VERSION = 1
RESERVED_IDS = ("player", "mediator")

#: Issues in a level.
MAX_ISSUES = 12
#: Options of one options issue.
MAX_OPTIONS = 50
#: NPCs in a level (the player makes one more party).
MAX_NPCS = 6
#: Packages (every issue's number of values multiplied) a level of two parties may have.
#: The analysis holds every package's utility for every party and finds the frontier by
#: sorting: a million takes about a second and 150 MB.
MAX_PACKAGES_TWO_PARTIES = 1_000_000
#: Packages a level of three or more parties may have: with three or more utilities nearly
#: every package can be on the frontier, and each is compared with the frontier found so
#: far, so the work grows with the square of the packages (5,000 with seven parties: about
#: a second).
MAX_PACKAGES_MORE_PARTIES = 5_000


def max_packages(parties: int) -> int:
    """Return how many packages a level negotiated by ``parties`` parties may have."""
    return MAX_PACKAGES_TWO_PARTIES if parties <= 2 else MAX_PACKAGES_MORE_PARTIES


Label = Annotated[str, Field(min_length=1, max_length=60, description="An option's label.")]
Weight = Annotated[float, Field(ge=0, le=1000, description="Relative importance (any scale).")]
Probability = Annotated[float, Field(ge=0, le=1)]


class NumericIssueModel(Strict):
    """A number chosen from a range in steps: price $50-$150 step 5."""

    type: Literal["numeric"] = Field(description="A numeric range.")
    id: Id
    name: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        description="Shown to players."
    )
    low: float = Field(ge=-1e9, le=1e9, description="Smallest value.")
    high: float = Field(ge=-1e9, le=1e9, description="Largest value.")
    step: float = Field(gt=0, le=1e9, description="Distance between neighbouring values.")
    unit: Annotated[str, Field(max_length=12)] = Field(default="", description="e.g. $, days, %.")
    unit_position: Literal["before", "after"] = Field(
        default="after", description="Write the unit before ($120) or after (30 days) the number."
    )
    description: Annotated[str, Field(max_length=300)] = Field(
        default="", description="What the issue means, for the briefing."
    )

    @model_validator(mode="after")
    def _range(self) -> NumericIssueModel:
        if self.high < self.low:
            raise ValueError(N_("high must not be below low"))
        return self


class OptionsIssueModel(Strict):
    """An issue with named options: warranty none / 1 year / 2 years."""

    type: Literal["options"] = Field(description="A choice among named options.")
    id: Id
    name: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        description="Shown to players."
    )
    options: list[Label] = Field(
        min_length=1, max_length=MAX_OPTIONS, description="The possible values."
    )
    description: Annotated[str, Field(max_length=300)] = Field(
        default="", description="What the issue means, for the briefing."
    )

    @model_validator(mode="after")
    def _unique(self) -> OptionsIssueModel:
        if len(set(self.options)) != len(self.options):
            raise ValueError(N_("options must be unique"))
        return self


IssueModel = Annotated[NumericIssueModel | OptionsIssueModel, Field(discriminator="type")]


class LinearModel(Strict):
    """Value rises (up) or falls (down) evenly across a numeric range."""

    kind: Literal["linear"] = Field(description="A straight line across the range.")
    direction: Literal["up", "down"] = Field(default="up", description="up: more is better.")


class PeakModel(Strict):
    """Value is best at one number and falls off linearly on both sides."""

    kind: Literal["peak"] = Field(description="Best at the peak.")
    peak: float = Field(ge=-1e9, le=1e9, description="The ideal value.")
    floor: float = Field(default=0, ge=0, le=1, description="Value at the ends of the range.")


class TableModel(Strict):
    """Value through given points, linear in between."""

    kind: Literal["table"] = Field(description="Points (value, score), interpolated.")
    points: list[tuple[float, Annotated[float, Field(ge=0, le=1000)]]] = Field(
        min_length=1, max_length=50, description="[value, score] pairs."
    )


class OptionScoresModel(Strict):
    """A score for each option of an options issue (any scale; the best becomes 1)."""

    kind: Literal["options"] = Field(description="Scores per option.")
    scores: dict[Label, Annotated[float, Field(ge=0, le=1000)]] = Field(
        min_length=1, max_length=50, description="Option label -> score; missing options score 0."
    )


ValueModel = Annotated[
    LinearModel | PeakModel | TableModel | OptionScoresModel, Field(discriminator="kind")
]


class PreferencesModel(Strict):
    """A party's interests: how much each issue matters and which values it likes."""

    weights: dict[Id, Weight] = Field(
        min_length=1, max_length=12, description="Issue id -> importance; normalised to sum 1."
    )
    values: dict[Id, ValueModel] = Field(
        default_factory=dict,
        max_length=12,
        description="Issue id -> value function; numeric issues default to linear up.",
    )
    reservation: float = Field(
        default=0, ge=0, le=1, description="Utility of the best alternative (BATNA), 0..1."
    )
    discount: float = Field(
        default=1, gt=0, le=1, description="Per-deadline discount: utility x discount^(time used)."
    )


class PlayerModel(Strict):
    """The player's side."""

    role: ShortText = Field(description="Who the player is in this story, e.g. 'the buyer'.")
    name: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        default="You", description="How the player is named in dialogue."
    )
    preferences: PreferencesModel = Field(description="The player's interests.")
    batna: ShortText = Field(description="The player's best alternative, in words.")
    knows: list[ShortText] = Field(
        default_factory=list,
        max_length=8,
        description="What the player knows about the other side.",
    )
    grievances: list[Grievance] = Field(
        default_factory=list,
        max_length=6,
        description="The player's own grievance cards: raising one tempts, letting go opens options.",
    )


class NpcModel(NpcSpec):
    """A character at the table."""

    id: Id
    name: Annotated[str, Field(min_length=1, max_length=40)] = Field(description="Its name.")
    role: ShortText = Field(description="Who it is in the story, e.g. 'stall owner'.")
    portrait: Id = Field(
        description="Portrait set: the level's own portraits/<name>/ beside the level file, "
        "or a folder of the game's assets/portraits/ (validate lists them)."
    )
    bio: Annotated[str, Field(max_length=600)] = Field(
        default="", description="A few words shown in the briefing."
    )
    preferences: PreferencesModel | None = Field(
        default=None, description="Its interests; omitted only for a mediator, who has none."
    )


class EventModel(Strict):
    """Something uncertain that a contingent clause can depend on."""

    id: Id
    description: ShortText = Field(description="The event, e.g. 'sales pass 50,000 copies'.")
    beliefs: dict[Id, Probability] = Field(
        min_length=1, max_length=8, description="Party id -> that party's probability for it."
    )
    issues: list[Id] = Field(
        min_length=1, max_length=4, description="Issues a clause on this event may decide."
    )


class EvidenceModel(Strict):
    """An objective benchmark a party can cite: market data, precedent, an expert opinion."""

    id: Id
    title: Annotated[str, Field(min_length=1, max_length=60)] = Field(description="Card title.")
    text: ShortText = Field(description="What the card says.")
    holder: Id = Field(default="player", description="Who holds the card: 'player' or an NPC id.")
    issue: Id | None = Field(default=None, description="The issue the benchmark speaks to.")
    benchmark: float | str | None = Field(
        default=None, description="The value the benchmark supports on that issue."
    )


class MediatorRules(Strict):
    """Whether a mediator can be called in."""

    allowed: bool = Field(default=False, description="Whether the player may ask for a mediator.")
    after_round: int = Field(
        default=0,
        ge=0,
        le=200,
        description=(
            "How many rounds must be over before the mediator can be asked: 0 from the first"
            " round, 2 from round 3."
        ),
    )


class HintsModel(Strict):
    """What the briefing and table reveal."""

    agreement_zone: bool = Field(default=False, description="Show the agreement zone.")
    other_priorities: bool = Field(default=False, description="Show the other side's priorities.")
    offer_value: bool = Field(
        default=True, description="Show what an offer is worth to the player."
    )


class RulesModel(Strict):
    """How the talks run."""

    deadline_rounds: int = Field(
        default=10, ge=1, le=200, description="Rounds before time runs out."
    )
    protocol: Literal["alternating", "unanimity", "majority"] = Field(
        default="alternating", description="How agreement is reached."
    )
    quorum: int | None = Field(
        default=None, ge=1, le=8, description="For majority: how many parties must support."
    )
    first_mover: Id = Field(default="player", description="Who makes the first offer.")
    talk_limit: int = Field(default=3, ge=0, le=10, description="Talk moves per party per round.")
    mediator: MediatorRules = Field(default_factory=MediatorRules, description="Mediator access.")
    hints: HintsModel = Field(default_factory=HintsModel, description="What is revealed.")


ObjectiveKind = Literal[
    "agreement",
    "no_bad_deal",
    "beats_batna",
    "on_frontier",
    "player_utility_at_least",
    "joint_utility_at_least",
    "min_satisfaction_at_least",
    "trust_at_least",
    "trust_gain_at_least",
    "trust_earned_at_least",
    "credible_anchor",
    "own_package_supported",
    "grievances_resolved",
    "let_go",
    "used_contingent_clause",
    "used_evidence",
    "restated_interests",
    "within_rounds",
    "favours_kept",
    "claims_tested",
    "interests_found",
]


class ObjectiveModel(Strict):
    """A goal shown in the briefing and checked in the debrief."""

    id: Id
    text: ShortText = Field(description="The objective as the player reads it.")
    kind: ObjectiveKind = Field(description="What is checked.")
    value: float | None = Field(
        default=None, ge=-100, le=200, description="The threshold for *_at_least and within_rounds."
    )
    stars: int = Field(
        default=1, ge=1, le=3, description="The star this objective is needed for (1, 2 or 3)."
    )


class ScoringModel(Strict):
    """How the result is scored: a measure and the thresholds for one, two and three stars."""

    measure: Literal["player_utility", "joint_utility", "min_satisfaction", "nash_product"] = Field(
        default="player_utility",
        description="player_utility: your payoff (your BATNA without a deal); joint_utility: the "
        "sum of everyone's; min_satisfaction: the lower of the satisfactions; nash_product: the "
        "product of gains over BATNAs.",
    )
    stars: tuple[
        Annotated[float, Field(ge=0, le=8)],
        Annotated[float, Field(ge=0, le=8)],
        Annotated[float, Field(ge=0, le=8)],
    ] = Field(description="Measure needed for 1, 2 and 3 stars, ascending.")

    @model_validator(mode="after")
    def _ascending(self) -> ScoringModel:
        if not self.stars[0] <= self.stars[1] <= self.stars[2]:
            raise ValueError(N_("star thresholds must not decrease"))
        return self


class RolePlayModel(Strict):
    """The second person's brief when two people play the level (a role-play).

    Each field is optional: what is left out is written from the character's own fields
    (its role, bio, interests and the evidence it holds).
    """

    briefing: Annotated[str, Field(min_length=1, max_length=1500)] | None = Field(
        default=None,
        description="The story as the other side sees it (in place of the character's bio).",
    )
    batna: ShortText | None = Field(
        default=None, description="The other side's best alternative, in words."
    )
    knows: list[ShortText] = Field(
        default_factory=list,
        max_length=8,
        description="What the other side knows about the player's side.",
    )


class LevelModel(Strict):
    """A Common Ground level."""

    schema_ref: Annotated[str, Field(max_length=300)] | None = Field(
        default=None, alias="$schema", description="Path or URL of level.schema.json for editors."
    )
    schema_version: Literal[1] = Field(description="Version of this format (1).")
    id: Id
    version: int = Field(default=1, ge=1, le=10_000, description="Bump when the level changes.")
    title: Annotated[str, Field(min_length=1, max_length=80)] = Field(description="Level title.")
    chapter: int = Field(ge=1, le=99, description="Chapter number in the campaign.")
    order: int = Field(default=1, ge=1, le=99, description="Position inside the chapter.")
    kind: LevelKind = Field(description="What sort of negotiation this is.")
    summary: ShortText = Field(description="One sentence for the campaign map.")
    briefing: Annotated[str, Field(min_length=1, max_length=1500)] = Field(
        description="The story and the player's situation (readable in under a minute)."
    )
    teaching_points: list[ShortText] = Field(
        min_length=1, max_length=6, description="The lessons, shown in the debrief."
    )
    debrief_notes: LongText = Field(description="What the debrief says about the lesson.")
    issues: list[IssueModel] = Field(
        min_length=1, max_length=MAX_ISSUES, description="What is decided."
    )
    player: PlayerModel = Field(description="The player's side.")
    npcs: list[NpcModel] = Field(
        min_length=1, max_length=MAX_NPCS, description="The other characters."
    )
    events: list[EventModel] = Field(
        default_factory=list, max_length=4, description="Uncertain events for contingent clauses."
    )
    evidence: list[EvidenceModel] = Field(
        default_factory=list, max_length=12, description="Benchmark cards."
    )
    rules: RulesModel = Field(default_factory=RulesModel, description="How the talks run.")
    objectives: list[ObjectiveModel] = Field(
        default_factory=list, max_length=8, description="Goals checked in the debrief."
    )
    scoring: ScoringModel = Field(description="Measure and star thresholds.")
    assets: dict[Id, Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=dict,
        max_length=20,
        description="Extra files (e.g. background) by name, as paths relative to the level file.",
    )
    role_play: RolePlayModel | None = Field(
        default=None,
        description="Text for the second person's brief when two people play this level.",
    )
    translations: dict[LanguageCode, LevelTranslation] = Field(
        default_factory=dict,
        max_length=20,
        description="The level's text in other languages, by language code ('es'); English "
        "(the fields above) is the source, and any text a language leaves out is shown in "
        "English. See docs/level-authoring.md.",
    )


def json_schema() -> dict:
    """Return the JSON Schema of the level format."""
    schema = LevelModel.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://common-ground.invalid/level.schema.json"
    return schema
