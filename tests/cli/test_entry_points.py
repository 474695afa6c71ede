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


def test_a_console_entry_point_for_commands_and_a_windowed_one_for_shortcuts():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"common-ground": "game.cli:main"}
    assert project["gui-scripts"] == {"common-ground-gui": "game.cli:main"}


def test_version_prints_the_packages_version():
    import game

    assert _out(sys.executable, "main.py", "--version") == f"common-ground {game.__version__}\n"
    assert game.__version__.count(".") == 2


def test_analyze_says_when_only_a_contingent_clause_makes_a_deal():
    text = _out(sys.executable, "main.py", "analyze", "book-deal")
    assert "only a contingent clause does" in text
    assert "walking away is right" in _out(sys.executable, "main.py", "analyze", "used-car")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--windowed"],
        ["--fullscreen", "--seed", "7", "--profile", "Ana"],
        ["--data-dir", "somewhere", "--levels", "a", "--levels", "b", "--max-frames", "1"],
        ["--seed=3", "--data-dir=x"],
    ],
)
def test_opening_the_game_parses_as_the_full_parser_does(argv):
    """`python main.py [OPTIONS]` skips the command modules but reads the same options."""
    from game.cli import _game_window_args, build_parser

    quick = _game_window_args(argv)
    assert quick is not None
    assert vars(quick) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "levels"],
        ["--data-dir", "x", "profiles"],
        ["-h"],
        ["--help"],
        ["--seed", "abc"],
        ["--windowed", "--fullscreen"],
        ["--no-such-option"],
    ],
)
def test_commands_help_and_mistakes_go_to_the_full_parser(argv):
    from game.cli import _game_window_args

    assert _game_window_args(argv) is None


def test_a_mistake_in_the_game_options_names_the_commands_too(main_py):
    done = main_py("--seed", "abc")
    assert done.returncode == 1
    assert done.stderr == (
        "common-ground: argument --seed: invalid int value: 'abc'; add --help to see the options\n"
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["validate"], "common-ground validate: the following arguments are required: PATH"),
        (["no-such-command"], "common-ground: argument COMMAND: invalid choice: 'no-such-command'"),
        (["simulate", "market-stall", "--player", "pirate"], "common-ground simulate: argument"),
        (["history", "--limit", "x"], "common-ground history: argument --limit: invalid int"),
    ],
)
def test_usage_mistakes_are_one_line_and_exit_1(main_py, argv, expected):
    # The README promises one line and exit 1 for every error; argparse printed a usage
    # block and exited 2.
    done = main_py(*argv)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(expected), done.stderr
    assert done.stderr.endswith("; add --help to see the options\n")
    assert done.stderr.count("\n") == 1


def test_output_to_a_stream_that_is_not_utf8_degrades_instead_of_failing(tmp_path):
    import os

    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "LC_ALL": "C",
        "PYTHONUTF8": "0",
        "PYTHONIOENCODING": "ascii",
    }
    made = subprocess.run(
        [
            sys.executable,
            "main.py",
            "--data-dir",
            str(tmp_path),
            "--profile",
            "Ольга 李",
            "--max-frames",
            "2",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path), "profiles"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"????? ?" in done.stdout  # each character the stream can't show, replaced


def test_a_data_folder_that_cannot_be_written_says_how_to_choose_another(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(blocker / "data"), "--max-frames", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "SDL_VIDEODRIVER": "dummy"},
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Cannot write to the data folder" in lines[0]
    assert "--data-dir" in lines[0] and "COMMON_GROUND_HOME" in lines[0]


def test_an_error_nothing_foresaw_is_one_line_not_a_traceback(capsys):
    from game.cli import common

    def broken(args):
        raise KeyError("surprise")

    code = common.run_handler(broken, None)
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert err.startswith(f"{common.UNEXPECTED} (KeyError: 'surprise'); this is a bug")

    def refused(args):
        raise PermissionError(13, "Permission denied", "/some/where")

    assert common.run_handler(refused, None) == 1
    assert capsys.readouterr().err == "common-ground: cannot use /some/where: Permission denied\n"
