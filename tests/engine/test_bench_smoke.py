"""The engine benchmark runs and prints the figures it promises (no timing asserts)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "engine.py"


def test_quick_bench_prints_every_key():
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert data["quick"] is True
    assert {"platform", "cpu_count", "date", "python", "numpy"} <= set(data["machine"])
    analyze = data["analyze"]
    assert {"outcomes", "ours_seconds", "ours_matrix_seconds", "ours_nash", "negmas"} <= set(
        analyze
    )
    if analyze["negmas"] is None:
        assert analyze["negmas_reason"]
    else:
        assert {"version", "seconds", "matrix_seconds", "nash"} <= set(analyze["negmas"])
        assert {"speedup", "matrix_speedup", "same_answer"} <= set(analyze)
        assert analyze["same_answer"] is True
    large = data["large"]
    assert {"outcomes", "seconds", "peak_rss_mb", "memory_method", "meets_target"} <= set(large)
