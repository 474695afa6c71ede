"""No typed path needed: a pack may be named without .cgpack (Windows hides extensions),
dropped on the window, or found in a folder; the path field keeps its caret after a problem."""

from __future__ import annotations

import time

import pygame
import pytest

from game.app import AppOptions, open_app
from game.classroom import pack_path
from game.ui.scenes.dialogs import TextPromptScene
from game.ui.scenes.title import TitleScene

from .helpers import run_cli, typed_path_prompt


def test_pack_path_adds_the_extension_and_finds_the_pack_in_a_folder(tmp_path, pack_file):
    stem = pack_file.with_suffix("")
    assert pack_path(str(stem)) == pack_file
    assert pack_path(f'  "{stem}" ') == pack_file  # as Windows' "Copy as path" gives it
    assert pack_path(str(pack_file)) == pack_file
    assert pack_path(str(tmp_path)) == pack_file  # the stick's folder holds one pack
    (tmp_path / "other.cgpack").write_bytes(b"x")
    assert pack_path(str(tmp_path)) == tmp_path  # two packs: the student must choose
    missing = tmp_path / "nowhere" / "neg101"
    assert pack_path(str(missing)) == missing


def test_class_join_takes_a_pack_without_its_extension(tmp_path, pack_file, capsys):
    code, stdout, err = run_cli(
        "class", "join", pack_file.with_suffix(""), "--profile", "Ada",
        "--data-dir", tmp_path / "data", capsys=capsys,
    )  # fmt: skip
    assert code == 0, err
    assert stdout.startswith("Ada joined the class Negotiation 101")


@pytest.fixture
def app(tmp_path):
    game = open_app(AppOptions(data_dir=tmp_path / "data", seed=7, profile="Ada"))
    game.start()
    yield game
    game.close()


def _key(app, key: int) -> None:
    event = pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)
    app.run(max_frames=3, fixed_dt=1 / 60, events={0: [event]})
    app.settle()


def _type(app, text: str) -> None:
    events = [pygame.event.Event(pygame.TEXTINPUT, text=ch) for ch in text]
    app.run(max_frames=3, fixed_dt=1 / 60, events={0: events})
    app.settle()


def _drop(app, path) -> None:
    app.run(
        max_frames=3,
        fixed_dt=1 / 60,
        events={0: [pygame.event.Event(pygame.DROPFILE, file=str(path))]},
    )
    app.settle()


def _join_prompt(app) -> TextPromptScene:
    title = app.stack.top
    assert isinstance(title, TitleScene)
    title.focus_key("join")
    _key(app, pygame.K_RETURN)
    return typed_path_prompt(app, _key)


def test_the_caret_stays_where_it_was_after_a_problem(app, pack_file):
    # Typing ".cgpack" after an error gave ".cgpack/..." : the caret had gone to the start.
    prompt = _join_prompt(app)
    stem = str(pack_file.with_suffix("")) + "-typo"
    _type(app, stem)
    _key(app, pygame.K_RETURN)
    assert app.stack.top is prompt and prompt.error
    assert prompt.entry.caret == len(stem)
    _key(app, pygame.K_BACKSPACE)
    _type(app, "o")
    assert prompt.entry.text == stem[:-1] + "o"


def test_a_pack_typed_without_its_extension_joins(app, pack_file):
    prompt = _join_prompt(app)
    _type(app, str(pack_file.with_suffix("")))
    _key(app, pygame.K_RETURN)
    assert app.stack.top is not prompt
    assert app.store.get_profile("Ada")["class_code"].startswith("NEGOTIATION-101-")


def test_a_pack_dropped_on_the_join_prompt_joins(app, pack_file):
    prompt = _join_prompt(app)
    _drop(app, pack_file)
    assert app.stack.top is not prompt
    assert app.store.get_profile("Ada")["class_code"].startswith("NEGOTIATION-101-")


def test_a_pack_dropped_on_the_title_joins(app, pack_file):
    title = app.stack.top
    _drop(app, pack_file)
    deadline = time.monotonic() + 20  # a busy machine is slow, not wrong
    while not title.banner.visible and time.monotonic() < deadline:
        app.run(max_frames=2, fixed_dt=1 / 60)
    assert app.store.get_profile("Ada")["class_code"].startswith("NEGOTIATION-101-")
    assert title.banner.message.text.startswith("Ada joined the class Negotiation 101")


def test_a_drop_on_a_name_prompt_is_not_taken_as_the_name(app, pack_file):
    title = app.stack.top
    title.focus_key("new")
    _key(app, pygame.K_RETURN)
    prompt = app.stack.top
    assert isinstance(prompt, TextPromptScene) and not prompt.accepts_drops
    _drop(app, pack_file)
    assert app.stack.top is prompt and not prompt.error
    assert [p["name"] for p in app.store.list_profiles()] == ["Ada"]
