"""The level commands end to end: validate, schema, analyze and import-genius.

A handful of checks run `python main.py ...` in a subprocess (exit codes, exact line
shapes, never a traceback); the rest call the command line's ``main`` directly.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.levels.schema import json_schema

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "levels" / "data" / "small-level.json"
GENIUS = ROOT / "tests" / "fixtures" / "genius"
KINDS = (
    "'boulware', 'linear', 'conceder', 'tit-for-tat', 'hardliner', 'integrative', "
    "'customer-service', 'mediator', 'grudge-holder'"
)


def small_level() -> dict:
    return json.loads(SMALL.read_text(encoding="utf-8"))


def write_level(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def bad_levels(tmp_path: Path) -> dict[str, Path]:
    """Return a valid level and several broken ones, written to files."""
    files = {"ok": write_level(tmp_path / "ok.json", small_level())}
    data = small_level()
    data["npcs"][0]["strategy"] = {"kind": "bulware"}
    files["bulware"] = write_level(tmp_path / "bulware.json", data)
    data = small_level()
    data["player"]["preferences"]["weigths"] = data["player"]["preferences"].pop("weights")
    files["weigths"] = write_level(tmp_path / "weigths.json", data)
    files["syntax"] = tmp_path / "syntax.json"
    files["syntax"].write_text('{\n  "id": "x",\n  "title": "y"\n  "chapter": 1\n}\n')
    files["huge"] = tmp_path / "huge.json"
    files["huge"].write_bytes(b" " * (2 * 1024 * 1024))
    files["latin1"] = tmp_path / "latin1.json"
    files["latin1"].write_bytes('{"title": "Caf\u00e9"}'.encode("latin-1"))
    return files


# ----------------------------------------------------------------------------- subprocess
def test_validate_a_valid_level_exits_0(main_py):
    result = main_py("validate", SMALL)
    assert result.returncode == 0
    assert result.stdout == f"{SMALL}: ok\n"


def test_validate_bad_levels_prints_one_line_per_problem_and_exits_1(bad_levels, main_py):
    result = main_py("validate", *bad_levels.values())
    assert result.returncode == 1
    p = {name: str(path) for name, path in bad_levels.items()}
    assert result.stdout.splitlines() == [
        f"{p['ok']}: ok",
        f"{p['bulware']}: npcs[0].strategy.kind: unknown kind 'bulware' (did you mean "
        f"'boulware'?); expected one of {KINDS}",
        f"{p['weigths']}: player.preferences.weigths: unknown field 'weigths' (did you mean "
        "'weights'?)",
        f"{p['weigths']}: player.preferences.weights: this field is required",
        f"{p['syntax']}: line 4 column 3: expected ',' between two items, or a closing '}}' or "
        "']' (is a comma missing?)",
        f"{p['huge']}: (file): the file is 2,097,152 bytes; a level file may be at most "
        "1,048,576 bytes (1 MiB), so it was not read",
        f"{p['latin1']}: line 1 column 15: byte 0xe9 is not UTF-8 text (was the file saved as "
        "Latin-1 or Windows-1252?): save it as UTF-8",
    ]
    assert result.stderr == "1 of 6 level files valid\n"


def test_validate_a_folder_of_levels(main_py):
    result = main_py("validate", "levels")
    assert result.returncode == 0, result.stdout
    assert all(line.endswith(": ok") for line in result.stdout.splitlines())


def test_validate_nothing_to_check(tmp_path, main_py):
    result = main_py("validate", tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"no level files found in: {tmp_path}\n"
    missing = tmp_path / "missing.json"
    result = main_py("validate", missing)
    assert (result.returncode, result.stdout) == (
        1,
        f"{missing}: (file): cannot read the file: no such file or directory\n",
    )


def test_import_genius_writes_a_level_that_validates(tmp_path, main_py):
    out = tmp_path / "levels" / "bakery.json"
    out.parent.mkdir()
    result = main_py(
        "import-genius",
        GENIUS / "bakery_domain.xml",
        GENIUS / "bakery_buyer.xml",
        GENIUS / "bakery_baker.xml",
        "--out",
        out,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{out}: 15 outcomes, 7 Pareto-optimal, agreement zone yes\n"
    assert main_py("validate", out).returncode == 0
    again = main_py(
        "import-genius",
        GENIUS / "bakery_domain.xml",
        GENIUS / "bakery_buyer.xml",
        GENIUS / "bakery_baker.xml",
        "--out",
        out,
    )
    assert (again.returncode, again.stderr) == (
        1,
        f"{out}: already exists; use --force to replace it\n",
    )


@pytest.mark.parametrize("hostile", ["billion_laughs.xml", "external_entity.xml"])
def test_import_genius_refuses_entities(tmp_path, hostile, main_py):
    out = tmp_path / "x.json"
    result = main_py(
        "import-genius",
        GENIUS / hostile,
        GENIUS / "bakery_buyer.xml",
        GENIUS / "bakery_baker.xml",
        "--out",
        out,
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"{GENIUS / hostile}: (file): refused unsafe XML (EntitiesForbidden): the file "
        "declares entities or external references, which could expand without limit or read "
        "other files; GENIUS files need neither\n"
    )
    assert not out.exists()


# ----------------------------------------------------------------------------- direct calls
def test_validate_in_process_matches(bad_levels, capsys):
    assert main(["validate", str(bad_levels["ok"]), str(bad_levels["bulware"])]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == f"{bad_levels['ok']}: ok"
    assert out.splitlines()[1].startswith(f"{bad_levels['bulware']}: npcs[0].strategy.kind: ")
    assert err == "1 of 2 level files valid\n"


def test_validate_survives_an_unexpected_error(bad_levels, capsys, monkeypatch):
    import game.levels.loader as loader

    def broken(path):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(loader, "load_level", broken)
    assert main(["validate", str(bad_levels["ok"])]) == 1
    assert capsys.readouterr().out == (
        f"{bad_levels['ok']}: (file): the level could not be checked (ZeroDivisionError: "
        "division by zero); please report this\n"
    )


def test_schema_out_writes_the_schema(tmp_path, capsys):
    out = tmp_path / "level.schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json_schema()
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()


def test_analyze_a_broken_level_prints_problems(bad_levels, capsys):
    assert main(["analyze", str(bad_levels["syntax"])]) == 1
    assert capsys.readouterr().err.startswith(f"{bad_levels['syntax']}: line 4 column 3: ")


def test_analyze_an_unknown_level_id(capsys):
    assert main(["analyze", "no-such-levle"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("no-such-levle: (level): no built-in level has this id")


def test_import_genius_rejects_an_unknown_npc_strategy(tmp_path, capsys):
    args = [
        "import-genius",
        str(GENIUS / "bakery_domain.xml"),
        str(GENIUS / "bakery_buyer.xml"),
        str(GENIUS / "bakery_baker.xml"),
        "--out",
        str(tmp_path / "x.json"),
    ]
    assert main([*args, "--npc", "bulware"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("--npc: unknown strategy 'bulware' (did you mean 'boulware'?); choose ")
    assert main([*args, "--npc", "mediator"]) == 1
    assert main([*args, "--rounds", "0"]) == 1
    assert capsys.readouterr().err.endswith("--rounds must lie between 1 and 200\n")
    assert not (tmp_path / "x.json").exists()


def test_import_genius_with_options(tmp_path, capsys):
    out = tmp_path / "b.json"
    args = [
        "import-genius",
        str(GENIUS / "bakery_domain.xml"),
        str(GENIUS / "bakery_baker.xml"),
        str(GENIUS / "bakery_buyer.xml"),
        "--out",
        str(out),
        "--id",
        "cake-talks",
        "--npc",
        "conceder",
        "--rounds",
        "8",
        "--ignore-discount",
    ]
    assert main(args) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["id"] == "cake-talks"
    assert data["npcs"][0]["strategy"] == {"kind": "conceder"}
    assert data["rules"] == {"deadline_rounds": 8}
    assert data["player"]["preferences"]["discount"] == 1.0
    assert data["player"]["preferences"]["reservation"] == 0.1  # the baker is the player now


@pytest.mark.skipif(sys.platform != "linux", reason="needs byte file names")
def test_file_names_that_are_not_utf8_print_escaped(tmp_path, capsys):
    good = os.path.join(os.fsencode(tmp_path), b"\xff.json")
    bad = os.path.join(os.fsencode(tmp_path), b"bad\xfe.json")
    Path(os.fsdecode(good)).write_bytes(SMALL.read_bytes())
    Path(os.fsdecode(bad)).write_bytes(b"{")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    out.encode("utf-8")
    assert out.splitlines() == [
        f"{tmp_path}/bad\\udcfe.json: line 1 column 2: the file ends inside an object (is a "
        "'}' missing?)",
        f"{tmp_path}/\\udcff.json: ok",
    ]
