"""Render every menu scene to PNG files (for the README and for reviewing layouts).

    python scripts/screenshots.py [--out docs/screenshots] [--size 1280x720]
                                  [--text-scale 100] [--palette default] [--scenes title,map]

Runs headless (SDL's dummy video driver) against a throw-away data folder holding two
sample profiles, a custom level folder with a valid and a broken file, and the built-in
campaign.  Each scene is shown for a few frames, then the window surface is saved as
``<out>/<scene>.png`` (with ``-<W>x<H>``/``-<scale>``/``-<palette>`` appended when not the
defaults).  The same pictures can be taken in a real X window with scripts/screenshot.sh.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCENES = (
    "title",
    "new_profile",
    "delete_profile",
    "map",
    "briefing",
    "custom",
    "settings",
    "pause",
)
GAME_SCENES = ("table", "debrief")
"""Scenes with a negotiation in them (rendered by default, not part of the menu set)."""


def sample_data(data_dir: Path, levels_dir: Path) -> None:
    """Fill ``data_dir`` with two profiles and ``levels_dir`` with a valid and a broken level."""
    from datetime import date

    from game.store import open_store

    store = open_store(data_dir)
    try:
        store.create_profile("Ada")
        store.create_profile("Sam")
        store.record_level_result(
            "Ada", "market-stall", 3, 320, ["three-stars"], day=date(2025, 1, 6)
        )
        store.record_level_result("Ada", "used-car", 2, 200, ["walk-away"], day=date(2025, 1, 7))
        store.record_level_result("Ada", "print-run", 1, 100, [], day=date(2025, 1, 8))
        store.record_level_result("Sam", "market-stall", 1, 100, [], day=date(2025, 1, 6))
    finally:
        store.close()
    from game.levels.catalog import builtin_dir

    levels_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(builtin_dir() / "market-stall.json", levels_dir / "my-market.json")
    broken = (builtin_dir() / "used-car.json").read_text(encoding="utf-8")
    broken = broken.replace('"deadline_rounds": 10', '"deadline_rounds": 0', 1)
    broken = broken.replace('"protocol": "alternating"', '"protocol": "alternate"', 1)
    (levels_dir / "broken-car.json").write_text(broken, encoding="utf-8")


def _route(app, name: str) -> Callable[[], None]:
    """Return a function that shows scene ``name`` on the started app."""
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level

    nav = app.navigator

    def title() -> None:
        pass

    def new_profile() -> None:
        app.stack.top.on_button("new")

    def delete_profile() -> None:
        app.stack.top.on_button("delete")

    def campaign() -> None:
        nav.to_campaign()

    def briefing() -> None:
        nav.to_campaign()
        nav.to_briefing(load_level(resolve_level("market-stall")))

    def custom() -> None:
        nav.to_custom_levels()
        job = app.stack.top.job
        if job is not None:
            job.wait()

    def settings() -> None:
        nav.to_settings()

    def pause() -> None:
        from game.ui.scenes.pause import PauseScene

        briefing()
        app.stack.push(PauseScene(level_title="The Blue Bowl"))

    def table() -> None:
        from game.engine import Move, MoveKind

        level = load_level(resolve_level("tablet-deal"))
        nav.to_campaign()
        nav.to_briefing(level)
        nav.start_negotiation(level, seed=1)
        app.settle()
        scene = app.stack.top
        app.run(max_frames=2, fixed_dt=1 / 60)
        scene.play(Move(MoveKind.ASK_PRIORITIES, "player", target="nova"))

    def debrief() -> None:
        from game.finish import finished_record
        from game.levels.setup import start_match
        from game.npc.bots import make_bot, play

        level = load_level(resolve_level("book-deal"))
        match = start_match(level, seed=3)
        play(match, make_bot("reconciler", match, 3))
        record, score = finished_record(match, level, 3)
        nav.to_campaign()
        nav.to_debrief(level, record, score)
        app.settle()

    return {
        "table": table,
        "debrief": debrief,
        "title": title,
        "new_profile": new_profile,
        "delete_profile": delete_profile,
        "map": campaign,
        "briefing": briefing,
        "custom": custom,
        "settings": settings,
        "pause": pause,
    }[name]


def render(
    name: str,
    out: Path,
    *,
    size: tuple[int, int] = (1280, 720),
    text_scale: int = 100,
    palette: str = "default",
    frames: int = 6,
    profile: str | None = "Ada",
    work_dir: Path | None = None,
) -> Path:
    """Render one scene to ``out`` (a PNG path) and return the path.

    ``work_dir`` (default: a new temporary folder) holds the sample data folder; it is
    emptied first and removed afterwards.  A fixed one keeps paths on screen the same.
    """
    import pygame

    from game.app import AppOptions, open_app

    if work_dir is not None:
        shutil.rmtree(work_dir, ignore_errors=True)
        work_dir.mkdir(parents=True)
    work = work_dir or Path(tempfile.mkdtemp(prefix="cg-shots-"))
    try:
        data_dir, levels_dir = work / "data", work / "data" / "levels"
        sample_data(data_dir, levels_dir)
        app = open_app(AppOptions(data_dir=data_dir, seed=1, profile=profile, window_size=size))
        try:
            if profile is not None:
                app.update_settings(text_scale=text_scale, palette=palette)
            app.take_recovery_messages()
            # The same picture on every machine: a speech engine is there, voices are off.
            from game.ui.speech import Speaker

            app.speech = Speaker(lambda: False, lambda: None, found=lambda: True)
            app.start()
            _route(app, name)()
            app.run(max_frames=frames, fixed_dt=1 / 60)
            out.parent.mkdir(parents=True, exist_ok=True)
            pygame.image.save(app.runner.surface, str(out))
        finally:
            app.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    """Render the chosen scenes; print each file written."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--text-scale", type=int, default=100)
    parser.add_argument("--palette", default="default")
    parser.add_argument("--scenes", default=",".join((*SCENES, *GAME_SCENES)))
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    suffix = ""
    if (width, height) != (1280, 720):
        suffix += f"-{width}x{height}"
    if args.text_scale != 100:
        suffix += f"-{args.text_scale}"
    if args.palette != "default":
        suffix += f"-{args.palette}"
    for name in [s.strip() for s in args.scenes.split(",") if s.strip()]:
        path = render(
            name,
            args.out / f"{name}{suffix}.png",
            size=(width, height),
            text_scale=args.text_scale,
            palette=args.palette,
            work_dir=Path(tempfile.gettempdir()) / "common-ground-screenshots",
        )
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
