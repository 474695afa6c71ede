"""Test-wide settings: no test opens a real window or sound device."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# No example is judged on time: a busy machine must not fail a property test.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def main_py():
    """Return ``run(*args)``: ``python main.py ARGS`` from the repository in a subprocess.

    The result is the ``CompletedProcess`` (text output); any traceback fails the test.
    """

    def run(*args: object) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
        env.pop("COMMON_GROUND_LEVELS", None)
        result = subprocess.run(
            [sys.executable, "main.py", *map(str, args)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
        output = result.stdout + result.stderr
        assert "Traceback" not in output, output
        return result

    return run


@pytest.fixture
def settle():
    """Return ``settle(app)``: finish a loading card on top of a running game (work that the
    game does off its thread, e.g. opening a level), running frames until it is gone."""
    return lambda app, timeout=60.0: app.settle(timeout)
