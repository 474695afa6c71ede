"""Remake the committed fixtures: a class pack and three results exports from three "machines".

    python tests/classroom/data/make_fixtures.py

Eight students on three machines join the pack, play both levels with different scripted
players and export; one export is taken again later (so the report merges duplicates) and
one row is marked as coming from an older game version (so the report flags it).  After
remaking them, regenerate the report screenshot reference (see test_report_browser.py).
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from game.classroom import join_class  # noqa: E402
from game.cli import main  # noqa: E402
from game.store import open_store  # noqa: E402
from tests.classroom.helpers import play_class  # noqa: E402

BOTS = ("integrator", "haggler", "linear", "reconciler", "conceder", "boulware", "walker", "grudge")


def make() -> None:
    pack = HERE / "class.cgpack"
    pack.unlink(missing_ok=True)
    assert main([
        "class", "new", "--name", "Demo class", "--code", "DEMO-CLASS-2B10", "--levels",
        "market-stall", "tablet-deal", "--seed", "2026", "--hints", "on", "--out", str(pack),
    ]) == 0  # fmt: skip
    with tempfile.TemporaryDirectory() as work:
        student = 0
        for machine, count in enumerate((3, 3, 2), start=1):
            data = Path(work) / f"machine-{machine}"
            with open_store(data) as store:
                for _ in range(count):
                    name = f"Student {student}"
                    store.ensure_profile(name)
                    join_class(store, pack, name, rng=random.Random(100 + student))
                    play_class(
                        store,
                        name,
                        {
                            "market-stall": BOTS[student % len(BOTS)],
                            "tablet-deal": BOTS[(student * 3 + 1) % len(BOTS)],
                        },
                    )
                    student += 1
            out = HERE / f"results-{machine}.csv"
            assert main(["export", "--data-dir", str(data), "--out", str(out)]) == 0
    text = (HERE / "results-3.csv").read_text(encoding="utf-8-sig")
    lines = text.splitlines(keepends=True)
    lines[-1] = lines[-1].replace(",0.1.0,", ",0.0.9,", 1)  # an older game on one machine
    (HERE / "results-3.csv").write_text("".join(lines), encoding="utf-8-sig", newline="")


if __name__ == "__main__":
    make()
