"""The in-game file chooser: places (home, removable drives, recent folders), a folder's
folders and matching files, chosen by keyboard or a dropped file; no typing needed."""

from __future__ import annotations

import time
from pathlib import Path

import pygame

from game.ui.file_places import MAX_RECENT, Place, RecentFolders, folder_entries, places
from game.ui.scenes.file_chooser import FileChooserScene

K = pygame


def test_places_list_home_its_folders_drives_and_recent_folders(tmp_path):
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    stick = tmp_path / "media" / "STICK"
    stick.mkdir(parents=True)
    gone = tmp_path / "gone"
    found = places(home=home, recent=[stick, gone], drives=[stick])
    assert [(p.label, p.kind) for p in found] == [
        ("Home", "home"), ("Downloads", "home"), ("STICK", "drive"), ("STICK", "recent"),
    ]  # fmt: skip


def test_a_folder_lists_its_folders_then_matching_files(tmp_path):
    for name in ("b-folder", "A-folder", ".hidden"):
        (tmp_path / name).mkdir()
    for name in ("z.cgpack", "Class.CGPACK", "notes.txt", ".secret.cgpack"):
        (tmp_path / name).write_bytes(b"")
    entries = folder_entries(tmp_path, [".cgpack"])
    assert [(e.name, e.is_folder) for e in entries] == [
        ("A-folder", True), ("b-folder", True), ("Class.CGPACK", False), ("z.cgpack", False),
    ]  # fmt: skip


def test_recent_folders_are_remembered_newest_first(tmp_path):
    recent = RecentFolders(tmp_path)
    for index in range(MAX_RECENT + 2):
        recent.add(tmp_path / f"f{index}")
    recent.add(tmp_path / "f3")
    again = RecentFolders(tmp_path).load()
    assert again[0] == tmp_path / "f3" and len(again) == MAX_RECENT
    assert again.count(tmp_path / "f3") == 1
    (tmp_path / "recent-folders.json").write_text("{not json", encoding="utf-8")
    assert RecentFolders(tmp_path).load() == []
    assert RecentFolders(None).load() == []


def _open(make_app, tmp_path, **options):
    """Open a chooser over the title, in ``tmp_path/files``; return the app, it and its results."""
    app = make_app(profile="Ada")
    tmp_path = tmp_path / "files"
    tmp_path.mkdir(exist_ok=True)
    title = app.stack.top
    chosen = []
    chooser = FileChooserScene(
        "Choose the pack",
        suffixes=(".cgpack",),
        start=tmp_path,
        place_list=[Place("Home", tmp_path, "home")],
        recent=RecentFolders(tmp_path.parent),
        **options,
    )
    title.open(chooser, chosen.append)
    app.settle()
    assert app.stack.top is chooser
    return app, chooser, chosen


def test_browse_into_a_folder_and_pick_the_pack_by_keyboard(make_app, drive, tmp_path):
    usb = tmp_path / "files" / "usb"
    usb.mkdir(parents=True)
    pack = usb / "neg101.cgpack"
    pack.write_bytes(b"pack")
    (usb / "holiday.jpg").write_bytes(b"")
    app, chooser, chosen = _open(make_app, tmp_path)
    assert [r.title for r in chooser.entries_list.rows] == ["..", "usb/"]
    assert not chooser.button("open").is_enabled  # no file chosen yet
    drive.run(app, {0: [drive.key(K.K_DOWN)], 2: [drive.key(K.K_DOWN)]})
    assert chooser.entries_list.selected_row.title == "usb/"
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    assert chooser.folder == usb
    assert [r.title for r in chooser.entries_list.rows] == ["..", "neg101.cgpack"]
    assert chooser.selected == pack and chooser.button("open").is_enabled  # the pack, ready
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    app.settle()
    assert chosen == [pack] and app.stack.top is not chooser
    assert RecentFolders(tmp_path).load()[0] == usb  # next time it starts there


def test_backspace_goes_up_and_escape_cancels(make_app, drive, tmp_path):
    inner = tmp_path / "files" / "a" / "b"
    inner.mkdir(parents=True)
    app, chooser, chosen = _open(make_app, tmp_path)
    chooser.go(inner)
    drive.run(app, {0: [drive.key(K.K_BACKSPACE)]})
    assert chooser.folder == tmp_path / "files" / "a"
    drive.run(app, {0: [drive.key(K.K_ESCAPE)]})
    app.settle()
    assert chosen == [None]


def test_a_dropped_file_is_chosen_and_a_problem_keeps_the_chooser_open(make_app, drive, tmp_path):
    bad = tmp_path / "letter.cgpack"
    bad.write_text("Dear class", encoding="utf-8")
    good = tmp_path / "neg101.cgpack"
    good.write_bytes(b"")
    tried = []

    def attempt(path: Path) -> str | None:
        tried.append(path)
        return "this is not a class pack" if path == bad else None

    app, chooser, chosen = _open(make_app, tmp_path, attempt=attempt)
    drop = pygame.event.Event(pygame.DROPFILE, file=str(bad))
    drive.run(app, {0: [drop]})
    assert app.stack.top is chooser and chooser.banner.message.text == "this is not a class pack"
    drive.run(app, {0: [pygame.event.Event(pygame.DROPFILE, file=str(good))]})
    app.settle()
    assert tried == [bad, good] and chosen == [good]


def test_folder_mode_saves_in_the_folder_shown(make_app, drive, tmp_path):
    usb = tmp_path / "files" / "usb"
    usb.mkdir(parents=True)
    app, chooser, chosen = _open(make_app, tmp_path, mode="folder")
    chooser.go(usb)
    assert chooser.button("open").text == "Save here" and chooser.button("open").is_enabled
    chooser.focus_key("open")
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    deadline = time.monotonic() + 20  # a busy machine is slow, not wrong
    while not chosen and time.monotonic() < deadline:
        drive.run(app, frames=2)
    assert chosen == [usb]
