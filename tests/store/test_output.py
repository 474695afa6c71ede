"""Every `--out` goes through one helper: a regular file or a new name in an existing folder,
written in one step, its temp file removed on failure, one line for every refusal."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from game.cli import main
from game.store.output import OutputError, check_output, write_output

ROOT = Path(__file__).resolve().parents[2]
GENIUS = ROOT / "tests" / "fixtures" / "genius"


def run(capsys, *args):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def full_disk(monkeypatch):
    """Make every fsync fail as on a full disk (the data is written, then synced)."""

    def refuse(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", refuse)


def test_a_new_file_and_a_replaced_file(tmp_path):
    target = tmp_path / "a.txt"
    write_output(target, b"one", replace=False)
    assert target.read_bytes() == b"one"
    with pytest.raises(OutputError) as caught:
        write_output(target, b"two", replace=False)
    assert caught.value.user_lines == [f"{target}: already exists; use --force to replace it"]
    write_output(target, b"two", replace=True)
    assert target.read_bytes() == b"two"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_refusals_are_one_line_and_write_nothing(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    cases = {
        tmp_path / "missing" / "a.txt": (
            f"the folder {tmp_path / 'missing'} does not exist; create it first or write "
            "somewhere else"
        ),
        tmp_path: "is a folder; give a file name to write",
        fifo: "is not a regular file (a device or a pipe); give a file name to write",
    }
    for path, reason in cases.items():
        with pytest.raises(OutputError) as caught:
            write_output(path, b"x", replace=True)
        assert caught.value.user_lines == [f"{path}: {reason}"]
    assert sorted(os.listdir(tmp_path)) == ["pipe"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_device_node_is_never_replaced(tmp_path, capsys):
    # Run as root, `import-genius ... --out /dev/full --force` swapped the device for a file.
    before = os.stat("/dev/full")
    with pytest.raises(OutputError):
        check_output("/dev/full", replace=True)
    code, out, err = run(
        capsys, "import-genius", GENIUS / "bakery_domain.xml", GENIUS / "bakery_buyer.xml",
        GENIUS / "bakery_baker.xml", "--out", "/dev/full", "--force",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert (
        err == "/dev/full: is not a regular file (a device or a pipe); give a file name to write\n"
    )
    code, _, err = run(capsys, "export", "--out", "/dev/full", "--data-dir", tmp_path / "d")
    assert code == 1 and "is not a regular file" in err
    after = os.stat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_full_disk_keeps_the_old_file_and_leaves_no_temp(tmp_path, full_disk):
    target = tmp_path / "schema.json"
    target.write_bytes(b"old")
    with pytest.raises(OutputError) as caught:
        write_output(target, b"new" * 1000)
    assert caught.value.user_lines == [
        f"{target}: cannot write the file: the disk is full (or over its quota); free some "
        "space or write somewhere else; nothing was written"
    ]
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["schema.json"]


@pytest.mark.parametrize(
    "command",
    [
        ["schema"],
        ["new-level", "--template", "distributive"],
        ["import-genius", *(GENIUS / f"bakery_{n}.xml" for n in ("domain", "buyer", "baker"))],
        ["export"],
        ["profile", "export", "Ada"],
        ["class", "new", "--name", "C", "--levels", "market-stall"],
    ],
    ids=lambda c: c[0] if c[0] != "profile" else "profile-export",
)
def test_every_out_gives_one_line_for_a_missing_folder_a_folder_and_a_full_disk(
    command, tmp_path, capsys, monkeypatch
):
    data = tmp_path / "data"
    if command[0] == "profile":
        assert run(capsys, "simulate", "market-stall", "--player", "linear", "--runs", "1",
                   "--record", "--profile", "Ada", "--data-dir", data)[0] == 0  # fmt: skip
    missing = tmp_path / "nowhere" / "out.file"
    for out, expected in (
        (missing, f"{missing}: the folder {missing.parent} does not exist; create it first"),
        (tmp_path, f"{tmp_path}: is a folder; give a file name to write"),
    ):
        code, _, err = run(capsys, *command, "--out", out, "--data-dir", data)
        assert code == 1 and err.startswith(expected) and err.count("\n") == 1, err
    out = tmp_path / "new.file"
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "x")))
    code, _, err = run(capsys, *command, "--out", out, "--data-dir", data)
    assert code == 1, err
    assert (
        err == f"{out}: cannot write the file: the disk is full (or over its quota); free "
        "some space or write somewhere else; nothing was written\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == (["data"] if data.exists() else [])
