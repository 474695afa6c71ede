"""The wheel carries the campaign and the assets: built, installed into a new venv, run elsewhere.

Built without build isolation (the pinned setuptools of the test run), installed with
``--no-deps`` into a fresh virtual environment that borrows this environment's
dependencies through a ``.pth`` file (no network), then run from an empty folder, where
nothing of the source tree can be found by accident.  Each check also makes sure the game
it ran is the installed one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "TMPDIR": str(build)},
    )
    assert done.returncode == 0, done.stderr
    (found,) = out.glob("common_ground-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    place = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(place)], check=True)
    python = place / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # This environment's dependencies (pygame-ce, numpy, pydantic, ...), after the venv's own
    # site-packages, so the installed game is found before any other copy.
    outer = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    Path(site, "outer-dependencies.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--disable-pip-version-check",
            "-q",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return place


def _run(venv: Path, cwd: Path, *args: str, env: dict[str, str] | None = None):
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    command = (
        [str(bin_dir / args[0]), *args[1:]]
        if args[0].startswith("common-ground")
        else [str(bin_dir / "python"), *args]
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("COMMON_GROUND")}
    environment.pop("PYTHONPATH", None)
    environment.update({"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}, **(env or {}))
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, timeout=120, env=environment
    )


def test_the_wheel_holds_every_level_the_schema_and_every_asset(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("levels", "assets"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                inside = f"game/_content/{folder}/{path.relative_to(ROOT / folder).as_posix()}"
                assert inside in names, f"{inside} is missing from the wheel"
    assert "game/_content/levels/level.schema.json" in names
    assert "game/locale/es/LC_MESSAGES/common_ground.mo" in names  # the translations


def test_the_installed_game_lists_the_whole_campaign_from_another_folder(venv, tmp_path):
    done = _run(venv, tmp_path, "-c", "import game.content as c; print(c.__file__)")
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(venv)  # the installed copy, not the source
    done = _run(venv, tmp_path, "-m", "game", "levels", "--json")
    assert done.returncode == 0, done.stderr
    listed = {entry["id"] for entry in json.loads(done.stdout)}
    shipped = {p.stem for p in (ROOT / "levels").glob("*.json") if p.name != "level.schema.json"}
    assert listed == shipped and len(listed) >= 19


def test_the_installed_game_analyzes_and_validates_a_level(venv, tmp_path):
    done = _run(venv, tmp_path, "-m", "game", "analyze", "market-stall")
    assert done.returncode == 0, done.stderr
    assert "Nash" in done.stdout
    level = tmp_path / "my-level.json"
    level.write_bytes((ROOT / "levels" / "two-forks.json").read_bytes())
    done = _run(venv, tmp_path, "-m", "game", "validate", str(level))
    assert (done.returncode, done.stdout) == (0, f"{level}: ok\n"), done.stderr


def test_the_console_entry_point_runs_commands_and_prints_the_version(venv, tmp_path):
    import game

    done = _run(venv, tmp_path, "common-ground", "--version")
    assert (done.returncode, done.stdout) == (0, f"common-ground {game.__version__}\n")
    done = _run(venv, tmp_path, "common-ground", "schema")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"]
    assert (
        venv / ("Scripts/common-ground-gui.exe" if os.name == "nt" else "bin/common-ground-gui")
    ).exists()


def test_the_installed_game_starts_and_draws_its_title(venv, tmp_path):
    data = tmp_path / "data"
    done = _run(
        venv,
        tmp_path,
        "common-ground-gui",
        "--data-dir",
        str(data),
        "--max-frames",
        "30",
        env={"COMMON_GROUND_REPORT_FIRST_FRAME": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert "first frame drawn at" in done.stderr
    assert "Traceback" not in done.stderr
    assert data.is_dir()


def test_the_package_list_names_every_package_of_the_source_tree():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "game").rglob("__init__.py")
    }
    assert found <= listed
    assert listed - found == {"game._content.levels", "game._content.assets"}
