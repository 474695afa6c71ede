"""bench/store.py runs and prints every figure (no timing is asserted: tests never do)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "store.py"


def test_quick_store_bench_saves_and_reads_at_every_size(tmp_path):
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--dir", str(tmp_path)],
        capture_output=True,
        check=True,
        timeout=120,
    )
    data = json.loads(done.stdout)
    ours = data["common_ground_store"]
    assert set(ours) == set(data["tinydb_default_jsonstorage"]) == {"100", "1000"}
    for total, figures in ours.items():
        assert {"p50_ms", "p95_ms", "open_ms", "deals_ms", "history_ms"} <= set(figures)
        # the first profile's sessions: its share of the prefill and of the timed saves
        assert figures["profile_sessions"] == int(total) // 30 + 1 + 1
    assert list(tmp_path.iterdir()) == []  # the work folder is removed
