"""Load a level file: size and encoding checks, JSON parse, schema, lint, engine objects.

``load_level`` is the one way in: the command line's ``validate`` and ``play``, the game's
Custom levels screen and class packs all use it, so they all give the same messages.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from game import i18n
from game.engine import (
    PLAYER,
    Analysis,
    DiscreteIssue,
    EngineError,
    Negotiation,
    NumericIssue,
    OutcomeSpace,
    Party,
    Preferences,
    Protocol,
    Rules,
    UncertainEvent,
)
from game.engine.issues import Issue
from game.engine.preferences import (
    LinearValue,
    OptionScores,
    PeakValue,
    TableValue,
    ValueFunction,
)
from game.i18n import N_, ngettext, tr
from game.levels.catalog import MAX_FILE_BYTES
from game.levels.lint import lint_model, lint_reachability, within_package_limit
from game.levels.problems import LevelError, Problem, json_path, shown, suggestion
from game.levels.pydantic_words import or_words, validation_message
from game.levels.schema import LevelModel, NpcModel, PreferencesModel

logger = logging.getLogger(__name__)

MAX_DEPTH = 32
MAX_INT_DIGITS = 30  # longer integers are refused before int() parses them
MAX_PROBLEMS = 30  # problems listed per file; more are counted
PLAYER_ID = PLAYER


@dataclass(frozen=True)
class LoadedLevel:
    """A checked level with its engine objects."""

    model: LevelModel
    source: str
    base_dir: Path | None
    negotiation: Negotiation = field(repr=False)

    @property
    def id(self) -> str:
        """Return the level id."""
        return self.model.id

    @cached_property
    def analysis(self) -> Analysis:
        """Return the engine's analysis of the level (computed on first use)."""
        return Analysis(self.negotiation)

    def npc(self, npc_id: str) -> NpcModel:
        """Return an NPC by id."""
        for npc in self.model.npcs:
            if npc.id == npc_id:
                return npc
        raise KeyError(npc_id)

    @property
    def mediator(self) -> NpcModel | None:
        """Return the level's mediator (an NPC without preferences), if any."""
        return next((n for n in self.model.npcs if n.preferences is None), None)

    @property
    def party_npcs(self) -> list[NpcModel]:
        """Return the NPCs that are parties (have preferences), in order."""
        return [n for n in self.model.npcs if n.preferences is not None]


def load_level(path: Path | str, *, check_reachability: bool = True) -> LoadedLevel:
    """Read, check and build the level at ``path``; raise LevelError listing every problem."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        # Translators: where a problem is when it is the whole file (shown as "FILE: (file): ...").
        raise LevelError(source, [Problem(tr("(file)"), _os_message(error))]) from None
    if not path.is_file():
        raise LevelError(source, [Problem(tr("(file)"), tr("not a file (a folder or a device?)"))])
    if size > MAX_FILE_BYTES:
        raise LevelError(source, [_too_big(size)])
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # the file may have grown since stat
    except OSError as error:
        raise LevelError(source, [Problem(tr("(file)"), _os_message(error))]) from None
    return load_level_bytes(raw, source, path.parent, check_reachability=check_reachability)


def load_level_bytes(
    raw: bytes,
    source: str,
    base_dir: Path | None = None,
    *,
    check_reachability: bool = True,
    carried_portraits: Collection[str] = (),
) -> LoadedLevel:
    """Check and build a level from a file's bytes (``source`` names it in messages).

    ``carried_portraits``: the portrait sets a class pack carries with the level.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise LevelError(source, [_too_big(len(raw))])
    data = parse_json(raw, source)
    model = validate_data(data, source)
    problems = lint_model(model, base_dir, carried_portraits)
    if problems:
        # List the star problems too when the level can be built; never analyse a level
        # over the package limit (that is what the limit prevents).
        if check_reachability and within_package_limit(model):
            try:
                problems += lint_reachability(model, Analysis(build_negotiation(model)))
            except Exception:  # best effort: the problems above already explain the level
                logger.debug("no reachability check for %s", source, exc_info=True)
        raise LevelError(source, problems)
    try:
        negotiation = build_negotiation(model)
        level = LoadedLevel(model, source, base_dir, negotiation)
        problems = lint_reachability(level.model, level.analysis) if check_reachability else []
    except EngineError as error:
        raise LevelError(source, [Problem(error.location or "issues", str(error))]) from None
    if problems:
        raise LevelError(source, problems)
    return level


