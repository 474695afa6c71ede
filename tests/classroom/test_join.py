"""Joining a class: installed levels, pseudonymous student ids, the class seed."""

from __future__ import annotations

import json
import random
import re

from game.classroom import installed_classes, join_class, pack_seed, read_pack
from game.classroom.install import CLASS_FILE
from game.levels.catalog import resolve_level
from game.levels.loader import load_level
from game.store import open_store

from .helpers import files_under, pack_members, run_cli

STUDENT = re.compile(r"^[a-z]+-\d{4}$")


def test_join_installs_the_levels_and_gives_a_pseudonymous_id(tmp_path, pack_file, capsys):
    data_dir = tmp_path / "data"
    code, out, err = run_cli(
        "class",
        "join",
        pack_file,
        "--profile",
        "Ada Lovelace",
        "--data-dir",
        data_dir,
        capsys=capsys,
    )
    assert code == 0, err
    pack = read_pack(pack_file)
    with open_store(data_dir, read_only=True) as store:
        profile = store.get_profile("Ada Lovelace")
    assert profile["class_code"] == pack.code
    assert STUDENT.match(profile["student_id"])
    assert f"as {profile['student_id']}" in out and "Seed 4242" in out
    (installed,) = installed_classes(data_dir)
    assert (installed.code, installed.name, installed.seed) == (pack.code, "Negotiation 101", 4242)
    assert installed.folder == data_dir / "classes" / pack.code
    members = pack_members(pack_file.read_bytes())
    for entry in installed.levels:
        assert entry.path.read_bytes() == members[f"levels/{entry.id}.json"]  # byte for byte
        assert load_level(entry.path).id == entry.id
    assert files_under(data_dir / "classes") == {
        pack.code,
        f"{pack.code}/{CLASS_FILE}",
        f"{pack.code}/levels",
        f"{pack.code}/levels/market-stall.json",
        f"{pack.code}/levels/tablet-deal.json",
    }  # no staging folder left behind
    record = json.loads((installed.folder / CLASS_FILE).read_text(encoding="utf-8"))
    assert record["content_hash"] == pack.content_hash
    assert "Ada" not in json.dumps(record)  # the class folder says nothing about who joined


def test_joining_again_keeps_the_id_and_another_class_replaces_it(tmp_path, pack_file, capsys):
    data_dir = tmp_path / "data"
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        first = join_class(store, pack_file, "Ada", rng=random.Random(1))
        again = join_class(store, pack_file, "Ada", rng=random.Random(2))
        assert again.student_id == first.student_id and again.previous_class is None
    other = tmp_path / "other.cgpack"
    assert (
        run_cli("class", "new", "--name", "Evening", "--levels", "used-car", "--out", other)[0] == 0
    )
    capsys.readouterr()
    code, out, _ = run_cli("class", "join", other, "--data-dir", data_dir, capsys=capsys)
    assert code == 0  # the only profile joins
    assert f"You left the class {first.installed.code}" in out
    with open_store(data_dir, read_only=True) as store:
        profile = store.get_profile("Ada")
    assert profile["class_code"] == read_pack(other).code
    assert len(installed_classes(data_dir)) == 2  # the first class's levels stay
    code, out, _ = run_cli("class", "list", "--data-dir", data_dir, capsys=capsys)
    assert "EVENING-" in out and "NEGOTIATION-101-" in out


def test_join_picks_or_makes_the_profile(tmp_path, pack_file, capsys):
    data_dir = tmp_path / "data"
    code, _, err = run_cli("class", "join", pack_file, "--data-dir", data_dir, capsys=capsys)
    assert code == 0 and "Made the profile 'Player 1'" in err
    with open_store(data_dir) as store:
        store.create_profile("Sam")
    code, _, err = run_cli("class", "join", pack_file, "--data-dir", data_dir, capsys=capsys)
    assert code == 1 and "say which joins with --profile NAME (Player 1, Sam)" in err


def test_the_class_seed_goes_with_the_class_levels_only(tmp_path, pack_file):
    data_dir = tmp_path / "data"
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        result = join_class(store, pack_file, "Ada")
    (installed,) = installed_classes(data_dir)
    installed_level = load_level(installed.levels_dir / "tablet-deal.json")
    builtin_level = load_level(resolve_level("tablet-deal"))
    assert pack_seed(data_dir, installed_level) == 4242
    assert pack_seed(data_dir, installed.levels_dir / "market-stall.json") == 4242
    assert pack_seed(data_dir, builtin_level) is None  # the campaign copy keeps a fresh seed
    assert pack_seed(data_dir, "tablet-deal", class_code=result.installed.code) == 4242
    assert pack_seed(data_dir, "used-car") is None
    assert pack_seed(tmp_path / "nowhere", installed_level) is None


def test_installed_classes_skips_folders_that_are_not_classes(tmp_path, pack_file):
    data_dir = tmp_path / "data"
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        join_class(store, pack_file, "Ada")
    classes = data_dir / "classes"
    (classes / "JUNK-1").mkdir()
    (classes / "JUNK-2").mkdir()
    (classes / "JUNK-2" / CLASS_FILE).write_text("{not json", encoding="utf-8")
    (classes / "notes.txt").write_text("hello", encoding="utf-8")
    assert [c.name for c in installed_classes(data_dir)] == ["Negotiation 101"]
    assert installed_classes(tmp_path / "missing") == []


def test_the_pack_hints_go_with_the_class_levels_only(tmp_path, pack_file):
    from game.classroom.install import pack_hints

    data_dir = tmp_path / "data"
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        join_class(store, pack_file, "Ada")
    (installed,) = installed_classes(data_dir)
    assert pack_hints(data_dir, load_level(installed.levels_dir / "tablet-deal.json")) == "on"
    assert pack_hints(data_dir, load_level(resolve_level("tablet-deal"))) is None
    assert pack_hints(tmp_path / "nowhere", installed.levels_dir / "tablet-deal.json") is None
