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
# The computer's language is English for every test and every command a test runs, whatever
# the machine's locale (tests of the system's language set their own).
os.environ["LANGUAGE"] = "en"

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def english():
    """Every test starts in English: the language is process-wide (game.i18n), and a test
    that opens the game with a Spanish profile must not change the words the next one reads
    (tests of other languages set theirs)."""
    from game import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def shipped_fonts_only():
    """Text is drawn with the fonts the game ships, never the computer's own (they differ
    from machine to machine); a test of the computer's fonts calls the real look-up, kept
    as ``fonts.system_fallback.real``.  (Not with ``monkeypatch``: an autouse fixture using
    it would undo a test's own patches only after the test's other fixtures are gone.)"""
    from game.ui import fonts

    real = getattr(fonts.system_fallback, "real", fonts.system_fallback)

    def none():
        return None

    none.real = real
    fonts.system_fallback = none
    yield
    fonts.system_fallback = real


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


#: What any command may use on a file that passes the size caps (the promise: 5 s and 500 MB
#: on the reference machine; the time here leaves room for a busy shared test machine).
BOUNDED_SECONDS = 20
BOUNDED_BYTES = 500 * 1024 * 1024


def run_bounded(
    *args: object,
    seconds: float = BOUNDED_SECONDS,
    memory: int = BOUNDED_BYTES,
    env=None,
    program: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Return ``python main.py ARGS`` (or ``python PROGRAM ARGS``) run in a subprocess held to
    ``seconds`` of wall time and ``memory`` bytes of address space; a hang, a memory blow-up
    or a traceback fails the test."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    environment = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    environment.pop("COMMON_GROUND_LEVELS", None)
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), environment.get("PYTHONPATH", "")])
    )
    environment.update(env or {})
    try:
        result = subprocess.run(
            [sys.executable, str(program or ROOT / "main.py"), *map(str, args)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=seconds,
            env=environment,
            preexec_fn=limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(map(str, args))[:200]} ran over {seconds} s")
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    assert "MemoryError" not in output, output[-3000:]
    return result


@pytest.fixture(scope="session")
def bounded_main_py():
    """Return ``run(*args, seconds=, memory=, env=)``: see ``run_bounded``."""
    return run_bounded


@pytest.fixture
def settle():
    """Return ``settle(app)``: finish a loading card on top of a running game (work that the
    game does off its thread, e.g. opening a level), running frames until it is gone."""
    return lambda app, timeout=60.0: app.settle(timeout)
