"""Benchmark: how long saving one finished negotiation takes as the saves grow.

Saves one history record (``Store.add_history``: on disk, fsynced, backups rotated) with
100, 10,000 and 50,000 sessions already stored across 30 profiles, and TinyDB's default
``JSONStorage`` (one file, ``table.insert``) beside it.  Prefills by writing the files
directly.  At each size it also times what the debrief reads of one profile's earlier
plays when it opens (``Store.deals``) against the whole records (``Store.history``).
Prints one JSON object.

    python bench/store.py            # full run (a couple of minutes at most)
    python bench/store.py --quick    # smoke test, a few seconds
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.store import layout, open_store, profiles  # noqa: E402
from game.store.history import DEFAULT_SHARD_SIZE, new_record_id  # noqa: E402
from game.store.migrations import SCHEMA_VERSION  # noqa: E402

ISSUES = ("price", "delivery", "warranty", "volume", "payment")


def make_record(rng: random.Random, number: int) -> dict[str, Any]:
    """Return a realistic finished-negotiation record (about 3 KB of JSON, 20 moves).

    Moves look like ``game.engine.moves.Move.to_dict()`` output.
    """
    moves = []
    for turn in range(20):
        actor = "player" if turn % 2 == 0 else "npc"
        if turn % 5 == 4:
            moves.append(
                {
                    "kind": "ask_issue",
                    "actor": actor,
                    "issue": rng.choice(ISSUES),
                    "text": "What matters most to you here?",
                }
            )
            continue
        moves.append(
            {
                "kind": "offer" if turn < 19 else "accept",
                "actor": actor,
                "offer": {"terms": {issue: rng.randint(0, 9) for issue in ISSUES}},
                "text": rng.choice(["That is too low.", "Could we look at delivery?", "Deal."]),
            }
        )
    terms = {issue: rng.randint(0, 9) for issue in ISSUES}
    return {
        "level_id": f"level-{number % 24:02d}",
        "level_version": 3,
        "seed": rng.randint(0, 2**31),
        "moves": moves,
        "agreement": True,
        "status": "agreed",
        "outcome": {"terms": terms},
        "utilities": {"player": rng.random(), "npc": rng.random()},
        "analytics": {
            "joint_utility": rng.random() * 2,
            "distance_to_frontier": rng.random() / 4,
            "nash_point": {issue: rng.randint(0, 9) for issue in ISSUES},
        },
        "stars": rng.randint(0, 3),
        "trust_change": rng.uniform(-0.2, 0.2),
        "rapport_change": rng.uniform(-0.2, 0.2),
        "duration_s": rng.uniform(60, 600),
        "finished_at": f"2025-03-{1 + number % 28:02d}T{number % 24:02d}:00:00Z",
        "game_version": "0.1.0",
    }


def stored(record: dict[str, Any]) -> dict[str, Any]:
    """Return ``record`` as the store keeps it (with id and schema_version)."""
    return {**record, "schema_version": SCHEMA_VERSION, "id": new_record_id()}


def split(total: int, parts: int) -> list[int]:
    """Spread ``total`` sessions over ``parts`` profiles as evenly as possible."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def prefill_store(
    root: Path, total: int, n_profiles: int, shard_size: int, rng: random.Random
) -> list[str]:
    """Write a data folder with ``total`` sessions directly; return the profile names."""
    names, docs = [], []
    pool = [stored(make_record(rng, i)) for i in range(200)]
    for number, count in enumerate(split(total, n_profiles)):
        name = f"Student {number + 1:02d}"
        doc = profiles.new_profile(name, f"p-{number:012x}", "2025-01-01T00:00:00Z")
        names.append(name)
        docs.append(doc)
        records = [dict(pool[(number + i) % len(pool)], id=new_record_id()) for i in range(count)]
        layout.write_history(root, doc["id"], records, shard_size, backups=1)
        layout.write_relationships(
            root,
            doc["id"],
            [
                {
                    "schema_version": SCHEMA_VERSION,
                    "npc_id": f"npc-{k}",
                    "memory": {"version": 1, "trust": 0.5},
                    "updated": None,
                }
                for k in range(6)
            ],
            backups=1,
        )
    meta = {
        "schema_version": SCHEMA_VERSION,
        "format": "common-ground-saves",
        "created": "2025-01-01T00:00:00Z",
        "history_shard_size": shard_size,
    }
    layout.write_index(root, meta, docs, backups=1)
    return names


def prefill_default(path: Path, total: int, rng: random.Random) -> None:
    """Write a TinyDB default-storage file holding ``total`` sessions."""
    pool = [stored(make_record(rng, i)) for i in range(200)]
    table = {str(i + 1): dict(pool[i % len(pool)], id=new_record_id()) for i in range(total)}
    path.write_text(json.dumps({"history": table}), encoding="utf-8")


def settle(enabled: bool = True) -> None:
    """Flush the prefill's dirty pages so they do not slow the timed fsyncs."""
    if not enabled:
        return
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(0.2)


