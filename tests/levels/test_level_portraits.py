"""A level's own portrait sets: ``portraits/<name>/<expression>.png`` beside the level file.

The worked example of docs/level-authoring.md (docs/examples/own-portraits) loads and
validates; validate names, one line each with the fix, a set missing an expression, an
image of the wrong size or format or too large, a file leading outside the level's folder
and a PNG named after no expression.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.levels.loader import load_level
from game.levels.portraits import (
    MAX_PORTRAIT_BYTES,
    OPTIONAL_EXPRESSIONS,
    PORTRAIT_EXPRESSIONS,
    level_portrait_file,
    level_portrait_problems,
    level_portraits,
    png_size,
)
from game.levels.problems import LevelError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "own-portraits"
EXAMPLE_LEVEL = EXAMPLE / "potters-wheel.json"
GUIDE = ROOT / "docs" / "level-authoring.md"
AT = "npcs[0].portrait: "


def png_header(width: int, height: int) -> bytes:
    """Return the first bytes of a PNG of ``width`` × ``height`` (all validate reads)."""
    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 6, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + len(ihdr).to_bytes(4, "big") + b"IHDR" + ihdr + b"\0" * 4


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Return a copy of the example level's folder, to break."""
    target = tmp_path / "potter-level"
    shutil.copytree(EXAMPLE, target)
    return target


def lines(folder: Path) -> list[str]:
    """Return validate's lines for the level in ``folder`` (without the file name)."""
    path = folder / EXAMPLE_LEVEL.name
    with pytest.raises(LevelError) as caught:
        load_level(path)
    return [line.removeprefix(f"{path}: ") for line in caught.value.user_lines]


def test_the_example_level_loads_with_its_own_portraits():
    level = load_level(EXAMPLE_LEVEL)
    assert level.base_dir == EXAMPLE
    assert level.npc("rosa").portrait == "potter"
    assert level_portraits(level.base_dir) == ["potter"]
    assert level_portrait_problems(EXAMPLE, "potter") == []
    for expression in PORTRAIT_EXPRESSIONS + OPTIONAL_EXPRESSIONS:
        path = EXAMPLE / "portraits" / "potter" / f"{expression}.png"
        assert level_portrait_file(EXAMPLE, "potter", expression) == path
        assert png_size(path.read_bytes()[:24]) == (256, 256)


def test_the_same_level_without_its_folder_does_not_know_the_set():
    # read from bytes alone (as a class pack reads its levels) there is no folder to look in
    from game.levels.loader import load_level_bytes

    with pytest.raises(LevelError) as caught:
        load_level_bytes(EXAMPLE_LEVEL.read_bytes(), "lvl.json", None)
    (line,) = caught.value.user_lines
    assert line.startswith(
        "lvl.json: npcs[0].portrait: unknown portrait 'potter' (did you mean 'partner'?): "
        "the game's portraits are author, "
    )


def test_a_portrait_found_nowhere_says_where_the_level_could_ship_it(folder):
    shutil.rmtree(folder / "portraits")
    (line,) = lines(folder)
    assert line.startswith(
        AT + "unknown portrait 'potter' (did you mean 'partner'?): not in portraits/ beside "
        "the level; the game's are author, "
    )
    assert line.endswith("trade_minister")  # the whole list fits on the line


def test_a_misspelt_own_set_is_suggested(folder):
    data = json.loads((folder / EXAMPLE_LEVEL.name).read_text())
    data["npcs"][0]["portrait"] = "poter"
    (folder / EXAMPLE_LEVEL.name).write_text(json.dumps(data))
    (line,) = lines(folder)
    assert line.startswith(
        AT + "unknown portrait 'poter' (did you mean 'potter'?): not in portraits/ beside the "
        "level (it has potter); the game's are author, "
    )


def test_a_missing_expression(folder):
    (folder / "portraits" / "potter" / "hurt.png").unlink()
    assert lines(folder) == [
        AT + "portraits/potter/ has no hurt.png: a set needs neutral, warm, frustrated, angry, "
        "hurt (256 × 256 PNG); draw hurt.png (or copy neutral.png to it)"
    ]


def test_a_set_without_a_neutral_face(folder):
    (folder / "portraits" / "potter" / "neutral.png").unlink()
    assert lines(folder) == [
        AT + "portraits/potter/ has no neutral.png: a set needs neutral, warm, frustrated, "
        "angry, hurt (256 × 256 PNG); draw neutral.png"
    ]


def test_optional_expressions_may_be_left_out(folder):
    for expression in OPTIONAL_EXPRESSIONS:
        (folder / "portraits" / "potter" / f"{expression}.png").unlink()
    assert load_level(folder / EXAMPLE_LEVEL.name).npc("rosa").portrait == "potter"


def test_an_image_of_the_wrong_size(folder):
    (folder / "portraits" / "potter" / "angry.png").write_bytes(png_header(300, 200))
    assert lines(folder) == [
        AT + "portraits/potter/angry.png is 300 × 200 pixels; a portrait is 256 × 256: scale "
        "or redraw it to 256 × 256"
    ]


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (b"\xff\xd8\xff\xe0\0\x10JFIF", "it is a JPEG"),
        (b"GIF89a\x01\0\x01\0", "it is a GIF"),
        (b"hello, this is text", "its first bytes are not a PNG's"),
    ],
)
def test_an_image_in_another_format(folder, head, what):
    (folder / "portraits" / "potter" / "warm.png").write_bytes(head + b"\0" * 64)
    assert lines(folder) == [
        AT + f"portraits/potter/warm.png is not a PNG image ({what}): save it as a PNG, "
        "256 × 256 pixels with a transparent background"
    ]


