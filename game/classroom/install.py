"""Installing a class pack in the data folder, listing installed classes, joining a class.

Layout (inside the data folder, never outside it)::

    classes/<CLASS-CODE>/
      class.json              the pack's manifest, settings and when it was joined
      levels/<level id>.json  the pack's levels, byte for byte as the pack carries them
      levels/portraits/<set>/ the levels' own portraits, when a pack of format 3 carries any
      results.json            the class's results, when a pack of format 2 brought them

A pack is checked completely in memory (:func:`game.classroom.pack.read_pack`) before a
byte is written.  Files are written one by one to verified paths inside a fresh staging
folder (exclusive create, links never followed), which then replaces the class folder in
one rename, so a half-installed class is never listed.  The student's progress lives in
the profile store, never here, so installing an updated pack cannot touch it.  A pack with
results replaces the installed results; a pack without keeps them.
"""

from __future__ import annotations

import json
import logging
import os
import random
import secrets
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.classroom.class_results import (
    MAX_RESULTS_BYTES,
    RESULTS,
    ClassResults,
    read_installed_results,
)
from game.classroom.errors import ClassroomError
from game.classroom.pack import (
    CLASS_CODE_PATTERN,
    ClassPack,
    PackSettings,
    read_pack,
)
from game.classroom.pseudonyms import new_student_id
from game.i18n import ngettext, number, tr
from game.levels.portraits import LEVEL_PORTRAITS

logger = logging.getLogger(__name__)

CLASSES_DIR = "classes"
CLASS_FILE = "class.json"
LEVELS_SUBDIR = "levels"
INSTALLED_FORMAT = "common-ground-installed-class"
_MAX_CLASS_FILE_BYTES = 256 * 1024
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class InstalledLevel:
    """A level of an installed class."""

    id: str
    version: int
    title: str
    path: Path


@dataclass(frozen=True)
class InstalledClass:
    """A class whose pack is installed in the data folder."""

    code: str
    name: str
    folder: Path
    settings: PackSettings
    content_hash: str
    joined_at: str
    levels: tuple[InstalledLevel, ...]

    @property
    def seed(self) -> int:
        """Return the seed every student of the class plays with."""
        return self.settings.seed

    @property
    def levels_dir(self) -> Path:
        """Return the folder holding the class's level files."""
        return self.folder / LEVELS_SUBDIR

    @property
    def results_file(self) -> Path:
        """Return where the class's results (handed back by the teacher) are kept."""
        return self.folder / RESULTS

    def results(self) -> ClassResults | None:
        """Return the class's results installed from a pack, or None (never raises)."""
        return read_installed_results(self.results_file)


@dataclass(frozen=True)
class JoinResult:
    """What joining a class did."""

    installed: InstalledClass
    profile: str
    student_id: str
    previous_class: str | None

    results: ClassResults | None = None
    """The class's results the pack brought, or None."""

    def summary(self) -> str:
        """Return one sentence for the student (two when the pack brought the class's results)."""
        count = len(self.installed.levels)
        text = ngettext(
            "{profile} joined the class {name} ({code}) as {student}: {n} level installed.",
            "{profile} joined the class {name} ({code}) as {student}: {n} levels installed.",
            count,
        ).format(
            profile=self.profile,
            name=self.installed.name,
            code=self.installed.code,
            student=self.student_id,
            n=number(count),
        )
        if self.results is not None:
            text += " " + results_sentence(self.results)
        return text


def _fresh_id(store: Any, class_code: str, profile: str, rng: random.Random | None) -> str:
    """Return a random student id whose animal no other profile of the class here has (two
    "lynx" ids in one room are easily mixed up); seats (``class new --seats``) do this for a
    whole class."""
    animals = {s.split("-")[0] for s in seats_taken(store, class_code, besides=profile)}
    student = new_student_id(rng)
    for _ in range(40):
        if student.split("-")[0] not in animals:
            break
        student = new_student_id(rng)
    return student


def seats_taken(store: Any, class_code: str, *, besides: str | None = None) -> dict[str, str]:
    """Return the seats of a class taken by profiles in this data folder: id -> profile."""
    taken = {}
    for summary in store.list_profiles():
        if summary.get("class_code") == class_code and summary["name"] != besides:
            student = store.get_profile(summary["name"]).get("student_id")
            if student:
                taken[str(student)] = summary["name"]
    return taken


