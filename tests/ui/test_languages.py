"""The translation layer: catalogues in step with the code, Spanish complete for what is
marked, numbers per language, the language a remembered per-profile setting, and screens
whose every shown word goes through the layer (checked with the marking pseudo-language)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest

from game import i18n
from game.store import RecordError
from game.store.profiles import apply_settings
from game.ui import fonts as fonts_module
from game.ui.scenes.campaign_map import CampaignMapScene
from game.ui.scenes.custom_levels import CustomLevelsScene
from game.ui.scenes.dialogs import ConfirmScene
from game.ui.scenes.pause import PauseScene
from game.ui.scenes.settings import SettingsScene

K = pygame
ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


# --------------------------------------------------------------------------- catalogues
def test_the_catalogues_are_in_step_with_the_code():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_every_marked_string_has_a_spanish_translation_with_the_same_placeholders():
    from babel.messages.pofile import read_po

    path = i18n.LOCALE_DIR / "es" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    with path.open("rb") as stream:
        catalog = read_po(stream, locale="es")
    messages = [m for m in catalog if m.id]
    assert len(messages) >= 60
    for message in messages:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = {name for text in ids for name in PLACEHOLDER.findall(text)}
        for form in forms:
            assert form, f"not translated: {message.id!r}"
            assert set(PLACEHOLDER.findall(form)) == wanted, message.id


def test_spanish_words_and_numbers():
    assert i18n.set_language("es") == "es"
    assert i18n.tr("Settings") == "Ajustes"
    assert i18n.tr("Keys: {screen}").format(screen="Ajustes") == "Teclas: Ajustes"
    assert i18n.number(1234.5, 1) == "1.234,5"
    assert i18n.percent(0.35) == "35\u00a0%"
    assert i18n.tr("a string no catalogue has") == "a string no catalogue has"
    i18n.set_language("en")
    assert i18n.tr("Settings") == "Settings"
    assert (i18n.number(1234.5, 1), i18n.percent(0.355, 1)) == ("1,234.5", "35.5%")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [({"LANG": "es_ES.UTF-8"}, "es"), ({"LANGUAGE": "fr:es"}, "es"), ({"LANG": "fr_FR"}, "en")],
)
def test_with_no_choice_the_systems_language_is_used_when_the_game_has_it(
    monkeypatch, environment, expected
):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(i18n.locale, "getlocale", lambda: (None, None))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert i18n.system_language() == expected
    assert i18n.set_language(None) == expected
    assert i18n.set_language("xx") == expected  # unknown: the system's


def test_the_store_keeps_a_language_code_and_refuses_anything_else():
    assert apply_settings({}, {"language": "es"})["language"] == "es"
    assert apply_settings({"language": "es"}, {"language": None})["language"] is None
    for bad in ("Spanish!", 7, "e"):
        with pytest.raises(RecordError, match="language"):
            apply_settings({}, {"language": bad})


# --------------------------------------------------------------------------- the setting
def test_the_language_setting_switches_every_screen_and_is_remembered(make_app, drive):
    app = make_app(profile="Ada")
    title = app.stack.top
    app.navigator.to_settings()
    scene = app.stack.top
    assert isinstance(scene, SettingsScene)
    assert scene.button("language").text == "English"
    scene.on_button("language")
    drive.run(app, frames=3)
    assert i18n.language() == "es"
    assert app.store.get_profile("Ada")["settings"]["language"] == "es"
    assert scene.button("language").text == "Español"
    assert scene.button("sound").text == "Sí" and scene.button("back").text == "Volver"
    app.close()
    # Opened again, the profile's language is used from the first frame.
    i18n.set_language("en")
    again = make_app(profile="Ada")
    assert i18n.language() == "es" and again.settings.language == "es"
    del title


# --------------------------------------------------------------------------- nothing bypasses
MARKED = re.compile("\u27e6[^\u27e7]*\u27e7")
ALLOWED = {*i18n.NAMES.values(), i18n.PSEUDO, "Common Ground", "Ada", "Ada (Esc)"}
"""Language names are shown in themselves, never translated; so are the game's name and the
players' names."""


def _bypassing(drawn: list[str], level_text: tuple[str, ...] = ()) -> list[str]:
    """Return the drawn strings with a word that did not go through the layer.

    ``level_text``: words that come from elsewhere (the level files, the player's name, the
    computer's folders), left out whole, as a wrapped or shortened line of one of them, or
    placed in a marked sentence."""
    known = sorted(level_text, key=len, reverse=True)

    def foreign(segment: str) -> bool:
        if segment.lstrip().startswith("\u27e6") and segment.rstrip().endswith("\u2026"):
            return False  # a marked word cut short where the line is shortened
        segment = segment.replace("\u27e6", "").replace("\u27e7", "").strip(" ·,.…:;-()")
        if not re.search(r"[A-Za-z]{2,}", segment) or any(segment in k for k in known):
            return False
        for k in known:
            segment = segment.replace(k, "")
        return bool(re.search(r"[A-Za-z]{2,}", segment))

    return [
        text
        for text in drawn
        if text not in ALLOWED
        and any(foreign(piece) for part in MARKED.split(text) for piece in part.split("; "))
    ]


def _campaign_text(app) -> tuple[str, ...]:
    """Return the campaign levels' own words (not the game's to translate)."""
    from game.ui.scenes.campaign_map import level_headline
    from game.ui.scenes.common import campaign_overview

    words = []
    for entry in campaign_overview(app.current_profile()).entries:
        headline = level_headline(entry)
        words += [entry.title, headline["summary"], *(t for _, t in headline["objectives"])]
    return (*(w for w in words if w), "Ada")  # and the player's name


@pytest.fixture
def drawn(monkeypatch):
    """Every string the game's fonts render from now on."""
    seen: list[str] = []
    original = fonts_module._SafeFont.render

    def render(self, text, *args, **kwargs):
        seen.append(str(text))
        return original(self, text, *args, **kwargs)

    monkeypatch.setattr(fonts_module._SafeFont, "render", render)
    return seen


def _settings_in_pseudo(make_app, drive):
    """Open the settings with the marking pseudo-language on (set after the app chose the
    profile's language, before anything of the settings was rendered: the title under it,
    not converted yet, is not drawn again while the settings cover it)."""
    app = make_app(profile="Ada")
    i18n.set_language(i18n.PSEUDO)
    app.navigator.to_settings()
    drive.run(app, frames=4)
    assert isinstance(app.stack.top, SettingsScene)
    return app


def test_the_settings_and_its_keys_page_show_only_words_that_went_through_the_layer(
    make_app, drive, drawn
):
    app = _settings_in_pseudo(make_app, drive)
    drive.run(app, {0: [drive.key(K.K_F1)]}, frames=4)
    assert app.stack.top.__class__.__name__ == "KeysPageScene"
    for word in ("Language", "Back", "Keys:", "Close", "switch", "Hints", "Sound"):
        assert any(f"\u27e6{word}" in text for text in drawn), word
    assert _bypassing(drawn) == []


