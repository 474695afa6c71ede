"""Voices: what the characters say, read aloud by the computer's own offline speech engine.

:class:`Speaker` speaks one line at a time on a worker thread, so a frame never waits for
speech: a line given while another is waiting replaces it (the older one is dropped), and
the line being spoken is cut off.  Each character keeps one voice of the engine's voices in
the game's language, different from the others' while there are enough voices.

Voices are off by default (Settings, "Voices"); while they are off nothing is spoken, not
even what the read-aloud key asks for.  The engine is `pyttsx3 <https://pypi.org/project/pyttsx3/>`_
(the optional ``voices`` extra: ``pip install common-ground[voices]``) over eSpeak NG on
Linux, SAPI5 on Windows and the system voices on macOS; without it, or without an engine
under it, :attr:`Speaker.found` is False and Settings says "No speech engine found on this
computer".  The engine is made on the worker thread the first time a line is spoken.

Scenes speak through the app's services, as they play sound cues::

    speak_line(services, said.text, said.speaker)   # an NPC's line, in that NPC's voice
    read_aloud(services, "Accept: take their offer")  # the read-aloud key (F6)

Tests hand :class:`Speaker` a fake engine (``engine_factory``): see tests/ui/test_speech.py.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib.util
import io
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from game import i18n
from game.i18n import N_

__all__ = [
    "READ_ALOUD_KEY_NAME",
    "NO_ENGINE",
    "Voice",
    "SpeechEngine",
    "Speaker",
    "Pyttsx3Engine",
    "engine_installed",
    "speak_line",
    "read_aloud",
    "spoken_label",
]

logger = logging.getLogger(__name__)

#: The key that reads the focused control and the last line aloud (see App).
READ_ALOUD_KEY_NAME = "F6"
#: What Settings says when there is nothing to speak with.
NO_ENGINE = N_("No speech engine found on this computer")
#: Words a minute: a little slower than the engines' usual 200, for learners.
RATE = 170
#: Who speaks what the read-aloud key asks for (not a character).
READER = "\x00reader"


@dataclass(frozen=True)
class Voice:
    """One of the engine's voices: its id (what the engine is given) and languages."""

    id: str
    name: str = ""
    languages: tuple[str, ...] = ()

    def speaks(self, language: str) -> bool:
        """Return True when one of the voice's languages is ``language`` (or a variant)."""
        return any(
            lang.lower().replace("_", "-").split("-")[0] == language for lang in self.languages
        )


class SpeechEngine(Protocol):
    """What :class:`Speaker` needs of an engine; its methods run on the worker thread,
    except :meth:`stop`, which the game's thread calls to cut the current line off."""

    def voices(self) -> list[Voice]:
        """Return the voices the engine has (may be empty: its default voice)."""
        ...

    def speak(self, text: str, voice: str | None) -> None:
        """Speak ``text`` in ``voice`` (None: the default) and return when it is done."""
        ...

    def stop(self) -> None:
        """Cut off the line being spoken (any thread); nothing when silent."""
        ...


def engine_installed() -> bool:
    """Return True when a speech engine looks usable here, without starting it.

    pyttsx3 must be installed; on Linux it also needs the eSpeak NG (or eSpeak) library.
    Windows (SAPI5) and macOS always have an engine once pyttsx3 is there.
    """
    try:
        if importlib.util.find_spec("pyttsx3") is None:
            return False
    except (ImportError, ValueError):  # a broken or blocked install
        return False
    if sys.platform.startswith("linux") or sys.platform.startswith("freebsd"):
        return any(ctypes.util.find_library(name) for name in ("espeak-ng", "espeak"))
    return True


