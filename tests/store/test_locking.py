"""One writer per data folder: a second writer is refused cleanly, readers still work."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from game.store import StoreLockedError, open_store

ROOT = Path(__file__).resolve().parents[2]
HOLDER = textwrap.dedent(
    """
    import sys
    from game.store import open_store
    record = dict(level_id="pie-1", level_version=1, seed=1, moves=[], agreement=None,
                  utilities={"player": 0.0}, finished_at="2025-01-01T10:00:00Z", game_version="0.1.0")
    with open_store(sys.argv[1]) as store:
        store.ensure_profile("Ada")
        print("saved", store.add_history("Ada", record), flush=True)
        print("ready", flush=True)
        sys.stdin.readline()
        print("saved", store.add_history("Ada", dict(record, seed=2)), flush=True)
    print("closed", flush=True)
    """
)


def _env():
    return {**os.environ, "PYTHONPATH": str(ROOT), "COMMON_GROUND_LOG": "ERROR"}


def _cli(*args):
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=60,
    )


@pytest.fixture
def holder(data_dir):
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    lines = []
    while not lines or lines[-1] != "ready":
        line = process.stdout.readline()
        assert line, "the holder process died"
        lines.append(line.strip())
    yield process, lines
    if process.poll() is None:
        process.kill()
    process.wait()


def test_a_second_store_in_the_same_process_is_refused(data_dir):
    with open_store(data_dir) as first:
        first.create_profile("Ada")
        with pytest.raises(StoreLockedError) as caught:
            open_store(data_dir)
        expected = f"Common Ground is already open with this data folder ({data_dir})."
        assert caught.value.user_lines == [expected]
        assert str(caught.value) == expected
        with open_store(data_dir, read_only=True) as view:  # reading needs no lock
            assert [p["name"] for p in view.list_profiles()] == ["Ada"]
    with open_store(data_dir) as again:  # released on close
        assert again.has_profile("Ada")


def _cli_here(capsys, *args):
    """Run the command line in this process (a second process next to the holder)."""
    from game.cli import main

    code = main([*map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_second_process_is_refused_and_nothing_is_lost(
    data_dir, tmp_path, holder, folder_snapshot, capsys
):
    process, lines = holder
    first_id = lines[0].split()[1]
    message = f"Common Ground is already open with this data folder ({data_dir})."

    with pytest.raises(StoreLockedError) as caught:
        open_store(data_dir)
    assert caught.value.user_lines == [message]

    export = tmp_path / "bo.json"
    export.write_text(
        json.dumps(
            {
                "format": "common-ground-profile",
                "schema_version": 2,
                "profile": {"name": "Bo", "created": "2025-01-01T00:00:00Z"},
            }
        )
    )
    before = folder_snapshot(data_dir)
    refused = _cli("profile", "import", export, "--data-dir", data_dir)  # a real third process
    assert (refused.returncode, refused.stderr, refused.stdout) == (1, message + "\n", "")
    assert _cli_here(capsys, "profile", "import", export, "--data-dir", data_dir) == (
        1,
        "",
        message + "\n",
    )
    assert folder_snapshot(data_dir) == before  # the refused writers wrote nothing

    code, out, err = _cli_here(capsys, "profiles", "--json", "--data-dir", data_dir)
    assert (code, err) == (0, "")
    assert [(p["name"], p["sessions"]) for p in json.loads(out)] == [("Ada", 1)]
    code, out, _ = _cli_here(capsys, "history", "--json", "--data-dir", data_dir)
    assert [r["id"] for r in json.loads(out)] == [first_id]
    out_file = tmp_path / "ada.json"
    code, out, _ = _cli_here(
        capsys, "profile", "export", "Ada", "--out", out_file, "--data-dir", data_dir
    )
    assert code == 0 and out_file.exists()
    code, out, _ = _cli_here(capsys, "doctor", "--data-dir", data_dir)
    assert code == 0
    assert out.startswith(f"{message} Checking read-only; nothing will be repaired.\n")
    assert "Lock: not taken (read-only check); nothing was repaired." in out
    assert folder_snapshot(data_dir) == before

    process.stdin.write("go on\n")
    process.stdin.flush()
    rest = process.stdout.read().split("\n")
    assert process.wait(timeout=30) == 0
    second_id = rest[0].split()[1]
    assert rest[1] == "closed"
    with open_store(data_dir) as store:
        assert {r["id"] for r in store.history()} == {first_id, second_id}


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_a_killed_holder_leaves_no_stale_lock(data_dir, holder):
    process, _ = holder
    process.send_signal(signal.SIGKILL)
    process.wait()
    with open_store(data_dir) as store:
        assert store.session_count("Ada") == 1
        assert store.recovery_messages == []
