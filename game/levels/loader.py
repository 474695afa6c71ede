"""Load a level file: size and encoding checks, JSON parse, schema, lint, engine objects.

``load_level`` is the one way in: the command line's ``validate`` and ``play``, the game's
Custom levels screen and class packs all use it, so they all give the same messages.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game.engine import (
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
from game.engine.preferences import LinearValue, OptionScores, PeakValue, TableValue
from game.levels.lint import lint_model, lint_reachability
from game.levels.problems import LevelError, Problem, json_path, suggestion
from game.levels.schema import LevelModel, NpcModel, PreferencesModel

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32
PLAYER_ID = "player"


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
        raise LevelError(
            source, [Problem("(file)", f"cannot read the file: {error.strerror}")]
        ) from None
    if not path.is_file():
        raise LevelError(source, [Problem("(file)", "not a file")])
    if size > MAX_FILE_BYTES:
        raise LevelError(
            source,
            [
                Problem(
                    "(file)",
                    f"the file is {size:,} bytes; levels may be at most {MAX_FILE_BYTES:,}",
                )
            ],
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LevelError(
            source, [Problem("(file)", f"cannot read the file: {error.strerror}")]
        ) from None
    return load_level_bytes(raw, source, path.parent, check_reachability=check_reachability)


def load_level_bytes(
    raw: bytes, source: str, base_dir: Path | None = None, *, check_reachability: bool = True
) -> LoadedLevel:
    """Check and build a level from a file's bytes (``source`` names it in messages)."""
    if len(raw) > MAX_FILE_BYTES:
        raise LevelError(
            source,
            [
                Problem(
                    "(file)",
                    f"the file is {len(raw):,} bytes; levels may be at most {MAX_FILE_BYTES:,}",
                )
            ],
        )
    data = parse_json(raw, source)
    model = validate_data(data, source)
    problems = lint_model(model, base_dir)
    if problems:
        raise LevelError(source, problems)
    try:
        negotiation = build_negotiation(model)
    except EngineError as error:
        raise LevelError(source, [Problem(error.location or "issues", str(error))]) from None
    level = LoadedLevel(model, source, base_dir, negotiation)
    if check_reachability:
        problems = lint_reachability(level.model, level.analysis)
        if problems:
            raise LevelError(source, problems)
    return level


# --------------------------------------------------------------------------- parsing
def parse_json(raw: bytes, source: str) -> Any:
    """Decode UTF-8 and parse JSON, refusing duplicate keys, NaN and deep nesting."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw, error.start)
        raise LevelError(
            source, [Problem(f"line {line} column {column}", "the file is not UTF-8 text")]
        ) from None
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not allowed in a level file")

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as error:
        raise LevelError(
            source, [Problem(f"line {error.lineno} column {error.colno}", _json_message(error.msg))]
        ) from None
    except RecursionError:
        raise LevelError(
            source, [Problem("(root)", f"nested deeper than {MAX_DEPTH} levels")]
        ) from None
    except ValueError as error:
        raise LevelError(source, [Problem("(root)", str(error))]) from None
    if _depth(data) > MAX_DEPTH:
        raise LevelError(source, [Problem("(root)", f"nested deeper than {MAX_DEPTH} levels")])
    if duplicates:
        problems = []
        for key in dict.fromkeys(duplicates):
            line, column = _second_key_position(text, key)
            problems.append(
                Problem(f"line {line} column {column}", f"key {key!r} appears twice in one object")
            )
        raise LevelError(source, problems)
    if not isinstance(data, dict):
        raise LevelError(source, [Problem("(root)", "a level file must hold a JSON object")])
    return data


def _json_message(message: str) -> str:
    return message[0].lower() + message[1:] if message else "invalid JSON"


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def _second_key_position(text: str, key: str) -> tuple[int, int]:
    needle = json.dumps(key)
    first = text.find(needle)
    second = text.find(needle, first + 1) if first >= 0 else -1
    offset = second if second >= 0 else max(first, 0)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _depth(data: Any) -> int:
    deepest = 0
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            return depth
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return deepest


# --------------------------------------------------------------------------- schema
def validate_data(data: dict[str, Any], source: str) -> LevelModel:
    """Return the level model; raise LevelError with one problem per schema error."""
    try:
        return LevelModel.model_validate(data)
    except ValidationError as error:
        problems = [_problem_from(e, data) for e in error.errors(include_url=False)]
        unique = list(dict.fromkeys(problems))
        raise LevelError(source, unique) from None


def _field_names() -> set[str]:
    names: set[str] = set()
    pending = [LevelModel]
    seen: set[type] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
            for candidate in _models_in(info.annotation):
                pending.append(candidate)
    return names


def _models_in(annotation: Any) -> list[type]:
    from typing import get_args

    from pydantic import BaseModel

    found = []
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            found.append(item)
        stack.extend(get_args(item))
    return found


def _clean_location(loc: tuple[Any, ...], data: Any) -> list[str | int]:
    """Drop the union tags pydantic adds to locations and follow the data alongside."""
    parts: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(part, str) and isinstance(node, dict) and part not in node:
            if part in (node.get("kind"), node.get("type")) or "[" in part or "," in part:
                continue  # a tagged-union or function-validator label, not a key
        parts.append(part)
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return parts


def _problem_from(error: dict[str, Any], data: Any) -> Problem:
    loc = tuple(error.get("loc", ()))
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if loc and loc[-1] == "[key]":
        parts = _clean_location(loc[:-1], data)
        return Problem(json_path(parts), f"the key is not a valid id: {error.get('msg', '')}")
    parts = _clean_location(loc, data)
    location = json_path(parts)
    given = error.get("input")
    if kind == "extra_forbidden":
        name = str(parts[-1]) if parts else ""
        return Problem(location, f"unknown field {name!r}{suggestion(name, _field_names())}")
    if kind == "missing":
        return Problem(location, "this field is required")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag_field = str(ctx.get("discriminator", "'kind'")).strip("'\"")
        expected = str(ctx.get("expected_tags", ""))
        if kind == "union_tag_not_found":
            return Problem(f"{location}.{tag_field}", f"this field is required (one of {expected})")
        tag = str(ctx.get("tag", ""))
        tags = [t.strip().strip("'") for t in expected.split(",")]
        return Problem(
            f"{location}.{tag_field}",
            f"unknown {tag_field} {tag!r}{suggestion(tag, tags)}; expected one of {expected}",
        )
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        choices = [t.strip().strip("'") for t in expected.replace(" or ", ",").split(",")]
        hint = suggestion(str(given), choices) if isinstance(given, str) else ""
        return Problem(location, f"got {given!r}{hint}; expected {expected}")
    message = str(error.get("msg", "invalid value"))
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    message = message[0].lower() + message[1:] if message else message
    if (
        kind not in ("value_error", "assertion_error")
        and given is not None
        and not isinstance(given, dict | list)
    ):
        message = f"{message} (got {_short(given)})"
    return Problem(location, message)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- engine objects
def build_preferences(space: OutcomeSpace, model: PreferencesModel) -> Preferences:
    """Return engine preferences for a checked preferences model."""
    values = {}
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
    issues = []
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
