"""The frame budget's priorities, and each scene's lifecycle on the stack."""

import pygame
import pytest

import game.ui.frame as frame_module
from game.ui.frame import FRAME_S, SHARES, FrameBudget, Share, Work
from game.ui.runner import Runner
from game.ui.scene import Lifecycle, Scene, SceneStack

MS = 0.001


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


# ------------------------------------------------------------------------ the budget
def test_every_kind_has_one_share_within_the_frame():
    assert list(SHARES) == [Work.INPUT, Work.BUILD, Work.PAINT, Work.IDLE]
    assert list(Work) == sorted(Work)  # highest priority first
    for share in SHARES.values():
        assert 0 < share.share_s <= FRAME_S and 0 < share.by_s <= FRAME_S
    # Idle work, the lowest priority, is the first to stop in a frame.
    assert SHARES[Work.IDLE].by_s == min(share.by_s for share in SHARES.values())


def test_a_frame_whose_input_used_the_budget_starts_nothing_more(clock):
    frame = FrameBudget(clock=clock)
    assert all(frame.may_start(kind) for kind in Work)
    with frame.doing(Work.INPUT):
        clock.advance(FRAME_S + MS)
    assert frame.spent(Work.INPUT) == pytest.approx(FRAME_S + MS)
    assert not any(frame.may_start(kind) for kind in Work)
    assert not frame.may_go_on(Work.BUILD)
    assert frame.remaining() == 0 and frame.remaining(Work.PAINT) == 0


def test_painting_stops_when_the_paint_share_is_spent(clock):
    frame = FrameBudget(clock=clock)
    share = SHARES[Work.PAINT].share_s
    frame.charge(Work.PAINT, share - 0.5 * MS)
    clock.advance(share - 0.5 * MS)
    assert frame.may_start(Work.PAINT, 0.4 * MS)
    assert not frame.may_start(Work.PAINT, 0.6 * MS)  # would end past the share
    assert frame.remaining(Work.PAINT) == pytest.approx(0.5 * MS)
    # Other kinds' time is not the paint share's...
    other = FrameBudget(clock=clock)
    other.charge(Work.INPUT, share)
    assert other.may_start(Work.PAINT, 0.4 * MS)
    # ...but a frame already long starts no band, whatever the paint share has left.
    clock.advance(FRAME_S)
    assert not other.may_start(Work.PAINT, 0.0)


def test_build_steps_share_a_frame_and_a_step_in_pieces_goes_on_longer(clock):
    frame = FrameBudget(clock=clock)
    with frame.doing(Work.BUILD):
        clock.advance(SHARES[Work.BUILD].share_s + 0.1 * MS)
    assert not frame.may_start(Work.BUILD)  # no further step in this frame
    assert frame.may_go_on(Work.BUILD)  # but a step made of pieces may take another
    clock.advance(SHARES[Work.BUILD].by_s)
    assert not frame.may_go_on(Work.BUILD)


def test_idle_work_only_in_a_frame_short_so_far(clock):
    limit = SHARES[Work.IDLE].by_s
    frame = FrameBudget(clock=clock)
    clock.advance(limit - 0.1 * MS)
    assert frame.may_start(Work.IDLE)
    clock.advance(0.2 * MS)
    assert not frame.may_start(Work.IDLE)
    assert frame.may_start(Work.INPUT) and frame.may_start(Work.PAINT)


# ------------------------------------------------------------------------ the runner
class Slow(Scene):
    """Each key costs ``key_s`` of the fake clock; update notes whether idle work may run."""

    def __init__(self, clock, log, *, key_s=6 * MS, prepare=(), warm=(), build_s=0.0):
        super().__init__()
        self.clock, self.log, self.key_s, self.build_s = clock, log, key_s, build_s
        self.prepare_costs, self.warm_costs = prepare, warm
        self.idle = []
        self.sizes = []

    def prepare(self, context):
        for cost in self.prepare_costs:
            self.clock.advance(cost)
            self.log.append("prepare")
            yield

    def enter(self, context):
        super().enter(context)
        self.clock.advance(self.build_s)
        self.log.append("enter")

    def on_resize(self, size):
        self.sizes.append(size)
        self.clock.advance(self.build_s)
        self.log.append("layout")

    def warm_up(self):
        for cost in self.warm_costs:
            self.clock.advance(cost)
            self.log.append("warm")
            yield

    def exit(self):
        self.log.append("exit")

    def handle_event(self, event):
        self.clock.advance(self.key_s)
        self.log.append(("key", event.key))
        return True

    def update(self, dt):
        self.idle.append(self.stack.frame.may_start(Work.IDLE))

    def draw(self, surface):
        self.log.append("draw")


def _key(key):
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=0)


def _runner(context, clock, scene):
    stack = SceneStack(context, (1280, 720))
    stack.push(scene)
    runner = Runner(stack)
    runner.clock = clock
    runner.open()
    while context.fonts.warm_step():  # (the text size readied ahead)
        pass
    return runner


