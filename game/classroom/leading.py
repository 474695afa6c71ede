"""The class chapter leads: which of a class's levels a student should play next.

Once a profile is in a class, "Continue" on the title screen and the campaign map's "Next
up" go to the class's levels, in the pack's order, before the campaign's: the class
levels share their ids (and titles) with campaign levels, and a play of the campaign's
copy is not a play of the class's scenario (another seed, no class hints or round limit).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.classroom.export import is_class_play
from game.classroom.install import InstalledClass, InstalledLevel, installed_classes

__all__ = ["ClassNext", "class_next"]


@dataclass(frozen=True)
class ClassNext:
    """The class level to play next: the class, the level and its best class stars so far."""

    installed: InstalledClass
    level: InstalledLevel
    stars: int | None
    """Best stars of the student's plays of it from the class (None: not played yet)."""

    @property
    def label(self) -> str:
        """Return how menus name it: ``The Blue Bowl (class)``."""
        return f"{self.level.title} (class)"


def class_next(
    data_dir: Path | str, profile: Mapping[str, Any] | None, history: Iterable[Mapping[str, Any]]
) -> ClassNext | None:
    """Return the class level a profile should play next, or None (no class, or all done).

    The first of the class's levels (in the pack's order) with no play from the class;
    else the first whose best class play is below three stars; else None, and the
    campaign leads again.
    """
    code = str((profile or {}).get("class_code") or "").upper()
    if not code:
        return None
    installed = next((c for c in installed_classes(data_dir) if c.code == code), None)
    if installed is None or not installed.levels:
        return None
    best: dict[str, int] = {}
    for record in history:
        if is_class_play(record, installed):
            stars = record.get("stars")
            stars = stars if isinstance(stars, int) and not isinstance(stars, bool) else 0
            level_id = str(record.get("level_id"))
            best[level_id] = max(best.get(level_id, 0), stars)
    for entry in installed.levels:
        if entry.id not in best:
            return ClassNext(installed, entry, None)
    for entry in installed.levels:
        if best[entry.id] < 3:
            return ClassNext(installed, entry, best[entry.id])
    return None
