"""Pseudonymous student ids: an animal and four digits ("otter-4821"), never a real name."""

from __future__ import annotations

import random
import re
import secrets

ANIMALS = (
    "badger", "beaver", "bison", "crane", "dolphin", "eagle", "falcon", "ferret", "finch",
    "fox", "gecko", "heron", "ibis", "jackal", "koala", "lark", "lemur", "lynx", "magpie",
    "marten", "mole", "moose", "newt", "otter", "owl", "panda", "puffin", "quail", "raven",
    "robin", "salmon", "seal", "sparrow", "stoat", "swift", "tapir", "toad", "walrus",
    "wombat", "wren",
)  # fmt: skip
STUDENT_ID_PATTERN = re.compile(r"^[a-z]+-\d{4}$")


def new_student_id(rng: random.Random | None = None) -> str:
    """Return a fresh pseudonymous id such as ``"otter-4821"`` (360,000 possible).

    ``rng`` makes the id reproducible (tests); by default the system's secure source is used,
    so ids say nothing about the machine, the time or the profile.
    """
    source = rng if rng is not None else secrets.SystemRandom()
    return f"{source.choice(ANIMALS)}-{source.randrange(1000, 10000)}"


# --------------------------------------------------------------------------- seats
SEAT_ANIMALS = (
    "badger", "beaver", "bison", "crane", "dolphin", "eagle", "falcon", "ferret", "finch",
    "fox", "gecko", "heron", "ibis", "jackal", "koala", "lark", "lemur", "lynx", "magpie",
    "mole", "newt", "otter", "owl", "panda", "puffin", "quail", "raven", "salmon", "seal",
    "sparrow", "stoat", "swift", "tapir", "toad", "walrus", "wombat", "wren", "hippo",
    "zebra", "tiger", "camel", "kiwi", "llama", "yak", "hare", "duck", "shark", "whale",
    "squid", "turtle", "pelican", "giraffe", "rhino", "cobra", "viper", "ant", "pony",
    "horse", "goat", "pig", "emu",
)  # fmt: skip
"""Animals for seats: no two share a sound code (:func:`sound_key`) or their first two
letters, so no two seat ids sound alike when a teacher reads the roster aloud."""

SEAT_NUMBERS = tuple(n for n in range(21, 100) if n % 10)
"""Two-digit numbers that cannot be heard as another: no 13-19 (heard as 30-90) and no
round tens."""

MAX_SEATS = len(SEAT_ANIMALS)


def sound_key(word: str) -> str:
    """Return the Soundex code of a word (``"S400"``): words that sound alike share one."""
    codes = {
        **dict.fromkeys("bfpv", "1"),
        **dict.fromkeys("cgjkqsxz", "2"),
        **dict.fromkeys("dt", "3"),
        "l": "4",
        **dict.fromkeys("mn", "5"),
        "r": "6",
    }
    letters = [c for c in word.lower() if c.isalpha()]
    if not letters:
        return ""
    key, last = letters[0].upper(), codes.get(letters[0], "")
    for letter in letters[1:]:
        code = codes.get(letter, "")
        if code and code != last:
            key += code
        if letter not in "hw":
            last = code
    return (key + "000")[:4]


def seat_ids(count: int, rng: random.Random | None = None) -> list[str]:
    """Return ``count`` seat ids such as ``"otter-47"``: every animal and every number
    different, so no two ids sound alike (at most :data:`MAX_SEATS`)."""
    if not 1 <= count <= MAX_SEATS:
        raise ValueError(f"a class has 1 to {MAX_SEATS} seats")
    source = rng if rng is not None else secrets.SystemRandom()
    animals = source.sample(SEAT_ANIMALS, count)
    numbers = source.sample(SEAT_NUMBERS, count)
    return [f"{animal}-{number}" for animal, number in zip(animals, numbers, strict=True)]
