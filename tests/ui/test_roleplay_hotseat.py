"""Two people at one keyboard: a whole role-play of the tablet deal played with keys only,
from picking the profiles to the joint debrief, with every string the game draws recorded
and checked: no frame shown to one side holds the other side's private numbers, and the
hand-over screen holds nothing private at all."""

from __future__ import annotations

from functools import cache

import pygame
import pytest

from game.engine import PLAYER, MoveKind
from game.levels.catalog import resolve_level
from game.levels.loader import LoadedLevel, load_level
from game.levels.roleplay import Brief
from game.ui import fonts as fonts_module
from game.ui.scenes.dialogs import ConfirmScene
from game.ui.scenes.roleplay import (
    HandOverScene,
    RolePlayBriefScene,
    RolePlayPlayersScene,
    points,
)
from game.ui.scenes.roleplay_debrief import RolePlayDebriefScene
from game.ui.scenes.roleplay_forms import AnswerScene, OfferScene, PickScene
from game.ui.scenes.roleplay_turn import RolePlayTurnScene
from game.ui.scenes.title import TitleScene
from game.ui.widgets import document
from game.ui.widgets.text_cache import TextCache

B = "nova"


@cache
def tablet() -> LoadedLevel:
    return load_level(resolve_level("tablet-deal"))


class Recorder:
    """Every string the game renders, with who was at the keyboard when it was drawn."""

    def __init__(self) -> None:
        self.app = None
        self.drawn: list[tuple[str, str]] = []

    def viewer(self) -> str:
        if self.app is None or self.app.runner is None:
            return "other"
        for scene in reversed(list(self.app.stack)):
            if isinstance(scene, HandOverScene):
                return "handover"
            if isinstance(scene, RolePlayDebriefScene):
                return "debrief"
            view = getattr(scene, "view", None)
            party = getattr(scene, "party", None) or getattr(view, "party", None)
            if isinstance(party, str):
                return party
        return "other"

    def seen_by(self, viewer: str) -> list[str]:
        return [text for who, text in self.drawn if who == viewer]


@pytest.fixture
def recorder(monkeypatch):
    """Record what is drawn: the fonts' own render and the shared text cache's (a cache hit
    draws a surface rendered earlier: it is recorded for whoever sees it now)."""
    rec = Recorder()
    font_render = fonts_module._SafeFont.render
    cache_render = TextCache.render

    def render_font(self, text, *args, **kwargs):
        if isinstance(text, str):
            rec.drawn.append((rec.viewer(), text))
        return font_render(self, text, *args, **kwargs)

    def render_cached(self, text, *args, **kwargs):
        rec.drawn.append((rec.viewer(), text))
        return cache_render(self, text, *args, **kwargs)

    monkeypatch.setattr(fonts_module._SafeFont, "render", render_font)
    monkeypatch.setattr(TextCache, "render", render_cached)
    document.forget_layouts()  # pages laid out by earlier tests render again here
    return rec


def private_strings(brief: Brief, own: Brief) -> tuple[set[str], list[str]]:
    """Return (whole strings, substrings) that would give ``brief``'s side away to the side
    whose brief is ``own``: its priorities as shown, its BATNA's worth, its interests and what
    it knows (numbers the two sides happen to share are left out)."""
    shares = {f"{round(w * 100)} %" for w in brief.weights.values()}
    shares -= {f"{round(w * 100)} %" for w in own.weights.values()}
    phrases = [
        f"no deal: {points(brief.reservation)}",
        f"No deal is worth {points(brief.reservation)}",
        *brief.interests,
        *brief.knows,
        brief.batna[:40],
        brief.story[:40],
    ]
    return shares, [p for p in phrases if p]


def assert_private(drawn: list[str], brief: Brief, own: Brief, who: str) -> None:
    shares, phrases = private_strings(brief, own)
    leaked = sorted({text for text in drawn if text.strip() in shares})
    assert not leaked, f"{who} saw the other side's priorities: {leaked}"
    for text in drawn:
        for phrase in phrases:
            assert phrase not in text, f"{who} saw {phrase!r} in {text!r}"


