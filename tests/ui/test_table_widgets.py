"""The negotiation table's widgets on their own: controls, gauge, builder, menu, stances."""

from __future__ import annotations

from types import SimpleNamespace

import pygame
import pytest

from game.engine import ContingentClause, Move, MoveKind, Offer, Proposal
from game.ui.table.result import SaveJob
from game.ui.table.words import change_line, mood_words, player_line, priorities_words
from game.ui.widgets.controls import Button, ControlStyle, IndexSlider, Picker, Toggle
from game.ui.widgets.gauge import ValueGauge, verdict
from game.ui.widgets.move_menu import MOVES, MoveMenu, TableFacts, moves_for, reason_text
from game.ui.widgets.offer_builder import OfferBuilder
from game.ui.widgets.party_strip import coalitions, stance_of
from game.ui.widgets.scroll_column import Column, Panel
from game.ui.widgets.text_cache import TextCache

from .table_harness import level


@pytest.fixture
def style(context):
    return ControlStyle(context.fonts, context.palette, TextCache(context.fonts))


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def test_steppers_and_toggles_follow_keys_and_stop_at_the_ends(style):
    changes = []
    slider = IndexSlider(style, "s", ["$1", "$2", "$3"], 1, changes.append)
    assert slider.handle_key(key(pygame.K_RIGHT)) and slider.index == 2
    assert slider.handle_key(key(pygame.K_RIGHT)) and slider.index == 2  # no wrap
    slider.handle_key(key(pygame.K_HOME))
    assert slider.index == 0 and changes == [2, 0]
    assert not slider.handle_key(key(pygame.K_a))
    long = IndexSlider(style, "l", [str(v) for v in range(100)], 0)
    long.handle_key(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RIGHT, mod=pygame.KMOD_SHIFT))
    assert long.index == 10
    picker = Picker(style, "p", ["none", "case"], 0)
    picker.disable("left open")
    assert not picker.handle_key(key(pygame.K_RIGHT)) and picker.index == 0
    assert picker.tool_tip_text == "left open"
    box = Toggle(style, "t", "Leave open")
    box.handle_key(key(pygame.K_SPACE))
    assert box.checked


def test_a_disabled_button_keeps_its_reason_and_does_not_press(style):
    pressed = []
    button = Button(style, "b", "Accept", pressed.append, shortcut="A", description="Accept it")
    button.disable("Not now: it is not your turn.")
    assert not button.press() and not pressed
    assert button.tool_tip_text == "Not now: it is not your turn."
    button.enable()
    assert button.press() and pressed == [button]
    assert button.tool_tip_text == "Accept it"
    button.shown = False
    assert not button.visible


def test_verdicts_say_it_in_words():
    assert verdict(0.32, value=0.5).kind == "good"
    assert "beats your BATNA (0.32) by 0.18" in verdict(0.32, value=0.5).words
    assert verdict(0.32, value=0.1).kind == "bad"
    assert verdict(0.32, value=0.32).kind == "even"
    assert verdict(0.32, low=0.4, high=0.9).kind == "good"
    assert verdict(0.32, low=0.1, high=0.2).kind == "bad"
    assert verdict(0.32, low=0.1, high=0.9).kind == "maybe"


def test_the_gauge_writes_its_number_and_verdict(style, display):
    gauge = ValueGauge(style)
    gauge.set(batna=0.32, value=0.58)
    assert gauge.text() == "Worth to you: 0.58 — beats your BATNA (0.32) by 0.26"
    gauge.set(batna=0.32, low=0.2, high=0.7)
    assert "0.20 to 0.70" in gauge.text()
    gauge.set_marks([(0.4, 1), (0.6, 2)])
    surface = pygame.Surface((400, 200))
    gauge.draw(surface, pygame.Rect(0, 0, 400, gauge.preferred_height(400)))


def test_the_builder_makes_partial_and_contingent_offers(style):
    negotiation = level("book-deal").negotiation
    builder = OfferBuilder(style, negotiation)
    offer = Offer({"advance": 15000.0, "royalty": "12%", "release": 6.0})
    builder.set_from_offer(offer)
    assert builder.offer() == offer
    builder.row("release").open_box.set_checked(True)
    assert builder.partial and builder.open_issues() == ["release"]
    assert "release" not in builder.offer().terms
    builder.row("release").open_box.set_checked(False)
    builder.clause_box.set_checked(True)
    builder.clause_row("royalty").happens.set_index(3)
    builder.clause_row("royalty").otherwise.set_index(0)
    made = builder.offer()
    assert made.clause == ContingentClause("bestseller", {"royalty": "15%"}, {"royalty": "8%"})
    assert "royalty" not in made.terms
    assert not builder.row("royalty").control.visible  # decided by the clause
    assert "Royalty if it happens: 15%" in builder.describe_choices()
    again = OfferBuilder(style, negotiation)
    again.set_from_offer(made)
    assert again.offer() == made and again.clause_on


