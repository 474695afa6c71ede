"""The shape of the code: small functions, one definition of a name, call sites in sight.

``scripts/test`` runs ruff with the project's settings; these tests keep those settings
honest and catch the patterns ruff does not see.
"""

import ast
import inspect
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GAME = ROOT / "game"


def _sources():
    return sorted(GAME.rglob("*.py"))


def test_the_lint_step_limits_cyclomatic_complexity_to_20():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lint = config["tool"]["ruff"]["lint"]
    assert "C901" in lint["select"]
    assert lint["mccabe"]["max-complexity"] == 20
    assert "ruff check game" in (ROOT / "scripts" / "test").read_text(encoding="utf-8")


@pytest.mark.skipif(
    shutil.which("ruff") is None
    and subprocess.run([sys.executable, "-m", "ruff", "--version"], capture_output=True).returncode
    != 0,
    reason="ruff is not installed",
)
def test_no_function_in_the_game_is_above_a_complexity_of_20():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "game",
            "--select",
            "C901",
            "--output-format",
            "concise",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_player_id_is_defined_once():
    pattern = re.compile(r"^\s*PLAYER(_ID)?\s*=\s*[\"']player[\"']", re.MULTILINE)
    defined = [p.relative_to(ROOT).as_posix() for p in _sources() if pattern.search(p.read_text())]
    assert defined == ["game/engine/negotiation.py"]


def test_no_method_is_found_by_building_its_name():
    """``getattr(self, f"_on_{kind}")`` hides a call site; dispatch through a table."""
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "getattr"
                and len(node.args) >= 2
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id == "self"
                and isinstance(node.args[1], ast.JoinedStr)
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_no_test_bed_ships_in_the_package():
    assert not list(GAME.rglob("_demo.py"))
    assert (ROOT / "scripts" / "demo_scene.py").is_file()


def test_every_talk_move_handler_of_the_npc_is_in_its_dispatch_table():
    from game.npc.controller import NpcController

    handlers = {
        name
        for name, _ in inspect.getmembers(NpcController, inspect.isfunction)
        if name.startswith("_on_")
    }
    source = inspect.getsource(NpcController._hearers)
    assert handlers
    assert {name for name in handlers if f"self.{name}," in source} == handlers


def test_every_move_chooser_is_in_the_choosers_dispatch_table():
    from game.ui.table.moves import MoveChoosers
    from game.ui.widgets.move_menu import MOVES

    openers = {
        name
        for name, function in inspect.getmembers(MoveChoosers, inspect.isfunction)
        if name.startswith("choose_") and len(inspect.signature(function).parameters) == 2
    }
    source = inspect.getsource(MoveChoosers.open)
    listed = set(re.findall(r'"(\w+)": self\.(choose_\w+)', source))
    assert {method for _, method in listed} == openers
    keys = {spec.key for spec in MOVES}
    assert {key for key, _ in listed} <= keys
    assert all(method == f"choose_{key}" for key, method in listed)