def test_a_whole_role_play_by_keyboard_keeps_each_brief_private(make_app, drive, recorder):
    level = tablet()
    app = make_app(profile="Ana", route=lambda: [TitleScene(), RolePlayPlayersScene(level, 5)])
    recorder.app = app
    key = drive.key

    def press(*keys, text: str = "") -> object:
        events = [key(k) for k in keys]
        if text:
            events = drive.text(text) + events
        drive.run(app, {0: events}, frames=3)
        return app.stack.top

    def tab_to(name: str) -> None:
        for _ in range(30):
            top = app.stack.top
            focused = top.focus.focused
            if focused is not None and top.key_of(focused) == name:
                return
            press(pygame.K_TAB)
        raise AssertionError(f"Tab never reached {name!r} on {type(app.stack.top).__name__}")

    players = app.stack.top
    assert isinstance(players, RolePlayPlayersScene)
    assert players.chosen == {PLAYER: "Ana", B: None}  # the title's profile plays side A

    # Side B has no profile yet: make one from its own "New profile" button.
    tab_to(f"new:{B}")
    assert press(pygame.K_RETURN).__class__.__name__ == "TextPromptScene"
    top = press(pygame.K_RETURN, text="Sam")
    assert top is players and players.chosen == {PLAYER: "Ana", B: "Sam"}
    assert top.key_of(top.focus.focused) == "start"

    # Nova opens in this level: the keyboard goes to Sam first.
    handover = press(pygame.K_RETURN)
    assert isinstance(handover, HandOverScene) and handover.party == B
    assert handover.lines()[0][1] == "Pass the keyboard to Sam"
    brief = press(pygame.K_RETURN)
    assert isinstance(brief, RolePlayBriefScene) and brief.party == B
    shown = "\n".join(brief.text_lines())
    assert "55 %" in shown and "60 points" in shown  # Nova's own numbers, to Nova only
    assert "Last season" in shown or "last season" in shown  # an interest of Nova's

    turn = press(pygame.K_RETURN)
    assert isinstance(turn, RolePlayTurnScene) and turn.party == B
    # A note (N), then ask what matters (Q): a talk move keeps the turn.
    press(pygame.K_n)
    press(pygame.K_TAB, text="What matters most to you?")
    assert press(pygame.K_q) is turn
    match = turn.play.match
    asked = match.messages()[-1]
    assert asked.kind is MoveKind.ASK_PRIORITIES and asked.note == "What matters most to you?"
    assert turn.note == ""
    # Make an offer (O), propose it (P): the turn ends, the hand-over screen replaces it.
    assert isinstance(press(pygame.K_o), OfferScene)
    handover = press(pygame.K_p)
    assert isinstance(handover, HandOverScene) and handover.party == PLAYER
    assert match.session.state.table is not None

    # Ana's first turn: her brief, then the question waiting for her answer.
    assert isinstance(press(pygame.K_RETURN), RolePlayBriefScene)
    turn = press(pygame.K_RETURN)
    assert isinstance(turn, RolePlayTurnScene) and turn.party == PLAYER
    assert [q.kind for q in turn.view.open_questions] == [MoveKind.ASK_PRIORITIES]
    assert any("Worth to you:" in line for line in turn.text_lines())
    answer = press(pygame.K_RETURN)  # Enter on "Answer (X)", the first focus
    assert isinstance(answer, AnswerScene)
    press(pygame.K_RIGHT, pygame.K_RIGHT)  # says Price matters a little more than it does
    tab_to("send")
    assert press(pygame.K_RETURN) is turn
    said = match.messages()[-1]
    assert said.kind is MoveKind.STATE_PRIORITIES and said.answers == asked.index
    assert turn.view.open_questions == ()
    # Cite her card (B), then ask why Price matters to Nova (Y): both from a short list.
    assert isinstance(press(pygame.K_b), PickScene)
    press(pygame.K_RETURN)
    assert match.messages()[-1].card == "shop-across-road"
    assert isinstance(press(pygame.K_y), PickScene)
    press(pygame.K_RETURN)
    assert match.messages()[-1].kind is MoveKind.ASK_WHY
    # Counter-offer: the form starts from the offer on the table; more accessories.
    offer_form = press(pygame.K_o)
    assert isinstance(offer_form, OfferScene)
    tab_to("issue:accessories")
    press(pygame.K_RIGHT, pygame.K_RIGHT, pygame.K_RIGHT)
    handover = press(pygame.K_p)
    assert isinstance(handover, HandOverScene) and handover.party == B
    countered = match.messages()[-1].offer
    assert countered is not None and countered.terms["accessories"] == "case, keyboard and pen"

    # Sam again: straight to the turn (the brief was read), the question first.
    turn = press(pygame.K_RETURN)
    assert isinstance(turn, RolePlayTurnScene) and turn.party == B
    lines = "\n".join(turn.text_lines())
    assert "Competitor's price" in lines  # the card Ana cited may now be read
    answer = press(pygame.K_x)
    assert isinstance(answer, AnswerScene) and answer.kind == "pairwise"
    tab_to("send")
    press(pygame.K_RETURN)
    assert match.messages()[-1].kind is MoveKind.STATE_PREFERENCE
    handover = press(pygame.K_a)  # accept Ana's package
    assert isinstance(handover, HandOverScene) and handover.party is None
    assert match.finished

    debrief = press(pygame.K_RETURN)
    assert isinstance(debrief, RolePlayDebriefScene)
    page = "\n".join(debrief.text_lines())
    assert "Price: 34 %" in page and "Price: 55 %" in page  # both briefs, revealed
    assert "Saved in the histories of Ana and Sam." in page
    assert "Findings for Ana" in page and "Findings for Sam" in page

    # Both profiles keep their own side's record, with the level's role.
    (ana,) = app.store.history("Ana")
    (sam,) = app.store.history("Sam")
    briefs = match.briefs
    assert ana["role_play"]["role"] == briefs[PLAYER].role and ana["role_play"]["as"] == PLAYER
    assert sam["role_play"]["role"] == briefs[B].role and sam["role_play"]["partner"] == "Ana"
    assert ana["role_play"]["pair"] == sam["role_play"]["pair"]
    assert ana["agreement"] is True and sam["agreement"] is True

    # What each side saw: its own numbers, never the other's.
    seen_a, seen_b = recorder.seen_by(PLAYER), recorder.seen_by(B)
    assert "34 %" in seen_a and "55 %" in seen_b  # the recorder saw each brief
    assert_private(seen_a, briefs[B], briefs[PLAYER], "Ana")
    assert_private(seen_b, briefs[PLAYER], briefs[B], "Sam")
    # The hand-over screen: names and the round, nothing private of either side.
    between = recorder.seen_by("handover")
    assert any("Pass the keyboard to Sam" in t for t in between)
    for text in between:
        assert "%" not in text and "points" not in text, text
    assert_private(between, briefs[B], briefs[PLAYER], "the hand-over screen")
    assert_private(between, briefs[PLAYER], briefs[B], "the hand-over screen")