@pytest.mark.parametrize(
    "factory",
    [
        pytest.param(lambda: PauseScene(level_title=""), id="pause"),
        pytest.param(lambda: ConfirmScene("", ""), id="confirm"),
    ],
)
def test_overlays_show_only_words_that_went_through_the_layer(make_app, drive, drawn, factory):
    app = _settings_in_pseudo(make_app, drive)
    before = len(drawn)
    app.stack.top.open(factory(), lambda _result: None)
    drive.run(app, frames=4)
    assert len(drawn) > before + 2
    assert _bypassing(drawn) == []


def _in_pseudo(make_app, drive, then=None, **app_options):
    """Start the app (the title on top), switch to the pseudo-language and lay the screens
    out again in it, run ``then(app)`` (open a screen or an overlay) and draw."""
    app = make_app(**app_options)
    i18n.set_language(i18n.PSEUDO)
    app.rebuild()
    if then is not None:
        then(app)
    drive.run(app, frames=4)
    return app


@pytest.mark.parametrize(
    ("profile", "opened"),
    [
        pytest.param(None, None, id="title-welcome"),
        pytest.param("Ada", None, id="title"),
        pytest.param("Ada", lambda t: t.on_button("new"), id="new-profile"),
        pytest.param("Ada", lambda t: t.on_button("rename"), id="rename"),
        pytest.param("Ada", lambda t: t.on_button("delete"), id="delete"),
        pytest.param("Ada", lambda t: t.on_back(), id="quit"),
        pytest.param("Ada", lambda t: t.open_keys_page(), id="keys"),
    ],
)
def test_the_title_and_what_it_opens_show_only_words_that_went_through_the_layer(
    make_app, drive, drawn, profile, opened
):
    if profile is None:
        app = _in_pseudo(make_app, drive)
    else:
        app = _in_pseudo(
            make_app,
            drive,
            (lambda a: opened(a.stack.top)) if opened else None,
            profile=profile,
        )
    assert any("\u27e6" in text for text in drawn)
    assert _bypassing(drawn) == []
    del app


def test_the_title_in_spanish(make_app, drive):
    app = make_app(profile="Ada", language="es")
    drive.run(app, frames=3)
    title = app.stack.top
    assert title.button("campaign").text == "Mapa de la campaña"
    assert title.button("delete").text == "Borrar"
    assert ("heading", "Hola, Ada") in title._summary_lines()
    assert re.match(r"0 de \d+ estrellas · 0 XP · 0 insignias$", title._summary_lines()[1][1])
    title.on_button("delete")
    drive.run(app, frames=3)
    assert app.stack.top.title == "¿Borrar el perfil de Ada?"


@pytest.mark.parametrize("text_scale", [100, 200])
def test_the_campaign_map_shows_only_words_that_went_through_the_layer(
    make_app, drive, drawn, text_scale
):
    app = _in_pseudo(
        make_app, drive, lambda a: a.navigator.to_campaign(), profile="Ada", text_scale=text_scale
    )
    scene = app.stack.top
    assert isinstance(scene, CampaignMapScene)
    for row in scene.levels.rows[:6]:  # a locked level's details, and the next one's
        scene._on_select(row)
        drive.run(app, frames=2)
    drive.run(app, {0: [drive.key(K.K_F1)]}, frames=4)
    for word in ("Campaign", "Chapter", "Locked:", "Read", "Badges:", "Objectives", "pick"):
        assert any(f"\u27e6{word}" in text for text in drawn), word
    assert _bypassing(drawn, _campaign_text(app)) == []


def test_the_campaign_map_in_spanish(make_app, drive):
    app = make_app(profile="Ada", language="es")
    app.navigator.to_campaign()
    drive.run(app, frames=3)
    scene = app.stack.top
    rows = scene.levels.rows
    assert rows[0].title == "Capítulo 1: El pastel fijo"
    assert rows[1].detail == "Lo siguiente"
    assert rows[3].detail.startswith("Bloqueado: antes consigue una estrella en ")
    assert scene.button("open").text == "Leer la presentación"
    assert scene.button("back").text == "Volver al inicio"


def _wait_for_checks(app, drive, scene):
    deadline = time.monotonic() + 20
    while scene.checking and time.monotonic() < deadline:
        drive.run(app, frames=2)
        time.sleep(0.01)
    drive.run(app, frames=2)
    assert not scene.checking


def _custom_levels_in_pseudo(make_app, drive, levels_dirs=(), text_scale=100):
    app = _in_pseudo(
        make_app,
        drive,
        lambda a: a.navigator.to_custom_levels(),
        profile="Ada",
        levels_dirs=levels_dirs,
        text_scale=text_scale,
    )
    scene = app.stack.top
    assert isinstance(scene, CustomLevelsScene)
    _wait_for_checks(app, drive, scene)
    return app, scene


def _level_file_text(scene) -> tuple[str, ...]:
    """The words the level files and folders bring (not the game's to translate)."""
    words = [*(str(f) for f in scene.folders), "Ada"]
    for path, result in scene.results.items():
        words += [str(path), path.name]
        if result.level is not None:
            model = result.level.model
            words += [model.title, model.summary, ", ".join(i.name for i in model.issues)]
            words.append(", ".join(f"{n.name} ({n.role})" for n in model.npcs))
    return tuple(words)


@pytest.mark.parametrize("text_scale", [100, 200])
def test_custom_levels_show_only_words_that_went_through_the_layer(
    make_app, drive, drawn, tmp_path, text_scale
):
    import shutil

    from game.levels.catalog import resolve_level

    shutil.copy(resolve_level("market-stall"), tmp_path / "bowl.json")
    app, scene = _custom_levels_in_pseudo(make_app, drive, [tmp_path], text_scale)
    scene.files_list.select_key(str(tmp_path / "bowl.json"))
    drive.run(app, frames=3)
    scene.on_button("hand_in")  # not in a class: says why, opens nothing
    drive.run(app, {0: [drive.key(K.K_F1)]}, frames=4)
    for word in ("Custom", "Across", "possible", "Ready", "Hand", "Looking", "pick"):
        assert any(f"\u27e6{word}" in text for text in drawn), word
    assert _bypassing(drawn, _level_file_text(scene)) == []


def test_custom_levels_with_no_files_show_only_words_that_went_through_the_layer(
    make_app, drive, drawn
):
    app, scene = _custom_levels_in_pseudo(make_app, drive)
    assert any("\u27e6No\u27e7 \u27e6level\u27e7" in text for text in drawn)
    assert _bypassing(drawn, _level_file_text(scene)) == []


