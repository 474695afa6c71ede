"""The whole classroom loop: class new -> join on three machines -> play by bot -> export -> report."""

from __future__ import annotations

import csv
import random
import re

from game.classroom import join_class, read_pack
from game.levels.catalog import resolve_level
from game.levels.loader import load_level
from game.store import open_store

from .helpers import history_record, play_class

BOTS = ("integrator", "haggler", "walker", "reconciler", "conceder")


def test_pack_round_trip(tmp_path, main_py):
    pack = tmp_path / "neg101.cgpack"
    made = main_py(
        "class", "new", "--name", "Negotiation 101", "--levels", "market-stall", "tablet-deal",
        "--seed", "77", "--hints", "off", "--out", pack,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    code = read_pack(pack).code
    builtin = load_level(resolve_level("market-stall"))

    exports = []
    students = []
    for machine in range(3):
        data_dir = tmp_path / f"machine-{machine}"
        joined = main_py(
            "class", "join", pack, "--profile", f"Pupil {machine}", "--data-dir", data_dir
        )
        assert joined.returncode == 0, joined.stderr
        with open_store(data_dir) as store:
            if machine == 2:  # a second student on the same computer
                store.create_profile("Pupil 2b")
                join_class(store, pack, "Pupil 2b", rng=random.Random(5))
            for profile in store.list_profiles():
                bots = {
                    "market-stall": BOTS[machine],
                    "tablet-deal": BOTS[(machine + len(students)) % len(BOTS)],
                }
                play_class(store, profile["name"], bots)
                students.append(store.get_profile(profile["name"])["student_id"])
            store.create_profile("Not in class")  # played, but never exported with --class
            store.add_history("Not in class", history_record(builtin, 3, "linear"))
        out = tmp_path / f"results-{machine}.csv"
        exported = main_py(
            "export", "--out", out, "--class", "negotiation 101", "--data-dir", data_dir
        )
        assert exported.returncode == 0, exported.stderr
        assert re.match(
            rf"{re.escape(str(out))}: \d+ negotiations by \d students? of class {code}",
            exported.stdout,
        )
        exports.append(out)

    rows = []
    for out in exports:
        with open(out, encoding="utf-8-sig", newline="") as stream:
            rows.extend(csv.DictReader(stream))
    assert len(rows) == 2 * len(students) == 8
    assert {r["student"] for r in rows} == set(students)
    assert {r["class"] for r in rows} == {code}
    assert {r["seed"] for r in rows} == {"77"}  # the whole class played the same scenario
    assert {r["level_id"] for r in rows} == {"market-stall", "tablet-deal"}
    assert all("Pupil" not in ",".join(r.values()) for r in rows)  # no names, only pseudonyms

    report = tmp_path / "report.html"
    again = tmp_path / "results-0-again.csv"  # the first machine exported twice
    again.write_bytes(exports[0].read_bytes())
    none = tmp_path / "none"
    done = main_py("report", tmp_path / "results-*.csv", "--out", report, "--data-dir", none)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        f"{report}: 8 negotiations on 2 levels from 4 files (2 duplicates merged"
    )
    page = report.read_text(encoding="utf-8")
    assert "The Blue Bowl" in page and "The Tablet Desk" in page
    assert all(student in page for student in students)
    assert page.count('<svg class="chart"') == 2  # one utility space per two-party level
    assert "Nash" in page and "Pareto frontier" in page
    assert not re.search(r"""(src|href)\s*=""", page)  # nothing to fetch
    assert "default-src 'none'" in page