def test_walking_away_asks_first_and_both_profiles_get_the_result(make_app, drive):
    level = tablet()
    app = make_app(profile="Ana", route=lambda: [TitleScene()])
    app.store.create_profile("Sam")
    app.navigator.to_role_play(level)
    drive.settle(app)
    players = app.stack.top
    assert isinstance(players, RolePlayPlayersScene)
    assert players.chosen == {PLAYER: "Ana", B: "Sam"}

    def press(*keys):
        drive.run(app, {0: [drive.key(k) for k in keys]}, frames=3)
        return app.stack.top

    assert isinstance(press(pygame.K_RETURN), HandOverScene)  # Start: the first focus
    assert isinstance(press(pygame.K_RETURN), RolePlayBriefScene)  # Sam's brief
    turn = press(pygame.K_RETURN)
    assert isinstance(turn, RolePlayTurnScene)
    confirm = press(pygame.K_w)
    assert isinstance(confirm, ConfirmScene) and confirm.title == "Walk away?"
    assert press(pygame.K_RETURN) is turn  # the focus starts on "Stay"
    assert not turn.play.match.finished
    press(pygame.K_w)
    handover = press(pygame.K_TAB, pygame.K_RETURN)
    assert isinstance(handover, HandOverScene) and handover.party is None
    debrief = press(pygame.K_RETURN)
    assert isinstance(debrief, RolePlayDebriefScene)
    assert debrief.debrief.status == "walked_away"
    assert len(app.store.history("Ana")) == len(app.store.history("Sam")) == 1


