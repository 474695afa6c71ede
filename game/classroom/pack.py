"""The class pack format: one zip file with the levels, the settings and a manifest.

A teacher makes a pack with ``python main.py class new`` and hands it out; students open
it with ``class join`` or the title screen.  Layout of format 1::

    manifest.json          what is inside: class name and code, every file's size and
                           SHA-256, the levels, and a content hash over all of that
    settings.json          {"seed": 1234, "hints": "on" | "off" | null, "round_limit": N | null}
    levels/<level id>.json the levels, with the pack's hints and round limit written in

Format 2 is format 1 plus an optional ``results.json``: the class's results handed back by
the teacher (``class results``), so each student's debrief can rank a deal among the
class's (see ``class_results.py``).  ``class new`` still writes format 1, which every
version of the game opens; a format-1 pack may not hold ``results.json``.

Format 3 is format 2 plus the portrait sets the levels ship themselves::

    portraits/<set>/<expression>.png   256 × 256 PNGs (neutral, warm, frustrated, angry,
                                       hurt; surprised and thinking optional)

``class new`` writes format 3 only for levels that draw their own portraits (an older
game then says it needs updating instead of failing on an unknown portrait); installing
puts the sets in ``levels/portraits/`` beside the class's level files.  At most
:data:`MAX_PORTRAIT_SETS` sets and :data:`MAX_PORTRAITS_BYTES` of images travel.

A pack is untrusted input: :func:`read_pack` checks the archive's structure before it
decompresses a byte (member count, names, links, sizes, compression ratio), reads each
member with a size cap, checks every checksum and the content hash, and loads every level
with the game's own loader.  It never writes anything; installing is ``install.py``'s job.
The hash detects damage and casual edits; it is not a signature (anyone can make a pack),
which is why every level is checked in full whatever the manifest says.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from game.classroom.class_results import (
    MAX_RESULTS_BYTES,
    RESULTS,
    ClassResults,
    check_results,
    results_bytes,
)
from game.classroom.errors import PackError
from game.classroom.pseudonyms import MAX_SEATS
from game.i18n import N_, tr
from game.i18n import number as written
from game.levels.lint import analysis_weight
from game.levels.loader import (
    MAX_FILE_BYTES,
    LoadedLevel,
    load_level_bytes,
    parse_json,
    validate_data,
)
from game.levels.portraits import (
    LEVEL_PORTRAITS,
    MAX_PORTRAIT_BYTES,
    OPTIONAL_EXPRESSIONS,
    PORTRAIT_EXPRESSIONS,
    PORTRAIT_SIZE,
    level_portrait_file,
    level_portraits,
    png_size,
)
from game.levels.problems import LevelError, Problem, json_path
from game.levels.pydantic_words import validation_message
from game.levels.schema import MAX_PACKAGES_TWO_PARTIES, max_packages

PACK_FORMAT = "common-ground-class-pack"
PACK_FORMAT_VERSION = 1
RESULTS_FORMAT_VERSION = 2  # format 1 plus the class's results (results.json)
PORTRAITS_FORMAT_VERSION = 3  # format 2 plus the levels' own portraits (portraits/)
ROLE_PLAY_FORMAT_VERSION = 3  # format 2 plus role-plays and pairs (settings.json), same release
NEWEST_FORMAT_VERSION = PORTRAITS_FORMAT_VERSION
PACK_SUFFIX = ".cgpack"
MANIFEST = "manifest.json"
SETTINGS = "settings.json"
LEVELS_FOLDER = "levels/"
PORTRAITS_FOLDER = f"{LEVEL_PORTRAITS}/"

MAX_PACK_BYTES = 16 * 1024 * 1024  # the pack file itself
MAX_LEVELS = 40
MAX_PORTRAIT_SETS = 8  # the levels' own portrait sets, all levels together
MAX_PORTRAITS_BYTES = 2 * 1024 * 1024  # their images together (a set is ~25-120 KB)
_EXPRESSIONS = PORTRAIT_EXPRESSIONS + OPTIONAL_EXPRESSIONS
MAX_PORTRAIT_FILES = MAX_PORTRAIT_SETS * len(_EXPRESSIONS)
# the levels, manifest, settings, results, a "levels/" entry, the portraits
MAX_MEMBERS = MAX_LEVELS + 4 + MAX_PORTRAIT_FILES
MAX_LEVEL_BYTES = MAX_FILE_BYTES  # the loader's own cap
MAX_SMALL_BYTES = 64 * 1024  # manifest.json, settings.json
MAX_TOTAL_BYTES = (  # all, uncompressed
    MAX_LEVELS * MAX_LEVEL_BYTES // 2 + MAX_RESULTS_BYTES + MAX_PORTRAITS_BYTES
)
MAX_RATIO = 100  # uncompressed / compressed; level JSON compresses about 5-15x
MAX_ROUND_LIMIT = 200  # the level format's own bound on deadline_rounds
MAX_SEED = 2**63 - 1
#: The analysis work all of a pack's levels may need together, in packages of a two-party
#: level (``analysis_weight``): two levels at the largest size, so joining takes seconds.
MAX_PACK_WEIGHT = 2 * MAX_PACKAGES_TWO_PARTIES

CLASS_CODE_PATTERN = re.compile(r"^[A-Z0-9](?:[A-Z0-9-]{1,18})[A-Z0-9]$")
_LEVEL_MEMBER = re.compile(r"^levels/([a-z0-9][a-z0-9_-]{0,39})\.json$")
_PORTRAIT_MEMBER = re.compile(
    rf"^{PORTRAITS_FOLDER}([a-z0-9][a-z0-9_-]{{0,39}})/({'|'.join(_EXPRESSIONS)})\.png$"
)
_DRIVE = re.compile(r"^[A-Za-z]:")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # members carry no real dates: a pack is reproducible

Hints = Literal["on", "off"]


# --------------------------------------------------------------------------- data
@dataclass(frozen=True)
class PackSettings:
    """How the class plays the pack: one seed for everyone, hints, and a round limit.

    ``hints``: ``"on"`` shows every hint (agreement zone, the other side's priorities,
    what an offer is worth), ``"off"`` hides them all, ``None`` keeps each level's own.
    ``round_limit``: replaces every level's deadline, ``None`` keeps each level's own.
    """

    seed: int
    hints: Hints | None = None
    round_limit: int | None = None
    seats: tuple[str, ...] = ()
    """The class's seats: one student id each, in the order of the teacher's roster (empty:
    every student gets a random id when joining)."""
    role_plays: tuple[str, ...] = ()
    """The levels the class plays as role-plays (two students at one machine, one a side)."""
    pairs: tuple[tuple[str, str], ...] = ()
    """Who plays with whom in a role-play: pairs of seats, side A first (empty: students
    pair themselves at a machine)."""

    def to_json(self) -> dict[str, Any]:
        """Return the ``settings.json`` object (``seats``, ``role_plays`` and ``pairs`` only
        when the class has them, so a pack without them reads in any version of the game)."""
        data: dict[str, Any] = {
            "seed": self.seed,
            "hints": self.hints,
            "round_limit": self.round_limit,
        }
        if self.seats:
            data["seats"] = list(self.seats)
        if self.role_plays:
            data["role_plays"] = list(self.role_plays)
        if self.pairs:
            data["pairs"] = [list(pair) for pair in self.pairs]
        return data

    def pair_id(self, seat_a: str | None, seat_b: str | None) -> str | None:
        """Return the id of the teacher's pair made of these two seats (either order):
        ``pair-01`` for the first pair, or None when they are not paired together."""
        for number, pair in enumerate(self.pairs, start=1):
            if {seat_a, seat_b} == set(pair):
                return f"pair-{number:02d}"
        return None


def pair_seats(seats: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Return the seats paired in roster order (1 with 2, 3 with 4, ...); an odd last seat
    is left out (that student joins a pair of their choice at a machine)."""
    return tuple((seats[i], seats[i + 1]) for i in range(0, len(seats) - 1, 2))


