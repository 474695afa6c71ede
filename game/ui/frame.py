"""One frame's time: what each kind of work may spend of it, in order of priority.

The runner makes a :class:`FrameBudget` at the start of every frame and hands it to the
scene stack (``SceneStack.frame``), where the scenes find it.  Work is of four kinds, in
order of priority (:class:`Work`): the player's input, building a screen, painting a
cached picture, and idle work done ahead of need.  Before it starts a piece of work, the
code doing it asks :meth:`FrameBudget.may_start`; after it, it records what the piece
took (:meth:`FrameBudget.charge`, or :meth:`FrameBudget.doing` around it).  Every limit
the client keeps on a frame's time is in :data:`SHARES`, here and nowhere else.

Two rules make the order of priority: each kind may take only its own share of the
frame, and each starts work only while the frame as a whole is short enough for it
(``by_s``: the lower the priority, the earlier it stops).  Whoever asks decides what is
done when the answer is no: the rest waits for the next frame, in order.  A piece that
must make progress (the first event of a frame, a screen's first build step, a frame's
first band of painting) is done whatever the budget says, and charged like any other.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = [
    "Work",
    "Share",
    "SHARES",
    "FRAME_S",
    "QUICK_WORK_S",
    "FrameBudget",
]


class Work(enum.IntEnum):
    """The kinds of work a frame does, highest priority first."""

    INPUT = 0  #: the player's events, handed to the top scene
    BUILD = 1  #: a step of building a screen (theme, fonts, prepare, enter, layout, warm-up)
    PAINT = 2  #: repainting changed regions of a cached picture
    IDLE = 3  #: work done ahead of need (a theme or fonts for a setting not applied yet)


@dataclass(frozen=True)
class Share:
    """What one kind of work may spend of a frame.

    ``share_s``: the most its pieces may take together in one frame; ``by_s``: the frame
    time (from the frame's start) after which none of it starts.
    """

    share_s: float
    by_s: float


#: What a frame may spend on the game's thread: a 60 fps frame lasts 16.7 ms, and the
#: rest is left for drawing, the flip and the rest of the machine.  No share goes past it.
FRAME_S = 0.010

#: The one place where a frame's time is divided (seconds).
SHARES: Mapping[Work, Share] = {
    # Input first, up to the whole frame: a backlog (input that waited for a screen to be
    # built) beyond it is handled in the next frames, in order.
    Work.INPUT: Share(share_s=FRAME_S, by_s=FRAME_S),
    # Building a screen: quick steps share a frame while they have taken less than 2 ms
    # together, a long one has its own.  One step made of small pieces (a new text size's
    # common glyphs) goes on until the frame has taken 8 ms.
    Work.BUILD: Share(share_s=0.002, by_s=0.008),
    # Repainting changed regions: 2 ms of bands a frame (a band is started only if it
    # should end within that, as long as that region's last band took).
    Work.PAINT: Share(share_s=0.002, by_s=FRAME_S),
    # Work done ahead (readying themes and fonts while a setting rests): only in a frame
    # that has taken less than 4 ms so far.
    Work.IDLE: Share(share_s=0.004, by_s=0.004),
}

#: Not a share of a frame but the one wait a frame may make beyond :data:`FRAME_S`: work
#: sent to the background thread that ends within this goes on in the same frame (one
#: frame of 20 ms rather than a loading card over the screen); longer work gets the card
#: (``game/ui/loading.py``).
QUICK_WORK_S = 0.02


class FrameBudget:
    """One frame's clock and what each kind of work has spent of it.

    ``started`` defaults to now; ``clock`` (``time.perf_counter``) and ``shares``
    (:data:`SHARES`) can be replaced in tests.
    """

    def __init__(
        self,
        started: float | None = None,
        *,
        clock: Callable[[], float] = time.perf_counter,
        shares: Mapping[Work, Share] | None = None,
    ) -> None:
        self._clock = clock
        self.started = clock() if started is None else started
        self.shares: Mapping[Work, Share] = SHARES if shares is None else shares
        self._spent: dict[Work, float] = dict.fromkeys(Work, 0.0)

    def now(self) -> float:
        """Return the clock's time (the ``clock`` given, ``time.perf_counter`` by default)."""
        return self._clock()

    def elapsed(self) -> float:
        """Return the seconds since the frame started."""
        return self._clock() - self.started

    def spent(self, kind: Work) -> float:
        """Return the seconds charged to ``kind`` in this frame."""
        return self._spent[kind]

    def remaining(self, kind: Work | None = None) -> float:
        """Return the seconds left for ``kind`` (or for the frame as a whole), at least 0."""
        if kind is None:
            return max(0.0, FRAME_S - self.elapsed())
        share = self.shares[kind]
        left = min(share.share_s - self._spent[kind], share.by_s - self.elapsed())
        return max(0.0, left)

    def may_start(self, kind: Work, expected_s: float = 0.0) -> bool:
        """Return True when a piece of ``kind`` expected to take ``expected_s`` fits now.

        It fits when it would end within its kind's share and before its kind's
        ``by_s``.  (A piece that must be done anyway is done without asking.)
        """
        share = self.shares[kind]
        if self._spent[kind] + expected_s > share.share_s:
            return False
        return self.elapsed() + expected_s <= share.by_s

    def may_go_on(self, kind: Work) -> bool:
        """Return True while one piece of ``kind`` made of small parts may take another.

        Only ``by_s`` counts: such a piece (a text size's glyphs) is one step however
        many parts it has, and stops when the frame has taken long enough for its kind.
        """
        return self.elapsed() < self.shares[kind].by_s

    def charge(self, kind: Work, seconds: float) -> None:
        """Record that a piece of ``kind`` took ``seconds``."""
        self._spent[kind] += seconds

    @contextmanager
    def doing(self, kind: Work) -> Iterator[None]:
        """Charge the time spent in the ``with`` block to ``kind``."""
        began = self._clock()
        try:
            yield
        finally:
            self._spent[kind] += self._clock() - began