def test_custom_levels_in_spanish(make_app, drive, tmp_path):
    import shutil

    from game.levels.catalog import resolve_level

    shutil.copy(resolve_level("market-stall"), tmp_path / "bowl.json")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    app = make_app(profile="Ada", language="es", levels_dirs=[tmp_path])
    app.navigator.to_custom_levels()
    scene = app.stack.top
    _wait_for_checks(app, drive, scene)
    assert scene.status_text() == "Se pueden jugar 1 de 2 archivos."
    details = {row.key: row.detail for row in scene.files_list.rows}
    assert details[str(tmp_path / "bowl.json")] == "Válido · bowl.json"
    assert re.fullmatch(
        r"\d+ problemas?: no se puede jugar", details[str(tmp_path / "broken.json")]
    )
    assert scene.button("hand_in").text == "Entregar resultados"


def _chooser_text(chooser) -> tuple[str, ...]:
    """The names of the places, folders and files a chooser shows (the computer's words)."""
    from game.ui.file_places import folder_entries

    words = [str(chooser.folder), chooser.folder.name, chooser.folder.parent.name, "..", "Ada"]
    words += [str(chooser.folder.parent)]
    for place in chooser.place_list():
        words += [place.label, str(place.path)]
    for entry in folder_entries(chooser.folder, chooser.suffixes):
        words += [entry.name + ("/" if entry.is_folder else ""), str(entry.path)]
    return tuple(w for w in words if w)


@pytest.mark.parametrize("then", ["browse", "type", "keys"])
def test_the_file_chooser_shows_only_words_that_went_through_the_layer(
    make_app, drive, drawn, tmp_path, then
):
    from game.ui.scenes.file_chooser import FileChooserScene

    (tmp_path / "sub").mkdir()
    (tmp_path / "class.cgpack").write_text("not a pack", encoding="utf-8")
    app = _in_pseudo(make_app, drive, lambda a: a.stack.top.on_button("join"), profile="Ada")
    chooser = app.stack.top
    assert isinstance(chooser, FileChooserScene)
    first = _chooser_text(chooser)  # where it opened (home, with whatever is in it)
    chooser.go(tmp_path)
    drive.run(app, frames=3)
    if then == "type":
        chooser.on_button("type")
    elif then == "keys":
        chooser.open_keys_page()
    else:
        chooser.entries_list.select_key(str(tmp_path / "class.cgpack"))
    drive.run(app, frames=4)
    for word in ("Folder:", "Places", "Cancel"):
        assert any(f"\u27e6{word}" in text for text in drawn), word
    assert _bypassing(drawn, first + _chooser_text(chooser)) == []


def test_the_file_chooser_in_spanish(make_app, drive, tmp_path):
    from game.ui.scenes.file_chooser import FileChooserScene

    app = make_app(profile="Ada", language="es")
    chooser = FileChooserScene("Entrega", mode="folder", start=tmp_path)
    app.stack.top.open(chooser, lambda _path: None)
    drive.run(app, frames=3)
    assert [chooser.button(k).text for k in ("back", "up", "type", "open")] == [
        "Cancelar",
        "Subir una carpeta",
        "Escribir una ruta…",
        "Guardar aquí",
    ]
    assert chooser.entries_rows()[0].detail.startswith("subir a ")
    assert chooser.place_rows()[0].title == "Lugares"


def _played(level_id, bot, seed=0):
    from game.campaign.scoring import score_record
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.levels.setup import start_match
    from game.npc.bots import make_bot, play

    level = load_level(resolve_level(level_id))
    match = start_match(level, seed=seed)
    play(match, make_bot(bot, match, seed))
    record = match.record()
    return level, record, score_record(level, record)


def _debrief_campaign_text(scene) -> tuple[str, ...]:
    """The words a debrief shows that come from the level itself (its title, notes, people,
    objectives, grievances, interests, and packages said in its issues and options), the
    player's name and the badges' titles."""
    from game.campaign.objectives import star_objectives
    from game.ui.scenes import debrief

    level, record = scene.level, scene.record
    words = [level.model.title, level.model.debrief_notes, *level.model.teaching_points, "Ada"]
    words += [p.name for p in level.negotiation.parties]
    model = level.model
    words += [o.text.strip().rstrip(".") for o in star_objectives(level)]
    words += [g.text for g in model.player.grievances]
    words += [f"{e.title}: {e.text}" for e in model.evidence] + [e.title for e in model.evidence]
    for npc in model.npcs:
        words += [g.text for g in npc.grievances]
        words += [t for i in npc.interests for t in (i.fact, i.question, i.says)]
    words += [issue.name for issue in model.issues]
    for step in scene.steps:
        words.append(debrief._describe_offer(level, step.get("offer")))
    words.append(debrief._describe_offer(level, record.outcome))
    nash = (record.analytics or {}).get("nash") or {}
    words.append(debrief._describe_offer(level, nash.get("outcome")))
    words += [t for pair in debrief.BADGE_TITLES.values() for t in pair]
    return tuple(w for w in words if w)


@pytest.mark.parametrize("text_scale", [100, 200])
def test_the_debrief_shows_only_words_that_went_through_the_layer(
    make_app, drive, drawn, text_scale
):
    from game.ui.scenes.debrief import DebriefScene

    level, record, score = _played("two-forks", "grudge")
    holder = []

    def push(app):
        holder.append(DebriefScene(level, record, score))
        app.stack.push(holder[0])

    app = _in_pseudo(make_app, drive, push, profile="Ada", text_scale=text_scale)
    scene = holder[0]
    assert app.stack.top is scene
    drive.run(app, {0: [drive.key(K.K_1)]}, frames=3)  # a point: the replay caption
    scene.focus_key("timeline")
    drive.run(app, {0: [drive.key(K.K_RIGHT)]}, frames=3)  # a move's reason
    scene.page.scroll_to(10**6)  # the page's end: rewards
    drive.run(app, frames=3)
    scene.open_keys_page()
    drive.run(app, frames=3)
    for word in ("Debrief:", "Objectives", "Replay", "Point", "Trust", "Your", "jump"):
        assert any(f"\u27e6{word}" in text for text in drawn), word
    bad = _bypassing(drawn, _debrief_campaign_text(scene))
    assert bad == [], "\n".join(bad)


def _spanish_debrief(make_app, drive, bot: str, seed: int):
    """Return the debrief of a market-stall match played by ``bot``, drawn in Spanish."""
    from game.ui.scenes.debrief import DebriefScene

    level, record, score = _played("market-stall", bot, seed=seed)
    app = make_app(profile="Ada", language="es")
    scene = DebriefScene(level, record, score)
    app.stack.push(scene)
    drive.run(app, frames=3)
    return scene


def test_the_debrief_in_spanish(make_app, drive):
    scene = _spanish_debrief(make_app, drive, "haggler", seed=3)
    assert scene.heading == "Repaso: El cuenco azul"  # the level's own Spanish title
    assert [scene.button(k).text for k in ("replay", "again", "continue")] == [
        "Repetir desde el inicio",
        "Jugar otra vez",
        "Continuar",
    ]
    text = "\n".join(scene.text_lines())
    assert "El acuerdo" in text and "Recompensas" in text
    assert re.search(r"\d de 3 estrellas\. \d de \d objetivos? cumplidos?\.", text)
    assert re.search(r"\d,\d\d \(MAAN \d,\d\d\)", text)  # a decimal comma
    scene.set_step(1)
    assert scene.replay_caption().startswith("Oferta 1 de ")


