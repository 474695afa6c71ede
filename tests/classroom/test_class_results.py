"""The return trip: the teacher hands the class's results back in a pack (format 2).

class new -> students join and play -> export -> ``class results`` -> a student installs the
results pack -> the debrief ranks a deal among the class's deals, role by role, with the
same ranks as the class report.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from game.campaign.standing import class_standing, class_standing_text, ordinal, role_labels
from game.classroom import PackError, installed_classes, join_class, read_pack
from game.classroom.install import class_of_level
from game.classroom.report import role_rankings
from game.classroom.results import read_results
from game.finish import finished_record, save_finished
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.bots import make_bot, play
from game.store import open_store

from .helpers import files_under, pack_members, play_class, rehash, run_cli, write_zip

BOTS = ("integrator", "haggler", "walker", "conceder")


def _class_machines(tmp_path: Path, pack: Path) -> list[tuple[Path, str, Path]]:
    """Four students on four machines play every level and export: (data dir, profile, csv)."""
    machines = []
    for number, bot in enumerate(BOTS):
        data_dir = tmp_path / f"machine-{number}"
        profile = f"Pupil {number}"
        with open_store(data_dir) as store:
            store.create_profile(profile)
            join_class(store, pack, profile, rng=random.Random(number))
            play_class(store, profile, {"market-stall": bot, "tablet-deal": bot})
        out = tmp_path / f"results-{number}.csv"
        code, _, _ = run_cli("export", "--out", out, "--class", read_pack(pack).code,
                             "--data-dir", data_dir)  # fmt: skip
        assert code == 0
        machines.append((data_dir, profile, out))
    return machines


def _results_pack(tmp_path: Path, pack: Path, exports: list[Path], capsys) -> Path:
    out = tmp_path / "neg101-results.cgpack"
    code, stdout, err = run_cli(
        "class", "results", pack, tmp_path / "results-*.csv", "--out", out, capsys=capsys
    )
    assert code == 0, err
    assert f"{out}: class pack for 'Negotiation 101' with the class's results (format 2" in stdout
    assert "results:      8 negotiations from 4 files, without names" in stdout
    return out


def _report_rank(rows, level, record_id: str, role_title: str) -> tuple[int, int]:
    """Return (rank, total) of a negotiation in the class report's ranking for a role."""
    for title, places in role_rankings(level, rows):
        if title == role_title:
            ranks = [rank for rank, row, _ in places if row.record_id == record_id]
            return ranks[0], len(places)
    raise AssertionError(role_title)


def _check_ranks(machines, results, installed, merged) -> set[tuple[int, int]]:
    """Rank every student's handed-in deals as the debrief does; compare with the report."""
    seen = set()
    for data_dir, profile, _ in machines:
        with open_store(data_dir, read_only=True) as store:
            history = store.history(profile)
        for entry in installed.levels:
            level = load_level(entry.path)
            record = next(r for r in history if r["level_id"] == level.id)
            npc = level.party_npcs[0]
            roles = role_labels(level.model.player.role, [(npc.id, npc.name, npc.role)])
            standing = class_standing(
                record,
                results.level(level.id, record["level_version"]).deals,
                roles,
                class_name=installed.name,
                own_records=[r["id"] for r in history],
            )
            assert standing is not None
            # this negotiation was handed in: counted once, among the 4 of the class
            assert standing.this_handed_in and standing.own_left_out == 1
            assert standing.others == 3
            rows = [r for r in merged.rows if r.level_id == level.id]
            mine, theirs = standing.roles
            assert (mine.rank, mine.total) == _report_rank(
                rows, level, record["id"], f"The student ({level.model.player.role})"
            )
            assert (theirs.rank, theirs.total) == _report_rank(
                rows, level, record["id"], f"{npc.name} ({npc.role})"
            )
            worths = sorted(r.utilities["player"] for r in rows)
            assert mine.median == pytest.approx((worths[1] + worths[2]) / 2)
            text = class_standing_text(standing)
            assert (
                f"ranks {ordinal(mine.rank)} of 4 in the class for your side "
                f"({level.model.player.role}); the class's median deal was worth {mine.median:.2f} "
                "to that side."
            ) in text
            assert (
                f"For {npc.name}'s side ({npc.role}) it ranks {ordinal(theirs.rank)} of 4" in text
            )
            seen.add((mine.rank, theirs.rank))
    return seen


