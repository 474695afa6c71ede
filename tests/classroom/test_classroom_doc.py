"""docs/classroom.md walks through a lesson with the real output of today's version: every
command block marked ``<!-- run: MACHINE -->`` is run here, in order, and its output must
be the one the page shows (ids, hashes and the class code's last four characters, which
differ from run to run, are compared as placeholders).

The lesson between the blocks is played as the page tells it: six students on six
computers join with their seats and play the class's three levels (scripted players stand
in for them), each exports, and the teacher merges the exports.  After a change of output,
print the real blocks with ``CG_PRINT_DOC_OUTPUT=1`` and paste them into the page.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from game.store import open_store

from .helpers import ROOT, play_class, run_cli

DOC = ROOT / "docs" / "classroom.md"
MACHINES = {"pc1": ("Ben", 1), "pc2": ("Chen", 2), "pc3": ("Ada", 3), "pc4": ("Dara", 4),
            "pc5": ("Eli", 5), "pc6": ("Femi", 6)}  # fmt: skip
BOTS = ("teacher", "haggler", "integrator", "conceder", "walker", "linear")
_BLOCK = re.compile(r"<!-- run: (\w+) -->\n```text\n(.*?)```", re.S)
_MASKS = (
    (re.compile(r"sha256:[0-9a-f]{64}"), "sha256:HASH"),
    (re.compile(r"\b([A-Z0-9]+(?:-[A-Z0-9]+)*)-[0-9A-F]{4}\b"), r"\1-XXXX"),
    (re.compile(r"\b[a-z]+-[2-9][1-9]\b"), "SEAT-ID"),
    (re.compile(r"\d[\d,]* bytes"), "N bytes"),
    (re.compile(r"(?:/|[A-Z]:\\)\S*?/classes/"), "DATA/classes/"),
)


def _masked(text: str) -> str:
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


def doc_blocks(block: re.Pattern[str]) -> list[tuple[str, list[str], str]]:
    """Return (machine, command arguments, documented output) per block of the page that
    ``block`` finds (a command run on a machine, and what it printed)."""
    found = []
    for machine, body in block.findall(DOC.read_text(encoding="utf-8")):
        first, _, output = body.partition("\n")
        command = first.removeprefix("$ ")
        while command.endswith("\\"):
            more, _, output = output.partition("\n")
            command = command[:-1] + " " + more.strip()
        args = shlex.split(command)
        assert args[:2] == ["python", "main.py"], command
        found.append((machine, args[2:], output))
    return found


def _blocks() -> list[tuple[str, list[str], str]]:
    """Return the lesson's run blocks (see :func:`doc_blocks`)."""
    return doc_blocks(_BLOCK)


def _play(tmp_path: Path, machine: str) -> None:
    """The student at ``machine`` plays every level of the class (a scripted player)."""
    name, seat = MACHINES[machine]
    with open_store(tmp_path / machine) as store:
        play_class(store, name, {"market-stall": BOTS[seat - 1], "used-car": BOTS[seat % 6],
                                 "tablet-deal": BOTS[(seat + 1) % 6]})  # fmt: skip


def _run(tmp_path: Path, capsys, machine: str, args: list[str]) -> str:
    code, out, err = run_cli(*args, "--data-dir", tmp_path / machine, capsys=capsys)
    assert code == 0, err
    return out + err


def test_the_lesson_in_the_docs_is_what_the_game_prints(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    blocks = _blocks()
    assert [m for m, _, _ in blocks][:2] == ["teacher", "pc3"], "the lesson starts with a pack"
    printed = []
    for machine, args, documented in blocks:
        if args[0] == "export":
            _play(tmp_path, machine)
            for other in MACHINES:  # every other computer of the room joins, plays, exports
                if other == machine:
                    continue
                name, seat = MACHINES[other]
                _run(tmp_path, capsys, other,
                     ["class", "join", "neg101.cgpack", "--profile", name, "--seat", str(seat)])  # fmt: skip
                _play(tmp_path, other)
                _run(tmp_path, capsys, other, ["export", "--out", f"results-{other}.csv",
                                               "--class", "Negotiation 101, Tuesday"])  # fmt: skip
        real = _run(tmp_path, capsys, machine, args)
        printed.append(f"<!-- run: {machine} -->\n$ python main.py {shlex.join(args)}\n{real}")
        if os.environ.get("CG_PRINT_DOC_OUTPUT") != "1":
            assert _masked(real) == _masked(documented), f"docs/classroom.md is stale: {args}"
    if os.environ.get("CG_PRINT_DOC_OUTPUT") == "1":
        Path(os.environ.get("CG_DOC_OUTPUT", "/tmp/classroom-doc-output.txt")).write_text(
            "\n".join(printed), encoding="utf-8"
        )
        pytest.skip("printed the real output")
    assert len(blocks) >= 5