def test_the_loading_card_shows_only_words_that_went_through_the_layer(make_app, drive, drawn):
    import threading

    from game.ui.loading import SHOW_AFTER_S, BackgroundWorker, LoadingScene, run_loading

    app = _in_pseudo(make_app, drive, profile="Ada")
    gate = threading.Event()
    run_loading(
        app.stack,
        BackgroundWorker(),
        lambda: gate.wait(10),
        message=i18n.tr("Setting the table\u2026"),
        then=lambda _result: None,
        failed=lambda _error: None,
    )
    card = app.stack.top
    assert isinstance(card, LoadingScene)
    app.stack.update(SHOW_AFTER_S + 0.01)
    app.stack.draw(pygame.Surface(app.stack.size))
    gate.set()
    assert any("\u27e6Esc:\u27e7" in text for text in drawn)
    assert any("\u27e6Setting\u27e7" in text for text in drawn)
    assert _bypassing(drawn) == []


def test_the_loading_words_in_spanish(make_app, monkeypatch):
    from game.levels.catalog import resolve_level

    app = make_app(profile="Ada", language="es")
    said = []
    monkeypatch.setattr(app.navigator, "_load", lambda work, words, *rest: said.append(words))
    app.navigator.open_level_file(resolve_level("market-stall"), "The Blue Bowl")
    app.navigator.open_level_file(resolve_level("market-stall"))
    assert said == ["Abriendo The Blue Bowl\u2026", "Abriendo el nivel\u2026"]


def test_the_table_widgets_words_in_spanish():
    from game.ui.widgets.gauge import verdict
    from game.ui.widgets.move_menu import MOVES, reason_text
    from game.ui.widgets.party_strip import STANCE_WORDS, coalitions

    i18n.set_language("es")
    assert verdict(0.4, 0.5).words == "supera tu MAAN (0,40) por 0,10"
    assert verdict(0.4, low=0.1, high=0.9).words.startswith("puede superar tu MAAN (0,40)")
    assert reason_text("it is their turn.") == "Ahora no: it is their turn."
    assert coalitions({"a": "supports", "b": "left"}, {"a": "Rao", "b": "Mia"}) == [
        "A favor, juntos: Rao",
        "Se fueron de la mesa: Mia",
    ]
    assert i18n.tr(STANCE_WORDS["opposes"]) == "en contra"
    walk = next(spec for spec in MOVES if spec.key == "walk")
    assert i18n.tr(walk.label) == "Levantarse de la mesa\u2026"
    for spec in MOVES:  # every move's words are in the catalogue
        for words in (spec.label, spec.description, spec.short):
            assert not words or i18n.tr(words) != words, words


def _briefing_level_text(level) -> tuple[str, ...]:
    """The level's own words on its briefing (and game/campaign's zone hint, not converted)."""
    from game.campaign.hints import zone_hint
    from game.campaign.objectives import star_objectives
    from game.ui.scenes import briefing

    model = level.model
    player = model.player
    words = [model.title, model.briefing, player.role, player.batna, *player.knows, "Ada"]
    words += [briefing._issue_line(issue) for issue in model.issues]
    words += [issue.name for issue in model.issues]
    goals = [o.text.strip().rstrip(".") for o in star_objectives(level)]
    words += goals + [g[:1].lower() + g[1:] for g in goals]  # mid-sentence after a ";"
    words += [g.text for g in player.grievances]
    words += [f"{e.title}: {e.text}" for e in model.evidence]
    for npc in model.npcs:
        words += [npc.name, npc.role, npc.bio]
    words.append(zone_hint(level))
    return tuple(w for w in words if w)


@pytest.mark.parametrize("text_scale", [100, 200])
def test_the_briefing_shows_only_words_that_went_through_the_layer(
    make_app, drive, drawn, text_scale
):
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.ui.scenes.briefing import BriefingScene

    level = load_level(resolve_level("market-stall"))
    app = _in_pseudo(
        make_app,
        drive,
        lambda a: a.navigator.to_briefing(level),
        profile="Ada",
        text_scale=text_scale,
    )
    scene = app.stack.top
    assert isinstance(scene, BriefingScene)
    scene.page.scroll_to(10**6)
    drive.run(app, frames=3)
    scene.open_keys_page()
    drive.run(app, frames=3)
    for word in ("Chapter", "story", "Time:", "Start", "Across", "Objectives", "sit"):
        assert any(f"\u27e6{word}" in text for text in drawn), word
    bad = _bypassing(drawn, _briefing_level_text(level))
    assert bad == [], "\n".join(bad)


def test_the_briefing_in_spanish(make_app):
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level

    app = make_app(profile="Ada", language="es")
    level = load_level(resolve_level("market-stall"))
    app.navigator.to_briefing(level)
    scene = app.stack.top
    lines = scene.text_lines()
    text = " ".join(lines)
    assert "Capítulo 1: El pastel fijo" in lines  # the kind is not said twice
    from game.levels.text import level_text

    assert f"Si no hay acuerdo: {level_text(level.model).player.batna}" in lines
    assert level_text(level.model).player.batna != level.model.player.batna  # in Spanish
    assert re.search(r"Tiempo: \d+ rondas\. (Tú haces|\w+ hace) la primera oferta\.", text)
    assert scene.button("start").text == "Empezar la negociación"


def test_the_check_catches_a_word_that_bypasses_the_layer():
    assert _bypassing(["\u27e6Resume\u27e7 \u27e6(Esc)\u27e7", "Quit", "100 %", "English"]) == [
        "Quit"
    ]


# --------------------------------------------------------------------------- the table
TABLE_KEY_NAMES = ("Esc",)
"""Key names a button shows beside its label, the same in every language."""


def _table_level_text(table) -> tuple[str, ...]:
    """The words a table shows that are not the game's to translate: the level's own text,
    the offers described in the level's terms, and what the characters say (game/npc, and
    the levels' lines), with the reasons they give for trust and rapport."""
    from game.levels.text import level_text, npc_text

    state = table.scene.state
    model = level_text(state.level.model)
    words: list[str] = [model.title, *TABLE_KEY_NAMES]
    words += [issue.name for issue in model.issues]
    for npc_id in state.npc_ids():
        npc = npc_text(state.level.model, state.level.npc(npc_id))
        words += [npc.name, f"{npc.name}: ", npc.role]
    words += [text for speaker, text, kind, _ in state.entries if kind != "player"]
    words += [reason for pair in state.reasons.values() for reason in pair]
    words += [package.words for package in state.view.packages]
    return tuple(w for w in words if w)