def choose_seat(
    store: Any, class_code: str, seats: Sequence[str], seat: int | str | None, profile: str
) -> str:
    """Return the student id of the seat a profile takes: ``seat`` (a number from 1, or the
    id itself), else the first seat no other profile here has taken.

    Raises ``ClassroomError`` for a seat that does not exist or is taken here.
    """
    taken = seats_taken(store, class_code, besides=profile)
    if seat is None:
        free = [s for s in seats if s not in taken]
        if not free:
            raise ClassroomError(
                tr(
                    "Every seat of this class ({n}) is taken on this computer: ask your teacher "
                    "which seat is yours and join with it."
                ).format(n=number(len(seats)))
            )
        return free[0]
    text = str(seat).strip().lower()
    if text.isdigit():
        wanted = int(text)
        if not 1 <= wanted <= len(seats):
            raise ClassroomError(
                tr("There is no seat {seat}: the class has seats 1 to {n}.").format(
                    seat=wanted, n=len(seats)
                )
            )
        chosen = seats[wanted - 1]
    elif text in seats:
        chosen = text
    else:
        raise ClassroomError(
            tr(
                "There is no seat {seat} in this class: give its number (1 to {n}) or its id "
                "from the roster, e.g. {example}."
            ).format(seat=repr(str(seat)), n=len(seats), example=seats[0])
        )
    if chosen in taken:
        raise ClassroomError(
            tr(
                "Seat {seat} ({student}) is already taken on this computer by the profile "
                "{profile}."
            ).format(seat=seats.index(chosen) + 1, student=chosen, profile=repr(taken[chosen]))
        )
    return chosen


def results_sentence(results: ClassResults) -> str:
    """Return "The class's results came too: 14 negotiations on 2 levels; ..." for a student."""
    levels = len(results.levels)
    return tr(
        "The class's results came too: {negotiations} on {levels}; your debrief now ranks "
        "each deal among the class's."
    ).format(
        negotiations=ngettext("{n} negotiation", "{n} negotiations", results.negotiations).format(
            n=number(results.negotiations)
        ),
        levels=ngettext("{n} level", "{n} levels", levels).format(n=number(levels)),
    )


def utc_now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Return ``moment`` as ISO 8601 in UTC with a ``Z``."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def classes_dir(data_dir: Path | str) -> Path:
    """Return the folder holding the installed classes."""
    return Path(data_dir) / CLASSES_DIR