def test_results_pack_round_trip_ranks_each_deal_as_the_report_does(tmp_path, pack_file, capsys):
    machines = _class_machines(tmp_path, pack_file)
    exports = [out for _, _, out in machines]
    capsys.readouterr()
    results_pack = _results_pack(tmp_path, pack_file, exports, capsys)

    first = read_pack(pack_file)
    made = read_pack(results_pack)
    assert (first.format_version, made.format_version) == (1, 2)
    assert (made.code, made.name, made.settings) == (first.code, first.name, first.settings)
    assert [lv.data for lv in made.levels] == [lv.data for lv in first.levels]  # byte for byte
    assert made.results is not None and made.results.negotiations == 8
    # no names, no student ids: only outcomes, worths and record ids travel
    raw = pack_members(results_pack.read_bytes())["results.json"]
    merged = read_results(exports)
    for row in merged.rows:
        assert row.student.encode() not in raw
    assert b"Pupil" not in results_pack.read_bytes()

    data_dir, profile, _ = machines[0]
    with open_store(data_dir) as store:
        student = store.get_profile(profile)["student_id"]
        history_before = store.history(profile)
        joined = join_class(store, results_pack, profile)
        assert joined.student_id == student  # the same student, the same id
        assert joined.results is not None and "8 negotiations on 2 levels" in joined.summary()
        assert store.history(profile) == history_before  # progress untouched
        (installed,) = installed_classes(data_dir)
        results = installed.results()
        assert results is not None and results.negotiations == 8
        assert all(
            class_of_level(data_dir, load_level(e.path)) == installed for e in installed.levels
        )
        ranks = _check_ranks(machines, results, installed, merged)
        assert len({mine for mine, _ in ranks}) > 1  # not everyone first: the ranks say something
        assert len({theirs for _, theirs in ranks}) > 1

        # a new deal on the class's level: the student's handed-in one is left out
        entry = installed.levels[0]
        level = load_level(entry.path)
        match = start_match(level, seed=installed.seed)
        play(match, make_bot("teacher", match, installed.seed))
        record, score = finished_record(match, level, installed.seed)
        save_finished(store, profile, level.id, record, score, match.memories())
        history = store.history(profile)
    deals = results.level(level.id, record["level_version"]).deals
    standing = class_standing(
        record,
        deals,
        {"player": "your side"},
        own_records=[r["id"] for r in history],
    )
    assert standing is not None
    assert (standing.others, standing.own_left_out, standing.this_handed_in) == (3, 1, False)
    worth = record["utilities"]["player"]
    others = [d for d in deals if d.record not in {r["id"] for r in history}]
    better = sum(
        1
        for d in others
        if (d.agreement and record["status"] != "agreed")
        or (d.agreement == (record["status"] == "agreed") and d.utilities["player"] > worth + 5e-3)
    )
    assert (standing.roles[0].rank, standing.roles[0].total) == (better + 1, 4)
    assert "Your 1 handed-in negotiation is left out" in class_standing_text(standing)


def test_installing_again_replaces_the_results_and_keeps_progress(tmp_path, pack_file, capsys):
    machines = _class_machines(tmp_path, pack_file)
    capsys.readouterr()
    results_pack = _results_pack(tmp_path, pack_file, [out for _, _, out in machines], capsys)
    data_dir, profile, _ = machines[1]
    with open_store(data_dir) as store:
        before = store.history(profile)
        student = store.get_profile(profile)["student_id"]
    code, out, err = run_cli("class", "join", results_pack, "--profile", profile,
                             "--data-dir", data_dir, capsys=capsys)  # fmt: skip
    assert code == 0, err
    assert "The class's results came too: 8 negotiations on 2 levels" in out
    (installed,) = installed_classes(data_dir)
    assert installed.results().negotiations == 8
    code, out, _ = run_cli("class", "list", "--data-dir", data_dir, capsys=capsys)
    assert "class results" in out and out.rstrip().endswith("8 negotiations")

    # the first pack (format 1) still installs: the results already there are kept
    code, out, err = run_cli("class", "join", pack_file, "--profile", profile,
                             "--data-dir", data_dir, capsys=capsys)  # fmt: skip
    assert code == 0, err
    assert "The class's results installed before are kept." in out
    (installed,) = installed_classes(data_dir)
    assert installed.results().negotiations == 8

    # an updated results pack (fewer exports) replaces the class's results
    smaller = tmp_path / "smaller.cgpack"
    code, _, err = run_cli("class", "results", results_pack, machines[0][2], "--out", smaller,
                           capsys=capsys)  # fmt: skip
    assert code == 0, err
    assert join_class_cli(smaller, profile, data_dir, capsys) == 0
    (installed,) = installed_classes(data_dir)
    assert installed.results().negotiations == 2
    with open_store(data_dir) as store:
        assert store.history(profile) == before
        assert store.get_profile(profile)["student_id"] == student


def join_class_cli(pack: Path, profile: str, data_dir: Path, capsys) -> int:
    code, _, _ = run_cli(
        "class", "join", pack, "--profile", profile, "--data-dir", data_dir, capsys=capsys
    )
    return code


