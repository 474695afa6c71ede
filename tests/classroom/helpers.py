"""Helpers for the classroom tests: the command line, hand-made zip files, bot play as the game saves it."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from pathlib import Path
from typing import Any

from game.classroom import installed_classes, pack_seed
from game.classroom.pack import content_hash
from game.finish import finished_record, save_finished
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.bots import make_bot, play

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"


def run_cli(*args: object, capsys=None) -> tuple[int, str, str]:
    """Run the command line in this process; return (exit code, stdout, stderr)."""
    from game.cli import main

    code = main([str(a) for a in args])
    if capsys is None:
        return code, "", ""
    out, err = capsys.readouterr()
    return code, out, err


def pack_members(data: bytes) -> dict[str, bytes]:
    """Return a pack's members by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_zip(path: Path, members: list[tuple[str, bytes]], *, symlinks=(), flags=None) -> Path:
    """Write a zip by hand: names as given (even hostile ones), optional links and flag bits.

    ``flags`` (name -> bits) are set in the central directory after writing, since
    ``zipfile`` resets them (an "encrypted" member whose data is not encrypted at all).
    """
    import warnings

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = stat.S_IFLNK | 0o777 if name in symlinks else stat.S_IFREG | 0o644
            info.external_attr = mode << 16
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "Duplicate name": on purpose
                archive.writestr(info, data)
    if flags:
        raw = bytearray(path.read_bytes())
        start = raw.find(b"PK\x01\x02")
        while start != -1:
            name_length = int.from_bytes(raw[start + 28 : start + 30], "little")
            name = raw[start + 46 : start + 46 + name_length].decode("utf-8")
            if name in flags:
                bits = int.from_bytes(raw[start + 8 : start + 10], "little") | flags[name]
                raw[start + 8 : start + 10] = bits.to_bytes(2, "little")
            start = raw.find(b"PK\x01\x02", start + 46)
        path.write_bytes(bytes(raw))
    return path


def rehash(members: dict[str, bytes], *, manifest_changes: dict | None = None) -> dict[str, bytes]:
    """Return members with the manifest's checksums and content hash made to match again.

    This is what a hostile author would do: the hash proves nothing about the content,
    so the levels themselves must still be checked.
    """
    manifest = json.loads(members["manifest.json"])
    manifest.update(manifest_changes or {})
    manifest["files"] = [
        {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in members.items()
        if name != "manifest.json"
    ]
    manifest["content_hash"] = content_hash(manifest)
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def files_under(folder: Path) -> set[str]:
    """Return every path under a folder (relative), for 'nothing else was written' checks."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def history_record(level, seed: int, bot: str) -> dict[str, Any]:
    """Play ``level`` with a bot; return the history record with its score, as the game saves it."""
    match = start_match(level, seed=seed)
    play(match, make_bot(bot, match, seed))
    record, _ = finished_record(match, level, seed)
    return record.to_dict()


def play_class(store, profile: str, bots: dict[str, str]) -> list[str]:
    """Play every installed level of the profile's class with a bot, saved as the game saves.

    Each level starts with ``pack_seed`` (the class's seed); returns the record ids.
    """
    code = store.get_profile(profile)["class_code"]
    (installed,) = [c for c in installed_classes(store.data_dir) if c.code == code]
    ids = []
    for entry in installed.levels:
        level = load_level(entry.path)
        seed = pack_seed(store.data_dir, level)
        assert seed == installed.seed
        match = start_match(level, seed=seed, memories=store.relationships(profile))
        play(match, make_bot(bots.get(entry.id, "integrator"), match, seed))
        record, score = finished_record(match, level, seed)
        ids.append(save_finished(store, profile, level.id, record, score, match.memories()))
    return ids


def typed_path_prompt(app, press):
    """From the file chooser on top, open its "Type a path..." prompt and return it."""
    from game.ui.scenes.dialogs import TextPromptScene
    from game.ui.scenes.file_chooser import FileChooserScene

    chooser = app.stack.top
    assert isinstance(chooser, FileChooserScene), type(chooser).__name__
    assert chooser.focus_key("type")
    press(app, pygame_key("return"))
    prompt = app.stack.top
    assert isinstance(prompt, TextPromptScene)
    prompt.entry.set_text("")
    return prompt


def pygame_key(name: str) -> int:
    """Return pygame's key code for a key name."""
    import pygame

    return pygame.key.key_code(name)
