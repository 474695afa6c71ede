import pygame
import pytest

from game.ui.scene import Scene, SceneStack


class Recorder(Scene):
    def __init__(self, name, log, *, consume=True, opaque=True, allow_quit=True):
        super().__init__()
        self.name = name
        self.log = log
        self.consume = consume
        self.opaque = opaque
        self.allow_quit = allow_quit
        self.events = []
        self.sizes = []
        self.updates = 0

    def enter(self, context):
        super().enter(context)
        self.log.append(("enter", self.name))

    def exit(self):
        self.log.append(("exit", self.name))

    def pause(self):
        self.log.append(("pause", self.name))

    def resume(self):
        self.log.append(("resume", self.name))

    def handle_event(self, event):
        self.events.append(event.type)
        return self.consume

    def update(self, dt):
        self.updates += 1

    def draw(self, surface):
        self.log.append(("draw", self.name))

    def on_resize(self, size):
        self.sizes.append(size)

    def request_quit(self):
        return self.allow_quit


@pytest.fixture
def stack(context):
    return SceneStack(context, (1280, 720))


def test_only_the_top_scene_receives_events_and_updates(stack):
    log = []
    bottom, top = Recorder("bottom", log), Recorder("top", log)
    stack.push(bottom)
    stack.push(top)
    assert stack.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a)) is True
    stack.update(0.016)
    assert top.events == [pygame.KEYDOWN]
    assert bottom.events == []
    assert (top.updates, bottom.updates) == (1, 0)


def test_push_pop_replace_call_the_life_cycle_in_order(stack):
    log = []
    a, b, c = Recorder("a", log), Recorder("b", log), Recorder("c", log)
    stack.push(a)
    stack.push(b)
    assert stack.top is b and a.stack is stack
    assert stack.pop() is b
    assert stack.top is a
    assert stack.replace(c) is a
    assert [s.name for s in stack] == ["c"]
    assert log == [
        ("enter", "a"),
        ("pause", "a"),
        ("enter", "b"),
        ("exit", "b"),
        ("resume", "a"),
        ("exit", "a"),
        ("enter", "c"),
    ]
    with pytest.raises(RuntimeError):
        _ = b.stack  # popped scenes are detached


def test_every_scene_is_laid_out_on_entry_and_on_resize(stack):
    log = []
    a, b = Recorder("a", log), Recorder("b", log)
    overlay = Recorder("overlay", log, opaque=False)
    stack.push(a)
    stack.push(b)
    stack.push(overlay)
    assert a.sizes == [(1280, 720)] and b.sizes == [(1280, 720)]
    stack.on_resize((1600, 900))
    assert stack.size == (1600, 900)
    # On view (b under the overlay, the overlay): now; hidden under b (a): when shown.
    assert b.sizes[-1] == (1600, 900) and overlay.sizes[-1] == (1600, 900)
    assert a.sizes == [(1280, 720)]
    stack.on_resize((1500, 800))
    stack.pop()
    assert a.sizes == [(1280, 720)]
    stack.pop()
    assert a.sizes == [(1280, 720), (1500, 800)]  # once, at the size of the day


def test_pop_to_leaves_the_screens_in_between_unseen(stack):
    log = []
    title, table = Recorder("title", log), Recorder("table", log)
    stack.push(title)
    stack.push(table)
    stack.push(Recorder("pause", log, opaque=False))
    stack.push(Recorder("confirm", log, opaque=False))
    stack.on_resize((1100, 700))
    log.clear()
    assert stack.pop_to(lambda scene: scene is title)
    assert log == [
        ("exit", "confirm"),
        ("exit", "pause"),
        ("exit", "table"),
        ("resume", "title"),
    ]
    assert title.sizes[-1] == (1100, 700) and len(table.sizes) == 2
    assert stack.top is title
    assert not stack.pop_to(lambda scene: scene is table)


def test_overlays_draw_the_scene_below_first(stack, display):
    log = []
    stack.push(Recorder("hidden", log))
    stack.push(Recorder("base", log))
    stack.push(Recorder("overlay", log, opaque=False))
    log.clear()
    stack.draw(display)
    assert log == [("draw", "base"), ("draw", "overlay")]


