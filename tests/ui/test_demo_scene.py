"""The demo scene (scripts/demo_scene.py) proves the stack, runner, focus manager and widgets
work together."""

import importlib.util
from pathlib import Path

import pygame

from game.ui.runner import Runner, WindowSettings
from game.ui.scene import SceneStack

ROOT = Path(__file__).resolve().parents[2]


def _demo_module():
    spec = importlib.util.spec_from_file_location(
        "cg_demo_scene", ROOT / "scripts" / "demo_scene.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DemoScene = _demo_module().DemoScene


def key(k, mod=0):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)


def test_keyboard_only_play_through_the_demo(context):
    stack = SceneStack(context)
    runner = Runner(stack, WindowSettings())
    runner.open()
    scene = DemoScene("tablet_agent", "Ava")
    stack.push(scene)
    assert scene.banner.visible
    events = {
        1: [key(pygame.K_ESCAPE)],  # dismiss the banner
        2: [key(pygame.K_TAB)],  # focus "Make offer"
        3: [key(pygame.K_RETURN)],  # press it
        5: [key(pygame.K_TAB)],  # "Ask a question"
        6: [key(pygame.K_SPACE)],
        # The disabled "Walk away" takes the focus (it says why it is off); Enter on it does
        # nothing.  Then "Next mood" and the slider.
        7: [key(pygame.K_TAB), key(pygame.K_RETURN)],
        8: [key(pygame.K_TAB), key(pygame.K_TAB)],
        9: [key(pygame.K_RIGHT), key(pygame.K_RIGHT)],
        11: [pygame.event.Event(pygame.VIDEORESIZE, w=1600, h=900, size=(1600, 900))],
    }
    frames = []
    result = runner.run(
        max_frames=40, fixed_dt=1 / 60, events=events, on_frame=lambda i, s: frames.append(i)
    )
    assert result.frames == 40
    assert not scene.banner.visible
    assert scene.pressed == ["offer", "ask"]
    assert "walk" not in scene.pressed
    assert scene.price == 52
    assert scene.focus.focused is scene.slider  # focus survives the re-layout
    assert scene.trust.target == 10 + 15 + 10
    assert not scene.trust.animating  # 0.4 s passed
    assert len(scene.log) == 3 + 4
    assert runner.size == (1600, 900)
    surface = runner.surface
    assert surface.get_size() == (1600, 900)
    colours = {tuple(surface.get_at((x, y))) for x in range(0, 1600, 16) for y in range(0, 900, 16)}
    assert len(colours) > 20  # portrait, meters, log, buttons: not a blank frame
    runner.close()
