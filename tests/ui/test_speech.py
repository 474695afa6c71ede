"""Voices (game.ui.speech): a fake engine stands in for the system's speech engine."""

from __future__ import annotations

import threading
import time

import pygame
import pytest

from game import i18n
from game.levels.catalog import resolve_level
from game.levels.loader import load_level
from game.ui.scenes.common import PlayerSettings
from game.ui.scenes.settings import SettingsScene
from game.ui.speech import (
    NO_ENGINE,
    READER,
    Speaker,
    Voice,
    engine_installed,
    speak_line,
    spoken_label,
)
from game.ui.table.scene import TableScene

VOICES = [
    Voice("en-a", "Alba", ("en-gb",)),
    Voice("fr", "Claire", ("fr",)),
    Voice("en-b", "Bruno", ("en-us",)),
]


class FakeEngine:
    """Records what it is asked to say; ``hold`` keeps each line "speaking" until stopped
    or released (as a real engine would take seconds)."""

    def __init__(self, voices=VOICES, hold: bool = False) -> None:
        self._voices = list(voices)
        self.hold = hold
        self.said: list[tuple[str, str | None]] = []
        self.stops = 0
        self.started = threading.Event()
        self._release = threading.Event()
        self.thread: str | None = None

    def voices(self):
        return self._voices

    def speak(self, text, voice):
        self.thread = threading.current_thread().name
        self.said.append((text, voice))
        self.started.set()
        if self.hold:
            self._release.wait(5)
            self._release.clear()

    def stop(self):
        self.stops += 1
        self._release.set()


def _speaker(engine, on=True, **kwargs):
    state = {"on": on}
    made = []

    def factory():
        made.append(1)
        return engine

    speaker = Speaker(lambda: state["on"], factory, **kwargs)
    return speaker, state, made


def test_voices_are_off_by_default():
    assert PlayerSettings().voices is False
    assert PlayerSettings.from_store({}).voices is False
    assert PlayerSettings.from_store({"sound": {"enabled": True, "volume": 0.8}}).voices is False
    assert PlayerSettings.from_store({"sound": {"voices": "yes"}}).voices is False  # not a bool
    on = PlayerSettings.from_store({"sound": {"enabled": True, "voices": True}})
    assert on.voices is True
    assert on.store_changes()["sound"] == {"enabled": True, "voices": True}


def test_nothing_is_spoken_while_voices_are_off():
    engine = FakeEngine()
    speaker, state, made = _speaker(engine, on=False)
    assert speaker.say("I can offer three.", "npc-1") is False
    speaker.heard("Take it or leave it.", "npc-1")
    assert speaker.last_line == ("Take it or leave it.", "npc-1")  # remembered for F6
    time.sleep(0.05)
    assert engine.said == [] and made == []  # the engine was not even made
    assert speaker._thread is None
    state["on"] = True
    assert speaker.say("Now I speak.", "npc-1")
    assert speaker.wait()
    assert engine.said == [("Now I speak.", "en-a")]
    speaker.close()


def test_lines_are_queued_without_blocking_and_a_new_line_cuts_in():
    engine = FakeEngine(hold=True)
    speaker, _state, _made = _speaker(engine)
    started = time.perf_counter()
    assert speaker.say("First line, a long one.", "npc-1")
    assert time.perf_counter() - started < 0.05  # the game's thread never waits
    assert engine.started.wait(2)
    assert engine.thread == "voices"  # spoken on the worker thread
    started = time.perf_counter()
    speaker.say("Second line.", "npc-1")  # cuts off the first ...
    speaker.say("Third line.", "npc-1")  # ... and replaces the second, still waiting
    assert time.perf_counter() - started < 0.05
    assert engine.stops >= 1
    engine.hold = False
    engine.stop()
    assert speaker.wait()
    assert [text for text, _ in engine.said] == ["First line, a long one.", "Third line."]
    speaker.close()
    assert not speaker.say("After closing.", "npc-1")


def test_each_character_keeps_a_voice_of_the_games_language():
    engine = FakeEngine()
    speaker, _state, _made = _speaker(engine)
    for who in ("ana", "ben", "ana", "cal", "ben"):
        speaker.say(f"{who} speaks.", who)
        assert speaker.wait()
    voices = dict(engine.said)
    assert voices["ana speaks."] == "en-a"
    assert voices["ben speaks."] == "en-b"  # a second character: the other English voice
    assert voices["cal speaks."] in {"en-a", "en-b"}  # more characters than voices: shared
    assert "fr" not in voices.values()  # never a voice of another language
    assert speaker.voice_for("ana") == "en-a" and speaker.voice_for("ben") == "en-b"
    assert speaker.voice_for(READER) == "en-a"
    speaker.close()


def test_in_spanish_the_characters_speak_with_spanish_voices():
    engine = FakeEngine(
        voices=[*VOICES, Voice("es-a", "Lucía", ("es",)), Voice("es-b", "Diego", ("es-419",))]
    )
    speaker, _state, _made = _speaker(engine)
    speaker.say("Hello.", "ana")
    assert speaker.wait()
    assert engine.said[-1] == ("Hello.", "en-a")
    i18n.set_language("es")  # the player switches the game to Spanish
    for who in ("ana", "ben"):
        speaker.say(f"Hola, soy {who}.", who)
        assert speaker.wait()
    assert engine.said[-2:] == [("Hola, soy ana.", "es-a"), ("Hola, soy ben.", "es-b")]
    assert speaker.voice_for(READER) == "es-a"
    speaker.close()


