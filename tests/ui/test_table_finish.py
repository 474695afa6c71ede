"""The table's end of talks and ways out (``game.ui.table.finish``), without the scene."""

from __future__ import annotations

from game.engine import PLAYER, Move, MoveKind
from game.levels.setup import start_match
from game.store import open_store
from game.ui.table.finish import TableFinish
from game.ui.table.state import TableState

from .table_harness import PROFILE, level


class Navigator:
    def __init__(self) -> None:
        self.went: list[tuple] = []

    def to_debrief(self, level, record, score, config) -> None:
        self.went.append(("debrief", level.id, record.status))

    def to_campaign(self) -> None:
        self.went.append(("map",))

    def quit(self) -> None:
        self.went.append(("quit",))


def _finish(services: dict) -> TableFinish:
    state = TableState(level("tablet-deal"), 7)
    state.match = start_match(state.level, seed=7)
    return TableFinish(state, lambda: services)


def test_finished_talks_are_recorded_scored_and_saved_then_the_debrief_opens(tmp_path):
    store = open_store(tmp_path)
    store.create_profile(PROFILE)
    navigator = Navigator()
    finish = _finish({"store": store, "profile_name": PROFILE, "navigator": navigator})
    state = finish.state
    assert not finish.talks_over()
    state.live_match().player_move(Move(MoveKind.WALK_AWAY, PLAYER))
    assert finish.talks_over()
    assert finish.finish() and state.result is not None
    assert not finish.finish()  # once
    assert state.result_lines[0].startswith("You walked away")
    assert finish.job is not None and not finish.job.started
    assert state.result_lines[1] == "Saving your result\u2026" and finish.saving
    finish.job.start()
    assert finish.wait()  # the words say it was saved
    assert state.result_lines[1] == f"Saved to {PROFILE}'s history."
    assert not finish.saving and not finish.saved_shown()  # said once
    assert len(store.history(PROFILE)) == 1
    finish.to_debrief(None)
    assert navigator.went == [("debrief", "tablet-deal", state.result[0].status)]


def test_leaving_unfinished_talks_saves_memories_and_scores_nothing(tmp_path):
    store = open_store(tmp_path)
    store.create_profile(PROFILE)
    navigator = Navigator()
    finish = _finish({"store": store, "profile_name": PROFILE, "navigator": navigator})
    finish.to_map(None, None)  # type: ignore[arg-type]
    assert finish.state.abandoned and not finish.talks_over()
    assert navigator.went == [("map",)]
    assert store.history(PROFILE) == []
    assert store.get_relationship(PROFILE, "nova") is not None
    assert finish.memories() is not None  # read back when the next match starts


def test_without_a_profile_nothing_is_saved_and_it_says_so():
    finish = _finish({})
    finish.state.live_match().player_move(Move(MoveKind.WALK_AWAY, PLAYER))
    assert finish.finish()
    assert finish.job is None and not finish.wait() and not finish.saving
    assert finish.state.result_lines[1] == "Not saved: no profile is playing."
    assert finish.store() == (None, None) and finish.memories() is None
