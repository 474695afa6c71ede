"""Seats: `class new --seats N` gives the class N easy-to-say student ids (no two alike when
read aloud) and a printable roster; a student picks a seat when joining, or gets the next
one free on that computer."""

from __future__ import annotations

import itertools
import json
import random
import re
import time

import pygame
import pytest

from game.classroom import join_class, read_pack
from game.classroom.errors import ClassroomError
from game.classroom.pseudonyms import MAX_SEATS, SEAT_ANIMALS, seat_ids, sound_key
from game.store import open_store

from .helpers import pack_members, rehash, run_cli, typed_path_prompt, write_zip


def test_seat_ids_are_distinct_and_never_sound_alike():
    for count in (1, 6, 30, MAX_SEATS):
        ids = seat_ids(count, random.Random(count))
        animals = [i.split("-")[0] for i in ids]
        numbers = [i.split("-")[1] for i in ids]
        assert len(set(animals)) == count and len(set(numbers)) == count
        assert all(re.fullmatch(r"[a-z]+-[2-9][1-9]", i) for i in ids)  # no 13-19, no tens
    for a, b in itertools.combinations(SEAT_ANIMALS, 2):
        assert sound_key(a) != sound_key(b), (a, b)
        assert a[:2] != b[:2], (a, b)
    assert sound_key("lynx") == sound_key("links")  # the key hears what the ear hears
    with pytest.raises(ValueError):
        seat_ids(MAX_SEATS + 1)


@pytest.fixture
def seated(tmp_path, capsys):
    out = tmp_path / "lab.cgpack"
    code, stdout, err = run_cli(
        "class", "new", "--name", "Lab day", "--levels", "market-stall", "--seed", "7",
        "--seats", "6", "--out", out, capsys=capsys,
    )  # fmt: skip
    assert code == 0, err
    return out, stdout


def test_class_new_with_seats_writes_the_seats_and_a_roster(seated):
    out, stdout = seated
    seats = read_pack(out).settings.seats
    assert len(seats) == 6
    roster = out.with_name("lab-roster.html").read_text(encoding="utf-8")
    assert roster.count('<td class="seat">') == 6
    for number, student in enumerate(seats, start=1):
        assert f"    seat {number}: {student}\n" in stdout
        assert f'<td class="seat">{number}</td><td class="id">{student}</td>' in roster
    assert "Student's name (by hand)" in roster and "default-src 'none'" in roster
    assert "--seat N" in stdout


def test_a_student_picks_a_seat_or_gets_the_next_free_one(seated, tmp_path, capsys):
    out, _ = seated
    seats = read_pack(out).settings.seats
    data = tmp_path / "data"
    code, stdout, _ = run_cli(
        "class", "join", out, "--profile", "Ada", "--data-dir", data, capsys=capsys
    )
    assert code == 0 and f"as {seats[0]}:" in stdout and "Seat 1 of 6" in stdout
    code, stdout, _ = run_cli(
        "class", "join", out, "--profile", "Ben", "--seat", "4", "--data-dir", data, capsys=capsys
    )
    assert code == 0 and f"as {seats[3]}:" in stdout
    code, _, err = run_cli(
        "class", "join", out, "--profile", "Cy", "--seat", "4", "--data-dir", data, capsys=capsys
    )
    assert code == 1 and f"Seat 4 ({seats[3]}) is already taken on this computer" in err
    code, _, err = run_cli(
        "class", "join", out, "--profile", "Cy", "--seat", "9", "--data-dir", data, capsys=capsys
    )
    assert code == 1 and "There is no seat 9: the class has seats 1 to 6." in err
    code, stdout, _ = run_cli(
        "class", "join", out, "--profile", "Cy", "--seat", seats[5], "--data-dir", data,
        capsys=capsys,
    )  # fmt: skip
    assert code == 0 and f"as {seats[5]}:" in stdout
    code, stdout, _ = run_cli(
        "class", "join", out, "--profile", "Dee", "--data-dir", data, capsys=capsys
    )
    assert f"as {seats[1]}:" in stdout  # seats 1, 4 and 6 are taken here: the next is 2
    code, stdout, _ = run_cli(
        "class", "join", out, "--profile", "Ada", "--data-dir", data, capsys=capsys
    )
    assert f"as {seats[0]}:" in stdout  # joining again keeps the seat
    with open_store(data, read_only=True) as store:
        ids = {p["name"]: store.get_profile(p["name"])["student_id"] for p in store.list_profiles()}
    assert ids == {"Ada": seats[0], "Ben": seats[3], "Cy": seats[5], "Dee": seats[1]}


