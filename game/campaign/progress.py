"""Campaign progression: which levels are unlocked and which one to play next."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from game.i18n import tr


@dataclass(frozen=True)
class LevelStatus:
    """A level on the campaign map."""

    id: str
    chapter: int
    title: str
    unlocked: bool
    stars: int
    suggested: bool
    played: bool = False
    """True when the profile holds a result for this level (even one without stars)."""


def campaign_status(
    levels: Sequence[tuple[str, int, str]],
    best_stars: Mapping[str, int],
    played: Collection[str] = (),
) -> list[LevelStatus]:
    """Return each level's lock, stars and whether it is the suggested next one.

    ``levels`` are ``(id, chapter, title)`` in campaign order; ``best_stars`` maps a level
    to its best stars and ``played`` names other levels with a result (every key of
    ``best_stars`` is one too: a result without stars is stored as 0).  The first level is
    always open; every other level opens once the level before it has at least one star.
    A level with a result is always open, however it was reached (``play LEVEL`` opens
    any level).  The suggested level is the first open one without stars, else the first
    open one below three stars.
    """
    results = set(best_stars) | set(played)
    statuses = []
    previous_done = True
    for level_id, chapter, title in levels:
        stars = int(best_stars.get(level_id, 0))
        has_result = level_id in results
        statuses.append(
            LevelStatus(
                level_id, chapter, title, previous_done or has_result, stars, False, has_result
            )
        )
        previous_done = stars >= 1
    open_levels = [s for s in statuses if s.unlocked]
    target = next((s for s in open_levels if s.stars == 0), None) or next(
        (s for s in open_levels if s.stars < 3), None
    )
    if target is None:
        return statuses
    return [replace(s, suggested=s.id == target.id) for s in statuses]


def unlock_condition(previous_title: str | None) -> str:
    """Return what opens a locked level, as a sentence part without a capital or full stop.

    ``previous_title`` is the title of the level before it (None: "the level before").
    Every place that says why a level is locked uses these words.
    """
    if previous_title:
        return tr("earn a star on {level} first").format(level=previous_title)
    return tr("earn a star on the level before first")


def unlocked_ids(
    levels: Sequence[tuple[str, int, str]], best_stars: Mapping[str, int]
) -> list[str]:
    """Return the ids of the levels open to play."""
    return [s.id for s in campaign_status(levels, best_stars) if s.unlocked]
