"""Which scripted player plays each campaign level's lesson.

The table is shared by the game (the debrief replays the rest of a negotiation as the
lesson player would have played it: ``game.campaign.lesson_replay``) and by the tests
that prove every lesson by simulation (``tests/campaign/test_lessons.py``).  The names
are those of ``game.npc.bots.BOTS``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LESSON_BOTS", "DEFAULT_LESSON_BOT", "lesson_bot"]

LESSON_BOTS: dict[str, str] = {
    "market-stall": "teacher",
    "used-car": "teacher",
    "print-run": "teacher",
    "tablet-deal": "teacher",
    "job-offer": "teacher",
    "hotel-bread": "teacher",
    "cargo-bikes": "reconciler",
    "book-deal": "reconciler",
    "cafe-fitout": "reconciler",
    "app-earnout": "reconciler",
    "chore-chart": "teacher",
    "bike-sale": "teacher",
    "freelance-quote": "teacher",
    "tariff-talks": "teacher",
    "climate-accord": "teacher",
    "two-forks": "teacher",
    "season-autumn": "teacher",
    "season-winter": "teacher",
}
"""Level id -> the bot that reaches three stars in a single meeting (spring needs the season)."""

DEFAULT_LESSON_BOT = "teacher"
"""The lesson player of a level not in the table (a class's or a designer's level)."""

_BY_KIND = {"grievance": "reconciler", "multiparty": "integrator", "series": "reconciler"}


def lesson_bot(level_id: str, kind: Any = None) -> str:
    """Return the name of the bot that plays a level's lesson (by id, else by level kind)."""
    if level_id in LESSON_BOTS:
        return LESSON_BOTS[level_id]
    return _BY_KIND.get(str(kind), DEFAULT_LESSON_BOT)
