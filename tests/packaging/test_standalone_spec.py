"""The standalone build's spec bundles exactly the folders the game reads, where it reads them.

The build itself (`bash scripts/build-standalone --check`) takes a minute and a download, so
the test run checks its spec instead: the data it collects, its two programs, its pins.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from game.classroom import report
from game.content import CONTENT_FOLDERS, content_dir, packaged_content_dir, standalone_data
from game.levels.catalog import builtin_dir
from game.ui.assets import AssetPaths

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "common-ground.spec"
GAME = ROOT / "game"


@pytest.fixture(autouse=True)
def _no_overrides(monkeypatch):
    for name in ("COMMON_GROUND_LEVELS", "COMMON_GROUND_ASSETS"):
        monkeypatch.delenv(name, raising=False)


def test_the_folders_the_game_reads_are_the_content_folders():
    assert builtin_dir() == content_dir("levels") == ROOT / "levels"
    assert AssetPaths.default().root == content_dir("assets") == ROOT / "assets"
    assert report.embedded_fonts().count("data:font/ttf;base64,") == 3  # the report's font too
    assert set(CONTENT_FOLDERS) == {"levels", "assets"}


def test_each_content_folder_is_bundled_where_an_installed_game_looks_for_it():
    pairs = dict(standalone_data())
    assert len(pairs) == len(CONTENT_FOLDERS) + 2
    # the NPCs' default lines (JSON inside game/npc/lines) go where importlib finds them
    assert pairs[str(GAME / "npc" / "lines")] == "game/npc/lines"
    # the translation catalogues go where game.i18n looks (next to it)
    assert pairs[str(GAME / "locale")] == "game/locale"
    assert (GAME / "locale" / "es" / "LC_MESSAGES" / "common_ground.mo").is_file()
    for name in CONTENT_FOLDERS:
        inside = packaged_content_dir(name).relative_to(GAME)
        assert pairs[str(content_dir(name))] == Path("game", inside).as_posix()
    # ...which is also where the wheel puts them (pyproject's package-dir).
    import tomllib

    mapping = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
        "package-dir"
    ]
    for name in CONTENT_FOLDERS:
        inside = packaged_content_dir(name).relative_to(GAME.parent).as_posix()
        assert mapping[inside.replace("/", ".")] == name


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name
    ]


def test_the_spec_collects_the_content_and_makes_a_console_and_a_windowed_program():
    tree = ast.parse(SPEC.read_text("utf-8"))
    assert _calls(tree, "standalone_data"), "the spec must bundle game.content.standalone_data()"
    programs = {}
    for call in _calls(tree, "EXE"):
        words = {
            k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg in ("name", "console")
        }
        programs[words["name"]] = words["console"]
    assert programs == {"common-ground": True, "common-ground-gui": False}
    (collect,) = _calls(tree, "COLLECT")
    assert {k.arg: ast.literal_eval(k.value) for k in collect.keywords} == {"name": "common-ground"}


def test_the_build_tools_are_pinned():
    lines = [
        line.split("#")[0].strip()
        for line in (ROOT / "requirements" / "build-standalone.txt").read_text("utf-8").splitlines()
    ]
    pins = [line for line in lines if line]
    assert any(line.startswith("pyinstaller==") for line in pins)
    assert all("==" in line for line in pins)
