"""Classroom tools: class packs, joining a class, results export and the class debrief.

This package sits above the store (layer contract): it may use the store, campaign,
levels, npc and engine packages, never pygame or the ui.  See docs/classroom.md.

Public API::

    read_pack(path) -> ClassPack                      check a pack completely, write nothing
    join_class(store, pack_path, profile) -> JoinResult   install + pseudonymous student id
    installed_classes(data_dir) -> list[InstalledClass]   what the game lists
    pack_seed(data_dir, level) -> int | None          the seed a class level is played with
    export_rows(store, ...) / write_csv(path, rows)   one CSV row per negotiation
    read_results(paths) -> MergedResults              merge exports from many machines
    build_report(merged, LevelLibrary(...), ...)      the debrief page (HTML)
"""

from game.classroom.errors import ClassroomError, PackError
from game.classroom.install import (
    InstalledClass,
    InstalledLevel,
    JoinResult,
    classes_dir,
    find_class,
    install_pack,
    installed_classes,
    join_class,
    pack_seed,
)
from game.classroom.pack import PACK_SUFFIX, ClassPack, PackSettings, pack_path, read_pack

__all__ = [
    "PACK_SUFFIX",
    "ClassPack",
    "ClassroomError",
    "InstalledClass",
    "InstalledLevel",
    "JoinResult",
    "PackError",
    "PackSettings",
    "classes_dir",
    "find_class",
    "install_pack",
    "installed_classes",
    "join_class",
    "pack_path",
    "pack_seed",
    "read_pack",
]
