"""The writer the crash tests kill: it saves in a loop and prints a line after each save returns.

Lines (each written only after the save it reports has returned):

* ``open`` — the store is open;
* ``h NAME ID`` — ``add_history`` returned record ``ID``;
* ``r NAME N`` — ``save_relationship`` stored trust ``N`` for NPC ``mara``;
* ``w NAME N`` — ``update_settings`` stored window width ``320 + N``;
* ``x NAME`` — ``record_level_result`` added 1 xp.

``N`` grows with every loop, so a later value never hides an earlier lost one.  As a script:
``python crash_writer.py DATA_DIR START`` (the fault hook comes from
``$COMMON_GROUND_TEST_FAULT``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

LOOPS = 60  # after this many loops the writer idles until it is killed


def record(number: int) -> dict:
    """A finished negotiation with a full move log."""
    return {
        "level_id": "fixed-pie-1",
        "level_version": 1,
        "seed": number,
        "moves": [
            {
                "kind": "offer",
                "actor": "player" if i % 2 else "mara",
                "offer": {"terms": {"price": 90 + i}},
            }
            for i in range(12)
        ],
        "agreement": {"terms": {"price": 101}},
        "utilities": {"player": 0.55, "mara": 0.45},
        "analytics": {
            "joint_utility": 1.0,
            "distance_to_frontier": 0.0,
            "nash_point": {"price": 100},
        },
        "stars": 2,
        "finished_at": f"2025-01-01T{number // 3600 % 24:02d}:{number // 60 % 60:02d}:{number % 60:02d}Z",
        "game_version": "0.1.0",
    }


def run_writer(data_dir: Path, start: int, out: TextIO, shard_size: int = 3) -> None:
    """Open the store and save forever (or until LOOPS, then idle); ``out`` gets the lines."""
    from game.store import open_store

    store = open_store(data_dir, shard_size=shard_size)
    for name in ("Ada", "Bo"):
        store.ensure_profile(name)
    out.write("open\n")
    out.flush()
    for number in range(start, start + LOOPS):
        name = ("Ada", "Bo")[number % 2]
        record_id = store.add_history(name, record(number))
        out.write(f"h {name} {record_id}\n")
        out.flush()
        if number % 3 == 0:
            store.save_relationship(name, "mara", {"schema_version": 1, "trust": number})
            out.write(f"r {name} {number}\n")
            out.flush()
        if number % 4 == 1:
            store.update_settings(name, window={"width": 320 + number})
            out.write(f"w {name} {number}\n")
            out.flush()
        if number % 5 == 2:
            store.record_level_result(name, "pie-1", 1, 1)
            out.write(f"x {name}\n")
            out.flush()
    while True:
        time.sleep(1)


if __name__ == "__main__":
    run_writer(Path(sys.argv[1]), int(sys.argv[2]), sys.stdout)
