"""Whatever the player sends, a match answers with a report and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Move, MoveKind, Offer
from game.levels.setup import start_match
from game.npc.runtime import NpcRuntime

RUNTIME = NpcRuntime()
texts = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.sampled_from(
        ["price", "royalty", "late-payment", "press-leak", "book-club", "warm", "angry"]
    ),
)
values = st.one_of(
    st.integers(-10, 60000),
    st.floats(allow_nan=True),
    st.text(max_size=6),
    st.sampled_from(["15%", "none", "case"]),
)
offers = st.one_of(
    st.none(),
    st.builds(
        Offer,
        st.dictionaries(
            st.sampled_from(["price", "advance", "royalty", "release", "warranty", "x"]),
            values,
            max_size=5,
        ),
    ),
)
moves = st.builds(
    Move,
    kind=st.sampled_from(list(MoveKind)),
    actor=st.sampled_from(["player", "player", "player", "nova", "harbour"]),
    offer=offers,
    issue=texts,
    priorities=st.one_of(
        st.none(),
        st.dictionaries(
            st.sampled_from(["price", "royalty", "advance", "x"]),
            st.one_of(st.floats(allow_nan=True), st.text(max_size=3)),
            max_size=3,
        ),
    ),
    evidence=texts,
    emotion=texts,
    grievance=texts,
    claim=st.one_of(st.none(), st.floats(allow_nan=True), st.integers(-5, 5)),
    target=st.one_of(st.none(), st.sampled_from(["nova", "harbour", "guild-mediator", "ghost"])),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    level=st.sampled_from(["tablet", "book"]),
    sequence=st.lists(moves, max_size=25),
    seed=st.integers(0, 50),
)
def test_any_sequence_of_moves_gets_reports_and_never_raises(
    tablet_level, book_level, level, sequence, seed
):
    match = start_match(
        tablet_level if level == "tablet" else book_level, seed=seed, runtime=RUNTIME
    )
    for move in sequence:
        report = match.player_move(move)
        assert report.ok or (report.reason and isinstance(report.legal, tuple))
        assert set(match.legal_player_moves()) == set(MoveKind)
    match.close()
    match.record()
    match.memories()