@dataclass(frozen=True)
class PackLevel:
    """One level of a pack: its file's bytes as shipped and the checked level."""

    id: str
    version: int
    title: str
    member: str
    data: bytes
    level: LoadedLevel


@dataclass(frozen=True)
class ClassPack:
    """A pack that passed every check (see :func:`read_pack`)."""

    name: str
    code: str
    settings: PackSettings
    created_at: str
    game_version: str
    content_hash: str
    levels: tuple[PackLevel, ...]
    manifest: dict[str, Any]
    results: ClassResults | None = None
    """The class's results (format 2), or None."""
    results_data: bytes | None = None
    """``results.json`` as the pack carries it, or None."""
    portraits: Mapping[str, bytes] = field(default_factory=dict)
    """The levels' own portraits (format 3): ``portraits/<set>/<expression>.png`` -> PNG."""

    @property
    def format_version(self) -> int:
        """Return the pack's format version (1, or 2 with the class's results)."""
        return int(self.manifest.get("format_version", PACK_FORMAT_VERSION))


# --------------------------------------------------------------------------- manifest models
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


_Sha = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
_LevelId = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


class _FileEntry(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=60)]
    size: int = Field(ge=0, le=max(MAX_LEVEL_BYTES, MAX_RESULTS_BYTES))
    sha256: _Sha


class _LevelEntry(_Strict):
    id: _LevelId
    version: int = Field(ge=1, le=10_000)
    title: Annotated[str, Field(min_length=1, max_length=80)]
    file: Annotated[str, Field(min_length=1, max_length=60)]


