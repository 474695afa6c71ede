"""Overlays return their result to the scene that opened them: off the stack first, once."""

import pygame
import pytest

from game.engine import PLAYER, Move, MoveKind
from game.ui.scene import Scene, SceneStack
from game.ui.scenes.dialogs import ConfirmScene, TextPromptScene
from game.ui.scenes.pause import PauseChoice, PauseScene
from game.ui.table.choice import Choice, ChoiceScene, WeightsScene
from game.ui.table.moves import MoveChoosers
from game.ui.widgets.move_menu import MOVES


class Opener(Scene):
    """A scene that opens overlays and records what it receives and what the stack was."""

    def __init__(self):
        super().__init__()
        self.received = []

    def receive(self, result):
        self.received.append((result, self.stack.top, len(self.stack)))


class Bare(Scene[str]):
    """An overlay with nothing on it."""


@pytest.fixture
def stack(context):
    return SceneStack(context, (1280, 720))


@pytest.fixture
def opener(stack):
    scene = Opener()
    stack.push(scene)
    return scene


def test_the_result_arrives_after_the_overlay_left_the_stack(stack, opener):
    overlay = Bare()
    opener.open(overlay, opener.receive)
    assert stack.top is overlay and opener.received == []
    overlay.dismiss("done")
    assert opener.received == [("done", opener, 1)]
    assert overlay not in list(stack)


def test_a_receiver_may_open_another_overlay_at_once(stack, opener):
    first, second = Bare(), Bare()

    def then(result):
        opener.received.append(result)
        opener.open(second, opener.receive)

    opener.open(first, then)
    first.dismiss("first")
    # Delivered before the pop, the pop would have removed the second overlay instead.
    assert list(stack) == [opener, second]
    second.dismiss("second")
    assert opener.received == ["first", ("second", opener, 1)]
    assert list(stack) == [opener]


def test_a_result_is_delivered_once_and_only_by_the_top_scene(stack, opener):
    overlay, above = Bare(), Bare()
    opener.open(overlay, opener.receive)
    stack.push(above)
    overlay.dismiss("too soon")  # not the top: nothing happens
    assert list(stack) == [opener, overlay, above] and opener.received == []
    stack.pop()
    overlay.dismiss("now")
    overlay.dismiss("again")
    assert [r for r, _, _ in opener.received] == ["now"]


def test_an_overlay_opened_without_a_receiver_still_closes(stack, opener):
    overlay = Bare()
    opener.open(overlay)
    overlay.dismiss("ignored")
    assert list(stack) == [opener]


@pytest.fixture
def app_opener(make_app):
    scene = Opener()
    app = make_app(profile="Ada", route=lambda: [scene])
    return app, scene


def test_confirm_returns_false_on_cancel_and_esc_true_on_confirm(app_opener, drive):
    app, opener = app_opener
    for keys, expected in (
        ([pygame.K_RETURN], False),  # the focus starts on Cancel
        ([pygame.K_ESCAPE], False),
        ([pygame.K_TAB, pygame.K_RETURN], True),
    ):
        opener.open(ConfirmScene("Sure?", "Really.", confirm_text="Yes"), opener.receive)
        drive.run(app, {i + 1: [drive.key(key)] for i, key in enumerate(keys)})
        assert opener.received[-1] == (expected, opener, 1)
    assert len(opener.received) == 3


def test_choice_returns_the_key_selected_or_none_on_esc(app_opener, drive):
    app, opener = app_opener
    choices = [Choice("a", "First"), Choice("b", "Second"), Choice("c", "Third")]
    opener.open(ChoiceScene("Pick", "", choices), opener.receive)
    drive.run(app, {1: [drive.key(pygame.K_DOWN)], 2: [drive.key(pygame.K_RETURN)]})
    assert opener.received == [("b", opener, 1)]
    opener.open(ChoiceScene("Pick", "", choices), opener.receive)
    drive.run(app, {1: [drive.key(pygame.K_ESCAPE)]})
    assert opener.received[-1] == (None, opener, 1)


def test_weights_return_the_sliders_or_none(app_opener, drive):
    app, opener = app_opener
    issues = [("price", "Price"), ("date", "Date")]
    opener.open(WeightsScene("Weights", "", issues), opener.receive)
    # The first slider has the focus: 5 -> 7; then Tab past the second slider and Cancel.
    keys = [pygame.K_RIGHT, pygame.K_RIGHT, pygame.K_TAB, pygame.K_TAB, pygame.K_TAB]
    drive.run(app, {i + 1: [drive.key(key)] for i, key in enumerate([*keys, pygame.K_RETURN])})
    assert opener.received == [({"price": 7.0, "date": 5.0}, opener, 1)]
    opener.open(WeightsScene("Weights", "", issues), opener.receive)
    drive.run(app, {1: [drive.key(pygame.K_ESCAPE)]})
    assert opener.received[-1] == (None, opener, 1)


