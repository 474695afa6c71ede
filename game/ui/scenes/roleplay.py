"""Two people at one table: who plays which side, the hand-over screen and each side's
confidential brief.

The screens of a role-play follow one another on the stack, each replacing the last, so a
side's private screen is gone (its widgets killed) before the other person sits down:

    players -> hand-over (A) -> A's brief -> A's turn -> hand-over (B) -> B's brief ->
    B's turn -> hand-over (A) -> A's turn -> ... -> hand-over (both) -> joint debrief

:class:`RolePlay` holds the match, who plays each side and which briefs were read; it says
which screen comes next.  A screen drawn for one side is given only ``match.view(side)``:
that side's brief and its own worth of an offer, never the other's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pygame

from game.engine import PLAYER
from game.i18n import N_, tr
from game.levels.loader import LoadedLevel
from game.levels.roleplay import Brief, briefs
from game.levels.text import level_text
from game.roleplay.hotseat import HotSeatMatch, SideView
from game.store import StoreError
from game.ui.fonts import FontRole
from game.ui.keys import KeyBinding
from game.ui.scene import Scene
from game.ui.scenes.common import MARGIN, MenuScene
from game.ui.scenes.dialogs import ConfirmScene, TextPromptScene
from game.ui.widgets.button_row import ButtonSpec, build_row, button_height, row_rects
from game.ui.widgets.document import (
    BarRow,
    Bars,
    Block,
    Bullets,
    DocumentView,
    Heading,
    Paragraph,
)
from game.ui.widgets.list_view import ListRow, ListView

__all__ = [
    "role_play_offer",
    "RolePlay",
    "RolePlayPlayersScene",
    "HandOverScene",
    "RolePlayBriefScene",
    "brief_blocks",
    "points",
    "who",
]

logger = logging.getLogger(__name__)


def who(character: str, role: str) -> str:
    """Return a side as people call it: the character's name, or its role when the level
    calls the player's side just "You" ("a design student buying a tablet")."""
    if character.strip().casefold() in ("", "you"):
        return role
    return character


def points(utility: float) -> str:
    """Return a utility (0..1) as the game's points ("62 points")."""
    return tr("{n} points").format(n=round(utility * 100))


def role_play_offer(level: LoadedLevel, services: Any) -> str | None:
    """Return how a level's briefing offers a role-play: ``"class"`` when the player's class
    plays it as one (the briefing then puts it first), ``"offer"`` when two people may play
    it, None when it cannot be one."""
    from game.levels.roleplay import refusal

    if refusal(level) is not None:
        return None
    data_dir = getattr(services.get("store"), "data_dir", None)
    if data_dir is not None:
        from game.classroom.install import class_role_play

        if class_role_play(data_dir, level) is not None:
            return "class"
    return "offer"


@dataclass
class RolePlay:
    """A role-play under way: the match, each side's profile and which briefs were read."""

    level: LoadedLevel
    profiles: dict[str, str]
    """Profile name by party id (side A is ``player``)."""
    seed: int = 0
    pair: str = ""
    """The pair's id in the class's results (a fresh one when empty)."""
    match: HotSeatMatch = field(init=False)
    briefed: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.match = HotSeatMatch(self.level, dict(self.profiles), seed=self.seed, pair=self.pair)

    def view(self, party: str) -> SideView:
        """Return what ``party`` may see now."""
        return self.match.view(party)

    def next_scene(self) -> Scene:
        """Return the screen after a turn: the hand-over to whoever moves next (or to both
        people together once the talks are over)."""
        if self.match.finished:
            return HandOverScene(self, None)
        return HandOverScene(self, self.match.to_move)

    def after_handover(self, party: str | None) -> Scene | None:
        """Return the screen the person ``party`` sees once they press Enter: their brief
        the first time, then their turn (None: the talks are over, the debrief follows)."""
        if party is None:
            return None
        if party not in self.briefed:
            return RolePlayBriefScene(self, party)
        from game.ui.scenes.roleplay_turn import RolePlayTurnScene

        return RolePlayTurnScene(self, party)


