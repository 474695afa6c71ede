"""Campaign progression: which levels are unlocked and which one to play next."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LevelStatus:
    """A level on the campaign map."""

    id: str
    chapter: int
    title: str
    unlocked: bool
    stars: int
    suggested: bool


def campaign_status(
    levels: Sequence[tuple[str, int, str]], best_stars: Mapping[str, int]
) -> list[LevelStatus]:
    """Return each level's lock, stars and whether it is the suggested next one.

    ``levels`` are ``(id, chapter, title)`` in campaign order.  The first level is always
    open; every other level opens once the level before it has at least one star.  The
    suggested level is the first open one without stars, else the first open one below
    three stars.
    """
    statuses = []
    previous_done = True
    for level_id, chapter, title in levels:
        stars = int(best_stars.get(level_id, 0))
        statuses.append(LevelStatus(level_id, chapter, title, previous_done, stars, False))
        previous_done = stars >= 1
    open_levels = [s for s in statuses if s.unlocked]
    target = next((s for s in open_levels if s.stars == 0), None) or next(
        (s for s in open_levels if s.stars < 3), None
    )
    if target is None:
        return statuses
    return [
        LevelStatus(s.id, s.chapter, s.title, s.unlocked, s.stars, s.id == target.id)
        for s in statuses
    ]


def unlocked_ids(levels: Sequence[tuple[str, int, str]], best_stars: Mapping[str, int]) -> list[str]:
    """Return the ids of the levels open to play."""
    return [s.id for s in campaign_status(levels, best_stars) if s.unlocked]