def figures(samples: list[float]) -> dict[str, float]:
    """Return p50/p95/max/mean of durations in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "reps": len(samples),
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(p95 * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 3),
    }


def bench_store(
    work: Path, sizes: list[int], n_profiles: int, reps: int, shard_size: int, wait: bool = True
) -> dict[str, Any]:
    """Time ``add_history`` with each of ``sizes`` sessions already stored.

    All folders are prefilled first and the saves are timed round-robin (one save per size
    in turn), so background disk activity hits every size alike.
    """
    rng = random.Random(7)
    folders, prefill_s, open_ms, stores, names = {}, {}, {}, {}, {}
    reads: dict[int, dict[str, Any]] = {}
    for total in sizes:
        folders[total] = work / f"store-{total}"
        started = time.perf_counter()
        names[total] = prefill_store(folders[total], total, n_profiles, shard_size, rng)
        prefill_s[total] = time.perf_counter() - started
    settle(wait)
    samples: dict[int, list[float]] = {total: [] for total in sizes}
    try:
        for total in sizes:
            started = time.perf_counter()
            stores[total] = open_store(folders[total])
            open_ms[total] = (time.perf_counter() - started) * 1000
            assert not stores[total].recovery_messages, stores[total].recovery_messages
        for i in range(reps):
            record = make_record(rng, i)
            for total in sizes:
                name = names[total][i % n_profiles]
                started = time.perf_counter()
                stores[total].add_history(name, record)
                samples[total].append(time.perf_counter() - started)
        for total in sizes:
            stored_now = sum(p["sessions"] for p in stores[total].list_profiles())
            assert stored_now == total + reps, (stored_now, total, reps)
            reads[total] = bench_reads(stores[total], names[total][0])
    finally:
        for store in stores.values():
            store.close()
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)
    return {
        str(total): {
            **figures(samples[total]),
            "open_ms": round(open_ms[total], 1),
            "prefill_s": round(prefill_s[total], 2),
            **reads[total],
        }
        for total in sizes
    }


def bench_reads(store: Any, name: str, reps: int = 5) -> dict[str, Any]:
    """Time what a debrief reads of one profile's earlier plays (``Store.deals``: the
    summaries, in the frame it opens in) against reading its whole records
    (``Store.history``); medians of ``reps`` reads, in the open store."""

    def median_ms(read: Any) -> float:
        times = []
        for _ in range(reps):
            started = time.perf_counter()
            read(name)
            times.append(time.perf_counter() - started)
        return round(statistics.median(times) * 1000, 3)

    return {
        "profile_sessions": len(store.deals(name)),
        "deals_ms": median_ms(store.deals),
        "history_ms": median_ms(store.history),
    }


def bench_default(work: Path, total: int, reps: int, wait: bool = True) -> dict[str, Any]:
    """Time one ``insert`` into TinyDB's default JSONStorage with ``total`` sessions stored."""
    from tinydb import TinyDB

    rng = random.Random(total)
    path = work / f"default-{total}.json"
    prefill_default(path, total, rng)
    settle(wait)
    samples = []
    with TinyDB(path) as db:
        table = db.table("history")
        for i in range(reps):
            record = stored(make_record(rng, total + i))
            started = time.perf_counter()
            table.insert(record)
            samples.append(time.perf_counter() - started)
    size_mb = path.stat().st_size / 1024 / 1024
    path.unlink()
    return {**figures(samples), "file_mb": round(size_mb, 1)}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repetitions")
    parser.add_argument("--profiles", type=int, default=30)
    parser.add_argument("--reps", type=int, default=300, help="saves timed per size (ours)")
    parser.add_argument("--shard-size", type=int, default=DEFAULT_SHARD_SIZE)
    parser.add_argument(
        "--dir", type=Path, default=None, help="work folder (default: a temp folder)"
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(x) for x in text.split(",")],
        default=None,
        help="comma-separated session counts (default 100,10000,50000)",
    )
    parser.add_argument("--no-default", action="store_true", help="skip TinyDB's JSONStorage")
    args = parser.parse_args(argv)

    if args.quick:
        sizes, reps, default_reps = [100, 1000], 30, {100: 3, 1000: 2}
    else:
        sizes, reps, default_reps = (
            [100, 10_000, 50_000],
            args.reps,
            {100: 30, 10_000: 5, 50_000: 3},
        )
    if args.sizes:
        sizes = args.sizes
    work = Path(tempfile.mkdtemp(prefix="cg-bench-", dir=args.dir))
    try:
        ours = bench_store(work, sizes, args.profiles, reps, args.shard_size, wait=not args.quick)
        default = (
            {}
            if args.no_default
            else {
                str(n): bench_default(work, n, default_reps.get(n, 3), wait=not args.quick)
                for n in sizes
            }
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    record_bytes = len(json.dumps(stored(make_record(random.Random(0), 0))))
    small, large = ours[str(sizes[0])], ours[str(sizes[-1])]
    result = {
        "benchmark": "save one finished negotiation (add_history, durable on return)",
        "machine": {
            "python": platform.python_version(),
            "system": platform.system(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
        },
        "profiles": args.profiles,
        "record_bytes": record_bytes,
        "shard_size": args.shard_size,
        "common_ground_store": ours,
        "tinydb_default_jsonstorage": default,
        "checks": {
            "p95_at_10000_ms": ours.get("10000", {}).get("p95_ms"),
            "p95_at_10000_under_20ms": ours["10000"]["p95_ms"] < 20 if "10000" in ours else None,
            "p95_ratio_largest_to_100": round(large["p95_ms"] / small["p95_ms"], 2),
            "p50_ratio_largest_to_100": round(large["p50_ms"] / small["p50_ms"], 2),
            "largest_within_2x_of_100": large["p95_ms"] <= 2 * small["p95_ms"],
        },
    }
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
