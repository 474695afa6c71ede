"""`python main.py`, `python -m game` and the `common-ground` entry point run one command line."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _out(*command):
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_main_py_and_python_m_game_print_the_same():
    via_main = _out(sys.executable, "main.py", "levels", "--json")
    via_module = _out(sys.executable, "-m", "game", "levels", "--json")
    assert via_main == via_module
    assert '"tablet-deal"' in via_main


def test_the_installed_entry_point_prints_the_same():
    script = shutil.which("common-ground")
    if script is None:
        pytest.skip("the package is not installed (pip install -e . adds common-ground)")
    assert _out(script, "levels", "--json") == _out(sys.executable, "main.py", "levels", "--json")


def test_the_entry_point_is_a_gui_script_of_the_same_function():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["gui-scripts"]["common-ground"] == "game.cli:main"


def test_analyze_says_when_only_a_contingent_clause_makes_a_deal():
    text = _out(sys.executable, "main.py", "analyze", "book-deal")
    assert "only a contingent clause does" in text
    assert "walking away is right" in _out(sys.executable, "main.py", "analyze", "used-car")
