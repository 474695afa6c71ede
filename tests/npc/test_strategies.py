"""Strategies: concession curves, acceptance, selection, and every archetype at the table."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Move, MoveKind
from game.npc.bots import make_bot, play
from game.npc.brain import NpcBrain
from game.npc.runtime import NpcRuntime
from game.npc.spec import ARCHETYPES

RUNTIME = NpcRuntime()


def brain_for(kit, negotiation, kind, *, relational=True, **spec_fields):
    tables = RUNTIME.tables(negotiation)
    npc_id = negotiation.parties[1].id
    return NpcBrain(
        npc_id,
        kit.spec(kind, **spec_fields),
        tables,
        RUNTIME.machine(kind),
        deadline=negotiation.rules.deadline_rounds,
        others=["player"],
        relational=relational,
    )


def offered_utilities(brain, rounds):
    """Return the brain's own utility of what it offers in each round (no offer received)."""
    brain.reset(0)
    brain.begin()
    utilities = []
    for round_number in range(rounds):
        brain.set_round(round_number)
        decision = brain.decide(None)
        utilities.append(decision.utility)
    brain.close()
    return utilities


def test_boulware_concedes_more_slowly_than_conceder(kit):
    negotiation = kit.make_negotiation(sizes=(8, 8, 6, 6), deadline=20)
    # the curves alone: a pure clock (answers 0), as no offer is ever received here
    calm = {"personality": {"variability": 0}, "strategy": {"answers": 0}}
    boulware = offered_utilities(brain_for(kit, negotiation, "boulware", **calm), 20)
    linear = offered_utilities(brain_for(kit, negotiation, "linear", **calm), 20)
    conceder = offered_utilities(brain_for(kit, negotiation, "conceder", **calm), 20)
    assert all(b >= lin - 1e-9 for b, lin in zip(boulware, linear, strict=True))
    assert all(lin >= c - 1e-9 for lin, c in zip(linear, conceder, strict=True))
    assert boulware[10] - conceder[10] > 0.3  # half-way, the gap is wide
    assert sum(boulware) > sum(linear) > sum(conceder)
    # each curve only ever concedes (never asks for more as time passes)
    for curve in (boulware, linear, conceder):
        assert all(a >= b - 1e-9 for a, b in zip(curve, curve[1:], strict=False))


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_every_archetype_agrees_with_a_reasonable_partner(kit, archetype):
    reservations = []
    for seed in range(4):
        negotiation = kit.make_negotiation(seed=seed, reservations=(0.35, 0.35), deadline=20)
        assert negotiation.parties[1].preferences.reservation == 0.35
        match = kit.make_match(negotiation, kit.spec(archetype), seed=seed, runtime=RUNTIME)
        play(match, make_bot("linear", match, seed))
        record = match.record()
        assert record["agreement"], (archetype, seed, record["status"])
        reservations.append(record["utilities"]["npc"] - 0.35)
    assert min(reservations) >= -1e-9


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    archetype=st.sampled_from(ARCHETYPES),
    player=st.sampled_from(["accepter", "haggler", "boulware", "conceder", "grudge", "walker"]),
    reservation=st.floats(0.2, 0.7),
)
def test_no_archetype_accepts_below_its_reservation(kit, seed, archetype, player, reservation):
    negotiation = kit.make_negotiation(
        sizes=(4, 4, 3), seed=seed, reservations=(0.3, reservation), deadline=12
    )
    match = kit.make_match(negotiation, kit.spec(archetype), seed=seed, runtime=RUNTIME)
    play(match, make_bot(player, match, seed))
    record = match.record()
    if record["agreement"]:
        assert record["utilities"]["npc"] >= reservation - 1e-9


def test_tit_for_tat_mirrors_concessions_and_retractions(kit):
    negotiation = kit.make_negotiation(sizes=(6, 6, 5), deadline=30)
    brain = brain_for(kit, negotiation, "tit-for-tat", strategy={"generosity": 0.0})
    brain.begin()
    curve = brain.strategy.curve
    brain.receive_offer("player", 0.2, None)
    start = curve.current
    brain.receive_offer("player", 0.4, None)  # they gave a quarter of their room to me
    after_concession = curve.current
    assert after_concession < start
    room = start - curve.low
    assert after_concession == pytest.approx(start - 0.25 * room)
    brain.receive_offer("player", 0.3, None)  # they took some back: so do I
    assert curve.current == pytest.approx(after_concession + 0.1)
    brain.close()


def test_hardliner_moves_for_benchmarks_not_for_apologies(kit):
    negotiation = kit.make_negotiation(sizes=(6, 5, 4), deadline=20)
    match = kit.make_match(
        negotiation,
        kit.spec("hardliner"),
        runtime=RUNTIME,
        evidence=(
            __import__("game.npc.match", fromlist=["EvidenceCard"]).EvidenceCard(
                "market", "Market price", "The market says so.", "player", "i0", None
            ),
        ),
    )
    brain = match.controllers["npc"].brain
    before = brain.target()
    match.player_move(Move(MoveKind.EXPRESS_EMOTION, "player", emotion="warm"))
    assert brain.target() == pytest.approx(before)  # warmth does not move a hardliner
    report = match.player_move(Move(MoveKind.CITE_EVIDENCE, "player", evidence="market"))
    assert report.ok
    weight = negotiation.party("npc").preferences.weight("i0")
    if weight >= 0.1:
        assert brain.target() == pytest.approx(before - 0.08)
    match.close()


