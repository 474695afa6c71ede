import pygame

import game.ui.frame as frame_module
from game.ui.frame import SHARES, Share, Work
from game.ui.runner import Runner, WindowSettings, check_pygame_ce
from game.ui.scene import Scene, SceneStack


class Counting(Scene):
    def __init__(self, allow_quit=True):
        super().__init__()
        self.allow_quit = allow_quit
        self.keys = []
        self.sizes = []
        self.frames_drawn = 0
        self.time = 0.0

    def handle_event(self, event):
        if event.type == pygame.KEYDOWN:
            self.keys.append(event.key)
            if event.key == pygame.K_ESCAPE:
                self.stack.request_exit()
            return True
        return False

    def update(self, dt):
        self.time += dt

    def draw(self, surface):
        self.frames_drawn += 1
        surface.fill((10, 20, 30))

    def on_resize(self, size):
        self.sizes.append(size)

    def request_quit(self):
        return self.allow_quit


def _runner(context, scene):
    stack = SceneStack(context)
    runner = Runner(stack, WindowSettings(size=(1280, 720), minimum_size=(1024, 600)))
    runner.open()
    stack.push(scene)
    return runner


def test_runs_headless_for_max_frames_with_fixed_dt(context):
    scene = Counting()
    runner = _runner(context, scene)
    result = runner.run(max_frames=5, fixed_dt=0.1)
    assert (result.frames, result.reason) == (5, "max_frames")
    assert scene.frames_drawn == 5
    assert abs(scene.time - 0.5) < 1e-9
    assert runner.surface.get_at((5, 5))[:3] == (10, 20, 30)
    runner.close()


def test_injected_events_reach_the_scene_on_their_frame(context):
    scene = Counting()
    runner = _runner(context, scene)
    down = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0)
    runner.run(max_frames=4, fixed_dt=0.016, events={2: [down]})
    assert scene.keys == [pygame.K_a]
    runner.close()


def test_resize_is_clamped_to_the_minimum_and_scenes_relayout(context):
    scene = Counting()
    runner = _runner(context, scene)
    events = {
        0: [pygame.event.Event(pygame.VIDEORESIZE, w=1600, h=900, size=(1600, 900))],
        1: [pygame.event.Event(pygame.VIDEORESIZE, w=800, h=500, size=(800, 500))],
    }
    runner.run(max_frames=3, fixed_dt=0.016, events=events)
    assert scene.sizes[0] == (1280, 720)
    assert (1600, 900) in scene.sizes
    assert scene.sizes[-1] == (1024, 600)
    assert runner.stack.size == (1024, 600)
    runner.close()


def test_quit_asks_the_top_scene(context):
    refusing = Counting(allow_quit=False)
    runner = _runner(context, refusing)
    result = runner.run(max_frames=3, fixed_dt=0.016, events={0: [pygame.event.Event(pygame.QUIT)]})
    assert result.reason == "max_frames"  # the scene said no
    result = runner.run(
        max_frames=3,
        fixed_dt=0.016,
        events=lambda frame: [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0)],
    )
    assert (result.reason, result.frames) == ("exit_requested", 1)
    runner.close()

    agreeing = Counting(allow_quit=True)
    runner = _runner(context, agreeing)
    result = runner.run(
        max_frames=10, fixed_dt=0.016, events={1: [pygame.event.Event(pygame.QUIT)]}
    )
    assert (result.reason, result.frames) == ("quit", 2)
    runner.close()


def test_an_empty_stack_stops_the_loop(context):
    stack = SceneStack(context)
    runner = Runner(stack)
    assert runner.run(max_frames=3, fixed_dt=0.016).reason == "empty_stack"
    runner.close()


class Door(Counting):
    """Enter opens a new Door on top (built over the next frames); Backspace closes it."""

    def __init__(self, name, log, *, prepare=0):
        super().__init__()
        self.name = name
        self.log = log
        self.prepare_steps = prepare

    def prepare(self, context):
        for _ in range(self.prepare_steps):
            self.log.append(("prepare", self.name))
            yield

    def enter(self, context):
        super().enter(context)
        self.log.append(("enter", self.name))

    def handle_event(self, event):
        if event.type == pygame.KEYDOWN:
            self.log.append(("key", self.name, event.key))
            if event.key == pygame.K_RETURN:
                self.stack.push(Door(self.name + "+", self.log, prepare=2))
            elif event.key == pygame.K_BACKSPACE:
                self.stack.pop()
            return True
        return False

    def draw(self, surface):
        super().draw(surface)
        self.log.append(("draw", self.name))


def _share(monkeypatch, kind, seconds):
    """Give ``kind`` ``seconds`` of every frame (its share and its limit)."""
    shares = {**SHARES, kind: Share(share_s=seconds, by_s=seconds)}
    monkeypatch.setattr(frame_module, "SHARES", shares)


def _key(key):
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=0)