def test_quit_is_asked_of_the_top_scene(stack):
    assert stack.request_quit() is True  # empty stack
    log = []
    stack.push(Recorder("a", log, allow_quit=True))
    stack.push(Recorder("b", log, allow_quit=False))
    assert stack.request_quit() is False
    stack.pop()
    assert stack.request_quit() is True


def test_pushing_the_same_scene_twice_is_an_error(stack):
    scene = Recorder("a", [])
    stack.push(scene)
    with pytest.raises(ValueError):
        stack.push(scene)
    stack.clear()
    with pytest.raises(IndexError):
        stack.pop()


def test_adopted_scenes_enter_when_they_come_into_view(stack):
    """A rebuild (new text size) lays out the screens on view now, the hidden ones later."""
    log = []
    title = Recorder("title", log)
    table = Recorder("table", log)
    pause = Recorder("pause", log, opaque=False)
    settings = Recorder("settings", log)
    stack.adopt([title, table, pause, settings])
    assert log == [("enter", "settings")]
    assert settings.sizes == [(1280, 720)]
    stack.on_resize((1100, 650))  # hidden scenes are laid out when they enter
    assert table.sizes == [] and settings.sizes[-1] == (1100, 650)
    log.clear()
    stack.pop()  # settings: the pause menu and the table under it come into view
    assert log == [
        ("exit", "settings"),
        ("enter", "table"),
        ("enter", "pause"),
        ("resume", "pause"),
    ]
    assert table.sizes == [(1100, 650)]
    log.clear()
    stack.clear()  # the title never came into view: it neither enters nor exits
    assert log == [("exit", "pause"), ("exit", "table")]


def test_adopting_an_overlay_enters_the_scenes_it_shows(stack):
    log = []
    table, pause = Recorder("table", log), Recorder("pause", log, opaque=False)
    stack.adopt([Recorder("title", log), table, pause])
    assert log == [("enter", "table"), ("enter", "pause"), ("pause", "table")]
    with pytest.raises(ValueError):
        stack.adopt([Recorder("more", log)])


def test_pop_to_without_resuming_for_a_screen_that_goes_on_top_at_once(stack):
    log = []
    title = Recorder("title", log)
    stack.push(title)
    stack.push(Recorder("debrief", log))
    stack.on_resize((1000, 650))  # the title is hidden: laid out when shown
    log.clear()
    assert stack.pop_to(lambda scene: scene is title, resume=False)
    stack.push(Recorder("map", log))
    assert log == [("exit", "debrief"), ("pause", "title"), ("enter", "map")]
    assert title.sizes == [(1280, 720)]  # never laid out for a screen nobody saw


def test_a_scene_that_lays_out_on_resume_is_laid_out_once_when_shown_again(stack):
    log = []

    class Refreshing(Recorder):
        lays_out_on_resume = True

        def resume(self):
            super().resume()
            self.on_resize(self.stack.size)

    title = Refreshing("title", log)
    stack.push(title)
    stack.push(Recorder("settings", log))
    stack.on_resize((1100, 700))
    stack.pop()
    assert title.sizes == [(1280, 720), (1100, 700)]  # once, by its own resume


# -- building a screen over several frames (changes made during a frame) ----------------
class Staged(Recorder):
    """A recorder with prepare and warm-up steps, and a resume that may lay out."""

    def __init__(self, name, log, *, prepare=0, warm=0, **options):
        super().__init__(name, log, **options)
        self.prepare_steps = prepare
        self.warm_steps = warm

    def prepare(self, context):
        for index in range(self.prepare_steps):
            self.log.append(("prepare", self.name, index))
            yield

    def warm_up(self):
        for index in range(self.warm_steps):
            self.log.append(("warm", self.name, index))
            yield

    def on_resize(self, size):
        super().on_resize(size)
        self.log.append(("layout", self.name))


