"""Every `new-level` template validates and its numbers match what its texts claim."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import Offer
from game.levels.loader import load_level, load_level_bytes
from game.levels.templates import TEMPLATE_NAMES, template

ROOT = Path(__file__).resolve().parents[2]


def _level(name):
    return load_level_bytes(json.dumps(template(name, f"t-{name}")).encode(), name)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_new_level_writes_a_file_that_validates(tmp_path, name):
    out = tmp_path / f"{name}.json"
    done = subprocess.run(
        [sys.executable, "main.py", "new-level", "--template", name, "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    level = load_level(out)
    assert level.id == name
    assert level.model.kind == name
    again = subprocess.run(
        [sys.executable, "main.py", "new-level", "--template", name, "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert again.returncode == 1 and "already exists" in again.stderr


def test_distributive_zone_is_the_one_the_briefing_names():
    level = _level("distributive")
    assert level.analysis.zopa() == (120.0, 180.0)
    assert "$180" in level.model.briefing and "$120" in level.model.briefing


def test_integrative_split_is_worse_for_both_than_the_trade():
    level = _level("integrative")
    negotiation = level.negotiation
    split = negotiation.utilities(Offer({"rent": 1000, "lease": "1 year"}))
    trade = negotiation.utilities(Offer({"rent": 800, "lease": "3 years"}))
    assert trade[0] > split[0] and trade[1] > split[1]


def test_contingent_has_no_plain_zone_but_a_clause_creates_one():
    analysis = _level("contingent").analysis
    assert analysis.agreement_zone is False
    (clause,) = analysis.contingent
    assert clause.best_plain_nash_product == 0.0
    assert clause.best_contingent_nash_product > 0.01


def test_multiparty_needs_all_three_and_has_a_chair():
    level = _level("multiparty")
    assert len(level.negotiation.parties) == 3
    assert level.negotiation.rules.protocol == "unanimity"
    assert level.negotiation.rules.chair == "chair"
    assert level.analysis.agreement_zone


def test_grievance_has_grievances_on_both_sides():
    level = _level("grievance")
    assert level.model.player.grievances and level.model.npcs[0].grievances
    assert level.model.npcs[0].grievances[0].shared_account
