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