@pytest.mark.parametrize("text_scale", [1.0, 2.0])
def test_the_table_shows_only_words_that_went_through_the_layer(display, drawn, text_scale):
    from .table_harness import make_table

    i18n.set_language(i18n.PSEUDO)
    table = make_table("market-stall", text_scale=text_scale)
    table.frames(3)
    table.keys("p")  # a proposal: the player's words, the answer, trust and rapport
    table.frames(3)
    table.key(pygame.K_F1)  # the page of keys and moves
    table.frames(3)
    for word in ("Round", "Trust", "Keys", "Moves", "Reading"):
        assert any(f"\u27e6{word}" in text for text in drawn), word
    assert any(text.startswith("\u27e6I\u27e7 \u27e6propose:\u27e7") for text in drawn)
    bad = _bypassing(drawn, _table_level_text(table))
    assert bad == [], "\n".join(bad)


def test_the_table_in_spanish(display):
    from game.engine import PLAYER, Move, MoveKind, Status
    from game.ui.table.words import outcome_title, player_line

    from .table_harness import make_table

    i18n.set_language("es")
    table = make_table("market-stall")
    table.frames(2)
    scene = table.scene
    assert scene.controls.propose_button.text == "Proponer"
    assert scene.controls.table_gauge.caption == "Lo que vale para ti"
    assert re.match(r"Ronda 1 de \d+ · quedan \d+ rondas · ", scene.state.view.round_text)
    assert player_line(Move(MoveKind.ASK_PRIORITIES, PLAYER)) == (
        "¿Qué es lo que más te importa en esto?"
    )
    assert player_line(
        Move(MoveKind.ASK_PRIORITIES, PLAYER, target="rosa"),
        party_names={"rosa": "Rosa"},
        multiparty=True,
    ) == ("Rosa, ¿qué es lo que más te importa en esto?")
    assert outcome_title(Status.AGREED, None, PLAYER, {}) == "Acuerdo cerrado"
    table.keys("p")
    table.frames(2)
    said = [text for speaker, text, kind, _ in scene.state.entries if kind == "player"]
    assert said and said[0].startswith("Propongo: ")


# --------------------------------------------------------------------------- role-play
def test_a_role_play_turn_shows_only_words_that_went_through_the_layer(make_app, drive, drawn):
    from game.engine import PLAYER
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.ui.scenes.roleplay import RolePlay
    from game.ui.scenes.roleplay_turn import RolePlayTurnScene

    level = load_level(resolve_level("tablet-deal"))
    play = RolePlay(level, {PLAYER: "Ana", "nova": "Sam"}, seed=5)
    play.briefed = {PLAYER, "nova"}
    app = make_app(profile="Ana")
    i18n.set_language(i18n.PSEUDO)
    turn = RolePlayTurnScene(play, "nova")
    app.stack.push(turn)
    drive.run(app, frames=4)
    for word in ("Round", "Make", "Questions", "Your", "Nothing"):
        assert any(f"\u27e6{word}" in text for text in drawn), word
    # the level's own words and the players' names
    brief = turn.view.brief
    words = [level.model.title, "Ana", "Sam", brief.character, brief.role]
    words += [issue.name for issue in level.negotiation.space.issues]
    bad = _bypassing(drawn, tuple(w for w in words if w))
    assert bad == [], "\n".join(bad)


def test_a_role_play_turn_in_spanish(make_app, drive):
    from game.engine import PLAYER
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.ui.scenes.roleplay import RolePlay
    from game.ui.scenes.roleplay_turn import RolePlayTurnScene

    level = load_level(resolve_level("tablet-deal"))
    play = RolePlay(level, {PLAYER: "Ana", "nova": "Sam"}, seed=5)
    play.briefed = {PLAYER, "nova"}
    app = make_app(profile="Ana", language="es")
    turn = RolePlayTurnScene(play, "nova")
    app.stack.push(turn)
    drive.run(app, frames=3)
    assert turn.heading.startswith("Turno de Sam como ")
    assert re.match(r"Ronda 1 de \d+ · \d+ jugadas de conversación disponibles", turn.status_line())
    assert turn.move_reason("complete") == "No hay ninguna propuesta de Ana que completar"


# --------------------------------------------------------------------------- reasons
# Why a move cannot be made now (game/engine, game/npc, game/roleplay) and the characters'
# reasons for trust and rapport: written in English (records keep it), shown translated.
def _table_own_text(table) -> tuple[str, ...]:
    """The words a table shows that are not the game's to translate: the level's own text,
    the offers in the level's terms and what the characters say -- not the reasons (the
    refusals in the menu and the help page, the trust and rapport reasons)."""
    from game.levels.text import level_text, npc_text

    state = table.scene.state
    model = level_text(state.level.model)
    words: list[str] = [model.title, *TABLE_KEY_NAMES]
    words += [issue.name for issue in model.issues]
    for npc_id in state.npc_ids():
        npc = npc_text(state.level.model, state.level.npc(npc_id))
        words += [npc.name, f"{npc.name}: ", npc.role]
    words += [text for speaker, text, kind, _ in state.entries if kind == "npc"]
    words += [package.words for package in state.view.packages]
    return tuple(w for w in words if w)


def test_a_refused_move_and_the_trust_reasons_show_only_words_that_went_through_the_layer(
    display, drawn
):
    from game.engine import MoveKind

    from .table_harness import make_table

    i18n.set_language(i18n.PSEUDO)
    table = make_table("market-stall")
    table.frames(2)
    scene = table.scene
    table.keys("p")  # a proposal: trust and rapport move, each with its reason
    table.frames(3)
    assert any(reason for pair in scene.state.reasons.values() for reason in pair)
    for _ in range(4):  # the round's talk used up: the fourth question is refused
        table.keys("q")
    table.frames(3)
    assert scene.state.match.legal_player_moves()[MoveKind.ASK_PRIORITIES] is not None
    toast = scene.overlay.toast[0]
    assert "\u27e6talked\u27e7" in toast and "\u27e6respond\u27e7" in toast
    tip = scene.controls.menu.buttons["ask_priorities"].tool_tip_text
    assert tip.startswith("\u27e6Not\u27e7 \u27e6now:\u27e7") and "\u27e6talked\u27e7" in tip
    table.key(pygame.K_F1)  # the help page: every move's reason
    table.frames(3)
    trust, rapport = next(iter(scene.state.reasons.values()))
    for reason in (trust, rapport):
        assert not reason or "\u27e6" in reason, reason
    assert any("\u27e6talked\u27e7" in text for text in drawn)
    bad = _bypassing(drawn, _table_own_text(table))
    assert bad == [], "\n".join(bad)