def test_moves_a_level_cannot_use_are_left_out():
    plain = {spec.kind for spec in moves_for(TableFacts())}
    assert MoveKind.ASK_MEDIATOR not in plain and MoveKind.RESTATE_INTERESTS not in plain
    assert MoveKind.LET_GO not in plain and MoveKind.ACKNOWLEDGE_GRIEVANCE not in plain
    assert {MoveKind.ASK_PRIORITIES, MoveKind.THREATEN, MoveKind.WALK_AWAY} <= plain
    assert MoveKind.ASK_PROOF not in plain  # no character here makes claims
    everything = TableFacts(True, True, True, True, True, True, True)
    assert len(moves_for(everything)) == len(MOVES)


def test_the_menu_disables_moves_with_the_engine_reason(style):
    menu = MoveMenu(style, moves_for(TableFacts()), lambda spec: None)
    legal = {spec.kind: None for spec in menu.specs}
    legal[MoveKind.APOLOGISE] = "there is nothing to apologise for"
    menu.apply(legal)
    button = menu.button_for(MoveKind.APOLOGISE)
    assert not button.is_enabled
    assert button.tool_tip_text == reason_text("there is nothing to apologise for")
    assert menu.button_for(MoveKind.ASK_PRIORITIES).is_enabled
    menu.apply(legal, closed="the talks are over")
    assert not any(b.is_enabled for b in menu.buttons.values())
    assert menu.measure(600) > 0 and menu.measure(300) > menu.measure(1200)


def test_stances_and_coalitions_are_words():
    table = Proposal(Offer({}), "player", 0, frozenset({"player", "a"}), frozenset({"b"}))
    active = ("player", "a", "b", "c")
    stances = {p: stance_of(p, table, active) for p in (*active, "d")}
    assert stances == {
        "player": "proposed",
        "a": "supports",
        "b": "opposes",
        "c": "undecided",
        "d": "left",
    }
    lines = coalitions(stances, {"player": "You", "a": "Ana", "b": "Bo", "c": "Cy", "d": "Di"})
    assert lines == [
        "Supporting together: You, Ana",
        "Opposing: Bo",
        "Undecided: Cy",
        "Left the table: Di",
    ]


class _Block(Panel):
    def __init__(self, height: int, flex: bool = False) -> None:
        super().__init__()
        self.height = height
        self.flex = flex

    def measure(self, width: int) -> int:
        return self.height


def test_a_column_gives_the_spare_height_to_its_flexible_panel_and_scrolls_otherwise():
    log, card = _Block(100, flex=True), _Block(150)
    column = Column("talk", gap=10)
    column.set(pygame.Rect(0, 0, 300, 500), [log, card])
    assert log.rect.height == 340 and card.rect.bottom == 500 and not column.scrollable
    column.set(pygame.Rect(0, 0, 300, 200), [log, card])
    assert column.scrollable and column.max_scroll == 60
    assert column.reveal(pygame.Rect(0, 260, 50, 40))
    assert column.scroll == 60 and card.rect.bottom == 200


def test_text_cache_keeps_what_it_rendered(context):
    cache = TextCache(context.fonts, capacity=16)
    first = cache.render("Hello", "body", 18, (0, 0, 0))
    assert cache.render("Hello", "body", 18, (0, 0, 0)) is first
    assert cache.fit("A very long sentence indeed", "body", 18, (0, 0, 0), 60).get_width() <= 68
    assert cache.wrap("one two three four", "body", 18, 60) == cache.wrap(
        "one two three four", "body", 18, 60
    )
    assert cache.width_of("Hello", "body", 18) == first.get_width()


def test_a_save_job_runs_in_the_caller_when_waited_on_before_it_started():
    class Store:
        def __init__(self):
            self.calls = []

        def add_history(self, profile, record):
            self.calls.append("history")

        def record_level_result(self, *args):
            self.calls.append("result")

        def save_relationship(self, profile, npc_id, memory):
            self.calls.append(npc_id)

        def flush(self):
            self.calls.append("flush")

    class Score:
        stars, xp, badges = 2, 220, ()

    store = Store()
    job = SaveJob(store, "Tess", "level", {}, Score(), {"nova": {}})
    assert not job.started and job.wait() == "Saved to Tess's history."
    assert job.done and store.calls == ["history", "result", "nova", "flush"]
    # asked again (the player went back to the table and on again): saved once, no error
    assert job.wait() == "Saved to Tess's history." and job.start().done
    assert store.calls == ["history", "result", "nova", "flush"]


