"""Stars say what they mean: every gate is an objective, judged on the numbers shown.

Scripted results (history records written by hand) for each case the playtest found:
the hidden 0.48 on bike-sale, the Tablet Desk's 55 -> 70 judged as 14.9, praise for a
one-issue haggle and for a deal where the player claimed little, and the Pie Expander badge.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.campaign.deal_notes import frontier_note
from game.campaign.objectives import SCORE_KIND, star_objectives
from game.campaign.scoring import score_record
from game.engine import Offer
from game.engine.measures import measure_value
from game.levels.loader import load_level
from game.npc.relationship import RULES

LEVELS = Path(__file__).resolve().parents[2] / "levels"
LEVEL_IDS = sorted(p.stem for p in LEVELS.glob("*.json") if p.stem != "level.schema")


@pytest.fixture(scope="module")
def levels():
    return {level_id: load_level(LEVELS / f"{level_id}.json") for level_id in LEVEL_IDS}


def record_for(level, offer, *, utilities=None, **extra):
    """Return a history record of ``offer`` (None: no deal) with its real analytics."""
    negotiation = level.negotiation
    record = {"agreement": offer is not None, "moves": [], "rounds": 4, "analytics": {}}
    if offer is not None:
        values = utilities or negotiation.utilities(offer)
        report = level.analysis.report(offer, tuple(values))
        record["outcome"] = offer.to_dict()
        record["utilities"] = dict(zip(negotiation.party_ids, values, strict=True))
        record["analytics"] = {
            "on_frontier": report.on_frontier,
            "pareto_distance": report.pareto_distance,
            "value_created": report.value_created,
        }
    record.update(extra)
    return record


def everything_done(level):
    """Return record fields that meet every objective that is not about the deal's value."""
    npcs = [n for n in level.party_npcs]
    cards = len(level.model.player.grievances)
    moves = [{"actor": "player", "kind": "cite_evidence"}]
    moves += [{"actor": "player", "kind": "let_go"}] * cards
    # an opening every NPC takes seriously, backed by all of them (a coalition of its own)
    opening = {"terms": {}}
    moves += [{"actor": "player", "kind": "offer", "offer": opening}]
    moves += [{"actor": n.id, "kind": "support"} for n in npcs]
    player = level.negotiation.player.id
    return {
        "moves": moves,
        "offers": [{"actor": player, "utilities": {player: 1.0, **{n.id: 1.0 for n in npcs}}}],
        "rounds": 1,
        "restate_accuracy": 1.0,
        "grievances_resolved": sum(len(n.grievances) for n in level.model.npcs),
        "trust_change": {n.id: 60.0 for n in npcs},
        "trust_final": {n.id: 100.0 for n in npcs},
        # all of it earned by deeds: concessions answered
        "timeline": [{"changes": [[n.id, 60.0, 0.0, RULES["reciprocated"].reason] for n in npcs]}],
    }


# --------------------------------------------------------------------------- every level
@pytest.mark.parametrize("level_id", LEVEL_IDS)
def test_met_on_every_objective_means_every_star_and_thresholds_still_decide(levels, level_id):
    level = levels[level_id]
    analysis = level.analysis
    negotiation = level.negotiation
    scoring = level.model.scoring
    player = list(negotiation.party_ids).index(negotiation.player.id)
    rng = np.random.default_rng(14)
    picks = set(rng.choice(analysis.outcomes, size=min(60, analysis.outcomes), replace=False))
    picks |= {int(i) for i in analysis.pareto[:40]}
    offers = [None, *(Offer(negotiation.space.outcome(int(i))) for i in sorted(picks))]
    for contingent in analysis.contingent:
        if contingent.nash is not None:
            offers.append(contingent.nash)
    seen_stars = set()
    for offer in offers:
        score = score_record(level, record_for(level, offer, **everything_done(level)))
        seen_stars.add(score.stars)
        met = [o.met for o in score.objectives]
        assert (score.stars == 3) == all(met), (offer, score.objectives)
        if score.stars < 3:
            # The missing star is explained by an objective the player can read as "Not met".
            assert any(not o.met for o in score.objectives if o.stars == score.stars + 1)
        # Every star earned still has its score threshold (as shown, to its precision).
        utilities = (
            tuple(negotiation.reservations) if offer is None else negotiation.utilities(offer)
        )
        measured = measure_value(
            scoring.measure, np.asarray(utilities), negotiation.reservations, player
        )
        for star in range(1, score.stars + 1):
            threshold = scoring.stars[star - 1]
            assert round(measured, 3) >= threshold - 0.005, (offer, star, measured)
    assert seen_stars, level_id


@pytest.mark.parametrize("level_id", LEVEL_IDS)
def test_every_threshold_that_decides_a_star_is_shown_as_an_objective(levels, level_id):
    level = levels[level_id]
    objectives = star_objectives(level)
    reservation = level.negotiation.player.preferences.reservation
    measure = level.model.scoring.measure
    for star, threshold in enumerate(level.model.scoring.stars, start=1):
        shown = [o for o in objectives if o.stars <= star]
        listed = any(
            o.value is not None
            and o.value >= threshold - 1e-9
            and (o.kind == SCORE_KIND or o.kind == f"{measure}_at_least")
            for o in shown
        )
        at_batna = measure == "player_utility" and threshold <= reservation + 1e-9
        guarded = at_batna and any(o.kind in ("no_bad_deal", "beats_batna") for o in shown)
        assert listed or guarded or threshold <= 0, (star, threshold)
    for o in objectives:
        if o.kind == SCORE_KIND:
            assert f"{o.value:.2f}"[:4] in o.text  # the number is in the words


