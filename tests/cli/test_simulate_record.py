"""`simulate --record --profile NAME` stores every run exactly as the game does."""

import json
from pathlib import Path

from game.store import open_store

ROOT = Path(__file__).resolve().parents[2]


def test_record_stores_each_run_with_its_score_and_the_npcs_memory(tmp_path, main_py):
    done = main_py(
        "simulate",
        "two-forks",
        "--player",
        "reconciler",
        "--runs",
        "3",
        "--seed",
        "4",
        "--record",
        "--profile",
        "Teacher",
        "--data-dir",
        str(tmp_path),
        "--json",
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["recorded"] == {"profile": "Teacher", "sessions": 3}
    with open_store(tmp_path, read_only=True) as store:
        history = store.history("Teacher")
        profile = store.get_profile("Teacher")
        memory = store.get_relationship("Teacher", "kai")
    assert len(history) == 3
    assert sorted(r["seed"] for r in history) == [4, 5, 6]
    for record in history:
        assert record["level_id"] == "two-forks"
        assert record["score"]["stars"] == record["stars"]
        assert record["timeline"] and "offers" in record
    best = max(r["stars"] for r in history)
    assert profile["progress"]["stars"]["two-forks"] == best
    assert memory is not None and memory["meetings"] == 3
    listed = main_py("history", "--profile", "Teacher", "--json", "--data-dir", str(tmp_path))
    assert listed.returncode == 0
    assert len(json.loads(listed.stdout)) == 3


def test_record_without_profile_is_a_clear_error(tmp_path, main_py):
    done = main_py("simulate", "market-stall", "--player", "haggler", "--record")
    assert done.returncode == 1
    assert done.stderr.strip() == "--record needs --profile NAME"
    assert "Traceback" not in done.stderr


def test_a_full_disk_while_recording_says_what_was_saved_and_stops(tmp_path, capsys, monkeypatch):
    # It said progress "will be saved at the next save", though the command then exited.
    import errno

    import game.store.atomic as atomic
    from game.cli import main

    real = atomic._write_file
    history_writes = []

    def write(path, data, *, sync):
        if "000000.json" in path.name and not path.name.endswith(".bak1"):
            history_writes.append(path)
            if len(history_writes) >= 2:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, sync=sync)

    monkeypatch.setattr(atomic, "_write_file", write)
    code = main(
        ["simulate", "market-stall", "--player", "linear", "--runs", "3", "--record",
         "--profile", "Ada", "--data-dir", str(tmp_path)]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "next save" not in err
    assert err.startswith("Could not save saves/profiles/p-")
    assert err.endswith(
        "No space left on device. 1 of 3 run(s) were recorded; the rest were not, and nothing "
        "more will be saved: free some space and run again.\n"
    )
    monkeypatch.setattr(atomic, "_write_file", real)
    with open_store(tmp_path, read_only=True) as store:
        assert len(store.history("Ada")) == 1


def test_record_on_a_class_level_plays_the_class_seed(tmp_path, main_py):
    # It recorded seed 0 (the next seeds after it) unless --seed was given.
    pack = tmp_path / "c.cgpack"
    made = main_py(
        "class", "new", "--name", "Seeded", "--levels", "market-stall", "--seed", "4242",
        "--out", pack,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    data = tmp_path / "data"
    joined = main_py("class", "join", pack, "--profile", "Teacher", "--data-dir", data)
    assert joined.returncode == 0, joined.stderr
    (level,) = (data / "classes").glob("*/levels/market-stall.json")
    done = main_py(
        "simulate", level, "--player", "haggler", "--runs", "2", "--record",
        "--profile", "Teacher", "--data-dir", data, "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["recorded"]["class_seed"] == 4242
    with open_store(data, read_only=True) as store:
        assert [r["seed"] for r in store.history("Teacher")] == [4242, 4242]
    given = main_py(
        "simulate", level, "--player", "haggler", "--runs", "1", "--record", "--seed", "9",
        "--profile", "Teacher", "--data-dir", data,
    )  # fmt: skip
    assert given.returncode == 0, given.stderr
    with open_store(data, read_only=True) as store:
        assert sorted(r["seed"] for r in store.history("Teacher")) == [9, 4242, 4242]
