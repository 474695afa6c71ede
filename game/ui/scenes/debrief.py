"""The debrief: what the deal was worth, what was possible, and what moved the relationship.

Left, the utility-space chart (every outcome, the Pareto frontier, the Nash point, both
BATNA lines and the agreement zone, both sides' offers in order, the deal) with a
move-by-move replay, and the trust/rapport timeline with the reason for every change.
Right, a scrolling page: stars and objectives, value created and claimed, the missed
trade-offs the engine found in plain words, the level's lessons, badges and experience.

Under the objectives, "Your play" lists what this player did well and badly
(``game.campaign.diagnosis``), numbered: clicking a point, or pressing its number (1-9),
jumps the replay and the trust timeline to that moment.  Then what the level's lesson
player would have done from the player's weakest moment (``game.campaign.lesson_replay``)
and where this deal sits among the player's earlier deals on the level (the store's history)
and, in a class whose results the teacher handed back in a pack, among the class's deals,
role by role (``game.campaign.standing.class_standing``).

Keys: with the chart focused, Left/Right step the replay and Home/End jump; with the
timeline focused, Left/Right pick a move and its reason is written under it.  "Compare
with" (several NPCs) switches whose utility the chart's vertical axis shows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import is_dataclass, replace
from typing import Any

import numpy as np
import pygame

from game.campaign.badges import BADGES
from game.campaign.claim_notes import claim_truth_words
from game.campaign.deal_notes import frontier_note
from game.campaign.diagnosis import Finding
from game.campaign.favour_notes import favour_notes
from game.campaign.interest_notes import interest_notes
from game.campaign.lesson_replay import Coaching, coaching_for
from game.campaign.objectives import describe_result, format_utility, meets
from game.campaign.standing import (
    class_standing,
    class_standing_text,
    earlier_deals,
    role_labels,
    standing_text,
)
from game.engine import Offer
from game.engine.analysis import contingent_points
from game.engine.record import MatchRecord
from game.i18n import N_, language, ngettext, number, tr
from game.levels.loader import LoadedLevel
from game.levels.text import describe_offer, level_text, shown_issues
from game.ui.fonts import FontRole
from game.ui.keys import KeyBinding
from game.ui.reasons import change_reason_words, issue_words, move_kind_words
from game.ui.scenes.briefing import MEASURE_WORDS
from game.ui.scenes.common import MARGIN, MenuScene
from game.ui.sound import cue
from game.ui.text import ellipsize, wrap_text
from game.ui.widgets.button_row import ButtonSpec
from game.ui.widgets.charts import (
    TimelineChart,
    TimelinePoint,
    UtilityChartData,
    UtilitySpaceChart,
    draw_legend,
)
from game.ui.widgets.document import (
    BarRow,
    Bars,
    Block,
    Bullets,
    DocumentView,
    Heading,
    Note,
    Paragraph,
    Points,
    StarRule,
)
from game.ui.widgets.focus import FocusTarget

__all__ = [
    "DebriefScene",
    "debrief_blocks",
    "coaching_blocks",
    "shown_findings",
    "replay_steps",
    "timeline_points",
]

logger = logging.getLogger(__name__)

MAX_POINTS = 9
"""The most points "Your play" numbers (keys 1-9)."""
CAPTION_LINES = 4
"""The most lines the replay caption under the chart takes."""
CAPTIONS_A_STEP = 25
"""Replay captions written ahead in one build step (:meth:`DebriefScene.prepare`)."""
BADGE_TITLES = {b.id: (b.title, b.description) for b in BADGES}
STATUS_WORDS = {
    "agreed": N_("Deal reached"),
    "walked_away": N_("No deal: someone walked away"),
    "deadline": N_("No deal: time ran out"),
}
"""The end of a negotiation in words (translated where shown)."""


def _status_words(level: LoadedLevel, record: MatchRecord) -> str:
    """Return how the negotiation ended, naming who walked away when someone did."""
    status = str(record.status or "")
    if status == "walked_away":
        who = record.walked_away_by()
        if who == "player":
            return tr("No deal: you walked away")
        name = _names(level).get(who) if who is not None else None
        if name:
            return tr("No deal: {name} walked away").format(name=name)
    return tr(STATUS_WORDS.get(status, N_("No deal")))


def _names(level: LoadedLevel) -> dict[str, str]:
    names = {p.id: p.name for p in level.negotiation.parties}
    names["player"] = tr("You")
    if level.mediator is not None:
        names[level.mediator.id] = level.mediator.name
    return names


def replay_steps(record: MatchRecord) -> list[dict[str, Any]]:
    """Return the offers tabled during the negotiation, in order (the replay's steps)."""
    return [dict(o) for o in record.offers or ()]


def timeline_points(
    record: MatchRecord,
    npc_id: str,
    names: dict[str, str],
    words: Mapping[str, str] | None = None,
) -> list[TimelinePoint]:
    """Return trust and rapport of one NPC after each logged move, with the reasons (in the
    language in use; ``words``: how to show the words filling them, by their English, see
    :func:`game.ui.reasons.issue_words`)."""
    points: list[TimelinePoint] = []
    for entry in record.timeline or ():
        trust = (entry.get("trust") or {}).get(npc_id)
        rapport = (entry.get("rapport") or {}).get(npc_id)
        if trust is None or rapport is None:
            continue
        actor = entry.get("actor")
        kind = move_kind_words(str(entry.get("kind") or ""))
        if actor is None:
            label = tr("Start") if not points else tr("End")
        else:
            label = tr("Round {n}: {who} - {move}").format(
                n=int(entry.get("round", 0)) + 1, who=names.get(actor, actor), move=kind
            )
        reasons = [
            change_reason_words(str(change[3]), words)
            for change in entry.get("changes") or []
            if len(change) >= 4 and change[0] == npc_id and change[3]
        ]
        points.append(TimelinePoint(label, float(trust), float(rapport), "; ".join(reasons)))
    return points


def _describe_offer(level: LoadedLevel, data: Mapping[str, Any] | None) -> str:
    if not data:
        return ""
    return describe_offer(level.model, level.negotiation, Offer.from_dict(dict(data)))


def _shown_goal(objective: Any, goals: Mapping[str, str]) -> Any:
    """Return a scored objective with its text in the language in use (records keep English)."""
    text = goals.get(getattr(objective, "id", ""))
    if text is None or not is_dataclass(objective) or isinstance(objective, type):
        return objective
    return replace(objective, text=text)


def debrief_blocks(
    level: LoadedLevel,
    record: MatchRecord,
    score: Any,
    coaching: list[Block] | None = None,
) -> list[Block]:
    """Return the debrief page: stars, objectives, your play (``coaching``), value, missed
    trades, lessons, badges."""
    names = _names(level)
    goals = {goal.id: goal.text for goal in level_text(level.model).objectives}
    negotiation = level.negotiation
    ids = list(negotiation.party_ids)
    utilities = record.utilities
    agreed = bool(record.agreement)
    measure = tr(MEASURE_WORDS.get(score.measure, score.measure))
    met = sum(o.met for o in score.objectives)
    blocks: list[Block] = [
        StarRule(
            score.stars,
            " ".join(
                (
                    tr("{n} of 3 stars.").format(n=score.stars),
                    ngettext(
                        "{n} of {total} objective met.",
                        "{n} of {total} objectives met.",
                        len(score.objectives),
                    ).format(n=met, total=len(score.objectives)),
                    tr("{measure}: {value}.").format(
                        measure=measure[:1].upper() + measure[1:], value=number(score.value, 2)
                    ),
                )
            ),
        ),
        Heading(tr("Objectives")),
        Bullets(
            tuple(
                describe_result(_shown_goal(o, goals), o.met, getattr(o, "detail", ""))
                for o in score.objectives
            )
            or (tr("This level has no extra objectives."),)
        ),
        *(coaching or []),
        Heading(tr("The deal")),
    ]
    if agreed:
        blocks.append(Paragraph(_describe_offer(level, record.outcome), label=tr("Agreed:")))
    else:
        blocks.append(
            Paragraph(
                tr("{status}. Everyone falls back on their BATNA.").format(
                    status=_status_words(level, record)
                ),
                label=tr("Result:"),
            )
        )
    rows = []
    for pid in ids:
        value = float(utilities.get(pid, 0.0))
        reservation = float(negotiation.party(pid).preferences.reservation)
        worth = tr("{value} (BATNA {batna})").format(
            value=number(value, 2), batna=number(reservation, 2)
        )
        rows.append(BarRow(f"{names.get(pid, pid)}", value, worth))
    blocks.append(
        Paragraph(tr("What the result is worth to each side (0 to 1):"), muted=True, size=16)
    )
    blocks.append(Bars(tuple(rows)))
    analytics = record.analytics or {}
    if agreed:
        created = float(analytics.get("value_created", 0.0))
        claimed = analytics.get("value_claimed") or {}
        blocks.append(Heading(tr("Value created and claimed")))
        said = [
            tr("Together you created {value} of value above your BATNAs.").format(
                value=number(created, 2)
            )
        ]
        for pid in ids:
            share = number(float(claimed.get(pid, 0.0)), 2)
            if pid == "player":
                said.append(tr("You claimed {value}.").format(value=share))
            else:
                said.append(
                    tr("{name} claimed {value}.").format(name=names.get(pid, pid), value=share)
                )
        blocks.append(Paragraph(" ".join(said)))
        mine = float(utilities.get("player", 0.0))
        batna = float(negotiation.party("player").preferences.reservation)
        if "player" in ids and not meets(mine, batna):
            blocks.append(
                Note(
                    tr(
                        "you agreed to a deal worth {deal} to you, less than the {batna} "
                        "your BATNA gives you: walking away would have been better. Check an "
                        "offer against your BATNA before you accept it."
                    ).format(deal=format_utility(mine, batna), batna=format_utility(batna, batna)),
                    tr("Below your BATNA"),
                )
            )
        note = frontier_note(level, record)
        if note is not None:
            blocks.append(Note(note[1], note[0]))
    nash = analytics.get("nash")
    if nash and nash.get("utilities"):
        nash_values = nash["utilities"]
        mine = float(nash_values.get("player", 0.0)) if isinstance(nash_values, dict) else 0.0
        blocks.append(
            Paragraph(
                tr("{deal} (worth {value} to you).").format(
                    deal=_describe_offer(level, nash.get("outcome")), value=number(mine, 2)
                ),
                label=tr("A fair and efficient deal (Nash point):"),
                size=16,
            )
        )
    missed = _missed(level, record)
    if missed:
        blocks.append(Heading(tr("Trade-offs you missed")))
        blocks.append(Bullets(tuple(missed)))
    found, not_found = interest_notes(level, record)
    if found or not_found:
        blocks.append(Heading(tr("Behind their positions")))
        if found:
            blocks.append(Paragraph(tr("What you found out by asking:"), muted=True, size=16))
            blocks.append(Bullets(tuple(found)))
        if not_found:
            blocks.append(Paragraph(tr("What you could still have asked:"), muted=True, size=16))
            blocks.append(Bullets(tuple(not_found)))
    claims = [
        claim_truth_words(level, row)
        for row in record.extra.get("claims") or ()
        if isinstance(row, Mapping)
    ]
    if claims:
        blocks.append(Heading(tr("What they claimed, and what was true")))
        blocks.append(Bullets(tuple(claims)))
    favours = favour_notes(level, record)
    if favours:
        blocks.append(Heading(tr("Favours")))
        blocks.append(Bullets(tuple(favours)))
    blocks.append(Heading(tr("What this level teaches")))
    shown = level_text(level.model)
    blocks.append(Bullets(tuple(shown.teaching_points)))
    blocks.append(Paragraph(shown.debrief_notes))
    blocks.append(Heading(tr("Rewards")))
    earned = [
        f"{tr(BADGE_TITLES[b][0])}: {tr(BADGE_TITLES[b][1])}"
        for b in score.badges
        if b in BADGE_TITLES
    ]
    blocks.append(
        Paragraph(tr("+{n} experience points.").format(n=number(score.xp)), label=tr("Experience:"))
    )
    blocks.append(Bullets(tuple(earned) if earned else (tr("No badge this time."),)))
    return blocks


def shown_findings(findings: tuple[Finding, ...] | list[Finding]) -> list[Finding]:
    """Return the findings "Your play" numbers: in order, at most MAX_POINTS (mistakes kept)."""
    shown = list(findings)
    while len(shown) > MAX_POINTS:
        spare = next((f for f in reversed(shown) if not f.mistake), shown[-1])
        shown.remove(spare)
    return shown


def coaching_blocks(
    level: LoadedLevel,
    coaching: Coaching,
    *,
    selected: int | None = None,
    standing: str | None = None,
    class_line: str | None = None,
) -> list[Block]:
    """Return "Your play", the lesson player's what-if and the standing among earlier deals
    (and among the class's deals, ``class_line``)."""
    blocks: list[Block] = []
    shown = shown_findings(coaching.findings)
    if shown:
        blocks.append(Heading(tr("Your play, point by point")))
        blocks.append(
            Paragraph(
                tr("Click a point or press its number to see that moment in the replay."),
                muted=True,
                size=16,
            )
        )
        blocks.append(
            Points(
                tuple((f.title, f.text[0].upper() + f.text[1:]) for f in shown),
                selected=selected,
            )
        )
    what = coaching.what_if
    if what is not None:
        others = [p.name for p in level.negotiation.parties if not p.is_player]
        other = others[0] if len(others) == 1 else tr("the others")
        text = what.text(other)
        if what.finding is not None and what.finding in shown:
            text += " " + tr("(Point {n}.)").format(n=shown.index(what.finding) + 1)
        blocks.append(Heading(tr("What the lesson player would have done")))
        blocks.append(Paragraph(text))
    if standing:
        blocks.append(Heading(tr("Against your earlier deals")))
        blocks.append(Paragraph(standing))
    if class_line:
        blocks.append(Heading(tr("Against the class")))
        blocks.append(Paragraph(class_line))
    return blocks


def _missed(level: LoadedLevel, record: MatchRecord) -> list[str]:
    if not record.agreement or not record.outcome:
        return []
    offer = Offer.from_dict(dict(record.outcome))
    if offer.clause is not None:
        return []
    try:
        report = level.analysis.report(offer)
    except Exception:  # a record from another version of the level
        logger.warning("could not analyse the deal of %s", level.id, exc_info=True)
        return []
    return [missed_words(level, m) for m in report.missed[:3]]


def missed_words(level: LoadedLevel, missed: Any) -> str:
    """Return a trade the deal missed in the language in use: who cared more about what,
    and the two values that would have left both better off."""
    space = level.negotiation.space
    shown = {issue.id: issue for issue in shown_issues(level.model, space.issues)}
    model = level_text(level.model)
    names = {npc.id: npc.name for npc in model.npcs}
    gain, give = shown[missed.gain_issue], shown[missed.give_issue]

    def about(issue: Any) -> str:
        return getattr(issue, "phrase", "") or issue.name.lower()

    return tr(
        "You cared more about {gain} and {other} about {give}: {gain_name} {gain_value} with "
        "{give_name} {give_value} would have given you +{yours} and {other} +{theirs}."
    ).format(
        gain=about(gain),
        give=about(give),
        other=names.get(missed.party) or level.negotiation.party(missed.party).name,
        gain_name=gain.name,
        gain_value=gain.format(missed.better_outcome[gain.id]),
        give_name=give.name,
        give_value=give.format(missed.better_outcome[give.id]),
        yours=number(missed.player_gain, 2),
        theirs=number(missed.other_gain, 2),
    )


class _ChartView(FocusTarget):
    """A focusable panel that draws the utility-space chart with its replay."""

    def __init__(self, scene: DebriefScene) -> None:
        super().__init__()
        self.scene = scene
        self.rect = pygame.Rect(0, 0, 400, 300)

    def handle_key(self, event: pygame.event.Event) -> bool:
        scene = self.scene
        total = len(scene.steps)
        moves = {
            pygame.K_LEFT: scene.step - 1,
            pygame.K_RIGHT: scene.step + 1,
            pygame.K_HOME: 0,
            pygame.K_END: total,
        }
        if event.type == pygame.KEYDOWN and event.key in moves:
            scene.set_step(moves[event.key])
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        self.scene.draw_chart(surface, self.rect)


class _TimelineView(_ChartView):
    """A focusable panel for the trust/rapport timeline; Left/Right pick a move."""

    def handle_key(self, event: pygame.event.Event) -> bool:
        chart = self.scene.timeline
        if event.type != pygame.KEYDOWN or not chart.points:
            return False
        last = len(chart.points) - 1
        current = last if chart.selected is None else chart.selected
        moves = {
            pygame.K_LEFT: current - 1,
            pygame.K_RIGHT: current + 1,
            pygame.K_HOME: 0,
            pygame.K_END: last,
        }
        if event.key in moves:
            chart.selected = max(0, min(last, moves[event.key]))
            return True
        return False

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and self.rect.collidepoint(event.pos):
            index = self.scene.timeline.point_at(self.rect, self.scene.fonts, event.pos)
            if index is not None:
                self.scene.timeline.selected = index
                return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        self.scene.draw_timeline(surface, self.rect)


class DebriefScene(MenuScene):
    """The debrief of one finished negotiation; see the module docstring."""

    KEYS = (
        KeyBinding(
            N_("1 to 9"),
            N_("jump the replay to that point of \u201cYour play\u201d"),
            tuple(str(n) for n in range(1, 10)),
            lambda s, name: s.jump_to_point(int(name)),
        ),
        KeyBinding(
            N_("Left / Right on the chart"), N_("step the replay (Home / End: first / last)")
        ),
        KeyBinding(N_("Left / Right on the timeline"), N_("pick a move and read its reason")),
        KeyBinding(
            N_("Esc"), N_("back to the campaign map"), ("ESCAPE",), lambda s, _: s.on_back()
        ),
    )

    def __init__(
        self,
        level: LoadedLevel,
        record: MatchRecord | Mapping[str, Any],
        score: Any,
        *,
        coaching: Coaching | None = None,
        config: Any = None,
    ) -> None:
        super().__init__()
        self.level = level
        self.record = MatchRecord.read(record)  # read once; attributes from here on
        self.score = score
        if coaching is None:
            coaching = coaching_for(level, self.record, config=config)
        self.coaching = coaching
        self.points = shown_findings(coaching.findings)
        self.point: int | None = None
        """The number of the point last jumped to (1-based), or None."""
        self.standing: str | None = None
        self.class_line: str | None = None
        self.heading = tr("Debrief: {level}").format(level=level_text(level.model).title)
        self.names = _names(level)
        self.others = [p.id for p in level.negotiation.parties if p.id != "player"]
        self.other_index = 0
        self.steps = replay_steps(self.record)
        self.step = len(self.steps)
        self.chart = UtilitySpaceChart(self._chart_data())
        self.timeline = TimelineChart(self._timeline_points())
        self.blocks = self._blocks()
        self._panels: dict[str, tuple[tuple, pygame.Surface]] = {}
        self._cheered = False
        #: Replay captions written, by step, point, party compared with and language.
        self._captions: dict[tuple[int, int | None, int, str], str] = {}
        #: The captions' height, by width, text size, party compared with and language: every
        #: layout measures it (two a frame while a page taller than the window scrolls).
        self._caption_heights: dict[tuple[int, float, int, str], int] = {}

    # -- data -----------------------------------------------------------------------------
    def _blocks(self) -> list[Block]:
        coaching = coaching_blocks(
            self.level,
            self.coaching,
            selected=self.point,
            standing=self.standing,
            class_line=self.class_line,
        )
        return debrief_blocks(self.level, self.record, self.score, coaching)

    def enter(self, context: Any) -> None:
        super().enter(context)
        if self.standing is None:
            self.standing, self.class_line = self._standing()
            if self.standing or self.class_line:
                self.blocks = self._blocks()
                if getattr(self, "page", None) is not None:
                    self.page.set_blocks(self.blocks)

    def _standing(self) -> tuple[str | None, str | None]:
        """Return where this deal sits among the player's earlier deals on the level, and
        among the class's (None when the player is in no class with results for it)."""
        services = getattr(self.context, "services", None) or {}
        store = services.get("store") if hasattr(services, "get") else None
        profile = services.get("profile_name") if hasattr(services, "get") else None
        if store is None or not profile:
            return None, None
        try:
            history = store.deals(profile)
        except Exception:  # the debrief goes on without it
            logger.warning("could not read %s's history", profile, exc_info=True)
            return None, None
        own = standing_text(self.record, earlier_deals(self.record, history))
        try:
            in_class = self._class_line(store, history)
        except Exception:  # the debrief goes on without the class
            logger.warning("could not compare with the class", exc_info=True)
            in_class = None
        return own, in_class

    def _class_line(self, store: Any, history: list) -> str | None:
        """Return where this deal sits among the class's deals (from a results pack), or None."""
        from game.classroom.install import class_of_level

        data_dir = getattr(store, "data_dir", None)
        installed = class_of_level(data_dir, self.level) if data_dir is not None else None
        results = installed.results() if installed is not None else None
        entry = results.level(self.level.id, self.record.level_version) if results else None
        if entry is None or installed is None:  # no entry without an installed class
            return None
        shown = level_text(self.level.model)  # the roles in the player's language
        roles = {npc.id: npc.role for npc in shown.npcs}
        others = [
            (npc.id, npc.name, roles.get(npc.id, npc.role))
            for npc in self.level.party_npcs
            if npc.id in self.record.utilities
        ]
        standing = class_standing(
            self.record,
            entry.deals,
            role_labels(shown.player.role, others),
            class_name=installed.name,
            own_records=[str(r["id"]) for r in history if isinstance(r, dict) and r.get("id")],
        )
        return class_standing_text(standing) if standing is not None else None

    def jump_to_point(self, number: int) -> bool:
        """Show point ``number``'s moment in the replay and the timeline; False if none."""
        if not 1 <= number <= len(self.points):
            return False
        finding = self.points[number - 1]
        self.point = number
        self.set_step(finding.step)
        self._select_timeline(finding.move)
        self.blocks = self._blocks()
        page = getattr(self, "page", None)
        if page is not None:
            page.set_blocks(self.blocks)
            page.scroll_to_point(number)
        return True

    def _select_timeline(self, move: int | None) -> None:
        """Select the timeline point of a move (the last one when None or not found)."""
        if not self.timeline.points:
            return
        npc = self.other
        number = -1
        chosen = None
        for entry in self.record.timeline or ():
            if (entry.get("trust") or {}).get(npc) is None:
                continue
            number += 1
            index = entry.get("index")
            if isinstance(index, int) and move is not None and index <= move:
                chosen = number
        last = len(self.timeline.points) - 1
        self.timeline.selected = last if chosen is None else min(chosen, last)

    @property
    def other(self) -> str:
        """Return the party whose utility the chart's vertical axis shows."""
        return self.others[self.other_index]

    def _timeline_points(self) -> list[TimelinePoint]:
        npc = self.other if self.other in (self.record.trust_change or {}) else None
        if npc is None:
            candidates = list(self.record.trust_change or {})
            npc = candidates[0] if candidates else self.other
        return timeline_points(self.record, npc, self.names, issue_words(self.level.model))

    def _chart_data(self) -> UtilityChartData:
        analysis = self.level.analysis
        ids = list(self.level.negotiation.party_ids)
        me, other = ids.index("player"), ids.index(self.other)
        columns = [me, other]
        outcomes = analysis.utilities[:, columns]
        frontier = outcomes[_frontier_2d(outcomes)]
        extra = None
        if analysis.contingent:
            points = np.vstack([contingent_points(analysis, c) for c in analysis.contingent])
            extra_points = points[:, columns]
            extra = extra_points[_frontier_2d(extra_points)]
        nash = analysis.nash
        nash_point = None if nash is None else (nash.utilities[me], nash.utilities[other])
        if nash_point is None and analysis.contingent and analysis.contingent[0].nash_utilities:
            values = analysis.contingent[0].nash_utilities
            nash_point = (values[me], values[other])
        reserved = analysis.reserved
        data = UtilityChartData(
            outcomes=outcomes,
            frontier=frontier,
            reservation=(float(reserved[me]), float(reserved[other])),
            nash=nash_point,
            x_label=tr("Your utility"),
            y_label=tr("{name}'s utility").format(name=self.names.get(self.other, self.other)),
            extra_frontier=extra,
        )
        return self._with_trails(data)

    def _with_trails(self, data: UtilityChartData) -> UtilityChartData:
        shown = self.steps[: self.step]
        player, other, chair = [], [], []
        chair_id = self.level.negotiation.rules.chair
        for step in shown:
            values = step.get("utilities") or {}
            point = (float(values.get("player", 0.0)), float(values.get(self.other, 0.0)))
            actor = step.get("actor")
            if actor == "player":
                player.append(point)
            elif actor == self.other:
                other.append(point)
            elif actor == chair_id:
                chair.append(point)
        deal = None
        if self.record.agreement and self.step >= len(self.steps):
            values = self.record.utilities
            deal = (float(values.get("player", 0.0)), float(values.get(self.other, 0.0)))
        return replace(
            data,
            player_trail=tuple(player),
            other_trail=tuple(other),
            chair_trail=tuple(chair),
            deal=deal,
        )

    def set_step(self, step: int) -> None:
        """Show the replay after ``step`` offers (0: before any; len: the whole negotiation)."""
        self.step = max(0, min(len(self.steps), int(step)))
        self.chart.data = self._with_trails(self.chart.data)

    def replay_caption(self) -> str:
        """Return the words under the chart for the current replay step."""
        return self._caption(self.step, self.point)

    def _caption(self, step: int, point: int | None) -> str:
        """Return the caption at replay ``step`` with point ``point`` chosen (remembered)."""
        key = (step, point, self.other_index, language())
        text = self._captions.get(key)
        if text is None:
            text = self._captions[key] = self._caption_words(step, point)
        return text

    def _caption_moments(self) -> list[tuple[int, int | None]]:
        """Return every (step, point) a caption is shown for: each replay step, and each
        point's step with its "Point N, ..." (the caption's height fits the longest)."""
        moments: list[tuple[int, int | None]] = [
            (step, None) for step in range(len(self.steps) + 1)
        ]
        moments += [(finding.step, n) for n, finding in enumerate(self.points, start=1)]
        return moments

    def prepare(self, context: Any) -> Iterator[None]:
        """Write the replay's captions ahead and measure them for the window's width,
        CAPTIONS_A_STEP a frame: the layout fits the longest (a long meeting has a
        hundred), and the layout's own step has the page to lay out."""
        width = self.stack.size[0] if self._stack is not None else 1280
        yield from self._measure_captions(context.fonts, self._caption_width(context.fonts, width))

    def _caption_width(self, fonts: Any, width: int) -> int:
        """Return the width the replay caption has in a window ``width`` pixels wide."""
        body = width - 2 * MARGIN
        return int(body * 0.56) if self._two_columns(width, fonts) else body

    def _measure_captions(self, fonts: Any, width: int) -> Iterator[None]:
        """Find the height the captions need in ``width`` pixels (see _caption_height),
        writing and measuring CAPTIONS_A_STEP of them between yields."""
        font = fonts.get(FontRole.BODY, 16)
        key = (width, fonts.text_scale, self.other_index, language())
        if key in self._caption_heights:
            return
        moments = self._caption_moments()
        most = 2
        for start in range(0, len(moments), CAPTIONS_A_STEP):
            for step, point in moments[start : start + CAPTIONS_A_STEP]:
                most = max(most, len(wrap_text(font, self._caption(step, point), width)))
            yield
        self._caption_heights[key] = font.get_linesize() * min(most, CAPTION_LINES) + 8

    def _caption_words(self, step: int, point_no: int | None) -> str:
        if not self.steps:
            return tr("No offers were made.")
        point = ""
        if point_no is not None and self.points[point_no - 1].step == step:
            point = tr("Point {n}, {title}.").format(
                n=point_no, title=self.points[point_no - 1].title
            )
            point += " "
        if step == 0:
            return point + ngettext(
                "Replay: before the first offer. Right arrow: next ({n} offer).",
                "Replay: before the first offer. Right arrow: next ({n} offers).",
                len(self.steps),
            ).format(n=len(self.steps))
        current = self.steps[step - 1]
        actor = current.get("actor")
        who = self.names.get(actor, actor) if isinstance(actor, str) else actor
        values = current.get("utilities") or {}
        offer = _describe_offer(self.level, current.get("offer"))
        if actor == "player":
            offered = tr("you offered {offer}").format(offer=offer)
        else:
            offered = tr("{who} offered {offer}").format(who=who, offer=offer)
        return point + tr(
            "Offer {n} of {total}, round {round}: {offered} (you {mine}, {other} {theirs})."
        ).format(
            n=step,
            total=len(self.steps),
            round=int(current.get("round", 0)) + 1,
            offered=offered,
            mine=number(float(values.get("player", 0)), 2),
            other=self.names.get(self.other, self.other),
            theirs=number(float(values.get(self.other, 0)), 2),
        )

    def switch_other(self) -> None:
        """Compare with the next other party (several NPCs)."""
        self.other_index = (self.other_index + 1) % len(self.others)
        self.chart = UtilitySpaceChart(self._chart_data())
        self.timeline = TimelineChart(self._timeline_points())

    # -- layout ---------------------------------------------------------------------------
    def footer_specs(self) -> list[ButtonSpec]:
        specs = [
            ButtonSpec("replay", tr("Replay from start")),
            ButtonSpec("again", tr("Play again")),
        ]
        if len(self.others) > 1:
            compare = tr("Compare with: {name}").format(name=self.names.get(self.other))
            specs.insert(0, ButtonSpec("other", compare))
        specs.append(ButtonSpec("continue", tr("Continue")))
        return specs

    def _two_columns(self, width: int, fonts: Any = None) -> bool:
        """Return True when the window is wide enough for chart and page side by side."""
        fonts = self.fonts if fonts is None else fonts  # (an empty cache is falsy)
        return (width - 2 * MARGIN) * 0.56 >= fonts.scaled_size(600)

    def _stacked_heights(self) -> tuple[int, int, int]:
        """Return the chart, timeline and page heights when everything is in one column."""
        scaled = self.fonts.scaled_size
        return scaled(400), scaled(200), scaled(480)

    def min_height(self, width: int) -> int:
        frame = self.frame_height(width, self.footer_specs())
        if self._two_columns(width):
            return frame + self.fonts.scaled_size(420)
        chart_h, timeline_h, page_h = self._stacked_heights()
        caption_h = self._caption_height(width - 2 * MARGIN)
        return frame + chart_h + caption_h + timeline_h + page_h + 36

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width, height = size
        fonts = self.fonts
        top = self.content_top()
        specs = self.footer_specs()
        _, footer_top = self.build_footer(specs, width, height - MARGIN, align="right")
        body = pygame.Rect(MARGIN, top, width - 2 * MARGIN, footer_top - 12 - top)
        two = self._two_columns(width)
        caption_h = self._caption_height(self._caption_width(self.fonts, width))
        if two:
            left_w = int(body.width * 0.56)
            timeline_h = max(fonts.scaled_size(150), int(body.height * 0.3))
            chart_h = body.height - timeline_h - caption_h - 12
            page_rect = pygame.Rect(
                body.left + left_w + MARGIN, body.top, body.width - left_w - MARGIN, body.height
            )
        else:
            left_w = body.width
            chart_h, timeline_h, page_h = self._stacked_heights()
            page_rect = None
        self.chart_rect = pygame.Rect(body.left, body.top, left_w, chart_h)
        self.caption_rect = pygame.Rect(body.left, self.chart_rect.bottom + 4, left_w, caption_h)
        timeline_rect = pygame.Rect(body.left, self.caption_rect.bottom + 8, left_w, timeline_h)
        if page_rect is None:
            page_rect = pygame.Rect(
                body.left,
                timeline_rect.bottom + 12,
                body.width,
                footer_top - 12 - timeline_rect.bottom - 12,
            )
        chart_view = self.track(_ChartView(self), "chart")
        chart_view.rect = self.chart_rect
        timeline_view = self.track(_TimelineView(self), "timeline")
        timeline_view.rect = timeline_rect
        self.timeline_rect = timeline_rect
        page = DocumentView(fonts, self.palette, on_point=self.jump_to_point)
        page.set_rect(page_rect)
        page.set_blocks(self.blocks)
        self.page = self.track(page, "page")

    def initial_focus(self) -> None:
        self.focus_key("continue")

    # -- drawing --------------------------------------------------------------------------
    def warm_up(self) -> Iterator[None]:
        """Paint the chart, then the caption and the timeline, before the first draw."""
        scratch = pygame.Surface((1, 1))
        self.draw_chart(scratch, self.chart_rect)
        yield
        self.draw_timeline(scratch, self.timeline_rect)

    def _cached(self, name: str, rect: pygame.Rect, key: tuple, paint) -> pygame.Surface:
        """Return a panel's picture, repainted only when what it shows changed."""
        full_key = (rect.size, key, self.fonts.text_scale, self.palette.name)
        cached = self._panels.get(name)
        if cached is not None and cached[0] == full_key:
            return cached[1]
        picture = pygame.Surface(rect.size, pygame.SRCALPHA)
        paint(picture, pygame.Rect(0, 0, *rect.size))
        self._panels[name] = (full_key, picture)
        return picture

    def draw_chart(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Draw the chart panel (cached per replay step) and the replay caption."""
        key = (self.step, self.other_index)
        surface.blit(self._cached("chart", rect, key, self._paint_chart), rect.topleft)
        font = self.fonts.get(FontRole.BODY, 16)
        caption = self._cached(
            "caption", self.caption_rect, key, lambda s, r: self._paint_caption(s, r, font)
        )
        surface.blit(caption, self.caption_rect.topleft)

    def _caption_height(self, width: int) -> int:
        """Return the height the replay caption needs under the chart in ``width`` pixels:
        as many lines as the longest caption of the replay (at most CAPTION_LINES),
        measured once for a width, text size, party compared with and language."""
        for _ in self._measure_captions(self.fonts, width):
            pass
        key = (width, self.fonts.text_scale, self.other_index, language())
        return self._caption_heights[key]

    def _paint_caption(self, surface: pygame.Surface, rect: pygame.Rect, font) -> None:
        y = rect.top
        room = max(1, (rect.height - 8) // font.get_linesize())
        lines = wrap_text(font, self.replay_caption(), rect.width)
        if len(lines) > room:  # longer than any room left: say so, never cut it silently
            lines = lines[:room]
            lines[-1] = ellipsize(font, lines[-1] + " …", rect.width)
        for line in lines:
            surface.blit(font.render(line, True, self.palette.colour("text")), (rect.left, y))
            y += font.get_linesize()

    def _paint_chart(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        pygame.draw.rect(surface, self.palette.colour("surface"), rect, border_radius=10)
        legend_w = min(self.fonts.scaled_size(250), rect.width // 3)
        chart_rect = pygame.Rect(
            rect.left + 4, rect.top + 8, rect.width - legend_w - 12, rect.height - 12
        )
        self.chart.draw(surface, chart_rect, self.fonts, self.palette)
        legend = pygame.Rect(chart_rect.right + 6, rect.top + 12, legend_w - 6, rect.height - 16)
        entries = UtilitySpaceChart.legend(self.palette)
        if self.chart.data.extra_frontier is not None:
            best = tr("best deals with a clause")
            entries.insert(2, ("dash", best, self.palette.colour("info")))
        chair_id = self.level.negotiation.rules.chair
        if chair_id is not None:
            name = self.names.get(chair_id, tr("the chair"))
            texts = tr("{name}'s texts").format(name=name)
            entries.insert(-2, ("triangle", texts, self.palette.speaker_colour(2)))
        if len(self.others) > 1:
            offers = tr("{name}'s offers").format(name=self.names.get(self.other))
            entries[4] = (entries[4][0], offers, entries[4][2])
        self._draw_wrapped_legend(surface, legend, entries)
        pygame.draw.rect(surface, self.palette.colour("border"), rect, width=2, border_radius=10)

    def _draw_wrapped_legend(self, surface: pygame.Surface, rect: pygame.Rect, entries) -> None:
        font = self.fonts.get(FontRole.BODY, 15)
        y = rect.top
        for entry in entries:
            lines = wrap_text(font, entry[1], rect.width - 28)
            draw_legend(
                surface,
                pygame.Rect(rect.left, y, rect.width, 40),
                [(entry[0], lines[0], entry[2])],
                self.fonts,
                self.palette,
            )
            y += font.get_linesize() + 4
            for extra in lines[1:]:
                surface.blit(
                    font.render(extra, True, self.palette.colour("text")), (rect.left + 28, y)
                )
                y += font.get_linesize() + 4
            if y > rect.bottom:
                break

    def draw_timeline(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Draw the trust/rapport timeline panel (cached per selected point)."""
        key = (self.timeline.selected, self.other_index)
        surface.blit(self._cached("timeline", rect, key, self._paint_timeline), rect.topleft)

    def _paint_timeline(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        pygame.draw.rect(surface, self.palette.colour("surface"), rect, border_radius=10)
        if self.timeline.points:
            self.timeline.draw(surface, rect.inflate(-12, -8), self.fonts, self.palette)
        else:
            font = self.fonts.get(FontRole.ITALIC, 16)
            surface.blit(
                font.render(
                    tr("No trust changes were recorded."), True, self.palette.colour("text_muted")
                ),
                rect.move(12, 12),
            )
        pygame.draw.rect(surface, self.palette.colour("border"), rect, width=2, border_radius=10)

    def draw_back(self, surface: pygame.Surface) -> None:
        status = "" if self.record.agreement else _status_words(self.level, self.record)
        if self.heading:
            self.draw_heading(surface, self.heading, status or tr("Deal reached"))

    # -- input ----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        super().update(dt)
        if not self._cheered:  # once, on the first frame: stars or badges earned
            self._cheered = True
            if getattr(self.score, "stars", 0) or getattr(self.score, "badges", ()):
                cue(self.services, "badge")

    def on_button(self, key: str) -> None:
        if key == "continue":
            self.navigator.to_campaign()
        elif key == "again":
            self.navigator.start_negotiation(self.level)
        elif key == "replay":
            self.set_step(0)
            self.focus_key("chart")
        elif key == "other":
            self.switch_other()
            self.on_resize(self.size)

    def on_back(self) -> None:
        self.navigator.to_campaign()

    def on_event(self, event: pygame.event.Event) -> bool:
        """The keys 1-9 jump to a point of "Your play"."""
        if event.type == pygame.KEYDOWN and not event.mod & (
            pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META
        ):
            digits = {getattr(pygame, f"K_{n}"): n for n in range(1, 10)}
            digits.update({getattr(pygame, f"K_KP{n}"): n for n in range(1, 10)})
            if event.key in digits:
                return self.jump_to_point(digits[event.key])
        return False

    def text_lines(self) -> list[str]:
        """Return the page's text as laid out (tests read what the player reads)."""
        return [self.heading, self.replay_caption(), *self.page.text_lines()]


def _frontier_2d(points: np.ndarray) -> np.ndarray:
    from game.engine import pareto_indices

    return pareto_indices(points)
