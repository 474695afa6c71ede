"""The coach at the table: a short hint before a typical mistake, dismissable, once per kind,
off when the profile says so or a class pack turned hints off; the setting is remembered."""

from __future__ import annotations

import pygame
import pytest

from game.ui.scene import SceneContext, SceneStack
from game.ui.scenes.common import PlayerSettings
from game.ui.scenes.dialogs import ConfirmScene
from game.ui.table.scene import TableScene

from .table_harness import Table, level


def _table(settings=None, services=None) -> Table:
    services = dict(services or {})
    if settings is not None:
        services["settings"] = settings
    stack = SceneStack(SceneContext.create(services=services), (1280, 720))
    scene = TableScene(level("tablet-deal"), 7)
    stack.push(scene)
    while stack.build_step():
        pass
    return Table(stack, scene, None, pygame.Surface((1280, 720)))


def test_accepting_below_the_batna_shows_the_coach_first(display):
    table = _table(PlayerSettings())
    scene = table.scene
    before = len(scene.state.match.state.log)
    table.keys("a")  # Nova's opening offer is worth less than the BATNA
    coach = table.stack.top
    assert isinstance(coach, ConfirmScene) and coach.title == "Coach: Below your BATNA"
    assert "walking away gives you" in coach.message
    assert len(scene.state.match.state.log) == before  # nothing was accepted yet
    table.frames(2)  # it draws over the table
    table.keys("escape")  # think again: dismissed, no move made
    assert table.stack.top is scene and len(scene.state.match.state.log) == before
    assert not scene.state.match.finished
    table.keys("a")  # shown once per kind: now the move is made
    assert table.stack.top is scene
    assert scene.state.match.finished and scene.state.match.state.status.value == "agreed"


def test_going_ahead_makes_the_move(display):
    table = _table(PlayerSettings())
    table.keys("a")
    assert isinstance(table.stack.top, ConfirmScene)
    table.keys("tab", "return")  # "Accept anyway"
    assert (
        table.scene.state.match.finished and table.scene.state.match.state.status.value == "agreed"
    )


def test_coaching_off_in_the_profile_shows_no_hint(display):
    table = _table(PlayerSettings(coaching=False))
    table.keys("a")
    assert table.stack.top is table.scene and table.scene.state.match.finished


def test_a_class_pack_with_hints_off_shows_no_hint(display, tmp_path, monkeypatch):
    from game.classroom import install

    seen = []

    def hints(data_dir, level):
        seen.append(level.id)
        return "off"

    monkeypatch.setattr(install, "pack_hints", hints)

    from game.store import open_store

    store = open_store(tmp_path / "data")
    store.create_profile("Tess")
    try:
        table = _table(PlayerSettings(), {"store": store, "profile_name": "Tess"})
        table.keys("a")
        assert seen == ["tablet-deal"]
        assert table.stack.top is table.scene and table.scene.state.match.finished
        table.scene.wait_for_save()
    finally:
        store.close()


@pytest.mark.parametrize("on", [True, False])
def test_the_coaching_setting_is_remembered_per_profile(tmp_path, on):
    from game.store import open_store

    with open_store(tmp_path / "data") as store:
        store.create_profile("Ada")
        store.update_settings("Ada", **PlayerSettings(coaching=on).store_changes())
        stored = store.get_profile("Ada")["settings"]
    assert PlayerSettings.from_store(stored).coaching is on
    assert PlayerSettings.from_store({}).coaching is True  # absent: on