# --------------------------------------------------------------------------- installing
def _refuse(message: str) -> ClassroomError:
    return ClassroomError(tr("The class pack was not installed: {reason}").format(reason=message))


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def _write_new_file(path: Path, parent: Path, data: bytes) -> None:
    """Create ``path`` (which must sit directly in ``parent``) and write ``data`` to it."""
    if path.parent != parent or path.parent.resolve() != parent.resolve():
        raise _refuse(f"{path.name!r} would not land in {parent}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY
    descriptor = os.open(path, flags, 0o644)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _class_record(pack: ClassPack, pack_file: str, joined_at: str) -> dict[str, Any]:
    return {
        "format": INSTALLED_FORMAT,
        "format_version": 1,
        "class": {"name": pack.name, "code": pack.code},
        "settings": pack.settings.to_json(),
        "content_hash": pack.content_hash,
        "pack_file": pack_file[:200],
        "pack_created_at": pack.created_at,
        "pack_game_version": pack.game_version,
        "joined_at": joined_at,
        "pack_format_version": pack.format_version,
        "levels": [
            {
                "id": level.id,
                "version": level.version,
                "title": level.title,
                "file": f"{LEVELS_SUBDIR}/{level.id}.json",
            }
            for level in pack.levels
        ],
    }


def install_pack(
    data_dir: Path | str,
    pack: ClassPack,
    *,
    pack_file: str = "",
    clock: Callable[[], datetime] = utc_now,
) -> InstalledClass:
    """Write a checked pack to ``classes/<code>/`` (replacing an older copy); return it.

    Raises ``ClassroomError`` when the folder cannot be written safely (a link where the
    class folder should be, a disk error); nothing outside the data folder is touched.
    """
    data_dir = Path(data_dir)
    if not CLASS_CODE_PATTERN.match(pack.code):
        raise _refuse(f"{pack.code!r} is not a class code")
    root = classes_dir(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        if root.is_symlink():
            raise _refuse(f"{root} is a link; the game does not write through links")
        root.mkdir(exist_ok=True)
        if not _inside(root, data_dir):
            raise _refuse(f"{root} lies outside the data folder")
        token = secrets.token_hex(4)
        staging = root / f".incoming-{pack.code}-{token}"
        staging.mkdir()
    except OSError as error:
        raise _refuse(f"cannot create {root}: {error.strerror or error}") from None
    try:
        levels = staging / LEVELS_SUBDIR
        levels.mkdir()
        for level in pack.levels:
            _write_new_file(levels / f"{level.id}.json", levels, level.data)
        for member, image in pack.portraits.items():  # portraits/<set>/<expression>.png
            _, name, filename = member.split("/")
            folder = levels / LEVEL_PORTRAITS / name  # beside the levels that draw them
            folder.mkdir(parents=True, exist_ok=True)
            _write_new_file(folder / filename, folder, image)
        record = _class_record(pack, pack_file, iso(clock()))
        text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
        _write_new_file(staging / CLASS_FILE, staging, text.encode("utf-8"))
        final = root / pack.code
        results = pack.results_data if pack.results is not None else _kept_results(final)
        if results is not None:
            _write_new_file(staging / RESULTS, staging, results)
        old = None
        if final.is_symlink() or final.exists():
            old = root / f".replaced-{pack.code}-{token}"
            os.replace(final, old)  # renames a link itself, never what it points to
        os.replace(staging, final)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise _refuse(f"cannot write the class folder: {error.strerror or error}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if old is not None:
        try:
            if old.is_symlink() or old.is_file():
                old.unlink()
            else:
                shutil.rmtree(old)
        except OSError:
            logger.warning("could not remove the replaced class folder %s", old, exc_info=True)
    installed = _read_installed(final)
    if installed is None:  # pragma: no cover - we just wrote it
        raise _refuse("the installed class could not be read back")
    return installed


def _kept_results(folder: Path) -> bytes | None:
    """Return the results installed in a class folder, to keep through a pack without any."""
    path = folder / RESULTS
    try:
        if folder.is_symlink() or path.is_symlink() or not path.is_file():
            return None
        if path.stat().st_size > MAX_RESULTS_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        logger.warning("could not keep the class results %s", path, exc_info=True)
        return None
    return data if read_installed_results(path) is not None else None


# --------------------------------------------------------------------------- listing
def _read_installed(folder: Path) -> InstalledClass | None:
    """Return the class installed in ``folder``, or None when it is not a readable class."""
    try:
        if folder.is_symlink() or not folder.is_dir():
            return None
        file = folder / CLASS_FILE
        if file.is_symlink() or file.stat().st_size > _MAX_CLASS_FILE_BYTES:
            return None
        data = json.loads(file.read_text(encoding="utf-8"))
        if data.get("format") != INSTALLED_FORMAT:
            return None
        code = str(data["class"]["code"])
        if code != folder.name or not CLASS_CODE_PATTERN.match(code):
            return None
        raw = data["settings"]
        settings = PackSettings(
            int(raw["seed"]),
            raw.get("hints") if raw.get("hints") in ("on", "off") else None,
            int(raw["round_limit"]) if raw.get("round_limit") is not None else None,
            tuple(str(seat) for seat in raw.get("seats") or ()),
            tuple(str(level_id) for level_id in raw.get("role_plays") or ()),
            tuple((str(a), str(b)) for a, b in raw.get("pairs") or ()),
        )
        levels = []
        for entry in data["levels"]:
            level_id = str(entry["id"])
            path = folder / LEVELS_SUBDIR / f"{level_id}.json"
            if "/" in level_id or "\\" in level_id or level_id.startswith("."):
                continue
            levels.append(
                InstalledLevel(level_id, int(entry["version"]), str(entry["title"]), path)
            )
        return InstalledClass(
            code=code,
            name=str(data["class"]["name"]),
            folder=folder,
            settings=settings,
            content_hash=str(data.get("content_hash", "")),
            joined_at=str(data.get("joined_at", "")),
            levels=tuple(levels),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        logger.warning("skipping the unreadable class folder %s", folder, exc_info=True)
        return None


def installed_classes(data_dir: Path | str) -> list[InstalledClass]:
    """Return the classes installed in the data folder, by name (never raises).

    The game lists each class's ``levels_dir`` beside the player's own levels.
    """
    root = classes_dir(data_dir)
    try:
        if root.is_symlink() or not root.is_dir():
            return []
        folders = sorted(p for p in root.iterdir() if CLASS_CODE_PATTERN.match(p.name))
    except OSError:
        return []
    found = [c for c in (_read_installed(f) for f in folders) if c is not None]
    return sorted(found, key=lambda c: (c.name.casefold(), c.code))


def find_class(data_dir: Path | str, name_or_code: str) -> InstalledClass | None:
    """Return the installed class with this code or name (any case), or None."""
    wanted = name_or_code.strip().casefold()
    for installed in installed_classes(data_dir):
        if wanted in (installed.code.casefold(), installed.name.casefold()):
            return installed
    return None


def pack_seed(data_dir: Path | str, level: Any, *, class_code: str | None = None) -> int | None:
    """Return the seed a class plays ``level`` with, or None when it is not a class level.

    ``level`` is best a loaded level (or its file's path): only a level file installed
    from a class pack gets the class's seed, so the same level played from the campaign
    keeps a fresh seed.  A level id (text) also works: the student's class
    (``class_code``) is searched first, then every installed class.
    """
    source = getattr(level, "source", level)
    text = str(source)
    is_path = isinstance(source, Path) or text.endswith(".json") or os.sep in text or "/" in text
    classes = installed_classes(data_dir)
    if is_path:
        try:
            where = Path(text).resolve()
        except (OSError, RuntimeError):
            return None
        for installed in classes:
            if where.parent == installed.levels_dir.resolve():
                return installed.seed
        return None
    if class_code is not None:
        classes.sort(key=lambda c: c.code != class_code.strip().upper())
    for installed in classes:
        if any(entry.id == text for entry in installed.levels):
            return installed.seed
    return None


def pack_hints(data_dir: Path | str, level: Any) -> str | None:
    """Return the class pack's hints ("on" / "off") for a level installed from a pack, else None.

    Only a level file installed from a class pack (its path in a class's levels folder)
    has the pack's hints; the same level played from the campaign has none.
    """
    installed = class_of_level(data_dir, level)
    return installed.settings.hints if installed is not None else None


def class_of_level(data_dir: Path | str, level: Any) -> InstalledClass | None:
    """Return the installed class a level was played from (its file in the class's folder).

    ``level`` is a loaded level or its path.  The same level played from the campaign
    belongs to no class: it is not the class's scenario (seed, hints, round limit).
    """
    source = getattr(level, "source", level)
    try:
        where = Path(str(source)).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    for installed in installed_classes(data_dir):
        if where.parent == installed.levels_dir.resolve():
            return installed
    return None


def class_role_play(data_dir: Path | str, level: Any) -> InstalledClass | None:
    """Return the installed class that plays ``level`` (loaded from the class's folder) as a
    role-play, or None: the game then offers it as a role-play first."""
    installed = class_of_level(data_dir, level)
    if installed is None or getattr(level, "id", None) not in installed.settings.role_plays:
        return None
    return installed


def role_play_pair(installed: InstalledClass, student_a: str | None, student_b: str | None) -> str:
    """Return the pair id a role-play of the class is saved with: the teacher's pair
    (``pair-01``) when the two students' seats were paired, else a fresh id for a pair the
    students made themselves (``own-`` and 8 hex digits)."""
    paired = installed.settings.pair_id(student_a, student_b)
    return paired if paired is not None else f"own-{secrets.token_hex(4)}"


# --------------------------------------------------------------------------- joining
def join_class(
    store: Any,
    pack_path: Path | str,
    profile: str,
    *,
    rng: random.Random | None = None,
    clock: Callable[[], datetime] = utc_now,
    seat: int | str | None = None,
) -> JoinResult:
    """Check and install a pack, then put ``profile`` in its class with a pseudonymous id.

    A profile that is already in this class keeps its student id (re-joining installs a
    newer copy of the pack).  A pack with seats gives the id of the seat the student picks
    (``seat``: its number from 1, or its id), else the next seat no profile here has taken.  Raises ``PackError`` for a bad pack (nothing written),
    ``ClassroomError`` for a folder that cannot be written, and the store's
    ``ProfileError``/``RecordError`` for an unknown profile.
    """
    pack = read_pack(pack_path)
    doc = store.get_profile(profile)  # an unknown profile fails before anything is written
    previous = doc.get("class_code")
    kept = doc.get("student_id") if previous == pack.code else None
    seats = pack.settings.seats
    if seats and (seat is not None or kept not in seats):
        student = choose_seat(store, pack.code, seats, seat, doc["name"])
    else:
        student = kept or _fresh_id(store, pack.code, doc["name"], rng)
    installed = install_pack(store.data_dir, pack, pack_file=Path(pack_path).name, clock=clock)
    updated = store.set_class(doc["name"], pack.code, student)
    return JoinResult(
        installed,
        updated["name"],
        updated["student_id"],
        previous if previous != pack.code else None,
        pack.results,
    )