def test_a_version_one_pack_still_installs(tmp_path, pack_file):
    pack = read_pack(pack_file)
    assert pack.format_version == 1 and pack.results is None
    with open_store(tmp_path / "data") as store:
        store.create_profile("Ada")
        joined = join_class(store, pack_file, "Ada", rng=random.Random(1))
    assert joined.results is None and "results" not in joined.summary()
    assert joined.installed.results() is None
    assert not joined.installed.results_file.exists()


def test_class_results_without_usable_rows_writes_nothing(tmp_path, pack_file, capsys):
    stray = tmp_path / "other.csv"
    stray.write_text(
        "student,class,level_id,level_version,seed,game_version,agreement,utility_player\n"
        "otter-1111,OTHER-CLASS,market-stall,3,1,1.0,yes,0.5\n"
        "otter-1111,,bike-sale,1,1,1.0,yes,0.5\n",
        encoding="utf-8",
    )
    out = tmp_path / "back.cgpack"
    code, _, err = run_cli("class", "results", pack_file, stray, "--out", out, capsys=capsys)
    assert code == 1
    assert "1 row of class OTHER-CLASS; left out" in err
    assert "1 row not played in a class; left out" in err
    assert "the pack was not written" in err and "Traceback" not in err
    assert not out.exists()


# --------------------------------------------------------------------------- hostile packs
def _with_results(pack_bytes: bytes, results: object, *, version: int = 2) -> dict[str, bytes]:
    members = pack_members(pack_bytes)
    blob = results if isinstance(results, bytes) else json.dumps(results).encode()
    return rehash({**members, "results.json": blob}, manifest_changes={"format_version": version})


def _deal(**utilities) -> dict:
    return {"record": "a" * 32, "agreement": True, "utilities": utilities or {"player": 0.5}}


def _results(*levels) -> dict:
    return {"format": "common-ground-class-results", "made_at": "2026-01-01T00:00:00Z",
            "levels": list(levels)}  # fmt: skip


def _level(deals, level_id="market-stall", version=3) -> dict:
    return {"id": level_id, "version": version, "deals": deals}


