"""A class pack carries the portrait sets its levels ship beside them (format 3).

``class new`` packs ``portraits/<set>/<expression>.png`` for every set a level draws from
its own folder, within a size limit; reading a pack checks those images (PNG, 256 × 256,
every required expression) and a format older than 3 may carry none; installing puts them
beside the class's levels, where the game draws them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.classroom import pack as pack_module
from game.classroom.errors import PackError
from game.classroom.install import install_pack
from game.classroom.pack import (
    PORTRAITS_FORMAT_VERSION,
    PackSettings,
    build_pack,
    prepare_level,
    read_pack,
    read_pack_bytes,
)
from game.levels.loader import load_level

from .helpers import pack_members, rehash, run_cli, write_zip

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "own-portraits"
EXPRESSIONS = ("angry", "frustrated", "hurt", "neutral", "surprised", "thinking", "warm")
SETTINGS = PackSettings(seed=5)


@pytest.fixture
def own_level(tmp_path) -> Path:
    """Return a copy of the example level, with its portraits beside it."""
    folder = tmp_path / "own"
    shutil.copytree(EXAMPLE, folder)
    return folder / "potters-wheel.json"


def _make(tmp_path, capsys, *levels) -> tuple[int, str, Path]:
    out = tmp_path / "p.cgpack"
    code, _, err = run_cli(
        "class", "new", "--name", "Pottery", "--levels", *levels, "--out", out, capsys=capsys
    )
    return code, err, out


def test_class_new_carries_the_levels_own_portraits(tmp_path, capsys, own_level):
    code, err, out = _make(tmp_path, capsys, own_level, "market-stall")
    assert code == 0, err
    members = pack_members(out.read_bytes())
    carried = sorted(m for m in members if m.startswith("portraits/"))
    assert carried == [f"portraits/potter/{e}.png" for e in EXPRESSIONS]
    for expression in EXPRESSIONS:
        shipped = EXAMPLE / "portraits" / "potter" / f"{expression}.png"
        assert members[f"portraits/potter/{expression}.png"] == shipped.read_bytes()
    manifest = json.loads(members["manifest.json"])
    assert manifest["format_version"] == PORTRAITS_FORMAT_VERSION == 3
    assert {f["name"] for f in manifest["files"]} >= set(carried)  # under the content hash
    pack = read_pack(out)
    assert pack.format_version == 3 and sorted(pack.portraits) == carried
    assert pack.levels[0].level.npc("rosa").portrait == "potter"


def test_a_pack_without_own_portraits_stays_format_1(tmp_path, capsys):
    code, err, out = _make(tmp_path, capsys, "market-stall")
    assert code == 0, err
    assert read_pack(out).format_version == 1 and read_pack(out).portraits == {}


def test_joining_puts_the_portraits_beside_the_class_levels(tmp_path, capsys, own_level):
    code, err, out = _make(tmp_path, capsys, own_level)
    assert code == 0, err
    installed = install_pack(tmp_path / "data", read_pack(out))
    folder = installed.levels_dir / "portraits" / "potter"
    assert sorted(p.name for p in folder.iterdir()) == [f"{e}.png" for e in EXPRESSIONS]
    assert (folder / "warm.png").read_bytes() == (
        EXAMPLE / "portraits" / "potter" / "warm.png"
    ).read_bytes()
    level = load_level(installed.levels_dir / "potters-wheel.json")  # validates the set there
    assert level.base_dir == installed.levels_dir and level.npc("rosa").portrait == "potter"


def test_a_pack_remade_from_a_pack_keeps_the_portraits(tmp_path, capsys, own_level):
    code, err, out = _make(tmp_path, capsys, own_level)
    assert code == 0, err
    pack = read_pack(out)
    again = build_pack(
        pack.name,
        [(lv.member, lv.data, lv.level) for lv in pack.levels],
        pack.settings,
        created_at=pack.created_at,
        game_version=pack.game_version,
        code=pack.code,
        portraits=pack.portraits,
    )
    assert read_pack_bytes(again, "again.cgpack").portraits == pack.portraits


def test_two_levels_with_different_sets_of_one_name_are_refused(tmp_path, capsys, own_level):
    other = tmp_path / "other"
    shutil.copytree(own_level.parent, other)
    data = json.loads((other / own_level.name).read_text())
    data["id"] = "potters-wheel-2"
    (other / "potters-wheel-2.json").write_text(json.dumps(data))
    shutil.copy(other / "portraits/potter/angry.png", other / "portraits/potter/warm.png")
    code, err, out = _make(tmp_path, capsys, own_level, other / "potters-wheel-2.json")
    assert code == 1 and not out.exists()
    assert err.strip().endswith(
        "cannot make the pack: the levels 'potters-wheel' and 'potters-wheel-2' draw different "
        "portrait sets named 'potter': rename one set (and its portrait fields)"
    )


def test_portraits_beyond_the_size_limit_are_refused(tmp_path, capsys, own_level, monkeypatch):
    monkeypatch.setattr(pack_module, "MAX_PORTRAITS_BYTES", 10_000)
    code, err, out = _make(tmp_path, capsys, own_level)
    assert code == 1 and not out.exists()
    total = sum(p.stat().st_size for p in (own_level.parent / "portraits/potter").iterdir())
    assert err.strip().endswith(
        f"cannot make the pack: the levels' own portraits take {total:,} bytes; a class pack "
        "carries at most 10,000: save the images smaller (a 256 × 256 PNG is usually under "
        "50 KB)"
    )


@pytest.fixture
def carried(tmp_path, capsys, own_level) -> dict[str, bytes]:
    code, err, out = _make(tmp_path, capsys, own_level)
    assert code == 0, err
    return pack_members(out.read_bytes())


def _read(tmp_path, members: dict[str, bytes]) -> list[str]:
    path = write_zip(tmp_path / "hostile.cgpack", list(members.items()))
    with pytest.raises(PackError) as caught:
        read_pack(path)
    return [line.removeprefix(f"{path}: ") for line in caught.value.user_lines]


def test_reading_refuses_a_portrait_of_the_wrong_size(tmp_path, carried):
    from tests.levels.test_level_portraits import png_header

    members = {**carried, "portraits/potter/warm.png": png_header(300, 200)}
    assert _read(tmp_path, rehash(members)) == [
        "portraits/potter/warm.png: is 300 × 200 pixels; a portrait is a 256 × 256 PNG"
    ]


def test_reading_refuses_a_set_missing_an_expression(tmp_path, carried):
    members = {k: v for k, v in carried.items() if k != "portraits/potter/hurt.png"}
    assert _read(tmp_path, rehash(members)) == ["portraits/potter/: the set has no hurt.png"]


def test_reading_refuses_portraits_in_an_older_format(tmp_path, carried):
    members = rehash(carried, manifest_changes={"format_version": 1})
    assert _read(tmp_path, members) == [
        "portraits/: a pack of format 1 carries no portraits (the manifest must say "
        "format_version 3)"
    ]


def test_a_pack_level_naming_a_set_the_pack_does_not_carry_is_refused(tmp_path, carried):
    members = {k: v for k, v in carried.items() if not k.startswith("portraits/")}
    (line,) = _read(tmp_path, rehash(members))
    assert line.startswith("levels/potters-wheel.json: npcs[0].portrait: unknown portrait 'potter'")


def test_reading_refuses_a_portrait_member_of_another_name(tmp_path, carried):
    members = {**carried, "portraits/potter/happy.png": carried["portraits/potter/warm.png"]}
    (line,) = _read(tmp_path, rehash(members))
    assert line == (
        "portraits/potter/happy.png: an unexpected file: a class pack holds only manifest.json, "
        "settings.json, results.json, levels/<level id>.json and "
        "portraits/<set>/<expression>.png"
    )


def test_prepare_level_keeps_the_levels_folder_for_its_portraits(own_level):
    member, _, level = prepare_level(own_level, SETTINGS)
    assert member == "levels/potters-wheel.json" and level.base_dir == own_level.parent


def test_the_guides_state_the_packs_portrait_limits():
    docs = Path(__file__).resolve().parents[2] / "docs"
    limits = (
        f"at most {pack_module.MAX_PORTRAIT_SETS} sets and "
        f"{pack_module.MAX_PORTRAITS_BYTES // 2**20} MB"
    )
    authoring = " ".join((docs / "level-authoring.md").read_text(encoding="utf-8").split())
    classroom = " ".join((docs / "classroom.md").read_text(encoding="utf-8").split())
    assert f"carries {limits} of portraits" in authoring
    assert f"{limits} in all" in classroom
