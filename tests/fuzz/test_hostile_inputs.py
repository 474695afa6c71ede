"""Hostile files and damaged saves, generated: never a hang, never a traceback, never a
silent loss.

Structure-aware generators start from valid files and change one thing: a field replaced by
a huge, deep or wrong value, control characters and direction marks in text, ids
duplicated, sizes at and over the limits.  Each kind of file goes through the command line
(``validate``, ``class join``, ``profile import``, ``import-genius``) and the level files
and data folders also through the game's own loading path (``game_probe.py``: the title
screen and the Custom levels screen, headless), every run in a subprocess held to a time
and a memory limit (``run_bounded``).  A data-folder mangler replaces, truncates, swaps and
fills with junk the files and folders of a real data folder before the save commands run.

Rules checked on every run: it ends within the limits, exit 0 or 1, no traceback, no
"unexpected error", nothing raw for a terminal (escape characters, direction marks) and no
line longer than a few thousand characters.

The default run keeps to a few examples of each (well under a minute on a busy machine);
``COMMON_GROUND_FUZZ_EXAMPLES=200`` (say) is the nightly setting.
"""

from __future__ import annotations

import copy
import io
import json
import os
import random
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from game.cli.common import UNEXPECTED
from game.levels.loader import load_level_bytes
from game.levels.problems import LevelError

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).resolve().parent / "game_probe.py"
SMALL_LEVEL = ROOT / "tests" / "levels" / "data" / "small-level.json"
GENIUS = ROOT / "tests" / "fixtures" / "genius"
EXAMPLES = int(os.environ.get("COMMON_GROUND_FUZZ_EXAMPLES", "3"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    # Shrinking re-runs subprocesses for minutes; the failing example is printed as drawn.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

# ----------------------------------------------------------------------------- the rules
RAW_FOR_A_TERMINAL = ("\x1b", "\x9b", "\u202e", "\u2066", "\x00")


def assert_rules(result, *, allowed=(0, 1), note: str = "", data_out: bool = False) -> None:
    """The rules every run keeps (``run_bounded`` already checked time, memory, traceback).

    ``data_out``: stdout is JSON data (``--json``), whose values are the file's own.
    """
    output = result.stderr if data_out else result.stdout + result.stderr
    assert result.returncode in allowed, f"{note}\n{output[-2000:]}"
    assert UNEXPECTED not in output, f"{note}\n{output[-2000:]}"
    for mark in RAW_FOR_A_TERMINAL:
        assert mark not in output, f"{note}: {mark!r} sent raw: {output[-2000:]!r}"
    assert all(len(line) < 5000 for line in output.splitlines()), f"{note}: a line of many KB"


# ----------------------------------------------------------------------------- JSON mutation
HOSTILE_TEXT = st.sampled_from(
    [
        "x" * 200_000,
        "a\x00b",
        "\x1b[2J\x1b[31mred",
        "Mi\u202era",
        "\u2066isolated",
        "tab\there",
        "\ud800",
        "\x9bcsi",
        "",
        " ",
        "../../etc/passwd",
        "p-000000000000",
    ]
)
HOSTILE_NUMBER = st.sampled_from(
    [0, -1, 1, 10**40, -(10**40), 1e308, -1e308, 1e-308, 2**63, 0.5, True, None]
)


def _deep(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = [value]
    return value


HOSTILE_SHAPE = st.sampled_from(
    [_deep(40), _deep(200), {}, [], {"k" * 1000: 1}, list(range(20_000)), {"x": _deep(10)}]
)
HOSTILE_VALUE = HOSTILE_TEXT | HOSTILE_NUMBER | HOSTILE_SHAPE


def _places(value: Any, path: tuple = ()) -> list[tuple]:
    """Return every path (keys and indices) into a JSON value, the root included."""
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _places(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _places(child, (*path, index))
    return found


def _parent(value: Any, path: tuple) -> Any:
    for part in path[:-1]:
        value = value[part]
    return value


@st.composite
def mutated(draw, base: Any) -> Any:
    """Return a copy of ``base`` with one place changed: a value replaced, a list item
    duplicated (same id twice), a key renamed to a hostile one, or a list made huge."""
    data = copy.deepcopy(base)
    places = [p for p in _places(data) if p]
    path = draw(st.sampled_from(places))
    parent = _parent(data, path)
    action = draw(st.sampled_from(["replace", "duplicate", "rename", "grow"]))
    if action == "replace" or (action in ("duplicate", "grow") and not isinstance(parent, list)):
        parent[path[-1]] = draw(HOSTILE_VALUE)
    elif action == "duplicate":
        parent.append(copy.deepcopy(parent[path[-1]]))
    elif action == "grow":
        parent.extend(
            copy.deepcopy(parent[path[-1]]) for _ in range(draw(st.sampled_from([7, 60, 3000])))
        )
    elif isinstance(parent, dict):
        parent[draw(HOSTILE_TEXT | st.text(max_size=8))] = parent.pop(path[-1])
    else:
        parent[path[-1]] = draw(HOSTILE_VALUE)
    return data


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


# ----------------------------------------------------------------------------- levels
LEVEL = json.loads(SMALL_LEVEL.read_text(encoding="utf-8"))


def _big_level(issues: int, values: int, npcs: int) -> dict:
    data = copy.deepcopy(LEVEL)
    data["issues"] = [
        {"type": "numeric", "id": f"i{n}", "name": f"I{n}", "low": 0, "high": values - 1, "step": 1}
        for n in range(issues)
    ]
    data["evidence"], data["objectives"] = [], []
    data["scoring"]["stars"] = [0.1, 0.2, 0.3]
    prefs = {"weights": {f"i{n}": n + 1 for n in range(issues)}, "values": {}}
    data["player"]["preferences"] = copy.deepcopy(prefs)
    npc = data["npcs"][0]
    data["npcs"] = [dict(copy.deepcopy(npc), id=f"n{k}", preferences=prefs) for k in range(npcs)]
    data["rules"] = {"protocol": "unanimity"} if npcs > 1 else {}
    return data


#: Levels at and over the size limits (the analysis must be refused before it starts).
SIZES = st.sampled_from(
    [_big_level(6, 10, 1), _big_level(7, 10, 1), _big_level(7, 10, 5), _big_level(4, 10, 6)]
)
LEVEL_FILES = st.lists(mutated(LEVEL) | SIZES, min_size=4, max_size=6)


@FUZZ
@given(levels=LEVEL_FILES)
def test_hostile_levels_through_validate_and_the_game(levels, tmp_path_factory, bounded_main_py):
    folder = tmp_path_factory.mktemp("levels")
    for number, level in enumerate(levels):
        raw = _dump(level)
        (folder / f"level-{number}.json").write_bytes(raw)
        try:  # in process first: only a LevelError or a level, one line per problem
            load_level_bytes(raw, "x.json")
        except LevelError as error:
            assert all("\n" not in line and len(line) < 2000 for line in error.user_lines)
    assert_rules(bounded_main_py("validate", folder, seconds=30))
    data_dir = tmp_path_factory.mktemp("data")
    probe = bounded_main_py(data_dir, folder, program=PROBE, seconds=60)
    assert_rules(probe, allowed=(0,))
    assert "probe ok" in probe.stdout


# ----------------------------------------------------------------------------- class packs
@pytest.fixture(scope="module")
def pack_members(tmp_path_factory) -> dict[str, bytes]:
    from game.cli import main

    out = tmp_path_factory.mktemp("pack") / "class.cgpack"
    code = main(["class", "new", "--name", "Fuzz", "--levels", "market-stall", "--seed", "3",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rehashed(members: dict[str, bytes]) -> dict[str, bytes]:
    import hashlib

    from game.classroom.pack import content_hash

    manifest = json.loads(members["manifest.json"])
    manifest["files"] = [
        {"name": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
        for n, d in members.items()
        if n != "manifest.json"
    ]
    try:
        manifest["content_hash"] = content_hash(manifest)
    except UnicodeEncodeError:  # a lone surrogate: no canonical JSON, so no hash to redo
        pass  # (the game refuses the text itself, naming the field)
    return {**members, "manifest.json": json.dumps(manifest).encode()}


@FUZZ
@given(data=st.data())
def test_hostile_class_packs_through_class_join(
    data, pack_members, tmp_path_factory, bounded_main_py
):
    members = dict(pack_members)
    level_name = next(n for n in members if n.startswith("levels/"))
    target = data.draw(st.sampled_from([level_name, "manifest.json", "settings.json"]))
    changed = data.draw(mutated(json.loads(members[target])))
    members[target] = _dump(changed)
    if data.draw(st.booleans()):  # a hostile author redoes the checksums
        members = _rehashed(members)
    folder = tmp_path_factory.mktemp("packs")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    pack = folder / "class.cgpack"
    pack.write_bytes(buffer.getvalue())
    result = bounded_main_py("--data-dir", folder / "data", "class", "join", pack)
    assert_rules(result)


# ----------------------------------------------------------------------------- profiles
@pytest.fixture(scope="module")
def filled_folder(tmp_path_factory) -> Path:
    """A data folder of two profiles with history over several shards and NPC memories."""
    from game.cli import main
    from game.store import open_store

    folder = tmp_path_factory.mktemp("filled") / "data"
    with open_store(folder, shard_size=2):  # small shards: sealed ones to damage
        pass
    for name, runs in (("Ada", 5), ("Bo", 2)):
        code = main(["simulate", "market-stall", "--player", "linear", "--runs", str(runs),
                     "--record", "--profile", name, "--data-dir", str(folder)])  # fmt: skip
        assert code == 0
    index = json.loads((folder / "saves" / "index.json").read_text())
    assert index["meta"]["1"]["history_shard_size"] == 2
    return folder


@pytest.fixture(scope="module")
def profile_payload(filled_folder, tmp_path_factory) -> dict:
    from game.store import open_store

    out = tmp_path_factory.mktemp("export") / "ada.json"
    with open_store(filled_folder, read_only=True) as store:
        store.export_profile("Ada", out)
    return json.loads(out.read_text(encoding="utf-8"))


@FUZZ
@given(data=st.data())
def test_hostile_profile_files_through_profile_import(
    data, profile_payload, tmp_path_factory, bounded_main_py
):
    folder = tmp_path_factory.mktemp("import")
    path = folder / "profile.json"
    path.write_bytes(_dump(data.draw(mutated(profile_payload))))
    data_dir = folder / "data"
    result = bounded_main_py("--data-dir", data_dir, "profile", "import", path, "--as", "Copy")
    assert_rules(result)
    assert_rules(bounded_main_py("--data-dir", data_dir, "profiles"), allowed=(0,))
    assert_rules(bounded_main_py("--data-dir", data_dir, "history"), allowed=(0,))
    result = bounded_main_py("--data-dir", data_dir, "history", "--json")
    assert_rules(result, allowed=(0,), data_out=True)


# ----------------------------------------------------------------------------- GENIUS
def _genius_domain(draw) -> str:
    items = draw(st.sampled_from([3, 50, 51, 20_000, 100_000]))
    labels = [f"v{i}" for i in range(items)]
    if draw(st.booleans()):
        labels[-1] = labels[0]  # an item listed twice
    name = draw(st.sampled_from(["Flavour", "x" * 5000, "a&#27;[2Jb", "Mi&#x202e;ra", "&#x9b;"]))
    issues = draw(st.sampled_from([1, 2, 13]))
    body = "".join(
        f'<issue index="{n + 1}" type="discrete" name="{name}{n}">'
        + "".join(f'<item index="{i}" value="{v}"/>' for i, v in enumerate(labels))
        + "</issue>"
        for n in range(issues)
    )
    depth = draw(st.sampled_from([0, 500]))
    return (
        "<negotiation_template>" + "<x>" * depth + "<utility_space><objective>" + body
        + "</objective></utility_space>" + "</x>" * depth + "</negotiation_template>"
    )  # fmt: skip


@FUZZ
@given(data=st.data())
def test_hostile_genius_files_through_import_genius(data, tmp_path_factory, bounded_main_py):
    folder = tmp_path_factory.mktemp("genius")
    domain = folder / "d_domain.xml"
    text = _genius_domain(data.draw)
    domain.write_bytes(text.encode("utf-8")[: 4 * 1024 * 1024])
    result = bounded_main_py(
        "import-genius", domain, GENIUS / "bakery_buyer.xml", GENIUS / "bakery_baker.xml",
        "--out", folder / "level.json",
    )  # fmt: skip
    assert_rules(result)


# ----------------------------------------------------------------------------- data folders
MANGLINGS = ("truncate", "junk", "empty", "to_folder", "to_file", "delete", "swap", "json", "huge")


def mangle(root: Path, rng: random.Random, how: str, json_change: Any) -> str:
    """Damage one file or folder under ``root`` the way ``how`` says; return what was done."""
    everything = sorted(p for p in root.rglob("*") if p.name != "common-ground.lock")
    files = [p for p in everything if p.is_file()]
    folders = [p for p in everything if p.is_dir()]
    if how in ("to_file",) and folders:
        target = rng.choice(folders)
        shutil.rmtree(target)
        target.write_bytes(os.urandom(rng.randint(0, 64)))
        return f"{how} {target}"
    if not files:
        return "nothing to mangle"
    target = rng.choice(files)
    blob = target.read_bytes()
    if how == "truncate":
        target.write_bytes(blob[: rng.randint(0, max(0, len(blob) - 1))])
    elif how == "junk":
        target.write_bytes(os.urandom(rng.randint(1, 4096)))
    elif how == "empty":
        target.write_bytes(b"")
    elif how == "to_folder":
        target.unlink()
        target.mkdir()
    elif how == "delete":
        target.unlink()
    elif how == "swap":
        other = rng.choice(everything)
        if (
            other != target
            and not target.is_relative_to(other)
            and not other.is_relative_to(target)
        ):
            spare = target.with_name(target.name + ".swap")
            os.replace(target, spare)
            os.replace(other, target)
            os.replace(spare, other)
    elif how == "huge":
        with target.open("r+b") as stream:
            stream.truncate(65 * 1024 * 1024)  # sparse: nothing is really written
    elif how == "json":
        try:
            data = json.loads(blob)
        except ValueError:
            return f"{how} skipped (not JSON) {target}"
        places = [p for p in _places(data) if p]
        if places:
            path = places[rng.randrange(len(places))]
            _parent(data, path)[path[-1]] = json_change
            target.write_bytes(_dump(data))
    return f"{how} {target}"


@FUZZ
@given(
    manglings=st.lists(st.sampled_from(MANGLINGS), min_size=1, max_size=3),
    seed=st.integers(0, 2**32),
    json_change=HOSTILE_VALUE,
)
def test_mangled_data_folders_through_the_save_commands_and_the_game(
    manglings, seed, json_change, filled_folder, tmp_path_factory, bounded_main_py
):
    work = tmp_path_factory.mktemp("mangled")
    data_dir = work / "data"
    shutil.copytree(filled_folder, data_dir)
    rng = random.Random(seed)
    done = [mangle(data_dir / "saves", rng, how, json_change) for how in manglings]
    note = "; ".join(done)
    for command in (["profiles"], ["history"], ["export", "--out", work / "r.csv"]):
        assert_rules(bounded_main_py("--data-dir", data_dir, *command), note=note)
    # The game opens on it (and repairs what a backup can), then doctor checks again.
    probe = bounded_main_py(data_dir, program=PROBE, seconds=60)
    assert_rules(probe, allowed=(0,), note=note)
    assert_rules(bounded_main_py("--data-dir", data_dir, "doctor"), note=note)
    after = bounded_main_py("--data-dir", data_dir, "profiles", "--json")
    assert_rules(after, allowed=(0,), note=note, data_out=True)
    summaries = json.loads(after.stdout)
    history = bounded_main_py("--data-dir", data_dir, "history", "--json")
    assert_rules(history, allowed=(0,), note=note, data_out=True)
    records = json.loads(history.stdout)
    # Never a silent loss: what profiles counts is what history lists, and whatever is
    # missing of the seven negotiations is said.
    assert sum(s["sessions"] for s in summaries) == len(records), note
    missing = sum(s.get("unreadable_sessions", 0) for s in summaries)
    if len(records) + missing < 7 and missing:
        assert "could not be read" in history.stderr, note