def test_every_reason_template_goes_through_the_layer():
    from game.engine import MoveKind
    from game.npc.refusals import REFUSALS
    from game.npc.relationship import REASON_WORDS, RULES
    from game.roleplay.hotseat import REFUSALS as ROLE_PLAY
    from game.ui.reasons import (
        MOVE_KIND_WORDS,
        change_reason_words,
        move_kind_words,
        refusal_words,
    )

    i18n.set_language(i18n.PSEUDO)

    def filled(template: str) -> str:
        return PLACEHOLDER.sub("x", template)

    for template in (*REFUSALS, *ROLE_PLAY):
        shown = refusal_words(filled(template))
        assert shown.startswith("\u27e6") or shown.startswith("x"), template
        assert not _bypassing([shown], ("x",)), (template, shown)
    for rule in RULES.values():
        reason = rule.reason.replace("{when}", "").replace("{times}", "2")
        shown = change_reason_words(filled(reason))
        assert not _bypassing([shown], ("x",)), (rule.reason, shown)
    again = RULES["said_again"].reason
    for words in REASON_WORDS:
        said = filled(words).strip()
        shown = change_reason_words(again.format(words=said[:1].upper() + said[1:]))
        assert not _bypassing([shown], ("x",)), shown
    assert set(MOVE_KIND_WORDS) == set(MoveKind)
    assert all(move_kind_words(kind).startswith("\u27e6") for kind in MoveKind)


def test_reasons_in_spanish_also_from_records_saved_in_english():
    from game.ui.reasons import (
        change_reason_words,
        move_kind_words,
        refusal_words,
        remembered_words,
    )
    from game.ui.widgets.move_menu import reason_text

    i18n.set_language("es")
    assert reason_text("it is not your turn") == "Ahora no: no es tu turno."
    assert refusal_words("you have talked 3 times this round: make an offer or respond") == (
        "ya has hablado 3 veces en esta ronda: haz una oferta o responde"
    )
    assert refusal_words("it is Ben's turn") == "es el turno de Ben"
    assert refusal_words("ask mediator is not a move between people") == (
        "«pedir ayuda al mediador» no es una jugada entre personas"
    )
    assert refusal_words("the mediator can be asked from round 3") == (
        "puedes pedir ayuda al mediador a partir de la ronda 3"
    )
    # a reason already shown translated, or one no template makes, stays as it is
    assert refusal_words("todavía no hay ninguna oferta") == "todavía no hay ninguna oferta"
    assert refusal_words("a reason of another version") == "a reason of another version"
    # The characters' reasons, as a saved record or memory keeps them (English).
    assert change_reason_words("you moved toward me") == "te acercaste a mi postura"
    assert (
        change_reason_words(
            "You were warm again: it counts for less each time (2 times in this meeting)"
        )
        == "Fuiste cordial otra vez: cada vez cuenta menos (2 veces en esta reunión)"
    )
    assert change_reason_words(
        "you asked me again why the price matters, and nothing has changed since: my answer"
        " is the same",
        {"the price": "«Precio»"},
    ) == (
        "me volviste a preguntar por qué importa «Precio», y nada ha cambiado desde entonces:"
        " mi respuesta es la misma"
    )
    assert (
        change_reason_words(
            "you never returned the favour I did you on the price last time (market-stall)",
            {"the price": "«Precio»"},
        )
        == "nunca me devolviste el favor que te hice con «Precio» la última vez (El cuenco azul)"
    )
    assert (
        change_reason_words(
            "you acknowledged what happened: Last time you squeezed almost everything out of me."
        )
        == "reconociste lo que pasó: La última vez me sacaste casi todo."
    )
    assert move_kind_words("raise_grievance") == "sacar un agravio"
    # An issue a reason names in English ("the salary") is shown as the level names it now.
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.ui.reasons import issue_words

    shown = issue_words(load_level(resolve_level("job-offer")).model)
    assert shown["the salary"] == "«Sueldo»"
    assert change_reason_words("you gave ground on the salary as a favour", shown) == (
        "cediste en «Sueldo» como favor"
    )
    # what a character remembers of the last meeting (its memory keeps the English)
    assert remembered_words("Word is you bluff about offers you don't have.") == (
        "Se comenta que te tiras faroles con ofertas que no tienes."
    )
    assert remembered_words("A level's own grievance.") == "A level's own grievance."
    assert move_kind_words("a_kind_from_later") == "a kind from later"
    i18n.set_language("en")
    assert change_reason_words("you moved toward me") == "you moved toward me"
    assert move_kind_words("offer") == "make an offer"


def test_the_table_refuses_and_explains_trust_in_spanish(display):
    from .table_harness import make_table

    i18n.set_language("es")
    table = make_table("market-stall")
    table.frames(2)
    scene = table.scene
    table.keys("p")
    table.frames(2)
    english = {r for _, _, _, r in scene.state.match.record().timeline[-1].get("changes", [])}
    shown = [reason for pair in scene.state.reasons.values() for reason in pair if reason]
    assert shown and not any(reason.strip("\u201c\u201d") in english for reason in shown)
    logged = [text for _, text, kind, _ in scene.state.entries if kind == "system"]
    assert any("confianza" in line or "sintonía" in line for line in logged)
    for _ in range(4):
        table.keys("q")
    assert scene.overlay.toast[0] == (
        "Ahora no: ya has hablado 3 veces en esta ronda: haz una oferta o responde."
    )


def test_the_debrief_timeline_names_moves_and_reasons_in_spanish():
    from game.ui.scenes.debrief import timeline_points

    level, record, _ = _played("two-forks", "reconciler")
    npc = level.party_npcs[0].id
    english = timeline_points(record, npc, {"player": "You"})
    i18n.set_language("es")
    from game.ui.reasons import issue_words

    points = timeline_points(record, npc, {"player": "Tú"}, issue_words(level.model))
    assert points[0].label == "Inicio"
    labels = [p.label for p in points[1:-1]]
    assert any(re.match(r"Ronda \d+: Tú - (pedir perdón|reconocer un agravio)", x) for x in labels)
    reasons = [(e.reason, p.reason) for e, p in zip(english, points, strict=True) if e.reason]
    assert reasons and all(shown != said for said, shown in reasons)
    assert all(re.search(r"[áéíóúñ]|\b(tu|me|te|lo)\b", shown) for _, shown in reasons)


def _joint_debrief_with_untruths():
    from game.engine import PLAYER, Move, MoveKind, Offer
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.roleplay.debrief import joint_debrief
    from game.ui.scenes.roleplay import RolePlay

    level = load_level(resolve_level("tablet-deal"))
    play = RolePlay(level, {PLAYER: "Ana", "nova": "Sam"}, seed=5)
    match = play.match
    weights = match.briefs[PLAYER].weights
    play_move = match.play
    space = level.negotiation.space

    def best(party):
        prefs = level.negotiation.party(party).preferences
        return Offer({i.id: prefs.best_value(i.id) for i in space.issues})

    assert play_move(Move(MoveKind.ASK_PRIORITIES, "nova")).ok
    assert play_move(Move(MoveKind.OFFER, "nova", offer=best("nova"))).ok
    (question,) = match.open_questions(PLAYER)
    lied = {k: 1 - v for k, v in weights.items()}
    assert play_move(
        Move(MoveKind.STATE_PRIORITIES, PLAYER, priorities=lied, meta={"answers": question.index})
    ).ok
    assert play_move(Move(MoveKind.CLAIM, PLAYER, claim=95)).ok
    assert play_move(Move(MoveKind.OFFER, PLAYER, offer=best(PLAYER))).ok
    assert play_move(Move(MoveKind.ACCEPT, "nova")).ok
    debrief = joint_debrief(match)
    assert len(debrief.untruths) == 2
    return level, play, debrief