# --------------------------------------------------------------------------- bike-sale 0.48
def test_bike_sale_shows_the_payoff_gate_that_held_back_the_second_star(levels):
    level = levels["bike-sale"]
    # Everything he needs, but sold cheaply: on the frontier, restated well, above the BATNA.
    offer = Offer(
        {
            "price": 250,
            "extras": "with lock and lights",
            "service": "new brake pads and a tune-up",
            "handover": "you ride it over",
        }
    )
    mine = level.negotiation.utilities(offer)[0]
    assert 0.37 < mine < 0.475
    record = record_for(level, offer, restate_accuracy=0.9)
    assert record["analytics"]["on_frontier"]
    score = score_record(level, record)
    assert score.stars == 1
    gate = next(o for o in score.objectives if o.id == "score-2")
    assert not gate.met and "0.48" in gate.text and gate.stars == 2
    assert gate.detail == f"you: {mine:.2f}"
    assert not all(o.met for o in score.objectives)


def test_a_payoff_is_judged_as_shown(levels):
    level = levels["hotel-bread"]
    offer = Offer({"price": 9, "payment": "30 days", "length": "3 years"})
    grace = level.negotiation.utilities(offer)[1]
    fields = everything_done(level)
    shown_065 = record_for(level, offer, utilities=(0.6496, grace), **fields)
    score = score_record(level, shown_065)
    strong = next(o for o in score.objectives if o.id == "strong")
    assert strong.met and strong.detail == "you: 0.65" and score.stars == 3
    below = record_for(level, offer, utilities=(0.6449, grace), **fields)
    score = score_record(level, below)
    strong = next(o for o in score.objectives if o.id == "strong")
    assert not strong.met and strong.detail == "you: 0.64" and score.stars == 2


# --------------------------------------------------------------------------- Tablet Desk +15
@pytest.mark.parametrize(
    ("start", "final", "met", "shown"),
    [
        (55.0, 69.9, True, "55 to 70 (+15)"),  # the reported case: stored +14.9
        (55.4, 69.6, True, "55 to 70 (+15)"),  # stored +14.2, the meters still say +15
        (54.6, 69.4, False, "55 to 69 (+14)"),  # stored +14.8, but the meters say +14
    ],
)
def test_trust_gain_is_judged_on_the_meters_whole_numbers(levels, start, final, met, shown):
    level = levels["tablet-deal"]
    fields = everything_done(level)
    fields["trust_change"] = {"nova": final - start}
    fields["trust_final"] = {"nova": final}
    offer = Offer(level.negotiation.space.outcome(level.analysis.nash_index))
    score = score_record(level, record_for(level, offer, **fields))
    trust = next(o for o in score.objectives if o.id.startswith("trust"))
    assert trust.met is met
    assert trust.detail == f"Nova {shown}"
    assert (score.stars == 3) is (met and all(o.met for o in score.objectives if o is not trust))


# --------------------------------------------------------------------------- frontier wording
def test_a_one_issue_haggle_talks_about_claiming_not_the_frontier(levels):
    level = levels["market-stall"]
    record = record_for(level, Offer({"price": 48}))
    assert record["analytics"]["on_frontier"]
    label, text = frontier_note(level, record)
    assert label == "Claiming"
    assert "frontier" not in text and "table" not in text
    score = score_record(level, record)
    assert "pie-expander" not in score.badges


def test_a_frontier_deal_where_the_player_claimed_little_is_not_praised(levels):
    level = levels["bike-sale"]
    offer = Offer(
        {
            "price": 250,
            "extras": "with lock and lights",
            "service": "new brake pads and a tune-up",
            "handover": "you ride it over",
        }
    )
    record = record_for(level, offer)
    assert record["analytics"]["on_frontier"]
    label, text = frontier_note(level, record)
    assert label == "Claimed little"
    assert "no value was left" not in text
    mine = level.negotiation.utilities(offer)[0] - 0.37
    assert f"{max(mine, 0):.2f}" in text


def test_a_fair_frontier_deal_is_praised_and_expands_the_pie(levels):
    level = levels["bike-sale"]
    offer = Offer(level.negotiation.space.outcome(level.analysis.nash_index))
    record = record_for(level, offer, restate_accuracy=0.9)
    assert frontier_note(level, record)[0] == "Great"
    assert "pie-expander" in score_record(level, record).badges


def test_a_deal_off_the_frontier_is_told_so_and_earns_no_pie_badge(levels):
    level = levels["hotel-bread"]
    weak = Offer({"price": 8.25, "payment": "45 days", "length": "3 years"})
    record = record_for(level, weak)
    assert not record["analytics"]["on_frontier"]
    assert frontier_note(level, record)[0] == "Room left"
    assert "pie-expander" not in score_record(level, record).badges


def test_no_pie_badge_below_the_batna_or_without_a_deal(levels):
    level = levels["bike-sale"]
    cheap = Offer(
        {
            "price": 150,
            "extras": "with lock and lights",
            "service": "new brake pads and a tune-up",
            "handover": "you ride it over",
        }
    )
    record = record_for(level, cheap)
    assert record["analytics"]["on_frontier"]
    assert level.negotiation.utilities(cheap)[0] < 0.37
    assert "pie-expander" not in score_record(level, record).badges
    assert "pie-expander" not in score_record(level, record_for(level, None)).badges
    assert frontier_note(level, record_for(level, None)) is None
