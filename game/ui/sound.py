"""Sound effects: a few short, soft cues synthesized in code (no sound files).

:class:`SoundBoard` makes each cue the first time it is played (sine tones with a short
attack and a gentle decay, in the mixer's own sample format) and keeps it.  The mixer is
opened lazily, at the first :meth:`SoundBoard.play` with sound switched on, never while
the game starts; a worker thread then makes the other cues, so a later cue (the deal, on
the busy frame that ends the talks) costs the game's thread nothing.  When it cannot be opened (no audio device) the board says so once in
the log and stays silent for the session: playing a cue never raises.

Scenes play cues through the app's services with :func:`cue`::

    cue(self.services, "offer")

Cues: ``offer`` (the player makes a move), ``reply`` (the other side answers),
``trust_up`` / ``trust_down``, ``deal``, ``no_deal`` (also ``walk_away``), ``badge``,
``denied`` (a move that is not allowed now) and ``sound_on``.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import sys
import threading
import time
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add, mul
from typing import Any

import pygame

__all__ = ["SoundBoard", "Note", "CUES", "ALIASES", "PEAK", "synthesize", "turn_cue", "cue"]

logger = logging.getLogger(__name__)

#: The loudest sample of any cue, as a fraction of full scale (before the profile's volume).
PEAK = 0.5
#: Volume used when the profile stores none (the store's default).
DEFAULT_VOLUME = 0.8
_ATTACK = 0.006  # seconds: fast enough to sound crisp, slow enough not to click
_RELEASE = 0.012  # seconds of fade to exact silence at the end of every note


@dataclass(frozen=True)
class Note:
    """One tone of a cue: when it starts, how long it rings, its pitch and loudness.

    ``glide`` is the pitch at the end (a slide), ``decay`` the time (seconds) the tone
    takes to fall to 1/e, ``bright`` how much of the octave above is mixed in.
    """

    start: float
    length: float
    freq: float
    level: float = 1.0
    glide: float | None = None
    decay: float = 0.12
    bright: float = 0.15


# Pitches (Hz), equal temperament.
_A3, _C4, _E4, _G4, _A4 = 220.0, 261.63, 329.63, 392.0, 440.0
_C5, _D5, _E5, _G5, _C6, _E6 = 523.25, 587.33, 659.26, 783.99, 1046.5, 1318.51

#: name -> (loudness relative to PEAK, notes).  Every cue lasts under 0.4 s.
CUES: dict[str, tuple[float, tuple[Note, ...]]] = {
    "offer": (0.8, (Note(0.0, 0.09, _E5, decay=0.04, bright=0.25),)),
    "reply": (0.7, (Note(0.0, 0.09, _G4, decay=0.06), Note(0.07, 0.13, _C5, decay=0.07))),
    "trust_up": (0.8, (Note(0.0, 0.11, _C5, decay=0.08), Note(0.09, 0.16, _E5, decay=0.09))),
    "trust_down": (
        0.65,
        (Note(0.0, 0.11, _E4, decay=0.08, bright=0.05), Note(0.09, 0.16, _C4, decay=0.1)),
    ),
    "deal": (
        1.0,
        (
            Note(0.0, 0.38, _C5, decay=0.16),
            Note(0.06, 0.32, _E5, decay=0.15),
            Note(0.12, 0.26, _G5, decay=0.14),
        ),
    ),
    "no_deal": (0.7, (Note(0.0, 0.34, _A4, glide=_E4, decay=0.14, bright=0.0),)),
    "badge": (
        0.85,
        (
            Note(0.0, 0.12, _G5, decay=0.06, bright=0.3),
            Note(0.07, 0.13, _C6, decay=0.07, bright=0.3),
            Note(0.14, 0.22, _E6, decay=0.1, bright=0.3),
        ),
    ),
    "denied": (
        0.6,
        (
            Note(0.0, 0.07, _A3, decay=0.04, bright=0.3),
            Note(0.08, 0.08, _A3, decay=0.04, bright=0.3),
        ),
    ),
    "sound_on": (0.7, (Note(0.0, 0.08, _C5, decay=0.05), Note(0.06, 0.12, _G5, decay=0.07))),
}
#: Other names for the same cue.
ALIASES = {"walk_away": "no_deal", "agreement": "deal", "star": "badge"}


# ----------------------------------------------------------------------------- synthesis
# Speed: every per-sample step runs inside C (map / accumulate / list repetition / array),
# never in a Python loop: all the cues together take about 20 ms, one cue a few ms.


def _cycle(freq: float, rate: int, limit: int) -> tuple[int, float]:
    """Return (L, f'): L samples holding a whole number of cycles of f' (f' within 1 cent)."""
    best = (abs(limit), freq)
    best_error = math.inf
    for cycles in range(1, 64):
        length = round(cycles * rate / freq)
        if length >= limit:
            break
        tuned = cycles * rate / length
        error = abs(tuned / freq - 1.0)
        if error < best_error:
            best, best_error = (length, tuned), error
        if error < 0.0006:
            break
    return best if best_error < 0.003 else (abs(limit), freq)


def _tone(note: Note, rate: int, gain: float) -> list[float]:
    """Return one note's samples (peak at most ``gain * level * (1 + bright)``) with its envelope."""
    n = max(1, int(note.length * rate))
    ratio = math.exp(-1.0 / (max(note.decay, 1e-3) * rate))
    level = gain * note.level
    if note.glide is None:
        # One block of whole cycles, decayed inside; every later block is the same block
        # scaled by the decay over a block, so the envelope costs one multiplication.
        length, freq = _cycle(note.freq, rate, n)
        step = 2.0 * math.pi * freq / rate
        phases = [step * i for i in range(length)]
        wave = _wave(phases, note.bright)
        block = list(map(mul, wave, accumulate(repeat(ratio, length - 1), mul, initial=1.0)))
        fall = ratio**length
        samples: list[float] = []
        scale = level
        while len(samples) < n:
            samples += map(mul, block, repeat(scale, length))
            scale *= fall
        del samples[n:]
    else:  # the pitch slides linearly: the phase is the running sum of the step
        step = 2.0 * math.pi * note.freq / rate
        slide = 2.0 * math.pi * (note.glide - note.freq) / rate / n
        phases = list(accumulate(map(add, repeat(step), map(mul, repeat(slide), range(n)))))
        wave = _wave(phases, note.bright)
        samples = list(map(mul, wave, accumulate(repeat(ratio, n - 1), mul, initial=level)))
    attack, release = _ramps(rate)
    a = min(n, len(attack))
    samples[:a] = map(mul, samples[:a], attack)
    r = min(n, len(release))
    samples[n - r :] = map(mul, samples[n - r :], release[len(release) - r :])
    return samples


def _wave(phases: list[float], bright: float) -> Iterator[float]:
    """Return sin(phase), plus ``bright`` times the octave above, for each phase."""
    wave = map(math.sin, phases)
    if not bright:
        return wave
    doubled = map(math.sin, map(mul, repeat(2.0), phases))
    return map(add, wave, map(mul, repeat(bright), doubled))


@lru_cache(maxsize=4)
def _ramps(rate: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Return the fade-in (linear, from 0) and fade-out (raised cosine, to exactly 0)."""
    attack = max(1, int(_ATTACK * rate))
    release = max(1, int(_RELEASE * rate))
    fade_in = tuple(i / attack for i in range(attack))
    fade_out = tuple(0.5 + 0.5 * math.cos(math.pi * (i + 1) / release) for i in range(release))
    return fade_in, fade_out


def _loudest(notes: tuple[Note, ...]) -> float:
    """Return a bound on the cue's peak: the notes' summed envelopes at each note's start."""
    bound = 0.0
    for at in (n.start for n in notes):
        bound = max(
            bound,
            sum(
                n.level * (1.0 + n.bright) * math.exp(-(at - n.start) / max(n.decay, 1e-3))
                for n in notes
                if n.start <= at < n.start + n.length
            ),
        )
    return bound or 1.0


#: 1.5 * 2**23: adding it to a float and storing it as float32 leaves round(x) in the low
#: bits of the float's pattern, so int16 samples come out of C code (no int() per sample).
_MAGIC = 12582912.0


def _int16(samples: list[float]) -> array:
    """Return ``samples`` (already in -32767..32767) rounded into a signed 16-bit array."""
    floats = array("f", map(add, repeat(_MAGIC), samples))
    if sys.byteorder != "little" or floats.itemsize != 4:
        return array("h", map(round, samples))
    words = memoryview(floats).cast("B").cast("h")
    return array("h", words[0::2].tobytes())


def synthesize(name: str, frequency: int = 44100, size: int = -16, channels: int = 2) -> bytes:
    """Return the raw samples of cue ``name`` in a mixer format (see ``mixer.get_init()``).

    ``size`` is the mixer's sample format: -16 / 16 (signed / unsigned 16-bit), -8 / 8, or
    ±32 (32-bit float); ``channels`` are interleaved copies of the same mono signal.
    Raises KeyError for an unknown cue and ValueError for an unsupported format.
    """
    level, notes = CUES[ALIASES.get(name, name)]
    if size not in (-16, 16, -8, 8, 32, -32):
        raise ValueError(f"unsupported mixer sample format {size}")
    rate = int(frequency)
    full = {-16: 32767.0, 16: 32767.0, -8: 127.0, 8: 127.0}.get(size, 1.0)
    gain = PEAK * level * full / _loudest(notes)
    total = max(int((n.start + n.length) * rate) + 1 for n in notes)
    mix = [0.0] * total
    filled = 0  # mix[filled:] is still silent: a note there is copied, not added
    for note in sorted(notes, key=lambda n: n.start):
        tone = _tone(note, rate, gain)
        start = int(note.start * rate)
        end = start + len(tone)
        overlap = max(start, min(end, filled))
        mix[start:overlap] = map(add, mix[start:overlap], tone[: overlap - start])
        mix[overlap:end] = tone[overlap - start :]
        filled = max(filled, end)
    if size == -16:
        mono = _int16(mix)
    elif size == 16:
        mono = array("H", map(int, map(add, repeat(32768.5), mix)))
    elif size == -8:
        mono = array("b", map(round, mix))
    elif size == 8:
        mono = array("B", map(int, map(add, repeat(128.5), mix)))
    else:
        mono = array("f", mix)
    channels = max(1, int(channels))
    if channels == 1:
        return mono.tobytes()
    frames = array(mono.typecode, bytes(len(mono) * mono.itemsize * channels))
    for channel in range(channels):
        frames[channel::channels] = mono
    return frames.tobytes()


# ----------------------------------------------------------------------------- the board
@contextlib.contextmanager
def _native_errors_hushed() -> Iterator[None]:
    """Keep what native libraries write to the error stream meanwhile off the terminal.

    Opening the audio device on a machine without one makes ALSA print a screenful of
    lines to file descriptor 2, below Python; the game says it once, in its log, instead
    (see ``SoundBoard._fail``).  Only on systems with file descriptors to swap.
    """
    if os.name != "posix":
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no error stream to swap
        yield
        return
    try:
        with open(os.devnull, "w", encoding="utf-8") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class SoundBoard:
    """Plays the cues; silent when sound is off or there is no audio device.

    ``enabled`` and ``volume`` are asked at every :meth:`play`: the sound setting in force
    and the profile's volume (0-1).  Nothing touches the mixer before the first cue is
    played with sound on.
    """

    def __init__(
        self,
        enabled: Callable[[], bool] = lambda: True,
        volume: Callable[[], float] = lambda: DEFAULT_VOLUME,
    ) -> None:
        self._enabled = enabled
        self._volume = volume
        self._sounds: dict[str, Any] = {}
        self._format: tuple[int, int, int] | None = None
        self._opened = False  # this board opened the mixer (and closes it)
        self._failed = False
        self._last: Any = None  # the channel of the last cue, for after=True
        self._warmer: threading.Thread | None = None
        self._warmed: tuple[int, int, int] | None = None  # the format the warmer works for
        self._closing = False
        self.generation_seconds = 0.0  # spent making cues on the caller's thread

    @property
    def failed(self) -> bool:
        """Return True when the mixer could not be opened: silent for the session."""
        return self._failed

    def _fail(self, what: str, error: BaseException) -> None:
        if not self._failed:
            logger.info("sound is off for this session: %s (%s)", what, error)
        self._failed = True
        self._sounds.clear()
        self._last = None

    def _mixer(self) -> tuple[int, int, int] | None:
        """Return the mixer's (frequency, size, channels), opening it if needed; None: silent."""
        if self._failed:
            return None
        try:
            current = pygame.mixer.get_init()
            if current is None:
                with _native_errors_hushed():
                    pygame.mixer.init(buffer=512)  # a small buffer: cues follow clicks closely
                self._opened = True
                current = pygame.mixer.get_init()
                if current is None:
                    raise pygame.error("the mixer did not start")
        except Exception as error:  # pygame.error, or no mixer module in this build
            self._fail("cannot open the audio device", error)
            return None
        current = (int(current[0]), int(current[1]), int(current[2]))
        if current != self._format:  # a new mixer: the old sounds do not fit it
            self._format = current
            self._sounds.clear()
            self._last = None
        return current

    def _sound(self, name: str, mixer_format: tuple[int, int, int]) -> Any:
        key = ALIASES.get(name, name)
        sound = self._sounds.get(key)
        if sound is None:
            started = time.perf_counter()
            sound = pygame.mixer.Sound(buffer=synthesize(key, *mixer_format))
            self.generation_seconds += time.perf_counter() - started
            self._sounds[key] = sound
        return sound

    def _warm_up(self, mixer_format: tuple[int, int, int]) -> None:
        """Make the cues not played yet on a worker thread (once per mixer format)."""
        if self._warmed == mixer_format or self._closing:
            return
        self._warmed = mixer_format
        self._warmer = threading.Thread(
            target=self._make_rest, args=(mixer_format,), name="sound-cues", daemon=True
        )
        self._warmer.start()

    def _make_rest(self, mixer_format: tuple[int, int, int]) -> None:
        for name in CUES:
            if self._closing or self._format != mixer_format:
                return
            if name in self._sounds:
                continue
            try:
                sound = pygame.mixer.Sound(buffer=synthesize(name, *mixer_format))
            except Exception as error:  # the game's thread makes it when it is played
                logger.debug("making the %r cue failed: %s", name, error)
                return
            if self._format == mixer_format and not self._closing:
                self._sounds.setdefault(name, sound)

    def _volume_now(self) -> float:
        try:
            value = float(self._volume())
        except Exception:  # a broken profile value must not stop the game
            value = DEFAULT_VOLUME
        return min(1.0, max(0.0, value)) if math.isfinite(value) else DEFAULT_VOLUME

    def play(self, name: str, *, after: bool = False) -> bool:
        """Play cue ``name``; with ``after``, once the cue still playing has ended.

        Return True when it was started (or queued).  Does nothing, not even opening the
        mixer, when sound is off; never raises.
        """
        if self._failed or not self._enabled():
            return False
        if ALIASES.get(name, name) not in CUES:
            logger.warning("unknown sound cue %r", name)
            return False
        mixer_format = self._mixer()
        if mixer_format is None:
            return False
        try:
            sound = self._sound(name, mixer_format)
            sound.set_volume(self._volume_now())
            last = self._last
            if after and last is not None and last.get_busy():
                last.queue(sound)
            else:
                channel = sound.play()
                self._last = channel if channel is not None else self._last
        except Exception as error:  # pygame.error, ValueError (unusual sample format)
            self._fail(f"cannot play {name!r}", error)
            return False
        self._warm_up(mixer_format)
        return True

    def prepare(self) -> float:
        """Make every cue now (opening the mixer); return the seconds it took."""
        mixer_format = self._mixer()
        if mixer_format is None:
            return 0.0
        started = time.perf_counter()
        try:
            for name in CUES:
                self._sound(name, mixer_format)
        except Exception as error:
            self._fail("cannot make the sounds", error)
        return time.perf_counter() - started

    def stop(self) -> None:
        """Stop every cue playing (sound switched off); does not open the mixer."""
        self._last = None
        if self._format is None or self._failed:
            return
        try:
            if pygame.mixer.get_init() is not None:
                pygame.mixer.stop()
        except Exception as error:
            logger.debug("stopping the sounds failed: %s", error)

    def close(self) -> None:
        """Stop playing and close the mixer if this board opened it."""
        self._closing = True
        if self._warmer is not None:
            self._warmer.join(timeout=2.0)
            self._warmer = None
        self.stop()
        self._sounds.clear()
        self._format = None
        if self._opened:
            self._opened = False
            try:
                pygame.mixer.quit()
            except Exception as error:
                logger.debug("closing the mixer failed: %s", error)


# ----------------------------------------------------------------------------- for scenes
def turn_cue(report: Any) -> str | None:
    """Return the cue for what followed a player's move (a match ``TurnReport``), or None.

    The end of the talks wins over a trust change, which wins over a plain answer.
    """
    status = getattr(getattr(report, "status", None), "value", getattr(report, "status", ""))
    if getattr(report, "finished", False):
        if status == "agreed":
            return "deal"
        return "walk_away" if status == "walked_away" else "no_deal"
    trust = sum(change[1] for change in getattr(report, "changes", ()))
    if round(trust):
        return "trust_up" if trust > 0 else "trust_down"
    return "reply" if getattr(report, "lines", ()) else None


def cue(services: Mapping[str, Any] | Any, name: str | None, *, after: bool = False) -> None:
    """Play cue ``name`` on the app's sound board, if the services have one."""
    if not name or not hasattr(services, "get"):
        return
    board = services.get("sound")
    if board is not None:
        board.play(name, after=after)