def test_the_joint_debrief_shows_only_words_that_went_through_the_layer(make_app, drive, drawn):
    from game.ui.scenes.roleplay_debrief import RolePlayDebriefScene, joint_blocks

    level, play, debrief = _joint_debrief_with_untruths()
    app = make_app(profile="Ana")
    i18n.set_language(i18n.PSEUDO)
    scene = RolePlayDebriefScene(play, debrief)
    app.stack.push(scene)
    drive.run(app, frames=3)
    for step in range(1, 40):
        scene.page.scroll_to(step * 150)
        drive.run(app, frames=1)
    page = scene.text_lines()
    items = [text for block in joint_blocks(play, debrief) for text in getattr(block, "items", ())]
    said = [line for line in items if "\u27e6Round\u27e7" in line and "\u27e6said\u27e7" in line]
    assert len(said) == 2, items
    assert any("\u27e6alternative\u27e7" in line and "\u27e6points\u27e7" in line for line in said)
    assert any("\u27e6mattered\u27e7 \u27e6most\u27e7" in line for line in said)
    # The level's own words, the players' names, the deal in the level's terms and the
    # findings of game/campaign's diagnosis (converted with game/campaign).
    words = [level.model.title, "Ana", "Sam", debrief.deal_words]
    words += [issue.name for issue in level.negotiation.space.issues]
    for side in debrief.sides.values():
        words += [side.character, side.role, side.batna, f"{side.name} ({side.role})"]
        words += [f"{side.name} ({side.character}, {side.role})"]
        words += [f"{f.title}: {f.text}" for f in side.findings]
    shown = [text.removeprefix("\u2022 ") for text in (*drawn, *page)]  # a bullet's mark
    bad = _bypassing(shown, tuple(w for w in words if w))
    assert bad == [], "\n".join(bad)


def test_the_joint_debrief_untruths_and_a_role_play_refusal_in_spanish(make_app, drive):
    from game.engine import PLAYER, Move, MoveKind
    from game.ui.scenes.roleplay_debrief import joint_blocks
    from game.ui.scenes.roleplay_turn import RolePlayTurnScene

    level, play, debrief = _joint_debrief_with_untruths()
    i18n.set_language("es")
    lines = [
        text
        for block in joint_blocks(play, debrief)
        for text in getattr(block, "items", ())
        if text.startswith("Ronda ")
    ]
    assert any(
        re.fullmatch(
            r"Ronda \d+: Ana dijo «mi alternativa vale 95 puntos»; en realidad, valía \d+\.", x
        )
        for x in lines
    ), lines
    assert any(
        re.fullmatch(
            r"Ronda \d+: Ana dijo «lo que más importa es .+»; en realidad, lo que más importaba"
            r" era .+ \(\d+\u00a0%\); .+, solo un \d+\u00a0%\.",
            x,
        )
        for x in lines
    ), lines
    # A move the other person's turn does not allow, refused in Spanish.
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.ui.scenes.roleplay import RolePlay

    fresh = RolePlay(
        load_level(resolve_level("tablet-deal")), {PLAYER: "Ana", "nova": "Sam"}, seed=5
    )
    played = fresh.match.play(Move(MoveKind.ASK_PRIORITIES, PLAYER))
    assert not played.ok
    from game.ui.reasons import refusal_words

    assert refusal_words(played.reason) in ("es el turno de Sam", "es el turno de Ana")
    fresh.briefed = {PLAYER, "nova"}
    app = make_app(profile="Ana", language="es")
    turn = RolePlayTurnScene(fresh, fresh.match.to_move)
    app.stack.push(turn)
    drive.run(app, frames=2)
    turn.note = "x" * 300
    turn.send(Move(MoveKind.ASK_PRIORITIES, fresh.match.to_move))
    drive.run(app, frames=2)
    assert turn.banner is not None
    assert turn.banner.message.text == "Ahora no: una nota puede tener como mucho 280 caracteres."


def test_the_notes_on_a_claim_go_through_the_layer_and_read_in_spanish(display, drawn):
    from game.ui.reasons import claim_note_words

    from .table_harness import make_table

    i18n.set_language(i18n.PSEUDO)
    table = make_table("print-run")  # Viktor claims another offer from the start
    table.frames(3)
    (note,) = table.scene.state.view.notes
    assert "\u27e6claims\u27e7 \u27e6another\u27e7 \u27e6offer\u27e7" in note
    # what was true, once the talks are over, is game/campaign's: left as it is
    assert claim_note_words("Viktor was bluffing.") == "Viktor was bluffing."
    i18n.set_language("es")
    spanish = make_table("print-run")
    spanish.frames(2)
    assert re.fullmatch(
        r"Viktor dice tener otra oferta de \$\d+\.", spanish.scene.state.view.notes[0]
    )
    assert (
        claim_note_words(
            "Viktor says the delivery matters most, then contradicted it.",
            {"the delivery": "«Entrega»"},
        )
        == "Viktor dice que lo que más le importa es «Entrega», y luego lo contradijo."
    )


# --------------------------------------------------------------------------- debrief coaching
def _coaching_level_words(level, record, scene=None) -> tuple[str, ...]:
    """The words a debrief's coaching notes quote rather than say: the level's own (names,
    issues, options, packages, facts, questions, truths, grievances, objectives) and those
    of game/engine and game/npc (the trust timeline's reasons, the missed trade-offs),
    which other layers translate."""
    from game.campaign.objectives import star_objectives
    from game.npc.wording import issue_phrase
    from game.ui.scenes import debrief

    model = level.model
    words = [model.title, model.debrief_notes, *model.teaching_points, "Ada"]
    words += [p.name for p in level.negotiation.parties]
    for issue in level.negotiation.space.issues:
        words += [issue.name, issue.name.lower(), str(issue_phrase(issue.name))]
        words += [str(v) for v in getattr(issue, "options", ())]
    words += [o.text.strip().rstrip(".") for o in model.objectives]
    words += [str(o.text).strip().rstrip(".") for o in star_objectives(level)]
    words += [g.text.rstrip(".") for g in model.player.grievances]
    for npc in model.npcs:
        words += [npc.name, *(g.text.rstrip(".") for g in npc.grievances)]
        for interest in npc.interests:
            words += [interest.fact, interest.question, f"\u201c{interest.question}\u201d"]
        for claim in npc.misrepresentations:
            words += [claim.truth or "", str(claim.value or "")]
    for row in record.extra.get("claims") or ():
        words += [str(row.get("value") or ""), str(row.get("issue") or "")]
    words += debrief._missed(level, record)
    offers = [step.get("offer") for step in debrief.replay_steps(record)]
    offers += [record.outcome, ((record.analytics or {}).get("nash") or {}).get("outcome")]
    if scene is not None:
        offers += [finding.package for finding in scene.coaching.findings]
        for point in scene.timeline.points:
            words += [point.reason, point.label.rsplit(" - ", 1)[-1]]
    words += [debrief._describe_offer(level, offer) for offer in offers]
    return tuple(w for w in words if w)