HOSTILE = {
    "utility not a number": (
        _results(_level([_deal(player=0.5), _deal(player="lots")])),
        "results.json: levels[0].deals[1].utilities.player: input should be a valid number",
    ),
    "utility out of range": (
        _results(_level([_deal(player=1e9)])),
        "results.json: levels[0].deals[0].utilities.player: input should be less than",
    ),
    "student utility missing": (
        _results(_level([_deal(rosa=0.5)])),
        "results.json: levels[0].deals[0].utilities: the student's utility (player) is missing",
    ),
    "unknown party": (
        _results(_level([_deal(player=0.5, mallory=0.9)])),
        "results.json: levels[0].deals[0].utilities.mallory: 'market-stall' has no party",
    ),
    "level not in the pack": (
        _results(_level([_deal()], level_id="bike-sale")),
        "results.json: levels[0].id: 'bike-sale' is not one of the pack's levels",
    ),
    "other level version": (
        _results(_level([_deal()], version=1)),
        "results.json: levels[0].version: results for version 1",
    ),
    "unexpected key": (
        {**_results(_level([_deal()])), "students": ["Ada Lovelace"]},
        "results.json: students: extra inputs are not permitted",
    ),
    "not JSON": (b"{ this is not json", "results.json: line 1"),
    "results in a version 1 pack": (
        _results(_level([_deal()])),
        "results.json: a pack of format 1 carries no results",
    ),
    "bad record id": (
        _results(_level([{**_deal(), "record": "../../etc"}])),
        "results.json: levels[0].deals[0].record: string should match pattern",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_bad_results_section_is_refused_with_one_line_each(case, tmp_path, pack_bytes, capsys):
    results, expected = HOSTILE[case]
    version = 1 if case == "results in a version 1 pack" else 2
    path = tmp_path / "incoming" / "results.cgpack"
    path.parent.mkdir()
    write_zip(path, list(_with_results(pack_bytes, results, version=version).items()))
    before = files_under(tmp_path)
    code, out, err = run_cli("class", "join", path, "--data-dir", tmp_path / "data", capsys=capsys)
    assert code == 1
    assert expected in err, err
    lines = err.splitlines()
    assert lines and all(line.startswith(f"{path}: results.json") for line in lines), err
    assert "Traceback" not in err + out
    assert files_under(tmp_path) == before  # nothing installed, not even the data folder
    with pytest.raises(PackError):
        read_pack(path)


def test_a_results_section_too_large_is_refused_before_it_is_unpacked(tmp_path, pack_bytes):
    from game.classroom.class_results import MAX_RESULTS_BYTES

    members = pack_members(pack_bytes)
    blob = json.dumps(_results(_level([_deal()] * 60_000))).encode()
    assert len(blob) > MAX_RESULTS_BYTES
    path = write_zip(tmp_path / "big.cgpack", list(_with_results(pack_bytes, blob).items()))
    with pytest.raises(PackError) as caught:
        read_pack(path)
    assert caught.value.user_lines == [
        f"{path}: results.json: unpacks to {len(blob):,} bytes; at most "
        f"{MAX_RESULTS_BYTES:,} are allowed"
    ]
    assert members  # the pack itself was fine


def test_cli_help_documents_the_return_trip(main_py):
    shown = main_py("class", "--help")
    assert shown.returncode == 0
    assert "hand the class's results back" in shown.stdout
    shown = main_py("class", "results", "--help")
    text = " ".join(shown.stdout.split())
    assert shown.returncode == 0
    assert "class results [-h]" in text and "--out NEW.cgpack" in text
    assert "ranks the deal among the class's deals for the same level, role by role" in text
    assert "no names and no student ids" in text


# --------------------------------------------------------------------------- the rank itself
def _class(*deals: tuple[bool, float, float]) -> list[dict]:
    return [
        {"agreement": agreed, "utilities": {"player": mine, "rosa": theirs}, "record": f"r{n}"}
        for n, (agreed, mine, theirs) in enumerate(deals)
    ]


def test_class_standing_ranks_ties_together_and_walk_outs_last():
    deals = _class(
        (True, 0.9, 0.1), (True, 0.6, 0.4), (True, 0.6, 0.4), (True, 0.4, 0.6),
        (False, 0.45, 0.3), (True, 0.2, 0.8),
    )  # fmt: skip
    roles = {"player": "your side", "rosa": "Rosa's side"}
    record = {"status": "agreed", "utilities": {"player": 0.602, "rosa": 0.398}}
    standing = class_standing(record, deals, roles)
    mine, theirs = standing.roles
    # 0.9 is better; the two 0.6 deals tie with 0.602; the walk-out at 0.45 ranks after deals
    assert (mine.rank, mine.total, mine.median) == (2, 7, 0.6)
    assert (theirs.rank, theirs.total) == (3, 7)  # 0.8 and 0.6 are better for Rosa
    # a walk-out ranks after every deal, even one worth less than its BATNA
    walked = {"status": "walked_away", "utilities": {"player": 0.45, "rosa": 0.3}}
    assert class_standing(walked, deals, roles).roles[0].rank == 6  # ties the other walk-out
    # the student's own deals are left out, and only parties the record has are ranked
    own = class_standing(
        {"id": "r0", "agreement": True, "utilities": {"player": 0.9}}, deals, roles,
        own_records=["r5"],
    )  # fmt: skip
    assert (own.others, own.own_left_out, own.this_handed_in) == (4, 2, True)
    assert [r.party for r in own.roles] == ["player"] and own.roles[0].rank == 1
    text = class_standing_text(own)
    assert "ranks 1st of 5 in the class for your side" in text
    assert "one you handed in: it is counted once" in text
    # nothing to compare with: no line
    assert class_standing(record, [], roles) is None
    assert class_standing({"id": "r0", **record}, deals[:1], roles) is None


def test_odd_rows_are_left_out_or_cleaned_so_the_pack_is_always_valid(tmp_path, pack_file, capsys):
    version = read_pack(pack_file).levels[0].version
    code = read_pack(pack_file).code
    head = "student,class,level_id,level_version,seed,game_version,agreement,utility_player,"
    rows = [
        f"otter-1111,{code},market-stall,{version},4242,1.0,yes,0.6,0.4,not a record id!",
        f"otter-2222,{code},market-stall,{version},4242,1.0,yes,250,0.4,{'b' * 32}",
        f"otter-3333,{code},market-stall,{version},4242,1.0,no,0.4,0.3,{'c' * 32}",
    ]
    edited = tmp_path / "edited.csv"
    edited.write_text(head + "utility_rosa,record_id\n" + "\n".join(rows) + "\n", "utf-8")
    out = tmp_path / "back.cgpack"
    status, stdout, err = run_cli("class", "results", pack_file, edited, "--out", out,
                                  capsys=capsys)  # fmt: skip
    assert status == 0, err
    assert "1 row with a utility beyond ±10; left out" in err
    deals = read_pack(out).results.level("market-stall").deals
    assert [(d.agreement, d.utilities["player"], d.record) for d in deals] == [
        (True, 0.6, None),  # the damaged record id is dropped, the deal kept
        (False, 0.4, "c" * 32),
    ]