def _build_all(stack):
    """Run build steps until the screen is built; return how many there were."""
    steps = 0
    while stack.build_step():
        steps += 1
        assert steps < 100
    assert not stack.building
    return steps


def test_a_push_during_a_frame_is_built_a_step_at_a_time(stack):
    log = []
    below = Staged("below", log)
    stack.push(below)
    log.clear()
    stack.defer_builds = True
    scene = Staged("new", log, prepare=2, warm=2)
    stack.push(scene)
    stack.defer_builds = False
    assert stack.top is scene and stack.building
    assert log == [("pause", "below")]  # nothing built yet
    log.clear()
    steps = []
    while stack.building:
        stack.build_step()
        steps.append(list(log))
        log.clear()
    # The theme is built already (the stack below uses it); the fonts are readied once.
    built = [step for step in steps if step]
    assert built == [
        [("prepare", "new", 0)],
        [("prepare", "new", 1)],
        [("enter", "new")],
        [("layout", "new")],
        [("warm", "new", 0)],
        [("warm", "new", 1)],
    ]
    assert scene.sizes == [(1280, 720)]


def test_a_pop_during_a_frame_builds_the_screen_below_then_resumes_it(stack):
    log = []
    hidden = Staged("hidden", log, warm=1)
    stack.adopt([hidden, Staged("top", log)])  # as after a new text size: hidden is dormant
    log.clear()
    stack.defer_builds = True
    stack.pop()
    stack.defer_builds = False
    assert log == [("exit", "top")] and stack.building
    log.clear()
    _build_all(stack)
    assert [entry for entry in log if entry[0] != "draw"] == [
        ("enter", "hidden"),
        ("layout", "hidden"),
        ("resume", "hidden"),
        ("warm", "hidden", 0),
    ]


def test_a_scene_that_lays_out_on_resume_is_laid_out_by_resume_alone(stack):
    log = []

    class LaysOut(Staged):
        lays_out_on_resume = True

        def resume(self):
            super().resume()
            self.on_resize(self.stack.size)

    hidden = LaysOut("hidden", log)
    stack.adopt([hidden, Staged("top", log)])
    log.clear()
    stack.defer_builds = True
    stack.pop()
    stack.defer_builds = False
    _build_all(stack)
    assert log == [("exit", "top"), ("enter", "hidden"), ("resume", "hidden"), ("layout", "hidden")]


def test_an_overlay_pushed_during_a_frame_shows_the_built_screen_below(stack):
    log = []
    stack.push(Staged("below", log))
    stack.defer_builds = True
    overlay = Staged("overlay", log, opaque=False)
    stack.push(overlay)
    stack.defer_builds = False
    log.clear()
    _build_all(stack)
    assert log == [("enter", "overlay"), ("layout", "overlay")]


def test_a_scene_popped_before_it_is_built_never_enters(stack):
    log = []
    stack.push(Staged("below", log))
    stack.defer_builds = True
    stack.push(Staged("brief", log, prepare=3))
    stack.build_step()  # its first prepare step
    stack.pop()
    stack.defer_builds = False
    assert ("enter", "brief") not in log and ("exit", "brief") not in log
    assert log[-1] == ("resume", "below") and not stack.building


def test_scenes_pushed_from_code_are_built_at_once(stack):
    log = []
    scene = Staged("now", log, prepare=2, warm=2)
    stack.push(scene)
    # enter does what prepare would have; the first draw paints what warm_up would have.
    assert log == [("enter", "now"), ("layout", "now")] and not stack.building


def test_a_screen_that_lays_out_when_shown_again_resumes_a_frame_after_the_pop(stack):
    log = []

    class LaysOut(Staged):
        lays_out_on_resume = True

    below = LaysOut("below", log)
    stack.push(below)
    stack.push(Staged("dialog", log, opaque=False))
    log.clear()
    stack.defer_builds = True
    stack.pop()  # the dialog closes in this frame ...
    stack.defer_builds = False
    assert log == [("exit", "dialog")] and stack.building
    assert stack.build_step() is True  # ... the screen below resumes in the next
    assert log[-1] == ("resume", "below")
    _build_all(stack)