def _debrief_drawn_whole(app, drive, scene):
    """Draw the debrief page from top to bottom, a view at a time."""
    page = scene.page
    step = max(40, page.rect.height // 2)
    for top in range(0, page.content_height + step, step):
        page.scroll_to(top)
        drive.run(app, frames=2)


@pytest.mark.parametrize(("bot", "seed"), [("teacher", 0), ("grudge", 0)])
def test_the_debrief_coaching_notes_show_only_words_that_went_through_the_layer(
    make_app, drive, drawn, bot, seed
):
    """Findings, the lesson player's what-if, objective details, interest and claim notes:
    every word drawn went through the layer (the market stall: a claim, an interest)."""
    from game.ui.scenes.debrief import DebriefScene

    level, record, score = _played("market-stall", bot, seed)
    assert record.extra.get("claims") and record.interests
    holder = []

    def push(app):
        holder.append(DebriefScene(level, record, score))
        app.stack.push(holder[0])

    app = _in_pseudo(make_app, drive, push, profile="Ada")
    scene = holder[0]
    assert scene.points, "no findings to show"
    _debrief_drawn_whole(app, drive, scene)
    drive.run(app, {0: [drive.key(K.K_1)]}, frames=3)  # a point's title in the caption
    text = "\n".join(drawn)
    for word in ("First", "offer:", "bluff", "BATNA", "lesson"):  # findings, what-if
        assert f"\u27e6{word}" in text, word
    assert "\u27e6you\u27e7:" in text  # an objective's detail: (you: 0.67, BATNA 0.40)
    if record.interests.get("found"):
        assert "\u27e6What\u27e7 \u27e6you\u27e7 \u27e6found\u27e7" in text
    else:
        assert "\u27e6question\u27e7 \u27e6that\u27e7 \u27e6finds" in text
    bad = _bypassing(drawn, _coaching_level_words(level, record, scene))
    assert bad == [], "\n".join(bad)


def test_the_debrief_favour_notes_show_only_words_that_went_through_the_layer(
    make_app, drive, drawn
):
    from game.engine import Move, MoveKind
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.levels.setup import start_match
    from game.ui.scenes.debrief import DebriefScene

    level = load_level(resolve_level("season-autumn"))
    match = start_match(level, seed=3)
    offer = match.codec.offer(match.tables.party("player").best_index())
    match.player_move(Move(MoveKind.OFFER, "player", offer=offer))
    match.player_move(Move(MoveKind.ASK_FAVOUR, "player", issue="days", target="season-client"))
    match.player_move(Move(MoveKind.WALK_AWAY, "player"))
    record = match.record()
    score = _played_score(level, record)
    holder = []

    def push(app):
        holder.append(DebriefScene(level, record, score))
        app.stack.push(holder[0])

    app = _in_pseudo(make_app, drive, push, profile="Ada")
    _debrief_drawn_whole(app, drive, holder[0])
    assert any("\u27e6Owed:\u27e7" in text for text in drawn)
    bad = _bypassing(drawn, _coaching_level_words(level, record, holder[0]))
    assert bad == [], "\n".join(bad)


def _played_score(level, record):
    from game.campaign.scoring import score_record

    return score_record(level, record)


@pytest.mark.parametrize("level_id", ["market-stall", "tablet-deal", "book-deal", "climate-accord"])
def test_the_hints_say_only_words_that_went_through_the_layer(level_id):
    """The briefing's agreement-zone hint and the table's coaching hints."""
    from game.campaign.hints import zone_hint
    from game.campaign.table_hints import table_hint
    from game.engine import Move, MoveKind
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.levels.setup import start_match

    level = load_level(resolve_level(level_id))
    i18n.set_language(i18n.PSEUDO)
    try:
        match = start_match(level, seed=0)
        said = [zone_hint(level)]
        for move in (Move(MoveKind.THREATEN, "player", claim=0.5), Move(MoveKind.ACCEPT, "player")):
            hint = table_hint(match, move)
            if hint is not None:
                said += [hint.title, hint.text, hint.go_ahead, hint.think_again]
        events = [e.description for e in level.model.events]
        words = (*_coaching_level_words(level, match.record()), *events)
        assert said[0].startswith("\u27e6")
        assert len(said) > 1 or level_id == "market-stall"
        bad = _bypassing(said, words)
        assert bad == [], "\n".join(bad)
    finally:
        i18n.set_language("en")


def test_the_debrief_coaching_notes_in_spanish(make_app, drive):
    scene = _spanish_debrief(make_app, drive, "teacher", seed=0)
    text = " ".join(line.strip().lstrip("\u2022 ") for line in scene.text_lines())  # unwrapped
    assert "Tu partida, punto por punto" in text
    titles = [finding.title for finding in scene.points]
    assert "Primera oferta: creíble" in titles or "Primera oferta: ambiciosa" in titles, titles
    # the objective details: Spanish words and decimal commas, though the record keeps English
    assert re.search(r"\(tú: 0,\d\d, MAAN 0,40\)", text), text
    assert "primera oferta que valía 0,83 para ti" in text
    assert all("you:" not in o.detail or o.detail.isascii() for o in scene.score.objectives)
    # the claim and the interest, in the level's Spanish words
    assert "La oferta «final» de Rosa era un farol, y lo desenmascaraste." in text
    assert "Rosa recoge a las dos y prefiere no cargar con el género de vuelta a casa." in text
    for english in ("was a bluff", "you called it", "First offer", "instead of"):
        assert english not in text, english


def test_the_hints_in_spanish():
    from game.campaign.hints import zone_hint
    from game.campaign.table_hints import table_hint
    from game.engine import Move, MoveKind
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.levels.setup import start_match

    i18n.set_language("es")
    try:
        stall = load_level(resolve_level("market-stall"))
        hint = zone_hint(stall)
        assert hint.startswith("Con el precio en $")
        assert "o menos, quedas al menos igual que con tu MAAN." in hint
        assert "Rosa también tiene un límite" in hint
        tablet = load_level(resolve_level("tablet-deal"))
        assert "es igual de bueno que tu MAAN o mejor" in zone_hint(tablet)
        coached = table_hint(start_match(tablet, seed=0), Move(MoveKind.ACCEPT, "player"))
        assert coached is not None and coached.title == "Por debajo de tu MAAN"
        assert re.match(r"Este acuerdo vale 0,\d\d para ti; levantarte", coached.text)
        assert (coached.go_ahead, coached.think_again) == (
            "Aceptar de todos modos",
            "Pensarlo mejor",
        )
    finally:
        i18n.set_language("en")
