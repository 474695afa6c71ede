"""Damaged, tampered and hostile class packs are refused with a clear line; nothing is written.

Every case is joined through the command line (``class join``) into a fresh data folder:
the exit code is 1, the message names the pack and the problem, and neither the data
folder nor anything else under the test's folder gains a file.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from game.classroom import PackError, installed_classes, join_class, read_pack
from game.classroom.pack import MAX_MEMBERS, MAX_PACK_BYTES
from game.store import open_store

from .helpers import ROOT, files_under, pack_members, rehash, run_cli, write_zip


def _members(pack_bytes: bytes) -> list[tuple[str, bytes]]:
    return list(pack_members(pack_bytes).items())


def _level_text() -> bytes:
    return (ROOT / "levels" / "market-stall.json").read_bytes()


def _tampered_level(members: dict[str, bytes]) -> dict[str, bytes]:
    data = json.loads(members["levels/market-stall.json"])
    data["title"] = "Pay me double"
    return {**members, "levels/market-stall.json": json.dumps(data).encode()}


def _broken_level(members: dict[str, bytes]) -> dict[str, bytes]:
    data = json.loads(members["levels/market-stall.json"])
    data["rules"]["deadline_rounds"] = 0
    data["npcs"][0]["strategy"] = {"kind": "bulware"}
    return rehash({**members, "levels/market-stall.json": json.dumps(data).encode()})


def _renamed_level(members: dict[str, bytes]) -> dict[str, bytes]:
    data = json.loads(members["levels/market-stall.json"])
    data["id"] = "other-level"
    return rehash({**members, "levels/market-stall.json": json.dumps(data).encode()})


def _bad_settings(members: dict[str, bytes]) -> dict[str, bytes]:
    settings = json.dumps({"seed": 1, "hints": "maybe", "round_limit": 0}).encode()
    return rehash({**members, "settings.json": settings})


def _renamed_class(members: dict[str, bytes]) -> dict[str, bytes]:
    manifest = json.loads(members["manifest.json"])
    manifest["class"]["name"] = "Someone else's class"
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def _newer_format(members: dict[str, bytes]) -> dict[str, bytes]:
    manifest = json.loads(members["manifest.json"])
    manifest["format_version"] = 7
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def _traversal_code(members: dict[str, bytes]) -> dict[str, bytes]:
    manifest = json.loads(members["manifest.json"])
    return rehash(members, manifest_changes={"class": {**manifest["class"], "code": "../../EVIL"}})


def _extra_member(members: dict[str, bytes]) -> dict[str, bytes]:
    return {**members, "levels/extra.json": _level_text()}


def _missing_member(members: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in members.items() if k != "levels/tablet-deal.json"}


# name -> (how to make the archive, a fragment of the expected message)
ARCHIVES = {
    "path traversal": ([("../evil.json", b"{}")], "path traversal"),
    "nested traversal": ([("levels/../../evil.json", b"{}")], "path traversal"),
    "absolute name": ([("/tmp/evil.json", b"{}")], "an absolute path"),
    "drive letter": ([("C:/evil.json", b"{}")], "an absolute path"),
    "backslashes": ([("levels\\..\\evil.json", b"{}")], "backslash"),
    "unexpected file": ([("readme.txt", b"hello")], "an unexpected file"),
    "too large": ([("levels/big.json", b" " * (1024 * 1024 + 10))], "unpacks to 1,048,586 bytes"),
    "zip bomb": ([("levels/bomb.json", b"0" * (900 * 1024))], "(a zip bomb?)"),
    "twice": ([("manifest.json", b"{}"), ("manifest.json", b"{}")], "holds this name twice"),
    "no manifest": ([("settings.json", b"{}")], "manifest.json: missing"),
}


def _write_case(tmp_path: Path, case: str, pack_bytes: bytes) -> tuple[Path, str]:
    path = tmp_path / "incoming" / f"{case.replace(' ', '-')}.cgpack"
    path.parent.mkdir()
    if case in ARCHIVES:
        members, expected = ARCHIVES[case]
        return write_zip(path, members), expected
    members = pack_members(pack_bytes)
    if case == "not a zip":
        path.write_bytes(b"This is a letter to the class, not a pack.\n" * 20)
        return path, "this is not a class pack: the file is not a zip archive"
    if case == "empty file":
        path.write_bytes(b"")
        return path, "not a zip archive"
    if case == "cut off":
        path.write_bytes(pack_bytes[: len(pack_bytes) // 2])
        return path, "not a zip archive, or it is damaged"
    if case == "too large a file":
        with path.open("wb") as stream:
            stream.truncate(MAX_PACK_BYTES + 1)  # sparse: no 16 MiB written
        return path, "a class pack may be at most"
    if case == "too many files":
        many = [(f"levels/l{i}.json", b"{}") for i in range(MAX_MEMBERS + 1)]
        return write_zip(path, many), "a class pack holds at most 40 levels"
    if case == "symlink":
        items = [*_members(pack_bytes), ("levels/link.json", b"/etc/passwd")]
        return write_zip(path, items, symlinks={"levels/link.json"}), "a symbolic link"
    if case == "encrypted":
        return (
            write_zip(path, _members(pack_bytes), flags={"settings.json": 0x1}),
            "encrypted",
        )
    changes = {
        "tampered level": (_tampered_level, "levels/market-stall.json: has been changed"),
        "tampered manifest": (_renamed_class, "does not match its content hash"),
        "invalid level, hashes redone": (
            _broken_level,
            "levels/market-stall.json: rules.deadline_rounds",
        ),
        "level id differs": (_renamed_level, "id or version differs from the manifest"),
        "bad settings, hashes redone": (_bad_settings, "settings.json: hints"),
        "newer format": (_newer_format, "made by a newer version of the game"),
        "class code escapes": (_traversal_code, "manifest.json: class.code"),
        "member not listed": (_extra_member, "levels/extra.json: is not listed in the manifest"),
        "member missing": (_missing_member, "listed in the manifest but missing"),
    }
    make, expected = changes[case]
    return write_zip(path, list(make(members).items())), expected


CASES = [
    *ARCHIVES,
    "not a zip",
    "empty file",
    "cut off",
    "too large a file",
    "too many files",
    "symlink",
    "encrypted",
    "tampered level",
    "tampered manifest",
    "invalid level, hashes redone",
    "level id differs",
    "bad settings, hashes redone",
    "newer format",
    "class code escapes",
    "member not listed",
    "member missing",
]


@pytest.mark.parametrize("case", CASES)
def test_a_bad_pack_is_refused_and_nothing_is_written(case, tmp_path, pack_bytes, capsys):
    pack, expected = _write_case(tmp_path, case, pack_bytes)
    before = files_under(tmp_path)
    data_dir = tmp_path / "data"
    code, _, err = run_cli("class", "join", pack, "--data-dir", data_dir, capsys=capsys)
    assert code == 1
    assert expected in err, err
    assert all(line.startswith(f"{pack}: ") for line in err.splitlines()), err
    assert "Traceback" not in err
    assert files_under(tmp_path) == before  # not even the data folder was made
    with pytest.raises(PackError):
        read_pack(pack)


def test_a_broken_level_inside_a_pack_gets_the_loaders_lines(tmp_path, pack_bytes):
    pack, _ = _write_case(tmp_path, "invalid level, hashes redone", pack_bytes)
    with pytest.raises(PackError) as caught:
        read_pack(pack)
    lines = caught.value.user_lines
    assert any(
        line.startswith(f"{pack}: levels/market-stall.json: rules.deadline_rounds: ")
        for line in lines
    )
    assert any("levels/market-stall.json: npcs[0].strategy" in line for line in lines)


def test_the_class_folder_being_a_link_is_not_followed(tmp_path, pack_file):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep", encoding="utf-8")
    data_dir = tmp_path / "data"
    code = read_pack(pack_file).code
    (data_dir / "classes").mkdir(parents=True)
    (data_dir / "classes" / code).symlink_to(outside, target_is_directory=True)
    with open_store(data_dir) as store:
        store.create_profile("Ada")
        join_class(store, pack_file, "Ada")
    assert files_under(outside) == {"precious.txt"}  # the link was replaced, not written through
    assert (data_dir / "classes" / code).is_dir() and not (data_dir / "classes" / code).is_symlink()
    assert [c.code for c in installed_classes(data_dir)] == [code]


def test_the_classes_folder_being_a_link_is_refused(tmp_path, pack_file, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "classes").symlink_to(outside, target_is_directory=True)
    code, _, err = run_cli(
        "class", "join", pack_file, "--profile", "Ada", "--data-dir", data_dir, capsys=capsys
    )
    assert code == 1 and "is a link; the game does not write through links" in err
    assert files_under(outside) == set()


def test_nothing_in_the_package_uses_extractall():
    sources = (ROOT / "game" / "classroom").rglob("*.py")
    assert not any("extractall" in p.read_text(encoding="utf-8") for p in sources)


def test_a_real_pack_still_opens_after_all_that(pack_file):
    with zipfile.ZipFile(pack_file) as archive:
        assert archive.testzip() is None
    assert len(read_pack(pack_file).levels) == 2


def _large_level(level_id: str) -> bytes:
    """Return a two-party level of 1,000,000 packages (the most one level may have)."""
    data = json.loads((ROOT / "tests" / "levels" / "data" / "small-level.json").read_text())
    issues = [
        {"type": "numeric", "id": f"n{i}", "name": f"N{i}", "low": 0, "high": 9, "step": 1}
        for i in range(6)
    ]
    data.update(id=level_id, issues=issues, evidence=[], objectives=[])
    data["scoring"]["stars"] = [0.1, 0.2, 0.3]
    for party in (data["player"], data["npcs"][0]):
        party["preferences"]["weights"] = {f"n{i}": i + 1 for i in range(6)}
        party["preferences"]["values"] = {}
    return json.dumps(data).encode()


def test_a_pack_of_levels_too_large_together_is_refused_before_any_is_analysed(
    tmp_path, pack_bytes, bounded_main_py
):
    # A 4.9 KB pack of three huge levels made `class join` take 24 s and 1.6 GB.
    members = {k: v for k, v in pack_members(pack_bytes).items() if not k.startswith("levels/")}
    ids = ["big-a", "big-b", "big-c"]
    for level_id in ids:
        members[f"levels/{level_id}.json"] = _large_level(level_id)
    entries = [
        {"id": i, "version": 1, "title": "A test stall", "file": f"levels/{i}.json"} for i in ids
    ]
    members = rehash(members, manifest_changes={"levels": entries})
    path = write_zip(tmp_path / "heavy.cgpack", list(members.items()))
    assert path.stat().st_size < 10_000
    data_dir = tmp_path / "data"
    result = bounded_main_py("--data-dir", data_dir, "class", "join", path, seconds=15)
    assert result.returncode == 1
    assert result.stdout + result.stderr == (
        f"{path}: levels: the levels need 3,000,000 packages analysed in all (a package of a "
        "level with three or more parties counts 200); a class pack may need at most "
        "2,000,000: use fewer or smaller levels\n"
    )
    # Making such a pack is refused the same way; two of them fit.
    for level_id in ids:
        (tmp_path / f"{level_id}.json").write_bytes(members[f"levels/{level_id}.json"])
    out = tmp_path / "made.cgpack"
    made = bounded_main_py(
        "--data-dir", data_dir, "class", "new", "--name", "Big", "--levels",
        *(tmp_path / f"{i}.json" for i in ids), "--out", out, seconds=30,
    )  # fmt: skip
    assert made.returncode == 1 and "a class pack may need at most 2,000,000" in made.stderr
    assert not out.exists()
