"""Lines that describe a move say what happened: praise for a step by its figure only when
that figure moved, and "my terms haven't changed" ("I'm holding at") only when they have not.

A player may hold the price and give ground elsewhere: "$3,000? Oh, that helps a lot" then
praises a price that did not move.  Every line that answers a step (``small_step``,
``conceded``, ``reciprocated``) and names ``{figure}`` needs ``figure_held: {"not": true}``
(and ``figure_back: {"not": true}``, so it never praises a figure that went the wrong way),
in the default lines of both languages and in every level's own lines, unless the level
decides one issue only (there a step is a step of the figure)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.engine import MoveKind
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc import lines as line_files
from game.npc.bots import make_bot, play
from game.npc.match import Match, TurnReport

FOLDER = Path(line_files.__file__).resolve().parent
LEVELS = Path(__file__).resolve().parents[2] / "levels"
STEP_ANSWERS = ("small_step", "conceded", "reciprocated")
NOT_TRUE = {"not": True}


def _default_rows() -> Iterator[tuple[str, dict]]:
    for path in sorted([*FOLDER.glob("*.json"), *FOLDER.glob("es/*.json")]):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key in STEP_ANSWERS:
            for row in data.get(key, ()):
                yield f"{path.relative_to(FOLDER)}:{key}", row


def _level_rows() -> Iterator[tuple[str, dict]]:
    for path in sorted(LEVELS.glob("*.json")):
        if path.name == "level.schema.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if len(data["issues"]) == 1:
            continue
        for npc in data["npcs"]:
            tables = [npc.get("dialogue") or {}]
            for language in (data.get("translations") or {}).values():
                tables.append(
                    ((language.get("npcs") or {}).get(npc["id"]) or {}).get("lines") or {}
                )
            for table in tables:
                for key in STEP_ANSWERS:
                    for row in table.get(key, ()):
                        yield f"{path.name}:{npc['id']}:{key}", row


ROWS = [*_default_rows(), *_level_rows()]


def test_the_step_answers_are_found():
    assert sum(1 for _, row in ROWS if "{figure}" in row["text"]) >= 40


@pytest.mark.parametrize(("where", "row"), [r for r in ROWS if "{figure}" in r[1]["text"]])
def test_a_line_praising_a_step_by_its_figure_needs_the_figure_to_have_moved(where, row):
    when = row.get("when") or {}
    assert when.get("figure_held") == NOT_TRUE, (where, row["text"])
    assert when.get("figure_back") == NOT_TRUE, (where, row["text"])


def _played(level_id: str, player: str, seed: int) -> tuple[Match, list[TurnReport]]:
    """Play a level with a scripted player; return the match and every report it saw."""
    match = start_match(load_level(LEVELS / f"{level_id}.json"), seed=seed)
    bot = make_bot(player, match, seed)
    reports: list[TurnReport] = []
    observe = bot.observe

    def keep(report: TurnReport) -> None:
        reports.append(report)
        observe(report)

    bot.observe = keep  # type: ignore[method-assign]
    play(match, bot)
    return match, reports


SAME_TERMS = (
    "My terms haven't changed:",
    "Same as before, sorry",
    "Our position stands:",
    "I'm afraid the system still shows",
    "That's still my position.",
    "I'm holding at",
)


@pytest.mark.parametrize(
    "level_id", ["app-earnout", "book-deal", "cafe-fitout", "climate-accord", "used-car"]
)
def test_a_character_says_its_terms_have_not_changed_only_when_they_have_not(level_id):
    # "own_step: none" is about worth: a new package of the same worth is still new terms
    said = 0
    for seed in range(4):
        _, reports = _played(level_id, "integrator", seed)
        last: dict[str, object] = {}
        for report in reports:
            offers = {m.actor: m.offer for m in report.npc_moves if m.kind is MoveKind.OFFER}
            for line in report.lines:
                if any(phrase in line.text for phrase in SAME_TERMS):
                    said += 1
                    assert offers[line.speaker] == last.get(line.speaker), line.text
            last.update(offers)
    assert said, "no character held its terms in these meetings"


ANSWERS = (*STEP_ANSWERS, "let_go", "appeal_welcome", "acknowledged", "apology_accepted")
PROMISE = re.compile(
    r"let me (give|return|match|move)|in return|i'll move too|give something back|will be reciprocated"
    r"|do my part|what i can add",
    re.IGNORECASE,
)


PROMESA = re.compile(
    r"déjame (dar|devolver|igualar|mover|ver qué puedo)|a cambio|tendrá reciprocidad"
    r"|de mi parte|yo también me muevo|qué puedo añadir",
    re.IGNORECASE,
)


@pytest.mark.parametrize(("folder", "promise"), [(FOLDER, PROMISE), (FOLDER / "es", PROMESA)])
def test_no_answer_promises_a_step_the_character_may_not_take(folder, promise):
    # an answer is said before the character's own move, which may hold: "Let me give
    # something back" followed by the same offer teaches that words are cheap
    rows = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        rows += [(path.name, key, row["text"]) for key in ANSWERS for row in data.get(key, ())]
    assert len(rows) > 40
    assert not [row for row in rows if promise.search(row[2])]


@pytest.mark.parametrize(
    "level_id", ["app-earnout", "cafe-fitout", "freelance-quote", "hotel-bread", "print-run"]
)
def test_a_figure_is_blamed_only_when_the_counter_does_not_give_it(level_id):
    # "Your $3.47 doesn't work for us. $3.47 for the price, ..." blamed the one thing agreed;
    # "$10? That's not a basis for discussion. Your $10 doesn't work for us." said it twice
    seen = 0
    for player in ("haggler", "boulware", "integrator"):
        for seed in range(4):
            match, reports = _played(level_id, player, seed)
            for report in reports:
                blamed = [line for line in report.lines if "doesn't work for us" in line.text]
                if not blamed or report.move is None or report.move.offer is None:
                    continue
                for line in blamed:
                    figure = line.text.split("Your ", 1)[1].split(" doesn't work", 1)[0]
                    before = report.lines[: report.lines.index(line)]
                    assert not [s for s in before if figure in s.text], (figure, before)
                for move in report.npc_moves:
                    if move.kind is not MoveKind.OFFER:
                        continue
                    controller = match.controllers[move.actor]
                    issue = controller._figure_issue.id
                    prefs = controller.brain.preferences
                    theirs = prefs.value(issue, report.move.offer.terms[issue])
                    assert prefs.value(issue, move.offer.terms[issue]) > theirs, blamed
                    seen += 1
    assert seen, "no figure was blamed in these meetings"
