import json
import shutil
from pathlib import Path

import pygame
import pytest

from game.levels.portraits import MAX_PORTRAIT_BYTES
from game.ui.widgets.portrait import (
    REQUIRED_EMOTIONS,
    Portrait,
    PortraitLibrary,
    normalise_emotion,
)

NPC_IDS = [
    "market_vendor",
    "car_seller",
    "hard_bargainer",
    "tablet_agent",
    "hiring_manager",
    "benchmark_buyer",
    "mediator",
    "publisher",
    "author",
    "supplier",
    "builder",
    "city_mediator",
    "investor",
    "founder",
    "partner",
    "customer",
    "trade_minister",
    "climate_north",
    "climate_south",
    "climate_islands",
    "former_partner",
    "season_client",
    "player",
]


@pytest.mark.parametrize("npc_id", NPC_IDS)
def test_every_npc_has_the_five_expressions_as_256_pngs(display, assets, npc_id):
    for emotion in REQUIRED_EMOTIONS:
        path = assets.portraits / npc_id / f"{emotion}.png"
        assert path.is_file(), path
        image = pygame.image.load(str(path))
        assert image.get_size() == (256, 256)
        # not blank: a real picture has many colours and a transparent outside
        assert image.get_at((0, 0)).a == 0
        assert image.get_bounding_rect().width > 200


def test_expressions_differ_from_each_other(display, assets):
    for npc_id in ("market_vendor", "tablet_agent"):
        faces = [
            pygame.image.tobytes(
                pygame.image.load(str(assets.portraits / npc_id / f"{e}.png")), "RGBA"
            )
            for e in REQUIRED_EMOTIONS
        ]
        assert len(set(faces)) == len(faces)


def test_manifest_lists_every_npc(assets):
    manifest = json.loads((assets.portraits / "manifest.json").read_text())
    assert set(NPC_IDS) <= set(manifest["npcs"])
    assert manifest["size"] == 256
    assert list(REQUIRED_EMOTIONS) == manifest["required_emotions"]


def test_library_caches_and_scales(display, assets):
    library = PortraitLibrary(assets.portraits)
    first = library.get("car_seller", "angry", 128)
    assert first.get_size() == (128, 128)
    assert library.get("car_seller", "angry", 128) is first
    assert library.get("car_seller", "angry").get_size() == (256, 256)


def test_missing_npc_falls_back_to_the_player_avatar(display, assets):
    library = PortraitLibrary(assets.portraits)
    assert library.path_for("nobody_here", "hurt") == assets.portraits / "player" / "hurt.png"
    assert library.get("nobody_here", "hurt", 64).get_size() == (64, 64)


def test_missing_everything_gives_a_placeholder(display, tmp_path):
    library = PortraitLibrary(tmp_path)
    image = library.get("ghost", "neutral", 96)
    assert image.get_size() == (96, 96)


def test_emotion_aliases():
    assert normalise_emotion("happy") == "warm"
    assert normalise_emotion("SAD") == "hurt"
    assert normalise_emotion("thinking") == "thinking"
    assert normalise_emotion("confused-ish") == "neutral"
    assert normalise_emotion(None) == "neutral"


def test_portrait_widget_writes_name_and_mood(display, assets, context):
    library = PortraitLibrary(assets.portraits)
    widget = Portrait(library, "tablet_agent", "Ava, service agent", "happy")
    assert widget.emotion == "warm"
    display.fill((255, 255, 255))
    widget.draw(display, pygame.Rect(0, 0, 240, 320), context.fonts, context.palette)
    assert display.get_bounding_rect().height > 0
    below_face = display.subsurface(pygame.Rect(0, 240, 240, 80))
    assert pygame.transform.average_color(below_face)[:3] != (255, 255, 255)


def test_libraries_share_the_files_they_read(display, assets, monkeypatch):
    first = PortraitLibrary(assets.portraits)
    first.clear()
    reads = []
    real_load = pygame.image.load
    monkeypatch.setattr(pygame.image, "load", lambda path: reads.append(path) or real_load(path))
    npc_id = first.npc_ids()[0]
    first.load(npc_id)  # every expression, read now
    read_once = len(reads)
    assert read_once >= 5
    first.get(npc_id, "angry", 96)
    second = PortraitLibrary(assets.portraits)  # a new table's library
    second.get(npc_id, "happy", 120)
    second.load(npc_id)
    assert len(reads) == read_once  # no file read again


# -- a level's own portrait sets (portraits/<name>/ beside the level file) ---------------------
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "own-portraits"
POTTER = EXAMPLE / "portraits" / "potter"
SCARF = (74, 128, 120)  # a colour of the potter's drawing no game portrait uses


