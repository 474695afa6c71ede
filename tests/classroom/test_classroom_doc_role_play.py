"""docs/classroom.md's role-play lesson is what the game prints: every command block marked
``<!-- role-play run: MACHINE -->`` is run here, in order, and its output must be the one
the page shows (ids, hashes and the class code's last four characters are compared as
placeholders, as in test_classroom_doc.py).

Between the blocks the lesson is played as the page tells it: four students, two to a
computer, each pair plays the Tablet Desk as a role-play (scripted moves stand in for the
people at the keyboard), and the teacher merges the two computers' exports.  After a change
of output, print the real blocks with ``CG_PRINT_DOC_OUTPUT=1`` and paste them in.
"""

from __future__ import annotations

import os
import re
import shlex
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from game.classroom import installed_classes, pack_seed
from game.classroom.install import role_play_pair
from game.engine import PLAYER, Move, MoveKind, Offer, individually_rational, pareto_indices
from game.finish import save_role_play
from game.levels.loader import LoadedLevel, load_level
from game.levels.roleplay import other_side
from game.roleplay.hotseat import HotSeatMatch
from game.store import open_store

from .helpers import ROOT, run_cli
from .test_classroom_doc import _masked, doc_blocks

DOC = ROOT / "docs" / "classroom.md"
_BLOCK = re.compile(r"<!-- role-play run: (\w+) -->\n```text\n(.*?)```", re.S)
MACHINES = {"pc1": (("Ada", 1), ("Ben", 2)), "pc2": (("Chen", 3), ("Dara", 4))}
PACK = "roleplay.cgpack"
CLASS = "Negotiation 101, Thursday"


def _blocks() -> list[tuple[str, list[str], str]]:
    return doc_blocks(_BLOCK)


def _offer(level: LoadedLevel, index: int) -> Offer:
    return Offer(dict(level.negotiation.space.outcome(index)))


def _packages(level: LoadedLevel) -> tuple[int, int]:
    """Return (the Nash package, a package both prefer to no deal that is far off the frontier)."""
    analysis = level.analysis
    utilities = analysis.utilities
    nash = int(np.argmax(np.prod(utilities - analysis.reserved, axis=1)))
    rational = np.flatnonzero(individually_rational(utilities, analysis.reserved))
    rational = np.setdiff1d(rational, pareto_indices(utilities))
    poor = int(rational[np.argmin(utilities[rational].sum(axis=1))])
    return nash, poor


def _play_pair(store, level: LoadedLevel, a: str, b_name: str, package: int, minute: int):
    """Two students play the role-play at one machine: B opens with its best package, A asks
    what matters, then proposes ``package``; B answers truthfully and accepts."""
    (installed,) = installed_classes(store.data_dir)
    b = other_side(level)
    students = {name: store.get_profile(name)["student_id"] for name in (a, b_name)}
    moment = datetime(2026, 12, 10, 9, minute, tzinfo=UTC)
    match = HotSeatMatch(
        level,
        {PLAYER: a, b: b_name},
        seed=pack_seed(store.data_dir, level),
        clock=lambda: moment,
        pair=role_play_pair(installed, students[a], students[b_name]),
    )
    prefs = level.negotiation.party(b).preferences
    best_b = Offer({i.id: prefs.best_value(i.id) for i in level.negotiation.space.issues})
    steps = [
        Move(MoveKind.OFFER, b, offer=best_b, text="This is my list price."),
        Move(MoveKind.ASK_PRIORITIES, PLAYER, text="What matters most to you?"),
        Move(MoveKind.OFFER, PLAYER, offer=_offer(level, package)),
    ]
    for move in steps:
        assert match.play(move).ok, move
    question = match.open_questions(b)[0].index
    weights = match.briefs[b].weights
    answer = Move(MoveKind.STATE_PRIORITIES, b, priorities=weights, meta={"answers": question})
    assert match.play(answer).ok
    assert match.play(Move(MoveKind.ACCEPT, b)).ok
    save_role_play(store, {PLAYER: a, b: b_name}, match)
    return match


def _lesson(tmp_path: Path, capsys, machine: str) -> None:
    """The two pairs at ``machine`` join (if not yet) and play, each pair once."""
    folder = tmp_path / machine
    (first, second) = MACHINES[machine]
    with open_store(folder) as store:
        joined = {p["name"] for p in store.list_profiles()}
    for name, seat in (first, second):
        if name not in joined:
            _run(tmp_path, capsys, machine, ["class", "join", PACK, "--profile", name,
                                             "--seat", str(seat)])  # fmt: skip
    (installed,) = installed_classes(folder)
    level = load_level(next(e.path for e in installed.levels if e.id == "tablet-deal"))
    nash, poor = _packages(level)
    with open_store(folder) as store:
        package, minute = (nash, 20) if machine == "pc1" else (poor, 24)
        _play_pair(store, level, first[0], second[0], package, minute)


def _run(tmp_path: Path, capsys, machine: str, args: list[str]) -> str:
    code, out, err = run_cli(*args, "--data-dir", tmp_path / machine, capsys=capsys)
    assert code == 0, err
    return out + err


def test_the_role_play_lesson_in_the_docs_is_what_the_game_prints(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    blocks = _blocks()
    assert blocks and blocks[0][0] == "teacher", "the role-play lesson starts with a pack"
    printed = []
    for machine, args, documented in blocks:
        if args[0] == "export":
            for other in MACHINES:
                _lesson(tmp_path, capsys, other)
                if other != machine:
                    _run(tmp_path, capsys, other,
                         ["export", "--out", f"results-{other}.csv", "--class", CLASS])  # fmt: skip
        real = _run(tmp_path, capsys, machine, args)
        printed.append(
            f"<!-- role-play run: {machine} -->\n$ python main.py {shlex.join(args)}\n{real}"
        )
        if os.environ.get("CG_PRINT_DOC_OUTPUT") != "1":
            assert _masked(real) == _masked(documented), f"docs/classroom.md is stale: {args}"
    if os.environ.get("CG_PRINT_DOC_OUTPUT") == "1":
        Path(os.environ.get("CG_DOC_OUTPUT", "/tmp/classroom-role-play-doc.txt")).write_text(
            "\n".join(printed), encoding="utf-8"
        )
        pytest.skip("printed the real output")
    html = (tmp_path / "roleplay.html").read_text(encoding="utf-8")
    assert "Role-play: 2 pairs" in html
    left = html[html.index("Left joint value on the table") :]
    assert "pair-02" in left[: left.index("</div>")]
    assert "pair-01" not in left[: left.index("</div>")]
    assert len(blocks) >= 4