def test_an_engine_with_no_voice_of_the_language_uses_what_it_has():
    engine = FakeEngine(voices=[Voice("fr", "Claire", ("fr",))])
    speaker, _state, _made = _speaker(engine)
    speaker.say("Bonjour.", "npc-1")
    assert speaker.wait()
    assert engine.said == [("Bonjour.", "fr")]
    speaker.close()


def test_an_engine_that_cannot_start_turns_voices_into_no_engine_found():
    def broken():
        raise RuntimeError("could not initialize espeak")

    speaker = Speaker(lambda: True, broken)
    assert speaker.found  # an injected engine is taken as there until it fails
    assert speaker.say("Hello.", "npc-1")
    for _ in range(200):
        if not speaker.found:
            break
        time.sleep(0.01)
    assert speaker.found is False and speaker.enabled is False
    assert speaker.say("Hello again.", "npc-1") is False
    speaker.close()


def test_the_engine_check_needs_pyttsx3(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert engine_installed() is False
    assert Speaker(lambda: True).found is False  # the default engine, without pyttsx3


def test_a_focused_control_is_read_by_its_label_value_and_reason():
    class Button:
        text = "Accept"
        is_enabled = False
        tool_tip_text = "Nothing on the table yet"

    class Picker:
        text = "Price"
        value_label = "40 coins"
        is_enabled = True

    assert spoken_label(Button()) == "Accept. not available: Nothing on the table yet"
    assert spoken_label(Picker()) == "Price. 40 coins"
    assert spoken_label(None) == ""


# ----------------------------------------------------------------------------- in the game
@pytest.fixture
def fake_speech():
    engine = FakeEngine()
    return engine


def _install(app, engine, found=True):
    app.speech = Speaker(lambda: bool(app.settings.voices), lambda: engine, found=lambda: found)
    return app.speech


def test_the_settings_switch_turns_voices_on_and_says_so(make_app, drive, fake_speech):
    app = make_app(profile="Ada")
    speaker = _install(app, fake_speech)
    app.navigator.to_settings()
    scene = app.stack.top
    assert isinstance(scene, SettingsScene)
    assert scene.button("voices").text == "Off"
    scene.focus_key("voices")
    drive.run(app, {0: [drive.key(pygame.K_RETURN)]})
    assert app.settings.voices is True
    assert app.store.get_profile("Ada")["settings"]["sound"]["voices"] is True
    assert scene.button("voices").text == "On"
    assert speaker.wait()
    assert fake_speech.said == [("Voices on.", "en-a")]
    drive.run(app, {0: [drive.key(pygame.K_RETURN)]})  # off again: nothing more is said
    assert app.settings.voices is False
    assert speaker.wait() and len(fake_speech.said) == 1


def test_without_an_engine_the_setting_says_so(make_app, drive, fake_speech):
    app = make_app(profile="Ada")
    _install(app, fake_speech, found=False)
    app.navigator.to_settings()
    scene = app.stack.top
    button = scene.button("voices")
    assert button.text == "Not available"
    assert not button.is_enabled
    note = dict((key, note) for key, _label, note in scene._rows())["voices"]
    assert note.startswith(NO_ENGINE)
    scene.focus_key("voices")
    drive.run(app, {0: [drive.key(pygame.K_RETURN)]})
    assert app.settings.voices is False and fake_speech.said == []


def test_the_table_speaks_npc_lines_and_f6_reads_the_focus_and_the_last_line(
    make_app, drive, fake_speech
):
    app = make_app(profile="Ada")
    app.update_settings(voices=True)
    speaker = _install(app, fake_speech)
    app.navigator.start_negotiation(load_level(resolve_level("tablet-deal")), seed=7)
    drive.settle(app)
    table = app.stack.top
    assert isinstance(table, TableScene)
    drive.run(app, frames=2)
    drive.run(app, {0: [drive.key(pygame.K_p)]})  # propose: the other side answers
    assert speaker.wait()
    npc_lines = [(text, voice) for text, voice in fake_speech.said]
    assert npc_lines, "the other side's answer was not spoken"
    last_text, last_who = speaker.last_line
    assert last_who in table.state.npc_ids()
    assert npc_lines[-1] == (last_text, speaker.voice_for(last_who))
    # F6: the focused control, then the last line, in the reader's voice.
    focused = spoken_label(table.focus.focused)
    drive.run(app, {0: [drive.key(pygame.K_F6)]})
    assert speaker.wait()
    text, voice = fake_speech.said[-1]
    assert text.endswith(last_text) and voice == speaker.voice_for(READER)
    assert not focused or text.startswith(focused)


def test_speak_line_without_a_speaker_does_nothing():
    speak_line({}, "Hello.", "npc-1")  # a scene made without the app's services
    speak_line(object(), "Hello.", "npc-1")


def test_the_engine_is_looked_for_off_the_games_thread():
    seen = []

    def check():
        seen.append(threading.current_thread().name)
        return True

    speaker = Speaker(lambda: False, lambda: None, found=check)
    speaker.check_in_background()
    assert speaker.found is True
    assert seen == ["voices-check"]
    assert speaker.found is True and len(seen) == 1  # checked once
