"""The objectives that decide a level's stars, and the rounded numbers they are judged on.

One list decides and shows.  A star needs every objective marked for it or a lower star,
nothing else: the level's score thresholds (``scoring.stars``) that no objective already
implies become objectives of their own ("Reach a deal worth at least 0.48 to you"), so the
briefing and the debrief list every gate, and "Met" on every objective means every star.

Numbers are judged as the player reads them: utilities at the precision they are shown
(two decimals, three when the threshold has three), trust as the whole numbers on the
meters (55 -> 70 is +15 even when the stored change is 14.9), accuracy as a percentage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.i18n import SOURCE_LANGUAGE, ngettext, number, said, said_join, said_number, shown

if TYPE_CHECKING:
    from game.levels.loader import LoadedLevel

SCORE_KIND = "score_at_least"
"""The kind of an objective made from a score threshold: the level's measure at least ``value``."""

_EPSILON = 1e-9


@dataclass(frozen=True)
class StarObjective:
    """One objective as the player sees it and the scoring checks it."""

    id: str
    text: str
    kind: str
    value: float | None
    stars: int
    from_threshold: bool = False
    """True when made from a score threshold no objective of the level implied."""


# --------------------------------------------------------------------------- shown numbers
def utility_decimals(threshold: float) -> int:
    """Return the decimals a utility is shown with next to ``threshold`` (2, or 3 for 0.615)."""
    return 2 if abs(round(threshold, 2) - threshold) < _EPSILON else 3


def shown_utility(value: float, threshold: float) -> float:
    """Return a utility rounded as the player reads it next to ``threshold``."""
    return round(float(value), utility_decimals(threshold))


def format_utility(value: float, threshold: float) -> str:
    """Return a utility as text at the precision ``threshold`` needs."""
    return number(float(value), utility_decimals(threshold))


def meets(value: float, threshold: float) -> bool:
    """Return whether a utility, as shown, reaches ``threshold`` (0.4751 shown 0.48 meets 0.48)."""
    return shown_utility(value, threshold) >= threshold - _EPSILON


def shown_trust(value: float) -> int:
    """Return trust as the meters show it (a whole number)."""
    return int(round(float(value)))


def shown_trust_gain(final: float, change: float) -> int:
    """Return a trust change as the meters show it: shown end minus shown start."""
    return shown_trust(final) - shown_trust(float(final) - float(change))


def shown_percent(fraction: float) -> int:
    """Return a fraction as the whole percentage the game prints (0.695 -> 70)."""
    return int(round(100 * float(fraction)))


# --------------------------------------------------------------------------- the list
def star_objectives(level: LoadedLevel, language: str = "en") -> tuple[StarObjective, ...]:
    """Return every objective that decides a star: the level's own, then the thresholds'.

    The level's own are worded in ``language`` where it translates them, and so are the
    thresholds' (records keep the default, English: a threshold's text is then a
    :class:`~game.i18n.Said`, shown in the player's language with ``game.i18n.shown``)."""
    from game.levels.text import level_text  # here: the campaign loads without the levels

    model = level.model
    texts = {o.id: o.text for o in level_text(model, language).objectives}
    objectives = [
        StarObjective(o.id, texts.get(o.id, o.text), o.kind, o.value, o.stars)
        for o in model.objectives
    ]
    measure = model.scoring.measure
    reservation = float(level.negotiation.player.preferences.reservation)
    derived: list[StarObjective] = []
    for star, threshold in enumerate(model.scoring.stars, start=1):
        threshold = float(threshold)
        if _implied(measure, threshold, star, reservation, [*objectives, *derived]):
            continue
        text = _threshold_text(level, measure, threshold, reservation)
        derived.append(
            StarObjective(
                f"score-{star}",
                text if language == SOURCE_LANGUAGE else shown(text),
                SCORE_KIND,
                threshold,
                star,
                True,
            )
        )
    return tuple(sorted([*objectives, *derived], key=lambda o: o.stars))


_MEASURE_KINDS = {
    "player_utility": "player_utility_at_least",
    "joint_utility": "joint_utility_at_least",
    "min_satisfaction": "min_satisfaction_at_least",
}


def _implied(
    measure: str, threshold: float, star: int, reservation: float, objectives: list
) -> bool:
    """Return whether meeting the objectives up to ``star`` already puts the measure at the threshold."""
    if threshold <= _EPSILON:
        return True  # every measure is at least 0
    for objective in objectives:
        if objective.stars > star:
            continue
        if objective.kind == SCORE_KIND and objective.value >= threshold - _EPSILON:
            return True
        if (
            objective.kind == _MEASURE_KINDS.get(measure)
            and objective.value is not None
            and objective.value >= threshold - _EPSILON
        ):
            return True
        if (
            measure == "player_utility"
            and objective.kind in ("no_bad_deal", "beats_batna")
            and threshold <= reservation + _EPSILON
        ):
            return True
    return False


def _threshold_text(level: LoadedLevel, measure: str, threshold: float, reservation: float) -> str:
    value = said_number(threshold, utility_decimals(threshold))
    others = [p.name for p in level.negotiation.parties if not p.is_player]
    if measure == "player_utility":
        if threshold > reservation + _EPSILON:
            return said("Reach a deal worth at least {value} to you.", value=value)
        return said("Do no worse than your BATNA ({value}).", value=value)
    if measure == "joint_utility":
        if len(others) == 1:
            return said(
                "Reach a deal worth at least {value} to you and {name} together.",
                value=value,
                name=others[0],
            )
        return said("Reach a deal worth at least {value} to all of you together.", value=value)
    if measure == "min_satisfaction":
        if len(others) == 1:
            return said("Leave both of you at least {value} satisfied.", value=value)
        return said("Leave every side at least {value} satisfied.", value=value)
    return said(
        "Reach a deal whose Nash product (every side's gain over its BATNA, multiplied) "
        "is at least {value}.",
        value=value,
    )


# --------------------------------------------------------------------------- details
def trust_detail(
    level: LoadedLevel, trust_final: Mapping[str, float], trust_change: Mapping[str, float]
) -> str:
    """Return the trust meters' start and end as the player saw them, e.g. ``Nova 55 to 70
    (+15)`` (kept in English, a :class:`~game.i18n.Said`)."""
    names = {p.id: p.name for p in level.negotiation.parties}
    parts = []
    for npc_id, final in trust_final.items():
        change = float(trust_change.get(npc_id, 0.0))
        start, end = shown_trust(float(final) - change), shown_trust(final)
        gain = end - start
        parts.append(
            said(
                "{name} {start} to {end} ({change})",
                name=names.get(npc_id, npc_id),
                start=start,
                end=end,
                change=f"{gain:+d}",
            )
        )
    return said_join(", ", parts)


def describe_result(objective: Any, met: bool, detail: str = "") -> str:
    """Return one objective line of the debrief: ``Met (2 stars): text (you: 0.48)``, in the
    language in use (the text and detail may be kept English, :class:`~game.i18n.Said`)."""
    text = shown(objective.text).strip()
    detail = shown(detail)
    if detail:
        text = f"{text.rstrip('.')} ({detail})."
    if met:
        said = ngettext("Met ({n} star): {text}", "Met ({n} stars): {text}", objective.stars)
    else:
        said = ngettext(
            "Not met ({n} star): {text}", "Not met ({n} stars): {text}", objective.stars
        )
    return said.format(n=objective.stars, text=text)
