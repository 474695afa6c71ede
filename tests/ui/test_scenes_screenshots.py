"""Each menu scene, rendered at 1280x720 with the dummy video driver, matches its reference.

The references are tests/ui/reference/<scene>.png; the campaign shown is the small copy in
tests/ui/reference/levels (so new campaign levels do not change the pictures).  After an
intended change of look, regenerate them and look at every picture before committing:

    CG_UPDATE_SCREENSHOTS=1 python -m pytest tests/ui/test_scenes_screenshots.py
"""

import contextlib
import importlib.util
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pygame
import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path(__file__).resolve().parent / "reference"
TOLERANCE = 1.5  # mean absolute difference per channel, 0-255
UPDATE = os.environ.get("CG_UPDATE_SCREENSHOTS") == "1"


def _screenshots_module():
    spec = importlib.util.spec_from_file_location(
        "cg_screenshots", ROOT / "scripts" / "screenshots.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SHOTS = _screenshots_module()


@contextlib.contextmanager
def _one_at_a_time(folder: Path):
    """Hold the fixed work folder alone: the test run's workers render scenes at the same
    time, and each render empties the folder first (a lock file made with O_EXCL; a lock
    left by a killed run is taken over after a minute)."""
    lock = folder.with_name(folder.name + ".lock")
    while True:
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            break
        except FileExistsError:
            with contextlib.suppress(OSError):
                if time.time() - lock.stat().st_mtime > 60:
                    lock.unlink()
            time.sleep(0.05)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()


def _pixels(path: Path) -> np.ndarray:
    surface = pygame.image.load(str(path))
    return pygame.surfarray.array3d(surface).astype(np.int16)


@pytest.mark.parametrize("scene", SHOTS.SCENES)
def test_scene_matches_reference(scene, monkeypatch, tmp_path):
    monkeypatch.setenv("COMMON_GROUND_LEVELS", str(REFERENCE / "levels"))
    # A fixed work folder: the data folder's path is written on the custom-levels screen.
    work = Path(tempfile.gettempdir()) / "common-ground-reference-shots"
    out = tmp_path / f"{scene}.png"
    with _one_at_a_time(work):
        SHOTS.render(scene, out, work_dir=work)
    reference = REFERENCE / f"{scene}.png"
    if UPDATE:
        reference.write_bytes(out.read_bytes())
        pytest.skip(f"reference {reference.name} written")
    assert reference.exists(), f"no reference for {scene}: run with CG_UPDATE_SCREENSHOTS=1"
    got, want = _pixels(out), _pixels(reference)
    assert got.shape == want.shape
    difference = float(np.abs(got - want).mean())
    assert difference < TOLERANCE, f"{scene} differs from its reference by {difference:.2f}"
