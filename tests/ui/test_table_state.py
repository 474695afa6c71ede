"""The table's shared state (``table_state.TableState``) matches what the scene really has."""

from __future__ import annotations

import inspect

import pytest

from game.ui.table.layout import TableLayoutMixin
from game.ui.table.paint import TablePaintMixin
from game.ui.table.scene import TableScene
from game.ui.table.state import TableState
from game.ui.table.view import TableViewMixin

from .table_harness import level, make_table


def _stand_ins() -> list[str]:
    return [
        name
        for name, value in vars(TableState).items()
        if not name.startswith("__") and (inspect.isfunction(value) or isinstance(value, property))
    ]


def test_every_part_builds_on_the_shared_state():
    for part in (TableLayoutMixin, TablePaintMixin, TableViewMixin):
        assert issubclass(part, TableState)
    assert issubclass(TableScene, TableState)


def test_the_state_declares_and_sets_nothing():
    declared = TableState.__annotations__
    assert {"match", "view", "columns", "focus", "_picture", "builder"} <= set(declared)
    # Annotations only: a value here would hide a missing one on the scene (getattr).
    assert [name for name in declared if name in vars(TableState)] == []


def test_every_stand_in_is_made_by_a_part_of_the_table():
    names = _stand_ins()
    assert {"legal", "npc_ids", "_changed", "_update_view", "_paint_picture"} <= set(names)
    left = [
        name for name in names if inspect.getattr_static(TableScene, name) is vars(TableState)[name]
    ]
    assert left == []


@pytest.mark.parametrize("level_id", ["tablet-deal", "climate-accord"])
def test_a_built_table_has_every_declared_attribute(display, level_id):
    table = make_table(level_id)
    table.frames(2)
    scene = table.scene
    missing = [name for name in TableState.__annotations__ if not hasattr(scene, name)]
    assert missing == []
    assert scene.match is not None
    assert scene._live_match() is scene.match
    assert scene.mode in ("wide", "two", "one")
    assert scene.multiparty is (level_id == "climate-accord")


def test_the_match_is_asked_for_only_once_it_has_started():
    scene = TableScene(level("tablet-deal"), 7)
    assert scene.match is None
    with pytest.raises(RuntimeError, match="not started"):
        scene._live_match()
