"""Fixtures for the classroom tests: a real class pack made with `class new`."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import run_cli


@pytest.fixture(scope="session")
def pack_bytes(tmp_path_factory) -> bytes:
    """Return a real pack: market-stall and tablet-deal, seed 4242, hints on, 12 rounds."""
    out = tmp_path_factory.mktemp("pack") / "neg101.cgpack"
    code, _, _ = run_cli(
        "class", "new", "--name", "Negotiation 101", "--levels", "market-stall", "tablet-deal",
        "--seed", "4242", "--hints", "on", "--round-limit", "12", "--out", out,
    )  # fmt: skip
    assert code == 0
    return out.read_bytes()


@pytest.fixture
def pack_file(tmp_path, pack_bytes) -> Path:
    """Return a copy of the real pack in this test's folder."""
    path = tmp_path / "neg101.cgpack"
    path.write_bytes(pack_bytes)
    return path