def test_an_image_too_large(folder):
    size = MAX_PORTRAIT_BYTES + 1
    (folder / "portraits" / "potter" / "warm.png").write_bytes(
        png_header(256, 256) + b"\0" * (size - 33)
    )
    assert lines(folder) == [
        AT + f"portraits/potter/warm.png is {size:,} bytes; a portrait may be at most "
        f"{MAX_PORTRAIT_BYTES:,}: save it again as a 256 × 256 PNG (usually under 50 KB)"
    ]
    assert level_portrait_file(folder, "potter", "warm") is None  # the game does not read it


def test_a_file_outside_the_levels_folder(folder, tmp_path):
    outside = tmp_path / "elsewhere.png"
    shutil.copy(folder / "portraits" / "potter" / "warm.png", outside)
    target = folder / "portraits" / "potter" / "warm.png"
    target.unlink()
    target.symlink_to(outside)
    assert lines(folder) == [
        AT + "portraits/potter/warm.png leads outside the level's folder (a link): copy the "
        "image itself into portraits/ beside the level"
    ]
    assert level_portrait_file(folder, "potter", "warm") is None  # the game does not read it


def test_a_set_folder_outside_the_levels_folder(folder, tmp_path):
    shutil.move(folder / "portraits" / "potter", tmp_path / "potter-elsewhere")
    (folder / "portraits" / "potter").symlink_to(tmp_path / "potter-elsewhere")
    assert lines(folder) == [
        AT + "portraits/potter/ leads outside the level's folder (a link): copy the set's "
        "images into portraits/potter/ beside the level"
    ]
    assert level_portrait_file(folder, "potter", "neutral") is None


def test_a_png_named_after_no_expression(folder):
    shutil.copy(
        folder / "portraits" / "potter" / "warm.png", folder / "portraits" / "potter" / "happy.png"
    )
    (folder / "portraits" / "potter" / "README.txt").write_text("drawn by Rosa's niece")
    assert lines(folder) == [
        AT + "portraits/potter/happy.png is not an expression the game shows: name it one of "
        "neutral.png, warm.png, frustrated.png, angry.png, hurt.png, surprised.png, thinking.png"
    ]


def test_each_problem_is_its_own_line_and_a_shared_set_is_told_once(folder):
    data = json.loads((folder / EXAMPLE_LEVEL.name).read_text())
    second = json.loads(json.dumps(data["npcs"][0]))
    second.update(id="ines", name="Rosa's sister", role="a friend of both")
    second["strategy"] = {"kind": "mediator"}
    for key in ("dialogue", "preferences"):
        second.pop(key, None)
    data["npcs"].append(second)
    (folder / EXAMPLE_LEVEL.name).write_text(json.dumps(data))
    (folder / "portraits" / "potter" / "hurt.png").unlink()
    (folder / "portraits" / "potter" / "angry.png").write_bytes(png_header(128, 128))
    found = lines(folder)
    assert [line.split(" ", 2)[1] for line in found] == [
        "portraits/potter/",
        "portraits/potter/angry.png",
    ]
    assert all(line.startswith(AT) for line in found)


def test_a_level_set_comes_before_a_game_set_of_the_same_name(folder):
    data = json.loads((folder / EXAMPLE_LEVEL.name).read_text())
    data["npcs"][0]["portrait"] = "supplier"  # a game set, redrawn for this level
    (folder / EXAMPLE_LEVEL.name).write_text(json.dumps(data))
    (folder / "portraits" / "potter").rename(folder / "portraits" / "supplier")
    assert load_level(folder / EXAMPLE_LEVEL.name).npc("rosa").portrait == "supplier"
    (folder / "portraits" / "supplier" / "warm.png").unlink()
    assert lines(folder) == [
        AT + "portraits/supplier/ has no warm.png: a set needs neutral, warm, frustrated, "
        "angry, hurt (256 × 256 PNG); draw warm.png (or copy neutral.png to it)"
    ]


def test_the_guide_documents_the_layout_and_points_at_the_example():
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("#### Portraits") :]
    section = section[: section.index("\n**Personality**")]
    assert "docs/examples/own-portraits" in section
    assert "portraits/potter/" in section
    for expression in PORTRAIT_EXPRESSIONS + OPTIONAL_EXPRESSIONS:
        assert f"{expression}.png" in section
    assert "256 × 256" in section
    assert "not supported" not in section and "is not read" not in section


def test_the_guides_validate_lines_are_the_real_ones(folder, tmp_path):
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("#### Portraits") :]
    documented = [
        line.removeprefix("lvl.json: ")
        for line in section[: section.index("\n**Personality**")].splitlines()
        if line.startswith("lvl.json: npcs[0].portrait: portraits/")
    ]
    set_dir = folder / "portraits" / "potter"
    (set_dir / "hurt.png").unlink()
    (set_dir / "angry.png").write_bytes(png_header(300, 200))
    (set_dir / "warm.png").write_bytes(b"\xff\xd8\xff\xe0\0\x10JFIF" + b"\0" * 64)
    shutil.copy(set_dir / "frustrated.png", tmp_path / "elsewhere.png")
    (set_dir / "frustrated.png").unlink()
    (set_dir / "frustrated.png").symlink_to(tmp_path / "elsewhere.png")
    shutil.copy(set_dir / "neutral.png", set_dir / "happy.png")
    assert len(documented) == 5
    assert lines(folder) == documented
