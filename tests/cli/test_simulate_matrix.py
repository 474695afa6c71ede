"""`simulate LEVEL --player all`: every scripted player, the level's lesson player first,
against the level's NPCs, as a matrix of stars, three-star rate, utility and each
objective's met rate (the same in --json), with a progress line on stderr."""

from __future__ import annotations

import json

from game.cli import main
from game.cli.npc_cmds import MATRIX_RUNS
from game.npc.names import MATRIX_BOTS


def _matrix(capsys, *args: str) -> tuple[str, str]:
    assert main(["simulate", *args]) == 0
    done = capsys.readouterr()
    return done.out, done.err


def test_the_json_matrix_has_every_player_with_stars_and_objective_rates(capsys):
    out, err = _matrix(capsys, "tablet-deal", "--player", "all", "--runs", "2", "--json")
    data = json.loads(out)
    players = [row["player"] for row in data["players"]]
    assert data["lesson_player"] == "teacher" and players[0] == "teacher"
    assert sorted(players) == sorted(MATRIX_BOTS)
    assert [row["lesson"] for row in data["players"]] == [True] + [False] * (len(players) - 1)
    level_objectives = {"beat-batna", "score-1", "bundle", "value-created", "trust", "score-3"}
    for row in data["players"]:
        assert row["runs"] == 2
        assert 0 <= row["three_star_rate"] <= 1 and 0 <= row["stars"]["mean"] <= 3
        assert set(row["objectives"]) == level_objectives
        for objective in row["objectives"].values():
            assert objective["met_rate"] in (0.0, 0.5, 1.0)
    by_name = {row["player"]: row for row in data["players"]}
    # the pushover takes the first offer: no objective of value is met, and never 3 stars
    assert by_name["accepter"]["objectives"]["score-3"]["met_rate"] == 0.0
    assert by_name["accepter"]["three_star_rate"] == 0.0
    # the lesson player is the one that meets the lesson's bundle objective
    assert by_name["teacher"]["objectives"]["bundle"]["met_rate"] == 1.0
    assert err.count("simulate: player ") == len(players)


def test_the_matrix_table_matches_the_json(capsys):
    text, _ = _matrix(capsys, "market-stall", "--player", "all", "--runs", "2")
    data = json.loads(
        _matrix(capsys, "market-stall", "--player", "all", "--runs", "2", "--json")[0]
    )
    lines = text.splitlines()
    assert lines[0].startswith("The Blue Bowl (market-stall): every player vs ")
    header = lines[1].split()
    assert header[:2] == ["player", "deals"] and "forty-four" in header
    for row in data["players"]:
        name = f"{row['player']} (lesson)" if row["lesson"] else row["player"]
        (line,) = [li for li in lines if li.startswith(name + " ")]
        cells = line[len(name) :].split()
        assert cells[0] == f"{row['agreement_rate']:.2f}"
        assert cells[1] == f"{row['stars']['mean']:.2f}"
        assert cells[2] == f"{row['three_star_rate']:.2f}"
        rates = [f"{o['met_rate']:.2f}" for o in row["objectives"].values()]
        assert cells[-len(rates) :] == rates


def test_all_uses_few_runs_by_default(capsys):
    out, _ = _matrix(capsys, "market-stall", "--player", "all", "--json")
    assert json.loads(out)["runs"] == MATRIX_RUNS <= 5


def test_one_player_shows_which_objective_failed(capsys):
    out, _ = _matrix(capsys, "market-stall", "--player", "accepter", "--runs", "2")
    (line,) = [li for li in out.splitlines() if li.startswith("met: forty-four (3*)")]
    assert line.split()[-1] == "0.000"
    assert "  forty-four (3*): Pay $44 or less." in out


def test_record_goes_with_one_player(capsys):
    assert main(["simulate", "market-stall", "--player", "all", "--record", "--profile", "T"]) == 1
    assert "go with one player" in capsys.readouterr().err


def test_the_guide_shows_the_real_matrix(capsys, tmp_path, monkeypatch):
    import re
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "level-authoring.md").read_text(
        encoding="utf-8"
    )
    example = re.search(r"<!-- level-example:begin -->\n```json\n(.*?)```", guide, re.S)
    shown = re.search(
        r"<!-- simulate-matrix:begin -->\n```text\n\$ python main.py simulate (\S+) "
        r"--player all\n(.*?)```",
        guide,
        re.S,
    )
    assert example and shown
    (tmp_path / shown.group(1)).write_text(example.group(1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out, _ = _matrix(capsys, shown.group(1), "--player", "all")
    assert out == shown.group(2), "docs/level-authoring.md shows a stale simulate matrix"
