"""The save commands as a player sees them: stdout, stderr and exit codes."""

from __future__ import annotations

import json
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
        store.record_level_result("Ada", "pie-1", 3, 40, ["first-deal", "patient"])
        store.record_level_result("Ada", "pie-2", 1, 10, [])
        store.add_history("Ada", make_record(1, finished_at="2025-01-01T10:00:00Z"))
        store.add_history("Bo", make_record(2, finished_at="2025-01-02T10:00:00Z", agreement=None))
        store.add_history("Ada", make_record(3, finished_at="2025-01-03T10:00:00Z"))
        store.save_relationship("Ada", "mara", {"trust": 3})
    return data_dir


def test_profiles_of_an_empty_folder(capsys, tmp_path):
    assert run(capsys, "profiles", "--data-dir", tmp_path / "new") == (
        0,
        f"No profiles yet in {tmp_path / 'new'}.\n",
        "",
    )
    assert run(capsys, "profiles", "--json", "--data-dir", tmp_path / "new") == (0, "[]\n", "")
    assert not (tmp_path / "new").exists()


def test_profiles_table_and_json(capsys, filled):
    code, out, err = run(capsys, "profiles", "--data-dir", filled)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == [
        "NAME",
        "SESSIONS",
        "STARS",
        "BADGES",
        "XP",
        "STREAK",
        "LAST",
        "PLAYED",
    ]
    assert lines[2].split()[:6] == ["Ada", "2", "4", "first-deal,", "patient", "50"]
    assert lines[3].split()[:5] == ["Bo", "1", "0", "-", "0"]
    code, out, _ = run(capsys, "profiles", "--json", "--data-dir", filled)
    listed = json.loads(out)
    assert [(p["name"], p["sessions"], p["stars"], p["badges"]) for p in listed] == [
        ("Ada", 2, 4, ["first-deal", "patient"]),
        ("Bo", 1, 0, []),
    ]
    assert listed[0]["last_played"] == "2025-01-03T10:00:00Z"


def test_history_newest_first(capsys, filled):
    code, out, err = run(capsys, "history", "--json", "--data-dir", filled)
    assert (code, err) == (0, "")
    records = json.loads(out)
    assert [(r["profile"], r["seed"]) for r in records] == [("Ada", 3), ("Bo", 2), ("Ada", 1)]
    assert all(r["schema_version"] == 2 and len(r["id"]) == 32 for r in records)
    code, out, _ = run(capsys, "history", "--profile", "bo", "--json", "--data-dir", filled)
    assert [r["seed"] for r in json.loads(out)] == [2]
    code, out, _ = run(capsys, "history", "--limit", "1", "--data-dir", filled)
    assert out.splitlines()[0].split() == ["FINISHED", "PROFILE", "LEVEL", "RESULT", "STARS", "ID"]
    assert len(out.splitlines()) == 3 and " Ada " in out and "fixed-pie-1 v1" in out


def test_history_errors(capsys, filled):
    assert run(capsys, "history", "--profile", "Zed", "--data-dir", filled) == (
        1,
        "",
        "There is no profile named 'Zed' (profiles: Ada, Bo).\n",
    )
    assert run(capsys, "history", "--limit", "0", "--data-dir", filled) == (
        1,
        "",
        "--limit must be at least 1.\n",
    )


def test_recovery_messages_go_to_stderr(capsys, filled):
    index = paths.index_path(filled)
    index.write_bytes(index.read_bytes()[:-5])
    code, out, err = run(capsys, "profiles", "--json", "--data-dir", filled)
    assert code == 0 and len(json.loads(out)) == 2
    assert err.startswith("Save file saves/index.json (the list of profiles) ends too early")
    assert "Showing its backup from" in err
    code, out, err = run(capsys, "doctor", "--data-dir", filled)  # a writer: repairs
    assert (code, err) == (0, "")
    assert "Repaired: Save file saves/index.json (the list of profiles) ends too early" in out
    assert run(capsys, "profiles", "--json", "--data-dir", filled)[2] == ""


def test_export_and_import(capsys, filled, tmp_path):
    out_file = tmp_path / "ada.json"
    assert run(capsys, "profile", "export", "ADA", "--out", out_file, "--data-dir", filled) == (
        0,
        f"Exported profile 'Ada' (2 finished negotiation(s), 1 NPC relationship(s)) to {out_file}.\n",
        "",
    )
    assert run(capsys, "profile", "export", "Ada", "--out", out_file, "--data-dir", filled) == (
        1,
        "",
        f"{out_file}: already exists; use --force to replace it\n",
    )
    assert (
        run(capsys, "profile", "export", "Ada", "--out", out_file, "--force", "--data-dir", filled)[
            0
        ]
        == 0
    )
    other = tmp_path / "other"
    assert run(capsys, "profile", "import", out_file, "--data-dir", other) == (
        0,
        f"Imported profile 'Ada' (2 finished negotiation(s), 1 NPC relationship(s)) from {out_file}.\n",
        "",
    )
    code, out, err = run(capsys, "profile", "import", out_file, "--data-dir", other)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"Cannot import {out_file}: a profile named 'Ada' already exists here.",
        "Import it under another name with `profile import FILE --as NEW_NAME`, or rename the existing profile first.",
        "Nothing was changed.",
    ]
    assert run(capsys, "profile", "import", out_file, "--as", "Ada 2", "--data-dir", other)[0] == 0
    code, out, _ = run(capsys, "profiles", "--json", "--data-dir", other)
    assert [p["name"] for p in json.loads(out)] == ["Ada", "Ada 2"]


def test_import_of_a_broken_file(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, out, err = run(capsys, "profile", "import", bad, "--data-dir", tmp_path / "d")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"Cannot import {bad}: it is not valid JSON (line 1, column 2: Expecting property name enclosed in double quotes).",
        "Nothing was changed.",
    ]


def test_profile_needs_an_action(capsys, tmp_path):
    code, out, err = run(capsys, "profile", "--data-dir", tmp_path)
    assert code == 1
    assert err == (
        "Say what to do with a profile: `profile export NAME --out FILE` or `profile import FILE`"
        " (add --help to see the options).\n"
    )


def test_data_folder_from_the_environment(capsys, filled, monkeypatch):
    monkeypatch.setenv("COMMON_GROUND_HOME", str(filled))
    code, out, _ = run(capsys, "profiles", "--json")
    assert [p["name"] for p in json.loads(out)] == ["Ada", "Bo"]


def test_a_newer_folder_is_explained_not_a_traceback(capsys, filled):
    index = paths.index_path(filled)
    data = json.loads(index.read_bytes())
    data["meta"]["1"]["schema_version"] = 3
    index.write_text(json.dumps(data))
    code, out, err = run(capsys, "doctor", "--data-dir", filled)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "saves/index.json was saved by a newer version of Common Ground (save format 3; this version reads formats up to 2).",
        "Nothing was changed. Update Common Ground to open it, or choose another data folder with --data-dir.",
    ]


def test_doctor_of_a_missing_folder_creates_nothing(capsys, tmp_path):
    missing = tmp_path / "nowhere"
    assert run(capsys, "doctor", "--data-dir", missing) == (
        0,
        f"Data folder: {missing} does not exist yet (nothing has been saved).\n",
        "",
    )
    assert not missing.exists()
