"""The end of a negotiation: the history record, saving it, and the words shown after.

Saving happens before the debrief can open, through the same path as ``simulate
--record`` (``game.finish``): the history record first (durable when
``add_history`` returns), then the level result (stars, experience, badges) and what each
NPC remembers of the player, then a flush.  A problem with the saves is reported in
words and never stops the debrief.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

from game.campaign.scoring import Score
from game.engine.record import MatchRecord
from game.finish import save_finished
from game.finish import save_memories as store_memories
from game.i18n import ngettext, tr
from game.store import StoreError

__all__ = [
    "save_result",
    "save_memories",
    "stars_words",
    "SaveJob",
]

logger = logging.getLogger(__name__)


def _problem(error: StoreError) -> str:
    return " ".join(getattr(error, "user_lines", None) or [str(error)])


def save_result(
    store: Any,
    profile: str,
    level_id: str,
    record: MatchRecord,
    score: Score,
    memories: Mapping[str, dict[str, Any]],
) -> str:
    """Save a finished negotiation; return a sentence saying whether it worked."""
    try:
        save_finished(store, profile, level_id, record, score, memories)
    except StoreError as error:
        logger.warning("saving the result failed", exc_info=True)
        return tr("Your result could not be saved: {problem}").format(problem=_problem(error))
    return tr("Saved to {name}'s history.").format(name=profile)


def save_memories(store: Any, profile: str, memories: Mapping[str, dict[str, Any]]) -> bool:
    """Save what each NPC remembers (talks left unfinished); return False on a problem."""
    try:
        store_memories(store, profile, memories)
    except StoreError:
        logger.warning("saving the NPCs' memories failed", exc_info=True)
        return False
    return True


def stars_words(stars: int) -> str:
    """Return "2 of 3 stars" (or "1 of 3 stars")."""
    return ngettext("{n} of 3 stars", "{n} of 3 stars", stars).format(n=stars)


class SaveJob:
    """Saves a finished negotiation in a worker thread, so the window keeps drawing.

    Saving writes and syncs files (tens of milliseconds); the table shows "Saving your
    result…" meanwhile and waits for the job (:meth:`wait`) before the debrief opens or
    the game closes.  Nothing else uses the store while the job runs.
    """

    def __init__(
        self,
        store: Any,
        profile: str,
        level_id: str,
        record: MatchRecord,
        score: Score,
        memories: Mapping[str, dict[str, Any]],
    ) -> None:
        self._args = (store, profile, level_id, record, score, dict(memories))
        self.message = tr("Saving your result…")
        self._ran = False
        self._thread = threading.Thread(target=self._run, name="save-result", daemon=False)

    def _run(self) -> None:
        try:
            self.message = save_result(*self._args)
        except Exception as error:  # the game must go on; the player is told
            logger.exception("saving the result failed")
            self.message = tr("Your result could not be saved ({problem}).").format(
                problem=type(error).__name__
            )

    @property
    def started(self) -> bool:
        """Return True once saving has begun."""
        return self._thread.ident is not None or self._ran

    def start(self) -> SaveJob:
        """Start saving in the worker thread; return self."""
        if not self.started:
            self._thread.start()
        return self

    @property
    def done(self) -> bool:
        """Return True once the result is saved (or saving failed)."""
        return self._ran or (self._thread.ident is not None and not self._thread.is_alive())

    def wait(self, timeout: float = 30.0) -> str:
        """Save now if not started, else wait until saved; return the sentence saying how it went."""
        if self._ran:
            return self.message
        if self._thread.ident is None:  # not started: save on this thread
            self._ran = True
            self._run()
        else:
            self._thread.join(timeout)
        return self.message
