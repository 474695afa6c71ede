"""Where the data folder is, and file names that never contain a player's name."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from game.store import levels_dir, paths, resolve_data_dir


def test_command_line_beats_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COMMON_GROUND_HOME", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "cli") == tmp_path / "cli"


def test_environment_beats_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("COMMON_GROUND_HOME", str(tmp_path / "env"))
    assert resolve_data_dir(None) == tmp_path / "env"


def test_default_is_the_platform_user_data_folder(monkeypatch):
    monkeypatch.delenv("COMMON_GROUND_HOME", raising=False)
    expected = Path(platformdirs.user_data_dir("common-ground", appauthor=False))
    assert resolve_data_dir(None) == expected
    monkeypatch.setenv("COMMON_GROUND_HOME", "   ")  # blank counts as unset
    assert resolve_data_dir(None) == expected


def test_home_is_expanded(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_data_dir(Path("~/cg")) == tmp_path / "cg"


def test_levels_live_in_the_data_folder(tmp_path):
    assert levels_dir(tmp_path) == tmp_path / "levels"


@pytest.mark.parametrize("bad", ["../x", "Ada", "p-XYZ", "p-0123456789ab/..", ""])
def test_profile_folders_only_take_generated_ids(tmp_path, bad):
    with pytest.raises(ValueError, match="not a profile id"):
        paths.profile_dir(tmp_path, bad)
    assert (
        paths.profile_dir(tmp_path, "p-0123456789ab") == tmp_path / "saves/profiles/p-0123456789ab"
    )
