"""The game's own loading path, headless: ``python game_probe.py DATA_DIR [LEVEL_DIR]``.

Opens the game on the data folder (title screen, with its banner of repair messages), then
the Custom levels screen, waits for every file's check and shows each one's details, and
closes.  Prints ``probe ok`` and exits 0; a store error is printed in one line per problem
and exits 1, as the game's own start does.  Anything else escapes as a traceback, which
the fuzz suite counts as a failure.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def main(data_dir: str, levels: list[str]) -> int:
    from game.app import AppOptions, open_app
    from game.levels.catalog import level_files
    from game.store import StoreError

    try:
        app = open_app(
            AppOptions(
                data_dir=Path(data_dir),
                levels_dirs=tuple(Path(p) for p in levels),
                seed=7,
                profile=None,
                window_size=(1024, 640),
                preload=False,
                manage_gc=False,
            )
        )
    except StoreError as error:
        for line in error.user_lines:
            print(line, file=sys.stderr)
        return 1
    try:
        app.start(None)
        app.run(max_frames=3, fixed_dt=1 / 60)
        app.navigator.to_custom_levels()
        app.run(max_frames=2, fixed_dt=1 / 60)
        scene = app.stack.top
        deadline = time.monotonic() + 30
        while getattr(scene, "checking", False) and time.monotonic() < deadline:
            app.run(max_frames=2, fixed_dt=1 / 60)
            time.sleep(0.01)
        for folder in levels:
            for path in level_files(Path(folder)):
                if scene.files_list.select_key(str(path)):
                    app.run(max_frames=2, fixed_dt=1 / 60)
    finally:
        app.close()
    print("probe ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
