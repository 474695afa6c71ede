"""A data folder whose files or folders were replaced: a clear message, never a traceback;
the readable parts still work and `doctor` repairs what a backup can repair."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pytest

from game.cli import main
from game.store import open_store, paths

CLOCK = lambda: datetime(2025, 5, 6, 7, 8, 9, tzinfo=UTC)  # noqa: E731


def run(capsys, *args):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def filled(data_dir, make_record):
    with open_store(data_dir, clock=CLOCK) as store:
        store.create_profile("Ada")
        store.create_profile("Bo")
        store.add_history("Ada", make_record(1))
        store.add_history("Bo", make_record(2))
        store.add_history("Ada", make_record(3))
    return data_dir


def _ids(data_dir):
    with open_store(data_dir, read_only=True) as store:
        return {d["name"]: d["id"] for d in store._folder.profile_docs()}


@pytest.mark.parametrize("command", ["profiles", "history", "doctor", "export"])
def test_saves_replaced_by_a_file(filled, capsys, tmp_path, command):
    saves = paths.saves_dir(filled)
    for path in sorted(saves.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    saves.rmdir()
    saves.write_text("not a folder")
    extra = ["--out", tmp_path / "out.csv"] if command == "export" else []
    code, out, err = run(capsys, command, "--data-dir", filled, *extra)
    assert "Traceback" not in out + err
    assert code == 0
    if command == "doctor":
        assert (
            "Repaired: saves should be a folder holding every save file but was a file; it " in out
        )
        assert not saves.is_file() and list(filled.glob("saves.corrupt-*"))
        assert run(capsys, "profiles", "--data-dir", filled)[2] == ""  # repaired: no message
    else:
        assert err.splitlines()[0] == (
            "saves should be a folder holding every save file but is a file, so every profile "
            "is missing; open the game or run `python main.py doctor` to set the file aside."
        )
        assert saves.read_text() == "not a folder"  # a reading command changes nothing


def test_a_profile_folder_or_history_folder_replaced_by_a_file(filled, capsys, make_record):
    ids = _ids(filled)
    history = paths.history_dir(filled, ids["Bo"])
    for path in history.iterdir():
        path.unlink()
    history.rmdir()
    history.write_text("junk")
    code, out, err = run(capsys, "history", "--data-dir", filled)
    assert code == 0 and "Traceback" not in err
    assert f"saves/profiles/{ids['Bo']}/history should be a folder" in err
    assert out.count("Ada") == 2  # the readable profile still works
    code, out, _ = run(capsys, "doctor", "--data-dir", filled)
    assert code == 0 and "its history that was in it could not be recovered" in out
    assert not history.is_file()
    with open_store(filled) as store:  # and saving works again
        store.add_history("Bo", make_record(4))
    assert history.is_dir()


def test_a_damaged_profile_id_in_the_index_is_restored_from_a_backup(filled, capsys):
    ids = _ids(filled)
    index = paths.index_path(filled)
    broken = ids["Ada"][:-1] + ("0" if ids["Ada"][-1] != "0" else "1") + "X"
    index.write_text(index.read_text().replace(ids["Ada"], broken[:-2] + "Z"))
    for command in ("profiles", "history"):
        code, out, err = run(capsys, command, "--data-dir", filled)
        assert code == 0, err
        assert "is not a profile id). Showing its backup from" in err
        assert "Ada" in out and "Bo" in out
    code, out, err = run(capsys, "doctor", "--data-dir", filled)
    assert code == 0, err
    assert "is not a profile id). The damaged file was kept as index.json.corrupt-" in out
    assert "Restored the backup" in out
    assert json.loads(index.read_text())["profiles"]["1"]["id"] == ids["Ada"]
    assert run(capsys, "profiles", "--data-dir", filled)[2] == ""


def test_a_save_file_replaced_by_a_folder_or_a_pipe(filled, capsys):
    ids = _ids(filled)
    relationships = paths.relationships_path(filled, ids["Ada"])
    relationships.unlink(missing_ok=True)
    relationships.mkdir()
    shard = paths.shard_path(filled, ids["Bo"], 0)
    shard.unlink()
    os.mkfifo(shard)  # reading it would wait for a writer forever
    code, out, err = run(capsys, "history", "--data-dir", filled)
    assert code == 0, err
    assert "is not a regular file" in err
    assert "Ada" in out and "Bo" in out  # Bo's shard from its backup


def test_a_huge_junk_file_is_not_read_into_memory(filled, capsys, monkeypatch):
    import game.store.atomic as atomic

    monkeypatch.setattr(atomic, "MAX_SAVE_BYTES", 1000)
    index = paths.index_path(filled)
    index.write_bytes(b"x" * 5000)
    code, out, err = run(capsys, "profiles", "--data-dir", filled)
    assert code == 0
    assert "is larger than the 1,000 bytes a save file may have" in err


def test_a_profile_name_with_terminal_escapes_is_printed_escaped(filled, capsys):
    index = paths.index_path(filled)
    data = json.loads(index.read_text())
    data["profiles"]["1"]["name"] = "Ada\x1b[2J\u202e"
    index.write_text(json.dumps(data))
    code, out, err = run(capsys, "profiles", "--data-dir", filled)
    assert code == 0, err
    assert "\x1b" not in out and "\u202e" not in out
    assert "Ada\\u001b[2J\\u202e" in out


def test_records_that_cannot_be_read_are_counted_everywhere(
    data_dir, make_record, capsys, tmp_path
):
    # A full history shard and its only backup damaged: history and export quietly showed
    # 30 of 50 records and profiles still said 45 sessions.
    with open_store(data_dir, clock=CLOCK, shard_size=20) as store:
        store.create_profile("Ada")
        store.create_profile("Bo")
        for number in range(45):
            store.add_history("Ada", make_record(number))
        for number in range(5):
            store.add_history("Bo", make_record(100 + number))
    ada = _ids(data_dir)["Ada"]
    shard = paths.shard_path(data_dir, ada, 0)
    for path in (shard, shard.with_name(shard.name + ".bak1")):
        path.write_bytes(b'{"history": {"1": ')
    lost = f"saves/profiles/{ada}/history/000000.json"

    code, out, err = run(capsys, "history", "--data-dir", data_dir)
    assert code == 0
    assert len(out.splitlines()) == 2 + 30
    assert (
        f"20 finished negotiation(s) could not be read and are not listed (Ada: 20 in {lost})."
        in err.splitlines()
    )
    code, out, err = run(capsys, "profiles", "--data-dir", data_dir)
    assert code == 0
    assert out.splitlines()[2].split()[:3] == ["Ada", "25", "(20"]
    assert "20 finished negotiation(s) of profile 'Ada' could not be read" in err
    code, out, err = run(capsys, "profiles", "--json", "--data-dir", data_dir)
    ada_summary = next(p for p in json.loads(out) if p["name"] == "Ada")
    assert (ada_summary["sessions"], ada_summary["unreadable_sessions"]) == (25, 20)
    code, out, err = run(capsys, "export", "--out", tmp_path / "r.csv", "--data-dir", data_dir)
    assert code == 0
    assert out == (
        f"{tmp_path / 'r.csv'}: 30 negotiations by 2 students; 20 more could not be read and "
        f"are not in the file (Ada: 20 in {lost})\n"
    )
    code, out, err = run(capsys, "doctor", "--data-dir", data_dir)
    assert "Profiles: 2; finished negotiations: 30; NPC relationships: 0." in out
    assert "Found: 20 finished negotiation(s) of profile 'Ada' could not be read" in out
    # The game's banner shows the same sentence (the title screen shows every open message).
    with open_store(data_dir, read_only=True) as store:
        assert any(
            "20 finished negotiation(s) of profile 'Ada'" in m for m in store.recovery_messages
        )
