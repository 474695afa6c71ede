"""Where a deal sits among the player's earlier deals on the same level (pure).

The store keeps every finished negotiation; the debrief passes this level's earlier
records and gets one sentence back, e.g. "Your 3rd time at this table: this deal (0.58
to you) ranks 2nd of 3. Your best: 0.71, 2 stars."  Only records of the same level
version are compared (a changed level changes what a deal is worth).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from game.engine import PLAYER

__all__ = ["earlier_deals", "standing_text", "ordinal"]


def ordinal(number: int) -> str:
    """Return 1st, 2nd, 3rd, 4th, 11th, 21st ..."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    if a.get("id") and b.get("id"):
        return a.get("id") == b.get("id")
    return (a.get("finished_at"), a.get("seed")) == (b.get("finished_at"), b.get("seed"))


def earlier_deals(
    record: Mapping[str, Any], history: Iterable[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """Return the other finished records of the same level and version as ``record``."""
    return [
        other
        for other in history
        if isinstance(other, Mapping)
        and other.get("level_id") == record.get("level_id")
        and other.get("level_version") == record.get("level_version")
        and not _same(other, record)
        and isinstance((other.get("utilities") or {}).get(PLAYER), int | float)
    ]


def _worth(record: Mapping[str, Any]) -> float:
    return float((record.get("utilities") or {}).get(PLAYER, 0.0))


def standing_text(record: Mapping[str, Any], earlier: list[Mapping[str, Any]]) -> str:
    """Return the sentence on where this deal sits among the earlier ones."""
    mine = _worth(record)
    if not earlier:
        return (
            f"Your first time at this table: this result ({mine:.2f} to you) is the one to "
            "beat next time."
        )
    everyone = [*earlier, record]
    rank = 1 + sum(1 for other in earlier if _worth(other) > mine + 1e-9)
    best = max(earlier, key=_worth)
    deals = sum(1 for other in earlier if other.get("agreement"))
    text = (
        f"Your {ordinal(len(everyone))} time at this table: this result ({mine:.2f} to you) "
        f"ranks {ordinal(rank)} of {len(everyone)}."
    )
    if _worth(best) > mine + 1e-9:
        stars = best.get("stars")
        extra = f", {stars} star{'s' if stars != 1 else ''}" if isinstance(stars, int) else ""
        text += f" Your best before: {_worth(best):.2f}{extra}."
    else:
        text += f" Your best yet (before: {_worth(best):.2f} at most)."
    text += f" Earlier plays: {deals} deal{'s' if deals != 1 else ''} in {len(earlier)}."
    return text