def test_a_pack_whose_seats_repeat_is_refused(seated, tmp_path):
    out, _ = seated
    members = pack_members(out.read_bytes())
    settings = json.loads(members["settings.json"])
    settings["seats"] = ["otter-21", "otter-21"]
    members["settings.json"] = json.dumps(settings).encode()
    bad = write_zip(tmp_path / "bad.cgpack", list(rehash(members).items()))
    with pytest.raises(ClassroomError) as refused:
        read_pack(bad)
    assert "every seat has its own student id" in " ".join(refused.value.user_lines)


def test_a_pack_without_seats_is_unchanged(pack_bytes):
    settings = json.loads(pack_members(pack_bytes)["settings.json"])
    assert "seats" not in settings  # packs made before seats open in every version


def test_joining_from_the_title_asks_for_the_seat(seated, tmp_path):
    from game.app import AppOptions, open_app
    from game.ui.scenes.dialogs import TextPromptScene
    from game.ui.scenes.title import TitleScene

    out, _ = seated
    seats = read_pack(out).settings.seats
    app = open_app(AppOptions(data_dir=tmp_path / "data", seed=7, profile="Ada"))
    app.start()
    try:

        def key(k):
            event = pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)
            app.run(max_frames=3, fixed_dt=1 / 60, events={0: [event]})
            app.settle()

        def type_text(text):
            events = [pygame.event.Event(pygame.TEXTINPUT, text=ch) for ch in text]
            app.run(max_frames=3, fixed_dt=1 / 60, events={0: events})
            app.settle()

        title = app.stack.top
        assert isinstance(title, TitleScene)
        title.focus_key("join")
        key(pygame.K_RETURN)
        typed_path_prompt(app, lambda _app, k: key(k))
        type_text(str(out))
        key(pygame.K_RETURN)
        deadline = time.monotonic() + 20  # a busy machine is slow, not wrong
        while app.stack.top is title and time.monotonic() < deadline:
            app.run(max_frames=2, fixed_dt=1 / 60)
        prompt = app.stack.top
        assert isinstance(prompt, TextPromptScene) and prompt.title == "Your seat"
        assert f"(seat 1, {seats[0]})" in prompt.message
        type_text("3")
        key(pygame.K_RETURN)
        assert app.stack.top is title
        assert app.store.get_profile("Ada")["student_id"] == seats[2]
        assert "Seat 3: check your name is beside it on the roster." in title.banner.message.text
    finally:
        app.close()


def test_join_class_takes_a_seat_by_number_or_id(seated, tmp_path):
    out, _ = seated
    seats = read_pack(out).settings.seats
    with open_store(tmp_path / "data") as store:
        store.create_profile("Ada")
        assert join_class(store, out, "Ada", seat=2).student_id == seats[1]
        assert join_class(store, out, "Ada", seat=seats[4]).student_id == seats[4]


def test_random_ids_on_one_computer_never_share_an_animal(pack_file, tmp_path):
    # Two of six students got "lynx-..." ids.
    with open_store(tmp_path / "data") as store:
        animals = []
        for number in range(12):
            name = f"Student {number}"
            store.create_profile(name)
            student = join_class(store, pack_file, name, rng=random.Random(3)).student_id
            animals.append(student.split("-")[0])
    assert len(set(animals)) == 12  # the same random draws each time, yet no animal twice
