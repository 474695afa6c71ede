"""Where a deal sits among the player's earlier deals on the same level (pure).

The store keeps every finished negotiation; the debrief passes this level's earlier
records and gets one sentence back, e.g. "Your 3rd time at this table: this deal (0.58
to you) ranks 2nd of 3. Your best: 0.71, 2 stars."  Only records of the same level
version are compared (a changed level changes what a deal is worth).

In a class, :func:`class_standing` ranks the deal among the class's negotiations on the
level (handed back by the teacher in a pack), once per role: what the deal was worth to
the student's side against what the class's deals were worth to it, and the same for each
other side, as a role-play is debriefed.  The student's own handed-in negotiations are
left out and this deal takes their place, so the student counts once.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game.engine import PLAYER
from game.i18n import N_, ngettext, number, pgettext, tr

__all__ = [
    "earlier_deals",
    "standing_text",
    "ordinal",
    "RoleStanding",
    "ClassStanding",
    "class_standing",
    "class_standing_text",
    "role_labels",
]


_ORDINALS = {"st": N_("{n}st"), "nd": N_("{n}nd"), "rd": N_("{n}rd"), "th": N_("{n}th")}


def ordinal(count: int, *, time: bool = False) -> str:
    """Return 1st, 2nd, 3rd, 4th, 11th, 21st ... in the language in use (``time``: the
    ordinal of a "time", which some languages write in another gender: 3.ª vez)."""
    if 10 <= count % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(count % 10, "th")
    if time:
        words = {
            "st": pgettext("a time", "{n}st"),
            "nd": pgettext("a time", "{n}nd"),
            "rd": pgettext("a time", "{n}rd"),
            "th": pgettext("a time", "{n}th"),
        }[suffix]
    else:
        words = tr(_ORDINALS[suffix])
    return words.format(n=count)


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
    """Return the sentence on where this deal sits among the earlier ones (in the language
    in use)."""
    mine = _worth(record)
    if not earlier:
        return tr(
            "Your first time at this table: this result ({value} to you) is the one to beat "
            "next time."
        ).format(value=number(mine, 2))
    everyone = [*earlier, record]
    rank = 1 + sum(1 for other in earlier if _worth(other) > mine + 1e-9)
    best = max(earlier, key=_worth)
    deals = sum(1 for other in earlier if other.get("agreement"))
    text = tr(
        "Your {nth} time at this table: this result ({value} to you) ranks {rank} of {total}."
    ).format(
        nth=ordinal(len(everyone), time=True),
        value=number(mine, 2),
        rank=ordinal(rank),
        total=len(everyone),
    )
    if _worth(best) > mine + 1e-9:
        stars = best.get("stars")
        extra = ""
        if isinstance(stars, int):
            extra = ngettext(", {n} star", ", {n} stars", stars).format(n=stars)
        text += " " + tr("Your best before: {value}{stars}.").format(
            value=number(_worth(best), 2), stars=extra
        )
    else:
        text += " " + tr("Your best yet (before: {value} at most).").format(
            value=number(_worth(best), 2)
        )
    text += " " + ngettext(
        "Earlier plays: {n} deal in {total}.", "Earlier plays: {n} deals in {total}.", deals
    ).format(n=deals, total=len(earlier))
    return text


# --------------------------------------------------------------------------- the class
TIE = 5e-3
"""Worths closer than this share a rank (the debrief shows two decimals), as in the report."""


@dataclass(frozen=True)
class RoleStanding:
    """Where a deal sits in the class for one role: ``rank`` of ``total``, ties sharing."""

    party: str
    label: str
    worth: float
    rank: int
    total: int
    median: float


@dataclass(frozen=True)
class ClassStanding:
    """Where a deal sits among the class's deals, role by role (the student's role first)."""

    class_name: str
    others: int
    """How many of the class's negotiations it was compared with."""
    own_left_out: int
    """How many of the student's own handed-in negotiations were left out (counted as this one)."""
    this_handed_in: bool
    """Whether this very negotiation is among those the student handed in."""
    roles: tuple[RoleStanding, ...]


def _agreed(deal: Any) -> bool:
    if isinstance(deal, Mapping):
        status = deal.get("status")
        if isinstance(status, str):
            return status == "agreed"
        return bool(deal.get("agreement"))
    return bool(getattr(deal, "agreement", False))


