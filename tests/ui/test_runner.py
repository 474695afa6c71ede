import pygame

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


def test_pygame_ce_is_detected():
    assert check_pygame_ce() is None