class Pyttsx3Engine:
    """pyttsx3's engine, spoken through the game's mixer.

    pyttsx3 writes each line to a WAV file (its eSpeak driver would otherwise play it
    with ``aplay`` and could not be stopped); the game plays that with pygame's mixer on a
    channel of its own, so a line can be cut off and follows the game's volume.
    """

    def __init__(self, volume: Callable[[], float] = lambda: 0.8) -> None:
        import pyttsx3  # the optional "voices" extra

        self._engine = pyttsx3.init()
        self._engine.setProperty("rate", RATE)
        self._volume = volume
        self._stopping = threading.Event()
        self._channel: Any = None

    def voices(self) -> list[Voice]:
        found = []
        for voice in self._engine.getProperty("voices") or ():
            languages = tuple(
                lang.decode("utf-8", "replace").lstrip("\x05")
                if isinstance(lang, bytes)
                else str(lang)
                for lang in (getattr(voice, "languages", None) or ())
            )
            found.append(Voice(str(voice.id), str(getattr(voice, "name", "") or ""), languages))
        # The system's default voice first: the reader's, and the first character's.
        default = str(self._engine.getProperty("voice") or "")
        found.sort(key=lambda v: v.id != default)
        return found

    def speak(self, text: str, voice: str | None) -> None:
        import pygame

        self._stopping.clear()
        if voice is not None:
            self._engine.setProperty("voice", voice)
        handle, path = tempfile.mkstemp(suffix=".wav", prefix="common-ground-voice-")
        os.close(handle)
        try:
            # pyttsx3 prints a line per file written: kept out of the game's output.
            with contextlib.redirect_stdout(io.StringIO()):
                self._engine.save_to_file(text, path)
                self._engine.runAndWait()
            if self._stopping.is_set() or os.path.getsize(path) == 0:
                return
            if pygame.mixer.get_init() is None:
                pygame.mixer.init(buffer=512)
            sound = pygame.mixer.Sound(path)
            sound.set_volume(max(0.0, min(1.0, float(self._volume()))))
            channel = sound.play()
            self._channel = channel
            while channel is not None and channel.get_busy() and not self._stopping.is_set():
                time.sleep(0.02)
            if channel is not None:
                channel.stop()
        finally:
            self._channel = None
            with contextlib.suppress(OSError):
                os.remove(path)

    def stop(self) -> None:
        self._stopping.set()
        channel = self._channel
        if channel is not None:
            with contextlib.suppress(Exception):
                channel.stop()