def test_stopping_a_role_play_asks_and_saves_nothing(make_app, drive):
    level = tablet()
    app = make_app(profile="Ana", route=lambda: [TitleScene()])
    app.store.create_profile("Sam")
    app.navigator.to_role_play(level)
    drive.settle(app)

    def press(*keys):
        drive.run(app, {0: [drive.key(k) for k in keys]}, frames=3)
        return app.stack.top

    press(pygame.K_RETURN)
    handover = app.stack.top
    assert isinstance(handover, HandOverScene)
    confirm = press(pygame.K_ESCAPE)
    assert isinstance(confirm, ConfirmScene) and confirm.title == "Stop the role-play?"
    assert press(pygame.K_TAB, pygame.K_RETURN).__class__ is TitleScene
    assert app.store.history("Ana") == [] and app.store.history("Sam") == []


def test_the_moves_that_cannot_be_made_say_why(make_app, drive):
    level = tablet()
    app = make_app(profile="Ana", route=lambda: [TitleScene()])
    app.store.create_profile("Sam")
    app.navigator.to_role_play(level)
    drive.settle(app)
    for _ in range(3):
        drive.run(app, {0: [drive.key(pygame.K_RETURN)]}, frames=3)
    turn = app.stack.top
    assert isinstance(turn, RolePlayTurnScene) and turn.party == B
    # Nothing on the table yet, and Nova holds no card in this level.
    assert turn.built_button("accept").tool_tip_text == "There is no offer on the table yet"
    assert turn.built_button("cite").tool_tip_text == "You hold no evidence cards"
    assert not turn.built_button("accept").is_enabled
    drive.run(app, {0: [drive.key(pygame.K_a)]}, frames=3)
    assert app.stack.top is turn and not turn.play.match.messages()
    assert turn.banner is not None and "Not now" in turn.banner.message.text


def test_an_offer_with_a_contingent_clause_by_keyboard(make_app, drive):
    level = load_level(resolve_level("app-earnout"))
    app = make_app(profile="Ana", route=lambda: [TitleScene()])
    app.store.create_profile("Sam")
    app.navigator.to_role_play(level)
    drive.settle(app)

    def press(*keys):
        drive.run(app, {0: [drive.key(k) for k in keys]}, frames=3)
        return app.stack.top

    for _ in range(3):  # Start, the hand-over, the brief
        press(pygame.K_RETURN)
    turn = app.stack.top
    assert isinstance(turn, RolePlayTurnScene)
    form = press(pygame.K_o)
    assert isinstance(form, OfferScene)
    for _ in range(40):
        focused = form.focus.focused
        if focused is not None and form.key_of(focused) == "clause":
            break
        press(pygame.K_TAB)
    press(pygame.K_SPACE)  # add an "if" clause
    assert form.builder is not None and form.builder.clause_on
    # The clause's controls are laid out and reachable with Tab at once.
    clause_rows = form.builder.clause_rows()
    assert clause_rows and all(row.happens.rect.width > 0 for row in clause_rows)
    assert clause_rows[0].happens in form.focus.elements
    assert isinstance(press(pygame.K_p), HandOverScene)
    offered = turn.play.match.messages()[-1]
    assert offered.kind is MoveKind.OFFER and offered.offer is not None
    assert offered.offer.clause is not None
