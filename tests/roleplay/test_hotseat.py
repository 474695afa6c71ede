"""Two people at one table: which levels are role-plays, each side's confidential brief, the
hot-seat match's rules (turns, questions put to the other person, cards, notes), what each
side is shown, the records and the joint debrief."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from functools import cache

import pytest

from game.cli import main as cli_main
from game.engine import PLAYER, PREFERENCE_OVER, Move, MoveKind, Offer, Status
from game.finish import save_role_play
from game.levels import roleplay
from game.levels.catalog import resolve_level
from game.levels.loader import LoadedLevel, load_level, load_level_bytes
from game.levels.problems import LevelError
from game.roleplay.debrief import joint_debrief
from game.roleplay.hotseat import HotSeatMatch, SideView
from game.store.store import open_store
from game.ui.scenes.roleplay_debrief import status_words

CLOCK = lambda: datetime(2026, 12, 7, 10, tzinfo=UTC)  # noqa: E731


@cache
def level(level_id: str) -> LoadedLevel:
    return load_level(resolve_level(level_id))


def best(lvl: LoadedLevel, party: str) -> Offer:
    prefs = lvl.negotiation.party(party).preferences
    return Offer({i.id: prefs.best_value(i.id) for i in lvl.negotiation.space.issues})


def new_match(level_id: str = "job-offer", seed: int = 3) -> HotSeatMatch:
    lvl = level(level_id)
    b = roleplay.other_side(lvl)
    return HotSeatMatch(lvl, {PLAYER: "Ana", b: "Ben"}, seed=seed, clock=CLOCK, pair="p1")


# --------------------------------------------------------------------------- which levels
def test_levels_json_says_which_levels_are_role_plays(capsys):
    assert cli_main(["levels", "--json"]) == 0
    entries = {e["id"]: e for e in json.loads(capsys.readouterr().out)}
    assert entries["bike-sale"]["role_play"] is True
    assert entries["job-offer"]["role_play"] is True
    assert entries["climate-accord"]["role_play"] is False
    assert "4 sides" in entries["climate-accord"]["role_play_refused"]
    assert entries["book-deal"]["role_play"] is False
    assert "mediator" in entries["book-deal"]["role_play_refused"]
    assert "role_play_refused" not in entries["bike-sale"]


def test_a_level_that_is_not_a_role_play_is_refused_by_name():
    with pytest.raises(LevelError, match="not a role-play: it has 4 sides"):
        HotSeatMatch(level("climate-accord"), {PLAYER: "A", "nordhavn": "B"})


# --------------------------------------------------------------------------- briefs
def test_each_brief_holds_its_own_sides_true_numbers():
    lvl = level("job-offer")
    briefs = roleplay.briefs(lvl)
    npc = lvl.npc("priya")
    assert set(briefs) == {PLAYER, "priya"}
    b = briefs["priya"]
    assert b.character == "Priya" and b.role == npc.role
    assert b.weights == pytest.approx({"salary": 0.5, "start": 0.3, "remote": 0.1, "training": 0.1})
    assert b.reservation == pytest.approx(lvl.negotiation.party("priya").preferences.reservation)
    assert "50 points" in b.batna  # no role_play block: written from the reservation
    a = briefs[PLAYER]
    assert a.story == lvl.model.briefing and a.batna == lvl.model.player.batna
    assert a.weights["remote"] == pytest.approx(0.35)


def test_the_role_play_block_writes_side_bs_brief_and_cards_go_to_their_holder(tmp_path):
    data = json.loads(resolve_level("season-spring").read_text(encoding="utf-8"))
    data["role_play"] = {
        "briefing": "You run the orchard shop and need the spring order settled.",
        "batna": "Another grower can supply you, at a worse price.",
        "knows": ["The grower had a hard winter."],
    }
    lvl = load_level_bytes(json.dumps(data).encode(), "spring.json", tmp_path)
    b = roleplay.briefs(lvl)["season-client"]
    assert b.story.startswith("You run the orchard shop")
    assert b.batna.startswith("Another grower")
    assert b.knows == ("The grower had a hard winter.",)
    held = {c.holder: c.id for c in lvl.model.evidence}
    assert [c.id for c in b.cards] == [held["season-client"]]
    assert roleplay.briefs(lvl)[PLAYER].cards == ()


def test_the_mirrored_level_puts_side_b_in_the_players_seat():
    lvl = level("bike-sale")
    mirror = roleplay.mirrored(lvl, "Ana")
    assert mirror.model.player.name == "Jonas"
    assert [n.name for n in mirror.model.npcs] == ["Ana"]
    swapped = mirror.negotiation
    assert (
        swapped.party(PLAYER).preferences.weights
        == lvl.negotiation.party("jonas").preferences.weights
    )
    assert (
        swapped.party("jonas").preferences.weights
        == lvl.negotiation.party(PLAYER).preferences.weights
    )
    assert mirror.model.objectives == []


# --------------------------------------------------------------------------- rules
def test_only_the_side_whose_turn_it_is_may_move():
    match = new_match()
    assert match.to_move == "priya"  # Priya opens in this level
    refused = match.play(Move(MoveKind.OFFER, PLAYER, offer=best(match.level, PLAYER)))
    assert not refused.ok and refused.reason == "it is Ben's turn"
    played = match.play(Move(MoveKind.OFFER, "priya", offer=best(match.level, "priya")))
    assert played.ok and played.handover and match.to_move == PLAYER


def test_talk_keeps_the_turn_and_the_talk_limit_holds():
    match = new_match()
    limit = match.level.negotiation.rules.talk_limit
    for _ in range(limit):
        played = match.play(
            Move(MoveKind.EXPRESS_EMOTION, "priya", emotion="warm", text="Welcome!")
        )
        assert played.ok and not played.handover
    refused = match.play(Move(MoveKind.EXPRESS_EMOTION, "priya", emotion="warm"))
    assert not refused.ok and "talked" in refused.reason
    assert match.view("priya").talk_left == 0


def test_moves_only_an_npc_table_has_are_not_moves_between_people():
    match = new_match()
    refused = match.play(Move(MoveKind.ASK_MEDIATOR, "priya"))
    assert not refused.ok and "not a move between people" in refused.reason
    refused = match.play(
        Move(MoveKind.OFFER, "priya", offer=best(match.level, "priya"), text="x" * 281)
    )
    assert not refused.ok and "280" in refused.reason


def test_a_question_waits_for_the_other_persons_answer_of_the_right_kind():
    match = new_match()
    asked = match.play(Move(MoveKind.ASK_PRIORITIES, "priya", text="What matters most to you?"))
    assert asked.ok
    match.play(Move(MoveKind.OFFER, "priya", offer=best(match.level, "priya")))
    (question,) = match.view(PLAYER).open_questions
    assert question.kind is MoveKind.ASK_PRIORITIES and question.note == "What matters most to you?"
    wrong = match.play(
        Move(MoveKind.STATE_PREFERENCE, PLAYER, issue="remote", meta={"answers": question.index})
    )
    assert not wrong.ok and "does not answer ask priorities" in wrong.reason
    nowhere = match.play(
        Move(MoveKind.STATE_PRIORITIES, PLAYER, priorities={"remote": 1}, meta={"answers": 99})
    )
    assert not nowhere.ok and "no open question" in nowhere.reason
    bad = match.play(
        Move(
            MoveKind.STATE_PRIORITIES,
            PLAYER,
            priorities={"remote": -1},
            meta={"answers": question.index},
        )
    )
    assert not bad.ok
    answered = match.play(
        Move(
            MoveKind.STATE_PRIORITIES,
            PLAYER,
            priorities={"remote": 3, "training": 1},
            meta={"answers": question.index},
        )
    )
    assert answered.ok and match.view(PLAYER).open_questions == ()
    said = match.messages()[-1]
    assert said.answers == question.index and said.priorities == {"remote": 0.75, "training": 0.25}


def test_a_question_not_answered_lapses_when_the_turn_ends():
    match = new_match()
    match.play(Move(MoveKind.ASK_WHY, "priya", issue="remote", text="Why does remote matter?"))
    match.play(Move(MoveKind.OFFER, "priya", offer=best(match.level, "priya")))
    assert len(match.view(PLAYER).open_questions) == 1
    match.play(Move(MoveKind.REJECT, PLAYER, text="Not yet."))
    assert match.view(PLAYER).open_questions == ()


def test_only_a_card_you_hold_can_be_cited_and_the_other_side_then_sees_it():
    lvl = level("tablet-deal")
    match = HotSeatMatch(lvl, {PLAYER: "Ana", "nova": "Ben"}, seed=1, clock=CLOCK)
    (card,) = roleplay.briefs(lvl)[PLAYER].cards
    mover = match.to_move
    if mover != PLAYER:
        match.play(Move(MoveKind.OFFER, mover, offer=best(lvl, mover)))
    refused = match.play(Move(MoveKind.CITE_EVIDENCE, PLAYER, evidence="no-such-card"))
    assert not refused.ok and "only a card you hold" in refused.reason
    assert match.play(Move(MoveKind.CITE_EVIDENCE, PLAYER, evidence=card.id)).ok
    assert match.view("nova").cards_shown == (card.id,)
    assert match.view(PLAYER).cards_shown == ()


# --------------------------------------------------------------------------- privacy
def _briefs_in(value, found):
    if isinstance(value, roleplay.Brief):
        found.append(value.party)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            _briefs_in(getattr(value, item.name), found)
    elif isinstance(value, dict):
        for item in value.values():
            _briefs_in(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _briefs_in(item, found)
    return found


@pytest.mark.parametrize("party", [PLAYER, "priya"])
def test_a_side_is_shown_only_its_own_brief_and_its_own_worth_of_an_offer(party):
    match = new_match()
    offer = best(match.level, "priya")
    match.play(Move(MoveKind.OFFER, "priya", offer=offer))
    view = match.view(party)
    assert isinstance(view, SideView)
    assert _briefs_in(view, []) == [party]
    assert view.table_worth == pytest.approx(match.level.negotiation.utility(party, offer))
    other = match.other(party)
    hidden = {f"{w:.4f}" for w in match.briefs[other].weights.values()} - {
        f"{w:.4f}" for w in match.briefs[party].weights.values()
    }
    text = repr(view)
    assert not any(number in text for number in hidden)


# --------------------------------------------------------------------------- the end
def play_to_a_deal(match: HotSeatMatch, *, true_priorities: bool) -> None:
    lvl = match.level
    weights_a = match.briefs[PLAYER].weights
    match.play(Move(MoveKind.ASK_PRIORITIES, "priya"))
    match.play(Move(MoveKind.OFFER, "priya", offer=best(lvl, "priya"), text="Our usual terms."))
    (question,) = match.open_questions(PLAYER)
    stated = dict(weights_a) if true_priorities else {k: 1 - v for k, v in weights_a.items()}
    match.play(
        Move(MoveKind.STATE_PRIORITIES, PLAYER, priorities=stated, meta={"answers": question.index})
    )
    match.play(Move(MoveKind.CLAIM, PLAYER, claim=90 if not true_priorities else 30))
    match.play(Move(MoveKind.OFFER, PLAYER, offer=best(lvl, PLAYER)))
    match.play(
        Move(MoveKind.STATE_PREFERENCE, "priya", issue="salary", meta={PREFERENCE_OVER: "remote"})
    )
    assert match.play(Move(MoveKind.ACCEPT, "priya")).ok


def test_the_joint_debrief_reveals_both_sides_and_finds_each_untruth():
    match = new_match()
    play_to_a_deal(match, true_priorities=False)
    assert match.finished and match.session.state.status is Status.AGREED
    debrief = joint_debrief(match)
    lvl = match.level
    deal = best(lvl, PLAYER)
    assert debrief.deal == deal.normalised(lvl.negotiation.space)
    a, b = debrief.sides[PLAYER], debrief.sides["priya"]
    assert a.utility == pytest.approx(lvl.negotiation.utility(PLAYER, deal))
    assert b.utility == pytest.approx(lvl.negotiation.utility("priya", deal))
    assert b.gain == pytest.approx(b.utility - b.reservation) and b.gain < 0
    assert debrief.joint == pytest.approx(a.utility + b.utility)
    said = {(u.party, u.said) for u in debrief.untruths}
    # Ana put the issue that matters least to her on top, and claimed a better alternative.
    assert (PLAYER, "Start date matters most") in said
    assert (PLAYER, "my alternative is worth 90 points") in said
    # Priya's "salary over remote" was true (0.5 against 0.1).
    assert not any(u.party == "priya" for u in debrief.untruths)
    titles_b = {f.title for f in b.findings}
    assert "Deal below your BATNA" in titles_b
    assert [e["actor"] for e in a.trail] == [PLAYER] and [e["actor"] for e in b.trail] == ["priya"]


def test_true_statements_are_not_called_untrue():
    match = new_match()
    play_to_a_deal(match, true_priorities=True)
    assert joint_debrief(match).untruths == ()


def test_the_deadline_leaves_each_side_its_alternative():
    match = new_match(seed=5)
    lvl = match.level
    while not match.finished:
        mover = match.to_move
        offer = best(lvl, mover)
        if match.session.state.table is not None and match.session.state.table.proposer != mover:
            assert match.play(Move(MoveKind.REJECT, mover)).ok
        else:
            assert match.play(Move(MoveKind.OFFER, mover, offer=offer)).ok
    assert match.session.state.status is Status.DEADLINE
    debrief = joint_debrief(match)
    for side in debrief.sides.values():
        assert side.utility == pytest.approx(side.reservation) and side.gain == pytest.approx(0)


def test_side_bs_record_is_its_own_seat_and_both_profiles_keep_it(tmp_path):
    match = new_match()
    play_to_a_deal(match, true_priorities=True)
    a, b = match.record_for(PLAYER), match.record_for("priya")
    assert a.utilities[PLAYER] == pytest.approx(b.utilities["priya"])
    assert b.utilities[PLAYER] == pytest.approx(a.utilities["priya"])
    assert [m["actor"] for m in b.moves] == [
        "priya" if m["actor"] == PLAYER else PLAYER for m in a.moves
    ]
    assert b.extra["role_play"]["as"] == "priya" and b.extra["role_play"]["pair"] == "p1"
    assert b.extra["role_play"]["partner"] == "Ana"
    with open_store(tmp_path, clock=CLOCK) as store:
        store.create_profile("Ana")
        store.create_profile("Ben")
        ids = save_role_play(store, {PLAYER: "Ana", "priya": "Ben"}, match)
        assert set(ids) == {PLAYER, "priya"}
        (ana,) = store.history("Ana")
        (ben,) = store.history("Ben")
        assert ana["role_play"]["role"] == match.briefs[PLAYER].role
        assert ben["role_play"]["role"] == match.briefs["priya"].role
        assert ben["utilities"]["player"] == pytest.approx(b.utilities[PLAYER])
        # A role-play earns no campaign stars.
        for name in ("Ana", "Ben"):
            progress = store.get_profile(name).get("progress") or {}
            assert "job-offer" not in (progress.get("stars") or {})


# --------------------------------------------------------------------------- partial packages
def _part(lvl: LoadedLevel, party: str, issues: tuple[str, ...]) -> Offer:
    prefs = lvl.negotiation.party(party).preferences
    return Offer({i: prefs.best_value(i) for i in issues})


def test_a_partial_package_is_said_not_tabled_and_the_other_side_may_complete_it():
    from game.roleplay.hotseat import PROPOSAL

    match = new_match()
    part = _part(match.level, "priya", ("salary", "start"))
    played = match.play(Move(PROPOSAL, "priya", offer=part, text="Start with these two."))
    assert played.ok and not played.handover, "a proposal is talk: Priya keeps the turn"
    assert match.session.state.table is None, "nothing is on the table"
    message = match.messages()[-1]
    assert message.proposal and message.offer == part
    assert match.view("priya").proposal is None, "one's own proposal is not to complete"
    assert match.view(PLAYER).proposal == message, "Ana may complete it at her turn"
    assert match.play(Move(MoveKind.OFFER, "priya", offer=best(match.level, "priya"))).ok
    assert match.view(PLAYER).proposal is None, "a full offer since supersedes the proposal"


def test_a_proposal_made_before_ending_a_turn_with_a_question_waits_for_the_other_side():
    from game.roleplay.hotseat import PROPOSAL

    match = new_match()
    assert match.play(Move(MoveKind.OFFER, "priya", offer=best(match.level, "priya"))).ok
    part = _part(match.level, PLAYER, ("remote",))
    assert match.play(Move(PROPOSAL, PLAYER, offer=part)).ok
    assert match.play(Move(MoveKind.REJECT, PLAYER)).ok
    shown = match.view("priya").proposal
    assert shown is not None and shown.offer == part
    words = match.view("priya").messages[-2]
    assert words.proposal
    # Priya completes it: her offer holds Ana's term, and the proposal is done with.
    complete = Offer({**best(match.level, "priya").terms, "remote": part.terms["remote"]})
    assert match.play(Move(MoveKind.OFFER, "priya", offer=complete)).ok
    assert match.session.state.table.offer.terms["remote"] == part.terms["remote"]
    assert match.view("priya").proposal is None


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda m: Move(MoveKind.STATE_PREFERENCE, "priya", offer=Offer({})), "at least one"),
        (
            lambda m: Move(MoveKind.STATE_PREFERENCE, "priya", offer=best(m.level, "priya")),
            "a complete package is an offer",
        ),
        (
            lambda m: Move(
                MoveKind.ASK_PRIORITIES, "priya", offer=_part(m.level, "priya", ("salary",))
            ),
            "only an offer or a proposal carries a package",
        ),
        (
            lambda m: Move(MoveKind.STATE_PREFERENCE, "priya", offer=Offer({"salary": "lots"})),
            "salary",
        ),
    ],
)
def test_a_proposal_that_is_not_part_of_a_deal_is_refused(make, reason):
    match = new_match()
    played = match.play(make(match))
    assert not played.ok and reason in played.reason
    assert match.messages() == ()


def test_a_claim_about_ones_alternative_is_read_by_the_other_side_and_judged_after():
    match = new_match()
    truth = match.briefs["priya"].reservation * 100
    played = match.play(Move(MoveKind.CLAIM, "priya", claim=truth + 30))
    assert played.ok and not played.handover
    assert match.view(PLAYER).messages[-1].claim == truth + 30
    assert match.play(Move(MoveKind.WALK_AWAY, "priya")).ok
    debrief = joint_debrief(match)
    (untruth,) = debrief.untruths
    assert untruth.party == "priya" and f"{truth + 30:.0f} points" in untruth.said
    walker = debrief.walked_away_by()
    assert walker is not None and walker.name == "Ben"  # who played Priya
    assert status_words(debrief) == "Ben walked away"


def test_a_proposal_may_carry_a_contingent_clause_and_be_completed_around_it():
    from game.engine.offers import ContingentClause
    from game.roleplay.hotseat import PROPOSAL

    lvl = level("app-earnout")
    match = HotSeatMatch(lvl, {PLAYER: "Ana", "lena": "Ben"}, seed=1, clock=CLOCK, pair="p2")
    clause = ContingentClause("revenue-2m", {"earnout": 2000000.0}, {"earnout": 0.0})
    part = Offer({"cash": 3000000.0}, clause)
    played = match.play(Move(PROPOSAL, PLAYER, offer=part, text="Cash now, more if it grows."))
    assert played.ok, played.reason
    said = match.messages()[-1]
    assert said.proposal and said.offer.clause is not None
    assert set(said.offer.open_issues(lvl.negotiation.space)) == {"role", "team"}
    assert match.play(Move(MoveKind.OFFER, PLAYER, offer=best(lvl, PLAYER))).ok
    # A clause on an issue its event cannot decide is refused, as in an offer.
    wrong = Offer({}, ContingentClause("revenue-2m", {"team": "none"}, {"team": "2 years"}))
    refused = match.play(Move(PROPOSAL, "lena", offer=wrong))
    assert not refused.ok and "cannot decide team" in refused.reason