def test_input_that_used_the_frame_waits_and_leaves_no_time_for_idle_work(context, clock):
    log = []
    scene = Slow(clock, log)
    runner = _runner(context, clock, scene)
    log.clear()
    runner.step(1 / 60, [_key(pygame.K_a), _key(pygame.K_b), _key(pygame.K_c)])
    # 6 ms a key: the second starts at 6 ms (within the input share), the third at 12.
    assert log == [("key", pygame.K_a), ("key", pygame.K_b), "draw"]
    assert scene.idle == [False] and not runner.idle
    runner.step(1 / 60, [])
    assert log[-2:] == [("key", pygame.K_c), "draw"]
    assert scene.idle == [False, False]  # 6 ms of input: too long for idle work
    runner.step(1 / 60, [])
    assert scene.idle == [False, False, True] and runner.idle
    runner.close()


def test_build_steps_share_a_frame_within_the_build_share(context, clock):
    log = []
    base = Slow(clock, log)
    runner = _runner(context, clock, base)
    runner.stack.defer_builds = True
    # Five steps of 0.9 ms, then enter and layout (no time), then one step of 9 ms.
    top = Slow(clock, log, prepare=[0.9 * MS] * 5, warm=[9 * MS, 0.1 * MS])
    runner.stack.push(top)
    runner.stack.defer_builds = False
    frames = []
    for _ in range(6):
        log.clear()
        runner.step(1 / 60, [])
        frames.append(list(log))
    assert frames[0] == ["prepare"] * 3  # 2.7 ms: the third step ended past 2 ms
    assert frames[1] == ["prepare", "prepare", "enter", "layout", "warm"]  # 9 ms: no more
    assert frames[2] == ["warm"]
    assert frames[3] == ["draw"]
    runner.close()


# ------------------------------------------------------------------------ the lifecycle
def test_a_scene_pushed_from_code_is_ready_and_a_popped_one_exited(context, clock):
    stack = SceneStack(context, (1280, 720))
    log = []
    first, second = Slow(clock, log), Slow(clock, log)
    assert stack.lifecycle(first) is Lifecycle.EXITED  # not on the stack
    stack.push(first)
    stack.push(second)
    assert stack.lifecycle(first) is Lifecycle.READY
    assert stack.lifecycle(second) is Lifecycle.READY
    assert stack.pop() is second
    assert stack.lifecycle(second) is Lifecycle.EXITED and log.count("exit") == 1
    assert stack.lifecycle(first) is Lifecycle.READY


def test_a_scene_pushed_during_a_frame_is_built_over_the_next_frames(context, clock, monkeypatch):
    shares = {**SHARES, Work.BUILD: Share(share_s=0.0, by_s=SHARES[Work.BUILD].by_s)}
    monkeypatch.setattr(frame_module, "SHARES", shares)  # one step a frame
    log = []
    base = Slow(clock, log)
    runner = _runner(context, clock, base)

    class Opener(Slow):
        def handle_event(self, event):
            self.stack.push(new)
            return True

    step = 0.1 * MS  # every step takes a little time: none fits in a share of 0
    new = Slow(clock, log, prepare=[step], warm=[step, step], build_s=step)
    runner.stack.replace(Opener(clock, log))
    runner.step(1 / 60, [_key(pygame.K_RETURN)])
    states = [runner.stack.lifecycle(new)]
    drawn = []
    for _ in range(10):
        log.clear()
        runner.step(1 / 60, [])
        states.append(runner.stack.lifecycle(new))
        drawn.append("draw" in log)
    assert states[0] is Lifecycle.NEW  # pushed in a frame: nothing done yet
    order = [
        state for index, state in enumerate(states) if index == 0 or state is not states[index - 1]
    ]
    assert order == [
        Lifecycle.NEW,
        Lifecycle.ENTERED,
        Lifecycle.WARMING,
        Lifecycle.READY,
    ]
    first_ready = states.index(Lifecycle.READY)
    assert first_ready >= 5  # prepare, enter, layout, two warm-up steps: a frame each
    assert not any(drawn[: first_ready - 1]) and drawn[first_ready - 1]
    runner.close()


def test_a_hidden_scene_resized_is_laid_out_when_shown_again(context, clock):
    stack = SceneStack(context, (1280, 720))
    log = []
    below, above = Slow(clock, log), Slow(clock, log)
    stack.push(below)
    stack.push(above)
    stack.on_resize((1100, 700))
    assert stack.lifecycle(below) is Lifecycle.ENTERED  # hidden: laid out when shown
    assert below.sizes == [(1280, 720)] and above.sizes[-1] == (1100, 700)
    stack.pop()
    assert stack.lifecycle(below) is Lifecycle.READY and below.sizes[-1] == (1100, 700)


def test_a_scene_replaced_before_it_was_built_never_enters_nor_exits(context, clock):
    stack = SceneStack(context, (1280, 720))
    log = []
    stack.push(Slow(clock, log))
    stack.defer_builds = True
    unbuilt = Slow(clock, log)
    stack.push(unbuilt)
    assert stack.lifecycle(unbuilt) is Lifecycle.NEW and stack.building
    log.clear()
    stack.replace(Slow(clock, log))
    assert stack.lifecycle(unbuilt) is Lifecycle.EXITED
    assert "enter" not in log and "exit" not in log