def _pixels(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGBA")


def test_the_library_draws_the_levels_own_set(display, assets):
    library = PortraitLibrary(assets.portraits, EXAMPLE)
    assert library.level_directory == EXAMPLE
    for emotion in REQUIRED_EMOTIONS + ("surprised", "thinking"):
        assert library.path_for("potter", emotion) == POTTER / f"{emotion}.png"
        expected = pygame.image.load(str(POTTER / f"{emotion}.png")).convert_alpha()
        assert _pixels(library.get("potter", emotion)) == _pixels(expected)
    assert library.path_for("pleased", "happy") != POTTER / "warm.png"  # only its own name
    assert library.path_for("potter", "happy") == POTTER / "warm.png"  # aliases still apply
    assert library.get("potter", "angry", 96).get_size() == (96, 96)
    # the game's sets are still there beside it
    assert library.path_for("supplier", "warm") == assets.portraits / "supplier" / "warm.png"


def test_without_the_levels_folder_the_set_is_unknown(display, assets):
    library = PortraitLibrary(assets.portraits)
    assert library.path_for("potter", "warm") == assets.portraits / "player" / "warm.png"


def test_a_missing_expression_of_a_levels_set_shows_its_neutral_face(display, assets, tmp_path):
    folder = tmp_path / "level"
    shutil.copytree(EXAMPLE, folder)
    (folder / "portraits" / "potter" / "hurt.png").unlink()
    library = PortraitLibrary(assets.portraits, folder)
    assert library.path_for("potter", "hurt") == folder / "portraits" / "potter" / "neutral.png"


def test_a_levels_set_comes_before_the_games_set_of_that_name(display, assets, tmp_path):
    folder = tmp_path / "level"
    shutil.copytree(POTTER, folder / "portraits" / "supplier")
    library = PortraitLibrary(assets.portraits, folder)
    assert library.path_for("supplier", "angry") == folder / "portraits" / "supplier" / "angry.png"


def test_files_leading_out_of_the_level_or_too_large_are_not_read(display, assets, tmp_path):
    folder = tmp_path / "level"
    shutil.copytree(EXAMPLE, folder)
    own = folder / "portraits" / "potter"
    (own / "angry.png").unlink()
    (own / "angry.png").symlink_to(assets.portraits / "supplier" / "angry.png")
    (own / "warm.png").write_bytes((own / "warm.png").read_bytes() + b"\0" * MAX_PORTRAIT_BYTES)
    library = PortraitLibrary(assets.portraits, folder)
    assert library.path_for("potter", "angry") == own / "neutral.png"
    assert library.path_for("potter", "warm") == own / "neutral.png"


def test_a_redrawn_face_shows_the_next_time_the_level_opens(display, assets, tmp_path):
    folder = tmp_path / "level"
    shutil.copytree(EXAMPLE, folder)
    own = folder / "portraits" / "potter"
    first = _pixels(PortraitLibrary(assets.portraits, folder).get("potter", "warm"))
    shutil.copy(own / "angry.png", own / "warm.png")  # the designer redraws it
    again = _pixels(PortraitLibrary(assets.portraits, folder).get("potter", "warm"))
    assert again != first and again == _pixels(
        PortraitLibrary(assets.portraits, folder).get("potter", "angry")
    )


def test_the_example_set_is_what_the_script_draws(display):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_example_portraits", POTTER.parents[4] / "scripts" / "make_example_portraits.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    for emotion in script.EXPRESSIONS:
        shipped = pygame.image.load(str(POTTER / f"{emotion}.png"))
        assert shipped.get_size() == (256, 256) and shipped.get_at((0, 0)).a == 0
        assert _pixels(shipped) == _pixels(script.draw_potter(emotion))


def _count(surface: pygame.Surface, colour: tuple[int, int, int]) -> int:
    mask = pygame.mask.from_threshold(surface, colour, (3, 3, 3, 255))  # scaling blurs by 1
    return mask.count()


def test_the_briefing_and_the_table_draw_the_levels_own_faces(display):
    from game.levels.loader import load_level
    from game.ui.scene import SceneContext, SceneStack
    from game.ui.scenes.briefing import BriefingScene
    from game.ui.table.scene import TableScene

    level = load_level(EXAMPLE / "potters-wheel.json")
    for scene in (BriefingScene(level), TableScene(level, 7)):
        stack = SceneStack(SceneContext.create(), (1280, 720))
        stack.push(scene)
        while stack.build_step():
            pass
        assert scene.portraits.level_directory == EXAMPLE
        surface = pygame.Surface((1280, 720))
        stack.draw(surface)
        assert _count(surface, SCARF) > 200, type(scene).__name__