def test_the_players_words():
    names = {"price": "Price", "warranty": "Warranty"}
    move = Move(MoveKind.STATE_PRIORITIES, "player", priorities={"price": 0.6, "warranty": 0.4})
    line = player_line(move, issue_names=names)
    assert line == "Here is what matters to me: Price (60 %), then Warranty (40 %)."
    assert priorities_words({"price": 0.0}, names) == "nothing in particular"
    ask = player_line(Move(MoveKind.ASK_ISSUE, "player", issue="price"), issue_names=names)
    assert ask == "How much does the price matter to you?"
    threat = player_line(Move(MoveKind.THREATEN, "player", claim=0.5), bluff=True)
    assert "better offer elsewhere" in threat
    assert mood_words("holding") == "holding firm"
    assert change_line("Nova", 4.0, -2.0, "you moved") == "Nova: trust +4, rapport −2 — “you moved”"
    assert change_line("Nova", 0.2, 0.1, "tiny") == ""


@pytest.mark.parametrize("width", [620, 250])
def test_below_the_batna_accept_is_an_ordinary_button_with_the_warning_beside_it(style, width):
    from game.ui.table.panels import Package, TableCard, TableView

    keys = ("primary", "reject", "copy", "previous", "next")
    buttons = {
        k: Button(style, k, k.title(), kind="primary" if k == "primary" else "secondary")
        for k in keys
    }
    buttons["primary"].set_text("Accept")
    gauge = ValueGauge(style)
    package = Package("Rosa's offer · round 1", Offer({"price": 72}), "Price $72", 0.13, "table")
    view = TableView(packages=[package], batna=0.4)
    card = TableCard(style, SimpleNamespace(view=view, page=0), gauge, buttons)

    gauge.set(batna=0.4, value=0.13)
    card.place(pygame.Rect(0, 0, width, card.measure(width)), None)
    accept, warning = buttons["primary"], card.warning_rect()
    assert accept.kind == "secondary" and card.below_batna()
    assert warning is not None and gauge.verdict_apart  # drawn beside Accept, not under the bar
    others = [buttons["reject"].rect, buttons["copy"].rect]
    assert not any(warning.colliderect(rect) for rect in [accept.rect, *others])
    assert card.rect.contains(warning)
    if width >= 600:  # room beside it: on Accept's row, to its right
        assert warning.left >= accept.rect.right and warning.top < accept.rect.bottom
        assert warning.bottom > accept.rect.top
    else:  # else right under it, before the other buttons
        assert warning.top >= accept.rect.bottom
        assert all(warning.bottom <= rect.top for rect in others)

    gauge.set(batna=0.4, value=0.55)  # worth more than walking away: the main button again
    card.place(pygame.Rect(0, 0, width, card.measure(width)), None)
    assert accept.kind == "primary" and not card.below_batna()
    assert card.warning_rect() is None and not gauge.verdict_apart

    gauge.set(batna=0.4, value=0.13)  # a level that hides values says nothing of the BATNA
    gauge.hidden_reason = "this level does not show what offers are worth"
    card.place(pygame.Rect(0, 0, width, card.measure(width)), None)
    assert accept.kind == "primary" and card.warning_rect() is None


def test_the_table_draws_accept_plain_on_an_offer_below_the_batna(display):
    from .table_harness import make_table

    table = make_table("market-stall", size=(1366, 768))  # Rosa asks $72: 0.13 to you
    scene = table.scene
    table.tab_to("issue:price")
    table.keys("p")
    table.frames(2)
    package = scene.state.current_package()
    assert package is not None and package.value < scene.state.view.batna
    panels = [p for c in scene.layout.columns_on_screen() for p in c.panels]
    card = next(p for p in panels if hasattr(p, "warning_rect"))
    accept = scene.controls.card_buttons["primary"]
    assert accept.kind == "secondary" and scene.controls.propose_button.kind == "primary"
    warning = card.warning_rect()
    assert warning is not None and warning.left > accept.rect.right
    surface = table.frames(30)
    # Accept is painted as an ordinary button: its face is the surface colour, not primary.
    face = surface.get_at((accept.rect.left + 6, accept.rect.centery))
    assert face != scene.palette.colour("primary")
