"""Random input never gets past the loader as anything but a LevelError (or a valid level).

Two generators: arbitrary JSON documents (and arbitrary bytes), and mutations of valid
levels (a value replaced, a key dropped, renamed or added, a list item duplicated).  The
loader must either accept the file or raise LevelError with one-line problems.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.levels.loader import LoadedLevel, load_level_bytes
from game.levels.problems import LevelError

ROOT = Path(__file__).resolve().parents[2]
# Small bases keep each example fast: every other shipped level is checked as it is in
# test_schema_export.py.
BASE_FILES = [Path(__file__).resolve().parent / "data" / "small-level.json"] + [
    path
    for path in (ROOT / "levels" / "tablet-deal.json", ROOT / "levels" / "book-deal.json")
    if path.exists()
]
BASES = [json.loads(path.read_text(encoding="utf-8")) for path in BASE_FILES]

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([0, -1, 1, 0.5, 1e9, 1e300, -1e300, 10**40, "", " ", "x" * 500])
    | st.text(max_size=20)
    | st.sampled_from(
        ["boulware", "numeric", "options", "linear", "player", "price", "../x.png", "\ud800"]
    )
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=25,
)


def assert_only_level_errors(raw: bytes) -> LoadedLevel | None:
    """Load ``raw``; anything but a valid level or a LevelError fails the test."""
    try:
        return load_level_bytes(raw, "fuzz.json")
    except LevelError as error:
        assert error.user_lines
        for line in error.user_lines:
            assert line.startswith("fuzz.json: ")
            assert "\n" not in line and "\r" not in line
            line.encode("utf-8")  # printable: no lone surrogates reach the terminal
        return None


@FUZZ
@given(json_values)
def test_random_json_documents_raise_only_level_errors(value: Any) -> None:
    assert_only_level_errors(json.dumps(value).encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_raise_only_level_errors(raw: bytes) -> None:
    assert_only_level_errors(raw)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Return the path of every value in a JSON document."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


def _parent(document: Any, path: tuple) -> Any:
    node = document
    for part in path[:-1]:
        node = node[part]
    return node


@st.composite
def mutated_levels(draw: st.DrawFn) -> bytes:
    document = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = [p for p in _paths(document) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _parent(document, path), path[-1]
        action = draw(st.sampled_from(["replace", "delete", "rename", "add", "duplicate"]))
        if action == "replace":
            parent[key] = draw(json_values)
        elif action == "delete":
            del parent[key]
        elif action == "rename" and isinstance(parent, dict):
            new_key = draw(st.text(min_size=1, max_size=12))
            parent[new_key] = parent.pop(key)
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=12))] = draw(json_values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):  # and sometimes a byte-level cut or splice
        cut = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:cut] + draw(st.sampled_from(["", ",", "}", "NaN", '"', "\\", "\x00"]))
        text += text[cut:] if draw(st.booleans()) else ""
    return text.encode("utf-8", errors="surrogatepass")


@FUZZ
@given(mutated_levels())
def test_mutated_levels_raise_only_level_errors(raw: bytes) -> None:
    assert_only_level_errors(raw)


@pytest.mark.parametrize("base", BASE_FILES, ids=lambda p: p.name)
def test_the_unmutated_bases_are_valid(base: Path) -> None:
    assert assert_only_level_errors(base.read_bytes()) is not None
