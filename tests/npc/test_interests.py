"""Interests behind positions: asking why an issue matters finds them, once trust allows;
a found interest opens the options it explains."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine import Move, MoveKind, Offer
from game.levels.catalog import builtin_entries
from game.levels.loader import load_level, load_level_bytes
from game.levels.problems import LevelError
from game.levels.setup import start_match
from game.npc.controller import ANSWER_OFFERS
from game.npc.relationship import PATIENCE
from game.npc.runtime import NpcRuntime

RUNTIME = NpcRuntime()
LEVELS = Path(__file__).resolve().parents[2] / "levels"


def _level(level_id: str):
    return load_level(next(e.path for e in builtin_entries() if e.id == level_id))


def _ask(match, issue: str | None, style: str = "open") -> list[str]:
    meta = {} if style == "open" else {"style": style}
    move = Move(MoveKind.ASK_WHY, "player", issue=issue, target="jonas", meta=meta)
    report = match.player_move(move)
    assert report.ok, report.reason
    return [line.text for line in report.lines if line.speaker == "jonas"]


def _restate(match) -> None:
    truth = match.negotiation.party("jonas").preferences
    weights = {issue: truth.weight(issue) for issue in match.codec.issue_ids}
    report = match.player_move(
        Move(MoveKind.RESTATE_INTERESTS, "player", priorities=weights, target="jonas")
    )
    assert report.ok, report.reason


FULL = {
    "price": 300,
    "extras": "with lock and lights",
    "service": "new brake pads and a tune-up",
    "handover": "you ride it over",
}


def test_a_stranger_asking_why_hears_only_that_there_is_a_reason():
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    said = _ask(match, "extras")
    assert not any("dark" in text for text in said)
    assert match.interests()["found"] == []
    match.close()


def test_once_trusted_asking_why_finds_the_interest_and_the_debrief_lists_what_was_missed():
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    jonas = match.controllers["jonas"]
    _restate(match)
    assert jonas.brain.relationship.trust >= 45
    said = _ask(match, "extras")
    assert any("dark" in text for text in said), said
    found = match.interests()
    assert [i["id"] for i in found["found"]] == ["dark-mornings"]
    (missed,) = found["missed"]
    assert missed["id"] == "parents-budget"
    assert missed["question"] == "How are you paying for it?"
    # told once: asking again does not tell it again
    assert not any("dark" in text for text in _ask(match, "extras"))
    match.close()


def test_asking_how_much_an_issue_matters_is_not_asking_why():
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    _restate(match)
    report = match.player_move(Move(MoveKind.ASK_ISSUE, "player", issue="extras", target="jonas"))
    assert report.ok
    assert not any("dark" in line.text for line in report.lines)
    assert match.interests()["found"] == []
    match.close()


def test_an_open_why_earns_rapport_not_trust_a_leading_one_costs_it_and_needs_more():
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    trust = match.controllers["jonas"].brain.relationship
    before, rapport = trust.trust, trust.rapport
    _ask(match, "extras")
    # asking is words: trust comes when the answer is acted on (interest_met)
    assert trust.trust == pytest.approx(before)
    assert trust.rapport > rapport
    lowered = trust.trust
    said = _ask(match, "extras", "leading")
    assert trust.trust < lowered
    assert not any("dark" in text for text in said)
    # trust 45 is enough for an open question, not for a leading one (needs 20 more)
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    _restate(match)
    trust = match.controllers["jonas"].brain.relationship
    assert 45 <= trust.trust < 65
    assert not any("dark" in text for text in _ask(match, "extras", "leading"))
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    _restate(match)
    assert any("dark" in text for text in _ask(match, "extras"))
    match.close()


def _reasons(match) -> list[str]:
    return [reason for _, _, _, reason in match.controllers["jonas"].brain.relationship.log]


def test_the_same_why_asked_again_with_nothing_changed_costs_rapport_and_gets_no_answer():
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    relationship = match.controllers["jonas"].brain.relationship
    _ask(match, "extras")  # guarded: Jonas does not trust a stranger with it
    rapport = relationship.rapport
    said = _ask(match, "extras")
    assert relationship.rapport < rapport
    assert _reasons(match)[-1] == (
        "you asked me again why the extras matter, and nothing has changed since: my answer "
        "is the same"
    )
    assert any("asked me that" in t or "Same question" in t or "first time" in t for t in said)
    # another question is not a repeat
    rapport = relationship.rapport
    _ask(match, "price")
    assert relationship.rapport >= rapport
    _offer(match, {**FULL, "extras": "bike only"})  # the round's talk is used up
    # trust grown since (their interests restated right): the answer may have changed,
    # and now that Jonas trusts the player it does
    _restate(match)
    rapport = relationship.rapport
    said = _ask(match, "extras")
    assert any("dark" in text for text in said), said
    assert relationship.rapport == pytest.approx(rapport)
    # right after an answer, asking again is a follow-up (there may be more): no cost
    _ask(match, "extras")
    assert not _reasons(match)[-1].startswith("you asked me again")
    match.close()


def _triggers(brain) -> list[str]:
    """Return a list that records every machine trigger the brain fires from now on."""
    fired: list[str] = []
    fire = brain.fire

    def recording(trigger: str) -> bool:
        fired.append(trigger)
        return fire(trigger)

    brain.fire = recording
    return fired


def _offer(match, terms) -> None:
    report = match.player_move(Move(MoveKind.OFFER, "player", offer=Offer(terms)))
    assert report.ok, report.reason


def test_a_need_met_is_a_deed_when_the_player_gives_ground_for_it_and_it_opens_up():
    level = _level("bike-sale")
    # the lights cost the seller: offering them after "bike only" is giving ground
    assert str(level.negotiation.player.preferences.best_value("extras")) == "bike only"
    match = start_match(level, seed=1, runtime=RUNTIME)
    jonas = match.controllers["jonas"]
    _offer(match, {**FULL, "extras": "bike only"})
    _restate(match)
    _ask(match, "extras")
    heard = _triggers(jonas.brain)
    _offer(match, FULL)
    assert "you asked what I need, and gave ground to offer it" in _reasons(match)
    assert "heard" in heard  # acting on what it told opens it up
    match.close()


def test_a_need_met_only_rounds_later_by_bargaining_is_no_answer_to_it():
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    _offer(match, {**FULL, "extras": "bike only"})
    _restate(match)
    _ask(match, "extras")  # told: the lights would keep the rider seen
    assert match.opened_options()
    for _ in range(ANSWER_OFFERS):  # the offers that could answer it hold back the lights
        _offer(match, {**FULL, "extras": "bike only"})
    _offer(match, FULL)
    assert not any("gave ground to offer it" in r for r in _reasons(match))
    match.close()


def test_a_settled_why_asked_again_is_a_repeat_however_trust_has_grown():
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    relationship = match.controllers["jonas"].brain.relationship
    _restate(match)
    _ask(match, "handover")  # nothing behind it: "that's all there is to it"
    _offer(match, {**FULL, "extras": "bike only"})
    relationship.apply("reciprocated")  # trust grows; the answer cannot change
    rapport = relationship.rapport
    _ask(match, "handover")
    assert _reasons(match)[-1].startswith("you asked me again why the handover matters")
    assert relationship.rapport < rapport
    match.close()


def test_badgering_the_same_questions_wears_on_trust_past_the_characters_patience():
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    relationship = match.controllers["jonas"].brain.relationship
    _ask(match, "handover")  # nothing behind it: every later ask is a repeat
    rounds = [["handover", "handover"], ["handover", "handover", "handover"]]
    heard: list[str] = []
    for asks in rounds:
        for issue in asks:
            trust = relationship.trust
            said = _ask(match, issue)
            repeats = relationship.count("asked_again") + relationship.count("pestered")
            if repeats <= PATIENCE:  # borne at a cost to rapport alone
                assert relationship.trust == trust
                assert _reasons(match)[-1].startswith("you asked me again why the handover")
            else:  # past patience: trust too, with its reason and a line that says so
                assert relationship.trust < trust
                assert _reasons(match)[-1] == (
                    "you keep asking me why the handover matters though nothing has changed: "
                    "it is wearing on me"
                )
                heard += said
        _offer(match, FULL)
    assert relationship.count("pestered") == 2
    assert any("keep asking" in t or "going round" in t or "wearing" in t for t in heard), heard
    match.close()


def test_a_need_the_players_own_best_package_holds_anyway_is_no_deed():
    match = start_match(_level("tablet-deal"), seed=1, runtime=RUNTIME)
    nova = match.controllers["nova"]
    player = match.negotiation.player.preferences
    opened = "case, keyboard and pen"
    assert str(player.best_value("accessories")) == opened  # the buyer wants it anyway
    for _ in range(3):  # the price first, then what old stock is for (a follow-up each)
        match.player_move(Move(MoveKind.ASK_WHY, "player", issue="accessories", target="nova"))
    assert {o["value"] for o in match.opened_options()} == {opened}
    heard = _triggers(nova.brain)
    terms = {
        "price": 350.0,
        "warranty": "3 years",
        "accessories": opened,
        "delivery": "tomorrow",
        "trade_in": 100.0,
    }
    _offer(match, terms)
    reasons = [reason for _, _, _, reason in nova.brain.relationship.log]
    assert not any("gave ground to offer it" in r for r in reasons), reasons
    assert "heard" not in heard
    match.close()


def test_what_for_without_an_issue_finds_the_interest_easiest_to_tell():
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    _restate(match)
    assert any("dark" in text for text in _ask(match, None))
    match.close()


def test_a_closed_option_is_offered_by_no_one_until_its_interest_is_found():
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    assert match.closed_values() == {"extras": frozenset({"with lock and lights"})}
    report = match.player_move(Move(MoveKind.OFFER, "player", offer=Offer(FULL)))
    assert report.ok
    assert report.move.offer.terms["extras"] == "with lock"  # the nearest open option
    for move in report.npc_moves:
        if move.offer is not None:
            assert move.offer.terms["extras"] != "with lock and lights"
    _restate(match)
    _ask(match, "extras")
    assert match.closed_values() == {}
    assert match.opened_options() == [
        {"npc": "jonas", "interest": "dark-mornings", "issue": "extras", "value": FULL["extras"]}
    ]
    report = match.player_move(Move(MoveKind.OFFER, "player", offer=Offer(FULL)))
    assert report.ok
    assert report.move.offer.terms["extras"] == "with lock and lights"
    match.close()


def test_a_question_asked_some_other_way_is_refused():
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    move = Move(MoveKind.ASK_WHY, "player", issue="extras", meta={"style": "rude"})
    report = match.player_move(move)
    assert not report.ok and "open, leading" in report.reason
    report = match.player_move(Move(MoveKind.ASK_WHY, "player", issue="colour"))
    assert not report.ok and "no issue 'colour'" in report.reason
    match.close()


@pytest.mark.parametrize(
    "level_id",
    ["bike-sale", "tablet-deal", "market-stall", "chore-chart", "freelance-quote", "climate-accord"],
)
def test_levels_give_their_characters_interests_with_the_question_that_finds_them(level_id):
    level = _level(level_id)
    interests = [i for npc in level.party_npcs for i in npc.interests]
    assert interests
    issue_ids = {issue.id for issue in level.model.issues}
    for interest in interests:
        assert set(interest.issues) <= issue_ids
        assert interest.question.endswith("?")


def test_an_interest_on_an_unknown_issue_is_reported():
    data = json.loads((LEVELS / "bike-sale.json").read_text(encoding="utf-8"))
    data["npcs"][0]["interests"][0]["issues"] = ["extra"]
    with pytest.raises(LevelError) as raised:
        load_level_bytes(json.dumps(data).encode(), "x.json")
    (line,) = raised.value.user_lines
    assert line.startswith("x.json: npcs[0].interests[0].issues[0]: there is no issue 'extra'")


def _bike_with(opens: list[dict]) -> dict:
    data = json.loads((LEVELS / "bike-sale.json").read_text(encoding="utf-8"))
    data["npcs"][0]["interests"][0]["opens"] = opens
    return data


@pytest.mark.parametrize(
    ("opens", "where", "words"),
    [
        ([{"issue": "extra", "value": "x"}], "opens[0].issue", "there is no issue 'extra'"),
        ([{"issue": "price", "value": "300"}], "opens[0].issue", "not an options issue"),
        (
            [{"issue": "extras", "value": "with lights"}],
            "opens[0].value",
            "'extras' has no option 'with lights'",
        ),
        (
            [{"issue": "handover", "value": v} for v in ("he collects it", "you ride it over")],
            "opens[1].value",
            "every option of 'handover' would be closed",
        ),
    ],
)
def test_validate_names_an_option_that_cannot_open(opens, where, words):
    with pytest.raises(LevelError) as raised:
        load_level_bytes(json.dumps(_bike_with(opens)).encode(), "x.json")
    assert any(
        line.startswith(f"x.json: npcs[0].interests[0].{where}: ") and words in line
        for line in raised.value.user_lines
    ), raised.value.user_lines


def test_validate_names_an_option_that_creates_no_value():
    # the bare bike is what the seller wants anyway: opening it adds nothing for both
    with pytest.raises(LevelError) as raised:
        load_level_bytes(
            json.dumps(_bike_with([{"issue": "extras", "value": "bike only"}])).encode(), "x.json"
        )
    (line,) = raised.value.user_lines
    assert line.startswith("x.json: npcs[0].interests[0].opens[0]: opening 'bike only' creates no")


def test_at_a_table_of_several_the_delegate_asked_answers_and_only_it():
    """Climate-accord: the player asks one delegate why; that delegate tells its interest
    (the others keep theirs), the option it opens is open to the whole table, and the
    interests not found are named with the question that finds them."""
    match = start_match(_level("climate-accord"), seed=1, runtime=RUNTIME)
    assert match.closed_values() == {"loss": frozenset({"fund with fixed shares"})}
    move = Move(MoveKind.ASK_WHY, "player", issue="loss", target="coral")
    report = match.player_move(move)
    assert report.ok, report.reason
    speakers = {line.speaker for line in report.lines}
    assert speakers == {"coral"}, report.lines
    assert any("cyclone" in line.text for line in report.lines)
    found = match.interests()
    assert [i["id"] for i in found["found"]] == ["storm-debt"]
    assert match.closed_values() == {}
    missed = {i["id"]: i["question"] for i in found["missed"]}
    assert missed == {
        "parliament-vote": "What would your parliament need before it votes for a bigger fund?",
        "lights-first": "What would deeper cuts cost Sudara today?",
    }
    match.close()