def _leave(scene: MenuScene[Any]) -> None:
    """Esc on a role-play screen: ask, then go back to the title (nothing is saved)."""

    def answered(yes: bool) -> None:
        if yes:
            scene.navigator.to_title()

    scene.open(
        ConfirmScene(
            tr("Stop the role-play?"),
            tr("The talks end here and nothing is saved for either of you."),
            confirm_text=tr("Stop"),
            cancel_text=tr("Keep playing"),
        ),
        answered,
    )


_LEAVE_KEY: KeyBinding[Any] = KeyBinding(
    N_("Esc"), N_("stop the role-play (the game asks first)"), ("ESCAPE",), lambda s, _: _leave(s)
)


# ----------------------------------------------------------------------------- players
class RolePlayPlayersScene(MenuScene):
    """Who plays which side: a profile list per side, "New profile", then Start."""

    KEYS = (
        KeyBinding(N_("Up / Down"), N_("pick a profile in the focused list")),
        KeyBinding(N_("Enter on Start"), N_("begin: the first hand-over screen")),
        KeyBinding(N_("Esc"), N_("back"), ("ESCAPE",), lambda s, _: s.on_back()),
    )

    def __init__(
        self, level: LoadedLevel, seed: int = 0, profiles: dict[str, str] | None = None
    ) -> None:
        super().__init__()
        self.level = level
        self.seed = seed
        self.heading = tr("Role-play: {title}").format(title=level_text(level.model).title)
        self.briefs = briefs(level)
        self.sides = tuple(self.briefs)
        self.chosen: dict[str, str | None] = {
            party: (profiles or {}).get(party) for party in self.sides
        }
        self._profiles: list[str] = []
        self._focus_after = ""

    def enter(self, context: Any) -> None:
        super().enter(context)
        self._load()
        self.installed = self._class()
        if all(name is None for name in self.chosen.values()):
            current = self.services["profile_name"]
            others = [p for p in self._profiles if p != current]
            self.chosen[self.sides[0]] = current
            self.chosen[self.sides[1]] = others[0] if others else None
            if self.installed is not None:
                self._class_pair(current)

    def _class(self) -> Any:
        """Return the installed class whose copy of the level this is, or None."""
        data_dir = getattr(self.services.get("store"), "data_dir", None)
        if data_dir is None:
            return None
        from game.classroom.install import class_of_level

        return class_of_level(data_dir, self.level)

    def _students(self) -> dict[str, str]:
        """Return the student id of each profile here in the level's class: profile -> id."""
        found = {}
        for name in self._profiles:
            try:
                doc = self.services["store"].get_profile(name)
            except StoreError:
                continue
            if doc.get("class_code") == self.installed.code and doc.get("student_id"):
                found[name] = str(doc["student_id"])
        return found

    def _class_pair(self, current: str | None) -> None:
        """Pick the two profiles for a class's role-play: the current student on their seat's
        side of the teacher's pair and their partner, when both are on this computer; else
        the current student and another student of the class."""
        students = self._students()
        by_id = {student: name for name, student in students.items()}
        mine = students.get(current or "")
        for a, b in self.installed.settings.pairs:
            if mine in (a, b):
                self.chosen[self.sides[0]] = by_id.get(a)
                self.chosen[self.sides[1]] = by_id.get(b)
                return
        classmates = [name for name in students if name != current]
        if classmates and self.chosen[self.sides[1]] not in students:
            self.chosen[self.sides[1]] = classmates[0]

    def pair_id(self, profiles: dict[str, str]) -> str:
        """Return the pair id a class's role-play is saved with ("" outside a class)."""
        if getattr(self, "installed", None) is None:
            return ""
        from game.classroom.install import role_play_pair

        students = self._students()
        a, b = (students.get(profiles[party]) for party in self.sides)
        return role_play_pair(self.installed, a, b)

    def _load(self) -> None:
        try:
            self._profiles = [p["name"] for p in self.services["store"].list_profiles()]
        except StoreError as error:
            self._profiles = []
            self.show_banner(" ".join(error.user_lines), "error")

    def _start_reason(self) -> str | None:
        a, b = (self.chosen[p] for p in self.sides)
        if a is None or b is None:
            return tr("Pick or make a profile for each side first")
        if a == b:
            return tr("Each side needs its own profile")
        return None

    def _footer(self) -> list[ButtonSpec]:
        return [
            ButtonSpec("back", tr("Back")),
            ButtonSpec("start", tr("Start"), self._start_reason()),
        ]

    INTRO = N_(
        "Two people, one keyboard. Each side gets a confidential brief; "
        "a hand-over screen comes between turns so neither sees the other's."
    )

    def intro_text(self) -> str:
        """Return the words above the two sides (with the class's pairing, for a class level)."""
        installed = getattr(self, "installed", None)
        if installed is None:
            return tr(self.INTRO)
        pairs = (
            tr("pick your teacher's pair: the first of the pair on the roster plays side A")
            if installed.settings.pairs
            else tr("pick the two students of your pair")
        )
        return tr(
            "{intro} A level of your class {name}: {pairs}. The result goes to your teacher "
            "with your pair's id."
        ).format(intro=tr(self.INTRO), name=installed.name, pairs=pairs)

    def _two_columns(self, width: int) -> bool:
        return width - 3 * MARGIN >= self.fonts.scaled_size(640)

    def _title_height(self, width: int) -> int:
        assert self.control_style is not None
        text = self.control_style.text
        return 8 + max(
            min(2, len(text.wrap(self._side_title(p), FontRole.BOLD, 20, width)))
            * text.line_height(FontRole.BOLD, 20)
            for p in self.sides
        )

    def _side_height(self, column_w: int) -> int:
        """Return the height one side needs: its title, a few rows of profiles, its button."""
        new_h = button_height(self.fonts) + 8
        rows = 3 * (self.fonts.line_height(FontRole.BOLD, ListView.TITLE_SIZE) + 16)
        return self._title_height(column_w) + rows + new_h

    def min_height(self, width: int) -> int:
        if self.control_style is None:
            return 0
        inner = width - 2 * MARGIN
        intro = self.control_style.text.text_height(self.intro_text(), FontRole.BODY, 18, inner)
        intro += 12
        frame = self.frame_height(width, self._footer()) + intro
        if self._two_columns(width):
            return frame + self._side_height((width - 3 * MARGIN) // 2)
        return frame + 2 * self._side_height(inner) + 16

    def _side_title(self, party: str) -> str:
        brief = self.briefs[party]
        letter = "A" if party == PLAYER else "B"
        if who(brief.character, brief.role) == brief.role:
            return tr("Side {letter}: {role}").format(letter=letter, role=brief.role)
        return tr("Side {letter}: {character}, {role}").format(
            letter=letter, character=brief.character, role=brief.role
        )

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width, height = size
        fonts = self.fonts
        top = self.content_top()
        intro = self.intro_text()
        self.intro_rect = pygame.Rect(MARGIN, top, width - 2 * MARGIN, 0)
        self.intro_rect.height = self.control_style.text.text_height(
            intro, FontRole.BODY, 18, self.intro_rect.width
        )
        self.intro = intro
        top = self.intro_rect.bottom + 12
        _, footer_top = self.build_footer(self._footer(), width, height - MARGIN, align="right")
        two = self._two_columns(width)
        column_w = (width - 3 * MARGIN) // 2 if two else width - 2 * MARGIN
        new_specs = [ButtonSpec("new", tr("New profile"))]
        new_h = max(r.bottom for r in row_rects(new_specs, pygame.Rect(0, 0, column_w, 10), fonts))
        title_h = self._title_height(column_w)
        self.side_titles: list[tuple[str, pygame.Rect]] = []
        if two:
            spans = [(MARGIN, top, footer_top - 16), (2 * MARGIN + column_w, top, footer_top - 16)]
        else:
            half = (footer_top - 16 - top) // 2
            spans = [(MARGIN, top, top + half - 8), (MARGIN, top + half + 8, footer_top - 16)]
        for party, (x, y0, y1) in zip(self.sides, spans, strict=True):
            title_rect = pygame.Rect(x, y0, column_w, title_h)
            self.side_titles.append((self._side_title(party), title_rect))
            list_top = title_rect.bottom
            list_h = max(fonts.scaled_size(60), y1 - new_h - 8 - list_top)
            profiles = ListView(
                fonts,
                self.palette,
                on_select=self._picker(party),
                empty_text=tr("No profiles yet: press New profile."),
            )
            profiles.set_rect(pygame.Rect(x, list_top, column_w, list_h))
            profiles.set_rows(
                [ListRow(name, name) for name in self._profiles],
                select_key=self.chosen[party],
            )
            self.track(profiles, f"list:{party}")
            buttons, _ = build_row(
                [ButtonSpec(f"new:{party}", tr("New profile"))],
                pygame.Rect(x, profiles.rect.bottom + 8, column_w, new_h),
                fonts,
                self.control_style,
            )
            self.add_buttons(buttons)

    def draw_back(self, surface: pygame.Surface) -> None:
        super().draw_back(surface)
        assert self.control_style is not None
        text = self.control_style.text
        text.draw_wrapped(
            surface, self.intro, FontRole.BODY, 18, self.palette.colour("text"), self.intro_rect
        )
        for words, rect in self.side_titles:
            text.draw_wrapped(
                surface, words, FontRole.BOLD, 20, self.palette.colour("text"), rect, max_lines=2
            )

    def initial_focus(self) -> None:
        if self._start_reason() is None and self.focus_key("start"):
            return
        missing = [p for p in self.sides if self.chosen[p] is None] or [self.sides[1]]
        self.focus_key(f"list:{missing[0]}")

    def _picker(self, party: str) -> Callable[[ListRow], None]:
        return lambda row: self._pick(party, row.key)

    def _pick(self, party: str, name: str) -> None:
        if self.chosen[party] == name:
            return
        self.chosen[party] = name
        self._focus_key = f"list:{party}"
        self.on_resize(self.size)

    def on_button(self, key: str) -> None:
        if key == "back":
            self.on_back()
        elif key == "start":
            if self._start_reason() is None:
                self.begin()
        elif key.startswith("new:"):
            party = key.split(":", 1)[1]
            self.open(
                TextPromptScene(
                    tr("New profile for {character}").format(
                        character=who(self.briefs[party].character, self.briefs[party].role)
                    ),
                    tr("Type a name for the person playing this side (1 to 40 characters)."),
                    lambda text: self._create(party, text),
                    placeholder="e.g. Sam",
                    submit_text=tr("Create profile"),
                )
            )

    def _create(self, party: str, text: str) -> str | None:
        try:
            profile = self.services["store"].create_profile(text)
        except StoreError as error:
            return " ".join(error.user_lines)
        self._load()
        self.chosen[party] = profile["name"]
        self._focus_after = "start" if self._start_reason() is None else f"list:{party}"
        return None

    def resume(self) -> None:
        if self.control_style is not None:
            self.on_resize(self.size)
            if self._focus_after:
                self.focus_key(self._focus_after)
                self._focus_after = ""

    def begin(self) -> None:
        """Start the match and show the first hand-over screen."""
        profiles = {party: str(self.chosen[party]) for party in self.sides}
        play = RolePlay(self.level, profiles, seed=self.seed, pair=self.pair_id(profiles))
        self.stack.replace(play.next_scene())


# ----------------------------------------------------------------------------- hand-over
class HandOverScene(MenuScene):
    """ "Pass the keyboard to Sam": nothing private on it, only whose turn and the round.

    ``party`` None: the talks are over and both people look at the joint debrief together.
    """

    KEYS = (
        KeyBinding(N_("Enter"), N_("I am the person named: show my screen")),
        _LEAVE_KEY,
    )

    def __init__(self, play: RolePlay, party: str | None) -> None:
        super().__init__()
        self.play = play
        self.party = party
        self.heading = tr("Role-play: {title}").format(title=level_text(play.level.model).title)

    def lines(self) -> list[tuple[str, str, int]]:
        """Return what the screen says: (font role, words, design size)."""
        match = self.play.match
        state = match.session.state
        deadline = self.play.level.negotiation.rules.deadline_rounds
        if self.party is None:
            return [
                (FontRole.HEADING, tr("The talks are over"), 40),
                (
                    FontRole.BODY,
                    tr(
                        "{a} and {b}: look at the screen together. The joint debrief shows "
                        "both briefs."
                    ).format(a=match.names[PLAYER], b=match.names[match.side_b]),
                    22,
                ),
                (FontRole.ITALIC, tr("Press Enter for the joint debrief."), 20),
            ]
        name = match.names[self.party]
        character = who(match.briefs[self.party].character, match.briefs[self.party].role)
        other = match.names[match.other(self.party)]
        return [
            (FontRole.HEADING, tr("Pass the keyboard to {name}").format(name=name), 40),
            (
                FontRole.BODY,
                tr("{name} plays {character}. {other}, please look away.").format(
                    name=name, character=character, other=other
                ),
                22,
            ),
            (
                FontRole.BODY,
                tr("Round {n} of {total}.").format(
                    n=min(state.round + 1, deadline), total=deadline
                ),
                20,
            ),
            (FontRole.ITALIC, tr("{name} presses Enter when ready.").format(name=name), 20),
        ]

    def _button_text(self) -> str:
        if self.party is None:
            return tr("Show the joint debrief")
        return tr("I am {name}: show my screen").format(name=self.play.match.names[self.party])

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width, height = size
        top = self.content_top() + self.fonts.scaled_size(40)
        inner = pygame.Rect(MARGIN * 2, top, width - 4 * MARGIN, 0)
        text = self.control_style.text
        self.placed: list[tuple[str, str, int, pygame.Rect]] = []
        y = inner.top
        for role, words, size_ in self.lines():
            h = text.text_height(words, role, size_, inner.width)
            self.placed.append((role, words, size_, pygame.Rect(inner.left, y, inner.width, h)))
            y += h + 16
        specs = [ButtonSpec("ready", self._button_text())]
        rects = row_rects(specs, pygame.Rect(inner.left, y + 8, inner.width, 10), self.fonts)
        buttons, _ = build_row(
            specs,
            pygame.Rect(inner.left, y + 8, inner.width, rects[0].height),
            self.fonts,
            self.control_style,
        )
        self.add_buttons(buttons)

    def min_height(self, width: int) -> int:
        return self.fonts.scaled_size(420)

    def draw_back(self, surface: pygame.Surface) -> None:
        super().draw_back(surface)
        assert self.control_style is not None
        for role, words, size, rect in self.placed:
            colour = self.palette.colour("text_muted" if role == FontRole.ITALIC else "text")
            self.control_style.text.draw_wrapped(surface, words, role, size, colour, rect)

    def initial_focus(self) -> None:
        self.focus_key("ready")

    def on_button(self, key: str) -> None:
        if key == "ready":
            self.ready()

    def ready(self) -> None:
        """The person named sat down: their brief or turn, or the joint debrief."""
        following = self.play.after_handover(self.party)
        if following is None:
            self.navigator.to_role_play_debrief(self.play)
        else:
            self.stack.replace(following)

    def on_back(self) -> None:
        _leave(self)


# ----------------------------------------------------------------------------- the brief
def brief_blocks(level: LoadedLevel, brief: Brief) -> list[Block]:
    """Return one side's confidential brief as a page (its own numbers only)."""
    space = level.negotiation.space
    top = max(brief.weights.values(), default=0.0) or 1.0
    bars = tuple(
        BarRow(
            issue.name, brief.weights[issue.id] / top, f"{round(brief.weights[issue.id] * 100)} %"
        )
        for issue in space.issues
    )
    blocks: list[Block] = [
        Paragraph(tr("Confidential: only you may read this page."), muted=True, size=17),
        Heading(tr("Your story")),
        Paragraph(brief.story),
        Paragraph(
            brief.role
            if who(brief.character, brief.role) == brief.role
            else f"{brief.character}, {brief.role}",
            label=tr("You are:"),
        ),
        Heading(tr("Your priorities")),
        Paragraph(
            tr(
                "How much each issue matters to you (shares of 100 %; the biggest is the full bar)."
            ),
            muted=True,
            size=16,
        ),
        Bars(bars),
        Heading(tr("What you like best")),
        Bullets(tuple(f"{issue.name}: {brief.best[issue.id]}" for issue in space.issues)),
        Heading(tr("Your BATNA")),
        Paragraph(brief.batna, label=tr("If there is no deal:")),
        Paragraph(
            tr(
                "No deal is worth {value} to you: a deal worth less leaves you worse off than "
                "walking away."
            ).format(value=points(brief.reservation)),
            size=17,
        ),
    ]
    if brief.interests:
        blocks.append(Heading(tr("Your interests")))
        blocks.append(Bullets(tuple(f"You {_you(fact)}" for fact in brief.interests)))
    if brief.knows:
        blocks.append(Heading(tr("What you know")))
        blocks.append(Bullets(brief.knows))
    if brief.cards:
        blocks.append(Heading(tr("Evidence cards you hold")))
        blocks.append(Bullets(tuple(f"{card.title}: {card.text}" for card in brief.cards)))
    rules = level.negotiation.rules
    blocks.append(Heading(tr("Time")))
    blocks.append(
        Paragraph(
            tr(
                "{rounds} rounds; up to {talk} talk moves in each turn. Questions the other "
                "person asks wait for your answer at your next turn: answer truthfully or not, "
                "as you judge."
            ).format(rounds=rules.deadline_rounds, talk=rules.talk_limit)
        )
    )
    return blocks


def _you(fact: str) -> str:
    """Return an interest written about the character ("is measured on ...") for "You"."""
    for said, you in (("is ", "are "), ("has ", "have "), ("was ", "were "), ("does ", "do ")):
        if fact.startswith(said):
            return you + fact[len(said) :]
    return fact


class RolePlayBriefScene(MenuScene):
    """One side's confidential brief, shown to that side before its first turn."""

    KEYS = (
        KeyBinding(N_("Up / Down / PageUp / PageDown"), N_("scroll the brief")),
        KeyBinding(N_("Enter on Start my turn"), N_("go to your turn")),
        _LEAVE_KEY,
    )

    @property
    def footer(self) -> tuple[ButtonSpec, ...]:
        """The button under the brief, in the language now chosen."""
        return (ButtonSpec("turn", tr("Start my turn")),)

    def __init__(self, play: RolePlay, party: str) -> None:
        super().__init__()
        self.play = play
        self.party = party
        view = play.view(party)
        self.brief = view.brief
        self.heading = tr("{name}: your brief as {character}").format(
            name=view.name, character=who(view.brief.character, view.brief.role)
        )

    def min_height(self, width: int) -> int:
        return self.frame_height(width, self.footer) + self.fonts.scaled_size(200)

    def layout(self, size: tuple[int, int]) -> None:
        width, height = size
        top = self.content_top()
        _, footer_top = self.build_footer(self.footer, width, height - MARGIN, align="right")
        page = DocumentView(self.fonts, self.palette)
        page.set_rect(pygame.Rect(MARGIN, top, width - 2 * MARGIN, footer_top - 16 - top))
        page.set_blocks(brief_blocks(self.play.level, self.brief))
        self.page = self.track(page, "page")

    def initial_focus(self) -> None:
        self.focus_key("turn")

    def text_lines(self) -> list[str]:
        """Return the brief as laid out (tests read what the player reads)."""
        return [self.heading, *self.page.text_lines()]

    def on_button(self, key: str) -> None:
        if key == "turn":
            self.play.briefed.add(self.party)
            following = self.play.after_handover(self.party)
            assert following is not None
            self.stack.replace(following)

    def on_back(self) -> None:
        _leave(self)