class Speaker:
    """Speaks lines on a worker thread, one at a time, a voice per character.

    ``enabled`` says whether voices are on now (the player's setting); ``engine_factory``
    makes the engine on the worker thread (None or an exception: no engine), and
    ``found`` says, without making it, whether there is one (default: the factory is the
    pyttsx3 one and :func:`engine_installed`; an injected factory is taken as found).
    """

    def __init__(
        self,
        enabled: Callable[[], bool],
        engine_factory: Callable[[], SpeechEngine | None] | None = None,
        *,
        found: Callable[[], bool] | None = None,
        volume: Callable[[], float] = lambda: 0.8,
        language: str | None = None,
    ) -> None:
        self._enabled = enabled
        if engine_factory is None:
            self._factory: Callable[[], SpeechEngine | None] = lambda: Pyttsx3Engine(volume)
            self._found_check = found or engine_installed
        else:
            self._factory = engine_factory
            self._found_check = found or (lambda: True)
        self._language = language  # None: the game's language, whichever is in use
        self._found: bool | None = None
        self._checker: threading.Thread | None = None
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending: tuple[str, str] | None = None  # (text, who) waiting to be spoken
        self._speaking = False
        self._closing = False
        self._thread: threading.Thread | None = None
        self._engine: SpeechEngine | None = None
        self._voices: list[Voice] | None = None
        self._assigned: dict[str, str | None] = {}
        self._assigned_in = ""  # the language the voices above were chosen for
        self.last_line: tuple[str, str] | None = None  # (text, who): for the read-aloud key
        self.spoken: int = 0  # lines the engine finished or was cut off in (for tests, logs)

    # -- what there is -----------------------------------------------------------------
    def check_in_background(self) -> None:
        """Look for the engine on a thread now (finding eSpeak's library takes a few tens
        of milliseconds), so that :attr:`found` is ready when Settings asks."""
        if self._found is None and self._checker is None:
            self._checker = threading.Thread(
                target=lambda: self.found, name="voices-check", daemon=True
            )
            self._checker.start()

    @property
    def found(self) -> bool:
        """Return True when there is a speech engine (checked once; False after it failed)."""
        checker = self._checker
        if checker is not None and checker is not threading.current_thread():
            checker.join()
        if self._found is None:
            try:
                self._found = bool(self._found_check())
            except Exception as error:  # a broken check must not stop the settings screen
                logger.info("no speech engine: %s", error)
                self._found = False
        return self._found

    @property
    def enabled(self) -> bool:
        """Return True when voices are switched on and there is an engine to speak with."""
        try:
            on = bool(self._enabled())
        except Exception:
            on = False
        return on and self.found

    @property
    def busy(self) -> bool:
        """Return True while a line is being spoken or waits to be."""
        with self._lock:
            return self._speaking or self._pending is not None

    @property
    def language(self) -> str:
        """Return the language the characters speak: the game's (characters get voices
        that speak it; a change of language gives them new ones)."""
        return self._language or i18n.language()

    def voice_for(self, who: str) -> str | None:
        """Return the voice id character ``who`` speaks with (None: the engine's default).

        Known only once the engine is made (on the worker thread); each new character
        takes the voice of the game's language used least so far, in the engine's order.
        """
        with self._lock:
            return self._voice_locked(who)

    def _voice_locked(self, who: str) -> str | None:
        language = self.language
        if self._assigned_in != language:  # another language: voices that speak it
            self._assigned, self._assigned_in = {}, language
        if who in self._assigned:
            return self._assigned[who]
        voices = self._voices or []
        speaking = [v for v in voices if v.speaks(language)] or voices
        if not speaking:
            chosen = None
        elif who == READER:
            chosen = speaking[0].id
        else:
            used = list(self._assigned.values())
            chosen = min(speaking, key=lambda v: (used.count(v.id), speaking.index(v))).id
        self._assigned[who] = chosen
        return chosen

    # -- speaking ----------------------------------------------------------------------
    def say(self, text: str, who: str = READER) -> bool:
        """Speak ``text`` as ``who`` (a character's id); return True when it was queued.

        Never waits: the line replaces one still waiting, and cuts off the one being
        spoken.  Nothing happens while voices are off or there is no engine.
        """
        text = " ".join(str(text).split())
        if not text or not self.enabled:
            return False
        with self._lock:
            if self._closing:
                return False
            self._pending = (text, who)
            engine = self._engine if self._speaking else None
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="voices", daemon=True)
                self._thread.start()
            self._wake.notify()
        if engine is not None:
            with contextlib.suppress(Exception):
                engine.stop()
        return True

    def heard(self, text: str, who: str) -> bool:
        """Remember ``text`` as the last line (for the read-aloud key) and speak it."""
        self.last_line = (text, who)
        return self.say(text, who)

    def stop(self) -> None:
        """Drop the waiting line and cut off the one being spoken (voices switched off)."""
        with self._lock:
            self._pending = None
            engine = self._engine if self._speaking else None
        if engine is not None:
            with contextlib.suppress(Exception):
                engine.stop()

    def close(self, timeout: float = 2.0) -> None:
        """Stop speaking and end the worker thread."""
        with self._lock:
            self._closing = True
            self._wake.notify()
        self.stop()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def wait(self, timeout: float = 5.0) -> bool:
        """Return True once nothing is spoken or waiting (for tests and scripts)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self.busy:
                return True
            time.sleep(0.005)
        return not self.busy

    # -- the worker --------------------------------------------------------------------
    def _make_engine(self) -> SpeechEngine | None:
        try:
            engine = self._factory()
            voices = list(engine.voices()) if engine is not None else []
        except Exception as error:  # no pyttsx3, no eSpeak library, a broken driver
            logger.info("%s: %s", NO_ENGINE, error)
            return None
        with self._lock:
            self._voices = voices
        return engine

    def _run(self) -> None:
        engine = self._make_engine()
        with self._lock:
            self._engine = engine
            if engine is None:
                self._found = False  # Settings says so from now on
                self._pending = None
                self._thread = None
                return
        while True:
            with self._lock:
                while self._pending is None and not self._closing:
                    self._wake.wait()
                if self._closing:
                    return
                assert self._pending is not None
                (text, who), self._pending = self._pending, None
                voice = self._voice_locked(who)
                self._speaking = True
            try:
                engine.speak(text, voice)
            except Exception as error:  # one bad line must not end the voices
                logger.warning("speaking a line failed: %s", error)
            finally:
                with self._lock:
                    self._speaking = False
                    self.spoken += 1


# ----------------------------------------------------------------------------- for scenes
def _speaker(services: Mapping[str, Any] | Any) -> Speaker | None:
    if not hasattr(services, "get"):
        return None
    speaker = services.get("speech")
    return speaker if isinstance(speaker, Speaker) else None


def speak_line(services: Mapping[str, Any] | Any, text: str, who: str) -> None:
    """Speak a character's line (``who``: the character's id) if voices are on."""
    speaker = _speaker(services)
    if speaker is not None and text:
        speaker.heard(text, who)


def read_aloud(services: Mapping[str, Any] | Any, text: str) -> bool:
    """Speak ``text`` in the reader's voice if voices are on; return True when queued."""
    speaker = _speaker(services)
    return speaker is not None and speaker.say(text)


def spoken_label(element: Any) -> str:
    """Return the words that say what a focused control is: its label, its value, and why
    it cannot be used when it cannot (empty when it has none)."""
    if element is None:
        return ""
    words: list[str] = []
    selected = getattr(element, "selected_row", None)
    if selected is not None and hasattr(selected, "title"):
        words.append(selected.title)
        if getattr(selected, "detail", ""):
            words.append(selected.detail)
    text = getattr(element, "text", None)
    if isinstance(text, str) and text:
        words.append(text)
    value = getattr(element, "value_label", None)
    if isinstance(value, str) and value:
        words.append(value)
    if hasattr(element, "get_text") and not isinstance(text, str):
        typed = element.get_text()
        words.append(f"text box: {typed}" if typed else "empty text box")
    elif hasattr(element, "get_current_value") and not words:
        words.append(str(element.get_current_value()))
    enabled = getattr(element, "is_enabled", True)
    if enabled is False:
        reason = getattr(element, "tool_tip_text", None)
        words.append(f"not available: {reason}" if reason else "not available")
    return ". ".join(w.strip() for w in words if w and w.strip())
