"""The end of the table's talks, and the ways out of the table.

:class:`TableFinish` is the part of the table that deals with the store and with where
the player goes next:

* what the NPCs remember of the player, read from the store when the match starts;
* when the talks end, the record built, scored and saved (``game.finish`` through
  ``result.SaveJob``: on a worker thread, started once the table has laid its result
  out), and the words shown about it (the outcome, whether it was saved, what Enter does);
* leaving unfinished talks: the NPCs' memories saved, nothing scored;
* the way on: the debrief, the campaign map, out of the game (through the application's
  navigator, or without one the scene stack).

It reads and writes the table's state and asks the table's services (the store, the
profile, the navigator); it is handed the scene stack when it leaves.  It does not know
the scene, nor lay anything out: :meth:`TableFinish.finish` and :meth:`TableFinish.wait`
say when what is shown changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from game.finish import finished_record
from game.i18n import tr
from game.store import StoreError
from game.ui.scene import Scene, SceneStack
from game.ui.table.result import SaveJob, save_memories, stars_words
from game.ui.table.state import PLAYER, TableState
from game.ui.table.words import outcome_title

__all__ = ["TableFinish"]

logger = logging.getLogger(__name__)


class TableFinish:
    """The talks' end and the ways out; see the module docstring."""

    def __init__(self, state: TableState, services: Callable[[], Any]) -> None:
        self.state = state
        self._services = services
        self.pending = False
        """The talks ended: the next frame builds, scores and saves the record."""
        self.job: SaveJob | None = None
        """Saving the finished talks (made by :meth:`finish`, started by the table)."""

    # ------------------------------------------------------------ the store
    def store(self) -> tuple[Any, str | None]:
        """Return the store and the profile playing, or (None, None) without either."""
        services = self._services()
        store = services.get("store") if hasattr(services, "get") else None
        profile = services.get("profile_name") if hasattr(services, "get") else None
        if store is None or not profile:
            return None, None
        return store, profile

    def navigator(self) -> Any:
        """Return the application's navigator (None in tests and tools without one)."""
        services = self._services()
        return services.get("navigator") if hasattr(services, "get") else None

    def memories(self) -> dict[str, dict[str, Any]] | None:
        """Return what each NPC at the table remembers of the player."""
        store, profile = self.store()
        if store is None:
            return None
        memories = {}
        for npc in self.state.level.party_npcs:
            try:
                memory = store.get_relationship(profile, npc.id)
            except StoreError:
                logger.warning("cannot read %s's memory of %s", npc.id, profile, exc_info=True)
                continue
            if memory:
                memories[npc.id] = memory
        return memories or None

    def reputation(self) -> dict[str, dict[str, Any]] | None:
        """Return what every NPC the player met remembers (word of the past travels)."""
        store, profile = self.store()
        if store is None:
            return None
        try:
            return store.relationships(profile) or None
        except StoreError:
            logger.warning("cannot read %s's relationships", profile, exc_info=True)
            return None

    # ------------------------------------------------------------ the end
    def finish(self) -> bool:
        """Build, score and (soon) save the record of the finished talks, and the words
        shown about them; True when done now (the table then shows the result)."""
        self.pending = False
        state = self.state
        if state.result is not None:
            return False
        match = state.live_match()
        record, score = finished_record(match, state.level, state.seed)
        store, profile = self.store()
        if store is None or profile is None:  # both or neither
            saved = tr("Not saved: no profile is playing.")
        else:
            # Started once the table has laid out its result: writing files takes a
            # while, and a worker thread keeps the window drawing meanwhile.
            self.job = SaveJob(store, profile, state.level.id, record, score, match.memories())
            saved = self.job.message
        state.result = (record, score)
        session = match.state
        names = {pid: state.name_of(pid) for pid in state.negotiation.party_ids}
        title = outcome_title(session.status, session.walked_by, PLAYER, names)
        state.result_lines = [
            tr("{outcome} \u00b7 {stars}").format(outcome=title, stars=stars_words(score.stars)),
            saved,
            tr("Press Enter to see how you did and what was possible."),
        ]
        return True

    @property
    def saving(self) -> bool:
        """Return True while the finished negotiation is being saved."""
        return self.job is not None and not self.job.done

    def wait(self) -> bool:
        """Block until the result is saved; True when the words about it changed."""
        if self.job is None:
            return False
        self.job.wait()
        return self.saved_shown()

    def saved_shown(self) -> bool:
        """Say whether the saving worked, once it is done; True when the words changed."""
        job = self.job
        lines = self.state.result_lines
        if job is None or not job.done or len(lines) < 2 or lines[1] == job.message:
            return False
        lines[1] = job.message
        return True

    def talks_over(self) -> bool:
        """Return True once the talks have ended (and were not left): the debrief is next."""
        state = self.state
        match = state.match
        finished = match is not None and match.finished and not state.abandoned
        return state.result is not None or self.pending or finished

    def abandon(self) -> None:
        """Leave unfinished talks: the other side remembers (memories saved), nothing is scored."""
        state = self.state
        match = state.match
        if match is None or state.over:
            return
        state.abandoned = True
        store, profile = self.store()
        if store is not None and profile is not None:  # both or neither
            save_memories(store, profile, match.memories())
        match.close()

    # ------------------------------------------------------------ the ways out
    def to_debrief(self, stack: SceneStack | None) -> None:
        """Open the debrief of the finished (and saved) talks in the table's place."""
        state = self.state
        if state.result is None:
            return
        record, score = state.result
        config = state.live_match().config
        navigator = self.navigator()
        if navigator is not None:
            navigator.to_debrief(state.level, record, score, config)
            return
        if stack is None:
            return
        try:
            from game.ui.scenes.debrief import DebriefScene
        except ImportError:
            logger.warning("no debrief scene; leaving the table", exc_info=True)
            stack.pop() if len(stack) > 1 else stack.request_exit()
            return
        stack.replace(DebriefScene(state.level, record, score, config=config))

    def to_map(self, stack: SceneStack | None, table: Scene) -> None:
        """Leave the talks for the campaign map (without a navigator: close ``table``)."""
        self.abandon()
        navigator = self.navigator()
        if navigator is not None:
            navigator.to_campaign()
        elif stack is not None and stack.top is table:
            stack.pop()

    def quit_game(self, stack: SceneStack | None) -> None:
        """Leave the talks and the game."""
        self.abandon()
        navigator = self.navigator()
        if navigator is not None:
            navigator.quit()
        elif stack is not None:
            stack.request_exit()
