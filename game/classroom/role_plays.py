"""Role-plays in the class report: every pair's deal on the level's chart (side A's utility
across, side B's up, as the joint debrief draws it), the deals ranked per role, and the
pairs that left joint value on the table.

In an export each student of a pair has a row of their own (``pair``, ``side``, ``role``),
with ``utility_player`` their own side's utility and the other party's column the other
side's.  Both rows of one match carry the same pair id and finishing time; a pair whose
partner's export is missing is still shown, from the one row there is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from game.classroom.charts import (
    BLUE,
    GREEN,
    ORANGE,
    VERMILION,
    Deal,
    SpaceChart,
    esc,
    legend_html,
    legend_icon,
    tag,
    utility_space_svg,
)
from game.classroom.results import ResultRow
from game.i18n import ngettext, number, tr
from game.levels.loader import LoadedLevel
from game.roleplay.debrief import LEFT_VALUE_TOLERANCE

__all__ = [
    "PairDeal",
    "pair_deals",
    "pairs_chart",
    "pair_rankings",
    "role_play_html",
    "sides_utilities",
]

SIDES = ("A", "B")


@dataclass(frozen=True)
class PairDeal:
    """One role-play match: both students and what the outcome was worth to each side."""

    pair: str
    class_code: str
    students: dict[str, str]
    """Student id by side (``A``, ``B``); a side whose row is missing is absent."""
    roles: dict[str, str]
    agreement: bool
    deal: ResultRow
    """A row of the match (side A's when there is one), for the terms."""
    utility_a: float
    utility_b: float
    pareto_distance: float | None
    on_frontier: bool | None
    joint_utility: float | None

    @property
    def left_value(self) -> bool:
        """Return True when the outcome lies off the frontier by more than the joint
        debrief's tolerance: a package better for both was within reach."""
        return (
            not self.on_frontier
            and self.pareto_distance is not None
            and self.pareto_distance > LEFT_VALUE_TOLERANCE
        )

    def utility(self, side: str) -> float:
        """Return what the outcome was worth to ``side`` (``A`` or ``B``)."""
        return self.utility_a if side == "A" else self.utility_b

    def names(self) -> str:
        """Return the pair as people read it: ``pair-01: wolf-12 (A) & otter-03 (B)``."""
        missing = tr("not exported")
        people = " & ".join(f"{self.students.get(side, missing)} ({side})" for side in SIDES)
        return f"{self.pair}: {people}"


def sides_utilities(row: ResultRow) -> tuple[float, float] | None:
    """Return (side A's, side B's) utility from one student's row, or None."""
    others = [party for party in row.utilities if party != "player"]
    if len(others) != 1:
        return None
    own, other = row.utilities["player"], row.utilities[others[0]]
    return (own, other) if row.side == "A" else (other, own)


def pair_deals(rows: Sequence[ResultRow]) -> list[PairDeal]:
    """Return the role-play matches in the rows (those with a pair id), one per match, in
    the order of their pair ids."""
    groups: dict[tuple[str, str, str], list[ResultRow]] = {}
    for row in rows:
        if row.pair:
            groups.setdefault((row.class_code, row.pair, row.finished_at), []).append(row)
    found = []
    for (class_code, pair, _), members in sorted(groups.items()):
        by_side = {row.side: row for row in members}
        first = by_side.get("A") or members[0]
        utilities = sides_utilities(first)
        if utilities is None:
            continue
        found.append(
            PairDeal(
                pair=pair,
                class_code=class_code,
                students={side: row.student for side, row in by_side.items()},
                roles={side: row.role for side, row in by_side.items()},
                agreement=first.agreement,
                deal=first,
                utility_a=utilities[0],
                utility_b=utilities[1],
                pareto_distance=first.pareto_distance,
                on_frontier=first.on_frontier,
                joint_utility=first.joint_utility,
            )
        )
    return found


def _role_titles(level: LoadedLevel | None, pairs: Sequence[PairDeal]) -> dict[str, str]:
    if level is not None:
        from game.levels.roleplay import briefs, other_side

        try:
            sides = briefs(level)
            b_id = other_side(level)
        except Exception:  # a level that is no role-play any more: the rows' own words
            sides = {}
        else:
            a, b = sides["player"], sides[b_id]
            return {
                "A": tr("Side {side}: {role}").format(side="A", role=a.role),
                "B": tr("Side {side}: {role}").format(side="B", role=f"{b.character}, {b.role}"),
            }
    titles = {}
    for side in SIDES:
        role = next((p.roles[side] for p in pairs if p.roles.get(side)), "")
        titles[side] = (
            tr("Side {side}: {role}").format(side=side, role=role)
            if role
            else tr("Side {side}").format(side=side)
        )
    return titles


def pairs_chart(
    level: LoadedLevel, pairs: Sequence[PairDeal], words: Callable[[ResultRow], str]
) -> SpaceChart:
    """Return the level's utility space with every pair's deal: side A across, side B up."""
    from game.engine import pareto_indices

    analysis = level.analysis
    ids = list(level.negotiation.party_ids)
    from game.levels.roleplay import other_side

    a, b = ids.index("player"), ids.index(other_side(level))
    outcomes = analysis.utilities[:, [a, b]]
    nash = analysis.nash.utilities if analysis.nash is not None else None
    titles = _role_titles(level, pairs)
    return SpaceChart(
        outcomes=outcomes,
        frontier=outcomes[pareto_indices(outcomes)],
        reservation=(float(analysis.reserved[a]), float(analysis.reserved[b])),
        nash=None if nash is None else (nash[a], nash[b]),
        x_label=tr("{side}: utility").format(side=titles["A"]),
        y_label=tr("{side}: utility").format(side=titles["B"]),
        deals=[
            Deal(
                p.utility_a,
                p.utility_b,
                p.agreement,
                f"{p.names()}: {words(p.deal)}",
                left_value=p.left_value,
            )
            for p in pairs
        ],
    )


def pair_rankings(
    level: LoadedLevel | None, pairs: Sequence[PairDeal]
) -> list[tuple[str, list[tuple[int, PairDeal, float]]]]:
    """Return, per side (``A``, ``B``), the pairs' deals ranked by what they were worth to
    that side's role (best first; ties share a rank; no deal last, at the role's BATNA)."""
    ranked = []
    for side in SIDES:
        scored = sorted(
            pairs, key=lambda p: (not p.agreement, -p.utility(side), p.students.get(side, ""))
        )
        places: list[tuple[int, PairDeal, float]] = []
        for position, pair in enumerate(scored, start=1):
            worth = pair.utility(side)
            previous = places[-1] if places else None
            same = (
                previous is not None
                and previous[1].agreement == pair.agreement
                and abs(previous[2] - worth) < 5e-3
            )
            places.append((previous[0] if same and previous else position, pair, worth))
        ranked.append((side, places))
    return ranked


def _legend(has_no_deal: bool, has_left: bool) -> str:
    items = [
        (legend_icon("star", ORANGE), tr("a pair's deal (×N: that many at the same point)")),
        (legend_icon("diamond", GREEN), tr("Nash point (fair and efficient)")),
        (legend_icon("", BLUE, line="solid"), tr("Pareto frontier: nothing left on the table")),
        (legend_icon("cloud", ""), tr("every possible package")),
        (legend_icon("zone", ""), tr("both sides beat their BATNA (dashed lines)")),
    ]
    if has_left:
        items.insert(
            1,
            (
                legend_icon("left-value", ORANGE),
                tr("left value on the table: a package better for both was within reach"),
            ),
        )
    if has_no_deal:
        items.insert(1, (legend_icon("cross", VERMILION), tr("no deal (both take their BATNA)")))
    return legend_html(items)


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else number(value, digits)


def role_play_html(
    level: LoadedLevel | None, rows: Sequence[ResultRow], words: Callable[[ResultRow], str]
) -> str:
    """Return the level's role-play part of the report (empty without role-play rows)."""
    pairs = pair_deals(rows)
    if not pairs:
        return ""
    left = [p for p in pairs if p.left_value]
    html = [
        '<div class="role-plays">',
        "<h3>"
        + esc(
            ngettext("Role-play: {n} pair", "Role-play: {n} pairs", len(pairs)).format(n=len(pairs))
        )
        + "</h3>",
        '<p class="sub">'
        + esc(
            tr(
                "Two students at one machine, one a side. Each pair’s outcome is drawn as the "
                "joint debrief draws it: side A’s utility across, side B’s up."
            )
        )
        + "</p>",
        '<div class="grid"><div>',
    ]
    if level is not None:
        try:
            html.append(utility_space_svg(pairs_chart(level, pairs, words)))
        except Exception:  # noqa: BLE001 - the rankings still say it all
            html.append(tag("p", tr("The pairs’ chart cannot be drawn."), ' class="note bad"'))
        html.append(_legend(any(not p.agreement for p in pairs), bool(left)))
    html.append("</div><div>")
    html.append(tag("h4", tr("Left joint value on the table")))
    if left:
        html.append('<ul class="left-value">')
        for pair in sorted(left, key=lambda p: -(p.pareto_distance or 0.0)):
            what = words(pair.deal) if pair.agreement else tr("no deal")
            off = tr(
                "{deal} — {distance} off the frontier: a package better for both was within reach"
            ).format(deal=what, distance=_fmt(pair.pareto_distance, 3))
            html.append(
                f"<li>{legend_icon('left-value', ORANGE)}<b>{esc(pair.names())}</b> · "
                f"{esc(off)}</li>"
            )
        html.append("</ul>")
    else:
        html.append(tag("p", tr("No pair: every outcome is on the frontier.")))
    html.append("</div></div>")
    html.append(
        tag("h3", tr("Pairs’ deals ranked, role by role"))
        + '<p class="sub">'
        + esc(
            tr(
                "The same deals seen from each side: who got the most as each role. A pair "
                "without a deal counts at the role’s BATNA."
            )
        )
        + "</p>"
        '<div class="ranks">'
    )
    titles = _role_titles(level, pairs)
    for side, places in pair_rankings(level, pairs):
        html.append(f'<div class="rank"><h4>{esc(titles[side])}</h4><ol>')
        for side_rank, pair, worth in places:
            student = pair.students.get(side, tr("not exported"))
            mark = (" " + legend_icon("left-value", ORANGE)) if pair.left_value else ""
            what = words(pair.deal) if pair.agreement else tr("no deal")
            html.append(
                f'<li value="{side_rank}"><b>{esc(student)}</b> ({esc(pair.pair)}) · '
                f'{_fmt(worth)}{mark} <span class="deal">{esc(what)}</span></li>'
            )
        html.append("</ol></div>")
    html.append("</div></div>")
    return "".join(html)
