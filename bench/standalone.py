"""Size and start-up time of the standalone app built by `bash scripts/build-standalone`.

    python bench/standalone.py [--app dist/common-ground/common-ground] [--runs 5]

Prints one JSON object: the app folder's size on disk and file count, and the time from
spawning the app (`--max-frames 1`, dummy video driver, a fresh data folder) to its first
drawn title frame, timed as bench/frames.py times `python main.py` (the median of the
runs after one warm-up run).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from frames import bench_startup  # noqa: E402  (the one start-up clock of the benchmarks)


def folder_size(folder: Path) -> tuple[int, int]:
    """Return the bytes and the number of files below ``folder``."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = (
        ROOT
        / "dist"
        / "common-ground"
        / ("common-ground.exe" if os.name == "nt" else "common-ground")
    )
    parser.add_argument("--app", type=Path, default=default)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.app.is_file():
        print(
            f"error: {args.app} not found; build it with: bash scripts/build-standalone",
            file=sys.stderr,
        )
        return 1
    size, count = folder_size(args.app.parent)
    report = {
        "app": str(args.app),
        "folder_mb": round(size / 1e6, 1),
        "files": count,
        "startup": bench_startup(args.runs, program=[str(args.app)]),
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "date": datetime.date.today().isoformat(),
        },
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