class _ClassEntry(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    code: Annotated[str, Field(pattern=CLASS_CODE_PATTERN.pattern)]


class _Manifest(_Strict):
    format: Literal["common-ground-class-pack"]
    format_version: Literal[1, 2, 3]
    class_: _ClassEntry = Field(alias="class")
    created_at: Annotated[str, Field(min_length=1, max_length=40)]
    game_version: Annotated[str, Field(min_length=1, max_length=40)]
    files: list[_FileEntry] = Field(min_length=2, max_length=MAX_MEMBERS)
    levels: list[_LevelEntry] = Field(min_length=1, max_length=MAX_LEVELS)
    content_hash: Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")]


class _Settings(_Strict):
    seed: int = Field(ge=0, le=MAX_SEED)
    hints: Hints | None = None
    round_limit: int | None = Field(default=None, ge=1, le=MAX_ROUND_LIMIT)
    seats: list[Annotated[str, Field(pattern=r"^[a-z]{2,12}-[0-9]{2}$")]] = Field(
        default_factory=list, max_length=MAX_SEATS
    )
    role_plays: list[_LevelId] = Field(default_factory=list, max_length=MAX_LEVELS)
    pairs: list[
        Annotated[
            list[Annotated[str, Field(pattern=r"^[a-z]{2,12}-[0-9]{2}$")]],
            Field(min_length=2, max_length=2),
        ]
    ] = Field(default_factory=list, max_length=MAX_SEATS // 2)

    @model_validator(mode="after")
    def _distinct_seats(self) -> _Settings:
        if len(set(self.seats)) != len(self.seats):
            raise ValueError(N_("every seat has its own student id"))
        if len(set(self.role_plays)) != len(self.role_plays):
            raise ValueError(N_("a level is named twice among the role-plays"))
        paired = [seat for pair in self.pairs for seat in pair]
        if any(seat not in self.seats for seat in paired):
            raise ValueError(N_("pairs are made of the class's seats"))
        if len(set(paired)) != len(paired):
            raise ValueError(N_("a seat is in one pair at most, with another seat"))
        return self


# --------------------------------------------------------------------------- hashing
def canonical_json(value: Any) -> bytes:
    """Return ``value`` as canonical JSON bytes (sorted keys, no spaces, UTF-8)."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_hash(manifest: dict[str, Any]) -> str:
    """Return ``sha256:HEX`` over the manifest without its ``content_hash`` key."""
    body = {k: v for k, v in manifest.items() if k != "content_hash"}
    return "sha256:" + hashlib.sha256(canonical_json(body)).hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def derive_class_code(name: str, digest: str) -> str:
    """Return a class code: the name's words in capitals (at most 15 characters) + 4 hex digits.

    ``"Negotiation 101, Tuesday"`` with digest ``"3f2a..."`` gives ``"NEGOTIATION-101-3F2A"``.
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = "-".join(re.findall(r"[A-Za-z0-9]+", plain)).upper()[:15].strip("-") or "CLASS"
    return f"{slug}-{digest[:4].upper()}"


# --------------------------------------------------------------------------- making a pack
def with_settings(data: dict[str, Any], settings: PackSettings) -> dict[str, Any]:
    """Return a copy of a level's JSON data with the pack's hints and round limit written in."""
    copy = json.loads(json.dumps(data))
    rules = copy.setdefault("rules", {})
    if settings.round_limit is not None:
        rules["deadline_rounds"] = settings.round_limit
    if settings.hints is not None:
        shown = settings.hints == "on"
        rules["hints"] = {"agreement_zone": shown, "other_priorities": shown, "offer_value": shown}
    return copy


def prepare_level(path: Path, settings: PackSettings) -> tuple[str, bytes, LoadedLevel]:
    """Return ``(member name, file bytes, level)`` of a level file as the pack will carry it.

    The file is checked with the game's loader first, then again with the pack's settings
    written in (a round limit can make a level's objectives unreachable).  Raises
    ``LevelError`` naming the file.
    """
    from game.levels.loader import load_level

    original = load_level(path)  # every check, with the level's own folder for its assets
    if original.model.assets:
        raise LevelError(
            str(path),
            [
                Problem(
                    "assets",
                    tr(
                        "a level with extra files (assets) cannot travel in a class pack yet: "
                        "remove the assets or hand the level out as a folder"
                    ),
                )
            ],
        )
    data = parse_json(path.read_bytes(), str(path))
    adjusted = with_settings(data, settings)
    raw = (json.dumps(adjusted, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    source = f"{path} (with the pack's settings)"
    level = load_level_bytes(raw, source, original.base_dir)  # its folder: its own portraits
    return f"{LEVELS_FOLDER}{level.id}.json", raw, level


def level_portrait_members(levels: Sequence[LoadedLevel]) -> dict[str, bytes]:
    """Return the portrait images ``levels`` draw from their own folders, as pack members.

    Raises ``ValueError`` when two levels ship different sets of one name, or when the sets
    are more or larger than a pack carries.
    """
    members: dict[str, bytes] = {}
    owner: dict[str, str] = {}
    for level in levels:
        if level.base_dir is None:
            continue
        own = set(level_portraits(level.base_dir))
        for name in sorted({npc.portrait for npc in level.model.npcs} & own):
            for expression in _EXPRESSIONS:
                path = level_portrait_file(level.base_dir, name, expression)
                if path is None:
                    continue
                member = f"{PORTRAITS_FOLDER}{name}/{expression}.png"
                image = path.read_bytes()
                if member in members and members[member] != image:
                    raise ValueError(
                        tr(
                            "the levels {first} and {second} draw different portrait sets "
                            "named {name}: rename one set (and its portrait fields)"
                        ).format(first=repr(owner[name]), second=repr(level.id), name=repr(name))
                    )
                members[member] = image
                owner.setdefault(name, level.id)
    _check_portrait_totals(members, ValueError)
    return members


def _check_portrait_totals(members: Mapping[str, bytes], error: Callable[[str], Exception]) -> None:
    sets = {member.split("/")[1] for member in members}
    if len(sets) > MAX_PORTRAIT_SETS:
        raise error(
            tr(
                "the levels draw {count} portrait sets of their own; a class pack carries at "
                "most {most}: give some characters one of the game's portraits"
            ).format(count=len(sets), most=MAX_PORTRAIT_SETS)
        )
    total = sum(len(image) for image in members.values())
    if total > MAX_PORTRAITS_BYTES:
        raise error(
            tr(
                "the levels' own portraits take {total} bytes; a class pack carries at most "
                "{most}: save the images smaller (a 256 × 256 PNG is usually under 50 KB)"
            ).format(total=written(total), most=written(MAX_PORTRAITS_BYTES))
        )


def build_pack(
    name: str,
    levels: Sequence[tuple[str, bytes, LoadedLevel]],
    settings: PackSettings,
    *,
    created_at: str,
    game_version: str,
    code: str | None = None,
    results: ClassResults | None = None,
    portraits: Mapping[str, bytes] | None = None,
) -> bytes:
    """Return the bytes of a pack holding ``levels`` (from :func:`prepare_level`).

    With ``results`` (the class's, see ``class_results.py``) the pack is of format 2 and
    carries them as ``results.json``; without, it is of format 1.  The portrait sets the
    levels draw from their own folders travel too (format 3), with ``portraits`` (pack
    members, as :attr:`ClassPack.portraits`) when the levels come from a pack.  Raises
    ``ValueError`` for a bad name, code, settings or level list.
    """
    name = " ".join(name.split())
    if not 1 <= len(name) <= 80 or not name.isprintable():
        raise ValueError("the class name needs 1 to 80 printable characters")
    if not 1 <= len(levels) <= MAX_LEVELS:
        raise ValueError(f"a class pack holds 1 to {MAX_LEVELS} levels")
    too_heavy = pack_weight_problem([analysis_weight(level.model) for _, _, level in levels])
    if too_heavy:
        raise ValueError(too_heavy)
    ids = [level.id for _, _, level in levels]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ValueError(f"level {twice[0]!r} is named twice: each level goes in a pack once")
    _Settings.model_validate(settings.to_json())
    problem = role_play_problem(settings.role_plays, {level.id: level for _, _, level in levels})
    if problem:
        raise ValueError(problem)
    settings_raw = (json.dumps(settings.to_json(), indent=2) + "\n").encode("utf-8")
    files = {SETTINGS: settings_raw, **{member: raw for member, raw, _ in levels}}
    images = {**(portraits or {}), **level_portrait_members([level for _, _, level in levels])}
    _check_portrait_totals(images, ValueError)
    files.update(sorted(images.items()))
    if results is not None:
        files[RESULTS] = results_bytes(results)
        if len(files[RESULTS]) > MAX_RESULTS_BYTES:
            raise ValueError(
                f"the class's results take {len(files[RESULTS]):,} bytes; a pack may carry "
                f"at most {MAX_RESULTS_BYTES:,}"
            )
    if code is None:
        digest = _sha256(
            canonical_json({"name": name, "files": {m: _sha256(d) for m, d in files.items()}})
        )
        code = derive_class_code(name, digest)
    code = code.strip().upper()
    if not CLASS_CODE_PATTERN.match(code):
        raise ValueError(
            "a class code is 3 to 20 capital letters, digits or '-' (not at either end)"
        )
    manifest: dict[str, Any] = {
        "format": PACK_FORMAT,
        "format_version": (
            PORTRAITS_FORMAT_VERSION
            if images
            else ROLE_PLAY_FORMAT_VERSION
            if settings.role_plays or settings.pairs
            else PACK_FORMAT_VERSION
            if results is None
            else RESULTS_FORMAT_VERSION
        ),
        "class": {"name": name, "code": code},
        "created_at": created_at,
        "game_version": game_version,
        "files": [
            {"name": member, "size": len(data), "sha256": _sha256(data)}
            for member, data in files.items()
        ],
        "levels": [
            {
                "id": level.id,
                "version": level.model.version,
                "title": level.model.title,
                "file": member,
            }
            for member, _, level in levels
        ],
    }
    manifest["content_hash"] = content_hash(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = {MANIFEST: (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()}
        entries.update(files)
        for member, data in entries.items():
            info = zipfile.ZipInfo(member, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def build_results_pack(
    pack: ClassPack, results: ClassResults, *, created_at: str, game_version: str
) -> bytes:
    """Return ``pack`` remade as format 2 with the class's ``results`` (replacing any it had).

    The name, code, settings and level files are kept byte for byte, so students who
    install it keep their class, their student id and their progress.
    """
    return build_pack(
        pack.name,
        [(level.member, level.data, level.level) for level in pack.levels],
        pack.settings,
        created_at=created_at,
        game_version=game_version,
        code=pack.code,
        results=results,
        portraits=pack.portraits,
    )


def role_play_problem(role_plays: Sequence[str], levels: dict[str, LoadedLevel]) -> str | None:
    """Return why these levels cannot be the pack's role-plays, or None: each must be one of
    the pack's levels and playable by two people (``game.levels.roleplay.refusal``)."""
    from game.levels.roleplay import refusal

    for level_id in role_plays:
        level = levels.get(level_id)
        if level is None:
            return tr("the role-play {id} is not one of the pack's levels").format(
                id=repr(level_id)
            )
        reason = refusal(level)
        if reason is not None:
            return tr("{id} cannot be a role-play: {reason}").format(
                id=repr(level_id), reason=reason
            )
    return None


def pack_weight_problem(weights: Sequence[int]) -> str | None:
    """Return why levels of these analysis weights cannot go in one pack, or None."""
    total = sum(weights)
    if total <= MAX_PACK_WEIGHT:
        return None
    return tr(
        "the levels need {total} packages analysed in all (a package of a level with three "
        "or more parties counts {each}); a class pack may need at most {most}: use fewer or "
        "smaller levels"
    ).format(
        total=written(total),
        each=written(MAX_PACKAGES_TWO_PARTIES // max_packages(3)),
        most=written(MAX_PACK_WEIGHT),
    )


def _check_weight(blobs: Sequence[bytes], source: str) -> None:
    """Refuse a pack whose levels together are too large to analyse, before any is built."""
    weights = []
    for blob in blobs:
        try:
            weights.append(analysis_weight(validate_data(parse_json(blob, source), source)))
        except (LevelError, ValueError, TypeError):
            continue  # the full check below names what is wrong with this level
    problem = pack_weight_problem(weights)
    if problem:
        raise PackError(source, [Problem("levels", problem)])


# --------------------------------------------------------------------------- reading a pack
def read_pack(path: Path | str) -> ClassPack:
    """Check a pack file completely and return what it holds; raise ``PackError`` otherwise.

    Nothing is written.  The problems name the pack and the member: ``PACK: MEMBER: WHAT``.
    """
    path = Path(path)
    source = str(path)
    try:
        if not path.is_file():
            what = (
                tr("the pack does not exist") if not path.exists() else tr("the pack is not a file")
            )
            raise PackError(source, [Problem(_pack_place(), what)])
        size = path.stat().st_size
        if size > MAX_PACK_BYTES:
            raise PackError(
                source,
                [
                    Problem(
                        _pack_place(),
                        tr(
                            "the file is {size} bytes; a class pack may be at most {most} "
                            "bytes, so it was not opened"
                        ).format(size=written(size), most=written(MAX_PACK_BYTES)),
                    )
                ],
            )
        with path.open("rb") as stream:
            raw = stream.read(MAX_PACK_BYTES + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        what = tr("cannot read the file: {reason}").format(reason=reason)
        raise PackError(source, [Problem(_pack_place(), what)]) from None
    return read_pack_bytes(raw, source)


def read_pack_bytes(raw: bytes, source: str) -> ClassPack:
    """Check a pack from its bytes (``source`` names it in messages); see :func:`read_pack`."""
    if len(raw) > MAX_PACK_BYTES:
        raise PackError(
            source, [Problem(_pack_place(), tr("the file is too large for a class pack"))]
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise PackError(
            source,
            [
                Problem(
                    _pack_place(),
                    tr(
                        "this is not a class pack: the file is not a zip archive, or it is "
                        "damaged (was it copied completely?)"
                    ),
                )
            ],
        ) from None
    with archive:
        members = _check_structure(archive, source)
        data = {name: _read_member(archive, info, source) for name, info in members.items()}
    return _check_contents(data, source)


def _member_label(name: str) -> str:
    shown = name if len(name) <= 80 else name[:77] + "..."
    return json.dumps(shown, ensure_ascii=False)[1:-1] or tr("(empty name)")


def _pack_place() -> str:
    """Return the place of a problem with the pack as a whole."""
    return tr("(pack)")


def _name_problem(name: str) -> str | None:
    """Return why a member name is refused, or None for one a pack may hold."""
    if "\x00" in name:
        return tr("the name hides a NUL byte")
    if "\\" in name:
        return tr("the name contains a backslash (a Windows path?)")
    if name.startswith("/") or _DRIVE.match(name):
        return tr("an absolute path: a pack may only hold relative names")
    if ".." in PurePosixPath(name).parts:
        return tr("the name leads outside the folder it is unpacked to (path traversal)")
    if name in (MANIFEST, SETTINGS, RESULTS) or _LEVEL_MEMBER.match(name):
        return None
    if _PORTRAIT_MEMBER.match(name):
        return None
    return tr(
        "an unexpected file: a class pack holds only manifest.json, settings.json, "
        "results.json, levels/<level id>.json and portraits/<set>/<expression>.png"
    )


def _check_structure(archive: zipfile.ZipFile, source: str) -> dict[str, zipfile.ZipInfo]:
    """Return the members by name after checking everything the central directory says."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackError(
            source,
            [
                Problem(
                    _pack_place(),
                    tr(
                        "the archive holds {count} files; a class pack holds at most {levels} "
                        "levels and {portraits} portraits ({most} files)"
                    ).format(
                        count=written(len(infos)),
                        levels=MAX_LEVELS,
                        portraits=MAX_PORTRAIT_FILES,
                        most=MAX_MEMBERS,
                    ),
                )
            ],
        )
    problems: list[Problem] = []
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.orig_filename
        where = _member_label(name)
        kind = stat.S_IFMT(info.external_attr >> 16)
        if info.is_dir() or kind == stat.S_IFDIR:
            if name.rstrip("/") == LEVELS_FOLDER.rstrip("/") and info.file_size == 0:
                continue  # a zip tool's folder entry: harmless
            problems.append(Problem(where, tr("a folder entry a class pack does not use")))
            continue
        reason = _name_problem(name)
        if reason is not None:
            problems.append(Problem(where, reason))
            continue
        if kind == stat.S_IFLNK:
            problems.append(Problem(where, tr("a symbolic link: a pack may only hold plain files")))
            continue
        if kind not in (0, stat.S_IFREG):
            problems.append(Problem(where, tr("not a plain file (a device or a pipe?)")))
            continue
        if name in members:
            problems.append(Problem(where, tr("the archive holds this name twice")))
            continue
        if info.flag_bits & 0x1:
            problems.append(Problem(where, tr("the file is encrypted; a class pack never is")))
            continue
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problems.append(
                Problem(where, tr("an unsupported compression method (use the standard deflate)"))
            )
            continue
        limit = (
            MAX_LEVEL_BYTES
            if name.startswith(LEVELS_FOLDER)
            else MAX_PORTRAIT_BYTES
            if name.startswith(PORTRAITS_FOLDER)
            else MAX_RESULTS_BYTES
            if name == RESULTS
            else MAX_SMALL_BYTES
        )
        if info.file_size > limit:
            problems.append(
                Problem(
                    where,
                    tr("unpacks to {size} bytes; at most {most} are allowed").format(
                        size=written(info.file_size), most=written(limit)
                    ),
                )
            )
            continue
        if info.file_size > 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            problems.append(
                Problem(
                    where,
                    tr(
                        "compressed {ratio} to 1, far beyond the {most} to 1 of a real level "
                        "(a zip bomb?)"
                    ).format(
                        ratio=written(info.file_size // max(info.compress_size, 1)), most=MAX_RATIO
                    ),
                )
            )
            continue
        total += info.file_size
        members[name] = info
    if total > MAX_TOTAL_BYTES:
        problems.append(
            Problem(
                _pack_place(),
                tr("the files unpack to {total} bytes; at most {most} are allowed").format(
                    total=written(total), most=written(MAX_TOTAL_BYTES)
                ),
            )
        )
    if problems:
        raise PackError(source, problems)
    return members


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> bytes:
    """Return a member's bytes, reading no more than its declared size (plus one byte)."""
    where = _member_label(info.orig_filename)
    try:
        with archive.open(info) as stream:
            data = stream.read(info.file_size + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        raise PackError(
            source, [Problem(where, tr("cannot be unpacked: the pack is damaged (bad checksum)"))]
        ) from None
    if len(data) != info.file_size:
        raise PackError(source, [Problem(where, tr("its size differs from what the archive says"))])
    return data


def _parse_small_json(data: bytes, member: str, source: str) -> Any:
    try:
        return parse_json(data, f"{source} [{member}]")
    except LevelError as error:
        raise PackError(
            source, [Problem(f"{member}: {p.location}", p.message) for p in error.problems]
        ) from None


def _model_problems(member: str, error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False)[:10]:
        location = json_path(item["loc"])
        problems.append(Problem(f"{member}: {location}", validation_message(item)))
    return problems


def _read_manifest(data: dict[str, bytes], source: str) -> tuple[dict[str, Any], _Manifest]:
    """Return the pack's manifest, as read and as checked, or raise ``PackError``."""
    for required in (MANIFEST, SETTINGS):
        if required not in data:
            raise PackError(
                source,
                [Problem(required, tr("missing: this is not a class pack made by `class new`"))],
            )
    manifest = _parse_small_json(data[MANIFEST], MANIFEST, source)
    if manifest.get("format") != PACK_FORMAT:
        raise PackError(
            source, [Problem(MANIFEST, tr("this is not a Common Ground class pack (wrong format)"))]
        )
    version = manifest.get("format_version")
    if (
        isinstance(version, int)
        and not isinstance(version, bool)
        and version > NEWEST_FORMAT_VERSION
    ):
        raise PackError(
            source,
            [
                Problem(
                    MANIFEST,
                    tr(
                        "the pack was made by a newer version of the game (pack format "
                        "{version}); update Common Ground to open it"
                    ).format(version=version),
                )
            ],
        )
    try:
        model = _Manifest.model_validate(manifest)
    except ValidationError as error:
        raise PackError(source, _model_problems(MANIFEST, error)) from None
    return manifest, model


def _member_problems(
    data: dict[str, bytes], manifest: dict[str, Any], model: _Manifest
) -> list[Problem]:
    """Return what is wrong with the members against the manifest (hash, checksums, levels)."""
    problems: list[Problem] = []
    if content_hash(manifest) != model.content_hash:
        problems.append(
            Problem(
                MANIFEST,
                tr(
                    "the manifest does not match its content hash: the pack was changed after "
                    "it was made, or is damaged"
                ),
            )
        )
    listed = {entry.name: entry for entry in model.files}
    if len(listed) != len(model.files):
        problems.append(Problem(MANIFEST, tr("the file list names a file twice")))
    for name, blob in data.items():
        if name == MANIFEST:
            continue
        entry = listed.get(name)
        if entry is None:
            problems.append(Problem(_member_label(name), tr("is not listed in the manifest")))
        elif entry.size != len(blob) or entry.sha256 != _sha256(blob):
            problems.append(
                Problem(
                    _member_label(name),
                    tr(
                        "has been changed since the pack was made (its checksum does not match "
                        "the manifest)"
                    ),
                )
            )
    for name in listed:
        if name not in data:
            problems.append(
                Problem(
                    _member_label(name), tr("is listed in the manifest but missing from the pack")
                )
            )
    level_files = {n for n in data if n.startswith(LEVELS_FOLDER)}
    seen_ids: set[str] = set()
    for index, level_entry in enumerate(model.levels):
        if level_entry.file != f"{LEVELS_FOLDER}{level_entry.id}.json":
            problems.append(
                Problem(f"{MANIFEST}: levels[{index}].file", tr("must be levels/<level id>.json"))
            )
        if level_entry.id in seen_ids:
            problems.append(
                Problem(f"{MANIFEST}: levels[{index}].id", tr("the level is listed twice"))
            )
        seen_ids.add(level_entry.id)
    unlisted = level_files - {entry.file for entry in model.levels}
    for name in sorted(unlisted):
        problems.append(Problem(_member_label(name), tr("is not one of the manifest's levels")))
    return problems


def _check_contents(data: dict[str, bytes], source: str) -> ClassPack:
    """Check the manifest, checksums, content hash, settings and levels of unpacked members."""
    manifest, model = _read_manifest(data, source)
    problems = _member_problems(data, manifest, model)
    if problems:
        raise PackError(source, problems)

    settings_data = _parse_small_json(data[SETTINGS], SETTINGS, source)
    try:
        settings_model = _Settings.model_validate(settings_data)
    except ValidationError as error:
        raise PackError(source, _model_problems(SETTINGS, error)) from None
    settings = PackSettings(
        settings_model.seed,
        settings_model.hints,
        settings_model.round_limit,
        tuple(settings_model.seats),
        tuple(settings_model.role_plays),
        tuple((a, b) for a, b in settings_model.pairs),
    )

    _check_weight([data[entry.file] for entry in model.levels], source)
    portraits = {name: blob for name, blob in data.items() if name.startswith(PORTRAITS_FOLDER)}
    problems.extend(_portrait_problems(portraits, model.format_version))
    if problems:
        raise PackError(source, problems)
    carried = {name.split("/")[1] for name in portraits}
    levels: list[PackLevel] = []
    for entry in model.levels:
        blob = data[entry.file]
        try:
            level = load_level_bytes(
                blob, f"{source} [{entry.file}]", None, carried_portraits=carried
            )
        except LevelError as error:
            problems.extend(
                Problem(f"{entry.file}: {p.location}", p.message) for p in error.problems
            )
            continue
        if level.id != entry.id or level.model.version != entry.version:
            problems.append(
                Problem(entry.file, tr("the level's id or version differs from the manifest"))
            )
            continue
        if level.model.assets:
            problems.append(
                Problem(f"{entry.file}: assets", tr("a pack level cannot use asset files"))
            )
            continue
        levels.append(
            PackLevel(entry.id, entry.version, level.model.title, entry.file, blob, level)
        )
    if not problems:
        reason = role_play_problem(settings.role_plays, {item.id: item.level for item in levels})
        if reason:
            problems.append(Problem(f"{SETTINGS}: role_plays", reason))
        elif (settings.role_plays or settings.pairs) and (
            model.format_version < ROLE_PLAY_FORMAT_VERSION
        ):
            problems.append(
                Problem(
                    SETTINGS,
                    tr(
                        "a pack of format {version} has no role-plays or pairs (the manifest "
                        "must say format_version {needed})"
                    ).format(version=model.format_version, needed=ROLE_PLAY_FORMAT_VERSION),
                )
            )
    results = None
    results_data = data.get(RESULTS)
    if results_data is not None and not problems:
        if model.format_version < RESULTS_FORMAT_VERSION:
            problems.append(
                Problem(
                    RESULTS,
                    tr(
                        "a pack of format {version} carries no results (the manifest must say "
                        "format_version {needed})"
                    ).format(version=model.format_version, needed=RESULTS_FORMAT_VERSION),
                )
            )
        else:
            by_id = {level.id: level.level for level in levels}
            results, found = check_results(results_data, by_id, source)
            problems.extend(found)
    if problems:
        raise PackError(source, problems)
    return ClassPack(
        name=model.class_.name,
        code=model.class_.code,
        settings=settings,
        created_at=model.created_at,
        game_version=model.game_version,
        content_hash=model.content_hash,
        levels=tuple(levels),
        manifest=manifest,
        results=results,
        results_data=results_data if results is not None else None,
        portraits=dict(sorted(portraits.items())),
    )


def _portrait_problems(portraits: Mapping[str, bytes], format_version: int) -> list[Problem]:
    """Return what is wrong with the portraits a pack carries (format 3), one line each."""
    if not portraits:
        return []
    if format_version < PORTRAITS_FORMAT_VERSION:
        return [
            Problem(
                PORTRAITS_FOLDER,
                tr(
                    "a pack of format {version} carries no portraits (the manifest must say "
                    "format_version {needed})"
                ).format(version=format_version, needed=PORTRAITS_FORMAT_VERSION),
            )
        ]
    problems: list[Problem] = []
    try:
        _check_portrait_totals(portraits, ValueError)
    except ValueError as error:
        problems.append(Problem(PORTRAITS_FOLDER, str(error)))
    sets: dict[str, set[str]] = {}
    for member, image in sorted(portraits.items()):
        _, name, filename = member.split("/")
        sets.setdefault(name, set()).add(filename.removesuffix(".png"))
        size = png_size(image[:24])
        if size != (PORTRAIT_SIZE, PORTRAIT_SIZE):
            what = (
                tr("is not a PNG image; a portrait is a {size} × {size} PNG")
                if size is None
                else tr("is {width} × {height} pixels; a portrait is a {size} × {size} PNG")
            )
            problems.append(
                Problem(
                    member,
                    what.format(
                        width=size[0] if size else 0,
                        height=size[1] if size else 0,
                        size=PORTRAIT_SIZE,
                    ),
                )
            )
    for name, expressions in sets.items():
        missing = [e for e in PORTRAIT_EXPRESSIONS if e not in expressions]
        if missing:
            problems.append(
                Problem(
                    f"{PORTRAITS_FOLDER}{name}/",
                    tr("the set has no {files}").format(
                        files=", ".join(f"{e}.png" for e in missing)
                    ),
                )
            )
    return problems


def pack_path(text: str | Path) -> Path:
    """Return the pack file a typed or dropped path means.

    Quotes around it and ``~`` are handled; ``.cgpack`` may be left out (Windows hides
    extensions: the file shows as ``neg101``); a folder holding exactly one pack means
    that pack (``E:/``, the USB stick).  A path that matches nothing comes back as given,
    for :func:`read_pack` to say so.
    """
    raw = str(text).strip().strip('"').strip("'").strip()
    path = Path(raw).expanduser()
    if path.is_dir():
        try:
            packs = sorted(p for p in path.iterdir() if p.suffix.lower() == PACK_SUFFIX)
        except OSError:
            return path
        return packs[0] if len(packs) == 1 and packs[0].is_file() else path
    if not path.is_file() and path.suffix.lower() != PACK_SUFFIX:
        with_suffix = path.with_name(path.name + PACK_SUFFIX)
        if with_suffix.is_file():
            return with_suffix
    return path
