"""bench/frames.py runs and prints every figure (no timing is asserted: tests never do)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "frames.py"


def test_quick_frames_bench_prints_every_figure():
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--frames", "60"],
        capture_output=True,
        env=env,
        check=True,
        timeout=120,
    )
    data = json.loads(done.stdout)
    assert set(data["table"]) == {"two_parties", "several_parties", "large_text"}
    for case in data["table"].values():
        assert {"p50_ms", "p99_ms", "max_ms", "moves", "move_frames"} <= set(case)
    assert {"p50_ms", "p99_ms"} <= set(data["debrief"])
    assert "first_title_frame_s" in data["startup"] and data["startup"]["saved_plays"] == 0
    returning = data["startup_returning"]
    assert "first_title_frame_s" in returning and returning["saved_plays"] == 200
    assert data["memory"]["rss_mb"] > 0
    assert set(data["meets"]) == {"table_p99_ms", "first_title_frame_s", "rss_mb"}