def _too_big(size: int) -> Problem:
    message = tr(
        "the file is {size} bytes; a level file may be at most {limit} bytes (1 MiB), "
        "so it was not read"
    ).format(size=i18n.number(size), limit=i18n.number(MAX_FILE_BYTES))
    return Problem(tr("(file)"), message)


def _os_message(error: OSError) -> str:
    reason = error.strerror or type(error).__name__
    return tr("cannot read the file: {reason}").format(reason=f"{reason[0].lower()}{reason[1:]}")


# --------------------------------------------------------------------------- parsing
class _Refused:
    """A value the JSON reader met that no level can hold (NaN, a number too large)."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_json(raw: bytes, source: str) -> Any:
    """Decode UTF-8 and parse JSON, refusing duplicate keys, NaN and deep nesting."""
    text = _decode(raw, source)
    if not text.strip():
        empty = tr("the file is empty; a level is a JSON object")
        raise LevelError(source, [Problem(tr("(file)"), empty)])
    duplicates: list[tuple[dict[str, Any], list[str]]] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        twice: list[str] = []
        for key, value in items:
            if key in result and key not in twice:
                twice.append(key)
            result[key] = value
        if twice:
            duplicates.append((result, twice))  # keeps the object alive: compared by identity
        return result

    def constant(name: str) -> _Refused:
        return _Refused(
            tr("{name} is not a number a level can use: write a plain number").format(name=name)
        )

    def number(literal: str) -> float | _Refused:
        value = float(literal)
        if not math.isfinite(value):
            return _Refused(tr("{number} is too large a number").format(number=_clip(literal)))
        return value

    def integer(literal: str) -> int | _Refused:
        digits = len(literal.lstrip("-"))
        if digits > MAX_INT_DIGITS:
            return _Refused(
                tr("a number with {digits} digits is too large").format(digits=i18n.number(digits))
            )
        return int(literal)

    try:
        data = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_constant=constant,
            parse_float=number,
            parse_int=integer,
        )
    except json.JSONDecodeError as error:
        raise LevelError(
            source,
            [Problem(_line_column_words(error.lineno, error.colno), _json_message(error))],
        ) from None
    except RecursionError:
        raise LevelError(source, [_too_deep()]) from None
    problems = _inspect(data, duplicates)
    if problems:
        raise LevelError(source, problems)
    if not isinstance(data, dict):
        raise LevelError(
            source,
            [
                Problem(
                    tr("(root)"),
                    tr("a level file must hold a JSON object {{...}}, not {kind}").format(
                        kind=_kind_of(data)
                    ),
                )
            ],
        )
    return data


def _decode(raw: bytes, source: str) -> str:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            message = tr("the file is {encoding} text; save it as UTF-8").format(encoding=name)
            raise LevelError(source, [Problem(tr("(file)"), message)])
    if len(raw) >= 2 and (raw[0] == 0 or raw[1] == 0):
        raise LevelError(
            source,
            [
                Problem(
                    tr("(file)"),
                    tr("the file looks like UTF-16 text (it has zero bytes); save it as UTF-8"),
                )
            ],
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw, error.start)
        byte = raw[error.start]
        raise LevelError(
            source,
            [
                Problem(
                    _line_column_words(line, column),
                    tr(
                        "byte 0x{byte} is not UTF-8 text (was the file saved as Latin-1 or "
                        "Windows-1252?): save it as UTF-8"
                    ).format(byte=f"{byte:02x}"),
                )
            ],
        ) from None


def _json_message(error: json.JSONDecodeError) -> str:
    """Return a JSON syntax error in words a level designer knows."""
    text, position, message = error.doc, error.pos, error.msg
    here = text[position : position + 1]
    before = text[:position].rstrip()[-1:]
    if message == "Expecting value":
        if here == "'":
            return tr('text must be in double quotes ("..."), not single quotes')
        if here in ("]", "}") and before == ",":
            return _dangling_comma(here)
        if not here:
            return tr("the file ends where a value was expected (is something cut off?)")
        return tr(
            "expected a value: text in double quotes, a number, true, false, null, "
            "an object {...} or a list [...]"
        )
    if message == "Expecting property name enclosed in double quotes":
        if here == "}" and before == ",":
            return _dangling_comma("}")
        if here == "'":
            return tr('keys must be in double quotes ("key"), not single quotes')
        if not here:
            return tr("the file ends inside an object (is a '}' missing?)")
        return tr('expected a key in double quotes ("key")')
    if message == "Expecting ',' delimiter":
        if not here:
            return tr("the file ends inside an object or list (is a '}' or ']' missing?)")
        return tr("expected ',' between two items, or a closing '}' or ']' (is a comma missing?)")
    if message == "Expecting ':' delimiter":
        return tr("expected ':' between a key and its value")
    if message == "Extra data":
        return tr("unexpected text after the end of the level's JSON object")
    if message.startswith("Unterminated string"):
        return tr("this text has no closing double quote")
    if message.startswith("Invalid control character"):
        return tr("a line break or tab inside text must be written as \\n or \\t")
    if message.startswith("Invalid \\uXXXX escape"):
        return tr("a \\u escape needs four hex digits, e.g. \\u00e9")
    if message.startswith("Invalid \\escape"):
        return tr("invalid backslash escape inside text (write \\\\ for a backslash)")
    return message[0].lower() + message[1:] if message else tr("invalid JSON")


def _dangling_comma(closing: str) -> str:
    return tr("a comma before {closing} has nothing after it: remove the comma").format(
        closing=repr(closing)
    )


def _line_column_words(line: int, column: int) -> str:
    """Return the place of a problem in the file's text: ``line 3 column 5``."""
    return tr("line {line} column {column}").format(line=line, column=column)


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    column = len(raw[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _too_deep() -> Problem:
    return Problem(
        tr("(root)"),
        tr(
            "objects and lists are nested more than {depth} levels deep; a level needs far fewer"
        ).format(depth=MAX_DEPTH),
    )


def _inspect(data: Any, duplicates: list[tuple[dict[str, Any], list[str]]]) -> list[Problem]:
    """Return the problems the JSON reader let through: depth, NaN, huge numbers, bad text."""
    twice = {id(obj): keys for obj, keys in duplicates}
    problems: list[Problem] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack and len(problems) < MAX_PROBLEMS:
        node, parts = stack.pop()
        if len(parts) >= MAX_DEPTH:
            return [_too_deep()]
        if isinstance(node, _Refused):
            problems.append(Problem(json_path(parts), node.message))
        elif isinstance(node, str):
            if _SURROGATE.search(node):
                problems.append(Problem(json_path(parts), tr(_SURROGATE_MESSAGE)))
            elif control := UNSHOWABLE.search(node):
                problems.append(Problem(json_path(parts), _control_message(control.group())))
        elif isinstance(node, dict):
            for key in twice.get(id(node), ()):
                problems.append(
                    Problem(
                        json_path((*parts, key)),
                        tr("the key {key} appears twice in this object; keep one").format(
                            key=shown(key)
                        ),
                    )
                )
            children = []
            for key, value in node.items():
                if _SURROGATE.search(key):
                    problems.append(Problem(json_path((*parts, key)), tr(_SURROGATE_MESSAGE)))
                elif control := UNSHOWABLE.search(key):
                    problems.append(
                        Problem(json_path((*parts, key)), _control_message(control.group()))
                    )
                children.append((value, (*parts, key)))
            stack.extend(reversed(children))
        elif isinstance(node, list):
            stack.extend(reversed([(v, (*parts, i)) for i, v in enumerate(node)]))
    return problems


_SURROGATE_MESSAGE = N_("the text holds a \\u escape that is not a character (a lone surrogate)")

#: Characters a level's text may not hold: control characters (NUL, escape, ...) but tab and
#: line break, and the invisible marks that reorder text (bidi overrides and isolates).
#: They cannot be shown: the font renderer stops at a NUL, and in a terminal an escape
#: sequence or a direction override changes what the rest of the line seems to say.
UNSHOWABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _control_message(character: str) -> str:
    code = f"U+{ord(character):04X}"
    if character == "\x00":
        message = tr("the text holds a NUL character ({code}), which cannot be shown: remove it")
    elif "\u200e" <= character:
        message = tr(
            "the text holds an invisible direction mark ({code}) that reorders what is shown: "
            "remove it"
        )
    else:
        message = tr(
            "the text holds a control character ({code}), which cannot be shown: remove it"
        )
    return message.format(code=code)


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return tr("text")
    if isinstance(value, int | float):
        return tr("a number")
    if isinstance(value, list):
        return tr("a list")
    if isinstance(value, dict):
        return tr("an object")
    return type(value).__name__


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------- schema
def validate_data(data: dict[str, Any], source: str) -> LevelModel:
    """Return the level model; raise LevelError with one problem per schema error.

    Values are checked strictly, as JSON: "350" is not a number and "yes" is not true.
    """
    try:
        try:
            text = json.dumps(data, allow_nan=False)
        except (TypeError, ValueError):  # not JSON data (a caller's own objects): check leniently
            return LevelModel.model_validate(data)
        return LevelModel.model_validate_json(text, strict=True)
    except ValidationError as error:
        raise LevelError(source, _problems_from(error.errors(include_url=False), data)) from None


def _problems_from(errors: list[Any], data: Any) -> list[Problem]:
    """Return one problem per place, merging the errors of a value that fits no union member.

    Problems come in the order of the file (a field that is missing after the fields that
    are there), whatever order the validation library reports them in.
    """
    keyed: list[tuple[tuple[Any, ...], Problem]] = []
    unions: dict[str, list[dict[str, Any]]] = {}
    order = _DocumentOrder(data)
    for error in errors:
        parts, member = _clean_location(tuple(error.get("loc", ())), data)
        if member:
            unions.setdefault(json_path(parts), []).append(error)
            if len(unions[json_path(parts)]) == 1:
                keyed.append((order.key(parts), Problem(json_path(parts), "")))  # placeholder
            continue
        keyed.append((order.key(parts), _problem_from(error, parts, data)))
    keyed.sort(key=lambda pair: pair[0])  # stable: one place's problems keep their order
    merged = []
    for _, problem in keyed:
        if problem.message == "" and problem.location in unions:
            merged.extend(_union_problems(problem.location, unions[problem.location], data))
        else:
            merged.append(problem)
    unique = list(dict.fromkeys(merged))
    if len(unique) > MAX_PROBLEMS:
        rest = len(unique) - MAX_PROBLEMS
        # The same English for one and many (as it always read); other languages agree in number.
        more = ngettext("... and {n} more problems", "... and {n} more problems", rest)
        unique = [*unique[:MAX_PROBLEMS], Problem(tr("(root)"), more.format(n=i18n.number(rest)))]
    return unique


class _DocumentOrder:
    """Sort keys that put JSON paths in the order their places appear in the data."""

    def __init__(self, data: Any) -> None:
        self._data = data
        self._positions: dict[int, dict[str, int]] = {}  # id(object) -> key -> index

    def key(self, parts: Sequence[str | int]) -> tuple[Any, ...]:
        """Return a key: present keys by position, then missing ones by name, level by level."""
        node = self._data
        key: list[tuple[int, int, str]] = []
        for part in parts:
            if isinstance(node, dict) and isinstance(part, str) and part in node:
                positions = self._positions.get(id(node))
                if positions is None:
                    positions = {name: i for i, name in enumerate(node)}
                    self._positions[id(node)] = positions
                key.append((0, positions[part], ""))
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                key.append((0, part, ""))
                node = node[part]
            else:
                key.append((1, 0, str(part)))
                node = None
        return tuple(key)


_TYPE_WORDS = {
    "float_type": N_("a number"),
    "float_parsing": N_("a number"),
    "int_type": N_("a whole number"),
    "int_parsing": N_("a whole number"),
    "int_from_float": N_("a whole number"),
    "string_type": N_("text"),
    "bool_type": N_("true or false"),
    "bool_parsing": N_("true or false"),
    "dict_type": N_("an object {...}"),
    "model_type": N_("an object {...}"),
    "model_attributes_type": N_("an object {...}"),
    "list_type": N_("a list [...]"),
    "tuple_type": N_("a list [...]"),
    "none_required": "null",  # a JSON value, written as it is
}


def _type_words(kind: str) -> str:
    """Return what a value of a pydantic type error's kind must be, in words: ``a number``."""
    words = _TYPE_WORDS[kind]
    return words if words == "null" else tr(words)


def _must_be(words: str, given: Any) -> str:
    return tr("must be {kind} (got {value})").format(kind=words, value=_show(given))


def _union_problems(location: str, errors: list[dict[str, Any]], data: Any) -> list[Problem]:
    if all(e.get("type") in _TYPE_WORDS for e in errors):
        words = list(dict.fromkeys(_type_words(e["type"]) for e in errors))
        either = words[0]
        for word in words[1:]:  # "a number or text or null"
            either = tr("{choices} or {choice}").format(choices=either, choice=word)
        return [Problem(location, _must_be(either, errors[0].get("input")))]
    relevant = [e for e in errors if e.get("type") not in _TYPE_WORDS]
    return [_problem_from(e, _clean_location(tuple(e["loc"]), data)[0], data) for e in relevant]


# Labels pydantic puts in locations for union members that are not keys: float, str, ...
_MEMBER_LABEL = re.compile(r"^(constrained-)?(str|float|int|bool|bytes|none|list|dict)$")


def _clean_location(loc: tuple[Any, ...], data: Any) -> tuple[list[str | int], bool]:
    """Drop the labels pydantic adds to locations, following the schema and the data alongside.

    A tagged union adds its tag (``issues[1]`` of type ``options`` reads ``issues, 1,
    options, ...``), a plain union adds the member's type name (``float``), a validator
    function adds ``function-after[...]``.  Return the path and whether the error belongs
    to one member of a plain union.
    """
    parts: list[str | int] = []
    member = False
    annotation: Any = LevelModel
    node = data
    for part in loc:
        if part == "[key]":
            parts.append(part)
            continue
        members = _union_members(annotation)
        if members is not None and isinstance(part, str):
            tagged = [m for m in members if _tags(m, "kind") or _tags(m, "type")]
            if tagged and len(tagged) == len(members):
                annotation = next(
                    (m for m in members if part in (*_tags(m, "kind"), *_tags(m, "type"))), None
                )
            else:
                member, annotation = True, None
            continue  # the label of a union member, not a key
        if annotation is None and isinstance(part, str):
            if not (isinstance(node, dict) and part in node) and (
                "[" in part or "," in part or _MEMBER_LABEL.match(part)
            ):
                member = member or bool(_MEMBER_LABEL.match(part))
                continue
        parts.append(part)
        annotation = _step(annotation, part)
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return parts, member


def _unwrap(annotation: Any) -> Any:
    """Return the type inside Annotated[...] and Optional[...] (a single non-None member)."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _union_members(annotation: Any) -> list[Any] | None:
    """Return the members of a union of two or more types (None for anything else)."""
    annotation = _unwrap(annotation)
    if get_origin(annotation) in (Union, UnionType):
        return [_unwrap(a) for a in get_args(annotation) if a is not type(None)]
    return None


def _step(annotation: Any, part: str | int) -> Any:
    """Return the type one step (a field, a list item, a dict value) inside ``annotation``."""
    annotation = _unwrap(annotation)
    if annotation is None:
        return None
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    if origin is list and isinstance(part, int):
        return get_args(annotation)[0]
    if origin is dict and isinstance(part, str):
        return get_args(annotation)[1]
    if origin is tuple and isinstance(part, int) and part < len(get_args(annotation)):
        return get_args(annotation)[part]
    return None


def _node_at(data: Any, parts: list[str | int]) -> Any:
    node = data
    for part in parts:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def _resolve(annotation: Any, node: Any) -> Any:
    """Unwrap Annotated and Optional; pick a tagged-union member by the data's tag."""
    members = _union_members(annotation)
    if members is None:
        return _unwrap(annotation)
    if isinstance(node, dict):
        for model in members:
            for tag_field in ("kind", "type"):
                if node.get(tag_field) in _tags(model, tag_field):
                    return model
    return _unwrap(annotation)


def _tags(model: Any, tag_field: str) -> tuple[Any, ...]:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return ()
    info = model.model_fields.get(tag_field)
    if info is None or get_origin(info.annotation) is not Literal:
        return ()
    return get_args(info.annotation)


def _annotation_at(parts: list[str | int], data: Any) -> Any:
    """Return the schema type at a place in the data (None when the path leaves the schema)."""
    annotation: Any = LevelModel
    for depth, part in enumerate(parts):
        annotation = _step(_resolve(annotation, _node_at(data, parts[:depth])), part)
        if annotation is None:
            return None
    return _resolve(annotation, _node_at(data, parts))


def _field_names_at(parts: list[str | int], data: Any) -> list[str]:
    """Return the fields of the object at ``parts`` (all field names when unknown)."""
    model = _annotation_at(parts, data)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [info.alias or name for name, info in model.model_fields.items()]
    return sorted(level_field_names())


def level_field_names() -> set[str]:
    """Return every field name of the level format, at any depth (aliases as written)."""
    names: set[str] = set()
    pending: list[type[BaseModel]] = [LevelModel]
    seen: set[type[BaseModel]] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
            pending.extend(_models_in(info.annotation))
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            found.append(item)
        stack.extend(get_args(item))
    return found


ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


def _problem_from(error: dict[str, Any], parts: list[str | int], data: Any) -> Problem:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    given = error.get("input")
    if parts and parts[-1] == "[key]":
        parts = parts[:-1]
        key = str(parts[-1]) if parts else ""
        return Problem(
            json_path(parts),
            # Translators: {problem} is "is not a valid id: ..." or "is not allowed: ..." (a key).
            tr("the key {key} {problem}").format(key=shown(key), problem=_key_message(error)),
        )
    location = json_path(parts)
    if kind == "extra_forbidden":
        name = str(parts[-1]) if parts else ""
        fields = _field_names_at(parts[:-1], data)
        unknown = tr("unknown field {name}").format(name=shown(name))
        return Problem(location, unknown + suggestion(name, fields))
    if kind == "missing":
        if parts and isinstance(parts[-1], int):
            shape = _annotation_at(parts[:-1], data)
            size = len(get_args(shape)) if get_origin(shape) is tuple else parts[-1] + 1
            parent = _node_at(data, parts[:-1])
            have = len(parent) if isinstance(parent, list) else 0
            # The same English for one and many (as it always read).
            exactly = ngettext(
                "needs exactly {size} items (got {have})",
                "needs exactly {size} items (got {have})",
                size,
            )
            return Problem(json_path(parts[:-1]), exactly.format(size=size, have=have))
        return Problem(location, tr("this field is required"))
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag_field = str(ctx.get("discriminator", "'kind'")).strip("'\"")
        union = _declared_union(parts, data)
        tags = [str(t) for m in union for t in _tags(m, tag_field)]
        expected = ", ".join(repr(t) for t in tags) or str(ctx.get("expected_tags", ""))
        if kind == "union_tag_not_found":
            return Problem(
                f"{location}.{tag_field}",
                tr("this field is required (one of {expected})").format(expected=expected),
            )
        tag = str(ctx.get("tag", ""))
        # Translators: {field} is a field name of the level format (kind, type), kept as it is.
        unknown = tr("unknown {field} {tag}").format(field=tag_field, tag=shown(tag))
        return Problem(
            f"{location}.{tag_field}",
            tr("{problem}; expected one of {expected}").format(
                problem=unknown + suggestion(tag, tags), expected=expected
            ),
        )
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        choices = [t.strip().strip("'") for t in expected.replace(" or ", ",").split(",")]
        hint = suggestion(str(given), choices) if isinstance(given, str) else ""
        return Problem(
            location,
            tr("got {value}; expected {expected}").format(
                value=_show(given) + hint, expected=or_words(expected)
            ),
        )
    if kind in _TYPE_WORDS:
        return Problem(location, _must_be(_type_words(kind), given))
    if kind in ("too_short", "too_long"):
        entries = ctx.get("field_type") == "Dictionary"
        actual = ctx.get("actual_length", "?")
        if kind == "too_short":
            least = ctx.get("min_length", 1)
            count = least if isinstance(least, int) else 2
            if entries:
                needs = ngettext(
                    "needs at least {least} entry (has {actual})",
                    "needs at least {least} entries (has {actual})",
                    count,
                )
            else:
                needs = ngettext(
                    "needs at least {least} item (has {actual})",
                    "needs at least {least} items (has {actual})",
                    count,
                )
            return Problem(location, needs.format(least=least, actual=actual))
        if entries:
            has = tr("has {actual} entries; at most {most} are allowed")
        else:
            has = tr("has {actual} items; at most {most} are allowed")
        return Problem(location, has.format(actual=actual, most=ctx.get("max_length", "?")))
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        if least == 1:
            return Problem(location, tr("must not be empty"))
        return Problem(location, tr("needs at least {least} characters").format(least=least))
    if kind == "string_too_long":
        length = len(given) if isinstance(given, str) else "?"
        return Problem(
            location,
            tr("is {length} characters long; at most {most} are allowed").format(
                length=length, most=ctx.get("max_length", "?")
            ),
        )
    if kind == "string_pattern_mismatch":
        return Problem(
            location,
            # Translators: {problem} is "is not a valid id: ..." said of the value {value}.
            tr("{value} {problem}").format(
                value=_show(given), problem=_pattern_message(str(ctx.get("pattern", "")))
            ),
        )
    bounds = {
        "greater_than_equal": (N_("must be at least {bound} (got {value})"), "ge"),
        "greater_than": (N_("must be above {bound} (got {value})"), "gt"),
        "less_than_equal": (N_("must be at most {bound} (got {value})"), "le"),
        "less_than": (N_("must be below {bound} (got {value})"), "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return Problem(location, tr(words).format(bound=_number(ctx.get(key)), value=_show(given)))
    message = _pydantic_message(error)
    if kind not in ("value_error", "assertion_error", "json_invalid") and not isinstance(
        given, dict | list
    ):
        message = tr("{problem} (got {value})").format(problem=message, value=_show(given))
    return Problem(location, message)


#: pydantic's messages for the rarer kinds of error, as this module shows them (first
#: letter lower-case), so that they are said in the language in use; any other kind, or a
#: message pydantic words differently, is shown as pydantic gives it (in English).
def _pydantic_message(error: dict[str, Any]) -> str:
    """Return a pydantic error's message, first letter lower-case, in the language in use:
    a level format check's own (a value error), else pydantic's words translated where
    :func:`game.levels.pydantic_words.validation_message` knows them."""
    message = str(error.get("msg", ""))
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if not message:
        return tr("invalid value")
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and str(ctx.get("error", "")) == message:
        said = tr(message)  # the checks' own messages are marked where they are raised
        return said[0].lower() + said[1:] if said else said
    if kind == "value_error":
        return message[0].lower() + message[1:]
    return validation_message(error)


def _declared_union(parts: list[str | int], data: Any) -> list[Any]:
    """Return the members of the (tagged) union declared at ``parts``."""
    if not parts:
        return []
    parent = _annotation_at(parts[:-1], data)
    return _union_members(_step(parent, parts[-1])) or []


def _key_message(error: dict[str, Any]) -> str:
    if error.get("type") == "string_pattern_mismatch":
        return _pattern_message(str((error.get("ctx") or {}).get("pattern", "")))
    message = str(error.get("msg", "is not allowed"))
    if message.startswith("Value error, "):
        return "is not allowed: " + message[0].lower() + message[1:]
    # Translators: said of a key ("the key 'x' is not allowed: ..."); {reason} is pydantic's.
    return tr("is not allowed: {reason}").format(reason=_pydantic_message(error))


def _pattern_message(pattern: str) -> str:
    if pattern == ID_PATTERN:
        return tr(
            "is not a valid id: use lower-case letters, digits, '-' and '_', "
            "starting with a letter or digit"
        )
    if pattern == r"^[a-z_]+$":
        return tr("is not a valid name: use lower-case letters and '_'")
    return tr("does not have the expected form ({pattern})").format(pattern=pattern)


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _show(value: Any) -> str:
    """Return a value as a designer wrote it in JSON, shortened."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object {...}"
    if isinstance(value, list | tuple):
        return "a list [...]"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- engine objects
def build_preferences(space: OutcomeSpace, model: PreferencesModel) -> Preferences:
    """Return engine preferences for a checked preferences model."""
    values: dict[str, ValueFunction] = {}
    for issue_id, function in model.values.items():
        if function.kind == "linear":
            values[issue_id] = LinearValue(function.direction)
        elif function.kind == "peak":
            values[issue_id] = PeakValue(function.peak, function.floor)
        elif function.kind == "table":
            values[issue_id] = TableValue(tuple(function.points))
        else:
            values[issue_id] = OptionScores(dict(function.scores))
    return Preferences(
        space, dict(model.weights), values, reservation=model.reservation, discount=model.discount
    )


def build_space(model: LevelModel) -> OutcomeSpace:
    """Return the outcome space of a level's issues."""
    issues: list[Issue] = []
    for issue in model.issues:
        if issue.type == "numeric":
            issues.append(
                NumericIssue(
                    issue.id,
                    issue.name,
                    issue.low,
                    issue.high,
                    issue.step,
                    issue.unit,
                    issue.unit_position == "before",
                )
            )
        else:
            issues.append(DiscreteIssue(issue.id, issue.name, tuple(issue.options)))
    return OutcomeSpace(tuple(issues))


def build_negotiation(model: LevelModel) -> Negotiation:
    """Return the engine negotiation a checked level describes."""
    space = build_space(model)
    parties = [
        Party(
            PLAYER_ID, model.player.name, build_preferences(space, model.player.preferences), True
        )
    ]
    chair = None
    for npc in model.npcs:
        if npc.preferences is None:
            chair = npc.id
            continue
        parties.append(Party(npc.id, npc.name, build_preferences(space, npc.preferences)))
    events = tuple(
        UncertainEvent(e.id, e.description, dict(e.beliefs), tuple(e.issues)) for e in model.events
    )
    rules = Rules(
        deadline_rounds=model.rules.deadline_rounds,
        protocol=Protocol(model.rules.protocol),
        quorum=model.rules.quorum,
        chair=chair,
        first_mover=model.rules.first_mover,
        talk_limit=model.rules.talk_limit,
    )
    return Negotiation(space, tuple(parties), events, rules)