def _utilities(deal: Any) -> Mapping[str, Any]:
    found = deal.get("utilities") if isinstance(deal, Mapping) else getattr(deal, "utilities", None)
    return found if isinstance(found, Mapping) else {}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def class_standing(
    record: Mapping[str, Any],
    class_deals: Iterable[Any],
    roles: Mapping[str, str],
    *,
    class_name: str = "the class",
    own_records: Iterable[str] = (),
) -> ClassStanding | None:
    """Return where ``record`` sits among the class's deals on its level, per role; None if none.

    ``class_deals`` are the class's negotiations on the same level and version (mappings or
    objects with ``agreement``, ``utilities`` and ``record``); ``roles`` maps each party
    (``"player"`` first) to how the text names its side.  Deals whose ``record`` is one of
    ``own_records`` (the student's history ids) or this record's id are left out: the
    student counts once, with this deal.  Negotiations without a deal rank after every
    deal, at the role's BATNA; worths within :data:`TIE` share a rank.
    """
    own = {str(r) for r in own_records if r}
    this_id = record.get("id")
    if this_id:
        own.add(str(this_id))
    others = []
    left_out = 0
    this_handed_in = False
    for deal in class_deals:
        handle = deal.get("record") if isinstance(deal, Mapping) else getattr(deal, "record", None)
        if handle and str(handle) in own:
            left_out += 1
            this_handed_in = this_handed_in or (bool(this_id) and str(handle) == str(this_id))
            continue
        others.append(deal)
    if not others:
        return None
    mine_agreed = _agreed(record)
    mine_utilities = _utilities(record)
    standings = []
    for party, label in roles.items():
        worth = _number(mine_utilities.get(party))
        if worth is None:
            continue
        scored = [
            (_agreed(deal), value)
            for deal in others
            if (value := _number(_utilities(deal).get(party))) is not None
        ]
        if not scored:
            continue
        better = sum(
            1
            for agreed, value in scored
            if (agreed and not mine_agreed) or (agreed == mine_agreed and value > worth + TIE)
        )
        median = statistics.median([value for _, value in scored] + [worth])
        standings.append(
            RoleStanding(party, label, worth, 1 + better, len(scored) + 1, float(median))
        )
    if not standings:
        return None
    return ClassStanding(class_name, len(others), left_out, this_handed_in, tuple(standings))


def class_standing_text(standing: ClassStanding) -> str:
    """Return the class line, e.g. "Negotiation 101: this result (0.58 to you) ranks 3rd of 14
    in the class for your side (a buyer); the class's median deal was worth 0.52 to that side.
    For Rosa's side (a seller) it ranks 9th of 14 (median 0.47)." """
    first, *rest = standing.roles
    text = tr(
        "{class_name}: this result ({value} to you) ranks {rank} of {total} in the class for "
        "{side}; the class's median deal was worth {median} to that side."
    ).format(
        class_name=standing.class_name,
        value=number(first.worth, 2),
        rank=ordinal(first.rank),
        total=first.total,
        side=first.label,
        median=number(first.median, 2),
    )
    for role in rest:
        text += " " + tr("For {side} it ranks {rank} of {total} (median {median}).").format(
            side=role.label,
            rank=ordinal(role.rank),
            total=role.total,
            median=number(role.median, 2),
        )
    if standing.this_handed_in:
        text += " " + tr("This negotiation is one you handed in: it is counted once.")
    elif standing.own_left_out:
        count = standing.own_left_out
        text += " " + ngettext(
            "Your {n} handed-in negotiation is left out: you count once, with this one.",
            "Your {n} handed-in negotiations are left out: you count once, with this one.",
            count,
        ).format(n=count)
    return text


def role_labels(player_role: str, others: Sequence[tuple[str, str, str]]) -> dict[str, str]:
    """Return the sides as the class line names them: ``{"player": "your side (a buyer)", ...}``.

    ``others`` are ``(party id, name, role)`` of the other sides.
    """
    if player_role:
        labels = {"player": tr("your side ({role})").format(role=player_role)}
    else:
        labels = {"player": tr("your side")}
    for party, name, role in others:
        if role:
            labels[party] = tr("{name}'s side ({role})").format(name=name, role=role)
        else:
            labels[party] = tr("{name}'s side").format(name=name)
    return labels
