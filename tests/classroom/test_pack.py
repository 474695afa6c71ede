"""Making class packs: what `class new` writes, and what it refuses."""

from __future__ import annotations

import json
import re

from game.classroom.pack import (
    PackSettings,
    build_pack,
    derive_class_code,
    prepare_level,
    read_pack,
    read_pack_bytes,
)
from game.levels.catalog import resolve_level
from game.levels.loader import load_level

from .helpers import DATA, pack_members, run_cli


def test_a_pack_holds_the_levels_settings_and_a_manifest_with_a_content_hash(pack_file):
    members = pack_members(pack_file.read_bytes())
    assert sorted(members) == [
        "levels/market-stall.json",
        "levels/tablet-deal.json",
        "manifest.json",
        "settings.json",
    ]
    manifest = json.loads(members["manifest.json"])
    assert manifest["format"] == "common-ground-class-pack" and manifest["format_version"] == 1
    assert manifest["class"]["name"] == "Negotiation 101"
    assert re.fullmatch(r"NEGOTIATION-101-[0-9A-F]{4}", manifest["class"]["code"])
    assert [lv["id"] for lv in manifest["levels"]] == ["market-stall", "tablet-deal"]  # in order
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", manifest["content_hash"])
    assert json.loads(members["settings.json"]) == {"seed": 4242, "hints": "on", "round_limit": 12}
    # The settings are written into the levels, so every way of playing them honours them.
    level = json.loads(members["levels/tablet-deal.json"])
    assert level["rules"]["deadline_rounds"] == 12
    assert level["rules"]["hints"] == {
        "agreement_zone": True,
        "other_priorities": True,
        "offer_value": True,
    }
    pack = read_pack(pack_file)
    assert pack.settings == PackSettings(4242, "on", 12)
    assert [lv.level.model.rules.deadline_rounds for lv in pack.levels] == [12, 12]


def test_the_same_levels_and_settings_make_the_same_pack():
    settings = PackSettings(7, "off", None)
    levels = [prepare_level(resolve_level("market-stall"), settings)]
    one = build_pack(
        "Tuesday group", levels, settings, created_at="2026-01-05T09:00:00Z", game_version="0.1.0"
    )
    two = build_pack(
        "Tuesday group", levels, settings, created_at="2026-01-05T09:00:00Z", game_version="0.1.0"
    )
    assert one == two
    pack = read_pack_bytes(one, "p.cgpack")
    level = pack.levels[0].level.model
    assert not level.rules.hints.offer_value and not level.rules.hints.agreement_zone
    own = load_level(resolve_level("market-stall")).model.rules.deadline_rounds
    assert level.rules.deadline_rounds == own  # no round limit: the level's own


def test_class_codes_come_from_the_name():
    assert derive_class_code("Negotiation 101, Tuesday", "3f2a99") == "NEGOTIATION-101-3F2A"
    assert derive_class_code("Économie été", "00ff") == "ECONOMIE-ETE-00FF"
    assert derive_class_code("交渉", "abcd") == "CLASS-ABCD"


def test_class_new_prints_what_it_made(tmp_path, capsys):
    out = tmp_path / "p.cgpack"
    code, stdout, _ = run_cli(
        "class", "new", "--name", "Tuesday", "--levels", "used-car", "--seed", "9",
        "--code", "tue-9", "--out", out, capsys=capsys,
    )  # fmt: skip
    assert code == 0
    assert "class code:   TUE-9" in stdout and "seed:         9" in stdout
    assert "level:        used-car v1" in stdout
    assert "class join" in stdout
    assert read_pack(out).code == "TUE-9"


def test_class_new_refuses_bad_input_with_clear_lines(tmp_path, capsys):
    out = tmp_path / "p.cgpack"
    code, _, err = run_cli(
        "class", "new", "--name", "X", "--levels", "used-cat", "--out", out, capsys=capsys
    )
    assert code == 1 and "no built-in level has this id (did you mean 'used-car'?)" in err
    code, _, err = run_cli(
        "class",
        "new",
        "--name",
        "X",
        "--levels",
        "used-car",
        "used-car",
        "--out",
        out,
        capsys=capsys,
    )
    assert code == 1 and "named twice" in err
    code, _, err = run_cli(
        "class", "new", "--name", "X", "--levels", "used-car", "--round-limit", "0", "--out", out,
        capsys=capsys,
    )  # fmt: skip
    assert code == 1 and "--round-limit must lie between 1 and 200" in err
    code, _, err = run_cli(
        "class", "new", "--name", "X", "--levels", "used-car", "--code", "a b", "--out", out,
        capsys=capsys,
    )  # fmt: skip
    assert code == 1 and "class code" in err
    assert not out.exists()
    out.write_bytes(b"keep me")
    code, _, err = run_cli(
        "class", "new", "--name", "X", "--levels", "used-car", "--out", out, capsys=capsys
    )
    assert code == 1 and "already exists; use --force" in err
    assert out.read_bytes() == b"keep me"


def test_class_new_lists_a_broken_levels_problems_as_validate_does(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    text = resolve_level("used-car").read_text(encoding="utf-8")
    broken.write_text(
        text.replace('"deadline_rounds": 10', '"deadline_rounds": 0', 1), encoding="utf-8"
    )
    code, out, _ = run_cli("validate", broken, capsys=capsys)
    assert code == 1
    code, _, err = run_cli(
        "class",
        "new",
        "--name",
        "X",
        "--levels",
        broken,
        "--out",
        tmp_path / "p.cgpack",
        capsys=capsys,
    )
    assert code == 1 and err.splitlines() == out.splitlines()


def test_a_level_with_assets_cannot_travel_in_a_pack(tmp_path, capsys):
    data = json.loads(resolve_level("market-stall").read_text(encoding="utf-8"))
    data["assets"] = {"background": "art/bg.png"}
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "bg.png").write_bytes(b"\x89PNG")
    level = tmp_path / "with-art.json"
    level.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run_cli(
        "class",
        "new",
        "--name",
        "X",
        "--levels",
        level,
        "--out",
        tmp_path / "p.cgpack",
        capsys=capsys,
    )
    assert code == 1 and f"{level}: assets: a level with extra files" in err


def test_the_committed_fixture_pack_is_still_valid():
    pack = read_pack(DATA / "class.cgpack")
    assert pack.code == "DEMO-CLASS-2B10"
    assert [lv.id for lv in pack.levels] == ["market-stall", "tablet-deal"]
