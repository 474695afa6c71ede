"""`validate`, `play FILE` and the game's Custom levels screen give a level the same verdict.

All three load with ``game.levels.loader.load_level``; this checks they also print exactly
the same ``PATH: LOCATION: MESSAGE`` lines for broken files, so a designer who fixes what
`validate` says has fixed what the game would show.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.levels.catalog import resolve_level
from game.ui.scenes.common import check_level_file

ROOT = Path(__file__).resolve().parents[2]


def _main(*args) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip


def _broken_levels(folder: Path) -> list[Path]:
    data = json.loads(resolve_level("used-car").read_text(encoding="utf-8"))
    files = []
    wrong_kind = json.loads(json.dumps(data))
    wrong_kind["npcs"][0]["strategy"] = {"kind": "bulware"}
    wrong_kind["rules"]["deadline_rounds"] = 0
    files.append(folder / "wrong-kind.json")
    files[-1].write_text(json.dumps(wrong_kind, indent=2), encoding="utf-8")
    unknown_issue = json.loads(json.dumps(data))
    weights = unknown_issue["player"]["preferences"]["weights"]
    weights["prise"] = weights.pop(next(iter(weights)))
    files.append(folder / "unknown-issue.json")
    files[-1].write_text(json.dumps(unknown_issue, indent=2), encoding="utf-8")
    files.append(folder / "syntax.json")
    files[-1].write_text('{\n  "id": "x",\n  "title": "y"\n  "chapter": 1\n}\n', encoding="utf-8")
    files.append(folder / "latin1.json")
    files[-1].write_bytes('{"title": "Caf\u00e9"}'.encode("latin-1"))
    return files


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> list[Path]:
    return _broken_levels(tmp_path_factory.mktemp("broken"))


def test_validate_play_and_the_custom_levels_screen_print_the_same_lines(broken, tmp_path):
    validate = _main("validate", *broken)
    assert validate.returncode == 1
    for path in broken:
        expected = [line for line in validate.stdout.splitlines() if line.startswith(f"{path}: ")]
        assert expected, path
        play = _main("play", path, "--data-dir", tmp_path / "data", "--max-frames", "1")
        assert play.returncode == 1
        assert play.stderr.splitlines() == expected, path
        screen = check_level_file(path)
        assert not screen.ok and list(screen.lines) == expected, path
        assert "Traceback" not in play.stderr + validate.stdout


def test_a_valid_level_is_valid_everywhere(tmp_path):
    path = resolve_level("market-stall")
    assert _main("validate", path).stdout.strip() == f"{path}: ok"
    assert check_level_file(path).ok