def test_a_prompt_returns_the_text_it_accepted_and_stays_open_on_a_problem(app_opener, drive):
    app, opener = app_opener
    tried = []

    def attempt(text):
        tried.append(text)
        return None if len(text) > 2 else "Too short."

    prompt = TextPromptScene("Name", "Type a name.", attempt)
    opener.open(prompt, opener.receive)
    drive.run(app, {1: drive.text("Al"), 2: [drive.key(pygame.K_RETURN)]})
    assert app.stack.top is prompt and prompt.error == "Too short." and opener.received == []
    end = drive.key(pygame.K_END)  # the field is laid out again, the cursor at its start
    drive.run(app, {1: [end], 2: drive.text("ice"), 3: [drive.key(pygame.K_RETURN)]})
    assert tried == ["Al", "Alice"]
    assert opener.received == [("Alice", opener, 1)]
    opener.open(TextPromptScene("Name", "", attempt), opener.receive)
    drive.run(app, {1: [drive.key(pygame.K_ESCAPE)]})
    assert opener.received[-1] == (None, opener, 1) and tried == ["Al", "Alice"]


def test_the_pause_menu_returns_its_choice_after_it_and_its_question_closed(app_opener, drive):
    app, opener = app_opener
    opener.open(PauseScene(level_title="A level"), opener.receive)
    drive.run(app, {1: [drive.key(pygame.K_ESCAPE)]})
    assert opener.received == [(PauseChoice.RESUME, opener, 1)]
    pause = PauseScene(level_title="A level")
    opener.open(pause, opener.receive)
    drive.run(app, {})
    pause.on_button("quit")
    question = app.stack.top
    assert isinstance(question, ConfirmScene)
    question.on_button("cancel")  # "Keep negotiating": back to the menu, nothing returned
    assert app.stack.top is pause and len(opener.received) == 1
    pause.on_button("map")
    app.stack.top.on_button("confirm")
    assert opener.received[-1] == (PauseChoice.TO_MAP, opener, 1)


def test_quit_to_the_map_cannot_be_chosen_where_it_is_not_offered(stack, opener):
    pause = PauseScene(to_map=False)
    opener.open(pause, opener.receive)
    stack.update(0.016)
    pause.on_button("map")
    assert stack.top is pause


class Host:
    """Only what ``ChooserHost`` lists: the choosers need nothing else of the table."""

    target = "npc"
    let_go: frozenset[str] = frozenset()

    def __init__(self):
        self.opened = []
        self.played = []

    def line_for(self, move, **extra):
        return f"say {move.kind.value}"

    def play(self, move, *, say=None):
        self.played.append((move, say))

    def open(self, overlay, then=None):
        self.opened.append((overlay, then))


def test_the_choosers_work_through_the_narrow_host():
    host = Host()
    choosers = MoveChoosers(host)
    emotion = next(spec for spec in MOVES if spec.key == "emotion")
    assert choosers.open(emotion)
    overlay, then = host.opened[-1]
    assert isinstance(overlay, ChoiceScene)
    assert overlay.choices[0].words == "say express_emotion"
    then(None)  # cancelled: nothing is played
    assert host.played == []
    then(overlay.choices[0].key)
    assert host.played == [
        (Move(MoveKind.EXPRESS_EMOTION, PLAYER, emotion=overlay.choices[0].key, target="npc"), None)
    ]


def test_no_part_of_the_table_imports_the_table_scene():
    from pathlib import Path

    table = Path(__file__).resolve().parents[2] / "game" / "ui" / "table"
    importing = [
        path.name
        for path in sorted(table.glob("*.py"))
        if path.name != "scene.py" and "import TableScene" in path.read_text(encoding="utf-8")
    ]
    assert importing == []


def test_at_the_table_a_cancelled_chooser_plays_nothing(display):
    from tests.ui.table_harness import make_table

    table = make_table("tablet-deal", seed=1)
    scene = table.scene
    before = len(scene.state.match.state.log)
    table.keys("e")  # show a feeling
    assert isinstance(table.stack.top, ChoiceScene)
    table.keys("escape")
    assert table.stack.top is scene and len(scene.state.match.state.log) == before
    table.keys("e", "return")
    assert table.stack.top is scene
    assert scene.state.match.state.log[before].move.kind is MoveKind.EXPRESS_EMOTION


def test_at_the_table_quit_to_the_map_from_the_pause_menu_leaves_the_talks(display):
    from tests.ui.table_harness import make_table

    table = make_table("tablet-deal", seed=1)
    scene = table.scene
    table.keys("escape", "tab", "return")  # the pause menu: "Quit to the map"
    assert isinstance(table.stack.top, ConfirmScene)
    table.keys("tab", "return")  # confirmed: both close, then the table leaves
    assert scene.state.abandoned and scene not in list(table.stack)
