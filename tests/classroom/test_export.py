"""Results export: one row per negotiation, pseudonyms only, formula injection neutralised."""

from __future__ import annotations

import csv

import pytest

from game.classroom.export import (
    HEAD_COLUMNS,
    TAIL_COLUMNS,
    csv_text,
    escape_cell,
    record_row,
    unescape_cell,
)
from game.classroom.results import read_results
from game.levels.catalog import resolve_level
from game.levels.loader import load_level
from game.store import open_store

from .helpers import history_record, run_cli


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil","click")', '\'=HYPERLINK("http://evil","click")'),
        ("+1+2", "'+1+2"),
        ("-A1", "'-A1"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-", "'-"),
        ("plain text", "plain text"),
        ("", ""),
        ("-3", "-3"),  # text that is only a number cannot run: left as it is
        ("-0.25", "-0.25"),
        ("+4e3", "+4e3"),
        (-0.25, "-0.25"),  # numbers stay numbers a spreadsheet can sum
        (-3, "-3"),
        (0.1234567, "0.123457"),
        (True, "yes"),
        (False, "no"),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_cells_are_escaped_against_formula_injection_but_numbers_stay_numbers(value, cell):
    assert escape_cell(value) == cell
    if isinstance(value, str) and value:
        assert unescape_cell(cell) == value


def test_hostile_text_from_the_store_is_escaped_and_reads_back(tmp_path, capsys):
    data_dir = tmp_path / "data"
    level = load_level(resolve_level("market-stall"))
    record = history_record(level, 1, "linear")
    record["level_version"] = '=HYPERLINK("http://evil.example","marks")'  # text is allowed
    record["game_version"] = "@SUM(1+1)"
    record["trust_change"] = {"rosa": -12.5}
    record["outcome"] = {"terms": {"price": "=1+1"}}
    with open_store(data_dir) as store:
        store.create_profile("Real Name")
        store.set_class("Real Name", "HACK-1", "-A1")  # the store allows a leading '-'
        store.add_history("Real Name", record)
    out = tmp_path / "results.csv"
    code, stdout, _ = run_cli("export", "--out", out, "--data-dir", data_dir, capsys=capsys)
    assert code == 0 and stdout == f"{out}: 1 negotiation by 1 student\n"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark
    with open(out, encoding="utf-8-sig", newline="") as stream:
        (row,) = list(csv.DictReader(stream))
    assert row["student"] == "'-A1"
    assert row["level_version"] == '\'=HYPERLINK("http://evil.example","marks")'
    assert row["game_version"] == "'@SUM(1+1)"
    assert row["deal"] == "price==1+1"  # starts with the issue id: harmless
    assert row["trust_change"] == "-12.5"  # a negative number is a number
    assert float(row["utility_player"]) == pytest.approx(record["utilities"]["player"], abs=1e-6)
    assert "Real Name" not in raw.decode("utf-8-sig")
    merged = read_results([out])
    assert merged.warnings == []
    assert merged.rows[0].student == "-A1"  # the report undoes the quote
    assert merged.rows[0].level_version.startswith("=HYPERLINK")


def test_rows_have_every_column_the_issue_asks_for(tmp_path):
    level = load_level(resolve_level("tablet-deal"))
    record = history_record(level, 4, "integrator")
    record["id"] = "a" * 32
    profile = {
        "id": "p-0123456789ab",
        "name": "Ada",
        "class_code": "NEG-1",
        "student_id": "otter-4821",
    }
    row = record_row(record, profile)
    text = csv_text([row])
    header = next(csv.reader(text.splitlines()))
    assert header == [*HEAD_COLUMNS, "utility_player", "utility_nova", *TAIL_COLUMNS]
    assert row["student"] == "otter-4821" and row["class"] == "NEG-1"
    assert row["seed"] == 4 and row["level_version"] == level.model.version
    assert row["moves"] == len(record["moves"]) and row["stars"] == record["stars"]
    assert row["record_id"] == "a" * 32
    assert row["agreement"] is True and row["deal"].startswith("price=")
    outside = record_row(record, {"id": "p-0123456789ab", "name": "Ada"})
    assert outside["student"].startswith("anon-") and outside["class"] == ""
    assert outside["student"] == record_row(record, {"id": "p-0123456789ab"})["student"]


def test_export_filters_by_class_and_profile(tmp_path, pack_file, capsys):
    from game.classroom import join_class

    data_dir = tmp_path / "data"
    level = load_level(resolve_level("used-car"))
    with open_store(data_dir) as store:
        for name in ("Ada", "Sam"):
            store.create_profile(name)
            store.add_history(name, history_record(level, 2, "walker"))
        join_class(store, pack_file, "Ada")
    out = tmp_path / "r.csv"
    assert run_cli("export", "--out", out, "--data-dir", data_dir, capsys=capsys)[1].endswith(
        "2 negotiations by 2 students\n"
    )
    # used-car is not one of the class's levels: nothing of the class to export yet
    code, stdout, _ = run_cli(
        "export", "--out", out, "--class", "Negotiation 101", "--data-dir", data_dir, capsys=capsys
    )
    assert code == 0 and ": 0 negotiations by 0 students of class NEGOTIATION-101-" in stdout
    assert out.read_text(encoding="utf-8-sig").count("\n") == 1  # the header only
    code, stdout, _ = run_cli(
        "export", "--out", out, "--profile", "sam", "--data-dir", data_dir, capsys=capsys
    )
    assert code == 0 and "1 negotiation by 1 student" in stdout
    code, _, err = run_cli(
        "export", "--out", out, "--class", "nope", "--data-dir", data_dir, capsys=capsys
    )
    assert code == 1 and "No class 'nope' here" in err


def test_export_class_keeps_only_plays_of_the_packs_own_levels(tmp_path, pack_file, capsys):
    # The campaign's Blue Bowl has the class level's id: a play of it is no class play.
    from game.classroom import join_class

    from .helpers import play_class

    data_dir = tmp_path / "data"
    campaign = load_level(resolve_level("market-stall"))
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        join_class(store, pack_file, "Ada")
        class_ids = play_class(store, "Ada", {})
        copy = history_record(campaign, 77, "haggler")  # the campaign's copy, its own seed
        copy_id = store.add_history("Ada", copy)
        older = history_record(campaign, 4242, "haggler")  # the class seed, another version
        older["level_version"] = campaign.model.version + 1
        older_id = store.add_history("Ada", older)
    out = tmp_path / "r.csv"
    code, stdout, _ = run_cli(
        "export", "--out", out, "--class", "Negotiation 101", "--data-dir", data_dir, capsys=capsys
    )
    assert code == 0 and ": 2 negotiations by 1 student of class " in stdout
    with open(out, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert sorted(r["record_id"] for r in rows) == sorted(class_ids)
    assert {copy_id, older_id}.isdisjoint(r["record_id"] for r in rows)
    assert {r["seed"] for r in rows} == {"4242"}
    # without --class, every negotiation of the machine is exported, the copy too
    code, stdout, _ = run_cli("export", "--out", out, "--data-dir", data_dir, capsys=capsys)
    assert "4 negotiations by 1 student" in stdout