def test_a_frame_builds_one_screen_and_the_keys_after_it_wait_in_order(context, monkeypatch):
    _share(monkeypatch, Work.BUILD, 0.0)  # a step a frame, however quick
    log = []
    runner = _runner(context, Door("a", log))
    log.clear()
    keys = [pygame.K_RETURN, pygame.K_x, pygame.K_RETURN, pygame.K_y]
    runner.step(1 / 60, [_key(key) for key in keys])
    # The first Enter changes the screen: the frame ends there, without drawing.
    assert log == [("key", "a", pygame.K_RETURN)]
    frames = []
    for _ in range(40):
        log.clear()
        runner.step(1 / 60, [])
        if log:  # (the frames readying the fonts at this text size log nothing)
            frames.append(list(log))
        if runner.idle:
            break
    # The new screen is built a step a frame (its prepare steps, then enter) and nothing
    # is drawn meanwhile; then it gets the keys that waited, in order, up to the next
    # change of screen, which is built the same way.
    assert frames[0] == [("prepare", "a+")] and frames[1] == [("prepare", "a+")]
    assert frames[2] == [("enter", "a+")]
    assert frames[3] == [("key", "a+", pygame.K_x), ("key", "a+", pygame.K_RETURN)]
    assert frames[4:7] == [[("prepare", "a++")], [("prepare", "a++")], [("enter", "a++")]]
    assert frames[7:] == [[("key", "a++", pygame.K_y), ("draw", "a++")]]
    assert runner.idle
    runner.close()


def test_quick_build_steps_share_a_frame(context, monkeypatch):
    _share(monkeypatch, Work.BUILD, 10.0)  # every step is quick
    log = []
    runner = _runner(context, Door("a", log))
    while runner.stack.context.fonts.warm_step():  # (the text size is readied already)
        pass
    runner.step(1 / 60, [_key(pygame.K_RETURN), _key(pygame.K_x)])
    log.clear()
    runner.step(1 / 60, [])
    assert log == [("prepare", "a+"), ("prepare", "a+"), ("enter", "a+")]
    log.clear()
    runner.step(1 / 60, [])
    assert log == [("key", "a+", pygame.K_x), ("draw", "a+")]
    runner.close()


def test_a_quit_pressed_while_a_screen_is_built_waits_for_it(context):
    log = []
    runner = _runner(context, Door("a", log))
    runner.step(1 / 60, [_key(pygame.K_RETURN)])
    assert runner.step(1 / 60, [pygame.event.Event(pygame.QUIT)]) is None
    assert not runner.idle
    stops = []
    while not stops or stops[-1] is None and len(stops) < 40:
        stops.append(runner.step(1 / 60, []))
    assert stops[-1] == "quit" and ("enter", "a+") in log
    assert stops.count(None) >= 3  # two prepare steps and enter came first
    runner.close()


def test_pygame_ce_is_detected():
    assert check_pygame_ce() is None


def test_a_stream_of_window_sizes_in_a_frame_is_laid_out_once(context):
    scene = Counting()
    runner = _runner(context, scene)
    sizes = [(1100, 700), (1150, 720), (1200, 760)]
    runner.step(1 / 60, [pygame.event.Event(pygame.VIDEORESIZE, w=w, h=h) for w, h in sizes])
    assert scene.sizes == [(1280, 720), (1200, 760)]
    runner.close()


def test_a_backlog_of_input_is_handled_over_several_frames(context, monkeypatch):
    _share(monkeypatch, Work.INPUT, 0.0)  # one event a frame, then
    scene = Counting()
    runner = _runner(context, scene)
    keys = [pygame.K_a, pygame.K_b, pygame.K_c]
    runner.step(1 / 60, [_key(key) for key in keys])
    assert scene.keys == [pygame.K_a] and not runner.idle
    runner.step(1 / 60, [_key(pygame.K_d)])
    assert scene.keys == [pygame.K_a, pygame.K_b]  # in order: what waited comes first
    for _ in range(3):
        runner.step(1 / 60, [])
    assert scene.keys == [pygame.K_a, pygame.K_b, pygame.K_c, pygame.K_d] and runner.idle
    assert scene.frames_drawn == 5  # every frame drew
    runner.close()


def test_mouse_moves_that_waited_behind_one_another_count_as_the_last(context, monkeypatch):
    _share(monkeypatch, Work.INPUT, 0.0)

    class Moves(Counting):
        def __init__(self):
            super().__init__()
            self.seen = []

        def handle_event(self, event):
            self.seen.append((event.type, getattr(event, "pos", None)))
            return True

    scene = Moves()
    runner = _runner(context, scene)
    move = [
        pygame.event.Event(pygame.MOUSEMOTION, pos=(x, 10), rel=(1, 0), buttons=(0, 0, 0))
        for x in range(5)
    ]
    click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(4, 10), button=1)
    runner.step(1 / 60, [_key(pygame.K_a), *move[:3], click, *move[3:]])
    while not runner.idle:
        runner.step(1 / 60, [])
    kinds = [kind for kind, _ in scene.seen]
    assert kinds == [pygame.KEYDOWN, pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION]
    assert [pos for _, pos in scene.seen][1:] == [(2, 10), (4, 10), (4, 10)]
    runner.close()


def test_a_screen_left_alone_runs_at_the_idle_frame_rate_until_something_happens(context):
    scene = Counting()
    runner = _runner(context, scene)
    now = [0.0]
    rates = []

    class Clock:  # the frame clock: records the rate asked for, a second passes a frame
        def tick(self, fps=0):
            rates.append(fps)
            now[0] += 1.0
            return 16

    runner._clock = Clock()
    runner.now = lambda: now[0]
    down = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0)
    runner.run(max_frames=10, events={6: [down]})
    settings = runner.settings
    assert settings.idle_after_s == 3.0
    # frame 0 builds the screen (activity, at 1 s); idle from 4 s; the key read on frame 6
    # (after its wait, at the idle rate) brings the full rate back from the next frame on
    assert rates == [60, 60, 60, 60, 20, 20, 20, 60, 60, 60]
    assert scene.keys == [pygame.K_a] and scene.frames_drawn == 10
    runner.close()
