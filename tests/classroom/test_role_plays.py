"""Role-plays in class: the pack marks levels as role-plays and pairs seats, a pair's match
is saved for both students with the pair's id and the class's seed, the export carries both
sides, and the report draws every pair's deal (side A across, side B up), ranks the deals
per role and flags the pairs that left joint value on the table."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime

import numpy as np
import pytest

from game.classroom import installed_classes, pack_seed, read_pack
from game.classroom.export import export_rows, write_csv
from game.classroom.install import class_role_play, role_play_pair
from game.classroom.role_plays import pair_deals, pair_rankings
from game.engine import PLAYER, Move, MoveKind, Offer, pareto_indices
from game.finish import save_role_play
from game.levels.loader import load_level
from game.levels.roleplay import other_side, refusal
from game.roleplay.debrief import joint_debrief
from game.roleplay.hotseat import HotSeatMatch
from game.store import open_store

from .helpers import pack_members, rehash, run_cli, write_zip

CLOCKS = iter(datetime(2026, 12, 7, 10, minute, tzinfo=UTC) for minute in range(60))


def _pack(tmp_path, capsys, *extra: str, levels=("market-stall", "used-car")) -> tuple[int, str]:
    code, out, err = run_cli(
        "class", "new", "--name", "Neg 101", "--levels", *levels, "--seed", "11",
        "--out", tmp_path / "neg.cgpack", *extra, capsys=capsys,
    )  # fmt: skip
    return code, out + err


# --------------------------------------------------------------------------- the pack
def test_class_new_marks_role_plays_and_pairs_the_seats_in_roster_order(tmp_path, capsys):
    code, out = _pack(tmp_path, capsys, "--role-play", "used-car", "--seats", "5", "--pairs")
    assert code == 0, out
    pack = read_pack(tmp_path / "neg.cgpack")
    seats = pack.settings.seats
    assert pack.settings.role_plays == ("used-car",)
    assert pack.settings.pairs == ((seats[0], seats[1]), (seats[2], seats[3]))
    assert pack.settings.pair_id(seats[1], seats[0]) == "pair-01"
    assert pack.settings.pair_id(seats[0], seats[2]) is None
    assert "used-car v1  The Red Hatchback  (role-play)" in out
    assert f"pair-02: {seats[2]} (A) with {seats[3]} (B)" in out
    assert f"{seats[4]} has no pair" in out
    settings = json.loads(pack_members((tmp_path / "neg.cgpack").read_bytes())["settings.json"])
    assert settings["role_plays"] == ["used-car"]


def test_a_pack_without_role_plays_keeps_the_old_settings_file(tmp_path, capsys):
    assert _pack(tmp_path, capsys)[0] == 0
    settings = json.loads(pack_members((tmp_path / "neg.cgpack").read_bytes())["settings.json"])
    assert set(settings) == {"seed", "hints", "round_limit"}


def test_a_level_that_cannot_be_a_role_play_is_refused_with_the_reason(tmp_path, capsys):
    from game.levels.catalog import resolve_level

    code, out = _pack(
        tmp_path, capsys, "--role-play", "book-deal", levels=("market-stall", "book-deal")
    )
    reason = refusal(load_level(resolve_level("book-deal")))
    assert code != 0 and reason
    assert f"'book-deal' cannot be a role-play: {reason}" in out
    assert not (tmp_path / "neg.cgpack").exists()


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (("--role-play", "tablet-deal"), "'tablet-deal' is not one of the pack's levels"),
        (("--role-play", "used-car", "--pairs"), "--pairs goes with --seats N"),
        (("--seats", "4", "--pairs"), "--pairs goes with --seats N and --role-play"),
    ],
)
def test_role_play_options_that_make_no_sense_are_refused(tmp_path, capsys, extra, words):
    code, out = _pack(tmp_path, capsys, *extra)
    assert code != 0
    assert words in out


def test_a_hand_edited_pack_naming_a_mediated_level_as_a_role_play_is_refused(tmp_path, capsys):
    assert _pack(tmp_path, capsys, levels=("market-stall", "book-deal"))[0] == 0
    members = pack_members((tmp_path / "neg.cgpack").read_bytes())
    settings = json.loads(members["settings.json"])
    settings["role_plays"] = ["book-deal"]
    members["settings.json"] = json.dumps(settings).encode()
    path = write_zip(tmp_path / "edited.cgpack", list(rehash(members).items()))
    with pytest.raises(Exception, match="'book-deal' cannot be a role-play: it has a mediator"):
        read_pack(path)


def test_a_pack_with_role_plays_is_of_format_3_and_an_older_format_may_not_hold_them(
    tmp_path, capsys
):
    # A game older than format 3 says to update instead of failing on the unknown fields.
    role_play, plain = tmp_path / "role-play", tmp_path / "plain"
    role_play.mkdir()
    plain.mkdir()
    assert _pack(role_play, capsys, "--role-play", "used-car")[0] == 0
    members = pack_members((role_play / "neg.cgpack").read_bytes())
    assert json.loads(members["manifest.json"])["format_version"] == 3
    assert _pack(plain, capsys)[0] == 0
    members = pack_members((plain / "neg.cgpack").read_bytes())
    assert json.loads(members["manifest.json"])["format_version"] == 1
    settings = json.loads(members["settings.json"])
    settings["role_plays"] = ["used-car"]
    members["settings.json"] = json.dumps(settings).encode()
    path = write_zip(tmp_path / "edited.cgpack", list(rehash(members).items()))
    with pytest.raises(Exception, match="a pack of format 1 has no role-plays or pairs"):
        read_pack(path)


def test_pairs_of_seats_the_class_does_not_have_are_refused(tmp_path, capsys):
    assert _pack(tmp_path, capsys, "--role-play", "used-car", "--seats", "2", "--pairs")[0] == 0
    members = pack_members((tmp_path / "neg.cgpack").read_bytes())
    settings = json.loads(members["settings.json"])
    settings["pairs"] = [[settings["seats"][0], "nobody-12"]]
    members["settings.json"] = json.dumps(settings).encode()
    path = write_zip(tmp_path / "edited.cgpack", list(rehash(members).items()))
    with pytest.raises(Exception, match="pairs are made of the class's seats"):
        read_pack(path)


# --------------------------------------------------------------------------- a class's pairs
def _class_with_students(tmp_path, capsys, students=4):
    code, out = _pack(
        tmp_path, capsys, "--role-play", "used-car", "--seats", str(students), "--pairs"
    )
    assert code == 0, out
    data = tmp_path / "room"
    names = ["Ada", "Ben", "Chen", "Dara", "Eli", "Femi"][:students]
    for seat, name in enumerate(names, start=1):
        joined = run_cli(
            "class", "join", tmp_path / "neg.cgpack", "--profile", name, "--seat", seat,
            "--data-dir", data, capsys=capsys,
        )  # fmt: skip
        assert joined[0] == 0, joined
    (installed,) = installed_classes(data)
    return data, installed, names


def _offer_at(level, index: int) -> Offer:
    return Offer(dict(level.negotiation.space.outcome(index)))


def _play_pair(store, installed, level, profiles, offer: Offer | None) -> HotSeatMatch:
    """Two students play the class's role-play: A offers ``offer`` and B accepts (no offer:
    A walks away); the result is saved in both histories as the game saves it."""
    b = other_side(level)
    students = {p: store.get_profile(profiles[p])["student_id"] for p in (PLAYER, b)}
    moment = next(CLOCKS)
    match = HotSeatMatch(
        level,
        {PLAYER: profiles[PLAYER], b: profiles[b]},
        seed=pack_seed(store.data_dir, level),
        clock=lambda: moment,
        pair=role_play_pair(installed, students[PLAYER], students[b]),
    )
    if offer is None:
        assert match.play(Move(MoveKind.WALK_AWAY, PLAYER)).ok
    else:
        if match.to_move != PLAYER:
            assert match.play(Move(MoveKind.OFFER, b, offer=offer)).ok
            assert match.play(Move(MoveKind.ACCEPT, PLAYER)).ok
        else:
            assert match.play(Move(MoveKind.OFFER, PLAYER, offer=offer)).ok
            assert match.play(Move(MoveKind.ACCEPT, b)).ok
    save_role_play(store, profiles, match)
    return match


def _outcomes(level):
    """Return (an outcome on the frontier, an outcome far off it) by index."""
    analysis = level.analysis
    utilities = analysis.utilities[:, :2]
    frontier = pareto_indices(utilities)
    on = int(frontier[len(frontier) // 2])
    off = int(np.argmin(utilities.sum(axis=1)))
    return on, off


def test_a_class_role_play_is_saved_with_the_pair_id_and_exported_with_both_sides(tmp_path, capsys):
    data, installed, names = _class_with_students(tmp_path, capsys)
    entry = next(e for e in installed.levels if e.id == "used-car")
    level = load_level(entry.path)
    assert class_role_play(data, level).code == installed.code
    assert class_role_play(data, load_level(next(e.path for e in installed.levels if e.id == "market-stall"))) is None  # fmt: skip
    b = other_side(level)
    on, off = _outcomes(level)
    with open_store(data) as store:
        first = _play_pair(store, installed, level, {PLAYER: "Ada", b: "Ben"}, _offer_at(level, on))
        # Chen and Dara are pair-02, but Chen plays with Ada's seat partner: their own pair
        own = _play_pair(store, installed, level, {PLAYER: "Chen", b: "Ada"}, _offer_at(level, off))
        rows = export_rows(store, class_code=installed.code, plays_of=installed)
        write_csv(tmp_path / "results.csv", rows)
    assert first.pair == "pair-01"
    assert re.fullmatch(r"own-[0-9a-f]{8}", own.pair)
    played = [r for r in rows if r.get("pair")]
    assert len(played) == 4, "both sides of both matches survive the class filter"
    by = {(r["pair"], r["side"]): r for r in played}
    a_row, b_row = by[("pair-01", "A")], by[("pair-01", "B")]
    truth = joint_debrief(first)
    assert a_row["role"] == level.model.player.role
    assert b_row["role"] == level.npc(b).role
    assert a_row["utility_player"] == pytest.approx(truth.sides[PLAYER].utility, abs=1e-6)
    assert b_row["utility_player"] == pytest.approx(truth.sides[b].utility, abs=1e-6)
    assert b_row[f"utility_{b}"] == pytest.approx(truth.sides[PLAYER].utility, abs=1e-6)
    text = (tmp_path / "results.csv").read_text(encoding="utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[-3:] == ["pair", "side", "role"]


def test_the_report_draws_each_pair_once_ranks_per_role_and_flags_value_left(tmp_path, capsys):
    from game.classroom.results import read_results

    data, installed, _ = _class_with_students(tmp_path, capsys)
    level = load_level(next(e.path for e in installed.levels if e.id == "used-car"))
    b = other_side(level)
    on, off = _outcomes(level)
    with open_store(data) as store:
        good = _play_pair(store, installed, level, {PLAYER: "Ada", b: "Ben"}, _offer_at(level, on))
        poor = _play_pair(
            store, installed, level, {PLAYER: "Chen", b: "Dara"}, _offer_at(level, off)
        )
        rows = export_rows(store, class_code=installed.code, plays_of=installed)
    write_csv(tmp_path / "results.csv", rows)
    merged = read_results([tmp_path / "results.csv"])
    pairs = pair_deals([r for r in merged.rows if r.level_id == "used-car"])
    assert [p.pair for p in pairs] == ["pair-01", "pair-02"]
    for pair, match in zip(pairs, (good, poor), strict=True):
        truth = joint_debrief(match)
        assert pair.utility_a == pytest.approx(truth.sides[PLAYER].utility, abs=1e-6)
        assert pair.utility_b == pytest.approx(truth.sides[b].utility, abs=1e-6)
        assert pair.left_value is truth.left_value
    assert [p.left_value for p in pairs] == [False, True]
    ranks = dict(pair_rankings(level, pairs))
    assert list(ranks) == ["A", "B"]
    expected = sorted(pairs, key=lambda p: -p.utility("A"))
    assert [p.pair for _, p, _ in ranks["A"]] == [p.pair for p in expected]
    assert [p.pair for _, p, _ in ranks["B"]] == [
        p.pair for p in sorted(pairs, key=lambda p: -p.utility_b)
    ]

    code, _, err = run_cli(
        "report", tmp_path / "results.csv", "--out", tmp_path / "report.html",
        "--pack", tmp_path / "neg.cgpack", capsys=capsys,
    )  # fmt: skip
    assert code == 0, err
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    section = html[html.index('id="level-used-car"') :]
    section = section[: section.index("</section>")]
    assert "Role-play: 2 pairs" in section
    assert section.count("<title>1 × deal at") == 2, "one star per pair, not per student"
    a_of = {p.pair: p.utility_a for p in pairs}
    b_of = {p.pair: p.utility_b for p in pairs}
    assert f"deal at {a_of['pair-01']:.2f}, {b_of['pair-01']:.2f}: pair-01" in section
    left = section[section.index("Left joint value on the table") :]
    left = left[: left.index("</div>")]
    assert "pair-02" in left and "pair-01" not in left
    assert 'stroke-dasharray="4 3"' in section, "the left-value ring is drawn"
    assert f"Side A: {level.model.player.role}" in section


def test_handing_results_back_counts_each_pair_once_by_the_levels_parties(tmp_path, capsys):
    from game.classroom.class_results import results_from_rows
    from game.classroom.report import utilities_words
    from game.classroom.results import read_results

    data, installed, _ = _class_with_students(tmp_path, capsys)
    level = load_level(next(e.path for e in installed.levels if e.id == "used-car"))
    b = other_side(level)
    on, off = _outcomes(level)
    with open_store(data) as store:
        good = _play_pair(store, installed, level, {PLAYER: "Ada", b: "Ben"}, _offer_at(level, on))
        _play_pair(store, installed, level, {PLAYER: "Chen", b: "Dara"}, _offer_at(level, off))
        write_csv(
            tmp_path / "results.csv",
            export_rows(store, class_code=installed.code, plays_of=installed),
        )
    rows = read_results([tmp_path / "results.csv"]).rows
    results, left_out = results_from_rows(rows, [level], installed.code, "2026-12-07T10:00:00Z")
    assert left_out == []
    deals = results.level("used-car").deals
    assert len(deals) == 2, "one deal per pair, not one per student"
    truth = joint_debrief(good)
    first = next(
        d
        for d in deals
        if d.utilities[PLAYER] == pytest.approx(truth.sides[PLAYER].utility, abs=1e-6)
    )
    assert first.utilities[b] == pytest.approx(truth.sides[b].utility, abs=1e-6)
    b_row = next(r for r in rows if r.pair == "pair-01" and r.side == "B")
    words = utilities_words(b_row, level)
    assert (
        words == f"side A {truth.sides[PLAYER].utility:.2f} · side B {truth.sides[b].utility:.2f}"
    )