def test_customer_service_adds_extras_before_cutting_the_price(tablet_level):
    from game.levels.setup import start_match

    match = start_match(tablet_level, seed=3, runtime=RUNTIME)
    play(match, make_bot("linear", match, 3))
    nova_offers = [o for o in match.offers_trail() if o["actor"] == "nova"]
    prices = [o["offer"]["terms"]["price"] for o in nova_offers]
    player_values = [o["utilities"]["player"] for o in nova_offers]
    # while the price stays at the list price, the packages get better for the player
    at_list = [u for p, u in zip(prices, player_values, strict=True) if p == 500]
    assert len(at_list) >= 3
    assert max(at_list) > at_list[0] + 0.2


def test_integrative_partner_offers_several_equivalent_packages_when_trusted(kit):
    negotiation = kit.make_negotiation(sizes=(6, 6, 5, 5), deadline=20, first_mover="npc")
    trusted = kit.make_match(negotiation, kit.spec("integrative", trust=70), runtime=RUNTIME)
    offers = [m for m in trusted.opening.npc_moves if m.kind is MoveKind.OFFER]
    assert offers and len(offers[0].meta.get("meso", [])) >= 1
    own = negotiation.party("npc").preferences
    packages = [
        offers[0].offer,
        *(type(offers[0].offer).from_dict(d) for d in offers[0].meta["meso"]),
    ]
    values = [own.utility(p.terms) for p in packages]
    assert max(values) - min(values) <= 0.031  # equal value to itself (within its window)
    wary = kit.make_match(negotiation, kit.spec("integrative", trust=30), runtime=RUNTIME)
    offers = [m for m in wary.opening.npc_moves if m.kind is MoveKind.OFFER]
    assert not offers[0].meta.get("meso")
    trusted.close()
    wary.close()


def test_concession_answers_what_the_player_has_conceded(kit):
    negotiation = kit.make_negotiation()
    match = kit.make_match(negotiation, kit.spec("linear"), runtime=RUNTIME)
    brain = match.controllers["npc"].brain
    # before the player has moved, 40 % of the clock's concession (answers = 0.6)
    assert brain.answered(0.5) == pytest.approx(0.2)
    brain.receive_offer("player", 0.0, None)
    brain.receive_offer("player", brain.reservation / 2, None)  # half way to its floor
    assert brain.conceded() == pytest.approx(0.5)
    assert brain.answered(0.5) == pytest.approx(0.5)
    assert brain.answered(1.0) == pytest.approx(0.4 + 0.6 * 0.5)
    brain.receive_offer("player", brain.reservation, None)
    assert brain.answered(1.0) == pytest.approx(1.0)
    match.close()


def test_trust_above_fifty_speeds_concession_only_a_little(kit):
    negotiation = kit.make_negotiation()
    paces = {}
    for trust in (0, 50, 100):
        spec = kit.spec("linear", trust=trust, personality={"variability": 0})
        match = kit.make_match(negotiation, spec, runtime=RUNTIME)
        paces[trust] = match.controllers["npc"].brain.pace()
        match.close()
    assert paces[50] / paces[0] == pytest.approx(1.0 / 0.6)
    assert paces[100] / paces[50] == pytest.approx(1.2)


def test_strategies_see_a_frozen_situation_not_the_brain(kit):
    import dataclasses
    import inspect

    from game.npc import strategies

    negotiation = kit.make_negotiation(sizes=(6, 5, 4), deadline=20)
    brain = brain_for(kit, negotiation, "linear")
    brain.reset(0)
    brain.begin()
    situation = brain.situation()
    with pytest.raises(dataclasses.FrozenInstanceError):
        situation.trust = 0.0  # type: ignore[misc]
    assert situation.reservation == brain.reservation
    assert situation.trust == brain.relationship.trust
    assert situation.pace == brain.pace()
    for share in (0.0, 0.3, 1.0):
        assert situation.answered(share) == brain.answered(share)
    # The curve and the acceptance rule answer from the situation alone.
    curve = brain.strategy.curve
    for round_number in (0, 10, 19):
        brain.set_round(round_number)
        aimed = curve.target(brain.situation(), brain.time) - brain.give
        assert min(max(aimed, curve.low), brain.table.best) == pytest.approx(brain.target())
    assert brain.strategy.accepts(situation, 1.0, 0.5) == (True, None)
    assert brain.strategy.accepts(situation, brain.reservation - 0.01, 0.0) == (False, None)
    # No strategy method takes the brain.
    for cls in (strategies.Strategy, strategies.TimeCurve, strategies.HardlineCurve):
        for name, function in inspect.getmembers(cls, inspect.isfunction):
            assert "brain" not in inspect.signature(function).parameters, (cls, name)
    brain.close()
