import json

import pygame
import pytest

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
